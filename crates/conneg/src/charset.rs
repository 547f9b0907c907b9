//! Charsets (what a server has) and `Accept-Charset` (what a client accepts).
//!
//! RFC 9110 §12.5.2:
//!
//! ```text
//! Accept-Charset = #( ( token / "*" ) [ weight ] )
//! ```
//!
//! Names compare case-insensitively and exactly: no alias table (`latin1` is not
//! `ISO-8859-1`) and no implicit `ISO-8859-1` (RFC 2616's rule, dropped by RFC 7231).

use core::fmt;

use crate::error::{Error, Field, Subject};
use crate::list::{list_header, token_member};
use crate::matching::{self, Match, Specificity};
use crate::quality::Quality;
use crate::syntax::{ascii_str, eq_ignore_case_short, parse_token};

/// A charset a server has (`utf-8`), borrowed; no wildcard.
///
/// ```
/// use conneg::Charset;
/// assert_eq!(Charset::parse("UTF-8")?, Charset::parse("utf-8")?);
/// assert_eq!(Charset::UTF_8.as_str(), "utf-8");
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Charset<'a>(&'a [u8]);

impl crate::negotiate::Value for Charset<'_> {
    #[inline]
    fn is_copy_of(&self, other: &Self) -> bool {
        crate::syntax::same(self.0, other.0)
    }
}

impl<'a> Charset<'a> {
    /// `utf-8`.
    pub const UTF_8: Charset<'static> = Charset(b"utf-8");

    /// Parses a charset name strictly: one token, not `*`.
    pub fn parse(input: &'a str) -> Result<Self, Error> {
        parse_token(input.as_bytes(), Subject::Charset).map(Charset)
    }

    /// The name as written.
    pub fn as_str(&self) -> &'a str {
        ascii_str(self.0)
    }
}

impl PartialEq for Charset<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::syntax::eq_ignore_case(self.0, other.0)
    }
}

impl Eq for Charset<'_> {}

impl fmt::Display for Charset<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Charset<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Charset({self})")
    }
}

/// One member of `Accept-Charset`: a charset name or `*`, and its weight.
#[derive(Clone, Copy)]
pub struct CharsetRange<'a> {
    name: &'a [u8],
    quality: Quality,
}

impl<'a> CharsetRange<'a> {
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

    /// Whether this member names `charset` ([`Specificity::Exact`], case-insensitively) or is
    /// `*` ([`Specificity::Wildcard`]).
    #[inline]
    pub fn matches(&self, charset: &Charset<'_>) -> Option<Specificity> {
        if self.name == b"*" {
            Some(Specificity::Wildcard)
        } else if eq_ignore_case_short(self.name, charset.0) {
            Some(Specificity::Exact)
        } else {
            None
        }
    }
}

impl PartialEq for CharsetRange<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.quality == other.quality && self.name.eq_ignore_ascii_case(other.name)
    }
}

impl Eq for CharsetRange<'_> {}

token_member!(CharsetRange, Field::AcceptCharset);

/// How `Accept-Charset` judged a charset: see [`Match`].
pub type CharsetMatch<'a> = Match<CharsetRange<'a>, Specificity>;

list_header! {
    /// The `Accept-Charset` request header (RFC 9110 §12.5.2).
    ///
    /// ```text
    /// Accept-Charset = #( ( token / "*" ) [ weight ] )
    /// ```
    ///
    /// A named charset takes precedence over `*`, which matches every charset not named.
    ///
    /// ```
    /// use conneg::{AcceptCharset, Charset};
    ///
    /// let header = AcceptCharset::parse("iso-8859-5, unicode-1-1;q=0.8")?;
    /// assert_eq!(header.quality_of(&Charset::parse("unicode-1-1")?).to_string(), "0.8");
    /// assert!(header.quality_of(&Charset::UTF_8).is_zero());
    /// # Ok::<(), conneg::Error>(())
    /// ```
    AcceptCharset, CharsetRanges, CharsetRange, Charset, CharsetMatch
}

impl<'a> AcceptCharset<'a> {
    /// How the header judges `charset`: a member naming it, else `*`. `None` when neither.
    #[inline]
    pub fn match_of(&self, charset: &Charset<'_>) -> Option<CharsetMatch<'a>> {
        matching::best_for(&self.0, charset, |r, c| r.matches(c))
    }

    /// [`match_of`](Self::match_of) without the member: specificity, weight and position.
    #[inline]
    pub(crate) fn decider_of(
        &self,
        charset: &Charset<'_>,
    ) -> Option<(crate::matching::Specificity, Quality, usize)> {
        matching::decider(&self.0, charset, |r, c| r.matches(c))
    }

    /// The weight the header gives `charset`: 0 when refused or not matched.
    pub fn quality_of(&self, charset: &Charset<'_>) -> Quality {
        self.match_of(charset).map_or(Quality::ZERO, |m| m.quality)
    }

    /// The acceptable charset the client prefers, with its index in `offers` (ranking as in
    /// [`Accept::best`](crate::Accept::best)).
    pub fn best(&self, offers: &[Charset<'_>]) -> Option<(usize, CharsetMatch<'a>)> {
        matching::choose(&self.0, offers, |r, c| r.matches(c), |_| None)
    }

    /// [`parse_with`](Self::parse_with) then [`best`](Self::best), in one pass over the
    /// header that keeps nothing but the choice: see [`choose`](Self::choose).
    pub fn choose_with(
        value: impl Into<crate::FieldValue<'a>>,
        limits: &crate::Limits,
        offers: &[Charset<'_>],
    ) -> Result<Option<(usize, CharsetMatch<'a>)>, crate::Error> {
        matching::parse_and_choose(
            value.into(),
            limits,
            offers,
            |r: &CharsetRange<'a>, c| r.matches(c),
            |_, _| None,
        )
    }
}
