//! The test catalog `catalogs/acme` expanded with `catalog!`: four tools (one read from a
//! `tools/list` result file), three sharing the `Organization` and `Domain` definitions, which
//! are generated once in `acme::types`.

portal_macros::catalog!(dir = "catalogs/acme");

/// The first 60 tools of the synthetic catalog (`catalogs/synthetic-60`, written by
/// `scripts/synthetic-catalog.py`): CRUD and actions over realistic resources, each tool with
/// an example request and answer, served and called whole by the catalog tests.
pub mod synthetic_60 {
    portal_macros::catalog!(dir = "catalogs/synthetic-60");
}
