//! Languages: q=0, weights, regional tags, and 406 for a language the site lacks.

use super::catalogue::Check;
use super::context::Cx;
use super::predict::Dimension;

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[
    Check::LanguageRefused,
    Check::LanguageQuality,
    Check::LanguagePrefix,
    Check::Language406,
];

/// A language tag no site has.
const NO_SUCH_LANGUAGE: &str = "tlh";

/// Requests whose right answer the engine predicts among the languages found.
pub(super) async fn run(cx: &Cx) {
    let languages: Vec<String> = cx.found.languages.iter().map(|f| f.value.clone()).collect();
    let Some(first) = languages.first() else {
        return;
    };
    if let Some(second) = languages.get(1) {
        let mut probes = vec![
            (Check::LanguageRefused, format!("{first};q=0, *")),
            (Check::LanguageQuality, format!("{first};q=0.001, {second}")),
            (Check::LanguageQuality, format!("{second};q=0.001, {first}")),
        ];
        // A regional tag of a language that is not the default (so that a default cannot
        // pass for a match).
        if let Some(bare) = languages[1..]
            .iter()
            .find(|l| l.len() <= 3 && l.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            probes.push((Check::LanguagePrefix, format!("{bare}-ZZ")));
        }
        for (check, value) in probes {
            if !cx.wants(check) && !cx.wants(Check::LanguageRefused) {
                continue;
            }
            let Some(answer) = cx.get(&[("accept-language", &value)]).await else {
                continue;
            };
            if check == Check::LanguagePrefix {
                prefix(cx, &answer, &value);
            } else {
                cx.judge(
                    Dimension::Language,
                    check,
                    Check::LanguageRefused,
                    None,
                    &answer,
                );
            }
        }
    }
    if cx.wants(Check::Language406) && !languages.iter().any(|l| l == NO_SUCH_LANGUAGE) {
        cx.ran(Check::Language406);
        if let Some(answer) = cx.get(&[("accept-language", NO_SUCH_LANGUAGE)]).await {
            if answer.status == 406 {
                cx.report(
                    Check::Language406,
                    format!(
                        "Accept-Language: {NO_SUCH_LANGUAGE} (a language the site lacks) is answered 406; the site has {}",
                        languages.join(", ")
                    ),
                    &answer,
                );
            }
        }
    }
}

/// `xx-ZZ` should find `xx`.
fn prefix(cx: &Cx, answer: &super::client::Exchange, value: &str) {
    cx.ran(Check::LanguagePrefix);
    let wanted = value.split('-').next().unwrap_or_default();
    let served = answer.language();
    let found = served
        .as_deref()
        .is_some_and(|l| l == wanted || l.starts_with(&format!("{wanted}-")));
    if answer.status == 406 || (answer.is_success() && served.is_some() && !found) {
        cx.report(
            Check::LanguagePrefix,
            format!(
                "Accept-Language: {value} gets {} though the site has {wanted}",
                served.unwrap_or_else(|| format!("status {}", answer.status.as_u16()))
            ),
            answer,
        );
    }
}
