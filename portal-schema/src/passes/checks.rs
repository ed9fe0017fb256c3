//! Checks: what the tool must be as a whole, beyond each of its schemas being valid on its own.

use crate::error::SchemaErrors;
use crate::ir::{Shape, TypeDef, TypeId, TypeKind};

/// The problem of an input schema that gives no struct.
const NOT_AN_OBJECT: &str = "the input schema must be an object with properties";

/// The root type of the input, from the shape its schema was read as: a struct, or any named type
/// when `object_like` (a bare schema, or one that declares `"type": "object"`, whose general form
/// still decodes objects only); any other shape is a problem at `ptr`.
pub(crate) fn input_root(
    types: &[Option<TypeDef>],
    shape: Option<Shape>,
    object_like: bool,
    ptr: &str,
    errors: &mut SchemaErrors,
) -> Option<TypeId> {
    let is_struct = |id: TypeId| {
        matches!(
            types.get(id),
            Some(Some(TypeDef {
                kind: TypeKind::Struct(_),
                ..
            }))
        )
    };
    match shape {
        Some(Shape::Named { id, .. }) if is_struct(id) || object_like => Some(id),
        Some(_) => {
            errors.push(ptr, NOT_AN_OBJECT);
            None
        }
        None => None,
    }
}

/// The root the tool is finished with: none once a problem is collected, and without a root a
/// problem of its own when none was.
pub(crate) fn complete(
    root: Option<TypeId>,
    errors: &mut SchemaErrors,
    ptr: &str,
) -> Option<TypeId> {
    match root {
        Some(root) if errors.is_empty() => Some(root),
        _ => {
            if errors.is_empty() {
                errors.push(ptr, NOT_AN_OBJECT);
            }
            None
        }
    }
}
