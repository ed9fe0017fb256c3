//! A catalog on disk: one folder per provider (`schemas/<provider>/`) holding
//!
//! - `<tool>.json`: one MCP Tool object, exactly as the server publishes it (the file name is the
//!   tool name),
//! - `<tool>.patch.json`: an optional RFC 7396 merge patch applied over it,
//! - `catalog.json`: optional provider-wide facts (`name`, `x-docs-base`, `x-http-base`,
//!   `x-credential-header`), with its own optional `catalog.patch.json`,
//! - any other `*.json` whose top level is a `tools/list` result (`{"tools": [...]}`): each of its
//!   tools is read as if it were a file of its own.
//!
//! Reading is deterministic (tools sorted by name) and refuses what would make two readings
//! differ: a tool published twice, a patch without its tool, a file that is neither.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The file of provider-wide facts.
pub const CATALOG_FILE: &str = "catalog.json";
/// The patch over [`CATALOG_FILE`].
pub const CATALOG_PATCH_FILE: &str = "catalog.patch.json";
/// The suffix of a tool's patch file.
pub const PATCH_SUFFIX: &str = ".patch.json";

/// A catalog folder as read: its facts and its tools, sorted by name.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogDir {
    /// The folder.
    pub dir: PathBuf,
    /// `catalog.json` with `catalog.patch.json` applied (an empty object when neither exists).
    pub facts: Value,
    /// Every tool, sorted by name.
    pub tools: Vec<ToolFile>,
}

/// One tool of a [`CatalogDir`].
#[derive(Clone, Debug, PartialEq)]
pub struct ToolFile {
    /// The tool name (its `name`).
    pub name: String,
    /// The file it was read from (a `tools/list` result file for a tool read from one).
    pub file: PathBuf,
    /// The tool exactly as published.
    pub published: Value,
    /// The patch file beside it, if any.
    pub patch_file: Option<PathBuf>,
    /// The patch, if any.
    pub patch: Option<Value>,
}

impl CatalogDir {
    /// The provider's name: `catalog.json`'s `name`, else the folder's name.
    pub fn name(&self) -> String {
        match self.facts.get("name").and_then(Value::as_str) {
            Some(name) => name.to_owned(),
            None => self
                .dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// The tool named `name`.
    pub fn tool(&self, name: &str) -> Option<&ToolFile> {
        self.tools
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.tools[i])
    }

    /// Every file read (tools, patches, facts), sorted, for a build to track.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .tools
            .iter()
            .flat_map(|t| std::iter::once(t.file.clone()).chain(t.patch_file.clone()))
            .collect();
        for name in [CATALOG_FILE, CATALOG_PATCH_FILE] {
            let path = self.dir.join(name);
            if path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        files.dedup();
        files
    }
}

/// A problem reading a catalog folder: the file and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirError {
    /// The file (or the folder).
    pub file: PathBuf,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl std::fmt::Display for DirError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for DirError {}

/// Whether `name` can be a tool's file name as is: MCP's tool-name characters (ASCII letters,
/// digits, `_`, `-`, `.`), 1 to 128 of them, not starting with a dot.
pub fn is_file_safe(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// The file a tool named `name` is written to in `dir` (`<name>.json`), or `None` when the name
/// cannot be a file name (see [`is_file_safe`]) or would be read as another kind of file.
pub fn tool_path(dir: &Path, name: &str) -> Option<PathBuf> {
    if !is_file_safe(name) || name == "catalog" || name.ends_with(".patch") {
        return None;
    }
    Some(dir.join(format!("{name}.json")))
}

/// A tool as its file holds it: pretty JSON (two spaces, keys in the published order) and a
/// final newline, so that writing the same tool twice gives the same bytes.
pub fn tool_text(tool: &Value) -> String {
    let mut text = serde_json::to_string_pretty(tool).expect("a JSON value always serializes");
    text.push('\n');
    text
}

fn read_json(path: &Path) -> Result<Value, DirError> {
    let error = |message: String| DirError {
        file: path.to_owned(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read: {e}")))?;
    crate::load::parse_json(&text).map_err(|e| error(e.message))
}

/// Reads a catalog folder. Every problem is reported, not only the first.
pub fn read_dir(dir: &Path) -> Result<CatalogDir, Vec<DirError>> {
    let mut errors = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![DirError {
            file: dir.to_owned(),
            message: format!("cannot read the folder: {e}"),
        }]
    })?;
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") && entry.path().is_file() {
                    names.push(name);
                }
            }
            Err(e) => errors.push(DirError {
                file: dir.to_owned(),
                message: format!("cannot read the folder: {e}"),
            }),
        }
    }
    names.sort();

    let mut facts = Value::Object(Default::default());
    let mut tools: Vec<ToolFile> = Vec::new();
    let mut patches: Vec<(String, PathBuf, Value)> = Vec::new();
    for file_name in &names {
        let path = dir.join(file_name);
        if file_name == CATALOG_PATCH_FILE {
            continue;
        }
        let value = match read_json(&path) {
            Ok(value) => value,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if file_name == CATALOG_FILE {
            facts = value;
            continue;
        }
        if let Some(tool) = file_name.strip_suffix(PATCH_SUFFIX) {
            patches.push((tool.to_owned(), path, value));
            continue;
        }
        let stem = file_name.strip_suffix(".json").unwrap_or(file_name);
        match &value {
            Value::Object(map) if map.contains_key("inputSchema") => {
                let name = map.get("name").and_then(Value::as_str);
                if name != Some(stem) {
                    errors.push(DirError {
                        file: path.clone(),
                        message: match name {
                            Some(name) => format!(
                                "the tool is named {name:?}: its file must be named {name:?} + \".json\""
                            ),
                            None => "the tool has no string \"name\"".to_owned(),
                        },
                    });
                    continue;
                }
                tools.push(ToolFile {
                    name: stem.to_owned(),
                    file: path,
                    published: value,
                    patch_file: None,
                    patch: None,
                });
            }
            Value::Object(map) if matches!(map.get("tools"), Some(Value::Array(_))) => {
                let Some(Value::Array(list)) = map.get("tools") else {
                    unreachable!("matched above")
                };
                for (i, tool) in list.iter().enumerate() {
                    match tool.get("name").and_then(Value::as_str) {
                        Some(name) if tool.get("inputSchema").is_some() => tools.push(ToolFile {
                            name: name.to_owned(),
                            file: path.clone(),
                            published: tool.clone(),
                            patch_file: None,
                            patch: None,
                        }),
                        _ => errors.push(DirError {
                            file: path.clone(),
                            message: format!(
                                "/tools/{i} is not an MCP Tool (a string \"name\" and an \"inputSchema\")"
                            ),
                        }),
                    }
                }
            }
            _ => errors.push(DirError {
                file: path,
                message: "neither an MCP Tool (with \"inputSchema\"), a tools/list result (with \"tools\") nor catalog.json".to_owned(),
            }),
        }
    }
    if dir.join(CATALOG_PATCH_FILE).is_file() {
        match read_json(&dir.join(CATALOG_PATCH_FILE)) {
            Ok(patch) => crate::load::merge_patch(&mut facts, &patch),
            Err(e) => errors.push(e),
        }
    }

    tools.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in tools.windows(2) {
        if pair[0].name == pair[1].name {
            errors.push(DirError {
                file: pair[1].file.clone(),
                message: format!(
                    "tool {:?} is published twice (also in {})",
                    pair[1].name,
                    pair[0].file.display()
                ),
            });
        }
    }
    for (name, path, patch) in patches {
        match tools.binary_search_by(|t| t.name.as_str().cmp(&name)) {
            Ok(i) => {
                tools[i].patch_file = Some(path);
                tools[i].patch = Some(patch);
            }
            Err(_) => errors.push(DirError {
                file: path,
                message: format!("a patch for {name:?}, but the catalog has no such tool"),
            }),
        }
    }

    if errors.is_empty() {
        Ok(CatalogDir {
            dir: dir.to_owned(),
            facts,
            tools,
        })
    } else {
        Err(errors)
    }
}
