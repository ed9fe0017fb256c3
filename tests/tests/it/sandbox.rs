//! The sandbox on its own, through a plain HTTP client: each answer of the modelled endpoint,
//! byte for byte, and each fault.

use std::time::Duration;

use portal_workos::sandbox::{Fault, Sandbox, SandboxConfig};

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn request_id(&self) -> &str {
        let id = self
            .headers
            .get("x-request-id")
            .expect("every answer has X-Request-ID")
            .to_str()
            .unwrap();
        assert_eq!(id.len(), 30, "{id}");
        assert!(
            id.starts_with("req_") && id[4..].bytes().all(|b| b.is_ascii_alphanumeric()),
            "{id}"
        );
        id
    }
}

async fn post(sandbox: &Sandbox, authorization: Option<&str>, body: &str) -> Answer {
    let mut request = portal_tests::plain_http()
        .post(format!("{}/portal/generate_link", sandbox.base_url()))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    answer(request.send().await.unwrap()).await
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap();
    Answer {
        status,
        headers,
        body,
    }
}

const KEY: Option<&str> = Some("Bearer sk_test_sandbox");

#[tokio::test]
async fn a_valid_request_gets_a_fresh_link() {
    let sandbox = Sandbox::start().await.unwrap();
    let first = post(
        &sandbox,
        KEY,
        r#"{"organization":"org_test","intent":"sso"}"#,
    )
    .await;
    let second = post(&sandbox, KEY, r#"{"organization":"org_test"}"#).await;

    assert_eq!(first.status, 201);
    assert_eq!(first.headers["content-type"], "application/json");
    let links = sandbox.links();
    assert_eq!(links.len(), 2);
    assert_ne!(links[0], links[1]);
    for (answer, link) in [(&first, &links[0]), (&second, &links[1])] {
        assert_eq!(answer.body, format!(r#"{{"link":"{link}"}}"#));
        let token = link
            .strip_prefix("https://setup.workos.com?token=")
            .unwrap();
        assert_eq!(token.len(), 32);
        assert!(token.bytes().all(|b| b.is_ascii_alphanumeric()), "{token}");
    }
    assert_ne!(first.request_id(), second.request_id());

    let seen = sandbox.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/portal/generate_link")
    );
    assert_eq!(
        seen[0].header("Authorization"),
        Some("Bearer sk_test_sandbox")
    );
    assert_eq!(
        seen[0].body_str(),
        Some(r#"{"organization":"org_test","intent":"sso"}"#)
    );
    assert_eq!(seen[0].request_id, first.request_id());
    sandbox.clear_requests();
    assert_eq!(sandbox.requests(), []);
}

#[tokio::test]
async fn only_bearer_sk_keys_are_let_in() {
    let sandbox = Sandbox::start().await.unwrap();
    for authorization in [
        None,
        Some("Bearer sk_"),
        Some("Bearer pk_test_1"),
        Some("Basic sk_test_1"),
        Some("sk_test_1"),
    ] {
        let answer = post(&sandbox, authorization, r#"{"organization":"org_test"}"#).await;
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (401, r#"{"message":"Unauthorized","code":"unauthorized"}"#),
            "{authorization:?}"
        );
        answer.request_id();
    }
    let strict = Sandbox::start_with(SandboxConfig::default().api_key("sk_live_only"))
        .await
        .unwrap();
    assert_eq!(
        post(&strict, KEY, r#"{"organization":"org_test"}"#)
            .await
            .status,
        401
    );
    assert_eq!(
        post(
            &strict,
            Some("Bearer sk_live_only"),
            r#"{"organization":"org_test"}"#
        )
        .await
        .status,
        201
    );
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_400() {
    let sandbox = Sandbox::start().await.unwrap();
    for body in ["", "{", "{\"organization\": \"org_test\",}"] {
        let answer = post(&sandbox, KEY, body).await;
        assert_eq!(answer.status, 400, "{body:?}");
        assert_eq!(
            answer.body,
            r#"{"message":"Invalid JSON in request body.","code":"invalid_request_body"}"#
        );
    }
    let answer = post(&sandbox, KEY, r#""org_test""#).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (
            400,
            r#"{"message":"The request body must be a JSON object.","code":"invalid_request_body"}"#
        )
    );
}

#[tokio::test]
async fn field_errors_are_all_listed_in_one_422() {
    let sandbox = Sandbox::start().await.unwrap();
    let emails: Vec<String> = (0..21).map(|i| format!("\"it{i}@example.com\"")).collect();
    let body = format!(
        r#"{{"intent":"billing","admin_emails":[{}],"intent_options":{{"sso":[]}}}}"#,
        emails.join(",")
    );
    let answer = post(&sandbox, KEY, &body).await;
    assert_eq!(answer.status, 422);
    assert_eq!(
        answer.body,
        r#"{"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"organization","code":"required"},{"field":"intent","code":"invalid_enum"},{"field":"admin_emails","code":"too_many_items"},{"field":"intent_options.sso","code":"invalid_type"}]}"#
    );
    let answer = post(
        &sandbox,
        KEY,
        r#"{"organization":"org_test","admin_emails":["it@example","x@y.z"]}"#,
    )
    .await;
    assert_eq!(
        answer.body,
        r#"{"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"admin_emails.0","code":"invalid_email"}]}"#
    );
}

#[tokio::test]
async fn organizations_must_be_known() {
    let sandbox = Sandbox::start().await.unwrap();
    let answer = post(&sandbox, KEY, r#"{"organization":"org_01H"}"#).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (
            404,
            r#"{"message":"Could not find an organization with the id, org_01H."}"#
        )
    );
    sandbox.add_organization("org_01H");
    assert_eq!(
        post(&sandbox, KEY, r#"{"organization":"org_01H"}"#)
            .await
            .status,
        201
    );

    let config = SandboxConfig::default()
        .organizations(["org_a"])
        .unknown_organization_status(400);
    let other = Sandbox::start_with(config).await.unwrap();
    assert_eq!(
        post(&other, KEY, r#"{"organization":"org_test"}"#)
            .await
            .status,
        400
    );
    assert_eq!(
        post(&other, KEY, r#"{"organization":"org_a"}"#)
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn other_methods_and_paths_are_refused() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = portal_tests::plain_http();
    let get = answer(
        http.get(format!("{}/portal/generate_link", sandbox.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (get.status, get.body.as_str()),
        (405, r#"{"message":"Method Not Allowed"}"#)
    );
    get.request_id();
    let other = answer(
        http.post(format!("{}/organisations?limit=1", sandbox.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (other.status, other.body.as_str()),
        (404, r#"{"message":"Not Found"}"#)
    );
    other.request_id();
    assert_eq!(sandbox.requests()[1].path, "/organisations?limit=1");
}

#[tokio::test]
async fn faults_are_taken_one_per_request_in_order() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([
        Fault::rate_limited("Wed, 21 Oct 2037 07:28:00 GMT"),
        Fault::status(503),
        Fault::Delay(Duration::from_millis(300)),
    ]);
    assert_eq!(sandbox.pending_faults(), 3);
    let body = r#"{"organization":"org_test"}"#;

    let limited = post(&sandbox, KEY, body).await;
    assert_eq!(
        (limited.status, limited.body.as_str()),
        (429, r#"{"message":"Too Many Requests"}"#)
    );
    assert_eq!(
        limited.headers["retry-after"],
        "Wed, 21 Oct 2037 07:28:00 GMT"
    );
    limited.request_id();

    let unavailable = post(&sandbox, KEY, body).await;
    assert_eq!(
        (unavailable.status, unavailable.body.as_str()),
        (503, r#"{"message":"Service Unavailable"}"#)
    );
    unavailable.request_id();

    let started = std::time::Instant::now();
    let delayed = post(&sandbox, KEY, body).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(delayed.status, 201);
    assert_eq!(sandbox.pending_faults(), 0);
    assert_eq!(post(&sandbox, KEY, body).await.status, 201);
}

#[tokio::test]
async fn broken_answers_are_broken_as_asked() {
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_faults([
        Fault::MalformedJson,
        Fault::OversizedBody {
            bytes: 100_000,
            content_length: true,
        },
        Fault::OversizedBody {
            bytes: 100_000,
            content_length: false,
        },
        Fault::DropConnection,
    ]);
    let body = r#"{"organization":"org_test"}"#;

    let malformed = post(&sandbox, KEY, body).await;
    assert_eq!(
        (malformed.status, malformed.body.clone()),
        (201, format!(r#"{{"link":"{}""#, sandbox.links()[0]))
    );

    let declared = post(&sandbox, KEY, body).await;
    assert_eq!(declared.headers["content-length"], "100000");
    assert_eq!(declared.body.len(), 100_000);
    let value: serde_json::Value = serde_json::from_str(&declared.body).unwrap();
    assert_eq!(value["link"], sandbox.links()[1]);

    let streamed = post(&sandbox, KEY, body).await;
    assert_eq!(streamed.headers["transfer-encoding"], "chunked");
    assert!(!streamed.headers.contains_key("content-length"));
    assert_eq!(streamed.body.len(), 100_000);

    let dropped = portal_tests::plain_http()
        .post(format!("{}/portal/generate_link", sandbox.base_url()))
        .header("authorization", KEY.unwrap())
        .body(body)
        .send()
        .await
        .unwrap_err();
    assert!(dropped.is_request(), "{dropped:?}");
    assert_eq!(
        sandbox.requests().len(),
        4,
        "a dropped request is still recorded"
    );
}

#[tokio::test]
async fn a_stopped_sandbox_refuses_connections() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!("{}/portal/generate_link", sandbox.base_url());
    sandbox.shutdown().await;
    let error = portal_tests::plain_http()
        .post(url)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
}

/// Sends `sent` on a fresh connection and reads until the server closes it, for at most
/// `patience`: the bytes answered, or `None` when the connection was still open.
async fn answer_to_partial_request(
    sandbox: &Sandbox,
    sent: &'static [u8],
    patience: Duration,
) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let addr = sandbox.addr();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(patience)).unwrap();
        stream.write_all(sent).unwrap();
        let mut answered = Vec::new();
        match stream.read_to_end(&mut answered) {
            Ok(_) => Some(answered),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                None
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Some(answered),
            Err(e) => panic!("{e}"),
        }
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_half_sent_request_line_is_cut_off_after_the_header_read_timeout() {
    let sandbox = Sandbox::start_with(
        SandboxConfig::default().header_read_timeout(Duration::from_millis(200)),
    )
    .await
    .unwrap();

    // Five seconds is far beyond the timeout: it only turns a connection held open into a failure.
    let half_line =
        answer_to_partial_request(&sandbox, b"POST /portal/gen", Duration::from_secs(5)).await;
    let half_headers = answer_to_partial_request(
        &sandbox,
        b"POST /portal/generate_link HTTP/1.1\r\nHost: x\r\nAuthori",
        Duration::from_secs(5),
    )
    .await;

    assert_eq!(
        half_line.map(|a| String::from_utf8(a).unwrap()),
        Some(String::new())
    );
    assert_eq!(
        half_headers.map(|a| String::from_utf8(a).unwrap()),
        Some(String::new())
    );
    assert!(sandbox.requests().is_empty());
}
