//! `portal pull --mcp URL --out DIR`: the `portal` binary against an rmcp server started here,
//! whose `tools/list` answers in pages of two (five tools: three pages).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use rmcp::ErrorData;
use rmcp::model::{
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use serde_json::{Value, json};

use crate::support::TempCatalog;

/// The `portal` binary of this build, built once (a no-op when it is up to date), so that the
/// tests run the CLI as it is now even when only this crate's tests were asked for.
pub(crate) fn portal() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        // target/<profile>/deps/it-<hash>
        let profile = exe.parent().unwrap().parent().unwrap().to_owned();
        let target = profile.parent().unwrap();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .args([
                "build",
                "--quiet",
                "--locked",
                "-p",
                "portal-cli",
                "--bin",
                "portal",
            ])
            .env("CARGO_TARGET_DIR", target)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        // What cargo set for this test process describes this crate, not the build: a build
        // script watching one of them (ring's watches CARGO_MANIFEST_DIR) would rebuild on every
        // run.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let set_for_tests = [
                "CARGO_PKG_",
                "CARGO_MANIFEST_",
                "CARGO_CRATE_",
                "CARGO_BIN_",
            ]
            .iter()
            .any(|p| name.starts_with(p))
                || matches!(
                    &*name,
                    "CARGO_PRIMARY_PACKAGE" | "CARGO_TARGET_TMPDIR" | "OUT_DIR"
                );
            if set_for_tests {
                build.env_remove(&*name);
            }
        }
        if profile.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        assert!(
            build.status().unwrap().success(),
            "cargo build -p portal-cli"
        );
        profile.join(format!("portal{}", std::env::consts::EXE_SUFFIX))
    })
}

/// A command's exit code, standard output and standard error.
#[derive(Debug, PartialEq)]
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `portal` with `args` in `cwd`, with each of `replace`'s texts shown as its name.
pub(crate) fn run_in(cwd: &Path, args: &[&str], replace: &[(&str, &str)]) -> Run {
    run_with(cwd, args, &[], replace)
}

/// [`run_in`] with the environment variables `env` set.
pub(crate) fn run_with(
    cwd: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    replace: &[(&str, &str)],
) -> Run {
    let out = Command::new(portal())
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .env_remove("WORKOS_API_KEY")
        .output()
        .unwrap();
    let shown = |bytes: &[u8]| {
        let mut text = String::from_utf8(bytes.to_vec()).unwrap();
        for (from, to) in replace {
            text = text.replace(from, to);
        }
        text
    };
    Run {
        code: out.status.code().unwrap(),
        stdout: shown(&out.stdout),
        stderr: shown(&out.stderr),
    }
}

#[derive(Clone, Copy)]
enum Paging {
    /// Pages of two tools, the cursor being the index of the next one.
    Pages,
    /// The same cursor on every page.
    Loop,
    /// A new cursor on every page, never the end.
    Endless,
}

#[derive(Clone)]
struct Lister {
    tools: Arc<Mutex<Vec<Tool>>>,
    paging: Paging,
    lists: Arc<AtomicUsize>,
    /// The `x-api-key` header of each `tools/list`.
    keys: Arc<Mutex<Vec<Option<String>>>>,
}

impl rmcp::ServerHandler for Lister {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
    }

    async fn list_tools(
        &self,
        params: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        self.lists.fetch_add(1, Ordering::SeqCst);
        let key = context
            .extensions
            .get::<axum::http::request::Parts>()
            .and_then(|parts| parts.headers.get("x-api-key"))
            .map(|value| value.to_str().unwrap().to_owned());
        self.keys.lock().unwrap().push(key);
        let tools = self.tools.lock().unwrap().clone();
        let start: usize = params
            .and_then(|p| p.cursor)
            .map_or(0, |c| c.parse().unwrap_or(0));
        let page: Vec<Tool> = tools.iter().skip(start).take(2).cloned().collect();
        let mut result = ListToolsResult::with_all_items(page);
        result.next_cursor = match self.paging {
            Paging::Pages => (start + 2 < tools.len()).then(|| (start + 2).to_string()),
            Paging::Loop => Some("again".to_owned()),
            Paging::Endless => Some((start + 1).to_string()),
        };
        Ok(result)
    }
}

struct Server {
    url: String,
    tools: Arc<Mutex<Vec<Tool>>>,
    lists: Arc<AtomicUsize>,
    keys: Arc<Mutex<Vec<Option<String>>>>,
}

impl Server {
    async fn start(tools: Vec<Value>, paging: Paging) -> Server {
        let lister = Lister {
            tools: Arc::new(Mutex::new(
                tools
                    .into_iter()
                    .map(|t| serde_json::from_value(t).unwrap())
                    .collect(),
            )),
            paging,
            lists: Arc::new(AtomicUsize::new(0)),
            keys: Default::default(),
        };
        let (tools, lists, keys) = (
            lister.tools.clone(),
            lister.lists.clone(),
            lister.keys.clone(),
        );
        let service = StreamableHttpService::new(
            move || Ok(lister.clone()),
            Arc::new(LocalSessionManager::default()),
            StreamableHttpServerConfig::default().with_sse_keep_alive(None),
        );
        let router = Router::new().nest_service("/mcp", service);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/mcp", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Server {
            url,
            tools,
            lists,
            keys,
        }
    }

    /// Replaces the tools the server lists.
    fn publish(&self, tools: Vec<Value>) {
        *self.tools.lock().unwrap() = tools
            .into_iter()
            .map(|t| serde_json::from_value(t).unwrap())
            .collect();
    }

    /// `portal pull --mcp URL --out DIR` and `extra`, off the runtime's thread so the server
    /// keeps answering.
    async fn pull(&self, dir: &Path, extra: &[&str]) -> Run {
        self.pull_with(dir, extra, &[]).await
    }

    /// [`Server::pull`] with the environment variables `env` set.
    async fn pull_with(&self, dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Run {
        let own = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (url, dir, extra) = (self.url.clone(), dir.to_owned(), own(extra));
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        tokio::task::spawn_blocking(move || {
            let dir_text = dir.display().to_string();
            let mut args = vec!["pull", "--mcp", &url, "--out", &dir_text];
            args.extend(extra.iter().map(String::as_str));
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            run_with(
                &std::env::temp_dir(),
                &args,
                &env,
                &[(&dir_text, "DIR"), (&url, "URL")],
            )
        })
        .await
        .unwrap()
    }
}

fn tools() -> Vec<Value> {
    let object = |properties: Value, required: Value| json!({"type": "object", "properties": properties, "required": required});
    vec![
        json!({"name": "acme.orgs.get", "description": "Get an organization.",
            "inputSchema": object(json!({"id": {"type": "string"}}), json!(["id"])),
            "annotations": {"readOnlyHint": true}}),
        json!({"name": "acme.orgs.list", "description": "List organizations.",
            "inputSchema": object(json!({"limit": {"type": "integer", "maximum": 100}}), json!([])),
            "annotations": {"readOnlyHint": true}}),
        json!({"name": "acme.users.create", "description": "Create a user.",
            "inputSchema": object(json!({"email": {"type": "string", "format": "email"}}), json!(["email"])),
            "annotations": {"readOnlyHint": false, "destructiveHint": false}}),
        json!({"name": "acme.users.delete", "description": "Delete a user.",
            "inputSchema": object(json!({"id": {"type": "string"}}), json!(["id"])),
            "annotations": {"destructiveHint": true, "idempotentHint": true}}),
        json!({"name": "acme.users.get", "title": "Get a user", "description": "Get one user by id.",
            "inputSchema": object(json!({"id": {"type": "string"}}), json!(["id"])),
            "annotations": {"readOnlyHint": true}}),
    ]
}

const NAMES: [&str; 5] = [
    "acme.orgs.get.json",
    "acme.orgs.list.json",
    "acme.users.create.json",
    "acme.users.delete.json",
    "acme.users.get.json",
];

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[cfg(not(unix))]
fn inode(path: &Path) -> u64 {
    std::fs::metadata(path)
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

#[tokio::test]
async fn every_page_is_pulled_to_one_file_per_tool_and_a_second_pull_is_a_no_op() {
    let server = Server::start(tools(), Paging::Pages).await;
    let scratch = TempCatalog::new("pull-pages");
    let dir = scratch.path().join("acme");

    let first = server.pull(&dir, &[]).await;
    assert_eq!(server.lists.load(Ordering::SeqCst), 3, "three pages");
    assert_eq!(
        first,
        Run {
            code: 0,
            stdout: "wrote DIR/acme.orgs.get.json\n\
                     wrote DIR/acme.orgs.list.json\n\
                     wrote DIR/acme.users.create.json\n\
                     wrote DIR/acme.users.delete.json\n\
                     wrote DIR/acme.users.get.json\n\
                     catalog acme: compatible addition: a minor version (for a 0.x crate, the patch version)\n\
                     tools: 5 added, 0 removed, 0 changed, 0 unchanged\n\
                     \n\
                     + [minor] acme.orgs.get: tool added\n\
                     + [minor] acme.orgs.list: tool added\n\
                     + [minor] acme.users.create: tool added\n\
                     + [minor] acme.users.delete: tool added\n\
                     + [minor] acme.users.get: tool added\n"
                .into(),
            stderr: String::new(),
        }
    );
    assert_eq!(TempCatalog::files(&dir), NAMES);
    assert_eq!(
        std::fs::read_to_string(dir.join("acme.users.get.json")).unwrap(),
        r#"{
  "name": "acme.users.get",
  "title": "Get a user",
  "description": "Get one user by id.",
  "inputSchema": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      }
    },
    "required": [
      "id"
    ]
  },
  "annotations": {
    "readOnlyHint": true
  }
}
"#
    );

    let inodes: Vec<u64> = NAMES.iter().map(|n| inode(&dir.join(n))).collect();
    let second = server.pull(&dir, &[]).await;
    assert_eq!(
        second,
        Run {
            code: 0,
            stdout: "DIR: up to date (5 tools, as URL lists them)\n".into(),
            stderr: String::new(),
        }
    );
    let after: Vec<u64> = NAMES.iter().map(|n| inode(&dir.join(n))).collect();
    assert_eq!(after, inodes, "no file is rewritten");
    assert_eq!(TempCatalog::files(&dir), NAMES);
}

#[tokio::test]
async fn a_tool_no_longer_listed_loses_its_file_and_nothing_else_is_touched() {
    let server = Server::start(tools(), Paging::Pages).await;
    let scratch = TempCatalog::new("pull-removed");
    let dir = scratch.path().to_owned();
    assert_eq!(server.pull(&dir, &[]).await.code, 0);
    let ours = [
        (
            "acme.users.get.patch.json",
            "{\"outputSchema\": {\"type\": \"object\"}}\n",
        ),
        (
            "acme.users.delete.patch.json",
            "{\"description\": \"Delete a user for good.\"}\n",
        ),
        ("catalog.json", "{\"name\": \"acme\"}\n"),
        ("README.md", "# acme\n"),
    ];
    for (name, text) in ours {
        scratch.text(name, text);
    }

    let mut listed = tools();
    listed.remove(3); // acme.users.delete
    listed[1]["annotations"] = json!({"readOnlyHint": false});
    server.publish(listed);
    let run = server.pull(&dir, &[]).await;
    assert_eq!(
        run,
        Run {
            code: 0,
            stdout: "wrote DIR/acme.orgs.list.json\n\
                     removed DIR/acme.users.delete.json\n\
                     catalog acme: breaking: a major version (for a 0.x crate, the minor version)\n\
                     tools: 0 added, 1 removed, 1 changed, 3 unchanged\n\
                     \n\
                     - [major] acme.users.delete: tool removed (its module and types are gone)\n\
                     \n\
                     == acme.orgs.list\n\
                     acme.orgs.list: breaking: a major version (for a 0.x crate, the minor version)\n\
                     requests: the same requests are valid\n\
                     \n\
                     tool:\n\
                     - [major API, wire unchanged] /annotations/readOnlyHint: true → false: the tool may now modify its environment: a caller that runs read-only tools without asking would run it\n\
                     - [major API, wire unchanged] /annotations/destructiveHint: absent (read-only) → absent (default true): the tool may now destroy or overwrite data: a caller that runs additive tools without confirmation would run it\n\
                     - [major API, wire unchanged] /annotations/idempotentHint: absent (read-only) → absent (default false): repeating a call may now have more effect: a caller that retries it freely may repeat a side effect\n"
                .into(),
            stderr: "note: DIR/acme.users.delete.patch.json patches a tool the server no longer lists: remove it (or move it to the tool's new name) before the folder is read again\n".into(),
        }
    );
    let mut expected: Vec<&str> = NAMES.to_vec();
    expected.retain(|n| *n != "acme.users.delete.json");
    expected.extend(ours.iter().map(|(n, _)| *n));
    expected.sort();
    assert_eq!(TempCatalog::files(&dir), expected);
    for (name, text) in ours {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), text);
    }

    // The patch left without its tool stops the next pull until it is dealt with.
    assert_eq!(
        server.pull(&dir, &[]).await,
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "error: DIR/acme.users.delete.patch.json: a patch for \"acme.users.delete\", but the catalog has no such tool\n".into(),
        }
    );
    std::fs::remove_file(dir.join("acme.users.delete.patch.json")).unwrap();
    assert_eq!(server.pull(&dir, &["--check"]).await.code, 0);
}

#[tokio::test]
async fn check_writes_nothing_and_exits_1_until_the_folder_is_what_the_server_lists() {
    let server = Server::start(tools(), Paging::Pages).await;
    let scratch = TempCatalog::new("pull-check");
    let dir = scratch.path().to_owned();

    let missing = server.pull(&dir, &["--check"]).await;
    assert_eq!(missing.code, 1);
    assert!(
        missing
            .stdout
            .starts_with("would write DIR/acme.orgs.get.json\n"),
        "{}",
        missing.stdout
    );
    assert_eq!(TempCatalog::files(&dir), Vec::<String>::new());

    assert_eq!(server.pull(&dir, &[]).await.code, 0);
    assert_eq!(
        server.pull(&dir, &["--check"]).await,
        Run {
            code: 0,
            stdout: "DIR: up to date (5 tools, as URL lists them)\n".into(),
            stderr: String::new(),
        }
    );

    let mut listed = tools();
    listed[0]["description"] = json!("Get one organization.");
    server.publish(listed);
    let before = std::fs::read(dir.join("acme.orgs.get.json")).unwrap();
    assert_eq!(
        server.pull(&dir, &["--check"]).await,
        Run {
            code: 1,
            stdout: "would write DIR/acme.orgs.get.json\n\
                     catalog pull-check: no API change: a patch version\n\
                     tools: 0 added, 0 removed, 1 changed, 4 unchanged\n\
                     \n\
                     == acme.orgs.get\n\
                     acme.orgs.get: no API change: a patch version\n\
                     requests: the same requests are valid\n\
                     \n\
                     tool:\n\
                     - [patch API, wire unchanged] /description: description (what a model reads) changed from \"Get an organization.\" to \"Get one organization.\"\n"
                .replace("pull-check", &dir.file_name().unwrap().to_string_lossy()),
            stderr: String::new(),
        }
    );
    assert_eq!(
        std::fs::read(dir.join("acme.orgs.get.json")).unwrap(),
        before
    );

    // A file that differs only in its layout is not what the server publishes either.
    std::fs::write(
        dir.join("acme.orgs.get.json"),
        serde_json::to_string(&tools()[0]).unwrap(),
    )
    .unwrap();
    server.publish(tools());
    let layout = server.pull(&dir, &["--check"]).await;
    assert_eq!(
        (layout.code, layout.stdout.as_str()),
        (1, "would write DIR/acme.orgs.get.json\n")
    );

    // With --json, standard output is the report alone.
    let mut listed = tools();
    listed[4]["annotations"] = json!({"readOnlyHint": true, "openWorldHint": false});
    server.publish(listed);
    let json_run = server.pull(&dir, &["--check", "--json"]).await;
    assert_eq!(json_run.code, 1);
    assert_eq!(
        json_run.stderr,
        "would write DIR/acme.orgs.get.json\nwould write DIR/acme.users.get.json\n"
    );
    let report: Value = serde_json::from_str(&json_run.stdout).unwrap();
    assert_eq!(
        report["tools"],
        json!([{
            "tool": "acme.users.get",
            "worst": "patch",
            "gate": "patch",
            "requests": "unchanged",
            "responses": "unchanged",
            "wire_breaks": false,
            "changes": [{
                "side": "tool",
                "pointer": "/annotations/openWorldHint",
                "rust": null,
                "api": "patch",
                "wire": "unchanged",
                "breaks": false,
                "exact": true,
                "message": "absent (default true) → false: the tool now promises a closed world",
                "witnesses": [],
            }],
            "status": "changed",
        }])
    );
}

#[tokio::test]
async fn a_server_that_never_stops_paging_is_refused() {
    let scratch = TempCatalog::new("pull-loop");
    let looping = Server::start(tools(), Paging::Loop).await;
    assert_eq!(
        looping.pull(scratch.path(), &[]).await,
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "error: configuration error: tools/list gave the cursor \"again\" twice (a paging loop); giving up\n".into(),
        }
    );
    assert_eq!(looping.lists.load(Ordering::SeqCst), 2);

    let endless = Server::start(tools(), Paging::Endless).await;
    assert_eq!(
        endless.pull(scratch.path(), &[]).await,
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "error: configuration error: tools/list gave more than 100 pages; giving up\n"
                .into(),
        }
    );
    assert_eq!(TempCatalog::files(scratch.path()), Vec::<String>::new());
}

#[tokio::test]
async fn a_listing_that_cannot_be_written_is_refused_whole() {
    let scratch = TempCatalog::new("pull-names");
    let mut listed = tools();
    listed.push(json!({"name": "acme.orgs.get", "inputSchema": {"type": "object"}}));
    listed.push(json!({"name": "../escape", "inputSchema": {"type": "object"}}));
    let server = Server::start(listed, Paging::Pages).await;
    assert_eq!(
        server.pull(scratch.path(), &[]).await,
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "error: the server lists the tool \"acme.orgs.get\" twice\n\
                     error: the tool \"../escape\" cannot be a file name (ASCII letters, digits, `_`, `-` and `.`, at most 128, not starting with `.`, not `catalog` nor ending in `.patch`)\n"
                .into(),
        }
    );
    assert_eq!(TempCatalog::files(scratch.path()), Vec::<String>::new());
}

#[tokio::test]
async fn a_tool_the_generator_cannot_read_is_still_pulled_without_a_diff() {
    let scratch = TempCatalog::new("pull-unreadable");
    let typed = |t: &str| json!({"name": "odd", "inputSchema": {"type": "object", "properties": {"a": {"type": t}}}});
    let server = Server::start(vec![typed("string")], Paging::Pages).await;
    assert_eq!(server.pull(scratch.path(), &[]).await.code, 0);
    server.publish(vec![typed("strnig")]);
    assert_eq!(
        server.pull(scratch.path(), &[]).await,
        Run {
            code: 0,
            stdout: "wrote DIR/odd.json\n".into(),
            stderr: "note: no catalog diff, since a tool cannot be read:\n\
                     new tool \"odd\": schema error at /inputSchema/properties/a/type: unknown type \"strnig\"\n"
                .into(),
        }
    );
    assert_eq!(
        std::fs::read_to_string(scratch.path().join("odd.json")).unwrap(),
        portal_schema::catalog::tool_text(&typed("strnig"))
    );
}

#[tokio::test]
async fn the_credential_header_is_sent_and_can_come_from_the_environment() {
    let scratch = TempCatalog::new("pull-header");
    let server = Server::start(tools(), Paging::Pages).await;
    let check = [
        "--check",
        "--header-from-env",
        "x-api-key=PORTAL_PULL_TEST_KEY",
    ];
    let run = server
        .pull_with(
            scratch.path(),
            &check,
            &[("PORTAL_PULL_TEST_KEY", "sk_test_1")],
        )
        .await;
    assert_eq!(run.code, 1);
    let run = server
        .pull(
            scratch.path(),
            &["--check", "--header", "x-api-key=sk_test_2"],
        )
        .await;
    assert_eq!(run.code, 1);
    let sent: Vec<Option<String>> = server.keys.lock().unwrap().clone();
    let expected: Vec<Option<String>> = ["sk_test_1"; 3]
        .into_iter()
        .chain(["sk_test_2"; 3])
        .map(|k| Some(k.to_owned()))
        .collect();
    assert_eq!(sent, expected);

    let twice = [
        "--header",
        "x-api-key=a",
        "--header-from-env",
        "x-other=PORTAL_PULL_TEST_KEY",
    ];
    let refused = server
        .pull_with(scratch.path(), &twice, &[("PORTAL_PULL_TEST_KEY", "b")])
        .await;
    assert_eq!(
        refused,
        Run {
            code: 2,
            stdout: String::new(),
            stderr: "error: more than one --header or --header-from-env: the client sends one credential header\n".into(),
        }
    );
    let unset = server
        .pull(
            scratch.path(),
            &["--header-from-env", "x-api-key=PORTAL_PULL_TEST_UNSET"],
        )
        .await;
    assert_eq!(
        unset.stderr,
        "error: --header-from-env \"x-api-key=PORTAL_PULL_TEST_UNSET\": PORTAL_PULL_TEST_UNSET is not set\n"
    );
    assert_eq!(server.lists.load(Ordering::SeqCst), 6);
}
