//! A keyword the generator does not know that looks like a misspelling of one it does:
//! `maxLenght`, for `maxLength`, is refused with a hint rather than ignored as an annotation.

portal_macros::tool! {
    schema: "schemas/fail/unknown-keyword.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
