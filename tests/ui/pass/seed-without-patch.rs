//! The WorkOS seed alone: every property optional, no HTTP binding, no output type.
#![deny(warnings)]

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
}

use portal_runtime::prelude::*;

fn main() {
    let empty = GenerateLink::builder().build();
    assert!(empty.validate().is_ok());
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    assert_eq!(GenerateLink::from_json("{}").unwrap(), empty);

    let request = GenerateLink::builder()
        .organization("org_1")
        .intent(Intent::AuditLogs)
        .admin_emails(vec![
            "not an email, and no format without the patch".to_owned(),
        ])
        .build();
    assert!(request.validate().is_ok());
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(GenerateLink::from_json(&json).unwrap(), request);
    assert!(GenerateLink::from_json(r#"{"intent": "bogus"}"#).is_err());
}
