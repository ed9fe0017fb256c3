//! The client and request the sandbox tests share (each binary uses a part).
#![allow(dead_code)]

use std::time::Duration;

use portal_runtime::client::{Client, RetryPolicy};
use portal_workos::sandbox::Sandbox;
use portal_workos::{GenerateLink, Intent};

/// Retries as the default policy makes them, but without the waits.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

pub fn client(sandbox: &Sandbox, policy: RetryPolicy) -> Client {
    Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .retry_policy(policy)
        .build()
        .unwrap()
}

pub fn sso(organization: &str) -> GenerateLink {
    GenerateLink::builder()
        .organization(organization)
        .intent(Intent::Sso)
        .build()
}
