//! Integers of any size: the Rust type an `integer` gets from its bounds (`i64`, `u64`, `i128`,
//! `serde_json::Number`), limits compared exactly past 2^53 and `multipleOf` at any magnitude,
//! with the exact texts of the violations, and a differential against the `jsonschema` crate on
//! values at and around every bound.
#![deny(warnings)]

use portal_runtime::prelude::*;
use serde_json::{Value, json};

use big_integers::BigIntegers;
use portal_tests::fixtures::big_integers;

fn violations(text: &str) -> Vec<String> {
    match BigIntegers::from_json(text) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn each_integer_gets_the_rust_type_its_bounds_allow() {
    let request = BigIntegers::builder()
        .id(u64::MAX)
        .count(7)
        .balance(-9_223_372_036_854_775_808_i128)
        .mass(serde_json::Number::from(1_000_000_000_000_000_000_u64))
        .ticket(9_007_199_254_740_993_i64)
        .build();
    // The field types, stated: a wrong one fails to compile.
    let id: u64 = request.id;
    let count: Option<&serde_json::Number> = request.count.as_ref();
    let balance: Option<i128> = request.balance;
    let mass: Option<&serde_json::Number> = request.mass.as_ref();
    let ticket: Option<i64> = request.ticket;
    assert_eq!(
        (
            id,
            count.map(ToString::to_string),
            balance,
            mass.map(ToString::to_string),
            ticket
        ),
        (
            u64::MAX,
            Some("7".to_owned()),
            Some(i128::from(i64::MIN)),
            Some("1000000000000000000".to_owned()),
            Some(9_007_199_254_740_993)
        )
    );
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"count":7,"id":18446744073709551615,"balance":-9223372036854775808,"mass":1000000000000000000,"ticket":9007199254740993}"#
    );
}

#[test]
fn integers_past_i64_decode_exactly_from_text_and_from_a_value() {
    let text = r#"{"id": 18446744073709551615, "balance": 18446744073709551614}"#;
    let from_text = BigIntegers::from_json(text).unwrap();
    assert_eq!(
        (from_text.id, from_text.balance),
        (u64::MAX, Some(18_446_744_073_709_551_614))
    );
    let from_value = BigIntegers::from_json_value(&serde_json::from_str(text).unwrap()).unwrap();
    assert_eq!(
        (from_value.id, from_value.balance),
        (u64::MAX, Some(18_446_744_073_709_551_614))
    );
    // `7.0` is an integer, as JSON Schema says, in every width; a `serde_json::Number` keeps
    // it as the integer (`as_i64` answers), and past `u64` as the integral float read.
    let integral = BigIntegers::from_json(
        r#"{"id": 7.0, "balance": -3.0, "mass": 2000.0, "count": 1e20, "ticket": 3.0}"#,
    )
    .unwrap();
    assert_eq!(
        (
            integral.id,
            integral.balance,
            integral.mass.as_ref().and_then(serde_json::Number::as_u64),
            integral.count.map(|c| c.to_string()),
            integral.ticket
        ),
        (7, Some(-3), Some(2000), Some("1e+20".to_owned()), Some(3))
    );
    let from_value = BigIntegers::from_json_value(&json!({"id": 0, "count": 5.0})).unwrap();
    assert_eq!(from_value.count.and_then(|c| c.as_u64()), Some(5));
}

#[test]
fn limits_are_compared_exactly() {
    assert_eq!(
        violations(r#"{"id": 0, "ticket": 9007199254740993}"#),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(r#"{"id": 0, "ticket": 9007199254740996}"#),
        ["/ticket: expected a number at most 9007199254740993, found 9007199254740996 (maximum)"]
    );
    assert_eq!(
        violations(r#"{"id": 0, "ticket": 9007199254740992}"#),
        ["/ticket: expected a multiple of 3, found 9007199254740992 (multipleOf)"]
    );
    assert_eq!(
        violations(r#"{"id": 0, "mass": 1e40, "half": 1e308}"#),
        [
            "/mass: expected a number less than 1e40, found 1e40 (exclusiveMaximum)",
            // The `f64` read for 1e40 is 10000000000000000303786028427003666890752.
            "/mass: expected a multiple of 1000, found 1e40 (multipleOf)",
        ]
    );
    assert_eq!(
        violations(r#"{"id": 0, "mass": 1500, "half": 0.25}"#),
        [
            "/mass: expected a multiple of 1000, found 1500 (multipleOf)",
            "/half: expected a multiple of 0.5, found 0.25 (multipleOf)",
        ]
    );
    assert_eq!(
        violations(r#"{"id": 0, "mass": 1.5}"#),
        ["/mass: expected integer, found 1.5 (type)"]
    );
    // A number built in code is checked to be an integer.
    let fractional = BigIntegers::builder()
        .id(1)
        .mass(serde_json::Number::from_f64(1.5).unwrap())
        .build();
    assert_eq!(
        fractional.validate().unwrap_err().to_string(),
        "1 violation\n  /mass: expected integer, found number (type)"
    );
}

#[test]
fn an_integer_unbounded_on_a_side_takes_any_integer_there() {
    // 2^70 and 2^64 (`optional/bignum.json` of the suite): valid, so never a type violation.
    let big = BigIntegers::from_json(r#"{"id": 0, "count": 1180591620717411303424}"#).unwrap();
    assert_eq!(
        big.count.map(|c| c.to_string()),
        Some("1.1805916207174113e+21".to_owned())
    );
    let past_u64 = BigIntegers::from_json(r#"{"id": 0, "count": 18446744073709551616}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&past_u64).unwrap(),
        r#"{"count":1.8446744073709552e+19,"id":0}"#
    );
    assert_eq!(
        violations(r#"{"id": 0, "count": -1}"#),
        ["/count: expected a number at least 0, found -1 (minimum)"]
    );
    assert_eq!(
        violations(r#"{"id": 0, "count": 1e20}"#),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(r#"{"id": 0, "count": 1.5}"#),
        ["/count: expected integer, found 1.5 (type)"]
    );
}

#[test]
fn a_value_the_rust_type_cannot_hold_is_named_so() {
    // The bounds chose the type, so such a value breaks a bound too.
    assert_eq!(
        violations(r#"{"id": -1, "balance": 1e30}"#),
        [
            "/id: expected an integer that u64 holds, found -1 (type)",
            "/balance: expected a number at most 18446744073709551615, found 1000000000000000019884624838656 (maximum)",
        ]
    );
}

/// Every property of the fixture, each instance wrapped as `{"id": 0, name: value}` (or as the
/// `id` itself), through the three entry points and the `jsonschema` crate.
#[test]
fn verdicts_agree_with_jsonschema_on_big_values() {
    let tool: Value =
        serde_json::from_str(include_str!("../../fixtures/big_integers.json")).unwrap();
    let oracle = jsonschema::validator_for(&tool["inputSchema"]).unwrap();
    let values = [
        json!(0),
        json!(-1),
        json!(1.0),
        json!(7.5),
        json!(1000),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(u64::MAX - 1),
        json!(9_007_199_254_740_992_u64),
        json!(9_007_199_254_740_993_u64),
        json!(9_007_199_254_740_994_u64),
        json!(9_007_199_254_740_995_u64),
        json!(18_446_744_073_709_551_616.0),
        json!(-9_223_372_036_854_775_809.0),
        json!(1e30),
        json!(1e39),
        json!(1e40),
        json!(1e308),
        json!(-1e308),
        json!(0.5),
        json!("1"),
    ];
    let (mut agreeing, mut disagreeing) = (0, Vec::new());
    for name in ["count", "id", "balance", "mass", "ticket", "half"] {
        for v in &values {
            let instance = if name == "id" {
                json!({ "id": v })
            } else {
                json!({ "id": 0, name: v })
            };
            let expected = oracle.is_valid(&instance);
            let got = [
                BigIntegers::from_json_value(&instance).is_ok(),
                BigIntegers::from_json(&instance.to_string()).is_ok(),
                serde_json::from_value::<BigIntegers>(instance.clone())
                    .is_ok_and(|t| t.validate().is_ok()),
            ];
            if got == [expected; 3] {
                agreeing += 1;
            } else {
                disagreeing.push(format!("{instance}: jsonschema {expected}, portal {got:?}"));
            }
        }
    }
    assert_eq!(disagreeing, Vec::<String>::new());
    assert_eq!(agreeing, 6 * values.len());
}

/// A bound that moves an integer to another Rust type breaks callers: `portal diff` says so.
#[test]
fn a_bound_that_changes_the_rust_type_is_a_major_change() {
    let tool = |id: &str| {
        format!(
            r#"{{"name": "t.create", "inputSchema": {{"type": "object",
                "properties": {{"id": {id}}}, "required": ["id"]}}}}"#
        )
    };
    let report = portal_schema::diff::diff_str(
        &tool(r#"{"type": "integer", "minimum": 0, "maximum": 9223372036854775807}"#),
        None,
        &tool(r#"{"type": "integer", "minimum": 0, "maximum": 18446744073709551615}"#),
        None,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        report.to_text(),
        "t.create: breaking: a major version (for a 0.x crate, the minor version)\n\
         requests: loosened (every request valid before is still valid)\n\
         \n\
         request:\n\
         - [major API, wire unchanged] /id (T::id): integer type changed (`i64` → `u64`)\n\
         - [patch API, wire loosened] /id (T::id): maximum changed from 9223372036854775807 to 18446744073709551615\n  \
         witness: {\"id\":9223372036854775808} refused before, valid now (/id: maximum)\n"
    );
}

/// An upper bound given to an integer unbounded above moves it from `serde_json::Number` to a
/// fixed width: a major change, as every change of the Rust type.
#[test]
fn bounding_an_unbounded_integer_is_a_major_change() {
    let tool = |count: &str| {
        format!(
            r#"{{"name": "t.create", "inputSchema": {{"type": "object",
                "properties": {{"count": {count}}}}}}}"#
        )
    };
    let report = portal_schema::diff::diff_str(
        &tool(r#"{"type": "integer", "minimum": 0}"#),
        None,
        &tool(r#"{"type": "integer", "minimum": 0, "maximum": 100}"#),
        None,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        report.to_text(),
        "t.create: breaking: a major version (for a 0.x crate, the minor version)\n\
         requests: tightened (some requests valid before are now refused)\n\
         \n\
         request:\n\
         - [major API, wire unchanged] /count (T::count): integer type changed (`serde_json::Number` → `i64`)\n\
         - [patch API, wire tightened] /count (T::count): maximum 100 added\n  \
         witness: {\"count\":101} valid before, refused now (/count: maximum)\n"
    );
}
