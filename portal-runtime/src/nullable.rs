//! [`Nullable`]: a value the schema also allows to be `null` (`"type": ["string", "null"]`).

use crate::validate::{FromValue, Path, Validate, Violations};
use serde::de::{Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// A value that may be JSON `null`.
///
/// An optional property the schema also allows to be `null` is an `Option<Nullable<T>>`: absent
/// (`None`), `null` (`Some(Nullable::Null)`) and a value stay three different requests, as they are
/// on the wire, where a plain `Option<T>` would merge the first two.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// JSON `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if not `null`.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// The value, if not `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NullableVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for NullableVisitor<T> {
            type Value = Nullable<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Nullable<T>, E> {
                Ok(Nullable::Null)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Nullable<T>, E> {
                Ok(Nullable::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Nullable<T>, D::Error> {
                T::deserialize(d).map(Nullable::Value)
            }
        }
        deserializer.deserialize_option(NullableVisitor(PhantomData))
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        if let Nullable::Value(v) = self {
            v.validate_at(at, out);
        }
    }
}

impl<T: FromValue> FromValue for Nullable<T> {
    fn from_value_at(
        value: &serde_json::Value,
        at: &Path<'_>,
        out: &mut Violations,
    ) -> Option<Self> {
        match value {
            serde_json::Value::Null => Some(Nullable::Null),
            other => {
                let before = out.len();
                let decoded = T::from_value_at(other, at, out);
                // `null` was an option too: say so where the type was wrong.
                let here = at.to_pointer();
                for v in &mut out.0[before..] {
                    if v.keyword == "type" && v.pointer == here {
                        v.expected.push_str(" or null");
                    }
                }
                decoded.map(Nullable::Value)
            }
        }
    }
}

impl<T: crate::de::Wire> crate::de::Wire for Nullable<T> {
    type Repr = Nullable<T::Repr>;
    fn from_repr(repr: Nullable<T::Repr>) -> Self {
        match repr {
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(T::from_repr(v)),
        }
    }
}
