//! Serde helpers used by generated `Deserialize` impls.
//!
//! Generated impls are written out rather than derived, because derived ones are looser than the
//! schema: a derived struct also accepts a JSON array, a derived enum also accepts the
//! `{"variant": ...}` form, and `Option<T>` takes `null` as absent. The generated visitors accept
//! objects only (`deserialize_map`), strings only for string enums, and decode an optional
//! property's value as the inner type, so `null` is refused where the schema refuses it.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
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
