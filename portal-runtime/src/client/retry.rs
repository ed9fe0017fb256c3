//! When a failed attempt is tried again, and how long to wait first.

use std::time::Duration;

use crate::error::Error;
use crate::random;

/// The statuses retried: rate limiting (429) and the gateway/availability failures (502, 503,
/// 504), which say the request was not processed. A 500 is not retried: the request may have been
/// processed, and the same request usually fails the same way again.
pub const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// How [`Client::send`](super::Client::send) retries a failed attempt.
///
/// Retried, for idempotent methods (GET, PUT, DELETE): the [`RETRY_STATUSES`] and failed
/// connections (refused, reset, closed before the response was complete); timeouts only when
/// [`retry_timeouts`](Self::retry_timeouts) is set. For POST and PATCH, only what provably was not
/// processed: a connection that could not be made (nothing was written), a 429, and a 503 with
/// `Retry-After`; a 502, a 504, a reset after the request was written and a timeout may each
/// hide a request the server acted on.
/// The wait before retry *n* (counting from 0) is `min(initial_backoff · 2ⁿ, max_backoff)`
/// scaled by a random factor in `[0.5, 1)`, so clients that failed together do not return
/// together. A `Retry-After` header (seconds or HTTP-date) replaces that wait; one longer than
/// [`max_retry_after`](Self::max_retry_after) ends the retries and the error carries it in
/// [`ApiError::retry_after`](crate::error::ApiError::retry_after).
///
/// Every attempt of one send carries the same `Idempotency-Key`, but the WorkOS API docs say the
/// key is deduplicated only for audit-log events: that is why a POST is retried only when it
/// provably did not run. A `Retry-After` of `0` or a date in the past waits [`MIN_RETRY_AFTER`].
///
/// The default: **2 retries** (3 attempts), backoff from **500 ms** capped at **5 s**,
/// `Retry-After` honoured up to **60 s**, timeouts **not** retried. Two retries ride out a
/// brief rate-limit or deploy blip, while keeping the worst case bounded (a timeout already used
/// the caller's time budget once, and the request may have been processed). The official SDKs
/// range from one attempt for a plain POST (Rust) to four (Node, Go, Python).
///
/// ```
/// use std::time::Duration;
/// use portal_runtime::client::RetryPolicy;
///
/// let eager = RetryPolicy::default().max_retries(4).initial_backoff(Duration::from_millis(100));
/// assert_eq!(RetryPolicy::none().get_max_retries(), 0);
/// assert_eq!(eager.get_max_retries(), 4);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_timeouts: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            retry_timeouts: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every send makes exactly one attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times a failed attempt is retried (attempts = retries + 1).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The wait before the first retry, before jitter; it doubles for every further retry.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between attempts, before jitter (`Retry-After` is bounded separately).
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest `Retry-After` honoured; a longer one ends the retries.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Whether an attempt of an idempotent request (GET, PUT, DELETE) that timed out is retried;
    /// a POST or PATCH that timed out is never retried, as it may have been processed.
    pub fn retry_timeouts(mut self, retry: bool) -> Self {
        self.retry_timeouts = retry;
        self
    }

    /// How many times a failed attempt is retried.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    /// How long to wait before retrying after `error`, when `retries_done` retries were made
    /// already; `None` when the error is final.
    ///
    /// A request that is not `idempotent` (POST, PATCH) is retried only when it provably was not
    /// processed: the connection failed before the request was written, or the server said to
    /// come back (429, or 503 with `Retry-After`). A 502 or 504 comes from a gateway that may
    /// have passed the request on, and a connection that broke after the request was written may
    /// have broken after the server acted on it; the API does not deduplicate by
    /// `Idempotency-Key` for this endpoint, so a second attempt could act twice.
    pub(crate) fn delay(
        &self,
        error: &Error,
        retries_done: u32,
        idempotent: bool,
    ) -> Option<Duration> {
        if retries_done >= self.max_retries {
            return None;
        }
        match error {
            Error::Api(e) if RETRY_STATUSES.contains(&e.status) => {
                let told_to_retry = e.status == 429 || (e.status == 503 && e.retry_after.is_some());
                if !idempotent && !told_to_retry {
                    return None;
                }
                match e.retry_after {
                    Some(after) if after > self.max_retry_after => None,
                    Some(after) => Some(after.max(MIN_RETRY_AFTER)),
                    None => Some(self.backoff(retries_done)),
                }
            }
            Error::Transport { source, .. } if idempotent || never_sent(source.as_ref()) => {
                Some(self.backoff(retries_done))
            }
            Error::Timeout { .. } if idempotent && self.retry_timeouts => {
                Some(self.backoff(retries_done))
            }
            _ => None,
        }
    }

    fn backoff(&self, retries_done: u32) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retries_done).unwrap_or(u32::MAX));
        doubled
            .min(self.max_backoff)
            .mul_f64(0.5 + 0.5 * random::unit())
    }
}

/// Whether the request of a failed transport provably never reached the server: the connection
/// (TCP or TLS) could not be made, so no byte of the request was written.
fn never_sent(error: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    error
        .downcast_ref::<reqwest::Error>()
        .is_some_and(reqwest::Error::is_connect)
}

/// The shortest wait a `Retry-After` header can ask for: `0` and dates in the past are raised to
/// it, so that a server (or a clock skew) cannot make the client retry in a tight loop.
pub const MIN_RETRY_AFTER: Duration = Duration::from_millis(100);

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::error::ApiError;
    use crate::http::parse_retry_after;

    fn api(status: u16, retry_after: Option<Duration>) -> Error {
        ApiError::parse(status, None, retry_after, b"{}").into()
    }

    fn other_transport_failure() -> Error {
        Error::Transport {
            attempt: 1,
            message: "connection reset".into(),
            source: "connection reset".into(),
        }
    }

    #[test]
    fn retry_after_takes_seconds_and_all_three_http_date_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        for later in [
            "Sun, 06 Nov 1994 08:50:07 GMT",
            "Sunday, 06-Nov-94 08:50:07 GMT",
            "Sun Nov  6 08:50:07 1994",
        ] {
            assert_eq!(
                parse_retry_after(later, now),
                Some(Duration::from_secs(30)),
                "{later}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Tue, 29 Feb 2028 23:59:59 GMT", UNIX_EPOCH),
            Some(Duration::from_secs(1_835_481_599))
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Feb 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn the_default_retries_twice_with_jittered_doubling_backoff() {
        let policy = RetryPolicy::default();
        let first = policy.delay(&api(503, None), 0, true).unwrap();
        assert!(
            first >= Duration::from_millis(250) && first < Duration::from_millis(500),
            "{first:?}"
        );
        let second = policy.delay(&api(502, None), 1, true).unwrap();
        assert!(
            second >= Duration::from_millis(500) && second < Duration::from_millis(1000),
            "{second:?}"
        );
        assert_eq!(policy.delay(&api(503, None), 2, true), None);
        let capped = RetryPolicy::default()
            .max_retries(40)
            .delay(&api(504, None), 39, true)
            .unwrap();
        assert!(
            capped >= Duration::from_millis(2500) && capped < Duration::from_secs(5),
            "{capped:?}"
        );
    }

    #[test]
    fn retry_after_wins_is_capped_and_has_a_floor() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(&api(429, Some(Duration::from_secs(7))), 0, false),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            policy.delay(&api(429, Some(Duration::from_secs(61))), 0, false),
            None
        );
        assert_eq!(
            policy.delay(&api(429, Some(Duration::ZERO)), 0, false),
            Some(MIN_RETRY_AFTER)
        );
        assert_eq!(
            policy.delay(&api(503, Some(Duration::from_millis(1))), 0, true),
            Some(MIN_RETRY_AFTER)
        );
    }

    #[test]
    fn only_transient_failures_are_retried() {
        let policy = RetryPolicy::default();
        for status in [400, 401, 404, 409, 422, 500] {
            assert_eq!(policy.delay(&api(status, None), 0, true), None, "{status}");
        }
        let timeout = Error::Timeout {
            after: Duration::from_secs(1),
            attempt: 1,
        };
        assert_eq!(policy.delay(&timeout, 0, true), None);
        let eager = policy.clone().retry_timeouts(true);
        assert!(eager.delay(&timeout, 0, true).is_some());
        assert_eq!(eager.delay(&timeout, 0, false), None);
        assert_eq!(RetryPolicy::none().delay(&api(503, None), 0, true), None);
    }

    #[test]
    fn a_post_is_retried_only_when_it_provably_did_not_run() {
        let policy = RetryPolicy::default();
        for status in [502, 503, 504] {
            assert_eq!(policy.delay(&api(status, None), 0, false), None, "{status}");
            assert!(
                policy.delay(&api(status, None), 0, true).is_some(),
                "{status}"
            );
        }
        assert!(policy.delay(&api(429, None), 0, false).is_some());
        assert_eq!(
            policy.delay(&api(503, Some(Duration::from_secs(2))), 0, false),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.delay(&api(504, Some(Duration::from_secs(2))), 0, false),
            None
        );
        assert_eq!(policy.delay(&other_transport_failure(), 0, false), None);
        assert!(policy.delay(&other_transport_failure(), 0, true).is_some());
    }

    /// xorshift64*, seeded: the same inputs on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
    }

    const WEEKDAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    /// The civil date of `days` since 1970-01-01 (Howard Hinnant's algorithm), for formatting
    /// dates independently of the parser.
    fn civil(days: i64) -> (i64, usize, i64) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month as usize - 1, day)
    }

    /// `seconds` after the epoch in the three HTTP-date forms.
    fn forms(seconds: u64) -> [String; 3] {
        let days = (seconds / 86_400) as i64;
        let (year, month, day) = civil(days);
        let (h, m, s) = (seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60);
        let weekday = WEEKDAYS[(days % 7) as usize];
        let month = MONTHS[month];
        [
            format!(
                "{}, {day:02} {month} {year} {h:02}:{m:02}:{s:02} GMT",
                &weekday[..3]
            ),
            format!(
                "{weekday}, {day:02}-{month}-{:02} {h:02}:{m:02}:{s:02} GMT",
                year % 100
            ),
            format!(
                "{} {month} {day:>2} {h:02}:{m:02}:{s:02} {year}",
                &weekday[..3]
            ),
        ]
    }

    #[test]
    fn retry_after_dates_round_trip_in_every_form() {
        let mut rng = Rng(0x05EE_D0FD_A7E5);
        let epoch = UNIX_EPOCH;
        for _ in 0..5_000 {
            // RFC 850 has a two-digit year: read as 1970-2069, so draw dates in that range.
            let seconds = rng.next() % 3_155_760_000;
            let now = epoch + Duration::from_secs(rng.next() % 3_155_760_000);
            let at = epoch + Duration::from_secs(seconds);
            let expected = at.duration_since(now).unwrap_or(Duration::ZERO);
            for form in forms(seconds) {
                assert_eq!(parse_retry_after(&form, now), Some(expected), "{form}");
            }
        }
    }

    #[test]
    fn retry_after_parsing_never_panics() {
        let mut rng = Rng(0xFEED_BEEF);
        let pieces = [
            "Sun",
            ", ",
            "06",
            " ",
            "Nov",
            "1994",
            "08:49:37",
            "GMT",
            "-",
            "99",
            ":",
            "Sunday",
            "\u{e9}",
            "0",
            "18446744073709551616",
            "\t",
            "Feb",
            "29",
            "2100",
            "\0",
        ];
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        for _ in 0..20_000 {
            let mut value = String::new();
            for _ in 0..rng.next() % 12 {
                value.push_str(pieces[(rng.next() % pieces.len() as u64) as usize]);
            }
            if let Some(wait) = parse_retry_after(&value, now) {
                // Whatever parses, the policy turns into a bounded wait or the end of retries.
                let error = api(429, Some(wait));
                if let Some(delay) = RetryPolicy::default().delay(&error, 0, false) {
                    assert!(
                        delay >= MIN_RETRY_AFTER && delay <= Duration::from_secs(60),
                        "{value:?}"
                    );
                }
            }
        }
    }
}
