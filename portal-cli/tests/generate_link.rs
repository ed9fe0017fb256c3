//! `portal generate-link` run as a binary, one test per exit code.

use assert_cmd::Command;

fn portal() -> Command {
    let mut cmd = Command::cargo_bin("portal").unwrap();
    cmd.env_remove("WORKOS_API_KEY")
        .env_remove("WORKOS_BASE_URL");
    cmd
}

#[test]
fn sandbox_success_prints_the_link() {
    let out = portal()
        .args([
            "generate-link",
            "--sandbox",
            "--organization",
            "org_test",
            "--intent",
            "sso",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8(out.stdout).unwrap();
    assert!(
        link.starts_with("https://setup.workos.com?token="),
        "{link}"
    );
    assert_eq!(link.lines().count(), 1);
}

#[test]
fn dry_run_prints_the_request_line_and_body() {
    portal()
        .args([
            "generate-link", "--dry-run", "--organization", "org_123", "--intent", "dsync",
            "--admin-email", "a@example.com", "--admin-email", "b@example.com", "--sso-bookmark-slug", "okta",
        ])
        .assert()
        .code(0)
        .stdout(
            "POST https://api.workos.com/portal/generate_link\n{\n  \"intent\": \"dsync\",\n  \"admin_emails\": [\n    \"a@example.com\",\n    \"b@example.com\"\n  ],\n  \"organization\": \"org_123\",\n  \"intent_options\": {\n    \"sso\": {\n      \"bookmark_slug\": \"okta\"\n    }\n  }\n}\n",
        );
}

#[test]
fn invalid_input_lists_every_violation_and_sends_nothing() {
    let emails: Vec<String> = (0..21).map(|i| format!("admin{i}@example.com")).collect();
    let mut args = vec![
        "generate-link".to_owned(),
        "--sandbox".into(),
        "--organization".into(),
        "org_test".into(),
        "--return-url".into(),
        "not a url".into(),
    ];
    for e in &emails {
        args.push("--admin-email".into());
        args.push(e.clone());
    }
    portal().args(&args).assert().code(3).stdout("").stderr(
        "error: the request is invalid; nothing was sent\n  /return_url: expected an absolute URI (format \"uri\"), found \"not a url\" (format)\n  /admin_emails: expected at most 20 items, found 21 (maxItems)\n",
    );
}

#[test]
fn invalid_json_input_is_refused_with_pointers() {
    portal()
        .args(["generate-link", "--sandbox", "--json", "-"])
        .write_stdin(r#"{"intent": "bogus", "admin_emails": ["ok@example.com", "nope"]}"#)
        .assert()
        .code(3)
        .stderr(
            "error: the request is invalid; nothing was sent\n  /intent: expected one of \"sso\", \"dsync\", \"audit_logs\", \"log_streams\", \"domain_verification\", \"certificate_renewal\", \"bring_your_own_key\", found \"bogus\" (enum)\n  /admin_emails/1: expected an email address (format \"email\"), found \"nope\" (format)\n  /organization: expected a value, found none (required)\n",
        );
}

#[test]
fn an_unknown_intent_flag_lists_the_accepted_values() {
    let out = portal()
        .args([
            "generate-link",
            "--organization",
            "org_1",
            "--intent",
            "bogus",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("[possible values: sso, dsync, audit_logs, log_streams, domain_verification, certificate_renewal, bring_your_own_key]"),
        "{stderr}"
    );
}

#[test]
fn api_error_keeps_status_code_and_request_id() {
    let out = portal()
        .args([
            "generate-link",
            "--sandbox",
            "--organization",
            "org_missing",
            "--intent",
            "sso",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: API error 404: Could not find an organization with the id, org_missing. (request id req_"), "{stderr}");
}

#[test]
fn transport_failure_has_its_own_exit_code() {
    // A loopback port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base_url = format!("http://127.0.0.1:{port}");
    let out = portal()
        .args([
            "generate-link",
            "--base-url",
            &base_url,
            "--organization",
            "org_1",
        ])
        .env("WORKOS_API_KEY", "sk_test_x")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("error: transport error on attempt 3: ")
    );
}

#[test]
fn a_missing_key_is_a_configuration_error() {
    portal()
        .args(["generate-link", "--organization", "org_1"])
        .assert()
        .code(6)
        .stderr(
            "error: no API key: set WORKOS_API_KEY or pass --api-key-file (or use --sandbox)\n",
        );
}
