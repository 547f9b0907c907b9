//! Instance-manipulations (what a server can apply) and `A-IM` (what a client accepts), for
//! delta encoding in HTTP (RFC 3229).
//!
//! RFC 3229 §10.5.3, in RFC 9110 list syntax:
//!
//! ```text
//! A-IM = #( instance-manipulation [ weight ] )
//! instance-manipulation = token
//! ```
//!
//! Names compare case-insensitively. RFC 3229 defines no wildcard: `*` is an ordinary name
//! that no instance-manipulation has.

use core::fmt;

use crate::error::{Error, Field, Subject};
use crate::list::{list_header, token_member};
use crate::matching::{self, Match, Specificity};
use crate::quality::Quality;
use crate::syntax::{ascii_str, eq_ignore_case_short, parse_token};

/// An instance-manipulation a server can apply (`vcdiff`, `diffe`, `gzip`, `feed`), borrowed.
///
/// ```
/// use conneg::InstanceManipulation;
/// assert_eq!(InstanceManipulation::parse("Feed")?, InstanceManipulation::parse("feed")?);
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct InstanceManipulation<'a>(&'a [u8]);

impl<'a> InstanceManipulation<'a> {
    /// Parses a name strictly: one token, not `*`.
    pub fn parse(input: &'a str) -> Result<Self, Error> {
        parse_token(input.as_bytes(), Subject::InstanceManipulation).map(InstanceManipulation)
    }

    /// The name as written.
    pub fn as_str(&self) -> &'a str {
        ascii_str(self.0)
    }
}

impl PartialEq for InstanceManipulation<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for InstanceManipulation<'_> {}

impl fmt::Display for InstanceManipulation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for InstanceManipulation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InstanceManipulation({self})")
    }
}

/// One member of `A-IM`: an instance-manipulation name and its weight.
#[derive(Clone, Copy)]
pub struct ImRange<'a> {
    name: &'a [u8],
    quality: Quality,
}

impl<'a> ImRange<'a> {
    /// The name as written.
    pub fn as_str(&self) -> &'a str {
        ascii_str(self.name)
    }

    /// The weight (1 when absent).
    pub fn quality(&self) -> Quality {
        self.quality
    }

    /// Whether this member names `im` (case-insensitively).
    #[inline]
    pub fn matches(&self, im: &InstanceManipulation<'_>) -> Option<Specificity> {
        eq_ignore_case_short(self.name, im.0).then_some(Specificity::Exact)
    }
}

impl PartialEq for ImRange<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.quality == other.quality && self.name.eq_ignore_ascii_case(other.name)
    }
}

impl Eq for ImRange<'_> {}

token_member!(ImRange, Field::AIm);

/// How `A-IM` judged an instance-manipulation: see [`Match`].
pub type ImMatch<'a> = Match<ImRange<'a>, Specificity>;

list_header! {
    /// The `A-IM` request header (RFC 3229 §10.5.3): the instance-manipulations (delta
    /// encodings) a client accepts, with weights.
    ///
    /// ```text
    /// A-IM = #( instance-manipulation [ weight ] )
    /// ```
    ///
    /// ```
    /// use conneg::{AIm, InstanceManipulation};
    ///
    /// let header = AIm::parse("vcdiff, diffe;q=0.5, feed")?;
    /// let offers = [InstanceManipulation::parse("diffe")?, InstanceManipulation::parse("feed")?];
    /// assert_eq!(header.best(&offers).unwrap().0, 1);
    /// # Ok::<(), conneg::Error>(())
    /// ```
    AIm, ImRanges, ImRange, InstanceManipulation, ImMatch
}

impl<'a> AIm<'a> {
    /// How the header judges `im`: the member naming it (the highest weight if named twice).
    #[inline]
    pub fn match_of(&self, im: &InstanceManipulation<'_>) -> Option<ImMatch<'a>> {
        matching::best_for(&self.0, im, |r, m| r.matches(m))
    }

    /// The weight the header gives `im`: 0 when refused or not named.
    pub fn quality_of(&self, im: &InstanceManipulation<'_>) -> Quality {
        self.match_of(im).map_or(Quality::ZERO, |m| m.quality)
    }

    /// The acceptable instance-manipulation the client prefers, with its index in `offers`.
    pub fn best(&self, offers: &[InstanceManipulation<'_>]) -> Option<(usize, ImMatch<'a>)> {
        matching::choose(&self.0, offers, |r, m| r.matches(m), |_| None)
    }

    /// [`parse_with`](Self::parse_with) then [`best`](Self::best), in one pass over the
    /// header that keeps nothing but the choice: see [`choose`](Self::choose).
    pub fn choose_with(
        value: impl Into<crate::FieldValue<'a>>,
        limits: &crate::Limits,
        offers: &[InstanceManipulation<'_>],
    ) -> Result<Option<(usize, ImMatch<'a>)>, crate::Error> {
        matching::parse_and_choose(
            value.into(),
            limits,
            offers,
            |r: &ImRange<'a>, m| r.matches(m),
            |_, _| None,
        )
    }
}
