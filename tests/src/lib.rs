//! Integration tests, benchmarks and examples of the portal workspace (not published).
//!
//! The library holds what the examples, tests and benches share: [`serve`], an MCP server for the
//! WorkOS tool built on the official Rust SDK (`rmcp`), forwarding to the REST API;
//! [`catalog_server`], one for any generated catalog (its calls forwarded over REST or answered by
//! a handler), and [`workos_server`], the whole WorkOS API through it; [`tool_result`], what they
//! all answer; and
//! [`fixtures`], the table of every tool schema they expand with the bindings of each, expanded
//! once here (so that `cargo doc` with `-D warnings` also checks the documentation generated for
//! them).

pub mod bench_server;
pub mod catalog_server;
// Generated code must compile without a warning.
#[deny(warnings)]
pub mod catalogs;
#[deny(warnings)]
pub mod fixtures;
pub mod serve;
pub mod tool_result;
pub mod workos_server;

/// A plain reqwest client, for tests that talk HTTP without the portal client.
///
/// The workspace build turns on portal-runtime's `rustls` feature, which builds reqwest with rustls
/// but without a default crypto provider; building any reqwest client then needs a process-wide
/// provider, so one is installed first (installing it twice is harmless).
pub fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
