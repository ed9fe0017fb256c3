//! portal-schema turns the JSON Schema of an MCP tool into typed, validated, documented Rust.
//!
//! The flow is one way: [`load`](load::load) (an MCP Tool object or a bare schema, with an RFC 7396
//! merge patch) → [`parse`](parse::parse) (into an IR where every node keeps its JSON Pointer, every
//! problem collected) → [`emit`](emit::emit) (a `TokenStream` of absolute paths into
//! `portal_runtime`) → `render` (prettyplease, headed `// @generated`; feature `render`, which the
//! `tool!` macro does not need). [`Config`] is the entry point that runs it.
//!
//! The modules depend on each other in one direction, each only on those before it: [`error`] and
//! [`keywords`] (the vocabulary, a leaf) → [`ir`] (typed and general forms) → [`load`],
//! [`resolve`], [`dialect`] → [`parse`] (form choice, typed form, named types, general form, one
//! reader per keyword value) → the passes (checks, boxing, sources) → [`emit`] and [`diff`].
//!
//! ```
//! # #[cfg(feature = "render")] {
//! let tool = r#"{
//!   "name": "greet.create",
//!   "description": "Say hello.",
//!   "inputSchema": {
//!     "type": "object",
//!     "properties": { "name": { "type": "string", "maxLength": 10 } },
//!     "required": ["name"]
//!   }
//! }"#;
//! let code = portal_schema::Config::new().generate_str(tool).unwrap();
//! let text = portal_schema::render(&code);
//! assert!(text.starts_with("// @generated"));
//! assert!(text.contains("pub struct Greet {"));
//!
//! let broken = r#"{"type": "object", "properties": {"a": {"type": "string", "maxItems": 3}}}"#;
//! let errors = portal_schema::Config::new().generate_str(broken).unwrap_err();
//! assert_eq!(
//!     errors.to_string(),
//!     "schema error at /properties/a/maxItems: keyword \"maxItems\" does not apply to type \"string\""
//! );
//! # }
//! ```
#![deny(missing_docs)]

// In dependency order: each module uses only those above it.
pub mod catalog;
mod config;
pub mod dialect;
pub mod diff;
pub mod docs;
pub mod ecma;
pub mod emit;
pub mod error;
pub mod import;
pub mod ir;
pub mod keywords;
pub mod load;
pub mod naming;
pub mod parse;
mod passes;
pub mod resolve;

pub use error::{SchemaError, SchemaErrors};

/// How deep a document's JSON may nest (objects and arrays), the limit `serde_json` puts on
/// text. A [`serde_json::Value`] built in code has no such limit, so [`load::load`] and
/// [`parse::parse`] check it before any walk: every walk over the JSON (patching, `$id`
/// indexing, copying) is then bounded by it rather than by the document.
pub const MAX_JSON_DEPTH: usize = 128;

/// How deep schemas may nest, counting each subschema (`properties/x`, `items`, `allOf/0`, ...)
/// and each `$ref` followed as one level. A `$ref` chain is flat JSON but a deep walk, and the
/// generated code (type checks calling each other, validation recursing through fields) nests as
/// deep as the schema: past this depth the schema is refused with a schema error naming the
/// limit, so no recursion of the generator, of rustc on the generated code or of the generated
/// validation depends on the schema. 32 is far above real tools (the WorkOS schemas nest 4 deep)
/// and keeps the deepest walk within a 1 MiB stack in a debug build, the main-thread stack on
/// Windows and the smallest a `portal` process or a rustc thread plausibly has.
pub const MAX_SCHEMA_DEPTH: usize = 32;

/// The message of a schema nested past [`MAX_SCHEMA_DEPTH`].
pub(crate) fn too_deep() -> String {
    format!(
        "schemas nested deeper than {MAX_SCHEMA_DEPTH} levels (each subschema and each $ref followed is one), the limit"
    )
}

pub use config::{Config, LocatedError, Source};
pub use ir::{Formats, Options};

#[cfg(feature = "render")]
/// `text` with the characters a Rust source file must not hold as they are written `\u{..}`:
/// control characters but the line feed and the tab (a bare CR is refused in a doc comment), and
/// the bidirectional overrides and isolates (refused anywhere: they make code read otherwise).
///
/// prettyplease writes `#[doc = "..."]` as a `///` comment, unescaping the string; string
/// literals keep their escapes. So such a character can only be in a comment here, where the
/// escape shows it, and a name from the schema (`"x\r"`, `"\u{202e}abc"`) quoted in a doc line
/// leaves the file compilable.
fn source_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let refused = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(refused) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if refused(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(feature = "render")]
/// `text` with the input of each `impl_struct!` and `impl_builder!` (a struct's members, one per
/// `;`) written a member per line, where prettyplease flows a macro's tokens like a paragraph: a change to one
/// member then changes one line of a snapshot.
fn member_tables(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("impl_struct! {") && !text.contains("impl_builder! {") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        out.push_str(line);
        let line = line.trim_end();
        if !line.ends_with("impl_struct! {") && !line.ends_with("impl_builder! {") {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let close = format!("{}}}", " ".repeat(indent));
        let mut body = String::new();
        let mut end = None;
        for inner in lines.by_ref() {
            if inner.trim_end() == close {
                end = Some(inner);
                break;
            }
            let inner = inner.trim();
            // prettyplease breaks a line before a `.` without a space.
            if !body.is_empty() && !inner.starts_with('.') {
                body.push(' ');
            }
            body.push_str(inner);
        }
        for member in split_members(&body) {
            out.push_str(&" ".repeat(indent + 4));
            out.push_str(&tidy_type(member));
            out.push('\n');
        }
        out.push_str(end.unwrap_or(""));
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(feature = "render")]
/// The statements of a macro's input: split after each `;` outside strings and brackets.
fn split_members(body: &str) -> Vec<&str> {
    let mut members = Vec::new();
    let (mut depth, mut start, mut string) = (0usize, 0, StringLiteral::default());
    for (i, c) in body.char_indices() {
        if string.read(c) {
            continue;
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => {
                members.push(body[start..=i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !body[start..].trim().is_empty() {
        members.push(body[start..].trim());
    }
    members
}

#[cfg(feature = "render")]
/// A member's types written as types are (`Option<String>`, where a macro's tokens read
/// `Option < String >` or `Option <String>`, by how they were spaced), and `field: Type` as a
/// field is. Only the text before the member's closure, if any (`|value, at, out| ...`), holds
/// types, and no comparison: there, outside string literals, no space is kept beside a `<` or
/// before a `>`.
fn tidy_type(member: &str) -> String {
    let end = member.find('|').unwrap_or(member.len());
    let (head, rest) = member.split_at(end);
    let head = head.replacen(" : ", ": ", 1);
    let chars: Vec<char> = head.chars().collect();
    let mut out = String::with_capacity(member.len());
    let mut string = StringLiteral::default();
    for (i, &c) in chars.iter().enumerate() {
        if !string.read(c)
            && c == ' '
            && (out.ends_with('<') || matches!(chars.get(i + 1), Some('<' | '>')))
        {
            continue;
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

#[cfg(feature = "render")]
/// Where a scan of Rust text stands with string literals (`"..."`, with `\\` escapes).
#[derive(Default)]
struct StringLiteral {
    inside: bool,
    escaped: bool,
}

#[cfg(feature = "render")]
impl StringLiteral {
    /// Reads `c`: whether it is part of a string literal (its quotes included).
    fn read(&mut self, c: char) -> bool {
        if !self.inside {
            self.inside = c == '"';
            return self.inside;
        }
        match (self.escaped, c) {
            (true, _) => self.escaped = false,
            (false, '\\') => self.escaped = true,
            (false, '"') => self.inside = false,
            _ => {}
        }
        true
    }
}

/// Formats generated items as a Rust file headed `// @generated`.
#[cfg(feature = "render")]
pub fn render(tokens: &proc_macro2::TokenStream) -> String {
    let header = "// @generated by portal-schema. Do not edit: change the schema or its patch and regenerate.\n";
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => format!(
            "{header}\n{}",
            source_safe(&member_tables(&prettyplease::unparse(&file)))
        ),
        // Generated tokens always parse; if they ever do not, show them rather than lose them.
        Err(e) => format!("{header}// unparsable output: {e}\n{tokens}\n"),
    }
}

#[cfg(all(test, feature = "render"))]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// `{"type": "object", "properties": {"x": {"$ref": "#/$defs/a0"}}}` with `a0` → `a1` → ...
    /// → `a<links>`, a string: flat JSON, a walk `links` deep.
    fn chain(links: usize) -> String {
        let mut defs = serde_json::Map::new();
        for i in 0..links {
            defs.insert(
                format!("a{i}"),
                json!({"$ref": format!("#/$defs/a{}", i + 1)}),
            );
        }
        defs.insert(format!("a{links}"), json!({"type": "string"}));
        json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/a0"}}, "$defs": defs})
            .to_string()
    }

    fn errors(text: &str) -> String {
        Config::new().generate_str(text).unwrap_err().to_string()
    }

    const TOO_DEEP: &str = "schemas nested deeper than 32 levels (each subschema and each $ref followed is one), the limit";

    #[test]
    fn a_long_ref_chain_is_refused_at_the_limit() {
        // The root is level 1, `x` level 2, `a0` level 3: `a30` is the 33rd.
        for links in [5_000, 100_000] {
            assert_eq!(
                errors(&chain(links)),
                format!("schema error at /$defs/a30: {TOO_DEEP}")
            );
        }
        // 29 links end at `a29`, level 32: accepted.
        let code = render(&Config::new().generate_str(&chain(29)).unwrap());
        assert!(
            code.contains(
                "pub x: ::portal_runtime::__private_v1::Option<\n        ::portal_runtime::__private_v1::String,\n    >,"
            ),
            "{code}"
        );
    }

    #[test]
    fn nesting_through_properties_items_all_of_and_defs_with_refs_counts_every_level() {
        // Each link: a `$defs` entry (reached by `$ref`), its property `p`, `items`, `allOf/0`,
        // then the `$ref` to the next link: four levels per link.
        let links = 2_000;
        let mut defs = serde_json::Map::new();
        for i in 0..links {
            defs.insert(
                format!("d{i}"),
                json!({"type": "object", "properties": {"p": {"type": "array", "items": {
                    "allOf": [{"$ref": format!("#/$defs/d{}", i + 1)}]}}}}),
            );
        }
        defs.insert(format!("d{links}"), json!({"type": "integer"}));
        let doc =
            json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs});
        // Levels: root 1, x 2, d0 3, p 4, items 5, allOf/0 6, d1 7, ... d7 31, p 32, items 33.
        assert_eq!(
            errors(&doc.to_string()),
            format!("schema error at /$defs/d7/properties/p/items: {TOO_DEEP}")
        );
    }

    #[test]
    fn nesting_without_refs_is_refused_at_the_limit_too() {
        // `not` 31 deep under the property: the property is level 2, the last `not` level 33.
        let mut schema = json!({"type": "string"});
        for _ in 0..31 {
            schema = json!({"not": schema});
        }
        let doc = json!({"type": "object", "properties": {"x": schema}});
        let at = format!("/properties/x{}", "/not".repeat(31));
        assert_eq!(
            errors(&doc.to_string()),
            format!("schema error at {at}: {TOO_DEEP}")
        );
    }

    #[test]
    fn a_value_nested_deeper_than_serde_json_allows_in_text_is_refused() {
        let mut deep = json!({"type": "string"});
        for _ in 0..MAX_JSON_DEPTH {
            deep = Value::Array(vec![deep]);
        }
        let tool = json!({"type": "object", "properties": {"x": {"default": deep}}});
        let err = Config::new().generate(&tool).unwrap_err();
        // The 129th container is the object at the end of 126 nested arrays.
        let at = format!("/properties/x/default{}", "/0".repeat(MAX_JSON_DEPTH - 3));
        assert_eq!(
            err.to_string(),
            format!(
                "schema error at {at}: JSON nested deeper than 128 arrays and objects, the limit"
            )
        );
        let patch = json!({"inputSchema": {"properties": {"x": {"default": deep}}}});
        let err = Config::new()
            .patch(patch)
            .generate(&json!({"type": "object"}))
            .unwrap_err();
        let at = format!(
            "/inputSchema/properties/x/default{}",
            "/0".repeat(MAX_JSON_DEPTH - 4)
        );
        assert_eq!(
            err.to_string(),
            format!(
                "schema error at {at}: JSON nested deeper than 128 arrays and objects, the limit"
            )
        );
    }

    #[test]
    fn names_with_carriage_returns_and_bidi_overrides_render_to_compilable_source() {
        let tool = r#"{"name": "t", "inputSchema": {"type": "object", "properties": {
            "x\r": {"type": "string"}, "y\u202e": {"type": "object", "properties": {"z": {"type": "string"}}}}}}"#;
        let code = render(&Config::new().generate_str(tool).unwrap());
        assert!(!code.contains('\r') && !code.contains('\u{202e}'), "{code}");
        assert!(
            code.contains("/// The `y\\u{202e}` property of [`T`]."),
            "{code}"
        );
        assert!(code.contains("\"x\\r\""), "{code}");
    }

    #[test]
    fn recursive_types_are_compared_once() {
        let old = r##"{"type": "object", "properties": {"x": {"$ref": "#/$defs/node"}},
            "$defs": {"node": {"type": "object", "properties": {
                "next": {"$ref": "#/$defs/node"}, "v": {"type": "string"}}}}}"##;
        let new = old.replace(
            r#""v": {"type": "string"}"#,
            r#""v": {"type": "string", "maxLength": 3}"#,
        );
        let report = diff::diff_str(old, None, &new, None, &Options::default()).unwrap();
        // Without the pairs already compared, this walk followed `next` until the stack ran out.
        // With the `witness` feature (the CLI's, unified in a workspace build) the tightening
        // carries its witness.
        let witness = if cfg!(feature = "witness") {
            "  witness: {\"x\":{\"v\":\"aaaa\"}} valid before, refused now (/x/v: maxLength)\n"
        } else {
            ""
        };
        assert_eq!(
            report.to_text(),
            format!(
                "schema: no API change: a patch version\nrequests: tightened (some requests valid before are now refused)\nrelease: breaking on the wire: a major version (for a 0.x crate, the minor version)\n\nrequest:\n- [patch API, wire tightened] /x/v (Node::v): maxLength 3 added\n{witness}"
            )
        );
    }
}
