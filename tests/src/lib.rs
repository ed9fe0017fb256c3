//! Integration tests, benchmarks and examples of the portal workspace (not published).
//!
//! The library holds what the examples and tests share: [`serve`], an MCP server for the WorkOS
//! tool built on the official Rust SDK (`rmcp`), forwarding to the REST API; and the bindings of
//! three fixture tools whose schemas need the general form, so that `cargo doc` with `-D warnings`
//! checks the documentation generated for it.

pub mod serve;

/// `tests/fixtures/search_tickets.json` (draft-07): a list of types, a mixed enum, `uniqueItems`,
/// `patternProperties`, `anyOf`, a tuple and a recursive `oneOf`.
pub mod search_tickets {
    portal_macros::tool! { schema: "fixtures/search_tickets.json", name: Search }
}

/// `tests/fixtures/invite_user.json`: a struct with object-level `anyOf`, `if`/`then`/`else` and
/// `dependentRequired`, checked beside its fields.
pub mod invite_user {
    portal_macros::tool! { schema: "fixtures/invite_user.json", name: Invite }
}

/// `tests/fixtures/deploy_service.json` (2020-12): `prefixItems`, `propertyNames`, `oneOf` with a
/// `const` object and a `not`, `dependentRequired`, `if`/`then`.
pub mod deploy_service {
    portal_macros::tool! { schema: "fixtures/deploy_service.json", name: Deploy }
}

/// A plain reqwest client, for tests that talk HTTP without the portal client.
///
/// The workspace build turns on portal-runtime's `rustls` feature, which builds reqwest with rustls
/// but without a default crypto provider; building any reqwest client then needs a process-wide
/// provider, so one is installed first (installing it twice is harmless).
pub fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
