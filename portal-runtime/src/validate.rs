//! Validation results: where in the instance a rule failed, which keyword, what was expected and found.
//!
//! Generated types implement [`Validate`] (constraint checks on a typed value) and [`FromValue`]
//! (structural decoding of a `serde_json::Value` that reports every mismatch instead of stopping at
//! the first). [`FromJson`] joins them into one entry point from JSON text or a `Value` to either the
//! typed value or the complete list of violations.

use std::fmt;

/// A location inside the instance being checked, built on the stack while walking it.
///
/// Nothing is allocated until a violation is recorded and the location is turned into a JSON
/// Pointer with [`Path::to_pointer`].
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The instance itself (JSON Pointer `""`).
    Root,
    /// A property of an object.
    Key(&'a Path<'a>, &'a str),
    /// An item of an array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The location of property `key` of the object at `self`.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The location of item `index` of the array at `self`.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The RFC 6901 JSON Pointer of this location (`~` and `/` escaped).
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write_pointer(&mut out);
        out
    }

    fn write_pointer(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_pointer(out);
                out.push('/');
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Path::Index(parent, index) => {
                parent.write_pointer(out);
                out.push('/');
                out.push_str(&index.to_string());
            }
        }
    }
}

/// One broken rule: the JSON Pointer into the instance, the JSON Schema keyword, what the schema
/// expected and what the instance holds.
///
/// Displayed as `/admin_emails: expected at most 20 items, found 21 (maxItems)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer into the instance (`""` is the instance itself).
    pub pointer: String,
    /// The keyword whose rule failed (`required`, `maxItems`, `format`, ...); `json` for text that
    /// is not JSON at all.
    pub keyword: &'static str,
    /// What the schema expected, in words.
    pub expected: String,
    /// What was found instead, in words.
    pub found: String,
}

impl Violation {
    /// A violation at `at`.
    pub fn new(
        at: &Path<'_>,
        keyword: &'static str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Violation {
            pointer: at.to_pointer(),
            keyword,
            expected: expected.into(),
            found: found.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{at}: expected {}, found {} ({})",
            self.expected, self.found, self.keyword
        )
    }
}

/// Every violation found in one instance, in document order. Never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// Records a violation.
    pub fn push(&mut self, violation: Violation) {
        self.0.push(violation);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many violations were recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The violations, in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// `Ok(())` when nothing was recorded, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} violation{}", if n == 1 { "" } else { "s" })?;
        for v in &self.0 {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Constraint checks on an already typed value.
pub trait Validate {
    /// Records every violation of the value at `at` into `out`.
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations);

    /// Every violation of this value, or `Ok(())`.
    fn validate(&self) -> Result<(), Violations> {
        let mut out = Violations::default();
        self.validate_at(&Path::Root, &mut out);
        out.into_result()
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        (**self).validate_at(at, out)
    }
}

/// Decoding from a `serde_json::Value` that reports every structural mismatch (wrong type,
/// missing required property, `null` where none is allowed) with its pointer, and also runs the
/// constraint checks of what did decode, so one pass lists every problem of the instance.
pub trait FromValue: Sized {
    /// Decodes `value` found at `at`; `None` when anything inside it was recorded in `out`.
    fn from_value_at(
        value: &serde_json::Value,
        at: &Path<'_>,
        out: &mut Violations,
    ) -> Option<Self>;
}

/// The one entry point from JSON to a typed, validated value.
///
/// Implemented for every generated type. The fast path deserializes the text straight into the
/// type and validates it; only when that fails is the text decoded again as a `Value` to list
/// every problem, serde's included, each with its pointer.
pub trait FromJson: Sized + serde::de::DeserializeOwned + FromValue + Validate {
    /// Parses JSON text into a validated value, or returns every violation.
    ///
    /// A property repeated in one object is a violation (readers disagree on which occurrence
    /// wins; see [`StrictValue`](crate::StrictValue)), so this agrees with
    /// `serde_json::from_str::<Self>` followed by [`Validate::validate`].
    fn from_json(text: &str) -> Result<Self, Violations> {
        if let Ok(value) = serde_json::from_str::<Self>(text) {
            value.validate()?;
            return Ok(value);
        }
        match crate::de::parse_listing_repeats(text) {
            Ok((value, repeats)) if repeats.is_empty() => Self::from_json_value(&value),
            Ok((value, mut repeats)) => {
                if let Err(more) = Self::from_json_value(&value) {
                    repeats.0.extend(more);
                }
                Err(repeats)
            }
            Err(e) => Err(Violations(vec![Violation {
                pointer: String::new(),
                keyword: "json",
                expected: "valid JSON".to_owned(),
                found: format!("{e}"),
            }])),
        }
    }

    /// Converts a parsed JSON value into a validated value, or returns every violation.
    fn from_json_value(value: &serde_json::Value) -> Result<Self, Violations> {
        let mut out = Violations::default();
        match Self::from_value_at(value, &Path::Root, &mut out) {
            Some(v) if out.is_empty() => Ok(v),
            _ => Err(out),
        }
    }
}

impl<T: serde::de::DeserializeOwned + FromValue + Validate> FromJson for T {}

/// The JSON type name of a value, as violations report it.
pub fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn type_mismatch(at: &Path<'_>, expected: &str, value: &serde_json::Value, out: &mut Violations) {
    out.push(Violation::new(at, "type", expected, json_type(value)));
}

impl FromValue for String {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        match v {
            serde_json::Value::String(s) => Some(s.clone()),
            other => {
                type_mismatch(at, "string", other, out);
                None
            }
        }
    }
}

impl FromValue for bool {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        match v {
            serde_json::Value::Bool(b) => Some(*b),
            other => {
                type_mismatch(at, "boolean", other, out);
                None
            }
        }
    }
}

impl FromValue for f64 {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        match v.as_f64() {
            Some(n) => Some(n),
            None => {
                type_mismatch(at, "number", v, out);
                None
            }
        }
    }
}

/// An integral JSON number, as `i128` when it is one an `i128` holds (`1.0` included: JSON
/// Schema counts it as an integer); `Err` says what the value is otherwise.
fn integer_of(v: &serde_json::Value) -> Result<Option<i128>, String> {
    let serde_json::Value::Number(n) = v else {
        return Err(json_type(v).to_owned());
    };
    if let Some(i) = n.as_i64() {
        return Ok(Some(i.into()));
    }
    if let Some(u) = n.as_u64() {
        return Ok(Some(u.into()));
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < crate::check::I128_LIMIT => Ok(Some(f as i128)),
        Some(f) if f.fract() == 0.0 => Ok(None),
        _ => Err(format!("{n}")),
    }
}

/// Decodes an integer into the Rust type `T` of a field. A valid integer that `T` cannot hold
/// is named as such (the schema chose `T` from its bounds, so such a value breaks a bound too),
/// not as a value of another type.
fn integer_field<T: TryFrom<i128>>(
    v: &serde_json::Value,
    rust: &str,
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<T> {
    match integer_of(v) {
        Ok(Some(i)) => {
            if let Ok(n) = T::try_from(i) {
                return Some(n);
            }
            out.push(Violation::new(
                at,
                "type",
                format!("an integer that {rust} holds"),
                i.to_string(),
            ));
        }
        Ok(None) => out.push(Violation::new(
            at,
            "type",
            format!("an integer that {rust} holds"),
            format!("{v}"),
        )),
        Err(found) => out.push(Violation::new(at, "type", "integer", found)),
    }
    None
}

impl FromValue for i64 {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        integer_field(v, "i64", at, out)
    }
}

impl FromValue for u64 {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        integer_field(v, "u64", at, out)
    }
}

impl FromValue for i128 {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        integer_field(v, "i128", at, out)
    }
}

/// An integer unbounded on a side or bounded past `i128`, as a `serde_json::Number`: an integral
/// float within `i64` or `u64` (`7.0`) as that integer, as the text reading keeps it.
impl FromValue for serde_json::Number {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        match (integer_of(v), v) {
            (Ok(_), serde_json::Value::Number(n)) => match n.as_f64() {
                Some(f) if !n.is_i64() && !n.is_u64() => crate::de::integral_number(f),
                _ => Some(n.clone()),
            },
            (Err(found), _) => {
                out.push(Violation::new(at, "type", "integer", found));
                None
            }
            // `integer_of` is `Ok` for numbers only.
            (Ok(_), _) => None,
        }
    }
}

impl FromValue for serde_json::Value {
    fn from_value_at(v: &serde_json::Value, _: &Path<'_>, _: &mut Violations) -> Option<Self> {
        Some(v.clone())
    }
}

impl FromValue for serde_json::Map<String, serde_json::Value> {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        match v {
            serde_json::Value::Object(m) => Some(m.clone()),
            other => {
                type_mismatch(at, "object", other, out);
                None
            }
        }
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        let serde_json::Value::Array(items) = v else {
            type_mismatch(at, "array", v, out);
            return None;
        };
        let mut ok = true;
        let mut result = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match T::from_value_at(item, &at.index(i), out) {
                Some(x) if ok => result.push(x),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(result)
    }
}

impl<T: FromValue> FromValue for Box<T> {
    fn from_value_at(v: &serde_json::Value, at: &Path<'_>, out: &mut Violations) -> Option<Self> {
        T::from_value_at(v, at, out).map(Box::new)
    }
}

/// The object at `at`, or a `type` violation.
pub fn object<'v>(
    v: &'v serde_json::Value,
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<&'v serde_json::Map<String, serde_json::Value>> {
    match v {
        serde_json::Value::Object(m) => Some(m),
        other => {
            type_mismatch(at, "object", other, out);
            None
        }
    }
}

/// Decodes required property `key` of `map`; a `required` violation when it is absent.
///
/// The outer `Option` is `None` when anything was recorded.
pub fn required_property<T: FromValue>(
    map: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<T> {
    match map.get(key) {
        Some(v) => T::from_value_at(v, &at.key(key), out),
        None => {
            out.push(Violation::new(&at.key(key), "required", "a value", "none"));
            None
        }
    }
}

/// Decodes optional property `key` of `map`: `Some(None)` when absent, `None` when anything was
/// recorded.
pub fn optional_property<T: FromValue>(
    map: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<Option<T>> {
    match map.get(key) {
        Some(v) => T::from_value_at(v, &at.key(key), out).map(Some),
        None => Some(None),
    }
}

/// Decodes required array property `key` of `map` item by item, running `check` on each item
/// right after it decodes: an item that does not decode hides none of the others' problems, and
/// the array's violations come out in item order.
pub fn required_items<T: FromValue>(
    map: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    at: &Path<'_>,
    out: &mut Violations,
    check: impl Fn(&T, &Path<'_>, &mut Violations),
) -> Option<Vec<T>> {
    match map.get(key) {
        Some(v) => items(v, &at.key(key), out, check),
        None => {
            out.push(Violation::new(&at.key(key), "required", "a value", "none"));
            None
        }
    }
}

/// Like [`required_items`] for an optional property: `Some(None)` when absent, `None` when
/// anything was recorded.
pub fn optional_items<T: FromValue>(
    map: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    at: &Path<'_>,
    out: &mut Violations,
    check: impl Fn(&T, &Path<'_>, &mut Violations),
) -> Option<Option<Vec<T>>> {
    match map.get(key) {
        Some(v) => items(v, &at.key(key), out, check).map(Some),
        None => Some(None),
    }
}

fn items<T: FromValue>(
    v: &serde_json::Value,
    at: &Path<'_>,
    out: &mut Violations,
    check: impl Fn(&T, &Path<'_>, &mut Violations),
) -> Option<Vec<T>> {
    let serde_json::Value::Array(items) = v else {
        type_mismatch(at, "array", v, out);
        return None;
    };
    let before = out.len();
    let mut result = Vec::with_capacity(items.len());
    let mut decoded_all = true;
    for (i, item) in items.iter().enumerate() {
        let at = at.index(i);
        match T::from_value_at(item, &at, out) {
            Some(x) => {
                check(&x, &at, out);
                result.push(x);
            }
            None => decoded_all = false,
        }
    }
    (decoded_all && out.len() == before).then_some(result)
}

/// The string at `at`, or a `type` violation.
pub fn string<'v>(
    v: &'v serde_json::Value,
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<&'v str> {
    match v {
        serde_json::Value::String(s) => Some(s),
        other => {
            type_mismatch(at, "string", other, out);
            None
        }
    }
}

/// Records an `additionalProperties` violation for each property of `map` not in `declared`.
pub fn no_other_properties(
    map: &serde_json::Map<String, serde_json::Value>,
    declared: &[&str],
    at: &Path<'_>,
    out: &mut Violations,
) {
    for key in map.keys() {
        if !declared.contains(&key.as_str()) {
            out.push(Violation::new(
                &at.key(key),
                "additionalProperties",
                "no such property",
                "one",
            ));
        }
    }
}

/// A string that is not one of a string enum's values, refused by `FromStr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum's type name.
    pub type_name: &'static str,
    /// The string given.
    pub found: String,
    /// The accepted values, in schema order.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.expected.iter().map(|v| format!("{v:?}")).collect();
        write!(
            f,
            "unknown {} {:?}: expected one of {}",
            self.type_name,
            self.found,
            list.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! no_constraints {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
        }
    )*};
}

no_constraints!(String, bool, i64, serde_json::Value, serde_json::Map<String, serde_json::Value>);

/// JSON has no NaN or infinity: serde_json would send one as `null`.
impl Validate for f64 {
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        crate::check::finite(*self, at, out);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&at.index(i), out);
        }
    }
}

/// What an optional property decoded to, when it was present and decoded.
pub fn decoded<T>(slot: &Option<Option<T>>) -> Option<&T> {
    slot.as_ref().and_then(Option::as_ref)
}
