//! Structs: the type, its `Deserialize`, and the checks of its typed fields (`Validate`,
//! `FromValue`).

use super::{Emitted, Emitter, braced, doc_attrs, lit_usize};
use crate::ir::*;
use crate::naming;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(super) fn structure(&self, id: TypeId, t: &TypeDef, s: &Struct) -> Emitted {
        let types: Vec<TokenStream> = s
            .properties
            .iter()
            .map(|f| self.rust_type(&f.shape))
            .collect();
        let mut item = self.struct_item(id, t, s, &types);
        item.extend(self.builder(t, s, &types));
        let mut impls = self.debug_impl(t, s);
        impls.extend(self.struct_checks(t, s, &types));
        Emitted { item, impls }
    }

    /// The struct's builder, `{Name}Builder`: a setter per member (and a `maybe_` setter taking
    /// an `Option` for each optional one), then `build()`, spelled out by the runtime's
    /// `impl_builder!`. Every required member is a type parameter of the builder (see the
    /// runtime's `builder` module), so that `build()` before every required member is set, or a
    /// required member set twice, does not compile, and the message names the member (its marker
    /// type, in the hidden module `__{Name}Builder`). A required `const` member is its one value
    /// unless set, like an optional one.
    fn builder(&self, t: &TypeDef, s: &Struct, types: &[TokenStream]) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        let builder = format_ident!("{}Builder", t.name);
        let markers = format_ident!("__{}Builder", t.name);
        let optional_holder = format_ident!("__{}BuilderOptional", t.name);
        let mut required = Vec::new();
        let mut optional = TokenStream::new();
        let mut constant = TokenStream::new();
        for (prop, ty) in s.properties.iter().zip(types) {
            let ident = naming::field_ident(&prop.rust_name);
            let plain = ident.to_string();
            let plain = plain.trim_start_matches("r#").to_owned();
            // A `u64` setter takes the `u64` itself: through `impl Into<u64>`, an unsuffixed
            // literal (`.id(5)`) would be an `i32`, which `u64` does not convert from.
            let arg = if matches!(&prop.shape, Shape::Integer(r) if r.integer_type() == IntegerType::U64)
            {
                quote!(plain)
            } else {
                quote!(into)
            };
            if prop.required && !self.is_constant(&prop.shape) {
                required.push((ident, plain, arg, ty));
            } else {
                let maybe = format_ident!("maybe_{}", plain);
                if prop.required {
                    constant.extend(quote!(constant #ident #maybe #plain #arg: #ty;));
                } else {
                    optional.extend(quote!(optional #ident #maybe #plain #arg: #ty;));
                }
            }
        }
        let params: Vec<_> = (0..required.len())
            .map(|i| format_ident!("__S{}", i))
            .collect();
        let mut lines = quote!(#name, #builder, #markers, #optional_holder;);
        for (i, (ident, plain, arg, ty)) in required.iter().enumerate() {
            let param = &params[i];
            let before = &params[..i];
            let after = &params[i + 1..];
            let others = required
                .iter()
                .filter(|(other, ..)| other != ident)
                .map(|(other, ..)| other);
            lines.extend(
                quote!(required #ident #plain #arg: #ty, #param [#(#before)*] [#(#after)*] [#(#others)*];),
            );
        }
        lines.extend(optional);
        lines.extend(constant);
        let lines = braced(lines);
        quote!(#p::impl_builder! #lines)
    }

    /// The struct itself, with its derives (serde's `Serialize`).
    fn struct_item(
        &self,
        id: TypeId,
        t: &TypeDef,
        s: &Struct,
        types: &[TokenStream],
    ) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        let doc = doc_attrs(&self.type_doc(id, t));
        let any_secret = s.properties.iter().any(|f| f.secret);
        let all_optional = s.properties.iter().all(|f| !f.required);

        let mut fields = TokenStream::new();
        let is_none = format!("{p}::Option::is_none").replace(' ', "");
        for (prop, ty) in s.properties.iter().zip(types) {
            let ident = naming::field_ident(&prop.rust_name);
            let ty = if prop.required {
                ty.clone()
            } else {
                quote!(#p::Option<#ty>)
            };
            let mut field = doc_attrs(&self.field_doc(prop));
            let plain = ident.to_string();
            let plain = plain.trim_start_matches("r#");
            let json = &prop.json_name;
            let mut serde_args = Vec::new();
            if plain != json {
                serde_args.push(quote!(rename = #json));
            }
            if !prop.required {
                serde_args.push(quote!(skip_serializing_if = #is_none));
            }
            if !serde_args.is_empty() {
                field.extend(quote!(#[serde(#(#serde_args),*)]));
            }
            field.extend(quote!(pub #ident: #ty,));
            fields.extend(field);
        }

        let derive_debug = if any_secret { quote!() } else { quote!(Debug,) };
        let derive_default = if all_optional {
            quote!(Default,)
        } else {
            quote!()
        };
        let serde_crate = format!("{p}::serde").replace(' ', "");
        let fields = braced(fields);
        let mut item = doc;
        item.extend(quote! {
            #[derive(Clone, #derive_debug PartialEq, #derive_default #p::serde::Serialize)]
            #[serde(crate = #serde_crate)]
            #[non_exhaustive]
            pub struct #name #fields
        });
        item
    }

    /// Whether `shape` is a literal: a one-variant enum from a `const` string.
    fn is_constant(&self, shape: &Shape) -> bool {
        matches!(shape, Shape::Named { id, .. }
            if matches!(&self.tool.types[*id].kind, TypeKind::Enum(e) if e.constant))
    }

    /// `Debug` by hand when a field is secret: its value is redacted.
    fn debug_impl(&self, t: &TypeDef, s: &Struct) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        let name_str = &t.name;
        let any_secret = s.properties.iter().any(|f| f.secret);
        if any_secret {
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
        }
    }

    /// The checks of the fields (a function per checked field) and the struct's `Deserialize`,
    /// `Validate` and `FromValue`, spelled out by the runtime's `impl_struct!` from a line per
    /// member: its JSON name, whether it is required, how it is read, its item counts and which of
    /// its checks run where (see the runtime's `structure` module).
    fn struct_checks(&self, t: &TypeDef, s: &Struct, types: &[TokenStream]) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        // Checks: one private function per property holds that property's own checks, so that
        // decoding can run them right after the property decodes and violations come out in
        // schema order, as they do from `validate`. `deep` says whether to descend into nested
        // generated types (validation) or not (decoding, where nested types were already checked
        // as they were decoded).
        let mut check_fns = TokenStream::new();
        let mut members = TokenStream::new();
        for (f, ty) in s.properties.iter().zip(types) {
            let counted;
            let own = match &f.shape {
                Shape::Array { .. } => {
                    counted = own_shape(f);
                    &counted
                }
                other => other,
            };
            let shallow = self.has_shallow(own);
            let deep = self.has_deep(&f.shape);
            let check = check_name(f);
            if shallow || deep {
                // `str` for a `String`, a slice for a `Vec`, the type for a `Box` (clippy's
                // `ptr_arg` and `borrowed_box`); callers' references coerce.
                let ty = match &f.shape {
                    Shape::String(_) => quote!(str),
                    Shape::Array { items, .. } => {
                        let item = self.rust_type(items);
                        quote!([#item])
                    }
                    Shape::Named { id, .. } => self.named_type(*id),
                    other => self.rust_type(other),
                };
                let inner = braced(self.checks(own, &quote!(value), &quote!(at), 0, false));
                let deep_arg = if deep { quote!(, deep: bool) } else { quote!() };
                check_fns.extend(quote! {
                    fn #check(value: &#ty, at: &#p::Path<'_>, out: &mut #p::Violations #deep_arg)
                        #inner
                });
            }
            let kind = match (shallow, deep) {
                (false, false) => quote!(_),
                (false, true) => quote!((deep #check)),
                (true, true) => quote!((both #check)),
                (true, false) => match &f.shape {
                    // Items with constraints of their own are checked as each decodes, so that
                    // one item of the wrong type hides none of the others' problems.
                    Shape::Array { items, .. } => {
                        let item_ty = self.rust_type(items);
                        let item_checks =
                            braced(self.checks(items, &quote!(value), &quote!(at), 1, false));
                        quote!((items #check [#item_ty] |value, at, out| #item_checks))
                    }
                    _ => quote!((shallow #check)),
                },
            };
            let field = naming::field_ident(&f.rust_name);
            let json = &f.json_name;
            let req = if f.required {
                quote!(required)
            } else {
                quote!(optional)
            };
            let read = if reads_through_wire(&f.shape) {
                quote!(next_wire_value)
            } else {
                quote!(next_value)
            };
            let counts = counts(f);
            members.extend(quote!(#field: #ty = #json #req #read [#counts] #kind;));
        }
        // Object-level keywords: on the instance when decoding, on the struct's JSON when
        // validating (the parser kept only those both answer alike).
        let residual = s
            .residual
            .as_ref()
            .map(|node| self.node_checks(node))
            .unwrap_or_default();
        let residual = if residual.is_empty() {
            quote!(())
        } else {
            let residual = braced(residual);
            check_fns.extend(quote! {
                #[allow(clippy::collapsible_if)]
                fn residual(
                    value: &#p::serde_json::Value,
                    at: &#p::Path<'_>,
                    out: &mut #p::Violations,
                ) #residual
            });
            quote!((residual))
        };
        let other = if s.additional {
            quote!(open)
        } else {
            quote!(closed)
        };
        let mut table = quote!(#name, #other, #residual;);
        table.extend(members);
        let table = braced(table);
        check_fns.extend(quote!(#p::impl_struct! #table));
        check_fns
    }
}

/// The function holding a field's own checks.
fn check_name(f: &Property) -> proc_macro2::Ident {
    format_ident!(
        "check_{}",
        naming::snake_case(&f.rust_name).trim_start_matches('_')
    )
}

/// An array's item counts are checked apart from its items: decoding checks them on the JSON
/// array before it decodes the items, so they are reported even when an item does not decode,
/// and ahead of the items' violations, as `validate` reports them.
fn counts(f: &Property) -> TokenStream {
    let mut out = TokenStream::new();
    if let Shape::Array {
        min_items,
        max_items,
        ..
    } = &f.shape
    {
        if let Some(n) = min_items {
            let n = lit_usize(*n);
            out.extend(quote!(min_items #n));
        }
        if let Some(n) = max_items {
            let n = lit_usize(*n);
            out.extend(quote!(max_items #n));
        }
    }
    out
}

/// A field's shape without its item counts (see [`counts`]).
fn own_shape(f: &Property) -> Shape {
    match &f.shape {
        Shape::Array { items, .. } => Shape::Array {
            items: items.clone(),
            min_items: None,
            max_items: None,
        },
        other => other.clone(),
    }
}

/// Whether a field's value is read through its `de::Wire` form: integers (`de::Integer` takes
/// `7.0` as JSON Schema does) and JSON values and objects (`de::StrictValue` refuses a repeated
/// property, where `serde_json::Value` keeps the last), or lists of them.
pub(super) fn reads_through_wire(shape: &Shape) -> bool {
    match shape {
        Shape::Integer(_) | Shape::Map | Shape::Any => true,
        Shape::Array { items, .. } | Shape::Nullable(items) => reads_through_wire(items),
        _ => false,
    }
}
