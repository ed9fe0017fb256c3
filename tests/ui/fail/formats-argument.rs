//! `formats` takes `"assert"` or `"annotate"`: any other word is refused on the literal.

portal_macros::tool! {
    schema: "schemas/formats.json",
    name: Root,
    formats = "strict",
}

fn main() {}
