//! Loading: JSON text → a tool document (an MCP Tool object, or a bare schema wrapped as one),
//! with an RFC 7396 JSON Merge Patch applied, and the other documents its `$ref`s name bundled
//! into it from the folders a `refs` map gives.

use crate::error::SchemaError;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// A tool as the generator sees it: the MCP Tool object after the patch.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolDocument {
    /// The whole document; schemas live under `/inputSchema` and `/outputSchema`.
    pub value: Value,
    /// Whether the text was a bare schema (pointers then start at `""` rather than `/inputSchema`).
    pub bare: bool,
}

impl ToolDocument {
    /// The JSON Pointer prefix of the input schema inside the source text.
    pub fn input_pointer(&self) -> &'static str {
        if self.bare { "" } else { "/inputSchema" }
    }
}

/// Parses JSON text, reporting a syntax error with its line and column.
pub fn parse_json(text: &str) -> Result<Value, SchemaError> {
    serde_json::from_str(text).map_err(|e| {
        SchemaError::new(
            "",
            format!(
                "invalid JSON at line {} column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e)
            ),
        )
    })
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Whether `tool` is a bare schema rather than an MCP Tool object (one with `inputSchema`).
pub(crate) fn is_bare(tool: &Value) -> bool {
    !matches!(tool, Value::Object(m) if m.contains_key("inputSchema"))
}

/// Reads a tool document: an object with `inputSchema` is an MCP Tool; anything else is a bare
/// schema. A patch, when given, must be a JSON object and is merged over the Tool object (RFC 7396).
pub fn load(tool: &Value, patch: Option<&Value>) -> Result<ToolDocument, SchemaError> {
    check_json_depth(tool)?;
    if let Some(patch) = patch {
        check_json_depth(patch)?;
    }
    let bare = is_bare(tool);
    let mut value = tool.clone();
    if let Some(patch) = patch {
        if !patch.is_object() {
            return Err(SchemaError::new(
                "",
                "the patch must be a JSON object (an RFC 7396 merge patch over the tool)",
            ));
        }
        if bare {
            // A bare schema is the input schema: the patch still addresses the Tool object.
            let mut wrapped = Map::new();
            wrapped.insert("inputSchema".to_owned(), value);
            value = Value::Object(wrapped);
        }
        let mut stale = Vec::new();
        stale_corrections(&value, patch, "", &mut stale);
        if let Some(first) = stale.into_iter().next() {
            return Err(first);
        }
        merge_patch(&mut value, patch);
        if bare {
            // Keep the result as a bare schema only when the patch added nothing beside it.
            let only_input = value.as_object().is_some_and(|m| m.len() == 1);
            if only_input {
                value = value
                    .as_object_mut()
                    .and_then(|m| m.remove("inputSchema"))
                    .unwrap_or(Value::Null);
                return Ok(ToolDocument { value, bare: true });
            }
            return Ok(ToolDocument { value, bare: false });
        }
    }
    Ok(ToolDocument { value, bare })
}

/// Refuses a value nested deeper than [`crate::MAX_JSON_DEPTH`], at the pointer of the first
/// value past the limit. Text never nests deeper (`serde_json` refuses it), but a
/// [`serde_json::Value`] built in code can; every later walk over the JSON relies on this bound.
pub fn check_json_depth(value: &Value) -> Result<(), SchemaError> {
    // Recursive, but never deeper than the limit itself: the walk stops there.
    // `depth` containers enclose `v`; `v`, when a container, is one more.
    fn deepest(v: &Value, depth: usize, path: &mut Vec<String>) -> bool {
        if depth >= crate::MAX_JSON_DEPTH {
            return v.is_object() || v.is_array();
        }
        let found = match v {
            Value::Object(m) => m
                .iter()
                .find_map(|(k, child)| deepest(child, depth + 1, path).then(|| k.clone())),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, child)| deepest(child, depth + 1, path).then(|| i.to_string())),
            _ => None,
        };
        match found {
            Some(token) => {
                path.push(token);
                true
            }
            None => false,
        }
    }
    let mut path = Vec::new();
    if !deepest(value, 0, &mut path) {
        return Ok(());
    }
    let pointer = path.iter().rev().fold(String::new(), |at, token| {
        crate::error::pointer_push(&at, token)
    });
    Err(SchemaError::new(
        pointer,
        format!(
            "JSON nested deeper than {} arrays and objects, the limit",
            crate::MAX_JSON_DEPTH
        ),
    ))
}

/// A `refs` map: each entry maps a URI prefix (`http://localhost:1234/`) to a folder, so that a
/// `$ref` to a URI under the prefix reads the file at the rest of the URI under the folder.
pub type Refs = [(String, PathBuf)];

/// Bundles into the document the other documents its schemas' `$ref`s name, read from the
/// folders `refs` maps their URIs to (never fetched), as JSON Schema's bundling does: each is
/// embedded under the root schema's `$defs` (`definitions` in draft-07) with its URI as `$id`,
/// so that references resolve into it as into any embedded resource. Returns the files read, for
/// the caller to track. A `$ref` whose URI no entry maps is left as it is, for the parser to
/// refuse by name.
pub fn bundle(document: &mut ToolDocument, refs: &Refs) -> Result<Vec<PathBuf>, SchemaError> {
    let mut read = Vec::new();
    if refs.is_empty() {
        return Ok(read);
    }
    let mut roots = vec![document.input_pointer().to_owned()];
    if !document.bare && document.value.get("outputSchema").is_some() {
        roots.push("/outputSchema".to_owned());
    }
    for root in roots {
        let mut tried = std::collections::HashSet::new();
        loop {
            let resolver = crate::resolve::Resolver::new(&document.value, &root);
            let pending: Vec<(String, String)> = resolver
                .missing()
                .into_iter()
                .filter(|(uri, _)| tried.insert(uri.clone()))
                .collect();
            if pending.is_empty() {
                break;
            }
            for (uri, site) in pending {
                let Some((prefix, dir)) = refs.iter().find(|(prefix, _)| uri.starts_with(prefix))
                else {
                    continue;
                };
                let path = mapped_file(&uri, &uri[prefix.len()..], dir)
                    .map_err(|why| SchemaError::new(&site, why))?;
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    SchemaError::new(
                        &site,
                        format!("cannot read {} for $ref \"{uri}\": {e}", path.display()),
                    )
                })?;
                let mut schema = parse_json(&text).map_err(|e| {
                    SchemaError::new(
                        &site,
                        format!("{} (for $ref \"{uri}\"): {}", path.display(), e.message),
                    )
                })?;
                check_json_depth(&schema).map_err(|e| {
                    SchemaError::new(
                        &site,
                        format!("{} (for $ref \"{uri}\"): {}", path.display(), e.message),
                    )
                })?;
                read.push(path);
                embed(&mut document.value, &root, &uri, &mut schema)?;
            }
        }
    }
    Ok(read)
}

/// The file a mapped URI names: `rest` (the URI past its prefix) under `dir`. The rest must be
/// a relative path of plain segments, and the file, symbolic links followed, must lie inside the
/// folder: a schema must not read, through `..` or a link, a file that the map did not expose.
fn mapped_file(uri: &str, rest: &str, dir: &Path) -> Result<PathBuf, String> {
    let refuse = |why: &str| format!("$ref \"{uri}\" maps to no file of {}: {why}", dir.display());
    if rest.is_empty() || rest.ends_with('/') {
        return Err(refuse("it names a folder"));
    }
    if rest.contains(['\\', '?', '%', ':']) {
        return Err(refuse(
            "a mapped URI's path is plain segments separated by `/`",
        ));
    }
    if rest
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Err(refuse("empty, `.` and `..` segments are refused"));
    }
    let root = dir
        .canonicalize()
        .map_err(|e| refuse(&format!("the folder cannot be read: {e}")))?;
    let file = root
        .join(rest)
        .canonicalize()
        .map_err(|e| refuse(&e.to_string()))?;
    if !file.starts_with(&root) {
        return Err(refuse("the file lies outside the folder"));
    }
    Ok(file)
}

/// Embeds `schema`, the document at `uri`, under the definitions of the schema root at `root`.
fn embed(doc: &mut Value, root: &str, uri: &str, schema: &mut Value) -> Result<(), SchemaError> {
    let mut schema = std::mem::take(schema);
    let own_id = schema
        .get("$id")
        .and_then(Value::as_str)
        .map(|id| crate::resolve::absolute(id, uri));
    match &mut schema {
        Value::Object(m) if own_id.is_none() => {
            m.insert("$id".to_owned(), Value::String(uri.to_owned()));
        }
        Value::Object(_) if own_id.as_ref().is_some_and(|id| id.as_deref() == Some(uri)) => {}
        // A document naming itself otherwise (or a boolean) is wrapped in a resource at the URI
        // it was read from, so that the `$ref` to that URI still leads to it; its own `$id`
        // holds inside.
        Value::Object(_) | Value::Bool(_) => {
            schema = serde_json::json!({ "$id": uri, "allOf": [schema] });
        }
        _ => {
            return Err(SchemaError::new(
                root,
                format!("$ref \"{uri}\": the document is not a schema"),
            ));
        }
    }
    let draft07 = doc
        .pointer(root)
        .and_then(|r| r.get("$schema"))
        .and_then(Value::as_str)
        .and_then(crate::keywords::Dialect::from_uri)
        == Some(crate::keywords::Dialect::Draft07);
    let key = if draft07 { "definitions" } else { "$defs" };
    let Some(Value::Object(root_schema)) = doc.pointer_mut(root) else {
        return Err(SchemaError::new(
            root,
            format!("$ref \"{uri}\" is written in a schema that is not an object"),
        ));
    };
    let defs = root_schema
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(defs) = defs else {
        return Err(SchemaError::new(
            crate::error::pointer_push(root, key),
            format!("{key} must be an object"),
        ));
    };
    defs.insert(uri.to_owned(), schema);
    Ok(())
}

/// Finds corrections to properties the tool no longer declares: after a rename or removal
/// upstream, merging them would bring back a property the API no longer takes.
fn stale_corrections(target: &Value, patch: &Value, ptr: &str, out: &mut Vec<SchemaError>) {
    let (Value::Object(target), Value::Object(patch)) = (target, patch) else {
        return;
    };
    for (key, p) in patch {
        let at = crate::error::pointer_push(ptr, key);
        let Some(t) = target.get(key) else { continue };
        if key == "properties"
            && let (Value::Object(declared), Value::Object(corrected)) = (t, p)
        {
            for (name, correction) in corrected {
                if !declared.contains_key(name) && !correction.is_null() {
                    out.push(SchemaError::new(
                        crate::error::pointer_push(&at, name),
                        format!(
                            "the patch corrects property \"{name}\", which the tool does not declare (renamed or removed upstream?): update the patch"
                        ),
                    ));
                }
            }
        }
        stale_corrections(t, p, &at, out);
    }
}

/// RFC 7396 JSON Merge Patch: objects merge key by key, `null` removes, anything else replaces.
///
/// Written here rather than taken from the `json-patch` crate: the algorithm is the RFC's ten-line
/// pseudocode, and the crate would add a dependency tree for it.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(target) = target else {
        return;
    };
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396_examples() {
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!(["a", "b"]), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
        ];
        for (mut target, patch, expected) in cases {
            merge_patch(&mut target, &patch);
            assert_eq!(target, expected);
        }
    }

    /// A fresh folder of `files` (relative path, text) under the system's temporary folder.
    fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("portal-refs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn mapped_documents_are_bundled_with_their_uri_as_id_and_each_file_is_listed() {
        let dir = folder(
            "bundle",
            &[
                ("a.json", r#"{"$ref": "sub/b.json"}"#),
                ("sub/b.json", r#"{"type": "integer"}"#),
            ],
        );
        let refs = vec![("http://localhost:1234/".to_owned(), dir.clone())];
        let mut doc = load(&json!({"$ref": "http://localhost:1234/a.json"}), None).unwrap();
        let read = bundle(&mut doc, &refs).unwrap();
        assert_eq!(
            read,
            [
                dir.join("a.json").canonicalize().unwrap(),
                dir.join("sub/b.json").canonicalize().unwrap()
            ]
        );
        assert_eq!(
            doc.value,
            json!({
                "$ref": "http://localhost:1234/a.json",
                "$defs": {
                    "http://localhost:1234/a.json":
                        {"$ref": "sub/b.json", "$id": "http://localhost:1234/a.json"},
                    "http://localhost:1234/sub/b.json":
                        {"type": "integer", "$id": "http://localhost:1234/sub/b.json"}
                }
            })
        );
        // An unmapped document is left for the parser, which names it.
        let mut other = load(&json!({"$ref": "https://example.com/x.json"}), None).unwrap();
        assert_eq!(bundle(&mut other, &refs).unwrap(), Vec::<PathBuf>::new());
        let err = crate::Config::new()
            .refs("http://localhost:1234/", &dir)
            .generate(&json!({"$ref": "https://example.com/x.json"}))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "schema error at /$ref: $ref \"https://example.com/x.json\" does not resolve within this document"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_mapped_uri_reads_nothing_outside_its_folder() {
        let dir = folder("outside", &[("inside/a.json", "{}"), ("secret.json", "{}")]);
        let refs = vec![("http://localhost:1234/".to_owned(), dir.join("inside"))];
        let refused = |reference: &str| {
            let mut doc = load(&json!({"$ref": reference}), None).unwrap();
            bundle(&mut doc, &refs).unwrap_err().to_string()
        };
        let shown = format!("{}", dir.join("inside").display());
        assert_eq!(
            refused("http://localhost:1234/..%2Fsecret.json"),
            format!(
                "schema error at /$ref: $ref \"http://localhost:1234/..%2Fsecret.json\" maps to no file of {shown}: a mapped URI's path is plain segments separated by `/`"
            )
        );
        assert_eq!(
            refused("http://localhost:1234/"),
            format!(
                "schema error at /$ref: $ref \"http://localhost:1234/\" maps to no file of {shown}: it names a folder"
            )
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.json"), dir.join("inside/link.json"))
                .unwrap();
            assert_eq!(
                refused("http://localhost:1234/link.json"),
                format!(
                    "schema error at /$ref: $ref \"http://localhost:1234/link.json\" maps to no file of {shown}: the file lies outside the folder"
                )
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_correction_to_a_property_the_tool_no_longer_has_is_refused() {
        let tool = json!({"name": "t", "inputSchema": {"type": "object", "properties": {"it_contact_emails": {"type": "array"}}}});
        let patch = json!({"inputSchema": {"properties": {"admin_emails": {"maxItems": 20}}}});
        let err = load(&tool, Some(&patch)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "schema error at /inputSchema/properties/admin_emails: the patch corrects property \"admin_emails\", which the tool does not declare (renamed or removed upstream?): update the patch"
        );
        let removal = json!({"inputSchema": {"properties": {"admin_emails": null}}});
        assert!(load(&tool, Some(&removal)).is_ok());
    }
}
