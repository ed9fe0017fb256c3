//! An MCP server for `portal.generate_link.create`, built on the official Rust SDK (`rmcp`): its
//! Streamable HTTP server, mounted in axum at `/mcp`, forwarding every call through the runtime's
//! REST [`Client`].
//!
//! - **The tool as advertised.** `tools/list` describes the tool with an `inputSchema` produced by
//!   rmcp from `schemars::JsonSchema` of the generated [`GenerateLink`]
//!   ([`Tool::with_input_schema`]), which reports the patched source schema, and an `outputSchema`
//!   from [`PortalLink`] the same way. rmcp adds `$schema` and removes a top-level `title` and
//!   `description`; the description of the tool itself is the checked-in tool's.
//! - **Arguments.** The raw `arguments` object is decoded with [`FromJson::from_json_value`], so an
//!   invalid call lists every violation (rmcp's `Parameters<T>` would stop at serde's first error).
//!   Nothing is sent then.
//! - **Results.** A link comes back as `structuredContent` `{"link": ...}` with the same JSON as
//!   text. Every failure is a tool error (`isError: true`) whose text is one JSON object in the
//!   WorkOS error envelope, `{"message", "code"?, "errors"?}`, plus `status` and `request_id`
//!   when the REST API answered; the request id is also in the result's `_meta` as
//!   `x-request-id`. The runtime's `McpClient` (feature `mcp`) reads all of them back into a
//!   [`ToolError`](portal_runtime::ToolError). See [`error_result`] for each case (shared with
//!   every server of this crate: [`tool_result`](crate::tool_result)).
//!
//! [`workos_server`](crate::workos_server) serves every tool of the WorkOS API the same way.
//!
//! The server holds the API key: whoever reaches the endpoint calls the API with it. [`start`]
//! listens on the address it is given; the example binds `127.0.0.1`, and rmcp refuses requests
//! whose `Host` is not a loopback name.

use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};

use portal_runtime::client::Client;
use portal_runtime::prelude::*;
use portal_workos::{GenerateLink, PortalLink};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, JsonObject,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, ServerHandler};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The checked-in tool, for its description.
const SOURCE_TOOL: &str =
    include_str!("../../portal-workos/schemas/workos/portal.generate_link.create.json");

/// The path the MCP endpoint is mounted at.
pub const PATH: &str = "/mcp";

pub use crate::tool_result::{INVALID_ARGUMENTS, error_result, invalid_arguments};

/// The tool as `tools/list` advertises it.
pub fn tool() -> Tool {
    static TOOL: LazyLock<Tool> = LazyLock::new(|| {
        let source: Value = serde_json::from_str(SOURCE_TOOL).expect("the checked-in tool is JSON");
        let description = source["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        Tool::new(GenerateLink::TOOL, description, JsonObject::new())
            .with_input_schema::<GenerateLink>()
            .with_output_schema::<PortalLink>()
    });
    TOOL.clone()
}

/// The rmcp handler: one tool, forwarded to the REST API through `client`.
#[derive(Clone, Debug)]
pub struct PortalServer {
    client: Client,
}

impl PortalServer {
    /// A server that forwards to the API `client` is configured for.
    pub fn new(client: Client) -> PortalServer {
        PortalServer { client }
    }

    /// One `portal.generate_link.create` call with its raw arguments.
    pub async fn generate_link(&self, arguments: &Value) -> CallToolResult {
        let request = match GenerateLink::from_json_value(arguments) {
            Ok(request) => request,
            Err(violations) => return invalid_arguments(&violations),
        };
        match self.client.send(&request).await {
            // `structuredContent` and the same JSON as text.
            Ok(portal) => crate::tool_result::typed_output(&portal, true),
            Err(error) => error_result(&error),
        }
    }
}

impl ServerHandler for PortalServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build()).with_server_info(
            Implementation::new("portal-serve", env!("CARGO_PKG_VERSION")),
        )
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        (name == GenerateLink::TOOL).then(tool)
    }

    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(vec![tool()]))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if request.name != GenerateLink::TOOL {
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {}", request.name),
                None,
            ));
        }
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        Ok(CallToolResponse::Complete(
            self.generate_link(&arguments).await,
        ))
    }
}

/// The axum router with the MCP endpoint at [`PATH`], and the token that stops its sessions.
pub fn router(client: Client) -> (axum::Router, CancellationToken) {
    let server = PortalServer::new(client);
    let config = StreamableHttpServerConfig::default();
    let stop = config.cancellation_token.clone();
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    (axum::Router::new().nest_service(PATH, service), stop)
}

/// A server running on a Tokio task. Dropping it stops it.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    stop: CancellationToken,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The MCP endpoint: `http://<addr>/mcp`.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Serves until the task fails (it does not end by itself).
    pub async fn wait(mut self) -> std::io::Result<()> {
        match (&mut self.task).await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.cancel();
        self.task.abort();
    }
}

/// Binds `addr` and serves the MCP endpoint there on a new task, forwarding to `client`.
/// Needs a Tokio runtime.
pub async fn start(client: Client, addr: SocketAddr) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let (router, stop) = router(client);
    Running::spawn(listener, router, stop)
}

impl Running {
    /// Serves `router` on `listener` on a new task until `stop` is cancelled (or the handle
    /// dropped).
    pub fn spawn(
        listener: TcpListener,
        router: axum::Router,
        stop: CancellationToken,
    ) -> std::io::Result<Running> {
        let addr = listener.local_addr()?;
        let shutdown = stop.clone().cancelled_owned();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
        });
        Ok(Running { addr, stop, task })
    }
}
