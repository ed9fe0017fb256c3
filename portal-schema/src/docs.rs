//! Descriptions → rustdoc: dedented and trimmed, relative links made absolute against the tool's
//! documentation base, bare URLs wrapped, stray brackets and angle brackets escaped, code fences
//! marked `text` (so rustdoc never compiles a description as a doctest).

/// Cleans a schema `description` into rustdoc lines.
pub fn doc_lines(description: &str, docs_base: Option<&str>) -> Vec<String> {
    let lines = dedent(description);
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    for line in lines {
        let trimmed = line.trim_start_matches(INDENTATION);
        if trimmed.starts_with("```") {
            if !in_fence && trimmed.trim_end() == "```" {
                out.push(line.replacen("```", "```text", 1));
            } else {
                out.push(line.clone());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.clone());
            continue;
        }
        // Four columns would open an indented code block, which rustdoc compiles as a doctest;
        // a tab reaches the next multiple of four (CommonMark).
        let columns = line[..line.len() - trimmed.len()]
            .chars()
            .fold(0, |n, c| if c == '\t' { n + 4 - n % 4 } else { n + 1 });
        let line = if columns >= 4 {
            format!("  {trimmed}")
        } else {
            line.clone()
        };
        out.push(inline(&line, docs_base));
    }
    out
}

/// What indents a line: spaces and tabs, as in CommonMark, which rustdoc renders. Other Unicode
/// spaces (U+00A0, U+3000, ...) are text there, so they are never removed as indentation; and
/// being single bytes, the removed prefix always ends on a character boundary.
const INDENTATION: [char; 2] = [' ', '\t'];

/// The lines of `text`, ended as in CommonMark: LF, CRLF or a lone CR (which a doc comment may
/// not hold).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// `line` with the characters a doc comment must not show as they are written as `\u{..}`:
/// control characters other than the tab, and the bidirectional overrides and isolates
/// (rustc refuses those in comments and literals: they can make code read otherwise).
fn visible(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Removes the common indentation and the blank lines at both ends; trims line ends.
pub fn dedent(text: &str) -> Vec<String> {
    let lines: Vec<String> = lines(text).map(|l| visible(l.trim_end())).collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(INDENTATION).len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                l[indent..].to_owned()
            }
        })
        .collect();
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn inline(line: &str, docs_base: Option<&str>) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut open_links = 0usize;
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with("](") {
            // A Markdown link target: absolute against the docs base when it starts with `/`.
            out.push_str("](");
            i += 2;
            if line[i..].starts_with('/')
                && !line[i..].starts_with("//")
                && let Some(base) = docs_base
            {
                out.push_str(base.trim_end_matches('/'));
            }
            let end = line[i..].find(')').map_or(line.len(), |e| i + e);
            out.push_str(&line[i..end]);
            i = end;
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = url_end(rest);
            out.push('<');
            out.push_str(&rest[..end]);
            out.push('>');
            i += end;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '`' => {
                // Code spans pass through untouched.
                let end = rest[1..].find('`').map_or(rest.len(), |e| e + 2);
                out.push_str(&rest[..end]);
                i += end;
                continue;
            }
            '[' => {
                let close = rest.find(']');
                let is_link = close.is_some_and(|e| {
                    let after = &rest[e + 1..];
                    after.starts_with('(') || after.starts_with(':') || after.starts_with('[')
                });
                if is_link {
                    out.push('[');
                    open_links += 1;
                } else {
                    out.push_str("\\[");
                }
            }
            ']' => {
                if open_links > 0 {
                    open_links -= 1;
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

fn url_end(s: &str) -> usize {
    let mut end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(s.len());
    while end > 0
        && matches!(
            s.as_bytes()[end - 1],
            b'.' | b',' | b';' | b':' | b')' | b'!' | b'?'
        )
    {
        end -= 1;
    }
    end
}

/// Splits an enum description into its prose and the per-value bullet list
/// (`` - `sso` - Launch Admin Portal for creating SSO connections ``).
pub fn enum_bullets(description: &str) -> (String, Vec<(String, String)>) {
    let mut prose = Vec::new();
    let mut bullets = Vec::new();
    for line in description.lines() {
        match bullet(line) {
            Some(b) => bullets.push(b),
            None => prose.push(line),
        }
    }
    (prose.join("\n"), bullets)
}

fn bullet(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix(['-', '*'])?.trim_start();
    let rest = rest.strip_prefix('`')?;
    let close = rest.find('`')?;
    let value = &rest[..close];
    let text = rest[close + 1..].trim_start();
    let text = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix(':'))
        .or_else(|| text.strip_prefix('–'))?
        .trim();
    Some((value.to_owned(), text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_descriptions() {
        let d = "\n      The intent.\n        - indented\n";
        assert_eq!(doc_lines(d, None), vec!["The intent.", "  - indented"]);
        assert_eq!(
            doc_lines(
                "An [Organization](/reference/organization) identifier.",
                Some("https://workos.com/docs")
            ),
            vec!["An [Organization](https://workos.com/docs/reference/organization) identifier."]
        );
        assert_eq!(
            doc_lines("See https://example.com/x. Or [here](https://a.b/c).", None),
            vec!["See <https://example.com/x>. Or [here](https://a.b/c)."]
        );
        assert_eq!(
            doc_lines("a [b] <c> `[d]`", None),
            vec!["a \\[b\\] &lt;c&gt; `[d]`"]
        );
        assert_eq!(doc_lines("```\nx\n```", None), vec!["```text", "x", "```"]);
    }

    #[test]
    fn unicode_spaces_are_text_not_indentation() {
        // This sliced U+00A0 (two bytes) in half: the common indentation was counted in bytes of
        // Unicode whitespace and removed as one byte of it.
        assert_eq!(dedent(" x\n\u{a0}y"), vec![" x", "\u{a0}y"]);
        assert_eq!(dedent("  a\n  \u{3000}b"), vec!["a", "\u{3000}b"]);
        assert_eq!(
            dedent("\u{2003}\u{2003}a\n\u{2003}b"),
            vec!["\u{2003}\u{2003}a", "\u{2003}b"]
        );
        assert_eq!(
            doc_lines("\u{a0}\u{a0}\u{a0}\u{a0}not code", None),
            vec!["\u{a0}\u{a0}\u{a0}\u{a0}not code"]
        );
    }

    #[test]
    fn tabs_lone_cr_and_controls_are_made_safe_for_a_doc_comment() {
        assert_eq!(doc_lines("a\n\tcode?", None), vec!["a", "  code?"]);
        assert_eq!(
            doc_lines("one\rtwo\r\nthree", None),
            vec!["one", "two", "three"]
        );
        assert_eq!(
            doc_lines(
                "ring\u{7} esc\u{1b}[2J rlo\u{202e}txt\u{2069} rtl \u{200f}שלום",
                None
            ),
            vec!["ring\\u{7} esc\\u{1b}\\[2J rlo\\u{202e}txt\\u{2069} rtl \u{200f}שלום"]
        );
        // Combining marks, zero-width joiners and emoji are text.
        assert_eq!(
            doc_lines("e\u{301} 👩\u{200d}💻 🇫🇷", None),
            vec!["e\u{301} 👩\u{200d}💻 🇫🇷"]
        );
    }

    #[test]
    fn splits_bullets() {
        let (prose, bullets) =
            enum_bullets("The intent.\n  - `sso` - Launch SSO\n  - `dsync`: Sync");
        assert_eq!(prose, "The intent.");
        assert_eq!(
            bullets,
            vec![
                ("sso".into(), "Launch SSO".into()),
                ("dsync".into(), "Sync".into())
            ]
        );
    }
}
