//! A resource's representations and policy, and the negotiation of one request against them.

use std::sync::Arc;

use conneg::{
    Error, Field, FieldValue, HeaderLines, Limits, NotAcceptable, Policy, Quality, Request, Served,
    Variant, Vary,
};
use http::header::{
    CONTENT_LANGUAGE, CONTENT_LOCATION, CONTENT_TYPE, Entry, HeaderMap, HeaderName, HeaderValue,
    VARY,
};
use http::{Response, StatusCode};

use crate::format::{Format, Representation};

/// The representations a resource offers (each a [`Variant`] and the [`Format`] of its body,
/// in the server's order of preference), the [`Policy`] that decides when none is acceptable,
/// and the [`Limits`] put on the request's negotiation headers. Cheap to clone: the
/// representations are shared.
///
/// The first representation is the default: the one served to a client that states no
/// preference (no `Accept`, or `*/*`) and, under a fallback policy, to a client that accepts
/// none. [`Representations::default_format`] says which one it is explicitly.
///
/// ```
/// use conneg::{MediaType, Quality};
/// use conneg_tower::{Format, Representation, Representations};
///
/// let items = Representations::new([
///     Representation::new(Format::Xml),
///     Representation::new(Format::Json),
///     Representation::new(Format::Csv).source_quality(Quality::from_thousandths(500).unwrap()),
/// ])
/// .default_format(Format::Json);
/// assert_eq!(items.variants()[0].media_type, Some(MediaType::APPLICATION_JSON));
/// assert_eq!(items.vary().to_string(), "Accept");
///
/// // Variants work too: their format is read from their media type.
/// let page = Representations::new([conneg::Variant::new().media_type(MediaType::TEXT_HTML)]);
/// assert_eq!(page.formats(), [Some(Format::Html)]);
/// ```
#[derive(Debug, Clone)]
pub struct Representations {
    resource: Arc<Resource>,
}

/// What [`Representations`] and every [`Negotiated`] of it share: the declaration, and the
/// header values its responses carry, built once.
#[derive(Debug)]
struct Resource {
    /// The variants and the policy, prepared: their `Vary`, the headers they are negotiated
    /// by.
    core: conneg::Resource<Vec<Variant<'static>>>,
    formats: Vec<Option<Format>>,
    /// Per variant: its `Content-Type`, `Content-Language` and `Content-Location`.
    labels: Vec<Labels>,
    limits: Limits,
    /// The `Vary` as a header value; `None` when empty.
    vary_value: Option<HeaderValue>,
}

/// The representation headers of one variant, built once.
#[derive(Debug)]
struct Labels([Option<HeaderValue>; 3]);

/// The names of [`Labels`]' values, in order.
const LABELS: [HeaderName; 3] = [CONTENT_TYPE, CONTENT_LANGUAGE, CONTENT_LOCATION];

impl Labels {
    fn of(v: &Variant<'_>, format: Option<Format>) -> Labels {
        let utf8 = format.is_some_and(Format::labels_charset);
        let value = |text: String| HeaderValue::try_from(text).ok().map(shared);
        Labels([
            v.media_type.and_then(|t| value(content_type(v, t, utf8))),
            v.language.and_then(|l| value(l.to_string())),
            v.url.and_then(|u| value(u.to_owned())),
        ])
    }
}

/// `value`, made so that its clones share its bytes instead of allocating. (A value built
/// from a `String` allocates its shared state on its first clone; cloning once here moves that
/// allocation out of the request path.)
fn shared(value: HeaderValue) -> HeaderValue {
    let clone = value.clone();
    drop(value);
    clone
}

impl Representations {
    /// These representations, strict (406 when none is acceptable), default limits.
    pub fn new(representations: impl IntoIterator<Item = impl Into<Representation>>) -> Self {
        let representations: Vec<Representation> =
            representations.into_iter().map(Into::into).collect();
        Self::from_vec(&representations, Policy::STRICT, Limits::DEFAULT)
    }

    fn from_vec(representations: &[Representation], policy: Policy, limits: Limits) -> Self {
        let variants: Vec<Variant<'static>> =
            representations.iter().map(|r| *r.variant()).collect();
        let formats: Vec<Option<Format>> =
            representations.iter().map(Representation::format).collect();
        let labels = variants
            .iter()
            .zip(&formats)
            .map(|(v, &f)| Labels::of(v, f))
            .collect();
        let core = conneg::Resource::new(variants, policy);
        let vary = core.vary();
        let vary_value = (!vary.is_empty())
            .then(|| HeaderValue::try_from(vary.to_string()).ok().map(shared))
            .flatten();
        Representations {
            resource: Arc::new(Resource {
                core,
                formats,
                labels,
                limits,
                vary_value,
            }),
        }
    }

    /// With the first representation in `format` moved first, the default (the others keep
    /// their order). Unchanged when no representation is in that format.
    #[must_use]
    pub fn default_format(self, format: Format) -> Self {
        let Some(at) = self.formats().iter().position(|&f| f == Some(format)) else {
            return self;
        };
        let mut representations: Vec<Representation> = self.representations().collect();
        let r = &self.resource;
        let default = representations.remove(at);
        representations.insert(0, default);
        Self::from_vec(&representations, *r.core.policy(), r.limits)
    }

    /// The representations, in order.
    pub fn representations(&self) -> impl Iterator<Item = Representation> + '_ {
        let r = &self.resource;
        r.core
            .variants()
            .iter()
            .zip(r.formats.iter())
            .map(|(&variant, &format)| Representation::from_parts(variant, format))
    }

    /// With this policy.
    #[must_use]
    pub fn policy(self, policy: Policy) -> Self {
        let representations: Vec<Representation> = self.representations().collect();
        Self::from_vec(&representations, policy, self.resource.limits)
    }

    /// With these limits on the request's negotiation headers (over them: 431).
    #[must_use]
    pub fn limits(self, limits: Limits) -> Self {
        let representations: Vec<Representation> = self.representations().collect();
        Self::from_vec(&representations, *self.resource.core.policy(), limits)
    }

    /// The variants, in order.
    pub fn variants(&self) -> &[Variant<'static>] {
        self.resource.core.variants()
    }

    /// The format of each variant, in order.
    pub fn formats(&self) -> &[Option<Format>] {
        &self.resource.formats
    }

    /// The `Vary` every response of the resource carries (the same whatever the request).
    pub fn vary(&self) -> Vary {
        self.resource.core.vary()
    }

    /// The limits put on the request's negotiation headers.
    pub fn header_limits(&self) -> &Limits {
        &self.resource.limits
    }

    /// The request headers the negotiation reads ([`conneg::consulted`]): those of the
    /// dimensions the representations have values in. The others are neither looked up nor
    /// parsed, so they cannot be refused either (an oversized `Accept-Language` on a resource
    /// with no language gets no 431).
    ///
    /// ```
    /// use conneg_tower::{Format, Representations};
    ///
    /// let api = Representations::new([Format::Json, Format::Xml]);
    /// assert_eq!(api.consulted().to_string(), "Accept");
    /// ```
    pub fn consulted(&self) -> Vary {
        self.resource.core.consulted()
    }

    /// Negotiates a request with these headers: the variant to serve, or the response that
    /// refuses the request (406, 431 or 400), ready to send.
    pub fn negotiate(&self, headers: &HeaderMap) -> Result<Negotiated, Box<Refusal>> {
        // A resource that reads `Accept` alone (no variant has a language, charset, coding,
        // datetime or instance-manipulation), and an `Accept` of one field line (nearly every
        // request's): the line is the value, with no set of lines to build and drop (about
        // 250 instructions).
        if self.consulted() == Vary::EMPTY.with(Field::Accept) {
            let mut lines = headers.get_all(http::header::ACCEPT).iter();
            let accept = lines.next().map(|line| FieldValue::from(line.as_bytes()));
            if lines.next().is_none() {
                return self.negotiate_with(|field| accept.filter(|_| field == Field::Accept));
            }
        }
        let lines = HeaderLines::of(headers, self.consulted());
        self.negotiate_with(|field| lines.get(field))
    }

    /// Negotiates a request whose negotiation headers `header` gives: the value of each
    /// [`Representations::consulted`] header (its field lines together), `None` when the
    /// request has none. For frameworks whose header types are not `http`'s; the same outcome
    /// as [`Representations::negotiate`] on the same headers. A refused request's headers are
    /// asked for twice: parsed again for the decision that its 406 page explains.
    ///
    /// ```
    /// use conneg::Field;
    /// use conneg_tower::{Format, Representations};
    ///
    /// let resource = Representations::new([Format::Json, Format::Html]);
    /// let header = |field| (field == Field::Accept).then_some("text/html".into());
    /// assert_eq!(resource.negotiate_with(header).unwrap().format(), Some(Format::Html));
    /// ```
    pub fn negotiate_with<'h>(
        &self,
        mut header: impl FnMut(Field) -> Option<FieldValue<'h>>,
    ) -> Result<Negotiated, Box<Refusal>> {
        let r = &self.resource;
        match r.core.serve(&mut header, &r.limits) {
            Ok(Some(served)) => Ok(self.served(served)),
            // Refused: the headers parsed again, for the decision that the 406 page explains.
            Ok(None) => {
                let mut request = Request::new();
                let parsed = request.set_from(self.consulted(), header, &r.limits);
                self.decide(parsed.map(|()| request))
            }
            Err(error) => Err(Refusal::header(error, r.core.vary())),
        }
    }

    /// Negotiates a request whose negotiation headers were parsed (with
    /// [`Representations::header_limits`]) into `request`: for frameworks whose header types
    /// are not `http`'s. A parse error is refused as [`Representations::negotiate`] refuses it.
    /// Only the [`Representations::consulted`] headers need be parsed.
    ///
    /// ```
    /// use conneg::{Field, Request};
    /// use conneg_tower::{Format, Representations};
    ///
    /// let resource = Representations::new([Format::Json, Format::Html]);
    /// let limits = resource.header_limits();
    /// let request = Request::new().with_limits(Field::Accept, "text/html", limits);
    /// assert_eq!(resource.decide(request).unwrap().format(), Some(Format::Html));
    /// ```
    pub fn decide(&self, request: Result<Request<'_>, Error>) -> Result<Negotiated, Box<Refusal>> {
        match request {
            Ok(request) => self.choose(&request),
            Err(error) => Err(Refusal::header(error, self.resource.core.vary())),
        }
    }

    /// Negotiates a parsed request.
    fn choose(&self, request: &Request<'_>) -> Result<Negotiated, Box<Refusal>> {
        let decision = self.resource.core.negotiate(request);
        match decision.served() {
            Some(served) => Ok(self.served(served)),
            None => Err(Box::new(Refusal {
                reason: Reason::NotAcceptable,
                response: NotAcceptable::new(&decision).response().into(),
            })),
        }
    }

    /// The outcome that serves this.
    fn served(&self, served: Served) -> Negotiated {
        Negotiated {
            resource: Arc::clone(&self.resource),
            index: served.index,
            quality: served.quality,
            fallback: served.fallback,
        }
    }
}

/// The outcome of a negotiation that serves a variant: which one, and what the response
/// needs. Handlers receive it: the axum extractor, under `NegotiateHandler` or
/// [`NegotiateLayer`](crate::NegotiateLayer), or the request's extensions, where the layer puts
/// it for any inner service.
#[derive(Debug, Clone)]
pub struct Negotiated {
    resource: Arc<Resource>,
    index: usize,
    quality: Quality,
    fallback: Vary,
}

impl Negotiated {
    /// The index of the chosen variant in the resource's [`Representations`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// The chosen variant.
    pub fn variant(&self) -> &Variant<'static> {
        &self.resource.core.variants()[self.index]
    }

    /// The format of the chosen variant's body; `None` when its media type names none.
    pub fn format(&self) -> Option<Format> {
        self.resource.formats[self.index]
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
        self.resource.core.vary()
    }

    /// Merges the resource's `Vary` into `headers` ([`Vary::merge_into`]); without
    /// allocating when `headers` has no `Vary` yet.
    pub fn merge_vary(&self, headers: &mut HeaderMap) {
        let Some(value) = &self.resource.vary_value else {
            return;
        };
        match headers.entry(VARY) {
            Entry::Vacant(entry) => {
                entry.insert(value.clone());
            }
            Entry::Occupied(_) => self.resource.core.vary().merge_into(headers),
        }
    }

    /// Sets the representation headers of the chosen variant that `headers` lacks:
    /// `Content-Type` (with the variant's charset, or `utf-8` for the text formats
    /// conneg-tower writes), `Content-Language`, and `Content-Location` when the variant has a
    /// URL. `Vary` is merged separately, on every response. The values were built with the
    /// [`Representations`]: setting them does not allocate.
    pub fn describe(&self, headers: &mut HeaderMap) {
        let labels = &self.resource.labels[self.index].0;
        for (name, value) in LABELS.iter().zip(labels) {
            // The map is looked up only for the values the variant has.
            if let Some(value) = value
                && let Entry::Vacant(entry) = headers.entry(name)
            {
                entry.insert(value.clone());
            }
        }
    }

    /// The representation headers of the chosen variant, those [`Negotiated::describe`] sets.
    ///
    /// ```
    /// use conneg_tower::{Format, Representations};
    ///
    /// let n = Representations::new([Format::Markdown]).negotiate(&http::HeaderMap::new()).unwrap();
    /// let headers: Vec<_> = n.headers().collect();
    /// assert_eq!(headers[0].0, http::header::CONTENT_TYPE);
    /// assert_eq!(headers[0].1, "text/markdown; charset=utf-8");
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (HeaderName, HeaderValue)> + '_ {
        let labels = &self.resource.labels[self.index].0;
        LABELS
            .into_iter()
            .zip(labels)
            .filter_map(|(name, value)| Some((name, value.clone()?)))
    }
}

/// `type/subtype;params` and the variant's charset (or `utf-8` when `utf8`) when the type
/// does not name one.
fn content_type(v: &Variant<'_>, t: conneg::MediaType<'_>, utf8: bool) -> String {
    if t.param("charset").is_some() {
        return t.to_string();
    }
    match v.charset {
        Some(charset) => format!("{t}; charset={charset}"),
        None if utf8 => format!("{t}; charset=utf-8"),
        None => t.to_string(),
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
        let text = error.to_string();
        let (status, reason) = if error.is_over_limit() {
            (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                Reason::HeaderTooLarge(error),
            )
        } else {
            (StatusCode::BAD_REQUEST, Reason::BadHeader(error))
        };
        // Neither stored nor sniffed, like every error response of conneg.
        let mut response = crate::glue::plain(status, &text);
        vary.merge_into(response.headers_mut());
        Box::new(Refusal { reason, response })
    }
}
