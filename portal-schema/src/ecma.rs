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

use std::collections::HashMap;
use std::fmt::Write as _;

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

/// Checks `pattern` as ECMA-262 in Unicode mode and translates it; the error is the message of a
/// schema error.
pub fn translate(pattern: &str) -> Result<Translation, String> {
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

struct Parser {
    chars: Vec<char>,
    at: usize,
    groups: usize,
    /// The name of each capturing group, in order.
    names: Vec<Option<String>>,
}

type Parsed<T> = Result<T, String>;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.at + n).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn next(&mut self) -> Parsed<char> {
        let c = self.peek().ok_or("unexpected end of pattern")?;
        self.at += 1;
        Ok(c)
    }

    fn disjunction(&mut self) -> Parsed<Node> {
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alternation(alternatives)
        })
    }

    fn alternative(&mut self) -> Parsed<Node> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            terms.push(self.quantifier(atom)?);
        }
        Ok(Node::Concat(terms))
    }

    fn quantifier(&mut self, atom: Node) -> Parsed<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let save = self.at;
                self.at += 1;
                match self.braces() {
                    Some(bounds) => {
                        self.at -= 1;
                        bounds
                    }
                    None => {
                        self.at = save;
                        return Ok(atom);
                    }
                }
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        let lazy = self.eat('?');
        Ok(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            lazy,
        })
    }

    /// `n}`, `n,}` or `n,m}` after `{`, leaving the position on `}`.
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let min = self.decimal()?;
        let max = if self.eat(',') {
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.decimal()?)
            }
        } else {
            Some(min)
        };
        (self.peek() == Some('}')).then(|| {
            self.at += 1;
            (min, max)
        })
    }

    fn decimal(&mut self) -> Option<u32> {
        let start = self.at;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            // ECMA-262 allows any count; past u32 the engines refuse it anyway.
            n = n.saturating_mul(10).saturating_add(d);
            self.at += 1;
        }
        (self.at > start).then_some(n)
    }

    fn atom(&mut self) -> Parsed<Node> {
        let c = self.next()?;
        Ok(match c {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Dot,
            '[' => self.class()?,
            '(' => self.group()?,
            '\\' => self.atom_escape()?,
            '*' | '+' | '?' | '{' => return Err(format!("nothing to repeat before {c:?}")),
            c => Node::Char(c as u32),
        })
    }

    fn group(&mut self) -> Parsed<Node> {
        let node = if self.eat('?') {
            match self.next()? {
                ':' => Node::Group(None, Box::new(self.disjunction()?)),
                '=' => Node::Look(true, false, Box::new(self.disjunction()?)),
                '!' => Node::Look(true, true, Box::new(self.disjunction()?)),
                '<' if self.eat('=') => Node::Look(false, false, Box::new(self.disjunction()?)),
                '<' if self.eat('!') => Node::Look(false, true, Box::new(self.disjunction()?)),
                '<' => {
                    let name = self.group_name()?;
                    self.groups += 1;
                    let index = self.groups;
                    self.names.push(Some(name));
                    Node::Group(Some(index), Box::new(self.disjunction()?))
                }
                c => return Err(format!("group modifier {c:?}")),
            }
        } else {
            self.groups += 1;
            let index = self.groups;
            self.names.push(None);
            Node::Group(Some(index), Box::new(self.disjunction()?))
        };
        if !self.eat(')') {
            return Err("unbalanced parenthesis".to_owned());
        }
        Ok(node)
    }

    /// The text of a group name up to `>`, as written (escapes included).
    fn group_name(&mut self) -> Parsed<String> {
        let mut name = String::new();
        loop {
            match self.next()? {
                '>' => return Ok(name),
                c => name.push(c),
            }
        }
    }

    fn atom_escape(&mut self) -> Parsed<Node> {
        let c = self.peek().ok_or("trailing backslash")?;
        Ok(match c {
            'b' | 'B' => {
                self.at += 1;
                Node::WordBoundary(c == 'B')
            }
            '1'..='9' => {
                let n = self.decimal().ok_or("a decimal escape")?;
                Node::Backref(n as usize)
            }
            'k' => {
                self.at += 1;
                if !self.eat('<') {
                    return Err("\\k without a group name".to_owned());
                }
                Node::NamedBackref(self.group_name()?)
            }
            _ => match self.class_escape(false)? {
                ClassItem::Range(c, _) => Node::Char(c),
                ClassItem::Perl(p, negated) => Node::Perl(p, negated),
                ClassItem::Property(name, negated) => Node::Property(name, negated),
            },
        })
    }

    /// An escape after `\` that means a character or a set of them, in a class or not.
    fn class_escape(&mut self, in_class: bool) -> Parsed<ClassItem> {
        let c = self.next()?;
        let perl = |p, negated| Ok(ClassItem::Perl(p, negated));
        let char = |c: u32| Ok(ClassItem::Range(c, c));
        match c {
            'd' | 'D' => perl(Perl::Digit, c == 'D'),
            'w' | 'W' => perl(Perl::Word, c == 'W'),
            's' | 'S' => perl(Perl::Space, c == 'S'),
            'p' | 'P' => {
                if !self.eat('{') {
                    return Err(format!("\\{c} without a property"));
                }
                let mut name = String::new();
                loop {
                    match self.next()? {
                        '}' => break,
                        c => name.push(c),
                    }
                }
                Ok(ClassItem::Property(name, c == 'P'))
            }
            'f' => char(0x0C),
            'n' => char(0x0A),
            'r' => char(0x0D),
            't' => char(0x09),
            'v' => char(0x0B),
            'b' if in_class => char(0x08),
            '-' if in_class => char('-' as u32),
            'c' => {
                let letter = self.next()?;
                if !letter.is_ascii_alphabetic() {
                    return Err("\\c without a letter".to_owned());
                }
                char(letter as u32 % 32)
            }
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => char(0),
            'x' => char(self.hex(2)?),
            'u' => char(self.unicode_escape()?),
            '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
            | '/' => char(c as u32),
            c => Err(format!("escape \\{c}")),
        }
    }

    fn hex(&mut self, digits: usize) -> Parsed<u32> {
        let mut n = 0;
        for _ in 0..digits {
            let d = self.next()?.to_digit(16).ok_or("a hexadecimal digit")?;
            n = n * 16 + d;
        }
        Ok(n)
    }

    /// After `\u`: `{H...}`, or `HHHH`, joining a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Parsed<u32> {
        if self.eat('{') {
            let mut n: u32 = 0;
            loop {
                match self.next()? {
                    '}' => break,
                    c => {
                        let d = c.to_digit(16).ok_or("a hexadecimal digit")?;
                        n = n
                            .checked_mul(16)
                            .and_then(|n| n.checked_add(d))
                            .ok_or("too big")?;
                    }
                }
            }
            return Ok(n);
        }
        let lead = self.hex(4)?;
        if (0xD800..0xDC00).contains(&lead)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.at;
            self.at += 2;
            match self.hex(4) {
                Ok(trail) if (0xDC00..0xE000).contains(&trail) => {
                    return Ok(0x10000 + ((lead - 0xD800) << 10) + (trail - 0xDC00));
                }
                _ => self.at = save,
            }
        }
        Ok(lead)
    }

    /// After `[`.
    fn class(&mut self) -> Parsed<Node> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            if self.eat(']') {
                return Ok(Node::Class(negated, items));
            }
            let first = self.class_atom()?;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.at += 1;
                let last = self.class_atom()?;
                match (first, last) {
                    (ClassItem::Range(a, _), ClassItem::Range(b, _)) if a <= b => {
                        items.push(ClassItem::Range(a, b))
                    }
                    _ => return Err("a class range that is not of two characters".to_owned()),
                }
            } else {
                items.push(first);
            }
        }
    }

    fn class_atom(&mut self) -> Parsed<ClassItem> {
        match self.next()? {
            '\\' => self.class_escape(true),
            c => Ok(ClassItem::Range(c as u32, c as u32)),
        }
    }
}

/// ECMA-262 `\w` and `\b`: ASCII only.
const WORD: &str = "0-9A-Z_a-z";
/// ECMA-262 `\s`: WhiteSpace (with U+FEFF and the Zs category) and LineTerminator.
const SPACE: &str = r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
/// A class no code point is in.
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";
/// A class every code point is in.
const ANYTHING: &str = r"[\x{0}-\x{10FFFF}]";

#[derive(Clone, Default)]
struct Group {
    /// The group was closed before the current position.
    closed: bool,
    /// Inside a repetition of more than one iteration, or a look-around.
    unstable: bool,
}

#[derive(Clone, Copy, Default)]
struct Context {
    repeated: bool,
    look: bool,
    behind: bool,
}

struct Writer {
    engine: Engine,
    /// Group names and their numbers; 0 for a name given twice.
    names: HashMap<String, usize>,
    groups: Vec<Group>,
    out: String,
}

impl Writer {
    fn node(&mut self, node: &Node, cx: Context) -> Result<(), String> {
        match node {
            Node::Char(c) => self.out.push_str(&literal(*c, false)),
            Node::Dot => self.out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            Node::Perl(p, negated) => {
                let set = perl(*p);
                let _ = write!(self.out, "[{}{set}]", if *negated { "^" } else { "" });
            }
            Node::Property(name, negated) => self.out.push_str(&property(name, *negated)?),
            Node::Class(negated, items) => self.out.push_str(&class(*negated, items)?),
            Node::Start => self.out.push('^'),
            Node::End => self.out.push('$'),
            Node::WordBoundary(negated) => match (self.engine, negated) {
                (Engine::Linear, false) => self.out.push_str(r"(?-u:\b)"),
                (Engine::Linear, true) => self.out.push_str(r"(?-u:\B)"),
                // `fancy-regex` has no ASCII word boundary: the same test spelled with look-around.
                (Engine::Bounded, false) => {
                    let _ = write!(
                        self.out,
                        "(?:(?<=[{WORD}])(?![{WORD}])|(?<![{WORD}])(?=[{WORD}]))"
                    );
                }
                (Engine::Bounded, true) => {
                    let _ = write!(
                        self.out,
                        "(?:(?<=[{WORD}])(?=[{WORD}])|(?<![{WORD}])(?![{WORD}]))"
                    );
                }
            },
            Node::Look(ahead, negated, body) => {
                let _ = write!(
                    self.out,
                    "(?{}{}",
                    if *ahead { "" } else { "<" },
                    if *negated { "!" } else { "=" }
                );
                let inner = Context {
                    look: true,
                    behind: cx.behind || !ahead,
                    ..cx
                };
                self.node(body, inner)?;
                self.out.push(')');
            }
            Node::Group(index, body) => {
                match index {
                    Some(_) => self.out.push('('),
                    None => self.out.push_str("(?:"),
                }
                self.node(body, cx)?;
                self.out.push(')');
                if let Some(i) = index {
                    self.groups[*i] = Group {
                        closed: true,
                        unstable: cx.repeated || cx.look,
                    };
                }
            }
            Node::Backref(n) => self.backref(*n, cx)?,
            Node::NamedBackref(name) => match self.names.get(name) {
                Some(0) => return Err(format!("\\k<{name}> names two groups")),
                Some(n) => self.backref(*n, cx)?,
                None => return Err(format!("no group named {name:?}")),
            },
            Node::Repeat { body, min, .. } if body.zero_width() => {
                // A repetition of what matches only the empty string: ECMA-262 ends the loop at
                // an empty iteration once `min` are done, so it is the body once, or optional.
                // `fancy-regex` refuses to repeat a look-around.
                self.out.push_str("(?:");
                self.node(body, cx)?;
                self.out.push_str(if *min == 0 { "|)" } else { ")" });
            }
            Node::Repeat {
                body,
                min,
                max,
                lazy,
            } => {
                let inner = Context {
                    repeated: cx.repeated || max.is_none_or(|m| m > 1),
                    ..cx
                };
                let atomic = matches!(
                    **body,
                    Node::Group(..)
                        | Node::Dot
                        | Node::Perl(..)
                        | Node::Property(..)
                        | Node::Class(..)
                        | Node::Char(_)
                );
                let start = self.out.len();
                if !atomic {
                    self.out.push_str("(?:");
                }
                self.node(body, inner)?;
                if !atomic {
                    self.out.push(')');
                }
                if &self.out[start..] == "(?:(?:))" {
                    // A back-reference before its group: empty, however often repeated.
                    return Ok(());
                }
                match (min, max) {
                    (0, None) => self.out.push('*'),
                    (1, None) => self.out.push('+'),
                    (0, Some(1)) => self.out.push('?'),
                    (n, None) => {
                        let _ = write!(self.out, "{{{n},}}");
                    }
                    (n, Some(m)) if n == m => {
                        let _ = write!(self.out, "{{{n}}}");
                    }
                    (n, Some(m)) => {
                        let _ = write!(self.out, "{{{n},{m}}}");
                    }
                }
                if *lazy {
                    self.out.push('?');
                }
            }
            Node::Concat(nodes) => {
                for n in nodes {
                    self.node(n, cx)?;
                }
            }
            Node::Alternation(nodes) => {
                for (i, n) in nodes.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.node(n, cx)?;
                }
            }
        }
        Ok(())
    }

    fn backref(&mut self, n: usize, cx: Context) -> Result<(), String> {
        let group = self
            .groups
            .get(n)
            .cloned()
            .ok_or_else(|| format!("no group {n}"))?;
        if cx.behind {
            return Err(format!("back-reference \\{n} inside a look-behind"));
        }
        if !group.closed {
            // Before its group closes, a back-reference has nothing captured: it matches the
            // empty string (ECMA-262 resets a repetition's groups at each iteration).
            self.out.push_str("(?:)");
            return Ok(());
        }
        if group.unstable {
            return Err(format!(
                "back-reference \\{n} to a group inside a repetition or a look-around"
            ));
        }
        // A group that did not take part matches the empty string, where `fancy-regex` fails.
        let _ = write!(self.out, "(?({n})\\{n}|)");
        Ok(())
    }
}

fn perl(p: Perl) -> &'static str {
    match p {
        Perl::Digit => "0-9",
        Perl::Word => WORD,
        Perl::Space => SPACE,
    }
}

/// A `\p{..}`: the `regex` crate knows the names ECMA-262 allows (general categories, scripts,
/// script extensions and binary properties, long or short); one it does not know fails to compile
/// and the pattern is refused.
fn property(name: &str, negated: bool) -> Result<String, String> {
    let valid = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=');
    if !valid {
        return Err(format!("unicode property {name:?}"));
    }
    Ok(format!("\\{}{{{name}}}", if negated { 'P' } else { 'p' }))
}

fn class(negated: bool, items: &[ClassItem]) -> Result<String, String> {
    let mut body = String::new();
    for item in items {
        match item {
            ClassItem::Range(a, b) => {
                // Lone surrogates are in no Rust string: only the scalar values of the range stay.
                for (a, b) in [(*a, (*b).min(0xD7FF)), ((*a).max(0xE000), *b)] {
                    if a > b {
                        continue;
                    }
                    body.push_str(&literal(a, true));
                    if b > a {
                        body.push('-');
                        body.push_str(&literal(b, true));
                    }
                }
            }
            ClassItem::Perl(p, false) => body.push_str(perl(*p)),
            ClassItem::Perl(p, true) => {
                let _ = write!(body, "[^{}]", perl(*p));
            }
            ClassItem::Property(name, negated) => body.push_str(&property(name, *negated)?),
        }
    }
    Ok(match (body.is_empty(), negated) {
        (true, false) => NOTHING.to_owned(),
        (true, true) => ANYTHING.to_owned(),
        (false, false) => format!("[{body}]"),
        (false, true) => format!("[^{body}]"),
    })
}

/// One code point in `regex` syntax: itself where that is unambiguous, escaped otherwise.
fn literal(c: u32, in_class: bool) -> String {
    let Some(ch) = char::from_u32(c) else {
        // A lone surrogate: no string contains one.
        return if in_class {
            String::new()
        } else {
            NOTHING.to_owned()
        };
    };
    // Every character that is special somewhere in `regex` syntax, classes included, escaped.
    const META: &str = r"\.+*?()|[]{}^$#&-~";
    if META.contains(ch) {
        format!("\\{ch}")
    } else if ch.is_alphanumeric() || (ch.is_ascii_graphic()) {
        ch.to_string()
    } else {
        format!("\\x{{{c:X}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(p: &str) -> String {
        let t = translate(p).unwrap();
        assert_eq!(t.engine, Engine::Linear, "{p}");
        t.pattern
    }

    fn bounded(p: &str) -> String {
        let t = translate(p).unwrap();
        assert_eq!(t.engine, Engine::Bounded, "{p}");
        t.pattern
    }

    #[test]
    fn classes_take_their_ecma_meaning() {
        assert_eq!(linear(r"^\d+$"), r"^[0-9]+$");
        assert_eq!(linear(r"\w\W"), r"[0-9A-Z_a-z][^0-9A-Z_a-z]");
        assert_eq!(linear(r"\s"), format!("[{SPACE}]"));
        assert_eq!(linear(r"\S"), format!("[^{SPACE}]"));
        assert_eq!(linear(r"a.b"), r"a[^\n\r\x{2028}\x{2029}]b");
        assert_eq!(linear(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
        assert_eq!(linear(r"[\d\W-]"), r"[0-9[^0-9A-Z_a-z]\-]");
        assert_eq!(linear(r"[^\s]"), format!("[^{SPACE}]"));
        assert_eq!(linear(r"\p{Letter}\P{gc=Lu}"), r"\p{Letter}\P{gc=Lu}");
        assert_eq!(linear(r"[\p{Script=Greek}a]"), r"[\p{Script=Greek}a]");
    }

    #[test]
    fn empty_and_full_classes() {
        assert_eq!(linear("[]"), NOTHING);
        assert_eq!(linear("[^]"), ANYTHING);
        assert_eq!(linear(r"[\uD800]"), NOTHING);
        assert_eq!(linear(r"[^\uD800]"), ANYTHING);
        assert_eq!(
            linear(r"[\u0000-\uFFFF]"),
            r"[\x{0}-\x{D7FF}\x{E000}-\x{FFFF}]"
        );
    }

    #[test]
    fn set_operators_of_the_regex_crate_are_literals() {
        assert_eq!(linear("[a&&b]"), r"[a\&\&b]");
        assert_eq!(linear("[a~~b]"), r"[a\~\~b]");
        assert_eq!(linear("[--a]"), r"[\--a]");
        assert_eq!(linear("[[]"), r"[\[]");
        assert_eq!(linear("a&&b#~"), r"a\&\&b\#\~");
        assert_eq!(linear("<>"), "<>");
    }

    #[test]
    fn character_escapes() {
        assert_eq!(linear(r"\cJ\cj"), r"\x{A}\x{A}");
        assert_eq!(linear(r"\x41\u0042\u{1F600}\0"), r"AB\x{1F600}\x{0}");
        assert_eq!(linear(r"\uD83D\uDE00"), r"\x{1F600}");
        assert_eq!(
            linear(r"[\uD83D\uDE00-\uD83D\uDE4F]"),
            r"[\x{1F600}-\x{1F64F}]"
        );
        assert_eq!(linear(r"\uD800"), NOTHING);
        assert_eq!(
            linear(r"[\b]\f\v\t\n\r"),
            r"[\x{8}]\x{C}\x{B}\x{9}\x{A}\x{D}"
        );
        assert_eq!(linear(r"\/\.\\"), r"/\.\\");
        assert_eq!(linear("é ü"), r"é\x{20}ü");
    }

    #[test]
    fn groups_and_quantifiers() {
        assert_eq!(linear(r"(?<year>\d{4})-(?:ab)+?"), r"([0-9]{4})\-(?:ab)+?");
        assert_eq!(linear(r"^(a+)+$"), r"^(a+)+$");
        assert_eq!(linear(r"a{2,}b{1,3}c{0}"), r"a{2,}b{1,3}c{0}");
        assert_eq!(linear(r"\x41*"), r"A*");
        assert_eq!(linear("a|b|"), "a|b|");
    }

    #[test]
    fn look_around_and_back_references_are_bounded() {
        assert_eq!(
            bounded(r"^(?=.*\d)\w+$"),
            r"^(?=[^\n\r\x{2028}\x{2029}]*[0-9])[0-9A-Z_a-z]+$"
        );
        assert_eq!(bounded(r"(?<!a)b(?<=b)"), r"(?<!a)b(?<=b)");
        assert_eq!(bounded(r"(a)\1"), r"(a)(?(1)\1|)");
        assert_eq!(bounded(r"(?<q>a)\k<q>"), r"(a)(?(1)\1|)");
        assert_eq!(bounded(r"\1(a)"), r"(?:)(a)");
        assert_eq!(bounded(r"(a\1)"), r"(a(?:))");
        assert_eq!(
            bounded(r"(?=a)\b"),
            r"(?=a)(?:(?<=[0-9A-Z_a-z])(?![0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?=[0-9A-Z_a-z]))"
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(
            translate(r"(a)+\1").unwrap_err(),
            r#"pattern "(a)+\\1" is not supported: back-reference \1 to a group inside a repetition or a look-around"#
        );
        assert_eq!(
            translate(r"(a)(?<=\1)").unwrap_err(),
            r#"pattern "(a)(?<=\\1)" is not supported: back-reference \1 inside a look-behind"#
        );
        assert_eq!(
            translate(r"(?i:a)").unwrap_err(),
            r#"pattern "(?i:a)" is not supported: group modifier 'i'"#
        );
        assert_eq!(
            translate(r"(?<a>x)|(?<a>y)\k<a>").unwrap_err(),
            r#"pattern "(?<a>x)|(?<a>y)\\k<a>" is not supported: \k<a> names two groups"#
        );
        assert_eq!(
            translate(r"\p{RGI_Emoji}").unwrap_err(),
            r#"invalid pattern "\\p{RGI_Emoji}": Invalid property name"#
        );
        assert_eq!(
            translate("a{1000}{1000}").unwrap_err(),
            r#"invalid pattern "a{1000}{1000}": Invalid atom character"#
        );
        assert_eq!(
            translate("(a{1000}){1000}").unwrap_err(),
            r#"pattern "(a{1000}){1000}" is not supported: it compiles to more than 10485760 bytes"#
        );
        assert_eq!(
            translate("[b-a]").unwrap_err(),
            r#"invalid pattern "[b-a]": Range values reversed, start char code is greater than end char code."#
        );
    }

    #[test]
    fn a_refused_pattern_is_a_schema_error_at_its_pointer() {
        let typed =
            r#"{"type": "object", "properties": {"a": {"type": "string", "pattern": "(a)+\\1"}}}"#;
        assert_eq!(
            crate::Config::new()
                .generate_str(typed)
                .unwrap_err()
                .to_string(),
            r#"schema error at /properties/a/pattern: pattern "(a)+\\1" is not supported: back-reference \1 to a group inside a repetition or a look-around"#
        );
        let general = r#"{"type": "object", "patternProperties": {"(?i:x)": true}, "properties": {"b": {"anyOf": [{"pattern": "(?<=\\1(a))"}, {"type": "integer"}]}}}"#;
        assert_eq!(
            crate::Config::new()
                .generate_str(general)
                .unwrap_err()
                .to_string(),
            concat!(
                r#"schema error at /properties/b/anyOf/0/pattern: pattern "(?<=\\1(a))" is not supported: back-reference \1 inside a look-behind"#,
                "\n",
                r#"schema error at /patternProperties/(?i:x): pattern "(?i:x)" is not supported: group modifier 'i'"#
            )
        );
    }

    /// xorshift64*, seeded: the same cases on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
        }

        fn pick<'a>(&mut self, of: &[&'a str]) -> &'a str {
            of[self.below(of.len())]
        }
    }

    const ATOMS: &[&str] = &[
        "a",
        "b",
        "1",
        "é",
        " ",
        "_",
        r"\n",
        ".",
        r"\d",
        r"\D",
        r"\w",
        r"\W",
        r"\s",
        r"\S",
        "[ab]",
        r"[^a\d]",
        r"[\s_]",
        "[]",
        "[^]",
        r"\u00e9",
        r"\x61",
        r"[a-c]",
        r"\p{L}",
        r"\P{Ll}",
        r"[\p{Nd}b]",
        r"\cJ",
        r"[\b]",
    ];
    const ASSERTIONS: &[&str] = &["^", "$", r"\b", r"\B"];
    const QUANTIFIERS: &[&str] = &["*", "+", "?", "{2}", "{1,2}", "{0,}", "*?", "+?", "??"];
    const INPUT: &[&str] = &[
        "a", "b", "1", "é", " ", "_", "\n", "\u{2028}", "\u{feff}", "\u{85}",
    ];

    /// A random pattern; `looped` is set when it holds a quantifier. Quantified groups hold no
    /// quantifier: regress loops forever on some nested loops (`(?:(?:a?)*)*b` on "a").
    /// Back-references name closed groups only: regress does not match a reference inside its own
    /// group as empty (`((?:x|\1)) \1??` is unit-tested instead).
    fn random_pattern(
        rng: &mut Rng,
        depth: usize,
        groups: &mut Vec<bool>,
        looped: &mut bool,
    ) -> String {
        let mut out = String::new();
        for _ in 0..1 + rng.below(3) {
            let mut inner = false;
            let term = match rng.below(if depth > 2 { 3 } else { 9 }) {
                0 | 1 => rng.pick(ATOMS).to_owned(),
                2 => rng.pick(ASSERTIONS).to_owned(),
                3 => {
                    groups.push(false);
                    let n = groups.len() - 1;
                    let body = random_pattern(rng, depth + 1, groups, &mut inner);
                    groups[n] = true;
                    format!("({body})")
                }
                4 => {
                    let a = random_pattern(rng, depth + 1, groups, &mut inner);
                    let b = random_pattern(rng, depth + 1, groups, &mut inner);
                    format!("(?:{a}|{b})")
                }
                5 => {
                    let look = rng.pick(&["?=", "?!", "?<=", "?<!"]);
                    format!(
                        "({look}{})",
                        random_pattern(rng, depth + 1, groups, &mut inner)
                    )
                }
                6 if groups.iter().any(|closed| *closed) => {
                    let closed: Vec<usize> = (0..groups.len()).filter(|&i| groups[i]).collect();
                    format!(r"\{}", 1 + closed[rng.below(closed.len())])
                }
                _ => format!("(?:{})", random_pattern(rng, depth + 1, groups, &mut inner)),
            };
            out.push_str(&term);
            *looped |= inner;
            let quantifiable = !inner
                && !term.starts_with("(?=")
                && !term.starts_with("(?!")
                && !term.starts_with("(?<")
                && !ASSERTIONS.contains(&term.as_str());
            if quantifiable && rng.below(3) == 0 {
                out.push_str(rng.pick(QUANTIFIERS));
                *looped = true;
            }
        }
        out
    }

    /// Random small patterns and inputs: the translation on its engine gives regress's verdict.
    #[test]
    fn same_verdict_as_regress() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut compared, mut refused, mut linear) = (0, 0, 0);
        for _ in 0..2000 {
            let mut groups = Vec::new();
            let source = random_pattern(&mut rng, 0, &mut groups, &mut false);
            let Ok(reference) = regress::Regex::with_flags(&source, "u") else {
                continue;
            };
            let translation = match translate(&source) {
                Ok(t) => t,
                Err(e) => {
                    assert!(e.contains("is not supported: back-reference"), "{e}");
                    refused += 1;
                    continue;
                }
            };
            let bounded = fancy_regex::Regex::new(&translation.pattern);
            let linear_regex = regex::Regex::new(&translation.pattern);
            if translation.engine == Engine::Linear {
                linear += 1;
            }
            for _ in 0..12 {
                let input: String = (0..rng.below(7)).map(|_| rng.pick(INPUT)).collect();
                let expected = reference.find(&input).is_some();
                let got = match translation.engine {
                    Engine::Linear => linear_regex.as_ref().unwrap().is_match(&input),
                    Engine::Bounded => bounded.as_ref().unwrap().is_match(&input).unwrap(),
                };
                assert_eq!(
                    got, expected,
                    "pattern {source:?} as {:?} on {input:?}",
                    translation.pattern
                );
                compared += 1;
            }
        }
        println!("{compared} comparisons, {linear} linear patterns, {refused} refused");
        assert!(compared > 10_000, "{compared} comparisons");
        assert!(
            linear > 250 && refused < 500,
            "{linear} linear, {refused} refused"
        );
    }
}
