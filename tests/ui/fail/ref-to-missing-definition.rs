//! A `$ref` to a definition that does not exist (a typo).

portal_macros::tool! {
    schema: "schemas/fail/ref-to-missing-definition.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
