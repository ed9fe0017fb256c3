//! Format checkers for the `format` keyword.
//!
//! `email` is the RFC 5321 `Mailbox` (dot-atom or quoted local part; a host name, IPv4 literal or
//! IPv6 literal after the `@`), written here because the well-kept crates either accept more than
//! RFC 5321 (HTML5 patterns) or pull in a large dependency. `uri` is an absolute RFC 3986 URI,
//! checked by the `fluent-uri` parser, which refuses instead of normalising.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `s` is an RFC 5321 mailbox (`format: "email"`).
pub fn is_email(s: &str) -> bool {
    let Some(at) = s.rfind('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    local_part_ok(local) && domain_ok(domain)
}

fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

fn local_part_ok(local: &str) -> bool {
    if local.is_empty() || local.len() > 64 {
        return false;
    }
    if let Some(inner) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        // quoted-string: printable ASCII, with `"` and `\` only as a quoted pair.
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(' '..='~') => {}
                    _ => return false,
                },
                '"' => return false,
                ' '..='~' => {}
                _ => return false,
            }
        }
        return true;
    }
    local
        .split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

fn domain_ok(domain: &str) -> bool {
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        // The tag is an ABNF literal, so case-insensitive (RFC 5234): `ipv6:` is `IPv6:`.
        return match literal
            .get(..5)
            .filter(|tag| tag.eq_ignore_ascii_case("IPv6:"))
        {
            Some(_) => literal[5..].parse::<Ipv6Addr>().is_ok(),
            None => literal.parse::<Ipv4Addr>().is_ok(),
        };
    }
    is_hostname(domain)
}

/// Whether `s` is an RFC 1123 host name (labels of letters, digits and inner hyphens).
pub fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Whether `s` is an absolute RFC 3986 URI (`format: "uri"`).
pub fn is_uri(s: &str) -> bool {
    fluent_uri::Uri::parse(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "joe.bloggs@example.com",
            "te~st@example.com",
            "\"joe bloggs\"@example.com",
            "\"joe..bloggs\"@example.com",
            "joe.bloggs@[127.0.0.1]",
            "joe.bloggs@[IPv6:::1]",
            "joe.bloggs@[ipv6:::1]",
            "admin@localhost",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "2962",
            ".test@example.com",
            "test.@example.com",
            "te..st@example.com",
            "joe.bloggs@[127.0.0.300]",
            "joe.bloggs@-example.com",
            "joe.bloggs@example_.com",
            "@example.com",
            "joe@",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn uris() {
        assert!(is_uri("https://example.com/admin-portal/return"));
        assert!(is_uri(
            "urn:oasis:names:specification:docbook:dtd:xml:4.1.2"
        ));
        assert!(!is_uri("//example.com/relative"));
        assert!(!is_uri("https://example.com/a b"));
        assert!(!is_uri("not a uri"));
    }
}
