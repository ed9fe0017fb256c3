//! Structs: the type, its `Deserialize`, and the checks of its typed fields (`Validate`,
//! `FromValue`).

use super::{Emitted, Emitter, doc_attrs, lit_usize};
use crate::ir::*;
use crate::naming;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(super) fn structure(&self, id: TypeId, t: &TypeDef, s: &Struct) -> Emitted {
        let item = self.struct_item(id, t, s);
        let (builder_item, builder_impls) = self.builder(t, s);
        let debug_impl = self.debug_impl(t, s);
        let deserialize = self.deserialize_impl(t, s);
        let checks = self.struct_checks(t, s);
        Emitted {
            item: quote!(#item #builder_item),
            impls: quote!(#builder_impls #debug_impl #deserialize #checks),
        }
    }

    /// The struct's builder, `{Name}Builder`: a setter per member (and a `maybe_` setter taking
    /// an `Option` for each optional one), then `build()`. Every required member is a type
    /// parameter of the builder (see the runtime's `builder` module), so that `build()` before
    /// every required member is set, or a required member set twice, does not compile, and the
    /// message names the member (its marker type, in the hidden module `__{Name}Builder`). A
    /// required `const` member is its one value unless set, like an optional one.
    fn builder(&self, t: &TypeDef, s: &Struct) -> (TokenStream, TokenStream) {
        let p = self.p();
        let name = naming::ident(&t.name);
        let builder = format_ident!("{}Builder", t.name);
        let markers = format_ident!("__{}Builder", t.name);
        let b = quote!(#p::builder);
        // Each member: its field, its type (inside the `Option` when optional) and how it is kept.
        enum Kept {
            Required(usize),
            Optional,
            Constant,
        }
        let mut members = Vec::new();
        let mut required = 0;
        for prop in &s.properties {
            let ident = naming::field_ident(&prop.rust_name);
            let ty = self.rust_type(&prop.shape);
            let kept = if !prop.required {
                Kept::Optional
            } else if self.is_constant(&prop.shape) {
                Kept::Constant
            } else {
                required += 1;
                Kept::Required(required - 1)
            };
            // A `u64` setter takes the `u64` itself: through `impl Into<u64>`, an unsuffixed
            // literal (`.id(5)`) would be an `i32`, which `u64` does not convert from.
            let u64_setter =
                matches!(&prop.shape, Shape::Integer(r) if r.integer_type() == IntegerType::U64);
            members.push((ident, ty, kept, u64_setter));
        }
        let params: Vec<_> = (0..required).map(|i| format_ident!("__S{}", i)).collect();
        let marker = |ident: &proc_macro2::Ident| quote!(#markers::#ident);
        let mut defaults = Vec::new();
        let mut marker_items = Vec::new();
        let mut fields = Vec::new();
        let mut starts = Vec::new();
        let mut setters = Vec::new();
        let mut bounds = Vec::new();
        let mut finish = Vec::new();
        for (ident, ty, kept, u64_setter) in &members {
            let plain = ident.to_string();
            let plain = plain.trim_start_matches("r#");
            let (arg, value) = if *u64_setter {
                (quote!(u64), quote!(value))
            } else {
                (quote!(impl #p::Into<#ty>), quote!(#p::Into::into(value)))
            };
            match kept {
                Kept::Required(i) => {
                    let param = &params[*i];
                    let m = marker(ident);
                    marker_items.push(quote!(pub enum #ident {}));
                    defaults.push(quote!(#param = #b::Unset<#m>));
                    fields.push(quote!(#ident: #param,));
                    starts.push(quote!(#ident: #b::Unset::NEW,));
                    let after: Vec<TokenStream> = params
                        .iter()
                        .enumerate()
                        .map(|(j, q)| {
                            if j == *i {
                                quote!(#b::Set<#m, #ty>)
                            } else {
                                quote!(#q)
                            }
                        })
                        .collect();
                    let moved = members.iter().map(|(other, ..)| {
                        if other == ident {
                            quote!(#other: #b::Set::new(#value),)
                        } else {
                            quote!(#other: self.#other,)
                        }
                    });
                    let doc = format!(" Sets `{plain}`, required.");
                    setters.push(quote! {
                        #[doc = #doc]
                        pub fn #ident(self, value: #arg) -> #builder<#(#after),*>
                        where
                            #param: #b::IsUnset<#m>,
                        {
                            #builder { #(#moved)* }
                        }
                    });
                    bounds.push(quote!(#param: #b::IsSet<#m, #ty>,));
                    finish.push(quote!(#ident: #b::IsSet::take(self.#ident),));
                }
                Kept::Optional | Kept::Constant => {
                    let maybe = format_ident!("maybe_{}", plain);
                    fields.push(quote!(#ident: #p::Option<#ty>,));
                    starts.push(quote!(#ident: #p::None,));
                    let (doc, maybe_doc) = if matches!(kept, Kept::Optional) {
                        (
                            format!(" Sets `{plain}`, optional."),
                            format!(" Sets `{plain}`, optional, or leaves it out with `None`."),
                        )
                    } else {
                        (
                            format!(" Sets `{plain}`, which is its one value unless set."),
                            format!(" Sets `{plain}`, or leaves it at its one value with `None`."),
                        )
                    };
                    let maybe_value = if *u64_setter {
                        quote!(value)
                    } else {
                        quote!(value.map(#p::Into::into))
                    };
                    let maybe_arg = if *u64_setter {
                        quote!(#p::Option<u64>)
                    } else {
                        quote!(#p::Option<impl #p::Into<#ty>>)
                    };
                    setters.push(quote! {
                        #[doc = #doc]
                        pub fn #ident(mut self, value: #arg) -> Self {
                            self.#ident = #p::Some(#value);
                            self
                        }
                        #[doc = #maybe_doc]
                        pub fn #maybe(mut self, value: #maybe_arg) -> Self {
                            self.#ident = #maybe_value;
                            self
                        }
                    });
                    finish.push(if matches!(kept, Kept::Optional) {
                        quote!(#ident: self.#ident,)
                    } else {
                        quote!(#ident: #p::Option::unwrap_or_default(self.#ident),)
                    });
                }
            }
        }
        let builder_doc = format!(
            " The builder of [`{}`] ([`{}::builder`]): a setter per member, then `build()`, which compiles once every required member is set.",
            t.name, t.name
        );
        let generics = if params.is_empty() {
            quote!()
        } else {
            quote!(<#(#defaults),*>)
        };
        let marker_module = if marker_items.is_empty() {
            quote!()
        } else {
            let doc = format!(" The required members of [`{builder}`], named in compile errors.");
            quote! {
                #[doc = #doc]
                #[doc(hidden)]
                #[allow(dead_code, non_camel_case_types, non_snake_case)]
                pub mod #markers {
                    #(#[allow(missing_docs)] #marker_items)*
                }
            }
        };
        let item = quote! {
            #[doc = #builder_doc]
            #[must_use = "a builder does nothing until `build()`"]
            #[allow(dead_code)]
            pub struct #builder #generics {
                #(#fields)*
            }
            #marker_module
        };
        let start_doc = format!(
            " Starts a builder of [`{}`]: a setter per member, then `build()`, which compiles once every required member is set.",
            t.name
        );
        let impls = quote! {
            #[allow(dead_code)]
            impl #name {
                #[doc = #start_doc]
                pub fn builder() -> #builder {
                    #builder { #(#starts)* }
                }
            }
            #[allow(dead_code, clippy::type_complexity, clippy::wrong_self_convention)]
            impl<#(#params),*> #builder<#(#params),*> {
                #(#setters)*
                /// The value, once every required member is set.
                pub fn build(self) -> #name
                where
                    #(#bounds)*
                {
                    #name { #(#finish)* }
                }
            }
        };
        (item, impls)
    }

    /// The struct itself, with its derives (serde's `Serialize`).
    fn struct_item(&self, id: TypeId, t: &TypeDef, s: &Struct) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
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
            fields.extend(quote! {
                #fdoc
                #serde_attr
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

        quote! {
            #doc
            #[derive(Clone, #derive_debug PartialEq, #derive_default #p::serde::Serialize)]
            #[serde(crate = #serde_crate)]
            #[non_exhaustive]
            pub struct #name {
                #fields
            }
        }
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

    /// `Deserialize`: objects only, optional values decoded as the inner type (so `null` is
    /// refused), duplicates refused.
    fn deserialize_impl(&self, t: &TypeDef, s: &Struct) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        let name_str = &t.name;
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
        // No declared property: every key is another one (a `match` of one arm would be clippy's
        // `match_single_binding`).
        let keys = if s.properties.is_empty() {
            if s.additional {
                quote!(let _ = key; #p::de::skip_value(&mut map)?;)
            } else {
                quote!(return #p::Err(#p::de::unknown_property(&key, &[]));)
            }
        } else {
            quote! {
                match key.as_str() {
                    #(#arms)*
                    #other_arm
                }
            }
        };
        quote! {
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
                                #keys
                            }
                            #p::Ok(#name { #(#inits)* })
                        }
                    }
                    #p::serde::Deserializer::deserialize_map(deserializer, __Visitor)
                }
            }
        }
    }

    /// The checks of the fields: a function per checked field, `Validate` and `FromValue`.
    fn struct_checks(&self, t: &TypeDef, s: &Struct) -> TokenStream {
        let p = self.p();
        let name = naming::ident(&t.name);
        // Checks: one private function per property holds that property's own checks, so that
        // decoding can run them right after the property decodes and violations come out in
        // schema order, as they do from `validate`. `deep` says whether to descend into nested
        // generated types (validation) or not (decoding, where nested types were already checked
        // as they were decoded).
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
                Shape::Named { id, .. } => self.named_type(*id),
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
        let check_fns = quote!(#(#check_fns)*);
        // Object-level keywords: on the instance when decoding, on the struct's JSON when
        // validating (the parser kept only those both answer alike).
        let residual = s
            .residual
            .as_ref()
            .map(|node| self.node_checks(node))
            .unwrap_or_default();
        let collapsible = if residual.is_empty() {
            quote!()
        } else {
            quote!(#[allow(clippy::collapsible_if)])
        };

        let validate = self.validate_impl(&name, s, &checked, &residual, &collapsible);
        let from_value = self.decode_impl(&name, s, &residual, &collapsible);
        quote!(#check_fns #validate #from_value)
    }

    /// `Validate`: each field's counts and checks, nested types included, then the object-level
    /// keywords on the struct's JSON.
    fn validate_impl(
        &self,
        name: &proc_macro2::Ident,
        s: &Struct,
        checked: &[&Property],
        residual: &TokenStream,
        collapsible: &TokenStream,
    ) -> TokenStream {
        let p = self.p();
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
                let counts = counts(&p, f, quote!(value));
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
        quote! {
            #[automatically_derived]
            impl #p::Validate for #name {
                #collapsible
                fn validate_at(&self, at: &#p::Path<'_>, out: &mut #p::Violations) {
                    #validate_body
                }
            }
        }
    }

    /// `FromValue`: each field decoded and checked as it decodes, every violation listed.
    fn decode_impl(
        &self,
        name: &proc_macro2::Ident,
        s: &Struct,
        residual: &TokenStream,
        collapsible: &TokenStream,
    ) -> TokenStream {
        let p = self.p();
        let declared: Vec<&str> = s.properties.iter().map(|f| f.json_name.as_str()).collect();
        let closed = if s.additional {
            quote!()
        } else {
            quote!(#p::validate::no_other_properties(map, &[#(#declared),*], at, out);)
        };
        let object = if s.properties.is_empty() && s.additional && residual.is_empty() {
            quote!(#p::validate::object(value, at, out)?;)
        } else {
            quote!(let map = #p::validate::object(value, at, out)?;)
        };
        let decodes = s.properties.iter().map(|f| {
            let ident = slot(f);
            let ty = self.rust_type(&f.shape);
            let json = &f.json_name;
            let counts = counts(&p, f, quote!(items));
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

        quote! {
            #[automatically_derived]
            impl #p::FromValue for #name {
                #collapsible
                fn from_value_at(
                    value: &#p::serde_json::Value,
                    at: &#p::Path<'_>,
                    out: &mut #p::Violations,
                ) -> #p::Option<Self> {
                    #object
                    #closed
                    #(#decodes)*
                    #residual
                    #p::Some(#name { #(#builds)* })
                }
            }
        }
    }
}

/// The slot a field decodes into.
fn slot(f: &Property) -> proc_macro2::Ident {
    format_ident!(
        "f_{}",
        naming::snake_case(&f.rust_name).trim_start_matches('_')
    )
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
fn counts(p: &TokenStream, f: &Property, val: TokenStream) -> TokenStream {
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
