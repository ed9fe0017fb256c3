//! Unpredictable-enough numbers for idempotency keys and retry jitter, without a
//! random-number crate.
//!
//! Each call hashes a process-wide counter and the clock with a freshly keyed SipHash
//! ([`std::hash::RandomState`] is seeded from the operating system's randomness once per thread
//! and varied per instance). That is plenty for spreading retries and for keys that must not
//! collide; it is not a cryptographic generator.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// 64 random bits.
pub(crate) fn u64() -> u64 {
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

/// A number in `[0, 1)`.
pub(crate) fn unit() -> f64 {
    // The top 53 bits fill an f64 mantissa exactly.
    (u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A version-4 UUID in its hyphenated lowercase form, e.g. `2f1c6b0e-8d4a-4b7e-9c3f-0a1b2c3d4e5f`.
pub(crate) fn uuid_v4() -> String {
    let mut bits = (u128::from(u64()) << 64) | u128::from(u64());
    bits &= !(0xF << 76);
    bits |= 0x4 << 76; // version 4
    bits &= !(0x3 << 62);
    bits |= 0x2 << 62; // variant 10xx
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_are_version_4_and_distinct() {
        let a = super::uuid_v4();
        let b = super::uuid_v4();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'));
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert!(
            a.bytes()
                .all(|c| c == b'-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn units_stay_in_range() {
        for _ in 0..1000 {
            let x = super::unit();
            assert!((0.0..1.0).contains(&x));
        }
    }
}
