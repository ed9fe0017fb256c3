//! Bindings for the whole WorkOS API, generated at build time: [`api`], a module per operation
//! (170, imported from WorkOS's OpenAPI document into `schemas/api/`: request, output, documented
//! errors and REST binding of each), and WorkOS's `portal.generate_link.create` tool
//! (`POST /portal/generate_link`) as its MCP server publishes it, from
//! `schemas/workos/portal.generate_link.create.json` and the reviewed corrections in
//! `schemas/workos/portal.generate_link.create.patch.json`; with WorkOS's client defaults and
//! (feature `sandbox`) an in-process model of the API for tests.
//!
//! The request is [`GenerateLink`], its answer [`PortalLink`]; both are checked against the schema
//! by the traits of [`prelude`] (from `portal-runtime`, re-exported here as [`portal_runtime`]):
//!
//! ```
//! use portal_workos::prelude::*;
//! use portal_workos::{GenerateLink, Intent};
//!
//! let request = GenerateLink::builder()
//!     .organization("org_01EHZNVPK3SFK441A1RGBFSHRT")
//!     .intent(Intent::Sso)
//!     .build();
//! assert!(request.validate().is_ok());
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"intent":"sso","organization":"org_01EHZNVPK3SFK441A1RGBFSHRT"}"#
//! );
//!
//! let errors = GenerateLink::from_json(r#"{"intent": "bogus"}"#).unwrap_err();
//! assert_eq!(errors.to_string(), "2 violations\n  /intent: expected one of \"sso\", \"dsync\", \"audit_logs\", \"log_streams\", \"domain_verification\", \"certificate_renewal\", \"bring_your_own_key\", found \"bogus\" (enum)\n  /organization: expected a value, found none (required)");
//! ```
//!
//! Sending it (feature `client`, on by default) goes through `portal-runtime`'s provider-neutral
//! [`Client`](portal_runtime::Client); [`client`] and [`builder`] give it WorkOS's base URL
//! ([`DEFAULT_BASE_URL`]) and environment variables ([`API_KEY_VAR`], [`BASE_URL_VAR`]):
//!
//! ```no_run
//! use portal_workos::{GenerateLink, Intent};
//!
//! # async fn run() -> Result<(), portal_workos::portal_runtime::Error> {
//! // WORKOS_API_KEY, and WORKOS_BASE_URL when set (e.g. the staging host).
//! let client = portal_workos::client()?;
//! let request = GenerateLink::builder().organization("org_123").intent(Intent::Sso).build();
//! let portal = client.send(&request).await?;
//! // `portal.link` is a bearer secret valid for five minutes: hand it to the user, don't log it.
//! # let _ = portal;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

#[cfg(feature = "sandbox")]
mod random;
#[cfg(feature = "sandbox")]
pub mod sandbox;

/// The runtime the bindings plug into, for its client, errors and traits without a second
/// dependency (and at the very version these bindings were generated for).
pub use portal_runtime;

/// The traits a user of the bindings needs in scope ([`Validate`](portal_runtime::Validate),
/// [`FromJson`](portal_runtime::FromJson), [`Operation`](portal_runtime::Operation)).
pub mod prelude {
    pub use portal_runtime::prelude::*;
}

portal_macros::tool! {
    schema: "schemas/workos/portal.generate_link.create.json",
    patch: "schemas/workos/portal.generate_link.create.patch.json",
    name: GenerateLink,
}

portal_macros::catalog!(dir = "schemas/api", module = api);

/// The API's production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.workos.com";
/// The environment variable [`client`] reads the API key from.
pub const API_KEY_VAR: &str = "WORKOS_API_KEY";
/// The environment variable [`client`] reads the base URL from, when it is set and not empty.
pub const BASE_URL_VAR: &str = "WORKOS_BASE_URL";

/// A client builder with WorkOS's defaults: the base URL [`DEFAULT_BASE_URL`], and the runtime's
/// timeouts and retries. Give it a key with
/// [`api_key`](portal_runtime::ClientBuilder::api_key), or read one with
/// [`api_key_from_env`](portal_runtime::ClientBuilder::api_key_from_env)`(API_KEY_VAR)`.
#[cfg(feature = "client")]
pub fn builder() -> portal_runtime::ClientBuilder {
    portal_runtime::Client::builder().base_url(DEFAULT_BASE_URL)
}

/// A client with WorkOS's defaults, the API key from `WORKOS_API_KEY` and the base URL from
/// `WORKOS_BASE_URL` when that is set and not empty ([`DEFAULT_BASE_URL`] otherwise).
///
/// Fails with [`Error::Configuration`](portal_runtime::Error::Configuration) when the key is not
/// set, or as [`ClientBuilder::build`](portal_runtime::ClientBuilder::build) does.
#[cfg(feature = "client")]
pub fn client() -> Result<portal_runtime::Client, portal_runtime::Error> {
    builder()
        .api_key_from_env(API_KEY_VAR)?
        .base_url_from_env(BASE_URL_VAR)
        .build()
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use portal_runtime::RetryPolicy;

    #[test]
    fn the_builder_has_the_workos_base_url() {
        let builder = super::builder().api_key("sk_test_verysecret");
        let client = builder.clone().build().unwrap();
        assert_eq!(client.base_url(), super::DEFAULT_BASE_URL);
        assert_eq!(
            format!("{client:?}"),
            format!(
                "Client {{ api_key: \"sk_…\", base_url: \"https://api.workos.com\", timeout: 30s, deadline: 120s, retry: {:?}, user_agent: {:?}, max_response_bytes: 1048576, .. }}",
                RetryPolicy::default(),
                portal_runtime::client::DEFAULT_USER_AGENT
            )
        );
        assert!(!format!("{builder:?}").contains("verysecret"));
    }
}
