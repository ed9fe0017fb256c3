#!/usr/bin/env bash
# Proves the crates work from another project: packages portal-schema, portal-macros,
# portal-runtime and portal-workos as cargo would publish them, unpacks the .crate files, and builds
# and runs a consumer crate outside this workspace that depends on the packaged portal-workos alone
# (its schema files travel inside its package): it builds and validates a `GenerateLink`, starts
# the packaged sandbox on 127.0.0.1 and sends the request to it through the packaged client, then
# does the same with an operation of the whole API (`portal_workos::api`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
crates=(portal-schema portal-macros portal-runtime portal-workos)
cargo package --locked --allow-dirty --no-verify "${crates[@]/#/-p}"
# Where cargo put the packages: `target/` unless CARGO_TARGET_DIR (relative to here, or absolute)
# or `build.target-dir` says otherwise; cargo metadata resolves all of them.
target=$(cargo metadata --locked --format-version 1 --no-deps |
  grep -o '"target_directory":"[^"]*"' | head -n1 | sed 's/^"target_directory":"//; s/"$//')
test -d "$target/package" || { echo "package check: no $target/package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/unpacked" "$work/consumer/src"
# The version each crate is packaged at: portal-workos has its own, the others the workspace's.
version() {
  cargo metadata --locked --format-version 1 --no-deps |
    grep -o "\"name\":\"$1\",\"version\":\"[^\"]*\"" | head -n1 | sed 's/.*"version":"//; s/"$//'
}
patches=""
for crate in "${crates[@]}"; do
  v=$(version "$crate")
  test -n "$v" || { echo "package check: no version for $crate" >&2; exit 1; }
  tar xzf "$target/package/$crate-$v.crate" -C "$work/unpacked"
  patches+="$crate = { path = \"$work/unpacked/$crate-$v\" }"$'\n'
done
workos="$work/unpacked/portal-workos-$(version portal-workos)"
test -f "$workos/schemas/workos/portal.generate_link.create.json"
test -f "$workos/schemas/workos/portal.generate_link.create.patch.json"
cat > "$work/consumer/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
portal-workos = { version = "$(version portal-workos)", features = ["sandbox"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt"] }

[patch.crates-io]
$patches
[workspace]
TOML
cat > "$work/consumer/src/main.rs" <<'RS'
use portal_workos::portal_runtime::{Client, Error};
use portal_workos::prelude::*;
use portal_workos::sandbox::Sandbox;
use portal_workos::{GenerateLink, Intent};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let request = GenerateLink::builder().organization("org_test").intent(Intent::Sso).build();
    request.validate().expect("a valid request");
    println!("{}", serde_json::to_string(&request).expect("serializable"));
    let errors = GenerateLink::from_json(r#"{"intent": "sso"}"#).unwrap_err();
    println!("{errors}");
    // WorkOS's defaults, without a key: the client is not built, and says why.
    match portal_workos::builder().build() {
        Err(Error::Configuration(message)) => println!("{message}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
    let sandbox = Sandbox::start().await.expect("the sandbox starts");
    let client = Client::builder()
        .api_key(Sandbox::API_KEY)
        .base_url(sandbox.base_url())
        .build()
        .expect("a client of the sandbox");
    let portal = client.send(&request).await.expect("a link");
    assert_eq!(sandbox.links(), [portal.link.clone()]);
    println!("{}", sandbox.requests()[0].body_str().expect("a JSON body"));
    // The whole API: an operation of the catalog, decoded, validated and sent, its answer typed.
    println!("{} operations", portal_workos::api::CATALOG.tools.len());
    let create = portal_workos::api::organizations_create::Organizations::from_json(r#"{"name": "Acme"}"#)
        .expect("a valid request");
    let organization = client.send(&create).await.expect("an organization");
    println!("{}", serde_json::to_value(&organization).expect("serializable")["name"]);
}
RS
# The workspace's lock file pins the same versions, so the shared target dir reuses what is built.
cp Cargo.lock "$work/consumer/Cargo.lock"
out=$(CARGO_TARGET_DIR="$target" cargo run -q --manifest-path "$work/consumer/Cargo.toml")
expected='{"intent":"sso","organization":"org_test"}
1 violation
  /organization: expected a value, found none (required)
no API key: set one with ClientBuilder::api_key or ClientBuilder::api_key_from_env
{"intent":"sso","organization":"org_test"}
170 operations
"Acme"'
if [ "$out" != "$expected" ]; then
  printf 'consumer printed:\n%s\nexpected:\n%s\n' "$out" "$expected" >&2
  exit 1
fi
echo "package check: the packaged portal-workos builds, validates and sends to its sandbox from a crate outside the workspace"
