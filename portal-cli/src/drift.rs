//! `portal check-drift`: does the tool a server publishes today still match the checked-in one?
//!
//! Lists the tools of an MCP server (or reads a second file) and compares the input schema of one
//! tool with the checked-in file, printing every difference as a JSON Pointer with the old and new
//! values. Exit code: 0 no drift, 1 drift (a changed schema, or the tool is gone), 2 error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use portal_runtime::mcp::drift::{self, Drift};
use portal_runtime::mcp::{Era, McpClient};
use serde_json::Value;

/// Exit code when the schemas differ or the tool is not listed.
pub const EXIT_DRIFT: u8 = 1;
/// Exit code when a file, the server or the configuration failed.
pub const EXIT_ERROR: u8 = 2;

/// The checked-in tool compared by default.
pub const DEFAULT_SCHEMA: &str = "schemas/workos/portal.generate_link.create.json";

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
    /// The header carrying the API key to the MCP server (`authorization` sends `Bearer <key>`).
    #[arg(long, default_value = "x-bearer")]
    pub mcp_auth_header: String,
    /// The MCP protocol era.
    #[arg(long, value_enum, default_value = "auto")]
    pub mcp_era: EraArg,
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
    /// `WORKOS_API_KEY`, when set, is sent in the `--mcp-auth-header` header.
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
    let key = std::env::var(portal_runtime::client::API_KEY_VAR).ok();
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
            println!("{name}: no drift ({old} matches {new})");
            ExitCode::SUCCESS
        }
        Drift::Changed(differences) => {
            let n = differences.len();
            println!(
                "{name}: {n} difference{} between {old} (old) and {new} (new)",
                if n == 1 { "" } else { "s" }
            );
            for difference in differences {
                println!("  {difference}");
            }
            ExitCode::from(EXIT_DRIFT)
        }
        Drift::Missing { listed } => {
            println!(
                "{name}: not listed by {new} (it lists: {})",
                listed.join(", ")
            );
            ExitCode::from(EXIT_DRIFT)
        }
    }
}

fn error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_ERROR)
}
