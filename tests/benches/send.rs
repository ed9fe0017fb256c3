//! The cost `Client::send` adds over a bare reqwest POST: one `portal.generate_link.create`
//! call to the sandbox on loopback, both over a kept-alive connection, the same body on the wire.
//!
//! `send` also validates the request, adds the idempotency key and checks and decodes the answer
//! into the typed output; the raw POST only reads the body and parses it as a `serde_json::Value`.
//! Run with `cargo bench -p portal-tests --bench send`; it prints the medians of both, their ratio
//! and the median of the per-pair differences. The sandbox runs in the same process and thread, so
//! its share of the work (recording two more headers for `send`) is in the figures too.

use std::time::{Duration, Instant};

use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::sandbox::Sandbox;
use portal_runtime::workos::{GenerateLink, Intent};

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

    for _ in 0..WARMUP {
        send().await;
        post().await;
    }
    // Alternate the two, one request each, so that load from elsewhere on the machine hits both
    // alike; report medians, which ignore the outliers such load makes.
    let mut send_times = Vec::with_capacity(SAMPLES);
    let mut post_times = Vec::with_capacity(SAMPLES);
    let mut differences = Vec::with_capacity(SAMPLES);
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
        send_times.push(sent);
        post_times.push(posted);
        differences.push(micros(sent) - micros(posted));
    }
    let send = median(&mut send_times);
    let post = median(&mut post_times);
    differences.sort_by(f64::total_cmp);
    println!(
        "runtime send vs raw reqwest, loopback, {SAMPLES} alternating requests each, medians:"
    );
    println!("  Client::send          {:>8.1} µs", micros(send));
    println!("  raw reqwest POST      {:>8.1} µs", micros(post));
    println!(
        "  ratio                 {:>8.3}",
        send.as_secs_f64() / post.as_secs_f64()
    );
    println!(
        "  overhead (paired)     {:>8.1} µs",
        differences[differences.len() / 2]
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
