//! Unions of the typed form: `anyOf`/`oneOf` whose branches a rule tells apart.
//!
//! Branches that each take one JSON type (`integer` and `number` never together), or objects that
//! each require a property with a `const` string of their own (a tag), become an enum with a
//! variant per branch: at most one branch can match any value, so `anyOf` and `oneOf` agree, and
//! decoding reads only the branch the type or the tag picks. Objects whose `required` sets are
//! disjoint become the same kind of enum: only the branches whose required properties an object
//! has can match it, so only those are decoded, each once (for `oneOf`, a branch may not declare
//! what another requires, so that a decoded value's JSON never matches two). A list of types is a
//! union by type, each type's keywords making its branch.
//!
//! `anyOf: [T, {"type": "null"}]` (either order, `oneOf` alike: how pydantic and zod write an
//! optional value) is `Nullable<T>` with `T`'s checks, when `T` itself refuses `null`: then at
//! most one branch matches any value, so `anyOf` and `oneOf` agree with the two arms.

use super::{NameHint, Parser};
use crate::error::pointer_push;
use crate::ir::*;
use crate::keywords;
use crate::naming;
use serde_json::{Map, Value};
use std::collections::HashSet;

impl Parser<'_> {
    /// The shape of `v` when it is a nullable union (`anyOf`/`oneOf` of `T` and `null`, beside
    /// annotations only) whose `T` has a typed form refusing `null`; `None` otherwise.
    pub(super) fn nullable_union(
        &mut self,
        v: &Value,
        ptr: &str,
        base: &str,
        hint: &NameHint,
    ) -> Option<Shape> {
        let map = v.as_object()?;
        let mut combinator = None;
        for key in map.keys() {
            match key.as_str() {
                "anyOf" | "oneOf" if combinator.is_none() => combinator = Some(key.as_str()),
                k if keywords::is_plain(k) => {}
                _ => return None,
            }
        }
        let combinator = combinator?;
        let [a, b] = map.get(combinator)?.as_array()?.as_slice() else {
            return None;
        };
        let (index, branch) = match (is_null(a), is_null(b)) {
            (false, true) => (0, a),
            (true, false) => (1, b),
            _ => return None,
        };
        if !self.typed(branch) || !self.refuses_null(branch, ptr, base) {
            return None;
        }
        let at = pointer_push(&pointer_push(ptr, combinator), &index.to_string());
        let inner = self.shape(branch, &at, base, hint.clone());
        Some(Shape::Nullable(Box::new(inner)))
    }

    /// Whether the typed schema `v` refuses `null`: it names one type other than `null`, or it is
    /// a `$ref` to such a schema.
    fn refuses_null(&mut self, v: &Value, ptr: &str, base: &str) -> bool {
        let Some(map) = v.as_object() else {
            return false;
        };
        let one_type =
            |m: &Map<String, Value>| matches!(m.get("type"), Some(Value::String(t)) if t != "null");
        if one_type(map) {
            return true;
        }
        let Some(Value::String(r)) = map.get("$ref") else {
            return false;
        };
        let Ok(target) = self.ref_target(r, ptr, base) else {
            return false;
        };
        let doc = self.doc;
        doc.pointer(&target)
            .and_then(Value::as_object)
            .is_some_and(|t| {
                one_type(t) && !t.contains_key("$ref") && self.typed(&Value::Object(t.clone()))
            })
    }
}

/// Whether `v` is the schema `{"type": "null"}` (annotations aside).
fn is_null(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.get("type") == Some(&Value::String("null".into()))
            && m.keys().all(|k| k == "type" || keywords::is_plain(k))
    })
}

/// Keywords a branch of a list of types may take from the schema beside `type`.
fn applies_to(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => keywords::STRING,
        "integer" | "number" => keywords::NUMBER,
        "array" => keywords::ARRAY,
        "object" => keywords::OBJECT,
        _ => &[],
    }
}

/// The variant name a JSON type gives.
fn type_word(ty: &str) -> &'static str {
    match ty {
        "string" => "String",
        "integer" => "Integer",
        "number" => "Number",
        "boolean" => "Boolean",
        "array" => "Array",
        "object" => "Object",
        _ => "Null",
    }
}

/// The string a `const` or one-value `enum` property schema fixes (a tag), if that is all it says.
fn tag_value(v: &Value) -> Option<&str> {
    let m = v.as_object()?;
    let value = match (m.get("const"), m.get("enum")) {
        (Some(Value::String(c)), None) => c.as_str(),
        (None, Some(Value::Array(a))) => match a.as_slice() {
            [Value::String(c)] => c.as_str(),
            _ => return None,
        },
        _ => return None,
    };
    let rest_ok = m.iter().all(|(k, t)| {
        keywords::is_plain(k)
            || k == "const"
            || k == "enum"
            || (k == "type" && t == &Value::String("string".into()))
    });
    rest_ok.then_some(value)
}

impl Parser<'_> {
    /// The shape of `v` when it is a union whose branches the JSON type or a tag tells apart (see
    /// the module docs); `None` when no rule separates them (the general form then checks it).
    pub(super) fn union(
        &mut self,
        v: &Value,
        ptr: &str,
        base: &str,
        hint: &NameHint,
    ) -> Option<Shape> {
        let map = v.as_object()?;
        let (keyword, branches) = self.union_branches(map, ptr)?;
        // Each branch's JSON type, read through a `$ref`.
        let mut resolved = Vec::new();
        let mut types = Vec::new();
        for (b, bptr) in &branches {
            if !is_null(b) && !self.typed(b) {
                return None;
            }
            let m = self.resolved(b, bptr, base)?;
            let ty = match (m.get("type"), m.get("const"), m.get("enum")) {
                (Some(Value::String(t)), _, _) => t.clone(),
                (None, Some(Value::String(_)), _) => "string".to_owned(),
                (None, None, Some(Value::Array(a))) if a.iter().all(Value::is_string) => {
                    "string".to_owned()
                }
                _ => return None,
            };
            types.push(ty);
            resolved.push(m);
        }
        let distinct: HashSet<&str> = types.iter().map(String::as_str).collect();
        let discriminator = if distinct.len() == types.len()
            && !(distinct.contains("integer") && distinct.contains("number"))
        {
            Discriminator::Type
        } else if distinct.len() == 1 && distinct.contains("object") {
            match tag_property(&resolved) {
                Some(p) => Discriminator::Tag(p),
                None if required_apart(&resolved, keyword == "oneOf") => Discriminator::Required,
                None => return None,
            }
        } else {
            return None;
        };
        let name = self.type_name(map, hint, false);
        let id = self.types.len();
        self.types.push(None);
        self.by_pointer.insert(ptr.to_owned(), id);
        let doc = self.doc(map, ptr);
        let mut names = HashSet::new();
        let mut variants = Vec::new();
        for (i, ((b, bptr), ty)) in branches.iter().zip(&types).enumerate() {
            let m = &resolved[i];
            let tag = match &discriminator {
                Discriminator::Tag(p) => m
                    .get("properties")
                    .and_then(|ps| ps.get(p))
                    .and_then(tag_value)
                    .map(str::to_owned),
                _ => None,
            };
            let required = match &discriminator {
                Discriminator::Required => required_of(m),
                _ => Vec::new(),
            };
            // The title, else what selects the branch: its tag, its required properties, its type.
            let base_name = match (m.get("title"), &tag) {
                (Some(Value::String(t)), _) => naming::upper_camel(t, "Variant"),
                (_, Some(t)) => naming::upper_camel(t, "Variant"),
                _ if !required.is_empty() => naming::upper_camel(&required.join("_"), "Variant"),
                _ => type_word(ty).to_owned(),
            };
            let mut rust_name = base_name.clone();
            if rust_name == "Other" || rust_name == "Self" {
                rust_name.push_str("Value");
            }
            let mut n = 2;
            while !names.insert(rust_name.clone()) {
                rust_name = format!("{base_name}{n}");
                n += 1;
            }
            let shape = if ty == "null" {
                Shape::Any
            } else {
                let branch_hint = NameHint {
                    fixed: None,
                    property: Some(format!("{name}{rust_name}")),
                    parent: None,
                    parent_is_root: true,
                };
                self.shape(b, bptr, base, branch_hint)
            };
            variants.push(UnionVariant {
                rust_name,
                shape,
                json_type: ty.clone(),
                tag,
                required,
                doc: m
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                pointer: bptr.clone(),
            });
        }
        // The branches of a list of types share the schema's pointer.
        self.by_pointer.insert(ptr.to_owned(), id);
        self.types[id] = Some(TypeDef {
            name,
            pointer: ptr.to_owned(),
            doc,
            kind: TypeKind::Union(Union {
                keyword,
                discriminator,
                variants,
            }),
            source: Value::Null,
        });
        Some(Shape::Named { id, boxed: false })
    }

    /// The branches of a union schema with their pointers: the items of its `anyOf`/`oneOf` (the
    /// only keyword beside annotations), or one schema per type of a list of types (with the
    /// keywords that apply to that type).
    fn union_branches(
        &self,
        map: &Map<String, Value>,
        ptr: &str,
    ) -> Option<(&'static str, Vec<(Value, String)>)> {
        let mut combinator = None;
        for key in map.keys() {
            match key.as_str() {
                "anyOf" if combinator.is_none() => combinator = Some("anyOf"),
                "oneOf" if combinator.is_none() => combinator = Some("oneOf"),
                k if keywords::is_plain(k) => {}
                _ => {
                    combinator = Some("type");
                    break;
                }
            }
        }
        match combinator {
            Some(keyword @ ("anyOf" | "oneOf")) => {
                let list = map.get(keyword)?.as_array()?;
                if list.len() < 2 {
                    return None;
                }
                let kptr = pointer_push(ptr, keyword);
                Some((
                    keyword,
                    list.iter()
                        .enumerate()
                        .map(|(i, b)| (b.clone(), pointer_push(&kptr, &i.to_string())))
                        .collect(),
                ))
            }
            _ => {
                let list = map.get("type")?.as_array()?;
                // `[T, "null"]` stays `Nullable<T>`.
                if self.typed(&Value::Object(map.clone())) {
                    return None;
                }
                let mut seen = HashSet::new();
                let mut names = Vec::new();
                for t in list {
                    let t = t.as_str()?;
                    if !seen.insert(t) || (!keywords::NULLABLE.contains(&t) && t != "null") {
                        return None;
                    }
                    names.push(t);
                }
                if names.len() < 2 {
                    return None;
                }
                let all: Vec<&str> = names.iter().flat_map(|t| applies_to(t)).copied().collect();
                if map
                    .keys()
                    .any(|k| k != "type" && !keywords::is_plain(k) && !all.contains(&k.as_str()))
                {
                    return None;
                }
                Some((
                    "type",
                    names
                        .iter()
                        .map(|t| {
                            let own = applies_to(t);
                            let mut b: Map<String, Value> = map
                                .iter()
                                .filter(|(k, _)| own.contains(&k.as_str()))
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            b.insert("type".to_owned(), Value::String((*t).to_owned()));
                            (Value::Object(b), ptr.to_owned())
                        })
                        .collect(),
                ))
            }
        }
    }

    /// The schema `v` is, read through one `$ref`.
    fn resolved(&mut self, v: &Value, ptr: &str, base: &str) -> Option<Map<String, Value>> {
        let map = v.as_object()?;
        let Some(Value::String(r)) = map.get("$ref") else {
            return Some(map.clone());
        };
        let target = self.ref_target(r, ptr, base).ok()?;
        let t = self.doc.pointer(&target)?.as_object()?;
        (!t.contains_key("$ref")).then(|| t.clone())
    }
}

/// The property every branch requires with a `const` string of its own, distinct across branches:
/// the first such property of the first branch.
fn tag_property(branches: &[Map<String, Value>]) -> Option<String> {
    let first = branches.first()?.get("properties")?.as_object()?;
    first
        .keys()
        .find(|p| {
            let mut seen = HashSet::new();
            branches.iter().all(|b| {
                let required = b
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(p.as_str())));
                let tag = b
                    .get("properties")
                    .and_then(|ps| ps.get(p.as_str()))
                    .and_then(tag_value);
                required && tag.is_some_and(|t| seen.insert(t.to_owned()))
            })
        })
        .cloned()
}

/// The names in a branch's `required`.
fn required_of(branch: &Map<String, Value>) -> Vec<String> {
    branch
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the branches' `required` sets tell them apart: each non-empty and disjoint from the
/// others (at most 64 branches, one bit each). For `oneOf`, a branch may also not declare what
/// another requires, so that a decoded value's JSON never has the required properties of two
/// branches and `validate` on it answers as on the instance.
fn required_apart(branches: &[Map<String, Value>], exclusive: bool) -> bool {
    if branches.len() > 64 {
        return false;
    }
    let sets: Vec<Vec<String>> = branches.iter().map(required_of).collect();
    let mut seen = HashSet::new();
    for set in &sets {
        if set.is_empty() || !set.iter().all(|n| seen.insert(n.clone())) {
            return false;
        }
    }
    !exclusive
        || branches.iter().enumerate().all(|(i, b)| {
            let declared = b.get("properties").and_then(Value::as_object);
            sets.iter().enumerate().all(|(j, set)| {
                i == j
                    || set
                        .iter()
                        .all(|n| declared.is_none_or(|d| !d.contains_key(n)))
            })
        })
}
