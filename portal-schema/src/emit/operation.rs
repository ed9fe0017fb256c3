//! The `Operation` impl of a tool's root type: its name, its HTTP binding, its output type; and
//! the `Paginated` impl of a list operation.

use super::Emitter;
use crate::ir::*;
use crate::naming;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(super) fn operation(&self) -> TokenStream {
        let (Some(name), Some(http)) = (&self.tool.name, &self.tool.http) else {
            return quote!();
        };
        let p = self.p();
        let root = self.type_ident(self.tool.root);
        let method = format_ident!(
            "{}",
            match http.method.as_str() {
                "GET" => "Get",
                "PUT" => "Put",
                "PATCH" => "Patch",
                "DELETE" => "Delete",
                _ => "Post",
            }
        );
        let path = &http.path;
        let output = match &self.tool.output {
            Some(shape) => self.rust_type(shape),
            // Nothing to decode: the answer is `204 No Content`.
            None if http.status == Some(204) => quote!(#p::Empty),
            None => quote!(#p::serde_json::Value),
        };
        let headers: Vec<TokenStream> = match &self.tool.types[self.tool.root].kind {
            TypeKind::Struct(s) => s
                .properties
                .iter()
                .filter_map(|f| {
                    let h = f.mcp_header.as_ref()?;
                    let json = &f.json_name;
                    Some(quote!((#json, #h)))
                })
                .collect(),
            TypeKind::Enum(_) | TypeKind::Json(_) | TypeKind::Union(_) | TypeKind::External(_) => {
                Vec::new()
            }
        };
        let headers = if headers.is_empty() {
            quote!()
        } else {
            quote!(const MCP_HEADERS: &'static [(&'static str, &'static str)] = &[#(#headers),*];)
        };
        // Only what differs from the trait's defaults, so that a plain binding stays as it was.
        let path_params = if http.path_params.is_empty() {
            quote!()
        } else {
            let names = &http.path_params;
            quote!(const PATH_PARAMS: &'static [&'static str] = &[#(#names),*];)
        };
        let query = if http.query.is_empty() {
            quote!()
        } else {
            let params = http.query.iter().map(|q| {
                let name = &q.name;
                let explode = q.explode;
                let style = match q.style {
                    QueryStyle::Form => quote!(Form { explode: #explode }),
                    QueryStyle::SpaceDelimited => quote!(SpaceDelimited { explode: #explode }),
                    QueryStyle::PipeDelimited => quote!(PipeDelimited { explode: #explode }),
                    QueryStyle::DeepObject => quote!(DeepObject),
                };
                quote!((#name, #p::QueryStyle::#style))
            });
            quote!(const QUERY: &'static [(&'static str, #p::QueryStyle)] = &[#(#params),*];)
        };
        let success = match http.status {
            Some(status) => quote!(const SUCCESS: #p::Option<u16> = #p::Some(#status);),
            None => quote!(),
        };
        let paginated = self.paginated(http);
        quote! {
            #[automatically_derived]
            impl #p::Operation for #root {
                const TOOL: &'static str = #name;
                const METHOD: #p::Method = #p::Method::#method;
                const PATH: &'static str = #path;
                #path_params
                #query
                #success
                #headers
                type Output = #output;
            }
            #paginated
        }
    }

    /// The `Paginated` impl: the item array and the next cursor read from the output by the
    /// pointers of `paginated`, through optional and `null`-able properties (checked by the
    /// parser to lead to an array and a string).
    fn paginated(&self, http: &HttpBinding) -> TokenStream {
        let (Some(pages), Some(output)) = (&http.paginated, &self.tool.output) else {
            return quote!();
        };
        let (Some((item_steps, items_shape)), Some((next_steps, next_shape))) = (
            self.tool.walk(output, &pages.items),
            self.tool.walk(output, &pages.next),
        ) else {
            return quote!();
        };
        let p = self.p();
        let root = self.type_ident(self.tool.root);
        let output_type = self.rust_type(output);
        let (items_nullable, items_shape) = match items_shape {
            Shape::Nullable(inner) => (true, &**inner),
            shape => (false, shape),
        };
        let Shape::Array { items: item, .. } = items_shape else {
            return quote!();
        };
        let item = self.rust_type(item);

        // `items`: the array moved out of the output. An absent or `null` object on the way, or
        // an absent or `null` array, is a page without items.
        let mut take = TokenStream::new();
        let mut at = quote!(output);
        let last = item_steps.len() - 1;
        for (i, step) in item_steps.iter().enumerate() {
            if step.nullable_parent {
                take.extend(quote! {
                    let #p::Some(v) = #at.into_option() else { return #p::Vec::new(); };
                });
                at = quote!(v);
            }
            let field = naming::field_ident(&step.property.rust_name);
            let boxed = matches!(step.property.shape, Shape::Named { boxed: true, .. });
            if i == last {
                at = match (step.property.required, items_nullable) {
                    (true, false) => quote!(#at.#field),
                    (true, true) => quote!(#at.#field.into_option().unwrap_or_default()),
                    (false, false) => quote!(#at.#field.unwrap_or_default()),
                    (false, true) => quote! {
                        #at.#field.and_then(#p::Nullable::into_option).unwrap_or_default()
                    },
                };
            } else if step.property.required {
                at = if boxed {
                    quote!((*#at.#field))
                } else {
                    quote!(#at.#field)
                };
            } else {
                take.extend(quote! {
                    let #p::Some(v) = #at.#field else { return #p::Vec::new(); };
                });
                at = if boxed { quote!((*v)) } else { quote!(v) };
            }
        }

        // `next_cursor`: borrowed through the same kinds of steps, `None` at any absence.
        let mut cursor = quote!(output);
        for step in &next_steps {
            if step.nullable_parent {
                cursor = quote!(#cursor.as_ref()?);
            }
            let field = naming::field_ident(&step.property.rust_name);
            cursor = if step.property.required {
                quote!(#cursor.#field)
            } else {
                quote!(#cursor.#field.as_ref()?)
            };
        }
        if matches!(next_shape, Shape::Nullable(_)) {
            cursor = quote!(#cursor.as_ref()?);
        }

        let cursor_name = &pages.cursor;
        let items_pointer = &pages.items;
        let next_pointer = &pages.next;
        let set = match &self.tool.types[self.tool.root].kind {
            TypeKind::Struct(s) => s.properties.iter().find(|f| f.json_name == pages.cursor),
            _ => None,
        };
        let Some(set) = set else {
            return quote!();
        };
        let set_field = naming::field_ident(&set.rust_name);
        let value = match set.shape {
            Shape::Nullable(_) => quote!(#p::Nullable::Value(cursor)),
            _ => quote!(cursor),
        };
        quote! {
            #[automatically_derived]
            impl #p::Paginated for #root {
                type Item = #item;
                const CURSOR: &'static str = #cursor_name;
                const ITEMS: &'static str = #items_pointer;
                const NEXT: &'static str = #next_pointer;
                fn items(output: #output_type) -> #p::Vec<#item> {
                    #take
                    #at
                }
                fn next_cursor(output: &#output_type) -> #p::Option<&str> {
                    #p::Some(#cursor.as_str())
                }
                fn set_cursor(&mut self, cursor: #p::String) {
                    self.#set_field = #p::Some(#value);
                }
            }
        }
    }
}
