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

/// Whether `key` asserts nothing: an annotation, an extension (`x-...`), or a keyword no
/// supported dialect defines, which JSON Schema collects as an annotation (vendor keywords are
/// common in real schemas). A name that looks like a misspelt keyword (see [`misspelling_of`]) is
/// not plain: ignoring it would silently drop the assertion its author meant.
pub fn is_plain(key: &str) -> bool {
    key.starts_with("x-")
        || ANNOTATIONS.contains(&key)
        || (!is_known(key) && misspelling_of(key).is_none())
}

/// Whether some supported dialect defines `key` (annotations included).
pub fn is_known(key: &str) -> bool {
    known().any(|k| k == key)
}

/// Every keyword of every supported dialect, annotations included.
fn known() -> impl Iterator<Item = &'static str> {
    ANNOTATIONS
        .iter()
        .chain(GENERAL)
        .chain(GENERAL_2020)
        .chain(GENERAL_07)
        .copied()
}

/// The keyword an unknown `key` looks like a misspelling of: one equal to it ignoring ASCII case,
/// or, when both names have at least 5 characters, one within 2 edits (Levenshtein distance:
/// insertions, deletions, substitutions). Shorter names are too close to one another to
/// guess from (`tsType` is a vendor keyword 2 edits from `type`), so only a case slip counts
/// there. An extension (`x-...`) is never a misspelling.
pub fn misspelling_of(key: &str) -> Option<&'static str> {
    if key.starts_with("x-") || is_known(key) {
        return None;
    }
    if let Some(k) = known().find(|k| k.eq_ignore_ascii_case(key)) {
        return Some(k);
    }
    let len = key.chars().count();
    if len < 5 {
        return None;
    }
    known()
        .filter(|k| k.len() >= 5 && k.len().abs_diff(len) <= 2)
        .map(|k| (edit_distance(key, k), k))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// The schema error for a keyword the schema may not hold at its place, with the keyword it
/// looks like a misspelling of, if any.
pub fn unsupported(key: &str) -> String {
    match misspelling_of(key) {
        Some(k) => format!("unsupported keyword \"{key}\": did you mean \"{k}\"?"),
        None => format!("unsupported keyword \"{key}\""),
    }
}

/// The Levenshtein distance between `a` and `b`, by characters; only called on names whose
/// lengths differ by at most 2, one of them a keyword (at most 21 characters), so it costs a
/// constant times the length of `a`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
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

    #[test]
    fn unknown_keywords_are_annotations_unless_they_look_misspelt() {
        for vendor in [
            "unknown-keyword",
            "tsType",
            "nullable",
            "discriminator",
            "x-minLenght",
        ] {
            assert!(is_plain(vendor), "{vendor}");
            assert_eq!(misspelling_of(vendor), None, "{vendor}");
        }
        assert_eq!(misspelling_of("minLenght"), Some("minLength"));
        assert_eq!(misspelling_of("MinLength"), Some("minLength"));
        assert_eq!(misspelling_of("$ID"), Some("$id"));
        assert_eq!(misspelling_of("Type"), Some("type"));
        assert_eq!(misspelling_of("propertes"), Some("properties"));
        assert_eq!(misspelling_of("requird"), Some("required"));
        assert_eq!(misspelling_of("maxItem"), Some("maxItems"));
        // 3 edits, or a short name: not a guess.
        assert_eq!(misspelling_of("minLenxyz"), None);
        assert_eq!(misspelling_of("typo"), None);
        assert!(!is_plain("minLenght"));
        assert!(!is_plain("additionalItems"));
        assert_eq!(
            unsupported("minLenght"),
            "unsupported keyword \"minLenght\": did you mean \"minLength\"?"
        );
        assert_eq!(
            unsupported("additionalItems"),
            "unsupported keyword \"additionalItems\""
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("né", "ne"), 1);
    }
}
