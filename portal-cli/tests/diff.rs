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
         - [minor API, wire loosened] /b (Things::b): optional property added (a new field and builder setter)\n  \
         witness: {\"a\":\"a\",\"b\":\"a\"} refused before, valid now ((root): additionalProperties)\n"
    );
    assert_eq!(run("removed.json").0, Some(4));
    // A patch-level API change that refuses requests valid before breaks callers on the wire.
    let (code, text) = run("format.json");
    assert_eq!(code, Some(4));
    assert!(
        text.contains(
            "- [patch API, wire tightened] /a (Things::a): format \"email\" added\n  \
             witness: {\"a\":\"a\"} valid before, refused now (/a: format)\n"
        ),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn with_output(input: &str, output: &str) -> String {
    format!(
        r#"{{"name": "things.get", "inputSchema": {{"type": "object", "properties": {input}}}, "outputSchema": {output}}}"#
    )
}

/// The response side is judged in the opposite direction: an output that may now hold more
/// breaks decoders built before (exit 4), one that holds less does not.
#[test]
fn an_output_loosened_breaks_and_an_output_tightened_does_not() {
    let dir = std::env::temp_dir().join(format!("portal-diff-output-{}", std::process::id()));
    let narrow = r#"{"type": "object", "properties": {"n": {"type": "integer", "maximum": 10}}, "required": ["n"]}"#;
    let wide = r#"{"type": "object", "properties": {"n": {"type": "integer", "maximum": 20}}, "required": ["n"]}"#;
    write(&dir, "narrow.json", &with_output("{}", narrow));
    write(&dir, "wide.json", &with_output("{}", wide));
    let run = |old: &str, new: &str| {
        let out = portal()
            .arg("diff")
            .arg(dir.join(old))
            .arg(dir.join(new))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    assert_eq!(
        run("narrow.json", "wide.json"),
        (
            Some(4),
            "things.get: no API change: a patch version\n\
             requests: the same requests are valid\n\
             responses: loosened (a response may now hold what decoders built before refuse: breaking)\n\
             release: breaking on the wire: a major version (for a 0.x crate, the minor version)\n\
             \n\
             response:\n\
             - [patch API, wire loosened] /n (GetThingsOutput::n): maximum changed from 10 to 20\n  \
             witness: {\"n\":11} refused before, valid now (/n: maximum)\n"
                .into()
        )
    );
    let (code, text) = run("wide.json", "narrow.json");
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(
            "responses: tightened (every response valid now was valid before: decoders built before still read them)\n"
        ),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A change no keyword rule classes and no witness settles is unknown, and fails like a
/// breaking change.
#[test]
fn an_unknown_verdict_fails_like_a_breaking_change() {
    let dir = std::env::temp_dir().join(format!("portal-diff-unknown-{}", std::process::id()));
    // `not` of a pattern: the rules class no such change, and no drawn string separates them.
    let schema = |p: &str| {
        tool(
            &format!(r#""a": {{"type": "string", "not": {{"pattern": "{p}"}}}}"#),
            r#""a""#,
        )
    };
    write(&dir, "old.json", &schema("^zq[0-9]{40}$"));
    write(&dir, "new.json", &schema("^zq[0-9]{41}$"));
    let out = portal()
        .arg("diff")
        .arg(dir.join("old.json"))
        .arg(dir.join("new.json"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(4), "{text}");
    assert!(
        text.contains("requests: unknown (not proved either way: treated as breaking)\n"),
        "{text}"
    );
    assert!(
        text.contains("  unknown: no exact keyword rule and no verified witness settles it\n"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The same patch over OLD and NEW: a line NEW states itself is redundant, one whose upstream
/// value changed is contradicted. The patch is found beside the tool file.
#[test]
fn a_patch_beside_the_tool_is_checked_against_the_upstream_change() {
    let dir = std::env::temp_dir().join(format!("portal-diff-patch-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    write(
        &dir,
        "old/t.json",
        &tool(
            r#""a": {"type": "string"}, "b": {"type": "array", "maxItems": 20}"#,
            r#""a""#,
        ),
    );
    write(
        &dir,
        "new/t.json",
        &tool(
            r#""a": {"type": "string", "format": "email"}, "b": {"type": "array", "maxItems": 10}"#,
            r#""a""#,
        ),
    );
    let patch =
        r#"{"inputSchema": {"properties": {"a": {"format": "email"}, "b": {"maxItems": 5}}}}"#;
    write(&dir, "new/t.patch.json", patch);
    let out = portal()
        .arg("diff")
        .arg(dir.join("old/t.json"))
        .arg(dir.join("new/t.json"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with(
            "\npatch (the same over OLD and NEW):\n\
             - redundant /inputSchema/properties/a/format: upstream now states \"email\" itself: drop the line\n\
             - contradicts /inputSchema/properties/b/maxItems: upstream changed it from 20 to 10, and the patch's 5 hides that\n"
        ),
        "{text}"
    );
    // Patched alike, the two tools differ in nothing the patch does not hide.
    assert_eq!(out.status.code(), Some(0), "{text}");
    let out = portal()
        .args(["diff", "--json"])
        .arg(dir.join("old/t.json"))
        .arg(dir.join("new/t.json"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["patch"],
        serde_json::json!([
            {"pointer": "/inputSchema/properties/a/format", "drift": "redundant", "patch": "email", "old": null, "new": "email"},
            {"pointer": "/inputSchema/properties/b/maxItems", "drift": "contradicts", "patch": 5, "old": 20, "new": 10}
        ])
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
    git(&dir, &["commit", "-qam", "two"]);
    // A patch-level API change that refuses requests valid before needs a major bump too.
    write(
        &dir,
        "schemas/p/things.create.json",
        &tool(r#""b": {"type": "string", "format": "email"}"#, ""),
    );
    let (code, stderr) = check();
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: schemas changed since HEAD need a major bump (0.2.0 → at least 0.3.0), but the version is 0.2.0\n"
    );
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
