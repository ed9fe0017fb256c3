//! `portal diff`: what a schema change does to callers, and a version check for CI.

use crate::terminal::{errln, outln};
use portal_schema::catalog::CatalogDir;
use portal_schema::diff::patch::PatchLine;
use portal_schema::diff::{CatalogReport, Level, Report};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Exit code when something could not be read or generated.
pub const EXIT_ERROR: u8 = 1;
/// Exit code for a compatible addition (minor).
pub const EXIT_MINOR: u8 = 3;
/// Exit code for a breaking change (major).
pub const EXIT_MAJOR: u8 = 4;

/// The exit code for the class a report needs ([`Report::gate`]: the API's, raised to major when
/// the wire breaks callers in either direction or a wire verdict is unknown): 0 for no change or
/// a patch-level change.
pub fn exit_code(report: &Report) -> u8 {
    match report.gate() {
        Some(Level::Major) => EXIT_MAJOR,
        Some(Level::Minor) => EXIT_MINOR,
        _ => 0,
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The exit code for a catalog report's worst class, as [`exit_code`].
pub fn catalog_exit_code(report: &CatalogReport) -> u8 {
    match report.worst() {
        Some(Level::Major) => EXIT_MAJOR,
        Some(Level::Minor) => EXIT_MINOR,
        _ => 0,
    }
}

/// A catalog folder read, its problems as one message.
pub fn read_catalog(dir: &Path) -> Result<CatalogDir, String> {
    portal_schema::catalog::read_dir(dir).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A catalog with no tools, for a folder that does not exist on one side.
pub fn empty_catalog(dir: &Path) -> CatalogDir {
    CatalogDir {
        dir: dir.to_owned(),
        facts: serde_json::Value::Object(Default::default()),
        tools: Vec::new(),
    }
}

/// Compares two catalogs, every tool that fails to parse as one message.
pub fn compare_catalogs(old: &CatalogDir, new: &CatalogDir) -> Result<CatalogReport, String> {
    portal_schema::diff::diff_catalogs(old, new, &Default::default()).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Prints a catalog report as text or JSON.
pub fn print_catalog(report: &CatalogReport, json: bool) {
    if json {
        let text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
        crate::terminal::out(&format!("{}\n", crate::terminal::escape_json(&text)));
    } else {
        crate::terminal::out(&crate::terminal::escape_lines(&report.to_text()));
    }
}

/// `portal diff OLD NEW` over two catalog folders.
fn folders(old: &Path, new: &Path, json: bool) -> ExitCode {
    let result = (|| {
        let old = read_catalog(old)?;
        let new = read_catalog(new)?;
        compare_catalogs(&old, &new)
    })();
    match result {
        Ok(report) => {
            print_catalog(&report, json);
            ExitCode::from(catalog_exit_code(&report))
        }
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `portal diff OLD NEW`: two tool files, or two catalog folders.
pub fn files(
    old: &Path,
    new: &Path,
    old_patch: Option<&Path>,
    new_patch: Option<&Path>,
    json: bool,
) -> ExitCode {
    match (old.is_dir(), new.is_dir()) {
        (true, true) => {
            if old_patch.is_some() || new_patch.is_some() {
                errln!(
                    "error: a catalog folder holds its own patches (<tool>.patch.json): --patch, --old-patch and --new-patch are for tool files"
                );
                return ExitCode::from(EXIT_ERROR);
            }
            return folders(old, new, json);
        }
        (false, false) => {}
        (old_dir, _) => {
            let (folder, file) = if old_dir { (old, new) } else { (new, old) };
            errln!(
                "error: {} is a catalog folder but {} is not: compare two folders or two tool files",
                folder.display(),
                file.display()
            );
            return ExitCode::from(EXIT_ERROR);
        }
    }
    let result = (|| -> Result<(Report, Vec<PatchLine>), String> {
        let old_text = read(old)?;
        let new_text = read(new)?;
        let (old_patch, new_patch) = match (old_patch, new_patch) {
            (None, None) => beside(old, new),
            (a, b) => (a.map(Path::to_path_buf), b.map(Path::to_path_buf)),
        };
        let old_patch = old_patch.as_deref().map(read).transpose()?;
        let new_patch = new_patch.as_deref().map(read).transpose()?;
        let report = portal_schema::diff::diff_str(
            &old_text,
            old_patch.as_deref(),
            &new_text,
            new_patch.as_deref(),
            &Default::default(),
        )
        .map_err(|e| e.to_string())?;
        let lines = same_patch_drift(
            &old_text,
            old_patch.as_deref(),
            &new_text,
            new_patch.as_deref(),
        );
        Ok((report, lines))
    })();
    match result {
        Ok((report, lines)) => {
            print_report_with_patch(&report, &lines, json);
            ExitCode::from(exit_code(&report))
        }
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The patches found beside the tool files (`<tool>.patch.json`); one found for one side only
/// is the project's correction and applies to both.
fn beside(old: &Path, new: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
    let find = |p: &Path| {
        let name = p.file_name()?.to_string_lossy();
        let stem = name.strip_suffix(".json")?;
        let patch = p.with_file_name(format!("{stem}.patch.json"));
        patch.is_file().then_some(patch)
    };
    match (find(old), find(new)) {
        (Some(a), None) => (Some(a.clone()), Some(a)),
        (None, Some(b)) => (Some(b.clone()), Some(b)),
        pair => pair,
    }
}

/// The lines of a patch that both tools share which upstream NEW now states or contradicts;
/// nothing when the patches differ or cannot be read as JSON.
fn same_patch_drift(
    old: &str,
    old_patch: Option<&str>,
    new: &str,
    new_patch: Option<&str>,
) -> Vec<PatchLine> {
    let json = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
    let (Some(a), Some(b)) = (old_patch.and_then(json), new_patch.and_then(json)) else {
        return Vec::new();
    };
    match (a == b, json(old), json(new)) {
        (true, Some(old), Some(new)) => portal_schema::diff::patch::drift(&old, &new, &a),
        _ => Vec::new(),
    }
}

/// The report, then the patch lines that drifted (in `--json`, under `"patch"`).
fn print_report_with_patch(report: &Report, lines: &[PatchLine], json: bool) {
    if !json {
        print_report(report, false);
        if !lines.is_empty() {
            let mut text = String::from("\npatch (the same over OLD and NEW):\n");
            for line in lines {
                text.push_str(&format!("- {}\n", line.to_text()));
            }
            crate::terminal::out(&crate::terminal::escape_lines(&text));
        }
        return;
    }
    let mut value = report.to_json();
    value["patch"] = lines.iter().map(PatchLine::to_json).collect();
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    crate::terminal::out(&format!("{}\n", crate::terminal::escape_json(&text)));
}

fn print_report(report: &Report, json: bool) {
    if json {
        let text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
        crate::terminal::out(&format!("{}\n", crate::terminal::escape_json(&text)));
    } else {
        crate::terminal::out(&crate::terminal::escape_lines(&report.to_text()));
    }
}

fn git_show(root: &Path, reference: &str, path: &Path) -> Option<String> {
    let spec = format!("{reference}:{}", path.display());
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &spec])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `version = "..."` of `section` (`[workspace.package]` or `[package]`) in a manifest; none
/// when it is inherited (`version.workspace = true`) or absent.
fn manifest_version(manifest: &str, section: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == section;
            continue;
        }
        if in_package && let Some(rest) = line.strip_prefix("version") {
            return rest
                .trim_start()
                .strip_prefix('=')
                .map(|v| v.trim().trim_matches('"').to_owned());
        }
    }
    None
}

fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let mut it = v
        .split(['-', '+'])
        .next()?
        .split('.')
        .map(|p| p.parse::<u64>().ok());
    Some((it.next()??, it.next()??, it.next()??))
}

/// The folders under `dir` (itself included) that hold a `.json` file: each is a catalog folder.
fn catalog_folders(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    let mut entries: Vec<(PathBuf, bool)> = entries
        .filter_map(|e| e.ok())
        .map(|e| (dir.join(e.file_name()), e.path().is_dir()))
        .collect();
    entries.sort();
    if entries
        .iter()
        .any(|(p, is_dir)| !is_dir && p.extension().is_some_and(|e| e == "json"))
    {
        out.push(dir.to_owned());
    }
    for (path, is_dir) in entries {
        if is_dir {
            catalog_folders(root, &path, out);
        }
    }
}

/// The files under `dir` at `reference`, written below `into` at the same relative paths: the
/// folders there are the catalog folders as they were. Paths are relative to `root`. One
/// `git cat-file --batch` reads every file, so the time is linear in their number and size.
fn checkout_at(
    root: &Path,
    reference: &str,
    dir: &Path,
    into: &Path,
) -> Result<Vec<PathBuf>, String> {
    let listed = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-tree", "-r", "-z", "--name-only", reference, "--"])
        .arg(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !listed.status.success() {
        return Err(format!(
            "git ls-tree {reference}: {}",
            String::from_utf8_lossy(&listed.stderr).trim()
        ));
    }
    let names: Vec<String> = listed
        .stdout
        .split(|b| *b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .filter(|n| n.ends_with(".json") && !n.contains('\n'))
        .collect();
    let mut folders: Vec<PathBuf> = Vec::new();
    if names.is_empty() {
        return Ok(folders);
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let specs: String = names
        .iter()
        .map(|n| format!("{reference}:./{n}\n"))
        .collect();
    // Written from another thread: git answers while it reads, and a full pipe either way would
    // block both processes.
    let writer = std::thread::spawn(move || {
        use std::io::Write as _;
        stdin.write_all(specs.as_bytes())
    });
    let out = child
        .wait_with_output()
        .map_err(|e| format!("git cat-file: {e}"))?;
    let _ = writer.join();
    let mut rest: &[u8] = &out.stdout;
    for name in &names {
        let line_end = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("git cat-file: a truncated answer")?;
        let header = String::from_utf8_lossy(&rest[..line_end]).into_owned();
        rest = &rest[line_end + 1..];
        let size: usize = match header.rsplit(' ').next().map(str::parse) {
            Some(Ok(size)) if header.split(' ').nth(1) == Some("blob") => size,
            _ => return Err(format!("git cat-file {reference}:{name}: {header}")),
        };
        if rest.len() < size + 1 {
            return Err("git cat-file: a truncated answer".into());
        }
        let path = into.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &rest[..size])
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        rest = &rest[size + 1..];
        if let Some(parent) = Path::new(name).parent() {
            folders.push(parent.to_owned());
        }
    }
    folders.sort();
    folders.dedup();
    Ok(folders)
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let path = std::env::temp_dir().join(format!("portal-diff-{}-{nanos}", std::process::id()));
        // `create_dir` (not `_all`) fails when the path exists: the folder is ours alone.
        std::fs::create_dir(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every catalog folder under `schemas` (relative to `root`) compared with its state at
/// `reference`: the worst class, or `None` when something could not be read.
fn compare_against(
    root: &Path,
    reference: &str,
    schemas: &Path,
    json: bool,
) -> Result<Option<Level>, String> {
    let scratch = Scratch::new()?;
    let then = checkout_at(root, reference, schemas, &scratch.0)?;
    let mut now = Vec::new();
    catalog_folders(root, schemas, &mut now);
    now.sort();
    let mut all: Vec<&PathBuf> = then.iter().chain(&now).collect();
    all.sort();
    all.dedup();
    let mut worst: Option<Level> = None;
    let mut errors = Vec::new();
    let shown_then = |text: String| {
        text.replace(
            &format!("{}/", scratch.0.display()),
            &format!("{reference}:"),
        )
    };
    for rel in all {
        let old = match then.binary_search(rel).is_ok() {
            true => read_catalog(&scratch.0.join(rel)).map_err(shown_then),
            false => Ok(empty_catalog(&scratch.0.join(rel))),
        };
        let new = match now.binary_search(rel).is_ok() {
            true => read_catalog(&root.join(rel)),
            false => Ok(empty_catalog(&root.join(rel))),
        };
        let (old, mut new) = match (old, new) {
            (Ok(old), Ok(new)) => (old, new),
            (old, new) => {
                errors.extend(old.err().into_iter().chain(new.err()));
                continue;
            }
        };
        if new.tools.is_empty() && now.binary_search(rel).is_err() {
            // A folder gone: its name is still the catalog's.
            new.facts = old.facts.clone();
        }
        match compare_catalogs(&old, &new) {
            Ok(report) => {
                if report.worst().is_some() {
                    outln!("== {}", rel.display());
                    print_catalog(&report, json);
                }
                worst = worst.max(report.worst());
            }
            Err(e) => errors.push(format!("{}: {}", rel.display(), shown_then(e))),
        }
    }
    if errors.is_empty() {
        Ok(worst)
    } else {
        Err(errors.join("\n"))
    }
}

/// `portal diff --against REF [--crate DIR]`: every catalog folder under `schemas/` (each folder
/// holding a `.json` file, `schemas/<provider>/` today) compared with its state at REF as a
/// catalog, and the version checked against the bump the changes need.
///
/// Without `crate_dir`, the schemas are `ROOT/schemas/` and the version is the workspace's
/// (`[workspace.package]` of `ROOT/Cargo.toml`). With it, the crate at `ROOT/DIR` owns both: its
/// `schemas/` and the `[package]` version of its `Cargo.toml`, so each crate of generated bindings
/// is gated on its own. A crate whose manifest is not at REF has no earlier version to break: the
/// check passes and says so.
pub fn against(root: &Path, crate_dir: Option<&Path>, reference: &str, json: bool) -> ExitCode {
    let dir = crate_dir.unwrap_or(Path::new(""));
    let manifest_rel = dir.join("Cargo.toml");
    let section = match crate_dir {
        Some(_) => "[package]",
        None => "[workspace.package]",
    };
    let schemas = dir.join("schemas");
    let label = schemas.display().to_string();
    let then_manifest = git_show(root, reference, &manifest_rel);
    if let (Some(_), None) = (crate_dir, &then_manifest) {
        let now = read(&root.join(&manifest_rel))
            .ok()
            .and_then(|m| manifest_version(&m, section));
        let Some(now) = now else {
            errln!(
                "error: cannot read the [package] version of {}",
                manifest_rel.display()
            );
            return ExitCode::from(EXIT_ERROR);
        };
        outln!(
            "{}: not at {reference}, so version {now} is the crate's first: no earlier version to gate against",
            manifest_rel.display()
        );
        return ExitCode::SUCCESS;
    }
    let worst = match compare_against(root, reference, &schemas, json) {
        Ok(worst) => worst,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let now = read(&root.join(&manifest_rel))
        .ok()
        .and_then(|m| manifest_version(&m, section));
    let then = then_manifest.and_then(|m| manifest_version(&m, section));
    let (Some(now), Some(then)) = (now, then) else {
        match crate_dir {
            Some(_) => errln!(
                "error: cannot read the {section} version of {} now and at {reference}",
                manifest_rel.display()
            ),
            None => errln!("error: cannot read [workspace.package] version now and at {reference}"),
        }
        return ExitCode::from(EXIT_ERROR);
    };
    let report = Report {
        tool: None,
        changes: Vec::new(),
    };
    let needed = match worst {
        None | Some(Level::Patch) => None,
        Some(level) => {
            let fake = Report {
                changes: vec![portal_schema::diff::Change {
                    side: portal_schema::diff::Side::Request,
                    pointer: String::new(),
                    rust: None,
                    api: level,
                    wire: portal_schema::diff::Wire::Unchanged,
                    message: String::new(),
                    exact: true,
                    witnesses: Vec::new(),
                }],
                ..report
            };
            fake.next_version(&then)
        }
    };
    match needed {
        None => {
            outln!(
                "{label} at {reference}: no API change needing a version bump (version {then} → {now})"
            );
            ExitCode::SUCCESS
        }
        Some(needed) => {
            let ok = match (parse_version(&now), parse_version(&needed)) {
                (Some(n), Some(r)) => n >= r,
                _ => false,
            };
            if ok {
                outln!(
                    "{label} changed since {reference} ({}); version {then} → {now} covers the needed {needed}",
                    worst.map(Level::as_str).unwrap_or("none")
                );
                ExitCode::SUCCESS
            } else {
                errln!(
                    "error: {label} changed since {reference} need a {} bump ({then} → at least {needed}), but the version is {now}",
                    worst.map(Level::as_str).unwrap_or("none")
                );
                ExitCode::from(EXIT_ERROR)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_workspace_version() {
        let m = "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.3.1\"\nedition = \"2024\"\n";
        assert_eq!(
            manifest_version(m, "[workspace.package]").as_deref(),
            Some("0.3.1")
        );
        assert_eq!(manifest_version(m, "[package]"), None);
        let m = "[package]\nname = \"p\"\nversion = \"0.2.0\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(manifest_version(m, "[package]").as_deref(), Some("0.2.0"));
        let m = "[package]\nname = \"p\"\nversion.workspace = true\n";
        assert_eq!(manifest_version(m, "[package]"), None);
        assert_eq!(parse_version("0.3.1"), Some((0, 3, 1)));
    }
}
