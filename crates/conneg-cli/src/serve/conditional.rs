//! Conditional requests (RFC 9110 §13), evaluated against the variant negotiation chose, in the
//! order of §13.2.2: `If-Match`, `If-Unmodified-Since`, `If-None-Match`, `If-Modified-Since`,
//! then `If-Range`.

use std::time::UNIX_EPOCH;

use http::HeaderMap;
use http::header::{
    HeaderName, IF_MATCH, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, IF_UNMODIFIED_SINCE,
};

use super::index::Entry;

/// What the preconditions of a GET or HEAD come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// 412: `If-Match` or `If-Unmodified-Since` is false.
    Failed,
    /// 304: `If-None-Match` or `If-Modified-Since` is false.
    NotModified,
    /// Serve the variant.
    Proceed,
}

/// Evaluates the preconditions of a GET or HEAD against `entry`.
pub fn evaluate(entry: &Entry, headers: &HeaderMap) -> Precondition {
    let etag = entry.etag.as_bytes();
    // Strong comparison (§13.1.1); `*` is true for any current representation.
    if let Some(matched) = any_tag(headers, &IF_MATCH, |t| t.is_any() || t.strong_eq(etag)) {
        if !matched {
            return Precondition::Failed;
        }
    } else if let Some(since) = date(headers, &IF_UNMODIFIED_SINCE) {
        if entry.modified_secs > since {
            return Precondition::Failed;
        }
    }
    // Weak comparison (§13.1.2).
    if let Some(matched) = any_tag(headers, &IF_NONE_MATCH, |t| t.is_any() || t.weak_eq(etag)) {
        if matched {
            return Precondition::NotModified;
        }
    } else if let Some(since) = date(headers, &IF_MODIFIED_SINCE) {
        if entry.modified_secs <= since {
            return Precondition::NotModified;
        }
    }
    Precondition::Proceed
}

/// Whether a `Range` may be honoured: there is no `If-Range`, or it names this very variant
/// (§13.1.5: an entity-tag compared strongly, or a date equal to its `Last-Modified`). Any
/// other value, a weak tag or one that does not parse, means "send it all".
pub fn range_allowed(entry: &Entry, headers: &HeaderMap) -> bool {
    let mut values = headers.get_all(IF_RANGE).iter();
    let Some(value) = values.next() else {
        return true;
    };
    if values.next().is_some() {
        return false;
    }
    let value = value.as_bytes().trim_ascii();
    if value.first() == Some(&b'"') || value.starts_with(b"W/") {
        let mut tags = EntityTags::new(value);
        return matches!(
            (tags.next(), tags.next()),
            (Some(Some(t)), None) if t.strong_eq(entry.etag.as_bytes())
        );
    }
    value == entry.last_modified.as_bytes()
}

/// Whether an entity-tag of header `name` passes `test`, every field line read; `None` when
/// the header is absent. A line is read up to its first malformed member: a header present
/// with nothing valid matches nothing (so `If-Match` fails and `If-None-Match` never gives
/// 304).
fn any_tag(
    headers: &HeaderMap,
    name: &HeaderName,
    test: impl Fn(&EntityTag<'_>) -> bool,
) -> Option<bool> {
    let mut lines = headers.get_all(name).iter().peekable();
    lines.peek()?;
    Some(lines.any(|line| {
        EntityTags::new(line.as_bytes())
            .map_while(|t| t)
            .any(|t| test(&t))
    }))
}

/// An HTTP-date header in seconds since the epoch; `None` when absent, repeated or invalid
/// (§13.1.3-4: an invalid date makes the condition be ignored).
fn date(headers: &HeaderMap, name: &HeaderName) -> Option<u64> {
    let mut values = headers.get_all(name).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let time = httpdate::parse_http_date(value.to_str().ok()?).ok()?;
    Some(time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
}

/// One member of an entity-tag list: `*`, or a tag with its quotes and whether it is weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityTag<'a> {
    weak: bool,
    /// `"opaque"`, quotes included; empty for `*`.
    quoted: &'a [u8],
}

impl EntityTag<'_> {
    fn is_any(&self) -> bool {
        self.quoted.is_empty()
    }

    /// Strong comparison with our (strong) tag: both strong and the same characters.
    fn strong_eq(&self, ours: &[u8]) -> bool {
        !self.weak && !self.is_any() && self.quoted == ours
    }

    /// Weak comparison: the same characters, weakness aside.
    fn weak_eq(&self, ours: &[u8]) -> bool {
        !self.is_any() && self.quoted == ours
    }
}

/// The members of `#entity-tag` or `*`: each `Some(tag)`, or `None` at the first member that
/// does not parse (after which the iteration ends).
///
/// ```text
/// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE
/// etagc      = %x21 / %x23-7E / obs-text
/// ```
struct EntityTags<'a> {
    rest: &'a [u8],
    done: bool,
}

impl<'a> EntityTags<'a> {
    fn new(value: &'a [u8]) -> Self {
        EntityTags {
            rest: value,
            done: false,
        }
    }
}

impl<'a> Iterator for EntityTags<'a> {
    type Item = Option<EntityTag<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let start = self
            .rest
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b','))?;
        let rest = &self.rest[start..];
        let (weak, rest) = match rest.strip_prefix(b"W/") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let parsed = if !weak && rest.first() == Some(&b'*') {
            Some((EntityTag { weak, quoted: &[] }, &rest[1..]))
        } else if rest.first() == Some(&b'"') {
            rest[1..]
                .iter()
                .position(|&b| b == b'"')
                .filter(|&close| {
                    rest[1..=close]
                        .iter()
                        .all(|&b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80)
                })
                .map(|close| {
                    (
                        EntityTag {
                            weak,
                            quoted: &rest[..close + 2],
                        },
                        &rest[close + 2..],
                    )
                })
        } else {
            None
        };
        // A member ends at a comma or the end, OWS aside.
        let parsed = parsed.filter(|(_, after)| {
            let after = after.trim_ascii_start();
            after.is_empty() || after[0] == b','
        });
        if let Some((tag, after)) = parsed {
            self.rest = after;
            Some(Some(tag))
        } else {
            self.done = true;
            Some(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Vec<Option<(bool, String)>> {
        EntityTags::new(value.as_bytes())
            .map(|t| t.map(|t| (t.weak, String::from_utf8_lossy(t.quoted).into_owned())))
            .collect()
    }

    #[test]
    fn entity_tag_lists() {
        let tag = |weak, s: &str| Some((weak, s.to_owned()));
        assert_eq!(
            parse(r#""a", W/"b" ,,"c,d""#),
            [
                tag(false, "\"a\""),
                tag(true, "\"b\""),
                tag(false, "\"c,d\"")
            ]
        );
        assert_eq!(parse("*"), [tag(false, "")]);
        assert_eq!(parse(""), []);
        assert_eq!(parse(r#""a", b"#), [tag(false, "\"a\""), None]);
        assert_eq!(parse(r#""a" x"#), [None]);
        assert_eq!(parse(r#""open"#), [None]);
        assert_eq!(parse("W/*"), [None]);
        assert_eq!(parse("\"a b\""), [None], "no space in an entity-tag");
    }

    #[test]
    fn comparisons() {
        let strong = EntityTag {
            weak: false,
            quoted: b"\"x\"",
        };
        let weak = EntityTag {
            weak: true,
            ..strong
        };
        assert!(strong.strong_eq(b"\"x\"") && strong.weak_eq(b"\"x\""));
        assert!(!weak.strong_eq(b"\"x\"") && weak.weak_eq(b"\"x\""));
        assert!(!strong.weak_eq(b"\"y\""));
    }

    proptest::proptest! {
        /// Any bytes: no panic, and every tag read is a quoted string (or `*`).
        #[test]
        fn any_bytes_read_as_entity_tags(
            raw in proptest::collection::vec(
                proptest::sample::select(b"W/\"*, \tab\x80".to_vec()), 0..40),
        ) {
            for tag in EntityTags::new(&raw).map_while(|t| t) {
                let q = tag.quoted;
                proptest::prop_assert!(
                    q.is_empty() || q.len() >= 2 && q[0] == b'"' && q[q.len() - 1] == b'"'
                );
            }
        }
    }
}
