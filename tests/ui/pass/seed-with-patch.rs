//! The WorkOS seed with its patch: required organization, formats, the HTTP binding, the output type.
#![deny(warnings)]

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    patch: "../../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
}

use portal_runtime::prelude::*;

fn main() {
    let request = GenerateLink::builder()
        .organization("org_01EHZNVPK3SFK441A1RGBFSHRT")
        .intent(Intent::Sso)
        .admin_emails(vec!["ada@example.com".to_owned()])
        .return_url("https://example.com/back")
        .intent_options(
            IntentOptions::builder()
                .sso(SsoIntentOptions::builder().bookmark_slug("slug").build())
                .build(),
        )
        .build();
    assert!(request.validate().is_ok());
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(
        json,
        r#"{"intent":"sso","return_url":"https://example.com/back","admin_emails":["ada@example.com"],"organization":"org_01EHZNVPK3SFK441A1RGBFSHRT","intent_options":{"sso":{"bookmark_slug":"slug"}}}"#
    );
    assert_eq!(GenerateLink::from_json(&json).unwrap(), request);

    let errors = GenerateLink::from_json(r#"{"admin_emails": ["nobody"]}"#).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors}");

    assert_eq!(
        <GenerateLink as Operation>::TOOL,
        "portal.generate_link.create"
    );
    assert_eq!(
        <GenerateLink as Operation>::METHOD,
        portal_runtime::Method::Post
    );
    assert_eq!(<GenerateLink as Operation>::PATH, "/portal/generate_link");
    let link = <GenerateLink as Operation>::Output::from_json(
        r#"{"link": "https://id.workos.com/portal/launch?secret=s"}"#,
    )
    .unwrap();
    assert_eq!(
        link,
        PortalLink::builder()
            .link("https://id.workos.com/portal/launch?secret=s")
            .build()
    );
    assert!(!format!("{link:?}").contains("secret=s"));
    assert_eq!("sso".parse::<Intent>().unwrap(), Intent::Sso);
    assert!("bogus".parse::<Intent>().is_err());
}
