//! `Vary`: present for every header that changes the response, and the same on every
//! response of the resource.

use super::catalogue::Check;
use super::context::Cx;
use super::predict::Dimension;

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[Check::VaryMissing, Check::VaryInconsistent];

/// Reads every answer so far.
pub(super) fn run(cx: &Cx) {
    let answers: Vec<_> = cx
        .session
        .answers()
        .into_iter()
        .filter_map(|(probe, answer)| {
            let answer = answer.ok()?;
            // Only answers for the checked URL, as negotiated responses.
            let relevant = probe.uri == cx.found.url
                && (answer.is_success() || answer.status == 304 || answer.status == 406);
            relevant.then_some(answer)
        })
        .collect();
    let found = &cx.found;
    // A header changes the status when a request that differs from the baseline's only by
    // that header gets 406 (the baseline got a 2xx).
    let refuses = |name: &str| {
        answers.iter().any(|a| {
            a.status == 406
                && a.probe.method == http::Method::GET
                && a.probe.header(name).is_some()
                && a.probe
                    .headers
                    .iter()
                    .all(|(n, v)| n == name || (n == "accept" && found.accept == Some(v.as_str())))
        })
    };
    cx.ran(Check::VaryMissing);
    for dimension in Dimension::ALL {
        // The values found (identity among the codings): more than one, or a 406 for one.
        let values = cx.values(dimension);
        if values.len() < 2 && !refuses(dimension.header()) {
            continue;
        }
        if let Some(answer) = answers.iter().find(|a| !a.varies_on(dimension.header())) {
            let vary = answer.header("vary").unwrap_or_else(|| "absent".into());
            let how = if values.len() < 2 {
                "one value gets 406, another a 2xx".to_owned()
            } else {
                let names: Vec<&str> = values
                    .iter()
                    .map(|v| v.as_deref().unwrap_or("identity"))
                    .collect();
                format!("the resource has {}", names.join(", "))
            };
            cx.report(
                Check::VaryMissing,
                format!(
                    "{} changes the response ({how}) but this {} response's Vary is {vary}",
                    dimension.title(),
                    answer.status.as_u16()
                ),
                answer,
            );
        }
    }
    cx.ran(Check::VaryInconsistent);
    let mut sets: Vec<(Vec<String>, &std::sync::Arc<super::client::Exchange>)> = Vec::new();
    for answer in &answers {
        let mut set = answer.vary();
        set.sort();
        if !sets.iter().any(|(s, _)| *s == set) {
            sets.push((set, answer));
        }
    }
    if let [(first, a), (second, b), ..] = &sets[..] {
        let show = |s: &[String]| {
            if s.is_empty() {
                "absent".to_owned()
            } else {
                s.join(", ")
            }
        };
        cx.report(
            Check::VaryInconsistent,
            format!(
                "Vary is {} on a {} ({}) and {} on this {}",
                show(first),
                a.status.as_u16(),
                a.probe.method,
                show(second),
                b.status.as_u16()
            ),
            b,
        );
    }
}
