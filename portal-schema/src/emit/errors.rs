//! The documented error answers of an operation: the `<Request>Error` enum, a variant per
//! status holding the body decoded into the type generated for that status's schema, with its
//! `DocumentedErrors` impl; and the request type's `Fallible` impl.

use super::{Emitter, doc_attrs};
use crate::docs;
use crate::naming;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// The enum (an item of the invoking module) and its impls, or nothing when the binding
    /// documents no error.
    pub(super) fn documented_errors(&self) -> (TokenStream, TokenStream) {
        let (Some(tool), Some(errors)) = (&self.tool.name, &self.tool.errors) else {
            return (quote!(), quote!());
        };
        let p = self.p();
        let name = naming::ident(&errors.name);
        let mut variants = TokenStream::new();
        let mut arms = TokenStream::new();
        let mut statuses = Vec::new();
        for answer in &errors.answers {
            let variant = format_ident!("{}", answer.variant);
            let body = self.rust_type(&answer.shape);
            if let Ok(status) = answer.status.parse::<u16>() {
                statuses.push(Literal::u16_unsuffixed(status));
            }
            let heading = match &answer.reason {
                Some(reason) => format!("`{} {reason}`", answer.status),
                None => format!("`{}`", answer.status),
            };
            let mut lines = vec![match &answer.description {
                Some(_) => format!("{heading}:"),
                None => format!("{heading}."),
            }];
            if let Some(description) = &answer.description {
                lines.extend(docs::doc_lines(description, self.docs_base()));
            }
            let doc = doc_attrs(&lines);
            variants.extend(quote!(#doc #variant(#body),));
            let pattern = match answer.status.as_str() {
                "4XX" => quote!(400..=499),
                "5XX" => quote!(500..=599),
                // After every other arm: OpenAPI's `default` is each error status no other
                // entry names.
                "default" => quote!(_ if (400..600).contains(&status)),
                exact => {
                    let status = Literal::u16_unsuffixed(exact.parse().unwrap_or_default());
                    quote!(#status)
                }
            };
            arms.extend(quote! {
                #pattern => #p::validate::FromJson::from_json_value(body).map(Self::#variant),
            });
        }
        let doc = doc_attrs(&[format!(
            "The error answers `{tool}` documents, each decoded by the schema of its status: what `Error::documented` gives for this operation."
        )]);
        let item = quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #variants
            }
        };
        let impls = quote! {
            #[automatically_derived]
            impl #p::DocumentedErrors for #name {
                const STATUSES: &'static [u16] = &[#(#statuses),*];
                fn decode(
                    status: u16,
                    body: &#p::serde_json::Value,
                ) -> #p::Option<#p::Result<Self, #p::Violations>> {
                    #p::Some(match status {
                        #arms
                        _ => return #p::None,
                    })
                }
            }
        };
        (item, impls)
    }

    /// `Fallible` for the request type of a tool with a REST binding.
    pub(super) fn fallible(&self) -> TokenStream {
        if self.tool.name.is_none() || self.tool.http.is_none() {
            return quote!();
        }
        let p = self.p();
        let root = self.type_ident(self.tool.root);
        let errors = match &self.tool.errors {
            Some(errors) => {
                let name = naming::ident(&errors.name);
                quote!(#name)
            }
            None => quote!(#p::NoDocumentedErrors),
        };
        quote! {
            #[automatically_derived]
            impl #p::Fallible for #root {
                type Errors = #errors;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn generate(tool: serde_json::Value) -> String {
        crate::render(
            &crate::Config::new()
                .generate_str(&tool.to_string())
                .unwrap(),
        )
    }

    fn message() -> serde_json::Value {
        serde_json::json!({"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]})
    }

    #[test]
    fn every_status_is_a_variant_in_order_with_its_body_type() {
        let code = generate(serde_json::json!({
            "name": "things.create",
            "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}},
            "x-http": {"method": "POST", "path": "/things", "errors": {
                "default": message(),
                "5XX": message(),
                "418": {"type": "string", "description": "Short and stout."},
                "404": {"title": "missing thing", "description": "No such thing.", "type": "object", "properties": {"id": {"type": "string"}}},
                "400": message()
            }}
        }));
        let start = code.find("/// The error answers").unwrap();
        let end = start + code[start..].find("}\n").unwrap() + 2;
        assert_eq!(
            &code[start..end],
            r#"/// The error answers `things.create` documents, each decoded by the schema of its status: what `Error::documented` gives for this operation.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ThingsError {
    /// `400 Bad Request`.
    BadRequest(ThingsBadRequest),
    /// `404 Not Found`:
    /// No such thing.
    NotFound(MissingThing),
    /// `418`:
    /// Short and stout.
    Status418(ThingsStatus418),
    /// `5XX`.
    ServerError(ThingsServerError),
    /// `default`.
    Other(ThingsOther),
}
"#
        );
        let start = code
            .find("impl ::portal_runtime::__private_v1::DocumentedErrors")
            .unwrap();
        let decode = code[start..]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            decode.starts_with(
                "impl ::portal_runtime::__private_v1::DocumentedErrors for ThingsError { \
                 const STATUSES: &'static [u16] = &[400, 404, 418]; \
                 fn decode( status: u16, body: &::portal_runtime::__private_v1::serde_json::Value, ) \
                 -> ::portal_runtime::__private_v1::Option< ::portal_runtime::__private_v1::Result< Self, ::portal_runtime::__private_v1::Violations, >, > { \
                 ::portal_runtime::__private_v1::Some( match status { \
                 400 => { ::portal_runtime::__private_v1::validate::FromJson::from_json_value( body, ) .map(Self::BadRequest) } \
                 404 => { ::portal_runtime::__private_v1::validate::FromJson::from_json_value( body, ) .map(Self::NotFound) } \
                 418 => { ::portal_runtime::__private_v1::validate::FromJson::from_json_value( body, ) .map(Self::Status418) } \
                 500..=599 => { ::portal_runtime::__private_v1::validate::FromJson::from_json_value( body, ) .map(Self::ServerError) } \
                 _ if (400..600).contains(&status) => { ::portal_runtime::__private_v1::validate::FromJson::from_json_value( body, ) .map(Self::Other) } \
                 _ => return ::portal_runtime::__private_v1::None, }, ) } }"
            ),
            "{decode}"
        );
        assert!(
            code.contains(
                "impl ::portal_runtime::__private_v1::Fallible for Things {\n        type Errors = ThingsError;"
            ),
            "{code}"
        );
    }

    #[test]
    fn the_enum_name_is_reserved_and_a_binding_without_errors_documents_none() {
        // An input type that would be named `ThingsError` is renamed by the rule for taken
        // names (its parent's name first).
        let code = generate(serde_json::json!({
            "name": "things.create",
            "inputSchema": {"type": "object", "properties": {
                "e": {"title": "things error", "type": "object", "properties": {"a": {"type": "string"}}}
            }},
            "x-http": {"method": "POST", "path": "/things", "errors": {"409": message()}}
        }));
        assert!(code.contains("pub struct ThingsThingsError {"), "{code}");
        assert!(code.contains("pub enum ThingsError {"), "{code}");
        assert!(code.contains("Conflict(ThingsConflict),"), "{code}");
        let code = generate(serde_json::json!({
            "name": "things.create",
            "inputSchema": {"type": "object"},
            "x-http": {"method": "POST", "path": "/things"}
        }));
        assert!(
            code.contains(
                "impl ::portal_runtime::__private_v1::Fallible for Things {\n        type Errors = ::portal_runtime::__private_v1::NoDocumentedErrors;"
            ),
            "{code}"
        );
        assert!(!code.contains("DocumentedErrors for"), "{code}");
        // No binding, no operation: nothing to fail.
        let code = generate(
            serde_json::json!({"name": "things.create", "inputSchema": {"type": "object"}}),
        );
        assert!(!code.contains("Fallible"), "{code}");
    }
}
