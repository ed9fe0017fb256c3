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
    /// Each definition's closure key (see [`closure_keys`]), `None` when something in its
    /// closure cannot be shared.
    keys: HashMap<String, Option<String>>,
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
        match read_root(tool, root) {
            Some(r) => self.shared_among(&root_uses(&r)),
            None => Vec::new(),
        }
    }

    /// [`Shared::shared_in`] of a root whose uses ([`root_uses`]) [`find_with_uses`] read.
    pub(crate) fn shared_among(&self, uses: &[(String, String)]) -> Vec<String> {
        uses.iter()
            .filter(|(name, key)| self.defs.get(name).is_some_and(|(_, shared)| shared == key))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// The member [`output_as_definition`] marks the output schema it rewrites with, so that the
/// root it makes a `$ref` is not named after the tool. Only in the copy sharing reads.
const OUTPUT_ROOT: &str = "x-portal-output-root";

/// The tool read with its output schema as a `$ref` to a definition named by the schema's
/// `title`, which holds the schema (without its `title`, `$schema` and `$defs`, which stay at
/// the root): so that an output several tools return (the `Organization` of `get`, `create`
/// and `update`), or that another tool holds as a definition of that name, is shared as a
/// definition is. `None` when the output is not such a schema: no `title` that is an
/// identifier, a root that is a `$ref` or holds `$id` or an anchor, the output of a list tool
/// (its pagination walks the output's own types), or a definition of the title's name that is
/// another schema.
pub(crate) fn output_as_definition(tool: &Value) -> Option<(String, Value)> {
    let schema = tool.get("outputSchema")?.as_object()?;
    let title = schema.get("title")?.as_str()?;
    let identifier = title
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && title.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !identifier || tool.pointer("/x-http/paginated").is_some() {
        return None;
    }
    if [
        "$ref",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$recursiveAnchor",
        OUTPUT_ROOT,
    ]
    .iter()
    .any(|k| schema.contains_key(*k))
    {
        return None;
    }
    let mut defs = match schema.get("$defs") {
        None => serde_json::Map::new(),
        Some(Value::Object(defs)) => defs.clone(),
        Some(_) => return None,
    };
    let body: serde_json::Map<String, Value> = schema
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "title" | "$schema" | "$defs"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let body = Value::Object(body);
    match defs.get(title) {
        Some(existing) if *existing != body => return None,
        Some(_) => {}
        None => {
            defs.insert(title.to_owned(), body);
        }
    }
    let mut root = serde_json::Map::new();
    if let Some(dialect) = schema.get("$schema") {
        root.insert("$schema".to_owned(), dialect.clone());
    }
    root.insert("$ref".to_owned(), Value::String(format!("#/$defs/{title}")));
    root.insert("$defs".to_owned(), Value::Object(defs));
    root.insert(OUTPUT_ROOT.to_owned(), Value::Bool(true));
    let mut read = tool.clone();
    read["outputSchema"] = Value::Object(root);
    Some((title.to_owned(), read))
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
        if k == "$ref" {
            // The root's own `$ref` (`refs` reads those of the schemas it holds).
            if let Some(name) = v.as_str().and_then(def_ref)
                && defs.contains_key(&name)
            {
                seeds.insert(name);
            }
        } else if k != "$defs" {
            // A reference elsewhere that is not to a definition only leaves that one unshared.
            let mut found = BTreeSet::new();
            refs(v, &mut found);
            seeds.extend(found.into_iter().filter(|n| defs.contains_key(n)));
        }
    }
    let keys = closure_keys(defs, &edges);
    let mut r = Root {
        defs,
        edges,
        keys,
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
    // A root that is only a `$ref` (to a `$ref`...): its definitions are named after the tool;
    // not an output read as a definition, which keeps its own name.
    let read_as_definition = root == "outputSchema" && schema.contains_key(OUTPUT_ROOT);
    let mut at = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(def_ref)
        .filter(|_| !read_as_definition);
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
    // The pagination of a list tool is generated as field accesses along its `items` and
    // `next` pointers, which need the types on the way to be the tool's own.
    if root == "outputSchema"
        && let Some(paginated) = tool.pointer("/x-http/paginated")
    {
        for key in ["items", "next"] {
            if let Some(pointer) = paginated.get(key).and_then(Value::as_str) {
                on_the_way(schema, defs, pointer, &mut r.excluded);
            }
        }
    }
    Some(r)
}

/// The definitions a walk from `schema` along `pointer` (through properties, and into each
/// `$ref` and `anyOf`/`oneOf` branch on the way) passes through.
fn on_the_way(
    schema: &serde_json::Map<String, Value>,
    defs: &serde_json::Map<String, Value>,
    pointer: &str,
    out: &mut BTreeSet<String>,
) {
    let mut at: Vec<&serde_json::Map<String, Value>> = vec![schema];
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    for step in 0..=tokens.len() {
        // Every schema the place may be described by: follow references and branches, each
        // definition once.
        let mut open = std::mem::take(&mut at);
        let mut here = Vec::new();
        while let Some(s) = open.pop() {
            here.push(s);
            if let Some(name) = s.get("$ref").and_then(Value::as_str).and_then(def_ref)
                && out.insert(name.clone())
                && let Some(Value::Object(d)) = defs.get(&name)
            {
                open.push(d);
            }
            for key in ["anyOf", "oneOf", "allOf"] {
                if let Some(Value::Array(branches)) = s.get(key) {
                    open.extend(branches.iter().filter_map(Value::as_object));
                }
            }
        }
        let Some(token) = tokens.get(step) else { break };
        at = here
            .into_iter()
            .filter_map(|s| s.get("properties")?.get(token.as_str())?.as_object())
            .collect();
    }
}

/// The key of a definition's closure (every definition it reaches, with its JSON), or `None`
/// when something in it cannot be shared.
fn closure_key(r: &Root<'_>, name: &str) -> Option<String> {
    r.keys.get(name).cloned().flatten()
}

/// The closure key of every definition, in time linear in the definitions and their references:
/// the strongly connected components of the reference graph (Tarjan's algorithm, iterative)
/// come out successors first, and each component's key hashes its members (name and SHA-256 of
/// the JSON, sorted) with the keys of the components it refers to. Two definitions have the same
/// key exactly when their closures hold the same definitions with the same JSON (SHA-256
/// collisions aside); every member of a component has the same closure, so the same key.
fn closure_keys(
    defs: &serde_json::Map<String, Value>,
    edges: &HashMap<&str, Option<BTreeSet<String>>>,
) -> HashMap<String, Option<String>> {
    let names: Vec<&str> = defs.keys().map(String::as_str).collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let succ: Vec<Option<Vec<usize>>> = names
        .iter()
        .map(|n| {
            edges.get(n).cloned().flatten().map(|set| {
                set.iter()
                    .filter_map(|m| index.get(m.as_str()).copied())
                    .collect()
            })
        })
        .collect();
    let n = names.len();
    let mut order = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut component_keys: Vec<Option<String>> = Vec::new();
    let mut counter = 0;
    for start in 0..n {
        if order[start] != usize::MAX {
            continue;
        }
        // (node, next successor to visit)
        let mut calls = vec![(start, 0)];
        order[start] = counter;
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut next)) = calls.last_mut() {
            let out = succ[v].as_deref().unwrap_or(&[]);
            if let Some(&w) = out.get(*next) {
                *next += 1;
                if order[w] == usize::MAX {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] != order[v] {
                continue;
            }
            let mut members = Vec::new();
            while let Some(w) = stack.pop() {
                on_stack[w] = false;
                members.push(w);
                if w == v {
                    break;
                }
            }
            let id = component_keys.len();
            for &m in &members {
                component[m] = id;
            }
            // Successor components are finished (keyed) before this one.
            let mut shareable = members.iter().all(|&m| succ[m].is_some());
            let mut outside = BTreeSet::new();
            for &m in &members {
                for &w in succ[m].as_deref().unwrap_or(&[]) {
                    if component[w] != id {
                        match &component_keys[component[w]] {
                            Some(key) => {
                                outside.insert(key.clone());
                            }
                            None => shareable = false,
                        }
                    }
                }
            }
            let key = shareable.then(|| {
                members.sort_by_key(|&m| names[m]);
                let mut hash = Sha256::new();
                for &m in &members {
                    let text = serde_json::to_string(&defs[names[m]]).unwrap_or_default();
                    // Lengths first, so that no two components read alike.
                    hash.update(format!("{}:{}{}:", names[m].len(), names[m], text.len()));
                    hash.update(text);
                }
                for key in &outside {
                    hash.update(key);
                }
                hex(&hash.finalize())
            });
            component_keys.push(key);
        }
    }
    names
        .iter()
        .enumerate()
        .map(|(i, name)| ((*name).to_owned(), component_keys[component[i]].clone()))
        .collect()
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finds the shared definitions of a catalog's (patched) tools.
pub fn find(tools: &[&Value]) -> Shared {
    find_with_uses(tools).0
}

/// The definitions a root uses that could be shared, each with its closure key, sorted by name:
/// those it uses outside `$defs` (transitively), except those a root that is only a `$ref` leads
/// to and those whose closure cannot be shared.
fn root_uses(r: &Root<'_>) -> Vec<(String, String)> {
    r.used
        .iter()
        .filter(|name| !r.excluded.contains(*name))
        .filter_map(|name| Some((name.clone(), closure_key(r, name)?)))
        .collect()
}

/// What each schema root of a tool uses, as [`find`] read it: each definition with its closure
/// key, sorted by name ([`ROOTS`] order).
pub(crate) type RootUses = [Vec<(String, String)>; 2];

/// [`find`], with what each tool's roots use, so that [`Shared::shared_among`] answers what
/// [`Shared::shared_in`] does without reading the roots again.
pub(crate) fn find_with_uses(tools: &[&Value]) -> (Shared, Vec<RootUses>) {
    // (name, key) → how many schema roots use it; name → its JSON and closure per key.
    let mut uses: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut closures: BTreeMap<(String, String), (Value, BTreeSet<String>)> = BTreeMap::new();
    let mut per_tool = Vec::with_capacity(tools.len());
    for tool in tools {
        let mut tool_uses = RootUses::default();
        if context_dependent(tool) {
            per_tool.push(tool_uses);
            continue;
        }
        for (root, root_uses) in ROOTS.into_iter().zip(&mut tool_uses) {
            let Some(r) = read_root(tool, root) else {
                continue;
            };
            *root_uses = self::root_uses(&r);
            for entry in root_uses.iter() {
                *uses.entry(entry.clone()).or_default() += 1;
                closures.entry(entry.clone()).or_insert_with(|| {
                    let name = entry.0.as_str();
                    let direct = r.edges.get(name).cloned().flatten().unwrap_or_default();
                    (r.defs[name].clone(), direct)
                });
            }
        }
        per_tool.push(tool_uses);
    }
    let mut qualifying: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ((name, key), count) in &uses {
        if *count >= 2 {
            qualifying.entry(name).or_default().push(key);
        }
    }
    let chosen: BTreeMap<String, String> = qualifying
        .into_iter()
        .filter(|(_, keys)| keys.len() == 1)
        .map(|(name, keys)| (name.to_owned(), keys[0].to_owned()))
        .collect();
    // Every definition a shared one refers to must be shared too (its key is then the same, since
    // it is part of the same closure): dropping one drops those that refer to it, each once.
    let mut referrers: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, key) in &chosen {
        for m in &closures[&(name.clone(), key.clone())].1 {
            referrers.entry(m.as_str()).or_default().push(name.as_str());
        }
    }
    let mut dropped: BTreeSet<String> = BTreeSet::new();
    let mut work: Vec<&str> = chosen
        .iter()
        .filter(|(name, key)| {
            closures[&((*name).clone(), (*key).clone())]
                .1
                .iter()
                .any(|m| !chosen.contains_key(m))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    while let Some(name) = work.pop() {
        if dropped.insert(name.to_owned()) {
            work.extend(referrers.get(name).into_iter().flatten().copied());
        }
    }
    let chosen: BTreeMap<String, String> = chosen
        .iter()
        .filter(|(name, _)| !dropped.contains(*name))
        .map(|(n, k)| (n.clone(), k.clone()))
        .collect();
    let shared = Shared {
        defs: chosen
            .into_iter()
            .map(|(name, key)| {
                let def = closures[&(name.clone(), key.clone())].0.clone();
                (name, (def, key))
            })
            .collect(),
    };
    (shared, per_tool)
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
    fn definitions_that_refer_to_each_other_are_shared_together() {
        let a = json!({"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}}});
        let b = json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}, "n": {"type": "string"}}});
        let b2 = json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}, "n": {"type": "integer"}}});
        let c = json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}});
        let one = tool(json!({"A": a, "B": b, "C": c}), &["C"]);
        let two = tool(json!({"A": a, "B": b}), &["A"]);
        let other = tool(json!({"A": a, "B": b2, "C": c}), &["C"]);
        let shared = find(&[&one, &two, &other]);
        // `C` is used twice, but once with the other `B`: only the cycle of `one` and `two` is.
        assert_eq!(shared.defs.keys().collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(shared.shared_in(&one, "inputSchema"), ["A", "B"]);
        assert_eq!(
            shared.shared_in(&other, "inputSchema"),
            Vec::<String>::new()
        );
        // A long chain is keyed in one pass: each link's key depends on the whole rest.
        let mut defs = serde_json::Map::new();
        for i in 0..1_000 {
            defs.insert(format!("d{i}"), json!({"type": "object", "properties": {"next": {"$ref": format!("#/$defs/d{}", i + 1)}}}));
        }
        defs.insert("d1000".to_owned(), json!({"type": "string"}));
        let long = tool(Value::Object(defs.clone()), &["d0"]);
        defs.insert("d1000".to_owned(), json!({"type": "integer"}));
        let changed = tool(Value::Object(defs), &["d0"]);
        assert_eq!(find(&[&long, &long]).defs.len(), 1_001);
        assert_eq!(find(&[&long, &changed]).defs.len(), 0);
    }

    #[test]
    fn an_output_is_read_as_a_definition_named_by_its_title() {
        let body = json!({"type": "object", "properties": {"id": {"type": "string"}}});
        let mut titled = body.clone();
        titled["title"] = json!("Thing");
        let output = |schema: Value| json!({"name": "t", "inputSchema": {"type": "object"}, "outputSchema": schema});
        let (title, read) = output_as_definition(&output(titled.clone())).unwrap();
        assert_eq!(title, "Thing");
        assert_eq!(
            read["outputSchema"],
            json!({"$ref": "#/$defs/Thing", "$defs": {"Thing": body}, "x-portal-output-root": true})
        );
        // Two outputs and a definition of the same schema elsewhere: one shared `Thing`.
        let holder = tool(json!({"Thing": body}), &["Thing"]);
        let shared = find(&[&read, &read, &holder]);
        assert_eq!(shared.defs.keys().collect::<Vec<_>>(), ["Thing"]);
        assert_eq!(shared.shared_in(&read, "outputSchema"), ["Thing"]);
        // Not read so: no title, a title that is not an identifier, a list tool's output, a
        // root `$ref`, a definition of that name that is another schema.
        assert!(output_as_definition(&output(body.clone())).is_none());
        let mut spaced = titled.clone();
        spaced["title"] = json!("A thing");
        assert!(output_as_definition(&output(spaced)).is_none());
        let mut paginated = output(titled.clone());
        paginated["x-http"] =
            json!({"paginated": {"items": "/data", "next": "/after", "cursor": "after"}});
        assert!(output_as_definition(&paginated).is_none());
        let mut reference = titled.clone();
        reference["$ref"] = json!("#/$defs/Other");
        assert!(output_as_definition(&output(reference)).is_none());
        let mut clash = titled.clone();
        clash["$defs"] = json!({"Thing": {"type": "string"}});
        assert!(output_as_definition(&output(clash)).is_none());
        // The same definition beside it is taken as it is.
        let mut same = titled;
        same["$defs"] = json!({"Thing": body});
        assert!(output_as_definition(&output(same)).is_some());
    }

    #[test]
    fn a_root_that_is_only_a_ref_shares_what_its_definition_refers_to() {
        let leaf = json!({"type": "object", "properties": {"n": {"type": "string"}}});
        let top = json!({"type": "object", "properties": {"leaf": {"$ref": "#/$defs/Leaf"}}});
        let only = json!({"name": "t", "inputSchema": {"$ref": "#/$defs/Top", "$defs": {"Top": top, "Leaf": leaf}}});
        // `Top` is named after the tool; `Leaf`, which it refers to, is shared.
        assert_eq!(
            find(&[&only, &only]).defs.keys().collect::<Vec<_>>(),
            ["Leaf"]
        );
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
