//! Named types of the typed form: structs (fields, their Rust and builder names), string enums
//! (variants), and the names and documentation every named type gets.

use super::{NameHint, Parser, json_type, values};
use crate::error::pointer_push;
use crate::ir::*;
use crate::{keywords, naming};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};

impl Parser<'_> {
    pub(super) fn doc(&mut self, map: &Map<String, Value>, ptr: &str) -> Doc {
        let mut doc = Doc::default();
        match map.get("description") {
            Some(Value::String(s)) => doc.description = Some(s.clone()),
            Some(_) => self.errors.push(
                pointer_push(ptr, "description"),
                "description must be a string",
            ),
            None => {}
        }
        match map.get("title") {
            Some(Value::String(s)) => doc.title = Some(s.clone()),
            Some(_) => self
                .errors
                .push(pointer_push(ptr, "title"), "title must be a string"),
            None => {}
        }
        doc.deprecated = map.get("deprecated") == Some(&Value::Bool(true));
        if let Some(e) = map.get("example") {
            doc.examples.push(e.clone());
        }
        match map.get("examples") {
            Some(Value::Array(a)) => doc.examples.extend(a.iter().cloned()),
            Some(_) => self
                .errors
                .push(pointer_push(ptr, "examples"), "examples must be an array"),
            None => {}
        }
        doc.default = map.get("default").cloned();
        doc.annotations = map
            .iter()
            .filter(|(k, _)| {
                !k.starts_with("x-") && !keywords::is_known(k) && keywords::is_plain(k)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        doc
    }

    /// A type's name; `builder` says it is a struct, which brings its `{name}Builder` along.
    pub(super) fn type_name(
        &mut self,
        map: &Map<String, Value>,
        hint: &NameHint,
        builder: bool,
    ) -> String {
        let base = if let Some(fixed) = &hint.fixed {
            fixed.clone()
        } else if let Some(Value::String(t)) = map.get("title") {
            naming::upper_camel(t, "Type")
        } else {
            let prop = naming::upper_camel(hint.property.as_deref().unwrap_or("Value"), "Type");
            match (&hint.parent, hint.parent_is_root) {
                (Some(parent), false) => format!("{prop}{parent}"),
                _ => prop,
            }
        };
        // A struct `Foo` brings its `FooBuilder`: neither may be the name of another type.
        let taken = |names: &HashSet<String>, n: &str| {
            names.contains(n) || (builder && names.contains(&format!("{n}Builder")))
        };
        let mut name = base.clone();
        if taken(&self.names, &name) {
            if let (Some(parent), None) = (&hint.parent, &hint.fixed) {
                name = format!("{parent}{base}");
            }
            let mut n = 2;
            while taken(&self.names, &name) {
                name = format!("{base}{n}");
                n += 1;
            }
        }
        if builder {
            self.names.insert(format!("{name}Builder"));
        }
        self.names.insert(name.clone());
        name
    }

    pub(super) fn string_enum(
        &mut self,
        map: &Map<String, Value>,
        values: &Value,
        ptr: &str,
        hint: NameHint,
    ) -> Shape {
        let eptr = pointer_push(ptr, "enum");
        let Value::Array(values) = values else {
            self.errors.push(eptr, "enum must be an array");
            return Shape::Any;
        };
        if values.is_empty() {
            self.errors.push(eptr, "enum must list at least one value");
            return Shape::Any;
        }
        for &k in keywords::BESIDE_ENUM {
            if map.contains_key(k) {
                self.errors.push(
                    pointer_push(ptr, k),
                    format!("keyword \"{k}\" beside enum is not supported"),
                );
            }
        }
        let mut seen = BTreeSet::new();
        let mut strings = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let at = pointer_push(&eptr, &i.to_string());
            match v {
                Value::String(s) => {
                    if !seen.insert(s.clone()) {
                        self.errors.push(at, format!("duplicate enum value {v}"));
                    } else {
                        strings.push(s.clone());
                    }
                }
                other => self.errors.push(
                    at,
                    format!(
                        "enum values must all be strings, found {} {other}",
                        json_type(other)
                    ),
                ),
            }
        }
        let doc = self.doc(map, ptr);
        let bullets = doc
            .description
            .as_deref()
            .map(|d| crate::docs::enum_bullets(d).1)
            .unwrap_or_default();
        let mut variant_names = HashSet::new();
        let variants = strings
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let mut rust_name = naming::upper_camel(value, "Value");
                if rust_name == "Other" || rust_name == "Self" {
                    rust_name.push_str("Value");
                }
                if !variant_names.insert(rust_name.clone()) {
                    // Values that differ only in case or punctuation: the position tells them apart
                    // (and, should another value already be spelled that way, a further count).
                    let base = format!("{rust_name}{i}");
                    rust_name = base.clone();
                    let mut n = 2;
                    while !variant_names.insert(rust_name.clone()) {
                        rust_name = format!("{base}_{n}");
                        n += 1;
                    }
                }
                let doc = bullets
                    .iter()
                    .find(|(v, _)| v == value)
                    .map(|(_, t)| t.clone());
                Variant {
                    value: value.clone(),
                    rust_name,
                    doc,
                }
            })
            .collect();
        let name = self.type_name(map, &hint, false);
        let id = self.types.len();
        self.types.push(Some(TypeDef {
            name,
            pointer: ptr.to_owned(),
            doc,
            kind: TypeKind::Enum(StringEnum {
                variants,
                constant: false,
            }),
            source: Value::Null,
        }));
        self.by_pointer.insert(ptr.to_owned(), id);
        Shape::Named { id, boxed: false }
    }

    pub(super) fn object(
        &mut self,
        map: &Map<String, Value>,
        ptr: &str,
        base: &str,
        hint: NameHint,
    ) -> Shape {
        let additional = match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => true,
            Some(Value::Bool(false)) => false,
            Some(_) => {
                self.errors.push(
                    pointer_push(ptr, "additionalProperties"),
                    "additionalProperties must be true or false (a schema is not supported)",
                );
                true
            }
        };
        let props = map
            .get("properties")
            .and_then(|p| values::schemas(p, &pointer_push(ptr, "properties"), &mut self.errors));
        let required = match map.get("required") {
            None => Vec::new(),
            Some(r) => values::names(r, &pointer_push(ptr, "required"), &mut self.errors),
        };
        let empty = Map::new();
        let props_map = props.unwrap_or(&empty);
        for (i, r) in &required {
            if !props_map.contains_key(r) {
                self.errors.push(
                    pointer_push(&pointer_push(ptr, "required"), &i.to_string()),
                    format!("required property \"{r}\" is not declared in properties"),
                );
            }
        }
        // `"properties": {}` (how a tool without arguments is declared) is an empty struct, with a
        // builder like any other; an object saying nothing of its properties is a map.
        if props_map.is_empty() && !matches!(map.get("properties"), Some(Value::Object(_))) {
            if !additional {
                self.errors.push(
                    pointer_push(ptr, "additionalProperties"),
                    "an object with no properties and additionalProperties false is not supported",
                );
            }
            return Shape::Map;
        }
        let name = self.type_name(map, &hint, true);
        let id = self.types.len();
        self.types.push(None);
        self.by_pointer.insert(ptr.to_owned(), id);
        let is_root = hint.fixed.is_some() && hint.parent.is_none() && hint.property.is_none();
        let doc = self.doc(map, ptr);
        let pptr = pointer_push(ptr, "properties");
        let mut rust_names: HashSet<String> = HashSet::new();
        let free = |taken: &HashSet<String>, rust_name: &str| {
            builder_names(rust_name).iter().all(|n| !taken.contains(n))
        };
        let mut properties = Vec::new();
        for (i, (json_name, schema)) in props_map.iter().enumerate() {
            let at = pointer_push(&pptr, json_name);
            let mut rust_name = naming::snake_case(json_name);
            if !free(&rust_names, &rust_name) {
                // Names that differ only in case or punctuation (`self` and `Self`), or that the
                // builder would confuse (`limit`'s `maybe_limit` setter and a `maybe_limit`): the
                // position tells them apart, as for enum values; serde keeps the exact JSON name.
                let base = format!("{rust_name}_{i}");
                rust_name = base.clone();
                let mut n = 2;
                while !free(&rust_names, &rust_name) {
                    rust_name = format!("{base}_{n}");
                    n += 1;
                }
            }
            rust_names.extend(builder_names(&rust_name));
            let child_hint = NameHint {
                fixed: None,
                property: Some(json_name.clone()),
                parent: Some(name.clone()),
                parent_is_root: is_root,
            };
            let shape = self.shape(schema, &at, base, child_hint);
            let (doc, secret, mcp_header) = match schema {
                Value::Object(m) => {
                    let secret = m.get("x-secret") == Some(&Value::Bool(true));
                    let header = match m.get("x-mcp-header") {
                        None => None,
                        Some(Value::String(h))
                            if !h.is_empty()
                                && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
                        {
                            Some(h.clone())
                        }
                        Some(other) => {
                            self.errors.push(
                                pointer_push(&at, "x-mcp-header"),
                                format!("x-mcp-header must be a header-name token, found {other}"),
                            );
                            None
                        }
                    };
                    let doc = self.doc(m, &at);
                    (doc, secret, header)
                }
                _ => (Doc::default(), false, None),
            };
            properties.push(Property {
                json_name: json_name.clone(),
                rust_name,
                required: required.iter().any(|(_, r)| r == json_name),
                shape,
                doc,
                pointer: at,
                secret,
                mcp_header,
            });
        }
        let rest: Map<String, Value> = map
            .iter()
            .filter(|(k, _)| keywords::RESIDUAL.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let residual = (!rest.is_empty()).then(|| self.compile(&Value::Object(rest), ptr, base));
        self.types[id] = Some(TypeDef {
            name,
            pointer: ptr.to_owned(),
            doc,
            kind: TypeKind::Struct(Struct {
                properties,
                additional,
                residual,
            }),
            source: Value::Null,
        });
        Shape::Named { id, boxed: false }
    }
}

/// The names a field takes in its struct and in its builder (see `emit::structure`): the field
/// and its setter, the `maybe_` setter (reserved even when the field is required, so that making
/// it optional renames nothing). Two more are kept from the derived builder the bindings had
/// before, so that no field was renamed when the builder became generated: the member name
/// (`_1st` was the member `num_1st`) and the type-state name (`x_1` and `x1` were both `X1`).
/// Two fields of one struct must share none of them.
fn builder_names(rust_name: &str) -> [String; 4] {
    let field = naming::field_ident(rust_name).to_string();
    let field = field.trim_start_matches("r#").to_owned();
    let member = match field.strip_prefix('_') {
        Some(rest) => format!("num_{rest}"),
        None => field.clone(),
    };
    let state: String = member
        .split('_')
        .flat_map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect();
    [
        format!("field {field}"),
        format!("field maybe_{field}"),
        format!("member {member}"),
        format!("state {state}"),
    ]
}
