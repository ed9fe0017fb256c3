//! A `$schema` dialect other than draft 2020-12 or draft-07.

portal_macros::tool! {
    schema: "schemas/fail/unsupported-dialect.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
