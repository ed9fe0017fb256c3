//! An array keyword (`maxItems`) on a string.

portal_macros::tool! {
    schema: "schemas/fail/keyword-on-wrong-type.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
