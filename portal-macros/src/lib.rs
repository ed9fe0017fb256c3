//! `tool!`: generate typed, validated bindings for an MCP tool schema at build time.
//!
//! ```
//! portal_macros::tool! {
//!     schema: "doc/greet.tool.json",
//!     name: Greeting,
//! }
//!
//! use portal_runtime::prelude::*;
//! let g = Greeting::builder().to("ada@example.com").text("hello").build();
//! assert_eq!(serde_json::to_string(&g).unwrap(), r#"{"to":"ada@example.com","text":"hello"}"#);
//! let errors = Greeting::from_json(r#"{"to": "nobody", "text": "a greeting far too long"}"#).unwrap_err();
//! assert_eq!(
//!     errors.to_string(),
//!     "2 violations\n  /to: expected an email address (format \"email\"), found \"nobody\" (format)\n  /text: expected at most 20 characters, found 23 (maxLength)"
//! );
//! ```
//!
//! Arguments, in this order, separated by commas:
//! - `schema: "path"`: the tool file, an MCP Tool object (`name`, `description`, `inputSchema`,
//!   optional `outputSchema`) or a bare JSON Schema; required.
//! - `patch: "path"`: an RFC 7396 JSON Merge Patch applied over the Tool object; optional.
//! - `refs: { "http://localhost:1234/": "path/to/folder", ... }`: where other documents named by
//!   `$ref` are read: a `$ref` to a URI under one of the prefixes reads the file at the rest of
//!   the URI under the folder (never fetched), bundled into the tool's schema; each file read is
//!   tracked like the schema. A `$ref` to a document no prefix maps is a schema error; optional.
//! - `name: Ident`: the root type's name; by default derived from the tool name
//!   (`portal.generate_link.create` → `GenerateLink`).
//! - `crate = path`: the path of the `portal-runtime` crate, `::portal_runtime` by default; for a
//!   crate that depends on the runtime under another name or through a re-export
//!   (`crate = ::my_runtime`), or for bindings generated inside the runtime itself (`crate = crate`).
//! - `formats = "assert" | "annotate"`: what the bindings do with a `format` of the format
//!   vocabulary (`date-time`, `email`, `ipv4`...). `"assert"`, the default, checks it, so a
//!   malformed value is caught before it is sent; `"annotate"` only states it in the field's docs,
//!   as JSON Schema's format-annotation vocabulary does by default. A format no vocabulary defines
//!   (`int32`, `password`, `x-...`) is an annotation either way.
//!
//! Paths are relative to the invoking crate's directory (`CARGO_MANIFEST_DIR`); when the file is
//! not there (as under trybuild, which builds from a copy of the manifest elsewhere), the crate is
//! found as the nearest directory holding a `Cargo.toml` above the invoking source file. Absolute
//! paths are refused, so a build never depends on where a checkout lives. Both files are tracked
//! with `include_bytes!`, so editing either rebuilds the bindings.
//!
//! A broken schema is a compile error on the path literal, naming the file and the JSON Pointer
//! (`schema error at /inputSchema/properties/intent/enum/3: duplicate enum value "sso"`); every
//! problem is reported at once, and a placeholder root type is emitted (named as the real one
//! would be, with the traits, builder and setters code calls on it) so that one mistake gives
//! its errors and no cascade where the type is used.
//!
//! The logic lives in `portal-schema`; this crate only reads the input, finds the files and maps
//! errors to spans.

mod catalog;
mod fallback;

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use std::path::{Path, PathBuf};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

struct Input {
    schema: LitStr,
    patch: Option<LitStr>,
    /// `refs`: URI prefix → folder.
    refs: Option<Vec<(LitStr, LitStr)>>,
    name: Option<Ident>,
    runtime: Option<syn::Path>,
    formats: Option<(LitStr, portal_schema::Formats)>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut schema = None;
        let mut patch = None;
        let mut refs = None;
        let mut name = None;
        let mut runtime: Option<syn::Path> = None;
        let mut formats = None;
        while !input.is_empty() {
            if input.peek(Token![crate]) {
                let key = input.parse::<Token![crate]>()?;
                input.parse::<Token![=]>()?;
                if runtime.is_some() {
                    return Err(syn::Error::new(key.span, "`crate` is given twice"));
                }
                runtime = Some(input.parse()?);
                if input.is_empty() {
                    break;
                }
                input.parse::<Token![,]>()?;
                continue;
            }
            let key: Ident = input.parse()?;
            if key == "formats" {
                input.parse::<Token![=]>()?;
                let lit: LitStr = input.parse()?;
                if formats.is_some() {
                    return Err(syn::Error::new(key.span(), "`formats` is given twice"));
                }
                let mode = lit
                    .value()
                    .parse::<portal_schema::Formats>()
                    .map_err(|e| syn::Error::new(lit.span(), e))?;
                formats = Some((lit, mode));
                if input.is_empty() {
                    break;
                }
                input.parse::<Token![,]>()?;
                continue;
            }
            input.parse::<Token![:]>()?;
            match key.to_string().as_str() {
                "schema" if schema.is_none() => schema = Some(input.parse()?),
                "patch" if patch.is_none() => patch = Some(input.parse()?),
                "name" if name.is_none() => name = Some(input.parse()?),
                "refs" if refs.is_none() => refs = Some(parse_refs(input)?),
                "schema" | "patch" | "name" | "refs" => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("`{key}` is given twice"),
                    ));
                }
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{key}`: expected `schema`, `patch`, `refs`, `name`, `crate` or `formats`"
                        ),
                    ));
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        let schema = schema.ok_or_else(|| {
            syn::Error::new(Span::call_site(), "missing `schema: \"path/to/tool.json\"`")
        })?;
        Ok(Input {
            schema,
            patch,
            refs,
            name,
            runtime,
            formats,
        })
    }
}

/// `{ "prefix": "folder", ... }`.
pub(crate) fn parse_refs(input: ParseStream<'_>) -> syn::Result<Vec<(LitStr, LitStr)>> {
    let content;
    syn::braced!(content in input);
    let mut pairs: Vec<(LitStr, LitStr)> = Vec::new();
    while !content.is_empty() {
        let prefix: LitStr = content.parse()?;
        content.parse::<Token![:]>()?;
        let folder: LitStr = content.parse()?;
        if pairs.iter().any(|(p, _)| p.value() == prefix.value()) {
            return Err(syn::Error::new(
                prefix.span(),
                format!("the prefix {:?} is mapped twice", prefix.value()),
            ));
        }
        pairs.push((prefix, folder));
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(pairs)
}

/// Generates the bindings for one MCP tool schema. See the crate docs for the syntax.
#[proc_macro]
pub fn tool(input: TokenStream) -> TokenStream {
    let input = match syn::parse::<Input>(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error().into(),
    };
    expand(&input)
        .unwrap_or_else(|e| {
            let placeholder = placeholder(&input);
            let e = e.to_compile_error();
            quote!(#e #placeholder)
        })
        .into()
}

/// Generates the bindings of every tool of a catalog folder as one module tree.
///
/// ```ignore
/// portal_macros::catalog!(dir = "schemas/acme");
/// // pub mod acme { pub mod types { .. } pub mod organizations_create { .. } .. pub const CATALOG }
/// ```
///
/// Arguments, separated by commas, each `key = value` (or `key: value`):
/// - `dir = "path"`: the catalog folder (`portal_schema::catalog::dir`: a `<tool>.json` per tool,
///   `<tool>.patch.json` beside it, `catalog.json`, `tools/list` result files), relative to the
///   crate's directory as `tool!`'s paths are; required.
/// - `module = name`: the module the catalog expands to; by default its name (`catalog.json`'s
///   `name`, else the folder's) in `snake_case`.
/// - `crate = path`, `formats = "assert" | "annotate"`, `refs = { "prefix": "folder", .. }`: as for
///   `tool!`, for every tool.
///
/// The module holds a module per tool (the tool name in `snake_case`: `organizations.create` →
/// `organizations_create`, or the `x-rust-module` of its patch), `types` with the definitions
/// several tools share, and `pub const CATALOG: Catalog`. Two tools mapping to one module are an
/// error naming both.
///
/// Every file read is tracked with `include_bytes!`, so editing a tool or a patch rebuilds the
/// bindings. A file added to or removed from the folder is seen when the crate is next compiled:
/// stable Rust lets a macro track files but not a folder's listing, so a crate whose catalog
/// gains tools without another change rebuilds with a build script printing
/// `cargo:rerun-if-changed=<folder>` (cargo then watches every file under it).
///
/// Every schema error of every tool is reported, each naming its file and JSON Pointer
/// (`catalogs/acme/users.get.json: schema error at /inputSchema/...`); a tool with errors gets the
/// placeholder root type `tool!` gives, so that uses do not cascade.
#[proc_macro]
pub fn catalog(input: TokenStream) -> TokenStream {
    match syn::parse::<catalog::Input>(input) {
        Ok(input) => catalog::expand(&input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// The root type with stub impls, so that a schema error is the only error (see `fallback`).
fn placeholder(input: &Input) -> proc_macro2::TokenStream {
    let text = |lit: &LitStr| {
        resolve(lit)
            .ok()
            .and_then(|path| std::fs::read_to_string(path).ok())
    };
    let tool = text(&input.schema);
    let patch = input.patch.as_ref().and_then(text);
    let Some(known) = fallback::known(input.name.as_ref(), tool.as_deref(), patch.as_deref())
    else {
        return quote!();
    };
    let runtime = match &input.runtime {
        Some(path) => quote!(#path),
        None => quote!(::portal_runtime),
    };
    fallback::expand(&known, &runtime)
}

fn resolve(lit: &LitStr) -> syn::Result<PathBuf> {
    resolve_as(lit, Path::is_file, "file")
}

/// The path `lit` names, relative to the invoking crate, when `exists` holds for it.
pub(crate) fn resolve_as(
    lit: &LitStr,
    exists: fn(&Path) -> bool,
    what: &str,
) -> syn::Result<PathBuf> {
    let rel = PathBuf::from(lit.value());
    if rel.is_absolute() {
        return Err(syn::Error::new(
            lit.span(),
            "absolute paths are not allowed: give a path relative to the crate's Cargo.toml",
        ));
    }
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    if let Some(dir) = &manifest {
        let candidate = dir.join(&rel);
        if exists(&candidate) {
            return Ok(candidate);
        }
    }
    // The crate that holds the invoking source file.
    let source = proc_macro::Span::call_site().local_file();
    if let Some(dir) = source.as_deref().and_then(crate_dir) {
        let candidate = dir.join(&rel);
        if exists(&candidate) {
            return Ok(candidate);
        }
    }
    Err(syn::Error::new(
        lit.span(),
        format!(
            "cannot read `{}`: no such {what} (paths are relative to the directory of the crate's Cargo.toml)",
            lit.value()
        ),
    ))
}

fn crate_dir(source: &Path) -> Option<PathBuf> {
    let source = if source.is_absolute() {
        source.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(source)
    };
    source
        .ancestors()
        .skip(1)
        .find(|d| d.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

fn read(lit: &LitStr) -> syn::Result<(PathBuf, String)> {
    let path = resolve(lit)?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| syn::Error::new(lit.span(), format!("cannot read `{}`: {e}", lit.value())))?;
    Ok((path, text))
}

fn expand(input: &Input) -> syn::Result<proc_macro2::TokenStream> {
    let (schema_path, schema_text) = read(&input.schema)?;
    let patch = match &input.patch {
        Some(lit) => Some((lit, read(lit)?)),
        None => None,
    };
    if let Some(name) = &input.name
        && let Err(problem) = portal_schema::naming::check_type_name(&name.to_string())
    {
        return Err(syn::Error::new(name.span(), problem));
    }
    let mut config = portal_schema::Config::new();
    config.options(portal_schema::Options {
        root_name: input.name.as_ref().map(Ident::to_string),
        runtime: input.runtime.as_ref().map(|path| quote!(#path).to_string()),
        formats: input
            .formats
            .as_ref()
            .map_or(portal_schema::Formats::default(), |(_, mode)| *mode),
        ..Default::default()
    });
    if let Some((_, (_, text))) = &patch {
        config.patch_str(text.as_str());
    }
    for (prefix, folder) in input.refs.iter().flatten() {
        config.refs(prefix.value(), resolve_as(folder, Path::is_dir, "folder")?);
    }
    let (generated, remote_files) =
        config
            .generate_located_files(&schema_text)
            .map_err(|errors| {
                let mut combined: Option<syn::Error> = None;
                for e in errors {
                    let lit = match (e.source, &patch) {
                        (portal_schema::Source::Patch, Some((lit, _))) => *lit,
                        _ => &input.schema,
                    };
                    let err = syn::Error::new(lit.span(), format!("{}: {}", lit.value(), e.error));
                    match &mut combined {
                        Some(c) => c.combine(err),
                        None => combined = Some(err),
                    }
                }
                combined.unwrap_or_else(|| syn::Error::new(Span::call_site(), "schema error"))
            })?;
    let schema_file = schema_path.display().to_string();
    let mut tracked = quote!(
        const _: &[u8] = ::core::include_bytes!(#schema_file);
    );
    if let Some((_, (path, _))) = &patch {
        let patch_file = path.display().to_string();
        tracked.extend(quote!(
            const _: &[u8] = ::core::include_bytes!(#patch_file);
        ));
    }
    for file in remote_files {
        let file = file.display().to_string();
        tracked.extend(quote!(
            const _: &[u8] = ::core::include_bytes!(#file);
        ));
    }
    Ok(quote!(#tracked #generated))
}
