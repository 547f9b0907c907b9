//! When a 406 is right and when it is not, and what a 406 must carry.

use super::catalogue::Check;
use super::client::{Exchange, Probe};
use super::context::Cx;
use super::discover::{BROWSER_ACCEPT, NO_SUCH_TYPE, links};
use super::predict::Dimension;

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[
    Check::NoAccept406,
    Check::StarAccept406,
    Check::BrowserAccept406,
    Check::BadAcceptServerError,
    Check::BadAcceptRejected,
    Check::UnsatisfiableStatus,
    Check::UnlabelledDefault,
    Check::EmptyBody406,
    Check::NoAlternatives406,
    Check::Format406,
    Check::Cacheable406,
    Check::NotFound406,
];

/// An `Accept` whose members are all invalid.
const MALFORMED_ACCEPT: &str = "text/;q=2, /json, ;;, */*;q=0.x";

/// Answers that never deserve 406: no `Accept`, `*/*`, a browser's.
pub(super) async fn never_406(cx: &Cx) {
    let plain = &cx.found.plain;
    cx.ran(Check::NoAccept406);
    if plain.status == 406 {
        cx.report(
            Check::NoAccept406,
            "a GET without Accept is answered 406 (an API that requires an explicit Accept on purpose can run with --skip no-accept-406)",
            plain,
        );
    }
    for (check, accept) in [
        (Check::StarAccept406, "*/*"),
        (Check::BrowserAccept406, BROWSER_ACCEPT),
    ] {
        if !cx.wants(check) {
            continue;
        }
        cx.ran(check);
        if let Some(answer) = cx.get(&[("accept", accept)]).await {
            if answer.status == 406 {
                cx.report(check, format!("Accept: {accept} is answered 406"), &answer);
            }
        }
    }
}

/// Empty and malformed `Accept`, `Accept-Language` and `Accept-Encoding`: anything but a
/// failure.
pub(super) async fn bad_accept(cx: &Cx) {
    if !cx.found.baseline.is_success() {
        return;
    }
    cx.ran(Check::BadAcceptServerError);
    cx.ran(Check::BadAcceptRejected);
    let probes = [
        (Dimension::Type, ""),
        (Dimension::Type, MALFORMED_ACCEPT),
        (Dimension::Language, ""),
        (Dimension::Language, ";;, =, en-, *;q=x"),
        (Dimension::Coding, ";q=x,, =, gzip;q=2"),
    ];
    for (dimension, value) in probes {
        let Some(answer) = cx.get(&[(dimension.header(), value)]).await else {
            continue;
        };
        let what = if value.is_empty() {
            "an empty"
        } else {
            "a malformed"
        };
        if answer.status.is_server_error() {
            cx.report(
                Check::BadAcceptServerError,
                format!("{what} {} is answered {}", dimension.title(), answer.status),
                &answer,
            );
        } else if answer.status == 400 && dimension == Dimension::Type && !value.is_empty() {
            cx.report(
                Check::BadAcceptRejected,
                "an Accept with only invalid members is answered 400; ignoring them (and serving as to an empty Accept, or a default) is what clients expect",
                &answer,
            );
        }
    }
}

/// The answer to an `Accept` nothing satisfies, and the 406 it should be.
pub(super) async fn unsatisfiable(cx: &Cx) {
    let Some(answer) = cx.found.unsatisfiable.clone() else {
        return;
    };
    cx.ran(Check::UnsatisfiableStatus);
    match answer.status.as_u16() {
        406 => not_acceptable(cx, &answer).await,
        200..=299 => {
            cx.ran(Check::UnlabelledDefault);
            if answer.header("content-type").is_none() && !answer.body.is_empty() {
                cx.report(
                    Check::UnlabelledDefault,
                    format!("Accept: {NO_SUCH_TYPE} gets a default body without Content-Type"),
                    &answer,
                );
            }
        }
        // What only says 406 belongs: a client error about the request's content or the
        // resource, or a server failure. (3xx, 401/403, 429 and 503 are about other things.)
        400 | 404 | 410 | 415 | 422 | 500 | 501 => cx.report(
            Check::UnsatisfiableStatus,
            format!(
                "Accept: {NO_SUCH_TYPE} (a type the resource does not have) is answered {} rather than 406 or a default representation",
                answer.status
            ),
            &answer,
        ),
        _ => {}
    }
}

async fn not_acceptable(cx: &Cx, answer: &Exchange) {
    cx.ran(Check::EmptyBody406);
    cx.ran(Check::NoAlternatives406);
    cx.ran(Check::Cacheable406);
    if answer.body.is_empty() {
        cx.report(
            Check::EmptyBody406,
            "the 406 has no body to say which representations exist",
            answer,
        );
    } else {
        let body = String::from_utf8_lossy(&answer.body).to_ascii_lowercase();
        // An HTML page's <head> (its own meta content type) is not a list.
        let body = match (body.find("<head"), body.find("</head>")) {
            (Some(open), Some(close)) if open < close => {
                format!("{}{}", &body[..open], &body[close..])
            }
            _ => body,
        };
        let named_in_body = cx
            .found
            .types
            .iter()
            .any(|t| body.contains(&t.value) || body.contains(&t.value.replace('/', "&#x2f;")));
        let alternates = links(answer).iter().any(|l| {
            l.rel
                .split_whitespace()
                .any(|r| r.eq_ignore_ascii_case("alternate"))
        });
        if !named_in_body && !alternates {
            let types: Vec<&str> = cx.found.types.iter().map(|t| t.value.as_str()).collect();
            cx.report(
                Check::NoAlternatives406,
                format!(
                    "neither the 406 body nor a Link: rel=\"alternate\" names any of the representations found ({})",
                    types.join(", ")
                ),
                answer,
            );
        }
    }
    if is_cacheable(answer) && !answer.varies_on("accept") {
        cx.report(
            Check::Cacheable406,
            "the 406 has explicit freshness and no Vary: Accept (nor no-store): a cache may give it to every client",
            answer,
        );
    }
    // A client that says which format it reads errors in.
    let problem = "application/problem+json";
    if cx.wants(Check::Format406)
        && !answer.body.is_empty()
        && !cx.found.types.iter().any(|t| t.value == problem)
    {
        cx.ran(Check::Format406);
        let accept = format!("{NO_SUCH_TYPE}, {problem};q=0.1");
        if let Some(second) = cx.get(&[("accept", &accept)]).await {
            if second.status == 406 && second.media_type().as_deref() != Some(problem) {
                cx.report(
                    Check::Format406,
                    format!(
                        "Accept: {accept} asks for errors as problem+json; the 406 body is {}",
                        second.media_type().unwrap_or_else(|| "unlabelled".into())
                    ),
                    &second,
                );
            }
        }
    }
}

/// Whether a response carries an explicit freshness lifetime above zero (RFC 9111 §4.2.1)
/// that lets a shared cache store and reuse it.
fn is_cacheable(exchange: &Exchange) -> bool {
    let cache_control = exchange
        .header("cache-control")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let directives: Vec<&str> = cache_control.split(',').map(str::trim).collect();
    if directives
        .iter()
        .any(|d| *d == "no-store" || *d == "private" || d.starts_with("no-cache"))
    {
        return false;
    }
    let seconds = |name: &str| {
        directives.iter().find_map(|d| {
            let value = d.strip_prefix(name)?.strip_prefix('=')?;
            value.trim_matches('"').parse::<u64>().ok()
        })
    };
    // s-maxage, then max-age, then Expires minus Date decide.
    if let Some(lifetime) = seconds("s-maxage").or_else(|| seconds("max-age")) {
        return lifetime > 0;
    }
    let date = |name: &str| {
        exchange
            .header(name)
            .and_then(|v| httpdate::parse_http_date(v.trim()).ok())
    };
    match (date("expires"), date("date")) {
        (Some(expires), Some(now)) => expires > now,
        (Some(expires), None) => expires > std::time::SystemTime::now(),
        _ => false,
    }
}

/// A missing resource next to the checked one: 404 whatever `Accept` says.
pub(super) async fn missing_resource(cx: &Cx) {
    if !cx.wants(Check::NotFound406) {
        return;
    }
    let url = &cx.found.url;
    let path = url.path();
    let missing = if path.ends_with('/') {
        format!("{path}conneg-check-missing")
    } else {
        format!("{path}-conneg-check-missing")
    };
    let Some(uri) = super::discover::resolve(url, &missing) else {
        return;
    };
    let Some(plain) = cx.send(cx.probe(&uri, &[])).await else {
        return;
    };
    if plain.status != 404 {
        return;
    }
    cx.ran(Check::NotFound406);
    if let Some(answer) = cx.send(Probe::get(&uri, &[("accept", NO_SUCH_TYPE)])).await {
        if answer.status == 406 {
            cx.report(
                Check::NotFound406,
                format!(
                    "{uri} is 404 with an Accept it can serve, but 406 with Accept: {NO_SUCH_TYPE}: the missing resource is reported as a negotiation failure"
                ),
                &answer,
            );
        }
    }
}
