//! Nested objects, arrays of objects, integer and number bounds, patterns, formats, `const`, free
//! maps and values, `additionalProperties: false`.
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/nested.json",
}

use portal_runtime::prelude::*;

fn main() {
    let shipment = Shipments::builder()
        .reference("SHP-0042")
        .priority(5)
        .weight(12.5)
        .packages(vec![
            PackagesItem::builder()
                .sku("ABC-1")
                .count(2)
                .tags(vec!["fragile".to_owned()])
                .build(),
            PackagesItem::builder().sku("XYZ-99").count(99).build(),
        ])
        .destination(
            Destination::builder()
                .contact(
                    ContactDestination::builder()
                        .email("ada@example.com")
                        .site("https://example.com")
                        .build(),
                )
                .coordinates(
                    CoordinatesDestination::builder()
                        .lat(51.5)
                        .lon(-0.1)
                        .build(),
                )
                .build(),
        )
        .metadata(serde_json::Map::new())
        .anything(serde_json::json!([1, "two"]))
        .mode("fast")
        .build();
    assert!(shipment.validate().is_ok(), "{:?}", shipment.validate());
    let json = serde_json::to_string(&shipment).unwrap();
    assert_eq!(Shipments::from_json(&json).unwrap(), shipment);

    // Every bound broken once.
    let bad = r#"{
        "reference": "SHP-42",
        "priority": 6,
        "weight": 0.3,
        "packages": [{"sku": "abc", "count": 100, "tags": [""]}],
        "destination": {"contact": {"email": "nobody", "site": "not a uri"}, "coordinates": {"lat": 91, "lon": 0}},
        "mode": "slow",
        "extra": true
    }"#;
    let errors = Shipments::from_json(bad).unwrap_err();
    let text = errors.to_string();
    for pointer in [
        "/reference:",
        "/priority:",
        "/weight:",
        "/packages/0/sku:",
        "/packages/0/count:",
        "/packages/0/tags/0:",
        "/destination/contact/email:",
        "/destination/contact/site:",
        "/destination/coordinates/lat:",
        "/mode:",
        "/extra:",
    ] {
        assert!(text.contains(pointer), "{pointer} missing from {text}");
    }
    let too_many = Shipments::builder()
        .reference("SHP-0001")
        .packages(vec![
            PackagesItem::builder().sku("ABC-1").count(1).build();
            4
        ])
        .build();
    assert!(too_many.validate().is_err());
    assert!(Shipments::from_json(r#"{"reference": "SHP-0001", "packages": []}"#).is_err());
}
