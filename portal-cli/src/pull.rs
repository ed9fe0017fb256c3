//! `portal pull`: a catalog folder made what an MCP server publishes.
//!
//! Lists every tool of the server (`tools/list`, every `nextCursor` page), writes each one to
//! `<tool>.json` (see `portal_schema::catalog::tool_text`: the same tool always gives the same
//! bytes), removes the `<tool>.json` of each tool the server no longer lists, and prints the
//! catalog diff of the folder before against after. Patches (`<tool>.patch.json`) and
//! `catalog.json` are ours, never the server's: they are left as they are, and a patch whose
//! tool is gone is named, since the folder cannot be read until it is dealt with.
//!
//! With `--check` nothing is written: the exit code says whether the folder is byte for byte
//! what the server publishes (0) or not (1). 2 is an error.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::terminal::{errln, escape, outln};
use clap::Args;
use portal_runtime::mcp::McpClient;
use portal_schema::catalog::{CatalogDir, ToolFile, tool_path, tool_text};
use serde_json::Value;

/// Exit code of `--check` when the folder is not what the server publishes.
pub const EXIT_DRIFT: u8 = 1;
/// Exit code when the server, the folder or the configuration failed.
pub const EXIT_ERROR: u8 = 2;

/// Flags of `portal pull`.
#[derive(Args)]
pub struct PullArgs {
    /// The MCP endpoint (`https://host/mcp`; plain `http` only on a loopback host).
    #[arg(long)]
    mcp: String,
    /// The catalog folder (`schemas/<provider>`); created when missing.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Write nothing: exit 1 when the folder is not what the server publishes, 0 when it is.
    #[arg(long)]
    check: bool,
    /// `NAME=VALUE`: a header sent with every request, e.g. the credential
    /// (`authorization=Bearer sk_...`). Once: the client sends one credential header.
    #[arg(long = "header", value_name = "NAME=VALUE")]
    headers: Vec<String>,
    /// `NAME=VAR`: as --header, with the value read from the environment variable `VAR`, which
    /// keeps a secret off the command line (other users of the machine can read a process's
    /// arguments).
    #[arg(long = "header-from-env", value_name = "NAME=VAR")]
    headers_from_env: Vec<String>,
    /// Print the catalog diff as JSON.
    #[arg(long)]
    json: bool,
}

/// What the folder needs to become what the server publishes.
struct Plan {
    /// Tool files to write, with their text.
    write: Vec<(PathBuf, String)>,
    /// Tool files to remove.
    remove: Vec<PathBuf>,
    /// Patches left without their tool.
    orphaned: Vec<PathBuf>,
    /// The folder as it will be.
    after: CatalogDir,
}

/// The plan from the folder as it is and the tools as listed; every problem, not only the first.
fn plan(before: &CatalogDir, listed: &[Value]) -> Result<Plan, Vec<String>> {
    let mut errors = Vec::new();
    for tool in &before.tools {
        if tool_path(&before.dir, &tool.name).as_deref() != Some(tool.file.as_path()) {
            errors.push(format!(
                "{}: holds the tool {:?} among others (a tools/list result); pull writes one file per tool: remove it first",
                tool.file.display(),
                tool.name
            ));
        }
    }
    let mut after: Vec<ToolFile> = Vec::new();
    let mut write = Vec::new();
    let mut names: HashSet<&str> = HashSet::new();
    // Two names one file system would take for one file (macOS and Windows ignore case).
    let mut folded: HashMap<String, &str> = HashMap::new();
    for raw in listed {
        let name = raw.get("name").and_then(Value::as_str).unwrap_or_default();
        if !names.insert(name) {
            errors.push(format!("the server lists the tool {name:?} twice"));
            continue;
        }
        if let Some(other) = folded.insert(name.to_ascii_lowercase(), name) {
            errors.push(format!(
                "the tools {other:?} and {name:?} differ only in case: on a file system that ignores case their files would be one"
            ));
            continue;
        }
        let Some(path) = tool_path(&before.dir, name) else {
            errors.push(format!(
                "the tool {name:?} cannot be a file name (ASCII letters, digits, `_`, `-` and `.`, at most 128, not starting with `.`, not `catalog` nor ending in `.patch`)"
            ));
            continue;
        };
        let text = tool_text(raw);
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            write.push((path.clone(), text));
        }
        let kept = before.tool(name);
        after.push(ToolFile {
            name: name.to_owned(),
            file: path,
            published: raw.clone(),
            patch_file: kept.and_then(|t| t.patch_file.clone()),
            patch: kept.and_then(|t| t.patch.clone()),
        });
    }
    let mut remove = Vec::new();
    let mut orphaned = Vec::new();
    for tool in &before.tools {
        if !names.contains(tool.name.as_str()) {
            remove.push(tool.file.clone());
            orphaned.extend(tool.patch_file.clone());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    after.sort_by(|a, b| a.name.cmp(&b.name));
    write.sort();
    Ok(Plan {
        write,
        remove,
        orphaned,
        after: CatalogDir {
            dir: before.dir.clone(),
            facts: before.facts.clone(),
            tools: after,
        },
    })
}

/// Writes `text` to `path` atomically: a temporary file in the same folder (so the rename stays
/// on one file system), flushed to disk, then renamed over `path`. A reader, or a build, sees
/// the old file or the new one, never half of one. `tempfile` creates the temporary file with
/// `O_EXCL` and a random name, so nothing in the folder is followed or clobbered on the way.
fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = tempfile::Builder::new()
        .prefix(".portal-pull-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

fn client(args: &PullArgs) -> Result<McpClient, String> {
    let mut headers = Vec::new();
    for header in &args.headers {
        let Some((name, value)) = header.split_once('=') else {
            return Err("--header: expected NAME=VALUE".into());
        };
        headers.push((name.trim().to_owned(), value.to_owned()));
    }
    for header in &args.headers_from_env {
        let Some((name, var)) = header.split_once('=') else {
            return Err(format!("--header-from-env {header:?}: expected NAME=VAR"));
        };
        let value = std::env::var(var)
            .map_err(|_| format!("--header-from-env {header:?}: {var} is not set"))?;
        headers.push((name.trim().to_owned(), value));
    }
    let mut builder = McpClient::builder().endpoint(&args.mcp);
    match headers.pop() {
        Some((name, value)) if headers.is_empty() => {
            builder = builder.credential_header(name, value);
        }
        Some(_) => {
            return Err(
                "more than one --header or --header-from-env: the client sends one credential header"
                    .into(),
            );
        }
        None => {}
    }
    builder.build().map_err(|e| e.to_string())
}

async fn listed(client: &McpClient) -> Result<Vec<Value>, String> {
    let tools = client.list_tools().await.map_err(|e| e.to_string())?;
    let _ = client.close().await;
    Ok(tools.into_iter().map(|t| t.raw).collect())
}

/// Runs the subcommand.
pub fn run(args: PullArgs) -> ExitCode {
    match pull(&args) {
        Ok(code) => ExitCode::from(code),
        Err(errors) => {
            for e in errors {
                errln!("error: {}", escape(&e));
            }
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// A file written or removed: on standard output, or beside the JSON report on standard error
/// so that standard output stays one JSON document.
fn action(json: bool, line: String) {
    if json {
        errln!("{line}");
    } else {
        outln!("{line}");
    }
}

fn pull(args: &PullArgs) -> Result<u8, Vec<String>> {
    let one = |e: String| vec![e];
    let client = client(args).map_err(one)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| one(format!("cannot start the async runtime: {e}")))?;
    let listed = runtime.block_on(listed(&client)).map_err(one)?;
    let before = if args.out.exists() {
        portal_schema::catalog::read_dir(&args.out)
            .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?
    } else {
        crate::diff::empty_catalog(&args.out)
    };
    let plan = plan(&before, &listed)?;
    // The folder mirrors the server whatever its schemas hold; a tool the generator cannot read
    // is for the build to report, so it leaves the diff out but stops nothing.
    let report = match crate::diff::compare_catalogs(&before, &plan.after) {
        Ok(report) => Some(report),
        Err(e) => {
            errln!(
                "note: no catalog diff, since a tool cannot be read:\n{}",
                crate::terminal::escape_lines(&e)
            );
            None
        }
    };
    let dir = args.out.display();
    let verb = |done: &'static str, would: &'static str| if args.check { would } else { done };
    if !args.check && !plan.write.is_empty() {
        std::fs::create_dir_all(&args.out).map_err(|e| one(format!("cannot create {dir}: {e}")))?;
    }
    for (path, text) in &plan.write {
        if !args.check {
            write_atomic(path, text).map_err(one)?;
        }
        action(
            args.json,
            format!("{} {}", verb("wrote", "would write"), path.display()),
        );
    }
    for path in &plan.remove {
        if !args.check {
            std::fs::remove_file(path)
                .map_err(|e| one(format!("cannot remove {}: {e}", path.display())))?;
        }
        action(
            args.json,
            format!("{} {}", verb("removed", "would remove"), path.display()),
        );
    }
    for path in &plan.orphaned {
        errln!(
            "note: {} patches a tool the server no longer lists: remove it (or move it to the tool's new name) before the folder is read again",
            path.display()
        );
    }
    let changed = !plan.write.is_empty() || !plan.remove.is_empty();
    if let (true, Some(report)) = (args.json, &report) {
        crate::diff::print_catalog(report, true);
    } else if !changed {
        outln!(
            "{dir}: up to date ({} tools, as {} lists them)",
            plan.after.tools.len(),
            escape(&args.mcp)
        );
    } else if let Some(report) = report.as_ref().filter(|r| r.worst().is_some()) {
        crate::diff::print_catalog(report, false);
    }
    Ok(if args.check && changed { EXIT_DRIFT } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_listing_that_cannot_be_a_folder_is_refused_whole() {
        let before = crate::diff::empty_catalog(Path::new("/nowhere"));
        let listed = [
            json!({"name": "a", "inputSchema": {}}),
            json!({"name": "../etc/passwd", "inputSchema": {}}),
            json!({"name": "a", "inputSchema": {}}),
            json!({"name": "catalog", "inputSchema": {}}),
            json!({"name": "A", "inputSchema": {}}),
        ];
        let errors = plan(&before, &listed).err().unwrap();
        assert_eq!(
            errors,
            [
                "the tool \"../etc/passwd\" cannot be a file name (ASCII letters, digits, `_`, `-` and `.`, at most 128, not starting with `.`, not `catalog` nor ending in `.patch`)",
                "the server lists the tool \"a\" twice",
                "the tool \"catalog\" cannot be a file name (ASCII letters, digits, `_`, `-` and `.`, at most 128, not starting with `.`, not `catalog` nor ending in `.patch`)",
                "the tools \"a\" and \"A\" differ only in case: on a file system that ignores case their files would be one",
            ]
        );
    }
}
