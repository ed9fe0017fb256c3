//! What the CLI writes to the terminal: text from servers and schemas made inert, and writes that
//! survive a closed pipe.
//!
//! `println!` panics when standard output is a pipe whose reader has gone (`portal diff | head`):
//! Rust ignores `SIGPIPE`, so the write fails with `EPIPE` instead of ending the process. Here a
//! closed pipe is not an error: the rest of the output is dropped and the command ends with the
//! exit code it would have had. Any other failure to write (a full disk under `> file`) must not
//! pass for success, so it ends the process with the command's error code.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

/// `text` with every control character written as `\u{..}`: C0 (ESC, BEL, CR, LF, TAB, ...),
/// DEL, C1 (CSI `\u{9b}`, OSC `\u{9d}`, ...), and the bidirectional controls that reorder what a
/// line shows (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069).
///
/// A server's message, code, link or tool name reaches the terminal through here: an ESC could
/// otherwise start an escape sequence (`ESC ] 52` writes the clipboard, `ESC [ 2 J` clears the
/// screen, others retitle the window or forge earlier lines), and a newline or a bidi override
/// could make a line say something else. Escaping, rather than stripping, keeps the text
/// complete and shows that something was there. Every character is looked at once.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape`] line by line: the line breaks of a multi-line text stay (a lone CR does not).
pub fn escape_lines(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// JSON text with what [`escape`] escapes written as JSON escapes (`\u009b`), so it stays JSON
/// that decodes to the same value. `serde_json` escapes C0 itself; DEL, C1 and the bidi controls
/// it writes as they are, and only inside strings (the rest of JSON text is ASCII).
pub fn escape_json(text: &str) -> Cow<'_, str> {
    // C0 outside strings is the layout of pretty JSON (line breaks), and inside them escaped.
    let unsafe_in_json = |c: char| c >= ' ' && unsafe_char(c);
    if !text.chars().any(unsafe_in_json) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_in_json(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Set once standard output turned out to be a closed pipe: later writes are dropped.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// The exit code of a failed write, when nothing more specific is known.
const EXIT_WRITE: i32 = 1;

fn write(closed: &AtomicBool, text: &str, stdout: bool) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    let result = if stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    } else {
        std::io::stderr().lock().write_all(text.as_bytes())
    };
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            closed.store(true, Ordering::Relaxed);
        }
        Err(e) => {
            if stdout {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: cannot write to standard output: {e}"
                );
            }
            std::process::exit(EXIT_WRITE);
        }
    }
}

/// Writes to standard output as it is (see the module docs for a closed pipe); text that may hold
/// a server's goes through [`outln!`] instead.
pub fn out(text: &str) {
    write(&STDOUT_CLOSED, text, true);
}

/// Writes to standard error (see the module docs for a closed pipe).
pub fn err(text: &str) {
    write(&STDERR_CLOSED, text, false);
}

/// `println!` that survives a closed standard output and shows every control character of the
/// text as `\u{..}` ([`escape_lines`]): what the CLI prints holds text from servers and schemas.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::terminal::out(&format!(
            "{}\n",
            $crate::terminal::escape_lines(&format!($($arg)*))
        ))
    };
}

/// `eprintln!` as [`outln!`] is `println!`.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::terminal::err(&format!(
            "{}\n",
            $crate::terminal::escape_lines(&format!($($arg)*))
        ))
    };
}

pub(crate) use {errln, outln};

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(
            escape("ok \u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}31m\r\nnext\u{202e}txt.exe\u{7f}"),
            "ok \\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2J\\u{9b}31m\\u{d}\\u{a}next\\u{202e}txt.exe\\u{7f}"
        );
        assert_eq!(escape("café → 日本 👍🏽 \u{200d}"), "café → 日本 👍🏽 \u{200d}");
        assert!(matches!(
            escape("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
        assert_eq!(
            super::escape_lines("a\u{1b}[2J\nb\r\n"),
            "a\\u{1b}[2J\nb\\u{d}\n"
        );
        let json = serde_json::to_string_pretty(
            &serde_json::json!({"m": "\u{1b}]0;x\u{7}\u{9b}2J\u{202e}"}),
        )
        .unwrap();
        let escaped = super::escape_json(&json);
        assert_eq!(
            escaped,
            "{\n  \"m\": \"\\u001b]0;x\\u0007\\u009b2J\\u202e\"\n}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&escaped).unwrap(),
            serde_json::from_str::<serde_json::Value>(&json).unwrap()
        );
    }
}
