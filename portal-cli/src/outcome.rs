//! What the commands that send a request share: their exit codes, how a refused request or a
//! failed call is printed, and where the request and the API key are read from.

use crate::terminal::{errln, escape};
use portal_runtime::Error;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

/// Exit code: the command line is wrong (an unknown tool, a flag that does not apply).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the request is invalid (nothing was sent) or the input could not be read.
pub const EXIT_INVALID: u8 = 3;
/// Exit code: the API answered with an error status.
pub const EXIT_API: u8 = 4;
/// Exit code: the request or its answer failed in transit (connection, timeout, undecodable body).
pub const EXIT_TRANSPORT: u8 = 5;
/// Exit code: the client is misconfigured (no API key, bad base URL).
pub const EXIT_CONFIG: u8 = 6;

/// The text of a JSON file, or of standard input for `-`.
pub fn read_json(source: &str) -> Result<String, String> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(source).map_err(|e| format!("cannot read {source}: {e}"))
    }
}

/// The request broke its schema: every violation a line, exit [`EXIT_INVALID`].
pub fn invalid(violations: &portal_runtime::Violations) -> ExitCode {
    errln!("error: the request is invalid; nothing was sent");
    for v in violations {
        errln!("  {v}");
    }
    ExitCode::from(EXIT_INVALID)
}

/// `message` as an error line, ending the command with `code`.
pub fn fail(code: u8, message: &str) -> ExitCode {
    errln!("error: {message}");
    ExitCode::from(code)
}

/// The API key: the trimmed text of `file` when given, else the `WORKOS_API_KEY` variable.
pub fn api_key(file: Option<&Path>) -> Result<String, String> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(text.trim().to_owned());
    }
    std::env::var(portal_workos::API_KEY_VAR).map_err(|_| {
        "no API key: set WORKOS_API_KEY or pass --api-key-file (or use --sandbox)".to_owned()
    })
}

/// A failed call: the error on standard error, and the exit code of its kind.
pub fn failed(e: Error) -> ExitCode {
    // Our own check of our own request (the client's, before sending: a path parameter that
    // would leave its segment): as any invalid request.
    if let Error::Validation(violations) = &e {
        return invalid(violations);
    }
    // The server's text, on one line whatever it holds.
    errln!("error: {}", escape(&e.to_string()));
    ExitCode::from(match e {
        Error::Validation(_) => EXIT_INVALID,
        Error::Api(_) | Error::Tool(_) | Error::Protocol(_) => EXIT_API,
        Error::Configuration(_) => EXIT_CONFIG,
        _ => EXIT_TRANSPORT,
    })
}

/// A single-threaded Tokio runtime for one command's calls.
pub fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(EXIT_CONFIG, &format!("cannot start the async runtime: {e}")))
}
