//! What `pattern` costs on the inputs that make a backtracking engine hang: input size → time,
//! through the generated bindings (the `regex` crate, linear; `fancy-regex` under its budget for
//! look-ahead), beside `regress` (the ECMA-262 backtracking engine the bindings used before) on
//! the same pattern and input.
//!
//! - `nested`: `^(a+)+$` on `a…a!` (exponential for `regress`: sizes 16 to 22 only).
//! - `anywhere`: `a.*b` on `a…a` (quadratic for `regress`: 2,500 to 10,000 only).
//! - `alternation`: `(a|aa)*c` on `a…a` (exponential for `regress`: 20 to 30 only).
//! - `ahead`: `^(?:(?=a)a+)+b` on `a…ac` (exponential for `regress`), where the bounded engine
//!   gives up after its budget.
//!
//! Run with `cargo bench -p portal-tests --bench pattern`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use portal_runtime::prelude::*;
use serde_json::json;
use std::hint::black_box;
use std::time::Duration;

use portal_tests::fixtures::pathological::Pathological;

/// (property, pattern, input of size n, sizes for regress, sizes for the bindings)
type Case = (
    &'static str,
    &'static str,
    fn(usize) -> String,
    &'static [usize],
    &'static [usize],
);

const CASES: &[Case] = &[
    (
        "nested",
        "^(a+)+$",
        |n| format!("{}!", "a".repeat(n)),
        &[16, 19, 22],
        &[22, 10_000, 80_000, 640_000],
    ),
    (
        "anywhere",
        "a.*b",
        |n| "a".repeat(n),
        &[2_500, 5_000, 10_000],
        &[10_000, 80_000, 640_000],
    ),
    (
        "alternation",
        "(a|aa)*c",
        |n| "a".repeat(n),
        &[20, 25, 30],
        &[30, 10_000, 80_000, 640_000],
    ),
    (
        "ahead",
        "^(?:(?=a)a+)+b",
        |n| format!("{}c", "a".repeat(n)),
        &[16, 19, 22],
        &[22, 40, 10_000],
    ),
];

fn pattern(c: &mut Criterion) {
    for (property, source, input, before, after) in CASES {
        let mut group = c.benchmark_group(format!("pattern/{property}"));
        group.sample_size(10);
        let regress = regress::Regex::with_flags(source, "u").unwrap();
        for &n in *before {
            let text = input(n);
            group.bench_with_input(BenchmarkId::new("regress", n), &text, |b, text| {
                b.iter(|| black_box(regress.find(black_box(text)).is_some()))
            });
        }
        for &n in *after {
            let value = json!({ *property: input(n) });
            group.bench_with_input(BenchmarkId::new("bindings", n), &value, |b, value| {
                b.iter(|| black_box(Pathological::from_json_value(black_box(value)).is_ok()))
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = pattern
}
criterion_main!(benches);
