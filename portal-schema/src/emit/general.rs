//! Emitting general-form types: a newtype over `serde_json::Value` whose checks are generated
//! from the schema's [`Node`].
//!
//! Checks come in two modes. *Report* statements record every violation into `out`; *test*
//! statements `return false` at the first failure and build no message. A subschema whose only
//! question is whether it matches (a branch of `anyOf`/`oneOf`, `not`, `if`) is tested, by a
//! function of its own, so trying a branch costs no allocation. `$ref` targets get a function per
//! mode they are used in. All these functions are free functions in the tool's `const _` block,
//! emitted once each, only when used.

use super::{Emitter, doc_attrs, lit_f64, lit_usize};
use crate::ir::TypeDef;
use crate::node::{Keywords, Node};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The functions general-form checks call, collected while the types are emitted.
#[derive(Default)]
pub(super) struct Functions {
    /// `$ref` targets used in report mode (`__check_N`).
    report_refs: RefCell<BTreeSet<usize>>,
    /// `$ref` targets used in test mode (`__matches_ref_N`).
    test_refs: RefCell<BTreeSet<usize>>,
    /// Tested subschemas by pointer: their index (`__matches_N`).
    tested: RefCell<HashMap<String, usize>>,
    /// The bodies of `__matches_N`, by index (`None` while being emitted).
    tested_bodies: RefCell<Vec<Option<(String, TokenStream)>>>,
}

/// A function answering whether a value matches, from test statements.
fn tested_fn(p: &TokenStream, name: &proc_macro2::Ident, doc: &str, body: TokenStream) -> TokenStream {
    quote! {
        #[doc = #doc]
        // One `if let` per JSON type and per property, generated apart: left nested.
        #[allow(clippy::collapsible_if)]
        fn #name(value: &#p::serde_json::Value) -> bool {
            #body
            true
        }
    }
}

/// A `static` compiled pattern named `PATTERN`: the ECMA-262 `pattern` translated for the engine
/// that matches it in bounded time (see `crate::ecma`).
pub(super) fn pattern_static(p: &TokenStream, pattern: &str) -> TokenStream {
    let translation =
        crate::ecma::translate(pattern).expect("the pattern was checked when it was parsed");
    let engine = match translation.engine {
        crate::ecma::Engine::Linear => quote!(linear),
        crate::ecma::Engine::Bounded => quote!(bounded),
    };
    let translated = translation.pattern;
    quote! {
        static PATTERN: #p::LazyLock<#p::Pattern> =
            #p::LazyLock::new(|| #p::Pattern::#engine(#translated));
    }
}

/// A `static` JSON value parsed from `text`.
fn json_static(p: &TokenStream, name: &str, value: &serde_json::Value) -> TokenStream {
    let ident = format_ident!("{}", name);
    let text = value.to_string();
    quote! {
        static #ident: #p::LazyLock<#p::serde_json::Value> = #p::LazyLock::new(|| {
            #p::serde_json::from_str(#text).expect("the value was read from the schema")
        });
    }
}

impl Emitter<'_> {
    /// `Root::__matches_N(value)`: whether `value` matches `node`, in a function of its own.
    fn matches_call(&self, node: &Node) -> TokenStream {
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
                let body = self.keyword_tests(k);
                self.functions.tested_bodies.borrow_mut()[i] = Some((k.pointer.clone(), body));
                i
            }
        };
        let f = format_ident!("__matches_{}", index);
        quote!(#f(value))
    }

    /// The functions general-form checks call, as free functions for the tool's `const _` block:
    /// the `$ref` targets in each mode they are used in, and the tested subschemas.
    pub(super) fn checkers(&self) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut report: BTreeMap<usize, TokenStream> = BTreeMap::new();
        let mut test: BTreeMap<usize, TokenStream> = BTreeMap::new();
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
            if pending_report.is_empty() && pending_test.is_empty() {
                break;
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
                        #[allow(clippy::collapsible_if)]
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
        if report.is_empty() && test.is_empty() && tested.is_empty() {
            return quote!();
        }
        let report = report.values();
        let test = test.values();
        quote! {
            #(#report)*
            #(#test)*
            #(#tested)*
        }
    }

    /// Test statements for `node`: `return false` at the first failure.
    fn node_tests(&self, node: &Node) -> TokenStream {
        if node.never_matches() {
            return quote!(return false;);
        }
        match node {
            Node::Bool(_) => quote!(),
            Node::Schema(k) => self.keyword_tests(k),
        }
    }

    fn keyword_tests(&self, k: &Keywords) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut s = TokenStream::new();
        if let Some(r) = k.reference {
            self.functions.test_refs.borrow_mut().insert(r);
            let f = format_ident!("__matches_ref_{}", r);
            s.extend(quote!(if !#f(value) { return false; }));
        }
        if let Some(types) = &k.types {
            s.extend(quote!(if !#p::instance::has_type(value, &[#(#types),*]) { return false; }));
        }
        if let Some(c) = &k.const_value {
            let stat = json_static(&p, "CONST", c);
            s.extend(quote!({ #stat if !#p::instance::equal(value, &CONST) { return false; } }));
        }
        if let Some(e) = &k.enum_values {
            let stat = json_static(&p, "ENUM", e);
            s.extend(quote!({ #stat if !#p::instance::in_enum(value, &ENUM) { return false; } }));
        }

        let mut strings = TokenStream::new();
        if let Some(n) = k.min_length {
            let n = lit_usize(n);
            strings.extend(quote!(if !#p::check::has_min_length(text, #n) { return false; }));
        }
        if let Some(n) = k.max_length {
            let n = lit_usize(n);
            strings.extend(quote!(if !#p::check::has_max_length(text, #n) { return false; }));
        }
        if let Some(pat) = &k.pattern {
            let stat = pattern_static(&p, pat);
            strings.extend(quote!({ #stat if !PATTERN.is_match(text) { return false; } }));
        }
        if let Some(f) = &k.format {
            let f = super::format_variant(f);
            strings.extend(quote!(if !#p::check::is_format(text, #p::Format::#f) { return false; }));
        }
        if !strings.is_empty() {
            s.extend(quote!(if let #value_ty::String(text) = value { #strings }));
        }

        if !k.numbers.is_empty() {
            let checks = k.numbers.iter().map(|(kw, n)| {
                let n = lit_f64(*n);
                if *kw == "multipleOf" {
                    quote!(if !#p::instance::is_multiple_of(number, #n) { return false; })
                } else {
                    quote!(if !#p::instance::within(number, #kw, #n) { return false; })
                }
            });
            s.extend(
                quote!(if let #p::Some(number) = #p::instance::numeric(value) { #(#checks)* }),
            );
        }

        let mut arrays = TokenStream::new();
        if let Some(n) = k.min_items {
            let n = lit_usize(n);
            arrays.extend(quote!(if items.len() < #n { return false; }));
        }
        if let Some(n) = k.max_items {
            let n = lit_usize(n);
            arrays.extend(quote!(if items.len() > #n { return false; }));
        }
        if k.unique_items {
            arrays.extend(quote!(if !#p::instance::all_unique(items) { return false; }));
        }
        for (i, item) in k.prefix_items.iter().enumerate() {
            let tests = self.node_tests(item);
            if !tests.is_empty() {
                let get = if i == 0 {
                    quote!(items.first())
                } else {
                    let i = lit_usize(i as u64);
                    quote!(items.get(#i))
                };
                arrays.extend(quote!(if let #p::Some(value) = #get { #tests }));
            }
        }
        if let Some(rest) = &k.items {
            let tests = self.node_tests(rest);
            if !tests.is_empty() {
                let skip = lit_usize(k.prefix_items.len() as u64);
                let iter = if k.prefix_items.is_empty() {
                    quote!(items)
                } else {
                    quote!(#p::Iterator::skip(items.iter(), #skip))
                };
                arrays.extend(quote!(for value in #iter { #tests }));
            }
        }
        if !arrays.is_empty() {
            s.extend(quote!(if let #value_ty::Array(items) = value { #arrays }));
        }

        let mut objects = TokenStream::new();
        if !k.required.is_empty() {
            let names = &k.required;
            objects
                .extend(quote!(if !#p::instance::has_all(map, &[#(#names),*]) { return false; }));
        }
        if let Some(n) = k.min_properties {
            let n = lit_usize(n);
            objects.extend(quote!(if map.len() < #n { return false; }));
        }
        if let Some(n) = k.max_properties {
            let n = lit_usize(n);
            objects.extend(quote!(if map.len() > #n { return false; }));
        }
        for (key, names) in &k.dependent_required {
            if !names.is_empty() {
                objects.extend(quote!(if map.contains_key(#key) && !#p::instance::has_all(map, &[#(#names),*]) { return false; }));
            }
        }
        for (key, node) in &k.dependent_schemas {
            let tests = self.node_tests(node);
            if !tests.is_empty() {
                objects.extend(quote!(if map.contains_key(#key) { #tests }));
            }
        }
        for (key, node) in &k.properties {
            let tests = self.node_tests(node);
            if !tests.is_empty() {
                objects.extend(quote!(if let #p::Some(value) = map.get(#key) { #tests }));
            }
        }
        if let Some(names) = &k.property_names {
            let tests = self.node_tests(names);
            if !tests.is_empty() {
                objects.extend(quote! {
                    for key in map.keys() {
                        let value = &#value_ty::String(#p::Clone::clone(key));
                        #tests
                    }
                });
            }
        }
        objects.extend(self.property_loop_tests(k));
        if !objects.is_empty() {
            s.extend(quote!(if let #value_ty::Object(map) = value { #objects }));
        }

        for node in &k.all_of {
            let tests = self.node_tests(node);
            if !tests.is_empty() {
                s.extend(quote!({ #tests }));
            }
        }
        if !k.any_of.is_empty() && !k.any_of.iter().any(Node::is_true) {
            let calls: Vec<TokenStream> = k
                .any_of
                .iter()
                .filter(|n| !n.never_matches())
                .map(|n| self.matches_call(n))
                .collect();
            s.extend(if calls.is_empty() {
                quote!(return false;)
            } else {
                quote!(if !(#(#calls)||*) { return false; })
            });
        }
        if !k.one_of.is_empty() {
            let calls: Vec<TokenStream> = k
                .one_of
                .iter()
                .filter(|n| !n.never_matches())
                .map(|n| self.matches_call(n))
                .collect();
            s.extend(if calls.is_empty() {
                quote!(return false;)
            } else {
                quote! {
                    if #p::Iterator::count(#p::Iterator::filter(#p::IntoIterator::into_iter([#(#calls),*]), |m| *m)) != 1 {
                        return false;
                    }
                }
            });
        }
        if let Some(node) = &k.not
            && !node.never_matches()
        {
            let call = self.matches_call(node);
            s.extend(quote!(if #call { return false; }));
        }
        if let Some(c) = &k.condition {
            let then = c
                .then
                .as_ref()
                .map(|n| self.node_tests(n))
                .unwrap_or_default();
            let otherwise = c
                .otherwise
                .as_ref()
                .map(|n| self.node_tests(n))
                .unwrap_or_default();
            match &c.test {
                test if test.is_true() => s.extend(then),
                test if test.never_matches() => s.extend(otherwise),
                test => {
                    let call = self.matches_call(test);
                    match (then.is_empty(), otherwise.is_empty()) {
                        (true, true) => {}
                        (false, true) => s.extend(quote!(if #call { #then })),
                        (true, false) => s.extend(quote!(if !#call { #otherwise })),
                        (false, false) => s.extend(quote!(if #call { #then } else { #otherwise })),
                    }
                }
            }
        }
        s
    }

    /// Test mode of [`Self::property_loop`].
    fn property_loop_tests(&self, k: &Keywords) -> TokenStream {
        let p = self.p();
        let patterns: Vec<(&String, TokenStream)> = k
            .pattern_properties
            .iter()
            .map(|(pat, n)| (pat, self.node_tests(n)))
            .collect();
        let additional = match &k.additional_properties {
            None | Some(Node::Bool(true)) => None,
            Some(n) => Some(self.node_tests(n)),
        };
        let pattern_checks = patterns.iter().any(|(_, c)| !c.is_empty());
        if additional.is_none() && !pattern_checks {
            return quote!();
        }
        if k.properties.is_empty() && patterns.is_empty() {
            // Every property is an additional one.
            return match &k.additional_properties {
                Some(Node::Bool(false)) => quote!(if !map.is_empty() {
                    return false;
                }),
                _ => {
                    let tests = additional.unwrap_or_default();
                    quote!(for value in map.values() { #tests })
                }
            };
        }
        let uses_value =
            pattern_checks || matches!(&k.additional_properties, Some(Node::Schema(_)));
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
        for (pat, tests) in &patterns {
            if tests.is_empty() && additional.is_none() {
                continue;
            }
            let stat = pattern_static(&p, pat);
            let mark = if additional.is_some() {
                quote!(matched = true;)
            } else {
                quote!()
            };
            body.extend(quote! {{
                #stat
                if PATTERN.is_match(key) {
                    #mark
                    #tests
                }
            }});
        }
        if let Some(tests) = additional {
            body.extend(quote!(if !matched { #tests }));
        }
        if uses_value {
            quote!(for (key, value) in map { #body })
        } else {
            quote!(for key in map.keys() { #body })
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
                #[allow(clippy::collapsible_if)]
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

    /// Statements checking `value: &Value` at `at: &Path` into `out: &mut Violations`.
    pub(super) fn node_checks(&self, node: &Node) -> TokenStream {
        let p = self.p();
        match node {
            Node::Bool(true) => quote!(),
            Node::Bool(false) => quote!(#p::instance::nothing(value, at, out);),
            Node::Schema(k) => self.keyword_checks(k),
        }
    }

    fn keyword_checks(&self, k: &Keywords) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut s = TokenStream::new();
        if let Some(r) = k.reference {
            self.functions.report_refs.borrow_mut().insert(r);
            let f = format_ident!("__check_{}", r);
            s.extend(quote!(#f(value, at, out);));
        }
        if let Some(types) = &k.types {
            s.extend(quote!(#p::instance::types(value, &[#(#types),*], at, out);));
        }
        if let Some(c) = &k.const_value {
            let stat = json_static(&p, "CONST", c);
            s.extend(quote!({ #stat #p::instance::const_value(value, &CONST, at, out); }));
        }
        if let Some(e) = &k.enum_values {
            let stat = json_static(&p, "ENUM", e);
            s.extend(quote!({ #stat #p::instance::enum_value(value, &ENUM, at, out); }));
        }

        // Strings.
        let mut strings = TokenStream::new();
        if let Some(n) = k.min_length {
            let n = lit_usize(n);
            strings.extend(quote!(#p::check::min_length(text, #n, at, out);));
        }
        if let Some(n) = k.max_length {
            let n = lit_usize(n);
            strings.extend(quote!(#p::check::max_length(text, #n, at, out);));
        }
        if let Some(pat) = &k.pattern {
            let stat = pattern_static(&p, pat);
            strings.extend(quote!({ #stat #p::check::pattern(text, &PATTERN, #pat, at, out); }));
        }
        if let Some(f) = &k.format {
            let f = super::format_variant(f);
            strings.extend(quote!(#p::check::format(text, #p::Format::#f, at, out);));
        }
        if !strings.is_empty() {
            s.extend(quote!(if let #value_ty::String(text) = value { #strings }));
        }

        // Numbers.
        if !k.numbers.is_empty() {
            let checks = k.numbers.iter().map(|(kw, n)| {
                let n = lit_f64(*n);
                if *kw == "multipleOf" {
                    quote!(#p::instance::multiple_of(number, #n, at, out);)
                } else {
                    quote!(#p::instance::bound(number, #kw, #n, at, out);)
                }
            });
            s.extend(
                quote!(if let #p::Some(number) = #p::instance::numeric(value) { #(#checks)* }),
            );
        }

        // Arrays.
        let mut arrays = TokenStream::new();
        if let Some(n) = k.min_items {
            let n = lit_usize(n);
            arrays.extend(quote!(#p::check::min_items(items, #n, at, out);));
        }
        if let Some(n) = k.max_items {
            let n = lit_usize(n);
            arrays.extend(quote!(#p::check::max_items(items, #n, at, out);));
        }
        if k.unique_items {
            arrays.extend(quote!(#p::instance::unique_items(items, at, out);));
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
            objects.extend(quote!(#p::instance::required(map, &[#(#names),*], at, out);));
        }
        if let Some(n) = k.min_properties {
            let n = lit_usize(n);
            objects.extend(quote!(#p::instance::min_properties(map, #n, at, out);));
        }
        if let Some(n) = k.max_properties {
            let n = lit_usize(n);
            objects.extend(quote!(#p::instance::max_properties(map, #n, at, out);));
        }
        for (key, names) in &k.dependent_required {
            if !names.is_empty() {
                objects.extend(
                    quote!(#p::instance::dependent_required(map, #key, &[#(#names),*], at, out);),
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
                .filter(|n| !n.never_matches())
                .map(|n| self.matches_call(n))
                .collect();
            let count = lit_usize(k.any_of.len() as u64);
            let matched = if blocks.is_empty() {
                quote!(false)
            } else {
                quote!(#(#blocks)||*)
            };
            s.extend(quote! {
                let matched = #matched;
                #p::instance::any_of(matched, #count, at, out);
            });
        }
        if !k.one_of.is_empty() {
            let blocks: Vec<TokenStream> = k
                .one_of
                .iter()
                .filter(|n| !n.never_matches())
                .map(|n| self.matches_call(n))
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
                #p::instance::one_of(matched, #count, at, out);
            });
        }
        if let Some(node) = &k.not {
            let block = self.matches_call(node);
            s.extend(quote!(#p::instance::not(#block, at, out);));
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
                    let block = self.matches_call(test);
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
        let p = self.p();
        let patterns: Vec<(&String, TokenStream)> = k
            .pattern_properties
            .iter()
            .map(|(pat, n)| (pat, self.node_checks(n)))
            .collect();
        let additional = match &k.additional_properties {
            None | Some(Node::Bool(true)) => None,
            Some(Node::Bool(false)) => Some((
                quote!(#p::instance::no_such_property(key, at, out);),
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
            let stat = pattern_static(&p, pat);
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
                if PATTERN.key_matches(key, #pat, &at.key(key), out) {
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
