//! The `http` crate's types (feature `http`): a [`Request`] from an [`http::HeaderMap`], with
//! every field line of a header combined (RFC 9110 §5.3), and a [`Vary`] merged into the
//! `Vary` of an [`http::HeaderMap`].

use alloc::string::ToString;
use alloc::vec::Vec;

use http::header::{
    ACCEPT, ACCEPT_CHARSET, ACCEPT_ENCODING, ACCEPT_LANGUAGE, HeaderMap, HeaderName, HeaderValue,
    VARY,
};

use crate::error::{Error, Field};
use crate::limits::Limits;
use crate::list::FieldValue;
use crate::request::Request;
use crate::vary::{FIELDS, Vary};

/// The field lines of one header. Nearly every request sends each header as one line, which
/// is kept without allocating; several (a client may send a header as many lines; the byte
/// limit still applies to them all) are gathered on the heap. Small, so that
/// [`HeaderLines`], a set of them, is cheap to build and to move.
#[derive(Debug, Clone)]
enum Lines<'h> {
    One(&'h [u8]),
    Many(Vec<&'h [u8]>),
}

/// The name of `field` as a constant: looking a constant up skips parsing the name.
fn header_name(field: Field) -> HeaderName {
    const ACCEPT_DATETIME: HeaderName = HeaderName::from_static("accept-datetime");
    const A_IM: HeaderName = HeaderName::from_static("a-im");
    match field {
        Field::Accept => ACCEPT,
        Field::AcceptLanguage => ACCEPT_LANGUAGE,
        Field::AcceptCharset => ACCEPT_CHARSET,
        Field::AcceptEncoding => ACCEPT_ENCODING,
        Field::AcceptDatetime => ACCEPT_DATETIME,
        Field::AIm => A_IM,
    }
}

impl<'h> Lines<'h> {
    fn of(headers: &'h HeaderMap, field: Field) -> Option<Lines<'h>> {
        let mut values = headers.get_all(header_name(field)).iter();
        let first = values.next()?.as_bytes();
        let Some(second) = values.next() else {
            return Some(Lines::One(first));
        };
        let mut many = alloc::vec![first, second.as_bytes()];
        many.extend(values.map(HeaderValue::as_bytes));
        Some(Lines::Many(many))
    }

    fn value(&self) -> FieldValue<'_> {
        match self {
            Lines::One(line) => FieldValue::from(*line),
            Lines::Many(lines) => FieldValue::from(&lines[..]),
        }
    }
}

/// The negotiation headers of an [`http::HeaderMap`], borrowed from it, with the field lines of
/// each header together: a [`Request`] parses from it without copying a byte, and without
/// allocating unless a header comes as several field lines.
///
/// ```
/// use conneg::{HeaderLines, MediaType};
/// use http::HeaderMap;
///
/// let mut headers = HeaderMap::new();
/// headers.append("accept", "text/html;q=0.5".parse()?);
/// headers.append("accept", "application/json".parse()?); // a second field line
/// headers.append("accept-language", "de".parse()?);
///
/// let lines = HeaderLines::new(&headers);
/// let request = lines.request()?;
/// let accept = request.accept.unwrap();
/// assert_eq!(accept.len(), 2);
/// assert_eq!(accept.best(&[MediaType::TEXT_HTML, MediaType::APPLICATION_JSON]).map(|b| b.0), Some(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct HeaderLines<'h> {
    lines: [Option<Lines<'h>>; FIELDS.len()],
}

impl<'h> HeaderLines<'h> {
    /// The negotiation headers of `headers`.
    pub fn new(headers: &'h HeaderMap) -> Self {
        Self::of(headers, Vary::ALL)
    }

    /// The negotiation headers of `headers` that are in `fields`, the others left out as if
    /// the request had none: with [`consulted`](crate::consulted), what a negotiation reads,
    /// so that the headers it cannot use are neither looked up nor parsed.
    ///
    /// ```
    /// use conneg::{Field, HeaderLines, MediaType, Policy, Variant, consulted};
    /// use http::HeaderMap;
    ///
    /// let api = [
    ///     Variant::new().media_type(MediaType::APPLICATION_JSON),
    ///     Variant::new().media_type(MediaType::TEXT_HTML),
    /// ];
    /// let mut headers = HeaderMap::new();
    /// headers.insert("accept", "text/html".parse()?);
    /// headers.insert("accept-language", "de".parse()?);
    /// let lines = HeaderLines::of(&headers, consulted(&api, &Policy::STRICT));
    /// assert!(lines.get(Field::Accept).is_some());
    /// assert!(lines.get(Field::AcceptLanguage).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(headers: &'h HeaderMap, fields: Vary) -> Self {
        // Filled in place: `array::map` builds the array aside and copies it.
        let mut lines = HeaderLines {
            lines: [const { None }; FIELDS.len()],
        };
        for (slot, field) in lines.lines.iter_mut().zip(FIELDS) {
            if fields.contains(field) {
                *slot = Lines::of(headers, field);
            }
        }
        lines
    }

    /// The field value of `field` (its lines together), `None` when the map has none.
    pub fn get(&self, field: Field) -> Option<FieldValue<'_>> {
        let i = FIELDS.iter().position(|f| *f == field)?;
        self.lines[i].as_ref().map(Lines::value)
    }

    /// The headers parsed with the default [`Limits`]. An error is a header over the limits
    /// (answer 431, [`Error::is_over_limit`]) or a malformed `Accept-Datetime` (answer 400).
    pub fn request(&self) -> Result<Request<'_>, Error> {
        self.request_with(&Limits::DEFAULT)
    }

    /// The headers parsed with `limits`.
    pub fn request_with(&self, limits: &Limits) -> Result<Request<'_>, Error> {
        let mut request = Request::new();
        self.parse_into(&mut request, limits)?;
        Ok(request)
    }

    /// Parses the headers with `limits` into `request`, in place: the same as
    /// [`HeaderLines::request_with`] without moving the request (several hundred bytes) out
    /// of a `Result`. On an error, the headers parsed before the one in error are set.
    ///
    /// ```
    /// use conneg::{HeaderLines, Limits, Request};
    /// use http::HeaderMap;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("accept", "text/html".parse()?);
    /// let lines = HeaderLines::new(&headers);
    /// let mut request = Request::new();
    /// lines.parse_into(&mut request, &Limits::DEFAULT)?;
    /// assert_eq!(request.accept.unwrap().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_into<'l>(
        &'l self,
        request: &mut Request<'l>,
        limits: &Limits,
    ) -> Result<(), Error> {
        request.set_from(Vary::ALL, |field| self.get(field), limits)
    }
}

impl Vary {
    /// Merges this set into the `Vary` of `headers` (feature `http`): the existing members
    /// first, from every `Vary` field line, then those of this set that they lack; `*`
    /// absorbs everything. The result is one field line. An existing line that is not
    /// visible ASCII is kept as it is and the set goes on a line of its own.
    ///
    /// ```
    /// use conneg::{Field, Vary};
    /// use http::HeaderMap;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.append("vary", "Origin".parse()?);
    /// headers.append("vary", "accept".parse()?);
    /// Vary::EMPTY.with(Field::Accept).with(Field::AcceptLanguage).merge_into(&mut headers);
    /// assert_eq!(headers["vary"], "Origin, accept, Accept-Language");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge_into(self, headers: &mut HeaderMap) {
        if self.is_empty() {
            return;
        }
        let lines = headers.get_all(VARY);
        if lines.iter().any(|line| line.to_str().is_err()) {
            // Not ours to rewrite: the set goes on a line of its own beside it.
            if let Ok(line) = HeaderValue::from_str(&self.to_string()) {
                headers.append(VARY, line);
            }
            return;
        }
        let existing: Vec<&str> = lines.iter().filter_map(|l| l.to_str().ok()).collect();
        let joined = existing.join(", ");
        let merged = self.merge(&joined).to_string();
        // The merged value is the existing visible-ASCII lines and field names: valid.
        if let Ok(value) = HeaderValue::from_str(&merged) {
            headers.insert(VARY, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn every_negotiation_header_is_read_and_others_ignored() {
        let headers = map(&[
            ("accept", "text/html"),
            ("accept-language", "de"),
            ("accept-charset", "utf-8"),
            ("accept-encoding", "gzip"),
            ("accept-datetime", "Thu, 31 May 2007 20:35:00 GMT"),
            ("a-im", "vcdiff"),
            ("user-agent", "curl/8"),
        ]);
        let lines = HeaderLines::new(&headers);
        let r = lines.request().unwrap();
        for field in FIELDS {
            assert!(r.has(field), "{field:?}");
        }
    }

    #[test]
    fn many_field_lines_are_one_list() {
        let mut headers = HeaderMap::new();
        for i in 0..10 {
            headers.append("accept-language", HeaderValue::from(i));
        }
        headers.append("accept-language", HeaderValue::from_static("de;q=0.5"));
        let lines = HeaderLines::new(&headers);
        assert_eq!(lines.get(Field::AcceptLanguage).unwrap().lines(), 11);
        let r = lines.request().unwrap();
        // The digits are not language ranges; "de" on the eleventh line is.
        let de = crate::LanguageTag::parse("de").unwrap();
        assert_eq!(
            r.accept_language.unwrap().match_of(&de).unwrap().position,
            0
        );
    }

    #[test]
    fn limits_apply_to_all_lines_together() {
        let mut headers = HeaderMap::new();
        headers.append("accept", HeaderValue::from_static("a/a, b/b"));
        headers.append("accept", HeaderValue::from_static("c/c"));
        let limits = Limits {
            max_members: 2,
            ..Limits::DEFAULT
        };
        let lines = HeaderLines::new(&headers);
        let err = lines.request_with(&limits).unwrap_err();
        assert!(err.is_over_limit());
        assert!(lines.request().is_ok());
    }

    #[test]
    fn vary_merges_across_lines_and_keeps_opaque_ones() {
        let mut headers = map(&[("vary", "Origin"), ("vary", "Accept-Encoding")]);
        let vary = Vary::EMPTY.with(Field::Accept).with(Field::AcceptEncoding);
        vary.merge_into(&mut headers);
        let all: Vec<_> = headers.get_all(VARY).iter().collect();
        assert_eq!(all, ["Origin, Accept-Encoding, Accept"]);

        let mut star = map(&[("vary", "*")]);
        vary.merge_into(&mut star);
        assert_eq!(star[VARY], "*");

        let mut none = HeaderMap::new();
        Vary::EMPTY.merge_into(&mut none);
        assert!(none.get(VARY).is_none());
        vary.merge_into(&mut none);
        assert_eq!(none[VARY], "Accept, Accept-Encoding");

        let mut opaque = HeaderMap::new();
        opaque.append(VARY, HeaderValue::from_bytes(b"caf\xe9").unwrap());
        vary.merge_into(&mut opaque);
        let all: Vec<_> = opaque
            .get_all(VARY)
            .iter()
            .map(HeaderValue::as_bytes)
            .collect();
        assert_eq!(all, [&b"caf\xe9"[..], b"Accept, Accept-Encoding"]);
    }
}
