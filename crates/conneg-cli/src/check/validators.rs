//! Entity-tags per representation, conditional requests against the right one, and
//! `Content-Location`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::catalogue::Check;
use super::client::{Exchange, Probe, Representation};
use super::context::Cx;
use super::discover::resolve;

/// The checks of this module.
pub const CHECKS: &[Check] = &[
    Check::EtagMalformed,
    Check::EtagShared,
    Check::WrongVariant304,
    Check::ContentLocation,
];

/// Whether a value is an entity-tag: `[W/] DQUOTE *etagc DQUOTE` (RFC 9110 §8.8.3).
pub fn is_entity_tag(value: &str) -> bool {
    let value = value.strip_prefix("W/").unwrap_or(value).as_bytes();
    value.len() >= 2
        && value[0] == b'"'
        && value[value.len() - 1] == b'"'
        && value[1..value.len() - 1]
            .iter()
            .all(|&b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80)
}

/// The 2xx `GET` answers so far, with their tags.
fn tagged(cx: &Cx) -> Vec<(String, Arc<Exchange>)> {
    cx.session
        .answers()
        .into_iter()
        .filter_map(|(probe, answer)| {
            let answer = answer.ok()?;
            let tag = answer.header("etag")?;
            (probe.method == http::Method::GET && answer.status == 200).then_some((tag, answer))
        })
        .collect()
}

/// The opaque part of an entity-tag, without `W/`.
fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

/// Whether two representations sharing the tag `tag` is an error: they differ in type or
/// (both stating one) language, or in coding under a strong tag. A weak tag says "equivalent",
/// which a coded and an unencoded copy of the same content are (RFC 9110 §8.8.3).
fn must_differ(a: &Representation, b: &Representation, tag: &str) -> bool {
    let languages_differ = matches!((&a.language, &b.language), (Some(x), Some(y)) if x != y);
    a.media_type != b.media_type
        || languages_differ
        || (a.coding != b.coding && !tag.starts_with("W/"))
}

/// Tags that are malformed, or shared by different representations.
pub(super) fn tags(cx: &Cx) {
    cx.ran(Check::EtagMalformed);
    cx.ran(Check::EtagShared);
    let mut seen: BTreeMap<String, Vec<Representation>> = BTreeMap::new();
    let mut malformed = Vec::new();
    let mut shared = Vec::new();
    for (tag, answer) in tagged(cx) {
        if !is_entity_tag(&tag) {
            if !malformed.contains(&tag) {
                cx.report(
                    Check::EtagMalformed,
                    format!("ETag: {tag} is not an entity-tag ([W/]\"...\")"),
                    &answer,
                );
                malformed.push(tag);
            }
            continue;
        }
        let representation = answer.representation();
        let others = seen.entry(tag.clone()).or_default();
        if let Some(first) = others
            .iter()
            .find(|o| must_differ(o, &representation, &tag))
        {
            if !shared.contains(&tag) {
                cx.report(
                    Check::EtagShared,
                    format!("ETag {tag} is sent with {first} and with {representation}"),
                    &answer,
                );
                shared.push(tag);
            }
        } else if !others.contains(&representation) {
            others.push(representation);
        }
    }
}

/// A request for one representation with the tag of another must not get 304.
pub async fn conditional(cx: &Cx) {
    if !cx.wants(Check::WrongVariant304) {
        return;
    }
    // Pairs of the same dimension: two types, two languages, a coding and identity.
    let found = &cx.found;
    let mut pairs = Vec::new();
    for list in [&found.types, &found.languages] {
        if let [a, b, ..] = &list[..] {
            pairs.push((Arc::clone(&a.exchange), Arc::clone(&b.exchange)));
        }
    }
    if let Some(coded) = found.codings.first() {
        pairs.push((Arc::clone(&found.baseline), Arc::clone(&coded.exchange)));
    }
    for (a, b) in pairs {
        let (Some(tag), Some(other)) = (a.header("etag"), b.header("etag")) else {
            continue;
        };
        // Weakly equal tags declare the two equivalent: a 304 is then right.
        if opaque(&tag) == opaque(&other) || a.representation() == b.representation() {
            continue;
        }
        cx.ran(Check::WrongVariant304);
        let probe = b.probe.clone().with("if-none-match", &tag);
        if let Some(answer) = cx.send(probe).await {
            if answer.status == 304 {
                cx.report(
                    Check::WrongVariant304,
                    format!(
                        "If-None-Match: {tag} (the tag of {}) gets 304 for a request of {}",
                        a.representation(),
                        b.representation()
                    ),
                    &answer,
                );
            }
        }
    }
}

/// `Content-Location` fetched with the same headers gives the same representation.
pub async fn content_location(cx: &Cx) {
    if !cx.wants(Check::ContentLocation) {
        return;
    }
    // One fetch per representation that names a location, for up to four of them.
    let mut done: Vec<Representation> = Vec::new();
    for (probe, answer) in cx.session.answers() {
        let Ok(answer) = answer else { continue };
        if probe.method != http::Method::GET || answer.status != 200 || done.len() >= 4 {
            continue;
        }
        let Some(location) = answer.header("content-location") else {
            continue;
        };
        let representation = answer.representation();
        if done.contains(&representation) {
            continue;
        }
        done.push(representation);
        let Some(uri) = resolve(&probe.uri, &location) else {
            continue;
        };
        // Only the same origin is fetched.
        if uri.authority() != probe.uri.authority() || uri.scheme() != probe.uri.scheme() {
            continue;
        }
        cx.ran(Check::ContentLocation);
        let mut direct = Probe {
            uri,
            ..probe.clone()
        };
        direct.repeat = 0;
        let Some(there) = cx.send(direct).await else {
            continue;
        };
        // The same type, language and coding. (Its ETag may differ: the negotiated
        // response and the direct one are different resources' representations.)
        let differs = !there.is_success() || there.representation() != answer.representation();
        if differs {
            cx.report(
                Check::ContentLocation,
                format!(
                    "Content-Location: {location} was sent with {}; fetching it with the same headers gives {} {}",
                    answer.representation(),
                    there.status.as_u16(),
                    there.representation()
                ),
                &there,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_entity_tag;

    #[test]
    fn entity_tags() {
        for good in [r#""abc""#, r#"W/"abc""#, r#""""#, "\"a-1.2\""] {
            assert!(is_entity_tag(good), "{good}");
        }
        for bad in ["abc", r#""a"b""#, r#"w/"a""#, r"W/abc", "\"", "\"a b\""] {
            assert!(!is_entity_tag(bad), "{bad}");
        }
    }
}
