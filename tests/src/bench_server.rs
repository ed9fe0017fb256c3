//! What the MCP benches (`benches/mcp.rs`, `benches/mcp_client.rs`) share: rmcp's Streamable
//! HTTP server for the one WorkOS tool, mounted in axum on 127.0.0.1 (port 0), each call answered
//! by an [`Answer`] of the bench's own, and the medians they report.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rmcp::ErrorData;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, ListToolsResult, PaginatedRequestParams,
    ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

/// The tool the benches serve: `portal.generate_link.create` as WorkOS publishes it.
pub const SEED: &str =
    include_str!("../../portal-workos/schemas/workos/portal.generate_link.create.json");

/// How the server answers a `tools/call`.
pub trait Answer: Clone + Send + Sync + 'static {
    /// The result of one call, as the server sends it back.
    fn answer(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<CallToolResponse, ErrorData>> + Send;
}

/// The seed tool, listed and called through `answer`.
#[derive(Clone)]
struct OneTool<A> {
    tool: Tool,
    answer: A,
}

impl<A: Answer> rmcp::ServerHandler for OneTool<A> {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        (self.tool.name == name).then(|| self.tool.clone())
    }

    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(vec![self.tool.clone()]))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        self.answer.answer(request, context).await
    }
}

/// Starts a server for the seed tool, answering with JSON bodies (`json_response`) or event
/// streams, and returns its endpoint (`http://127.0.0.1:<port>/mcp`). It runs until the
/// caller's runtime ends.
pub async fn serve(answer: impl Answer, json_response: bool) -> String {
    let server = OneTool {
        tool: serde_json::from_str(SEED).unwrap(),
        answer,
    };
    let config = StreamableHttpServerConfig::default()
        .with_json_response(json_response)
        .with_sse_keep_alive(None);
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let router = axum::Router::new().nest_service("/mcp", service);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/mcp", listener.local_addr().unwrap());
    // An event stream is written in several small pieces; with Nagle's algorithm on, a piece
    // waits for the client's delayed ACK (40 ms on Linux). Servers in production set TCP_NODELAY.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

/// Runs a bench on a current-thread runtime: its clients and servers take turns on one thread,
/// so the figures do not depend on how many cores are free at the time.
pub fn block_on<F: Future>(bench: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(bench)
}

/// The median of `times` (which it sorts).
pub fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// `d` in microseconds.
pub fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
