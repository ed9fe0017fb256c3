//! The integration tests of the portal workspace, in one binary (as cargo's own `tests/testsuite`):
//! one module per concern, sharing the helpers of [`support`] and the fixture bindings of
//! `portal_tests::fixtures`. Linking rmcp, axum, reqwest and jsonschema once instead of once per
//! file is most of the build time of the tests.
//!
//! Two targets stay apart because their build or their process differs: `conformance` (the
//! harness `build.rs` generates from the JSON-Schema-Test-Suite, thousands of modules that need not
//! rebuild with every test edit) and `tracing` (it installs a thread-local subscriber, which races
//! with other threads reaching the same call sites without one: see that file). The trybuild cases
//! are the crate `tests/ui/` (`portal-ui-tests`): trybuild builds each case against every
//! dependency of the crate that runs it, dev-dependencies included, and this crate's would bring
//! the catalogs, the WorkOS bindings and the benchmarks' baselines into each run.

mod support;
use support::{raw_http, rng, sandbox_client};

mod behaviour;
mod catalog_calls;
mod catalog_diff;
mod catalogs;
mod client;
mod diff;
mod differential;
mod drift_connect;
mod fixtures;
mod formats;
mod import;
mod integers;
mod json_schema;
mod keywords;
mod mcp;
mod pattern;
mod pull;
mod reconcile;
mod redirects;
mod rest_binding;
mod robustness;
mod sandbox;
mod serve;
mod size;
mod snapshots;
mod typed_errors;
mod unions;
mod validation;
mod witness;
mod workos_e2e;
mod workos_mcp;
mod workos_rest;
