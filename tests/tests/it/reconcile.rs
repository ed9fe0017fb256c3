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
    assert_eq!(
        report(
            "workos/portal.generate_link.create.json",
            None,
            "api/portal.generate_link.create.json",
            None,
        ),
        "\
portal.generate_link.create: breaking: a major version (for a 0.x crate, the minor version)
requests: changed (some requests valid before are now refused, others newly accepted)

tool:
- [major API, wire changed] (root): REST binding changed from none to POST /portal/generate_link

request:
- [major API, wire tightened] /admin_emails (GenerateLink::admin_emails): optional property removed: the field and its builder setter are gone, and a request that sets it is outside the contract
- [major API, wire tightened] /organization (GenerateLink::organization): now required: the field is no longer an `Option`, and the builder requires it
- [patch API, wire unchanged] /intent_options (GenerateLink::intent_options): description changed
- [major API, wire loosened] /intent_options/sso (IntentOptions::sso): no longer required: the field becomes an `Option`
- [patch API, wire unchanged] /intent_options/sso (IntentOptions::sso): description changed
- [major API, wire changed] /intent_options/sso/provider_type (SsoIntentOptions::provider_type): type changed from string to a generated type
- [minor API, wire loosened] /intent_options/domain_verification (IntentOptions::domain_verification): optional property added (a new field and builder setter)
- [minor API, wire loosened] /it_contact_emails (GenerateLink::it_contact_emails): optional property added (a new field and builder setter); it looks like \"admin_emails\" renamed

response:
- [major API, wire tightened] (root): output schema added: `Operation::Output` is now a generated type
"
    );
}

/// Both with their patches: the `required`, `maxItems` and binding our patch restored by hand
/// are no longer differences (the document states them), leaving the upstream history, the
/// facts the converter dropped, and the output type's name (the document's `PortalLinkResponse`
/// where our patch titled it `PortalLink`).
#[test]
fn the_patched_portal_link_against_its_patched_import() {
    assert_eq!(
        report(
            "workos/portal.generate_link.create.json",
            Some("workos/portal.generate_link.create.patch.json"),
            "api/portal.generate_link.create.json",
            Some("api/portal.generate_link.create.patch.json"),
        ),
        "\
portal.generate_link.create: breaking: a major version (for a 0.x crate, the minor version)
requests: changed (some requests valid before are now refused, others newly accepted)

request:
- [major API, wire tightened] /admin_emails (GenerateLink::admin_emails): optional property removed: the field and its builder setter are gone, and a request that sets it is outside the contract
- [patch API, wire unchanged] /intent_options (GenerateLink::intent_options): description changed
- [major API, wire loosened] /intent_options/sso (IntentOptions::sso): no longer required: the field becomes an `Option`
- [patch API, wire unchanged] /intent_options/sso (IntentOptions::sso): description changed
- [major API, wire changed] /intent_options/sso/provider_type (SsoIntentOptions::provider_type): type changed from string to a generated type
- [minor API, wire loosened] /intent_options/domain_verification (IntentOptions::domain_verification): optional property added (a new field and builder setter)
- [minor API, wire loosened] /it_contact_emails (GenerateLink::it_contact_emails): optional property added (a new field and builder setter); it looks like \"admin_emails\" renamed

response:
- [major API, wire unchanged] (root) (PortalLinkResponse): type `PortalLink` renamed to `PortalLinkResponse`
- [patch API, wire unchanged] /link (PortalLinkResponse::link): description changed
"
    );
}

/// `organizations.create` as published (the JSON) against its import: on the wire,
/// tightenings only (`required: ["name"]`, `maxLength: 128`, and `metadata`'s `maxProperties:
/// 50` with its key and value lengths, which make it a checked JSON value). `metadata` stays
/// nullable on the wire (`type: ["object", "null"]` on both sides); the report's "no longer
/// nullable" speaks of the Rust type, which moves from `Nullable<Map>` to the checked value.
#[test]
fn the_published_organizations_create_against_its_import() {
    assert_eq!(
        report(
            "published/organizations.create.json",
            None,
            "api/organizations.create.json",
            None,
        ),
        "\
organizations.create: breaking: a major version (for a 0.x crate, the minor version)
requests: changed (some requests valid before are now refused, others newly accepted)

tool:
- [major API, wire changed] (root): REST binding changed from none to POST /organizations

request:
- [major API, wire tightened] /name (Organizations::name): now required: the field is no longer an `Option`, and the builder requires it
- [major API, wire tightened] /metadata (Organizations::metadata): no longer nullable (`Nullable<T>` became `T`)
- [major API, wire changed] /metadata (Organizations::metadata): type changed from object (map) to a generated type
- [major API, wire unchanged] /domain_data/* (OrganizationDomainDataDto): type `DomainDataItem` renamed to `OrganizationDomainDataDto`
- [major API, wire unchanged] /domain_data/*/state (StateOrganizationDomainDataDto): type `StateDomainDataItem` renamed to `StateOrganizationDomainDataDto`
- [patch API, wire tightened] /external_id (Organizations::external_id): maxLength 128 added

response:
- [major API, wire tightened] (root): output schema added: `Operation::Output` is now a generated type
"
    );
}
