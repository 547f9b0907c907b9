//! 406 Not Acceptable (RFC 9110 §15.5.7) and 415 Unsupported Media Type (RFC 9110 §15.5.16)
//! responses: a fixed status, the headers NEGOTIATION.md asks for ("What the response
//! carries"), and a body that is itself negotiated among `application/problem+json`
//! (RFC 9457), `text/html` and `text/plain`.
//!
//! - [`NotAcceptable`] turns a [`Decision`] that found nothing to serve into a 406 that lists
//!   every available representation, with one `Link: <url>; rel="alternate"` per variant that
//!   has a URL.
//! - [`UnsupportedMediaType`] is the 415 for a request body whose `Content-Type` or
//!   `Content-Encoding` the resource does not take, with `Accept`, `Accept-Post` or
//!   `Accept-Patch`, or `Accept-Encoding` saying what it would take.
//! - Both produce a [`Response`] (status, lower-case header names, body). The data of the body
//!   is a [`Report`]; a caller can replace or wrap the renderer of any of the three formats
//!   (a site's own branded HTML page) with a [`Render`], and the status and headers stay
//!   conneg's.
//!
//! # The body
//!
//! The members of the `application/problem+json` body (RFC 9457 `type`, `title`, `status`,
//! `detail`, then `available` and `requested` for a 406, `accepted`, `accepted-encoding` and
//! `received` for a 415), what is echoed from the request, and how each value is escaped, are
//! described on [`Report`]. A JSON Schema (draft 2020-12) of both shapes is
//! `schemas/problem.schema.json` in the repository.
//!
//! ```
//! use conneg::{negotiate, LanguageTag, MediaType, NotAcceptable, Policy, Request, Variant};
//!
//! let variants = [
//!     Variant::new()
//!         .media_type(MediaType::TEXT_HTML)
//!         .language(LanguageTag::parse("de")?)
//!         .url("/news.de.html"),
//!     Variant::new().media_type(MediaType::TEXT_HTML).language(LanguageTag::parse("en")?),
//! ];
//! let request = Request::new()
//!     .header("accept", "application/problem+json, text/*;q=0.5")?
//!     .header("accept-language", "fr, <script>")?; // `<script>` is not a language range
//! let decision = negotiate(&request, &variants, &Policy::STRICT);
//! assert_eq!(decision.status(), 406);
//!
//! let response = NotAcceptable::new(&decision).response();
//! assert_eq!(response.status, 406);
//! assert_eq!(response.header("content-type"), Some("application/problem+json"));
//! assert_eq!(response.header("vary"), Some("Accept, Accept-Language"));
//! assert_eq!(response.header("link"), Some(r#"</news.de.html>; rel="alternate"; type="text/html"; hreflang="de""#));
//! assert_eq!(response.header("cache-control"), Some("no-store"));
//! assert_eq!(
//!     response.body,
//!     concat!(
//!         r#"{"type":"about:blank","title":"Not Acceptable","status":406,"#,
//!         r#""detail":"None of the available representations of this resource is acceptable to this request: refused by Accept-Language.","#,
//!         r#""available":[{"type":"text/html","language":"de","url":"/news.de.html"},{"type":"text/html","language":"en"}],"#,
//!         r#""requested":{"accept":["application/problem+json","text/*"],"accept-language":["fr"]}}"#,
//!     )
//! );
//! # Ok::<(), conneg::Error>(())
//! ```

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::coding::Coding;
use crate::decision::{Decision, Outcome};
use crate::list::Member;
use crate::media::{Accept, MediaType};
use crate::request::Request;
use crate::variant::Variant;
use crate::vary::Vary;

#[cfg(test)]
mod tests;

// ---------------------------------------------------------------------------------------------
// Response

/// An HTTP response built by conneg: a status, headers with lower-case names, and a body.
///
/// Header values hold only visible ASCII and spaces (anything else is percent-encoded), so no
/// input can inject a header or split the response. A name can repeat (`link`): use
/// [`Response::header_values`] to read them all. With the `http` feature, it converts into an
/// `http::Response<String>`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// The status code: 406 or 415.
    pub status: u16,
    /// The headers, in order, names in lower case.
    pub headers: Vec<(&'static str, String)>,
    /// The body, in the format `content-type` names.
    pub body: String,
}

impl Response {
    fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// Adds a header; its value is made safe (see [`header_safe`]) whatever it holds.
    fn push(&mut self, name: &'static str, value: &str) {
        self.headers.push((name, header_safe(value)));
    }

    /// The value of the first header called `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The values of every header called `name` (compared case-insensitively), in order.
    pub fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(feature = "http")]
impl From<Response> for http::Response<String> {
    /// The same status, headers and body. conneg's responses always convert whole; for a
    /// [`Response`] whose public fields were changed, a status outside 100..=999 becomes 500
    /// and a header whose name or value `http` refuses is left out.
    fn from(response: Response) -> Self {
        let mut out = http::Response::new(response.body);
        *out.status_mut() = http::StatusCode::from_u16(response.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let headers = out.headers_mut();
        for (name, value) in response.headers {
            if let (Ok(name), Ok(value)) = (
                http::header::HeaderName::from_bytes(name.as_bytes()),
                http::header::HeaderValue::try_from(value),
            ) {
                headers.append(name, value);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The body's format

/// The format of a 406 or 415 body, negotiated with the request's `Accept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `application/problem+json` (RFC 9457).
    ProblemJson,
    /// `text/html`: a small HTML5 page.
    Html,
    /// `text/plain`: readable lines.
    Text,
}

impl Format {
    /// The formats offered, in the server's order of preference: with no `Accept` or `*/*`,
    /// the first.
    pub const OFFERS: [MediaType<'static>; 3] = [
        MediaType::APPLICATION_PROBLEM_JSON,
        MediaType::TEXT_HTML,
        MediaType::TEXT_PLAIN,
    ];

    const ALL: [Format; 3] = [Format::ProblemJson, Format::Html, Format::Text];

    /// The format the client prefers among [`Format::OFFERS`] ([`Accept::best`]):
    /// problem+json when there is no `Accept`; `text/plain` when the client accepts none of
    /// them (an error body must be sent in some format, and plain text is the most readable
    /// to anyone).
    pub fn negotiate(accept: Option<&Accept<'_>>) -> Format {
        let Some(accept) = accept else {
            return Format::ProblemJson;
        };
        accept
            .best(&Format::OFFERS)
            .and_then(|(index, _)| Format::ALL.get(index).copied())
            .unwrap_or(Format::Text)
    }

    /// The media type.
    pub const fn media_type(self) -> MediaType<'static> {
        match self {
            Format::ProblemJson => MediaType::APPLICATION_PROBLEM_JSON,
            Format::Html => MediaType::TEXT_HTML,
            Format::Text => MediaType::TEXT_PLAIN,
        }
    }

    /// The `Content-Type` value: with `charset=utf-8` for the text types; none for JSON,
    /// which is UTF-8 by definition and has no `charset` parameter (RFC 8259 §11).
    pub const fn content_type(self) -> &'static str {
        match self {
            Format::ProblemJson => "application/problem+json",
            Format::Html => "text/html; charset=utf-8",
            Format::Text => "text/plain; charset=utf-8",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The report: the data of a body

/// One available representation, as a report lists it: each dimension the variant sets, as
/// text (`None` when unset).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Available {
    /// The media type (`text/html`, with its parameters if it has any).
    pub media_type: Option<String>,
    /// The language tag.
    pub language: Option<String>,
    /// The charset.
    pub charset: Option<String>,
    /// The content coding; `None` for identity.
    pub encoding: Option<String>,
    /// The memento datetime, as an IMF-fixdate.
    pub datetime: Option<String>,
    /// The instance-manipulation.
    pub im: Option<String>,
    /// The variant's URL, exactly as the server gave it: escape it for its context, or use
    /// [`Available::uri`] and [`Available::href`].
    pub url: Option<String>,
}

impl Available {
    /// The representation of `variant`.
    pub fn of(variant: &Variant<'_>) -> Available {
        Available {
            media_type: variant.media_type.map(|t| t.to_string()),
            language: variant.language.map(|l| l.to_string()),
            charset: variant.charset.map(|c| c.as_str().into()),
            encoding: variant
                .coding
                .filter(|c| !c.is_identity())
                .map(|c| c.as_str().into()),
            datetime: variant.datetime.map(|d| d.to_string()),
            im: variant.im.map(|im| im.as_str().into()),
            url: variant.url.map(Into::into),
        }
    }

    /// A one-line description: `text/html (language de, charset utf-8, encoding gzip)`; the
    /// URL is not part of it. The text is not escaped.
    pub fn summary(&self) -> String {
        let mut out = String::from(self.media_type.as_deref().unwrap_or("any type"));
        let parts = [
            ("language", &self.language),
            ("charset", &self.charset),
            ("encoding", &self.encoding),
            ("datetime", &self.datetime),
            ("im", &self.im),
        ];
        let mut first = true;
        for (label, value) in parts {
            if let Some(value) = value {
                out.push_str(if first { " (" } else { ", " });
                first = false;
                out.push_str(label);
                out.push(' ');
                out.push_str(value);
            }
        }
        if !first {
            out.push(')');
        }
        out
    }

    /// The URL as a URI reference: every byte that is not visible ASCII, and `"`, `<`, `>`,
    /// `\`, `^`, `` ` ``, `{`, `|`, `}` and a `%` that starts no escape, percent-encoded.
    /// This is what `Link` and the text body carry.
    pub fn uri(&self) -> Option<String> {
        self.url.as_deref().map(percent_encode)
    }

    /// The URL to link to in HTML: [`Available::uri`], but only when the URL is a path
    /// (`/`, `./`, `../`), an `http://` or `https://` URL, or a reference with no scheme;
    /// `None` for any other scheme (`javascript:`, `data:`). Escape it for HTML still.
    pub fn href(&self) -> Option<String> {
        self.url
            .as_deref()
            .filter(|url| is_safe_link(url))
            .map(percent_encode)
    }
}

/// What the client asked for, header by header: `None` for a header the request does not
/// have, the valid members with a weight above 0, reduced to tokens, otherwise (an empty list
/// when none is valid). See [`Report`] for the caps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Requested {
    /// `Accept`: `type/subtype` of each media range, in lower case, without parameters.
    pub accept: Option<Vec<String>>,
    /// `Accept-Language`: the language ranges (`_` read as `-`).
    pub accept_language: Option<Vec<String>>,
    /// `Accept-Charset`: the charsets.
    pub accept_charset: Option<Vec<String>>,
    /// `Accept-Encoding`: the codings.
    pub accept_encoding: Option<Vec<String>>,
    /// `Accept-Datetime`: the date, as an IMF-fixdate.
    pub accept_datetime: Option<String>,
    /// `A-IM`: the instance-manipulations.
    pub a_im: Option<Vec<String>>,
}

/// One header of [`Requested`], for rendering.
enum Echo<'s> {
    List(&'s [String]),
    One(&'s str),
}

impl Requested {
    /// What `request` asked for.
    pub fn of(request: &Request<'_>) -> Requested {
        Requested {
            accept: request.accept.map(|h| {
                asked(&h, |r| {
                    format!("{}/{}", r.type_(), r.subtype()).to_ascii_lowercase()
                })
            }),
            accept_language: request
                .accept_language
                .map(|h| asked(&h, |r| r.as_str().replace('_', "-"))),
            accept_charset: request
                .accept_charset
                .map(|h| asked(&h, |r| r.as_str().into())),
            accept_encoding: request
                .accept_encoding
                .map(|h| asked(&h, |r| r.as_str().into())),
            accept_datetime: request.accept_datetime.map(|d| d.to_string()),
            a_im: request.a_im.map(|h| asked(&h, |r| r.as_str().into())),
        }
    }

    /// Whether the request has none of the headers.
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, _, echo)| echo.is_none())
    }

    /// Each header: its JSON key (the lower-case name), its name as HTTP/1.1 writes it, and
    /// what it asked for.
    fn fields(&self) -> [(&'static str, &'static str, Option<Echo<'_>>); 6] {
        fn list(values: Option<&[String]>) -> Option<Echo<'_>> {
            values.map(Echo::List)
        }
        [
            ("accept", "Accept", list(self.accept.as_deref())),
            (
                "accept-language",
                "Accept-Language",
                list(self.accept_language.as_deref()),
            ),
            (
                "accept-charset",
                "Accept-Charset",
                list(self.accept_charset.as_deref()),
            ),
            (
                "accept-encoding",
                "Accept-Encoding",
                list(self.accept_encoding.as_deref()),
            ),
            (
                "accept-datetime",
                "Accept-Datetime",
                self.accept_datetime.as_deref().map(Echo::One),
            ),
            ("a-im", "A-IM", list(self.a_im.as_deref())),
        ]
    }
}

/// What a 415's request sent, reduced to tokens like [`Requested`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Received {
    /// `Content-Type`: `type/subtype` in lower case, when it parsed as a media type.
    pub content_type: Option<String>,
    /// `Content-Encoding`: the codings that parsed, in order.
    pub content_encoding: Option<Vec<String>>,
}

impl Received {
    /// Whether nothing is known of what the request sent.
    pub fn is_empty(&self) -> bool {
        self.content_type.is_none() && self.content_encoding.is_none()
    }
}

/// The data of a 406 or 415 body, sanitised: what every renderer gets.
///
/// Values from the request are tokens only (see below); values from the server (media types,
/// URLs) are as the server gave them. Renderers must still escape each value for their
/// format: [`escape_html`] and [`escape_json`] do that, and [`Report::to_json`],
/// [`Report::to_html`], [`Report::html_fragment`] and [`Report::to_text`] are the default
/// renderings, to use as they are or to wrap.
///
/// # What is echoed, and how it is escaped
///
/// A report says what the client asked for, but never as raw header text: only the members
/// that parsed as valid, reduced to tokens (`type/subtype` without parameters, language
/// ranges, charsets, codings, the date of `Accept-Datetime`), the members with weight 0
/// left out (they say what the client refuses, not what it asks for), at most
/// [`Report::MAX_MEMBERS`] per header and none longer than [`Report::MAX_MEMBER_BYTES`].
/// Everything else is escaped for its context: JSON strings escape `"`, `\`, control
/// characters and also `<`, `>`, `&`, `'`, U+2028 and U+2029, so that the JSON can be
/// embedded in a page; HTML escapes `&`, `<`, `>`, `"`, `'` and replaces control characters;
/// a variant's URL is percent-encoded in `Link` (it cannot leave its `<...>`), and becomes an
/// `<a href>` only when it is a path, a relative reference or an `http(s)` URL (never
/// `javascript:`). Header values only ever hold visible ASCII and spaces, whatever the input.
///
/// # The `application/problem+json` body
///
/// The RFC 9457 members `type` (always `about:blank`), `title` (the reason phrase),
/// `status` and `detail`, then:
///
/// | member | in | what |
/// |---|---|---|
/// | `available` | 406 | every variant, as an object with `type`, `language`, `charset`, `encoding` (not for identity), `datetime` (IMF-fixdate), `im`, `url`, each only when set |
/// | `requested` | 406 | per request header the client sent (`accept`, `accept-language`, `accept-charset`, `accept-encoding`, `a-im`: arrays of tokens; `accept-datetime`: a string); left out when the request sent none |
/// | `accepted` | 415 | the supported media types |
/// | `accepted-encoding` | 415 | the supported content codings, `identity` last, when given or when the coding is the problem |
/// | `received` | 415 | `content-type` (`type/subtype`, only when it parsed) and `content-encoding` (valid codings) |
///
/// A member with nothing to say is left out, but `available` (406) and `accepted` (415) are
/// always there, if empty. In short:
///
/// ```text
/// 406: {"type":"about:blank","title":"Not Acceptable","status":406,"detail":"...",
///       "available":[{"type":"text/html","language":"de","charset":"utf-8",
///                     "encoding":"gzip","datetime":"...","im":"...","url":"/news.de.html"}],
///       "requested":{"accept":["text/html"],"accept-language":["fr"],
///                    "accept-charset":[...],"accept-encoding":[...],
///                    "accept-datetime":"Thu, 31 May 2007 20:35:00 GMT","a-im":[...]}}
/// 415: {"type":"about:blank","title":"Unsupported Media Type","status":415,"detail":"...",
///       "accepted":["application/json"],"accepted-encoding":["gzip","identity"],
///       "received":{"content-type":"text/csv","content-encoding":["br"]}}
/// ```
///
/// A JSON Schema (draft 2020-12) of both shapes is `schemas/problem.schema.json` in the
/// repository.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// 406 or 415.
    pub status: u16,
    /// The reason phrase: `Not Acceptable`, `Unsupported Media Type`.
    pub title: &'static str,
    /// One or two sentences that say what went wrong.
    pub detail: String,
    /// 406: every variant of the resource, in the server's order.
    pub available: Vec<Available>,
    /// 406: what the client asked for.
    pub requested: Requested,
    /// 415: the media types the resource accepts, with their parameters.
    pub accepted: Vec<String>,
    /// 415: the content codings the resource accepts, `identity` last.
    pub accepted_encodings: Vec<String>,
    /// 415: what the request sent.
    pub received: Received,
}

impl Report {
    /// At most this many members of one request header are echoed.
    pub const MAX_MEMBERS: usize = 16;
    /// A member longer than this (in bytes) is not echoed.
    pub const MAX_MEMBER_BYTES: usize = 64;

    fn new(status: u16, title: &'static str, detail: String) -> Report {
        Report {
            status,
            title,
            detail,
            available: Vec::new(),
            requested: Requested::default(),
            accepted: Vec::new(),
            accepted_encodings: Vec::new(),
            received: Received::default(),
        }
    }

    /// The report of a 406 for `decision` (whatever its status: see [`NotAcceptable::new`]).
    pub fn not_acceptable(decision: &Decision<'_, '_>) -> Report {
        let mut report = Report::new(406, "Not Acceptable", not_acceptable_detail(decision));
        report.available = decision.variants().iter().map(Available::of).collect();
        report.requested = Requested::of(decision.request());
        report
    }

    /// The rendering in `format` by conneg's default renderers.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::ProblemJson => self.to_json(),
            Format::Html => self.to_html(),
            Format::Text => self.to_text(),
        }
    }

    /// The default `application/problem+json` body: one line of compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push_str(r#"{"type":"about:blank","title":"#);
        json_string(&mut out, self.title);
        out.push_str(r#","status":"#);
        out.push_str(&self.status.to_string());
        out.push_str(r#","detail":"#);
        json_string(&mut out, &self.detail);
        if self.status == 406 || !self.available.is_empty() {
            out.push_str(r#","available":["#);
            for (i, a) in self.available.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_available(&mut out, a);
            }
            out.push(']');
        }
        if !self.requested.is_empty() {
            out.push_str(r#","requested":{"#);
            let mut first = true;
            for (key, _, echo) in self.requested.fields() {
                let Some(echo) = echo else { continue };
                json_key(&mut out, &mut first, key);
                match echo {
                    Echo::List(values) => json_list(&mut out, values),
                    Echo::One(value) => json_string(&mut out, value),
                }
            }
            out.push('}');
        }
        if self.status == 415 || !self.accepted.is_empty() {
            out.push_str(r#","accepted":"#);
            json_list(&mut out, &self.accepted);
        }
        if !self.accepted_encodings.is_empty() {
            out.push_str(r#","accepted-encoding":"#);
            json_list(&mut out, &self.accepted_encodings);
        }
        if !self.received.is_empty() {
            out.push_str(r#","received":{"#);
            let mut first = true;
            if let Some(t) = &self.received.content_type {
                json_key(&mut out, &mut first, "content-type");
                json_string(&mut out, t);
            }
            if let Some(codings) = &self.received.content_encoding {
                json_key(&mut out, &mut first, "content-encoding");
                json_list(&mut out, codings);
            }
            out.push('}');
        }
        out.push('}');
        out
    }

    /// The default `text/html` body: a complete HTML5 page around
    /// [`Report::html_fragment`].
    pub fn to_html(&self) -> String {
        let title = escape_html(&format!("{} {}", self.status, self.title));
        let mut out = String::with_capacity(1024);
        out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str(
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        );
        out.push_str(&title);
        out.push_str("</title>\n</head>\n<body>\n<main>\n");
        out.push_str(&self.html_fragment());
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }

    /// The content of the default HTML page, without the page around it (no `<html>`,
    /// `<head>` or `<body>`): a `<h1>`, the detail, and the lists, every value escaped. For a
    /// site to put inside its own page.
    pub fn html_fragment(&self) -> String {
        let mut out = String::with_capacity(768);
        push_all(
            &mut out,
            &[
                "<h1>",
                &escape_html(&format!("{} {}", self.status, self.title)),
                "</h1>\n<p>",
                &escape_html(&self.detail),
                "</p>\n",
            ],
        );
        if self.status == 406 || !self.available.is_empty() {
            out.push_str("<h2>Available representations</h2>\n");
            if self.available.is_empty() {
                out.push_str("<p>None.</p>\n");
            } else {
                out.push_str("<ul>\n");
                for a in &self.available {
                    html_available(&mut out, a);
                }
                out.push_str("</ul>\n");
            }
        }
        if !self.requested.is_empty() {
            out.push_str("<h2>What the request asked for</h2>\n<dl>\n");
            for (_, name, echo) in self.requested.fields() {
                if let Some(echo) = echo {
                    let value = echo_text(&echo);
                    push_all(
                        &mut out,
                        &["<dt>", name, "</dt><dd>", &escape_html(&value), "</dd>\n"],
                    );
                }
            }
            out.push_str("</dl>\n");
        }
        if self.status == 415 || !self.accepted.is_empty() {
            out.push_str("<h2>Accepted media types</h2>\n");
            html_list(&mut out, &self.accepted);
        }
        if !self.accepted_encodings.is_empty() {
            out.push_str("<h2>Accepted content codings</h2>\n");
            html_list(&mut out, &self.accepted_encodings);
        }
        if !self.received.is_empty() {
            out.push_str("<h2>What the request sent</h2>\n<dl>\n");
            if let Some(t) = &self.received.content_type {
                push_all(
                    &mut out,
                    &["<dt>Content-Type</dt><dd>", &escape_html(t), "</dd>\n"],
                );
            }
            if let Some(codings) = &self.received.content_encoding {
                let value = echo_text(&Echo::List(codings));
                push_all(
                    &mut out,
                    &[
                        "<dt>Content-Encoding</dt><dd>",
                        &escape_html(&value),
                        "</dd>\n",
                    ],
                );
            }
            out.push_str("</dl>\n");
        }
        out
    }

    /// The default `text/plain` body: readable lines, control characters replaced and URLs
    /// percent-encoded, so that no value can fake a line.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(512);
        push_all(
            &mut out,
            &[
                &self.status.to_string(),
                " ",
                self.title,
                "\n\n",
                &plain(&self.detail),
                "\n",
            ],
        );
        if self.status == 406 || !self.available.is_empty() {
            out.push_str("\nAvailable representations:\n");
            if self.available.is_empty() {
                out.push_str("  (none)\n");
            }
            for a in &self.available {
                push_all(&mut out, &["- ", &plain(&a.summary())]);
                if let Some(uri) = a.uri() {
                    push_all(&mut out, &[": ", &uri]);
                }
                out.push('\n');
            }
        }
        if !self.requested.is_empty() {
            out.push_str("\nWhat the request asked for:\n");
            for (_, name, echo) in self.requested.fields() {
                if let Some(echo) = echo {
                    push_all(
                        &mut out,
                        &["- ", name, ": ", &plain(&echo_text(&echo)), "\n"],
                    );
                }
            }
        }
        if self.status == 415 || !self.accepted.is_empty() {
            out.push_str("\nAccepted media types:\n");
            text_list(&mut out, &self.accepted);
        }
        if !self.accepted_encodings.is_empty() {
            out.push_str("\nAccepted content codings:\n");
            text_list(&mut out, &self.accepted_encodings);
        }
        if !self.received.is_empty() {
            out.push_str("\nWhat the request sent:\n");
            if let Some(t) = &self.received.content_type {
                push_all(&mut out, &["- Content-Type: ", &plain(t), "\n"]);
            }
            if let Some(codings) = &self.received.content_encoding {
                let value = echo_text(&Echo::List(codings));
                push_all(&mut out, &["- Content-Encoding: ", &plain(&value), "\n"]);
            }
        }
        out
    }
}

fn not_acceptable_detail(decision: &Decision<'_, '_>) -> String {
    if decision.outcome() == Outcome::AcceptRequired {
        return "This resource requires an Accept header naming the media types wanted, \
                and the request has none."
            .into();
    }
    if decision.variants().is_empty() {
        return "This resource has no representation to offer.".into();
    }
    let mut refusing = Vary::EMPTY;
    for index in 0..decision.variants().len() {
        if let Some(e) = decision.evaluation(index) {
            for field in e.refused_by.iter() {
                refusing.insert(field);
            }
        }
    }
    let sentence = "None of the available representations of this resource is acceptable \
                    to this request";
    if refusing.is_empty() {
        format!("{sentence}.")
    } else {
        format!("{sentence}: refused by {refusing}.")
    }
}

// ---------------------------------------------------------------------------------------------
// Renderers

/// A renderer of a report's body in one format: [`NotAcceptable::html`] and the like take
/// one, to replace conneg's. Closures `Fn(&Report) -> String` are renderers.
///
/// A renderer makes the body only: the status and the headers (`content-type`, `vary`,
/// `link`, `cache-control`, `x-content-type-options`, ...) are always conneg's.
pub trait Render {
    /// The body for `report`. It must be in the format it was given for (HTML for
    /// [`NotAcceptable::html`]) and escape what it interpolates.
    fn render(&self, report: &Report) -> String;
}

impl<F: Fn(&Report) -> String + ?Sized> Render for F {
    fn render(&self, report: &Report) -> String {
        self(report)
    }
}

/// The renderers a caller set, one per format; `None` is conneg's.
#[derive(Default)]
struct Renderers<'r> {
    json: Option<Box<dyn Render + 'r>>,
    html: Option<Box<dyn Render + 'r>>,
    text: Option<Box<dyn Render + 'r>>,
}

impl<'r> Renderers<'r> {
    fn set(&mut self, format: Format, renderer: impl Render + 'r) {
        let slot = match format {
            Format::ProblemJson => &mut self.json,
            Format::Html => &mut self.html,
            Format::Text => &mut self.text,
        };
        *slot = Some(Box::new(renderer));
    }

    fn render(&self, format: Format, report: &Report) -> String {
        let custom = match format {
            Format::ProblemJson => &self.json,
            Format::Html => &self.html,
            Format::Text => &self.text,
        };
        match custom {
            Some(renderer) => renderer.render(report),
            None => report.render(format),
        }
    }

    fn custom(&self) -> [bool; 3] {
        [
            self.json.is_some(),
            self.html.is_some(),
            self.text.is_some(),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// 406

/// A 406 Not Acceptable response (RFC 9110 §15.5.7) for a [`Decision`] that found no variant
/// to serve.
///
/// Its headers: `content-type` of the body, `vary` ([`Decision::vary`], the same as on the
/// resource's other responses; left out when empty), one `link` per variant with a URL
/// (`<url>; rel="alternate"; type="text/html"; hreflang="de"`, `type` and `hreflang` when the
/// variant has them), `cache-control: no-store` and `x-content-type-options: nosniff`. Its
/// body lists every variant and what the client asked for (see [`Report`]), in the
/// [`Format`] the request's `Accept` prefers.
///
/// A site can put the report in its own page, keeping every header:
///
/// ```
/// use conneg::{negotiate, MediaType, NotAcceptable, Policy, Report, Request, Variant, escape_html};
///
/// let variants = [Variant::new().media_type(MediaType::APPLICATION_JSON).url("/data.json")];
/// let request = Request::new().header("accept", "text/html")?;
/// let decision = negotiate(&request, &variants, &Policy::STRICT);
///
/// let response = NotAcceptable::new(&decision)
///     .html(|report: &Report| {
///         format!(
///             "<!doctype html><title>{}</title><div class=brand>{}</div>",
///             escape_html(report.title),
///             report.html_fragment(),
///         )
///     })
///     .response();
/// assert_eq!(response.status, 406);
/// assert!(response.body.starts_with("<!doctype html><title>Not Acceptable</title><div class=brand><h1>"));
/// assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
/// assert_eq!(response.header("link"), Some(r#"</data.json>; rel="alternate"; type="application/json""#));
/// assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
/// # Ok::<(), conneg::Error>(())
/// ```
#[must_use]
pub struct NotAcceptable<'r> {
    report: Report,
    format: Format,
    vary: Vary,
    links: Vec<String>,
    renderers: Renderers<'r>,
}

impl<'r> NotAcceptable<'r> {
    /// The status code, 406.
    pub const STATUS: u16 = 406;

    /// The 406 for `decision`. The response is a 406 whatever the decision: call this when
    /// [`Decision::status`] is 406 (a decision that chose a variant has nothing to refuse).
    pub fn new(decision: &Decision<'_, '_>) -> Self {
        let links = decision.variants().iter().filter_map(link_value).collect();
        NotAcceptable {
            report: Report::not_acceptable(decision),
            format: Format::negotiate(decision.request().accept.as_ref()),
            vary: decision.vary(),
            links,
            renderers: Renderers::default(),
        }
    }

    /// Renders the `application/problem+json` body with `renderer` instead of conneg's.
    pub fn json(mut self, renderer: impl Render + 'r) -> Self {
        self.renderers.set(Format::ProblemJson, renderer);
        self
    }

    /// Renders the `text/html` body with `renderer` instead of conneg's.
    pub fn html(mut self, renderer: impl Render + 'r) -> Self {
        self.renderers.set(Format::Html, renderer);
        self
    }

    /// Renders the `text/plain` body with `renderer` instead of conneg's.
    pub fn text(mut self, renderer: impl Render + 'r) -> Self {
        self.renderers.set(Format::Text, renderer);
        self
    }

    /// The data of the body.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The format of the body, as the request's `Accept` chose it.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The response: status 406, the headers, the body.
    pub fn response(&self) -> Response {
        let mut response = Response::new(Self::STATUS);
        response.push("content-type", self.format.content_type());
        if !self.vary.is_empty() {
            response.push("vary", &self.vary.to_string());
        }
        for link in &self.links {
            response.push("link", link);
        }
        push_security_headers(&mut response);
        response.body = self.renderers.render(self.format, &self.report);
        response
    }
}

impl fmt::Display for NotAcceptable<'_> {
    /// `406 Not Acceptable: ` and the detail.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.report.status, self.report.title, self.report.detail
        )
    }
}

impl fmt::Debug for NotAcceptable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotAcceptable")
            .field("report", &self.report)
            .field("format", &self.format)
            .field("vary", &self.vary)
            .field("links", &self.links)
            .field("custom_renderers", &self.renderers.custom())
            .finish()
    }
}

/// The `Link` value for a variant with a URL (RFC 8288): the URL percent-encoded so that it
/// cannot leave its `<...>`, and the parameters only tokens, which cannot leave their quotes.
fn link_value(variant: &Variant<'_>) -> Option<String> {
    let url = variant.url?;
    let mut value = format!("<{}>; rel=\"alternate\"", percent_encode(url));
    if let Some(t) = variant.media_type {
        let media = format!("{}/{}", t.type_(), t.subtype()).to_ascii_lowercase();
        if is_token_text(&media) {
            push_all(&mut value, &["; type=\"", &media, "\""]);
        }
    }
    if let Some(language) = variant.language {
        let language = language.to_string();
        if is_token_text(&language) {
            push_all(&mut value, &["; hreflang=\"", &language, "\""]);
        }
    }
    Some(value)
}

fn push_security_headers(response: &mut Response) {
    // An error body must not be stored (it describes one request) nor sniffed into another
    // type than the one it was negotiated as.
    response.push("cache-control", "no-store");
    response.push("x-content-type-options", "nosniff");
}

// ---------------------------------------------------------------------------------------------
// 415

/// The request method of a 415, for the header that lists what the method accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Method {
    /// `POST`: the 415 has `Accept-Post` (W3C Linked Data Platform 1.0 §7.1).
    Post,
    /// `PUT`: no method-specific header.
    Put,
    /// `PATCH`: the 415 has `Accept-Patch` (RFC 5789 §3.1).
    Patch,
    /// Any other method: no method-specific header.
    #[default]
    Other,
}

impl Method {
    /// The method called `name`; method names are case-sensitive (RFC 9110 §9.1), so `post`
    /// is [`Method::Other`].
    pub fn from_name(name: &str) -> Method {
        match name {
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            _ => Method::Other,
        }
    }

    const fn name(self) -> Option<&'static str> {
        match self {
            Method::Post => Some("POST"),
            Method::Put => Some("PUT"),
            Method::Patch => Some("PATCH"),
            Method::Other => None,
        }
    }
}

/// What a 415 is about: which header of the request content was not supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Unsupported {
    /// The `Content-Type`: the response has `Accept` listing the supported media types.
    #[default]
    MediaType,
    /// The `Content-Encoding`: the response has `Accept-Encoding` listing the supported
    /// codings (RFC 9110 §15.5.16, RFC 7694).
    Coding,
}

/// A 415 Unsupported Media Type response (RFC 9110 §15.5.16) for a request whose content's
/// `Content-Type` or `Content-Encoding` the resource does not support.
///
/// Built from what the resource supports, for which method, and what was received:
///
/// - [`Unsupported::MediaType`] (the default): `accept` lists the supported media types
///   (RFC 9110 §15.5.16); [`Unsupported::Coding`]: `accept-encoding` lists the supported
///   codings, then `identity` (always acceptable: it is no coding).
/// - [`Method::Post`] adds `accept-post` and [`Method::Patch`] `accept-patch`, listing the
///   media types, whatever the cause (they describe the resource).
/// - `vary: Accept` (the body's format depends on it), `cache-control: no-store`,
///   `x-content-type-options: nosniff`, and the `content-type` of the body.
///
/// A header that would list nothing (no supported media type) is left out. The body is
/// negotiated like a 406's: see [`Format::negotiate`].
///
/// ```
/// use conneg::{Accept, Coding, MediaType, Method, Unsupported, UnsupportedMediaType};
///
/// let types = [MediaType::APPLICATION_JSON, MediaType::parse("application/ld+json")?];
/// let accept = Accept::parse("application/json, application/problem+json")?;
/// let response = UnsupportedMediaType::new(&types)
///     .method(Method::Post)
///     .received_type("text/csv; charset=utf-8")
///     .response(Some(&accept));
/// assert_eq!(response.status, 415);
/// assert_eq!(response.header("accept"), Some("application/json, application/ld+json"));
/// assert_eq!(response.header("accept-post"), Some("application/json, application/ld+json"));
/// assert_eq!(
///     response.body,
///     concat!(
///         r#"{"type":"about:blank","title":"Unsupported Media Type","status":415,"#,
///         r#""detail":"This resource does not accept content of type text/csv in a POST request.","#,
///         r#""accepted":["application/json","application/ld+json"],"#,
///         r#""received":{"content-type":"text/csv"}}"#,
///     )
/// );
///
/// // An unsupported content coding, on PATCH.
/// let codings = [Coding::GZIP];
/// let response = UnsupportedMediaType::new(&types)
///     .codings(&codings)
///     .cause(Unsupported::Coding)
///     .method(Method::from_name("PATCH"))
///     .received_encoding("br")
///     .response(None);
/// assert_eq!(response.header("accept-encoding"), Some("gzip, identity"));
/// assert_eq!(response.header("accept-patch"), Some("application/json, application/ld+json"));
/// assert_eq!(response.header("accept"), None);
/// # Ok::<(), conneg::Error>(())
/// ```
#[must_use]
pub struct UnsupportedMediaType<'a> {
    types: &'a [MediaType<'a>],
    codings: &'a [Coding<'a>],
    method: Method,
    cause: Unsupported,
    received_type: Option<&'a str>,
    received_encoding: Option<&'a str>,
    renderers: Renderers<'a>,
}

impl<'a> UnsupportedMediaType<'a> {
    /// The status code, 415.
    pub const STATUS: u16 = 415;

    /// A 415 for a resource that accepts content of these media types (and no content
    /// coding but `identity`, until [`UnsupportedMediaType::codings`]).
    pub fn new(types: &'a [MediaType<'a>]) -> Self {
        UnsupportedMediaType {
            types,
            codings: &[],
            method: Method::Other,
            cause: Unsupported::MediaType,
            received_type: None,
            received_encoding: None,
            renderers: Renderers::default(),
        }
    }

    /// The content codings the resource accepts besides `identity`, which is implied.
    pub fn codings(mut self, codings: &'a [Coding<'a>]) -> Self {
        self.codings = codings;
        self
    }

    /// The request's method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// What was not supported: the media type (the default) or the content coding.
    pub fn cause(mut self, cause: Unsupported) -> Self {
        self.cause = cause;
        self
    }

    /// The request's `Content-Type`, as received. The report keeps only its `type/subtype`,
    /// and only when it parses as a media type.
    pub fn received_type(mut self, content_type: &'a str) -> Self {
        self.received_type = Some(content_type);
        self
    }

    /// The request's `Content-Encoding`, as received. The report keeps only the members that
    /// are valid codings, capped like [`Requested`].
    pub fn received_encoding(mut self, content_encoding: &'a str) -> Self {
        self.received_encoding = Some(content_encoding);
        self
    }

    /// Renders the `application/problem+json` body with `renderer` instead of conneg's.
    pub fn json(mut self, renderer: impl Render + 'a) -> Self {
        self.renderers.set(Format::ProblemJson, renderer);
        self
    }

    /// Renders the `text/html` body with `renderer` instead of conneg's.
    pub fn html(mut self, renderer: impl Render + 'a) -> Self {
        self.renderers.set(Format::Html, renderer);
        self
    }

    /// Renders the `text/plain` body with `renderer` instead of conneg's.
    pub fn text(mut self, renderer: impl Render + 'a) -> Self {
        self.renderers.set(Format::Text, renderer);
        self
    }

    /// The data of the body.
    pub fn report(&self) -> Report {
        let received_type = self.received_type.map(|t| {
            MediaType::parse(t)
                .ok()
                .map(|t| format!("{}/{}", t.type_(), t.subtype()).to_ascii_lowercase())
                .filter(|t| t.len() <= Report::MAX_MEMBER_BYTES && is_token_text(t))
        });
        let received_encoding = self.received_encoding.map(|e| {
            tokens(
                e.split(',')
                    .filter_map(|c| Coding::parse(c).ok())
                    .map(|c| c.as_str().into()),
            )
        });
        let detail = self.detail(received_type.as_ref(), received_encoding.as_deref());
        let mut report = Report::new(Self::STATUS, "Unsupported Media Type", detail);
        report.accepted = self.types.iter().map(ToString::to_string).collect();
        if self.cause == Unsupported::Coding || !self.codings.is_empty() {
            report.accepted_encodings = self.accepted_codings();
        }
        report.received = Received {
            content_type: received_type.flatten(),
            content_encoding: received_encoding,
        };
        report
    }

    /// The response for a request with this `Accept` (`None`: no `Accept` header).
    pub fn response(&self, accept: Option<&Accept<'_>>) -> Response {
        let format = Format::negotiate(accept);
        let report = self.report();
        let mut response = Response::new(Self::STATUS);
        response.push("content-type", format.content_type());
        // The body's format depends on `Accept`; there is no other negotiation here.
        response.push("vary", "Accept");
        let types = self.types_value();
        if !types.is_empty() {
            if self.cause == Unsupported::MediaType {
                response.push("accept", &types);
            }
            match self.method {
                Method::Post => response.push("accept-post", &types),
                Method::Patch => response.push("accept-patch", &types),
                Method::Put | Method::Other => {}
            }
        }
        if self.cause == Unsupported::Coding {
            response.push("accept-encoding", &self.accepted_codings().join(", "));
        }
        push_security_headers(&mut response);
        response.body = self.renderers.render(format, &report);
        response
    }

    /// The supported codings without repeats, then `identity`.
    fn accepted_codings(&self) -> Vec<String> {
        let mut seen: Vec<Coding<'_>> = Vec::with_capacity(self.codings.len() + 1);
        for &coding in self.codings {
            if !coding.is_identity() && !seen.contains(&coding) {
                seen.push(coding);
            }
        }
        seen.push(Coding::IDENTITY);
        seen.iter().map(|c| c.as_str().into()).collect()
    }

    fn types_value(&self) -> String {
        let types: Vec<String> = self.types.iter().map(ToString::to_string).collect();
        types.join(", ")
    }

    fn detail(&self, received_type: Option<&Option<String>>, codings: Option<&[String]>) -> String {
        let method = match self.method.name() {
            Some(name) => format!(" in a {name} request"),
            None => String::new(),
        };
        match self.cause {
            Unsupported::MediaType => match received_type {
                Some(Some(t)) => {
                    format!("This resource does not accept content of type {t}{method}.")
                }
                Some(None) => {
                    format!("The request's Content-Type is not a valid media type{method}.")
                }
                None => {
                    format!("This resource does not accept content of this media type{method}.")
                }
            },
            Unsupported::Coding => match codings {
                Some(codings) if !codings.is_empty() => format!(
                    "This resource does not accept content with the content coding {}{method}.",
                    codings.join(", ")
                ),
                _ => format!(
                    "This resource does not accept content with this content coding{method}."
                ),
            },
        }
    }
}

impl fmt::Display for UnsupportedMediaType<'_> {
    /// `415 Unsupported Media Type: ` and the detail.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.report();
        write!(f, "{} {}: {}", report.status, report.title, report.detail)
    }
}

impl fmt::Debug for UnsupportedMediaType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnsupportedMediaType")
            .field("types", &self.types)
            .field("codings", &self.codings)
            .field("method", &self.method)
            .field("cause", &self.cause)
            .field("received_type", &self.received_type)
            .field("received_encoding", &self.received_encoding)
            .field("custom_renderers", &self.renderers.custom())
            .finish()
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping

/// `s` escaped for HTML text and attribute values (quoted with `"` or `'`): `&`, `<`, `>`,
/// `"` and `'` become character references, and control characters (which HTML forbids)
/// become U+FFFD.
///
/// ```
/// assert_eq!(conneg::escape_html(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
/// ```
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `s` as the content of a JSON string (without the quotes): `"` and `\` escaped, control
/// characters as `\n`, `\u0001` and the like, and also `<`, `>`, `&`, `'`, U+2028 and U+2029
/// as `\u` escapes, so that the JSON can be put inside an HTML `<script>` or a JavaScript
/// source. The escaping loses nothing: a JSON parser reads back `s` exactly.
///
/// ```
/// assert_eq!(conneg::escape_json("a\"b\n</script>"), r#"a\"b\n\u003c/script\u003e"#);
/// ```
pub fn escape_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    escape_json_into(&mut out, s);
    out
}

fn escape_json_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{0}'..='\u{1f}' | '\u{7f}' | '<' | '>' | '&' | '\'' | '\u{2028}' | '\u{2029}' => {
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(HEX[(n >> shift) as usize & 0xf]));
                }
            }
            c => out.push(c),
        }
    }
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    escape_json_into(out, s);
    out.push('"');
}

fn json_list(out: &mut String, values: &[String]) {
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(out, v);
    }
    out.push(']');
}

/// Writes `"key":`, after a `,` unless it is the first member of its object.
fn json_key(out: &mut String, first: &mut bool, key: &str) {
    if !*first {
        out.push(',');
    }
    *first = false;
    json_string(out, key);
    out.push(':');
}

fn json_available(out: &mut String, a: &Available) {
    out.push('{');
    let mut first = true;
    let members = [
        ("type", &a.media_type),
        ("language", &a.language),
        ("charset", &a.charset),
        ("encoding", &a.encoding),
        ("datetime", &a.datetime),
        ("im", &a.im),
        ("url", &a.url),
    ];
    for (key, value) in members {
        if let Some(value) = value {
            json_key(out, &mut first, key);
            json_string(out, value);
        }
    }
    out.push('}');
}

fn html_available(out: &mut String, a: &Available) {
    let summary = escape_html(&a.summary());
    match (a.href(), a.uri()) {
        (Some(href), _) => push_all(
            out,
            &[
                "<li><a href=\"",
                &escape_html(&href),
                "\">",
                &summary,
                "</a></li>\n",
            ],
        ),
        // A URL with a scheme that is not http(s) is shown, never linked.
        (None, Some(uri)) => push_all(
            out,
            &[
                "<li>",
                &summary,
                ": <code>",
                &escape_html(&uri),
                "</code></li>\n",
            ],
        ),
        (None, None) => push_all(out, &["<li>", &summary, "</li>\n"]),
    }
}

fn html_list(out: &mut String, values: &[String]) {
    if values.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    out.push_str("<ul>\n");
    for v in values {
        push_all(out, &["<li>", &escape_html(v), "</li>\n"]);
    }
    out.push_str("</ul>\n");
}

fn text_list(out: &mut String, values: &[String]) {
    if values.is_empty() {
        out.push_str("  (none)\n");
    }
    for v in values {
        push_all(out, &["- ", &plain(v), "\n"]);
    }
}

/// What one request header asked for, as one line of text.
fn echo_text(echo: &Echo<'_>) -> String {
    match echo {
        Echo::List([]) => "(nothing: no valid member with q above 0)".into(),
        Echo::List(values) => values.join(", "),
        Echo::One(value) => (*value).into(),
    }
}

/// `s` for a line of plain text: control characters (a line break among them) become U+FFFD.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

fn push_all(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

/// `url` as a URI reference (RFC 3986): bytes outside visible ASCII, the characters a URI
/// cannot hold (`"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`) and a `%` that starts no
/// `%XX` escape are percent-encoded; existing escapes are kept.
fn percent_encode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'%' => {
                bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' => false,
            _ => b.is_ascii_graphic(),
        };
        if keep {
            out.push(char::from(b));
        } else {
            push_percent(&mut out, b);
        }
    }
    out
}

/// Writes `%XX` for `b`, in upper-case hexadecimal (RFC 3986 §2.1).
fn push_percent(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 0xf)]));
}

/// Whether `url` may be an `href`: a path (`/`, `./`, `../`), an `http(s)` URL, or a
/// reference with no scheme (no `:` before the first `/`, `?` or `#`). Anything else might
/// run script (`javascript:`, `data:`), and browsers drop tabs and line breaks inside a scheme
/// (`java\tscript:`), so any other `:` in that place refuses.
fn is_safe_link(url: &str) -> bool {
    let lower_starts = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if url.starts_with('/') || url.starts_with("./") || url.starts_with("../") {
        return true;
    }
    if lower_starts("http://") || lower_starts("https://") {
        return true;
    }
    let head_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    !url[..head_end].contains(':')
}

/// A header value with every character that is not visible ASCII or a space
/// percent-encoded: no CR, LF, NUL or other control character can reach the wire.
fn header_safe(value: &str) -> String {
    if value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return value.into();
    }
    let mut out = String::with_capacity(value.len() + 8);
    for b in value.bytes() {
        if b == b' ' || b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            push_percent(&mut out, b);
        }
    }
    out
}

/// Whether `s` is made only of token characters (RFC 9110 §5.6.2) and `/`: what the members
/// echoed from a request are, by their grammar. Checked again so that no parser change can
/// let markup or a quote through.
fn is_token_text(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| crate::syntax::is_tchar(b) || b == b'/')
}

/// The members of a request header the client asks for (weight above 0), as `text` writes
/// them, reduced by [`tokens`].
fn asked<'a, M: Member<'a>>(
    members: impl IntoIterator<Item = M>,
    text: impl Fn(&M) -> String,
) -> Vec<String> {
    tokens(
        members
            .into_iter()
            .filter(|m| !m.quality().is_zero())
            .map(|m| text(&m)),
    )
}

/// The echoed members of one header: token text only, at most [`Report::MAX_MEMBERS`], none
/// longer than [`Report::MAX_MEMBER_BYTES`].
fn tokens(members: impl Iterator<Item = String>) -> Vec<String> {
    members
        .filter(|m| m.len() <= Report::MAX_MEMBER_BYTES && is_token_text(m))
        .take(Report::MAX_MEMBERS)
        .collect()
}
