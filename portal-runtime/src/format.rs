//! Format checkers for the `format` keyword.
//!
//! `email` is the RFC 5321 `Mailbox` (dot-atom or quoted local part; a host name, IPv4 literal or
//! IPv6 literal after the `@`), written here because the well-kept crates either accept more than
//! RFC 5321 (HTML5 patterns) or pull in a large dependency. `uri` is an absolute RFC 3986 URI,
//! checked by the `fluent-uri` parser, which refuses instead of normalising. `uuid`, `date` and
//! `date-time` are the exact RFC 4122 and RFC 3339 grammars, written here because the crates that
//! parse them accept other spellings as well (braced, simple and URN UUIDs; leap seconds on any
//! minute) or refuse leap seconds altogether.

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

/// Whether `s` is an RFC 4122 UUID in its hyphenated form, any case (`format: "uuid"`).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `n` ASCII digits at the start of `b`, as a number.
fn digits(b: &[u8], n: usize) -> Option<u32> {
    let d = b.get(..n)?;
    d.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Whether `s` is an RFC 3339 `full-date` (`format: "date"`).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && full_date(b)
}

fn full_date(b: &[u8]) -> bool {
    let (Some(year), Some(month), Some(day)) =
        (digits(b, 4), digits(&b[5..], 2), digits(&b[8..], 2))
    else {
        return false;
    };
    b[4] == b'-'
        && b[7] == b'-'
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
}

/// Whether `s` is an RFC 3339 `date-time` (`format: "date-time"`): `T` and `Z` in either case,
/// a leap second only where it falls on 23:59:60 UTC.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !full_date(&b[..10]) || !b[10].eq_ignore_ascii_case(&b'T') {
        return false;
    }
    let t = &b[11..];
    let (Some(hour), Some(minute), Some(second)) =
        (digits(t, 2), digits(&t[3..], 2), digits(&t[6..], 2))
    else {
        return false;
    };
    if t[2] != b':' || t[5] != b':' || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    // The offset in minutes east of UTC.
    let offset = match rest {
        [z] if z.eq_ignore_ascii_case(&b'Z') => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(h), Some(m)) = (digits(&[*h1, *h2], 2), digits(&[*m1, *m2], 2)) else {
                return false;
            };
            if h > 23 || m > 59 {
                return false;
            }
            let minutes = (h * 60 + m) as i64;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return false,
    };
    if second == 60 {
        let utc = (i64::from(hour * 60 + minute) - offset).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
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
