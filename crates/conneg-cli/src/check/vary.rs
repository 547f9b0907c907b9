//! `Vary`: present for every header that changes the response, and the same on every
//! response of the resource.

use super::catalogue::Check;
use super::context::Cx;

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
    let status_changes =
        answers.iter().any(|a| a.status == 406) && answers.iter().any(|a| a.is_success());
    let dimensions = [
        (
            "accept",
            "Accept",
            found.types.len() > 1 || status_changes,
            found
                .types
                .iter()
                .map(|f| f.value.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "accept-language",
            "Accept-Language",
            found.languages.len() > 1,
            found.languages.iter().map(|f| f.value.as_str()).collect(),
        ),
        (
            "accept-encoding",
            "Accept-Encoding",
            !found.codings.is_empty(),
            found.codings.iter().map(|f| f.value.as_str()).collect(),
        ),
    ];
    cx.ran(Check::VaryMissing);
    for (name, title, changes, values) in dimensions {
        if !changes {
            continue;
        }
        if let Some(answer) = answers.iter().find(|a| !a.varies_on(name)) {
            let vary = answer.header("vary").unwrap_or_else(|| "absent".into());
            cx.report(
                Check::VaryMissing,
                format!(
                    "{title} changes the response (the resource has {}) but this {} response's Vary is {vary}",
                    if values.is_empty() { "a 406 and a 200".to_owned() } else { values.join(", ") },
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
