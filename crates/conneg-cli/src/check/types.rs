//! Media types: q=0, weights, the most specific range, case and whitespace.

use super::catalogue::Check;
use super::context::Cx;
use super::predict::Dimension;

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[
    Check::TypeRefused,
    Check::TypeRefusedOnly,
    Check::QualityIgnored,
    Check::SpecificRange,
    Check::TypeCase,
    Check::AcceptSyntax,
];

/// Requests whose right answer the engine predicts among the types found.
pub(super) async fn run(cx: &Cx) {
    let types: Vec<String> = cx.found.types.iter().map(|f| f.value.clone()).collect();
    let Some(first) = types.first() else {
        return;
    };
    let other = types.get(1);
    // The weights are extreme (0.001 against 1), so that a server's own source quality
    // (`qs`, as Apache type maps and conneg give it) cannot rightly reverse the preference.
    let mut probes: Vec<(Check, String)> = vec![
        // Refuse the default: another type, or 406.
        (Check::TypeRefused, format!("{first};q=0, */*")),
        // The specific range's low weight beats the wildcard's.
        (Check::SpecificRange, format!("{first};q=0.001, */*")),
    ];
    let target = other.unwrap_or(first);
    probes.push((Check::TypeCase, target.to_ascii_uppercase()));
    if let Some(other) = other {
        probes.push((Check::QualityIgnored, format!("{first};q=0.001, {other}")));
        probes.push((Check::QualityIgnored, format!("{other};q=0.001, {first}")));
        probes.push((
            Check::AcceptSyntax,
            format!("{first} ; q=0.001 ,  {other} ;q=1"),
        ));
        probes.push((Check::AcceptSyntax, format!("{first};Q=0.001, {other}")));
        probes.push((
            Check::AcceptSyntax,
            format!("{other};q=1;ext=1, {first};q=0.001"),
        ));
        // `type/*` is more specific than `*/*`, when the two have different types.
        let (a, b) = (first.split('/').next(), other.split('/').next());
        if a != b {
            if let Some(a) = a {
                probes.push((Check::SpecificRange, format!("{a}/*;q=0.001, */*")));
            }
        }
    } else {
        probes.push((Check::AcceptSyntax, format!("{first} ; q=0.5 , */* ;q=0.1")));
        probes.push((Check::AcceptSyntax, format!("{first};Q=0.5;ext=1")));
    }
    for (check, accept) in probes {
        if !cx.wants(check) && !cx.wants(Check::TypeRefused) && !cx.wants(Check::TypeRefusedOnly) {
            continue;
        }
        if let Some(answer) = cx.get(&[("accept", &accept)]).await {
            // A case or syntax fault shows as a refused type being served: it is that
            // probe's finding, not a q=0 one.
            let refused = match check {
                Check::TypeCase | Check::AcceptSyntax => check,
                _ => Check::TypeRefused,
            };
            cx.judge(
                Dimension::Type,
                check,
                refused,
                Some(Check::TypeRefusedOnly),
                &answer,
            );
        }
    }
}
