//! Validation that is exact and linear, and path parameters that cannot change the endpoint:
//! non-finite numbers in every shape a number takes, integer bounds past 2^53, `uniqueItems`
//! against a quadratic reference on seeded random arrays, and what a server on 127.0.0.1 receives
//! (nothing for a refused path parameter, the exact encoded path for an odd but valid one).

use crate::rng;
use crate::support::Recorder;

use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::mcp::McpClient;
use portal_runtime::prelude::*;
use portal_runtime::{Error, Method, Nullable, Operation};
use portal_runtime::{Path, Violations};
use rng::Rng;
use serde_json::{Value, json};

use portal_tests::fixtures::readings::Reading;

fn lines(violations: &Violations) -> Vec<String> {
    violations.iter().map(ToString::to_string).collect()
}

fn reading() -> Reading {
    Reading::builder()
        .site("north")
        .sensor("t1")
        .value(21.5)
        .build()
}

mod numbers {
    use super::*;

    #[test]
    fn non_finite_numbers_are_refused_in_every_shape() {
        let mut request = reading();
        request.value = f64::NAN;
        request.offset = Some(f64::INFINITY);
        request.previous = Some(Nullable::Value(f64::NEG_INFINITY));
        request.samples = Some(vec![1.0, f64::NAN, -0.0, f64::INFINITY]);
        assert_eq!(
            lines(&request.validate().unwrap_err()),
            [
                "/value: expected a finite number, found NaN (type)",
                "/offset: expected a finite number, found infinity (type)",
                "/previous: expected a finite number, found -infinity (type)",
                "/samples/1: expected a finite number, found NaN (type)",
                "/samples/3: expected a finite number, found infinity (type)",
            ]
        );
    }

    #[test]
    fn finite_extremes_pass() {
        let mut request = reading();
        request.value = f64::MAX;
        request.offset = Some(-100.0);
        request.previous = Some(Nullable::Null);
        request.samples = Some(vec![f64::MIN, f64::MIN_POSITIVE, -0.0, 1e308]);
        assert_eq!(request.validate(), Ok(()));
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"site":"north","sensor":"t1","value":1.7976931348623157e+308,"offset":-100.0,"previous":null,"samples":[-1.7976931348623157e+308,2.2250738585072014e-308,-0.0,1e+308]}"#
        );
    }

    #[test]
    fn a_plain_f64_validates_as_a_json_number() {
        assert_eq!(
            lines(&f64::NAN.validate().unwrap_err()),
            ["(root): expected a finite number, found NaN (type)"]
        );
        assert_eq!(1.5_f64.validate(), Ok(()));
    }

    #[test]
    fn integer_bounds_are_exact_past_2_pow_53() {
        // 2^53 + 1 is no f64: as one it would round to 2^53, the maximum, and pass.
        let text = r#"{"site":"s","sensor":"t","value":1,"serial":9007199254740993,"batch":9007199254740992}"#;
        let errors = Reading::from_json(text).unwrap_err();
        assert_eq!(
            lines(&errors),
            [
                "/serial: expected a number at most 9007199254740992, found 9007199254740993 (maximum)",
                "/batch: expected a multiple of 3, found 9007199254740992 (multipleOf)",
            ]
        );
        let mut request: Reading = serde_json::from_str(text).unwrap();
        assert_eq!(request.validate().unwrap_err(), errors);
        // 2^53 + 1 is a multiple of 3; 2^53, what `as f64` makes of it, is not.
        request.serial = Some(9_007_199_254_740_992);
        request.batch = Some(9_007_199_254_740_993_i64.into());
        assert_eq!(request.validate(), Ok(()));
        request.serial = Some(i64::MIN);
        request.batch = Some(i64::MAX.into());
        assert_eq!(
            lines(&request.validate().unwrap_err()),
            [
                "/serial: expected a number at least 0, found -9223372036854775808 (minimum)",
                "/batch: expected a multiple of 3, found 9223372036854775807 (multipleOf)",
            ]
        );
    }
}

mod unique_items {
    use super::*;

    #[test]
    fn the_first_repeat_is_reported_with_the_item_it_repeats() {
        let errors = Reading::from_json_value(
            &json!({"site": "s", "sensor": "t", "value": 1, "labels": ["a", "b", "c", "b", "a"]}),
        )
        .unwrap_err();
        assert_eq!(
            lines(&errors),
            [
                "/labels/3: expected an item unlike the others, found a repeat of item 1 (uniqueItems)"
            ]
        );
    }

    /// JSON Schema equality written the plain way: numbers compared as exact values through
    /// their decimal text, objects key by key, every pair of items compared.
    fn reference_equal(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => exact(x) == exact(y),
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| reference_equal(a, b))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, v)| y.get(k).is_some_and(|w| reference_equal(v, w)))
            }
            _ => a == b,
        }
    }

    /// A number as an exact decimal `(negative, digits, exponent)` with no leading or trailing
    /// zeros in `digits`: `1`, `1.0` and `10e-1` all become `(false, "1", 0)`.
    fn exact(n: &serde_json::Number) -> (bool, String, i64) {
        let text = match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.to_string(),
            (_, Some(i)) => i.to_string(),
            // 1,100 decimals hold every digit of any f64 (the smallest has 1,074): the exact value.
            _ => format!("{:.1100}", n.as_f64().unwrap()),
        };
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mut exponent: i64 = exponent.parse().unwrap();
        let negative = mantissa.starts_with('-');
        let mantissa = mantissa.trim_start_matches('-');
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        exponent -= frac.len() as i64;
        let mut digits = format!("{int}{frac}").trim_start_matches('0').to_owned();
        if digits.is_empty() {
            return (false, "0".to_owned(), 0);
        }
        while digits.ends_with('0') {
            digits.pop();
            exponent += 1;
        }
        (negative, digits, exponent)
    }

    fn reference_first_repeat(items: &[Value]) -> Option<(usize, usize)> {
        (0..items.len()).find_map(|j| {
            (0..j)
                .find(|&i| reference_equal(&items[i], &items[j]))
                .map(|i| (i, j))
        })
    }

    /// Numbers chosen to meet: the same value written as an integer and a float, signed zeros,
    /// neighbours of 2^53 and of the integer limits, large and tiny floats.
    fn number(rng: &mut Rng) -> Value {
        match rng.below(12) {
            0 => json!(rng.below(4)),
            1 => json!(rng.below(4) as f64),
            2 => json!(-(rng.below(3) as i64)),
            3 => json!(-(rng.below(3) as f64)),
            4 => json!(*rng.pick(&[0.0, -0.0, 0.5, -0.5, 1e308, -1e308, 5e-324])),
            5 => json!(9_007_199_254_740_992_u64 + rng.below(3) as u64),
            6 => json!(9_007_199_254_740_992.0 + 2.0 * rng.below(2) as f64),
            7 => json!(*rng.pick(&[u64::MAX, u64::MAX - 1])),
            8 => json!(*rng.pick(&[18_446_744_073_709_551_615.0, 18_446_744_073_709_551_616.0])),
            9 => json!(*rng.pick(&[i64::MIN, i64::MIN + 1])),
            10 => json!(-9_223_372_036_854_775_808.0),
            _ => json!(*rng.pick(&[
                1e20,
                100_000_000_000_000_000_000.0,
                0.1,
                0.30000000000000004
            ])),
        }
    }

    fn value(rng: &mut Rng, depth: usize) -> Value {
        let leaf = depth == 0 || rng.chance(60);
        match rng.below(if leaf { 5 } else { 7 }) {
            0 => Value::Null,
            1 => json!(rng.chance(50)),
            2 | 3 => number(rng),
            4 => json!(rng.pick(&["", "a", "b", "1"]).to_string()),
            5 => Value::Array((0..rng.below(3)).map(|_| value(rng, depth - 1)).collect()),
            _ => {
                // Keys drawn in any order, so equal objects differ in key order.
                let mut map = serde_json::Map::new();
                for _ in 0..rng.below(3) {
                    map.insert(
                        rng.pick(&["x", "y", "z"]).to_string(),
                        value(rng, depth - 1),
                    );
                }
                Value::Object(map)
            }
        }
    }

    #[test]
    fn agrees_with_the_quadratic_reference_on_seeded_random_arrays() {
        let mut rng = Rng(0x5EED_0001_F00D_CAFE);
        let (mut repeats, mut uniques) = (0, 0);
        for case in 0..4000 {
            let items: Vec<Value> = (0..rng.below(8)).map(|_| value(&mut rng, 3)).collect();
            let expected = reference_first_repeat(&items);
            assert_eq!(
                portal_runtime::__private_v1::instance::first_repeat(&items),
                expected,
                "case {case}: {}",
                Value::Array(items.clone())
            );
            assert_eq!(
                portal_runtime::__private_v1::instance::all_unique(&items),
                expected.is_none()
            );
            let mut out = Violations::default();
            portal_runtime::__private_v1::instance::unique_items(&items, &Path::Root, &mut out);
            match expected {
                Some((i, j)) => {
                    repeats += 1;
                    assert_eq!(
                        lines(&out),
                        [format!(
                            "/{j}: expected an item unlike the others, found a repeat of item {i} (uniqueItems)"
                        )]
                    );
                }
                None => {
                    uniques += 1;
                    assert!(out.is_empty());
                }
            }
        }
        // Both outcomes are drawn often enough to mean something.
        assert!(
            repeats > 1000 && uniques > 1000,
            "{repeats} repeats, {uniques} unique"
        );
    }
}

mod duplicate_properties {
    use super::*;

    /// What serde then `validate` says, and what `from_json` lists, for `text`.
    fn both(text: &str) -> (String, Vec<String>) {
        let serde = match serde_json::from_str::<Reading>(text) {
            Ok(value) => match value.validate() {
                Ok(()) => "ok".to_owned(),
                Err(v) => v.to_string(),
            },
            Err(e) => e.to_string(),
        };
        let listed = match Reading::from_json(text) {
            Ok(_) => vec!["ok".to_owned()],
            Err(v) => lines(&v),
        };
        (serde, listed)
    }

    const HEAD: &str = r#""site":"s","sensor":"t","value":1"#;

    fn repeat(pointer: &str) -> String {
        format!("{pointer}: expected a property that appears once, found a repeat (json)")
    }

    #[test]
    fn a_declared_property_named_twice_is_refused_both_ways() {
        assert_eq!(
            both(&format!(r#"{{{HEAD},"site":"again"}}"#)),
            (
                "duplicate field `site` at line 1 column 41".to_owned(),
                vec![repeat("/site")]
            )
        );
    }

    #[test]
    fn a_repeat_inside_a_map_is_refused_both_ways() {
        assert_eq!(
            both(&format!(
                r#"{{{HEAD},"meta":{{"k":1,"list":[{{"a":1,"a":1}}],"k":2}}}}"#
            )),
            (
                "duplicate property \"a\" at line 1 column 70".to_owned(),
                vec![repeat("/meta/list/0/a"), repeat("/meta/k")]
            )
        );
    }

    #[test]
    fn a_repeat_inside_a_checked_json_value_is_refused_both_ways() {
        // The first `x` is kept for the other checks: `"oops"` is not a number, but it is gone.
        assert_eq!(
            both(&format!(
                r#"{{{HEAD},"calibration":{{"x":1.5,"x":"oops"}},"offset":500}}"#
            )),
            (
                "duplicate property \"x\" at line 1 column 69".to_owned(),
                vec![
                    repeat("/calibration/x"),
                    "/offset: expected a number at most 100, found 500 (maximum)".to_owned()
                ]
            )
        );
        // Without repeats both accept the same text.
        assert_eq!(
            both(&format!(
                r#"{{{HEAD},"calibration":{{"x":1.5,"y":2}},"meta":{{"k":[1,1]}}}}"#
            )),
            ("ok".to_owned(), vec!["ok".to_owned()])
        );
    }

    #[test]
    fn strict_values_refuse_repeats_at_any_depth() {
        let strict = |text: &str| {
            serde_json::from_str::<portal_runtime::StrictValue>(text)
                .map(|v| v.0)
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            strict(r#"[{"a":{"b":1,"b":1}}]"#),
            Err("duplicate property \"b\" at line 1 column 19".to_owned())
        );
        assert_eq!(
            strict(r#"[{"a":{"b":1,"c":1}}]"#),
            Ok(json!([{"a": {"b": 1, "c": 1}}]))
        );
    }
}

/// A [`Recorder`] that answers `{}` to anything.
async fn recorder() -> Recorder {
    Recorder::start(|_: &str, _: &str, _: &str| (200, "{}".to_owned())).await
}

fn client(base: &str) -> Client {
    Client::builder()
        .api_key("sk_test_path")
        .base_url(base)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// One hand-written operation per method, each with two path parameters.
macro_rules! operation {
    ($name:ident, $method:expr) => {
        #[derive(serde::Serialize)]
        struct $name {
            org: Value,
            id: String,
            note: String,
        }

        impl Validate for $name {
            fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
        }

        impl Operation for $name {
            const TOOL: &'static str = "things.edit";
            const METHOD: Method = $method;
            const PATH: &'static str = "/orgs/{org}/things/{id}";
            type Output = Value;
        }
    };
}
operation!(GetThing, Method::Get);
operation!(PostThing, Method::Post);
operation!(PutThing, Method::Put);
operation!(PatchThing, Method::Patch);
operation!(DeleteThing, Method::Delete);

/// Sends the same parameters through every method; each outcome as text (`ok` or the error).
async fn every_method(client: &Client, org: Value, id: &str) -> Vec<String> {
    fn shown(result: Result<Value, Error>) -> String {
        match result {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.to_string(),
        }
    }
    let id = id.to_owned();
    let note = "n".to_owned();
    vec![
        shown(
            client
                .send(&GetThing {
                    org: org.clone(),
                    id: id.clone(),
                    note: note.clone(),
                })
                .await,
        ),
        shown(
            client
                .send(&PostThing {
                    org: org.clone(),
                    id: id.clone(),
                    note: note.clone(),
                })
                .await,
        ),
        shown(
            client
                .send(&PutThing {
                    org: org.clone(),
                    id: id.clone(),
                    note: note.clone(),
                })
                .await,
        ),
        shown(
            client
                .send(&PatchThing {
                    org: org.clone(),
                    id: id.clone(),
                    note: note.clone(),
                })
                .await,
        ),
        shown(client.send(&DeleteThing { org, id, note }).await),
    ]
}

mod path_parameters {
    use super::*;

    fn refused(pointer: &str, found: &str) -> String {
        format!(
            "{pointer}: expected a path segment other than \"\", \".\" and \"..\", found {found:?} (x-http)"
        )
    }

    #[tokio::test]
    async fn refused_values_send_nothing_whatever_the_method() {
        let seen = recorder().await;
        let base = seen.base_url();
        let client = client(base);
        // (org, id, every refused parameter with its value)
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: [Case<'_>; 5] = [
            ("..", "x", &[("/org", "..")]),
            ("org", ".", &[("/id", ".")]),
            ("%2e%2e", "%2E.", &[("/org", "%2e%2e"), ("/id", "%2E.")]),
            ("", "", &[("/org", ""), ("/id", "")]),
            ("org", "%2e", &[("/id", "%2e")]),
        ];
        for (org, id, bad) in cases {
            let outcome = every_method(&client, json!(org), id).await;
            let listed: Vec<String> = bad.iter().map(|(p, v)| refused(p, v)).collect();
            let n = listed.len();
            let expected = format!(
                "invalid request: {n} violation{}\n  {}",
                if n == 1 { "" } else { "s" },
                listed.join("\n  ")
            );
            assert_eq!(outcome, vec![expected; 5], "org {org:?}, id {id:?}");
        }
        // The generated binding (PUT) refuses them too.
        let mut request = reading();
        request.site = "..".to_owned();
        request.sensor = String::new();
        match client.send(&request).await {
            Err(Error::Validation(v)) => {
                assert_eq!(lines(&v), [refused("/site", ".."), refused("/sensor", "")])
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(seen.lines(), Vec::<String>::new());
    }

    #[tokio::test]
    async fn odd_but_valid_values_arrive_as_one_encoded_segment() {
        let seen = recorder().await;
        let base = seen.base_url();
        let client = client(base);
        let cases = [
            (json!("a/b"), "a%b", "/orgs/a%2Fb/things/a%25b"),
            (json!("é"), "a b", "/orgs/%C3%A9/things/a%20b"),
            (json!("..."), ".a", "/orgs/.../things/.a"),
            (
                json!(-1.5),
                "%2e%2e%2e",
                "/orgs/-1.5/things/%252e%252e%252e",
            ),
            (json!(42), "?#", "/orgs/42/things/%3F%23"),
        ];
        let mut expected = Vec::new();
        for (org, id, path) in cases {
            assert_eq!(every_method(&client, org, id).await, vec!["ok"; 5]);
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
                let query = if matches!(method, "GET" | "DELETE") {
                    "?note=n"
                } else {
                    ""
                };
                expected.push(format!("{method} {path}{query}"));
            }
        }
        let mut request = reading();
        request.site = "a/b".to_owned();
        request.sensor = "..x".to_owned();
        assert_eq!(client.send(&request).await.unwrap(), json!({}));
        expected.push("PUT /sites/a%2Fb/sensors/..x/readings".to_owned());
        assert_eq!(seen.lines(), expected);
    }

    /// A decoder for what the server receives, independent of the encoder.
    fn percent_decode(segment: &str) -> Vec<u8> {
        let bytes = segment.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        out
    }

    #[tokio::test]
    async fn random_values_round_trip_through_one_segment() {
        let seen = recorder().await;
        let base = seen.base_url();
        let client = client(base);
        let alphabet: Vec<char> = "ab./%2eE?#&=+ ~-_:@!$'()*,;[]\\\"<>{}|^`\u{0}\u{7f}é€😀"
            .chars()
            .collect();
        let mut rng = Rng(0x9A7B_5E65_0002_0001);
        let mut sent = 0;
        for _ in 0..300 {
            let value: String = (0..rng.below(6)).map(|_| *rng.pick(&alphabet)).collect();
            let request = PutThing {
                org: json!("o"),
                id: value.clone(),
                note: String::new(),
            };
            let result = client.send(&request).await;
            let dot = matches!(
                value.to_lowercase().replace("%2e", ".").as_str(),
                "." | ".."
            );
            if value.is_empty() || dot {
                assert!(
                    matches!(result, Err(Error::Validation(_))),
                    "{value:?}: {result:?}"
                );
                continue;
            }
            assert!(result.is_ok(), "{value:?}: {result:?}");
            sent += 1;
            let received = seen.take().pop().unwrap().line;
            let segment = received.strip_prefix("PUT /orgs/o/things/").unwrap();
            assert!(!segment.contains('/'), "{value:?} became {segment:?}");
            assert!(
                !matches!(segment, "." | ".."),
                "{value:?} became {segment:?}"
            );
            assert_eq!(
                percent_decode(segment),
                value.as_bytes(),
                "{value:?} became {segment:?}"
            );
        }
        assert!(sent > 250, "{sent}");
    }
}

mod never_sent {
    use super::*;

    #[tokio::test]
    async fn a_non_finite_number_goes_out_neither_over_rest_nor_over_mcp() {
        let seen = recorder().await;
        let base = seen.base_url();
        let mut request = reading();
        request.samples = Some(vec![f64::NAN]);
        let expected = "invalid request: 1 violation\n  /samples/0: expected a finite number, found NaN (type)";
        let rest = client(base).send(&request).await.unwrap_err();
        assert_eq!(rest.to_string(), expected);
        let mcp = McpClient::builder()
            .endpoint(format!("{base}/mcp"))
            .build()
            .unwrap();
        let mcp = mcp.send(&request).await.unwrap_err();
        assert_eq!(mcp.to_string(), expected);
        assert_eq!(seen.lines(), Vec::<String>::new());
    }
}

/// The checkers of the `format` keyword against reference crates, on seeded strings: valid
/// examples mutated (a character inserted, removed or replaced from an alphabet that matters to
/// the format), so both sides of each rule are drawn.
mod formats {
    use super::*;
    use portal_runtime::__private_v1::format;

    fn mutated(rng: &mut Rng, seeds: &[&str], alphabet: &[char]) -> String {
        let mut chars: Vec<char> = rng.pick(seeds).chars().collect();
        for _ in 0..rng.below(3) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 => chars.insert(at, *rng.pick(alphabet)),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = *rng.pick(alphabet),
                _ => {}
            }
        }
        chars.into_iter().collect()
    }

    /// Runs `ours` and `reference` on `n` drawn strings: every disagreement, and how many of the
    /// strings were valid.
    fn compare(
        seed: u64,
        seeds: &[&str],
        alphabet: &str,
        ours: fn(&str) -> bool,
        reference: &dyn Fn(&str) -> bool,
    ) -> (Vec<String>, usize) {
        let alphabet: Vec<char> = alphabet.chars().collect();
        let mut rng = Rng(seed);
        let (mut disagreements, mut valid) = (Vec::new(), 0);
        for _ in 0..20_000 {
            let s = mutated(&mut rng, seeds, &alphabet);
            let (a, b) = (ours(&s), reference(&s));
            valid += usize::from(a);
            if a != b {
                disagreements.push(format!("{s:?}: ours {a}, reference {b}"));
            }
        }
        disagreements.sort();
        disagreements.dedup();
        (disagreements, valid)
    }

    #[test]
    fn uuid_agrees_with_the_uuid_crate_on_the_hyphenated_form() {
        // The uuid crate also reads the simple (32 digits), braced and URN forms; RFC 4122's
        // string representation, which JSON Schema names, is the hyphenated one alone.
        let (disagreements, valid) = compare(
            0x0001,
            &[
                "123e4567-e89b-12d3-a456-426614174000",
                "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            ],
            "0123456789abcdefABCDEFgG-{}:",
            format::is_uuid,
            &|s| s.len() == 36 && uuid::Uuid::try_parse(s).is_ok(),
        );
        assert_eq!(disagreements, Vec::<String>::new());
        assert!(valid > 2000, "{valid}");
        // And the forms refused by design.
        for other in [
            "123e4567e89b12d3a456426614174000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
        ] {
            assert!(
                uuid::Uuid::try_parse(other).is_ok() && !format::is_uuid(other),
                "{other}"
            );
        }
    }

    #[test]
    fn uri_agrees_with_fluent_uri() {
        let (disagreements, valid) = compare(
            0x0002,
            &[
                "https://example.com/a/b?c=d#e",
                "urn:isbn:0451450523",
                "mailto:a@example.com",
                "http://[::1]:80/",
                "foo://user:pw@host:8042/over/there?name=ferret#nose",
            ],
            ":/?#[]@!$&'()*+,;=%20aZ-._~ \\\"<>{}|^`é",
            format::is_uri,
            &|s| fluent_uri::Uri::parse(s).is_ok(),
        );
        assert_eq!(disagreements, Vec::<String>::new());
        assert!(valid > 2000, "{valid}");
    }

    /// Every disagreement of `found` that `why` does not explain, and how many each reason
    /// explained.
    fn unexplained(
        found: &[String],
        why: impl Fn(&str, bool) -> Option<&'static str>,
    ) -> (Vec<String>, std::collections::BTreeMap<&'static str, usize>) {
        let mut counts = std::collections::BTreeMap::new();
        let mut left = Vec::new();
        for line in found {
            let (text, verdict) = line.rsplit_once(": ours ").unwrap();
            let value: String = serde_json::from_str(text).unwrap();
            match why(&value, verdict.starts_with("true")) {
                Some(reason) => *counts.entry(reason).or_insert(0) += 1,
                None => left.push(line.clone()),
            }
        }
        (left, counts)
    }

    #[test]
    fn email_agrees_with_the_email_address_crate_but_where_rfc_5321_says_otherwise() {
        let (disagreements, valid) = compare(
            0x0003,
            &[
                "joe.bloggs@example.com",
                "\"joe bloggs\"@example.com",
                "a@[127.0.0.1]",
                "a@[IPv6:::1]",
                "x+y@sub.example.org",
            ],
            "a.@\"\\ []-_+:1é",
            format::is_email,
            &|s| email_address::EmailAddress::is_valid(s),
        );
        let (left, counts) = unexplained(&disagreements, |s, ours| {
            let (local, domain) = s.rsplit_once('@')?;
            if !ours && !s.is_ascii() {
                // RFC 6531 (SMTPUTF8) addresses are JSON Schema's `idn-email`, not `email`.
                Some("non-ASCII")
            } else if !ours && !format::is_email(&format!("a@{domain}")) {
                // The crate takes any domain text and any `[...]` literal; RFC 5321 wants an
                // RFC 1123 host name or an IPv4 / `IPv6:` address literal.
                Some("domain")
            } else if ours && local.starts_with('"') && local.contains('\\') {
                // RFC 5321 `quoted-pairSMTP` (`\` then any printable ASCII); the crate refuses it.
                Some("quoted pair")
            } else {
                None
            }
        });
        assert_eq!(left, Vec::<String>::new());
        assert_eq!(
            counts.keys().copied().collect::<Vec<_>>(),
            ["domain", "non-ASCII", "quoted pair"]
        );
        assert!(valid > 2000, "{valid}");
    }

    #[test]
    fn date_time_agrees_with_chrono_but_where_rfc_3339_says_otherwise() {
        let (disagreements, valid) = compare(
            0x0004,
            &[
                "1963-06-19T08:30:06.283185Z",
                "1990-12-31T23:59:60Z",
                "1990-12-31T15:59:60-08:00",
                "2024-02-29T00:00:00+01:30",
            ],
            "0123456789-:T tZz.+",
            format::is_date_time,
            &|s| chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        );
        let (left, counts) = unexplained(&disagreements, |s, ours| {
            if ours {
                return None;
            }
            if s.as_bytes().get(10) == Some(&b' ') {
                // chrono takes a space for the `T`, which RFC 3339's `date-time` rule does not.
                Some("space")
            } else if s.get(17..19) == Some("60") {
                // chrono takes a leap second on any minute; one is only ever inserted at
                // 23:59:60 UTC.
                Some("leap second")
            } else {
                None
            }
        });
        assert_eq!(left, Vec::<String>::new());
        assert_eq!(
            counts.keys().copied().collect::<Vec<_>>(),
            ["leap second", "space"]
        );
        assert!(valid > 2000, "{valid}");
    }

    #[test]
    fn date_agrees_with_chrono_on_the_rfc_3339_shape() {
        // chrono's `%Y-%m-%d` also reads unpadded fields, a signed year and leading spaces; on
        // the exact `YYYY-MM-DD` shape both decide the calendar alike.
        let shaped = |s: &str| {
            s.len() == 10
                && s.bytes().enumerate().all(|(i, c)| match i {
                    4 | 7 => c == b'-',
                    _ => c.is_ascii_digit(),
                })
        };
        let (disagreements, valid) = compare(
            0x0005,
            &[
                "1963-06-19",
                "2024-02-29",
                "2000-02-29",
                "1900-02-28",
                "2023-04-30",
            ],
            "0123456789-+ ",
            format::is_date,
            &|s| shaped(s) && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
        );
        assert_eq!(disagreements, Vec::<String>::new());
        assert!(valid > 2000, "{valid}");
    }
}
