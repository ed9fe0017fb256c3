//! The modern era (`2026-07-28`, stateless): each request carries its version in `_meta` and in
//! the `Mcp-*` headers, and a refusal may reveal a legacy server behind the endpoint.

use reqwest::header::HeaderValue;
use serde_json::Value;

use super::http::{Exchange, not_a_response, protocol_error, refused_error, reply};
use super::{
    Call, LEGACY_VERSION, LEGACY_VERSIONS, MODERN_VERSION, McpClient, Reply, State,
    encode_header_value, wire,
};
use crate::error::{ApiError, Error, ProtocolError};
use crate::http::header_value;

/// JSON-RPC codes of the modern era's HTTP-level refusals.
const HEADER_MISMATCH: i64 = -32020;
const MISSING_CAPABILITY: i64 = -32021;
const UNSUPPORTED_VERSION: i64 = -32022;

/// How a modern-era attempt ended.
pub(super) enum Modern {
    Done(Reply),
    /// The server looks like a legacy one; `initialize` should ask for `version`. With `pin`,
    /// the evidence is strong enough to settle the era once the handshake succeeds.
    Legacy {
        version: String,
        pin: bool,
    },
}

impl McpClient {
    /// A modern-era request, retried once with a server-listed version on `-32022`.
    /// With `detect`, a legacy server is reported as [`Modern::Legacy`] rather than an error.
    ///
    /// What the refusal says decides whether the era is pinned once the legacy handshake
    /// succeeds. A `-32022` listing only legacy versions is the server naming its versions, and
    /// a plain `400` is what a legacy server must answer a request whose `MCP-Protocol-Version`
    /// it does not know: both pin. A `404` or `405` is what any hop answers for a path or a
    /// method it does not route (a proxy, a gateway, a route for an unknown tool): that call
    /// falls back, but the next one tries the modern era again, so one stray answer cannot
    /// keep a modern server on the legacy era for the life of the client.
    pub(super) async fn modern(
        &self,
        call: &Call<'_>,
        mut version: String,
        detect: bool,
    ) -> Result<Modern, Error> {
        let mut attempt = 1;
        loop {
            let id = self.next_id();
            let mut params = call.params.clone();
            params.insert(
                "_meta".into(),
                wire::modern_meta(&version, &self.inner.client_info),
            );
            let body = wire::request(id, call.method, params);
            let mut headers = self.base_headers();
            headers.insert(wire::PROTOCOL_VERSION, header_value(&version)?);
            headers.insert(wire::METHOD, HeaderValue::from_static(call.method));
            if let Some(name) = call.name {
                headers.insert(wire::NAME, header_value(&encode_header_value(name))?);
            }
            for (name, value) in call.param_headers {
                headers.insert(name.clone(), value.clone());
            }
            let error = match self.post(&body, headers, Some(id), attempt).await? {
                Exchange::Message {
                    status,
                    request_id,
                    message,
                    ..
                } => match protocol_error(&message, status) {
                    Some(error) => error,
                    None => {
                        if version != MODERN_VERSION {
                            let mut state = self.state();
                            if matches!(
                                *state,
                                State::Unknown
                                    | State::Modern { .. }
                                    | State::Legacy { pinned: false, .. }
                            ) {
                                *state = State::Modern {
                                    version: version.clone(),
                                };
                            }
                        }
                        return Ok(Modern::Done(reply(message, status, request_id)));
                    }
                },
                Exchange::Accepted => {
                    return Err(not_a_response(202, None, id, "an empty 2xx answer"));
                }
                Exchange::Refused {
                    status,
                    request_id,
                    retry_after,
                    body,
                } => match refused_error(&body, status) {
                    Some((error_id, error)) => {
                        let recognised = matches!(
                            error.code,
                            HEADER_MISMATCH | MISSING_CAPABILITY | UNSUPPORTED_VERSION
                        ) || error_id == id;
                        if detect && !recognised && matches!(status, 400 | 404 | 405) {
                            return Ok(Modern::Legacy {
                                version: LEGACY_VERSION.to_owned(),
                                pin: status == 400,
                            });
                        }
                        error
                    }
                    None if detect && matches!(status, 400 | 404 | 405) => {
                        return Ok(Modern::Legacy {
                            version: LEGACY_VERSION.to_owned(),
                            pin: status == 400,
                        });
                    }
                    None => {
                        return Err(ApiError::parse(status, request_id, retry_after, &body).into());
                    }
                },
            };
            if error.code == UNSUPPORTED_VERSION && attempt == 1 {
                match self.next_version(&error, detect) {
                    Some(Next::Modern(next)) => {
                        version = next;
                        attempt += 1;
                        continue;
                    }
                    Some(Next::Legacy(next)) => {
                        return Ok(Modern::Legacy {
                            version: next,
                            pin: true,
                        });
                    }
                    None => {}
                }
            }
            return Err(error.into());
        }
    }

    /// The version to retry with after a `-32022`: the first of this client's versions the
    /// server lists, modern first; legacy versions only when detecting.
    fn next_version(&self, error: &ProtocolError, detect: bool) -> Option<Next> {
        let supported: Vec<&str> = error
            .data
            .as_ref()
            .and_then(|d| d.get("supported"))
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if supported.contains(&MODERN_VERSION) {
            return Some(Next::Modern(MODERN_VERSION.to_owned()));
        }
        if !detect {
            return None;
        }
        LEGACY_VERSIONS
            .iter()
            .find(|v| supported.contains(v))
            .map(|v| Next::Legacy((*v).to_owned()))
    }
}

enum Next {
    Modern(String),
    Legacy(String),
}
