//! An enum that mixes strings and a number.

portal_macros::tool! {
    schema: "ui/schemas/fail/mixed-enum-types.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
