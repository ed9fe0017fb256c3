//! A keyword the generator does not know: `maxLenght`, a misspelt `maxLength`, is refused rather
//! than silently ignored.

portal_macros::tool! {
    schema: "ui/schemas/fail/unknown-keyword.json",
    name: Root,
}

fn main() {
    // The placeholder root type keeps this compiling: the schema error is the only error.
    let _: Option<Root> = None;
}
