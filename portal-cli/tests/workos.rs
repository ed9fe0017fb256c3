//! `portal workos <tool>` run as a binary: the tool list and a tool's help, `--set`, `--dry-run`
//! for each kind of binding, and sending to a recording HTTP server, the sandbox and a minimal
//! MCP endpoint (each on 127.0.0.1:0, a thread answering one request per connection).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use serde_json::{Value, json};

fn portal() -> Command {
    let mut cmd = Command::cargo_bin("portal").unwrap();
    cmd.env_remove("WORKOS_API_KEY")
        .env_remove("WORKOS_BASE_URL");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// One request as the server read it.
#[derive(Debug, Clone, PartialEq)]
struct Received {
    /// `POST /organizations?x=1`
    line: String,
    /// Lowercased `name: value` header lines.
    headers: Vec<String>,
    body: String,
}

type Log = Arc<Mutex<Vec<Received>>>;

/// Reads one HTTP/1.1 request (headers, then `content-length` bytes of body).
fn read_request(stream: &std::net::TcpStream) -> Received {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let line = line.trim_end().trim_end_matches(" HTTP/1.1").to_owned();
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        let header = header.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap();
        }
        headers.push(header);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    Received {
        line,
        headers,
        body: String::from_utf8(body).unwrap(),
    }
}

/// A REST server answering the n-th request with `answers[n]` (status, JSON body; the last one
/// again past the end), each with `x-request-id: req_test`; returns its base URL and the log.
fn recorder(answers: Vec<(u16, Value)>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log = Log::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let mut stream = stream.unwrap();
            let request = read_request(&stream);
            seen.lock().unwrap().push(request);
            let (status, body) = &answers[n.min(answers.len() - 1)];
            let body = body.to_string();
            write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nx-request-id: req_test\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
    });
    (url, log)
}

fn organization(id: &str, name: &str) -> Value {
    json!({
        "object": "organization", "id": id, "name": name, "domains": [], "metadata": {},
        "external_id": null, "created_at": "2026-01-15T12:00:00.000Z",
        "updated_at": "2026-01-15T12:00:00.000Z"
    })
}

#[test]
fn help_lists_every_tool_sorted_with_its_first_sentence() {
    let out = portal().args(["workos", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "Call any operation of the WorkOS API by its MCP tool name",
            "",
            "Usage: portal workos [OPTIONS] [TOOL]"
        ]
    );
    let at = lines
        .iter()
        .position(|l| l.starts_with("Tools (170;"))
        .expect(&stdout);
    let tools = &lines[at + 1..];
    assert_eq!(tools.len(), 170, "{stdout}");
    assert_eq!(
        tools[..3],
        [
            "  api_keys.delete                                  Permanently deletes an API key.",
            "  api_keys.validations.create                      Validate an API key value and return the API key object if valid.",
            "  audit_logs.actions.list                          Get a list of all Audit Log actions in the current environment.",
        ]
    );
    // A name longer than the column overflows it, on its own line still.
    assert!(tools.contains(&"  authorization.organization_memberships.check.create  Check if an organization membership has a specific permission on a resource."));
    let names: Vec<&str> = tools
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.contains(&"organizations.create"));
    assert!(names.contains(&"portal.generate_link.create"));

    // Without a tool: the same text on standard error, a usage error.
    let bare = portal().arg("workos").output().unwrap();
    assert_eq!(bare.status.code(), Some(2));
    assert_eq!(text(&bare.stderr), stdout);
    assert_eq!(text(&bare.stdout), "");
}

#[test]
fn a_tools_help_has_its_binding_and_input_properties() {
    portal()
        .args(["workos", "organizations.create", "--help"])
        .assert()
        .code(0)
        .stdout(
            "organizations.create

Creates a new organization in the current environment.

POST /organizations

Usage: portal workos organizations.create [--json FILE|-] [--set KEY=VALUE]... [--dry-run] [--sandbox | --base-url URL | --mcp URL]
(the options: `portal workos --help`)

Input properties:
  name                                 string       required  The name of the organization.
  allow_profiles_outside_organization  boolean                Whether the organization allows profiles from outside the organization to sign in.
  domains                              string[]               The domains associated with the organization.
  domain_data                          object[]               The domains associated with the organization, including verification state.
  metadata                             object|null            Object containing [metadata](/authkit/metadata) key/value pairs associated with the Organization.
  external_id                          string|null            An external identifier for the Organization.
",
        );
    // A list operation says so, and its cursor.
    let list = portal()
        .args(["workos", "organizations.list", "-h"])
        .output()
        .unwrap();
    assert!(text(&list.stdout).contains(
        "\nA list operation: --all follows `after` page after page and prints every item.\n"
    ));
}

#[test]
fn an_unknown_tool_is_a_usage_error_with_the_closest_names() {
    portal()
        .args(["workos", "organization.create", "--dry-run"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: no tool named \"organization.create\" in the WorkOS catalog; the closest: organizations.create, organizations.update (`portal workos --help` lists all 170)\n");
    portal()
        .args(["workos", "organizations"])
        .assert()
        .code(2)
        .stderr("error: no tool named \"organizations\" in the WorkOS catalog; the closest: organizations.get, organizations.list, organizations.create, organizations.delete, organizations.update (`portal workos --help` lists all 170)\n");
    portal()
        .args(["workos", "zzz"])
        .assert()
        .code(2)
        .stderr("error: no tool named \"zzz\" in the WorkOS catalog (`portal workos --help` lists all 170)\n");
}

#[test]
fn dry_run_of_a_post_prints_the_line_and_the_body_as_sent() {
    portal()
        .args([
            "workos",
            "organizations.create",
            "--dry-run",
            "--set",
            "name=Acme",
            "--set",
            r#"domain_data[]={"domain": "acme.com", "state": "verified"}"#,
            "--set",
            "domain_data[]={\"domain\": \"acme.org\", \"state\": \"pending\"}",
            "--set",
            "metadata.tier=diamond",
        ])
        .assert()
        .code(0)
        .stderr("")
        .stdout(
            r#"POST https://api.workos.com/organizations
{
  "name": "Acme",
  "domain_data": [
    {
      "domain": "acme.com",
      "state": "verified"
    },
    {
      "domain": "acme.org",
      "state": "pending"
    }
  ],
  "metadata": {
    "tier": "diamond"
  }
}
"#,
        );
    // A string property takes the text as it is, JSON or not; --set goes on top of --json.
    portal()
        .args([
            "workos",
            "organizations.create",
            "--dry-run",
            "--json",
            "-",
            "--set",
            "name=123",
            "--set",
            "external_id=null",
        ])
        .write_stdin(r#"{"name": "replaced", "allow_profiles_outside_organization": true}"#)
        .assert()
        .code(0)
        .stdout(
            r#"POST https://api.workos.com/organizations
{
  "name": "123",
  "allow_profiles_outside_organization": true,
  "external_id": null
}
"#,
        );
}

#[test]
fn dry_run_of_a_get_fills_the_path_and_encodes_the_query() {
    portal()
        .args([
            "workos",
            "organizations.get",
            "--dry-run",
            "--set",
            "id=org 1/2",
        ])
        .assert()
        .code(0)
        .stdout("GET https://api.workos.com/organizations/org%201%2F2\n");
    portal()
        .args([
            "workos",
            "organizations.list",
            "--dry-run",
            "--base-url",
            "https://staging.workos.test/",
            "--set",
            "limit=5",
            "--set",
            "order=asc",
            "--set",
            "domains[]=a.com",
            "--set",
            "domains[]=b c.com",
            "--set",
            "search=Acme & Co",
        ])
        .assert()
        .code(0)
        .stdout("GET https://staging.workos.test/organizations?limit=5&order=asc&domains=a.com,b+c.com&search=Acme+%26+Co\n");
}

#[test]
fn dry_run_of_a_delete_has_no_body() {
    portal()
        .args([
            "workos",
            "organizations.delete",
            "--dry-run",
            "--set",
            "id=org_01EHZNVPK3SFK441A1RGBFSHRT",
        ])
        .assert()
        .code(0)
        .stdout("DELETE https://api.workos.com/organizations/org_01EHZNVPK3SFK441A1RGBFSHRT\n");
}

#[test]
fn an_invalid_request_lists_every_violation_and_sends_nothing() {
    let (url, log) = recorder(vec![(200, json!({}))]);
    portal()
        .args([
            "workos",
            "organizations.create",
            "--base-url",
            &url,
            "--set",
            &format!("external_id={}", "x".repeat(129)),
            "--set",
            r#"domain_data[]={"domain": "acme.com", "state": "gone"}"#,
            "--set",
            "allow_profiles_outside_organization=maybe",
        ])
        .env("WORKOS_API_KEY", "sk_test_x")
        .assert()
        .code(3)
        .stdout("")
        .stderr(
            r#"error: the request is invalid; nothing was sent
  /name: expected a value, found none (required)
  /allow_profiles_outside_organization: expected boolean, found string (type)
  /domain_data/0/state: expected one of "pending", "verified", found "gone" (enum)
  /external_id: expected at most 128 characters, found 129 (maxLength)
"#,
        );
    // A path parameter that would leave its segment is refused before anything is sent.
    portal()
        .args(["workos", "organizations.get", "--base-url", &url, "--set", "id=.."])
        .env("WORKOS_API_KEY", "sk_test_x")
        .assert()
        .code(3)
        .stderr("error: the request is invalid; nothing was sent\n  /id: expected a path segment other than \"\", \".\" and \"..\", found \"..\" (x-http)\n");
    // A --set that cannot apply, and JSON that is not one: nothing is sent either.
    portal()
        .args([
            "workos",
            "organizations.create",
            "--base-url",
            &url,
            "--set",
            "name",
        ])
        .env("WORKOS_API_KEY", "sk_test_x")
        .assert()
        .code(3)
        .stderr("error: --set name: expected KEY=VALUE\n");
    portal()
        .args(["workos", "organizations.create", "--base-url", &url, "--json", "-", "--set", "name=x"])
        .write_stdin(r#"{"name": "a", "name": "b"}"#)
        .env("WORKOS_API_KEY", "sk_test_x")
        .assert()
        .code(3)
        .stderr("error: the request is invalid; nothing was sent\n  /name: expected a property that appears once, found a repeat (json)\n");
    assert_eq!(*log.lock().unwrap(), vec![]);
}

#[test]
fn base_url_sends_the_request_and_prints_the_output() {
    let (url, log) = recorder(vec![(201, organization("org_1", "Acme"))]);
    portal()
        .args([
            "workos",
            "organizations.create",
            "--base-url",
            &url,
            "--set",
            "name=Acme",
            "--set",
            "domains[]=acme.com",
        ])
        .env("WORKOS_API_KEY", "sk_test_x")
        .assert()
        .code(0)
        .stderr("")
        .stdout(
            r#"{
  "object": "organization",
  "id": "org_1",
  "name": "Acme",
  "domains": [],
  "metadata": {},
  "external_id": null,
  "created_at": "2026-01-15T12:00:00.000Z",
  "updated_at": "2026-01-15T12:00:00.000Z"
}
"#,
        );
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].line, "POST /organizations");
    assert_eq!(log[0].body, r#"{"name":"Acme","domains":["acme.com"]}"#);
    assert!(
        log[0]
            .headers
            .contains(&"authorization: bearer sk_test_x".to_owned()),
        "{:?}",
        log[0].headers
    );
    assert!(
        log[0]
            .headers
            .contains(&"content-type: application/json".to_owned())
    );
}

#[test]
fn a_get_sends_its_path_and_query() {
    let (url, log) = recorder(vec![(200, organization("org 1", "Acme"))]);
    let key = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(key.path(), "sk_test_file\n").unwrap();
    portal()
        .args([
            "workos",
            "organizations.get",
            "--base-url",
            &url,
            "--set",
            "id=org 1",
        ])
        .arg("--api-key-file")
        .arg(key.path())
        .assert()
        .code(0)
        .stdout(
            r#"{
  "object": "organization",
  "id": "org 1",
  "name": "Acme",
  "domains": [],
  "metadata": {},
  "external_id": null,
  "created_at": "2026-01-15T12:00:00.000Z",
  "updated_at": "2026-01-15T12:00:00.000Z"
}
"#,
        );
    // A list without --all: one page, its query in the styles of the binding.
    let page =
        json!({"object": "list", "data": [], "list_metadata": {"before": null, "after": null}});
    let (list_url, list_log) = recorder(vec![(200, page)]);
    portal()
        .args([
            "workos",
            "organizations.list",
            "--base-url",
            &list_url,
            "--set",
            "order=normal",
            "--set",
            "domains[]=a.com",
            "--set",
            "domains[]=b.com",
            "--set",
            "limit=100",
        ])
        .env("WORKOS_API_KEY", "sk_test_x")
        .assert()
        .code(0)
        .stdout(
            r#"{
  "object": "list",
  "data": [],
  "list_metadata": {
    "before": null,
    "after": null
  }
}
"#,
        );
    let list_log = list_log.lock().unwrap();
    assert_eq!(
        list_log[0].line,
        "GET /organizations?limit=100&order=normal&domains=a.com,b.com"
    );
    assert_eq!(list_log[0].body, "");

    let log = log.lock().unwrap();
    assert_eq!(log[0].line, "GET /organizations/org%201");
    assert_eq!(log[0].body, "");
    assert!(
        log[0]
            .headers
            .contains(&"authorization: bearer sk_test_file".to_owned())
    );
}

#[test]
fn an_api_error_prints_status_code_message_field_errors_and_request_id() {
    let (url, _log) = recorder(vec![(
        422,
        json!({"code": "invalid_request_parameters", "message": "Validation failed", "errors": [{"field": "domain_data[0].domain", "code": "invalid_domain"}]}),
    )]);
    portal()
        .args(["workos", "organizations.create", "--base-url", &url, "--set", "name=Acme"])
        .env("WORKOS_API_KEY", "sk_test_x")
        .assert()
        .code(4)
        .stdout("")
        .stderr("error: API error 422 invalid_request_parameters: Validation failed [domain_data[0].domain: invalid_domain] (request id req_test)\n");
}

#[test]
fn all_follows_the_cursors_and_prints_every_item() {
    let page = |ids: &[&str], after: Value| {
        json!({
            "object": "list",
            "data": ids.iter().map(|id| organization(id, "Acme")).collect::<Vec<_>>(),
            "list_metadata": {"before": null, "after": after}
        })
    };
    let (url, log) = recorder(vec![
        (200, page(&["org_1", "org_2"], json!("org_2"))),
        (200, page(&["org_3"], Value::Null)),
    ]);
    let out = portal()
        .args([
            "workos",
            "organizations.list",
            "--all",
            "--base-url",
            &url,
            "--set",
            "limit=2",
        ])
        .env("WORKOS_API_KEY", "sk_test_x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let items: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        items,
        json!([
            organization("org_1", "Acme"),
            organization("org_2", "Acme"),
            organization("org_3", "Acme")
        ])
    );
    let lines: Vec<String> = log.lock().unwrap().iter().map(|r| r.line.clone()).collect();
    assert_eq!(
        lines,
        [
            "GET /organizations?limit=2",
            "GET /organizations?after=org_2&limit=2"
        ]
    );

    // Bounded: the items past --max-items are not printed, and standard error says so.
    let (url, _log) = recorder(vec![
        (200, page(&["org_1", "org_2"], json!("org_2"))),
        (200, page(&["org_3"], Value::Null)),
    ]);
    let out = portal()
        .args([
            "workos",
            "organizations.list",
            "--all",
            "--max-items",
            "1",
            "--base-url",
            &url,
        ])
        .env("WORKOS_API_KEY", "sk_test_x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([organization("org_1", "Acme")])
    );
    assert_eq!(
        text(&out.stderr),
        "note: stopped after --max-items 1 items; the list goes on\n"
    );

    // A failed page ends the list: the items before it are printed, then the error.
    let (url, _log) = recorder(vec![
        (200, page(&["org_1"], json!("org_1"))),
        (422, json!({"message": "Invalid cursor"})),
    ]);
    let out = portal()
        .args(["workos", "organizations.list", "--all", "--base-url", &url])
        .env("WORKOS_API_KEY", "sk_test_x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([organization("org_1", "Acme")])
    );
    assert_eq!(
        text(&out.stderr),
        "error: API error 422: Invalid cursor (request id req_test)\n"
    );

    portal()
        .args(["workos", "organizations.create", "--all", "--dry-run"])
        .assert()
        .code(2)
        .stderr("error: --all: organizations.create is not a list operation\n");
}

#[test]
fn sandbox_answers_the_portal_link() {
    let out = portal()
        .args([
            "workos",
            "portal.generate_link.create",
            "--sandbox",
            "--set",
            "organization=org_test",
            "--set",
            "intent=sso",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    let link = output["link"].as_str().unwrap();
    assert!(
        link.starts_with("https://setup.workos.com?token="),
        "{link}"
    );
    assert_eq!(output.as_object().unwrap().len(), 1, "{output}");
}

/// The (lowercased header lines, JSON body) of each request an MCP endpoint received.
type Calls = Arc<Mutex<Vec<(Vec<String>, Value)>>>;

/// A modern-era MCP endpoint: each POST answered with one JSON-RPC response (the request's id
/// echoed), `tools/call` with `call`; returns its URL and every request.
fn mcp_endpoint(call: Value) -> (String, Calls) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/mcp", listener.local_addr().unwrap());
    let log = Calls::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let request = read_request(&stream);
            let body: Value = serde_json::from_str(&request.body).unwrap();
            let mut answer = match body["method"].as_str() {
                Some("tools/call") => call.clone(),
                _ => json!({"result": {}}),
            };
            answer["jsonrpc"] = json!("2.0");
            answer["id"] = body["id"].clone();
            seen.lock().unwrap().push((request.headers, body));
            let answer = answer.to_string();
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .unwrap();
        }
    });
    (url, log)
}

#[test]
fn mcp_sends_tools_call_with_the_validated_arguments() {
    let organization = organization("org_1", "Acme");
    let (url, log) = mcp_endpoint(
        json!({"result": {"content": [{"type": "text", "text": organization.to_string()}]}}),
    );
    let key = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(key.path(), "sk_test_mcp").unwrap();
    let out = portal()
        .args([
            "workos",
            "organizations.create",
            "--mcp",
            &url,
            "--mcp-era",
            "modern",
            "--mcp-auth-header",
            "authorization",
            "--set",
            "name=Acme",
            "--set",
            "external_id=ext_1",
        ])
        .arg("--api-key-file")
        .arg(key.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        organization
    );
    let log = log.lock().unwrap();
    let (headers, call) = log
        .iter()
        .find(|(_, body)| body["method"] == "tools/call")
        .expect("a tools/call");
    assert_eq!(
        call,
        &json!({
            "jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {
                "name": "organizations.create",
                "arguments": {"name": "Acme", "external_id": "ext_1"},
                "_meta": {
                    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                    "io.modelcontextprotocol/clientCapabilities": {},
                    "io.modelcontextprotocol/clientInfo": {"name": "portal-runtime", "version": env!("CARGO_PKG_VERSION")}
                }
            }
        })
    );
    assert!(
        headers.contains(&"authorization: bearer sk_test_mcp".to_owned()),
        "{headers:?}"
    );
}
