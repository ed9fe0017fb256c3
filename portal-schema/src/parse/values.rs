//! One reader per keyword value, shared by the typed and the general form: a keyword's value is
//! accepted (and refused, with the same message) by the same function whichever form reads it.

use crate::error::{SchemaErrors, pointer_push};
use crate::ir::Formats;
use crate::ir::Limit;
use crate::keywords::{self, Dialect};
use serde_json::{Map, Value};

/// The non-negative integer under `key` (`2.0` included: `minLength`, `maxItems`,
/// `minProperties`...), or a schema error at its pointer.
pub(crate) fn non_negative(
    map: &Map<String, Value>,
    key: &str,
    ptr: &str,
    errors: &mut SchemaErrors,
) -> Option<u64> {
    let v = map.get(key)?;
    let n = v.as_u64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0)
            .map(|f| f as u64)
    });
    if n.is_none() {
        errors.push(
            pointer_push(ptr, key),
            format!("{key} must be a non-negative integer, found {v}"),
        );
    }
    n
}

/// The number under `key` (`minimum`, `exclusiveMaximum`...; `multipleOf` greater than 0),
/// exactly as the JSON value holds it, or a schema error at its pointer.
pub(crate) fn number(
    map: &Map<String, Value>,
    key: &str,
    ptr: &str,
    errors: &mut SchemaErrors,
) -> Option<Limit> {
    let v = map.get(key)?;
    match v.as_number().and_then(Limit::of) {
        Some(n) if key != "multipleOf" || n.is_positive() => Some(n),
        _ => {
            let what = if key == "multipleOf" {
                "a number greater than 0"
            } else {
                "a number"
            };
            errors.push(
                pointer_push(ptr, key),
                format!("{key} must be {what}, found {v}"),
            );
            None
        }
    }
}

/// Whether `pattern` (a `pattern` value or a `patternProperties` name, at `ptr`) translates to the
/// runtime's engines; a schema error at `ptr` if not.
pub(crate) fn regex(pattern: &str, ptr: &str, errors: &mut SchemaErrors) -> bool {
    match crate::ecma::translate(pattern) {
        Ok(_) => true,
        Err(e) => {
            errors.push(ptr, e);
            false
        }
    }
}

/// The `pattern` of the schema at `ptr`, when it is a string the runtime can match.
pub(crate) fn pattern(
    map: &Map<String, Value>,
    ptr: &str,
    errors: &mut SchemaErrors,
) -> Option<String> {
    let at = || pointer_push(ptr, "pattern");
    match map.get("pattern")? {
        Value::String(p) => regex(p, &at(), errors).then(|| p.clone()),
        other => {
            errors.push(at(), format!("pattern must be a string, found {other}"));
            None
        }
    }
}

/// The property names of a list at `ptr` (`required`, a `dependentRequired` entry), each with its
/// index in the list; an entry that is not a string is a schema error at its own pointer.
pub(crate) fn names(v: &Value, ptr: &str, errors: &mut SchemaErrors) -> Vec<(usize, String)> {
    let Value::Array(list) = v else {
        errors.push(
            ptr,
            format!("expected an array of property names, found {v}"),
        );
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            Value::String(s) => Some((i, s.clone())),
            other => {
                errors.push(
                    pointer_push(ptr, &i.to_string()),
                    format!("expected a property name, found {other}"),
                );
                None
            }
        })
        .collect()
}

/// The subschemas by name of a keyword at `ptr` (`properties`, `patternProperties`,
/// `dependentSchemas`), or a schema error when it is not an object.
pub(crate) fn schemas<'v>(
    v: &'v Value,
    ptr: &str,
    errors: &mut SchemaErrors,
) -> Option<&'v Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        other => {
            errors.push(ptr, format!("expected an object of schemas, found {other}"));
            None
        }
    }
}

/// A `format` as the generated code uses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FormatUse {
    /// The format's name.
    pub name: String,
    /// Whether it is checked; otherwise it is only shown in the docs.
    pub asserted: bool,
}

/// The `format` of the schema at `ptr`: asserted when `dialect` defines it and `formats` asks for
/// assertion, an annotation otherwise (JSON Schema ignores a format it does not define, and a
/// real schema's `int32` or `password` must not be refused). Not a string: a schema error.
pub(crate) fn format(
    map: &Map<String, Value>,
    dialect: Dialect,
    formats: Formats,
    ptr: &str,
    errors: &mut SchemaErrors,
) -> Option<FormatUse> {
    match map.get("format")? {
        Value::String(name) => Some(FormatUse {
            name: name.clone(),
            asserted: formats == Formats::Assert && keywords::defines_format(dialect, name),
        }),
        other => {
            errors.push(
                pointer_push(ptr, "format"),
                format!("format must be a string, found {other}"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T>(
        schema: Value,
        reader: impl FnOnce(&Map<String, Value>, &mut SchemaErrors) -> Option<T>,
    ) -> (Option<T>, String) {
        let mut errors = SchemaErrors::default();
        let value = reader(schema.as_object().unwrap(), &mut errors);
        (value, errors.to_string())
    }

    #[test]
    fn counts_take_integral_floats_and_refuse_the_rest() {
        let count =
            |m: &Map<String, Value>, e: &mut SchemaErrors| non_negative(m, "minLength", "/p", e);
        assert_eq!(
            read(json!({"minLength": 2.0}), count),
            (Some(2), String::new())
        );
        assert_eq!(
            read(json!({"minLength": -1}), count),
            (
                None,
                "schema error at /p/minLength: minLength must be a non-negative integer, found -1"
                    .to_owned()
            )
        );
        assert_eq!(read(json!({}), count), (None, String::new()));
    }

    #[test]
    fn multiple_of_must_be_positive() {
        let multiple =
            |m: &Map<String, Value>, e: &mut SchemaErrors| number(m, "multipleOf", "", e);
        assert_eq!(
            read(json!({"multipleOf": 0}), multiple),
            (
                None,
                "schema error at /multipleOf: multipleOf must be a number greater than 0, found 0"
                    .to_owned()
            )
        );
        let minimum = |m: &Map<String, Value>, e: &mut SchemaErrors| number(m, "minimum", "", e);
        assert_eq!(
            read(json!({"minimum": -0.5}), minimum),
            (Some(Limit::Float(-0.5)), String::new())
        );
        // Integers past 2^53 are kept exactly, not rounded to an `f64`.
        let maximum = |m: &Map<String, Value>, e: &mut SchemaErrors| number(m, "maximum", "", e);
        assert_eq!(
            read(json!({"maximum": 9_007_199_254_740_993_u64}), maximum),
            (Some(Limit::Integer(9_007_199_254_740_993)), String::new())
        );
        assert_eq!(
            read(json!({"maximum": 2.0}), maximum),
            (Some(Limit::Integer(2)), String::new())
        );
        assert_eq!(
            read(json!({"maximum": 1e300}), maximum),
            (Some(Limit::Float(1e300)), String::new())
        );
    }

    #[test]
    fn formats_are_asserted_where_defined_and_annotations_elsewhere() {
        let read_in = |schema: Value, d: Dialect, f: Formats| {
            read(
                schema,
                move |m: &Map<String, Value>, e: &mut SchemaErrors| format(m, d, f, "", e),
            )
        };
        let use_of = |name: &str, asserted: bool| {
            Some(FormatUse {
                name: name.to_owned(),
                asserted,
            })
        };
        let (assert, annotate) = (Formats::Assert, Formats::Annotate);
        let uuid = json!({"format": "uuid"});
        assert_eq!(
            read_in(uuid.clone(), Dialect::Draft2020, assert),
            (use_of("uuid", true), String::new())
        );
        assert_eq!(
            read_in(uuid, Dialect::Draft07, assert),
            (use_of("uuid", false), String::new())
        );
        assert_eq!(
            read_in(json!({"format": "idn-hostname"}), Dialect::Draft07, assert),
            (use_of("idn-hostname", true), String::new())
        );
        assert_eq!(
            read_in(json!({"format": "ipv4"}), Dialect::Draft2020, annotate),
            (use_of("ipv4", false), String::new())
        );
        for unknown in ["int32", "password", "x-vendor", "Email"] {
            assert_eq!(
                read_in(json!({ "format": unknown }), Dialect::Draft2020, assert),
                (use_of(unknown, false), String::new())
            );
        }
        assert_eq!(
            read_in(json!({"format": 5}), Dialect::Draft2020, assert),
            (
                None,
                "schema error at /format: format must be a string, found 5".to_owned()
            )
        );
    }

    #[test]
    fn names_are_strings_in_a_list() {
        let required = json!(["a", 1, "b"]);
        let mut errors = SchemaErrors::default();
        assert_eq!(
            names(&required, "/required", &mut errors),
            vec![(0, "a".to_owned()), (2, "b".to_owned())]
        );
        assert_eq!(
            errors.to_string(),
            "schema error at /required/1: expected a property name, found 1"
        );
        let mut errors = SchemaErrors::default();
        assert_eq!(names(&json!("a"), "/required", &mut errors), vec![]);
        assert_eq!(
            errors.to_string(),
            "schema error at /required: expected an array of property names, found \"a\""
        );
    }

    #[test]
    fn subschemas_by_name_are_an_object() {
        let mut errors = SchemaErrors::default();
        assert!(schemas(&json!([]), "/properties", &mut errors).is_none());
        assert_eq!(
            errors.to_string(),
            "schema error at /properties: expected an object of schemas, found []"
        );
    }

    #[test]
    fn the_typed_and_the_general_form_refuse_a_value_with_one_message() {
        let errors = |schema: Value| {
            crate::Config::new()
                .generate(&schema)
                .unwrap_err()
                .to_string()
        };
        let typed = json!({"type": "object", "properties": {"a": {"type": "string"}},
            "required": ["a", 1]});
        let mut general = typed.clone();
        general["patternProperties"] = json!({"^x": true});
        for schema in [typed, general] {
            assert_eq!(
                errors(schema),
                "schema error at /required/1: expected a property name, found 1"
            );
        }
        let typed =
            json!({"type": "object", "properties": {"a": {"type": "object", "properties": []}}});
        let general = json!({"type": "object", "properties": {"a": {"properties": [], "propertyNames": true, "minProperties": 1}}});
        for schema in [typed, general] {
            assert_eq!(
                errors(schema),
                "schema error at /properties/a/properties: expected an object of schemas, found []"
            );
        }
    }

    #[test]
    fn a_pattern_must_be_a_string() {
        let read_pattern = |m: &Map<String, Value>, e: &mut SchemaErrors| pattern(m, "/x", e);
        assert_eq!(
            read(json!({"pattern": "^a+$"}), read_pattern),
            (Some("^a+$".to_owned()), String::new())
        );
        assert_eq!(
            read(json!({"pattern": 3}), read_pattern),
            (
                None,
                "schema error at /x/pattern: pattern must be a string, found 3".to_owned()
            )
        );
    }
}
