//! The generator never panics and always emits Rust that parses, whatever schema it is given.
//!
//! Random JSON documents are built from a vocabulary of schema keywords and values (valid ones,
//! wrong types, huge numbers, odd names) by a seeded xorshift generator, so every failure is
//! reproducible from its seed. `PORTAL_ROBUSTNESS_CASES` sets how many documents one run tries
//! (default 3,000 in `cargo test`; `PORTAL_ROBUSTNESS_SECONDS` runs for a time instead).
//!
//! `catch_unwind` cannot see a stack overflow (it aborts the process), so each document is
//! generated on a thread of its own with a small stack ([`STACK`]), named after its seed: a walk
//! whose depth follows the schema aborts the run there, with `thread 'seed N' has overflowed its
//! stack`. Deep `$ref` chains and deep nesting are part of the vocabulary for that reason.

use serde_json::{Map, Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// The stack each document is generated on: 512 KiB, half of 1 MiB, the main-thread stack on
/// Windows and the smallest a `portal` process or a compiler thread plausibly has (rustc runs
/// proc-macros on an 8 MiB thread). The factor of two is the margin, measured in a debug build,
/// whose frames are the largest: the deepest schema the generator accepts, rendered, needs less.
const STACK: usize = 512 * 1024;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NAMES: &[&str] = &[
    "a",
    "type",
    "self",
    "Self",
    "crate",
    "build",
    "fooBar",
    "foo_bar",
    "1st",
    "",
    "café",
    "x-id",
    "__proto__",
    "at",
    "out",
    "deep",
    "value",
    "map",
    "key",
    "Other",
    "maybe_a",
    "a~b/c",
    "名前",
    // Names that are no Rust name, however sanitized.
    " ",
    "a b",
    "\u{a0}",
    "\t",
    "x\r",
    "e\u{301}",
    "\u{200f}",
    "\u{202e}abc",
    "👩\u{200d}💻",
    "\u{200b}",
    "r#type",
    "\u{0}",
];

/// Root names as `--name` or `name:` may give them, good and bad.
const ROOT_NAMES: &[&str] = &[
    "Root", "My Tool", "1st", "type", "Self", "r#x", "", "Café", "_",
];

/// Prose for descriptions and titles: Unicode spaces as indentation, combining marks, RTL marks
/// and text, bidi overrides, emoji, zero-width joiners, lone CRs, tabs, controls.
const PROSE: &[&str] = &[
    " x\n\u{a0}y",
    "\u{a0}\u{a0}\u{a0}\u{a0}indented by NBSP\n  two spaces",
    "\u{3000}ideographic\n\u{2003}em\n\u{2009}thin",
    "e\u{301}\u{301}\u{301} a\u{308} Z\u{335}\u{31b}",
    "\u{200f}שלום עולם\u{200e} mixed مرحبا",
    "\u{202e}desrever\u{202c} and \u{2067}isolate\u{2069}",
    "👩\u{200d}👩\u{200d}👧 🇯🇵 👍🏽 \u{fe0f}",
    "zero\u{200b}width\u{200d}joiner\u{200c}",
    "one\rtwo\r\rthree\r\n",
    "\tcode?\n\t\tmore",
    "bell\u{7} esc\u{1b}[2J osc\u{1b}]52;c;eA==\u{7} csi\u{9b}0m del\u{7f} nul\u{0}",
    "  - `sso` - Launch\u{a0}SSO\n  - `dsync`\u{2003}: Sync",
    "```\n\u{a0}fn main() {}\n```",
    "[link](/path\u{a0}x) https://example.com/\u{301}",
];

const KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "items",
    "enum",
    "const",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "additionalProperties",
    "$ref",
    "$defs",
    "definitions",
    "description",
    "title",
    "default",
    "examples",
    "anyOf",
    "x-secret",
    "x-mcp-header",
    "$schema",
    "deprecated",
    "oneOf",
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "prefixItems",
    "additionalItems",
    "uniqueItems",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "minProperties",
    "maxProperties",
    "contains",
    "$id",
    "$anchor",
    // A keyword no dialect defines (an annotation, whose schemas `$ref`s may still reach) and
    // misspellings of known ones (schema errors with a hint).
    "unknown-keyword",
    "maxLenght",
    "Required",
];
const TYPES: &[&str] = &[
    "object", "string", "integer", "number", "boolean", "array", "null", "thing",
];

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(rng.below(30)),
        3 => json!(-(rng.below(5) as i64)),
        4 => json!(1.5),
        5 => json!(1e300),
        6 => json!(*rng.pick(NAMES)),
        7 => json!(*rng.pick(TYPES)),
        _ => json!(["a", "b", "a"]),
    }
}

fn keyword_value(rng: &mut Rng, key: &str, depth: usize) -> Value {
    if rng.below(20) == 0 {
        return scalar(rng);
    }
    match key {
        "type" if rng.below(4) == 0 => json!([*rng.pick(TYPES), *rng.pick(TYPES)]),
        "type" => json!(*rng.pick(TYPES)),
        "properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas" => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                m.insert(rng.pick(NAMES).to_string(), schema(rng, depth + 1));
            }
            Value::Object(m)
        }
        "required" => json!(
            (0..rng.below(3))
                .map(|_| *rng.pick(NAMES))
                .collect::<Vec<_>>()
        ),
        "items" if rng.below(4) == 0 => json!([schema(rng, depth + 1), schema(rng, depth + 1)]),
        "items"
        | "additionalProperties"
        | "not"
        | "if"
        | "then"
        | "else"
        | "propertyNames"
        | "additionalItems"
        | "contains"
        | "unknown-keyword" => schema(rng, depth + 1),
        "prefixItems" | "allOf" | "oneOf" => {
            json!(
                (0..rng.below(3))
                    .map(|_| schema(rng, depth + 1))
                    .collect::<Vec<_>>()
            )
        }
        "dependentRequired" | "dependencies" => {
            let mut m = Map::new();
            for _ in 0..rng.below(3) {
                let value = if rng.below(3) == 0 {
                    schema(rng, depth + 1)
                } else {
                    json!([*rng.pick(NAMES)])
                };
                m.insert(rng.pick(NAMES).to_string(), value);
            }
            Value::Object(m)
        }
        "uniqueItems" => json!(rng.below(2) == 0),
        "const" if rng.below(2) == 0 => json!({"k": [1, null, scalar(rng)]}),
        "enum" => json!((0..rng.below(4)).map(|_| scalar(rng)).collect::<Vec<_>>()),
        "pattern" => json!(*rng.pick(&[
            "^a+$",
            "[",
            "\\d{2,}",
            "(?<n>x)\\k<n>",
            "\\p{L}",
            "\\-",
            "\"\\u{0}"
        ])),
        "format" => json!(*rng.pick(&["email", "uri", "uuid", "date", "date-time", "ipv4"])),
        "description" | "title" => json!(*rng.pick(PROSE)),
        "$ref" => json!(*rng.pick(&[
            "#",
            "#/$defs/a",
            "#/definitions/type",
            "#/$defs/missing",
            "#/properties/a",
            "#/$defs/a%20b",
            "#/items/0",
            "#/unknown-keyword",
            "#anchor",
            "other.json#/x"
        ])),
        "anyOf" => json!([schema(rng, depth + 1), schema(rng, depth + 1)]),
        "$schema" => json!(*rng.pick(&[
            "https://json-schema.org/draft/2020-12/schema",
            "http://json-schema.org/draft-07/schema#",
            "x"
        ])),
        _ => scalar(rng),
    }
}

fn schema(rng: &mut Rng, depth: usize) -> Value {
    if depth > 4 || rng.below(10) == 0 {
        return if rng.below(2) == 0 {
            json!(rng.below(4) != 0)
        } else {
            json!({"type": *rng.pick(TYPES)})
        };
    }
    let mut m = Map::new();
    if rng.below(3) != 0 {
        m.insert(
            "type".into(),
            json!(*rng.pick(&["object", "string", "array", "integer"])),
        );
    }
    for _ in 0..rng.below(4) {
        // Mostly keywords that fit the type, so that many documents get through to emission.
        let key = if rng.below(3) == 0 {
            *rng.pick(KEYWORDS)
        } else {
            *rng.pick(&KEYWORDS[..8])
        };
        let value = keyword_value(rng, key, depth);
        m.insert(key.into(), value);
    }
    Value::Object(m)
}

/// A schema `depth` levels deep, each level one of `properties`, `items`, `allOf`, `not` or a hop
/// through `$defs` by `$ref`, with the definitions it uses in `defs`.
fn deep(rng: &mut Rng, depth: usize, defs: &mut Map<String, Value>) -> Value {
    let mut s = json!({"type": "string", "description": *rng.pick(PROSE)});
    for level in 0..depth {
        s = match rng.below(5) {
            0 => json!({"type": "object", "properties": {*rng.pick(NAMES): s}}),
            1 => json!({"type": "array", "items": s}),
            2 => json!({"allOf": [s, {"minLength": 1}]}),
            3 => json!({"not": {"not": s}}),
            _ => {
                let name = format!("d{level}");
                defs.insert(name.clone(), s);
                json!({"$ref": format!("#/$defs/{name}")})
            }
        };
    }
    s
}

/// A `$ref` chain `links` long: `a0` → `a1` → ... → a string.
fn chain(links: usize, defs: &mut Map<String, Value>) -> Value {
    for i in 0..links {
        defs.insert(
            format!("a{i}"),
            json!({"$ref": format!("#/$defs/a{}", i + 1)}),
        );
    }
    defs.insert(format!("a{links}"), json!({"type": "string"}));
    json!({"$ref": "#/$defs/a0"})
}

/// A document whose depth is the point: near the limit, past it, or far past it.
fn deep_tool(rng: &mut Rng) -> Value {
    let mut defs = Map::new();
    let depth = *rng.pick(&[8, 20, 29, 30, 31, 32, 33, 40, 64, 100]);
    let x = match rng.below(3) {
        0 => chain(*rng.pick(&[29, 30, 31, 100, 5_000, 20_000]), &mut defs),
        _ => deep(rng, depth, &mut defs),
    };
    json!({"type": "object", "properties": {"x": x}, "$defs": defs})
}

fn tool(rng: &mut Rng) -> (Value, Option<Value>) {
    if rng.below(15) == 0 {
        return (deep_tool(rng), None);
    }
    let mut input = schema(rng, 0);
    if rng.below(2) == 0
        && let Value::Object(m) = &mut input
    {
        m.insert("type".into(), json!("object"));
        let mut props = Map::new();
        for _ in 0..1 + rng.below(4) {
            props.insert(rng.pick(NAMES).to_string(), schema(rng, 1));
        }
        m.insert("properties".into(), Value::Object(props));
    }
    let document = match rng.below(3) {
        0 => input,
        // Tool names: ordinary ones, and the odd names (which the root type's name derives from).
        1 => json!({"name": *rng.pick(NAMES), "inputSchema": input}),
        _ => json!({"name": *rng.pick(&["a.b.create", "x", "things.list"]), "inputSchema": input,
                    "x-http": {"method": "POST", "path": "/x"}}),
    };
    let patch = match rng.below(4) {
        0 => {
            Some(json!({"inputSchema": {"required": ["a"], "properties": {"a": {"maxLength": 3}}}}))
        }
        1 => Some(scalar(rng)),
        _ => None,
    };
    (document, patch)
}

#[test]
fn generation_never_panics_and_emits_parsable_rust() {
    let cases: u64 = std::env::var("PORTAL_ROBUSTNESS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    let deadline = std::env::var("PORTAL_ROBUSTNESS_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(|s| Instant::now() + Duration::from_secs(s));
    let (mut generated, mut refused) = (0u64, 0u64);
    let mut seed = 0u64;
    loop {
        seed += 1;
        match deadline {
            Some(d) if Instant::now() >= d => break,
            None if seed > cases => break,
            _ => {}
        }
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (document, patch) = tool(&mut rng);
        let text = document.to_string();
        let patch_text = patch.as_ref().map(Value::to_string);
        let options = portal_schema::Options {
            root_name: (rng.below(8) == 0).then(|| rng.pick(ROOT_NAMES).to_string()),
            ..Default::default()
        };
        let (input, input_patch) = (text.clone(), patch_text.clone());
        let outcome = std::thread::Builder::new()
            .name(format!("seed {seed}"))
            .stack_size(STACK)
            .spawn(move || {
                catch_unwind(AssertUnwindSafe(|| {
                    let mut config = portal_schema::Config::new();
                    config.options(options);
                    if let Some(patch) = input_patch {
                        config.patch_str(patch);
                    }
                    config.generate_str(&input).map(|tokens| {
                        let parsed = syn::parse2::<syn::File>(tokens.clone());
                        (parsed.map(|_| ()), portal_schema::render(&tokens))
                    })
                }))
            })
            .unwrap()
            .join()
            .unwrap();
        match outcome {
            Err(_) => {
                panic!("seed {seed}: the generator panicked on\n{text}\npatch: {patch_text:?}")
            }
            Ok(Err(errors)) => {
                refused += 1;
                for e in &errors.0 {
                    let shown = e.to_string();
                    assert!(
                        shown.starts_with("schema error at "),
                        "seed {seed}: {shown}"
                    );
                    assert!(
                        !e.message.ends_with('.'),
                        "seed {seed}: message ends with a period: {shown}"
                    );
                }
            }
            Ok(Ok((parsed, rendered))) => {
                generated += 1;
                if let Err(e) = parsed {
                    panic!(
                        "seed {seed}: emitted code does not parse ({e}) for\n{text}\npatch: {patch_text:?}"
                    );
                }
                // rustc refuses a bare CR in a doc comment and bidi overrides anywhere.
                assert!(
                    !rendered.chars().any(|c| c == '\r'
                        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
                    "seed {seed}: the rendered code holds a bare CR or a bidi override for\n{text}"
                );
            }
        }
    }
    eprintln!(
        "robustness: {} documents, {generated} generated, {refused} refused with schema errors",
        seed - 1
    );
    assert!(
        generated > 0 && refused > 0,
        "the corpus should exercise both outcomes"
    );
}
