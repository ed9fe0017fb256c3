//! An operation's request as HTTP: the URL (path parameters filled in, query string for methods
//! without a body) and the JSON body.

use crate::error::Error;
use crate::operation::{Method, Operation};

/// The URL and body of one operation call, built once and reused by every attempt.
#[derive(Debug)]
pub(crate) struct Encoded {
    pub(crate) url: reqwest::Url,
    pub(crate) body: Option<Vec<u8>>,
}

/// Encodes `request` against `base` (a base URL without a trailing slash).
///
/// `{name}` segments of [`Operation::PATH`] take the property `name` (a string or number) and
/// remove it from the body. `GET` and `DELETE` send the remaining top-level properties as a query
/// string (arrays as repeated keys); the other methods send them as a JSON object.
pub(crate) fn encode<O: Operation>(base: &str, request: &O) -> Result<Encoded, Error> {
    let has_body = !matches!(O::METHOD, Method::Get | Method::Delete);
    if has_body && !O::PATH.contains('{') {
        // The common case: no value tree, serialize straight into the body.
        let body = serde_json::to_vec(request).map_err(serialize_error)?;
        return Ok(Encoded {
            url: parse_url(&format!("{base}{}", O::PATH))?,
            body: Some(body),
        });
    }
    let mut object = match serde_json::to_value(request).map_err(serialize_error)? {
        serde_json::Value::Object(map) => map,
        _ => {
            return Err(Error::Configuration(format!(
                "{} must serialize to a JSON object to fill {}",
                O::TOOL,
                O::PATH
            )));
        }
    };
    let path = fill_path::<O>(&mut object)?;
    let mut url = parse_url(&format!("{base}{path}"))?;
    if !has_body {
        if !object.is_empty() {
            let mut query = url.query_pairs_mut();
            for (key, value) in &object {
                let items = match value {
                    serde_json::Value::Array(items) => items.as_slice(),
                    single => std::slice::from_ref(single),
                };
                for item in items {
                    match item {
                        serde_json::Value::Null => {}
                        serde_json::Value::String(s) => {
                            query.append_pair(key, s);
                        }
                        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                            query.append_pair(key, &item.to_string());
                        }
                        _ => {
                            return Err(Error::Configuration(format!(
                                "{}: property `{key}` is nested and cannot be sent in a query string",
                                O::TOOL
                            )));
                        }
                    }
                }
            }
        }
        return Ok(Encoded { url, body: None });
    }
    let body = serde_json::to_vec(&object).map_err(serialize_error)?;
    Ok(Encoded {
        url,
        body: Some(body),
    })
}

fn fill_path<O: Operation>(
    object: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<String, Error> {
    let mut path = String::with_capacity(O::PATH.len());
    let mut rest = O::PATH;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            Error::Configuration(format!("{}: unclosed `{{` in path {}", O::TOOL, O::PATH))
        })?;
        path.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let value = match object.remove(name) {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                return Err(Error::Configuration(format!(
                    "{}: path parameter `{name}` must be a string or number",
                    O::TOOL
                )));
            }
        };
        push_percent_encoded(&mut path, &value);
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    Ok(path)
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
}
