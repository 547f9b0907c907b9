//! Errors: a header over one of the [`Limits`](crate::Limits), or a value that must be valid
//! as a whole (a server's media type, an `Accept-Datetime`) that is not.
//!
//! Invalid *members* of a list header are not errors: RFC 9110 §5.6.1 lets a recipient ignore
//! them, and conneg does (see [`Accept`](crate::Accept)). Errors are reserved for what a server
//! must answer itself: 431 for a header over a cap, 400 for a malformed `Accept-Datetime`.

use core::fmt;

/// The request header a parser reads, used to name it in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `Accept` (RFC 9110 §12.5.1).
    Accept,
    /// `Accept-Charset` (RFC 9110 §12.5.2).
    AcceptCharset,
    /// `Accept-Encoding` (RFC 9110 §12.5.3).
    AcceptEncoding,
    /// `Accept-Language` (RFC 9110 §12.5.4).
    AcceptLanguage,
    /// `Accept-Datetime` (RFC 7089 §2.1.1).
    AcceptDatetime,
    /// `A-IM` (RFC 3229 §10.5.3).
    AIm,
}

impl Field {
    /// The header's name in lower case, as HTTP/2 and HTTP/3 write it.
    ///
    /// ```
    /// assert_eq!(conneg::Field::AcceptLanguage.as_str(), "accept-language");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Accept => "accept",
            Field::AcceptCharset => "accept-charset",
            Field::AcceptEncoding => "accept-encoding",
            Field::AcceptLanguage => "accept-language",
            Field::AcceptDatetime => "accept-datetime",
            Field::AIm => "a-im",
        }
    }

    /// The header's name as HTTP/1.1 responses and reports usually write it (`Vary`'s
    /// value, log lines).
    ///
    /// ```
    /// assert_eq!(conneg::Field::AcceptLanguage.title(), "Accept-Language");
    /// assert_eq!(conneg::Field::AIm.title(), "A-IM");
    /// ```
    pub const fn title(self) -> &'static str {
        match self {
            Field::Accept => "Accept",
            Field::AcceptCharset => "Accept-Charset",
            Field::AcceptDatetime => "Accept-Datetime",
            Field::AcceptEncoding => "Accept-Encoding",
            Field::AcceptLanguage => "Accept-Language",
            Field::AIm => "A-IM",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a strict value parser was reading when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Subject {
    /// A [`MediaType`](crate::MediaType).
    MediaType,
    /// A [`MediaRange`](crate::MediaRange).
    MediaRange,
    /// A [`LanguageTag`](crate::LanguageTag).
    LanguageTag,
    /// A [`LanguageRange`](crate::LanguageRange).
    LanguageRange,
    /// A [`Charset`](crate::Charset).
    Charset,
    /// A [`Coding`](crate::Coding).
    Coding,
    /// An [`InstanceManipulation`](crate::InstanceManipulation).
    InstanceManipulation,
    /// An [`HttpDate`](crate::HttpDate) (IMF-fixdate).
    HttpDate,
    /// A [`Quality`](crate::Quality).
    Quality,
}

impl Subject {
    const fn as_str(self) -> &'static str {
        match self {
            Subject::MediaType => "media type",
            Subject::MediaRange => "media range",
            Subject::LanguageTag => "language tag",
            Subject::LanguageRange => "language range",
            Subject::Charset => "charset",
            Subject::Coding => "content coding",
            Subject::InstanceManipulation => "instance-manipulation",
            Subject::HttpDate => "HTTP date",
            Subject::Quality => "quality value",
        }
    }
}

/// Which cap of [`Limits`](crate::Limits) a header went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_bytes`](crate::Limits::max_bytes).
    Bytes,
    /// [`Limits::max_members`](crate::Limits::max_members).
    Members,
    /// [`Limits::max_parameters`](crate::Limits::max_parameters).
    Parameters,
    /// [`Limits::max_subtags`](crate::Limits::max_subtags).
    Subtags,
}

/// The byte a parser stopped at, or the end of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Found {
    /// This byte.
    Byte(u8),
    /// The end of the input.
    End,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Found::Byte(b) if b.is_ascii_graphic() => write!(f, "'{}'", char::from(b)),
            Found::Byte(b' ') => f.write_str("a space"),
            Found::Byte(b) => write!(f, "byte 0x{b:02x}"),
            Found::End => f.write_str("the end"),
        }
    }
}

/// An error from a conneg parser.
///
/// Two families: a header over one of the [`Limits`](crate::Limits) (answer 431, see
/// [`Error::is_over_limit`]), and a value that must be valid as a whole and is not (a server's
/// own [`MediaType`](crate::MediaType), or an `Accept-Datetime` header: answer 400). The
/// `Display` text is lower case, names the header or value, the position and the offending byte,
/// and never repeats the input, so it is safe to log or to put in a response.
///
/// ```
/// use conneg::{Accept, Limits};
///
/// let limits = Limits { max_members: 2, ..Limits::default() };
/// let err = Accept::parse_with("a/a, b/b, c/c", &limits).unwrap_err();
/// assert!(err.is_over_limit());
/// assert_eq!(err.to_string(), "accept: more than 2 members (the limit), the 3rd starts at byte 10");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The header is longer than allowed.
    TooLong {
        /// The header.
        field: Field,
        /// Its length in bytes (all field lines added up).
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// The header has more non-empty members than allowed.
    TooManyMembers {
        /// The header.
        field: Field,
        /// The limit.
        limit: usize,
        /// Where the first member over the limit starts, in bytes from the start of the
        /// field value (field lines counted one after the other).
        position: usize,
    },
    /// A member has more non-empty parameters than allowed.
    TooManyParameters {
        /// The header.
        field: Field,
        /// The limit.
        limit: usize,
        /// Where the member starts (as in [`Error::TooManyMembers`]).
        position: usize,
    },
    /// A language range has more subtags than allowed.
    TooManySubtags {
        /// The header.
        field: Field,
        /// The limit.
        limit: usize,
        /// Where the member starts (as in [`Error::TooManyMembers`]).
        position: usize,
    },
    /// A value that must be valid as a whole is not.
    Invalid {
        /// What was being parsed.
        subject: Subject,
        /// The byte offset where parsing stopped.
        position: usize,
        /// What was there.
        found: Found,
        /// What the grammar wanted there.
        expected: &'static str,
    },
}

impl Error {
    /// Whether the header went over one of the [`Limits`](crate::Limits): a server answers
    /// `431 Request Header Fields Too Large` with `Cache-Control: no-store`.
    pub const fn is_over_limit(&self) -> bool {
        matches!(
            self,
            Error::TooLong { .. }
                | Error::TooManyMembers { .. }
                | Error::TooManyParameters { .. }
                | Error::TooManySubtags { .. }
        )
    }

    /// The cap that was exceeded, if this is a limit error.
    pub const fn limit(&self) -> Option<Limit> {
        match self {
            Error::TooLong { .. } => Some(Limit::Bytes),
            Error::TooManyMembers { .. } => Some(Limit::Members),
            Error::TooManyParameters { .. } => Some(Limit::Parameters),
            Error::TooManySubtags { .. } => Some(Limit::Subtags),
            Error::Invalid { .. } => None,
        }
    }

    pub(crate) const fn invalid(
        subject: Subject,
        input: &[u8],
        position: usize,
        expected: &'static str,
    ) -> Error {
        let found = if position < input.len() {
            Found::Byte(input[position])
        } else {
            Found::End
        };
        Error::Invalid {
            subject,
            position,
            found,
            expected,
        }
    }
}

/// `1st`, `2nd`, `3rd`, `11th`...
struct Ordinal(usize);

impl fmt::Display for Ordinal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        write!(f, "{n}{suffix}")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::TooLong { field, len, limit } => {
                write!(f, "{field}: {len} bytes, over the limit of {limit}")
            }
            Error::TooManyMembers {
                field,
                limit,
                position,
            } => write!(
                f,
                "{field}: more than {limit} members (the limit), the {} starts at byte {position}",
                Ordinal(limit + 1)
            ),
            Error::TooManyParameters {
                field,
                limit,
                position,
            } => write!(
                f,
                "{field}: the member at byte {position} has more than {limit} parameters (the limit)"
            ),
            Error::TooManySubtags {
                field,
                limit,
                position,
            } => write!(
                f,
                "{field}: the language range at byte {position} has more than {limit} subtags (the limit)"
            ),
            Error::Invalid {
                subject,
                position,
                found,
                expected,
            } => write!(
                f,
                "invalid {}: expected {expected} at byte {position}, found {found}",
                subject.as_str()
            ),
        }
    }
}

impl core::error::Error for Error {}
