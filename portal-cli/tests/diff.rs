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

#[test]
fn against_a_git_ref_a_crate_is_gated_on_its_own_version() {
    let dir = std::env::temp_dir().join(format!("portal-diff-crate-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let workspace = |v: &str| {
        format!("[workspace]\nmembers = [\"w\"]\n\n[workspace.package]\nversion = \"{v}\"\n")
    };
    let package = |v: &str| {
        format!(
            "[package]\nname = \"w\"\nversion = \"{v}\"\n\n[dependencies]\nportal-runtime = {{ version = \"9.0.0\" }}\n"
        )
    };
    write(&dir, "Cargo.toml", &workspace("0.1.0"));
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "workspace"]);

    let check = || {
        let out = portal()
            .current_dir(&dir)
            .args(["diff", "--against", "HEAD", "--crate", "w"])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // The crate is new since HEAD: its first version has nothing to be compared with.
    write(&dir, "w/Cargo.toml", &package("0.1.0"));
    write(
        &dir,
        "w/schemas/p/things.create.json",
        &tool(r#""a": {"type": "string"}"#, r#""a""#),
    );
    assert_eq!(
        check(),
        (
            Some(0),
            "w/Cargo.toml: not at HEAD, so version 0.1.0 is the crate's first: no earlier version to gate against\n".into(),
            String::new()
        )
    );
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "crate"]);
    assert_eq!(
        check(),
        (
            Some(0),
            "w/schemas at HEAD: no API change needing a version bump (version 0.1.0 → 0.1.0)\n"
                .into(),
            String::new()
        )
    );

    write(
        &dir,
        "w/schemas/p/things.create.json",
        &tool(r#""b": {"type": "string"}"#, ""),
    );
    let (code, _, stderr) = check();
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: w/schemas changed since HEAD need a major bump (0.1.0 → at least 0.2.0), but the version is 0.1.0\n"
    );
    // The workspace's version is not the crate's.
    write(&dir, "Cargo.toml", &workspace("0.2.0"));
    assert_eq!(check().0, Some(1));
    write(&dir, "w/Cargo.toml", &package("0.2.0"));
    let (code, stdout, _) = check();
    assert_eq!(code, Some(0));
    assert!(
        stdout.ends_with(
            "w/schemas changed since HEAD (major); version 0.1.0 → 0.2.0 covers the needed 0.2.0\n"
        ),
        "{stdout}"
    );
    // Without --crate, the workspace's own schemas/ (none here) and version are compared.
    let out = portal()
        .current_dir(&dir)
        .args(["diff", "--against", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "schemas at HEAD: no API change needing a version bump (version 0.1.0 → 0.2.0)\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}
