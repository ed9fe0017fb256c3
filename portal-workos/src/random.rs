//! Tokens and request ids for the sandbox, without a random-number crate.
//!
//! Each draw hashes a process-wide counter and the clock with a freshly keyed SipHash
//! ([`std::hash::RandomState`] is seeded from the operating system's randomness once per thread
//! and varied per instance): distinct and unpredictable enough for a test server's links and
//! request ids, not a cryptographic generator.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

fn u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}

/// `len` characters of `[0-9A-Za-z]`.
pub(crate) fn alphanumeric(len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut bits = u64();
        // 10 characters of 6 bits each per draw; values past the alphabet are skipped, not folded,
        // so every character is equally likely.
        for _ in 0..10 {
            let i = (bits & 0x3F) as usize;
            bits >>= 6;
            if i < ALPHABET.len() && out.len() < len {
                out.push(ALPHABET[i] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn alphanumerics_have_the_requested_length_and_differ() {
        let token = super::alphanumeric(43);
        assert_eq!(token.len(), 43);
        assert!(token.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(token, super::alphanumeric(43));
    }
}
