//! An argument given twice.

portal_macros::tool! {
    schema: "../schemas/workos/portal.generate_link.create.json",
    schema: "../schemas/workos/portal.generate_link.create.json",
}

fn main() {}
