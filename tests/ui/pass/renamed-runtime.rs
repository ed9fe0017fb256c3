//! `crate = path`: the bindings name the runtime by the path given, here the runtime under
//! another name, and compile cleanly through it.
#![deny(warnings)]

extern crate portal_runtime as renamed;

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    patch: "../../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
    name: GenerateLink,
    crate = ::renamed,
}

use renamed::prelude::*;

fn main() {
    let request = GenerateLink::builder()
        .organization("org_1")
        .intent(Intent::Sso)
        .build();
    assert!(request.validate().is_ok());
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"intent":"sso","organization":"org_1"}"#
    );
    assert_eq!(GenerateLink::from_json(r#"{"intent":"sso","organization":"org_1"}"#).unwrap(), request);
    assert_eq!(
        GenerateLink::from_json(r#"{"intent":"sso","organization":"org_1","admin_emails":["nobody"]}"#)
            .unwrap_err()
            .to_string(),
        "1 violation\n  /admin_emails/0: expected an email address (format \"email\"), found \"nobody\" (format)"
    );
    assert_eq!(<GenerateLink as renamed::Operation>::PATH, "/portal/generate_link");
}
