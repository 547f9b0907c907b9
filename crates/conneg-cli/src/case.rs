//! The batch schema: variants, headers and policy as JSON, and their conversion to the core's
//! borrowed types.

use std::collections::BTreeMap;
use std::fmt;

use conneg::{
    Charset, Coding, Field, HttpDate, InstanceManipulation, LanguageTag, MediaType, Policy,
    Quality, Request, Variant,
};
use serde::Deserialize;

/// One variant as JSON: every key optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VariantSpec {
    /// The media type.
    #[serde(rename = "type")]
    pub media_type: Option<String>,
    /// The language tag.
    pub language: Option<String>,
    /// The charset.
    pub charset: Option<String>,
    /// The content coding.
    pub encoding: Option<String>,
    /// The source quality, 0 to 1 (default 1).
    pub qs: Option<f64>,
    /// The memento datetime, RFC 3339.
    pub datetime: Option<String>,
    /// The instance-manipulation.
    pub im: Option<String>,
    /// The variant's URL.
    pub url: Option<String>,
}

/// Why a case could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseError {
    /// A variant's value does not parse.
    Variant {
        /// The variant's index.
        index: usize,
        /// The key.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A variant specification on the command line is malformed.
    Spec(String),
    /// The policy is not `strict`, `fallback` or a policy object.
    Policy(String),
    /// A header's value is neither a string nor an array of strings, or its name is empty.
    Header(String),
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseError::Variant {
                index,
                key,
                message,
            } => write!(f, "variant {index}: {key}: {message}"),
            CaseError::Spec(message) => write!(f, "variant: {message}"),
            CaseError::Policy(message) => write!(f, "policy: {message}"),
            CaseError::Header(message) => write!(f, "headers: {message}"),
        }
    }
}

impl std::error::Error for CaseError {}

impl VariantSpec {
    /// Parses the command line's compact form: comma-separated `key=value` items (keys as in
    /// JSON, `lang` and `enc` accepted as short forms), a first item without `=` being the
    /// type: `text/html,language=de,qs=0.9,url=/news.de.html`.
    pub fn parse_compact(spec: &str) -> Result<VariantSpec, CaseError> {
        let mut v = VariantSpec::default();
        for (i, item) in spec.split(',').map(str::trim).enumerate() {
            if item.is_empty() {
                continue;
            }
            let (key, value) = match item.split_once('=') {
                Some((key, value)) if !key.contains('/') => (key.trim(), value.trim()),
                _ if i == 0 => ("type", item),
                _ => {
                    return Err(CaseError::Spec(format!(
                        "{item:?} is not key=value (keys: type, language, charset, encoding, qs, datetime, im, url)"
                    )));
                }
            };
            let value = value.to_owned();
            match key {
                "type" => v.media_type = Some(value),
                "language" | "lang" => v.language = Some(value),
                "charset" => v.charset = Some(value),
                "encoding" | "enc" => v.encoding = Some(value),
                "qs" => {
                    let qs = value
                        .parse::<f64>()
                        .map_err(|_| CaseError::Spec(format!("qs {value:?} is not a number")))?;
                    v.qs = Some(qs);
                }
                "datetime" => v.datetime = Some(value),
                "im" => v.im = Some(value),
                "url" => v.url = Some(value),
                _ => {
                    return Err(CaseError::Spec(format!(
                        "unknown key {key:?} (keys: type, language, charset, encoding, qs, datetime, im, url)"
                    )));
                }
            }
        }
        Ok(v)
    }

    /// The core's variant, borrowing this specification's strings.
    pub fn to_variant(&self, index: usize) -> Result<Variant<'_>, CaseError> {
        let err = |key, message: String| CaseError::Variant {
            index,
            key,
            message,
        };
        let mut v = Variant::new();
        if let Some(t) = &self.media_type {
            v = v.media_type(MediaType::parse(t).map_err(|e| err("type", e.to_string()))?);
        }
        if let Some(l) = &self.language {
            v = v.language(LanguageTag::parse(l).map_err(|e| err("language", e.to_string()))?);
        }
        if let Some(c) = &self.charset {
            v = v.charset(Charset::parse(c).map_err(|e| err("charset", e.to_string()))?);
        }
        if let Some(c) = &self.encoding {
            v = v.coding(Coding::parse(c).map_err(|e| err("encoding", e.to_string()))?);
        }
        if let Some(qs) = self.qs {
            v = v.source_quality(
                quality(qs)
                    .ok_or_else(|| err("qs", format!("{qs} is not a number from 0 to 1")))?,
            );
        }
        if let Some(d) = &self.datetime {
            v = v.datetime(rfc3339(d).map_err(|m| err("datetime", m))?);
        }
        if let Some(im) = &self.im {
            v = v.im(InstanceManipulation::parse(im).map_err(|e| err("im", e.to_string()))?);
        }
        if let Some(url) = &self.url {
            if url.chars().any(char::is_control) {
                return Err(err("url", "contains a control character".to_owned()));
            }
            v = v.url(url);
        }
        Ok(v)
    }
}

/// The variants of `specs`, in order.
pub fn variants(specs: &[VariantSpec]) -> Result<Vec<Variant<'_>>, CaseError> {
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| s.to_variant(i))
        .collect()
}

/// A weight 0..=1 as thousandths, rounded to the nearest.
fn quality(value: f64) -> Option<Quality> {
    if !(0.0..=1.0).contains(&value) {
        return None;
    }
    // In range, so the product is 0..=1000.
    #[allow(clippy::cast_sign_loss)]
    Quality::from_thousandths((value * 1000.0).round() as u16)
}

/// An RFC 3339 datetime as an HTTP date (seconds; a fraction is dropped).
fn rfc3339(value: &str) -> Result<HttpDate, String> {
    let parsed = time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
        .map_err(|e| format!("{value:?} is not an RFC 3339 datetime ({e})"))?;
    HttpDate::from_unix_seconds(parsed.unix_timestamp())
        .ok_or_else(|| format!("{value:?} is outside the years 0000 to 9999"))
}

/// The policy of a case: `"strict"`, `"fallback"`, or an object
/// `{"default": "strict", "fallback": ["accept-language"], "strict": [...], "require_accept": true}`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum PolicySpec {
    /// `strict` or `fallback`.
    Name(String),
    /// Per header.
    Detailed(DetailedPolicy),
}

/// A policy set per header.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DetailedPolicy {
    /// `strict` (the default) or `fallback`, for every header not listed.
    pub default: Option<String>,
    /// Headers that fall back.
    #[serde(default)]
    pub fallback: Vec<String>,
    /// Headers that stay strict.
    #[serde(default)]
    pub strict: Vec<String>,
    /// Whether a request without `Accept` gets 406.
    #[serde(default)]
    pub require_accept: bool,
}

impl Default for PolicySpec {
    fn default() -> Self {
        PolicySpec::Name("strict".to_owned())
    }
}

/// `strict` or `fallback`.
pub fn named_policy(name: &str) -> Result<Policy, CaseError> {
    match name {
        "strict" => Ok(Policy::STRICT),
        "fallback" => Ok(Policy::FALLBACK),
        _ => Err(CaseError::Policy(format!(
            "{name:?} is not \"strict\" or \"fallback\""
        ))),
    }
}

/// The negotiation header called `name`, or an error naming the ones there are.
pub fn field(name: &str) -> Result<Field, CaseError> {
    conneg::field_named(name).ok_or_else(|| {
        CaseError::Policy(format!(
            "{name:?} is not a negotiation header (accept, accept-language, accept-charset, accept-encoding, accept-datetime, a-im)"
        ))
    })
}

/// `policy` falling back on the headers named in `fallback`, then strict on those named in
/// `strict` (names as [`field`] reads them): the per-header settings of a case, of
/// `conneg negotiate` and of `conneg serve`.
pub fn adjusted(
    mut policy: Policy,
    fallback: &[String],
    strict: &[String],
) -> Result<Policy, CaseError> {
    for name in fallback {
        policy = policy.fallback_on(field(name)?);
    }
    for name in strict {
        policy = policy.strict_on(field(name)?);
    }
    Ok(policy)
}

impl PolicySpec {
    /// The core's policy.
    pub fn to_policy(&self) -> Result<Policy, CaseError> {
        match self {
            PolicySpec::Name(name) => named_policy(name),
            PolicySpec::Detailed(d) => {
                let policy = named_policy(d.default.as_deref().unwrap_or("strict"))?;
                Ok(adjusted(policy, &d.fallback, &d.strict)?.require_accept(d.require_accept))
            }
        }
    }
}

/// A header's value in JSON: one field line, or several.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum HeaderValue {
    /// One field line.
    One(String),
    /// Several field lines, combined as one list.
    Lines(Vec<String>),
}

impl HeaderValue {
    /// The field lines.
    pub fn lines(&self) -> Vec<&str> {
        match self {
            HeaderValue::One(line) => vec![line.as_str()],
            HeaderValue::Lines(lines) => lines.iter().map(String::as_str).collect(),
        }
    }
}

/// Request headers by name; several lines of one name are kept in order.
pub type Headers = BTreeMap<String, HeaderValue>;

/// The field lines of every negotiation header in `headers` (names compared
/// case-insensitively; other headers ignored), ready to be borrowed by a [`Request`].
pub fn negotiation_lines(headers: &Headers) -> Vec<(Field, Vec<&str>)> {
    let mut out: Vec<(Field, Vec<&str>)> = Vec::new();
    for (name, value) in headers {
        if let Some(field) = conneg::field_named(name) {
            match out.iter_mut().find(|(f, _)| *f == field) {
                Some((_, lines)) => lines.extend(value.lines()),
                None => out.push((field, value.lines())),
            }
        }
    }
    out
}

/// The request made of these field lines, or the core's error for a header over the limits
/// (431) or a malformed `Accept-Datetime` (400).
pub fn request<'h>(lines: &'h [(Field, Vec<&'h str>)]) -> Result<Request<'h>, conneg::Error> {
    lines.iter().try_fold(Request::new(), |r, (field, lines)| {
        r.with(*field, lines.as_slice())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_specs() {
        let v = VariantSpec::parse_compact("text/html;level=1, lang=de, enc=gzip, qs=0.5, url=/a")
            .unwrap();
        assert_eq!(v.media_type.as_deref(), Some("text/html;level=1"));
        assert_eq!(v.language.as_deref(), Some("de"));
        assert_eq!(v.encoding.as_deref(), Some("gzip"));
        assert_eq!(v.qs, Some(0.5));
        assert_eq!(v.url.as_deref(), Some("/a"));
        let err = VariantSpec::parse_compact("text/html,colour=red").unwrap_err();
        assert!(err.to_string().contains("unknown key \"colour\""), "{err}");
        let err = VariantSpec::parse_compact("text/html,de").unwrap_err();
        assert!(err.to_string().contains("not key=value"), "{err}");
    }

    #[test]
    fn values_are_checked() {
        let bad = |json: &str| {
            let spec: VariantSpec = serde_json::from_str(json).unwrap();
            spec.to_variant(3).unwrap_err().to_string()
        };
        assert!(bad(r#"{"type":"text/*"}"#).starts_with("variant 3: type: invalid media type"));
        assert_eq!(
            bad(r#"{"qs":1.5}"#),
            "variant 3: qs: 1.5 is not a number from 0 to 1"
        );
        assert!(bad(r#"{"datetime":"2024-13-01T00:00:00Z"}"#).contains("not an RFC 3339"));
        assert!(bad(r#"{"url":"/a\r\nSet-Cookie: x"}"#).contains("control character"));
        let spec: VariantSpec =
            serde_json::from_str(r#"{"datetime":"2001-01-01T00:00:00+01:00"}"#).unwrap();
        let v = spec.to_variant(0).unwrap();
        assert_eq!(
            v.datetime.unwrap().to_string(),
            "Sun, 31 Dec 2000 23:00:00 GMT"
        );
    }

    #[test]
    fn policies() {
        let p: PolicySpec =
            serde_json::from_str(r#"{"fallback":["Accept-Language"],"require_accept":true}"#)
                .unwrap();
        let p = p.to_policy().unwrap();
        assert!(p.is_fallback(Field::AcceptLanguage) && !p.is_fallback(Field::Accept));
        assert!(p.requires_accept());
        let p: PolicySpec = serde_json::from_str(r#""lenient""#).unwrap();
        assert_eq!(
            p.to_policy().unwrap_err().to_string(),
            "policy: \"lenient\" is not \"strict\" or \"fallback\""
        );
    }

    #[test]
    fn several_lines_form_one_list() {
        let headers: Headers =
            serde_json::from_str(r#"{"accept":["text/html;q=0.5","*/*"],"x-other":"1"}"#).unwrap();
        let lines = negotiation_lines(&headers);
        let r = request(&lines).unwrap();
        assert_eq!(r.accept.unwrap().len(), 2);
    }
}
