//! An OpenAPI 3.0 or 3.1 document as MCP tools, one per operation.
//!
//! # Names
//!
//! As WorkOS's MCP server names its tools: the path's literal segments joined by dots (path
//! parameters dropped), then a verb for the method:
//!
//! | method | verb |
//! |---|---|
//! | `POST` | `create` |
//! | `GET`, last segment holding a parameter | `get` |
//! | `GET`, last segment a literal | `list` |
//! | `PUT`, `PATCH` | `update` |
//! | `DELETE` | `delete` |
//!
//! `POST /organizations` is `organizations.create`, `GET /organizations/{id}` is
//! `organizations.get`, `POST /portal/generate_link` is `portal.generate_link.create`: a last
//! literal segment that names an action keeps its place before the verb. Other methods (`HEAD`,
//! `OPTIONS`, `TRACE`) are refused: the binding has no place for them.
//!
//! When several operations give one name, each is told apart by the path parameters that not
//! all of them have, as a `by_<a>_and_<b>` segment before the verb (an operation with none keeps
//! the plain name): `DELETE /role_assignments` stays `role_assignments.delete` and `DELETE
//! /role_assignments/{role_assignment_id}` becomes `role_assignments.by_role_assignment_id.delete`.
//! The rule reads only the colliding operations, never their order; names that still collide are
//! an error.
//!
//! # The tool
//!
//! - `description`: the operation's `description`, else its `summary`; the `summary` is also the
//!   `title` of `annotations`.
//! - `inputSchema`: one object whose properties are the path parameters (in the order of the path
//!   template, required), the query parameters (in the document's order, required when the
//!   document says so) and the JSON request body's properties. Parameter descriptions,
//!   `deprecated` and `example` go onto the property. Header and cookie parameters are left out:
//!   the client sends its own headers (an `Idempotency-Key` on every request). A body that is not
//!   a plain object (a union, an `allOf`) is kept whole as the one member of the input's `allOf`,
//!   beside the parameters. A body property named like a query parameter is the same field
//!   stated twice and is sent once, in the query; a body property named like a path parameter
//!   is a different field, so the path parameter is renamed `<segment>_<name>` after the literal
//!   segment before it (`/roles/{slug}/permissions` with a body `slug` has `{roles_slug}`).
//! - `outputSchema`: the JSON schema of the first 2xx response (by status) that has one, none for
//!   an empty answer (204). A response that is one component schema is that schema, titled with
//!   the component's name.
//! - `annotations`: `readOnlyHint` for `GET`; `destructiveHint` for `DELETE` (false otherwise:
//!   MCP's default is true); `idempotentHint` for `GET`, `PUT` and `DELETE`.
//! - `x-http`: `method`, `path`, `status`, `query` (each query parameter, with the `style` and
//!   `explode` the document states), `paginated` for a `GET` taking `limit` and `after` whose
//!   answer has `data` and `list_metadata` (WorkOS's list envelope), `errors` (each non-2xx
//!   response's JSON schema by status).
//!
//! Every schema is converted by the rules of the `schema` module (3.0's `nullable`, boolean
//! bounds, `example`). Component references become `#/$defs/<name>`; each schema root
//! (`inputSchema`, `outputSchema`, each error) carries in `$defs` exactly the components it
//! reaches, sorted by name, each identical in every tool that uses it.
//!
//! Tools come back sorted by name; the same document gives the same tools.

use super::binding::{Responses, annotations, binding};
use super::naming::{Endpoint, segment_before, segments, tool_names};
use super::schema::{Converter, DEFS_PREFIX};
use super::{ImportError, escape, unescape};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The methods imported, in the order operations of one path are read.
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];
/// Path item members that are operations the binding cannot carry.
const OTHER_METHODS: &[&str] = &["head", "options", "trace"];

/// A converted component schema and the components it references.
struct Component {
    schema: Value,
    refs: BTreeSet<String>,
}

/// One operation as read, before its tool is built.
struct Operation<'a> {
    method: &'a str,
    path: &'a str,
    pointer: String,
    operation: &'a Map<String, Value>,
    item: &'a Map<String, Value>,
}

/// The MCP tools of an OpenAPI 3.0 or 3.1 document, sorted by name; every problem is reported.
pub fn openapi(document: &Value) -> Result<Vec<Value>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let Some(root) = document.as_object() else {
        return Err(vec![ImportError::new("", "the document must be an object")]);
    };
    let v30 = match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v == "3.0" || v.starts_with("3.0.") => true,
        Some(v) if v == "3.1" || v.starts_with("3.1.") => false,
        Some(v) => {
            return Err(vec![ImportError::new(
                "/openapi",
                format!("openapi {v:?} is not read (3.0 and 3.1 are)"),
            )]);
        }
        None => {
            return Err(vec![ImportError::new(
                "/openapi",
                "missing the openapi version",
            )]);
        }
    };
    let empty = Map::new();
    let schemas = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let names: BTreeSet<String> = schemas.keys().cloned().collect();
    let converter = Converter {
        v30,
        components: &names,
    };
    let components: BTreeMap<String, Component> = schemas
        .iter()
        .map(|(name, schema)| {
            let mut refs = BTreeSet::new();
            let at = format!("/components/schemas/{}", escape(name));
            let schema = converter.convert(schema, &at, &mut refs, &mut errors);
            (name.clone(), Component { schema, refs })
        })
        .collect();
    let cx = Cx {
        root,
        converter: &converter,
        components: &components,
    };

    let operations = operations(root, &mut errors);
    let endpoints: Vec<Endpoint<'_>> = operations
        .iter()
        .map(|op| Endpoint {
            method: op.method,
            path: op.path,
            pointer: &op.pointer,
        })
        .collect();
    let names = tool_names(&endpoints, &mut errors);
    let mut tools = BTreeMap::new();
    for (operation, name) in operations.iter().zip(names) {
        if let Some(tool) = cx.tool(&name, operation, &mut errors) {
            tools.insert(name, tool);
        }
    }
    if errors.is_empty() {
        Ok(tools.into_values().collect())
    } else {
        Err(errors)
    }
}

fn operations<'a>(
    root: &'a Map<String, Value>,
    errors: &mut Vec<ImportError>,
) -> Vec<Operation<'a>> {
    let mut operations = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        errors.push(ImportError::new("/paths", "missing the paths object"));
        return operations;
    };
    for (path, item) in paths {
        let at = format!("/paths/{}", escape(path));
        let Some(item) = item.as_object() else {
            errors.push(ImportError::new(at, "a path item must be an object"));
            continue;
        };
        if item.contains_key("$ref") {
            errors.push(ImportError::new(
                format!("{at}/$ref"),
                "path item references are not read",
            ));
        }
        for method in OTHER_METHODS {
            if item.contains_key(*method) {
                errors.push(ImportError::new(
                    format!("{at}/{method}"),
                    format!(
                        "{} operations are not imported (only GET, PUT, POST, DELETE and PATCH)",
                        method.to_uppercase()
                    ),
                ));
            }
        }
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let pointer = format!("{at}/{method}");
            let Some(operation) = operation.as_object() else {
                errors.push(ImportError::new(pointer, "an operation must be an object"));
                continue;
            };
            operations.push(Operation {
                method,
                path,
                pointer,
                operation,
                item,
            });
        }
    }
    operations
}

/// What every tool of one document reads.
struct Cx<'a> {
    root: &'a Map<String, Value>,
    converter: &'a Converter<'a>,
    components: &'a BTreeMap<String, Component>,
}

/// A request body as read.
#[derive(Default)]
struct Body {
    /// A plain object body's properties, which join the parameters.
    properties: Map<String, Value>,
    /// Its `required`.
    required: Vec<Value>,
    /// Any other body, kept whole.
    whole: Option<Value>,
    /// The components it reaches.
    refs: BTreeSet<String>,
}

/// A parameter as read: where it goes and its property schema.
struct Parameter {
    name: String,
    place: String,
    required: bool,
    schema: Value,
    style: Map<String, Value>,
    refs: BTreeSet<String>,
}

impl Cx<'_> {
    /// A `$ref` to `#/components/<kind>/<name>` followed (once: such objects do not chain in
    /// practice, and a chain is refused rather than followed without end).
    fn follow<'v>(
        &'v self,
        value: &'v Value,
        kind: &str,
        pointer: &str,
        errors: &mut Vec<ImportError>,
    ) -> Option<(&'v Value, String)> {
        let Some(target) = value.get("$ref") else {
            return Some((value, pointer.to_owned()));
        };
        let prefix = format!("#/components/{kind}/");
        let found = target
            .as_str()
            .and_then(|t| t.strip_prefix(&prefix))
            .and_then(|name| {
                let name = unescape(name);
                let at = format!("/components/{kind}/{}", escape(&name));
                self.root
                    .get("components")?
                    .get(kind)?
                    .get(&name)
                    .filter(|v| v.get("$ref").is_none())
                    .map(|v| (v, at))
            });
        if found.is_none() {
            errors.push(ImportError::new(
                format!("{pointer}/$ref"),
                format!("reference {target} is not to a {kind} component of this document"),
            ));
        }
        found
    }

    fn convert(
        &self,
        schema: &Value,
        pointer: &str,
        refs: &mut BTreeSet<String>,
        errors: &mut Vec<ImportError>,
    ) -> Value {
        self.converter.convert(schema, pointer, refs, errors)
    }

    /// The first JSON media type's schema of a `content` map, with its pointer.
    fn json_schema<'v>(&self, holder: &'v Value, pointer: &str) -> Option<(&'v Value, String)> {
        let content = holder.get("content")?.as_object()?;
        content.iter().find_map(|(media, body)| {
            let essence = media.split(';').next().unwrap_or_default().trim();
            let json =
                essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json");
            let schema = body.get("schema")?;
            json.then(|| {
                (
                    schema,
                    format!("{pointer}/content/{}/schema", escape(media)),
                )
            })
        })
    }

    /// The components `refs` reaches, each with those it reaches, sorted by name.
    fn defs(&self, refs: &BTreeSet<String>) -> Map<String, Value> {
        let mut reached = BTreeSet::new();
        let mut todo: Vec<&String> = refs.iter().collect();
        while let Some(name) = todo.pop() {
            if reached.insert(name.clone())
                && let Some(component) = self.components.get(name)
            {
                todo.extend(component.refs.iter());
            }
        }
        reached
            .into_iter()
            .filter_map(|name| {
                let schema = self.components.get(&name)?.schema.clone();
                Some((name, schema))
            })
            .collect()
    }

    /// The component a schema is exactly a reference to.
    fn component_of<'v>(&'v self, schema: &Value) -> Option<(&'v str, &'v Component)> {
        let map = schema.as_object()?;
        if map.len() != 1 {
            return None;
        }
        let name = map.get("$ref")?.as_str()?.strip_prefix(DEFS_PREFIX)?;
        if name.contains('/') {
            return None;
        }
        self.components
            .get_key_value(&unescape(name))
            .map(|(k, c)| (k.as_str(), c))
    }

    /// A converted schema as the root of a schema document: a lone component reference replaced
    /// by the component (titled with its name), and the `$defs` it reaches.
    fn rooted(&self, schema: Value, refs: BTreeSet<String>) -> Value {
        let (mut map, refs) = match self.component_of(&schema) {
            Some((name, component)) => {
                let mut map = Map::new();
                if let Value::Object(inner) = &component.schema {
                    if !inner.contains_key("title") {
                        map.insert("title".to_owned(), Value::String(name.to_owned()));
                    }
                    map.extend(inner.clone());
                } else {
                    map.insert("allOf".to_owned(), json!([component.schema.clone()]));
                }
                (map, component.refs.clone())
            }
            None => match schema {
                Value::Object(map) => (map, refs),
                other => (Map::from_iter([("allOf".to_owned(), json!([other]))]), refs),
            },
        };
        let defs = self.defs(&refs);
        if !defs.is_empty() {
            map.insert("$defs".to_owned(), Value::Object(defs));
        }
        Value::Object(map)
    }

    fn parameters(&self, op: &Operation<'_>, errors: &mut Vec<ImportError>) -> Vec<Parameter> {
        let item_at = op
            .pointer
            .rsplit_once('/')
            .map_or("", |(p, _)| p)
            .to_owned();
        let lists = [
            (op.item.get("parameters"), format!("{item_at}/parameters")),
            (
                op.operation.get("parameters"),
                format!("{}/parameters", op.pointer),
            ),
        ];
        // The operation's parameters override the path item's of the same name and place.
        let mut read_parameters: Vec<Parameter> = Vec::new();
        let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (list, at) in lists {
            let Some(list) = list else { continue };
            let Some(list) = list.as_array() else {
                errors.push(ImportError::new(at, "parameters must be an array"));
                continue;
            };
            for (i, parameter) in list.iter().enumerate() {
                let at = format!("{at}/{i}");
                let Some((parameter, at)) = self.follow(parameter, "parameters", &at, errors)
                else {
                    continue;
                };
                let Some(read) = self.parameter(parameter, &at, errors) else {
                    continue;
                };
                let key = (read.name.clone(), read.place.clone());
                match index.get(&key) {
                    Some(&i) => read_parameters[i] = read,
                    None => {
                        index.insert(key, read_parameters.len());
                        read_parameters.push(read);
                    }
                }
            }
        }
        read_parameters
    }

    fn parameter(
        &self,
        parameter: &Value,
        at: &str,
        errors: &mut Vec<ImportError>,
    ) -> Option<Parameter> {
        let (Some(name), Some(place)) = (
            parameter.get("name").and_then(Value::as_str),
            parameter.get("in").and_then(Value::as_str),
        ) else {
            errors.push(ImportError::new(at, "a parameter needs a name and an in"));
            return None;
        };
        let mut refs = BTreeSet::new();
        let schema = match (parameter.get("schema"), self.json_schema(parameter, at)) {
            (Some(schema), _) => self.convert(schema, &format!("{at}/schema"), &mut refs, errors),
            (None, Some((schema, schema_at))) => {
                self.convert(schema, &schema_at, &mut refs, errors)
            }
            (None, None) => json!({}),
        };
        let mut schema = match schema {
            Value::Object(map) => map,
            Value::Bool(true) => Map::new(),
            other => Map::from_iter([("allOf".to_owned(), json!([other]))]),
        };
        if let Some(description) = parameter.get("description") {
            schema.insert("description".to_owned(), description.clone());
        }
        if parameter.get("deprecated") == Some(&Value::Bool(true)) {
            schema.insert("deprecated".to_owned(), Value::Bool(true));
        }
        if !schema.contains_key("examples") {
            if let Some(example) = parameter.get("example") {
                schema.insert("examples".to_owned(), json!([example]));
            } else if let Some(Value::Object(examples)) = parameter.get("examples") {
                let values: Vec<Value> = examples
                    .values()
                    .filter_map(|e| e.get("value").cloned())
                    .collect();
                if !values.is_empty() {
                    schema.insert("examples".to_owned(), Value::Array(values));
                }
            }
        }
        let mut style = Map::new();
        for key in ["style", "explode"] {
            if let Some(value) = parameter.get(key) {
                style.insert(key.to_owned(), value.clone());
            }
        }
        Some(Parameter {
            name: name.to_owned(),
            place: place.to_owned(),
            required: place == "path" || parameter.get("required") == Some(&Value::Bool(true)),
            schema: Value::Object(schema),
            style,
            refs,
        })
    }

    /// The JSON request body: a plain object's properties join the parameters; anything else
    /// is kept whole.
    fn body(&self, op: &Operation<'_>, errors: &mut Vec<ImportError>) -> Body {
        let mut body = Body::default();
        if let Some(request) = op.operation.get("requestBody") {
            let at = format!("{}/requestBody", op.pointer);
            if let Some((request, at)) = self.follow(request, "requestBodies", &at, errors) {
                match self.json_schema(request, &at) {
                    None => errors.push(ImportError::new(
                        at,
                        "a request body without a JSON media type is not imported",
                    )),
                    Some((schema, at)) => {
                        let mut body_refs = BTreeSet::new();
                        let converted = self.convert(schema, &at, &mut body_refs, errors);
                        let (plain, plain_refs) = match self.component_of(&converted) {
                            Some((_, component)) => {
                                (component.schema.clone(), component.refs.clone())
                            }
                            None => (converted.clone(), body_refs.clone()),
                        };
                        match plain_object(&plain) {
                            Some((properties, required)) => {
                                body.properties = properties;
                                body.required = required;
                                body.refs = plain_refs;
                            }
                            None => {
                                body.whole = Some(converted);
                                body.refs = body_refs;
                            }
                        }
                    }
                }
            }
        }
        body
    }

    /// The success status and output, and the error bodies by status.
    fn responses(&self, op: &Operation<'_>, errors: &mut Vec<ImportError>) -> Responses {
        let responses_at = format!("{}/responses", op.pointer);
        let responses = op.operation.get("responses").and_then(Value::as_object);
        let mut statuses: Vec<(&String, &Value)> =
            responses.map(|r| r.iter().collect()).unwrap_or_default();
        statuses.sort_by(|a, b| a.0.cmp(b.0));
        let mut status = None;
        let mut output = None;
        let mut first_success = None;
        let mut errors_map = Map::new();
        for (code, response) in statuses {
            let at = format!("{responses_at}/{}", escape(code));
            let Some((response, at)) = self.follow(response, "responses", &at, errors) else {
                continue;
            };
            let schema = self.json_schema(response, &at);
            if code.starts_with('2') {
                first_success.get_or_insert(code);
                if output.is_none()
                    && let Some((schema, at)) = schema
                {
                    let mut out_refs = BTreeSet::new();
                    let converted = self.convert(schema, &at, &mut out_refs, errors);
                    output = Some(self.rooted(converted, out_refs));
                    status = Some(code);
                }
            } else if let Some((schema, at)) = schema {
                let mut error_refs = BTreeSet::new();
                let converted = self.convert(schema, &at, &mut error_refs, errors);
                errors_map.insert(code.clone(), self.rooted(converted, error_refs));
            }
        }
        let status = status.or(first_success).and_then(|s| s.parse::<u16>().ok());
        Responses {
            status,
            output,
            errors: errors_map,
        }
    }

    fn tool(&self, name: &str, op: &Operation<'_>, errors: &mut Vec<ImportError>) -> Option<Value> {
        let before = errors.len();
        let parameters = self.parameters(op, errors);
        let mut refs = BTreeSet::new();

        let Body {
            properties: mut body_properties,
            required: mut body_required,
            whole: body_whole,
            refs: body_refs,
        } = self.body(op, errors);
        refs.extend(body_refs);

        let (_, template_params) = segments(op.path);
        let mut path = op.path.to_owned();
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut query = Map::new();
        let path_parameters: BTreeMap<&str, &Parameter> = parameters
            .iter()
            .filter(|p| p.place == "path")
            .map(|p| (p.name.as_str(), p))
            .collect();
        for wanted in &template_params {
            let Some(parameter) = path_parameters.get(wanted) else {
                errors.push(ImportError::new(
                    &op.pointer,
                    format!("the path parameter {wanted:?} is not described"),
                ));
                continue;
            };
            let mut property = parameter.name.clone();
            if body_properties.contains_key(&property) {
                property = format!("{}_{property}", segment_before(op.path, wanted));
                path = path.replace(&format!("{{{wanted}}}"), &format!("{{{property}}}"));
            }
            if properties.contains_key(&property) || body_properties.contains_key(&property) {
                errors.push(ImportError::new(
                    &op.pointer,
                    format!("two inputs are named {property:?}"),
                ));
                continue;
            }
            refs.extend(parameter.refs.iter().cloned());
            properties.insert(property.clone(), parameter.schema.clone());
            required.push(Value::String(property));
        }
        let query_names: BTreeSet<&str> = parameters
            .iter()
            .filter(|p| p.place == "query")
            .map(|p| p.name.as_str())
            .collect();
        body_properties.retain(|name, _| !query_names.contains(name.as_str()));
        body_required.retain(|r| r.as_str().is_none_or(|r| !query_names.contains(r)));
        for parameter in parameters.iter().filter(|p| p.place == "query") {
            if properties.contains_key(&parameter.name) {
                errors.push(ImportError::new(
                    &op.pointer,
                    format!("two inputs are named {:?}", parameter.name),
                ));
                continue;
            }
            refs.extend(parameter.refs.iter().cloned());
            properties.insert(parameter.name.clone(), parameter.schema.clone());
            if parameter.required {
                required.push(Value::String(parameter.name.clone()));
            }
            query.insert(
                parameter.name.clone(),
                Value::Object(parameter.style.clone()),
            );
        }
        properties.extend(body_properties);
        required.extend(body_required);

        let mut input = Map::new();
        input.insert("type".to_owned(), json!("object"));
        input.insert("properties".to_owned(), Value::Object(properties));
        if !required.is_empty() {
            input.insert("required".to_owned(), Value::Array(required));
        }
        if let Some(body) = body_whole {
            input.insert("allOf".to_owned(), json!([body]));
        }
        let defs = self.defs(&refs);
        if !defs.is_empty() {
            input.insert("$defs".to_owned(), Value::Object(defs));
        }

        let responses = self.responses(op, errors);
        let output = responses.output.clone();
        let http = binding(op.method, &path, query, responses);

        let summary = op.operation.get("summary").and_then(Value::as_str);
        let description = op
            .operation
            .get("description")
            .and_then(Value::as_str)
            .or(summary);
        let mut tool = Map::new();
        tool.insert("name".to_owned(), json!(name));
        if let Some(description) = description {
            tool.insert("description".to_owned(), json!(description));
        }
        tool.insert("inputSchema".to_owned(), Value::Object(input));
        if let Some(output) = output {
            tool.insert("outputSchema".to_owned(), output);
        }
        tool.insert("annotations".to_owned(), annotations(op.method, summary));
        tool.insert("x-http".to_owned(), http);
        (errors.len() == before).then_some(Value::Object(tool))
    }
}

/// The properties and `required` of a body that is a plain object: `type: object` (or no type),
/// `properties`, and nothing else that constrains it.
fn plain_object(schema: &Value) -> Option<(Map<String, Value>, Vec<Value>)> {
    const PLAIN: &[&str] = &[
        "type",
        "properties",
        "required",
        "title",
        "description",
        "examples",
    ];
    let map = schema.as_object()?;
    if map.keys().any(|k| !PLAIN.contains(&k.as_str())) {
        return None;
    }
    if map.get("type").is_some_and(|t| t != "object") {
        return None;
    }
    let properties = map.get("properties")?.as_object()?.clone();
    let required = match map.get("required") {
        Some(Value::Array(r)) => r.clone(),
        _ => Vec::new(),
    };
    Some((properties, required))
}
