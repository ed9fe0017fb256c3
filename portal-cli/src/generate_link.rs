//! `portal generate-link`: build a `GenerateLink` request from flags or JSON, validate it, and send
//! it to the WorkOS REST API, to a given base URL, or to the embedded sandbox.

use crate::outcome::{EXIT_CONFIG, EXIT_INVALID, EXIT_TRANSPORT, failed, invalid, read_json};
use crate::terminal::{errln, escape, outln};
use clap::Args;
use portal_runtime::Operation;
use portal_runtime::prelude::*;
use portal_workos::sandbox::{Sandbox, SandboxConfig};
use portal_workos::{GenerateLink, Intent, IntentOptions, SsoIntentOptions};
use std::path::PathBuf;
use std::process::ExitCode;

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
    let runtime = match crate::outcome::runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
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
        None => match crate::outcome::api_key(args.api_key_file.as_deref()) {
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
        crate::outcome::api_key(args.api_key_file.as_deref()).map(Some)
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
