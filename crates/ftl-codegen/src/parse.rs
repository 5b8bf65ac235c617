//! Fluent text → [`Message`]s: each message's pattern compiled to Rust statements, with the
//! variables it uses. Refuses what the generated code could not say (see the crate docs).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use fluent_syntax::ast;

use crate::{plural, Error, Problem};

/// One message as the generator needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Its pattern compiled to Rust statements that append to `out: &mut String`.
    pub code: String,
    /// The plain text, when it has no placeable at all.
    pub plain: Option<String>,
    /// Its variables (placeholders and selectors), sorted.
    pub vars: BTreeSet<String>,
    /// Whether it selects on a plural category.
    pub plural: bool,
}

/// The messages of one file (`name`, in language `lang`), by id.
pub fn file(name: &str, lang: &str, source: &str) -> Result<BTreeMap<String, Message>, Error> {
    let at_file = |problem| Error {
        at: name.to_owned(),
        problem,
    };
    let resource = fluent_syntax::parser::parse(source)
        .map_err(|(_, errors)| at_file(Problem::Syntax(format!("{errors:?}"))))?;
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        let m = match entry {
            ast::Entry::Message(m) => m,
            ast::Entry::Comment(_)
            | ast::Entry::GroupComment(_)
            | ast::Entry::ResourceComment(_) => continue,
            ast::Entry::Term(t) => {
                return Err(Error {
                    at: format!("{name}: -{}", t.id.name),
                    problem: Problem::Unsupported("terms are".into()),
                })
            }
            ast::Entry::Junk { content } => return Err(at_file(Problem::Syntax(content.into()))),
        };
        let id = m.id.name;
        let here = format!("{name}: {id}");
        let fail = |problem| Error {
            at: here.clone(),
            problem,
        };
        if !is_id(id) {
            return Err(fail(Problem::BadId));
        }
        if !m.attributes.is_empty() {
            return Err(fail(Problem::Unsupported("attributes are".into())));
        }
        let pattern = m.value.ok_or_else(|| fail(Problem::NoValue))?;
        let mut message = Message {
            code: String::new(),
            plain: None,
            vars: BTreeSet::new(),
            plural: false,
        };
        message.code = pattern_code(&here, lang, &pattern, &mut message)?;
        message.plain = plain_text(&pattern);
        if messages.insert(id.to_owned(), message).is_some() {
            return Err(fail(Problem::Duplicate));
        }
    }
    Ok(messages)
}

/// Lowercase words (letters and digits, the first a letter) joined by single `-`.
fn is_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.contains("--")
        && !id.ends_with('-')
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
) -> Result<String, Error> {
    let fail = |problem| Error {
        at: here.to_owned(),
        problem,
    };
    let mut code = String::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => {
                let _ = write!(code, "out.push_str({value:?});");
            }
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => {
                    code.push_str(&inline_code(here, inline, message)?)
                }
                ast::Expression::Select { selector, variants } => {
                    let ast::InlineExpression::VariableReference { id } = selector else {
                        return Err(fail(Problem::Unsupported(
                            "a select on anything but a variable (`{ $n -> ... }`) is".into(),
                        )));
                    };
                    let var = rust_ident(id.name);
                    message.vars.insert(var.clone());
                    let mut exact = String::new();
                    let mut categories = String::new();
                    let mut default = None;
                    for variant in variants {
                        let body = pattern_code(here, lang, &variant.value, message)?;
                        match &variant.key {
                            ast::VariantKey::NumberLiteral { value } => {
                                let n: u64 = value
                                    .parse()
                                    .map_err(|_| fail(Problem::BadVariant((*value).into())))?;
                                let _ = write!(exact, "{n} => {{ {body} }}");
                            }
                            ast::VariantKey::Identifier { name } => {
                                if !plural::CATEGORIES.contains(name) {
                                    return Err(fail(Problem::BadVariant((*name).into())));
                                }
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
                    let default = default.ok_or_else(|| fail(Problem::NoDefault))?;
                    if message.plural && plural::rule(lang).is_none() {
                        return Err(fail(Problem::NoPluralRule(lang.into())));
                    }
                    // Fluent's order: an exact number, then the plural category, then the default.
                    let by_category = if categories.is_empty() {
                        format!("{{ {default} }}")
                    } else {
                        format!(
                            "match plural_{}({var}) {{ {categories} _ => {{ {default} }} }}",
                            rust_ident(plural::primary(lang))
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
    Ok(code)
}

fn inline_code(
    here: &str,
    inline: &ast::InlineExpression<&str>,
    message: &mut Message,
) -> Result<String, Error> {
    let unsupported = |what: String| Error {
        at: here.to_owned(),
        problem: Problem::Unsupported(what),
    };
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            let var = rust_ident(id.name);
            message.vars.insert(var.clone());
            Ok(format!("push_number(out, {var});"))
        }
        ast::InlineExpression::StringLiteral { value } => Ok(format!(
            "out.push_str({:?});",
            fluent_syntax::unicode::unescape_unicode_to_string(value)
        )),
        ast::InlineExpression::Placeable { expression } => match &**expression {
            ast::Expression::Inline(inner) => inline_code(here, inner, message),
            ast::Expression::Select { .. } => {
                Err(unsupported("a select inside a placeable is".into()))
            }
        },
        other => Err(unsupported(format!(
            "only variables, string literals and selects are supported; {other:?} is"
        ))),
    }
}

/// `photo-step` → `photo_step`.
pub fn rust_ident(name: &str) -> String {
    name.replace('-', "_").to_ascii_lowercase()
}
