//! Differential property test: for the seed, every fixture schema and the realistic tool schemas
//! among the fixtures (`search_tickets`, draft-07; `deploy_service`, 2020-12), random instances
//! (`invite_user`, a struct with object-level `anyOf`, `if`/`then`/`else` and `dependentRequired`)
//! drawn from the schema itself (valid-biased, a third of them then mutated) go through the
//! generated entry points and through the `jsonschema` crate, with formats asserted. The three
//! entry points (`from_json_value`, `from_json` on the text, serde then `validate`) must each give
//! the oracle's verdict on every instance.
//!
//! For a draft-07 schema, its 2020-12 form (what the types report through schemars) must give the
//! oracle the same verdicts.
//!
//! `PORTAL_DIFFERENTIAL_INSTANCES` sets the count per schema (10,000 by default). A failure prints
//! the schema, the instance and both verdicts.
#![deny(warnings)]

use portal_runtime::prelude::*;
use serde_json::{Map, Value, json};

use crate::rng;
use rng::Rng;

use portal_tests::fixtures::{
    Use, constraints, deploy_service, email_format, evaluated, hard_names, invite_user,
    nested_options, no_arguments, no_intent_options, refs_layout, renamed_emails, search_tickets,
    unions,
};

/// Strings that match the fixtures' patterns, and some that nearly do.
const PATTERN_SAMPLES: &[(&str, &[&str], &[&str])] = &[
    (
        r"^[A-Z]{3}-\d+$",
        &["ABC-1", "ZZZ-0042"],
        &["AB-1", "ABC-", "abc-1"],
    ),
    (
        r"^[A-Z_][A-Z0-9_]*$",
        &["PATH", "_X1", "LOG_LEVEL"],
        &["1X", "lower"],
    ),
    (
        r"^[a-z][a-z0-9-]*$",
        &["vip", "tier-2", "a"],
        &["Vip", "-x"],
    ),
    (
        r"^[a-z][a-z0-9-]{1,38}$",
        &["api", "billing-v2"],
        &["a", "Api"],
    ),
    (
        r"^cursor_[A-Za-z0-9]+$",
        &["cursor_abc123", "cursor_Z9"],
        &["cursor_", "cursor-1"],
    ),
    (r"^x-[a-z]+$", &["x-team", "x-region"], &["x-", "x-Team"]),
    (
        r"^\+[0-9]{8,15}$",
        &["+4915112345678", "+12025550123"],
        &["4915112345678", "+12"],
    ),
];

const STRINGS: &[&str] = &["", "a", "ab", "héllo", "😀", "org_123", "a\u{0}b", "  "];

/// Strings of each format: some valid, some not.
const FORMAT_SAMPLES: &[(&str, &[&str], &[&str])] = &[
    (
        "email",
        &[
            "ops@example.com",
            "first.last@sub.example.org",
            "\"quoted\"@example.com",
        ],
        &["bad@", "@example.com", "a..b@example.com"],
    ),
    (
        "uri",
        &[
            "https://example.com/return",
            "urn:isbn:0451450523",
            "mailto:ops@example.com",
        ],
        &["/relative/path", "https://exa mple.com"],
    ),
    (
        "uuid",
        &[
            "2eb8aa08-aa98-11ea-b4aa-73b441d16380",
            "2EB8AA08-AA98-11EA-B4AA-73B441D16380",
        ],
        &[
            "2eb8aa08aa9811eab4aa73b441d16380",
            "2eb8aa08-aa98-11ea-b4aa-73b441d1638",
        ],
    ),
    (
        "date",
        &["2024-02-29", "0001-01-01"],
        &["2023-02-29", "2024-13-01", "2024-1-01"],
    ),
    (
        "date-time",
        &[
            "2024-05-01T12:30:00Z",
            "2024-05-01T12:30:00.5+02:00",
            "1998-12-31T23:59:60Z",
        ],
        &[
            "2024-05-01T24:00:00Z",
            "2024-05-01 12:30:00Z",
            "2024-05-01T12:30:00",
        ],
    ),
];

/// Draws instances from a schema.
struct Gen<'a> {
    root: &'a Value,
    rng: Rng,
    /// Every string literal of the schema (enum values, consts, property names).
    literals: Vec<String>,
}

fn collect_literals(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_literals(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                collect_literals(x, out);
            }
        }
        _ => {}
    }
}

impl Gen<'_> {
    fn junk(&mut self) -> Value {
        let choices = [
            Value::Null,
            json!(true),
            json!(0),
            json!(-1),
            json!(2.5),
            json!(1e15),
            json!("7"),
            json!([]),
            json!([1, 1]),
            json!({}),
            json!({"k": null}),
        ];
        self.rng.draw(&choices)
    }

    fn resolve(&self, r: &str) -> Option<&Value> {
        let pointer = r.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    fn string(&mut self, schema: &Map<String, Value>) -> Value {
        let good = self.rng.chance(85);
        let mut samples: Option<&[&str]> = None;
        if let Some(f) = schema.get("format").and_then(Value::as_str) {
            for (format, valid, invalid) in FORMAT_SAMPLES {
                if *format == f {
                    samples = Some(if good { valid } else { invalid });
                }
            }
        }
        if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
            for (pattern, valid, invalid) in PATTERN_SAMPLES {
                if *pattern == p {
                    samples = Some(if good { valid } else { invalid });
                }
            }
        }
        if let Some(samples) = samples
            && !self.rng.chance(5)
        {
            return json!(self.rng.draw(samples));
        }
        if !good {
            let mut pool: Vec<String> = STRINGS.iter().map(|s| s.to_string()).collect();
            pool.extend(self.literals.iter().cloned());
            pool.push("x".repeat(300));
            return Value::String(self.rng.draw(&pool));
        }
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map_or(min + 6, |m| m as usize);
        let len = min + self.rng.below(max.saturating_sub(min).min(12) + 1);
        let alphabet = ['a', 'z', 'é', '😀', '-', '_', 'Q', '7', '\u{0}'];
        Value::String((0..len).map(|_| self.rng.draw(&alphabet)).collect())
    }

    fn number(&mut self, schema: &Map<String, Value>, integer: bool) -> Value {
        let get = |k: &str| schema.get(k).and_then(Value::as_f64);
        let low = get("minimum").or(get("exclusiveMinimum")).unwrap_or(-20.0);
        let high = get("maximum")
            .or(get("exclusiveMaximum"))
            .unwrap_or(low + 40.0);
        let span = (high - low).max(1.0);
        let n = if self.rng.chance(85) {
            // Inside the bounds, on the grid of multipleOf (or of 1 for integers).
            let step = get("multipleOf").unwrap_or(if integer || self.rng.chance(50) {
                1.0
            } else {
                0.125
            });
            let first = (low / step).ceil();
            let count = ((high / step).floor() - first).max(0.0) as usize;
            let k = first + self.rng.below(count + 1) as f64;
            let n = k * step;
            if n == low && get("exclusiveMinimum").is_some()
                || n == high && get("exclusiveMaximum").is_some()
            {
                (low + high) / 2.0
            } else {
                n
            }
        } else {
            let candidates = [
                low,
                high,
                low - 1.0,
                high + 1.0,
                low + span * 0.37,
                1e15,
                -0.5,
            ];
            self.rng.draw(&candidates)
        };
        if n.fract() == 0.0 && n.abs() < 1e15 && !self.rng.chance(10) {
            json!(n as i64)
        } else {
            json!(n)
        }
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        let map = match schema {
            Value::Object(m) => m,
            _ => return self.junk(),
        };
        if let Some(r) = map.get("$ref").and_then(Value::as_str)
            && let Some(target) = self.resolve(r).cloned()
            && depth < 6
            && !self.rng.chance(3)
        {
            return self.value(&target, depth + 1);
        }
        if let Some(Value::Array(values)) = map.get("enum")
            && !values.is_empty()
            && !self.rng.chance(5)
        {
            return self.rng.draw(values);
        }
        if let Some(c) = map.get("const")
            && !self.rng.chance(5)
        {
            return c.clone();
        }
        for key in ["oneOf", "anyOf"] {
            // A branch stands for the schema when the schema is nothing but branches.
            if let Some(Value::Array(branches)) = map.get(key)
                && !branches.is_empty()
                && !map.contains_key("type")
                && !map.contains_key("properties")
            {
                let branch = self.rng.draw(branches);
                return self.value(&branch, depth + 1);
            }
        }
        let ty = match map.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(ts)) if !ts.is_empty() => {
                self.rng.draw(ts).as_str().unwrap_or("null").to_owned()
            }
            _ if map.contains_key("properties") => "object".to_owned(),
            _ if map.contains_key("items") || map.contains_key("prefixItems") => "array".to_owned(),
            _ => return self.junk(),
        };
        if self.rng.chance(2) {
            return self.junk();
        }
        match ty.as_str() {
            "string" => self.string(map),
            "integer" => self.number(map, true),
            "number" => self.number(map, false),
            "boolean" => json!(self.rng.chance(50)),
            "null" => Value::Null,
            "array" => self.array(map, depth),
            "object" => self.object(map, depth),
            _ => self.junk(),
        }
    }

    fn array(&mut self, map: &Map<String, Value>, depth: usize) -> Value {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = map
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(min + 3, |m| m as usize);
        let len = if depth > 4 {
            min
        } else {
            min + self.rng.below(max.saturating_sub(min) + 2)
        };
        let prefix: Vec<Value> = match (map.get("prefixItems"), map.get("items")) {
            (Some(Value::Array(p)), _) | (None, Some(Value::Array(p))) => p.clone(),
            _ => Vec::new(),
        };
        let rest = match map.get("items") {
            Some(s @ (Value::Object(_) | Value::Bool(_))) => s.clone(),
            _ => map
                .get("additionalItems")
                .cloned()
                .unwrap_or(Value::Bool(true)),
        };
        let mut items = Vec::new();
        for i in 0..len.min(8) {
            let schema = prefix.get(i).cloned().unwrap_or_else(|| rest.clone());
            items.push(self.value(&schema, depth + 1));
        }
        Value::Array(items)
    }

    fn object(&mut self, map: &Map<String, Value>, depth: usize) -> Value {
        let empty = Map::new();
        let properties = map
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        for (name, schema) in properties {
            let wanted = if required.contains(&name.as_str()) {
                !self.rng.chance(2)
            } else {
                depth < 4 && self.rng.chance(45)
            };
            if wanted {
                let v = self.value(schema, depth + 1);
                out.insert(name.clone(), v);
            }
        }
        if let Some(Value::Object(patterns)) = map.get("patternProperties") {
            for (pattern, schema) in patterns {
                if self.rng.chance(40) {
                    let keys: Vec<&str> = PATTERN_SAMPLES
                        .iter()
                        .filter(|(p, _, _)| p == pattern)
                        .flat_map(|(_, good, bad)| good.iter().chain(bad.iter()).copied())
                        .collect();
                    if !keys.is_empty() {
                        let key = self.rng.draw(&keys).to_owned();
                        let v = self.value(schema, depth + 1);
                        out.insert(key, v);
                    }
                }
            }
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            Some(schema @ Value::Object(_)) => {
                if self.rng.chance(40) {
                    let names = map
                        .get("propertyNames")
                        .and_then(|n| n.get("pattern"))
                        .and_then(Value::as_str)
                        .and_then(|p| PATTERN_SAMPLES.iter().find(|(q, _, _)| *q == p))
                        .map_or(&["extra", "LOG_LEVEL"][..], |(_, good, _)| *good);
                    let key = self.rng.draw(names).to_owned();
                    let v = self.value(schema, depth + 1);
                    out.insert(key, v);
                }
            }
            _ => {
                if self.rng.chance(5) {
                    out.insert("unexpected".into(), self.junk());
                }
            }
        }
        Value::Object(out)
    }

    /// Changes one random place of `v`.
    fn mutate(&mut self, v: &mut Value) {
        match v {
            Value::Object(m) if !m.is_empty() && self.rng.chance(70) => {
                let keys: Vec<String> = m.keys().cloned().collect();
                let key = self.rng.draw(&keys);
                match self.rng.below(4) {
                    0 => {
                        m.shift_remove(&key);
                    }
                    1 => {
                        let junk = self.junk();
                        m.insert(key, junk);
                    }
                    2 => {
                        let name = self.rng.draw(&self.literals.clone());
                        let junk = self.junk();
                        m.insert(name, junk);
                    }
                    _ => {
                        if let Some(inner) = m.get_mut(&key) {
                            self.mutate(inner);
                        }
                    }
                }
            }
            Value::Array(a) if !a.is_empty() && self.rng.chance(70) => match self.rng.below(3) {
                0 => {
                    let first = a[0].clone();
                    a.push(first);
                }
                1 => {
                    a.pop();
                }
                _ => {
                    let i = self.rng.below(a.len());
                    self.mutate(&mut a[i]);
                }
            },
            Value::String(s) => {
                let choices = [
                    String::new(),
                    format!("{s}{s}"),
                    s.to_uppercase(),
                    "x".repeat(300),
                ];
                *s = self.rng.draw(&choices);
            }
            Value::Number(_) => {
                let choices = [json!(0), json!(-1), json!(0.5), json!(1001), json!(7.0)];
                *v = self.rng.draw(&choices);
            }
            other => *other = self.junk(),
        }
    }
}

fn read(rel: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn instances() -> usize {
    std::env::var("PORTAL_DIFFERENTIAL_INSTANCES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// Runs `count` instances of `schema` against `T` and the oracle.
fn differential<T: FromJson>(name: &str, schema: &Value, seed: u64) {
    let oracle = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles");
    // What a draft-07 type reports through schemars (in 2020-12 terms) must mean the same.
    let translated = (schema["$schema"] == "http://json-schema.org/draft-07/schema#").then(|| {
        jsonschema::options()
            .should_validate_formats(true)
            .build(&portal_schema::dialect::to_draft2020(schema))
            .expect("the translated schema compiles")
    });
    let mut literals = Vec::new();
    collect_literals(schema, &mut literals);
    let mut g = Gen {
        root: schema,
        rng: Rng(seed),
        literals,
    };
    let total = instances();
    let (mut valid, mut failures) = (0, Vec::new());
    for i in 0..total {
        let mut value = g.value(schema, 0);
        if i % 3 == 0 {
            g.mutate(&mut value);
        }
        let theirs = oracle.is_valid(&value);
        if let Some(translated) = &translated {
            assert_eq!(
                translated.is_valid(&value),
                theirs,
                "2020-12 form of {name} on {value}"
            );
        }
        valid += usize::from(theirs);
        let ours = [
            T::from_json_value(&value).is_ok(),
            T::from_json(&value.to_string()).is_ok(),
            serde_json::from_value::<T>(value.clone()).is_ok_and(|t| t.validate().is_ok()),
        ];
        if ours.iter().any(|v| *v != theirs) {
            failures.push(format!(
                "instance: {value}\n  jsonschema: {}\n  portal [from_json_value, from_json, serde+validate]: {ours:?}{}",
                if theirs { "valid" } else { "invalid" },
                T::from_json_value(&value)
                    .err()
                    .map_or(String::new(), |e| format!("\n  {}", e.to_string().replace('\n', "\n  ")))
            ));
        }
    }
    println!(
        "{name}: {total} instances, {valid} valid, {} disagreements",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{name}: {} disagreements\nschema: {schema}\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Both verdicts are well represented, or the comparison proves little.
    assert!(
        valid * 20 > total && valid * 20 < total * 19,
        "{name}: {valid} valid of {total}"
    );
}

/// The input schema of a fixture of the table, which must list it for this test.
fn fixture(name: &str) -> Value {
    let fixture = portal_tests::fixtures::by_name(name);
    assert!(
        fixture.is_for(Use::Differential),
        "{name} is not marked Differential"
    );
    fixture.input_schema()
}

/// The fixtures with a test below: every one the table marks for this test.
const TESTED: &[&str] = &[
    "renamed_emails",
    "email_format",
    "no_intent_options",
    "nested_options",
    "refs_layout",
    "hard_names",
    "constraints",
    "search_tickets",
    "deploy_service",
    "invite_user",
    "evaluated",
    "unions",
    "no_arguments",
];

#[test]
fn every_fixture_marked_differential_has_a_test() {
    let marked: Vec<&str> = portal_tests::fixtures::used_for(Use::Differential)
        .map(|f| f.name)
        .collect();
    assert_eq!(marked, TESTED);
}

#[test]
fn seed() {
    let seed = portal_tests::fixtures::SEED;
    let mut tool = read(seed.file);
    portal_schema::load::merge_patch(&mut tool, &read(seed.patch));
    differential::<portal_workos::GenerateLink>("seed", &tool["inputSchema"], 1);
}

#[test]
fn renamed_emails() {
    differential::<renamed_emails::RenamedEmails>("renamed_emails", &fixture("renamed_emails"), 2);
}

#[test]
fn email_format() {
    differential::<email_format::EmailFormat>("email_format", &fixture("email_format"), 3);
}

#[test]
fn no_intent_options() {
    differential::<no_intent_options::NoIntentOptions>(
        "no_intent_options",
        &fixture("no_intent_options"),
        4,
    );
}

#[test]
fn nested_options() {
    differential::<nested_options::NestedOptions>("nested_options", &fixture("nested_options"), 5);
}

#[test]
fn refs_layout() {
    differential::<refs_layout::GenerateLink>("refs_layout", &fixture("refs_layout"), 6);
}

#[test]
fn hard_names() {
    differential::<hard_names::HardNames>("hard_names", &fixture("hard_names"), 7);
}

#[test]
fn constraints() {
    differential::<constraints::Constraints>("constraints", &fixture("constraints"), 8);
}

#[test]
fn search_tickets() {
    differential::<search_tickets::Search>("search_tickets", &fixture("search_tickets"), 9);
}

#[test]
fn deploy_service() {
    differential::<deploy_service::Deploy>("deploy_service", &fixture("deploy_service"), 10);
}

#[test]
fn invite_user() {
    differential::<invite_user::Invite>("invite_user", &fixture("invite_user"), 11);
}

#[test]
fn evaluated() {
    differential::<evaluated::Label>("evaluated", &fixture("evaluated"), 12);
}

#[test]
fn unions() {
    differential::<unions::Adopt>("unions", &fixture("unions"), 12);
}

#[test]
fn no_arguments() {
    differential::<no_arguments::Ping>("no_arguments", &fixture("no_arguments"), 13);
}
