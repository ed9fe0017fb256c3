//! Typed unions and the common shapes (`tests/fixtures/unions.json`, `no_arguments.json`): the
//! Rust each schema becomes, the exact JSON on the wire, and the exact violations.
#![deny(warnings)]

use portal_runtime::Nullable;
use portal_runtime::prelude::*;
use serde_json::{Value, json};

use portal_tests::fixtures::{no_arguments, unions};

use unions::*;

/// A valid request with `extra` set beside the required `pet`.
fn with(extra: Value) -> Value {
    let mut v = json!({"pet": {"kind": "cat", "name": "Tom"}});
    v.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    v
}

/// The violations of `value`, one message per line; both entry points must agree.
fn violations(value: Value) -> Vec<String> {
    let errors = Adopt::from_json_value(&value).expect_err("expected violations");
    let from_text = Adopt::from_json(&value.to_string()).expect_err("from_json must refuse it too");
    assert_eq!(
        from_text, errors,
        "from_json and from_json_value disagree on {value}"
    );
    errors.iter().map(ToString::to_string).collect()
}

/// Decodes `value` (both entry points) and checks it serializes back to exactly `value`.
fn round_trip(value: Value) -> Adopt {
    let decoded = Adopt::from_json_value(&value).unwrap_or_else(|e| panic!("{value} refused: {e}"));
    assert_eq!(Adopt::from_json(&value.to_string()).unwrap(), decoded);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

#[test]
fn a_list_of_types_is_an_enum_by_json_type() {
    assert_eq!(
        round_trip(with(json!({"value": "x"}))).value,
        Some(unions::Value::String("x".into()))
    );
    assert_eq!(
        round_trip(with(json!({"value": 2.5}))).value,
        Some(unions::Value::Number(2.5))
    );
    // A `number` is an `f64`, as in a field of that type.
    let seven = Adopt::from_json_value(&with(json!({"value": 7}))).unwrap();
    assert_eq!(seven.value, Some(unions::Value::Number(7.0)));
    assert_eq!(
        round_trip(with(json!({"value": false}))).value,
        Some(unions::Value::Boolean(false))
    );
    assert_eq!(
        violations(with(json!({"value": null}))),
        ["/value: expected string, number or boolean, found null (type)"]
    );
    // Each type's keywords apply to its branch only.
    assert_eq!(
        violations(with(json!({"value": ""}))),
        ["/value: expected at least 1 character, found 0 (minLength)"]
    );
    let built = Adopt::builder()
        .pet(Pet::Cat(PetCat::builder().name("Tom").build()))
        .value(unions::Value::from(true))
        .build();
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        with(json!({"value": true}))
    );
}

#[test]
fn a_one_of_by_type_takes_integers_as_json_schema_counts_them() {
    assert_eq!(
        round_trip(with(json!({"id": "abc"}))).id,
        Some(Id::String("abc".into()))
    );
    assert_eq!(
        round_trip(with(json!({"id": 5}))).id,
        Some(Id::Integer(5.into()))
    );
    let decoded = Adopt::from_json(&with(json!({"id": 5.0})).to_string()).unwrap();
    assert_eq!(decoded.id, Some(Id::Integer(5.into())));
    // Unbounded above, the branch is a `serde_json::Number`: 2^70 is one of its integers.
    let big = Adopt::from_json(&with(json!({"id": 1_180_591_620_717_411_303_424.0})).to_string())
        .unwrap();
    assert_eq!(
        big.id,
        Some(Id::Integer(
            serde_json::Number::from_f64(1_180_591_620_717_411_303_424.0).unwrap()
        ))
    );
    assert_eq!(
        violations(with(json!({"id": 0}))),
        ["/id: expected a number at least 1, found 0 (minimum)"]
    );
    assert_eq!(
        violations(with(json!({"id": "ab"}))),
        ["/id: expected at least 3 characters, found 2 (minLength)"]
    );
    assert_eq!(
        violations(with(json!({"id": 1.5}))),
        ["/id: expected string or integer, found number (oneOf)"]
    );
    assert_eq!(Id::from(serde_json::Number::from(7)), Id::Integer(7.into()));
}

#[test]
fn a_list_of_types_with_null_has_a_null_variant() {
    assert_eq!(
        round_trip(with(json!({"size": null}))).size,
        Some(Size::Null)
    );
    assert_eq!(
        round_trip(with(json!({"size": 3}))).size,
        Some(Size::Integer(3.into()))
    );
    assert_eq!(
        round_trip(with(json!({"size": "xl"}))).size,
        Some(Size::String("xl".into()))
    );
    assert_eq!(
        violations(with(json!({"size": 0}))),
        ["/size: expected a number at least 1, found 0 (minimum)"]
    );
    assert_eq!(
        violations(with(json!({"size": "large"}))),
        ["/size: expected at most 4 characters, found 5 (maxLength)"]
    );
    assert_eq!(
        violations(with(json!({"size": true}))),
        ["/size: expected integer, string or null, found boolean (type)"]
    );
}

#[test]
fn a_tagged_one_of_decodes_the_branch_its_tag_names() {
    let decoded = round_trip(json!({"pet": {"kind": "dog", "name": "Rex", "good": true}}));
    let Pet::Dog(dog) = &decoded.pet else {
        panic!("expected a dog: {decoded:?}")
    };
    assert_eq!((dog.name.as_str(), dog.good), ("Rex", Some(true)));
    // The tag is the branch's literal: the builder sets it.
    let cat = PetCat::builder().name("Tom").indoor(true).build();
    assert_eq!(
        serde_json::to_value(Pet::from(cat)).unwrap(),
        json!({"kind": "cat", "name": "Tom", "indoor": true})
    );
    // Only the cat's checks run, and every one of them is reported.
    assert_eq!(
        violations(json!({"pet": {"kind": "cat", "name": "", "good": true}})),
        [
            "/pet/good: expected no such property, found one (additionalProperties)",
            "/pet/name: expected at least 1 character, found 0 (minLength)",
        ]
    );
    assert_eq!(
        violations(json!({"pet": {"name": "Tom"}})),
        [
            r#"/pet: expected an object whose "kind" is "cat" or "dog", found an object without "kind" (oneOf)"#
        ]
    );
    assert_eq!(
        violations(json!({"pet": "cat"})),
        [r#"/pet: expected an object whose "kind" is "cat" or "dog", found string (oneOf)"#]
    );
}

#[test]
fn a_tagged_one_of_reads_its_branch_from_the_text_once() {
    let from_text = |text: &str| serde_json::from_str::<Adopt>(text).map_err(|e| e.to_string());
    // With the tag first, the branch reads the rest of the object straight from the text: serde's
    // error points at the value, not past the object.
    assert_eq!(
        from_text(r#"{"pet":{"kind":"dog","name":5,"good":true}}"#),
        Err("invalid type: integer `5`, expected a string at line 1 column 29".to_owned())
    );
    // Properties before the tag are held and read first: the same dog either way.
    let early = from_text(r#"{"pet":{"kind":"dog","name":"Rex","good":true}}"#).unwrap();
    let late = from_text(r#"{"pet":{"good":true,"name":"Rex","kind":"dog"}}"#).unwrap();
    assert_eq!(early, late);
    assert_eq!(
        serde_json::to_string(&late).unwrap(),
        r#"{"pet":{"kind":"dog","name":"Rex","good":true}}"#
    );
    // A repeat is refused wherever it is, and as a violation by `from_json`.
    for text in [
        r#"{"pet":{"kind":"dog","name":"Rex","name":"Max"}}"#,
        r#"{"pet":{"name":"Rex","kind":"dog","name":"Max"}}"#,
        r#"{"pet":{"name":"Rex","name":"Max","kind":"dog"}}"#,
    ] {
        let error = from_text(text).unwrap_err();
        assert!(
            error.starts_with(r#"duplicate property "name" at line 1 column "#),
            "{error}"
        );
        let refused: Vec<String> = Adopt::from_json(text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            refused,
            ["/pet/name: expected a property that appears once, found a repeat (json)"]
        );
    }
    // An unknown tag keeps every property, those after the tag included, in order.
    let bird = from_text(r#"{"pet":{"name":"Tweety","kind":"bird","wings":{"span":2}}}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&bird.pet).unwrap(),
        r#"{"name":"Tweety","kind":"bird","wings":{"span":2}}"#
    );
}

#[test]
fn an_unknown_tag_decodes_into_other_and_is_refused_by_validate() {
    let text = r#"{"pet": {"kind": "bird", "wings": 2}}"#;
    let decoded: Adopt = serde_json::from_str(text).unwrap();
    assert_eq!(decoded.pet, Pet::Other(json!({"kind": "bird", "wings": 2})));
    assert_eq!(
        serde_json::to_string(&decoded).unwrap(),
        r#"{"pet":{"kind":"bird","wings":2}}"#
    );
    let refused: Vec<String> = decoded
        .validate()
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        refused,
        [r#"/pet/kind: expected "cat" or "dog", found "bird" (oneOf)"#]
    );
    assert_eq!(
        violations(serde_json::from_str(text).unwrap()),
        [r#"/pet/kind: expected "cat" or "dog", found "bird" (oneOf)"#]
    );
}

#[test]
fn an_any_of_by_required_properties_decodes_only_what_the_object_names() {
    let decoded = round_trip(with(json!({"contact": {"email": "a@example.com"}})));
    assert!(
        matches!(decoded.contact, Some(Contact::ByEmail(_))),
        "{decoded:?}"
    );
    let decoded = round_trip(with(json!({"contact": {"phone": "+3312345678"}})));
    assert!(
        matches!(decoded.contact, Some(Contact::ByPhone(_))),
        "{decoded:?}"
    );
    assert_eq!(
        violations(with(json!({"contact": {}}))),
        [r#"/contact: expected an object with "email" or "phone", found none of them (anyOf)"#]
    );
    // Both named: the first branch that matches.
    let both = Adopt::from_json_value(&with(
        json!({"contact": {"email": "bad", "phone": "+3312345678"}}),
    ))
    .unwrap();
    assert!(
        matches!(both.contact, Some(Contact::ByPhone(_))),
        "{both:?}"
    );
    // Neither matches: every branch's violations, each with its pointer.
    assert_eq!(
        violations(with(json!({"contact": {"email": "bad", "phone": "1"}}))),
        [
            "/contact/email: expected an email address (format \"email\"), found \"bad\" (format)",
            "/contact/phone: expected a string matching \"^\\\\+[0-9]{6,15}$\", found \"1\" (pattern)",
        ]
    );
}

#[test]
fn a_one_of_by_required_properties_refuses_two_matching_branches() {
    let decoded = round_trip(with(json!({"reach": {"phone": "5551234"}})));
    assert!(
        matches!(decoded.reach, Some(Reach::Phone(_))),
        "{decoded:?}"
    );
    assert_eq!(
        violations(with(
            json!({"reach": {"email": "a@example.com", "phone": "5551234"}})
        )),
        [
            "/reach: expected a value matching exactly one of 2 schemas, found one matching #/oneOf/0 and #/oneOf/1 (oneOf)"
        ]
    );
    // One of the two fails: the other is the one.
    let one = Adopt::from_json_value(&with(
        json!({"reach": {"email": "a@example.com", "phone": "1"}}),
    ))
    .unwrap();
    assert!(matches!(one.reach, Some(Reach::Email(_))), "{one:?}");
    // serde alone agrees with `FromValue` on such an object.
    let both = with(json!({"reach": {"email": "a@example.com", "phone": "5551234"}}));
    let error = serde_json::from_value::<Adopt>(both)
        .unwrap_err()
        .to_string();
    assert!(error.contains("exactly one of 2 schemas"), "{error}");
}

#[test]
fn a_nullable_any_of_is_nullable_with_the_branch_checks() {
    assert_eq!(
        round_trip(with(json!({"note": null}))).note,
        Some(Nullable::Null)
    );
    assert_eq!(
        round_trip(with(json!({"note": "hi"}))).note,
        Some(Nullable::Value("hi".to_owned()))
    );
    assert_eq!(
        violations(with(json!({"note": "far too long"}))),
        ["/note: expected at most 10 characters, found 12 (maxLength)"]
    );
    assert_eq!(
        violations(with(json!({"note": 3}))),
        ["/note: expected string or null, found integer (type)"]
    );
}

#[test]
fn an_object_without_properties_is_an_empty_struct() {
    let decoded = round_trip(with(json!({"options": {}})));
    assert_eq!(decoded.options, Some(Options::builder().build()));
    // Properties it does not declare are allowed, and not kept.
    let open = Adopt::from_json_value(&with(json!({"options": {"x": 1}}))).unwrap();
    assert_eq!(
        serde_json::to_value(&open).unwrap(),
        with(json!({"options": {}}))
    );
    assert_eq!(
        violations(with(json!({"options": []}))),
        ["/options: expected object, found array (type)"]
    );
    let ping = no_arguments::Ping::builder().build();
    assert_eq!(serde_json::to_string(&ping).unwrap(), "{}");
    assert_eq!(no_arguments::Ping::from_json("{}").unwrap(), ping);
    let refused: Vec<String> = no_arguments::Ping::from_json("[]")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(refused, ["(root): expected object, found array (type)"]);
}

#[test]
fn a_const_string_is_a_literal() {
    assert_eq!(
        round_trip(with(json!({"mode": "fast"}))).mode,
        Some(Mode::Fast)
    );
    assert_eq!(Mode::default(), Mode::Fast);
    assert_eq!(
        violations(with(json!({"mode": "slow"}))),
        [r#"/mode: expected "fast", found "slow" (const)"#]
    );
}

#[test]
fn branches_no_rule_separates_stay_a_checked_json_value() {
    let decoded = round_trip(with(json!({"amount": 2.5})));
    assert_eq!(decoded.amount, Some(Amount(json!(2.5))));
    assert_eq!(
        violations(with(json!({"amount": 101.3}))),
        [
            "/amount: expected a value matching at least one of 2 schemas, found none matching (anyOf)"
        ]
    );
}

mod diff {
    use portal_schema::diff::{Level, diff_str};
    use serde_json::{Value, json};

    fn fixture() -> Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/unions.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// The changes of `old` → `new`, one line each: pointer, Rust path, levels, message.
    fn changes(old: &Value, new: &Value) -> Vec<String> {
        let r = diff_str(
            &old.to_string(),
            None,
            &new.to_string(),
            None,
            &Default::default(),
        )
        .unwrap();
        r.changes
            .iter()
            .map(|c| {
                let api = match c.api {
                    Level::Major => "major",
                    Level::Minor => "minor",
                    Level::Patch => "patch",
                };
                let wire = c.wire.as_str();
                format!(
                    "{} {} [{api}, {wire}] {}",
                    c.pointer,
                    c.rust.as_deref().unwrap_or("-"),
                    c.message
                )
            })
            .collect()
    }

    #[test]
    fn a_branch_added_is_minor_and_loosens_the_wire() {
        let old = fixture();
        let mut new = old.clone();
        new["inputSchema"]["properties"]["id"]["oneOf"]
            .as_array_mut()
            .unwrap()
            .push(json!({"type": "boolean"}));
        assert_eq!(
            changes(&old, &new),
            [
                "/id Id::Boolean [minor, loosened] union branch boolean added (the enum is non-exhaustive)"
            ]
        );
    }

    #[test]
    fn a_branch_removed_is_major_and_tightens_the_wire() {
        let old = fixture();
        let mut new = old.clone();
        new["inputSchema"]["properties"]["pet"]["oneOf"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        // One branch left is no union: the type changes kind. The rule only names the place; a
        // witness proves requests refused, and that already breaks callers.
        assert_eq!(
            changes(&old, &new),
            ["/pet Pet [major, tightened] changed from a union to a checked JSON value"]
        );
        let mut three = old.clone();
        let bird = json!({
            "type": "object",
            "properties": {"kind": {"const": "bird"}, "name": {"type": "string"}},
            "required": ["kind", "name"]
        });
        three["inputSchema"]["properties"]["pet"]["oneOf"]
            .as_array_mut()
            .unwrap()
            .push(bird);
        assert_eq!(
            changes(&three, &old),
            [r#"/pet Pet::Bird [major, tightened] union branch "bird" removed"#]
        );
        assert_eq!(
            changes(&old, &three),
            [
                r#"/pet Pet::Bird [minor, loosened] union branch "bird" added (the enum is non-exhaustive)"#
            ]
        );
    }

    #[test]
    fn a_branch_whose_checks_change_is_compared_as_its_type() {
        let old = fixture();
        let mut new = old.clone();
        new["inputSchema"]["properties"]["id"]["oneOf"][0]["minLength"] = json!(5);
        assert_eq!(
            changes(&old, &new),
            ["/id Id::String [patch, tightened] minLength changed from 3 to 5"]
        );
    }
}
