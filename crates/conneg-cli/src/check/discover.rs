//! What a resource offers, learned before anything is judged: a baseline request (following
//! redirects), then probes of common media types, languages and codings, and the
//! representations a 406 body or `Link: rel="alternate"` names.

use std::sync::Arc;

use conneg::{LanguageTag, MediaType};
use http::Uri;

use super::client::{Exchange, Probe, ProbeError, Session};

/// Chrome's navigation `Accept`.
pub const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

/// A media type no server has: a request for it alone is unsatisfiable.
pub const NO_SUCH_TYPE: &str = "application/x-conneg-check";

/// Media types probed one at a time.
const TYPES: [&str; 14] = [
    "text/html",
    "application/json",
    "application/xml",
    "text/xml",
    "text/plain",
    "text/csv",
    "text/markdown",
    "application/yaml",
    "application/xhtml+xml",
    "application/ld+json",
    "application/atom+xml",
    "application/msgpack",
    "application/cbor",
    "application/pdf",
];

/// Languages probed one at a time.
const LANGUAGES: [&str; 10] = ["en", "de", "fr", "es", "it", "pt", "nl", "ja", "zh", "ru"];

/// Codings probed one at a time.
const CODINGS: [&str; 4] = ["gzip", "br", "zstd", "deflate"];

/// The most types learned from a 406 body or `Link`.
const MAX_NAMED: usize = 16;

/// The most redirects followed to the resource.
const MAX_REDIRECTS: usize = 10;

/// A value of one dimension that the resource has, with a response that carried it.
#[derive(Debug, Clone)]
pub struct Found {
    /// The media type, language tag or coding, lower-cased.
    pub value: String,
    /// A 2xx response with this value.
    pub exchange: Arc<Exchange>,
}

/// What the resource offers.
#[derive(Debug)]
pub struct Discovery {
    /// The URL checked (after redirects).
    pub url: Uri,
    /// The redirects followed to it, each `status URL`.
    pub redirects: Vec<String>,
    /// The answer to a request with no negotiation header.
    pub plain: Arc<Exchange>,
    /// The first 2xx of: no `Accept`, `Accept: */*`, a browser's `Accept`.
    pub baseline: Arc<Exchange>,
    /// The `Accept` the baseline was asked with (`None`: no `Accept`). The probes of the
    /// other dimensions send it, so that an API that insists on an `Accept` answers them.
    pub accept: Option<&'static str>,
    /// The media types, the baseline's first.
    pub types: Vec<Found>,
    /// The languages, the baseline's first when it has one.
    pub languages: Vec<Found>,
    /// The content codings (identity left out).
    pub codings: Vec<Found>,
    /// The answer to `Accept: application/x-conneg-check`.
    pub unsatisfiable: Option<Arc<Exchange>>,
}

/// Why a URL cannot be checked.
#[derive(Debug)]
pub enum Unusable {
    /// The first request got no response.
    NoResponse(ProbeError),
    /// Redirects that do not end.
    RedirectLoop(Vec<String>),
    /// A redirect without a usable `Location`.
    BadRedirect(String),
    /// The plain request and the ones with `*/*` and a browser's Accept all got a non-2xx
    /// status other than 406.
    Status(Arc<Exchange>),
    /// All three got 406: the findings say so, nothing else can be learned.
    AlwaysNotAcceptable {
        /// The URL (after redirects).
        url: Uri,
        /// The three answers.
        answers: Vec<Arc<Exchange>>,
    },
}

/// Resolves a `Location` against the URL it came from (absolute, scheme-relative,
/// absolute-path or relative-path references).
pub fn resolve(base: &Uri, location: &str) -> Option<Uri> {
    let location = location.trim();
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.parse().ok();
    }
    let scheme = base.scheme_str()?;
    let authority = base.authority()?.as_str();
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{scheme}://{rest}").parse().ok();
    }
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}").parse().ok();
    }
    let path = base.path();
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{scheme}://{authority}{dir}{location}")
        .parse()
        .ok()
}

/// Finds what the resource at `url` offers.
pub async fn discover(session: &Arc<Session>, url: Uri) -> Result<Discovery, Unusable> {
    let (url, redirects, plain) = follow(session, url).await?;
    let mut baseline = Arc::clone(&plain);
    let mut start = vec![Arc::clone(&plain)];
    let mut baseline_accept = None;
    for accept in ["*/*", BROWSER_ACCEPT] {
        if baseline.is_success() {
            break;
        }
        let answer = session
            .send(Probe::get(&url, &[("accept", accept)]))
            .await
            .map_err(Unusable::NoResponse)?;
        start.push(Arc::clone(&answer));
        baseline = answer;
        baseline_accept = Some(accept);
    }
    // A probe of another dimension, with the baseline's Accept.
    let probe = |name: &str, value: &str| match baseline_accept {
        Some(accept) => Probe::get(&url, &[("accept", accept), (name, value)]),
        None => Probe::get(&url, &[(name, value)]),
    };
    if !baseline.is_success() {
        return Err(if start.iter().all(|e| e.status == 406) {
            Unusable::AlwaysNotAcceptable {
                url,
                answers: start,
            }
        } else {
            Unusable::Status(plain)
        });
    }
    let unsatisfiable = session
        .send(Probe::get(&url, &[("accept", NO_SUCH_TYPE)]))
        .await
        .ok();

    // Types: the baseline's, the common ones, and those a 406 or Link names.
    let mut candidates: Vec<String> = TYPES.iter().map(|t| (*t).to_owned()).collect();
    for exchange in [Some(&baseline), unsatisfiable.as_ref()]
        .into_iter()
        .flatten()
    {
        for named in named_types(exchange).into_iter().take(MAX_NAMED) {
            if !candidates.contains(&named) {
                candidates.push(named);
            }
        }
    }
    // Only values the engine reads are found: one it cannot would leave it unable to predict
    // any decision of the dimension, and every check of it would be passed over.
    let mut types = Vec::new();
    if let Some(t) = baseline
        .media_type()
        .filter(|t| MediaType::parse(t).is_ok())
    {
        types.push(Found {
            value: t,
            exchange: Arc::clone(&baseline),
        });
    }
    let probes = candidates
        .iter()
        .filter(|t| !types.iter().any(|f: &Found| &f.value == *t))
        .map(|t| (t.clone(), Probe::get(&url, &[("accept", t)])));
    for (value, answer) in send_all(session, probes).await {
        if answer.is_success() && answer.media_type().as_deref() == Some(value.as_str()) {
            types.push(Found {
                value,
                exchange: answer,
            });
        }
    }

    // Languages: any Content-Language a 2xx answer to a language probe carries.
    let mut languages = Vec::new();
    if let Some(l) = baseline
        .language()
        .filter(|l| LanguageTag::parse(l).is_ok())
    {
        languages.push(Found {
            value: l,
            exchange: Arc::clone(&baseline),
        });
    }
    let mut wanted: Vec<String> = LANGUAGES.iter().map(|l| (*l).to_owned()).collect();
    for exchange in [Some(&baseline), unsatisfiable.as_ref()]
        .into_iter()
        .flatten()
    {
        for named in named_languages(exchange) {
            if !wanted.contains(&named) {
                wanted.push(named);
            }
        }
    }
    let probes = wanted
        .iter()
        .map(|l| (l.clone(), probe("accept-language", l)));
    for (_, answer) in send_all(session, probes).await {
        let language = answer.language().filter(|l| LanguageTag::parse(l).is_ok());
        if let (true, Some(language)) = (answer.is_success(), language) {
            if !languages.iter().any(|f| f.value == language) {
                languages.push(Found {
                    value: language,
                    exchange: answer,
                });
            }
        }
    }

    let mut codings = Vec::new();
    let probes = CODINGS
        .iter()
        .map(|c| ((*c).to_owned(), probe("accept-encoding", c)));
    for (value, answer) in send_all(session, probes).await {
        if answer.is_success() && answer.coding().as_deref() == Some(value.as_str()) {
            codings.push(Found {
                value,
                exchange: answer,
            });
        }
    }
    Ok(Discovery {
        url,
        redirects,
        plain,
        baseline,
        accept: baseline_accept,
        types,
        languages,
        codings,
        unsatisfiable,
    })
}

/// The plain request, following redirects.
async fn follow(
    session: &Arc<Session>,
    mut url: Uri,
) -> Result<(Uri, Vec<String>, Arc<Exchange>), Unusable> {
    let mut redirects = Vec::new();
    loop {
        let answer = session
            .send(Probe::get(&url, &[]))
            .await
            .map_err(Unusable::NoResponse)?;
        if !answer.status.is_redirection() || answer.status == 304 {
            return Ok((url, redirects, answer));
        }
        let Some(location) = answer.header("location") else {
            // A 3xx without Location (300 Multiple Choices, say) is an answer.
            return Ok((url, redirects, answer));
        };
        let Some(next) = resolve(&url, &location) else {
            return Err(Unusable::BadRedirect(format!(
                "{} {url} redirects to {location:?}, which is not a usable URL",
                answer.status.as_u16()
            )));
        };
        redirects.push(format!("{} {next}", answer.status.as_u16()));
        if redirects.len() > MAX_REDIRECTS || next == url {
            return Err(Unusable::RedirectLoop(redirects));
        }
        url = next;
    }
}

/// Sends probes at once (the session bounds how many are in flight) and returns the ones
/// answered, with their keys, in the order given.
async fn send_all(
    session: &Arc<Session>,
    probes: impl Iterator<Item = (String, Probe)>,
) -> Vec<(String, Arc<Exchange>)> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (key, probe)) in probes.enumerate() {
        let session = Arc::clone(session);
        tasks.spawn(async move { (i, key, session.send(probe).await) });
    }
    let mut answers = Vec::new();
    while let Some(done) = tasks.join_next().await {
        if let Ok((i, key, Ok(answer))) = done {
            answers.push((i, key, answer));
        }
    }
    answers.sort_by_key(|(i, _, _)| *i);
    answers.into_iter().map(|(_, k, a)| (k, a)).collect()
}

/// The media types a response names as alternatives: `Link: <...>; rel="alternate";
/// type="..."`, and the `available` list of a problem+json body.
pub fn named_types(exchange: &Exchange) -> Vec<String> {
    let mut types: Vec<String> = links(exchange)
        .into_iter()
        .filter(|l| {
            l.rel
                .split_whitespace()
                .any(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .filter_map(|l| l.media_type)
        .collect();
    if exchange.media_type().as_deref() == Some("application/problem+json") {
        if let Ok(json) = serde_json::from_slice::<serde_json::Value>(&exchange.body) {
            if let Some(available) = json.get("available").and_then(|a| a.as_array()) {
                for item in available {
                    if let Some(t) = item.get("type").and_then(|t| t.as_str()) {
                        types.push(
                            t.split(';')
                                .next()
                                .unwrap_or("")
                                .trim()
                                .to_ascii_lowercase(),
                        );
                    }
                }
            }
        }
    }
    // RFC 2295 `Alternates: {"news.en.html" 1 {type text/html} {language en}}`.
    if let Some(alternates) = exchange.header("alternates") {
        types.extend(after_each(&alternates, "{type "));
    }
    // An HTML list of variants (Apache's 406 and 300: `..., type text/html, ...`), and
    // `type="..."` attributes of links.
    if !exchange.is_success() && exchange.media_type().as_deref() == Some("text/html") {
        let body = String::from_utf8_lossy(&exchange.body);
        types.extend(after_each(&body, ", type "));
        types.extend(after_each(&body, "type=\""));
    }
    // Only what is a media type (server text becomes a request header).
    types.retain(|t| {
        t.split_once('/')
            .is_some_and(|(a, b)| is_token(a) && is_token(b) && a != "*" && b != "*")
    });
    types.dedup();
    types
}

/// Whether `s` is a non-empty HTTP token (RFC 9110 §5.6.2).
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The language tags `Link: rel="alternate"; hreflang` names.
pub fn named_languages(exchange: &Exchange) -> Vec<String> {
    links(exchange)
        .into_iter()
        .filter_map(|l| l.hreflang)
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .take(MAX_NAMED)
        .collect()
}

/// The media-type-like tokens right after each occurrence of `marker`, lower-cased.
fn after_each(text: &str, marker: &str) -> Vec<String> {
    text.match_indices(marker)
        .take(MAX_NAMED)
        .map(|(at, _)| {
            let rest = &text[at + marker.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || "/+.-_".contains(c)))
                .unwrap_or(rest.len());
            rest[..end].to_ascii_lowercase()
        })
        .collect()
}

/// One link of a `Link` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target, as written.
    pub target: String,
    /// `rel`.
    pub rel: String,
    /// `type`, lower-cased, without parameters.
    pub media_type: Option<String>,
    /// `hreflang`, lower-cased.
    pub hreflang: Option<String>,
}

/// The links of the `Link` headers (RFC 8288), read leniently.
pub fn links(exchange: &Exchange) -> Vec<Link> {
    let Some(value) = exchange.header("link") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = value.as_str();
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let target = rest[open + 1..open + close].to_owned();
        rest = &rest[open + close + 1..];
        // The parameters run to the next `<` that starts a link (after a comma).
        let end = rest
            .find(", <")
            .or_else(|| rest.find(",<"))
            .unwrap_or(rest.len());
        let params = &rest[..end];
        rest = &rest[end..];
        let mut link = Link {
            target,
            rel: String::new(),
            media_type: None,
            hreflang: None,
        };
        for param in params.split(';') {
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"').to_owned();
            match name.trim().to_ascii_lowercase().as_str() {
                "rel" => link.rel = value,
                "type" => {
                    link.media_type = Some(
                        value
                            .split(';')
                            .next()
                            .unwrap_or("")
                            .trim()
                            .to_ascii_lowercase(),
                    );
                }
                "hreflang" => link.hreflang = Some(value.to_ascii_lowercase()),
                _ => {}
            }
        }
        out.push(link);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_are_read_from_headers_and_bodies() {
        let exchange = |headers: &[(&str, &str)], body: &str| Exchange {
            probe: Probe::get(&"http://h/".parse().unwrap(), &[]),
            status: http::StatusCode::NOT_ACCEPTABLE,
            headers: headers
                .iter()
                .map(|(n, v)| {
                    (
                        http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                        http::HeaderValue::from_str(v).unwrap(),
                    )
                })
                .collect(),
            body: bytes::Bytes::from(body.to_owned()),
            body_len: body.len(),
            truncated: false,
        };
        let link = exchange(
            &[(
                "link",
                r#"</a.json>; rel="alternate"; type="application/json", </b>; rel=next; type=text/csv"#,
            )],
            "",
        );
        assert_eq!(named_types(&link), ["application/json"]);
        let alternates = exchange(
            &[(
                "alternates",
                r#"{"n.en.html" 1 {type text/html} {language en}}, {"n.md" 1 {type text/markdown}}"#,
            )],
            "",
        );
        assert_eq!(named_types(&alternates), ["text/html", "text/markdown"]);
        let apache = exchange(
            &[("content-type", "text/html; charset=iso-8859-1")],
            r#"<li><a href="n.en.html">n.en.html</a> , type text/html, language en</li>
               <li><a href="n.md">n.md</a> , type TEXT/Markdown</li> type */*"#,
        );
        assert_eq!(named_types(&apache), ["text/html", "text/markdown"]);
        let problem = exchange(
            &[("content-type", "application/problem+json")],
            r#"{"available": [{"type": "application/xml; charset=utf-8"}, {"language": "de"}]}"#,
        );
        assert_eq!(named_types(&problem), ["application/xml"]);
    }

    #[test]
    fn locations_resolve_against_the_url() {
        let base: Uri = "http://h:1/a/b?x=1".parse().unwrap();
        let got = |l: &str| resolve(&base, l).map(|u| u.to_string());
        assert_eq!(got("https://o/p"), Some("https://o/p".into()));
        assert_eq!(got("//o/p"), Some("http://o/p".into()));
        assert_eq!(got("/c"), Some("http://h:1/c".into()));
        assert_eq!(got("c?d"), Some("http://h:1/a/c?d".into()));
        assert_eq!(got("bad uri with spaces"), None);
    }
}
