//! Boxing: a field whose type contains, directly, the struct holding it is boxed, so recursive
//! types have a size.

use crate::ir::{Shape, TypeDef, TypeId, TypeKind};
use std::collections::HashSet;

/// Direct (unboxed, not behind a `Vec`) struct-to-type edges.
fn direct_edges(shape: &Shape, out: &mut Vec<TypeId>) {
    match shape {
        Shape::Named { id, .. } => out.push(*id),
        Shape::Nullable(inner) => direct_edges(inner, out),
        _ => {}
    }
}

fn reaches(types: &[TypeDef], from: TypeId, to: TypeId) -> bool {
    let mut stack = vec![from];
    let mut seen = HashSet::new();
    while let Some(t) = stack.pop() {
        if t == to {
            return true;
        }
        if !seen.insert(t) {
            continue;
        }
        if let TypeKind::Struct(s) = &types[t].kind {
            for p in &s.properties {
                direct_edges(&p.shape, &mut stack);
            }
        }
    }
    false
}

pub(super) fn set_boxing(shape: &mut Shape, owner: Option<TypeId>, types: &[TypeDef]) {
    match (&mut *shape, owner) {
        (Shape::Named { id, boxed }, Some(owner)) => *boxed = reaches(types, *id, owner),
        (Shape::Nullable(inner), _) => set_boxing(inner, owner, types),
        _ => {}
    }
}

/// Boxes every field whose type contains, directly, the struct holding the field.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let snapshot = types.to_vec();
    for (owner, t) in types.iter_mut().enumerate() {
        if let TypeKind::Struct(s) = &mut t.kind {
            for p in &mut s.properties {
                set_boxing(&mut p.shape, Some(owner), &snapshot);
            }
        }
    }
}
