//! A binding that documents error answers gets `<Request>Error`, a variant per status (named by
//! its reason phrase, `Status418` without one, `ServerError` for `5XX`), each holding the body in
//! the type generated for that status's schema; `Fallible` names it.
#![deny(warnings)]

portal_macros::tool! {
    schema: "schemas/errors.json",
}

use portal_runtime::{ApiError, DocumentedErrors, Fallible};

fn main() {
    assert_eq!(<Things as Fallible>::Errors::STATUSES, &[400, 404, 418, 429]);
    let body = serde_json::json!({"code": "name_taken", "message": "Taken."});
    let decoded = ThingsError::decode(400, &body).unwrap().unwrap();
    let ThingsError::BadRequest(ThingsBadRequest::NameTaken(taken)) = &decoded else {
        panic!("{decoded:?}")
    };
    assert_eq!(taken.message, "Taken.");

    let api = ApiError::parse(429, None, None, br#"{"message": "Slow down.", "retry_in": 0}"#);
    let violations = api.documented::<ThingsError>().unwrap().unwrap_err();
    assert_eq!(
        violations.to_string(),
        "1 violation\n  /retry_in: expected a number at least 1, found 0 (minimum)"
    );
    let api = ApiError::parse(429, None, None, br#"{"message": "Slow down.", "retry_in": 2}"#);
    let Some(Ok(ThingsError::TooManyRequests(SlowDown { retry_in, .. }))) =
        api.documented::<ThingsError>()
    else {
        panic!()
    };
    assert_eq!(retry_in, 2.into());
    let api = ApiError::parse(503, None, None, br#"{}"#);
    assert!(matches!(
        api.documented::<ThingsError>(),
        Some(Ok(ThingsError::ServerError(ThingsServerError { message: None, .. })))
    ));
    let api = ApiError::parse(418, None, None, br#""short and stout""#);
    assert!(matches!(api.documented::<ThingsError>(), Some(Ok(ThingsError::Status418(_)))));
    assert!(ApiError::parse(409, None, None, b"{}").documented::<ThingsError>().is_none());
}
