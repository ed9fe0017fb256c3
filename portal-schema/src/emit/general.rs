//! Emitting general-form types: a newtype over `serde_json::Value` whose checks are generated
//! from the schema's [`Node`].
//!
//! The checks themselves come from one walk in two modes (see `checks`). A subschema whose only
//! question is whether it matches (a branch of `anyOf`/`oneOf`, `not`, `if`) is tested, by a
//! function of its own, so trying a branch costs no allocation. `$ref` targets get a function per
//! mode they are used in. All these functions are free functions in the tool's `const _` block,
//! emitted once each, only when used.

use super::evaluated::Evaluated;
use super::{Emitter, doc_attrs};
use crate::ir::Node;
use crate::ir::TypeDef;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The functions general-form checks call, collected while the types are emitted.
#[derive(Default)]
pub(super) struct Functions {
    /// `$ref` targets used in report mode (`__check_N`).
    pub(super) report_refs: RefCell<BTreeSet<usize>>,
    /// `$ref` targets used in test mode (`__matches_ref_N`).
    pub(super) test_refs: RefCell<BTreeSet<usize>>,
    /// Tested subschemas by pointer: their index (`__matches_N`).
    tested: RefCell<HashMap<String, usize>>,
    /// The bodies of `__matches_N`, by index (`None` while being emitted).
    tested_bodies: RefCell<Vec<Option<(String, TokenStream)>>>,
    /// Subschemas whose evaluated properties or items are asked, by pointer: their index
    /// (`__properties_N`, `__items_N`).
    evaluated: RefCell<HashMap<(Evaluated, String), usize>>,
    /// The bodies of those functions, by index (`None` while being emitted).
    evaluated_bodies: RefCell<Vec<Option<(Evaluated, String, TokenStream)>>>,
    /// `$ref` targets whose evaluated properties or items are asked (`__properties_ref_N`...).
    evaluated_refs: RefCell<BTreeSet<(Evaluated, usize)>>,
}

/// A function answering whether a value matches, from test statements.
fn tested_fn(
    p: &TokenStream,
    name: &proc_macro2::Ident,
    doc: &str,
    body: TokenStream,
) -> TokenStream {
    // A schema kept for what it evaluates may test nothing.
    let body = if body.is_empty() {
        quote!(let _ = value;)
    } else {
        body
    };
    quote! {
        #[doc = #doc]
        // One `if let` per JSON type and per property, generated apart: left nested.
        #[allow(clippy::collapsible_if, clippy::collapsible_match)]
        fn #name(value: &#p::serde_json::Value) -> bool {
            #body
            true
        }
    }
}

/// A function marking, in `ev`, what the schema at `pointer` evaluates of a value it matched.
fn evaluated_fn(
    p: &TokenStream,
    name: &proc_macro2::Ident,
    what: Evaluated,
    pointer: &str,
    body: TokenStream,
) -> TokenStream {
    let (signature, noun) = match what {
        Evaluated::Properties => (
            quote!(#name<'v>(value: &'v #p::serde_json::Value, ev: &mut #p::instance::EvaluatedProperties<'v>)),
            "properties",
        ),
        Evaluated::Items => (
            quote!(#name(value: &#p::serde_json::Value, ev: &mut #p::instance::EvaluatedItems)),
            "items",
        ),
    };
    let doc =
        format!(" Marks the {noun} the schema at `{pointer}` evaluates of a value it matched.");
    let body = if body.is_empty() {
        quote!(let _ = (value, ev);)
    } else {
        body
    };
    quote! {
        #[doc = #doc]
        #[allow(clippy::collapsible_if, clippy::collapsible_match)]
        fn #signature {
            #body
        }
    }
}

/// A `static` compiled pattern named `PATTERN`: the ECMA-262 `pattern` translated for the engine
/// that matches it in bounded time (see `crate::ecma`).
pub(super) fn pattern_static(p: &TokenStream, pattern: &str) -> TokenStream {
    let (engine, translated) = engine_for(pattern);
    quote! {
        static PATTERN: #p::LazyLock<#p::Pattern> =
            #p::LazyLock::new(|| #p::Pattern::#engine(#translated));
    }
}

/// The engine that matches `pattern` in bounded time, and the pattern as that engine reads it.
fn engine_for(pattern: &str) -> (TokenStream, String) {
    let translation =
        crate::ecma::translate(pattern).expect("the pattern was checked when it was parsed");
    let engine = match translation.engine {
        crate::ecma::Engine::Linear => quote!(linear),
        crate::ecma::Engine::Bounded => quote!(bounded),
    };
    (engine, translation.pattern)
}

/// `value` checked against `pattern` by the runtime's `check_pattern!`, which compiles it once
/// into a `static` (as [`pattern_static`], for the same engine).
pub(super) fn pattern_check(
    p: &TokenStream,
    value: &TokenStream,
    at: &TokenStream,
    pattern: &str,
) -> TokenStream {
    let (engine, translated) = engine_for(pattern);
    if translated == pattern {
        quote!(#p::check_pattern!(#value, #at, out, #engine #pattern);)
    } else {
        quote!(#p::check_pattern!(#value, #at, out, #engine #translated as #pattern);)
    }
}

/// A `static` JSON value parsed from `text`.
pub(super) fn json_static(p: &TokenStream, name: &str, value: &serde_json::Value) -> TokenStream {
    let ident = format_ident!("{}", name);
    let text = super::lit_str(&value.to_string());
    quote! {
        static #ident: #p::LazyLock<#p::serde_json::Value> = #p::LazyLock::new(|| {
            #p::serde_json::from_str(#text).expect("the value was read from the schema")
        });
    }
}

impl Emitter<'_> {
    /// `Root::__matches_N(value)`: whether `value` matches `node`, in a function of its own.
    pub(super) fn matches_call(&self, node: &Node) -> TokenStream {
        if node.never_matches() {
            return quote!(false);
        }
        let k = match node {
            Node::Bool(b) => return quote!(#b),
            Node::Schema(k) => k,
        };
        let known = self.functions.tested.borrow().get(&k.pointer).copied();
        let index = match known {
            Some(i) => i,
            None => {
                let i = self.functions.tested_bodies.borrow().len();
                self.functions.tested_bodies.borrow_mut().push(None);
                self.functions
                    .tested
                    .borrow_mut()
                    .insert(k.pointer.clone(), i);
                let body = self.keyword_code(k, super::checks::Mode::Test);
                self.functions.tested_bodies.borrow_mut()[i] = Some((k.pointer.clone(), body));
                i
            }
        };
        let f = format_ident!("__matches_{}", index);
        quote!(#f(value))
    }

    /// The name of the function marking what the subschema `k` evaluates, emitting it once.
    pub(super) fn evaluated_fn(
        &self,
        k: &crate::ir::Keywords,
        what: Evaluated,
    ) -> proc_macro2::Ident {
        let key = (what, k.pointer.clone());
        let known = self.functions.evaluated.borrow().get(&key).copied();
        let index = match known {
            Some(i) => i,
            None => {
                let i = self.functions.evaluated_bodies.borrow().len();
                self.functions.evaluated_bodies.borrow_mut().push(None);
                self.functions.evaluated.borrow_mut().insert(key, i);
                let body = self.evaluated_body(k, what, true);
                self.functions.evaluated_bodies.borrow_mut()[i] =
                    Some((what, k.pointer.clone(), body));
                i
            }
        };
        format_ident!("__{}_{}", what.prefix(), index)
    }

    /// The call marking what the `$ref` target `r` evaluates, its function marked used.
    pub(super) fn evaluated_ref_call(&self, r: usize, what: Evaluated) -> TokenStream {
        self.functions.evaluated_refs.borrow_mut().insert((what, r));
        let f = format_ident!("__{}_ref_{}", what.prefix(), r);
        quote!(#f(value, ev);)
    }

    /// The functions general-form checks call, as free functions for the tool's `const _` block:
    /// the `$ref` targets in each mode they are used in, and the tested subschemas.
    pub(super) fn checkers(&self) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut report: BTreeMap<usize, TokenStream> = BTreeMap::new();
        let mut test: BTreeMap<usize, TokenStream> = BTreeMap::new();
        let mut evaluated_refs: BTreeMap<(Evaluated, usize), TokenStream> = BTreeMap::new();
        // Emitting one function can use others: until nothing new is used.
        loop {
            let pending_report: Vec<usize> = self
                .functions
                .report_refs
                .borrow()
                .iter()
                .copied()
                .filter(|i| !report.contains_key(i))
                .collect();
            let pending_test: Vec<usize> = self
                .functions
                .test_refs
                .borrow()
                .iter()
                .copied()
                .filter(|i| !test.contains_key(i))
                .collect();
            let pending_evaluated: Vec<(Evaluated, usize)> = self
                .functions
                .evaluated_refs
                .borrow()
                .iter()
                .copied()
                .filter(|i| !evaluated_refs.contains_key(i))
                .collect();
            if pending_report.is_empty() && pending_test.is_empty() && pending_evaluated.is_empty()
            {
                break;
            }
            for (what, i) in pending_evaluated {
                let c = &self.tool.checkers[i];
                let f = format_ident!("__{}_ref_{}", what.prefix(), i);
                let body = match &c.node {
                    crate::ir::Node::Schema(k) => self.evaluated_body(k, what, true),
                    crate::ir::Node::Bool(_) => quote!(),
                };
                evaluated_refs.insert((what, i), evaluated_fn(&p, &f, what, &c.pointer, body));
            }
            for i in pending_report {
                let c = &self.tool.checkers[i];
                let f = format_ident!("__check_{}", i);
                let doc = format!(" Records the violations of the schema at `{}`.", c.pointer);
                let body = self.node_checks(&c.node);
                let body = if body.is_empty() {
                    quote!(let _ = (value, at, out);)
                } else {
                    body
                };
                report.insert(
                    i,
                    quote! {
                        #[doc = #doc]
                        // One `if let` per JSON type and per property, generated apart: left nested.
                        #[allow(clippy::collapsible_if, clippy::collapsible_match)]
                        fn #f(value: &#value_ty, at: &#p::Path<'_>, out: &mut #p::Violations) {
                            #body
                        }
                    },
                );
            }
            for i in pending_test {
                let c = &self.tool.checkers[i];
                let f = format_ident!("__matches_ref_{}", i);
                let doc = format!(" Whether a value matches the schema at `{}`.", c.pointer);
                let function = if c.node.never_matches() {
                    quote! {
                        #[doc = #doc]
                        fn #f(_: &#value_ty) -> bool {
                            false
                        }
                    }
                } else {
                    tested_fn(&p, &f, &doc, self.node_tests(&c.node))
                };
                test.insert(i, function);
            }
        }
        let tested: Vec<TokenStream> = self
            .functions
            .tested_bodies
            .borrow()
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                let (pointer, body) = b.as_ref()?;
                let f = format_ident!("__matches_{}", i);
                let doc = format!(" Whether a value matches the schema at `{pointer}`.");
                Some(tested_fn(&p, &f, &doc, body.clone()))
            })
            .collect();
        let evaluated: Vec<TokenStream> = self
            .functions
            .evaluated_bodies
            .borrow()
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                let (what, pointer, body) = b.as_ref()?;
                let f = format_ident!("__{}_{}", what.prefix(), i);
                Some(evaluated_fn(&p, &f, *what, pointer, body.clone()))
            })
            .collect();
        if report.is_empty()
            && test.is_empty()
            && tested.is_empty()
            && evaluated.is_empty()
            && evaluated_refs.is_empty()
        {
            return quote!();
        }
        let report = report.values();
        let test = test.values();
        let evaluated_refs = evaluated_refs.values();
        quote! {
            #(#report)*
            #(#test)*
            #(#tested)*
            #(#evaluated)*
            #(#evaluated_refs)*
        }
    }

    /// The items of a general-form type.
    pub(super) fn general(&self, id: usize, t: &TypeDef, node: &Node) -> super::Emitted {
        let p = self.p();
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
        // A repeated property is refused, as `FromJson::from_json` refuses it, where
        // `serde_json::Value` would keep the last.
        let strict = format!("{p}::de::strict_value").replace(' ', "");
        let checks = self.node_checks(node);
        let body = if checks.is_empty() {
            quote!(let _ = (at, out);)
        } else {
            quote!(let value = &self.0; #checks)
        };
        let item = quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, #p::serde::Serialize, #p::serde::Deserialize)]
            #[serde(crate = #serde_crate, transparent)]
            pub struct #name(#[serde(deserialize_with = #strict)] pub #p::serde_json::Value);
        };
        let impls = quote! {
            #[automatically_derived]
            impl #p::From<#p::serde_json::Value> for #name {
                fn from(value: #p::serde_json::Value) -> Self {
                    Self(value)
                }
            }

            #[automatically_derived]
            impl #p::Validate for #name {
                #[allow(clippy::collapsible_if, clippy::collapsible_match)]
                fn validate_at(&self, at: &#p::Path<'_>, out: &mut #p::Violations) {
                    #body
                }
            }

            #[automatically_derived]
            impl #p::FromValue for #name {
                fn from_value_at(
                    value: &#p::serde_json::Value,
                    at: &#p::Path<'_>,
                    out: &mut #p::Violations,
                ) -> #p::Option<Self> {
                    let before = out.len();
                    let decoded = Self(#p::Clone::clone(value));
                    #p::Validate::validate_at(&decoded, at, out);
                    if out.len() == before { #p::Some(decoded) } else { #p::None }
                }
            }
        };
        super::Emitted { item, impls }
    }
}
