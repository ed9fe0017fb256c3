//! What a change to a whole catalog folder does to callers: tools added, removed or likely
//! renamed, each remaining tool's own [`Report`], and what a model or a permission prompt reads
//! beside the schemas (annotations, descriptions, titles).
//!
//! Classes, in the per-tool report's terms:
//!
//! - a tool added is `minor` (a new module, and existing callers still compile); a tool removed
//!   is `major` (its module is gone). A removed tool and an added one with the same input schema
//!   (when no other tool on either side has it) or the same words in their names
//!   (`users.create` and `create_user`) are flagged as a likely rename, as a renamed property
//!   is: the removal stays `major`, since callers must move to the new name.
//! - annotations are promises a caller may act on without asking (running a read-only tool
//!   freely, retrying an idempotent one): with MCP's defaults (`readOnlyHint` false,
//!   `destructiveHint` true, `idempotentHint` false, `openWorldHint` true), a promise lost is
//!   `major` and a promise gained is `patch`. `destructiveHint` and `idempotentHint` only mean
//!   something for a tool that is not read-only, so a read-only tool keeps both promises.
//! - the tool's `description` and `title`, what a model reads to choose and call it, are
//!   reported with their old and new text as `patch` (no API change). Property descriptions come
//!   from the per-tool report.
//! - a change to the catalog's own facts (`catalog.json` after its patch) is `patch`.
//!
//! Everything is matched by name through sorted lists and hash maps: the time is linear in the
//! size of both folders (plus the sort).

use super::{Change, Level, Report, Side, Wire};
use crate::catalog::{CatalogDir, ToolFile};
use crate::ir::Tool;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;

/// What happened to one tool between two catalogs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Only in NEW. `renamed_from` names the removed tool it most likely replaces.
    Added {
        /// The removed tool this one looks like a rename of, and why.
        renamed_from: Option<Rename>,
    },
    /// Only in OLD.
    Removed,
    /// In both, with changes (the report is not empty).
    Changed(Report),
}

/// Why an added tool looks like a removed one renamed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// The removed tool's name.
    pub from: String,
    /// `the same input schema` or `the same words in its name`.
    pub by: &'static str,
}

/// One tool's entry in a [`CatalogReport`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolEntry {
    /// The tool's name.
    pub tool: String,
    /// Added, removed or changed.
    pub status: Status,
}

impl ToolEntry {
    /// The entry's class: a removed tool is major, an added one minor, a changed one its
    /// report's [gate](Report::gate) (a proven wire break or an unknown verdict counts as major).
    pub fn level(&self) -> Option<Level> {
        match &self.status {
            Status::Added { .. } => Some(Level::Minor),
            Status::Removed => Some(Level::Major),
            Status::Changed(report) => report.gate(),
        }
    }
}

/// Every change between two catalogs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogReport {
    /// NEW's name (see [`CatalogDir::name`]).
    pub catalog: String,
    /// Changes of the catalog's facts (`catalog.json`), side [`Side::Tool`], pointers into it.
    pub facts: Vec<Change>,
    /// The tools that changed, sorted by name.
    pub tools: Vec<ToolEntry>,
    /// How many tools are in both and did not change.
    pub unchanged: usize,
}

/// A tool of one side that could not be parsed: the comparison needs both sides parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolError {
    /// The tool's name.
    pub tool: String,
    /// `old` or `new`.
    pub side: &'static str,
    /// What is wrong with its (patched) schema.
    pub errors: crate::SchemaErrors,
}

impl std::fmt::Display for ToolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.errors.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{} tool {:?}: {e}", self.side, self.tool)?;
        }
        Ok(())
    }
}

impl std::error::Error for ToolError {}

impl CatalogReport {
    /// The worst class over every tool and fact, `None` when nothing changed.
    pub fn worst(&self) -> Option<Level> {
        self.tools
            .iter()
            .filter_map(ToolEntry::level)
            .chain(self.facts.iter().map(|c| c.api))
            .max()
    }

    /// The bump in words, as [`Report::verdict`] says it.
    pub fn verdict(&self) -> String {
        self.as_report().verdict()
    }

    /// The version a crate at `version` needs, as [`Report::next_version`] says it.
    pub fn next_version(&self, version: &str) -> Option<String> {
        self.as_report().next_version(version)
    }

    /// One change of the worst class, so that the per-tool wording and arithmetic apply.
    fn as_report(&self) -> Report {
        Report {
            tool: None,
            changes: self
                .worst()
                .map(|api| Change {
                    side: Side::Tool,
                    pointer: String::new(),
                    rust: None,
                    api,
                    wire: Wire::Unchanged,
                    message: String::new(),
                    exact: true,
                    witnesses: Vec::new(),
                })
                .into_iter()
                .collect(),
        }
    }

    fn count(&self, f: impl Fn(&Status) -> bool) -> usize {
        self.tools.iter().filter(|t| f(&t.status)).count()
    }

    /// The report as a changelog entry: the summary, the tools added and removed, then each
    /// changed tool's own report.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "catalog {}: {}", self.catalog, self.verdict());
        let _ = writeln!(
            out,
            "tools: {} added, {} removed, {} changed, {} unchanged",
            self.count(|s| matches!(s, Status::Added { .. })),
            self.count(|s| matches!(s, Status::Removed)),
            self.count(|s| matches!(s, Status::Changed(_))),
            self.unchanged
        );
        if !self.facts.is_empty() {
            let _ = writeln!(out, "\ncatalog.json:");
            for c in &self.facts {
                let _ = writeln!(out, "- [{}] {}: {}", c.api.as_str(), c.pointer, c.message);
            }
        }
        let moved: Vec<&ToolEntry> = self
            .tools
            .iter()
            .filter(|t| !matches!(t.status, Status::Changed(_)))
            .collect();
        if !moved.is_empty() {
            out.push('\n');
        }
        for entry in moved {
            match &entry.status {
                Status::Added { renamed_from } => {
                    let rename = renamed_from
                        .as_ref()
                        .map(|r| format!("; it looks like {:?} renamed ({})", r.from, r.by))
                        .unwrap_or_default();
                    let _ = writeln!(out, "+ [minor] {}: tool added{rename}", entry.tool);
                }
                Status::Removed => {
                    let _ = writeln!(
                        out,
                        "- [major] {}: tool removed (its module and types are gone)",
                        entry.tool
                    );
                }
                Status::Changed(_) => {}
            }
        }
        for entry in &self.tools {
            if let Status::Changed(report) = &entry.status {
                let _ = write!(out, "\n== {}\n{}", entry.tool, report.to_text());
            }
        }
        out
    }

    /// The report as JSON, for machines: each changed tool's entry is [`Report::to_json`] with
    /// its `status`.
    pub fn to_json(&self) -> Value {
        let tools: Vec<Value> = self
            .tools
            .iter()
            .map(|entry| match &entry.status {
                Status::Added { renamed_from } => serde_json::json!({
                    "tool": entry.tool,
                    "status": "added",
                    "worst": "minor",
                    "renamed_from": renamed_from.as_ref().map(|r| serde_json::json!({
                        "tool": r.from,
                        "by": r.by,
                    })),
                }),
                Status::Removed => serde_json::json!({
                    "tool": entry.tool,
                    "status": "removed",
                    "worst": "major",
                }),
                Status::Changed(report) => {
                    let mut json = report.to_json();
                    if let Value::Object(map) = &mut json {
                        map.insert("status".into(), "changed".into());
                    }
                    json
                }
            })
            .collect();
        serde_json::json!({
            "catalog": self.catalog,
            "worst": self.worst().map(Level::as_str),
            "facts": self.facts.iter().map(|c| serde_json::json!({
                "pointer": c.pointer,
                "api": c.api.as_str(),
                "message": c.message,
            })).collect::<Vec<_>>(),
            "tools": tools,
            "unchanged": self.unchanged,
        })
    }
}

/// The tool after its patch, as the generator reads it.
fn patched(tool: &ToolFile) -> Value {
    let mut value = tool.published.clone();
    if let Some(patch) = &tool.patch {
        crate::load::merge_patch(&mut value, patch);
    }
    value
}

fn parse(tool: &ToolFile, side: &'static str, options: &crate::Options) -> Result<Tool, ToolError> {
    let error = |errors: crate::SchemaErrors| ToolError {
        tool: tool.name.clone(),
        side,
        errors,
    };
    let document =
        crate::load::load(&tool.published, tool.patch.as_ref()).map_err(|e| error(e.into()))?;
    crate::parse::parse(&document, options).map_err(error)
}

/// Compares two catalog folders as read by [`crate::catalog::read_dir`], patches applied. Every
/// tool that fails to parse is reported, not only the first.
pub fn diff_catalogs(
    old: &CatalogDir,
    new: &CatalogDir,
    options: &crate::Options,
) -> Result<CatalogReport, Vec<ToolError>> {
    let mut errors = Vec::new();
    let mut tools = Vec::new();
    let mut unchanged = 0;
    let mut removed: Vec<&ToolFile> = Vec::new();
    let mut added: Vec<&ToolFile> = Vec::new();
    // Both lists are sorted by name: one merge walk.
    let (mut i, mut j) = (0, 0);
    while i < old.tools.len() || j < new.tools.len() {
        let order = match (old.tools.get(i), new.tools.get(j)) {
            (Some(a), Some(b)) => a.name.cmp(&b.name),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                removed.push(&old.tools[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                added.push(&new.tools[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let (a, b) = (&old.tools[i], &new.tools[j]);
                i += 1;
                j += 1;
                match (parse(a, "old", options), parse(b, "new", options)) {
                    (Ok(_), Ok(_)) => {
                        // Through the same entry as a single tool's diff, so that each verdict
                        // is settled the same way (with a verified witness, where the `witness`
                        // feature is on).
                        let mut report = match super::diff_values(
                            &a.published,
                            a.patch.as_ref(),
                            &b.published,
                            b.patch.as_ref(),
                            options,
                        ) {
                            Ok(report) => report,
                            Err(e) => {
                                errors.push(ToolError {
                                    tool: b.name.clone(),
                                    side: "new",
                                    errors: e,
                                });
                                continue;
                            }
                        };
                        let mut notes = tool_notes(&patched(a), &patched(b));
                        // What a model and a permission prompt read comes before the schemas.
                        notes.append(&mut report.changes);
                        report.changes = notes;
                        if report.changes.is_empty() {
                            unchanged += 1;
                        } else {
                            tools.push(ToolEntry {
                                tool: b.name.clone(),
                                status: Status::Changed(report),
                            });
                        }
                    }
                    (ra, rb) => errors.extend(ra.err().into_iter().chain(rb.err())),
                }
            }
        }
    }
    let renames = renames(&removed, &added);
    for tool in removed {
        tools.push(ToolEntry {
            tool: tool.name.clone(),
            status: Status::Removed,
        });
    }
    for tool in added {
        tools.push(ToolEntry {
            tool: tool.name.clone(),
            status: Status::Added {
                renamed_from: renames.get(tool.name.as_str()).cloned(),
            },
        });
    }
    tools.sort_by(|a, b| a.tool.cmp(&b.tool));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CatalogReport {
        catalog: new.name(),
        facts: fact_changes(&old.facts, &new.facts),
        tools,
        unchanged,
    })
}

/// The words of a tool name, lowercase and sorted: `users.create`, `create_user` and
/// `CreateUsers` give `create user` (a trailing `s` is dropped so plurals match).
fn name_words(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut last_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            last_lower = false;
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && last_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        last_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    for w in &mut words {
        if w.len() > 3 && w.ends_with('s') {
            w.pop();
        }
    }
    words.sort();
    words.join(" ")
}

/// What tools are matched by for a rename.
type Key = fn(&ToolFile) -> String;

/// Pairs each added tool with the removed tool it most likely renames: first by the same words in
/// the name, then by the same patched input schema; a key shared by more than one tool on a side
/// pairs nothing, since which of them was renamed is a guess.
fn renames<'a>(removed: &[&'a ToolFile], added: &[&'a ToolFile]) -> HashMap<&'a str, Rename> {
    let mut out: HashMap<&str, Rename> = HashMap::new();
    let mut taken: std::collections::HashSet<&str> = Default::default();
    let keys: [(Key, &'static str); 2] = [
        (|t| name_words(&t.name), "the same words in its name"),
        (
            |t| {
                patched(t)
                    .get("inputSchema")
                    .unwrap_or(&Value::Null)
                    .to_string()
            },
            "the same input schema",
        ),
    ];
    for (key, by) in keys {
        let unique = |tools: &[&'a ToolFile], skip: &dyn Fn(&str) -> bool| {
            let mut map: HashMap<String, Option<&'a ToolFile>> = HashMap::new();
            for t in tools.iter().filter(|t| !skip(&t.name)) {
                map.entry(key(t))
                    .and_modify(|v| *v = None)
                    .or_insert(Some(*t));
            }
            map
        };
        let gone = unique(removed, &|n| taken.contains(n));
        let new = unique(added, &|n| out.contains_key(n));
        let mut pairs: Vec<(&'a str, &'a str)> = new
            .iter()
            .filter_map(|(k, b)| {
                Some((
                    b.as_ref()?.name.as_str(),
                    gone.get(k)?.as_ref()?.name.as_str(),
                ))
            })
            .collect();
        pairs.sort();
        for (to, from) in pairs {
            taken.insert(from);
            out.insert(
                to,
                Rename {
                    from: from.to_owned(),
                    by,
                },
            );
        }
    }
    out
}

/// A tool's promises, with MCP's defaults for absent hints.
#[derive(Clone, Copy)]
struct Promises {
    read_only: bool,
    non_destructive: bool,
    idempotent: bool,
    closed_world: bool,
}

fn hint(tool: &Value, name: &str) -> Option<bool> {
    tool.get("annotations")?.get(name)?.as_bool()
}

/// MCP's value for an absent hint.
fn hint_default(name: &str) -> bool {
    matches!(name, "destructiveHint" | "openWorldHint")
}

fn promises(tool: &Value) -> Promises {
    let read_only = hint(tool, "readOnlyHint") == Some(true);
    Promises {
        read_only,
        non_destructive: read_only || hint(tool, "destructiveHint") == Some(false),
        idempotent: read_only || hint(tool, "idempotentHint") == Some(true),
        closed_world: hint(tool, "openWorldHint") == Some(false),
    }
}

fn shown(value: Option<&Value>) -> String {
    value.map_or("absent".to_owned(), Value::to_string)
}

fn tool_change(pointer: &str, api: Level, message: String) -> Change {
    Change {
        side: Side::Tool,
        pointer: pointer.to_owned(),
        rust: None,
        api,
        wire: Wire::Unchanged,
        message,
        // Annotations and descriptions say nothing about which instances are valid.
        exact: true,
        witnesses: Vec::new(),
    }
}

/// The annotation, description and title changes of one tool (both patched).
fn tool_notes(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    for key in ["title", "description"] {
        let (a, b) = (old.get(key), new.get(key));
        if a != b {
            out.push(tool_change(
                &format!("/{key}"),
                Level::Patch,
                format!(
                    "{key} (what a model reads) changed from {} to {}",
                    shown(a),
                    shown(b)
                ),
            ));
        }
    }
    let (pa, pb) = (promises(old), promises(new));
    let checks: [(&str, bool, bool, &str, &str); 4] = [
        (
            "readOnlyHint",
            pa.read_only,
            pb.read_only,
            "the tool may now modify its environment: a caller that runs read-only tools without asking would run it",
            "the tool now promises not to modify its environment",
        ),
        (
            "destructiveHint",
            pa.non_destructive,
            pb.non_destructive,
            "the tool may now destroy or overwrite data: a caller that runs additive tools without confirmation would run it",
            "the tool now promises only additive updates",
        ),
        (
            "idempotentHint",
            pa.idempotent,
            pb.idempotent,
            "repeating a call may now have more effect: a caller that retries it freely may repeat a side effect",
            "the tool now promises that repeating a call has no further effect",
        ),
        (
            "openWorldHint",
            pa.closed_world,
            pb.closed_world,
            "the tool may now reach external entities: a caller that runs closed-world tools without asking would run it",
            "the tool now promises a closed world",
        ),
    ];
    for (name, was, now, lost, gained) in checks {
        let values = || {
            let at = |tool: &Value, p: Promises| {
                let value = tool.get("annotations").and_then(|a| a.get(name));
                let moot = p.read_only && matches!(name, "destructiveHint" | "idempotentHint");
                match (value, moot) {
                    (_, true) => format!("{} (read-only)", shown(value)),
                    (None, false) => format!("absent (default {})", hint_default(name)),
                    (Some(v), false) => v.to_string(),
                }
            };
            format!("{} → {}", at(old, pa), at(new, pb))
        };
        let pointer = format!("/annotations/{name}");
        match (was, now) {
            (true, false) => out.push(tool_change(
                &pointer,
                Level::Major,
                format!("{}: {lost}", values()),
            )),
            (false, true) => out.push(tool_change(
                &pointer,
                Level::Patch,
                format!("{}: {gained}", values()),
            )),
            _ => {}
        }
    }
    out
}

/// The facts that differ between two `catalog.json`s (after their patches), top-level key by key.
fn fact_changes(old: &Value, new: &Value) -> Vec<Change> {
    let empty = serde_json::Map::new();
    let (a, b) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            tool_change(
                &crate::error::pointer_push("", k),
                Level::Patch,
                format!(
                    "changed from {} to {}",
                    shown(a.get(k.as_str())),
                    shown(b.get(k.as_str()))
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_reduce_to_their_sorted_words() {
        assert_eq!(name_words("users.create"), "create user");
        assert_eq!(name_words("create_user"), "create user");
        assert_eq!(name_words("CreateUsers"), "create user");
        assert_eq!(name_words("a.list"), "a list");
    }
}
