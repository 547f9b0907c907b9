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
    let mut probes: Vec<(Check, String)> = vec![
        // Refuse the default: another type, or 406.
        (Check::TypeRefused, format!("{first};q=0, */*")),
        // The specific range's low weight beats the wildcard's.
        (Check::SpecificRange, format!("{first};q=0.1, */*")),
    ];
    let target = other.unwrap_or(first);
    probes.push((Check::TypeCase, target.to_ascii_uppercase()));
    if let Some(other) = other {
        probes.push((Check::QualityIgnored, format!("{first};q=0.5, {other}")));
        probes.push((Check::QualityIgnored, format!("{other};q=0.5, {first}")));
        probes.push((
            Check::AcceptSyntax,
            format!("{first} ; q=0.2 ,  {other} ;q=0.9"),
        ));
        probes.push((Check::AcceptSyntax, format!("{first};Q=0.2, {other}")));
        probes.push((
            Check::AcceptSyntax,
            format!("{other};q=0.9;ext=1, {first};q=0.1"),
        ));
    } else {
        probes.push((Check::AcceptSyntax, format!("{first} ; q=0.5 , */* ;q=0.1")));
        probes.push((Check::AcceptSyntax, format!("{first};Q=0.5;ext=1")));
    }
    for (check, accept) in probes {
        if !cx.wants(check) && !cx.wants(Check::TypeRefused) && !cx.wants(Check::TypeRefusedOnly) {
            continue;
        }
        if let Some(answer) = cx.get(&[("accept", &accept)]).await {
            cx.judge(
                Dimension::Type,
                check,
                Check::TypeRefused,
                Some(Check::TypeRefusedOnly),
                &answer,
            );
        }
    }
}
