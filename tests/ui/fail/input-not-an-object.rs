//! An input schema that is not an object with properties.

portal_macros::tool! {
    schema: "schemas/fail/input-not-an-object.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
