//! `catalog!`: every tool of a catalog folder as one module tree (see `portal_schema::catalog`).

use crate::{fallback, resolve_as};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::Path;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

pub(crate) struct Input {
    dir: LitStr,
    module: Option<Ident>,
    runtime: Option<syn::Path>,
    formats: Option<portal_schema::Formats>,
    refs: Option<Vec<(LitStr, LitStr)>>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut dir = None;
        let mut module = None;
        let mut runtime: Option<syn::Path> = None;
        let mut formats = None;
        let mut refs = None;
        while !input.is_empty() {
            let key: Ident = if input.peek(Token![crate]) {
                let key = input.parse::<Token![crate]>()?;
                Ident::new("crate", key.span)
            } else {
                input.parse()?
            };
            // `key = value` or `key: value`, as `tool!` writes either.
            if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
            } else {
                input.parse::<Token![:]>()?;
            }
            let twice = || syn::Error::new(key.span(), format!("`{key}` is given twice"));
            match key.to_string().as_str() {
                "dir" if dir.is_none() => dir = Some(input.parse()?),
                "module" if module.is_none() => module = Some(input.parse()?),
                "crate" if runtime.is_none() => runtime = Some(input.parse()?),
                "formats" if formats.is_none() => {
                    let lit: LitStr = input.parse()?;
                    formats = Some(
                        lit.value()
                            .parse::<portal_schema::Formats>()
                            .map_err(|e| syn::Error::new(lit.span(), e))?,
                    );
                }
                "refs" if refs.is_none() => refs = Some(crate::parse_refs(input)?),
                "dir" | "module" | "crate" | "formats" | "refs" => return Err(twice()),
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{key}`: expected `dir`, `module`, `crate`, `formats` or `refs`"
                        ),
                    ));
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        let dir = dir.ok_or_else(|| {
            syn::Error::new(Span::call_site(), "missing `dir = \"path/to/catalog\"`")
        })?;
        Ok(Input {
            dir,
            module,
            runtime,
            formats,
            refs,
        })
    }
}

pub(crate) fn expand(input: &Input) -> TokenStream {
    match expand_checked(input) {
        Ok(tokens) => tokens,
        Err(e) => e.to_compile_error(),
    }
}

fn expand_checked(input: &Input) -> syn::Result<TokenStream> {
    let dir = resolve_as(&input.dir, Path::is_dir, "folder")?;
    let shown = |file: &Path| match file.file_name() {
        Some(name) => format!("{}/{}", input.dir.value(), name.to_string_lossy()),
        None => input.dir.value(),
    };
    let catalog = portal_schema::catalog::read_dir(&dir).map_err(|errors| {
        combine(errors.iter().map(|e| {
            syn::Error::new(
                input.dir.span(),
                format!("{}: {}", shown(&e.file), e.message),
            )
        }))
    })?;
    let runtime = match &input.runtime {
        Some(path) => quote!(#path),
        None => quote!(::portal_runtime),
    };
    let options = portal_schema::Options {
        runtime: input.runtime.as_ref().map(|path| quote!(#path).to_string()),
        formats: input.formats.unwrap_or_default(),
        ..Default::default()
    };
    let mut refs = Vec::new();
    for (prefix, folder) in input.refs.iter().flatten() {
        refs.push((prefix.value(), resolve_as(folder, Path::is_dir, "folder")?));
    }
    let generated = portal_schema::catalog::generate_with(&catalog, &options, &refs);
    let module = match &input.module {
        Some(module) => module.clone(),
        None => {
            let name = portal_schema::catalog::naming::module_name(&generated.name);
            syn::parse_str::<Ident>(&name).map_err(|_| {
                syn::Error::new(
                    input.dir.span(),
                    format!(
                        "the catalog name {:?} is not a module name: name the module with `module = name`",
                        generated.name
                    ),
                )
            })?
        }
    };
    // A tool with errors gets the placeholder `tool!` gives a broken schema, so that its uses
    // report no cascade.
    let placeholder = |tool: &portal_schema::catalog::GeneratedTool| {
        let text = tool.patched.to_string();
        match fallback::known(None, Some(&text), None) {
            Some(known) => fallback::expand(&known, &runtime),
            None => TokenStream::new(),
        }
    };
    let mut tracked = TokenStream::new();
    for file in catalog
        .files()
        .into_iter()
        .chain(generated.files.iter().cloned())
    {
        let file = file.display().to_string();
        tracked.extend(quote!(
            const _: &[u8] = ::core::include_bytes!(#file);
        ));
    }
    let tree = generated.tokens(&module, &placeholder);
    let errors =
        if generated.errors.is_empty() {
            TokenStream::new()
        } else {
            combine(generated.errors.iter().map(|e| {
                syn::Error::new(input.dir.span(), format!("{}: {}", shown(&e.file), e.error))
            }))
            .to_compile_error()
        };
    Ok(quote!(#errors #tracked #tree))
}

fn combine(errors: impl Iterator<Item = syn::Error>) -> syn::Error {
    let mut combined: Option<syn::Error> = None;
    for e in errors {
        match &mut combined {
            Some(c) => c.combine(e),
            None => combined = Some(e),
        }
    }
    combined.unwrap_or_else(|| syn::Error::new(Span::call_site(), "catalog error"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tokens: TokenStream) -> Result<Input, String> {
        syn::parse2::<Input>(tokens).map_err(|e| e.to_string())
    }

    #[test]
    fn arguments_are_read_with_either_separator_and_checked() {
        let input = parse(quote!(dir = "schemas/acme", module: acme2, crate = ::rt, formats = "annotate", refs = {"https://x/": "remote"})).unwrap();
        assert_eq!(input.dir.value(), "schemas/acme");
        assert_eq!(input.module.unwrap().to_string(), "acme2");
        assert_eq!(input.formats, Some(portal_schema::Formats::Annotate));
        assert_eq!(input.refs.unwrap().len(), 1);
        let runtime = input.runtime.unwrap();
        assert_eq!(quote!(#runtime).to_string(), ":: rt");
        for (tokens, error) in [
            (quote!(), "missing `dir = \"path/to/catalog\"`"),
            (quote!(dir = "a", dir = "b"), "`dir` is given twice"),
            (
                quote!(dir = "a", schema = "b"),
                "unknown argument `schema`: expected `dir`, `module`, `crate`, `formats` or `refs`",
            ),
            (
                quote!(dir = "a", formats = "strict"),
                "formats must be \"assert\" or \"annotate\", found \"strict\"",
            ),
        ] {
            assert_eq!(parse(tokens).err().as_deref(), Some(error));
        }
    }
}
