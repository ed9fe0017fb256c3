//! The tree written in the syntax of the `regex` crate (or `fancy-regex`), each construct with its
//! ECMA-262 meaning spelled out.

use super::{ClassItem, Engine, Node, Perl};
use std::collections::HashMap;
use std::fmt::Write as _;

/// ECMA-262 `\w` and `\b`: ASCII only.
pub(super) const WORD: &str = "0-9A-Z_a-z";
/// ECMA-262 `\s`: WhiteSpace (with U+FEFF and the Zs category) and LineTerminator.
pub(super) const SPACE: &str = r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
/// A class no code point is in.
pub(super) const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";
/// A class every code point is in.
pub(super) const ANYTHING: &str = r"[\x{0}-\x{10FFFF}]";

#[derive(Clone, Default)]
pub(super) struct Group {
    /// The group was closed before the current position.
    pub(super) closed: bool,
    /// Inside a repetition of more than one iteration, or a look-around.
    pub(super) unstable: bool,
}

#[derive(Clone, Copy, Default)]
pub(super) struct Context {
    pub(super) repeated: bool,
    pub(super) look: bool,
    pub(super) behind: bool,
}

pub(super) struct Writer {
    pub(super) engine: Engine,
    /// Group names and their numbers; 0 for a name given twice.
    pub(super) names: HashMap<String, usize>,
    pub(super) groups: Vec<Group>,
    pub(super) out: String,
}

impl Writer {
    pub(super) fn node(&mut self, node: &Node, cx: Context) -> Result<(), String> {
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

    pub(super) fn backref(&mut self, n: usize, cx: Context) -> Result<(), String> {
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

pub(super) fn perl(p: Perl) -> &'static str {
    match p {
        Perl::Digit => "0-9",
        Perl::Word => WORD,
        Perl::Space => SPACE,
    }
}

/// A `\p{..}`: the `regex` crate knows the names ECMA-262 allows (general categories, scripts,
/// script extensions and binary properties, long or short); one it does not know fails to compile
/// and the pattern is refused.
pub(super) fn property(name: &str, negated: bool) -> Result<String, String> {
    let valid = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=');
    if !valid {
        return Err(format!("unicode property {name:?}"));
    }
    Ok(format!("\\{}{{{name}}}", if negated { 'P' } else { 'p' }))
}

pub(super) fn class(negated: bool, items: &[ClassItem]) -> Result<String, String> {
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
pub(super) fn literal(c: u32, in_class: bool) -> String {
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
