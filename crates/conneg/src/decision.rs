//! The decision of a negotiation, and its explanation.

use core::fmt;

use crate::datetime::HttpDate;
use crate::error::Field;
use crate::negotiate::{
    Evaluation, Memento, Rank, Set, Verdict, count_acceptable, evaluate_at, ranking,
};
use crate::policy::Policy;
use crate::quality::Quality;
use crate::request::Request;
use crate::resource::Served;
use crate::variant::Variant;
use crate::vary::Vary;

/// The acceptable variants, best first, kept up to [`Ranking::CAPACITY`] without allocating.
#[derive(Debug, Clone)]
pub(crate) struct Ranking {
    ranks: [Rank; Ranking::CAPACITY],
    len: usize,
}

impl Ranking {
    /// How many ranked variants a [`Decision`] keeps.
    pub(crate) const CAPACITY: usize = 48;

    pub(crate) const fn new() -> Ranking {
        Ranking {
            ranks: [Rank::NONE; Ranking::CAPACITY],
            len: 0,
        }
    }

    /// Inserts `rank` in order; past the capacity, the worst is dropped.
    pub(crate) fn insert(&mut self, rank: Rank) {
        let kept = &self.ranks[..self.len];
        let at = kept.partition_point(|r| r.order(&rank).is_lt());
        if at >= Ranking::CAPACITY {
            return;
        }
        let end = self.len.min(Ranking::CAPACITY - 1);
        self.ranks.copy_within(at..end, at + 1);
        self.ranks[at] = rank;
        self.len = (self.len + 1).min(Ranking::CAPACITY);
    }
}

/// What a negotiation decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Serve the variant at `index`. `ignored` lists the fallback headers that were ignored
    /// because nothing was acceptable with them (empty when the client accepts the variant).
    Chosen {
        /// The variant's index.
        index: usize,
        /// The headers ignored by fallback.
        ignored: Vary,
    },
    /// 406: no variant is acceptable and the policy is strict for the headers that refuse.
    NoneAcceptable,
    /// 406: the policy requires `Accept` and the request has none.
    AcceptRequired,
}

/// The result of [`negotiate`](crate::negotiate): the variant to serve (or none), the
/// ranking, the `Vary` the response needs, and, on demand, how every header judged every
/// variant. Its `Display` is a readable multi-line account for logs and terminals.
///
/// ```
/// use conneg::{negotiate, MediaType, Policy, Request, Variant};
///
/// let variants = [
///     Variant::new().media_type(MediaType::TEXT_HTML),
///     Variant::new().media_type(MediaType::APPLICATION_JSON),
/// ];
/// let request = Request::new().header("accept", "application/json, text/*;q=0.5")?;
/// let decision = negotiate(&request, &variants, &Policy::STRICT);
/// assert_eq!(decision.chosen(), Some(1));
/// assert_eq!(decision.quality().unwrap().to_string(), "1");
/// assert_eq!(decision.is_explicit(), Some(true)); // application/json was named
/// println!("{decision}");
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Decision<'n, 'h> {
    request: &'n Request<'h>,
    variants: &'n [Variant<'n>],
    policy: Policy,
    /// What the variant set looks like and the memento the request selects, so that an
    /// evaluation need not look through the variants again.
    context: (Set, Option<HttpDate>),
    outcome: Outcome,
    /// The chosen variant's q, known from choosing it; `None` for 406.
    quality: Option<Quality>,
    /// The `Vary` of the variants and the policy, when a [`Resource`](crate::Resource) knows it.
    vary: Option<Vary>,
}

impl<'n, 'h> Decision<'n, 'h> {
    pub(crate) fn new(
        request: &'n Request<'h>,
        variants: &'n [Variant<'n>],
        policy: Policy,
        context: (Set, Option<HttpDate>),
        (outcome, quality): (Outcome, Option<Quality>),
        vary: Option<Vary>,
    ) -> Self {
        Decision {
            request,
            variants,
            policy,
            context,
            outcome,
            quality,
            vary,
        }
    }

    /// What was decided.
    pub const fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The index of the variant to serve, `None` for 406.
    pub const fn chosen(&self) -> Option<usize> {
        match self.outcome {
            Outcome::Chosen { index, .. } => Some(index),
            _ => None,
        }
    }

    /// The variant to serve, `None` for 406.
    pub fn variant(&self) -> Option<&'n Variant<'n>> {
        self.variants.get(self.chosen()?)
    }

    /// The status of the response: 200, or 406 Not Acceptable.
    pub const fn status(&self) -> u16 {
        match self.outcome {
            Outcome::Chosen { .. } => 200,
            _ => 406,
        }
    }

    /// Whether the variant was served by fallback, ignoring these headers (empty when not).
    pub const fn fallback(&self) -> Vary {
        match self.outcome {
            Outcome::Chosen { ignored, .. } => ignored,
            _ => Vary::EMPTY,
        }
    }

    /// The q of the chosen variant: its score times its coding's weight (0 for a variant
    /// served by fallback); `None` for 406.
    pub fn quality(&self) -> Option<Quality> {
        self.quality
    }

    /// What is served: the chosen variant, its q and the headers ignored by fallback, as
    /// [`Resource::serve`](crate::Resource::serve) gives them; `None` for 406.
    pub fn served(&self) -> Option<Served> {
        match self.outcome {
            Outcome::Chosen { index, ignored } => Some(Served {
                index,
                quality: self.quality.unwrap_or(Quality::ZERO),
                fallback: ignored,
            }),
            _ => None,
        }
    }

    /// Whether the chosen variant's media type was named by the client (`text/html`) rather
    /// than matched by a wildcard (`text/*`, `*/*`): `Some(false)` also when the request has
    /// no `Accept` or the variant no type; `None` for 406.
    pub fn is_explicit(&self) -> Option<bool> {
        let e = self.evaluation(self.chosen()?)?;
        Some(
            e.media
                .matched()
                .is_some_and(|m| m.specificity.is_explicit()),
        )
    }

    /// The `Vary` the response needs (the same whatever the request: see
    /// [`vary`](crate::vary())).
    pub fn vary(&self) -> Vary {
        // The resource's, or computed when asked: an adapter that has its resource's `Vary`
        // already (it depends on the variants and the policy only) does not pay for it.
        match self.vary {
            Some(vary) => vary,
            None => crate::negotiate::vary_in(self.variants, self.policy, self.context.0),
        }
    }

    /// The indices of the acceptable variants, best first (the first
    /// [`Decision::RANKING_CAPACITY`](Self::RANKING_CAPACITY) of them). Empty for 406 and for a
    /// fallback: then no variant is acceptable as asked.
    ///
    /// The ranking is computed when asked for (choosing needs only the best), so call this
    /// once and keep the result rather than calling it in a loop.
    pub fn ranking(&self) -> impl Iterator<Item = usize> + use<> {
        let ranking = self.ranked();
        let len = ranking.len;
        ranking.ranks.into_iter().take(len).map(|r| r.index)
    }

    /// The ranking of the acceptable variants: computed again, as [`negotiate`] keeps only
    /// the best. Empty for 406 and for a fallback.
    fn ranked(&self) -> Ranking {
        self.as_asked().map_or_else(Ranking::new, |(set, memento)| {
            ranking(self.request, self.variants, set, memento)
        })
    }

    /// The context to judge the variants in again, when some are acceptable as asked (not
    /// for 406, nor for a fallback).
    fn as_asked(&self) -> Option<(Set, Option<HttpDate>)> {
        match self.outcome {
            Outcome::Chosen { ignored, .. } if ignored.is_empty() => Some(self.context),
            _ => None,
        }
    }

    /// How many variants are acceptable (all of them, not only those [`Decision::ranking`]
    /// keeps); 0 for 406 and for a fallback. Counted when asked, as choosing skips the variants
    /// that score below the best.
    pub fn acceptable(&self) -> usize {
        self.as_asked().map_or(0, |(set, memento)| {
            count_acceptable(self.request, self.variants, set, memento)
        })
    }

    /// How many ranked variants a decision keeps.
    pub const RANKING_CAPACITY: usize = Ranking::CAPACITY;

    /// How the request judged the variant at `index`, dimension by dimension.
    pub fn evaluation(&self, index: usize) -> Option<Evaluation<'h>> {
        let (set, memento) = self.context;
        evaluate_at(self.request, self.variants, index, set, memento)
    }

    /// The request.
    pub const fn request(&self) -> &'n Request<'h> {
        self.request
    }

    /// The variants.
    pub const fn variants(&self) -> &'n [Variant<'n>] {
        self.variants
    }

    /// The policy.
    pub const fn policy(&self) -> Policy {
        self.policy
    }
}

impl fmt::Display for Decision<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.outcome {
            Outcome::Chosen { index, ignored } => {
                write!(f, "200: variant #{index}")?;
                if let Some(v) = self.variants.get(index) {
                    write!(f, " ({v})")?;
                }
                if let Some(q) = self.quality() {
                    write!(f, ", q={q}")?;
                }
                if !ignored.is_empty() {
                    write!(f, ", by fallback, ignoring {ignored}")?;
                }
                writeln!(f)?;
            }
            Outcome::NoneAcceptable => writeln!(f, "406: no variant is acceptable")?,
            Outcome::AcceptRequired => {
                writeln!(
                    f,
                    "406: the policy requires an Accept header and there is none"
                )?;
            }
        }
        let vary = self.vary();
        if vary.is_empty() {
            writeln!(f, "Vary: (none)")?;
        } else {
            writeln!(f, "Vary: {vary}")?;
        }
        let ranked = self.ranked();
        for (index, variant) in self.variants.iter().enumerate() {
            let Some(e) = self.evaluation(index) else {
                continue;
            };
            write!(f, "#{index} {variant}: ")?;
            if Some(index) == self.chosen() && self.fallback().is_empty() {
                write!(f, "chosen, score {}", e.score)?;
            } else if Some(index) == self.chosen() {
                write!(f, "chosen by fallback")?;
            } else if e.is_acceptable() {
                let place = ranked.ranks[..ranked.len]
                    .iter()
                    .position(|r| r.index == index);
                match place {
                    Some(p) => write!(
                        f,
                        "acceptable, score {}, ranked {}: {}",
                        e.score,
                        p + 1,
                        ranked.ranks[0].why_before(&ranked.ranks[p])
                    )?,
                    None => write!(f, "acceptable, score {}", e.score)?,
                }
            } else if e.source_quality.is_zero() {
                write!(f, "excluded: qs=0")?;
            } else {
                write!(f, "excluded by {}", e.refused_by)?;
            }
            writeln!(f)?;
            explain(f, self.request, &e)?;
        }
        Ok(())
    }
}

/// One line per dimension the request or the variant has.
fn explain(f: &mut fmt::Formatter<'_>, request: &Request<'_>, e: &Evaluation<'_>) -> fmt::Result {
    fn line<M: fmt::Display, S: fmt::Display>(
        f: &mut fmt::Formatter<'_>,
        request: &Request<'_>,
        field: Field,
        verdict: &Verdict<crate::Match<M, S>>,
    ) -> fmt::Result {
        match verdict {
            Verdict::NotAsked => Ok(()),
            Verdict::Unset if !request.has(field) => Ok(()),
            Verdict::Unset => writeln!(f, "    {field}: not set on the variant"),
            Verdict::Matched(m) => writeln!(
                f,
                "    {field}: {} (member {}, {}) q={}",
                m.member, m.position, m.specificity, m.quality
            ),
            Verdict::Unmatched => writeln!(f, "    {field}: no member matches"),
        }
    }
    if e.source_quality != Quality::ONE {
        writeln!(f, "    qs={}", e.source_quality)?;
    }
    line(f, request, Field::Accept, &e.media)?;
    line(f, request, Field::AcceptLanguage, &e.language)?;
    line(f, request, Field::AcceptCharset, &e.charset)?;
    line(f, request, Field::AcceptEncoding, &e.coding)?;
    match e.datetime {
        Memento::Unset => {}
        Memento::Undated => writeln!(
            f,
            "    accept-datetime: no datetime, a memento is asked for"
        )?,
        Memento::Selected => writeln!(f, "    accept-datetime: the selected memento")?,
        Memento::Other => writeln!(f, "    accept-datetime: another memento is closer")?,
    }
    match e.im {
        Verdict::Unmatched if request.a_im.is_none() => {
            writeln!(f, "    a-im: a delta, and the client asks for none")?;
        }
        im => line(f, request, Field::AIm, &im)?,
    }
    Ok(())
}
