//! A catalog with a broken tool: each of its errors names the file and the JSON Pointer; the other
//! tools are generated, and the broken one gets a placeholder, so its uses add no error.

portal_macros::catalog!(dir = "catalogs/broken");

fn main() {
    let _ = broken::good_get::GetGood::builder().id("x").build();
    let _ = broken::bad_create::Bad::builder().name("x").kind("a").build();
    assert_eq!(broken::CATALOG.tools.len(), 2);
}
