//! Bounds no value can meet (`minimum` above `maximum`).

portal_macros::tool! {
    schema: "schemas/fail/minimum-above-maximum.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
