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

    /// xorshift64*, seeded: the same streams on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// A stream of lines the rules care about (data, comments, other fields, stray text with
    /// invalid UTF-8), each ended by `\n`, `\r\n` or `\r`, with blank lines between events.
    fn random_stream(rng: &mut Rng) -> Vec<u8> {
        const STARTS: &[&[u8]] = &[
            b"data:",
            b"data: ",
            b"data:  ",
            b"data",
            b":",
            b": keep-alive",
            b"id: 7",
            b"retry: 3000",
            b"event: message",
            b"",
            "\u{FEFF}data: ".as_bytes(),
        ];
        const TEXT: &[&[u8]] = &[
            b"{\"jsonrpc\":\"2.0\",\"id\":1}",
            b" ",
            b"x",
            b":",
            "é".as_bytes(),
            "日本".as_bytes(),
            "\u{FEFF}".as_bytes(),
            b"\xE2\x82",
            b"\xFF",
        ];
        const ENDS: &[&[u8]] = &[b"\n", b"\r\n", b"\r"];
        let mut out = Vec::new();
        for _ in 0..rng.below(24) {
            out.extend_from_slice(STARTS[rng.below(STARTS.len())]);
            for _ in 0..rng.below(4) {
                out.extend_from_slice(TEXT[rng.below(TEXT.len())]);
            }
            out.extend_from_slice(ENDS[rng.below(ENDS.len())]);
            if rng.below(3) == 0 {
                out.extend_from_slice(ENDS[rng.below(ENDS.len())]);
            }
        }
        // Sometimes a last line or event the stream never ends.
        if rng.below(4) == 0 {
            out.extend_from_slice(b"data: cut");
        }
        out
    }

    /// The rules applied to the whole stream at once, decoded first: the reference the chunked
    /// reader must match.
    fn whole_stream(bytes: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(bytes);
        let mut rest = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let (mut out, mut data) = (Vec::new(), String::new());
        while let Some(end) = rest.find(['\r', '\n']) {
            let line = &rest[..end];
            rest = &rest[end
                + if rest[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                }..];
            if line.is_empty() {
                let event = std::mem::take(&mut data);
                let event = event.strip_suffix('\n').unwrap_or(&event);
                if !event.is_empty() {
                    out.push(event.to_owned());
                }
            } else if !line.starts_with(':') {
                let (field, value) = line.split_once(':').unwrap_or((line, ""));
                if field == "data" {
                    data.push_str(value.strip_prefix(' ').unwrap_or(value));
                    data.push('\n');
                }
            }
        }
        out
    }

    #[test]
    fn any_stream_split_anywhere_gives_the_same_events() {
        let mut rng = Rng(0x5EED_0000_0000_0001);
        let mut seen = 0;
        for seed in 0..400 {
            let body = random_stream(&mut rng);
            let whole = events(&[&body]);
            seen += whole.len();
            assert_eq!(whole, whole_stream(&body), "seed {seed}: {body:?}");
            for cut in 0..=body.len() {
                assert_eq!(
                    events(&[&body[..cut], &body[cut..]]),
                    whole,
                    "seed {seed}, cut at {cut}: {body:?}"
                );
            }
            let bytes: Vec<&[u8]> = body.chunks(1).collect();
            assert_eq!(events(&bytes), whole, "seed {seed}, byte by byte");
            let mut chunks = Vec::new();
            let mut rest = body.as_slice();
            while !rest.is_empty() {
                let (chunk, tail) = rest.split_at(1 + rng.below(rest.len()));
                chunks.push(chunk);
                rest = tail;
            }
            assert_eq!(events(&chunks), whole, "seed {seed}, chunks {chunks:?}");
        }
        // The streams are not all empty of events.
        assert!(seen > 500, "{seen} events in 400 streams");
    }

    #[test]
    fn a_line_without_colon_is_a_field_with_an_empty_value() {
        assert_eq!(events(&[b"data\ndata\n\ndata:x\n\n"]), ["\n", "x"]);
    }
}
