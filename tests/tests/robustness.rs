//! The generator never panics and always emits Rust that parses, whatever schema it is given.
//!
//! Random JSON documents are built from a vocabulary of schema keywords and values (valid ones,
//! wrong types, huge numbers, odd names) by a seeded xorshift generator, so every failure is
//! reproducible from its seed. `PORTAL_ROBUSTNESS_CASES` sets how many documents one run tries
//! (default 3,000 in `cargo test`; `PORTAL_ROBUSTNESS_SECONDS` runs for a time instead).

use serde_json::{Map, Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

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
        | "contains" => schema(rng, depth + 1),
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
        "$ref" => json!(*rng.pick(&[
            "#",
            "#/$defs/a",
            "#/definitions/type",
            "#/$defs/missing",
            "#/properties/a",
            "#/$defs/a%20b",
            "#/items/0",
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

fn tool(rng: &mut Rng) -> (Value, Option<Value>) {
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
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            portal_schema::generate_str(&text, patch_text.as_deref(), &Default::default())
        }));
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
            Ok(Ok(tokens)) => {
                generated += 1;
                if let Err(e) = syn::parse2::<syn::File>(tokens) {
                    panic!(
                        "seed {seed}: emitted code does not parse ({e}) for\n{text}\npatch: {patch_text:?}"
                    );
                }
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
