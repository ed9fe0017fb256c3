//! What a schema change does to callers, at two levels: the generated Rust API (classed for
//! semver) and the wire contract (would a request valid before be refused now, or the reverse).
//!
//! Types are matched by position (the root, then property by property), not by name, so a renamed
//! `$defs` entry shows as a renamed type rather than as one type removed and another added.
//!
//! The wire contract treats an object's declared properties as the contract: a request that uses a
//! property NEW no longer declares is outside NEW's contract (tightened), and a property NEW adds is
//! a loosening. Generated structs and enums are `#[non_exhaustive]` and built through the builder,
//! so adding an optional property or an enum value is a minor change for callers.

pub mod catalog;
mod compare;

use crate::ir::*;
pub use catalog::{CatalogReport, diff_catalogs};
use compare::Differ;
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
}

impl Wire {
    /// `unchanged`, `loosened`, `tightened` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Unchanged => "unchanged",
            Wire::Loosened => "loosened",
            Wire::Tightened => "tightened",
            Wire::Changed => "changed",
        }
    }

    fn join(self, other: Wire) -> Wire {
        match (self, other) {
            (Wire::Unchanged, w) | (w, Wire::Unchanged) => w,
            (a, b) if a == b => a,
            _ => Wire::Changed,
        }
    }
}

/// Which side of the call a change is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The request (input schema).
    Request,
    /// The response (output schema).
    Response,
    /// The tool itself (name, REST binding).
    Tool,
}

impl Side {
    fn as_str(self) -> &'static str {
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
        self.changes
            .iter()
            .filter(|c| c.side == Side::Request)
            .fold(Wire::Unchanged, |w, c| w.join(c.wire))
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
            }
        );
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
            }
        }
        out
    }

    /// The report as JSON, for machines.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "tool": self.tool,
            "worst": self.worst().map(Level::as_str),
            "requests": self.request_wire().as_str(),
            "changes": self.changes.iter().map(|c| serde_json::json!({
                "side": c.side.as_str(),
                "pointer": c.pointer,
                "rust": c.rust,
                "api": c.api.as_str(),
                "wire": c.wire.as_str(),
                "message": c.message,
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
        d.push(
            "",
            None,
            Level::Major,
            Wire::Changed,
            format!(
                "REST binding changed from {} to {}",
                show(&old.http),
                show(&new.http)
            ),
        );
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

/// Loads, patches and parses two tools given as JSON text, and compares them.
pub fn diff_str(
    old: &str,
    old_patch: Option<&str>,
    new: &str,
    new_patch: Option<&str>,
    options: &crate::Options,
) -> Result<Report, crate::SchemaErrors> {
    let parse = |text: &str, patch: Option<&str>| -> Result<Tool, crate::SchemaErrors> {
        let tool = crate::load::parse_json(text)?;
        let patch = patch.map(crate::load::parse_json).transpose()?;
        let document = crate::load::load(&tool, patch.as_ref())?;
        crate::parse::parse(&document, options)
    };
    Ok(diff(&parse(old, old_patch)?, &parse(new, new_patch)?))
}
