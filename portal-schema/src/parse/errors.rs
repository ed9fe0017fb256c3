//! The error answers of a REST binding (`x-http.errors`): each status's body schema parsed as a
//! root of its own, as the output schema is, and the names of the enum and its variants.

use super::Parser;
use crate::error::pointer_push;
use crate::ir::*;
use crate::naming;
use serde_json::Value;

/// The enum's name for the request type `root`.
pub(super) fn enum_name(root: &str) -> String {
    format!("{root}Error")
}

impl Parser<'_> {
    /// Parses the body schema of every documented status, exact statuses ascending, then `4XX`,
    /// `5XX` and `default`. A body type is named by its `title`, else by the request type and the
    /// variant (`CreateOrganizationBadRequest`).
    pub(super) fn error_answers(
        &mut self,
        http: Option<&HttpBinding>,
        root_name: &str,
    ) -> Option<ErrorAnswers> {
        let http = http.filter(|h| !h.errors.is_empty())?;
        let mut statuses: Vec<&(String, Value)> = http.errors.iter().collect();
        statuses.sort_by_key(|(status, _)| order(status));
        let mut answers = Vec::with_capacity(statuses.len());
        for (status, schema) in statuses {
            let ptr = pointer_push("/x-http/errors", status);
            let variant = variant(status);
            let shape = match self.external.get(&ptr) {
                // Generated elsewhere (a catalog's shared types): named by its path.
                Some(path) => {
                    let id = self.external_type(path.clone(), &ptr);
                    Some(Shape::Named { id, boxed: false })
                }
                None => {
                    let name = schema
                        .get("title")
                        .and_then(Value::as_str)
                        .map(|t| naming::upper_camel(t, "Tool"))
                        .unwrap_or_else(|| format!("{root_name}{variant}"));
                    self.root(schema, &ptr, &ptr, &name, false)
                }
            };
            let Some(shape) = shape else { continue };
            answers.push(ErrorAnswer {
                status: status.clone(),
                variant,
                reason: status
                    .parse()
                    .ok()
                    .and_then(reason_phrase)
                    .map(str::to_owned),
                shape,
                description: schema
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            });
        }
        Some(ErrorAnswers {
            name: enum_name(root_name),
            answers,
        })
    }
}

/// Where a status goes in the enum: exact ones by number, then the ranges, then `default`.
fn order(status: &str) -> (u16, u16) {
    match status {
        "4XX" => (1, 0),
        "5XX" => (2, 0),
        "default" => (3, 0),
        exact => (0, exact.parse().unwrap_or(u16::MAX)),
    }
}

/// The variant's name for a status as written (one `is_error_status` accepted).
pub(crate) fn variant(status: &str) -> String {
    match status {
        "4XX" => return "ClientError".to_owned(),
        "5XX" => return "ServerError".to_owned(),
        "default" => return "Other".to_owned(),
        _ => {}
    }
    match status.parse().ok().and_then(reason_phrase) {
        Some(phrase) => naming::upper_camel(phrase, "Status"),
        None => format!("Status{status}"),
    }
}

/// The reason phrases of the IANA HTTP status code registry (RFC 9110, 6585, 4918, 8470, 7725),
/// kept here rather than taken from a crate: the variants they name are the generated API, which
/// must not change when a dependency renames a phrase (`413 Payload Too Large` became `Content
/// Too Large`). `422` keeps its long-standing `Unprocessable Entity`, as the APIs that document
/// it (and this runtime's messages) say it.
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn variants_are_named_by_reason_phrase() {
        let names: Vec<String> = [
            "400", "401", "403", "404", "409", "413", "414", "418", "422", "429", "500", "505",
            "599", "4XX", "5XX", "default",
        ]
        .iter()
        .map(|s| super::variant(s))
        .collect();
        assert_eq!(
            names,
            [
                "BadRequest",
                "Unauthorized",
                "Forbidden",
                "NotFound",
                "Conflict",
                "ContentTooLarge",
                "UriTooLong",
                "Status418",
                "UnprocessableEntity",
                "TooManyRequests",
                "InternalServerError",
                "HttpVersionNotSupported",
                "Status599",
                "ClientError",
                "ServerError",
                "Other",
            ]
        );
    }
}
