//! `portal diff`: what a schema change does to callers, and a version check for CI.

use crate::terminal::{errln, outln};
use portal_schema::diff::patch::PatchLine;
use portal_schema::diff::{Level, Report};
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

/// `portal diff OLD NEW`.
pub fn files(
    old: &Path,
    new: &Path,
    old_patch: Option<&Path>,
    new_patch: Option<&Path>,
    json: bool,
) -> ExitCode {
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

fn tool_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            tool_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json")
            && !path.to_string_lossy().ends_with(".patch.json")
        {
            out.push(path);
        }
    }
}

/// `portal diff --against REF [--crate DIR]`: every tool under `schemas/` compared with its state
/// at REF, and the version checked against the bump the changes need.
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
    let mut tools = Vec::new();
    tool_files(&root.join(&schemas), &mut tools);
    let mut worst: Option<Level> = None;
    let mut failed = false;
    for path in &tools {
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let patch_rel = PathBuf::from(rel.to_string_lossy().replace(".json", ".patch.json"));
        let Ok(new_text) = read(path) else { continue };
        let new_patch = read(&root.join(&patch_rel)).ok();
        let Some(old_text) = git_show(root, reference, &rel) else {
            outln!("{}: new tool (not at {reference}): minor", rel.display());
            worst = worst.max(Some(Level::Minor));
            continue;
        };
        let old_patch = git_show(root, reference, &patch_rel);
        match portal_schema::diff::diff_str(
            &old_text,
            old_patch.as_deref(),
            &new_text,
            new_patch.as_deref(),
            &Default::default(),
        ) {
            Ok(report) => {
                let lines = same_patch_drift(
                    &old_text,
                    old_patch.as_deref(),
                    &new_text,
                    new_patch.as_deref(),
                );
                if !report.changes.is_empty() || !lines.is_empty() {
                    outln!("== {}", rel.display());
                    print_report_with_patch(&report, &lines, json);
                }
                worst = worst.max(report.gate());
            }
            Err(e) => {
                errln!("{}: {e}", rel.display());
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::from(EXIT_ERROR);
    }
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
