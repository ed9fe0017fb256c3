//! Wire verdicts with witnesses: for each real upstream step of the WorkOS tool and for modelled
//! steps covering each keyword and each union form, the verdict and the witness are pinned, and
//! each witness is checked here again with the `jsonschema` crate against both schemas (in the
//! contract form the report speaks of). A property test over random (schema, mutated schema)
//! pairs: every witness printed separates the two schemas under `jsonschema`, and whenever the
//! verdict is "unchanged" no instance of 10,000 draws separates them.
#![deny(warnings)]

use crate::rng::Rng;
use portal_schema::diff::contract_form;
use portal_schema::diff::{Report, Side, Wire, diff_values};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

/// The validators of one side of two tools, in contract form when both can take it (as the
/// report does).
fn side_validators(old: &Value, new: &Value) -> (jsonschema::Validator, jsonschema::Validator) {
    let ((a, ca), (b, cb)) = (contract_form(old), contract_form(new));
    if ca && cb {
        (validator(&a), validator(&b))
    } else {
        (validator(old), validator(new))
    }
}

fn schema(tool: &Value, side: Side) -> Value {
    let key = match side {
        Side::Response => "outputSchema",
        _ => "inputSchema",
    };
    tool.get(key).cloned().unwrap_or(Value::Bool(true))
}

/// Checks every witness of `report` with `jsonschema`; returns how many there were.
fn verify(report: &Report, old: &Value, new: &Value) -> usize {
    let mut n = 0;
    for side in [Side::Request, Side::Response] {
        let (vo, vn) = side_validators(&schema(old, side), &schema(new, side));
        for c in report.changes.iter().filter(|c| c.side == side) {
            for w in &c.witnesses {
                let (before, now) = (vo.is_valid(&w.instance), vn.is_valid(&w.instance));
                let expected = match w.direction {
                    Wire::Tightened => (true, false),
                    Wire::Loosened => (false, true),
                    other => panic!("a witness shows one direction, not {other:?}"),
                };
                assert_eq!(
                    (before, now),
                    expected,
                    "witness {} of {:?} at {}",
                    w.instance,
                    c.wire,
                    c.pointer
                );
                if w.isolated {
                    assert_isolated(w, &c.pointer, if before { &vn } else { &vo });
                }
                n += 1;
            }
        }
    }
    n
}

/// An isolated witness is refused only at its change's place: every error of the refusing
/// schema is at the pointer or under it, or on the enclosing object (`required`,
/// `additionalProperties`), and the first is the one the witness names.
fn assert_isolated(
    w: &portal_schema::diff::Witness,
    pointer: &str,
    refuses: &jsonschema::Validator,
) {
    let place: Vec<&str> = pointer.split('/').skip(1).collect();
    let errors: Vec<_> = refuses.iter_errors(&w.instance).collect();
    assert!(!errors.is_empty(), "{} is refused", w.instance);
    assert_eq!(errors[0].instance_path().to_string(), w.refused_at);
    assert_eq!(errors[0].kind().keyword(), w.keyword);
    for e in &errors {
        let at = e.instance_path().to_string();
        let at: Vec<&str> = at.split('/').skip(1).collect();
        let matches = |n: usize| at.iter().zip(&place[..n]).all(|(a, p)| *p == "*" || a == p);
        let under = at.len() >= place.len() && matches(place.len());
        let parent = at.len() + 1 == place.len()
            && matches(at.len())
            && ["required", "additionalProperties"].contains(&e.kind().keyword());
        assert!(
            under || parent,
            "{} refused at {} ({}) away from {pointer}",
            w.instance,
            e.instance_path(),
            e.kind().keyword()
        );
    }
}

fn report(old: &Value, new: &Value) -> Report {
    diff_values(old, None, new, None, &Default::default()).expect("both tools parse")
}

/// Each change of a report, with its witnesses, one line each.
fn lines(r: &Report) -> String {
    let mut out = String::new();
    for c in &r.changes {
        let at = if c.pointer.is_empty() {
            "(root)"
        } else {
            &c.pointer
        };
        out.push_str(&format!(
            "{} {} {at}: {}\n",
            c.side.as_str(),
            c.wire.as_str(),
            c.message
        ));
        for w in &c.witnesses {
            let whole = if w.isolated { "" } else { " (whole instance)" };
            out.push_str(&format!(
                "  {}{whole} {}\n",
                w.direction.as_str(),
                w.to_text()
            ));
        }
    }
    out
}

fn upstream_dir() -> PathBuf {
    std::env::var_os("PORTAL_UPSTREAM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/upstream/workos-openapi")
        })
}

/// The real history: each step's request verdict and every witness, verified and pinned.
#[test]
fn upstream_steps_have_verified_witnesses() {
    let dir = upstream_dir();
    if !dir.is_dir() {
        eprintln!(
            "skipped: no upstream history at {} (set PORTAL_UPSTREAM_DIR)",
            dir.display()
        );
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let read =
        |p: &Path| -> Value { serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let mut out = String::new();
    let mut witnesses = 0;
    for pair in files.windows(2) {
        let (old, new) = (read(&pair[0]), read(&pair[1]));
        let r = report(&old, &new);
        witnesses += verify(&r, &old, &new);
        // Every wire change of the real history is shown, none is left unknown.
        for c in &r.changes {
            assert_ne!(c.wire, Wire::Unknown, "{}", r.to_text());
            if c.wire != Wire::Unchanged {
                assert!(!c.witnesses.is_empty(), "{}", r.to_text());
            }
        }
        out.push_str(&format!(
            "== {} -> {}: requests {}, gate {}\n{}",
            pair[0].file_stem().unwrap().to_string_lossy(),
            pair[1].file_stem().unwrap().to_string_lossy(),
            r.request_wire().as_str(),
            r.gate().map_or("none", |l| l.as_str()),
            lines(&r)
        ));
    }
    assert_eq!(witnesses, 7);
    assert_eq!(
        out,
        "== 2026-03-05-c2a0238 -> 2026-04-08-31d7a51: requests loosened, gate minor\n\
         request loosened /admin_emails: optional property added (a new field and builder setter)\n  \
         loosened {\"organization\":\"a\",\"admin_emails\":[]} refused before, valid now ((root): additionalProperties)\n\
         == 2026-04-08-31d7a51 -> 2026-04-27-8c57c73: requests changed, gate major\n\
         request loosened /intent_options/sso: no longer required: the field becomes an `Option`\n  \
         loosened {\"organization\":\"a\",\"intent_options\":{}} refused before, valid now (/intent_options: required)\n\
         request loosened /intent_options/domain_verification: optional property added (a new field and builder setter)\n  \
         loosened {\"organization\":\"a\",\"intent_options\":{\"sso\":{},\"domain_verification\":{}}} refused before, valid now (/intent_options: additionalProperties)\n\
         request tightened /admin_emails: optional property removed: the field and its builder setter are gone, and a request that sets it is outside the contract\n  \
         tightened {\"organization\":\"a\",\"admin_emails\":[]} valid before, refused now ((root): additionalProperties)\n\
         request loosened /it_contact_emails: optional property added (a new field and builder setter); it looks like \"admin_emails\" renamed\n  \
         loosened {\"organization\":\"a\",\"it_contact_emails\":[]} refused before, valid now ((root): additionalProperties)\n\
         == 2026-04-27-8c57c73 -> 2026-05-05-a06e54d: requests tightened, gate major\n\
         request tightened /it_contact_emails/*: format \"email\" added\n  \
         tightened {\"organization\":\"a\",\"it_contact_emails\":[\"a\"]} valid before, refused now (/it_contact_emails/0: format)\n\
         == 2026-05-05-a06e54d -> 2026-06-30-425a72d: requests tightened, gate major\n\
         request tightened /intent_options: optional property removed: the field and its builder setter are gone, and a request that sets it is outside the contract\n  \
         tightened {\"organization\":\"a\",\"intent_options\":{}} valid before, refused now ((root): additionalProperties)\n\
         == 2026-06-30-425a72d -> latest-7fd8359: requests unchanged, gate none\n"
    );
}

/// A tool whose input schema is an object with the one property `x` of schema `x` (plus a
/// required `id`, so that witnesses are whole requests).
fn with_x(x: Value) -> Value {
    json!({
        "name": "t.create",
        "inputSchema": {
            "type": "object",
            "properties": {"id": {"type": "string"}, "x": x},
            "required": ["id"]
        }
    })
}

/// Steps covering each keyword and each union form, each with its verdict and witnesses.
fn modelled_steps() -> Vec<(&'static str, Value, Value)> {
    let x = |v: Value| with_x(v);
    let tag = |t: &str, field: &str, ty: &str| json!({"type": "object", "properties": {"kind": {"const": t}, field: {"type": ty}}, "required": ["kind", field]});
    vec![
        (
            "minLength raised",
            x(json!({"type": "string", "minLength": 2})),
            x(json!({"type": "string", "minLength": 4})),
        ),
        (
            "maxLength lowered",
            x(json!({"type": "string", "maxLength": 8})),
            x(json!({"type": "string", "maxLength": 4})),
        ),
        (
            "minimum lowered",
            x(json!({"type": "integer", "minimum": 10})),
            x(json!({"type": "integer", "minimum": 0})),
        ),
        (
            "maximum added",
            x(json!({"type": "number"})),
            x(json!({"type": "number", "maximum": 2.5})),
        ),
        (
            "exclusiveMinimum removed",
            x(json!({"type": "integer", "exclusiveMinimum": 0})),
            x(json!({"type": "integer"})),
        ),
        (
            "multipleOf changed",
            x(json!({"type": "integer", "multipleOf": 2})),
            x(json!({"type": "integer", "multipleOf": 3})),
        ),
        (
            "minItems added",
            x(json!({"type": "array", "items": {"type": "string"}})),
            x(json!({"type": "array", "items": {"type": "string"}, "minItems": 1})),
        ),
        (
            "maxItems lowered",
            x(json!({"type": "array", "items": {"type": "string"}, "maxItems": 20})),
            x(json!({"type": "array", "items": {"type": "string"}, "maxItems": 10})),
        ),
        (
            "required added",
            with_x(json!({"type": "string"})),
            json!({"name": "t.create", "inputSchema": {"type": "object",
                "properties": {"id": {"type": "string"}, "x": {"type": "string"}},
                "required": ["id", "x"]}}),
        ),
        (
            "enum value removed",
            x(json!({"type": "string", "enum": ["a", "b", "c"]})),
            x(json!({"type": "string", "enum": ["a", "b"]})),
        ),
        (
            "const changed",
            x(json!({"type": "string", "const": "v1"})),
            x(json!({"type": "string", "const": "v2"})),
        ),
        (
            "type narrowed",
            x(json!({"type": "number"})),
            x(json!({"type": "integer"})),
        ),
        (
            "type changed",
            x(json!({"type": "string"})),
            x(json!({"type": "boolean"})),
        ),
        (
            "pattern added",
            x(json!({"type": "string"})),
            x(json!({"type": "string", "pattern": "^[a-z]+$"})),
        ),
        (
            "pattern changed",
            x(json!({"type": "string", "pattern": "^a"})),
            x(json!({"type": "string", "pattern": "^b"})),
        ),
        (
            "format removed",
            x(json!({"type": "string", "format": "date"})),
            x(json!({"type": "string"})),
        ),
        (
            "additionalProperties false added",
            x(
                json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": true}),
            ),
            x(
                json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}),
            ),
        ),
        (
            "items changed",
            x(json!({"type": "array", "items": {"type": "string"}})),
            x(json!({"type": "array", "items": {"type": "integer"}})),
        ),
        (
            "contains added",
            x(json!({"type": "array", "items": {"type": "integer"}})),
            x(json!({"type": "array", "items": {"type": "integer"}, "contains": {"const": 7}})),
        ),
        (
            "dependentRequired added",
            json!({"name": "t.create", "inputSchema": {"type": "object",
                "properties": {"id": {"type": "string"}, "card": {"type": "string"}, "cvc": {"type": "string"}},
                "required": ["id"]}}),
            json!({"name": "t.create", "inputSchema": {"type": "object",
                "properties": {"id": {"type": "string"}, "card": {"type": "string"}, "cvc": {"type": "string"}},
                "required": ["id"], "dependentRequired": {"card": ["cvc"]}}}),
        ),
        (
            "anyOf branch added",
            x(json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})),
            x(json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]})),
        ),
        (
            "anyOf branch removed",
            x(json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]})),
            x(json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})),
        ),
        (
            "oneOf branch added",
            x(json!({"oneOf": [tag("cat", "lives", "integer"), tag("dog", "good", "boolean")]})),
            x(
                json!({"oneOf": [tag("cat", "lives", "integer"), tag("dog", "good", "boolean"), tag("bird", "name", "string")]}),
            ),
        ),
        (
            "oneOf branch removed",
            x(
                json!({"oneOf": [tag("cat", "lives", "integer"), tag("dog", "good", "boolean"), tag("bird", "name", "string")]}),
            ),
            x(json!({"oneOf": [tag("cat", "lives", "integer"), tag("dog", "good", "boolean")]})),
        ),
        (
            "nullable added",
            x(json!({"type": "string"})),
            x(json!({"type": ["string", "null"]})),
        ),
        (
            "nullable removed",
            x(json!({"anyOf": [{"type": "integer"}, {"type": "null"}]})),
            x(json!({"type": "integer"})),
        ),
        (
            "output loosened",
            json!({"name": "t.get", "inputSchema": {"type": "object", "properties": {}},
                "outputSchema": {"type": "object", "properties": {"n": {"type": "integer", "maximum": 10}}, "required": ["n"]}}),
            json!({"name": "t.get", "inputSchema": {"type": "object", "properties": {}},
                "outputSchema": {"type": "object", "properties": {"n": {"type": "integer", "maximum": 20}}, "required": ["n"]}}),
        ),
    ]
}

#[test]
fn modelled_steps_have_verified_witnesses() {
    let mut out = String::new();
    for (name, old, new) in modelled_steps() {
        let r = report(&old, &new);
        verify(&r, &old, &new);
        let wire = |c: &portal_schema::diff::Change| c.wire != Wire::Unchanged;
        // Each step changes the wire, and each wire change there is shown by a witness.
        assert!(r.changes.iter().any(wire), "{name}: {}", r.to_text());
        for c in r.changes.iter().filter(|c| wire(c)) {
            assert!(!c.witnesses.is_empty(), "{name}: {}", r.to_text());
        }
        out.push_str(&format!(
            "== {name}: requests {}, responses {}, wire breaks: {}\n{}",
            r.request_wire().as_str(),
            r.response_wire().as_str(),
            r.wire_breaks(),
            lines(&r)
        ));
    }
    insta::assert_snapshot!("witness-modelled-steps", out);
}

// ---- the property test -------------------------------------------------------------------

/// A random leaf schema.
fn leaf(rng: &mut Rng, depth: usize) -> Value {
    let mut m = Map::new();
    match rng.below(if depth > 1 { 5 } else { 7 }) {
        0 => {
            m.insert("type".into(), json!("string"));
            if rng.chance(40) {
                m.insert("minLength".into(), json!(rng.below(3)));
            }
            if rng.chance(40) {
                m.insert("maxLength".into(), json!(2 + rng.below(4)));
            }
            if rng.chance(20) {
                m.insert(
                    "pattern".into(),
                    json!(rng.draw(&["^a", "^[a-z]+$", "b$", "^[0-9]*$"])),
                );
            }
            if rng.chance(15) {
                m.insert("format".into(), json!(rng.draw(&["email", "date"])));
            }
            if rng.chance(20) {
                m = Map::new();
                m.insert("type".into(), json!("string"));
                m.insert("enum".into(), json!(["a", "b", "c"][..1 + rng.below(3)]));
            }
        }
        1 | 2 => {
            let integer = rng.chance(50);
            m.insert(
                "type".into(),
                json!(if integer { "integer" } else { "number" }),
            );
            // A lower bound below every upper one: the generator refuses empty ranges.
            for k in ["minimum", "exclusiveMinimum"] {
                if rng.chance(25) {
                    m.insert(k.into(), json!(rng.below(4) as i64 - 3));
                }
            }
            for k in ["maximum", "exclusiveMaximum"] {
                if rng.chance(25) {
                    m.insert(k.into(), json!(rng.below(4) as i64 + 2));
                }
            }
            if rng.chance(15) {
                m.insert("multipleOf".into(), json!(2 + rng.below(2)));
            }
        }
        3 => {
            m.insert("type".into(), json!("boolean"));
        }
        4 => {
            m.insert("type".into(), json!(["string", "null"]));
        }
        5 => {
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), leaf(rng, depth + 1));
            if rng.chance(40) {
                m.insert("minItems".into(), json!(rng.below(2)));
            }
            if rng.chance(40) {
                m.insert("maxItems".into(), json!(1 + rng.below(3)));
            }
        }
        _ => {
            return object(rng, depth + 1);
        }
    }
    Value::Object(m)
}

fn object(rng: &mut Rng, depth: usize) -> Value {
    let n = 1 + rng.below(3);
    let mut props = Map::new();
    let mut required = Vec::new();
    for i in 0..n {
        let name = ["a", "b", "c"][i];
        props.insert(name.into(), leaf(rng, depth));
        if rng.chance(40) {
            required.push(json!(name));
        }
    }
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    m.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        m.insert("required".into(), Value::Array(required));
    }
    if rng.chance(20) {
        m.insert("additionalProperties".into(), json!(false));
    }
    Value::Object(m)
}

/// The schema with one random change: a bound moved, added or removed, a property required or
/// not, added or removed, an enum value, a type, nullability, `additionalProperties`, or only
/// the description (no wire change).
fn mutate(schema: &Value, rng: &mut Rng) -> Value {
    // A draw that happens to change nothing (a bound set to the value it had) is drawn again.
    for _ in 0..8 {
        let out = mutate_once(schema, rng);
        if out != *schema {
            return out;
        }
    }
    mutate_once(schema, rng)
}

fn mutate_once(schema: &Value, rng: &mut Rng) -> Value {
    let mut out = schema.clone();
    // The object schemas and leaf schemas of `out`, by pointer.
    let mut places = Vec::new();
    let mut todo = vec![String::new()];
    while let Some(p) = todo.pop() {
        let v = out.pointer(&p).unwrap();
        if let Some(Value::Object(props)) = v.get("properties") {
            for k in props.keys() {
                todo.push(format!("{p}/properties/{k}"));
            }
        }
        if v.get("items").is_some() {
            todo.push(format!("{p}/items"));
        }
        places.push(p);
    }
    let at = places[rng.below(places.len())].clone();
    let s = out.pointer_mut(&at).unwrap().as_object_mut().unwrap();
    let ty = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        _ => String::new(),
    };
    match rng.below(10) {
        0 => {
            s.insert("description".into(), json!("changed"));
        }
        1 | 2 => {
            // A bound of the schema's own type moved, added or removed (lower bounds stay at or
            // below 0 and upper ones at or above 1, so that no range becomes empty).
            let keys: &[&str] = match ty.as_str() {
                "string" => &["minLength", "maxLength"],
                "integer" | "number" => &[
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                ],
                "array" => &["minItems", "maxItems"],
                _ => &[],
            };
            if !keys.is_empty() {
                let k = rng.draw(keys);
                let value = match k {
                    "minLength" | "minItems" => json!(rng.below(2)),
                    "maxLength" | "maxItems" => json!(2 + rng.below(3)),
                    "minimum" | "exclusiveMinimum" => json!(rng.below(4) as i64 - 3),
                    "multipleOf" => json!(2 + rng.below(3)),
                    _ => json!(rng.below(4) as i64 + 2),
                };
                if s.contains_key(k) && rng.chance(40) {
                    s.remove(k);
                } else {
                    s.insert(k.into(), value);
                }
            }
        }
        3 => {
            if let Some(Value::Object(props)) = s.get("properties") {
                let names: Vec<String> = props.keys().cloned().collect();
                let name = rng.draw(&names);
                let mut req: Vec<Value> = s
                    .get("required")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                if let Some(i) = req.iter().position(|r| r == &json!(name)) {
                    req.remove(i);
                } else {
                    req.push(json!(name));
                }
                s.insert("required".into(), Value::Array(req));
            }
        }
        4 => {
            if let Some(Value::Object(props)) = s.get_mut("properties") {
                if props.len() > 1 && rng.chance(50) {
                    let k = props.keys().next_back().cloned().unwrap();
                    props.remove(&k);
                } else {
                    props.insert("d".into(), json!({"type": "string"}));
                }
            }
        }
        5 => {
            // A leaf (not the root, whose input schema must stay an object) of another type.
            if !at.is_empty() {
                let types = ["string", "integer", "number", "boolean", "null"];
                *s = Map::new();
                s.insert("type".into(), json!(rng.draw(&types)));
            }
        }
        6 if at.is_empty() => {}
        6 => match s.get("type").cloned() {
            Some(Value::String(t)) => {
                s.insert("type".into(), json!([t, "null"]));
            }
            Some(Value::Array(ts)) => {
                s.insert("type".into(), ts[0].clone());
            }
            _ => {}
        },
        7 => {
            if let Some(Value::Array(e)) = s.get_mut("enum") {
                if e.len() > 1 && rng.chance(50) {
                    e.pop();
                } else {
                    e.push(json!("z"));
                }
            } else if s.get("type") == Some(&json!("string")) {
                s.insert("enum".into(), json!(["a", "z"]));
            }
        }
        8 => {
            if s.contains_key("properties") {
                match s.get("additionalProperties") {
                    None => s.insert("additionalProperties".into(), json!(rng.chance(50))),
                    Some(_) => s.remove("additionalProperties"),
                };
            }
        }
        _ => {
            if s.get("type") == Some(&json!("string")) {
                if s.remove("format").is_none() {
                    s.insert("format".into(), json!("email"));
                }
            } else {
                s.insert("title".into(), json!("retitled"));
            }
        }
    }
    out
}

/// A random instance near the schema: valid-biased, with values at and around its bounds.
fn draw(s: &Value, rng: &mut Rng, depth: usize) -> Value {
    if rng.chance(6) || depth > 5 {
        return rng.draw(&[
            json!(null),
            json!(0),
            json!(-1),
            json!(1.5),
            json!("a"),
            json!(""),
            json!([]),
            json!({}),
            json!(true),
        ]);
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        let mut values = e.clone();
        values.push(json!("z"));
        return rng.draw(&values);
    }
    let ty = match s.get("type") {
        Some(Value::Array(ts)) => rng.draw(ts).as_str().unwrap_or("").to_owned(),
        Some(Value::String(t)) => t.clone(),
        _ => String::new(),
    };
    let n = |k: &str| s.get(k).and_then(Value::as_i64);
    match ty.as_str() {
        "object" => {
            let mut m = Map::new();
            if let Some(Value::Object(props)) = s.get("properties") {
                for (k, p) in props {
                    if rng.chance(60) {
                        m.insert(k.clone(), draw(p, rng, depth + 1));
                    }
                }
            }
            if rng.chance(10) {
                m.insert(rng.draw(&["d", "e"]).to_owned(), json!("a"));
            }
            Value::Object(m)
        }
        "array" => {
            let len = rng.below(5);
            let items = s.get("items").cloned().unwrap_or(json!({}));
            (0..len).map(|_| draw(&items, rng, depth + 1)).collect()
        }
        "string" => {
            let pool = [
                "",
                "a",
                "ab",
                "abc",
                "abcd",
                "abcde",
                "abcdef",
                "b",
                "ba",
                "1",
                "12",
                "a@b.co",
                "2026-01-01",
                "z",
                "Ab",
            ];
            json!(rng.draw(&pool))
        }
        "integer" | "number" => {
            let mut near: Vec<i64> = vec![0, 1, -1, 2, 3, 6];
            for k in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
                if let Some(v) = n(k) {
                    near.extend([v - 1, v, v + 1]);
                }
            }
            let v = rng.draw(&near);
            if ty == "number" && rng.chance(20) {
                json!(v as f64 + 0.5)
            } else {
                json!(v)
            }
        }
        "boolean" => json!(rng.chance(50)),
        _ => json!(null),
    }
}

#[test]
fn random_pairs_witnesses_agree_and_unchanged_is_never_separated() {
    let pairs: usize = std::env::var("PORTAL_WITNESS_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let draws = 10_000;
    let mut rng = Rng(0x005E_ED0F_D1FF);
    let (mut compared, mut witnessed, mut unknowns, mut unchanged) = (0, 0, 0, 0);
    let (mut declined, mut isolated) = (0, 0);
    for _ in 0..pairs {
        let old_schema = object(&mut rng, 0);
        let new_schema = mutate(&old_schema, &mut rng);
        let tool = |s: &Value| json!({"name": "t.create", "inputSchema": s});
        let (old, new) = (tool(&old_schema), tool(&new_schema));
        let r = match diff_values(&old, None, &new, None, &Default::default()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("declined: {e}\n{old_schema}\n{new_schema}");
                declined += 1;
                continue;
            }
        };

        compared += 1;
        witnessed += verify(&r, &old, &new);
        isolated += r
            .changes
            .iter()
            .flat_map(|c| &c.witnesses)
            .filter(|w| w.isolated)
            .count();
        unknowns += r.changes.iter().filter(|c| c.wire == Wire::Unknown).count();
        if r.request_wire() == Wire::Unchanged {
            unchanged += 1;
            let (vo, vn) = side_validators(&old_schema, &new_schema);
            for _ in 0..draws {
                let s = if rng.chance(50) {
                    &old_schema
                } else {
                    &new_schema
                };
                let i = draw(s, &mut rng, 0);
                assert_eq!(
                    vo.is_valid(&i),
                    vn.is_valid(&i),
                    "said unchanged, but {i} separates\n{old_schema}\n{new_schema}\n{}",
                    r.to_text()
                );
            }
        }
    }
    eprintln!(
        "pairs {pairs}: compared {compared} (declined {declined}), witnesses verified {witnessed} \
         ({isolated} isolated), unknown verdicts {unknowns}, unchanged verified {unchanged} ({draws} draws each)"
    );
    assert_eq!(compared + declined, pairs);
    if pairs == 120 {
        // The seeded draw of every run: the counts the project's notes give.
        assert_eq!(
            (compared, witnessed, isolated, unknowns, unchanged),
            (120, 94, 94, 0, 47)
        );
    }
}

/// A patch over time: each line NEW upstream now states (or no longer has, for a removal) is
/// redundant; each line whose upstream value changed since OLD is contradicted; a line upstream
/// left alone is not reported.
#[test]
fn a_patch_line_upstream_now_states_or_contradicts_is_named() {
    use portal_schema::diff::patch::{Drift, drift};
    let old = json!({"name": "t", "inputSchema": {"type": "object", "properties": {
        "a": {"type": "string"}, "b": {"type": "array", "maxItems": 20},
        "c": {"type": "string", "pattern": "^x"}, "d": {"type": "integer"}}}});
    let new = json!({"name": "t", "inputSchema": {"type": "object", "properties": {
        "a": {"type": "string", "format": "email"}, "b": {"type": "array", "maxItems": 10},
        "c": {"type": "string"}, "d": {"type": "integer"}}}});
    let patch = json!({"inputSchema": {"properties": {
        "a": {"format": "email"}, "b": {"maxItems": 5}, "c": {"pattern": null},
        "d": {"minimum": 0}}}});
    let lines = drift(&old, &new, &patch);
    let text: Vec<String> = lines.iter().map(|l| l.to_text()).collect();
    assert_eq!(
        text,
        [
            "redundant /inputSchema/properties/a/format: upstream now states \"email\" itself: drop the line",
            "contradicts /inputSchema/properties/b/maxItems: upstream changed it from 20 to 10, and the patch's 5 hides that",
            "redundant /inputSchema/properties/c/pattern: upstream no longer has it (the patch removes it): drop the line",
        ]
    );
    assert_eq!(
        lines.iter().map(|l| l.drift).collect::<Vec<_>>(),
        [Drift::Redundant, Drift::Contradicts, Drift::Redundant]
    );
    // Upstream unchanged: nothing to say about the patch.
    assert_eq!(drift(&old, &old, &patch).len(), 0);
}

/// The net under the rules: a report whose rules saw nothing (here, an empty report over two
/// different schemas) still gets, from the whole-instance search, the change that breaks callers.
#[test]
fn a_break_no_rule_saw_is_found_by_the_whole_instance_search() {
    let load = |v: Value| portal_schema::load::load(&v, None).unwrap();
    let old = load(with_x(json!({"type": "string", "maxLength": 8})));
    let new = load(with_x(json!({"type": "string", "maxLength": 4})));
    let mut r = Report {
        tool: Some("t.create".into()),
        changes: Vec::new(),
    };
    portal_schema::diff::witness::settle(&mut r, &old, &new);
    assert_eq!(
        lines(&r),
        "request tightened (root): the schema also changed in a way no keyword rule classes\n  \
         tightened (whole instance) {\"id\":\"a\",\"x\":\"ABC-1\"} valid before, refused now (/x: maxLength)\n"
    );
    assert!(r.wire_breaks());
}

fn tool_of(properties: Value, required: Value) -> Value {
    json!({
        "name": "t.create",
        "inputSchema": {"type": "object", "properties": properties, "required": required}
    })
}

/// Two changes at once (a property made required, another bounded): each witness is refused for
/// its own change alone, from a base both schemas accept, with the boundary value of the keyword.
#[test]
fn each_witness_shows_its_own_change() {
    let old = tool_of(
        json!({"name": {"type": "string"}, "external_id": {"type": "string"},
               "limit": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}}),
        json!([]),
    );
    let new = tool_of(
        json!({"name": {"type": "string"}, "external_id": {"type": "string", "maxLength": 3},
               "limit": {"type": "integer", "maximum": 100},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 1}}),
        json!(["name", "limit"]),
    );
    let r = report(&old, &new);
    assert_eq!(verify(&r, &old, &new), 5);
    assert_eq!(
        lines(&r),
        "request tightened /name: now required: the field is no longer an `Option`, and the builder requires it\n  \
         tightened {\"limit\":0} valid before, refused now ((root): required)\n\
         request tightened /external_id: maxLength 3 added\n  \
         tightened {\"name\":\"a\",\"limit\":0,\"external_id\":\"aaaa\"} valid before, refused now (/external_id: maxLength)\n\
         request tightened /limit: now required: the field is no longer an `Option`, and the builder requires it\n  \
         tightened {\"name\":\"a\"} valid before, refused now ((root): required)\n\
         request tightened /limit: maximum 100 added\n  \
         tightened {\"name\":\"a\",\"limit\":101} valid before, refused now (/limit: maximum)\n\
         request tightened /tags: maxItems 1 added\n  \
         tightened {\"name\":\"a\",\"limit\":0,\"tags\":[\"a\",\"a\"]} valid before, refused now (/tags: maxItems)\n"
    );
    assert!(
        r.changes
            .iter()
            .flat_map(|c| &c.witnesses)
            .all(|w| w.isolated)
    );
    // The text says which witnesses are isolated: these all are.
    assert!(!r.to_text().contains("whole instance"), "{}", r.to_text());
}

/// A map whose new schema refuses some values while both take `null`: the change is read from
/// the schemas (a checked JSON value that still takes `null` is not "no longer nullable"), and
/// its witness is a map entry the new schema refuses.
#[test]
fn a_nullable_map_that_becomes_a_checked_value_keeps_null() {
    let old = tool_of(
        json!({"name": {"type": "string"}, "metadata": {"type": ["object", "null"]}}),
        json!([]),
    );
    let new = tool_of(
        json!({"name": {"type": "string"}, "metadata": {
            "type": ["object", "null"],
            "additionalProperties": {"type": "string", "maxLength": 600},
            "propertyNames": {"maxLength": 40}
        }}),
        json!(["name"]),
    );
    let r = report(&old, &new);
    verify(&r, &old, &new);
    let metadata: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.pointer == "/metadata")
        .collect();
    assert_eq!(metadata.len(), 1, "{}", r.to_text());
    assert_eq!(
        metadata[0].message,
        "type changed from object (map) to a generated type"
    );
    assert_eq!(metadata[0].wire, Wire::Tightened);
    let w = &metadata[0].witnesses;
    assert_eq!(w.len(), 1);
    assert!(w[0].isolated);
    assert_eq!(w[0].instance, json!({"name": "a", "metadata": {"a": null}}));
    assert_eq!(
        (w[0].refused_at.as_str(), w[0].keyword.as_str()),
        ("/metadata/a", "type")
    );
    // Both schemas take `null` there.
    let (vo, vn) = side_validators(&schema(&old, Side::Request), &schema(&new, Side::Request));
    let with_null = json!({"name": "a", "metadata": null});
    assert!(vo.is_valid(&with_null) && vn.is_valid(&with_null));
}
