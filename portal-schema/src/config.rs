//! The one entry point: a [`Config`] says how to read a tool (its patch, the root type's name) and
//! runs load → parse → passes → emit on it.

use crate::error::{SchemaError, SchemaErrors};
use crate::ir::Options;
use proc_macro2::TokenStream;
use serde_json::Value;

/// Which file a problem is in, when a tool and its patch are read from two files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The tool (or bare schema) file.
    Tool,
    /// The patch file.
    Patch,
}

/// A schema error together with the file it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocatedError {
    /// Which file.
    pub source: Source,
    /// The problem.
    pub error: SchemaError,
}

/// A patch as the caller has it: text is parsed (and its syntax errors are the patch's) only when
/// a tool is generated.
#[derive(Clone, Debug)]
enum Patch {
    Text(String),
    Value(Value),
}

/// How to generate the bindings of a tool: the builder every caller (the `tool!` macro, the CLI,
/// build scripts) goes through.
///
/// ```
/// let tool = r#"{"name": "greet.create", "inputSchema": {"type": "object",
///     "properties": {"name": {"type": "string"}}}}"#;
/// let code = portal_schema::Config::new()
///     .root_name("Hello")
///     .patch_str(r#"{"inputSchema": {"required": ["name"]}}"#)
///     .generate_str(tool)
///     .unwrap();
/// assert!(code.to_string().contains("pub struct Hello"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Config {
    options: Options,
    patch: Option<Patch>,
    refs: Vec<(String, std::path::PathBuf)>,
}

impl Config {
    /// A configuration with no patch and the root type named from the tool.
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the root type (instead of deriving its name from the tool name).
    pub fn root_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.options.root_name = Some(name.into());
        self
    }

    /// Replaces every option at once.
    pub fn options(&mut self, options: Options) -> &mut Self {
        self.options = options;
        self
    }

    /// An RFC 7396 merge patch applied to the tool before it is read.
    pub fn patch(&mut self, patch: Value) -> &mut Self {
        self.patch = Some(Patch::Value(patch));
        self
    }

    /// Like [`Config::patch`], with the patch as JSON text (parsed when a tool is generated).
    pub fn patch_str(&mut self, patch: impl Into<String>) -> &mut Self {
        self.patch = Some(Patch::Text(patch.into()));
        self
    }

    /// Maps the URI prefix `prefix` to the folder `dir`: a `$ref` to `prefix` + `rest` reads
    /// `dir/rest` (never fetched; `..` and links out of the folder are refused), and the document
    /// read is bundled into the tool's. A `$ref` to a document no prefix maps is a schema error.
    pub fn refs(
        &mut self,
        prefix: impl Into<String>,
        dir: impl Into<std::path::PathBuf>,
    ) -> &mut Self {
        self.refs.push((prefix.into(), dir.into()));
        self
    }

    /// As [`Config::generate_located`], with the files the `refs` map led to read, for the
    /// caller to track (a build script's `rerun-if-changed`, the macro's `include_bytes!`).
    pub fn generate_located_files(
        &self,
        tool: &str,
    ) -> Result<(TokenStream, Vec<std::path::PathBuf>), Vec<LocatedError>> {
        let files = std::cell::RefCell::new(Vec::new());
        let tokens = self.generate_located_into(tool, &files)?;
        Ok((tokens, files.into_inner()))
    }

    /// Generates the items for a tool given as a JSON value.
    pub fn generate(&self, tool: &Value) -> Result<TokenStream, SchemaErrors> {
        let patch = self
            .patch_value()
            .map_err(|error| SchemaErrors(vec![error]))?;
        self.run(tool, patch.as_ref(), &Default::default())
    }

    /// Generates the items for a tool given as JSON text.
    pub fn generate_str(&self, tool: &str) -> Result<TokenStream, SchemaErrors> {
        self.generate_located(tool)
            .map_err(|errors| SchemaErrors(errors.into_iter().map(|e| e.error).collect()))
    }

    /// Like [`Config::generate_str`], but says for each problem whether it is in the tool or in
    /// the patch: a pointer that exists in the patch is the patch's, any other is the tool's.
    pub fn generate_located(&self, tool: &str) -> Result<TokenStream, Vec<LocatedError>> {
        self.generate_located_into(tool, &Default::default())
    }

    fn generate_located_into(
        &self,
        tool: &str,
        files: &std::cell::RefCell<Vec<std::path::PathBuf>>,
    ) -> Result<TokenStream, Vec<LocatedError>> {
        let located = |source| move |error| vec![LocatedError { source, error }];
        let tool_value = crate::load::parse_json(tool).map_err(located(Source::Tool))?;
        self.generate_located_value(&tool_value, files)
    }

    /// [`Config::generate_located_files`] of a tool given as a JSON value (a catalog's tools are
    /// values already), with the files read put in `files`.
    pub(crate) fn generate_located_value(
        &self,
        tool_value: &Value,
        files: &std::cell::RefCell<Vec<std::path::PathBuf>>,
    ) -> Result<TokenStream, Vec<LocatedError>> {
        let located = |source| move |error| vec![LocatedError { source, error }];
        let patch_value = self.patch_value().map_err(located(Source::Patch))?;
        let bare = crate::load::is_bare(tool_value);
        self.run(tool_value, patch_value.as_ref(), files)
            .map_err(|errors| {
                errors
                    .0
                    .into_iter()
                    .map(|error| LocatedError {
                        source: if in_patch(patch_value.as_ref(), bare, &error.pointer) {
                            Source::Patch
                        } else {
                            Source::Tool
                        },
                        error,
                    })
                    .collect()
            })
    }

    /// The patch as a value, parsing text.
    fn patch_value(&self) -> Result<Option<Value>, SchemaError> {
        Ok(match &self.patch {
            None => None,
            Some(Patch::Value(value)) => Some(value.clone()),
            Some(Patch::Text(text)) => Some(crate::load::parse_json(text)?),
        })
    }

    fn run(
        &self,
        tool: &Value,
        patch: Option<&Value>,
        files: &std::cell::RefCell<Vec<std::path::PathBuf>>,
    ) -> Result<TokenStream, SchemaErrors> {
        let parsed = if patch.is_none() && self.refs.is_empty() {
            // Nothing to merge or bundle: the tool is read where it is (the parser checks its
            // depth, as loading does).
            crate::parse::parse_value(tool, crate::load::is_bare(tool), &self.options)?
        } else {
            let mut document = crate::load::load(tool, patch)?;
            files
                .borrow_mut()
                .extend(crate::load::bundle(&mut document, &self.refs)?);
            crate::parse::parse(&document, &self.options)?
        };
        Ok(match &self.options.runtime {
            Some(runtime) => crate::emit::emit_with(&parsed, &runtime_path(runtime)?),
            None => crate::emit::emit(&parsed),
        })
    }
}

/// The runtime path of [`Options::runtime`] as tokens: a Rust path (`crate`, `::a::b`, `self::x`),
/// checked token by token, since the generator parses no Rust without the `render` feature.
fn runtime_path(runtime: &str) -> Result<TokenStream, SchemaErrors> {
    use proc_macro2::{Spacing, TokenTree};
    let refuse = |why: &str| {
        SchemaErrors(vec![SchemaError::new(
            "",
            format!("the runtime path {runtime:?} is not a Rust path: {why}"),
        )])
    };
    let tokens: TokenStream = runtime.parse().map_err(|_| refuse("it does not lex"))?;
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    // A path: an optional leading `::`, then identifiers separated by `::`.
    let mut i = 0;
    let separator = |i: usize| {
        matches!((trees.get(i), trees.get(i + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
    };
    if separator(0) {
        i = 2;
    }
    loop {
        match trees.get(i) {
            Some(TokenTree::Ident(_)) => i += 1,
            _ => return Err(refuse("expected an identifier")),
        }
        if i == trees.len() {
            return Ok(tokens);
        }
        if !separator(i) {
            return Err(refuse("expected `::` between segments"));
        }
        i += 2;
    }
}

/// Whether the problem at `pointer` is the patch's: the patch holds that pointer (or is not an
/// object, which replaces the whole tool).
fn in_patch(patch: Option<&Value>, bare: bool, pointer: &str) -> bool {
    patch.is_some_and(|p| {
        if !p.is_object() {
            return true;
        }
        // Pointers address the Tool object; a bare schema's patch addresses it too.
        let ptr = if bare && !pointer.starts_with("/inputSchema") && !pointer.is_empty() {
            format!("/inputSchema{pointer}")
        } else {
            pointer.to_owned()
        };
        !ptr.is_empty() && p.pointer(&ptr).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOOL: &str = r#"{"name": "t", "inputSchema": {"type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string", "maxItems": 1}}}}"#;

    #[test]
    fn each_problem_is_placed_in_the_file_that_holds_its_pointer() {
        let errors = Config::new()
            .patch_str(r#"{"inputSchema": {"properties": {"a": {"minItems": 2}}}}"#)
            .generate_located(TOOL)
            .unwrap_err();
        let placed: Vec<(Source, String)> = errors
            .into_iter()
            .map(|e| (e.source, e.error.to_string()))
            .collect();
        assert_eq!(
            placed,
            [
                (
                    Source::Patch,
                    "schema error at /inputSchema/properties/a/minItems: keyword \"minItems\" does not apply to type \"string\"".to_owned()
                ),
                (
                    Source::Tool,
                    "schema error at /inputSchema/properties/b/maxItems: keyword \"maxItems\" does not apply to type \"string\"".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_patch_as_text_and_as_a_value_give_the_same_items() {
        let tool: Value = serde_json::from_str(TOOL).unwrap();
        let patch = json!({"inputSchema": {"properties": {"b": {"type": "array"}}}});
        let from_value = Config::new()
            .root_name("Named")
            .patch(patch.clone())
            .generate(&tool)
            .unwrap();
        let from_text = Config::new()
            .root_name("Named")
            .patch_str(patch.to_string())
            .generate_str(TOOL)
            .unwrap();
        assert_eq!(from_value.to_string(), from_text.to_string());
        assert!(from_text.to_string().contains("pub struct Named"));
    }

    #[test]
    fn a_patch_that_is_not_json_is_the_patchs_problem() {
        let errors = Config::new()
            .patch_str("{")
            .generate_located(TOOL)
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].source, Source::Patch);
        assert_eq!(
            Config::new()
                .patch_str("{")
                .generate_str(TOOL)
                .unwrap_err()
                .to_string(),
            errors[0].error.to_string()
        );
    }
}
