//! A `text/event-stream` reader that is fed the body chunk by chunk, as it arrives.
//!
//! It follows the WHATWG event-stream rules a JSON-RPC peer relies on: lines end with `\n`,
//! `\r\n` or `\r` (also when the two bytes of `\r\n` come in different chunks); `data:` lines of one
//! event are joined with `\n`; one space after the colon is dropped; `:` comment lines and the
//! `id`, `retry` and `event` fields are ignored; a blank line ends the event. Events whose data is
//! empty (the "priming" event servers send first) are skipped, and a trailing event the stream
//! never ended with a blank line is discarded.

/// The reader's state between chunks.
#[derive(Debug, Default)]
pub(crate) struct EventStream {
    /// The bytes of the line being read (decoded once complete, so a character split across
    /// chunks survives).
    line: Vec<u8>,
    /// The data of the event being read, one `\n` after each `data:` line.
    data: String,
    /// Whether the last byte was a `\r`, so that a `\n` right after it ends no second line.
    after_cr: bool,
    /// Whether the first line was read (a byte order mark is dropped before it).
    started: bool,
}

impl EventStream {
    /// Reads `bytes` and appends the data of every event completed by them to `events`.
    pub(crate) fn feed(&mut self, bytes: &[u8], events: &mut Vec<String>) {
        for &byte in bytes {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' => self.end_line(events),
                b'\r' => {
                    self.end_line(events);
                    self.after_cr = true;
                }
                _ => {
                    self.after_cr = false;
                    self.line.push(byte);
                }
            }
        }
    }

    fn end_line(&mut self, events: &mut Vec<String>) {
        let bytes = std::mem::take(&mut self.line);
        let mut line = String::from_utf8_lossy(&bytes).into_owned();
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{FEFF}') {
                line = rest.to_owned();
            }
        }
        if line.is_empty() {
            let mut data = std::mem::take(&mut self.data);
            if data.ends_with('\n') {
                data.pop();
            }
            if !data.is_empty() {
                events.push(data);
            }
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        if field == "data" {
            self.data.push_str(value);
            self.data.push('\n');
        }
        // `event`, `id` and `retry` matter to a browser reconnecting; a JSON-RPC exchange over
        // one POST needs none of them, and unknown fields are ignored by the rules.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&[u8]]) -> Vec<String> {
        let mut stream = EventStream::default();
        let mut out = Vec::new();
        for chunk in chunks {
            stream.feed(chunk, &mut out);
        }
        out
    }

    #[test]
    fn skips_priming_comments_and_fields_and_joins_data_lines() {
        let body = b"id: 0\nretry: 3000\ndata:\n\n: keep-alive\n\nevent: message\nid: 1\ndata: {\"a\":\ndata:  1}\n\ndata: x";
        assert_eq!(events(&[body]), ["{\"a\":\n 1}"]);
    }

    #[test]
    fn line_ends_and_characters_may_be_split_across_chunks() {
        let body = "\u{FEFF}data: é\r\n\r\ndata:b\rdata:c\r\r".as_bytes();
        let whole = events(&[body]);
        assert_eq!(whole, ["é", "b\nc"]);
        for cut in 0..body.len() {
            assert_eq!(events(&[&body[..cut], &body[cut..]]), whole, "cut at {cut}");
        }
    }

    #[test]
    fn a_line_without_colon_is_a_field_with_an_empty_value() {
        assert_eq!(events(&[b"data\ndata\n\ndata:x\n\n"]), ["\n", "x"]);
    }
}
