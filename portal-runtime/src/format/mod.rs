//! Format checkers for the `format` keyword: every format of the draft 2020-12 format
//! vocabulary, each exact to the RFC that defines it and linear in the string.
//!
//! A well-kept crate checks a format where one is exact: `fluent-uri` for the four RFC 3986 and
//! RFC 3987 reference forms (it refuses instead of normalising), the standard library for IPv4
//! and IPv6 addresses (it refuses leading zeros, the `inet_aton` shorthands and zone
//! identifiers), `idna` for the UTS 46 half of host names, `regress` for ECMA-262 patterns. The
//! rest are written here, each module saying why.

mod host;
mod template;
mod time;

pub use host::{is_email, is_hostname, is_idn_email, is_idn_hostname};
pub use template::is_uri_template;
pub use time::{is_date, is_date_time, is_duration, is_time};

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `s` is an RFC 2673 dotted-quad IPv4 address (`format: "ipv4"`): four decimal octets
/// without leading zeros.
pub fn is_ipv4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok()
}

/// Whether `s` is an RFC 4291 IPv6 address (`format: "ipv6"`), in any of its text forms
/// (compressed, with an embedded IPv4 address), without brackets, prefix length or zone.
pub fn is_ipv6(s: &str) -> bool {
    s.parse::<Ipv6Addr>().is_ok()
}

/// Whether `s` is an absolute RFC 3986 URI (`format: "uri"`).
pub fn is_uri(s: &str) -> bool {
    fluent_uri::Uri::parse(s).is_ok()
}

/// Whether `s` is an RFC 3986 URI reference, absolute or relative (`format: "uri-reference"`).
pub fn is_uri_reference(s: &str) -> bool {
    fluent_uri::UriRef::parse(s).is_ok()
}

/// Whether `s` is an absolute RFC 3987 IRI (`format: "iri"`).
pub fn is_iri(s: &str) -> bool {
    fluent_uri::Iri::parse(s).is_ok()
}

/// Whether `s` is an RFC 3987 IRI reference, absolute or relative (`format: "iri-reference"`).
pub fn is_iri_reference(s: &str) -> bool {
    fluent_uri::IriRef::parse(s).is_ok()
}

/// Whether `s` is an RFC 4122 UUID in its hyphenated form, any case (`format: "uuid"`), written
/// here because the `uuid` crate also takes the braced, simple and URN forms.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Whether `s` is an RFC 6901 JSON Pointer (`format: "json-pointer"`): empty, or `/`-prefixed
/// reference tokens in which `~` is only `~0` or `~1`.
pub fn is_json_pointer(s: &str) -> bool {
    (s.is_empty() || s.starts_with('/')) && tildes_escaped(s)
}

fn tildes_escaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

/// Whether `s` is a Relative JSON Pointer (`format: "relative-json-pointer"`,
/// draft-handrews-relative-json-pointer-01): a non-negative integer without leading zeros, then
/// `#` or a JSON Pointer.
pub fn is_relative_json_pointer(s: &str) -> bool {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = s.split_at(n);
    !number.is_empty()
        && (number == "0" || !number.starts_with('0'))
        && (rest == "#" || is_json_pointer(rest))
}

/// Whether `s` is an ECMA-262 regular expression (`format: "regex"`), as `regress` compiles it
/// with the `u` flag: the same reading the generator gives `pattern`.
pub fn is_regex(s: &str) -> bool {
    regress::Regex::with_flags(s, "u").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_of_rfc_2673_and_4291() {
        for ok in ["192.168.0.1", "0.0.0.0", "255.255.255.255"] {
            assert!(is_ipv4(ok), "{ok}");
        }
        for bad in [
            "127.1",
            "127.0.0.0.1",
            "256.0.0.1",
            "087.10.0.1",
            "0x7f.0.0.1",
            "1.2.3.4 ",
            "",
        ] {
            assert!(!is_ipv4(bad), "{bad}");
        }
        for ok in [
            "::",
            "::1",
            "1:2:3:4:5:6:7:8",
            "1::d6:192.168.0.1",
            "::ffff:192.168.0.1",
            "fe80::a",
        ] {
            assert!(is_ipv6(ok), "{ok}");
        }
        for bad in [
            "12345::",
            "1::d6::42",
            ":2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7",
            "fe80::a%eth1",
            "fe80::/64",
            "[::1]",
            "::ffff:192.168.0.01",
            "127.0.0.1",
        ] {
            assert!(!is_ipv6(bad), "{bad}");
        }
    }

    #[test]
    fn uris_and_iris_of_rfc_3986_and_3987() {
        assert!(is_uri("https://example.com/admin-portal/return"));
        assert!(is_uri(
            "urn:oasis:names:specification:docbook:dtd:xml:4.1.2"
        ));
        assert!(!is_uri("//example.com/relative"));
        assert!(!is_uri("https://example.com/a b"));
        assert!(!is_uri("http://ƒøø.com/"));
        assert!(!is_uri("not a uri"));
        for ok in ["", "/abc", "abc", "#fragment", "?q=1", "//", "./this:that"] {
            assert!(is_uri_reference(ok), "{ok}");
        }
        for bad in [
            "\\\\WINDOWS\\share",
            "/%zz",
            "1:b",
            "/foobar®.txt",
            "/[::1]",
        ] {
            assert!(!is_uri_reference(bad), "{bad}");
        }
        assert!(is_iri("http://ƒøø.ßår/?∂éœ=πîx#πîüx"));
        assert!(is_iri("http://[2001:db8::1]"));
        assert!(!is_iri("/âππ"));
        assert!(!is_iri("http://[::ffff:192.168.0.01]"));
        assert!(is_iri_reference("/âππ"));
        assert!(is_iri_reference("#ƒrägmênt"));
        assert!(!is_iri_reference("#ƒräg\\mênt"));
    }

    #[test]
    fn uuids_of_rfc_4122() {
        assert!(is_uuid("2EB8AA08-AA98-11EA-B4AA-73B441D16380"));
        assert!(is_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(!is_uuid("{2eb8aa08-aa98-11ea-b4aa-73b441d16380}"));
        assert!(!is_uuid("2eb8aa08aa9811eab4aa73b441d16380"));
        assert!(!is_uuid("2eb8aa08-aa98-11ea-b4aa-73b441d1638g"));
    }

    #[test]
    fn json_pointers_of_rfc_6901() {
        for ok in [
            "",
            "/",
            "/foo/0",
            "/a~1b",
            "/m~0n",
            "/ ",
            "/foo//bar",
            "/😎",
        ] {
            assert!(is_json_pointer(ok), "{ok}");
        }
        for bad in ["#", "#/", "a", "/~", "/~2", "/~0~", "/~~"] {
            assert!(!is_json_pointer(bad), "{bad}");
        }
        for ok in ["0", "1", "120/foo/bar", "0#", "0//", "2/0/baz/1/zip", "100"] {
            assert!(is_relative_json_pointer(ok), "{ok}");
        }
        for bad in [
            "", "/foo", "-1/foo", "+1/foo", "01/a", "01#", "0##", "1#/foo", "1\n", "0/~2",
        ] {
            assert!(!is_relative_json_pointer(bad), "{bad}");
        }
    }

    #[test]
    fn regexes_of_ecma_262() {
        for ok in [
            "([abc])+\\s+$",
            "(?<n>a)\\k<n>",
            "(?<=a+)b",
            "[^]",
            "\\cA",
            "",
        ] {
            assert!(is_regex(ok), "{ok}");
        }
        for bad in [
            "^(abc]",
            "\\a",
            "(?P<name>x)",
            "(?i)abc",
            "(?#c)a",
            "a{2,1}",
        ] {
            assert!(!is_regex(bad), "{bad}");
        }
    }
}
