//! Checks on an untyped JSON instance, called by the generated `Validate` impls of types that keep
//! their value as `serde_json::Value` (schemas with `anyOf`, type lists, `patternProperties` and
//! the other keywords a Rust type cannot state).
//!
//! Keywords that apply to one JSON type are checked by the caller only when the instance has that
//! type; the string and number keywords reuse [`crate::check`].

use crate::validate::{Path, Violation, Violations, json_type};
use serde_json::{Map, Value};

/// The JSON Schema type of `value`: like [`json_type`], but a number with no fractional part is an
/// `integer` (`1.0` is an integer, as JSON Schema says).
pub fn schema_type(value: &Value) -> &'static str {
    match value {
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        other => json_type(other),
    }
}

/// Whether `value` has one of `types` (`number` includes `integer`).
pub fn has_type(value: &Value, types: &[&str]) -> bool {
    let t = schema_type(value);
    types
        .iter()
        .any(|&want| want == t || (want == "number" && t == "integer"))
}

/// `type`: one name or a list of names.
pub fn types(value: &Value, types: &[&str], at: &Path<'_>, out: &mut Violations) {
    if !has_type(value, types) {
        out.push(Violation::new(
            at,
            "type",
            types.join(" or "),
            json_type(value),
        ));
    }
}

/// The schema `false`: nothing is valid.
pub fn nothing(value: &Value, at: &Path<'_>, out: &mut Violations) {
    out.push(Violation::new(
        at,
        "false",
        "nothing (the schema is false)",
        json_type(value),
    ));
}

/// JSON equality as JSON Schema defines it: numbers compare by value (`1` equals `1.0`, `-0.0`
/// equals `0`, integers past 2^53 exactly), objects regardless of key order.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Canonical::of(x) == Canonical::of(y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

/// A JSON number by value: every integral value an `i128` holds (whether written `1`, `1.0` or
/// `-0.0`) as that integer, any other as the bits of its `f64`. Two numbers are equal exactly
/// when their canonical forms are: an `i64` or `u64` is always integral and within `i128`, so it
/// can only equal a float that is integral and within `i128` too, and such a float is converted
/// exactly; what remains are floats, which `f64` equality compares (no NaN reaches a `Value`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Canonical {
    Integer(i128),
    Float(u64),
}

impl Canonical {
    fn of(n: &serde_json::Number) -> Canonical {
        if let Some(i) = n.as_i64() {
            return Canonical::Integer(i128::from(i));
        }
        if let Some(u) = n.as_u64() {
            return Canonical::Integer(i128::from(u));
        }
        let f = n.as_f64().unwrap_or(f64::NAN);
        if f.fract() == 0.0 && f.abs() < crate::check::I128_LIMIT {
            Canonical::Integer(f as i128)
        } else {
            Canonical::Float(f.to_bits())
        }
    }
}

/// Appends the canonical encoding of `value` to `out`: two values are equal as JSON Schema says
/// exactly when their encodings are equal bytes. Every part is tagged and every string or list
/// length-prefixed, so no two different values meet on the same bytes; object entries are sorted
/// by key (keys of one object are distinct), so key order does not count. Cost: the size of the
/// value, plus sorting each object's keys.
fn encode_canonical(value: &Value, out: &mut Vec<u8>) {
    fn len(n: usize, out: &mut Vec<u8>) {
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    fn text(s: &str, out: &mut Vec<u8>) {
        len(s.len(), out);
        out.extend_from_slice(s.as_bytes());
    }
    match value {
        Value::Null => out.push(0),
        Value::Bool(b) => out.push(if *b { 2 } else { 1 }),
        Value::Number(n) => match Canonical::of(n) {
            Canonical::Integer(i) => {
                out.push(3);
                out.extend_from_slice(&i.to_le_bytes());
            }
            Canonical::Float(bits) => {
                out.push(4);
                out.extend_from_slice(&bits.to_le_bytes());
            }
        },
        Value::String(s) => {
            out.push(5);
            text(s, out);
        }
        Value::Array(items) => {
            out.push(6);
            len(items.len(), out);
            for item in items {
                encode_canonical(item, out);
            }
        }
        Value::Object(map) => {
            out.push(7);
            len(map.len(), out);
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (key, item) in entries {
                text(key, out);
                encode_canonical(item, out);
            }
        }
    }
}

/// The first repeat in `items`: `(i, j)` with `i < j`, item `j` equal to item `i`, `j` the
/// smallest such index and `i` the first item it repeats. Each item is encoded once in canonical
/// form and looked up in a hash map, so the cost is linear in the size of the array (plus the
/// sorting of object keys), where comparing every pair would be quadratic.
pub fn first_repeat(items: &[Value]) -> Option<(usize, usize)> {
    if items.len() < 2 {
        return None;
    }
    let mut seen: std::collections::HashMap<Vec<u8>, usize> =
        std::collections::HashMap::with_capacity(items.len());
    for (j, item) in items.iter().enumerate() {
        let mut key = Vec::new();
        encode_canonical(item, &mut key);
        match seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => return Some((*first.get(), j)),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(j);
            }
        }
    }
    None
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => crate::check::quote_str(s),
        other => {
            let text = other.to_string();
            match text.char_indices().nth(64) {
                None => text,
                Some((cut, _)) => format!("{}…", &text[..cut]),
            }
        }
    }
}

/// `const`.
pub fn const_value(value: &Value, expected: &Value, at: &Path<'_>, out: &mut Violations) {
    if !equal(value, expected) {
        out.push(Violation::new(at, "const", shown(expected), shown(value)));
    }
}

/// Whether `value` is one of the values of `allowed`, the JSON array of an `enum`.
pub fn in_enum(value: &Value, allowed: &Value) -> bool {
    allowed
        .as_array()
        .is_some_and(|list| list.iter().any(|a| equal(value, a)))
}

/// Whether no two of `items` are equal (`uniqueItems: true`).
pub fn all_unique(items: &[Value]) -> bool {
    first_repeat(items).is_none()
}

/// Whether `map` has every one of `names`.
pub fn has_all(map: &Map<String, Value>, names: &[&str]) -> bool {
    names.iter().all(|name| map.contains_key(*name))
}

/// `enum`: `allowed` is the JSON array of the schema.
pub fn enum_value(value: &Value, allowed: &Value, at: &Path<'_>, out: &mut Violations) {
    let list = allowed.as_array().map(Vec::as_slice).unwrap_or_default();
    if !list.iter().any(|a| equal(value, a)) {
        let names: Vec<String> = list.iter().map(shown).collect();
        let expected = if names.is_empty() {
            "no value (the enum is empty)".to_owned()
        } else {
            format!("one of {}", names.join(", "))
        };
        out.push(Violation::new(at, "enum", expected, shown(value)));
    }
}

/// The value of a JSON number as `f64`, for the numeric keywords.
pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// The JSON number `value` is, if it is one, for the numeric keywords.
pub fn numeric(value: &Value) -> Option<&serde_json::Number> {
    match value {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// A number as an integer when it is one an `i128` holds: integers written as such, and floats
/// with no fractional part (`1.0`), so that bounds on them are compared exactly.
fn integral(n: &serde_json::Number) -> Option<i128> {
    match Canonical::of(n) {
        Canonical::Integer(i) => Some(i),
        Canonical::Float(_) => None,
    }
}

/// Whether `n` is within the bound `keyword` sets at `limit`: exact for integers past 2^53.
pub fn within(n: &serde_json::Number, keyword: &str, limit: crate::check::Limit) -> bool {
    match integral(n) {
        Some(i) => crate::check::within_integer(i, keyword, limit),
        None => crate::check::within(n.as_f64().unwrap_or(f64::NAN), keyword, limit),
    }
}

/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` on a JSON number.
pub fn bound(
    n: &serde_json::Number,
    keyword: &'static str,
    limit: crate::check::Limit,
    at: &Path<'_>,
    out: &mut Violations,
) {
    match integral(n) {
        Some(i) => crate::check::bound_integer(i, keyword, limit, at, out),
        None => crate::check::bound(n.as_f64().unwrap_or(f64::NAN), keyword, limit, at, out),
    }
}

/// Whether `n` is a multiple of `factor`: exact for integers past 2^53.
pub fn is_multiple_of(n: &serde_json::Number, factor: crate::check::Limit) -> bool {
    match integral(n) {
        Some(i) => crate::check::is_multiple_of_integer(i, factor),
        None => crate::check::is_multiple_of(n.as_f64().unwrap_or(f64::NAN), factor),
    }
}

/// `multipleOf` on a JSON number.
pub fn multiple_of(
    n: &serde_json::Number,
    factor: crate::check::Limit,
    at: &Path<'_>,
    out: &mut Violations,
) {
    match integral(n) {
        Some(i) => crate::check::multiple_of_integer(i, factor, at, out),
        None => crate::check::multiple_of(n.as_f64().unwrap_or(f64::NAN), factor, at, out),
    }
}

/// `uniqueItems: true`: the first item that repeats an earlier one, at its own pointer.
pub fn unique_items(items: &[Value], at: &Path<'_>, out: &mut Violations) {
    if let Some((i, j)) = first_repeat(items) {
        out.push(Violation::new(
            &at.index(j),
            "uniqueItems",
            "an item unlike the others",
            format!("a repeat of item {i}"),
        ));
    }
}

/// `required` on an object whose properties are not typed.
pub fn required(map: &Map<String, Value>, names: &[&str], at: &Path<'_>, out: &mut Violations) {
    for name in names {
        if !map.contains_key(*name) {
            out.push(Violation::new(&at.key(name), "required", "a value", "none"));
        }
    }
}

/// `dependentRequired`: when `key` is present, so is each of `names`.
pub fn dependent_required(
    map: &Map<String, Value>,
    key: &str,
    names: &[&str],
    at: &Path<'_>,
    out: &mut Violations,
) {
    if map.contains_key(key) {
        for name in names {
            if !map.contains_key(*name) {
                out.push(Violation::new(
                    &at.key(name),
                    "dependentRequired",
                    format!("a value, since {} is present", crate::check::quote_str(key)),
                    "none",
                ));
            }
        }
    }
}

/// `minProperties`.
pub fn min_properties(map: &Map<String, Value>, min: usize, at: &Path<'_>, out: &mut Violations) {
    if map.len() < min {
        out.push(Violation::new(
            at,
            "minProperties",
            format!(
                "at least {}",
                crate::check::plural(min, "property", "properties")
            ),
            map.len().to_string(),
        ));
    }
}

/// `maxProperties`.
pub fn max_properties(map: &Map<String, Value>, max: usize, at: &Path<'_>, out: &mut Violations) {
    if map.len() > max {
        out.push(Violation::new(
            at,
            "maxProperties",
            format!(
                "at most {}",
                crate::check::plural(max, "property", "properties")
            ),
            map.len().to_string(),
        ));
    }
}

/// `additionalProperties: false` where properties are not typed: `key` is not allowed.
pub fn no_such_property(key: &str, at: &Path<'_>, out: &mut Violations) {
    out.push(Violation::new(
        &at.key(key),
        "additionalProperties",
        "no such property",
        "one",
    ));
}

/// `anyOf`: `matched` says whether any of `count` schemas matched.
pub fn any_of(matched: bool, count: usize, at: &Path<'_>, out: &mut Violations) {
    if crate::pattern::take_undecided() {
        out.push(crate::pattern::undecided("anyOf", at));
    } else if !matched {
        out.push(Violation::new(
            at,
            "anyOf",
            format!("a value matching at least one of {count} schemas"),
            "none matching",
        ));
    }
}

/// `oneOf`: `matched` of `count` schemas matched.
pub fn one_of(matched: usize, count: usize, at: &Path<'_>, out: &mut Violations) {
    if crate::pattern::take_undecided() {
        out.push(crate::pattern::undecided("oneOf", at));
    } else if matched != 1 {
        out.push(Violation::new(
            at,
            "oneOf",
            format!("a value matching exactly one of {count} schemas"),
            format!("{matched} matching"),
        ));
    }
}

/// `not`: `matched` says whether the value matched the negated schema.
pub fn not(matched: bool, at: &Path<'_>, out: &mut Violations) {
    if crate::pattern::take_undecided() {
        out.push(crate::pattern::undecided("not", at));
    } else if matched {
        out.push(Violation::new(
            at,
            "not",
            "a value not matching the schema of not",
            "one matching",
        ));
    }
}

/// `if`: `matched` says whether the value matched the schema of `if`; the answer, unless a
/// bounded pattern match gave up while testing it, which is a violation (then `then` applies,
/// so its checks are reported too rather than skipped).
pub fn condition(matched: bool, at: &Path<'_>, out: &mut Violations) -> bool {
    if crate::pattern::take_undecided() {
        out.push(crate::pattern::undecided("if", at));
        return true;
    }
    matched
}

/// Whether `count` items matching the schema of `contains` meet `minContains` (`min`) and
/// `maxContains` (`max`).
pub fn contains_enough(count: usize, min: usize, max: Option<usize>) -> bool {
    count >= min && max.is_none_or(|max| count <= max)
}

/// `contains` with `minContains` and `maxContains`: `count` of the items matched its schema.
/// `min_keyword` names the keyword that set `min` (`contains` alone asks for one item).
pub fn contains(
    count: usize,
    min: usize,
    min_keyword: &'static str,
    max: Option<usize>,
    at: &Path<'_>,
    out: &mut Violations,
) {
    if crate::pattern::take_undecided() {
        out.push(crate::pattern::undecided("contains", at));
    } else if count < min {
        out.push(Violation::new(
            at,
            min_keyword,
            format!(
                "at least {} matching the schema of contains",
                crate::check::plural(min, "item", "items")
            ),
            format!("{count} matching"),
        ));
    } else if let Some(max) = max.filter(|max| count > *max) {
        out.push(Violation::new(
            at,
            "maxContains",
            format!(
                "at most {} matching the schema of contains",
                crate::check::plural(max, "item", "items")
            ),
            format!("{count} matching"),
        ));
    }
}

/// The properties of one object that the keywords of a schema evaluated (`properties`,
/// `patternProperties`, `additionalProperties` and the successful applicators around them), for
/// `unevaluatedProperties` beside them.
#[derive(Debug, Default)]
pub struct EvaluatedProperties<'a> {
    /// Every property was evaluated (`additionalProperties` or `unevaluatedProperties` applied).
    all: bool,
    /// The properties evaluated one by one.
    keys: std::collections::HashSet<&'a str>,
}

impl<'a> EvaluatedProperties<'a> {
    /// Marks every property as evaluated.
    pub fn all(&mut self) {
        self.all = true;
    }

    /// Marks `key` as evaluated.
    pub fn key(&mut self, key: &'a str) {
        if !self.all {
            self.keys.insert(key);
        }
    }

    /// Whether `key` was evaluated.
    pub fn has(&self, key: &str) -> bool {
        self.all || self.keys.contains(key)
    }

    /// Whether every property was evaluated.
    pub fn has_all(&self) -> bool {
        self.all
    }
}

/// The items of one array that the keywords of a schema evaluated (`prefixItems`, `items`,
/// `contains` and the successful applicators around them), for `unevaluatedItems` beside them.
#[derive(Debug, Default)]
pub struct EvaluatedItems {
    /// Every item was evaluated (`items` or `unevaluatedItems` applied).
    all: bool,
    /// The items before this index were evaluated (`prefixItems`).
    prefix: usize,
    /// The items evaluated one by one (those `contains` matched), by index.
    marked: Vec<bool>,
}

impl EvaluatedItems {
    /// Marks every item as evaluated.
    pub fn all(&mut self) {
        self.all = true;
    }

    /// Marks the first `n` items as evaluated.
    pub fn prefix(&mut self, n: usize) {
        self.prefix = self.prefix.max(n);
    }

    /// Marks item `i` of the `len` items as evaluated.
    pub fn index(&mut self, i: usize, len: usize) {
        if self.marked.len() < len {
            self.marked.resize(len, false);
        }
        self.marked[i] = true;
    }

    /// Whether item `i` was evaluated.
    pub fn has(&self, i: usize) -> bool {
        self.all || i < self.prefix || self.marked.get(i).copied().unwrap_or(false)
    }

    /// Whether every item was evaluated.
    pub fn has_all(&self) -> bool {
        self.all
    }
}

/// `unevaluatedProperties: false`: no keyword beside it evaluated `key`.
pub fn unevaluated_property(key: &str, at: &Path<'_>, out: &mut Violations) {
    out.push(Violation::new(
        &at.key(key),
        "unevaluatedProperties",
        "no property that the other keywords leave unevaluated",
        "one",
    ));
}

/// `unevaluatedItems: false`: no keyword beside it evaluated item `i`.
pub fn unevaluated_item(i: usize, at: &Path<'_>, out: &mut Violations) {
    out.push(Violation::new(
        &at.index(i),
        "unevaluatedItems",
        "no item that the other keywords leave unevaluated",
        "one",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unique_violations(items: Value) -> Vec<String> {
        let mut out = Violations::default();
        unique_items(items.as_array().unwrap(), &Path::Root.key("tags"), &mut out);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn unique_items_names_the_first_repeat_and_the_item_it_repeats() {
        assert_eq!(
            unique_violations(
                json!(["a", "b", {"x": 1, "y": [1.0]}, "c", {"y": [1], "x": 1.0}, "a"])
            ),
            ["/tags/4: expected an item unlike the others, found a repeat of item 2 (uniqueItems)"]
        );
        assert_eq!(
            unique_violations(json!([1, 2, 3, 2, 1])),
            ["/tags/3: expected an item unlike the others, found a repeat of item 1 (uniqueItems)"]
        );
        assert!(unique_violations(json!([1, "1", [1], {"1": 1}, null, false, 0, true])).is_empty());
    }

    #[test]
    fn numbers_are_equal_by_value_exactly() {
        let big = 9_007_199_254_740_993_u64; // 2^53 + 1: not an f64
        for (a, b, same) in [
            (json!(1), json!(1.0), true),
            (json!(-0.0), json!(0), true),
            (json!(-0.0), json!(0.0), true),
            (json!(1e308), json!(1e308), true),
            (json!(1e308), json!(-1e308), false),
            (json!(big), json!(9_007_199_254_740_992.0), false),
            (json!(big - 1), json!(9_007_199_254_740_992.0), true),
            (json!(u64::MAX), json!(18_446_744_073_709_551_615.0), false),
            (json!(u64::MAX), json!(18_446_744_073_709_551_616.0), false),
            (json!(i64::MIN), json!(-9_223_372_036_854_775_808.0), true),
            (json!(0.1), json!(0.1), true),
            (json!(0.1), json!(0.30000000000000004), false),
            (json!(1e20), json!(100_000_000_000_000_000_000.0), true),
        ] {
            assert_eq!(equal(&a, &b), same, "{a} = {b}");
            assert_eq!(all_unique(&[a.clone(), b.clone()]), !same, "[{a}, {b}]");
        }
    }

    #[test]
    fn bounds_on_json_integers_are_exact_past_2_pow_53() {
        use crate::check::Limit;
        let mut out = Violations::default();
        let at = Path::Root.key("n");
        let n = serde_json::Number::from(9_007_199_254_740_994_u64);
        bound(
            &n,
            "maximum",
            Limit::Integer(9_007_199_254_740_993),
            &at,
            &mut out,
        );
        multiple_of(&n, Limit::Integer(4), &at, &mut out);
        assert!(within(
            &serde_json::Number::from(9_007_199_254_740_993_u64),
            "maximum",
            Limit::Integer(9_007_199_254_740_993)
        ));
        assert!(is_multiple_of(
            &serde_json::Number::from(9_007_199_254_740_994_u64),
            Limit::Integer(2)
        ));
        // Past i128, an integral float: 1e308 is a multiple of 0.5, though 2e308 is no `f64`.
        let huge = serde_json::Number::from_f64(1e308).unwrap();
        assert!(is_multiple_of(&huge, Limit::Float(0.5)));
        assert!(!within(&huge, "maximum", Limit::Integer(i128::MAX)));
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "/n: expected a number at most 9007199254740993, found 9007199254740994 (maximum)",
                "/n: expected a multiple of 4, found 9007199254740994 (multipleOf)",
            ]
        );
    }
}
