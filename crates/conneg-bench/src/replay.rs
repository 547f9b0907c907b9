//! The request replay: the 3000 requests of `shared/data/headers/requests.jsonl`, each
//! negotiated as a server would: `Accept` against [`OFFERS_REPLAY`], `Accept-Language`
//! against [`OFFERS_LANG`], `Accept-Encoding` against [`OFFERS_ENC`], each only when the
//! request has the header.

use std::path::PathBuf;

use actix_web::http::header::HeaderValue;

use crate::peers::{self, EncodingOffers, LanguageOffers, Lib, MediaOffers, index};
use crate::{Kind, OFFERS_ENC, OFFERS_LANG, OFFERS_REPLAY};

/// The environment variable that overrides [`DEFAULT_PATH`].
pub const ENV: &str = "CONNEG_REQUESTS";

/// Where the replay is, relative to this crate: `shared/` beside the workspace.
pub const DEFAULT_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/headers/requests.jsonl"
);

/// The negotiation headers of one request.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `Accept`.
    pub accept: Option<String>,
    /// `Accept-Language`.
    pub accept_language: Option<String>,
    /// `Accept-Encoding`.
    pub accept_encoding: Option<String>,
}

impl Request {
    /// The header a [`Kind`] negotiates.
    pub fn header(&self, kind: Kind) -> Option<&str> {
        match kind {
            Kind::Media => self.accept.as_deref(),
            Kind::Language => self.accept_language.as_deref(),
            Kind::Encoding => self.accept_encoding.as_deref(),
        }
    }
}

/// The replay's path: `$CONNEG_REQUESTS`, else [`DEFAULT_PATH`].
pub fn path() -> PathBuf {
    std::env::var_os(ENV).map_or_else(|| PathBuf::from(DEFAULT_PATH), PathBuf::from)
}

/// Whether the replay is the default file (so its expected counts apply).
pub fn is_default() -> bool {
    std::env::var_os(ENV).is_none()
}

/// Loads the requests, one JSON object a line with a `headers` object (lower-case names).
///
/// # Panics
/// When the file is missing or a line is not such an object.
pub fn load() -> Vec<Request> {
    let path = path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the request replay {}: {e}\n\
             It is shared/data/headers/requests.jsonl beside the workspace; \
             set {ENV} to its path if it lives elsewhere.",
            path.display()
        )
    });
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: not JSON: {e}", path.display(), n + 1));
            let headers = value
                .get("headers")
                .and_then(serde_json::Value::as_object)
                .unwrap_or_else(|| panic!("{}:{}: no \"headers\" object", path.display(), n + 1));
            let get = |name: &str| {
                headers
                    .get(name)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            };
            Request {
                accept: get("accept"),
                accept_language: get("accept-language"),
                accept_encoding: get("accept-encoding"),
            }
        })
        .collect()
}

/// Which headers of each request a run negotiates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    /// `Accept`.
    pub media: bool,
    /// `Accept-Language`.
    pub language: bool,
    /// `Accept-Encoding`.
    pub encoding: bool,
}

impl Dims {
    /// All three.
    pub const ALL: Dims = Dims {
        media: true,
        language: true,
        encoding: true,
    };

    /// One header.
    pub fn only(kind: Kind) -> Dims {
        Dims {
            media: kind == Kind::Media,
            language: kind == Kind::Language,
            encoding: kind == Kind::Encoding,
        }
    }

    fn has(self, kind: Kind) -> bool {
        match kind {
            Kind::Media => self.media,
            Kind::Language => self.language,
            Kind::Encoding => self.encoding,
        }
    }
}

/// How many requests chose each offer, by index; the last slot counts the requests for which
/// nothing was acceptable (or the answer was not an offer).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Over [`OFFERS_REPLAY`].
    pub media: [u32; 3],
    /// Over [`OFFERS_LANG`].
    pub language: [u32; 4],
    /// Over [`OFFERS_ENC`].
    pub encoding: [u32; 4],
}

impl Tally {
    fn add(&mut self, kind: Kind, answer: Option<usize>) {
        let slots: &mut [u32] = match kind {
            Kind::Media => &mut self.media,
            Kind::Language => &mut self.language,
            Kind::Encoding => &mut self.encoding,
        };
        let last = slots.len() - 1;
        slots[answer.map_or(last, |i| i.min(last))] += 1;
    }
}

/// The actix-web form of a request's headers.
struct ActixRequest {
    accept: Option<HeaderValue>,
    accept_language: Option<HeaderValue>,
    accept_encoding: Option<HeaderValue>,
}

impl ActixRequest {
    fn header(&self, kind: Kind) -> Option<&HeaderValue> {
        match kind {
            Kind::Media => self.accept.as_ref(),
            Kind::Language => self.accept_language.as_ref(),
            Kind::Encoding => self.accept_encoding.as_ref(),
        }
    }
}

/// The loaded replay with the offers prepared for every library.
pub struct Replay {
    /// The requests, in file order.
    pub requests: Vec<Request>,
    actix: Vec<ActixRequest>,
    /// [`OFFERS_REPLAY`].
    pub media: MediaOffers,
    /// [`OFFERS_LANG`].
    pub language: LanguageOffers,
    /// [`OFFERS_ENC`].
    pub encoding: EncodingOffers,
}

impl Replay {
    /// Loads the replay ([`load`]) and prepares everything a run needs.
    ///
    /// # Panics
    /// As [`load`], or when a header is not a valid `HeaderValue`.
    pub fn load() -> Self {
        let requests = load();
        let value = |h: &Option<String>| {
            h.as_deref()
                .map(|s| HeaderValue::from_str(s).expect("a valid header value"))
        };
        let actix = requests
            .iter()
            .map(|r| ActixRequest {
                accept: value(&r.accept),
                accept_language: value(&r.accept_language),
                accept_encoding: value(&r.accept_encoding),
            })
            .collect();
        Replay {
            requests,
            actix,
            media: MediaOffers::new(OFFERS_REPLAY),
            language: LanguageOffers::new(OFFERS_LANG),
            encoding: EncodingOffers::new(OFFERS_ENC),
        }
    }

    /// The number of requests.
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    /// Whether there is no request.
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// The index of the offer `lib` chooses for request `request`'s `kind` header
    /// (`Some(None)`: nothing acceptable, or an answer that is not an offer); `None` when the
    /// request has no such header or `lib` does not negotiate it.
    ///
    /// # Panics
    /// When `request` is out of range.
    #[allow(clippy::option_option, reason = "no header differs from no answer")]
    #[inline]
    pub fn answer(&self, lib: Lib, request: usize, kind: Kind) -> Option<Option<usize>> {
        let h = self.requests[request].header(kind)?;
        let hv = || {
            self.actix[request]
                .header(kind)
                .expect("prepared with the request")
        };
        let (m, l, e) = (&self.media, &self.language, &self.encoding);
        let names = |list: &[&str], s: String| list.iter().position(|n| *n == s);
        Some(match (kind, lib) {
            (Kind::Media, Lib::Conneg) => peers::conneg::media(h, &m.conneg).map(|(i, _)| i),
            (Kind::Media, Lib::ConnegChoose) => {
                peers::conneg::media_choose(h, &m.conneg).map(|(i, _)| i)
            }
            (Kind::Media, Lib::Negotiator) => {
                peers::negotiator::media(h, m.names).and_then(|s| names(m.names, s))
            }
            (Kind::Media, Lib::HeadersAccept) => {
                peers::headers_accept::media(h, &m.mediatype).and_then(|o| index(&m.mediatype, o))
            }
            (Kind::Media, Lib::AcceptHeader) => {
                peers::accept_header::media(h, &m.mime).and_then(|o| index(&m.mime, &o))
            }
            (Kind::Media, Lib::ActixWeb) => {
                peers::actix::media(hv(), &m.mime).and_then(|o| index(&m.mime, o))
            }
            (Kind::Language, Lib::Conneg) => peers::conneg::language(h, &l.conneg).map(|(i, _)| i),
            (Kind::Language, Lib::ConnegChoose) => {
                peers::conneg::language_choose(h, &l.conneg).map(|(i, _)| i)
            }
            (Kind::Language, Lib::Negotiator) => {
                peers::negotiator::language(h, l.names).and_then(|s| names(l.names, s))
            }
            (Kind::Language, Lib::ActixWeb) => {
                peers::actix::language(hv(), &l.actix).and_then(|o| index(&l.actix, o))
            }
            (Kind::Language, Lib::FluentLangneg) => {
                peers::fluent::language(h, &l.fluent).and_then(|o| index(&l.fluent, o))
            }
            (Kind::Language, Lib::AcceptLanguage) => {
                peers::accept_language::language(h, l.names).and_then(|s| names(l.names, s))
            }
            (Kind::Encoding, Lib::Conneg) => peers::conneg::encoding(h, &e.conneg).map(|(i, _)| i),
            (Kind::Encoding, Lib::ConnegChoose) => {
                peers::conneg::encoding_choose(h, &e.conneg).map(|(i, _)| i)
            }
            (Kind::Encoding, Lib::Negotiator) => {
                peers::negotiator::encoding(h, e.names).and_then(|s| names(e.names, s))
            }
            (Kind::Encoding, Lib::ActixWeb) => {
                peers::actix::encoding(hv(), &e.actix).and_then(|o| index(&e.actix, &o))
            }
            _ => return None,
        })
    }

    /// Negotiates every request's `dims` headers with `lib` and counts the answers.
    pub fn tally(&self, lib: Lib, dims: Dims) -> Tally {
        let mut tally = Tally::default();
        for request in 0..self.requests.len() {
            for kind in [Kind::Media, Kind::Language, Kind::Encoding] {
                if dims.has(kind)
                    && let Some(answer) = self.answer(lib, request, kind)
                {
                    tally.add(kind, answer);
                }
            }
        }
        tally
    }
}
