//! The pattern read into a [`Node`] tree, construct by construct.

use super::{ClassItem, Node, Perl};

pub(super) struct Parser {
    pub(super) chars: Vec<char>,
    pub(super) at: usize,
    pub(super) groups: usize,
    /// The name of each capturing group, in order.
    pub(super) names: Vec<Option<String>>,
}

type Parsed<T> = Result<T, String>;

impl Parser {
    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.at + n).copied()
    }

    pub(super) fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn next(&mut self) -> Parsed<char> {
        let c = self.peek().ok_or("unexpected end of pattern")?;
        self.at += 1;
        Ok(c)
    }

    pub(super) fn disjunction(&mut self) -> Parsed<Node> {
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

    pub(super) fn alternative(&mut self) -> Parsed<Node> {
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

    pub(super) fn quantifier(&mut self, atom: Node) -> Parsed<Node> {
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
    pub(super) fn braces(&mut self) -> Option<(u32, Option<u32>)> {
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

    pub(super) fn decimal(&mut self) -> Option<u32> {
        let start = self.at;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            // ECMA-262 allows any count; past u32 the engines refuse it anyway.
            n = n.saturating_mul(10).saturating_add(d);
            self.at += 1;
        }
        (self.at > start).then_some(n)
    }

    pub(super) fn atom(&mut self) -> Parsed<Node> {
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

    pub(super) fn group(&mut self) -> Parsed<Node> {
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
    pub(super) fn group_name(&mut self) -> Parsed<String> {
        let mut name = String::new();
        loop {
            match self.next()? {
                '>' => return Ok(name),
                c => name.push(c),
            }
        }
    }

    pub(super) fn atom_escape(&mut self) -> Parsed<Node> {
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
    pub(super) fn class_escape(&mut self, in_class: bool) -> Parsed<ClassItem> {
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

    pub(super) fn hex(&mut self, digits: usize) -> Parsed<u32> {
        let mut n = 0;
        for _ in 0..digits {
            let d = self.next()?.to_digit(16).ok_or("a hexadecimal digit")?;
            n = n * 16 + d;
        }
        Ok(n)
    }

    /// After `\u`: `{H...}`, or `HHHH`, joining a surrogate pair written as two escapes.
    pub(super) fn unicode_escape(&mut self) -> Parsed<u32> {
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
    pub(super) fn class(&mut self) -> Parsed<Node> {
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

    pub(super) fn class_atom(&mut self) -> Parsed<ClassItem> {
        match self.next()? {
            '\\' => self.class_escape(true),
            c => Ok(ClassItem::Range(c as u32, c as u32)),
        }
    }
}
