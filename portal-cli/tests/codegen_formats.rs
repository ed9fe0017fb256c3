//! `portal codegen --formats`: `assert` (the default) checks each format of the vocabulary,
//! `annotate` only states it in the docs, any other word is refused before anything is read.

use assert_cmd::Command;

fn codegen(extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("portal")
        .unwrap()
        .args([
            "codegen",
            "../tests/fixtures/formats.json",
            "--name",
            "Schedule",
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn formats_are_asserted_by_default_and_annotated_on_request() {
    let asserted = codegen(&[]);
    assert_eq!(asserted.status.code(), Some(0));
    let asserted = String::from_utf8(asserted.stdout).unwrap();
    assert!(asserted.contains("::portal_runtime::__private_v1::Format::Time,"));
    assert!(
        asserted
            .contains("/// JSON property `\"when\"`, required. An RFC 3339 time (format `time`).")
    );
    assert_eq!(
        asserted,
        String::from_utf8(codegen(&["--formats", "assert"]).stdout).unwrap()
    );

    let annotated = codegen(&["--formats", "annotate"]);
    assert_eq!(annotated.status.code(), Some(0));
    let annotated = String::from_utf8(annotated.stdout).unwrap();
    assert!(!annotated.contains("__private_v1::Format::"));
    assert!(annotated.contains(
        "/// JSON property `\"when\"`, required. Format `time` (an annotation, not checked)."
    ));
}

#[test]
fn another_mode_is_refused() {
    let out = codegen(&["--formats", "strict"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "invalid value 'strict' for '--formats <assert|annotate>': formats must be \"assert\" or \"annotate\", found \"strict\""
        ),
        "{stderr}"
    );
}
