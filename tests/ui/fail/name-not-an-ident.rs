//! `name:` given as a string rather than an identifier.

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    name: "Root",
}

fn main() {}
