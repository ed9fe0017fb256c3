//! `portal codegen` on every schema of the JSON-Schema-Test-Suite (draft 2020-12 and its optional
//! formats): a schema the library accepts comes out exactly as `portal_schema::render` gives it
//! (the tests crate compiles those bindings and runs the suite's cases through them), and
//! `--check` accepts that output; a schema the library refuses exits 2 with every error on stderr,
//! each naming the file.
//!
//! Its `remotes/` folder is mapped for `http://localhost:1234/` (`--refs`, `Config::refs`).
//!
//! The suite is read from `JSON_SCHEMA_TEST_SUITE` (default `../shared/json-schema-test-suite-full`);
//! without it the test says it was skipped, except in CI (`CI` set, as `.ci/run` sets it), where a
//! missing suite fails: a green run must mean the suite ran.

use assert_cmd::Command;
use std::path::PathBuf;

fn suite() -> PathBuf {
    std::env::var_os("JSON_SCHEMA_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/json-schema-test-suite-full")
        })
}

fn json_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Whether this runs in CI: `CI` set to anything but empty, `0` or `false`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

#[test]
fn codegen_turns_every_accepted_suite_schema_into_a_module() {
    let remotes = suite().join("remotes");
    let refs = format!("http://localhost:1234/={}", remotes.display());
    let dir = suite().join("draft2020-12");
    if !dir.is_dir() {
        let missing = format!(
            "no JSON-Schema-Test-Suite at {} (set JSON_SCHEMA_TEST_SUITE)",
            dir.display()
        );
        assert!(!in_ci(), "codegen suite: {missing}, and CI needs it");
        println!("codegen suite: skipped, {missing}");
        return;
    }
    let work = std::env::temp_dir().join(format!("portal-codegen-suite-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let mut files = json_files(&dir);
    files.extend(json_files(&dir.join("optional/format")));
    let (mut generated, mut refused) = (0, 0);
    for file in files {
        let groups: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        for (i, group) in groups.as_array().unwrap().iter().enumerate() {
            let schema_path = work.join(format!("{stem}-{i}.json"));
            let text = serde_json::to_string_pretty(&group["schema"]).unwrap();
            std::fs::write(&schema_path, &text).unwrap();
            let expected = portal_schema::Config::new()
                .refs("http://localhost:1234/", &remotes)
                .generate_str(&text);
            let out = Command::cargo_bin("portal")
                .unwrap()
                .arg("codegen")
                .arg(&schema_path)
                .arg("--refs")
                .arg(&refs)
                .output()
                .unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            match expected {
                Ok(tokens) => {
                    generated += 1;
                    assert_eq!(out.status.code(), Some(0), "{stem} #{i}: {stderr}");
                    assert_eq!(stdout, portal_schema::render(&tokens), "{stem} #{i}");
                    let module = work.join(format!("{stem}-{i}.rs"));
                    std::fs::write(&module, &stdout).unwrap();
                    Command::cargo_bin("portal")
                        .unwrap()
                        .arg("codegen")
                        .arg(&schema_path)
                        .arg("--refs")
                        .arg(&refs)
                        .arg("--check")
                        .arg(&module)
                        .assert()
                        .success();
                }
                Err(errors) => {
                    refused += 1;
                    assert_eq!(out.status.code(), Some(2), "{stem} #{i}");
                    assert!(stdout.is_empty(), "{stem} #{i}: {stdout}");
                    let lines: Vec<String> = errors
                        .0
                        .iter()
                        .map(|e| format!("{}: {e}", schema_path.display()))
                        .collect();
                    assert_eq!(stderr, format!("{}\n", lines.join("\n")), "{stem} #{i}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    println!("codegen suite: {generated} schemas generated, {refused} refused");
    assert!(generated > 0);
}
