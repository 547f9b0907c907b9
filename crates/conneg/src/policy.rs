//! Policy: what to do when no variant is acceptable.

use crate::error::Field;
use crate::vary::{FIELDS, bit};

/// What [`negotiate`](crate::negotiate) does when the request rules out every variant
/// (NEGOTIATION.md, "Choosing a variant", rule 5).
///
/// - **Strict** (the default): 406 Not Acceptable.
/// - **Fallback**, per header: when nothing is acceptable, the fewest fallback headers that
///   make a variant acceptable are ignored and the variants ranked again without them; the
///   decision says which. With every header in fallback and equal `qs`, the server's first
///   variant is served: the default. A site may fall back on language and stay strict on
///   type.
/// - **Require `Accept`**: a request without `Accept` gets 406 (an API that insists on
///   explicit media types). A request with `*/*` is still served.
///
/// `Accept-Encoding` needs no fallback for the usual case: `identity` is acceptable unless
/// the client refuses it (`identity;q=0`, or `*;q=0` without `identity`), so a variant
/// without coding is served to a client whose listed codings match nothing (RFC 9110
/// §12.5.3); the decision reports such a match as [`Specificity::Implicit`](crate::Specificity).
///
/// ```
/// use conneg::{Field, Policy};
///
/// let policy = Policy::STRICT.fallback_on(Field::AcceptLanguage);
/// assert!(policy.is_fallback(Field::AcceptLanguage));
/// assert!(!policy.is_fallback(Field::Accept));
/// assert_eq!(Policy::default(), Policy::STRICT);
/// assert!(Policy::FALLBACK.is_fallback(Field::Accept));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[must_use]
pub struct Policy {
    fallback: u8,
    require_accept: bool,
}

impl Policy {
    /// 406 when nothing is acceptable, whichever header rules the variants out.
    pub const STRICT: Policy = Policy {
        fallback: 0,
        require_accept: false,
    };

    /// Never 406 for lack of an acceptable variant: every header falls back.
    pub const FALLBACK: Policy = Policy {
        fallback: all(),
        require_accept: false,
    };

    /// This policy with `field` in fallback.
    pub const fn fallback_on(mut self, field: Field) -> Policy {
        self.fallback |= bit(field);
        self
    }

    /// This policy with `field` strict.
    pub const fn strict_on(mut self, field: Field) -> Policy {
        self.fallback &= !bit(field);
        self
    }

    /// This policy, requiring (or not) an `Accept` header.
    pub const fn require_accept(mut self, require: bool) -> Policy {
        self.require_accept = require;
        self
    }

    /// Whether `field` falls back.
    pub const fn is_fallback(&self, field: Field) -> bool {
        self.fallback & bit(field) != 0
    }

    /// Whether a request without `Accept` gets 406.
    pub const fn requires_accept(&self) -> bool {
        self.require_accept
    }
}

const fn all() -> u8 {
    let mut bits = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        bits |= bit(FIELDS[i]);
        i += 1;
    }
    bits
}
