//! The REST client: [`Client::send`] takes any generated request type and returns its typed
//! output or an [`Error`].
//!
//! One call validates the request (an invalid request is never sent), serializes it, sends it
//! with the API key as a bearer token, retries transient failures under a [`RetryPolicy`] with one
//! `Idempotency-Key` for every attempt, and decodes and validates the answer.
//!
//! The client knows no provider: the base URL is always given, and so is the name of any
//! environment variable it reads. A provider's crate supplies its defaults (`portal_workos::client()`
//! reads `WORKOS_API_KEY` and `WORKOS_BASE_URL`, with `https://api.workos.com` by default).
//!
//! ```no_run
//! use portal_runtime::client::Client;
//! use portal_runtime::Operation;
//!
//! # async fn run<O: Operation>(request: O) -> Result<(), portal_runtime::Error> {
//! let client = Client::builder()
//!     .base_url("https://api.example.com")
//!     .api_key_from_env("EXAMPLE_API_KEY")? // an error when it is not set
//!     .base_url_from_env("EXAMPLE_BASE_URL") // replaces the base URL when set and not empty
//!     .build()?;
//! let output: O::Output = client.send(&request).await?;
//! # let _ = output;
//! # Ok(())
//! # }
//! ```
//!
//! The client needs a Tokio runtime with its time driver enabled (`#[tokio::main]` has it). TLS
//! comes from the `rustls` feature (on by default); without it, give the builder an HTTP client
//! that has TLS through [`ClientBuilder::with_http_client`].

mod encode;
mod retry;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};

pub use retry::{MIN_RETRY_AFTER, RETRY_STATUSES, RetryPolicy};

use crate::error::{ApiError, Error, redact_url};
pub use crate::http::DEFAULT_USER_AGENT;
use crate::http::{
    Deadline, default_http_client, exchange, is_loopback, read_body, refuse_redirect,
    response_request_id, response_retry_after, transport,
};
use crate::operation::{Method, Operation};
use crate::random;
use crate::validate::{FromJson, Violation, Violations};

/// How long one attempt may take, from connecting until the whole body has arrived.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one [`Client::send`] may take in all: every attempt, backoff and `Retry-After` wait.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// The largest response body read, in bytes (1 MiB); the API's answers are a few hundred bytes.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// An API key. Its `Debug` shows only the `sk_` prefix.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.starts_with("sk_") {
            "\"sk_…\""
        } else {
            "\"…\""
        })
    }
}

/// The async REST client. Cheap to clone: clones share one connection pool and configuration.
///
/// Its `Debug` output never shows the API key.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    api_key: ApiKey,
    /// `Bearer <key>`, marked sensitive so that HTTP-level debug output hides it too.
    authorization: HeaderValue,
    base_url: String,
    timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    max_response_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("api_key", &inner.api_key)
            .field("base_url", &inner.base_url)
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("retry", &inner.retry)
            .field("user_agent", &inner.user_agent)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Configuration of a [`Client`]; [`build`](Self::build) checks it.
///
/// Its `Debug` output never shows the API key, nor credentials or a query in the base URL.
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    max_response_bytes: usize,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ClientBuilder");
        d.field("api_key", &self.api_key);
        // Shown as the URL itself when set, as the client shows it.
        match &self.base_url {
            Some(url) => d.field("base_url", &redact_url(url)),
            None => d.field("base_url", &None::<&str>),
        };
        d.field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http.is_some())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            retry: RetryPolicy::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey(key.into()));
        self
    }

    /// The base URL the operation paths are appended to. Required: the runtime has no default
    /// host (a provider's crate has one).
    ///
    /// It must be `https`, except for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`), where
    /// plain `http` is allowed for local servers such as the sandbox. A path prefix is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The API key from the environment variable `var`, as [`api_key`](Self::api_key) would set
    /// it; an [`Error::Configuration`] naming `var` when it is not set (or not Unicode).
    pub fn api_key_from_env(self, var: &str) -> Result<Self, Error> {
        self.api_key_from(var, |name| std::env::var(name).ok())
    }

    /// The base URL from the environment variable `var` when it is set and not empty, replacing
    /// the one given before; otherwise the builder is unchanged. The URL is checked by
    /// [`build`](Self::build) as any other.
    pub fn base_url_from_env(self, var: &str) -> Self {
        self.base_url_from(var, |name| std::env::var(name).ok())
    }

    fn api_key_from(
        self,
        var: &str,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, Error> {
        let key = lookup(var).ok_or_else(|| Error::Configuration(format!("{var} is not set")))?;
        Ok(self.api_key(key))
    }

    fn base_url_from(self, var: &str, lookup: impl Fn(&str) -> Option<String>) -> Self {
        match lookup(var).filter(|url| !url.is_empty()) {
            Some(url) => self.base_url(url),
            None => self,
        }
    }

    /// How long one attempt may take, from connecting until the whole body has arrived
    /// ([`DEFAULT_TIMEOUT`] unless set). Waits between retries are not counted.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one [`Client::send`] may take in all, every attempt, backoff and `Retry-After`
    /// wait included ([`DEFAULT_DEADLINE`] unless set). When it passes, the call ends with
    /// [`Error::Deadline`]; a wait that would end after it is not started, and the call ends with
    /// the error that asked for it.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// When and how failed attempts are retried ([`RetryPolicy::default`] unless set).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header ([`DEFAULT_USER_AGENT`] unless set).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest response body read, in bytes ([`DEFAULT_MAX_RESPONSE_BYTES`] unless set).
    /// A larger body is an [`Error::ResponseTooLarge`]; reading stops at the limit.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sends through `http` instead of a client built here: for proxies, custom roots, a shared
    /// connection pool, or TLS without the `rustls` feature. Timeouts, headers and retries are
    /// still applied per request.
    ///
    /// `http` must not follow redirects: build it with
    /// `.redirect(reqwest::redirect::Policy::none())`. reqwest's default follows them and, on a
    /// hop to another host, strips only `Authorization` and cookies, so the body (and any other
    /// header) goes wherever the redirect points. A redirect such a client followed cannot be
    /// undone; the answer to it is refused with [`Error::Configuration`]. Its proxy settings are
    /// its own: the loopback bypass of the client built here does not apply.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// Fails with [`Error::Configuration`] when the API key or the base URL is missing, the key is
    /// not a valid header value, the base URL is not an absolute `https` URL (or `http` on a loopback host), carries
    /// credentials, a query or a fragment, or the timeout is zero.
    pub fn build(self) -> Result<Client, Error> {
        let config = |message: &str| Error::Configuration(message.to_owned());
        let api_key = self.api_key.ok_or_else(|| {
            config("no API key: set one with ClientBuilder::api_key or ClientBuilder::api_key_from_env")
        })?;
        if api_key.0.is_empty() {
            return Err(config("the API key is empty"));
        }
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", api_key.0))
            .map_err(|_| config("the API key holds characters not allowed in an HTTP header"))?;
        authorization.set_sensitive(true);
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| config("the user agent holds characters not allowed in an HTTP header"))?;
        if self.timeout.is_zero() {
            return Err(config("the timeout must be longer than zero"));
        }
        if self.deadline.is_zero() {
            return Err(config("the deadline must be longer than zero"));
        }
        let base_url = self.base_url.ok_or_else(|| {
            config("no base URL: set one with ClientBuilder::base_url (the runtime has no default host)")
        })?;
        let base_url = checked_base_url(&base_url)?;
        let http = match self.http {
            Some(http) => http,
            None => default_http_client(&reqwest::Url::parse(&base_url).map_err(|e| {
                Error::Configuration(format!("invalid base URL {:?}: {e}", redact_url(&base_url)))
            })?)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_key,
                authorization,
                base_url,
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
                user_agent,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

/// The base URL without its trailing slash, or why it is refused.
fn checked_base_url(url: &str) -> Result<String, Error> {
    // The URL is echoed without its userinfo and query: either may hold a secret.
    let shown = redact_url(url);
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::Configuration(format!("invalid base URL {shown:?}: {e}")))?;
    let refuse = |why: &str| Error::Configuration(format!("refusing base URL {shown:?}: {why}"));
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::Configuration(
            "refusing a base URL with credentials in it: give the API key to ClientBuilder::api_key"
                .to_owned(),
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(refuse("it must not have a query or fragment"));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if parsed.host_str().is_some_and(is_loopback) => {}
        "http" => {
            return Err(refuse(
                "plain http would send the API key unencrypted; use https (http is allowed only for loopback hosts)",
            ));
        }
        _ => return Err(refuse("the scheme must be https")),
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// What [`Client::send`] would put on the wire for `request` against `base_url`, without sending
/// it: the method, the URL (path parameters filled in, the query string encoded) and the JSON
/// body (`None` for `GET` and `DELETE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestParts {
    /// The HTTP method.
    pub method: Method,
    /// The whole URL.
    pub url: String,
    /// The body's bytes, compact JSON.
    pub body: Option<Vec<u8>>,
}

/// The request [`Client::send`] would make for `request` against `base_url` (a dry run): the
/// request validated, the base URL checked as [`ClientBuilder::build`] checks it, and the
/// request encoded by the very code `send` uses, so that what is shown is what would be sent.
///
/// Fails as `send` would before sending: [`Error::Validation`] for an invalid request (or a path
/// parameter that is empty, `.` or `..`), [`Error::Configuration`] for a refused base URL or a
/// value its query style cannot write.
pub fn request_parts<O: Operation>(request: &O, base_url: &str) -> Result<RequestParts, Error> {
    request.validate()?;
    let base_url = checked_base_url(base_url)?;
    let encoded = encode::encode(&base_url, request)?;
    Ok(RequestParts {
        method: O::METHOD,
        url: encoded.url.into(),
        body: encoded.body,
    })
}

impl Client {
    /// A client with the defaults, `base_url` and `api_key`.
    pub fn new(base_url: impl Into<String>, api_key: impl Into<String>) -> Result<Client, Error> {
        Client::builder()
            .base_url(base_url)
            .api_key(api_key)
            .build()
    }

    /// The defaults (no key, no base URL), to be configured and then [built](ClientBuilder::build).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL the operation paths are appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Calls the operation: validate, serialize, send (retrying under the [`RetryPolicy`]),
    /// and decode and validate any 2xx answer into the operation's output.
    ///
    /// Where each property goes is [`Operation`]'s to say: path segments, the query string, or
    /// the JSON body (never on `GET` and `DELETE`).
    ///
    /// Headers sent: `Authorization: Bearer <key>`, `Accept: application/json`, `User-Agent`,
    /// `Content-Type: application/json` with a body only, and `Idempotency-Key` (one UUID for
    /// every attempt of this call) on `POST` and `PATCH`, the methods that are not idempotent.
    ///
    /// An empty 2xx body (a `204`) decodes as JSON `null` when the output type takes `null`
    /// ([`Empty`](crate::operation::Empty), `serde_json::Value`); otherwise it is an
    /// [`Error::Decode`].
    ///
    /// The whole call, retries and waits included, ends within the
    /// [deadline](ClientBuilder::deadline) with [`Error::Deadline`] at the latest. A redirect is
    /// not followed: it is an [`Error::Redirect`].
    pub async fn send<O: Operation>(&self, request: &O) -> Result<O::Output, Error> {
        self.send_page(request).await.map(|page| page.output)
    }

    /// [`send`](Self::send), keeping the status and request id of the answer (which pagination
    /// names in its errors).
    pub(crate) async fn send_page<O: Operation>(
        &self,
        request: &O,
    ) -> Result<Page<O::Output>, Error> {
        request.validate()?;
        let encoded = encode::encode(&self.inner.base_url, request)?;
        // RFC 9110 makes GET, PUT and DELETE idempotent: repeating one has the effect of one, so
        // the retry policy may resend it and the server needs no key to tell repeats apart. POST
        // and PATCH are not: the key (one for every attempt of this call) is what lets the server
        // apply a retried one once.
        let idempotent = !matches!(O::METHOD, Method::Post | Method::Patch);
        let idempotency_key = if idempotent {
            None
        } else {
            Some(
                HeaderValue::from_str(&random::uuid_v4())
                    .map_err(|_| Error::Configuration("invalid idempotency key".to_owned()))?,
            )
        };
        let deadline = Deadline::start(self.inner.deadline);
        let attempts = async {
            let mut retries = 0;
            loop {
                let attempt = retries + 1;
                let error = match self
                    .attempt::<O>(&encoded, idempotency_key.as_ref(), attempt)
                    .await
                {
                    Ok(output) => return Ok(output),
                    Err(error) => error,
                };
                let Some(wait) = self.inner.retry.delay(&error, retries, idempotent) else {
                    return Err(error);
                };
                if !deadline.leaves_room_for(wait) {
                    // The next attempt could not start before the deadline: the answer that asked
                    // for the wait says more than the deadline would.
                    return Err(error);
                }
                trace_retry::<O>(attempt, wait);
                tokio::time::sleep(wait).await;
                retries += 1;
            }
        };
        deadline.run(attempts).await
    }

    async fn attempt<O: Operation>(
        &self,
        encoded: &encode::Encoded,
        idempotency_key: Option<&HeaderValue>,
        attempt: u32,
    ) -> Result<Page<O::Output>, Error> {
        let inner = &*self.inner;
        let mut headers = HeaderMap::with_capacity(6);
        headers.insert(header::AUTHORIZATION, inner.authorization.clone());
        headers.insert(header::ACCEPT, APPLICATION_JSON);
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        if let Some(key) = idempotency_key {
            headers.insert(IDEMPOTENCY_KEY, key.clone());
        }
        let mut request = inner
            .http
            .request(http_method(O::METHOD), encoded.url.clone());
        if let Some(body) = &encoded.body {
            headers.insert(header::CONTENT_TYPE, APPLICATION_JSON);
            request = request.body(body.clone());
        }
        let request = request.headers(headers);

        let answer = async {
            let response = request.send().await.map_err(|e| transport(e, attempt))?;
            refuse_redirect(&response, &encoded.url)?;
            let status = response.status().as_u16();
            let headers = response.headers();
            let request_id = response_request_id(headers);
            let retry_after = response_retry_after(headers);
            let body = read_body(
                response,
                inner.max_response_bytes,
                status,
                &request_id,
                attempt,
            )
            .await?;
            Ok::<_, Error>((status, request_id, retry_after, body))
        };
        let result = exchange(inner.timeout, attempt, answer).await;
        let (status, request_id, retry_after, body) = match result {
            Ok(parts) => parts,
            Err(error) => {
                trace_attempt::<O>(attempt, error.status(), error.request_id(), Some(&error));
                return Err(error);
            }
        };
        if !(200..300).contains(&status) {
            let error = Error::from(ApiError::parse(status, request_id, retry_after, &body));
            trace_attempt::<O>(attempt, Some(status), error.request_id(), Some(&error));
            return Err(error);
        }
        trace_attempt::<O>(attempt, Some(status), request_id.as_deref(), None);
        let output = decode::<O::Output>(status, request_id.clone(), &body)?;
        Ok(Page {
            output,
            status,
            request_id,
        })
    }
}

/// A decoded answer with the status and request id it came with.
pub(crate) struct Page<T> {
    pub(crate) output: T,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
}

/// Decodes and validates a 2xx body.
fn decode<T: FromJson>(status: u16, request_id: Option<String>, body: &[u8]) -> Result<T, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        // No content (a 204, or a 2xx with an empty body): the output as JSON `null` when the
        // type takes it; otherwise the parse error below says the body was empty.
        if let Ok(output) = T::from_json("null") {
            return Ok(output);
        }
    }
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => T::from_json(text),
        Err(e) => Err(Violations(vec![Violation {
            pointer: String::new(),
            keyword: "json",
            expected: "UTF-8 text".to_owned(),
            found: e.to_string(),
        }])),
    };
    decoded.map_err(|violations| crate::error::decode_error(status, request_id, violations, body))
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// Records one attempt: what was called, which attempt, the status and request id, and the kind
/// of failure. Never the API key, the body or the error text (which may quote the body).
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn trace_attempt<O: Operation>(
    attempt: u32,
    status: Option<u16>,
    request_id: Option<&str>,
    error: Option<&Error>,
) {
    #[cfg(feature = "tracing")]
    {
        let error = error.map(|e| match e {
            Error::Validation(_) => "validation",
            Error::Api(_) => "api",
            Error::Timeout { .. } => "timeout",
            Error::Deadline { .. } => "deadline",
            Error::Redirect { .. } => "redirect",
            Error::Transport { .. } => "transport",
            Error::Decode(_) => "decode",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::Configuration(_) => "configuration",
            Error::Protocol(_) => "protocol",
            Error::Tool(_) => "tool",
            #[cfg(feature = "mcp")]
            Error::Drift(_) => "drift",
        });
        tracing::debug!(
            tool = O::TOOL,
            method = O::METHOD.as_str(),
            path = O::PATH,
            attempt,
            status,
            request_id,
            error,
            "portal request attempt"
        );
    }
}

#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn trace_retry<O: Operation>(attempt: u32, wait: Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        tool = O::TOOL,
        method = O::METHOD.as_str(),
        path = O::PATH,
        attempt,
        wait_ms = wait.as_millis() as u64,
        "portal request retrying"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_body_decodes_when_the_output_takes_null() {
        assert_eq!(
            decode::<crate::operation::Empty>(204, None, b"").unwrap(),
            crate::operation::Empty
        );
        assert_eq!(
            decode::<serde_json::Value>(200, None, b" \r\n").unwrap(),
            serde_json::Value::Null
        );
        match decode::<crate::operation::Empty>(200, None, b"{}") {
            Err(e) => assert_eq!(
                e.to_string(),
                "could not decode the 200 response: 1 violation\n  (root): expected no content, found object (type)"
            ),
            Ok(_) => panic!("a body where none is expected decoded"),
        }
        match decode::<Vec<String>>(200, None, b"") {
            Err(e) => assert_eq!(
                e.to_string(),
                "could not decode the 200 response: 1 violation\n  (root): expected valid JSON, found EOF while parsing a value at line 1 column 0 (json)"
            ),
            Ok(_) => panic!("an empty body decoded into a list"),
        }
    }

    fn configuration_error(builder: ClientBuilder) -> String {
        match builder.build() {
            Err(Error::Configuration(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        let with = |url: &str| Client::builder().api_key("sk_test_1").base_url(url);
        assert_eq!(
            configuration_error(with("http://api.workos.com")),
            "refusing base URL \"http://api.workos.com\": plain http would send the API key unencrypted; use https (http is allowed only for loopback hosts)"
        );
        assert_eq!(
            configuration_error(with("http://127.0.0.1.example.com")),
            "refusing base URL \"http://127.0.0.1.example.com\": plain http would send the API key unencrypted; use https (http is allowed only for loopback hosts)"
        );
        for url in [
            "http://127.0.0.1:8080/",
            "http://127.4.5.6",
            "http://[::1]:9000",
            "http://LOCALHOST",
        ] {
            assert!(with(url).build().is_ok(), "{url}");
        }
        assert_eq!(
            with("https://api.workos-test.com/")
                .build()
                .unwrap()
                .base_url(),
            "https://api.workos-test.com"
        );
        assert_eq!(
            with("http://localhost:1/prefix/")
                .build()
                .unwrap()
                .base_url(),
            "http://localhost:1/prefix"
        );
        assert_eq!(
            configuration_error(with("ftp://api.workos.com")),
            "refusing base URL \"ftp://api.workos.com\": the scheme must be https"
        );
        assert_eq!(
            configuration_error(with("https://user:pw@api.workos.com")),
            "refusing a base URL with credentials in it: give the API key to ClientBuilder::api_key"
        );
        assert_eq!(
            configuration_error(with("https://api.workos.com/?a=b")),
            "refusing base URL \"https://api.workos.com/?…\": it must not have a query or fragment"
        );
        assert_eq!(
            configuration_error(with("api.workos.com")),
            "invalid base URL \"api.workos.com\": relative URL without a base"
        );
    }

    /// A builder with a base URL, as every provider's defaults give one.
    fn builder() -> ClientBuilder {
        Client::builder().base_url("https://api.example.com")
    }

    #[test]
    fn keys_and_timeouts_are_checked() {
        assert_eq!(
            configuration_error(builder()),
            "no API key: set one with ClientBuilder::api_key or ClientBuilder::api_key_from_env"
        );
        assert_eq!(
            configuration_error(builder().api_key("")),
            "the API key is empty"
        );
        assert_eq!(
            configuration_error(builder().api_key("sk_\nx")),
            "the API key holds characters not allowed in an HTTP header"
        );
        assert_eq!(
            configuration_error(builder().api_key("sk_1").timeout(Duration::ZERO)),
            "the timeout must be longer than zero"
        );
        assert_eq!(
            configuration_error(builder().api_key("sk_1").deadline(Duration::ZERO)),
            "the deadline must be longer than zero"
        );
    }

    #[test]
    fn the_base_url_has_no_default() {
        assert_eq!(
            configuration_error(Client::builder().api_key("sk_test_1")),
            "no base URL: set one with ClientBuilder::base_url (the runtime has no default host)"
        );
        assert_eq!(
            Client::new("https://api.example.com/", "sk_test_1")
                .unwrap()
                .base_url(),
            "https://api.example.com"
        );
    }

    #[test]
    fn the_environment_supplies_key_and_base_url() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let from = |pairs| {
            builder()
                .api_key_from("WORKOS_API_KEY", env(pairs))
                .unwrap()
                .base_url_from("WORKOS_BASE_URL", env(pairs))
        };
        let client = from(&[
            ("WORKOS_API_KEY", "sk_test_env"),
            ("WORKOS_BASE_URL", "https://api.workos-test.com"),
        ])
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "https://api.workos-test.com");
        assert_eq!(
            client.inner.authorization.to_str().unwrap(),
            "Bearer sk_test_env"
        );
        let client = from(&[("WORKOS_API_KEY", "sk_test_env"), ("WORKOS_BASE_URL", "")])
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://api.example.com");
        match builder().api_key_from("WORKOS_API_KEY", env(&[])) {
            Err(Error::Configuration(message)) => assert_eq!(message, "WORKOS_API_KEY is not set"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn debug_output_hides_the_key() {
        let builder = Client::builder()
            .base_url("https://api.workos.com")
            .api_key("sk_test_verysecret");
        let client = builder.clone().build().unwrap();
        assert_eq!(
            format!("{client:?}"),
            format!(
                "Client {{ api_key: \"sk_…\", base_url: \"https://api.workos.com\", timeout: 30s, deadline: 120s, retry: {:?}, user_agent: \"portal-runtime/{}\", max_response_bytes: 1048576, .. }}",
                RetryPolicy::default(),
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(!format!("{builder:?}").contains("verysecret"));
        let builder = Client::builder().base_url("https://user:pw@api.workos.com/x?key=k#f");
        assert_eq!(
            format!("{builder:?}"),
            format!(
                "ClientBuilder {{ api_key: None, base_url: \"https://…@api.workos.com/x?…\", timeout: 30s, deadline: 120s, retry: {:?}, user_agent: \"portal-runtime/{}\", http: false, max_response_bytes: 1048576 }}",
                RetryPolicy::default(),
                env!("CARGO_PKG_VERSION")
            )
        );
        assert_eq!(
            configuration_error(
                builder
                    .api_key("sk_1")
                    .base_url("https://api.workos.com/?key=k")
            ),
            "refusing base URL \"https://api.workos.com/?…\": it must not have a query or fragment"
        );
        assert_eq!(
            format!("{:?}", Client::builder()),
            format!(
                "ClientBuilder {{ api_key: None, base_url: None, timeout: 30s, deadline: 120s, retry: {:?}, user_agent: \"portal-runtime/{}\", http: false, max_response_bytes: 1048576 }}",
                RetryPolicy::default(),
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(!format!("{:?}", ApiKey("other".into())).contains("other"));
    }

    #[derive(serde::Serialize)]
    struct DeleteThing {
        id: String,
        force: bool,
    }

    impl crate::validate::Validate for DeleteThing {
        fn validate_at(&self, at: &crate::validate::Path<'_>, out: &mut Violations) {
            if self.id.len() > 8 {
                out.push(Violation::new(
                    &at.key("id"),
                    "maxLength",
                    "at most 8 characters",
                    "9",
                ));
            }
        }
    }

    impl Operation for DeleteThing {
        const TOOL: &'static str = "things.delete";
        const METHOD: Method = Method::Delete;
        const PATH: &'static str = "/things/{id}";
        type Output = crate::operation::Empty;
    }

    #[test]
    fn request_parts_are_what_send_would_send() {
        let request = DeleteThing {
            id: "a b".into(),
            force: true,
        };
        assert_eq!(
            request_parts(&request, "https://api.example.test/v1/").unwrap(),
            RequestParts {
                method: Method::Delete,
                url: "https://api.example.test/v1/things/a%20b?force=true".into(),
                body: None,
            }
        );
        match request_parts(&request, "http://api.example.test") {
            Err(Error::Configuration(message)) => assert_eq!(
                message,
                "refusing base URL \"http://api.example.test\": plain http would send the API key unencrypted; use https (http is allowed only for loopback hosts)"
            ),
            other => panic!("{other:?}"),
        }
        let long = DeleteThing {
            id: "123456789".into(),
            force: false,
        };
        match request_parts(&long, "https://api.example.test") {
            Err(Error::Validation(v)) => assert_eq!(
                v.to_string(),
                "1 violation\n  /id: expected at most 8 characters, found 9 (maxLength)"
            ),
            other => panic!("{other:?}"),
        }
    }
}
