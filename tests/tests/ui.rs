//! Compile-time tests of the `tool!` macro: bindings that must compile (and run) cleanly under
//! `#![deny(warnings)]`, and broken schemas or invocations that must fail with one clear error each.
//!
//! Regenerate the expected `.stderr` files with `TRYBUILD=overwrite cargo test -p portal-tests --test ui`,
//! then read them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
