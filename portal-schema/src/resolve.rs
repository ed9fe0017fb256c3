//! Where a `$ref` leads: JSON Pointers into the document, `$id` resources embedded in it and their
//! `$anchor`s, each reference resolved (RFC 3986, with `fluent-uri`) against the base URI in force
//! where it is written. References outside the document are refused, unless the document was
//! bundled first with the files a `refs` map names (see [`crate::load::bundle`]).

use crate::error::pointer_push;
use crate::keywords;
use serde_json::Value;
use std::collections::HashMap;

/// The base URI of a schema root without `$id`.
const DEFAULT_BASE: &str = "https://portal.invalid/schema.json";

/// The resources and anchors of one schema root.
#[derive(Clone, Debug, Default)]
pub struct Resolver {
    /// The base URI in force in each schema, by pointer.
    bases: HashMap<String, String>,
    /// Resources (absolute URIs without fragment) → pointer.
    resources: HashMap<String, String>,
    /// `uri#anchor` → pointer.
    anchors: HashMap<String, String>,
    /// The absolute URIs (without fragment) that `$ref`s name, with the pointer of each `$ref`,
    /// in the order met.
    referenced: Vec<(String, String)>,
    /// `uri#name` → pointer, for each `$dynamicAnchor`.
    dynamic_anchors: HashMap<String, String>,
}

/// `reference` resolved against `base` (an absolute URI without fragment).
fn resolve(reference: &str, base: &str) -> Option<String> {
    if reference.starts_with('#') {
        // A fragment alone: kept as written, so a pointer may hold any character.
        return Some(format!("{base}{reference}"));
    }
    let base = fluent_uri::Uri::parse(base).ok()?;
    let resolved = fluent_uri::UriRef::parse(reference)
        .ok()?
        .resolve_against(&base)
        .ok()?;
    Some(resolved.as_str().to_owned())
}

/// `id` resolved against `base`, without its fragment (an empty one included).
pub fn absolute(id: &str, base: &str) -> Option<String> {
    let abs = resolve(id, base)?;
    Some(
        abs.split_once('#')
            .map_or(abs.as_str(), |(u, _)| u)
            .to_owned(),
    )
}

impl Resolver {
    /// Indexes the schema at `root` in `doc`.
    pub fn new(doc: &Value, root: &str) -> Resolver {
        let mut r = Resolver::default();
        r.resources.insert(DEFAULT_BASE.to_owned(), root.to_owned());
        if let Some(schema) = doc.pointer(root) {
            r.walk(schema, root, DEFAULT_BASE);
        }
        r
    }

    fn walk(&mut self, v: &Value, ptr: &str, base: &str) {
        let Value::Object(m) = v else { return };
        let mut base = base.to_owned();
        if let Some(Value::String(id)) = m.get("$id")
            && let Some(abs) = resolve(id, &base)
        {
            let (uri, fragment) = abs.split_once('#').unwrap_or((&abs, ""));
            if uri != base {
                base = uri.to_owned();
                self.resources.insert(base.clone(), ptr.to_owned());
            }
            // Draft-07 names a location with a plain-name fragment (`"$id": "#foo"`).
            if !fragment.is_empty() && !fragment.starts_with('/') {
                self.anchors
                    .insert(format!("{base}#{fragment}"), ptr.to_owned());
            }
        }
        if let Some(Value::String(anchor)) = m.get("$dynamicAnchor") {
            self.dynamic_anchors
                .insert(format!("{base}#{anchor}"), ptr.to_owned());
        }
        // A `$dynamicAnchor` is also a plain-name fragment a `$ref` may name.
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(Value::String(anchor)) = m.get(key) {
                self.anchors
                    .insert(format!("{base}#{anchor}"), ptr.to_owned());
            }
        }
        for key in ["$ref", "$dynamicRef"] {
            if let Some(Value::String(r)) = m.get(key)
                && let Some(abs) = resolve(r, &base)
            {
                let uri = abs.split_once('#').map_or(abs.as_str(), |(u, _)| u);
                self.referenced
                    .push((uri.to_owned(), pointer_push(ptr, key)));
            }
        }
        self.bases.insert(ptr.to_owned(), base.clone());
        for (key, child) in m {
            let at = pointer_push(ptr, key);
            match (key.as_str(), child) {
                (k, Value::Object(schemas)) if keywords::SCHEMA_MAPS.contains(&k) => {
                    for (name, s) in schemas {
                        self.walk(s, &pointer_push(&at, name), &base);
                    }
                }
                (k, Value::Array(list)) if keywords::SCHEMA_LISTS.contains(&k) => {
                    for (i, s) in list.iter().enumerate() {
                        self.walk(s, &pointer_push(&at, &i.to_string()), &base);
                    }
                }
                (k, _) if keywords::SCHEMA_SINGLE.contains(&k) => self.walk(child, &at, &base),
                _ => {}
            }
        }
    }

    /// The resources `$ref`s name that the document does not hold, each once (with the pointer
    /// of the first `$ref` naming it), in the order met.
    pub fn missing(&self) -> Vec<(String, String)> {
        let mut seen = std::collections::HashSet::new();
        self.referenced
            .iter()
            .filter(|(uri, _)| !self.resources.contains_key(uri) && seen.insert(uri.as_str()))
            .cloned()
            .collect()
    }

    /// The pointer of the `$dynamicAnchor` `name` of the resource `uri`, if it has one.
    pub fn dynamic_anchor(&self, uri: &str, name: &str) -> Option<&str> {
        self.dynamic_anchors
            .get(&format!("{uri}#{name}"))
            .map(String::as_str)
    }

    /// The base URI in force at `ptr`: that of the nearest enclosing indexed schema.
    pub fn base_of(&self, ptr: &str) -> &str {
        let mut p = ptr;
        loop {
            if let Some(b) = self.bases.get(p) {
                return b;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return DEFAULT_BASE,
            }
        }
    }

    /// The pointer, in the document, of the schema that `reference`, written in the schema at
    /// `site`, leads to; or why it leads nowhere here.
    pub fn target(&self, reference: &str, site: &str) -> Result<String, String> {
        self.target_of("$ref", reference, site)
    }

    /// As [`Resolver::target`], for the keyword `keyword` (`$ref`, `$dynamicRef`).
    pub fn target_of(&self, keyword: &str, reference: &str, site: &str) -> Result<String, String> {
        let outside = || format!("{keyword} \"{reference}\" does not resolve within this document");
        let abs = resolve(reference, self.base_of(site)).ok_or_else(outside)?;
        let (uri, fragment) = abs.split_once('#').unwrap_or((&abs, ""));
        let resource = self.resources.get(uri).ok_or_else(outside)?;
        let fragment = percent_decode(fragment).ok_or_else(outside)?;
        if fragment.is_empty() {
            Ok(resource.clone())
        } else if fragment.starts_with('/') {
            Ok(format!("{resource}{fragment}"))
        } else {
            self.anchors
                .get(&format!("{uri}#{fragment}"))
                .cloned()
                .ok_or_else(outside)
        }
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_resolve_through_ids_and_anchors() {
        let doc = json!({
            "$id": "http://example.com/root.json",
            "$defs": {
                "a": {"$id": "nested/a.json", "$defs": {"x": {"$anchor": "here"}}},
                "percent%field": {"type": "integer"}
            }
        });
        let r = Resolver::new(&doc, "");
        assert_eq!(
            r.target("#/$defs/percent%25field", "").unwrap(),
            "/$defs/percent%field"
        );
        assert_eq!(r.target("nested/a.json", "").unwrap(), "/$defs/a");
        assert_eq!(r.target("#here", "/$defs/a").unwrap(), "/$defs/a/$defs/x");
        assert_eq!(
            r.target("a.json#/$defs/x", "/$defs/a").unwrap(),
            "/$defs/a/$defs/x"
        );
        let draft07 = json!({"definitions": {"x": {"$id": "#here", "type": "string"}}});
        let r7 = Resolver::new(&draft07, "");
        assert_eq!(r7.target("#here", "").unwrap(), "/definitions/x");
        assert_eq!(
            r.target("other.json", "").unwrap_err(),
            "$ref \"other.json\" does not resolve within this document"
        );
    }
}
