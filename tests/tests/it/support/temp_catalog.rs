//! [`TempCatalog`]: a folder of its own under the system's temporary folder, removed when
//! dropped, written a file at a time as a catalog folder is (tools, patches, `catalog.json`).
//! The tests that run the `portal` binary (`pull`, `catalog_diff`), read catalog folders
//! (`catalogs`) or keep a git repository (`catalog_diff`) all start from one.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A temporary folder, removed with everything in it when dropped.
pub struct TempCatalog(PathBuf);

impl TempCatalog {
    /// A fresh, empty folder named for `name` and this process: two test binaries running at
    /// once do not share it, and what a killed run left behind is cleared first.
    pub fn new(name: &str) -> TempCatalog {
        TempCatalog::fresh(
            std::env::temp_dir().join(format!("portal-it-{name}-{}", std::process::id())),
        )
    }

    /// A fresh, empty folder at `relative` inside this one (its parents made as needed),
    /// removed when dropped.
    pub fn folder(&self, relative: &str) -> TempCatalog {
        TempCatalog::fresh(self.0.join(relative))
    }

    fn fresh(path: PathBuf) -> TempCatalog {
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempCatalog(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `tool` as `<its name>.json`.
    pub fn tool(&self, tool: &Value) -> &Self {
        let name = tool["name"].as_str().expect("a tool has a name");
        self.json(&format!("{name}.json"), tool)
    }

    /// Writes `patch` as `<tool>.patch.json`.
    pub fn patch(&self, tool: &str, patch: &Value) -> &Self {
        self.json(&format!("{tool}.patch.json"), patch)
    }

    /// Writes the catalog's facts as `catalog.json`.
    pub fn facts(&self, facts: &Value) -> &Self {
        self.json("catalog.json", facts)
    }

    /// Writes `value` as `file`, laid out as `portal pull` writes a tool (so a folder written
    /// here reads as one the CLI wrote), whatever the file's name says it is.
    pub fn json(&self, file: &str, value: &Value) -> &Self {
        self.text(file, &portal_schema::catalog::tool_text(value))
    }

    /// Writes `text` as `file`, byte for byte.
    pub fn text(&self, file: &str, text: &str) -> &Self {
        std::fs::write(self.0.join(file), text).unwrap();
        self
    }

    /// The names of the files in `dir`, sorted.
    pub fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempCatalog {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
