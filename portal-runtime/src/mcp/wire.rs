//! What goes on the wire: JSON-RPC messages, the era's headers and their value encoding.

use serde_json::{Map, Value, json};

/// `_meta` key naming the protocol version of a modern-era request.
pub(crate) const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
/// `_meta` key carrying the client's capabilities in a modern-era request.
pub(crate) const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
/// `_meta` key carrying the client's name and version in a modern-era request.
pub(crate) const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";

pub(crate) const PROTOCOL_VERSION: &str = "mcp-protocol-version";
pub(crate) const SESSION_ID: &str = "mcp-session-id";
pub(crate) const METHOD: &str = "mcp-method";
pub(crate) const NAME: &str = "mcp-name";
pub(crate) const PARAM_PREFIX: &str = "mcp-param-";
/// Both media types are required on every POST, in both eras.
pub(crate) const ACCEPT: &str = "application/json, text/event-stream";

/// `{"jsonrpc":"2.0","id":id,"method":method,"params":params}`.
pub(crate) fn request(id: u64, method: &str, params: Map<String, Value>) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

/// `{"jsonrpc":"2.0","method":method}`: a notification, answered `202` with no body.
pub(crate) fn notification(method: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": method})
}

/// JSON-RPC "method not found".
const METHOD_NOT_FOUND: i64 = -32601;

/// The answer to a message the server sent on a response's stream, when it is a request: an
/// empty result for `ping` (the receiver of a ping must answer it), "method not found" for any
/// other method (this client declares no capabilities, so a server has nothing else to ask of
/// it). `None` for notifications and responses, which are not answered.
pub(crate) fn answer(message: &Map<String, Value>) -> Option<Value> {
    let method = message.get("method")?.as_str()?;
    let id = message
        .get("id")
        .filter(|id| id.is_string() || id.is_number())?;
    Some(if method == "ping" {
        json!({"jsonrpc": "2.0", "id": id, "result": {}})
    } else {
        json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": METHOD_NOT_FOUND, "message": format!("method not found: {method}")},
        })
    })
}

/// The modern era's per-request `_meta`: protocol version, (no) client capabilities, client info.
pub(crate) fn modern_meta(version: &str, client_info: &Value) -> Value {
    json!({
        META_PROTOCOL_VERSION: version,
        META_CLIENT_CAPABILITIES: {},
        META_CLIENT_INFO: client_info,
    })
}

/// The legacy era's `initialize` params.
pub(crate) fn initialize_params(version: &str, client_info: &Value) -> Map<String, Value> {
    let mut params = Map::new();
    params.insert("protocolVersion".into(), version.into());
    params.insert("capabilities".into(), json!({}));
    params.insert("clientInfo".into(), client_info.clone());
    params
}

/// A header value as the modern era sends it: unchanged when it can travel as a bare header
/// value, else `=?base64?<standard Base64 of the UTF-8 bytes>?=`.
///
/// Wrapped: values with a character outside printable ASCII (`0x20`–`0x7E`), with a leading or
/// trailing space or tab, and values that already look like the wrapper.
///
/// ```
/// use portal_runtime::mcp::encode_header_value;
///
/// assert_eq!(encode_header_value("org_123"), "org_123");
/// assert_eq!(encode_header_value("Zürich"), "=?base64?WsO8cmljaA==?=");
/// assert_eq!(encode_header_value(" padded"), "=?base64?IHBhZGRlZA==?=");
/// ```
pub fn encode_header_value(value: &str) -> String {
    let bytes = value.as_bytes();
    let needs_wrapping = matches!(bytes.first(), Some(b' ' | b'\t'))
        || matches!(bytes.last(), Some(b' ' | b'\t'))
        || bytes.iter().any(|b| !(0x20..=0x7E).contains(b))
        || (value.starts_with("=?base64?") && value.ends_with("?="));
    if needs_wrapping {
        format!("=?base64?{}?=", base64(bytes))
    } else {
        value.to_owned()
    }
}

/// Standard Base64 (RFC 4648 §4) with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 0x3F) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The text of a primitive argument sent as an `Mcp-Param-*` header; `None` for `null`, arrays
/// and objects, which are never sent as headers.
pub(crate) fn primitive_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xFF, 0xFE, 0xFD]), "//79");
    }

    /// Standard Base64 with padding, decoded; `None` for anything else.
    fn unbase64(text: &str) -> Option<Vec<u8>> {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        if !text.len().is_multiple_of(4) {
            return None;
        }
        let mut out = Vec::new();
        for quad in text.as_bytes().chunks(4) {
            let pad = quad.iter().rev().take_while(|&&b| b == b'=').count();
            let mut n = 0u32;
            for &b in &quad[..4 - pad] {
                n = n << 6 | ALPHABET.iter().position(|&a| a == b)? as u32;
            }
            n <<= 6 * pad as u32;
            out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
        }
        Some(out)
    }

    /// What a server does with a header value it received.
    fn decode_header_value(value: &str) -> String {
        match value
            .strip_prefix("=?base64?")
            .and_then(|rest| rest.strip_suffix("?="))
        {
            Some(inner) => String::from_utf8(unbase64(inner).expect("valid Base64")).unwrap(),
            None => value.to_owned(),
        }
    }

    #[test]
    fn any_string_round_trips_through_a_header() {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "0",
            "-",
            "_",
            " ",
            "\t",
            "\r",
            "\n",
            "\0",
            "\u{7F}",
            "é",
            "日本",
            "🦀",
            "=?base64?",
            "?=",
            "=",
            "?",
            "\u{FEFF}",
            "\u{80}",
            "\"",
            ":",
            ";",
            ",",
        ];
        let mut state = 0x5EED_0000_0000_0002u64;
        let mut next = |n: usize| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
        };
        for seed in 0..2000 {
            let value: String = (0..next(12)).map(|_| PIECES[next(PIECES.len())]).collect();
            let encoded = encode_header_value(&value);
            let header = reqwest::header::HeaderValue::from_str(&encoded)
                .unwrap_or_else(|e| panic!("seed {seed}: {value:?} → {encoded:?}: {e}"));
            assert_eq!(header.to_str().unwrap(), encoded);
            // Sent bare exactly when it survives as a header value as it is (and cannot be
            // taken for the wrapper).
            let wrapper = value.starts_with("=?base64?") && value.ends_with("?=");
            let bare = value.bytes().all(|b| (0x20..=0x7E).contains(&b))
                && !value.starts_with([' ', '\t'])
                && !value.ends_with([' ', '\t'])
                && !wrapper;
            assert_eq!(
                encoded == value,
                bare,
                "seed {seed}: {value:?} → {encoded:?}"
            );
            assert_eq!(decode_header_value(&encoded), value, "seed {seed}");
        }
    }

    #[test]
    fn header_values_are_wrapped_only_when_needed() {
        assert_eq!(encode_header_value(""), "");
        assert_eq!(encode_header_value("a b"), "a b");
        assert_eq!(encode_header_value("tab\t"), "=?base64?dGFiCQ==?=");
        assert_eq!(
            encode_header_value("line\nbreak"),
            "=?base64?bGluZQpicmVhaw==?="
        );
        assert_eq!(
            encode_header_value("=?base64?x?="),
            "=?base64?PT9iYXNlNjQ/eD89?="
        );
        assert_eq!(encode_header_value("日本"), "=?base64?5pel5pys?=");
    }
}
