//! A `pattern` that is not a regular expression (an unclosed class).

portal_macros::tool! {
    schema: "schemas/fail/invalid-regex.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
