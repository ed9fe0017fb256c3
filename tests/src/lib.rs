//! Integration tests, benchmarks and examples of the portal workspace (not published).
//!
//! The library holds what the examples and tests share: [`serve`], an MCP server for the WorkOS
//! tool built on the official Rust SDK (`rmcp`), forwarding to the REST API.

pub mod serve;
