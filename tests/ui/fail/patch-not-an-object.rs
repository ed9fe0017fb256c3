//! A patch that is a JSON array, not an RFC 7396 merge patch object: the error is on the patch.

portal_macros::tool! {
    schema: "../../portal-workos/schemas/workos/portal.generate_link.create.json",
    patch: "schemas/fail/patch-not-an-object.patch.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
