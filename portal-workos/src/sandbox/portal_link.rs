//! `POST /portal/generate_link`, checked by hand from the WorkOS API docs (apart from the
//! generated validation, so that the two can disagree and a test can catch it).

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Response};
use serde_json::{Map, Value, json};

use super::{
    INTENTS, MAX_ADMIN_EMAILS, SandboxConfig, Shared, answer, authorized, issue_link, lock,
};

/// `POST /portal/generate_link`: auth, the body, the fields, the organization, then a link.
pub(super) fn generate_link(shared: &Shared, headers: &HeaderMap, body: &Bytes) -> Response<Body> {
    let config = lock(&shared.config).clone();
    if !authorized(headers, &config) {
        return answer(401, r#"{"message":"Unauthorized","code":"unauthorized"}"#);
    }
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            return answer(
                400,
                r#"{"message":"The request body must be a JSON object.","code":"invalid_request_body"}"#,
            );
        }
        Err(_) => {
            return answer(
                400,
                r#"{"message":"Invalid JSON in request body.","code":"invalid_request_body"}"#,
            );
        }
    };
    let errors = field_errors(&object, &config);
    if !errors.is_empty() {
        let errors: Vec<Value> = errors
            .into_iter()
            .map(|(field, code)| json!({ "field": field, "code": code }))
            .collect();
        let body = json!({ "message": "Validation failed.", "code": "unprocessable_entity", "errors": errors });
        return answer(422, body.to_string());
    }
    let organization = object
        .get("organization")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !lock(&shared.organizations).contains(organization) {
        let body = json!({ "message": format!("Could not find an organization with the id, {organization}.") });
        return answer(config.unknown_organization_status, body.to_string());
    }
    let link = issue_link(shared);
    answer(201, json!({ "link": link }).to_string())
}

/// Every `(field, code)` the body breaks, in field order.
fn field_errors(body: &Map<String, Value>, config: &SandboxConfig) -> Vec<(String, &'static str)> {
    let mut errors = Vec::new();
    let mut error = |field: &str, code: &'static str| errors.push((field.to_owned(), code));

    match body.get("organization") {
        None | Some(Value::Null) => error("organization", "required"),
        Some(Value::String(s)) if s.is_empty() => error("organization", "required"),
        Some(Value::String(_)) => {}
        Some(_) => error("organization", "invalid_type"),
    }
    match body.get("intent") {
        None | Some(Value::Null) if config.require_intent => error("intent", "required"),
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if INTENTS.contains(&s.as_str()) => {}
        Some(Value::String(_)) => error("intent", "invalid_enum"),
        Some(_) => error("intent", "invalid_type"),
    }
    for field in ["return_url", "success_url"] {
        if let Some(value) = body.get(field)
            && !value.is_string()
            && !value.is_null()
        {
            error(field, "invalid_type");
        }
    }
    match body.get("admin_emails") {
        None | Some(Value::Null) => {}
        Some(Value::Array(emails)) => {
            if emails.len() > MAX_ADMIN_EMAILS {
                error("admin_emails", "too_many_items");
            }
            for (i, email) in emails.iter().enumerate() {
                match email.as_str() {
                    Some(email) if is_email(email) => {}
                    Some(_) => error(&format!("admin_emails.{i}"), "invalid_email"),
                    None => error(&format!("admin_emails.{i}"), "invalid_type"),
                }
            }
        }
        Some(_) => error("admin_emails", "invalid_type"),
    }
    match body.get("intent_options") {
        None | Some(Value::Null) => {}
        Some(Value::Object(options)) => match options.get("sso") {
            None | Some(Value::Null) => error("intent_options.sso", "required"),
            Some(Value::Object(sso)) => {
                for key in ["bookmark_slug", "provider_type"] {
                    if let Some(value) = sso.get(key)
                        && !value.is_string()
                    {
                        error(&format!("intent_options.sso.{key}"), "invalid_type");
                    }
                }
            }
            Some(_) => error("intent_options.sso", "invalid_type"),
        },
        Some(_) => error("intent_options", "invalid_type"),
    }
    errors
}

/// `local@domain` with a dot in the domain and no spaces: the shape a server checks, not RFC 5322.
fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(body: Value, config: &SandboxConfig) -> Vec<(String, &'static str)> {
        field_errors(body.as_object().unwrap(), config)
    }

    #[test]
    fn checks_every_field() {
        let config = SandboxConfig::default();
        assert_eq!(errors(json!({"organization": "org_test"}), &config), []);
        assert_eq!(
            errors(
                json!({"organization": "org_test"}),
                &config.clone().require_intent(true)
            ),
            [("intent".to_owned(), "required")]
        );
        let emails: Vec<String> = (0..21).map(|i| format!("it{i}@example.com")).collect();
        assert_eq!(
            errors(
                json!({
                    "organization": 7,
                    "intent": "billing",
                    "return_url": false,
                    "admin_emails": emails,
                    "intent_options": {"sso": {"provider_type": 1}}
                }),
                &config
            ),
            [
                ("organization".to_owned(), "invalid_type"),
                ("intent".to_owned(), "invalid_enum"),
                ("return_url".to_owned(), "invalid_type"),
                ("admin_emails".to_owned(), "too_many_items"),
                (
                    "intent_options.sso.provider_type".to_owned(),
                    "invalid_type"
                ),
            ]
        );
        assert_eq!(
            errors(
                json!({"organization": "", "admin_emails": ["a@b.co", "nope", 3], "intent_options": {}}),
                &config
            ),
            [
                ("organization".to_owned(), "required"),
                ("admin_emails.1".to_owned(), "invalid_email"),
                ("admin_emails.2".to_owned(), "invalid_type"),
                ("intent_options.sso".to_owned(), "required"),
            ]
        );
        for intent in INTENTS {
            assert_eq!(
                errors(json!({"organization": "o", "intent": intent}), &config),
                []
            );
        }
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        for ok in ["a@b.co", "first.last+tag@sub.example.com"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "@b.co", "a@", "a@b", "a@.b", "a@b.", "a b@c.d", "a@b@c.d",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
