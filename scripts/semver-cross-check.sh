#!/usr/bin/env bash
# Cross-checks `portal diff` with cargo-semver-checks: for consecutive schemas (by default the
# modelled history in tests/fixtures/history), generate a crate from each with `portal codegen`,
# let cargo-semver-checks compare the two crates' public APIs, and print both verdicts side by side.
#
#   scripts/semver-cross-check.sh [schema.json ...]
#
# Installs cargo-semver-checks with `cargo install --locked` when it is missing (a few minutes).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! cargo semver-checks --version >/dev/null 2>&1; then
  cargo install cargo-semver-checks --locked
fi
cargo build -q -p portal-cli
portal="$root/target/debug/portal"
if [ $# -eq 0 ]; then set -- tests/fixtures/history/*.json; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_crate() { # dir schema
  mkdir -p "$1/src"
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "generated-tool"
version = "1.0.0"
edition = "2024"
publish = false

[dependencies]
portal-runtime = { path = "$root/portal-runtime", default-features = false }
serde_json = { version = "1", features = ["preserve_order"] }

[workspace]
TOML
  { echo '//! Generated bindings.'; echo '#![allow(missing_docs)]'; "$portal" codegen "$2"; } > "$1/src/lib.rs"
}

export CARGO_TARGET_DIR="$work/target"
prev=""
for schema in "$@"; do
  if [ -n "$prev" ]; then
    name="$(basename "$prev" .json) -> $(basename "$schema" .json)"
    rm -rf "$work/old" "$work/new"
    make_crate "$work/old" "$prev"
    make_crate "$work/new" "$schema"
    set +e
    # The API's class ("worst"), which is what cargo-semver-checks judges; the exit code also
    # counts wire breaks.
    report=$("$portal" diff --json "$prev" "$schema")
    code=$?
    sc=$(cargo semver-checks check-release --manifest-path "$work/new/Cargo.toml" --baseline-root "$work/old" 2>&1)
    set -e
    ours=$(printf '%s\n' "$report" | grep -oE '^  "worst": ("(major|minor|patch)"|null)' | grep -oE 'major|minor|patch|null' || true)
    case $ours in null) ours=patch ;; major|minor|patch) ;; *) ours="error $code" ;; esac
    theirs=$(printf '%s\n' "$sc" | grep -oE 'requires new (major|minor|patch) version' | head -1 | awk '{print $3}' || true)
    if [ -z "$theirs" ]; then
      if printf '%s\n' "$sc" | grep -q 'no semver update required'; then theirs="none (no breaking change found)"; else theirs="? (see below)"; fi
    fi
    printf '%-60s portal diff: %-6s cargo-semver-checks: %s\n' "$name" "$ours" "$theirs"
    printf '%s\n' "$sc" | grep -E '^\s*(--- failure|Summary)' | sed 's/^/    /' || true
  fi
  prev="$schema"
done
