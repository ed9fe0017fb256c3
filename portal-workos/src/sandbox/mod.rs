//! An in-process model of the WorkOS API for tests: a real HTTP server on `127.0.0.1` that
//! answers every operation of [`crate::api`] (170), records every request it receives, and
//! misbehaves on demand.
//!
//! Start one per test, point a [`Client`](portal_runtime::Client) at [`Sandbox::base_url`], and
//! look at what the server saw with [`Sandbox::requests`]:
//!
//! ```
//! use std::time::Duration;
//! use portal_workos::portal_runtime::{Client, RetryPolicy};
//! use portal_workos::sandbox::{Fault, Sandbox};
//! use portal_workos::{GenerateLink, Intent};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::start().await?;
//! let client = Client::builder()
//!     .api_key(Sandbox::API_KEY)
//!     .base_url(sandbox.base_url())
//!     .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
//!     .build()?;
//!
//! // One 429 first: the client waits as asked (at least `MIN_RETRY_AFTER`), retries and gets the link.
//! sandbox.push_fault(Fault::rate_limited("0"));
//! let request = GenerateLink::builder().organization("org_test").intent(Intent::Sso).build();
//! let portal = client.send(&request).await?;
//! assert_eq!(sandbox.links(), [portal.link.clone()]);
//!
//! let seen = sandbox.requests();
//! assert_eq!(seen.len(), 2);
//! assert_eq!(seen[1].body_str(), Some(r#"{"intent":"sso","organization":"org_test"}"#));
//! assert_eq!(seen[1].header("authorization"), Some("Bearer sk_test_sandbox"));
//! # Ok(())
//! # }
//! ```
//!
//! What it does with a request, in this order: takes the next queued [`Fault`], if any; routes
//! it by each operation's binding (method and path template, matched segment by segment, a
//! literal segment before a parameter): a path no operation has is 404 `{"message":"Not Found"}`,
//! a method the path does not take 405; checks the `Authorization: Bearer sk_…` header (401);
//! then answers the operation.
//!
//! `POST /portal/generate_link` keeps its own checks: the body is a JSON object (400
//! `invalid_request_body`), the fields (422 with every field error), the organization is known
//! (404, configurable), then 201 with a fresh link. The field checks are written here by hand from
//! the WorkOS API docs, apart from the generated validation, so the two can disagree and a test
//! can catch it: `organization` a non-empty string (required); `intent` one of the seven intents
//! (optional unless [`SandboxConfig::require_intent`]); `return_url`, `success_url` strings;
//! `admin_emails` an array of at most 20 addresses of the form `local@domain`; `intent_options`
//! an object whose required `sso` is an object with string `bookmark_slug` and `provider_type`.
//! Unknown properties are ignored. Field error codes other than `required` are this model's own
//! (`invalid_type`, `invalid_enum`, `too_many_items`, `invalid_email`); nested fields are named
//! with dots (`admin_emails.3`, `intent_options.sso`).
//!
//! Every other operation is checked by the generated code: the request instance is made of the
//! path parameters (percent-decoded), the query parameters (each text converted by its
//! property's schema type, arrays split as the binding's query style writes them) and, for
//! methods with a body, the JSON body's properties (400 `invalid_request_body` when it is not a
//! JSON object); it is decoded with the operation's generated request type, and every violation
//! is a field error of one 422 answer (`{"message":"Validation failed.","code":
//! "unprocessable_entity","errors":[{"field","code"}]}`), the field the violation's pointer with
//! dots, the code the violated keyword (`required`, `maxLength`, `enum`, `type`, ...).
//!
//! Organizations are kept: the ones of [`SandboxConfig::organizations`] (each named after its
//! id, with the external id `ext_<id>`) and the ones `organizations.create` makes (201, id
//! `org_…`); `organizations.get`, `.external_id.get`, `.update` (PUT), `.delete` (204) and
//! `.list` (cursor pages: `limit`, `before`, `after`, `order`, `domains`, `search`) act on them,
//! with 404 `{"message":"Organization not found: '<id>'.","code":"entity_not_found",...}` for an
//! id it does not have; portal links are minted for them. Every other operation answers its
//! documented status with the instance [`examples::output`] builds from the document's
//! examples, the last path parameter as its `id` where it has one, or 204 with no body when it
//! documents no content.
//!
//! Not modelled: rate limiting by itself (inject [`Fault::rate_limited`]), link expiry and single
//! use, permissions (403), the state of anything but organizations (a created user, connection or
//! role is not kept), the documented error answers other than those above, HTTP/2 and TLS, and the
//! exact bodies of answers the API docs don't show (400 for bad JSON, 429, 5xx, 404 for other
//! paths).

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use crate::random;

mod catalog;
pub mod examples;
mod organizations;
mod portal_link;
mod routes;

/// The intents the WorkOS API docs list for `intent`.
pub const INTENTS: [&str; 7] = [
    "sso",
    "dsync",
    "audit_logs",
    "log_streams",
    "domain_verification",
    "certificate_renewal",
    "bring_your_own_key",
];

/// The most `admin_emails` the WorkOS API docs allow.
pub const MAX_ADMIN_EMAILS: usize = 20;

/// The origin of the links the sandbox issues: `https://setup.workos.com?token=<token>`.
pub const LINK_PREFIX: &str = "https://setup.workos.com?token=";

/// The largest request body read; a larger one gets 413.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// How long a connection may take to send a request's headers, unless configured.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The pause after an accept error that is not about one connection (out of file descriptors,
/// out of memory): accepting again at once would fail again at once, in a busy loop.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// How the sandbox behaves when no fault is queued.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    organizations: HashSet<String>,
    require_intent: bool,
    unknown_organization_status: u16,
    api_key: Option<String>,
    header_read_timeout: Duration,
}

impl Default for SandboxConfig {
    /// Knows the organization `org_test`, takes any `sk_` key, leaves `intent` optional and answers
    /// 404 for unknown organizations.
    fn default() -> Self {
        SandboxConfig {
            organizations: HashSet::from(["org_test".to_owned()]),
            require_intent: false,
            unknown_organization_status: 404,
            api_key: None,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
        }
    }
}

impl SandboxConfig {
    /// Adds a known organization.
    pub fn organization(mut self, id: impl Into<String>) -> Self {
        self.organizations.insert(id.into());
        self
    }

    /// Replaces the known organizations.
    pub fn organizations(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.organizations = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Refuses a request without `intent` (422, `required`), as WorkOS's own local emulator and
    /// SDKs before 2026 do; the current API docs make it optional.
    pub fn require_intent(mut self, require: bool) -> Self {
        self.require_intent = require;
        self
    }

    /// The status for an unknown organization (404 unless set; one WorkOS API docs example
    /// shows 400 with the same message).
    pub fn unknown_organization_status(mut self, status: u16) -> Self {
        self.unknown_organization_status = status;
        self
    }

    /// Accepts only this API key instead of any key starting with `sk_`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// How long a connection may take to send the headers of a request
    /// ([`DEFAULT_HEADER_READ_TIMEOUT`] unless set); a slower one is closed, so that a client
    /// that sends half a request line does not hold a task forever.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }
}

/// A misbehaviour for the next request, queued with [`Sandbox::push_fault`]. Each request takes
/// the fault at the front of the queue, if any, instead of (or, for [`Fault::Delay`], before)
/// the normal handling.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status, extra headers and body.
    Respond {
        /// The status.
        status: u16,
        /// Headers besides `Content-Type: application/json` and `X-Request-ID`.
        headers: Vec<(String, String)>,
        /// The body.
        body: String,
    },
    /// Wait this long, then handle the request normally.
    Delay(Duration),
    /// Answer 201 with a success body cut off in the middle (not JSON).
    MalformedJson,
    /// Close the connection without answering.
    DropConnection,
    /// Answer 201 with a valid link padded to `bytes` bytes, with a `Content-Length` header or
    /// streamed in 16 KiB chunks without one.
    OversizedBody {
        /// The total body size.
        bytes: usize,
        /// Whether the size is declared up front.
        content_length: bool,
    },
}

impl Fault {
    /// 429 `{"message":"Too Many Requests"}` with `Retry-After: <retry_after>` (seconds or an
    /// HTTP-date).
    pub fn rate_limited(retry_after: impl Into<String>) -> Fault {
        Fault::Respond {
            status: 429,
            headers: vec![("retry-after".to_owned(), retry_after.into())],
            body: r#"{"message":"Too Many Requests"}"#.to_owned(),
        }
    }

    /// `status` with `{"message":"<reason phrase>"}`.
    pub fn status(status: u16) -> Fault {
        let reason = StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        Fault::Respond {
            status,
            headers: Vec::new(),
            body: json!({ "message": reason }).to_string(),
        }
    }
}

/// One request as the sandbox received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method (`POST`).
    pub method: String,
    /// The path and query (`/portal/generate_link`).
    pub path: String,
    /// The headers in the order received, names in lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The `X-Request-ID` the sandbox answered with.
    pub request_id: String,
}

impl RecordedRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text, if it is UTF-8.
    pub fn body_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}

struct Shared {
    config: Mutex<SandboxConfig>,
    requests: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<VecDeque<Fault>>,
    links: Mutex<Vec<String>>,
    organizations: Mutex<organizations::Store>,
}

/// A locked mutex, also after a panic elsewhere (a failing test must not hide the log).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// An API key the sandbox accepts by default.
    pub const API_KEY: &'static str = "sk_test_sandbox";

    /// Starts a sandbox with [`SandboxConfig::default`] on `127.0.0.1` and a free port.
    pub async fn start() -> std::io::Result<Sandbox> {
        Sandbox::start_with(SandboxConfig::default()).await
    }

    /// Starts a sandbox with `config` on `127.0.0.1` and a free port. Needs a Tokio runtime.
    pub async fn start_with(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let header_read_timeout = config.header_read_timeout;
        let shared = Arc::new(Shared {
            requests: Mutex::new(Vec::new()),
            faults: Mutex::new(VecDeque::new()),
            links: Mutex::new(Vec::new()),
            organizations: Mutex::new(organizations::Store::seeded(&config.organizations)),
            config: Mutex::new(config),
        });
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(serve(
            listener,
            shared.clone(),
            header_read_timeout,
            stopped,
        ));
        Ok(Sandbox {
            addr,
            shared,
            stop,
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, for [`ClientBuilder::base_url`](portal_runtime::ClientBuilder::base_url).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, oldest first, including those a fault answered.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Queues a fault for a coming request.
    pub fn push_fault(&self, fault: Fault) {
        lock(&self.shared.faults).push_back(fault);
    }

    /// Queues several faults, first one first.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        lock(&self.shared.faults).extend(faults);
    }

    /// How many queued faults no request has taken yet.
    pub fn pending_faults(&self) -> usize {
        lock(&self.shared.faults).len()
    }

    /// Makes organization `id` known (as [`SandboxConfig::organization`] does before the start).
    pub fn add_organization(&self, id: impl Into<String>) {
        let id = id.into();
        lock(&self.shared.organizations).add(&id);
        lock(&self.shared.config).organizations.insert(id);
    }

    /// Every link issued so far, oldest first.
    pub fn links(&self) -> Vec<String> {
        lock(&self.shared.links).clone()
    }

    /// Stops accepting connections, closes open ones and waits for the server task to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    header_read_timeout: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            _ = stopped.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) if is_connection_error(&error) => continue,
                Err(_) => {
                    tokio::select! {
                        _ = stopped.changed() => return,
                        _ = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                    }
                }
            },
        };
        // A handler taking a `DropConnection` fault notifies this, and the connection is
        // dropped with the request unanswered.
        let drop_connection = Arc::new(Notify::new());
        let service = hyper::service::service_fn({
            let (shared, drop_connection) = (shared.clone(), drop_connection.clone());
            move |request| handle(request, shared.clone(), drop_connection.clone())
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = connection => {}
                _ = drop_connection.notified() => {}
                _ = stopped.changed() => {}
            }
        });
    }
}

/// Whether an accept error is about the one connection being accepted (it went away before it
/// was accepted), so the next accept can follow at once.
fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Records the request, applies the next fault or routes it, and stamps `X-Request-ID`.
async fn handle(
    request: Request<hyper::body::Incoming>,
    shared: Arc<Shared>,
    drop_connection: Arc<Notify>,
) -> Result<Response<Body>, Infallible> {
    let request_id = format!("req_{}", random::alphanumeric(26));
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(Body::new(body), MAX_REQUEST_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            let mut response = answer(413, r#"{"message":"Payload Too Large"}"#);
            stamp(&mut response, &request_id);
            return Ok(response);
        }
    };
    lock(&shared.requests).push(RecordedRequest {
        method: parts.method.to_string(),
        path: parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned(),
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
        body: body.to_vec(),
        request_id: request_id.clone(),
    });
    let fault = lock(&shared.faults).pop_front();
    let mut response = match fault {
        Some(Fault::DropConnection) => {
            drop_connection.notify_one();
            return std::future::pending().await;
        }
        Some(Fault::Respond {
            status,
            headers,
            body,
        }) => {
            let mut response = answer(status, body);
            for (name, value) in headers {
                if let (Ok(name), Ok(value)) =
                    (HeaderName::try_from(name), HeaderValue::try_from(value))
                {
                    response.headers_mut().append(name, value);
                }
            }
            response
        }
        Some(Fault::MalformedJson) => {
            let link = issue_link(&shared);
            answer(201, format!(r#"{{"link":"{link}""#))
        }
        Some(Fault::OversizedBody {
            bytes,
            content_length,
        }) => oversized(&shared, bytes, content_length),
        Some(Fault::Delay(wait)) => {
            tokio::time::sleep(wait).await;
            routes::dispatch(&shared, &parts, &body)
        }
        None => routes::dispatch(&shared, &parts, &body),
    };
    stamp(&mut response, &request_id);
    Ok(response)
}

fn stamp(response: &mut Response<Body>, request_id: &str) {
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
}

/// A JSON answer.
fn answer(status: u16, body: impl Into<Body>) -> Response<Body> {
    let mut response = Response::new(body.into());
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn issue_link(shared: &Shared) -> String {
    let link = format!("{LINK_PREFIX}{}", random::alphanumeric(32));
    lock(&shared.links).push(link.clone());
    link
}

/// `{"link":"…","padding":"xxx…"}` of exactly `bytes` bytes (or just the link when smaller).
fn oversized(shared: &Shared, bytes: usize, content_length: bool) -> Response<Body> {
    let link = issue_link(shared);
    let head = format!(r#"{{"link":"{link}","padding":""#);
    let padding = bytes.saturating_sub(head.len() + 2);
    let mut body = head.into_bytes();
    body.resize(body.len() + padding, b'x');
    body.extend_from_slice(b"\"}");
    if content_length {
        answer(201, body)
    } else {
        answer(
            201,
            Body::new(Chunked {
                body: Bytes::from(body),
            }),
        )
    }
}

/// A body sent in 16 KiB chunks with no declared length (`Transfer-Encoding: chunked`).
struct Chunked {
    body: Bytes,
}

impl http_body::Body for Chunked {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        if self.body.is_empty() {
            return Poll::Ready(None);
        }
        let n = self.body.len().min(16 * 1024);
        let chunk = self.body.split_to(n);
        Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_empty()
    }
}

/// Whether the request carries `Authorization: Bearer` with a key this sandbox takes.
fn authorized(headers: &HeaderMap, config: &SandboxConfig) -> bool {
    let Some(key) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    match &config.api_key {
        Some(expected) => key == expected,
        None => key.len() > 3 && key.starts_with("sk_"),
    }
}
