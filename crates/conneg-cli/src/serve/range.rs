//! Range requests (RFC 9110 §14): which bytes of the chosen variant a `Range` header asks for.
//!
//! ```text
//! Range          = ranges-specifier
//! ranges-specifier = range-unit "=" range-set
//! range-set      = 1#range-spec
//! range-spec     = int-range / suffix-range / other-range
//! int-range      = first-pos "-" [ last-pos ]
//! suffix-range   = "-" suffix-length
//! ```
//!
//! Written here rather than taken from a crate: the parsers we looked at refuse a suffix longer
//! than the representation (RFC 9110 §14.1.3: the whole representation is used), answer 416 for
//! a header that is merely malformed (§14.2: such a header is ignored) and for a set with one
//! unsatisfiable range among satisfiable ones (§14.1.1: the set is satisfiable), and allocate.

use std::ops::Range;

/// The most ranges served from one request: a longer set is ignored (RFC 9110 §14.2 lets a
/// server ignore "more than a few ranges"), and the whole representation is sent.
pub const MAX_RANGES: usize = 16;

/// What a `Range` header asks of a representation of `len` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ranges {
    /// Serve the whole representation: the header is malformed, names another unit, has more
    /// than [`MAX_RANGES`] ranges, or asks for more bytes in all than the representation has
    /// (overlaps: a multipart answer larger than the file).
    Ignore,
    /// 416: no range of the set is satisfiable.
    Unsatisfiable,
    /// 206: these byte ranges (half-open, within the representation, in the client's order).
    Satisfiable(Vec<Range<u64>>),
}

/// Reads `header` for a representation of `len` bytes.
pub fn ranges(header: &[u8], len: u64) -> Ranges {
    let Some(eq) = header.iter().position(|&b| b == b'=') else {
        return Ranges::Ignore;
    };
    // The unit is a token compared case-insensitively (§14.1); only bytes is known here.
    if !header[..eq].eq_ignore_ascii_case(b"bytes") {
        return Ranges::Ignore;
    }
    let mut found = Vec::new();
    let mut specs = 0;
    let mut total: u64 = 0;
    for spec in header[eq + 1..].split(|&b| b == b',') {
        let spec = spec.trim_ascii();
        if spec.is_empty() {
            // An empty list element (`1#` allows them, RFC 9110 §5.6.1.2).
            continue;
        }
        specs += 1;
        if specs > MAX_RANGES {
            return Ranges::Ignore;
        }
        match spec_range(spec, len) {
            Spec::Malformed => return Ranges::Ignore,
            Spec::Unsatisfiable => {}
            Spec::Bytes(range) => {
                total = total.saturating_add(range.end - range.start);
                found.push(range);
            }
        }
    }
    if specs == 0 || total > len {
        Ranges::Ignore
    } else if found.is_empty() {
        Ranges::Unsatisfiable
    } else {
        Ranges::Satisfiable(found)
    }
}

/// What one range-spec asks of the representation.
enum Spec {
    /// It breaks the grammar, which makes the whole header invalid (§14.1.1).
    Malformed,
    /// It is well-formed but outside the representation.
    Unsatisfiable,
    /// These bytes.
    Bytes(Range<u64>),
}

fn spec_range(spec: &[u8], len: u64) -> Spec {
    let Some(dash) = spec.iter().position(|&b| b == b'-') else {
        return Spec::Malformed;
    };
    let (first, last) = (&spec[..dash], &spec[dash + 1..]);
    if first.is_empty() {
        // A suffix: the last `n` bytes, all of them when the representation is shorter.
        return match number(last) {
            None => Spec::Malformed,
            Some(n) if n > 0 && len > 0 => Spec::Bytes(len.saturating_sub(n)..len),
            Some(_) => Spec::Unsatisfiable,
        };
    }
    let Some(first) = number(first) else {
        return Spec::Malformed;
    };
    let last = if last.is_empty() {
        None
    } else if let Some(last) = number(last) {
        Some(last)
    } else {
        return Spec::Malformed;
    };
    if last.is_some_and(|last| last < first) {
        Spec::Malformed
    } else if first >= len {
        Spec::Unsatisfiable
    } else {
        Spec::Bytes(first..last.map_or(len, |last| last.saturating_add(1).min(len)))
    }
}

/// `1*DIGIT`; a number too large for 64 bits reads as `u64::MAX` (beyond any file).
fn number(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// A MIME boundary for a multipart/byteranges body that appears nowhere in `body`.
pub fn boundary(body: &[u8], seed: u64) -> String {
    let mut n = seed;
    loop {
        let candidate = format!("conneg-{n:016x}");
        if !body
            .windows(candidate.len())
            .any(|w| w == candidate.as_bytes())
        {
            return candidate;
        }
        n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    }
}

#[cfg(test)]
// Arrays of byte ranges are what the tests compare, one range or several.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn r(header: &str, len: u64) -> Ranges {
        ranges(header.as_bytes(), len)
    }

    fn sat(ranges: &[Range<u64>]) -> Ranges {
        Ranges::Satisfiable(ranges.to_vec())
    }

    #[test]
    fn the_forms_of_rfc_9110_14_1_2() {
        // The examples of §14.1.2 on a 10000-byte representation.
        assert_eq!(r("bytes=0-499", 10000), sat(&[0..500]));
        assert_eq!(r("bytes=500-999", 10000), sat(&[500..1000]));
        assert_eq!(r("bytes=-500", 10000), sat(&[9500..10000]));
        assert_eq!(r("bytes=9500-", 10000), sat(&[9500..10000]));
        assert_eq!(r("bytes=0-0,-1", 10000), sat(&[0..1, 9999..10000]));
        assert_eq!(
            r("bytes= 0-999, 4500-5499, -1000", 10000),
            sat(&[0..1000, 4500..5500, 9000..10000])
        );
        assert_eq!(
            r("bytes=500-600,601-999", 10000),
            sat(&[500..601, 601..1000])
        );
    }

    #[test]
    fn satisfiable_or_not() {
        // A last-pos past the end is clipped; a suffix longer than the file is the file.
        assert_eq!(r("bytes=5-100", 10), sat(&[5..10]));
        assert_eq!(r("bytes=-100", 10), sat(&[0..10]));
        assert_eq!(r("BYTES=0-", 10), sat(&[0..10]));
        assert_eq!(r("bytes=10-", 10), Ranges::Unsatisfiable);
        assert_eq!(r("bytes=-0", 10), Ranges::Unsatisfiable);
        assert_eq!(r("bytes=0-", 0), Ranges::Unsatisfiable);
        assert_eq!(r("bytes=-5", 0), Ranges::Unsatisfiable);
        // One satisfiable range makes the set satisfiable; the others are dropped.
        assert_eq!(r("bytes=20-30, 2-3", 10), sat(&[2..4]));
        assert_eq!(
            r("bytes=99999999999999999999999-", 10),
            Ranges::Unsatisfiable
        );
        assert_eq!(r("bytes=0-99999999999999999999999", 10), sat(&[0..10]));
    }

    #[test]
    fn malformed_or_abusive_headers_are_ignored() {
        for header in [
            "bytes",
            "bytes=",
            "bytes=,",
            "items=0-5",
            "bytes=5-1",
            "bytes=a-b",
            "bytes=1",
            "bytes=-",
            "bytes=1-2-3",
            "bytes=+1-2",
            "bytes=0-1;x",
        ] {
            assert_eq!(r(header, 10), Ranges::Ignore, "{header}");
        }
        // More bytes than the file (overlaps), or too many ranges.
        assert_eq!(r("bytes=0-9, 0-9", 10), Ranges::Ignore);
        let many = (0..=MAX_RANGES)
            .map(|i| format!("{i}-{i}"))
            .collect::<Vec<_>>();
        assert_eq!(r(&format!("bytes={}", many.join(",")), 100), Ranges::Ignore);
        let enough = &many[..MAX_RANGES];
        assert!(matches!(
            r(&format!("bytes={}", enough.join(",")), 100),
            Ranges::Satisfiable(v) if v.len() == MAX_RANGES
        ));
    }

    #[test]
    fn a_boundary_is_not_in_the_body() {
        let first = boundary(b"", 7);
        assert_eq!(first, "conneg-0000000000000007");
        let body = format!("text {first} more");
        let other = boundary(body.as_bytes(), 7);
        assert_ne!(other, first);
        assert!(!body.contains(&other));
    }

    proptest::proptest! {
        /// Any bytes, any length: no panic; what is served lies within the representation,
        /// is never empty, never more than the whole, and never more than MAX_RANGES pieces.
        #[test]
        fn any_header_gives_ranges_within_the_representation(
            header in proptest::collection::vec(
                proptest::sample::select(b"bytes=0123456789-, \tx;".to_vec()), 0..40),
            raw in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            len in 0u64..64,
        ) {
            for h in [&header, &raw] {
                if let Ranges::Satisfiable(parts) = ranges(h, len) {
                    proptest::prop_assert!(!parts.is_empty() && parts.len() <= MAX_RANGES);
                    let total: u64 = parts.iter().map(|r| r.end - r.start).sum();
                    proptest::prop_assert!(total <= len);
                    for r in parts {
                        proptest::prop_assert!(r.start < r.end && r.end <= len);
                    }
                }
            }
        }
    }
}
