//! The negotiation headers of one request, parsed.

use crate::charset::AcceptCharset;
use crate::coding::AcceptEncoding;
use crate::datetime::AcceptDatetime;
use crate::error::{Error, Field};
use crate::im::AIm;
use crate::language::AcceptLanguage;
use crate::limits::Limits;
use crate::list::FieldValue;
use crate::media::Accept;
use crate::vary::Vary;

/// What a client said about the representations it accepts: each negotiation header, parsed,
/// or `None` when the request does not have it (NEGOTIATION.md: a missing header accepts
/// everything in its dimension, an empty one accepts nothing, identity aside).
///
/// The headers borrow the request's bytes; building a `Request` never allocates.
///
/// ```
/// use conneg::{Field, Request};
///
/// let request = Request::new()
///     .header("Accept", "text/html, */*;q=0.1")?
///     .header("accept-language", "de-CH")?
///     .header("User-Agent", "curl/8.5")?; // not a negotiation header: ignored
/// assert_eq!(request.accept.unwrap().len(), 2);
/// assert!(request.accept_encoding.is_none());
///
/// // A header over the limits, or a malformed Accept-Datetime, is an error to answer
/// // with 431 or 400.
/// let err = Request::new().with(Field::AcceptDatetime, "yesterday").unwrap_err();
/// assert!(!err.is_over_limit());
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct Request<'h> {
    /// `Accept`.
    pub accept: Option<Accept<'h>>,
    /// `Accept-Language`.
    pub accept_language: Option<AcceptLanguage<'h>>,
    /// `Accept-Charset`.
    pub accept_charset: Option<AcceptCharset<'h>>,
    /// `Accept-Encoding`.
    pub accept_encoding: Option<AcceptEncoding<'h>>,
    /// `Accept-Datetime`.
    pub accept_datetime: Option<AcceptDatetime>,
    /// `A-IM`.
    pub a_im: Option<AIm<'h>>,
}

impl<'h> Request<'h> {
    /// A request with no negotiation header.
    pub const fn new() -> Self {
        Request {
            accept: None,
            accept_language: None,
            accept_charset: None,
            accept_encoding: None,
            accept_datetime: None,
            a_im: None,
        }
    }

    /// This request with the header `name` (any case) set to `value`, parsed with the
    /// default [`Limits`]; a name that is not a negotiation header leaves it unchanged. To
    /// give a header of several field lines, pass them together (a [`FieldValue`]): a second
    /// call for the same header replaces the first.
    pub fn header(self, name: &str, value: impl Into<FieldValue<'h>>) -> Result<Self, Error> {
        match field_named(name) {
            Some(field) => self.with(field, value),
            None => Ok(self),
        }
    }

    /// This request with `field` set to `value`, parsed with the default [`Limits`].
    pub fn with(self, field: Field, value: impl Into<FieldValue<'h>>) -> Result<Self, Error> {
        self.with_limits(field, value, &Limits::DEFAULT)
    }

    /// This request with `field` set to `value`, parsed with `limits`.
    pub fn with_limits(
        mut self,
        field: Field,
        value: impl Into<FieldValue<'h>>,
        limits: &Limits,
    ) -> Result<Self, Error> {
        self.set(field, value, limits)?;
        Ok(self)
    }

    /// Sets `field` to `value`, parsed with `limits`, in place; on an error the request is
    /// unchanged. The same as [`Request::with_limits`] without moving the request (which
    /// holds every header's first members, several hundred bytes): what adapters that build a
    /// request per HTTP request call.
    ///
    /// ```
    /// use conneg::{Field, Limits, Request};
    ///
    /// let mut request = Request::new();
    /// request.set(Field::Accept, "text/html", &Limits::DEFAULT)?;
    /// assert!(request.set(Field::AcceptDatetime, "soon", &Limits::DEFAULT).is_err());
    /// assert!(request.has(Field::Accept) && !request.has(Field::AcceptDatetime));
    /// # Ok::<(), conneg::Error>(())
    /// ```
    pub fn set(
        &mut self,
        field: Field,
        value: impl Into<FieldValue<'h>>,
        limits: &Limits,
    ) -> Result<(), Error> {
        let value = value.into();
        match field {
            Field::Accept => self.accept = Some(Accept::parse_with(value, limits)?),
            Field::AcceptCharset => {
                self.accept_charset = Some(AcceptCharset::parse_with(value, limits)?);
            }
            Field::AcceptEncoding => {
                self.accept_encoding = Some(AcceptEncoding::parse_with(value, limits)?);
            }
            Field::AcceptLanguage => {
                self.accept_language = Some(AcceptLanguage::parse_with(value, limits)?);
            }
            Field::AcceptDatetime => {
                self.accept_datetime = Some(AcceptDatetime::parse_with(value, limits)?);
            }
            Field::AIm => self.a_im = Some(AIm::parse_with(value, limits)?),
        }
        Ok(())
    }

    /// Sets each of `fields` that `header` gives a value for (its field lines together),
    /// parsed with `limits`, in the order [`Vary`] lists them; `header` is asked for each of
    /// `fields` once, and for no other. On an error, the headers before the one in error are
    /// set. What an adapter calls with its framework's header map.
    ///
    /// ```
    /// use conneg::{Field, Limits, Request, Vary};
    ///
    /// let fields = Vary::EMPTY.with(Field::Accept);
    /// let header = |field| match field {
    ///     Field::Accept => Some("text/html".into()),
    ///     _ => Some("de".into()), // not in `fields`: not asked for
    /// };
    /// let mut request = Request::new();
    /// request.set_from(fields, header, &Limits::DEFAULT)?;
    /// assert!(request.has(Field::Accept) && !request.has(Field::AcceptLanguage));
    /// # Ok::<(), conneg::Error>(())
    /// ```
    pub fn set_from(
        &mut self,
        fields: Vary,
        mut header: impl FnMut(Field) -> Option<FieldValue<'h>>,
        limits: &Limits,
    ) -> Result<(), Error> {
        for field in fields.iter() {
            if let Some(value) = header(field) {
                self.set(field, value, limits)?;
            }
        }
        Ok(())
    }

    /// This request without `field`.
    #[must_use]
    pub fn without(mut self, field: Field) -> Self {
        match field {
            Field::Accept => self.accept = None,
            Field::AcceptCharset => self.accept_charset = None,
            Field::AcceptEncoding => self.accept_encoding = None,
            Field::AcceptLanguage => self.accept_language = None,
            Field::AcceptDatetime => self.accept_datetime = None,
            Field::AIm => self.a_im = None,
        }
        self
    }

    /// Whether the request has `field`.
    pub const fn has(&self, field: Field) -> bool {
        match field {
            Field::Accept => self.accept.is_some(),
            Field::AcceptCharset => self.accept_charset.is_some(),
            Field::AcceptEncoding => self.accept_encoding.is_some(),
            Field::AcceptLanguage => self.accept_language.is_some(),
            Field::AcceptDatetime => self.accept_datetime.is_some(),
            Field::AIm => self.a_im.is_some(),
        }
    }
}

/// The negotiation header called `name` (compared case-insensitively).
///
/// ```
/// assert_eq!(conneg::field_named("ACCEPT-Language"), Some(conneg::Field::AcceptLanguage));
/// assert_eq!(conneg::field_named("Content-Type"), None);
/// ```
pub fn field_named(name: &str) -> Option<Field> {
    crate::vary::FIELDS
        .into_iter()
        .find(|f| f.as_str().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_set_by_name_and_field() {
        let r = Request::new()
            .header("ACCEPT-ENCODING", "gzip")
            .unwrap()
            .header("a-im", "vcdiff")
            .unwrap()
            .header("accept-charset", "utf-8")
            .unwrap()
            .header("Accept-Datetime", "Thu, 31 May 2007 20:35:00 GMT")
            .unwrap();
        assert!(r.has(Field::AcceptEncoding) && r.has(Field::AIm));
        assert!(r.has(Field::AcceptCharset) && r.has(Field::AcceptDatetime));
        assert!(!r.has(Field::Accept) && !r.has(Field::AcceptLanguage));
        let r = r.without(Field::AIm);
        assert!(!r.has(Field::AIm));
    }

    #[test]
    fn errors_leave_nothing_half_set() {
        let long = "a".repeat(9000);
        let err = Request::new().header("accept", long.as_str()).unwrap_err();
        assert!(err.is_over_limit());
        let err = Request::new()
            .with(Field::AcceptDatetime, "Thu, 31 May 2007")
            .unwrap_err();
        assert!(!err.is_over_limit());
    }

    #[test]
    fn set_from_sets_the_headers_before_an_error_and_asks_each_once() {
        let mut asked = Vec::new();
        let header = |field| {
            asked.push(field);
            Some(match field {
                Field::Accept => "text/html".into(),
                Field::AcceptDatetime => "yesterday".into(),
                _ => "de".into(),
            })
        };
        // In `Vary`'s order: A-IM, Accept, Accept-Datetime, Accept-Encoding.
        let fields = Vary::EMPTY
            .with(Field::Accept)
            .with(Field::AcceptDatetime)
            .with(Field::AcceptEncoding)
            .with(Field::AIm);
        let mut request = Request::new();
        let err = request
            .set_from(fields, header, &Limits::DEFAULT)
            .unwrap_err();
        // The date is the one that cannot be valid.
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        // A-IM and Accept, before the error, are set; Accept-Encoding, after it, is neither
        // asked for nor set, and Accept-Language, not in `fields`, is not asked for.
        assert!(request.has(Field::AIm) && request.has(Field::Accept));
        assert!(!request.has(Field::AcceptEncoding) && !request.has(Field::AcceptLanguage));
        assert_eq!(asked, [Field::AIm, Field::Accept, Field::AcceptDatetime]);
    }
}
