//! Property names that are keywords, hyphenated, start with a digit or are not ASCII; enum values
//! that are empty, keywords, or differ only in case or punctuation; properties that differ only in
//! case or punctuation (`fooBar`, `foo_bar`).
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/hard-names.json",
}

use portal_runtime::prelude::*;

fn main() {
    let value = HardNames::builder()
        .r#type("t")
        .r#ref("r")
        .self_(7)
        .x_request_id("id")
        ._1st(true)
        .caf_u00e9("au lait")
        .u540d_u524d("名")
        .kind(Kind::Empty)
        .foo_bar("camel")
        .foo_bar_9("snake")
        .build();
    assert!(value.validate().is_ok());
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(
        json,
        r#"{"type":"t","ref":"r","self":7,"x-request-id":"id","1st":true,"café":"au lait","名前":"名","kind":"","fooBar":"camel","foo_bar":"snake"}"#
    );
    assert_eq!(HardNames::from_json(&json).unwrap(), value);

    let all = [
        (Kind::Empty, ""),
        (Kind::A, "a"),
        (Kind::A2, "A"),
        (Kind::BC, "b-c"),
        (Kind::BC4, "B_C"),
        (Kind::SelfValue, "self"),
        (Kind::SelfValue6, "Self"),
        (Kind::OtherValue, "other"),
        (Kind::Type, "type"),
        (Kind::Value1x, "1x"),
        (Kind::U00e9, "é"),
    ];
    assert_eq!(Kind::VALUES.len(), all.len());
    for (kind, text) in all {
        assert_eq!(kind.as_str(), text);
        assert_eq!(text.parse::<Kind>().unwrap(), kind);
        assert_eq!(
            serde_json::to_value(&kind).unwrap(),
            serde_json::json!(text)
        );
    }
    assert!("B-C".parse::<Kind>().is_err());
    let unknown = HardNames::from_json(r#"{"type": "t", "kind": "B-C"}"#).unwrap_err();
    assert_eq!(unknown.len(), 1, "{unknown}");
    let missing = HardNames::from_json(r#"{"self": "seven"}"#).unwrap_err();
    assert_eq!(missing.len(), 3, "{missing}");
}
