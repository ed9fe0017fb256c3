//! Redirects are refused, never followed, by the REST client and the MCP client alike: the
//! request carries the credential (and the MCP session id and the body), and reqwest's own policy
//! would hand them to whatever host a 307 names. The host a redirect names is a sandbox that
//! counts what reaches it: nothing may.

use portal_runtime::Error;
use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::mcp::{Era, McpClient};
use portal_workos::sandbox::Sandbox;

use crate::raw_http;
use crate::sandbox_client;
use raw_http::{Behaviour, RawServer};
use sandbox_client::sso;

/// The redirect statuses that keep the method and body (307, 308) and the two that browsers turn
/// into a GET (301, 302): none is followed.
const STATUSES: [u16; 4] = [307, 308, 301, 302];

/// The places a redirect points to: another port on the same address (another origin), and
/// plain `http` on another host name for the same machine. The query and userinfo carry secrets
/// that must not reach the error text.
fn targets(target: &Sandbox) -> [(String, String); 2] {
    let port = target.addr().port();
    [
        (
            format!("http://127.0.0.1:{port}/portal/generate_link?token=s3cret"),
            format!("http://127.0.0.1:{port}/portal/generate_link"),
        ),
        (
            format!("http://user:s3cret@localhost:{port}/steal#frag"),
            format!("http://localhost:{port}/steal"),
        ),
    ]
}

fn redirector(status: u16, location: &str) -> RawServer {
    RawServer::start(Behaviour::Redirect {
        status,
        location: location.to_owned(),
    })
}

fn rest_client(base_url: &str) -> Client {
    Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(base_url)
        .retry_policy(RetryPolicy::default())
        .build()
        .unwrap()
}

fn assert_refused(error: &Error, status: u16, shown: &str) {
    assert_eq!(
        error.to_string(),
        format!("the server answered {status} redirecting to {shown}; redirects are not followed")
    );
    assert!(
        matches!(error, Error::Redirect { status: s, location, request_id: Some(id) }
            if *s == status && location == shown && id == "req_redirect"),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(status));
    assert_eq!(error.request_id(), Some("req_redirect"));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn the_rest_client_refuses_every_redirect_and_sends_nothing_to_its_target() {
    let target = Sandbox::start().await.unwrap();
    for status in STATUSES {
        for (location, shown) in targets(&target) {
            let server = redirector(status, &location);

            let error = rest_client(&server.base_url())
                .send(&sso("org_test"))
                .await
                .unwrap_err();

            assert_refused(&error, status, &shown);
            assert_eq!(server.requests(), 1, "{status} {location}: never retried");
        }
    }
    assert_eq!(
        target.requests().len(),
        0,
        "nothing reached the redirect target"
    );
}

#[tokio::test]
async fn a_relative_location_is_shown_resolved() {
    let server = redirector(307, "/elsewhere?token=s3cret");
    let error = rest_client(&server.base_url())
        .send(&sso("org_test"))
        .await
        .unwrap_err();
    assert_refused(
        &error,
        307,
        &format!("http://127.0.0.1:{}/elsewhere", server.port()),
    );
}

#[tokio::test]
async fn the_mcp_client_refuses_every_redirect_and_sends_nothing_to_its_target() {
    let target = Sandbox::start().await.unwrap();
    for era in [Era::Auto, Era::Modern, Era::Legacy] {
        for status in STATUSES {
            for (location, shown) in targets(&target) {
                let server = redirector(status, &location);
                let client = McpClient::builder()
                    .endpoint(format!("{}/mcp", server.base_url()))
                    .credential_header("x-bearer", Sandbox::API_KEY)
                    .era(era)
                    .build()
                    .unwrap();

                let error = client
                    .call_tool(
                        "portal.generate_link.create",
                        serde_json::json!({"organization": "org_test", "intent": "sso"}),
                    )
                    .await
                    .unwrap_err();

                assert_refused(&error, status, &shown);
                assert_eq!(server.requests(), 1, "{era:?} {status} {location}");
            }
        }
    }
    assert_eq!(
        target.requests().len(),
        0,
        "nothing reached the redirect target"
    );
}

/// A client given to `with_http_client` that follows redirects has sent the request on before
/// the runtime sees anything; its answer is refused all the same, naming the fix.
#[tokio::test]
async fn an_answer_reached_through_a_followed_redirect_is_refused() {
    let target = Sandbox::start().await.unwrap();
    let location = format!("{}/portal/generate_link?token=s3cret", target.base_url());
    let server = redirector(307, &location);
    let following = portal_tests::plain_http();

    let error = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::default())
        .with_http_client(following.clone())
        .build()
        .unwrap()
        .send(&sso("org_test"))
        .await
        .unwrap_err();
    let message = format!(
        "configuration error: the HTTP client followed a redirect to {}/portal/generate_link; give with_http_client a client built with .redirect(reqwest::redirect::Policy::none())",
        target.base_url()
    );
    assert_eq!(error.to_string(), message);
    assert!(!error.is_retryable());

    let error = McpClient::builder()
        .endpoint(format!("{}/mcp", server.base_url()))
        .credential_header("x-bearer", Sandbox::API_KEY)
        .era(Era::Modern)
        .with_http_client(following)
        .build()
        .unwrap()
        .call_tool("portal.generate_link.create", serde_json::json!({}))
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), message);
    // The following client did hand the request over: that is why it must not be used.
    assert_eq!(target.requests().len(), 2);
}
