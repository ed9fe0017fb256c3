//! `name:` renames the root type, and the untitled output type follows it (`Ping`, `PingOutput`);
//! a GET binding, an MCP header, a secret (redacted from `Debug`), `additionalProperties: false`.
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/output.json",
    name: Ping,
}

use portal_runtime::prelude::*;

fn main() {
    let ping = Ping::builder().echo("hello").token("s3cret").build();
    assert!(ping.validate().is_ok());
    assert!(!format!("{ping:?}").contains("s3cret"));
    let json = serde_json::to_string(&ping).unwrap();
    assert_eq!(json, r#"{"echo":"hello","token":"s3cret"}"#);
    assert_eq!(Ping::from_json(&json).unwrap(), ping);
    assert!(Ping::from_json(r#"{"echo": "far more than sixteen characters"}"#).is_err());
    assert!(Ping::from_json(r#"{"extra": 1}"#).is_err());

    assert_eq!(<Ping as Operation>::TOOL, "pings.get");
    assert_eq!(<Ping as Operation>::METHOD, portal_runtime::Method::Get);
    assert_eq!(<Ping as Operation>::PATH, "/ping");
    assert_eq!(<Ping as Operation>::MCP_HEADERS, &[("echo", "Echo")]);
    let output: PingOutput =
        <Ping as Operation>::Output::from_json(r#"{"latency_ms": 3}"#).unwrap();
    assert_eq!(output.latency_ms, 3.into());
    assert!(PingOutput::from_json(r#"{"latency_ms": -1}"#).is_err());
}
