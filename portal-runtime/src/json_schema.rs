//! `schemars::JsonSchema` for generated types (feature `schemars`).
//!
//! A generated type reports the schema it was generated from, unchanged: every constraint, enum
//! value, description, `required` list and `$defs` layout of the (patched) source survives, so a
//! server that describes its tool parameters through schemars (as `rmcp` does) advertises exactly
//! the checked-in schema. Nested types report their own subschema, with the root's `$defs` beside
//! it when they refer to them.
//!
//! The generated code holds each tool's input and output schema once (`__json_schema_source!`)
//! and each type names its place in them by JSON Pointer, so the generated code grows with the
//! schema, not with types × definitions. Without the feature both macros expand to nothing: the
//! feature is the runtime's, unified across the build, so the crate holding the generated code
//! needs no feature of its own and its users' binaries carry no schema text.

/// Declares `static $name`, one of a tool's schemas (JSON text) that its types'
/// `schemars::JsonSchema` impls read from. Expands to nothing without the `schemars` feature.
#[cfg(feature = "schemars")]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_schema_source {
    ($name:ident, $text:literal) => {
        static $name: $crate::__private_v1::JsonSchemaSource =
            $crate::__private_v1::JsonSchemaSource::new($text);
    };
}

/// Declares `static $name`, one of a tool's schemas (JSON text) that its types'
/// `schemars::JsonSchema` impls read from. Expands to nothing without the `schemars` feature.
#[cfg(not(feature = "schemars"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_schema_source {
    ($($tokens:tt)*) => {};
}

/// Implements `schemars::JsonSchema` for a generated type: from the subschema at a JSON Pointer
/// of a tool's schema (with that schema's definitions beside it when the last argument is
/// `true`), or from its own source schema (JSON text). Expands to nothing without the `schemars`
/// feature.
#[cfg(feature = "schemars")]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_schema_impl {
    ($ty:ident, $name:literal, $source:ident, $pointer:literal, $definitions:literal) => {
        $crate::__json_schema_impl!(@with $ty, $name, $source.at($pointer, $definitions));
    };
    ($ty:ident, $name:literal, $source:literal) => {
        $crate::__json_schema_impl!(
            @with $ty, $name, $crate::__private_v1::json_schema_from_source($source)
        );
    };
    // The impl both forms share; they differ only in where the schema comes from.
    (@with $ty:ident, $name:literal, $schema:expr) => {
        #[automatically_derived]
        impl $crate::__private_v1::schemars::JsonSchema for $ty {
            fn schema_name() -> $crate::__private_v1::Cow<'static, str> {
                $crate::__private_v1::Cow::Borrowed($name)
            }
            fn json_schema(
                _: &mut $crate::__private_v1::schemars::SchemaGenerator,
            ) -> $crate::__private_v1::schemars::Schema {
                $schema
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
    schema_of(serde_json::from_str::<serde_json::Value>(source).ok())
}

#[cfg(feature = "schemars")]
fn schema_of(value: Option<serde_json::Value>) -> schemars::Schema {
    value
        .and_then(|v| schemars::Schema::try_from(v).ok())
        .unwrap_or_else(|| schemars::Schema::from(true))
}

/// One of a tool's schemas, as JSON text written by the generator, parsed the first time a type
/// reports its schema.
#[cfg(feature = "schemars")]
pub struct Source {
    text: &'static str,
    parsed: std::sync::OnceLock<Option<serde_json::Value>>,
}

#[cfg(feature = "schemars")]
impl Source {
    /// The schema in `text`, not parsed yet.
    pub const fn new(text: &'static str) -> Self {
        Source {
            text,
            parsed: std::sync::OnceLock::new(),
        }
    }

    /// The subschema at `pointer`, with the `$defs` and `definitions` of the whole beside it that
    /// it does not have itself when `definitions` (the subschema refers to them).
    pub fn at(&self, pointer: &str, definitions: bool) -> schemars::Schema {
        let whole = self
            .parsed
            .get_or_init(|| serde_json::from_str(self.text).ok())
            .as_ref();
        let mut own = whole.and_then(|w| w.pointer(pointer)).cloned();
        if definitions
            && let (Some(whole), Some(serde_json::Value::Object(own))) = (whole, own.as_mut())
        {
            for key in ["$defs", "definitions"] {
                if let Some(defs) = whole.get(key)
                    && !own.contains_key(key)
                {
                    own.insert(key.to_owned(), defs.clone());
                }
            }
        }
        schema_of(own)
    }
}
