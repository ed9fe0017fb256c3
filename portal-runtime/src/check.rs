//! Constraint checks called by generated `Validate` impls, one function per JSON Schema keyword.
//!
//! Each records a [`Violation`] with the wording every generated type shares, so that messages
//! read the same whichever type they come from.

use crate::validate::{Path, Violation, Violations};

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

/// Whether `s` has the format `format` (`email`, `uri`, `uuid`, `date`, `date-time`; any other
/// format asserts nothing).
pub fn is_format(s: &str, format: &str) -> bool {
    match format {
        "email" => crate::format::is_email(s),
        "uri" => crate::format::is_uri(s),
        "uuid" => crate::format::is_uuid(s),
        "date" => crate::format::is_date(s),
        "date-time" => crate::format::is_date_time(s),
        _ => true,
    }
}

/// `format`: `email`, `uri`, `uuid`, `date`, `date-time`.
pub fn format(s: &str, format: &str, at: &Path<'_>, out: &mut Violations) {
    let what = match format {
        "email" => "an email address",
        "uri" => "an absolute URI",
        "uuid" => "a UUID",
        "date" => "an RFC 3339 date",
        "date-time" => "an RFC 3339 date-time",
        _ => "",
    };
    if !is_format(s, format) {
        out.push(Violation::new(
            at,
            "format",
            format!("{what} (format {format:?})"),
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
    let words = match keyword {
        "minimum" => "at least",
        "maximum" => "at most",
        "exclusiveMinimum" => "greater than",
        "exclusiveMaximum" => "less than",
        _ => "",
    };
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
