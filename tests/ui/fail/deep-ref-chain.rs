//! A chain of 5,000 `$ref`s: flat JSON, but a walk deeper than any stack. Refused at the depth
//! limit with a schema error, rather than overflowing rustc's stack inside the macro.

portal_macros::tool! {
    schema: "schemas/fail/deep-ref-chain.json",
    name: Root,
}

fn main() {
    let _: Option<Root> = None;
}
