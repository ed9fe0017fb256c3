//! Generates the conformance harness of `tests/conformance.rs`: one module of bindings per schema
//! of the JSON-Schema-Test-Suite (every file of draft 2020-12, `optional/` and `optional/format/`
//! included), generated through `portal_schema`, and a table of every case with its expected
//! verdict. The suite's `remotes/` folder is mapped for `http://localhost:1234/` through `refs`.
//!
//! The suite is read from `JSON_SCHEMA_TEST_SUITE`, by default the full suite
//! `../shared/json-schema-test-suite-full` beside the workspace. When it is absent the table is
//! empty and the test says it was skipped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The optional files of the suite that the harness runs besides the required ones and the formats.
const REGEX_FILES: [&str; 2] = [
    "optional/ecmascript-regex.json",
    "optional/non-bmp-regex.json",
];

fn main() {
    println!("cargo:rerun-if-env-changed=JSON_SCHEMA_TEST_SUITE");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let suite = std::env::var_os("JSON_SCHEMA_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/json-schema-test-suite-full"));
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
        files.extend(json_files(&dir.join("optional")));
        files.extend(json_files(&dir.join("optional/format")));
        // The optional regex files check `pattern`'s ECMA-262 semantics; a subset of the suite
        // may lack them, so they are read from the full suite beside it when needed.
        let full = manifest.join("../../shared/json-schema-test-suite-full/draft2020-12");
        for name in REGEX_FILES {
            if !dir.join(name).is_file() && full.join(name).is_file() {
                files.push(full.join(name));
            }
        }
        let remotes = suite.join("remotes");
        for file in json_files_deep(&remotes) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let rel = file
                .strip_prefix(&dir)
                .or_else(|_| file.strip_prefix(&full))
                .unwrap()
                .display()
                .to_string();
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
                    // `format.json` tests the format-annotation vocabulary (no string is refused
                    // for its format); `optional/format/*` the assertion, the generator's default.
                    formats: if rel == "format.json" {
                        portal_schema::Formats::Annotate
                    } else {
                        portal_schema::Formats::Assert
                    },
                    ..Default::default()
                };
                let outcome = generate(
                    &remotes,
                    &modules,
                    &mut code,
                    &module,
                    &group["schema"],
                    &options,
                    "data",
                );
                // The same schema as a required property of a struct, where it takes its typed
                // form when it has one (`i64`, `String`, `Vec`, an enum...): the cases run wrapped.
                let wrapped = generate(
                    &remotes,
                    &modules,
                    &mut code,
                    &format!("{module}_field"),
                    &as_property(&group["schema"]),
                    &options,
                    "&::serde_json::json!({ \"v\": data })",
                );
                // The same schema written in draft-07, where it has a draft-07 equivalent.
                let draft07 = match as_draft07(&group["schema"]) {
                    Ok(schema) => generate(
                        &remotes,
                        &modules,
                        &mut code,
                        &format!("{module}_draft07"),
                        &schema,
                        &options,
                        "data",
                    ),
                    Err(why) => format!(
                        "Outcome::Declined({:?})",
                        format!("no draft-07 form: {why}")
                    ),
                };
                writeln!(
                    table,
                    "    Group {{ file: {rel:?}, index: {i}, description: {description:?}, schema: {schema:?}, tests: {tests:?}, outcome: {outcome}, wrapped: {wrapped}, draft07: {draft07} }},",
                    schema = group["schema"].to_string(),
                )
                .unwrap();
            }
        }
    }
    writeln!(
        code,
        "/// The optional files on `pattern` that the harness runs.\npub const REGEX_FILES: [&str; 2] = {REGEX_FILES:?};"
    )
    .unwrap();
    writeln!(
        code,
        "/// Every group of the suite.\npub static GROUPS: &[Group] = &[\n{table}];"
    )
    .unwrap();
    std::fs::write(out.join("suite.rs"), code).unwrap();
}

/// Generates the module `module` for `schema` and returns the table's outcome for it; `data` is
/// the expression, in terms of `data`, of the instance the module's type decodes.
fn generate(
    remotes: &Path,
    modules: &Path,
    code: &mut String,
    module: &str,
    schema: &serde_json::Value,
    options: &portal_schema::Options,
    data: &str,
) -> String {
    match portal_schema::Config::new()
        .options(options.clone())
        .refs("http://localhost:1234/", remotes)
        .generate(schema)
    {
        Ok(tokens) => {
            std::fs::write(
                modules.join(format!("{module}.rs")),
                portal_schema::render(&tokens),
            )
            .unwrap();
            writeln!(
                code,
                "pub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/suite/{module}.rs\"));\n    pub fn verdicts(data: &::serde_json::Value) -> [bool; 3] {{ crate::verdicts::<self::Case>({data}) }}\n}}"
            )
            .unwrap();
            format!("Outcome::Generated({module}::verdicts)")
        }
        Err(errors) => format!("Outcome::Declined({:?})", errors.to_string()),
    }
}

/// `{"type": "object", "properties": {"v": schema}, "required": ["v"]}`, with the schema's
/// pointers moved under `/properties/v`; a schema with a root `$id` stays a resource of its own and
/// needs no change. A schema with `$id` resources below a root without one becomes a resource of
/// its own too, named beside the default base URI (`https://portal.invalid/schema.json`), so its
/// fragments still name its own root and every relative `$id` and `$ref` in it resolves to the
/// same URI as before.
fn as_property(schema: &serde_json::Value) -> serde_json::Value {
    fn moved(v: &serde_json::Value) -> Option<serde_json::Value> {
        Some(match v {
            serde_json::Value::Object(m) => {
                if m.contains_key("$id") {
                    return None;
                }
                let mut out = serde_json::Map::new();
                for (k, x) in m {
                    let x = match (k.as_str(), x) {
                        // A pointer moves with the schema; a plain-name fragment (an anchor)
                        // does not.
                        ("$ref" | "$dynamicRef", serde_json::Value::String(r))
                            if r == "#" || r.starts_with("#/") =>
                        {
                            serde_json::Value::String(format!("#/properties/v{}", &r[1..]))
                        }
                        ("enum" | "const" | "default" | "examples", x) => x.clone(),
                        (_, x) => moved(x)?,
                    };
                    out.insert(k.clone(), x);
                }
                serde_json::Value::Object(out)
            }
            serde_json::Value::Array(a) => {
                serde_json::Value::Array(a.iter().map(moved).collect::<Option<_>>()?)
            }
            other => other.clone(),
        })
    }
    let mut inner = if schema.get("$id").is_some() {
        schema.clone()
    } else if let Some(inner) = moved(schema) {
        inner
    } else {
        let mut inner = schema.clone();
        if let Some(m) = inner.as_object_mut() {
            m.insert(
                "$id".to_owned(),
                serde_json::Value::String("https://portal.invalid/wrapped.json".to_owned()),
            );
        }
        inner
    };
    let dialect = inner.as_object_mut().and_then(|m| m.remove("$schema"));
    let mut root = serde_json::json!({
        "type": "object",
        "properties": { "v": inner },
        "required": ["v"]
    });
    if let Some(d) = dialect {
        root["$schema"] = d;
    }
    root
}

/// The schema in draft-07 terms (`prefixItems` → `items` and `additionalItems`, `$defs` →
/// `definitions`, `dependentRequired`/`dependentSchemas` → `dependencies`), or why it has none:
/// draft-07 lacks the keyword, or gives it another meaning (keywords beside `$ref` are ignored
/// there, `uuid` and `duration` are not draft-07 formats).
fn as_draft07(schema: &serde_json::Value) -> Result<serde_json::Value, String> {
    use serde_json::{Map, Value};
    const SCHEMA_MAPS: &[&str] = &[
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
    ];
    const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
    const SCHEMAS: &[&str] = &[
        "items",
        "not",
        "if",
        "then",
        "else",
        "additionalProperties",
        "propertyNames",
        "contains",
    ];
    fn convert(v: &Value) -> Result<Value, String> {
        let Value::Object(m) = v else {
            return Ok(v.clone());
        };
        // A custom metaschema (its vocabularies) has no draft-07 form.
        if let Some(dialect) = m.get("$schema")
            && dialect != "https://json-schema.org/draft/2020-12/schema"
        {
            return Err(format!("$schema {dialect}"));
        }
        for k in m.keys() {
            if k.starts_with("unevaluated")
                || k.starts_with("$dynamic")
                || k == "minContains"
                || k == "maxContains"
            {
                return Err(format!("\"{k}\""));
            }
        }
        if m.contains_key("$anchor") && m.contains_key("$id") {
            return Err("$anchor beside $id".to_owned());
        }
        if m.contains_key("$ref")
            && m.keys().any(|k| {
                !["$ref", "$schema", "$defs", "description", "$comment"].contains(&k.as_str())
            })
        {
            return Err("keywords beside $ref".to_owned());
        }
        if let Some(f @ ("uuid" | "duration")) = m.get("format").and_then(Value::as_str) {
            return Err(format!("format {f:?}"));
        }
        let mut out = Map::new();
        let mut dependencies = Map::new();
        for (k, x) in m {
            let key = k.as_str();
            let converted = if SCHEMA_MAPS.contains(&key) {
                let mut inner = Map::new();
                for (name, s) in x.as_object().ok_or("a map of schemas")? {
                    inner.insert(name.clone(), convert(s)?);
                }
                Value::Object(inner)
            } else if SCHEMA_LISTS.contains(&key) {
                Value::Array(
                    x.as_array()
                        .ok_or("a list of schemas")?
                        .iter()
                        .map(convert)
                        .collect::<Result<_, _>>()?,
                )
            } else if SCHEMAS.contains(&key) {
                convert(x)?
            } else if key == "$ref" {
                Value::String(
                    x.as_str()
                        .ok_or("a $ref")?
                        .replace("/$defs/", "/definitions/")
                        .replace("/prefixItems/", "/items/"),
                )
            } else {
                x.clone()
            };
            match key {
                "$schema" => {
                    out.insert(
                        k.clone(),
                        Value::String("http://json-schema.org/draft-07/schema#".into()),
                    );
                }
                "$defs" => {
                    out.insert("definitions".into(), converted);
                }
                // Draft-07 names a location with a plain-name fragment `$id`.
                "$anchor" => {
                    let name = converted.as_str().ok_or("an $anchor")?;
                    out.insert("$id".into(), Value::String(format!("#{name}")));
                }
                "prefixItems" => {
                    out.insert("items".into(), converted);
                }
                "items" if m.contains_key("prefixItems") => {
                    out.insert("additionalItems".into(), converted);
                }
                "dependentRequired" | "dependentSchemas" => {
                    for (name, d) in converted.as_object().ok_or("a map")? {
                        dependencies.insert(name.clone(), d.clone());
                    }
                }
                _ => {
                    out.insert(k.clone(), converted);
                }
            }
        }
        if m.contains_key("dependentRequired") && m.contains_key("dependentSchemas") {
            return Err("dependentRequired and dependentSchemas together".to_owned());
        }
        if !dependencies.is_empty() {
            out.insert("dependencies".into(), Value::Object(dependencies));
        }
        Ok(Value::Object(out))
    }
    if schema.to_string().contains("\"$defs\"") && schema.to_string().contains("\"definitions\"") {
        return Err("both $defs and definitions".to_owned());
    }
    let mut converted = convert(schema)?;
    if let Value::Object(m) = &mut converted {
        m.insert(
            "$schema".into(),
            Value::String("http://json-schema.org/draft-07/schema#".into()),
        );
    }
    Ok(converted)
}

/// The JSON files under `dir`, at any depth.
fn json_files_deep(dir: &Path) -> Vec<PathBuf> {
    let mut files = json_files(dir);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for d in dirs {
        files.extend(json_files_deep(&d));
    }
    files
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
