//! Helpers shared by the modules of the test binary (and `tracing.rs`, which includes
//! `sandbox_client` by path).

pub mod raw_http;
pub mod recorder;
pub mod rng;
pub mod sandbox_client;
pub mod temp_catalog;

pub use recorder::{Recorder, Seen};
pub use temp_catalog::TempCatalog;
