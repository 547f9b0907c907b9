//! A resource's representations and policy, and the negotiation of one request against them.

use std::sync::Arc;

use conneg::{
    Error, HeaderLines, Limits, NotAcceptable, Policy, Quality, Variant, Vary, negotiate,
};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderMap, HeaderValue};
use http::{Response, StatusCode};

/// The representations a resource offers (its [`Variant`]s, in the server's order of
/// preference), the [`Policy`] that decides when none is acceptable, and the [`Limits`] put on
/// the request's negotiation headers. Cheap to clone: the variants are shared.
///
/// ```
/// use conneg::{MediaType, Policy, Variant};
/// use conneg_tower::Representations;
///
/// let items = Representations::new([
///     Variant::new().media_type(MediaType::APPLICATION_JSON),
///     Variant::new().media_type(MediaType::TEXT_CSV).source_quality(conneg::Quality::from_thousandths(900).unwrap()),
/// ])
/// .policy(Policy::STRICT);
/// assert_eq!(items.vary().to_string(), "Accept");
/// ```
#[derive(Debug, Clone)]
pub struct Representations {
    variants: Arc<[Variant<'static>]>,
    policy: Policy,
    limits: Limits,
    vary: Vary,
}

impl Representations {
    /// These variants, strict (406 when none is acceptable), default limits.
    pub fn new(variants: impl IntoIterator<Item = Variant<'static>>) -> Self {
        let variants: Arc<[Variant<'static>]> = variants.into_iter().collect();
        let policy = Policy::STRICT;
        let vary = conneg::vary(&variants, &policy);
        Representations {
            variants,
            policy,
            limits: Limits::DEFAULT,
            vary,
        }
    }

    /// With this policy.
    #[must_use]
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self.vary = conneg::vary(&self.variants, &policy);
        self
    }

    /// With these limits on the request's negotiation headers (over them: 431).
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The variants.
    pub fn variants(&self) -> &[Variant<'static>] {
        &self.variants
    }

    /// The `Vary` every response of the resource carries (the same whatever the request).
    pub fn vary(&self) -> Vary {
        self.vary
    }

    /// Negotiates a request with these headers: the variant to serve, or the response that
    /// refuses the request (406, 431 or 400), ready to send.
    pub fn negotiate(&self, headers: &HeaderMap) -> Result<Negotiated, Box<Refusal>> {
        let lines = HeaderLines::new(headers);
        let request = lines
            .request_with(&self.limits)
            .map_err(|error| Refusal::header(error, self.vary))?;
        let decision = negotiate(&request, &self.variants, &self.policy);
        match decision.chosen() {
            Some(index) => Ok(Negotiated {
                index,
                variant: self.variants[index],
                quality: decision.quality().unwrap_or(Quality::ZERO),
                fallback: decision.fallback(),
                vary: self.vary,
            }),
            None => Err(Box::new(Refusal {
                reason: Reason::NotAcceptable,
                response: NotAcceptable::new(&decision).response().into(),
            })),
        }
    }
}

/// The outcome of a negotiation that serves a variant: which one, and what the response
/// needs. Handlers receive it (the axum extractor, or the request's extensions, where
/// [`NegotiateLayer`](crate::NegotiateLayer) puts it).
#[derive(Debug, Clone, Copy)]
pub struct Negotiated {
    index: usize,
    variant: Variant<'static>,
    quality: Quality,
    fallback: Vary,
    vary: Vary,
}

impl Negotiated {
    /// The index of the chosen variant in the resource's [`Representations`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// The chosen variant.
    pub fn variant(&self) -> &Variant<'static> {
        &self.variant
    }

    /// The chosen variant's q (its score times its coding's weight; 0 when served by
    /// fallback).
    pub fn quality(&self) -> Quality {
        self.quality
    }

    /// The headers ignored to serve a variant by fallback; empty when the client accepts it.
    pub fn fallback(&self) -> Vary {
        self.fallback
    }

    /// The `Vary` of the resource.
    pub fn vary(&self) -> Vary {
        self.vary
    }

    /// Sets the representation headers of the chosen variant that `headers` lacks:
    /// `Content-Type` (with the variant's charset), `Content-Language`, and `Content-Location`
    /// when the variant has a URL. `Vary` is merged separately, on every response.
    pub fn describe(&self, headers: &mut HeaderMap) {
        let v = &self.variant;
        let mut set = |name, value: Option<String>| {
            if headers.contains_key(&name) {
                return;
            }
            if let Some(Ok(value)) = value.map(HeaderValue::try_from) {
                headers.insert(name, value);
            }
        };
        set(CONTENT_TYPE, v.media_type.map(|t| content_type(v, t)));
        set(
            http::header::CONTENT_LANGUAGE,
            v.language.map(|l| l.to_string()),
        );
        set(http::header::CONTENT_LOCATION, v.url.map(str::to_owned));
    }
}

/// `type/subtype;params` and the variant's charset when the type does not name one.
fn content_type(v: &Variant<'_>, t: conneg::MediaType<'_>) -> String {
    match v.charset {
        Some(charset) if t.param("charset").is_none() => format!("{t}; charset={charset}"),
        _ => t.to_string(),
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// 406: no representation is acceptable, and the policy does not fall back.
    NotAcceptable,
    /// 431: a negotiation header is over the limits.
    HeaderTooLarge(Error),
    /// 400: a negotiation header that must be valid is not (`Accept-Datetime`).
    BadHeader(Error),
}

/// A refused request: why, and the response to send.
#[derive(Debug)]
pub struct Refusal {
    /// Why.
    pub reason: Reason,
    /// The response: the 406 page negotiated among problem+json, HTML and text, with `Vary`,
    /// `Link` alternates and `Cache-Control: no-store`; or a plain-text 431 or 400.
    pub response: Response<String>,
}

impl Refusal {
    fn header(error: Error, vary: Vary) -> Box<Refusal> {
        // The error's text names the header and the position, never the input: safe to send.
        let mut response = Response::new(format!("{error}\n"));
        let (status, reason) = if error.is_over_limit() {
            (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                Reason::HeaderTooLarge(error),
            )
        } else {
            (StatusCode::BAD_REQUEST, Reason::BadHeader(error))
        };
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        vary.merge_into(headers);
        Box::new(Refusal { reason, response })
    }
}
