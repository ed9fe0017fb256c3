//! Descriptions → rustdoc: dedented and trimmed, relative links made absolute against the tool's
//! documentation base, bare URLs wrapped, stray brackets and angle brackets escaped, code fences
//! marked `text` (so rustdoc never compiles a description as a doctest).

/// Cleans a schema `description` into rustdoc lines.
pub fn doc_lines(description: &str, docs_base: Option<&str>) -> Vec<String> {
    let lines = dedent(description);
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    for line in lines {
        let trimmed = line.trim_start();
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
        // Four spaces would open an indented code block, which rustdoc compiles as a doctest.
        let indent = line.len() - trimmed.len();
        let line = if indent >= 4 {
            format!("  {trimmed}")
        } else {
            line.clone()
        };
        out.push(inline(&line, docs_base));
    }
    out
}

/// Removes the common indentation and the blank lines at both ends; trims line ends.
pub fn dedent(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
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
