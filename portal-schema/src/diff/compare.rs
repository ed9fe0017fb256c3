//! The comparison itself: two parsed tools walked side by side, type pair by type pair.

use super::{Change, Level, Side, Wire, q};
use crate::ir::*;
use std::collections::HashSet;

pub(super) struct Differ<'a> {
    pub(super) old: &'a Tool,
    pub(super) new: &'a Tool,
    pub(super) changes: Vec<Change>,
    pub(super) side: Side,
    /// Pairs of types already compared: each pair once, so recursive types end and shared ones
    /// cost nothing more.
    pub(super) seen: HashSet<(TypeId, TypeId)>,
    /// How many pairs of types enclose the one being compared.
    pub(super) depth: usize,
    /// Pairs met deeper than [`crate::MAX_SCHEMA_DEPTH`], compared afterwards rather than by
    /// recursing, so the depth of this walk never depends on the schema.
    pub(super) deferred: Vec<(TypeId, TypeId, String)>,
}

fn ptr_push(base: &str, token: &str) -> String {
    crate::error::pointer_push(base, token)
}

/// For the response side, an instance the schema now refuses is the server's concern, but the
/// caller's decoding breaks: what tightens a request loosens nothing for the caller and vice versa.
/// The wire class is kept as the schema's own effect on instances.
impl Differ<'_> {
    /// A change whose rule is exact unless it can only say "changed": every rule here that
    /// names one direction is monotone in its keyword (a bound, `required`, an enum value, a
    /// declared property, nullability, a type widened or narrowed), so it proves the other
    /// direction absent. "Changed" names the place, not the effect: witnesses settle it.
    pub(super) fn push(
        &mut self,
        pointer: &str,
        rust: Option<String>,
        api: Level,
        wire: Wire,
        message: String,
    ) {
        let exact = wire != Wire::Changed;
        self.push_rule(pointer, rust, api, wire, message, exact);
    }

    pub(super) fn push_rule(
        &mut self,
        pointer: &str,
        rust: Option<String>,
        api: Level,
        wire: Wire,
        message: String,
        exact: bool,
    ) {
        self.changes.push(Change {
            side: self.side,
            pointer: pointer.to_owned(),
            rust,
            api,
            wire,
            message,
            exact,
            witnesses: Vec::new(),
        });
    }

    pub(super) fn named(&mut self, a: TypeId, b: TypeId, pointer: &str) {
        if !self.seen.insert((a, b)) {
            return;
        }
        if self.depth >= crate::MAX_SCHEMA_DEPTH {
            self.deferred.push((a, b, pointer.to_owned()));
            return;
        }
        self.depth += 1;
        self.compare(a, b, pointer);
        self.depth -= 1;
    }

    /// Compares the deferred pairs, each from depth zero (and what they defer in turn).
    pub(super) fn drain(&mut self) {
        while let Some((a, b, pointer)) = self.deferred.pop() {
            self.compare(a, b, &pointer);
        }
    }

    fn compare(&mut self, a: TypeId, b: TypeId, pointer: &str) {
        let (ta, tb) = (&self.old.types[a], &self.new.types[b]);
        if ta.name != tb.name {
            self.push(
                pointer,
                Some(tb.name.clone()),
                Level::Major,
                Wire::Unchanged,
                format!("type `{}` renamed to `{}`", ta.name, tb.name),
            );
        }
        match (&ta.kind, &tb.kind) {
            (TypeKind::Struct(sa), TypeKind::Struct(sb)) => {
                self.structure(&tb.name, sa, sb, pointer, (&ta.source, &tb.source));
                // The object-level checks beside the fields keep the Rust API as it is.
                let (ra, rb) = (object_level(&ta.source), object_level(&tb.source));
                if ra != rb {
                    self.push(
                        pointer,
                        Some(tb.name.clone()),
                        Level::Patch,
                        Wire::Changed,
                        format!(
                            "object-level checks of `{}` changed from {ra} to {rb}",
                            tb.name
                        ),
                    );
                }
            }
            (TypeKind::Enum(ea), TypeKind::Enum(eb)) => self.enumeration(&tb.name, ea, eb, pointer),
            (TypeKind::Union(ua), TypeKind::Union(ub)) => self.union(&tb.name, ua, ub, pointer),
            // The Rust type stays a checked JSON value: only the checks change.
            (TypeKind::Json(_), TypeKind::Json(_)) => {
                let (ca, cb) = (super::checks(&ta.source), super::checks(&tb.source));
                if ca != cb {
                    let wire = value_set_rule(&ca, &cb);
                    self.push_rule(
                        pointer,
                        Some(tb.name.clone()),
                        Level::Patch,
                        wire.unwrap_or(Wire::Changed),
                        format!(
                            "schema of `{}` changed from {} to {}",
                            tb.name, ta.source, tb.source
                        ),
                        wire.is_some(),
                    );
                }
            }
            (ka, kb) => self.push(
                pointer,
                Some(tb.name.clone()),
                Level::Major,
                Wire::Changed,
                format!("changed from {} to {}", kind_word(ka), kind_word(kb)),
            ),
        }
    }

    fn structure(
        &mut self,
        name: &str,
        a: &Struct,
        b: &Struct,
        pointer: &str,
        sources: (&serde_json::Value, &serde_json::Value),
    ) {
        for pa in &a.properties {
            let at = ptr_push(pointer, &pa.json_name);
            let rust = format!("{name}::{}", pa.rust_name);
            match b.properties.iter().find(|pb| pb.json_name == pa.json_name) {
                None => {
                    let wire = if pa.required {
                        Wire::Changed
                    } else {
                        Wire::Tightened
                    };
                    self.push(
                        &at,
                        Some(rust),
                        Level::Major,
                        wire,
                        format!(
                            "{} property removed: the field and its builder setter are gone{}",
                            if pa.required { "required" } else { "optional" },
                            if pa.required {
                                ""
                            } else {
                                ", and a request that sets it is outside the contract"
                            }
                        ),
                    );
                }
                Some(pb) => {
                    let rust_b = format!("{name}::{}", pb.rust_name);
                    match (pa.required, pb.required) {
                        (false, true) => self.push(&at, Some(rust_b.clone()), Level::Major, Wire::Tightened, "now required: the field is no longer an `Option`, and the builder requires it".into()),
                        (true, false) => self.push(&at, Some(rust_b.clone()), Level::Major, Wire::Loosened, "no longer required: the field becomes an `Option`".into()),
                        _ => {}
                    }
                    if pa.secret != pb.secret {
                        self.push(
                            &at,
                            Some(rust_b.clone()),
                            Level::Patch,
                            Wire::Unchanged,
                            format!(
                                "{} secret (shown in `Debug`: {})",
                                if pb.secret { "now" } else { "no longer" },
                                !pb.secret
                            ),
                        );
                    }
                    if pa.mcp_header != pb.mcp_header {
                        self.push(
                            &at,
                            Some(rust_b.clone()),
                            Level::Minor,
                            Wire::Unchanged,
                            format!(
                                "MCP header changed from {} to {}",
                                q(&pa.mcp_header),
                                q(&pb.mcp_header)
                            ),
                        );
                    }
                    if pa.doc.description != pb.doc.description {
                        self.push(
                            &at,
                            Some(rust_b.clone()),
                            Level::Patch,
                            Wire::Unchanged,
                            "description changed".into(),
                        );
                    }
                    self.shape(&pa.shape, &pb.shape, &at, Some(rust_b));
                }
            }
        }
        for pb in &b.properties {
            if a.properties.iter().any(|pa| pa.json_name == pb.json_name) {
                continue;
            }
            let at = ptr_push(pointer, &pb.json_name);
            let rust = format!("{name}::{}", pb.rust_name);
            // A property removed and one of the same shape added in the same object is most
            // likely a rename: say so, since callers must move to the new name.
            let renamed = a
                .properties
                .iter()
                .filter(|pa| !b.properties.iter().any(|x| x.json_name == pa.json_name))
                .find(|pa| signature(self.old, &pa.shape) == signature(self.new, &pb.shape))
                .map(|pa| format!("; it looks like \"{}\" renamed", pa.json_name))
                .unwrap_or_default();
            if pb.required {
                self.push(
                    &at,
                    Some(rust),
                    Level::Major,
                    Wire::Tightened,
                    format!("required property added: the builder requires it{renamed}"),
                );
            } else {
                self.push(
                    &at,
                    Some(rust),
                    Level::Minor,
                    Wire::Loosened,
                    format!("optional property added (a new field and builder setter){renamed}"),
                );
            }
        }
        // The contract is the declared properties: only an explicit `additionalProperties: true`
        // opens it to others; `false` and silence both keep them out.
        let open = |s: &serde_json::Value| {
            s.get("additionalProperties") == Some(&serde_json::Value::Bool(true))
        };
        let (oa, ob) = (open(sources.0), open(sources.1));
        let (wire, message) = match (oa, ob) {
            (true, false) => (
                Wire::Tightened,
                format!(
                    "undeclared properties are now refused ({})",
                    if b.additional {
                        "additionalProperties: true removed"
                    } else {
                        "additionalProperties: false"
                    }
                ),
            ),
            (false, true) => (
                Wire::Loosened,
                "undeclared properties are now allowed (additionalProperties: true)".to_owned(),
            ),
            _ if a.additional != b.additional => (
                Wire::Unchanged,
                format!(
                    "additionalProperties: false {}: undeclared properties stay outside the contract",
                    if b.additional { "removed" } else { "added" }
                ),
            ),
            _ => return,
        };
        self.push(pointer, Some(name.to_owned()), Level::Patch, wire, message);
    }

    fn enumeration(&mut self, name: &str, a: &StringEnum, b: &StringEnum, pointer: &str) {
        for va in &a.variants {
            match b.variants.iter().find(|vb| vb.value == va.value) {
                None => self.push(
                    pointer,
                    Some(format!("{name}::{}", va.rust_name)),
                    Level::Major,
                    Wire::Tightened,
                    format!("enum value {:?} removed", va.value),
                ),
                Some(vb) if vb.rust_name != va.rust_name => self.push(
                    pointer,
                    Some(format!("{name}::{}", vb.rust_name)),
                    Level::Major,
                    Wire::Unchanged,
                    format!(
                        "variant for {:?} renamed from `{}` to `{}`",
                        va.value, va.rust_name, vb.rust_name
                    ),
                ),
                Some(_) => {}
            }
        }
        for vb in &b.variants {
            if !a.variants.iter().any(|va| va.value == vb.value) {
                self.push(
                    pointer,
                    Some(format!("{name}::{}", vb.rust_name)),
                    Level::Minor,
                    Wire::Loosened,
                    format!(
                        "enum value {:?} added (the enum is non-exhaustive)",
                        vb.value
                    ),
                );
            }
        }
    }

    /// Variants are matched by what selects them (the tag, or the JSON type): one removed is a
    /// value refused, one added a value newly accepted (the enum is non-exhaustive).
    fn union(&mut self, name: &str, a: &Union, b: &Union, pointer: &str) {
        if a.discriminator != b.discriminator {
            let word = |d: &Discriminator| match d {
                Discriminator::Type => "the JSON type".to_owned(),
                Discriminator::Tag(p) => format!("the tag {p:?}"),
                Discriminator::Required => "the properties each branch requires".to_owned(),
            };
            self.push(
                pointer,
                Some(name.to_owned()),
                Level::Major,
                Wire::Changed,
                format!(
                    "union now told apart by {} instead of {}",
                    word(&b.discriminator),
                    word(&a.discriminator)
                ),
            );
            return;
        }
        // A branch added to `anyOf` only widens, and one removed only narrows. Under `oneOf` an
        // instance matching two branches is refused, so a branch added can also narrow (and one
        // removed widen), unless the branches exclude each other (by tag or by JSON type).
        let exact = a.keyword != "oneOf"
            || matches!(b.discriminator, Discriminator::Tag(_) | Discriminator::Type);
        let key = |v: &UnionVariant| match (&v.tag, v.required.is_empty()) {
            (Some(t), _) => format!("{t:?}"),
            (None, false) => format!("requiring {:?}", v.required),
            (None, true) => v.json_type.clone(),
        };
        for va in &a.variants {
            match b.variants.iter().find(|vb| key(vb) == key(va)) {
                None => self.push_rule(
                    pointer,
                    Some(format!("{name}::{}", va.rust_name)),
                    Level::Major,
                    Wire::Tightened,
                    format!("union branch {} removed", key(va)),
                    exact,
                ),
                Some(vb) => {
                    if vb.rust_name != va.rust_name {
                        self.push(
                            pointer,
                            Some(format!("{name}::{}", vb.rust_name)),
                            Level::Major,
                            Wire::Unchanged,
                            format!(
                                "variant for branch {} renamed from `{}` to `{}`",
                                key(va),
                                va.rust_name,
                                vb.rust_name
                            ),
                        );
                    }
                    self.shape(
                        &va.shape,
                        &vb.shape,
                        pointer,
                        Some(format!("{name}::{}", vb.rust_name)),
                    );
                }
            }
        }
        for vb in &b.variants {
            if !a.variants.iter().any(|va| key(va) == key(vb)) {
                self.push_rule(
                    pointer,
                    Some(format!("{name}::{}", vb.rust_name)),
                    Level::Minor,
                    Wire::Loosened,
                    format!(
                        "union branch {} added (the enum is non-exhaustive)",
                        key(vb)
                    ),
                    exact,
                );
            }
        }
    }

    pub(super) fn shape(&mut self, a: &Shape, b: &Shape, pointer: &str, rust: Option<String>) {
        match (a, b) {
            (Shape::Named { id: ia, boxed: ba }, Shape::Named { id: ib, boxed: bb }) => {
                if ba != bb {
                    self.push(
                        pointer,
                        rust.clone(),
                        Level::Major,
                        Wire::Unchanged,
                        format!("{} boxed", if *bb { "now" } else { "no longer" }),
                    );
                }
                self.named(*ia, *ib, pointer)
            }
            (Shape::String(ra), Shape::String(rb)) => self.string(ra, rb, pointer, rust),
            (Shape::Integer(ra), Shape::Integer(rb)) => {
                let (ta, tb) = (ra.integer_type(), rb.integer_type());
                if ta != tb {
                    // New bounds can change the field's Rust type: callers' code breaks.
                    self.push(
                        pointer,
                        rust.clone(),
                        Level::Major,
                        Wire::Unchanged,
                        format!(
                            "integer type changed (`{}` → `{}`)",
                            integer_rust(ta),
                            integer_rust(tb)
                        ),
                    );
                }
                self.number(ra, rb, pointer, rust)
            }
            (Shape::Number(ra), Shape::Number(rb)) => self.number(ra, rb, pointer, rust),
            (
                Shape::Array {
                    items: ia,
                    min_items: mina,
                    max_items: maxa,
                },
                Shape::Array {
                    items: ib,
                    min_items: minb,
                    max_items: maxb,
                },
            ) => {
                self.bound(
                    pointer,
                    rust.clone(),
                    "minItems",
                    mina.map(|v| Limit::Integer(v.into())),
                    minb.map(|v| Limit::Integer(v.into())),
                    true,
                );
                self.bound(
                    pointer,
                    rust.clone(),
                    "maxItems",
                    maxa.map(|v| Limit::Integer(v.into())),
                    maxb.map(|v| Limit::Integer(v.into())),
                    false,
                );
                self.shape(
                    ia,
                    ib,
                    &ptr_push(pointer, "*"),
                    rust.map(|r| format!("{r}[..]")),
                );
            }
            (Shape::Nullable(ia), Shape::Nullable(ib)) => self.shape(ia, ib, pointer, rust),
            // A checked JSON value whose schema takes `null` is as nullable as `Nullable<T>`:
            // the Rust type moved, `null` did not, so only the rest is compared.
            (_, Shape::Nullable(ib)) if accepts_null(self.old, a) => {
                self.shape(a, ib, pointer, rust)
            }
            (Shape::Nullable(ia), _) if accepts_null(self.new, b) => {
                self.shape(ia, b, pointer, rust)
            }
            (_, Shape::Nullable(ib)) => {
                self.push(
                    pointer,
                    rust.clone(),
                    Level::Major,
                    Wire::Loosened,
                    "now nullable (`T` became `Nullable<T>`)".into(),
                );
                self.shape(a, ib, pointer, rust);
            }
            (Shape::Nullable(ia), _) => {
                self.push(
                    pointer,
                    rust.clone(),
                    Level::Major,
                    Wire::Tightened,
                    "no longer nullable (`Nullable<T>` became `T`)".into(),
                );
                self.shape(ia, b, pointer, rust);
            }
            (Shape::Boolean, Shape::Boolean)
            | (Shape::Map, Shape::Map)
            | (Shape::Any, Shape::Any) => {}
            // The type widened or narrowed, and the bounds beside it compared as their own
            // changes: each part is monotone, so each rule is exact.
            (Shape::Integer(ra), Shape::Number(rb)) => {
                self.push(
                    pointer,
                    rust.clone(),
                    Level::Major,
                    Wire::Loosened,
                    "integer widened to number (`i64` → `f64`)".into(),
                );
                self.number(ra, rb, pointer, rust)
            }
            (Shape::Number(ra), Shape::Integer(rb)) => {
                self.push(
                    pointer,
                    rust.clone(),
                    Level::Major,
                    Wire::Tightened,
                    "number narrowed to integer (`f64` → `i64`)".into(),
                );
                self.number(ra, rb, pointer, rust)
            }
            (_, Shape::Any) => self.push(
                pointer,
                rust,
                Level::Major,
                Wire::Loosened,
                format!("{} became any JSON value", shape_word(a)),
            ),
            (Shape::Any, _) => self.push(
                pointer,
                rust,
                Level::Major,
                Wire::Tightened,
                format!("any JSON value became {}", shape_word(b)),
            ),
            _ => self.push(
                pointer,
                rust,
                Level::Major,
                Wire::Changed,
                format!("type changed from {} to {}", shape_word(a), shape_word(b)),
            ),
        }
    }

    fn string(&mut self, a: &StringRules, b: &StringRules, pointer: &str, rust: Option<String>) {
        self.bound(
            pointer,
            rust.clone(),
            "minLength",
            a.min_length.map(|v| Limit::Integer(v.into())),
            b.min_length.map(|v| Limit::Integer(v.into())),
            true,
        );
        self.bound(
            pointer,
            rust.clone(),
            "maxLength",
            a.max_length.map(|v| Limit::Integer(v.into())),
            b.max_length.map(|v| Limit::Integer(v.into())),
            false,
        );
        self.constraint(pointer, rust.clone(), "format", &a.format, &b.format);
        self.constraint(pointer, rust.clone(), "pattern", &a.pattern, &b.pattern);
        self.constraint(pointer, rust, "const", &a.const_value, &b.const_value);
    }

    fn number(&mut self, a: &NumberRules, b: &NumberRules, pointer: &str, rust: Option<String>) {
        self.bound(pointer, rust.clone(), "minimum", a.minimum, b.minimum, true);
        self.bound(
            pointer,
            rust.clone(),
            "exclusiveMinimum",
            a.exclusive_minimum,
            b.exclusive_minimum,
            true,
        );
        self.bound(
            pointer,
            rust.clone(),
            "maximum",
            a.maximum,
            b.maximum,
            false,
        );
        self.bound(
            pointer,
            rust.clone(),
            "exclusiveMaximum",
            a.exclusive_maximum,
            b.exclusive_maximum,
            false,
        );
        let show = |v: Option<Limit>| v.map(|v| v.to_string());
        self.constraint(
            pointer,
            rust,
            "multipleOf",
            &show(a.multiple_of),
            &show(b.multiple_of),
        );
    }

    /// A lower (`is_min`) or upper bound added, removed, raised or lowered.
    fn bound(
        &mut self,
        pointer: &str,
        rust: Option<String>,
        keyword: &str,
        a: Option<Limit>,
        b: Option<Limit>,
        is_min: bool,
    ) {
        let n = |v: Limit| v.to_string();
        let (wire, message) = match (a, b) {
            (None, Some(v)) => (Wire::Tightened, format!("{keyword} {} added", n(v))),
            (Some(v), None) => (Wire::Loosened, format!("{keyword} {} removed", n(v))),
            (Some(x), Some(y)) if x != y => {
                let tighter = if is_min { y > x } else { y < x };
                (
                    if tighter {
                        Wire::Tightened
                    } else {
                        Wire::Loosened
                    },
                    format!("{keyword} changed from {} to {}", n(x), n(y)),
                )
            }
            _ => return,
        };
        self.push(pointer, rust, Level::Patch, wire, message);
    }

    /// An equality-like constraint (`format`, `pattern`, `const`) added, removed or changed.
    fn constraint(
        &mut self,
        pointer: &str,
        rust: Option<String>,
        keyword: &str,
        a: &Option<String>,
        b: &Option<String>,
    ) {
        let (wire, message) = match (a, b) {
            (None, Some(v)) => (Wire::Tightened, format!("{keyword} {v:?} added")),
            (Some(v), None) => (Wire::Loosened, format!("{keyword} {v:?} removed")),
            (Some(x), Some(y)) if x != y => (
                Wire::Changed,
                format!("{keyword} changed from {x:?} to {y:?}"),
            ),
            _ => return,
        };
        self.push(pointer, rust, Level::Patch, wire, message);
    }
}

/// The exact rule for two checked schemas that differ only in one set-valued keyword (`enum`,
/// or `type` as a list): a superset only widens what is valid, a subset only narrows it. `None`
/// when the difference is anything else.
fn value_set_rule(a: &serde_json::Value, b: &serde_json::Value) -> Option<Wire> {
    let (ma, mb) = (a.as_object()?, b.as_object()?);
    let differing: Vec<&String> = ma
        .keys()
        .chain(mb.keys().filter(|k| !ma.contains_key(*k)))
        .filter(|k| ma.get(*k) != mb.get(*k))
        .collect();
    let [key] = differing[..] else { return None };
    if key != "enum" && key != "type" {
        return None;
    }
    let set = |v: Option<&serde_json::Value>| -> Option<Vec<serde_json::Value>> {
        match v? {
            serde_json::Value::Array(items) => Some(items.clone()),
            other if key == "type" => Some(vec![other.clone()]),
            _ => None,
        }
    };
    let (sa, sb) = (set(ma.get(key))?, set(mb.get(key))?);
    // `integer` within `number` makes the type lists' inclusion more than set inclusion.
    if key == "type"
        && sa
            .iter()
            .chain(&sb)
            .any(|t| t == "integer" || t == "number")
    {
        return None;
    }
    let within = |x: &[serde_json::Value], y: &[serde_json::Value]| x.iter().all(|v| y.contains(v));
    match (within(&sa, &sb), within(&sb, &sa)) {
        (true, false) => Some(Wire::Loosened),
        (false, true) => Some(Wire::Tightened),
        _ => None,
    }
}

/// Whether a value of the shape may be `null`, read from the schema where the Rust type (a
/// checked JSON value) does not say.
fn accepts_null(tool: &Tool, s: &Shape) -> bool {
    match s {
        Shape::Nullable(_) | Shape::Any => true,
        Shape::Named { id, .. } => {
            let def = &tool.types[*id];
            matches!(def.kind, TypeKind::Json(_))
                && schema_accepts_null(&def.source, &def.source, 0)
        }
        _ => false,
    }
}

/// Whether `schema` (inside `root`, for local `$ref`s) certainly accepts `null`: `false` where
/// it cannot tell, so the nullability rule stays in force when in doubt.
fn schema_accepts_null(root: &serde_json::Value, schema: &serde_json::Value, depth: usize) -> bool {
    use serde_json::Value;
    let m = match schema {
        Value::Bool(b) => return *b,
        Value::Object(m) if depth <= 8 => m,
        _ => return false,
    };
    // Keywords that could refuse `null` by another route than its type: not read here (a
    // `oneOf` refuses it when two branches take it, which "certainly accepts" cannot rule out).
    const UNREAD: &[&str] = &[
        "not",
        "if",
        "allOf",
        "oneOf",
        "$dynamicRef",
        "$recursiveRef",
    ];
    if UNREAD.iter().any(|k| m.contains_key(*k)) {
        return false;
    }
    let typed = match m.get("type") {
        None => true,
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
        Some(_) => false,
    };
    let listed = m
        .get("enum")
        .and_then(Value::as_array)
        .is_none_or(|e| e.contains(&Value::Null))
        && m.get("const").is_none_or(Value::is_null);
    let referred = match m.get("$ref").and_then(Value::as_str) {
        None => true,
        Some(r) => r
            .strip_prefix('#')
            .and_then(|f| root.pointer(f))
            .is_some_and(|t| schema_accepts_null(root, t, depth + 1)),
    };
    let branch = |k: &str| {
        m.get(k)
            .and_then(Value::as_array)
            .is_none_or(|bs| bs.iter().any(|b| schema_accepts_null(root, b, depth + 1)))
    };
    typed && listed && referred && branch("anyOf")
}

/// A shape's kind, recursively through arrays, for spotting renames.
fn signature(tool: &Tool, s: &Shape) -> String {
    match s {
        Shape::Array { items, .. } => format!("[{}]", signature(tool, items)),
        Shape::Nullable(inner) => format!("{}?", signature(tool, inner)),
        Shape::Named { id, .. } => match &tool.types[*id].kind {
            TypeKind::Struct(_) => "object".to_owned(),
            TypeKind::Enum(_) => "enum".to_owned(),
            TypeKind::Json(_) => "json".to_owned(),
            TypeKind::Union(_) => "union".to_owned(),
            TypeKind::External(path) => path.clone(),
        },
        other => shape_word(other).to_owned(),
    }
}

/// The keywords of a struct's schema checked beside its fields, as one JSON object.
fn object_level(source: &serde_json::Value) -> serde_json::Value {
    let rest: serde_json::Map<String, serde_json::Value> = source
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| crate::keywords::RESIDUAL.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    serde_json::Value::Object(rest)
}

fn kind_word(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "an object",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::Json(_) => "a checked JSON value",
        TypeKind::Union(_) => "a union",
        TypeKind::External(_) => "a shared type",
    }
}

fn shape_word(s: &Shape) -> &'static str {
    match s {
        Shape::String(_) => "string",
        Shape::Integer(_) => "integer",
        Shape::Number(_) => "number",
        Shape::Boolean => "boolean",
        Shape::Array { .. } => "array",
        Shape::Map => "object (map)",
        Shape::Any => "any JSON value",
        Shape::Named { .. } => "a generated type",
        Shape::Nullable(_) => "a nullable value",
    }
}

/// The Rust type of an integer field.
fn integer_rust(t: IntegerType) -> &'static str {
    match t {
        IntegerType::I64 => "i64",
        IntegerType::U64 => "u64",
        IntegerType::I128 => "i128",
        IntegerType::Number => "serde_json::Number",
    }
}
