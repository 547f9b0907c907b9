//! A small negotiating server for the `conneg check` tests: correct (it negotiates with the
//! core engine) unless told to have one bug.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use conneg::{
    Coding, Field, HeaderLines, LanguageTag, MediaType, NotAcceptable, Policy, Variant, negotiate,
};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// One deliberate bug, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bug {
    None,
    NoAccept406,
    Star406,
    Browser406,
    BadAccept500,
    BadAccept400,
    Status415,
    Unlabelled,
    Empty406,
    NoList406,
    Html406,
    Cacheable406,
    NotFound406,
    IgnoreQ,
    MaxQ,
    OneType,
    LanguageOnly,
    CaseSensitive,
    NoOws,
    NoExtension,
    NoVary,
    Vary406,
    BadEtag,
    SharedEtag,
    Any304,
    WrongLocation,
    GzipAlways,
    XGzip,
    IdentityAnyway,
    LanguageFirstListed,
    LanguageExact,
    LanguageStrict,
    HeadDiffers,
    Flip,
    Datetime500,
    MementoNoVary,
    Im226,
    Crash,
    HangOnAIm,
    ResetOnDatetime,
    HugeBody,
    Redirect,
    RedirectLoop,
    Garbage,
    // Correct servers that do things differently, which no check may blame:
    /// JSON has a source quality of 0.5.
    SourceQuality,
    /// One weak tag for a coded and an unencoded copy, compared weakly (nginx's gzip).
    WeakCoded,
    /// HEAD answers without an `ETag`.
    HeadNoEtag,
    /// A new `ETag` on every response (a dynamic page).
    DynamicEtag,
    /// Every request after the 30th hangs.
    Stall,
}

/// The representations of `/r`: HTML and JSON, English and German, identity and gzip.
fn variants(bug: Bug) -> Vec<Variant<'static>> {
    let mut out = Vec::new();
    let types: &[&str] = if matches!(bug, Bug::OneType | Bug::LanguageOnly) {
        &["text/html"]
    } else {
        &["text/html", "application/json"]
    };
    for t in types {
        for l in ["en", "de"] {
            for c in [None, Some("gzip")] {
                let mut v = Variant::new()
                    .media_type(MediaType::parse(t).unwrap())
                    .language(LanguageTag::parse(l).unwrap());
                if bug == Bug::SourceQuality && *t == "application/json" {
                    v = v.source_quality(conneg::Quality::from_thousandths(500).unwrap());
                }
                if let Some(c) = c {
                    v = v.coding(Coding::parse(c).unwrap());
                }
                out.push(v);
            }
        }
    }
    out
}

fn tag(v: &Variant<'_>, bug: Bug, count: usize) -> String {
    let t = v.media_type.map_or("none", |m| m.subtype());
    let l = v.language.map_or("none", |l| l.as_str());
    let c = v.coding_or_identity().as_str().to_owned();
    match bug {
        Bug::BadEtag => format!("{t}-{l}-{c}"),
        Bug::SharedEtag => format!("\"{l}-{c}\""),
        Bug::WeakCoded => format!("W/\"{t}-{l}\""),
        Bug::DynamicEtag => format!("\"{t}-{l}-{c}-{count}\""),
        _ => format!("\"{t}-{l}-{c}\""),
    }
}

type Reply = Response<Full<Bytes>>;

fn reply(status: u16, body: impl Into<Bytes>) -> Reply {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = StatusCode::from_u16(status).unwrap();
    r
}

/// A request header as a string (several lines joined).
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    let lines: Vec<&str> = headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap_or(""))
        .collect();
    (!lines.is_empty()).then(|| lines.join(", "))
}

/// Rewrites the request headers the way a buggy server misreads them.
fn misread(bug: Bug, headers: &mut HeaderMap) {
    let accept = header(headers, "accept");
    let set = |headers: &mut HeaderMap, name: &'static str, value: &str| {
        headers.insert(name, HeaderValue::from_str(value).unwrap());
    };
    match bug {
        // The first listed type the server has wins, whatever the weights.
        Bug::IgnoreQ => {
            if let Some(a) = accept {
                let first = a
                    .split(',')
                    .map(|m| m.split(';').next().unwrap().trim().to_owned())
                    .find(|m| m == "text/html" || m == "application/json");
                if let Some(first) = first {
                    set(headers, "accept", &first);
                }
            }
        }
        // With a wildcard present, every listed weight counts as 1.
        Bug::MaxQ => {
            if let Some(a) = accept.filter(|a| a.contains("*/*")) {
                let ranges: Vec<&str> = a
                    .split(',')
                    .map(|m| m.split(';').next().unwrap().trim())
                    .collect();
                set(headers, "accept", &ranges.join(", "));
            }
        }
        Bug::CaseSensitive
            if accept
                .as_deref()
                .is_some_and(|a| a.chars().any(|c| c.is_ascii_uppercase())) =>
        {
            set(headers, "accept", "x/unknown");
        }
        Bug::NoOws if accept.as_deref().is_some_and(|a| a.contains(" ;")) => {
            set(headers, "accept", "x/unknown");
        }
        // A member with anything after its weight is dropped.
        Bug::NoExtension => {
            if let Some(a) = accept {
                let kept: Vec<&str> = a
                    .split(',')
                    .filter(|m| m.split(';').count() <= 2 || !m.contains("q="))
                    .collect();
                set(headers, "accept", &kept.join(","));
            }
        }
        Bug::XGzip if header(headers, "accept-encoding").is_some_and(|e| e.contains("x-gzip")) => {
            set(headers, "accept-encoding", "identity");
        }
        Bug::IdentityAnyway
            if header(headers, "accept-encoding").is_some_and(|e| e.contains("identity;q=0")) =>
        {
            set(headers, "accept-encoding", "identity");
        }
        Bug::GzipAlways => set(headers, "accept-encoding", "gzip"),
        Bug::OneType | Bug::LanguageOnly => set(headers, "accept", "*/*"),
        Bug::LanguageFirstListed => {
            if let Some(l) = header(headers, "accept-language") {
                let first = l
                    .split(',')
                    .next()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .trim()
                    .to_owned();
                set(headers, "accept-language", &first);
            }
        }
        Bug::LanguageExact => {
            if let Some(l) = header(headers, "accept-language") {
                if !l
                    .split(',')
                    .any(|m| matches!(m.split(';').next().unwrap().trim(), "en" | "de" | "*"))
                {
                    headers.remove("accept-language");
                }
            }
        }
        _ => {}
    }
}

async fn handle(bug: Bug, flips: Arc<AtomicUsize>, request: Request<Incoming>) -> Reply {
    let (parts, _) = request.into_parts();
    let path = parts.uri.path();
    if parts.method != Method::GET && parts.method != Method::HEAD {
        return reply(405, "");
    }
    let mut headers = parts.headers.clone();
    if bug == Bug::Redirect && path == "/r" {
        let mut r = reply(301, "");
        r.headers_mut()
            .insert("location", HeaderValue::from_static("/moved"));
        return r;
    }
    if bug == Bug::RedirectLoop {
        let to = if path == "/r" { "/s" } else { "/r" };
        let mut r = reply(302, "");
        r.headers_mut()
            .insert("location", HeaderValue::from_static(to));
        return r;
    }
    let accept = header(&headers, "accept");
    let known = path == "/r" || path == "/moved" || path == "/r.html";
    let variants = variants(bug);
    let variants: Vec<Variant<'_>> = if path == "/r.html" {
        variants
            .into_iter()
            .filter(|v| v.media_type.is_some_and(|m| m.subtype() == "html"))
            .collect()
    } else {
        variants
    };
    if !known && bug != Bug::NotFound406 {
        return reply(404, "not found");
    }
    match bug {
        Bug::NoAccept406 if accept.is_none() => return reply(406, "no"),
        Bug::Star406 if accept.as_deref() == Some("*/*") => return reply(406, "no"),
        Bug::Browser406
            if accept
                .as_deref()
                .is_some_and(|a| a.contains("signed-exchange")) =>
        {
            return reply(406, "no");
        }
        Bug::Datetime500 if headers.contains_key("accept-datetime") => return reply(500, "oops"),
        Bug::Im226 if headers.contains_key("a-im") => return reply(226, "delta"),
        Bug::HangOnAIm if headers.contains_key("a-im") => {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
        Bug::Stall if flips.fetch_add(1, Ordering::SeqCst) >= 30 => {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
        Bug::Crash if header(&headers, "accept-language").as_deref() == Some("tlh") => {
            return reply(500, "oops");
        }
        _ => {}
    }
    if matches!(bug, Bug::BadAccept500 | Bug::BadAccept400) {
        if let Some(a) = &accept {
            if conneg::Accept::parse(a.as_str()).is_ok_and(|p| p.is_empty()) {
                return reply(if bug == Bug::BadAccept500 { 500 } else { 400 }, "bad");
            }
        }
    }
    // Flip: a tie between the two types goes one way, then the other.
    if bug == Bug::Flip
        && parts.method == Method::GET
        && accept.as_deref() == Some("text/html, application/json")
        && flips.fetch_add(1, Ordering::SeqCst) % 2 == 1
    {
        headers.insert("accept", HeaderValue::from_static("application/json"));
    }
    misread(bug, &mut headers);
    let lines = HeaderLines::new(&headers);
    let Ok(request) = lines.request() else {
        return reply(400, "bad header");
    };
    let policy = if matches!(bug, Bug::LanguageStrict | Bug::LanguageOnly) {
        Policy::STRICT
    } else {
        Policy::STRICT.fallback_on(Field::AcceptLanguage)
    };
    let decision = negotiate(&request, &variants, &policy);
    let vary = if bug == Bug::LanguageOnly {
        // Accept is disregarded: it never changes the response.
        "Accept-Language, Accept-Encoding".to_owned()
    } else {
        decision.vary().to_string()
    };
    if !known {
        // NotFound406: negotiation before the lookup.
        if decision.chosen().is_none() {
            return reply(406, "not acceptable");
        }
        return reply(404, "not found");
    }
    let head = parts.method == Method::HEAD;
    let Some(index) = decision.chosen() else {
        if bug == Bug::Unlabelled {
            return reply(200, "<p>default</p>");
        }
        let mut r: Response<String> = NotAcceptable::new(&decision).response().into();
        let h = r.headers_mut();
        if bug == Bug::LanguageOnly {
            h.insert("vary", HeaderValue::from_str(&vary).unwrap());
        }
        match bug {
            Bug::Empty406 => {
                h.remove("content-type");
                *r.body_mut() = String::new();
            }
            Bug::NoList406 => {
                h.remove("link");
                h.insert("content-type", HeaderValue::from_static("text/plain"));
                *r.body_mut() = "Not Acceptable".into();
            }
            Bug::Html406 => {
                h.insert("content-type", HeaderValue::from_static("text/html"));
            }
            Bug::Cacheable406 => {
                h.remove("vary");
                h.remove("cache-control");
                h.insert("cache-control", HeaderValue::from_static("max-age=3600"));
            }
            Bug::Vary406 => {
                h.insert("vary", HeaderValue::from_static("Accept"));
            }
            Bug::NoVary => {
                h.remove("vary");
            }
            _ => {}
        }
        if bug == Bug::Status415 {
            *r.status_mut() = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        }
        let (parts, body) = r.into_parts();
        let body = if head {
            Bytes::new()
        } else {
            Bytes::from(body)
        };
        return Response::from_parts(parts, Full::new(body));
    };
    let variant = &variants[index];
    let count = if bug == Bug::DynamicEtag {
        flips.fetch_add(1, Ordering::SeqCst)
    } else {
        0
    };
    let etag = tag(variant, bug, count);
    let media_type = variant.media_type.unwrap();
    let language = variant.language.unwrap().as_str();
    let mut body = match media_type.subtype() {
        "html" => format!("<p lang=\"{language}\">hello</p>\n"),
        _ => format!("{{\"language\":\"{language}\"}}\n"),
    }
    .into_bytes();
    if bug == Bug::HugeBody {
        body.resize(3 << 20, b' ');
    }
    if variant.coding.is_some() {
        // A stand-in for compressed bytes: the checker never decodes them.
        body.splice(0..0, b"gz:".iter().copied());
    }
    // If-None-Match compares weakly (RFC 9110 §13.1.2).
    let weak = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let matched = header(&parts.headers, "if-none-match")
        .is_some_and(|inm| bug == Bug::Any304 || inm.split(',').any(|t| weak(t) == weak(&etag)));
    let mut r = reply(if matched { 304 } else { 200 }, Bytes::new());
    let h = r.headers_mut();
    if bug == Bug::OneType {
        h.insert(
            "vary",
            HeaderValue::from_static("Accept, Accept-Language, Accept-Encoding"),
        );
    } else if bug != Bug::NoVary {
        h.insert("vary", HeaderValue::from_str(&vary).unwrap());
    }
    if !(head && bug == Bug::HeadNoEtag) {
        h.insert("etag", HeaderValue::from_str(&etag).unwrap());
    }
    if !matched {
        let content_type = if head && bug == Bug::HeadDiffers {
            "text/plain".to_owned()
        } else {
            format!("{media_type}; charset=utf-8")
        };
        h.insert(
            "content-type",
            HeaderValue::from_str(&content_type).unwrap(),
        );
        h.insert("content-language", HeaderValue::from_str(language).unwrap());
        if let Some(coding) = variant.coding {
            h.insert(
                "content-encoding",
                HeaderValue::from_str(coding.as_str()).unwrap(),
            );
        }
        if bug == Bug::WrongLocation {
            h.insert("content-location", HeaderValue::from_static("/r.html"));
        }
        if bug == Bug::MementoNoVary && parts.headers.contains_key("accept-datetime") {
            h.insert(
                "memento-datetime",
                HeaderValue::from_static("Thu, 31 May 2007 20:35:00 GMT"),
            );
        }
        h.insert("content-length", HeaderValue::from(body.len()));
        if !head {
            *r.body_mut() = Full::new(Bytes::from(body));
        }
    }
    r
}

/// Starts the server with a bug; returns its address.
pub(crate) async fn start(bug: Bug) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let flips = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            if bug == Bug::Garbage {
                tokio::spawn(async move {
                    let _ = stream.write_all(b"\x00\x01garbage, not HTTP\r\n\r\n").await;
                });
                continue;
            }
            let flips = Arc::clone(&flips);
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let flips = Arc::clone(&flips);
                    async move {
                        if bug == Bug::ResetOnDatetime
                            && req.headers().contains_key("accept-datetime")
                        {
                            return Err(std::io::Error::other("reset"));
                        }
                        Ok::<_, std::io::Error>(handle(bug, flips, req).await)
                    }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}
