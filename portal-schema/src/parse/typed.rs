//! The typed form: primitives with their constraints, lists, maps, `$ref`s and the keywords each
//! type admits.

use super::{NameHint, Parser, json_type, nullable_type, values};
use crate::error::pointer_push;
use crate::ir::*;
use crate::keywords;
use serde_json::{Map, Value};

impl Parser<'_> {
    pub(super) fn check_keywords(&mut self, map: &Map<String, Value>, ptr: &str) {
        for key in map.keys() {
            if keywords::is_plain(key)
                || keywords::TYPED.contains(&key.as_str())
                || keywords::RESIDUAL.contains(&key.as_str())
            {
                continue;
            }
            self.errors
                .push(pointer_push(ptr, key), keywords::unsupported(key));
        }
    }

    pub(super) fn level(&mut self, v: &Value, ptr: &str, base: &str, hint: NameHint) -> Shape {
        if let Some(shape) = self.nullable_union(v, ptr, base, &hint) {
            return shape;
        }
        if let Some(shape) = self.union(v, ptr, base, &hint) {
            return shape;
        }
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
                .filter(|k| keywords::TYPED.contains(k) && !keywords::DEFINITIONS.contains(k))
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
            "string" => keywords::STRING,
            "integer" | "number" => keywords::NUMBER,
            "array" => keywords::ARRAY,
            "object" => keywords::OBJECT,
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
            let typed = keywords::STRING.contains(&k)
                || keywords::NUMBER.contains(&k)
                || keywords::ARRAY.contains(&k)
                || keywords::OBJECT.contains(&k);
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
                let min_items = values::non_negative(map, "minItems", ptr, &mut self.errors);
                let max_items = values::non_negative(map, "maxItems", ptr, &mut self.errors);
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

    pub(super) fn infer_type(&self, map: &Map<String, Value>) -> Option<String> {
        let has = |ks: &[&str]| ks.iter().any(|k| map.contains_key(*k));
        if has(keywords::OBJECT) {
            Some("object".into())
        } else if has(keywords::ARRAY) {
            Some("array".into())
        } else if has(keywords::STRING) {
            Some("string".into())
        } else if has(keywords::NUMBER) {
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

    pub(super) fn reference(
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
                *k != "$ref" && !keywords::is_plain(k) && !keywords::DEFINITIONS.contains(k)
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
        if !self.by_pointer.contains_key(&target)
            && let Some(path) = self.external.get(&target)
        {
            let id = self.external_type(path.clone(), &target);
            self.by_pointer.insert(target.clone(), id);
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
        let doc = self.doc;
        let Some(tv) = doc.pointer(&target) else {
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
        let s = self.shape(tv, &target, base, target_hint);
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

    pub(super) fn number_rules(&mut self, map: &Map<String, Value>, ptr: &str) -> NumberRules {
        let rules = NumberRules {
            minimum: values::number(map, "minimum", ptr, &mut self.errors),
            maximum: values::number(map, "maximum", ptr, &mut self.errors),
            exclusive_minimum: values::number(map, "exclusiveMinimum", ptr, &mut self.errors),
            exclusive_maximum: values::number(map, "exclusiveMaximum", ptr, &mut self.errors),
            multiple_of: values::number(map, "multipleOf", ptr, &mut self.errors),
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

    pub(super) fn string(&mut self, map: &Map<String, Value>, ptr: &str, hint: NameHint) -> Shape {
        if let Some(values) = map.get("enum") {
            return self.string_enum(map, values, ptr, hint);
        }
        // A `const` string alone is a literal: a one-variant enum, so that the type says which
        // value it is. Beside other string keywords, those keywords are checked on a `String`.
        if let Some(c @ Value::String(_)) = map.get("const")
            && !keywords::STRING.iter().any(|k| map.contains_key(*k))
        {
            let values = Value::Array(vec![c.clone()]);
            let mut rest = map.clone();
            rest.remove("const");
            let shape = self.string_enum(&rest, &values, ptr, hint);
            if let Shape::Named { id, .. } = shape
                && let Some(Some(TypeDef {
                    kind: TypeKind::Enum(e),
                    ..
                })) = self.types.get_mut(id)
            {
                e.constant = true;
            }
            return shape;
        }
        let mut rules = StringRules {
            min_length: values::non_negative(map, "minLength", ptr, &mut self.errors),
            max_length: values::non_negative(map, "maxLength", ptr, &mut self.errors),
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
        rules.pattern = values::pattern(map, ptr, &mut self.errors);
        if let Some(f) = values::format(map, self.dialect, self.formats, ptr, &mut self.errors) {
            if f.asserted {
                rules.format = Some(f.name);
            } else {
                rules.format_annotation = Some(f.name);
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
}
