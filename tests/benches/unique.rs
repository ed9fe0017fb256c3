//! What `uniqueItems` costs on large arrays: `instance::unique_items` (each item encoded once in
//! canonical form, looked up in a hash map) on 40,000 distinct items and on a 1 MiB array of
//! distinct objects, every one compared with every other.
//!
//! With `UNIQUE_BASELINE=1` the run first times, once each, the pairwise comparison that
//! `uniqueItems` used to make (item `j` against items `0..j`, with `instance::equal`), on the same
//! arrays, and prints the ratio: a quadratic check takes seconds to minutes there, too long to
//! sample.
//!
//! Run with `cargo bench -p portal-tests --bench unique`.

use criterion::{Criterion, criterion_group, criterion_main};
use portal_runtime::__private_v1::instance;
use portal_runtime::{Path, Violations};
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// 40,000 distinct items of every JSON kind a `uniqueItems` array holds in practice.
fn distinct_items() -> Vec<Value> {
    (0..40_000)
        .map(|i| match i % 4 {
            0 => json!(i),
            1 => json!(format!("item-{i}")),
            2 => json!(i as f64 + 0.5),
            _ => json!({"id": i, "tags": ["a", "b"]}),
        })
        .collect()
}

/// Distinct objects (keys out of order, nested arrays) up to 1 MiB of JSON text.
fn one_mebibyte() -> Vec<Value> {
    let mut items = Vec::new();
    let mut size = 2;
    let mut i = 0_u64;
    while size < 1 << 20 {
        let item = json!({"name": format!("sensor-{i}"), "id": i, "at": [i % 7, 0.25], "on": i.is_multiple_of(2)});
        size += item.to_string().len() + 1;
        items.push(item);
        i += 1;
    }
    items
}

/// The check `uniqueItems` made before: every pair.
fn pairwise(items: &[Value]) -> bool {
    items
        .iter()
        .enumerate()
        .all(|(j, b)| !items[..j].iter().any(|a| instance::equal(a, b)))
}

fn check(items: &[Value]) -> Violations {
    let mut out = Violations::default();
    instance::unique_items(items, &Path::Root, &mut out);
    out
}

fn bench(c: &mut Criterion) {
    let arrays = [
        ("40k_distinct", distinct_items()),
        ("1MiB_distinct", one_mebibyte()),
    ];
    for (name, items) in &arrays {
        assert!(check(items).is_empty(), "{name} has a repeat");
        if std::env::var_os("UNIQUE_BASELINE").is_some() {
            let start = Instant::now();
            assert!(black_box(pairwise(black_box(items))));
            let before = start.elapsed();
            let start = Instant::now();
            black_box(check(black_box(items)));
            let after = start.elapsed();
            println!(
                "unique/{name} ({} items): pairwise {before:?}, canonical {after:?}, {:.0}x",
                items.len(),
                before.as_secs_f64() / after.as_secs_f64()
            );
        }
    }
    let mut group = c.benchmark_group("unique");
    for (name, items) in &arrays {
        group.bench_function(*name, |b| b.iter(|| check(black_box(items))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
