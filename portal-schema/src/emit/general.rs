//! Emitting general-form types: a newtype over `serde_json::Value` whose checks are generated
//! from the schema's [`Node`], and one function per `$ref` target.

use super::{Emitter, doc_attrs, lit_f64, lit_usize, p, rt};
use crate::ir::TypeDef;
use crate::node::{Keywords, Node};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `{ let out = &mut Violations::default(); <checks> out.is_empty() }`: whether `value` matches.
fn matches_block(e: &Emitter<'_>, node: &Node) -> TokenStream {
    match node {
        Node::Bool(b) => quote!(#b),
        Node::Schema(_) => {
            let rt = rt();
            let checks = e.node_checks(node);
            quote!({
                let out = &mut #rt::Violations::default();
                #checks
                out.is_empty()
            })
        }
    }
}

/// A `static` compiled pattern named `name`, and the expression naming it.
fn pattern_static(pattern: &str) -> TokenStream {
    let p = p();
    quote! {
        static PATTERN: #p::LazyLock<#p::regress::Regex> = #p::LazyLock::new(|| {
            #p::regress::Regex::with_flags(#pattern, "u")
                .expect("the pattern was compiled when the bindings were generated")
        });
    }
}

/// A `static` JSON value parsed from `text`.
fn json_static(name: &str, value: &serde_json::Value) -> TokenStream {
    let p = p();
    let ident = format_ident!("{}", name);
    let text = value.to_string();
    quote! {
        static #ident: #p::LazyLock<#p::serde_json::Value> = #p::LazyLock::new(|| {
            #p::serde_json::from_str(#text).expect("the value was read from the schema")
        });
    }
}

impl Emitter<'_> {
    /// The checking function of `$ref` target `index`.
    pub(super) fn checker_path(&self, index: usize) -> TokenStream {
        let root = self.type_ident(self.tool.root);
        let f = format_ident!("__check_{}", index);
        quote!(#root::#f)
    }

    /// The `$ref` targets' functions, as an `impl` of the root type.
    pub(super) fn checkers(&self) -> TokenStream {
        if self.tool.checkers.is_empty() {
            return quote!();
        }
        let p = p();
        let rt = rt();
        let root = self.type_ident(self.tool.root);
        let fns = self.tool.checkers.iter().enumerate().map(|(i, c)| {
            let f = format_ident!("__check_{}", i);
            let doc = format!(" Checks an instance against the schema at `{}`.", c.pointer);
            let body = self.node_checks(&c.node);
            let body = if body.is_empty() {
                quote!(let _ = (value, at, out);)
            } else {
                body
            };
            quote! {
                #[doc = #doc]
                // One `if let` per JSON type and per property, generated apart: left nested.
                #[allow(clippy::collapsible_if)]
                fn #f(value: &#p::serde_json::Value, at: &#rt::Path<'_>, out: &mut #rt::Violations) {
                    #body
                }
            }
        });
        quote! {
            impl #root {
                #(#fns)*
            }
        }
    }

    /// The items of a general-form type.
    pub(super) fn general(&self, id: usize, t: &TypeDef, node: &Node) -> TokenStream {
        let p = p();
        let rt = rt();
        let name = crate::naming::ident(&t.name);
        let mut lines = self.type_doc(id, t);
        lines.push(String::new());
        lines.push(
            "Kept as JSON: no Rust type states this schema exactly. `validate` checks the value against it:"
                .to_owned(),
        );
        lines.push(String::new());
        lines.push("```json".to_owned());
        let schema = serde_json::to_string_pretty(&t.source).unwrap_or_default();
        lines.extend(schema.lines().map(str::to_owned));
        lines.push("```".to_owned());
        let doc = doc_attrs(&lines);
        let serde_crate = format!("{p}::serde").replace(' ', "");
        let checks = self.node_checks(node);
        let body = if checks.is_empty() {
            quote!(let _ = (at, out);)
        } else {
            quote!(let value = &self.0; #checks)
        };
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, #p::serde::Serialize, #p::serde::Deserialize)]
            #[serde(crate = #serde_crate, transparent)]
            pub struct #name(pub #p::serde_json::Value);

            #[automatically_derived]
            impl #p::From<#p::serde_json::Value> for #name {
                fn from(value: #p::serde_json::Value) -> Self {
                    Self(value)
                }
            }

            #[automatically_derived]
            impl #rt::Validate for #name {
                #[allow(clippy::collapsible_if)]
                fn validate_at(&self, at: &#rt::Path<'_>, out: &mut #rt::Violations) {
                    #body
                }
            }

            #[automatically_derived]
            impl #rt::FromValue for #name {
                fn from_value_at(
                    value: &#p::serde_json::Value,
                    at: &#rt::Path<'_>,
                    out: &mut #rt::Violations,
                ) -> #p::Option<Self> {
                    let before = out.len();
                    let decoded = Self(#p::Clone::clone(value));
                    #rt::Validate::validate_at(&decoded, at, out);
                    if out.len() == before { #p::Some(decoded) } else { #p::None }
                }
            }
        }
    }

    /// Statements checking `value: &Value` at `at: &Path` into `out: &mut Violations`.
    pub(super) fn node_checks(&self, node: &Node) -> TokenStream {
        let rt = rt();
        match node {
            Node::Bool(true) => quote!(),
            Node::Bool(false) => quote!(#rt::instance::nothing(value, at, out);),
            Node::Schema(k) => self.keyword_checks(k),
        }
    }

    fn keyword_checks(&self, k: &Keywords) -> TokenStream {
        let p = p();
        let rt = rt();
        let value_ty = quote!(#p::serde_json::Value);
        let mut s = TokenStream::new();
        if let Some(r) = k.reference {
            let f = self.checker_path(r);
            s.extend(quote!(#f(value, at, out);));
        }
        if let Some(types) = &k.types {
            s.extend(quote!(#rt::instance::types(value, &[#(#types),*], at, out);));
        }
        if let Some(c) = &k.const_value {
            let stat = json_static("CONST", c);
            s.extend(quote!({ #stat #rt::instance::const_value(value, &CONST, at, out); }));
        }
        if let Some(e) = &k.enum_values {
            let stat = json_static("ENUM", e);
            s.extend(quote!({ #stat #rt::instance::enum_value(value, &ENUM, at, out); }));
        }

        // Strings.
        let mut strings = TokenStream::new();
        if let Some(n) = k.min_length {
            let n = lit_usize(n);
            strings.extend(quote!(#rt::check::min_length(text, #n, at, out);));
        }
        if let Some(n) = k.max_length {
            let n = lit_usize(n);
            strings.extend(quote!(#rt::check::max_length(text, #n, at, out);));
        }
        if let Some(pat) = &k.pattern {
            let stat = pattern_static(pat);
            strings.extend(quote!({ #stat #rt::check::pattern(text, &PATTERN, #pat, at, out); }));
        }
        if let Some(f) = &k.format {
            strings.extend(quote!(#rt::check::format(text, #f, at, out);));
        }
        if !strings.is_empty() {
            s.extend(quote!(if let #value_ty::String(text) = value { #strings }));
        }

        // Numbers.
        if !k.numbers.is_empty() {
            let checks = k.numbers.iter().map(|(kw, n)| {
                let n = lit_f64(*n);
                if *kw == "multipleOf" {
                    quote!(#rt::check::multiple_of(number, #n, at, out);)
                } else {
                    quote!(#rt::check::bound(number, #kw, #n, at, out);)
                }
            });
            s.extend(
                quote!(if let #p::Some(number) = #rt::instance::number(value) { #(#checks)* }),
            );
        }

        // Arrays.
        let mut arrays = TokenStream::new();
        if let Some(n) = k.min_items {
            let n = lit_usize(n);
            arrays.extend(quote!(#rt::check::min_items(items, #n, at, out);));
        }
        if let Some(n) = k.max_items {
            let n = lit_usize(n);
            arrays.extend(quote!(#rt::check::max_items(items, #n, at, out);));
        }
        if k.unique_items {
            arrays.extend(quote!(#rt::instance::unique_items(items, at, out);));
        }
        for (i, item) in k.prefix_items.iter().enumerate() {
            let checks = self.node_checks(item);
            if !checks.is_empty() {
                let get = if i == 0 {
                    quote!(items.first())
                } else {
                    let i = lit_usize(i as u64);
                    quote!(items.get(#i))
                };
                let i = lit_usize(i as u64);
                arrays.extend(quote! {
                    if let #p::Some(value) = #get {
                        let at = &at.index(#i);
                        #checks
                    }
                });
            }
        }
        if let Some(rest) = &k.items {
            let checks = self.node_checks(rest);
            if !checks.is_empty() {
                let iter = if k.prefix_items.is_empty() {
                    quote!(#p::Iterator::enumerate(items.iter()))
                } else {
                    let skip = lit_usize(k.prefix_items.len() as u64);
                    quote!(#p::Iterator::skip(#p::Iterator::enumerate(items.iter()), #skip))
                };
                arrays.extend(quote! {
                    for (i, value) in #iter {
                        let at = &at.index(i);
                        #checks
                    }
                });
            }
        }
        if !arrays.is_empty() {
            s.extend(quote!(if let #value_ty::Array(items) = value { #arrays }));
        }

        // Objects.
        let mut objects = TokenStream::new();
        if !k.required.is_empty() {
            let names = &k.required;
            objects.extend(quote!(#rt::instance::required(map, &[#(#names),*], at, out);));
        }
        if let Some(n) = k.min_properties {
            let n = lit_usize(n);
            objects.extend(quote!(#rt::instance::min_properties(map, #n, at, out);));
        }
        if let Some(n) = k.max_properties {
            let n = lit_usize(n);
            objects.extend(quote!(#rt::instance::max_properties(map, #n, at, out);));
        }
        for (key, names) in &k.dependent_required {
            if !names.is_empty() {
                objects.extend(
                    quote!(#rt::instance::dependent_required(map, #key, &[#(#names),*], at, out);),
                );
            }
        }
        for (key, node) in &k.dependent_schemas {
            let checks = self.node_checks(node);
            if !checks.is_empty() {
                objects.extend(quote!(if map.contains_key(#key) { #checks }));
            }
        }
        for (key, node) in &k.properties {
            let checks = self.node_checks(node);
            if !checks.is_empty() {
                objects.extend(quote! {
                    if let #p::Some(value) = map.get(#key) {
                        let at = &at.key(#key);
                        #checks
                    }
                });
            }
        }
        if let Some(names) = &k.property_names {
            let checks = self.node_checks(names);
            if !checks.is_empty() {
                objects.extend(quote! {
                    for key in map.keys() {
                        let value = &#value_ty::String(#p::Clone::clone(key));
                        let at = &at.key(key);
                        #checks
                    }
                });
            }
        }
        objects.extend(self.property_loop(k));
        if !objects.is_empty() {
            s.extend(quote!(if let #value_ty::Object(map) = value { #objects }));
        }

        // Applicators.
        for node in &k.all_of {
            let checks = self.node_checks(node);
            if !checks.is_empty() {
                s.extend(quote!({ #checks }));
            }
        }
        // A `false` branch never matches: only the others are tried.
        if !k.any_of.is_empty() && !k.any_of.iter().any(Node::is_true) {
            let blocks: Vec<TokenStream> = k
                .any_of
                .iter()
                .filter(|n| !matches!(n, Node::Bool(false)))
                .map(|n| matches_block(self, n))
                .collect();
            let count = lit_usize(k.any_of.len() as u64);
            let matched = if blocks.is_empty() {
                quote!(false)
            } else {
                quote!(#(#blocks)||*)
            };
            s.extend(quote! {
                let matched = #matched;
                #rt::instance::any_of(matched, #count, at, out);
            });
        }
        if !k.one_of.is_empty() {
            let blocks: Vec<TokenStream> = k
                .one_of
                .iter()
                .filter(|n| !matches!(n, Node::Bool(false)))
                .map(|n| matches_block(self, n))
                .collect();
            let count = lit_usize(k.one_of.len() as u64);
            let matched = match blocks.len() {
                0 => quote!(0),
                _ => {
                    quote!(#p::Iterator::count(#p::Iterator::filter(#p::IntoIterator::into_iter([#(#blocks),*]), |m| *m)))
                }
            };
            s.extend(quote! {
                let matched = #matched;
                #rt::instance::one_of(matched, #count, at, out);
            });
        }
        if let Some(node) = &k.not {
            let block = matches_block(self, node);
            s.extend(quote!(#rt::instance::not(#block, at, out);));
        }
        if let Some(c) = &k.condition {
            let then = c
                .then
                .as_ref()
                .map(|n| self.node_checks(n))
                .unwrap_or_default();
            let otherwise = c
                .otherwise
                .as_ref()
                .map(|n| self.node_checks(n))
                .unwrap_or_default();
            match &c.test {
                Node::Bool(true) => s.extend(then),
                Node::Bool(false) => s.extend(otherwise),
                test => {
                    let block = matches_block(self, test);
                    match (then.is_empty(), otherwise.is_empty()) {
                        (true, true) => {}
                        (false, true) => {
                            s.extend(quote!(let matched = #block; if matched { #then }))
                        }
                        (true, false) => {
                            s.extend(quote!(let matched = #block; if !matched { #otherwise }))
                        }
                        (false, false) => s.extend(
                            quote!(let matched = #block; if matched { #then } else { #otherwise }),
                        ),
                    }
                }
            }
        }
        s
    }

    /// `patternProperties` and `additionalProperties`: one pass over the object's properties.
    fn property_loop(&self, k: &Keywords) -> TokenStream {
        let p = p();
        let rt = rt();
        let patterns: Vec<(&String, TokenStream)> = k
            .pattern_properties
            .iter()
            .map(|(pat, n)| (pat, self.node_checks(n)))
            .collect();
        let additional = match &k.additional_properties {
            None | Some(Node::Bool(true)) => None,
            Some(Node::Bool(false)) => Some((
                quote!(#rt::instance::no_such_property(key, at, out);),
                false,
            )),
            Some(n) => {
                let checks = self.node_checks(n);
                Some((quote!({ let at = &at.key(key); #checks }), true))
            }
        };
        let pattern_checks = patterns.iter().any(|(_, c)| !c.is_empty());
        if additional.is_none() && !pattern_checks {
            return quote!();
        }
        let uses_value = pattern_checks || additional.as_ref().is_some_and(|(_, v)| *v);
        let mut body = TokenStream::new();
        let declared: Vec<&String> = k.properties.iter().map(|(name, _)| name).collect();
        if additional.is_some() {
            let init = if declared.is_empty() {
                quote!(false)
            } else {
                quote!(::core::matches!(key.as_str(), #(#declared)|*))
            };
            let mutable = if patterns.is_empty() {
                quote!()
            } else {
                quote!(mut)
            };
            body.extend(quote!(let #mutable matched = #init;));
        }
        for (pat, checks) in &patterns {
            let stat = pattern_static(pat);
            let mark = if additional.is_some() {
                quote!(matched = true;)
            } else {
                quote!()
            };
            if checks.is_empty() && additional.is_none() {
                continue;
            }
            let run = if checks.is_empty() {
                quote!()
            } else {
                quote!(let at = &at.key(key); #checks)
            };
            body.extend(quote! {{
                #stat
                if #p::Option::is_some(&PATTERN.find(key)) {
                    #mark
                    #run
                }
            }});
        }
        if let Some((checks, _)) = additional {
            body.extend(quote!(if !matched { #checks }));
        }
        if uses_value {
            quote!(for (key, value) in map { #body })
        } else {
            quote!(for key in map.keys() { #body })
        }
    }
}
