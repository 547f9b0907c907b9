//! Every distinct header value of the real-world data set (`testdata/headers.jsonl`, from
//! `shared/data/headers/requests.jsonl`) parses within the default limits and agrees with the
//! reference.

use conneg::{AIm, Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, LanguageTag, MediaType};

use crate::reference;

fn corpus() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/headers.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                v["header"].as_str().unwrap().to_string(),
                v["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_real_header_parses_and_agrees_with_the_reference() {
    let values = corpus();
    assert!(values.len() > 250, "the corpus has {} values", values.len());
    let media_offers = [
        "text/html",
        "application/json",
        "image/webp",
        "text/markdown",
        "application/vnd.github+json",
    ];
    let mut checked = 0;
    for (name, value) in &values {
        match name.as_str() {
            "accept" => {
                let fast = Accept::parse(value.as_str()).unwrap();
                let slow = reference::parse(&[value], true, reference::media_head_valid);
                assert_eq!(fast.len(), slow.len(), "{value}");
                for offer in media_offers {
                    let (ty, params) = reference::parse_offer_params(offer);
                    let expected =
                        reference::decide(&slow, |m| reference::media_spec(m, &ty, &params))
                            .map(|d| d.0);
                    let got = fast
                        .match_of(&MediaType::parse(offer).unwrap())
                        .map(|m| m.quality.thousandths());
                    assert_eq!(got, expected, "{value} / {offer}");
                }
            }
            "accept-language" => {
                let fast = AcceptLanguage::parse(value.as_str()).unwrap();
                let slow = reference::parse(&[value], false, reference::language_valid);
                assert_eq!(fast.len(), slow.len(), "{value}");
                for tag in ["en", "de", "fr", "zh-Hant", "pt-BR"] {
                    let expected =
                        reference::decide(&slow, |m| reference::language_spec(m, tag)).map(|d| d.0);
                    let got = fast
                        .match_of(&LanguageTag::parse(tag).unwrap())
                        .map(|m| m.quality.thousandths());
                    assert_eq!(got, expected, "{value} / {tag}");
                }
            }
            "accept-encoding" => assert!(AcceptEncoding::parse(value.as_str()).is_ok()),
            "accept-charset" => assert!(!AcceptCharset::parse(value.as_str()).unwrap().is_empty()),
            "a-im" => assert_eq!(AIm::parse(value.as_str()).unwrap().len(), 1),
            other => panic!("unexpected header {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, values.len());
}

/// The JDK 11 Accept: its bare `*` is invalid and ignored, its `q=.2` is read as 0.2.
#[test]
fn jdk_accept_header() {
    let accept = Accept::parse("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2").unwrap();
    assert_eq!(accept.len(), 4);
    assert_eq!(
        accept.quality_of(&MediaType::APPLICATION_JSON).to_string(),
        "0.2"
    );
}

/// `Accept-Encoding: none` (a copied scraper template) names a coding nobody has: only
/// identity is acceptable, implicitly.
#[test]
fn accept_encoding_none() {
    let h = AcceptEncoding::parse("none").unwrap();
    assert_eq!(
        h.best(&[conneg::Coding::GZIP, conneg::Coding::IDENTITY])
            .unwrap()
            .0,
        1
    );
}
