//! The general form of a schema: every keyword the generator implements, for the schemas that no
//! Rust type states exactly (`anyOf`, lists of types, `patternProperties`, `const` on objects...).
//! Such a schema becomes a type that keeps its instance as a `serde_json::Value` and checks it with
//! code generated from a [`Node`]; `$ref`s become calls to one generated function per target, so
//! recursive schemas need nothing more.

use crate::error::{SchemaErrors, pointer_push};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The JSON Schema dialect of a document, from its root `$schema`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// Draft 2020-12, the default.
    #[default]
    Draft2020,
    /// Draft-07: `items` as a list, `additionalItems`, `dependencies`, `$ref` siblings ignored.
    Draft07,
}

impl Dialect {
    /// The dialect named by a `$schema` value, if supported.
    pub fn from_uri(uri: &str) -> Option<Dialect> {
        match uri {
            "https://json-schema.org/draft/2020-12/schema"
            | "https://json-schema.org/draft/2020-12/schema#" => Some(Dialect::Draft2020),
            "http://json-schema.org/draft-07/schema#"
            | "http://json-schema.org/draft-07/schema" => Some(Dialect::Draft07),
            _ => None,
        }
    }
}

/// A schema in its general form.
#[derive(Clone, Debug)]
pub enum Node {
    /// `true` or `false` (or a schema with no assertion, which is `true`).
    Bool(bool),
    /// A schema object.
    Schema(Box<Keywords>),
}

/// The assertions of one schema object. Absent keywords assert nothing.
#[derive(Clone, Debug, Default)]
pub struct Keywords {
    /// Where the schema is.
    pub pointer: String,
    /// `type`, as a list.
    pub types: Option<Vec<String>>,
    /// `enum`: the JSON array.
    pub enum_values: Option<Value>,
    /// `const`.
    pub const_value: Option<Value>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, in that order.
    pub numbers: Vec<(&'static str, f64)>,
    /// `prefixItems` (draft-07: `items` as a list).
    pub prefix_items: Vec<Node>,
    /// `items` (draft-07: `additionalItems` after a list).
    pub items: Option<Node>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `required`.
    pub required: Vec<String>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `dependentRequired` (draft-07: `dependencies` with a list).
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentSchemas` (draft-07: `dependencies` with a schema).
    pub dependent_schemas: Vec<(String, Node)>,
    /// `properties`.
    pub properties: Vec<(String, Node)>,
    /// `patternProperties`.
    pub pattern_properties: Vec<(String, Node)>,
    /// `additionalProperties`.
    pub additional_properties: Option<Node>,
    /// `propertyNames`.
    pub property_names: Option<Node>,
    /// `allOf`.
    pub all_of: Vec<Node>,
    /// `anyOf`.
    pub any_of: Vec<Node>,
    /// `oneOf`.
    pub one_of: Vec<Node>,
    /// `not`.
    pub not: Option<Node>,
    /// `if`, with `then` and `else`.
    pub condition: Option<Condition>,
    /// `$ref`: the index of the target in [`Checkers`].
    pub reference: Option<usize>,
}

/// `if` / `then` / `else`.
#[derive(Clone, Debug)]
pub struct Condition {
    /// `if`.
    pub test: Node,
    /// `then`.
    pub then: Option<Node>,
    /// `else`.
    pub otherwise: Option<Node>,
}

/// The targets of `$ref`s in general-form schemas: one checking function each.
#[derive(Clone, Debug, Default)]
pub struct Checkers {
    /// The target schemas, by index.
    pub targets: Vec<Checker>,
    by_pointer: HashMap<String, usize>,
}

/// One `$ref` target.
#[derive(Clone, Debug)]
pub struct Checker {
    /// Where the target schema is.
    pub pointer: String,
    /// The target, compiled; `Bool(true)` until compiled.
    pub node: Node,
}

/// Keywords of the general form in both dialects, besides annotations.
const KEYWORDS: &[&str] = &[
    "type",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "required",
    "minProperties",
    "maxProperties",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "$ref",
    "definitions",
];

/// Keywords of 2020-12 only.
const KEYWORDS_2020: &[&str] = &[
    "prefixItems",
    "dependentRequired",
    "dependentSchemas",
    "$defs",
];

/// Keywords of draft-07 only.
const KEYWORDS_07: &[&str] = &["additionalItems", "dependencies"];

const TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "string", "integer",
];

/// Compiles general-form schemas of one document.
pub struct Compiler<'a> {
    /// The whole document `$ref`s resolve in.
    pub doc: &'a Value,
    /// The dialect.
    pub dialect: Dialect,
    /// Problems found.
    pub errors: &'a mut SchemaErrors,
    /// `$ref` targets.
    pub checkers: &'a mut Checkers,
    /// Where `$ref`s lead.
    pub resolver: &'a crate::resolve::Resolver,
    /// How many schemas enclose the one being compiled, `$ref`s followed included.
    pub depth: usize,
}

impl Compiler<'_> {
    /// Compiles the schema `v` found at `ptr`; its `$ref`s lead where the resolver says.
    /// Past [`crate::MAX_SCHEMA_DEPTH`] levels (each subschema and each `$ref` followed is one)
    /// it is a schema error, so neither this walk nor the generated code nests deeper.
    pub fn compile(&mut self, v: &Value, ptr: &str) -> Node {
        if self.depth >= crate::MAX_SCHEMA_DEPTH {
            self.errors.push(ptr, crate::too_deep());
            return Node::Bool(true);
        }
        self.depth += 1;
        let node = self.level(v, ptr);
        self.depth -= 1;
        node
    }

    fn level(&mut self, v: &Value, ptr: &str) -> Node {
        let map = match v {
            Value::Bool(b) => return Node::Bool(*b),
            Value::Object(m) => m,
            other => {
                self.errors.push(
                    ptr,
                    format!("expected a schema (an object or a boolean), found {other}"),
                );
                return Node::Bool(true);
            }
        };
        let mut k = Keywords {
            pointer: ptr.to_owned(),
            ..Keywords::default()
        };
        let at = |key: &str| pointer_push(ptr, key);
        // Draft-07: keywords beside `$ref` are ignored.
        if self.dialect == Dialect::Draft07
            && let Some(r) = map.get("$ref")
        {
            k.reference = self.reference(r, &at("$ref"));
            return Node::Schema(Box::new(k));
        }
        let own = match self.dialect {
            Dialect::Draft2020 => KEYWORDS_2020,
            Dialect::Draft07 => KEYWORDS_07,
        };
        for key in map.keys() {
            if key.starts_with("x-")
                || crate::parse::ANNOTATIONS.contains(&key.as_str())
                || KEYWORDS.contains(&key.as_str())
                || own.contains(&key.as_str())
            {
                continue;
            }
            self.errors
                .push(at(key), format!("unsupported keyword \"{key}\""));
        }
        match map.get("type") {
            None => {}
            Some(Value::String(t)) => {
                k.types = self.type_names(&[Value::String(t.clone())], &at("type"))
            }
            Some(Value::Array(list)) => k.types = self.type_names(list, &at("type")),
            Some(other) => self.errors.push(
                at("type"),
                format!("type must be a type name or a list of them, found {other}"),
            ),
        }
        match map.get("enum") {
            None => {}
            Some(e @ Value::Array(_)) => k.enum_values = Some(e.clone()),
            Some(other) => self
                .errors
                .push(at("enum"), format!("enum must be an array, found {other}")),
        }
        k.const_value = map.get("const").cloned();
        k.min_length = self.count(map, "minLength", ptr);
        k.max_length = self.count(map, "maxLength", ptr);
        match map.get("pattern") {
            None => {}
            Some(Value::String(p)) => k.pattern = self.regex(p, &at("pattern")).then(|| p.clone()),
            Some(other) => self.errors.push(
                at("pattern"),
                format!("pattern must be a string, found {other}"),
            ),
        }
        if let Some(f) = map.get("format") {
            match format_problem(self.dialect, f) {
                None => k.format = f.as_str().map(str::to_owned),
                Some(problem) => self.errors.push(at("format"), problem),
            }
        }
        for key in [
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ] {
            match map.get(key).map(|v| (v, v.as_f64())) {
                None => {}
                Some((_, Some(n))) if key != "multipleOf" || n > 0.0 => k.numbers.push((key, n)),
                Some((v, _)) => self.errors.push(
                    at(key),
                    format!(
                        "{key} must be {}, found {v}",
                        if key == "multipleOf" {
                            "a number greater than 0"
                        } else {
                            "a number"
                        }
                    ),
                ),
            }
        }
        match (self.dialect, map.get("items")) {
            (_, None) => {}
            (Dialect::Draft07, Some(Value::Array(list))) => {
                k.prefix_items = self.list(list, &at("items"));
                if let Some(extra) = map.get("additionalItems") {
                    k.items = Some(self.compile(extra, &at("additionalItems")));
                }
            }
            (_, Some(items)) => k.items = Some(self.compile(items, &at("items"))),
        }
        match map.get("prefixItems") {
            None => {}
            Some(Value::Array(list)) => k.prefix_items = self.list(list, &at("prefixItems")),
            Some(other) => self.errors.push(
                at("prefixItems"),
                format!("prefixItems must be an array of schemas, found {other}"),
            ),
        }
        k.min_items = self.count(map, "minItems", ptr);
        k.max_items = self.count(map, "maxItems", ptr);
        match map.get("uniqueItems") {
            None => {}
            Some(Value::Bool(b)) => k.unique_items = *b,
            Some(other) => self.errors.push(
                at("uniqueItems"),
                format!("uniqueItems must be a boolean, found {other}"),
            ),
        }
        if let Some(r) = map.get("required") {
            k.required = self.names(r, &at("required"));
        }
        k.min_properties = self.count(map, "minProperties", ptr);
        k.max_properties = self.count(map, "maxProperties", ptr);
        if let Some(d) = map.get("dependentRequired") {
            k.dependent_required = self.dependent_required(d, &at("dependentRequired"));
        }
        if let Some(d) = map.get("dependentSchemas") {
            k.dependent_schemas = self.schema_map(d, &at("dependentSchemas"));
        }
        if let Some(deps) = map.get("dependencies") {
            let dptr = at("dependencies");
            match deps {
                Value::Object(m) => {
                    for (name, dep) in m {
                        let here = pointer_push(&dptr, name);
                        match dep {
                            Value::Array(_) => k
                                .dependent_required
                                .push((name.clone(), self.names(dep, &here))),
                            _ => k
                                .dependent_schemas
                                .push((name.clone(), self.compile(dep, &here))),
                        }
                    }
                }
                other => self.errors.push(
                    dptr,
                    format!("dependencies must be an object, found {other}"),
                ),
            }
        }
        if let Some(p) = map.get("properties") {
            k.properties = self.schema_map(p, &at("properties"));
        }
        if let Some(p) = map.get("patternProperties") {
            let pptr = at("patternProperties");
            k.pattern_properties = self.schema_map(p, &pptr);
            let patterns: Vec<String> = k
                .pattern_properties
                .iter()
                .map(|(p, _)| p.clone())
                .collect();
            for p in patterns {
                self.regex(&p, &pointer_push(&pptr, &p));
            }
        }
        if let Some(a) = map.get("additionalProperties") {
            k.additional_properties = Some(self.compile(a, &at("additionalProperties")));
        }
        if let Some(n) = map.get("propertyNames") {
            k.property_names = Some(self.compile(n, &at("propertyNames")));
        }
        for (key, into) in [("allOf", 0), ("anyOf", 1), ("oneOf", 2)] {
            match map.get(key) {
                None => {}
                Some(Value::Array(list)) if !list.is_empty() => {
                    let nodes = self.list(list, &at(key));
                    match into {
                        0 => k.all_of = nodes,
                        1 => k.any_of = nodes,
                        _ => k.one_of = nodes,
                    }
                }
                Some(other) => self.errors.push(
                    at(key),
                    format!("{key} must be a non-empty array of schemas, found {other}"),
                ),
            }
        }
        if let Some(n) = map.get("not") {
            k.not = Some(self.compile(n, &at("not")));
        }
        if let Some(test) = map.get("if") {
            let then = map.get("then").map(|t| self.compile(t, &at("then")));
            let otherwise = map.get("else").map(|e| self.compile(e, &at("else")));
            let test = self.compile(test, &at("if"));
            if then.is_some() || otherwise.is_some() {
                k.condition = Some(Condition {
                    test,
                    then,
                    otherwise,
                });
            }
        }
        if let Some(r) = map.get("$ref") {
            k.reference = self.reference(r, &at("$ref"));
        }
        if k.asserts_nothing() {
            return Node::Bool(true);
        }
        Node::Schema(Box::new(k))
    }

    fn list(&mut self, list: &[Value], ptr: &str) -> Vec<Node> {
        list.iter()
            .enumerate()
            .map(|(i, s)| self.compile(s, &pointer_push(ptr, &i.to_string())))
            .collect()
    }

    fn schema_map(&mut self, v: &Value, ptr: &str) -> Vec<(String, Node)> {
        match v {
            Value::Object(m) => m
                .iter()
                .map(|(name, s)| (name.clone(), self.compile(s, &pointer_push(ptr, name))))
                .collect(),
            other => {
                self.errors
                    .push(ptr, format!("expected an object of schemas, found {other}"));
                Vec::new()
            }
        }
    }

    fn names(&mut self, v: &Value, ptr: &str) -> Vec<String> {
        match v {
            Value::Array(list) => list
                .iter()
                .enumerate()
                .filter_map(|(i, n)| match n {
                    Value::String(s) => Some(s.clone()),
                    other => {
                        self.errors.push(
                            pointer_push(ptr, &i.to_string()),
                            format!("expected a property name, found {other}"),
                        );
                        None
                    }
                })
                .collect(),
            other => {
                self.errors.push(
                    ptr,
                    format!("expected an array of property names, found {other}"),
                );
                Vec::new()
            }
        }
    }

    fn dependent_required(&mut self, v: &Value, ptr: &str) -> Vec<(String, Vec<String>)> {
        match v {
            Value::Object(m) => m
                .iter()
                .map(|(name, list)| (name.clone(), self.names(list, &pointer_push(ptr, name))))
                .collect(),
            other => {
                self.errors.push(
                    ptr,
                    format!("dependentRequired must be an object, found {other}"),
                );
                Vec::new()
            }
        }
    }

    fn type_names(&mut self, list: &[Value], ptr: &str) -> Option<Vec<String>> {
        let mut names = Vec::new();
        for (i, t) in list.iter().enumerate() {
            match t.as_str() {
                Some(name) if TYPES.contains(&name) => names.push(name.to_owned()),
                _ => self.errors.push(
                    if list.len() == 1 {
                        ptr.to_owned()
                    } else {
                        pointer_push(ptr, &i.to_string())
                    },
                    format!("unknown type {t}"),
                ),
            }
        }
        Some(names)
    }

    fn count(&mut self, map: &Map<String, Value>, key: &str, ptr: &str) -> Option<u64> {
        non_negative(map, key, ptr, self.errors)
    }

    fn regex(&mut self, pattern: &str, ptr: &str) -> bool {
        match crate::ecma::translate(pattern) {
            Ok(_) => true,
            Err(e) => {
                self.errors.push(ptr, e);
                false
            }
        }
    }

    /// The checker index of a `$ref`'s target, compiling the target the first time.
    fn reference(&mut self, r: &Value, ptr: &str) -> Option<usize> {
        let Some(r) = r.as_str() else {
            self.errors.push(ptr, "$ref must be a string");
            return None;
        };
        let site = ptr.strip_suffix("/$ref").unwrap_or(ptr);
        let target = match self.resolver.target(r, site) {
            Ok(target) => target,
            Err(problem) => {
                self.errors.push(ptr, problem);
                return None;
            }
        };
        if let Some(&i) = self.checkers.by_pointer.get(&target) {
            return Some(i);
        }
        let Some(tv) = self.doc.pointer(&target) else {
            self.errors
                .push(ptr, format!("$ref \"{r}\" points to nothing"));
            return None;
        };
        let i = self.checkers.targets.len();
        self.checkers.targets.push(Checker {
            pointer: target.clone(),
            node: Node::Bool(true),
        });
        self.checkers.by_pointer.insert(target.clone(), i);
        let node = self.compile(tv, &target);
        self.checkers.targets[i].node = node;
        Some(i)
    }
}

/// Why a `format` cannot be checked, if it cannot: a format the generated code does not check,
/// or one the dialect does not define (`uuid` is not a draft-07 format).
pub fn format_problem(dialect: Dialect, format: &Value) -> Option<String> {
    match format.as_str() {
        Some("uuid") if dialect == Dialect::Draft07 => Some(
            "format \"uuid\" is not defined in draft-07: declare draft 2020-12 to check it"
                .to_owned(),
        ),
        Some(f) if crate::parse::FORMATS.contains(&f) => None,
        _ => Some(format!(
            "unsupported format {format}: supported formats are {}",
            crate::parse::FORMATS.join(", ")
        )),
    }
}

/// The non-negative integer under `key` (`2.0` included), or a schema error at its pointer.
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

impl Keywords {
    fn asserts_nothing(&self) -> bool {
        self.types.is_none()
            && self.enum_values.is_none()
            && self.const_value.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.format.is_none()
            && self.numbers.is_empty()
            && self.prefix_items.iter().all(Node::is_true)
            && self.items.as_ref().is_none_or(Node::is_true)
            && self.min_items.is_none()
            && self.max_items.is_none()
            && !self.unique_items
            && self.required.is_empty()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.dependent_required.iter().all(|(_, d)| d.is_empty())
            && self.dependent_schemas.iter().all(|(_, n)| n.is_true())
            && self.properties.iter().all(|(_, n)| n.is_true())
            && self.pattern_properties.iter().all(|(_, n)| n.is_true())
            && self
                .additional_properties
                .as_ref()
                .is_none_or(Node::is_true)
            && self.property_names.as_ref().is_none_or(Node::is_true)
            && self.all_of.iter().all(Node::is_true)
            && self.any_of.iter().all(Node::is_true)
            && self.one_of.is_empty()
            && self.not.is_none()
            && self.condition.is_none()
            && self.reference.is_none()
    }
}

impl Node {
    /// Whether the node accepts every instance without looking at it.
    pub fn is_true(&self) -> bool {
        matches!(self, Node::Bool(true))
    }

    /// Whether the node refuses every instance without looking at it: `false`, or a schema whose
    /// applicators cannot be met (`not: true`, an `allOf` with such a branch, an `anyOf` or a
    /// `oneOf` of nothing but such branches).
    pub fn never_matches(&self) -> bool {
        match self {
            Node::Bool(b) => !b,
            Node::Schema(k) => {
                k.all_of.iter().any(Node::never_matches)
                    || (!k.any_of.is_empty() && k.any_of.iter().all(Node::never_matches))
                    || (!k.one_of.is_empty() && k.one_of.iter().all(Node::never_matches))
                    || k.not.as_ref().is_some_and(Node::is_true)
                    || k.condition.as_ref().is_some_and(|c| {
                        let branch = if c.test.is_true() {
                            c.then.as_ref()
                        } else if c.test.never_matches() {
                            c.otherwise.as_ref()
                        } else {
                            None
                        };
                        branch.is_some_and(Node::never_matches)
                    })
            }
        }
    }
}

/// A draft-07 schema in draft 2020-12 terms, with the same meaning: `items` as a list becomes
/// `prefixItems` (and `additionalItems` becomes `items`), `dependencies` splits into
/// `dependentRequired` and `dependentSchemas`, the assertions beside a `$ref` (which draft-07
/// ignores) are dropped, and a root `$schema` names 2020-12. What a generated type reports through
/// `schemars`, whose root schema always declares 2020-12.
pub fn to_draft2020(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let keep_beside_ref = |k: &str| {
        k == "$ref"
            || k == "$defs"
            || k == "definitions"
            || k.starts_with("x-")
            || crate::parse::ANNOTATIONS.contains(&k)
    };
    let mut out = Map::new();
    for (key, value) in map {
        if map.contains_key("$ref") && !keep_beside_ref(key) {
            continue;
        }
        match (key.as_str(), value) {
            ("$schema", _) => {
                out.insert(
                    key.clone(),
                    Value::String("https://json-schema.org/draft/2020-12/schema".to_owned()),
                );
            }
            ("items", Value::Array(list)) => {
                out.insert(
                    "prefixItems".to_owned(),
                    Value::Array(list.iter().map(to_draft2020).collect()),
                );
                if let Some(extra) = map.get("additionalItems") {
                    out.insert("items".to_owned(), to_draft2020(extra));
                }
            }
            // Without a list of `items`, draft-07 ignores it.
            ("additionalItems", _) => {}
            ("dependencies", Value::Object(deps)) => {
                let (mut names, mut schemas) = (Map::new(), Map::new());
                for (name, dep) in deps {
                    match dep {
                        Value::Array(_) => names.insert(name.clone(), dep.clone()),
                        _ => schemas.insert(name.clone(), to_draft2020(dep)),
                    };
                }
                if !names.is_empty() {
                    out.insert("dependentRequired".to_owned(), Value::Object(names));
                }
                if !schemas.is_empty() {
                    out.insert("dependentSchemas".to_owned(), Value::Object(schemas));
                }
            }
            (
                "properties" | "patternProperties" | "definitions" | "$defs",
                Value::Object(schemas),
            ) => {
                let converted = schemas
                    .iter()
                    .map(|(k, s)| (k.clone(), to_draft2020(s)))
                    .collect();
                out.insert(key.clone(), Value::Object(converted));
            }
            ("allOf" | "anyOf" | "oneOf", Value::Array(list)) => {
                out.insert(
                    key.clone(),
                    Value::Array(list.iter().map(to_draft2020).collect()),
                );
            }
            (
                "items"
                | "additionalProperties"
                | "propertyNames"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains",
                _,
            ) => {
                out.insert(key.clone(), to_draft2020(value));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}
