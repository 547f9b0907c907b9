//! Datetimes of mementos (what a server has) and `Accept-Datetime` (what a client asks for),
//! for time travel in HTTP (RFC 7089, Memento).
//!
//! RFC 7089 §2.1.1 and RFC 2616 §3.3.1 (the same format as RFC 9110's IMF-fixdate):
//!
//! ```text
//! Accept-Datetime = rfc1123-date
//! rfc1123-date    = wkday "," SP date1 SP time SP "GMT"
//! date1           = 2DIGIT SP month SP 4DIGIT      ; day month year (e.g., 02 Jun 1982)
//! time            = 2DIGIT ":" 2DIGIT ":" 2DIGIT   ; 00:00:00 - 23:59:60
//! wkday           = "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun"
//! month           = "Jan" | "Feb" | "Mar" | "Apr" | "May" | "Jun"
//!                 | "Jul" | "Aug" | "Sep" | "Oct" | "Nov" | "Dec"
//! ```
//!
//! Unlike the list headers, a malformed `Accept-Datetime` is an error (answer 400): it asks
//! for one moment, and a server that ignored it would silently serve the wrong one. Names are
//! case-sensitive (RFC 9110 §5.6.7), the day must exist in its month, and the weekday must be
//! that of the date.

use core::fmt;

use crate::error::{Error, Field, Subject};
use crate::limits::Limits;
use crate::list::FieldValue;
use crate::syntax::is_ows;

const WEEKDAYS: [&[u8; 3]; 7] = [b"Thu", b"Fri", b"Sat", b"Sun", b"Mon", b"Tue", b"Wed"];
const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

const SECONDS_PER_DAY: i64 = 86_400;
/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years four digits can write.
const MIN_SECONDS: i64 = -62_167_219_200;
const MAX_SECONDS: i64 = 253_402_300_799;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01 (H. Hinnant's `civil_from_days`).
#[allow(
    clippy::cast_sign_loss,
    reason = "day and month are 1..=31 and 1..=12 by construction"
)]
const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A moment in UTC with one-second precision, between the years 0000 and 9999: when a
/// memento (a prior state of a resource) was captured, or what a client asks for.
///
/// ```
/// use conneg::HttpDate;
///
/// let date = HttpDate::parse("Sun, 06 Nov 1994 08:49:37 GMT")?;
/// assert_eq!(date.unix_seconds(), 784_111_777);
/// assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(
///     HttpDate::parse("Mon, 06 Nov 1994 08:49:37 GMT").unwrap_err().to_string(),
///     "invalid HTTP date: expected the weekday of the date (Sun) at byte 0, found 'M'"
/// );
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HttpDate(i64);

impl HttpDate {
    /// The moment `seconds` after 1970-01-01T00:00:00Z, if its year is within 0000..=9999.
    pub const fn from_unix_seconds(seconds: i64) -> Option<HttpDate> {
        if seconds >= MIN_SECONDS && seconds <= MAX_SECONDS {
            Some(HttpDate(seconds))
        } else {
            None
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// Parses an rfc1123-date (IMF-fixdate) strictly: exactly
    /// `Sun, 06 Nov 1994 08:49:37 GMT`, OWS around it aside. A leap second (`:60`) reads as
    /// the next second.
    pub fn parse(input: &str) -> Result<HttpDate, Error> {
        parse_date(input.as_bytes(), 0, input.as_bytes())
    }

    /// Of `mementos`, the index of the most recent (the first of equals): what a server
    /// serves when the request has no `Accept-Datetime` (RFC 7089 §4.1).
    pub fn most_recent(mementos: &[HttpDate]) -> Option<usize> {
        mementos
            .iter()
            .enumerate()
            .min_by_key(|&(i, d)| (core::cmp::Reverse(*d), i))
            .map(|(i, _)| i)
    }
}

impl fmt::Display for HttpDate {
    /// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let secs = self.0.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
        let month = MONTHS[month as usize - 1];
        write!(
            f,
            "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
            crate::syntax::ascii_str(weekday),
            crate::syntax::ascii_str(month),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// Parses `bytes` (one field line, at `base` in the whole value `whole`) as a date.
fn parse_date(bytes: &[u8], base: usize, whole: &[u8]) -> Result<HttpDate, Error> {
    let start = bytes.iter().take_while(|&&b| is_ows(b)).count();
    let end = bytes.len()
        - bytes[start..]
            .iter()
            .rev()
            .take_while(|&&b| is_ows(b))
            .count();
    let s = &bytes[start..end];
    let at = base + start;
    let fail = |i: usize, expected| Error::invalid(Subject::HttpDate, whole, at + i, expected);
    let literal = |i: usize, lit: &[u8], expected| {
        if s.len() >= i + lit.len() && &s[i..i + lit.len()] == lit {
            Ok(())
        } else {
            let wrong = (0..lit.len())
                .find(|&k| s.get(i + k) != Some(&lit[k]))
                .unwrap_or(0);
            Err(fail(i + wrong, expected))
        }
    };
    let number = |i: usize, digits: usize, max: u32, expected| {
        let mut n: u32 = 0;
        for k in 0..digits {
            match s.get(i + k) {
                Some(&d) if d.is_ascii_digit() => n = n * 10 + u32::from(d - b'0'),
                _ => return Err(fail(i + k, expected)),
            }
        }
        if n > max {
            Err(fail(i, expected))
        } else {
            Ok(n)
        }
    };
    let name = |i: usize, names: &[&[u8; 3]], expected| match s.get(i..i + 3) {
        Some(got) => names
            .iter()
            .position(|n| n[..] == *got)
            .ok_or_else(|| fail(i, expected)),
        None => Err(fail(i.min(s.len()), expected)),
    };
    let weekday = name(0, &WEEKDAYS, "a day name (Mon to Sun)")?;
    literal(3, b", ", "', '")?;
    let day = number(5, 2, 31, "a day of the month (01 to 31)")?;
    literal(7, b" ", "a space")?;
    let month = name(8, &MONTHS, "a month name (Jan to Dec)")? as u32 + 1;
    literal(11, b" ", "a space")?;
    let year = i64::from(number(12, 4, 9999, "a four-digit year")?);
    literal(16, b" ", "a space")?;
    let hour = number(17, 2, 23, "an hour (00 to 23)")?;
    literal(19, b":", "':'")?;
    let minute = number(20, 2, 59, "a minute (00 to 59)")?;
    literal(22, b":", "':'")?;
    let second = number(23, 2, 60, "a second (00 to 60)")?;
    literal(25, b" GMT", "' GMT'")?;
    if s.len() > 29 {
        return Err(fail(29, "the end of the date"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(fail(5, "a day that exists in the month"));
    }
    let days = days_from_civil(year, month, day);
    if days.rem_euclid(7) as usize != weekday {
        return Err(Error::invalid(
            Subject::HttpDate,
            whole,
            at,
            match days.rem_euclid(7) {
                0 => "the weekday of the date (Thu)",
                1 => "the weekday of the date (Fri)",
                2 => "the weekday of the date (Sat)",
                3 => "the weekday of the date (Sun)",
                4 => "the weekday of the date (Mon)",
                5 => "the weekday of the date (Tue)",
                _ => "the weekday of the date (Wed)",
            },
        ));
    }
    let seconds = days * SECONDS_PER_DAY
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second);
    // A leap second on 9999-12-31 would leave the range; it reads as the last second.
    Ok(HttpDate(seconds.min(MAX_SECONDS)))
}

/// The `Accept-Datetime` request header (RFC 7089 §2.1.1): the moment a client wants a
/// resource as it was.
///
/// ```text
/// Accept-Datetime = rfc1123-date
/// ```
///
/// ```
/// use conneg::{AcceptDatetime, HttpDate};
///
/// let wanted = AcceptDatetime::parse("Thu, 31 May 2007 20:35:00 GMT")?;
/// let mementos = [
///     HttpDate::parse("Tue, 01 May 2007 00:00:00 GMT")?,
///     HttpDate::parse("Fri, 01 Jun 2007 00:00:00 GMT")?,
/// ];
/// assert_eq!(wanted.closest(&mementos), Some(1));
///
/// let err = AcceptDatetime::parse("yesterday").unwrap_err();
/// assert_eq!(err.to_string(), "invalid HTTP date: expected a day name (Mon to Sun) at byte 0, found 'y'");
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AcceptDatetime(HttpDate);

impl AcceptDatetime {
    /// Parses the header with the default [`Limits`]. Several non-empty field lines are an
    /// error: the header is one date, not a list.
    pub fn parse<'a>(value: impl Into<FieldValue<'a>>) -> Result<Self, Error> {
        Self::parse_with(value, &Limits::DEFAULT)
    }

    /// Parses the header with the given [`Limits`] (only `max_bytes` applies).
    pub fn parse_with<'a>(
        value: impl Into<FieldValue<'a>>,
        limits: &Limits,
    ) -> Result<Self, Error> {
        let value = value.into();
        let len = value.len();
        if len > limits.max_bytes {
            return Err(Error::TooLong {
                field: Field::AcceptDatetime,
                len,
                limit: limits.max_bytes,
            });
        }
        let mut found: Option<(usize, &[u8])> = None;
        let mut base = 0;
        for i in 0..value.lines() {
            let line = value.line(i).unwrap_or_default();
            if line.iter().any(|&b| !is_ows(b)) {
                if found.is_some() {
                    let lead = line.iter().take_while(|&&b| is_ows(b)).count();
                    return Err(Error::invalid(
                        Subject::HttpDate,
                        line,
                        lead,
                        "one date, not a list",
                    ))
                    .map_err(|e| shift(e, base));
                }
                found = Some((base, line));
            }
            base += line.len();
        }
        let (base, line) = found.unwrap_or((0, b""));
        parse_date(line, 0, line)
            .map(AcceptDatetime)
            .map_err(|e| shift(e, base))
    }

    /// The moment asked for.
    pub const fn date(&self) -> HttpDate {
        self.0
    }

    /// Of `mementos` (in any order), the index of the one closest to the moment asked for: a
    /// tie goes to the earlier memento (then to the first listed). Before the first memento
    /// this is the first, after the last it is the last (RFC 7089 §4.5.3). `None` only when
    /// `mementos` is empty.
    pub fn closest(&self, mementos: &[HttpDate]) -> Option<usize> {
        let wanted = self.0.0;
        mementos
            .iter()
            .enumerate()
            .min_by_key(|&(i, d)| (d.0.abs_diff(wanted), d.0, i))
            .map(|(i, _)| i)
    }
}

impl fmt::Display for AcceptDatetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Moves the position of an error in one field line to its place in the whole value.
fn shift(error: Error, base: usize) -> Error {
    match error {
        Error::Invalid {
            subject,
            position,
            found,
            expected,
        } => Error::Invalid {
            subject,
            position: position + base,
            found,
            expected,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_conversions_agree() {
        for days in (days_from_civil(0, 1, 1)..=days_from_civil(9999, 12, 31)).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            HttpDate(MIN_SECONDS).to_string(),
            "Sat, 01 Jan 0000 00:00:00 GMT"
        );
        assert_eq!(
            HttpDate(MAX_SECONDS).to_string(),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
    }

    #[test]
    fn parses_the_rfc_example() {
        let d = HttpDate::parse("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(d.unix_seconds(), 784_111_777);
    }

    #[test]
    fn leap_second_reads_as_the_next_second() {
        let leap = HttpDate::parse("Sat, 31 Dec 2016 23:59:60 GMT").unwrap();
        assert_eq!(leap.to_string(), "Sun, 01 Jan 2017 00:00:00 GMT");
        let last = HttpDate::parse("Fri, 31 Dec 9999 23:59:60 GMT").unwrap();
        assert_eq!(last.unix_seconds(), MAX_SECONDS);
    }

    fn error(s: &str) -> String {
        HttpDate::parse(s).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(
            error("Sun 06 Nov 1994 08:49:37 GMT"),
            "invalid HTTP date: expected ', ' at byte 3, found a space"
        );
        assert_eq!(
            error("Sun, 06 nov 1994 08:49:37 GMT"),
            "invalid HTTP date: expected a month name (Jan to Dec) at byte 8, found 'n'"
        );
        assert_eq!(
            error("Sun, 6 Nov 1994 08:49:37 GMT"),
            "invalid HTTP date: expected a day of the month (01 to 31) at byte 6, found a space"
        );
        assert_eq!(
            error("Sun, 06 Nov 1994 24:00:00 GMT"),
            "invalid HTTP date: expected an hour (00 to 23) at byte 17, found '2'"
        );
        assert_eq!(
            error("Sun, 06 Nov 1994 08:49:37 UTC"),
            "invalid HTTP date: expected ' GMT' at byte 26, found 'U'"
        );
        assert_eq!(
            error("Sun, 06 Nov 1994 08:49:37"),
            "invalid HTTP date: expected ' GMT' at byte 25, found the end"
        );
        assert_eq!(
            error("Sun, 06 Nov 1994 08:49:37 GMTx"),
            "invalid HTTP date: expected the end of the date at byte 29, found 'x'"
        );
        assert_eq!(
            error("Thu, 30 Feb 1995 00:00:00 GMT"),
            "invalid HTTP date: expected a day that exists in the month at byte 5, found '3'"
        );
        assert_eq!(
            error(""),
            "invalid HTTP date: expected a day name (Mon to Sun) at byte 0, found the end"
        );
        assert_eq!(
            error("Sunday, 06-Nov-94 08:49:37 GMT"),
            "invalid HTTP date: expected ', ' at byte 3, found 'd'"
        );
    }

    #[test]
    fn leap_years() {
        assert!(HttpDate::parse("Tue, 29 Feb 2000 00:00:00 GMT").is_ok());
        assert!(HttpDate::parse("Thu, 29 Feb 1900 00:00:00 GMT").is_err());
        assert!(HttpDate::parse("Sun, 29 Feb 2004 00:00:00 GMT").is_ok());
    }

    #[test]
    fn header_is_one_date_not_a_list() {
        let lines = [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "  ",
            "Sun, 06 Nov 1994 08:49:37 GMT",
        ];
        let err = AcceptDatetime::parse(&lines[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid HTTP date: expected one date, not a list at byte 31, found 'S'"
        );
        let lines = ["", " Sun, 06 Nov 1994 08:49:37 GMT "];
        assert!(AcceptDatetime::parse(&lines[..]).is_ok());
        let lines = ["", "Sun, 06 Nov 1994 08:49:37 XMT"];
        assert_eq!(
            AcceptDatetime::parse(&lines[..]).unwrap_err().to_string(),
            "invalid HTTP date: expected ' GMT' at byte 26, found 'X'"
        );
    }

    #[test]
    fn closest_memento() {
        let at = |s| HttpDate::parse(s).unwrap();
        let mementos = [
            at("Mon, 01 Jan 2001 00:00:00 GMT"),
            at("Sat, 01 Jan 2005 00:00:00 GMT"),
            at("Wed, 01 Jan 2003 00:00:00 GMT"),
        ];
        let want = |s| AcceptDatetime::parse(s).unwrap().closest(&mementos);
        assert_eq!(
            want("Sun, 01 Jan 1995 00:00:00 GMT"),
            Some(0),
            "before the first: the first"
        );
        assert_eq!(
            want("Tue, 01 Jan 2030 00:00:00 GMT"),
            Some(1),
            "after the last: the last"
        );
        assert_eq!(
            want("Thu, 01 Jan 2004 00:00:00 GMT"),
            Some(2),
            "nearer 2003 than 2005 (365 < 366 days)"
        );
        assert_eq!(
            want("Tue, 01 Jan 2002 00:00:00 GMT"),
            Some(0),
            "365 days either way: the earlier"
        );
        assert_eq!(want("Wed, 02 Jan 2002 00:00:00 GMT"), Some(2));
        assert_eq!(HttpDate::most_recent(&mementos), Some(1));
        assert_eq!(HttpDate::most_recent(&[]), None);
        assert_eq!(
            AcceptDatetime::parse("Tue, 01 Jan 2002 00:00:00 GMT")
                .unwrap()
                .closest(&[]),
            None
        );
    }

    #[test]
    fn closest_tie_goes_to_the_earlier() {
        let at = |s| HttpDate::parse(s).unwrap();
        let mementos = [
            at("Thu, 03 Jan 2002 00:00:00 GMT"),
            at("Tue, 01 Jan 2002 00:00:00 GMT"),
        ];
        let wanted = AcceptDatetime::parse("Wed, 02 Jan 2002 00:00:00 GMT").unwrap();
        assert_eq!(wanted.closest(&mementos), Some(1));
    }
}
