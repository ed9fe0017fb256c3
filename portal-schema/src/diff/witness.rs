//! Witnesses: every wire verdict of a [`Report`] shown with an instance that OLD accepts and NEW
//! refuses (tightened), or the reverse (loosened), checked against both schemas by the
//! `jsonschema` crate, never only by this crate's reading of the keywords.
//!
//! Instances are whole instances of the side's root schema, drawn from the schemas themselves.
//! A change's witness shows that change alone: a base instance (the minimal instance of either
//! schema, or both merged, those both schemas accept first) with the changed place set to each
//! boundary value of the keywords there (a length one past `maxItems`, the enum value removed,
//! the property left out), kept when one schema accepts it and every error of the other is at
//! that place with the keyword the change names ([`Witness::isolated`]). Only when no such
//! instance is found does a bounded seeded search look for any instance that separates the two
//! schemas, and its witness says it is of the whole instance (another change may be what
//! separates it). The first instance found is the witness, so each is small and the same from
//! run to run.
//!
//! Instances are validated against the schemas' contract form ([`contract_form`]), in both
//! schemas alike; where a schema cannot take that form, against the schemas as published, and
//! the property rules are then not exact.

use super::{Change, Report, Side, Wire, Witness, contract_form};
use crate::load::ToolDocument;
use serde_json::{Map, Value, json};

/// How many random instances each direction of a change draws from each schema when the boundary
/// values found nothing.
const SEARCH_DRAWS: usize = 200;

/// How many instances one side of a report may check in all. Each check is linear in the
/// instance, and instances are bounded by the schema, so the search stays linear in the schemas
/// however many changes there are; a change met after the budget is spent keeps its exact rule,
/// or is unknown.
const CHECK_BUDGET: usize = 50_000;

/// How many of an object's properties its boundary values each leave out or add (a bound keeps
/// the candidates, each a copy of the object, linear in the schema).
const MAX_PROPERTY_CANDIDATES: usize = 32;

/// How deep instances built from a schema nest (recursive schemas end here).
const MAX_DEPTH: usize = 12;

/// Checks every wire verdict of `report` with instances, against the schemas of the two loaded
/// tools, and settles each change: an exact rule keeps its verdict (with a witness when one is
/// found), an inexact one takes the directions its witnesses prove, and is `unknown` when they
/// do not settle it.
pub fn settle(report: &mut Report, old: &ToolDocument, new: &ToolDocument) {
    let pair = |side: Side| -> Option<Schemas> {
        let (a, b) = (schema_of(old, side), schema_of(new, side));
        Schemas::new(&a, &b)
    };
    let request = pair(Side::Request);
    let response = pair(Side::Response);
    for change in &mut report.changes {
        let schemas = match change.side {
            Side::Request => request.as_ref(),
            Side::Response => response.as_ref(),
            Side::Tool => continue,
        };
        settle_change(change, schemas);
    }
    // A net under the rules: where a side's verdict says callers are safe, look once more, over
    // the whole instance, for what would break them; a place no rule saw shows up here.
    for (side, schemas) in [(Side::Request, &request), (Side::Response, &response)] {
        let Some(s) = schemas else { continue };
        let verdict = report
            .changes
            .iter()
            .filter(|c| c.side == side)
            .fold(Wire::Unchanged, |w, c| w.join(c.wire));
        if verdict.breaks(side) || super::checks(&s.old) == super::checks(&s.new) {
            continue;
        }
        let breaking = match side {
            Side::Response => Wire::Loosened,
            _ => Wire::Tightened,
        };
        if let Some(w) = s.find(breaking, &[], Expect::Place) {
            report.changes.push(Change {
                side,
                pointer: String::new(),
                rust: None,
                api: super::Level::Patch,
                wire: breaking,
                message: "the schema also changed in a way no keyword rule classes".into(),
                exact: false,
                witnesses: vec![w],
            });
        }
    }
}

/// Checks one change against the two schemas of its side (`None` when either does not compile).
fn settle_change(change: &mut Change, schemas: Option<&Schemas>) {
    if change.wire == Wire::Unchanged {
        return;
    }
    let Some(s) = schemas else {
        if !change.exact {
            change.wire = Wire::Unknown;
        }
        return;
    };
    // Property rules speak of the contract form: without it they are claims to check.
    let exact = change.exact && s.closed;
    let wanted: &[Wire] = match change.wire {
        Wire::Tightened => &[Wire::Tightened],
        Wire::Loosened => &[Wire::Loosened],
        _ => &[Wire::Tightened, Wire::Loosened],
    };
    // An inexact single-direction claim may hide the other direction: look for both.
    let wanted: &[Wire] = if exact {
        wanted
    } else {
        &[Wire::Tightened, Wire::Loosened]
    };
    let tokens = pointer_tokens(&change.pointer);
    let expect = Expect::of(&change.message, &tokens);
    change.witnesses = wanted
        .iter()
        .filter_map(|&dir| s.find(dir, &tokens, expect))
        .collect();
    if exact {
        return;
    }
    // A direction shown at the place alone and breaking callers settles the change; a witness
    // of the whole instance for the other direction is then another change's, not this one's.
    let isolated_break = change
        .witnesses
        .iter()
        .any(|w| w.isolated && w.direction.breaks(change.side));
    if isolated_break {
        change.witnesses.retain(|w| w.isolated);
    }
    let found = |d: Wire| change.witnesses.iter().any(|w| w.direction == d);
    change.wire = match (found(Wire::Tightened), found(Wire::Loosened)) {
        (true, true) => Wire::Changed,
        // One direction proved and it already breaks callers: the other cannot make it worse.
        (true, false) if Wire::Tightened.breaks(change.side) => Wire::Tightened,
        (false, true) if Wire::Loosened.breaks(change.side) => Wire::Loosened,
        _ => Wire::Unknown,
    };
}

/// The schema of one side of a loaded tool: `true` (anything) for a missing output schema.
fn schema_of(doc: &ToolDocument, side: Side) -> Value {
    let found = match (side, doc.bare) {
        (Side::Request, true) => Some(&doc.value),
        (Side::Request, false) => doc.value.get("inputSchema"),
        (_, true) => None,
        (_, false) => doc.value.get("outputSchema"),
    };
    found.cloned().unwrap_or(Value::Bool(true))
}

fn validator(schema: &Value) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .ok()
}

/// The two schemas of one side, in contract form, with their validators.
struct Schemas {
    old: Value,
    new: Value,
    old_v: jsonschema::Validator,
    new_v: jsonschema::Validator,
    /// Whether both are in contract form (objects closed).
    closed: bool,
    /// Instance checks left (see [`CHECK_BUDGET`]).
    budget: std::cell::Cell<usize>,
}

impl Schemas {
    fn new(old: &Value, new: &Value) -> Option<Schemas> {
        let (old_c, a) = contract_form(old);
        let (new_c, b) = contract_form(new);
        // The same form on both sides, or the comparison would mix two contracts.
        let (old, new, closed) = if a && b {
            (old_c, new_c, true)
        } else {
            (old.clone(), new.clone(), false)
        };
        Some(Schemas {
            old_v: validator(&old)?,
            new_v: validator(&new)?,
            old,
            new,
            closed,
            budget: std::cell::Cell::new(CHECK_BUDGET),
        })
    }

    /// An instance showing `dir` at `tokens` (an instance pointer, `*` for any array item):
    /// first one that shows the change alone (see [`Witness::isolated`]), else one of the whole
    /// instance.
    fn find(&self, dir: Wire, tokens: &[String], expect: Expect) -> Option<Witness> {
        // The schema that must accept the witness, and the one that must refuse it.
        let (accepts, refuses, first, second) = match dir {
            Wire::Tightened => (&self.old_v, &self.new_v, &self.old, &self.new),
            _ => (&self.new_v, &self.old_v, &self.new, &self.old),
        };
        let spend = || -> Option<()> {
            let left = self.budget.get().checked_sub(1)?;
            self.budget.set(left);
            Some(())
        };
        let witness = |instance: Value| -> Option<Witness> {
            spend()?;
            if !accepts.is_valid(&instance) {
                return None;
            }
            let error = refuses.iter_errors(&instance).next()?;
            Some(Witness {
                direction: dir,
                refused_at: error.instance_path().to_string(),
                keyword: error.kind().keyword().to_owned(),
                instance: instance.clone(),
                isolated: false,
            })
        };
        let ga = Gen { root: first };
        let gb = Gen { root: second };
        // The refusing schema's boundaries first: just past them is the nearest refused value.
        let mut leaves = Vec::new();
        for g in [&gb, &ga] {
            for sub in g.at(tokens) {
                g.boundaries(sub, 0, &mut leaves);
            }
        }
        // Isolated: a base changed at the place alone, accepted by one schema and refused by the
        // other there alone, for the change's keyword. Bases both schemas accept come first;
        // where the place itself has no value both accept (a type changed under a required
        // property), the others can still give one that differs only there.
        let (mut bases, mut others): (Vec<Value>, Vec<Value>) = (Vec::new(), Vec::new());
        let (min_b, min_a) = (gb.minimal(gb.root, 0), ga.minimal(ga.root, 0));
        let merged = merge(&min_b, &min_a);
        for base in [
            min_b,
            min_a,
            merged,
            gb.full(gb.root, 0),
            ga.full(ga.root, 0),
        ] {
            if bases.contains(&base) || others.contains(&base) || spend().is_none() {
                continue;
            }
            if self.old_v.is_valid(&base) && self.new_v.is_valid(&base) {
                bases.push(base);
            } else {
                others.push(base);
            }
        }
        bases.append(&mut others);
        let refusers: Vec<&Value> = gb.at(tokens);
        for base in &bases {
            for g in [&gb, &ga] {
                for leaf in &leaves {
                    spend()?;
                    let instance = g.place(base, tokens, leaf.as_ref());
                    if !accepts.is_valid(&instance) {
                        continue;
                    }
                    let errors: Vec<_> = refuses.iter_errors(&instance).collect();
                    let Some(error) = errors.first() else {
                        continue;
                    };
                    if errors.iter().all(|e| expect.admits(e, tokens, &refusers)) {
                        return Some(Witness {
                            direction: dir,
                            refused_at: error.instance_path().to_string(),
                            keyword: error.kind().keyword().to_owned(),
                            instance,
                            isolated: true,
                        });
                    }
                }
            }
        }
        for g in [&ga, &gb] {
            for base in [g.minimal(g.root, 0), g.full(g.root, 0)] {
                for leaf in &leaves {
                    if self.budget.get() == 0 {
                        return None;
                    }
                    if let Some(found) = witness(g.place(&base, tokens, leaf.as_ref())) {
                        return Some(found);
                    }
                }
            }
        }
        // The bounded search: random instances of each schema, and each with one place changed.
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for g in [&gb, &ga] {
            for _ in 0..SEARCH_DRAWS {
                if self.budget.get() == 0 {
                    return None;
                }
                let drawn = g.random(g.root, 0, &mut rng);
                if let Some(found) = witness(drawn.clone()) {
                    return Some(found);
                }
                if !leaves.is_empty() {
                    let leaf = &leaves[rng.below(leaves.len())];
                    if let Some(found) = witness(g.place(&drawn, tokens, leaf.as_ref())) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }
}

/// Which errors of the refusing schema belong to a change: what its message names.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// An error of this keyword at the place, or under it.
    Keyword(&'static str),
    /// An error of this keyword on the enclosing object, naming the place's property
    /// (`required`, and `additionalProperties` for a declared property gone or added).
    Parent(&'static str),
    /// Any error at the place or under it (a type changed, a checked value's schema changed).
    Place,
}

/// The keywords a bound or constraint rule names its change by (`maxLength 128 added`).
const RULE_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
];

impl Expect {
    /// Read from the change's message: each rule states its keyword first (`maxLength 128
    /// added`) or names the property's fate (`now required`), so the message is the rule's own
    /// account of what it saw.
    fn of(message: &str, tokens: &[String]) -> Expect {
        let property = !tokens.is_empty() && tokens.last().is_some_and(|t| t != "*");
        if property
            && (message.starts_with("now required")
                || message.starts_with("no longer required")
                || message.starts_with("required property added"))
        {
            return Expect::Parent("required");
        }
        if property && (message.contains("property removed") || message.contains("property added"))
        {
            return Expect::Parent("additionalProperties");
        }
        let first = message.split(' ').next().unwrap_or("");
        match RULE_KEYWORDS.iter().find(|k| **k == first) {
            Some(k) => Expect::Keyword(k),
            None => Expect::Place,
        }
    }

    /// Whether `error` is one the change explains: at its place (under it, for `Place`), with
    /// its keyword, which the refusing schema states there (`refusers`: its schemas at the
    /// place).
    fn admits(
        self,
        error: &jsonschema::ValidationError<'_>,
        tokens: &[String],
        refusers: &[&Value],
    ) -> bool {
        use jsonschema::error::ValidationErrorKind as K;
        let at = pointer_tokens(&error.instance_path().to_string());
        let under = |n: usize| {
            at.len() >= n && at.iter().zip(&tokens[..n]).all(|(a, t)| t == "*" || a == t)
        };
        match self {
            Expect::Place => under(tokens.len()),
            Expect::Keyword(k) => {
                under(tokens.len())
                    && error.kind().keyword() == k
                    && refusers.iter().any(|s| s.get(k).is_some())
            }
            Expect::Parent(k) => {
                let Some(name) = tokens.last() else {
                    return false;
                };
                let named = match error.kind() {
                    K::Required { property } => property.as_str() == Some(name.as_str()),
                    K::AdditionalProperties { unexpected } => unexpected.iter().any(|u| u == name),
                    _ => false,
                };
                at.len() + 1 == tokens.len()
                    && under(at.len())
                    && error.kind().keyword() == k
                    && named
            }
        }
    }
}

/// `a` with what `b` adds, object by object (`a` wins where both hold a value): a base that
/// meets what either schema requires.
fn merge(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut out = x.clone();
            for (k, v) in y {
                let merged = match out.get(k) {
                    Some(mine) => merge(mine, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        _ => a.clone(),
    }
}

fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// xorshift64*: deterministic, so a report's witnesses are the same from run to run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Strings tried where a `pattern` must match (the first that matches is used).
const STRING_POOL: &[&str] = &[
    "a",
    "",
    "A",
    "0",
    "ab",
    "a1",
    "A1",
    "abc",
    "ABC-1",
    "a-b",
    "a_b",
    "x-a",
    "_",
    "aa",
    "1",
    "12",
    "+12345678",
    "cursor_a",
    "org_1",
    " ",
    "é",
    "a b",
    "b",
    "ba",
    "z",
    "Z",
    "-",
    "9",
];

/// Instances built from one schema (its root resolves local `$ref`s).
struct Gen<'a> {
    root: &'a Value,
}

impl<'a> Gen<'a> {
    fn resolve(&self, r: &str) -> Option<&'a Value> {
        let fragment = r.strip_prefix('#')?;
        self.root.pointer(fragment)
    }

    /// The schema with its `$ref` followed (a few hops at most).
    fn deref(&self, mut s: &'a Value) -> &'a Value {
        for _ in 0..8 {
            match s
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| self.resolve(r))
            {
                Some(t) => s = t,
                None => break,
            }
        }
        s
    }

    /// The schemas that apply at `tokens`, through references and the branches of unions.
    fn at(&self, tokens: &[String]) -> Vec<&'a Value> {
        let mut here = self.expand(self.root);
        for t in tokens {
            let mut next = Vec::new();
            for s in &here {
                let found = if t == "*" {
                    match s.get("items") {
                        Some(Value::Array(items)) => items.first(),
                        Some(items) => Some(items),
                        None => s.get("prefixItems").and_then(|p| p.get(0)),
                    }
                } else {
                    s.get("properties")
                        .and_then(|p| p.get(t.as_str()))
                        .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()))
                };
                if let Some(f) = found {
                    next.extend(self.expand(f));
                }
            }
            here = next;
        }
        here
    }

    /// A schema and the branches it is made of (`$ref`, `anyOf`, `oneOf`, `allOf`).
    fn expand(&self, s: &'a Value) -> Vec<&'a Value> {
        let mut out: Vec<&'a Value> = Vec::new();
        let mut todo = vec![(s, 0)];
        while let Some((s, depth)) = todo.pop() {
            let s = self.deref(s);
            if out.iter().any(|o| std::ptr::eq(*o, s)) || out.len() > 32 {
                continue;
            }
            out.push(s);
            if depth < 4 {
                for k in ["anyOf", "oneOf", "allOf"] {
                    if let Some(Value::Array(branches)) = s.get(k) {
                        todo.extend(branches.iter().rev().map(|b| (b, depth + 1)));
                    }
                }
            }
        }
        out
    }

    /// The instance `base` with the value at `tokens` replaced by `leaf` (or removed, for
    /// `None`), building the places on the way from the schema when `base` lacks them.
    fn place(&self, base: &Value, tokens: &[String], leaf: Option<&Value>) -> Value {
        let mut out = base.clone();
        let mut here = &mut out;
        for (i, t) in tokens.iter().enumerate() {
            let last = i + 1 == tokens.len();
            if t == "*" {
                if !here.is_array() {
                    *here = Value::Array(Vec::new());
                }
                let Value::Array(items) = here else {
                    return out;
                };
                if last {
                    match leaf {
                        Some(v) if items.is_empty() => items.push(v.clone()),
                        Some(v) => items[0] = v.clone(),
                        None => items.clear(),
                    }
                    return out;
                }
                if items.is_empty() {
                    let made = self.made(&tokens[..=i]);
                    items.push(made);
                }
                here = &mut items[0];
            } else {
                if !here.is_object() {
                    *here = Value::Object(Map::new());
                }
                let Value::Object(m) = here else {
                    return out;
                };
                if last {
                    match leaf {
                        Some(v) => {
                            m.insert(t.clone(), v.clone());
                        }
                        None => {
                            m.remove(t);
                        }
                    }
                    return out;
                }
                if !m.contains_key(t) {
                    let made = self.made(&tokens[..=i]);
                    m.insert(t.clone(), made);
                }
                let Some(next) = m.get_mut(t) else {
                    return out;
                };
                here = next;
            }
        }
        // An empty pointer: the leaf is the whole instance.
        match leaf {
            Some(v) => v.clone(),
            None => out,
        }
    }

    /// The minimal instance of the schema at `tokens`.
    fn made(&self, tokens: &[String]) -> Value {
        self.at(tokens)
            .first()
            .map(|s| self.minimal(s, 0))
            .unwrap_or(Value::Null)
    }

    /// The value a schema names first: its `const`, its first enum value, its first non-null
    /// branch, else the smallest value of its type.
    fn minimal(&self, s: &Value, depth: usize) -> Value {
        self.build(s, depth, false)
    }

    /// As [`Gen::minimal`], with every declared property present.
    fn full(&self, s: &Value, depth: usize) -> Value {
        self.build(s, depth, true)
    }

    fn build(&self, s: &Value, depth: usize, full: bool) -> Value {
        let s = self.deref(s);
        let Value::Object(m) = s else {
            return Value::Null;
        };
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(c) = m.get("const") {
            return c.clone();
        }
        if let Some(first) = m
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return first.clone();
        }
        // The branch a union's value takes: its first non-null one.
        let branch = ["anyOf", "oneOf"].iter().find_map(|k| {
            let branches = m.get(*k)?.as_array()?;
            branches
                .iter()
                .find(|b| self.deref(b).get("type") != Some(&json!("null")))
                .or(branches.first())
        });
        let parts: Vec<&Value> = m
            .get("allOf")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let own = primary_type(m);
        if own.is_empty() {
            // No type of its own: the value is the branch's, merged with the allOf parts'.
            let mut merged: Option<Value> = branch.map(|b| self.build(b, depth + 1, full));
            for p in &parts {
                match (merged.as_mut(), self.build(p, depth + 1, full)) {
                    (Some(Value::Object(into)), Value::Object(o)) => into.extend(o),
                    (None, v) => merged = Some(v),
                    _ => {}
                }
            }
            if let Some(v) = merged {
                return v;
            }
        }
        match own {
            "object" => {
                let mut out = Map::new();
                let props = m.get("properties").and_then(Value::as_object);
                // What the object's own union branch and allOf parts require, built from the
                // object's declared properties.
                let required: Vec<&str> = std::iter::once(s)
                    .chain(branch.map(|b| self.deref(b)))
                    .chain(parts.iter().map(|p| self.deref(p)))
                    .filter_map(|x| x.get("required")?.as_array())
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                if let Some(props) = props {
                    for (name, p) in props {
                        if full || required.contains(&name.as_str()) {
                            out.insert(name.clone(), self.build(p, depth + 1, full));
                        }
                    }
                }
                for r in required {
                    if !out.contains_key(r) {
                        let v = m
                            .get("additionalProperties")
                            .filter(|a| a.is_object())
                            .map_or(Value::Null, |a| self.build(a, depth + 1, full));
                        out.insert(r.to_owned(), v);
                    }
                }
                Value::Object(out)
            }
            "array" => {
                let n = m
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
                    .min(64) as usize;
                let mut out: Vec<Value> = Vec::new();
                let prefix = m.get("prefixItems").and_then(Value::as_array);
                for i in 0..n {
                    let item = prefix
                        .and_then(|p| p.get(i))
                        .or_else(|| m.get("items").filter(|i| !i.is_array()));
                    out.push(item.map_or(Value::Null, |s| self.build(s, depth + 1, full)));
                }
                if out.is_empty()
                    && let Some(c) = m.get("contains")
                {
                    out.push(self.build(c, depth + 1, full));
                }
                Value::Array(out)
            }
            "string" => self.string(m, None),
            "integer" | "number" => number_in(m, 0.0),
            "boolean" => Value::Bool(false),
            _ => Value::Null,
        }
    }

    /// A string meeting the schema's format, pattern and lengths (as far as the pool reaches),
    /// of `len` characters when given.
    fn string(&self, m: &Map<String, Value>, len: Option<usize>) -> Value {
        let min = m.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = m
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|v| v as usize);
        if let Some(f) = m.get("format").and_then(Value::as_str)
            && let Some((good, _)) = format_samples(f)
            && len.is_none()
        {
            return json!(good);
        }
        let pattern = m
            .get("pattern")
            .and_then(Value::as_str)
            .and_then(|p| regress::Regex::new(p).ok());
        let fits = |s: &str| {
            let n = s.chars().count();
            let length_ok = match len {
                Some(l) => n == l,
                None => n >= min && max.is_none_or(|x| n <= x),
            };
            length_ok && pattern.as_ref().is_none_or(|p| p.find(s).is_some())
        };
        if let Some(found) = STRING_POOL.iter().find(|s| fits(s)) {
            return json!(found);
        }
        let n = len.unwrap_or(min.max(1)).min(4096);
        json!("a".repeat(n))
    }

    /// Values at and around each keyword of `s`: the boundaries first, then one value of each
    /// JSON type. `None` stands for "absent" (the property left out).
    fn boundaries(&self, s: &Value, depth: usize, out: &mut Vec<Option<Value>>) {
        let s = self.deref(s);
        let Value::Object(m) = s else {
            return;
        };
        let mut add = |v: Value| {
            let v = Some(v);
            if !out.contains(&v) {
                out.push(v);
            }
        };
        add(self.minimal(s, depth));
        add(self.full(s, depth));
        let count = |k: &str| m.get(k).and_then(Value::as_u64);
        let item = m
            .get("items")
            .filter(|i| !i.is_array())
            .map_or(Value::Null, |i| self.minimal(i, depth + 1));
        for k in ["minItems", "maxItems"] {
            if let Some(n) = count(k) {
                for len in [n.saturating_sub(1), n, n + 1] {
                    add(Value::Array(vec![item.clone(); len.min(4096) as usize]));
                }
            }
        }
        for k in ["minLength", "maxLength"] {
            if let Some(n) = count(k) {
                for len in [n.saturating_sub(1), n, n + 1] {
                    add(self.string(m, Some(len.min(4096) as usize)));
                }
            }
        }
        for k in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
            let Some(Value::Number(v)) = m.get(k) else {
                continue;
            };
            // Integral bounds stay exact integers (an `f64` rounds past 2^53).
            if let Some(i) = v.as_i64().map(i128::from).or(v.as_u64().map(i128::from)) {
                for d in [0, -1, 1] {
                    if let Some(n) = integer(i + d) {
                        add(n);
                    }
                }
            }
            if let Some(f) = v.as_f64() {
                for d in [0.0, -1.0, 1.0, -0.5, 0.5] {
                    add(number(f + d));
                }
                // With a `multipleOf` beside the bound, the nearest multiples on either side:
                // a value past the bound that only the bound refuses.
                if let Some(k) = m
                    .get("multipleOf")
                    .and_then(Value::as_f64)
                    .filter(|k| *k > 0.0)
                {
                    let (below, above) = ((f / k).floor() * k, (f / k).ceil() * k);
                    for x in [below, above, below - k, above + k] {
                        add(number(x));
                    }
                }
            }
        }
        if let Some(v) = m.get("multipleOf").and_then(Value::as_f64) {
            for x in [v, v * 2.0, v / 2.0, 1.0, 0.5, 3.0] {
                add(number(x));
            }
        }
        if let Some(Value::Array(values)) = m.get("enum") {
            for v in values {
                add(v.clone());
            }
        }
        if let Some(c) = m.get("const") {
            add(c.clone());
            if let Some(t) = c.as_str() {
                add(json!(format!("{t}x")));
            }
        }
        if let Some((good, bad)) = m
            .get("format")
            .and_then(Value::as_str)
            .and_then(format_samples)
        {
            add(json!(good));
            add(json!(bad));
        }
        if m.contains_key("pattern") {
            for p in STRING_POOL {
                add(json!(p));
            }
        }
        if let Some(Value::Object(props)) = m.get("properties") {
            let base = self.minimal(s, depth);
            if let Value::Object(base) = &base {
                for (name, p) in props.iter().take(MAX_PROPERTY_CANDIDATES) {
                    let mut with = base.clone();
                    with.insert(name.clone(), self.minimal(p, depth + 1));
                    add(Value::Object(with));
                    let mut without = base.clone();
                    if without.remove(name).is_some() {
                        add(Value::Object(without));
                    }
                }
                let mut extra = base.clone();
                extra.insert("undeclared".into(), json!(0));
                add(Value::Object(extra));
            }
        }
        // A map's checks: a value of another type, a name past `propertyNames`, one entry past
        // the counts.
        let entry = m
            .get("additionalProperties")
            .filter(|a| a.is_object())
            .map_or(Value::Null, |a| self.minimal(a, depth + 1));
        if m.get("additionalProperties").is_some_and(Value::is_object) {
            for v in [entry.clone(), json!(null), json!(0), json!("a")] {
                add(json!({ "a": v }));
            }
        }
        if let Some(Value::Object(names)) = m.get("propertyNames") {
            for n in ["minLength", "maxLength"]
                .iter()
                .filter_map(|k| names.get(*k)?.as_u64())
            {
                for len in [n.saturating_sub(1), n, n + 1] {
                    if let Value::String(name) = self.string(names, Some(len.min(4096) as usize)) {
                        add(Value::Object(Map::from_iter([(name, entry.clone())])));
                    }
                }
            }
        }
        for k in ["minProperties", "maxProperties"] {
            if let Some(n) = count(k) {
                for len in [n.saturating_sub(1), n, n + 1] {
                    let entries = (0..len.min(4096)).map(|i| (format!("a{i}"), entry.clone()));
                    add(Value::Object(entries.collect()));
                }
            }
        }
        if let Some(Value::Object(deps)) = m.get("dependentRequired")
            && let Value::Object(base) = self.minimal(s, depth)
        {
            let props = m.get("properties").and_then(Value::as_object);
            let value = |name: &str| {
                props
                    .and_then(|p| p.get(name))
                    .map_or(Value::Null, |p| self.minimal(p, depth + 1))
            };
            for (key, needs) in deps.iter().take(MAX_PROPERTY_CANDIDATES) {
                let needs: Vec<&str> = needs
                    .as_array()
                    .map(|n| n.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut all = base.clone();
                all.insert(key.clone(), value(key));
                for n in &needs {
                    all.insert((*n).to_owned(), value(n));
                }
                add(Value::Object(all.clone()));
                for n in &needs {
                    let mut one_less = all.clone();
                    one_less.remove(*n);
                    add(Value::Object(one_less));
                }
            }
        }
        if let Some(c) = m.get("contains") {
            add(Value::Array(vec![self.minimal(c, depth + 1)]));
            add(Value::Array(vec![item.clone()]));
        }
        for v in [
            json!(null),
            json!(true),
            json!(0),
            json!(1),
            json!(-1),
            json!(1.5),
            json!(""),
            json!("a"),
            json!([]),
            json!({}),
            json!([null]),
        ] {
            add(v);
        }
        out.push(None);
    }

    /// A random instance of the schema: optional properties present half the time, lengths
    /// around the bounds, a value of another type now and then.
    fn random(&self, s: &Value, depth: usize, rng: &mut Rng) -> Value {
        let s = self.deref(s);
        let Value::Object(m) = s else {
            return Value::Null;
        };
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if rng.chance(8) {
            let reps = [
                json!(null),
                json!(0),
                json!("a"),
                json!([]),
                json!({}),
                json!(2.5),
            ];
            return reps[rng.below(reps.len())].clone();
        }
        if let Some(Value::Array(values)) = m.get("enum")
            && !values.is_empty()
        {
            return values[rng.below(values.len())].clone();
        }
        if let Some(c) = m.get("const") {
            return c.clone();
        }
        for k in ["anyOf", "oneOf"] {
            if let Some(Value::Array(b)) = m.get(k)
                && !b.is_empty()
            {
                return self.random(&b[rng.below(b.len())], depth + 1, rng);
            }
        }
        match primary_type_random(m, rng) {
            "object" => {
                let mut out = Map::new();
                let required: Vec<&str> = m
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if let Some(Value::Object(props)) = m.get("properties") {
                    for (name, p) in props {
                        let keep = if required.contains(&name.as_str()) {
                            !rng.chance(5)
                        } else {
                            rng.chance(50)
                        };
                        if keep {
                            out.insert(name.clone(), self.random(p, depth + 1, rng));
                        }
                    }
                }
                if rng.chance(5) {
                    out.insert("undeclared".into(), json!(1));
                }
                Value::Object(out)
            }
            "array" => {
                let min = m.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
                let max = m
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .map_or(min + 3, |x| x as usize);
                // A length at or around one of the bounds.
                let at = if rng.chance(50) { min } else { max };
                let n = (at.saturating_sub(1) + rng.below(3)).min(64);
                let items = m.get("items").filter(|i| !i.is_array());
                (0..n)
                    .map(|_| items.map_or(Value::Null, |i| self.random(i, depth + 1, rng)))
                    .collect()
            }
            "string" => {
                if rng.chance(40) {
                    self.string(m, None)
                } else {
                    // A length at or around one of the bounds.
                    let bound = ["minLength", "maxLength"][rng.below(2)];
                    let at = m.get(bound).and_then(Value::as_u64).unwrap_or(0) as usize;
                    let len = at.saturating_sub(1) + rng.below(3);
                    self.string(m, Some(len.min(4096)))
                }
            }
            "integer" | "number" if rng.chance(50) => {
                let mut near = Vec::new();
                self.boundaries(s, depth, &mut near);
                near.retain(|v| v.as_ref().is_some_and(Value::is_number));
                match near.get(rng.below(near.len())) {
                    Some(Some(v)) => v.clone(),
                    _ => json!(0),
                }
            }
            "integer" => number_in(m, (rng.below(7) as f64) - 3.0),
            "number" => number_in(m, (rng.below(13) as f64) / 2.0 - 3.0),
            "boolean" => Value::Bool(rng.chance(50)),
            _ => Value::Null,
        }
    }
}

/// The type a value of the schema gets: its `type` (the first non-null one), else what its
/// keywords suggest.
fn primary_type(m: &Map<String, Value>) -> &str {
    match m.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .or_else(|| ts.first().and_then(Value::as_str))
            .unwrap_or(""),
        _ => inferred_type(m),
    }
}

fn primary_type_random<'m>(m: &'m Map<String, Value>, rng: &mut Rng) -> &'m str {
    match m.get("type") {
        Some(Value::Array(ts)) if !ts.is_empty() => ts[rng.below(ts.len())].as_str().unwrap_or(""),
        _ => primary_type(m),
    }
}

fn inferred_type(m: &Map<String, Value>) -> &'static str {
    let has = |ks: &[&str]| ks.iter().any(|k| m.contains_key(*k));
    if has(&[
        "properties",
        "required",
        "additionalProperties",
        "dependentRequired",
    ]) {
        "object"
    } else if has(&["items", "prefixItems", "minItems", "maxItems", "contains"]) {
        "array"
    } else if has(&["minLength", "maxLength", "pattern", "format"]) {
        "string"
    } else if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        "number"
    } else {
        ""
    }
}

/// A number within the schema's bounds, as close to `near` as they allow (a multiple of
/// `multipleOf` when there is one); an integer when the schema asks for one.
fn number_in(m: &Map<String, Value>, near: f64) -> Value {
    let f = |k: &str| m.get(k).and_then(Value::as_f64);
    let integer = m.get("type").and_then(Value::as_str) == Some("integer");
    let step = if integer { 1.0 } else { 0.5 };
    let mut v = near;
    if let Some(lo) = f("minimum") {
        v = v.max(lo);
    }
    if let Some(lo) = f("exclusiveMinimum") {
        v = v.max(lo + step);
    }
    if let Some(hi) = f("maximum") {
        v = v.min(hi);
    }
    if let Some(hi) = f("exclusiveMaximum") {
        v = v.min(hi - step);
    }
    if let Some(k) = f("multipleOf").filter(|k| *k > 0.0) {
        v = (v / k).ceil() * k;
    }
    if integer {
        v = v.ceil();
    }
    number(v)
}

/// A JSON number, integral when the value is.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// A JSON integer, when it fits `i64` or `u64`.
fn integer(i: i128) -> Option<Value> {
    i64::try_from(i)
        .map(Value::from)
        .or_else(|_| u64::try_from(i).map(Value::from))
        .ok()
}

/// A valid and an invalid string of a format.
fn format_samples(format: &str) -> Option<(&'static str, &'static str)> {
    Some(match format {
        "email" | "idn-email" => ("a@b.co", "a"),
        "uri" | "iri" => ("https://e.co", "a"),
        "uri-reference" | "iri-reference" => ("a", "\\\\"),
        "date-time" => ("2026-01-01T00:00:00Z", "a"),
        "date" => ("2026-01-01", "a"),
        "time" => ("00:00:00Z", "a"),
        "duration" => ("P1D", "a"),
        "hostname" | "idn-hostname" => ("e.co", "-"),
        "ipv4" => ("1.2.3.4", "a"),
        "ipv6" => ("::1", "a"),
        "uuid" => ("00000000-0000-0000-0000-000000000000", "a"),
        "regex" => ("a", "("),
        "json-pointer" => ("/a", "a"),
        "relative-json-pointer" => ("0", "/a"),
        "uri-template" => ("a", "{"),
        _ => return None,
    })
}
