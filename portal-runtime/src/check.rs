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

/// How a number is written in a message (`20`, `1.5`, `1e40`): from 10^21 on in exponent form,
/// as JavaScript writes numbers, rather than the hundreds of digits of an `f64`'s exact value.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.abs() >= 1e21 {
        format!("{n:e}")
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

/// A number a schema states (a bound of `minimum`, `maximum`, `exclusive*`, or a `multipleOf`
/// factor), exactly as the schema's JSON value holds it: an integer (`i64`, `u64`, or a float
/// with no fractional part below 2^127) as that integer, any other as its `f64`. The generator
/// writes one of these for each bound, so `maximum: 9007199254740993` stays that integer rather
/// than becoming the `f64` `9007199254740992`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// An integral bound, exactly.
    Integer(i128),
    /// A fractional bound, or an integral one at or past 2^127.
    Float(f64),
}

impl Limit {
    /// How the integer `n` compares with the limit, exactly; `None` for a NaN limit.
    pub fn compare_integer(self, n: i128) -> Option<Ordering> {
        match self {
            Limit::Integer(l) => Some(n.cmp(&l)),
            Limit::Float(f) => compare_integer(n, f),
        }
    }

    /// How the number `n` compares with the limit, exactly; `None` when either is NaN.
    pub fn compare_float(self, n: f64) -> Option<Ordering> {
        match self {
            Limit::Integer(l) => compare_integer(l, n).map(Ordering::reverse),
            Limit::Float(f) => n.partial_cmp(&f),
        }
    }

    /// The limit as a message writes it (`9007199254740993`, `1.5`).
    pub fn shown(self) -> String {
        match self {
            Limit::Integer(l) => l.to_string(),
            Limit::Float(f) => number(f),
        }
    }

    fn decimal(self) -> Option<Decimal> {
        match self {
            Limit::Integer(l) => Some(Decimal::of_integer(l)),
            Limit::Float(f) => Decimal::of_f64(f),
        }
    }
}

/// Whether `order` (an instance compared with a limit) satisfies `keyword`.
fn holds(order: Option<Ordering>, keyword: &str) -> bool {
    let Some(order) = order else {
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

/// Whether `n` is within the bound `keyword` (`minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`) sets at `limit`, compared exactly.
pub fn within(n: f64, keyword: &str, limit: Limit) -> bool {
    holds(limit.compare_float(n), keyword)
}

/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` on a number.
pub fn bound(n: f64, keyword: &'static str, limit: Limit, at: &Path<'_>, out: &mut Violations) {
    if !within(n, keyword, limit) {
        out.push(Violation::new(
            at,
            keyword,
            format!("a number {} {}", bound_words(keyword), limit.shown()),
            number(n),
        ));
    }
}

/// `multipleOf` on a number: exact in decimal, as the schema and the instance are written (`19.99`
/// is a multiple of `0.01`; `3.3200000000000003` is not), so binary rounding decides nothing.
pub fn multiple_of(n: f64, factor: Limit, at: &Path<'_>, out: &mut Violations) {
    if !is_multiple_of(n, factor) {
        out.push(Violation::new(
            at,
            "multipleOf",
            format!("a multiple of {}", factor.shown()),
            number(n),
        ));
    }
}

/// Whether `n` divided by `factor` is an integer, exactly, at any magnitude: `1e308` is a
/// multiple of `0.5`, though the quotient overflows `f64`. A fractional `n` is taken as its
/// shortest round-trip decimal (`19.99`, as written), an integral one as the integer it is (as
/// every integer an instance holds), and the factor as the schema's number.
pub fn is_multiple_of(n: f64, factor: Limit) -> bool {
    let Some(f) = factor.decimal() else {
        return false;
    };
    if n.fract() == 0.0 {
        if n.abs() < I128_LIMIT {
            return Decimal::of_integer(n as i128).is_multiple_of(f);
        }
        return integral_is_multiple_of(n, f);
    }
    Decimal::of_f64(n).is_some_and(|n| n.is_multiple_of(f))
}

/// Whether the integral `n`, at or past 2^127, is a multiple of `factor`: with `n` as
/// `m × 2^e` (its bits) and the factor as `M × 10^E`, `M × 10^E` must divide `m × 2^e`,
/// decided modulo `M` once the powers of ten are taken out (or put in, for `E < 0`).
fn integral_is_multiple_of(n: f64, factor: Decimal) -> bool {
    if !n.is_finite() || factor.mantissa == 0 {
        return false;
    }
    let bits = n.to_bits();
    let (mut m, mut e) = (
        u128::from((bits & ((1 << 52) - 1)) | (1 << 52)),
        i64::try_from((bits >> 52) & 0x7ff).unwrap_or(0) - 1075,
    );
    let modulus = factor.mantissa;
    if factor.exponent < 0 {
        let k = u64::from(factor.exponent.unsigned_abs());
        let e = e.unsigned_abs(); // `n` is at least 2^127: `e` is positive.
        let r = mul_mod(m % modulus, pow_mod(2, e, modulus), modulus);
        return mul_mod(r, pow_mod(10, k, modulus), modulus) == 0;
    }
    // Take 10^E out of `m × 2^e`: 5^E from `m` (past 5^22 no 53-bit `m` holds it), 2^E from
    // `2^e`, and from `m` what `e` lacks.
    for _ in 0..factor.exponent {
        if !m.is_multiple_of(5) {
            return false;
        }
        m /= 5;
        e -= 1;
    }
    if e < 0 {
        let lacking = u32::try_from(-e).unwrap_or(u32::MAX);
        if lacking >= 128 || !m.is_multiple_of(1 << lacking) {
            return false;
        }
        m >>= lacking;
        e = 0;
    }
    mul_mod(m % modulus, pow_mod(2, e.unsigned_abs(), modulus), modulus) == 0
}

/// The magnitude of a number as `mantissa × 10^exponent`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Decimal {
    mantissa: u128,
    exponent: i32,
}

impl Decimal {
    fn of_integer(n: i128) -> Decimal {
        Decimal {
            mantissa: n.unsigned_abs(),
            exponent: 0,
        }
    }

    /// `x` from its shortest round-trip decimal form (at most 17 significant digits).
    fn of_f64(x: f64) -> Option<Decimal> {
        if !x.is_finite() {
            return None;
        }
        let text = format!("{:e}", x.abs());
        let (digits, exponent) = text.split_once('e')?;
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mantissa: u128 = format!("{int}{frac}").parse().ok()?;
        let exponent: i32 = exponent.parse().ok()?;
        Some(Decimal {
            mantissa,
            exponent: exponent - i32::try_from(frac.len()).ok()?,
        })
    }

    /// Whether `self / factor` is an integer. With `e` the difference of the exponents, that
    /// is `factor.mantissa` dividing `self.mantissa × 10^e`, computed modulo the factor's
    /// mantissa when `e ≥ 0` (nothing overflows, whatever `e`), and by removing `10^-e` from
    /// `self.mantissa` first when `e < 0`.
    fn is_multiple_of(self, factor: Decimal) -> bool {
        if self.mantissa == 0 {
            return true;
        }
        let m = factor.mantissa;
        if m == 0 {
            return false;
        }
        let e = i64::from(self.exponent) - i64::from(factor.exponent);
        if e >= 0 {
            return mul_mod(self.mantissa % m, pow_mod(10, e.unsigned_abs(), m), m) == 0;
        }
        // 10^39 exceeds every `u128`: no non-zero mantissa is a multiple of it.
        let Some(scale) = u32::try_from(-e).ok().and_then(|k| 10_u128.checked_pow(k)) else {
            return false;
        };
        self.mantissa.is_multiple_of(scale) && (self.mantissa / scale).is_multiple_of(m)
    }
}

/// `a × b mod m` for `a, b < m`, without overflow: directly when the product fits, else by
/// doubling (128 steps at most).
fn mul_mod(a: u128, b: u128, m: u128) -> u128 {
    if let Some(p) = a.checked_mul(b) {
        return p % m;
    }
    let mut result = 0_u128;
    let mut a = a;
    let mut b = b;
    while b > 0 {
        if b & 1 == 1 {
            result = add_mod(result, a, m);
        }
        a = add_mod(a, a, m);
        b >>= 1;
    }
    result
}

/// `a + b mod m` for `a, b < m`, without overflow.
fn add_mod(a: u128, b: u128, m: u128) -> u128 {
    if a >= m - b { a - (m - b) } else { a + b }
}

/// `base^e mod m` by squaring: steps logarithmic in `e`.
fn pow_mod(base: u128, mut e: u64, m: u128) -> u128 {
    let mut result = 1 % m;
    let mut base = base % m;
    while e > 0 {
        if e & 1 == 1 {
            result = mul_mod(result, base, m);
        }
        base = mul_mod(base, base, m);
        e >>= 1;
    }
    result
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

/// `type: integer` on a field kept as a `serde_json::Number` (an integer whose bounds reach past
/// `i128`): a number built in code may have a fractional part, which no integer has. Returns
/// whether `n` is an integer, so that the bounds are checked only on one.
pub fn integral(n: &serde_json::Number, at: &Path<'_>, out: &mut Violations) -> bool {
    if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) {
        return true;
    }
    out.push(Violation::new(at, "type", "integer", "number"));
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
pub fn within_integer(n: i128, keyword: &str, limit: Limit) -> bool {
    holds(limit.compare_integer(n), keyword)
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
    limit: Limit,
    at: &Path<'_>,
    out: &mut Violations,
) {
    if !within_integer(n, keyword, limit) {
        out.push(Violation::new(
            at,
            keyword,
            format!("a number {} {}", bound_words(keyword), limit.shown()),
            n.to_string(),
        ));
    }
}

/// Whether the integer `n` is a multiple of `factor`, exactly, whatever their sizes.
pub fn is_multiple_of_integer(n: i128, factor: Limit) -> bool {
    match factor.decimal() {
        Some(f) => Decimal::of_integer(n).is_multiple_of(f),
        None => false,
    }
}

/// `multipleOf` on an integer, exactly.
pub fn multiple_of_integer(n: i128, factor: Limit, at: &Path<'_>, out: &mut Violations) {
    if !is_multiple_of_integer(n, factor) {
        out.push(Violation::new(
            at,
            "multipleOf",
            format!("a multiple of {}", factor.shown()),
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
        let two53 = Limit::Integer(9_007_199_254_740_992);
        assert!(!within_integer(9_007_199_254_740_993, "maximum", two53));
        assert!(within_integer(9_007_199_254_740_992, "maximum", two53));
        assert!(!within_integer(
            9_007_199_254_740_992,
            "exclusiveMaximum",
            two53
        ));
        let minus = Limit::Integer(-9_007_199_254_740_992);
        assert!(within_integer(
            -9_007_199_254_740_993,
            "exclusiveMaximum",
            minus
        ));
        assert!(!within_integer(-9_007_199_254_740_993, "minimum", minus));
        assert!(within_integer(3, "minimum", Limit::Float(2.5)));
        assert!(!within_integer(2, "minimum", Limit::Float(2.5)));
        assert!(within_integer(-3, "maximum", Limit::Float(-2.5)));
        assert!(!within_integer(-2, "maximum", Limit::Float(-2.5)));
        assert!(within_integer(
            i128::from(i64::MAX),
            "maximum",
            Limit::Float(1e300)
        ));
        assert!(within_integer(
            i128::from(i64::MIN),
            "minimum",
            Limit::Float(-1e300)
        ));
        assert!(!within_integer(
            i128::from(i64::MIN),
            "maximum",
            Limit::Float(-1e300)
        ));
        assert!(within_integer(
            i128::from(u64::MAX),
            "exclusiveMaximum",
            Limit::Integer(18_446_744_073_709_551_616)
        ));
        assert!(!within_integer(
            i128::MAX,
            "maximum",
            Limit::Integer(i128::MAX - 1)
        ));
        assert!(!within_integer(0, "minimum", Limit::Float(f64::NAN)));
        let mut out = Violations::default();
        bound_integer(
            9_007_199_254_740_994,
            "maximum",
            Limit::Integer(9_007_199_254_740_993),
            &Path::Root.key("n"),
            &mut out,
        );
        assert_eq!(
            shown(&out),
            ["/n: expected a number at most 9007199254740993, found 9007199254740994 (maximum)"]
        );
    }

    #[test]
    fn float_bounds_against_integer_limits_are_exact() {
        // 2^53 + 1 is no `f64`: the nearest, 2^53, is below it, so `maximum` holds.
        let limit = Limit::Integer(9_007_199_254_740_993);
        assert!(within(9_007_199_254_740_992.0, "exclusiveMaximum", limit));
        assert!(!within(9_007_199_254_740_994.0, "maximum", limit));
        assert!(within(0.5, "exclusiveMinimum", Limit::Integer(0)));
        assert!(!within(f64::NAN, "minimum", Limit::Integer(0)));
        let mut out = Violations::default();
        bound(
            1e40,
            "maximum",
            Limit::Integer(i128::MAX),
            &Path::Root,
            &mut out,
        );
        assert_eq!(
            shown(&out),
            [
                "(root): expected a number at most 170141183460469231731687303715884105727, found 1e40 (maximum)"
            ]
        );
    }

    #[test]
    fn integer_multiples_are_exact() {
        for (n, factor, multiple) in [
            (9_007_199_254_740_993, Limit::Integer(2), false),
            (9_007_199_254_740_994, Limit::Integer(2), true),
            (i128::from(i64::MAX), Limit::Integer(7), true),
            (i128::from(i64::MAX) - 1, Limit::Integer(7), false),
            (10, Limit::Float(0.5), true),
            (10, Limit::Float(0.3), false),
            (3, Limit::Float(0.1), true),
            (9_007_199_254_740_993, Limit::Float(0.01), true),
            (5, Limit::Float(1e-300), true),
            (5, Limit::Float(2.5), true),
            (-5, Limit::Float(2.5), true),
            (7, Limit::Float(2.5), false),
            (1, Limit::Float(1e300), false),
            (0, Limit::Float(1e300), true),
            (i128::from(u64::MAX), Limit::Integer(5), true),
            (i128::MAX, Limit::Integer(i128::MAX), true),
            (i128::MAX - 1, Limit::Integer(i128::MAX), false),
            (i128::MIN + 1, Limit::Integer(i128::MAX), true),
            // 2^127 - 1 is prime; 2^127 - 2 = 2 × (2^126 - 1) is a multiple of 7.
            (i128::MAX, Limit::Integer(7), false),
            (i128::MAX - 1, Limit::Integer(7), true),
            (i128::MAX - 1, Limit::Float(0.7), true),
            (i128::MAX, Limit::Float(0.7), false),
        ] {
            assert_eq!(
                is_multiple_of_integer(n, factor),
                multiple,
                "{n} / {factor:?}"
            );
        }
        let mut out = Violations::default();
        multiple_of_integer(7, Limit::Float(2.5), &Path::Root, &mut out);
        assert_eq!(
            shown(&out),
            ["(root): expected a multiple of 2.5, found 7 (multipleOf)"]
        );
    }

    #[test]
    fn float_multiples_are_exact_at_any_magnitude() {
        for (n, factor, multiple) in [
            (1e308, Limit::Float(0.5), true),
            (1e308, Limit::Integer(3), false),
            (1e308, Limit::Integer(1_000_000_007), false),
            // Integral floats are the integers they hold: 1e308's bits are no multiple of
            // 10^300, and 1e39's leave 112 modulo 1000.
            (1e308, Limit::Float(1e300), false),
            (1e39, Limit::Integer(1000), false),
            (1e39, Limit::Integer(8), true),
            (1e308, Limit::Float(2.5), false),
            (-1e308, Limit::Float(0.25), true),
            // Moduli past 2^64: products taken by doubling.
            (1e308, Limit::Integer(1 << 126), true),
            (1e308, Limit::Integer(i128::MAX), false),
            (1e300, Limit::Float(1e308), false),
            (19.99, Limit::Float(0.01), true),
            (0.30000000000000004, Limit::Float(0.1), false),
            (4.5, Limit::Float(1.5), true),
            (4.6, Limit::Float(1.5), false),
            (1e-300, Limit::Float(1e-301), true),
            (-0.0, Limit::Float(0.3), true),
            (f64::INFINITY, Limit::Integer(1), false),
        ] {
            assert_eq!(is_multiple_of(n, factor), multiple, "{n} / {factor:?}");
        }
    }
}
