//! An operation's request as HTTP: the URL (path parameters filled in, query string for methods
//! without a body) and the JSON body.

use crate::check::quote_str;
use crate::error::Error;
use crate::operation::{Method, Operation, QueryStyle};
use crate::validate::{Path, Violation, Violations};

/// The URL and body of one operation call, built once and reused by every attempt.
#[derive(Debug)]
pub(crate) struct Encoded {
    pub(crate) url: reqwest::Url,
    pub(crate) body: Option<Vec<u8>>,
}

/// Encodes `request` against `base` (a base URL without a trailing slash).
///
/// `{name}` segments of [`Operation::PATH`] take the property `name` (a string or number),
/// percent-encoded as one segment, and remove it from the body; an empty, `.` or `..` value is an
/// [`Error::Validation`] (see `fill_path`). The properties of [`Operation::QUERY`] go in the
/// query string in their style (see `append_query`), in the order the request serializes them.
/// `GET` and `DELETE` have no body: their other properties go in the query string as
/// [`QueryStyle::DEFAULT`]. The other methods send the rest as a JSON object (`{}` when nothing
/// is left), so a server that expects a body always gets one.
pub(crate) fn encode<O: Operation>(base: &str, request: &O) -> Result<Encoded, Error> {
    let has_body = !matches!(O::METHOD, Method::Get | Method::Delete);
    if has_body && !O::PATH.contains('{') && O::QUERY.is_empty() {
        // The common case: no value tree, serialize straight into the body.
        let body = serde_json::to_vec(request).map_err(serialize_error)?;
        return Ok(Encoded {
            url: parse_url(&format!("{base}{}", O::PATH))?,
            body: Some(body),
        });
    }
    let object = match serde_json::to_value(request).map_err(serialize_error)? {
        serde_json::Value::Object(map) => map,
        _ => {
            return Err(Error::Configuration(format!(
                "{} must serialize to a JSON object to fill {}",
                O::TOOL,
                O::PATH
            )));
        }
    };
    let mut in_path = std::collections::HashSet::new();
    let path = fill_path::<O>(&object, &mut in_path)?;
    let mut url = parse_url(&format!("{base}{path}"))?;
    let mut body = serde_json::Map::new();
    let mut query = Pairs::default();
    let styles = Styles::of(O::QUERY);
    for (key, value) in object {
        if in_path.contains(key.as_str()) {
            continue;
        }
        let style = match styles.get(key.as_str()) {
            Some(style) => style,
            None if has_body => {
                body.insert(key, value);
                continue;
            }
            None => QueryStyle::DEFAULT,
        };
        append_query(&mut query, &key, &value, style).map_err(|why| {
            Error::Configuration(format!("{}: query parameter `{key}` {why}", O::TOOL))
        })?;
    }
    if !query.0.is_empty() {
        // Every byte is already encoded: the URL keeps the text as it is.
        url.set_query(Some(&query.0));
    }
    if !has_body {
        return Ok(Encoded { url, body: None });
    }
    let body = serde_json::to_vec(&body).map_err(serialize_error)?;
    Ok(Encoded {
        url,
        body: Some(body),
    })
}

/// The style of each query parameter, looked up once per property: a scan of a short list, a
/// hash map for a long one, so that encoding stays linear in the number of properties.
enum Styles {
    Few(&'static [(&'static str, QueryStyle)]),
    Many(std::collections::HashMap<&'static str, QueryStyle>),
}

impl Styles {
    const SCANNED: usize = 8;

    fn of(query: &'static [(&'static str, QueryStyle)]) -> Styles {
        if query.len() <= Self::SCANNED {
            Styles::Few(query)
        } else {
            Styles::Many(query.iter().copied().collect())
        }
    }

    fn get(&self, name: &str) -> Option<QueryStyle> {
        match self {
            Styles::Few(query) => query.iter().find(|(n, _)| *n == name).map(|(_, s)| *s),
            Styles::Many(map) => map.get(name).copied(),
        }
    }
}

/// The query string, written once all its pairs are known (so that a request with none has no
/// `?`): each name and value `application/x-www-form-urlencoded` encoded (a space as `+`).
#[derive(Default)]
struct Pairs(String);

impl Pairs {
    fn append_pair(&mut self, key: &str, value: &str) {
        self.append_joined(key, std::iter::once(value), "");
    }

    /// One pair whose value is `parts` joined by `separator`, written as it is (`,`, `%20`, `|`,
    /// none of which the URL re-encodes in a query): each part is encoded on its own, so a comma
    /// inside an item (`%2C`) stays apart from the comma between items, as OpenAPI's
    /// non-exploded styles write them (a space inside an item is `+`, between items `%20`).
    fn append_joined<'a>(
        &mut self,
        key: &str,
        parts: impl IntoIterator<Item = &'a str>,
        separator: &str,
    ) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0
            .extend(url::form_urlencoded::byte_serialize(key.as_bytes()));
        self.0.push('=');
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                self.0.push_str(separator);
            }
            self.0
                .extend(url::form_urlencoded::byte_serialize(part.as_bytes()));
        }
    }
}

/// The text of a scalar in a query string: a string as it is, a boolean or number as its JSON
/// text; `None` for anything else.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Some(value.to_string()),
        _ => None,
    }
}

/// Appends one query parameter in its style; on failure, why the value cannot be written so.
///
/// `null` (and an absent optional, which never serializes) writes nothing, and so does a `null`
/// item of an array or member of an object.
fn append_query(
    query: &mut Pairs,
    key: &str,
    value: &serde_json::Value,
    style: QueryStyle,
) -> Result<(), &'static str> {
    use serde_json::Value;
    const NESTED: &str = "is nested and cannot be sent in a query string in its style";
    match value {
        Value::Null => Ok(()),
        Value::Array(items) => {
            let separator = match style {
                QueryStyle::Form { explode: true }
                | QueryStyle::SpaceDelimited { explode: true }
                | QueryStyle::PipeDelimited { explode: true } => {
                    for item in items.iter().filter(|item| !item.is_null()) {
                        query.append_pair(key, &scalar_text(item).ok_or(NESTED)?);
                    }
                    return Ok(());
                }
                QueryStyle::Form { explode: false } => ",",
                QueryStyle::SpaceDelimited { explode: false } => "%20",
                QueryStyle::PipeDelimited { explode: false } => "|",
                QueryStyle::DeepObject => return Err("is an array, which deepObject cannot send"),
            };
            let parts = items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| scalar_text(item).ok_or(NESTED))
                .collect::<Result<Vec<_>, _>>()?;
            if !items.is_empty() {
                query.append_joined(key, parts.iter().map(String::as_str), separator);
            }
            Ok(())
        }
        Value::Object(members) => match style {
            QueryStyle::Form { explode: true } => {
                for (name, member) in members.iter().filter(|(_, m)| !m.is_null()) {
                    query.append_pair(name, &scalar_text(member).ok_or(NESTED)?);
                }
                Ok(())
            }
            QueryStyle::Form { explode: false } => {
                let mut parts = Vec::new();
                for (name, member) in members.iter().filter(|(_, m)| !m.is_null()) {
                    parts.push(name.clone());
                    parts.push(scalar_text(member).ok_or(NESTED)?);
                }
                if !members.is_empty() {
                    query.append_joined(key, parts.iter().map(String::as_str), ",");
                }
                Ok(())
            }
            QueryStyle::DeepObject => append_deep(query, key, members),
            QueryStyle::SpaceDelimited { .. } | QueryStyle::PipeDelimited { .. } => {
                Err("is an object, which spaceDelimited and pipeDelimited cannot send")
            }
        },
        scalar => {
            if style == QueryStyle::DeepObject {
                return Err("is not an object, which deepObject needs");
            }
            query.append_pair(key, &scalar_text(scalar).ok_or(NESTED)?);
            Ok(())
        }
    }
}

/// `deepObject`: each member as `key[name]=value`, nested objects as `key[a][b]=value` and
/// arrays of scalars as `key[a][]=item`. The walk visits each value once.
fn append_deep(
    query: &mut Pairs,
    key: &str,
    members: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), &'static str> {
    use serde_json::Value;
    for (name, member) in members {
        let inner = format!("{key}[{name}]");
        match member {
            Value::Null => {}
            Value::Object(nested) => append_deep(query, &inner, nested)?,
            Value::Array(items) => {
                let inner = format!("{inner}[]");
                for item in items.iter().filter(|item| !item.is_null()) {
                    query.append_pair(
                        &inner,
                        &scalar_text(item).ok_or(
                            "holds an array of arrays or objects, which deepObject cannot send",
                        )?,
                    );
                }
            }
            scalar => {
                query.append_pair(&inner, &scalar_text(scalar).unwrap_or_default());
            }
        }
    }
    Ok(())
}

/// The path of `O` with its `{name}` segments filled from `object`, each name added to
/// `in_path` so that the property goes nowhere else. (Removing it from the map instead would
/// move the map's last property into its place and reorder the body.)
///
/// A value that is empty, `.` or `..` is refused, every one of them listed as an
/// [`Error::Validation`]: the URL parser removes such a segment (`/users/..` is `/`), so the
/// request, key and all, would reach another endpoint than the operation names.
fn fill_path<O: Operation>(
    object: &serde_json::Map<String, serde_json::Value>,
    in_path: &mut std::collections::HashSet<&'static str>,
) -> Result<String, Error> {
    let mut path = String::with_capacity(O::PATH.len());
    let mut rest = O::PATH;
    let mut refused = Violations::default();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            Error::Configuration(format!("{}: unclosed `{{` in path {}", O::TOOL, O::PATH))
        })?;
        path.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        in_path.insert(name);
        let value = match object.get(name) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                return Err(Error::Configuration(format!(
                    "{}: path parameter `{name}` must be a string or number",
                    O::TOOL
                )));
            }
        };
        if value.is_empty() || is_dot_segment(&value) {
            refused.push(Violation::new(
                &Path::Root.key(name),
                "x-http",
                "a path segment other than \"\", \".\" and \"..\"",
                quote_str(&value),
            ));
        }
        push_percent_encoded(&mut path, &value);
        rest = &rest[close + 1..];
    }
    if !refused.is_empty() {
        return Err(Error::Validation(refused));
    }
    path.push_str(rest);
    Ok(path)
}

/// Whether `value` is `.` or `..`, each dot written plain or as `%2e`/`%2E`. The URL parser
/// treats the escaped forms as dots too; and although the `%` of a value is itself escaped here,
/// a server or proxy that decodes twice would see the dots, so those are refused as well.
fn is_dot_segment(value: &str) -> bool {
    let mut rest = value.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        if rest[0] == b'.' {
            rest = &rest[1..];
        } else if rest.len() >= 3 && rest[0] == b'%' && rest[1] == b'2' && rest[2] | 0x20 == b'e' {
            rest = &rest[3..];
        } else {
            return false;
        }
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// Appends `value` as one path segment: everything but RFC 3986 unreserved characters escaped.
fn push_percent_encoded(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

fn parse_url(url: &str) -> Result<reqwest::Url, Error> {
    reqwest::Url::parse(url).map_err(|e| Error::Configuration(format!("invalid URL {url}: {e}")))
}

fn serialize_error(e: serde_json::Error) -> Error {
    Error::Configuration(format!("the request cannot be serialized: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Path, Validate, Violations};

    #[test]
    fn a_delimiter_is_written_as_it_is_and_the_same_character_in_an_item_is_encoded() {
        let mut query = Pairs::default();
        let items = serde_json::json!(["a,b", "c d", "e|f"]);
        for (key, style) in [
            ("form", QueryStyle::Form { explode: false }),
            ("spaces", QueryStyle::SpaceDelimited { explode: false }),
            ("pipes", QueryStyle::PipeDelimited { explode: false }),
            ("exploded", QueryStyle::Form { explode: true }),
        ] {
            append_query(&mut query, key, &items, style).unwrap();
        }
        let object = serde_json::json!({"k,1": "v,2", "k 3": "v"});
        append_query(
            &mut query,
            "obj",
            &object,
            QueryStyle::Form { explode: false },
        )
        .unwrap();
        assert_eq!(
            query.0,
            "form=a%2Cb,c+d,e%7Cf&spaces=a%2Cb%20c+d%20e%7Cf&pipes=a%2Cb|c+d|e%7Cf\
             &exploded=a%2Cb&exploded=c+d&exploded=e%7Cf&obj=k%2C1,v%2C2,k+3,v"
        );
    }

    #[derive(serde::Serialize)]
    struct GetUser {
        id: String,
        expand: Vec<String>,
        limit: u32,
        after: Option<String>,
    }

    impl Validate for GetUser {
        fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
    }

    impl Operation for GetUser {
        const TOOL: &'static str = "user_management.users.get";
        const METHOD: Method = Method::Get;
        const PATH: &'static str = "/users/{id}";
        type Output = serde_json::Value;
    }

    #[derive(serde::Serialize)]
    struct UpdateUser {
        id: String,
        first_name: String,
    }

    impl Validate for UpdateUser {
        fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
    }

    impl Operation for UpdateUser {
        const TOOL: &'static str = "user_management.users.update";
        const METHOD: Method = Method::Put;
        const PATH: &'static str = "/users/{id}";
        type Output = serde_json::Value;
    }

    #[test]
    fn get_fills_the_path_and_sends_the_rest_as_a_query() {
        let request = GetUser {
            id: "user 1/2".into(),
            expand: vec!["org".into(), "roles".into()],
            limit: 10,
            after: None,
        };
        let encoded = encode("https://api.example.test/v1", &request).unwrap();
        assert_eq!(
            encoded.url.as_str(),
            "https://api.example.test/v1/users/user%201%2F2?expand=org&expand=roles&limit=10"
        );
        assert_eq!(encoded.body, None);
    }

    #[test]
    fn put_fills_the_path_and_sends_the_rest_as_json() {
        let request = UpdateUser {
            id: "user_1".into(),
            first_name: "Ada".into(),
        };
        let encoded = encode("https://api.example.test", &request).unwrap();
        assert_eq!(
            encoded.url.as_str(),
            "https://api.example.test/users/user_1"
        );
        assert_eq!(
            encoded.body.as_deref(),
            Some(&br#"{"first_name":"Ada"}"#[..])
        );
    }

    #[derive(serde::Serialize)]
    struct ListThings {
        org: String,
        form: Vec<String>,
        form_joined: Vec<i64>,
        spaces: Vec<String>,
        pipes: Vec<bool>,
        filter: serde_json::Value,
        flat: serde_json::Value,
        limit: Option<u32>,
        note: String,
    }

    impl Validate for ListThings {
        fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
    }

    impl Operation for ListThings {
        const TOOL: &'static str = "things.list";
        const METHOD: Method = Method::Post;
        const PATH: &'static str = "/orgs/{org}/things";
        const QUERY: &'static [(&'static str, QueryStyle)] = &[
            ("form", QueryStyle::Form { explode: true }),
            ("form_joined", QueryStyle::Form { explode: false }),
            ("spaces", QueryStyle::SpaceDelimited { explode: false }),
            ("pipes", QueryStyle::PipeDelimited { explode: false }),
            ("filter", QueryStyle::DeepObject),
            ("flat", QueryStyle::Form { explode: true }),
            ("limit", QueryStyle::Form { explode: true }),
        ];
        type Output = serde_json::Value;
    }

    fn list_things() -> ListThings {
        ListThings {
            org: "org/1".into(),
            form: vec!["a.com".into(), "b c".into()],
            form_joined: vec![1, -2],
            spaces: vec!["x".into(), "y".into()],
            pipes: vec![true, false],
            filter: serde_json::json!({"state": "active", "created": {"gte": 3}, "tags": ["p", "q"], "gone": null}),
            flat: serde_json::json!({"a": 1.5, "b": "z"}),
            limit: None,
            note: "left in the body".into(),
        }
    }

    #[test]
    fn query_parameters_follow_their_style_and_leave_the_body() {
        let encoded = encode("https://api.example.test", &list_things()).unwrap();
        assert_eq!(
            encoded.url.as_str(),
            "https://api.example.test/orgs/org%2F1/things?form=a.com&form=b+c&form_joined=1,-2&spaces=x%20y&pipes=true|false&filter%5Bstate%5D=active&filter%5Bcreated%5D%5Bgte%5D=3&filter%5Btags%5D%5B%5D=p&filter%5Btags%5D%5B%5D=q&a=1.5&b=z"
        );
        assert_eq!(
            encoded.body.as_deref(),
            Some(&br#"{"note":"left in the body"}"#[..])
        );
    }

    #[test]
    fn a_value_its_style_cannot_write_is_a_configuration_error() {
        let mut request = list_things();
        request.flat = serde_json::json!({"a": {"b": 1}});
        match encode("https://api.example.test", &request) {
            Err(Error::Configuration(message)) => assert_eq!(
                message,
                "things.list: query parameter `flat` is nested and cannot be sent in a query string in its style"
            ),
            other => panic!("{other:?}"),
        }
        let mut request = list_things();
        request.filter = serde_json::json!("plain");
        match encode("https://api.example.test", &request) {
            Err(Error::Configuration(message)) => assert_eq!(
                message,
                "things.list: query parameter `filter` is not an object, which deepObject needs"
            ),
            other => panic!("{other:?}"),
        }
    }

    /// One hand-written operation per method, each with the path parameters `org` and `id`.
    macro_rules! operation {
        ($name:ident, $method:expr) => {
            #[derive(serde::Serialize)]
            struct $name {
                org: serde_json::Value,
                id: String,
                note: String,
            }

            impl Validate for $name {
                fn validate_at(&self, _: &Path<'_>, _: &mut Violations) {}
            }

            impl Operation for $name {
                const TOOL: &'static str = "things.edit";
                const METHOD: Method = $method;
                const PATH: &'static str = "/orgs/{org}/things/{id}/notes";
                type Output = serde_json::Value;
            }
        };
    }
    operation!(GetThing, Method::Get);
    operation!(PostThing, Method::Post);
    operation!(PutThing, Method::Put);
    operation!(PatchThing, Method::Patch);
    operation!(DeleteThing, Method::Delete);

    /// The URL each method's operation encodes to, or the error's text.
    fn every_method(org: serde_json::Value, id: &str) -> Vec<String> {
        fn one<O: Operation>(request: &O) -> String {
            match encode("https://api.example.test", request) {
                Ok(encoded) => encoded.url.to_string(),
                Err(Error::Validation(v)) => v.to_string(),
                Err(other) => format!("unexpected: {other}"),
            }
        }
        let (id, note) = (id.to_owned(), "n".to_owned());
        vec![
            one(&GetThing {
                org: org.clone(),
                id: id.clone(),
                note: note.clone(),
            }),
            one(&PostThing {
                org: org.clone(),
                id: id.clone(),
                note: note.clone(),
            }),
            one(&PutThing {
                org: org.clone(),
                id: id.clone(),
                note: note.clone(),
            }),
            one(&PatchThing {
                org: org.clone(),
                id: id.clone(),
                note: note.clone(),
            }),
            one(&DeleteThing { org, id, note }),
        ]
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused_with_every_bad_parameter() {
        for (org, id, expected) in [
            (
                "..",
                "",
                "2 violations\n  /org: expected a path segment other than \"\", \".\" and \"..\", found \"..\" (x-http)\n  /id: expected a path segment other than \"\", \".\" and \"..\", found \"\" (x-http)",
            ),
            (
                "org_1",
                ".",
                "1 violation\n  /id: expected a path segment other than \"\", \".\" and \"..\", found \".\" (x-http)",
            ),
            (
                "%2e%2e",
                "%2E.",
                "2 violations\n  /org: expected a path segment other than \"\", \".\" and \"..\", found \"%2e%2e\" (x-http)\n  /id: expected a path segment other than \"\", \".\" and \"..\", found \"%2E.\" (x-http)",
            ),
            (
                "org_1",
                "%2e",
                "1 violation\n  /id: expected a path segment other than \"\", \".\" and \"..\", found \"%2e\" (x-http)",
            ),
        ] {
            assert_eq!(
                every_method(serde_json::json!(org), id),
                vec![expected; 5],
                "org {org:?}, id {id:?}"
            );
        }
    }

    #[test]
    fn odd_but_valid_values_stay_one_segment() {
        let query = "?note=n";
        for (org, id, path) in [
            (
                serde_json::json!("a/b"),
                "a%b",
                "/orgs/a%2Fb/things/a%25b/notes",
            ),
            (
                serde_json::json!("é"),
                "a b",
                "/orgs/%C3%A9/things/a%20b/notes",
            ),
            (serde_json::json!("..."), ".a", "/orgs/.../things/.a/notes"),
            (
                serde_json::json!(-1.5),
                "%2e%2e%2e",
                "/orgs/-1.5/things/%252e%252e%252e/notes",
            ),
            (serde_json::json!(0), "%2f", "/orgs/0/things/%252f/notes"),
        ] {
            let base = format!("https://api.example.test{path}");
            let with_query = format!("{base}{query}");
            assert_eq!(
                every_method(org.clone(), id),
                vec![
                    with_query.clone(),
                    base.clone(),
                    base.clone(),
                    base.clone(),
                    with_query
                ],
                "org {org}, id {id:?}"
            );
        }
    }

    #[test]
    fn dot_segments_are_exactly_one_or_two_dots() {
        for (value, dot) in [
            (".", true),
            ("..", true),
            ("%2e", true),
            ("%2E%2e", true),
            (".%2E", true),
            ("...", false),
            ("%2e%2e%2e", false),
            ("", false),
            ("%2", false),
            ("%2f", false),
            ("a..", false),
            ("%25", false),
        ] {
            assert_eq!(is_dot_segment(value), dot, "{value:?}");
        }
    }
}
