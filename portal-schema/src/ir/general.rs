//! The general form of a schema: every keyword the generator implements, for the schemas that no
//! Rust type states exactly (`anyOf`, lists of types, `patternProperties`, `const` on objects...).
//! Such a schema becomes a type that keeps its instance as a `serde_json::Value` and checks it with
//! code generated from a [`Node`]; `$ref`s become calls to one generated function per target, so
//! recursive schemas need nothing more.

use serde_json::Value;
use std::collections::HashMap;

/// A schema in its general form.
#[derive(Clone, Debug)]
pub enum Node {
    /// `true` or `false` (or a schema with no assertion, which is `true`).
    Bool(bool),
    /// A schema object.
    Schema(Box<Keywords>),
}

/// The assertions of one schema object. Absent keywords assert nothing.
#[derive(Clone, Debug, Default)]
pub struct Keywords {
    /// Where the schema is.
    pub pointer: String,
    /// `type`, as a list.
    pub types: Option<Vec<String>>,
    /// `enum`: the JSON array.
    pub enum_values: Option<Value>,
    /// `const`.
    pub const_value: Option<Value>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// The `format` the generated code asserts; a format only annotated is not kept.
    pub format: Option<String>,
    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, in that order.
    pub numbers: Vec<(&'static str, super::Limit)>,
    /// `prefixItems` (draft-07: `items` as a list).
    pub prefix_items: Vec<Node>,
    /// `items` (draft-07: `additionalItems` after a list).
    pub items: Option<Node>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `contains`, with `minContains` (1 when absent) and `maxContains`.
    pub contains: Option<Contains>,
    /// `unevaluatedItems`.
    pub unevaluated_items: Option<Node>,
    /// `unevaluatedProperties`.
    pub unevaluated_properties: Option<Node>,
    /// `required`.
    pub required: Vec<String>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `dependentRequired` (draft-07: `dependencies` with a list).
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentSchemas` (draft-07: `dependencies` with a schema).
    pub dependent_schemas: Vec<(String, Node)>,
    /// `properties`.
    pub properties: Vec<(String, Node)>,
    /// `patternProperties`.
    pub pattern_properties: Vec<(String, Node)>,
    /// `additionalProperties`.
    pub additional_properties: Option<Node>,
    /// `propertyNames`.
    pub property_names: Option<Node>,
    /// `allOf`.
    pub all_of: Vec<Node>,
    /// `anyOf`.
    pub any_of: Vec<Node>,
    /// `oneOf`.
    pub one_of: Vec<Node>,
    /// `not`.
    pub not: Option<Node>,
    /// `if`, with `then` and `else`.
    pub condition: Option<Condition>,
    /// `$ref`: the index of the target in [`Checkers`].
    pub reference: Option<usize>,
}

/// `contains` with its bounds.
#[derive(Clone, Debug)]
pub struct Contains {
    /// The schema some items match.
    pub schema: Node,
    /// `minContains` (when absent, one item must match).
    pub min: Option<u64>,
    /// `maxContains`.
    pub max: Option<u64>,
}

/// `if` / `then` / `else`.
#[derive(Clone, Debug)]
pub struct Condition {
    /// `if`.
    pub test: Node,
    /// `then`.
    pub then: Option<Node>,
    /// `else`.
    pub otherwise: Option<Node>,
}

/// The targets of `$ref`s in general-form schemas: one checking function each.
#[derive(Clone, Debug, Default)]
pub struct Checkers {
    /// The target schemas, by index.
    pub targets: Vec<Checker>,
    /// The index of each target, by its pointer.
    pub(crate) by_pointer: HashMap<String, usize>,
}

/// One `$ref` target.
#[derive(Clone, Debug)]
pub struct Checker {
    /// Where the target schema is.
    pub pointer: String,
    /// The target, compiled; `Bool(true)` until compiled.
    pub node: Node,
}

impl Keywords {
    /// Whether no keyword of the schema asserts anything: the schema is `true`.
    pub fn asserts_nothing(&self) -> bool {
        self.types.is_none()
            && self.enum_values.is_none()
            && self.const_value.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.format.is_none()
            && self.numbers.is_empty()
            && self.prefix_items.iter().all(Node::is_true)
            && self.items.as_ref().is_none_or(Node::is_true)
            && self.min_items.is_none()
            && self.max_items.is_none()
            && !self.unique_items
            && self.contains.is_none()
            && self.unevaluated_items.as_ref().is_none_or(Node::is_true)
            && self
                .unevaluated_properties
                .as_ref()
                .is_none_or(Node::is_true)
            && self.required.is_empty()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.dependent_required.iter().all(|(_, d)| d.is_empty())
            && self.dependent_schemas.iter().all(|(_, n)| n.is_true())
            && self.properties.iter().all(|(_, n)| n.is_true())
            && self.pattern_properties.iter().all(|(_, n)| n.is_true())
            && self
                .additional_properties
                .as_ref()
                .is_none_or(Node::is_true)
            && self.property_names.as_ref().is_none_or(Node::is_true)
            && self.all_of.iter().all(Node::is_true)
            && self.any_of.iter().all(Node::is_true)
            && self.one_of.is_empty()
            && self.not.is_none()
            && self.condition.is_none()
            && self.reference.is_none()
    }
}

impl Keywords {
    /// Whether the schema evaluates properties or items of an instance (in the sense of
    /// `unevaluatedProperties` and `unevaluatedItems`), itself or through a `$ref`.
    pub fn evaluates(&self) -> bool {
        !self.properties.is_empty()
            || !self.pattern_properties.is_empty()
            || self.additional_properties.is_some()
            || self.unevaluated_properties.is_some()
            || !self.prefix_items.is_empty()
            || self.items.is_some()
            || self.unevaluated_items.is_some()
            || !self.all_of.is_empty()
            || !self.any_of.is_empty()
            || !self.dependent_schemas.is_empty()
    }
}

impl Node {
    /// Whether the node accepts every instance without looking at it.
    pub fn is_true(&self) -> bool {
        matches!(self, Node::Bool(true))
    }

    /// Whether the node refuses every instance without looking at it: `false`, or a schema whose
    /// applicators cannot be met (`not: true`, an `allOf` with such a branch, an `anyOf` or a
    /// `oneOf` of nothing but such branches).
    pub fn never_matches(&self) -> bool {
        match self {
            Node::Bool(b) => !b,
            Node::Schema(k) => {
                k.all_of.iter().any(Node::never_matches)
                    || (!k.any_of.is_empty() && k.any_of.iter().all(Node::never_matches))
                    || (!k.one_of.is_empty() && k.one_of.iter().all(Node::never_matches))
                    || k.not.as_ref().is_some_and(Node::is_true)
                    || k.condition.as_ref().is_some_and(|c| {
                        let branch = if c.test.is_true() {
                            c.then.as_ref()
                        } else if c.test.never_matches() {
                            c.otherwise.as_ref()
                        } else {
                            None
                        };
                        branch.is_some_and(Node::never_matches)
                    })
            }
        }
    }
}
