//! The JSON-Schema-Test-Suite (draft 2020-12 with its optional formats) through generated bindings.
//!
//! `build.rs` generates one module per schema with `portal_schema` (three per schema: as the root,
//! as a property of an object, and rewritten in draft-07 where it has a draft-07 form); this test
//! decodes every case three ways (`from_json_value`, `from_json` on the text, serde then `validate`) and compares each
//! verdict with the suite's. It prints, per file, the schemas generated and declined and the cases
//! agreeing and disagreeing, then the reason of every declined schema. It fails on any
//! disagreement and when more than `MAX_DECLINED_PERCENT` of the cases are declined.
//!
//! The suite is read from `JSON_SCHEMA_TEST_SUITE` (default: the full suite,
//! `../shared/json-schema-test-suite-full`, whose `remotes/` are mapped through `refs`);
//! when it is absent the test says so and passes, except in CI (`CI` set, as `.ci/run` sets it),
//! where a missing suite fails: a green run must mean the suite ran.
#![deny(warnings)]
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
    /// The schema as the required property `v` of an object, each case as `{"v": data}`.
    pub wrapped: Outcome,
    /// The schema written in draft-07, where it has a draft-07 form.
    pub draft07: Outcome,
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
    // Without the suite the table is empty and names no `Outcome`: the test must still build, to
    // say it skipped (or, under CI, to fail).
    #[allow(unused_imports)]
    use super::{Group, Outcome};
    include!(concat!(env!("OUT_DIR"), "/suite.rs"));
}

/// A disagreement's form, file, group and case.
type Known = (&'static str, &'static str, usize, String);

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

impl Row {
    fn add(&mut self, r: &Row) {
        self.groups += r.groups;
        self.generated += r.generated;
        self.declined_groups += r.declined_groups;
        self.cases += r.cases;
        self.declined += r.declined;
        self.agreeing += r.agreeing;
        self.disagreeing += r.disagreeing;
    }

    fn print(&self, label: &str) {
        println!(
            "{:<34} {:>7} {:>9} {:>8} {:>6} {:>8} {:>8} {:>11}",
            label,
            self.groups,
            self.generated,
            self.declined_groups,
            self.cases,
            self.declined,
            self.agreeing,
            self.disagreeing
        );
    }
}

/// Runs every case through the outcome `pick` selects; prints the table and the declined
/// schemas; returns the totals and the disagreements.
fn run(
    title: &'static str,
    pick: fn(&Group) -> &Outcome,
    wrap: bool,
) -> (Row, Vec<(Known, String)>) {
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
        match pick(group) {
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
                        let key = (
                            title,
                            group.file,
                            group.index,
                            test["description"].as_str().unwrap_or_default().to_owned(),
                        );
                        disagreements.push((key, format!(
                            "{title}: {} #{} {:?} / {:?}\n  schema: {}{}\n  data: {}\n  suite: {valid}, generated [from_json_value, from_json, serde+validate]: {got:?}",
                            group.file,
                            group.index,
                            group.description,
                            test["description"].as_str().unwrap_or_default(),
                            group.schema,
                            if wrap { " (as the property \"v\")" } else { "" },
                            test["data"],
                        )));
                    }
                }
            }
        }
    }
    println!("\n{title}");
    let mut total = Row::default();
    println!(
        "{:<34} {:>7} {:>9} {:>8} {:>6} {:>8} {:>8} {:>11}",
        "file", "schemas", "generated", "declined", "cases", "declined", "agreeing", "disagreeing"
    );
    for (file, r) in &rows {
        r.print(file);
        total.add(r);
    }
    total.print("total");
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
    (total, disagreements)
}

/// The share of the cases, in percent, that may be declined as the root and as a property: what
/// the generator reaches on the full suite (0.6% both), so that a schema it stops generating
/// fails the test. What is left are the meta-schema by URL (never fetched), custom meta-schemas
/// (a `$schema` other than the two dialects) and a remote the suite lacks.
const MAX_DECLINED_PERCENT: usize = 1;

/// The cases where the generated type refuses a value the suite accepts by a representation rule
/// the README states, with the reason: the form, the file, the group and the case. None today:
/// an `integer` unbounded on a side is a `serde_json::Number`, so `optional/bignum.json` and
/// `optional/float-overflow.json` agree as a property too. An entry that stops disagreeing fails
/// the test, so the list cannot go stale.
const KNOWN: &[(&str, &str, usize, &str)] = &[];

const ROOT: &str = "each schema as the root";
const PROPERTY: &str =
    "each schema as a required property of an object (its typed form where it has one)";
const DRAFT07: &str =
    "each schema written in draft-07 (declined: no draft-07 form, or the generator's reason)";

/// Whether this runs in CI: `CI` set to anything but empty, `0` or `false`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

#[test]
fn json_schema_test_suite() {
    if !suite::SUITE_FOUND {
        let missing = format!(
            "no JSON-Schema-Test-Suite at {} (set JSON_SCHEMA_TEST_SUITE)",
            suite::SUITE_PATH
        );
        assert!(!in_ci(), "conformance: {missing}, and CI needs it");
        println!("conformance: skipped, {missing}");
        return;
    }
    for file in suite::REGEX_FILES {
        assert!(
            suite::GROUPS.iter().any(|g| g.file == file),
            "{file} was not found in the suite nor in the full suite beside it"
        );
    }
    let (bare, mut found) = run(ROOT, |g| &g.outcome, false);
    let (field, more) = run(PROPERTY, |g| &g.wrapped, true);
    found.extend(more);
    let (_, more) = run(DRAFT07, |g| &g.draft07, false);
    found.extend(more);
    let is_known = |(form, file, index, case): &Known| {
        KNOWN
            .iter()
            .any(|k| k.0 == *form && k.1 == *file && k.2 == *index && k.3 == case)
    };
    let mut disagreements = 0;
    for (key, d) in &found {
        if is_known(key) {
            println!("KNOWN (a representation rule) {d}");
        } else {
            println!("DISAGREEMENT {d}");
            disagreements += 1;
        }
    }
    let stale: Vec<_> = KNOWN
        .iter()
        .filter(|k| {
            !found.iter().any(|((form, file, index, case), _)| {
                k.0 == *form && k.1 == *file && k.2 == *index && k.3 == case
            })
        })
        .collect();
    assert!(
        stale.is_empty(),
        "known disagreements that no longer disagree: {stale:?}"
    );
    assert_eq!(disagreements, 0, "{disagreements} disagreements");
    for (what, total) in [("root", bare), ("property", field)] {
        assert!(
            total.declined * 100 <= total.cases * MAX_DECLINED_PERCENT,
            "{what}: {} of {} cases declined: more than {MAX_DECLINED_PERCENT}%",
            total.declined,
            total.cases
        );
    }
}
