//! `pattern` and `patternProperties` on inputs that take a backtracking engine minutes: each
//! finishes with the exact verdict, and where the bounded engine gives up, with the exact
//! violation. How long they take is measured in `benches/pattern.rs`, not asserted here.
#![deny(warnings)]

use portal_runtime::prelude::*;
use serde_json::{Value, json};

use portal_tests::fixtures::pathological::Pathological;

/// Every violation of `value`, through both entry points (which must agree), one line each.
fn messages(value: Value) -> Vec<String> {
    let errors = Pathological::from_json_value(&value).expect_err("expected violations");
    assert_eq!(
        Pathological::from_json(&value.to_string()).unwrap_err(),
        errors,
        "entry points disagree"
    );
    errors.iter().map(ToString::to_string).collect()
}

fn a(n: usize) -> String {
    "a".repeat(n)
}

#[test]
fn nested_quantifiers_on_a_long_string_that_does_not_match() {
    assert_eq!(
        messages(json!({ "nested": format!("{}!", a(100_000)) })),
        [format!(
            "/nested: expected a string matching \"^(a+)+$\", found \"{}\"… (pattern)",
            a(64)
        )]
    );
    assert!(Pathological::from_json_value(&json!({ "nested": a(100_000) })).is_ok());
}

#[test]
fn dot_star_on_eighty_thousand_characters() {
    assert_eq!(
        messages(json!({ "anywhere": a(80_000) })),
        [format!(
            "/anywhere: expected a string matching \"a.*b\", found \"{}\"… (pattern)",
            a(64)
        )]
    );
    assert!(
        Pathological::from_json_value(&json!({ "anywhere": format!("{}b", a(80_000)) })).is_ok()
    );
    // `.` is not a line terminator: a newline between them breaks the match.
    assert_eq!(
        messages(json!({ "anywhere": "a\nb" })),
        ["/anywhere: expected a string matching \"a.*b\", found \"a\\nb\" (pattern)"]
    );
}

#[test]
fn overlapping_alternatives() {
    assert_eq!(
        messages(json!({ "alternation": a(50_000) })),
        [format!(
            "/alternation: expected a string matching \"(a|aa)*c\", found \"{}\"… (pattern)",
            a(64)
        )]
    );
    assert!(
        Pathological::from_json_value(&json!({ "alternation": format!("{}c", a(50_000)) })).is_ok()
    );
}

#[test]
fn a_look_ahead_that_backtracks_past_the_budget_is_a_violation() {
    assert_eq!(
        messages(json!({ "ahead": format!("{}c", a(40)) })),
        [format!(
            "/ahead: expected a string matching \"^(?:(?=a)a+)+b\" within 1000000 backtracking steps, found \"{}c\" (pattern)",
            a(40)
        )]
    );
    assert!(Pathological::from_json_value(&json!({ "ahead": format!("{}b", a(40)) })).is_ok());
    assert_eq!(
        messages(json!({ "ahead": "c" })),
        ["/ahead: expected a string matching \"^(?:(?=a)a+)+b\", found \"c\" (pattern)"]
    );
}

#[test]
fn a_pattern_inside_any_of() {
    let long = format!("{}!", a(100_000));
    assert!(Pathological::from_json_value(&json!({ "either": a(100_000) })).is_ok());
    assert!(Pathological::from_json_value(&json!({ "either": 7 })).is_ok());
    // `either` is a union by JSON type: a string goes to the string branch alone, whose
    // violation is reported as it is.
    assert_eq!(
        messages(json!({ "either": long })),
        [format!(
            "/either: expected a string matching \"^(a+)+$\", found \"{}\"… (pattern)",
            a(64)
        )]
    );
}

#[test]
fn nested_quantifiers_in_pattern_properties() {
    let mut names = serde_json::Map::new();
    names.insert(format!("{}!", a(100_000)), json!(1));
    names.insert(a(100_000), json!("one"));
    let errors: Vec<String> = messages(json!({ "names": names }))
        .iter()
        .map(|e| e.replace(&a(100_000), "a…a"))
        .collect();
    assert_eq!(
        errors,
        [
            "/names/a…a!: expected no such property, found one (additionalProperties)",
            "/names/a…a: expected integer, found string (type)",
        ]
    );
}

#[test]
fn a_property_name_on_which_the_budget_runs_out() {
    let key = format!("{}c", a(40));
    let mut names = serde_json::Map::new();
    names.insert(key.clone(), json!("x"));
    assert_eq!(
        messages(json!({ "names_ahead": names })),
        [
            format!(
                "/names_ahead/{key}: expected a string matching \"^(?:(?=a)a+)+b\" within 1000000 backtracking steps, found \"{key}\" (pattern)"
            ),
            format!("/names_ahead/{key}: expected integer, found string (type)"),
        ]
    );
}

#[test]
fn a_branch_the_bounded_engine_gives_up_on_leaves_its_applicator_undecided() {
    // The look-ahead pattern gives up on 40 `a`s and a `c`; read as "does not match", `not`
    // would accept the value and `oneOf` would count one match: each says it has no verdict.
    let hard = format!("{}c", a(40));
    assert_eq!(
        messages(json!({ "not_ahead": hard })),
        [
            "/not_ahead: expected a value its branches' patterns decide within 1000000 backtracking steps, found a match that gave up (not)"
        ]
    );
    assert_eq!(
        messages(json!({ "one_ahead": hard })),
        [
            "/one_ahead: expected a value its branches' patterns decide within 1000000 backtracking steps, found a match that gave up (oneOf)"
        ]
    );
    // `if` undecided: reported, and `then` still applies (41 characters is over its 10).
    assert_eq!(
        messages(json!({ "if_ahead": hard })),
        [
            "/if_ahead: expected a value its branches' patterns decide within 1000000 backtracking steps, found a match that gave up (if)",
            "/if_ahead: expected at most 10 characters, found 41 (maxLength)"
        ]
    );
    // Decided either way, the applicators give their usual verdicts.
    assert!(Pathological::from_json_value(&json!({ "not_ahead": "c" })).is_ok());
    assert_eq!(
        messages(json!({ "not_ahead": "ab" })),
        ["/not_ahead: expected a value not matching the schema of not, found one matching (not)"]
    );
    assert!(Pathological::from_json_value(&json!({ "one_ahead": "c" })).is_ok());
    assert_eq!(
        messages(json!({ "one_ahead": "ab" })),
        [
            "/one_ahead: expected a value matching exactly one of 2 schemas, found 2 matching (oneOf)"
        ]
    );
    assert!(Pathological::from_json_value(&json!({ "if_ahead": "ab" })).is_ok());
    assert_eq!(
        messages(json!({ "if_ahead": "" })),
        ["/if_ahead: expected at least 1 character, found 0 (minLength)"]
    );
}
