//! The Rust module of each tool of a catalog.
//!
//! The rule, deterministic and local to the tool: the module is the tool name in `snake_case`,
//! every run of characters that are not letters or digits (the `.` and `/` of namespaced names,
//! `-`) becoming one `_`, and camel case split into words (`organizations.create` →
//! `organizations_create`, `portal.generate_link.create` → `portal_generate_link_create`,
//! `getUser` → `get_user`). The modules are flat, one level under the catalog's root, so a
//! module's path is its name and a tool's files are one file each.
//!
//! A tool's patch may name its module itself with a tool-level `"x-rust-module": "name"` (ASCII
//! lowercase letters, digits and `_`, not starting with a digit, not a keyword). Two tools
//! mapping to one module are an error naming both, never a suffix: a suffix would depend on what
//! else the folder holds, so adding a tool could rename another. For the same reason the root
//! types are not re-exported at the catalog's root: a name unique today stops being so when a
//! tool with the same root type name is added. `types` is the module of the shared types, so no
//! tool may map to it.

use crate::naming;
use serde_json::Value;

/// The module holding the types several tools share.
pub const SHARED_MODULE: &str = "types";

/// The tool-level member that names a tool's module.
pub const MODULE_MEMBER: &str = "x-rust-module";

/// The module a tool named `tool_name` gets by default.
pub fn module_name(tool_name: &str) -> String {
    naming::ident(&naming::snake_case(tool_name)).to_string()
}

/// The module of a (patched) tool: its `x-rust-module`, else [`module_name`]; the error is the
/// problem with `x-rust-module`.
pub fn tool_module(tool: &Value, tool_name: &str) -> Result<String, String> {
    match tool.get(MODULE_MEMBER) {
        None => Ok(module_name(tool_name)),
        Some(Value::String(name)) if is_module_name(name) => Ok(name.clone()),
        Some(other) => Err(format!(
            "{MODULE_MEMBER} must be a Rust module name (ASCII lowercase letters, digits and `_`, not starting with a digit, not a keyword), found {other}"
        )),
    }
}

/// Whether `name` is a module name as `x-rust-module` takes it.
fn is_module_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name != "_"
        && naming::ident(name) == name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn modules_are_the_tool_names_in_snake_case() {
        for (tool, module) in [
            ("organizations.create", "organizations_create"),
            ("portal.generate_link.create", "portal_generate_link_create"),
            ("getUser", "get_user"),
            ("list-issues", "list_issues"),
            ("users/get", "users_get"),
            ("2fa.enable", "_2fa_enable"),
            ("type", "r#type"),
            ("self", "self_"),
        ] {
            assert_eq!(module_name(tool), module, "{tool}");
        }
    }

    #[test]
    fn a_patch_names_the_module_when_it_is_a_module_name() {
        let named = json!({"x-rust-module": "orgs_create"});
        assert_eq!(tool_module(&named, "a.b"), Ok("orgs_create".to_owned()));
        assert_eq!(tool_module(&json!({}), "a.b"), Ok("a_b".to_owned()));
        for bad in [
            json!("Orgs"),
            json!("1x"),
            json!("fn"),
            json!(3),
            json!("a-b"),
        ] {
            assert_eq!(
                tool_module(&json!({"x-rust-module": bad}), "a.b"),
                Err(format!(
                    "x-rust-module must be a Rust module name (ASCII lowercase letters, digits and `_`, not starting with a digit, not a keyword), found {bad}"
                ))
            );
        }
    }
}
