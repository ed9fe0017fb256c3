//! An MCP server for a whole generated catalog, on the official Rust SDK (`rmcp`): its Streamable
//! HTTP server, mounted in axum at [`PATH`](crate::serve::PATH).
//!
//! - **The tools as advertised.** `tools/list` gives every tool the catalog's `visit` reaches, in
//!   pages of [`PAGE_SIZE`] (the cursor is the last name of the page before), each with its
//!   `inputSchema` and `outputSchema` produced by rmcp from `rmcp::schemars::JsonSchema` of the
//!   generated request and output types, and its description, title and annotations as
//!   published.
//! - **Arguments.** Each call's raw `arguments` are decoded and validated by the generated request
//!   type before the handler runs: an invalid call is a tool error listing every violation
//!   ([`invalid_arguments`](crate::tool_result::invalid_arguments)), and the handler never sees it.
//! - **Results.** What answers valid calls is a [`Handle`], asked once per tool (with the tool's
//!   types) for an async fn taking the typed request. Two are here: [`Forward`] sends each
//!   request over REST with the runtime's [`Client`] and answers the decoded, validated output;
//!   a [`Handler`] is a synchronous fn of the tool's entry and the request as JSON (as
//!   [`examples`] answers). Outputs and failures are answered as
//!   [`tool_result`] says.

use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::ops::Bound;
use std::pin::Pin;
use std::sync::Arc;

use portal_runtime::client::Client;
use portal_runtime::{CatalogTool, FromJson, Operation, Visit};
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

use crate::tool_result;

/// How many tools one `tools/list` page holds.
pub const PAGE_SIZE: usize = 50;

/// The answer to one call: a future that a multi-threaded server can move between threads.
pub type Answer = Pin<Box<dyn Future<Output = CallToolResult> + Send>>;

/// What answers the valid calls of one tool, given each call's validated request.
pub type ToolCall<O> = Box<dyn Fn(O) -> Answer + Send + Sync>;

/// One tool as a [`Handle`] is told about it.
#[derive(Clone, Copy, Debug)]
pub struct ToolInfo {
    /// The tool's entry in its catalog.
    pub entry: &'static CatalogTool,
    /// Whether the tool advertises an `outputSchema` (its output schema is an object), so that
    /// its output is answered as `structuredContent`.
    pub structured: bool,
}

/// What answers the valid calls of a catalog's tools: asked once per tool, with the tool's
/// request type `O`, when the server is built.
pub trait Handle {
    /// The async fn answering the calls of tool `O`.
    fn tool<O>(&self, tool: ToolInfo) -> ToolCall<O>
    where
        O: Operation + FromJson + Send + Sync + 'static,
        O::Output: serde::Serialize + Send + 'static;
}

/// A synchronous handler of every tool: the tool's entry and the validated request (as JSON),
/// then the output (`null` for none), or an error envelope, which becomes a tool error.
pub type Handler = Arc<dyn Fn(&'static CatalogTool, Value) -> Result<Value, Value> + Send + Sync>;

impl Handle for Handler {
    fn tool<O>(&self, tool: ToolInfo) -> ToolCall<O>
    where
        O: Operation + FromJson + Send + Sync + 'static,
        O::Output: serde::Serialize + Send + 'static,
    {
        let handler = self.clone();
        Box::new(move |request: O| {
            let request = serde_json::to_value(&request).expect("a generated request serializes");
            let result = match handler(tool.entry, request) {
                Ok(output) => tool_result::output(output, tool.structured),
                Err(envelope) => {
                    CallToolResult::error(vec![ContentBlock::text(envelope.to_string())])
                }
            };
            Box::pin(std::future::ready(result))
        })
    }
}

/// Forwards every call over REST as its typed request ([`Client::send`]), answering the
/// decoded, validated output, and every failure as the WorkOS error envelope
/// ([`error_result`](tool_result::error_result)).
#[derive(Clone, Debug)]
pub struct Forward {
    client: Client,
}

impl Forward {
    /// Forwards to the API `client` is configured for, with its credential.
    pub fn new(client: Client) -> Forward {
        Forward { client }
    }
}

impl Handle for Forward {
    fn tool<O>(&self, tool: ToolInfo) -> ToolCall<O>
    where
        O: Operation + FromJson + Send + Sync + 'static,
        O::Output: serde::Serialize + Send + 'static,
    {
        let client = self.client.clone();
        Box::new(move |request: O| {
            let client = client.clone();
            Box::pin(async move {
                match client.send(&request).await {
                    Ok(output) => tool_result::typed_output(&output, tool.structured),
                    Err(error) => tool_result::error_result(&error),
                }
            })
        })
    }
}

/// The raw arguments of one call: decoded and validated, then answered.
type Call = Arc<dyn Fn(&Value) -> Answer + Send + Sync>;

struct Entry {
    tool: Tool,
    entry: &'static CatalogTool,
    call: Call,
}

/// Collects the catalog's tools with their types and their handler's answers, for
/// [`CatalogServer::new`].
pub struct Registry<H> {
    handler: H,
    entries: Vec<Entry>,
}

impl<H: Handle> Visit for Registry<H> {
    fn tool<O>(&mut self, entry: &'static CatalogTool)
    where
        O: Operation + FromJson + rmcp::schemars::JsonSchema + Send + Sync + 'static,
        O::Output: serde::Serialize + rmcp::schemars::JsonSchema + Send + 'static,
    {
        let mut tool =
            Tool::new(O::TOOL, entry.description, JsonObject::new()).with_input_schema::<O>();
        // MCP's `outputSchema` describes `structuredContent`, which is an object.
        let structured =
            rmcp::schemars::schema_for!(O::Output).get("type") == Some(&json!("object"));
        if structured {
            tool = tool.with_output_schema::<O::Output>();
        }
        // What a host shows and acts on, as published.
        let published: Value = serde_json::from_str(entry.published).expect("the catalog's JSON");
        tool.title = published["title"].as_str().map(str::to_owned);
        tool.annotations = serde_json::from_value(published["annotations"].clone()).ok();
        let answer = self.handler.tool::<O>(ToolInfo { entry, structured });
        let call: Call = Arc::new(move |arguments| match O::from_json_value(arguments) {
            Ok(request) => answer(request),
            Err(violations) => Box::pin(std::future::ready(tool_result::invalid_arguments(
                &violations,
            ))),
        });
        self.entries.push(Entry { tool, entry, call });
    }
}

/// The rmcp handler for a catalog.
#[derive(Clone)]
pub struct CatalogServer {
    name: &'static str,
    tools: Arc<BTreeMap<&'static str, Entry>>,
}

impl CatalogServer {
    /// A server for the tools `visit` (a generated catalog's `visit`) reaches, answering valid
    /// calls with `handler` (a [`Forward`], a [`Handler`], or any other [`Handle`]).
    pub fn new<H: Handle>(
        name: &'static str,
        visit: impl FnOnce(&mut Registry<H>),
        handler: H,
    ) -> Self {
        let mut registry = Registry {
            handler,
            entries: Vec::new(),
        };
        visit(&mut registry);
        let tools = registry
            .entries
            .into_iter()
            .map(|e| (e.entry.name, e))
            .collect();
        CatalogServer {
            name,
            tools: Arc::new(tools),
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

    /// The answer to a call of tool `name`, when it serves that tool.
    fn call(&self, name: &str, arguments: &Value) -> Option<Answer> {
        let entry = self.tools.get(name)?;
        Some((entry.call)(arguments))
    }

    /// The page of `tools/list` after `cursor` (the first page without one): at most
    /// [`PAGE_SIZE`] tools, and the cursor of the next page when there is one. A cursor that is
    /// not the name of a served tool is refused (`-32602`).
    pub fn list_page(&self, cursor: Option<&str>) -> Result<ListToolsResult, ErrorData> {
        let after = match cursor {
            None => Bound::Unbounded,
            // Only a name this server gave as a cursor: a made-up one would list from nowhere.
            Some(cursor) if self.tools.contains_key(cursor) => Bound::Excluded(cursor),
            Some(cursor) => {
                return Err(ErrorData::invalid_params(
                    format!("Invalid cursor: {cursor:?}"),
                    None,
                ));
            }
        };
        let mut rest = self.tools.range::<str, _>((after, Bound::Unbounded));
        let tools: Vec<Tool> = rest
            .by_ref()
            .take(PAGE_SIZE)
            .map(|(_, e)| e.tool.clone())
            .collect();
        let mut page = ListToolsResult::with_all_items(tools);
        if rest.next().is_some() {
            page.next_cursor = page.tools.last().map(|t| t.name.to_string());
        }
        Ok(page)
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
        request: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        self.list_page(request.as_ref().and_then(|r| r.cursor.as_deref()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        match self.call(&request.name, &arguments) {
            Some(answer) => Ok(CallToolResponse::Complete(answer.await)),
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
