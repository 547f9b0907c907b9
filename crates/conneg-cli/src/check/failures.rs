//! Requests that got no response, a 5xx no other check explained, or a body too large to
//! read.

use super::catalogue::Check;
use super::client::ProbeError;
use super::context::{Cx, Finding};

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[Check::ServerError, Check::NoResponse, Check::HugeBody];

/// The most findings of each of these checks.
const MAX_EACH: usize = 5;

/// Reads every answer so far.
pub(super) fn run(cx: &Cx) {
    cx.ran(Check::ServerError);
    cx.ran(Check::NoResponse);
    cx.ran(Check::HugeBody);
    let (mut errors, mut failures, mut huge) = (0, 0, 0);
    // Only requests for the checked URL: a missing neighbour or a Content-Location that
    // fails is not a negotiation failure of this resource.
    for (probe, answer) in cx.session.answers() {
        if probe.uri != cx.found.url {
            continue;
        }
        match answer {
            Ok(answer) => {
                if answer.status.is_server_error() && !cx.is_blamed(&probe) && errors < MAX_EACH {
                    errors += 1;
                    cx.report(
                        Check::ServerError,
                        format!("the request is answered {}", answer.status),
                        &answer,
                    );
                }
                if answer.truncated && huge == 0 {
                    huge += 1;
                    cx.report(
                        Check::HugeBody,
                        "the body goes on past 1 MiB; the rest was not read",
                        &answer,
                    );
                }
            }
            Err(ProbeError::Budget(_) | ProbeError::Abandoned(_)) => {}
            Err(error) => {
                if failures < MAX_EACH {
                    failures += 1;
                    cx.push(Finding {
                        check: Check::NoResponse,
                        detail: format!("{} {}: {error}", probe.method, probe.uri),
                        request: Some(cx.session.curl(&probe)),
                        response: Some(error.to_string()),
                    });
                }
            }
        }
    }
}
