//! `portal diff` over a schema's history: the fixtures in `fixtures/history` model each real
//! upstream change of the WorkOS tool, and the real history in `../shared/upstream/workos-openapi`
//! is compared too when that folder is present. Reports are pinned with insta.

use portal_schema::diff::{Level, Report, Wire, diff_str};
use std::path::{Path, PathBuf};

fn report(old: &Path, new: &Path) -> Report {
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    diff_str(&read(old), None, &read(new), None, &Default::default()).unwrap()
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/history")
}

/// Finds the change at `pointer` whose message starts with `message`.
fn change<'a>(r: &'a Report, pointer: &str, message: &str) -> &'a portal_schema::diff::Change {
    r.changes
        .iter()
        .find(|c| c.pointer == pointer && c.message.starts_with(message))
        .unwrap_or_else(|| {
            panic!(
                "no change at {pointer} starting {message:?} in\n{}",
                r.to_text()
            )
        })
}

#[test]
fn modelled_history_verdicts() {
    let h = history();
    let step =
        |a: &str, b: &str| report(&h.join(format!("{a}.json")), &h.join(format!("{b}.json")));

    let added = step("01-base", "02-emails-added");
    assert_eq!(added.worst(), Some(Level::Minor));
    assert_eq!(added.request_wire(), Wire::Loosened);

    let renamed = step("02-emails-added", "03-emails-renamed-options-added");
    assert_eq!(renamed.worst(), Some(Level::Major));
    let removed = change(&renamed, "/admin_emails", "optional property removed");
    assert_eq!((removed.api, removed.wire), (Level::Major, Wire::Tightened));
    let new_name = change(&renamed, "/it_contact_emails", "optional property added");
    assert!(
        new_name
            .message
            .ends_with("it looks like \"admin_emails\" renamed")
    );
    let options = change(
        &renamed,
        "/intent_options/domain_verification",
        "optional property added",
    );
    assert_eq!((options.api, options.wire), (Level::Minor, Wire::Loosened));
    let relaxed = change(&renamed, "/intent_options/sso", "no longer required");
    assert_eq!(relaxed.wire, Wire::Loosened);

    let format = step("03-emails-renamed-options-added", "04-email-format-added");
    assert_eq!(format.worst(), Some(Level::Patch));
    assert_eq!(format.request_wire(), Wire::Tightened);
    assert_eq!(
        change(&format, "/it_contact_emails/*", "format \"email\" added").api,
        Level::Patch
    );

    let gone = step("04-email-format-added", "05-options-removed");
    assert_eq!(gone.worst(), Some(Level::Major));
    assert_eq!(
        change(&gone, "/intent_options", "optional property removed").api,
        Level::Major
    );

    assert_eq!(renamed.next_version("0.4.2").as_deref(), Some("0.5.0"));
    assert_eq!(added.next_version("0.4.2").as_deref(), Some("0.4.3"));
    assert_eq!(added.next_version("1.4.2").as_deref(), Some("1.5.0"));
    assert_eq!(renamed.next_version("1.4.2").as_deref(), Some("2.0.0"));
}

#[test]
fn modelled_history_reports() {
    let files = json_files(&history());
    for pair in files.windows(2) {
        let r = report(&pair[0], &pair[1]);
        let name = pair[1].file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("history-{name}"), r.to_text());
        insta::assert_json_snapshot!(format!("history-{name}-json"), r.to_json());
    }
}

/// The real history, read from beside the project (its data is not copied into it).
#[test]
fn upstream_history_reports() {
    let dir = std::env::var_os("PORTAL_UPSTREAM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/upstream/workos-openapi")
        });
    if !dir.is_dir() {
        eprintln!(
            "skipped: no upstream history at {} (set PORTAL_UPSTREAM_DIR)",
            dir.display()
        );
        return;
    }
    let files = json_files(&dir);
    assert!(
        files.len() >= 2,
        "expected the upstream history in {}",
        dir.display()
    );
    let mut verdicts = Vec::new();
    for pair in files.windows(2) {
        let r = report(&pair[0], &pair[1]);
        let (a, b) = (
            pair[0].file_stem().unwrap().to_string_lossy(),
            pair[1].file_stem().unwrap().to_string_lossy(),
        );
        verdicts.push(format!("{a} -> {b}: {}", r.verdict()));
        insta::assert_snapshot!(format!("upstream-{b}"), r.to_text());
    }
    insta::assert_snapshot!("upstream-verdicts", verdicts.join("\n"));
}

/// Checked JSON values: a changed schema keeps the Rust type (a patch-level change whose wire
/// effect the report cannot class, so it says "changed"). A string that becomes nullable changes
/// its Rust type (major) and accepts more (loosened).
#[test]
fn checked_json_values_in_a_diff() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/search_tickets.json");
    let old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut new = old.clone();
    new["inputSchema"]["properties"]["priority"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!("low"));
    new["inputSchema"]["properties"]["query"]["type"] = serde_json::json!(["string", "null"]);
    let r = diff_str(
        &old.to_string(),
        None,
        &new.to_string(),
        None,
        &Default::default(),
    )
    .unwrap();
    insta::assert_snapshot!("checked-json-values", r.to_text());
    assert_eq!(r.worst(), Some(Level::Major));
    let page = change(&r, "/priority", "schema of `Priority` changed");
    assert_eq!((page.api, page.wire), (Level::Patch, Wire::Loosened));
}

/// Object-level checks beside a struct's fields: changing them keeps the struct (patch-level for
/// the API) and changes which requests are valid. The rule only names the place; the witness
/// settles the direction (a dependency added only refuses more).
#[test]
fn object_level_checks_in_a_diff() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invite_user.json");
    let old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut new = old.clone();
    new["inputSchema"]["dependentRequired"]["seats"] = serde_json::json!(["team", "role"]);
    let r = diff_str(
        &old.to_string(),
        None,
        &new.to_string(),
        None,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        r.to_text(),
        "users.invite: no API change: a patch version\n\
         requests: tightened (some requests valid before are now refused)\n\
         release: breaking on the wire: a major version (for a 0.x crate, the minor version)\n\
         \n\
         request:\n\
         - [patch API, wire tightened] (root) (Invite): object-level checks of `Invite` changed from {\"anyOf\":[{\"required\":[\"email\"]},{\"required\":[\"phone\"]}],\"if\":{\"properties\":{\"role\":{\"const\":\"guest\"}},\"required\":[\"role\"]},\"then\":{\"required\":[\"expires_at\"]},\"else\":{\"not\":{\"required\":[\"expires_at\"]}},\"dependentRequired\":{\"seats\":[\"team\"]}} to {\"anyOf\":[{\"required\":[\"email\"]},{\"required\":[\"phone\"]}],\"if\":{\"properties\":{\"role\":{\"const\":\"guest\"}},\"required\":[\"role\"]},\"then\":{\"required\":[\"expires_at\"]},\"else\":{\"not\":{\"required\":[\"expires_at\"]}},\"dependentRequired\":{\"seats\":[\"team\",\"role\"]}}\n  \
         witness: {\"email\":\"a@b.co\",\"seats\":1,\"team\":{\"id\":\"a\"}} valid before, refused now ((root): required)\n"
    );
}
