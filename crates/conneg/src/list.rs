//! The list machinery every `Accept-*` header shares: field values made of one or more field
//! lines, the cap checks, and the iteration over valid members.
//!
//! A header is parsed twice, both times linearly and without allocating: once when it is
//! parsed, to enforce the [`Limits`] and count its valid members, and once per use, by
//! iterators that re-read the borrowed bytes. Nothing is stored between the two, so a parsed
//! header is a few words whatever its length.

use core::fmt;
use core::marker::PhantomData;

use crate::error::{Error, Field};
use crate::limits::Limits;
use crate::quality::{Quality, Weight, parse_weight};
use crate::syntax::{Split, starts_with_ignore_case};

/// The value of a request header as it arrived: one field line, or several.
///
/// RFC 9110 §5.3: several field lines of one list header form one list, as if joined by
/// commas. Build one from a `&str`, `&[u8]` (e.g. `http::HeaderValue::as_bytes`), or a slice of
/// either for several lines; the parsers take `impl Into<FieldValue>`.
///
/// ```
/// use conneg::Accept;
///
/// let lines = ["text/html", "application/json;q=0.5"];
/// let accept = Accept::parse(&lines[..])?;
/// assert_eq!(accept.len(), 2);
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct FieldValue<'a>(Lines<'a>);

#[derive(Clone, Copy)]
enum Lines<'a> {
    One(&'a [u8]),
    Str(&'a [&'a str]),
    Bytes(&'a [&'a [u8]]),
}

impl<'a> FieldValue<'a> {
    /// The number of field lines.
    pub fn lines(&self) -> usize {
        match self.0 {
            Lines::One(_) => 1,
            Lines::Str(lines) => lines.len(),
            Lines::Bytes(lines) => lines.len(),
        }
    }

    /// Field line `i`, if there is one.
    pub fn line(&self, i: usize) -> Option<&'a [u8]> {
        match self.0 {
            Lines::One(line) => (i == 0).then_some(line),
            Lines::Str(lines) => lines.get(i).map(|l| l.as_bytes()),
            Lines::Bytes(lines) => lines.get(i).copied(),
        }
    }

    /// The length in bytes, all field lines added up.
    pub fn len(&self) -> usize {
        (0..self.lines())
            .filter_map(|i| self.line(i))
            .map(<[u8]>::len)
            .sum()
    }

    /// Whether every field line is empty (or there is none).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The members of the list, OWS-trimmed and empty ones skipped, each with its offset
    /// (lines counted one after the other).
    pub(crate) fn members(self) -> RawMembers<'a> {
        RawMembers {
            split: Split::list(self.line(0).unwrap_or_default()),
            value: self,
            line: 0,
            base: 0,
        }
    }
}

impl fmt::Debug for FieldValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for i in 0..self.lines() {
            let line = self.line(i).unwrap_or_default();
            match core::str::from_utf8(line) {
                Ok(s) => list.entry(&s),
                Err(_) => list.entry(&line),
            };
        }
        list.finish()
    }
}

impl<'a> From<&'a str> for FieldValue<'a> {
    fn from(value: &'a str) -> Self {
        FieldValue(Lines::One(value.as_bytes()))
    }
}

impl<'a> From<&'a [u8]> for FieldValue<'a> {
    fn from(value: &'a [u8]) -> Self {
        FieldValue(Lines::One(value))
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for FieldValue<'a> {
    fn from(value: &'a [u8; N]) -> Self {
        FieldValue(Lines::One(value))
    }
}

impl<'a> From<&'a [&'a str]> for FieldValue<'a> {
    fn from(lines: &'a [&'a str]) -> Self {
        FieldValue(Lines::Str(lines))
    }
}

impl<'a> From<&'a [&'a [u8]]> for FieldValue<'a> {
    fn from(lines: &'a [&'a [u8]]) -> Self {
        FieldValue(Lines::Bytes(lines))
    }
}

/// Raw members across field lines.
#[derive(Clone)]
pub(crate) struct RawMembers<'a> {
    value: FieldValue<'a>,
    split: Split<'a>,
    line: usize,
    base: usize,
}

impl<'a> Iterator for RawMembers<'a> {
    type Item = (usize, &'a [u8]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((offset, member)) = self.split.next() {
                return Some((self.base + offset, member));
            }
            self.base += self.value.line(self.line).map_or(0, <[u8]>::len);
            self.line += 1;
            self.split = Split::list(self.value.line(self.line)?);
        }
    }
}

/// What parsing one member gave.
pub(crate) enum Parsed<M> {
    Valid(M),
    /// Breaks the grammar: ignored.
    Invalid,
    TooManyParameters,
    TooManySubtags,
}

/// A member of a list header.
pub(crate) trait Member<'a>: Sized + Copy {
    /// The header whose members these are.
    const FIELD: Field;

    /// Parses one non-empty, OWS-trimmed member.
    fn parse(raw: &'a [u8], limits: &Limits) -> Parsed<Self>;

    /// The member's weight.
    fn quality(&self) -> Quality;
}

/// A parsed list header: the borrowed value and the count of valid members.
#[derive(Clone, Copy)]
pub(crate) struct List<'a, M> {
    value: FieldValue<'a>,
    valid: usize,
    member: PhantomData<M>,
}

impl<'a, M: Member<'a>> List<'a, M> {
    pub(crate) fn parse(value: FieldValue<'a>, limits: &Limits) -> Result<Self, Error> {
        let len = value.len();
        if len > limits.max_bytes {
            return Err(Error::TooLong {
                field: M::FIELD,
                len,
                limit: limits.max_bytes,
            });
        }
        let mut valid = 0;
        for (count, (position, raw)) in value.members().enumerate() {
            if count >= limits.max_members {
                let limit = limits.max_members;
                return Err(Error::TooManyMembers {
                    field: M::FIELD,
                    limit,
                    position,
                });
            }
            match M::parse(raw, limits) {
                Parsed::Valid(_) => valid += 1,
                Parsed::Invalid => {}
                Parsed::TooManyParameters => {
                    let limit = limits.max_parameters;
                    return Err(Error::TooManyParameters {
                        field: M::FIELD,
                        limit,
                        position,
                    });
                }
                Parsed::TooManySubtags => {
                    let limit = limits.max_subtags;
                    return Err(Error::TooManySubtags {
                        field: M::FIELD,
                        limit,
                        position,
                    });
                }
            }
        }
        Ok(List {
            value,
            valid,
            member: PhantomData,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.valid
    }

    pub(crate) fn value(&self) -> FieldValue<'a> {
        self.value
    }

    pub(crate) fn iter(&self) -> Members<'a, M> {
        Members {
            raw: self.value.members(),
            member: PhantomData,
        }
    }
}

/// The valid members of a list, in order.
#[derive(Clone)]
pub(crate) struct Members<'a, M> {
    raw: RawMembers<'a>,
    member: PhantomData<M>,
}

impl<'a, M: Member<'a>> Iterator for Members<'a, M> {
    type Item = M;

    #[inline]
    fn next(&mut self) -> Option<M> {
        // The caps were checked when the list was parsed, so none can be exceeded here.
        self.raw
            .find_map(|(_, raw)| match M::parse(raw, &Limits::UNLIMITED) {
                Parsed::Valid(m) => Some(m),
                _ => None,
            })
    }
}

/// Writes the valid members of a list, separated by `, `.
pub(crate) fn write_list<'a, M: Member<'a> + fmt::Display>(
    list: &List<'a, M>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    for (i, member) in list.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        fmt::Display::fmt(&member, f)?;
    }
    Ok(())
}

/// Parses `head [ weight ]` for the headers whose members are a token or a language range
/// with an optional weight (RFC 9110 §12.4.2):
///
/// ```text
/// weight = OWS ";" OWS "q=" qvalue
/// ```
///
/// The first `q` parameter (any case) is the weight; anything after it is ignored as an
/// extension, as in `Accept`. Any other parameter before it breaks the grammar. Empty
/// parameters (`gzip;;q=1`) are skipped. Returns the head, unchecked, and the weight.
pub(crate) fn parse_weighted<'a>(raw: &'a [u8], limits: &Limits) -> Parsed<(&'a [u8], Quality)> {
    let mut pieces = Split::member(raw);
    let head = pieces.next().map_or(&raw[..0], |(_, head)| head);
    let mut quality = Quality::ONE;
    let mut valid = !head.is_empty();
    let mut weighed = false;
    for (count, (_, piece)) in pieces.enumerate() {
        if count >= limits.max_parameters {
            return Parsed::TooManyParameters;
        }
        if weighed || !valid {
            continue;
        }
        let (q, ok) = weight_param(piece);
        weighed = ok;
        valid = ok && q != Weight::Invalid;
        if let Weight::Given(q) = q {
            quality = q;
        }
    }
    if valid {
        Parsed::Valid((head, quality))
    } else {
        Parsed::Invalid
    }
}

/// If `piece` is a `q` parameter, its weight and `true`; otherwise `(Weight::Invalid, false)`.
#[inline]
pub(crate) fn weight_param(piece: &[u8]) -> (Weight, bool) {
    if starts_with_ignore_case(piece, b"q=") {
        (parse_weight(&piece[2..]), true)
    } else {
        (Weight::Invalid, false)
    }
}

/// Defines a public list-header type over [`List`] and its iterator.
macro_rules! list_header {
    (
        $(#[$meta:meta])*
        $name:ident, $iter:ident, $member:ident
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name<'a>(crate::list::List<'a, $member<'a>>);

        impl<'a> $name<'a> {
            /// Parses the header with the default [`Limits`](crate::Limits).
            ///
            /// Invalid members are skipped; the only errors are the caps of the limits.
            pub fn parse(value: impl Into<crate::FieldValue<'a>>) -> Result<Self, crate::Error> {
                Self::parse_with(value, &crate::Limits::DEFAULT)
            }

            /// Parses the header with the given [`Limits`](crate::Limits).
            pub fn parse_with(
                value: impl Into<crate::FieldValue<'a>>,
                limits: &crate::Limits,
            ) -> Result<Self, crate::Error> {
                crate::list::List::parse(value.into(), limits).map($name)
            }

            /// The valid members, in the client's order.
            pub fn iter(&self) -> $iter<'a> {
                $iter(self.0.iter())
            }

            /// The number of valid members.
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Whether no member is valid. NEGOTIATION.md: a header left with no valid member
            /// is treated like an empty header.
            pub fn is_empty(&self) -> bool {
                self.0.len() == 0
            }

            /// The field value as it was given.
            pub fn value(&self) -> crate::FieldValue<'a> {
                self.0.value()
            }
        }

        impl<'a> IntoIterator for &$name<'a> {
            type Item = $member<'a>;
            type IntoIter = $iter<'a>;
            fn into_iter(self) -> $iter<'a> {
                self.iter()
            }
        }

        impl core::fmt::Display for $name<'_> {
            /// The valid members in a canonical form, separated by `, `: parsing this text
            /// gives an equal list.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                crate::list::write_list(&self.0, f)
            }
        }

        impl core::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl PartialEq for $name<'_> {
            /// Lists are equal when their valid members are equal, in order.
            fn eq(&self, other: &Self) -> bool {
                self.iter().eq(other.iter())
            }
        }

        impl Eq for $name<'_> {}

        #[doc = concat!("The valid members of [`", stringify!($name), "`], in order.")]
        #[derive(Clone)]
        pub struct $iter<'a>(crate::list::Members<'a, $member<'a>>);

        impl<'a> Iterator for $iter<'a> {
            type Item = $member<'a>;
            #[inline]
            fn next(&mut self) -> Option<$member<'a>> {
                self.0.next()
            }
        }

        impl core::iter::FusedIterator for $iter<'_> {}
    };
}

pub(crate) use list_header;

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(value: FieldValue<'_>) -> Vec<(usize, &str)> {
        value
            .members()
            .map(|(o, m)| (o, core::str::from_utf8(m).unwrap()))
            .collect()
    }

    #[test]
    fn several_field_lines_form_one_list() {
        let lines = ["a, b", "", " c ,", "d"];
        assert_eq!(
            raw(FieldValue::from(&lines[..])),
            [(0, "a"), (3, "b"), (5, "c"), (8, "d")]
        );
        let bytes: [&[u8]; 2] = [b"a", b"b"];
        assert_eq!(raw(FieldValue::from(&bytes[..])), [(0, "a"), (1, "b")]);
        assert_eq!(FieldValue::from(&lines[..]).len(), 9);
    }

    #[test]
    fn no_lines_is_empty() {
        let none: [&str; 0] = [];
        let value = FieldValue::from(&none[..]);
        assert!(value.is_empty());
        assert_eq!(raw(value), []);
    }

    fn weighted(s: &str) -> Option<(&str, u16)> {
        match parse_weighted(s.as_bytes(), &Limits::DEFAULT) {
            Parsed::Valid((head, q)) => {
                Some((core::str::from_utf8(head).unwrap(), q.thousandths()))
            }
            _ => None,
        }
    }

    #[test]
    fn weight_grammar() {
        assert_eq!(weighted("gzip"), Some(("gzip", 1000)));
        assert_eq!(weighted("gzip;q=0.5"), Some(("gzip", 500)));
        assert_eq!(weighted("gzip ; Q=0.5"), Some(("gzip", 500)));
        assert_eq!(weighted("gzip;;q=0.5;"), Some(("gzip", 500)));
        assert_eq!(weighted("gzip;q="), Some(("gzip", 1000)));
        assert_eq!(weighted("gzip;q=0.5;level=9"), Some(("gzip", 500)));
        assert_eq!(weighted("gzip;q=0.5;q=0.1"), Some(("gzip", 500)));
        assert_eq!(weighted("gzip;level=9"), None);
        assert_eq!(weighted("gzip;q=abc"), None);
        assert_eq!(weighted("gzip;q = 0.5"), None);
        assert_eq!(weighted(";q=0.5"), None);
    }

    #[test]
    fn parameters_are_counted_after_normalisation() {
        let limits = Limits {
            max_parameters: 2,
            ..Limits::DEFAULT
        };
        assert!(matches!(
            parse_weighted(b"gzip;;;;q=1;;;;a", &limits),
            Parsed::Valid(_)
        ));
        assert!(matches!(
            parse_weighted(b"gzip;q=1;a;b", &limits),
            Parsed::TooManyParameters
        ));
    }
}
