//! Checks of typed values: the statements a struct field's own constraints turn into, on the
//! Rust value (`&str`, `i64`, `&[T]`, a nested type), in report mode.

use super::{Emitter, bounds, format_variant, lit_limit, lit_usize};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// Statements checking `val` (an expression of type `&T`) at `at` (an expression of type
    /// `&Path`), with `out` and `deep` in scope. `level` keeps nested bindings apart.
    pub(super) fn checks(
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
                    s.extend(super::general::pattern_check(&p, val, at, pat));
                }
                if let Some(f) = &r.format {
                    let f = format_variant(f);
                    s.extend(quote!(#p::check::format(#val, #p::Format::#f, #at, out);));
                }
            }
            Shape::Integer(r) => {
                // Compared as integers, exactly: `as f64` would round past 2^53.
                let p = self.p();
                let big = r.integer_type() == IntegerType::Number;
                let mut limits = TokenStream::new();
                for (kw, v) in bounds(r) {
                    let v = lit_limit(&p, v);
                    limits.extend(if big {
                        quote!(#p::instance::bound(#val, #kw, #v, #at, out);)
                    } else {
                        quote!(#p::check::bound_integer(n, #kw, #v, #at, out);)
                    });
                }
                if let Some(m) = r.multiple_of {
                    let m = lit_limit(&p, m);
                    limits.extend(if big {
                        quote!(#p::instance::multiple_of(#val, #m, #at, out);)
                    } else {
                        quote!(#p::check::multiple_of_integer(n, #m, #at, out);)
                    });
                }
                if big {
                    // A `serde_json::Number` built in code may have a fractional part.
                    s.extend(if limits.is_empty() {
                        quote!(#p::check::integral(#val, #at, out);)
                    } else {
                        quote!(if #p::check::integral(#val, #at, out) { #limits })
                    });
                } else if !limits.is_empty() {
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
                    let v = lit_limit(&p, v);
                    limits.extend(quote!(#p::check::bound(*#val, #kw, #v, #at, out);));
                }
                if let Some(m) = r.multiple_of {
                    let m = lit_limit(&p, m);
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

    pub(super) fn has_shallow(&self, shape: &Shape) -> bool {
        match shape {
            Shape::String(r) => {
                r.const_value.is_some()
                    || r.min_length.is_some()
                    || r.max_length.is_some()
                    || r.pattern.is_some()
                    || r.format.is_some()
            }
            // A `serde_json::Number` is checked to be integral.
            Shape::Integer(r) => {
                bounds(r).next().is_some()
                    || r.multiple_of.is_some()
                    || r.integer_type() == IntegerType::Number
            }
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

    pub(super) fn has_deep(&self, shape: &Shape) -> bool {
        match shape {
            Shape::Named { .. } => true,
            Shape::Array { items, .. } | Shape::Nullable(items) => self.has_deep(items),
            _ => false,
        }
    }
}
