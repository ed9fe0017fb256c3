//! [`Recorder`]: an HTTP server on 127.0.0.1 (port 0) that keeps every request exactly as it
//! arrived (method, target with its query, headers, body) and answers as the test says, for the
//! tests that pin what the REST client puts on the wire (`rest_binding`, `validation`).

use std::sync::{Arc, Mutex};

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    /// `METHOD /path?query`, as sent.
    pub line: String,
    /// Every header but the ones the HTTP stack adds (`host`, `accept-encoding`, `user-agent`),
    /// sorted, the idempotency key's value replaced by `<uuid>` once its length is checked: a
    /// fresh key per request cannot be pinned, its presence can.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// A recording server, running until the test's runtime ends.
pub struct Recorder {
    base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Recorder {
    /// Starts the server; `answer` gives the status and body for each request's method, target
    /// (path and query) and body (the body is sent as JSON unless it is empty).
    pub async fn start<A>(answer: A) -> Recorder
    where
        A: Fn(&str, &str, &str) -> (u16, String) + Clone + Send + Sync + 'static,
    {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let (log, answer) = (log.clone(), answer.clone());
            async move {
                let method = request.method().to_string();
                let target = request
                    .uri()
                    .path_and_query()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let headers = kept_headers(request.headers());
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let body = String::from_utf8(body.to_vec()).unwrap();
                log.lock().unwrap().push(Seen {
                    line: format!("{method} {target}"),
                    headers,
                    body: body.clone(),
                });
                let (status, reply) = answer(&method, &target, &body);
                let json = !reply.is_empty();
                let mut response = axum::response::Response::new(axum::body::Body::from(reply));
                *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
                if json {
                    response.headers_mut().insert(
                        axum::http::header::CONTENT_TYPE,
                        axum::http::HeaderValue::from_static("application/json"),
                    );
                }
                response
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Recorder {
            base_url: format!("http://{address}"),
            seen,
        }
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The `METHOD /path?query` line of every request so far.
    pub fn lines(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.line.clone())
            .collect()
    }

    /// Every request so far, forgetting them: what comes next is recorded afresh.
    pub fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

fn kept_headers(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    let mut kept: Vec<(String, String)> = headers
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "host" | "accept-encoding" | "user-agent"))
        .map(|(name, value)| {
            let value = value.to_str().unwrap().to_owned();
            if name == "idempotency-key" {
                assert_eq!(value.len(), 36, "{value}");
                return (name.to_string(), "<uuid>".to_owned());
            }
            (name.to_string(), value)
        })
        .collect();
    kept.sort();
    kept
}
