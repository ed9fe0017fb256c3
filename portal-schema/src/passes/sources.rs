//! Sources: the schema each type reports through `schemars::JsonSchema`.

use crate::ir::{TypeDef, TypeId};
use serde_json::Value;

/// Fills [`TypeDef::source`]: the schema each type reports through `schemars::JsonSchema`.
pub(super) fn attach_sources(
    types: &mut [TypeDef],
    doc: &Value,
    input_ptr: &str,
    root: TypeId,
    output_root: Option<TypeId>,
    bare: bool,
) {
    for (id, t) in types.iter_mut().enumerate() {
        let base = if !bare && t.pointer.starts_with("/outputSchema") {
            "/outputSchema"
        } else {
            input_ptr
        };
        let whole = doc.pointer(base).cloned().unwrap_or(Value::Null);
        t.source = if id == root || Some(id) == output_root {
            whole
        } else {
            let mut own = doc.pointer(&t.pointer).cloned().unwrap_or(Value::Null);
            if uses_ref(&own)
                && let Value::Object(own_map) = &mut own
            {
                for key in ["$defs", "definitions"] {
                    if let Some(defs) = whole.get(key)
                        && !own_map.contains_key(key)
                    {
                        own_map.insert(key.to_owned(), defs.clone());
                    }
                }
            }
            own
        };
    }
}

fn uses_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(uses_ref),
        Value::Array(a) => a.iter().any(uses_ref),
        _ => false,
    }
}
