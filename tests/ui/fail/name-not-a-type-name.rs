//! `name:` is used as written, so it must be an ASCII type name: `Café` is a Rust identifier, but
//! not one the generator makes (no `non_ascii_idents`).

portal_macros::tool! {
    schema: "schemas/refs.json",
    name: Café,
}

fn main() {
    let _: Option<Café> = None;
}
