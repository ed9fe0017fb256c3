//! A whole catalog end to end: the 60 tools of `catalogs/synthetic-60`, generated with
//! `catalog!`, served by rmcp from their generated types (`portal_tests::catalog_server`), and
//! each called through `McpClient::send` with the example request its schema states, the
//! answer decoded into the tool's output type.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use portal_runtime::mcp::drift::Class;
use portal_runtime::mcp::{Era, McpClient};
use portal_runtime::{CatalogTool, FromJson, Operation, Visit};
use portal_tests::catalog_server::{self, CatalogServer};
use portal_tests::catalogs::synthetic_60::synthetic;
use serde_json::{Value, json};

type Call = Box<dyn FnOnce(Arc<McpClient>) -> Pin<Box<dyn Future<Output = Result<(), String>>>>>;

/// One call per tool: its `inputSchema`'s example as the request, its `outputSchema`'s as the
/// answer it must decode to.
#[derive(Default)]
struct Calls(Vec<(&'static str, Call)>);

impl Visit for Calls {
    fn tool<O>(&mut self, entry: &'static CatalogTool)
    where
        O: Operation + FromJson + rmcp::schemars::JsonSchema + 'static,
        O::Output: serde::Serialize + rmcp::schemars::JsonSchema + 'static,
    {
        let published: Value = serde_json::from_str(entry.published).unwrap();
        let input = published["inputSchema"]["examples"][0].clone();
        // A tool without output answers nothing, which its `Empty` output reads as `null`.
        let output = published["outputSchema"]["examples"][0].clone();
        let call: Call = Box::new(move |client| {
            Box::pin(async move {
                let request = O::from_json_value(&input).map_err(|e| format!("request: {e}"))?;
                let answer = client.send(&request).await.map_err(|e| e.to_string())?;
                let answer = serde_json::to_value(&answer).unwrap();
                if answer == output {
                    Ok(())
                } else {
                    Err(format!("answered {answer}, expected {output}"))
                }
            })
        });
        self.0.push((entry.name, call));
    }
}

async fn serve() -> (portal_tests::serve::Running, Arc<McpClient>) {
    let server = CatalogServer::new("synthetic", synthetic::visit, catalog_server::examples());
    assert_eq!(server.len(), 60);
    let running = catalog_server::start(server, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = McpClient::builder()
        .endpoint(running.url())
        .era(Era::Modern)
        .timeout(Duration::from_secs(10))
        .catalog(&synthetic::CATALOG)
        .build()
        .unwrap();
    (running, Arc::new(client))
}

#[tokio::test]
async fn every_tool_of_a_60_tool_catalog_is_called_and_decoded() {
    let (_server, client) = serve().await;
    let mut calls = Calls::default();
    synthetic::visit(&mut calls);
    assert_eq!(calls.0.len(), 60);
    assert_eq!(synthetic::CATALOG.tools.len(), 60);
    let mut failures = Vec::new();
    for (name, call) in calls.0 {
        if let Err(e) = call(client.clone()).await {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert_eq!(failures, Vec::<String>::new());
    // The server lists what the generated types report (rmcp adds `$schema` and drops the
    // schemas' top-level descriptions): nothing this binary sends or decodes changed.
    let report = client.check_drift().await.unwrap();
    assert_ne!(report.worst(), Some(Class::Breaking), "{report}");
}

#[tokio::test]
async fn the_server_lists_every_tool_with_its_generated_schemas() {
    let (_server, client) = serve().await;
    let listed = client.list_tools().await.unwrap();
    let names: Vec<&str> = listed.iter().map(|t| t.name.as_str()).collect();
    let expected: Vec<&str> = synthetic::CATALOG.tools.iter().map(|t| t.name).collect();
    assert_eq!(names, expected);
    let get = listed.iter().find(|t| t.name == "get_customer").unwrap();
    assert_eq!(
        get.input_schema,
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"id": {"type": "string", "pattern": "^cus_[0-9A-Za-z]{24}$",
                "description": "The unique identifier of the customer."}},
            "required": ["id"],
            "additionalProperties": false,
            "examples": [{"id": "cus_01HZX3T9Q8W7E6R5T4Y3U2I1"}]
        })
    );
}

#[tokio::test]
async fn a_call_the_generated_type_refuses_never_reaches_the_handler() {
    let (_server, client) = serve().await;
    let result = client
        .call_tool("get_customer", json!({"id": "nope", "extra": 1}))
        .await
        .unwrap();
    let error = result.error("get_customer").expect("a tool error");
    assert_eq!(
        error.to_string(),
        "tool get_customer failed: invalid_arguments: invalid arguments: 2 violations\n  /extra: expected no such property, found one (additionalProperties)\n  /id: expected a string matching \"^cus_[0-9A-Za-z]{24}$\", found \"nope\" (pattern) [/extra: additionalProperties, /id: pattern]"
    );
}
