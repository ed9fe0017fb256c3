//! A `format` the generated code cannot check (`hostname`).

portal_macros::tool! {
    schema: "ui/schemas/fail/unsupported-format.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
