//! One adapter per library and header: parse the header, choose among prepared offers, return
//! the library's own result. The offers are built once, outside any timed loop, in the form
//! each library wants ([`MediaOffers`], [`LanguageOffers`], [`EncodingOffers`]).
//!
//! Peers without a way to match offers get a few lines of glue, marked as ours.

use std::fmt::Display;
use std::hint::black_box;

use crate::{Case, Kind};

/// The libraries compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lib {
    /// This workspace's crate: `parse`, then `best` on the parsed header.
    Conneg,
    /// This workspace's crate: `choose`, the header parsed and matched in one pass.
    ConnegChoose,
    /// `negotiator` 0.1 (a port of npm `negotiator`).
    Negotiator,
    /// `headers-accept` 0.3.
    HeadersAccept,
    /// `accept-header` 0.2.
    AcceptHeader,
    /// `actix-web` 4: typed headers, with our glue for `Accept` and `Accept-Language`.
    ActixWeb,
    /// `fluent-langneg` 0.14.
    FluentLangneg,
    /// `accept-language` 3.
    AcceptLanguage,
}

impl Lib {
    /// Every library, conneg first.
    pub const ALL: [Lib; 8] = [
        Lib::Conneg,
        Lib::ConnegChoose,
        Lib::Negotiator,
        Lib::HeadersAccept,
        Lib::AcceptHeader,
        Lib::ActixWeb,
        Lib::FluentLangneg,
        Lib::AcceptLanguage,
    ];

    /// The crate's name.
    pub fn name(self) -> &'static str {
        match self {
            Lib::Conneg => "conneg",
            Lib::ConnegChoose => "conneg-choose",
            Lib::Negotiator => "negotiator",
            Lib::HeadersAccept => "headers-accept",
            Lib::AcceptHeader => "accept-header",
            Lib::ActixWeb => "actix-web",
            Lib::FluentLangneg => "fluent-langneg",
            Lib::AcceptLanguage => "accept-language",
        }
    }

    /// The name for a benchmark row: actix-web is marked where our glue does the matching.
    pub fn label(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Lib::ActixWeb, Kind::Media | Kind::Language) => "actix-web (parse+ranked+glue)",
            _ => self.name(),
        }
    }

    /// Whether the library negotiates this header (with our glue for actix-web).
    pub fn supports(self, kind: Kind) -> bool {
        match self {
            Lib::Conneg | Lib::ConnegChoose | Lib::Negotiator | Lib::ActixWeb => true,
            Lib::HeadersAccept | Lib::AcceptHeader => kind == Kind::Media,
            Lib::FluentLangneg | Lib::AcceptLanguage => kind == Kind::Language,
        }
    }
}

/// The name of the offer `found` equals, or its text and "(not offered)" when it is none of
/// them (actix-web can answer `identity` unasked).
fn offered<T: PartialEq + Display>(names: &[&str], list: &[T], found: &T) -> String {
    list.iter()
        .position(|o| o == found)
        .map_or_else(|| format!("{found} (not offered)"), |i| names[i].to_owned())
}

/// The index of the offer `found` equals, `None` when it is none of them.
pub(crate) fn index<T: PartialEq>(list: &[T], found: &T) -> Option<usize> {
    list.iter().position(|o| o == found)
}

/// Media types, in each library's form.
pub struct MediaOffers {
    /// As written.
    pub names: &'static [&'static str],
    /// For conneg.
    pub conneg: Vec<::conneg::MediaType<'static>>,
    /// For headers-accept.
    pub mediatype: Vec<mediatype::MediaType<'static>>,
    /// For accept-header and actix-web (the same `mime` 0.3).
    pub mime: Vec<mime::Mime>,
}

impl MediaOffers {
    /// Parses `names` for every library.
    ///
    /// # Panics
    /// When a library rejects one of them.
    pub fn new(names: &'static [&'static str]) -> Self {
        MediaOffers {
            names,
            conneg: names
                .iter()
                .map(|n| ::conneg::MediaType::parse(n).expect("conneg media type"))
                .collect(),
            mediatype: names
                .iter()
                .map(|n| mediatype::MediaType::parse(n).expect("mediatype media type"))
                .collect(),
            mime: names
                .iter()
                .map(|n| n.parse().expect("mime media type"))
                .collect(),
        }
    }
}

/// Language tags, in each library's form.
pub struct LanguageOffers {
    /// As written; negotiator and accept-language take these.
    pub names: &'static [&'static str],
    /// For conneg.
    pub conneg: Vec<::conneg::LanguageTag<'static>>,
    /// For actix-web (`language-tags` 0.3).
    pub actix: Vec<actix_web::http::header::LanguageTag>,
    /// For fluent-langneg (`icu_locid`).
    pub fluent: Vec<fluent_langneg::LanguageIdentifier>,
}

impl LanguageOffers {
    /// Parses `names` for every library.
    ///
    /// # Panics
    /// When a library rejects one of them.
    pub fn new(names: &'static [&'static str]) -> Self {
        LanguageOffers {
            names,
            conneg: names
                .iter()
                .map(|n| ::conneg::LanguageTag::parse(n).expect("conneg language tag"))
                .collect(),
            actix: names
                .iter()
                .map(|n| n.parse().expect("actix language tag"))
                .collect(),
            fluent: names
                .iter()
                .map(|n| n.parse().expect("fluent language identifier"))
                .collect(),
        }
    }
}

/// Content codings, in each library's form.
pub struct EncodingOffers {
    /// As written; negotiator takes these.
    pub names: &'static [&'static str],
    /// For conneg.
    pub conneg: Vec<::conneg::Coding<'static>>,
    /// For actix-web.
    pub actix: Vec<actix_web::http::header::Encoding>,
}

impl EncodingOffers {
    /// Parses `names` for every library.
    ///
    /// # Panics
    /// When a library rejects one of them.
    pub fn new(names: &'static [&'static str]) -> Self {
        EncodingOffers {
            names,
            conneg: names
                .iter()
                .map(|n| ::conneg::Coding::parse(n).expect("conneg coding"))
                .collect(),
            actix: names
                .iter()
                .map(|n| n.parse().expect("actix encoding"))
                .collect(),
        }
    }
}

/// conneg: `parse` (default limits) then `best`.
pub mod conneg {
    use ::conneg::{
        Accept, AcceptEncoding, AcceptLanguage, Coding, CodingMatch, LanguageMatch, LanguageTag,
        MediaMatch, MediaType,
    };

    /// `Accept`.
    #[inline]
    pub fn media<'h>(header: &'h str, offers: &[MediaType<'_>]) -> Option<(usize, MediaMatch<'h>)> {
        Accept::parse(header).ok()?.best(offers)
    }

    /// `Accept-Language`.
    #[inline]
    pub fn language<'h>(
        header: &'h str,
        offers: &[LanguageTag<'_>],
    ) -> Option<(usize, LanguageMatch<'h>)> {
        AcceptLanguage::parse(header).ok()?.best(offers)
    }

    /// `Accept-Encoding`.
    #[inline]
    pub fn encoding<'h>(
        header: &'h str,
        offers: &[Coding<'_>],
    ) -> Option<(usize, CodingMatch<'h>)> {
        AcceptEncoding::parse(header).ok()?.best(offers)
    }

    /// `Accept`, in one pass.
    #[inline]
    pub fn media_choose<'h>(
        header: &'h str,
        offers: &[MediaType<'_>],
    ) -> Option<(usize, MediaMatch<'h>)> {
        Accept::choose(header, offers).ok()?
    }

    /// `Accept-Language`, in one pass.
    #[inline]
    pub fn language_choose<'h>(
        header: &'h str,
        offers: &[LanguageTag<'_>],
    ) -> Option<(usize, LanguageMatch<'h>)> {
        AcceptLanguage::choose(header, offers).ok()?
    }

    /// `Accept-Encoding`, in one pass.
    #[inline]
    pub fn encoding_choose<'h>(
        header: &'h str,
        offers: &[Coding<'_>],
    ) -> Option<(usize, CodingMatch<'h>)> {
        AcceptEncoding::choose(header, offers).ok()?
    }
}

/// negotiator: one call per header; it parses the header and the offers each time and
/// returns an owned `String`.
pub mod negotiator {
    use ::negotiator::Negotiator;

    /// `Accept`.
    #[inline]
    pub fn media(header: &str, offers: &[&str]) -> Option<String> {
        Negotiator::new().accept(header).media_type(Some(offers))
    }

    /// `Accept-Language`.
    #[inline]
    pub fn language(header: &str, offers: &[&str]) -> Option<String> {
        Negotiator::new()
            .accept_language(header)
            .language(Some(offers))
    }

    /// `Accept-Encoding`, with no server preference: equal weights go to the header's order,
    /// as in conneg (`preferred = Some(offers)` would give the server's order instead).
    #[inline]
    pub fn encoding(header: &str, offers: &[&str]) -> Option<String> {
        Negotiator::new()
            .accept_encoding(header)
            .encoding(Some(offers), None)
    }
}

/// headers-accept: `FromStr` then `negotiate`; the result borrows the offers.
pub mod headers_accept {
    use mediatype::MediaType;

    /// `Accept`.
    #[inline]
    pub fn media<'o>(
        header: &str,
        offers: &'o [MediaType<'static>],
    ) -> Option<&'o MediaType<'static>> {
        let parsed: ::headers_accept::Accept = header.parse().ok()?;
        parsed.negotiate(offers)
    }
}

/// accept-header: `FromStr` then `negotiate`, which returns a clone of a `Mime`.
pub mod accept_header {
    use mime::Mime;

    /// `Accept`.
    #[inline]
    pub fn media(header: &str, offers: &[Mime]) -> Option<Mime> {
        let parsed: ::accept_header::Accept = header.parse().ok()?;
        parsed.negotiate(offers).ok()
    }
}

/// actix-web: the typed headers, parsed from a `HeaderValue` exactly as `Header::parse` does;
/// `AcceptEncoding::negotiate` is native, `Accept` and `Accept-Language` have no matching API,
/// so the matching there is our glue over `ranked()`.
pub mod actix {
    use actix_web::http::header::{
        Accept, AcceptEncoding, AcceptLanguage, Encoding, HeaderValue, LanguageTag, Preference,
        from_comma_delimited,
    };
    use actix_web::mime::{self, Mime};

    /// What `<T as Header>::parse` does with one field line: split on `,`, drop the members
    /// that do not parse.
    #[inline]
    fn parse<T: std::str::FromStr>(header: &HeaderValue) -> Vec<T> {
        from_comma_delimited(std::iter::once(header)).unwrap_or_default()
    }

    /// Glue (ours): whether `range` matches `offer`, its parameters present in the offer.
    fn mime_matches(range: &Mime, offer: &Mime) -> bool {
        let type_ok = range.type_() == mime::STAR
            || (range.type_() == offer.type_()
                && (range.subtype() == mime::STAR || range.essence_str() == offer.essence_str()));
        type_ok
            && range.params().all(|(k, v)| {
                offer
                    .get_param(k.as_str())
                    .is_some_and(|x| x.as_str().eq_ignore_ascii_case(v.as_str()))
            })
    }

    /// `Accept`: glue (ours), the first offer the first ranked range matches. `ranked()`
    /// keeps `q=0` ranges and drops the weights, so a `q=0` range still accepts.
    #[inline]
    pub fn media<'o>(header: &HeaderValue, offers: &'o [Mime]) -> Option<&'o Mime> {
        let accept = Accept(parse(header));
        accept
            .ranked()
            .iter()
            .find_map(|range| offers.iter().find(|o| mime_matches(range, o)))
    }

    /// `Accept-Language`: glue (ours), RFC 4647 basic filtering over `ranked()`.
    #[inline]
    pub fn language<'o>(
        header: &HeaderValue,
        offers: &'o [LanguageTag],
    ) -> Option<&'o LanguageTag> {
        let accept = AcceptLanguage(parse(header));
        for preference in accept.ranked() {
            match preference {
                Preference::Any => return offers.first(),
                // `matches` asserts `is_language_range` (it panics on `-u-` / `-x-` tags).
                Preference::Specific(range) if range.is_language_range() => {
                    if let Some(o) = offers.iter().find(|o| range.matches(o)) {
                        return Some(o);
                    }
                }
                Preference::Specific(_) => {}
            }
        }
        None
    }

    /// `Accept-Encoding`: native `negotiate`.
    #[inline]
    pub fn encoding(header: &HeaderValue, offers: &[Encoding]) -> Option<Encoding> {
        AcceptEncoding(parse(header)).negotiate(offers.iter())
    }
}

/// fluent-langneg: `parse_accepted_languages` then `negotiate_languages` with `Lookup`.
pub mod fluent {
    use fluent_langneg::{
        LanguageIdentifier, NegotiationStrategy, negotiate_languages, parse_accepted_languages,
    };

    /// `Accept-Language`.
    #[inline]
    pub fn language<'o>(
        header: &str,
        offers: &'o [LanguageIdentifier],
    ) -> Option<&'o LanguageIdentifier> {
        let requested = parse_accepted_languages(header);
        negotiate_languages(&requested, offers, None, NegotiationStrategy::Lookup)
            .into_iter()
            .next()
    }
}

/// accept-language: `intersection`, the first of the client's order.
pub mod accept_language {
    /// `Accept-Language`.
    #[inline]
    pub fn language(header: &str, offers: &[&str]) -> Option<String> {
        ::accept_language::intersection(header, offers)
            .into_iter()
            .next()
    }
}

/// Passes a result through `black_box` and drops it.
#[inline]
fn sink<T>(result: T) {
    drop(black_box(result));
}

/// A case with its offers prepared for every library.
pub struct Prepared {
    /// The case.
    pub case: Case,
    /// The header as actix-web receives it.
    pub actix_header: actix_web::http::header::HeaderValue,
    /// The offers of a [`Kind::Media`] case (empty otherwise).
    pub media: MediaOffers,
    /// The offers of a [`Kind::Language`] case (empty otherwise).
    pub language: LanguageOffers,
    /// The offers of a [`Kind::Encoding`] case (empty otherwise).
    pub encoding: EncodingOffers,
}

impl Prepared {
    /// Prepares the offers of `case`.
    ///
    /// # Panics
    /// When a library rejects an offer.
    pub fn new(case: Case) -> Self {
        let pick = |kind| if case.kind == kind { case.offers } else { &[] };
        Prepared {
            case,
            actix_header: actix_web::http::header::HeaderValue::from_static(case.header),
            media: MediaOffers::new(pick(Kind::Media)),
            language: LanguageOffers::new(pick(Kind::Language)),
            encoding: EncodingOffers::new(pick(Kind::Encoding)),
        }
    }

    /// The offer `lib` chooses, by its name in the case (`None`: nothing acceptable), or
    /// `None` when `lib` does not support the case's header.
    #[allow(clippy::option_option, reason = "unsupported differs from no answer")]
    pub fn answer(&self, lib: Lib) -> Option<Option<String>> {
        let h = self.case.header;
        let (m, l, e) = (&self.media, &self.language, &self.encoding);
        let answer =
            match (self.case.kind, lib) {
                (Kind::Media, Lib::Conneg) => {
                    conneg::media(h, &m.conneg).map(|(i, _)| m.names[i].to_owned())
                }
                (Kind::Media, Lib::ConnegChoose) => {
                    conneg::media_choose(h, &m.conneg).map(|(i, _)| m.names[i].to_owned())
                }
                (Kind::Media, Lib::Negotiator) => negotiator::media(h, m.names),
                (Kind::Media, Lib::HeadersAccept) => headers_accept::media(h, &m.mediatype)
                    .map(|o| offered(m.names, &m.mediatype, o)),
                (Kind::Media, Lib::AcceptHeader) => {
                    accept_header::media(h, &m.mime).map(|o| offered(m.names, &m.mime, &o))
                }
                (Kind::Media, Lib::ActixWeb) => {
                    actix::media(&self.actix_header, &m.mime).map(|o| offered(m.names, &m.mime, o))
                }
                (Kind::Language, Lib::Conneg) => {
                    conneg::language(h, &l.conneg).map(|(i, _)| l.names[i].to_owned())
                }
                (Kind::Language, Lib::ConnegChoose) => {
                    conneg::language_choose(h, &l.conneg).map(|(i, _)| l.names[i].to_owned())
                }
                (Kind::Language, Lib::Negotiator) => negotiator::language(h, l.names),
                (Kind::Language, Lib::ActixWeb) => actix::language(&self.actix_header, &l.actix)
                    .map(|o| offered(l.names, &l.actix, o)),
                (Kind::Language, Lib::FluentLangneg) => {
                    fluent::language(h, &l.fluent).map(|o| offered(l.names, &l.fluent, o))
                }
                (Kind::Language, Lib::AcceptLanguage) => accept_language::language(h, l.names),
                (Kind::Encoding, Lib::Conneg) => {
                    conneg::encoding(h, &e.conneg).map(|(i, _)| e.names[i].to_owned())
                }
                (Kind::Encoding, Lib::ConnegChoose) => {
                    conneg::encoding_choose(h, &e.conneg).map(|(i, _)| e.names[i].to_owned())
                }
                (Kind::Encoding, Lib::Negotiator) => negotiator::encoding(h, e.names),
                (Kind::Encoding, Lib::ActixWeb) => actix::encoding(&self.actix_header, &e.actix)
                    .map(|o| offered(e.names, &e.actix, &o)),
                _ => return None,
            };
        Some(answer)
    }

    /// Runs `lib` once on the case, its result passed through `black_box` and dropped (for
    /// counting allocations). `false` when `lib` does not support the case's header.
    pub fn run(&self, lib: Lib) -> bool {
        let h = black_box(self.case.header);
        let hv = black_box(&self.actix_header);
        let (m, l, e) = (&self.media, &self.language, &self.encoding);
        match (self.case.kind, lib) {
            (Kind::Media, Lib::Conneg) => sink(conneg::media(h, &m.conneg)),
            (Kind::Media, Lib::ConnegChoose) => sink(conneg::media_choose(h, &m.conneg)),
            (Kind::Media, Lib::Negotiator) => sink(negotiator::media(h, m.names)),
            (Kind::Media, Lib::HeadersAccept) => {
                sink(headers_accept::media(h, &m.mediatype));
            }
            (Kind::Media, Lib::AcceptHeader) => sink(accept_header::media(h, &m.mime)),
            (Kind::Media, Lib::ActixWeb) => sink(actix::media(hv, &m.mime)),
            (Kind::Language, Lib::Conneg) => sink(conneg::language(h, &l.conneg)),
            (Kind::Language, Lib::ConnegChoose) => sink(conneg::language_choose(h, &l.conneg)),
            (Kind::Language, Lib::Negotiator) => sink(negotiator::language(h, l.names)),
            (Kind::Language, Lib::ActixWeb) => sink(actix::language(hv, &l.actix)),
            (Kind::Language, Lib::FluentLangneg) => {
                sink(fluent::language(h, &l.fluent));
            }
            (Kind::Language, Lib::AcceptLanguage) => {
                sink(accept_language::language(h, l.names));
            }
            (Kind::Encoding, Lib::Conneg) => sink(conneg::encoding(h, &e.conneg)),
            (Kind::Encoding, Lib::ConnegChoose) => sink(conneg::encoding_choose(h, &e.conneg)),
            (Kind::Encoding, Lib::Negotiator) => sink(negotiator::encoding(h, e.names)),
            (Kind::Encoding, Lib::ActixWeb) => sink(actix::encoding(hv, &e.actix)),
            _ => return false,
        }
        true
    }
}
