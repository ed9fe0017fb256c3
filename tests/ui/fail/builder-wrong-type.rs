//! A setter given a value of the wrong type (an enum property set from a string).

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    patch: "../../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
}

fn main() {
    let _request = GenerateLink::builder()
        .organization("org_1")
        .intent("sso")
        .build();
}
