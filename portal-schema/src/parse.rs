//! Parsing and checking: a tool document → the IR, collecting every problem with its pointer.

use crate::error::{SchemaErrors, pointer_push};
use crate::ir::*;
use crate::load::ToolDocument;
use crate::naming;
use crate::node::{Checkers, Compiler, Dialect};
use crate::resolve::Resolver;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Options that are not in the schema.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The root type's name; derived from the tool name when `None`.
    pub root_name: Option<String>,
    /// The path generated code names the runtime by (`::portal_runtime` when `None`), as Rust
    /// source: `crate`, `::my_runtime`, `my_crate::reexported::runtime`. Text, so that options
    /// stay `Send` (a `TokenStream` is not).
    pub runtime: Option<String>,
}

/// Keywords that only annotate.
pub const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "examples",
    "example",
    "default",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$schema",
    "$id",
    "$anchor",
];

/// Keywords the generator implements.
const KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "$ref",
    "$defs",
    "definitions",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords an object with properties keeps as a struct, checked beside its fields (on the
/// instance when decoding, on the struct's JSON when validating) when [`residual_ok`] allows.
pub(crate) const RESIDUAL: &[&str] = &[
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
];

const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern", "format"];
const NUMBER_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems"];
const OBJECT_KEYWORDS: &[&str] = &["properties", "required", "additionalProperties"];

/// Formats the generated code checks.
pub const FORMATS: &[&str] = &["email", "uri", "uuid", "date", "date-time"];

struct Parser<'a> {
    doc: &'a Value,
    errors: SchemaErrors,
    types: Vec<Option<TypeDef>>,
    /// Named types by the pointer of their schema.
    by_pointer: HashMap<String, TypeId>,
    /// Shapes of `$ref` targets that are not named types.
    ref_shapes: HashMap<String, Shape>,
    in_progress: HashSet<String>,
    names: HashSet<String>,
    dialect: Dialect,
    checkers: Checkers,
    /// Where `$ref`s lead, per schema root.
    resolvers: HashMap<String, Resolver>,
    /// How many schemas enclose the one being read, `$ref`s followed included.
    depth: usize,
}

/// Where a type's name comes from when the schema has no `title`.
#[derive(Clone)]
struct NameHint {
    /// The chosen name, when already decided (the root, a `$defs` entry).
    fixed: Option<String>,
    /// The property holding this schema.
    property: Option<String>,
    /// The type holding that property; `None` at the root.
    parent: Option<String>,
    /// Whether the parent is the root type (its children are named by the property alone).
    parent_is_root: bool,
}

/// Parses and checks a tool document.
pub fn parse(document: &ToolDocument, options: &Options) -> Result<Tool, SchemaErrors> {
    let mut p = Parser {
        doc: &document.value,
        errors: SchemaErrors::default(),
        types: Vec::new(),
        by_pointer: HashMap::new(),
        ref_shapes: HashMap::new(),
        in_progress: HashSet::new(),
        names: HashSet::new(),
        dialect: Dialect::default(),
        checkers: Checkers::default(),
        resolvers: HashMap::new(),
        depth: 0,
    };
    // A document built in code skipped `load`'s bound; every walk below relies on it.
    crate::load::check_json_depth(&document.value)?;
    if let Some(name) = &options.root_name {
        naming::check_type_name(name)
            .map_err(|problem| crate::error::SchemaError::new("", problem))?;
    }
    let input_ptr = document.input_pointer().to_owned();
    p.dialect = p.dialect_of(&input_ptr);
    let (name, description, http, docs_base) = if document.bare {
        (None, None, None, None)
    } else {
        p.tool_fields()
    };
    let root_name = match (&options.root_name, &name) {
        (Some(n), _) => n.clone(),
        (None, Some(tool)) => naming::root_name(tool),
        (None, None) => p
            .doc
            .pointer(&pointer_push(&input_ptr, "title"))
            .and_then(Value::as_str)
            .map(|t| naming::upper_camel(t, "Tool"))
            .unwrap_or_else(|| "Input".to_owned()),
    };
    let input = p.doc.pointer(&input_ptr).cloned().unwrap_or(Value::Null);
    let root_shape = p.root(&input, &input_ptr, &input_ptr, &root_name, true);
    let root = match root_shape {
        Some(Shape::Named { id, .. })
            if p.is_struct(id)
                || document.bare
                || input.get("type") == Some(&Value::String("object".into())) =>
        {
            Some(id)
        }
        Some(_) => {
            p.errors.push(
                input_ptr.clone(),
                "the input schema must be an object with properties",
            );
            None
        }
        None => None,
    };
    let output = if document.bare {
        None
    } else {
        let out_ptr = "/outputSchema".to_owned();
        match p.doc.pointer(&out_ptr).cloned() {
            Some(v) => {
                let out_name = v
                    .get("title")
                    .and_then(Value::as_str)
                    .map(|t| naming::upper_camel(t, "Tool"))
                    .unwrap_or_else(|| format!("{root_name}Output"));
                p.root(&v, &out_ptr, &out_ptr, &out_name, false)
            }
            None => None,
        }
    };
    let Parser {
        errors,
        types,
        checkers,
        dialect,
        ..
    } = p;
    let mut types: Vec<TypeDef> = types.into_iter().flatten().collect();
    match root {
        Some(root) if errors.is_empty() => {
            box_recursive_fields(&mut types);
            let output_root = match &output {
                Some(Shape::Named { id, .. }) => Some(*id),
                _ => None,
            };
            attach_sources(
                &mut types,
                &document.value,
                &input_ptr,
                root,
                output_root,
                document.bare,
            );
            let output = output.map(|mut s| {
                set_boxing(&mut s, None, &types);
                s
            });
            Ok(Tool {
                name,
                description,
                dialect,
                checkers: checkers.targets,
                root,
                output,
                http,
                docs_base,
                types,
            })
        }
        _ => {
            let mut errors = errors;
            if errors.is_empty() {
                errors.push(
                    input_ptr,
                    "the input schema must be an object with properties",
                );
            }
            Err(errors)
        }
    }
}

impl Parser<'_> {
    fn is_struct(&self, id: TypeId) -> bool {
        matches!(
            self.types.get(id),
            Some(Some(TypeDef {
                kind: TypeKind::Struct(_),
                ..
            }))
        )
    }

    fn tool_fields(
        &mut self,
    ) -> (
        Option<String>,
        Option<String>,
        Option<HttpBinding>,
        Option<String>,
    ) {
        let Some(tool) = self.doc.as_object() else {
            return (None, None, None, None);
        };
        let name = match tool.get("name") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.errors.push("/name", "the tool name must be a string");
                None
            }
            None => None,
        };
        let description = tool
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let http = match tool.get("x-http") {
            None => None,
            Some(Value::Object(b)) => {
                let method = b
                    .get("method")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_uppercase);
                let path = b.get("path").and_then(Value::as_str);
                match (method, path) {
                    (Some(m), Some(path))
                        if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str())
                            && path.starts_with('/') =>
                    {
                        Some(HttpBinding {
                            method: m,
                            path: path.to_owned(),
                        })
                    }
                    _ => {
                        self.errors.push(
                            "/x-http",
                            "x-http must be {\"method\": GET|POST|PUT|PATCH|DELETE, \"path\": \"/...\"}",
                        );
                        None
                    }
                }
            }
            Some(_) => {
                self.errors.push("/x-http", "x-http must be an object");
                None
            }
        };
        let docs_base = match tool.get("x-docs-base") {
            None => None,
            Some(Value::String(s)) if s.starts_with("https://") || s.starts_with("http://") => {
                Some(s.clone())
            }
            Some(_) => {
                self.errors.push(
                    "/x-docs-base",
                    "x-docs-base must be an absolute http(s) URL",
                );
                None
            }
        };
        (name, description, http, docs_base)
    }

    /// The dialect of the schema at `ptr`, from its `$schema` (2020-12 when absent).
    fn dialect_of(&mut self, ptr: &str) -> Dialect {
        match self.doc.pointer(&pointer_push(ptr, "$schema")) {
            None => Dialect::default(),
            Some(s) => match s.as_str().and_then(Dialect::from_uri) {
                Some(d) => d,
                None => {
                    self.errors.push(
                        pointer_push(ptr, "$schema"),
                        format!("unsupported dialect {s}: expected draft 2020-12 or draft-07"),
                    );
                    Dialect::default()
                }
            },
        }
    }

    /// A schema root (the input or the output schema): a struct or a string enum when the schema
    /// is one, else a type in the general form.
    fn root(&mut self, v: &Value, ptr: &str, base: &str, name: &str, input: bool) -> Option<Shape> {
        if !input && v.get("$schema").is_some() {
            let dialect = self.dialect_of(ptr);
            if dialect != self.dialect {
                self.errors.push(
                    pointer_push(ptr, "$schema"),
                    "the output schema must use the dialect of the input schema",
                );
            }
        }
        let hint = NameHint {
            fixed: Some(name.to_owned()),
            property: None,
            parent: None,
            parent_is_root: false,
        };
        let saved = (
            self.types.len(),
            self.by_pointer.clone(),
            self.ref_shapes.clone(),
            self.names.clone(),
            self.errors.0.len(),
        );
        // A root that is only a `$ref` names the referenced definition after the tool.
        if self.typed(v)
            && let Some(Value::String(r)) = v.get("$ref")
            && let Ok(target) = self.ref_target(r, ptr, base)
            && !self.by_pointer.contains_key(&target)
            && let Some(tv) = self.doc.pointer(&target).cloned()
        {
            self.shape(&tv, &target, base, hint.clone());
        }
        let shape = self.shape(v, ptr, base, hint.clone());
        if matches!(shape, Shape::Named { .. }) {
            return Some(shape);
        }
        // Not a named type (a string, a list, any value): start again in the general form.
        let (len, by_pointer, ref_shapes, names, errors) = saved;
        self.types.truncate(len);
        self.by_pointer = by_pointer;
        self.ref_shapes = ref_shapes;
        self.names = names;
        self.errors.0.truncate(errors);
        Some(self.general(v, ptr, base, hint))
    }

    /// Whether the schema `v` has a typed form: a struct, a string enum, a primitive with its
    /// constraints, a list, a map, or any value. Every other schema takes the general form.
    fn typed(&self, v: &Value) -> bool {
        let map = match v {
            Value::Object(m) => m,
            Value::Bool(b) => return *b,
            _ => return true,
        };
        let plain = |k: &str| k.starts_with("x-") || ANNOTATIONS.contains(&k);
        let residual = map.keys().any(|k| RESIDUAL.contains(&k.as_str()));
        if map.keys().any(|k| {
            !plain(k) && !KEYWORDS.contains(&k.as_str()) && !RESIDUAL.contains(&k.as_str())
        }) {
            return false;
        }
        if residual {
            // A struct whose JSON form answers these keywords as the instance would.
            let Some(Value::Object(props)) = map.get("properties") else {
                return false;
            };
            let closed = match map.get("additionalProperties") {
                None | Some(Value::Bool(true)) => false,
                Some(Value::Bool(false)) => true,
                Some(_) => return false,
            };
            let declared: HashSet<&str> = props.keys().map(String::as_str).collect();
            let rest: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| RESIDUAL.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if map.get("type") != Some(&Value::String("object".into()))
                || props.is_empty()
                || map.contains_key("$ref")
                || !residual_ok(&Value::Object(rest), &declared, closed)
            {
                return false;
            }
        }
        if map.contains_key("$ref") {
            // 2020-12 applies the keywords beside `$ref` as well: only the general form does.
            return self.dialect == Dialect::Draft07
                || map
                    .keys()
                    .all(|k| plain(k) || ["$ref", "$defs", "definitions"].contains(&k.as_str()));
        }
        let ty = match map.get("type") {
            None => None,
            Some(Value::String(t)) => Some(t.as_str()),
            // `[T, "null"]`: `Nullable<T>`, unless `enum` or `const` decide about `null` too.
            Some(Value::Array(list)) if !map.contains_key("enum") && !map.contains_key("const") => {
                match nullable_type(list) {
                    Some(t) => Some(t),
                    None => return false,
                }
            }
            Some(_) => return false,
        };
        if ty == Some("null") {
            return false;
        }
        let has = |ks: &[&str]| ks.iter().any(|k| map.contains_key(*k));
        let typed_keywords = [
            STRING_KEYWORDS,
            NUMBER_KEYWORDS,
            ARRAY_KEYWORDS,
            OBJECT_KEYWORDS,
        ];
        let stringy = matches!(ty, None | Some("string"));
        if let Some(values) = map.get("enum") {
            let strings = matches!(values, Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string));
            return strings
                && stringy
                && !has(STRING_KEYWORDS)
                && !map.contains_key("const")
                && (ty.is_some() || !typed_keywords.iter().any(|ks| has(ks)));
        }
        if let Some(c) = map.get("const") {
            return c.is_string()
                && stringy
                && (ty.is_some() || !typed_keywords.iter().any(|ks| has(ks)));
        }
        if ty.is_none() && typed_keywords.iter().any(|ks| has(ks)) {
            return false;
        }
        if !matches!(map.get("additionalProperties"), None | Some(Value::Bool(_))) {
            return false;
        }
        if !matches!(
            map.get("items"),
            None | Some(Value::Object(_) | Value::Bool(true))
        ) {
            return false;
        }
        let no_properties = map
            .get("properties")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty);
        let closed = map.get("additionalProperties") == Some(&Value::Bool(false));
        let requires = map
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty());
        !(ty == Some("object") && no_properties && (closed || requires))
    }

    /// The general form of the schema `v` at `ptr`, under the root at `base`.
    fn compile(&mut self, v: &Value, ptr: &str, base: &str) -> crate::node::Node {
        let doc = self.doc;
        let resolver = self
            .resolvers
            .entry(base.to_owned())
            .or_insert_with(|| Resolver::new(doc, base));
        Compiler {
            doc,
            dialect: self.dialect,
            errors: &mut self.errors,
            checkers: &mut self.checkers,
            resolver,
            // `v` itself was counted by `shape` (when it came through it).
            depth: self.depth.saturating_sub(1),
        }
        .compile(v, ptr)
    }

    /// A type in the general form: the value kept as JSON, checked by code generated from a
    /// [`crate::node::Node`].
    fn general(&mut self, v: &Value, ptr: &str, base: &str, hint: NameHint) -> Shape {
        let node = self.compile(v, ptr, base);
        let empty = Map::new();
        let map = v.as_object().unwrap_or(&empty);
        let doc = self.doc(map, ptr);
        let name = self.type_name(map, &hint, false);
        let id = self.types.len();
        self.types.push(Some(TypeDef {
            name,
            pointer: ptr.to_owned(),
            doc,
            kind: TypeKind::Json(node),
            source: Value::Null,
        }));
        self.by_pointer.insert(ptr.to_owned(), id);
        Shape::Named { id, boxed: false }
    }

    /// Where the `$ref` `r`, written in the schema at `site` under the root at `base`, leads.
    fn ref_target(&mut self, r: &str, site: &str, base: &str) -> Result<String, String> {
        let doc = self.doc;
        self.resolvers
            .entry(base.to_owned())
            .or_insert_with(|| Resolver::new(doc, base))
            .target(r, site)
    }

    fn check_keywords(&mut self, map: &Map<String, Value>, ptr: &str) {
        for key in map.keys() {
            if key.starts_with("x-")
                || ANNOTATIONS.contains(&key.as_str())
                || KEYWORDS.contains(&key.as_str())
                || RESIDUAL.contains(&key.as_str())
            {
                continue;
            }
            self.errors.push(
                pointer_push(ptr, key),
                format!("unsupported keyword \"{key}\""),
            );
        }
    }

    fn doc(&mut self, map: &Map<String, Value>, ptr: &str) -> Doc {
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
        doc
    }

    /// A type's name; `builder` says it is a struct, which brings bon's `{name}Builder` along.
    fn type_name(&mut self, map: &Map<String, Value>, hint: &NameHint, builder: bool) -> String {
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
        // A struct `Foo` brings bon's `FooBuilder`: neither may be the name of another type.
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

    fn non_negative(&mut self, map: &Map<String, Value>, key: &str, ptr: &str) -> Option<u64> {
        crate::node::non_negative(map, key, ptr, &mut self.errors)
    }

    fn number(&mut self, map: &Map<String, Value>, key: &str, ptr: &str) -> Option<f64> {
        let v = map.get(key)?;
        match v.as_f64() {
            Some(n) if key != "multipleOf" || n > 0.0 => Some(n),
            _ => {
                let what = if key == "multipleOf" {
                    "a number greater than 0"
                } else {
                    "a number"
                };
                self.errors.push(
                    pointer_push(ptr, key),
                    format!("{key} must be {what}, found {v}"),
                );
                None
            }
        }
    }

    /// The shape of `v`, one level below the schema being read; past
    /// [`crate::MAX_SCHEMA_DEPTH`] levels a schema error, so the walk never recurses deeper.
    fn shape(&mut self, v: &Value, ptr: &str, base: &str, hint: NameHint) -> Shape {
        if self.depth >= crate::MAX_SCHEMA_DEPTH {
            self.errors.push(ptr, crate::too_deep());
            return Shape::Any;
        }
        self.depth += 1;
        let shape = self.level(v, ptr, base, hint);
        self.depth -= 1;
        shape
    }

    fn level(&mut self, v: &Value, ptr: &str, base: &str, hint: NameHint) -> Shape {
        if !self.typed(v) {
            if let Some(&id) = self.by_pointer.get(ptr) {
                return Shape::Named { id, boxed: false };
            }
            return self.general(v, ptr, base, hint);
        }
        let map = match v {
            Value::Object(m) => m,
            Value::Bool(true) => return Shape::Any,
            Value::Bool(false) => {
                self.errors.push(
                    ptr,
                    "the schema `false` (nothing is valid) is not supported here",
                );
                return Shape::Any;
            }
            other => {
                self.errors.push(
                    ptr,
                    format!("expected a schema (an object), found {}", json_type(other)),
                );
                return Shape::Any;
            }
        };
        self.check_keywords(map, ptr);
        if let Some(r) = map.get("$ref") {
            return self.reference(map, r, ptr, base, hint);
        }
        if let Some(Value::Array(list)) = map.get("type")
            && let Some(t) = nullable_type(list)
        {
            let mut inner = map.clone();
            inner.insert("type".to_owned(), Value::String(t.to_owned()));
            let shape = self.level(&Value::Object(inner), ptr, base, hint);
            return Shape::Nullable(Box::new(shape));
        }
        let ty = match map.get("type") {
            None => self.infer_type(map),
            Some(Value::String(t)) => Some(t.clone()),
            Some(Value::Array(_)) => {
                self.errors.push(
                    pointer_push(ptr, "type"),
                    "a list of types is not supported; use one type",
                );
                return Shape::Any;
            }
            Some(other) => {
                self.errors.push(
                    pointer_push(ptr, "type"),
                    format!("type must be a string, found {other}"),
                );
                return Shape::Any;
            }
        };
        let Some(ty) = ty else {
            // No type and no keyword that implies one: any JSON value.
            let constrained: Vec<&str> = map
                .keys()
                .map(String::as_str)
                .filter(|k| KEYWORDS.contains(k) && !["$defs", "definitions"].contains(k))
                .collect();
            if let Some(k) = constrained.first() {
                self.errors.push(
                    pointer_push(ptr, k),
                    format!("keyword \"{k}\" needs a \"type\" beside it"),
                );
            }
            return Shape::Any;
        };
        let applies: &[&str] = match ty.as_str() {
            "string" => STRING_KEYWORDS,
            "integer" | "number" => NUMBER_KEYWORDS,
            "array" => ARRAY_KEYWORDS,
            "object" => OBJECT_KEYWORDS,
            "boolean" | "null" => &[],
            other => {
                self.errors.push(
                    pointer_push(ptr, "type"),
                    format!("unknown type \"{other}\""),
                );
                return Shape::Any;
            }
        };
        for key in map.keys() {
            let k = key.as_str();
            let typed = STRING_KEYWORDS.contains(&k)
                || NUMBER_KEYWORDS.contains(&k)
                || ARRAY_KEYWORDS.contains(&k)
                || OBJECT_KEYWORDS.contains(&k);
            if typed && !applies.contains(&k) {
                self.errors.push(
                    pointer_push(ptr, k),
                    format!("keyword \"{k}\" does not apply to type \"{ty}\""),
                );
            }
        }
        if (map.contains_key("enum") || map.contains_key("const")) && ty != "string" {
            let k = if map.contains_key("enum") {
                "enum"
            } else {
                "const"
            };
            self.errors.push(
                pointer_push(ptr, k),
                format!("{k} is supported on strings only, not on type \"{ty}\""),
            );
            return Shape::Any;
        }
        match ty.as_str() {
            "string" => self.string(map, ptr, hint),
            "integer" => Shape::Integer(self.number_rules(map, ptr)),
            "number" => Shape::Number(self.number_rules(map, ptr)),
            "boolean" => Shape::Boolean,
            "null" => {
                self.errors
                    .push(pointer_push(ptr, "type"), "type \"null\" is not supported");
                Shape::Any
            }
            "array" => {
                let min_items = self.non_negative(map, "minItems", ptr);
                let max_items = self.non_negative(map, "maxItems", ptr);
                if let (Some(a), Some(b)) = (min_items, max_items)
                    && a > b
                {
                    self.errors.push(
                        pointer_push(ptr, "minItems"),
                        format!("minItems {a} is greater than maxItems {b}"),
                    );
                }
                let items = match map.get("items") {
                    Some(items @ (Value::Object(_) | Value::Bool(_))) => {
                        let item_hint = NameHint {
                            fixed: None,
                            property: Some(format!(
                                "{}Item",
                                hint.property
                                    .as_deref()
                                    .or(hint.fixed.as_deref())
                                    .unwrap_or("Array")
                            )),
                            parent: hint.parent.clone(),
                            parent_is_root: hint.parent_is_root,
                        };
                        self.shape(items, &pointer_push(ptr, "items"), base, item_hint)
                    }
                    Some(_) => {
                        self.errors.push(
                            pointer_push(ptr, "items"),
                            "items must be a schema (a list of schemas is not supported)",
                        );
                        Shape::Any
                    }
                    None => Shape::Any,
                };
                Shape::Array {
                    items: Box::new(items),
                    min_items,
                    max_items,
                }
            }
            _ => self.object(map, ptr, base, hint),
        }
    }

    fn infer_type(&self, map: &Map<String, Value>) -> Option<String> {
        let has = |ks: &[&str]| ks.iter().any(|k| map.contains_key(*k));
        if has(OBJECT_KEYWORDS) {
            Some("object".into())
        } else if has(ARRAY_KEYWORDS) {
            Some("array".into())
        } else if has(STRING_KEYWORDS) {
            Some("string".into())
        } else if has(NUMBER_KEYWORDS) {
            Some("number".into())
        } else if let Some(Value::Array(values)) = map.get("enum") {
            values
                .first()
                .map(|v| json_type(v).to_owned())
                .map(|t| if t == "integer" { "number".into() } else { t })
        } else {
            map.get("const").map(|v| json_type(v).to_owned())
        }
    }

    fn reference(
        &mut self,
        map: &Map<String, Value>,
        r: &Value,
        ptr: &str,
        base: &str,
        hint: NameHint,
    ) -> Shape {
        let rptr = pointer_push(ptr, "$ref");
        let Some(r) = r.as_str() else {
            self.errors.push(rptr, "$ref must be a string");
            return Shape::Any;
        };
        let beside: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| {
                *k != "$ref"
                    && !k.starts_with("x-")
                    && !ANNOTATIONS.contains(k)
                    && !["$defs", "definitions"].contains(k)
            })
            .collect();
        if let Some(k) = beside.first() {
            self.errors.push(
                pointer_push(ptr, k),
                format!("keyword \"{k}\" beside $ref is not supported"),
            );
        }
        let target = match self.ref_target(r, ptr, base) {
            Ok(target) => target,
            Err(problem) => {
                self.errors.push(rptr, problem);
                return Shape::Any;
            }
        };
        if let Some(s) = self.ref_shapes.get(&target) {
            return s.clone();
        }
        if let Some(&id) = self.by_pointer.get(&target) {
            let named = Shape::Named { id, boxed: false };
            // A nullable struct or enum met again (recursion included) is nullable here too.
            let nullable = self.doc.pointer(&target).is_some_and(|t| {
                self.typed(t)
                    && t.get("type")
                        .and_then(Value::as_array)
                        .and_then(|l| nullable_type(l))
                        .is_some()
            });
            return if nullable {
                Shape::Nullable(Box::new(named))
            } else {
                named
            };
        }
        let Some(tv) = self.doc.pointer(&target).cloned() else {
            self.errors
                .push(rptr, format!("$ref \"{r}\" points to nothing"));
            return Shape::Any;
        };
        if !self.in_progress.insert(target.clone()) {
            self.errors.push(rptr, format!("$ref \"{r}\" is recursive through a schema that is not an object with properties"));
            return Shape::Any;
        }
        let def_name = target
            .rsplit('/')
            .next()
            .unwrap_or("Def")
            .replace("~1", "/")
            .replace("~0", "~");
        let target_hint = NameHint {
            fixed: None,
            property: Some(def_name),
            parent: hint.parent.clone(),
            parent_is_root: true,
        };
        let s = self.shape(&tv, &target, base, target_hint);
        self.in_progress.remove(&target);
        // A definition without a description of its own is documented by the `description`
        // beside the first `$ref` to it (the layout OpenAPI converters produce).
        if let (Shape::Named { id, .. }, Some(Value::String(d))) = (&s, map.get("description"))
            && let Some(Some(t)) = self.types.get_mut(*id)
            && t.doc.description.is_none()
        {
            t.doc.description = Some(d.clone());
        }
        if !matches!(s, Shape::Named { .. }) {
            self.ref_shapes.insert(target, s.clone());
        }
        s
    }

    fn number_rules(&mut self, map: &Map<String, Value>, ptr: &str) -> NumberRules {
        let rules = NumberRules {
            minimum: self.number(map, "minimum", ptr),
            maximum: self.number(map, "maximum", ptr),
            exclusive_minimum: self.number(map, "exclusiveMinimum", ptr),
            exclusive_maximum: self.number(map, "exclusiveMaximum", ptr),
            multiple_of: self.number(map, "multipleOf", ptr),
        };
        if let (Some(a), Some(b)) = (rules.minimum, rules.maximum)
            && a > b
        {
            self.errors.push(
                pointer_push(ptr, "minimum"),
                format!("minimum {a} is greater than maximum {b}"),
            );
        }
        rules
    }

    fn string(&mut self, map: &Map<String, Value>, ptr: &str, hint: NameHint) -> Shape {
        if let Some(values) = map.get("enum") {
            return self.string_enum(map, values, ptr, hint);
        }
        let mut rules = StringRules {
            min_length: self.non_negative(map, "minLength", ptr),
            max_length: self.non_negative(map, "maxLength", ptr),
            ..StringRules::default()
        };
        if let (Some(a), Some(b)) = (rules.min_length, rules.max_length)
            && a > b
        {
            self.errors.push(
                pointer_push(ptr, "minLength"),
                format!("minLength {a} is greater than maxLength {b}"),
            );
        }
        match map.get("pattern") {
            None => {}
            Some(Value::String(p)) => match crate::ecma::translate(p) {
                Ok(_) => rules.pattern = Some(p.clone()),
                Err(e) => self.errors.push(pointer_push(ptr, "pattern"), e),
            },
            Some(other) => self.errors.push(
                pointer_push(ptr, "pattern"),
                format!("pattern must be a string, found {other}"),
            ),
        }
        if let Some(f) = map.get("format") {
            match crate::node::format_problem(self.dialect, f) {
                None => rules.format = f.as_str().map(str::to_owned),
                Some(problem) => self.errors.push(pointer_push(ptr, "format"), problem),
            }
        }
        match map.get("const") {
            None => {}
            Some(Value::String(c)) => rules.const_value = Some(c.clone()),
            Some(other) => self.errors.push(
                pointer_push(ptr, "const"),
                format!("const must be a string here, found {other}"),
            ),
        }
        Shape::String(rules)
    }

    fn string_enum(
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
        for k in ["minLength", "maxLength", "pattern", "format", "const"] {
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
            kind: TypeKind::Enum(StringEnum { variants }),
            source: Value::Null,
        }));
        self.by_pointer.insert(ptr.to_owned(), id);
        Shape::Named { id, boxed: false }
    }

    fn object(&mut self, map: &Map<String, Value>, ptr: &str, base: &str, hint: NameHint) -> Shape {
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
        let props = match map.get("properties") {
            None => None,
            Some(Value::Object(p)) => Some(p),
            Some(_) => {
                self.errors.push(
                    pointer_push(ptr, "properties"),
                    "properties must be an object",
                );
                None
            }
        };
        let required: Vec<(usize, String)> = match map.get("required") {
            None => Vec::new(),
            Some(Value::Array(r)) => r
                .iter()
                .enumerate()
                .filter_map(|(i, v)| match v {
                    Value::String(s) => Some((i, s.clone())),
                    other => {
                        self.errors.push(
                            pointer_push(&pointer_push(ptr, "required"), &i.to_string()),
                            format!("required entries must be strings, found {other}"),
                        );
                        None
                    }
                })
                .collect(),
            Some(_) => {
                self.errors.push(
                    pointer_push(ptr, "required"),
                    "required must be an array of property names",
                );
                Vec::new()
            }
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
        if props_map.is_empty() {
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
            .filter(|(k, _)| RESIDUAL.contains(&k.as_str()))
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

/// Whether the object-level keywords `v` (a schema applying to the object) give the same verdict on
/// a struct's JSON form as on the instance it decoded: they name only declared properties (any
/// name, when the struct is closed), count properties only when the struct is closed, and check
/// property values only with keywords a decoded value answers as its JSON did ([`value_safe`]).
fn residual_ok(v: &Value, declared: &HashSet<&str>, closed: bool) -> bool {
    let map = match v {
        Value::Bool(_) => return true,
        Value::Object(m) => m,
        _ => return false,
    };
    let name_ok = |n: &Value| n.as_str().is_some_and(|n| closed || declared.contains(n));
    map.iter().all(|(key, value)| match key.as_str() {
        k if k.starts_with("x-") || ANNOTATIONS.contains(&k) => true,
        "type" => true,
        "required" => value.as_array().is_some_and(|a| a.iter().all(name_ok)),
        "dependentRequired" => value.as_object().is_some_and(|m| {
            m.iter().all(|(k, names)| {
                name_ok(&Value::String(k.clone()))
                    && names.as_array().is_some_and(|a| a.iter().all(name_ok))
            })
        }),
        "dependentSchemas" => value.as_object().is_some_and(|m| {
            m.iter().all(|(k, s)| {
                name_ok(&Value::String(k.clone())) && residual_ok(s, declared, closed)
            })
        }),
        "properties" => value.as_object().is_some_and(|m| {
            m.iter()
                .all(|(k, s)| name_ok(&Value::String(k.clone())) && value_safe(s))
        }),
        "minProperties" | "maxProperties" => closed,
        "allOf" | "anyOf" | "oneOf" => value
            .as_array()
            .is_some_and(|a| a.iter().all(|s| residual_ok(s, declared, closed))),
        "not" | "if" | "then" | "else" => residual_ok(value, declared, closed),
        _ => false,
    })
}

/// Whether a schema applied to a property's value answers the same on the decoded value's JSON:
/// keywords on scalars, lengths and counts, and `enum`/`const` of scalars (a nested struct drops the
/// properties it does not declare, so comparing whole objects could differ).
fn value_safe(v: &Value) -> bool {
    let map = match v {
        Value::Bool(_) => return true,
        Value::Object(m) => m,
        _ => return false,
    };
    let scalar = |x: &Value| !x.is_object() && !x.is_array();
    map.iter().all(|(key, value)| match key.as_str() {
        k if k.starts_with("x-") || ANNOTATIONS.contains(&k) => true,
        "type" | "minLength" | "maxLength" | "pattern" | "format" | "minimum" | "maximum"
        | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" | "minItems" | "maxItems" => true,
        "const" => scalar(value),
        "enum" => value.as_array().is_some_and(|a| a.iter().all(scalar)),
        "allOf" | "anyOf" | "oneOf" => value.as_array().is_some_and(|a| a.iter().all(value_safe)),
        "not" => value_safe(value),
        _ => false,
    })
}

/// The names a field takes in its struct and in bon's builder for it (see `emit::structure`): the
/// field and its setter, the `maybe_` setter (reserved even when the field is required, so that
/// making it optional renames nothing), bon's member name (`_1st` is the member `num_1st`) and the
/// type-state name bon derives from the member (`x_1` and `x1` are both `X1`). Two fields of one
/// struct must share none of them.
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

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Direct (unboxed, not behind a `Vec`) struct-to-type edges.
fn direct_edges(shape: &Shape, out: &mut Vec<TypeId>) {
    match shape {
        Shape::Named { id, .. } => out.push(*id),
        Shape::Nullable(inner) => direct_edges(inner, out),
        _ => {}
    }
}

/// The one type of `[T, "null"]` (in either order), when `T` has a typed form.
fn nullable_type(list: &[Value]) -> Option<&str> {
    let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
    match names.as_slice() {
        [a, "null"] | ["null", a]
            if ["string", "integer", "number", "boolean", "array", "object"].contains(a) =>
        {
            Some(a)
        }
        _ => None,
    }
}

fn reaches(types: &[TypeDef], from: TypeId, to: TypeId) -> bool {
    let mut stack = vec![from];
    let mut seen = HashSet::new();
    while let Some(t) = stack.pop() {
        if t == to {
            return true;
        }
        if !seen.insert(t) {
            continue;
        }
        if let TypeKind::Struct(s) = &types[t].kind {
            for p in &s.properties {
                direct_edges(&p.shape, &mut stack);
            }
        }
    }
    false
}

fn set_boxing(shape: &mut Shape, owner: Option<TypeId>, types: &[TypeDef]) {
    match (&mut *shape, owner) {
        (Shape::Named { id, boxed }, Some(owner)) => *boxed = reaches(types, *id, owner),
        (Shape::Nullable(inner), _) => set_boxing(inner, owner, types),
        _ => {}
    }
}

/// Boxes every field whose type contains, directly, the struct holding the field.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let snapshot = types.to_vec();
    for (owner, t) in types.iter_mut().enumerate() {
        if let TypeKind::Struct(s) = &mut t.kind {
            for p in &mut s.properties {
                set_boxing(&mut p.shape, Some(owner), &snapshot);
            }
        }
    }
}

/// Fills [`TypeDef::source`]: the schema each type reports through `schemars::JsonSchema`.
fn attach_sources(
    types: &mut [TypeDef],
    doc: &Value,
    input_ptr: &str,
    root: TypeId,
    output_root: Option<TypeId>,
    bare: bool,
) {
    for (id, t) in types.iter_mut().enumerate() {
        let base = if !bare && t.pointer.starts_with("/outputSchema") {
            "/outputSchema"
        } else {
            input_ptr
        };
        let whole = doc.pointer(base).cloned().unwrap_or(Value::Null);
        t.source = if id == root || Some(id) == output_root {
            whole
        } else {
            let mut own = doc.pointer(&t.pointer).cloned().unwrap_or(Value::Null);
            if uses_ref(&own)
                && let Value::Object(own_map) = &mut own
            {
                for key in ["$defs", "definitions"] {
                    if let Some(defs) = whole.get(key)
                        && !own_map.contains_key(key)
                    {
                        own_map.insert(key.to_owned(), defs.clone());
                    }
                }
            }
            own
        };
    }
}

fn uses_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(uses_ref),
        Value::Array(a) => a.iter().any(uses_ref),
        _ => false,
    }
}
