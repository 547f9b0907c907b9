//! Choosing one variant across every dimension (NEGOTIATION.md, "Choosing a variant").

use core::cmp::Ordering;

use crate::charset::CharsetMatch;
use crate::coding::CodingMatch;
use crate::datetime::HttpDate;
use crate::decision::{Decision, Outcome, Ranking};
use crate::error::Field;
use crate::im::ImMatch;
use crate::language::LanguageMatch;
use crate::matching::{LanguageSpecificity, MediaSpecificity, Specificity};
use crate::media::MediaMatch;
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
    /// The score unrounded, in units of 10^-12 (the product of four weights in thousandths):
    /// the ranking compares this, so that rounding never makes two scores tie.
    pub(crate) exact: u64,
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

    /// How good the coding is beside other variants of equal score: higher weight, then a
    /// listed coding before an implicit identity; with no header, identity first.
    fn coding_rank(&self, is_identity: bool) -> (Quality, u8) {
        match self.coding {
            Verdict::Matched(m) if m.specificity == Specificity::Implicit => (m.quality, 0),
            Verdict::Matched(m) => (m.quality, 1),
            Verdict::NotAsked => (Quality::ONE, u8::from(is_identity)),
            Verdict::Unset => (Quality::ONE, 0),
            Verdict::Unmatched => (Quality::ZERO, 0),
        }
    }

    fn im_quality(&self) -> Quality {
        match self.im {
            Verdict::Matched(m) => m.quality,
            Verdict::Unmatched => Quality::ZERO,
            Verdict::NotAsked | Verdict::Unset => Quality::MIN,
        }
    }
}

/// What is compared to rank two acceptable variants; greater is better.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rank {
    score: u64,
    coding: (Quality, u8),
    im: Quality,
    specificity: (
        Option<MediaSpecificity>,
        Option<LanguageSpecificity>,
        Option<Specificity>,
        Option<Specificity>,
    ),
    /// Positions of the matching members in the client's lists: earlier is better. Kept in
    /// 16 bits to keep the ranking small; past 65,535 members (possible only with raised
    /// limits) positions tie and the server's order decides.
    positions: [u16; 4],
    pub(crate) index: usize,
}

impl Rank {
    fn of(evaluation: &Evaluation<'_>, variant: &Variant<'_>, index: usize) -> Rank {
        fn position<M, S>(verdict: &Verdict<crate::Match<M, S>>) -> u16 {
            match verdict {
                Verdict::Matched(m) => u16::try_from(m.position).unwrap_or(u16::MAX),
                _ => u16::MAX,
            }
        }
        fn specificity<M, S: Copy>(verdict: &Verdict<crate::Match<M, S>>) -> Option<S> {
            match verdict {
                Verdict::Matched(m) => Some(m.specificity),
                _ => None,
            }
        }
        let e = evaluation;
        Rank {
            score: e.exact,
            coding: e.coding_rank(variant.coding_or_identity().is_identity()),
            im: e.im_quality(),
            specificity: (
                specificity(&e.media),
                specificity(&e.language),
                specificity(&e.charset),
                specificity(&e.coding),
            ),
            positions: [
                position(&e.media),
                position(&e.language),
                position(&e.charset),
                position(&e.coding),
            ],
            index,
        }
    }

    /// Why `self` ranks before `other`: the first thing compared that differs.
    pub(crate) fn why_before(&self, other: &Rank) -> &'static str {
        if self.score != other.score {
            "a lower score"
        } else if self.coding != other.coding {
            "a less preferred coding"
        } else if self.im != other.im {
            "a less preferred instance-manipulation"
        } else if self.specificity != other.specificity {
            "less specific matches"
        } else if self.positions != other.positions {
            "later members in the client's lists"
        } else {
            "later in the server's order"
        }
    }

    /// `Less` when `self` ranks before (is better than) `other`.
    pub(crate) fn order(&self, other: &Rank) -> Ordering {
        (other.score, other.coding, other.im, other.specificity)
            .cmp(&(self.score, self.coding, self.im, self.specificity))
            .then_with(|| self.positions.cmp(&other.positions))
            .then_with(|| self.index.cmp(&other.index))
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

/// How many distinct values per dimension [`Memos`] remembers.
const MEMO: usize = 8;

/// The verdicts of the first [`MEMO`] distinct values of one dimension: variants share few
/// values (two types, three languages), and matching a value against a header costs a pass
/// over its members, while comparing two values is cheap. The lookup is bounded, so the work
/// stays linear in the number of variants.
struct Memo<V, M> {
    entries: [Option<(V, Verdict<M>)>; MEMO],
    len: usize,
}

impl<V: PartialEq + Copy, M: Copy> Memo<V, M> {
    const fn new() -> Self {
        Memo {
            entries: [None; MEMO],
            len: 0,
        }
    }

    fn get_or(&mut self, value: V, judge: impl FnOnce() -> Verdict<M>) -> Verdict<M> {
        for (v, verdict) in self.entries[..self.len].iter().flatten() {
            if *v == value {
                return *verdict;
            }
        }
        let verdict = judge();
        if self.len < MEMO {
            self.entries[self.len] = Some((value, verdict));
            self.len += 1;
        }
        verdict
    }
}

/// A [`Memo`] per dimension that costs a pass over a header's members.
struct Memos<'h, 'v> {
    media: Memo<crate::media::MediaType<'v>, MediaMatch<'h>>,
    language: Memo<crate::language::LanguageTag<'v>, LanguageMatch<'h>>,
    charset: Memo<crate::charset::Charset<'v>, CharsetMatch<'h>>,
    coding: Memo<crate::coding::Coding<'v>, CodingMatch<'h>>,
}

impl Memos<'_, '_> {
    const fn new() -> Self {
        Memos {
            media: Memo::new(),
            language: Memo::new(),
            charset: Memo::new(),
            coding: Memo::new(),
        }
    }
}

/// The weight a verdict gives: 1 when not asked, `unset` for a variant without a value.
fn weight<M, S>(verdict: &Verdict<crate::Match<M, S>>, unset: Quality) -> Quality {
    match verdict {
        Verdict::NotAsked => Quality::ONE,
        Verdict::Unset => unset,
        Verdict::Matched(m) => m.quality,
        Verdict::Unmatched => Quality::ZERO,
    }
}

/// The headers that refuse a variant, from the weights of type, language and charset, of the
/// coding and of the instance-manipulation, and the memento verdict.
fn refusals(weights: [Quality; 3], coding: Quality, datetime: Memento, im: Quality) -> Vary {
    let mut refused_by = Vary::EMPTY;
    let fields = [
        (Field::Accept, weights[0].is_zero()),
        (Field::AcceptLanguage, weights[1].is_zero()),
        (Field::AcceptCharset, weights[2].is_zero()),
        (Field::AcceptEncoding, coding.is_zero()),
        (
            Field::AcceptDatetime,
            matches!(datetime, Memento::Undated | Memento::Other),
        ),
        (Field::AIm, im.is_zero()),
    ];
    for (field, refused) in fields {
        if refused {
            refused_by.insert(field);
        }
    }
    refused_by
}

/// How `request` judges `variant`.
fn evaluate<'h, 'v>(
    request: &Request<'h>,
    variant: &Variant<'v>,
    set: Set,
    memento: Option<HttpDate>,
    memos: &mut Memos<'h, 'v>,
) -> Evaluation<'h> {
    fn judge<H, V: PartialEq + Copy, M: Copy>(
        header: Option<&H>,
        value: Option<V>,
        memo: &mut Memo<V, M>,
        match_of: impl Fn(&H, &V) -> Option<M>,
    ) -> Verdict<M> {
        match (header, value) {
            (None, _) => Verdict::NotAsked,
            (Some(_), None) => Verdict::Unset,
            (Some(h), Some(v)) => memo.get_or(v, || {
                match_of(h, &v).map_or(Verdict::Unmatched, Verdict::Matched)
            }),
        }
    }
    let media = judge(
        request.accept.as_ref(),
        variant.media_type,
        &mut memos.media,
        |h, t| h.match_of(t),
    );
    let language = if set.has_language {
        judge(
            request.accept_language.as_ref(),
            variant.language,
            &mut memos.language,
            |h, l| h.match_of(l),
        )
    } else {
        Verdict::NotAsked
    };
    let charset = judge(
        request.accept_charset.as_ref(),
        variant.charset,
        &mut memos.charset,
        |h, c| h.match_of(c),
    );
    let coding = if set.has_coding {
        let coding = Some(variant.coding_or_identity());
        judge(
            request.accept_encoding.as_ref(),
            coding,
            &mut memos.coding,
            |h, c| h.match_of(c),
        )
    } else {
        Verdict::NotAsked
    };
    let im = match (request.a_im.as_ref(), variant.im) {
        (_, None) => Verdict::Unset,
        (None, Some(_)) => Verdict::Unmatched,
        (Some(h), Some(im)) => h.match_of(&im).map_or(Verdict::Unmatched, Verdict::Matched),
    };
    let datetime = match variant.datetime {
        None if request.accept_datetime.is_some() && set.has_datetime => Memento::Undated,
        None => Memento::Unset,
        Some(d) if Some(d) == memento => Memento::Selected,
        Some(_) => Memento::Other,
    };

    let weights = [
        weight(&media, Quality::ONE),
        weight(&language, Quality::MIN),
        weight(&charset, Quality::ONE),
    ];
    let score = weights
        .iter()
        .fold(variant.source_quality, |s, w| s.product(*w));
    let exact = weights
        .iter()
        .fold(u64::from(variant.source_quality.thousandths()), |s, w| {
            s * u64::from(w.thousandths())
        });

    let refused_by = refusals(
        weights,
        weight(&coding, Quality::ONE),
        datetime,
        weight(&im, Quality::ONE),
    );
    Evaluation {
        media,
        language,
        charset,
        coding,
        datetime,
        im,
        source_quality: variant.source_quality,
        score,
        refused_by,
        exact,
    }
}

/// Evaluates every variant: the ranking of the acceptable ones, and the headers that refuse
/// some variant.
fn rank(request: &Request<'_>, variants: &[Variant<'_>], set: Set) -> (Ranking, Vary) {
    let memento = selected_datetime(request, variants);
    let mut ranking = Ranking::new();
    let mut refusing = Vary::EMPTY;
    let mut memos = Memos::new();
    for (index, variant) in variants.iter().enumerate() {
        let e = evaluate(request, variant, set, memento, &mut memos);
        for field in e.refused_by.iter() {
            refusing.insert(field);
        }
        if e.is_acceptable() {
            ranking.insert(Rank::of(&e, variant, index));
        }
    }
    (ranking, refusing)
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

fn vary_in(variants: &[Variant<'_>], policy: Policy, set: Set) -> Vary {
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
/// It makes no allocation; the decision keeps the best
/// [`Decision::RANKING_CAPACITY`](crate::Decision::RANKING_CAPACITY) acceptable variants in
/// order (the choice itself considers all of them). The work is linear in the number of variants times the number of
/// members of each header.
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
    let set = Set::of(variants);
    let vary = vary_in(variants, *policy, set);
    let memento = selected_datetime(request, variants);
    let decide = |outcome, ranking| {
        Decision::new(
            request,
            variants,
            *policy,
            (set, memento),
            outcome,
            vary,
            ranking,
        )
    };
    if policy.requires_accept() && request.accept.is_none() {
        return decide(Outcome::AcceptRequired, Ranking::new());
    }
    let (ranking, refusing) = rank(request, variants, set);
    if let Some(best) = ranking.first() {
        return decide(
            Outcome::Chosen {
                index: best,
                ignored: Vary::EMPTY,
            },
            ranking,
        );
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
            let (fallback, _) = rank(&relaxed, variants, set);
            if let Some(best) = fallback.first() {
                return decide(
                    Outcome::Chosen {
                        index: best,
                        ignored,
                    },
                    ranking,
                );
            }
        }
    }
    decide(Outcome::NoneAcceptable, ranking)
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
    Some(evaluate(request, variant, set, memento, &mut Memos::new()))
}
