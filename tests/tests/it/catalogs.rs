//! Catalogs: the test catalog `tests/catalogs/acme` generated whole (a snapshot per tool, the
//! shared types once), expanded by `catalog!` in `portal_tests::catalogs` and used, and the
//! errors of a broken catalog.

use portal_runtime::prelude::*;
use portal_schema::catalog::{self, Generated};
use portal_tests::catalogs::acme;
use std::path::{Path, PathBuf};

use crate::support::TempCatalog;

fn acme_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogs/acme")
}

fn generate(dir: &Path) -> Generated {
    catalog::generate(&catalog::read_dir(dir).unwrap(), &Default::default())
}

/// A fresh temporary folder of `files`, removed when dropped.
fn folder(name: &str, files: &[(&str, &str)]) -> TempCatalog {
    let dir = TempCatalog::new(&format!("catalog-{name}"));
    for (file, text) in files {
        dir.text(file, text);
    }
    dir
}

#[test]
fn each_tool_of_the_catalog_is_one_snapshot() {
    let files = generate(&acme_dir()).render_files().unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "mod.rs",
            "organizations_create.rs",
            "organizations_get.rs",
            "organizations_list.rs",
            "organizations_update.rs",
            "types.rs",
            "users_get.rs"
        ]
    );
    for (name, text) in &files {
        // Each file is a Rust file on its own.
        syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_snapshot!(
            format!("catalog_acme_{}", name.trim_end_matches(".rs")),
            text
        );
    }
}

#[test]
fn a_definition_three_tools_share_is_generated_once() {
    let files = generate(&acme_dir()).render_files().unwrap();
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(all.matches("pub struct Organization {").count(), 1);
    assert_eq!(all.matches("pub struct Domain {").count(), 1);
    assert_eq!(all.matches("pub enum StateDomain {").count(), 1);
    // Types no other tool holds stay in their tool's module.
    let (_, list) = files
        .iter()
        .find(|(n, _)| n == "organizations_list.rs")
        .unwrap();
    assert!(list.contains("pub struct ListMetadata {"), "{list}");
    assert!(
        list.contains("pub data: ::portal_runtime::__private_v1::Vec<super::types::Organization>,"),
        "{list}"
    );
    // Every struct of the catalog: 5 requests, 5 outputs, `ListMetadata`, and the two shared;
    // each with its builder (spelled out by the runtime's `impl_builder!`).
    assert_eq!(all.matches("\npub struct ").count(), 13);
    let builders = all
        .lines()
        .filter(|l| l.starts_with("::portal_runtime::__private_v1::impl_builder! {"))
        .count();
    assert_eq!(builders, 13);
    let (_, update) = files
        .iter()
        .find(|(n, _)| n == "organizations_update.rs")
        .unwrap();
    assert!(
        update.contains("pub organization: ::portal_runtime::__private_v1::Nullable<\n        super::types::Organization,\n    >,"),
        "{update}"
    );
}

#[test]
fn the_expanded_catalog_builds_validates_sends_and_decodes() {
    use acme::organizations_create::{Organizations, OrganizationsOutput};
    use acme::types::{Domain, StateDomain};
    let request = Organizations::builder()
        .name("Acme")
        .domains(vec![
            Domain::builder()
                .domain("acme.test")
                .state(StateDomain::Verified)
                .build(),
        ])
        .build();
    request.validate().unwrap();
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"name":"Acme","domains":[{"domain":"acme.test","state":"verified"}]}"#
    );
    assert_eq!(<Organizations as Operation>::TOOL, "organizations.create");
    assert_eq!(<Organizations as Operation>::PATH, "/organizations");

    let output = OrganizationsOutput::from_json(
        r#"{"organization": {"id": "org_1", "name": "Acme", "domains": [{"domain": "acme.test"}]}}"#,
    )
    .unwrap();
    assert_eq!(output.organization.id, "org_1");
    // The shared type's checks run from each tool's type, at the pointers of that tool's value.
    let errors = OrganizationsOutput::from_json(
        r#"{"organization": {"id": "x", "name": "", "domains": [{"domain": "a..b", "state": "gone"}]}}"#,
    )
    .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "4 violations\n  /organization/id: expected a string matching \"^org_\", found \"x\" (pattern)\n  /organization/name: expected at least 1 character, found 0 (minLength)\n  /organization/domains/0/domain: expected a host name (format \"hostname\"), found \"a..b\" (format)\n  /organization/domains/0/state: expected one of \"pending\", \"verified\", found \"gone\" (enum)"
    );
    let errors = acme::organizations_list::ListOrganizationsOutput::from_json(
        r#"{"data": [{"id": "org_1", "name": "A", "domains": []}, {"id": "y", "name": "B", "domains": []}], "list_metadata": {"after": null}}"#,
    )
    .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "1 violation\n  /data/1/id: expected a string matching \"^org_\", found \"y\" (pattern)"
    );
    // One Rust type for every tool that holds the definition.
    let from_get = acme::organizations_get::GetOrganizationsOutput::builder()
        .organization(output.organization)
        .build();
    let _: &acme::types::Organization = &from_get.organization;
    // A shared type behind `anyOf` with `null`: `null`, or the type with its checks.
    use acme::organizations_update::UpdateOrganizationsOutput as Updated;
    let gone = Updated::from_json(r#"{"organization": null}"#).unwrap();
    assert_eq!(gone.organization, portal_runtime::Nullable::Null);
    let errors = Updated::from_json(r#"{"organization": {"id": "z", "name": "A", "domains": []}}"#)
        .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "1 violation\n  /organization/id: expected a string matching \"^org_\", found \"z\" (pattern)"
    );
}

#[test]
fn the_catalog_const_lists_every_tool_with_its_fingerprint() {
    let c = acme::CATALOG;
    assert_eq!(c.name, "acme");
    let names: Vec<&str> = c.tools.iter().map(|t| t.name).collect();
    assert_eq!(
        names,
        [
            "organizations.create",
            "organizations.get",
            "organizations.list",
            "organizations.update",
            "users.get"
        ]
    );
    let get = c.tool("organizations.get").unwrap();
    assert_eq!(get.module, "organizations_get");
    assert_eq!(get.method, Some(portal_runtime::Method::Get));
    assert_eq!(get.path, Some("/organizations/{id}"));
    assert_eq!(get.description, "Get an organization by its id.");
    let dir = catalog::read_dir(&acme_dir()).unwrap();
    for (tool, file) in c.tools.iter().zip(&dir.tools) {
        let mut patched = file.published.clone();
        if let Some(patch) = &file.patch {
            portal_schema::load::merge_patch(&mut patched, patch);
        }
        assert_eq!(
            tool.fingerprint,
            catalog::fingerprint(&patched),
            "{}",
            tool.name
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(tool.published).unwrap(),
            file.published
        );
    }
    assert_eq!(c.tool("users.get").unwrap().method, None);
}

#[test]
fn every_error_of_every_tool_is_reported_with_its_file_and_pointer() {
    let temp = folder(
        "broken",
        &[
            (
                "a.create.json",
                r#"{"name": "a.create", "inputSchema": {"type": "object", "properties": {"x": {"type": "string", "maxItems": 1}}}}"#,
            ),
            (
                "a.create.patch.json",
                r#"{"inputSchema": {"required": ["zz"]}}"#,
            ),
            (
                "a_create.json",
                r#"{"name": "a_create", "inputSchema": {"type": "object"}}"#,
            ),
            (
                "b.get.json",
                r#"{"name": "b.get", "inputSchema": {"type": "object", "properties": {}}}"#,
            ),
            (
                "types.json",
                r#"{"name": "types", "inputSchema": {"type": "object"}}"#,
            ),
            (
                "c.json",
                r#"{"name": "c", "inputSchema": {"type": "object"}}"#,
            ),
            ("c.patch.json", r#"{"x-rust-module": "Bad"}"#),
            (
                "d.json",
                r#"{"name": "d", "inputSchema": {"type": "object", "properties": {}}}"#,
            ),
            ("d.patch.json", r#"{"x-rust-module": "a_create"}"#),
            (
                "e.get.json",
                r#"{"name": "e.get", "inputSchema": {"type": "object", "properties": {}}}"#,
            ),
            ("e.get.patch.json", r#"{"x-rust-module": "e_renamed"}"#),
        ],
    );
    let dir = temp.path();
    let g = generate(dir);
    let shown: Vec<String> = g
        .errors
        .iter()
        .map(|e| e.to_string().replace(&format!("{}/", dir.display()), ""))
        .collect();
    assert_eq!(
        shown,
        [
            "a_create.json: schema error at /name: tools \"a.create\" and \"a_create\" both map to the module \"a_create\": give one a module of its own with an \"x-rust-module\" member in its patch (a_create.patch.json)",
            "c.patch.json: schema error at /x-rust-module: x-rust-module must be a Rust module name (ASCII lowercase letters, digits and `_`, not starting with a digit, not a keyword), found \"Bad\"",
            "d.patch.json: schema error at /x-rust-module: tools \"a.create\" and \"d\" both map to the module \"a_create\": give one a module of its own with an \"x-rust-module\" member in its patch (d.patch.json)",
            "types.json: schema error at /name: tool \"types\" maps to the module \"types\", the catalog's shared types: give one a module of its own with an \"x-rust-module\" member in its patch (types.patch.json)",
            "a.create.patch.json: schema error at /inputSchema/required/0: required property \"zz\" is not declared in properties",
            "a.create.json: schema error at /inputSchema/properties/x/maxItems: keyword \"maxItems\" does not apply to type \"string\"",
        ]
    );
    // A module a patch names is the tool's.
    let e = g.tools.iter().find(|t| t.name == "e.get").unwrap();
    assert_eq!(e.module, "e_renamed");
    assert!(e.items.is_some());
    // The tools without problems are generated all the same.
    let b = g.tools.iter().find(|t| t.name == "b.get").unwrap();
    assert!(b.items.is_some());
    assert!(g.render_files().is_none());
}

#[test]
fn refs_map_remote_documents_for_every_tool_and_the_files_read_are_listed() {
    let tool = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/schemas/remote-refs.json"),
    )
    .unwrap();
    let temp = folder("refs", &[("contacts.add.json", &tool)]);
    let dir = temp.path();
    let remote = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/remote");
    let unmapped = generate(dir);
    assert_eq!(unmapped.errors.len(), 2, "{:?}", unmapped.errors);
    let mapped = catalog::generate_with(
        &catalog::read_dir(dir).unwrap(),
        &Default::default(),
        &[("https://schemas.example.com/".to_owned(), remote.clone())],
    );
    assert_eq!(mapped.errors, []);
    let files: Vec<PathBuf> = mapped
        .files
        .iter()
        .map(|f| f.strip_prefix(&remote).unwrap().to_owned())
        .collect();
    assert_eq!(
        files,
        [
            PathBuf::from("shared/address.json"),
            PathBuf::from("shared/country.json"),
            PathBuf::from("shared/phone.json")
        ]
    );
}

#[test]
fn changing_one_tools_schema_changes_one_file() {
    let before = generate(&acme_dir()).render_files().unwrap();
    let copy: Vec<(String, String)> = std::fs::read_dir(acme_dir())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path()).unwrap();
            let text = if name == "organizations.get.json" {
                text.replace(
                    r#""pattern": "^org_", "description""#,
                    r#""pattern": "^org_", "maxLength": 40, "description""#,
                )
            } else {
                text
            };
            (name, text)
        })
        .collect();
    let files: Vec<(&str, &str)> = copy.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let temp = folder("one-change", &files);
    let dir = temp.path();
    let after = generate(dir).render_files().unwrap();
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, _)| b.0.as_str())
        .collect();
    assert_eq!(changed, ["organizations_get.rs"]);
}

#[test]
fn an_output_several_tools_return_is_generated_once_and_reexported_by_each() {
    let thing = r#"{"title": "Thing", "type": "object", "properties": {"id": {"type": "string", "minLength": 3}}, "required": ["id"]}"#;
    let tool = |name: &str, output: &str| {
        format!(
            r#"{{"name": "{name}", "inputSchema": {{"type": "object", "properties": {{"id": {{"type": "string"}}}}}}, "outputSchema": {output}, "x-http": {{"method": "POST", "path": "/things"}}}}"#
        )
    };
    let get = tool("things.get", thing);
    let create = tool("things.create", thing);
    // The same schema as a definition of a list's output: shared with the two outputs.
    let list = tool(
        "things.list",
        r##"{"title": "ThingList", "type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/$defs/Thing"}}}, "$defs": {"Thing": {"type": "object", "properties": {"id": {"type": "string", "minLength": 3}}, "required": ["id"]}}}"##,
    );
    // Another schema under the same title, once: the tool's own type.
    let delete = tool(
        "things.delete",
        r#"{"title": "Thing", "type": "object", "properties": {"gone": {"type": "boolean"}}}"#,
    );
    // A request type of the output's name: the output is re-exported under the name a lone
    // tool gives it.
    let thing_tool = tool("thing", thing);
    let temp = folder(
        "shared-output",
        &[
            ("things.get.json", &get),
            ("things.create.json", &create),
            ("things.list.json", &list),
            ("things.delete.json", &delete),
            ("thing.json", &thing_tool),
        ],
    );
    let files = generate(temp.path()).render_files().unwrap();
    let file = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .unwrap()
    };
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    // The shared one, `things.delete`'s own and the request type of `thing`.
    assert_eq!(all.matches("pub struct Thing {").count(), 3);
    assert!(file("types.rs").contains("pub struct Thing {"));
    assert!(file("things_delete.rs").contains("pub struct Thing {"));
    assert!(file("thing.rs").contains("pub struct Thing {"));
    for (name, reexport) in [
        ("things_get.rs", "pub use super::types::Thing;"),
        ("things_create.rs", "pub use super::types::Thing;"),
        ("thing.rs", "pub use super::types::Thing as Thing2;"),
    ] {
        let text = file(name);
        assert!(text.contains(reexport), "{name}: {text}");
        assert_eq!(
            text.matches("pub struct Thing {").count(),
            usize::from(name == "thing.rs"),
            "{name}: {text}"
        );
        assert!(
            text.contains("type Output = super::types::Thing;"),
            "{name}: {text}"
        );
    }
    assert!(file("things_get.rs").contains("returns [`Thing`]."));
    assert!(file("thing.rs").contains("returns [`Thing2`]."));
    assert!(
        file("things_list.rs")
            .contains("pub data: ::portal_runtime::__private_v1::Option<\n        ::portal_runtime::__private_v1::Vec<super::types::Thing>,\n    >,"),
        "{}",
        file("things_list.rs")
    );
}
