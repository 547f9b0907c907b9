//! HTTP content negotiation done right: zero-copy, allocation-free parsing and matching of
//! every `Accept-*` header.
//!
//! ```
//! use conneg::{Accept, AcceptLanguage, LanguageTag, MediaType};
//!
//! // What the client accepts (borrowed from the request, never copied).
//! let accept = Accept::parse("text/html;q=0.9, application/json, */*;q=0.1")?;
//! // What the server has.
//! let offers = [MediaType::TEXT_HTML, MediaType::APPLICATION_JSON];
//!
//! let (index, m) = accept.best(&offers).unwrap();
//! assert_eq!(offers[index], MediaType::APPLICATION_JSON);
//! assert_eq!(m.member.to_string(), "application/json"); // the range that decided
//!
//! let languages = AcceptLanguage::parse("de-CH, en;q=0.5")?;
//! let de = LanguageTag::parse("de")?;
//! assert_eq!(languages.quality_of(&de).to_string(), "1"); // de-CH accepts de
//! # Ok::<(), conneg::Error>(())
//! ```
//!
//! # Two sides
//!
//! What a server *has* and what a client *accepts* are different types, so a server's
//! representation can never hold a wildcard:
//!
//! | header | the client's member | the server's value | matching |
//! |---|---|---|---|
//! | [`Accept`] | [`MediaRange`] | [`MediaType`] | [`MediaSpecificity`] |
//! | [`AcceptLanguage`] | [`LanguageRange`] | [`LanguageTag`] | [`LanguageSpecificity`] |
//! | [`AcceptCharset`] | [`CharsetRange`] | [`Charset`] | [`Specificity`] |
//! | [`AcceptEncoding`] | [`CodingRange`] | [`Coding`] | [`Specificity`] |
//! | [`AIm`] | [`ImRange`] | [`InstanceManipulation`] | [`Specificity`] |
//! | [`AcceptDatetime`] | one [`HttpDate`] | [`HttpDate`] | closest memento |
//!
//! Each list header has `parse`, `iter` (its valid members in order), `match_of` (how it
//! judges one offer: a [`Match`] with the member that decided, its weight, its specificity and
//! its position in the client's list), `quality_of` and `best` (the offer the client prefers).
//! The values borrow the header's bytes; nothing is copied or allocated. When the choice is
//! all a server needs, `choose` gives what `parse` then `best` give in one pass over the
//! header (for up to eight offers), keeping nothing else: the fastest way from a header to an
//! offer.
//!
//! ```
//! use conneg::{Accept, MediaType};
//!
//! let offers = [MediaType::TEXT_HTML, MediaType::APPLICATION_JSON];
//! let chosen = Accept::choose("application/json, text/html;q=0.5", &offers)?;
//! assert_eq!(chosen.map(|(index, _)| index), Some(1));
//! # Ok::<(), conneg::Error>(())
//! ```
//!
//! # Parsing rules
//!
//! These are the rules of conneg's rule book (NEGOTIATION.md), each implemented where
//! the linked item says:
//!
//! - **Lists** (RFC 9110 §5.6.1): members are separated by `,` with optional whitespace; empty
//!   members are skipped; a `,` or `;` inside a quoted-string is literal. Several field lines of
//!   one header form one list: every parser takes a [`FieldValue`], which can hold several.
//! - **Case**: types, subtypes, parameter names, charsets, codings and language tags compare
//!   case-insensitively; media-type parameter values compare case-sensitively, except
//!   `charset`. Quoted and token forms of a value are equal (`a="b"` = `a=b`): [`Parameter`].
//! - **Invalid members are ignored**, the others still count: `text`, `/`, `*/json`, a bare
//!   `*` in `Accept`, a space inside a range, `de-*-DE` or `123` in `Accept-Language`. A header
//!   left with no valid member [`is_empty`](Accept::is_empty), like an empty header.
//! - **Weights** are integers in thousandths ([`Quality`]), never floats. The first `q`
//!   parameter (any case) ends a media range's parameters; what follows is `accept-ext` and is
//!   ignored. Lenient forms are read (`.5`, `1.`, `Q=0.5`; more than three decimals truncated,
//!   but a non-zero value never becomes 0; values above 1 read as 1); a weight that is not a
//!   plain decimal (`abc`, `-1`, `1e3`, `NaN`) makes the member invalid; `q=` is ignored.
//! - **Duplicates**: of repeated parameter names in a range, the last wins; of equally
//!   specific ranges for one offer, the highest weight.
//! - `_` in a language tag reads as `-`.
//!
//! # Matching rules
//!
//! - [`Accept`]: the most specific matching range decides a media type's weight, so `q=0` on
//!   a specific range refuses even when a wildcard would accept, and `text/html;q=0.1, */*`
//!   ranks HTML at 0.1. A structured suffix (`+json`) does not match `application/json`.
//! - [`AcceptLanguage`]: RFC 4647 basic filtering, the longest range deciding; `*` matches
//!   every tag; a range that extends a tag still matches it when no range filters it (`en-US`
//!   accepts `en`). Sibling regions never match.
//! - [`AcceptCharset`]: exact names, no aliases, no implicit ISO-8859-1; `*` matches the rest.
//! - [`AcceptEncoding`]: `x-gzip` = `gzip`, `x-compress` = `compress`; `identity` is
//!   acceptable unless refused by `identity;q=0` or by `*;q=0` without an `identity` member,
//!   and when not listed it ranks after every listed coding.
//! - [`AcceptDatetime`]: an rfc1123-date or an error; the closest memento wins, a tie going
//!   to the earlier.
//! - [`AIm`]: names with weights, case-insensitive.
//!
//! Choosing one offer among several ([`Accept::best`] and the like) ranks by weight, then by
//! the specificity of the match, then by the position of the matching member in the client's
//! list, then by the server's order: with `*/*`, the server's first offer wins.
//!
//! # Choosing a variant across every header
//!
//! A resource's representations are [`Variant`]s (type, language, charset, coding, `qs`,
//! datetime, instance-manipulation, URL); a request's headers are a [`Request`];
//! [`negotiate`] gives a [`Decision`]: the variant to serve or 406, the ranking, the [`Vary`]
//! the response needs, and (its `Display`) why each variant won, lost or was refused. A
//! [`Policy`] says what happens when nothing is acceptable: 406 (strict, the default), or a
//! fallback per header; a missing `Accept` or `*/*` never gives 406 unless the policy
//! requires `Accept`. With the `alloc` feature, [`NotAcceptable`] builds the 406 response, its
//! body negotiated among problem+json, HTML and plain text. A server that negotiates the same
//! variants request after request prepares them once as a [`Resource`], which keeps their
//! `Vary` and the headers they need read, and serves a request straight from its header values
//! ([`Resource::serve`]: in one pass over `Accept` when the variants differ in type only and
//! share one `qs`).
//!
//! ```
//! use conneg::{negotiate, LanguageTag, MediaType, NotAcceptable, Policy, Request, Variant};
//!
//! let variants = [
//!     Variant::new().media_type(MediaType::TEXT_HTML).url("/news.html"),
//!     Variant::new().media_type(MediaType::APPLICATION_JSON).url("/news.json"),
//! ];
//! let request = Request::new().header("accept", "image/png")?;
//! let decision = negotiate(&request, &variants, &Policy::STRICT);
//! assert_eq!(decision.status(), 406);
//! let response = NotAcceptable::new(&decision).response();
//! assert_eq!(response.status, 406);
//! assert!(response.body.contains("/news.json")); // the alternatives, listed
//! # Ok::<(), conneg::Error>(())
//! ```
//!
//! # Hostile input
//!
//! Every parser is linear in the length of the header, with no backtracking; choosing among
//! offers makes one pass over the members per eight offers. [`Limits`] caps the bytes of a
//! header, its members, the parameters of a member and the subtags of a language range; a
//! header over a cap is an [`Error`] for which [`Error::is_over_limit`] holds, so a server can
//! answer 431. No input panics: the parsers are fuzzed (see `fuzz/` in the repository) and
//! property-tested against a slow reference implementation.
//!
//! # `no_std` and features
//!
//! The crate is `#![no_std]`; parsing and matching use only `core` and never allocate.
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `alloc` | yes | `FieldValue: From<&String>`, so `Accept::parse(&header_string)` works; the 406 and 415 responses ([`NotAcceptable`], [`UnsupportedMediaType`]) |
//! | `http` | no | the `http` crate's types: `HeaderLines` (a [`Request`] from an `http::HeaderMap`, field lines combined), `Vary::merge_into` (on an `http::HeaderMap`), `From<Response> for http::Response<String>` (implies `alloc`; links `std`, which the `http` crate needs) |

// Unit tests use std (`Vec`, `format!`); the library itself only `core`.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

mod charset;
mod coding;
mod datetime;
mod decision;
mod error;
#[cfg(feature = "http")]
mod header_map;
mod im;
mod language;
mod limits;
mod list;
mod matching;
mod media;
mod negotiate;
// BEGIN not_acceptable (406/415 responses; owned by that module's author)
#[cfg(feature = "alloc")]
mod not_acceptable;
#[cfg(feature = "alloc")]
pub use not_acceptable::{
    Available, Format, Method, NotAcceptable, Received, Render, Report, Requested, Response,
    Unsupported, UnsupportedMediaType, escape_html, escape_json,
};
// END not_acceptable
mod policy;
mod quality;
mod request;
mod resource;
mod syntax;
mod variant;
mod vary;

pub use charset::{AcceptCharset, Charset, CharsetMatch, CharsetRange, CharsetRanges};
pub use coding::{AcceptEncoding, Coding, CodingMatch, CodingRange, CodingRanges};
pub use datetime::{AcceptDatetime, HttpDate};
pub use decision::{Decision, Outcome};
pub use error::{Error, Field, Found, Limit, Subject};
#[cfg(feature = "http")]
pub use header_map::HeaderLines;
pub use im::{AIm, ImMatch, ImRange, ImRanges, InstanceManipulation};
pub use language::{AcceptLanguage, LanguageMatch, LanguageRange, LanguageRanges, LanguageTag};
pub use limits::Limits;
pub use list::FieldValue;
pub use matching::{LanguageSpecificity, Match, MediaLevel, MediaSpecificity, Specificity};
pub use media::{Accept, MediaMatch, MediaRange, MediaRanges, MediaType, Parameter, Parameters};
pub use negotiate::{Evaluation, Memento, Verdict, consulted, evaluate_in, negotiate, vary};
pub use policy::Policy;
pub use quality::Quality;
pub use request::{Request, field_named};
pub use resource::{Resource, Served};
pub use variant::Variant;
pub use vary::{Merged, Vary};
