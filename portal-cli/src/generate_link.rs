//! `portal generate-link`: build a `GenerateLink` request from flags or JSON, validate it, and send
//! it to the WorkOS REST API, to a given base URL, or to the embedded sandbox.

use crate::terminal::{errln, escape, outln};
use clap::Args;
use portal_runtime::prelude::*;
use portal_runtime::{Error, Operation};
use portal_workos::sandbox::{Sandbox, SandboxConfig};
use portal_workos::{GenerateLink, Intent, IntentOptions, SsoIntentOptions};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: the request is invalid (nothing was sent) or the input could not be read.
pub const EXIT_INVALID: u8 = 3;
/// Exit code: the API answered with an error status.
pub const EXIT_API: u8 = 4;
/// Exit code: the request or its answer failed in transit (connection, timeout, undecodable body).
pub const EXIT_TRANSPORT: u8 = 5;
/// Exit code: the client is misconfigured (no API key, bad base URL).
pub const EXIT_CONFIG: u8 = 6;

/// Flags of `portal generate-link`.
#[derive(Args)]
pub struct GenerateLinkArgs {
    /// The organization the link is for (an `org_...` identifier).
    #[arg(long, conflicts_with = "json")]
    organization: Option<String>,
    /// What the admin will do in the Admin Portal.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Intent::VALUES), conflicts_with = "json")]
    intent: Option<String>,
    /// Where the logo in the Admin Portal links to.
    #[arg(long, conflicts_with = "json")]
    return_url: Option<String>,
    /// Where the admin goes when setup is done.
    #[arg(long, conflicts_with = "json")]
    success_url: Option<String>,
    /// An IT admin's email address (repeatable).
    #[arg(long = "admin-email", conflicts_with = "json")]
    admin_emails: Vec<String>,
    /// `intent_options.sso.bookmark_slug`.
    #[arg(long, conflicts_with = "json")]
    sso_bookmark_slug: Option<String>,
    /// `intent_options.sso.provider_type`.
    #[arg(long, conflicts_with = "json")]
    sso_provider_type: Option<String>,
    /// The whole request as JSON, from a file or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    json: Option<String>,
    /// Print the validated request line and JSON body without sending.
    #[arg(long)]
    dry_run: bool,
    /// The API's base URL (default: `WORKOS_BASE_URL`, else `https://api.workos.com`).
    #[arg(long, conflicts_with = "sandbox")]
    base_url: Option<String>,
    /// A file holding the API key (default: the `WORKOS_API_KEY` variable).
    #[arg(long, conflicts_with = "sandbox")]
    api_key_file: Option<PathBuf>,
    /// Start the embedded sandbox on 127.0.0.1 and send to it (no key needed; it knows `org_test`).
    #[arg(long)]
    sandbox: bool,
    /// Send through this MCP server's `portal.generate_link.create` tool instead of the REST API
    /// (the key of `--api-key-file` goes in `--mcp-auth-header`; `WORKOS_API_KEY` only to a WorkOS
    /// host, `https://*.workos.com`, unless `--send-api-key`).
    #[arg(long, value_name = "URL", conflicts_with_all = ["sandbox", "base_url"])]
    mcp: Option<String>,
    #[command(flatten)]
    mcp_connection: crate::drift::McpArgs,
}

fn request_from_flags(args: &GenerateLinkArgs) -> Result<GenerateLink, String> {
    let organization = args
        .organization
        .clone()
        .ok_or("either --organization or --json is required")?;
    let intent = args
        .intent
        .as_deref()
        .map(str::parse::<Intent>)
        .transpose()
        .map_err(|e| e.to_string())?;
    let sso = (args.sso_bookmark_slug.is_some() || args.sso_provider_type.is_some()).then(|| {
        SsoIntentOptions::builder()
            .maybe_bookmark_slug(args.sso_bookmark_slug.clone())
            .maybe_provider_type(args.sso_provider_type.clone())
            .build()
    });
    Ok(GenerateLink::builder()
        .organization(organization)
        .maybe_intent(intent)
        .maybe_return_url(args.return_url.clone())
        .maybe_success_url(args.success_url.clone())
        .maybe_admin_emails((!args.admin_emails.is_empty()).then(|| args.admin_emails.clone()))
        .maybe_intent_options(sso.map(|sso| IntentOptions::builder().sso(sso).build()))
        .build())
}

fn read_json(source: &str) -> Result<String, String> {
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

fn invalid(violations: &portal_runtime::Violations) -> ExitCode {
    errln!("error: the request is invalid; nothing was sent");
    for v in violations {
        errln!("  {v}");
    }
    ExitCode::from(EXIT_INVALID)
}

fn api_key(args: &GenerateLinkArgs) -> Result<String, String> {
    if let Some(path) = &args.api_key_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(text.trim().to_owned());
    }
    std::env::var(portal_workos::API_KEY_VAR).map_err(|_| {
        "no API key: set WORKOS_API_KEY or pass --api-key-file (or use --sandbox)".to_owned()
    })
}

/// Runs the subcommand.
pub fn run(args: GenerateLinkArgs) -> ExitCode {
    let request = match &args.json {
        Some(source) => match read_json(source) {
            Ok(text) => match GenerateLink::from_json(&text) {
                Ok(request) => request,
                Err(violations) => return invalid(&violations),
            },
            Err(e) => {
                errln!("error: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => match request_from_flags(&args) {
            Ok(request) => request,
            Err(e) => {
                errln!("error: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
        },
    };
    if let Err(violations) = request.validate() {
        return invalid(&violations);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            errln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    runtime.block_on(send(args, request))
}

async fn send(args: GenerateLinkArgs, request: GenerateLink) -> ExitCode {
    let sandbox = if args.sandbox {
        match Sandbox::start_with(SandboxConfig::default()).await {
            Ok(s) => Some(s),
            Err(e) => {
                errln!("error: cannot start the sandbox: {e}");
                return ExitCode::from(EXIT_TRANSPORT);
            }
        }
    } else {
        None
    };
    let base_url = match &sandbox {
        Some(s) => Some(s.base_url()),
        None => args
            .base_url
            .clone()
            .or_else(|| std::env::var(portal_workos::BASE_URL_VAR).ok()),
    };
    if let Some(url) = &args.mcp {
        return send_mcp(&args, url, &request).await;
    }
    if args.dry_run {
        let base = base_url
            .as_deref()
            .unwrap_or(portal_workos::DEFAULT_BASE_URL);
        let body = crate::terminal::escape_json(
            &serde_json::to_string_pretty(&request).unwrap_or_default(),
        )
        .into_owned();
        outln!(
            "{} {}{}",
            GenerateLink::METHOD,
            base.trim_end_matches('/'),
            GenerateLink::PATH
        );
        outln!("{body}");
        return ExitCode::SUCCESS;
    }
    let key = match &sandbox {
        Some(_) => Sandbox::API_KEY.to_owned(),
        None => match api_key(&args) {
            Ok(k) => k,
            Err(e) => {
                errln!("error: {e}");
                return ExitCode::from(EXIT_CONFIG);
            }
        },
    };
    let mut builder = portal_workos::builder().api_key(key);
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    match client.send(&request).await {
        Ok(portal) => {
            outln!("{}", escape(&portal.link));
            ExitCode::SUCCESS
        }
        Err(e) => failed(e),
    }
}

fn failed(e: Error) -> ExitCode {
    match &e {
        // Our own check of our own request: one violation a line.
        Error::Validation(_) => errln!("error: {e}"),
        // The server's text, on one line whatever it holds.
        _ => errln!("error: {}", escape(&e.to_string())),
    }
    ExitCode::from(match e {
        Error::Validation(_) => EXIT_INVALID,
        Error::Api(_) | Error::Tool(_) | Error::Protocol(_) => EXIT_API,
        Error::Configuration(_) => EXIT_CONFIG,
        _ => EXIT_TRANSPORT,
    })
}

/// `--mcp <url>`: the same request as the `portal.generate_link.create` tool's arguments.
async fn send_mcp(args: &GenerateLinkArgs, url: &str, request: &GenerateLink) -> ExitCode {
    if args.dry_run {
        outln!("MCP tools/call {} at {url}", GenerateLink::TOOL);
        crate::terminal::out(&format!(
            "{}\n",
            crate::terminal::escape_json(
                &serde_json::to_string_pretty(request).unwrap_or_default()
            )
        ));
        return ExitCode::SUCCESS;
    }
    // A key file is named for this command, so it goes wherever `--mcp` says; the ambient
    // `WORKOS_API_KEY` does not (see `env_credential`). A local MCP server may need no key.
    let key = if args.api_key_file.is_some() {
        api_key(args).map(Some)
    } else {
        crate::drift::env_credential(&args.mcp_connection, url)
    };
    let key = match key {
        Ok(key) => key,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let client = match args.mcp_connection.client(url, key) {
        Ok(client) => client,
        Err(e) => return failed(e),
    };
    match client.send(request).await {
        Ok(portal) => {
            outln!("{}", escape(&portal.link));
            ExitCode::SUCCESS
        }
        Err(e) => failed(e),
    }
}
