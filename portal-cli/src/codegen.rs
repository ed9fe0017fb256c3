//! `portal codegen`: the rendered bindings for a schema file, or a check that a file holds them.

use crate::terminal::errln;
use std::path::Path;
use std::process::ExitCode;

/// Exit code for a schema that cannot be generated (or a file that cannot be read).
pub const EXIT_SCHEMA: u8 = 2;
/// Exit code for `--check` when the file differs.
pub const EXIT_DIFFERS: u8 = 1;

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Runs the subcommand.
pub fn run(
    schema: &Path,
    patch: Option<&Path>,
    name: Option<String>,
    check: Option<&Path>,
    formats: portal_schema::Formats,
    refs: &[String],
) -> ExitCode {
    let text = match read(schema) {
        Ok(t) => t,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_SCHEMA);
        }
    };
    let patch_text = match patch.map(read).transpose() {
        Ok(t) => t,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_SCHEMA);
        }
    };
    if let Some(name) = &name
        && let Err(problem) = portal_schema::naming::check_type_name(name)
    {
        errln!("error: --name: {problem}");
        return ExitCode::from(EXIT_SCHEMA);
    }
    let mut config = portal_schema::Config::new();
    config.options(portal_schema::Options {
        root_name: name,
        formats,
        ..Default::default()
    });
    if let Some(patch_text) = patch_text {
        config.patch_str(patch_text);
    }
    for entry in refs {
        match entry.split_once('=') {
            Some((uri, dir)) if !uri.is_empty() && !dir.is_empty() => {
                config.refs(uri, dir);
            }
            _ => {
                errln!("error: --refs {entry}: expected URI=DIR");
                return ExitCode::from(EXIT_SCHEMA);
            }
        }
    }
    let tokens = match config.generate_located(&text) {
        Ok(tokens) => tokens,
        Err(errors) => {
            for e in errors {
                let file = match (e.source, patch) {
                    (portal_schema::Source::Patch, Some(p)) => p,
                    _ => schema,
                };
                errln!("{}: {}", file.display(), e.error);
            }
            return ExitCode::from(EXIT_SCHEMA);
        }
    };
    let rendered = portal_schema::render(&tokens);
    match check {
        None => {
            // The code as generated (a file's content, not a message), control characters
            // of descriptions included.
            crate::terminal::out(&rendered);
            ExitCode::SUCCESS
        }
        Some(path) => match read(path) {
            Ok(existing) if existing == rendered => ExitCode::SUCCESS,
            Ok(_) => {
                errln!(
                    "{} is out of date: regenerate it with `portal codegen`",
                    path.display()
                );
                ExitCode::from(EXIT_DIFFERS)
            }
            Err(e) => {
                errln!("error: {e}");
                ExitCode::from(EXIT_DIFFERS)
            }
        },
    }
}
