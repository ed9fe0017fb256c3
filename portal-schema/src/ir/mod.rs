//! The intermediate representation: what the generator knows about a tool after parsing and
//! checking, typed and general forms alike. Every node keeps the JSON Pointer of the schema it came
//! from.

mod general;

pub use crate::keywords::Dialect;
pub use general::{Checker, Checkers, Condition, Contains, Keywords, Node};
use serde_json::Value;

/// Options that are not in the schema.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The root type's name; derived from the tool name when `None`.
    pub root_name: Option<String>,
    /// The path generated code names the runtime by (`::portal_runtime` when `None`), as Rust
    /// source: `crate`, `::my_runtime`, `my_crate::reexported::runtime`. Text, so that options
    /// stay `Send` (a `TokenStream` is not).
    pub runtime: Option<String>,
    /// Whether `format` is asserted (the default) or only shown in the docs.
    pub formats: Formats,
    /// Schemas generated elsewhere: a `$ref` whose target is one of these JSON Pointers (of the
    /// tool document: `/inputSchema/$defs/Organization`) names the Rust type at the path beside
    /// it (`super::types::Organization`) instead of generating a type of its own, and checks call
    /// that type's `Validate`. How a catalog generates the types several tools share once.
    pub external: Vec<(String, String)>,
}

/// What the generated code does with a `format` of the format vocabulary. A format no vocabulary
/// defines (OpenAPI's `int32`, a vendor's `x-...`) is an annotation in both modes, as JSON Schema
/// says unknown formats are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Formats {
    /// Checked: a string of another format is a violation, caught before it is sent.
    #[default]
    Assert,
    /// Shown in the docs, not checked: the format-annotation vocabulary's default meaning.
    Annotate,
}

impl std::str::FromStr for Formats {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "assert" => Ok(Formats::Assert),
            "annotate" => Ok(Formats::Annotate),
            other => Err(format!(
                "formats must be \"assert\" or \"annotate\", found {other:?}"
            )),
        }
    }
}

/// Index of a named type in [`Tool::types`].
pub type TypeId = usize;

/// A parsed tool.
#[derive(Clone, Debug)]
pub struct Tool {
    /// The MCP tool name, when the input was a Tool object.
    pub name: Option<String>,
    /// The tool's description.
    pub description: Option<String>,
    /// The dialect of the schemas.
    pub dialect: Dialect,
    /// The `$ref` targets that general-form types check against, each emitted as a function.
    pub checkers: Vec<Checker>,
    /// The root request type.
    pub root: TypeId,
    /// What a successful call returns, from `outputSchema`.
    pub output: Option<Shape>,
    /// The name the tool's module re-exports its output type under, when that type is generated
    /// elsewhere (an output schema a catalog shares, see [`Options::external`]): so that the
    /// output keeps its place beside the request type.
    pub output_reexport: Option<String>,
    /// The REST binding from `x-http`.
    pub http: Option<HttpBinding>,
    /// The error answers the binding documents (`x-http.errors`), when it documents any.
    pub errors: Option<ErrorAnswers>,
    /// The base that relative documentation links are made absolute against (`x-docs-base`).
    pub docs_base: Option<String>,
    /// Every named type, in order of first appearance.
    pub types: Vec<TypeDef>,
    /// Where each type's `schemars::JsonSchema` impl finds the schema it reports.
    pub sources: Sources,
}

/// The schemas the types' `schemars::JsonSchema` impls report: the tool's input and output
/// schemas, each emitted once, and each type's place in them. A type pointing into a shared
/// document keeps the generated code linear in the schema's size, where a copy per type (with the
/// definitions it refers to) grows with types × definitions.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The input schema, then the output schema when there is one, in 2020-12 terms (the
    /// dialect schemars declares).
    pub documents: Vec<Value>,
    /// One entry per type of [`Tool::types`], by [`TypeId`].
    pub at: Vec<SourceAt>,
}

/// Where a type's reported schema is.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceAt {
    /// At `pointer` in `Sources::documents[document]`, with that document's `$defs` and
    /// `definitions` beside it when `definitions` (the subschema refers to them and has none of
    /// its own).
    Document {
        /// Index in [`Sources::documents`].
        document: usize,
        /// JSON Pointer inside that document (`""` for the document itself).
        pointer: String,
        /// Whether the document's definitions go beside the subschema.
        definitions: bool,
    },
    /// Outside both documents: the schema itself, in 2020-12 terms.
    Own(Value),
}

/// The REST binding of a tool (`x-http`): where each input property goes, what status a success
/// has, how a list is paged, and the schemas of error bodies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpBinding {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// The path relative to the API base URL; each `{name}` is an input property.
    pub path: String,
    /// The `{name}`s of the path, in order.
    pub path_params: Vec<String>,
    /// The documented success status (`201`, `204`).
    pub status: Option<u16>,
    /// The input properties sent in the query string, in input schema order. For `GET` and
    /// `DELETE` without a `query` member, every property that is not a path parameter.
    pub query: Vec<QueryParam>,
    /// How a list operation is paged.
    pub paginated: Option<Pagination>,
    /// The error responses' schemas by status (`"404"`, `"4XX"`, `"default"`), as written.
    pub errors: Vec<(String, Value)>,
}

/// The error answers of a REST binding, generated as one enum with a variant per status.
#[derive(Clone, Debug)]
pub struct ErrorAnswers {
    /// The enum's name: the request type's followed by `Error` (`CreateOrganizationError`),
    /// reserved before any other type is named, so that a type that would take it is numbered
    /// instead.
    pub name: String,
    /// Each documented status with the shape of its body, exact statuses ascending, then `4XX`,
    /// `5XX` and `default`.
    pub answers: Vec<ErrorAnswer>,
}

/// One documented error answer.
#[derive(Clone, Debug)]
pub struct ErrorAnswer {
    /// The status as written: `"404"`, `"4XX"`, `"5XX"` or `"default"`.
    pub status: String,
    /// The variant's name: the status's reason phrase (`NotFound`), `Status418` when there is
    /// no standard one, `ClientError`, `ServerError` or `Other` for `4XX`, `5XX`, `default`.
    pub variant: String,
    /// The status's reason phrase, when it is an exact status with a standard one.
    pub reason: Option<String>,
    /// What the body decodes into.
    pub shape: Shape,
    /// The schema's `description`.
    pub description: Option<String>,
}

/// One query parameter of a REST binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryParam {
    /// The input property.
    pub name: String,
    /// OpenAPI's `style`.
    pub style: QueryStyle,
    /// OpenAPI's `explode` (`true` by default for `form`, the default style).
    pub explode: bool,
}

/// OpenAPI's `style` of a query parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: `k=v`, arrays repeated (exploded) or comma-joined.
    Form,
    /// `spaceDelimited`: an array joined by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: an array joined by `|`.
    PipeDelimited,
    /// `deepObject`: an object as `k[a]=v`.
    DeepObject,
}

impl QueryStyle {
    /// The style named as OpenAPI names it.
    pub fn parse(name: &str) -> Option<QueryStyle> {
        Some(match name {
            "form" => QueryStyle::Form,
            "spaceDelimited" => QueryStyle::SpaceDelimited,
            "pipeDelimited" => QueryStyle::PipeDelimited,
            "deepObject" => QueryStyle::DeepObject,
            _ => return None,
        })
    }

    /// OpenAPI's name of the style.
    pub fn name(self) -> &'static str {
        match self {
            QueryStyle::Form => "form",
            QueryStyle::SpaceDelimited => "spaceDelimited",
            QueryStyle::PipeDelimited => "pipeDelimited",
            QueryStyle::DeepObject => "deepObject",
        }
    }
}

/// How a list operation is paged (`x-http.paginated`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The optional string input property that takes the cursor (`after`).
    pub cursor: String,
    /// The JSON Pointer of the page's item array in the output (`/data`).
    pub items: String,
    /// The JSON Pointer of the next page's cursor in the output (`/list_metadata/after`).
    pub next: String,
}

/// One property on the way down a JSON Pointer into a typed value (see [`Tool::walk`]).
#[derive(Clone, Copy, Debug)]
pub struct Step<'a> {
    /// Whether the object holding the property may be `null` (a [`Shape::Nullable`]).
    pub nullable_parent: bool,
    /// The property.
    pub property: &'a Property,
}

impl Tool {
    /// The properties a JSON Pointer names from a value of `shape`, each token one property of a
    /// struct (through `null`-able objects), and the shape it ends at; `None` when a token names
    /// no property of a struct (an array index, a map key, a general-form type).
    pub fn walk<'a>(
        &'a self,
        shape: &'a Shape,
        pointer: &str,
    ) -> Option<(Vec<Step<'a>>, &'a Shape)> {
        let rest = pointer.strip_prefix('/')?;
        let mut steps = Vec::new();
        let mut at = shape;
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            let (nullable_parent, inner) = match at {
                Shape::Nullable(inner) => (true, &**inner),
                other => (false, other),
            };
            let Shape::Named { id, .. } = inner else {
                return None;
            };
            let TypeKind::Struct(s) = &self.types.get(*id)?.kind else {
                return None;
            };
            let property = s.properties.iter().find(|p| p.json_name == token)?;
            steps.push(Step {
                nullable_parent,
                property,
            });
            at = &property.shape;
        }
        Some((steps, at))
    }
}

/// A type the generator names: a struct for an object with properties, an enum for a string enum,
/// a checked JSON value for any other schema.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The Rust type name.
    pub name: String,
    /// Where the schema of this type is.
    pub pointer: String,
    /// Its documentation.
    pub doc: Doc,
    /// Struct or enum.
    pub kind: TypeKind,
    /// The (patched) source schema of this type, as its `schemars::JsonSchema` impl reports it:
    /// the whole input or output schema for the roots; a nested type's subschema, with the
    /// root's `$defs` / `definitions` beside it when it refers to them.
    pub source: serde_json::Value,
}

/// The two kinds of named type.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct(Struct),
    /// A string enum.
    Enum(StringEnum),
    /// A schema no Rust type states exactly: the value is kept as JSON and checked against the
    /// schema's general form.
    Json(Node),
    /// `anyOf`/`oneOf` (or a list of types) whose branches a rule tells apart: an enum with a
    /// variant per branch.
    Union(Union),
    /// A type generated elsewhere (see [`Options::external`]), named by this Rust path; nothing
    /// is emitted for it.
    External(String),
}

/// A union whose branches are told apart by the JSON type of the value or by a tag property, so
/// that at most one branch can match any value (`anyOf` and `oneOf` then agree) and decoding
/// reads only the branch the discriminator picks.
#[derive(Clone, Debug)]
pub struct Union {
    /// The keyword violations name: `anyOf`, `oneOf` or `type`.
    pub keyword: &'static str,
    /// What tells the branches apart.
    pub discriminator: Discriminator,
    /// Variants in schema order.
    pub variants: Vec<UnionVariant>,
}

/// What tells the branches of a [`Union`] apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Discriminator {
    /// The JSON type of the value; each branch takes one type (`integer` and `number` never
    /// together, since every integer is a number).
    Type,
    /// A property every branch requires with a `const` string of its own; a value naming another
    /// string decodes into `Other` and is refused by validation.
    Tag(String),
    /// The properties each branch requires, disjoint across branches: only the branches whose
    /// required properties the value has are decoded (and checked), each once.
    Required,
}

/// One branch of a [`Union`].
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// The Rust variant name: from the branch's `title`, else its tag, else its JSON type.
    pub rust_name: String,
    /// The branch's value.
    pub shape: Shape,
    /// The JSON type it takes (`Type`), or `object` (`Tag`).
    pub json_type: String,
    /// The tag value (`Tag`).
    pub tag: Option<String>,
    /// The properties the branch requires (`Required`).
    pub required: Vec<String>,
    /// Its documentation: the branch's `description`.
    pub doc: Option<String>,
    /// Where the branch's schema is.
    pub pointer: String,
}

/// An object type.
#[derive(Clone, Debug)]
pub struct Struct {
    /// Properties in schema order.
    pub properties: Vec<Property>,
    /// `false` when `additionalProperties: false`.
    pub additional: bool,
    /// Object-level keywords checked beside the fields (`allOf`, `anyOf`, `oneOf`, `not`, `if`,
    /// `dependentRequired`, `dependentSchemas`, `minProperties`, `maxProperties`), in general form.
    pub residual: Option<Node>,
}

/// One property of an object type.
#[derive(Clone, Debug)]
pub struct Property {
    /// The JSON name.
    pub json_name: String,
    /// The Rust field name (before keyword escaping).
    pub rust_name: String,
    /// Whether it is listed in `required`.
    pub required: bool,
    /// The value's shape.
    pub shape: Shape,
    /// Its documentation.
    pub doc: Doc,
    /// Where its schema is.
    pub pointer: String,
    /// `x-secret: true`: hidden from `Debug`.
    pub secret: bool,
    /// `x-mcp-header`: the MCP `Mcp-Param-*` header suffix.
    pub mcp_header: Option<String>,
}

/// A string enum.
#[derive(Clone, Debug)]
pub struct StringEnum {
    /// Variants in schema order.
    pub variants: Vec<Variant>,
    /// A `const` string: one variant, the type's `Default`, checked by `const` rather than `enum`.
    pub constant: bool,
}

/// One value of a string enum.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The JSON value.
    pub value: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// Its documentation, from the description's bullet list.
    pub doc: Option<String>,
}

/// Documentation and annotations of a schema node.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `examples` and `example`.
    pub examples: Vec<Value>,
    /// `default`.
    pub default: Option<Value>,
    /// Keywords no supported dialect defines, with their values: annotations, never checked.
    pub annotations: Vec<(String, Value)>,
}

/// The shape of a value: a primitive with its constraints, an array, or a named type.
#[derive(Clone, Debug)]
pub enum Shape {
    /// A string.
    String(StringRules),
    /// An integer (`i64`, `u64`, `i128` or `serde_json::Number`, from its bounds: see
    /// [`NumberRules::integer_type`]).
    Integer(NumberRules),
    /// A number (`f64`).
    Number(NumberRules),
    /// A boolean.
    Boolean,
    /// An array.
    Array {
        /// The items' shape.
        items: Box<Shape>,
        /// `minItems`.
        min_items: Option<u64>,
        /// `maxItems`.
        max_items: Option<u64>,
    },
    /// An object without declared properties.
    Map,
    /// Any JSON value.
    Any,
    /// A value of the inner shape, or `null` (`"type": [T, "null"]`).
    Nullable(Box<Shape>),
    /// A named type; `boxed` where the type contains itself.
    Named {
        /// The type.
        id: TypeId,
        /// Whether the field needs a `Box` (recursive types).
        boxed: bool,
    },
}

/// Constraints on a string.
#[derive(Clone, Debug, Default)]
pub struct StringRules {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern` (ECMA-262).
    pub pattern: Option<String>,
    /// The `format` the generated code asserts (`email`, `date-time`).
    pub format: Option<String>,
    /// A `format` only shown in the docs: unknown to the vocabulary, or annotated by option.
    pub format_annotation: Option<String>,
    /// `const`.
    pub const_value: Option<String>,
}

/// Constraints on a number.
#[derive(Clone, Debug, Default)]
pub struct NumberRules {
    /// `minimum`.
    pub minimum: Option<Limit>,
    /// `maximum`.
    pub maximum: Option<Limit>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<Limit>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<Limit>,
    /// `multipleOf`.
    pub multiple_of: Option<Limit>,
}

/// A number a schema states, exactly as its JSON value holds it: an integer (an `i64`, a `u64`,
/// or a float with no fractional part below 2^127) as that integer, any other as its `f64`.
/// `maximum: 9007199254740993` stays that integer, where an `f64` would round it to
/// `9007199254740992`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// An integral number, exactly.
    Integer(i128),
    /// A fractional number, or an integral one at or past 2^127 in magnitude.
    Float(f64),
}

/// 2^127: every integral `f64` below it in magnitude converts to `i128` exactly.
const I128_LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;

impl Limit {
    /// The number of a JSON value, exactly.
    pub fn of(n: &serde_json::Number) -> Option<Limit> {
        if let Some(i) = n.as_i64() {
            return Some(Limit::Integer(i.into()));
        }
        if let Some(u) = n.as_u64() {
            return Some(Limit::Integer(u.into()));
        }
        let f = n.as_f64()?;
        Some(if f.fract() == 0.0 && f.abs() < I128_LIMIT {
            Limit::Integer(f as i128)
        } else {
            Limit::Float(f)
        })
    }

    /// The number as `f64`, rounded.
    pub fn as_f64(self) -> f64 {
        match self {
            Limit::Integer(i) => i as f64,
            Limit::Float(f) => f,
        }
    }

    /// Whether the number is greater than 0.
    pub fn is_positive(self) -> bool {
        match self {
            Limit::Integer(i) => i > 0,
            Limit::Float(f) => f > 0.0,
        }
    }
}

impl PartialOrd for Limit {
    /// Exact: an integer is never rounded to compare it with a float.
    fn partial_cmp(&self, other: &Limit) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering;
        // How `i` compares with `f`, exactly.
        fn mixed(i: i128, f: f64) -> Option<Ordering> {
            if f.is_nan() {
                return None;
            }
            if f >= I128_LIMIT {
                return Some(Ordering::Less);
            }
            if f < -I128_LIMIT {
                return Some(Ordering::Greater);
            }
            let floor = f.floor();
            match i.cmp(&(floor as i128)) {
                Ordering::Equal if f != floor => Some(Ordering::Less),
                other => Some(other),
            }
        }
        match (*self, *other) {
            (Limit::Integer(a), Limit::Integer(b)) => Some(a.cmp(&b)),
            (Limit::Integer(a), Limit::Float(b)) => mixed(a, b),
            (Limit::Float(a), Limit::Integer(b)) => mixed(b, a).map(Ordering::reverse),
            (Limit::Float(a), Limit::Float(b)) => a.partial_cmp(&b),
        }
    }
}

impl std::fmt::Display for Limit {
    /// `9007199254740993`, `1.5`, `1e300`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Integer(i) => write!(f, "{i}"),
            Limit::Float(x) if x.abs() >= 1e21 => write!(f, "{x:e}"),
            Limit::Float(x) => write!(f, "{x}"),
        }
    }
}

/// The Rust type of a typed `integer`, chosen from its bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegerType {
    /// `i64`: both bounds within it.
    I64,
    /// `u64`: at least 0, and an upper bound past `i64` within `u64`.
    U64,
    /// `i128`: bounds past `i64` (and not both within `u64`) within `i128`.
    I128,
    /// `serde_json::Number` (checked integral): a side without a bound, or a bound past `i128`.
    Number,
}

impl NumberRules {
    /// The narrowest of `i64`, `u64`, `i128` and `serde_json::Number` that holds every integer
    /// the bounds allow. A side without a bound is unbounded: JSON has no largest integer, so an
    /// `integer` without both bounds (`{"minimum": 0}` alone, or none) gets `serde_json::Number`,
    /// and a valid `2^70` is never refused as a type violation.
    pub fn integer_type(&self) -> IntegerType {
        let lowest = [
            self.minimum,
            self.exclusive_minimum.map(|x| match x {
                Limit::Integer(i) => Limit::Integer(i.saturating_add(1)),
                other => other,
            }),
        ]
        .into_iter()
        .flatten()
        .max_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let highest = [
            self.maximum,
            self.exclusive_maximum.map(|x| match x {
                Limit::Integer(i) => Limit::Integer(i.saturating_sub(1)),
                other => other,
            }),
        ]
        .into_iter()
        .flatten()
        .min_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let (i64_min, i64_max) = (
            Limit::Integer(i64::MIN.into()),
            Limit::Integer(i64::MAX.into()),
        );
        let unbounded_above = Limit::Float(f64::INFINITY);
        let unbounded_below = Limit::Float(f64::NEG_INFINITY);
        let low = lowest.unwrap_or(unbounded_below);
        let high = highest.unwrap_or(unbounded_above);
        let within = |min: Limit, max: Limit| low >= min && high <= max;
        if within(i64_min, i64_max) {
            IntegerType::I64
        } else if within(Limit::Integer(0), Limit::Integer(u64::MAX.into())) {
            IntegerType::U64
        } else if within(Limit::Integer(i128::MIN), Limit::Integer(i128::MAX)) {
            IntegerType::I128
        } else {
            IntegerType::Number
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn integer_type(schema: serde_json::Value) -> IntegerType {
        let n = |k: &str| {
            schema
                .get(k)
                .and_then(|v| v.as_number())
                .and_then(Limit::of)
        };
        NumberRules {
            minimum: n("minimum"),
            maximum: n("maximum"),
            exclusive_minimum: n("exclusiveMinimum"),
            exclusive_maximum: n("exclusiveMaximum"),
            multiple_of: None,
        }
        .integer_type()
    }

    #[test]
    fn an_integer_gets_the_narrowest_type_its_bounds_allow() {
        use IntegerType::*;
        for (schema, expected) in [
            (json!({}), Number),
            (json!({"minimum": 0}), Number),
            (json!({"maximum": i64::MAX}), Number),
            (json!({"minimum": 1, "maximum": 100}), I64),
            (json!({"minimum": i64::MIN, "maximum": i64::MAX}), I64),
            (
                json!({"minimum": i64::MIN, "exclusiveMaximum": 9_223_372_036_854_775_808_u64}),
                I64,
            ),
            (json!({"minimum": 0, "maximum": u64::MAX}), U64),
            (json!({"exclusiveMinimum": -1, "maximum": u64::MAX}), U64),
            (json!({"minimum": 0.5, "maximum": u64::MAX}), U64),
            (json!({"minimum": -1, "maximum": u64::MAX}), I128),
            (json!({"maximum": u64::MAX}), Number),
            (json!({"minimum": -1, "maximum": u64::MAX}), I128),
            (json!({"minimum": -1e20, "maximum": 0}), I128),
            (json!({"minimum": -1e20}), Number),
            (json!({"minimum": 0, "maximum": 1.7e38}), I128),
            (json!({"minimum": 0, "exclusiveMaximum": 1e40}), Number),
            (json!({"maximum": 1e300}), Number),
            // An unbounded side: no fixed width holds every integer there.
            (json!({"minimum": 9_223_372_036_854_775_808_u64}), Number),
            (json!({"maximum": -1e19}), Number),
        ] {
            assert_eq!(integer_type(schema.clone()), expected, "{schema}");
        }
    }

    #[test]
    fn limits_compare_and_print_exactly() {
        let big = Limit::Integer(9_007_199_254_740_993);
        assert!(big > Limit::Float(9_007_199_254_740_992.0));
        assert!(Limit::Integer(3) > Limit::Float(2.5));
        assert!(Limit::Float(1e300) > Limit::Integer(i128::MAX));
        assert_eq!(big.to_string(), "9007199254740993");
        assert_eq!(Limit::Float(0.01).to_string(), "0.01");
        assert_eq!(Limit::Float(1e40).to_string(), "1e40");
    }
}
