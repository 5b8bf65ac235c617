//! The widget's Fluent compiler: `locales/*.ftl` in, one Rust module out (`Lang`, `Key`, the
//! text table and one function per message with placeholders). The widget's `build.rs` runs it;
//! nothing of it ships in the wasm (`src/i18n.rs` says why the files are compiled rather than
//! read at run time).
//!
//! `en.ftl` is the reference: its message ids become the `Key` enum (plain messages) and one
//! function per message with placeholders. Every other file is one more `Lang`; a message it
//! lacks, or whose placeholders differ from English, falls back to English and is listed in
//! `FILES` for the widget's completeness test to report.
//!
//! The Fluent subset understood: messages (no terms, no attributes), text, `{ $var }`
//! placeables (every variable is a whole number, `u64`), string literals (`{ "{" }`), and a
//! select on a variable whose variants are exact numbers (`[1]`) or plural categories
//! (`[one]`, `*[other]`; the rules per language are in [`plural::RULES`]). Anything else is an
//! [`Error`] naming the file and message. This crate is not a Fluent runtime.

mod emit;
mod parse;
pub mod plural;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use parse::Message;

/// What stopped the compilation, and where (`locales/es.ftl: consent-title`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file, and the message id when there is one.
    pub at: String,
    /// What is wrong there.
    pub problem: Problem,
}

/// The ways a set of Fluent files can be refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The directory or a file could not be read.
    Io(String),
    /// A file not named after a language tag (`fr.ftl`, `pt-BR.ftl`).
    FileName,
    /// No `en.ftl`, the reference language.
    NoReference,
    /// Not valid Fluent.
    Syntax(String),
    /// Valid Fluent outside the subset understood (terms, attributes, functions…).
    Unsupported(String),
    /// An id that is not lowercase words joined by `-`.
    BadId,
    /// A message defined twice in one file.
    Duplicate,
    /// A message without a value.
    NoValue,
    /// A select without a default variant (`*[other]`).
    NoDefault,
    /// A variant key that is neither a whole number nor a plural category.
    BadVariant(String),
    /// A plural select in a language without a rule in [`plural::RULES`].
    NoPluralRule(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = &self.at;
        match &self.problem {
            Problem::Io(e) => write!(f, "{at}: {e}"),
            Problem::FileName => write!(
                f,
                "{at}: name it after its language tag (`fr.ftl`, `pt-BR.ftl`)"
            ),
            Problem::NoReference => write!(f, "{at}: en.ftl, the reference language, is missing"),
            Problem::Syntax(e) => write!(f, "{at}: not valid Fluent: {e}"),
            Problem::Unsupported(what) => write!(f, "{at}: {what} not supported"),
            Problem::BadId => write!(f, "{at}: ids are lowercase words joined by `-`"),
            Problem::Duplicate => write!(f, "{at}: defined twice"),
            Problem::NoValue => write!(f, "{at}: no value"),
            Problem::NoDefault => write!(f, "{at}: no default variant (`*[other]`)"),
            Problem::BadVariant(v) => write!(
                f,
                "{at}: [{v}]: a variant is a whole number or a plural category {:?}",
                plural::CATEGORIES
            ),
            Problem::NoPluralRule(lang) => write!(
                f,
                "{at}: selects on a plural category: add the plural rule of `{lang}` to plural::RULES in crates/ftl-codegen"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// One Fluent file: its language tag (the file's stem), a name for messages, its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The BCP 47 tag (`en`, `pt-BR`).
    pub lang: String,
    /// How errors name the file (its path).
    pub name: String,
    /// The Fluent text.
    pub text: String,
}

/// The generated module and the files it was made from (for `cargo:rerun-if-changed`).
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Rust source, to `include!`.
    pub code: String,
    /// Every `.ftl` file read.
    pub inputs: Vec<PathBuf>,
}

/// Compiles every `*.ftl` file of `dir`.
pub fn compile_dir(dir: &Path) -> Result<Compiled, Error> {
    let io = |at: &Path, e: std::io::Error| Error {
        at: at.display().to_string(),
        problem: Problem::Io(e.to_string()),
    };
    let mut sources = Vec::new();
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let path = entry.map_err(|e| io(dir, e))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
            continue;
        }
        let lang = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        sources.push(Source {
            lang,
            name: path.display().to_string(),
            text,
        });
        inputs.push(path);
    }
    inputs.sort();
    Ok(Compiled {
        code: compile(sources)?,
        inputs,
    })
}

/// Compiles a set of files, `en` among them, into the generated module.
pub fn compile(sources: Vec<Source>) -> Result<String, Error> {
    let mut files: BTreeMap<String, BTreeMap<String, Message>> = BTreeMap::new();
    for source in sources {
        if !is_language_tag(&source.lang) {
            return Err(Error {
                at: source.name,
                problem: Problem::FileName,
            });
        }
        let messages = parse::file(&source.name, &source.lang, &source.text)?;
        files.insert(source.lang, messages);
    }
    let english = files.remove("en").ok_or(Error {
        at: "locales".into(),
        problem: Problem::NoReference,
    })?;
    // English first, then the other files in name order.
    let mut langs: Vec<(String, BTreeMap<String, Message>)> = vec![("en".into(), english)];
    langs.extend(files);
    emit::module(&langs)
}

/// `en`, `pt-BR`, `zh-Hant-TW`: a lowercase primary tag, then alphanumeric subtags.
fn is_language_tag(code: &str) -> bool {
    code.split('-').enumerate().all(|(i, part)| {
        !part.is_empty()
            && part.chars().all(|c| c.is_ascii_alphanumeric())
            && (i > 0 || part.chars().all(|c| c.is_ascii_lowercase()))
    })
}

#[cfg(test)]
mod tests;
