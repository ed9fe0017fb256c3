//! The runtime that portal-generated bindings plug into.
//!
//! Generated types implement [`Validate`], [`FromValue`] and (through a blanket impl) [`FromJson`];
//! a tool's root type also implements [`Operation`], which names the tool, its HTTP binding and its
//! output type. The [`client`] sends any [`Operation`] over REST and the `mcp` client (feature
//! `mcp`) over MCP; neither knows a provider: the base URL, the key and where they come from are
//! the caller's (a provider's crate, such as `portal-workos`, supplies its defaults).
//!
//! The bindings themselves live in the crates that invoke `portal_macros::tool!`: this crate
//! never depends on the generator, so none of it reaches a binary that uses the bindings.
//!
//! ```
//! # #[cfg(feature = "client")] {
//! use portal_runtime::{Client, Error, Violation, Violations};
//!
//! // No provider is assumed: without a base URL there is no client.
//! let error = Client::builder().api_key("sk_test_1").build().unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "configuration error: no base URL: set one with ClientBuilder::base_url (the runtime has no default host)"
//! );
//! let client = Client::new("https://api.example.com/", "sk_test_1").unwrap();
//! assert_eq!(client.base_url(), "https://api.example.com");
//!
//! // What a generated `validate` returns: every violation, each at its JSON Pointer.
//! let violations = Violations(vec![Violation {
//!     pointer: "/admin_emails".to_owned(),
//!     keyword: "maxItems",
//!     expected: "at most 20 items".to_owned(),
//!     found: "21".to_owned(),
//! }]);
//! assert_eq!(
//!     Error::from(violations).to_string(),
//!     "invalid request: 1 violation\n  /admin_emails: expected at most 20 items, found 21 (maxItems)"
//! );
//! # }
//! ```
#![deny(missing_docs)]

mod builder;
pub mod catalog;
mod check;
#[cfg(feature = "client")]
pub mod client;
mod de;
pub mod error;
mod format;
#[cfg(feature = "client")]
mod http;
mod instance;
mod json_schema;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod nullable;
pub mod operation;
#[cfg(feature = "client")]
pub mod paginate;
pub mod pattern;
#[cfg(feature = "client")]
mod random;
mod structure;
mod union;
mod validate;

pub use catalog::{Catalog, CatalogTool, Visit};
#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, RetryPolicy};
pub use de::StrictValue;
pub use error::{ApiError, DecodeError, Error, FieldError, ProtocolError, ToolError};
#[cfg(feature = "mcp")]
pub use mcp::{Era, McpClient, McpClientBuilder, Tool, ToolResult};
pub use nullable::Nullable;
pub use operation::{
    DocumentedErrors, Empty, Fallible, Method, NoDocumentedErrors, Operation, Paginated, QueryStyle,
};
pub use validate::{FromJson, FromValue, Path, UnknownValue, Validate, Violation, Violations};

/// The traits a user of generated types needs in scope.
pub mod prelude {
    pub use crate::operation::{Operation, Paginated};
    pub use crate::validate::{FromJson, Validate};
}

/// Everything generated code calls, and nothing else: not a stable API.
///
/// The name carries the version of the contract between the generator and this crate, as serde's
/// `__private` does: a `tool!` expansion names `__private_v1`, so bindings generated for another
/// version of the contract fail to compile against this runtime instead of calling helpers whose
/// meaning changed. Bump the suffix with any change a generator of the previous version would
/// misuse (a helper removed or whose arguments changed meaning, a new `Format`).
#[doc(hidden)]
pub mod __private_v1 {
    pub use crate::__builder as impl_builder;
    pub use crate::__check_pattern as check_pattern;
    pub use crate::__impl_str_enum as impl_str_enum;
    pub use crate::__impl_struct as impl_struct;
    pub use crate::__json_schema_impl as json_schema_impl;
    pub use crate::__json_schema_source as json_schema_source;
    pub use crate::catalog::{Catalog, CatalogTool, Visit};
    pub use crate::check::Format;
    pub use crate::nullable::Nullable;
    pub use crate::operation::{
        DocumentedErrors, Empty, Fallible, Method, NoDocumentedErrors, Operation, Paginated,
        QueryStyle,
    };
    pub use crate::pattern::Pattern;
    pub use crate::validate::{FromJson, FromValue, Path, UnknownValue, Validate, Violations};

    /// The states of a builder's required members.
    pub mod builder {
        pub use crate::builder::*;
    }
    /// Checks of typed values (strings, numbers, lists).
    pub mod check {
        pub use crate::check::*;
    }
    /// The hand-written `Deserialize` building blocks.
    pub mod de {
        pub use crate::de::*;
    }
    /// The format grammars.
    pub mod format {
        pub use crate::format::*;
    }
    /// Checks of JSON values.
    pub mod instance {
        pub use crate::instance::*;
    }
    /// Telling the branches of a union apart.
    pub mod union {
        pub use crate::union::*;
    }
    /// Decoding a `serde_json::Value` with every violation listed.
    pub mod validate {
        pub use crate::validate::*;
    }
    #[cfg(feature = "schemars")]
    pub use crate::json_schema::Source as JsonSchemaSource;
    #[cfg(feature = "schemars")]
    pub use crate::json_schema::from_source as json_schema_from_source;
    #[cfg(feature = "schemars")]
    pub use ::schemars;
    pub use ::serde;
    pub use ::serde_json;
    pub use ::std::borrow::Cow;
    pub use ::std::boxed::Box;
    pub use ::std::clone::Clone;
    pub use ::std::cmp::{Eq, PartialEq};
    pub use ::std::convert::{From, Into};
    pub use ::std::default::Default;
    pub use ::std::fmt;
    pub use ::std::hash::Hash;
    pub use ::std::iter::{IntoIterator, Iterator};
    pub use ::std::option::Option::{self, None, Some};
    pub use ::std::result::Result::{self, Err, Ok};
    pub use ::std::str::FromStr;
    pub use ::std::string::{String, ToString};
    pub use ::std::sync::LazyLock;
    pub use ::std::vec::Vec;
    pub use ::std::write;
}
