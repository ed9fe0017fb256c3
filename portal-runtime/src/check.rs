//! Constraint checks called by generated `Validate` impls, one function per JSON Schema keyword.
//!
//! Each records a [`Violation`] with the wording every generated type shares, so that messages
//! read the same whichever type they come from.

use crate::validate::{Path, Violation, Violations};
use std::cmp::Ordering;

/// How a string instance is quoted in a message: JSON-escaped, shortened past 64 characters.
pub fn quote_str(s: &str) -> String {
    const LIMIT: usize = 64;
    match s.char_indices().nth(LIMIT) {
        None => format!("{s:?}"),
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
    }
}

/// How a number is written in a message (`20`, `1.5`).
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `maxItems`.
pub fn max_items<T>(items: &[T], max: usize, at: &Path<'_>, out: &mut Violations) {
    if items.len() > max {
        out.push(Violation::new(
            at,
            "maxItems",
            format!("at most {}", plural(max, "item", "items")),
            items.len().to_string(),
        ));
    }
}

/// `minItems`.
pub fn min_items<T>(items: &[T], min: usize, at: &Path<'_>, out: &mut Violations) {
    if items.len() < min {
        out.push(Violation::new(
            at,
            "minItems",
            format!("at least {}", plural(min, "item", "items")),
            items.len().to_string(),
        ));
    }
}

/// Whether `s` has at most `max` characters (Unicode code points).
pub fn has_max_length(s: &str, max: usize) -> bool {
    // A string of at most `max` bytes has at most `max` characters: skip the count.
    s.len() <= max || s.chars().count() <= max
}

/// Whether `s` has at least `min` characters (Unicode code points).
pub fn has_min_length(s: &str, min: usize) -> bool {
    s.len() >= min && s.chars().count() >= min
}

/// `maxLength`, counted in Unicode code points as JSON Schema counts them.
pub fn max_length(s: &str, max: usize, at: &Path<'_>, out: &mut Violations) {
    // A string of at most `max` bytes has at most `max` characters: skip the count.
    if s.len() > max {
        let n = s.chars().count();
        if n > max {
            out.push(Violation::new(
                at,
                "maxLength",
                format!("at most {}", plural(max, "character", "characters")),
                n.to_string(),
            ));
        }
    }
}

/// `minLength`, counted in Unicode code points as JSON Schema counts them.
pub fn min_length(s: &str, min: usize, at: &Path<'_>, out: &mut Violations) {
    let n = s.chars().count();
    if n < min {
        out.push(Violation::new(
            at,
            "minLength",
            format!("at least {}", plural(min, "character", "characters")),
            n.to_string(),
        ));
    }
}

/// `pattern`, with ECMA-262 semantics, unanchored as JSON Schema says; `source` is the pattern as
/// the schema wrote it. A match that gave up is a violation of its own.
pub fn pattern(
    s: &str,
    regex: &crate::pattern::Pattern,
    source: &str,
    at: &Path<'_>,
    out: &mut Violations,
) {
    match regex.search(s) {
        Ok(true) => {}
        Ok(false) => out.push(Violation::new(
            at,
            "pattern",
            format!("a string matching {}", quote_str(source)),
            quote_str(s),
        )),
        Err(crate::pattern::Exhausted) => out.push(crate::pattern::exhausted(s, source, at)),
    }
}

/// A `format` the runtime asserts: every format of the draft 2020-12 format vocabulary. The
/// generator names a variant for each format it asserts, so a generator that knows a format this
/// runtime does not fails to compile its output instead of passing every string unchecked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `date-time`: an RFC 3339 `date-time`.
    DateTime,
    /// `date`: an RFC 3339 `full-date`.
    Date,
    /// `time`: an RFC 3339 `full-time`.
    Time,
    /// `duration`: an RFC 3339 appendix A `duration`.
    Duration,
    /// `email`: an RFC 5321 mailbox.
    Email,
    /// `idn-email`: an RFC 6531 mailbox.
    IdnEmail,
    /// `hostname`: an RFC 1123 host name.
    Hostname,
    /// `idn-hostname`: an RFC 5890 internationalized host name.
    IdnHostname,
    /// `ipv4`: an RFC 2673 dotted-quad IPv4 address.
    Ipv4,
    /// `ipv6`: an RFC 4291 IPv6 address.
    Ipv6,
    /// `uri`: an absolute RFC 3986 URI.
    Uri,
    /// `uri-reference`: an RFC 3986 URI reference.
    UriReference,
    /// `iri`: an absolute RFC 3987 IRI.
    Iri,
    /// `iri-reference`: an RFC 3987 IRI reference.
    IriReference,
    /// `uuid`: an RFC 4122 UUID, hyphenated.
    Uuid,
    /// `uri-template`: an RFC 6570 URI template.
    UriTemplate,
    /// `json-pointer`: an RFC 6901 JSON Pointer.
    JsonPointer,
    /// `relative-json-pointer`: a Relative JSON Pointer.
    RelativeJsonPointer,
    /// `regex`: an ECMA-262 regular expression.
    Regex,
}

impl Format {
    /// Every format, in the order of the draft 2020-12 vocabulary.
    pub const ALL: [Format; 19] = [
        Format::DateTime,
        Format::Date,
        Format::Time,
        Format::Duration,
        Format::Email,
        Format::IdnEmail,
        Format::Hostname,
        Format::IdnHostname,
        Format::Ipv4,
        Format::Ipv6,
        Format::Uri,
        Format::UriReference,
        Format::Iri,
        Format::IriReference,
        Format::Uuid,
        Format::UriTemplate,
        Format::JsonPointer,
        Format::RelativeJsonPointer,
        Format::Regex,
    ];

    /// The format's name in a schema.
    pub fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
            Format::Duration => "duration",
            Format::Email => "email",
            Format::IdnEmail => "idn-email",
            Format::Hostname => "hostname",
            Format::IdnHostname => "idn-hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
            Format::UriReference => "uri-reference",
            Format::Iri => "iri",
            Format::IriReference => "iri-reference",
            Format::Uuid => "uuid",
            Format::UriTemplate => "uri-template",
            Format::JsonPointer => "json-pointer",
            Format::RelativeJsonPointer => "relative-json-pointer",
            Format::Regex => "regex",
        }
    }

    /// What a string of this format is, as a violation's `expected` says it.
    pub fn what(self) -> &'static str {
        match self {
            Format::DateTime => "an RFC 3339 date-time",
            Format::Date => "an RFC 3339 date",
            Format::Time => "an RFC 3339 time",
            Format::Duration => "an RFC 3339 duration",
            Format::Email => "an email address",
            Format::IdnEmail => "an internationalized email address",
            Format::Hostname => "a host name",
            Format::IdnHostname => "an internationalized host name",
            Format::Ipv4 => "an IPv4 address",
            Format::Ipv6 => "an IPv6 address",
            Format::Uri => "an absolute URI",
            Format::UriReference => "a URI reference",
            Format::Iri => "an absolute IRI",
            Format::IriReference => "an IRI reference",
            Format::Uuid => "a UUID",
            Format::UriTemplate => "a URI template",
            Format::JsonPointer => "a JSON Pointer",
            Format::RelativeJsonPointer => "a relative JSON Pointer",
            Format::Regex => "an ECMA-262 regular expression",
        }
    }
}

/// Whether `s` has the format `format`.
pub fn is_format(s: &str, format: Format) -> bool {
    use crate::format as f;
    match format {
        Format::DateTime => f::is_date_time(s),
        Format::Date => f::is_date(s),
        Format::Time => f::is_time(s),
        Format::Duration => f::is_duration(s),
        Format::Email => f::is_email(s),
        Format::IdnEmail => f::is_idn_email(s),
        Format::Hostname => f::is_hostname(s),
        Format::IdnHostname => f::is_idn_hostname(s),
        Format::Ipv4 => f::is_ipv4(s),
        Format::Ipv6 => f::is_ipv6(s),
        Format::Uri => f::is_uri(s),
        Format::UriReference => f::is_uri_reference(s),
        Format::Iri => f::is_iri(s),
        Format::IriReference => f::is_iri_reference(s),
        Format::Uuid => f::is_uuid(s),
        Format::UriTemplate => f::is_uri_template(s),
        Format::JsonPointer => f::is_json_pointer(s),
        Format::RelativeJsonPointer => f::is_relative_json_pointer(s),
        Format::Regex => f::is_regex(s),
    }
}

/// `format`.
pub fn format(s: &str, format: Format, at: &Path<'_>, out: &mut Violations) {
    if !is_format(s, format) {
        out.push(Violation::new(
            at,
            "format",
            format!("{} (format {:?})", format.what(), format.name()),
            quote_str(s),
        ));
    }
}

/// `const` on a string.
pub fn const_str(s: &str, expected: &str, at: &Path<'_>, out: &mut Violations) {
    if s != expected {
        out.push(Violation::new(
            at,
            "const",
            quote_str(expected),
            quote_str(s),
        ));
    }
}

/// `enum` on a string: `allowed` lists the values in schema order.
pub fn enum_str(s: &str, allowed: &[&str], at: &Path<'_>, out: &mut Violations) {
    if !allowed.contains(&s) {
        let list: Vec<String> = allowed.iter().map(|a| quote_str(a)).collect();
        out.push(Violation::new(
            at,
            "enum",
            format!("one of {}", list.join(", ")),
            quote_str(s),
        ));
    }
}

/// Whether `n` is within the bound `keyword` (`minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`) sets at `limit`.
pub fn within(n: f64, keyword: &str, limit: f64) -> bool {
    match keyword {
        "minimum" => n >= limit,
        "maximum" => n <= limit,
        "exclusiveMinimum" => n > limit,
        "exclusiveMaximum" => n < limit,
        _ => true,
    }
}

/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` on a number.
pub fn bound(n: f64, keyword: &'static str, limit: f64, at: &Path<'_>, out: &mut Violations) {
    let words = bound_words(keyword);
    if !within(n, keyword, limit) {
        out.push(Violation::new(
            at,
            keyword,
            format!("a number {words} {}", number(limit)),
            number(n),
        ));
    }
}

/// `multipleOf` on a number: exact in decimal, as the schema and the instance are written (`19.99`
/// is a multiple of `0.01`; `3.3200000000000003` is not), so binary rounding decides nothing.
pub fn multiple_of(n: f64, factor: f64, at: &Path<'_>, out: &mut Violations) {
    if !is_multiple_of(n, factor) {
        out.push(Violation::new(
            at,
            "multipleOf",
            format!("a multiple of {}", number(factor)),
            number(n),
        ));
    }
}

/// Whether `n` divided by `factor` is an integer, computed on their shortest decimal forms; past
/// what `i128` holds, on the `f64` quotient.
pub fn is_multiple_of(n: f64, factor: f64) -> bool {
    if n == 0.0 {
        return true;
    }
    if let (Some((nm, nd)), Some((fm, fd))) = (decimal_parts(n), decimal_parts(factor))
        && fm != 0
    {
        let shared = nd.min(fd);
        let scale =
            |mantissa: i128, places: u32| mantissa.checked_mul(10_i128.checked_pow(places)?);
        if let (Some(a), Some(b)) = (scale(nm, fd - shared), scale(fm, nd - shared)) {
            return a % b == 0;
        }
    }
    let q = n / factor;
    q.is_finite() && q.fract() == 0.0
}

/// `x` as `mantissa / 10^decimals`, from its shortest round-trip decimal form.
fn decimal_parts(x: f64) -> Option<(i128, u32)> {
    if !x.is_finite() {
        return None;
    }
    let text = format!("{x}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mantissa: i128 = format!("{int}{frac}").parse().ok()?;
    Some((mantissa, u32::try_from(frac.len()).ok()?))
}

/// `type: number` on an `f64`: JSON has no NaN or infinity (serde_json writes them as `null`), so
/// a non-finite value is not a number of the schema. Returns whether `n` is finite, so that the
/// bounds are checked only on a number they can speak of.
pub fn finite(n: f64, at: &Path<'_>, out: &mut Violations) -> bool {
    if n.is_finite() {
        return true;
    }
    let found = if n.is_nan() {
        "NaN"
    } else if n > 0.0 {
        "infinity"
    } else {
        "-infinity"
    };
    out.push(Violation::new(at, "type", "a finite number", found));
    false
}

/// 2^127 as `f64`: every integral float below it in magnitude converts to `i128` exactly.
pub(crate) const I128_LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;

/// How the integer `n` compares with `f`, exactly (no rounding of `n` to `f64`); `None` for NaN.
pub fn compare_integer(n: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= I128_LIMIT {
        return Some(Ordering::Less);
    }
    if f < -I128_LIMIT {
        return Some(Ordering::Greater);
    }
    // `floor(f)` is an integer within `i128`, converted exactly.
    let floor = f.floor();
    match n.cmp(&(floor as i128)) {
        Ordering::Equal if f != floor => Some(Ordering::Less),
        other => Some(other),
    }
}

/// [`within`] for an integer, compared exactly past 2^53 (`9007199254740993` is not at most
/// `9007199254740992`, though both are the same `f64`).
pub fn within_integer(n: i128, keyword: &str, limit: f64) -> bool {
    let Some(order) = compare_integer(n, limit) else {
        return false;
    };
    match keyword {
        "minimum" => order != Ordering::Less,
        "maximum" => order != Ordering::Greater,
        "exclusiveMinimum" => order == Ordering::Greater,
        "exclusiveMaximum" => order == Ordering::Less,
        _ => true,
    }
}

fn bound_words(keyword: &str) -> &'static str {
    match keyword {
        "minimum" => "at least",
        "maximum" => "at most",
        "exclusiveMinimum" => "greater than",
        "exclusiveMaximum" => "less than",
        _ => "",
    }
}

/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` on an integer, exactly.
pub fn bound_integer(
    n: i128,
    keyword: &'static str,
    limit: f64,
    at: &Path<'_>,
    out: &mut Violations,
) {
    if !within_integer(n, keyword, limit) {
        out.push(Violation::new(
            at,
            keyword,
            format!("a number {} {}", bound_words(keyword), number(limit)),
            n.to_string(),
        ));
    }
}

/// Whether the integer `n` is a multiple of `factor`, exactly: with `factor` as
/// `mantissa / 10^decimals` (its shortest decimal form), `n * 10^decimals` must be a multiple of
/// `mantissa`, computed modulo `mantissa` so nothing overflows.
pub fn is_multiple_of_integer(n: i128, factor: f64) -> bool {
    if n == 0 {
        return true;
    }
    if !(factor.is_finite() && factor > 0.0) {
        return false;
    }
    if factor.fract() == 0.0 {
        if factor >= I128_LIMIT {
            // No non-zero integer an `i128` holds is a multiple of a larger one.
            return false;
        }
        return n % (factor as i128) == 0;
    }
    let Some((mantissa, decimals)) = decimal_parts(factor) else {
        return false;
    };
    // A non-integral `f64` has at most 17 significant digits: `mantissa < 10^17 < 2^57`, so the
    // products below (of two numbers under `mantissa`) stay under 2^114.
    let m = mantissa.unsigned_abs();
    let mut power = 1 % m;
    for _ in 0..decimals {
        power = power * 10 % m;
    }
    (n.unsigned_abs() % m * power).is_multiple_of(m)
}

/// `multipleOf` on an integer, exactly.
pub fn multiple_of_integer(n: i128, factor: f64, at: &Path<'_>, out: &mut Violations) {
    if !is_multiple_of_integer(n, factor) {
        out.push(Violation::new(
            at,
            "multipleOf",
            format!("a multiple of {}", number(factor)),
            n.to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(out: &Violations) -> Vec<String> {
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn non_finite_numbers_are_not_json_numbers() {
        let mut out = Violations::default();
        let at = Path::Root.key("x");
        assert!(!finite(f64::NAN, &at, &mut out));
        assert!(!finite(f64::INFINITY, &at, &mut out));
        assert!(!finite(f64::NEG_INFINITY, &at, &mut out));
        assert!(finite(f64::MAX, &at, &mut out));
        assert!(finite(-0.0, &at, &mut out));
        assert_eq!(
            shown(&out),
            [
                "/x: expected a finite number, found NaN (type)",
                "/x: expected a finite number, found infinity (type)",
                "/x: expected a finite number, found -infinity (type)",
            ]
        );
    }

    #[test]
    fn integer_bounds_are_exact() {
        let two53 = 9_007_199_254_740_992.0;
        assert!(!within_integer(9_007_199_254_740_993, "maximum", two53));
        assert!(within_integer(9_007_199_254_740_992, "maximum", two53));
        assert!(!within_integer(
            9_007_199_254_740_992,
            "exclusiveMaximum",
            two53
        ));
        assert!(within_integer(
            -9_007_199_254_740_993,
            "exclusiveMaximum",
            -two53
        ));
        assert!(!within_integer(-9_007_199_254_740_993, "minimum", -two53));
        assert!(within_integer(3, "minimum", 2.5));
        assert!(!within_integer(2, "minimum", 2.5));
        assert!(within_integer(-3, "maximum", -2.5));
        assert!(!within_integer(-2, "maximum", -2.5));
        assert!(within_integer(i128::from(i64::MAX), "maximum", 1e300));
        assert!(within_integer(i128::from(i64::MIN), "minimum", -1e300));
        assert!(!within_integer(i128::from(i64::MIN), "maximum", -1e300));
        assert!(within_integer(
            i128::from(u64::MAX),
            "exclusiveMaximum",
            18_446_744_073_709_551_616.0
        ));
        assert!(!within_integer(0, "minimum", f64::NAN));
        let mut out = Violations::default();
        bound_integer(
            9_007_199_254_740_993,
            "maximum",
            two53,
            &Path::Root.key("n"),
            &mut out,
        );
        assert_eq!(
            shown(&out),
            ["/n: expected a number at most 9007199254740992, found 9007199254740993 (maximum)"]
        );
    }

    #[test]
    fn integer_multiples_are_exact() {
        for (n, factor, multiple) in [
            (9_007_199_254_740_993, 2.0, false),
            (9_007_199_254_740_994, 2.0, true),
            (i128::from(i64::MAX), 7.0, true),
            (i128::from(i64::MAX) - 1, 7.0, false),
            (10, 0.5, true),
            (10, 0.3, false),
            (3, 0.1, true),
            (9_007_199_254_740_993, 0.01, true),
            (5, 1e-300, true),
            (5, 2.5, true),
            (-5, 2.5, true),
            (7, 2.5, false),
            (1, 1e300, false),
            (0, 1e300, true),
            (i128::from(u64::MAX), 5.0, true),
        ] {
            assert_eq!(
                is_multiple_of_integer(n, factor),
                multiple,
                "{n} / {factor}"
            );
        }
        let mut out = Violations::default();
        multiple_of_integer(7, 2.5, &Path::Root, &mut out);
        assert_eq!(
            shown(&out),
            ["(root): expected a multiple of 2.5, found 7 (multipleOf)"]
        );
    }
}
