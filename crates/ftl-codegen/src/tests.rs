//! The compiler on small sets of files: what it generates, how it falls back, what it refuses.

use super::*;

fn src(lang: &str, text: &str) -> Source {
    Source {
        lang: lang.into(),
        name: format!("locales/{lang}.ftl"),
        text: text.into(),
    }
}

fn refused(sources: Vec<Source>) -> Error {
    match compile(sources) {
        Ok(code) => panic!("compiled, expected an error:\n{code}"),
        Err(e) => e,
    }
}

const EN: &str =
    "hello = Hello\nleft = { $n ->\n    [one] One try left.\n   *[other] { $n } tries left.\n}\n";

#[test]
fn plain_messages_become_keys_and_a_table_row_per_language() {
    let code = compile(vec![src("en", EN), src("es", "hello = Hola\n")]).unwrap();
    assert!(code.contains("pub enum Lang {"));
    assert!(code.contains("    En,\n") && code.contains("    Es,\n"));
    assert!(code.contains("/// `hello`\n    Hello,"));
    assert!(code.contains("[Some(\"Hello\"), ],"));
    assert!(code.contains("[Some(\"Hola\"), ],"));
    // A message with a placeholder is a function, not a key.
    assert!(code.contains("pub fn left(lang: Lang, n: u64) -> String"));
    assert!(!code.contains("    Left,"));
}

#[test]
fn a_language_lacking_a_plural_message_falls_back_to_english_and_its_rule() {
    // Spanish has no `left`: its arm runs the English pattern, so English's plural rule is
    // generated even though no English-only select is reached through `Lang::En` alone.
    let code = compile(vec![src("en", EN), src("es", "hello = Hola\n")]).unwrap();
    let es_arm = code
        .split("Lang::Es => {")
        .nth(1)
        .expect("an arm for Spanish");
    assert!(es_arm.contains("plural_en(n)"), "{es_arm}");
    assert!(code.contains("fn plural_en(n: u64) -> &'static str"));
    assert!(!code.contains("fn plural_es("));
    // Spanish's own plural message uses Spanish's rule.
    let own =
        "hello = Hola\nleft = { $n ->\n    [one] Un intento.\n   *[other] { $n } intentos.\n}\n";
    let code = compile(vec![src("en", EN), src("es", own)]).unwrap();
    assert!(code.contains("fn plural_es(n: u64)"));
    // A plural category in a language without a rule is refused, naming the language.
    let e = refused(vec![src("en", EN), src("xx", own)]);
    assert_eq!(e.problem, Problem::NoPluralRule("xx".into()));
    assert!(e.to_string().contains("locales/xx.ftl: left"), "{e}");
}

#[test]
fn a_placeholder_mismatch_falls_back_to_english_and_is_listed_for_the_tests() {
    let es = "hello = Hola\nleft = Te quedan { $m }.\n";
    let code = compile(vec![src("en", EN), src("es", es)]).unwrap();
    let es_arm = code.split("Lang::Es => {").nth(1).unwrap();
    assert!(
        es_arm.contains("plural_en(n)"),
        "English's pattern, with `n`"
    );
    assert!(!code.contains("push_number(out, m)"));
    // FILES keeps what Spanish really has, so the widget's test can name the mismatch.
    assert!(code.contains("(\"left\", &[\"m\"])"), "{code}");
}

#[test]
fn bad_ids_and_unsupported_fluent_are_errors_that_name_the_message() {
    let e = refused(vec![src("en", "Bad_Id = x\n")]);
    assert_eq!(
        e.problem,
        Problem::BadId,
        "valid Fluent, not one of our ids"
    );
    let e = refused(vec![src("en", "a = {\n")]);
    assert!(!e_syntax(&e).is_empty());
    let e = refused(vec![src("en", "bad-id- = x\n")]);
    assert_eq!(
        (e.at.as_str(), &e.problem),
        ("locales/en.ftl: bad-id-", &Problem::BadId)
    );
    let e = refused(vec![src("en", "a--b = x\n")]);
    assert_eq!(e.problem, Problem::BadId);
    let e = refused(vec![src("en", "-brand = Acme\n")]);
    assert!(matches!(e.problem, Problem::Unsupported(_)), "{e}");
    let e = refused(vec![src("en", "a = x\n    .title = y\n")]);
    assert!(matches!(e.problem, Problem::Unsupported(_)), "{e}");
    let e = refused(vec![src("en", "a = { NUMBER($n) }\n")]);
    assert!(matches!(e.problem, Problem::Unsupported(_)), "{e}");
    let e = refused(vec![src("en", "a = x\na = y\n")]);
    assert_eq!(e.problem, Problem::Duplicate);
    let e = refused(vec![src(
        "en",
        "a = { $n ->\n    [lots] x\n   *[other] y\n}\n",
    )]);
    assert_eq!(e.problem, Problem::BadVariant("lots".into()));
    let e = refused(vec![src(
        "en",
        "a = { $n ->\n    [1.5] x\n   *[other] y\n}\n",
    )]);
    assert_eq!(e.problem, Problem::BadVariant("1.5".into()));
}

/// Whatever the parser said about a malformed line (it is Fluent's message, not ours).
fn e_syntax(e: &Error) -> String {
    match &e.problem {
        Problem::Syntax(s) => s.clone(),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn files_are_named_after_languages_and_english_is_required() {
    assert_eq!(
        refused(vec![src("EN", "a = x\n")]).problem,
        Problem::FileName
    );
    assert_eq!(
        refused(vec![src("pt_BR", "a = x\n")]).problem,
        Problem::FileName
    );
    assert_eq!(
        refused(vec![src("es", "a = x\n")]).problem,
        Problem::NoReference
    );
    let code = compile(vec![src("en", "a = x\n"), src("pt-BR", "a = y\n")]).unwrap();
    assert!(code.contains("    PtBr,"), "pt-BR is the variant PtBr");
}

#[test]
fn exact_numbers_are_tried_before_the_plural_category() {
    let en = "n = { $n ->\n    [0] none\n    [one] one\n   *[other] many\n}\n";
    let code = compile(vec![src("en", en)]).unwrap();
    let body = code.split("pub fn n(").nth(1).unwrap();
    let exact = body.find("0 => {").expect("the exact match");
    let category = body.find("plural_en(n)").expect("the plural match");
    assert!(exact < category, "{body}");
}

#[test]
fn string_literals_are_unescaped_into_plain_text() {
    let code = compile(vec![src(
        "en",
        "brace = Use {\"{\"} here \\u00e9\na = { \"\\u00e9\" }\n",
    )])
    .unwrap();
    assert!(code.contains("Some(\"é\")"), "{code}");
    assert!(code.contains("Some(\"Use { here \\\\u00e9\")"), "{code}");
}

#[test]
fn the_widgets_own_files_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales");
    let compiled = compile_dir(&dir).unwrap();
    assert!(compiled.inputs.iter().any(|p| p.ends_with("en.ftl")));
    assert!(compiled.inputs.iter().any(|p| p.ends_with("es.ftl")));
    assert!(compiled
        .code
        .contains("pub fn attempts_left(lang: Lang, n: u64)"));
}
