//! `x-http`, the REST binding of a tool: read in [`binding`], then checked against the input and
//! output types in [`check`] once they are built.

use crate::error::SchemaErrors;
use crate::ir::*;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Reads `x-http` (its form only; what its names refer to is [`check`]'s).
pub(super) fn binding(b: &Map<String, Value>, errors: &mut SchemaErrors) -> Option<HttpBinding> {
    let method = b
        .get("method")
        .and_then(Value::as_str)
        .map(str::to_ascii_uppercase);
    let path = b.get("path").and_then(Value::as_str);
    let (method, path) = match (method, path) {
        (Some(m), Some(path)) if METHODS.contains(&m.as_str()) && path.starts_with('/') => {
            (m, path.to_owned())
        }
        _ => {
            errors.push(
                "/x-http",
                "x-http must be {\"method\": GET|POST|PUT|PATCH|DELETE, \"path\": \"/...\"}",
            );
            return None;
        }
    };
    let before = errors.0.len();
    let path_params = path_params(&path, errors);
    let status = match b.get("status") {
        None => None,
        Some(v) => match v.as_u64() {
            Some(s @ 200..=299) => Some(s as u16),
            _ => {
                errors.push("/x-http/status", "status must be a 2xx status code");
                None
            }
        },
    };
    let mut query = Vec::new();
    match b.get("query") {
        None => {}
        Some(Value::Object(params)) => {
            for (name, param) in params {
                if let Some(param) = query_param(name, param, errors) {
                    query.push(param);
                }
            }
        }
        Some(_) => errors.push(
            "/x-http/query",
            "query must be an object of input property names",
        ),
    }
    let paginated = match b.get("paginated") {
        None => None,
        Some(Value::Object(p)) => {
            let member = |name: &str, errors: &mut SchemaErrors| match p.get(name) {
                Some(Value::String(s)) => Some(s.clone()),
                _ => {
                    errors.push(
                        format!("/x-http/paginated/{name}"),
                        format!("paginated needs {name} as a string"),
                    );
                    None
                }
            };
            let cursor = member("cursor", errors);
            let items = member("items", errors);
            let next = member("next", errors);
            match (cursor, items, next) {
                (Some(cursor), Some(items), Some(next)) => Some(Pagination {
                    cursor,
                    items,
                    next,
                }),
                _ => None,
            }
        }
        Some(_) => {
            errors.push(
                "/x-http/paginated",
                "paginated must be {\"cursor\": \"...\", \"items\": \"/...\", \"next\": \"/...\"}",
            );
            None
        }
    };
    let mut error_schemas = Vec::new();
    match b.get("errors") {
        None => {}
        Some(Value::Object(by_status)) => {
            for (status, schema) in by_status {
                let at = format!("/x-http/errors/{}", escape(status));
                if !is_error_status(status) {
                    errors.push(
                        at,
                        format!(
                            "error status {status:?} must be a 4xx or 5xx code, 4XX, 5XX or default"
                        ),
                    );
                } else if !matches!(schema, Value::Object(_) | Value::Bool(_)) {
                    errors.push(
                        at,
                        "an error response's schema must be an object or a boolean",
                    );
                } else {
                    error_schemas.push((status.clone(), schema.clone()));
                }
            }
        }
        Some(_) => errors.push(
            "/x-http/errors",
            "errors must be an object of schemas by status",
        ),
    }
    for key in b.keys() {
        if !["method", "path", "status", "query", "paginated", "errors"].contains(&key.as_str())
            && !key.starts_with("x-")
        {
            errors.push(
                format!("/x-http/{}", escape(key)),
                format!("unknown x-http member {key:?}"),
            );
        }
    }
    (errors.0.len() == before).then_some(HttpBinding {
        method,
        path,
        path_params,
        status,
        query,
        paginated,
        errors: error_schemas,
    })
}

/// The `{name}`s of a path template, each once.
fn path_params(path: &str, errors: &mut SchemaErrors) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            errors.push("/x-http/path", "unmatched } in the path");
            return names;
        }
        let Some(close) = rest[open + 1..].find(['{', '}']).map(|c| open + 1 + c) else {
            errors.push("/x-http/path", "unclosed { in the path");
            return names;
        };
        if rest.as_bytes()[close] == b'{' {
            errors.push("/x-http/path", "unclosed { in the path");
            return names;
        }
        let name = &rest[open + 1..close];
        if name.is_empty() {
            errors.push("/x-http/path", "empty {} in the path");
        } else if !seen.insert(name) {
            errors.push(
                "/x-http/path",
                format!("path parameter {name} appears twice"),
            );
        } else {
            names.push(name.to_owned());
        }
        rest = &rest[close + 1..];
    }
    names
}

fn query_param(name: &str, param: &Value, errors: &mut SchemaErrors) -> Option<QueryParam> {
    let at = format!("/x-http/query/{}", escape(name));
    let Value::Object(param) = param else {
        errors.push(
            at,
            "a query parameter must be an object ({} for the defaults)",
        );
        return None;
    };
    let style = match param.get("style") {
        None => QueryStyle::Form,
        Some(Value::String(s)) => match QueryStyle::parse(s) {
            Some(style) => style,
            None => {
                errors.push(
                    format!("{at}/style"),
                    format!(
                        "unknown style {s:?}: a query parameter is form, spaceDelimited, pipeDelimited or deepObject"
                    ),
                );
                return None;
            }
        },
        Some(_) => {
            errors.push(format!("{at}/style"), "style must be a string");
            return None;
        }
    };
    let explode = match param.get("explode") {
        // OpenAPI: `explode` defaults to true for `form` and false for every other style.
        None => style == QueryStyle::Form || style == QueryStyle::DeepObject,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            errors.push(format!("{at}/explode"), "explode must be a boolean");
            return None;
        }
    };
    if style == QueryStyle::DeepObject && !explode {
        // OpenAPI defines deepObject only exploded.
        errors.push(
            format!("{at}/explode"),
            "deepObject is only defined with explode true",
        );
        return None;
    }
    if let Some(key) = param.keys().find(|k| *k != "style" && *k != "explode") {
        errors.push(
            format!("{at}/{}", escape(key)),
            format!("unknown query parameter member {key:?}"),
        );
        return None;
    }
    Some(QueryParam {
        name: name.to_owned(),
        style,
        explode,
    })
}

fn is_error_status(status: &str) -> bool {
    match status.as_bytes() {
        b"default" | b"4XX" | b"5XX" => true,
        [a @ (b'4' | b'5'), b, c] => a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit(),
        _ => false,
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// What a query style can write a value as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    ScalarArray,
    NestedArray,
    Object,
    /// A general-form value: its shape is known only at run time, where the client checks it.
    Unknown,
}

fn kind(tool: &Tool, shape: &Shape) -> Kind {
    match shape {
        Shape::String(_) | Shape::Integer(_) | Shape::Number(_) | Shape::Boolean => Kind::Scalar,
        Shape::Nullable(inner) => kind(tool, inner),
        Shape::Array { items, .. } => match kind(tool, items) {
            Kind::Scalar => Kind::ScalarArray,
            Kind::Unknown => Kind::Unknown,
            _ => Kind::NestedArray,
        },
        Shape::Map => Kind::Object,
        Shape::Any => Kind::Unknown,
        Shape::Named { id, .. } => match &tool.types[*id].kind {
            TypeKind::Struct(_) => Kind::Object,
            TypeKind::Enum(_) => Kind::Scalar,
            // A shared type is generated elsewhere: the client checks what it serializes to.
            TypeKind::Json(_) | TypeKind::Union(_) | TypeKind::External(_) => Kind::Unknown,
        },
    }
}

fn is_string(tool: &Tool, shape: &Shape) -> bool {
    match shape {
        Shape::String(_) => true,
        // A shared type may be a string enum; the client refuses a value that is not a string
        // or a number when it fills the path.
        Shape::Named { id, .. } => matches!(
            tool.types[*id].kind,
            TypeKind::Enum(_) | TypeKind::External(_)
        ),
        _ => false,
    }
}

/// Checks the binding against the tool's types: every name it uses is an input property that can
/// go where the binding sends it, and the pagination pointers name the output's item array and
/// cursor. For `GET` and `DELETE` without a `query` member, every property that is not a path
/// parameter becomes a `form` query parameter.
pub(super) fn check(tool: &mut Tool, query_given: bool, errors: &mut SchemaErrors) {
    let Some(mut http) = tool.http.take() else {
        return;
    };
    let no_properties = Vec::new();
    let properties = match &tool.types[tool.root].kind {
        TypeKind::Struct(s) => &s.properties,
        _ => &no_properties,
    };
    // A root in the general form (a checked JSON value, e.g. properties beside an `allOf`) has
    // no fields to look names up in: its binding is checked when a request is sent instead.
    let general = !matches!(&tool.types[tool.root].kind, TypeKind::Struct(_));
    // By name, so that every check below is one lookup per name.
    let by_name: HashMap<&str, (usize, &Property)> = properties
        .iter()
        .enumerate()
        .map(|(i, p)| (p.json_name.as_str(), (i, p)))
        .collect();
    let find = |name: &str| by_name.get(name).map(|(_, p)| *p);
    let in_path: HashSet<String> = http.path_params.iter().cloned().collect();
    for name in &http.path_params {
        match find(name) {
            None if general => {}
            None => errors.push(
                "/x-http/path",
                format!("path parameter {name} is not an input property"),
            ),
            Some(p) if !p.required => errors.push(
                "/x-http/path",
                format!("path parameter {name} must be a required property"),
            ),
            Some(p) if !is_string(tool, &p.shape) && !matches!(p.shape, Shape::Integer(_)) => {
                errors.push(
                    "/x-http/path",
                    format!("path parameter {name} must be a string or integer property"),
                )
            }
            Some(_) => {}
        }
    }
    let no_body = matches!(http.method.as_str(), "GET" | "DELETE");
    if no_body && !query_given {
        // The binding that predates `query`: a GET or DELETE sends what is not in its path in
        // the query string.
        http.query = properties
            .iter()
            .filter(|p| !in_path.contains(&p.json_name))
            .map(|p| QueryParam {
                name: p.json_name.clone(),
                style: QueryStyle::Form,
                explode: true,
            })
            .collect();
    } else {
        // In input schema order, the order the request serializes (and the client sends) them.
        http.query
            .sort_by_key(|q| by_name.get(q.name.as_str()).map(|(i, _)| *i));
    }
    for q in &http.query {
        let at = format!("/x-http/query/{}", escape(&q.name));
        let Some(p) = find(&q.name) else {
            if general {
                continue;
            }
            errors.push(
                at,
                format!("query parameter {} is not an input property", q.name),
            );
            continue;
        };
        if in_path.contains(&q.name) {
            errors.push(
                at,
                format!("{} is a path parameter and a query parameter", q.name),
            );
            continue;
        }
        if p.secret && query_given {
            // URLs are written to access logs, proxy logs and `Referer` headers; a secret belongs
            // in the body (or a header), where those do not keep it. The binding without `query`
            // keeps the meaning it had before `query` existed (everything in the query string).
            errors.push(
                at,
                format!(
                    "x-secret property {} cannot be sent in the query string, where URLs are logged",
                    q.name
                ),
            );
            continue;
        }
        let kind = kind(tool, &p.shape);
        let fits = match q.style {
            QueryStyle::Form => kind != Kind::NestedArray,
            QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                matches!(kind, Kind::ScalarArray | Kind::Unknown)
            }
            QueryStyle::DeepObject => matches!(kind, Kind::Object | Kind::Unknown),
        };
        if !fits {
            let needs = match q.style {
                QueryStyle::Form => {
                    "a string, number, boolean, object or an array of those scalars"
                }
                QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                    "an array of strings, numbers or booleans"
                }
                QueryStyle::DeepObject => "an object",
            };
            errors.push(
                format!("{at}/style"),
                format!(
                    "style {} does not suit property {}: it needs {needs}",
                    q.style.name(),
                    q.name
                ),
            );
        }
    }
    if no_body {
        let in_query: HashSet<&str> = http.query.iter().map(|q| q.name.as_str()).collect();
        // RFC 9110 gives content on GET and DELETE no meaning, and servers and proxies may drop
        // or refuse it; moving a property to the query string unasked could put it in logs.
        for p in properties {
            if !in_path.contains(&p.json_name) && !in_query.contains(p.json_name.as_str()) {
                errors.push(
                    "/x-http/query",
                    format!(
                        "{} sends no body: property {} must be a path or query parameter",
                        http.method, p.json_name
                    ),
                );
            }
        }
    }
    if http.status == Some(204) && tool.output.is_some() {
        errors.push(
            "/x-http/status",
            "a 204 answer has no content, so the tool can have no outputSchema",
        );
    }
    if let Some(pages) = &http.paginated {
        match find(&pages.cursor) {
            Some(p)
                if !p.required
                    && match &p.shape {
                        Shape::Nullable(inner) => matches!(**inner, Shape::String(_)),
                        shape => matches!(shape, Shape::String(_)),
                    } => {}
            _ => errors.push(
                "/x-http/paginated/cursor",
                format!(
                    "paginated cursor {} must be an optional string input property",
                    pages.cursor
                ),
            ),
        }
        match &tool.output {
            None => errors.push("/x-http/paginated", "paginated needs an outputSchema"),
            Some(output) => {
                let items = tool.walk(output, &pages.items).map(|(_, shape)| shape);
                let is_array = |s: &Shape| match s {
                    Shape::Nullable(inner) => matches!(**inner, Shape::Array { .. }),
                    s => matches!(s, Shape::Array { .. }),
                };
                if !items.is_some_and(is_array) {
                    errors.push(
                        "/x-http/paginated/items",
                        format!(
                            "paginated items {} must point to an array property of the output schema",
                            pages.items
                        ),
                    );
                }
                let next = tool.walk(output, &pages.next).map(|(_, shape)| shape);
                let is_text = |s: &Shape| match s {
                    Shape::Nullable(inner) => matches!(**inner, Shape::String(_)),
                    s => matches!(s, Shape::String(_)),
                };
                if !next.is_some_and(is_text) {
                    errors.push(
                        "/x-http/paginated/next",
                        format!(
                            "paginated next {} must point to a string property of the output schema",
                            pages.next
                        ),
                    );
                }
            }
        }
    }
    tool.http = Some(http);
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    /// A tool with `x-http` and the input properties every case below names.
    fn tool(http: Value, output: Option<Value>) -> Value {
        let mut tool = json!({
            "name": "things.list",
            "inputSchema": {"type": "object", "required": ["id", "count", "flag", "mode"], "properties": {
                "id": {"type": "string"},
                "count": {"type": "integer"},
                "flag": {"type": "boolean"},
                "maybe": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "nested": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                "filter": {"type": "object", "properties": {"a": {"type": "string"}}},
                "token": {"type": "string", "x-secret": true},
                "after": {"type": "string"},
                "mode": {"enum": ["a", "b"], "type": "string"}
            }},
            "x-http": http
        });
        if let Some(output) = output {
            tool["outputSchema"] = output;
        }
        tool
    }

    fn errors(tool: &Value) -> String {
        match crate::Config::new().generate_str(&tool.to_string()) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.to_string(),
        }
    }

    fn list_output() -> Value {
        json!({"type": "object", "required": ["data"], "properties": {
            "data": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
            "count": {"type": "integer"},
            "list_metadata": {"type": "object", "properties": {"after": {"type": ["string", "null"]}}}
        }})
    }

    /// Everything but the path parameters in the body or the query string.
    fn post(path: &str) -> Value {
        json!({"method": "POST", "path": path})
    }

    #[test]
    fn path_parameters_are_required_strings_or_integers_of_the_input() {
        assert_eq!(
            errors(&tool(post("/things/{id}/{count}/{mode}"), None)),
            "ok"
        );
        assert_eq!(
            errors(&tool(post("/things/{nope}/{maybe}/{flag}"), None)),
            "schema error at /x-http/path: path parameter nope is not an input property\n\
             schema error at /x-http/path: path parameter maybe must be a required property\n\
             schema error at /x-http/path: path parameter flag must be a string or integer property"
        );
        assert_eq!(
            errors(&tool(post("/things/{id}/{id}"), None)),
            "schema error at /x-http/path: path parameter id appears twice"
        );
        assert_eq!(
            errors(&tool(post("/things/{id"), None)),
            "schema error at /x-http/path: unclosed { in the path"
        );
        assert_eq!(
            errors(&tool(post("/things/id}"), None)),
            "schema error at /x-http/path: unmatched } in the path"
        );
        assert_eq!(
            errors(&tool(post("/things/{}"), None)),
            "schema error at /x-http/path: empty {} in the path"
        );
    }

    #[test]
    fn a_general_form_root_leaves_its_binding_to_the_request() {
        // Properties beside an `allOf` make the root a checked JSON value: no fields to look
        // the names up in, so the client fills the path from the request when it is sent.
        let tool = json!({"name": "things.update", "x-http": {"method": "PUT", "path": "/things/{id}"},
            "inputSchema": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}},
                "allOf": [{"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}]}});
        assert_eq!(errors(&tool), "ok");
    }

    #[test]
    fn query_parameters_are_input_properties_their_style_suits() {
        let http = json!({"method": "POST", "path": "/things/{id}", "query": {
            "tags": {"style": "pipeDelimited"}, "filter": {"style": "deepObject"}, "count": {},
            "mode": {"explode": false}
        }});
        assert_eq!(errors(&tool(http, None)), "ok");
        let http = json!({"method": "POST", "path": "/things/{id}", "query": {
            "nope": {}, "id": {},
            "count": {"style": "spaceDelimited"},
            "filter": {"style": "pipeDelimited"},
            "tags": {"style": "deepObject"},
            "nested": {},
            "token": {}
        }});
        assert_eq!(
            errors(&tool(http, None)),
            "schema error at /x-http/query/nope: query parameter nope is not an input property\n\
             schema error at /x-http/query/id: id is a path parameter and a query parameter\n\
             schema error at /x-http/query/count/style: style spaceDelimited does not suit property count: it needs an array of strings, numbers or booleans\n\
             schema error at /x-http/query/tags/style: style deepObject does not suit property tags: it needs an object\n\
             schema error at /x-http/query/nested/style: style form does not suit property nested: it needs a string, number, boolean, object or an array of those scalars\n\
             schema error at /x-http/query/filter/style: style pipeDelimited does not suit property filter: it needs an array of strings, numbers or booleans\n\
             schema error at /x-http/query/token: x-secret property token cannot be sent in the query string, where URLs are logged"
        );
        let http = json!({"method": "POST", "path": "/t", "query": {
            "tags": {"style": "matrix"}, "filter": {"style": "deepObject", "explode": false},
            "count": {"explode": "yes"}, "flag": {"allowReserved": true}, "mode": []
        }});
        assert_eq!(
            errors(&tool(http, None)),
            "schema error at /x-http/query/tags/style: unknown style \"matrix\": a query parameter is form, spaceDelimited, pipeDelimited or deepObject\n\
             schema error at /x-http/query/filter/explode: deepObject is only defined with explode true\n\
             schema error at /x-http/query/count/explode: explode must be a boolean\n\
             schema error at /x-http/query/flag/allowReserved: unknown query parameter member \"allowReserved\"\n\
             schema error at /x-http/query/mode: a query parameter must be an object ({} for the defaults)"
        );
    }

    #[test]
    fn get_and_delete_send_no_body() {
        // Without `query`, every property that is not in the path goes in the query string.
        // Those are checked as any query parameter.
        let implicit = json!({"method": "GET", "path": "/things/{id}"});
        assert_eq!(
            errors(&tool(implicit, None)),
            "schema error at /x-http/query/nested/style: style form does not suit property nested: it needs a string, number, boolean, object or an array of those scalars"
        );
        let http = json!({"method": "DELETE", "path": "/things/{id}", "query": {
            "count": {}, "flag": {}, "maybe": {}, "tags": {}, "nested": {"style": "form"},
            "filter": {"style": "deepObject"}, "after": {}
        }});
        assert_eq!(
            errors(&tool(http, None)),
            "schema error at /x-http/query/nested/style: style form does not suit property nested: it needs a string, number, boolean, object or an array of those scalars\n\
             schema error at /x-http/query: DELETE sends no body: property token must be a path or query parameter\n\
             schema error at /x-http/query: DELETE sends no body: property mode must be a path or query parameter"
        );
    }

    #[test]
    fn the_status_is_a_2xx_and_204_has_no_output() {
        let with = |status: Value, output: Option<Value>| {
            errors(&tool(
                json!({"method": "POST", "path": "/t", "status": status}),
                output,
            ))
        };
        assert_eq!(with(json!(201), Some(list_output())), "ok");
        assert_eq!(with(json!(204), None), "ok");
        assert_eq!(
            with(json!(204), Some(list_output())),
            "schema error at /x-http/status: a 204 answer has no content, so the tool can have no outputSchema"
        );
        for status in [json!(404), json!("200"), json!(2000)] {
            assert_eq!(
                with(status, None),
                "schema error at /x-http/status: status must be a 2xx status code"
            );
        }
    }

    #[test]
    fn paginated_names_an_optional_string_cursor_and_output_pointers() {
        let with = |paginated: Value, output: Option<Value>| {
            errors(&tool(
                json!({"method": "POST", "path": "/t", "paginated": paginated}),
                output,
            ))
        };
        let good = json!({"cursor": "after", "items": "/data", "next": "/list_metadata/after"});
        assert_eq!(with(good.clone(), Some(list_output())), "ok");
        assert_eq!(
            with(good, None),
            "schema error at /x-http/paginated: paginated needs an outputSchema"
        );
        assert_eq!(
            with(
                json!({"cursor": "id", "items": "/count", "next": "/list_metadata/before"}),
                Some(list_output())
            ),
            "schema error at /x-http/paginated/cursor: paginated cursor id must be an optional string input property\n\
             schema error at /x-http/paginated/items: paginated items /count must point to an array property of the output schema\n\
             schema error at /x-http/paginated/next: paginated next /list_metadata/before must point to a string property of the output schema"
        );
        assert_eq!(
            with(
                json!({"cursor": "count", "items": "data", "next": "/data/0/id"}),
                Some(list_output())
            ),
            "schema error at /x-http/paginated/cursor: paginated cursor count must be an optional string input property\n\
             schema error at /x-http/paginated/items: paginated items data must point to an array property of the output schema\n\
             schema error at /x-http/paginated/next: paginated next /data/0/id must point to a string property of the output schema"
        );
        assert_eq!(
            with(json!({"cursor": "after", "items": 1}), Some(list_output())),
            "schema error at /x-http/paginated/items: paginated needs items as a string\n\
             schema error at /x-http/paginated/next: paginated needs next as a string"
        );
    }

    #[test]
    fn errors_are_schemas_by_error_status_and_members_are_known() {
        let http = json!({"method": "POST", "path": "/t", "errors": {
            "404": {"type": "object"}, "4XX": true, "default": {}
        }});
        assert_eq!(errors(&tool(http, None)), "ok");
        let http = json!({"method": "POST", "path": "/t", "x-note": 1, "body": {}, "errors": {
            "200": {}, "4xx": {}, "422": "schema"
        }});
        assert_eq!(
            errors(&tool(http, None)),
            "schema error at /x-http/errors/200: error status \"200\" must be a 4xx or 5xx code, 4XX, 5XX or default\n\
             schema error at /x-http/errors/4xx: error status \"4xx\" must be a 4xx or 5xx code, 4XX, 5XX or default\n\
             schema error at /x-http/errors/422: an error response's schema must be an object or a boolean\n\
             schema error at /x-http/body: unknown x-http member \"body\""
        );
    }

    #[test]
    fn the_binding_reaches_the_ir_complete() {
        let document = tool(
            json!({"method": "get", "path": "/things/{id}", "status": 200,
                   "query": {"after": {}, "tags": {"style": "spaceDelimited", "explode": true}, "count": {}, "flag": {},
                             "maybe": {}, "filter": {"style": "deepObject"}, "mode": {}, "token": {"style": "form"}},
                   "paginated": {"cursor": "after", "items": "/data", "next": "/list_metadata/after"},
                   "errors": {"404": {"type": "object"}}}),
            Some(list_output()),
        );
        // `token` is secret, and `nested` left for a body GET does not have.
        assert_eq!(
            errors(&document),
            "schema error at /x-http/query/token: x-secret property token cannot be sent in the query string, where URLs are logged\n\
             schema error at /x-http/query: GET sends no body: property nested must be a path or query parameter"
        );
        let mut document = document;
        document["inputSchema"]["properties"]
            .as_object_mut()
            .unwrap()
            .shift_remove("token");
        document["inputSchema"]["properties"]
            .as_object_mut()
            .unwrap()
            .shift_remove("nested");
        document["x-http"]["query"]
            .as_object_mut()
            .unwrap()
            .remove("token");
        let loaded = crate::load::load(&document, None).unwrap();
        let tool = super::super::parse(&loaded, &Default::default()).unwrap();
        let http = tool.http.unwrap();
        assert_eq!(http.method, "GET");
        assert_eq!(http.path_params, ["id"]);
        assert_eq!(http.status, Some(200));
        // In input schema order.
        let query: Vec<_> = http
            .query
            .iter()
            .map(|q| (q.name.as_str(), q.style.name(), q.explode))
            .collect();
        assert_eq!(
            query,
            [
                ("count", "form", true),
                ("flag", "form", true),
                ("maybe", "form", true),
                ("tags", "spaceDelimited", true),
                ("filter", "deepObject", true),
                ("after", "form", true),
                ("mode", "form", true),
            ]
        );
        assert_eq!(
            http.paginated,
            Some(crate::ir::Pagination {
                cursor: "after".into(),
                items: "/data".into(),
                next: "/list_metadata/after".into()
            })
        );
        assert_eq!(http.errors, [("404".to_owned(), json!({"type": "object"}))]);
    }
}
