//! String enums: a variant per listed value and `Other` for the rest.

use super::docs::{code, sentence};
use super::{Emitted, Emitter, doc_attrs, lit_str};
use crate::docs;
use crate::ir::*;
use crate::naming;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn string_enum(&self, id: TypeId, t: &TypeDef, e: &StringEnum) -> Emitted {
        let p = self.p();
        let name = naming::ident(&t.name);
        let name_str = &t.name;
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
        let other_doc = lit_str(&format!(
            " A value not listed when these bindings were generated, such as one added to the schema later. Decoding keeps it, so newer data still parses; validation refuses it, and [`{name_str}::from_str`](std::str::FromStr::from_str) never returns it."
        ));
        // A literal is its one value by default, and converts from text as the `String` it
        // stands for did (any other text becomes `Other`, which validation refuses).
        let constant = match (e.constant, e.variants.first()) {
            (true, Some(v)) => {
                let ident = naming::ident(&v.rust_name);
                let value = &v.value;
                quote!(, constant #ident #value)
            }
            _ => quote!(),
        };
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
        let impls = quote!(#p::impl_str_enum!(#name #constant););
        Emitted { item, impls }
    }
}
