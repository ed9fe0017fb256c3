//! A broken schema with no `name:`: the root type is still emitted, named from the tool, with the
//! traits and builder code calls on it, so the schema error is the only error.
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/fail/fallback-uses.json",
}

use portal_runtime::prelude::*;

fn send<T: Operation>(_: &T) -> &'static str {
    T::TOOL
}

fn main() {
    let request = AssignTicket::builder()
        .ticket("T-1")
        .assignee("ada")
        .maybe_assignee(None::<String>)
        .build();
    let _ = request.validate();
    let _ = AssignTicket::from_json(r#"{"ticket": "T-1"}"#);
    let _ = serde_json::to_string(&request);
    let _: Result<AssignTicket, _> = serde_json::from_str("{}");
    let _ = send(&request.clone());
    println!("{request:?}");
}
