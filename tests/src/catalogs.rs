//! The test catalog `catalogs/acme` expanded with `catalog!`: four tools (one read from a
//! `tools/list` result file), three sharing the `Organization` and `Domain` definitions, which
//! are generated once in `acme::types`.

portal_macros::catalog!(dir = "catalogs/acme");
