//! Content codings (what a server has) and `Accept-Encoding` (what a client accepts).
//!
//! RFC 9110 §12.5.3:
//!
//! ```text
//! Accept-Encoding  = #( codings [ weight ] )
//! codings          = content-coding / "identity" / "*"
//! content-coding   = token
//! ```
//!
//! Codings compare case-insensitively, with `x-gzip` = `gzip` and `x-compress` = `compress`
//! (RFC 9110 §8.4.1). `identity` (no coding) is acceptable unless the header says
//! `identity;q=0`, or `*;q=0` with no `identity` member; when the header does not list it,
//! it is acceptable implicitly and ranks after every listed coding. An empty header means
//! identity only. (Without the header at all, every coding is acceptable and identity is
//! preferred: that case has no `AcceptEncoding` value, and is the negotiation's to apply.)

use core::fmt;

use crate::error::{Error, Field, Subject};
use crate::list::{list_header, token_member};
use crate::matching::{self, Match, Specificity};
use crate::quality::Quality;
use crate::syntax::{ascii_str, eq_ignore_case_short, parse_token};

/// The name a coding compares by: the RFC 9110 §8.4.1 aliases folded into their coding.
fn canonical(name: &[u8]) -> &[u8] {
    if !matches!(name, [b'x' | b'X', b'-', ..]) {
        name
    } else if name.eq_ignore_ascii_case(b"x-gzip") {
        b"gzip"
    } else if name.eq_ignore_ascii_case(b"x-compress") {
        b"compress"
    } else {
        name
    }
}

#[inline]
fn same_coding(a: &[u8], b: &[u8]) -> bool {
    // Names of one length are the same coding exactly when they are equal: an alias is two
    // bytes longer than its coding. Only then is the alias table read.
    if a.len() == b.len() {
        eq_ignore_case_short(a, b)
    } else {
        let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
        long.len() == short.len() + 2 && matches!(long, [b'x' | b'X', b'-', ..]) && same_alias(a, b)
    }
}

#[cold]
#[inline(never)]
fn same_alias(a: &[u8], b: &[u8]) -> bool {
    eq_ignore_case_short(canonical(a), canonical(b))
}

/// A content coding a server has (`gzip`, `br`, `zstd`, or `identity` for none), borrowed;
/// no wildcard.
///
/// ```
/// use conneg::Coding;
/// assert_eq!(Coding::parse("x-gzip")?, Coding::GZIP);
/// assert!(Coding::parse("IDENTITY")?.is_identity());
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Coding<'a>(&'a [u8]);

impl crate::negotiate::Value for Coding<'_> {
    #[inline]
    fn is_copy_of(&self, other: &Self) -> bool {
        crate::syntax::same(self.0, other.0)
    }
}

impl<'a> Coding<'a> {
    /// `identity`: no coding.
    pub const IDENTITY: Coding<'static> = Coding(b"identity");
    /// `gzip` (RFC 9110 §8.4.1.3).
    pub const GZIP: Coding<'static> = Coding(b"gzip");
    /// `deflate` (RFC 9110 §8.4.1.2).
    pub const DEFLATE: Coding<'static> = Coding(b"deflate");
    /// `compress` (RFC 9110 §8.4.1.1).
    pub const COMPRESS: Coding<'static> = Coding(b"compress");
    /// `br` (RFC 7932).
    pub const BR: Coding<'static> = Coding(b"br");
    /// `zstd` (RFC 8878).
    pub const ZSTD: Coding<'static> = Coding(b"zstd");

    /// Parses a coding name strictly: one token, not `*`.
    pub fn parse(input: &'a str) -> Result<Self, Error> {
        parse_token(input.as_bytes(), Subject::Coding).map(Coding)
    }

    /// The name as written.
    pub fn as_str(&self) -> &'a str {
        ascii_str(self.0)
    }

    /// Whether this is `identity`.
    pub fn is_identity(&self) -> bool {
        crate::syntax::eq_ignore_case(self.0, b"identity")
    }
}

impl PartialEq for Coding<'_> {
    /// Case-insensitive, with `x-gzip` = `gzip` and `x-compress` = `compress`.
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        same_coding(self.0, other.0)
    }
}

impl Eq for Coding<'_> {}

impl fmt::Display for Coding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Coding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Coding({self})")
    }
}

/// One member of `Accept-Encoding`: a coding, `identity` or `*`, and its weight.
#[derive(Clone, Copy)]
pub struct CodingRange<'a> {
    name: &'a [u8],
    quality: Quality,
}

impl<'a> CodingRange<'a> {
    /// The name as written; `*` for the wildcard.
    pub fn as_str(&self) -> &'a str {
        ascii_str(self.name)
    }

    /// Whether this is the wildcard `*`.
    pub fn is_wildcard(&self) -> bool {
        self.name == b"*"
    }

    /// The weight (1 when absent).
    pub fn quality(&self) -> Quality {
        self.quality
    }

    /// Whether this member names `coding` ([`Specificity::Exact`]; aliases folded, case
    /// ignored) or is `*` ([`Specificity::Wildcard`]), which matches every coding, identity
    /// included, that no member names.
    #[inline]
    pub fn matches(&self, coding: &Coding<'_>) -> Option<Specificity> {
        if self.name == b"*" {
            Some(Specificity::Wildcard)
        } else if same_coding(self.name, coding.0) {
            Some(Specificity::Exact)
        } else {
            None
        }
    }
}

impl PartialEq for CodingRange<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.quality == other.quality && same_coding(self.name, other.name)
    }
}

impl Eq for CodingRange<'_> {}

token_member!(CodingRange, Field::AcceptEncoding);

/// How `Accept-Encoding` judged a coding: see [`Match`].
pub type CodingMatch<'a> = Match<CodingRange<'a>, Specificity>;

list_header! {
    /// The `Accept-Encoding` request header (RFC 9110 §12.5.3).
    ///
    /// ```text
    /// Accept-Encoding  = #( codings [ weight ] )
    /// codings          = content-coding / "identity" / "*"
    /// ```
    ///
    /// ```
    /// use conneg::{AcceptEncoding, Coding, Specificity};
    ///
    /// let header = AcceptEncoding::parse("gzip, deflate, br, zstd")?;
    /// let (index, m) = header.best(&[Coding::BR, Coding::GZIP, Coding::IDENTITY]).unwrap();
    /// assert_eq!(index, 1); // gzip is listed first
    ///
    /// // identity is acceptable without being listed, after every listed coding.
    /// let identity = header.match_of(&Coding::IDENTITY).unwrap();
    /// assert_eq!(identity.specificity, Specificity::Implicit);
    ///
    /// // ... unless refused.
    /// let strict = AcceptEncoding::parse("gzip, *;q=0")?;
    /// assert!(!strict.match_of(&Coding::IDENTITY).unwrap().is_acceptable());
    /// # Ok::<(), conneg::Error>(())
    /// ```
    AcceptEncoding, CodingRanges, CodingRange, Coding, CodingMatch
}

impl<'a> AcceptEncoding<'a> {
    /// How the header judges `coding`: a member naming it, else `*`; for `identity` with
    /// neither, an implicit match (weight 0.001, [`Specificity::Implicit`], positioned after
    /// every member; its `member` is a synthetic `identity`). `None` when not matched.
    #[inline]
    pub fn match_of(&self, coding: &Coding<'_>) -> Option<CodingMatch<'a>> {
        matching::best_for(&self.0, coding, |r, c| r.matches(c))
            .or_else(|| implicit(coding, self.len()))
    }

    /// [`match_of`](Self::match_of) without the member: specificity, weight and position (an
    /// implicit identity: 0.001, after every member).
    #[inline]
    pub(crate) fn decider_of(&self, coding: &Coding<'_>) -> Option<(Specificity, Quality, usize)> {
        matching::decider(&self.0, coding, |r, c| r.matches(c))
            .or_else(|| implicit_decider(coding, self.len()))
    }

    /// The weight the header gives `coding`: 0 when refused or not matched.
    pub fn quality_of(&self, coding: &Coding<'_>) -> Quality {
        self.match_of(coding).map_or(Quality::ZERO, |m| m.quality)
    }

    /// The acceptable coding the client prefers, with its index in `offers` (ranking as in
    /// [`Accept::best`](crate::Accept::best); an implicit identity ranks after every listed
    /// coding).
    pub fn best(&self, offers: &[Coding<'_>]) -> Option<(usize, CodingMatch<'a>)> {
        matching::choose(
            &self.0,
            offers,
            |r, c| r.matches(c),
            |c| implicit(c, self.len()),
        )
    }

    /// [`parse_with`](Self::parse_with) then [`best`](Self::best), in one pass over the
    /// header that keeps nothing but the choice: see [`choose`](Self::choose).
    pub fn choose_with(
        value: impl Into<crate::FieldValue<'a>>,
        limits: &crate::Limits,
        offers: &[Coding<'_>],
    ) -> Result<Option<(usize, CodingMatch<'a>)>, crate::Error> {
        matching::parse_and_choose(
            value.into(),
            limits,
            offers,
            |r: &CodingRange<'a>, c| r.matches(c),
            implicit,
        )
    }
}

/// Identity, when no member names it or `*`, in a header of `members` valid members:
/// acceptable (RFC 9110 §12.5.3), ranked after every listed coding at q 0.001
/// (NEGOTIATION.md).
fn implicit_decider(coding: &Coding<'_>, members: usize) -> Option<(Specificity, Quality, usize)> {
    coding
        .is_identity()
        .then_some((Specificity::Implicit, Quality::MIN, members))
}

/// [`implicit_decider`] as a match, with the member it stands for.
fn implicit<'a>(coding: &Coding<'_>, members: usize) -> Option<CodingMatch<'a>> {
    let (specificity, quality, position) = implicit_decider(coding, members)?;
    Some(Match {
        member: CodingRange {
            name: b"identity",
            quality,
        },
        quality,
        specificity,
        position,
    })
}
