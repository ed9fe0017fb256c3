//! The intermediate representation: what the generator knows about a tool after parsing and
//! checking, typed and general forms alike. Every node keeps the JSON Pointer of the schema it came
//! from.

mod general;

pub use crate::keywords::Dialect;
pub use general::{Checker, Checkers, Condition, Keywords, Node};
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
    /// The REST binding from `x-http`.
    pub http: Option<HttpBinding>,
    /// The base that relative documentation links are made absolute against (`x-docs-base`).
    pub docs_base: Option<String>,
    /// Every named type, in order of first appearance.
    pub types: Vec<TypeDef>,
}

/// The REST binding of a tool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpBinding {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// The path relative to the API base URL.
    pub path: String,
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
}

/// The shape of a value: a primitive with its constraints, an array, or a named type.
#[derive(Clone, Debug)]
pub enum Shape {
    /// A string.
    String(StringRules),
    /// An integer (`i64`).
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
    /// `format` (`email`, `uri`).
    pub format: Option<String>,
    /// `const`.
    pub const_value: Option<String>,
}

/// Constraints on a number.
#[derive(Clone, Debug, Default)]
pub struct NumberRules {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}
