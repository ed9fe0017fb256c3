//! The whole WorkOS catalog over REST against the sandbox: every operation called with the
//! client and decoded into its output type, the sandbox's validation answers, and the stateful
//! organizations followed through create, get, update, list, delete and a portal link.

use std::future::Future;
use std::pin::Pin;

use futures::StreamExt;
use portal_runtime::client::Client;
use portal_runtime::{CatalogTool, Error, FromJson, Method, Operation, Visit};
use portal_workos::api;
use portal_workos::sandbox::{Fault, RecordedRequest, Sandbox, SandboxConfig, examples};
use serde_json::{Value, json};

use crate::sandbox_client::{client, fast_retries, sso};

pub(crate) type Call = fn(Client, Value) -> Pin<Box<dyn Future<Output = Result<Value, String>>>>;

/// Every tool of the catalog with a way to call it: decode the request, send it, serialize the
/// decoded answer.
#[derive(Default)]
pub(crate) struct Calls(pub(crate) Vec<(&'static str, Method, Call)>);

impl Visit for Calls {
    fn tool<O>(&mut self, entry: &'static CatalogTool)
    where
        O: Operation + FromJson + 'static,
        O::Output: serde::Serialize + 'static,
    {
        self.0.push((entry.name, O::METHOD, call::<O>));
    }
}

fn call<O>(client: Client, input: Value) -> Pin<Box<dyn Future<Output = Result<Value, String>>>>
where
    O: Operation + FromJson + 'static,
    O::Output: serde::Serialize,
{
    Box::pin(async move {
        let request = O::from_json_value(&input).map_err(|v| format!("request: {v}"))?;
        let output = client.send(&request).await.map_err(|e| e.to_string())?;
        Ok(serde_json::to_value(&output).unwrap())
    })
}

/// What the sandbox saw, as one line: method, path with query, body.
pub(crate) fn line(request: &RecordedRequest) -> String {
    format!(
        "{} {} {}",
        request.method,
        request.path,
        request.body_str().unwrap_or_default()
    )
}

#[tokio::test]
async fn every_operation_answers_over_rest() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, fast_retries());
    let mut calls = Calls::default();
    api::visit(&mut calls);
    // Deletions last, so that the organization the other requests name is still there.
    calls
        .0
        .sort_by_key(|(_, method, _)| *method == Method::Delete);
    let mut answered = 0;
    let mut failed = Vec::new();
    let mut seen = Vec::new();
    let mut outputs = Vec::new();
    for (name, _, call) in calls.0 {
        let input = examples::input(name).unwrap();
        sandbox.clear_requests();
        let answer = call(client.clone(), input).await;
        let requests = sandbox.requests();
        assert_eq!(requests.len(), 1, "{name}: one request, no retry");
        seen.push((name, line(&requests[0])));
        match answer {
            Ok(output) => {
                answered += 1;
                if STATEFUL.contains(&name) {
                    outputs.push((name, output));
                    continue;
                }
                // The example answer, but for the `id` a path parameter may have replaced, and
                // with numbers compared as numbers (an `f64` field answers `300` as `300.0`).
                let (mut output, mut expected) = (output, examples::output(name).unwrap());
                for value in [&mut output, &mut expected] {
                    if let Some(object) = value.as_object_mut() {
                        object.remove("id");
                    }
                    numbers_as_floats(value);
                }
                if output != expected {
                    failed.push(format!("{name}: answered {output}, not {expected}"));
                }
            }
            Err(error) => failed.push(format!("{name}: {error}")),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert_eq!(answered, 170);
    let pinned: Vec<&str> = PINNED
        .iter()
        .map(|tool| {
            seen.iter()
                .find(|(name, _)| name == tool)
                .map(|(_, line)| line.as_str())
                .unwrap()
        })
        .collect();
    assert_eq!(
        pinned,
        [
            r#"POST /organizations {"name":"Foo Corp","allow_profiles_outside_organization":false,"domains":["example.com"],"metadata":{"tier":"diamond"},"external_id":"ext_12345"}"#,
            "GET /organizations?limit=10&order=desc&domains=foo-corp.com&search=Acme+Corp ",
            "GET /organizations/org_test ",
            "GET /organizations/external_id/ext_org_test ",
            r#"PUT /organizations/org_test {"name":"Foo Corp","allow_profiles_outside_organization":false,"domains":["foo-corp.com"],"stripe_customer_id":"cus_R9qWAGMQ6nGE7V","metadata":{"tier":"diamond"},"external_id":"2fe01467-f7ea-4dd2-8b79-c2b4f56d0191"}"#,
            "DELETE /organizations/org_test ",
            r#"POST /portal/generate_link {"return_url":"https://example.com/admin-portal/return","success_url":"https://example.com/admin-portal/success","organization":"org_test","intent":"sso","it_contact_emails":["it-contact@example.com"]}"#,
            r#"PUT /authorization/roles/admin/permissions {"permissions":["billing:read","billing:write","invoices:manage","reports:view"]}"#,
        ]
    );
    let out = |tool: &str| {
        outputs
            .iter()
            .find(|(name, _)| *name == tool)
            .map(|(_, output)| output.clone())
            .unwrap()
    };
    let seeded = out("organizations.get");
    assert_eq!(
        (&seeded["id"], &seeded["name"], &seeded["external_id"]),
        (
            &json!("org_test"),
            &json!("org_test"),
            &json!("ext_org_test")
        )
    );
    assert_eq!(out("organizations.external_id.get"), seeded);
    let created = out("organizations.create");
    assert!(created["id"].as_str().unwrap().starts_with("org_"));
    assert_eq!(
        (
            &created["name"],
            &created["external_id"],
            &created["metadata"]
        ),
        (
            &json!("Foo Corp"),
            &json!("ext_12345"),
            &json!({"tier": "diamond"})
        )
    );
    assert_eq!(
        (
            &created["domains"][0]["domain"],
            &created["domains"][0]["state"]
        ),
        (&json!("example.com"), &json!("pending"))
    );
    // The example filters (`domains=foo-corp.com`, `search=Acme Corp`) match neither the
    // seeded organization nor the created one.
    assert_eq!(
        out("organizations.list"),
        json!({"object": "list", "data": [], "list_metadata": {"before": null, "after": null}})
    );
    let updated = out("organizations.update");
    assert_eq!(
        (
            &updated["id"],
            &updated["name"],
            &updated["stripe_customer_id"]
        ),
        (
            &json!("org_test"),
            &json!("Foo Corp"),
            &json!("cus_R9qWAGMQ6nGE7V")
        )
    );
    assert_eq!(updated["domains"][0]["domain"], "foo-corp.com");
    assert_eq!(updated["created_at"], seeded["created_at"]);
    assert_eq!(out("organizations.delete"), Value::Null);
    assert_eq!(
        out("portal.generate_link.create"),
        json!({"link": sandbox.links()[0]})
    );
}

/// The operations that act on the sandbox's organizations (or mint a link): their answers carry
/// its state, not the document's examples.
const STATEFUL: [&str; 7] = [
    "organizations.create",
    "organizations.delete",
    "organizations.external_id.get",
    "organizations.get",
    "organizations.list",
    "organizations.update",
    "portal.generate_link.create",
];

/// The operations whose requests are pinned: a body, a query with an array, path parameters.
const PINNED: [&str; 8] = [
    "organizations.create",
    "organizations.list",
    "organizations.get",
    "organizations.external_id.get",
    "organizations.update",
    "organizations.delete",
    "portal.generate_link.create",
    "authorization.roles.permissions.update",
];

pub(crate) fn numbers_as_floats(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().and_then(serde_json::Number::from_f64) {
                *n = f;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(numbers_as_floats),
        Value::Object(members) => members.values_mut().for_each(numbers_as_floats),
        _ => {}
    }
}

/// A raw request to the sandbox, with the API key unless `key` is `None`: status and body.
async fn raw(
    sandbox: &Sandbox,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&str>,
) -> (u16, String) {
    let http = portal_tests::plain_http();
    let mut request = http.request(
        method.parse().unwrap(),
        format!("{}{path}", sandbox.base_url()),
    );
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

const KEY: Option<&str> = Some(Sandbox::API_KEY);

#[tokio::test]
async fn invalid_requests_get_every_field_error() {
    let sandbox = Sandbox::start().await.unwrap();
    let long = "x".repeat(129);
    let body = format!(r#"{{"external_id":"{long}"}}"#);
    let answers = [
        raw(&sandbox, "POST", "/organizations", KEY, Some(&body)).await,
        raw(
            &sandbox,
            "POST",
            "/organizations",
            KEY,
            Some(r#"{"name":"A","metadata":7,"domain_data":[{"domain":"a.com","state":"bogus"}]}"#),
        )
        .await,
        raw(&sandbox, "POST", "/organizations", KEY, Some("[]")).await,
        raw(&sandbox, "POST", "/organizations", KEY, Some("{")).await,
        raw(
            &sandbox,
            "GET",
            "/organizations?limit=ten&order=sideways",
            KEY,
            None,
        )
        .await,
        raw(&sandbox, "GET", "/organizations?limit=1000", KEY, None).await,
        raw(&sandbox, "GET", "/nowhere/at/all", KEY, None).await,
        raw(
            &sandbox,
            "PATCH",
            "/organizations/org_test",
            KEY,
            Some("{}"),
        )
        .await,
        raw(&sandbox, "GET", "/organizations/org_test", None, None).await,
        raw(&sandbox, "GET", "/organizations/org_nope", KEY, None).await,
    ];
    let answers: Vec<String> = answers
        .iter()
        .map(|(status, body)| format!("{status} {body}"))
        .collect();
    assert_eq!(
        answers,
        [
            r#"422 {"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"name","code":"required"},{"field":"external_id","code":"maxLength"}]}"#,
            r#"422 {"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"domain_data.0.state","code":"enum"},{"field":"metadata","code":"type"}]}"#,
            r#"400 {"message":"The request body must be a JSON object.","code":"invalid_request_body"}"#,
            r#"400 {"message":"Invalid JSON in request body.","code":"invalid_request_body"}"#,
            r#"422 {"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"limit","code":"type"},{"field":"order","code":"enum"}]}"#,
            r#"422 {"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"limit","code":"maximum"}]}"#,
            r#"404 {"message":"Not Found"}"#,
            r#"405 {"message":"Method Not Allowed"}"#,
            r#"401 {"message":"Unauthorized","code":"unauthorized"}"#,
            r#"404 {"message":"Organization not found: 'org_nope'.","code":"entity_not_found","entity_id":"org_nope"}"#,
        ]
    );
    // Faults come first, on every route.
    sandbox.push_fault(Fault::status(503));
    assert_eq!(
        raw(&sandbox, "GET", "/organizations/org_test", KEY, None)
            .await
            .0,
        503
    );
    // A percent-encoded path parameter is decoded before it is looked up.
    let (status, body) = raw(&sandbox, "GET", "/organizations/org%5Ftest", KEY, None).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["id"],
        "org_test"
    );
}

fn request<O: FromJson>(value: Value) -> O {
    O::from_json_value(&value).unwrap()
}

#[tokio::test]
async fn organizations_are_kept() {
    let sandbox = Sandbox::start_with(SandboxConfig::default().organizations(Vec::<String>::new()))
        .await
        .unwrap();
    let client = client(&sandbox, fast_retries());
    let created = client
        .send(&request::<api::organizations_create::Organizations>(
            json!({
                "name": "Acme",
                "external_id": "acme-1",
                "domain_data": [{"domain": "acme.com", "state": "verified"}],
            }),
        ))
        .await
        .unwrap();
    let created = serde_json::to_value(&created).unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("org_") && id.len() == 30, "{id}");
    assert_eq!(created["name"], "Acme");
    assert_eq!(created["external_id"], "acme-1");
    assert_eq!(created["domains"][0]["domain"], "acme.com");
    assert_eq!(created["domains"][0]["state"], "verified");
    assert_eq!(created["domains"][0]["organization_id"], id.as_str());

    let got = client
        .send(&request::<api::organizations_get::GetOrganizations>(
            json!({"id": id}),
        ))
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(&got).unwrap(), created);
    let by_external = client
        .send(
            &request::<api::organizations_external_id_get::GetExternalId>(
                json!({"external_id": "acme-1"}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&by_external).unwrap()["id"],
        id.as_str()
    );

    let updated = client
        .send(&request::<api::organizations_update::UpdateOrganizations>(
            json!({"id": id, "name": "Acme Two", "metadata": {"tier": "gold"}}),
        ))
        .await
        .unwrap();
    let updated = serde_json::to_value(&updated).unwrap();
    assert_eq!(updated["name"], "Acme Two");
    assert_eq!(updated["metadata"], json!({"tier": "gold"}));
    assert_eq!(updated["external_id"], "acme-1");
    assert_eq!(updated["created_at"], created["created_at"]);

    // A portal link for the organization just made.
    let portal = client.send(&sso(&id)).await.unwrap();
    assert_eq!(sandbox.links(), [portal.link]);

    // 24 more: every one listed once, newest first, in pages of ten.
    let mut ids = vec![id.clone()];
    for i in 1..25 {
        let made = client
            .send(&request::<api::organizations_create::Organizations>(
                json!({"name": format!("Org {i}")}),
            ))
            .await
            .unwrap();
        ids.push(
            serde_json::to_value(&made).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    sandbox.clear_requests();
    let list = request::<api::organizations_list::ListOrganizations>(json!({"limit": 10}));
    let listed: Vec<String> = client
        .paginate(&list)
        .map(|item| {
            serde_json::to_value(item.unwrap()).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
        .await;
    ids.reverse();
    assert_eq!(listed, ids);
    let pages: Vec<String> = sandbox.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        pages,
        [
            "/organizations?limit=10".to_owned(),
            format!("/organizations?after={}&limit=10", ids[9]),
            format!("/organizations?after={}&limit=10", ids[19]),
        ]
    );

    client
        .send(&request::<api::organizations_delete::DeleteOrganizations>(
            json!({"id": id}),
        ))
        .await
        .unwrap();
    assert_eq!(
        sandbox.requests().last().map(line),
        Some(format!("DELETE /organizations/{id} "))
    );
    let gone = client
        .send(&request::<api::organizations_get::GetOrganizations>(
            json!({"id": id}),
        ))
        .await
        .unwrap_err();
    let request_id = sandbox.requests().last().unwrap().request_id.clone();
    let Error::Api(error) = gone else {
        panic!("{gone:?}")
    };
    assert_eq!(
        (
            error.status,
            error.code.as_deref(),
            error.message.as_str(),
            error.request_id.as_deref()
        ),
        (
            404,
            Some("entity_not_found"),
            format!("Organization not found: '{id}'.").as_str(),
            Some(request_id.as_str())
        )
    );
    // And no more links for it.
    let refused = client.send(&sso(&id)).await.unwrap_err();
    assert_eq!(refused.status(), Some(404));
}
