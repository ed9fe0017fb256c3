//! Parsing and checking: a tool document → the IR, collecting every problem with its pointer.
//!
//! The walk chooses a form for each schema (`form`): the typed form (`typed`, with the named
//! types of `named`) or the general form (`general`); both read keyword values through
//! `values`. The named passes (`crate::passes`) then finish the IR.

mod errors;
mod form;
mod general;
mod http;
mod named;
mod typed;
mod union;
mod values;

use crate::error::{SchemaErrors, pointer_push};
use crate::ir::*;
use crate::keywords;
use crate::load::ToolDocument;
use crate::naming;
use crate::resolve::Resolver;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The state of one walk over a tool document.
struct Parser<'a> {
    doc: &'a Value,
    errors: SchemaErrors,
    types: Vec<Option<TypeDef>>,
    /// Named types by the pointer of their schema.
    by_pointer: HashMap<String, TypeId>,
    /// Shapes of `$ref` targets that are not named types.
    ref_shapes: HashMap<String, Shape>,
    in_progress: HashSet<String>,
    names: HashSet<String>,
    dialect: Dialect,
    formats: Formats,
    checkers: Checkers,
    /// Where `$ref`s lead, per schema root.
    resolvers: HashMap<String, Resolver>,
    /// How many schemas enclose the one being read, `$ref`s followed included.
    depth: usize,
    /// Whether the document uses `unevaluated*` (see `general::Compiler::annotations`).
    annotations: bool,
    /// Whether the document uses `$dynamicRef` (see `general::Compiler::dynamic`).
    dynamic: bool,
    /// `$ref` targets generated elsewhere, by pointer: the Rust path of each (see
    /// [`Options::external`]).
    external: HashMap<String, String>,
}

/// Where a type's name comes from when the schema has no `title`.
#[derive(Clone)]
struct NameHint {
    /// The chosen name, when already decided (the root, a `$defs` entry).
    fixed: Option<String>,
    /// The property holding this schema.
    property: Option<String>,
    /// The type holding that property; `None` at the root.
    parent: Option<String>,
    /// Whether the parent is the root type (its children are named by the property alone).
    parent_is_root: bool,
}

/// Parses and checks a tool document.
pub fn parse(document: &ToolDocument, options: &Options) -> Result<Tool, SchemaErrors> {
    parse_value(&document.value, document.bare, options)
}

/// [`parse`] of a tool document held as its value and whether it is a bare schema, so that a
/// tool without a patch is read where it is, uncopied.
pub(crate) fn parse_value(
    value: &Value,
    bare: bool,
    options: &Options,
) -> Result<Tool, SchemaErrors> {
    let mut p = Parser {
        doc: value,
        errors: SchemaErrors::default(),
        types: Vec::new(),
        by_pointer: HashMap::new(),
        ref_shapes: HashMap::new(),
        in_progress: HashSet::new(),
        names: HashSet::new(),
        dialect: Dialect::default(),
        formats: options.formats,
        checkers: Checkers::default(),
        resolvers: HashMap::new(),
        depth: 0,
        annotations: general::uses_unevaluated(value),
        dynamic: general::uses_dynamic_ref(value),
        external: options.external.iter().cloned().collect(),
    };
    // A document built in code, or read without a patch, skipped `load`'s bound; every walk
    // below relies on it.
    crate::load::check_json_depth(value)?;
    if let Some(name) = &options.root_name {
        naming::check_type_name(name)
            .map_err(|problem| crate::error::SchemaError::new("", problem))?;
    }
    let input_ptr = if bare { "" } else { "/inputSchema" }.to_owned();
    p.dialect = p.dialect_of(&input_ptr);
    let (name, description, http, docs_base) = if bare {
        (None, None, None, None)
    } else {
        p.tool_fields()
    };
    let root_name = match (&options.root_name, &name) {
        (Some(n), _) => n.clone(),
        (None, Some(tool)) => naming::root_name(tool),
        (None, None) => p
            .doc
            .pointer(&pointer_push(&input_ptr, "title"))
            .and_then(Value::as_str)
            .map(|t| naming::upper_camel(t, "Tool"))
            .unwrap_or_else(|| "Input".to_owned()),
    };
    if http.as_ref().is_some_and(|h| !h.errors.is_empty()) {
        p.names.insert(errors::enum_name(&root_name));
    }
    // An output generated elsewhere is re-exported under its own name, which no type of the
    // tool may then take: it is reserved before any is named.
    let out_ptr = "/outputSchema".to_owned();
    let output_reexport = match (bare, p.external.get(&out_ptr)) {
        (false, Some(path)) => {
            let last = p
                .doc
                .pointer("/outputSchema/title")
                .and_then(Value::as_str)
                .map(|t| naming::upper_camel(t, "Tool"))
                .unwrap_or_else(|| path.rsplit("::").next().unwrap_or(path).to_owned());
            let mut name = last.clone();
            let mut n = 2;
            while name == root_name || p.names.contains(&name) {
                name = format!("{last}{n}");
                n += 1;
            }
            p.names.insert(name.clone());
            Some(name)
        }
        _ => None,
    };
    let doc = p.doc;
    let input = doc.pointer(&input_ptr).unwrap_or(&Value::Null);
    let root_shape = p.root(input, &input_ptr, &input_ptr, &root_name, true);
    let root = crate::passes::checks::input_root(
        &p.types,
        root_shape,
        bare || input.get("type") == Some(&Value::String("object".into())),
        &input_ptr,
        &mut p.errors,
    );
    let output = if bare {
        None
    } else {
        match doc.pointer(&out_ptr) {
            Some(_) if output_reexport.is_some() => {
                let path = p.external[&out_ptr].clone();
                let id = p.external_type(path, &out_ptr);
                p.by_pointer.insert(out_ptr.clone(), id);
                Some(Shape::Named { id, boxed: false })
            }
            Some(v) => {
                let out_name = v
                    .get("title")
                    .and_then(Value::as_str)
                    .map(|t| naming::upper_camel(t, "Tool"))
                    .unwrap_or_else(|| format!("{root_name}Output"));
                p.root(v, &out_ptr, &out_ptr, &out_name, false)
            }
            None => None,
        }
    };
    let answers = p.error_answers(http.as_ref(), &root_name);
    let Parser {
        mut errors,
        types,
        checkers,
        dialect,
        ..
    } = p;
    let mut types: Vec<TypeDef> = types.into_iter().flatten().collect();
    match crate::passes::checks::complete(root, &mut errors, &input_ptr) {
        Some(root) => {
            let mut output = output;
            // The error answers' roots need no pass of their own: a root is never boxed, and
            // their types report their own schemas.
            let sources = crate::passes::run(
                &mut types,
                output.as_mut(),
                value,
                &input_ptr,
                root,
                bare,
                dialect,
            );
            let mut tool = Tool {
                name,
                description,
                dialect,
                checkers: checkers.targets,
                root,
                output,
                output_reexport,
                http,
                errors: answers,
                docs_base,
                types,
                sources,
            };
            let query_given = value.pointer("/x-http/query").is_some();
            http::check(&mut tool, query_given, &mut errors);
            if errors.is_empty() {
                Ok(tool)
            } else {
                Err(errors)
            }
        }
        None => Err(errors),
    }
}

impl Parser<'_> {
    /// A type generated elsewhere (see [`Options::external`]) for the schema at `pointer`, named
    /// by its Rust `path`: nothing is emitted for it.
    fn external_type(&mut self, path: String, pointer: &str) -> TypeId {
        let id = self.types.len();
        self.types.push(Some(TypeDef {
            name: path.clone(),
            pointer: pointer.to_owned(),
            doc: Doc::default(),
            kind: TypeKind::External(path),
            source: Value::Null,
        }));
        id
    }

    fn tool_fields(
        &mut self,
    ) -> (
        Option<String>,
        Option<String>,
        Option<HttpBinding>,
        Option<String>,
    ) {
        let Some(tool) = self.doc.as_object() else {
            return (None, None, None, None);
        };
        let name = match tool.get("name") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.errors.push("/name", "the tool name must be a string");
                None
            }
            None => None,
        };
        let description = tool
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let http = match tool.get("x-http") {
            None => None,
            Some(Value::Object(b)) => http::binding(b, &mut self.errors),
            Some(_) => {
                self.errors.push("/x-http", "x-http must be an object");
                None
            }
        };
        let docs_base = match tool.get("x-docs-base") {
            None => None,
            Some(Value::String(s)) if s.starts_with("https://") || s.starts_with("http://") => {
                Some(s.clone())
            }
            Some(_) => {
                self.errors.push(
                    "/x-docs-base",
                    "x-docs-base must be an absolute http(s) URL",
                );
                None
            }
        };
        (name, description, http, docs_base)
    }

    /// The dialect of the schema at `ptr`, from its `$schema` (2020-12 when absent).
    fn dialect_of(&mut self, ptr: &str) -> Dialect {
        crate::dialect::declared(self.doc, ptr, &mut self.errors)
    }

    /// A schema root (the input or the output schema): a struct or a string enum when the schema
    /// is one, else a type in the general form.
    fn root(&mut self, v: &Value, ptr: &str, base: &str, name: &str, input: bool) -> Option<Shape> {
        if !input && v.get("$schema").is_some() {
            let dialect = self.dialect_of(ptr);
            if dialect != self.dialect {
                self.errors.push(
                    pointer_push(ptr, "$schema"),
                    "the output schema must use the dialect of the input schema",
                );
            }
        }
        let hint = NameHint {
            fixed: Some(name.to_owned()),
            property: None,
            parent: None,
            parent_is_root: false,
        };
        let saved = (
            self.types.len(),
            self.by_pointer.clone(),
            self.ref_shapes.clone(),
            self.names.clone(),
            self.errors.0.len(),
        );
        // A root that is only a `$ref` names the referenced definition after the tool: the
        // last of a chain of such `$ref`s (bounded, as a chain may loop).
        let doc = self.doc;
        let mut at = (v, ptr.to_owned());
        let mut last = None;
        for _ in 0..crate::MAX_SCHEMA_DEPTH {
            let (sv, sp) = &at;
            if self.typed(sv)
                && let Some(Value::String(r)) = sv.get("$ref")
                && let Ok(target) = self.ref_target(r, sp, base)
                && let Some(tv) = doc.pointer(&target)
            {
                last = Some((tv, target.clone()));
                at = (tv, target);
            } else {
                break;
            }
        }
        if let Some((tv, target)) = last
            && !self.by_pointer.contains_key(&target)
        {
            self.shape(tv, &target, base, hint.clone());
        }
        let shape = self.shape(v, ptr, base, hint.clone());
        if matches!(shape, Shape::Named { .. }) {
            return Some(shape);
        }
        // Not a named type (a string, a list, any value): start again in the general form.
        let (len, by_pointer, ref_shapes, names, errors) = saved;
        self.types.truncate(len);
        self.by_pointer = by_pointer;
        self.ref_shapes = ref_shapes;
        self.names = names;
        self.errors.0.truncate(errors);
        Some(self.general(v, ptr, base, hint))
    }

    /// Where the `$ref` `r`, written in the schema at `site` under the root at `base`, leads.
    fn ref_target(&mut self, r: &str, site: &str, base: &str) -> Result<String, String> {
        let doc = self.doc;
        self.resolvers
            .entry(base.to_owned())
            .or_insert_with(|| Resolver::new(doc, base))
            .target(r, site)
    }

    /// The shape of `v`, one level below the schema being read; past
    /// [`crate::MAX_SCHEMA_DEPTH`] levels a schema error, so the walk never recurses deeper.
    fn shape(&mut self, v: &Value, ptr: &str, base: &str, hint: NameHint) -> Shape {
        if self.depth >= crate::MAX_SCHEMA_DEPTH {
            self.errors.push(ptr, crate::too_deep());
            return Shape::Any;
        }
        self.depth += 1;
        let shape = self.level(v, ptr, base, hint);
        self.depth -= 1;
        shape
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The one type of `[T, "null"]` (in either order), when `T` has a typed form.
fn nullable_type(list: &[Value]) -> Option<&str> {
    let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
    match names.as_slice() {
        [a, "null"] | ["null", a] if keywords::NULLABLE.contains(a) => Some(a),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    fn generate(schema: &str) -> Result<String, String> {
        let tool = format!(r#"{{"name": "t", "inputSchema": {schema}}}"#);
        crate::Config::new()
            .generate_str(&tool)
            .map(|tokens| crate::render(&tokens))
            .map_err(|errors| {
                let shown: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
                shown.join("\n")
            })
    }

    #[test]
    fn unknown_keywords_are_documented_annotations_and_refs_reach_into_them() {
        let code = generate(
            r##"{
              "type": "object",
              "properties": {
                "a": {"type": "string", "tsType": "Foo", "unknown-keyword": {"type": "integer"}},
                "b": {"$ref": "#/properties/a/unknown-keyword"}
              },
              "required": ["a", "b"]
            }"##,
        )
        .unwrap();
        assert!(
            code.contains("pub a: ::portal_runtime::__private_v1::String,"),
            "{code}"
        );
        assert!(
            code.contains("pub b: ::portal_runtime::__private_v1::serde_json::Number,"),
            "{code}"
        );
        assert!(
            code.contains(
                r#"Annotation `"tsType"`: `"Foo"` (not checked). Annotation `"unknown-keyword"`: `{"type":"integer"}` (not checked)."#
            ),
            "{code}"
        );
    }

    #[test]
    fn a_misspelt_keyword_is_a_schema_error_with_a_hint() {
        assert_eq!(
            generate(
                r#"{"type": "object", "properties": {"a": {"type": "string", "minLenght": 1}}}"#
            )
            .unwrap_err(),
            r#"schema error at /inputSchema/properties/a/minLenght: unsupported keyword "minLenght": did you mean "minLength"?"#
        );
        assert_eq!(
            generate(r#"{"type": "object", "properties": {"a": {"not": {"Type": "string"}}}}"#)
                .unwrap_err(),
            r#"schema error at /inputSchema/properties/a/not/Type: unsupported keyword "Type": did you mean "type"?"#
        );
    }
}
