//! `name:` given as a string rather than an identifier.

portal_macros::tool! {
    schema: "../schemas/workos/portal.generate_link.create.json",
    name: "Root",
}

fn main() {}
