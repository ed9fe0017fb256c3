//! What the client records through `tracing`: one event per attempt and per retry, never the API
//! key or the link. A binary of its own: `tracing` caches, per call site, whether anyone listens,
//! and tests on other threads registering the same call sites with no subscriber race with the
//! thread-local subscriber installed here.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use portal_workos::sandbox::{Fault, Sandbox};

#[path = "it/support/sandbox_client.rs"]
mod sandbox_client;
use sandbox_client::{client, fast_retries, sso};

/// Collects every span and event field as text, one event a line headed by its level and target.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

impl Capture {
    /// The lines of events from `target`, without the target.
    fn lines_of(&self, target: &str) -> String {
        let prefix = format!("{target} ");
        let text = self.0.lock().unwrap();
        text.lines()
            .filter_map(|line| {
                let (level, rest) = line.split_once(' ')?;
                Some(format!("{level} {}\n", rest.strip_prefix(&prefix)?))
            })
            .collect()
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write;
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(&mut self.0.lock().unwrap()));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut out = self.0.lock().unwrap();
        out.push_str(event.metadata().level().as_str());
        out.push(' ');
        out.push_str(event.metadata().target());
        event.record(&mut Fields(&mut out));
        out.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_and_debug_output_never_show_the_key_or_the_link() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.push_fault(Fault::rate_limited("0"));
    let client = client(
        &sandbox,
        fast_retries()
            .max_backoff(Duration::from_millis(1))
            .initial_backoff(Duration::from_millis(1)),
    );

    let portal = client.send(&sso("org_test")).await.unwrap();

    let seen = sandbox.requests();
    // Everything recorded, the HTTP stack's own events included, for the secrecy check.
    let everything = capture.0.lock().unwrap().clone();
    let logged = capture.lines_of("portal_runtime::client");
    let expected = format!(
        "DEBUG message=portal request attempt tool=\"portal.generate_link.create\" method=\"POST\" path=\"/portal/generate_link\" attempt=1 status=429 request_id=\"{}\" error=\"api\"\n\
         INFO message=portal request retrying tool=\"portal.generate_link.create\" method=\"POST\" path=\"/portal/generate_link\" attempt=1 wait_ms=100\n\
         DEBUG message=portal request attempt tool=\"portal.generate_link.create\" method=\"POST\" path=\"/portal/generate_link\" attempt=2 status=201 request_id=\"{}\"\n",
        seen[0].request_id, seen[1].request_id
    );
    assert_eq!(logged, expected);
    let token = portal
        .link
        .trim_start_matches("https://setup.workos.com?token=");
    let debug = format!("{client:?}");
    for text in [&everything, &debug] {
        assert!(!text.contains("sk_test_sandbox"), "{text}");
        assert!(!text.contains(token), "{text}");
    }
    assert!(debug.contains("api_key: \"sk_…\""), "{debug}");
}
