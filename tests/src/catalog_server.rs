//! An MCP server for a whole generated catalog, on the official Rust SDK (`rmcp`): its Streamable
//! HTTP server, mounted in axum at [`PATH`](crate::serve::PATH).
//!
//! - **The tools as advertised.** `tools/list` gives every tool the catalog's `visit` reaches,
//!   with its `inputSchema` and `outputSchema` produced by rmcp from `rmcp::schemars::JsonSchema` of the
//!   generated request and output types, and its description, title and annotations as
//!   published.
//! - **Arguments.** Each call's raw `arguments` are decoded and validated by the generated request
//!   type before the handler runs: an invalid call is a tool error listing every violation
//!   ([`invalid_arguments`](crate::serve::invalid_arguments)), and the handler never sees it.
//! - **Results.** The handler gets the tool's catalog entry and the request as the generated type
//!   serializes it, and answers with the tool's `structuredContent` or an error envelope
//!   (`{"message", "code"?}`), which becomes a tool error (`isError: true`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use portal_runtime::{CatalogTool, FromJson, Operation, Violations, Visit};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, ServerHandler};
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// What answers a valid call: the tool's entry and the validated request (as JSON), then the
/// result's `structuredContent`, or an error envelope.
pub type Handler = Arc<dyn Fn(&'static CatalogTool, Value) -> Result<Value, Value> + Send + Sync>;

struct Entry {
    tool: Tool,
    entry: &'static CatalogTool,
    decode: fn(&Value) -> Result<Value, Violations>,
}

/// Collects the catalog's tools with their types, for [`CatalogServer::new`].
#[derive(Default)]
pub struct Registry(Vec<Entry>);

fn decode<O: FromJson + serde::Serialize>(arguments: &Value) -> Result<Value, Violations> {
    let request = O::from_json_value(arguments)?;
    Ok(serde_json::to_value(&request).expect("a generated request serializes"))
}

impl Visit for Registry {
    fn tool<O>(&mut self, entry: &'static CatalogTool)
    where
        O: Operation + FromJson + rmcp::schemars::JsonSchema + 'static,
        O::Output: serde::Serialize + rmcp::schemars::JsonSchema + 'static,
    {
        let mut tool =
            Tool::new(O::TOOL, entry.description, JsonObject::new()).with_input_schema::<O>();
        // MCP's `outputSchema` describes `structuredContent`, which is an object.
        if rmcp::schemars::schema_for!(O::Output).get("type") == Some(&json!("object")) {
            tool = tool.with_output_schema::<O::Output>();
        }
        // What a host shows and acts on, as published.
        let published: Value = serde_json::from_str(entry.published).expect("the catalog's JSON");
        tool.title = published["title"].as_str().map(str::to_owned);
        tool.annotations = serde_json::from_value(published["annotations"].clone()).ok();
        self.0.push(Entry {
            tool,
            entry,
            decode: decode::<O>,
        });
    }
}

/// The rmcp handler for a catalog.
#[derive(Clone)]
pub struct CatalogServer {
    name: &'static str,
    tools: Arc<BTreeMap<&'static str, Entry>>,
    handler: Handler,
}

impl CatalogServer {
    /// A server for the tools `visit` (a generated catalog's `visit`) reaches, answering valid
    /// calls with `handler`.
    pub fn new(name: &'static str, visit: impl FnOnce(&mut Registry), handler: Handler) -> Self {
        let mut registry = Registry::default();
        visit(&mut registry);
        let tools = registry.0.into_iter().map(|e| (e.entry.name, e)).collect();
        CatalogServer {
            name,
            tools: Arc::new(tools),
            handler,
        }
    }

    /// How many tools it serves.
    pub fn len(&self) -> usize {
        self.tools.len()
    }

    /// Whether it serves none.
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    fn call(&self, name: &str, arguments: &Value) -> Option<CallToolResult> {
        let entry = self.tools.get(name)?;
        let request = match (entry.decode)(arguments) {
            Ok(request) => request,
            Err(violations) => return Some(crate::serve::invalid_arguments(&violations)),
        };
        Some(match (self.handler)(entry.entry, request) {
            // A tool without output answers no content.
            Ok(Value::Null) => CallToolResult::success(Vec::new()),
            Ok(value) => CallToolResult::structured(value),
            Err(envelope) => CallToolResult::error(vec![ContentBlock::text(envelope.to_string())]),
        })
    }
}

/// A handler answering every tool with the first of its `outputSchema`'s `examples` (as
/// published), as API documents state them, and a tool without an `outputSchema` with no
/// content; a tool whose output schema states no example answers an error.
pub fn examples() -> Handler {
    Arc::new(|entry, _request| {
        let published: Value = serde_json::from_str(entry.published).expect("the catalog's JSON");
        if published.get("outputSchema").is_none() {
            return Ok(Value::Null);
        }
        published
            .pointer("/outputSchema/examples/0")
            .cloned()
            .ok_or_else(|| json!({"message": format!("{} has no example answer", entry.name), "code": "no_example"}))
    })
}

impl ServerHandler for CatalogServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(self.name, env!("CARGO_PKG_VERSION")))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools.get(name).map(|e| e.tool.clone())
    }

    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(
            self.tools.values().map(|e| e.tool.clone()).collect(),
        ))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        match self.call(&request.name, &arguments) {
            Some(result) => Ok(CallToolResponse::Complete(result)),
            None => Err(ErrorData::invalid_params(
                format!("Unknown tool: {}", request.name),
                None,
            )),
        }
    }
}

/// Serves `server` on `addr` (port 0 for any free port) until the returned handle is dropped.
pub async fn start(
    server: CatalogServer,
    addr: SocketAddr,
) -> std::io::Result<crate::serve::Running> {
    let config = StreamableHttpServerConfig::default();
    let stop = config.cancellation_token.clone();
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let router = axum::Router::new().nest_service(crate::serve::PATH, service);
    let listener = TcpListener::bind(addr).await?;
    crate::serve::Running::spawn(listener, router, stop)
}
