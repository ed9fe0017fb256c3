//! `portal check-drift` and `portal generate-link --mcp`, run as a binary against a minimal
//! modern-era MCP endpoint on 127.0.0.1:0 (a thread answering each POST with one JSON-RPC
//! response, the request's id echoed; the rmcp-backed cases live in the tests crate).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use serde_json::{Value, json};

const SEED: &str = "../portal-workos/schemas/workos/portal.generate_link.create.json";

fn portal() -> Command {
    let mut cmd = Command::cargo_bin("portal").unwrap();
    cmd.env_remove("WORKOS_API_KEY")
        .env_remove("WORKOS_BASE_URL");
    cmd
}

/// Serves `tools/list` with `tools` and `tools/call` with a link; returns the endpoint URL and
/// the (headers, body) of every request received.
/// (lowercased header lines, JSON body) of each request received.
type Seen = Arc<Mutex<Vec<(Vec<String>, Value)>>>;

fn serve(tools: Value) -> (String, Seen) {
    serve_answering(
        tools,
        json!({"result": {"content": [{"type": "text", "text": "{\"link\":\"https://setup.workos.com?token=mcp\"}"}]}}),
    )
}

/// As [`serve`], answering `tools/call` with `call` (a JSON-RPC `result` or `error` member).
fn serve_answering(tools: Value, call: Value) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/mcp", listener.local_addr().unwrap());
    let seen = Seen::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut headers = Vec::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end().to_owned();
                if line.is_empty() {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
                headers.push(line.to_ascii_lowercase());
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let request: Value = serde_json::from_slice(&body).unwrap();
            let mut answer = match request["method"].as_str() {
                Some("tools/list") => json!({"result": {"tools": tools}}),
                _ => call.clone(),
            };
            answer["jsonrpc"] = json!("2.0");
            answer["id"] = request["id"].clone();
            log.lock().unwrap().push((headers, request.clone()));
            let answer = answer.to_string();
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .unwrap();
        }
    });
    (url, seen)
}

fn seed() -> Value {
    serde_json::from_str(&std::fs::read_to_string(SEED).unwrap()).unwrap()
}

#[test]
fn no_drift_against_a_server_publishing_the_checked_in_tool() {
    let (url, seen) = serve(json!([seed()]));
    portal()
        .env("WORKOS_API_KEY", "sk_test_drift")
        .args([
            "check-drift",
            "--mcp",
            &url,
            "--schema",
            SEED,
            "--send-api-key",
        ])
        .assert()
        .code(0)
        .stdout(format!(
            "portal.generate_link.create: no drift ({SEED} matches {url})\n"
        ));
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].1["method"], "tools/list");
    assert!(
        seen[0].0.contains(&"x-bearer: sk_test_drift".to_owned()),
        "{:?}",
        seen[0].0
    );
    assert!(
        seen[0]
            .0
            .contains(&"mcp-protocol-version: 2026-07-28".to_owned())
    );
}

#[test]
fn drift_prints_each_difference_and_exits_1() {
    let mut live = seed();
    live["inputSchema"]["properties"]["admin_emails"]["maxItems"] = json!(10);
    live["inputSchema"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("success_url");
    let (url, _) = serve(json!([live]));
    portal()
        .args(["check-drift", "--mcp", &url, "--mcp-auth-header", "authorization"])
        .current_dir("..")
        .assert()
        .code(1)
        .stdout(format!(
            "portal.generate_link.create: 2 differences between portal-workos/schemas/workos/portal.generate_link.create.json (old) and {url} (new)\n  /inputSchema/properties/success_url: {} → (absent)\n  /inputSchema/properties/admin_emails/maxItems: (absent) → 10\n",
            seed()["inputSchema"]["properties"]["success_url"]
        ));
}

#[test]
fn a_tool_the_server_no_longer_lists_is_drift() {
    let (url, _) = serve(json!([{"name": "portal.other", "inputSchema": {"type": "object"}}]));
    portal()
        .args(["check-drift", "--mcp", &url, "--schema", SEED])
        .assert()
        .code(1)
        .stdout(format!(
            "portal.generate_link.create: not listed by {url} (it lists: portal.other)\n"
        ));
}

#[test]
fn two_files_are_compared_without_a_server() {
    let dir = std::env::temp_dir().join(format!("portal-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let other = dir.join("other.json");
    let mut changed = seed();
    changed["inputSchema"]["properties"]["intent"]["type"] = json!("integer");
    std::fs::write(&other, changed.to_string()).unwrap();
    portal()
        .args(["check-drift", "--schema", SEED, "--against", other.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(format!(
            "portal.generate_link.create: 1 difference between {SEED} (old) and {} (new)\n  /inputSchema/properties/intent/type: \"string\" → \"integer\"\n",
            other.display()
        ));
    portal()
        .args(["check-drift", "--schema", SEED, "--against", SEED])
        .assert()
        .code(0);
    let out = portal()
        .args(["check-drift", "--schema", "missing.json", "--against", SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: cannot read missing.json: {}\n",
            std::fs::read("missing.json").unwrap_err()
        )
    );
}

#[test]
fn generate_link_sends_through_mcp() {
    let (url, seen) = serve(json!([]));
    portal()
        .env("WORKOS_API_KEY", "sk_test_cli")
        .args([
            "generate-link",
            "--mcp",
            &url,
            "--send-api-key",
            "--organization",
            "org_test",
            "--intent",
            "sso",
        ])
        .assert()
        .code(0)
        .stdout("https://setup.workos.com?token=mcp\n");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].1["params"]["name"], "portal.generate_link.create");
    assert_eq!(
        seen[0].1["params"]["arguments"],
        json!({"intent": "sso", "organization": "org_test"})
    );
    assert!(seen[0].0.contains(&"x-bearer: sk_test_cli".to_owned()));
    assert!(
        seen[0]
            .0
            .contains(&"mcp-name: portal.generate_link.create".to_owned())
    );
}

/// The credential headers a request carried, as `name: value` lines.
fn credentials(headers: &[String]) -> Vec<&String> {
    headers
        .iter()
        .filter(|h| h.starts_with("x-bearer:") || h.starts_with("authorization:"))
        .collect()
}

#[test]
fn the_api_key_in_the_environment_is_not_sent_to_a_host_that_is_not_workos() {
    for auth in ["x-bearer", "authorization"] {
        let (url, seen) = serve(json!([seed()]));
        portal()
            .env("WORKOS_API_KEY", "sk_live_ambient")
            .args(["check-drift", "--mcp", &url, "--schema", SEED, "--mcp-auth-header", auth])
            .assert()
            .code(0)
            .stderr(format!(
                "note: WORKOS_API_KEY is not sent to {url}, which is not a WorkOS host: pass --send-api-key to send it\n"
            ));
        let seen = seen.lock().unwrap();
        assert_eq!(credentials(&seen[0].0), Vec::<&String>::new());

        let (url, seen) = serve(json!([]));
        portal()
            .env("WORKOS_API_KEY", "sk_live_ambient")
            .args(["generate-link", "--mcp", &url, "--mcp-auth-header", auth])
            .args(["--organization", "org_test"])
            .assert()
            .code(0)
            .stdout("https://setup.workos.com?token=mcp\n");
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(credentials(&seen[0].0), Vec::<&String>::new());
    }
}

#[test]
fn the_api_key_goes_to_any_host_when_named() {
    let (url, seen) = serve(json!([seed()]));
    portal()
        .env("WORKOS_API_KEY", "sk_test_named")
        .args([
            "check-drift",
            "--mcp",
            &url,
            "--schema",
            SEED,
            "--send-api-key",
        ])
        .args(["--mcp-auth-header", "authorization"])
        .assert()
        .code(0)
        .stderr("");
    assert_eq!(
        credentials(&seen.lock().unwrap()[0].0),
        vec!["authorization: bearer sk_test_named"]
    );

    let dir = std::env::temp_dir().join(format!("portal-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key_file = dir.join("key");
    std::fs::write(&key_file, "sk_test_from_file\n").unwrap();
    let (url, seen) = serve(json!([]));
    portal()
        .env("WORKOS_API_KEY", "sk_live_ambient")
        .args(["generate-link", "--mcp", &url, "--organization", "org_test"])
        .arg("--api-key-file")
        .arg(&key_file)
        .assert()
        .code(0)
        .stderr("");
    assert_eq!(
        credentials(&seen.lock().unwrap()[0].0),
        vec!["x-bearer: sk_test_from_file"]
    );

    // Asked for, the key must exist.
    let (url, seen) = serve(json!([seed()]));
    portal()
        .args([
            "check-drift",
            "--mcp",
            &url,
            "--schema",
            SEED,
            "--send-api-key",
        ])
        .assert()
        .code(2)
        .stderr("error: --send-api-key: WORKOS_API_KEY is not set\n");
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn server_text_reaches_the_terminal_escaped() {
    let hostile = "\u{1b}]52;c;c3RvbGVu\u{7}\u{1b}[2J\u{9b}1;1Hfake\r\nline";
    let shown = "\\u{1b}]52;c;c3RvbGVu\\u{7}\\u{1b}[2J\\u{9b}1;1Hfake\\u{d}\\u{a}line";

    // A JSON-RPC error's message.
    let (url, _) = serve_answering(
        json!([]),
        json!({"error": {"code": -32000, "message": hostile}}),
    );
    let out = portal()
        .args(["generate-link", "--mcp", &url, "--organization", "org_test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(shown), "{stderr}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{9b}') && !stderr.contains('\u{7}'));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    // A tool error's message and code.
    let envelope = json!({"message": hostile, "code": format!("bad{hostile}")}).to_string();
    let (url, _) = serve_answering(
        json!([]),
        json!({"result": {"isError": true, "content": [{"type": "text", "text": envelope}]}}),
    );
    let out = portal()
        .args(["generate-link", "--mcp", &url, "--organization", "org_test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(shown), "{stderr}");
    assert!(stderr.contains(&format!("bad{shown}")), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{9b}'),
        "{stderr}"
    );

    // A link: not a URI, so refused while decoding, and the refusal shown escaped.
    let link = json!({"link": format!("https://setup.workos.com?token={hostile}")}).to_string();
    let (url, _) = serve_answering(
        json!([]),
        json!({"result": {"content": [{"type": "text", "text": link}]}}),
    );
    portal()
        .args(["generate-link", "--mcp", &url, "--organization", "org_test"])
        .assert()
        .code(5)
        .stdout("")
        .stderr("error: could not decode the 200 response: 1 violation\\u{a}  /link: expected an absolute URI (format \"uri\"), found \"https://setup.workos.com?…\\u{1b}]52;c;c3RvbGVu\\u{7}\\u{1b}[2J\\u{9b}1;1Hfake\\r\\nli\"… (format)\n");

    // Tool names, and the values of a drifted schema.
    let (url, _) =
        serve(json!([{"name": format!("evil{hostile}"), "inputSchema": {"type": "object"}}]));
    portal()
        .args(["check-drift", "--mcp", &url, "--schema", SEED])
        .assert()
        .code(1)
        .stdout(format!(
            "portal.generate_link.create: not listed by {url} (it lists: evil{shown})\n"
        ));
    let mut live = seed();
    live["inputSchema"]["properties"][format!("x{hostile}")] = json!({"description": "\u{9b}2J"});
    let (url, _) = serve(json!([live]));
    portal()
        .args(["check-drift", "--mcp", &url, "--schema", SEED])
        .assert()
        .code(1)
        .stdout(format!(
            "portal.generate_link.create: 1 difference between {SEED} (old) and {url} (new)\n  /inputSchema/properties/x{shown}: (absent) → {{\"description\":\"\\u{{9b}}2J\"}}\n"
        ));
}
