//! The REST client against the sandbox, over real loopback HTTP: what goes on the wire, how every
//! kind of failure comes back, and how retries behave.

use std::time::{Duration, Instant};

use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::{ApiError, Error, FieldError, Method, Operation};
use portal_runtime::{Path, Validate, Violations};
use portal_workos::sandbox::{Fault, RecordedRequest, Sandbox, SandboxConfig};
use portal_workos::{GenerateLink, Intent};

use crate::raw_http;
use crate::sandbox_client;
use raw_http::{Behaviour, RawServer};
use sandbox_client::{client, fast_retries, sso};

const USER_AGENT: &str = concat!("portal-runtime/", env!("CARGO_PKG_VERSION"));

fn api_error(error: Error) -> ApiError {
    match error {
        Error::Api(e) => *e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The headers of a recorded request, with the idempotency key checked for shape and blanked.
fn headers_without_key(request: &RecordedRequest) -> Vec<(String, String)> {
    request
        .headers
        .iter()
        .map(|(name, value)| {
            if name == "idempotency-key" {
                assert_uuid_v4(value);
                (name.clone(), "<uuid>".to_owned())
            } else {
                (name.clone(), value.clone())
            }
        })
        .collect()
}

fn assert_uuid_v4(value: &str) {
    let groups: Vec<&str> = value.split('-').collect();
    assert_eq!(
        groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12],
        "{value}"
    );
    assert!(groups[2].starts_with('4'), "{value}");
    assert!(
        value
            .bytes()
            .all(|b| b == b'-' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{value}"
    );
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn a_link_comes_back_and_the_server_sees_exactly_this_request() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, RetryPolicy::none());
    let request = GenerateLink::builder()
        .organization("org_test")
        .intent(Intent::DomainVerification)
        .return_url("https://app.example.com/settings")
        .admin_emails(vec!["it@example.com".to_owned()])
        .build();

    let portal = client.send(&request).await.unwrap();

    assert_eq!(sandbox.links(), std::slice::from_ref(&portal.link));
    assert!(
        portal.link.starts_with("https://setup.workos.com?token="),
        "{}",
        portal.link
    );
    let seen = sandbox.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/portal/generate_link");
    assert_eq!(
        seen[0].body_str(),
        Some(
            r#"{"intent":"domain_verification","return_url":"https://app.example.com/settings","admin_emails":["it@example.com"],"organization":"org_test"}"#
        )
    );
    let host = sandbox.addr().to_string();
    assert_eq!(
        headers_without_key(&seen[0]),
        pairs(&[
            ("authorization", "Bearer sk_test_sandbox"),
            ("accept", "application/json"),
            ("user-agent", USER_AGENT),
            ("idempotency-key", "<uuid>"),
            ("content-type", "application/json"),
            ("host", &host),
            ("content-length", "140"),
        ])
    );
}

#[tokio::test]
async fn both_200_and_201_are_success() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::Respond {
        status: 200,
        headers: vec![],
        body: r#"{"link":"https://setup.workos.com?token=from200"}"#.to_owned(),
    });
    let portal = client(&sandbox, RetryPolicy::none())
        .send(&sso("org_test"))
        .await
        .unwrap();
    assert_eq!(portal.link, "https://setup.workos.com?token=from200");
}

#[tokio::test]
async fn an_invalid_request_never_reaches_the_server() {
    let sandbox = Sandbox::start().await.unwrap();
    let emails: Vec<String> = (0..21).map(|i| format!("it{i}@example.com")).collect();
    let request = GenerateLink::builder()
        .organization("org_test")
        .admin_emails(emails)
        .build();

    let error = client(&sandbox, RetryPolicy::default())
        .send(&request)
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "invalid request: 1 violation\n  /admin_emails: expected at most 20 items, found 21 (maxItems)"
    );
    assert!(matches!(error, Error::Validation(_)));
    assert_eq!(
        (error.status(), error.request_id(), error.is_retryable()),
        (None, None, false)
    );
    assert_eq!(sandbox.requests(), []);
}

#[tokio::test]
async fn a_bad_key_is_401_with_its_request_id() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = Client::builder()
        .api_key("not_a_workos_key")
        .base_url(sandbox.base_url())
        .build()
        .unwrap();

    let error = client.send(&sso("org_test")).await.unwrap_err();

    let seen = sandbox.requests();
    assert_eq!(seen.len(), 1, "a 401 is not retried");
    let id = &seen[0].request_id;
    assert_eq!(
        error.to_string(),
        format!("API error 401 unauthorized: Unauthorized (request id {id})")
    );
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.request_id(), Some(id.as_str()));
    assert!(!error.is_retryable());
    assert_eq!(
        api_error(error),
        ApiError {
            status: 401,
            code: Some("unauthorized".to_owned()),
            message: "Unauthorized".to_owned(),
            errors: vec![],
            request_id: Some(id.clone()),
            retry_after: None,
            body: r#"{"message":"Unauthorized","code":"unauthorized"}"#.to_owned(),
            json: Some(serde_json::json!({"message": "Unauthorized", "code": "unauthorized"})),
        }
    );
}

#[tokio::test]
async fn an_unknown_organization_is_404() {
    let sandbox = Sandbox::start().await.unwrap();
    let error = client(&sandbox, RetryPolicy::default())
        .send(&sso("org_missing"))
        .await
        .unwrap_err();
    let seen = sandbox.requests();
    assert_eq!(seen.len(), 1);
    let id = &seen[0].request_id;
    assert_eq!(
        error.to_string(),
        format!(
            "API error 404: Could not find an organization with the id, org_missing. (request id {id})"
        )
    );
    let e = api_error(error);
    assert_eq!((e.status, e.code, e.errors), (404, None, vec![]));
    assert_eq!(
        e.body,
        r#"{"message":"Could not find an organization with the id, org_missing."}"#
    );
}

#[tokio::test]
async fn a_server_side_validation_failure_is_422_with_field_errors() {
    // The current API docs make `intent` optional; WorkOS's emulator still requires it.
    let sandbox = Sandbox::start_with(SandboxConfig::default().require_intent(true))
        .await
        .unwrap();
    let request = GenerateLink::builder().organization("org_test").build();

    let error = client(&sandbox, RetryPolicy::default())
        .send(&request)
        .await
        .unwrap_err();

    let seen = sandbox.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body_str(), Some(r#"{"organization":"org_test"}"#));
    let id = &seen[0].request_id;
    assert_eq!(
        error.to_string(),
        format!(
            "API error 422 unprocessable_entity: Validation failed. [intent: required] (request id {id})"
        )
    );
    let e = api_error(error);
    assert_eq!(
        e.errors,
        [FieldError {
            field: "intent".to_owned(),
            code: "required".to_owned()
        }]
    );
    assert_eq!(e.code.as_deref(), Some("unprocessable_entity"));
}

/// A hand-written operation whose body is any JSON value, to send what generated types never would.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct RawGenerateLink(serde_json::Value);

impl Validate for RawGenerateLink {
    fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
}

impl Operation for RawGenerateLink {
    const TOOL: &'static str = "portal.generate_link.create";
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/portal/generate_link";
    type Output = portal_workos::PortalLink;
}

/// A hand-written GET of the same path, for the retry rules of idempotent methods: the sandbox
/// answers a queued fault whatever the method, and 405 to a GET otherwise.
#[derive(serde::Serialize)]
struct GetLink {}

impl Validate for GetLink {
    fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
}

impl Operation for GetLink {
    const TOOL: &'static str = "portal.generate_link.get";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/portal/generate_link";
    type Output = portal_workos::PortalLink;
}

/// A 503 that says when to come back: a POST may be retried after it.
fn unavailable_retry_after(seconds: &str) -> Fault {
    Fault::Respond {
        status: 503,
        headers: vec![("retry-after".to_owned(), seconds.to_owned())],
        body: r#"{"message":"Service Unavailable"}"#.to_owned(),
    }
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_400() {
    let sandbox = Sandbox::start().await.unwrap();
    let request = RawGenerateLink(serde_json::json!(["org_test"]));

    let error = client(&sandbox, RetryPolicy::default())
        .send(&request)
        .await
        .unwrap_err();

    let id = sandbox.requests()[0].request_id.clone();
    assert_eq!(
        error.to_string(),
        format!(
            "API error 400 invalid_request_body: The request body must be a JSON object. (request id {id})"
        )
    );
    assert_eq!(sandbox.requests().len(), 1);
}

#[tokio::test]
async fn the_oauth_error_envelope_and_non_json_bodies_are_decoded() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([
        Fault::Respond {
            status: 403,
            headers: vec![],
            body: r#"{"error":"insufficient_permissions","error_description":"The API key lacks portal access."}"#
                .to_owned(),
        },
        Fault::Respond { status: 502, headers: vec![], body: "<html>upstream went away</html>".to_owned() },
    ]);
    let client = client(&sandbox, RetryPolicy::none());

    let first = api_error(client.send(&sso("org_test")).await.unwrap_err());
    let second = api_error(client.send(&sso("org_test")).await.unwrap_err());

    let seen = sandbox.requests();
    assert_eq!(
        first.to_string(),
        format!(
            "API error 403 insufficient_permissions: The API key lacks portal access. (request id {})",
            seen[0].request_id
        )
    );
    assert_eq!(
        second.to_string(),
        format!(
            "API error 502: Bad Gateway (request id {})",
            seen[1].request_id
        )
    );
    assert_eq!(second.body, "<html>upstream went away</html>");
}

#[tokio::test]
async fn a_429_is_retried_after_the_wait_it_asks_for() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::rate_limited("1"));
    let started = Instant::now();

    let portal = client(&sandbox, RetryPolicy::default())
        .send(&sso("org_test"))
        .await
        .unwrap();

    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
    assert_eq!(sandbox.links(), [portal.link]);
    assert_eq!(sandbox.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_not_waited_for() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::rate_limited("120"));
    let started = Instant::now();

    let error = client(&sandbox, RetryPolicy::default())
        .send(&sso("org_test"))
        .await
        .unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(error.is_retryable());
    let id = sandbox.requests()[0].request_id.clone();
    assert_eq!(
        error.to_string(),
        format!("API error 429: Too Many Requests (request id {id})")
    );
    assert_eq!(api_error(error).retry_after, Some(Duration::from_secs(120)));
    assert_eq!(sandbox.requests().len(), 1);
}

#[tokio::test]
async fn a_503_is_retried_and_every_attempt_has_the_same_idempotency_key() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([unavailable_retry_after("0"), Fault::rate_limited("0")]);
    let client = client(&sandbox, fast_retries());

    let portal = client.send(&sso("org_test")).await.unwrap();

    assert_eq!(sandbox.links(), [portal.link]);
    let seen = sandbox.requests();
    assert_eq!(seen.len(), 3);
    let keys: Vec<&str> = seen
        .iter()
        .map(|r| r.header("idempotency-key").unwrap())
        .collect();
    assert_uuid_v4(keys[0]);
    assert_eq!(keys, [keys[0]; 3]);
    assert!(seen.iter().all(|r| r.body == seen[0].body));

    client.send(&sso("org_test")).await.unwrap();
    let next = sandbox.requests()[3]
        .header("idempotency-key")
        .unwrap()
        .to_owned();
    assert_uuid_v4(&next);
    assert_ne!(next, keys[0], "a new send gets a new key");
}

#[tokio::test]
async fn retries_stop_at_the_limit() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([
        unavailable_retry_after("0"),
        unavailable_retry_after("0"),
        unavailable_retry_after("0"),
        unavailable_retry_after("0"),
    ]);

    let error = client(&sandbox, fast_retries())
        .send(&sso("org_test"))
        .await
        .unwrap_err();

    let seen = sandbox.requests();
    assert_eq!(seen.len(), 3, "the default policy makes 3 attempts");
    assert_eq!(sandbox.pending_faults(), 1);
    assert_eq!(
        error.to_string(),
        format!(
            "API error 503: Service Unavailable (request id {})",
            seen[2].request_id
        )
    );
    assert_eq!(error.request_id(), Some(seen[2].request_id.as_str()));
    assert!(sandbox.links().is_empty());
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::status(500));
    let error = client(&sandbox, fast_retries())
        .send(&sso("org_test"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "API error 500: Internal Server Error (request id {})",
            sandbox.requests()[0].request_id
        )
    );
    assert!(!error.is_retryable());
    assert_eq!(sandbox.requests().len(), 1);
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::Delay(Duration::from_secs(2)));
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let started = Instant::now();

    let error = client.send(&sso("org_test")).await.unwrap_err();

    assert!(
        started.elapsed() < Duration::from_millis(1900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        error.to_string(),
        "request timed out after 200ms (attempt 1)"
    );
    assert!(
        matches!(error, Error::Timeout { after, attempt: 1 } if after == Duration::from_millis(200))
    );
    assert!(error.is_retryable());
    assert_eq!(
        sandbox.requests().len(),
        1,
        "timeouts are not retried by default"
    );

    // When asked to, the client retries a timeout of an idempotent request, never of a POST:
    // the server may have acted on it.
    let retrying = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries().retry_timeouts(true))
        .build()
        .unwrap();
    sandbox.push_fault(Fault::Delay(Duration::from_secs(2)));
    let error = retrying.send(&sso("org_test")).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempt: 1, .. }),
        "{error:?}"
    );
    assert_eq!(sandbox.requests().len(), 2);
    sandbox.push_fault(Fault::Delay(Duration::from_secs(2)));
    let error = retrying.send(&GetLink {}).await.unwrap_err();
    assert_eq!(
        error.status(),
        Some(405),
        "the retry got the GET's normal answer"
    );
    assert_eq!(sandbox.requests().len(), 4);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_only_for_an_idempotent_request() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::DropConnection);
    let error = client(&sandbox, fast_retries())
        .send(&GetLink {})
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(405),
        "the retry got the GET's normal answer"
    );
    assert_eq!(sandbox.requests().len(), 2);

    // The request was written before the connection dropped: a POST is not sent again.
    sandbox.push_fault(Fault::DropConnection);
    let error = client(&sandbox, fast_retries())
        .send(&sso("org_test"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "transport error on attempt 1: error sending request for url ({}/portal/generate_link): client error (SendRequest): connection closed before message completed",
            sandbox.base_url()
        )
    );
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(sandbox.requests().len(), 3);
    assert!(sandbox.links().is_empty());
}

#[tokio::test]
async fn a_reset_after_a_2xx_status_line_is_not_retried_for_a_post() {
    let server = RawServer::start(Behaviour::ResetMidBody {
        sent: r#"{"link":"https://setup.wo"#,
    });
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(server.base_url())
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = client.send(&sso("org_test")).await.unwrap_err();

    assert_eq!(
        server.requests(),
        1,
        "the POST reached the server exactly once"
    );
    match &error {
        Error::Transport {
            attempt: 1,
            message,
            ..
        } => assert!(
            message.starts_with("error decoding response body")
                || message.starts_with("error sending request"),
            "{message}"
        ),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_504_is_retried_for_a_get_but_not_for_a_post() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::status(504));

    let error = client(&sandbox, fast_retries())
        .send(&sso("org_test"))
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        format!(
            "API error 504: Gateway Timeout (request id {})",
            sandbox.requests()[0].request_id
        )
    );
    assert_eq!(
        sandbox.requests().len(),
        1,
        "a gateway may have passed the POST on"
    );
    for status in [502, 503] {
        sandbox.push_fault(Fault::status(status));
        let error = client(&sandbox, fast_retries())
            .send(&sso("org_test"))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
    }
    assert_eq!(
        sandbox.requests().len(),
        3,
        "nor a 502 or a 503 without Retry-After"
    );

    sandbox.clear_requests();
    sandbox.push_faults([Fault::status(504), Fault::status(504), Fault::status(504)]);
    let error = client(&sandbox, fast_retries())
        .send(&GetLink {})
        .await
        .unwrap_err();
    let seen = sandbox.requests();
    assert_eq!(seen.len(), 3, "the GET is sent again, up to the limit");
    assert_eq!(seen[0].method, "GET");
    assert_eq!(error.status(), Some(504));
    assert_eq!(sandbox.pending_faults(), 0);
}

#[tokio::test]
async fn a_body_that_stalls_after_a_2xx_status_times_out() {
    let server = RawServer::start(Behaviour::StallMidBody {
        sent: r#"{"link":"https://setup.wo"#,
    });
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    // Ten seconds is far beyond the timeout: it only turns a hang into a failure.
    let error = tokio::time::timeout(Duration::from_secs(10), client.send(&sso("org_test")))
        .await
        .expect("the call hung on the stalled body")
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "request timed out after 300ms (attempt 1)"
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::Delay(Duration::from_secs(5)));
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();

    let error = tokio::time::timeout(Duration::from_secs(10), client.send(&sso("org_test")))
        .await
        .expect("the deadline did not end the call")
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "the call did not finish within its deadline of 300ms (attempts, backoff and set-up included)"
    );
    assert!(matches!(error, Error::Deadline { after } if after == Duration::from_millis(300)));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_wait_that_would_pass_the_deadline_ends_the_call_with_its_answer() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([Fault::rate_limited("1"), Fault::rate_limited("1")]);
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .deadline(Duration::from_millis(1500))
        .build()
        .unwrap();

    let error = client.send(&sso("org_test")).await.unwrap_err();

    let seen = sandbox.requests();
    assert_eq!(
        seen.len(),
        2,
        "the second wait would end after the deadline"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "API error 429: Too Many Requests (request id {})",
            seen[1].request_id
        )
    );
    assert_eq!(api_error(error).retry_after, Some(Duration::from_secs(1)));
}

/// reqwest sends through `HTTP_PROXY`/`ALL_PROXY` by default; the clients must not for a loopback
/// target. Environment variables are process-wide, so the calls run in a child process of this
/// test binary with a proxy on a dead port in its environment.
#[test]
fn loopback_traffic_skips_the_proxy_of_the_environment() {
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let proxy = format!("http://127.0.0.1:{dead}");
    // The harness names a test by its module path without the crate's name.
    let test = match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::through_a_dead_proxy_in_the_environment"),
        None => "through_a_dead_proxy_in_the_environment".to_owned(),
    };
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", &test, "--ignored", "--test-threads=1"]);
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
    ] {
        child.env(name, &proxy);
    }
    child.env_remove("NO_PROXY").env_remove("no_proxy");
    let output = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The calls of [`loopback_traffic_skips_the_proxy_of_the_environment`], which runs this test
/// in a child process of this binary (`--exact client::through_a_dead_proxy_in_the_environment
/// --ignored`) with `HTTP_PROXY`, `HTTPS_PROXY` and `ALL_PROXY` (either case) naming a dead port
/// and `NO_PROXY` unset. It is ignored in an ordinary run because there the environment has no
/// such proxy, so it would pass without showing that the proxy is skipped, and the test process
/// cannot set one for itself: environment variables are process-wide, and every other test of
/// the binary would send through it.
#[tokio::test]
#[ignore = "run by loopback_traffic_skips_the_proxy_of_the_environment, with a proxy set"]
async fn through_a_dead_proxy_in_the_environment() {
    let sandbox = Sandbox::start().await.unwrap();
    client(&sandbox, RetryPolicy::none())
        .send(&sso("org_test"))
        .await
        .unwrap();
    let mcp = portal_runtime::mcp::McpClient::builder()
        .endpoint(format!("{}/mcp", sandbox.base_url()))
        .era(portal_runtime::mcp::Era::Modern)
        .build()
        .unwrap();
    let error = mcp.list_tools().await.unwrap_err();
    assert_eq!(error.status(), Some(404), "the sandbox answered: {error}");
    let seen = sandbox.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].path, "/mcp");
}

#[tokio::test]
async fn a_transport_error_shows_no_secret_of_the_endpoint_url() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mcp = portal_runtime::mcp::McpClient::builder()
        .endpoint(format!("http://127.0.0.1:{port}/mcp?key=s3cret"))
        .era(portal_runtime::mcp::Era::Modern)
        .build()
        .unwrap();

    let error = mcp.list_tools().await.unwrap_err();

    assert_eq!(
        error.to_string(),
        format!(
            "transport error on attempt 1: error sending request for url (http://127.0.0.1:{port}/mcp): client error (Connect): tcp connect error: Connection refused (os error 111)"
        )
    );
    assert!(!format!("{error:?}").contains("s3cret"), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = client.send(&sso("org_test")).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        format!(
            "transport error on attempt 3: error sending request for url (http://127.0.0.1:{port}/portal/generate_link): client error (Connect): tcp connect error: Connection refused (os error 111)"
        )
    );
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_without_the_link() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::MalformedJson);

    let error = client(&sandbox, fast_retries())
        .send(&sso("org_test"))
        .await
        .unwrap_err();

    let id = sandbox.requests()[0].request_id.clone();
    assert_eq!(
        error.to_string(),
        format!(
            "could not decode the 201 response (request id {id}): 1 violation\n  (root): expected valid JSON, found EOF while parsing an object at line 1 column 73 (json)"
        )
    );
    assert_eq!(error.status(), Some(201));
    assert!(!error.is_retryable());
    let link = &sandbox.links()[0];
    let token = link.trim_start_matches("https://setup.workos.com?token=");
    let debug = format!("{error:?}");
    assert!(!debug.contains(token), "{debug}");
    match error {
        Error::Decode(e) => assert_eq!(e.body, r#"{"link":"https://setup.workos.com?…""#),
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.requests().len(), 1, "a 2xx is never retried");
}

#[tokio::test]
async fn a_body_breaking_the_output_schema_lists_every_violation() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([
        Fault::Respond {
            status: 201,
            headers: vec![],
            body: r#"{"url":"x"}"#.to_owned(),
        },
        Fault::Respond {
            status: 201,
            headers: vec![],
            body: r#"{"link":"https://setup.workos.com?token=abc", "x": 1}"#.to_owned(),
        },
    ]);
    let client = client(&sandbox, RetryPolicy::none());

    let error = client.send(&sso("org_test")).await.unwrap_err();
    let id = sandbox.requests()[0].request_id.clone();
    assert_eq!(
        error.to_string(),
        format!(
            "could not decode the 201 response (request id {id}): 1 violation\n  /link: expected a value, found none (required)"
        )
    );
    // Unknown properties of an answer are tolerated: the API may add fields.
    let portal = client.send(&sso("org_test")).await.unwrap();
    assert_eq!(portal.link, "https://setup.workos.com?token=abc");
}

#[tokio::test]
async fn an_oversized_body_is_refused_declared_or_streamed() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([
        Fault::OversizedBody {
            bytes: 2 * 1024 * 1024,
            content_length: true,
        },
        Fault::OversizedBody {
            bytes: 2 * 1024 * 1024,
            content_length: false,
        },
    ]);
    let client = client(&sandbox, fast_retries());

    for _ in 0..2 {
        let error = client.send(&sso("org_test")).await.unwrap_err();
        let id = sandbox.requests().last().unwrap().request_id.clone();
        assert_eq!(
            error.to_string(),
            format!("the 201 response body exceeds the limit of 1048576 bytes (request id {id})")
        );
        assert!(!error.is_retryable());
    }
    assert_eq!(sandbox.requests().len(), 2);

    // Just under the limit is fine; the limit is configurable.
    sandbox.push_fault(Fault::OversizedBody {
        bytes: 1024 * 1024,
        content_length: false,
    });
    client.send(&sso("org_test")).await.unwrap();
    let small = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .max_response_bytes(64)
        .build()
        .unwrap();
    let error = small.send(&sso("org_test")).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                status: 201,
                limit: 64,
                ..
            }
        ),
        "{error:?}"
    );
}
