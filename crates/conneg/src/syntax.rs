//! RFC 9110 syntax shared by every header: tokens, OWS, quoted strings, list and parameter
//! splitting. Everything here works on bytes, borrows, and is linear in its input.

/// RFC 9110 §5.6.2, as a table so the hot loops do one load per byte:
///
/// ```text
/// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
///         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
/// ```
static TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    table
};

/// Whether `b` may appear in a token.
#[inline]
pub(crate) fn is_tchar(b: u8) -> bool {
    TCHAR[usize::from(b)]
}

/// `token = 1*tchar`.
#[inline]
pub(crate) fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| is_tchar(b))
}

/// The index of the first byte of `bytes` that is not a tchar (or its length).
#[inline]
pub(crate) fn token_end(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| !is_tchar(b))
        .unwrap_or(bytes.len())
}

/// `OWS = *( SP / HTAB )`.
#[inline]
pub(crate) const fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The slice without leading and trailing OWS.
#[inline]
pub(crate) fn trim_ows(mut bytes: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = bytes {
        if !is_ows(*first) {
            break;
        }
        bytes = rest;
    }
    while let [rest @ .., last] = bytes {
        if !is_ows(*last) {
            break;
        }
        bytes = rest;
    }
    bytes
}

/// Given `bytes[start] == b'"'`, the index just past the closing quote, skipping quoted-pairs;
/// `bytes.len()` when the string is not closed.
#[inline]
pub(crate) fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return i + 1,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether `bytes` is exactly one well-formed quoted-string (RFC 9110 §5.6.4):
///
/// ```text
/// quoted-string  = DQUOTE *( qdtext / quoted-pair ) DQUOTE
/// qdtext         = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
/// quoted-pair    = "\" ( HTAB / SP / VCHAR / obs-text )
/// ```
pub(crate) fn is_quoted_string(bytes: &[u8]) -> bool {
    let [b'"', inner @ .., b'"'] = bytes else {
        return false;
    };
    let mut i = 0;
    while i < inner.len() {
        match inner[i] {
            b'\\' => match inner.get(i + 1) {
                Some(&c) if c == b'\t' || c >= 0x20 && c != 0x7f => i += 2,
                _ => return false,
            },
            b'"' | 0x7f => return false,
            c if c == b'\t' || c >= 0x20 => i += 1,
            _ => return false,
        }
    }
    true
}

/// The bytes a parameter value stands for: a token as it is, a quoted-string without its
/// quotes and with its quoted-pairs resolved.
pub(crate) fn unquoted(raw: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let (inner, quoted) = match raw {
        [b'"', inner @ .., b'"'] => (inner, true),
        _ => (raw, false),
    };
    let mut escaped = false;
    inner.iter().copied().filter(move |&b| {
        if quoted && !escaped && b == b'\\' {
            escaped = true;
            false
        } else {
            escaped = false;
            true
        }
    })
}

/// Whether two parameter values (each a token or a quoted-string) stand for the same bytes,
/// ASCII case ignored when `ignore_case`. `a="b"` equals `a=b` (RFC 9110 §5.6.6).
pub(crate) fn value_eq(a: &[u8], b: &[u8], ignore_case: bool) -> bool {
    if a.first() != Some(&b'"') && b.first() != Some(&b'"') {
        return if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            bytes_eq(a, b)
        };
    }
    let mut a = unquoted(a);
    let mut b = unquoted(b);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y || ignore_case && x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

/// Splits `bytes` at each `sep` that is not inside a quoted-string, yielding each non-empty
/// piece OWS-trimmed with the offset of its first byte. A `"` right after `=` opens a quoted-string, in which `,` and `;` are
/// literal; an unterminated one runs to the end of the field line.
#[derive(Debug, Clone)]
pub(crate) struct Split<'a> {
    bytes: &'a [u8],
    pos: usize,
    sep: u8,
}

impl<'a> Split<'a> {
    /// The pieces of `bytes` between `sep`s.
    pub(crate) fn new(bytes: &'a [u8], sep: u8) -> Self {
        Split { bytes, pos: 0, sep }
    }
}

impl<'a> Iterator for Split<'a> {
    /// The offset of the trimmed piece in `bytes`, and the piece.
    type Item = (usize, &'a [u8]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.bytes;
        while self.pos <= bytes.len() {
            let start = self.pos;
            let mut i = start;
            while i < bytes.len() {
                let b = bytes[i];
                if b == self.sep {
                    break;
                }
                // A quoted-string can only be a parameter value, right after `=`; a stray `"`
                // elsewhere is an ordinary (invalid) byte and cannot swallow the members after it.
                i = if b == b'"' && i > start && bytes[i - 1] == b'=' {
                    skip_quoted(bytes, i)
                } else {
                    i + 1
                };
            }
            // `pos` past the end marks the iterator as done after the last piece.
            self.pos = i + 1;
            let raw = &bytes[start..i];
            let piece = trim_ows(raw);
            if !piece.is_empty() {
                let lead = raw.iter().take_while(|&&b| is_ows(b)).count();
                return Some((start + lead, piece));
            }
        }
        None
    }
}

/// One `name=value` parameter (RFC 9110 §5.6.6), borrowed; the value is raw (a token, or a
/// quoted-string with its quotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawParam<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) value: &'a [u8],
}

/// Parses `parameter = parameter-name "=" parameter-value` with
/// `parameter-value = ( token / quoted-string )`. No whitespace is allowed around `=`.
pub(crate) fn parse_param(piece: &[u8]) -> Option<RawParam<'_>> {
    let eq = token_end(piece);
    if eq == 0 || piece.get(eq) != Some(&b'=') {
        return None;
    }
    let (name, value) = (&piece[..eq], &piece[eq + 1..]);
    (is_token(value) || is_quoted_string(value)).then_some(RawParam { name, value })
}

/// ASCII case-insensitive equality of short tokens (codings, charsets), byte by byte: for a
/// few bytes a `memcmp` call costs more than the comparison.
#[inline]
pub(crate) fn eq_ignore_case_short(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && (same(a, b)
            || a.iter()
                .zip(b)
                .all(|(x, y)| x == y || x.eq_ignore_ascii_case(y)))
}

/// ASCII case-insensitive equality, with a fast path for the very same bytes.
#[inline]
pub(crate) fn eq_ignore_case(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && (same(a, b)
            || match a.len() {
                0..4 => a.eq_ignore_ascii_case(b),
                // `json`, `html`, `text`, `plain`: one folded word each, not a byte at a time
                // (about 100 instructions less for `application/json` matched against itself).
                4..8 => lower8(halves(a)) == lower8(halves(b)),
                // The bytes compared as they are first: values nearly always come in one case.
                _ => bytes_eq(a, b) || words_eq(a, b, lower8),
            })
}

/// The first four and the last four bytes of `s` (4 to 8 bytes long, so that they cover it,
/// overlapping when shorter than 8) as one word: two values of one length are equal when
/// their words are.
#[inline]
fn halves(s: &[u8]) -> u64 {
    let half = |at: usize| {
        s.get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map_or(0, u32::from_le_bytes)
    };
    u64::from(half(0)) | u64::from(half(s.len().saturating_sub(4))) << 32
}

/// Byte equality. Header values and tokens are short, and slice `==` calls the C library's
/// `memcmp`, whose vector variants cost tens of nanoseconds per call on some machines
/// (measured in BENCHMARKS.md, "Variant selection"): more than the comparison itself.
#[inline]
pub(crate) fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && if a.len() < 8 {
            a.iter().zip(b).all(|(x, y)| x == y)
        } else {
            words_eq(a, b, |w| w)
        }
}

/// Whether `a` and `b` (of equal length, at least 8) are equal after `fold`, compared eight
/// bytes at a time, the last word overlapping the one before.
#[inline]
fn words_eq(a: &[u8], b: &[u8], fold: impl Fn(u64) -> u64) -> bool {
    let n = a.len();
    if n < 8 || b.len() != n {
        return false;
    }
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map_or(0, |w| fold(u64::from_le_bytes(w)))
    };
    let mut at = 0;
    while at + 8 < n {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, n - 8) == word(b, n - 8)
}

/// The eight bytes of `w` with ASCII upper-case letters made lower-case, all at once: a byte
/// gets 0x20 added when it is at least `A`, at most `Z` and below 0x80.
#[inline]
fn lower8(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = w & !HIGH;
    // High bit set where the low seven bits are >= b'A', and where they are > b'Z'.
    let from_a = low7 + ONES * (0x80 - u64::from(b'A'));
    let past_z = low7 + ONES * (0x7f - u64::from(b'Z'));
    let upper = from_a & !past_z & !w & HIGH;
    w | upper >> 2
}

/// Whether `a` and `b` are the very same bytes (same address and length): a server's values
/// are often copies of one constant, compared again and again during a negotiation.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    core::ptr::eq(a, b)
}

/// A token as `&str`. Tokens are ASCII, so the conversion cannot fail; the fallback is never
/// taken.
#[inline]
pub(crate) fn ascii_str(token: &[u8]) -> &str {
    core::str::from_utf8(token).unwrap_or_default()
}

/// Parses a whole input (OWS around it aside) as one token that is not the wildcard `*`: the
/// strict parser of the server-side charset, coding and instance-manipulation values.
pub(crate) fn parse_token(
    input: &[u8],
    subject: crate::error::Subject,
) -> Result<&[u8], crate::error::Error> {
    let end = input.len() - input.iter().rev().take_while(|&&b| is_ows(b)).count();
    let input = &input[..end];
    let start = input.iter().take_while(|&&b| is_ows(b)).count();
    let token = &input[start..];
    let n = token_end(token);
    let error = |position, expected| {
        Err(crate::error::Error::invalid(
            subject, input, position, expected,
        ))
    };
    if n == 0 {
        error(start, "a token")
    } else if n < token.len() {
        error(start + n, "the end of the token")
    } else if token == b"*" {
        error(start, "a name, not a wildcard")
    } else {
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn word_comparisons_agree_with_the_byte_loops(
            a in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            flips in proptest::collection::vec(0usize..40, 0..4),
            swap_case in proptest::prelude::any::<bool>(),
        ) {
            let mut b = a.clone();
            for i in flips {
                if let Some(x) = b.get_mut(i) {
                    *x = if swap_case { *x ^ 0x20 } else { x.wrapping_add(1) };
                }
            }
            proptest::prop_assert_eq!(eq_ignore_case(&a, &b), a.eq_ignore_ascii_case(&b));
            proptest::prop_assert_eq!(bytes_eq(&a, &b), a == b);
        }
    }

    #[test]
    fn lower8_folds_exactly_the_ascii_capitals() {
        for x in 0..=255u8 {
            let w = u64::from_le_bytes([x, b'A', x, b'z', 0x80 | b'A', x, b'@', b'[']);
            let folded = lower8(w).to_le_bytes();
            let expected =
                [x, b'A', x, b'z', 0x80 | b'A', x, b'@', b'['].map(|c| c.to_ascii_lowercase());
            assert_eq!(folded, expected, "byte {x:#04x}");
        }
    }

    fn pieces(split: Split<'_>) -> Vec<&str> {
        split
            .map(|(_, p)| core::str::from_utf8(p).unwrap())
            .collect()
    }

    #[test]
    fn tchar_is_rfc_9110_token_set() {
        let specials = b"\"(),/:;<=>?@[\\]{}";
        for b in 0..=255u8 {
            let expected = b.is_ascii_graphic() && !specials.contains(&b);
            assert_eq!(is_tchar(b), expected, "byte {b:#x}");
        }
    }

    #[test]
    fn list_skips_empty_members_and_trims_ows() {
        assert_eq!(pieces(Split::new(b" a ,, b\t,\t, ", b',')), ["a", "b"]);
        assert_eq!(pieces(Split::new(b"", b',')), Vec::<&str>::new());
        assert_eq!(pieces(Split::new(b",,,", b',')), Vec::<&str>::new());
    }

    #[test]
    fn list_keeps_separators_inside_quoted_strings() {
        assert_eq!(
            pieces(Split::new(br#"a;x="1,2", b;y="\",", c"#, b',')),
            [r#"a;x="1,2""#, r#"b;y="\",""#, "c"]
        );
        // An unterminated quoted-string runs to the end of the line.
        assert_eq!(pieces(Split::new(br#"a;x="1, b"#, b',')), [r#"a;x="1, b"#]);
        // A quote that does not follow `=` opens nothing.
        assert_eq!(pieces(Split::new(br#"a"b, c"#, b',')), [r#"a"b"#, "c"]);
        assert_eq!(pieces(Split::new(br#""a, b""#, b',')), [r#""a"#, r#"b""#]);
    }

    #[test]
    fn splits_parameters() {
        assert_eq!(pieces(Split::new(b"a ; ;b=1;", b';')), ["a", "b=1"]);
    }

    #[test]
    fn offsets_point_at_the_piece() {
        let offsets: Vec<usize> = Split::new(b"a, b,,c,\t d", b',').map(|(o, _)| o).collect();
        assert_eq!(offsets, [0, 3, 6, 10]);
    }

    #[test]
    fn quoted_string_grammar() {
        assert!(is_quoted_string(br#""""#));
        assert!(is_quoted_string(br#""a \" b""#));
        assert!(is_quoted_string(b"\"caf\xc3\xa9\""));
        assert!(!is_quoted_string(br#"""#));
        assert!(!is_quoted_string(br#""a"b""#));
        assert!(!is_quoted_string(br#""a\""#));
        assert!(!is_quoted_string(b"\"a\x01\""));
        assert!(!is_quoted_string(b"\"\x7f\""));
    }

    #[test]
    fn parameter_grammar() {
        assert_eq!(
            parse_param(b"a=b"),
            Some(RawParam {
                name: b"a",
                value: b"b"
            })
        );
        assert_eq!(
            parse_param(br#"a="b c""#),
            Some(RawParam {
                name: b"a",
                value: br#""b c""#
            })
        );
        assert_eq!(parse_param(b"a = b"), None);
        assert_eq!(parse_param(b"a="), None);
        assert_eq!(parse_param(b"=b"), None);
        assert_eq!(parse_param(b"a"), None);
        assert_eq!(parse_param(b"a=b c"), None);
    }

    #[test]
    fn quoted_and_token_values_are_equal() {
        assert!(value_eq(b"b", br#""b""#, false));
        assert!(value_eq(br#""a\"b""#, br#""a\"b""#, false));
        assert!(value_eq(br#""\a""#, b"a", false));
        assert!(!value_eq(b"B", br#""b""#, false));
        assert!(value_eq(b"UTF-8", br#""utf-8""#, true));
        assert!(!value_eq(b"ab", br#""a""#, false));
    }

    #[test]
    fn trims_only_ows() {
        assert_eq!(trim_ows(b" \t a b \t"), b"a b");
        assert_eq!(trim_ows(b"\r a"), b"\r a");
        assert_eq!(trim_ows(b"   "), b"");
    }
}
