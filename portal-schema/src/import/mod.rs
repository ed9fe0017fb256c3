//! Tools from other descriptions of an API.
//!
//! [`openapi`](openapi()) turns an OpenAPI 3.0 or 3.1 document (as JSON: a YAML document is read
//! into a [`serde_json::Value`] by the caller) into one MCP Tool object per operation, each with
//! its HTTP binding (`x-http`), ready to be written into a catalog folder with
//! [`catalog::tool_path`](crate::catalog::tool_path) and [`catalog::tool_text`](crate::catalog::tool_text).

mod binding;
mod naming;
pub mod openapi;
mod schema;
#[cfg(test)]
mod tests;

pub use openapi::openapi;

/// A problem in the imported document: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The JSON Pointer into the document.
    pub pointer: String,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "openapi error at {}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for ImportError {}

/// One JSON Pointer token, escaped (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// One JSON Pointer token, unescaped.
pub(crate) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
