//! `$ref`s to other documents, read through the `refs` map from a checked-in folder: a whole
//! document, a document that refers on to a third one by a relative URI, and a `$defs` entry of a
//! document named relative to the tool's `$id`.
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/remote-refs.json",
    refs: { "https://schemas.example.com/": "remote" },
    name: AddContact,
}

use portal_runtime::prelude::*;

fn main() {
    let ok = serde_json::json!({
        "name": "Ada",
        "address": {"city": "London", "country": "GB"},
        "phone": "+441234567890"
    });
    let contact = AddContact::from_json_value(&ok).unwrap();
    assert_eq!(serde_json::to_value(&contact).unwrap(), ok);
    let errors = AddContact::from_json(
        r#"{"name": "Ada", "address": {"city": "", "country": "gb"}, "phone": "12"}"#,
    )
    .unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "/address/city: expected at least 1 character, found 0 (minLength)",
            r#"/address/country: expected a string matching "^[A-Z]{2}$", found "gb" (pattern)"#,
            r#"/phone: expected a string matching "^\\+[0-9]{8,15}$", found "12" (pattern)"#,
        ],
        "{errors}"
    );
}
