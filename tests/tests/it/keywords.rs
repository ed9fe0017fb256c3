//! The keywords of the general form beyond the typed ones, through `tool!` on
//! `fixtures/evaluated.json`: `contains` with `minContains`/`maxContains`, and
//! `unevaluatedProperties`/`unevaluatedItems` seeing what each applicator evaluated (the
//! properties of the `anyOf` branches that matched, and those alone). Each violation is pinned
//! to its exact text, in the three entry points.
#![deny(warnings)]

use portal_runtime::prelude::*;
use serde_json::{Value, json};

use evaluated::Label;
use portal_tests::fixtures::evaluated;

/// The violations of `value`, one message each; the three entry points must agree on them.
fn violations(value: Value) -> Vec<String> {
    let from_value = match Label::from_json_value(&value) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    };
    let from_text: Vec<String> = match Label::from_json(&value.to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(
        from_text, from_value,
        "from_json and from_json_value on {value}"
    );
    let validated: Vec<String> = match serde_json::from_value::<Label>(value.clone()) {
        Ok(label) => match label.validate() {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        },
        Err(e) => vec![e.to_string()],
    };
    assert_eq!(validated, from_value, "serde then validate on {value}");
    from_value
}

#[test]
fn contains_counts_the_matching_items_against_its_bounds() {
    assert_eq!(
        violations(json!({"ticket": "T-1", "labels": ["bug", "triage"]})),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(json!({"ticket": "T-1", "labels": ["bug"]})),
        [
            "/labels: expected at least 1 item matching the schema of contains, found 0 matching (contains)"
        ]
    );
    assert_eq!(
        violations(json!({"ticket": "T-1", "labels": ["triage", "bug", "triage"]})),
        [
            "/labels: expected at most 1 item matching the schema of contains, found 2 matching (maxContains)"
        ]
    );
    assert_eq!(
        violations(json!({"ticket": "T-1", "steps": ["title"]})),
        [
            "/steps: expected at least 1 item matching the schema of contains, found 0 matching (minContains)"
        ]
    );
}

#[test]
fn unevaluated_properties_sees_the_branches_that_matched() {
    // Both branches match: both evaluate their property.
    assert_eq!(
        violations(json!({"ticket": "T-1", "filter": {
            "status": "open", "assignee": "ada", "team": "core", "x-note": "n"
        }})),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(json!({"ticket": "T-1", "filter": {"assignee": "ada", "priority": 1}})),
        [
            "/filter/priority: expected no property that the other keywords leave unevaluated, found one (unevaluatedProperties)"
        ]
    );
    // The first branch fails (its `assignee` is not a string): what it would have evaluated is
    // unevaluated.
    assert_eq!(
        violations(json!({"ticket": "T-1", "filter": {"team": "core", "assignee": 3}})),
        [
            "/filter/assignee: expected no property that the other keywords leave unevaluated, found one (unevaluatedProperties)"
        ]
    );
    // `patternProperties` evaluates what it matches, even a value it refuses.
    assert_eq!(
        violations(json!({"ticket": "T-1", "filter": {"team": "core", "x-n": 1}})),
        ["/filter/x-n: expected string, found integer (type)"]
    );
}

#[test]
fn unevaluated_items_sees_prefix_items_and_what_contains_matched() {
    assert_eq!(
        violations(json!({"ticket": "T-1", "steps": ["title", 42]})),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(json!({"ticket": "T-1", "steps": ["title", 42, "extra", true]})),
        [
            "/steps/2: expected no item that the other keywords leave unevaluated, found one (unevaluatedItems)",
            "/steps/3: expected no item that the other keywords leave unevaluated, found one (unevaluatedItems)",
        ]
    );
    assert_eq!(
        violations(json!({"ticket": "T-1", "steps": ["title", 1, 2]})),
        [
            "/steps: expected at most 1 item matching the schema of contains, found 2 matching (maxContains)"
        ]
    );
}
