//! The cost `Client::send` adds over a raw reqwest POST: one `portal.generate_link.create` call to
//! the sandbox on loopback, over a kept-alive connection, the same body on the wire. Two baselines:
//! a bare POST (three headers, no timeout), and the same request `send` makes (its user agent and
//! idempotency key too) under the same per-request timeout.
//!
//! `send` also validates the request, adds the idempotency key and checks and decodes the answer
//! into the typed output; the raw POST only reads the body and parses it as a `serde_json::Value`.
//! Run with `cargo bench -p portal-tests --bench send`; it prints the medians of both, their ratio
//! and the median of the per-pair differences. The sandbox runs in the same process and thread, so
//! its share of the work (recording two more headers for `send`) is in the figures too.

use std::time::{Duration, Instant};

use portal_runtime::client::{Client, RetryPolicy};
use portal_workos::sandbox::Sandbox;
use portal_workos::{GenerateLink, Intent};

const WARMUP: usize = 200;
const SAMPLES: usize = 3000;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!("{}/portal/generate_link", sandbox.base_url());
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let raw = portal_tests::plain_http();
    let request = GenerateLink::builder()
        .organization("org_test")
        .intent(Intent::Sso)
        .build();
    let body = serde_json::to_vec(&request).unwrap();

    let send = || async {
        let portal = client.send(&request).await.unwrap();
        std::hint::black_box(portal);
    };
    let post = || async {
        let response = raw
            .post(&url)
            .header("authorization", "Bearer sk_test_sandbox")
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let bytes = response.bytes().await.unwrap();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(value);
    };
    // The same request as `send` puts on the wire (user agent and idempotency key too), under the
    // same per-request timeout, so that only the code around the exchange differs.
    let post_same = || async {
        let exchange = async {
            let response = raw
                .post(&url)
                .header("authorization", "Bearer sk_test_sandbox")
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .header("user-agent", portal_runtime::client::DEFAULT_USER_AGENT)
                .header("idempotency-key", "0b7d6a4e-6f5e-4c1d-9d3a-2f1e0c9b8a77")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 201);
            response.bytes().await.unwrap()
        };
        let bytes = tokio::time::timeout(Duration::from_secs(30), exchange)
            .await
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(value);
    };

    for _ in 0..WARMUP {
        send().await;
        post().await;
        post_same().await;
    }
    // Alternate the three, one request each, so that load from elsewhere on the machine hits all
    // alike; report medians, which ignore the outliers such load makes.
    let (mut send_times, mut post_times, mut same_times) = (Vec::new(), Vec::new(), Vec::new());
    let (mut over_bare, mut over_same) = (Vec::new(), Vec::new());
    for i in 0..SAMPLES {
        if i % 1000 == 0 {
            sandbox.clear_requests();
        }
        let started = Instant::now();
        send().await;
        let sent = started.elapsed();
        let started = Instant::now();
        post().await;
        let posted = started.elapsed();
        let started = Instant::now();
        post_same().await;
        let same = started.elapsed();
        send_times.push(sent);
        post_times.push(posted);
        same_times.push(same);
        over_bare.push(micros(sent) - micros(posted));
        over_same.push(micros(sent) - micros(same));
    }
    let send = median(&mut send_times);
    let post = median(&mut post_times);
    let same = median(&mut same_times);
    over_bare.sort_by(f64::total_cmp);
    over_same.sort_by(f64::total_cmp);
    println!(
        "runtime send vs raw reqwest, loopback, {SAMPLES} alternating requests each, medians:"
    );
    println!(
        "  Client::send                        {:>8.1} µs",
        micros(send)
    );
    println!(
        "  raw POST, bare                      {:>8.1} µs",
        micros(post)
    );
    println!(
        "  raw POST, same headers and timeout  {:>8.1} µs",
        micros(same)
    );
    println!(
        "  ratio to bare                       {:>8.3}",
        send.as_secs_f64() / post.as_secs_f64()
    );
    println!(
        "  ratio to same request               {:>8.3}",
        send.as_secs_f64() / same.as_secs_f64()
    );
    println!(
        "  overhead over bare (paired)         {:>8.1} µs",
        over_bare[over_bare.len() / 2]
    );
    println!(
        "  overhead over same (paired)         {:>8.1} µs",
        over_same[over_same.len() / 2]
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
