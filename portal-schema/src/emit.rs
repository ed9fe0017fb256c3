//! Emitting: the IR → Rust tokens. Every path is absolute and goes through the runtime's private
//! re-export module, so the output compiles whatever the invoking crate has in scope.

use crate::docs;
use crate::ir::*;
use crate::naming;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

mod general;

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
    let e = Emitter {
        tool,
        runtime,
        functions: Default::default(),
    };
    let mut items = TokenStream::new();
    let mut impls = TokenStream::new();
    for (id, t) in tool.types.iter().enumerate() {
        let emitted = match &t.kind {
            TypeKind::Struct(s) => e.structure(id, t, s),
            TypeKind::Enum(en) => e.string_enum(t, en),
            TypeKind::Json(node) => e.general(id, t, node),
        };
        items.extend(emitted.item);
        let own = emitted.impls;
        let json_schema = e.json_schema_impl(t);
        impls.extend(quote!(const _: () = { #own #json_schema };));
    }
    let checkers = e.checkers();
    let operation = e.operation();
    quote! {
        #items
        const _: () = {
            #checkers
            #impls
            #operation
        };
    }
}

/// What one type emits: its definition (with its documented inherent items), and its trait
/// impls with their helper functions, which go in a `const _` block.
struct Emitted {
    item: TokenStream,
    impls: TokenStream,
}

struct Emitter<'a> {
    tool: &'a Tool,
    /// The path of the runtime crate.
    runtime: &'a TokenStream,
    /// The functions of general-form checks, emitted on demand.
    functions: general::Functions,
}

impl Emitter<'_> {
    /// `<runtime>::__private_v1`, where generated code finds everything it calls: the runtime's
    /// helpers, its traits, std and serde.
    fn p(&self) -> TokenStream {
        let rt = self.runtime;
        quote!(#rt::__private_v1)
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

fn doc_attrs(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for line in lines {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        out.extend(quote!(#[doc = #text]));
    }
    out
}

fn lit_f64(n: f64) -> Literal {
    Literal::f64_suffixed(n)
}

fn lit_usize(n: u64) -> Literal {
    Literal::usize_unsuffixed(n as usize)
}

/// A code span for rustdoc: backticks enough to hold the text.
fn code(text: &str) -> String {
    let ticks = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A bullet's text as a sentence: ends with a full stop.
fn sentence(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// The bounds of a number, keyword first, in the order they are checked.
fn bounds(r: &NumberRules) -> impl Iterator<Item = (&'static str, f64)> {
    [
        ("minimum", r.minimum),
        ("maximum", r.maximum),
        ("exclusiveMinimum", r.exclusive_minimum),
        ("exclusiveMaximum", r.exclusive_maximum),
    ]
    .into_iter()
    .filter_map(|(kw, v)| Some((kw, v?)))
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl Emitter<'_> {
    fn docs_base(&self) -> Option<&str> {
        self.tool.docs_base.as_deref()
    }

    fn type_ident(&self, id: TypeId) -> proc_macro2::Ident {
        naming::ident(&self.tool.types[id].name)
    }

    /// The Rust type of a shape.
    fn rust_type(&self, shape: &Shape) -> TokenStream {
        let p = self.p();
        match shape {
            Shape::String(_) => quote!(#p::String),
            Shape::Integer(_) => quote!(i64),
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
                let ident = self.type_ident(*id);
                if *boxed {
                    quote!(#p::Box<#ident>)
                } else {
                    quote!(#ident)
                }
            }
        }
    }

    /// Sentences describing a shape's constraints, for field docs.
    fn constraint_text(&self, shape: &Shape) -> Vec<String> {
        let mut out = Vec::new();
        match shape {
            Shape::String(r) => {
                if let Some(c) = &r.const_value {
                    out.push(format!("Always {}.", code(&format!("{c:?}"))));
                }
                if let Some(n) = r.min_length {
                    out.push(format!(
                        "At least {n} character{}.",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                if let Some(n) = r.max_length {
                    out.push(format!(
                        "At most {n} character{}.",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                if let Some(pat) = &r.pattern {
                    out.push(format!("Matches the pattern {}.", code(pat)));
                }
                match r.format.as_deref() {
                    Some("email") => out.push("An email address (format `email`).".into()),
                    Some("uri") => out.push("An absolute URI (format `uri`).".into()),
                    Some(f) => out.push(format!("Format `{f}`.")),
                    None => {}
                }
            }
            Shape::Integer(r) | Shape::Number(r) => {
                if let Some(n) = r.minimum {
                    out.push(format!("At least {}.", number_text(n)));
                }
                if let Some(n) = r.exclusive_minimum {
                    out.push(format!("Greater than {}.", number_text(n)));
                }
                if let Some(n) = r.maximum {
                    out.push(format!("At most {}.", number_text(n)));
                }
                if let Some(n) = r.exclusive_maximum {
                    out.push(format!("Less than {}.", number_text(n)));
                }
                if let Some(n) = r.multiple_of {
                    out.push(format!("A multiple of {}.", number_text(n)));
                }
            }
            Shape::Array {
                items,
                min_items,
                max_items,
            } => {
                if let Some(n) = min_items {
                    out.push(format!(
                        "At least {n} item{}.",
                        if *n == 1 { "" } else { "s" }
                    ));
                }
                if let Some(n) = max_items {
                    out.push(format!(
                        "At most {n} item{}.",
                        if *n == 1 { "" } else { "s" }
                    ));
                }
                let inner = self.constraint_text(items);
                if !inner.is_empty() {
                    let mut text = inner.join(" ");
                    if let Some(first) = text.get(..1) {
                        text.replace_range(..1, &first.to_ascii_lowercase());
                    }
                    out.push(format!("Each item: {text}"));
                }
            }
            Shape::Named { id, .. } => match self.tool.types[*id].kind {
                TypeKind::Enum(_) => out.push(format!(
                    "One of the values of [`{}`].",
                    self.tool.types[*id].name
                )),
                TypeKind::Json(_) => out.push(format!(
                    "A JSON value, checked against the schema shown on [`{}`].",
                    self.tool.types[*id].name
                )),
                TypeKind::Struct(_) => {}
            },
            Shape::Nullable(inner) => {
                out.push("May be `null`.".to_owned());
                out.extend(self.constraint_text(inner));
            }
            Shape::Boolean | Shape::Map | Shape::Any => {}
        }
        out
    }

    fn field_doc(&self, prop: &Property) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(title) = &prop.doc.title {
            lines.extend(docs::doc_lines(title, self.docs_base()));
            lines.push(String::new());
        }
        if let Some(d) = &prop.doc.description {
            let d = if matches!(prop.shape, Shape::Named { id, .. } if matches!(self.tool.types[id].kind, TypeKind::Enum(_)))
            {
                docs::enum_bullets(d).0
            } else {
                d.clone()
            };
            let body = docs::doc_lines(&d, self.docs_base());
            if !body.is_empty() {
                lines.extend(body);
                lines.push(String::new());
            }
        }
        let mut facts = vec![format!(
            "JSON property {}, {}.",
            code(&format!("{:?}", prop.json_name)),
            if prop.required {
                "required"
            } else {
                "optional"
            }
        )];
        facts.extend(self.constraint_text(&prop.shape));
        if let Some(d) = &prop.doc.default {
            facts.push(format!(
                "Default when absent (applied by the server): {}.",
                code(&d.to_string())
            ));
        }
        if !prop.doc.examples.is_empty() {
            let ex: Vec<String> = prop
                .doc
                .examples
                .iter()
                .map(|e| code(&e.to_string()))
                .collect();
            facts.push(format!(
                "Example{}: {}.",
                if ex.len() == 1 { "" } else { "s" },
                ex.join(", ")
            ));
        }
        if prop.doc.deprecated {
            facts.push("Deprecated by the schema.".into());
        }
        if prop.secret {
            facts.push("Secret: hidden from `Debug` output.".into());
        }
        lines.push(facts.join(" "));
        lines
    }

    fn type_doc(&self, id: TypeId, t: &TypeDef) -> Vec<String> {
        let mut lines = Vec::new();
        let is_root = id == self.tool.root;
        let description = if is_root {
            self.tool
                .description
                .clone()
                .or_else(|| t.doc.description.clone())
        } else {
            t.doc.description.clone()
        };
        let description = match (&t.kind, description) {
            (TypeKind::Enum(_), Some(d)) => Some(docs::enum_bullets(&d).0),
            (_, d) => d,
        };
        // A title that only names the type says nothing the type name does not.
        if let Some(title) = t
            .doc
            .title
            .as_ref()
            .filter(|title| naming::upper_camel(title, "Type") != t.name)
        {
            lines.extend(docs::doc_lines(title, self.docs_base()));
        }
        if let Some(d) = description {
            let body = docs::doc_lines(&d, self.docs_base());
            if !lines.is_empty() && !body.is_empty() {
                lines.push(String::new());
            }
            lines.extend(body);
        }
        if lines.is_empty() {
            lines.push(
                self.origin(id)
                    .unwrap_or_else(|| format!("The schema at {}.", code(&t.pointer))),
            );
        }
        if is_root {
            let mut facts = Vec::new();
            if let Some(name) = &self.tool.name {
                facts.push(format!("MCP tool {}", code(name)));
            }
            if let Some(h) = &self.tool.http {
                facts.push(format!(
                    "REST {}",
                    code(&format!("{} {}", h.method, h.path))
                ));
            }
            if !facts.is_empty() {
                let mut sentence = facts.join("; ");
                if let Some(Shape::Named { id, .. }) = &self.tool.output {
                    sentence.push_str(&format!("; returns [`{}`]", self.tool.types[*id].name));
                }
                lines.push(String::new());
                lines.push(format!("{sentence}."));
            }
        }
        if let TypeKind::Struct(Struct {
            residual: Some(_), ..
        }) = &t.kind
            && let serde_json::Value::Object(source) = &t.source
        {
            let rest: serde_json::Map<String, serde_json::Value> = source
                .iter()
                .filter(|(k, _)| crate::parse::RESIDUAL.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            lines.push(String::new());
            lines.push("`validate` also checks the object against:".to_owned());
            lines.push(String::new());
            lines.push("```json".to_owned());
            let text =
                serde_json::to_string_pretty(&serde_json::Value::Object(rest)).unwrap_or_default();
            lines.extend(text.lines().map(str::to_owned));
            lines.push("```".to_owned());
        }
        if t.doc.deprecated {
            lines.push(String::new());
            lines.push("Deprecated by the schema.".into());
        }
        lines
    }

    /// Where an undocumented type is used, as a sentence: the first property holding it.
    fn origin(&self, id: TypeId) -> Option<String> {
        fn depth(shape: &Shape, id: TypeId) -> Option<usize> {
            match shape {
                Shape::Named { id: found, .. } if *found == id => Some(0),
                Shape::Array { items, .. } => depth(items, id).map(|d| d + 1),
                Shape::Nullable(inner) => depth(inner, id),
                _ => None,
            }
        }
        self.tool.types.iter().find_map(|owner| {
            let TypeKind::Struct(s) = &owner.kind else {
                return None;
            };
            s.properties.iter().find_map(|p| {
                let what = if depth(&p.shape, id)? == 0 {
                    "The"
                } else {
                    "An item of the"
                };
                Some(format!(
                    "{what} {} property of [`{}`].",
                    code(&p.json_name),
                    owner.name
                ))
            })
        })
    }

    /// Statements checking `val` (an expression of type `&T`) at `at` (an expression of type
    /// `&Path`), with `out` and `deep` in scope. `level` keeps nested bindings apart.
    fn checks(
        &self,
        shape: &Shape,
        val: &TokenStream,
        at: &TokenStream,
        level: usize,
        in_deep: bool,
    ) -> TokenStream {
        let p = self.p();
        let mut s = TokenStream::new();
        match shape {
            Shape::String(r) => {
                if let Some(c) = &r.const_value {
                    s.extend(quote!(#p::check::const_str(#val, #c, #at, out);));
                }
                if let Some(n) = r.min_length {
                    let n = lit_usize(n);
                    s.extend(quote!(#p::check::min_length(#val, #n, #at, out);));
                }
                if let Some(n) = r.max_length {
                    let n = lit_usize(n);
                    s.extend(quote!(#p::check::max_length(#val, #n, #at, out);));
                }
                if let Some(pat) = &r.pattern {
                    let stat = general::pattern_static(&p, pat);
                    s.extend(
                        quote!({ #stat #p::check::pattern(#val, &PATTERN, #pat, #at, out); }),
                    );
                }
                if let Some(f) = &r.format {
                    let f = format_variant(f);
                    s.extend(quote!(#p::check::format(#val, #p::Format::#f, #at, out);));
                }
            }
            Shape::Integer(r) => {
                // Compared as integers, exactly: `as f64` would round past 2^53.
                let p = self.p();
                let mut limits = TokenStream::new();
                for (kw, v) in bounds(r) {
                    let v = lit_f64(v);
                    limits.extend(quote!(#p::check::bound_integer(n, #kw, #v, #at, out);));
                }
                if let Some(m) = r.multiple_of {
                    let m = lit_f64(m);
                    limits.extend(quote!(#p::check::multiple_of_integer(n, #m, #at, out);));
                }
                if !limits.is_empty() {
                    s.extend(quote!({
                        let n: i128 = #p::From::from(*#val);
                        #limits
                    }));
                }
            }
            Shape::Number(r) => {
                // A NaN or an infinity would go out as `null`: refused as not a JSON number, and
                // the bounds are checked only on a finite one.
                let mut limits = TokenStream::new();
                for (kw, v) in bounds(r) {
                    let v = lit_f64(v);
                    limits.extend(quote!(#p::check::bound(*#val, #kw, #v, #at, out);));
                }
                if let Some(m) = r.multiple_of {
                    let m = lit_f64(m);
                    limits.extend(quote!(#p::check::multiple_of(*#val, #m, #at, out);));
                }
                if limits.is_empty() {
                    s.extend(quote!(#p::check::finite(*#val, #at, out);));
                } else {
                    s.extend(quote!(if #p::check::finite(*#val, #at, out) { #limits }));
                }
            }
            Shape::Array {
                items,
                min_items,
                max_items,
            } => {
                if let Some(n) = min_items {
                    let n = lit_usize(*n);
                    s.extend(quote!(#p::check::min_items(#val, #n, #at, out);));
                }
                if let Some(n) = max_items {
                    let n = lit_usize(*n);
                    s.extend(quote!(#p::check::max_items(#val, #n, #at, out);));
                }
                let only_deep = !in_deep && !self.has_shallow(items) && self.has_deep(items);
                let item = format_ident!("item{}", level);
                let item_at = format_ident!("at{}", level);
                let inner = self.checks(
                    items,
                    &quote!(#item),
                    &quote!(&#item_at),
                    level + 1,
                    in_deep || only_deep,
                );
                if !inner.is_empty() {
                    let p = self.p();
                    // A path function call, not a method: `at` is `&atN` when nested, which a method
                    // call would borrow again (clippy's `needless_borrow`).
                    let looped = quote! {
                        for (i, #item) in #p::Iterator::enumerate(#val.iter()) {
                            let #item_at = #p::Path::index(#at, i);
                            #inner
                        }
                    };
                    s.extend(if only_deep {
                        quote!(if deep { #looped })
                    } else {
                        looped
                    });
                }
            }
            Shape::Named { .. } => {
                let call = quote!(#p::Validate::validate_at(#val, #at, out););
                s.extend(if in_deep {
                    call
                } else {
                    quote!(if deep { #call })
                });
            }
            Shape::Nullable(inner) => {
                let present = format_ident!("present{}", level);
                let inner = self.checks(inner, &quote!(#present), at, level + 1, in_deep);
                if !inner.is_empty() {
                    s.extend(quote! {
                        if let #p::Nullable::Value(#present) = #val {
                            #inner
                        }
                    });
                }
            }
            Shape::Boolean | Shape::Map | Shape::Any => {}
        }
        s
    }

    fn has_shallow(&self, shape: &Shape) -> bool {
        match shape {
            Shape::String(r) => {
                r.const_value.is_some()
                    || r.min_length.is_some()
                    || r.max_length.is_some()
                    || r.pattern.is_some()
                    || r.format.is_some()
            }
            Shape::Integer(r) => bounds(r).next().is_some() || r.multiple_of.is_some(),
            // Every number is checked to be finite.
            Shape::Number(_) => true,
            Shape::Array {
                items,
                min_items,
                max_items,
            } => min_items.is_some() || max_items.is_some() || self.has_shallow(items),
            Shape::Nullable(inner) => self.has_shallow(inner),
            _ => false,
        }
    }

    fn has_deep(&self, shape: &Shape) -> bool {
        match shape {
            Shape::Named { .. } => true,
            Shape::Array { items, .. } | Shape::Nullable(items) => self.has_deep(items),
            _ => false,
        }
    }

    fn structure(&self, id: TypeId, t: &TypeDef, s: &Struct) -> Emitted {
        let p = self.p();
        let name = naming::ident(&t.name);
        let name_str = &t.name;
        let doc = doc_attrs(&self.type_doc(id, t));
        let any_secret = s.properties.iter().any(|f| f.secret);
        let all_optional = s.properties.iter().all(|f| !f.required);

        let mut fields = TokenStream::new();
        for prop in &s.properties {
            let ident = naming::field_ident(&prop.rust_name);
            let ty = self.rust_type(&prop.shape);
            let ty = if prop.required {
                ty
            } else {
                quote!(#p::Option<#ty>)
            };
            let fdoc = doc_attrs(&self.field_doc(prop));
            let plain = ident.to_string();
            let plain = plain.trim_start_matches("r#");
            let json = &prop.json_name;
            let mut serde_args = Vec::new();
            if plain != json {
                serde_args.push(quote!(rename = #json));
            }
            if !prop.required {
                let is_none = format!("{p}::Option::is_none").replace(' ', "");
                serde_args.push(quote!(skip_serializing_if = #is_none));
            }
            let serde_attr = if serde_args.is_empty() {
                quote!()
            } else {
                quote!(#[serde(#(#serde_args),*)])
            };
            // bon drops a leading underscore from a member's name (`_1st` → `1st`, not an
            // identifier): name the member itself, and keep the setter named like the field.
            let builder_attr = match plain.strip_prefix('_') {
                Some(rest) => {
                    let member = format_ident!("num_{}", rest);
                    quote!(#[builder(into, name = #member, setters(name = #ident))])
                }
                None => quote!(#[builder(into)]),
            };
            fields.extend(quote! {
                #fdoc
                #serde_attr
                #builder_attr
                pub #ident: #ty,
            });
        }

        let derive_debug = if any_secret { quote!() } else { quote!(Debug,) };
        let derive_default = if all_optional {
            quote!(Default,)
        } else {
            quote!()
        };
        let serde_crate = format!("{p}::serde").replace(' ', "");

        let item = quote! {
            #doc
            #[derive(Clone, #derive_debug PartialEq, #derive_default #p::serde::Serialize, #p::bon::Builder)]
            #[serde(crate = #serde_crate)]
            #[builder(crate = #p::bon)]
            #[non_exhaustive]
            pub struct #name {
                #fields
            }
        };

        let debug_impl = if any_secret {
            let entries = s.properties.iter().map(|f| {
                let ident = naming::field_ident(&f.rust_name);
                let label = ident.to_string().trim_start_matches("r#").to_owned();
                if f.secret {
                    quote!(.field(#label, &"[redacted]"))
                } else {
                    quote!(.field(#label, &self.#ident))
                }
            });
            quote! {
                #[automatically_derived]
                impl #p::fmt::Debug for #name {
                    fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                        f.debug_struct(#name_str) #(#entries)* .finish()
                    }
                }
            }
        } else {
            quote!()
        };

        // Deserialize: objects only, optional values decoded as the inner type (so `null` is
        // refused), duplicates refused.
        let slots = s.properties.iter().map(|f| {
            let ident = format_ident!(
                "f_{}",
                naming::snake_case(&f.rust_name).trim_start_matches('_')
            );
            quote!(let mut #ident = #p::None;)
        });
        let arms = s.properties.iter().map(|f| {
            let ident = format_ident!(
                "f_{}",
                naming::snake_case(&f.rust_name).trim_start_matches('_')
            );
            let json = &f.json_name;
            if reads_through_wire(&f.shape) {
                quote!(#json => #p::de::next_wire_value(&mut map, &mut #ident, #json)?,)
            } else {
                quote!(#json => #p::de::next_value(&mut map, &mut #ident, #json)?,)
            }
        });
        let declared: Vec<&str> = s.properties.iter().map(|f| f.json_name.as_str()).collect();
        let other_arm = if s.additional {
            quote!(_ => #p::de::skip_value(&mut map)?,)
        } else {
            quote!(_ => return #p::Err(#p::de::unknown_property(&key, &[#(#declared),*])),)
        };
        let inits = s.properties.iter().map(|f| {
            let field = naming::field_ident(&f.rust_name);
            let ident = format_ident!(
                "f_{}",
                naming::snake_case(&f.rust_name).trim_start_matches('_')
            );
            let json = &f.json_name;
            if f.required {
                quote!(#field: #p::de::required(#ident, #json)?,)
            } else {
                quote!(#field: #ident,)
            }
        });
        let expecting = format!("an object ({name_str})");
        let deserialize = quote! {
            #[automatically_derived]
            // `__`-prefixed names: a schema type may be called `Visitor`, `A` or `D`, and
            // generated type names never start with an underscore.
            impl<'de> #p::serde::Deserialize<'de> for #name {
                fn deserialize<__D>(deserializer: __D) -> #p::Result<Self, __D::Error>
                where
                    __D: #p::serde::Deserializer<'de>,
                {
                    struct __Visitor;
                    impl<'de> #p::serde::de::Visitor<'de> for __Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_map<__A>(self, mut map: __A) -> #p::Result<#name, __A::Error>
                        where
                            __A: #p::serde::de::MapAccess<'de>,
                        {
                            #(#slots)*
                            while let #p::Some(key) = #p::de::next_key(&mut map)? {
                                match key.as_str() {
                                    #(#arms)*
                                    #other_arm
                                }
                            }
                            #p::Ok(#name { #(#inits)* })
                        }
                    }
                    #p::serde::Deserializer::deserialize_map(deserializer, __Visitor)
                }
            }
        };

        // Checks: one private function per property holds that property's own checks, so that
        // decoding can run them right after the property decodes and violations come out in
        // schema order, as they do from `validate`. `deep` says whether to descend into nested
        // generated types (validation) or not (decoding, where nested types were already checked
        // as they were decoded).
        let slot = |f: &Property| {
            format_ident!(
                "f_{}",
                naming::snake_case(&f.rust_name).trim_start_matches('_')
            )
        };
        let check_name = |f: &Property| {
            format_ident!(
                "check_{}",
                naming::snake_case(&f.rust_name).trim_start_matches('_')
            )
        };
        // An array's item counts are checked apart from its items: decoding checks them on the
        // JSON array before it decodes the items, so they are reported even when an item does not
        // decode, and ahead of the items' violations, as `validate` reports them.
        let counts = |f: &Property, val: TokenStream| {
            let mut out = TokenStream::new();
            if let Shape::Array {
                min_items,
                max_items,
                ..
            } = &f.shape
            {
                if let Some(n) = min_items {
                    let n = lit_usize(*n);
                    out.extend(quote!(#p::check::min_items(#val, #n, &at, out);));
                }
                if let Some(n) = max_items {
                    let n = lit_usize(*n);
                    out.extend(quote!(#p::check::max_items(#val, #n, &at, out);));
                }
            }
            out
        };
        let own_shape = |f: &Property| match &f.shape {
            Shape::Array { items, .. } => Shape::Array {
                items: items.clone(),
                min_items: None,
                max_items: None,
            },
            other => other.clone(),
        };
        let checked: Vec<&Property> = s
            .properties
            .iter()
            .filter(|f| self.has_shallow(&own_shape(f)) || self.has_deep(&own_shape(f)))
            .collect();
        let check_fns = checked.iter().map(|f| {
            let check = check_name(f);
            // `str` for a `String`, a slice for a `Vec`, the type for a `Box` (clippy's `ptr_arg`
            // and `borrowed_box`); callers' references coerce.
            let ty = match &f.shape {
                Shape::String(_) => quote!(str),
                Shape::Array { items, .. } => {
                    let item = self.rust_type(items);
                    quote!([#item])
                }
                Shape::Named { id, .. } => {
                    let ident = self.type_ident(*id);
                    quote!(#ident)
                }
                other => self.rust_type(other),
            };
            let inner = self.checks(&own_shape(f), &quote!(value), &quote!(at), 0, false);
            let deep = if self.has_deep(&f.shape) {
                quote!(, deep: bool)
            } else {
                quote!()
            };
            quote! {
                fn #check(value: &#ty, at: &#p::Path<'_>, out: &mut #p::Violations #deep) {
                    #inner
                }
            }
        });
        let check_fn = if checked.is_empty() {
            quote!()
        } else {
            quote!(#(#check_fns)*)
        };
        let validate_calls: Vec<TokenStream> = s
            .properties
            .iter()
            .filter_map(|f| {
                let ident = naming::field_ident(&f.rust_name);
                let check = check_name(f);
                let json = &f.json_name;
                let deep = if self.has_deep(&f.shape) {
                    quote!(, true)
                } else {
                    quote!()
                };
                let counts = counts(f, quote!(value));
                let call = if checked.iter().any(|c| std::ptr::eq(*c, f)) {
                    quote!(#check(value, &at, out #deep);)
                } else if counts.is_empty() {
                    return None;
                } else {
                    quote!()
                };
                Some(if f.required {
                    quote! {{
                        let value = &self.#ident;
                        let at = at.key(#json);
                        #counts
                        #call
                    }}
                } else {
                    quote! {
                        if let #p::Some(value) = &self.#ident {
                            let at = at.key(#json);
                            #counts
                            #call
                        }
                    }
                })
            })
            .collect();
        // Object-level keywords: on the instance when decoding, on the struct's JSON when
        // validating (the parser kept only those both answer alike).
        let residual = s
            .residual
            .as_ref()
            .map(|node| self.node_checks(node))
            .unwrap_or_default();
        let validate_residual = if residual.is_empty() {
            quote!()
        } else {
            quote! {
                if let #p::Ok(value) = #p::serde_json::to_value(self) {
                    let value = &value;
                    #residual
                }
            }
        };
        let validate_body = if validate_calls.is_empty() && residual.is_empty() {
            quote!(let _ = (at, out);)
        } else {
            quote!(#(#validate_calls)* #validate_residual)
        };
        let collapsible = if residual.is_empty() {
            quote!()
        } else {
            quote!(#[allow(clippy::collapsible_if)])
        };

        let closed = if s.additional {
            quote!()
        } else {
            quote!(#p::validate::no_other_properties(map, &[#(#declared),*], at, out);)
        };
        let decodes = s.properties.iter().map(|f| {
            let ident = slot(f);
            let ty = self.rust_type(&f.shape);
            let json = &f.json_name;
            let counts = counts(f, quote!(items));
            let counted = if counts.is_empty() {
                quote!()
            } else {
                quote! {
                    if let #p::Some(#p::serde_json::Value::Array(items)) = map.get(#json) {
                        let at = at.key(#json);
                        #counts
                    }
                }
            };
            let decode = if f.required {
                quote!(let #ident = #p::validate::required_property::<#ty>(map, #json, at, out);)
            } else {
                quote!(let #ident = #p::validate::optional_property::<#ty>(map, #json, at, out);)
            };
            if !self.has_shallow(&own_shape(f)) {
                return quote!(#counted #decode);
            }
            // Items with constraints of their own are checked as each decodes, so that one item of
            // the wrong type hides none of the others' problems.
            if let Shape::Array { items, .. } = &f.shape
                && !self.has_deep(items)
            {
                let item_ty = self.rust_type(items);
                let item_checks = self.checks(items, &quote!(value), &quote!(at), 1, false);
                let which = if f.required { quote!(required_items) } else { quote!(optional_items) };
                return quote! {
                    #counted
                    let #ident = #p::validate::#which::<#item_ty>(map, #json, at, out, |value, at, out| {
                        #item_checks
                    });
                };
            }
            let check = check_name(f);
            let deep = if self.has_deep(&f.shape) { quote!(, false) } else { quote!() };
            let value = if f.required { quote!(#ident.as_ref()) } else { quote!(#p::validate::decoded(&#ident)) };
            quote! {
                #counted
                #decode
                if let #p::Some(value) = #value {
                    #check(value, &at.key(#json), out #deep);
                }
            }
        });
        let builds = s.properties.iter().map(|f| {
            let field = naming::field_ident(&f.rust_name);
            let ident = format_ident!(
                "f_{}",
                naming::snake_case(&f.rust_name).trim_start_matches('_')
            );
            quote!(#field: #ident?,)
        });

        let impls = quote! {
            #debug_impl
            #deserialize
            #check_fn
            #[automatically_derived]
            impl #p::Validate for #name {
                #collapsible
                fn validate_at(&self, at: &#p::Path<'_>, out: &mut #p::Violations) {
                    #validate_body
                }
            }
            #[automatically_derived]
            impl #p::FromValue for #name {
                #collapsible
                fn from_value_at(
                    value: &#p::serde_json::Value,
                    at: &#p::Path<'_>,
                    out: &mut #p::Violations,
                ) -> #p::Option<Self> {
                    let map = #p::validate::object(value, at, out)?;
                    #closed
                    #(#decodes)*
                    #residual
                    #p::Some(#name { #(#builds)* })
                }
            }
        };
        Emitted { item, impls }
    }

    fn string_enum(&self, t: &TypeDef, e: &StringEnum) -> Emitted {
        let p = self.p();
        let name = naming::ident(&t.name);
        let name_str = &t.name;
        let id = self
            .tool
            .types
            .iter()
            .position(|x| std::ptr::eq(x, t))
            .unwrap_or(0);
        let doc = doc_attrs(&self.type_doc(id, t));
        let variants = e.variants.iter().map(|v| {
            let ident = naming::ident(&v.rust_name);
            let mut lines = match &v.doc {
                Some(d) => {
                    let mut l = docs::doc_lines(&sentence(d), self.docs_base());
                    l.push(String::new());
                    l
                }
                None => Vec::new(),
            };
            lines.push(format!("JSON {}.", code(&format!("{:?}", v.value))));
            let vdoc = doc_attrs(&lines);
            quote!(#vdoc #ident,)
        });
        let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
        let as_str_arms = e.variants.iter().map(|v| {
            let ident = naming::ident(&v.rust_name);
            let value = &v.value;
            quote!(Self::#ident => #value,)
        });
        let from_arms = e.variants.iter().map(|v| {
            let ident = naming::ident(&v.rust_name);
            let value = &v.value;
            quote!(#value => Self::#ident,)
        });
        let other_doc = format!(
            " A value not listed when these bindings were generated, such as one added to the schema later. Decoding keeps it, so newer data still parses; validation refuses it, and [`{name_str}::from_str`](#{p}::FromStr::from_str) never returns it."
        );
        let other_doc = other_doc.replace(
            &format!("#{p}::FromStr::from_str"),
            "std::str::FromStr::from_str",
        );
        let item = quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[doc = #other_doc]
                Other(#p::String),
            }

            impl #name {
                /// Every value the schema lists, in schema order.
                pub const VALUES: &'static [&'static str] = &[#(#values),*];

                /// The JSON value of this variant.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#as_str_arms)*
                        Self::Other(value) => value,
                    }
                }

                /// The variant for a JSON value; a value the schema does not list becomes `Other`.
                pub fn from_json_str(value: &str) -> Self {
                    match value {
                        #(#from_arms)*
                        other => Self::Other(#p::ToString::to_string(other)),
                    }
                }
            }
        };
        let impls = quote! {

            #[automatically_derived]
            impl #p::fmt::Display for #name {
                fn fmt(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            #[automatically_derived]
            impl #p::FromStr for #name {
                type Err = #p::UnknownValue;
                fn from_str(value: &str) -> #p::Result<Self, Self::Err> {
                    match Self::from_json_str(value) {
                        Self::Other(found) => #p::Err(#p::UnknownValue {
                            type_name: #name_str,
                            found,
                            expected: Self::VALUES,
                        }),
                        known => #p::Ok(known),
                    }
                }
            }

            #[automatically_derived]
            impl #p::serde::Serialize for #name {
                fn serialize<S>(&self, serializer: S) -> #p::Result<S::Ok, S::Error>
                where
                    S: #p::serde::Serializer,
                {
                    serializer.serialize_str(self.as_str())
                }
            }

            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #name {
                fn deserialize<D>(deserializer: D) -> #p::Result<Self, D::Error>
                where
                    D: #p::serde::Deserializer<'de>,
                {
                    let value = #p::de::string(deserializer)?;
                    #p::Ok(Self::from_json_str(&value))
                }
            }

            #[automatically_derived]
            impl #p::Validate for #name {
                fn validate_at(&self, at: &#p::Path<'_>, out: &mut #p::Violations) {
                    if let Self::Other(value) = self {
                        #p::check::enum_str(value, Self::VALUES, at, out);
                    }
                }
            }

            #[automatically_derived]
            impl #p::FromValue for #name {
                fn from_value_at(
                    value: &#p::serde_json::Value,
                    at: &#p::Path<'_>,
                    out: &mut #p::Violations,
                ) -> #p::Option<Self> {
                    let decoded = Self::from_json_str(#p::validate::string(value, at, out)?);
                    let before = out.len();
                    #p::Validate::validate_at(&decoded, at, out);
                    if out.len() == before { #p::Some(decoded) } else { #p::None }
                }
            }
        };
        Emitted { item, impls }
    }

    fn operation(&self) -> TokenStream {
        let (Some(name), Some(http)) = (&self.tool.name, &self.tool.http) else {
            return quote!();
        };
        let p = self.p();
        let root = self.type_ident(self.tool.root);
        let method = format_ident!(
            "{}",
            match http.method.as_str() {
                "GET" => "Get",
                "PUT" => "Put",
                "PATCH" => "Patch",
                "DELETE" => "Delete",
                _ => "Post",
            }
        );
        let path = &http.path;
        let output = match &self.tool.output {
            Some(shape) => self.rust_type(shape),
            None => quote!(#p::serde_json::Value),
        };
        let headers: Vec<TokenStream> = match &self.tool.types[self.tool.root].kind {
            TypeKind::Struct(s) => s
                .properties
                .iter()
                .filter_map(|f| {
                    let h = f.mcp_header.as_ref()?;
                    let json = &f.json_name;
                    Some(quote!((#json, #h)))
                })
                .collect(),
            TypeKind::Enum(_) | TypeKind::Json(_) => Vec::new(),
        };
        let headers = if headers.is_empty() {
            quote!()
        } else {
            quote!(const MCP_HEADERS: &'static [(&'static str, &'static str)] = &[#(#headers),*];)
        };
        quote! {
            #[automatically_derived]
            impl #p::Operation for #root {
                const TOOL: &'static str = #name;
                const METHOD: #p::Method = #p::Method::#method;
                const PATH: &'static str = #path;
                #headers
                type Output = #output;
            }
        }
    }
}

/// Whether a field's value is read through its `de::Wire` form: integers (`de::Integer` takes
/// `7.0` as JSON Schema does) and JSON values and objects (`de::StrictValue` refuses a repeated
/// property, where `serde_json::Value` keeps the last), or lists of them.
fn reads_through_wire(shape: &Shape) -> bool {
    match shape {
        Shape::Integer(_) | Shape::Map | Shape::Any => true,
        Shape::Array { items, .. } | Shape::Nullable(items) => reads_through_wire(items),
        _ => false,
    }
}

impl Emitter<'_> {
    /// `schemars::JsonSchema` for a generated type, reporting its source schema as it is (a
    /// draft-07 source in 2020-12 terms, the dialect schemars declares). The runtime's macro
    /// expands to nothing unless its `schemars` feature is on, so the invoking crate needs no
    /// feature of its own.
    fn json_schema_impl(&self, t: &TypeDef) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        let name_str = &t.name;
        let source = match self.tool.dialect {
            crate::node::Dialect::Draft2020 => t.source.clone(),
            crate::node::Dialect::Draft07 => crate::node::to_draft2020(&t.source),
        };
        let source = serde_json::to_string(&source).unwrap_or_else(|_| "true".to_owned());
        quote!(#p::json_schema_impl!(#name, #name_str, #source);)
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

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

    fn emitted(runtime: Option<proc_macro2::TokenStream>) -> String {
        let options = crate::Options {
            root_name: None,
            runtime,
        };
        crate::generate_str(TOOL, None, &options)
            .unwrap()
            .to_string()
    }

    #[test]
    fn every_path_goes_through_the_runtime_given() {
        let text = emitted(Some(quote!(::renamed)));
        assert!(!text.contains("portal_runtime"), "{text}");
        assert!(text.contains(":: renamed :: __private_v1 :: Validate for Greet"), "{text}");
        assert!(text.contains("# [serde (crate = \"::renamed::__private_v1::serde\")]"), "{text}");
        let inside = emitted(Some(quote!(crate)));
        assert!(!inside.contains("portal_runtime"), "{inside}");
        assert!(inside.contains("crate :: __private_v1 :: Validate for Greet"), "{inside}");
        assert!(emitted(None).contains(":: portal_runtime :: __private_v1 :: Validate for Greet"));
    }

    #[test]
    fn formats_are_named_by_the_runtime_enum() {
        let text = emitted(None);
        assert!(text.contains("check :: format (value , :: portal_runtime :: __private_v1 :: Format :: DateTime"), "{text}");
        assert!(text.contains(":: portal_runtime :: __private_v1 :: Format :: Email"), "{text}");
        assert!(!text.contains("\"date-time\" ,"), "{text}");
        assert_eq!(super::format_variant("date-time").to_string(), "DateTime");
        assert_eq!(super::format_variant("email").to_string(), "Email");
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
        assert!(!text.contains("impl Greet"), "{text}");
        assert!(!text.contains("Self :: check_"), "{text}");
        assert!(text[block..].contains("fn check_to ("), "{text}");
    }
}
