//! The runtime that portal-generated bindings plug into.
//!
//! Generated types implement [`Validate`], [`FromValue`] and (through a blanket impl) [`FromJson`];
//! a tool's root type also implements [`Operation`], which names the tool, its HTTP binding and its
//! output type. The WorkOS Admin Portal bindings are generated from the checked-in schema into
//! [`workos`] (feature `workos`, on by default).
//!
//! ```
//! use portal_runtime::prelude::*;
//! use portal_runtime::workos::{GenerateLink, Intent};
//!
//! let request = GenerateLink::builder()
//!     .organization("org_01EHZNVPK3SFK441A1RGBFSHRT")
//!     .intent(Intent::Sso)
//!     .build();
//! assert!(request.validate().is_ok());
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"intent":"sso","organization":"org_01EHZNVPK3SFK441A1RGBFSHRT"}"#
//! );
//!
//! let errors = GenerateLink::from_json(r#"{"intent": "bogus"}"#).unwrap_err();
//! assert_eq!(errors.to_string(), "2 violations\n  /intent: expected one of \"sso\", \"dsync\", \"audit_logs\", \"log_streams\", \"domain_verification\", \"certificate_renewal\", \"bring_your_own_key\", found \"bogus\" (enum)\n  /organization: expected a value, found none (required)");
//! ```
#![deny(missing_docs)]

pub mod check;
#[cfg(feature = "client")]
pub mod client;
pub mod de;
pub mod error;
pub mod format;
#[cfg(feature = "client")]
mod http;
pub mod instance;
pub mod json_schema;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod nullable;
pub mod operation;
pub mod pattern;
#[cfg(any(feature = "client", feature = "sandbox"))]
mod random;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod validate;

#[cfg(feature = "workos")]
pub mod workos;
extern crate self as portal_runtime;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, RetryPolicy};
pub use error::{ApiError, DecodeError, Error, FieldError, ProtocolError, ToolError};
#[cfg(feature = "mcp")]
pub use mcp::{Era, McpClient, McpClientBuilder, Tool, ToolResult};
pub use nullable::Nullable;
pub use operation::{Method, Operation};
pub use validate::{FromJson, FromValue, Path, UnknownValue, Validate, Violation, Violations};

/// The traits a user of generated types needs in scope.
pub mod prelude {
    pub use crate::operation::Operation;
    pub use crate::validate::{FromJson, Validate};
}

/// Paths used by generated code. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::pattern::Pattern;
    pub use ::bon;
    #[cfg(feature = "schemars")]
    pub use ::schemars;
    pub use ::serde;
    pub use ::serde_json;
    pub use ::std::borrow::Cow;
    pub use ::std::boxed::Box;
    pub use ::std::clone::Clone;
    pub use ::std::cmp::{Eq, PartialEq};
    pub use ::std::convert::From;
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
