//! Catalogs: every tool of a provider, read from one folder ([`dir`]) and generated as one module
//! tree ([`generate()`]).
//!
//! The tree: the catalog's root module, documented with the list of its tools, holds
//!
//! - a module per tool, named by the rule of [`naming`] (`organizations.create` →
//!   `organizations_create`), with what one `tool!` generates for that tool: the request type
//!   (named from the tool, `CreateOrganizations`), its output type and their nested types, the
//!   `Operation` impl;
//! - `types`, when several tools share definitions: each generated once there (see [`shared`]),
//!   and named by path from the tools' modules (`super::types::Organization`);
//! - `pub const CATALOG`, the runtime's `Catalog` listing every tool (name, description, module,
//!   REST binding, fingerprint of the patched tool, the tool as published).

pub mod dir;
mod error_bodies;
mod generate;
pub mod naming;
pub mod shared;

pub use dir::{CatalogDir, DirError, ToolFile, read_dir, tool_path, tool_text};
pub use generate::{CatalogError, Generated, GeneratedTool, fingerprint, generate, generate_with};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn folder(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("portal-catalog-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_reads_sorted_with_patches_facts_and_list_results() {
        let dir = folder(
            "ok",
            &[
                (
                    "b.get.json",
                    r#"{"name": "b.get", "inputSchema": {"type": "object"}}"#,
                ),
                (
                    "b.get.patch.json",
                    r#"{"inputSchema": {"required": ["id"]}}"#,
                ),
                (
                    "list.json",
                    r#"{"tools": [{"name": "a.create", "inputSchema": {}}], "nextCursor": null}"#,
                ),
                (
                    "catalog.json",
                    r#"{"name": "acme", "x-http-base": "https://old"}"#,
                ),
                (
                    "catalog.patch.json",
                    r#"{"x-http-base": "https://api.acme.test"}"#,
                ),
            ],
        );
        let catalog = read_dir(&dir).unwrap();
        assert_eq!(catalog.name(), "acme");
        assert_eq!(
            catalog.facts,
            json!({"name": "acme", "x-http-base": "https://api.acme.test"})
        );
        let names: Vec<&str> = catalog.tools.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a.create", "b.get"]);
        assert_eq!(
            catalog.tool("b.get").unwrap().patch,
            Some(json!({"inputSchema": {"required": ["id"]}}))
        );
        assert_eq!(
            catalog.tool("a.create").unwrap().file,
            dir.join("list.json")
        );
        assert_eq!(catalog.files().len(), 5);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn every_problem_of_a_folder_is_reported() {
        let dir = folder(
            "bad",
            &[
                ("a.json", r#"{"name": "b", "inputSchema": {}}"#),
                ("c.json", r#"{"name": "c", "inputSchema": {}}"#),
                (
                    "list.json",
                    r#"{"tools": [{"name": "c", "inputSchema": {}}, {"name": 3}]}"#,
                ),
                ("d.patch.json", "{}"),
                ("e.json", "[1]"),
                ("f.json", "{"),
            ],
        );
        let errors: Vec<String> = read_dir(&dir)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string().replace(&format!("{}/", dir.display()), ""))
            .collect();
        assert_eq!(
            errors,
            [
                "a.json: the tool is named \"b\": its file must be named \"b\" + \".json\"",
                "e.json: neither an MCP Tool (with \"inputSchema\"), a tools/list result (with \"tools\") nor catalog.json",
                "f.json: invalid JSON at line 1 column 1: EOF while parsing an object",
                "list.json: /tools/1 is not an MCP Tool (a string \"name\" and an \"inputSchema\")",
                "list.json: tool \"c\" is published twice (also in c.json)",
                "d.patch.json: a patch for \"d\", but the catalog has no such tool",
            ]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn tool_files_are_named_and_written_deterministically() {
        let dir = std::path::Path::new("/s");
        assert_eq!(
            tool_path(dir, "portal.generate_link.create"),
            Some(dir.join("portal.generate_link.create.json"))
        );
        assert_eq!(tool_path(dir, "../x"), None);
        assert_eq!(tool_path(dir, "catalog"), None);
        assert_eq!(tool_path(dir, "a.patch"), None);
        assert_eq!(tool_path(dir, ""), None);
        assert_eq!(
            tool_text(&json!({"name": "a", "inputSchema": {}})),
            "{\n  \"name\": \"a\",\n  \"inputSchema\": {}\n}\n"
        );
    }
}
