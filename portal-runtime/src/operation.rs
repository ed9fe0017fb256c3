//! What a generated request type tells a transport: which tool it is, where it goes over HTTP,
//! and what comes back.

use crate::validate::{FromValue, Validate};

/// The HTTP method of an operation's REST binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as it appears on the request line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request type generated from an MCP tool schema: its tool name, its HTTP binding and its
/// output type. Implemented by the generated root type of every tool with an `x-http` binding.
pub trait Operation: serde::Serialize + Validate {
    /// The MCP tool name (`portal.generate_link.create`).
    const TOOL: &'static str;
    /// The HTTP method of the REST binding.
    const METHOD: Method;
    /// The path of the REST binding, relative to the API's base URL (`/portal/generate_link`).
    const PATH: &'static str;
    /// Properties sent as MCP `Mcp-Param-*` headers: `(property name, header suffix)`.
    const MCP_HEADERS: &'static [(&'static str, &'static str)] = &[];
    /// What a successful call returns, generated from the tool's `outputSchema`.
    type Output: serde::de::DeserializeOwned + FromValue + Validate;
}
