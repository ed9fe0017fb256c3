//! A list of types (`["string", "null"]`): one type per schema is supported.

portal_macros::tool! {
    schema: "ui/schemas/fail/type-list.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
