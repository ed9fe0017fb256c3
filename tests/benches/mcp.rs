//! One `portal.generate_link.create` call through MCP against the same call through REST.
fn main() {}
