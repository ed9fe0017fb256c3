//! A format of the vocabulary (`hostname`) is asserted by default; formats no vocabulary defines
//! (`int32`, `password`, `x-...`) are annotations, never schema errors; `formats = "annotate"`
//! checks none.
#![deny(warnings)]

mod asserted {
    portal_macros::tool! {
        schema: "schemas/formats.json",
        name: Root,
    }
}

mod annotated {
    portal_macros::tool! {
        schema: "schemas/formats.json",
        name: Root,
        formats = "annotate",
    }
}

use portal_runtime::prelude::*;

fn main() {
    let json = r#"{"host": "-not-a-host-", "count": "many", "secret": "", "room": "?"}"#;
    assert_eq!(
        asserted::Root::from_json(json).unwrap_err().to_string(),
        "1 violation\n  /host: expected a host name (format \"hostname\"), found \"-not-a-host-\" (format)"
    );
    let relaxed = annotated::Root::from_json(json).unwrap();
    assert!(relaxed.validate().is_ok());
    assert_eq!(relaxed.host.as_deref(), Some("-not-a-host-"));
}
