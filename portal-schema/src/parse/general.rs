//! The general form: a schema no Rust type states exactly, compiled into a [`Node`] that the
//! generated code checks a `serde_json::Value` against; `$ref`s become one checker each.

use super::{NameHint, Parser, values};
use crate::error::{SchemaErrors, pointer_push};
use crate::ir::{
    Checker, Checkers, Condition, Contains, Dialect, Keywords, Node, Shape, TypeDef, TypeKind,
};
use crate::keywords;
use crate::resolve::Resolver;
use serde_json::{Map, Value};

/// Compiles general-form schemas of one document.
pub(crate) struct Compiler<'a> {
    /// The whole document `$ref`s resolve in.
    pub doc: &'a Value,
    /// The dialect.
    pub dialect: Dialect,
    /// Whether `format` is asserted.
    pub formats: crate::ir::Formats,
    /// Problems found.
    pub errors: &'a mut SchemaErrors,
    /// `$ref` targets.
    pub checkers: &'a mut Checkers,
    /// Where `$ref`s lead.
    pub resolver: &'a Resolver,
    /// How many schemas enclose the one being compiled, `$ref`s followed included.
    pub depth: usize,
    /// Whether the document uses `unevaluatedProperties` or `unevaluatedItems`: then a schema
    /// that asserts nothing but evaluates properties or items is kept, since what it evaluated
    /// decides what is left unevaluated beside it.
    pub annotations: bool,
    /// The base URIs of the resources the walk went through to reach the schema being
    /// compiled, outermost first: the dynamic scope a `$dynamicRef` resolves in.
    pub scope: Vec<String>,
    /// Whether the document uses `$dynamicRef`: then a `$ref` target is compiled once per
    /// dynamic scope it is reached in, since a `$dynamicRef` below it may lead elsewhere in each.
    pub dynamic: bool,
}

impl Compiler<'_> {
    /// Compiles the schema `v` found at `ptr`; its `$ref`s lead where the resolver says.
    /// Past [`crate::MAX_SCHEMA_DEPTH`] levels (each subschema and each `$ref` followed is one)
    /// it is a schema error, so neither this walk nor the generated code nests deeper.
    pub(crate) fn compile(&mut self, v: &Value, ptr: &str) -> Node {
        if self.depth >= crate::MAX_SCHEMA_DEPTH {
            self.errors.push(ptr, crate::too_deep());
            return Node::Bool(true);
        }
        self.depth += 1;
        let base = self.resolver.base_of(ptr);
        let entered = !self.scope.iter().any(|b| b == base);
        if entered {
            self.scope.push(base.to_owned());
        }
        let node = self.level(v, ptr);
        if entered {
            self.scope.pop();
        }
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
        let own = self.dialect.own_keywords();
        for key in map.keys() {
            if keywords::is_plain(key)
                || keywords::GENERAL.contains(&key.as_str())
                || own.contains(&key.as_str())
            {
                continue;
            }
            self.errors.push(at(key), keywords::unsupported(key));
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
        k.pattern = values::pattern(map, ptr, self.errors);
        k.format = values::format(map, self.dialect, self.formats, ptr, self.errors)
            .filter(|f| f.asserted)
            .map(|f| f.name);
        for &key in keywords::NUMBER {
            if let Some(n) = values::number(map, key, ptr, self.errors) {
                k.numbers.push((key, n));
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
        if let Some(c) = map.get("contains") {
            k.contains = Some(Contains {
                schema: self.compile(c, &at("contains")),
                min: self.count(map, "minContains", ptr),
                max: self.count(map, "maxContains", ptr),
            });
        }
        if let Some(u) = map.get("unevaluatedItems") {
            k.unevaluated_items = Some(self.compile(u, &at("unevaluatedItems")));
        }
        if let Some(u) = map.get("unevaluatedProperties") {
            k.unevaluated_properties = Some(self.compile(u, &at("unevaluatedProperties")));
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
                values::regex(&p, &pointer_push(&pptr, &p), self.errors);
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
            // Without `then` nor `else`, `if` asserts nothing, but what it evaluates counts.
            if then.is_some() || otherwise.is_some() || self.annotations {
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
        if let Some(r) = map.get("$dynamicRef") {
            let dynamic = self.reference(r, &at("$dynamicRef"));
            if k.reference.is_some() {
                // Both apply, as `allOf` of the two would.
                k.all_of.push(Node::Schema(Box::new(Keywords {
                    pointer: at("$dynamicRef"),
                    reference: dynamic,
                    ..Keywords::default()
                })));
            } else {
                k.reference = dynamic;
            }
        }
        if k.asserts_nothing() && !(self.annotations && k.evaluates()) {
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
        let Some(m) = values::schemas(v, ptr, self.errors) else {
            return Vec::new();
        };
        m.iter()
            .map(|(name, s)| (name.clone(), self.compile(s, &pointer_push(ptr, name))))
            .collect()
    }

    fn names(&mut self, v: &Value, ptr: &str) -> Vec<String> {
        values::names(v, ptr, self.errors)
            .into_iter()
            .map(|(_, name)| name)
            .collect()
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
                Some(name) if keywords::TYPES.contains(&name) => names.push(name.to_owned()),
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
        values::non_negative(map, key, ptr, self.errors)
    }

    /// The checker index of a `$ref`'s (or a `$dynamicRef`'s) target, compiling the target the
    /// first time (in each dynamic scope, when the document uses `$dynamicRef`).
    fn reference(&mut self, r: &Value, ptr: &str) -> Option<usize> {
        let (site, keyword) = match ptr.strip_suffix("/$dynamicRef") {
            Some(site) => (site, "$dynamicRef"),
            None => (ptr.strip_suffix("/$ref").unwrap_or(ptr), "$ref"),
        };
        let Some(r) = r.as_str() else {
            self.errors.push(ptr, format!("{keyword} must be a string"));
            return None;
        };
        let mut target = match self.resolver.target_of(keyword, r, site) {
            Ok(target) => target,
            Err(problem) => {
                self.errors.push(ptr, problem);
                return None;
            }
        };
        if keyword == "$dynamicRef" {
            target = self.dynamic_target(r, target);
        }
        let key = if self.dynamic {
            // The resources of the scope, each at its first (outermost) place: what a
            // `$dynamicRef` reached from the target can depend on.
            format!("{target}\u{0}{}", self.scope.join("\u{0}"))
        } else {
            target.clone()
        };
        if let Some(&i) = self.checkers.by_pointer.get(&key) {
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
        self.checkers.by_pointer.insert(key, i);
        let node = self.compile(tv, &target);
        self.checkers.targets[i].node = node;
        Some(i)
    }
}

/// The base URIs of the resources enclosing `ptr`, outermost first, each once.
fn lexical_scope(resolver: &Resolver, ptr: &str) -> Vec<String> {
    let mut scope: Vec<String> = Vec::new();
    let mut prefix = String::new();
    let push = |p: &str, scope: &mut Vec<String>| {
        let base = resolver.base_of(p);
        if !scope.iter().any(|b| b == base) {
            scope.push(base.to_owned());
        }
    };
    push("", &mut scope);
    for token in ptr.split('/').skip(1) {
        prefix.push('/');
        prefix.push_str(token);
        push(&prefix, &mut scope);
    }
    scope
}

/// Whether any object in `v` has a `$dynamicRef` key.
pub(super) fn uses_dynamic_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, x)| k == "$dynamicRef" || uses_dynamic_ref(x)),
        Value::Array(a) => a.iter().any(uses_dynamic_ref),
        _ => false,
    }
}

/// Whether any object in `v` has an `unevaluatedProperties` or `unevaluatedItems` key.
pub(super) fn uses_unevaluated(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| {
            k == "unevaluatedProperties" || k == "unevaluatedItems" || uses_unevaluated(x)
        }),
        Value::Array(a) => a.iter().any(uses_unevaluated),
        _ => false,
    }
}

impl Compiler<'_> {
    /// Where a `$dynamicRef` leads from its static `target`: when the target has a
    /// `$dynamicAnchor` named by the reference's fragment, to the schema of that anchor in the
    /// outermost resource of the dynamic scope that has one; otherwise to the target itself.
    fn dynamic_target(&self, reference: &str, target: String) -> String {
        let Some((_, name)) = reference.split_once('#') else {
            return target;
        };
        if name.is_empty() || name.starts_with('/') {
            return target;
        }
        let anchored = self
            .doc
            .pointer(&target)
            .and_then(|t| t.get("$dynamicAnchor"))
            .and_then(Value::as_str)
            == Some(name);
        if !anchored {
            return target;
        }
        self.scope
            .iter()
            .find_map(|base| self.resolver.dynamic_anchor(base, name))
            .map(str::to_owned)
            .unwrap_or(target)
    }
}

impl Parser<'_> {
    /// The general form of the schema `v` at `ptr`, under the root at `base`.
    pub(super) fn compile(&mut self, v: &Value, ptr: &str, base: &str) -> Node {
        let doc = self.doc;
        let resolver = self
            .resolvers
            .entry(base.to_owned())
            .or_insert_with(|| Resolver::new(doc, base));
        Compiler {
            doc,
            dialect: self.dialect,
            formats: self.formats,
            errors: &mut self.errors,
            checkers: &mut self.checkers,
            resolver,
            // `v` itself was counted by `shape` (when it came through it).
            depth: self.depth.saturating_sub(1),
            annotations: self.annotations,
            scope: lexical_scope(resolver, ptr),
            dynamic: self.dynamic,
        }
        .compile(v, ptr)
    }

    /// A type in the general form: the value kept as JSON, checked by code generated from a
    /// [`Node`].
    pub(super) fn general(&mut self, v: &Value, ptr: &str, base: &str, hint: NameHint) -> Shape {
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
}
