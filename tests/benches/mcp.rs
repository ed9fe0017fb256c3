//! One `portal.generate_link.create` call through MCP against the same call through REST, on
//! loopback: `McpClient::send` to rmcp's Streamable HTTP server (whose tool forwards to the REST
//! sandbox, as a server generated from the REST API does) against `Client::send` to the sandbox.
//!
//! Run with `cargo bench -p portal-tests --bench mcp`. The MCP figures therefore contain one REST
//! call each, plus the MCP hop: the JSON-RPC envelope both ways, rmcp's request handling, and the
//! event stream or JSON framing. Four ways, alternating one request each so that load from
//! elsewhere on the machine hits all alike; medians are reported.

use std::time::{Duration, Instant};

use axum::http::request::Parts;
use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::mcp::{Era, McpClient};
use portal_tests::bench_server::{self, Answer, median, micros};
use portal_workos::sandbox::Sandbox;
use portal_workos::{GenerateLink, Intent};
use rmcp::ErrorData;
use rmcp::model::{CallToolRequestParams, CallToolResponse, CallToolResult};
use rmcp::service::{RequestContext, RoleServer};
use serde_json::{Value, json};

const WARMUP: usize = 200;
const SAMPLES: usize = 2000;

/// The tool's call, forwarded to the REST sandbox with the key from `x-bearer`.
#[derive(Clone)]
struct Forward {
    rest: String,
    http: reqwest::Client,
}

impl Answer for Forward {
    async fn answer(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let key = context
            .extensions
            .get::<Parts>()
            .and_then(|parts| parts.headers.get("x-bearer"))
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        let response = self
            .http
            .post(format!("{}/portal/generate_link", self.rest))
            .header("authorization", format!("Bearer {key}"))
            .header("content-type", "application/json")
            .body(arguments.to_string())
            .send()
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        let failed = !response.status().is_success();
        let body = response.text().await.unwrap_or_default();
        let result: CallToolResult = serde_json::from_value(json!({
            "content": [{"type": "text", "text": body}],
            "isError": failed,
        }))
        .unwrap();
        Ok(CallToolResponse::Complete(result))
    }
}

async fn start_mcp(sandbox: &Sandbox, json_response: bool) -> String {
    let forward = Forward {
        rest: sandbox.base_url(),
        http: portal_tests::plain_http(),
    };
    bench_server::serve(forward, json_response).await
}

fn main() {
    bench_server::block_on(run());
}

async fn run() {
    let sandbox = Sandbox::start().await.unwrap();
    let rest = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let json_url = start_mcp(&sandbox, true).await;
    let sse_url = start_mcp(&sandbox, false).await;
    let mcp = |url: &str, era: Era| {
        McpClient::builder()
            .endpoint(url)
            .credential_header("x-bearer", Sandbox::API_KEY)
            .era(era)
            .build()
            .unwrap()
    };
    let clients = [
        ("MCP modern, JSON", mcp(&json_url, Era::Modern)),
        ("MCP modern, SSE", mcp(&sse_url, Era::Modern)),
        ("MCP legacy session", mcp(&sse_url, Era::Legacy)),
    ];
    let request = GenerateLink::builder()
        .organization("org_test")
        .intent(Intent::Sso)
        .build();

    for _ in 0..WARMUP {
        std::hint::black_box(rest.send(&request).await.unwrap());
        for (_, client) in &clients {
            std::hint::black_box(client.send(&request).await.unwrap());
        }
    }
    let mut rest_times = Vec::with_capacity(SAMPLES);
    let mut mcp_times: Vec<Vec<Duration>> = vec![Vec::with_capacity(SAMPLES); clients.len()];
    for i in 0..SAMPLES {
        if i % 500 == 0 {
            sandbox.clear_requests();
        }
        let started = Instant::now();
        std::hint::black_box(rest.send(&request).await.unwrap());
        rest_times.push(started.elapsed());
        for ((_, client), times) in clients.iter().zip(&mut mcp_times) {
            let started = Instant::now();
            std::hint::black_box(client.send(&request).await.unwrap());
            times.push(started.elapsed());
        }
    }
    let rest_median = median(&mut rest_times);
    println!("one call, loopback, {SAMPLES} alternating requests each, medians:");
    println!(
        "  REST Client::send         {:>8.1} µs",
        micros(rest_median)
    );
    for ((name, _), times) in clients.iter().zip(&mut mcp_times) {
        let m = median(times);
        println!(
            "  {name:<25} {:>8.1} µs  ({:.2}× REST, +{:.1} µs)",
            micros(m),
            m.as_secs_f64() / rest_median.as_secs_f64(),
            micros(m) - micros(rest_median)
        );
    }
}
