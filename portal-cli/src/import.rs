//! `portal import openapi SPEC --out DIR [--check]`: one tool file per operation of an OpenAPI
//! document, written into a catalog folder.

use crate::terminal::{errln, outln};
use portal_schema::catalog::dir::PATCH_SUFFIX;
use portal_schema::catalog::{tool_path, tool_text};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code of `--check` when a file differs.
pub const EXIT_DIFFERS: u8 = 1;
/// Exit code when the document cannot be read or imported.
pub const EXIT_ERROR: u8 = 2;

/// The arguments of `portal import openapi`.
#[derive(clap::Args)]
pub struct OpenapiArgs {
    /// The OpenAPI 3.0 or 3.1 document (`.yaml`, `.yml` or `.json`).
    spec: PathBuf,
    /// The catalog folder the tool files are written to.
    #[arg(long)]
    out: PathBuf,
    /// Write nothing; list the files that differ from what the import gives and exit 1.
    #[arg(long)]
    check: bool,
}

/// The YAML reader's limits. A budget bounds what a document can make the reader build, so a
/// hostile document (a billion laughs: aliases of aliases) is refused rather than expanded into
/// memory. serde-saphyr's defaults (250,000 nodes) sit 4 times above WorkOS's document (about
/// 56,000 nodes), too close for the public documents of larger APIs; 4 million nodes and
/// 8 million events take any of them in a few hundred MiB at most. The nesting limit is the
/// generator's own JSON limit, so what the reader accepts the importer can walk; the alias limits
/// stay serde-saphyr's.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 4_000_000;
    budget.max_events = 8_000_000;
    budget.max_depth = portal_schema::MAX_JSON_DEPTH;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Reads the document: JSON by its `.json` extension, YAML otherwise (YAML 1.2 is a superset of
/// JSON, so a JSON document read as YAML gives the same value).
fn read_document(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        portal_schema::load::parse_json(&text)
            .map_err(|e| format!("{}: {}", path.display(), e.message))
    } else {
        serde_saphyr::from_str_with_options::<Value>(&text, yaml_options())
            .map_err(|e| format!("{}: not YAML: {e}", path.display()))
    }
}

/// The tool files of `dir` as the import would find them: `<name>.json` holding a tool of that
/// name. Patches, `catalog.json` and other files are never touched.
fn existing_tool_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = file.strip_suffix(".json") else {
            continue;
        };
        if file.ends_with(PATCH_SUFFIX) || tool_path(dir, stem).is_none() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let named = serde_json::from_str::<Value>(&text)
            .ok()
            .is_some_and(|v| v.get("name").and_then(Value::as_str) == Some(stem));
        if named {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// `portal import openapi`.
pub fn openapi(args: OpenapiArgs) -> ExitCode {
    let document = match read_document(&args.spec) {
        Ok(document) => document,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let tools = match portal_schema::import::openapi(&document) {
        Ok(tools) => tools,
        Err(errors) => {
            for error in errors {
                errln!("{}: {error}", args.spec.display());
            }
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let mut wanted = BTreeMap::new();
    for tool in &tools {
        let name = tool.get("name").and_then(Value::as_str).unwrap_or_default();
        // The importer gives only file-safe names; a name that is not is refused here too.
        let Some(path) = tool_path(&args.out, name) else {
            errln!("error: the tool name {name:?} cannot be a file name");
            return ExitCode::from(EXIT_ERROR);
        };
        wanted.insert(path, tool_text(tool));
    }
    let existing = match existing_tool_files(&args.out) {
        Ok(existing) => existing,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let stale: Vec<&PathBuf> = existing
        .iter()
        .filter(|p| !wanted.contains_key(*p))
        .collect();
    if args.check {
        let mut differs = false;
        for (path, text) in &wanted {
            match std::fs::read_to_string(path) {
                Ok(current) if current == *text => {}
                Ok(_) => {
                    differs = true;
                    outln!("{}: differs from the import", path.display());
                }
                Err(_) => {
                    differs = true;
                    outln!("{}: missing", path.display());
                }
            }
        }
        for path in &stale {
            differs = true;
            outln!("{}: not given by the import", path.display());
        }
        return if differs {
            ExitCode::from(EXIT_DIFFERS)
        } else {
            ExitCode::SUCCESS
        };
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        errln!("error: cannot create {}: {e}", args.out.display());
        return ExitCode::from(EXIT_ERROR);
    }
    for (path, text) in &wanted {
        let same = std::fs::read_to_string(path).is_ok_and(|current| current == *text);
        if !same && let Err(e) = std::fs::write(path, text) {
            errln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(EXIT_ERROR);
        }
    }
    for path in stale {
        if let Err(e) = std::fs::remove_file(path) {
            errln!("error: cannot remove {}: {e}", path.display());
            return ExitCode::from(EXIT_ERROR);
        }
    }
    outln!(
        "{} tools from {} into {}",
        wanted.len(),
        args.spec.display(),
        args.out.display()
    );
    ExitCode::SUCCESS
}
