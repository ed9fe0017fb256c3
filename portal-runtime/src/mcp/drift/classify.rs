//! Drift classed for this binary: each difference between a compiled-in tool (its `published`
//! JSON) and the live one, read keyword by keyword as what it does to the requests this binary
//! sends (`inputSchema`: a stricter server is breaking) and to the answers it decodes
//! (`outputSchema`: a server that may answer more is breaking).
//!
//! The reading is conservative: a keyword it knows is judged by its own rule (bounds, `type`,
//! `enum`, `const`, `required`, `properties`, `additionalProperties`, `items`, `prefixItems`,
//! `allOf`, `format`, `pattern`, `multipleOf`, `uniqueItems`); a difference it cannot judge on
//! its own (inside `anyOf`, `oneOf`, `not`, `if`, `$ref` and `$defs`, `patternProperties`,
//! `unevaluated*`, `dependent*`, `contains`, a default, an unknown keyword) is *suspicious*, and
//! one that may go either way (a changed `pattern`, `format` or `const`) is *breaking*.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

use serde_json::{Map, Value};

use super::{Difference, compare, push_token};
use crate::catalog::Catalog;
use crate::mcp::Tool;

/// How a difference affects this binary, from harmless to harmful (ordered so).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Nothing this binary sends is refused and nothing it decodes is new: the input loosened,
    /// the output tightened, a documentation-only change, a tool the catalog lacks.
    Compatible,
    /// What a model reads changed (a description), a new optional input this binary never sends,
    /// or a change the reading cannot class.
    Suspicious,
    /// The server may refuse what this binary sends or answer what it cannot decode: the input
    /// tightened, the output loosened, the tool removed or renamed.
    Breaking,
}

impl Class {
    /// `compatible`, `suspicious` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Compatible => "compatible",
            Class::Suspicious => "suspicious",
            Class::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One classed difference: where (a JSON Pointer into the tool object), both values (`None`
/// where absent), its class and why it got it.
///
/// Displayed as `breaking: /inputSchema/required/1: (absent) → "times" (input tightened:
/// "times" became required)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// RFC 6901 JSON Pointer into the tool object (`/inputSchema/...`): into the compiled-in
    /// tool for what it alone has, else into the live one.
    pub pointer: String,
    /// The value in the compiled-in tool.
    pub old: Option<Value>,
    /// The value in the live tool.
    pub new: Option<Value>,
    /// What it does to this binary.
    pub class: Class,
    /// Why it got its class.
    pub why: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let difference = Difference {
            pointer: self.pointer.clone(),
            old: self.old.clone(),
            new: self.new.clone(),
        };
        write!(f, "{}: {difference} ({})", self.class, self.why)
    }
}

/// How a tool of the report differs as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolStatus {
    /// Both list it, differently (see [`ToolDrift::changes`]).
    Changed,
    /// The server no longer lists it.
    Removed,
    /// The server no longer lists it but lists `to` with the same input schema.
    Renamed {
        /// The name the server lists instead.
        to: String,
    },
    /// The server lists it and the catalog lacks it.
    New,
}

/// One tool that differs: its name (the catalog's, or the server's for a new tool), how, its
/// class (the worst of its changes) and every change.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolDrift {
    /// The tool's name.
    pub tool: String,
    /// How it differs as a whole.
    pub status: ToolStatus,
    /// The worst class of its changes; `breaking` for a removed or renamed tool, `compatible`
    /// for a new one.
    pub class: Class,
    /// Each difference of a changed tool, in document order (empty for the other statuses).
    pub changes: Vec<Change>,
}

impl ToolDrift {
    /// The status as the report shows it: `changed`, `removed (...)`, `renamed to ...`.
    fn status_text(&self) -> String {
        match &self.status {
            ToolStatus::Changed => "changed".to_owned(),
            ToolStatus::Removed => "removed (the server no longer lists it)".to_owned(),
            ToolStatus::Renamed { to } => {
                format!("renamed to {to} (the server lists it with the same input schema)")
            }
            ToolStatus::New => "new (the catalog lacks it)".to_owned(),
        }
    }
}

impl fmt::Display for ToolDrift {
    /// `echo: breaking (changed)`, then one indented line per change.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.tool, self.class, self.status_text())?;
        for change in &self.changes {
            write!(f, "\n  {change}")?;
        }
        Ok(())
    }
}

/// Every tool that differs between a compiled-in [`Catalog`] and a server's `tools/list`, sorted
/// by tool name.
///
/// Displayed as a few lines: a summary, then each tool and its changes:
///
/// ```text
/// catalog demo against the server: 1 tool differs, worst breaking
///   echo: breaking (changed)
///     breaking: /inputSchema/required/1: (absent) → "times" (input tightened: "times" became required)
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DriftReport {
    /// The catalog's name.
    pub catalog: String,
    /// The tools that differ, sorted by name.
    pub tools: Vec<ToolDrift>,
}

impl DriftReport {
    /// The worst class of any tool; `None` when nothing differs.
    pub fn worst(&self) -> Option<Class> {
        self.tools.iter().map(|t| t.class).max()
    }

    /// Whether the server lists exactly the catalog's tools as published.
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    /// The entry of tool `name`, if it differs.
    pub fn tool(&self, name: &str) -> Option<&ToolDrift> {
        self.tools
            .binary_search_by(|t| t.tool.as_str().cmp(name))
            .ok()
            .map(|i| &self.tools[i])
    }
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(worst) = self.worst() else {
            return write!(f, "catalog {} against the server: no drift", self.catalog);
        };
        let n = self.tools.len();
        let verb = if n == 1 {
            "tool differs"
        } else {
            "tools differ"
        };
        write!(
            f,
            "catalog {} against the server: {n} {verb}, worst {worst}",
            self.catalog
        )?;
        for tool in &self.tools {
            let text = tool.to_string().replace('\n', "\n  ");
            write!(f, "\n  {text}")?;
        }
        Ok(())
    }
}

/// Classes every difference between `catalog` (each tool's `published` JSON) and the `live`
/// listing.
///
/// A catalog tool the server does not list is *removed*, unless the server lists a tool the
/// catalog lacks with a structurally identical input schema: that pair is a *rename* (both
/// breaking). Tools only the server lists are *new* (compatible). When the server lists a name
/// twice, the first is read. Two tools with a trivial input schema (`{"type": "object"}`) may be
/// paired as a rename that is a removal and an addition; both are breaking alike.
pub fn classify(catalog: &Catalog, live: &[Tool]) -> DriftReport {
    let mut by_name: HashMap<&str, &Tool> = HashMap::with_capacity(live.len());
    for tool in live {
        by_name.entry(tool.name.as_str()).or_insert(tool);
    }
    let mut entries = Vec::new();
    let mut removed = Vec::new();
    for tool in catalog.tools {
        let published: Value = match serde_json::from_str(tool.published) {
            Ok(published) => published,
            Err(e) => {
                entries.push(changed(
                    tool.name,
                    vec![Change {
                        pointer: String::new(),
                        old: None,
                        new: None,
                        class: Class::Suspicious,
                        why: format!("cannot tell: the compiled-in tool is not JSON ({e})"),
                    }],
                ));
                continue;
            }
        };
        match by_name.get(tool.name) {
            Some(live) => {
                let changes = classify_tool(&published, &live.raw);
                if !changes.is_empty() {
                    entries.push(changed(tool.name, changes));
                }
            }
            None => removed.push((tool.name, published)),
        }
    }
    // The tools only the server lists, in its order, keyed by their input schema for renames.
    let mut added: Vec<&Tool> = Vec::new();
    let mut seen = HashSet::new();
    for tool in live {
        if catalog.tool(&tool.name).is_none() && seen.insert(tool.name.as_str()) {
            added.push(tool);
        }
    }
    let mut by_input: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, tool) in added.iter().enumerate() {
        by_input
            .entry(canonical(tool.raw.get("inputSchema")))
            .or_default()
            .push_back(i);
    }
    let mut renamed_to = vec![false; added.len()];
    for (name, published) in removed {
        let target = by_input
            .get_mut(&canonical(published.get("inputSchema")))
            .and_then(VecDeque::pop_front);
        let status = match target {
            Some(i) => {
                renamed_to[i] = true;
                ToolStatus::Renamed {
                    to: added[i].name.clone(),
                }
            }
            None => ToolStatus::Removed,
        };
        entries.push(ToolDrift {
            tool: name.to_owned(),
            status,
            class: Class::Breaking,
            changes: Vec::new(),
        });
    }
    for (tool, renamed) in added.iter().zip(renamed_to) {
        if !renamed {
            entries.push(ToolDrift {
                tool: tool.name.clone(),
                status: ToolStatus::New,
                class: Class::Compatible,
                changes: Vec::new(),
            });
        }
    }
    entries.sort_by(|a, b| a.tool.cmp(&b.tool));
    DriftReport {
        catalog: catalog.name.to_owned(),
        tools: entries,
    }
}

fn changed(name: &str, changes: Vec<Change>) -> ToolDrift {
    ToolDrift {
        tool: name.to_owned(),
        status: ToolStatus::Changed,
        class: changes
            .iter()
            .map(|c| c.class)
            .max()
            .unwrap_or(Class::Compatible),
        changes,
    }
}

/// Every classed difference between two MCP Tool objects of the same name, `old` the
/// compiled-in one and `new` the live one, in document order (the old tool's members first).
pub fn classify_tool(old: &Value, new: &Value) -> Vec<Change> {
    let empty = Map::new();
    let a = old.as_object().unwrap_or(&empty);
    let b = new.as_object().unwrap_or(&empty);
    let mut walk = Walk {
        side: Side::Input,
        pointer: String::new(),
        out: Vec::new(),
    };
    for (key, o, n) in members(a, b) {
        let len = walk.pointer.len();
        push_token(&mut walk.pointer, key);
        match key {
            "name" => {}
            "description" => walk.leaf(o, n, Effect::Description, "the tool's description changed"),
            "inputSchema" => {
                walk.side = Side::Input;
                walk.schema(o, n);
            }
            "outputSchema" => {
                walk.side = Side::Output;
                match (o, n) {
                    (Some(_), None) => walk.leaf(
                        o,
                        n,
                        Effect::Looser,
                        "the server no longer publishes an output schema",
                    ),
                    (None, Some(_)) => walk.leaf(
                        o,
                        n,
                        Effect::Tighter,
                        "the server now publishes an output schema",
                    ),
                    _ => walk.schema(o, n),
                }
            }
            "annotations" => walk.annotations(o, n),
            "title" | "icons" | "_meta" => walk.leaf(o, n, Effect::Docs, "not part of a call"),
            _ => walk.unknown(o, n, &format!("member {key:?} is not read")),
        }
        walk.pointer.truncate(len);
    }
    walk.out
}

/// Which way a schema is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// What this binary sends: a stricter server refuses it.
    Input,
    /// What this binary decodes: a looser server may send what it rejects.
    Output,
}

/// What a difference does to the instances a schema accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    /// It accepts fewer.
    Tighter,
    /// It accepts more.
    Looser,
    /// Each side accepts something the other refuses.
    Both,
    /// This reading cannot tell.
    Unknown,
    /// A description: what a model reads.
    Description,
    /// Documentation the call does not depend on.
    Docs,
    /// A new optional input property: this binary never sends it.
    NewInput,
    /// A behaviour hint that hosts and models act on (`readOnlyHint`, `destructiveHint`).
    Hint,
}

struct Walk {
    side: Side,
    pointer: String,
    out: Vec<Change>,
}

/// The members of two objects, the old one's first (in its order), then those only the new one
/// has, each with both values.
fn members<'a>(
    a: &'a Map<String, Value>,
    b: &'a Map<String, Value>,
) -> impl Iterator<Item = (&'a str, Option<&'a Value>, Option<&'a Value>)> {
    a.iter()
        .map(|(k, v)| (k.as_str(), Some(v), b.get(k)))
        .chain(
            b.iter()
                .filter(|(k, _)| !a.contains_key(*k))
                .map(|(k, v)| (k.as_str(), None, Some(v))),
        )
}

/// Whether two optional values are the same JSON (numbers by value).
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let mut out = Vec::new();
            compare(a, b, &mut String::new(), &mut out);
            out.is_empty()
        }
        _ => false,
    }
}

impl Walk {
    fn push(&mut self, old: Option<&Value>, new: Option<&Value>, effect: Effect, what: &str) {
        let (class, why) = match (self.side, effect) {
            (Side::Input, Effect::Tighter) => (Class::Breaking, format!("input tightened: {what}")),
            (Side::Input, Effect::Looser) => (Class::Compatible, format!("input loosened: {what}")),
            (Side::Output, Effect::Tighter) => {
                (Class::Compatible, format!("output tightened: {what}"))
            }
            (Side::Output, Effect::Looser) => (Class::Breaking, format!("output loosened: {what}")),
            (Side::Input, Effect::Both) => (
                Class::Breaking,
                format!(
                    "input changed both ways: {what}, the server may refuse what this binary sends"
                ),
            ),
            (Side::Output, Effect::Both) => (
                Class::Breaking,
                format!(
                    "output changed both ways: {what}, the server may answer what this binary rejects"
                ),
            ),
            (_, Effect::Unknown) => (Class::Suspicious, format!("cannot tell: {what}")),
            (_, Effect::Description) => (Class::Suspicious, format!("{what} (what a model reads)")),
            (_, Effect::Docs) => (Class::Compatible, format!("documentation only: {what}")),
            (_, Effect::NewInput) => (
                Class::Suspicious,
                format!("{what} (this binary never sends it)"),
            ),
            (_, Effect::Hint) => (
                Class::Suspicious,
                format!("{what} (a hint hosts and models act on)"),
            ),
        };
        self.out.push(Change {
            pointer: self.pointer.clone(),
            old: old.cloned(),
            new: new.cloned(),
            class,
            why,
        });
    }

    /// A value compared as a whole: one change when it differs.
    fn leaf(&mut self, old: Option<&Value>, new: Option<&Value>, effect: Effect, what: &str) {
        if !same(old, new) {
            self.push(old, new, effect, what);
        }
    }

    /// Every structural difference below here, each one suspicious.
    fn unknown(&mut self, old: Option<&Value>, new: Option<&Value>, what: &str) {
        match (old, new) {
            (Some(a), Some(b)) => {
                let mut differences = Vec::new();
                compare(a, b, &mut self.pointer.clone(), &mut differences);
                for d in differences {
                    self.out.push(Change {
                        pointer: d.pointer,
                        old: d.old,
                        new: d.new,
                        class: Class::Suspicious,
                        why: format!("cannot tell: {what}"),
                    });
                }
            }
            (None, None) => {}
            _ => self.push(old, new, Effect::Unknown, what),
        }
    }

    /// Two schemas at the current pointer; an absent one accepts everything (`true`).
    fn schema(&mut self, old: Option<&Value>, new: Option<&Value>) {
        let accepts_all = |v: Option<&Value>| match v {
            None | Some(Value::Bool(true)) => Some(true),
            Some(Value::Bool(false)) => Some(false),
            Some(Value::Object(map)) if map.is_empty() => Some(true),
            _ => None,
        };
        let empty = Map::new();
        let (a, b) = match (old, new) {
            (
                None | Some(Value::Bool(true) | Value::Object(_)),
                None | Some(Value::Bool(true) | Value::Object(_)),
            ) => (
                old.and_then(Value::as_object).unwrap_or(&empty),
                new.and_then(Value::as_object).unwrap_or(&empty),
            ),
            _ => {
                match (accepts_all(old), accepts_all(new)) {
                    (Some(x), Some(y)) if x == y => {}
                    (Some(false), _) => {
                        self.push(old, new, Effect::Looser, "the schema accepted nothing")
                    }
                    (_, Some(false)) => {
                        self.push(old, new, Effect::Tighter, "the schema now accepts nothing")
                    }
                    _ => self.unknown(old, new, "not a schema"),
                }
                return;
            }
        };
        for (key, o, n) in members(a, b) {
            let len = self.pointer.len();
            push_token(&mut self.pointer, key);
            self.keyword(key, a, b, o, n);
            self.pointer.truncate(len);
        }
    }

    /// One keyword of two schema objects `a` (old) and `b` (new).
    fn keyword(
        &mut self,
        key: &str,
        a: &Map<String, Value>,
        b: &Map<String, Value>,
        o: Option<&Value>,
        n: Option<&Value>,
    ) {
        match key {
            "description" => self.leaf(o, n, Effect::Description, "a description changed"),
            "title" | "examples" | "$comment" | "deprecated" | "readOnly" | "writeOnly" => {
                self.leaf(o, n, Effect::Docs, &format!("{key} changed"))
            }
            "type" => self.types(o, n),
            "enum" => self.enumeration(o, n),
            "const" => match (o, n) {
                (None, Some(_)) => self.push(o, n, Effect::Tighter, "a const was added"),
                (Some(_), None) => self.push(o, n, Effect::Looser, "the const was removed"),
                _ => self.leaf(o, n, Effect::Both, "the const changed"),
            },
            "required" => self.required(o, n),
            "properties" => self.properties(a, b, o, n),
            "additionalProperties"
                if n == Some(&Value::Bool(false)) && o != Some(&Value::Bool(false)) =>
            {
                self.push(o, n, Effect::Tighter, "members not listed are now refused")
            }
            "additionalProperties"
                if o == Some(&Value::Bool(false)) && n != Some(&Value::Bool(false)) =>
            {
                self.push(o, n, Effect::Looser, "members not listed are now allowed")
            }
            "additionalProperties" | "items" | "propertyNames"
                if !matches!(o, Some(Value::Array(_))) && !matches!(n, Some(Value::Array(_))) =>
            {
                self.schema(o, n)
            }
            "prefixItems" | "allOf" => self.schema_list(key, o, n),
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties" => {
                self.bound(key, o, n, true)
            }
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties" => {
                self.bound(key, o, n, false)
            }
            "multipleOf" => self.multiple_of(o, n),
            "uniqueItems" => {
                let on = |v: Option<&Value>| v.and_then(Value::as_bool);
                match (o.map(|_| on(o)), n.map(|_| on(n))) {
                    (Some(None), _) | (_, Some(None)) => {
                        self.unknown(o, n, "uniqueItems is not a boolean")
                    }
                    _ => match (on(o).unwrap_or(false), on(n).unwrap_or(false)) {
                        (false, true) => {
                            self.push(o, n, Effect::Tighter, "items must now be unique")
                        }
                        (true, false) => {
                            self.push(o, n, Effect::Looser, "items need no longer be unique")
                        }
                        _ => {}
                    },
                }
            }
            "format" | "pattern" => match (o, n) {
                (None, Some(_)) => self.push(o, n, Effect::Tighter, &format!("a {key} was added")),
                (Some(_), None) => {
                    self.push(o, n, Effect::Looser, &format!("the {key} was removed"))
                }
                _ => self.leaf(o, n, Effect::Both, &format!("the {key} changed")),
            },
            "anyOf"
            | "oneOf"
            | "not"
            | "if"
            | "then"
            | "else"
            | "$ref"
            | "$dynamicRef"
            | "$defs"
            | "definitions"
            | "patternProperties"
            | "dependentSchemas"
            | "dependentRequired"
            | "dependencies"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contains"
            | "minContains"
            | "maxContains" => self.unknown(o, n, &format!("a change inside {key}")),
            _ => self.unknown(o, n, &format!("keyword {key:?} is not read")),
        }
    }

    fn types(&mut self, o: Option<&Value>, n: Option<&Value>) {
        /// The type names, `None` for an absent `type` (every type); `Err` for a malformed one.
        fn names(v: Option<&Value>) -> Result<Option<Vec<&str>>, ()> {
            match v {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(vec![s.as_str()])),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|t| t.as_str().ok_or(()))
                    .collect::<Result<Vec<_>, ()>>()
                    .map(Some),
                Some(_) => Err(()),
            }
        }
        /// Whether every instance of types `inner` is one of types `outer`.
        fn covers(outer: &Option<Vec<&str>>, inner: &Option<Vec<&str>>) -> bool {
            match (outer, inner) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(outer), Some(inner)) => inner
                    .iter()
                    .all(|t| outer.contains(t) || (*t == "integer" && outer.contains(&"number"))),
            }
        }
        let (Ok(old), Ok(new)) = (names(o), names(n)) else {
            return self.unknown(o, n, "type is neither a name nor a list of names");
        };
        match (covers(&new, &old), covers(&old, &new)) {
            (true, true) => {}
            (true, false) => self.push(o, n, Effect::Looser, "the type was widened"),
            (false, true) => self.push(o, n, Effect::Tighter, "the type was narrowed"),
            (false, false) => self.push(o, n, Effect::Both, "the type changed"),
        }
    }

    fn enumeration(&mut self, o: Option<&Value>, n: Option<&Value>) {
        match (o, n) {
            (None, None) => {}
            (None, Some(_)) => self.push(o, n, Effect::Tighter, "an enum was added"),
            (Some(_), None) => self.push(o, n, Effect::Looser, "the enum was removed"),
            (Some(Value::Array(old)), Some(Value::Array(new))) => {
                let (removed, added) = set_difference(old, new);
                let len = self.pointer.len();
                for i in removed {
                    self.pointer.push_str(&format!("/{i}"));
                    self.push(
                        Some(&old[i]),
                        None,
                        Effect::Tighter,
                        "an enum value was removed",
                    );
                    self.pointer.truncate(len);
                }
                for i in added {
                    self.pointer.push_str(&format!("/{i}"));
                    self.push(
                        None,
                        Some(&new[i]),
                        Effect::Looser,
                        "an enum value was added",
                    );
                    self.pointer.truncate(len);
                }
            }
            _ => self.unknown(o, n, "enum is not an array"),
        }
    }

    fn required(&mut self, o: Option<&Value>, n: Option<&Value>) {
        let none = Vec::new();
        let list = |v| as_list(v, &none);
        let (Some(old), Some(new)) = (list(o), list(n)) else {
            return self.unknown(o, n, "required is not an array");
        };
        let (removed, added) = set_difference(old, new);
        let len = self.pointer.len();
        for i in removed {
            self.pointer.push_str(&format!("/{i}"));
            let what = format!("{} is no longer required", old[i]);
            self.push(Some(&old[i]), None, Effect::Looser, &what);
            self.pointer.truncate(len);
        }
        for i in added {
            self.pointer.push_str(&format!("/{i}"));
            let what = format!("{} became required", new[i]);
            self.push(None, Some(&new[i]), Effect::Tighter, &what);
            self.pointer.truncate(len);
        }
    }

    fn properties(
        &mut self,
        a: &Map<String, Value>,
        b: &Map<String, Value>,
        o: Option<&Value>,
        n: Option<&Value>,
    ) {
        let empty = Map::new();
        let map = |v| as_map(v, &empty);
        let (Some(old), Some(new)) = (map(o), map(n)) else {
            return self.unknown(o, n, "properties is not an object");
        };
        let closed = |schema: &Map<String, Value>| {
            schema.get("additionalProperties") == Some(&Value::Bool(false))
        };
        for (name, po, pn) in members(old, new) {
            let len = self.pointer.len();
            push_token(&mut self.pointer, name);
            match (po, pn, self.side) {
                (Some(_), Some(_), _) => self.schema(po, pn),
                (Some(_), None, Side::Input) => {
                    let what = if closed(b) {
                        "a property this binary may send was removed, and others are refused"
                    } else {
                        "a property this binary may send was removed"
                    };
                    self.push(po, pn, Effect::Tighter, what)
                }
                (Some(_), None, Side::Output) => {
                    self.push(po, pn, Effect::Looser, "a property is no longer described")
                }
                (None, Some(_), Side::Input) if requires(b, name) => {
                    self.push(po, pn, Effect::Tighter, "a new required input")
                }
                (None, Some(_), Side::Input) => {
                    self.push(po, pn, Effect::NewInput, "a new optional input")
                }
                (None, Some(_), Side::Output) if closed(a) => self.push(
                    po,
                    pn,
                    Effect::Looser,
                    "a new property where the old schema allowed none",
                ),
                (None, Some(_), Side::Output) => self.push(
                    po,
                    pn,
                    Effect::Tighter,
                    "a new property constrains a member already allowed",
                ),
                (None, None, _) => {}
            }
            self.pointer.truncate(len);
        }
    }

    /// `prefixItems` or `allOf`: schemas compared position by position; a missing one accepts
    /// everything.
    fn schema_list(&mut self, key: &str, o: Option<&Value>, n: Option<&Value>) {
        let none = Vec::new();
        let list = |v| as_list(v, &none);
        let (Some(old), Some(new)) = (list(o), list(n)) else {
            return self.unknown(o, n, &format!("{key} is not an array"));
        };
        for i in 0..old.len().max(new.len()) {
            let len = self.pointer.len();
            self.pointer.push_str(&format!("/{i}"));
            self.schema(old.get(i), new.get(i));
            self.pointer.truncate(len);
        }
    }

    /// A lower (`lower`) or upper bound.
    fn bound(&mut self, key: &str, o: Option<&Value>, n: Option<&Value>, lower: bool) {
        let number = |v: Option<&Value>| v.map(Value::as_f64);
        let (old, new) = match (number(o), number(n)) {
            (Some(None), _) | (_, Some(None)) => {
                return self.unknown(o, n, &format!("{key} is not a number"));
            }
            (old, new) => (old.flatten(), new.flatten()),
        };
        let tighter = match (old, new) {
            (None, None) => return,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(x), Some(y)) if x == y => return,
            (Some(x), Some(y)) => (y > x) == lower,
        };
        let what = match (old, new, tighter) {
            (None, _, _) => format!("{key} was added"),
            (_, None, _) => format!("{key} was removed"),
            (_, _, true) => format!("{key} was tightened"),
            (_, _, false) => format!("{key} was relaxed"),
        };
        let effect = if tighter {
            Effect::Tighter
        } else {
            Effect::Looser
        };
        self.push(o, n, effect, &what);
    }

    fn multiple_of(&mut self, o: Option<&Value>, n: Option<&Value>) {
        let number = |v: Option<&Value>| v.map(Value::as_f64);
        match (number(o), number(n)) {
            (Some(None), _) | (_, Some(None)) => self.unknown(o, n, "multipleOf is not a number"),
            (None, None) => {}
            (None, Some(_)) => self.push(o, n, Effect::Tighter, "multipleOf was added"),
            (Some(_), None) => self.push(o, n, Effect::Looser, "multipleOf was removed"),
            (Some(Some(x)), Some(Some(y))) if x == y => {}
            (Some(Some(x)), Some(Some(y))) => {
                let divides = |big: f64, small: f64| small != 0.0 && (big / small).fract() == 0.0;
                if divides(y, x) {
                    self.push(
                        o,
                        n,
                        Effect::Tighter,
                        "multipleOf is now a multiple of the old one",
                    );
                } else if divides(x, y) {
                    self.push(o, n, Effect::Looser, "multipleOf now divides the old one");
                } else {
                    self.push(o, n, Effect::Both, "multipleOf changed");
                }
            }
        }
    }

    fn annotations(&mut self, o: Option<&Value>, n: Option<&Value>) {
        let empty = Map::new();
        let (a, b) = (
            as_map(o, &empty).unwrap_or(&empty),
            as_map(n, &empty).unwrap_or(&empty),
        );
        if !matches!(o, None | Some(Value::Object(_)))
            || !matches!(n, None | Some(Value::Object(_)))
        {
            return self.unknown(o, n, "annotations is not an object");
        }
        // The hints' defaults, as MCP gives them: not read-only, destructive.
        let hint = |m: &Map<String, Value>, key: &str, default: bool| {
            m.get(key).and_then(Value::as_bool).unwrap_or(default)
        };
        for (key, ho, hn) in members(a, b) {
            if same(ho, hn) {
                continue;
            }
            let len = self.pointer.len();
            push_token(&mut self.pointer, key);
            let (effect, what) = match key {
                "readOnlyHint" if hint(a, key, false) && !hint(b, key, false) => {
                    (Effect::Hint, "the tool is no longer read-only")
                }
                "destructiveHint" if !hint(a, key, true) && hint(b, key, true) => {
                    (Effect::Hint, "the tool may now be destructive")
                }
                _ => (Effect::Docs, "an annotation changed"),
            };
            self.push(ho, hn, effect, what);
            self.pointer.truncate(len);
        }
    }
}

/// Whether schema `schema` lists `name` in its `required`.
fn requires(schema: &Map<String, Value>, name: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|names| names.iter().any(|n| n == name))
}

/// An array keyword's items: `absent` when it is absent, `None` when it is no array.
fn as_list<'a>(v: Option<&'a Value>, absent: &'a Vec<Value>) -> Option<&'a Vec<Value>> {
    match v {
        None => Some(absent),
        Some(Value::Array(items)) => Some(items),
        Some(_) => None,
    }
}

/// An object keyword's members: `absent` when it is absent, `None` when it is no object.
fn as_map<'a>(
    v: Option<&'a Value>,
    absent: &'a Map<String, Value>,
) -> Option<&'a Map<String, Value>> {
    match v {
        None => Some(absent),
        Some(Value::Object(map)) => Some(map),
        Some(_) => None,
    }
}

/// The positions of `old`'s items that `new` lacks and of `new`'s items that `old` lacks
/// (JSON compared by value, objects whatever their key order), in linear time.
fn set_difference(old: &[Value], new: &[Value]) -> (Vec<usize>, Vec<usize>) {
    let old_keys: Vec<String> = old.iter().map(|v| canonical(Some(v))).collect();
    let new_keys: Vec<String> = new.iter().map(|v| canonical(Some(v))).collect();
    let old_set: HashSet<&str> = old_keys.iter().map(String::as_str).collect();
    let new_set: HashSet<&str> = new_keys.iter().map(String::as_str).collect();
    let removed = (0..old.len())
        .filter(|&i| !new_set.contains(old_keys[i].as_str()))
        .collect();
    let added = (0..new.len())
        .filter(|&i| !old_set.contains(new_keys[i].as_str()))
        .collect();
    (removed, added)
}

/// A text equal for equal JSON: object keys sorted, numbers by value (`1` and `1.0` alike).
fn canonical(value: Option<&Value>) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Number(n) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                    out.push_str(&format!("{}", f as i64));
                }
                Some(f) if !n.is_i64() && !n.is_u64() => out.push_str(&format!("{f:?}")),
                _ => out.push_str(&n.to_string()),
            },
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(&map[key], out);
                }
                out.push('}');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    match value {
        Some(value) => write(value, &mut out),
        None => out.push_str("(absent)"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogTool;
    use serde_json::json;

    /// Each change of `old` → `new`, displayed.
    fn shown(old: Value, new: Value) -> Vec<String> {
        classify_tool(&old, &new)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn input(schema: Value) -> Value {
        json!({"name": "t", "inputSchema": schema})
    }

    fn output(schema: Value) -> Value {
        json!({"name": "t", "inputSchema": {"type": "object"}, "outputSchema": schema})
    }

    #[test]
    fn input_tightened_is_breaking_and_loosened_compatible() {
        let old = input(json!({
            "type": "object",
            "properties": {
                "n": {"type": "integer", "minimum": 1, "maximum": 10},
                "s": {"type": "string", "enum": ["a", "b"], "maxLength": 5},
                "l": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["n", "s"]
        }));
        let new = input(json!({
            "type": "object",
            "properties": {
                "n": {"type": "number", "minimum": 2, "maximum": 10.0},
                "s": {"type": "string", "enum": ["b", "c"], "maxLength": 8, "pattern": "^[a-z]+$"},
                "l": {"type": "array", "items": {"type": "string", "format": "email"}, "uniqueItems": true}
            },
            "required": ["s", "l"],
            "additionalProperties": false
        }));
        assert_eq!(
            shown(old, new),
            [
                "compatible: /inputSchema/properties/n/type: \"integer\" → \"number\" (input loosened: the type was widened)",
                "breaking: /inputSchema/properties/n/minimum: 1 → 2 (input tightened: minimum was tightened)",
                "breaking: /inputSchema/properties/s/enum/0: \"a\" → (absent) (input tightened: an enum value was removed)",
                "compatible: /inputSchema/properties/s/enum/1: (absent) → \"c\" (input loosened: an enum value was added)",
                "compatible: /inputSchema/properties/s/maxLength: 5 → 8 (input loosened: maxLength was relaxed)",
                "breaking: /inputSchema/properties/s/pattern: (absent) → \"^[a-z]+$\" (input tightened: a pattern was added)",
                "breaking: /inputSchema/properties/l/items/format: (absent) → \"email\" (input tightened: a format was added)",
                "breaking: /inputSchema/properties/l/uniqueItems: (absent) → true (input tightened: items must now be unique)",
                "compatible: /inputSchema/required/0: \"n\" → (absent) (input loosened: \"n\" is no longer required)",
                "breaking: /inputSchema/required/1: (absent) → \"l\" (input tightened: \"l\" became required)",
                "breaking: /inputSchema/additionalProperties: (absent) → false (input tightened: members not listed are now refused)",
            ]
        );
    }

    #[test]
    fn output_loosened_is_breaking_and_tightened_compatible() {
        let old = output(json!({
            "type": "object",
            "properties": {"id": {"type": "string"}, "state": {"enum": ["on", "off"]}},
            "required": ["id", "state"],
            "additionalProperties": false
        }));
        let new = output(json!({
            "type": "object",
            "properties": {
                "id": {"type": ["string", "null"], "minLength": 1},
                "state": {"enum": ["on", "off", "broken"]},
                "extra": {}
            },
            "required": ["id"],
            "additionalProperties": false
        }));
        assert_eq!(
            shown(old, new),
            [
                "breaking: /outputSchema/properties/id/type: \"string\" → [\"string\",\"null\"] (output loosened: the type was widened)",
                "compatible: /outputSchema/properties/id/minLength: (absent) → 1 (output tightened: minLength was added)",
                "breaking: /outputSchema/properties/state/enum/2: (absent) → \"broken\" (output loosened: an enum value was added)",
                "breaking: /outputSchema/properties/extra: (absent) → {} (output loosened: a new property where the old schema allowed none)",
                "breaking: /outputSchema/required/1: \"state\" → (absent) (output loosened: \"state\" is no longer required)",
            ]
        );
        assert_eq!(
            shown(
                output(json!({"type": "object"})),
                json!({"name": "t", "inputSchema": {"type": "object"}})
            ),
            [
                "breaking: /outputSchema: {\"type\":\"object\"} → (absent) (output loosened: the server no longer publishes an output schema)"
            ]
        );
    }

    #[test]
    fn descriptions_new_inputs_and_unread_keywords_are_suspicious() {
        let old = json!({
            "name": "t",
            "title": "T",
            "description": "Old.",
            "inputSchema": {
                "type": "object",
                "properties": {"a": {"description": "A.", "anyOf": [{"type": "string"}, {"type": "null"}]}},
                "x-mcp-header": "A"
            },
            "annotations": {"readOnlyHint": true, "title": "t"}
        });
        let new = json!({
            "name": "t",
            "title": "T2",
            "description": "New.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "a": {"description": "A!", "anyOf": [{"type": "string"}, {"type": "integer"}]},
                    "b": {"type": "string"}
                },
                "x-mcp-header": "B"
            },
            "annotations": {"title": "t"},
            "execution": {"taskSupport": "optional"}
        });
        assert_eq!(
            shown(old, new),
            [
                "compatible: /title: \"T\" → \"T2\" (documentation only: not part of a call)",
                "suspicious: /description: \"Old.\" → \"New.\" (the tool's description changed (what a model reads))",
                "suspicious: /inputSchema/properties/a/description: \"A.\" → \"A!\" (a description changed (what a model reads))",
                "suspicious: /inputSchema/properties/a/anyOf/1/type: \"null\" → \"integer\" (cannot tell: a change inside anyOf)",
                "suspicious: /inputSchema/properties/b: (absent) → {\"type\":\"string\"} (a new optional input (this binary never sends it))",
                "suspicious: /inputSchema/x-mcp-header: \"A\" → \"B\" (cannot tell: keyword \"x-mcp-header\" is not read)",
                "suspicious: /annotations/readOnlyHint: true → (absent) (the tool is no longer read-only (a hint hosts and models act on))",
                "suspicious: /execution: (absent) → {\"taskSupport\":\"optional\"} (cannot tell: member \"execution\" is not read)",
            ]
        );
    }

    #[test]
    fn sets_and_numbers_compare_by_value() {
        let old = input(
            json!({"type": ["integer", "string"], "enum": [1, {"a": 1, "b": 2}, "x"], "multipleOf": 2, "required": ["a", "b"]}),
        );
        let new = input(
            json!({"type": ["string", "integer"], "enum": ["x", {"b": 2, "a": 1.0}, 1.0], "multipleOf": 4, "required": ["b", "a"]}),
        );
        assert_eq!(
            shown(old, new),
            [
                "breaking: /inputSchema/multipleOf: 2 → 4 (input tightened: multipleOf is now a multiple of the old one)"
            ]
        );
        let old = input(json!({"const": "a", "type": "integer", "format": "date"}));
        let new = input(json!({"const": "b", "type": "string", "format": "email"}));
        assert_eq!(
            shown(old, new),
            [
                "breaking: /inputSchema/const: \"a\" → \"b\" (input changed both ways: the const changed, the server may refuse what this binary sends)",
                "breaking: /inputSchema/type: \"integer\" → \"string\" (input changed both ways: the type changed, the server may refuse what this binary sends)",
                "breaking: /inputSchema/format: \"date\" → \"email\" (input changed both ways: the format changed, the server may refuse what this binary sends)",
            ]
        );
        assert!(
            classify_tool(
                &input(json!({"type": "object"})),
                &input(json!({"type": "object"}))
            )
            .is_empty()
        );
    }

    static TOOLS: [CatalogTool; 4] = [
        tool(
            "echo",
            r#"{"name":"echo","inputSchema":{"type":"object","properties":{"text":{"type":"string"}}}}"#,
        ),
        tool("gone", r#"{"name":"gone","inputSchema":{"type":"object"}}"#),
        tool(
            "old_name",
            r#"{"name":"old_name","inputSchema":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}"#,
        ),
        tool(
            "same",
            r#"{"name":"same","description":"Same.","inputSchema":{"type":"object"}}"#,
        ),
    ];
    static CATALOG: Catalog = Catalog {
        name: "demo",
        tools: &TOOLS,
    };

    const fn tool(name: &'static str, published: &'static str) -> CatalogTool {
        CatalogTool {
            name,
            description: "",
            module: name,
            method: None,
            path: None,
            fingerprint: "",
            published,
        }
    }

    fn live(value: Value) -> Tool {
        Tool::from_value(value).unwrap()
    }

    #[test]
    fn a_catalog_against_a_listing() {
        let listing = [
            live(
                json!({"name": "same", "description": "Same.", "inputSchema": {"type": "object"}}),
            ),
            live(
                json!({"name": "new_name", "inputSchema": {"required": ["id"], "properties": {"id": {"type": "string"}}, "type": "object"}}),
            ),
            live(
                json!({"name": "echo", "inputSchema": {"type": "object", "properties": {"text": {"type": "string", "maxLength": 10}}}}),
            ),
            live(
                json!({"name": "extra", "inputSchema": {"type": "object", "properties": {"q": {}}}}),
            ),
        ];
        let report = classify(&CATALOG, &listing);
        assert_eq!(report.worst(), Some(Class::Breaking));
        assert_eq!(
            report.tool("gone").map(|t| &t.status),
            Some(&ToolStatus::Removed)
        );
        assert_eq!(report.tool("same"), None);
        assert_eq!(
            report.to_string(),
            "catalog demo against the server: 4 tools differ, worst breaking
  echo: breaking (changed)
    breaking: /inputSchema/properties/text/maxLength: (absent) → 10 (input tightened: maxLength was added)
  extra: compatible (new (the catalog lacks it))
  gone: breaking (removed (the server no longer lists it))
  old_name: breaking (renamed to new_name (the server lists it with the same input schema))"
        );
        let exact = [
            live(
                json!({"name": "echo", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}),
            ),
            live(json!({"name": "gone", "inputSchema": {"type": "object"}})),
            live(
                json!({"name": "old_name", "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}}),
            ),
            live(
                json!({"name": "same", "description": "Same.", "inputSchema": {"type": "object"}}),
            ),
        ];
        let report = classify(&CATALOG, &exact);
        assert_eq!(report.worst(), None);
        assert_eq!(
            report.to_string(),
            "catalog demo against the server: no drift"
        );
    }
}
