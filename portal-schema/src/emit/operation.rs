//! The `Operation` impl of a tool's root type: its name, its HTTP binding, its output type.

use super::Emitter;
use crate::ir::*;
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
        quote! {
            #[automatically_derived]
            impl #p::Operation for #root {
                const TOOL: &'static str = #name;
                const METHOD: #p::Method = #p::Method::#method;
                const PATH: &'static str = #path;
                #headers
                type Output = #output;
            }
        }
    }
}
