//! `portal check-drift`: does the tool a server publishes today still match the checked-in one?
//!
//! Lists the tools of an MCP server (or reads a second file) and compares the input schema of one
//! tool with the checked-in file, printing every difference as a JSON Pointer with the old and new
//! values. Exit code: 0 no drift, 1 drift (a changed schema, or the tool is gone), 2 error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::terminal::{errln, escape, outln};
use clap::{Args, ValueEnum};
use portal_runtime::mcp::drift::{self, Drift};
use portal_runtime::mcp::{Era, McpClient};
use serde_json::Value;

/// Exit code when the schemas differ or the tool is not listed.
pub const EXIT_DRIFT: u8 = 1;
/// Exit code when a file, the server or the configuration failed.
pub const EXIT_ERROR: u8 = 2;

/// The checked-in tool compared by default.
pub const DEFAULT_SCHEMA: &str = "portal-workos/schemas/workos/portal.generate_link.create.json";

/// The protocol era, as a flag.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EraArg {
    /// Try the modern era, fall back to the legacy one.
    Auto,
    /// The modern, stateless era (2026-07-28) only.
    Modern,
    /// The legacy era (initialize and session) only.
    Legacy,
}

impl From<EraArg> for Era {
    fn from(era: EraArg) -> Era {
        match era {
            EraArg::Auto => Era::Auto,
            EraArg::Modern => Era::Modern,
            EraArg::Legacy => Era::Legacy,
        }
    }
}

/// How to reach an MCP server: the credential header and the era.
#[derive(Args, Clone, Debug)]
pub struct McpArgs {
    /// Send the API key in `WORKOS_API_KEY` to this MCP server even though it is not a WorkOS host
    /// (by default the key goes only to `https://*.workos.com`).
    #[arg(long)]
    pub send_api_key: bool,
    /// The header carrying the API key to the MCP server (`authorization` sends `Bearer <key>`).
    #[arg(long, default_value = "x-bearer")]
    pub mcp_auth_header: String,
    /// The MCP protocol era.
    #[arg(long, value_enum, default_value = "auto")]
    pub mcp_era: EraArg,
}

/// Whether `url` is a WorkOS host reached over HTTPS: `workos.com` or a subdomain of it.
///
/// The host is read with the `url` crate, the WHATWG parser reqwest connects with, so the host
/// judged here is the host the key would reach (no parser differential: `https://workos.com@x`,
/// `https://x\@workos.com` and `https://workos.com.x` all reach another host). Plain `http` is never one:
/// the key would cross the network in clear.
pub fn is_workos_host(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    parsed.scheme() == "https"
        && matches!(parsed.host(), Some(url::Host::Domain(host))
            if host == "workos.com" || host.ends_with(".workos.com"))
}

/// The API key to send to the MCP server at `url`, from `WORKOS_API_KEY`.
///
/// An environment variable is ambient: it is set for every command of a shell, so sending it to
/// whatever `--mcp` names would hand a live WorkOS key to any server a user is told to try. It
/// goes to a WorkOS host on its own, and anywhere else only with `--send-api-key` (or, for
/// `generate-link`, a key named with `--api-key-file`).
pub fn env_credential(args: &McpArgs, url: &str) -> Result<Option<String>, String> {
    let key = std::env::var(portal_workos::API_KEY_VAR).ok();
    if args.send_api_key {
        return key
            .map(Some)
            .ok_or_else(|| "--send-api-key: WORKOS_API_KEY is not set".to_owned());
    }
    if is_workos_host(url) {
        return Ok(key);
    }
    if key.is_some() {
        errln!(
            "note: WORKOS_API_KEY is not sent to {}, which is not a WorkOS host: pass --send-api-key to send it",
            url
        );
    }
    Ok(None)
}

impl McpArgs {
    /// A client of `url`, sending `key` (when given) in the credential header.
    pub fn client(
        &self,
        url: &str,
        key: Option<String>,
    ) -> Result<McpClient, portal_runtime::Error> {
        let mut builder = McpClient::builder().endpoint(url).era(self.mcp_era.into());
        if let Some(key) = key.filter(|key| !key.is_empty()) {
            builder = if self.mcp_auth_header.eq_ignore_ascii_case("authorization") {
                builder.bearer_token(key)
            } else {
                builder.credential_header(&self.mcp_auth_header, key)
            };
        }
        builder.build()
    }
}

/// Flags of `portal check-drift`.
#[derive(Args)]
pub struct CheckDriftArgs {
    /// The MCP endpoint whose tool list is compared (e.g. `https://host/mcp`). The API key in
    /// `WORKOS_API_KEY`, when set, is sent in the `--mcp-auth-header` header to a WorkOS host
    /// (`https://*.workos.com`), and to any other host only with `--send-api-key`.
    #[arg(long, required_unless_present = "against", conflicts_with = "against")]
    mcp: Option<String>,
    /// Compare the checked-in schema with this file instead of a live server.
    #[arg(long, value_name = "FILE")]
    against: Option<PathBuf>,
    /// The checked-in tool (an MCP Tool object) or bare input schema.
    #[arg(long, default_value = DEFAULT_SCHEMA)]
    schema: PathBuf,
    /// The tool to compare (default: the `name` of the checked-in tool).
    #[arg(long)]
    tool: Option<String>,
    #[command(flatten)]
    connection: McpArgs,
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

/// Runs the subcommand.
pub fn run(args: CheckDriftArgs) -> ExitCode {
    let checked_in = match read_json(&args.schema) {
        Ok(value) => value,
        Err(e) => return error(&e),
    };
    let name = args
        .tool
        .clone()
        .or_else(|| {
            checked_in
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "(schema)".to_owned());
    let old = args.schema.display().to_string();
    if let Some(against) = &args.against {
        let other = match read_json(against) {
            Ok(value) => value,
            Err(e) => return error(&e),
        };
        let differences = drift::compare_tools(&checked_in, &other);
        let drift = if differences.is_empty() {
            Drift::None
        } else {
            Drift::Changed(differences)
        };
        return report(&name, &old, &against.display().to_string(), &drift);
    }
    let Some(url) = args.mcp.as_deref() else {
        return error("give --mcp <url> or --against <file>");
    };
    let key = match env_credential(&args.connection, url) {
        Ok(key) => key,
        Err(e) => return error(&e),
    };
    let client = match args.connection.client(url, key) {
        Ok(client) => client,
        Err(e) => return error(&e.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return error(&format!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(drift::check(&client, &checked_in, Some(&name))) {
        Ok(drift) => report(&name, &old, url, &drift),
        Err(e) => error(&e.to_string()),
    }
}

fn report(name: &str, old: &str, new: &str, drift: &Drift) -> ExitCode {
    match drift {
        Drift::None => {
            outln!("{name}: no drift ({old} matches {new})");
            ExitCode::SUCCESS
        }
        Drift::Changed(differences) => {
            let n = differences.len();
            outln!(
                "{name}: {n} difference{} between {old} (old) and {new} (new)",
                if n == 1 { "" } else { "s" }
            );
            for difference in differences {
                outln!("  {}", escape(&difference.to_string()));
            }
            ExitCode::from(EXIT_DRIFT)
        }
        Drift::Missing { listed } => {
            outln!(
                "{name}: not listed by {new} (it lists: {})",
                escape(&listed.join(", "))
            );
            ExitCode::from(EXIT_DRIFT)
        }
    }
}

/// Every message is one line: a server's text in it, line breaks included, is shown escaped.
fn error(message: &str) -> ExitCode {
    errln!("error: {}", escape(message));
    ExitCode::from(EXIT_ERROR)
}

#[cfg(test)]
mod tests {
    use super::is_workos_host;

    #[test]
    fn only_https_workos_hosts_get_the_key_unasked() {
        for url in [
            "https://workos.com/mcp",
            "https://mcp.workos.com/mcp",
            "https://API.WorkOS.com:443/x",
        ] {
            assert!(is_workos_host(url), "{url}");
        }
        for url in [
            "http://mcp.workos.com/mcp",
            "https://workos.com.evil.example/mcp",
            "https://evilworkos.com/mcp",
            "https://workos.com@evil.example/mcp",
            "https://evil.example\\@workos.com/mcp",
            "https://evil.example/https://workos.com",
            "https://127.0.0.1/mcp",
            "not a url",
        ] {
            assert!(!is_workos_host(url), "{url}");
        }
    }
}
