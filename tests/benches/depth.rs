//! What refusing a deep schema costs: `portal_schema::Config::generate_str` on `$ref` chains of 5,000,
//! 20,000 and 100,000 links (flat JSON, a walk as deep as the chain) and on schemas nested through
//! `properties` to the JSON depth limit. Each is refused at the schema depth limit with a schema
//! error, in time linear in the document (parsing it and indexing its `$defs`), never a stack
//! overflow: the figures show the cost per link staying flat as the chain grows.
//!
//! Run with `cargo bench -p portal-tests --bench depth`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value, json};
use std::hint::black_box;

/// `x` → `a0` → `a1` → ... → `a<links>`, a string.
fn chain(links: usize) -> String {
    let mut defs = Map::new();
    for i in 0..links {
        defs.insert(
            format!("a{i}"),
            json!({"$ref": format!("#/$defs/a{}", i + 1)}),
        );
    }
    defs.insert(format!("a{links}"), json!({"type": "string"}));
    json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/a0"}}, "$defs": defs})
        .to_string()
}

/// Objects nested through `properties/x`, `levels` deep (two JSON levels each).
fn nested(levels: usize) -> String {
    let mut schema = json!({"type": "string"});
    for _ in 0..levels {
        schema = json!({"type": "object", "properties": {"x": schema}});
    }
    schema.to_string()
}

fn refused(text: &str) -> String {
    portal_schema::Config::new()
        .generate_str(text)
        .map(|_| ())
        .expect_err("past the depth limit")
        .to_string()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("refuse a $ref chain");
    group.sample_size(10);
    for links in [5_000, 20_000, 100_000] {
        let text = chain(links);
        group.bench_with_input(BenchmarkId::from_parameter(links), &text, |b, text| {
            b.iter(|| black_box(refused(black_box(text))))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("refuse nesting through properties");
    group.sample_size(10);
    for levels in [40, 63] {
        let text = nested(levels);
        assert!(serde_json::from_str::<Value>(&text).is_ok());
        group.bench_with_input(BenchmarkId::from_parameter(levels), &text, |b, text| {
            b.iter(|| black_box(refused(black_box(text))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
