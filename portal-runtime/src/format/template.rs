//! RFC 6570 URI templates, written here: the crates that expand templates check them as they
//! expand (accepting a template they would expand leniently), and the grammar is a few lines.

/// Whether `s` is an RFC 6570 URI template at any level (`format: "uri-template"`): literals and
/// `{...}` expressions, with the operators reserved for future use accepted as the grammar
/// accepts them. An apostrophe is a literal, as RFC 6570's errata 6937 corrects the ABNF.
pub fn is_uri_template(s: &str) -> bool {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        match c {
            '{' => {
                let Some(end) = rest.find('}') else {
                    return false;
                };
                if !expression_ok(&rest[1..end]) {
                    return false;
                }
                rest = &rest[end + 1..];
            }
            '%' => {
                if !pct_encoded(rest.as_bytes()) {
                    return false;
                }
                rest = &rest[3..];
            }
            c if is_literal(c) => rest = &rest[c.len_utf8()..],
            _ => return false,
        }
    }
    true
}

/// `%` followed by two hex digits, at the start of `b`.
fn pct_encoded(b: &[u8]) -> bool {
    b.len() >= 3 && b[0] == b'%' && b[1].is_ascii_hexdigit() && b[2].is_ascii_hexdigit()
}

/// A `literals` character besides `pct-encoded`: any but controls, space, `"`, `%`, `<`, `>`,
/// `\`, `^`, `` ` ``, `{`, `|`, `}`; non-ASCII only from `ucschar` and `iprivate`.
fn is_literal(c: char) -> bool {
    match c {
        '!'
        | '#'
        | '$'
        | '&'
        | '\''
        | '('..=';'
        | '='
        | '?'..='['
        | ']'
        | '_'
        | 'a'..='z'
        | '~' => true,
        c => is_ucschar(c) || is_iprivate(c),
    }
}

/// RFC 3987 `ucschar`.
fn is_ucschar(c: char) -> bool {
    let n = u32::from(c);
    matches!(n, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF | 0xE1000..=0xEFFFD)
        || ((0x10000..=0xDFFFD).contains(&n) && n & 0xFFFF <= 0xFFFD)
}

/// RFC 3987 `iprivate`.
fn is_iprivate(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// The inside of `{...}`: `[operator] varspec *("," varspec)`.
fn expression_ok(inner: &str) -> bool {
    let list = match inner.as_bytes().first() {
        Some(b'+' | b'#' | b'.' | b'/' | b';' | b'?' | b'&' | b'=' | b',' | b'!' | b'@' | b'|') => {
            &inner[1..]
        }
        _ => inner,
    };
    list.split(',').all(varspec_ok)
}

/// `varname [":" max-length / "*"]`, with `max-length` from 1 to 9999 without a leading zero.
fn varspec_ok(spec: &str) -> bool {
    let (name, modifier) = match spec.find([':', '*']) {
        Some(at) => spec.split_at(at),
        None => (spec, ""),
    };
    let modifier_ok = match modifier.as_bytes() {
        [] | [b'*'] => true,
        [b':', b'1'..=b'9', more @ ..] => more.len() <= 3 && more.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    modifier_ok && varname_ok(name)
}

/// `varchar *(["."] varchar)`, `varchar` being a letter, a digit, `_` or `pct-encoded`.
fn varname_ok(name: &str) -> bool {
    let b = name.as_bytes();
    let mut i = 0;
    let mut after_char = false;
    while i < b.len() {
        match b[i] {
            b'.' if after_char && i + 1 < b.len() => {
                after_char = false;
                i += 1;
            }
            b'%' if pct_encoded(&b[i..]) => {
                after_char = true;
                i += 3;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                after_char = true;
                i += 1;
            }
            _ => return false,
        }
    }
    after_char
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_of_rfc_6570() {
        for ok in [
            "",
            "http://example.com/~{username}/",
            "http://example.com/dictionary/{term:1}/{term}",
            "http://example.com/search{?q,lang}",
            "{+path}/here",
            "X{#keys*}",
            "{/list*,path:4}",
            "{;x,y,empty}",
            "{&x}",
            "{.dom*}",
            "{%41b.c_d}",
            "{v:9999}",
            "a%41b",
            "a'b",
            "a😀b",
        ] {
            assert!(is_uri_template(ok), "{ok}");
        }
        for bad in [
            "{}",
            "{a,,b}",
            "{a,}",
            "{v:0}",
            "{v:01}",
            "{v:10000}",
            "{a..b}",
            "{.a.}",
            "{var=def}",
            "{,+var}",
            "{term",
            "foo}bar",
            "a b",
            "a\"b",
            "a%4",
            "{x:3*}",
            "<a>",
        ] {
            assert!(!is_uri_template(bad), "{bad}");
        }
    }
}
