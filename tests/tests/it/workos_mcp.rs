//! The whole WorkOS catalog over MCP (`portal_tests::workos_server`): every tool of
//! `portal_workos::api` served by rmcp and forwarded over REST as its generated request type,
//! called through the runtime's `McpClient`.
//!
//! Pinned: `tools/list` gives the 170 tools in pages, each with its description, annotations and
//! (for an object output) `outputSchema`; `portal.generate_link.create` reaches the REST sandbox
//! with the exact request and mints a link; `organizations.create`, `.get` (a path parameter),
//! `.list` (query parameters) and a `204` delete reach an in-test REST responder with the exact
//! method, path, query, body and credential, and their outputs decode into the generated output
//! types; invalid arguments list every violation and send nothing; a REST `422` envelope comes
//! back as a `ToolError` with its status, code, message, field errors and request id; a REST
//! answer the output type refuses is a tool error, not a result; a path parameter is one
//! encoded segment, and a dot segment is refused before anything is sent.
//!
//! [`Calls`] calls any tool by name with raw arguments, its output decoded into the tool's
//! generated output type: with [`connect`], a loop over every tool is a few lines.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use portal_runtime::mcp::{Era, McpClient};
use portal_runtime::{CatalogTool, Error, FieldError, FromJson, Operation, ToolError, Visit};
use portal_tests::serve::Running;
use portal_tests::workos_server;
use portal_workos::api;
use portal_workos::sandbox::Sandbox;
use serde_json::{Value, json};

/// One call of a tool with raw arguments: its result's output decoded (and validated) into the
/// tool's generated output type, then serialized back; a tool error is [`Error::Tool`].
type CallFn = fn(McpClient, Value) -> Pin<Box<dyn Future<Output = Result<Value, Error>> + Send>>;

/// Every tool of a catalog, callable by name through [`McpClient`], typed by the catalog.
#[derive(Default)]
pub(crate) struct Calls(BTreeMap<&'static str, CallFn>);

fn call<O>(
    client: McpClient,
    arguments: Value,
) -> Pin<Box<dyn Future<Output = Result<Value, Error>> + Send>>
where
    O: Operation,
    O::Output: serde::Serialize,
{
    Box::pin(async move {
        let result = client.call_tool(O::TOOL, arguments).await?;
        if let Some(error) = result.error(O::TOOL) {
            return Err(error.into());
        }
        let output = result.decode::<O::Output>()?;
        serde_json::to_value(&output)
            .map_err(|e| Error::Configuration(format!("the output cannot be encoded: {e}")))
    })
}

impl Visit for Calls {
    fn tool<O>(&mut self, entry: &'static CatalogTool)
    where
        O: Operation + FromJson + rmcp::schemars::JsonSchema + Send + Sync + 'static,
        O::Output: serde::Serialize + rmcp::schemars::JsonSchema + Send + 'static,
    {
        self.0.insert(entry.name, call::<O>);
    }
}

impl Calls {
    /// Every tool of `portal_workos::api`.
    pub(crate) fn workos() -> Calls {
        let mut calls = Calls::default();
        api::visit(&mut calls);
        calls
    }

    /// The tool names, sorted.
    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }

    /// Calls `tool` with `arguments` through `client`.
    pub(crate) async fn call(
        &self,
        client: &McpClient,
        tool: &str,
        arguments: Value,
    ) -> Result<Value, Error> {
        let call = self
            .0
            .get(tool)
            .ok_or_else(|| Error::Configuration(format!("no tool {tool} in the catalog")))?;
        call(client.clone(), arguments).await
    }
}

/// The whole-catalog server forwarding to `rest_base_url` with `api_key`, and a client of it.
pub(crate) async fn connect(rest_base_url: &str, api_key: &str) -> (Running, McpClient) {
    let server = workos_server::start_workos(rest_base_url, api_key)
        .await
        .unwrap();
    let client = McpClient::builder()
        .endpoint(server.url())
        .client_info("portal-tests", "1.0.0")
        .timeout(Duration::from_secs(10))
        .era(Era::Auto)
        .build()
        .unwrap();
    (server, client)
}

/// One request as the REST responder received it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    method: String,
    path: String,
    query: Option<String>,
    body: String,
    authorization: Option<String>,
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A REST API on 127.0.0.1:0 that records every request and answers fixed, valid JSON.
struct Rest {
    server: Running,
    log: Log,
}

impl Rest {
    async fn start() -> Rest {
        let log = Log::default();
        let router = axum::Router::new()
            .fallback(respond)
            .with_state(log.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let stop = tokio_util::sync::CancellationToken::new();
        let server = Running::spawn(listener, router, stop).unwrap();
        Rest { server, log }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.server.addr())
    }

    fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }
}

const API_KEY: &str = "sk_test_rest";
const ORG_ID: &str = "org_01EHWNCE74X7JSDV0X3SZ3KJNY";
const DOMAIN_ID: &str = "org_domain_01EHZNVPK2QXHMVWCEDQEKY69A";

/// An organization as the API answers it.
fn organization() -> Value {
    json!({
        "object": "organization",
        "id": ORG_ID,
        "name": "Foo Corp",
        "domains": [{
            "object": "organization_domain",
            "id": DOMAIN_ID,
            "organization_id": ORG_ID,
            "domain": "foo-corp.com",
            "state": "verified",
            "verification_strategy": "dns",
            "created_at": "2026-01-15T12:00:00.000Z",
            "updated_at": "2026-01-15T12:00:00.000Z"
        }],
        "metadata": {"tier": "diamond"},
        "external_id": "ext_12345",
        "created_at": "2026-01-15T12:00:00.000Z",
        "updated_at": "2026-01-15T12:00:00.000Z",
        "allow_profiles_outside_organization": false
    })
}

fn organization_list() -> Value {
    json!({
        "object": "list",
        "data": [organization()],
        "list_metadata": {"before": null, "after": "org_01HXYZ987654321KJIHGFEDCBA"}
    })
}

/// The 422 envelope the responder answers `organizations.create` named `Taken` with.
fn taken() -> Value {
    json!({
        "message": "Validation failed.",
        "code": "invalid_request_parameters",
        "errors": [{"field": "name", "code": "already_taken"}]
    })
}

async fn respond(
    axum::extract::State(log): axum::extract::State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8(body.to_vec()).unwrap();
    log.lock().unwrap().push(Seen {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        body: body.clone(),
        authorization: headers
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap().to_owned()),
    });
    let organization_path = format!("/organizations/{ORG_ID}");
    let domain_path = format!("/organization_domains/{DOMAIN_ID}");
    let (status, answer) = match (method.as_str(), uri.path()) {
        ("POST", "/organizations") if body.contains(r#""name":"Taken""#) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Some(taken()))
        }
        ("POST", "/organizations") => (StatusCode::CREATED, Some(organization())),
        ("GET", "/organizations") => (StatusCode::OK, Some(organization_list())),
        ("GET", path) if path == organization_path => (StatusCode::OK, Some(organization())),
        // An answer its output type refuses.
        ("GET", "/organizations/org_partial") => (
            StatusCode::OK,
            Some(json!({"object": "organization", "id": "org_partial"})),
        ),
        ("DELETE", path) if path == domain_path => (StatusCode::NO_CONTENT, None),
        _ => (
            StatusCode::NOT_FOUND,
            Some(json!({"message": "Not found.", "code": "not_found"})),
        ),
    };
    let request_id = [("x-request-id", "req_rest_1")];
    match answer {
        Some(answer) => (
            status,
            request_id,
            [(header::CONTENT_TYPE, "application/json")],
            answer.to_string(),
        )
            .into_response(),
        None => (status, request_id).into_response(),
    }
}

fn seen(method: &str, path: &str, query: Option<&str>, body: &str) -> Seen {
    Seen {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.map(str::to_owned),
        body: body.to_owned(),
        authorization: Some(format!("Bearer {API_KEY}")),
    }
}

#[tokio::test]
async fn lists_all_170_tools_with_descriptions_annotations_and_output_schemas() {
    let rest = Rest::start().await;
    let (_server, client) = connect(&rest.base_url(), API_KEY).await;
    let listed = client.list_tools().await.unwrap();
    assert_eq!(listed.len(), 170);
    let names: Vec<&str> = listed.iter().map(|t| t.name.as_str()).collect();
    let expected: Vec<&str> = api::CATALOG.tools.iter().map(|t| t.name).collect();
    assert_eq!(names, expected);
    // Each one callable by name, typed by the catalog.
    assert_eq!(Calls::workos().names().collect::<Vec<_>>(), expected);
    for (tool, entry) in listed.iter().zip(api::CATALOG.tools) {
        assert_eq!(tool.description.as_deref(), Some(entry.description));
        let published: Value = serde_json::from_str(entry.published).unwrap();
        assert_eq!(
            tool.raw["annotations"], published["annotations"],
            "{}",
            entry.name
        );
    }
    let tool = |name: &str| listed.iter().find(|t| t.name == name).unwrap();
    assert_eq!(
        tool("organizations.create").raw["annotations"],
        json!({"title": "Create an Organization", "readOnlyHint": false,
            "destructiveHint": false, "idempotentHint": false})
    );
    assert_eq!(
        tool("organizations.create").description.as_deref(),
        Some("Creates a new organization in the current environment.")
    );
    let output = tool("organizations.get").output_schema.clone().unwrap();
    assert_eq!(output["type"], "object");
    assert_eq!(
        output["required"],
        json!([
            "object",
            "id",
            "name",
            "domains",
            "metadata",
            "external_id",
            "created_at",
            "updated_at"
        ])
    );
    // No output schema where there is no object to describe: a 204, or an array.
    assert_eq!(tool("organization_domains.delete").output_schema, None);
    assert_eq!(
        tool("connect.applications.client_secrets.list").output_schema,
        None
    );
    let with_output = listed.iter().filter(|t| t.output_schema.is_some()).count();
    assert_eq!(with_output, 130);
    assert_eq!(rest.seen(), []);
}

#[test]
fn tools_list_pages_by_50_with_the_last_name_as_cursor() {
    let client = portal_workos::builder().api_key(API_KEY).build().unwrap();
    let server = workos_server::server(client);
    assert_eq!(server.len(), 170);
    let mut pages = Vec::new();
    let mut cursor = None;
    loop {
        let page = server.list_page(cursor.as_deref()).unwrap();
        pages.push(page.tools.len());
        match page.next_cursor {
            Some(next) => {
                assert_eq!(Some(next.as_str()), page.tools.last().map(|t| &*t.name));
                cursor = Some(next);
            }
            None => break,
        }
    }
    assert_eq!(pages, [50, 50, 50, 20]);
    let error = server.list_page(Some("nope")).unwrap_err();
    assert_eq!(error.code.0, -32602);
    assert_eq!(error.message, "Invalid cursor: \"nope\"");
}

#[tokio::test]
async fn generate_link_is_forwarded_to_the_sandbox_and_mints_a_link() {
    let sandbox = Sandbox::start().await.unwrap();
    let (_server, client) = connect(&sandbox.base_url(), Sandbox::API_KEY).await;
    let calls = Calls::workos();
    let output = calls
        .call(
            &client,
            "portal.generate_link.create",
            json!({"organization": "org_test", "intent": "sso"}),
        )
        .await
        .unwrap();
    let links = sandbox.links();
    assert_eq!(links.len(), 1);
    assert!(
        links[0].starts_with(portal_workos::sandbox::LINK_PREFIX),
        "{}",
        links[0]
    );
    assert_eq!(output, json!({"link": links[0]}));
    let seen = sandbox.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/portal/generate_link");
    assert_eq!(
        seen[0].header("authorization"),
        Some("Bearer sk_test_sandbox")
    );
    assert_eq!(
        seen[0].body_str(),
        Some(r#"{"organization":"org_test","intent":"sso"}"#)
    );

    // The generated request and output types of the catalog, over the same server.
    let request = api::portal_generate_link_create::GenerateLink::from_json_value(
        &json!({"organization": "org_test", "intent": "dsync"}),
    )
    .unwrap();
    let portal = client.send(&request).await.unwrap();
    assert_eq!(sandbox.links()[1], portal.link);
    assert_eq!(sandbox.requests().len(), 2);
}

#[tokio::test]
async fn organizations_are_forwarded_over_rest_and_decoded() {
    let rest = Rest::start().await;
    let (_server, client) = connect(&rest.base_url(), API_KEY).await;
    let calls = Calls::workos();

    let created = calls
        .call(
            &client,
            "organizations.create",
            json!({
                "external_id": "ext_12345",
                "metadata": {"tier": "diamond"},
                "domain_data": [{"state": "verified", "domain": "foo-corp.com"}],
                "name": "Foo Corp",
            }),
        )
        .await
        .unwrap();
    assert_eq!(created, organization());

    let got = calls
        .call(&client, "organizations.get", json!({"id": ORG_ID}))
        .await
        .unwrap();
    assert_eq!(got, organization());

    let listed = calls
        .call(
            &client,
            "organizations.list",
            json!({"search": "Foo Corp", "domains": ["foo-corp.com", "bar.com"], "limit": 2, "order": "asc"}),
        )
        .await
        .unwrap();
    assert_eq!(listed, organization_list());

    let deleted = calls
        .call(
            &client,
            "organization_domains.delete",
            json!({"id": DOMAIN_ID}),
        )
        .await
        .unwrap();
    assert_eq!(deleted, Value::Null);

    assert_eq!(
        rest.seen(),
        [
            seen(
                "POST",
                "/organizations",
                None,
                r#"{"name":"Foo Corp","domain_data":[{"domain":"foo-corp.com","state":"verified"}],"metadata":{"tier":"diamond"},"external_id":"ext_12345"}"#
            ),
            seen("GET", &format!("/organizations/{ORG_ID}"), None, ""),
            seen(
                "GET",
                "/organizations",
                Some("limit=2&order=asc&domains=foo-corp.com,bar.com&search=Foo+Corp"),
                ""
            ),
            seen(
                "DELETE",
                &format!("/organization_domains/{DOMAIN_ID}"),
                None,
                ""
            ),
        ]
    );

    // The raw results: an object output is `structuredContent`, a 204 no content at all.
    let result = client
        .call_tool("organizations.get", json!({"id": ORG_ID}))
        .await
        .unwrap();
    assert!(!result.is_error);
    assert_eq!(result.structured_content, Some(organization()));
    let result = client
        .call_tool("organization_domains.delete", json!({"id": DOMAIN_ID}))
        .await
        .unwrap();
    assert!(!result.is_error);
    assert_eq!(result.content, Vec::<Value>::new());
    assert_eq!(result.structured_content, None);

    // The generated types end to end: the typed request out, the typed output back.
    let request =
        api::organizations_get::GetOrganizations::from_json_value(&json!({"id": ORG_ID})).unwrap();
    let organization = client.send(&request).await.unwrap();
    assert_eq!(organization.id, ORG_ID);
    assert_eq!(organization.name, "Foo Corp");
    assert_eq!(organization.domains[0].domain, "foo-corp.com");
    assert_eq!(
        organization.external_id,
        portal_runtime::Nullable::Value("ext_12345".to_owned())
    );
    assert_eq!(rest.seen().len(), 7);
}

#[tokio::test]
async fn invalid_arguments_list_every_violation_and_reach_no_rest_api() {
    let rest = Rest::start().await;
    let (_server, client) = connect(&rest.base_url(), API_KEY).await;
    let arguments = json!({
        "external_id": "x".repeat(129),
        "domain_data": [{"domain": "foo-corp.com", "state": "bogus"}, {"state": "pending"}],
        "allow_profiles_outside_organization": "yes",
    });
    let error = Calls::workos()
        .call(&client, "organizations.create", arguments)
        .await
        .unwrap_err();
    let Error::Tool(error) = error else {
        panic!("expected a tool error, got {error:?}");
    };
    let message = concat!(
        "invalid arguments: 5 violations\n",
        "  /name: expected a value, found none (required)\n",
        "  /allow_profiles_outside_organization: expected boolean, found string (type)\n",
        "  /domain_data/0/state: expected one of \"pending\", \"verified\", found \"bogus\" (enum)\n",
        "  /domain_data/1/domain: expected a value, found none (required)\n",
        "  /external_id: expected at most 128 characters, found 129 (maxLength)",
    );
    let errors = [
        ("/name", "required"),
        ("/allow_profiles_outside_organization", "type"),
        ("/domain_data/0/state", "enum"),
        ("/domain_data/1/domain", "required"),
        ("/external_id", "maxLength"),
    ];
    let body = json!({
        "message": message,
        "code": "invalid_arguments",
        "errors": errors.iter().map(|(field, code)| json!({"field": field, "code": code})).collect::<Vec<_>>(),
    });
    assert_eq!(
        *error,
        ToolError {
            tool: "organizations.create".to_owned(),
            status: None,
            code: Some("invalid_arguments".to_owned()),
            message: message.to_owned(),
            errors: errors
                .iter()
                .map(|(field, code)| FieldError {
                    field: (*field).to_owned(),
                    code: (*code).to_owned(),
                })
                .collect(),
            request_id: None,
            body: body.to_string(),
        }
    );
    assert_eq!(rest.seen(), []);
}

#[tokio::test]
async fn a_rest_422_comes_back_as_a_tool_error_with_its_field_errors() {
    let rest = Rest::start().await;
    let (_server, client) = connect(&rest.base_url(), API_KEY).await;
    let error = Calls::workos()
        .call(&client, "organizations.create", json!({"name": "Taken"}))
        .await
        .unwrap_err();
    let Error::Tool(error) = error else {
        panic!("expected a tool error, got {error:?}");
    };
    assert_eq!(
        *error,
        ToolError {
            tool: "organizations.create".to_owned(),
            status: Some(422),
            code: Some("invalid_request_parameters".to_owned()),
            message: "Validation failed.".to_owned(),
            errors: vec![FieldError {
                field: "name".to_owned(),
                code: "already_taken".to_owned(),
            }],
            request_id: Some("req_rest_1".to_owned()),
            body: r#"{"message":"Validation failed.","code":"invalid_request_parameters","errors":[{"field":"name","code":"already_taken"}],"status":422,"request_id":"req_rest_1"}"#.to_owned(),
        }
    );
    assert_eq!(
        rest.seen(),
        [seen("POST", "/organizations", None, r#"{"name":"Taken"}"#)]
    );
}

#[tokio::test]
async fn a_rest_answer_the_output_type_refuses_is_a_tool_error() {
    let rest = Rest::start().await;
    let (_server, client) = connect(&rest.base_url(), API_KEY).await;
    let result = client
        .call_tool("organizations.get", json!({"id": "org_partial"}))
        .await
        .unwrap();
    assert!(result.is_error);
    assert_eq!(result.structured_content, None);
    let message = concat!(
        "could not decode the 200 response (request id req_rest_1): 6 violations\n",
        "  /name: expected a value, found none (required)\n",
        "  /domains: expected a value, found none (required)\n",
        "  /metadata: expected a value, found none (required)\n",
        "  /external_id: expected a value, found none (required)\n",
        "  /created_at: expected a value, found none (required)\n",
        "  /updated_at: expected a value, found none (required)",
    );
    let envelope = json!({
        "message": message,
        "code": "invalid_upstream_response",
        "status": 200,
        "request_id": "req_rest_1",
    });
    assert_eq!(result.text(), Some(envelope.to_string().as_str()));
    assert_eq!(
        rest.seen(),
        [seen("GET", "/organizations/org_partial", None, "")]
    );
}

#[tokio::test]
async fn path_parameters_are_one_encoded_segment_and_dot_segments_are_refused() {
    let rest = Rest::start().await;
    let (_server, client) = connect(&rest.base_url(), API_KEY).await;
    let calls = Calls::workos();
    let error = calls
        .call(&client, "organizations.get", json!({"id": "../api_keys"}))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "tool organizations.get failed with status 404: not_found: Not found. (request id req_rest_1)"
    );
    // The whole value is one segment: its `/` cannot climb out of `/organizations/`.
    let traversal = seen("GET", "/organizations/..%2Fapi_keys", None, "");
    assert_eq!(rest.seen(), std::slice::from_ref(&traversal));
    let error = calls
        .call(&client, "organizations.get", json!({"id": ".."}))
        .await
        .unwrap_err();
    // Refused before anything is sent, as arguments that break the binding.
    assert_eq!(
        error.to_string(),
        concat!(
            "tool organizations.get failed: invalid_arguments: invalid arguments: 1 violation\n",
            "  /id: expected a path segment other than \"\", \".\" and \"..\", found \"..\" (x-http) [/id: x-http]"
        )
    );
    assert_eq!(rest.seen(), [traversal]);
}
