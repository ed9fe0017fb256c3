//! Emitting: the IR → Rust tokens. Every path is absolute and goes through the runtime's private
//! re-export module, so the output compiles whatever the invoking crate has in scope.

use crate::ir::*;
use crate::naming;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

mod checks;
mod docs;
mod enumeration;
mod errors;
mod evaluated;
mod general;
mod operation;
mod structure;
mod typed;
mod union;

/// The runtime path generated code names by default.
pub fn default_runtime() -> TokenStream {
    quote!(::portal_runtime)
}

/// Emits the items for a parsed tool, naming the runtime `::portal_runtime`.
pub fn emit(tool: &Tool) -> TokenStream {
    emit_with(tool, &default_runtime())
}

/// Emits the items for a parsed tool, naming the runtime by `runtime` (a path to the
/// `portal-runtime` crate: `::portal_runtime`, `crate` inside it, or wherever a crate re-exports
/// it).
///
/// The types come first; every trait impl and every helper function sits in one
/// `const _: () = { .. };` block, each type's in a block of its own inside it, so that the only
/// names the bindings add to the invoking module are the types themselves.
pub fn emit_with(tool: &Tool, runtime: &TokenStream) -> TokenStream {
    emit_types(tool, runtime, None)
}

/// Emits the named types of a parsed tool but `skip` (with their impls and the checks they
/// call), and no `Operation` impl when `skip` is the root: how a catalog emits the types its
/// tools share, parsed as the `$defs` of one document whose root is only their holder.
pub fn emit_types(tool: &Tool, runtime: &TokenStream, skip: Option<TypeId>) -> TokenStream {
    let e = Emitter {
        tool,
        p: quote!(#runtime::__private_v1),
        functions: Default::default(),
        skip,
    };
    let mut items = TokenStream::new();
    let mut impls = TokenStream::new();
    for (id, t) in tool.types.iter().enumerate() {
        if Some(id) == skip {
            continue;
        }
        let emitted = match &t.kind {
            TypeKind::Struct(s) => e.structure(id, t, s),
            TypeKind::Enum(en) => e.string_enum(id, t, en),
            TypeKind::Json(node) => e.general(id, t, node),
            TypeKind::Union(u) => e.union(id, t, u),
            TypeKind::External(_) => continue,
        };
        items.extend(emitted.item);
        let mut own = emitted.impls;
        own.extend(e.json_schema_impl(id, t));
        let own = braced(own);
        impls.extend(quote!(const _: () = #own;));
    }
    let mut block = e.checkers();
    block.extend(e.json_schema_sources());
    block.extend(impls);
    if skip != Some(tool.root) {
        items.extend(e.output_reexport());
        let (errors, errors_impls) = e.documented_errors();
        items.extend(errors);
        block.extend(e.operation());
        block.extend(e.fallible());
        block.extend(errors_impls);
    }
    let block = braced(block);
    items.extend(quote!(const _: () = #block;));
    items
}

/// What one type emits: its definition (with its documented inherent items), and its trait
/// impls with their helper functions, which go in a `const _` block.
struct Emitted {
    item: TokenStream,
    impls: TokenStream,
}

struct Emitter<'a> {
    tool: &'a Tool,
    /// `<runtime>::__private_v1` (see [`Emitter::p`]), made once from the runtime crate's path.
    p: TokenStream,
    /// The functions of general-form checks, emitted on demand.
    functions: general::Functions,
    /// A type not emitted (see [`emit_types`]), which docs must not link to.
    skip: Option<TypeId>,
}

impl Emitter<'_> {
    /// `pub use` of the output type when it is generated elsewhere (see
    /// [`Tool::output_reexport`]), under the name the tool gives it.
    fn output_reexport(&self) -> TokenStream {
        let (Some(name), Some(Shape::Named { id, .. })) =
            (&self.tool.output_reexport, &self.tool.output)
        else {
            return TokenStream::new();
        };
        let TypeKind::External(path) = &self.tool.types[*id].kind else {
            return TokenStream::new();
        };
        let Ok(path) = path.parse::<TokenStream>() else {
            return TokenStream::new();
        };
        let ident = naming::ident(name);
        if self.tool.types[*id].name.rsplit("::").next() == Some(name.as_str()) {
            quote!(pub use #path;)
        } else {
            quote!(pub use #path as #ident;)
        }
    }

    /// `<runtime>::__private_v1`, where generated code finds everything it calls: the runtime's
    /// helpers, its traits, std and serde.
    fn p(&self) -> TokenStream {
        self.p.clone()
    }
}

/// The runtime's name for a `format` the parser accepted: `date-time` is `Format::DateTime`. A
/// format this runtime does not know is then a compile error of the generated code, never a
/// format that silently passes.
fn format_variant(format: &str) -> proc_macro2::Ident {
    let name: String = format
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    format_ident!("{}", name)
}

/// `#[doc = ".."]` attributes for documentation lines, as the generated items carry them.
pub fn doc_tokens(lines: &[String]) -> TokenStream {
    doc_attrs(lines)
}

fn doc_attrs(lines: &[String]) -> TokenStream {
    use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenTree};
    let mut out = Vec::with_capacity(2 * lines.len());
    let mut text = String::new();
    let doc = Ident::new("doc", Span::call_site());
    for line in lines {
        text.clear();
        if !line.is_empty() {
            text.push(' ');
            text.push_str(line);
        }
        let attribute = [
            TokenTree::Ident(doc.clone()),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(lit_str(&text)),
        ];
        out.push(TokenTree::Punct(Punct::new('#', Spacing::Alone)));
        out.push(TokenTree::Group(Group::new(
            Delimiter::Bracket,
            attribute.into_iter().collect(),
        )));
    }
    out.into_iter().collect()
}

/// `{ tokens }`, taking the tokens: a group is one token, so interpolating it in `quote!` copies
/// nothing of what it holds, where interpolating a stream copies each of its tokens.
pub(crate) fn braced(tokens: TokenStream) -> proc_macro2::Group {
    proc_macro2::Group::new(proc_macro2::Delimiter::Brace, tokens)
}

/// A string literal of `text`, written without escapes when it can be, so that JSON text reads as
/// it is written and literals are quick to make: as it is when it holds no `"` or `\`, else raw
/// (`r#".."#`). Text with a character an escaped literal spells as an escape (a line break, so
/// that a literal stays on one line; a carriage return, which no raw string holds; a control
/// character; a bidirectional override) is escaped as `Literal::string` does.
pub(crate) fn lit_str(text: &str) -> Literal {
    let plain =
        |c: char| matches!(c, ' '..='~' | '\t') || (!c.is_ascii() && c.escape_debug().len() == 1);
    if text.chars().all(plain) {
        if !text.contains(['"', '\\'])
            && let Ok(literal) = format!("\"{text}\"").parse()
        {
            return literal;
        }
        // The fewest `#` that no `"` in the text is followed by.
        let mut hashes = 0;
        let mut rest = text;
        while let Some(at) = rest.find('"') {
            rest = &rest[at + 1..];
            let run = rest.len() - rest.trim_start_matches('#').len();
            hashes = hashes.max(run + 1);
        }
        let fence = "#".repeat(hashes);
        if let Ok(literal) = format!("r{fence}\"{text}\"{fence}").parse() {
            return literal;
        }
    }
    Literal::string(text)
}

fn lit_f64(n: f64) -> Literal {
    Literal::f64_suffixed(n)
}

fn lit_usize(n: u64) -> Literal {
    Literal::usize_unsuffixed(n as usize)
}

/// A schema's number as the runtime's `check::Limit`, exactly: an integer as an `i128`
/// literal, never through `f64`.
fn lit_limit(p: &TokenStream, n: Limit) -> TokenStream {
    match n {
        Limit::Integer(i) => {
            let i = Literal::i128_suffixed(i);
            quote!(#p::check::Limit::Integer(#i))
        }
        Limit::Float(f) => {
            let f = lit_f64(f);
            quote!(#p::check::Limit::Float(#f))
        }
    }
}

/// The bounds of a number, keyword first, in the order they are checked.
fn bounds(r: &NumberRules) -> impl Iterator<Item = (&'static str, Limit)> {
    [
        ("minimum", r.minimum),
        ("maximum", r.maximum),
        ("exclusiveMinimum", r.exclusive_minimum),
        ("exclusiveMaximum", r.exclusive_maximum),
    ]
    .into_iter()
    .filter_map(|(kw, v)| Some((kw, v?)))
}

impl Emitter<'_> {
    fn type_ident(&self, id: TypeId) -> proc_macro2::Ident {
        naming::ident(&self.tool.types[id].name)
    }

    /// The type named `id` where it is used: its identifier, or the path of an external type.
    fn named_type(&self, id: TypeId) -> TokenStream {
        match &self.tool.types[id].kind {
            // The path was checked to be a Rust path when the options were read.
            TypeKind::External(path) => path.parse().unwrap_or_else(|_| quote!(())),
            _ => {
                let ident = self.type_ident(id);
                quote!(#ident)
            }
        }
    }

    /// The Rust type of a shape.
    fn rust_type(&self, shape: &Shape) -> TokenStream {
        let p = self.p();
        match shape {
            Shape::String(_) => quote!(#p::String),
            Shape::Integer(r) => match r.integer_type() {
                IntegerType::I64 => quote!(i64),
                IntegerType::U64 => quote!(u64),
                IntegerType::I128 => quote!(i128),
                IntegerType::Number => quote!(#p::serde_json::Number),
            },
            Shape::Number(_) => quote!(f64),
            Shape::Boolean => quote!(bool),
            Shape::Array { items, .. } => {
                let inner = self.rust_type(items);
                quote!(#p::Vec<#inner>)
            }
            Shape::Map => quote!(#p::serde_json::Map<#p::String, #p::serde_json::Value>),
            Shape::Any => quote!(#p::serde_json::Value),
            Shape::Nullable(inner) => {
                let p = self.p();
                let inner = self.rust_type(inner);
                quote!(#p::Nullable<#inner>)
            }
            Shape::Named { id, boxed } => {
                let ident = self.named_type(*id);
                if *boxed {
                    quote!(#p::Box<#ident>)
                } else {
                    quote!(#ident)
                }
            }
        }
    }
}

impl Emitter<'_> {
    /// The name of the static holding `Sources::documents[document]`. It is declared in the
    /// tool's `const _` block, so it adds no name to the invoking module.
    fn source_ident(document: usize) -> proc_macro2::Ident {
        format_ident!("__PORTAL_SCHEMA_SOURCE_{}", document)
    }

    /// The tool's input and output schemas as JSON text, once each, for every type's
    /// `schemars::JsonSchema` impl to read from. The runtime's macro expands to nothing unless
    /// its `schemars` feature is on, so without it no string reaches the binary.
    fn json_schema_sources(&self) -> TokenStream {
        let p = self.p();
        let mut out = TokenStream::new();
        for (document, schema) in self.tool.sources.documents.iter().enumerate() {
            let used =
                self.tool.sources.at.iter().any(
                    |at| matches!(at, SourceAt::Document { document: d, .. } if *d == document),
                );
            if !used {
                continue;
            }
            let ident = Self::source_ident(document);
            let text =
                lit_str(&serde_json::to_string(schema).unwrap_or_else(|_| "true".to_owned()));
            out.extend(quote!(#p::json_schema_source!(#ident, #text);));
        }
        out
    }

    /// `schemars::JsonSchema` for a generated type, reporting its source schema as it is (a
    /// draft-07 source in 2020-12 terms, the dialect schemars declares): a JSON Pointer into the
    /// tool's schema, which the impl reads when it runs. The runtime's macro expands to nothing
    /// unless its `schemars` feature is on, so the invoking crate needs no feature of its own.
    fn json_schema_impl(&self, id: TypeId, t: &TypeDef) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        let name_str = &t.name;
        match self.tool.sources.at.get(id) {
            Some(SourceAt::Document {
                document,
                pointer,
                definitions,
            }) => {
                let source = Self::source_ident(*document);
                quote!(#p::json_schema_impl!(#name, #name_str, #source, #pointer, #definitions);)
            }
            Some(SourceAt::Own(schema)) => {
                let source =
                    lit_str(&serde_json::to_string(schema).unwrap_or_else(|_| "true".to_owned()));
                quote!(#p::json_schema_impl!(#name, #name_str, #source);)
            }
            // A tool built without the sources pass: the type's own source, converted here.
            None => {
                let schema = match self.tool.dialect {
                    crate::ir::Dialect::Draft2020 => t.source.clone(),
                    crate::ir::Dialect::Draft07 => crate::dialect::to_draft2020(&t.source),
                };
                let source =
                    lit_str(&serde_json::to_string(&schema).unwrap_or_else(|_| "true".to_owned()));
                quote!(#p::json_schema_impl!(#name, #name_str, #source);)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_string_literal_has_no_escapes_when_it_can_do_without() {
        let lit = |text: &str| super::lit_str(text).to_string();
        assert_eq!(lit("plain"), r#""plain""#);
        assert_eq!(lit(""), r#""""#);
        assert_eq!(lit(r#"{"a":1}"#), r##"r#"{"a":1}"#"##);
        assert_eq!(lit(r##"a"#b"##), r###"r##"a"#b"##"###);
        assert_eq!(lit(r"back\slash"), r#"r"back\slash""#);
        assert_eq!(lit("caf\u{e9}"), "\"caf\u{e9}\"");
        // No raw string holds a carriage return, and no literal a bidirectional override
        // unescaped; a line break would spread the literal over lines: escaped instead.
        assert_eq!(lit("a\rb\"c"), r#""a\rb\"c""#);
        assert_eq!(lit("two\nlines"), r#""two\nlines""#);
        assert_eq!(lit("a\u{202e}b"), r#""a\u{202e}b""#);
    }

    const TOOL: &str = r#"{
      "name": "greet.create",
      "inputSchema": {
        "type": "object",
        "properties": {
          "to": { "type": "string", "format": "date-time", "maxLength": 40 },
          "kind": { "type": "string", "enum": ["a", "b"] },
          "extra": { "anyOf": [{ "type": "string", "format": "email" }, { "type": "integer" }] }
        }
      }
    }"#;

    fn emitted(runtime: Option<&str>) -> String {
        let options = crate::Options {
            root_name: None,
            runtime: runtime.map(str::to_owned),
            ..Default::default()
        };
        crate::Config::new()
            .options(options)
            .generate_str(TOOL)
            .unwrap()
            .to_string()
    }

    #[test]
    fn every_path_goes_through_the_runtime_given() {
        let text = emitted(Some("::renamed"));
        assert!(!text.contains("portal_runtime"), "{text}");
        assert!(
            text.contains(":: renamed :: __private_v1 :: impl_struct ! { Greet ,"),
            "{text}"
        );
        assert!(
            text.contains("# [serde (crate = \"::renamed::__private_v1::serde\")]"),
            "{text}"
        );
        let inside = emitted(Some("crate"));
        assert!(!inside.contains("portal_runtime"), "{inside}");
        assert!(
            inside.contains("crate :: __private_v1 :: impl_struct ! { Greet ,"),
            "{inside}"
        );
        assert!(
            emitted(None).contains(":: portal_runtime :: __private_v1 :: impl_struct ! { Greet ,")
        );
    }

    #[test]
    fn a_runtime_path_that_is_not_a_path_is_refused() {
        let options = crate::Options {
            root_name: None,
            runtime: Some("::not a path".to_owned()),
            ..Default::default()
        };
        let errors = crate::Config::new()
            .options(options)
            .generate_str(TOOL)
            .unwrap_err();
        assert_eq!(
            errors.to_string(),
            "schema error at (root): the runtime path \"::not a path\" is not a Rust path: expected `::` between segments"
        );
    }

    #[test]
    fn formats_are_named_by_the_runtime_enum() {
        let text = emitted(None);
        assert!(
            text.contains(
                "check :: format (value , :: portal_runtime :: __private_v1 :: Format :: DateTime"
            ),
            "{text}"
        );
        assert!(
            text.contains(":: portal_runtime :: __private_v1 :: Format :: Email"),
            "{text}"
        );
        assert!(!text.contains("\"date-time\" ,"), "{text}");
        assert_eq!(super::format_variant("date-time").to_string(), "DateTime");
        assert_eq!(super::format_variant("email").to_string(), "Email");
        for (name, variant) in [
            ("idn-email", "IdnEmail"),
            ("ipv4", "Ipv4"),
            ("uri-reference", "UriReference"),
            ("relative-json-pointer", "RelativeJsonPointer"),
        ] {
            assert_eq!(super::format_variant(name).to_string(), variant);
        }
    }

    #[test]
    fn annotated_formats_are_documented_and_not_checked() {
        let options = crate::Options {
            formats: crate::Formats::Annotate,
            ..Default::default()
        };
        let text = crate::Config::new()
            .options(options)
            .generate_str(TOOL)
            .unwrap()
            .to_string();
        assert!(!text.contains("Format ::"), "{text}");
        assert!(
            text.contains("Format `date-time` (an annotation, not checked)."),
            "{text}"
        );
        let asserted = emitted(None);
        assert!(
            asserted.contains("An RFC 3339 date-time (format `date-time`)."),
            "{asserted}"
        );
    }

    #[test]
    fn impls_and_helpers_sit_in_const_blocks() {
        let text = emitted(None);
        // The types first, then one block holding every impl and helper.
        let block = text.find("const _ : () = {").expect(&text);
        let before = &text[..block];
        assert!(before.contains("pub struct Greet"), "{text}");
        assert!(before.contains("pub enum Kind"), "{text}");
        assert!(!before.contains("impl ::"), "{before}");
        assert!(!before.contains("impl < 'de >"), "{before}");
        // The builder is items of its own (its type, its markers' module, `builder()` and the
        // setters), spelled out by the runtime's `impl_builder!` beside the struct.
        assert!(!before.contains("impl Greet"), "{before}");
        assert!(
            before.contains(
                ":: portal_runtime :: __private_v1 :: impl_builder ! { Greet , GreetBuilder ,"
            ),
            "{before}"
        );
        assert!(text[block..].contains("impl_struct ! { Greet ,"), "{text}");
        assert!(!text.contains("Self :: check_"), "{text}");
        assert!(text[block..].contains("fn check_to ("), "{text}");
    }
}
