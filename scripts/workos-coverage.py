#!/usr/bin/env python3
"""Coverage of WorkOS's API: portal-workos against the official `workos` crate, operation by operation.

    scripts/workos-coverage.py [--workos-src DIR] [--check] [--print]

- Ours: the operations of `portal-workos/openapi/open-api-spec.yaml` (method and path, read from its
  `paths` block), each matched to the tool file of `portal-workos/schemas/api/` whose `x-http` names
  the same method and path (the script fails when the two disagree).
- Theirs: the requests the official crate's source sends. Its generated resource methods build each
  request as `let path = "..."` (or `format!("...", ...)`) directly followed by `let method =
  http::Method::X;`; its hand-written helpers call `request_json(http::Method::X, "/path", ...)` (or
  `&path`, from the `let path = format!(...)` above); a browser redirect (`GET /sso/authorize`)
  is a `let path` joined to `self.client.base_url()` into a URL it returns. Path parameters are compared by position, not
  name (`{id}` and `{organization_id}` are the same slot).
- Constraints: per operation, the constraints of its input schema portal checks at run time
  (`required` counted per property name; `maxLength`, `maxItems`, `maxProperties`, `format`,
  `pattern`, `enum` per occurrence; shared `$defs` counted once per tool), and the places in the
  official crate's source that could check one (a `validate` function, a regex, a length or count
  compared), listed so that a reader can see what they are.

Writes `portal-workos/COVERAGE.md`; `--check` compares instead and exits 1 on a difference, `--print`
writes the per-operation table to standard output as well. The official crate's source is
`~/.cargo/registry/src/*/workos-3.5.0/src` by default (`cargo fetch` of a crate depending on
`workos = "=3.5.0"` puts it there; `scripts/bench-workos.sh` does).
"""

import argparse
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(ROOT, "portal-workos", "openapi", "open-api-spec.yaml")
TOOLS = os.path.join(ROOT, "portal-workos", "schemas", "api")
OUT = os.path.join(ROOT, "portal-workos", "COVERAGE.md")
WORKOS_VERSION = "3.5.0"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
KEYWORDS = ("required", "maxLength", "maxItems", "maxProperties", "format", "pattern", "enum")


def slot_path(path):
    """The path with each parameter as `{}`: the official crate names some differently."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def document_operations(spec):
    """(METHOD, path) of every operation, from the block-style `paths:` mapping at the top level.

    The document is YAML and the standard library has no YAML reader; its `paths` block is plain
    block style (two spaces per level), so the path keys are the lines indented by exactly two
    spaces and the operations the method keys indented by exactly four under them.
    """
    ops, path, inside = [], None, False
    with open(spec, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.lstrip().startswith("#"):
                continue
            if not line.startswith(" "):
                inside = line.rstrip() == "paths:"
                continue
            if not inside:
                continue
            m = re.fullmatch(r"  (['\"]?)(/[^'\"]*)\1:\s*", line)
            if m:
                path = m.group(2)
                continue
            m = re.fullmatch(r"    ([a-z]+):\s*", line)
            if m and m.group(1) in METHODS and path is not None:
                ops.append((m.group(1).upper(), path))
    return ops


def tool_files(tools):
    out = {}
    for file in sorted(os.listdir(tools)):
        if not file.endswith(".json") or file.endswith(".patch.json") or file == "catalog.json":
            continue
        with open(os.path.join(tools, file), encoding="utf-8") as f:
            tool = json.load(f)
        http = tool.get("x-http")
        if http is None:
            continue
        # By slot: the import renames a path parameter whose name a body property also has.
        out[(http["method"].upper(), slot_path(http["path"]))] = tool
    return out


SUBSCHEMA = ("items", "additionalProperties", "not", "propertyNames", "contains", "if", "then", "else",
             "unevaluatedItems", "unevaluatedProperties", "contentSchema")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def count_constraints(schema, counts):
    """Adds the keywords of `schema` and its subschemas to `counts` (values such as `examples`,
    `default`, `const` or `enum` are data, not schemas, and are not entered)."""
    if not isinstance(schema, dict):
        return
    for key in KEYWORDS:
        if key in schema:
            counts[key] += len(schema[key]) if key == "required" and isinstance(schema[key], list) else 1
    for key in SUBSCHEMA:
        if key in schema:
            value = schema[key]
            for sub in value if isinstance(value, list) else [value]:
                count_constraints(sub, counts)
    for key in SUBSCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for sub in schema[key].values():
                count_constraints(sub, counts)
    for key in SUBSCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            for sub in schema[key]:
                count_constraints(sub, counts)


GENERATED = re.compile(
    r'let path =\s*(?:"(/[^"]*)"\.to_string\(\)|format!\(\s*"(/[^"]*)"[^;]*\));\s*'
    r"let method = http::Method::([A-Z]+);"
)
HELPER = re.compile(r'\.request_\w+(?:::<[^>]*>)?\(\s*http::Method::([A-Z]+),\s*(?:"(/[^"]*)"|&path\b)')
LET_PATH = re.compile(r'let path =\s*(?:"(/[^"]*)"|format!\(\s*"(/[^"]*)")')
# A browser redirect (`GET /sso/authorize`, `GET /sso/logout`, ...) is not sent but built as a URL:
# the path joined to the client's base URL in the same function.
URL_JOIN = re.compile(r"self\.client\.base_url\(\),\s*path\b")
URL_PARSE = re.compile(r'Url::parse\(&format!\(\s*"\{\}(/[^"{]*)",\s*self\.client\.base_url\(\)')
LET_METHOD = re.compile(r"let method = http::Method::[A-Z]+;")
# Places that could check a constraint at run time; none of them is a schema check in 3.5.0 (see
# COVERAGE.md), but they are counted so that a later version that adds one shows here.
CHECK_MARKERS = {
    "a `validate` function": re.compile(r"\bfn validate\w*"),
    "a regex": re.compile(r"\bRegex\b|\bregex::"),
    "a length compared": re.compile(r"\.len\(\)\s*[<>]=?\s*\d"),
    "a count compared": re.compile(r"\.count\(\)\s*[<>]=?\s*\d"),
}


def official_operations(src):
    """{(METHOD, slot path): [file:line, ...]} and the `let method` lines the generated marker
    did not match (so that a change of the crate's shape shows instead of hiding operations)."""
    found, unmatched, markers = {}, [], {k: [] for k in CHECK_MARKERS}
    for file in sorted(glob.glob(os.path.join(src, "**", "*.rs"), recursive=True)):
        rel = os.path.relpath(file, src)
        with open(file, encoding="utf-8") as f:
            text = f.read()
        # Unit tests inside the crate's files are not the crate's behaviour.
        body = text.split("#[cfg(test)]", 1)[0]
        line_of = lambda pos: body.count("\n", 0, pos) + 1  # noqa: E731
        matched, generated_at = set(), set()
        for m in GENERATED.finditer(body):
            generated_at.add(m.start())
            path = m.group(1) or m.group(2)
            found.setdefault((m.group(3), slot_path(path)), []).append(f"{rel}:{line_of(m.start())}")
            matched.add(body.find("let method", m.start()))
        for m in LET_PATH.finditer(body):
            if m.start() in generated_at:
                continue
            end = body.find("\n    pub ", m.end())
            if URL_JOIN.search(body, m.end(), end if end >= 0 else len(body)):
                path = m.group(1) or m.group(2)
                found.setdefault(("GET", slot_path(path)), []).append(f"{rel}:{line_of(m.start())} (URL)")
        for m in URL_PARSE.finditer(body):
            found.setdefault(("GET", slot_path(m.group(1))), []).append(f"{rel}:{line_of(m.start())} (URL)")
        for m in LET_METHOD.finditer(body):
            if m.start() not in matched:
                unmatched.append(f"{rel}:{line_of(m.start())}")
        for m in HELPER.finditer(body):
            path = m.group(2)
            if path is None:
                before = list(LET_PATH.finditer(body, 0, m.start()))
                if not before:
                    unmatched.append(f"{rel}:{line_of(m.start())}")
                    continue
                path = before[-1].group(1) or before[-1].group(2)
            found.setdefault((m.group(1), slot_path(path)), []).append(f"{rel}:{line_of(m.start())}")
        for name, pattern in CHECK_MARKERS.items():
            for m in pattern.finditer(body):
                markers[name].append(f"{rel}:{line_of(m.start())}")
    return found, unmatched, markers


def default_src():
    home = os.path.expanduser("~")
    hits = sorted(glob.glob(os.path.join(home, ".cargo", "registry", "src", "*", f"workos-{WORKOS_VERSION}", "src")))
    return hits[0] if hits else None


def build(src):
    ops = document_operations(SPEC)
    tools = tool_files(TOOLS)
    doc_keys = {(m, slot_path(p)) for m, p in ops}
    if len(doc_keys) != len(ops):
        sys.exit("the document names an operation twice")
    if doc_keys != set(tools):
        missing = sorted(doc_keys - set(tools))
        extra = sorted(set(tools) - doc_keys)
        sys.exit(f"the tool files and the document disagree: no tool for {missing}; no operation for {extra}")
    theirs, unmatched, markers = official_operations(src)
    ours = {(m, slot_path(p)): (m, p) for m, p in ops}

    rows = []
    totals = {k: 0 for k in KEYWORDS}
    for method, path in sorted(ops, key=lambda o: (o[1], o[0])):
        tool = tools[(method, slot_path(path))]
        counts = {k: 0 for k in KEYWORDS}
        count_constraints(tool["inputSchema"], counts)
        for k in KEYWORDS:
            totals[k] += counts[k]
        where = theirs.get((method, slot_path(path)))
        rows.append((method, path, tool["name"], "both" if where else "ours", counts, where))
    only_theirs = sorted((k, v) for k, v in theirs.items() if k not in ours)
    return ops, rows, totals, only_theirs, theirs, unmatched, markers


def render(src, ops, rows, totals, only_theirs, theirs, unmatched, markers):
    both = [r for r in rows if r[3] == "both"]
    ours_only = [r for r in rows if r[3] == "ours"]
    lines = [
        "# Coverage: portal-workos and the official `workos` crate",
        "",
        f"Generated by `scripts/workos-coverage.py` (check with `--check`) from `openapi/open-api-spec.yaml`,",
        f"the tool files of `schemas/api/`, and the source of the official crate `workos` {WORKOS_VERSION}",
        "(crates.io). An operation is its method and path, path parameters compared by position.",
        "",
        "## Operations",
        "",
        "| | operations |",
        "| --- | ---: |",
        f"| the document (`@workos/openapi-spec` 0.1.0), one portal-workos tool each | {len(ops)} |",
        f"| the official crate ({WORKOS_VERSION}), distinct requests in its source | {len(theirs)} |",
        f"| both | {len(both)} |",
        f"| portal-workos only | {len(ours_only)} |",
        f"| the official crate only | {len(only_theirs)} |",
        "",
    ]
    if unmatched:
        lines += ["Requests of the official crate the markers could not read (not counted):", ""]
        lines += [f"- `{u}`" for u in unmatched] + [""]
    lines += [
        "The official crate is generated from a newer version of the same document, so the operations",
        "only it has are WorkOS's additions since `@workos/openapi-spec` 0.1.0 (and a few hand-written",
        "helpers); portal-workos gets them by importing that version (`portal import openapi`).",
        "",
        "## Constraints of the operations' inputs",
        "",
        "Counted in each operation's input schema (`required` per property name, the others per",
        "occurrence; the shared `$defs` a tool uses once per tool). portal-workos checks every one of",
        "them before a request is sent (`Validate`), and again in the sandbox and the MCP server.",
        "",
        "| keyword | in the inputs | checked by portal-workos |",
        "| --- | ---: | ---: |",
    ]
    for k in KEYWORDS:
        lines.append(f"| `{k}` | {totals[k]} | {totals[k]} |")
    lines.append(f"| all | {sum(totals.values())} | {sum(totals.values())} |")
    lines += [
        "",
        "The official crate's source has no schema check: its request types are plain serde structs",
        "(a required property is a field that is not an `Option`, but its value is not checked, and",
        "`maxLength`, `maxItems`, `maxProperties`, `format`, `pattern` are not read; an `enum` is a Rust",
        "enum with an `Unknown` catch-all). The places in its source that could check something at run",
        "time (tests excluded):",
        "",
    ]
    for name, where in markers.items():
        lines.append(f"- {name}: {len(where)}" + (f" ({', '.join(f'`{w}`' for w in where)})" if where else ""))
    lines += [
        "",
        "(`client.rs`'s `validate_path` refuses empty and dot segments in a path parameter, as",
        "portal-runtime's path encoding does; it checks no schema constraint.)",
        "",
        "## Operations only portal-workos covers",
        "",
    ]
    if ours_only:
        lines += ["| method | path | tool |", "| --- | --- | --- |"]
        lines += [f"| {m} | `{p}` | `{n}` |" for m, p, n, *_ in ours_only]
    else:
        lines.append("None.")
    lines += ["", "## Operations only the official crate covers", ""]
    if only_theirs:
        lines += ["| method | path | where |", "| --- | --- | --- |"]
        lines += [f"| {m} | `{p}` | `{w[0]}` |" for (m, p), w in only_theirs]
    else:
        lines.append("None.")
    lines += [
        "",
        "## Every operation of the document",
        "",
        "| method | path | tool | covered by | " + " | ".join(f"`{k}`" for k in KEYWORDS) + " |",
        "| --- | --- | --- | --- |" + " ---: |" * len(KEYWORDS),
    ]
    for m, p, n, side, counts, _ in rows:
        lines.append(f"| {m} | `{p}` | `{n}` | {side} | " + " | ".join(str(counts[k]) for k in KEYWORDS) + " |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--workos-src", help="the official crate's src/ directory")
    parser.add_argument("--check", action="store_true", help="compare with COVERAGE.md instead of writing it")
    parser.add_argument("--print", action="store_true", help="print the per-operation table too")
    args = parser.parse_args()
    src = args.workos_src or default_src()
    if not src or not os.path.isdir(src):
        sys.exit(f"no source of workos {WORKOS_VERSION}: fetch it (cargo fetch) or pass --workos-src")
    result = build(src)
    text = render(src, *result)
    ops, rows, totals, only_theirs, theirs, _, _ = result
    both = sum(1 for r in rows if r[3] == "both")
    print(f"operations: document {len(ops)}, official crate {len(theirs)}, both {both}, "
          f"ours only {len(ops) - both}, theirs only {len(only_theirs)}")
    print("constraints in the inputs (portal checks all, the official crate none): "
          + ", ".join(f"{k} {totals[k]}" for k in KEYWORDS) + f", all {sum(totals.values())}")
    if args.print:
        for m, p, n, side, counts, _ in rows:
            print(f"{side:5} {m:6} {p:70} {n}")
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{os.path.relpath(OUT, ROOT)} is not what the script gives: run scripts/workos-coverage.py")
        print(f"{os.path.relpath(OUT, ROOT)} is up to date")
    else:
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
