//! The legacy era (`2025-03-26` to `2025-11-25`): an `initialize` handshake opens a session
//! whose id and negotiated version every later request carries, and a fresh one replaces an
//! expired session.

use serde_json::Value;

use super::http::{Exchange, not_a_response, protocol_error, refused, reply};
use super::{
    Call, LEGACY_VERSION, LEGACY_VERSIONS, McpClient, Reply, Session, State, result, wire,
};
use crate::error::{DecodeError, Error, body_excerpt};
use crate::http::header_value;
use crate::validate::{Violation, Violations};

impl McpClient {
    /// A legacy-era request: handshake if needed, the request with the session, and once more
    /// after a fresh handshake when the session expired (`404`). With `pin`, a session in hand
    /// settles the era.
    pub(super) async fn legacy(&self, call: &Call<'_>, pin: bool) -> Result<Reply, Error> {
        let mut attempt = 1;
        loop {
            let session = self.session(attempt, pin).await?;
            let id = self.next_id();
            let body = wire::request(id, call.method, call.params.clone());
            let mut headers = self.base_headers();
            if let Some(session_id) = &session.id {
                headers.insert(wire::SESSION_ID, header_value(session_id)?);
            }
            headers.insert(wire::PROTOCOL_VERSION, header_value(&session.version)?);
            match self.post(&body, headers, Some(id), attempt).await? {
                Exchange::Message {
                    status,
                    request_id,
                    message,
                    ..
                } => {
                    if let Some(error) = protocol_error(&message, status) {
                        return Err(error.into());
                    }
                    return Ok(reply(message, status, request_id));
                }
                Exchange::Accepted => {
                    return Err(not_a_response(202, None, id, "an empty 2xx answer"));
                }
                Exchange::Refused { status: 404, .. } if session.id.is_some() && attempt == 1 => {
                    // The session expired: forget it (unless another call already replaced it)
                    // and start a new one.
                    if let State::Legacy {
                        session: current, ..
                    } = &mut *self.state()
                        && current.as_ref() == Some(&session)
                    {
                        *current = None;
                    }
                    attempt += 1;
                }
                Exchange::Refused {
                    status,
                    request_id,
                    retry_after,
                    body,
                } => return Err(refused(status, request_id, retry_after, &body)),
            }
        }
    }

    /// The open legacy session, after a handshake when there is none. With `pin`, the session
    /// settles the legacy era.
    async fn session(&self, attempt: u32, pin: bool) -> Result<Session, Error> {
        let _handshake = self.inner.handshake.lock().await;
        let version = match &mut *self.state() {
            State::Legacy {
                session: Some(session),
                pinned,
                ..
            } => {
                *pinned |= pin;
                return Ok(session.clone());
            }
            State::Legacy { version, .. } => version.clone(),
            _ => LEGACY_VERSION.to_owned(),
        };
        let id = self.next_id();
        let body = wire::request(
            id,
            "initialize",
            wire::initialize_params(&version, &self.inner.client_info),
        );
        let (session_id, negotiated) = match self
            .post(&body, self.base_headers(), Some(id), attempt)
            .await?
        {
            Exchange::Message {
                status,
                request_id,
                session_id,
                message,
            } => {
                if let Some(error) = protocol_error(&message, status) {
                    return Err(error.into());
                }
                let negotiated = message
                    .get("result")
                    .and_then(|r| r.get("protocolVersion"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                match negotiated {
                    // A version this client does not speak would make every later message
                    // follow rules neither side agreed on: the session is abandoned before
                    // anything more is sent on it (not even `notifications/initialized`).
                    Some(negotiated) if !LEGACY_VERSIONS.contains(&negotiated.as_str()) => {
                        let spoken: Vec<String> =
                            LEGACY_VERSIONS.iter().map(|v| format!("{v:?}")).collect();
                        return Err(DecodeError {
                            status,
                            request_id,
                            violations: Violations(vec![Violation {
                                pointer: "/result/protocolVersion".to_owned(),
                                keyword: "mcp",
                                expected: format!(
                                    "a protocol version this client speaks ({})",
                                    spoken.join(", ")
                                ),
                                found: format!("{negotiated:?}"),
                            }]),
                            body: body_excerpt(Value::Object(message).to_string().as_bytes()),
                        }
                        .into());
                    }
                    Some(negotiated) => (session_id, negotiated),
                    None => {
                        let found = message
                            .get("result")
                            .and_then(|r| r.get("protocolVersion"))
                            .unwrap_or(&Value::Null);
                        return Err(DecodeError {
                            status,
                            request_id,
                            violations: result::shape(
                                "/result/protocolVersion",
                                "the negotiated protocol version (a string)",
                                found,
                            ),
                            body: body_excerpt(Value::Object(message).to_string().as_bytes()),
                        }
                        .into());
                    }
                }
            }
            Exchange::Accepted => {
                return Err(not_a_response(202, None, id, "an empty 2xx answer"));
            }
            Exchange::Refused {
                status,
                request_id,
                retry_after,
                body,
            } => return Err(refused(status, request_id, retry_after, &body)),
        };
        let session = Session {
            id: session_id,
            version: negotiated,
        };
        let mut headers = self.base_headers();
        if let Some(id) = &session.id {
            headers.insert(wire::SESSION_ID, header_value(id)?);
        }
        headers.insert(wire::PROTOCOL_VERSION, header_value(&session.version)?);
        let notification = wire::notification("notifications/initialized");
        match self.post(&notification, headers, None, attempt).await? {
            Exchange::Accepted | Exchange::Message { .. } => {}
            Exchange::Refused {
                status,
                request_id,
                retry_after,
                body,
            } => return Err(refused(status, request_id, retry_after, &body)),
        }
        let mut state = self.state();
        match &mut *state {
            State::Legacy {
                session: slot,
                pinned,
                ..
            } => {
                *slot = Some(session.clone());
                *pinned |= pin;
            }
            State::Unknown => {
                *state = State::Legacy {
                    version,
                    session: Some(session.clone()),
                    pinned: pin,
                }
            }
            // Another call proved the modern era meanwhile: this session serves this call only.
            State::Modern { .. } => {}
        }
        Ok(session)
    }
}
