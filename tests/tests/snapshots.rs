//! Snapshots of the generated code (`portal_schema::render`) for the seed schema, with and without
//! its patch, for every fixture in `tests/fixtures/`, and for every upstream version of the WorkOS
//! spec when `shared/upstream/workos-openapi/` is there.
//!
//! Review changes with `cargo insta review`, or regenerate with
//! `INSTA_UPDATE=always cargo test -p portal-tests --test snapshots` and read the diff.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The rendered bindings for a tool file and an optional patch file.
fn render(tool: &Path, patch: Option<&Path>, root_name: Option<&str>) -> String {
    let mut config = portal_schema::Config::new();
    config.options(portal_schema::Options {
        root_name: root_name.map(str::to_owned),
        ..Default::default()
    });
    if let Some(patch) = patch {
        config.patch_str(read(patch));
    }
    let tokens = config
        .generate_str(&read(tool))
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", tool.display()));
    portal_schema::render(&tokens)
}

fn seed() -> PathBuf {
    workspace().join("schemas/workos/portal.generate_link.create.json")
}

fn seed_patch() -> PathBuf {
    workspace().join("schemas/workos/portal.generate_link.create.patch.json")
}

#[test]
fn seed_as_published() {
    insta::assert_snapshot!("seed_as_published", render(&seed(), None, None));
}

#[test]
fn seed_with_patch() {
    insta::assert_snapshot!(
        "seed_with_patch",
        render(&seed(), Some(&seed_patch()), None)
    );
}

/// The fixtures, with the root names `tests/fixtures.rs` gives them.
const FIXTURES: &[(&str, Option<&str>)] = &[
    ("renamed_emails", Some("RenamedEmails")),
    ("email_format", Some("EmailFormat")),
    ("no_intent_options", Some("NoIntentOptions")),
    ("nested_options", Some("NestedOptions")),
    ("refs_layout", None),
    ("hard_names", Some("HardNames")),
    ("constraints", Some("Constraints")),
    ("search_tickets", Some("Search")),
    ("deploy_service", Some("Deploy")),
    ("invite_user", Some("Invite")),
    ("unions", Some("Adopt")),
    ("no_arguments", Some("Ping")),
];

#[test]
fn fixtures() {
    for (name, root) in FIXTURES {
        let path = workspace()
            .join("tests/fixtures")
            .join(format!("{name}.json"));
        insta::assert_snapshot!(format!("fixture_{name}"), render(&path, None, *root));
    }
}

#[test]
fn every_fixture_is_snapshotted() {
    let mut on_disk: Vec<String> = std::fs::read_dir(workspace().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "list every fixture in FIXTURES");
}

/// `PORTAL_UPSTREAM_DIR`, or `shared/upstream/workos-openapi` beside the workspace.
fn upstream_dir() -> PathBuf {
    match std::env::var_os("PORTAL_UPSTREAM_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace().join("../shared/upstream/workos-openapi"),
    }
}

#[test]
fn upstream_versions() {
    let dir = upstream_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "SKIPPED upstream_versions: {} does not exist (set PORTAL_UPSTREAM_DIR)",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .json files in {}", dir.display());
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("upstream_{stem}"), render(file, None, None));
    }
    println!(
        "rendered {} upstream versions from {}",
        files.len(),
        dir.display()
    );
}

#[test]
fn rendering_is_deterministic() {
    // Every run builds fresh hash maps with fresh random seeds; the output must not depend on them.
    let first = render(&seed(), Some(&seed_patch()), None);
    for _ in 0..5 {
        assert_eq!(render(&seed(), Some(&seed_patch()), None), first);
    }
    for (name, root) in FIXTURES {
        let path = workspace()
            .join("tests/fixtures")
            .join(format!("{name}.json"));
        assert_eq!(
            render(&path, None, *root),
            render(&path, None, *root),
            "{name}"
        );
    }
}

#[test]
fn rendered_code_parses_and_is_stable() {
    let mut cases = vec![
        render(&seed(), Some(&seed_patch()), None),
        render(&seed(), None, None),
    ];
    for (name, root) in FIXTURES {
        cases.push(render(
            &workspace()
                .join("tests/fixtures")
                .join(format!("{name}.json")),
            None,
            *root,
        ));
    }
    for text in cases {
        assert!(text.starts_with("// @generated"), "{text}");
        assert!(!text.contains("unparsable output"), "{text}");
        let file = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("rendered code does not parse: {e}\n{text}"));
        assert!(!file.items.is_empty());
        // Reading the rendered text back and rendering it again changes nothing.
        let tokens = text.parse().expect("rendered code tokenizes");
        assert_eq!(portal_schema::render(&tokens), text);
    }
}
