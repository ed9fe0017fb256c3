//! Nothing: this crate holds the trybuild cases of `ui/pass` and `ui/fail` and their runner,
//! `ui.rs` (`cargo test -p portal-ui-tests`).
