//! Compiles the translation files, `locales/*.ftl` (Fluent), into Rust at build time: no
//! parser, no hash map and no file ships in the wasm, only the strings and a table (see
//! `src/i18n.rs` for why: the Fluent and rust-i18n runtimes cost 57 KB and 14 KB gzip).
//!
//! `locales/en.ftl` is the reference: its message ids become the `Key` enum (plain messages)
//! and one function per message with placeholders. Every other file is one more `Lang`; a
//! message it lacks, or whose placeholders differ from English, falls back to English and is
//! listed in `FILES` for the completeness test (`src/i18n/tests.rs`) to report.
//!
//! The Fluent subset understood: messages (no terms, no attributes), text, `{ $var }`
//! placeables (every variable is a whole number, `u64`), string literals (`{ "{" }`), and a
//! select on a variable whose variants are exact numbers (`[1]`) or plural categories
//! (`[one]`, `*[other]`; the rules per language are in `PLURAL_RULES` below). Anything else
//! stops the build with the file and message named.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use fluent_syntax::ast;

/// CLDR plural rules for whole numbers, as a Rust expression over `n: u64` giving the
/// category. A language whose file selects on a plural category needs its line here.
const PLURAL_RULES: &[(&str, &str)] = &[
    ("en", r#"if n == 1 { "one" } else { "other" }"#),
    ("es", r#"if n == 1 { "one" } else { "other" }"#),
    ("de", r#"if n == 1 { "one" } else { "other" }"#),
    ("it", r#"if n == 1 { "one" } else { "other" }"#),
    ("fr", r#"if n <= 1 { "one" } else { "other" }"#),
    ("pt", r#"if n <= 1 { "one" } else { "other" }"#),
];

const PLURAL_CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// One message as the generator needs it.
struct Message {
    /// Its pattern compiled to Rust statements that append to `out: &mut String`.
    code: String,
    /// The plain text, when it has no placeable at all.
    plain: Option<String>,
    /// Its variables (placeholders and selectors), sorted.
    vars: BTreeSet<String>,
    /// Whether it selects on a plural category.
    plural: bool,
}

fn main() {
    let dir =
        Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: BTreeMap<String, BTreeMap<String, Message>> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let code = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let valid = code.split('-').enumerate().all(|(i, part)| {
            !part.is_empty()
                && part.chars().all(|c| c.is_ascii_alphanumeric())
                && (i > 0 || part.chars().all(|c| c.is_ascii_lowercase()))
        });
        assert!(
            valid,
            "{}: name it after its language tag (`fr.ftl`, `pt-BR.ftl`)",
            path.display()
        );
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        files.insert(code.clone(), parse_file(&path, &code, source));
    }
    let english = files
        .remove("en")
        .expect("locales/en.ftl, the reference language, exists");
    // English first, then the other files in name order.
    let mut langs: Vec<(String, BTreeMap<String, Message>)> = vec![("en".into(), english)];
    langs.extend(files);
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets it")).join("i18n.rs");
    std::fs::write(&out, generate(&langs)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

fn parse_file(path: &Path, lang: &str, source: String) -> BTreeMap<String, Message> {
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}: not valid Fluent: {errors:?}", path.display()),
    };
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        let m = match entry {
            ast::Entry::Message(m) => m,
            ast::Entry::Comment(_)
            | ast::Entry::GroupComment(_)
            | ast::Entry::ResourceComment(_) => continue,
            ast::Entry::Term(t) => panic!(
                "{}: -{}: terms are not supported",
                path.display(),
                t.id.name
            ),
            ast::Entry::Junk { content } => {
                panic!("{}: not valid Fluent: {content}", path.display())
            }
        };
        let id = m.id.name;
        let here = format!("{}: {id}", path.display());
        assert!(
            id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !id.contains("--")
                && !id.ends_with('-'),
            "{here}: ids are lowercase words joined by `-`"
        );
        assert!(
            m.attributes.is_empty(),
            "{here}: attributes are not supported"
        );
        let pattern = m.value.unwrap_or_else(|| panic!("{here}: no value"));
        let mut message = Message {
            code: String::new(),
            plain: None,
            vars: BTreeSet::new(),
            plural: false,
        };
        message.code = pattern_code(&here, lang, &pattern, &mut message);
        message.plain = plain_text(&pattern);
        assert!(
            messages.insert(id.to_owned(), message).is_none(),
            "{here}: defined twice"
        );
    }
    messages
}

/// The pattern's text when it is only text (and string literals).
fn plain_text(pattern: &ast::Pattern<&str>) -> Option<String> {
    let mut s = String::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => s.push_str(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
            } => s.push_str(&fluent_syntax::unicode::unescape_unicode_to_string(value)),
            ast::PatternElement::Placeable { .. } => return None,
        }
    }
    Some(s)
}

/// Rust statements appending the pattern to `out`.
fn pattern_code(
    here: &str,
    lang: &str,
    pattern: &ast::Pattern<&str>,
    message: &mut Message,
) -> String {
    let mut code = String::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => {
                let _ = write!(code, "out.push_str({value:?});");
            }
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => {
                    code.push_str(&inline_code(here, inline, message))
                }
                ast::Expression::Select { selector, variants } => {
                    let ast::InlineExpression::VariableReference { id } = selector else {
                        panic!("{here}: select only on a variable (`{{ $n -> ... }}`)");
                    };
                    let var = rust_ident(id.name);
                    message.vars.insert(var.clone());
                    let mut exact = String::new();
                    let mut categories = String::new();
                    let mut default = None;
                    for variant in variants {
                        let body = pattern_code(here, lang, &variant.value, message);
                        match &variant.key {
                            ast::VariantKey::NumberLiteral { value } => {
                                let n: u64 = value.parse().unwrap_or_else(|_| {
                                    panic!("{here}: [{value}]: only whole numbers are supported")
                                });
                                let _ = write!(exact, "{n} => {{ {body} }}");
                            }
                            ast::VariantKey::Identifier { name } => {
                                assert!(
                                    PLURAL_CATEGORIES.contains(name),
                                    "{here}: [{name}]: a variant is a number or a plural category {PLURAL_CATEGORIES:?}"
                                );
                                if !variant.default {
                                    message.plural = true;
                                    let _ = write!(categories, "{name:?} => {{ {body} }}");
                                }
                            }
                        }
                        if variant.default {
                            default = Some(body);
                        }
                    }
                    let default = default
                        .unwrap_or_else(|| panic!("{here}: no default variant (`*[other]`)"));
                    if message.plural {
                        assert!(
                            PLURAL_RULES.iter().any(|(l, _)| *l == primary(lang)),
                            "{here}: selects on a plural category: add the plural rule of `{lang}` to PLURAL_RULES in build.rs"
                        );
                    }
                    // Fluent's order: an exact number, then the plural category, then the default.
                    let by_category = if categories.is_empty() {
                        format!("{{ {default} }}")
                    } else {
                        format!(
                            "match plural_{}({var}) {{ {categories} _ => {{ {default} }} }}",
                            rust_ident(primary(lang))
                        )
                    };
                    if exact.is_empty() {
                        code.push_str(&by_category);
                    } else {
                        let _ = write!(code, "match {var} {{ {exact} _ => {by_category} }}");
                    }
                }
            },
        }
    }
    code
}

fn inline_code(here: &str, inline: &ast::InlineExpression<&str>, message: &mut Message) -> String {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            let var = rust_ident(id.name);
            message.vars.insert(var.clone());
            format!("push_number(out, {var});")
        }
        ast::InlineExpression::StringLiteral { value } => {
            format!(
                "out.push_str({:?});",
                fluent_syntax::unicode::unescape_unicode_to_string(value)
            )
        }
        ast::InlineExpression::Placeable { expression } => match &**expression {
            ast::Expression::Inline(inner) => inline_code(here, inner, message),
            ast::Expression::Select { .. } => {
                panic!("{here}: a select inside a placeable is not supported")
            }
        },
        other => panic!(
            "{here}: only variables, string literals and selects are supported, not {other:?}"
        ),
    }
}

fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

fn rust_ident(name: &str) -> String {
    name.replace('-', "_").to_ascii_lowercase()
}

/// `guide-no-document-passport` → `GuideNoDocumentPassport`; `pt-BR` → `PtBr`.
fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase())
                .unwrap_or_default()
        })
        .collect()
}

fn generate(langs: &[(String, BTreeMap<String, Message>)]) -> String {
    let english = &langs[0].1;
    let plain: Vec<&String> = english
        .iter()
        .filter(|(_, m)| m.vars.is_empty())
        .map(|(id, _)| id)
        .collect();
    let with_args: Vec<(&String, &Message)> =
        english.iter().filter(|(_, m)| !m.vars.is_empty()).collect();
    let mut g = String::from(
        "// @generated by build.rs from locales/*.ftl: edit those files, not this.\n\n",
    );

    // The languages.
    g.push_str("/// A language with a file in `locales/`, English (the reference) first.\n");
    g.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Lang {\n");
    for (code, _) in langs {
        let _ = writeln!(g, "    /// `locales/{code}.ftl`\n    {},", camel(code));
    }
    g.push_str("}\n\nimpl Lang {\n    /// Every language, in file order (English first).\n");
    let _ = writeln!(
        g,
        "    pub const ALL: [Lang; {}] = [{}];",
        langs.len(),
        langs
            .iter()
            .map(|(c, _)| format!("Lang::{}", camel(c)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    g.push_str("    /// The file's name, the BCP 47 tag.\n    #[cfg(test)]\n    pub fn code(self) -> &'static str {\n        match self {\n");
    for (code, _) in langs {
        let _ = writeln!(g, "            Lang::{} => {code:?},", camel(code));
    }
    g.push_str("        }\n    }\n\n");
    g.push_str("    /// The language the wire's `Locale` names: one file per `Locale` variant, enforced here.\n");
    g.push_str("    pub fn of(locale: idv_wire::Locale) -> Lang {\n        match locale {\n");
    for (code, _) in langs {
        let _ = writeln!(
            g,
            "            idv_wire::Locale::{0} => Lang::{0},",
            camel(code)
        );
    }
    g.push_str("        }\n    }\n\n    /// The wire's `Locale` for this language.\n    pub fn locale(self) -> idv_wire::Locale {\n        match self {\n");
    for (code, _) in langs {
        let _ = writeln!(
            g,
            "            Lang::{0} => idv_wire::Locale::{0},",
            camel(code)
        );
    }
    g.push_str("        }\n    }\n}\n\n");

    // The plain messages.
    g.push_str("/// A message without placeholders, named after its id in `locales/en.ftl`.\n");
    g.push_str(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum Key {\n",
    );
    for id in &plain {
        let _ = writeln!(g, "    /// `{id}`\n    {},", camel(id));
    }
    // A key no `Text` names is a dead-code warning (an error under clippy).
    g.push_str("}\n\nimpl Key {\n");
    g.push_str("    /// Its id in the files.\n    #[cfg(test)]\n    pub fn id(self) -> &'static str {\n        IDS[self as usize]\n    }\n}\n\n");
    let _ = writeln!(
        g,
        "#[cfg(test)]\nconst IDS: [&str; {}] = [{}];\n",
        plain.len(),
        plain
            .iter()
            .map(|id| format!("{id:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        g,
        "/// The English text of each key.\nstatic ENGLISH: [&str; {}] = [{}];\n",
        plain.len(),
        plain
            .iter()
            .map(|id| format!("{:?}", english[*id].plain.as_deref().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    g.push_str("/// Each language's text for each key (`Lang` × `Key`); `None` where a file lacks it (or\n/// gives it placeholders): English is used instead, and the tests say so.\n");
    let _ = writeln!(
        g,
        "static TEXT: [[Option<&str>; {}]; {}] = [",
        plain.len(),
        langs.len()
    );
    for (_, messages) in langs {
        g.push_str("    [");
        for id in &plain {
            match messages.get(*id).and_then(|m| {
                if m.vars.is_empty() {
                    m.plain.as_ref()
                } else {
                    None
                }
            }) {
                Some(text) => {
                    let _ = write!(g, "Some({text:?}), ");
                }
                None => g.push_str("None, "),
            }
        }
        g.push_str("],\n");
    }
    g.push_str("];\n\n");

    // The messages with placeholders.
    let mut plural_langs = BTreeSet::new();
    for (id, english_message) in &with_args {
        let params = english_message
            .vars
            .iter()
            .map(|v| format!("{v}: u64"))
            .collect::<Vec<_>>()
            .join(", ");
        let name = rust_ident(id);
        let _ = writeln!(
            g,
            "/// `{id}`, with {}.\npub fn {name}(lang: Lang, {params}) -> String {{\n    match lang {{",
            english_message.vars.iter().map(|v| format!("`${v}`")).collect::<Vec<_>>().join(", ")
        );
        for (code, messages) in langs {
            let body = match messages.get(*id) {
                Some(m) if m.vars == english_message.vars => {
                    if m.plural {
                        plural_langs.insert(primary(code).to_owned());
                    }
                    m.code.clone()
                }
                _ => {
                    if english_message.plural {
                        plural_langs.insert("en".to_owned());
                    }
                    english_message.code.clone()
                }
            };
            let _ = writeln!(
                g,
                "        Lang::{} => {{\n            let mut s = String::new();\n            let out = &mut s;\n            {body}\n            s\n        }}",
                camel(code)
            );
        }
        g.push_str("    }\n}\n\n");
    }
    for lang in &plural_langs {
        let rule = PLURAL_RULES
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| {
                panic!("no plural rule for `{lang}`: add it to PLURAL_RULES in build.rs")
            });
        let _ = writeln!(
            g,
            "fn plural_{}(n: u64) -> &'static str {{\n    {rule}\n}}\n",
            rust_ident(lang)
        );
    }

    // What each file holds, for the completeness test.
    g.push_str("/// A file's message ids, each with its placeholders.\n#[cfg(test)]\n");
    g.push_str(
        "pub(crate) type Messages = &'static [(&'static str, &'static [&'static str])];\n\n",
    );
    g.push_str("/// For the tests: each file's language and its messages.\n#[cfg(test)]\n");
    let _ = writeln!(
        g,
        "pub(crate) static FILES: [(Lang, Messages); {}] = [",
        langs.len()
    );
    for (code, messages) in langs {
        let _ = write!(g, "    (Lang::{}, &[", camel(code));
        for (id, m) in messages {
            let _ = write!(
                g,
                "({id:?}, &[{}]), ",
                m.vars
                    .iter()
                    .map(|v| format!("{v:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        g.push_str("]),\n");
    }
    g.push_str("];\n\n");
    g.push_str(
        "/// The ids of the messages with placeholders (one function each, above).\n#[cfg(test)]\n",
    );
    let _ = writeln!(
        g,
        "pub(crate) const WITH_PLACEHOLDERS: [&str; {}] = [{}];\n",
        with_args.len(),
        with_args
            .iter()
            .map(|(id, _)| format!("{id:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    g.push_str(
        "/// The text of a plain message in `lang`, English when that file lacks it.\npub fn text(lang: Lang, key: Key) -> &'static str {\n    TEXT[lang as usize][key as usize].unwrap_or(ENGLISH[key as usize])\n}\n\n",
    );
    g.push_str("/// For the tests: whether `lang`'s file has its own text for `key`.\n#[cfg(test)]\npub(crate) fn has_own_text(lang: Lang, key: Key) -> bool {\n    TEXT[lang as usize][key as usize].is_some()\n}\n\n");
    g.push_str("#[allow(dead_code)]\nfn push_number(out: &mut String, n: u64) {\n    use std::fmt::Write as _;\n    let _ = write!(out, \"{n}\");\n}\n");
    g
}
