//! The result of matching one offer against a header, and the rules that pick the member
//! that decides and the best offer.

use core::fmt;

use crate::error::Error;
use crate::limits::Limits;
use crate::list::{FieldValue, List, Member, Sink, Slot, read_list};
use crate::quality::Quality;

/// How a client's header judged one of the server's offers: the member that decided, the
/// weight it gives, how specific it is and where it stands in the client's list.
///
/// `M` is the header's member type ([`MediaRange`](crate::MediaRange),
/// [`LanguageRange`](crate::LanguageRange), ...), `S` its specificity
/// ([`MediaSpecificity`], [`LanguageSpecificity`] or [`Specificity`]).
///
/// ```
/// use conneg::{Accept, MediaType, MediaLevel};
///
/// let accept = Accept::parse("text/html;q=0.1, */*")?;
/// let m = accept.match_of(&MediaType::parse("text/html")?).unwrap();
/// // The most specific range decides, even though `*/*` would give more.
/// assert_eq!(m.quality.to_string(), "0.1");
/// assert_eq!(m.specificity.level, MediaLevel::Exact);
/// assert_eq!(m.position, 0);
/// assert_eq!(m.member.to_string(), "text/html;q=0.1");
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Match<M, S> {
    /// The client's member that decided.
    pub member: M,
    /// The weight it gives the offer; zero refuses it.
    pub quality: Quality,
    /// How specific the member is for this offer.
    pub specificity: S,
    /// The member's index among the header's valid members (the index in `iter()`). For
    /// an implicit match (identity in `Accept-Encoding`) it is the number of valid members:
    /// after every listed one.
    pub position: usize,
}

impl<M, S> Match<M, S> {
    /// Whether the member accepts the offer (its weight is above zero).
    pub const fn is_acceptable(&self) -> bool {
        !self.quality.is_zero()
    }
}

/// How specific a media range is for a media type (RFC 9110 §12.5.1): ordered from least to
/// most specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MediaSpecificity {
    /// `*/*`, `type/*` or `type/subtype`.
    pub level: MediaLevel,
    /// How many parameters the range has (all of them present, with equal values, in the
    /// media type); among ranges of one level, more is more specific.
    pub parameters: u16,
}

impl MediaSpecificity {
    /// Whether the client named the type and subtype, rather than matching by a wildcard.
    pub const fn is_explicit(&self) -> bool {
        matches!(self.level, MediaLevel::Exact)
    }
}

/// The wildcard level of a media range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MediaLevel {
    /// `*/*`.
    AnyType,
    /// `type/*`.
    AnySubtype,
    /// `type/subtype`.
    Exact,
}

/// How specific a language range is for a language tag (RFC 4647): ordered from least to most
/// specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LanguageSpecificity {
    /// The range `*`.
    Any,
    /// The range extends the tag (`en-US` for `en`): the lookup-style truncation of RFC 4647
    /// §3.4, used only when no range filters the tag.
    Truncated,
    /// Basic filtering (RFC 4647 §3.3.1): the range equals the tag or is a prefix of it that
    /// ends at a `-`. `subtags` is the range's length in subtags; longer is more specific.
    Filtered {
        /// Subtags in the range.
        subtags: u16,
    },
}

/// How specific a charset, content-coding or instance-manipulation member is: ordered from
/// least to most specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Specificity {
    /// Acceptable without being listed: `identity` when `Accept-Encoding` names neither it
    /// nor `*` (RFC 9110 §12.5.3).
    Implicit,
    /// The wildcard `*`.
    Wildcard,
    /// Named.
    Exact,
}

/// The deciding member so far for one offer: its specificity, weight and position. The member
/// itself is fetched once at the end, so that the state of a pass stays small.
type Best<S> = Option<(S, Quality, usize)>;

/// Makes the match the deciding one if it ranks above `best`; whether it did.
#[inline]
fn consider<S: Ord + Copy>(
    best: &mut Best<S>,
    specificity: S,
    quality: Quality,
    position: usize,
) -> bool {
    // Strictly greater: among equals the first stays.
    let better = best.is_none_or(|(s, q, _)| (specificity, quality) > (s, q));
    if better {
        *best = Some((specificity, quality, position));
    }
    better
}

/// The member of `members` that decides for `offer`: the most specific match, then the highest
/// weight among equally specific ones (NEGOTIATION.md: duplicate ranges, the highest q), then
/// the first.
#[inline]
pub(crate) fn best_for<'a, M, S, O>(
    list: &List<'a, M>,
    offer: &O,
    test: impl Fn(&M, &O) -> Option<S>,
) -> Option<Match<M, S>>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    let (specificity, quality, position) = decider(list, offer, test)?;
    let member = list.get(position)?;
    Some(Match {
        member,
        quality,
        specificity,
        position,
    })
}

/// [`best_for`] without fetching the member: its specificity, weight and position, what
/// ranking variants needs.
#[inline]
pub(crate) fn decider<'a, M, S, O>(
    list: &List<'a, M>,
    offer: &O,
    test: impl Fn(&M, &O) -> Option<S>,
) -> Option<(S, Quality, usize)>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    let mut best: Best<S> = None;
    list.for_each(|position, member| {
        if let Some(specificity) = test(member, offer) {
            consider(&mut best, specificity, member.quality(), position);
        }
    });
    best
}

/// Whether a candidate (weight, specificity, position) ranks above the winner so far: the
/// higher weight, then the more specific match, then the earlier member. Equal ranks keep
/// the winner (the earlier offer).
#[inline]
fn beats<S: Ord + Copy>(
    candidate: (Quality, S, usize),
    winner: Option<(Quality, S, usize)>,
) -> bool {
    winner.is_none_or(|(q, s, p)| {
        (candidate.0, candidate.1) > (q, s)
            || (candidate.0, candidate.1) == (q, s) && candidate.2 < p
    })
}

/// Offers matched per pass over the header: the state for this many lives on the stack.
const CHUNK: usize = 8;

/// The acceptable offer the client prefers, with its index, in one pass over the members per
/// eight offers. Ranking: the higher weight; then the more specific match; then the earlier
/// member in the client's list; then the earlier offer (the server's order).
///
/// `implicit` gives the match of an offer that no member matched (identity, for codings).
pub(crate) fn choose<'a, M, S, O>(
    list: &List<'a, M>,
    offers: &[O],
    test: impl Fn(&M, &O) -> Option<S>,
    implicit: impl Fn(&O) -> Option<Match<M, S>>,
) -> Option<(usize, Match<M, S>)>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    choose_in(list, offers, test, implicit, &Every)
}

/// How a pass of [`choose_in`] goes over the members of a header, for a chunk of offers.
trait Pass<'a, M, O> {
    fn for_each(&self, list: &List<'a, M>, chunk: &[O], f: impl FnMut(usize, &M));
}

/// Every valid member.
struct Every;

impl<'a, M: Member<'a>, O> Pass<'a, M, O> for Every {
    #[inline]
    fn for_each(&self, list: &List<'a, M>, _: &[O], f: impl FnMut(usize, &M)) {
        list.for_each(f);
    }
}

/// The members whose head the test accepts for one of the offers, at least: see
/// [`List::for_each_wanted`].
struct Wanted<W>(W);

impl<'a, M: Member<'a>, O, W> Pass<'a, M, O> for Wanted<W>
where
    W: Fn((&'a [u8], &'a [u8]), &O) -> bool,
{
    #[inline]
    fn for_each(&self, list: &List<'a, M>, chunk: &[O], f: impl FnMut(usize, &M)) {
        list.for_each_wanted(|head| chunk.iter().any(|offer| (self.0)(head, offer)), f);
    }
}

/// [`choose`] for a header with no implicit match whose members can be told apart by their
/// head: a member of a long header (after the kept ones) whose head `wanted` refuses for every
/// offer of the pass is skipped without being read through. `wanted` must accept every head
/// that `test` can match.
pub(crate) fn choose_wanted<'a, M, S, O>(
    list: &List<'a, M>,
    offers: &[O],
    test: impl Fn(&M, &O) -> Option<S>,
    wanted: impl Fn((&'a [u8], &'a [u8]), &O) -> bool,
) -> Option<(usize, Match<M, S>)>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    choose_in(list, offers, test, |_| None, &Wanted(wanted))
}

fn choose_in<'a, M, S, O>(
    list: &List<'a, M>,
    offers: &[O],
    test: impl Fn(&M, &O) -> Option<S>,
    implicit: impl Fn(&O) -> Option<Match<M, S>>,
    pass: &impl Pass<'a, M, O>,
) -> Option<(usize, Match<M, S>)>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    let mut winner = Winner::default();
    for (chunk_index, chunk) in offers.chunks(CHUNK).enumerate() {
        let mut state: [Best<S>; CHUNK] = [None; CHUNK];
        let step = |position, member: &M| {
            let quality = member.quality();
            for (slot, offer) in state.iter_mut().zip(chunk) {
                if let Some(specificity) = test(member, offer) {
                    consider(slot, specificity, quality, position);
                }
            }
        };
        pass.for_each(list, chunk, step);
        winner.rank(chunk_index * CHUNK, chunk, &state, &implicit);
    }
    winner.into_match(|_, position| list.get(position))
}

/// The acceptable offer the client prefers so far, across the chunks of [`choose_in`] and
/// [`parse_and_choose`]: the offer's index and its (weight, specificity, position), and its
/// whole match when that was implicit.
struct Winner<M, S> {
    best: Option<(usize, (Quality, S, usize))>,
    implicit: Option<Match<M, S>>,
}

impl<M, S> Default for Winner<M, S> {
    fn default() -> Self {
        Winner {
            best: None,
            implicit: None,
        }
    }
}

impl<M: Copy, S: Ord + Copy> Winner<M, S> {
    /// Ranks the offers of a chunk that starts at offer `base`, with the deciding member of
    /// each in `state`.
    #[inline]
    fn rank<O>(
        &mut self,
        base: usize,
        chunk: &[O],
        state: &[Best<S>],
        implicit: impl Fn(&O) -> Option<Match<M, S>>,
    ) {
        for (k, (slot, offer)) in state.iter().zip(chunk).enumerate() {
            let (candidate, from_implicit) = match *slot {
                Some((s, q, p)) => ((q, s, p), None),
                None => match implicit(offer) {
                    Some(m) => ((m.quality, m.specificity, m.position), Some(m)),
                    None => continue,
                },
            };
            if candidate.0.is_zero() {
                continue;
            }
            if beats(candidate, self.best.map(|(_, w)| w)) {
                self.best = Some((base + k, candidate));
                self.implicit = from_implicit;
            }
        }
    }

    /// The winner and its match, with the member that decided for it from `member` (given
    /// the offer's index and the member's position).
    #[inline]
    fn into_match(
        self,
        member: impl FnOnce(usize, usize) -> Option<M>,
    ) -> Option<(usize, Match<M, S>)> {
        let (index, (quality, specificity, position)) = self.best?;
        let m = match self.implicit {
            Some(m) => m,
            None => Match {
                member: member(index, position)?,
                quality,
                specificity,
                position,
            },
        };
        Some((index, m))
    }
}

/// The chosen offer's index, and its match.
type Chosen<M, S> = (usize, Match<M, S>);

/// The [`Sink`] of [`parse_and_choose`]: each member tried against every offer as it is read.
struct Chooser<'o, M, S, O, T> {
    offers: &'o [O],
    test: T,
    /// The deciding match of each offer so far.
    state: [Best<S>; CHUNK],
    /// The deciding member of each offer so far.
    deciders: [Option<M>; CHUNK],
    /// The position of the next valid member.
    position: usize,
    /// Whether members may be read straight into a slot.
    fits: bool,
}

impl<'a, M, S, O, T> Chooser<'_, M, S, O, T>
where
    M: Member<'a>,
    S: Ord + Copy,
    T: Fn(&M, &O) -> Option<S>,
{
    // Always inlined: a call per member otherwise (Chrome's header +250 instructions).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn step(&mut self, member: &M) {
        let quality = member.quality();
        let offers = self.offers.iter();
        for ((slot, decider), offer) in self.state.iter_mut().zip(&mut self.deciders).zip(offers) {
            if let Some(specificity) = (self.test)(member, offer) {
                if consider(slot, specificity, quality, self.position) {
                    *decider = Some(*member);
                }
            }
        }
        self.position += 1;
    }
}

impl<'a, M, S, O, T> Sink<'a, M> for Chooser<'_, M, S, O, T>
where
    M: Member<'a>,
    S: Ord + Copy,
    T: Fn(&M, &O) -> Option<S>,
{
    #[inline]
    fn start(&mut self, fits: bool) {
        self.fits = fits;
    }

    #[inline]
    fn quick(&self) -> bool {
        self.fits
    }

    // Always inlined, as `step`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn slot(&mut self, slot: Slot, line: &'a [u8]) {
        self.step(&slot.unpack(line));
    }

    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn member(&mut self, member: M, _: usize, _: usize) {
        self.step(&member);
    }
}

/// [`choose`] on a header's value as it arrived, parsed and matched in the same pass: each
/// member is read once and tried against every offer right away, and nothing is kept but the
/// deciding member of each offer. The same errors as parsing, and the same choice as
/// [`choose`] on the parsed list. More than [`CHUNK`] offers are chosen on the parsed list.
/// `implicit` is given the count of valid members, the position of an implicit match.
#[inline]
pub(crate) fn parse_and_choose<'a, M, S, O>(
    value: FieldValue<'a>,
    limits: &Limits,
    offers: &[O],
    test: impl Fn(&M, &O) -> Option<S>,
    implicit: impl Fn(&O, usize) -> Option<Match<M, S>>,
) -> Result<Option<Chosen<M, S>>, Error>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    if offers.len() > CHUNK {
        let list = List::parse(value, limits)?;
        return Ok(choose(&list, offers, test, |offer| {
            implicit(offer, list.len())
        }));
    }
    let mut chooser = Chooser {
        offers,
        test,
        state: [None; CHUNK],
        deciders: [None; CHUNK],
        position: 0,
        fits: false,
    };
    let (valid, _) = read_list(value, limits, &mut chooser)?;
    let mut winner = Winner::default();
    let Chooser {
        state, deciders, ..
    } = chooser;
    winner.rank(0, offers, &state, |offer| implicit(offer, valid as usize));
    Ok(winner.into_match(|index, _| deciders[index]))
}

/// [`choose`] for a header of one member (`*/*`, `application/json`: the commonest `Accept`
/// headers): that member decides for every offer it matches, so no per-offer state is
/// needed. The same ranking, on the same candidates; for headers with no implicit match
/// (not `Accept-Encoding`).
#[inline(never)]
pub(crate) fn choose_one<'a, M, S, O>(
    list: &List<'a, M>,
    offers: &[O],
    test: impl Fn(&M, &O) -> Option<S>,
) -> Option<(usize, Match<M, S>)>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    choose_member(list.get(0)?, offers, test)
}

/// [`choose_one`] on its member: the choice of a header whose only member is `member`. Like
/// it, for headers with no implicit match (not `Accept-Encoding`, whose identity this would
/// miss).
#[inline]
pub(crate) fn choose_member<'a, M, S, O>(
    member: M,
    offers: &[O],
    test: impl Fn(&M, &O) -> Option<S>,
) -> Option<(usize, Match<M, S>)>
where
    M: Member<'a>,
    S: Ord + Copy,
{
    let quality = member.quality();
    if quality.is_zero() {
        return None;
    }
    let mut winner: Option<(usize, (Quality, S, usize))> = None;
    for (index, offer) in offers.iter().enumerate() {
        if let Some(specificity) = test(&member, offer) {
            let candidate = (quality, specificity, 0);
            if beats(candidate, winner.map(|(_, w)| w)) {
                winner = Some((index, candidate));
            }
        }
    }
    let (index, (quality, specificity, position)) = winner?;
    Some((
        index,
        Match {
            member,
            quality,
            specificity,
            position,
        },
    ))
}

/// `exact`, `exact, 2 parameters`, `type/*` or `*/*`.
impl fmt::Display for MediaSpecificity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.level {
            MediaLevel::AnyType => f.write_str("*/*")?,
            MediaLevel::AnySubtype => f.write_str("type/*")?,
            MediaLevel::Exact => f.write_str("exact")?,
        }
        match self.parameters {
            0 => Ok(()),
            1 => f.write_str(", 1 parameter"),
            n => write!(f, ", {n} parameters"),
        }
    }
}

/// `*`, `truncated` or `prefix of 2 subtags`.
impl fmt::Display for LanguageSpecificity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LanguageSpecificity::Any => f.write_str("*"),
            LanguageSpecificity::Truncated => f.write_str("truncated"),
            LanguageSpecificity::Filtered { subtags: 1 } => f.write_str("1 subtag"),
            LanguageSpecificity::Filtered { subtags } => write!(f, "{subtags} subtags"),
        }
    }
}

/// `implicit`, `*` or `exact`.
impl fmt::Display for Specificity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Specificity::Implicit => "implicit",
            Specificity::Wildcard => "*",
            Specificity::Exact => "exact",
        })
    }
}
