//! An enum that lists a value twice.

portal_macros::tool! {
    schema: "schemas/fail/duplicate-enum-values.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
