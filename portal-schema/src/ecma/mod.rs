//! ECMA-262 patterns (Unicode mode, as JSON Schema's `pattern` and `patternProperties` are)
//! translated exactly into the syntax of the `regex` crate, so that they run in linear time.
//!
//! `regress` stays the authority on what is a valid ECMA-262 pattern; this module then parses the
//! pattern again into a small tree and writes every construct with its ECMA-262 meaning spelled
//! out, because the `regex` crate gives the same escapes other meanings: its `\d`, `\w`, `\s` and
//! `\b` are Unicode-aware, its `.` excludes only `\n`, and inside classes it treats `&&`, `--`,
//! `~~` and `[` as set operations.
//!
//! Look-around and back-references have no linear-time algorithm; a pattern with them goes to
//! `fancy-regex`, which backtracks under a step budget (see `portal_runtime::pattern`). A
//! back-reference whose ECMA-262 meaning that engine would not reproduce (to a group inside a
//! repetition or a look-around, or from inside a look-behind) is refused rather than matched
//! differently.

mod read;
#[cfg(test)]
mod tests;
mod write;

use read::Parser;
use std::collections::HashMap;
use std::sync::Mutex;
use write::{Context, Group, Writer};

/// The engine a translated pattern runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The `regex` crate: linear in the input.
    Linear,
    /// `fancy-regex` under a backtracking budget: look-around and back-references.
    Bounded,
}

/// A pattern in the syntax of its engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The pattern for the engine.
    pub pattern: String,
    /// Which engine.
    pub engine: Engine,
}

/// Translations already made in this process, by pattern. A translation depends on the pattern
/// alone, and compiling one (to be sure the runtime's engine takes it) is the costliest step of
/// reading a schema; the tools of a catalog, and the `tool!` invocations of a crate (which rustc
/// runs in one process), repeat their identifier patterns. Bounded: past [`MEMO_LIMIT`] patterns
/// it starts again empty.
static MEMO: Mutex<Option<Translations>> = Mutex::new(None);

/// Translations (or refusals) by pattern.
type Translations = HashMap<String, Result<Translation, String>>;

/// How many translations [`MEMO`] keeps at most.
const MEMO_LIMIT: usize = 4096;

/// Checks `pattern` as ECMA-262 in Unicode mode and translates it; the error is the message of a
/// schema error.
pub fn translate(pattern: &str) -> Result<Translation, String> {
    let memo = |f: &mut dyn FnMut(&mut Translations)| {
        // A panic elsewhere while the lock was held leaves nothing half-written: entries are
        // inserted whole.
        let mut guard = MEMO
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(guard.get_or_insert_with(HashMap::new));
    };
    let mut known = None;
    memo(&mut |m| known = m.get(pattern).cloned());
    if let Some(answer) = known {
        return answer;
    }
    let answer = translate_afresh(pattern);
    memo(&mut |m| {
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert(pattern.to_owned(), answer.clone());
    });
    answer
}

fn translate_afresh(pattern: &str) -> Result<Translation, String> {
    if let Err(e) = regress::Regex::with_flags(pattern, "u") {
        return Err(format!("invalid pattern {pattern:?}: {e}"));
    }
    let unsupported = |why: String| format!("pattern {pattern:?} is not supported: {why}");
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        at: 0,
        groups: 0,
        names: Vec::new(),
    };
    let tree = parser.disjunction().map_err(unsupported)?;
    if parser.at != parser.chars.len() {
        return Err(unsupported("unbalanced parenthesis".to_owned()));
    }
    let engine = if tree.bounded() {
        Engine::Bounded
    } else {
        Engine::Linear
    };
    let mut names = HashMap::new();
    for (i, name) in parser.names.iter().enumerate() {
        if let Some(name) = name
            && names.insert(name.clone(), i + 1).is_some()
        {
            names.insert(name.clone(), 0);
        }
    }
    let mut writer = Writer {
        engine,
        names,
        groups: vec![Group::default(); parser.groups + 1],
        out: String::new(),
    };
    writer
        .node(&tree, Context::default())
        .map_err(unsupported)?;
    let translated = writer.out;
    let compiled = match engine {
        Engine::Linear => match regex::Regex::new(&translated) {
            Ok(_) => Ok(()),
            Err(regex::Error::CompiledTooBig(n)) => {
                Err(format!("it compiles to more than {n} bytes"))
            }
            Err(e) => Err(last_line(&e.to_string())),
        },
        Engine::Bounded => fancy_regex::Regex::new(&translated)
            .map(drop)
            .map_err(|e| last_line(&e.to_string())),
    };
    match compiled {
        Ok(()) => Ok(Translation {
            pattern: translated,
            engine,
        }),
        Err(e) => Err(unsupported(e)),
    }
}

/// The gist of an engine's error, lowercase and without its final period.
fn last_line(e: &str) -> String {
    let line = e
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with('~'))
        .unwrap_or("")
        .trim()
        .trim_start_matches("error: ")
        .trim_end_matches('.');
    let mut chars = line.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The parsed pattern.
#[derive(Debug)]
enum Node {
    /// One code point, possibly a lone surrogate (which no Rust string contains).
    Char(u32),
    Dot,
    Perl(Perl, bool),
    Property(String, bool),
    Class(bool, Vec<ClassItem>),
    Start,
    End,
    WordBoundary(bool),
    /// Look-around: ahead, negated, body.
    Look(bool, bool, Box<Node>),
    /// A group, capturing with its number or not.
    Group(Option<usize>, Box<Node>),
    Backref(usize),
    NamedBackref(String),
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        lazy: bool,
    },
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
}

#[derive(Debug, Clone, Copy)]
enum Perl {
    Digit,
    Word,
    Space,
}

#[derive(Debug)]
enum ClassItem {
    Range(u32, u32),
    Perl(Perl, bool),
    Property(String, bool),
}

impl Node {
    /// Whether the node matches only the empty string.
    fn zero_width(&self) -> bool {
        match self {
            Node::Start | Node::End | Node::WordBoundary(_) | Node::Look(..) => true,
            Node::Group(_, body) | Node::Repeat { body, .. } => body.zero_width(),
            Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().all(Node::zero_width),
            _ => false,
        }
    }

    /// Whether the node needs the backtracking engine.
    fn bounded(&self) -> bool {
        match self {
            Node::Look(..) | Node::Backref(_) | Node::NamedBackref(_) => true,
            Node::Group(_, body) | Node::Repeat { body, .. } => body.bounded(),
            Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().any(Node::bounded),
            _ => false,
        }
    }
}
