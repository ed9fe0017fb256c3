//! The JSON-Schema-Test-Suite (draft 2020-12 with its optional formats) through generated bindings.
//!
//! `build.rs` generates one module per schema with `portal_schema`; this test decodes every case
//! three ways (`from_json_value`, `from_json` on the text, serde then `validate`) and compares each
//! verdict with the suite's. It prints, per file, the schemas generated and declined and the cases
//! agreeing and disagreeing, then the reason of every declined schema. It fails on any
//! disagreement and when more than 5% of the cases are declined.
//!
//! The suite is read from `JSON_SCHEMA_TEST_SUITE` (default `../shared/json-schema-test-suite`);
//! when it is absent the test says so and passes.
#![allow(missing_docs)]

use portal_runtime::prelude::*;

/// One group of the suite: a schema and its cases.
pub struct Group {
    pub file: &'static str,
    pub index: usize,
    pub description: &'static str,
    pub schema: &'static str,
    pub tests: &'static str,
    pub outcome: Outcome,
}

/// What the generator made of a group's schema.
pub enum Outcome {
    /// Bindings, and the function giving the three verdicts on an instance.
    Generated(fn(&serde_json::Value) -> [bool; 3]),
    /// The schema errors.
    Declined(&'static str),
}

pub fn verdicts<T: FromJson>(data: &serde_json::Value) -> [bool; 3] {
    [
        T::from_json_value(data).is_ok(),
        T::from_json(&data.to_string()).is_ok(),
        serde_json::from_value::<T>(data.clone()).is_ok_and(|t| t.validate().is_ok()),
    ]
}

mod suite {
    // The suite names its properties `foo` and `bar`.
    #![allow(clippy::disallowed_names)]
    use super::{Group, Outcome};
    include!(concat!(env!("OUT_DIR"), "/suite.rs"));
}

#[derive(Default, Clone, Copy)]
struct Row {
    groups: usize,
    generated: usize,
    declined_groups: usize,
    cases: usize,
    declined: usize,
    agreeing: usize,
    disagreeing: usize,
}

#[test]
fn json_schema_test_suite() {
    if !suite::SUITE_FOUND {
        println!(
            "conformance: skipped, no JSON-Schema-Test-Suite at {} (set JSON_SCHEMA_TEST_SUITE)",
            suite::SUITE_PATH
        );
        return;
    }
    let mut rows: Vec<(&str, Row)> = Vec::new();
    let mut declined = Vec::new();
    let mut disagreements = Vec::new();
    for group in suite::GROUPS {
        let tests: Vec<serde_json::Value> = serde_json::from_str(group.tests).unwrap();
        if rows.last().is_none_or(|(f, _)| *f != group.file) {
            rows.push((group.file, Row::default()));
        }
        let row = &mut rows.last_mut().unwrap().1;
        row.groups += 1;
        row.cases += tests.len();
        match &group.outcome {
            Outcome::Declined(reason) => {
                row.declined_groups += 1;
                row.declined += tests.len();
                declined.push(format!(
                    "{} #{} {:?} ({} cases): {reason}",
                    group.file,
                    group.index,
                    group.description,
                    tests.len()
                ));
            }
            Outcome::Generated(verdicts) => {
                row.generated += 1;
                for test in &tests {
                    let valid = test["valid"].as_bool().unwrap();
                    let got = verdicts(&test["data"]);
                    if got.iter().all(|v| *v == valid) {
                        row.agreeing += 1;
                    } else {
                        row.disagreeing += 1;
                        disagreements.push(format!(
                            "{} #{} {:?} / {:?}\n  schema: {}\n  data: {}\n  suite: {valid}, generated [from_json_value, from_json, serde+validate]: {got:?}",
                            group.file,
                            group.index,
                            group.description,
                            test["description"].as_str().unwrap_or_default(),
                            group.schema,
                            test["data"],
                        ));
                    }
                }
            }
        }
    }
    let mut total = Row::default();
    println!(
        "{:<34} {:>7} {:>9} {:>8} {:>6} {:>8} {:>8} {:>11}",
        "file", "schemas", "generated", "declined", "cases", "declined", "agreeing", "disagreeing"
    );
    for (file, r) in &rows {
        println!(
            "{:<34} {:>7} {:>9} {:>8} {:>6} {:>8} {:>8} {:>11}",
            file,
            r.groups,
            r.generated,
            r.declined_groups,
            r.cases,
            r.declined,
            r.agreeing,
            r.disagreeing
        );
        total.groups += r.groups;
        total.generated += r.generated;
        total.declined_groups += r.declined_groups;
        total.cases += r.cases;
        total.declined += r.declined;
        total.agreeing += r.agreeing;
        total.disagreeing += r.disagreeing;
    }
    println!(
        "{:<34} {:>7} {:>9} {:>8} {:>6} {:>8} {:>8} {:>11}",
        "total",
        total.groups,
        total.generated,
        total.declined_groups,
        total.cases,
        total.declined,
        total.agreeing,
        total.disagreeing
    );
    println!(
        "declined: {} of {} cases ({:.1}%), {} of {} schemas ({:.1}%)",
        total.declined,
        total.cases,
        100.0 * total.declined as f64 / total.cases as f64,
        total.declined_groups,
        total.groups,
        100.0 * total.declined_groups as f64 / total.groups as f64
    );
    for d in &declined {
        println!("declined: {d}");
    }
    for d in &disagreements {
        println!("DISAGREEMENT {d}");
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements",
        disagreements.len()
    );
    assert!(
        total.declined * 20 <= total.cases,
        "{} of {} cases declined: more than 5%",
        total.declined,
        total.cases
    );
}
