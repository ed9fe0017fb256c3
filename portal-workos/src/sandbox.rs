//! An in-process model of `POST /portal/generate_link` for tests: a real HTTP server on
//! `127.0.0.1` that answers as the WorkOS API docs describe, records every request it receives,
//! and misbehaves on demand.
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
//! What it checks, in this order: the `Authorization: Bearer sk_…` header (401), the body is a
//! JSON object (400 `invalid_request_body`), the fields (422 with every field error), the
//! organization is known (404, configurable). Then it answers 201 with a fresh link.
//!
//! The field checks are written here by hand from the WorkOS API docs, apart from the generated
//! validation, so the two can disagree and a test can catch it: `organization` a non-empty string
//! (required); `intent` one of the seven intents (optional unless
//! [`SandboxConfig::require_intent`]); `return_url`, `success_url` strings; `admin_emails` an array
//! of at most 20 addresses of the form `local@domain`; `intent_options` an object whose required
//! `sso` is an object with string `bookmark_slug` and `provider_type`. Unknown properties are
//! ignored. Field error codes other than `required` are this model's own (`invalid_type`,
//! `invalid_enum`, `too_many_items`, `invalid_email`); nested fields are named with dots
//! (`admin_emails.3`, `intent_options.sso`).
//!
//! Not modelled: rate limiting by itself (inject [`Fault::rate_limited`]), link expiry and single
//! use, permissions (403), other endpoints, HTTP/2 and TLS, and the exact bodies of answers the
//! API docs don't show (400 for bad JSON, 429, 5xx, 404 for other paths).

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header};
use axum::routing::post;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

use crate::random;

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
            config: Mutex::new(config),
            requests: Mutex::new(Vec::new()),
            faults: Mutex::new(VecDeque::new()),
            links: Mutex::new(Vec::new()),
        });
        let (stop, stopped) = watch::channel(false);
        let router = Router::new()
            .route(
                "/portal/generate_link",
                post(generate_link)
                    .fallback(|| async { answer(405, r#"{"message":"Method Not Allowed"}"#) }),
            )
            .fallback(|| async { answer(404, r#"{"message":"Not Found"}"#) })
            .with_state(shared.clone());
        let task = tokio::spawn(serve(
            listener,
            router,
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

    /// Makes organization `id` known.
    pub fn add_organization(&self, id: impl Into<String>) {
        lock(&self.shared.config).organizations.insert(id.into());
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
    router: Router,
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
            let (router, shared, drop_connection) =
                (router.clone(), shared.clone(), drop_connection.clone());
            move |request| {
                handle(
                    request,
                    router.clone(),
                    shared.clone(),
                    drop_connection.clone(),
                )
            }
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
    router: Router,
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
            route(router, parts, body).await
        }
        None => route(router, parts, body).await,
    };
    stamp(&mut response, &request_id);
    Ok(response)
}

async fn route(router: Router, parts: axum::http::request::Parts, body: Bytes) -> Response<Body> {
    match router
        .oneshot(Request::from_parts(parts, Body::from(body)))
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    }
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

/// `POST /portal/generate_link`.
async fn generate_link(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let config = lock(&shared.config).clone();
    if !authorized(&headers, &config) {
        return answer(401, r#"{"message":"Unauthorized","code":"unauthorized"}"#);
    }
    let object = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            return answer(
                400,
                r#"{"message":"The request body must be a JSON object.","code":"invalid_request_body"}"#,
            );
        }
        Err(_) => {
            return answer(
                400,
                r#"{"message":"Invalid JSON in request body.","code":"invalid_request_body"}"#,
            );
        }
    };
    let errors = field_errors(&object, &config);
    if !errors.is_empty() {
        let errors: Vec<Value> = errors
            .into_iter()
            .map(|(field, code)| json!({ "field": field, "code": code }))
            .collect();
        let body = json!({ "message": "Validation failed.", "code": "unprocessable_entity", "errors": errors });
        return answer(422, body.to_string());
    }
    let organization = object
        .get("organization")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !config.organizations.contains(organization) {
        let body = json!({ "message": format!("Could not find an organization with the id, {organization}.") });
        return answer(config.unknown_organization_status, body.to_string());
    }
    let link = issue_link(&shared);
    answer(201, json!({ "link": link }).to_string())
}

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

/// Every `(field, code)` the body breaks, in field order.
fn field_errors(body: &Map<String, Value>, config: &SandboxConfig) -> Vec<(String, &'static str)> {
    let mut errors = Vec::new();
    let mut error = |field: &str, code: &'static str| errors.push((field.to_owned(), code));

    match body.get("organization") {
        None | Some(Value::Null) => error("organization", "required"),
        Some(Value::String(s)) if s.is_empty() => error("organization", "required"),
        Some(Value::String(_)) => {}
        Some(_) => error("organization", "invalid_type"),
    }
    match body.get("intent") {
        None | Some(Value::Null) if config.require_intent => error("intent", "required"),
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if INTENTS.contains(&s.as_str()) => {}
        Some(Value::String(_)) => error("intent", "invalid_enum"),
        Some(_) => error("intent", "invalid_type"),
    }
    for field in ["return_url", "success_url"] {
        if let Some(value) = body.get(field)
            && !value.is_string()
            && !value.is_null()
        {
            error(field, "invalid_type");
        }
    }
    match body.get("admin_emails") {
        None | Some(Value::Null) => {}
        Some(Value::Array(emails)) => {
            if emails.len() > MAX_ADMIN_EMAILS {
                error("admin_emails", "too_many_items");
            }
            for (i, email) in emails.iter().enumerate() {
                match email.as_str() {
                    Some(email) if is_email(email) => {}
                    Some(_) => error(&format!("admin_emails.{i}"), "invalid_email"),
                    None => error(&format!("admin_emails.{i}"), "invalid_type"),
                }
            }
        }
        Some(_) => error("admin_emails", "invalid_type"),
    }
    match body.get("intent_options") {
        None | Some(Value::Null) => {}
        Some(Value::Object(options)) => match options.get("sso") {
            None | Some(Value::Null) => error("intent_options.sso", "required"),
            Some(Value::Object(sso)) => {
                for key in ["bookmark_slug", "provider_type"] {
                    if let Some(value) = sso.get(key)
                        && !value.is_string()
                    {
                        error(&format!("intent_options.sso.{key}"), "invalid_type");
                    }
                }
            }
            Some(_) => error("intent_options.sso", "invalid_type"),
        },
        Some(_) => error("intent_options", "invalid_type"),
    }
    errors
}

/// `local@domain` with a dot in the domain and no spaces: the shape a server checks, not RFC 5322.
fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(body: Value, config: &SandboxConfig) -> Vec<(String, &'static str)> {
        field_errors(body.as_object().unwrap(), config)
    }

    #[test]
    fn checks_every_field() {
        let config = SandboxConfig::default();
        assert_eq!(errors(json!({"organization": "org_test"}), &config), []);
        assert_eq!(
            errors(
                json!({"organization": "org_test"}),
                &config.clone().require_intent(true)
            ),
            [("intent".to_owned(), "required")]
        );
        let emails: Vec<String> = (0..21).map(|i| format!("it{i}@example.com")).collect();
        assert_eq!(
            errors(
                json!({
                    "organization": 7,
                    "intent": "billing",
                    "return_url": false,
                    "admin_emails": emails,
                    "intent_options": {"sso": {"provider_type": 1}}
                }),
                &config
            ),
            [
                ("organization".to_owned(), "invalid_type"),
                ("intent".to_owned(), "invalid_enum"),
                ("return_url".to_owned(), "invalid_type"),
                ("admin_emails".to_owned(), "too_many_items"),
                (
                    "intent_options.sso.provider_type".to_owned(),
                    "invalid_type"
                ),
            ]
        );
        assert_eq!(
            errors(
                json!({"organization": "", "admin_emails": ["a@b.co", "nope", 3], "intent_options": {}}),
                &config
            ),
            [
                ("organization".to_owned(), "required"),
                ("admin_emails.1".to_owned(), "invalid_email"),
                ("admin_emails.2".to_owned(), "invalid_type"),
                ("intent_options.sso".to_owned(), "required"),
            ]
        );
        for intent in INTENTS {
            assert_eq!(
                errors(json!({"organization": "o", "intent": intent}), &config),
                []
            );
        }
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        for ok in ["a@b.co", "first.last+tag@sub.example.com"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "@b.co", "a@", "a@b", "a@.b", "a@b.", "a b@c.d", "a@b@c.d",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
