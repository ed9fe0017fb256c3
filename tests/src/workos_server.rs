//! The whole WorkOS API as one MCP server: every tool of `portal_workos::api` (the 170
//! operations imported from WorkOS's OpenAPI document), served by
//! [`catalog_server`] with the [`Forward`] handler, so that each valid
//! call is sent over REST as its generated request type and answered with its decoded,
//! validated output (`structuredContent` for an object output, the JSON as text otherwise, no
//! content for `204`), and every failure as the WorkOS error envelope
//! ([`tool_result`](crate::tool_result)).
//!
//! As with [`serve`](crate::serve), the server holds the API key: whoever reaches the endpoint
//! calls the API with it.

use std::net::{Ipv4Addr, SocketAddr};

use portal_runtime::client::Client;

use crate::catalog_server::{self, CatalogServer, Forward};
use crate::serve::Running;

/// The server name it reports in `initialize`.
pub const NAME: &str = "portal-workos";

/// A server of every tool of `portal_workos::api`, forwarding to the API `client` is configured
/// for.
pub fn server(client: Client) -> CatalogServer {
    CatalogServer::new(NAME, portal_workos::api::visit, Forward::new(client))
}

/// Binds `addr` and serves [`server`] there (at [`PATH`](crate::serve::PATH)) on a new task.
/// Needs a Tokio runtime.
pub async fn start(client: Client, addr: SocketAddr) -> std::io::Result<Running> {
    catalog_server::start(server(client), addr).await
}

/// Serves every WorkOS tool on `127.0.0.1` at a free port, forwarding to `rest_base_url` with
/// `api_key` through a client with WorkOS's defaults ([`portal_workos::builder`]).
pub async fn start_workos(rest_base_url: &str, api_key: &str) -> std::io::Result<Running> {
    let client = portal_workos::builder()
        .api_key(api_key)
        .base_url(rest_base_url)
        .build()
        .map_err(std::io::Error::other)?;
    start(client, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
}
