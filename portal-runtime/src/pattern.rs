//! A compiled `pattern` (or `patternProperties` name), matched in bounded time.
//!
//! The generator checks each pattern as ECMA-262 (Unicode mode) and translates it exactly into the
//! syntax of the `regex` crate. A pattern the `regex` crate can express runs there, in time linear
//! in the input whatever the pattern: values from users and servers reach these checks, and a
//! backtracking engine can take minutes on a short string (`^(a+)+$`). A pattern with look-around
//! or back-references runs on `fancy-regex`, which backtracks, under a fixed budget of
//! [`BACKTRACK_LIMIT`] steps: a match that gives up is reported as such, never left to hang.

use crate::check::quote_str;
use crate::validate::{Path, Violation, Violations};

/// The backtracking steps a [`Pattern`] with look-around or back-references may take on one input.
///
/// `fancy-regex`'s own default: generous for patterns that do not backtrack pathologically,
/// small enough that giving up takes well under a second.
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// A compiled pattern, on the engine the generator chose for it.
#[derive(Debug)]
pub struct Pattern(Engine);

#[derive(Debug)]
enum Engine {
    Linear(regex::Regex),
    Bounded(fancy_regex::Regex),
}

/// The match gave up after [`BACKTRACK_LIMIT`] steps (or out of backtracking stack, or the engine
/// failed on the input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted;

impl Pattern {
    /// A pattern the `regex` crate matches in linear time, in that crate's syntax as the generator
    /// wrote it.
    ///
    /// # Panics
    /// If `translated` does not compile: the generator compiled it when it wrote the bindings.
    pub fn linear(translated: &str) -> Self {
        let regex = regex::Regex::new(translated)
            .expect("the pattern was compiled when the bindings were generated");
        Pattern(Engine::Linear(regex))
    }

    /// A pattern with look-around or back-references, matched by backtracking within
    /// [`BACKTRACK_LIMIT`] steps.
    ///
    /// # Panics
    /// If `translated` does not compile: the generator compiled it when it wrote the bindings.
    pub fn bounded(translated: &str) -> Self {
        let regex = fancy_regex::RegexBuilder::new(translated)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .expect("the pattern was compiled when the bindings were generated");
        Pattern(Engine::Bounded(regex))
    }

    /// Whether the pattern matches somewhere in `s` (unanchored, as JSON Schema says), or
    /// [`Exhausted`] when the bounded engine gave up.
    pub fn search(&self, s: &str) -> Result<bool, Exhausted> {
        match &self.0 {
            Engine::Linear(regex) => Ok(regex.is_match(s)),
            // A panic inside the backtracking engine on some input must not take the caller's
            // thread down with it: the input is untrusted, so it is an undecided match instead.
            Engine::Bounded(regex) => {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| regex.is_match(s)))
                    .map_err(|_| Exhausted)?
                    .map_err(|_| Exhausted)
            }
        }
    }

    /// Whether the pattern matches somewhere in `s`, for the branch tests of `anyOf`, `oneOf`,
    /// `not` and `if`; a match that gave up answers `false` and marks the branches being tested
    /// as undecided, so that the applicator asking reports it (see [`take_undecided`]) instead of
    /// reading `false` as a verdict (under `not`, that would accept the value).
    pub fn is_match(&self, s: &str) -> bool {
        match self.search(s) {
            Ok(matched) => matched,
            Err(Exhausted) => {
                UNDECIDED.with(|flag| flag.set(true));
                false
            }
        }
    }

    /// Whether the property name `key` matches the pattern of `patternProperties`, recording at
    /// `at` (the property) a violation when the match gave up. Such a name is taken as matching,
    /// so that the property's schema still applies to its value.
    pub fn key_matches(
        &self,
        key: &str,
        source: &str,
        at: &Path<'_>,
        out: &mut Violations,
    ) -> bool {
        match self.search(key) {
            Ok(matched) => matched,
            Err(Exhausted) => {
                out.push(exhausted(key, source, at));
                true
            }
        }
    }
}

thread_local! {
    /// Whether a bounded match gave up while branches were tested on this thread. Validation is
    /// synchronous, so the branch tests and the applicator that asked for them run on one thread,
    /// one after the other, with nothing in between.
    static UNDECIDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a bounded match gave up since the last call, clearing the mark: the applicator
/// (`anyOf`, `oneOf`, `not`, `if`) whose branches were just tested then has no verdict.
pub fn take_undecided() -> bool {
    UNDECIDED.with(|flag| flag.replace(false))
}

/// The violation of an applicator whose branches could not all be decided: a bounded match gave
/// up inside one of them, so neither "matches" nor "does not match" can be trusted.
pub(crate) fn undecided(keyword: &'static str, at: &Path<'_>) -> Violation {
    Violation::new(
        at,
        keyword,
        format!(
            "a value its branches' patterns decide within {BACKTRACK_LIMIT} backtracking steps"
        ),
        "a match that gave up",
    )
}

/// The violation of a string on which the match of `source` gave up.
pub(crate) fn exhausted(s: &str, source: &str, at: &Path<'_>) -> Violation {
    Violation::new(
        at,
        "pattern",
        format!(
            "a string matching {} within {BACKTRACK_LIMIT} backtracking steps",
            quote_str(source)
        ),
        quote_str(s),
    )
}

/// Checks `$value` (a `&str`) against a schema `pattern`: the pattern compiled once, for the
/// engine that matches it in bounded time, into a `static` of the expansion's own. `$engine
/// "translated" as "source"` when the pattern the engine reads is a translation of the schema's
/// (the violation shows the schema's).
#[doc(hidden)]
#[macro_export]
macro_rules! __check_pattern {
    ($value:expr, $at:expr, $out:expr, $engine:ident $translated:literal as $source:literal) => {{
        static PATTERN: $crate::__private_v1::LazyLock<$crate::__private_v1::Pattern> =
            $crate::__private_v1::LazyLock::new(|| $crate::__private_v1::Pattern::$engine($translated));
        $crate::__private_v1::check::pattern($value, &PATTERN, $source, $at, $out);
    }};
    ($value:expr, $at:expr, $out:expr, $engine:ident $source:literal) => {
        $crate::__check_pattern!($value, $at, $out, $engine $source as $source)
    };
}
