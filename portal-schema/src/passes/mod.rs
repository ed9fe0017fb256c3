//! The named passes over a parsed tool: [`checks`] of the tool as a whole, then, once no problem
//! is found, [`boxing`] and [`sources`], each completing one aspect of the IR the walk left.

mod boxing;
pub(crate) mod checks;
mod sources;

use crate::ir::{Dialect, Shape, Sources, TypeDef, TypeId};
use serde_json::Value;

/// Runs the passes that complete a tool without problems: [`boxing`] (the fields of recursive types, and the output shape), then
/// [`sources`] (each type's source schema, from `doc`, and where its `schemars` impl finds it).
pub(crate) fn run(
    types: &mut [TypeDef],
    output: Option<&mut Shape>,
    doc: &Value,
    input_ptr: &str,
    root: TypeId,
    bare: bool,
    dialect: Dialect,
) -> Sources {
    boxing::box_recursive_fields(types);
    let output_root = match output.as_deref() {
        Some(Shape::Named { id, .. }) => Some(*id),
        _ => None,
    };
    if let Some(output) = output {
        boxing::set_boxing(output, None, types);
    }
    sources::attach_sources(types, doc, input_ptr, root, output_root, bare, dialect)
}
