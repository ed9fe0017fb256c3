//! The vocabulary: every keyword the generator reads, what it belongs to and in which dialect. A
//! leaf: every other module asks here rather than keep a list of its own, so a keyword is added
//! (or refused) in one place.

/// The JSON Schema dialect of a document, from its root `$schema`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// Draft 2020-12, the default.
    #[default]
    Draft2020,
    /// Draft-07: `items` as a list, `additionalItems`, `dependencies`, `$ref` siblings ignored.
    Draft07,
}

impl Dialect {
    /// The dialect named by a `$schema` value, if supported.
    pub fn from_uri(uri: &str) -> Option<Dialect> {
        match uri {
            "https://json-schema.org/draft/2020-12/schema"
            | "https://json-schema.org/draft/2020-12/schema#" => Some(Dialect::Draft2020),
            "http://json-schema.org/draft-07/schema#"
            | "http://json-schema.org/draft-07/schema" => Some(Dialect::Draft07),
            _ => None,
        }
    }

    /// The `$schema` of draft 2020-12, which a draft-07 schema names once converted.
    pub const DRAFT2020_URI: &str = "https://json-schema.org/draft/2020-12/schema";

    /// The general-form keywords of this dialect alone (beside [`GENERAL`]).
    pub fn own_keywords(self) -> &'static [&'static str] {
        match self {
            Dialect::Draft2020 => GENERAL_2020,
            Dialect::Draft07 => GENERAL_07,
        }
    }
}

/// Keywords that only annotate.
pub const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "examples",
    "example",
    "default",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$schema",
    "$id",
    "$anchor",
    // Draft 2020-12 makes the content vocabulary annotations only.
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// Whether `key` asserts nothing: an annotation or an extension (`x-...`).
pub fn is_plain(key: &str) -> bool {
    key.starts_with("x-") || ANNOTATIONS.contains(&key)
}

/// Keywords the typed form (structs, enums, primitives with their constraints) reads.
pub const TYPED: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "$ref",
    "$defs",
    "definitions",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords that hold definitions rather than assert.
pub const DEFINITIONS: &[&str] = &["$defs", "definitions"];

/// Keywords an object with properties keeps as a struct, checked beside its fields (on the
/// instance when decoding, on the struct's JSON when validating) when the form choice allows.
pub const RESIDUAL: &[&str] = &[
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
];

/// Keywords of the typed form that apply to strings.
pub const STRING: &[&str] = &["minLength", "maxLength", "pattern", "format"];
/// Keywords of the typed form that apply to numbers, in the order the general form checks them.
pub const NUMBER: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
/// Keywords of the typed form that apply to arrays.
pub const ARRAY: &[&str] = &["items", "minItems", "maxItems"];
/// Keywords of the typed form that apply to objects.
pub const OBJECT: &[&str] = &["properties", "required", "additionalProperties"];
/// Keywords a string enum refuses beside `enum`.
pub const BESIDE_ENUM: &[&str] = &["minLength", "maxLength", "pattern", "format", "const"];

/// The formats of the draft 2020-12 format vocabulary, which the generated code asserts (each a
/// variant of the runtime's `Format`).
pub const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// The formats draft 2019-09 added, which draft-07 does not define: there, an annotation.
pub const NOT_IN_DRAFT07: &[&str] = &["duration", "uuid"];

/// Whether `dialect` defines the format `name`.
pub fn defines_format(dialect: Dialect, name: &str) -> bool {
    FORMATS.contains(&name) && !(dialect == Dialect::Draft07 && NOT_IN_DRAFT07.contains(&name))
}

/// Keywords of the general form in both dialects, besides annotations.
pub const GENERAL: &[&str] = &[
    "type",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "required",
    "minProperties",
    "maxProperties",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "$ref",
    "definitions",
];

/// Keywords of the general form in 2020-12 only.
const GENERAL_2020: &[&str] = &[
    "prefixItems",
    "dependentRequired",
    "dependentSchemas",
    "$defs",
    "minContains",
    "maxContains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicAnchor",
    "$dynamicRef",
    // Draft-07's form of `dependentRequired` and `dependentSchemas`, which 2020-12 schemas
    // written for both still use.
    "dependencies",
];

/// Keywords of the general form in draft-07 only.
const GENERAL_07: &[&str] = &["additionalItems", "dependencies"];

/// The values of `type`.
pub const TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "string", "integer",
];

/// The types `[T, "null"]` may pair with `null` and keep a typed form.
pub const NULLABLE: &[&str] = &["string", "integer", "number", "boolean", "array", "object"];

/// Keywords whose value is an object of subschemas, in either dialect.
pub const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
];

/// Keywords whose value is a list of subschemas, in either dialect (`items` as a list is
/// draft-07's `prefixItems`).
pub const SCHEMA_LISTS: &[&str] = &["items", "prefixItems", "allOf", "anyOf", "oneOf"];

/// Keywords whose value is one subschema, in either dialect.
pub const SCHEMA_SINGLE: &[&str] = &[
    "items",
    "not",
    "if",
    "then",
    "else",
    "additionalProperties",
    "propertyNames",
    "additionalItems",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_and_residual_keyword_is_a_general_keyword_of_some_dialect() {
        let general = |k: &str| {
            GENERAL.contains(&k)
                || Dialect::Draft2020.own_keywords().contains(&k)
                || Dialect::Draft07.own_keywords().contains(&k)
        };
        let missing: Vec<&str> = TYPED
            .iter()
            .chain(RESIDUAL)
            .chain(STRING)
            .chain(NUMBER)
            .chain(ARRAY)
            .chain(OBJECT)
            .copied()
            .filter(|k| !general(k))
            .collect();
        assert_eq!(missing, Vec::<&str>::new());
        let overlap: Vec<&str> = ANNOTATIONS.iter().copied().filter(|k| general(k)).collect();
        assert_eq!(overlap, Vec::<&str>::new());
    }
}
