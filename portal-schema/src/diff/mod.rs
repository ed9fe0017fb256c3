//! What a schema change does to callers, at two levels: the generated Rust API (classed for
//! semver) and the wire contract (would a request valid before be refused now, or the reverse).
//!
//! Types are matched by position (the root, then property by property), not by name, so a renamed
//! `$defs` entry shows as a renamed type rather than as one type removed and another added.
//!
//! The wire contract treats an object's declared properties as the contract: a request that uses a
//! property NEW no longer declares is outside NEW's contract (tightened), and a property NEW adds is
//! a loosening. Witnesses are checked against that contract form of both schemas
//! ([`contract_form`]: an object silent about other properties refuses them). Generated structs and enums are `#[non_exhaustive]` and built through the builder,
//! so adding an optional property or an enum value is a minor change for callers.

pub mod catalog;
mod compare;
pub mod patch;
#[cfg(feature = "witness")]
pub mod witness;

use crate::ir::*;
pub use catalog::{CatalogReport, diff_catalogs};
use compare::Differ;
use serde_json::Value;
use std::collections::HashSet;
use std::fmt::Write as _;

/// A semver class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Nothing a caller can observe in the API (docs, constraints checked at run time).
    Patch,
    /// Additions: existing callers still compile.
    Minor,
    /// Existing callers may no longer compile.
    Major,
}

impl Level {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// The effect of a change on which requests (or responses) are valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wire {
    /// The same instances are valid.
    Unchanged,
    /// Some instance invalid under OLD is valid under NEW.
    Loosened,
    /// Some instance valid under OLD is invalid under NEW.
    Tightened,
    /// Both: some instances gained, some lost.
    Changed,
    /// Neither an exact keyword rule nor a verified witness settles the change: treated as
    /// breaking, since a gate that hides a breaking change is worse than one that asks.
    Unknown,
}

impl Wire {
    /// `unchanged`, `loosened`, `tightened`, `changed` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Unchanged => "unchanged",
            Wire::Loosened => "loosened",
            Wire::Tightened => "tightened",
            Wire::Changed => "changed",
            Wire::Unknown => "unknown",
        }
    }

    /// Both effects together (an unknown part makes the whole unknown).
    pub fn join(self, other: Wire) -> Wire {
        match (self, other) {
            (Wire::Unknown, _) | (_, Wire::Unknown) => Wire::Unknown,
            (Wire::Unchanged, w) | (w, Wire::Unchanged) => w,
            (a, b) if a == b => a,
            _ => Wire::Changed,
        }
    }

    /// Whether this effect on `side` can break a caller: a request refused that was valid
    /// before, or a response the caller's decoder (built from OLD) may now be handed that it
    /// would refuse. Output loosened is breaking; output tightened is not.
    pub fn breaks(self, side: Side) -> bool {
        match (self, side) {
            (Wire::Unchanged, _) => false,
            (Wire::Changed | Wire::Unknown, _) => true,
            (Wire::Tightened, Side::Request | Side::Tool) => true,
            (Wire::Loosened, Side::Response) => true,
            (Wire::Loosened, Side::Request | Side::Tool) | (Wire::Tightened, Side::Response) => {
                false
            }
        }
    }
}

/// An instance that tells OLD and NEW apart, checked against both schemas by the `jsonschema`
/// crate (never only by this crate's own reading of the keywords).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    /// [`Wire::Tightened`]: valid under OLD, refused by NEW; [`Wire::Loosened`]: the reverse.
    pub direction: Wire,
    /// The whole instance of the side's root schema (a request, or a response).
    pub instance: serde_json::Value,
    /// Where in the instance the refusing schema's first error is (a JSON Pointer).
    pub refused_at: String,
    /// The keyword of that error (`maxItems`, `required`, ...).
    pub keyword: String,
    /// Whether the witness shows its own change alone: the refusing schema's every error is at
    /// the change's place with the change's keyword, the rest of the instance valid under both.
    /// `false` for a witness of the whole instance, which another change may be what separates.
    pub isolated: bool,
}

impl Witness {
    /// `{...} valid before, refused now (/admin_emails: maxItems)`.
    pub fn to_text(&self) -> String {
        let when = match self.direction {
            Wire::Loosened => "refused before, valid now",
            _ => "valid before, refused now",
        };
        let at = if self.refused_at.is_empty() {
            "(root)"
        } else {
            &self.refused_at
        };
        format!("{} {when} ({at}: {})", self.instance, self.keyword)
    }

    /// `witness` for an isolated witness, `witness (whole instance)` for one that is not.
    pub fn label(&self) -> &'static str {
        if self.isolated {
            "witness"
        } else {
            "witness (whole instance)"
        }
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "direction": self.direction.as_str(),
            "isolated": self.isolated,
            "instance": self.instance,
            "valid_before": self.direction == Wire::Tightened,
            "valid_now": self.direction == Wire::Loosened,
            "refused_at": self.refused_at,
            "keyword": self.keyword,
        })
    }
}

/// Which side of the call a change is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The request (input schema).
    Request,
    /// The response (output schema).
    Response,
    /// The tool itself (name, REST binding).
    Tool,
}

impl Side {
    /// `request`, `response` or `tool`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
            Side::Tool => "tool",
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Request, response or the tool.
    pub side: Side,
    /// The JSON Pointer of the affected place in an instance (`/intent_options/sso`).
    pub pointer: String,
    /// The Rust item affected (`IntentOptions::sso`), when there is one.
    pub rust: Option<String>,
    /// Semver class for the generated API.
    pub api: Level,
    /// Effect on the wire contract.
    pub wire: Wire,
    /// What changed, in words.
    pub message: String,
    /// Whether the keyword rule that classed the change is exact: it proves the change has no
    /// effect other than [`Change::wire`] says (a bound moved one way only narrows or only widens
    /// what is valid). An inexact rule (a checked JSON value's schema changed, a `oneOf` branch
    /// added) only names the place; its verdict comes from witnesses, else it is unknown.
    pub exact: bool,
    /// Instances that show the effect, each verified against both schemas (empty until checked
    /// by `witness::settle` (feature `witness`), or when none was found).
    pub witnesses: Vec<Witness>,
}

/// Every change between two tools.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The tool's name (NEW's, else OLD's).
    pub tool: Option<String>,
    /// The changes, request first, in schema order.
    pub changes: Vec<Change>,
}

impl Report {
    /// The worst semver class, `None` when nothing changed.
    pub fn worst(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.api).max()
    }

    /// The combined effect on requests.
    pub fn request_wire(&self) -> Wire {
        self.side_wire(Side::Request)
    }

    /// The combined effect on responses (judged in the opposite direction: see [`Wire::breaks`]).
    pub fn response_wire(&self) -> Wire {
        self.side_wire(Side::Response)
    }

    fn side_wire(&self, side: Side) -> Wire {
        self.changes
            .iter()
            .filter(|c| c.side == side)
            .fold(Wire::Unchanged, |w, c| w.join(c.wire))
    }

    /// Whether some change can break callers on the wire (proved by a witness, by an exact rule,
    /// or unknown).
    pub fn wire_breaks(&self) -> bool {
        self.changes.iter().any(|c| c.wire.breaks(c.side))
    }

    /// The class a release needs: the API's ([`Report::worst`]) raised to major when the wire
    /// breaks callers or a wire verdict is unknown.
    pub fn gate(&self) -> Option<Level> {
        let wire = self.wire_breaks().then_some(Level::Major);
        self.worst().max(wire)
    }

    /// The version a crate at `version` needs after this change (`0.x` crates bump the minor
    /// version for a breaking change and the patch version for anything else).
    pub fn next_version(&self, version: &str) -> Option<String> {
        let mut parts = version
            .split('.')
            .map(|p| p.split(['-', '+']).next().unwrap_or(p).parse::<u64>());
        let (major, minor, patch) = match (parts.next(), parts.next(), parts.next()) {
            (Some(Ok(a)), Some(Ok(b)), Some(Ok(c))) => (a, b, c),
            _ => return None,
        };
        Some(match (self.worst(), major) {
            (None, _) => version.to_owned(),
            (Some(Level::Major), 0) => format!("0.{}.0", minor + 1),
            (Some(Level::Major), m) => format!("{}.0.0", m + 1),
            (Some(Level::Minor), 0) | (Some(Level::Patch), _) => {
                format!("{major}.{minor}.{}", patch + 1)
            }
            (Some(Level::Minor), m) => format!("{m}.{}.0", minor + 1),
        })
    }

    /// The bump in words: what a release carrying this change needs.
    pub fn verdict(&self) -> String {
        match self.worst() {
            None => "no change".to_owned(),
            Some(Level::Major) => {
                "breaking: a major version (for a 0.x crate, the minor version)".to_owned()
            }
            Some(Level::Minor) => {
                "compatible addition: a minor version (for a 0.x crate, the patch version)"
                    .to_owned()
            }
            Some(Level::Patch) => "no API change: a patch version".to_owned(),
        }
    }

    /// The report as a changelog entry.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let name = self.tool.as_deref().unwrap_or("schema");
        let _ = writeln!(out, "{name}: {}", self.verdict());
        let wire = self.request_wire();
        let _ = writeln!(
            out,
            "requests: {}",
            match wire {
                Wire::Unchanged => "the same requests are valid",
                Wire::Loosened => "loosened (every request valid before is still valid)",
                Wire::Tightened => "tightened (some requests valid before are now refused)",
                Wire::Changed =>
                    "changed (some requests valid before are now refused, others newly accepted)",
                Wire::Unknown => "unknown (not proved either way: treated as breaking)",
            }
        );
        if self.changes.iter().any(|c| c.side == Side::Response) {
            let _ = writeln!(
                out,
                "responses: {}",
                match self.response_wire() {
                    Wire::Unchanged => "the same responses are valid",
                    Wire::Loosened =>
                        "loosened (a response may now hold what decoders built before refuse: breaking)",
                    Wire::Tightened =>
                        "tightened (every response valid now was valid before: decoders built before still read them)",
                    Wire::Changed =>
                        "changed (a response may now hold what decoders built before refuse: breaking)",
                    Wire::Unknown => "unknown (not proved either way: treated as breaking)",
                }
            );
        }
        if self.wire_breaks() && self.worst() != Some(Level::Major) {
            let _ = writeln!(
                out,
                "release: breaking on the wire: a major version (for a 0.x crate, the minor version)"
            );
        }
        for side in [Side::Tool, Side::Request, Side::Response] {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.side == side).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{}:", side.as_str());
            for c in changes {
                let place = if c.pointer.is_empty() {
                    "(root)"
                } else {
                    &c.pointer
                };
                let rust = c
                    .rust
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- [{} API, wire {}] {place}{rust}: {}",
                    c.api.as_str(),
                    c.wire.as_str(),
                    c.message
                );
                for w in &c.witnesses {
                    let _ = writeln!(out, "  {}: {}", w.label(), w.to_text());
                }
                if c.wire == Wire::Unknown {
                    let _ = writeln!(
                        out,
                        "  unknown: no exact keyword rule and no verified witness settles it"
                    );
                }
            }
        }
        out
    }

    /// The report as JSON, for machines.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "tool": self.tool,
            "worst": self.worst().map(Level::as_str),
            "gate": self.gate().map(Level::as_str),
            "requests": self.request_wire().as_str(),
            "responses": self.response_wire().as_str(),
            "wire_breaks": self.wire_breaks(),
            "changes": self.changes.iter().map(|c| serde_json::json!({
                "side": c.side.as_str(),
                "pointer": c.pointer,
                "rust": c.rust,
                "api": c.api.as_str(),
                "wire": c.wire.as_str(),
                "breaks": c.wire.breaks(c.side),
                "exact": c.exact,
                "message": c.message,
                "witnesses": c.witnesses.iter().map(Witness::to_json).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// Compares two parsed tools.
pub fn diff(old: &Tool, new: &Tool) -> Report {
    let mut d = Differ {
        old,
        new,
        changes: Vec::new(),
        side: Side::Tool,
        seen: HashSet::new(),
        depth: 0,
        deferred: Vec::new(),
    };
    if old.name != new.name {
        d.push(
            "",
            None,
            Level::Major,
            Wire::Changed,
            format!(
                "tool name changed from {} to {}",
                q(&old.name),
                q(&new.name)
            ),
        );
    }
    if old.http != new.http {
        let show = |h: &Option<HttpBinding>| {
            h.as_ref()
                .map_or("none".to_owned(), |h| format!("{} {}", h.method, h.path))
        };
        match (&old.http, &new.http) {
            (Some(a), Some(b)) if a.method == b.method && a.path == b.path => {
                // Where a request goes is the same: say which other part moved. The query
                // placement and the pagination change what is sent and the generated API; the
                // success status and the error schemas are documentation.
                let on_the_wire = a.query != b.query || a.paginated != b.paginated;
                let mut parts = Vec::new();
                if a.query != b.query {
                    parts.push("query parameters");
                }
                if a.paginated != b.paginated {
                    parts.push("pagination");
                }
                if a.status != b.status {
                    parts.push("success status");
                }
                if a.errors != b.errors {
                    parts.push("error responses");
                }
                let (level, wire) = if on_the_wire {
                    (Level::Major, Wire::Changed)
                } else {
                    (Level::Patch, Wire::Unchanged)
                };
                d.push(
                    "",
                    None,
                    level,
                    wire,
                    format!(
                        "REST binding of {} changed: {}",
                        show(&new.http),
                        parts.join(", ")
                    ),
                );
            }
            _ => d.push(
                "",
                None,
                Level::Major,
                Wire::Changed,
                format!(
                    "REST binding changed from {} to {}",
                    show(&old.http),
                    show(&new.http)
                ),
            ),
        }
    }
    d.side = Side::Request;
    d.named(old.root, new.root, "");
    d.drain();
    d.side = Side::Response;
    match (&old.output, &new.output) {
        (Some(a), Some(b)) => d.shape(a, b, "", None),
        (None, Some(_)) => d.push(
            "",
            None,
            Level::Major,
            Wire::Tightened,
            "output schema added: `Operation::Output` is now a generated type".into(),
        ),
        (Some(_), None) => d.push(
            "",
            None,
            Level::Major,
            Wire::Loosened,
            "output schema removed: `Operation::Output` is now `serde_json::Value`".into(),
        ),
        (None, None) => {}
    }
    d.drain();
    Report {
        tool: new.name.clone().or_else(|| old.name.clone()),
        changes: d.changes,
    }
}

fn q(s: &Option<String>) -> String {
    s.as_deref().map_or("none".to_owned(), |s| format!("{s:?}"))
}

/// Loads, patches and parses two tools given as JSON text, and compares them (see
/// [`diff_values`]).
pub fn diff_str(
    old: &str,
    old_patch: Option<&str>,
    new: &str,
    new_patch: Option<&str>,
    options: &crate::Options,
) -> Result<Report, crate::SchemaErrors> {
    let json = |text: &str| crate::load::parse_json(text);
    let old_patch = old_patch.map(json).transpose()?;
    let new_patch = new_patch.map(json).transpose()?;
    diff_values(
        &json(old)?,
        old_patch.as_ref(),
        &json(new)?,
        new_patch.as_ref(),
        options,
    )
}

/// Loads, patches and parses two tools (MCP Tool objects or bare schemas) and compares them.
///
/// A side (request or response) whose schemas differ beyond annotations while no keyword rule
/// found a wire change gets an `unknown` change at its root: "no wire change" is only said with
/// a proof. With the `witness` feature, every wire verdict is then checked with instances
/// against both schemas (`witness::settle`, feature `witness`).
pub fn diff_values(
    old: &serde_json::Value,
    old_patch: Option<&serde_json::Value>,
    new: &serde_json::Value,
    new_patch: Option<&serde_json::Value>,
    options: &crate::Options,
) -> Result<Report, crate::SchemaErrors> {
    let old_doc = crate::load::load(old, old_patch)?;
    let new_doc = crate::load::load(new, new_patch)?;
    let old_tool = crate::parse::parse(&old_doc, options)?;
    let new_tool = crate::parse::parse(&new_doc, options)?;
    let mut report = diff(&old_tool, &new_tool);
    let (old_in, old_out) = sides(&old_doc);
    let (new_in, new_out) = sides(&new_doc);
    unproven(&mut report, Side::Request, old_in, new_in);
    unproven(&mut report, Side::Response, old_out, new_out);
    #[cfg(feature = "witness")]
    witness::settle(&mut report, &old_doc, &new_doc);
    Ok(report)
}

/// The input and output schemas of a loaded tool.
fn sides(
    doc: &crate::load::ToolDocument,
) -> (Option<&serde_json::Value>, Option<&serde_json::Value>) {
    if doc.bare {
        (Some(&doc.value), None)
    } else {
        (doc.value.get("inputSchema"), doc.value.get("outputSchema"))
    }
}

/// Adds an `unknown` change at the root of `side` when its schemas differ in what they check but
/// the keyword rules saw no wire change there.
fn unproven(
    report: &mut Report,
    side: Side,
    old: Option<&serde_json::Value>,
    new: Option<&serde_json::Value>,
) {
    if report
        .changes
        .iter()
        .any(|c| c.side == side && c.wire != Wire::Unchanged)
    {
        return;
    }
    let (Some(old), Some(new)) = (old, new) else {
        return;
    };
    if checks(&contract_form(old).0) == checks(&contract_form(new).0) {
        return;
    }
    report.changes.push(Change {
        side,
        pointer: String::new(),
        rust: None,
        api: Level::Patch,
        wire: Wire::Unknown,
        message: "the schema changed in a way no keyword rule classes".into(),
        exact: false,
        witnesses: Vec::new(),
    });
}

/// The contract form of a schema: each object schema that declares `properties` and is silent
/// about other properties is closed. Returns the schema unchanged (and `false`) when it composes
/// objects, where closing a part would refuse what another part declares.
pub fn contract_form(schema: &Value) -> (Value, bool) {
    if composes(schema, 0) {
        return (schema.clone(), false);
    }
    let mut out = schema.clone();
    close(&mut out, 0);
    (out, true)
}

const COMPOSING: &[&str] = &[
    "allOf",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "not",
];

fn composes(v: &Value, depth: usize) -> bool {
    if depth > crate::MAX_JSON_DEPTH {
        return true;
    }
    match v {
        Value::Object(m) => {
            m.keys().any(|k| COMPOSING.contains(&k.as_str()))
                || m.values().any(|c| composes(c, depth + 1))
        }
        Value::Array(a) => a.iter().any(|c| composes(c, depth + 1)),
        _ => false,
    }
}

fn close(v: &mut Value, depth: usize) {
    if depth > crate::MAX_JSON_DEPTH {
        return;
    }
    let Value::Object(m) = v else { return };
    let open = ["additionalProperties", "patternProperties", "$ref"]
        .iter()
        .any(|k| m.contains_key(*k));
    if !open && m.get("properties").is_some_and(Value::is_object) {
        m.insert("additionalProperties".into(), Value::Bool(false));
    }
    for (k, child) in m.iter_mut() {
        match (k.as_str(), child) {
            ("properties" | "patternProperties" | "$defs" | "definitions", Value::Object(c)) => {
                for s in c.values_mut() {
                    close(s, depth + 1);
                }
            }
            ("anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(c)) => {
                for s in c {
                    close(s, depth + 1);
                }
            }
            ("items" | "additionalProperties" | "contains" | "additionalItems", c) => {
                close(c, depth + 1)
            }
            _ => {}
        }
    }
}

/// A schema without its annotations (what no validator reads), for telling whether two schemas
/// can differ in what they accept.
pub fn checks(schema: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
    ];
    match schema {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"))
                .map(|(k, v)| {
                    // Property names and `$defs` keys are data, not keywords: keep each entry.
                    let v = match (k.as_str(), v) {
                        (
                            "properties" | "patternProperties" | "$defs" | "definitions"
                            | "dependentSchemas",
                            Value::Object(entries),
                        ) => Value::Object(
                            entries
                                .iter()
                                .map(|(n, s)| (n.clone(), checks(s)))
                                .collect(),
                        ),
                        ("const" | "enum", v) => v.clone(),
                        (_, v) => checks(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(checks).collect()),
        other => other.clone(),
    }
}
