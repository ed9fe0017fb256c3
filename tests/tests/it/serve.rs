//! The example MCP server (`portal_tests::serve`, rmcp's Streamable HTTP server) end to end: the
//! REST sandbox and the server on 127.0.0.1:0, called through the runtime's MCP transport.
//!
//! Pinned: the advertised input schema is the checked-in patched one (after removing the
//! `$schema` rmcp adds); a valid call reaches the REST API once with the exact body and returns
//! the link; invalid arguments come back as a tool error listing every violation and send
//! nothing; an API error keeps its status, code, field errors and request id across the hop.

use std::time::Duration;

use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::mcp::{Era, McpClient};
use portal_runtime::{Error, FieldError, ToolError};
use portal_schema::load::merge_patch;
use portal_tests::serve;
use portal_workos::sandbox::{Fault, Sandbox, SandboxConfig};
use portal_workos::{GenerateLink, Intent};
use serde_json::{Value, json};

const TOOL: &str = "portal.generate_link.create";
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

struct Setup {
    sandbox: Sandbox,
    server: serve::Running,
}

impl Setup {
    async fn start(config: SandboxConfig) -> Setup {
        let sandbox = Sandbox::start_with(config).await.unwrap();
        let rest = Client::builder()
            .api_key(Sandbox::API_KEY)
            .base_url(sandbox.base_url())
            .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
            .build()
            .unwrap();
        let server = serve::start(rest, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        Setup { sandbox, server }
    }

    fn client(&self, era: Era) -> McpClient {
        McpClient::builder()
            .endpoint(self.server.url())
            .client_info("portal-tests", "1.0.0")
            .timeout(Duration::from_secs(10))
            .era(era)
            .build()
            .unwrap()
    }

    /// The bodies of the REST requests the sandbox received.
    fn bodies(&self) -> Vec<String> {
        self.sandbox
            .requests()
            .iter()
            .map(|r| r.body_str().unwrap().to_owned())
            .collect()
    }
}

/// The checked-in tool with its reviewed patch merged.
fn patched_tool() -> Value {
    let read = |rel: &str| -> Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut tool = read("../portal-workos/schemas/workos/portal.generate_link.create.json");
    merge_patch(
        &mut tool,
        &read("../portal-workos/schemas/workos/portal.generate_link.create.patch.json"),
    );
    tool
}

/// A schema as rmcp advertises it, normalised: the `$schema` it adds is checked and removed; a
/// `title` would be removed when the source has none, but rmcp already strips the top-level one.
fn normalised(mut advertised: Value, source: &Value) -> Value {
    let object = advertised.as_object_mut().unwrap();
    assert_eq!(object.shift_remove("$schema"), Some(Value::from(DIALECT)));
    if source.get("title").is_none() {
        assert_eq!(
            object.shift_remove("title"),
            None,
            "rmcp strips the top-level title"
        );
    }
    advertised
}

#[tokio::test]
async fn lists_the_tool_with_the_patched_input_schema() {
    let setup = Setup::start(SandboxConfig::default()).await;
    let tools = setup.client(Era::Auto).list_tools().await.unwrap();
    let patched = patched_tool();
    assert_eq!(tools.len(), 1);
    let tool = &tools[0];
    assert_eq!(tool.name, TOOL);
    assert_eq!(tool.description.as_deref(), patched["description"].as_str());

    // Equal as JSON values: key order is not compared (schemars moves each `description` first).
    let source = &patched["inputSchema"];
    assert_eq!(normalised(tool.input_schema.clone(), source), *source);
    // The patch's corrections are what clients see.
    assert_eq!(tool.input_schema["required"], json!(["organization"]));
    assert_eq!(
        tool.input_schema["properties"]["admin_emails"]["maxItems"],
        json!(20)
    );
    assert_eq!(
        tool.input_schema["properties"]["admin_emails"]["items"],
        json!({"type": "string", "format": "email"})
    );

    // The output schema: rmcp also strips the top-level `title` and `description` there.
    let mut output = patched["outputSchema"].clone();
    let object = output.as_object_mut().unwrap();
    assert_eq!(object.shift_remove("title"), Some(json!("PortalLink")));
    assert_eq!(
        object.shift_remove("description"),
        Some(json!("A link to the Admin Portal for the organization."))
    );
    let advertised = tool.output_schema.clone().expect("an output schema");
    assert_eq!(normalised(advertised, &output), output);
    assert_eq!(setup.sandbox.requests().len(), 0);
}

#[tokio::test]
async fn a_valid_call_is_forwarded_once_and_returns_the_link() {
    let setup = Setup::start(SandboxConfig::default()).await;
    let client = setup.client(Era::Auto);
    let request = GenerateLink::builder()
        .organization("org_test")
        .intent(Intent::Sso)
        .build();
    let portal = client.send(&request).await.unwrap();
    assert_eq!(setup.sandbox.links(), [portal.link]);
    let seen = setup.sandbox.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/portal/generate_link");
    assert_eq!(
        seen[0].header("authorization"),
        Some("Bearer sk_test_sandbox")
    );
    assert_eq!(
        seen[0].body_str(),
        Some(r#"{"intent":"sso","organization":"org_test"}"#)
    );
}

#[tokio::test]
async fn the_result_carries_the_link_as_structured_content_and_text() {
    let setup = Setup::start(SandboxConfig::default()).await;
    // Every property, in the legacy era this time: the server speaks both.
    let arguments = json!({
        "organization": "org_test",
        "intent": "sso",
        "admin_emails": ["it@example.com"],
        "return_url": "https://example.com/back",
        "success_url": "https://example.com/done",
        "intent_options": {"sso": {"bookmark_slug": "chatgpt", "provider_type": "GoogleSAML"}},
    });
    let client = setup.client(Era::Legacy);
    let result = client.call_tool(TOOL, arguments).await.unwrap();
    assert_eq!(client.era(), Some(Era::Legacy));
    let links = setup.sandbox.links();
    assert_eq!(links.len(), 1);
    let expected = json!({ "link": links[0] });
    assert!(!result.is_error);
    assert_eq!(result.structured_content, Some(expected.clone()));
    assert_eq!(result.text(), Some(expected.to_string().as_str()));
    assert_eq!(result.content.len(), 1);
    // Forwarded in the schema's property order (the generated type's), nothing added or dropped.
    assert_eq!(
        setup.bodies(),
        [concat!(
            r#"{"intent":"sso","return_url":"https://example.com/back","#,
            r#""success_url":"https://example.com/done","admin_emails":["it@example.com"],"#,
            r#""organization":"org_test","#,
            r#""intent_options":{"sso":{"bookmark_slug":"chatgpt","provider_type":"GoogleSAML"}}}"#
        )]
    );
}

#[tokio::test]
async fn invalid_arguments_are_a_tool_error_listing_every_violation() {
    let setup = Setup::start(SandboxConfig::default()).await;
    let client = setup.client(Era::Auto);
    let arguments = json!({
        "intent": "bogus",
        "admin_emails": ["it@example.com", "not-an-address"],
        "return_url": "not a uri",
        "intent_options": {},
    });
    let result = client.call_tool(TOOL, arguments).await.unwrap();
    assert!(result.is_error);
    assert_eq!(result.structured_content, None);
    assert_eq!(result.meta, None);
    let message = concat!(
        "invalid arguments: 5 violations\n",
        "  /intent: expected one of \"sso\", \"dsync\", \"audit_logs\", \"log_streams\", ",
        "\"domain_verification\", \"certificate_renewal\", \"bring_your_own_key\", found \"bogus\" (enum)\n",
        "  /return_url: expected an absolute URI (format \"uri\"), found \"not a uri\" (format)\n",
        "  /admin_emails/1: expected an email address (format \"email\"), found \"not-an-address\" (format)\n",
        "  /organization: expected a value, found none (required)\n",
        "  /intent_options/sso: expected a value, found none (required)",
    );
    // In the schema's property order.
    let errors = [
        ("/intent", "enum"),
        ("/return_url", "format"),
        ("/admin_emails/1", "format"),
        ("/organization", "required"),
        ("/intent_options/sso", "required"),
    ];
    let envelope = json!({
        "message": message,
        "code": "invalid_arguments",
        "errors": errors.iter().map(|(field, code)| json!({"field": field, "code": code})).collect::<Vec<_>>(),
    });
    assert_eq!(result.text(), Some(envelope.to_string().as_str()));

    // The runtime reads it back like an API error envelope.
    let error = result.error(TOOL).unwrap();
    assert_eq!(
        error,
        ToolError {
            tool: TOOL.to_owned(),
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
            body: envelope.to_string(),
        }
    );
    // Nothing reached the REST API.
    assert_eq!(setup.sandbox.requests().len(), 0);
}

#[tokio::test]
async fn missing_arguments_are_listed_too() {
    let setup = Setup::start(SandboxConfig::default()).await;
    let client = setup.client(Era::Auto);
    let result = client.call_tool(TOOL, json!({})).await.unwrap();
    assert!(result.is_error);
    assert_eq!(
        result.text(),
        Some(
            r#"{"message":"invalid arguments: 1 violation\n  /organization: expected a value, found none (required)","code":"invalid_arguments","errors":[{"field":"/organization","code":"required"}]}"#
        )
    );
    assert_eq!(setup.sandbox.requests().len(), 0);
}

#[tokio::test]
async fn an_unknown_organization_keeps_its_status_and_request_id() {
    let setup = Setup::start(SandboxConfig::default()).await;
    let client = setup.client(Era::Auto);
    let request = GenerateLink::builder()
        .organization("org_missing")
        .intent(Intent::Sso)
        .build();
    let Error::Tool(error) = client.send(&request).await.unwrap_err() else {
        panic!("expected a tool error");
    };
    let seen = setup.sandbox.requests();
    assert_eq!(seen.len(), 1);
    let request_id = seen[0].request_id.clone();
    assert!(request_id.starts_with("req_"), "{request_id}");
    let text = format!(
        r#"{{"message":"Could not find an organization with the id, org_missing.","status":404,"request_id":"{request_id}"}}"#
    );
    assert_eq!(
        *error,
        ToolError {
            tool: TOOL.to_owned(),
            status: Some(404),
            code: None,
            message: "Could not find an organization with the id, org_missing.".to_owned(),
            errors: Vec::new(),
            request_id: Some(request_id.clone()),
            body: text.clone(),
        }
    );
    assert_eq!(
        Error::Tool(error.clone()).to_string(),
        format!(
            "tool {TOOL} failed with status 404: Could not find an organization with the id, org_missing. (request id {request_id})"
        )
    );

    // The raw result: the envelope as text, the request id in `_meta` as well.
    let result = client
        .call_tool(TOOL, json!({"organization": "org_missing"}))
        .await
        .unwrap();
    let seen = setup.sandbox.requests();
    assert_eq!(seen.len(), 2);
    let second = &seen[1].request_id;
    assert!(result.is_error);
    assert_eq!(
        result.text(),
        Some(
            format!(
                r#"{{"message":"Could not find an organization with the id, org_missing.","status":404,"request_id":"{second}"}}"#
            )
            .as_str()
        )
    );
    let mut meta = serde_json::Map::new();
    meta.insert("x-request-id".to_owned(), json!(second));
    assert_eq!(result.meta, Some(meta));
    assert_eq!(result.request_id.as_ref(), Some(second));
}

#[tokio::test]
async fn an_api_validation_error_keeps_its_code_and_field_errors() {
    // The sandbox's older behaviour requires `intent`, which the schema leaves optional: the
    // request passes the server's validation and the API refuses it with 422.
    let setup = Setup::start(SandboxConfig::default().require_intent(true)).await;
    let client = setup.client(Era::Auto);
    let request = GenerateLink::builder().organization("org_test").build();
    let Error::Tool(error) = client.send(&request).await.unwrap_err() else {
        panic!("expected a tool error");
    };
    let seen = setup.sandbox.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body_str(), Some(r#"{"organization":"org_test"}"#));
    let request_id = seen[0].request_id.clone();
    assert_eq!(
        *error,
        ToolError {
            tool: TOOL.to_owned(),
            status: Some(422),
            code: Some("unprocessable_entity".to_owned()),
            message: "Validation failed.".to_owned(),
            errors: vec![FieldError {
                field: "intent".to_owned(),
                code: "required".to_owned(),
            }],
            request_id: Some(request_id.clone()),
            body: format!(
                r#"{{"message":"Validation failed.","code":"unprocessable_entity","errors":[{{"field":"intent","code":"required"}}],"status":422,"request_id":"{request_id}"}}"#
            ),
        }
    );
    assert!(!Error::Tool(error).is_retryable());
}

#[tokio::test]
async fn an_unknown_tool_is_a_protocol_error() {
    let setup = Setup::start(SandboxConfig::default()).await;
    let client = setup.client(Era::Auto);
    let Error::Protocol(error) = client
        .call_tool("portal.nope", json!({"organization": "org_test"}))
        .await
        .unwrap_err()
    else {
        panic!("expected a protocol error");
    };
    assert_eq!(error.code, -32602);
    assert_eq!(error.message, "Unknown tool: portal.nope");
    assert_eq!(setup.sandbox.requests().len(), 0);
}

#[tokio::test]
async fn an_unreadable_api_answer_is_a_tool_error_with_its_status_and_request_id() {
    let setup = Setup::start(SandboxConfig::default()).await;
    setup.sandbox.push_fault(Fault::MalformedJson);
    let client = setup.client(Era::Auto);
    let result = client
        .call_tool(TOOL, json!({"organization": "org_test"}))
        .await
        .unwrap();
    let seen = setup.sandbox.requests();
    assert_eq!(seen.len(), 1);
    let request_id = &seen[0].request_id;
    assert!(result.is_error);
    // The body is `{"link":"<link>"` (9 + 31 + 32 + 1 bytes), cut before its `}`; the message
    // does not quote it, so the link's token does not leak into the error.
    let message = format!(
        "could not decode the 201 response (request id {request_id}): 1 violation\n  (root): expected valid JSON, found EOF while parsing an object at line 1 column 73 (json)"
    );
    let envelope = json!({
        "message": message,
        "code": "invalid_upstream_response",
        "status": 201,
        "request_id": request_id,
    });
    assert_eq!(result.text(), Some(envelope.to_string().as_str()));
    let error = result.error(TOOL).unwrap();
    assert_eq!(
        (
            error.status,
            error.code.as_deref(),
            error.request_id.as_ref()
        ),
        (
            Some(201),
            Some("invalid_upstream_response"),
            Some(request_id)
        )
    );
}
