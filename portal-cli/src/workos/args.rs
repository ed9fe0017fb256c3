//! The request of `portal workos`: the object of `--json`, with each `--set KEY=VALUE` on top.
//!
//! The rule of `--set`, in the order given:
//! - `KEY` is a property name; `a.b.c` names property `c` of the object `b` of the object `a`
//!   (each created when absent); a final `[]` (`a.b[]=v`) appends to the array there (created
//!   when absent) instead of setting it.
//! - `VALUE` is read as JSON when it parses (`5`, `true`, `null`, `["x"]`, `{"k": 1}`), and taken
//!   as a string otherwise (`Acme`). When the input schema types the property as a string
//!   (`"type": "string"`, or `["string", "null"]`), `VALUE` is always the string, so
//!   `--set name=123` sends `"123"`; only `null` stays JSON `null`, and only where the type
//!   allows it.

use portal_runtime::StrictValue;
use serde_json::{Map, Value};

use super::help::resolve;

/// What a `--set` names: the property path and whether it appends.
struct Key<'a> {
    path: Vec<&'a str>,
    append: bool,
}

fn parse_key(key: &str) -> Option<Key<'_>> {
    let (key, append) = match key.strip_suffix("[]") {
        Some(key) => (key, true),
        None => (key, false),
    };
    let path: Vec<&str> = key.split('.').collect();
    path.iter()
        .all(|segment| !segment.is_empty())
        .then_some(Key { path, append })
}

/// Whether the schema types its value as a string (and no other non-null type), and whether it
/// allows `null` too.
fn string_typed(schema: &Value) -> (bool, bool) {
    match schema.get("type") {
        Some(Value::String(t)) => (t == "string", false),
        Some(Value::Array(types)) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let null = names.contains(&"null");
            let others: Vec<&&str> = names.iter().filter(|t| **t != "null").collect();
            (others.len() == 1 && *others[0] == "string", null)
        }
        _ => (false, false),
    }
}

/// The value of one `--set`, read as the module docs say.
fn parse_value(raw: &str, schema: Option<&Value>) -> Value {
    if let Some(schema) = schema {
        let (string, nullable) = string_typed(schema);
        if string {
            return if nullable && raw == "null" {
                Value::Null
            } else {
                Value::String(raw.to_owned())
            };
        }
    }
    // A repeated property is not JSON that means one thing: read as text, the request's own
    // decoding then says what it expected there.
    match serde_json::from_str::<StrictValue>(raw) {
        Ok(StrictValue(value)) => value,
        Err(_) => Value::String(raw.to_owned()),
    }
}

/// The schema of property `name` of the object schema `schema`, if it names one.
fn property<'a>(root: &'a Value, schema: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    let schema = resolve(root, schema?);
    schema
        .get("properties")
        .and_then(|p| p.get(name))
        .map(|s| resolve(root, s))
}

/// Applies each `--set` to `request` (an object), reading types from `input` (the tool's
/// `inputSchema`). On failure, what is wrong with which `--set`.
pub fn apply_sets(request: &mut Value, sets: &[String], input: &Value) -> Result<(), String> {
    for set in sets {
        let Some((key, raw)) = set.split_once('=') else {
            return Err(format!("--set {set}: expected KEY=VALUE"));
        };
        let Some(key) = parse_key(key) else {
            return Err(format!(
                "--set {set}: expected a key of dot-separated property names, optionally ending in []"
            ));
        };
        let Value::Object(mut object) = std::mem::take(request) else {
            return Err(format!(
                "--set {set}: the request of --json is not an object"
            ));
        };
        let result = set_in(&mut object, &key, raw, input, set);
        *request = Value::Object(object);
        result?;
    }
    Ok(())
}

fn set_in(
    object: &mut Map<String, Value>,
    key: &Key<'_>,
    raw: &str,
    input: &Value,
    set: &str,
) -> Result<(), String> {
    let mut object = object;
    let mut schema = Some(input);
    let (last, parents) = key.path.split_last().expect("a key has one name at least");
    for (depth, name) in parents.iter().enumerate() {
        schema = property(input, schema, name);
        let slot = object
            .entry((*name).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(inner) = slot else {
            return Err(format!(
                "--set {set}: `{}` is not an object",
                key.path[..=depth].join(".")
            ));
        };
        object = inner;
    }
    let schema = property(input, schema, last);
    if !key.append {
        object.insert((*last).to_owned(), parse_value(raw, schema));
        return Ok(());
    }
    let items = schema
        .and_then(|s| s.get("items"))
        .map(|s| resolve(input, s));
    let slot = object
        .entry((*last).to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(array) = slot else {
        return Err(format!(
            "--set {set}: `{}` is not an array",
            key.path.join(".")
        ));
    };
    array.push(parse_value(raw, items));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input() -> Value {
        json!({"type": "object", "properties": {
            "name": {"type": "string"},
            "external_id": {"type": ["string", "null"]},
            "limit": {"type": "integer"},
            "domains": {"type": "array", "items": {"type": "string"}},
            "domain_data": {"type": "array", "items": {"$ref": "#/$defs/D"}},
            "options": {"$ref": "#/$defs/O"}
        }, "$defs": {
            "D": {"type": "object", "properties": {"domain": {"type": "string"}}},
            "O": {"type": "object", "properties": {"sso": {"type": "object", "properties": {"slug": {"type": "string"}}}}}
        }})
    }

    fn sets(start: Value, sets: &[&str]) -> Result<Value, String> {
        let mut request = start;
        let sets: Vec<String> = sets.iter().map(|s| (*s).to_owned()).collect();
        apply_sets(&mut request, &sets, &input()).map(|()| request)
    }

    #[test]
    fn values_are_json_unless_the_schema_says_string() {
        assert_eq!(
            sets(
                json!({"name": "old", "limit": 1}),
                &[
                    "name=123",
                    "external_id=null",
                    "limit=5",
                    "domains[]=456",
                    "domains[]=b.com",
                    "domain_data[]={\"domain\": \"a.com\"}",
                    "options.sso.slug=true",
                    "extra=[1, \"x\"]",
                    "word=Acme Inc",
                    "twice={\"a\": 1, \"a\": 2}",
                    "empty="
                ]
            ),
            Ok(json!({
                "name": "123",
                "limit": 5,
                "external_id": null,
                "domains": ["456", "b.com"],
                "domain_data": [{"domain": "a.com"}],
                "options": {"sso": {"slug": "true"}},
                "extra": [1, "x"],
                "word": "Acme Inc",
                "twice": "{\"a\": 1, \"a\": 2}",
                "empty": ""
            }))
        );
    }

    #[test]
    fn a_set_that_cannot_apply_says_why() {
        assert_eq!(
            sets(json!({}), &["name"]),
            Err("--set name: expected KEY=VALUE".to_owned())
        );
        assert_eq!(
            sets(json!({}), &["a..b=1"]),
            Err("--set a..b=1: expected a key of dot-separated property names, optionally ending in []".to_owned())
        );
        assert_eq!(
            sets(json!({"name": "x"}), &["name.first=1"]),
            Err("--set name.first=1: `name` is not an object".to_owned())
        );
        assert_eq!(
            sets(json!({"name": "x"}), &["name[]=1"]),
            Err("--set name[]=1: `name` is not an array".to_owned())
        );
        assert_eq!(
            sets(json!([1]), &["name=1"]),
            Err("--set name=1: the request of --json is not an object".to_owned())
        );
    }
}
