//! Host names and mailboxes.
//!
//! `email` is the RFC 5321 `Mailbox` and `idn-email` its RFC 6531 extension (UTF-8 in the local
//! part, an internationalized host name after the `@`), written here because the well-kept
//! crates accept more than RFC 5321 (HTML5 patterns, comments) or pull in a large dependency.
//!
//! `hostname` is RFC 1123 with RFC 5891's rule that a label with `--` in its third and fourth
//! places is an A-label (`xn--`) that decodes to a valid U-label; `idn-hostname` is RFC 5890's
//! internationalized host name. The `idna` crate does the UTS 46 part of both (mapping, Punycode
//! in both directions with its canonical re-encoding, hyphen places, the RFC 5893 Bidi rule,
//! the RFC 5892 `CONTEXTJ` rules of the joiners, label and name lengths); UTS 46 accepts some code
//! points IDNA2008 disallows (symbols, the RFC 5892 exceptions), so the IDNA2008 code point
//! classes and the `CONTEXTO` rules are checked here on top of it, with the Unicode tables of
//! `icu_properties`, which `idna` already builds.

use icu_properties::CodePointMapData;
use icu_properties::props::{GeneralCategory, Script};
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `s` is an RFC 5321 mailbox (`format: "email"`).
pub fn is_email(s: &str) -> bool {
    mailbox(s, false)
}

/// Whether `s` is an RFC 6531 internationalized mailbox (`format: "idn-email"`).
pub fn is_idn_email(s: &str) -> bool {
    mailbox(s, true)
}

fn mailbox(s: &str, international: bool) -> bool {
    let Some(at) = s.rfind('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    local_part_ok(local, international) && domain_ok(domain, international)
}

/// RFC 5321 `atext`; RFC 6531 adds every non-ASCII character (`UTF8-non-ascii`).
fn is_atext(c: char, international: bool) -> bool {
    c.is_ascii_alphanumeric()
        || "!#$%&'*+-/=?^_`{|}~".contains(c)
        || (international && !c.is_ascii())
}

fn local_part_ok(local: &str, international: bool) -> bool {
    // RFC 5321 section 4.5.3.1.1 counts octets, as does RFC 6531 for UTF-8.
    if local.is_empty() || local.len() > 64 {
        return false;
    }
    if let Some(inner) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        // quoted-string: printable ASCII (and UTF-8 in RFC 6531), with `"` and `\` only as a
        // quoted pair.
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(' '..='~') => {}
                    _ => return false,
                },
                '"' => return false,
                ' '..='~' => {}
                c if international && !c.is_ascii() => {}
                _ => return false,
            }
        }
        return true;
    }
    local
        .split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(|c| is_atext(c, international)))
}

fn domain_ok(domain: &str, international: bool) -> bool {
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
    if international {
        is_idn_hostname(domain)
    } else {
        is_hostname(domain)
    }
}

/// Whether `s` is an RFC 1123 host name (`format: "hostname"`): labels of letters, digits and
/// inner hyphens, at most 63 octets each and 253 in all; a label with `--` in its third and
/// fourth places must be an A-label of a valid internationalized name.
pub fn is_hostname(s: &str) -> bool {
    let mut reserved = false;
    let ldh = !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            reserved |= label.get(2..4) == Some("--");
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-')
        });
    ldh && (!reserved || is_idn_hostname(s))
}

/// Whether `s` is an RFC 5890 internationalized host name (`format: "idn-hostname"`): U-labels
/// or A-labels, separated by any of the four full stops UTS 46 maps to `.`.
pub fn is_idn_hostname(s: &str) -> bool {
    let uts46 = Uts46::new();
    // STD3 rules keep to letters, digits and hyphens; `Hyphens::Check` refuses the hyphen places
    // RFC 5891 section 4.2.3.1 reserves; `Verify` the DNS lengths after conversion, and empty
    // labels (a leading, trailing or doubled separator).
    let Ok(ascii) = uts46.to_ascii(
        s.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::Check,
        DnsLength::Verify,
    ) else {
        return false;
    };
    let (unicode, errors) = uts46.to_unicode(ascii.as_bytes(), AsciiDenyList::STD3, Hyphens::Check);
    errors.is_ok() && unicode.split('.').all(idna2008_label_ok)
}

/// The IDNA2008 rules UTS 46 does not check on a (mapped, valid) U-label: the RFC 5892 code point
/// classes (`PVALID` from the general category, and the exceptions of section 2.6) and the
/// `CONTEXTO` rules of appendix A.3 to A.9.
fn idna2008_label_ok(label: &str) -> bool {
    let category = CodePointMapData::<GeneralCategory>::new();
    let script = CodePointMapData::<Script>::new();
    let chars: Vec<char> = label.chars().collect();
    let mut katakana_dot = false;
    let mut hiragana_katakana_han = false;
    let mut arabic_indic = false;
    let mut extended_arabic_indic = false;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let ok = match c {
            // A.3 MIDDLE DOT: between two `l`s (Catalan `l·l`).
            '\u{00B7}' => before == Some('l') && after == Some('l'),
            // A.4 GREEK LOWER NUMERAL SIGN: followed by a Greek character.
            '\u{0375}' => after.is_some_and(|a| script.get(a) == Script::Greek),
            // A.5, A.6 HEBREW GERESH and GERSHAYIM: after a Hebrew character.
            '\u{05F3}' | '\u{05F4}' => before.is_some_and(|b| script.get(b) == Script::Hebrew),
            // A.7 KATAKANA MIDDLE DOT: decided once the whole label is seen.
            '\u{30FB}' => {
                katakana_dot = true;
                true
            }
            // A.8, A.9 the two sets of Arabic-Indic digits: never mixed in one label.
            '\u{0660}'..='\u{0669}' => {
                arabic_indic = true;
                true
            }
            '\u{06F0}'..='\u{06F9}' => {
                extended_arabic_indic = true;
                true
            }
            // Section 2.6 exceptions: DISALLOWED whatever their category.
            '\u{0640}'
            | '\u{07FA}'
            | '\u{302E}'
            | '\u{302F}'
            | '\u{3031}'..='\u{3035}'
            | '\u{303B}' => false,
            // Section 2.6 exceptions: PVALID whatever their category.
            '\u{00DF}' | '\u{03C2}' | '\u{06FD}' | '\u{06FE}' | '\u{0F0B}' | '\u{3007}' => true,
            // The joiners' CONTEXTJ rules are checked by UTS 46 (`CheckJoiners`).
            '\u{200C}' | '\u{200D}' => true,
            c if c.is_ascii() => c.is_ascii_alphanumeric() || c == '-',
            // Section 2.1 `LetterDigits`: the categories IDNA2008 derives PVALID from.
            c => matches!(
                category.get(c),
                GeneralCategory::LowercaseLetter
                    | GeneralCategory::UppercaseLetter
                    | GeneralCategory::OtherLetter
                    | GeneralCategory::DecimalNumber
                    | GeneralCategory::ModifierLetter
                    | GeneralCategory::NonspacingMark
                    | GeneralCategory::SpacingMark
            ),
        };
        if !ok {
            return false;
        }
        hiragana_katakana_han |= matches!(
            script.get(c),
            Script::Hiragana | Script::Katakana | Script::Han
        );
    }
    (!katakana_dot || hiragana_katakana_han) && !(arabic_indic && extended_arabic_indic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_of_rfc_5321() {
        for ok in [
            "joe.bloggs@example.com",
            "te~st@example.com",
            "\"joe bloggs\"@example.com",
            "\"joe..bloggs\"@example.com",
            "\"joe@bloggs\"@example.com",
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
            "δοκιμή@example.com",
            "user@실례.테스트",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn emails_of_rfc_6531() {
        for ok in [
            "δοκιμή@example.com",
            "\"δοκιμή\"@example.com",
            "실례@실례.테스트",
            "joe.bloggs@example.com",
            "用户@例子.广告",
        ] {
            assert!(is_idn_email(ok), "{ok}");
        }
        for bad in [
            "user＠example.com",
            "δοκιμή@",
            "δο..κιμή@example.com",
            "a@-b",
        ] {
            assert!(!is_idn_email(bad), "{bad}");
        }
    }

    #[test]
    fn host_names_of_rfc_1123_and_5891() {
        for ok in [
            "www.example.com",
            "1host",
            "a--b.com",
            "xn--9n2bp8q.xn--9t4b11yi5a",
            "xn--ll-0ea",
        ] {
            assert!(is_hostname(ok), "{ok}");
        }
        for bad in [
            "",
            "example.",
            "-a.com",
            "a_b",
            "xn--X",
            "ab--cd",
            "xn--al-0ea",
            "XN--aa---o47jg78q",
            "실례.테스트",
        ] {
            assert!(!is_hostname(bad), "{bad}");
        }
    }

    #[test]
    fn internationalized_host_names_of_rfc_5890_to_5893() {
        for ok in [
            "실례.테스트",
            "l·l",
            "α͵β",
            "א׳ב",
            "・ぁ",
            "ßς་〇",
            "a。b",
            "क्‍ष",
            "بي‌بي",
            "xn--ihqwcrb4cv8a8dqg056pqjye",
        ] {
            assert!(is_idn_hostname(ok), "{ok}");
        }
        for bad in [
            "〮실례.테스트",
            "a·l",
            "α͵S",
            "A׳ב",
            "def・abc",
            "ب٠۰",
            "ـߺ",
            "क‍ष",
            "0a.א",
            "☃.com",
            "a..b",
            "。example",
            "xn---9uc",
            "xn--example-",
        ] {
            assert!(!is_idn_hostname(bad), "{bad}");
        }
    }
}
