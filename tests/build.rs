//! Generates the conformance harness of `tests/conformance.rs`: one module of bindings per schema
//! of the JSON-Schema-Test-Suite (draft 2020-12 and its optional formats), generated through
//! `portal_schema`, and a table of every case with its expected verdict.
//!
//! The suite is read from `JSON_SCHEMA_TEST_SUITE`, by default `../shared/json-schema-test-suite`
//! beside the workspace. When it is absent the table is empty and the test says it was skipped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=JSON_SCHEMA_TEST_SUITE");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let suite = std::env::var_os("JSON_SCHEMA_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/json-schema-test-suite"));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let modules = out.join("suite");
    std::fs::create_dir_all(&modules).unwrap();
    let dir = suite.join("draft2020-12");
    let mut table = String::new();
    let mut code = String::new();
    writeln!(
        code,
        "/// Where the suite was looked for.\npub const SUITE_PATH: &str = {:?};\n/// Whether it was found.\npub const SUITE_FOUND: bool = {};",
        suite.display().to_string(),
        dir.is_dir()
    )
    .unwrap();
    if dir.is_dir() {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = json_files(&dir);
        files.extend(json_files(&dir.join("optional/format")));
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let rel = file.strip_prefix(&dir).unwrap().display().to_string();
            let text = std::fs::read_to_string(&file).unwrap();
            let groups: serde_json::Value = serde_json::from_str(&text).unwrap();
            for (i, group) in groups.as_array().unwrap().iter().enumerate() {
                let stem: String = rel
                    .trim_end_matches(".json")
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let module = format!("{stem}_{i}");
                let description = group["description"].as_str().unwrap_or_default();
                let tests = group["tests"].to_string();
                let options = portal_schema::Options {
                    root_name: Some("Case".to_owned()),
                };
                let outcome = match portal_schema::generate(&group["schema"], None, &options) {
                    Ok(tokens) => {
                        std::fs::write(
                            modules.join(format!("{module}.rs")),
                            portal_schema::render(&tokens),
                        )
                        .unwrap();
                        writeln!(
                            code,
                            "pub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/suite/{module}.rs\"));\n    pub fn verdicts(data: &::serde_json::Value) -> [bool; 3] {{ crate::verdicts::<self::Case>(data) }}\n}}"
                        )
                        .unwrap();
                        format!("Outcome::Generated({module}::verdicts)")
                    }
                    Err(errors) => format!("Outcome::Declined({:?})", errors.to_string()),
                };
                writeln!(
                    table,
                    "    Group {{ file: {rel:?}, index: {i}, description: {description:?}, schema: {schema:?}, tests: {tests:?}, outcome: {outcome} }},",
                    schema = group["schema"].to_string(),
                )
                .unwrap();
            }
        }
    }
    writeln!(
        code,
        "/// Every group of the suite.\npub static GROUPS: &[Group] = &[\n{table}];"
    )
    .unwrap();
    std::fs::write(out.join("suite.rs"), code).unwrap();
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
