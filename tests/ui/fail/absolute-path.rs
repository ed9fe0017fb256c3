//! An absolute schema path: refused, so a build never depends on where a checkout lives.

portal_macros::tool! {
    schema: "/srv/schemas/portal.generate_link.create.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
