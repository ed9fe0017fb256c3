//! Every fixture schema in `tests/fixtures/` through the `tool!` macro, compiled under
//! `#![deny(warnings)]`, and exercised: exact wire JSON, exact violation messages, names that are
//! not Rust identifiers kept exactly on the wire, recursive types.
#![deny(warnings)]

use portal_runtime::prelude::*;
use portal_runtime::{Method, Violations};
use serde_json::{Value, json};

use portal_tests::fixtures::{
    constraints, email_format, hard_names, invite_user, nested_options, no_intent_options,
    refs_layout, renamed_emails,
};

/// The violations of `value` as `T`, one message per line.
fn violations<T: FromJson + std::fmt::Debug>(value: Value) -> Vec<String> {
    let errors: Violations = T::from_json_value(&value).expect_err("expected violations");
    // The text path must agree with the value path.
    let from_text = T::from_json(&value.to_string()).expect_err("from_json must refuse it too");
    assert_eq!(
        from_text, errors,
        "from_json and from_json_value disagree on {value}"
    );
    errors.iter().map(ToString::to_string).collect()
}

/// Decodes `value` as `T` (both entry points), checks it re-serializes to exactly `value`.
fn round_trip<T: FromJson + serde::Serialize + PartialEq + std::fmt::Debug>(value: Value) -> T {
    let decoded = T::from_json_value(&value).unwrap_or_else(|e| panic!("{value} refused: {e}"));
    assert_eq!(T::from_json(&value.to_string()).unwrap(), decoded);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

mod renamed {
    use super::renamed_emails::{Intent, RenamedEmails};
    use super::*;

    #[test]
    fn the_new_name_is_on_the_wire() {
        let request = RenamedEmails::builder()
            .organization("org_1")
            .intent(Intent::Dsync)
            .it_contact_emails(vec!["it@example.com".to_owned()])
            .build();
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"organization":"org_1","intent":"dsync","it_contact_emails":["it@example.com"]}"#
        );
        assert_eq!(<RenamedEmails as Operation>::PATH, "/portal/generate_link");
        assert_eq!(<RenamedEmails as Operation>::METHOD, Method::Post);
    }

    #[test]
    fn the_old_name_is_ignored_not_sent() {
        // `admin_emails` is no longer declared: accepted (additional properties are allowed) and
        // dropped, so a stale field is never sent on.
        let decoded =
            RenamedEmails::from_json(r#"{"organization":"o","admin_emails":["a@b.c"]}"#).unwrap();
        assert_eq!(decoded.it_contact_emails, None);
        assert_eq!(
            serde_json::to_string(&decoded).unwrap(),
            r#"{"organization":"o"}"#
        );
    }

    #[test]
    fn max_items_without_format() {
        let many: Vec<String> = (0..21).map(|i| format!("not an email {i}")).collect();
        assert_eq!(
            violations::<RenamedEmails>(json!({"organization": "o", "it_contact_emails": many})),
            ["/it_contact_emails: expected at most 20 items, found 21 (maxItems)"]
        );
        let twenty: Vec<String> = (0..20).map(|i| format!("anything {i}")).collect();
        round_trip::<RenamedEmails>(json!({"organization": "o", "it_contact_emails": twenty}));
    }
}

mod formats {
    use super::email_format::EmailFormat;
    use super::*;

    #[test]
    fn each_item_is_an_email() {
        assert_eq!(
            violations::<EmailFormat>(json!({
                "organization": "o",
                "it_contact_emails": ["a@example.com", "nobody", "b@example.com", "c@"]
            })),
            [
                "/it_contact_emails/1: expected an email address (format \"email\"), found \"nobody\" (format)",
                "/it_contact_emails/3: expected an email address (format \"email\"), found \"c@\" (format)",
            ]
        );
        round_trip::<EmailFormat>(
            json!({"organization": "o", "it_contact_emails": ["a@example.com"]}),
        );
    }

    #[test]
    fn validate_reports_the_same_as_decoding() {
        let request = EmailFormat::builder()
            .organization("o")
            .it_contact_emails(vec!["x".to_owned(); 21])
            .build();
        let errors = request.validate().unwrap_err();
        assert_eq!(errors.len(), 22);
        assert_eq!(
            errors.0[0].to_string(),
            "/it_contact_emails: expected at most 20 items, found 21 (maxItems)"
        );
        assert_eq!(
            errors.0[21].to_string(),
            "/it_contact_emails/20: expected an email address (format \"email\"), found \"x\" (format)"
        );
    }
}

mod removed {
    use super::no_intent_options::{Intent, NoIntentOptions};
    use super::*;

    #[test]
    fn intent_options_is_gone() {
        let decoded = NoIntentOptions::from_json(
            r#"{"organization":"o","intent":"domain_verification","intent_options":{"sso":{"provider_type":"GoogleSAML"}}}"#,
        )
        .unwrap();
        assert_eq!(decoded.intent, Some(Intent::DomainVerification));
        assert_eq!(
            serde_json::to_string(&decoded).unwrap(),
            r#"{"organization":"o","intent":"domain_verification"}"#
        );
    }

    #[test]
    fn uri_and_email_rules() {
        assert_eq!(
            violations::<NoIntentOptions>(json!({
                "return_url": "/relative",
                "it_contact_emails": ["ok@example.com", "two@@example.com"],
                "intent": "sso"
            })),
            [
                "/organization: expected a value, found none (required)",
                "/return_url: expected an absolute URI (format \"uri\"), found \"/relative\" (format)",
                "/it_contact_emails/1: expected an email address (format \"email\"), found \"two@@example.com\" (format)",
            ]
        );
    }
}

mod nested {
    use super::nested_options::{
        DomainVerificationIntentOptions, IntentOptions, NestedOptions, SsoIntentOptions,
    };
    use super::*;

    #[test]
    fn sso_is_optional_inside_intent_options() {
        let request = NestedOptions::builder()
            .organization("o")
            .intent_options(
                IntentOptions::builder()
                    .domain_verification(
                        DomainVerificationIntentOptions::builder()
                            .domain_name("example.com")
                            .build(),
                    )
                    .build(),
            )
            .build();
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"organization": "o", "intent_options": {"domain_verification": {"domain_name": "example.com"}}})
        );
        assert_eq!(
            round_trip::<NestedOptions>(serde_json::to_value(&request).unwrap()),
            request
        );
        round_trip::<NestedOptions>(json!({"organization": "o", "intent_options": {}}));
        // Every nested struct is all-optional, so it has a Default.
        assert_eq!(
            serde_json::to_value(SsoIntentOptions::default()).unwrap(),
            json!({})
        );
    }

    #[test]
    fn nested_objects_are_objects() {
        assert_eq!(
            violations::<NestedOptions>(json!({
                "organization": "o",
                "intent_options": {"sso": [], "domain_verification": {"domain_name": null}}
            })),
            [
                "/intent_options/sso: expected object, found array (type)",
                "/intent_options/domain_verification/domain_name: expected string, found null (type)",
            ]
        );
    }
}

mod refs {
    use super::refs_layout::{GenerateLink, Intent, IntentOptions, SsoIntentOptions};
    use super::*;

    #[test]
    fn the_root_ref_is_named_after_the_tool_and_refs_are_shared() {
        let request = GenerateLink::builder()
            .organization("org_123")
            .intent(Intent::Sso)
            .fallback_intent(Intent::Dsync)
            .intent_options(
                IntentOptions::builder()
                    .sso(
                        SsoIntentOptions::builder()
                            .provider_type("GoogleSAML")
                            .build(),
                    )
                    .build(),
            )
            .it_contact_emails(vec!["it@example.com".to_owned()])
            .build();
        assert!(request.validate().is_ok());
        let wire = json!({
            "organization": "org_123",
            "intent": "sso",
            "fallback_intent": "dsync",
            "intent_options": {"sso": {"provider_type": "GoogleSAML"}},
            "it_contact_emails": ["it@example.com"]
        });
        assert_eq!(serde_json::to_value(&request).unwrap(), wire);
        assert_eq!(round_trip::<GenerateLink>(wire), request);
        assert_eq!(
            <GenerateLink as Operation>::TOOL,
            "portal.generate_link.create"
        );
    }

    #[test]
    fn const_enum_and_referenced_format_are_enforced() {
        assert_eq!(
            violations::<GenerateLink>(json!({
                "organization": "o",
                "fallback_intent": "bogus",
                "intent_options": {"sso": {"provider_type": "OktaSAML"}},
                "it_contact_emails": ["it.example.com"]
            })),
            [
                "/fallback_intent: expected one of \"sso\", \"dsync\", found \"bogus\" (enum)",
                "/intent_options/sso/provider_type: expected \"GoogleSAML\", found \"OktaSAML\" (const)",
                "/it_contact_emails/0: expected an email address (format \"email\"), found \"it.example.com\" (format)",
            ]
        );
        let built = SsoIntentOptions::builder()
            .provider_type("GoogleSaml")
            .build();
        assert_eq!(
            built.validate().unwrap_err().to_string(),
            "1 violation\n  /provider_type: expected \"GoogleSAML\", found \"GoogleSaml\" (const)"
        );
    }
}

mod hard {
    use super::hard_names::{AVisitor, Crate, HardNames, Kind, Visitor};
    use super::*;

    fn full() -> HardNames {
        HardNames::builder()
            .r#type("t")
            .r#ref(7)
            .self_(true)
            .self_3("S")
            .crate_(Crate::builder().super_("sup").build())
            .x_request_id("req-1")
            ._1st("first")
            .caf_u00e9("noir")
            .cafe("cafe")
            .foo_bar("fb")
            .foo_bar_baz("fbb")
            .empty("empty")
            .proto("proto")
            .at("at")
            .out("out")
            .deep("deep")
            .value("value")
            .map("map")
            .key("key")
            .visitor(
                Visitor::builder()
                    .a(AVisitor::builder().d("d").build())
                    .build(),
            )
            .kind(Kind::X9_2)
            .build()
    }

    #[test]
    fn every_name_round_trips_to_its_json_name() {
        let value = full();
        assert!(value.validate().is_ok());
        let wire = r#"{"type":"t","ref":7,"self":true,"Self":"S","crate":{"super":"sup"},"x-request-id":"req-1","1st":"first","café":"noir","cafe":"cafe","fooBar":"fb","foo/bar~baz":"fbb","":"empty","__proto__":"proto","at":"at","out":"out","deep":"deep","value":"value","map":"map","key":"key","visitor":{"a":{"d":"d"}},"kind":"X"}"#;
        assert_eq!(serde_json::to_string(&value).unwrap(), wire);
        assert_eq!(HardNames::from_json(wire).unwrap(), value);
        let as_value: Value = serde_json::from_str(wire).unwrap();
        assert_eq!(round_trip::<HardNames>(as_value), value);
    }

    #[test]
    fn minimal_value_sends_only_required_names() {
        let value = HardNames::builder()
            .r#type("")
            .self_3("")
            .kind(Kind::Empty)
            .build();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"type":"","Self":"","kind":""}"#
        );
    }

    #[test]
    fn enum_values_empty_and_differing_in_case() {
        let all = [
            (Kind::Empty, ""),
            (Kind::A, "a"),
            (Kind::A2, "A"),
            (Kind::OtherValue, "other"),
            (Kind::SelfValue, "Self"),
            (Kind::XY, "x-y"),
            (Kind::Value1, "1"),
            (Kind::X9, "X9"),
            (Kind::X, "x"),
            (Kind::X9_2, "X"),
        ];
        assert_eq!(Kind::VALUES, all.clone().map(|(_, text)| text));
        for (kind, text) in all {
            assert_eq!(kind.as_str(), text);
            assert_eq!(kind.to_string(), text);
            assert_eq!(text.parse::<Kind>().unwrap(), kind);
            assert_eq!(serde_json::to_value(&kind).unwrap(), json!(text));
            assert_eq!(serde_json::from_value::<Kind>(json!(text)).unwrap(), kind);
            let wire = json!({"type": "t", "Self": "s", "kind": text});
            assert_eq!(round_trip::<HardNames>(wire).kind, kind);
        }
        // Case matters: `"OTHER"` is no listed value, and neither is `Other` itself.
        assert_eq!(
            serde_json::from_value::<Kind>(json!("OTHER")).unwrap(),
            Kind::Other("OTHER".to_owned())
        );
        assert_eq!(
            "OTHER".parse::<Kind>().unwrap_err().to_string(),
            "unknown Kind \"OTHER\": expected one of \"\", \"a\", \"A\", \"other\", \"Self\", \"x-y\", \"1\", \"X9\", \"x\", \"X\""
        );
    }

    #[test]
    fn pointers_escape_and_name_the_json_property() {
        assert_eq!(
            violations::<HardNames>(json!({
                "type": 1,
                "self": null,
                "café": "crème",
                "foo/bar~baz": "",
                "at": "", "out": "", "deep": "", "value": "", "map": "", "key": "",
                "visitor": {"a": {"d": 5}},
                "kind": "y"
            })),
            [
                "/type: expected string, found integer (type)",
                "/self: expected boolean, found null (type)",
                "/Self: expected a value, found none (required)",
                "/café: expected at most 4 characters, found 5 (maxLength)",
                "/foo~1bar~0baz: expected at least 1 character, found 0 (minLength)",
                "/at: expected at least 1 character, found 0 (minLength)",
                "/out: expected at least 1 character, found 0 (minLength)",
                "/deep: expected at least 1 character, found 0 (minLength)",
                "/value: expected at least 1 character, found 0 (minLength)",
                "/map: expected at least 1 character, found 0 (minLength)",
                "/key: expected at least 1 character, found 0 (minLength)",
                "/visitor/a/d: expected string, found integer (type)",
                "/kind: expected one of \"\", \"a\", \"A\", \"other\", \"Self\", \"x-y\", \"1\", \"X9\", \"x\", \"X\", found \"y\" (enum)",
            ]
        );
    }
}

mod limits {
    use super::constraints::{Constraints, LinesItem, Node};
    use super::*;

    #[test]
    fn a_full_request_round_trips() {
        let wire = json!({
            "name": "éééée",
            "code": "ABC-42",
            "count": 10,
            "ratio": 0.5,
            "step": -15,
            "price": 19.99,
            "enabled": false,
            "tags": ["a", "b", "c"],
            "lines": [{"sku": "x", "qty": 1}, {"sku": "y"}],
            "tree": {"label": "root", "children": [{"label": "a", "children": []}], "next": {"label": "b"}}
        });
        let decoded = round_trip::<Constraints>(wire);
        let tree = decoded.tree.as_ref().unwrap();
        assert_eq!(tree.children.as_ref().unwrap()[0].label, "a");
        assert_eq!(tree.next.as_ref().unwrap().label, "b");
        assert_eq!(
            decoded.lines.as_ref().unwrap()[1],
            LinesItem::builder().sku("y").build()
        );
        assert_eq!(<Constraints as Operation>::METHOD, Method::Put);
        assert_eq!(<Constraints as Operation>::PATH, "/fixtures/constraints");
    }

    #[test]
    fn integers_written_as_floats_are_integers() {
        let decoded =
            Constraints::from_json(r#"{"name": "ab", "count": 3.0, "step": 10.0}"#).unwrap();
        assert_eq!((decoded.count, decoded.step), (3, Some(10.into())));
        assert_eq!(
            violations::<Constraints>(json!({"name": "ab", "count": 2.5})),
            ["/count: expected integer, found 2.5 (type)"]
        );
    }

    #[test]
    fn every_bound_has_its_message() {
        assert_eq!(
            violations::<Constraints>(json!({
                "name": "éééééé",
                "code": "abc-1",
                "count": 11,
                "ratio": 1,
                "step": 7,
                "price": 0.015,
                "enabled": "yes",
                "tags": [],
                "lines": [{"qty": 0, "colour": "red"}]
            })),
            [
                "/name: expected at most 5 characters, found 6 (maxLength)",
                "/code: expected a string matching \"^[A-Z]{3}-\\\\d+$\", found \"abc-1\" (pattern)",
                "/count: expected a number at most 10, found 11 (maximum)",
                "/ratio: expected a number less than 1, found 1 (exclusiveMaximum)",
                "/step: expected a multiple of 5, found 7 (multipleOf)",
                "/price: expected a multiple of 0.01, found 0.015 (multipleOf)",
                "/enabled: expected boolean, found string (type)",
                "/tags: expected at least 1 item, found 0 (minItems)",
                "/lines/0/colour: expected no such property, found one (additionalProperties)",
                "/lines/0/sku: expected a value, found none (required)",
                "/lines/0/qty: expected a number at least 1, found 0 (minimum)",
            ]
        );
        assert_eq!(
            violations::<Constraints>(
                json!({"name": "é", "count": 0, "ratio": 0, "tags": ["", "a", "b", "c"]})
            ),
            [
                "/name: expected at least 2 characters, found 1 (minLength)",
                "/count: expected a number at least 1, found 0 (minimum)",
                "/ratio: expected a number greater than 0, found 0 (exclusiveMinimum)",
                "/tags: expected at most 3 items, found 4 (maxItems)",
                "/tags/0: expected at least 1 character, found 0 (minLength)",
            ]
        );
    }

    #[test]
    fn closed_root_refuses_unknown_properties() {
        assert_eq!(
            violations::<Constraints>(json!({"name": "ab", "count": 1, "extra": true})),
            ["/extra: expected no such property, found one (additionalProperties)"]
        );
    }

    #[test]
    fn recursive_type_is_checked_at_every_depth() {
        let deep = json!({
            "name": "ab",
            "count": 1,
            "tree": {"label": "r", "next": {"label": "n", "children": [{"label": ""}, {"label": "ok", "next": {}}]}}
        });
        assert_eq!(
            violations::<Constraints>(deep),
            [
                "/tree/next/children/0/label: expected at least 1 character, found 0 (minLength)",
                "/tree/next/children/1/next/label: expected a value, found none (required)",
            ]
        );
        let built = Node::builder()
            .label("r")
            .next(Box::new(
                Node::builder()
                    .label("")
                    .children(vec![Node::builder().label("").build()])
                    .build(),
            ))
            .build();
        assert_eq!(
            built.validate().unwrap_err().to_string(),
            "2 violations\n  /next/label: expected at least 1 character, found 0 (minLength)\n  /next/children/0/label: expected at least 1 character, found 0 (minLength)"
        );
    }
}

mod order {
    use super::constraints::{Constraints, LinesItem};
    use super::*;

    #[test]
    fn an_array_is_reported_before_its_items() {
        let value =
            json!({"name": "ab", "count": 1, "lines": [{"sku": ""}, {"sku": "b"}, {"sku": "c"}]});
        let expected = [
            "/lines: expected at most 2 items, found 3 (maxItems)",
            "/lines/0/sku: expected at least 1 character, found 0 (minLength)",
        ];
        assert_eq!(violations::<Constraints>(value), expected);
        let built = Constraints::builder()
            .name("ab")
            .count(1)
            .lines(vec![
                LinesItem::builder().sku("").build(),
                LinesItem::builder().sku("b").build(),
                LinesItem::builder().sku("c").build(),
            ])
            .build();
        let from_validate: Vec<String> = built
            .validate()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(from_validate, expected);
    }
}

/// The constraints fixture against the `jsonschema` crate: the same verdict and the same places
/// for every generated instance.
mod differential {
    use super::constraints::Constraints;
    use super::*;
    use crate::rng::Rng;

    fn junk(rng: &mut Rng) -> Value {
        rng.draw(&[
            Value::Null,
            json!(true),
            json!("7"),
            json!([]),
            json!({}),
            json!(-1),
        ])
    }

    /// One of `good` nine times in ten, else one of `bad` (the verdict is always the oracle's).
    fn either(rng: &mut Rng, good: &[Value], bad: &[Value]) -> Value {
        if rng.chance(90) {
            rng.draw(good)
        } else {
            rng.draw(bad)
        }
    }

    fn node(rng: &mut Rng, depth: usize) -> Value {
        let mut map = serde_json::Map::new();
        if rng.chance(97) {
            map.insert(
                "label".into(),
                either(rng, &[json!("n"), json!("ü")], &[json!(""), json!(3)]),
            );
        }
        if depth < 3 && rng.chance(40) {
            let n = rng.below(3);
            map.insert(
                "children".into(),
                Value::Array((0..n).map(|_| node(rng, depth + 1)).collect()),
            );
        }
        if depth < 3 && rng.chance(30) {
            map.insert("next".into(), node(rng, depth + 1));
        }
        Value::Object(map)
    }

    fn instance(rng: &mut Rng) -> Value {
        let mut map = serde_json::Map::new();
        if rng.chance(97) {
            let good = [json!("ab"), json!("éééée"), json!("😀😀"), json!("a\u{0}b")];
            let bad = [
                json!("éééééé"),
                json!("é"),
                json!("abcdef"),
                json!(""),
                json!(null),
                json!(["ab"]),
            ];
            map.insert("name".into(), either(rng, &good, &bad));
        }
        if rng.chance(40) {
            let good = [json!("ABC-1"), json!("ABC-123"), json!("ZZZ-0")];
            let bad = [
                json!("abc-1"),
                json!("ABCD-1"),
                json!("xABC-1"),
                json!("ABC-1\n"),
                json!("ABC-١"),
                json!("ABC-"),
                json!(1),
            ];
            map.insert("code".into(), either(rng, &good, &bad));
        }
        if rng.chance(97) {
            let good = [json!(1), json!(10), json!(5.0), json!(1e1), json!(3)];
            let bad = [
                json!(0),
                json!(11),
                json!(2.5),
                json!(-3),
                json!(1e2),
                json!("3"),
                json!(null),
            ];
            map.insert("count".into(), either(rng, &good, &bad));
        }
        if rng.chance(40) {
            let good = [json!(0.5), json!(1e-9), json!(0.999999)];
            let bad = [json!(0), json!(1), json!(-0.1), json!(1.5), json!(0.0)];
            map.insert("ratio".into(), either(rng, &good, &bad));
        }
        if rng.chance(40) {
            let good = [
                json!(0),
                json!(5),
                json!(-15),
                json!(10.0),
                json!(1000000005),
            ];
            let bad = [
                json!(7),
                json!(12.5),
                json!(-1),
                json!(9007199254740993_i64),
            ];
            map.insert("step".into(), either(rng, &good, &bad));
        }
        if rng.chance(40) {
            let good = [
                json!(19.99),
                json!(0.07),
                json!(1.1),
                json!(100),
                json!(0.3),
                json!(0),
                json!(4.35),
                json!(1e-2),
            ];
            let bad = [json!(0.015), json!(-0.01), json!(1e-3), json!(0.333)];
            map.insert("price".into(), either(rng, &good, &bad));
        }
        if rng.chance(30) {
            map.insert(
                "enabled".into(),
                either(
                    rng,
                    &[json!(true), json!(false)],
                    &[json!("true"), json!(1), json!(null)],
                ),
            );
        }
        if rng.chance(40) {
            let extra = usize::from(rng.chance(10));
            let n = 1 + rng.below(3 + extra);
            let tags = (0..n)
                .map(|_| either(rng, &[json!("a"), json!("b")], &[json!(""), json!(1)]))
                .collect();
            map.insert(
                "tags".into(),
                if rng.chance(5) {
                    json!([])
                } else {
                    Value::Array(tags)
                },
            );
        }
        if rng.chance(40) {
            let extra = usize::from(rng.chance(10));
            let n = rng.below(3 + extra);
            let lines = (0..n)
                .map(|_| {
                    let mut line = serde_json::Map::new();
                    if rng.chance(95) {
                        line.insert(
                            "sku".into(),
                            either(rng, &[json!("x")], &[json!(""), json!(2)]),
                        );
                    }
                    if rng.chance(50) {
                        line.insert(
                            "qty".into(),
                            either(rng, &[json!(1), json!(2.0)], &[json!(0), json!(1.5)]),
                        );
                    }
                    if rng.chance(5) {
                        line.insert("extra".into(), json!(1));
                    }
                    Value::Object(line)
                })
                .collect();
            map.insert("lines".into(), Value::Array(lines));
        }
        if rng.chance(40) {
            map.insert("tree".into(), node(rng, 0));
        }
        if rng.chance(4) {
            map.insert("unexpected".into(), junk(rng));
        }
        Value::Object(map)
    }

    #[test]
    fn generated_decoder_agrees_with_jsonschema() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/constraints.json");
        let tool: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let schema = &tool["inputSchema"];
        let oracle = jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .expect("the schema compiles");
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let (mut valid, total) = (0, 1500);
        let mut disagreements = Vec::new();
        for _ in 0..total {
            let value = instance(&mut rng);
            let ours = Constraints::from_json_value(&value);
            let theirs: std::collections::BTreeSet<String> = oracle
                .iter_errors(&value)
                .map(|e| e.instance_path().as_str().to_owned())
                .collect();
            let our_places: std::collections::BTreeSet<String> = match &ours {
                Ok(_) => Default::default(),
                Err(errors) => errors
                    .iter()
                    .map(|v| match v.keyword {
                        // The oracle reports these at the object, not at the property.
                        "required" | "additionalProperties" => v
                            .pointer
                            .rsplit_once('/')
                            .map_or(String::new(), |(parent, _)| parent.to_owned()),
                        _ => v.pointer.clone(),
                    })
                    .collect(),
            };
            valid += usize::from(theirs.is_empty());
            if our_places != theirs {
                disagreements.push(format!(
                    "instance: {value}\n  portal: {}\n  jsonschema: {theirs:?}",
                    ours.err().map_or("valid".to_owned(), |e| e
                        .to_string()
                        .replace('\n', "\n    "))
                ));
            }
        }
        println!(
            "constraints differential: {total} instances, {valid} valid, {} disagreements",
            disagreements.len()
        );
        assert!(
            disagreements.is_empty(),
            "schema: {schema}\n{}",
            disagreements.join("\n")
        );
        // Both verdicts are well represented, or the check proves little.
        assert!(
            valid > total / 4 && valid < total * 3 / 4,
            "{valid} valid of {total}"
        );
    }
}

mod nullable_and_object_checks {
    use super::invite_user::{Invite, Role, Team};
    use super::*;
    use portal_runtime::Nullable;

    #[test]
    fn absent_null_and_a_value_stay_three_requests() {
        let absent = round_trip::<Invite>(json!({"email": "a@example.com"}));
        assert_eq!(absent.seats, None);
        let null =
            round_trip::<Invite>(json!({"email": "a@example.com", "seats": null, "team": null}));
        assert_eq!(null.seats, Some(Nullable::Null));
        assert_eq!(null.team, Some(Nullable::Null));
        // `7.0` is an integer, as JSON Schema says; it goes back on the wire as `7`.
        let seven =
            Invite::from_json(r#"{"email": "a@example.com", "seats": 7.0, "team": {"id": "t"}}"#)
                .unwrap();
        assert_eq!(seven.seats, Some(Nullable::Value(7)));
        let built = Invite::builder()
            .email("a@example.com")
            .role(Role::Guest)
            .expires_at("2030-01-01T00:00:00Z")
            .seats(3)
            .team(Team::builder().id("t").build())
            .build();
        assert!(built.validate().is_ok());
        assert_eq!(
            serde_json::to_value(&built).unwrap(),
            json!({"email": "a@example.com", "role": "guest", "expires_at": "2030-01-01T00:00:00Z", "team": {"id": "t"}, "seats": 3})
        );
    }

    #[test]
    fn object_level_checks_run_beside_the_fields() {
        assert_eq!(
            violations::<Invite>(json!({"role": "guest", "seats": 0})),
            [
                "/seats: expected a number at least 1, found 0 (minimum)",
                "/team: expected a value, since \"seats\" is present, found none (dependentRequired)",
                "(root): expected a value matching at least one of 2 schemas, found none matching (anyOf)",
                "/expires_at: expected a value, found none (required)",
            ]
        );
        assert_eq!(
            violations::<Invite>(json!({"phone": "+4915112345678", "seats": "3", "team": null})),
            ["/seats: expected integer or null, found string (type)"]
        );
        // `validate` on a built value checks the same, on its JSON.
        let member_with_expiry = Invite::builder()
            .email("a@example.com")
            .role(Role::Member)
            .expires_at("2030-01-01T00:00:00Z")
            .build();
        assert_eq!(
            member_with_expiry.validate().unwrap_err().to_string(),
            "1 violation\n  (root): expected a value not matching the schema of not, found one matching (not)"
        );
    }
}
