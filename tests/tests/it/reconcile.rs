//! The tools as WorkOS's MCP server publishes them, against the same operations imported from
//! WorkOS's OpenAPI document (`portal-workos/schemas/api`): what `portal diff` reports is the
//! upstream history since the tool was published, plus the facts the server's converter drops.

use portal_schema::diff::diff_str;
use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../portal-workos/schemas")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn report(old: &str, old_patch: Option<&str>, new: &str, new_patch: Option<&str>) -> String {
    let old_patch = old_patch.map(read);
    let new_patch = new_patch.map(read);
    diff_str(
        &read(old),
        old_patch.as_deref(),
        &read(new),
        new_patch.as_deref(),
        &Default::default(),
    )
    .unwrap()
    .to_text()
}

/// The seed as published against its import, neither patched (what the two sources state): the rename of 2026-04-27
/// (`admin_emails` → `it_contact_emails`) and that release's `intent_options` changes, the
/// `required` our patch restored by hand now stated by the document, and what the converter
/// drops (descriptions beside a `$ref`, `const`, the binding, the output).
#[test]
fn the_published_portal_link_against_its_import() {
    insta::assert_snapshot!(
        "published-portal-link",
        report(
            "workos/portal.generate_link.create.json",
            None,
            "api/portal.generate_link.create.json",
            None,
        )
    );
}

/// Both with their patches: the `required`, `maxItems` and binding our patch restored by hand
/// are no longer differences (the document states them), leaving the upstream history, the
/// facts the converter dropped, and the output type's name (the document's `PortalLinkResponse`
/// where our patch titled it `PortalLink`).
#[test]
fn the_patched_portal_link_against_its_patched_import() {
    insta::assert_snapshot!(
        "patched-portal-link",
        report(
            "workos/portal.generate_link.create.json",
            Some("workos/portal.generate_link.create.patch.json"),
            "api/portal.generate_link.create.json",
            Some("api/portal.generate_link.create.patch.json"),
        )
    );
}

/// `organizations.create` as published (the JSON) against its import: on the wire,
/// tightenings only (`required: ["name"]`, `maxLength: 128`, and `metadata`'s `maxProperties:
/// 50` with its key and value lengths, which make it a checked JSON value). `metadata` stays
/// nullable on the wire (`type: ["object", "null"]` on both sides), and the checked value's
/// schema says so: no "no longer nullable" line, only the map's new checks, each witness
/// refused at its own place.
#[test]
fn the_published_organizations_create_against_its_import() {
    let text = report(
        "published/organizations.create.json",
        None,
        "api/organizations.create.json",
        None,
    );
    assert!(!text.contains("nullable"), "{text}");
    assert!(
        text.contains(
            "- [major API, wire tightened] /metadata (Organizations::metadata): type changed from object (map) to a generated type\n  \
             witness: {\"name\":\"a\",\"metadata\":{\"a\":null}} valid before, refused now (/metadata/a: type)\n"
        ),
        "{text}"
    );
    insta::assert_snapshot!("published-organizations-create", text);
}
