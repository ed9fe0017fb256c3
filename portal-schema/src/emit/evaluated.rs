//! `unevaluatedProperties` and `unevaluatedItems`: the code gathering what the other keywords of
//! a schema evaluated (through the applicators that matched), then checking the rest, in either
//! check mode.

use super::Emitter;
use super::checks::Mode;
use super::general::pattern_static;
use super::lit_usize;
use crate::ir::{Keywords, Node};
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    /// `unevaluatedProperties` and `unevaluatedItems`: what the other keywords of the schema
    /// evaluated (through the applicators that matched) is gathered first, then the rest is
    /// checked.
    pub(super) fn unevaluated_code(&self, k: &Keywords, mode: Mode) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut s = TokenStream::new();
        if let Some(u) = &k.unevaluated_properties
            && !u.is_true()
        {
            let own = self.evaluated_body(k, Evaluated::Properties, false);
            let check = match u {
                Node::Bool(false) => match mode {
                    Mode::Report => quote!(#p::instance::unevaluated_property(key, at, out);),
                    Mode::Test => quote!(return false;),
                },
                n => {
                    let step = mode.step(quote!(at.key(key)));
                    let code = self.node_code(n, mode);
                    quote!({ #step #code })
                }
            };
            s.extend(quote! {
                if let #value_ty::Object(map) = value {
                    let mut evaluated = #p::instance::EvaluatedProperties::default();
                    let ev = &mut evaluated;
                    #own
                    if !ev.has_all() {
                        for (key, value) in map {
                            if !ev.has(key) {
                                let _ = value;
                                #check
                            }
                        }
                    }
                }
            });
        }
        if let Some(u) = &k.unevaluated_items
            && !u.is_true()
        {
            let own = self.evaluated_body(k, Evaluated::Items, false);
            let check = match u {
                Node::Bool(false) => match mode {
                    Mode::Report => quote!(#p::instance::unevaluated_item(i, at, out);),
                    Mode::Test => quote!(return false;),
                },
                n => {
                    let step = mode.step(quote!(at.index(i)));
                    let code = self.node_code(n, mode);
                    quote!({ #step #code })
                }
            };
            s.extend(quote! {
                if let #value_ty::Array(items) = value {
                    let mut evaluated = #p::instance::EvaluatedItems::default();
                    let ev = &mut evaluated;
                    #own
                    if !ev.has_all() {
                        for (i, value) in #p::Iterator::enumerate(items.iter()) {
                            if !ev.has(i) {
                                let _ = value;
                                #check
                            }
                        }
                    }
                }
            });
        }
        s
    }

    /// The statements marking, in `ev`, what the schema `k` evaluates of `value`: its own
    /// keywords, and those of its applicators that match. `unevaluated` says whether its own
    /// `unevaluated*` keyword counts (it does for a subschema: it evaluated the rest).
    pub(super) fn evaluated_body(
        &self,
        k: &Keywords,
        what: Evaluated,
        unevaluated: bool,
    ) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut s = TokenStream::new();
        match what {
            Evaluated::Properties => {
                if k.additional_properties.is_some()
                    || (unevaluated && k.unevaluated_properties.is_some())
                {
                    s.extend(quote!(if value.is_object() {
                        ev.all();
                    }));
                } else {
                    let mut marks = TokenStream::new();
                    for (name, _) in &k.properties {
                        marks.extend(quote!(if map.contains_key(#name) { ev.key(#name); }));
                    }
                    for (pat, _) in &k.pattern_properties {
                        let stat = pattern_static(&p, pat);
                        marks.extend(quote!({
                            #stat
                            for key in map.keys() {
                                if PATTERN.is_match(key) { ev.key(key); }
                            }
                        }));
                    }
                    if !marks.is_empty() {
                        s.extend(quote!(if let #value_ty::Object(map) = value { #marks }));
                    }
                }
            }
            Evaluated::Items => {
                if k.items.is_some() || (unevaluated && k.unevaluated_items.is_some()) {
                    s.extend(quote!(if value.is_array() {
                        ev.all();
                    }));
                } else {
                    let mut marks = TokenStream::new();
                    if !k.prefix_items.is_empty() {
                        let n = lit_usize(k.prefix_items.len() as u64);
                        marks.extend(quote!(ev.prefix(#n);));
                    }
                    let mut per_item = TokenStream::new();
                    match &k.contains {
                        Some(c) if c.schema.is_true() => marks.extend(quote!(ev.all();)),
                        Some(c) if !c.schema.never_matches() => {
                            let call = self.matches_call(&c.schema);
                            per_item.extend(quote! {
                                for (i, value) in #p::Iterator::enumerate(items.iter()) {
                                    if #call { ev.index(i, items.len()); }
                                }
                            });
                        }
                        _ => {}
                    }
                    if !per_item.is_empty() {
                        s.extend(
                            quote!(if let #value_ty::Array(items) = value { #marks #per_item }),
                        );
                    } else if !marks.is_empty() {
                        s.extend(quote!(if value.is_array() { #marks }));
                    }
                }
            }
        }
        if let Some(r) = k.reference {
            s.extend(self.evaluated_ref_call(r, what));
        }
        for node in &k.all_of {
            s.extend(self.evaluated_call(node, what));
        }
        for node in k.any_of.iter().chain(&k.one_of) {
            let mark = self.evaluated_call(node, what);
            if !mark.is_empty() {
                let call = self.matches_call(node);
                s.extend(quote!(if #call { #mark }));
            }
        }
        for (key, node) in &k.dependent_schemas {
            let mark = self.evaluated_call(node, what);
            if !mark.is_empty() {
                s.extend(quote! {
                    if let #value_ty::Object(map) = value {
                        if map.contains_key(#key) { #mark }
                    }
                });
            }
        }
        if let Some(c) = &k.condition {
            let test = self.evaluated_call(&c.test, what);
            let then = c
                .then
                .as_ref()
                .map(|n| self.evaluated_call(n, what))
                .unwrap_or_default();
            let otherwise = c
                .otherwise
                .as_ref()
                .map(|n| self.evaluated_call(n, what))
                .unwrap_or_default();
            let matched = !(test.is_empty() && then.is_empty());
            if matched || !otherwise.is_empty() {
                let call = self.matches_call(&c.test);
                s.extend(match (matched, otherwise.is_empty()) {
                    (true, true) => quote!(if #call { #test #then }),
                    (false, _) => quote!(if !#call { #otherwise }),
                    (true, false) => quote!(if #call { #test #then } else { #otherwise }),
                });
            }
        }
        s
    }

    /// The call marking what `node` evaluates, as a subschema that matched; empty when it
    /// evaluates nothing.
    pub(super) fn evaluated_call(&self, node: &Node, what: Evaluated) -> TokenStream {
        match node {
            Node::Schema(k)
                if k.evaluates()
                    || k.reference.is_some()
                    || k.condition.is_some()
                    || !k.one_of.is_empty()
                    || k.contains.is_some() =>
            {
                let f = self.evaluated_fn(k, what);
                quote!(#f(value, ev);)
            }
            _ => quote!(),
        }
    }
}

/// What `unevaluated*` asks was evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Evaluated {
    /// Properties of an object.
    Properties,
    /// Items of an array.
    Items,
}

impl Evaluated {
    /// The prefix of the functions marking this.
    pub(super) fn prefix(self) -> &'static str {
        match self {
            Evaluated::Properties => "properties",
            Evaluated::Items => "items",
        }
    }
}
