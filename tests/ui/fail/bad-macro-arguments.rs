//! An argument the macro does not know (`scheme` for `schema`).

portal_macros::tool! {
    scheme: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
}

fn main() {}
