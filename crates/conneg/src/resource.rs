//! A resource's variants and policy, prepared once for negotiating request after request.

use crate::decision::Decision;
use crate::negotiate::{Set, consulted, negotiate_in, vary_in};
use crate::policy::Policy;
use crate::request::Request;
use crate::variant::Variant;
use crate::vary::Vary;

/// A resource's variants and policy, with what does not depend on the request computed once:
/// the `Vary` every response of the resource carries ([`vary`](crate::vary())), the request
/// headers a negotiation reads ([`consulted`](crate::consulted())) and what the variant set
/// looks like. [`Resource::negotiate`] gives the same [`Decision`] as
/// [`negotiate`](crate::negotiate()) on the same variants and policy, without working these out
/// again for every request. It borrows the variants and does not allocate.
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
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Resource<'v> {
    variants: &'v [Variant<'v>],
    policy: Policy,
    set: Set,
    vary: Vary,
    consulted: Vary,
}

impl<'v> Resource<'v> {
    /// The resource of these variants (in the server's order of preference) under `policy`.
    pub fn new(variants: &'v [Variant<'v>], policy: Policy) -> Self {
        let set = Set::of(variants);
        Resource {
            variants,
            policy,
            set,
            vary: vary_in(variants, policy, set),
            consulted: consulted(variants, &policy),
        }
    }

    /// Chooses the variant for `request`: [`negotiate`](crate::negotiate()) on the resource's
    /// variants and policy.
    pub fn negotiate<'n, 'h>(&'n self, request: &'n Request<'h>) -> Decision<'n, 'h> {
        negotiate_in(
            request,
            self.variants,
            self.policy,
            (self.set, Some(self.vary)),
        )
    }

    /// The variants, in the server's order.
    pub const fn variants(&self) -> &'v [Variant<'v>] {
        self.variants
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
