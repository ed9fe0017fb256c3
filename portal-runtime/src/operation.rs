//! What a generated request type tells a transport: which tool it is, where it goes over HTTP,
//! and what comes back.

use crate::validate::{FromValue, Path, Validate, Violation, Violations, json_type};

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

/// How a query parameter is written, with OpenAPI's names for its `style` and `explode`.
///
/// `null` and absent values are left out. Strings are sent as they are; booleans and numbers as
/// their JSON text. Every name and value is percent-encoded as `application/x-www-form-urlencoded`
/// encodes it (a space as `+`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueryStyle {
    /// `style: form`. A value is `k=v`; an array is `k=a&k=b` when exploded, else `k=a,b`; an
    /// object is `a=1&b=2` when exploded, else `k=a,1,b,2`.
    Form {
        /// OpenAPI's `explode` (true by default for `form`).
        explode: bool,
    },
    /// `style: spaceDelimited`: an array, `k=a%20b` (repeated as `form` when exploded).
    SpaceDelimited {
        /// OpenAPI's `explode`.
        explode: bool,
    },
    /// `style: pipeDelimited`: an array, `k=a|b` (repeated as `form` when exploded).
    PipeDelimited {
        /// OpenAPI's `explode`.
        explode: bool,
    },
    /// `style: deepObject`: an object, `k[a]=1&k[b][c]=2`, arrays inside it as `k[a][]=x`.
    DeepObject,
}

impl QueryStyle {
    /// OpenAPI's default: `form`, exploded.
    pub const DEFAULT: QueryStyle = QueryStyle::Form { explode: true };
}

/// A request type generated from an MCP tool schema: its tool name, its HTTP binding and its
/// output type. Implemented by the generated root type of every tool with an `x-http` binding.
///
/// Where each property goes: a `{name}` of [`PATH`](Self::PATH) takes the property `name`; the
/// properties of [`QUERY`](Self::QUERY) go in the query string; every other property goes in the
/// JSON body, except on `GET` and `DELETE`, which have no body and send them in the query string
/// as [`QueryStyle::DEFAULT`]. The MCP client sends every property as the tool's `arguments`.
pub trait Operation: serde::Serialize + Validate {
    /// The MCP tool name (`portal.generate_link.create`).
    const TOOL: &'static str;
    /// The HTTP method of the REST binding.
    const METHOD: Method;
    /// The path of the REST binding, relative to the API's base URL (`/portal/generate_link`).
    /// Each `{name}` takes the property `name`, percent-encoded as one segment.
    const PATH: &'static str;
    /// The properties that fill the `{name}` segments of [`PATH`](Self::PATH), in path order.
    const PATH_PARAMS: &'static [&'static str] = &[];
    /// The properties sent in the query string, each with its style, in the order sent.
    const QUERY: &'static [(&'static str, QueryStyle)] = &[];
    /// The documented success status (`201`, `204`), when the binding states one. What the
    /// documentation says, not a check: the client takes any 2xx as a success, since a server
    /// answering `200` where `201` is documented has still done what was asked.
    const SUCCESS: Option<u16> = None;
    /// Properties sent as MCP `Mcp-Param-*` headers: `(property name, header suffix)`.
    const MCP_HEADERS: &'static [(&'static str, &'static str)] = &[];
    /// What a successful call returns, generated from the tool's `outputSchema` ([`Empty`] for a
    /// tool that answers `204 No Content`).
    type Output: serde::de::DeserializeOwned + FromValue + Validate;
}

/// The error answers an operation's binding documents (`x-http.errors`), decoded by their schemas.
///
/// Generated for every tool whose binding documents errors, as an enum named after the request
/// type (`CreateOrganizationError`) with a variant per documented status (`BadRequest`,
/// `NotFound`, ...). A status range (`4XX`, `5XX`) or `default` of the binding answers the
/// statuses no exact entry names, as OpenAPI reads them; only exact statuses are in
/// [`STATUSES`](Self::STATUSES).
pub trait DocumentedErrors: Sized + std::fmt::Debug {
    /// The documented statuses, ascending.
    const STATUSES: &'static [u16];
    /// Decodes an error answer's JSON body by the schema documented for `status`: `None` when
    /// `status` is not documented, `Some(Err(violations))` when the body breaks that schema.
    fn decode(status: u16, body: &serde_json::Value) -> Option<Result<Self, Violations>>;
}

/// Implemented by the generated request type of every tool with an `x-http` binding.
pub trait Fallible: Operation {
    /// The documented error answers ([`NoDocumentedErrors`] when the binding documents none).
    type Errors: DocumentedErrors;
}

/// For operations that document no error answer: `STATUSES` is empty, `decode` gives `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoDocumentedErrors {}

impl DocumentedErrors for NoDocumentedErrors {
    const STATUSES: &'static [u16] = &[];

    fn decode(_: u16, _: &serde_json::Value) -> Option<Result<Self, Violations>> {
        None
    }
}

/// A list operation: each answer is one page of items and the cursor of the next page, which the
/// next request takes. Generated for tools whose `x-http` has `paginated`; what
/// `Client::paginate` (feature `client`) follows.
pub trait Paginated: Operation + Clone {
    /// One item of a page.
    type Item;
    /// The input property that takes the cursor (`after`).
    const CURSOR: &'static str;
    /// The JSON Pointer of the page's items in the output (`/data`).
    const ITEMS: &'static str;
    /// The JSON Pointer of the next page's cursor in the output (`/list_metadata/after`).
    const NEXT: &'static str;
    /// The page's items, taken out of the output.
    fn items(output: Self::Output) -> Vec<Self::Item>;
    /// The cursor of the next page; `None` (or an empty cursor) on the last page.
    fn next_cursor(output: &Self::Output) -> Option<&str>;
    /// Sets the cursor property of this request.
    fn set_cursor(&mut self, cursor: String);
}

/// The output of an operation that answers with no content (`204`): it decodes from an empty
/// body (or JSON `null`) and from nothing else.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Empty;

impl serde::Serialize for Empty {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> serde::Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <()>::deserialize(deserializer).map(|()| Empty)
    }
}

impl FromValue for Empty {
    fn from_value_at(
        value: &serde_json::Value,
        at: &Path<'_>,
        out: &mut Violations,
    ) -> Option<Self> {
        if value.is_null() {
            return Some(Empty);
        }
        out.push(Violation::new(at, "type", "no content", json_type(value)));
        None
    }
}

impl Validate for Empty {
    fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
}

/// No content, as JSON Schema says it: what an empty answer decodes from is `null`.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Empty {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Empty".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "null"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FromJson;

    #[test]
    fn empty_decodes_from_null_only() {
        assert_eq!(Empty::from_json("null"), Ok(Empty));
        assert_eq!(
            Empty::from_json("{}").unwrap_err().to_string(),
            "1 violation\n  (root): expected no content, found object (type)"
        );
        assert_eq!(serde_json::to_string(&Empty).unwrap(), "null");
    }
}
