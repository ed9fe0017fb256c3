//! `__impl_struct!`: the `Deserialize`, `Validate` and `FromValue` impls of a generated struct,
//! from one line per member.
//!
//! The generator decides everything (each member's JSON name, whether it is required, how it is
//! read, its item counts and which of its checks run where) and writes it as the macro's input;
//! the macro only spells out the three impls, the same for every struct. So the generated code
//! a reviewer reads is a table of the struct's members, and what it compiles to is what the
//! generator used to write out in full.
//!
//! The input, after the struct's name:
//!
//! - `closed` (an unknown property is refused) or `open` (it is skipped);
//! - `()` or `(f)`: `f(value, at, out)` checks the object-level keywords, on the struct's JSON
//!   when validating and on the instance when decoding;
//! - then per member, in schema order: `field: Type = "json" required|optional
//!   next_value|next_wire_value [counts] kind;`, where the counts are `min_items N` and `max_items N` (checked on the
//!   JSON array before its items decode) and the kind says which check function runs where:
//!   - `_`: none;
//!   - `(shallow f)`: `f(value, at, out)` when validating and right after the member decodes;
//!   - `(deep f)`: `f(value, at, out, true)` when validating only (what it checks is inside
//!     nested generated types, which check themselves as they decode);
//!   - `(both f)`: `f(value, at, out, true)` when validating, `f(value, at, out, false)` after
//!     the member decodes;
//!   - `(items f [ItemType] |value, at, out| ...)`: `f(value, at, out)` when validating; when
//!     decoding, each item is checked by the closure as it decodes, so that one item of the wrong
//!     type hides none of the others' problems.
//!
//! Every local the expansion declares is the macro's own (`macro_rules!` hygiene), and the
//! members' slots are named by their fields, so a property called `map`, `key` or `value` takes
//! nothing from the code around it.

/// The `Deserialize`, `Validate` and `FromValue` impls of a generated struct: see the module's
/// documentation for the input.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_struct {
    (
        $name:ident, $other:ident, $residual:tt;
        $($field:ident: $ty:ty = $json:literal $req:ident $read:ident [$($count:ident $n:literal)*] $kind:tt;)*
    ) => {
        #[automatically_derived]
        // `__`-prefixed names: a schema type may be called `Visitor`, `A` or `D`, and generated
        // type names never start with an underscore.
        impl<'de> $crate::__private_v1::serde::Deserialize<'de> for $name {
            fn deserialize<__D>(deserializer: __D) -> $crate::__private_v1::Result<Self, __D::Error>
            where
                __D: $crate::__private_v1::serde::Deserializer<'de>,
            {
                struct __Visitor;
                impl<'de> $crate::__private_v1::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        f: &mut $crate::__private_v1::fmt::Formatter<'_>,
                    ) -> $crate::__private_v1::fmt::Result {
                        f.write_str(::core::concat!("an object (", ::core::stringify!($name), ")"))
                    }
                    fn visit_map<__A>(self, mut map: __A) -> $crate::__private_v1::Result<$name, __A::Error>
                    where
                        __A: $crate::__private_v1::serde::de::MapAccess<'de>,
                    {
                        $(let mut $field = $crate::__private_v1::None;)*
                        while let $crate::__private_v1::Some(key) = $crate::__private_v1::de::next_key(&mut map)? {
                            $crate::__impl_struct!(@key map key $other [$($json)*] $($field $json $read)*);
                        }
                        $crate::__private_v1::Ok($name {
                            $($field: $crate::__impl_struct!(@init $req $field $json),)*
                        })
                    }
                }
                $crate::__private_v1::serde::Deserializer::deserialize_map(deserializer, __Visitor)
            }
        }

        #[automatically_derived]
        impl $crate::__private_v1::Validate for $name {
            fn validate_at(
                &self,
                at: &$crate::__private_v1::Path<'_>,
                out: &mut $crate::__private_v1::Violations,
            ) {
                let _ = (&at, &out);
                $($crate::__impl_struct!(@validate self at out $field $json $req [$($count $n)*] $kind);)*
                $crate::__impl_struct!(@validate_residual self at out $residual);
            }
        }

        #[automatically_derived]
        impl $crate::__private_v1::FromValue for $name {
            fn from_value_at(
                value: &$crate::__private_v1::serde_json::Value,
                at: &$crate::__private_v1::Path<'_>,
                out: &mut $crate::__private_v1::Violations,
            ) -> $crate::__private_v1::Option<Self> {
                let map = $crate::__private_v1::validate::object(value, at, out)?;
                let _ = &map;
                $crate::__impl_struct!(@closed map at out $other [$($json)*]);
                $(let $field = $crate::__impl_struct!(@decode map at out $json $req [$($count $n)*] $kind $ty);)*
                $crate::__impl_struct!(@decode_residual value at out $residual);
                $crate::__private_v1::Some($name { $($field: $field?,)* })
            }
        }
    };

    // One key of the object being deserialized. With no declared property every key is another
    // one (a `match` of one arm would be clippy's `match_single_binding`).
    (@key $map:ident $key:ident open []) => {{
        let _ = $key;
        $crate::__private_v1::de::skip_value(&mut $map)?;
    }};
    (@key $map:ident $key:ident closed []) => {
        return $crate::__private_v1::Err($crate::__private_v1::de::unknown_property(&$key, &[]))
    };
    (@key $map:ident $key:ident $other:ident [$($declared:literal)*] $($field:ident $json:literal $read:ident)*) => {
        match $key.as_str() {
            $($json => $crate::__private_v1::de::$read(&mut $map, &mut $field, $json)?,)*
            _ => $crate::__impl_struct!(@other $map $key $other [$($declared)*]),
        }
    };
    (@other $map:ident $key:ident open [$($declared:literal)*]) => {
        $crate::__private_v1::de::skip_value(&mut $map)?
    };
    (@other $map:ident $key:ident closed [$($declared:literal)*]) => {
        return $crate::__private_v1::Err($crate::__private_v1::de::unknown_property(
            &$key,
            &[$($declared),*],
        ))
    };
    (@init required $slot:ident $json:literal) => {
        $crate::__private_v1::de::required($slot, $json)?
    };
    (@init optional $slot:ident $json:literal) => {
        $slot
    };

    // A member when validating.
    (@validate $self:ident $at:ident $out:ident $field:ident $json:literal $req:ident [] _) => {};
    (@validate $self:ident $at:ident $out:ident $field:ident $json:literal required [$($count:ident $n:literal)*] $kind:tt) => {{
        let value = &$self.$field;
        let at = $at.key($json);
        $($crate::__private_v1::check::$count(value, $n, &at, $out);)*
        $crate::__impl_struct!(@validate_call value at $out $kind);
    }};
    (@validate $self:ident $at:ident $out:ident $field:ident $json:literal optional [$($count:ident $n:literal)*] $kind:tt) => {
        if let $crate::__private_v1::Some(value) = &$self.$field {
            let at = $at.key($json);
            $($crate::__private_v1::check::$count(value, $n, &at, $out);)*
            $crate::__impl_struct!(@validate_call value at $out $kind);
        }
    };
    (@validate_call $value:ident $at:ident $out:ident _) => {};
    (@validate_call $value:ident $at:ident $out:ident (shallow $check:ident)) => {
        $check($value, &$at, $out)
    };
    (@validate_call $value:ident $at:ident $out:ident (items $check:ident $($rest:tt)*)) => {
        $check($value, &$at, $out)
    };
    (@validate_call $value:ident $at:ident $out:ident ($deep:ident $check:ident)) => {
        $check($value, &$at, $out, true)
    };
    (@validate_residual $self:ident $at:ident $out:ident ()) => {};
    (@validate_residual $self:ident $at:ident $out:ident ($residual:ident)) => {
        if let $crate::__private_v1::Ok(value) = $crate::__private_v1::serde_json::to_value($self) {
            $residual(&value, $at, $out);
        }
    };

    // A member when decoding: its slot, `None` when it did not decode.
    (@closed $map:ident $at:ident $out:ident open [$($declared:literal)*]) => {};
    (@closed $map:ident $at:ident $out:ident closed [$($declared:literal)*]) => {
        $crate::__private_v1::validate::no_other_properties($map, &[$($declared),*], $at, $out);
    };
    (@decode $map:ident $at:ident $out:ident $json:literal $req:ident [$($count:ident $n:literal)*] (items $check:ident [$item:ty] $each:expr) $ty:ty) => {{
        $crate::__impl_struct!(@counts $map $at $out $json [$($count $n)*]);
        $crate::__impl_struct!(@items $req $item, $map, $json, $at, $out, $each)
    }};
    (@decode $map:ident $at:ident $out:ident $json:literal $req:ident [$($count:ident $n:literal)*] $kind:tt $ty:ty) => {{
        $crate::__impl_struct!(@counts $map $at $out $json [$($count $n)*]);
        let slot = $crate::__impl_struct!(@property $req $ty, $map, $json, $at, $out);
        $crate::__impl_struct!(@decode_call slot $req $at $out $json $kind);
        slot
    }};
    (@counts $map:ident $at:ident $out:ident $json:literal []) => {};
    (@counts $map:ident $at:ident $out:ident $json:literal [$($count:ident $n:literal)+]) => {
        if let $crate::__private_v1::Some($crate::__private_v1::serde_json::Value::Array(items)) =
            $map.get($json)
        {
            let at = $at.key($json);
            $($crate::__private_v1::check::$count(items, $n, &at, $out);)+
        }
    };
    (@property required $ty:ty, $($args:expr),*) => {
        $crate::__private_v1::validate::required_property::<$ty>($($args),*)
    };
    (@property optional $ty:ty, $($args:expr),*) => {
        $crate::__private_v1::validate::optional_property::<$ty>($($args),*)
    };
    (@items required $item:ty, $($args:expr),*) => {
        $crate::__private_v1::validate::required_items::<$item>($($args),*)
    };
    (@items optional $item:ty, $($args:expr),*) => {
        $crate::__private_v1::validate::optional_items::<$item>($($args),*)
    };
    (@decode_call $slot:ident $req:ident $at:ident $out:ident $json:literal _) => {};
    (@decode_call $slot:ident $req:ident $at:ident $out:ident $json:literal (deep $check:ident)) => {};
    (@decode_call $slot:ident $req:ident $at:ident $out:ident $json:literal (shallow $check:ident)) => {
        if let $crate::__private_v1::Some(value) = $crate::__impl_struct!(@decoded $req $slot) {
            $check(value, &$at.key($json), $out);
        }
    };
    (@decode_call $slot:ident $req:ident $at:ident $out:ident $json:literal (both $check:ident)) => {
        if let $crate::__private_v1::Some(value) = $crate::__impl_struct!(@decoded $req $slot) {
            $check(value, &$at.key($json), $out, false);
        }
    };
    (@decoded required $slot:ident) => {
        $slot.as_ref()
    };
    (@decoded optional $slot:ident) => {
        $crate::__private_v1::validate::decoded(&$slot)
    };
    (@decode_residual $value:ident $at:ident $out:ident ()) => {};
    (@decode_residual $value:ident $at:ident $out:ident ($residual:ident)) => {
        $residual($value, $at, $out);
    };
}

/// The impls of a generated string enum (a variant per listed value and `Other(String)`, with
/// `VALUES`, `as_str` and `from_json_str`): `Display`, `FromStr` (refusing a value not listed),
/// `Serialize` and `Deserialize` as the JSON string, `Validate` (refusing `Other`) and
/// `FromValue`. `$name, constant $Variant "value"` for a literal, which is also `Default` (its
/// one value) and converts from text as the `String` it stands for did.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_str_enum {
    ($name:ident, constant $variant:ident $value:literal) => {
        #[automatically_derived]
        impl $crate::__private_v1::Default for $name {
            fn default() -> Self {
                Self::$variant
            }
        }
        #[automatically_derived]
        impl $crate::__private_v1::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_json_str(value)
            }
        }
        #[automatically_derived]
        impl $crate::__private_v1::From<$crate::__private_v1::String> for $name {
            fn from(value: $crate::__private_v1::String) -> Self {
                Self::from_json_str(&value)
            }
        }
        $crate::__impl_str_enum!(@impls $name, |value, at, out| {
            $crate::__private_v1::check::const_str(value, $value, at, out)
        });
    };
    ($name:ident) => {
        $crate::__impl_str_enum!(@impls $name, |value, at, out| {
            $crate::__private_v1::check::enum_str(value, Self::VALUES, at, out)
        });
    };
    (@impls $name:ident, |$value:ident, $at:ident, $out:ident| $check:block) => {
        #[automatically_derived]
        impl $crate::__private_v1::fmt::Display for $name {
            fn fmt(&self, f: &mut $crate::__private_v1::fmt::Formatter<'_>) -> $crate::__private_v1::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #[automatically_derived]
        impl $crate::__private_v1::FromStr for $name {
            type Err = $crate::__private_v1::UnknownValue;
            fn from_str(value: &str) -> $crate::__private_v1::Result<Self, Self::Err> {
                match Self::from_json_str(value) {
                    Self::Other(found) => $crate::__private_v1::Err($crate::__private_v1::UnknownValue {
                        type_name: ::core::stringify!($name),
                        found,
                        expected: Self::VALUES,
                    }),
                    known => $crate::__private_v1::Ok(known),
                }
            }
        }
        #[automatically_derived]
        impl $crate::__private_v1::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> $crate::__private_v1::Result<S::Ok, S::Error>
            where
                S: $crate::__private_v1::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }
        #[automatically_derived]
        impl<'de> $crate::__private_v1::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> $crate::__private_v1::Result<Self, D::Error>
            where
                D: $crate::__private_v1::serde::Deserializer<'de>,
            {
                let value = $crate::__private_v1::de::string(deserializer)?;
                $crate::__private_v1::Ok(Self::from_json_str(&value))
            }
        }
        #[automatically_derived]
        impl $crate::__private_v1::Validate for $name {
            fn validate_at(
                &self,
                $at: &$crate::__private_v1::Path<'_>,
                $out: &mut $crate::__private_v1::Violations,
            ) {
                if let Self::Other($value) = self $check
            }
        }
        #[automatically_derived]
        impl $crate::__private_v1::FromValue for $name {
            fn from_value_at(
                value: &$crate::__private_v1::serde_json::Value,
                at: &$crate::__private_v1::Path<'_>,
                out: &mut $crate::__private_v1::Violations,
            ) -> $crate::__private_v1::Option<Self> {
                let decoded = Self::from_json_str($crate::__private_v1::validate::string(value, at, out)?);
                let before = out.len();
                $crate::__private_v1::Validate::validate_at(&decoded, at, out);
                if out.len() == before {
                    $crate::__private_v1::Some(decoded)
                } else {
                    $crate::__private_v1::None
                }
            }
        }
    };
}
