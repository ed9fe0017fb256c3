//! Every operation of the WorkOS catalog end to end, both ways: sent over REST by the client to
//! the sandbox, and called through MCP (the runtime's `McpClient` to the whole-catalog rmcp server,
//! which forwards each call over REST to a second sandbox). Both sandboxes start alike and take
//! the operations in the same order, so each operation's REST request must be the same bytes
//! both ways and its decoded output the same value, up to what each sandbox mints itself (ids,
//! timestamps, links).

use portal_runtime::Method;
use portal_workos::api;
use portal_workos::sandbox::{Sandbox, examples};
use serde_json::Value;

use crate::sandbox_client::{client, fast_retries};
use crate::workos_mcp;
use crate::workos_rest::{self, line, numbers_as_floats};

/// What a sandbox makes up for itself: fresh ids (and the created organization's id in its
/// domains), the clock, minted links.
const MINTED: [&str; 5] = ["id", "organization_id", "created_at", "updated_at", "link"];

fn without_minted(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for key in MINTED {
                members.remove(key);
            }
            members.values_mut().for_each(without_minted);
        }
        Value::Array(items) => items.iter_mut().for_each(without_minted),
        _ => {}
    }
    numbers_as_floats(value);
}

#[tokio::test]
async fn every_operation_answers_over_rest_and_through_mcp_alike() {
    let over_rest = Sandbox::start().await.unwrap();
    let rest = client(&over_rest, fast_retries());
    let behind_mcp = Sandbox::start().await.unwrap();
    let (_server, mcp) = workos_mcp::connect(&behind_mcp.base_url(), Sandbox::API_KEY).await;
    let mcp_calls = workos_mcp::Calls::workos();

    let mut rest_calls = workos_rest::Calls::default();
    api::visit(&mut rest_calls);
    // Deletions last, so that the organization the other requests name is still there.
    rest_calls
        .0
        .sort_by_key(|(_, method, _)| *method == Method::Delete);
    assert_eq!(mcp_calls.names().count(), rest_calls.0.len());

    let mut both = 0;
    let mut failed = Vec::new();
    for (name, _, call) in rest_calls.0 {
        let input = examples::input(name).unwrap();
        over_rest.clear_requests();
        behind_mcp.clear_requests();
        let by_rest = call(rest.clone(), input.clone()).await;
        let by_mcp = mcp_calls.call(&mcp, name, input).await;
        let (sent, forwarded) = (over_rest.requests(), behind_mcp.requests());
        if forwarded.len() != 1 {
            failed.push(format!(
                "{name}: {} REST requests behind MCP",
                forwarded.len()
            ));
            continue;
        }
        if line(&sent[0]) != line(&forwarded[0]) {
            failed.push(format!(
                "{name}: REST sent `{}`, MCP forwarded `{}`",
                line(&sent[0]),
                line(&forwarded[0])
            ));
        }
        match (by_rest, by_mcp) {
            (Ok(mut a), Ok(mut b)) => {
                without_minted(&mut a);
                without_minted(&mut b);
                if a == b {
                    both += 1;
                } else {
                    failed.push(format!("{name}: over REST {a}, through MCP {b}"));
                }
            }
            (a, b) => failed.push(format!("{name}: over REST {a:?}, through MCP {b:?}")),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert_eq!(both, 170);
}
