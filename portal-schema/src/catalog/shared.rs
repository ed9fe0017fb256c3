//! Shared types: the `$defs` entries several tools hold identically, generated once.
//!
//! A definition is shared when at least two schemas of the catalog (the input or output schema
//! of any tool) use it under the same name with the same JSON (keys in order: the order makes
//! the fields), and when the same holds of every definition it refers to, transitively (its
//! closure): two `Organization`s are one type only if everything they contain is the same too.
//! A name held with two different closures that each qualify is shared by neither, so that one
//! Rust name never means two schemas.
//!
//! Only what resolves the same wherever it is written is shared: a definition whose closure
//! refers only to other definitions of its root by `#/$defs/<name>`, without `$id`, anchors or
//! dynamic references, in a 2020-12 schema (no `$schema`, or the 2020-12 one) whose document
//! uses neither `unevaluated*` nor `$dynamicRef` (both make a definition's form depend on where
//! it is used). A definition a root is only a `$ref` to is named after its tool, so it is not
//! shared there. Anything else keeps a type of its own in its tool, as a lone `tool!` makes it.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The dialect a shared definition's root declares, if any.
const DRAFT_2020: &str = "https://json-schema.org/draft/2020-12/schema";

/// The two schema roots of a tool.
pub(crate) const ROOTS: [&str; 2] = ["inputSchema", "outputSchema"];

/// The definitions of one schema root, as far as sharing is concerned.
struct Root<'a> {
    /// The definitions by name.
    defs: &'a serde_json::Map<String, Value>,
    /// For each definition: the definitions it refers to, or `None` when it refers to anything
    /// else (or holds what changes resolution).
    edges: HashMap<&'a str, Option<BTreeSet<String>>>,
    /// Each definition's SHA-256, of its compact JSON: computed once, so that the key of a
    /// closure reads each member's digest rather than its JSON again.
    digests: HashMap<&'a str, [u8; 32]>,
    /// The definitions the schema uses, outside `$defs`, transitively.
    used: BTreeSet<String>,
    /// The definitions a root that is only a `$ref` leads to.
    excluded: BTreeSet<String>,
}

/// What is shared: each shared definition's name, its JSON, and its closure's key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shared {
    /// Shared definitions by name: the definition and its key.
    pub defs: BTreeMap<String, (Value, String)>,
}

impl Shared {
    /// Whether the definition `name` of `tool`'s root `root` is the shared one.
    pub fn is_shared_in(&self, tool: &Value, root: &str, name: &str) -> bool {
        self.shared_in(tool, root).iter().any(|n| n == name)
    }

    /// The shared definitions `tool`'s root `root` uses as they are shared, sorted: those its
    /// module names by path. One walk over the root, whatever the number of shared definitions.
    pub fn shared_in(&self, tool: &Value, root: &str) -> Vec<String> {
        if self.defs.is_empty() || context_dependent(tool) {
            return Vec::new();
        }
        let Some(r) = read_root(tool, root) else {
            return Vec::new();
        };
        r.used
            .iter()
            .filter(|name| !r.excluded.contains(*name))
            .filter(|name| {
                self.defs
                    .get(*name)
                    .is_some_and(|(_, key)| closure_key(&r, name).as_deref() == Some(key))
            })
            .cloned()
            .collect()
    }
}

/// Whether a document uses what makes a definition's form depend on where it is used.
fn context_dependent(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| {
            matches!(
                k.as_str(),
                "unevaluatedProperties" | "unevaluatedItems" | "$dynamicRef" | "$recursiveRef"
            ) || context_dependent(x)
        }),
        Value::Array(a) => a.iter().any(context_dependent),
        _ => false,
    }
}

/// The definition a `$ref` names, when it is `#/$defs/<name>`.
fn def_ref(r: &str) -> Option<String> {
    let rest = r.strip_prefix("#/$defs/")?;
    if rest.contains('/') || rest.contains('%') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

/// The definitions `v` refers to; `None` when it refers to anything else or changes how
/// references resolve. Any string `$ref` counts, even inside `const` or `examples`: that only
/// makes sharing rarer, never wrong.
fn refs(v: &Value, out: &mut BTreeSet<String>) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, x)| match (k.as_str(), x) {
            ("$ref", Value::String(r)) => match def_ref(r) {
                Some(name) => {
                    out.insert(name);
                    true
                }
                None => false,
            },
            (
                "$id" | "$anchor" | "$dynamicAnchor" | "$recursiveAnchor" | "$dynamicRef"
                | "$recursiveRef",
                Value::String(_) | Value::Bool(_),
            ) => false,
            _ => refs(x, out),
        }),
        Value::Array(a) => a.iter().all(|x| refs(x, out)),
        _ => true,
    }
}

fn read_root<'a>(tool: &'a Value, root: &str) -> Option<Root<'a>> {
    let schema = tool.get(root)?.as_object()?;
    match schema.get("$schema") {
        None => {}
        Some(Value::String(s)) if s.trim_end_matches('#') == DRAFT_2020 => {}
        Some(_) => return None,
    }
    let defs = schema.get("$defs")?.as_object()?;
    let edges = defs
        .iter()
        .map(|(name, def)| {
            let mut out = BTreeSet::new();
            let ok = refs(def, &mut out) && out.iter().all(|n| defs.contains_key(n));
            (name.as_str(), ok.then_some(out))
        })
        .collect();
    let mut seeds = BTreeSet::new();
    for (k, v) in schema {
        if k != "$defs" {
            // A reference elsewhere that is not to a definition only leaves that one unshared.
            let mut found = BTreeSet::new();
            refs(v, &mut found);
            seeds.extend(found.into_iter().filter(|n| defs.contains_key(n)));
        }
    }
    let digests = defs
        .iter()
        .map(|(name, def)| {
            let text = serde_json::to_string(def).unwrap_or_default();
            (name.as_str(), Sha256::digest(text.as_bytes()).into())
        })
        .collect();
    let mut r = Root {
        defs,
        edges,
        digests,
        used: BTreeSet::new(),
        excluded: BTreeSet::new(),
    };
    let mut stack: Vec<String> = seeds.into_iter().collect();
    while let Some(n) = stack.pop() {
        if r.used.insert(n.clone())
            && let Some(Some(next)) = r.edges.get(n.as_str())
        {
            stack.extend(next.iter().cloned());
        }
    }
    // A root that is only a `$ref` (to a `$ref`...): its definitions are named after the tool.
    let mut at = schema.get("$ref").and_then(Value::as_str).and_then(def_ref);
    while let Some(name) = at.take() {
        if !r.excluded.insert(name.clone()) {
            break;
        }
        at = defs
            .get(&name)
            .and_then(|d| d.get("$ref"))
            .and_then(Value::as_str)
            .and_then(def_ref);
    }
    Some(r)
}

/// The key of a definition's closure (every definition it reaches, with its JSON), or `None`
/// when something in it cannot be shared.
fn closure_key(r: &Root<'_>, name: &str) -> Option<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![name.to_owned()];
    while let Some(n) = stack.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        stack.extend(r.edges.get(n.as_str())?.as_ref()?.iter().cloned());
    }
    let mut hash = Sha256::new();
    for n in &seen {
        // The name's length first, so that no two closures read alike.
        hash.update(format!("{}:{n}", n.len()));
        hash.update(r.digests.get(n.as_str())?);
    }
    Some(hex(&hash.finalize()))
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finds the shared definitions of a catalog's (patched) tools.
pub fn find(tools: &[&Value]) -> Shared {
    // (name, key) → how many schema roots use it; name → its JSON and closure per key.
    let mut uses: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut closures: BTreeMap<(String, String), (Value, BTreeSet<String>)> = BTreeMap::new();
    for tool in tools {
        if context_dependent(tool) {
            continue;
        }
        for root in ROOTS {
            let Some(r) = read_root(tool, root) else {
                continue;
            };
            for name in r.used.iter().filter(|n| !r.excluded.contains(*n)) {
                let Some(key) = closure_key(&r, name) else {
                    continue;
                };
                let entry = (name.clone(), key);
                *uses.entry(entry.clone()).or_default() += 1;
                closures.entry(entry).or_insert_with(|| {
                    let direct = r
                        .edges
                        .get(name.as_str())
                        .cloned()
                        .flatten()
                        .unwrap_or_default();
                    (r.defs[name].clone(), direct)
                });
            }
        }
    }
    let mut qualifying: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ((name, key), count) in &uses {
        if *count >= 2 {
            qualifying.entry(name).or_default().push(key);
        }
    }
    let mut chosen: BTreeMap<String, String> = qualifying
        .into_iter()
        .filter(|(_, keys)| keys.len() == 1)
        .map(|(name, keys)| (name.to_owned(), keys[0].to_owned()))
        .collect();
    // Every definition a shared one refers to must be shared too (its key is then the same, since
    // it is part of the same closure): drop those that are not, until none is dropped.
    loop {
        let dropped: Vec<String> = chosen
            .iter()
            .filter(|(name, key)| {
                closures[&((*name).clone(), (*key).clone())]
                    .1
                    .iter()
                    .any(|n| !chosen.contains_key(n))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if dropped.is_empty() {
            break;
        }
        for name in dropped {
            chosen.remove(&name);
        }
    }
    Shared {
        defs: chosen
            .into_iter()
            .map(|(name, key)| {
                let def = closures[&(name.clone(), key.clone())].0.clone();
                (name, (def, key))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tool(defs: Value, uses: &[&str]) -> Value {
        let props: serde_json::Map<String, Value> = uses
            .iter()
            .map(|n| ((*n).to_owned(), json!({"$ref": format!("#/$defs/{n}")})))
            .collect();
        json!({"name": "t", "inputSchema": {"type": "object", "properties": props, "$defs": defs}})
    }

    #[test]
    fn a_definition_is_shared_only_with_its_whole_closure() {
        let org = json!({"type": "object", "properties": {"id": {"type": "string"}, "domain": {"$ref": "#/$defs/Domain"}}});
        let domain = json!({"type": "object", "properties": {"name": {"type": "string"}}});
        let other_domain = json!({"type": "object", "properties": {"name": {"type": "integer"}}});
        let a = tool(json!({"Org": org, "Domain": domain}), &["Org"]);
        let b = tool(
            json!({"Org": org, "Domain": domain, "Unused": {"type": "object"}}),
            &["Org"],
        );
        let c = tool(json!({"Org": org, "Domain": other_domain}), &["Org"]);
        let shared = find(&[&a, &b]);
        assert_eq!(shared.defs.keys().collect::<Vec<_>>(), ["Domain", "Org"]);
        assert!(shared.is_shared_in(&a, "inputSchema", "Org"));
        assert!(!shared.is_shared_in(&c, "inputSchema", "Org"));
        // `Org` under two closures, each used twice: neither is shared, nor `Domain`.
        let d = c.clone();
        assert_eq!(find(&[&a, &b, &c, &d]).defs.len(), 0);
        // Used once: nothing to share.
        assert_eq!(find(&[&a, &c]).defs.len(), 0);
    }

    #[test]
    fn what_resolves_differently_elsewhere_is_not_shared() {
        let to_root = json!({"type": "object", "properties": {"up": {"$ref": "#"}}});
        let a = tool(json!({"Node": to_root}), &["Node"]);
        assert_eq!(find(&[&a, &a]).defs.len(), 0);
        let with_id = json!({"$id": "x", "type": "object", "properties": {}});
        let b = tool(json!({"X": with_id}), &["X"]);
        assert_eq!(find(&[&b, &b]).defs.len(), 0);
        let plain = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let mut c = tool(json!({"P": plain}), &["P"]);
        assert_eq!(find(&[&c, &c]).defs.len(), 1);
        c["inputSchema"]["$schema"] = json!("http://json-schema.org/draft-07/schema#");
        assert_eq!(find(&[&c, &c]).defs.len(), 0);
        // A root that is only a `$ref` names its definition after the tool.
        let only =
            json!({"name": "t", "inputSchema": {"$ref": "#/$defs/P", "$defs": {"P": plain}}});
        assert_eq!(find(&[&only, &only]).defs.len(), 0);
    }
}
