//! `required` names a property that `properties` does not declare (a misspelling).

portal_macros::tool! {
    schema: "schemas/fail/required-not-in-properties.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
