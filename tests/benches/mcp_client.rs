//! `McpClient` against rmcp's own client: the same `tools/call` to the same rmcp Streamable HTTP
//! server (mounted in axum on loopback), whose tool answers at once with `structuredContent`
//! and the same JSON as text (no REST hop), so the figures measure the clients and the server's
//! fixed share, not an upstream.
//!
//! Run with `cargo bench -p portal-tests --bench mcp_client`. Three pairs, each portal ÷ rmcp:
//! the modern era with a JSON answer and with an event stream (rmcp's client in its `Discover`
//! lifecycle, portal's with `Era::Modern`), and a legacy session (rmcp's `initialize` lifecycle,
//! portal's `Era::Legacy`), both after the one-time handshake. portal is measured twice: with
//! `send` (validate the request, serialize it, decode and validate the typed output) and with
//! `call_tool` (JSON arguments in, the result as sent out), which does what rmcp's `call_tool`
//! does. Every round makes one call of each kind, in an order that alternates between rounds,
//! so that load from elsewhere on the machine hits all alike; medians are reported.

use std::time::{Duration, Instant};

use portal_runtime::Operation;
use portal_runtime::mcp::{Era, McpClient};
use portal_tests::bench_server::{self, Answer, median, micros};
use portal_workos::{GenerateLink, Intent, PortalLink};
use rmcp::ErrorData;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ClientConfig, ProtocolVersion,
};
use rmcp::service::{ClientLifecycleMode, ClientServiceExt, RequestContext, RoleServer};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::{Value, json};

const LINK: &str = "https://setup.workos.com/portal/launch?secret=s3cret";
const WARMUP: usize = 200;
const SAMPLES: usize = 2000;

/// The tool's call, answered at once.
#[derive(Clone)]
struct AtOnce;

impl Answer for AtOnce {
    async fn answer(
        &self,
        _: CallToolRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        Ok(CallToolResponse::Complete(CallToolResult::structured(
            json!({"link": LINK}),
        )))
    }
}

async fn start(json_response: bool) -> String {
    bench_server::serve(AtOnce, json_response).await
}

type RmcpClient = rmcp::service::RunningService<rmcp::RoleClient, ClientConfig>;

async fn rmcp_client(url: &str, modern: bool) -> RmcpClient {
    let transport = StreamableHttpClientTransport::with_client(
        portal_tests::plain_http(),
        StreamableHttpClientTransportConfig::with_uri(url.to_owned()),
    );
    let lifecycle = if modern {
        ClientLifecycleMode::Discover {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
        }
    } else {
        ClientLifecycleMode::Initialize
    };
    ClientConfig::default()
        .serve_with_lifecycle(transport, lifecycle)
        .await
        .unwrap()
}

fn portal_client(url: &str, era: Era) -> McpClient {
    McpClient::builder().endpoint(url).era(era).build().unwrap()
}

/// One way of making the call.
enum Caller {
    Send(McpClient),
    CallTool(McpClient),
    Rmcp(RmcpClient),
}

struct Kind {
    name: String,
    caller: Caller,
    times: Vec<Duration>,
}

fn main() {
    bench_server::block_on(run());
}

async fn run() {
    let json_url = start(true).await;
    let sse_url = start(false).await;
    let pairs = [
        ("modern, JSON", &json_url, Era::Modern, true),
        ("modern, SSE", &sse_url, Era::Modern, true),
        ("legacy session", &sse_url, Era::Legacy, false),
    ];
    let mut kinds = Vec::new();
    for (name, url, era, modern) in pairs {
        kinds.push(Kind {
            name: format!("{name}: portal send"),
            caller: Caller::Send(portal_client(url, era)),
            times: Vec::with_capacity(SAMPLES),
        });
        kinds.push(Kind {
            name: format!("{name}: portal call_tool"),
            caller: Caller::CallTool(portal_client(url, era)),
            times: Vec::with_capacity(SAMPLES),
        });
        kinds.push(Kind {
            name: format!("{name}: rmcp call_tool"),
            caller: Caller::Rmcp(rmcp_client(url, modern).await),
            times: Vec::with_capacity(SAMPLES),
        });
    }
    let request = GenerateLink::builder()
        .organization("org_test")
        .intent(Intent::Sso)
        .build();
    let arguments = serde_json::to_value(&request).unwrap();
    let Value::Object(object) = arguments.clone() else {
        unreachable!("a request is an object")
    };
    let params = CallToolRequestParams::new(GenerateLink::TOOL).with_arguments(object);

    for round in 0..WARMUP + SAMPLES {
        let n = kinds.len();
        for k in 0..n {
            // Forwards on even rounds, backwards on odd ones.
            let i = if round % 2 == 0 { k } else { n - 1 - k };
            let kind = &mut kinds[i];
            let started = Instant::now();
            match &kind.caller {
                Caller::Send(client) => {
                    let link: PortalLink = client.send(&request).await.unwrap();
                    std::hint::black_box(link);
                }
                Caller::CallTool(client) => {
                    let result = client
                        .call_tool(GenerateLink::TOOL, arguments.clone())
                        .await
                        .unwrap();
                    std::hint::black_box(result);
                }
                Caller::Rmcp(client) => {
                    let result = client.call_tool(params.clone()).await.unwrap();
                    std::hint::black_box(result);
                }
            }
            if round >= WARMUP {
                kind.times.push(started.elapsed());
            }
        }
    }
    let medians: Vec<_> = kinds.iter_mut().map(|k| median(&mut k.times)).collect();
    println!("one tools/call, loopback, {SAMPLES} paired rounds, medians:");
    for (i, kind) in kinds.iter().enumerate() {
        let rmcp = medians[i - i % 3 + 2];
        let m = medians[i];
        println!(
            "  {:<36} {:>8.1} µs  ({:.2}× rmcp)",
            kind.name,
            micros(m),
            m.as_secs_f64() / rmcp.as_secs_f64()
        );
    }
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average: {}", load.trim());
    }
    for kind in kinds {
        if let Caller::Rmcp(client) = kind.caller {
            let _ = client.cancel().await;
        }
    }
}
