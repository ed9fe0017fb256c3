//! The MCP transport: the same generated request, sent as a `tools/call` to an MCP server over
//! Streamable HTTP instead of to the REST API.
//!
//! ```no_run
//! use portal_runtime::mcp::McpClient;
//! use portal_runtime::Operation;
//!
//! # async fn run<O: Operation>(request: O) -> Result<(), portal_runtime::Error> {
//! let client = McpClient::builder()
//!     .endpoint("https://mcp.example.com/mcp")
//!     // The hosted WorkOS server takes the API key in `x-bearer`; others use `bearer_token`.
//!     .credential_header("x-bearer", std::env::var("WORKOS_API_KEY").unwrap_or_default())
//!     .build()?;
//! // With `portal_workos::GenerateLink`, the same `PortalLink` as `Client::send` returns.
//! let output: O::Output = client.send(&request).await?;
//! # let _ = output;
//! # Ok(())
//! # }
//! ```
//!
//! # What one call does
//!
//! [`McpClient::send`] validates the request (an invalid request is never sent), serializes it as
//! the tool's `arguments`, calls [`Operation::TOOL`], and decodes the result into
//! [`Operation::Output`], validated: `structuredContent` when the server sends it, else the JSON
//! in the first text block. [`McpClient::call_tool`] does the same for any tool name and JSON
//! arguments and returns the [`ToolResult`] as sent.
//!
//! Every message is its own `POST` to the endpoint with `Content-Type: application/json` and
//! `Accept: application/json, text/event-stream`, and the credential header. The answer may be
//! one JSON-RPC message (`application/json`) or an event stream (`text/event-stream`): priming
//! events with empty data, comments, `id:`/`retry:`/`event:` lines and notifications before the
//! response are skipped, multi-line data is joined with `\n`, and reading stops at the response
//! carrying this request's id. A request the server sends on the stream is answered with a `POST`
//! on the same session: a `ping` with an empty result, anything else with `-32601` (this client
//! declares no capabilities), at most eight per stream. Both kinds of body are bounded
//! ([`McpClientBuilder::max_response_bytes`]).
//!
//! # Time bounds
//!
//! Every exchange (`initialize`, `notifications/initialized`, the call, the `DELETE` of
//! [`McpClient::close`]), from connecting to the end of the body it reads (JSON, event stream or
//! error body), is bounded by [`McpClientBuilder::timeout`] ([`Error::Timeout`]). Each call as a
//! whole is bounded by [`McpClientBuilder::deadline`] ([`Error::Deadline`]): the wait for a
//! handshake another call is making, the handshake, a retry with another version, a fresh
//! session after an expired one and the era fallback all count.
//!
//! # The two protocol eras
//!
//! - **Modern** (`2026-07-28`, stateless): each request carries `params._meta` with
//!   `io.modelcontextprotocol/protocolVersion`, `…/clientCapabilities` (`{}`) and `…/clientInfo`,
//!   and the headers `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` (the tool) and one
//!   `Mcp-Param-<suffix>` for each property in [`Operation::MCP_HEADERS`] that is set to a string,
//!   number or boolean. Header values that cannot travel as they are (non-ASCII, control
//!   characters, leading or trailing blanks) are sent as `=?base64?…?=`
//!   ([`encode_header_value`]). A `-32022` refusal whose `data.supported` lists a version this
//!   client speaks is retried once with it.
//! - **Legacy** (`2025-03-26` … `2025-11-25`): `initialize` (version [`LEGACY_VERSION`] unless a
//!   `-32022` named another), then `notifications/initialized`, then the call with
//!   `Mcp-Session-Id` (when the server set one) and `MCP-Protocol-Version: <negotiated>`. A
//!   negotiated version outside [`LEGACY_VERSIONS`] is an [`Error::Decode`] naming it and the
//!   versions this client speaks, and nothing more is sent on that session. A `404`
//!   on a request with a session id means the session expired: the client initializes again and
//!   retries once. [`McpClient::close`] ends the session with `DELETE`.
//!
//! With [`Era::Auto`] (the default) a call tries the modern era. An answer `400`, `404` or `405`
//! whose body is not a recognised modern JSON-RPC error, or a `-32022` that lists only legacy
//! versions, may mean a legacy server: the client falls back to `initialize` and the call is made
//! again in the legacy era. The era is remembered for the endpoint by the client and every clone
//! of it ([`McpClient::era`]) once the evidence settles it: a modern answer settles the modern
//! era; a `-32022` listing only legacy versions or a plain `400` (what a legacy server must
//! answer a request whose `MCP-Protocol-Version` it does not know) settles the legacy era once
//! the handshake succeeds. A `404` or `405` settles nothing, since any proxy or gateway on the
//! way answers those: the call falls back, and the next call tries the modern era first again.
//! A *recognised modern error* is a JSON-RPC error with a
//! modern-era code (`-32020` header mismatch, `-32021` missing capability, `-32022` unsupported
//! version) or one answering this request's id (such as `404` with `-32601`): legacy servers
//! refuse a request without a session with plain text, or with an error for id `null` or an id of
//! their own. [`Era::Modern`] and [`Era::Legacy`] skip the detection.
//!
//! # Errors
//!
//! Two channels, kept apart as the protocol keeps them:
//! - a JSON-RPC `error` (unknown tool, bad params, refused version) is an [`Error::Protocol`]
//!   with its code, message and data;
//! - a result with `isError: true` is an [`Error::Tool`] from [`McpClient::send`]. Servers
//!   generated from a REST API put the API's error body in the text; when it is one of the API's
//!   envelopes (`{message, code, errors}` or `{error, error_description}`) its fields fill the
//!   [`ToolError`](crate::error::ToolError) as they fill an [`ApiError`](crate::error::ApiError) over REST. MCP carries no
//!   HTTP status for a tool error, so its `status` is `None` unless the result names one; its
//!   request id is the answer's `X-Request-ID` header, else an `x-request-id` or `requestId`
//!   string in the result's `_meta`, else a `request_id` in the envelope.
//!
//! An answer outside 2xx that is no JSON-RPC error (a proxy's `502`, a `401` for a missing
//! credential) is an [`Error::Api`], as over REST; a 2xx answer that is not the expected
//! JSON-RPC response, or a result that is not the operation's output, is an [`Error::Decode`].
//! A result with `resultType: "input_required"` (the server asks the client for input) is not
//! supported by this thin client and is reported as an [`Error::Decode`] too. Protocol-level
//! retries aside (one for a version, one for an expired session), nothing is retried: a
//! `tools/call` is not idempotent.
//!
//! # Drift at connect
//!
//! Given the catalog the binary was compiled against ([`McpClientBuilder::catalog`], the
//! `CATALOG` of a `catalog!` expansion), the first call lists the server's tools (every page)
//! and classes each difference from the catalog's published tools for this binary
//! ([`drift::classify`]: *compatible*, *suspicious* or *breaking*, judging the input as the
//! requests it sends and the output as the answers it decodes). The report is cached
//! ([`McpClient::drift_report`]) and calls are judged by it under the [`DriftPolicy`]: `Warn`
//! (the default) logs it as a `tracing` warning, `Deny` refuses calls to a tool with breaking
//! drift ([`Error::Drift`], nothing sent) and `DenyAll` calls to a tool with any drift. The list
//! is read again only on the first call after the server sends
//! `notifications/tools/list_changed` on the event stream answering one of this client's
//! requests (the client opens no standalone `GET` stream, so a notification sent only there is
//! not seen), or on [`McpClient::check_drift`]. Concurrent calls share one check.
//!
//! # Layers
//!
//! The client is built in layers, as MCP SDKs are: the builder (`mcp/builder.rs`) checks the
//! configuration once; the two eras (`mcp/modern.rs`, `mcp/legacy.rs`) decide which messages a
//! call sends and what an answer means, over one transport (`mcp/http.rs`: a message as a `POST`,
//! its answer read as JSON or an event stream) on the HTTP plumbing the REST client shares
//! (client construction, redirect refusal, bounded bodies, time bounds); the wire format
//! (`mcp/wire.rs`, `mcp/sse.rs`, `mcp/result.rs`) is plain data in and out.

mod builder;
pub mod drift;
mod http;
mod legacy;
mod modern;
mod result;
mod sse;
mod wire;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use serde_json::{Map, Value};

pub use builder::McpClientBuilder;
pub use drift::{DriftPolicy, DriftReport};
pub use result::{Tool, ToolResult};
pub use wire::encode_header_value;

use crate::error::{DecodeError, Error, body_excerpt, redact_url};
use crate::http::{Deadline, exchange, header_value};
use crate::operation::Operation;
use crate::validate::{Violation, Violations};
use modern::Modern;

/// The modern era's protocol version.
pub const MODERN_VERSION: &str = "2026-07-28";
/// The protocol version a legacy-era `initialize` asks for unless the server named another.
pub const LEGACY_VERSION: &str = "2025-11-25";
/// The legacy-era versions this client speaks (Streamable HTTP), newest first.
pub const LEGACY_VERSIONS: [&str; 3] = ["2025-11-25", "2025-06-18", "2025-03-26"];
/// How long one HTTP exchange may take, from connecting until the response has arrived.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one call may take as a whole: every exchange it makes (a legacy handshake, a retry
/// with another version, a fresh session after an expired one, the era fallback) and the wait
/// for a handshake another call is making.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// The largest answer read, in bytes (1 MiB), for a JSON body and for an event stream alike.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// `tools/list` pages followed at most, against a server whose cursors never end.
const MAX_PAGES: usize = 100;

/// Which protocol era to speak.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Era {
    /// Try the modern era first and fall back to the legacy one (see the [module docs](self)).
    #[default]
    Auto,
    /// Only the modern, stateless era (`2026-07-28`).
    Modern,
    /// Only the legacy era with its `initialize` handshake and session.
    Legacy,
}

/// The credential header: its name and its value, marked sensitive.
#[derive(Clone)]
struct Credential {
    name: HeaderName,
    value: HeaderValue,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: …", self.name)
    }
}

/// A client of one MCP endpoint. Cheap to clone: clones share the connection pool, the
/// configuration, the era found and the legacy session.
///
/// Its `Debug` output never shows the credential.
#[derive(Clone)]
pub struct McpClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: reqwest::Url,
    credential: Option<Credential>,
    timeout: Duration,
    deadline: Duration,
    era: Era,
    client_info: Value,
    user_agent: HeaderValue,
    max_response_bytes: usize,
    state: Mutex<State>,
    /// Held while a legacy handshake runs, so concurrent first calls make one session.
    handshake: tokio::sync::Mutex<()>,
    next_id: AtomicU64,
    /// The compiled-in catalog's drift state, when the builder was given one.
    drift: Option<Box<drift::Watch>>,
}

/// What the client knows about the endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// Nothing yet (only with [`Era::Auto`]).
    Unknown,
    /// A modern server, spoken to with this version.
    Modern { version: String },
    /// A legacy server: `initialize` asks for `version`; `session` once the handshake is done.
    /// Unless `pinned`, the legacy era serves the calls whose modern attempt was refused with
    /// weak evidence of a legacy server, and every call still tries the modern era first.
    Legacy {
        version: String,
        session: Option<Session>,
        pinned: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Session {
    /// The `Mcp-Session-Id` the server set, if it set one.
    id: Option<String>,
    /// The version the server answered `initialize` with.
    version: String,
}

impl fmt::Debug for McpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("McpClient")
            .field("endpoint", &redact_url(inner.endpoint.as_str()))
            .field("credential", &inner.credential)
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("era", &inner.era)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// One JSON-RPC request to make: its method, params (without `_meta`) and routing headers.
struct Call<'a> {
    method: &'static str,
    params: Map<String, Value>,
    /// The `Mcp-Name` of the modern era (the tool name for `tools/call`).
    name: Option<&'a str>,
    /// `Mcp-Param-*` headers of the modern era.
    param_headers: &'a [(HeaderName, HeaderValue)],
}

/// A JSON-RPC result and where it came from.
struct Reply {
    result: Value,
    status: u16,
    request_id: Option<String>,
}

impl McpClient {
    /// The defaults, to be configured and then [built](McpClientBuilder::build).
    pub fn builder() -> McpClientBuilder {
        McpClientBuilder::default()
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        self.inner.endpoint.as_str()
    }

    /// The era spoken with the endpoint: the forced one, or the one detected; `None` with
    /// [`Era::Auto`] until a call has settled it (see the [module docs](self)).
    pub fn era(&self) -> Option<Era> {
        match &*self.state() {
            State::Unknown | State::Legacy { pinned: false, .. } => None,
            State::Modern { .. } => Some(Era::Modern),
            State::Legacy { pinned: true, .. } => Some(Era::Legacy),
        }
    }

    /// The protocol version in use: the modern version, or the version the legacy server
    /// answered `initialize` with; `None` before it is known.
    pub fn protocol_version(&self) -> Option<String> {
        match &*self.state() {
            State::Modern { version } => Some(version.clone()),
            State::Legacy {
                session: Some(session),
                ..
            } => Some(session.version.clone()),
            _ => None,
        }
    }

    /// The legacy session's `Mcp-Session-Id`, when one is open.
    pub fn session_id(&self) -> Option<String> {
        match &*self.state() {
            State::Legacy {
                session: Some(Session { id, .. }),
                ..
            } => id.clone(),
            _ => None,
        }
    }

    /// Calls tool `name` with `arguments` (a JSON object) and returns its result as sent,
    /// `isError` included. Protocol errors are [`Error::Protocol`].
    ///
    /// With a [catalog](McpClientBuilder::catalog), the [drift policy](McpClientBuilder::drift_policy)
    /// applies first (see [`drift`]).
    pub async fn call_tool(&self, name: &str, arguments: Value) -> Result<ToolResult, Error> {
        self.within_deadline(async move {
            Box::pin(self.drift_gate(name)).await?;
            self.call(name, arguments, &[]).await
        })
        .await
    }

    /// Calls the operation's tool: validate, serialize as `arguments`, call [`Operation::TOOL`],
    /// and decode and validate the result into [`Operation::Output`].
    ///
    /// An invalid request is an [`Error::Validation`] and is never sent; a result with
    /// `isError: true` is an [`Error::Tool`]. With a [catalog](McpClientBuilder::catalog), the
    /// [drift policy](McpClientBuilder::drift_policy) applies after validation and before the
    /// call ([`Error::Drift`] when it refuses).
    pub async fn send<O: Operation>(&self, request: &O) -> Result<O::Output, Error> {
        request.validate()?;
        let arguments = serde_json::to_value(request)
            .map_err(|e| Error::Configuration(format!("the request cannot be serialized: {e}")))?;
        let param_headers = param_headers::<O>(&arguments)?;
        let result = self
            .within_deadline(async {
                Box::pin(self.drift_gate(O::TOOL)).await?;
                self.call(O::TOOL, arguments, &param_headers).await
            })
            .await?;
        if let Some(error) = result.error(O::TOOL) {
            return Err(error.into());
        }
        result.decode::<O::Output>()
    }

    /// Every tool the server lists (`tools/list`, following `nextCursor`), every page within one
    /// [deadline](McpClientBuilder::deadline).
    pub async fn list_tools(&self) -> Result<Vec<Tool>, Error> {
        self.within_deadline(self.list_pages()).await
    }

    async fn list_pages(&self) -> Result<Vec<Tool>, Error> {
        let mut tools = Vec::new();
        let mut cursor: Option<String> = None;
        // A cursor met again would page forever within the bound: refused at once, by name.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for _ in 0..MAX_PAGES {
            let mut params = Map::new();
            if let Some(cursor) = cursor.take() {
                params.insert("cursor".into(), cursor.into());
            }
            let call = Call {
                method: "tools/list",
                params,
                name: None,
                param_headers: &[],
            };
            let reply = self.rpc(&call).await?;
            let decode_error = |violations: Violations| {
                Error::from(DecodeError {
                    status: reply.status,
                    request_id: reply.request_id.clone(),
                    violations,
                    body: body_excerpt(reply.result.to_string().as_bytes()),
                })
            };
            let Some(listed) = reply.result.get("tools").and_then(Value::as_array) else {
                let found = reply.result.get("tools").unwrap_or(&Value::Null);
                return Err(decode_error(result::shape("/tools", "an array", found)));
            };
            for (i, item) in listed.iter().enumerate() {
                match Tool::from_value(item.clone()) {
                    Some(tool) => tools.push(tool),
                    None => {
                        let found = item.get("name").unwrap_or(&Value::Null);
                        let pointer = format!("/tools/{i}/name");
                        return Err(decode_error(result::shape(&pointer, "a string", found)));
                    }
                }
            }
            match reply.result.get("nextCursor").and_then(Value::as_str) {
                Some(next) if !next.is_empty() => {
                    if !seen.insert(next.to_owned()) {
                        return Err(Error::Configuration(format!(
                            "tools/list gave the cursor {next:?} twice (a paging loop); giving up"
                        )));
                    }
                    cursor = Some(next.to_owned());
                }
                _ => return Ok(tools),
            }
        }
        Err(Error::Configuration(format!(
            "tools/list gave more than {MAX_PAGES} pages; giving up"
        )))
    }

    /// Ends the legacy session, if one is open (`DELETE` with its id; `405` means the server
    /// does not let clients end sessions, which is fine). The next call initializes again.
    ///
    /// The exchange, the reading of an error body included, is bounded by the
    /// [timeout](McpClientBuilder::timeout) and the [deadline](McpClientBuilder::deadline).
    pub async fn close(&self) -> Result<(), Error> {
        let session = match &mut *self.state() {
            State::Legacy { session, .. } => session.take(),
            _ => None,
        };
        let Some(Session {
            id: Some(id),
            version,
        }) = session
        else {
            return Ok(());
        };
        let deleted = exchange(self.inner.timeout, 1, self.delete_session(&id, &version));
        self.within_deadline(deleted).await
    }

    /// Runs one whole call within the deadline, which starts now.
    fn within_deadline<T>(
        &self,
        call: impl Future<Output = Result<T, Error>>,
    ) -> impl Future<Output = Result<T, Error>> {
        Deadline::start(self.inner.deadline).run(call)
    }

    async fn call(
        &self,
        name: &str,
        arguments: Value,
        param_headers: &[(HeaderName, HeaderValue)],
    ) -> Result<ToolResult, Error> {
        if !arguments.is_object() {
            return Err(Error::Configuration(format!(
                "the arguments of {name} must be a JSON object, not {}",
                crate::validate::json_type(&arguments)
            )));
        }
        let mut params = Map::new();
        params.insert("name".into(), name.into());
        params.insert("arguments".into(), arguments);
        let call = Call {
            method: "tools/call",
            params,
            name: Some(name),
            param_headers,
        };
        let reply = self.rpc(&call).await?;
        let body = || body_excerpt(reply.result.to_string().as_bytes());
        match reply.result.get("resultType").and_then(Value::as_str) {
            None | Some("complete") => {}
            Some(other) => {
                return Err(DecodeError {
                    status: reply.status,
                    request_id: reply.request_id.clone(),
                    violations: Violations(vec![Violation {
                        pointer: "/resultType".to_owned(),
                        keyword: "resultType",
                        expected: "\"complete\" (this client supports no other)".to_owned(),
                        found: format!("{other:?}"),
                    }]),
                    body: body(),
                }
                .into());
            }
        }
        let shown = body();
        ToolResult::from_result(reply.result, reply.status, reply.request_id.clone()).map_err(
            |violations| {
                Error::from(DecodeError {
                    status: reply.status,
                    request_id: reply.request_id,
                    violations,
                    body: shown,
                })
            },
        )
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes one JSON-RPC request in the era known or found, and returns its `result`.
    async fn rpc(&self, call: &Call<'_>) -> Result<Reply, Error> {
        let state = self.state().clone();
        let (version, detect) = match state {
            State::Legacy { pinned: true, .. } => return self.legacy(call, false).await,
            State::Modern { version } => (version, false),
            State::Unknown | State::Legacy { pinned: false, .. } => {
                (MODERN_VERSION.to_owned(), true)
            }
        };
        match self.modern(call, version, detect).await? {
            Modern::Done(reply) => {
                let mut state = self.state();
                // A session opened by an earlier fallback is left to expire on the server.
                if matches!(*state, State::Unknown | State::Legacy { pinned: false, .. }) {
                    *state = State::Modern {
                        version: MODERN_VERSION.to_owned(),
                    };
                }
                Ok(reply)
            }
            Modern::Legacy { version, pin } => {
                {
                    let mut state = self.state();
                    match &mut *state {
                        State::Unknown => {
                            *state = State::Legacy {
                                version,
                                session: None,
                                pinned: false,
                            }
                        }
                        State::Legacy {
                            version: asked,
                            session: None,
                            pinned: false,
                        } => *asked = version,
                        // An open session is reused; a modern era another call proved stays.
                        _ => {}
                    }
                }
                self.legacy(call, pin).await
            }
        }
    }

    fn next_id(&self) -> u64 {
        self.inner.next_id.fetch_add(1, Ordering::Relaxed)
    }
}

/// The `Mcp-Param-*` headers of an operation's arguments: one for each property of
/// [`Operation::MCP_HEADERS`] set to a string, number or boolean.
fn param_headers<O: Operation>(arguments: &Value) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    let mut headers = Vec::with_capacity(O::MCP_HEADERS.len());
    for (property, suffix) in O::MCP_HEADERS {
        let Some(text) = arguments.get(*property).and_then(wire::primitive_text) else {
            continue;
        };
        let name = HeaderName::from_bytes(format!("{}{suffix}", wire::PARAM_PREFIX).as_bytes())
            .map_err(|_| {
                Error::Configuration(format!(
                    "{}: {suffix:?} is not a valid header name suffix",
                    O::TOOL
                ))
            })?;
        headers.push((name, header_value(&encode_header_value(&text))?));
    }
    Ok(headers)
}
