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
        match &types[t].kind {
            TypeKind::Struct(s) => {
                for p in &s.properties {
                    direct_edges(&p.shape, &mut stack);
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    direct_edges(&v.shape, &mut stack);
                }
            }
            _ => {}
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
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for p in &mut s.properties {
                    set_boxing(&mut p.shape, Some(owner), &snapshot);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    set_boxing(&mut v.shape, Some(owner), &snapshot);
                }
            }
            _ => {}
        }
    }
}
