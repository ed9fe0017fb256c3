//! `portal diff` run as a binary: exit codes, and the version check against a git ref.

use std::path::Path;
use std::process::Command;

fn portal() -> Command {
    Command::new(env!("CARGO_BIN_EXE_portal"))
}

fn tool(properties: &str, required: &str) -> String {
    format!(
        r#"{{"name": "things.create", "inputSchema": {{"type": "object", "properties": {{{properties}}}, "required": [{required}]}}}}"#
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn exit_codes_follow_the_worst_class() {
    let dir = std::env::temp_dir().join(format!("portal-diff-codes-{}", std::process::id()));
    let old = tool(r#""a": {"type": "string"}"#, r#""a""#);
    write(&dir, "old.json", &old);
    write(&dir, "same.json", &old);
    write(
        &dir,
        "added.json",
        &tool(
            r#""a": {"type": "string"}, "b": {"type": "string"}"#,
            r#""a""#,
        ),
    );
    write(
        &dir,
        "removed.json",
        &tool(r#""b": {"type": "string"}"#, ""),
    );
    write(
        &dir,
        "format.json",
        &tool(r#""a": {"type": "string", "format": "email"}"#, r#""a""#),
    );
    let run = |new: &str| {
        let out = portal()
            .arg("diff")
            .arg(dir.join("old.json"))
            .arg(dir.join(new))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    assert_eq!(
        run("same.json"),
        (
            Some(0),
            "things.create: no change\nrequests: the same requests are valid\n".into()
        )
    );
    let (code, text) = run("added.json");
    assert_eq!(code, Some(3));
    assert_eq!(
        text,
        "things.create: compatible addition: a minor version (for a 0.x crate, the patch version)\n\
         requests: loosened (every request valid before is still valid)\n\nrequest:\n\
         - [minor API, wire loosened] /b (Things::b): optional property added (a new field and builder setter)\n"
    );
    assert_eq!(run("removed.json").0, Some(4));
    let (code, text) = run("format.json");
    assert_eq!(code, Some(0));
    assert!(
        text.contains("- [patch API, wire tightened] /a (Things::a): format \"email\" added\n"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn against_a_git_ref_a_breaking_change_needs_a_version_bump() {
    let dir = std::env::temp_dir().join(format!("portal-diff-against-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let manifest =
        |v: &str| format!("[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"{v}\"\n");
    write(&dir, "Cargo.toml", &manifest("0.1.0"));
    write(
        &dir,
        "schemas/p/things.create.json",
        &tool(r#""a": {"type": "string"}"#, r#""a""#),
    );
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "one"]);

    let check = || {
        let out = portal()
            .current_dir(&dir)
            .args(["diff", "--against", "HEAD"])
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    assert_eq!(check().0, Some(0));

    write(
        &dir,
        "schemas/p/things.create.json",
        &tool(r#""b": {"type": "string"}"#, ""),
    );
    let (code, stderr) = check();
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: schemas changed since HEAD need a major bump (0.1.0 → at least 0.2.0), but the version is 0.1.0\n"
    );
    write(&dir, "Cargo.toml", &manifest("0.2.0"));
    assert_eq!(check().0, Some(0));
    std::fs::remove_dir_all(&dir).ok();
}
