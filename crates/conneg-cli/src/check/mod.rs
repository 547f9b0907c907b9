//! `conneg check URL...`: probes an HTTP endpoint like a hostile but fair client and reports
//! its content-negotiation bugs.
//!
//! A check of one URL goes in three steps. [`discover`] learns what the resource offers (a
//! baseline request, then probes of common types, languages and codings, and what a 406 or
//! `Link` names). The checks then send requests whose right answer the core engine predicts
//! from what was found, each finding carrying the request that shows it as a `curl`
//! command. Last, every answer is read again for what no single request shows: `Vary`,
//! entity-tags, failures. A [`client::Session`] sends each distinct request once, within a
//! budget and a limit of requests in flight.

pub mod catalogue;
pub mod client;
mod codings;
pub mod context;
pub mod discover;
mod extensions;
mod failures;
mod languages;
mod methods;
pub mod output;
pub mod predict;
mod status;
mod types;
pub mod validators;
mod vary;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::Uri;

pub use catalogue::{Check, Severity};
use client::{Client, Session};
pub use context::{Cx, Finding, Selection};
use discover::{Discovery, Unusable};

/// What checking one URL gave.
#[derive(Debug, Clone)]
pub struct Report {
    /// The URL as given.
    pub url: String,
    /// The URL checked, after redirects.
    pub checked: Option<String>,
    /// Why the URL could not be checked, when it could not.
    pub error: Option<String>,
    /// The findings, most severe first.
    pub findings: Vec<Finding>,
    /// The checks applied.
    pub ran: BTreeSet<Check>,
    /// Requests sent.
    pub requests: usize,
    /// Whether some probes were not sent (the budget ran out, or the server timed out
    /// [`client::MAX_TIMEOUTS`] times in a row), so that some checks did not run.
    pub budget_spent: bool,
    /// How long it took.
    pub elapsed: Duration,
}

impl Report {
    /// The number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.check.severity() == severity)
            .count()
    }
}

/// The exit status for reports: 2 when a URL could not be checked, 1 when any error-level
/// finding, else 0.
pub fn exit_status(reports: &[Report]) -> u8 {
    if reports.iter().any(|r| r.error.is_some()) {
        2
    } else {
        u8::from(reports.iter().any(|r| r.count(Severity::Error) > 0))
    }
}

/// Checks one URL.
pub async fn check(client: &Client, url: &str, selection: &Selection) -> Report {
    let started = Instant::now();
    let mut report = Report {
        url: url.to_owned(),
        checked: None,
        error: None,
        findings: Vec::new(),
        ran: BTreeSet::new(),
        requests: 0,
        budget_spent: false,
        elapsed: Duration::ZERO,
    };
    let uri = match parse_url(url) {
        Ok(uri) => uri,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    if uri.scheme_str() == Some("https") {
        if let Some(why) = client.tls_error() {
            report.error = Some(format!("cannot check {url}: {why}"));
            return report;
        }
    }
    let session = Arc::new(Session::new(client.clone(), &uri));
    match discover::discover(&session, uri).await {
        Ok(found) => {
            report.checked = Some(found.url.to_string());
            let cx = Arc::new(Cx::new(Arc::clone(&session), found, selection.clone()));
            run_checks(&cx).await;
            let mut findings = cx.findings();
            findings.sort_by_key(|f| (f.check.severity(), f.check));
            report.findings = findings;
            report.ran = cx.checks_ran();
        }
        Err(Unusable::AlwaysNotAcceptable { url, answers }) => {
            report.checked = Some(url.to_string());
            let checks = [
                Check::NoAccept406,
                Check::StarAccept406,
                Check::BrowserAccept406,
            ];
            for (check, answer) in checks.into_iter().zip(&answers) {
                if selection.wants(check) {
                    report.ran.insert(check);
                    report.findings.push(Finding {
                        check,
                        detail: "answered 406; with every request refused, nothing else could be checked".into(),
                        request: Some(session.curl(&answer.probe)),
                        response: Some(answer.summary()),
                    });
                }
            }
        }
        Err(unusable) => report.error = Some(describe(url, &unusable)),
    }
    report.requests = session.sent();
    report.budget_spent = session.refused() > 0;
    report.elapsed = started.elapsed();
    report
}

/// An absolute `http:` or `https:` URL.
fn parse_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    match uri.scheme_str() {
        Some("http" | "https") if uri.authority().is_some() => Ok(uri),
        _ => Err(format!(
            "{url:?} is not an absolute http: or https: URL (e.g. http://127.0.0.1:8080/)"
        )),
    }
}

fn describe(url: &str, unusable: &Unusable) -> String {
    match unusable {
        Unusable::NoResponse(e) => format!("no response from {url}: {e}"),
        Unusable::RedirectLoop(chain) => format!(
            "{url} redirects without end ({} redirects: {})",
            chain.len(),
            chain.join(" -> ")
        ),
        Unusable::BadRedirect(why) => why.clone(),
        Unusable::Status(answer) => format!(
            "{url} is answered {} without Accept, with */* and with a browser's Accept: there is no representation to negotiate (a protected resource needs -H with its credentials)",
            answer.status
        ),
        Unusable::AlwaysNotAcceptable { .. } => format!("{url} answers 406 to every request"),
    }
}

/// Runs the check groups the selection wants: those that send their own requests at once
/// (the session bounds how many are in flight), then those that read every answer.
async fn run_checks(cx: &Arc<Cx>) {
    let mut tasks = tokio::task::JoinSet::new();
    macro_rules! group {
        ($checks:expr, $run:path) => {
            if cx.wants_any($checks) {
                let cx = Arc::clone(cx);
                tasks.spawn(async move { $run(&cx).await });
            }
        };
    }
    group!(status::CHECKS, status::never_406);
    group!(status::CHECKS, status::bad_accept);
    group!(status::CHECKS, status::unsatisfiable);
    group!(status::CHECKS, status::missing_resource);
    group!(types::CHECKS, types::run);
    group!(languages::CHECKS, languages::run);
    group!(codings::CHECKS, codings::run);
    group!(methods::CHECKS, methods::run);
    group!(extensions::CHECKS, extensions::run);
    while let Some(done) = tasks.join_next().await {
        // A check that panicked is a bug of conneg's: shown, not passed over as if it had
        // found nothing.
        if let Err(error) = done
            && error.is_panic()
        {
            std::panic::resume_unwind(error.into_panic());
        }
    }
    if cx.wants_any(validators::CHECKS) {
        validators::conditional(cx).await;
        validators::content_location(cx).await;
        validators::tags(cx);
    }
    if cx.wants_any(vary::CHECKS) {
        vary::run(cx);
    }
    if let Some(redirects) = redirects(&cx.found) {
        cx.push(redirects);
    }
    if cx.wants_any(failures::CHECKS) {
        failures::run(cx);
    }
}

fn redirects(found: &Discovery) -> Option<Finding> {
    (!found.redirects.is_empty()).then(|| Finding {
        check: Check::Redirected,
        detail: format!(
            "followed {}; checked {}",
            found.redirects.join(" -> "),
            found.url
        ),
        request: None,
        response: None,
    })
}
