//! The builder layer: what an [`McpClient`] is configured with, checked once by
//! [`McpClientBuilder::build`] so that a call never meets a bad endpoint or credential.

use std::fmt;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::drift::{DriftPolicy, Watch};
use super::{
    Credential, DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Era, Inner,
    LEGACY_VERSION, MODERN_VERSION, McpClient, State,
};
use crate::catalog::Catalog;
use crate::error::{Error, redact_url};
use crate::http::{DEFAULT_USER_AGENT, default_http_client, is_loopback};

/// Configuration of an [`McpClient`]; [`build`](Self::build) checks it.
///
/// Its `Debug` output never shows the credential.
#[derive(Clone)]
pub struct McpClientBuilder {
    endpoint: Option<String>,
    credential: Option<(String, String)>,
    timeout: Duration,
    deadline: Duration,
    era: Era,
    client_name: String,
    client_version: String,
    user_agent: String,
    max_response_bytes: usize,
    http: Option<reqwest::Client>,
    catalog: Option<&'static Catalog>,
    drift_policy: DriftPolicy,
}

impl fmt::Debug for McpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("McpClientBuilder")
            .field("endpoint", &self.endpoint.as_deref().map(redact_url))
            .field(
                "credential",
                &self
                    .credential
                    .as_ref()
                    .map(|(name, _)| format!("{name}: …")),
            )
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("era", &self.era)
            .field("client_name", &self.client_name)
            .field("client_version", &self.client_version)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Default for McpClientBuilder {
    fn default() -> Self {
        McpClientBuilder {
            endpoint: None,
            credential: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            era: Era::Auto,
            client_name: "portal-runtime".to_owned(),
            client_version: env!("CARGO_PKG_VERSION").to_owned(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            http: None,
            catalog: None,
            drift_policy: DriftPolicy::Warn,
        }
    }
}

impl McpClientBuilder {
    /// The endpoint URL (`https://host/mcp`). It must be `https`, except for loopback hosts
    /// (`127.0.0.0/8`, `::1`, `localhost`), where plain `http` is allowed for local servers.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Sends `Authorization: Bearer <token>` on every request.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credential = Some((
            "authorization".to_owned(),
            format!("Bearer {}", token.into()),
        ));
        self
    }

    /// Sends the credential in header `name` as it is, e.g. `x-bearer: sk_…` for the hosted
    /// WorkOS server. Replaces a [`bearer_token`](Self::bearer_token).
    pub fn credential_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.credential = Some((name.into(), value.into()));
        self
    }

    /// How long one HTTP exchange may take, from connecting until the response to the request
    /// has arrived ([`DEFAULT_TIMEOUT`] unless set), error bodies included. A legacy handshake is
    /// two more exchanges, each with the same bound; the [deadline](Self::deadline) bounds them
    /// all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one call may take as a whole ([`DEFAULT_DEADLINE`] unless set): every exchange of
    /// [`McpClient::send`], [`McpClient::call_tool`], [`McpClient::list_tools`] (all pages) or
    /// [`McpClient::close`], the legacy handshake, a retry with another version, a fresh session
    /// after an expired one and the era fallback included. A call still running when it passes
    /// ends with [`Error::Deadline`]; each exchange is also bounded by
    /// [`timeout`](Self::timeout).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The protocol era ([`Era::Auto`] unless set).
    pub fn era(mut self, era: Era) -> Self {
        self.era = era;
        self
    }

    /// The `clientInfo` sent to the server (`portal-runtime` and this crate's version unless
    /// set).
    pub fn client_info(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.client_name = name.into();
        self.client_version = version.into();
        self
    }

    /// The `User-Agent` header (`portal-runtime/<version>` unless set).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest answer read, in bytes ([`DEFAULT_MAX_RESPONSE_BYTES`] unless set): a JSON body,
    /// or everything read from an event stream up to the response. A larger answer is an
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sends through `http` instead of a client built here (a shared pool, a proxy, TLS of your
    /// choice). Timeouts and headers are still applied per request.
    ///
    /// `http` must not follow redirects (build it with
    /// `.redirect(reqwest::redirect::Policy::none())`): reqwest's default would carry the
    /// credential header, the session id and the body to the redirect's host. An answer such a
    /// client reached through a redirect is refused with [`Error::Configuration`].
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The catalog this binary was compiled against (a `catalog!` expansion's `CATALOG`): the
    /// client compares the server's `tools/list` with it at the first call, and again on the
    /// first call after the server sends `notifications/tools/list_changed`, and applies the
    /// [drift policy](Self::drift_policy) ([`DriftPolicy::Warn`] unless set). See
    /// [`McpClient::check_drift`].
    ///
    /// The client reads server notifications only on the event streams that answer its own
    /// requests (it opens no standalone `GET` stream): a server that announces a changed list
    /// elsewhere (rmcp's legacy sessions send it on the `GET` stream) is seen again only through
    /// [`McpClient::check_drift`].
    pub fn catalog(mut self, catalog: &'static Catalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// What calls do about drift from the [catalog](Self::catalog) ([`DriftPolicy::Warn`] unless
    /// set). Without a catalog it has no effect.
    pub fn drift_policy(mut self, policy: DriftPolicy) -> Self {
        self.drift_policy = policy;
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// Fails with [`Error::Configuration`] when the endpoint is missing, not an absolute `https`
    /// URL (or `http` on a loopback host), or carries credentials or a fragment; when the
    /// credential header's name or value is not valid in HTTP; or when the timeout or the deadline
    /// is zero.
    pub fn build(self) -> Result<McpClient, Error> {
        let config = |message: String| Error::Configuration(message);
        let url = self.endpoint.ok_or_else(|| {
            config("no MCP endpoint: set one with McpClientBuilder::endpoint".into())
        })?;
        let endpoint = checked_endpoint(&url)?;
        let credential = match self.credential {
            None => None,
            Some((name, value)) => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| config(format!("{name:?} is not a valid HTTP header name")))?;
                if value.is_empty() || value == "Bearer " {
                    return Err(config("the credential is empty".into()));
                }
                let mut value = HeaderValue::from_str(&value).map_err(|_| {
                    config("the credential holds characters not allowed in an HTTP header".into())
                })?;
                value.set_sensitive(true);
                Some(Credential { name, value })
            }
        };
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            config("the user agent holds characters not allowed in an HTTP header".into())
        })?;
        if self.timeout.is_zero() {
            return Err(config("the timeout must be longer than zero".into()));
        }
        if self.deadline.is_zero() {
            return Err(config("the deadline must be longer than zero".into()));
        }
        let http = match self.http {
            Some(http) => http,
            None => default_http_client(&endpoint)?,
        };
        let state = match self.era {
            Era::Auto => State::Unknown,
            Era::Modern => State::Modern {
                version: MODERN_VERSION.to_owned(),
            },
            Era::Legacy => State::Legacy {
                version: LEGACY_VERSION.to_owned(),
                session: None,
                pinned: true,
            },
        };
        Ok(McpClient {
            inner: Arc::new(Inner {
                http,
                endpoint,
                credential,
                timeout: self.timeout,
                deadline: self.deadline,
                era: self.era,
                client_info: serde_json::json!({
                    "name": self.client_name,
                    "version": self.client_version,
                }),
                user_agent,
                max_response_bytes: self.max_response_bytes,
                state: Mutex::new(state),
                handshake: tokio::sync::Mutex::new(()),
                next_id: AtomicU64::new(1),
                drift: self
                    .catalog
                    .map(|catalog| Box::new(Watch::new(catalog, self.drift_policy))),
            }),
        })
    }
}

fn checked_endpoint(url: &str) -> Result<reqwest::Url, Error> {
    // The URL is echoed without its userinfo and query: either may hold a secret.
    let shown = redact_url(url);
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::Configuration(format!("invalid MCP endpoint {shown:?}: {e}")))?;
    let refuse =
        |why: &str| Error::Configuration(format!("refusing MCP endpoint {shown:?}: {why}"));
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refuse(
            "give the credential to McpClientBuilder, not in the URL",
        ));
    }
    if parsed.fragment().is_some() {
        return Err(refuse("it must not have a fragment"));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if parsed.host_str().is_some_and(is_loopback) => {}
        "http" => {
            return Err(refuse(
                "plain http would send the credential unencrypted; use https (http is allowed only for loopback hosts)",
            ));
        }
        _ => return Err(refuse("the scheme must be https")),
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configuration_error(builder: McpClientBuilder) -> String {
        match builder.build() {
            Err(Error::Configuration(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn endpoints_and_credentials_are_checked() {
        let with = |url: &str| McpClient::builder().endpoint(url);
        assert_eq!(
            configuration_error(McpClient::builder()),
            "no MCP endpoint: set one with McpClientBuilder::endpoint"
        );
        assert_eq!(
            configuration_error(with("http://mcp.example.com/mcp")),
            "refusing MCP endpoint \"http://mcp.example.com/mcp\": plain http would send the credential unencrypted; use https (http is allowed only for loopback hosts)"
        );
        assert_eq!(
            configuration_error(with("https://u:p@mcp.example.com/mcp")),
            "refusing MCP endpoint \"https://…@mcp.example.com/mcp\": give the credential to McpClientBuilder, not in the URL"
        );
        assert_eq!(
            configuration_error(
                with("http://127.0.0.1:1/mcp").credential_header("x bearer", "sk_1")
            ),
            "\"x bearer\" is not a valid HTTP header name"
        );
        assert_eq!(
            configuration_error(with("http://127.0.0.1:1/mcp").bearer_token("")),
            "the credential is empty"
        );
        assert_eq!(
            configuration_error(with("http://127.0.0.1:1/mcp").deadline(Duration::ZERO)),
            "the deadline must be longer than zero"
        );
        let client = with("http://127.0.0.1:1/mcp")
            .credential_header("x-bearer", "sk_test_secret")
            .build()
            .unwrap();
        assert_eq!(client.era(), None);
        assert_eq!(
            format!("{client:?}"),
            "McpClient { endpoint: \"http://127.0.0.1:1/mcp\", credential: Some(x-bearer: …), timeout: 30s, deadline: 120s, era: Auto, max_response_bytes: 1048576, .. }"
        );
        let keyed = with("http://127.0.0.1:1/mcp?key=s3cret");
        assert_eq!(
            format!("{keyed:?}"),
            format!(
                "McpClientBuilder {{ endpoint: Some(\"http://127.0.0.1:1/mcp?…\"), credential: None, timeout: 30s, deadline: 120s, era: Auto, client_name: \"portal-runtime\", client_version: \"{}\", max_response_bytes: 1048576, .. }}",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(!format!("{:?}", keyed.build().unwrap()).contains("s3cret"));
        assert_eq!(
            configuration_error(with("http://mcp.example.com/mcp?key=s3cret")),
            "refusing MCP endpoint \"http://mcp.example.com/mcp?…\": plain http would send the credential unencrypted; use https (http is allowed only for loopback hosts)"
        );
        let forced = with("http://localhost:1/mcp")
            .era(Era::Legacy)
            .build()
            .unwrap();
        assert_eq!(forced.era(), Some(Era::Legacy));
        assert_eq!(forced.protocol_version(), None);
    }
}
