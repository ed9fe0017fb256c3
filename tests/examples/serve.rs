//! An MCP server exposing every tool of the WorkOS API (`portal_workos::api`, see
//! `portal_tests::workos_server`) over Streamable HTTP, forwarding each call to the WorkOS REST
//! API; with `--seed`, only `portal.generate_link.create` (see `portal_tests::serve`).
//!
//! ```text
//! WORKOS_API_KEY=sk_... cargo run -p portal-tests --example serve
//! cargo run -p portal-tests --example serve -- --sandbox
//! cargo run -p portal-tests --example serve -- --seed --sandbox
//! ```
//!
//! Listens on `127.0.0.1` at the port in `PORT` (a free one when unset or `0`) and prints the
//! endpoint URL. The API key and base URL come from `WORKOS_API_KEY` and `WORKOS_BASE_URL`
//! (default `https://api.workos.com`); with `--sandbox` the in-process REST sandbox is started
//! instead and the calls go there (organization `org_test` exists, any other is 404; the sandbox
//! answers the operations it models, `POST /portal/generate_link` among them).

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use portal_runtime::client::Client;
use portal_tests::{serve, workos_server};
use portal_workos::sandbox::Sandbox;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("serve: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let mut sandbox_mode = false;
    let mut seed_only = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--sandbox" => sandbox_mode = true,
            "--seed" => seed_only = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?} (usage: serve [--seed] [--sandbox])"
                ));
            }
        }
    }
    let port = match std::env::var("PORT") {
        Ok(port) if !port.is_empty() => port
            .parse::<u16>()
            .map_err(|e| format!("PORT={port:?} is not a port: {e}"))?,
        _ => 0,
    };

    // Kept alive for as long as the server runs.
    let mut sandbox = None;
    let client = if sandbox_mode {
        let started = Sandbox::start()
            .await
            .map_err(|e| format!("the sandbox did not start: {e}"))?;
        let client = Client::builder()
            .api_key(Sandbox::API_KEY)
            .base_url(started.base_url())
            .build()
            .map_err(|e| e.to_string())?;
        sandbox = Some(started);
        client
    } else {
        portal_workos::client().map_err(|e| e.to_string())?
    };

    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let server = if seed_only {
        serve::start(client.clone(), addr).await
    } else {
        workos_server::start(client.clone(), addr).await
    }
    .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    match &sandbox {
        Some(sandbox) => println!("REST sandbox at {}", sandbox.base_url()),
        None => println!("forwarding to {}", client.base_url()),
    }
    let tools = if seed_only {
        1
    } else {
        portal_workos::api::CATALOG.tools.len()
    };
    println!("MCP endpoint at {} ({tools} tools)", server.url());
    server
        .wait()
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}
