//! Serde helpers used by generated `Deserialize` impls.
//!
//! Generated impls are written out rather than derived, because derived ones are looser than the
//! schema: a derived struct also accepts a JSON array, a derived enum also accepts the
//! `{"variant": ...}` form, and `Option<T>` takes `null` as absent. The generated visitors accept
//! objects only (`deserialize_map`), strings only for string enums, and decode an optional
//! property's value as the inner type, so `null` is refused where the schema refuses it.
//!
//! **Duplicate properties are refused**, at any depth, on both ways in: serde
//! (`serde_json::from_str::<T>`) fails with `duplicate property "x"` (`duplicate field` for a
//! declared one), and [`FromJson::from_json`](crate::FromJson::from_json) lists each repeat as a
//! violation, `/x: expected a property that appears once, found a repeat (json)`. JSON leaves
//! repeated names to the reader (RFC 8259, section 4), and readers disagree: serde_json's `Value`
//! keeps the last, a derived struct refuses, other parsers keep the first. A request whose meaning
//! depends on the reader could pass validation as one value and be acted on as another, so the one
//! safe reading is none. Checked JSON values and maps (`serde_json::Map`, `Value`) are read through
//! [`StrictValue`] for that reason. [`FromJson::from_json_value`](crate::FromJson::from_json_value)
//! takes a `Value` that is already parsed, so its repeats are already gone: parse with
//! [`StrictValue`] to refuse them there too. An undeclared property of an open object (one that
//! allows additional properties) is skipped unread by serde, repeats included.

use crate::validate::{Path, Violation, Violations};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

/// Reads a JSON string, and nothing else (derived enums would also take `{"variant": ...}`).
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    struct StrVisitor;
    impl<'de> Visitor<'de> for StrVisitor {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v))
        }
    }
    deserializer.deserialize_str(StrVisitor)
}

/// A map key, borrowed from the input when it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string(deserializer).map(Key)
    }
}

/// The next key of a map being visited.
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Stores the next value of a map into `slot`, refusing a second occurrence of the same property.
pub fn next_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the next value of a map (a property the type does not declare).
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// Refuses a property the schema does not allow (`additionalProperties: false`).
pub fn unknown_property<E: de::Error>(key: &Key<'_>, expected: &'static [&'static str]) -> E {
    E::unknown_field(key.as_str(), expected)
}

/// The value of a required property, or serde's `missing field` error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// An integer as JSON Schema counts them: a JSON number with no fractional part, `7.0` included,
/// within `i64`.
pub struct Integer(pub i64);

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegerVisitor;
        impl Visitor<'_> for IntegerVisitor {
            type Value = Integer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Integer, E> {
                Ok(Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Integer, E> {
                i64::try_from(v)
                    .map(Integer)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Integer, E> {
                if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
                    Ok(Integer(v as i64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
        }
        deserializer.deserialize_i64(IntegerVisitor)
    }
}

/// A field type serde's own impls read too strictly for JSON Schema (`i64` refuses `7.0`), and
/// the representation it is read through instead.
pub trait Wire: Sized {
    /// What is deserialized.
    type Repr;
    /// The field's value from what was deserialized.
    fn from_repr(repr: Self::Repr) -> Self;
}

impl Wire for i64 {
    type Repr = Integer;
    fn from_repr(repr: Integer) -> i64 {
        repr.0
    }
}

impl<T: Wire> Wire for Vec<T> {
    type Repr = Vec<T::Repr>;
    fn from_repr(repr: Vec<T::Repr>) -> Vec<T> {
        repr.into_iter().map(T::from_repr).collect()
    }
}

/// A `u64` field's integer (a schema whose bounds reach past `i64` and stay at or above 0): a
/// JSON number with no fractional part within `u64`, `7.0` included.
pub struct Unsigned(pub u64);

impl<'de> Deserialize<'de> for Unsigned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UnsignedVisitor;
        impl Visitor<'_> for UnsignedVisitor {
            type Value = Unsigned;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer from 0 to 18446744073709551615")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Unsigned, E> {
                u64::try_from(v)
                    .map(Unsigned)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Unsigned, E> {
                Ok(Unsigned(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Unsigned, E> {
                // 2^64 is an `f64`; every integral float below it converts exactly.
                if v.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&v) {
                    Ok(Unsigned(v as u64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
        }
        deserializer.deserialize_u64(UnsignedVisitor)
    }
}

impl Wire for u64 {
    type Repr = Unsigned;
    fn from_repr(repr: Unsigned) -> u64 {
        repr.0
    }
}

/// An `i128` field's integer (a schema whose bounds reach past `i64` or `u64` and stay within
/// `i128`): read with serde_json's own 128-bit reading, so that from JSON text every digit
/// counts; from a `serde_json::Value`, whose numbers past `u64` are already `f64`, the
/// integral float is converted exactly.
pub struct Wide(pub i128);

impl<'de> Deserialize<'de> for Wide {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WideVisitor;
        impl Visitor<'_> for WideVisitor {
            type Value = Wide;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer within i128")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Wide, E> {
                Ok(Wide(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Wide, E> {
                Ok(Wide(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Wide, E> {
                Ok(Wide(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Wide, E> {
                i128::try_from(v).map(Wide).map_err(|_| {
                    E::invalid_value(de::Unexpected::Other("an integer past i128"), &self)
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Wide, E> {
                if v.fract() == 0.0 && v.abs() < crate::check::I128_LIMIT {
                    Ok(Wide(v as i128))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
        }
        deserializer.deserialize_i128(WideVisitor)
    }
}

impl Wire for i128 {
    type Repr = Wide;
    fn from_repr(repr: Wide) -> i128 {
        repr.0
    }
}

/// The integer of a field unbounded on a side or bounded past `i128`, as a `serde_json::Number`:
/// an `i64`, a `u64`, or past them the `f64` serde_json reads (an integer still, the nearest to
/// the digits). An integral float within `i64` or `u64` (`7.0`) is kept as that integer, so that
/// `as_i64` and `as_u64` answer for it as for `7`. A number with a fractional part is refused,
/// as `i64` refuses it.
pub struct BigInteger(pub serde_json::Number);

impl<'de> Deserialize<'de> for BigInteger {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BigVisitor;
        impl Visitor<'_> for BigVisitor {
            type Value = BigInteger;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<BigInteger, E> {
                Ok(BigInteger(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<BigInteger, E> {
                Ok(BigInteger(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<BigInteger, E> {
                integral_number(v)
                    .map(BigInteger)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }
        deserializer.deserialize_any(BigVisitor)
    }
}

/// An integral float as a `serde_json::Number`: within `i64` or `u64` as that integer, past them
/// as the float; `None` for a fractional or non-finite float.
pub(crate) fn integral_number(v: f64) -> Option<serde_json::Number> {
    // -2^63 and 2^64 are `f64`s; every integral float in between converts exactly.
    const I64_MIN: f64 = -9_223_372_036_854_775_808.0;
    const U64_END: f64 = 18_446_744_073_709_551_616.0;
    if v.fract() != 0.0 {
        None
    } else if (I64_MIN..0.0).contains(&v) {
        Some((v as i64).into())
    } else if (0.0..U64_END).contains(&v) {
        Some((v as u64).into())
    } else {
        serde_json::Number::from_f64(v)
    }
}

impl Wire for serde_json::Number {
    type Repr = BigInteger;
    fn from_repr(repr: BigInteger) -> serde_json::Number {
        repr.0
    }
}

/// Like [`next_value`], for a field read through its [`Wire`] representation.
pub fn next_wire_value<'de, A: MapAccess<'de>, T: Wire>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    T::Repr: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(T::from_repr(map.next_value::<T::Repr>()?));
    Ok(())
}

/// A JSON value read with every object's properties named once: a repeat anywhere inside is an
/// error (`duplicate property "x"`), where `serde_json::Value` would keep the last.
#[derive(Clone, Debug, PartialEq)]
pub struct StrictValue(pub serde_json::Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Reading::new(None)
            .deserialize(deserializer)
            .map(StrictValue)
    }
}

/// A JSON object read like [`StrictValue`].
#[derive(Clone, Debug, PartialEq)]
pub struct StrictMap(pub serde_json::Map<String, serde_json::Value>);

impl<'de> Deserialize<'de> for StrictMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match StrictValue::deserialize(deserializer)?.0 {
            serde_json::Value::Object(map) => Ok(StrictMap(map)),
            other => Err(de::Error::invalid_type(unexpected(&other), &"an object")),
        }
    }
}

fn unexpected(value: &serde_json::Value) -> de::Unexpected<'_> {
    match value {
        serde_json::Value::Null => de::Unexpected::Unit,
        serde_json::Value::Bool(b) => de::Unexpected::Bool(*b),
        serde_json::Value::Number(_) => de::Unexpected::Other("a number"),
        serde_json::Value::String(s) => de::Unexpected::Str(s),
        serde_json::Value::Array(_) => de::Unexpected::Seq,
        serde_json::Value::Object(_) => de::Unexpected::Map,
    }
}

/// Reads a checked JSON value through [`StrictValue`] (for `deserialize_with`).
pub fn strict_value<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Value, D::Error> {
    StrictValue::deserialize(deserializer).map(|v| v.0)
}

impl Wire for serde_json::Value {
    type Repr = StrictValue;
    fn from_repr(repr: StrictValue) -> serde_json::Value {
        repr.0
    }
}

impl Wire for serde_json::Map<String, serde_json::Value> {
    type Repr = StrictMap;
    fn from_repr(repr: StrictMap) -> Self {
        repr.0
    }
}

/// Reads a value once for a union to find its branch in: an object as its properties in the
/// order they came (`Ok`), each value read like [`StrictValue`] and a repeated property refused
/// as there; any other value whole (`Err`). The entries go to the chosen branch as they are, so
/// no map is built (and hashed) only to be taken apart again, and names without escapes stay
/// borrowed from the text.
pub(crate) fn strict_entries<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<ObjectOrValue<'de>, D::Error> {
    deserializer.deserialize_any(EntriesVisitor(Reading::new(None)))
}

/// An object's properties in order, or a value of another type.
pub(crate) type ObjectOrValue<'de> = Result<Entries<'de>, serde_json::Value>;

/// An object's properties in the order they came.
pub(crate) type Entries<'de> = Vec<(Cow<'de, str>, serde_json::Value)>;

/// How many properties are compared one by one for repeats; past this a set keeps the check
/// linear in the object's size (an object of many properties is an input like any other).
const SCANNED: usize = 8;

struct EntriesVisitor(Reading<'static>);

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = ObjectOrValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(Err)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Err)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Err)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Err)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(Err)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.visit_string(v).map(Err)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit().map(Err)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none().map(Err)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq).map(Err)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reading = self.0;
        let mut entries: Entries<'de> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        // The entries themselves are compared while they are few; past that a set is built.
        let mut seen: Option<std::collections::HashSet<Cow<'de, str>>> = None;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if reading.numbers_as_maps && entries.is_empty() && key == NUMBER_TOKEN {
                let digits: String = map.next_value()?;
                return digits
                    .parse::<serde_json::Number>()
                    .map(|n| Err(serde_json::Value::Number(n)))
                    .map_err(de::Error::custom);
            }
            let value = map.next_value_seed(reading)?;
            let repeat = match &mut seen {
                Some(set) => !set.insert(key.clone()),
                None => entries.iter().any(|(k, _)| *k == key),
            };
            if repeat {
                return Err(repeated(&key));
            }
            entries.push((key, value));
            if seen.is_none() && entries.len() == SCANNED {
                seen = Some(entries.iter().map(|(k, _)| k.clone()).collect());
            }
        }
        Ok(Ok(entries))
    }
}

/// The properties a union held, as a map its branch deserializes from.
pub(crate) struct Held<'de, E> {
    entries: std::vec::IntoIter<(Cow<'de, str>, serde_json::Value)>,
    /// The value of the property whose name was handed out last.
    pending: Option<serde_json::Value>,
    error: std::marker::PhantomData<E>,
}

impl<'de, E> Held<'de, E> {
    pub(crate) fn new(entries: Entries<'de>) -> Held<'de, E> {
        Held {
            entries: entries.into_iter(),
            pending: None,
            error: std::marker::PhantomData,
        }
    }
}

impl<'de, E: de::Error> MapAccess<'de> for Held<'de, E> {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some(value);
        str_into(seed, key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => Err(de::Error::custom("a value asked for before its property")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
/// The names an object has had so far, to refuse a repeat: compared one by one up to
/// [`SCANNED`], in a set past that, so the check stays linear in the object's size. Names read
/// from text without escapes are borrowed from it, so recording them allocates nothing.
pub(crate) struct Seen<'de> {
    first: [Option<Cow<'de, str>>; SCANNED],
    len: usize,
    set: Option<std::collections::HashSet<Cow<'de, str>>>,
}

impl<'de> Seen<'de> {
    pub(crate) fn new() -> Seen<'de> {
        Seen {
            first: [const { None }; SCANNED],
            len: 0,
            set: None,
        }
    }

    /// Records `key`; `false` when it was there already.
    // The `Cow` itself, not its `str`: a name borrowed from the text is kept borrowed.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn insert(&mut self, key: &Cow<'de, str>) -> bool {
        if let Some(set) = &mut self.set {
            return set.insert(key.clone());
        }
        if self.first[..self.len].iter().flatten().any(|k| k == key) {
            return false;
        }
        if self.len < SCANNED {
            self.first[self.len] = Some(key.clone());
            self.len += 1;
        } else {
            let mut set: std::collections::HashSet<Cow<'de, str>> =
                self.first.iter_mut().filter_map(Option::take).collect();
            set.insert(key.clone());
            self.set = Some(set);
        }
        true
    }
}

fn repeated<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate property {key:?}"))
}

/// What a tagged union tells [`tagged`] about its branches.
pub trait Branches<'de> {
    /// The union.
    type Value;
    /// The property whose string names the branch.
    const PROPERTY: &'static str;
    /// Each branch's tag, in branch order.
    const TAGS: &'static [&'static str];
    /// Deserializes the branch at `index` of [`TAGS`](Self::TAGS) from `map`.
    fn branch<A: MapAccess<'de>>(index: usize, map: A) -> Result<Self::Value, A::Error>;
    /// The union holding a value whose tag names no branch.
    fn other(value: serde_json::Value) -> Self::Value;
}

/// Deserializes a tagged union from the stream: the properties before the tag are held (as
/// [`StrictValue`] reads them), the tag picks the branch, and the branch reads those held
/// properties and then the rest of the object straight from the deserializer, so nothing after
/// the tag is buffered and a union nested in the branch reads its own text once. A value whose
/// tag names no branch (or which is no object, or has no tag) is read whole into
/// [`Branches::other`].
///
/// Repeats are refused as [`StrictValue`] refuses them: every property name of the union's
/// object is recorded and a second one is `duplicate property "x"`, and a property the branch
/// does not declare, which serde would skip unread, is read like a [`StrictValue`] instead. A
/// property the branch declares is read by its own type, as anywhere else.
pub fn tagged<'de, D: Deserializer<'de>, B: Branches<'de>>(
    deserializer: D,
) -> Result<B::Value, D::Error> {
    deserializer.deserialize_any(Tagged::<B>(Reading::new(None), std::marker::PhantomData))
}

struct Tagged<B>(Reading<'static>, std::marker::PhantomData<B>);

impl<'de, B: Branches<'de>> Visitor<'de> for Tagged<B> {
    type Value = B::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(B::other)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(B::other)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(B::other)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(B::other)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(B::other)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.visit_string(v).map(B::other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit().map(B::other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none().map(B::other)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq).map(B::other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reading = self.0;
        let mut before: Entries<'de> = Vec::new();
        let mut seen = Seen::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if reading.numbers_as_maps && before.is_empty() && key == NUMBER_TOKEN {
                let digits: String = map.next_value()?;
                return digits
                    .parse::<serde_json::Number>()
                    .map(|n| B::other(serde_json::Value::Number(n)))
                    .map_err(de::Error::custom);
            }
            if key == B::PROPERTY {
                // The first time the tag is seen: it cannot be a repeat.
                seen.insert(&key);
                let tag = map.next_value_seed(TagValue(reading))?;
                if let Ok(name) = &tag
                    && let Some(index) = B::TAGS.iter().position(|t| t == name)
                {
                    let tag = tag.ok().map(|name| (key, name));
                    let replay = Replay {
                        held: Held::new(before),
                        tag,
                        tag_pending: None,
                        map,
                        seen,
                    };
                    return B::branch(index, replay);
                }
                let value = match tag {
                    Ok(name) => serde_json::Value::String(name.into_owned()),
                    Err(value) => value,
                };
                before.push((key, value));
                break;
            }
            let value = map.next_value_seed(reading)?;
            if !seen.insert(&key) {
                return Err(repeated(&key));
            }
            before.push((key, value));
        }
        // No branch has this tag, or there is none: the rest is read as `StrictValue` reads it.
        let mut object: serde_json::Map<String, serde_json::Value> = before
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v))
            .collect();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let value = map.next_value_seed(reading)?;
            if !seen.insert(&key) {
                return Err(repeated(&key));
            }
            object.insert(key.into_owned(), value);
        }
        Ok(B::other(serde_json::Value::Object(object)))
    }
}

/// The map a tagged union's branch reads: the properties held before the tag, the tag, then
/// the rest of the object as it streams in, each name checked against those before it.
struct Replay<'de, A: MapAccess<'de>> {
    held: Held<'de, A::Error>,
    /// The tag's property and value, until the branch reads them.
    tag: Option<(Cow<'de, str>, Cow<'de, str>)>,
    /// The tag's value once its property was handed out.
    tag_pending: Option<Cow<'de, str>>,
    map: A,
    seen: Seen<'de>,
}

/// Reads the tag's value: a string as it is (borrowed from the text when it has no escapes),
/// anything else as [`StrictValue`] reads it.
struct TagValue(Reading<'static>);

impl<'de> DeserializeSeed<'de> for TagValue {
    type Value = Result<Cow<'de, str>, serde_json::Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagValue {
    type Value = Result<Cow<'de, str>, serde_json::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Owned(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(Err)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Err)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Err)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Err)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit().map(Err)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none().map(Err)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq).map(Err)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map).map(Err)
    }
}

fn str_into<'de, K: DeserializeSeed<'de>, E: de::Error>(
    seed: K,
    key: Cow<'de, str>,
) -> Result<K::Value, E> {
    match key {
        Cow::Borrowed(k) => seed.deserialize(de::value::BorrowedStrDeserializer::new(k)),
        Cow::Owned(k) => seed.deserialize(de::value::StringDeserializer::new(k)),
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if !self.held.entries.as_slice().is_empty() {
            return self.held.next_key_seed(seed);
        }
        if let Some((key, value)) = self.tag.take() {
            self.tag_pending = Some(value);
            return str_into(seed, key).map(Some);
        }
        let Some(Key(key)) = self.map.next_key::<Key<'de>>()? else {
            return Ok(None);
        };
        if !self.seen.insert(&key) {
            return Err(repeated(&key));
        }
        str_into(seed, key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if self.held.pending.is_some() {
            return self.held.next_value_seed(seed);
        }
        if let Some(value) = self.tag_pending.take() {
            return str_into(seed, value);
        }
        self.map.next_value_seed(StrictlySkipped(seed))
    }
}

/// A property's value as the branch reads it, except that a value it would skip unread is read
/// strictly, so a repeat inside it is refused as when the whole object was held.
struct StrictlySkipped<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictlySkipped<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(SkipStrictly(deserializer))
    }
}

/// A deserializer passing every request on, but reading a skipped value (`IgnoredAny`) whole.
struct SkipStrictly<D>(D);

macro_rules! pass_on {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SkipStrictly<D> {
    type Error = D::Error;

    pass_on! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        Reading::new(None).deserialize(self.0)?;
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Parses JSON text into a value, listing each repeated property as a violation at its pointer
/// (the value keeps the first occurrence); `Err` is serde_json's error for text that is not JSON.
pub fn parse_listing_repeats(
    text: &str,
) -> Result<(serde_json::Value, Violations), serde_json::Error> {
    let listing = Listing::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Reading::new(Some(&listing)).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok((value, listing.repeats.into_inner()))
}

/// Where a listing reading is (one step per level, pushed and popped as it goes, so the cost
/// stays linear in the text) and the repeats it found.
#[derive(Default)]
struct Listing {
    at: RefCell<Vec<String>>,
    repeats: RefCell<Violations>,
}

/// One value being read. With a listing, a repeated property is recorded there and the reading
/// goes on; without, it is an error.
#[derive(Clone, Copy)]
struct Reading<'r> {
    listing: Option<&'r Listing>,
    /// Whether serde_json hands numbers over as a one-entry map (see [`NUMBER_TOKEN`]).
    numbers_as_maps: bool,
}

/// The key under which serde_json, built with its `arbitrary_precision` feature, hands a number
/// to `deserialize_any` visitors: a map of one entry, the number's digits as a string. The
/// feature is one any crate of a build can turn on for all of it, so this reader must not take
/// such a map for an object: a number would then be checked as an object (and pass a schema it
/// breaks). Without the feature no number comes as a map, and an object with this key is an
/// object, as serde_json's own `Value` reads it.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Whether this build's serde_json keeps numbers as text (`arbitrary_precision`): then an
/// integer past `u64` reads back with every digit, where an `f64` keeps 17.
fn numbers_kept_as_text() -> bool {
    const DIGITS: &str = "12345678901234567890123";
    static KEPT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *KEPT.get_or_init(|| {
        DIGITS
            .parse::<serde_json::Number>()
            .is_ok_and(|n| n.to_string() == DIGITS)
    })
}

impl<'r> Reading<'r> {
    fn new(listing: Option<&'r Listing>) -> Reading<'r> {
        Reading {
            listing,
            numbers_as_maps: numbers_kept_as_text(),
        }
    }
}

impl Reading<'_> {
    /// Reads one part of the value, `step` naming it when repeats are listed.
    fn part<T>(self, step: impl FnOnce() -> String, read: impl FnOnce(Self) -> T) -> T {
        if let Some(listing) = self.listing {
            listing.at.borrow_mut().push(step());
        }
        let result = read(self);
        if let Some(listing) = self.listing {
            listing.at.borrow_mut().pop();
        }
        result
    }

    fn record(self, key: &str) {
        fn nested(steps: &[String], at: &Path<'_>, key: &str) -> Violation {
            match steps.split_first() {
                Some((step, rest)) => nested(rest, &at.key(step), key),
                None => Violation::new(
                    &at.key(key),
                    "json",
                    "a property that appears once",
                    "a repeat",
                ),
            }
        }
        if let Some(listing) = self.listing {
            let violation = nested(&listing.at.borrow(), &Path::Root, key);
            listing.repeats.borrow_mut().push(violation);
        }
    }
}

impl<'de> DeserializeSeed<'de> for Reading<'_> {
    type Value = serde_json::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reading<'_> {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(serde_json::Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(serde_json::Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) =
            self.part(|| items.len().to_string(), |r| seq.next_element_seed(r))?
        {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if self.numbers_as_maps && object.is_empty() && key == NUMBER_TOKEN {
                let digits: String = map.next_value()?;
                return digits
                    .parse::<serde_json::Number>()
                    .map(serde_json::Value::Number)
                    .map_err(de::Error::custom);
            }
            let value = self.part(|| key.clone(), |r| map.next_value_seed(r))?;
            if object.contains_key(&key) {
                if self.listing.is_none() {
                    return Err(de::Error::custom(format_args!(
                        "duplicate property {key:?}"
                    )));
                }
                self.record(&key);
            } else {
                object.insert(key, value);
            }
        }
        Ok(serde_json::Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error, MapDeserializer};

    /// How serde_json with `arbitrary_precision` hands over the number `123`.
    fn number_as_map()
    -> MapDeserializer<'static, std::vec::IntoIter<(&'static str, &'static str)>, Error> {
        MapDeserializer::new(vec![(NUMBER_TOKEN, "123")].into_iter())
    }

    /// A branch that, like a struct open to other properties, skips what it does not declare.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Dog {
        name: String,
        good: Option<bool>,
    }

    #[derive(Debug, PartialEq)]
    enum Pet {
        Dog(Dog),
        Other(serde_json::Value),
    }

    struct PetBranches;

    impl<'de> Branches<'de> for PetBranches {
        type Value = Pet;
        const PROPERTY: &'static str = "kind";
        const TAGS: &'static [&'static str] = &["dog"];
        fn branch<A: MapAccess<'de>>(index: usize, map: A) -> Result<Pet, A::Error> {
            assert_eq!(index, 0);
            Dog::deserialize(de::value::MapAccessDeserializer::new(map)).map(Pet::Dog)
        }
        fn other(value: serde_json::Value) -> Pet {
            Pet::Other(value)
        }
    }

    fn pet(text: &str) -> Result<Pet, String> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        tagged::<_, PetBranches>(&mut deserializer).map_err(|e| e.to_string())
    }

    fn dog(name: &str, good: Option<bool>) -> Result<Pet, String> {
        Ok(Pet::Dog(Dog {
            name: name.to_owned(),
            good,
        }))
    }

    #[test]
    fn a_tagged_branch_reads_the_rest_of_the_object_from_the_stream() {
        assert_eq!(pet(r#"{"kind":"dog","name":"Rex"}"#), dog("Rex", None));
        // A tag or a name written with escapes reads the same.
        assert_eq!(
            pet(r#"{"kind":"d\u006fg","n\u0061me":"Rex"}"#),
            dog("Rex", None)
        );
        assert_eq!(
            pet(r#"{"k\u0069nd":"dog","name":"Rex","good":false}"#),
            dog("Rex", Some(false))
        );
        // The branch's own error points into the text after the tag: it was read from there.
        assert_eq!(
            pet(r#"{"kind":"dog","name":5,"good":true}"#),
            Err("invalid type: integer `5`, expected a string at line 1 column 22".to_owned())
        );
        // Properties before the tag are held, and the branch reads them first.
        assert_eq!(
            pet(r#"{"good":true,"name":"Rex","kind":"dog","toy":[1,{"a":null}]}"#),
            dog("Rex", Some(true))
        );
        // A held value's error is placed where the tag chose the branch.
        assert_eq!(
            pet(r#"{"good":1,"kind":"dog","name":"Rex"}"#),
            Err("invalid type: integer `1`, expected a boolean at line 1 column 22".to_owned())
        );
    }

    #[test]
    fn a_tagged_union_refuses_repeats_before_and_after_its_tag() {
        let refused = |text: &str, key: &str| {
            let error = pet(text).unwrap_err();
            assert!(
                error.starts_with(&format!("duplicate property {key:?} at line 1 column ")),
                "{text}: {error}"
            );
        };
        refused(r#"{"kind":"dog","name":"Rex","name":"Max"}"#, "name");
        refused(r#"{"name":"Rex","kind":"dog","name":"Max"}"#, "name");
        refused(r#"{"name":"Rex","name":"Max","kind":"dog"}"#, "name");
        refused(r#"{"kind":"dog","kind":"dog","name":"Rex"}"#, "kind");
        // A property the branch does not declare is read, not skipped, so a repeat in it counts.
        refused(r#"{"kind":"dog","name":"Rex","toy":1,"toy":2}"#, "toy");
        refused(
            r#"{"kind":"dog","name":"Rex","toy":{"a":1,"b":[{"a":1,"a":2}]}}"#,
            "a",
        );
        refused(r#"{"toy":{"a":1,"a":2},"kind":"dog","name":"Rex"}"#, "a");
        refused(r#"{"kind":"bird","wings":2,"wings":2}"#, "wings");
        // Past the names compared one by one, a set finds the repeat.
        let keys: Vec<String> = (0..20).map(|i| format!("\"k{i}\":{i}")).collect();
        let keys = keys.join(",");
        refused(
            &format!(r#"{{{keys},"kind":"dog","name":"Rex","k0":0}}"#),
            "k0",
        );
        refused(
            &format!(r#"{{"kind":"dog","name":"Rex",{keys},"k3":0}}"#),
            "k3",
        );
        refused(&format!(r#"{{{keys},"k19":0,"kind":"dog"}}"#), "k19");
        assert_eq!(
            pet(&format!(r#"{{{keys},"kind":"dog","name":"Rex"}}"#)),
            dog("Rex", None)
        );
    }

    #[test]
    fn names_are_compared_one_by_one_then_in_a_set() {
        let mut seen = Seen::new();
        let names: Vec<Cow<'_, str>> = (0..3 * SCANNED)
            .map(|i| Cow::Owned(format!("k{i}")))
            .collect();
        for (i, name) in names.iter().enumerate() {
            assert!(seen.insert(name), "{name}");
            assert_eq!(seen.set.is_some(), i >= SCANNED);
            for earlier in &names[..=i] {
                assert!(!seen.insert(earlier), "{earlier} after {name}");
            }
        }
    }

    #[test]
    fn a_value_naming_no_branch_is_kept_whole_in_order() {
        let other = |text: &str| match pet(text) {
            Ok(Pet::Other(value)) => serde_json::to_string(&value).unwrap(),
            found => panic!("{text}: {found:?}"),
        };
        for text in [
            r#"{"name":"Rex","kind":"bird","wings":{"left":1,"right":[2]}}"#,
            r#"{"kind":"bird"}"#,
            r#"{"name":"Rex","good":true}"#,
            r#"{"kind":5,"name":"Rex"}"#,
            r#"{}"#,
            r#"[{"kind":"dog","name":"Rex"}]"#,
            r#""dog""#,
            "null",
            "2.5",
            "true",
        ] {
            assert_eq!(other(text), text);
        }
    }

    #[test]
    fn a_held_object_gives_its_properties_back_in_order() {
        let text = r#"{"name":"R\u0065x","good":false,"toy":{"a":[1]}}"#;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let Ok(entries) = strict_entries(&mut deserializer).unwrap() else {
            panic!("an object")
        };
        // A name without escapes is borrowed from the text.
        assert!(matches!(entries[1].0, Cow::Borrowed("good")));
        let held: Dog = Dog::deserialize(de::value::MapAccessDeserializer::new(
            Held::<Error>::new(entries),
        ))
        .unwrap();
        assert_eq!(
            held,
            Dog {
                name: "Rex".to_owned(),
                good: Some(false)
            }
        );
        let mut held = Held::<Error>::new(Vec::new());
        assert_eq!(
            held.next_value::<String>().unwrap_err().to_string(),
            "a value asked for before its property"
        );
    }

    #[test]
    fn a_number_handed_over_as_a_map_is_a_number() {
        let reading = Reading {
            listing: None,
            numbers_as_maps: true,
        };
        assert_eq!(
            reading.deserialize(number_as_map()).unwrap(),
            serde_json::json!(123)
        );
    }

    #[test]
    fn without_arbitrary_precision_the_token_key_is_an_ordinary_property() {
        assert!(!numbers_kept_as_text());
        assert_eq!(
            Reading::new(None).deserialize(number_as_map()).unwrap(),
            serde_json::json!({ NUMBER_TOKEN: "123" })
        );
        let parsed: StrictValue =
            serde_json::from_str(r#"{"$serde_json::private::Number": "5"}"#).unwrap();
        assert_eq!(parsed.0, serde_json::json!({ NUMBER_TOKEN: "5" }));
    }
}
