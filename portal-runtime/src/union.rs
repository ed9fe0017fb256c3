//! Decoding unions: the branch a value's JSON type or its tag picks, and the violations of a
//! value no branch takes. Only the picked branch is ever decoded, so each branch's checks run at
//! most once. A tagged union decodes its branch from the stream ([`tagged`]); a union told apart
//! by required properties holds the object's properties ([`buffer`]) until it knows them all.

use crate::check::quote_str;
pub use crate::de::{Branches, tagged};
use crate::validate::{Path, Violation, Violations, json_type};
use serde_json::Value;

/// The JSON type a union tells its branches apart by: `integer` for a number without a
/// fractional part (`7.0` included), as JSON Schema counts integers.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        other => json_type(other),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn alternatives(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A value of a JSON type no branch takes: `expected string or integer, found null (anyOf)`.
pub fn no_branch(
    value: &Value,
    types: &[&str],
    keyword: &'static str,
    at: &Path<'_>,
    out: &mut Violations,
) {
    let types: Vec<String> = types.iter().map(|t| (*t).to_owned()).collect();
    out.push(Violation::new(
        at,
        keyword,
        alternatives(&types),
        json_type(value),
    ));
}

/// The tag of `value`: the string its `property` holds, when it is an object that has one.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.as_object()?.get(property)?.as_str()
}

/// A union's value as [`Deserialize`](serde::Deserialize) reads it, once: the branches are told
/// apart from it and the chosen branch deserialized from it, with no second pass over the text
/// and no map built in between.
#[derive(Debug)]
pub struct Buffered<'de>(crate::de::ObjectOrValue<'de>);

/// Reads the value a union is deserialized from (see [`Buffered`]); a property repeated anywhere
/// inside is refused, as [`StrictValue`](crate::StrictValue) refuses it.
pub fn buffer<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Buffered<'de>, D::Error> {
    crate::de::strict_entries(deserializer).map(Buffered)
}

impl<'de> Buffered<'de> {
    /// The string its `property` holds, when it is an object that has one (see [`tag`]).
    pub fn tag(&self, property: &str) -> Option<&str> {
        match &self.0 {
            Ok(entries) => entries.iter().find(|(k, _)| k == property)?.1.as_str(),
            Err(_) => None,
        }
    }

    /// The branches it could match by their required properties (see [`candidates`]); none when
    /// it is not an object.
    pub fn candidates(&self, required: &[&[&str]]) -> u64 {
        let Ok(entries) = &self.0 else { return 0 };
        // Each name the schema lists is looked for once among the properties: linear in the
        // object's size for a given schema.
        let has = |name: &str| entries.iter().any(|(k, _)| k == name);
        required
            .iter()
            .enumerate()
            .filter(|(_, names)| names.iter().all(|n| has(n)))
            .fold(0, |set, (i, _)| set | 1 << i)
    }

    /// The value itself, properties in the order they came.
    pub fn into_value(self) -> Value {
        match self.0 {
            Ok(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v))
                    .collect(),
            ),
            Err(value) => value,
        }
    }

    /// Deserializes a branch from it, as from the [`Value`] it holds.
    pub fn deserialize<T: serde::Deserialize<'de>>(self) -> Result<T, serde_json::Error> {
        match self.0 {
            Ok(entries) => T::deserialize(serde::de::value::MapAccessDeserializer::new(
                crate::de::Held::new(entries),
            )),
            Err(value) => T::deserialize(value),
        }
    }
}

/// A value whose tag names no branch: not an object, an object without the tag, or a tag that is
/// not one of `tags`.
pub fn unknown_tag(
    value: &Value,
    property: &str,
    tags: &[&str],
    keyword: &'static str,
    at: &Path<'_>,
    out: &mut Violations,
) {
    let listed: Vec<String> = tags.iter().map(|t| quote_str(t)).collect();
    let listed = alternatives(&listed);
    let shape = || format!("an object whose {} is {listed}", quote_str(property));
    match value {
        Value::Object(map) => match map.get(property) {
            Some(Value::String(s)) => out.push(Violation::new(
                &at.key(property),
                keyword,
                listed,
                quote_str(s),
            )),
            Some(other) => out.push(Violation::new(
                &at.key(property),
                keyword,
                listed,
                json_type(other),
            )),
            None => out.push(Violation::new(
                at,
                keyword,
                shape(),
                format!("an object without {}", quote_str(property)),
            )),
        },
        other => out.push(Violation::new(at, keyword, shape(), json_type(other))),
    }
}

/// The branches `map` could match by the properties each requires, as a bit set: bit `i` when
/// it has every property of `required[i]`. A branch without its required properties cannot
/// match, so only these are ever decoded.
pub fn candidates(map: &serde_json::Map<String, Value>, required: &[&[&str]]) -> u64 {
    required
        .iter()
        .enumerate()
        .filter(|(_, names)| names.iter().all(|n| map.contains_key(*n)))
        .fold(0, |set, (i, _)| set | 1 << i)
}

/// An object with the required properties of no branch: one violation listing each branch's.
pub fn no_candidate(
    required: &[&[&str]],
    keyword: &'static str,
    at: &Path<'_>,
    out: &mut Violations,
) {
    let sets: Vec<String> = required
        .iter()
        .map(|names| {
            let names: Vec<String> = names.iter().map(|n| quote_str(n)).collect();
            names.join(" and ")
        })
        .collect();
    out.push(Violation::new(
        at,
        keyword,
        format!("an object with {}", alternatives(&sets)),
        "none of them",
    ));
}

/// A branch decoder: decodes the value into the union, recording what it finds.
pub type Branch<'f, T> = &'f dyn Fn(&mut Violations) -> Option<T>;

/// Decodes the branches in `found` (see [`candidates`]), each at most once. One candidate decodes
/// straight into `out`. With several, each is decoded apart: `anyOf` (`exclusive` false) takes
/// the first that matches; `oneOf` takes the one that matches and refuses two matching, naming
/// both by their pointers in the union's schema (`pointers`, `#/oneOf/0`); when none matches,
/// every candidate's violations are reported.
pub fn pick<T>(
    found: u64,
    branches: &[Branch<'_, T>],
    exclusive: bool,
    pointers: &[&str],
    keyword: &'static str,
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<T> {
    if found.count_ones() == 1 {
        return branches.get(found.trailing_zeros() as usize)?(out);
    }
    let mut failures = Violations::default();
    let mut matched: Option<(usize, T)> = None;
    for (i, branch) in branches.iter().enumerate() {
        if found & (1 << i) == 0 {
            continue;
        }
        let mut own = Violations::default();
        match branch(&mut own) {
            Some(value) if own.is_empty() => match &matched {
                None if !exclusive => return Some(value),
                None => matched = Some((i, value)),
                Some((first, _)) => {
                    out.push(Violation::new(
                        at,
                        keyword,
                        format!("a value matching exactly one of {} schemas", branches.len()),
                        format!("one matching {} and {}", pointers[*first], pointers[i]),
                    ));
                    return None;
                }
            },
            _ => failures.0.extend(own.0),
        }
    }
    match matched {
        Some((_, value)) => Some(value),
        None => {
            out.0.extend(failures.0);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(f: impl FnOnce(&mut Violations)) -> Vec<String> {
        let mut out = Violations::default();
        f(&mut out);
        out.iter().map(ToString::to_string).collect()
    }

    fn read(text: &str) -> Result<Buffered<'_>, serde_json::Error> {
        buffer(&mut serde_json::Deserializer::from_str(text))
    }

    #[test]
    fn a_buffered_object_finds_its_branch_and_keeps_its_order() {
        let text = r#"{"name":"Rex","kind":"dog","toy":{"a":[1,{"b":null}]}}"#;
        let buffered = read(text).unwrap();
        assert_eq!(buffered.tag("kind"), Some("dog"));
        assert_eq!(buffered.tag("name"), Some("Rex"));
        assert_eq!(buffered.tag("toy"), None);
        assert_eq!(buffered.tag("wings"), None);
        let required: &[&[&str]] = &[&["kind", "toy"], &["kind", "wings"], &[]];
        assert_eq!(buffered.candidates(required), 0b101);
        assert_eq!(serde_json::to_string(&buffered.into_value()).unwrap(), text);
        let parsed: crate::StrictValue = read(text).unwrap().deserialize().unwrap();
        assert_eq!(serde_json::to_string(&parsed.0).unwrap(), text);
    }

    #[test]
    fn a_buffered_value_of_another_type_has_no_tag_and_no_candidate() {
        for text in [
            "5",
            "\"dog\"",
            "[{\"kind\":\"dog\"}]",
            "null",
            "true",
            "2.5",
        ] {
            let buffered = read(text).unwrap();
            assert_eq!(buffered.tag("kind"), None);
            assert_eq!(buffered.candidates(&[&[]]), 0);
            assert_eq!(buffered.into_value().to_string(), text);
        }
        let parsed: crate::StrictValue = read("[1]").unwrap().deserialize().unwrap();
        assert_eq!(parsed.0, json!([1]));
    }

    #[test]
    fn a_buffered_object_refuses_a_repeat_as_a_strict_value_does() {
        let strict = |text: &str| {
            serde_json::from_str::<crate::StrictValue>(text)
                .unwrap_err()
                .to_string()
        };
        let text = r#"{"kind":"dog","kind":"cat"}"#;
        assert_eq!(
            read(text).unwrap_err().to_string(),
            r#"duplicate property "kind" at line 1 column 27"#
        );
        assert_eq!(read(text).unwrap_err().to_string(), strict(text));
        let nested = r#"{"kind":"dog","toy":{"a":1,"a":2}}"#;
        assert_eq!(read(nested).unwrap_err().to_string(), strict(nested));
        // Past the properties compared one by one, the set finds a repeat of the first.
        let keys: Vec<String> = (0..20).map(|i| format!("\"k{i}\":{i}")).collect();
        let many = format!("{{{},\"k0\":0}}", keys.join(","));
        assert_eq!(read(&many).unwrap_err().to_string(), strict(&many));
        assert!(
            read(&many)
                .unwrap_err()
                .to_string()
                .starts_with(r#"duplicate property "k0" at"#)
        );
        assert_eq!(
            read(&format!("{{{}}}", keys.join(",")))
                .unwrap()
                .into_value()
                .as_object()
                .map(serde_json::Map::len),
            Some(20)
        );
    }

    #[test]
    fn integers_are_told_from_numbers_as_json_schema_counts_them() {
        assert_eq!(kind(&json!(7)), "integer");
        assert_eq!(kind(&json!(7.0)), "integer");
        assert_eq!(kind(&json!(u64::MAX)), "integer");
        assert_eq!(kind(&json!(7.5)), "number");
        assert_eq!(kind(&json!("7")), "string");
        assert_eq!(kind(&json!(null)), "null");
    }

    #[test]
    fn a_value_no_branch_takes_names_every_branch() {
        let at = Path::Root;
        let at = at.key("value");
        assert_eq!(
            messages(|out| no_branch(
                &json!(null),
                &["string", "number", "boolean"],
                "type",
                &at,
                out
            )),
            ["/value: expected string, number or boolean, found null (type)"]
        );
        assert_eq!(
            messages(|out| no_branch(&json!([]), &["string"], "anyOf", &at, out)),
            ["/value: expected string, found array (anyOf)"]
        );
    }

    #[test]
    fn an_unknown_tag_is_reported_where_it_is() {
        let at = Path::Root;
        let at = at.key("pet");
        let tags = ["cat", "dog"];
        let run = |v: Value| messages(|out| unknown_tag(&v, "kind", &tags, "oneOf", &at, out));
        assert_eq!(
            run(json!({"kind": "bird"})),
            [r#"/pet/kind: expected "cat" or "dog", found "bird" (oneOf)"#]
        );
        assert_eq!(
            run(json!({"kind": 3})),
            [r#"/pet/kind: expected "cat" or "dog", found integer (oneOf)"#]
        );
        assert_eq!(
            run(json!({"name": "Rex"})),
            [
                r#"/pet: expected an object whose "kind" is "cat" or "dog", found an object without "kind" (oneOf)"#
            ]
        );
        assert_eq!(
            run(json!("cat")),
            [r#"/pet: expected an object whose "kind" is "cat" or "dog", found string (oneOf)"#]
        );
        assert_eq!(tag(&json!({"kind": "cat"}), "kind"), Some("cat"));
    }

    #[test]
    fn branches_are_picked_by_their_required_properties_and_decoded_once() {
        let required: &[&[&str]] = &[&["email"], &["phone"]];
        let map = |v: Value| v.as_object().unwrap().clone();
        assert_eq!(candidates(&map(json!({"email": "a"})), required), 0b01);
        assert_eq!(
            candidates(&map(json!({"phone": "1", "email": "a"})), required),
            0b11
        );
        assert_eq!(candidates(&map(json!({})), required), 0);
        let at = Path::Root;
        let at = at.key("contact");
        assert_eq!(
            messages(|out| no_candidate(required, "anyOf", &at, out)),
            [r#"/contact: expected an object with "email" or "phone", found none of them (anyOf)"#]
        );
        let calls = std::cell::Cell::new(0);
        let ok = |n: u8| {
            let calls = &calls;
            move |_: &mut Violations| {
                calls.set(calls.get() + 1);
                Some(n)
            }
        };
        let (a, b) = (ok(0), ok(1));
        let both: [Branch<'_, u8>; 2] = [&a, &b];
        let pointers = ["#/oneOf/0", "#/oneOf/1"];
        assert_eq!(
            messages(|out| assert_eq!(pick(0b11, &both, true, &pointers, "oneOf", &at, out), None)),
            [
                "/contact: expected a value matching exactly one of 2 schemas, found one matching #/oneOf/0 and #/oneOf/1 (oneOf)"
            ]
        );
        assert_eq!(calls.get(), 2);
        let mut out = Violations::default();
        assert_eq!(
            pick(0b11, &both, false, &pointers, "anyOf", &at, &mut out),
            Some(0)
        );
        assert_eq!(
            pick(0b10, &both, true, &pointers, "oneOf", &at, &mut out),
            Some(1)
        );
        assert!(out.is_empty());
        assert_eq!(calls.get(), 4, "each candidate is decoded once");
        let bad = |out: &mut Violations| {
            out.push(Violation::new(
                &Path::Root,
                "minLength",
                "at least 1 character",
                "0",
            ));
            None::<u8>
        };
        let one_bad: [Branch<'_, u8>; 2] = [&bad, &b];
        assert_eq!(
            pick(0b11, &one_bad, true, &pointers, "oneOf", &at, &mut out),
            Some(1)
        );
        let all_bad: [Branch<'_, u8>; 2] = [&bad, &bad];
        assert_eq!(
            messages(|out| assert_eq!(
                pick(0b11, &all_bad, false, &pointers, "anyOf", &at, out),
                None
            )),
            [
                "(root): expected at least 1 character, found 0 (minLength)",
                "(root): expected at least 1 character, found 0 (minLength)"
            ]
        );
        assert_eq!(tag(&json!({"kind": 1}), "kind"), None);
    }
}
