//! `Accept-Datetime` (RFC 7089) and `A-IM` (RFC 3229): ignored cleanly, or honoured right.

use super::catalogue::Check;
use super::context::Cx;

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[Check::AcceptDatetime, Check::InstanceManipulation];

/// Valid and malformed values of both headers.
pub(super) async fn run(cx: &Cx) {
    if cx.wants(Check::AcceptDatetime) {
        cx.ran(Check::AcceptDatetime);
        for value in ["Thu, 31 May 2007 20:35:00 GMT", "yesterday"] {
            let Some(answer) = cx.get(&[("accept-datetime", value)]).await else {
                continue;
            };
            if answer.status.is_server_error() {
                cx.report(
                    Check::AcceptDatetime,
                    format!("Accept-Datetime: {value} is answered {}", answer.status),
                    &answer,
                );
            } else if answer.header("memento-datetime").is_some()
                && answer.header("memento-datetime") != cx.found.baseline.header("memento-datetime")
                && !answer.varies_on("accept-datetime")
            {
                // A memento (an archived snapshot) always carries its Memento-Datetime and
                // need not vary; a URL whose answer changes with the header must say so.
                cx.report(
                    Check::AcceptDatetime,
                    "the response honours Accept-Datetime (Memento-Datetime) but its Vary does not list Accept-Datetime",
                    &answer,
                );
            }
        }
    }
    if cx.wants(Check::InstanceManipulation) {
        cx.ran(Check::InstanceManipulation);
        for value in ["feed", "vcdiff, diffe", ";;;"] {
            let Some(answer) = cx.get(&[("a-im", value)]).await else {
                continue;
            };
            if answer.status.is_server_error() {
                cx.report(
                    Check::InstanceManipulation,
                    format!("A-IM: {value} is answered {}", answer.status),
                    &answer,
                );
            } else if answer.status == 226 && answer.header("im").is_none() {
                cx.report(
                    Check::InstanceManipulation,
                    format!("A-IM: {value} gets 226 IM Used without an IM header"),
                    &answer,
                );
            }
            if answer.status == 226 && !answer.varies_on("a-im") {
                cx.report(
                    Check::InstanceManipulation,
                    format!("A-IM: {value} gets 226 IM Used, but Vary does not list A-IM"),
                    &answer,
                );
            }
        }
    }
}
