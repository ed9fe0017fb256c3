//! `schemars::JsonSchema` for generated types (feature `schemars`).
//!
//! A generated type reports the schema it was generated from, unchanged: every constraint, enum
//! value, description, `required` list and `$defs` layout of the (patched) source survives, so a
//! server that describes its tool parameters through schemars (as `rmcp` does) advertises exactly
//! the checked-in schema. Nested types report their own subschema, with the root's `$defs` beside
//! it when they refer to them.

/// Implements `schemars::JsonSchema` for a generated type from its source schema (JSON text).
/// Expands to nothing without the `schemars` feature.
#[cfg(feature = "schemars")]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_schema_impl {
    ($ty:ident, $name:literal, $source:literal) => {
        #[automatically_derived]
        impl $crate::__private_v1::schemars::JsonSchema for $ty {
            fn schema_name() -> $crate::__private_v1::Cow<'static, str> {
                $crate::__private_v1::Cow::Borrowed($name)
            }
            fn json_schema(
                _: &mut $crate::__private_v1::schemars::SchemaGenerator,
            ) -> $crate::__private_v1::schemars::Schema {
                $crate::__private_v1::json_schema_from_source($source)
            }
        }
    };
}

/// Implements `schemars::JsonSchema` for a generated type from its source schema (JSON text).
/// Expands to nothing without the `schemars` feature.
#[cfg(not(feature = "schemars"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_schema_impl {
    ($($tokens:tt)*) => {};
}

/// The schema a generated type reports: its source, parsed. The text was produced by the
/// generator from a parsed schema, so it is always a JSON object or boolean.
#[cfg(feature = "schemars")]
pub fn from_source(source: &str) -> schemars::Schema {
    serde_json::from_str::<serde_json::Value>(source)
        .ok()
        .and_then(|v| schemars::Schema::try_from(v).ok())
        .unwrap_or_else(|| schemars::Schema::from(true))
}
