//! Unions: an enum with a variant per branch (and `Other` for a tag no branch has), its serde
//! impls, `Validate` and `FromValue`. The discriminator (the value's JSON type, or its tag) picks
//! one branch; only that branch is decoded and checked.

use super::docs::code;
use super::{Emitted, Emitter, doc_attrs};
use crate::docs;
use crate::ir::*;
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn union(&self, id: TypeId, t: &TypeDef, u: &Union) -> Emitted {
        let p = self.p();
        let name = naming::ident(&t.name);
        let mut lines = self.type_doc(id, t);
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(match &u.discriminator {
            Discriminator::Type => "Decoding picks the branch by the value's JSON type and reads only that branch.".to_owned(),
            Discriminator::Tag(property) => format!(
                "Decoding picks the branch by {} and reads only that branch; a value naming no branch is kept as `Other`.",
                code(&format!("{property:?}"))
            ),
            Discriminator::Required => "Decoding reads only the branches whose required properties the object has, each once.".to_owned(),
        });
        let doc = doc_attrs(&lines);
        let tagged = match &u.discriminator {
            Discriminator::Tag(property) => Some(property.as_str()),
            _ => None,
        };
        let variants = u.variants.iter().map(|v| {
            let ident = naming::ident(&v.rust_name);
            let mut lines = match &v.doc {
                Some(d) => {
                    let mut l = docs::doc_lines(d, self.docs_base());
                    l.push(String::new());
                    l
                }
                None => Vec::new(),
            };
            lines.push(match (&v.tag, tagged) {
                (Some(tag), Some(property)) => format!(
                    "The branch at {} (JSON {} is {}).",
                    code(&v.pointer),
                    code(&format!("{property:?}")),
                    code(&format!("{tag:?}"))
                ),
                _ if !v.required.is_empty() => {
                    let names: Vec<String> =
                        v.required.iter().map(|n| code(&format!("{n:?}"))).collect();
                    format!(
                        "The branch at {} (an object with {}).",
                        code(&v.pointer),
                        names.join(" and ")
                    )
                }
                _ => format!(
                    "The branch at {} (a JSON {}).",
                    code(&v.pointer),
                    v.json_type
                ),
            });
            let vdoc = doc_attrs(&lines);
            if v.json_type == "null" {
                quote!(#vdoc #ident,)
            } else {
                let ty = self.rust_type(&v.shape);
                quote!(#vdoc #ident(#ty),)
            }
        });
        let other = tagged.map(|property| {
            let text = format!(
                " A value whose {property:?} names no branch (a tag added to the schema later, or none at all). Decoding keeps it, so newer data still parses; validation refuses it."
            );
            quote!(#[doc = #text] Other(#p::serde_json::Value),)
        });
        // `From` for each variant whose Rust type no other variant has: `value.into()` builds it.
        let froms = u
            .variants
            .iter()
            .filter(|v| v.json_type != "null")
            .filter_map(|v| {
                let ty = self.rust_type(&v.shape);
                let same = u
                    .variants
                    .iter()
                    .filter(|w| {
                        w.json_type != "null"
                            && self.rust_type(&w.shape).to_string() == ty.to_string()
                    })
                    .count();
                if same != 1 {
                    return None;
                }
                let ident = naming::ident(&v.rust_name);
                Some(quote! {
                    #[automatically_derived]
                    impl #p::From<#ty> for #name {
                        fn from(value: #ty) -> Self {
                            Self::#ident(value)
                        }
                    }
                })
            });
        let item = quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #other
            }
        };
        let serialize_arms = u.variants.iter().map(|v| {
            let ident = naming::ident(&v.rust_name);
            if v.json_type == "null" {
                quote!(Self::#ident => serializer.serialize_unit(),)
            } else {
                quote!(Self::#ident(value) => #p::serde::Serialize::serialize(value, serializer),)
            }
        });
        let serialize_other = tagged.map(
            |_| quote!(Self::Other(value) => #p::serde::Serialize::serialize(value, serializer),),
        );
        let deserialize = self.union_deserialize(&name, u);
        let validate = self.union_validate(&name, u);
        let from_value = self.union_from_value(&name, u);
        let impls = quote! {
            #(#froms)*

            #[automatically_derived]
            impl #p::serde::Serialize for #name {
                fn serialize<__S>(&self, serializer: __S) -> #p::Result<__S::Ok, __S::Error>
                where
                    __S: #p::serde::Serializer,
                {
                    match self {
                        #(#serialize_arms)*
                        #serialize_other
                    }
                }
            }

            #deserialize
            #validate
            #from_value
        };
        Emitted { item, impls }
    }

    /// The JSON types each variant takes, as `match` patterns on `union::kind`: a `number`
    /// branch takes integers too.
    fn kinds(v: &UnionVariant) -> TokenStream {
        match v.json_type.as_str() {
            "number" => quote!("integer" | "number"),
            other => quote!(#other),
        }
    }

    /// `Deserialize`: the value is read once (refusing repeated properties) and only the branch
    /// its discriminator picks is deserialized. A tagged union holds the properties before the
    /// tag and reads the rest of its branch straight from the stream (`union::tagged`).
    fn union_deserialize(&self, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
        let p = self.p();
        let property = match &u.discriminator {
            Discriminator::Required => return self.required_deserialize(name, u),
            Discriminator::Type => return self.type_deserialize(name, u),
            Discriminator::Tag(property) => property,
        };
        // Every branch of a tagged union is an object with its own tag.
        let tagged: Vec<&UnionVariant> = u.variants.iter().filter(|v| v.tag.is_some()).collect();
        let tags = tagged.iter().filter_map(|v| v.tag.as_deref());
        let arms = tagged.iter().enumerate().map(|(i, v)| {
            let ident = naming::ident(&v.rust_name);
            let ty = self.rust_type(&v.shape);
            let read = if super::structure::reads_through_wire(&v.shape) {
                quote! {
                    <<#ty as #p::de::Wire>::Repr as #p::serde::Deserialize>::deserialize(deserializer)
                        .map(<#ty as #p::de::Wire>::from_repr)
                }
            } else {
                quote!(<#ty as #p::serde::Deserialize>::deserialize(deserializer))
            };
            // The last arm takes what is left, so the match needs no unreachable arm.
            let pattern = if i + 1 == tagged.len() {
                quote!(_)
            } else {
                let i = proc_macro2::Literal::usize_unsuffixed(i);
                quote!(#i)
            };
            quote!(#pattern => #read.map(#name::#ident),)
        });
        quote! {
            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #name {
                fn deserialize<__D>(deserializer: __D) -> #p::Result<Self, __D::Error>
                where
                    __D: #p::serde::Deserializer<'de>,
                {
                    struct __Branches;
                    impl<'de> #p::union::Branches<'de> for __Branches {
                        type Value = #name;
                        const PROPERTY: &'static str = #property;
                        const TAGS: &'static [&'static str] = &[#(#tags),*];
                        fn branch<__A: #p::serde::de::MapAccess<'de>>(
                            index: usize,
                            map: __A,
                        ) -> #p::Result<#name, __A::Error> {
                            let deserializer = #p::serde::de::value::MapAccessDeserializer::new(map);
                            match index {
                                #(#arms)*
                            }
                        }
                        fn other(value: #p::serde_json::Value) -> #name {
                            #name::Other(value)
                        }
                    }
                    #p::union::tagged::<__D, __Branches>(deserializer)
                }
            }
        }
    }

    /// `Validate`: the variant's own checks (a nested type validates itself); `Other` refused.
    fn union_validate(&self, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
        let p = self.p();
        let keyword = u.keyword;
        let arms = u.variants.iter().map(|v| {
            let ident = naming::ident(&v.rust_name);
            if v.json_type == "null" {
                return quote!(Self::#ident => {});
            }
            let checks = self.checks(&v.shape, &quote!(value), &quote!(at), 0, true);
            if checks.is_empty() {
                quote!(Self::#ident(_) => {})
            } else {
                quote!(Self::#ident(value) => { #checks })
            }
        });
        let other = match &u.discriminator {
            Discriminator::Tag(property) => {
                let tags = u.variants.iter().filter_map(|v| v.tag.as_deref());
                quote!(Self::Other(value) => #p::union::unknown_tag(value, #property, &[#(#tags),*], #keyword, at, out),)
            }
            _ => quote!(),
        };
        quote! {
            #[automatically_derived]
            impl #p::Validate for #name {
                #[allow(unused_variables)]
                fn validate_at(&self, at: &#p::Path<'_>, out: &mut #p::Violations) {
                    match self {
                        #(#arms)*
                        #other
                    }
                }
            }
        }
    }

    /// `FromValue`: the discriminator picks one branch, which alone is decoded and checked; a
    /// value no branch takes is one violation naming what the branches take.
    fn union_from_value(&self, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
        let p = self.p();
        let keyword = u.keyword;
        if u.discriminator == Discriminator::Required {
            return self.required_from_value(name, u);
        }
        let arms = u.variants.iter().map(|v| {
            let ident = naming::ident(&v.rust_name);
            let pattern = match &v.tag {
                Some(tag) => quote!(#p::Some(#tag)),
                None => Self::kinds(v),
            };
            if v.json_type == "null" {
                return quote!(#pattern => #p::Some(Self::#ident),);
            }
            let ty = self.rust_type(&v.shape);
            // A generated type checks itself as it decodes; a primitive's own keywords run here.
            let checks = if matches!(v.shape, Shape::Named { .. }) {
                TokenStream::new()
            } else {
                self.checks(&v.shape, &quote!(&decoded), &quote!(at), 0, true)
            };
            if checks.is_empty() {
                quote!(#pattern => <#ty as #p::FromValue>::from_value_at(value, at, out).map(Self::#ident),)
            } else {
                quote!(#pattern => {
                    let decoded = <#ty as #p::FromValue>::from_value_at(value, at, out)?;
                    let before = out.len();
                    #checks
                    if out.len() == before { #p::Some(Self::#ident(decoded)) } else { #p::None }
                })
            }
        });
        let (scrutinee, fallback) = match &u.discriminator {
            Discriminator::Tag(property) => {
                let tags = u.variants.iter().filter_map(|v| v.tag.as_deref());
                (
                    quote!(#p::union::tag(value, #property)),
                    quote!(_ => {
                        #p::union::unknown_tag(value, #property, &[#(#tags),*], #keyword, at, out);
                        #p::None
                    }),
                )
            }
            _ => {
                let types = u.variants.iter().map(|v| v.json_type.as_str());
                (
                    quote!(#p::union::kind(value)),
                    quote!(_ => {
                        #p::union::no_branch(value, &[#(#types),*], #keyword, at, out);
                        #p::None
                    }),
                )
            }
        };
        quote! {
            #[automatically_derived]
            impl #p::FromValue for #name {
                fn from_value_at(
                    value: &#p::serde_json::Value,
                    at: &#p::Path<'_>,
                    out: &mut #p::Violations,
                ) -> #p::Option<Self> {
                    match #scrutinee {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        }
    }

    /// The `required` sets, as a constant the runtime reads.
    fn required_sets(&self, u: &Union) -> TokenStream {
        let sets = u.variants.iter().map(|v| {
            let names = &v.required;
            quote!(&[#(#names),*])
        });
        quote!(const REQUIRED: &[&[&str]] = &[#(#sets),*];)
    }

    /// `Deserialize` for branches told apart by their required properties: the one branch whose
    /// properties the object has is deserialized; when it has several branches' properties, the
    /// branch is the one that matches, as `FromValue` decides it.
    fn required_deserialize(&self, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
        let p = self.p();
        let required = self.required_sets(u);
        let arms = u.variants.iter().enumerate().map(|(i, v)| {
            let ident = naming::ident(&v.rust_name);
            let ty = self.rust_type(&v.shape);
            let bit = proc_macro2::Literal::u64_unsuffixed(1 << i);
            quote!(#bit => value.deserialize::<#ty>()
                .map(Self::#ident)
                .map_err(#p::serde::de::Error::custom),)
        });
        let sets: Vec<String> = u
            .variants
            .iter()
            .map(|v| {
                let names: Vec<String> = v.required.iter().map(|n| format!("{n:?}")).collect();
                names.join(" and ")
            })
            .collect();
        let none = format!("expected an object with {}", sets.join(" or "));
        quote! {
            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #name {
                fn deserialize<__D>(deserializer: __D) -> #p::Result<Self, __D::Error>
                where
                    __D: #p::serde::Deserializer<'de>,
                {
                    #required
                    let value = #p::union::buffer(deserializer)?;
                    match value.candidates(REQUIRED) {
                        #(#arms)*
                        0 => #p::Err(#p::serde::de::Error::custom(#none)),
                        _ => {
                            let value = value.into_value();
                            let mut out = #p::Violations::default();
                            match <Self as #p::FromValue>::from_value_at(&value, &#p::Path::Root, &mut out) {
                                #p::Some(decoded) if out.is_empty() => #p::Ok(decoded),
                                _ => #p::Err(#p::serde::de::Error::custom(out)),
                            }
                        }
                    }
                }
            }
        }
    }

    /// `FromValue` for branches told apart by their required properties: only the branches whose
    /// properties the object has are decoded, each once (`union::pick`).
    fn required_from_value(&self, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
        let p = self.p();
        let keyword = u.keyword;
        let exclusive = keyword == "oneOf";
        let required = self.required_sets(u);
        let n = u.variants.len();
        let closures: Vec<proc_macro2::Ident> = (0..n)
            .map(|i| quote::format_ident!("branch{}", i))
            .collect();
        let defs = u.variants.iter().zip(&closures).map(|(v, c)| {
            let ident = naming::ident(&v.rust_name);
            let ty = self.rust_type(&v.shape);
            quote! {
                let #c = |out: &mut #p::Violations| {
                    <#ty as #p::FromValue>::from_value_at(value, at, out).map(Self::#ident)
                };
            }
        });
        let pointers = (0..n).map(|i| format!("#/{keyword}/{i}"));
        quote! {
            #[automatically_derived]
            impl #p::FromValue for #name {
                fn from_value_at(
                    value: &#p::serde_json::Value,
                    at: &#p::Path<'_>,
                    out: &mut #p::Violations,
                ) -> #p::Option<Self> {
                    #required
                    let map = #p::validate::object(value, at, out)?;
                    let found = #p::union::candidates(map, REQUIRED);
                    if found == 0 {
                        #p::union::no_candidate(REQUIRED, #keyword, at, out);
                        return #p::None;
                    }
                    #(#defs)*
                    let branches: [#p::union::Branch<'_, Self>; #n] = [#(&#closures),*];
                    #p::union::pick(found, &branches, #exclusive, &[#(#pointers),*], #keyword, at, out)
                }
            }
        }
    }

    /// `Deserialize` by JSON type: the deserializer says which type it holds, and the value goes
    /// straight to that branch, with nothing buffered.
    fn type_deserialize(&self, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
        let p = self.p();
        let de = quote!(#p::serde::de);
        let find = |t: &str| u.variants.iter().find(|v| v.json_type == t);
        let mut methods = TokenStream::new();
        let read = |v: &UnionVariant, deserializer: TokenStream| {
            let ident = naming::ident(&v.rust_name);
            let ty = self.rust_type(&v.shape);
            if super::structure::reads_through_wire(&v.shape) {
                quote! {
                    <<#ty as #p::de::Wire>::Repr as #p::serde::Deserialize>::deserialize(#deserializer)
                        .map(|repr| #name::#ident(<#ty as #p::de::Wire>::from_repr(repr)))
                }
            } else {
                quote!(<#ty as #p::serde::Deserialize>::deserialize(#deserializer).map(#name::#ident))
            }
        };
        if let Some(v) = find("string") {
            let body = read(v, quote!(#de::value::StrDeserializer::<__E>::new(value)));
            methods.extend(quote! {
                fn visit_str<__E: #de::Error>(self, value: &str) -> #p::Result<#name, __E> {
                    #body
                }
            });
        }
        if let Some(v) = find("boolean") {
            let ident = naming::ident(&v.rust_name);
            methods.extend(quote! {
                fn visit_bool<__E: #de::Error>(self, value: bool) -> #p::Result<#name, __E> {
                    #p::Ok(#name::#ident(value))
                }
            });
        }
        if let Some(v) = find("null") {
            let ident = naming::ident(&v.rust_name);
            methods.extend(quote! {
                fn visit_unit<__E: #de::Error>(self) -> #p::Result<#name, __E> {
                    #p::Ok(#name::#ident)
                }
            });
        }
        // Integers as JSON Schema counts them (`7.0` included) go to the `integer` branch, any
        // other number to the `number` branch; the two are never both present.
        match (find("integer"), find("number")) {
            (Some(v), _) => {
                // The variant's own integer type (`i64`, `u64`, `i128` or `serde_json::Number`,
                // from its bounds) reads the number, as a struct field of that type does.
                let from_i64 = read(v, quote!(#de::value::I64Deserializer::<__E>::new(value)));
                let from_u64 = read(v, quote!(#de::value::U64Deserializer::<__E>::new(value)));
                let from_f64 = read(v, quote!(#de::value::F64Deserializer::<__E>::new(value)));
                methods.extend(quote! {
                    fn visit_i64<__E: #de::Error>(self, value: i64) -> #p::Result<#name, __E> {
                        #from_i64
                    }
                    fn visit_u64<__E: #de::Error>(self, value: u64) -> #p::Result<#name, __E> {
                        #from_u64
                    }
                    fn visit_f64<__E: #de::Error>(self, value: f64) -> #p::Result<#name, __E> {
                        #from_f64
                    }
                });
            }
            (None, Some(v)) => {
                let ident = naming::ident(&v.rust_name);
                methods.extend(quote! {
                    fn visit_i64<__E: #de::Error>(self, value: i64) -> #p::Result<#name, __E> {
                        #p::Ok(#name::#ident(value as f64))
                    }
                    fn visit_u64<__E: #de::Error>(self, value: u64) -> #p::Result<#name, __E> {
                        #p::Ok(#name::#ident(value as f64))
                    }
                    fn visit_f64<__E: #de::Error>(self, value: f64) -> #p::Result<#name, __E> {
                        #p::Ok(#name::#ident(value))
                    }
                });
            }
            (None, None) => {}
        }
        if let Some(v) = find("array") {
            let body = read(v, quote!(#de::value::SeqAccessDeserializer::new(seq)));
            methods.extend(quote! {
                fn visit_seq<__A: #de::SeqAccess<'de>>(self, seq: __A) -> #p::Result<#name, __A::Error> {
                    #body
                }
            });
        }
        if let Some(v) = find("object") {
            let body = read(v, quote!(#de::value::MapAccessDeserializer::new(map)));
            methods.extend(quote! {
                fn visit_map<__A: #de::MapAccess<'de>>(self, map: __A) -> #p::Result<#name, __A::Error> {
                    #body
                }
            });
        }
        let types: Vec<&str> = u.variants.iter().map(|v| v.json_type.as_str()).collect();
        let expecting = format!("one of {}", types.join(", "));
        quote! {
            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #name {
                fn deserialize<__D>(deserializer: __D) -> #p::Result<Self, __D::Error>
                where
                    __D: #p::serde::Deserializer<'de>,
                {
                    struct __Visitor;
                    impl<'de> #de::Visitor<'de> for __Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut #p::fmt::Formatter<'_>) -> #p::fmt::Result {
                            f.write_str(#expecting)
                        }
                        #methods
                    }
                    #p::serde::Deserializer::deserialize_any(deserializer, __Visitor)
                }
            }
        }
    }
}
