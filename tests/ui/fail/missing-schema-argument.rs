//! No `schema:` argument.

portal_macros::tool! {
    patch: "../../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
    name: Root,
}

fn main() {}
