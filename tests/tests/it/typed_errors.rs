//! Typed error answers: a failing call's body decoded by the schema its operation documents for
//! the status (`x-http.errors`), against a server in the test that answers each organization
//! name with a chosen error.

use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::{DocumentedErrors, Error, Fallible, NoDocumentedErrors};
use portal_workos::api::organizations_create::{
    CodeOrganizationsBadRequestExternalIdAlreadyUsed, Organizations, OrganizationsBadRequest,
    OrganizationsBadRequestExternalIdAlreadyUsed, OrganizationsError,
};
use portal_workos::api::types::MessageError;
use serde_json::{Value, json};

/// What the server answers to `POST /organizations` with this organization name.
fn answer(name: &str) -> (u16, String) {
    match name {
        "taken" => (
            400,
            json!({"code": "external_id_already_used", "message": "An organization with external ID ext_1 already exists."})
                .to_string(),
        ),
        "busy" => (409, json!({"message": "Another update is in progress."}).to_string()),
        "busy-without-message" => (409, json!({"detail": "no message here"}).to_string()),
        "teapot" => (418, json!({"message": "I'm a teapot."}).to_string()),
        "proxy" => (404, "<html><body>Not Found</body></html>".to_owned()),
        _ => (201, "{}".to_owned()),
    }
}

/// A server on 127.0.0.1 (port 0) answering as [`answer`] says, and a client for it.
async fn server() -> Client {
    let app = axum::Router::new().fallback(|body: axum::body::Bytes| async move {
        let request: Value = serde_json::from_slice(&body).unwrap();
        let (status, body) = answer(request["name"].as_str().unwrap());
        let mut response = axum::response::Response::new(axum::body::Body::from(body));
        *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
        response
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::builder()
        .api_key("sk_test_errors")
        .base_url(format!("http://{address}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn create(client: &Client, name: &str) -> Error {
    client
        .send(&Organizations::builder().name(name).build())
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_documented_400_decodes_into_its_variant() {
    let client = server().await;
    let error = create(&client, "taken").await;
    assert_eq!(
        error.documented::<Organizations>(),
        Some(Ok(OrganizationsError::BadRequest(
            OrganizationsBadRequest::ExternalIdAlreadyUsed(
                OrganizationsBadRequestExternalIdAlreadyUsed::builder()
                    .code(CodeOrganizationsBadRequestExternalIdAlreadyUsed::ExternalIdAlreadyUsed)
                    .message("An organization with external ID ext_1 already exists.")
                    .build()
            )
        )))
    );
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        api.json(),
        Some(
            &json!({"code": "external_id_already_used", "message": "An organization with external ID ext_1 already exists."})
        )
    );
    // The provider-neutral reading of the same answer is unchanged.
    assert_eq!(
        error.to_string(),
        "API error 400 external_id_already_used: An organization with external ID ext_1 already exists."
    );

    let error = create(&client, "busy").await;
    assert_eq!(
        error.documented::<Organizations>(),
        Some(Ok(OrganizationsError::Conflict(
            MessageError::builder()
                .message("Another update is in progress.")
                .build()
        )))
    );
}

#[tokio::test]
async fn an_undocumented_status_or_a_body_that_is_not_json_is_none() {
    let client = server().await;
    let error = create(&client, "teapot").await;
    assert_eq!(error.status(), Some(418));
    assert_eq!(error.documented::<Organizations>(), None);
    // A 404 is not documented for this operation, and this one is not JSON either.
    let error = create(&client, "proxy").await;
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.json(), None);
    assert_eq!(error.documented::<Organizations>(), None);
    // A request refused before sending is no answer at all.
    let error = client
        .send(
            &Organizations::builder()
                .name("taken")
                .external_id(portal_runtime::Nullable::Value("x".repeat(129)))
                .build(),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert_eq!(error.documented::<Organizations>(), None);
}

#[tokio::test]
async fn a_body_breaking_its_documented_schema_gives_every_violation() {
    let client = server().await;
    let error = create(&client, "busy-without-message").await;
    let violations = error.documented::<Organizations>().unwrap().unwrap_err();
    assert_eq!(
        violations.to_string(),
        "1 violation\n  /message: expected a value, found none (required)"
    );
}

#[test]
fn the_documented_statuses_are_listed_ascending() {
    assert_eq!(
        <<Organizations as Fallible>::Errors as DocumentedErrors>::STATUSES,
        [400, 409, 422]
    );
    assert_eq!(
        OrganizationsError::decode(422, &json!({"message": "Invalid."})),
        Some(Ok(OrganizationsError::UnprocessableEntity(
            MessageError::builder().message("Invalid.").build()
        )))
    );
    assert_eq!(
        <NoDocumentedErrors as DocumentedErrors>::STATUSES,
        &[] as &[u16]
    );
}

/// The generated code of a binding with every kind of documented error: a `oneOf` of coded
/// bodies, a description, a body that is not an object, a `title`, a status range.
#[test]
fn generated_error_enum() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/schemas/errors.json");
    let tokens = portal_schema::Config::new()
        .generate_str(&std::fs::read_to_string(path).unwrap())
        .unwrap();
    insta::assert_snapshot!("generated_error_enum", portal_schema::render(&tokens));
}

/// A body documented under several operations and statuses is one shared type: the 404 of
/// `organizations.get` and the 409 of `organizations.create` are both `types::MessageError`.
#[test]
fn a_body_documented_by_many_operations_is_one_type() {
    use portal_workos::api::organizations_get::{GetOrganizations, GetOrganizationsError};
    let body = json!({"message": "Organization not found: 'org_1'."});
    let Some(Ok(GetOrganizationsError::NotFound(found))) =
        <GetOrganizations as Fallible>::Errors::decode(404, &body)
    else {
        panic!("not a 404")
    };
    let Some(Ok(OrganizationsError::Conflict(conflict))) = OrganizationsError::decode(409, &body)
    else {
        panic!("not a 409")
    };
    let same: [MessageError; 2] = [found, conflict];
    assert_eq!(same[0], same[1]);
    assert_eq!(same[0].message, "Organization not found: 'org_1'.");
}
