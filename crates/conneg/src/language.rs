//! Language tags (what a server has), language ranges and `Accept-Language` (what a client
//! accepts), matched by RFC 4647 basic filtering with lookup-style truncation.
//!
//! RFC 9110 §12.5.4 and RFC 4647 §2.1:
//!
//! ```text
//! Accept-Language = #( language-range [ weight ] )
//! language-range  = ( 1*8ALPHA *( "-" 1*8alphanum ) ) / "*"
//! alphanum        = ALPHA / DIGIT
//! ```
//!
//! Extended ranges (`de-*-DE`, RFC 4647 §2.2) are not part of HTTP and are invalid members.
//! `_` is read as `-` (`en_US` = `en-US`), as browsers' and servers' locale names often use it.

use core::fmt;

use crate::error::{Error, Field, Subject};
use crate::limits::Limits;
use crate::list::{Head, Member, list_header};
use crate::matching::{self, LanguageSpecificity, Match};
use crate::quality::Quality;

/// What scanning a language tag or range found.
struct Scan {
    /// Where the run of letters, digits, `-` and `_` ends.
    end: usize,
    /// The first break of the grammar in the run: where, and what was expected there.
    error: Option<(usize, &'static str)>,
    /// What would have been accepted at `end`.
    expected_at_end: &'static str,
    /// Whether the run has more subtags than the limit (the scan stops there).
    too_many_subtags: bool,
}

/// Scans `1*8ALPHA *( ("-" / "_") 1*8alphanum )` from `bytes[start]` to the first byte that
/// is not a letter, digit, `-` or `_`, in one pass. The one grammar of both the strict
/// [`LanguageTag::parse`] and the members of `Accept-Language`.
fn scan(bytes: &[u8], start: usize, max_subtags: usize) -> Scan {
    let mut subtags: usize = 1;
    let mut len = 0;
    let mut error = None;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if b == b'-' || b == b'_' {
            if len == 0 {
                error.get_or_insert((i, "a subtag"));
            }
            subtags += 1;
            if subtags > max_subtags {
                return Scan {
                    end: i,
                    error,
                    expected_at_end: "",
                    too_many_subtags: true,
                };
            }
            len = 0;
        } else if b.is_ascii_alphabetic() || b.is_ascii_digit() && subtags > 1 {
            len += 1;
            if len == 9 {
                error.get_or_insert((i, "'-' (a subtag has at most 8 characters)"));
            }
        } else {
            break;
        }
        i += 1;
    }
    let expected_at_end = match (subtags, len) {
        (1, 0) => "a letter",
        (_, 0) => "a subtag",
        (1, _) => "a letter or '-'",
        _ => "a letter, digit or '-'",
    };
    if len == 0 {
        error.get_or_insert((i, expected_at_end));
    }
    Scan {
        end: i,
        error,
        expected_at_end,
        too_many_subtags: false,
    }
}

/// The end of a valid range of at most `max_subtags` subtags at `bytes[start]`, read at once:
/// 1 to 8 letters, then any number of `-` or `_` each followed by 1 to 8 letters or digits.
/// `None` for anything else (a subtag empty or too long, too many subtags), which [`scan`]
/// reads and reports; where this gives an end, [`scan`] gives the same end and no error.
#[inline]
fn quick_end(bytes: &[u8], start: usize, max_subtags: usize) -> Option<usize> {
    let mut i = start;
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    if i == start || i - start > 8 {
        return None;
    }
    let mut subtags = 1;
    while let Some(b'-' | b'_') = bytes.get(i) {
        subtags += 1;
        if subtags > max_subtags {
            return None;
        }
        i += 1;
        let from = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        if i == from || i - from > 8 {
            return None;
        }
    }
    Some(i)
}

/// Each byte as language tags compare it: ASCII lower case, and `_` read as `-`.
static FOLD: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c == b'_' {
            b'-'
        } else {
            c.to_ascii_lowercase()
        };
        b += 1;
    }
    table
};

/// Tag equality with ASCII case ignored and `_` read as `-`.
#[inline]
fn tag_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && (crate::syntax::same(a, b)
            || a.iter()
                .zip(b)
                .all(|(&x, &y)| FOLD[usize::from(x)] == FOLD[usize::from(y)]))
}

/// Whether `prefix` equals `tag` or is a prefix of it that ends at a subtag boundary.
#[inline]
fn is_prefix(prefix: &[u8], tag: &[u8]) -> bool {
    match tag.len().cmp(&prefix.len()) {
        core::cmp::Ordering::Less => false,
        core::cmp::Ordering::Equal => tag_eq(prefix, tag),
        core::cmp::Ordering::Greater => {
            matches!(tag[prefix.len()], b'-' | b'_') && tag_eq(prefix, &tag[..prefix.len()])
        }
    }
}

fn write_folded(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    // Case is kept as written: `en-US` reads better than `en-us`, and it compares equal.
    bytes
        .iter()
        .try_for_each(|&b| fmt::Write::write_char(f, char::from(if b == b'_' { b'-' } else { b })))
}

/// A language tag a server has (`en`, `de-CH`, `zh-Hant-TW`), borrowed, with no wildcard.
///
/// The syntax checked is that of an HTTP language range without `*`: subtags of 1 to 8
/// letters and digits, the first letters only. `_` is read as `-`; comparison ignores case.
///
/// ```
/// use conneg::LanguageTag;
///
/// let tag = LanguageTag::parse("pt_BR")?;
/// assert_eq!(tag, LanguageTag::parse("pt-br")?);
/// assert_eq!(tag.to_string(), "pt-BR");
/// assert_eq!(tag.primary(), "pt");
/// assert_eq!(
///     LanguageTag::parse("123").unwrap_err().to_string(),
///     "invalid language tag: expected a letter at byte 0, found '1'"
/// );
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct LanguageTag<'a> {
    tag: &'a [u8],
}

impl crate::negotiate::Value for LanguageTag<'_> {
    #[inline]
    fn is_copy_of(&self, other: &Self) -> bool {
        crate::syntax::same(self.tag, other.tag)
    }
}

impl<'a> LanguageTag<'a> {
    /// Parses a tag strictly (OWS around it aside).
    pub fn parse(input: &'a str) -> Result<Self, Error> {
        let bytes = input.as_bytes();
        let start = bytes
            .iter()
            .take_while(|&&b| crate::syntax::is_ows(b))
            .count();
        let end = start + crate::syntax::trim_ows(&bytes[start..]).len();
        let tag = &bytes[..end];
        let found = scan(tag, start, usize::MAX);
        let error = found
            .error
            .or((found.end < end).then_some((found.end, found.expected_at_end)));
        match error {
            None => Ok(LanguageTag { tag: &tag[start..] }),
            Some((position, expected)) => Err(Error::invalid(
                Subject::LanguageTag,
                tag,
                position,
                expected,
            )),
        }
    }

    /// The tag as written (with `_` if it was written so).
    pub fn as_str(&self) -> &'a str {
        crate::syntax::ascii_str(self.tag)
    }

    /// The primary language subtag: `de` for `de-CH`.
    pub fn primary(&self) -> &'a str {
        let end = self
            .tag
            .iter()
            .position(|&b| b == b'-' || b == b'_')
            .unwrap_or(self.tag.len());
        crate::syntax::ascii_str(&self.tag[..end])
    }

    /// The number of subtags.
    pub fn subtags(&self) -> usize {
        1 + self.tag.iter().filter(|&&b| b == b'-' || b == b'_').count()
    }
}

impl PartialEq for LanguageTag<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        tag_eq(self.tag, other.tag)
    }
}

impl Eq for LanguageTag<'_> {}

impl fmt::Display for LanguageTag<'_> {
    /// The tag with `-` between subtags, case as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_folded(f, self.tag)
    }
}

impl fmt::Debug for LanguageTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanguageTag({self})")
    }
}

/// One member of `Accept-Language`: a language range (a tag or `*`) and its weight.
///
/// ```
/// use conneg::{AcceptLanguage, LanguageTag, LanguageSpecificity};
///
/// let header = AcceptLanguage::parse("de-CH, *;q=0.1")?;
/// let de_ch = header.iter().next().unwrap();
/// assert_eq!(de_ch.matches(&LanguageTag::parse("de-CH-1996")?), Some(LanguageSpecificity::Filtered { subtags: 2 }));
/// assert_eq!(de_ch.matches(&LanguageTag::parse("de")?), Some(LanguageSpecificity::Truncated));
/// assert_eq!(de_ch.matches(&LanguageTag::parse("de-DE")?), None);
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct LanguageRange<'a> {
    range: &'a [u8],
    quality: Quality,
}

impl<'a> LanguageRange<'a> {
    /// The range as written; `*` for the wildcard.
    pub fn as_str(&self) -> &'a str {
        crate::syntax::ascii_str(self.range)
    }

    /// Whether this is the wildcard `*`.
    pub fn is_wildcard(&self) -> bool {
        self.range == b"*"
    }

    /// The weight (1 when absent).
    pub fn quality(&self) -> Quality {
        self.quality
    }

    /// Whether this range matches `tag`, and how:
    /// - `*` matches every tag ([`LanguageSpecificity::Any`]);
    /// - basic filtering (RFC 4647 §3.3.1): the range equals the tag, or is a prefix of it
    ///   followed by `-` ([`LanguageSpecificity::Filtered`], longer is more specific);
    /// - lookup-style truncation (RFC 4647 §3.4): the tag is a prefix of the range followed by
    ///   `-`, so `en-US` accepts `en` ([`LanguageSpecificity::Truncated`]); a range with weight
    ///   0 does not truncate, since refusing `en-US` says nothing about `en`.
    ///
    /// Sibling regions (`en-GB` for `en-US`) never match.
    #[inline]
    pub fn matches(&self, tag: &LanguageTag<'_>) -> Option<LanguageSpecificity> {
        // Both start with a letter (or the range is `*`): most pairs differ there, and are
        // told apart by that one byte, ignoring case.
        let first = |bytes: &[u8]| bytes.first().map_or(0, |&b| b | 0x20);
        if first(self.range) != first(tag.tag) {
            return (self.range == b"*").then_some(LanguageSpecificity::Any);
        }
        if is_prefix(self.range, tag.tag) {
            let subtags = 1 + self
                .range
                .iter()
                .filter(|&&b| b == b'-' || b == b'_')
                .count();
            Some(LanguageSpecificity::Filtered {
                subtags: subtags.min(usize::from(u16::MAX)) as u16,
            })
        } else if !self.quality.is_zero()
            && self.range.len() > tag.tag.len()
            && is_prefix(tag.tag, self.range)
        {
            Some(LanguageSpecificity::Truncated)
        } else {
            None
        }
    }
}

impl PartialEq for LanguageRange<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.quality == other.quality && tag_eq(self.range, other.range)
    }
}

impl Eq for LanguageRange<'_> {}

impl fmt::Display for LanguageRange<'_> {
    /// The range with `-` between subtags, then `;q=` unless the weight is 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_folded(f, self.range)?;
        if self.quality != Quality::ONE {
            write!(f, ";q={}", self.quality)?;
        }
        Ok(())
    }
}

impl fmt::Debug for LanguageRange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanguageRange({self})")
    }
}

impl<'a> Member<'a> for LanguageRange<'a> {
    const FIELD: Field = Field::AcceptLanguage;
    const PARAMETERS: bool = false;

    /// `*`, or `1*8ALPHA *( ("-" / "_") 1*8alphanum )`, with at most `max_subtags` subtags.
    // Always inlined: the compiler made it a call once the one-pass choice read lists too,
    // which cost `Accept-Language` 120 instructions (measured).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn head(line: &'a [u8], start: usize, limits: &Limits) -> Head<'a> {
        if line[start] == b'*' {
            return Head::valid(start + 1, (&line[start..=start], &line[..0]));
        }
        if let Some(end) = quick_end(line, start, limits.max_subtags) {
            return Head::valid(end, (&line[start..end], &line[..0]));
        }
        let found = scan(line, start, limits.max_subtags);
        if found.too_many_subtags {
            Head {
                end: found.end,
                value: None,
                too_many_subtags: true,
            }
        } else if found.error.is_none() {
            Head::valid(found.end, (&line[start..found.end], &line[..0]))
        } else {
            Head::invalid(found.end)
        }
    }

    #[inline]
    fn new(
        _: &'a [u8],
        _: usize,
        (range, _): (&'a [u8], &'a [u8]),
        _: usize,
        quality: Quality,
    ) -> Option<Self> {
        Some(LanguageRange { range, quality })
    }

    fn quality(&self) -> Quality {
        self.quality
    }

    #[inline]
    fn text(&self) -> &'a [u8] {
        self.range
    }

    #[inline]
    fn unpack(range: &'a [u8], quality: Quality, _: (u16, u8)) -> Self {
        LanguageRange { range, quality }
    }
}

/// How `Accept-Language` judged a language tag: see [`Match`].
pub type LanguageMatch<'a> = Match<LanguageRange<'a>, LanguageSpecificity>;

list_header! {
    /// The `Accept-Language` request header (RFC 9110 §12.5.4): the natural languages a client
    /// prefers.
    ///
    /// ```text
    /// Accept-Language = #( language-range [ weight ] )
    /// ```
    ///
    /// Matching (RFC 4647, as NEGOTIATION.md settles it): basic filtering decides, the longest
    /// matching range giving the weight; `*` matches every tag; when no range filters a tag, a
    /// range that extends it still matches at that range's weight (lookup-style truncation:
    /// `en-US` accepts `en`, `fr-CA` accepts `fr`), ranking above `*` and below any filtering
    /// range. Sibling regions (`en-US` vs `en-GB`) and CLDR equivalences (`zh-TW` vs
    /// `zh-Hant`, `no` vs `nb`) do not match.
    ///
    /// ```
    /// use conneg::{AcceptLanguage, LanguageTag};
    ///
    /// let header = AcceptLanguage::parse("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")?;
    /// let offers = [LanguageTag::parse("en")?, LanguageTag::parse("de")?, LanguageTag::parse("fr")?];
    /// let (index, m) = header.best(&offers).unwrap();
    /// assert_eq!(index, 2);
    /// assert_eq!(m.quality.to_string(), "0.9");
    /// # Ok::<(), conneg::Error>(())
    /// ```
    AcceptLanguage, LanguageRanges, LanguageRange, LanguageTag, LanguageMatch
}

impl<'a> AcceptLanguage<'a> {
    /// How the header judges `tag`: the most specific matching range (see
    /// [`LanguageRange::matches`]), the highest weight among equally specific ones, the first
    /// among those. `None` when no range matches.
    #[inline]
    pub fn match_of(&self, tag: &LanguageTag<'_>) -> Option<LanguageMatch<'a>> {
        matching::best_for(&self.0, tag, |r, t| r.matches(t))
    }

    /// [`match_of`](Self::match_of) without the member: specificity, weight and position.
    #[inline]
    pub(crate) fn decider_of(
        &self,
        tag: &LanguageTag<'_>,
    ) -> Option<(crate::matching::LanguageSpecificity, Quality, usize)> {
        matching::decider(&self.0, tag, |r, t| r.matches(t))
    }

    /// The weight the header gives `tag`: 0 when refused or not matched.
    pub fn quality_of(&self, tag: &LanguageTag<'_>) -> Quality {
        self.match_of(tag).map_or(Quality::ZERO, |m| m.quality)
    }

    /// The acceptable tag the client prefers, with its index in `offers` (ranking as in
    /// [`Accept::best`](crate::Accept::best)).
    pub fn best(&self, offers: &[LanguageTag<'_>]) -> Option<(usize, LanguageMatch<'a>)> {
        matching::choose(&self.0, offers, |r, t| r.matches(t), |_| None)
    }

    /// [`parse_with`](Self::parse_with) then [`best`](Self::best), in one pass over the
    /// header that keeps nothing but the choice: see [`choose`](Self::choose).
    pub fn choose_with(
        value: impl Into<crate::FieldValue<'a>>,
        limits: &Limits,
        offers: &[LanguageTag<'_>],
    ) -> Result<Option<(usize, LanguageMatch<'a>)>, Error> {
        matching::parse_and_choose(
            value.into(),
            limits,
            offers,
            |r: &LanguageRange<'a>, t| r.matches(t),
            |_, _| None,
        )
    }
}

#[cfg(test)]
mod tests;
