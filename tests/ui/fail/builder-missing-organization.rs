//! With the patch, `organization` is required: the builder will not `build()` without it.

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    patch: "../../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
}

fn main() {
    let _request = GenerateLink::builder().intent(Intent::Sso).build();
}
