//! The documentation of generated items: type and field docs, the constraints in words.

use super::Emitter;
use crate::docs;
use crate::ir::*;
use crate::naming;

/// A code span for rustdoc: backticks enough to hold the text.
pub(super) fn code(text: &str) -> String {
    let ticks = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// One sentence per keyword no dialect defines: JSON Schema collects it as an annotation, so
/// the docs show it and nothing checks it.
fn annotation_text(doc: &crate::ir::Doc) -> Vec<String> {
    doc.annotations
        .iter()
        .map(|(k, v)| {
            format!(
                "Annotation {}: {} (not checked).",
                code(&format!("{k:?}")),
                code(&v.to_string())
            )
        })
        .collect()
}

/// A bullet's text as a sentence: ends with a full stop.
pub(super) fn sentence(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// What a string of an asserted format is, as its field's docs say it; the runtime's violations
/// say the same.
fn format_what(format: &str) -> &'static str {
    match format {
        "date-time" => "An RFC 3339 date-time",
        "date" => "An RFC 3339 date",
        "time" => "An RFC 3339 time",
        "duration" => "An RFC 3339 duration",
        "email" => "An email address",
        "idn-email" => "An internationalized email address",
        "hostname" => "A host name",
        "idn-hostname" => "An internationalized host name",
        "ipv4" => "An IPv4 address",
        "ipv6" => "An IPv6 address",
        "uri" => "An absolute URI",
        "uri-reference" => "A URI reference",
        "iri" => "An absolute IRI",
        "iri-reference" => "An IRI reference",
        "uuid" => "A UUID",
        "uri-template" => "A URI template",
        "json-pointer" => "A JSON Pointer",
        "relative-json-pointer" => "A relative JSON Pointer",
        "regex" => "An ECMA-262 regular expression",
        _ => "A string",
    }
}

fn number_text(n: Limit) -> String {
    n.to_string()
}

impl Emitter<'_> {
    pub(super) fn docs_base(&self) -> Option<&str> {
        self.tool.docs_base.as_deref()
    }

    /// Sentences describing a shape's constraints, for field docs.
    fn constraint_text(&self, shape: &Shape) -> Vec<String> {
        let mut out = Vec::new();
        match shape {
            Shape::String(r) => {
                if let Some(c) = &r.const_value {
                    out.push(format!("Always {}.", code(&format!("{c:?}"))));
                }
                if let Some(n) = r.min_length {
                    out.push(format!(
                        "At least {n} character{}.",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                if let Some(n) = r.max_length {
                    out.push(format!(
                        "At most {n} character{}.",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                if let Some(pat) = &r.pattern {
                    out.push(format!("Matches the pattern {}.", code(pat)));
                }
                if let Some(f) = &r.format {
                    out.push(format!("{} (format {}).", format_what(f), code(f)));
                }
                if let Some(f) = &r.format_annotation {
                    out.push(format!("Format {} (an annotation, not checked).", code(f)));
                }
            }
            Shape::Integer(r) | Shape::Number(r) => {
                if let Some(n) = r.minimum {
                    out.push(format!("At least {}.", number_text(n)));
                }
                if let Some(n) = r.exclusive_minimum {
                    out.push(format!("Greater than {}.", number_text(n)));
                }
                if let Some(n) = r.maximum {
                    out.push(format!("At most {}.", number_text(n)));
                }
                if let Some(n) = r.exclusive_maximum {
                    out.push(format!("Less than {}.", number_text(n)));
                }
                if let Some(n) = r.multiple_of {
                    out.push(format!("A multiple of {}.", number_text(n)));
                }
            }
            Shape::Array {
                items,
                min_items,
                max_items,
            } => {
                if let Some(n) = min_items {
                    out.push(format!(
                        "At least {n} item{}.",
                        if *n == 1 { "" } else { "s" }
                    ));
                }
                if let Some(n) = max_items {
                    out.push(format!(
                        "At most {n} item{}.",
                        if *n == 1 { "" } else { "s" }
                    ));
                }
                let inner = self.constraint_text(items);
                if !inner.is_empty() {
                    let mut text = inner.join(" ");
                    if let Some(first) = text.get(..1) {
                        text.replace_range(..1, &first.to_ascii_lowercase());
                    }
                    out.push(format!("Each item: {text}"));
                }
            }
            Shape::Named { id, .. } => match &self.tool.types[*id].kind {
                TypeKind::Enum(StringEnum {
                    constant: true,
                    variants,
                }) if variants.len() == 1 => out.push(format!(
                    "Always `{:?}` ([`{}`]).",
                    variants[0].value, self.tool.types[*id].name
                )),
                TypeKind::Enum(_) => out.push(format!(
                    "One of the values of [`{}`].",
                    self.tool.types[*id].name
                )),
                TypeKind::Json(_) => out.push(format!(
                    "A JSON value, checked against the schema shown on [`{}`].",
                    self.tool.types[*id].name
                )),
                TypeKind::Union(_) => out.push(format!(
                    "One of the branches of [`{}`].",
                    self.tool.types[*id].name
                )),
                TypeKind::Struct(_) | TypeKind::External(_) => {}
            },
            Shape::Nullable(inner) => {
                out.push("May be `null`.".to_owned());
                out.extend(self.constraint_text(inner));
            }
            Shape::Boolean | Shape::Map | Shape::Any => {}
        }
        out
    }

    pub(super) fn field_doc(&self, prop: &Property) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(title) = &prop.doc.title {
            lines.extend(docs::doc_lines(title, self.docs_base()));
            lines.push(String::new());
        }
        if let Some(d) = &prop.doc.description {
            let d = if matches!(prop.shape, Shape::Named { id, .. } if matches!(self.tool.types[id].kind, TypeKind::Enum(_)))
            {
                docs::enum_bullets(d).0
            } else {
                d.clone()
            };
            let body = docs::doc_lines(&d, self.docs_base());
            if !body.is_empty() {
                lines.extend(body);
                lines.push(String::new());
            }
        }
        let mut facts = vec![format!(
            "JSON property {}, {}.",
            code(&format!("{:?}", prop.json_name)),
            if prop.required {
                "required"
            } else {
                "optional"
            }
        )];
        facts.extend(self.constraint_text(&prop.shape));
        if let Some(d) = &prop.doc.default {
            facts.push(format!(
                "Default when absent (applied by the server): {}.",
                code(&d.to_string())
            ));
        }
        if !prop.doc.examples.is_empty() {
            let ex: Vec<String> = prop
                .doc
                .examples
                .iter()
                .map(|e| code(&e.to_string()))
                .collect();
            facts.push(format!(
                "Example{}: {}.",
                if ex.len() == 1 { "" } else { "s" },
                ex.join(", ")
            ));
        }
        facts.extend(annotation_text(&prop.doc));
        if prop.doc.deprecated {
            facts.push("Deprecated by the schema.".into());
        }
        if prop.secret {
            facts.push("Secret: hidden from `Debug` output.".into());
        }
        lines.push(facts.join(" "));
        lines
    }

    pub(super) fn type_doc(&self, id: TypeId, t: &TypeDef) -> Vec<String> {
        let mut lines = Vec::new();
        let is_root = id == self.tool.root;
        let description = if is_root {
            self.tool
                .description
                .clone()
                .or_else(|| t.doc.description.clone())
        } else {
            t.doc.description.clone()
        };
        let description = match (&t.kind, description) {
            (TypeKind::Enum(_), Some(d)) => Some(docs::enum_bullets(&d).0),
            (_, d) => d,
        };
        // A title that only names the type says nothing the type name does not.
        if let Some(title) = t
            .doc
            .title
            .as_ref()
            .filter(|title| naming::upper_camel(title, "Type") != t.name)
        {
            lines.extend(docs::doc_lines(title, self.docs_base()));
        }
        if let Some(d) = description {
            let body = docs::doc_lines(&d, self.docs_base());
            if !lines.is_empty() && !body.is_empty() {
                lines.push(String::new());
            }
            lines.extend(body);
        }
        if lines.is_empty() {
            lines.push(
                self.origin(id)
                    .unwrap_or_else(|| format!("The schema at {}.", code(&t.pointer))),
            );
        }
        if is_root {
            let mut facts = Vec::new();
            if let Some(name) = &self.tool.name {
                facts.push(format!("MCP tool {}", code(name)));
            }
            if let Some(h) = &self.tool.http {
                facts.push(format!(
                    "REST {}",
                    code(&format!("{} {}", h.method, h.path))
                ));
            }
            if !facts.is_empty() {
                let mut sentence = facts.join("; ");
                if let Some(Shape::Named { id, .. }) = &self.tool.output {
                    let name = self
                        .tool
                        .output_reexport
                        .as_ref()
                        .unwrap_or(&self.tool.types[*id].name);
                    sentence.push_str(&format!("; returns [`{name}`]"));
                }
                lines.push(String::new());
                lines.push(format!("{sentence}."));
            }
        }
        if let TypeKind::Struct(Struct {
            residual: Some(_), ..
        }) = &t.kind
            && let serde_json::Value::Object(source) = &t.source
        {
            let rest: serde_json::Map<String, serde_json::Value> = source
                .iter()
                .filter(|(k, _)| crate::keywords::RESIDUAL.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            lines.push(String::new());
            lines.push("`validate` also checks the object against:".to_owned());
            lines.push(String::new());
            lines.push("```json".to_owned());
            let text =
                serde_json::to_string_pretty(&serde_json::Value::Object(rest)).unwrap_or_default();
            lines.extend(text.lines().map(str::to_owned));
            lines.push("```".to_owned());
        }
        let annotations = annotation_text(&t.doc);
        if !annotations.is_empty() {
            lines.push(String::new());
            lines.push(annotations.join(" "));
        }
        if t.doc.deprecated {
            lines.push(String::new());
            lines.push("Deprecated by the schema.".into());
        }
        lines
    }

    /// Where an undocumented type is used, as a sentence: the first property holding it.
    fn origin(&self, id: TypeId) -> Option<String> {
        fn depth(shape: &Shape, id: TypeId) -> Option<usize> {
            match shape {
                Shape::Named { id: found, .. } if *found == id => Some(0),
                Shape::Array { items, .. } => depth(items, id).map(|d| d + 1),
                Shape::Nullable(inner) => depth(inner, id),
                _ => None,
            }
        }
        self.tool
            .types
            .iter()
            .enumerate()
            .find_map(|(owner_id, owner)| {
                if Some(owner_id) == self.skip {
                    return None;
                }
                let TypeKind::Struct(s) = &owner.kind else {
                    return None;
                };
                s.properties.iter().find_map(|p| {
                    let what = if depth(&p.shape, id)? == 0 {
                        "The"
                    } else {
                        "An item of the"
                    };
                    Some(format!(
                        "{what} {} property of [`{}`].",
                        code(&p.json_name),
                        owner.name
                    ))
                })
            })
    }
}
