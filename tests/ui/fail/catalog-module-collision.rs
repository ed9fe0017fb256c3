//! Two tools whose names map to one module: an error naming both and saying how to rename one.

portal_macros::catalog!(dir = "catalogs/collision");

fn main() {
    let _ = collision::a_b::B::builder().build();
}
