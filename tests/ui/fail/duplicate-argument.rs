//! An argument given twice.

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
}

fn main() {}
