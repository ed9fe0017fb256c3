//! The HTTP plumbing under both clients, the REST [`Client`](crate::client::Client) and the
//! [`McpClient`](crate::mcp::McpClient): the reqwest client they build (TLS, redirects, proxies),
//! the bounded reading of a body, the response headers they read (`X-Request-ID`,
//! `Retry-After`), the time bounds of one exchange and of one call, and the mapping of reqwest's
//! errors. Both clients answer the same questions the same way because they ask them here.

use std::future::Future;
use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap};

use crate::error::{Error, redact_url};

/// The `User-Agent` sent unless configured otherwise: `portal-runtime/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("portal-runtime/", env!("CARGO_PKG_VERSION"));

const REQUEST_ID: &str = "x-request-id";

/// Whether `host` (as a URL spells it, IPv6 in brackets) is the local machine.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The HTTP client built when none is given for `target` (the base URL or MCP endpoint):
/// HTTP/1.1, no redirects, no proxy for a loopback target, and rustls with the `ring` provider
/// for `https` when the `rustls` feature is on.
///
/// Redirects are refused, not followed. reqwest's default policy follows up to ten and strips
/// only `Authorization` and cookies on a hop to another origin, so an MCP credential header
/// (`x-bearer`), `Mcp-Session-Id`, the JSON body and a `Referer` would reach whatever host a 307
/// names, plain `http` included. Neither the API nor an MCP endpoint redirects a valid request,
/// so a redirect means a wrong base URL or an attacker in the path; refusing it (the caller sees
/// [`Error::Redirect`] with the target) is safe and loses nothing. Following only same-origin
/// hops would still need every custom credential header tracked and stripped, for no use.
///
/// `ring` rather than reqwest's default `aws-lc-rs`: `aws-lc-rs` compiles the AWS-LC C library
/// (needing CMake or a large `cc` build on some targets, and minutes of build time on a small
/// machine), while `ring` builds from a few C and assembly files in seconds and is as fast for the
/// handful of handshakes a client like this makes. The configuration is passed to reqwest
/// directly, so no process-wide crypto provider is installed behind the application's back.
pub(crate) fn default_http_client(target: &reqwest::Url) -> Result<reqwest::Client, Error> {
    let https = target.scheme() == "https";
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if bypasses_proxy(target) {
        builder = builder.no_proxy();
    }
    #[cfg(feature = "rustls")]
    let builder = {
        let _ = https;
        builder.tls_backend_preconfigured(rustls_config()?)
    };
    #[cfg(not(feature = "rustls"))]
    if https {
        return Err(Error::Configuration(
            "an https base URL needs the `rustls` feature of portal-runtime, or an HTTP client with TLS given to ClientBuilder::with_http_client"
                .to_owned(),
        ));
    }
    builder.build().map_err(|e| {
        Error::Configuration(format!("the HTTP client cannot be built: {}", chain(&e)))
    })
}

/// Whether requests to `target` skip the proxies reqwest reads from `HTTP_PROXY`, `HTTPS_PROXY`
/// and `ALL_PROXY`: yes for a loopback host. Traffic to loopback is a local server (the sandbox,
/// a development server) reached over plain `http`; through a proxy the credential would cross
/// the network in the clear, and the proxy could answer in the local server's place.
pub(crate) fn bypasses_proxy(target: &reqwest::Url) -> bool {
    target.host_str().is_some_and(is_loopback)
}

#[cfg(feature = "rustls")]
fn rustls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls_error = |e: rustls::Error| Error::Configuration(format!("TLS setup failed: {e}"));
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .with_platform_verifier()
        .map_err(tls_error)?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Refuses a response that is a redirect (a 3xx with a `Location`), or that the HTTP client
/// reached by following one: see [`default_http_client`] for why redirects are not followed.
pub(crate) fn refuse_redirect(
    response: &reqwest::Response,
    requested: &reqwest::Url,
) -> Result<(), Error> {
    if response.url() != requested {
        // Only a client from `with_http_client` follows redirects. The request went to the new
        // location already; refusing its answer keeps a response from a host the caller never
        // named out of the result, and the error (never retried) says how to fix the client.
        return Err(Error::Configuration(format!(
            "the HTTP client followed a redirect to {}; give with_http_client a client built with .redirect(reqwest::redirect::Policy::none())",
            url_without_secrets(response.url())
        )));
    }
    let status = response.status();
    if !status.is_redirection() {
        return Ok(());
    }
    let Some(location) = response.headers().get(header::LOCATION) else {
        return Ok(());
    };
    let location = String::from_utf8_lossy(location.as_bytes());
    let location = match requested.join(location.trim()) {
        Ok(url) => url_without_secrets(&url),
        Err(_) => redact_url(location.split(['?', '#']).next().unwrap_or_default()),
    };
    Err(Error::Redirect {
        status: status.as_u16(),
        location,
        request_id: response_request_id(response.headers()),
    })
}

/// `url` without userinfo, query and fragment, for an error message.
fn url_without_secrets(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.into()
}

/// The `X-Request-ID` of a response, which every WorkOS answer carries.
pub(crate) fn response_request_id(headers: &HeaderMap) -> Option<String> {
    header_text(headers, REQUEST_ID)
}

/// The `Retry-After` of a response (seconds or an HTTP date) as a wait from now.
pub(crate) fn response_retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()))
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP-date in any of the three
/// forms RFC 9110 §5.6.7 requires recipients to accept (IMF-fixdate, the obsolete RFC 850 form and
/// asctime), measured from `now`. A date in the past means no wait (the retry policy applies
/// [`MIN_RETRY_AFTER`](crate::client::MIN_RETRY_AFTER)).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    // httpdate (hyper's own date crate, so already built) parses exactly the three forms.
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A header's value as text, when it is visible ASCII.
pub(crate) fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `value` as a header value, or the configuration error that says why it cannot be one.
#[cfg(feature = "mcp")]
pub(crate) fn header_value(value: &str) -> Result<header::HeaderValue, Error> {
    header::HeaderValue::from_str(value).map_err(|e| {
        Error::Configuration(format!(
            "{value:?} cannot be sent as a header: {}",
            chain(&e)
        ))
    })
}

/// Reads the whole body, refusing one longer than `limit`: a declared `Content-Length` over
/// the limit is refused before reading, and a streamed body as soon as it passes the limit.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
    status: u16,
    request_id: &Option<String>,
    attempt: u32,
) -> Result<Vec<u8>, Error> {
    let too_large = || Error::ResponseTooLarge {
        status,
        request_id: request_id.clone(),
        limit,
    };
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    // The declared length is at most `limit` here, so it fits a `usize`.
    let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, attempt))? {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Runs one exchange (connecting, sending, and reading the answer as far as the caller reads it)
/// within `timeout`: [`Error::Timeout`] naming `attempt` when it passes.
///
/// The exchange holds reqwest's connection, request and body futures: kilobytes of state. It is
/// boxed, and this is no `async fn` (which would keep the argument beside its own copy of it), so
/// the call around it (a retry loop, a handshake, an era fallback) stays a small future for the
/// caller to hold, move and poll, for one allocation per round trip.
pub(crate) fn exchange<T>(
    timeout: Duration,
    attempt: u32,
    exchange: impl Future<Output = Result<T, Error>>,
) -> impl Future<Output = Result<T, Error>> {
    let timed = tokio::time::timeout(timeout, Box::pin(exchange));
    async move {
        match timed.await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                after: timeout,
                attempt,
            }),
        }
    }
}

/// When one call (every exchange, wait and set-up it makes) must be over.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    ends: tokio::time::Instant,
    after: Duration,
}

impl Deadline {
    /// The deadline `after` from now.
    pub(crate) fn start(after: Duration) -> Deadline {
        Deadline {
            ends: tokio::time::Instant::now() + after,
            after,
        }
    }

    /// Whether a wait of `wait` from now would still end before the deadline.
    pub(crate) fn leaves_room_for(&self, wait: Duration) -> bool {
        tokio::time::Instant::now() + wait < self.ends
    }

    /// Runs `call` until it ends or the deadline passes ([`Error::Deadline`]). Boxed, and no
    /// `async fn`, for the reason [`exchange`] gives.
    pub(crate) fn run<T>(
        self,
        call: impl Future<Output = Result<T, Error>>,
    ) -> impl Future<Output = Result<T, Error>> {
        let after = self.after;
        let timed = tokio::time::timeout_at(self.ends, Box::pin(call));
        async move {
            match timed.await {
                Ok(result) => result,
                Err(_) => Err(Error::Deadline { after }),
            }
        }
    }
}

/// A reqwest error as [`Error::Transport`] of `attempt` (or [`Error::Configuration`] for a
/// request that could not be built), its URL without secrets.
pub(crate) fn transport(mut error: reqwest::Error, attempt: u32) -> Error {
    // reqwest's message (and its Debug) names the URL, and an MCP endpoint may carry a key in
    // its query: the URL is kept without userinfo, query and fragment.
    if let Some(url) = error.url_mut() {
        let _ = url.set_username("");
        let _ = url.set_password(None);
        url.set_query(None);
        url.set_fragment(None);
    }
    if error.is_builder() {
        return Error::Configuration(format!("the request cannot be built: {}", chain(&error)));
    }
    Error::Transport {
        attempt,
        message: chain(&error),
        source: Box::new(error),
    }
}

/// An error and its causes, joined by `": "`.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn only_loopback_targets_bypass_the_proxy() {
        let bypass = |url: &str| bypasses_proxy(&reqwest::Url::parse(url).unwrap());
        for url in [
            "http://127.0.0.1:8080/",
            "http://127.9.9.9/",
            "http://[::1]:1/mcp",
            "http://localhost/",
            "https://LocalHost:443/",
        ] {
            assert!(bypass(url), "{url}");
        }
        for url in [
            "https://api.workos.com/",
            "http://127.0.0.1.example.com/",
            "http://10.0.0.1/",
            "http://[::2]/",
            "http://localhost.example.com/",
        ] {
            assert!(!bypass(url), "{url}");
        }
    }

    #[test]
    fn response_headers_are_read_as_text() {
        let mut headers = HeaderMap::new();
        headers.insert(REQUEST_ID, HeaderValue::from_static("req_1"));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static(" 7 "));
        assert_eq!(response_request_id(&headers).as_deref(), Some("req_1"));
        assert_eq!(response_retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(REQUEST_ID, HeaderValue::from_bytes(b"req_\xff").unwrap());
        assert_eq!(response_request_id(&headers), None);
    }

    #[cfg(feature = "mcp")]
    #[test]
    fn header_values_that_http_refuses_are_configuration_errors() {
        match header_value("a\nb") {
            Err(Error::Configuration(message)) => assert_eq!(
                message,
                "\"a\\nb\" cannot be sent as a header: failed to parse header value"
            ),
            other => panic!("{other:?}"),
        }
    }
}
