//! `portal import openapi` run as a binary: YAML and JSON documents, the files it writes and
//! removes, `--check`'s exit codes, and the checked-in WorkOS catalog proven to be its import.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn portal() -> Command {
    Command::new(env!("CARGO_BIN_EXE_portal"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("portal-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn import(spec: &Path, out: &Path, check: bool) -> Output {
    let mut command = portal();
    command
        .args(["import", "openapi"])
        .arg(spec)
        .arg("--out")
        .arg(out);
    if check {
        command.arg("--check");
    }
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Every file of `dir`, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// OpenAPI 3.0 in YAML as people write it: unquoted status codes, an anchor and its alias,
/// numbers past 2^53 and decimals, keys in no sorted order.
const YAML: &str = r#"openapi: 3.0.3
info: {title: Things, version: "1"}
paths:
  /things/{thing_id}:
    get:
      summary: Get a Thing
      parameters:
        - name: thing_id
          in: path
          required: true
          schema: &id {type: string, maxLength: 40}
      responses:
        200:
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /things:
    post:
      description: Creates a thing.
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [weight]
              properties:
                weight: {type: number, minimum: 0, exclusiveMinimum: true, multipleOf: 0.01}
                serial: {type: integer, maximum: 9007199254740993}
                owner: *id
      responses:
        201: {description: Created}
components:
  schemas:
    Thing:
      type: object
      properties:
        zeta: {type: string, nullable: true}
        alpha: {type: integer, example: 3}
"#;

/// The same document in JSON.
const JSON: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Things", "version": "1"},
  "paths": {
    "/things/{thing_id}": {"get": {
      "summary": "Get a Thing",
      "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 40}}],
      "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
    }},
    "/things": {"post": {
      "description": "Creates a thing.",
      "requestBody": {"content": {"application/json": {"schema": {
        "type": "object",
        "required": ["weight"],
        "properties": {
          "weight": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "multipleOf": 0.01},
          "serial": {"type": "integer", "maximum": 9007199254740993},
          "owner": {"type": "string", "maxLength": 40}
        }
      }}}},
      "responses": {"201": {"description": "Created"}}
    }}
  },
  "components": {"schemas": {"Thing": {"type": "object", "properties": {
    "zeta": {"type": "string", "nullable": true},
    "alpha": {"type": "integer", "example": 3}
  }}}}
}"##;

const THINGS_CREATE: &str = r#"{
  "name": "things.create",
  "description": "Creates a thing.",
  "inputSchema": {
    "type": "object",
    "properties": {
      "weight": {
        "type": "number",
        "multipleOf": 0.01,
        "exclusiveMinimum": 0
      },
      "serial": {
        "type": "integer",
        "maximum": 9007199254740993
      },
      "owner": {
        "type": "string",
        "maxLength": 40
      }
    },
    "required": [
      "weight"
    ]
  },
  "annotations": {
    "readOnlyHint": false,
    "destructiveHint": false,
    "idempotentHint": false
  },
  "x-http": {
    "method": "POST",
    "path": "/things",
    "status": 201
  }
}
"#;

const THINGS_GET: &str = r#"{
  "name": "things.get",
  "description": "Get a Thing",
  "inputSchema": {
    "type": "object",
    "properties": {
      "thing_id": {
        "type": "string",
        "maxLength": 40
      }
    },
    "required": [
      "thing_id"
    ]
  },
  "outputSchema": {
    "title": "Thing",
    "type": "object",
    "properties": {
      "zeta": {
        "type": [
          "string",
          "null"
        ]
      },
      "alpha": {
        "type": "integer",
        "examples": [
          3
        ]
      }
    }
  },
  "annotations": {
    "title": "Get a Thing",
    "readOnlyHint": true,
    "destructiveHint": false,
    "idempotentHint": true
  },
  "x-http": {
    "method": "GET",
    "path": "/things/{thing_id}",
    "status": 200
  }
}
"#;

#[test]
fn yaml_and_json_documents_give_the_same_files() {
    let dir = temp("formats");
    std::fs::write(dir.join("spec.yaml"), YAML).unwrap();
    std::fs::write(dir.join("spec.json"), JSON).unwrap();
    for (spec, out) in [("spec.yaml", "from-yaml"), ("spec.json", "from-json")] {
        let output = import(&dir.join(spec), &dir.join(out), false);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            stdout(&output),
            format!(
                "2 tools from {} into {}\n",
                dir.join(spec).display(),
                dir.join(out).display()
            )
        );
    }
    let expected = vec![
        (
            "things.create.json".to_owned(),
            THINGS_CREATE.as_bytes().to_vec(),
        ),
        ("things.get.json".to_owned(), THINGS_GET.as_bytes().to_vec()),
    ];
    assert_eq!(files(&dir.join("from-yaml")), expected);
    assert_eq!(files(&dir.join("from-json")), expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_lists_what_differs_and_a_write_removes_only_stale_tools() {
    let dir = temp("check");
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, YAML).unwrap();
    let out = dir.join("things");
    std::fs::create_dir_all(&out).unwrap();
    // Beside the tools: a patch, the catalog facts, a stale tool and a file that is no tool.
    let keep = [
        (
            "things.get.patch.json",
            "{\"x-docs-base\": \"https://docs\"}\n",
        ),
        ("catalog.json", "{\"name\": \"things\"}\n"),
        ("notes.json", "{\"name\": \"something else\"}\n"),
    ];
    for (name, text) in keep {
        std::fs::write(out.join(name), text).unwrap();
    }
    std::fs::write(
        out.join("things.delete.json"),
        "{\"name\": \"things.delete\"}\n",
    )
    .unwrap();

    let output = import(&spec, &out, true);
    assert_eq!(output.status.code(), Some(1));
    let o = out.display();
    assert_eq!(
        stdout(&output),
        format!(
            "{o}/things.create.json: missing\n{o}/things.get.json: missing\n{o}/things.delete.json: not given by the import\n"
        )
    );
    assert!(
        !out.join("things.get.json").exists(),
        "--check wrote a file"
    );

    let output = import(&spec, &out, false);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let names: Vec<String> = files(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "catalog.json",
            "notes.json",
            "things.create.json",
            "things.get.json",
            "things.get.patch.json"
        ]
    );
    for (name, text) in keep {
        assert_eq!(std::fs::read_to_string(out.join(name)).unwrap(), text);
    }

    let output = import(&spec, &out, true);
    assert_eq!(
        (output.status.code(), stdout(&output)),
        (Some(0), String::new())
    );

    std::fs::write(
        out.join("things.get.json"),
        THINGS_GET.replace("Get a Thing", "Get"),
    )
    .unwrap();
    let output = import(&spec, &out, true);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!("{o}/things.get.json: differs from the import\n")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_document_that_cannot_be_imported_is_exit_code_2() {
    let dir = temp("errors");
    let spec = dir.join("spec.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\npaths:\n  /a:\n    head: {responses: {}}\n",
    )
    .unwrap();
    let output = import(&spec, &dir.join("out"), false);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "{}: openapi error at /paths/~1a/head: HEAD operations are not imported (only GET, PUT, POST, DELETE and PATCH)\n",
            spec.display()
        )
    );
    assert!(!dir.join("out").exists());

    std::fs::write(&spec, "openapi: [unclosed\n").unwrap();
    let output = import(&spec, &dir.join("out"), false);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!("error: {}: not YAML: ", spec.display())),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn workos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../portal-workos")
}

/// CI's proof that the checked-in catalog is what the checked-in document imports to.
#[test]
fn the_workos_catalog_is_the_import_of_its_document() {
    let spec = workos().join("openapi/open-api-spec.yaml");
    let output = import(&spec, &workos().join("schemas/api"), true);
    assert_eq!(
        (output.status.code(), stdout(&output), stderr(&output)),
        (Some(0), String::new(), String::new())
    );
}

#[test]
fn the_import_is_deterministic() {
    let dir = temp("determinism");
    let spec = workos().join("openapi/open-api-spec.yaml");
    for out in ["one", "two"] {
        let output = import(&spec, &dir.join(out), false);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let (one, two) = (files(&dir.join("one")), files(&dir.join("two")));
    assert_eq!(one.len(), 170);
    assert!(one == two, "two imports of one document differ");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A billion laughs (ten levels of ten aliases: 10^10 strings once expanded) is refused by the
/// YAML reader's budget, not expanded.
#[test]
fn a_yaml_alias_bomb_is_refused() {
    let dir = temp("laughs");
    let mut text = String::from(
        "openapi: 3.1.0\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let aliases = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{aliases}]\n"));
    }
    text.push_str("paths: {}\n");
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, text).unwrap();
    let output = import(&spec, &dir.join("out"), false);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!(
            "error: {}: not YAML: error: line 7 column 45: budget breached: RecordedAnchorEvents {{ recorded_anchor_events: 1000001 }}\n",
            spec.display()
        )),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("out").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
