//! From an HTTP request to an operation of the catalog: the route by method and path template,
//! the request instance from the path, the query string and the body, its decoding by the
//! generated request type, and the answer.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::Response;
use axum::http::request::Parts;
use portal_runtime::{Method, QueryStyle, Violations};
use serde_json::{Map, Value, json};

use super::catalog::{self, Tool};
use super::{Shared, answer, authorized, examples, lock, organizations, portal_link};

/// One path shape (its literal segments, `None` for each parameter) and the tool of each
/// method it has, with the names that tool gives the parameters (two tools of one shape may name
/// them differently: `{roles_slug}` and `{slug}`).
struct Route {
    segments: Vec<Option<&'static str>>,
    tools: Vec<(Method, &'static Tool, Vec<&'static str>)>,
}

/// The routes of every tool, one per path shape.
fn routes() -> &'static [Route] {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        let mut routes: Vec<Route> = Vec::new();
        let mut index: HashMap<Vec<Option<&'static str>>, usize> = HashMap::new();
        for tool in catalog::tools() {
            let mut names = Vec::new();
            let shape: Vec<Option<&'static str>> = segments(tool.path)
                .map(
                    |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(name) => {
                            names.push(name);
                            None
                        }
                        None => Some(s),
                    },
                )
                .collect();
            let i = *index.entry(shape.clone()).or_insert_with(|| {
                routes.push(Route {
                    segments: shape,
                    tools: Vec::new(),
                });
                routes.len() - 1
            });
            routes[i].tools.push((tool.method, tool, names));
        }
        routes
    })
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/').unwrap_or(path).split('/')
}

/// The route whose template matches `path`, segment by segment; where several match, the one
/// with a literal at the first place where they differ (`/organizations/external_id/{id}`
/// before `/organizations/{id}/{rest}`). With it the parameters' raw (still encoded) values, in
/// path order.
fn find(path: &str) -> Option<(&'static Route, Vec<&str>)> {
    let parts: Vec<&str> = segments(path).collect();
    let mut best: Option<(&Route, Vec<bool>)> = None;
    for route in routes() {
        if route.segments.len() != parts.len() {
            continue;
        }
        let mut shape = Vec::with_capacity(parts.len());
        let fits = route
            .segments
            .iter()
            .zip(&parts)
            .all(|(segment, part)| match segment {
                Some(literal) => {
                    shape.push(false);
                    literal == part
                }
                None => {
                    shape.push(true);
                    !part.is_empty()
                }
            });
        if fits && best.as_ref().is_none_or(|(_, b)| shape < *b) {
            best = Some((route, shape));
        }
    }
    let (route, _) = best?;
    let params = route
        .segments
        .iter()
        .zip(parts)
        .filter_map(|(segment, part)| segment.is_none().then_some(part))
        .collect();
    Some((route, params))
}

/// Answers a request no fault took: 404 for a path no operation has, 405 for a method the path
/// does not take, then the operation.
pub(super) fn dispatch(shared: &Shared, parts: &Parts, body: &Bytes) -> Response<Body> {
    let Some((route, values)) = find(parts.uri.path()) else {
        return answer(404, r#"{"message":"Not Found"}"#);
    };
    let Some((_, tool, names)) = route
        .tools
        .iter()
        .find(|(method, ..)| method.as_str() == parts.method.as_str())
    else {
        return answer(405, r#"{"message":"Method Not Allowed"}"#);
    };
    let tool: &'static Tool = tool;
    let params: Vec<(&'static str, &str)> = names.iter().copied().zip(values).collect();
    if tool.entry.name == "portal.generate_link.create" {
        return portal_link::generate_link(shared, &parts.headers, body);
    }
    if !authorized(&parts.headers, &lock(&shared.config)) {
        return answer(401, r#"{"message":"Unauthorized","code":"unauthorized"}"#);
    }
    let instance = match instance(tool, &params, parts.uri.query(), body) {
        Ok(instance) => instance,
        Err((status, body)) => return answer(status, body),
    };
    let request = match (tool.decode_input)(&instance) {
        Ok(request) => request,
        Err(violations) => return invalid(&violations),
    };
    if let Some(response) =
        organizations::handle(&mut lock(&shared.organizations), tool.entry.name, &request)
    {
        return response;
    }
    stateless(tool, &params)
}

/// The example answer, with the last path parameter as its `id` where it has one and the
/// output type still takes it.
fn stateless(tool: &'static Tool, params: &[(&str, &str)]) -> Response<Body> {
    let Some(_) = tool.output_schema() else {
        return answer(204, Body::empty());
    };
    let mut output = examples::example_output(tool).clone();
    if let (Some(Value::String(id)), Some((_, raw))) = (output.get_mut("id"), params.last()) {
        let echoed = decode_segment(raw).unwrap_or_default();
        let example = std::mem::replace(id, echoed);
        if (tool.check_output)(&output).is_err() {
            output["id"] = Value::String(example);
        }
    }
    answer(tool.status, output.to_string())
}

/// WorkOS's validation answer: every violation as a field error, in order, the field named with
/// dots (`domain_data.0.state`) and the code the violated keyword.
fn invalid(violations: &Violations) -> Response<Body> {
    let errors: Vec<Value> = violations
        .iter()
        .map(|v| json!({"field": dotted(&v.pointer), "code": v.keyword}))
        .collect();
    let body =
        json!({"message": "Validation failed.", "code": "unprocessable_entity", "errors": errors});
    answer(422, body.to_string())
}

/// A JSON Pointer as a dotted field name: `/a/0/b~1c` is `a.0.b/c`.
fn dotted(pointer: &str) -> String {
    segments(pointer)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

/// A path segment percent-decoded, `None` when it is not UTF-8 once decoded.
fn decode_segment(raw: &str) -> Option<String> {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The request instance (or the status and body of the answer refusing it): the JSON body's properties (for methods with a body), then the query
/// parameters, then the path parameters, each converted from text by its property's schema.
fn instance(
    tool: &Tool,
    params: &[(&'static str, &str)],
    query: Option<&str>,
    body: &Bytes,
) -> Result<Value, (u16, &'static str)> {
    let has_body = !matches!(tool.method, Method::Get | Method::Delete);
    let mut object = if has_body {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                return Err((
                    400,
                    r#"{"message":"The request body must be a JSON object.","code":"invalid_request_body"}"#,
                ));
            }
            Err(_) => {
                return Err((
                    400,
                    r#"{"message":"Invalid JSON in request body.","code":"invalid_request_body"}"#,
                ));
            }
        }
    } else {
        Map::new()
    };
    let schema = tool.input_schema();
    // The query's values by name, in the order the names first appear.
    let mut names: Vec<String> = Vec::new();
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    // Values stay encoded until split: a non-exploded array's delimiter is written as it is and
    // the same character inside an item encoded (`a%2Cb,c` is two items).
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = form_decoded(name);
        if !values.contains_key(&name) {
            names.push(name.clone());
        }
        values.entry(name).or_default().push(value.to_owned());
    }
    for name in names {
        let style = match tool.query.iter().find(|(n, _)| *n == name) {
            Some((_, style)) => *style,
            // The client sends the other properties of `GET` and `DELETE` in the query string.
            None if !has_body => QueryStyle::DEFAULT,
            // Methods with a body take only the binding's query parameters from the query.
            None => continue,
        };
        let property = property(schema, &name);
        let value = from_query(schema, property, &values[&name], style);
        object.insert(name, value);
    }
    // Decoded only after the route is chosen on the raw segments, as a server must: an encoded
    // `/` (`%2F`) or `..` inside a parameter stays part of that parameter's value and never
    // selects another route.
    for (name, raw) in params {
        let Some(text) = decode_segment(raw) else {
            return Err((404, r#"{"message":"Not Found"}"#));
        };
        let value = scalar(property(schema, name), text);
        object.insert((*name).to_owned(), value);
    }
    Ok(Value::Object(object))
}

/// The schema of the input property `name` (`$ref`s followed), `{}` when none is stated.
fn property<'a>(root: &'a Value, name: &str) -> &'a Value {
    static ANY: Value = Value::Bool(true);
    resolve(
        root,
        root.pointer(&format!(
            "/properties/{}",
            name.replace('~', "~0").replace('/', "~1")
        ))
        .unwrap_or(&ANY),
    )
}

/// `schema` with its `$ref`s to the root followed (a bounded number of them, for a cycle).
fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| root.pointer(p))
        {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// The types a schema states, in its order.
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A name or value of an `application/x-www-form-urlencoded` query, decoded (`+` is a space).
fn form_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// A query parameter's values as the property's schema types them: an array split (or
/// gathered) as its style writes one, a scalar converted by [`scalar`]. The inverse of the
/// client's encoding; a value the schema cannot take stays text, for the decoding to refuse.
fn from_query(root: &Value, schema: &Value, values: &[String], style: QueryStyle) -> Value {
    if types(schema).contains(&"array") {
        let separator = match style {
            QueryStyle::Form { explode: false } => Some(","),
            QueryStyle::SpaceDelimited { explode: false } => Some("%20"),
            QueryStyle::PipeDelimited { explode: false } => Some("|"),
            _ => None,
        };
        let items = resolve(root, schema.get("items").unwrap_or(&Value::Bool(true)));
        let texts: Vec<&str> = match separator {
            Some(separator) => values.iter().flat_map(|v| v.split(separator)).collect(),
            None => values.iter().map(String::as_str).collect(),
        };
        return Value::Array(
            texts
                .into_iter()
                .map(|t| scalar(items, form_decoded(t)))
                .collect(),
        );
    }
    match values {
        [one] => scalar(schema, form_decoded(one)),
        // A scalar given more than once: every value, for the decoding to refuse as an array.
        many => Value::Array(
            many.iter()
                .map(|v| scalar(schema, form_decoded(v)))
                .collect(),
        ),
    }
}

/// Text as the first of the schema's types (other than `string`) it reads as: an integer, a
/// number, a boolean; else the text itself.
fn scalar(schema: &Value, text: String) -> Value {
    for kind in types(schema) {
        match kind {
            "integer" => {
                if let Ok(n) = text.parse::<i64>() {
                    return Value::from(n);
                }
                if let Ok(n) = text.parse::<u64>() {
                    return Value::from(n);
                }
            }
            "number" => {
                if let Ok(n) = text.parse::<i64>() {
                    return Value::from(n);
                }
                if let Some(n) = text
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                {
                    return Value::Number(n);
                }
            }
            "boolean" => match text.as_str() {
                "true" => return Value::Bool(true),
                "false" => return Value::Bool(false),
                _ => {}
            },
            _ => {}
        }
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_parameters() {
        let (route, params) = find("/organizations/external_id/ext%2F1").unwrap();
        assert_eq!(route.tools[0].1.entry.name, "organizations.external_id.get");
        assert_eq!(route.tools[0].2, ["external_id"]);
        assert_eq!(params, ["ext%2F1"]);
        let (route, params) = find("/organizations/org_1").unwrap();
        let mut names: Vec<&str> = route.tools.iter().map(|(_, t, _)| t.entry.name).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "organizations.delete",
                "organizations.get",
                "organizations.update"
            ]
        );
        assert_eq!(params, ["org_1"]);
        // One shape, two tools naming its parameter differently.
        let (route, _) = find("/authorization/roles/admin/permissions").unwrap();
        let mut tools: Vec<(&str, &[&str])> = route
            .tools
            .iter()
            .map(|(_, t, names)| (t.entry.name, names.as_slice()))
            .collect();
        tools.sort();
        assert_eq!(
            tools,
            [
                (
                    "authorization.roles.permissions.create",
                    &["roles_slug"][..]
                ),
                ("authorization.roles.permissions.update", &["slug"][..]),
            ]
        );
        assert!(find("/organizations/").is_none());
        assert!(find("/nowhere").is_none());
    }

    #[test]
    fn query_text_is_typed_by_the_schema() {
        let root = json!({"properties": {
            "limit": {"type": "integer"},
            "ratio": {"type": ["number", "null"]},
            "on": {"type": "boolean"},
            "name": {"type": "string"},
            "tags": {"type": "array", "items": {"$ref": "#/$defs/n"}},
            "names": {"type": "array", "items": {"type": "string"}},
        }, "$defs": {"n": {"type": "integer"}}});
        let typed = |name: &str, values: &[&str], style| {
            let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
            from_query(&root, property(&root, name), &values, style)
        };
        let form = QueryStyle::DEFAULT;
        assert_eq!(typed("limit", &["10"], form), json!(10));
        assert_eq!(typed("limit", &["ten"], form), json!("ten"));
        assert_eq!(typed("ratio", &["0.5"], form), json!(0.5));
        assert_eq!(typed("on", &["true"], form), json!(true));
        assert_eq!(typed("name", &["10"], form), json!("10"));
        assert_eq!(typed("tags", &["1", "2"], form), json!([1, 2]));
        assert_eq!(
            typed("tags", &["1,2,x"], QueryStyle::Form { explode: false }),
            json!([1, 2, "x"])
        );
        assert_eq!(
            typed("names", &["a%2Cb,c+d"], QueryStyle::Form { explode: false }),
            json!(["a,b", "c d"])
        );
        assert_eq!(
            typed(
                "names",
                &["a+b%20c"],
                QueryStyle::SpaceDelimited { explode: false }
            ),
            json!(["a b", "c"])
        );
        assert_eq!(
            typed(
                "tags",
                &["1|2"],
                QueryStyle::PipeDelimited { explode: false }
            ),
            json!([1, 2])
        );
        assert_eq!(typed("limit", &["1", "2"], form), json!([1, 2]));
        assert_eq!(typed("other", &["1"], form), json!("1"));
    }

    #[test]
    fn pointers_become_dotted_fields() {
        assert_eq!(dotted(""), "");
        assert_eq!(dotted("/name"), "name");
        assert_eq!(dotted("/domain_data/0/state"), "domain_data.0.state");
        assert_eq!(dotted("/a~1b/c~0d"), "a/b.c~d");
    }
}
