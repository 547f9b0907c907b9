//! Content codings: only what the client accepts, x-gzip, identity;q=0, and no coding to a
//! client that did not ask.

use super::catalogue::Check;
use super::context::Cx;
use super::predict::Dimension;

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[
    Check::CodingRefused,
    Check::CodingUnasked,
    Check::XGzip,
    Check::IdentityRefused,
];

/// Requests whose served coding must be one the client accepts.
pub(super) async fn run(cx: &Cx) {
    let codings: Vec<String> = cx.found.codings.iter().map(|f| f.value.clone()).collect();
    cx.ran(Check::CodingUnasked);
    let plain = &cx.found.plain;
    if plain.is_success() {
        if let Some(coding) = plain.coding() {
            cx.report(
                Check::CodingUnasked,
                format!("a request without Accept-Encoding gets Content-Encoding: {coding}"),
                plain,
            );
        }
    }
    if cx.wants(Check::CodingRefused) {
        let mut values: Vec<String> = vec![
            String::new(),
            "identity".into(),
            "gzip".into(),
            "gzip;q=0".into(),
            "gzip, deflate".into(),
            "*".into(),
            "*;q=0, identity".into(),
        ];
        for coding in &codings {
            values.push(format!("{coding};q=0, *"));
        }
        for value in values {
            if let Some(answer) = cx.get(&[("accept-encoding", &value)]).await {
                refused(cx, &answer);
            }
        }
    }
    if codings.iter().any(|c| c == "gzip") && cx.wants(Check::XGzip) {
        cx.ran(Check::XGzip);
        if let Some(answer) = cx.get(&[("accept-encoding", "x-gzip")]).await {
            let coding = answer.coding();
            if answer.is_success() && coding.is_none() {
                cx.report(
                    Check::XGzip,
                    "Accept-Encoding: x-gzip gets no coding, though the resource has gzip",
                    &answer,
                );
            } else if answer.is_success() {
                refused(cx, &answer);
            }
        }
    }
    if let Some(coding) = codings.first() {
        if cx.wants(Check::IdentityRefused) {
            cx.ran(Check::IdentityRefused);
            let value = format!("{coding}, identity;q=0");
            if let Some(answer) = cx.get(&[("accept-encoding", &value)]).await {
                if answer.is_success() && answer.coding().is_none() {
                    cx.report(
                        Check::IdentityRefused,
                        format!(
                            "Accept-Encoding: {value} refuses the unencoded body, which is served though {coding} is available"
                        ),
                        &answer,
                    );
                }
            }
        }
    }
}

/// Reports a coding the request did not accept, or a 406 though identity was acceptable.
fn refused(cx: &Cx, answer: &super::client::Exchange) {
    cx.judge(
        Dimension::Coding,
        Check::CodingRefused,
        Check::CodingRefused,
        Some(Check::CodingRefused),
        answer,
    );
}
