//! RFC 3339 dates, times and durations, written here because the crates that parse them accept
//! other spellings as well (ISO 8601's basic form, `,` as a decimal sign, leap seconds on any
//! minute) or refuse leap seconds altogether; and no crate checks the `duration` grammar of
//! RFC 3339 appendix A, which is stricter than ISO 8601's (no fractions, no weeks beside other
//! units).

/// `n` ASCII digits at the start of `b`, as a number.
fn digits(b: &[u8], n: usize) -> Option<u32> {
    let d = b.get(..n)?;
    d.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Whether `s` is an RFC 3339 `full-date` (`format: "date"`).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && full_date(b)
}

fn full_date(b: &[u8]) -> bool {
    let (Some(year), Some(month), Some(day)) =
        (digits(b, 4), digits(&b[5..], 2), digits(&b[8..], 2))
    else {
        return false;
    };
    b[4] == b'-'
        && b[7] == b'-'
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
}

/// Whether `s` is an RFC 3339 `date-time` (`format: "date-time"`): `T` and `Z` in either case,
/// a leap second only where it falls on 23:59:60 UTC.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20 && full_date(&b[..10]) && b[10].eq_ignore_ascii_case(&b'T') && full_time(&b[11..])
}

/// Whether `s` is an RFC 3339 `full-time` (`format: "time"`): a time with its offset, `Z` in
/// either case, a leap second only where it falls on 23:59:60 UTC.
pub fn is_time(s: &str) -> bool {
    full_time(s.as_bytes())
}

fn full_time(t: &[u8]) -> bool {
    if t.len() < 9 {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) =
        (digits(t, 2), digits(&t[3..], 2), digits(&t[6..], 2))
    else {
        return false;
    };
    if t[2] != b':' || t[5] != b':' || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    // The offset in minutes east of UTC.
    let offset = match rest {
        [z] if z.eq_ignore_ascii_case(&b'Z') => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(h), Some(m)) = (digits(&[*h1, *h2], 2), digits(&[*m1, *m2], 2)) else {
                return false;
            };
            if h > 23 || m > 59 {
                return false;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return false,
    };
    if second == 60 {
        // A leap second is inserted at the end of a UTC day only.
        let utc = (i64::from(hour * 60 + minute) - offset).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

/// Whether `s` is an RFC 3339 appendix A `duration` (`format: "duration"`): `P`, then weeks
/// alone, or date units then time units after `T`, each run of units consecutive and in order
/// (`P1Y2M`, `PT1M2S`; not `P1Y2D`, `PT1H2S`), integers only.
pub fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date.as_bytes(), Some(time.as_bytes())),
        None => (rest.as_bytes(), None),
    };
    if let Some(weeks) = date.strip_suffix(b"W") {
        return time.is_none() && !weeks.is_empty() && weeks.iter().all(u8::is_ascii_digit);
    }
    match time {
        None => !date.is_empty() && unit_run(date, b"YMD"),
        Some(time) => !time.is_empty() && unit_run(date, b"YMD") && unit_run(time, b"HMS"),
    }
}

/// Whether `b` is a sequence of `1*DIGIT unit` whose units follow each other in `order` without
/// a gap (`Y M`, `M D`, but not `Y D`); empty is a run.
fn unit_run(b: &[u8], order: &[u8]) -> bool {
    let mut next = None;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i == b.len() {
            return false;
        }
        let Some(at) = order.iter().position(|u| *u == b[i]) else {
            return false;
        };
        if next.is_some_and(|n| n != at) {
            return false;
        }
        next = Some(at + 1);
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times() {
        for ok in ["2020-02-29", "1963-06-19", "2000-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2021-02-29",
            "1900-02-29",
            "2020-13-01",
            "2020-1-01",
            "2020-01-32",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        for ok in [
            "1985-04-12T23:20:50.52Z",
            "1996-12-19T16:39:57-08:00",
            "1990-12-31T23:59:60Z",
            "1990-12-31T15:59:60-08:00",
            "1937-01-01t12:00:27.87+00:20",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "1990-12-31T23:58:60Z",
            "1985-04-12 23:20:50Z",
            "1985-04-12T23:20:50",
            "1985-04-12T23:20:50.Z",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn times_of_rfc_3339_section_5_6() {
        for ok in [
            "23:20:50.52Z",
            "16:39:57-08:00",
            "23:59:60Z",
            "15:59:60-08:00",
            "00:29:60-23:30",
            "12:00:27.87+00:20",
            "12:34:56-00:00",
            "08:30:06z",
        ] {
            assert!(is_time(ok), "{ok}");
        }
        for bad in [
            "25:00:00Z",
            "24:00:00Z",
            "23:59:61Z",
            "22:59:60Z",
            "23:59:60+01:00",
            "12:00:00",
            "12:00:00,5Z",
            "8:30:06Z",
            "08:30:06 PST",
            "01:02:03+24:00",
            "01:02:03Z+00:30",
            "",
            "08:30",
        ] {
            assert!(!is_time(bad), "{bad}");
        }
    }

    #[test]
    fn durations_of_rfc_3339_appendix_a() {
        for ok in [
            "P1Y2M3DT4H5M6S",
            "P3W",
            "PT36H",
            "P1M",
            "PT1M",
            "P1Y2M",
            "P1M2D",
            "PT1M2S",
            "P0D",
            "P01D",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in [
            "P",
            "PT",
            "P1YT",
            "PT1D",
            "P2D1Y",
            "P1D2H",
            "P2S",
            "P1Y2W",
            "P1WT1H",
            "P1Y2D",
            "PT1H2S",
            "PT0.5S",
            "-P1D",
            "P1",
            "P1D2T3H",
            "p1d",
            "P1DT1HT1M",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
    }
}
