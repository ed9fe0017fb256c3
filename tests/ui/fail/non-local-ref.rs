//! A `$ref` to another document: only local references (`#/...`) are supported.

portal_macros::tool! {
    schema: "schemas/fail/non-local-ref.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
