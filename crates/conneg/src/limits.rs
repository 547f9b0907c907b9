//! Caps on the work one header may cost.

/// Caps on the size of a header, so that the work it costs is bounded.
///
/// Every parser in conneg is linear in the length of the header; these caps bound that length
/// and the shapes that matter for matching, so that a hostile client cannot make a server spend
/// more than a few microseconds on one request. A header over a cap is an
/// [`Error`](crate::Error) whose [`is_over_limit`](crate::Error::is_over_limit) is true: answer
/// `431 Request Header Fields Too Large` with `Cache-Control: no-store`.
///
/// Counts are taken after normalisation: empty list members (`a,,b`) and empty parameters
/// (`a/b;;c=d`) do not count, so a header cannot be refused for its separators alone, only
/// for its bytes.
///
/// ```
/// use conneg::{Accept, Limits};
///
/// let strict = Limits { max_bytes: 64, ..Limits::default() };
/// assert!(Accept::parse_with("a/b, ".repeat(20).as_str(), &strict).is_err());
/// assert!(Accept::parse_with("text/html, */*;q=0.8", &strict).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Bytes in one header, all its field lines added up. Default 8192, the size of the header
    /// buffers of nginx and Apache: a larger header would not reach most servers anyway.
    pub max_bytes: usize,
    /// Non-empty members in one header, valid or not. Default 64; the longest `Accept` in the
    /// project's corpus of real requests has 9.
    pub max_members: usize,
    /// Non-empty parameters in one member, weight and extensions included. Default 16.
    pub max_parameters: usize,
    /// Subtags in one language range. Default 16; RFC 5646 §4.4.1 asks implementations to
    /// support at least 8 for a tag in the wild.
    pub max_subtags: usize,
}

impl Limits {
    /// The defaults (see each field).
    pub const DEFAULT: Limits = Limits {
        max_bytes: 8192,
        max_members: 64,
        max_parameters: 16,
        max_subtags: 16,
    };

    /// No caps at all. Parsing stays linear in the header's length, but a server that uses
    /// this gives clients control of how long it works; meant for tools and benchmarks.
    pub const UNLIMITED: Limits = Limits {
        max_bytes: usize::MAX,
        max_members: usize::MAX,
        max_parameters: usize::MAX,
        max_subtags: usize::MAX,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
