//! Choosing one variant across every dimension (NEGOTIATION.md, "Choosing a variant").

use core::cmp::Ordering;

use crate::charset::{AcceptCharset, CharsetMatch};
use crate::coding::{AcceptEncoding, CodingMatch};
use crate::datetime::HttpDate;
use crate::decision::{Decision, Outcome, Ranking};
use crate::error::Field;
use crate::im::ImMatch;
use crate::language::{AcceptLanguage, LanguageMatch};
use crate::matching::{LanguageSpecificity, MediaSpecificity, Specificity};
use crate::media::{Accept, MediaMatch};
use crate::policy::Policy;
use crate::quality::Quality;
use crate::request::Request;
use crate::variant::Variant;
use crate::vary::Vary;

/// How one header judged one dimension of one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict<M> {
    /// The request does not have the header, or no variant of the set has a value in this
    /// dimension (a language, a coding other than identity), so the header is not read:
    /// everything in the dimension is acceptable.
    NotAsked,
    /// The variant has no value in this dimension, so the header does not constrain it
    /// (a variant without a language ranks lowest, at 0.001, when the client names
    /// languages).
    Unset,
    /// A member of the header matched: the deciding one, with its weight (0 refuses).
    Matched(M),
    /// The header is there and no member matches: refused. For `A-IM`, also a delta
    /// variant when the request has no `A-IM` (RFC 3229: a delta only on request).
    Unmatched,
}

impl<M: Copy> Verdict<M> {
    /// The matched member's [`Match`](crate::Match), if one matched.
    pub const fn matched(&self) -> Option<M> {
        match self {
            Verdict::Matched(m) => Some(*m),
            _ => None,
        }
    }
}

/// How `Accept-Datetime` (RFC 7089) judged a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Memento {
    /// The variant has no datetime, and is acceptable: the client asks for no moment, or no
    /// variant has a datetime.
    Unset,
    /// The variant has no datetime while the client asks for a moment and mementos exist:
    /// refused in favour of the closest memento.
    Undated,
    /// The variant's datetime is the one selected: the closest to the moment asked for (a
    /// tie to the earlier), or the most recent when none is asked for.
    Selected,
    /// Another memento is closer (or more recent): refused.
    Other,
}

/// How the request judged one variant, dimension by dimension, and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Evaluation<'h> {
    /// `Accept` on the media type.
    pub media: Verdict<MediaMatch<'h>>,
    /// `Accept-Language` on the language.
    pub language: Verdict<LanguageMatch<'h>>,
    /// `Accept-Charset` on the charset.
    pub charset: Verdict<CharsetMatch<'h>>,
    /// `Accept-Encoding` on the coding (`NotAsked` when no variant of the set has a coding:
    /// then there is nothing to negotiate and the header is not read).
    pub coding: Verdict<CodingMatch<'h>>,
    /// `Accept-Datetime` on the datetime.
    pub datetime: Memento,
    /// `A-IM` on the instance-manipulation.
    pub im: Verdict<ImMatch<'h>>,
    /// The variant's `qs`.
    pub source_quality: Quality,
    /// `qs` × the weights of type, language and charset (RFC 2296 §3.5).
    pub score: Quality,
    /// The headers that refuse the variant (and `qs` 0 is [`Evaluation::source_quality`]).
    pub refused_by: Vary,
}

impl Evaluation<'_> {
    /// Whether the variant can be served: score above 0 and no header refusing it.
    pub const fn is_acceptable(&self) -> bool {
        !self.score.is_zero() && self.refused_by.is_empty()
    }

    /// The weight of the coding: its member's, or 1 when the request does not constrain it
    /// (no header, no coding in the variant set, or `identity` acceptable implicitly).
    pub fn coding_quality(&self) -> Quality {
        match self.coding {
            Verdict::Matched(m) if m.specificity != Specificity::Implicit => m.quality,
            Verdict::Unmatched => Quality::ZERO,
            _ => Quality::ONE,
        }
    }

    /// The q a response reports for the variant: its score times its coding's weight
    /// (NEGOTIATION.md rule 2; an implicit identity counts 1).
    pub fn quality(&self) -> Quality {
        if self.is_acceptable() {
            self.score.product(self.coding_quality())
        } else {
            Quality::ZERO
        }
    }
}

/// What is compared to rank two acceptable variants; greater is better.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rank {
    /// Score, coding, instance-manipulation and specificities packed into one integer in that
    /// order of significance (see [`Rank::of`]), so that ranking compares integers: greater
    /// is better.
    merit: u128,
    /// Positions of the matching members in the client's lists (type, language, charset,
    /// coding), 16 bits each, the type's most significant: smaller is better. Past 65,535
    /// members (possible only with raised limits) positions tie and the server's order
    /// decides.
    positions: u64,
    pub(crate) index: usize,
}

/// Bit widths in [`Rank::merit`], from the least significant: the specificities of coding and
/// charset (2 bits each), language (18), type (19), then the instance-manipulation's q (10),
/// the coding's rank (1 + 10) and the exact score (40: at most 1000⁴ < 2⁴⁰). The
/// specificities are [`Brief::specificity`] codes: 3, 65,538 and 196,608 at most.
mod merit {
    pub(super) const SPECIFICITY: u32 = 2 + 2 + 18 + 19;
    pub(super) const IM: u32 = SPECIFICITY;
    pub(super) const CODING: u32 = IM + 10;
    pub(super) const SCORE: u32 = CODING + 11;
}

impl Rank {
    /// A slot of an empty ranking.
    pub(crate) const NONE: Rank = Rank {
        merit: 0,
        positions: u64::MAX,
        index: usize::MAX,
    };

    fn of(briefs: &Briefs, exact: u64, is_identity: bool, index: usize) -> Rank {
        let (coding_q, listed) = briefs.coding_rank(is_identity);
        let merit = u128::from(exact) << merit::SCORE
            | u128::from(coding_q.thousandths()) << (merit::CODING + 1)
            | u128::from(listed) << merit::CODING
            | u128::from(briefs.im_quality().thousandths()) << merit::IM
            | u128::from(briefs.media.specificity) << (2 + 2 + 18)
            | u128::from(briefs.language.specificity) << (2 + 2)
            | u128::from(briefs.charset.specificity) << 2
            | u128::from(briefs.coding.specificity);
        Rank {
            merit,
            positions: u64::from(briefs.media.position) << 48
                | u64::from(briefs.language.position) << 32
                | u64::from(briefs.charset.position) << 16
                | u64::from(briefs.coding.position),
            index,
        }
    }

    /// The unrounded score ([`Briefs::exact`]), the most significant part.
    fn exact(&self) -> u64 {
        // At most 1000⁴ < 2⁴⁰: the cast keeps every bit.
        #[allow(clippy::cast_possible_truncation)]
        let exact = (self.merit >> merit::SCORE) as u64;
        exact
    }

    /// Why `self` ranks before `other`: the first thing compared that differs.
    pub(crate) fn why_before(&self, other: &Rank) -> &'static str {
        let differ = |from: u32, to: u32| {
            let mask = (u128::MAX >> (128 - (to - from))) << from;
            self.merit & mask != other.merit & mask
        };
        if differ(merit::SCORE, 128) {
            "a lower score"
        } else if differ(merit::CODING, merit::SCORE) {
            "a less preferred coding"
        } else if differ(merit::IM, merit::CODING) {
            "a less preferred instance-manipulation"
        } else if differ(0, merit::IM) {
            "less specific matches"
        } else if self.positions != other.positions {
            "later members in the client's lists"
        } else {
            "later in the server's order"
        }
    }

    /// `Less` when `self` ranks before (is better than) `other`.
    pub(crate) fn order(&self, other: &Rank) -> Ordering {
        other
            .merit
            .cmp(&self.merit)
            .then(self.positions.cmp(&other.positions))
            .then(self.index.cmp(&other.index))
    }
}

/// What the variant set looks like, computed once per negotiation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Set {
    /// Whether some variant has a coding other than identity: if not, `Accept-Encoding` is
    /// not negotiated.
    has_coding: bool,
    /// Whether some variant has a datetime.
    has_datetime: bool,
    /// Whether some variant has a language: if not, `Accept-Language` is not read (the
    /// factor 0.001 of a variant without language ranks it below those with one; with none
    /// to rank against, it would only blur the other weights).
    has_language: bool,
}

impl Set {
    pub(crate) fn of(variants: &[Variant<'_>]) -> Set {
        Set {
            has_coding: variants
                .iter()
                .any(|v| !v.coding_or_identity().is_identity()),
            has_datetime: variants.iter().any(|v| v.datetime.is_some()),
            has_language: variants.iter().any(|v| v.language.is_some()),
        }
    }
}

/// The memento a request selects among the variants' datetimes: the closest to the moment
/// asked for, a tie to the earlier (RFC 7089 §4.5.3: before the first, the first; after the
/// last, the last); without `Accept-Datetime`, the most recent.
fn selected_datetime(request: &Request<'_>, variants: &[Variant<'_>]) -> Option<HttpDate> {
    let dates = variants.iter().filter_map(|v| v.datetime);
    match request.accept_datetime {
        Some(wanted) => {
            let wanted = wanted.date().unix_seconds();
            dates.min_by_key(|d| (d.unix_seconds().abs_diff(wanted), *d))
        }
        None => dates.max(),
    }
}

/// A specificity as an integer of the same order.
trait Order: Copy {
    fn order(&self) -> u32;

    /// An identity coding accepted without being listed.
    fn is_implicit(&self) -> bool {
        false
    }
}

impl Order for MediaSpecificity {
    fn order(&self) -> u32 {
        (self.level as u32) << 16 | u32::from(self.parameters)
    }
}

impl Order for LanguageSpecificity {
    fn order(&self) -> u32 {
        match self {
            LanguageSpecificity::Any => 0,
            LanguageSpecificity::Truncated => 1,
            LanguageSpecificity::Filtered { subtags } => 2 + u32::from(*subtags),
        }
    }
}

impl Order for Specificity {
    fn order(&self) -> u32 {
        *self as u32
    }

    fn is_implicit(&self) -> bool {
        *self == Specificity::Implicit
    }
}

/// The kind of a [`Verdict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NotAsked,
    Unset,
    Matched,
    Unmatched,
}

/// What ranking needs of a [`Verdict`]: its kind and, of a match, the weight, specificity and
/// position, without the matched member. Small to copy and to remember; an explanation
/// evaluates again for the members ([`evaluate_at`]).
#[derive(Debug, Clone, Copy)]
struct Brief {
    kind: Kind,
    quality: Quality,
    /// 0 unless matched, else 1 + the specificity's [`Order`].
    specificity: u32,
    /// The matching member's position in the client's list, `u16::MAX` when none (or past
    /// it, possible only with raised limits: then positions tie and the server's order
    /// decides).
    position: u16,
    implicit: bool,
}

impl Brief {
    const fn plain(kind: Kind) -> Brief {
        Brief {
            kind,
            quality: Quality::ZERO,
            specificity: 0,
            position: u16::MAX,
            implicit: false,
        }
    }

    fn of<M, S: Order>(verdict: &Verdict<crate::Match<M, S>>) -> Brief {
        match verdict {
            Verdict::NotAsked => Brief::plain(Kind::NotAsked),
            Verdict::Unset => Brief::plain(Kind::Unset),
            Verdict::Unmatched => Brief::decided::<S>(None),
            Verdict::Matched(m) => Brief::decided(Some((m.specificity, m.quality, m.position))),
        }
    }

    /// The brief of a header's verdict on a value: the deciding member's specificity, weight
    /// and position, or none (unmatched), as [`Brief::of`] reads a full match.
    fn decided<S: Order>(decider: Option<(S, Quality, usize)>) -> Brief {
        match decider {
            None => Brief::plain(Kind::Unmatched),
            Some((specificity, quality, position)) => Brief {
                kind: Kind::Matched,
                quality,
                specificity: 1 + specificity.order(),
                position: u16::try_from(position).unwrap_or(u16::MAX),
                implicit: specificity.is_implicit(),
            },
        }
    }

    /// The weight the verdict gives: 1 when not asked, `unset` for a variant without a value.
    const fn weight(&self, unset: Quality) -> Quality {
        match self.kind {
            Kind::NotAsked => Quality::ONE,
            Kind::Unset => unset,
            Kind::Matched => self.quality,
            Kind::Unmatched => Quality::ZERO,
        }
    }
}

/// How a request judges one variant, in brief: what its score, its refusals and its rank
/// come from.
#[derive(Debug, Clone, Copy)]
struct Briefs {
    media: Brief,
    language: Brief,
    charset: Brief,
    coding: Brief,
    im: Brief,
    datetime: Memento,
    source_quality: Quality,
}

impl Briefs {
    /// The weights of type, language and charset (a variant without a language weighs 0.001
    /// when the client names languages).
    const fn weights(&self) -> [Quality; 3] {
        [
            self.media.weight(Quality::ONE),
            self.language.weight(Quality::MIN),
            self.charset.weight(Quality::ONE),
        ]
    }

    /// `qs` × the weights, rounded to thousandths.
    fn score(&self, weights: [Quality; 3]) -> Quality {
        weights
            .iter()
            .fold(self.source_quality, |s, w| s.product(*w))
    }

    /// The score unrounded, in units of 10^-12 (the product of four weights in thousandths):
    /// the ranking compares this, so that rounding never makes two scores tie.
    fn exact(&self, weights: [Quality; 3]) -> u64 {
        weights
            .iter()
            .fold(u64::from(self.source_quality.thousandths()), |s, w| {
                s * u64::from(w.thousandths())
            })
    }

    /// The headers that refuse the variant.
    fn refused_by(&self, weights: [Quality; 3]) -> Vary {
        let mut refused_by = Vary::EMPTY;
        let mut refuse = |field, refused: bool| {
            if refused {
                refused_by.insert(field);
            }
        };
        refuse(Field::Accept, weights[0].is_zero());
        refuse(Field::AcceptLanguage, weights[1].is_zero());
        refuse(Field::AcceptCharset, weights[2].is_zero());
        refuse(
            Field::AcceptEncoding,
            self.coding.weight(Quality::ONE).is_zero(),
        );
        refuse(
            Field::AcceptDatetime,
            matches!(self.datetime, Memento::Undated | Memento::Other),
        );
        refuse(Field::AIm, self.im.weight(Quality::ONE).is_zero());
        refused_by
    }

    /// [`Evaluation::coding_quality`], from the brief.
    fn coding_quality(&self) -> Quality {
        match self.coding.kind {
            Kind::Matched if !self.coding.implicit => self.coding.quality,
            Kind::Unmatched => Quality::ZERO,
            _ => Quality::ONE,
        }
    }

    /// How good the coding is beside other variants of equal score: higher weight, then a
    /// listed coding before an implicit identity; with no header, identity first.
    fn coding_rank(&self, is_identity: bool) -> (Quality, u8) {
        let coding = &self.coding;
        match coding.kind {
            Kind::Matched => (coding.quality, u8::from(!coding.implicit)),
            Kind::NotAsked => (Quality::ONE, u8::from(is_identity)),
            Kind::Unset => (Quality::ONE, 0),
            Kind::Unmatched => (Quality::ZERO, 0),
        }
    }

    /// The weight of the instance-manipulation: a variant that is not a delta ranks below
    /// one the client asked for.
    fn im_quality(&self) -> Quality {
        match self.im.kind {
            Kind::Matched => self.im.quality,
            Kind::Unmatched => Quality::ZERO,
            Kind::NotAsked | Kind::Unset => Quality::MIN,
        }
    }
}

/// How many distinct values per dimension [`Memos`] remembers.
const MEMO: usize = 8;

/// The verdicts of the first [`MEMO`] distinct values of one dimension: variants share few
/// values (two types, three languages), and matching a value against a header costs a pass
/// over its members, while comparing two values is cheap. The lookup is bounded, so the work
/// stays linear in the number of variants.
struct Memo<V> {
    entries: [Option<(V, Brief)>; MEMO],
    len: usize,
}

/// A value of a variant's dimension, as a [`Memo`] compares it: first whether it is a copy
/// of the very same bytes (variants usually share constants), then by [`PartialEq`].
pub(crate) trait Value: PartialEq + Copy {
    /// Whether `other` is a copy of this very value (the same bytes in memory).
    fn is_copy_of(&self, other: &Self) -> bool;
}

impl<V: Value> Memo<V> {
    const fn new() -> Self {
        Memo {
            entries: [None; MEMO],
            len: 0,
        }
    }

    /// The verdict remembered for `value`, or `judge`'s, remembered. The lookup of a copy is
    /// inlined into the caller's loop (most variants share their values' constants); the
    /// rest is a call, so that the loop does not carry the registers of a whole match.
    #[inline]
    fn get_or(&mut self, value: V, judge: impl FnOnce() -> Brief) -> Brief {
        for (v, brief) in self.entries[..self.len].iter().flatten() {
            if v.is_copy_of(&value) {
                return *brief;
            }
        }
        self.get_or_judge(value, judge)
    }

    /// [`get_or`](Self::get_or) once no entry is a copy of `value`: an equal entry's
    /// verdict, or `judge`'s, remembered.
    #[inline(never)]
    fn get_or_judge(&mut self, value: V, judge: impl FnOnce() -> Brief) -> Brief {
        for (v, brief) in self.entries[..self.len].iter().flatten() {
            if *v == value {
                return *brief;
            }
        }
        let brief = judge();
        if self.len < MEMO {
            self.entries[self.len] = Some((value, brief));
            self.len += 1;
        }
        brief
    }
}

/// A [`Memo`] per dimension that costs a pass over a header's members.
struct Memos<'v> {
    media: Memo<crate::media::MediaType<'v>>,
    language: Memo<crate::language::LanguageTag<'v>>,
    charset: Memo<crate::charset::Charset<'v>>,
    coding: Memo<crate::coding::Coding<'v>>,
}

impl Memos<'_> {
    const fn new() -> Self {
        Memos {
            media: Memo::new(),
            language: Memo::new(),
            charset: Memo::new(),
            coding: Memo::new(),
        }
    }
}

/// A header's verdict on a variant's value.
fn verdict<H, V, M>(
    header: Option<&H>,
    value: Option<V>,
    match_of: impl FnOnce(&H, &V) -> Option<M>,
) -> Verdict<M> {
    match (header, value) {
        (None, _) => Verdict::NotAsked,
        (Some(_), None) => Verdict::Unset,
        (Some(h), Some(v)) => match_of(h, &v).map_or(Verdict::Unmatched, Verdict::Matched),
    }
}

/// `A-IM` on the variant's instance-manipulation: a delta only on request (RFC 3229).
fn im_verdict<'h>(request: &Request<'h>, variant: &Variant<'_>) -> Verdict<ImMatch<'h>> {
    match (request.a_im.as_ref(), variant.im) {
        (_, None) => Verdict::Unset,
        (None, Some(_)) => Verdict::Unmatched,
        (Some(h), Some(im)) => h.match_of(&im).map_or(Verdict::Unmatched, Verdict::Matched),
    }
}

/// `Accept-Datetime` on the variant's datetime, given the selected memento.
fn memento_verdict(
    request: &Request<'_>,
    variant: &Variant<'_>,
    set: Set,
    memento: Option<HttpDate>,
) -> Memento {
    match variant.datetime {
        None if request.accept_datetime.is_some() && set.has_datetime => Memento::Undated,
        None => Memento::Unset,
        Some(d) if Some(d) == memento => Memento::Selected,
        Some(_) => Memento::Other,
    }
}

/// The headers a negotiation reads for a variant set: `Accept-Language` only when some variant
/// has a language, `Accept-Encoding` only when some has a coding; a header not read leaves its
/// dimension [`Verdict::NotAsked`].
#[derive(Clone, Copy)]
struct Read<'r, 'h> {
    accept: Option<&'r Accept<'h>>,
    language: Option<&'r AcceptLanguage<'h>>,
    charset: Option<&'r AcceptCharset<'h>>,
    encoding: Option<&'r AcceptEncoding<'h>>,
}

impl<'r, 'h> Read<'r, 'h> {
    fn of(request: &'r Request<'h>, set: Set) -> Self {
        Read {
            accept: request.accept.as_ref(),
            language: request
                .accept_language
                .as_ref()
                .filter(|_| set.has_language),
            charset: request.accept_charset.as_ref(),
            encoding: request.accept_encoding.as_ref().filter(|_| set.has_coding),
        }
    }
}

/// How `request` judges `variant`, with the matched members.
fn evaluate<'h>(
    request: &Request<'h>,
    variant: &Variant<'_>,
    set: Set,
    memento: Option<HttpDate>,
) -> Evaluation<'h> {
    let read = Read::of(request, set);
    let media = verdict(read.accept, variant.media_type, |h, t| h.match_of(t));
    let language = verdict(read.language, variant.language, |h, l| h.match_of(l));
    let charset = verdict(read.charset, variant.charset, |h, c| h.match_of(c));
    let coding = verdict(read.encoding, Some(variant.coding_or_identity()), |h, c| {
        h.match_of(c)
    });
    let im = im_verdict(request, variant);
    let datetime = memento_verdict(request, variant, set, memento);
    let briefs = Briefs {
        media: Brief::of(&media),
        language: Brief::of(&language),
        charset: Brief::of(&charset),
        coding: Brief::of(&coding),
        im: Brief::of(&im),
        datetime,
        source_quality: variant.source_quality,
    };
    let weights = briefs.weights();
    Evaluation {
        media,
        language,
        charset,
        coding,
        datetime,
        im,
        source_quality: variant.source_quality,
        score: briefs.score(weights),
        refused_by: briefs.refused_by(weights),
    }
}

/// How `request` judges `variant`, in brief: what [`evaluate`] finds, without the members,
/// remembering the verdict on each value in `memos`. The property tests hold the two to the
/// same ranking.
// Always inlined into its one caller's loop: returned by value, its `Briefs` were written out
// and read back for every variant (3% of a negotiation among 8 variants, measured).
#[allow(clippy::inline_always)]
#[inline(always)]
fn judge<'v>(
    request: &Request<'_>,
    read: Read<'_, '_>,
    variant: &Variant<'v>,
    (set, memento): (Set, Option<HttpDate>),
    memos: &mut Memos<'v>,
    floor: u64,
) -> Option<Briefs> {
    #[inline]
    fn remembered<H, V: Value, S: Order>(
        header: Option<&H>,
        value: Option<V>,
        memo: &mut Memo<V>,
        decider_of: impl FnOnce(&H, &V) -> Option<(S, Quality, usize)>,
    ) -> Brief {
        match (header, value) {
            (None, _) => Brief::plain(Kind::NotAsked),
            (Some(_), None) => Brief::plain(Kind::Unset),
            (Some(h), Some(v)) => memo.get_or(v, || Brief::decided(decider_of(h, &v))),
        }
    }
    let media = remembered(read.accept, variant.media_type, &mut memos.media, |h, t| {
        h.decider_of(t)
    });
    // The score is `qs` × the weights of type, language and charset, each at most 1: a
    // variant whose `qs` and type weigh less than `floor` cannot reach it.
    let bound = u64::from(variant.source_quality.thousandths())
        * u64::from(media.weight(Quality::ONE).thousandths())
        * 1_000_000;
    if bound < floor {
        return None;
    }
    Some(Briefs {
        media,
        language: remembered(
            read.language,
            variant.language,
            &mut memos.language,
            |h, l| h.decider_of(l),
        ),
        charset: remembered(read.charset, variant.charset, &mut memos.charset, |h, c| {
            h.decider_of(c)
        }),
        coding: remembered(
            read.encoding,
            Some(variant.coding_or_identity()),
            &mut memos.coding,
            |h, c| h.decider_of(c),
        ),
        // Most variants have no instance-manipulation: told without the call.
        im: match variant.im {
            None => Brief::plain(Kind::Unset),
            Some(_) => Brief::of(&im_verdict(request, variant)),
        },
        datetime: memento_verdict(request, variant, set, memento),
        source_quality: variant.source_quality,
    })
}

/// An acceptable variant as judged: what its rank is made of, computed when asked.
struct Candidate<'b> {
    briefs: &'b Briefs,
    weights: [Quality; 3],
    /// The unrounded score ([`Briefs::exact`]): the most significant part of the rank.
    exact: u64,
    is_identity: bool,
    index: usize,
}

impl Candidate<'_> {
    fn rank(&self) -> Rank {
        Rank::of(self.briefs, self.exact, self.is_identity, self.index)
    }

    /// Whether it certainly ranks after `rank`: a lower score (which no later part of the
    /// rank can make up for).
    fn scores_below(&self, rank: &Rank) -> bool {
        self.exact < rank.exact()
    }

    /// The q its response reports ([`Evaluation::quality`]).
    fn quality(&self) -> Quality {
        self.briefs
            .score(self.weights)
            .product(self.briefs.coding_quality())
    }
}

/// Judges every variant, handing each acceptable one to `acceptable`; returns the headers
/// that refuse some variant. `acceptable` returns a floor: a later variant whose `qs` and
/// type alone give it a lower score than that (which the other weights can only lower) is
/// skipped, neither judged further nor handed over nor counted among the refused; 0 judges
/// every variant.
fn judge_all(
    request: &Request<'_>,
    variants: &[Variant<'_>],
    set: Set,
    memento: Option<HttpDate>,
    mut acceptable: impl FnMut(&Candidate<'_>) -> u64,
) -> Vary {
    let mut refusing = Vary::EMPTY;
    let mut memos = Memos::new();
    let read = Read::of(request, set);
    let mut floor = 0;
    for (index, variant) in variants.iter().enumerate() {
        let Some(briefs) = judge(request, read, variant, (set, memento), &mut memos, floor) else {
            continue;
        };
        let weights = briefs.weights();
        let refused_by = briefs.refused_by(weights);
        refusing = refusing.union(refused_by);
        let exact = briefs.exact(weights);
        if refused_by.is_empty() && exact != 0 {
            floor = acceptable(&Candidate {
                briefs: &briefs,
                weights,
                exact,
                is_identity: variant.coding.is_none_or(|c| c.is_identity()),
                index,
            });
        }
    }
    refusing
}

/// The best acceptable variant with the q its response reports ([`Evaluation::quality`]), in
/// one pass; and the headers that refuse some variant, all of them when none is acceptable
/// (once one is, variants that score below it are skipped: their refusals no longer matter).
fn best(
    request: &Request<'_>,
    variants: &[Variant<'_>],
    set: Set,
    memento: Option<HttpDate>,
) -> (Option<(usize, Quality)>, Vary) {
    let mut best: Option<(Rank, Quality)> = None;
    let refusing = judge_all(request, variants, set, memento, |candidate| {
        // A lower score loses whatever the rest: no rank to build.
        if !best.is_some_and(|(b, _)| candidate.scores_below(&b)) {
            let rank = candidate.rank();
            if best.is_none_or(|(b, _)| rank.order(&b).is_lt()) {
                best = Some((rank, candidate.quality()));
            }
        }
        best.map_or(0, |(b, _)| b.exact())
    });
    (best.map(|(b, q)| (b.index, q)), refusing)
}

/// How many variants are acceptable: what a decision counts again when asked for it.
pub(crate) fn count_acceptable(
    request: &Request<'_>,
    variants: &[Variant<'_>],
    set: Set,
    memento: Option<HttpDate>,
) -> usize {
    let mut count = 0;
    judge_all(request, variants, set, memento, |_| {
        count += 1;
        0
    });
    count
}

/// The acceptable variants in order, the first [`Ranking::CAPACITY`] of them: what a decision
/// computes again when asked for its ranking, so that choosing stays one cheap pass.
pub(crate) fn ranking(
    request: &Request<'_>,
    variants: &[Variant<'_>],
    set: Set,
    memento: Option<HttpDate>,
) -> Ranking {
    let mut ranking = Ranking::new();
    judge_all(request, variants, set, memento, |candidate| {
        ranking.insert(candidate.rank());
        0
    });
    ranking
}

/// The `Vary` of a resource with these variants under `policy`: every negotiation header that
/// can change which variant is served or whether one is (NEGOTIATION.md, "What the response
/// carries"). A header is in it when the variants differ in its dimension, or when the
/// dimension is strict and a header could refuse a variant (then it decides between 200 and
/// 406 even for one variant). It depends on the variants and the policy only, never on a
/// request, so it is the same on every response of the resource.
pub fn vary(variants: &[Variant<'_>], policy: &Policy) -> Vary {
    vary_in(variants, *policy, Set::of(variants))
}

/// [`vary`] with the variant set's summary already computed.
pub(crate) fn vary_in(variants: &[Variant<'_>], policy: Policy, set: Set) -> Vary {
    fn differ<'v, T: PartialEq>(variants: &[Variant<'v>], f: impl Fn(&Variant<'v>) -> T) -> bool {
        variants
            .split_first()
            .is_some_and(|(first, rest)| rest.iter().any(|v| f(v) != f(first)))
    }
    let strict = |field| !policy.is_fallback(field);
    let mut vary = Vary::EMPTY;
    let mut add = |field, applies: bool| {
        if applies {
            vary.insert(field);
        }
    };
    add(
        Field::Accept,
        policy.requires_accept()
            || differ(variants, |v| v.media_type)
            || strict(Field::Accept) && variants.iter().any(|v| v.media_type.is_some()),
    );
    add(
        Field::AcceptLanguage,
        differ(variants, |v| v.language)
            || strict(Field::AcceptLanguage) && variants.iter().any(|v| v.language.is_some()),
    );
    add(
        Field::AcceptCharset,
        differ(variants, |v| v.charset)
            || strict(Field::AcceptCharset) && variants.iter().any(|v| v.charset.is_some()),
    );
    // Codings are negotiated only when some variant has one; then identity can be refused
    // too, so a strict resource varies even when every variant has the same coding.
    add(
        Field::AcceptEncoding,
        set.has_coding
            && (differ(variants, Variant::coding_or_identity) || strict(Field::AcceptEncoding)),
    );
    add(Field::AcceptDatetime, differ(variants, |v| v.datetime));
    // A delta is served only to a client that asks for it.
    add(Field::AIm, variants.iter().any(|v| v.im.is_some()));
    vary
}

/// The negotiation headers that a negotiation among `variants` under `policy` reads: those of
/// the dimensions some variant has a value in (a coding other than identity for
/// `Accept-Encoding`), and `Accept` when the policy requires it. The others cannot change
/// anything in its [`Decision`](crate::Decision) (the variant chosen, the status, the q, the
/// headers ignored by fallback), so an adapter need not look them up or parse them: a
/// malformed or oversized header the resource never reads is then not refused either.
/// [`vary`] is always within it.
///
/// ```
/// use conneg::{Field, MediaType, Policy, Variant, consulted};
///
/// let api = [
///     Variant::new().media_type(MediaType::APPLICATION_JSON),
///     Variant::new().media_type(MediaType::TEXT_HTML),
/// ];
/// assert_eq!(consulted(&api, &Policy::STRICT).to_string(), "Accept");
/// assert!(!consulted(&api, &Policy::STRICT).contains(Field::AcceptLanguage));
/// ```
pub fn consulted(variants: &[Variant<'_>], policy: &Policy) -> Vary {
    let mut read = Vary::EMPTY;
    let mut add = |field, applies: bool| {
        if applies {
            read.insert(field);
        }
    };
    let set = Set::of(variants);
    add(
        Field::Accept,
        policy.requires_accept() || variants.iter().any(|v| v.media_type.is_some()),
    );
    add(Field::AcceptLanguage, set.has_language);
    add(
        Field::AcceptCharset,
        variants.iter().any(|v| v.charset.is_some()),
    );
    add(Field::AcceptEncoding, set.has_coding);
    add(Field::AcceptDatetime, set.has_datetime);
    add(Field::AIm, variants.iter().any(|v| v.im.is_some()));
    read
}

/// The order in which fallback headers are tried for ignoring when nothing is acceptable: the
/// least telling first, so that the client's stronger preferences count as long as they can.
const RELAX_ORDER: [Field; 6] = [
    Field::AcceptCharset,
    Field::AcceptLanguage,
    Field::AcceptEncoding,
    Field::Accept,
    Field::AcceptDatetime,
    Field::AIm,
];

/// Chooses the variant to serve (NEGOTIATION.md, "Choosing a variant"): each variant's score
/// is `qs` × the weights the client gives its type, language and charset; among acceptable
/// variants the highest score wins, then the better coding, then the more specific matches,
/// then the earlier members in the client's lists, then the server's order. When nothing is
/// acceptable, the [`Policy`] decides between 406 and a fallback.
///
/// It makes no allocation, and its work is linear in the number of variants times the number
/// of members of each header. Choosing keeps only the best variant, and does not judge
/// through a variant that its `qs` and type already put below the best so far;
/// [`Decision::ranking`](crate::Decision::ranking) judges them again when asked, keeping the
/// best [`Decision::RANKING_CAPACITY`](crate::Decision::RANKING_CAPACITY) in order, and
/// [`Decision::acceptable`](crate::Decision::acceptable) counts them.
///
/// ```
/// use conneg::{negotiate, Coding, LanguageTag, MediaType, Policy, Request, Variant};
///
/// let en = LanguageTag::parse("en")?;
/// let de = LanguageTag::parse("de")?;
/// let variants = [
///     Variant::new().media_type(MediaType::TEXT_HTML).language(en),
///     Variant::new().media_type(MediaType::TEXT_HTML).language(de),
///     Variant::new().media_type(MediaType::APPLICATION_JSON).language(en),
/// ];
/// let request = Request::new()
///     .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")?
///     .header("accept-language", "de-DE,de;q=0.9,en;q=0.8")?;
///
/// let decision = negotiate(&request, &variants, &Policy::STRICT);
/// assert_eq!(decision.chosen(), Some(1)); // German HTML
/// assert_eq!(decision.status(), 200);
/// assert_eq!(decision.vary().to_string(), "Accept, Accept-Language");
/// assert_eq!(decision.ranking().collect::<Vec<_>>(), [1, 0, 2]);
///
/// // Nothing acceptable: 406 when strict, the best ignoring the header when falling back.
/// let request = Request::new().header("accept-language", "fr")?;
/// assert_eq!(negotiate(&request, &variants, &Policy::STRICT).status(), 406);
/// assert_eq!(negotiate(&request, &variants, &Policy::FALLBACK).chosen(), Some(0));
/// # Ok::<(), conneg::Error>(())
/// ```
pub fn negotiate<'n, 'h>(
    request: &'n Request<'h>,
    variants: &'n [Variant<'n>],
    policy: &Policy,
) -> Decision<'n, 'h> {
    negotiate_in(request, variants, *policy, (Set::of(variants), None))
}

/// [`negotiate`] with the variant set's summary computed, and its `Vary` when known (a
/// [`Resource`](crate::Resource)'s).
pub(crate) fn negotiate_in<'n, 'h>(
    request: &'n Request<'h>,
    variants: &'n [Variant<'n>],
    policy: Policy,
    (set, vary): (Set, Option<Vary>),
) -> Decision<'n, 'h> {
    let memento = selected_datetime(request, variants);
    let decide = |outcome, quality| {
        Decision::new(
            request,
            variants,
            policy,
            (set, memento),
            (outcome, quality),
            vary,
        )
    };
    if policy.requires_accept() && request.accept.is_none() {
        return decide(Outcome::AcceptRequired, None);
    }
    let (chosen, refusing) = best(request, variants, set, memento);
    if let Some((index, quality)) = chosen {
        let ignored = Vary::EMPTY;
        return decide(Outcome::Chosen { index, ignored }, Some(quality));
    }
    // Nothing acceptable: ignore the fewest fallback headers that make a variant acceptable
    // (of equally few, the first set in `RELAX_ORDER`). Ignoring a header that is not needed
    // would let it change the outcome when it should not: a fallback header on which every
    // variant agrees is not in `Vary`, so it must not matter.
    let mut candidates = [Field::Accept; RELAX_ORDER.len()];
    let mut n = 0;
    for field in RELAX_ORDER {
        if policy.is_fallback(field) && refusing.contains(field) && request.has(field) {
            candidates[n] = field;
            n += 1;
        }
    }
    for size in 1..=n as u32 {
        // Masks of `size` bits in increasing order: adding a header to every set keeps
        // their order, which is what makes the choice independent of an agreed header.
        for mask in (1u32..1 << n).filter(|m| m.count_ones() == size) {
            let mut relaxed = *request;
            let mut ignored = Vary::EMPTY;
            for (bit, field) in candidates[..n].iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    relaxed = relaxed.without(*field);
                    ignored.insert(*field);
                }
            }
            // Ignoring Accept-Datetime changes which memento is selected.
            let memento = selected_datetime(&relaxed, variants);
            if let (Some((index, _)), _) = best(&relaxed, variants, set, memento) {
                // Served by fallback: the original request does not accept it, q 0.
                let quality = Some(Quality::ZERO);
                return decide(Outcome::Chosen { index, ignored }, quality);
            }
        }
    }
    decide(Outcome::NoneAcceptable, None)
}

/// How `request` judges `variant` among `variants` (the set matters: it says whether codings
/// are negotiated and which memento is selected). [`Decision::evaluation`] gives the same for
/// a variant of a decision.
pub fn evaluate_in<'h>(
    request: &Request<'h>,
    variants: &[Variant<'_>],
    index: usize,
) -> Option<Evaluation<'h>> {
    let memento = selected_datetime(request, variants);
    evaluate_at(request, variants, index, Set::of(variants), memento)
}

/// [`evaluate_in`] with the variant set's summary and the selected memento already computed.
pub(crate) fn evaluate_at<'h>(
    request: &Request<'h>,
    variants: &[Variant<'_>],
    index: usize,
    set: Set,
    memento: Option<HttpDate>,
) -> Option<Evaluation<'h>> {
    let variant = variants.get(index)?;
    Some(evaluate(request, variant, set, memento))
}
