//! The checks of a JSON value against a [`Node`], in either of two modes, from one walk.
//!
//! *Report* statements record every violation into `out` (`value: &Value` at `at: &Path`);
//! *test* statements `return false` at the first failure and build no message. Each keyword is
//! read once, in one arm of [`Emitter::keyword_code`], which emits both modes: a leaf asks
//! [`Mode::assert`] for the statement of the mode at hand, giving the recording call and the
//! failing condition side by side, so a keyword cannot be checked in one mode and forgotten, or
//! checked differently, in the other.

use super::Emitter;
use super::general::{json_static, pattern_static};
use super::{lit_limit, lit_usize};
use crate::ir::{Keywords, Node};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Which statements a walk emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Record every violation into `out`.
    Report,
    /// `return false` at the first failure.
    Test,
}

impl Mode {
    /// One assertion: `report` (a call recording its violation) in report mode, an early
    /// `return false` when `fails` holds in test mode.
    fn assert(self, report: TokenStream, fails: TokenStream) -> TokenStream {
        match self {
            Mode::Report => quote!(#report;),
            Mode::Test => quote!(if #fails { return false; }),
        }
    }

    /// A step down into the value (`at.key(..)`, `at.index(..)`): only report mode says where a
    /// violation is.
    pub(super) fn step(self, step: TokenStream) -> TokenStream {
        match self {
            Mode::Report => quote!(let at = &#step;),
            Mode::Test => quote!(),
        }
    }
}

impl Emitter<'_> {
    /// The statements checking `value` against `node` in `mode`.
    pub(super) fn node_code(&self, node: &Node, mode: Mode) -> TokenStream {
        let p = self.p();
        match (mode, node) {
            (Mode::Test, node) if node.never_matches() => quote!(return false;),
            (_, Node::Bool(true)) | (Mode::Test, Node::Bool(false)) => quote!(),
            (Mode::Report, Node::Bool(false)) => quote!(#p::instance::nothing(value, at, out);),
            (_, Node::Schema(k)) => self.keyword_code(k, mode),
        }
    }

    /// Report statements for `node`.
    pub(super) fn node_checks(&self, node: &Node) -> TokenStream {
        self.node_code(node, Mode::Report)
    }

    /// Test statements for `node`.
    pub(super) fn node_tests(&self, node: &Node) -> TokenStream {
        self.node_code(node, Mode::Test)
    }

    /// The function checking a `$ref` target in `mode`, marked used so that it is emitted.
    fn reference(&self, r: usize, mode: Mode) -> TokenStream {
        match mode {
            Mode::Report => {
                self.functions.report_refs.borrow_mut().insert(r);
                let f = format_ident!("__check_{}", r);
                quote!(#f(value, at, out);)
            }
            Mode::Test => {
                self.functions.test_refs.borrow_mut().insert(r);
                let f = format_ident!("__matches_ref_{}", r);
                quote!(if !#f(value) { return false; })
            }
        }
    }

    pub(super) fn keyword_code(&self, k: &Keywords, mode: Mode) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut s = TokenStream::new();
        if let Some(r) = k.reference {
            s.extend(self.reference(r, mode));
        }
        if let Some(types) = &k.types {
            s.extend(mode.assert(
                quote!(#p::instance::types(value, &[#(#types),*], at, out)),
                quote!(!#p::instance::has_type(value, &[#(#types),*])),
            ));
        }
        if let Some(c) = &k.const_value {
            let stat = json_static(&p, "CONST", c);
            let check = mode.assert(
                quote!(#p::instance::const_value(value, &CONST, at, out)),
                quote!(!#p::instance::equal(value, &CONST)),
            );
            s.extend(quote!({ #stat #check }));
        }
        if let Some(e) = &k.enum_values {
            let stat = json_static(&p, "ENUM", e);
            let check = mode.assert(
                quote!(#p::instance::enum_value(value, &ENUM, at, out)),
                quote!(!#p::instance::in_enum(value, &ENUM)),
            );
            s.extend(quote!({ #stat #check }));
        }
        let strings = self.string_code(k, mode);
        if !strings.is_empty() {
            s.extend(quote!(if let #value_ty::String(text) = value { #strings }));
        }
        if !k.numbers.is_empty() {
            let checks = k.numbers.iter().map(|(kw, n)| {
                let n = lit_limit(&p, *n);
                if *kw == "multipleOf" {
                    mode.assert(
                        quote!(#p::instance::multiple_of(number, #n, at, out)),
                        quote!(!#p::instance::is_multiple_of(number, #n)),
                    )
                } else {
                    mode.assert(
                        quote!(#p::instance::bound(number, #kw, #n, at, out)),
                        quote!(!#p::instance::within(number, #kw, #n)),
                    )
                }
            });
            s.extend(
                quote!(if let #p::Some(number) = #p::instance::numeric(value) { #(#checks)* }),
            );
        }
        let arrays = self.array_code(k, mode);
        if !arrays.is_empty() {
            s.extend(quote!(if let #value_ty::Array(items) = value { #arrays }));
        }
        let objects = self.object_code(k, mode);
        if !objects.is_empty() {
            s.extend(quote!(if let #value_ty::Object(map) = value { #objects }));
        }
        s.extend(self.applicator_code(k, mode));
        s.extend(self.unevaluated_code(k, mode));
        s
    }
}

impl Emitter<'_> {
    /// The string keywords, on `text: &str`.
    fn string_code(&self, k: &Keywords, mode: Mode) -> TokenStream {
        let p = self.p();
        let mut strings = TokenStream::new();
        if let Some(n) = k.min_length {
            let n = lit_usize(n);
            strings.extend(mode.assert(
                quote!(#p::check::min_length(text, #n, at, out)),
                quote!(!#p::check::has_min_length(text, #n)),
            ));
        }
        if let Some(n) = k.max_length {
            let n = lit_usize(n);
            strings.extend(mode.assert(
                quote!(#p::check::max_length(text, #n, at, out)),
                quote!(!#p::check::has_max_length(text, #n)),
            ));
        }
        if let Some(pat) = &k.pattern {
            let stat = pattern_static(&p, pat);
            let check = mode.assert(
                quote!(#p::check::pattern(text, &PATTERN, #pat, at, out)),
                quote!(!PATTERN.is_match(text)),
            );
            strings.extend(quote!({ #stat #check }));
        }
        if let Some(f) = &k.format {
            let f = super::format_variant(f);
            strings.extend(mode.assert(
                quote!(#p::check::format(text, #p::Format::#f, at, out)),
                quote!(!#p::check::is_format(text, #p::Format::#f)),
            ));
        }
        strings
    }

    /// The array keywords, on `items: &[Value]`.
    fn array_code(&self, k: &Keywords, mode: Mode) -> TokenStream {
        let p = self.p();
        let mut arrays = TokenStream::new();
        if let Some(n) = k.min_items {
            let n = lit_usize(n);
            arrays.extend(mode.assert(
                quote!(#p::check::min_items(items, #n, at, out)),
                quote!(items.len() < #n),
            ));
        }
        if let Some(n) = k.max_items {
            let n = lit_usize(n);
            arrays.extend(mode.assert(
                quote!(#p::check::max_items(items, #n, at, out)),
                quote!(items.len() > #n),
            ));
        }
        if k.unique_items {
            arrays.extend(mode.assert(
                quote!(#p::instance::unique_items(items, at, out)),
                quote!(!#p::instance::all_unique(items)),
            ));
        }
        if let Some(c) = &k.contains {
            let count = if c.schema.is_true() {
                quote!(items.len())
            } else if c.schema.never_matches() {
                quote!(0usize)
            } else {
                let call = self.matches_call(&c.schema);
                quote!(#p::Iterator::count(#p::Iterator::filter(items.iter(), |value| #call)))
            };
            let min = lit_usize(c.min.unwrap_or(1));
            let min_keyword = if c.min.is_some() {
                "minContains"
            } else {
                "contains"
            };
            let max = match c.max {
                Some(m) => {
                    let m = lit_usize(m);
                    quote!(#p::Some(#m))
                }
                None => quote!(#p::None),
            };
            arrays.extend(mode.assert(
                quote!(#p::instance::contains(#count, #min, #min_keyword, #max, at, out)),
                quote!(!#p::instance::contains_enough(#count, #min, #max)),
            ));
        }
        for (i, item) in k.prefix_items.iter().enumerate() {
            let code = self.node_code(item, mode);
            if !code.is_empty() {
                let get = if i == 0 {
                    quote!(items.first())
                } else {
                    let i = lit_usize(i as u64);
                    quote!(items.get(#i))
                };
                let i = lit_usize(i as u64);
                let step = mode.step(quote!(at.index(#i)));
                arrays.extend(quote!(if let #p::Some(value) = #get { #step #code }));
            }
        }
        if let Some(rest) = &k.items {
            let code = self.node_code(rest, mode);
            if !code.is_empty() {
                let skip = lit_usize(k.prefix_items.len() as u64);
                let prefixed = !k.prefix_items.is_empty();
                arrays.extend(match mode {
                    Mode::Report => {
                        let mut iter = quote!(#p::Iterator::enumerate(items.iter()));
                        if prefixed {
                            iter = quote!(#p::Iterator::skip(#iter, #skip));
                        }
                        quote!(for (i, value) in #iter { let at = &at.index(i); #code })
                    }
                    Mode::Test => {
                        let iter = if prefixed {
                            quote!(#p::Iterator::skip(items.iter(), #skip))
                        } else {
                            quote!(items)
                        };
                        quote!(for value in #iter { #code })
                    }
                });
            }
        }
        arrays
    }

    /// The object keywords, on `map: &Map<String, Value>`.
    fn object_code(&self, k: &Keywords, mode: Mode) -> TokenStream {
        let p = self.p();
        let value_ty = quote!(#p::serde_json::Value);
        let mut objects = TokenStream::new();
        if !k.required.is_empty() {
            let names = &k.required;
            objects.extend(mode.assert(
                quote!(#p::instance::required(map, &[#(#names),*], at, out)),
                quote!(!#p::instance::has_all(map, &[#(#names),*])),
            ));
        }
        if let Some(n) = k.min_properties {
            let n = lit_usize(n);
            objects.extend(mode.assert(
                quote!(#p::instance::min_properties(map, #n, at, out)),
                quote!(map.len() < #n),
            ));
        }
        if let Some(n) = k.max_properties {
            let n = lit_usize(n);
            objects.extend(mode.assert(
                quote!(#p::instance::max_properties(map, #n, at, out)),
                quote!(map.len() > #n),
            ));
        }
        for (key, names) in &k.dependent_required {
            if !names.is_empty() {
                objects.extend(mode.assert(
                    quote!(#p::instance::dependent_required(map, #key, &[#(#names),*], at, out)),
                    quote!(map.contains_key(#key) && !#p::instance::has_all(map, &[#(#names),*])),
                ));
            }
        }
        for (key, node) in &k.dependent_schemas {
            let code = self.node_code(node, mode);
            if !code.is_empty() {
                objects.extend(quote!(if map.contains_key(#key) { #code }));
            }
        }
        for (key, node) in &k.properties {
            let code = self.node_code(node, mode);
            if !code.is_empty() {
                let step = mode.step(quote!(at.key(#key)));
                objects.extend(quote!(if let #p::Some(value) = map.get(#key) { #step #code }));
            }
        }
        if let Some(names) = &k.property_names {
            let code = self.node_code(names, mode);
            if !code.is_empty() {
                let step = mode.step(quote!(at.key(key)));
                objects.extend(quote! {
                    for key in map.keys() {
                        let value = &#value_ty::String(#p::Clone::clone(key));
                        #step
                        #code
                    }
                });
            }
        }
        objects.extend(self.property_loop(k, mode));
        objects
    }

    /// `patternProperties` and `additionalProperties`: one pass over the object's properties.
    fn property_loop(&self, k: &Keywords, mode: Mode) -> TokenStream {
        let p = self.p();
        let patterns: Vec<(&String, TokenStream)> = k
            .pattern_properties
            .iter()
            .map(|(pat, n)| (pat, self.node_code(n, mode)))
            .collect();
        let additional = match &k.additional_properties {
            None | Some(Node::Bool(true)) => None,
            Some(Node::Bool(false)) => Some(match mode {
                Mode::Report => quote!(#p::instance::no_such_property(key, at, out);),
                Mode::Test => quote!(return false;),
            }),
            Some(n) => {
                let code = self.node_code(n, mode);
                let step = mode.step(quote!(at.key(key)));
                Some(match mode {
                    Mode::Report => quote!({ #step #code }),
                    Mode::Test => code,
                })
            }
        };
        let pattern_checks = patterns.iter().any(|(_, c)| !c.is_empty());
        if additional.is_none() && !pattern_checks {
            return quote!();
        }
        if mode == Mode::Test && k.properties.is_empty() && patterns.is_empty() {
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
        for (pat, code) in &patterns {
            if code.is_empty() && additional.is_none() {
                continue;
            }
            let stat = pattern_static(&p, pat);
            let mark = if additional.is_some() {
                quote!(matched = true;)
            } else {
                quote!()
            };
            // Report mode says when a key could not be matched in bounded time; test mode counts
            // it as no match.
            let matches = match mode {
                Mode::Report => quote!(PATTERN.key_matches(key, #pat, &at.key(key), out)),
                Mode::Test => quote!(PATTERN.is_match(key)),
            };
            let step = if code.is_empty() {
                quote!()
            } else {
                mode.step(quote!(at.key(key)))
            };
            body.extend(quote! {{
                #stat
                if #matches {
                    #mark
                    #step
                    #code
                }
            }});
        }
        if let Some(code) = additional {
            body.extend(quote!(if !matched { #code }));
        }
        if uses_value {
            quote!(for (key, value) in map { #body })
        } else {
            quote!(for key in map.keys() { #body })
        }
    }

    /// The applicators: `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`. A branch whose
    /// only question is whether it matches is tested by a function of its own.
    fn applicator_code(&self, k: &Keywords, mode: Mode) -> TokenStream {
        let p = self.p();
        let mut s = TokenStream::new();
        for node in &k.all_of {
            let code = self.node_code(node, mode);
            if !code.is_empty() {
                s.extend(quote!({ #code }));
            }
        }
        // A `false` branch never matches: only the others are tried.
        if !k.any_of.is_empty() && !k.any_of.iter().any(Node::is_true) {
            let calls = self.branch_calls(&k.any_of);
            let count = lit_usize(k.any_of.len() as u64);
            s.extend(match (mode, calls.is_empty()) {
                (Mode::Report, true) => quote!(#p::instance::any_of(false, #count, at, out);),
                (Mode::Report, false) => quote! {
                    let matched = #(#calls)||*;
                    #p::instance::any_of(matched, #count, at, out);
                },
                (Mode::Test, true) => quote!(return false;),
                (Mode::Test, false) => quote!(if !(#(#calls)||*) { return false; }),
            });
        }
        if !k.one_of.is_empty() {
            let calls = self.branch_calls(&k.one_of);
            let count = lit_usize(k.one_of.len() as u64);
            let matched = quote!(#p::Iterator::count(#p::Iterator::filter(#p::IntoIterator::into_iter([#(#calls),*]), |m| *m)));
            s.extend(match (mode, calls.is_empty()) {
                (Mode::Report, true) => quote!(#p::instance::one_of(0, #count, at, out);),
                (Mode::Report, false) => quote! {
                    let matched = #matched;
                    #p::instance::one_of(matched, #count, at, out);
                },
                (Mode::Test, true) => quote!(return false;),
                (Mode::Test, false) => quote!(if #matched != 1 { return false; }),
            });
        }
        if let Some(node) = &k.not
            && !node.never_matches()
        {
            let call = self.matches_call(node);
            s.extend(mode.assert(quote!(#p::instance::not(#call, at, out)), call));
        }
        if let Some(c) = &k.condition {
            let branch = |n: &Option<Node>| {
                n.as_ref()
                    .map(|n| self.node_code(n, mode))
                    .unwrap_or_default()
            };
            let (then, otherwise) = (branch(&c.then), branch(&c.otherwise));
            match &c.test {
                test if test.is_true() => s.extend(then),
                test if test.never_matches() => s.extend(otherwise),
                test => {
                    let call = self.matches_call(test);
                    // The report asks `condition`, which reports a test left undecided by a
                    // bounded pattern match; a test-mode caller lets the mark reach its own asker.
                    let call = match mode {
                        Mode::Report => quote!(#p::instance::condition(#call, at, out)),
                        Mode::Test => call,
                    };
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

    /// The calls testing each branch that can match.
    fn branch_calls(&self, branches: &[Node]) -> Vec<TokenStream> {
        branches
            .iter()
            .filter(|n| !n.never_matches())
            .map(|n| self.matches_call(n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    /// Every keyword of one schema, used once where violations are reported and once as a
    /// branch that is only tested: each leaf shows up in both modes.
    #[test]
    fn each_keyword_is_emitted_in_both_modes() {
        let keywords = r#"{
            "minLength": 1, "maxLength": 9, "pattern": "^a", "format": "email",
            "minimum": 1, "multipleOf": 2, "minItems": 1, "maxItems": 3, "uniqueItems": true,
            "required": ["a"], "minProperties": 1, "maxProperties": 4,
            "dependentRequired": {"a": ["b"]}, "const": 1, "enum": [1, 2],
            "not": {"type": "null"}
        }"#;
        let tool = format!(
            r#"{{"name": "t.create", "inputSchema": {{"type": "object", "properties": {{
                "r": {{"allOf": [{keywords}]}},
                "t": {{"anyOf": [{keywords}, {{"type": "boolean"}}]}}
            }}}}}}"#
        );
        let text = crate::Config::new()
            .generate_str(&tool)
            .unwrap()
            .to_string()
            .replace(' ', "");
        for (report, test) in [
            (
                "check::min_length(text,1,at,out)",
                "check::has_min_length(text,1)",
            ),
            (
                "check::max_length(text,9,at,out)",
                "check::has_max_length(text,9)",
            ),
            (
                "check::pattern(text,&PATTERN,\"^a\",at,out)",
                "!PATTERN.is_match(text)",
            ),
            ("check::format(text,", "check::is_format(text,"),
            (
                "instance::bound(number,\"minimum\",::portal_runtime::__private_v1::check::Limit::Integer(1i128),at,out)",
                "instance::within(number,\"minimum\",::portal_runtime::__private_v1::check::Limit::Integer(1i128))",
            ),
            (
                "instance::multiple_of(number,::portal_runtime::__private_v1::check::Limit::Integer(2i128),at,out)",
                "instance::is_multiple_of(number,::portal_runtime::__private_v1::check::Limit::Integer(2i128))",
            ),
            ("check::min_items(items,1,at,out)", "items.len()<1"),
            ("check::max_items(items,3,at,out)", "items.len()>3"),
            (
                "instance::unique_items(items,at,out)",
                "instance::all_unique(items)",
            ),
            (
                "instance::required(map,&[\"a\"],at,out)",
                "instance::has_all(map,&[\"a\"])",
            ),
            ("instance::min_properties(map,1,at,out)", "map.len()<1"),
            ("instance::max_properties(map,4,at,out)", "map.len()>4"),
            (
                "instance::dependent_required(map,\"a\",&[\"b\"],at,out)",
                "map.contains_key(\"a\")&&!",
            ),
            (
                "instance::const_value(value,&CONST,at,out)",
                "instance::equal(value,&CONST)",
            ),
            (
                "instance::enum_value(value,&ENUM,at,out)",
                "instance::in_enum(value,&ENUM)",
            ),
            ("instance::not(", "{returnfalse;}"),
        ] {
            assert!(text.contains(report), "report mode lacks {report}: {text}");
            assert!(text.contains(test), "test mode lacks {test}: {text}");
        }
    }
}
