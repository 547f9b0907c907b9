//! A resource's variants and policy, prepared once for negotiating request after request.

use crate::decision::Decision;
use crate::error::{Error, Field};
use crate::limits::Limits;
use crate::list::FieldValue;
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
/// resource kept in a server's state.
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
    /// the request has none, and is asked for no other. The same as parsing those headers
    /// with `limits` into a [`Request`] and taking the variant [`Resource::negotiate`]
    /// chooses, its q and its fallback: `Ok(None)` when the decision serves nothing (406, or
    /// `Accept` required and missing), the first header's error when one does not parse.
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
            if let Some(served) = self.serve_by_accept(header(Field::Accept), limits)? {
                return Ok(Some(served));
            }
        }
        let mut request = Request::new();
        for field in FIELDS {
            if self.consulted.contains(field)
                && let Some(value) = header(field)
            {
                request.set(field, value, limits)?;
            }
        }
        Ok(self.negotiate(&request).served())
    }

    /// [`Resource::serve`] for variants that differ in their media type only, with one `qs`
    /// (not 0): the variant whose type `Accept` prefers ([`Accept::choose_with`]) is the one
    /// [`negotiate`](crate::negotiate()) chooses, its score that `qs` times the type's weight,
    /// every other weight 1 for all alike. `None` when no type is acceptable, which the whole
    /// negotiation decides (406 or a fallback). The ranking of [`negotiate`](crate::negotiate())
    /// compares members' positions up to 65,535, hence the caller's bound on `max_members`.
    ///
    /// [`Accept::choose_with`]: crate::Accept::choose_with
    fn serve_by_accept(
        &self,
        accept: Option<FieldValue<'_>>,
        limits: &Limits,
    ) -> Result<Option<Served>, Error> {
        let variants = self.variants.as_ref();
        let Some(first) = variants.first() else {
            return Ok(None);
        };
        let qs = first.source_quality;
        let chosen = match accept {
            // No preference: every variant scores `qs`, the server's order decides.
            None if self.policy.requires_accept() => None,
            None => Some((0, Quality::ONE)),
            Some(value) => crate::media::choose_variant(value, limits, variants)?,
        };
        Ok(chosen.map(|(index, quality)| Served {
            index,
            quality: qs.product(quality),
            fallback: Vary::EMPTY,
        }))
    }

    /// The variants, in the server's order.
    pub fn variants(&self) -> &[Variant<'v>] {
        self.variants.as_ref()
    }

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
