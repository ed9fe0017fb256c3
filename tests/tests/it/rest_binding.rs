//! The general REST binding (`x-http`): every method, path parameters, query parameters in each
//! style, JSON bodies, an empty `204`, and `Client::paginate` following cursors, all against a
//! server in the test that records each request exactly as it arrived.

use futures::StreamExt;
use portal_runtime::client::{Client, RetryPolicy};
use portal_runtime::{Empty, Error, Method, Operation, Paginated, QueryStyle};
use serde_json::{Value, json};

use crate::support::{Recorder, Seen};

/// Each tool in a module of its own: their output types share names (`Organization`).
mod get {
    portal_macros::tool! { schema: "fixtures/rest/get.json", name: GetOrganization }
}
mod list {
    portal_macros::tool! { schema: "fixtures/rest/list.json", name: ListOrganizations }
}
mod update {
    portal_macros::tool! { schema: "fixtures/rest/update.json", name: UpdateOrganization }
}
mod patch {
    portal_macros::tool! { schema: "fixtures/rest/patch.json", name: PatchOrganization }
}
mod delete {
    portal_macros::tool! { schema: "fixtures/rest/delete.json", name: DeleteOrganization }
}
mod search {
    portal_macros::tool! { schema: "fixtures/rest/search.json", name: Search }
}
use delete::DeleteOrganization;
use get::GetOrganization;
use list::{ListOrganizations, ListOrganizationsOutput, Organization};
use patch::PatchOrganization;
use search::{Search, SearchOutput};
use update::UpdateOrganization;

/// How the list endpoint pages.
#[derive(Clone, Copy, PartialEq)]
enum Pages {
    /// Three pages: no cursor → `c1` → `c2` → last.
    Three,
    /// The second page hands back `c1` again.
    Loop,
    /// The second page is a 404.
    FailSecond,
    /// Every page has a new cursor.
    Endless,
}

fn organization(id: &str) -> Value {
    json!({"object": "organization", "id": id, "name": format!("Org {id}")})
}

fn page(ids: &[&str], after: Option<&str>) -> Value {
    json!({
        "object": "list",
        "data": ids.iter().map(|id| organization(id)).collect::<Vec<_>>(),
        "list_metadata": {"before": null, "after": after},
    })
}

/// The query parameter `name` of a request target, percent-decoded.
fn query_value(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    reqwest::Url::parse(&format!("http://x/?{query}"))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn answer(pages: Pages, method: &str, target: &str, body: &str) -> (u16, String) {
    let path = target.split('?').next().unwrap_or_default();
    match (method, path) {
        ("POST", "/search") => {
            let cursor = serde_json::from_str::<Value>(body).unwrap()["cursor"].clone();
            let body = match cursor.as_str() {
                None => json!({"data": [{"id": "t1"}], "meta": {"page": {"next": "n1"}}}),
                Some("n1") => json!({"data": null, "meta": {"page": {"next": "n2"}}}),
                Some(_) => json!({"data": [{"id": "t2"}], "meta": null}),
            };
            (200, body.to_string())
        }
        ("GET", "/organizations") => {
            let after = query_value(target, "after");
            let body = match (pages, after.as_deref()) {
                (_, None) => page(&["org_1", "org_2"], Some("c1")),
                (Pages::Loop, Some("c1")) => page(&["org_3"], Some("c1")),
                (Pages::FailSecond, Some("c1")) => {
                    return (
                        404,
                        json!({"code": "not_found", "message": "Cursor c1 expired."}).to_string(),
                    );
                }
                (Pages::Endless, Some(c)) => page(&["org_n"], Some(&format!("{c}+"))),
                (_, Some("c1")) => page(&["org_3"], Some("c2")),
                (_, Some(_)) => page(&["org_4"], None),
            };
            (200, body.to_string())
        }
        ("DELETE", _) => (204, String::new()),
        (_, path) => (
            200,
            organization(path.rsplit('/').next().unwrap_or_default()).to_string(),
        ),
    }
}

/// A [`Recorder`] answering as [`answer`] says, and a client for it.
async fn server(pages: Pages) -> (Client, Recorder) {
    let recorder = Recorder::start(move |method: &str, target: &str, body: &str| {
        answer(pages, method, target, body)
    })
    .await;
    let client = Client::builder()
        .api_key("sk_test_rest")
        .base_url(recorder.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    (client, recorder)
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const NO_BODY: &[(&str, &str)] = &[
    ("accept", "application/json"),
    ("authorization", "Bearer sk_test_rest"),
];

#[test]
fn the_generated_bindings_state_where_each_property_goes() {
    assert_eq!(GetOrganization::METHOD, Method::Get);
    assert_eq!(GetOrganization::PATH, "/organizations/{id}");
    assert_eq!(GetOrganization::PATH_PARAMS, &["id"]);
    assert_eq!(GetOrganization::QUERY, &[]);
    assert_eq!(GetOrganization::SUCCESS, Some(200));
    assert_eq!(
        ListOrganizations::QUERY,
        &[
            ("domains", QueryStyle::Form { explode: true }),
            ("ids", QueryStyle::Form { explode: false }),
            ("tags", QueryStyle::SpaceDelimited { explode: false }),
            ("states", QueryStyle::PipeDelimited { explode: false }),
            ("filter", QueryStyle::DeepObject),
            ("limit", QueryStyle::Form { explode: true }),
            ("order", QueryStyle::Form { explode: true }),
            ("before", QueryStyle::Form { explode: true }),
            ("after", QueryStyle::Form { explode: true }),
        ]
    );
    assert_eq!(
        (
            ListOrganizations::CURSOR,
            ListOrganizations::ITEMS,
            ListOrganizations::NEXT
        ),
        ("after", "/data", "/list_metadata/after")
    );
    assert_eq!(
        PatchOrganization::QUERY,
        &[("dry_run", QueryStyle::DEFAULT)]
    );
    assert_eq!(DeleteOrganization::SUCCESS, Some(204));
    // A 204 tool has no outputSchema: its output decodes from nothing.
    fn answers_empty<O: Operation<Output = Empty>>() {}
    answers_empty::<DeleteOrganization>();
}

#[tokio::test]
async fn get_sends_the_path_parameter_as_one_segment_and_no_body() {
    let (client, seen) = server(Pages::Three).await;
    let org = client
        .send(&GetOrganization::builder().id("org/1 ?#%").build())
        .await
        .unwrap();
    // The server answers with the id as the raw segment it received.
    assert_eq!(org.id, "org%2F1%20%3F%23%25");
    assert_eq!(
        seen.requests(),
        vec![Seen {
            line: "GET /organizations/org%2F1%20%3F%23%25".to_owned(),
            headers: headers(NO_BODY),
            body: String::new(),
        }]
    );
}

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused_before_sending() {
    let (client, seen) = server(Pages::Three).await;
    for (id, found) in [
        ("..", "\"..\""),
        (".", "\".\""),
        ("", "\"\""),
        ("%2e%2E", "\"%2e%2E\""),
    ] {
        let error = client
            .send(&DeleteOrganization::builder().id(id).build())
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Validation(_)), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!(
                "invalid request: 1 violation\n  /id: expected a path segment other than \"\", \".\" and \"..\", found {found} (x-http)"
            )
        );
    }
    assert_eq!(seen.requests(), vec![]);
}

#[tokio::test]
async fn list_sends_each_query_style_and_leaves_absent_ones_out() {
    let (client, seen) = server(Pages::Three).await;
    let request = ListOrganizations::builder()
        .domains(vec!["a.com".to_owned(), "b.com".to_owned()])
        .ids(vec!["org_1".to_owned(), "org_2".to_owned()])
        .tags(vec!["x".to_owned(), "y z".to_owned()])
        .states(vec![list::StatesItem::Active, list::StatesItem::Inactive])
        .filter(
            list::Filter::builder()
                .name("Acme")
                .created(list::CreatedFilter::builder().gte(3).build())
                .build(),
        )
        .limit(10)
        .build();
    let page = client.send(&request).await.unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(
        seen.requests(),
        vec![Seen {
            line: "GET /organizations?domains=a.com&domains=b.com&ids=org_1,org_2&tags=x%20y+z&states=active|inactive&filter%5Bname%5D=Acme&filter%5Bcreated%5D%5Bgte%5D=3&limit=10".to_owned(),
            headers: headers(NO_BODY),
            body: String::new(),
        }]
    );
    // Nothing set: no query string at all.
    seen.take();
    client.send(&ListOrganizations::default()).await.unwrap();
    assert_eq!(seen.lines()[0], "GET /organizations");
}

#[tokio::test]
async fn put_and_patch_send_the_rest_as_json_and_only_patch_has_an_idempotency_key() {
    let (client, seen) = server(Pages::Three).await;
    let updated = client
        .send(
            &UpdateOrganization::builder()
                .id("org_1")
                .name("Acme")
                .domains(vec!["acme.com".to_owned()])
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(updated.name, "Org org_1");
    client
        .send(
            &PatchOrganization::builder()
                .id("org_2")
                .dry_run(true)
                .name("Renamed")
                .build(),
        )
        .await
        .unwrap();
    let json_headers = [
        ("accept", "application/json"),
        ("authorization", "Bearer sk_test_rest"),
        ("content-length", "38"),
        ("content-type", "application/json"),
    ];
    let patch_headers = [
        ("accept", "application/json"),
        ("authorization", "Bearer sk_test_rest"),
        ("content-length", "18"),
        ("content-type", "application/json"),
        ("idempotency-key", "<uuid>"),
    ];
    assert_eq!(
        seen.requests(),
        vec![
            Seen {
                line: "PUT /organizations/org_1".to_owned(),
                headers: headers(&json_headers),
                body: r#"{"name":"Acme","domains":["acme.com"]}"#.to_owned(),
            },
            Seen {
                line: "PATCH /organizations/org_2?dry_run=true".to_owned(),
                headers: headers(&patch_headers),
                body: r#"{"name":"Renamed"}"#.to_owned(),
            },
        ]
    );
}

#[tokio::test]
async fn delete_answered_204_decodes_into_empty() {
    let (client, seen) = server(Pages::Three).await;
    let output: Empty = client
        .send(&DeleteOrganization::builder().id("org_1").build())
        .await
        .unwrap();
    assert_eq!(output, Empty);
    assert_eq!(
        seen.requests(),
        vec![Seen {
            line: "DELETE /organizations/org_1".to_owned(),
            headers: headers(NO_BODY),
            body: String::new(),
        }]
    );
}

fn ids(items: &[Result<Organization, Error>]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Ok(org) => org.id.clone(),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

/// The list endpoint's items with nothing set, page after page, until the stream ends.
async fn every_item(client: &Client) -> Vec<Result<Organization, Error>> {
    client
        .paginate(&ListOrganizations::default())
        .collect()
        .await
}

/// The requests for the list endpoint's first two pages, nothing set.
const FIRST_TWO_PAGES: [&str; 2] = ["GET /organizations", "GET /organizations?after=c1"];

#[tokio::test]
async fn paginate_follows_the_cursors_over_three_pages() {
    let (client, seen) = server(Pages::Three).await;
    let request = ListOrganizations::builder().limit(2).build();
    let items: Vec<_> = client.paginate(&request).collect().await;
    assert_eq!(ids(&items), ["org_1", "org_2", "org_3", "org_4"]);
    assert_eq!(
        seen.lines(),
        [
            "GET /organizations?limit=2",
            "GET /organizations?limit=2&after=c1",
            "GET /organizations?limit=2&after=c2",
        ]
    );
}

#[tokio::test]
async fn paginate_is_lazy() {
    let (client, seen) = server(Pages::Three).await;
    let request = ListOrganizations::default();
    let stream = client.paginate(&request);
    let mut stream = std::pin::pin!(stream);
    assert_eq!(seen.lines(), Vec::<String>::new());
    assert_eq!(stream.next().await.unwrap().unwrap().id, "org_1");
    assert_eq!(stream.next().await.unwrap().unwrap().id, "org_2");
    assert_eq!(seen.lines(), ["GET /organizations"]);
    assert_eq!(stream.next().await.unwrap().unwrap().id, "org_3");
    assert_eq!(seen.lines(), FIRST_TWO_PAGES);
}

#[tokio::test]
async fn a_cursor_loop_ends_the_stream_with_an_error() {
    let (client, seen) = server(Pages::Loop).await;
    let items = every_item(&client).await;
    assert_eq!(
        ids(&items),
        [
            "org_1",
            "org_2",
            "org_3",
            "error: could not decode the 200 response: 1 violation\n  /list_metadata/after: expected a cursor not returned before, found \"c1\" (x-http)",
        ]
    );
    assert!(matches!(items[3], Err(Error::Decode(_))));
    assert_eq!(seen.lines(), FIRST_TWO_PAGES);
}

#[tokio::test]
async fn the_page_count_is_bounded() {
    let (client, seen) = server(Pages::Endless).await;
    let items: Vec<_> = client
        .paginate_at_most(&ListOrganizations::default(), 3)
        .collect()
        .await;
    assert_eq!(
        ids(&items),
        [
            "org_1",
            "org_2",
            "org_n",
            "org_n",
            "error: could not decode the 200 response: 1 violation\n  /list_metadata/after: expected the last page within 3 pages, found \"c1++\" (x-http)",
        ]
    );
    assert_eq!(seen.requests().len(), 3);
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_stream_with_the_typed_error() {
    let (client, seen) = server(Pages::FailSecond).await;
    let items = every_item(&client).await;
    assert_eq!(items.len(), 3);
    assert_eq!(ids(&items[..2]), ["org_1", "org_2"]);
    match &items[2] {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.code.as_deref(), Some("not_found"));
            assert_eq!(api.message, "Cursor c1 expired.");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lines(), FIRST_TWO_PAGES);
}

#[test]
fn set_cursor_and_next_cursor_read_the_declared_pointers() {
    let mut request = ListOrganizations::default();
    request.set_cursor("c9".to_owned());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"after": "c9"})
    );
    let output: ListOrganizationsOutput =
        portal_runtime::FromJson::from_json(&page(&["org_1"], Some("c2")).to_string()).unwrap();
    assert_eq!(ListOrganizations::next_cursor(&output), Some("c2"));
    let last: ListOrganizationsOutput =
        portal_runtime::FromJson::from_json(&page(&[], None).to_string()).unwrap();
    assert_eq!(ListOrganizations::next_cursor(&last), None);
    assert_eq!(ListOrganizations::items(output).len(), 1);
}

#[tokio::test]
async fn paginate_through_optional_and_null_objects_with_the_cursor_in_the_body() {
    let (client, seen) = server(Pages::Three).await;
    let items: Vec<_> = client
        .paginate(&Search::builder().text("q").build())
        .collect()
        .await;
    let ids: Vec<_> = items.into_iter().map(|item| item.unwrap().id).collect();
    assert_eq!(ids, ["t1", "t2"]);
    let bodies: Vec<_> = seen.requests().into_iter().map(|s| s.body).collect();
    assert_eq!(
        bodies,
        [
            r#"{"text":"q"}"#,
            r#"{"text":"q","cursor":"n1"}"#,
            r#"{"text":"q","cursor":"n2"}"#
        ]
    );
    // Absent and `null` objects on the way: no items, no cursor.
    for text in [
        r#"{}"#,
        r#"{"data": null, "meta": null}"#,
        r#"{"meta": {}}"#,
        r#"{"meta": {"page": {"next": null}}}"#,
    ] {
        let output: SearchOutput = portal_runtime::FromJson::from_json(text).unwrap();
        assert_eq!(Search::next_cursor(&output), None, "{text}");
        assert!(Search::items(output).is_empty(), "{text}");
    }
    let mut request = Search::default();
    request.set_cursor("n9".to_owned());
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"cursor":"n9"}"#
    );
}

/// The rendered `Operation` and `Paginated` impls of the list tool.
#[test]
fn paginated_operation_snapshot() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rest/list.json");
    let mut config = portal_schema::Config::new();
    config.options(portal_schema::Options {
        root_name: Some("ListOrganizations".to_owned()),
        ..Default::default()
    });
    let tokens = config
        .generate_str(&std::fs::read_to_string(path).unwrap())
        .unwrap();
    let rendered = portal_schema::render(&tokens);
    let start = rendered
        .find("impl ::portal_runtime::__private_v1::Operation for ListOrganizations")
        .expect("an Operation impl");
    // From the `#[automatically_derived]` line above the impl to the end of the Paginated impl.
    let start = rendered[..start].rfind("#[automatically_derived]").unwrap();
    let start = rendered[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = rendered[start..]
        .find("impl ::portal_runtime::__private_v1::Paginated for ListOrganizations")
        .map(|i| start + i)
        .unwrap();
    let end = end + rendered[end..].find("\n    }\n").unwrap() + 7;
    insta::assert_snapshot!("rest_binding_paginated_operation", &rendered[start..end]);
}
