//! What validation costs: JSON text → validated request → JSON text, and generating the bindings.
//!
//! - `codec/valid`: a realistic 324-byte `GenerateLink` request through the generated bindings, a
//!   hand-written serde baseline with the same checks, and `serde_json::Value` + the `jsonschema`
//!   crate (the independent oracle) on the same patched schema.
//! - `codec/invalid`: 21 admin emails (one over `maxItems`), every problem listed as text.
//! - `general`: a request of `tests/fixtures/search_tickets.json` (draft-07: a list of types, a
//!   mixed enum, `uniqueItems`, `patternProperties`, `anyOf`, a tuple, a recursive `oneOf`), whose
//!   properties are mostly checked JSON values, through the generated bindings and through
//!   `jsonschema`.
//! - `unions`: a request of `tests/fixtures/unions.json` (a list of types, a tagged `oneOf`,
//!   `anyOf`/`oneOf` told apart by required properties, a `oneOf` by JSON type, a nullable
//!   `anyOf`, an empty object, a `const`), valid and invalid, through the generated enums (each
//!   decoding only the branch its discriminator picks, a tagged one straight from the text once
//!   its tag is read) and through `jsonschema`.
//! - `generation`: portal-schema (load, parse, emit, render) against typify on the same schema.
//!
//! Run with `cargo bench -p portal-tests --bench codec`; figures and how to read them are in
//! BENCHMARKS.md ("Codec", "Generation").

use criterion::{Criterion, criterion_group, criterion_main};
use portal_runtime::prelude::*;
use portal_workos::GenerateLink;
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};

const TOOL: &str =
    include_str!("../../portal-workos/schemas/workos/portal.generate_link.create.json");
const PATCH: &str =
    include_str!("../../portal-workos/schemas/workos/portal.generate_link.create.patch.json");

/// A valid request as a client would send it: every property set, three admins.
const VALID: &str = r#"{"organization":"org_01EHZNVPK3SFK441A1RGBFSHRT","intent":"sso","return_url":"https://example.com/portal/return","success_url":"https://example.com/portal/done","admin_emails":["it@example.com","jane.doe@example.com","sec+sso@example.org"],"intent_options":{"sso":{"bookmark_slug":"chatfield","provider_type":"GoogleSAML"}}}"#;

/// The tool document after the reviewed patch (RFC 7396), as both generators and the oracle see it.
fn patched_tool() -> Value {
    let mut tool: Value = serde_json::from_str(TOOL).expect("tool JSON");
    let patch: Value = serde_json::from_str(PATCH).expect("patch JSON");
    portal_schema::load::merge_patch(&mut tool, &patch);
    tool
}

/// `VALID` with `n` admin emails.
fn with_emails(n: usize) -> String {
    let emails: Vec<String> = (0..n)
        .map(|i| format!("\"admin{i}@example.com\""))
        .collect();
    format!(
        r#"{{"organization":"org_01EHZNVPK3SFK441A1RGBFSHRT","intent":"sso","return_url":"https://example.com/admin-portal/return","admin_emails":[{}]}}"#,
        emails.join(",")
    )
}

/// The baseline a careful person would write by hand: plain serde derives, `None` skipped when
/// serializing, and the schema's checks (maxItems 20, email on each item, uri on both URLs, intent
/// membership through the derived enum) written out with the same format checkers as the
/// generated code, so only the surrounding code differs. It keeps plain serde's looseness (`null`
/// taken as absent, structs from arrays, the `{"variant": ...}` enum form) that the generated code
/// refuses: see shared/docs/fidelity-traps.md.
mod handwritten {
    use portal_runtime::__private_v1::format::{is_email, is_uri};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    pub struct GenerateLink {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub intent: Option<Intent>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub return_url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub success_url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub admin_emails: Option<Vec<String>>,
        pub organization: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub intent_options: Option<IntentOptions>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Intent {
        Sso,
        Dsync,
        AuditLogs,
        LogStreams,
        DomainVerification,
        CertificateRenewal,
        BringYourOwnKey,
    }

    #[derive(Serialize, Deserialize)]
    pub struct IntentOptions {
        pub sso: SsoIntentOptions,
    }

    #[derive(Serialize, Deserialize)]
    pub struct SsoIntentOptions {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub bookmark_slug: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub provider_type: Option<String>,
    }

    impl GenerateLink {
        /// Every broken rule, as text; empty when valid (no allocation then).
        pub fn problems(&self) -> Vec<String> {
            let mut out = Vec::new();
            for (name, url) in [
                ("return_url", &self.return_url),
                ("success_url", &self.success_url),
            ] {
                if let Some(url) = url
                    && !is_uri(url)
                {
                    out.push(format!("/{name}: not a URI: {url:?}"));
                }
            }
            if let Some(emails) = &self.admin_emails {
                if emails.len() > 20 {
                    out.push(format!("/admin_emails: {} items, at most 20", emails.len()));
                }
                for (i, email) in emails.iter().enumerate() {
                    if !is_email(email) {
                        out.push(format!("/admin_emails/{i}: not an email: {email:?}"));
                    }
                }
            }
            out
        }

        /// JSON text to a checked request.
        pub fn from_json(text: &str) -> Result<Self, Vec<String>> {
            let value: Self = serde_json::from_str(text).map_err(|e| vec![e.to_string()])?;
            let problems = value.problems();
            if problems.is_empty() {
                Ok(value)
            } else {
                Err(problems)
            }
        }
    }
}

fn generated_round_trip(text: &str) -> String {
    let request = GenerateLink::from_json(text).expect("valid");
    serde_json::to_string(&request).expect("serializes")
}

fn handwritten_round_trip(text: &str) -> String {
    let request = handwritten::GenerateLink::from_json(text).expect("valid");
    serde_json::to_string(&request).expect("serializes")
}

fn oracle_round_trip(validator: &jsonschema::Validator, text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("JSON");
    validator.validate(&value).expect("valid");
    serde_json::to_string(&value).expect("serializes")
}

/// Every problem as one text, as a user would be shown it.
fn generated_errors(text: &str) -> String {
    GenerateLink::from_json(text)
        .expect_err("invalid")
        .to_string()
}

fn oracle_errors(validator: &jsonschema::Validator, text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("JSON");
    let lines: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect();
    assert!(!lines.is_empty());
    lines.join("\n")
}

/// Times the contenders back to back, a block of calls each, in an order that rotates every round,
/// and returns per contender its median time per call and, per pair, the median of the per-round
/// ratios. On a shared 2-core machine the load drifts within seconds, so criterion's figures for
/// two functions measured one after the other can differ by 20% either way; a ratio taken within
/// one round sees the same load on both sides.
fn paired(
    contenders: &[(&str, &dyn Fn())],
    rounds: usize,
    block: u32,
) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = contenders.len();
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            let start = Instant::now();
            for _ in 0..block {
                contenders[i].1();
            }
            times[i].push(start.elapsed().as_nanos() as f64 / f64::from(block));
        }
    }
    let ratios = (0..n)
        .map(|a| {
            (0..n)
                .map(|b| median((0..rounds).map(|r| times[a][r] / times[b][r]).collect()))
                .collect()
        })
        .collect();
    (times.into_iter().map(median).collect(), ratios)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Prints [`paired`]'s figures as one line per contender.
fn report_paired(title: &str, rounds: usize, block: u32, contenders: &[(&str, &dyn Fn())]) {
    let (times, ratios) = paired(contenders, rounds, block);
    eprintln!("{title}, paired ({rounds} rounds of {block} calls each, order rotating):");
    for (i, (name, _)) in contenders.iter().enumerate() {
        let vs: Vec<String> = (0..contenders.len())
            .filter(|&j| j != i)
            .map(|j| format!("{:.3}x {}", ratios[i][j], contenders[j].0))
            .collect();
        eprintln!(
            "  {name:12} median {:8.3} µs/call  ({})",
            times[i] / 1e3,
            vs.join(", ")
        );
    }
}

fn codec(c: &mut Criterion) {
    let tool = patched_tool();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&tool["inputSchema"])
        .expect("the patched input schema compiles");

    // The three ways agree before anything is timed.
    let generated = generated_round_trip(VALID);
    assert_eq!(generated, handwritten_round_trip(VALID));
    let reparsed: Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(
        reparsed,
        serde_json::from_str::<Value>(&oracle_round_trip(&validator, VALID)).unwrap()
    );

    report_paired(
        "codec/valid",
        301,
        100,
        &[
            ("generated", &|| {
                drop(black_box(generated_round_trip(black_box(VALID))))
            }),
            ("handwritten", &|| {
                drop(black_box(handwritten_round_trip(black_box(VALID))))
            }),
            ("jsonschema", &|| {
                drop(black_box(oracle_round_trip(&validator, black_box(VALID))))
            }),
        ],
    );

    let mut group = c.benchmark_group("codec/valid");
    group.throughput(criterion::Throughput::Bytes(VALID.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| generated_round_trip(black_box(VALID)))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| handwritten_round_trip(black_box(VALID)))
    });
    group.bench_function("jsonschema", |b| {
        b.iter(|| oracle_round_trip(&validator, black_box(VALID)))
    });
    group.finish();

    let invalid = with_emails(21);
    assert_eq!(
        generated_errors(&invalid),
        "1 violation\n  /admin_emails: expected at most 20 items, found 21 (maxItems)"
    );
    assert!(oracle_errors(&validator, &invalid).starts_with("/admin_emails: "));
    assert!(handwritten::GenerateLink::from_json(&invalid).is_err());
    assert!(GenerateLink::from_json(&with_emails(20)).is_ok());

    report_paired(
        "codec/invalid",
        301,
        100,
        &[
            ("generated", &|| {
                drop(black_box(generated_errors(black_box(&invalid))))
            }),
            ("jsonschema", &|| {
                drop(black_box(oracle_errors(&validator, black_box(&invalid))))
            }),
        ],
    );

    let mut group = c.benchmark_group("codec/invalid");
    group.throughput(criterion::Throughput::Bytes(invalid.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| generated_errors(black_box(&invalid)))
    });
    group.bench_function("jsonschema", |b| {
        b.iter(|| oracle_errors(&validator, black_box(&invalid)))
    });
    group.finish();
}

fn portal_generate() -> String {
    let tokens = portal_schema::Config::new()
        .patch_str(PATCH)
        .generate_str(TOOL)
        .expect("the seed schema generates");
    portal_schema::render(&tokens)
}

/// typify on the same patched schemas: it emits nothing for a root schema without `title`, so the
/// input schema is added under the name portal derives (`GenerateLink`), the output schema under
/// its title. Its tokens go through the same `syn` parse and prettyplease print as portal's
/// (`portal_schema::render`), so only the generators differ.
fn typify_generate(input: &str, output: &str) -> String {
    portal_schema::render(&typify_space(input, output).to_stream())
}

fn typify_space(input: &str, output: &str) -> typify::TypeSpace {
    let mut space = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
    // The schemars 0.8 `Schema` typify takes is inferred, so it needs no dependency of its own.
    space
        .add_type_with_name(
            &serde_json::from_str(input).expect("schema"),
            Some("GenerateLink".to_owned()),
        )
        .expect("typify takes the input schema");
    space
        .add_type_with_name(
            &serde_json::from_str(output).expect("schema"),
            Some("PortalLink".to_owned()),
        )
        .expect("typify takes the output schema");
    space
}

fn generation(c: &mut Criterion) {
    let tool = patched_tool();
    let input = tool["inputSchema"].to_string();
    let output = tool["outputSchema"].to_string();

    let ours = portal_generate();
    let theirs = typify_generate(&input, &output);
    for code in [&ours, &theirs] {
        assert!(!code.contains("unparsable output"), "{code}");
        assert!(code.contains("pub struct GenerateLink"), "{code}");
        assert!(code.contains("pub struct PortalLink"), "{code}");
    }

    // `CODEC_DUMP=dir` keeps both outputs, to see what each generator's time buys.
    if let Some(dir) = std::env::var_os("CODEC_DUMP") {
        let dir = std::path::Path::new(&dir);
        std::fs::write(dir.join("portal.rs"), &ours).expect("write portal.rs");
        std::fs::write(dir.join("typify.rs"), &theirs).expect("write typify.rs");
    }
    // The two emit different amounts of code: say how much, next to the times.
    let lines = |code: &str| code.lines().count();
    eprintln!(
        "generation: portal emits {} lines ({} bytes), typify {} lines ({} bytes)",
        lines(&ours),
        ours.len(),
        lines(&theirs),
        theirs.len()
    );

    report_paired(
        "generation",
        41,
        4,
        &[
            ("portal", &|| drop(black_box(portal_generate()))),
            ("typify", &|| {
                drop(black_box(typify_generate(
                    black_box(&input),
                    black_box(&output),
                )))
            }),
            ("portal/tokens", &|| {
                let tokens = portal_schema::Config::new()
                    .patch_str(PATCH)
                    .generate_str(TOOL);
                drop(black_box(tokens.expect("the seed schema generates")))
            }),
            ("typify/tokens", &|| {
                drop(black_box(
                    typify_space(black_box(&input), black_box(&output)).to_stream(),
                ))
            }),
        ],
    );

    let mut group = c.benchmark_group("generation");
    group.sample_size(30);
    group.bench_function("portal", |b| b.iter(portal_generate));
    group.bench_function("typify", |b| {
        b.iter(|| typify_generate(black_box(&input), black_box(&output)))
    });
    // The same without `render` (syn parse + prettyplease), which both share.
    group.bench_function("portal/tokens", |b| {
        b.iter(|| {
            portal_schema::Config::new()
                .patch_str(PATCH)
                .generate_str(TOOL)
        })
    });
    group.bench_function("typify/tokens", |b| {
        b.iter(|| typify_space(black_box(&input), black_box(&output)).to_stream())
    });
    group.finish();
}

use portal_tests::fixtures::search_tickets as search;

const SEARCH: &str = r#"{"query":"refund not received","assignee":"ops@example.com","priority":"urgent","labels":["billing","vip","eu"],"created":{"after":"2024-01-01","before":"2024-06-30T23:59:59Z"},"filter":{"all":[{"field":"status","equals":"open"},{"all":[{"field":"team","equals":7.5},{"field":"channel","equals":"email"}]}]},"metadata":{"x-team":"billing","x-region":"eu"},"page":"cursor_Zm9vYmFy","sort":["updated","desc"]}"#;

fn general(_: &mut Criterion) {
    let tool: Value = portal_tests::fixtures::by_name("search_tickets").tool();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&tool["inputSchema"])
        .expect("the schema compiles");
    let generated = || serde_json::to_string(&search::Search::from_json(SEARCH).unwrap()).unwrap();
    assert_eq!(generated(), oracle_round_trip(&validator, SEARCH));
    report_paired(
        "general/valid",
        301,
        100,
        &[
            ("generated", &|| drop(black_box(generated()))),
            ("jsonschema", &|| {
                drop(black_box(oracle_round_trip(&validator, black_box(SEARCH))))
            }),
        ],
    );
}

use portal_tests::fixtures::unions;

const UNIONS: &str = r#"{"value":"sunny","pet":{"kind":"dog","name":"Rex","good":true},"contact":{"phone":"+3312345678"},"reach":{"email":"jane.doe@example.com"},"id":42,"note":null,"options":{},"mode":"fast","amount":12.5}"#;

/// The same request with a problem in each union: a name too short, a contact without its
/// property, a `oneOf` matched twice, an id of no branch's type.
const UNIONS_INVALID: &str = r#"{"value":"","pet":{"kind":"cat","name":""},"contact":{},"reach":{"email":"jane.doe@example.com","phone":"5551234"},"id":1.5,"note":"far too long","options":{},"mode":"fast"}"#;

fn unions(_: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/unions.json");
    let tool: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&tool["inputSchema"])
        .expect("the schema compiles");
    let generated =
        |text: &str| serde_json::to_string(&unions::Adopt::from_json(text).unwrap()).unwrap();
    let reparsed: Value = serde_json::from_str(&generated(UNIONS)).unwrap();
    assert_eq!(reparsed, serde_json::from_str::<Value>(UNIONS).unwrap());
    assert!(validator.is_valid(&reparsed));
    report_paired(
        "unions/valid",
        301,
        100,
        &[
            ("generated", &|| {
                drop(black_box(generated(black_box(UNIONS))))
            }),
            ("jsonschema", &|| {
                drop(black_box(oracle_round_trip(&validator, black_box(UNIONS))))
            }),
        ],
    );
    let generated_errors = |text: &str| unions::Adopt::from_json(text).unwrap_err().to_string();
    assert_eq!(generated_errors(UNIONS_INVALID).lines().count(), 7);
    assert!(!validator.is_valid(&serde_json::from_str(UNIONS_INVALID).unwrap()));
    report_paired(
        "unions/invalid",
        301,
        100,
        &[
            ("generated", &|| {
                drop(black_box(generated_errors(black_box(UNIONS_INVALID))))
            }),
            ("jsonschema", &|| {
                drop(black_box(oracle_errors(
                    &validator,
                    black_box(UNIONS_INVALID),
                )))
            }),
        ],
    );
}

criterion_group! {
    name = benches;
    // Short runs: the machine has 2 cores shared with other builds, so figures are medians of
    // noisy samples either way; the whole run stays under a minute and a half.
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = codec, general, unions, generation
}
criterion_main!(benches);
