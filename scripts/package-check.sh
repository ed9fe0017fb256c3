#!/usr/bin/env bash
# Proves the crates work from another project: packages portal-schema, portal-macros and
# portal-runtime as cargo would publish them, unpacks the .crate files, and builds and runs a
# consumer crate outside this workspace that depends on the packaged portal-runtime (the schema
# files travel inside its package) and uses `GenerateLink`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo package --locked --allow-dirty --no-verify -p portal-schema -p portal-macros -p portal-runtime
# Where cargo put the packages: `target/` unless CARGO_TARGET_DIR (relative to here, or absolute)
# or `build.target-dir` says otherwise; cargo metadata resolves all of them.
target=$(cargo metadata --locked --format-version 1 --no-deps |
  grep -o '"target_directory":"[^"]*"' | head -n1 | sed 's/^"target_directory":"//; s/"$//')
test -d "$target/package" || { echo "package check: no $target/package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/unpacked" "$work/consumer/src"
for crate in portal-schema portal-macros portal-runtime; do
  tar xzf "$target/package/$crate-0.1.0.crate" -C "$work/unpacked"
done
test -f "$work/unpacked/portal-runtime-0.1.0/schemas/workos/portal.generate_link.create.json"
test -f "$work/unpacked/portal-runtime-0.1.0/schemas/workos/portal.generate_link.create.patch.json"
cat > "$work/consumer/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
portal-runtime = "0.1.0"
serde_json = "1"

[patch.crates-io]
portal-schema = { path = "$work/unpacked/portal-schema-0.1.0" }
portal-macros = { path = "$work/unpacked/portal-macros-0.1.0" }
portal-runtime = { path = "$work/unpacked/portal-runtime-0.1.0" }

[workspace]
TOML
cat > "$work/consumer/src/main.rs" <<'RS'
use portal_runtime::prelude::*;
use portal_runtime::workos::{GenerateLink, Intent};

fn main() {
    let request = GenerateLink::builder().organization("org_test").intent(Intent::Sso).build();
    request.validate().expect("a valid request");
    println!("{}", serde_json::to_string(&request).expect("serializable"));
    let errors = GenerateLink::from_json(r#"{"intent": "sso"}"#).unwrap_err();
    println!("{errors}");
}
RS
# The workspace's lock file pins the same versions, so the shared target dir reuses what is built.
cp Cargo.lock "$work/consumer/Cargo.lock"
out=$(CARGO_TARGET_DIR="$target" cargo run -q --manifest-path "$work/consumer/Cargo.toml")
expected='{"intent":"sso","organization":"org_test"}
1 violation
  /organization: expected a value, found none (required)'
if [ "$out" != "$expected" ]; then
  printf 'consumer printed:\n%s\nexpected:\n%s\n' "$out" "$expected" >&2
  exit 1
fi
echo "package check: the packaged portal-runtime builds and runs in a crate outside the workspace"
