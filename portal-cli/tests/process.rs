//! The `portal` binary as a process: a closed standard output, names that are not Rust names, and
//! schemas deep enough to have overflowed its stack.

use std::io::Read;
use std::process::{Command, Stdio};

fn portal() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("portal"));
    cmd.env_remove("WORKOS_API_KEY")
        .env_remove("WORKOS_BASE_URL")
        .current_dir("..");
    cmd
}

/// Runs `portal args` with its standard output a pipe closed before it writes (as under
/// `| head -c1` once `head` has its byte): the exit code and standard error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = portal()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_standard_output_ends_each_command_quietly_with_its_exit_code() {
    let seed = "portal-workos/schemas/workos/portal.generate_link.create.json";
    assert_eq!(
        with_closed_stdout(&["codegen", seed]),
        (Some(0), String::new())
    );
    // A rename: a major change, exit 4 though nothing could be printed.
    assert_eq!(
        with_closed_stdout(&[
            "diff",
            "tests/fixtures/history/02-emails-added.json",
            "tests/fixtures/history/03-emails-renamed-options-added.json"
        ]),
        (Some(4), String::new())
    );
    assert_eq!(
        with_closed_stdout(&["diff", seed, seed]),
        (Some(0), String::new())
    );
    assert_eq!(
        with_closed_stdout(&["diff", "--json", seed, seed]),
        (Some(0), String::new())
    );
    assert_eq!(
        with_closed_stdout(&["check-drift", "--schema", seed, "--against", seed]),
        (Some(0), String::new())
    );
    assert_eq!(
        with_closed_stdout(&["generate-link", "--dry-run", "--organization", "org_test"]),
        (Some(0), String::new())
    );
    assert_eq!(with_closed_stdout(&["--help"]), (Some(0), String::new()));
}

#[test]
fn a_root_name_that_is_not_a_rust_type_name_is_an_error() {
    for name in ["My Tool", "1st", "type", "Self", "r#x", ""] {
        let out = portal()
            .args([
                "codegen",
                "portal-workos/schemas/workos/portal.generate_link.create.json",
                "--name",
                name,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(out.stdout, b"");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "error: --name: the root name {name:?} is not a Rust type name (ASCII letters, digits and `_`, not starting with a digit, not a keyword)\n"
            )
        );
    }
}

/// `{"type": "object", "properties": {"x": {"$ref": "#/$defs/a0"}}, "$defs": {...}}`: a chain of
/// `links` references, written to a file.
fn chain_file(links: usize) -> std::path::PathBuf {
    let mut defs = serde_json::Map::new();
    for i in 0..links {
        defs.insert(
            format!("a{i}"),
            serde_json::json!({"$ref": format!("#/$defs/a{}", i + 1)}),
        );
    }
    defs.insert(format!("a{links}"), serde_json::json!({"type": "string"}));
    let doc = serde_json::json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/a0"}}, "$defs": defs});
    let dir = std::env::temp_dir().join(format!("portal-process-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("chain{links}.json"));
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

#[test]
fn a_long_ref_chain_is_a_schema_error_not_a_stack_overflow() {
    for links in [5_000, 100_000] {
        let path = chain_file(links);
        let out = portal().arg("codegen").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(out.stdout, b"");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "{}: schema error at /$defs/a30: schemas nested deeper than 32 levels (each subschema and each $ref followed is one), the limit\n",
                path.display()
            )
        );
        let out = portal().arg("diff").arg(&path).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            "error: schema error at /$defs/a30: schemas nested deeper than 32 levels (each subschema and each $ref followed is one), the limit\n"
        );
    }
}

#[test]
fn a_recursive_schema_compares_with_itself() {
    let dir = std::env::temp_dir().join(format!("portal-recursive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tree.json");
    std::fs::write(
        &path,
        r##"{"type": "object", "properties": {"root": {"$ref": "#/$defs/node"}},
            "$defs": {"node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}}"##,
    )
    .unwrap();
    let out = portal().arg("diff").arg(&path).arg(&path).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "schema: no change\nrequests: the same requests are valid\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn nesting_through_properties_items_all_of_and_refs_is_refused_at_the_limit() {
    // Each link: a `$defs` entry reached by `$ref`, its property `p`, `items`, then `allOf/0`
    // holding the `$ref` to the next: four levels a link.
    let mut defs = serde_json::Map::new();
    for i in 0..2_000 {
        defs.insert(
            format!("d{i}"),
            serde_json::json!({"type": "object", "properties": {"p": {"type": "array", "items": {
                "allOf": [{"$ref": format!("#/$defs/d{}", i + 1)}]}}}}),
        );
    }
    defs.insert("d2000".to_owned(), serde_json::json!({"type": "integer"}));
    let doc = serde_json::json!({"name": "deep.create", "inputSchema": {"type": "object",
        "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs}});
    let dir = std::env::temp_dir().join(format!("portal-nesting-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("nesting.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = portal().arg("codegen").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "{}: schema error at /inputSchema/$defs/d7/properties/p/items: schemas nested deeper than 32 levels (each subschema and each $ref followed is one), the limit\n",
            path.display()
        )
    );
}
