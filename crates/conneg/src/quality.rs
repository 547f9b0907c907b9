//! Quality values (`q`), as integers in thousandths.

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Subject};

/// A quality value (`q`, RFC 9110 §12.4.2): how much a client wants something, from 0 (not
/// at all) to 1, kept as an integer number of thousandths so that comparisons are exact and no
/// float ever sees a header (no NaN, no rounding).
///
/// ```
/// use conneg::Quality;
///
/// let q: Quality = "0.8".parse()?;
/// assert_eq!(q.thousandths(), 800);
/// assert_eq!(q.to_string(), "0.8");
/// assert!(q < Quality::ONE && q > Quality::ZERO);
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Quality(u16);

impl Quality {
    /// `q=0`: not acceptable.
    pub const ZERO: Quality = Quality(0);
    /// `q=0.001`: the least acceptable.
    pub const MIN: Quality = Quality(1);
    /// `q=1`: the most acceptable, and the weight of a member without `q`.
    pub const ONE: Quality = Quality(1000);

    /// The quality `thousandths / 1000`, or `None` above 1000.
    ///
    /// ```
    /// assert_eq!(conneg::Quality::from_thousandths(500).unwrap().to_string(), "0.5");
    /// assert!(conneg::Quality::from_thousandths(1001).is_none());
    /// ```
    pub const fn from_thousandths(thousandths: u16) -> Option<Quality> {
        if thousandths <= 1000 {
            Some(Quality(thousandths))
        } else {
            None
        }
    }

    /// The quality in thousandths, 0..=1000.
    pub const fn thousandths(self) -> u16 {
        self.0
    }

    /// `0.d`, for the digit `d` (0 to 9).
    #[inline]
    pub(crate) const fn tenths(digit: u8) -> Quality {
        Quality(digit as u16 * 100)
    }

    /// Whether this is `q=0`, which refuses.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The product of two qualities, as RFC 2296 §3.5 multiplies source quality and the
    /// client's weights, rounded down to a thousandth but never from above 0 to 0.
    ///
    /// ```
    /// use conneg::Quality;
    /// let half = Quality::from_thousandths(500).unwrap();
    /// assert_eq!(half.product(half).thousandths(), 250);
    /// assert_eq!(Quality::MIN.product(half), Quality::MIN);
    /// ```
    #[must_use]
    pub const fn product(self, other: Quality) -> Quality {
        let p = (self.0 as u32 * other.0 as u32) / 1000;
        if p == 0 && self.0 != 0 && other.0 != 0 {
            Quality::MIN
        } else {
            Quality(p as u16)
        }
    }
}

/// How a weight's value read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    /// A plain decimal, read leniently.
    Given(Quality),
    /// `q=` with nothing after it: ignored, q stays 1.
    Empty,
    /// Not a plain decimal: the member is invalid.
    Invalid,
}

/// Reads a `q` value leniently, as real traffic writes it.
///
/// RFC 9110 §12.4.2 defines `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
/// Real clients send `.5`, `1.`, `0.8000001` and `2`, so conneg reads any plain decimal
/// `*DIGIT [ "." *DIGIT ]` with at least one digit: digits after the third decimal are
/// truncated, except that a non-zero value never becomes 0 (it becomes 0.001), and values
/// above 1 are read as 1. Anything else (`abc`, `-1`, `+1`, `1e3`, `NaN`, a quoted value,
/// full-width digits) is [`Weight::Invalid`]. Linear in the value's length, and no float.
#[inline]
pub(crate) fn parse_weight(value: &[u8]) -> Weight {
    // The forms real clients send, `0.8`, `0.25`, `0.001`, `1` and `0`, read directly.
    match *value {
        [] => Weight::Empty,
        [b'1'] => Weight::Given(Quality::ONE),
        [b'0'] => Weight::Given(Quality::ZERO),
        [b'0', b'.', a] if a.is_ascii_digit() => Weight::Given(Quality(u16::from(a - b'0') * 100)),
        [b'0', b'.', a, b] if a.is_ascii_digit() && b.is_ascii_digit() => Weight::Given(Quality(
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10,
        )),
        [b'0', b'.', a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => {
            let n = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
            Weight::Given(Quality(n))
        }
        _ => parse_weight_general(value),
    }
}

/// [`parse_weight`] for the other forms: kept out of line, since real clients rarely send them.
#[cold]
#[inline(never)]
fn parse_weight_general(value: &[u8]) -> Weight {
    let (int, frac) = match value.iter().position(|&b| b == b'.') {
        Some(dot) => (&value[..dot], &value[dot + 1..]),
        None => (value, &value[value.len()..]),
    };
    if int.len() + frac.len() == 0
        || !int.iter().all(u8::is_ascii_digit)
        || !frac.iter().all(u8::is_ascii_digit)
    {
        return Weight::Invalid;
    }
    // A non-zero integer part means a value of at least 1, which reads as 1.
    if int.iter().any(|&d| d != b'0') {
        return Weight::Given(Quality::ONE);
    }
    let mut thousandths: u32 = 0;
    let mut scale = 100;
    for &d in frac.iter().take(3) {
        thousandths += u32::from(d - b'0') * scale;
        scale /= 10;
    }
    if thousandths == 0 && frac.iter().skip(3).any(|&d| d != b'0') {
        thousandths = 1;
    }
    Weight::Given(Quality(thousandths as u16))
}

impl FromStr for Quality {
    type Err = Error;

    /// Reads a weight with the lenient rules of the header parsers (see [`Quality`]); an empty
    /// string or anything but a plain decimal is an error.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match parse_weight(s.as_bytes()) {
            Weight::Given(q) => Ok(q),
            Weight::Empty | Weight::Invalid => {
                let bytes = s.as_bytes();
                let position = bytes
                    .iter()
                    .position(|&b| !(b.is_ascii_digit() || b == b'.'))
                    .unwrap_or(bytes.len());
                Err(Error::invalid(
                    Subject::Quality,
                    bytes,
                    position,
                    "a decimal number",
                ))
            }
        }
    }
}

impl fmt::Display for Quality {
    /// The shortest decimal form: `1`, `0.5`, `0.25`, `0.001`, `0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1000 => f.write_str("1"),
            0 => f.write_str("0"),
            n if n % 100 == 0 => write!(f, "0.{}", n / 100),
            n if n % 10 == 0 => write!(f, "0.{:02}", n / 10),
            n => write!(f, "0.{n:03}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Weight {
        parse_weight(s.as_bytes())
    }

    fn given(n: u16) -> Weight {
        Weight::Given(Quality(n))
    }

    #[test]
    fn rfc_forms() {
        assert_eq!(q("0"), given(0));
        assert_eq!(q("0.5"), given(500));
        assert_eq!(q("0.123"), given(123));
        assert_eq!(q("1"), given(1000));
        assert_eq!(q("1.000"), given(1000));
        assert_eq!(q("0.001"), given(1));
    }

    #[test]
    fn lenient_forms_seen_in_traffic() {
        assert_eq!(q(".5"), given(500));
        assert_eq!(q("1."), given(1000));
        assert_eq!(q("0."), given(0));
        assert_eq!(q("00.5"), given(500));
        assert_eq!(q("0.8000001"), given(800));
        assert_eq!(q("0.1239"), given(123));
    }

    #[test]
    fn non_zero_never_truncates_to_zero() {
        assert_eq!(q("0.0001"), given(1));
        assert_eq!(q("0.0000000000000000000000001"), given(1));
        assert_eq!(q("0.0000"), given(0));
    }

    #[test]
    fn above_one_reads_as_one() {
        assert_eq!(q("2"), given(1000));
        assert_eq!(q("1.5"), given(1000));
        assert_eq!(q("10"), given(1000));
        assert_eq!(q("11"), given(1000));
        assert_eq!(q("99999999999999999999999999999999"), given(1000));
        assert_eq!(q("0001.0"), given(1000));
    }

    #[test]
    fn not_plain_decimals_are_invalid() {
        for bad in [
            "abc", "-1", "+1", "1e3", "NaN", "inf", ".", "0.5.", "1..", "\"0.5\"", "0,5", "٣",
            "１", " 1",
        ] {
            assert_eq!(q(bad), Weight::Invalid, "{bad:?}");
        }
    }

    #[test]
    fn empty_is_its_own_case() {
        assert_eq!(q(""), Weight::Empty);
    }

    #[test]
    fn displays_shortest_form() {
        let shown: Vec<String> = [0, 1, 10, 12, 100, 120, 123, 500, 999, 1000]
            .iter()
            .map(|&n| Quality(n).to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "0", "0.001", "0.01", "0.012", "0.1", "0.12", "0.123", "0.5", "0.999", "1"
            ]
        );
    }

    #[test]
    fn display_round_trips() {
        for n in 0..=1000 {
            assert_eq!(
                Quality(n).to_string().parse::<Quality>().unwrap(),
                Quality(n)
            );
        }
    }

    #[test]
    fn from_str_error_names_the_byte() {
        assert_eq!(
            "0.x".parse::<Quality>().unwrap_err().to_string(),
            "invalid quality value: expected a decimal number at byte 2, found 'x'"
        );
        assert_eq!(
            "".parse::<Quality>().unwrap_err().to_string(),
            "invalid quality value: expected a decimal number at byte 0, found the end"
        );
    }

    #[test]
    fn product_rounds_down_but_keeps_non_zero() {
        assert_eq!(Quality(900).product(Quality(900)), Quality(810));
        assert_eq!(Quality(1).product(Quality(1)), Quality(1));
        assert_eq!(Quality(0).product(Quality(1000)), Quality(0));
        assert_eq!(Quality::ONE.product(Quality(333)), Quality(333));
    }
}
