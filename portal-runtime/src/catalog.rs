//! What a generated catalog tells the program about itself: every tool it was built from, as
//! published and as read (after its patch), so that a client can compare a live server's
//! `tools/list` with the tools this binary was compiled against.

use crate::operation::Method;

/// A whole catalog, as one `catalog!` invocation generates it: its provider facts and its tools,
/// sorted by name.
#[derive(Clone, Copy, Debug)]
pub struct Catalog {
    /// The catalog's name (the provider: `workos`).
    pub name: &'static str,
    /// Its tools, sorted by tool name.
    pub tools: &'static [CatalogTool],
}

impl Catalog {
    /// The tool named `name`, if the catalog has it.
    pub fn tool(&self, name: &str) -> Option<&'static CatalogTool> {
        self.tools
            .binary_search_by(|t| t.name.cmp(name))
            .ok()
            .map(|i| &self.tools[i])
    }
}

/// One tool of a [`Catalog`].
#[derive(Clone, Copy, Debug)]
pub struct CatalogTool {
    /// The MCP tool name (`portal.generate_link.create`).
    pub name: &'static str,
    /// The tool's description as published (what a model reads).
    pub description: &'static str,
    /// The path of the generated module, from the catalog's root (`portal_generate_link_create`).
    pub module: &'static str,
    /// The REST binding's method, when the tool has one.
    pub method: Option<Method>,
    /// The REST binding's path template (`/organizations/{id}`), when the tool has one.
    pub path: Option<&'static str>,
    /// Lowercase hex SHA-256 of the patched tool as compact JSON (keys in file order): what the
    /// generated types were made from.
    pub fingerprint: &'static str,
    /// The tool exactly as published (the checked-in file before its patch), as JSON text.
    pub published: &'static str,
}

/// What a generated catalog's `visit` calls once per tool with a REST binding, with the tool's
/// request type: the way to act on every tool with its types (serve them, list their schemas,
/// call each one) without naming each.
///
/// With the `schemars` feature the request and output types also report their schemas.
///
/// The types are `Send + Sync` (every generated type is): a visitor that serves or calls the
/// tools asynchronously holds the request across an `.await` inside futures a multi-threaded
/// server or runtime must be able to move between threads.
#[cfg(feature = "schemars")]
pub trait Visit {
    /// One tool: `O` is its request type, `tool` its entry in the catalog.
    fn tool<O>(&mut self, tool: &'static CatalogTool)
    where
        O: crate::Operation + crate::FromJson + schemars::JsonSchema + Send + Sync + 'static,
        O::Output: serde::Serialize + schemars::JsonSchema + Send + 'static;

    /// A list tool (one with [`Paginated`](crate::Paginated)), called right after
    /// [`tool`](Self::tool) for it, with the same request type: what follows its pages needs the
    /// bound that `tool` cannot state for every tool. Does nothing unless implemented.
    fn paginated<O>(&mut self, tool: &'static CatalogTool)
    where
        O: crate::Paginated + crate::FromJson + schemars::JsonSchema + Send + Sync + 'static,
        O::Output: serde::Serialize + schemars::JsonSchema + Send + 'static,
        O::Item: serde::Serialize + Send + 'static,
    {
        let _ = tool;
    }
}

/// What a generated catalog's `visit` calls once per tool with a REST binding, with the tool's
/// request type: the way to act on every tool with its types (serve them, call each one)
/// without naming each.
#[cfg(not(feature = "schemars"))]
pub trait Visit {
    /// One tool: `O` is its request type, `tool` its entry in the catalog.
    fn tool<O>(&mut self, tool: &'static CatalogTool)
    where
        O: crate::Operation + crate::FromJson + Send + Sync + 'static,
        O::Output: serde::Serialize + Send + 'static;

    /// A list tool (one with [`Paginated`](crate::Paginated)), called right after
    /// [`tool`](Self::tool) for it, with the same request type: what follows its pages needs the
    /// bound that `tool` cannot state for every tool. Does nothing unless implemented.
    fn paginated<O>(&mut self, tool: &'static CatalogTool)
    where
        O: crate::Paginated + crate::FromJson + Send + Sync + 'static,
        O::Output: serde::Serialize + Send + 'static,
        O::Item: serde::Serialize + Send + 'static,
    {
        let _ = tool;
    }
}
