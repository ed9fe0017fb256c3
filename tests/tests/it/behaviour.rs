//! The WorkOS bindings (`portal_workos`) as a caller sees them: the exact JSON on the
//! wire, every validation rule with its exact message, the `Intent` enum's text forms, the secret
//! link, the operation metadata, and a differential check against the `jsonschema` crate.

use portal_runtime::prelude::*;
use portal_runtime::{Method, Violation, Violations};
use portal_workos::{GenerateLink, Intent, IntentOptions, PortalLink, SsoIntentOptions};
use serde_json::{Value, json};

const ORG: &str = "org_01EHZNVPK3SFK441A1RGBFSHRT";

const INTENTS: &str = "\"sso\", \"dsync\", \"audit_logs\", \"log_streams\", \"domain_verification\", \"certificate_renewal\", \"bring_your_own_key\"";

/// Every violation of `value`, through both entry points (which must agree), one line each.
fn messages(value: Value) -> Vec<String> {
    let errors = GenerateLink::from_json_value(&value).expect_err("expected violations");
    assert_eq!(
        GenerateLink::from_json(&value.to_string()).unwrap_err(),
        errors,
        "entry points disagree on {value}"
    );
    errors.iter().map(ToString::to_string).collect()
}

fn emails(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("admin{i}@example.com")).collect()
}

mod wire {
    use super::*;

    #[test]
    fn every_field_from_the_builder() {
        let request = GenerateLink::builder()
            .organization(ORG)
            .intent(Intent::Sso)
            .return_url("https://example.com/admin-portal/return")
            .success_url("https://example.com/admin-portal/success")
            .admin_emails(vec![
                "it@example.com".to_owned(),
                "security@example.com".to_owned(),
            ])
            .intent_options(
                IntentOptions::builder()
                    .sso(
                        SsoIntentOptions::builder()
                            .bookmark_slug("chatgpt")
                            .provider_type("GoogleSAML")
                            .build(),
                    )
                    .build(),
            )
            .build();
        assert_eq!(request.validate(), Ok(()));
        // Schema order, not the builder's call order.
        let wire = r#"{"intent":"sso","return_url":"https://example.com/admin-portal/return","success_url":"https://example.com/admin-portal/success","admin_emails":["it@example.com","security@example.com"],"organization":"org_01EHZNVPK3SFK441A1RGBFSHRT","intent_options":{"sso":{"bookmark_slug":"chatgpt","provider_type":"GoogleSAML"}}}"#;
        assert_eq!(serde_json::to_string(&request).unwrap(), wire);
        assert_eq!(GenerateLink::from_json(wire).unwrap(), request);
    }

    #[test]
    fn minimal_request_sends_only_the_organization() {
        let request = GenerateLink::builder().organization(ORG).build();
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"organization":"org_01EHZNVPK3SFK441A1RGBFSHRT"}"#
        );
        assert_eq!(request.validate(), Ok(()));
    }

    #[test]
    fn none_is_absent_and_empty_is_sent() {
        let none = GenerateLink::builder()
            .organization("o")
            .maybe_admin_emails(None::<Vec<String>>)
            .maybe_intent(None::<Intent>)
            .build();
        assert_eq!(
            serde_json::to_value(&none).unwrap(),
            json!({"organization": "o"})
        );
        let empty = GenerateLink::builder()
            .organization("o")
            .admin_emails(Vec::new())
            .build();
        assert_eq!(
            serde_json::to_string(&empty).unwrap(),
            r#"{"admin_emails":[],"organization":"o"}"#
        );
        // Decoding keeps the difference.
        assert_eq!(
            GenerateLink::from_json(r#"{"organization":"o","admin_emails":[]}"#)
                .unwrap()
                .admin_emails,
            Some(vec![])
        );
        assert_eq!(
            GenerateLink::from_json(r#"{"organization":"o"}"#)
                .unwrap()
                .admin_emails,
            None
        );
        let empty_sso = GenerateLink::builder()
            .organization("o")
            .intent_options(
                IntentOptions::builder()
                    .sso(SsoIntentOptions::default())
                    .build(),
            )
            .build();
        assert_eq!(
            serde_json::to_string(&empty_sso).unwrap(),
            r#"{"organization":"o","intent_options":{"sso":{}}}"#
        );
    }

    #[test]
    fn unknown_properties_are_read_and_dropped() {
        let decoded = GenerateLink::from_json(
            r#"{"organization":"o","it_contact_emails":["a@b.c"],"x":null}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&decoded).unwrap(),
            r#"{"organization":"o"}"#
        );
    }
}

mod rules {
    use super::*;

    #[test]
    fn at_most_twenty_admin_emails() {
        let built = GenerateLink::builder()
            .organization(ORG)
            .admin_emails(emails(21))
            .build();
        let errors = built.validate().unwrap_err();
        assert_eq!(
            errors.to_string(),
            "1 violation\n  /admin_emails: expected at most 20 items, found 21 (maxItems)"
        );
        assert_eq!(
            errors.0,
            vec![Violation {
                pointer: "/admin_emails".to_owned(),
                keyword: "maxItems",
                expected: "at most 20 items".to_owned(),
                found: "21".to_owned(),
            }]
        );
        assert_eq!(
            messages(json!({"organization": ORG, "admin_emails": emails(21)})),
            ["/admin_emails: expected at most 20 items, found 21 (maxItems)"]
        );
        assert!(
            GenerateLink::from_json_value(
                &json!({"organization": ORG, "admin_emails": emails(20)})
            )
            .is_ok()
        );
    }

    #[test]
    fn an_item_that_does_not_decode_hides_no_other_problem() {
        let mut list: Vec<Value> = emails(20).into_iter().map(Value::from).collect();
        list.insert(4, Value::Null);
        list[7] = json!("seven");
        assert_eq!(
            messages(json!({"organization": ORG, "admin_emails": list})),
            [
                "/admin_emails: expected at most 20 items, found 21 (maxItems)",
                "/admin_emails/4: expected string, found null (type)",
                "/admin_emails/7: expected an email address (format \"email\"), found \"seven\" (format)",
            ]
        );
    }

    #[test]
    fn each_admin_email_is_an_email() {
        let mut list = emails(5);
        list[3] = "not-an-email".to_owned();
        let built = GenerateLink::builder()
            .organization(ORG)
            .admin_emails(list.clone())
            .build();
        assert_eq!(
            built.validate().unwrap_err().to_string(),
            "1 violation\n  /admin_emails/3: expected an email address (format \"email\"), found \"not-an-email\" (format)"
        );
        assert_eq!(
            messages(json!({"organization": ORG, "admin_emails": list})),
            [
                "/admin_emails/3: expected an email address (format \"email\"), found \"not-an-email\" (format)"
            ]
        );
    }

    #[test]
    fn urls_are_absolute_uris() {
        assert_eq!(
            messages(
                json!({"organization": ORG, "return_url": "example.com/return", "success_url": "https://example.com/a b"})
            ),
            [
                "/return_url: expected an absolute URI (format \"uri\"), found \"example.com/return\" (format)",
                "/success_url: expected an absolute URI (format \"uri\"), found \"https://example.com/a b\" (format)",
            ]
        );
    }

    #[test]
    fn unknown_intent_is_refused() {
        assert_eq!(
            messages(json!({"organization": ORG, "intent": "bogus"})),
            [format!(
                "/intent: expected one of {INTENTS}, found \"bogus\" (enum)"
            )]
        );
        // Case matters.
        assert_eq!(
            messages(json!({"organization": ORG, "intent": "SSO"})),
            [format!(
                "/intent: expected one of {INTENTS}, found \"SSO\" (enum)"
            )]
        );
    }

    #[test]
    fn organization_is_required() {
        let errors = GenerateLink::from_json("{}").unwrap_err();
        assert_eq!(
            errors.to_string(),
            "1 violation\n  /organization: expected a value, found none (required)"
        );
        assert_eq!(errors.0[0].keyword, "required");
    }

    #[test]
    fn null_is_refused_where_the_schema_says_string() {
        assert_eq!(
            messages(json!({"organization": null})),
            ["/organization: expected string, found null (type)"]
        );
        assert_eq!(
            messages(json!({
                "intent": null,
                "return_url": null,
                "success_url": null,
                "admin_emails": null,
                "organization": ORG,
                "intent_options": null
            })),
            [
                "/intent: expected string, found null (type)",
                "/return_url: expected string, found null (type)",
                "/success_url: expected string, found null (type)",
                "/admin_emails: expected array, found null (type)",
                "/intent_options: expected object, found null (type)",
            ]
        );
        assert_eq!(
            messages(json!({"organization": ORG, "admin_emails": ["a@example.com", null]})),
            ["/admin_emails/1: expected string, found null (type)"]
        );
    }

    #[test]
    fn arrays_are_not_objects() {
        assert_eq!(
            messages(json!({"organization": ORG, "intent_options": {"sso": []}})),
            ["/intent_options/sso: expected object, found array (type)"]
        );
        assert_eq!(
            messages(json!({"organization": ORG, "intent_options": []})),
            ["/intent_options: expected object, found array (type)"]
        );
        assert_eq!(
            messages(json!([ORG])),
            ["(root): expected object, found array (type)"]
        );
    }

    #[test]
    fn string_enums_take_strings_only() {
        assert_eq!(
            messages(json!({"organization": ORG, "intent": {"sso": null}})),
            ["/intent: expected string, found object (type)"]
        );
        assert_eq!(
            messages(json!({"organization": ORG, "intent": ["sso"]})),
            ["/intent: expected string, found array (type)"]
        );
    }

    #[test]
    fn sso_is_required_inside_intent_options() {
        assert_eq!(
            messages(json!({"organization": ORG, "intent_options": {}})),
            ["/intent_options/sso: expected a value, found none (required)"]
        );
        assert_eq!(
            messages(
                json!({"organization": ORG, "intent_options": {"sso": {"provider_type": 1, "bookmark_slug": false}}})
            ),
            [
                "/intent_options/sso/bookmark_slug: expected string, found boolean (type)",
                "/intent_options/sso/provider_type: expected string, found integer (type)",
            ]
        );
    }

    #[test]
    fn every_violation_at_once_in_document_order() {
        let mut list = emails(21);
        list[2] = "two".to_owned();
        let value = json!({
            "intent": "bogus",
            "return_url": "not a url",
            "success_url": 3,
            "admin_emails": list,
            "intent_options": {"sso": []}
        });
        let expected = [
            format!("/intent: expected one of {INTENTS}, found \"bogus\" (enum)"),
            "/return_url: expected an absolute URI (format \"uri\"), found \"not a url\" (format)"
                .to_owned(),
            "/success_url: expected string, found integer (type)".to_owned(),
            "/admin_emails: expected at most 20 items, found 21 (maxItems)".to_owned(),
            "/admin_emails/2: expected an email address (format \"email\"), found \"two\" (format)"
                .to_owned(),
            "/organization: expected a value, found none (required)".to_owned(),
            "/intent_options/sso: expected object, found array (type)".to_owned(),
        ];
        assert_eq!(messages(value.clone()), expected);
        let errors = GenerateLink::from_json_value(&value).unwrap_err();
        assert_eq!(
            errors.to_string(),
            format!("7 violations\n  {}", expected.join("\n  "))
        );
    }

    #[test]
    fn validate_lists_the_same_order_as_decoding() {
        let mut list = emails(21);
        list[2] = "two".to_owned();
        let built = GenerateLink::builder()
            .organization(ORG)
            .intent(Intent::Other("bogus".to_owned()))
            .return_url("not a url")
            .admin_emails(list.clone())
            .build();
        let from_validate: Vec<String> = built
            .validate()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        let from_decoding = messages(serde_json::to_value(&built).unwrap());
        assert_eq!(from_validate, from_decoding);
        assert_eq!(from_validate.len(), 4);
    }

    #[test]
    fn text_that_is_not_json() {
        let errors = GenerateLink::from_json(r#"{"organization": "#).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors.0[0].keyword, "json");
        assert_eq!(errors.0[0].pointer, "");
        assert_eq!(
            errors.to_string(),
            "1 violation\n  (root): expected valid JSON, found EOF while parsing a value at line 1 column 17 (json)"
        );
        assert_eq!(
            GenerateLink::from_json("{\"organization\": \"o\"} trailing")
                .unwrap_err()
                .to_string(),
            "1 violation\n  (root): expected valid JSON, found trailing characters at line 1 column 23 (json)"
        );
    }

    #[test]
    fn violations_display_and_iterate() {
        let errors: Violations = GenerateLink::from_json(r#"{"intent": "x"}"#).unwrap_err();
        assert_eq!(errors.len(), 2);
        let pointers: Vec<&str> = errors.iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(pointers, ["/intent", "/organization"]);
        let keywords: Vec<&str> = (&errors).into_iter().map(|v| v.keyword).collect();
        assert_eq!(keywords, ["enum", "required"]);
        let error: &dyn std::error::Error = &errors;
        assert!(error.to_string().starts_with("2 violations\n  /intent: "));
    }
}

mod intent {
    use super::*;

    const ALL: [(Intent, &str); 7] = [
        (Intent::Sso, "sso"),
        (Intent::Dsync, "dsync"),
        (Intent::AuditLogs, "audit_logs"),
        (Intent::LogStreams, "log_streams"),
        (Intent::DomainVerification, "domain_verification"),
        (Intent::CertificateRenewal, "certificate_renewal"),
        (Intent::BringYourOwnKey, "bring_your_own_key"),
    ];

    #[test]
    fn text_forms() {
        assert_eq!(Intent::VALUES, ALL.map(|(_, s)| s));
        for (intent, text) in ALL {
            assert_eq!(intent.as_str(), text);
            assert_eq!(intent.to_string(), text);
            assert_eq!(text.parse::<Intent>(), Ok(intent.clone()));
            assert_eq!(
                serde_json::to_string(&intent).unwrap(),
                format!("\"{text}\"")
            );
            assert_eq!(
                serde_json::from_str::<Intent>(&format!("\"{text}\"")).unwrap(),
                intent
            );
            assert_eq!(intent.validate(), Ok(()));
        }
    }

    #[test]
    fn from_str_lists_the_accepted_values() {
        let error = "Sso".parse::<Intent>().unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("unknown Intent \"Sso\": expected one of {INTENTS}")
        );
        assert_eq!(error.found, "Sso");
        assert_eq!(error.expected, Intent::VALUES);
        let error: Box<dyn std::error::Error> = Box::new("".parse::<Intent>().unwrap_err());
        assert_eq!(
            error.to_string(),
            format!("unknown Intent \"\": expected one of {INTENTS}")
        );
    }

    #[test]
    fn a_newer_value_decodes_as_other_and_round_trips() {
        let other: Intent = serde_json::from_str("\"new_value\"").unwrap();
        assert_eq!(other, Intent::Other("new_value".to_owned()));
        assert_eq!(other.as_str(), "new_value");
        assert_eq!(other.to_string(), "new_value");
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"new_value\"");
        assert!("new_value".parse::<Intent>().is_err());
        assert_eq!(
            other.validate().unwrap_err().to_string(),
            format!("1 violation\n  (root): expected one of {INTENTS}, found \"new_value\" (enum)")
        );
        // A request read with plain serde keeps it; validation refuses to send it.
        let request: GenerateLink =
            serde_json::from_str(r#"{"organization":"o","intent":"new_value"}"#).unwrap();
        assert_eq!(request.intent, Some(Intent::Other("new_value".to_owned())));
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"intent":"new_value","organization":"o"}"#
        );
        assert_eq!(
            request.validate().unwrap_err().to_string(),
            format!(
                "1 violation\n  /intent: expected one of {INTENTS}, found \"new_value\" (enum)"
            )
        );
    }

    #[test]
    fn plain_serde_refuses_what_the_schema_refuses() {
        for text in [r#"{"sso": null}"#, "null", "1", r#"["sso"]"#] {
            assert!(serde_json::from_str::<Intent>(text).is_err(), "{text}");
        }
        for text in [
            r#"{"organization": null}"#,
            r#"{"organization": "o", "intent": null}"#,
            r#"{"organization": "o", "intent_options": {"sso": []}}"#,
            r#"["o"]"#,
            r#"{"organization": "o", "organization": "p"}"#,
        ] {
            assert!(
                serde_json::from_str::<GenerateLink>(text).is_err(),
                "{text}"
            );
        }
    }
}

mod link {
    use super::*;

    #[test]
    fn debug_hides_the_link() {
        let link =
            PortalLink::from_json(r#"{"link": "https://setup.workos.com?token=secret-token"}"#)
                .unwrap();
        assert_eq!(link.link, "https://setup.workos.com?token=secret-token");
        let debug = format!("{link:?}");
        assert_eq!(debug, r#"PortalLink { link: "[redacted]" }"#);
        assert!(!format!("{link:#?}").contains("secret-token"));
    }

    #[test]
    fn the_link_is_required_and_a_uri() {
        assert_eq!(
            PortalLink::from_json("{}").unwrap_err().to_string(),
            "1 violation\n  /link: expected a value, found none (required)"
        );
        assert_eq!(
            PortalLink::from_json(r#"{"link": "setup.workos.com"}"#)
                .unwrap_err()
                .to_string(),
            "1 violation\n  /link: expected an absolute URI (format \"uri\"), found \"setup.workos.com\" (format)"
        );
    }
}

#[test]
fn operation_metadata() {
    assert_eq!(GenerateLink::TOOL, "portal.generate_link.create");
    assert_eq!(GenerateLink::METHOD, Method::Post);
    assert_eq!(GenerateLink::METHOD.as_str(), "POST");
    assert_eq!(GenerateLink::PATH, "/portal/generate_link");
    assert!(GenerateLink::MCP_HEADERS.is_empty());
    fn output_is<T: Operation<Output = PortalLink>>() {}
    output_is::<GenerateLink>();
}

/// A differential check: the generated decoder and the `jsonschema` crate must agree on every
/// instance, valid or not.
mod differential {
    use super::*;
    use crate::rng::Rng;

    /// Strings meant to be valid come first (`..EMAILS_VALID`), then ones meant to be invalid. The
    /// split only weights the draw; the verdict is always the oracle's.
    const EMAILS_VALID: usize = 13;
    const EMAILS: &[&str] = &[
        "admin@example.com",
        "first.last@sub.example.org",
        "user+tag@example.com",
        "\"quoted local\"@example.com",
        "\"\"@example.com",
        "a@[127.0.0.1]",
        "a@[IPv6:::1]",
        "a@[ipv6:::1]",
        "admin@localhost",
        "x@a-b.example",
        "te~st@example.com",
        "o'brien@example.ie",
        "a@b.c",
        "not-an-email",
        "two@@example.com",
        ".dot@example.com",
        "dot.@example.com",
        "do..t@example.com",
        "a@-example.com",
        "a@example-.com",
        "a@exa_mple.com",
        "a@[127.0.0.300]",
        "a@",
        "@example.com",
        "",
        "a b@example.com",
        "josé@example.com",
        "a@exämple.com",
        "a@example.com.",
        "\"a\\\"b\"@example.com",
    ];

    /// Edge cases checked one by one (not drawn at random).
    const MORE_EMAILS: &[&str] = &[
        "a@b",
        "a@123.123.123.123",
        "a@[::1]",
        "\"a b\"@example.com",
        "a(comment)@example.com",
        "a@example.com (comment)",
        "#!$%&'*+-/=?^_`{}|~@example.org",
        "A@EXAMPLE.COM",
        "a@example..com",
        "a@.example.com",
        "a@xn--bcher-kva.example",
        "\"\\a\"@example.com",
        "\"a\\\"@example.com",
        "a@[IPv6:1::2::3]",
        "a@[IPv6:::ffff:1.2.3.4]",
        "a@[IPv4:1.2.3.4]",
        "a@[1.2.3]",
        "x@-",
        "a@1.2.3",
        "\"\u{7f}\"@example.com",
        "a\tb@example.com",
        "a@example.com\n",
        "1234567890123456789012345678901234567890123456789012345678901234@example.com",
        "12345678901234567890123456789012345678901234567890123456789012345@example.com",
        "a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
        "a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
    ];

    const MORE_URIS: &[&str] = &[
        "http://a/b/c/d;p?q",
        "foo://info.example.com?fred",
        "http:",
        "http:/x",
        "HTTP://EXAMPLE.COM",
        "http://example.com/%41",
        "http://example.com/é",
        "http://[v1.x]/",
        "http://[::ffff:1.2.3.4]/",
        "http://1.2.3.4:/",
        "http://example.com/<>",
        "http://example.com/\"",
        "http://example.com/{}",
        "http://example.com/|",
        "http://example.com/\\",
        "ht!tp://x",
        "h+t-t.p://x",
        "x:",
        ":x",
        "http://user@",
        "http://@/",
        "tel:+1-816-555-1212",
        "http://example.com/a%2",
        "http://[fe80::1%25en0]/",
        "http://example.com/?a=[1]",
        "http://exa[mple.com/",
        "http://example.com:65536/",
        "http://example.com:0080/",
        "https://example.com/\u{7f}",
        "https://example.com/\n",
        "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
    ];

    const URIS_VALID: usize = 8;
    const URIS: &[&str] = &[
        "https://example.com/admin-portal/return",
        "http://localhost:3000/callback?x=1#top",
        "urn:isbn:0451450523",
        "mailto:it@example.com",
        "a:b",
        "https://example.com/a%20b",
        "https://[::1]:8080/",
        "https://user:pass@example.com/",
        "example.com/return",
        "/relative/path",
        "//example.com/no-scheme",
        "https://example.com/a b",
        "https://example.com/%zz",
        "1http://example.com",
        "https://example.com:port/",
        "https://example.com/#a#b",
        "",
        "https://exämple.com/",
        "http://[::1",
        "\\\\server\\share",
    ];

    const INTENTS_VALID: usize = 7;
    const INTENT_VALUES: &[&str] = &[
        "sso",
        "dsync",
        "audit_logs",
        "log_streams",
        "domain_verification",
        "certificate_renewal",
        "bring_your_own_key",
        "bogus",
        "SSO",
        "",
    ];

    fn junk(rng: &mut Rng) -> Value {
        match rng.below(9) {
            0 => Value::Null,
            1 => json!(true),
            2 => json!(rng.below(100)),
            3 => json!(1.5),
            4 => json!([]),
            5 => json!({}),
            6 => json!({"sso": null}),
            7 => json!(["sso"]),
            _ => json!("text"),
        }
    }

    /// A string from `pool`, from its first `valid` entries three times in four; now and then junk.
    fn from_pool(rng: &mut Rng, pool: &[&str], valid: usize) -> Value {
        if rng.chance(5) {
            junk(rng)
        } else if rng.chance(75) {
            json!(*rng.pick(&pool[..valid]))
        } else {
            json!(*rng.pick(&pool[valid..]))
        }
    }

    fn string_or_junk(rng: &mut Rng, pool: &[&str]) -> Value {
        if rng.chance(93) {
            json!(*rng.pick(pool))
        } else {
            junk(rng)
        }
    }

    fn sso(rng: &mut Rng) -> Value {
        if rng.chance(10) {
            return junk(rng);
        }
        let mut map = serde_json::Map::new();
        if rng.chance(50) {
            map.insert(
                "bookmark_slug".into(),
                string_or_junk(rng, &["chatgpt", "", "slug with spaces"]),
            );
        }
        if rng.chance(50) {
            map.insert(
                "provider_type".into(),
                string_or_junk(rng, &["GoogleSAML", "OktaSAML", ""]),
            );
        }
        if rng.chance(10) {
            map.insert("extra".into(), junk(rng));
        }
        Value::Object(map)
    }

    fn instance(rng: &mut Rng) -> Value {
        if rng.chance(2) {
            return junk(rng);
        }
        let mut map = serde_json::Map::new();
        let mut fields: Vec<(&str, Value)> = Vec::new();
        if rng.chance(50) {
            fields.push(("intent", from_pool(rng, INTENT_VALUES, INTENTS_VALID)));
        }
        if rng.chance(40) {
            fields.push(("return_url", from_pool(rng, URIS, URIS_VALID)));
        }
        if rng.chance(40) {
            fields.push(("success_url", from_pool(rng, URIS, URIS_VALID)));
        }
        if rng.chance(50) {
            let emails = if rng.chance(5) {
                junk(rng)
            } else {
                let n = match rng.below(4) {
                    0 => rng.below(3),
                    1 => 19 + rng.below(4),
                    _ => rng.below(8),
                };
                // Mostly valid items, so that a list of twenty often passes.
                let valid = rng.chance(50);
                Value::Array(
                    (0..n)
                        .map(|i| {
                            if valid || rng.chance(70) {
                                json!(format!("admin{i}@example.com"))
                            } else {
                                from_pool(rng, EMAILS, EMAILS_VALID)
                            }
                        })
                        .collect(),
                )
            };
            fields.push(("admin_emails", emails));
        }
        if rng.chance(92) {
            fields.push(("organization", string_or_junk(rng, &[ORG, "", "org_é"])));
        }
        if rng.chance(35) {
            let options = if rng.chance(10) {
                junk(rng)
            } else {
                let mut o = serde_json::Map::new();
                if rng.chance(85) {
                    o.insert("sso".into(), sso(rng));
                }
                if rng.chance(15) {
                    o.insert(
                        "domain_verification".into(),
                        json!({"domain_name": "example.com"}),
                    );
                }
                Value::Object(o)
            };
            fields.push(("intent_options", options));
        }
        if rng.chance(10) {
            fields.push(("it_contact_emails", junk(rng)));
        }
        // Any key order: the verdict must not depend on it.
        while !fields.is_empty() {
            let (k, v) = fields.remove(rng.below(fields.len()));
            map.insert(k.to_owned(), v);
        }
        Value::Object(map)
    }

    /// Replaces one random node of `value` with junk or a string from the pools.
    fn mutate(rng: &mut Rng, value: &mut Value) {
        let replacement = match rng.below(3) {
            0 => junk(rng),
            1 => json!(*rng.pick(EMAILS)),
            _ => json!(*rng.pick(URIS)),
        };
        replace_somewhere(rng, value, replacement);
    }

    fn replace_somewhere(rng: &mut Rng, node: &mut Value, replacement: Value) {
        let child = match node {
            Value::Object(m) if !m.is_empty() && rng.chance(70) => Some(rng.below(m.len())),
            Value::Array(a) if !a.is_empty() && rng.chance(70) => Some(rng.below(a.len())),
            _ => None,
        };
        match (child, node) {
            (Some(i), Value::Object(m)) => {
                replace_somewhere(rng, m.values_mut().nth(i).unwrap(), replacement)
            }
            (Some(i), Value::Array(a)) => replace_somewhere(rng, &mut a[i], replacement),
            (_, node) => *node = replacement,
        }
    }

    fn patched_input_schema() -> Value {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../portal-workos/schemas/workos");
        let read = |name: &str| -> Value {
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
        };
        let mut tool = read("portal.generate_link.create.json");
        portal_schema::load::merge_patch(
            &mut tool,
            &read("portal.generate_link.create.patch.json"),
        );
        tool["inputSchema"].take()
    }

    #[test]
    fn every_pool_string_agrees_with_jsonschema() {
        let schema = patched_input_schema();
        let oracle = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles");
        let mut checked = 0;
        let all = || {
            EMAILS
                .iter()
                .chain(URIS)
                .chain(INTENT_VALUES)
                .chain(MORE_EMAILS)
                .chain(MORE_URIS)
        };
        for text in all() {
            for value in [
                json!({"organization": ORG, "admin_emails": [text]}),
                json!({"organization": ORG, "return_url": text}),
                json!({"organization": ORG, "intent": text}),
            ] {
                let ours = GenerateLink::from_json_value(&value);
                assert_eq!(
                    ours.is_ok(),
                    oracle.is_valid(&value),
                    "{value}: portal says {ours:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 3 * all().count());
    }

    #[test]
    fn generated_decoder_agrees_with_jsonschema() {
        let schema = patched_input_schema();
        let oracle = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut disagreements = Vec::new();
        let mut place_disagreements = Vec::new();
        let (mut valid, mut total) = (0, 0);
        for round in 0..2400 {
            let mut value = instance(&mut rng);
            if round % 4 == 0 {
                mutate(&mut rng, &mut value);
            }
            let ours = GenerateLink::from_json_value(&value);
            let theirs = oracle.is_valid(&value);
            // The text entry point (typed fast path) must give the same verdict.
            assert_eq!(
                GenerateLink::from_json(&value.to_string()).is_ok(),
                ours.is_ok(),
                "from_json on {value}"
            );
            total += 1;
            valid += usize::from(theirs);
            if ours.is_ok() != theirs {
                disagreements.push(format!(
                    "instance: {value}\n  portal: {}\n  jsonschema: {}",
                    match &ours {
                        Ok(_) => "valid".to_owned(),
                        Err(e) => e.to_string().replace('\n', "\n    "),
                    },
                    if theirs { "valid" } else { "invalid" }
                ));
            }
            // Not only the verdict: the same places are reported (the oracle reports a missing
            // property at the object holding it).
            let our_places: std::collections::BTreeSet<String> = match &ours {
                Ok(_) => Default::default(),
                Err(errors) => errors
                    .iter()
                    .map(|v| match v.keyword {
                        "required" => v
                            .pointer
                            .rsplit_once('/')
                            .map_or(String::new(), |(parent, _)| parent.to_owned()),
                        _ => v.pointer.clone(),
                    })
                    .collect(),
            };
            let their_places: std::collections::BTreeSet<String> = oracle
                .iter_errors(&value)
                .map(|e| e.instance_path().as_str().to_owned())
                .collect();
            if our_places != their_places {
                place_disagreements.push(format!(
                    "instance: {value}\n  portal: {our_places:?}\n  jsonschema: {their_places:?}"
                ));
            }
            // What decodes re-serializes to something the oracle also accepts.
            if let Ok(decoded) = ours {
                let again = serde_json::to_value(&decoded).unwrap();
                assert!(
                    oracle.is_valid(&again),
                    "re-serialized {again} from {value}"
                );
            }
        }
        println!(
            "differential: {total} instances, {valid} valid, {} disagreements",
            disagreements.len()
        );
        assert!(
            disagreements.is_empty(),
            "schema: {schema}\n{} disagreements:\n{}",
            disagreements.len(),
            disagreements.join("\n")
        );
        assert!(
            place_disagreements.is_empty(),
            "{} instances reported at different places:\n{}",
            place_disagreements.len(),
            place_disagreements.join("\n")
        );
        // Both verdicts are well represented, or the check proves little.
        assert!(
            valid > total / 4 && valid < total * 3 / 4,
            "too lopsided: {valid} valid of {total}"
        );
    }
}
