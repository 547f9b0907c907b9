//! A resource's variants and policy, prepared once for negotiating request after request.

use crate::decision::Decision;
use crate::error::{Error, Field};
use crate::limits::Limits;
use crate::list::FieldValue;
use crate::media::choose_by;
use crate::negotiate::{Set, consulted, negotiate_in, vary_in};
use crate::policy::Policy;
use crate::quality::Quality;
use crate::request::Request;
use crate::variant::Variant;
use crate::vary::{FIELDS, Vary};

/// A resource's variants and policy, with what does not depend on the request computed once:
/// the `Vary` every response of the resource carries ([`vary`](crate::vary())), the request
/// headers a negotiation reads ([`consulted`](crate::consulted())) and what the variant set
/// looks like. [`Resource::negotiate`] gives the same [`Decision`] as
/// [`negotiate`](crate::negotiate()) on the same variants and policy, without working these out
/// again for every request; [`Resource::serve`] gives what such a decision serves, straight
/// from the header values.
///
/// `V` holds the variants: a borrowed slice or array (`Resource::new(&variants, ..)`, no
/// allocation), or an owned `Vec<Variant<'static>>` or `Arc<[Variant<'static>]>`, for a
/// resource kept in a server's state. What is prepared is prepared from the slice `V` gives
/// when the resource is made: a `V` whose `as_ref` later gives other variants gets decisions
/// made with the old `Vary` and summary.
///
/// ```
/// use conneg::{MediaType, Policy, Request, Resource, Variant};
///
/// let variants = [
///     Variant::new().media_type(MediaType::APPLICATION_JSON),
///     Variant::new().media_type(MediaType::TEXT_HTML),
/// ];
/// let items = Resource::new(&variants, Policy::STRICT);
/// assert_eq!(items.vary().to_string(), "Accept");
///
/// let request = Request::new().header("accept", "text/html,*/*;q=0.8")?;
/// let decision = items.negotiate(&request);
/// assert_eq!(decision.chosen(), Some(1));
/// assert_eq!(decision.vary(), items.vary());
///
/// // Owned, for a server's state.
/// let shared: Resource<std::sync::Arc<[Variant<'static>]>> =
///     Resource::new(variants.into(), Policy::STRICT);
/// assert_eq!(shared.negotiate(&request).chosen(), Some(1));
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Resource<V> {
    variants: V,
    policy: Policy,
    set: Set,
    vary: Vary,
    consulted: Vary,
    by_accept: bool,
}

/// What a negotiation serves: the variant, the q its response reports, and the headers
/// ignored to serve it by fallback ([`Resource::serve`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Served {
    /// The variant's index.
    pub index: usize,
    /// Its q ([`Decision::quality`]): 0 when served by fallback.
    pub quality: Quality,
    /// The headers ignored by fallback ([`Decision::fallback`]); empty when the client
    /// accepts the variant.
    pub fallback: Vary,
}

impl<'v, V: AsRef<[Variant<'v>]>> Resource<V> {
    /// The resource of these variants (in the server's order of preference) under `policy`.
    pub fn new(variants: V, policy: Policy) -> Self {
        let all = variants.as_ref();
        let set = Set::of(all);
        let vary = vary_in(all, policy, set);
        let consulted = consulted(all, &policy);
        let by_accept = chosen_by_accept(all, consulted);
        Resource {
            variants,
            policy,
            set,
            vary,
            consulted,
            by_accept,
        }
    }

    /// Chooses the variant for `request`: [`negotiate`](crate::negotiate()) on the resource's
    /// variants and policy.
    pub fn negotiate<'n, 'h>(&'n self, request: &'n Request<'h>) -> Decision<'n, 'h>
    where
        'v: 'n,
    {
        negotiate_in(
            request,
            self.variants.as_ref(),
            self.policy,
            (self.set, Some(self.vary)),
        )
    }

    /// What a request with these headers is served: `header` gives the value of each header
    /// the resource [consults](Resource::consulted) (its field lines together), `None` when
    /// the request has none; it is asked for each of them once at most, and for no other.
    /// The same as parsing those headers with `limits` into a [`Request`] and taking the
    /// variant [`Resource::negotiate`] chooses, its q and its fallback: `Ok(None)` when the
    /// decision serves nothing (406, or `Accept` required and missing); when a header does
    /// not parse, its error (the first in the order [`Vary`] lists them).
    ///
    /// What a decision explains or ranks is not kept, so there is less to do: a resource
    /// whose variants differ in their media type only, with one `qs`, is served from
    /// `Accept` in one pass over its members, nothing parsed into a list. Build a
    /// [`Request`] and call [`Resource::negotiate`] for the [`Decision`] itself (to explain
    /// it, or to answer 406 with [`NotAcceptable`](crate::NotAcceptable)).
    ///
    /// ```
    /// use conneg::{Field, Limits, MediaType, Policy, Resource, Variant};
    ///
    /// let variants = [
    ///     Variant::new().media_type(MediaType::APPLICATION_JSON),
    ///     Variant::new().media_type(MediaType::TEXT_HTML),
    /// ];
    /// let items = Resource::new(&variants, Policy::STRICT);
    /// let header = |field| (field == Field::Accept).then_some("text/html;q=0.5, */*;q=0.1".into());
    /// let served = items.serve(header, &Limits::DEFAULT)?.unwrap();
    /// assert_eq!((served.index, served.quality.to_string()), (1, "0.5".to_owned()));
    ///
    /// let header = |field| (field == Field::Accept).then_some("image/png".into());
    /// assert_eq!(items.serve(header, &Limits::DEFAULT)?, None); // 406
    /// # Ok::<(), conneg::Error>(())
    /// ```
    pub fn serve<'h>(
        &self,
        mut header: impl FnMut(Field) -> Option<FieldValue<'h>>,
        limits: &Limits,
    ) -> Result<Option<Served>, Error> {
        if self.by_accept && u16::try_from(limits.max_members).is_ok() {
            return self.serve_by_accept(header(Field::Accept), limits);
        }
        let mut request = Request::new();
        request.set_from(self.consulted, header, limits)?;
        Ok(self.negotiate(&request).served())
    }

    /// [`Resource::serve`] for variants that differ in their media type only, with one `qs`
    /// (not 0), so that only `Accept` is read. What [`negotiate`](crate::negotiate()) decides,
    /// step by step:
    /// - a variant's score is `qs` times its type's weight, every other factor of its rank
    ///   being the same for all: the type `Accept` prefers ([`Accept::choose_with`], which
    ///   ranks as `negotiate` does) is the variant chosen;
    /// - no `Accept`: every variant scores `qs` and the server's first is chosen, unless the
    ///   policy requires `Accept`;
    /// - no type acceptable (every variant refused by `Accept` alone): 406, or under a
    ///   fallback on `Accept` the variant chosen without it, the server's first, at q 0.
    ///
    /// The ranking of `negotiate` compares members' positions up to 65,535 (past it they
    /// tie), hence the caller's bound on `max_members`.
    ///
    /// [`Accept::choose_with`]: crate::Accept::choose_with
    fn serve_by_accept(
        &self,
        accept: Option<FieldValue<'_>>,
        limits: &Limits,
    ) -> Result<Option<Served>, Error> {
        let variants = self.variants.as_ref();
        let qs = variants.first().map_or(Quality::ZERO, |v| v.source_quality);
        let served = |index, quality, fallback| Served {
            index,
            quality,
            fallback,
        };
        Ok(match accept {
            None if self.policy.requires_accept() => None,
            None => Some(served(0, qs, Vary::EMPTY)),
            Some(value) => match choose_by(value, limits, variants, |v| v.media_type.as_ref())? {
                Some((index, m)) => Some(served(index, qs.product(m.quality), Vary::EMPTY)),
                None if self.policy.is_fallback(Field::Accept) => {
                    Some(served(0, Quality::ZERO, Vary::EMPTY.with(Field::Accept)))
                }
                None => None,
            },
        })
    }

    /// The variants, in the server's order.
    pub fn variants(&self) -> &[Variant<'v>] {
        self.variants.as_ref()
    }
}

impl<V> Resource<V> {
    /// The policy.
    pub const fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The `Vary` every response of the resource carries, whatever the request
    /// ([`vary`](crate::vary())).
    pub const fn vary(&self) -> Vary {
        self.vary
    }

    /// The request headers a negotiation reads ([`consulted`](crate::consulted())): the others
    /// need not be looked up or parsed.
    pub const fn consulted(&self) -> Vary {
        self.consulted
    }
}

/// Whether `Accept` alone, matched against the media types, decides among these variants as
/// the whole negotiation does ([`Resource::serve`]): each has a media type, one `qs` (not 0)
/// for all, and no other value a request header is read for (`consulted` is `Accept` at most:
/// no language, charset, coding, datetime or instance-manipulation).
fn chosen_by_accept(variants: &[Variant<'_>], consulted: Vary) -> bool {
    let Some(first) = variants.first() else {
        return false;
    };
    FIELDS
        .iter()
        .all(|&field| field == Field::Accept || !consulted.contains(field))
        && !first.source_quality.is_zero()
        && variants
            .iter()
            .all(|v| v.media_type.is_some() && v.source_quality == first.source_quality)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::MediaType;

    #[test]
    fn accept_alone_decides_for_types_with_one_qs() {
        let json = Variant::new().media_type(MediaType::APPLICATION_JSON);
        let html = Variant::new().media_type(MediaType::TEXT_HTML);
        let by_accept =
            |variants: &[Variant<'_>], policy| Resource::new(variants, policy).by_accept;
        assert!(by_accept(&[json, html], Policy::STRICT));
        assert!(by_accept(
            &[json, json],
            Policy::FALLBACK.require_accept(true)
        ));
        let half = Quality::from_thousandths(500).unwrap();
        assert!(by_accept(
            &[json.source_quality(half), html.source_quality(half)],
            Policy::STRICT
        ));
        // Not: no variant, two qs, qs 0, a variant without a type, another dimension.
        assert!(!by_accept(&[], Policy::STRICT));
        assert!(!by_accept(
            &[json, html.source_quality(half)],
            Policy::STRICT
        ));
        assert!(!by_accept(
            &[json.source_quality(Quality::ZERO)],
            Policy::STRICT
        ));
        assert!(!by_accept(&[json, Variant::new()], Policy::STRICT));
        let en = crate::language::LanguageTag::parse("en").unwrap();
        assert!(!by_accept(&[json, html.language(en)], Policy::STRICT));
        let gzip = crate::coding::Coding::parse("gzip").unwrap();
        assert!(!by_accept(&[json, html.coding(gzip)], Policy::STRICT));
    }
}
