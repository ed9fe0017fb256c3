//! A keyword the generator does not implement (`anyOf`).

portal_macros::tool! {
    schema: "ui/schemas/fail/unknown-keyword.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
