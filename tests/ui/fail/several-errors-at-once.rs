//! Six mistakes in one schema: all reported together, each with its JSON Pointer.

portal_macros::tool! {
    schema: "schemas/fail/several-errors-at-once.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
