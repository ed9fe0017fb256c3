//! Every tool schema the tests and benches expand, in one table, each expanded here once.
//!
//! [`FIXTURES`] lists each one with its file, its root type and what reads it; the module of the
//! same name holds its bindings. The snapshot, differential, fixture and schemars tests and the
//! benches read the table and use these modules instead of expanding `tool!` themselves, so a
//! root name is written once and every test sees the same bindings.
//!
//! The WorkOS tool (the seed) is the exception: its bindings are the runtime's own, so the table
//! names its files ([`SEED`]) and the tests use those bindings.
//!
//! The module is compiled under `deny(warnings)` (set where it is declared): the generated code of
//! every fixture must compile without a warning.

use std::path::PathBuf;

use serde_json::Value;

/// What reads a fixture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// `it/snapshots.rs`: its rendered bindings are pinned by a snapshot.
    Snapshot,
    /// `it/differential.rs`: random instances, each decoded three ways, agree with `jsonschema`.
    Differential,
    /// `it/fixtures.rs`: exact wire JSON and exact violation texts.
    Behaviour,
    /// `it/json_schema.rs`: `schemars::JsonSchema` of the root type equals the source schema.
    Schemars,
    /// A bench in `benches/`.
    Bench,
    /// `it/pattern.rs`: patterns that make a backtracking engine take minutes.
    Pattern,
    /// `it/validation.rs`: exact and linear validation, path parameters.
    Validation,
    /// `it/mcp.rs`: the tool served by the MCP peer.
    Mcp,
}

/// A tool schema the tests expand.
#[derive(Debug)]
pub struct Fixture {
    /// The module of its bindings in [`crate::fixtures`], and its name in snapshot files.
    pub name: &'static str,
    /// The tool file, relative to the `portal-tests` crate.
    pub file: &'static str,
    /// The `name` given to `tool!`; `None` when the root type is named from the tool.
    pub root_name: Option<&'static str>,
    /// The root type of the bindings.
    pub root: &'static str,
    /// What reads it.
    pub uses: &'static [Use],
}

impl Fixture {
    /// The tool file's path.
    pub fn path(&self) -> PathBuf {
        crate_dir().join(self.file)
    }

    /// The tool file as JSON.
    pub fn tool(&self) -> Value {
        read_json(self.file)
    }

    /// The tool's `inputSchema`.
    pub fn input_schema(&self) -> Value {
        self.tool()["inputSchema"].clone()
    }

    /// Whether `purpose` reads it.
    pub fn is_for(&self, purpose: Use) -> bool {
        self.uses.contains(&purpose)
    }
}

/// The WorkOS tool, whose bindings are the runtime's: the files, relative to the `portal-tests`
/// crate.
#[derive(Debug)]
pub struct Seed {
    /// The tool as published.
    pub file: &'static str,
    /// The merge patch applied to it before generation.
    pub patch: &'static str,
}

impl Seed {
    /// The tool file's path.
    pub fn path(&self) -> PathBuf {
        crate_dir().join(self.file)
    }

    /// The patch file's path.
    pub fn patch_path(&self) -> PathBuf {
        crate_dir().join(self.patch)
    }
}

/// The WorkOS tool.
pub const SEED: Seed = Seed {
    file: "../portal-workos/schemas/workos/portal.generate_link.create.json",
    patch: "../portal-workos/schemas/workos/portal.generate_link.create.patch.json",
};

/// The fixture of that name.
///
/// # Panics
///
/// When the table has none: a test naming a fixture must find it here.
pub fn by_name(name: &str) -> &'static Fixture {
    FIXTURES
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name} in portal_tests::fixtures::FIXTURES"))
}

/// The fixtures read by `purpose`, in table order.
pub fn used_for(purpose: Use) -> impl Iterator<Item = &'static Fixture> {
    FIXTURES.iter().filter(move |f| f.is_for(purpose))
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(file: &str) -> Value {
    let path = crate_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// One `tool!` call: `name` gives the root type its name, `unnamed` lets the tool name it.
macro_rules! expand {
    (name $file:literal $root:ident) => {
        portal_macros::tool! { schema: $file, name: $root }
    };
    (unnamed $file:literal $root:ident) => {
        portal_macros::tool! { schema: $file }
    };
    (annotated $file:literal $root:ident) => {
        portal_macros::tool! { schema: $file, name: $root, formats = "annotate" }
    };
    (@root_name name $root:ident) => {
        Some(stringify!($root))
    };
    (@root_name unnamed $root:ident) => {
        None
    };
    (@root_name annotated $root:ident) => {
        Some(stringify!($root))
    };
}

/// The modules and the table from one list, so that the two cannot drift apart.
macro_rules! fixtures {
    ($(
        $(#[doc = $doc:literal])*
        $module:ident: $file:literal, $how:ident $root:ident, [$($purpose:ident),* $(,)?];
    )*) => {
        $(
            $(#[doc = $doc])*
            pub mod $module {
                expand!($how $file $root);
            }
            // The table's root is a type of the bindings.
            const _: Option<$module::$root> = None;
        )*

        /// Every fixture, with what reads it.
        pub const FIXTURES: &[Fixture] = &[$(
            Fixture {
                name: stringify!($module),
                file: $file,
                root_name: expand!(@root_name $how $root),
                root: stringify!($root),
                uses: &[$(Use::$purpose),*],
            },
        )*];
    };
}

fixtures! {
    /// `fixtures/renamed_emails.json`: the upstream change that renamed `admin_emails`.
    renamed_emails: "fixtures/renamed_emails.json", name RenamedEmails,
        [Snapshot, Differential, Behaviour, Schemars];
    /// `fixtures/email_format.json`: the upstream change that added `format: email`.
    email_format: "fixtures/email_format.json", name EmailFormat,
        [Snapshot, Differential, Behaviour, Schemars];
    /// `fixtures/no_intent_options.json`: the upstream change that removed `intent_options`.
    no_intent_options: "fixtures/no_intent_options.json", name NoIntentOptions,
        [Snapshot, Differential, Behaviour, Schemars];
    /// `fixtures/nested_options.json`: the upstream change that added nested `intent_options`.
    nested_options: "fixtures/nested_options.json", name NestedOptions,
        [Snapshot, Differential, Behaviour, Schemars];
    /// `fixtures/refs_layout.json`: the upstream `$ref`/`$defs` layout, the root type named from
    /// the tool.
    refs_layout: "fixtures/refs_layout.json", unnamed GenerateLink,
        [Snapshot, Differential, Behaviour, Schemars];
    /// `fixtures/hard_names.json`: property names and enum values that are not Rust identifiers.
    hard_names: "fixtures/hard_names.json", name HardNames,
        [Snapshot, Differential, Behaviour, Schemars];
    /// `fixtures/constraints.json`: one property per kind of constraint the generator enforces.
    constraints: "fixtures/constraints.json", name Constraints,
        [Snapshot, Differential, Behaviour, Schemars];
    /// `fixtures/search_tickets.json` (draft-07): a list of types, a mixed enum, `uniqueItems`,
    /// `patternProperties`, `anyOf`, a tuple and a recursive `oneOf`.
    search_tickets: "fixtures/search_tickets.json", name Search,
        [Snapshot, Differential, Schemars, Bench];
    /// `fixtures/deploy_service.json` (2020-12): `prefixItems`, `propertyNames`, `oneOf` with a
    /// `const` object and a `not`, `dependentRequired`, `if`/`then`.
    deploy_service: "fixtures/deploy_service.json", name Deploy,
        [Snapshot, Differential, Schemars];
    /// `fixtures/invite_user.json`: a struct with object-level `anyOf`, `if`/`then`/`else` and
    /// `dependentRequired`, checked beside its fields.
    invite_user: "fixtures/invite_user.json", name Invite,
        [Snapshot, Differential, Behaviour];
    /// `fixtures/formats.json`: one property per format of the 2020-12 vocabulary, and unknown
    /// formats.
    formats: "fixtures/formats.json", name Schedule,
        [Snapshot, Behaviour];
    /// The same in annotation mode (`formats = "annotate"`): formats are documented, not checked.
    formats_annotated: "fixtures/formats.json", annotated Schedule,
        [Behaviour];
    /// `fixtures/big_integers.json`: integers whose bounds need `u64`, `i128` or an exact number.
    big_integers: "fixtures/big_integers.json", name BigIntegers,
        [Snapshot, Behaviour];
    /// `fixtures/evaluated.json`: `contains`, `unevaluatedProperties` and `unevaluatedItems`.
    evaluated: "fixtures/evaluated.json", name Label,
        [Snapshot, Differential, Behaviour];
    /// `fixtures/unions.json`: unions by JSON type, by tag and by required properties, a nullable
    /// `anyOf`, an empty object, a `const` string, and a union no rule separates.
    unions: "fixtures/unions.json", name Adopt,
        [Snapshot, Differential, Behaviour, Bench];
    /// `fixtures/no_arguments.json`: a tool without arguments (`"properties": {}`).
    no_arguments: "fixtures/no_arguments.json", name Ping,
        [Snapshot, Differential, Behaviour];
    /// `fixtures/pattern/pathological.json`: patterns that make a backtracking engine take
    /// exponential or quadratic time.
    pathological: "fixtures/pattern/pathological.json", name Pathological,
        [Pattern, Bench];
    /// `validation/readings.json`: every numeric shape the generator emits for JSON numbers, and
    /// path parameters.
    readings: "validation/readings.json", name Reading,
        [Validation];
    /// `ui/schemas/output.json`, the ping tool of the ui cases: its `echo` property has
    /// `x-mcp-header: Echo`.
    ping: "ui/schemas/output.json", name Ping,
        [Mcp];
}
