//! `portal workos <tool>`: any operation of the WorkOS API (`portal_workos::api`), its request
//! built from `--json` and `--set`, decoded and validated by the tool's generated type, then
//! printed (`--dry-run`) or sent to the REST API, a base URL, the embedded sandbox or an MCP
//! server. Exit codes as `generate-link`'s.

mod args;
mod dispatch;
mod help;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use portal_runtime::StrictValue;
use portal_workos::sandbox::Sandbox;
use serde_json::Value;

use crate::outcome::{EXIT_CONFIG, EXIT_INVALID, EXIT_TRANSPORT, EXIT_USAGE, fail, failed};
use crate::terminal::{escape_json, outln};
use dispatch::Input;

/// Flags of `portal workos`.
#[derive(Args)]
pub struct WorkosArgs {
    /// The MCP tool name (`organizations.create`); without it, the tools are listed.
    #[arg(value_name = "TOOL")]
    tool: Option<String>,
    /// The whole request as a JSON object, from a file or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    json: Option<String>,
    /// Set one property on top of --json (repeatable, applied in order): `a.b=v` sets `b` of
    /// the object `a`, `a[]=v` appends to the array `a`; `v` is JSON when it parses, else a
    /// string, and always the string for a property the schema types as a string.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Print the validated request line and JSON body without sending.
    #[arg(long)]
    dry_run: bool,
    /// Start the embedded sandbox on 127.0.0.1 and send to it (no key needed).
    #[arg(long, conflicts_with_all = ["base_url", "mcp", "api_key_file"])]
    sandbox: bool,
    /// The API's base URL (default: `WORKOS_BASE_URL`, else `https://api.workos.com`).
    #[arg(long, value_name = "URL", conflicts_with = "mcp")]
    base_url: Option<String>,
    /// Send through this MCP server's tool of the same name instead of the REST API (the key of
    /// `--api-key-file` goes in `--mcp-auth-header`; `WORKOS_API_KEY` only to a WorkOS host,
    /// `https://*.workos.com`, unless `--send-api-key`).
    #[arg(long, value_name = "URL")]
    mcp: Option<String>,
    /// A file holding the API key (default: the `WORKOS_API_KEY` variable).
    #[arg(long, value_name = "FILE")]
    api_key_file: Option<PathBuf>,
    /// For a list operation: follow the cursors page after page and print every item, as one
    /// JSON array.
    #[arg(long, conflicts_with = "mcp")]
    all: bool,
    /// With --all: the most items printed.
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "all")]
    max_items: usize,
    #[command(flatten)]
    mcp_connection: crate::drift::McpArgs,
    /// Print help; with TOOL, the tool's description, binding and input properties.
    #[arg(short = 'h', long)]
    help: bool,
}

/// What the per-tool functions of [`dispatch`] need besides the request.
pub struct Context {
    args: WorkosArgs,
    runtime: tokio::runtime::Runtime,
    sandbox: Option<Sandbox>,
    dry_run: bool,
    max_items: usize,
}

impl Context {
    /// The base URL a REST request goes to.
    fn base_url(&self) -> String {
        match &self.sandbox {
            Some(sandbox) => sandbox.base_url(),
            None => self
                .args
                .base_url
                .clone()
                .or_else(|| {
                    std::env::var(portal_workos::BASE_URL_VAR)
                        .ok()
                        .filter(|url| !url.is_empty())
                })
                .unwrap_or_else(|| portal_workos::DEFAULT_BASE_URL.to_owned()),
        }
    }

    fn rest_client(&self) -> Result<portal_runtime::Client, ExitCode> {
        let key = match &self.sandbox {
            Some(_) => Sandbox::API_KEY.to_owned(),
            None => crate::outcome::api_key(self.args.api_key_file.as_deref())
                .map_err(|e| fail(EXIT_CONFIG, &e))?,
        };
        portal_workos::builder()
            .api_key(key)
            .base_url(self.base_url())
            .build()
            .map_err(failed)
    }

    /// The MCP client of `--mcp`, when given.
    fn mcp_client(&self) -> Result<Option<portal_runtime::McpClient>, ExitCode> {
        let Some(url) = &self.args.mcp else {
            return Ok(None);
        };
        // A key file is named for this command, so it goes wherever `--mcp` says; the ambient
        // `WORKOS_API_KEY` does not (see `env_credential`). A local MCP server may need no key.
        let key = if self.args.api_key_file.is_some() {
            crate::outcome::api_key(self.args.api_key_file.as_deref()).map(Some)
        } else {
            crate::drift::env_credential(&self.args.mcp_connection, url)
        };
        let key = key.map_err(|e| fail(EXIT_CONFIG, &e))?;
        self.args
            .mcp_connection
            .client(url, key)
            .map(Some)
            .map_err(failed)
    }

    /// Prints JSON made inert for the terminal (see `terminal::escape_json`).
    fn print(&self, value: &Value) -> ExitCode {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        crate::terminal::out(&format!("{}\n", escape_json(&text)));
        ExitCode::SUCCESS
    }

    /// `--dry-run`: the request line and body REST would send, or the `tools/call` arguments.
    fn print_dry_run(
        &self,
        tool: &str,
        parts: Result<portal_runtime::client::RequestParts, portal_runtime::Error>,
        arguments: Result<Value, serde_json::Error>,
    ) -> ExitCode {
        if let Some(url) = &self.args.mcp {
            outln!("MCP tools/call {tool} at {url}");
            return match arguments {
                Ok(arguments) => self.print(&arguments),
                Err(e) => fail(EXIT_INVALID, &format!("cannot serialize the request: {e}")),
            };
        }
        let parts = match parts {
            Ok(parts) => parts,
            Err(e) => return failed(e),
        };
        outln!("{} {}", parts.method, parts.url);
        match &parts.body {
            None => ExitCode::SUCCESS,
            Some(body) => match serde_json::from_slice::<Value>(body) {
                Ok(body) => self.print(&body),
                Err(e) => fail(EXIT_INVALID, &format!("cannot show the body: {e}")),
            },
        }
    }
}

/// `portal workos --help`: clap's help of the subcommand, then every tool.
fn list_help() -> String {
    let mut command = crate::Cli::command();
    command.build();
    let tools = portal_workos::api::CATALOG.tools;
    let list = format!(
        "Tools ({}; `portal workos <TOOL> --help` for one):\n{}",
        tools.len(),
        help::tool_list(tools)
    );
    command
        .find_subcommand_mut("workos")
        .map(|workos| {
            workos
                .clone()
                .after_help(list.clone())
                .render_help()
                .to_string()
        })
        .unwrap_or(list)
}

/// Runs the subcommand.
pub fn run(args: WorkosArgs) -> ExitCode {
    let Some(name) = args.tool.clone() else {
        let text = list_help();
        if args.help {
            crate::terminal::out(&crate::terminal::escape_lines(&text));
            return ExitCode::SUCCESS;
        }
        crate::terminal::err(&crate::terminal::escape_lines(&text));
        return ExitCode::from(EXIT_USAGE);
    };
    let catalog = &portal_workos::api::CATALOG;
    let Some(tool) = catalog.tool(&name) else {
        let closest = help::closest(&name, catalog.tools);
        let mut message = format!("no tool named {name:?} in the WorkOS catalog");
        if !closest.is_empty() {
            message.push_str(&format!("; the closest: {}", closest.join(", ")));
        }
        message.push_str(&format!(
            " (`portal workos --help` lists all {})",
            catalog.tools.len()
        ));
        return fail(EXIT_USAGE, &message);
    };
    let Some(entry) = dispatch::find(tool.name) else {
        return fail(EXIT_USAGE, &format!("{} has no REST binding", tool.name));
    };
    let published: Value = serde_json::from_str(tool.published).unwrap_or(Value::Null);
    let cursor = published
        .pointer("/x-http/paginated/cursor")
        .and_then(Value::as_str);
    if args.help {
        outln!("{}", help::tool_help(tool, &published, cursor).trim_end());
        return ExitCode::SUCCESS;
    }
    let run = match (args.all, entry.all) {
        (false, _) => entry.send,
        (true, Some(all)) => all,
        (true, None) => {
            return fail(
                EXIT_USAGE,
                &format!("--all: {} is not a list operation", tool.name),
            );
        }
    };
    let input = match request(&args, &published) {
        Ok(input) => input,
        Err(e) => return fail(EXIT_INVALID, &e),
    };
    let runtime = match crate::outcome::runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let sandbox = if args.sandbox {
        match runtime.block_on(Sandbox::start()) {
            Ok(sandbox) => Some(sandbox),
            Err(e) => return fail(EXIT_TRANSPORT, &format!("cannot start the sandbox: {e}")),
        }
    } else {
        None
    };
    let cx = Context {
        dry_run: args.dry_run,
        max_items: args.max_items,
        args,
        runtime,
        sandbox,
    };
    run(&input, &cx)
}

/// The request of `--json` (an empty object without it) with the `--set`s applied.
fn request(args: &WorkosArgs, published: &Value) -> Result<Input, String> {
    let text = match &args.json {
        Some(source) => crate::outcome::read_json(source)?,
        None => "{}".to_owned(),
    };
    if args.set.is_empty() {
        return Ok(Input::Text(text));
    }
    // Read strictly, as the request type would: a repeated property means nothing certain.
    let Ok(StrictValue(mut value)) = serde_json::from_str::<StrictValue>(&text) else {
        // Not JSON (or with a repeat): the type's own decoding says where, and nothing is sent.
        return Ok(Input::Text(text));
    };
    let input = published.get("inputSchema").unwrap_or(&Value::Null);
    args::apply_sets(&mut value, &args.set, input)?;
    Ok(Input::Value(value))
}
