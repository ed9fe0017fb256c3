//! Integration tests, benchmarks and examples of the portal workspace (not published).
//!
//! The library holds what the examples and tests share: [`serve`], an MCP server for the WorkOS
//! tool built on the official Rust SDK (`rmcp`), forwarding to the REST API.

pub mod serve;

/// A plain reqwest client, for tests that talk HTTP without the portal client.
///
/// The workspace build turns on portal-runtime's `rustls` feature, which builds reqwest with rustls
/// but without a default crypto provider; building any reqwest client then needs a process-wide
/// provider, so one is installed first (installing it twice is harmless).
pub fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
