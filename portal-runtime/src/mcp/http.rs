//! The transport layer: one JSON-RPC message as one `POST` to the endpoint, its answer read as
//! JSON or as an event stream within the size limit and the timeout, through the HTTP plumbing
//! the REST client uses too.

use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use serde_json::{Map, Value};

use super::{McpClient, Reply, sse, wire};
use crate::error::{ApiError, DecodeError, Error, ProtocolError, body_excerpt};
use crate::http::{
    exchange, header_text, header_value, read_body, refuse_redirect, response_request_id,
    response_retry_after, transport,
};
use crate::validate::{Violation, Violations};

/// Server requests answered at most while reading one event stream. Each answer is a `POST`, so
/// an unbounded number would let a server turn one call into thousands of requests; a peer
/// checking that the client is alive needs one or two.
const MAX_SERVER_REQUESTS: usize = 8;

/// What one POST brought back.
pub(super) enum Exchange {
    /// The JSON-RPC response (a `result` or an `error`) to the request.
    Message {
        status: u16,
        request_id: Option<String>,
        session_id: Option<String>,
        message: Map<String, Value>,
    },
    /// A 2xx answer to a notification.
    Accepted,
    /// An answer outside 2xx.
    Refused {
        status: u16,
        request_id: Option<String>,
        retry_after: Option<Duration>,
        body: Vec<u8>,
    },
}

/// The session headers of a request, which an answer to a server request on its stream carries
/// too.
struct Route {
    session_id: Option<HeaderValue>,
    version: Option<HeaderValue>,
}

impl McpClient {
    /// The `DELETE` of [`close`](Self::close), up to the end of an error body.
    pub(super) async fn delete_session(&self, id: &str, version: &str) -> Result<(), Error> {
        let mut headers = self.base_headers();
        headers.remove(header::CONTENT_TYPE);
        headers.insert(wire::SESSION_ID, header_value(id)?);
        headers.insert(wire::PROTOCOL_VERSION, header_value(version)?);
        let request = self
            .inner
            .http
            .delete(self.inner.endpoint.clone())
            .headers(headers);
        let response = request.send().await.map_err(|e| transport(e, 1))?;
        refuse_redirect(&response, &self.inner.endpoint)?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) || status == 404 || status == 405 {
            return Ok(());
        }
        let request_id = response_request_id(response.headers());
        let body = read_body(
            response,
            self.inner.max_response_bytes,
            status,
            &request_id,
            1,
        )
        .await?;
        Err(ApiError::parse(status, request_id, None, &body).into())
    }

    /// The headers of every POST: media types, credential, user agent.
    pub(super) fn base_headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(10);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(header::ACCEPT, HeaderValue::from_static(wire::ACCEPT));
        headers.insert(header::USER_AGENT, self.inner.user_agent.clone());
        if let Some(credential) = &self.inner.credential {
            headers.insert(credential.name.clone(), credential.value.clone());
        }
        headers
    }

    /// POSTs one message and reads the answer: up to the response with id `id` (for a
    /// request) or just the status (for a notification), within the timeout.
    pub(super) async fn post(
        &self,
        message: &Value,
        headers: HeaderMap,
        id: Option<u64>,
        attempt: u32,
    ) -> Result<Exchange, Error> {
        let inner = &*self.inner;
        let body = serde_json::to_vec(message)
            .map_err(|e| Error::Configuration(format!("the request cannot be serialized: {e}")))?;
        let route = Route {
            session_id: headers.get(wire::SESSION_ID).cloned(),
            version: headers.get(wire::PROTOCOL_VERSION).cloned(),
        };
        let request = inner
            .http
            .post(inner.endpoint.clone())
            .headers(headers)
            .body(body);
        let answer = async {
            let response = request.send().await.map_err(|e| transport(e, attempt))?;
            refuse_redirect(&response, &inner.endpoint)?;
            let status = response.status().as_u16();
            let request_id = response_request_id(response.headers());
            if !(200..300).contains(&status) {
                let retry_after = response_retry_after(response.headers());
                let body = read_body(
                    response,
                    inner.max_response_bytes,
                    status,
                    &request_id,
                    attempt,
                )
                .await?;
                return Ok(Exchange::Refused {
                    status,
                    request_id,
                    retry_after,
                    body,
                });
            }
            let Some(id) = id else {
                return Ok(Exchange::Accepted);
            };
            let session_id = header_text(response.headers(), wire::SESSION_ID);
            let is_stream = header_text(response.headers(), header::CONTENT_TYPE.as_str())
                .is_some_and(|t| {
                    t.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("text/event-stream")
                });
            let message = if is_stream {
                self.read_stream(response, status, &request_id, id, &route, attempt)
                    .await?
            } else {
                let body = read_body(
                    response,
                    inner.max_response_bytes,
                    status,
                    &request_id,
                    attempt,
                )
                .await?;
                if body.is_empty() {
                    return Ok(Exchange::Accepted);
                }
                match serde_json::from_slice::<Value>(&body) {
                    Ok(Value::Object(message)) if is_response_to(&message, id) => message,
                    Ok(_) => {
                        return Err(not_a_response(status, request_id, id, &body_excerpt(&body)));
                    }
                    Err(e) => {
                        return Err(DecodeError {
                            status,
                            request_id,
                            violations: Violations(vec![Violation {
                                pointer: String::new(),
                                keyword: "json",
                                expected: "valid JSON".to_owned(),
                                found: e.to_string(),
                            }]),
                            body: body_excerpt(&body),
                        }
                        .into());
                    }
                }
            };
            Ok(Exchange::Message {
                status,
                request_id,
                session_id,
                message,
            })
        };
        exchange(inner.timeout, attempt, answer).await
    }

    /// POSTs the answer to a server request that arrived on a response's stream (a `ping` is
    /// answered with an empty result, as the protocol asks of the receiver).
    ///
    /// Its outcome is not waited for beyond the status and changes nothing for the call: the
    /// answer matters only to the server, and a server that did not get it says so on the stream
    /// being read. It runs within the exchange that is reading the stream, so it is bounded by
    /// that exchange's timeout.
    async fn answer(&self, answer: &Value, route: &Route) {
        let Ok(body) = serde_json::to_vec(answer) else {
            return;
        };
        let mut headers = self.base_headers();
        if let Some(session_id) = &route.session_id {
            headers.insert(wire::SESSION_ID, session_id.clone());
        }
        if let Some(version) = &route.version {
            headers.insert(wire::PROTOCOL_VERSION, version.clone());
        }
        let request = self
            .inner
            .http
            .post(self.inner.endpoint.clone())
            .headers(headers)
            .body(body);
        let _ = request.send().await;
    }

    /// Reads an event stream up to the response with id `id`, within the size limit, answering
    /// the server's requests on the way.
    async fn read_stream(
        &self,
        mut response: reqwest::Response,
        status: u16,
        request_id: &Option<String>,
        id: u64,
        route: &Route,
        attempt: u32,
    ) -> Result<Map<String, Value>, Error> {
        let limit = self.inner.max_response_bytes;
        let mut stream = sse::EventStream::default();
        let mut events = Vec::new();
        let mut read = 0usize;
        let mut answered = 0usize;
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, attempt))? {
            read = read.saturating_add(chunk.len());
            if read > limit {
                return Err(Error::ResponseTooLarge {
                    status,
                    request_id: request_id.clone(),
                    limit,
                });
            }
            stream.feed(&chunk, &mut events);
            for data in events.drain(..) {
                match serde_json::from_str::<Value>(&data) {
                    Ok(Value::Object(message)) if is_response_to(&message, id) => {
                        return Ok(message);
                    }
                    Ok(Value::Object(message)) if super::drift::is_tools_list_changed(&message) => {
                        if let Some(watch) = &self.inner.drift {
                            watch.tools_changed();
                        }
                    }
                    Ok(Value::Object(request)) if answered < MAX_SERVER_REQUESTS => {
                        if let Some(answer) = wire::answer(&request) {
                            answered += 1;
                            self.answer(&answer, route).await;
                        }
                    }
                    // Notifications, responses to other requests and other JSON: not ours.
                    Ok(_) => {}
                    Err(e) => {
                        return Err(DecodeError {
                            status,
                            request_id: request_id.clone(),
                            violations: Violations(vec![Violation {
                                pointer: String::new(),
                                keyword: "json",
                                expected: "an event whose data is JSON".to_owned(),
                                found: e.to_string(),
                            }]),
                            body: body_excerpt(data.as_bytes()),
                        }
                        .into());
                    }
                }
            }
        }
        Err(not_a_response(
            status,
            request_id.clone(),
            id,
            "an event stream that ended without it",
        ))
    }
}

/// Whether `message` is the response (result or error) to request `id`.
pub(super) fn is_response_to(message: &Map<String, Value>, id: u64) -> bool {
    message.get("id") == Some(&Value::from(id))
        && !message.contains_key("method")
        && (message.contains_key("result") || message.contains_key("error"))
}

pub(super) fn reply(
    mut message: Map<String, Value>,
    status: u16,
    request_id: Option<String>,
) -> Reply {
    Reply {
        result: message.remove("result").unwrap_or(Value::Null),
        status,
        request_id,
    }
}

/// The JSON-RPC error in `message`, if it is one.
pub(super) fn protocol_error(message: &Map<String, Value>, status: u16) -> Option<ProtocolError> {
    let error = message.get("error")?;
    Some(ProtocolError {
        code: error.get("code").and_then(Value::as_i64).unwrap_or(0),
        message: error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        data: error.get("data").cloned(),
        status,
    })
}

/// The JSON-RPC error (and the id it answers) in the body of an answer outside 2xx, if it
/// holds one.
pub(super) fn refused_error(body: &[u8], status: u16) -> Option<(Value, ProtocolError)> {
    let Ok(Value::Object(message)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0")
        || !message
            .get("error")
            .is_some_and(|e| e.get("code").is_some_and(Value::is_i64))
    {
        return None;
    }
    let id = message.get("id").cloned().unwrap_or(Value::Null);
    Some((id, protocol_error(&message, status)?))
}

/// An answer outside 2xx: its JSON-RPC error, else an API error from the body.
pub(super) fn refused(
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Error {
    match refused_error(body, status) {
        Some((_, error)) => error.into(),
        None => ApiError::parse(status, request_id, retry_after, body).into(),
    }
}

pub(super) fn not_a_response(
    status: u16,
    request_id: Option<String>,
    id: u64,
    found: &str,
) -> Error {
    DecodeError {
        status,
        request_id,
        violations: Violations(vec![Violation {
            pointer: String::new(),
            keyword: "mcp",
            expected: format!("the JSON-RPC response to request {id}"),
            found: found.to_owned(),
        }]),
        body: body_excerpt(found.as_bytes()),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use crate::mcp::McpClient;

    /// A call's future is what the caller holds, moves and polls. The exchanges and the deadline
    /// are boxed, so it stays a few hundred bytes however deep the era fallback and the
    /// handshake nest (without the boxes: 14,768, 14,368 and 4,984 bytes).
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn calls_are_small_futures() {
        let client = McpClient::builder()
            .endpoint("http://127.0.0.1:1/mcp")
            .build()
            .unwrap();
        assert_eq!(
            size_of_val(&client.call_tool("t", serde_json::json!({}))),
            336
        );
        assert_eq!(size_of_val(&client.list_tools()), 248);
        assert_eq!(size_of_val(&client.close()), 344);
    }
}
