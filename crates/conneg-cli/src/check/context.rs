//! What every check sees: the session, what discovery found, which checks were asked for,
//! and the findings so far.

use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use super::catalogue::Check;
use super::client::{Exchange, Probe, Session};
use super::discover::Discovery;
use super::predict::{Dimension, predict};

/// One problem found: the check, what exactly was seen, the request that shows it (as a
/// `curl` command) and the response it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The check.
    pub check: Check,
    /// What was seen, with the values involved.
    pub detail: String,
    /// The request as a `curl` command, when one request shows it.
    pub request: Option<String>,
    /// What came back: status and the negotiation headers (or why nothing did).
    pub response: Option<String>,
}

/// Which checks run: all but the skipped ones, or only the named ones.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When not empty, only these.
    pub only: Vec<Check>,
    /// Never these.
    pub skip: Vec<Check>,
}

impl Selection {
    /// Whether the check runs.
    pub fn wants(&self, check: Check) -> bool {
        (self.only.is_empty() || self.only.contains(&check)) && !self.skip.contains(&check)
    }

    /// Whether any of the checks runs.
    pub fn wants_any(&self, checks: &[Check]) -> bool {
        checks.iter().any(|&c| self.wants(c))
    }
}

/// The state shared by the checks of one URL.
pub struct Cx {
    /// The requests.
    pub session: Arc<Session>,
    /// What the resource offers.
    pub found: Discovery,
    selection: Selection,
    ran: Mutex<BTreeSet<Check>>,
    findings: Mutex<Vec<Finding>>,
    blamed: Mutex<HashSet<Probe>>,
}

impl Cx {
    /// The context of a URL whose discovery is done.
    pub fn new(session: Arc<Session>, found: Discovery, selection: Selection) -> Cx {
        Cx {
            session,
            found,
            selection,
            ran: Mutex::new(BTreeSet::new()),
            findings: Mutex::new(Vec::new()),
            blamed: Mutex::new(HashSet::new()),
        }
    }

    /// Whether the check was asked for.
    pub fn wants(&self, check: Check) -> bool {
        self.selection.wants(check)
    }

    /// Whether any of the checks was asked for.
    pub fn wants_any(&self, checks: &[Check]) -> bool {
        self.selection.wants_any(checks)
    }

    /// Records that a check was applied (whether or not it found something).
    pub fn ran(&self, check: Check) {
        if self.wants(check) {
            self.ran
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(check);
        }
    }

    /// The checks applied.
    pub fn checks_ran(&self) -> BTreeSet<Check> {
        self.ran
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The findings, in the order reported.
    pub fn findings(&self) -> Vec<Finding> {
        self.findings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether a finding already names this probe.
    pub fn is_blamed(&self, probe: &Probe) -> bool {
        self.blamed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(probe)
    }

    /// A `GET` of the checked URL with these headers (and the baseline's `Accept` when they
    /// have none); `None` when it got no response (the session keeps the error for the
    /// `no-response` check).
    pub async fn get(&self, headers: &[(&str, &str)]) -> Option<Arc<Exchange>> {
        self.send(self.probe(&self.found.url, headers)).await
    }

    /// A `GET` of `uri` with these headers, and the baseline's `Accept` when they have none.
    pub fn probe(&self, uri: &http::Uri, headers: &[(&str, &str)]) -> Probe {
        let probe = Probe::get(uri, headers);
        match self.found.accept {
            Some(accept) if probe.header("accept").is_none() => {
                let mut probe = probe;
                probe.headers.insert(0, ("accept".into(), accept.into()));
                probe
            }
            _ => probe,
        }
    }

    /// Sends a probe; `None` when it got no response.
    pub async fn send(&self, probe: Probe) -> Option<Arc<Exchange>> {
        self.session.send(probe).await.ok()
    }

    /// Reports a finding shown by an exchange.
    pub fn report(&self, check: Check, detail: impl Into<String>, exchange: &Exchange) {
        self.ran(check);
        if !self.wants(check) {
            return;
        }
        self.blamed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(exchange.probe.clone());
        self.push(Finding {
            check,
            detail: detail.into(),
            request: Some(self.session.curl(&exchange.probe)),
            response: Some(exchange.summary()),
        });
    }

    /// Reports a finding.
    pub fn push(&self, finding: Finding) {
        self.ran(finding.check);
        if self.wants(finding.check) {
            self.findings
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(finding);
        }
    }

    /// The values of a dimension, as the engine takes them (`None` is identity).
    pub fn values(&self, dimension: Dimension) -> Vec<Option<String>> {
        match dimension {
            Dimension::Type => self
                .found
                .types
                .iter()
                .map(|f| Some(f.value.clone()))
                .collect(),
            Dimension::Language => self
                .found
                .languages
                .iter()
                .map(|f| Some(f.value.clone()))
                .collect(),
            Dimension::Coding => std::iter::once(None)
                .chain(self.found.codings.iter().map(|f| Some(f.value.clone())))
                .collect(),
        }
    }

    /// Compares an answer with what a correct server does for the same header among the
    /// values found, and reports `check` when a less preferred value is served or an
    /// acceptable one is refused with 406 (for codings, only the refusal); `refused` when the served value is not acceptable
    /// though another is (and `refused_only` when none is).
    pub fn judge(
        &self,
        dimension: Dimension,
        check: Check,
        refused: Check,
        refused_only: Option<Check>,
        answer: &Exchange,
    ) {
        self.ran(check);
        let Some(header) = answer.probe.header(dimension.header()) else {
            return;
        };
        let values = self.values(dimension);
        let Some(prediction) = predict(dimension, header, &values) else {
            return;
        };
        let name = |i: usize| {
            values[i]
                .clone()
                .unwrap_or_else(|| "identity (no coding)".to_owned())
        };
        let (what, header_name) = (dimension.noun(), dimension.title());
        if answer.status == 406 {
            if let Some(c) = prediction.chosen {
                self.report(
                    check,
                    format!(
                        "{header_name}: {header} accepts the {what} {} (q={}), which the resource has, but the answer is 406",
                        name(c),
                        prediction.q(c)
                    ),
                    answer,
                );
            }
            return;
        }
        if !answer.is_success() {
            return;
        }
        let served = match dimension {
            Dimension::Type => answer.media_type(),
            Dimension::Language => answer.language(),
            Dimension::Coding => answer.coding(),
        };
        if dimension != Dimension::Coding && served.is_none() {
            return;
        }
        let Some(index) = values.iter().position(|v| *v == served) else {
            return;
        };
        if !prediction.acceptable(index) {
            match (prediction.chosen, refused_only) {
                (Some(c), _) => self.report(
                    refused,
                    format!(
                        "{header_name}: {header} does not accept the {what} {}, yet it is served; {} (q={}) was available",
                        name(index),
                        name(c),
                        prediction.q(c)
                    ),
                    answer,
                ),
                // Only a resource that negotiates its type (Vary lists the header) is at
                // fault: one that disregards the header is allowed to (RFC 9110 §12.1).
                (None, Some(only)) if answer.varies_on(dimension.header()) => self.report(
                    only,
                    format!(
                        "{header_name}: {header} does not accept the {what} {}, yet it is served (no acceptable {what} exists: 406 would say so)",
                        name(index)
                    ),
                    answer,
                ),
                (None, _) => {}
            }
            return;
        }
        // A server may always leave a body unencoded: only types and languages have a
        // preference to follow.
        if let (Some(c), false) = (prediction.chosen, dimension == Dimension::Coding) {
            if prediction.quality[index] < prediction.quality[c] {
                self.report(
                    check,
                    format!(
                        "{header_name}: {header} prefers the {what} {} (q={}) to {} (q={}), which is served",
                        name(c),
                        prediction.q(c),
                        name(index),
                        prediction.q(index)
                    ),
                    answer,
                );
            }
        }
    }
}
