//! Finishes Trunk's `dist/` so the gateway can serve it fast under a strict CSP:
//!
//! 1. Trunk 0.21 writes its wasm loader as an inline `<script type="module">` in `index.html`,
//!    which a CSP without `'unsafe-inline'` blocks. [`externalize_scripts`] moves each inline
//!    module script into `loader-<hash>.js` next to `index.html` and references it with
//!    `src` and a Subresource Integrity digest, so `script-src 'self'` suffices.
//! 2. [`precompress`] writes a brotli (`.br`) and a gzip (`.gz`) twin of every file, at the
//!    highest settings (it runs once per build), for the gateway's `ServeDir` to send as is.
//!
//! Both steps are deterministic and idempotent: a second run over a finished `dist/` finds no
//! inline script and rewrites byte-identical twins.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

/// What went wrong while finishing `dist/`.
#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `index.html` holds what the widget's CSP would block (the message says what).
    #[error("index.html: {0}")]
    Html(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FinishError + '_ {
    move |source| FinishError::Io {
        path: path.to_owned(),
        source,
    }
}

/// An inline script moved out of the page: the file to write next to it, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedScript {
    /// `loader-<hash>.js` (see [`loader_file_name`]).
    pub file_name: String,
    /// The script's text, as it was inline.
    pub body: String,
}

/// The page without inline scripts, and the scripts to write beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Externalized {
    /// The page, each inline module script replaced by a `src` reference.
    pub html: String,
    /// The scripts to write next to the page.
    pub scripts: Vec<MovedScript>,
}

/// `loader-<first 16 hex digits of SHA-256>.js`: the name changes whenever the bytes do, so
/// the gateway may let browsers cache it forever.
pub fn loader_file_name(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("loader-{}.js", &hex(&digest)[..16])
}

/// A Subresource Integrity value (`sha384-…`) of `bytes`.
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Moves every inline `<script type="module">` of `html` into its own file, replaced in place
/// by `<script type="module" src="./loader-<hash>.js" integrity=… crossorigin="anonymous">`.
///
/// Refuses (rather than ships) what the widget's CSP would block anyway: an inline classic
/// script, an inline `<style>` element, or a `style`/`on…` attribute.
pub fn externalize_scripts(html: &str) -> Result<Externalized, FinishError> {
    let lower = html.to_ascii_lowercase();
    if lower.contains("<style") {
        return Err(FinishError::Html(
            "an inline <style> element (style-src 'self' blocks it)".into(),
        ));
    }
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let start = at + found;
        let open_end = start
            + lower[start..]
                .find('>')
                .ok_or_else(|| FinishError::Html("an unterminated <script> tag".into()))?;
        let open = &lower[start..=open_end];
        let close = open_end
            + 1
            + lower[open_end + 1..]
                .find("</script>")
                .ok_or_else(|| FinishError::Html("a <script> without </script>".into()))?;
        let after = close + "</script>".len();
        out.push_str(&html[at..start]);
        if has_attribute(open, "src") {
            out.push_str(&html[start..after]);
        } else {
            if !open.contains(r#"type="module""#) {
                return Err(FinishError::Html(format!(
                    "an inline classic script ({}): only module scripts can be moved",
                    &html[start..=open_end]
                )));
            }
            let body = html[open_end + 1..close].to_owned();
            let file_name = loader_file_name(&body);
            out.push_str(&format!(
                r#"<script type="module" src="./{file_name}" integrity="{}" crossorigin="anonymous"></script>"#,
                integrity(body.as_bytes())
            ));
            scripts.push(MovedScript { file_name, body });
        }
        at = after;
    }
    out.push_str(&html[at..]);
    if let Some(attribute) = inline_attribute(&out) {
        return Err(FinishError::Html(format!(
            "an inline {attribute} attribute (the CSP blocks it)"
        )));
    }
    Ok(Externalized { html: out, scripts })
}

/// Whether the (lower-case) tag text `open` has the attribute `name`.
fn has_attribute(open: &str, name: &str) -> bool {
    open.split(|c: char| c.is_ascii_whitespace())
        .any(|word| word == name || word.starts_with(&format!("{name}=")))
}

/// The first `style=` or `on…=` attribute in any tag of `html`, if there is one.
fn inline_attribute(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('<') {
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e);
        let tag = &rest[open..tag_end];
        // Skip the tag name, then look at each attribute name.
        for word in tag.split(|c: char| c.is_ascii_whitespace()).skip(1) {
            let name = word.split('=').next().unwrap_or(word);
            if name == "style" || (name.len() > 2 && name.starts_with("on") && word.contains('=')) {
                return Some(name.to_owned());
            }
        }
        rest = &rest[tag_end..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    None
}

/// Brotli at quality 11 with a 4 MiB window: slow, smallest, done once per build.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        // Writing to a Vec cannot fail.
        let _ = writer.write_all(bytes);
        let _ = writer.flush();
    }
    out
}

/// Gzip written by Zopfli (an exhaustive deflate search: about 4 % smaller than level 9 for the
/// widget's wasm, read by every gzip decoder), with no file name and a zero timestamp in its
/// header (reproducible). Files over a megabyte get fewer search rounds, so a build stays quick.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let rounds = if bytes.len() > 1_000_000 { 3 } else { 15 };
    let options = zopfli::Options {
        iteration_count: std::num::NonZeroU64::new(rounds).unwrap_or(std::num::NonZeroU64::MIN),
        ..zopfli::Options::default()
    };
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out);
    out
}

/// One file's twins: sizes in bytes (`None`: not written, it would not be smaller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    /// The original file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub original: usize,
    /// Size of its `.br` twin, or `None` when brotli would not make it smaller (no twin).
    pub brotli: Option<usize>,
    /// Size of its `.gz` twin, or `None` when gzip would not make it smaller (no twin).
    pub gzip: Option<usize>,
}

/// Whether `path` is itself a twin this tool writes.
fn is_twin(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
}

/// Writes `<file>.br` and `<file>.gz` beside every file under `dir` (recursively), each only
/// when it is smaller than the file; a stale twin that is not is removed. Returns one entry
/// per file, sorted by path.
pub fn precompress(dir: &Path) -> Result<Vec<Compressed>, FinishError> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut report = Vec::new();
    for path in files.into_iter().filter(|p| !is_twin(p)) {
        let bytes = fs::read(&path).map_err(io(&path))?;
        let mut sizes = [None, None];
        for (i, (ext, packed)) in [("br", brotli(&bytes)), ("gz", gzip(&bytes))]
            .into_iter()
            .enumerate()
        {
            let mut twin = path.clone().into_os_string();
            twin.push(format!(".{ext}"));
            let twin = PathBuf::from(twin);
            if packed.len() < bytes.len() {
                fs::write(&twin, &packed).map_err(io(&twin))?;
                sizes[i] = Some(packed.len());
            } else if twin.exists() {
                fs::remove_file(&twin).map_err(io(&twin))?;
            }
        }
        report.push(Compressed {
            path,
            original: bytes.len(),
            brotli: sizes[0],
            gzip: sizes[1],
        });
    }
    Ok(report)
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), FinishError> {
    for entry in fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Both steps on `dist`: moves the inline scripts of `dist/index.html` out, then precompresses
/// everything. Returns the names of the scripts written and the compression report.
pub fn finish(dist: &Path) -> Result<(Vec<String>, Vec<Compressed>), FinishError> {
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index).map_err(io(&index))?;
    let done = externalize_scripts(&html)?;
    let mut written = Vec::new();
    for script in &done.scripts {
        let path = dist.join(&script.file_name);
        fs::write(&path, &script.body).map_err(io(&path))?;
        written.push(script.file_name.clone());
    }
    if done.html != html {
        fs::write(&index, &done.html).map_err(io(&index))?;
    }
    Ok((written, precompress(dist)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// What Trunk 0.21.14 writes for `<link data-trunk rel="rust">` (trimmed).
    const TRUNK_PAGE: &str = r#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="./widget-1c2d3e4f5a6b7c8d.css" integrity="sha384-abc"/>
<script type="module">
import init from './idv-widget-8a3f0c2e91b4d7a6.js';
const wasm = await init({ module_or_path: './idv-widget-8a3f0c2e91b4d7a6_bg.wasm' });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>
<link rel="modulepreload" href="./idv-widget-8a3f0c2e91b4d7a6.js" crossorigin="anonymous">
</head><body></body></html>"#;

    #[test]
    fn the_inline_loader_becomes_a_hashed_file_with_integrity() {
        let done = externalize_scripts(TRUNK_PAGE).unwrap();
        assert_eq!(done.scripts.len(), 1);
        let moved = &done.scripts[0];
        assert!(moved
            .body
            .contains("import init from './idv-widget-8a3f0c2e91b4d7a6.js'"));
        assert_eq!(moved.file_name, loader_file_name(&moved.body));
        assert!(moved.file_name.starts_with("loader-") && moved.file_name.len() == 26);
        let tag = format!(
            r#"<script type="module" src="./{}" integrity="{}" crossorigin="anonymous"></script>"#,
            moved.file_name,
            integrity(moved.body.as_bytes())
        );
        assert!(done.html.contains(&tag), "{}", done.html);
        assert!(!done.html.contains("import init"));
        // Everything around the script is untouched.
        assert!(done
            .html
            .starts_with("<!DOCTYPE html><html><head>\n<link rel=\"stylesheet\""));
        assert!(done
            .html
            .ends_with("crossorigin=\"anonymous\">\n</head><body></body></html>"));
    }

    #[test]
    fn a_finished_page_is_left_as_it_is() {
        let once = externalize_scripts(TRUNK_PAGE).unwrap();
        let twice = externalize_scripts(&once.html).unwrap();
        assert_eq!(twice.html, once.html);
        assert!(twice.scripts.is_empty());
    }

    #[test]
    fn what_the_csp_would_block_is_refused() {
        for page in [
            "<head><script>alert(1)</script></head>",
            "<head><style>p{}</style></head>",
            r#"<body><p style="color:red">x</p></body>"#,
            r#"<body><img src=x onerror="alert(1)"></body>"#,
            "<head><script type=\"module\">x",
        ] {
            assert!(externalize_scripts(page).is_err(), "{page}");
        }
        // Words that merely look like attributes are fine.
        let ok = r#"<body><p class="once" data-online="1">on style</p></body>"#;
        assert_eq!(externalize_scripts(ok).unwrap().html, ok);
    }

    #[test]
    fn sri_matches_a_known_digest() {
        // `printf '' | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            integrity(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn twins_decode_to_the_original_and_are_reproducible() {
        let text = "const wasm = await init();\n".repeat(200);
        let br = brotli(text.as_bytes());
        let gz = gzip(text.as_bytes());
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
        assert_eq!(brotli(text.as_bytes()), br);
        assert_eq!(gzip(text.as_bytes()), gz);
    }

    #[test]
    fn finish_is_idempotent_and_skips_twins_that_would_not_be_smaller() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("index.html"), TRUNK_PAGE).unwrap();
        let wasm = "(module)".repeat(500);
        fs::write(d.join("idv-widget-8a3f0c2e91b4d7a6_bg.wasm"), &wasm).unwrap();
        fs::create_dir(d.join("img")).unwrap();
        fs::write(d.join("img/tiny.txt"), "x").unwrap();
        // A stale twin from an earlier build that would no longer be smaller.
        fs::write(d.join("img/tiny.txt.gz"), "old").unwrap();

        let (scripts, report) = finish(d).unwrap();
        assert_eq!(scripts.len(), 1);
        let loader = d.join(&scripts[0]);
        assert!(fs::read_to_string(&loader).unwrap().contains("import init"));
        let html = fs::read_to_string(d.join("index.html")).unwrap();
        assert!(html.contains(&scripts[0]) && !html.contains("import init"));
        for file in [
            "index.html",
            "idv-widget-8a3f0c2e91b4d7a6_bg.wasm",
            &scripts[0],
        ] {
            let entry = report.iter().find(|c| c.path == d.join(file)).unwrap();
            assert_eq!(
                entry.brotli,
                Some(fs::metadata(d.join(format!("{file}.br"))).unwrap().len() as usize)
            );
            assert!(entry.gzip.is_some_and(|g| g < entry.original), "{file}");
        }
        assert!(!d.join("img/tiny.txt.br").exists());
        assert!(
            !d.join("img/tiny.txt.gz").exists(),
            "the stale twin is gone"
        );
        assert_eq!(
            report.len(),
            4,
            "twins are not compressed again: {report:?}"
        );

        let before: Vec<_> = [
            "index.html",
            "index.html.br",
            "idv-widget-8a3f0c2e91b4d7a6_bg.wasm.gz",
        ]
        .iter()
        .map(|f| fs::read(d.join(f)).unwrap())
        .collect();
        let (again, report_again) = finish(d).unwrap();
        assert!(again.is_empty());
        assert_eq!(report_again, report);
        let after: Vec<_> = [
            "index.html",
            "index.html.br",
            "idv-widget-8a3f0c2e91b4d7a6_bg.wasm.gz",
        ]
        .iter()
        .map(|f| fs::read(d.join(f)).unwrap())
        .collect();
        assert_eq!(before, after);
    }
}
