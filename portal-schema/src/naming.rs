//! Rust names for JSON names: any property name or enum value becomes a legal, lint-clean Rust
//! identifier, and the original is kept for serde.
//!
//! Words are split at anything not alphanumeric and at lower→upper and acronym→word boundaries
//! (`fooBar`, `HTTPServer`, `audit_logs`). A non-ASCII character becomes the word `uXXXX`, so every
//! name is ASCII (no `non_ascii_idents` or `uncommon_codepoints` lints) and distinct non-ASCII names
//! stay distinct.

use proc_macro2::{Ident, Span};

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Whether `name` is one of [`KEYWORDS`] (which are sorted).
fn is_keyword(name: &str) -> bool {
    KEYWORDS.binary_search(&name).is_ok()
}

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names the generated builder gives its own methods: a field so named would make a setter that
/// clashes, so it gets the `_` suffix too (`build` → `build_`).
const BUILDER_METHODS: &[&str] = &["build"];

fn words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            if c.is_alphanumeric() {
                words.push(format!("u{:04x}", c as u32));
            }
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if p.is_ascii_alphanumeric() => {
                (c.is_ascii_uppercase() && (p.is_ascii_lowercase() || p.is_ascii_digit()))
                    || (c.is_ascii_uppercase()
                        && p.is_ascii_uppercase()
                        && next.is_some_and(|n| n.is_ascii_lowercase()))
            }
            _ => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `snake_case` for fields and setters, before keyword handling.
pub fn snake_case(name: &str) -> String {
    let w: Vec<String> = words(name)
        .into_iter()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let mut s = w.join("_");
    if s.is_empty() {
        s = "empty".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// `UpperCamelCase` for types and variants; `prefix` is put before a leading digit.
pub fn upper_camel(name: &str, prefix: &str) -> String {
    let mut s = String::new();
    for w in words(name) {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            s.push(first.to_ascii_uppercase());
            s.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if s.is_empty() {
        s = "Empty".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, prefix);
    }
    s
}

/// A field identifier: raw for keywords (`r#type`), `_`-suffixed where raw is not allowed or the
/// builder needs the name (`build_`).
pub fn field_ident(rust_name: &str) -> Ident {
    ident(rust_name)
}

/// An identifier for a Rust name produced by this module.
pub fn ident(rust_name: &str) -> Ident {
    if NOT_RAW.contains(&rust_name) || BUILDER_METHODS.contains(&rust_name) {
        Ident::new(&format!("{rust_name}_"), Span::call_site())
    } else if is_keyword(rust_name) {
        Ident::new_raw(rust_name, Span::call_site())
    } else {
        Ident::new(rust_name, Span::call_site())
    }
}

/// Checks a root type name given by the user (`--name`, `name:`): it is used as written, so it
/// must be an identifier as this module makes them: ASCII (no `non_ascii_idents` lint), not
/// starting with a digit, not a keyword, not raw.
pub fn check_type_name(name: &str) -> Result<(), String> {
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if plain && !is_keyword(name) && !NOT_RAW.contains(&name) {
        Ok(())
    } else {
        Err(format!(
            "the root name {name:?} is not a Rust type name (ASCII letters, digits and `_`, not starting with a digit, not a keyword)"
        ))
    }
}

/// The default root type name for a tool name: dotted segments, a trailing REST verb folded in
/// (`portal.generate_link.create` → `GenerateLink`, `organizations.get` → `GetOrganizations`).
pub fn root_name(tool_name: &str) -> String {
    let mut segments: Vec<&str> = tool_name
        .split(['.', '/'])
        .filter(|s| !s.is_empty())
        .collect();
    let verb = match segments.last() {
        Some(&v @ ("create" | "get" | "list" | "update" | "delete")) if segments.len() > 1 => {
            segments.pop();
            Some(v)
        }
        _ => None,
    };
    let noun = segments.last().copied().unwrap_or(tool_name);
    let noun = upper_camel(noun, "Tool");
    match verb {
        None | Some("create") => noun,
        Some(v) => format!("{}{noun}", upper_camel(v, "")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keywords_are_sorted_for_their_binary_search() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_keyword("type") && is_keyword("abstract") && is_keyword("yield"));
        assert!(!is_keyword("types") && !is_keyword("Type"));
    }

    #[test]
    fn names() {
        assert_eq!(snake_case("fooBar"), "foo_bar");
        assert_eq!(snake_case("foo_bar"), "foo_bar");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("x-request-id"), "x_request_id");
        assert_eq!(snake_case("1st"), "_1st");
        assert_eq!(snake_case(""), "empty");
        assert_eq!(snake_case("café"), "caf_u00e9");
        assert_eq!(upper_camel("audit_logs", "V"), "AuditLogs");
        assert_eq!(upper_camel("GoogleSAML", "V"), "GoogleSaml");
        assert_eq!(upper_camel("2fa", "V"), "V2fa");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("build").to_string(), "build_");
        assert_eq!(root_name("portal.generate_link.create"), "GenerateLink");
        assert_eq!(root_name("organizations.get"), "GetOrganizations");
        assert_eq!(root_name("search"), "Search");
        assert_eq!(check_type_name("GenerateLink"), Ok(()));
        assert_eq!(check_type_name("_Private2"), Ok(()));
        for bad in [
            "My Tool",
            "",
            "1st",
            "r#type",
            "type",
            "Self",
            "_",
            "Café",
            "a-b",
            "x\u{200d}",
        ] {
            assert_eq!(
                check_type_name(bad),
                Err(format!(
                    "the root name {bad:?} is not a Rust type name (ASCII letters, digits and `_`, not starting with a digit, not a keyword)"
                ))
            );
        }
    }
}
