//! Compile-time tests of the `tool!` and `catalog!` macros: bindings that must compile (and run) cleanly under
//! `#![deny(warnings)]`, and broken schemas or invocations that must fail with one clear error each.
//!
//! Regenerate the expected `.stderr` files with `TRYBUILD=overwrite cargo test -p portal-ui-tests`,
//! then read them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*.rs");
}
