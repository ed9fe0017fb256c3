//! A draft-07 tool: its nullable string is a `Nullable<String>`, its `anyOf` of an integer and a
//! string an enum by JSON type, its recursive `oneOf` an enum by required properties, and the
//! schemas no Rust type states exactly (a mixed enum, `uniqueItems`, `patternProperties`, a tuple)
//! become types that keep their value as JSON and check it: under
//! `#![deny(warnings)]`, built with the builder and decoded with every violation listed.
#![deny(warnings)]

portal_macros::tool! {
    schema: "../fixtures/search_tickets.json",
    name: Search,
}

use portal_runtime::Nullable;
use portal_runtime::prelude::*;
use serde_json::json;

/// A leaf of the recursive `oneOf` (told apart from `{"all": [...]}` by its required properties).
fn equals(field: FieldFilterFieldEquals, value: impl Into<EqualsFilterFieldEquals>) -> Filter {
    Filter::FieldEquals(FilterFieldEquals::builder().field(field).equals(value).build())
}

fn main() {
    let search = Search::builder()
        .query("refund")
        .assignee(Nullable::Null)
        .priority(json!("urgent"))
        .filter(
            FilterAll::builder()
                .all(vec![equals(FieldFilterFieldEquals::Status, "open".to_owned()), equals(FieldFilterFieldEquals::Team, 7.0)])
                .build(),
        )
        .page(2_i64)
        .sort(json!(["updated", "desc"]))
        .build();
    assert!(search.validate().is_ok());
    assert_eq!(
        serde_json::to_string(&search).unwrap(),
        r#"{"query":"refund","assignee":null,"priority":"urgent","filter":{"all":[{"field":"status","equals":"open"},{"field":"team","equals":7.0}]},"page":2,"sort":["updated","desc"]}"#
    );

    let errors = Search::from_json(
        r#"{
            "query": "refund",
            "assignee": 7,
            "priority": 4,
            "labels": ["vip", "vip"],
            "created": {},
            "filter": {"all": [{"field": "status"}]},
            "metadata": {"x-team": "billing", "owner": "me"},
            "page": "next",
            "sort": ["updated", "desc", "again"]
        }"#,
    )
    .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "8 violations
  /assignee: expected string or null, found integer (type)
  /priority: expected one of 1, 2, 3, \"urgent\", found 4 (enum)
  /labels/1: expected an item unlike the others, found a repeat of item 0 (uniqueItems)
  /created: expected at least 1 property, found 0 (minProperties)
  /filter/all/0: expected an object with \"field\" and \"equals\" or \"all\", found none of them (oneOf)
  /metadata/owner: expected no such property, found one (additionalProperties)
  /page: expected a string matching \"^cursor_[A-Za-z0-9]+$\", found \"next\" (pattern)
  /sort/2: expected nothing (the schema is false), found string (false)"
    );
}
