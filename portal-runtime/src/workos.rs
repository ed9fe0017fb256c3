//! Bindings for WorkOS's `portal.generate_link.create` tool (`POST /portal/generate_link`),
//! generated at build time from `schemas/workos/portal.generate_link.create.json` and the reviewed
//! corrections in `schemas/workos/portal.generate_link.create.patch.json`.

portal_macros::tool! {
    schema: "schemas/workos/portal.generate_link.create.json",
    patch: "schemas/workos/portal.generate_link.create.patch.json",
    name: GenerateLink,
}
