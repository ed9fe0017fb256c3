//! A builder setter called twice: the second call does not compile.

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    patch: "../../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
}

fn main() {
    let _request = GenerateLink::builder()
        .organization("org_1")
        .organization("org_2")
        .build();
}
