#!/usr/bin/env bash
# Build time of a crate holding a whole catalog: portal against typify over the same schemas.
#
#     scripts/bench-build.sh [CATALOG_DIR]      (default: tests/catalogs/synthetic-200)
#
# Makes two throwaway crates in a temporary directory (BENCH_BUILD_DIR to choose it), with path
# dependencies on this workspace's crates:
#
# - portal: one `portal_macros::tool!` per tool, each in a module of its own; with
#   PORTAL_FORM=catalog, one `catalog!` over the folder instead (PORTAL_CATALOG_MACRO gives the
#   invocation, `portal_macros::catalog!(dir = "catalog");` by default);
# - typify: one `typify::import_types!` per schema (a tool's input schema, and its output schema
#   when it has one), each in a module of its own. typify 0.8 names a root schema by its `title`
#   and emits nothing without one, and reads `definitions`: its copy of each schema gets the title
#   portal gives the type, and `$defs` renamed to `definitions` (with the `$ref`s to them).
#
# Each crate has a target directory of its own; its dependencies are built first and not timed.
# Then, for each crate: a clean build of the crate alone (`cargo clean -p` removes only it), and a
# build after editing one tool file (a description changed; `src/lib.rs` is touched too, since a
# proc macro that reads a file cannot always tell cargo so). Both use the dev profile without debug
# info (CARGO_PROFILE_DEV_DEBUG=0), as the workspace's own builds do. Each step prints the time
# cargo reports ("Finished ... in") and the wall time; the ratios are portal over typify.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CATALOG=$(cd "${1:-$ROOT/tests/catalogs/synthetic-200}" && pwd)
WORK=${BENCH_BUILD_DIR:-$(mktemp -d -t portal-bench-build.XXXXXX)}
FORM=${PORTAL_FORM:-tool}
export CARGO_PROFILE_DEV_DEBUG=0
unset CARGO_TARGET_DIR

mkdir -p "$WORK"
echo "catalog: $CATALOG ($(ls "$CATALOG" | grep -c '\.json$' ) files), work: $WORK, portal form: $FORM"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

make_crates() {
  python3 - "$ROOT" "$CATALOG" "$WORK" "$FORM" "${PORTAL_CATALOG_MACRO:-portal_macros::catalog!(dir = \"catalog\");}" <<'EOF'
import json, os, re, shutil, sys

root, catalog, work, form, catalog_macro = sys.argv[1:6]

def root_name(tool):
    # portal's naming::root_name for the synthetic names (snake_case, no dots): UpperCamel.
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[._/-]", tool) if p)

def upper_camel(title):
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^0-9A-Za-z]+", title) if p)

def rename_defs(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "$ref" and isinstance(v, str):
                out[k] = v.replace("#/$defs/", "#/definitions/")
            elif k == "$defs":
                out["definitions"] = rename_defs(v)
            else:
                out[k] = rename_defs(v)
        return out
    if isinstance(value, list):
        return [rename_defs(v) for v in value]
    return value

tools = []
for name in sorted(os.listdir(catalog)):
    if name.endswith(".json") and not name.endswith(".patch.json") and name != "catalog.json":
        with open(os.path.join(catalog, name), encoding="utf-8") as f:
            tools.append(json.load(f))

def module(tool):
    return re.sub(r"[^0-9a-z_]", "_", tool["name"].lower())

for kind in ("portal", "typify"):
    crate = os.path.join(work, kind)
    os.makedirs(os.path.join(crate, "src"), exist_ok=True)
    shutil.copy(os.path.join(root, "Cargo.lock"), os.path.join(crate, "Cargo.lock"))
    shutil.copy(os.path.join(root, "rust-toolchain.toml"), os.path.join(crate, "rust-toolchain.toml"))
    dest = os.path.join(crate, "catalog")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)

portal = os.path.join(work, "portal")
for name in os.listdir(catalog):
    shutil.copy(os.path.join(catalog, name), os.path.join(portal, "catalog", name))
with open(os.path.join(portal, "Cargo.toml"), "w") as f:
    f.write(f"""[package]
name = "bench-portal"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
portal-macros = {{ path = "{root}/portal-macros" }}
portal-runtime = {{ path = "{root}/portal-runtime", default-features = false }}

[workspace]
""")
with open(os.path.join(portal, "src", "lib.rs"), "w") as f:
    f.write("//! The synthetic catalog through portal.\n#![allow(missing_docs)]\n\n")
    if form == "catalog":
        f.write(catalog_macro + "\n")
    else:
        for tool in tools:
            f.write(f'pub mod {module(tool)} {{\n    portal_macros::tool!(schema: "catalog/{tool["name"]}.json");\n}}\n')

typify = os.path.join(work, "typify")
with open(os.path.join(typify, "Cargo.toml"), "w") as f:
    f.write(f"""[package]
name = "bench-typify"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
typify = "0.8"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
regress = "0.10"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
uuid = {{ version = "1", default-features = false, features = ["serde"] }}

[workspace]
""")
with open(os.path.join(typify, "src", "lib.rs"), "w") as f:
    f.write("//! The synthetic catalog through typify.\n#![allow(missing_docs)]\n\n")
    for tool in tools:
        request = root_name(tool["name"])
        f.write(f"pub mod {module(tool)} {{\n")
        parts = [("input", tool["inputSchema"], request)]
        if "outputSchema" in tool:
            out = tool["outputSchema"]
            parts.append(("output", out, upper_camel(out["title"]) if "title" in out else request + "Output"))
        for part, schema, title in parts:
            schema = rename_defs(schema)
            schema = {"title": title, **{k: v for k, v in schema.items() if k != "title"}}
            file = f"catalog/{tool['name']}.{part}.json"
            with open(os.path.join(typify, file), "w", encoding="utf-8") as s:
                s.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
            f.write(f'    pub mod {part} {{\n        typify::import_types!(schema = "{file}");\n    }}\n')
        f.write("}\n")
EOF
}

# The seconds in cargo's "Finished `dev` profile [...] target(s) in 9m 43s" (or "in 12.34s").
cargo_seconds() {
  python3 -c '
import re, sys
m = re.findall(r"Finished .* in (?:(\d+)m )?([\d.]+)s", sys.stdin.read())
print(int(m[-1][0] or 0) * 60 + float(m[-1][1]) if m else 0)'
}

edit_one_tool() {
  local crate=$1 file
  file=$(ls "$WORK/$crate/catalog/"*.json | grep -v catalog.json | head -1)
  python3 - "$file" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    value = json.load(f)
value["description"] = value.get("description", "") + " (edited)"
with open(path, "w", encoding="utf-8") as f:
    f.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
EOF
  touch "$WORK/$crate/src/lib.rs"
}

make_crates

declare -A CLEAN_WALL CLEAN_CARGO EDIT_WALL EDIT_CARGO
for crate in portal typify; do
  echo "== $crate: building dependencies (not timed)"
  (cd "$WORK/$crate" && cargo build --quiet 2>&1 | tail -5)
  (cd "$WORK/$crate" && cargo clean --quiet -p "bench-$crate")
  echo "== $crate: clean build of the crate (load $(cut -d' ' -f1 /proc/loadavg))"
  read -r wall reported < <(
    cd "$WORK/$crate"
    start=$(date +%s.%N)
    out=$(cargo build 2>&1)
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc -l) $(echo "$out" | cargo_seconds)"
  )
  CLEAN_WALL[$crate]=$wall CLEAN_CARGO[$crate]=$reported
  printf '   cargo %.2fs, wall %.2fs\n' "$reported" "$wall"
  edit_one_tool "$crate"
  echo "== $crate: after editing one tool file (load $(cut -d' ' -f1 /proc/loadavg))"
  read -r wall reported < <(
    cd "$WORK/$crate"
    start=$(date +%s.%N)
    out=$(cargo build 2>&1)
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc -l) $(echo "$out" | cargo_seconds)"
  )
  EDIT_WALL[$crate]=$wall EDIT_CARGO[$crate]=$reported
  printf '   cargo %.2fs, wall %.2fs\n' "$reported" "$wall"
done

ratio() { echo "scale=2; $1 / $2" | bc -l; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ratios portal/typify:"
echo "  clean build:      cargo $(ratio "${CLEAN_CARGO[portal]}" "${CLEAN_CARGO[typify]}")x, wall $(ratio "${CLEAN_WALL[portal]}" "${CLEAN_WALL[typify]}")x"
echo "  one tool edited:  cargo $(ratio "${EDIT_CARGO[portal]}" "${EDIT_CARGO[typify]}")x, wall $(ratio "${EDIT_WALL[portal]}" "${EDIT_WALL[typify]}")x"
