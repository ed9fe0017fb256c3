//! A schema path that names no file.

portal_macros::tool! {
    schema: "schemas/fail/does-not-exist.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
