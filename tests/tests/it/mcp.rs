//! The MCP transport end to end, against the official Rust SDK's Streamable HTTP server (rmcp 3.x,
//! mounted in axum on 127.0.0.1:0) advertising the checked-in tool byte for byte.
//!
//! The tool handler answers like a server generated from the REST API: it forwards the arguments
//! to the in-process REST sandbox with the `x-bearer` key and returns the API's JSON body as text
//! content, `isError: true` on an API error, and the API's `X-Request-ID` in the result's `_meta`.
//! A recording layer in front of rmcp keeps every request as it arrived (and the status and media
//! type of the answer), so the tests pin the wire itself.
//!
//! rmcp speaks both eras on one endpoint: a request carrying the modern `_meta` is served
//! statelessly, an `initialize` opens a legacy session. A few behaviours rmcp cannot be made to
//! show (an event stream with every framing feature at once, a stream that never ends, an
//! oversized or unsupported answer) are served by small hand-rolled axum endpoints at the end.

use std::borrow::Cow;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::Response;
use portal_runtime::Error;
use portal_runtime::mcp::drift::{self, Difference, Drift};
use portal_runtime::mcp::{Era, McpClient};
use portal_workos::sandbox::{Sandbox, SandboxConfig};
use portal_workos::{GenerateLink, Intent};
use rmcp::ErrorData;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ListToolsResult,
    PaginatedRequestParams, ProtocolVersion, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{
    SessionManager, StreamableHttpServerConfig, StreamableHttpService,
};
use serde_json::{Value, json};

use crate::rng;

use portal_tests::fixtures::ping::Ping;

/// The checked-in tool, as published.
const SEED: &str =
    include_str!("../../../portal-workos/schemas/workos/portal.generate_link.create.json");
/// The ping tool of the ui cases: its `echo` property has `x-mcp-header: Echo`.
const PING: &str = include_str!("../../ui/schemas/output.json");
const USER_AGENT: &str = concat!("portal-runtime/", env!("CARGO_PKG_VERSION"));

// ---------------------------------------------------------------------------------------------
// The peer: rmcp's server with a tool handler generated-from-REST style.

#[derive(Clone)]
struct Publisher {
    tools: Vec<Tool>,
    rest: String,
    calls: Arc<AtomicUsize>,
    http: reqwest::Client,
    versions: Option<Vec<ProtocolVersion>>,
}

fn complete(result: Value) -> Result<CallToolResponse, ErrorData> {
    let result: CallToolResult = serde_json::from_value(result).expect("a valid CallToolResult");
    Ok(CallToolResponse::Complete(result))
}

impl rmcp::ServerHandler for Publisher {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
    }

    fn supported_protocol_versions(&self) -> Cow<'static, [ProtocolVersion]> {
        match &self.versions {
            Some(versions) => Cow::Owned(versions.clone()),
            None => Cow::Borrowed(ProtocolVersion::KNOWN_VERSIONS),
        }
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools.iter().find(|tool| tool.name == name).cloned()
    }

    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if self.get_tool(&request.name).is_none() {
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {}", request.name),
                None,
            ));
        }
        self.calls.fetch_add(1, Ordering::SeqCst);
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        if request.name == "pings.get" {
            let output = json!({"echo": arguments["echo"], "latency_ms": 3});
            return complete(json!({
                "content": [{"type": "text", "text": output.to_string()}],
                "structuredContent": output,
            }));
        }
        let key = context
            .extensions
            .get::<Parts>()
            .and_then(|parts| parts.headers.get("x-bearer"))
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let response = self
            .http
            .post(format!("{}/portal/generate_link", self.rest))
            .header("authorization", format!("Bearer {key}"))
            .header("content-type", "application/json")
            .body(arguments.to_string())
            .send()
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        let failed = !response.status().is_success();
        let request_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = response.text().await.unwrap();
        let mut result = json!({
            "content": [{"type": "text", "text": body}],
            "_meta": {"x-request-id": request_id},
        });
        if failed {
            result["isError"] = json!(true);
        }
        complete(result)
    }
}

/// One request as the endpoint received it, with the status and media type of the answer.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    headers: Vec<(String, String)>,
    body: String,
    status: u16,
    content_type: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The headers the transport is responsible for, sorted by name.
    fn transport_headers(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = self
            .headers
            .iter()
            .filter(|(n, _)| {
                n.starts_with("mcp-")
                    || [
                        "accept",
                        "content-type",
                        "x-bearer",
                        "authorization",
                        "user-agent",
                    ]
                    .contains(&n.as_str())
            })
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        out.sort();
        out
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

async fn record(State(log): State<Log>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let index = {
        let mut log = log.lock().unwrap();
        log.push(Seen {
            method: parts.method.to_string(),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: String::from_utf8_lossy(&body).into_owned(),
            status: 0,
            content_type: String::new(),
        });
        log.len() - 1
    };
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    let mut log = log.lock().unwrap();
    log[index].status = response.status().as_u16();
    log[index].content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    response
}

/// An older server that does not know the modern version: it refuses it in plain text, as rmcp
/// releases before 2026-07-28 did.
async fn refuse_modern(request: Request, next: Next) -> Response {
    let modern = request
        .headers()
        .get("mcp-protocol-version")
        .is_some_and(|v| v == "2026-07-28");
    if modern {
        return Response::builder()
            .status(400)
            .body(Body::from(
                "Bad Request: Unsupported MCP-Protocol-Version: 2026-07-28",
            ))
            .unwrap();
    }
    next.run(request).await
}

struct Options {
    json_response: bool,
    versions: Option<Vec<ProtocolVersion>>,
    tools: Vec<Value>,
    refuse_modern: bool,
    sandbox: SandboxConfig,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            json_response: false,
            versions: None,
            tools: vec![
                serde_json::from_str(SEED).unwrap(),
                serde_json::from_str(PING).unwrap(),
            ],
            refuse_modern: false,
            sandbox: SandboxConfig::default(),
        }
    }
}

struct Peer {
    url: String,
    log: Log,
    calls: Arc<AtomicUsize>,
    sessions: Arc<LocalSessionManager>,
    sandbox: Sandbox,
}

impl Peer {
    async fn start(options: Options) -> Peer {
        let sandbox = Sandbox::start_with(options.sandbox).await.unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let publisher = Publisher {
            tools: options
                .tools
                .into_iter()
                .map(|tool| serde_json::from_value(tool).unwrap())
                .collect(),
            rest: sandbox.base_url(),
            calls: calls.clone(),
            http: portal_tests::plain_http(),
            versions: options.versions,
        };
        let sessions = Arc::new(LocalSessionManager::default());
        let config = StreamableHttpServerConfig::default()
            .with_json_response(options.json_response)
            .with_sse_keep_alive(None);
        let service =
            StreamableHttpService::new(move || Ok(publisher.clone()), sessions.clone(), config);
        let log = Log::default();
        let mut router = Router::new().nest_service("/mcp", service);
        if options.refuse_modern {
            router = router.layer(middleware::from_fn(refuse_modern));
        }
        let router = router.layer(middleware::from_fn_with_state(log.clone(), record));
        let url = serve(router).await;
        Peer {
            url: format!("{url}/mcp"),
            log,
            calls,
            sessions,
            sandbox,
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    fn client(&self, era: Era) -> McpClient {
        McpClient::builder()
            .endpoint(&self.url)
            .credential_header("x-bearer", Sandbox::API_KEY)
            .client_info("portal-tests", "1.0.0")
            .timeout(Duration::from_secs(10))
            .era(era)
            .build()
            .unwrap()
    }
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Without TCP_NODELAY, rmcp's session streams wait for delayed ACKs (40 ms per call).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

fn request() -> GenerateLink {
    GenerateLink::builder()
        .organization("org_test")
        .intent(Intent::Sso)
        .build()
}

const CALL_ARGUMENTS: &str = r#""arguments":{"intent":"sso","organization":"org_test"}"#;
const MODERN_META: &str = r#""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"portal-tests","version":"1.0.0"}}"#;

fn modern_call(id: u64) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"portal.generate_link.create",{CALL_ARGUMENTS},{MODERN_META}}}}}"#
    )
}

fn legacy_call(id: u64) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"portal.generate_link.create",{CALL_ARGUMENTS}}}}}"#
    )
}

fn initialize(id: u64, version: &str) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"initialize","params":{{"protocolVersion":"{version}","capabilities":{{}},"clientInfo":{{"name":"portal-tests","version":"1.0.0"}}}}}}"#
    )
}

const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
const ACCEPT: (&str, &str) = ("accept", "application/json, text/event-stream");
const JSON: (&str, &str) = ("content-type", "application/json");
const BEARER: (&str, &str) = ("x-bearer", "sk_test_sandbox");
const AGENT: (&str, &str) = ("user-agent", USER_AGENT);

fn modern_headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ACCEPT,
        JSON,
        ("mcp-method", "tools/call"),
        ("mcp-name", "portal.generate_link.create"),
        ("mcp-protocol-version", "2026-07-28"),
        AGENT,
        BEARER,
    ]
}

fn legacy_headers<'a>(session: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ACCEPT,
        JSON,
        ("mcp-protocol-version", version),
        ("mcp-session-id", session),
        AGENT,
        BEARER,
    ]
}

/// (method, body, status, media type) of each request the endpoint saw.
fn exchanges(seen: &[Seen]) -> Vec<(&str, &str, u16, &str)> {
    seen.iter()
        .map(|s| {
            (
                s.method.as_str(),
                s.body.as_str(),
                s.status,
                s.content_type.as_str(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Eras

#[tokio::test]
async fn legacy_session_mode_handshakes_then_calls_with_the_session() {
    let peer = Peer::start(Options::default()).await;
    let client = peer.client(Era::Legacy);
    let portal = client.send(&request()).await.unwrap();
    assert_eq!(peer.sandbox.links(), [portal.link]);
    assert_eq!(client.era(), Some(Era::Legacy));
    assert_eq!(client.protocol_version().as_deref(), Some("2025-11-25"));
    let session = client.session_id().expect("rmcp sets a session id");

    let seen = peer.seen();
    assert_eq!(
        exchanges(&seen),
        [
            (
                "POST",
                initialize(1, "2025-11-25").as_str(),
                200,
                "text/event-stream"
            ),
            ("POST", INITIALIZED, 202, ""),
            ("POST", legacy_call(2).as_str(), 200, "text/event-stream"),
        ]
    );
    assert_eq!(seen[0].transport_headers(), [ACCEPT, JSON, AGENT, BEARER]);
    assert_eq!(
        seen[1].transport_headers(),
        legacy_headers(&session, "2025-11-25")
    );
    assert_eq!(
        seen[2].transport_headers(),
        legacy_headers(&session, "2025-11-25")
    );
    // The REST call behind the tool carried the key from `x-bearer`.
    assert_eq!(
        peer.sandbox.requests()[0].header("authorization"),
        Some("Bearer sk_test_sandbox")
    );

    // A second call reuses the session; close() ends it with DELETE.
    client.send(&request()).await.unwrap();
    client.close().await.unwrap();
    assert_eq!(client.session_id(), None);
    let seen = peer.seen();
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[3].body, legacy_call(3));
    assert_eq!(seen[4].method, "DELETE");
    assert_eq!(seen[4].transport_headers(), {
        let mut headers = legacy_headers(&session, "2025-11-25");
        headers.remove(1); // no body, no content type
        headers
    });
    assert_eq!(peer.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn modern_stateless_with_json_responses() {
    let peer = Peer::start(Options {
        json_response: true,
        ..Options::default()
    })
    .await;
    let client = peer.client(Era::Auto);
    let portal = client.send(&request()).await.unwrap();
    assert_eq!(peer.sandbox.links(), [portal.link]);
    assert_eq!(client.era(), Some(Era::Modern));
    assert_eq!(client.protocol_version().as_deref(), Some("2026-07-28"));
    assert_eq!(client.session_id(), None);

    let seen = peer.seen();
    assert_eq!(
        exchanges(&seen),
        [("POST", modern_call(1).as_str(), 200, "application/json")]
    );
    assert_eq!(seen[0].transport_headers(), modern_headers());
}

#[tokio::test]
async fn modern_with_an_event_stream_and_param_headers() {
    let peer = Peer::start(Options::default()).await;
    let client = peer.client(Era::Modern);
    let portal = client.send(&request()).await.unwrap();
    assert_eq!(peer.sandbox.links(), [portal.link]);
    let seen = peer.seen();
    assert_eq!(
        exchanges(&seen),
        [("POST", modern_call(1).as_str(), 200, "text/event-stream")]
    );

    // `echo` has `x-mcp-header: Echo`: rmcp checks the header against the body, so a wrongly
    // encoded value would be refused with -32020. The output comes from `structuredContent`.
    let ping = Ping::builder().echo("Zürich").build();
    let output = client.send(&ping).await.unwrap();
    assert_eq!(output.latency_ms, 3.into());
    assert_eq!(output.echo.as_deref(), Some("Zürich"));
    let seen = peer.seen();
    assert_eq!(
        seen[1].header("mcp-param-echo"),
        Some("=?base64?WsO8cmljaA==?=")
    );
    assert_eq!(seen[1].header("mcp-name"), Some("pings.get"));
    assert_eq!(seen[1].status, 200);

    // A header that disagrees with the body is refused by the server: the error is a protocol
    // error with its code, and the call was never made.
    let calls = peer.calls.load(Ordering::SeqCst);
    let raw = portal_tests::plain_http()
        .post(&peer.url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2026-07-28")
        .header("mcp-method", "tools/call")
        .header("mcp-name", "pings.get")
        .header("mcp-param-echo", "other")
        .body(format!(
            r#"{{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{{"name":"pings.get","arguments":{{"echo":"Zürich"}},{MODERN_META}}}}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);
    let body: Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], -32020);
    assert_eq!(peer.calls.load(Ordering::SeqCst), calls);
}

#[tokio::test]
async fn auto_falls_back_to_legacy_when_the_server_lists_only_legacy_versions() {
    let peer = Peer::start(Options {
        versions: Some(vec![
            ProtocolVersion::V_2025_03_26,
            ProtocolVersion::V_2025_06_18,
        ]),
        ..Options::default()
    })
    .await;
    let client = peer.client(Era::Auto);
    client.send(&request()).await.unwrap();
    assert_eq!(client.era(), Some(Era::Legacy));
    assert_eq!(client.protocol_version().as_deref(), Some("2025-06-18"));
    let seen = peer.seen();
    // rmcp refuses the modern request (-32022 with the versions it takes) before any tool runs.
    assert_eq!(
        exchanges(&seen)[0],
        ("POST", modern_call(1).as_str(), 400, "application/json")
    );
    assert_eq!(
        exchanges(&seen)[1..],
        [
            (
                "POST",
                initialize(2, "2025-06-18").as_str(),
                200,
                "text/event-stream"
            ),
            ("POST", INITIALIZED, 202, ""),
            ("POST", legacy_call(3).as_str(), 200, "text/event-stream"),
        ]
    );
    assert_eq!(peer.calls.load(Ordering::SeqCst), 1);

    // The era is remembered: the next call goes straight to the session, also from a clone.
    client.clone().send(&request()).await.unwrap();
    assert_eq!(peer.seen()[4].body, legacy_call(4));
}

#[tokio::test]
async fn auto_falls_back_to_legacy_on_a_plain_text_400() {
    let peer = Peer::start(Options {
        refuse_modern: true,
        ..Options::default()
    })
    .await;
    let client = peer.client(Era::Auto);
    client.send(&request()).await.unwrap();
    assert_eq!(client.era(), Some(Era::Legacy));
    assert_eq!(client.protocol_version().as_deref(), Some("2025-11-25"));
    assert_eq!(
        exchanges(&peer.seen()),
        [
            ("POST", modern_call(1).as_str(), 400, ""),
            (
                "POST",
                initialize(2, "2025-11-25").as_str(),
                200,
                "text/event-stream"
            ),
            ("POST", INITIALIZED, 202, ""),
            ("POST", legacy_call(3).as_str(), 200, "text/event-stream"),
        ]
    );

    // Forcing the modern era turns the same refusal into an error instead.
    let forced = peer.client(Era::Modern);
    let error = forced.send(&request()).await.unwrap_err();
    assert_eq!(error.to_string(), "API error 400: Bad Request");
    assert_eq!(peer.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_expired_session_is_initialized_again_once() {
    let peer = Peer::start(Options::default()).await;
    let client = peer.client(Era::Legacy);
    client.send(&request()).await.unwrap();
    let first = client.session_id().unwrap();
    // The server forgets the session, as it does when one expires.
    peer.sessions
        .close_session(&Arc::from(first.as_str()))
        .await
        .unwrap();
    client.send(&request()).await.unwrap();
    let second = client.session_id().unwrap();
    assert_ne!(first, second);
    let seen = peer.seen();
    assert_eq!(
        exchanges(&seen)[3..],
        [
            ("POST", legacy_call(3).as_str(), 404, ""),
            (
                "POST",
                initialize(4, "2025-11-25").as_str(),
                200,
                "text/event-stream"
            ),
            ("POST", INITIALIZED, 202, ""),
            ("POST", legacy_call(5).as_str(), 200, "text/event-stream"),
        ]
    );
    assert_eq!(seen[3].header("mcp-session-id"), Some(first.as_str()));
    assert_eq!(seen[6].header("mcp-session-id"), Some(second.as_str()));
    assert_eq!(peer.calls.load(Ordering::SeqCst), 2);
}

// ---------------------------------------------------------------------------------------------
// Errors

#[tokio::test]
async fn a_tool_error_carries_the_workos_envelope() {
    let peer = Peer::start(Options {
        sandbox: SandboxConfig::default().require_intent(true),
        ..Options::default()
    })
    .await;
    for era in [Era::Modern, Era::Legacy] {
        let client = peer.client(era);
        let request = GenerateLink::builder().organization("org_test").build();
        let Error::Tool(error) = client.send(&request).await.unwrap_err() else {
            panic!("expected a tool error");
        };
        let request_id = peer.sandbox.requests().last().unwrap().request_id.clone();
        assert_eq!(error.tool, "portal.generate_link.create");
        assert_eq!(error.status, None);
        assert_eq!(error.code.as_deref(), Some("unprocessable_entity"));
        assert_eq!(error.message, "Validation failed.");
        assert_eq!(error.errors.len(), 1);
        assert_eq!(
            (
                error.errors[0].field.as_str(),
                error.errors[0].code.as_str()
            ),
            ("intent", "required")
        );
        assert_eq!(error.request_id.as_deref(), Some(request_id.as_str()));
        assert_eq!(
            error.body,
            r#"{"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"intent","code":"required"}]}"#
        );
        assert_eq!(
            Error::Tool(error).to_string(),
            format!(
                "tool portal.generate_link.create failed: unprocessable_entity: Validation failed. [intent: required] (request id {request_id})"
            )
        );
    }

    // Through call_tool, the same answer is a result with `isError`, not an `Err`.
    let client = peer.client(Era::Modern);
    let result = client
        .call_tool(
            "portal.generate_link.create",
            json!({"organization": "org_missing", "intent": "sso"}),
        )
        .await
        .unwrap();
    assert!(result.is_error);
    assert_eq!(
        result.text(),
        Some(r#"{"message":"Could not find an organization with the id, org_missing."}"#)
    );
    let error = result.error("portal.generate_link.create").unwrap();
    assert_eq!(error.code, None);
    assert_eq!(
        error.to_string(),
        format!(
            "tool portal.generate_link.create failed: Could not find an organization with the id, org_missing. (request id {})",
            result.request_id.as_deref().unwrap()
        )
    );
}

#[tokio::test]
async fn an_unknown_tool_is_a_protocol_error() {
    let peer = Peer::start(Options::default()).await;
    for era in [Era::Modern, Era::Legacy] {
        let client = peer.client(era);
        let error = client
            .call_tool("portal.nope", json!({}))
            .await
            .unwrap_err();
        let Error::Protocol(protocol) = &error else {
            panic!("expected a protocol error, got {error:?}");
        };
        assert_eq!(protocol.code, -32602);
        assert_eq!(protocol.message, "Unknown tool: portal.nope");
        assert_eq!(protocol.data, None);
        assert_eq!(protocol.status, 200);
        assert_eq!(
            error.to_string(),
            "MCP error -32602: Unknown tool: portal.nope"
        );
    }
    assert_eq!(peer.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_invalid_request_is_never_sent() {
    let peer = Peer::start(Options::default()).await;
    let client = peer.client(Era::Auto);
    let request = GenerateLink::builder()
        .organization("org_test")
        .admin_emails(
            (0..21)
                .map(|i| format!("it{i}@example.com"))
                .collect::<Vec<_>>(),
        )
        .build();
    let error = client.send(&request).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: 1 violation\n  /admin_emails: expected at most 20 items, found 21 (maxItems)"
    );
    assert!(peer.seen().is_empty());
    assert_eq!(peer.calls.load(Ordering::SeqCst), 0);
    assert!(peer.sandbox.requests().is_empty());
    assert_eq!(client.era(), None);
}

// ---------------------------------------------------------------------------------------------
// Drift

#[tokio::test]
async fn drift_is_reported_with_pointers_and_both_values() {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let mut live = seed.clone();
    live["inputSchema"]["properties"]["intent"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("radar"));
    live["inputSchema"]["properties"]["admin_emails"]["items"]["format"] = json!("email");
    let peer = Peer::start(Options {
        tools: vec![live],
        ..Options::default()
    })
    .await;
    let client = peer.client(Era::Auto);
    let drift = drift::check(&client, &seed, None).await.unwrap();
    assert_eq!(
        drift,
        Drift::Changed(vec![
            Difference {
                pointer: "/inputSchema/properties/intent/enum/7".into(),
                old: None,
                new: Some(json!("radar")),
            },
            Difference {
                pointer: "/inputSchema/properties/admin_emails/items/format".into(),
                old: None,
                new: Some(json!("email")),
            },
        ])
    );
    let Drift::Changed(differences) = &drift else {
        unreachable!()
    };
    assert_eq!(
        differences[0].to_string(),
        r#"/inputSchema/properties/intent/enum/7: (absent) → "radar""#
    );
    assert_eq!(
        drift::check(&client, &seed, Some("portal.gone"))
            .await
            .unwrap(),
        Drift::Missing {
            listed: vec!["portal.generate_link.create".into()]
        }
    );
    let seen = peer.seen();
    assert_eq!(
        seen[0].body,
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"portal-tests","version":"1.0.0"}}}}"#
    );
    assert_eq!(seen[0].header("mcp-method"), Some("tools/list"));
    assert_eq!(seen[0].header("mcp-name"), None);
}

#[tokio::test]
async fn the_checked_in_tool_is_advertised_byte_for_byte() {
    let peer = Peer::start(Options::default()).await;
    for era in [Era::Modern, Era::Legacy] {
        let tools = peer.client(era).list_tools().await.unwrap();
        let seed: Value = serde_json::from_str(SEED).unwrap();
        assert_eq!(tools[0].name, "portal.generate_link.create");
        // Same keys in the same order, same values: the serialization matches the file's.
        assert_eq!(
            serde_json::to_string(&tools[0].input_schema).unwrap(),
            serde_json::to_string(&seed["inputSchema"]).unwrap()
        );
        assert_eq!(
            drift::compare_listed(&seed, "portal.generate_link.create", &tools),
            Drift::None
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-rolled endpoints: framing and limits that rmcp never produces on demand.

/// Serves `body` with `content_type` on POST /mcp, after sending `prefix` and then never ending
/// the body when `hang` is set.
async fn canned(content_type: &'static str, body: String, hang: bool) -> String {
    let handler = move || {
        let body = body.clone();
        async move {
            let chunks = futures::stream::iter([Ok::<_, Infallible>(Bytes::from(body))]);
            let body = if hang {
                Body::from_stream(futures::StreamExt::chain(
                    chunks,
                    futures::stream::pending(),
                ))
            } else {
                Body::from_stream(chunks)
            };
            Response::builder()
                .header("content-type", content_type)
                .body(body)
                .unwrap()
        }
    };
    let url = serve(Router::new().route("/mcp", axum::routing::post(handler))).await;
    format!("{url}/mcp")
}

fn modern_client(url: &str) -> McpClient {
    McpClient::builder()
        .endpoint(url)
        .era(Era::Modern)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn event_streams_are_read_up_to_our_response_and_no_further() {
    // Priming event, comments, a notification, a server request, a response to another id,
    // then ours split over two data lines with CRLF line ends; the stream then stays open.
    let body = concat!(
        ": welcome\n",
        "id: 0\nretry: 3000\ndata:\n\n",
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"working\"}}\n\n",
        "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n\n",
        "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}\n\n",
        "id: 3\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\r\ndata: \"result\":{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"link\\\":\\\"https://setup.workos.com?token=t\\\"}\"}]}}\r\n\r\n",
    );
    let url = canned("text/event-stream", body.to_owned(), true).await;
    let portal = modern_client(&url).send(&request()).await.unwrap();
    assert_eq!(portal.link, "https://setup.workos.com?token=t");
}

#[tokio::test]
async fn a_stream_without_our_response_is_a_decode_error() {
    let body =
        "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n";
    let url = canned("text/event-stream", body.to_owned(), false).await;
    let error = modern_client(&url).send(&request()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "could not decode the 200 response: 1 violation\n  (root): expected the JSON-RPC response to request 1, found an event stream that ended without it (mcp)"
    );
}

#[tokio::test]
async fn a_stream_that_never_answers_times_out() {
    let url = canned("text/event-stream", "id: 0\ndata:\n\n".to_owned(), true).await;
    let client = McpClient::builder()
        .endpoint(&url)
        .era(Era::Modern)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client.send(&request()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "request timed out after 200ms (attempt 1)"
    );
}

#[tokio::test]
async fn answers_are_bounded() {
    let padding = "x".repeat(2048);
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":1,"result":{{"content":[{{"type":"text","text":"{padding}"}}]}}}}"#
    );
    for content_type in ["application/json", "text/event-stream"] {
        let body = if content_type == "application/json" {
            body.clone()
        } else {
            format!("data: {body}\n\n")
        };
        let url = canned(content_type, body, false).await;
        let client = McpClient::builder()
            .endpoint(&url)
            .era(Era::Modern)
            .max_response_bytes(1024)
            .build()
            .unwrap();
        let error = client.send(&request()).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "the 200 response body exceeds the limit of 1024 bytes",
            "{content_type}"
        );
    }
}

#[tokio::test]
async fn input_required_results_are_reported_as_unsupported() {
    let body =
        r#"{"jsonrpc":"2.0","id":1,"result":{"resultType":"input_required","inputRequests":{}}}"#;
    let url = canned("application/json", body.to_owned(), false).await;
    let error = modern_client(&url).send(&request()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "could not decode the 200 response: 1 violation\n  /resultType: expected \"complete\" (this client supports no other), found \"input_required\" (resultType)"
    );
}

#[tokio::test]
async fn an_output_that_breaks_the_schema_is_a_decode_error_with_the_link_redacted() {
    let body = r#"{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"{\"link\":7,\"next\":\"https://setup.workos.com?token=secret\"}"}]}}"#;
    let url = canned("application/json", body.to_owned(), false).await;
    let error = modern_client(&url).send(&request()).await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(
        decode.body,
        r#"{"link":7,"next":"https://setup.workos.com?…"}"#
    );
    assert_eq!(
        error.to_string(),
        "could not decode the 200 response: 1 violation\n  /link: expected string, found integer (type)"
    );
}

// ---------------------------------------------------------------------------------------------
// A hand-rolled legacy endpoint: stalls, delays, expiries and server requests on demand.

/// How the stub answers `tools/call`.
#[derive(Clone, Copy, PartialEq)]
enum CallMode {
    /// `structuredContent` echoing the arguments, as JSON.
    Echo,
    /// The status and the event-stream headers, then nothing, ever.
    Stall,
    /// On an event stream: a `sampling/createMessage` request and a `ping`, then the result
    /// once the ping has been answered.
    PingFirst,
    /// Holds the first `gather` calls of the first session until all have arrived, then answers
    /// the first `keep` of them and expires the session under the others (`404`).
    ExpireDuring { gather: usize, keep: usize },
}

/// One request as the stub received it.
#[derive(Clone, Debug)]
struct Hit {
    method: String,
    session: Option<String>,
    version: Option<String>,
    body: String,
}

impl Hit {
    /// The JSON-RPC method, `DELETE`, or `answer` for a response the client sent.
    fn what(&self) -> String {
        if self.method == "DELETE" {
            return "DELETE".to_owned();
        }
        let message: Value = serde_json::from_str(&self.body).unwrap();
        match message["method"].as_str() {
            Some(method) => method.to_owned(),
            None => "answer".to_owned(),
        }
    }
}

struct Stub {
    version: &'static str,
    mode: CallMode,
    /// Every request waits this long before it is answered.
    delay: Mutex<Duration>,
    /// `DELETE` answers `503` and then stalls its body.
    delete_stalls: bool,
    log: Mutex<Vec<Hit>>,
    /// The session the stub serves; a call with another one is answered `404`.
    current: Mutex<Option<String>>,
    sessions: AtomicUsize,
    arrivals: AtomicUsize,
    gathered: tokio::sync::Barrier,
    answered: tokio::sync::Notify,
}

impl Stub {
    fn new(mode: CallMode) -> Stub {
        let gather = match mode {
            CallMode::ExpireDuring { gather, .. } => gather,
            _ => 1,
        };
        Stub {
            version: "2025-11-25",
            mode,
            delay: Mutex::new(Duration::ZERO),
            delete_stalls: false,
            log: Mutex::default(),
            current: Mutex::default(),
            sessions: AtomicUsize::new(0),
            arrivals: AtomicUsize::new(0),
            gathered: tokio::sync::Barrier::new(gather),
            answered: tokio::sync::Notify::new(),
        }
    }

    async fn start(self) -> (Arc<Stub>, String) {
        let stub = Arc::new(self);
        let router = Router::new()
            .route("/mcp", axum::routing::any(stub_endpoint))
            .with_state(stub.clone());
        let url = serve(router).await;
        (stub, format!("{url}/mcp"))
    }

    fn hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().clone()
    }

    fn whats(&self) -> Vec<String> {
        self.hits().iter().map(Hit::what).collect()
    }

    /// Forgets the session, as a server does when it expires.
    fn expire(&self) {
        *self.current.lock().unwrap() = None;
    }
}

fn stub_client(url: &str) -> McpClient {
    McpClient::builder()
        .endpoint(url)
        .era(Era::Legacy)
        .client_info("portal-tests", "1.0.0")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn json_answer(body: Value) -> Response {
    Response::builder()
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn status(code: u16) -> Response {
    Response::builder()
        .status(code)
        .body(Body::empty())
        .unwrap()
}

fn event(message: &Value) -> Result<Bytes, Infallible> {
    Ok(Bytes::from(format!("data: {message}\n\n")))
}

async fn stub_endpoint(
    State(stub): State<Arc<Stub>>,
    method: axum::http::Method,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    let session = header("mcp-session-id");
    stub.log.lock().unwrap().push(Hit {
        method: method.to_string(),
        session: session.clone(),
        version: header("mcp-protocol-version"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let delay = *stub.delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    if method == axum::http::Method::DELETE {
        if !stub.delete_stalls {
            return status(200);
        }
        return Response::builder()
            .status(503)
            .header("content-type", "text/plain")
            .body(Body::from_stream(futures::StreamExt::chain(
                futures::stream::iter([Ok::<_, Infallible>(Bytes::from("Service "))]),
                futures::stream::pending(),
            )))
            .unwrap();
    }
    let message: Value = serde_json::from_slice(&body).unwrap();
    let id = message["id"].clone();
    match message["method"].as_str() {
        Some("initialize") => {
            let session = format!("s{}", stub.sessions.fetch_add(1, Ordering::SeqCst) + 1);
            *stub.current.lock().unwrap() = Some(session.clone());
            let mut response = json_answer(json!({
                "jsonrpc": "2.0",
                "id": id,
                "result": {
                    "protocolVersion": stub.version,
                    "capabilities": {"tools": {}},
                    "serverInfo": {"name": "stub", "version": "1.0.0"},
                },
            }));
            response
                .headers_mut()
                .insert("mcp-session-id", session.parse().unwrap());
            response
        }
        Some("notifications/initialized") => status(202),
        Some("tools/call") => {
            let current = stub.current.lock().unwrap().clone();
            if session.is_none() || session != current {
                return status(404);
            }
            let result = json!({
                "jsonrpc": "2.0",
                "id": id,
                "result": {
                    "content": [{"type": "text", "text": message["params"]["arguments"].to_string()}],
                    "structuredContent": message["params"]["arguments"],
                },
            });
            match stub.mode {
                CallMode::Echo => json_answer(result),
                CallMode::ExpireDuring { gather, keep } if session.as_deref() == Some("s1") => {
                    let arrival = stub.arrivals.fetch_add(1, Ordering::SeqCst);
                    assert!(
                        arrival < gather,
                        "only {gather} calls use the first session"
                    );
                    stub.gathered.wait().await;
                    if arrival < keep {
                        return json_answer(result);
                    }
                    {
                        let mut current = stub.current.lock().unwrap();
                        if current.as_deref() == Some("s1") {
                            *current = None;
                        }
                    }
                    status(404)
                }
                CallMode::ExpireDuring { .. } => json_answer(result),
                CallMode::Stall => Response::builder()
                    .header("content-type", "text/event-stream")
                    .body(Body::from_stream(futures::stream::pending::<
                        Result<Bytes, Infallible>,
                    >()))
                    .unwrap(),
                CallMode::PingFirst => {
                    let requests = [
                        event(
                            &json!({"jsonrpc": "2.0", "id": "sample-1", "method": "sampling/createMessage", "params": {"messages": [], "maxTokens": 1}}),
                        ),
                        event(&json!({"jsonrpc": "2.0", "id": "ping-1", "method": "ping"})),
                    ];
                    let waiting = stub.clone();
                    let rest = async move {
                        // The result follows the answer to the ping, as a server checking
                        // that its client is alive would send it.
                        waiting.answered.notified().await;
                        event(&result)
                    };
                    Response::builder()
                        .header("content-type", "text/event-stream")
                        .body(Body::from_stream(futures::StreamExt::chain(
                            futures::stream::iter(requests),
                            futures::stream::once(rest),
                        )))
                        .unwrap()
                }
            }
        }
        // An answer to one of the stub's requests.
        None => {
            if id == "ping-1" {
                stub.answered.notify_one();
            }
            status(202)
        }
        Some(other) => panic!("unexpected method {other}"),
    }
}

/// Fails the test instead of hanging it when a bound does not hold.
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the client returned")
}

// ---------------------------------------------------------------------------------------------
// Time bounds

#[tokio::test]
async fn close_returns_within_the_timeout_when_the_delete_body_stalls() {
    let stub = Stub {
        delete_stalls: true,
        ..Stub::new(CallMode::Echo)
    };
    let (stub, url) = stub.start().await;
    let client = McpClient::builder()
        .endpoint(&url)
        .era(Era::Legacy)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    client.call_tool("t", json!({})).await.unwrap();
    let error = bounded(client.close()).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempt: 1, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "request timed out after 300ms (attempt 1)"
    );
    assert_eq!(client.session_id(), None);

    // A deadline shorter than the timeout ends it first.
    let client = McpClient::builder()
        .endpoint(&url)
        .era(Era::Legacy)
        .timeout(Duration::from_secs(10))
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    client.call_tool("t", json!({})).await.unwrap();
    let error = bounded(client.close()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the call did not finish within its deadline of 300ms (attempts, backoff and set-up included)"
    );
    assert_eq!(
        stub.whats(),
        [
            "initialize",
            "notifications/initialized",
            "tools/call",
            "DELETE",
            "initialize",
            "notifications/initialized",
            "tools/call",
            "DELETE"
        ]
    );
}

#[tokio::test]
async fn a_tools_call_whose_event_stream_stalls_after_the_status_is_bounded() {
    let (stub, url) = Stub::new(CallMode::Stall).start().await;
    let client = McpClient::builder()
        .endpoint(&url)
        .era(Era::Legacy)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = bounded(client.call_tool("t", json!({}))).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "request timed out after 300ms (attempt 1)"
    );

    let client = McpClient::builder()
        .endpoint(&url)
        .era(Era::Legacy)
        .timeout(Duration::from_secs(10))
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = bounded(client.call_tool("t", json!({}))).await.unwrap_err();
    assert!(
        matches!(error, Error::Deadline { after } if after == Duration::from_millis(300)),
        "{error:?}"
    );
    assert_eq!(
        stub.whats(),
        [
            "initialize",
            "notifications/initialized",
            "tools/call",
            "initialize",
            "notifications/initialized",
            "tools/call"
        ]
    );
}

#[tokio::test]
async fn the_deadline_spans_the_initialization_again_of_an_expired_session() {
    let (stub, url) = Stub::new(CallMode::Echo).start().await;
    // Every exchange stays well within the timeout; together they do not fit the deadline.
    let client = McpClient::builder()
        .endpoint(&url)
        .era(Era::Legacy)
        .client_info("portal-tests", "1.0.0")
        .timeout(Duration::from_secs(10))
        .deadline(Duration::from_millis(500))
        .build()
        .unwrap();
    client.call_tool("t", json!({"n": 1})).await.unwrap();
    stub.expire();
    *stub.delay.lock().unwrap() = Duration::from_millis(200);
    let error = bounded(client.call_tool("t", json!({"n": 2})))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the call did not finish within its deadline of 500ms (attempts, backoff and set-up included)"
    );
    let hits = stub.hits();
    // The call with the expired session, then the new handshake the deadline cut short: no
    // call was made with a second session.
    assert_eq!(hits[3].what(), "tools/call");
    assert_eq!(hits[3].session.as_deref(), Some("s1"));
    assert_eq!(hits[4].body, initialize(4, "2025-11-25"));
    assert!(
        hits.iter()
            .all(|hit| hit.what() != "tools/call" || hit.session.as_deref() == Some("s1")),
        "{hits:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Protocol robustness

#[tokio::test]
async fn an_initialize_reply_with_an_unsupported_version_ends_the_session_there() {
    let stub = Stub {
        version: "2024-11-05",
        ..Stub::new(CallMode::Echo)
    };
    let (stub, url) = stub.start().await;
    let client = stub_client(&url);
    let error = client.call_tool("t", json!({})).await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "could not decode the 200 response: 1 violation\n  /result/protocolVersion: expected a protocol version this client speaks (\"2025-11-25\", \"2025-06-18\", \"2025-03-26\"), found \"2024-11-05\" (mcp)"
    );
    // Nothing followed the initialize: no notification, no call, and no session to close.
    assert_eq!(stub.whats(), ["initialize"]);
    assert_eq!(client.session_id(), None);
    assert_eq!(client.protocol_version(), None);
    client.close().await.unwrap();
    assert_eq!(stub.whats(), ["initialize"]);
}

#[tokio::test]
async fn server_requests_before_the_result_are_answered_not_taken_for_it() {
    let (stub, url) = Stub::new(CallMode::PingFirst).start().await;
    let client = stub_client(&url);
    let result = bounded(client.call_tool("t", json!({"n": 1})))
        .await
        .unwrap();
    assert_eq!(result.structured_content, Some(json!({"n": 1})));
    let hits = stub.hits();
    assert_eq!(
        stub.whats(),
        [
            "initialize",
            "notifications/initialized",
            "tools/call",
            "answer",
            "answer"
        ]
    );
    // This client declares no capabilities: sampling is refused, the ping answered empty,
    // both on the call's session.
    assert_eq!(
        hits[3].body,
        r#"{"jsonrpc":"2.0","id":"sample-1","error":{"code":-32601,"message":"method not found: sampling/createMessage"}}"#
    );
    assert_eq!(
        hits[4].body,
        r#"{"jsonrpc":"2.0","id":"ping-1","result":{}}"#
    );
    for hit in &hits[3..] {
        assert_eq!(hit.session.as_deref(), Some("s1"));
        assert_eq!(hit.version.as_deref(), Some("2025-11-25"));
    }
}

#[tokio::test]
async fn concurrent_calls_share_one_session_and_its_expiry_initializes_once() {
    const CALLS: usize = 16;
    let (stub, url) = Stub::new(CallMode::ExpireDuring {
        gather: CALLS,
        keep: 6,
    })
    .start()
    .await;
    let client = stub_client(&url);
    let calls = (0..CALLS).map(|n| {
        let client = client.clone();
        async move { client.call_tool("t", json!({"n": n})).await }
    });
    let results = bounded(futures::future::join_all(calls)).await;
    for (n, result) in results.into_iter().enumerate() {
        assert_eq!(result.unwrap().structured_content, Some(json!({"n": n})));
    }
    let whats = stub.whats();
    let count = |what: &str| whats.iter().filter(|w| *w == what).count();
    // One handshake for the first calls, one after the expiry; every call made once on the
    // first session and the ten it expired under once more on the second.
    assert_eq!(count("initialize"), 2);
    assert_eq!(count("notifications/initialized"), 2);
    assert_eq!(count("tools/call"), CALLS + 10);
    let on = |session: &str| {
        stub.hits()
            .iter()
            .filter(|hit| hit.what() == "tools/call" && hit.session.as_deref() == Some(session))
            .count()
    };
    assert_eq!((on("s1"), on("s2")), (CALLS, 10));
    assert_eq!(client.session_id().as_deref(), Some("s2"));
}

#[tokio::test]
async fn concurrent_sends_share_one_rmcp_session() {
    let peer = Peer::start(Options::default()).await;
    let client = peer.client(Era::Legacy);
    let sends = (0..16).map(|_| {
        let client = client.clone();
        async move { client.send(&request()).await }
    });
    let portals = futures::future::join_all(sends).await;
    let mut links: Vec<String> = portals.into_iter().map(|p| p.unwrap().link).collect();
    let mut made = peer.sandbox.links();
    links.sort();
    made.sort();
    assert_eq!(links, made);
    assert_eq!(links.len(), 16);
    let seen = peer.seen();
    let initializes = seen
        .iter()
        .filter(|s| s.body.contains(r#""method":"initialize""#))
        .count();
    assert_eq!(initializes, 1);
    let session = client.session_id().unwrap();
    assert!(
        seen[2..]
            .iter()
            .all(|s| s.header("mcp-session-id") == Some(session.as_str()) && s.status == 200)
    );
    assert_eq!(seen.len(), 18);
    assert_eq!(peer.calls.load(Ordering::SeqCst), 16);
}

/// Answers the first modern request with `status` in plain text, as a proxy would.
async fn refuse_first_modern(
    State((status, refused)): State<(u16, Arc<std::sync::atomic::AtomicBool>)>,
    request: Request,
    next: Next,
) -> Response {
    let modern = request
        .headers()
        .get("mcp-protocol-version")
        .is_some_and(|v| v == "2026-07-28");
    if modern && !refused.swap(true, Ordering::SeqCst) {
        return Response::builder()
            .status(status)
            .body(Body::from("Not Found or Method Not Allowed"))
            .unwrap();
    }
    next.run(request).await
}

#[tokio::test]
async fn one_stray_404_or_405_does_not_pin_the_legacy_era() {
    for status in [404, 405] {
        let sandbox = Sandbox::start().await.unwrap();
        let publisher = Publisher {
            tools: vec![serde_json::from_str(SEED).unwrap()],
            rest: sandbox.base_url(),
            calls: Arc::default(),
            http: portal_tests::plain_http(),
            versions: None,
        };
        let config = StreamableHttpServerConfig::default().with_sse_keep_alive(None);
        let service = StreamableHttpService::new(
            move || Ok(publisher.clone()),
            Arc::new(LocalSessionManager::default()),
            config,
        );
        let log = Log::default();
        let router = Router::new()
            .nest_service("/mcp", service)
            .layer(middleware::from_fn_with_state(
                (status, Arc::default()),
                refuse_first_modern,
            ))
            .layer(middleware::from_fn_with_state(log.clone(), record));
        let url = format!("{}/mcp", serve(router).await);
        let client = McpClient::builder()
            .endpoint(&url)
            .credential_header("x-bearer", Sandbox::API_KEY)
            .client_info("portal-tests", "1.0.0")
            .build()
            .unwrap();

        // The refused call is made in the legacy era, but the era stays open...
        client.send(&request()).await.unwrap();
        assert_eq!(client.era(), None, "{status}");
        // ...and the next call, tried in the modern era first, settles it.
        client.send(&request()).await.unwrap();
        assert_eq!(client.era(), Some(Era::Modern), "{status}");
        client.send(&request()).await.unwrap();
        let seen = log.lock().unwrap().clone();
        assert_eq!(
            exchanges(&seen),
            [
                ("POST", modern_call(1).as_str(), status, ""),
                (
                    "POST",
                    initialize(2, "2025-11-25").as_str(),
                    200,
                    "text/event-stream"
                ),
                ("POST", INITIALIZED, 202, ""),
                ("POST", legacy_call(3).as_str(), 200, "text/event-stream"),
                ("POST", modern_call(4).as_str(), 200, "text/event-stream"),
                ("POST", modern_call(5).as_str(), 200, "text/event-stream"),
            ],
            "{status}"
        );
        assert_eq!(sandbox.links().len(), 3);
    }
}

#[tokio::test]
async fn a_plain_400_pins_the_legacy_era_only_once_the_handshake_succeeds() {
    // A 400 from an endpoint that is no MCP server at all: the fallback's initialize fails
    // too, and the next call tries the modern era again.
    let log = Log::default();
    let router = Router::new()
        .route("/mcp", axum::routing::post(|| async { status(400) }))
        .layer(middleware::from_fn_with_state(log.clone(), record));
    let url = serve(router).await;
    let client = McpClient::builder()
        .endpoint(format!("{url}/mcp"))
        .client_info("portal-tests", "1.0.0")
        .build()
        .unwrap();
    for _ in 0..2 {
        let error = client.send(&request()).await.unwrap_err();
        assert_eq!(error.to_string(), "API error 400: Bad Request");
        assert_eq!(client.era(), None);
    }
    let seen = log.lock().unwrap().clone();
    assert_eq!(
        exchanges(&seen),
        [
            ("POST", modern_call(1).as_str(), 400, ""),
            ("POST", initialize(2, "2025-11-25").as_str(), 400, ""),
            ("POST", modern_call(3).as_str(), 400, ""),
            ("POST", initialize(4, "2025-11-25").as_str(), 400, ""),
        ]
    );
}

#[tokio::test]
async fn param_headers_round_trip_any_string() {
    let peer = Peer::start(Options::default()).await;
    let client = peer.client(Era::Modern);
    const CHARS: &[&str] = &[
        "a", "Z", "7", "-", " ", "\t", "\n", "\r", "\0", "\u{7F}", "=", "?", "é", "日", "🦀",
        "\u{FEFF}", "\"", "\\",
    ];
    let mut rng = rng::Rng(0x5EED_0000_0000_0003);
    let mut wrapped = 0;
    for seed in 0..150 {
        let value: String = if rng.chance(5) {
            "=?base64?eA==?=".to_owned()
        } else {
            (0..rng.below(17)).map(|_| *rng.pick(CHARS)).collect()
        };
        // rmcp decodes the header and refuses (-32020) one that differs from the body.
        let output = client
            .send(&Ping::builder().echo(value.clone()).build())
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: {value:?}: {e}"));
        assert_eq!(output.echo.as_deref(), Some(value.as_str()), "seed {seed}");
        let seen = peer.seen();
        let header = seen.last().unwrap().header("mcp-param-echo").unwrap();
        let wrapper = value.starts_with("=?base64?") && value.ends_with("?=");
        let bare = value.bytes().all(|b| (0x20..=0x7E).contains(&b))
            && !value.starts_with(' ')
            && !value.ends_with(' ')
            && !wrapper;
        if bare {
            assert_eq!(header, value, "seed {seed}");
        } else {
            wrapped += 1;
            assert!(
                header.starts_with("=?base64?") && header.ends_with("?="),
                "seed {seed}: {value:?} sent as {header:?}"
            );
        }
    }
    assert!(wrapped > 50, "{wrapped} of 150 values wrapped");
}
