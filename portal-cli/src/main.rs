//! `portal`: generate bindings from MCP tool schemas.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod codegen;
mod diff;
mod drift;
mod generate_link;
mod import;
mod outcome;
mod pull;
mod terminal;
mod workos;

/// Typed, validated Rust bindings for MCP tools.
#[derive(Parser)]
#[command(name = "portal", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the generated Rust code for a tool (an MCP Tool object or a bare JSON Schema), or
    /// write a whole catalog's (given its folder) as one file per tool.
    Codegen {
        /// The tool or schema file, or a catalog folder (`schemas/<provider>/`).
        schema: PathBuf,
        /// For a catalog: the folder to write its files in (`mod.rs`, `types.rs`, one
        /// `<module>.rs` per tool), removing generated files of tools that are gone.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// An RFC 7396 JSON Merge Patch applied over the tool.
        #[arg(long)]
        patch: Option<PathBuf>,
        /// The root type's name (derived from the tool name by default).
        #[arg(long)]
        name: Option<String>,
        /// Compare with this file (for a catalog: this folder) instead of printing or writing;
        /// exit 1 when they differ.
        #[arg(long)]
        check: Option<PathBuf>,
        /// `assert` checks each `format` of the vocabulary (`date-time`, `email`, `ipv4`...);
        /// `annotate` only states it in the docs.
        #[arg(long, value_name = "assert|annotate", default_value = "assert")]
        formats: portal_schema::Formats,
        /// `URI=DIR`: a `$ref` to a URI starting with `URI` reads the rest of it under the folder
        /// `DIR` (never fetched); repeatable.
        #[arg(long = "refs", value_name = "URI=DIR")]
        refs: Vec<String>,
    },
    /// Generate an Admin Portal link (WorkOS `POST /portal/generate_link`). Exit code: 3 invalid
    /// request (nothing sent), 4 API error, 5 transport failure, 6 configuration.
    GenerateLink(generate_link::GenerateLinkArgs),
    /// Call any operation of the WorkOS API by its MCP tool name.
    ///
    /// The request comes from --json and --set, is validated by the tool's generated type, then
    /// printed (--dry-run) or sent. Exit code: 2 unknown tool, 3 invalid request (nothing sent),
    /// 4 API error, 5 transport failure, 6 configuration.
    #[command(disable_help_flag = true)]
    Workos(workos::WorkosArgs),
    /// Compare the input schema of a tool as an MCP server publishes it (or as another file has
    /// it) with the checked-in one. Exit code: 0 no drift, 1 drift, 2 error.
    CheckDrift(drift::CheckDriftArgs),
    /// Make a catalog folder what an MCP server publishes: one `<tool>.json` per listed tool,
    /// the files of tools no longer listed removed, patches and catalog.json left alone; prints
    /// the catalog diff. Exit code: 0 done (with --check: up to date), 1 with --check: the folder
    /// differs, 2 error.
    Pull(pull::PullArgs),
    /// Compare two tool schemas (after their patches), or two catalog folders (tools added,
    /// removed, likely renamed, each tool's own report, annotations and descriptions): the
    /// generated Rust API, classed for semver, and the wire contract. Exit code: 0 no API change,
    /// 3 minor, 4 major, 1 error.
    Diff {
        /// The old tool file or catalog folder (omit with --against).
        #[arg(required_unless_present = "against")]
        old: Option<PathBuf>,
        /// The new tool file or catalog folder (omit with --against).
        #[arg(required_unless_present = "against")]
        new: Option<PathBuf>,
        /// A patch applied to both (unless --old-patch / --new-patch say otherwise).
        #[arg(long)]
        patch: Option<PathBuf>,
        /// The old tool's patch.
        #[arg(long)]
        old_patch: Option<PathBuf>,
        /// The new tool's patch.
        #[arg(long)]
        new_patch: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Compare every catalog folder under schemas/ with its state at this git ref, and fail
        /// (exit 1) when the workspace version was not bumped as the changes need.
        #[arg(long, conflicts_with_all = ["old", "new"])]
        against: Option<String>,
        /// With --against: the crate directory (e.g. portal-workos) whose schemas/ and
        /// `[package]` version are compared, instead of the workspace's.
        #[arg(long = "crate", value_name = "DIR", requires = "against")]
        crate_dir: Option<PathBuf>,
    },
    /// Write the tools of another description of an API into a catalog folder.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// One MCP tool file per operation of an OpenAPI 3.0 or 3.1 document (YAML or JSON), named
    /// and bound as WorkOS's MCP server does; tool files the import no longer gives are removed,
    /// patches never touched. Exit code: 0 done (with --check: identical), 1 --check found
    /// differences, 2 error.
    Openapi(import::OpenapiArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen {
            schema,
            out,
            patch,
            name,
            check,
            formats,
            refs,
        } if schema.is_dir() => codegen::run_catalog(
            &schema,
            out.as_deref(),
            check.as_deref(),
            formats,
            patch.is_some() || name.is_some() || !refs.is_empty(),
        ),
        Command::Codegen {
            schema,
            patch,
            name,
            check,
            formats,
            refs,
            ..
        } => codegen::run(
            &schema,
            patch.as_deref(),
            name,
            check.as_deref(),
            formats,
            &refs,
        ),
        Command::GenerateLink(args) => generate_link::run(args),
        Command::Workos(args) => workos::run(args),
        Command::CheckDrift(args) => drift::run(args),
        Command::Pull(args) => pull::run(args),
        Command::Diff {
            old,
            new,
            patch,
            old_patch,
            new_patch,
            json,
            against,
            crate_dir,
        } => match (against, old, new) {
            (Some(reference), _, _) => diff::against(
                std::path::Path::new("."),
                crate_dir.as_deref(),
                &reference,
                json,
            ),
            (None, Some(old), Some(new)) => {
                let old_patch = old_patch.or_else(|| patch.clone());
                let new_patch = new_patch.or(patch);
                diff::files(&old, &new, old_patch.as_deref(), new_patch.as_deref(), json)
            }
            _ => ExitCode::from(diff::EXIT_ERROR),
        },
        Command::Import(ImportCommand::Openapi(args)) => import::openapi(args),
    }
}
