//! A schema file that is not JSON (a trailing comma): the message gives the line and column.

portal_macros::tool! {
    schema: "schemas/fail/invalid-json.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
