//! A bare schema with `$defs`: shared definitions, a non-object definition, an enum definition and
//! a recursive one (boxed where it holds itself directly, not behind a `Vec`).
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/refs.json",
}

use portal_runtime::prelude::*;

fn main() {
    let leaf = Tree::builder().label("leaf").build();
    let tree = Tree::builder()
        .label("root")
        .children(vec![leaf.clone()])
        .parent(Box::new(Tree::builder().build()))
        .build();
    let order = Order::builder()
        .shipping(Address::builder().street("1 Main St").zip("12345").build())
        .billing(Address::builder().street("2 Side St").build())
        .quantity(3)
        .colors(vec![Color::Red, Color::Green])
        .tree(tree)
        .build();
    assert!(order.validate().is_ok());
    let json = serde_json::to_string(&order).unwrap();
    assert_eq!(
        json,
        r#"{"shipping":{"street":"1 Main St","zip":"12345"},"billing":{"street":"2 Side St"},"quantity":3,"colors":["red","green"],"tree":{"label":"root","children":[{"label":"leaf"}],"parent":{}}}"#
    );
    assert_eq!(Order::from_json(&json).unwrap(), order);

    let errors = Order::from_json(
        r#"{"shipping": {"street": "", "zip": "1234", "floor": 2}, "quantity": 0, "colors": ["blue"]}"#,
    )
    .unwrap_err();
    let pointers: Vec<String> = errors.iter().map(|v| v.to_string()).collect();
    assert_eq!(errors.len(), 5, "{errors}");
    assert!(
        pointers.iter().any(|p| p.starts_with("/shipping/zip")),
        "{errors}"
    );
    assert!(
        pointers.iter().any(|p| p.starts_with("/quantity")),
        "{errors}"
    );
    assert!(
        pointers.iter().any(|p| p.starts_with("/colors/0")),
        "{errors}"
    );
}
