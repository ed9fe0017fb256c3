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
            TypeKind::Json(_) | TypeKind::Union(_) => Kind::Unknown,
        },
    }
}

fn is_string(tool: &Tool, shape: &Shape) -> bool {
    match shape {
        Shape::String(_) => true,
        Shape::Named { id, .. } => matches!(tool.types[*id].kind, TypeKind::Enum(_)),
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
