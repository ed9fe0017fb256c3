//! What `tool!` emits beside the errors of a broken schema: the root type, with every trait a
//! user calls on it (`Validate`, `FromValue` and so `FromJson`, `Operation`, serde's two, the
//! builder's entry point and its setters), so that the schema's own errors are the only ones and
//! the code using the type reports no cascade of "cannot find type" or "no method" errors.
//!
//! The bodies are `unreachable!()`: the crate does not compile while the schema error stands,
//! so none of them ever runs.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use syn::Ident;

/// What the fallback knows of the tool, read from its files as far as they can be read.
pub(crate) struct Known {
    /// The root type's name: `name:`, or derived from the tool as the generator derives it.
    pub(crate) name: Ident,
    /// The setter names of the root type's builder: its top-level properties.
    pub(crate) setters: Vec<String>,
}

/// The root type's name and properties, from the `name:` argument and from the tool and patch
/// text (each `None` when it could not be read). `None` when no name can be found: then nothing
/// is emitted besides the errors.
pub(crate) fn known(
    name: Option<&Ident>,
    tool: Option<&str>,
    patch: Option<&str>,
) -> Option<Known> {
    let tool: Option<Value> = tool.and_then(|t| serde_json::from_str(t).ok());
    let patch: Option<Value> = patch.and_then(|t| serde_json::from_str(t).ok());
    let bare = !matches!(&tool, Some(Value::Object(m)) if m.contains_key("inputSchema"));
    // The patch's value wins over the tool's, as the merge patch would make it.
    let field = |pointer: &str| -> Option<Value> {
        let pointer = if bare {
            pointer.strip_prefix("/inputSchema").unwrap_or(pointer)
        } else {
            pointer
        };
        patch
            .as_ref()
            .and_then(|p| p.pointer(pointer))
            .or_else(|| tool.as_ref().and_then(|t| t.pointer(pointer)))
            .cloned()
    };
    let name = match name {
        Some(name) => name.clone(),
        None => {
            let derived = match (bare, field("/name")) {
                (false, Some(Value::String(tool))) => portal_schema::naming::root_name(&tool),
                _ => match field("/inputSchema/title") {
                    Some(Value::String(title)) => {
                        portal_schema::naming::upper_camel(&title, "Tool")
                    }
                    _ if tool.is_some() => "Input".to_owned(),
                    _ => return None,
                },
            };
            portal_schema::naming::check_type_name(&derived).ok()?;
            Ident::new(&derived, Span::call_site())
        }
    };
    let mut setters: Vec<String> = match field("/inputSchema/properties") {
        Some(Value::Object(properties)) => properties
            .keys()
            .map(|k| portal_schema::naming::snake_case(k))
            .collect(),
        _ => Vec::new(),
    };
    setters.sort();
    setters.dedup();
    Some(Known { name, setters })
}

/// The root type and its stub impls, naming the runtime by `rt`.
pub(crate) fn expand(known: &Known, rt: &TokenStream) -> TokenStream {
    let p = quote!(#rt::__private_v1);
    let name = &known.name;
    let builder = format_ident!("{}Builder", name);
    let setters = known.setters.iter().map(|setter| {
        let ident = portal_schema::naming::field_ident(setter);
        let plain = ident.to_string();
        let maybe = format_ident!("maybe_{}", plain.trim_start_matches("r#"));
        quote! {
            /// Placeholder: the schema has errors.
            pub fn #ident<__T>(self, _: __T) -> Self { self }
            /// Placeholder: the schema has errors.
            pub fn #maybe<__T>(self, _: __T) -> Self { self }
        }
    });
    let never = quote!(::core::unreachable!("the schema has errors"));
    quote! {
        /// Placeholder: the schema has errors.
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name;

        /// Placeholder: the schema has errors.
        pub struct #builder;

        #[allow(clippy::new_without_default, clippy::unused_self)]
        impl #name {
            /// Placeholder: the schema has errors.
            pub fn builder() -> #builder {
                #builder
            }
        }

        #[allow(clippy::unused_self)]
        impl #builder {
            #(#setters)*
            /// Placeholder: the schema has errors.
            pub fn build(self) -> #name {
                #name
            }
        }

        const _: () = {
            #[automatically_derived]
            impl #p::Validate for #name {
                fn validate_at(&self, _: &#p::Path<'_>, _: &mut #p::Violations) {
                    #never
                }
            }
            #[automatically_derived]
            impl #p::FromValue for #name {
                fn from_value_at(
                    _: &#p::serde_json::Value,
                    _: &#p::Path<'_>,
                    _: &mut #p::Violations,
                ) -> #p::Option<Self> {
                    #never
                }
            }
            #[automatically_derived]
            impl #p::serde::Serialize for #name {
                fn serialize<__S>(&self, _: __S) -> #p::Result<__S::Ok, __S::Error>
                where
                    __S: #p::serde::Serializer,
                {
                    #never
                }
            }
            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #name {
                fn deserialize<__D>(_: __D) -> #p::Result<Self, __D::Error>
                where
                    __D: #p::serde::Deserializer<'de>,
                {
                    #never
                }
            }
            #[automatically_derived]
            impl #p::Operation for #name {
                const TOOL: &'static str = "";
                const METHOD: #p::Method = #p::Method::Post;
                const PATH: &'static str = "";
                type Output = #p::serde_json::Value;
            }
        };
    }
}
