//! `portal`: generate bindings from MCP tool schemas.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod codegen;

/// Typed, validated Rust bindings for MCP tools.
#[derive(Parser)]
#[command(name = "portal", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the generated Rust code for a tool (an MCP Tool object or a bare JSON Schema).
    Codegen {
        /// The tool or schema file.
        schema: PathBuf,
        /// An RFC 7396 JSON Merge Patch applied over the tool.
        #[arg(long)]
        patch: Option<PathBuf>,
        /// The root type's name (derived from the tool name by default).
        #[arg(long)]
        name: Option<String>,
        /// Compare with this file instead of printing; exit 1 when they differ.
        #[arg(long)]
        check: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen { schema, patch, name, check } => {
            codegen::run(&schema, patch.as_deref(), name, check.as_deref())
        }
    }
}
