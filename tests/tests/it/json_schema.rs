//! Generated types report their source schema through `schemars::JsonSchema` (feature `schemars`):
//! for the seed and every fixture, the root type's schema equals the patched source input schema.
//!
//! Normalisation: `schemars`' root schema adds `$schema` (the dialect) and, when the source has no
//! `title`, a `title` equal to the type name; both are removed before comparing, and JSON objects
//! compare regardless of key order. Nothing else differs, so no instance-level equivalence check
//! is needed.

use portal_schema::load::merge_patch;
use serde_json::Value;

use portal_tests::fixtures::{
    Use, constraints, deploy_service, email_format, hard_names, nested_options, no_intent_options,
    refs_layout, renamed_emails, search_tickets,
};

fn read(rel: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The input schema of a tool file, with its patch merged.
fn source_input(tool: &str, patch: Option<&str>) -> Value {
    let mut tool = read(tool);
    if let Some(patch) = patch {
        merge_patch(&mut tool, &read(patch));
    }
    tool["inputSchema"].clone()
}

fn reported<T: schemars::JsonSchema>(source: &Value) -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let object = schema.as_object_mut().unwrap();
    assert_eq!(
        object.shift_remove("$schema"),
        Some(Value::String(
            "https://json-schema.org/draft/2020-12/schema".into()
        ))
    );
    if source.get("title").is_none() {
        assert_eq!(
            object.shift_remove("title"),
            Some(Value::String(T::schema_name().into_owned()))
        );
    }
    schema
}

#[test]
fn the_workos_request_reports_the_patched_input_schema() {
    use portal_workos::GenerateLink;
    let source = source_input(
        "../portal-workos/schemas/workos/portal.generate_link.create.json",
        Some("../portal-workos/schemas/workos/portal.generate_link.create.patch.json"),
    );
    let reported = reported::<GenerateLink>(&source);
    // Equal as JSON values. Key order is not compared: schemars' root-schema pass puts each
    // subschema's `description` first.
    assert_eq!(reported, source);
    assert_eq!(reported["properties"]["admin_emails"]["maxItems"], 20);
    assert_eq!(reported["required"], serde_json::json!(["organization"]));
}

#[test]
fn the_workos_output_reports_the_output_schema() {
    use portal_workos::PortalLink;
    let mut tool = read("../portal-workos/schemas/workos/portal.generate_link.create.json");
    merge_patch(
        &mut tool,
        &read("../portal-workos/schemas/workos/portal.generate_link.create.patch.json"),
    );
    let source = tool["outputSchema"].clone();
    assert_eq!(reported::<PortalLink>(&source), source);
}

#[test]
fn nested_types_report_their_subschema() {
    use portal_workos::{Intent, SsoIntentOptions};
    let source = source_input(
        "../portal-workos/schemas/workos/portal.generate_link.create.json",
        Some("../portal-workos/schemas/workos/portal.generate_link.create.patch.json"),
    );
    let intent = source["properties"]["intent"].clone();
    assert_eq!(reported::<Intent>(&intent), intent);
    let sso = source["properties"]["intent_options"]["properties"]["sso"].clone();
    assert_eq!(reported::<SsoIntentOptions>(&sso), sso);
}

#[test]
fn every_fixture_reports_its_input_schema() {
    let cases: Vec<(&str, Value)> = vec![
        (
            "renamed_emails",
            serde_json::to_value(schemars::schema_for!(renamed_emails::RenamedEmails)).unwrap(),
        ),
        (
            "email_format",
            serde_json::to_value(schemars::schema_for!(email_format::EmailFormat)).unwrap(),
        ),
        (
            "no_intent_options",
            serde_json::to_value(schemars::schema_for!(no_intent_options::NoIntentOptions))
                .unwrap(),
        ),
        (
            "nested_options",
            serde_json::to_value(schemars::schema_for!(nested_options::NestedOptions)).unwrap(),
        ),
        (
            "refs_layout",
            serde_json::to_value(schemars::schema_for!(refs_layout::GenerateLink)).unwrap(),
        ),
        (
            "hard_names",
            serde_json::to_value(schemars::schema_for!(hard_names::HardNames)).unwrap(),
        ),
        (
            "constraints",
            serde_json::to_value(schemars::schema_for!(constraints::Constraints)).unwrap(),
        ),
        (
            "search_tickets",
            serde_json::to_value(schemars::schema_for!(search_tickets::Search)).unwrap(),
        ),
        (
            "deploy_service",
            serde_json::to_value(schemars::schema_for!(deploy_service::Deploy)).unwrap(),
        ),
    ];
    // The cases are every fixture the table marks for this test.
    let names: Vec<&str> = cases.iter().map(|(name, _)| *name).collect();
    let marked: Vec<&str> = portal_tests::fixtures::used_for(Use::Schemars)
        .map(|f| f.name)
        .collect();
    assert_eq!(names, marked);
    for (name, mut reported) in cases {
        let mut source = source_input(&format!("fixtures/{name}.json"), None);
        if source["$schema"] == "http://json-schema.org/draft-07/schema#" {
            source = portal_schema::dialect::to_draft2020(&source);
        }
        source.as_object_mut().unwrap().shift_remove("$schema");
        let object = reported.as_object_mut().unwrap();
        object.shift_remove("$schema");
        if source.get("title").is_none() {
            object.shift_remove("title");
        }
        assert_eq!(reported, source, "fixture {name}");
    }
}

#[test]
fn a_checked_json_value_reports_its_subschema_with_the_definitions_it_uses() {
    let source = source_input("fixtures/search_tickets.json", None);
    let schema = serde_json::to_value(schemars::schema_for!(search_tickets::Page)).unwrap();
    let mut expected = source["properties"]["page"].clone();
    expected["title"] = "Page".into();
    let mut schema = schema;
    schema.as_object_mut().unwrap().shift_remove("$schema");
    assert_eq!(schema, expected);
    let filter = serde_json::to_value(schemars::schema_for!(search_tickets::Filter)).unwrap();
    assert_eq!(filter["definitions"], source["definitions"]);
}

#[test]
fn a_refs_layout_nested_type_carries_the_definitions_it_uses() {
    let source = source_input("fixtures/refs_layout.json", None);
    let schema = serde_json::to_value(schemars::schema_for!(refs_layout::IntentOptions)).unwrap();
    assert_eq!(schema["$defs"], source["$defs"]);
}

/// schemars declares 2020-12 for every root schema: a draft-07 source is reported in 2020-12
/// terms, and means the same: the `jsonschema` crate gives both the same verdict.
#[test]
fn a_draft_07_schema_is_reported_in_2020_12_terms() {
    let reported = serde_json::to_value(schemars::schema_for!(search_tickets::Search)).unwrap();
    assert_eq!(
        reported["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        reported["properties"]["sort"],
        serde_json::json!({
            "type": "array",
            "prefixItems": [
                { "enum": ["created", "updated", "priority"] },
                { "enum": ["asc", "desc"] }
            ],
            "items": false,
            "minItems": 1
        })
    );
    let source = read("fixtures/search_tickets.json")["inputSchema"].clone();
    let before = jsonschema::validator_for(&source).unwrap();
    let after = jsonschema::validator_for(&reported).unwrap();
    for instance in [
        serde_json::json!({"query": "a", "sort": ["created", "asc"]}),
        serde_json::json!({"query": "a", "sort": ["created", "asc", "again"]}),
        serde_json::json!({"query": "a", "sort": ["asc"]}),
        serde_json::json!({"query": "a", "filter": {"all": [{"field": "team", "equals": 1}]}}),
        serde_json::json!({"query": "a", "filter": {"all": []}}),
    ] {
        assert_eq!(
            before.is_valid(&instance),
            after.is_valid(&instance),
            "{instance}"
        );
    }
}
