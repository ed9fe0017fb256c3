//! The `format` keyword: every format of the draft 2020-12 vocabulary asserted by the generated
//! code (exact violation texts), annotations for formats no vocabulary defines and in
//! `formats = "annotate"` mode, the runtime's checkers against every `optional/format` case of
//! the full JSON-Schema-Test-Suite, and against the `jsonschema` crate on seeded strings.
#![deny(warnings)]

use crate::rng;

use portal_runtime::__private_v1::Format;
use portal_runtime::__private_v1::check::is_format;
use portal_runtime::prelude::*;
use rng::Rng;
use serde_json::{Value, json};

use portal_tests::fixtures::formats as asserted;
use portal_tests::fixtures::formats_annotated as annotated;

/// An instance with every field set to a valid value of its format.
fn valid() -> Value {
    json!({
        "starts": "1990-12-31T23:59:60Z",
        "day": "2024-02-29",
        "when": "15:59:60-08:00",
        "length": "P1Y2M3DT4H5M6S",
        "organizer": "\"joe bloggs\"@example.com",
        "organizer_intl": "δοκιμή@실례.테스트",
        "host": "xn--9n2bp8q.xn--9t4b11yi5a",
        "host_intl": "l·l.example",
        "ipv4": "192.168.0.1",
        "ipv6": "::ffff:192.168.0.1",
        "link": "urn:isbn:0451450523",
        "link_ref": "../a?b#c",
        "iri": "http://ƒøø.ßår/?∂éœ=πîx#πîüx",
        "iri_ref": "/âππ",
        "id": "2EB8AA08-AA98-11EA-B4AA-73B441D16380",
        "callback": "https://example.com/{+path}{?q,lang}",
        "field": "/a~1b/m~0n",
        "relative_field": "1/0",
        "filter": "^(?<year>\\d{4})-\\k<year>$",
        "attendees": ["ada@example.com"],
        "capacity": "many",
        "secret": "",
        "room": "?"
    })
}

/// An instance with every field of a vocabulary format set to a value it refuses.
fn invalid() -> Value {
    json!({
        "starts": "1990-12-31T22:59:60Z",
        "day": "2023-02-29",
        "when": "25:00:00Z",
        "length": "PT0.5S",
        "organizer": "δοκιμή@example.com",
        "organizer_intl": "user＠example.com",
        "host": "xn--X",
        "host_intl": "a·l",
        "ipv4": "087.10.0.1",
        "ipv6": "fe80::a%eth1",
        "link": "//example.com/relative",
        "link_ref": "/%zz",
        "iri": "/âππ",
        "iri_ref": "#ƒräg\\mênt",
        "id": "{2eb8aa08-aa98-11ea-b4aa-73b441d16380}",
        "callback": "{v:0}",
        "field": "/~2",
        "relative_field": "01/a",
        "filter": "(?i)abc",
        "attendees": ["ada@example.com", "nobody"],
        "capacity": "still not checked",
        "secret": "",
        "room": ""
    })
}

#[test]
fn every_vocabulary_format_is_asserted_with_its_own_words() {
    assert!(asserted::Schedule::from_json_value(&valid()).is_ok());
    let errors = asserted::Schedule::from_json_value(&invalid()).unwrap_err();
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "/starts: expected an RFC 3339 date-time (format \"date-time\"), found \"1990-12-31T22:59:60Z\" (format)",
            "/day: expected an RFC 3339 date (format \"date\"), found \"2023-02-29\" (format)",
            "/when: expected an RFC 3339 time (format \"time\"), found \"25:00:00Z\" (format)",
            "/length: expected an RFC 3339 duration (format \"duration\"), found \"PT0.5S\" (format)",
            "/organizer: expected an email address (format \"email\"), found \"δοκιμή@example.com\" (format)",
            "/organizer_intl: expected an internationalized email address (format \"idn-email\"), found \"user＠example.com\" (format)",
            "/host: expected a host name (format \"hostname\"), found \"xn--X\" (format)",
            "/host_intl: expected an internationalized host name (format \"idn-hostname\"), found \"a·l\" (format)",
            "/ipv4: expected an IPv4 address (format \"ipv4\"), found \"087.10.0.1\" (format)",
            "/ipv6: expected an IPv6 address (format \"ipv6\"), found \"fe80::a%eth1\" (format)",
            "/link: expected an absolute URI (format \"uri\"), found \"//example.com/relative\" (format)",
            "/link_ref: expected a URI reference (format \"uri-reference\"), found \"/%zz\" (format)",
            "/iri: expected an absolute IRI (format \"iri\"), found \"/âππ\" (format)",
            "/iri_ref: expected an IRI reference (format \"iri-reference\"), found \"#ƒräg\\\\mênt\" (format)",
            "/id: expected a UUID (format \"uuid\"), found \"{2eb8aa08-aa98-11ea-b4aa-73b441d16380}\" (format)",
            "/callback: expected a URI template (format \"uri-template\"), found \"{v:0}\" (format)",
            "/field: expected a JSON Pointer (format \"json-pointer\"), found \"/~2\" (format)",
            "/relative_field: expected a relative JSON Pointer (format \"relative-json-pointer\"), found \"01/a\" (format)",
            "/filter: expected an ECMA-262 regular expression (format \"regex\"), found \"(?i)abc\" (format)",
            "/attendees/1: expected an email address (format \"email\"), found \"nobody\" (format)",
        ]
    );
}

#[test]
fn annotate_mode_checks_no_format_and_sends_the_value_as_given() {
    let decoded = annotated::Schedule::from_json_value(&invalid()).unwrap();
    assert!(decoded.validate().is_ok());
    assert_eq!(serde_json::to_value(&decoded).unwrap(), invalid());
    // The required fields stay required: only `format` is relaxed.
    assert_eq!(
        annotated::Schedule::from_json(r#"{"starts": "x"}"#)
            .unwrap_err()
            .to_string(),
        "1 violation\n  /when: expected a value, found none (required)"
    );
}

#[test]
fn formats_no_vocabulary_defines_are_annotations() {
    let mut value = valid();
    value["capacity"] = json!("not an int32");
    value["secret"] = json!("");
    value["room"] = json!("any text at all");
    assert!(asserted::Schedule::from_json_value(&value).is_ok());
}

#[test]
fn every_variant_names_its_vocabulary_format() {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "date-time",
            "date",
            "time",
            "duration",
            "email",
            "idn-email",
            "hostname",
            "idn-hostname",
            "ipv4",
            "ipv6",
            "uri",
            "uri-reference",
            "iri",
            "iri-reference",
            "uuid",
            "uri-template",
            "json-pointer",
            "relative-json-pointer",
            "regex",
        ]
    );
}

/// The full suite beside the workspace; its `optional/format` files are the cases every checker
/// must agree with.
fn full_suite() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/json-schema-test-suite-full/draft2020-12/optional/format")
}

#[test]
fn every_checker_agrees_with_every_optional_format_case_of_the_suite() {
    let dir = full_suite();
    if !dir.is_dir() {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
        assert!(!ci, "no full suite at {}", dir.display());
        println!("skipped: no full suite at {}", dir.display());
        return;
    }
    let (mut cases, mut disagreements) = (0, Vec::new());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let groups: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for group in groups.as_array().unwrap() {
            let Some(name) = group["schema"]["format"].as_str() else {
                continue;
            };
            let Some(format) = Format::ALL.into_iter().find(|f| f.name() == name) else {
                continue;
            };
            for case in group["tests"].as_array().unwrap() {
                let Some(data) = case["data"].as_str() else {
                    continue;
                };
                cases += 1;
                let expected = case["valid"].as_bool().unwrap();
                if is_format(data, format) != expected {
                    disagreements.push(format!(
                        "{name} {data:?}: expected {expected} ({})",
                        case["description"]
                    ));
                }
            }
        }
    }
    assert_eq!(disagreements, Vec::<String>::new());
    assert!(cases > 600, "{cases}");
}

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

/// Our verdict against the `jsonschema` crate's (formats asserted) on 5,000 strings drawn by
/// mutating valid seeds: every disagreement, and how many strings were valid.
fn against_jsonschema(
    format: Format,
    seed: u64,
    seeds: &[&str],
    alphabet: &str,
) -> (Vec<String>, usize) {
    let oracle = jsonschema::options()
        .should_validate_formats(true)
        .build(&json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "format": format.name() }))
        .unwrap();
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut rng = Rng(seed);
    let (mut disagreements, mut valid) = (Vec::new(), 0);
    for _ in 0..5_000 {
        let s = mutated(&mut rng, seeds, &alphabet);
        let (ours, theirs) = (is_format(&s, format), oracle.is_valid(&json!(s)));
        valid += usize::from(ours);
        if ours != theirs {
            disagreements.push(format!("{s:?}: ours {ours}, jsonschema {theirs}"));
        }
    }
    disagreements.sort();
    disagreements.dedup();
    (disagreements, valid)
}

#[test]
fn checkers_agree_with_the_jsonschema_crate() {
    let table: &[(Format, &[&str], &str)] = &[
        (
            Format::Time,
            &["23:59:60Z", "08:30:06.28+01:30", "12:00:00-00:00"],
            "0123456789:.+-Zz T",
        ),
        (
            Format::Duration,
            &["P1Y2M3DT4H5M6S", "P3W", "PT36H", "P1M2D"],
            "0123456789PYMWDTHS.",
        ),
        (
            Format::Ipv4,
            &["192.168.0.1", "10.0.0.255", "0.0.0.0"],
            "0123456789.x ",
        ),
        (
            Format::Ipv6,
            &["::1", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "fe80::a"],
            "0123456789abcdefg:.%",
        ),
        (
            Format::UriReference,
            &["http://a/b?c#d", "../x", "//h:80/p", "#f"],
            ":/?#[]@%20aZ-._~ \\\"<>{}é",
        ),
        (
            Format::Iri,
            &["http://ƒøø.ßår/?∂=π#ü", "urn:a:b", "http://[::1]/"],
            ":/?#[]@%20aZ-._~ \\é",
        ),
        (
            Format::IriReference,
            &["/âππ", "#ƒrägmênt", "//h/p", "a?b"],
            ":/?#[]@%20aZ-._~ \\é",
        ),
        (
            Format::JsonPointer,
            &["/a~1b/m~0n", "", "/foo/0"],
            "/~012a#",
        ),
        (
            Format::RelativeJsonPointer,
            &["0/a", "12#", "1/~0"],
            "0123/~#-+a",
        ),
        (
            Format::UriTemplate,
            &["http://e/{+p}{?q,l}", "{v:30}", "{x.y*}"],
            "{}+#.,:*%4109a ?/",
        ),
    ];
    let mut all = Vec::new();
    for (i, (format, seeds, alphabet)) in table.iter().enumerate() {
        let (disagreements, valid) =
            against_jsonschema(*format, 0x0F00 + i as u64, seeds, alphabet);
        assert!(
            valid > 200,
            "{}: only {valid} valid strings drawn",
            format.name()
        );
        all.extend(
            disagreements
                .into_iter()
                .map(|d| format!("{}: {d}", format.name())),
        );
    }
    assert_eq!(all, Vec::<String>::new());
}

/// Why `s`, which `jsonschema` takes for a host name, is not one: it decodes each A-label and
/// checks the code points' classes, but not the rest of what RFC 5891 section 5.5 asks of an
/// A-label (that it be the canonical encoding of a valid U-label).
fn a_label_problem(s: &str) -> Option<&'static str> {
    let mut bidi = false;
    let mut digit_first = false;
    for label in s.split('.') {
        let Some(payload) = label.strip_prefix("xn--") else {
            digit_first |= label.starts_with(|c: char| c.is_ascii_digit());
            continue;
        };
        let Some(decoded) = idna::punycode::decode_to_string(payload) else {
            return Some("not Punycode");
        };
        if decoded.starts_with('-') || decoded.ends_with('-') || decoded.get(2..4) == Some("--") {
            return Some("a U-label with a hyphen where RFC 5891 section 4.2.3.1 forbids one");
        }
        if idna::domain_to_ascii(&decoded).ok().as_deref() != Some(label) {
            return Some("not the A-label of its U-label (mapped, unnormalized or disallowed)");
        }
        bidi |= decoded
            .chars()
            .any(|c| ('\u{0590}'..='\u{08FF}').contains(&c));
        digit_first |= decoded.starts_with(|c: char| c.is_ascii_digit());
    }
    (bidi && digit_first).then_some("a label starting with a digit in a Bidi name (RFC 5893)")
}

#[test]
fn hostname_agrees_with_the_jsonschema_crate_but_where_rfc_5891_says_otherwise() {
    let (disagreements, valid) = against_jsonschema(
        Format::Hostname,
        0x0F50,
        &[
            "www.example.com",
            "a-b.c",
            "xn--9n2bp8q.xn--9t4b11yi5a",
            "xn--ll-0ea.cat",
        ],
        "abcxn-.09_",
    );
    assert!(valid > 200, "{valid}");
    let mut reasons = std::collections::BTreeMap::new();
    let mut unexplained = Vec::new();
    for line in &disagreements {
        let (text, verdict) = line.rsplit_once(": ours ").unwrap();
        let value: String = serde_json::from_str(text).unwrap();
        match a_label_problem(&value).filter(|_| verdict.starts_with("false")) {
            Some(reason) => *reasons.entry(reason).or_insert(0) += 1,
            None => unexplained.push(line.clone()),
        }
    }
    assert_eq!(unexplained, Vec::<String>::new());
    assert!(!reasons.is_empty());
}
