//! When a failed attempt is tried again, and how long to wait first.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Error;
use crate::random;

/// The statuses retried: rate limiting (429) and the gateway/availability failures (502, 503,
/// 504), which say the request was not processed. A 500 is not retried: the request may have been
/// processed, and the same request usually fails the same way again.
pub const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// How [`Client::send`](super::Client::send) retries a failed attempt.
///
/// Retried: the [`RETRY_STATUSES`] and failed connections (refused, reset, closed before the
/// response was complete); timeouts only when [`retry_timeouts`](Self::retry_timeouts) is set.
/// The wait before retry *n* (counting from 0) is `min(initial_backoff · 2ⁿ, max_backoff)`
/// scaled by a random factor in `[0.5, 1)`, so clients that failed together do not return
/// together. A `Retry-After` header (seconds or HTTP-date) replaces that wait; one longer than
/// [`max_retry_after`](Self::max_retry_after) ends the retries and the error carries it in
/// [`ApiError::retry_after`](crate::error::ApiError::retry_after).
///
/// Every attempt of one send carries the same `Idempotency-Key`. The WorkOS API docs say the key
/// is deduplicated only for audit-log events, so a retried `POST /portal/generate_link` whose first
/// attempt did reach the server can mint a second link. That is harmless (links expire after five
/// minutes and the unused one is simply never opened), but it is why the default is modest.
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

    /// Whether an attempt that timed out is retried.
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
    pub(crate) fn delay(&self, error: &Error, retries_done: u32) -> Option<Duration> {
        if retries_done >= self.max_retries {
            return None;
        }
        match error {
            Error::Api(e) if RETRY_STATUSES.contains(&e.status) => match e.retry_after {
                Some(after) if after > self.max_retry_after => None,
                Some(after) => Some(after),
                None => Some(self.backoff(retries_done)),
            },
            Error::Transport { .. } => Some(self.backoff(retries_done)),
            Error::Timeout { .. } if self.retry_timeouts => Some(self.backoff(retries_done)),
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

/// The wait a `Retry-After` header asks for: delay-seconds, or an IMF-fixdate HTTP-date (the
/// form RFC 9110 requires senders to use) measured from `now`. A date in the past means no wait.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    let (weekday, rest) = value.split_once(", ")?;
    if !matches!(
        weekday,
        "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun"
    ) {
        return None;
    }
    let mut parts = rest.split(' ');
    let (day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let day: u32 = digits(day)?;
    let year: i64 = i64::from(digits::<u32>(year)?);
    let mut hms = time.split(':');
    let (h, m, s) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() || h.len() != 2 || m.len() != 2 || s.len() != 2 {
        return None;
    }
    let (h, m, s): (u64, u64, u64) = (digits(h)?, digits(m)?, digits(s)?);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = u64::try_from(days).ok()? * 86_400 + h * 3600 + m * 60 + s;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    fn api(status: u16, retry_after: Option<Duration>) -> Error {
        ApiError::parse(status, None, retry_after, b"{}").into()
    }

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"),
            Some(UNIX_EPOCH)
        );
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"),
            Some(UNIX_EPOCH + Duration::from_secs(1_835_481_599))
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn the_default_retries_twice_with_jittered_doubling_backoff() {
        let policy = RetryPolicy::default();
        let first = policy.delay(&api(503, None), 0).unwrap();
        assert!(
            first >= Duration::from_millis(250) && first < Duration::from_millis(500),
            "{first:?}"
        );
        let second = policy.delay(&api(502, None), 1).unwrap();
        assert!(
            second >= Duration::from_millis(500) && second < Duration::from_millis(1000),
            "{second:?}"
        );
        assert_eq!(policy.delay(&api(503, None), 2), None);
        let capped = RetryPolicy::default()
            .max_retries(40)
            .delay(&api(504, None), 39)
            .unwrap();
        assert!(
            capped >= Duration::from_millis(2500) && capped < Duration::from_secs(5),
            "{capped:?}"
        );
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(&api(429, Some(Duration::from_secs(7))), 0),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            policy.delay(&api(429, Some(Duration::from_secs(61))), 0),
            None
        );
    }

    #[test]
    fn only_transient_failures_are_retried() {
        let policy = RetryPolicy::default();
        for status in [400, 401, 404, 409, 422, 500] {
            assert_eq!(policy.delay(&api(status, None), 0), None, "{status}");
        }
        let timeout = Error::Timeout {
            after: Duration::from_secs(1),
            attempt: 1,
        };
        assert_eq!(policy.delay(&timeout, 0), None);
        assert!(
            policy
                .clone()
                .retry_timeouts(true)
                .delay(&timeout, 0)
                .is_some()
        );
        assert_eq!(RetryPolicy::none().delay(&api(503, None), 0), None);
    }
}
