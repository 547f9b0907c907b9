//! Media types (what a server has), media ranges and `Accept` (what a client accepts).
//!
//! RFC 9110 §8.3.1 and §12.5.1:
//!
//! ```text
//! media-type  = type "/" subtype parameters
//! type        = token
//! subtype     = token
//! parameters  = *( OWS ";" OWS [ parameter ] )
//! parameter   = parameter-name "=" parameter-value
//! parameter-value = ( token / quoted-string )
//!
//! Accept      = #( media-range [ weight ] )
//! media-range = ( "*/*" / ( type "/" "*" ) / ( type "/" subtype ) ) parameters
//! weight      = OWS ";" OWS "q=" qvalue
//! ```

use core::fmt;

use crate::error::{Error, Field, Subject};
use crate::limits::Limits;
use crate::list::{Head, Member, Whole, list_header};
use crate::matching::{self, Match, MediaLevel, MediaSpecificity};
use crate::quality::Quality;
use crate::syntax::{
    Split, ascii_str, bytes_eq, eq_ignore_case, is_ows, is_quoted_string, parse_param, skip_quoted,
    token_end, value_eq,
};

/// One parameter of a media type or range, borrowed: `name=value`.
///
/// Names compare case-insensitively; values case-sensitively except for `charset`, and a
/// quoted value equals the same value as a token (`a="b"` = `a=b`, RFC 9110 §5.6.6).
#[derive(Clone, Copy)]
pub struct Parameter<'a> {
    name: &'a [u8],
    value: &'a [u8],
}

impl<'a> Parameter<'a> {
    /// The name, as written.
    pub fn name(&self) -> &'a str {
        ascii_str(self.name)
    }

    /// The value as written: a token, or a quoted-string with its quotes and escapes.
    pub fn raw_value(&self) -> &'a [u8] {
        self.value
    }

    /// The bytes the value stands for (quotes removed, escapes resolved).
    pub fn value_bytes(&self) -> impl Iterator<Item = u8> + 'a {
        crate::syntax::unquoted(self.value)
    }

    /// Whether the value stands for `value` (compared as RFC 9110 asks: case-insensitively
    /// for `charset`, exactly otherwise).
    ///
    /// ```
    /// let t = conneg::MediaType::parse(r#"text/plain; charset="UTF-8"; format=flowed"#)?;
    /// assert!(t.param("charset").unwrap().value_is("utf-8"));
    /// assert!(!t.param("format").unwrap().value_is("Flowed"));
    /// # Ok::<(), conneg::Error>(())
    /// ```
    pub fn value_is(&self, value: &str) -> bool {
        let mut theirs = value.bytes();
        let ignore_case = self.is_charset();
        self.value_bytes().all(|b| {
            theirs
                .next()
                .is_some_and(|t| t == b || ignore_case && t.eq_ignore_ascii_case(&b))
        }) && theirs.next().is_none()
    }

    fn is_charset(&self) -> bool {
        self.name.eq_ignore_ascii_case(b"charset")
    }

    #[inline]
    fn same_name(&self, other: &Parameter<'_>) -> bool {
        crate::syntax::eq_ignore_case_short(self.name, other.name)
    }

    fn same_value(&self, other: &Parameter<'_>) -> bool {
        value_eq(self.value, other.value, self.is_charset())
    }
}

impl fmt::Debug for Parameter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Parameter<'_> {
    /// `name=value`, the name in lower case, the value as written. A quoted value may hold
    /// obs-text (bytes 0x80-0xFF, RFC 9110 §5.5); where those bytes are not UTF-8, text cannot
    /// carry them and each invalid sequence is written as U+FFFD: the only lossy case of
    /// conneg's `Display`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_lower(f, self.name)?;
        f.write_str("=")?;
        for chunk in self.value.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}

/// The parameters of a media type or range, in order.
#[derive(Clone)]
pub struct Parameters<'a>(Split<'a>);

impl<'a> Parameters<'a> {
    fn new(raw: &'a [u8]) -> Self {
        Parameters(Split::new(raw, b';'))
    }
}

impl<'a> Iterator for Parameters<'a> {
    type Item = Parameter<'a>;

    #[inline]
    fn next(&mut self) -> Option<Parameter<'a>> {
        // The slice was validated when parsed: every non-empty piece is `name=value` with a
        // token for a name, so the first `=` separates them (no second validation).
        self.0.find_map(|(_, piece)| {
            debug_assert!(parse_param(piece).is_some(), "unvalidated parameter");
            let eq = piece.iter().position(|&b| b == b'=')?;
            Some(Parameter {
                name: &piece[..eq],
                value: &piece[eq + 1..],
            })
        })
    }
}

/// The last parameter named `name`: a later duplicate overrides an earlier one.
fn last_named<'a>(params: &'a [u8], name: &[u8]) -> Option<Parameter<'a>> {
    Parameters::new(params)
        .filter(|p| p.name.eq_ignore_ascii_case(name))
        .last()
}

/// Parameters matched on the stack: each side's are read once into an array of this many
/// (registered media types have at most three); more go through [`params_match_long`].
const HELD: usize = 4;

/// The parameters of `raw`, if there are at most [`HELD`].
#[inline]
fn held(raw: &[u8]) -> Option<([Parameter<'_>; HELD], usize)> {
    let mut held = [Parameter {
        name: b"",
        value: b"",
    }; HELD];
    let mut n = 0;
    for p in Parameters::new(raw) {
        *held.get_mut(n)? = p;
        n += 1;
    }
    Some((held, n))
}

/// Whether every parameter of `range` is in `have` with an equal value (each name's last
/// occurrence counting on both sides), and if so how many distinct names `range` has.
///
/// Each side's parameters are read once; the comparisons are quadratic in their number,
/// which [`HELD`] bounds. Longer lists go through [`params_match_long`], linear in the
/// range's parameters for a given `have`: the work that grows with the header is one pass
/// per parameter of `have`, which the server controls.
fn params_match(range: &[u8], have: &[u8]) -> Option<u16> {
    if range.is_empty() {
        return Some(0);
    }
    // The same bytes on both sides (a client repeating the type a server publishes, as in
    // `text/html;level=1`) with one `=`, so one parameter: it matches, and counts once.
    if bytes_eq(range, have) {
        let mut signs = range.iter().filter(|&&b| b == b'=');
        if signs.next().is_some() && signs.next().is_none() {
            return Some(1);
        }
    }
    let (Some((r, nr)), Some((h, nh))) = (held(range), held(have)) else {
        return params_match_long(range, have);
    };
    let (r, h) = (&r[..nr], &h[..nh]);
    let mut distinct: u16 = 0;
    for (j, hp) in h.iter().enumerate() {
        if h[j + 1..].iter().any(|later| later.same_name(hp)) {
            continue;
        }
        if let Some(rp) = r.iter().rev().find(|rp| rp.same_name(hp)) {
            if !rp.same_value(hp) {
                return None;
            }
            distinct += 1;
        }
    }
    // Every name of the range must be one of `have`'s.
    let all_present = r.iter().all(|rp| h.iter().any(|hp| hp.same_name(rp)));
    all_present.then_some(distinct)
}

/// [`params_match`] for parameter lists longer than [`HELD`], reading them as it goes.
#[inline(never)]
fn params_match_long(range: &[u8], have: &[u8]) -> Option<u16> {
    let mut distinct: u16 = 0;
    for (j, h) in Parameters::new(have).enumerate() {
        if Parameters::new(have)
            .skip(j + 1)
            .any(|later| later.same_name(&h))
        {
            continue;
        }
        if let Some(r) = last_named(range, h.name) {
            if !r.same_value(&h) {
                return None;
            }
            distinct = distinct.saturating_add(1);
        }
    }
    // Every name of the range must be one of `have`'s.
    let all_present =
        Parameters::new(range).all(|r| Parameters::new(have).any(|h| h.same_name(&r)));
    all_present.then_some(distinct)
}

fn params_equal(a: &[u8], b: &[u8]) -> bool {
    // Identical bytes (most often: no parameters on either side) need no parsing.
    bytes_eq(a, b) || params_match(a, b).is_some() && params_match(b, a).is_some()
}

fn write_lower(f: &mut fmt::Formatter<'_>, token: &[u8]) -> fmt::Result {
    token
        .iter()
        .try_for_each(|&b| fmt::Write::write_char(f, char::from(b.to_ascii_lowercase())))
}

fn write_params(f: &mut fmt::Formatter<'_>, params: &[u8]) -> fmt::Result {
    Parameters::new(params).try_for_each(|p| write!(f, ";{p}"))
}

/// A media type a server has (RFC 9110 §8.3.1): `type/subtype` and parameters, borrowed, with
/// no wildcard and no weight.
///
/// ```
/// use conneg::MediaType;
///
/// let t = MediaType::parse("Text/HTML; charset=UTF-8")?;
/// assert_eq!((t.type_(), t.subtype()), ("Text", "HTML"));
/// assert_eq!(t, MediaType::parse("text/html;charset=\"utf-8\"")?);
/// assert_eq!(t.to_string(), "text/html;charset=UTF-8");
///
/// let err = MediaType::parse("text/*").unwrap_err();
/// assert_eq!(err.to_string(), "invalid media type: expected a subtype, not a wildcard at byte 5, found '*'");
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct MediaType<'a> {
    type_: &'a [u8],
    subtype: &'a [u8],
    params: &'a [u8],
}

impl<'a> MediaType<'a> {
    /// `text/html`.
    pub const TEXT_HTML: MediaType<'static> = MediaType::simple(b"text", b"html");
    /// `text/plain`.
    pub const TEXT_PLAIN: MediaType<'static> = MediaType::simple(b"text", b"plain");
    /// `text/markdown`.
    pub const TEXT_MARKDOWN: MediaType<'static> = MediaType::simple(b"text", b"markdown");
    /// `text/csv`.
    pub const TEXT_CSV: MediaType<'static> = MediaType::simple(b"text", b"csv");
    /// `application/json`.
    pub const APPLICATION_JSON: MediaType<'static> = MediaType::simple(b"application", b"json");
    /// `application/xml`.
    pub const APPLICATION_XML: MediaType<'static> = MediaType::simple(b"application", b"xml");
    /// `application/yaml` (RFC 9512).
    pub const APPLICATION_YAML: MediaType<'static> = MediaType::simple(b"application", b"yaml");
    /// `application/cbor` (RFC 8949).
    pub const APPLICATION_CBOR: MediaType<'static> = MediaType::simple(b"application", b"cbor");
    /// `application/msgpack`: MessagePack has no registered type; this is the name most
    /// servers and clients use (others: `application/vnd.msgpack`, `application/x-msgpack`).
    pub const APPLICATION_MSGPACK: MediaType<'static> =
        MediaType::simple(b"application", b"msgpack");
    /// `application/problem+json` (RFC 9457).
    pub const APPLICATION_PROBLEM_JSON: MediaType<'static> =
        MediaType::simple(b"application", b"problem+json");

    const fn simple(type_: &'static [u8], subtype: &'static [u8]) -> MediaType<'static> {
        MediaType {
            type_,
            subtype,
            params: b"",
        }
    }

    /// Parses a media type strictly: the whole input (OWS around it aside) must be one
    /// `media-type`, with no wildcard and no `q` parameter.
    pub fn parse(input: &'a str) -> Result<MediaType<'a>, Error> {
        let (type_, subtype, params) = parse_strict(input.as_bytes())?;
        Ok(MediaType {
            type_,
            subtype,
            params,
        })
    }

    /// The type, as written.
    pub fn type_(&self) -> &'a str {
        ascii_str(self.type_)
    }

    /// The subtype, as written.
    pub fn subtype(&self) -> &'a str {
        ascii_str(self.subtype)
    }

    /// The structured syntax suffix (RFC 6838 §4.2.8): `json` for `application/ld+json`.
    pub fn suffix(&self) -> Option<&'a str> {
        let plus = self.subtype.iter().rposition(|&b| b == b'+')?;
        Some(ascii_str(&self.subtype[plus + 1..]))
    }

    /// The parameters, in order.
    pub fn params(&self) -> Parameters<'a> {
        Parameters::new(self.params)
    }

    /// The parameter `name` (any case); the last one when it is repeated.
    pub fn param(&self, name: &str) -> Option<Parameter<'a>> {
        last_named(self.params, name.as_bytes())
    }

    /// Whether the type is `text`, whose `Content-Type` should name a charset.
    pub fn is_text(&self) -> bool {
        self.type_.eq_ignore_ascii_case(b"text")
    }
}

impl crate::negotiate::Value for MediaType<'_> {
    #[inline]
    fn is_copy_of(&self, other: &Self) -> bool {
        crate::syntax::same(self.type_, other.type_)
            && crate::syntax::same(self.subtype, other.subtype)
            && crate::syntax::same(self.params, other.params)
    }
}

impl PartialEq for MediaType<'_> {
    /// Type and subtype case-insensitively; the same parameters (see [`Parameter`]), in any
    /// order.
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        eq_ignore_case(self.type_, other.type_)
            && eq_ignore_case(self.subtype, other.subtype)
            && params_equal(self.params, other.params)
    }
}

impl Eq for MediaType<'_> {}

impl fmt::Display for MediaType<'_> {
    /// `type/subtype;name=value`: type, subtype and names in lower case, values as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_lower(f, self.type_)?;
        f.write_str("/")?;
        write_lower(f, self.subtype)?;
        write_params(f, self.params)
    }
}

impl fmt::Debug for MediaType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaType({self})")
    }
}

/// Type, subtype and the raw parameters.
type Parts<'a> = (&'a [u8], &'a [u8], &'a [u8]);

/// The strict `media-type` grammar, with positions for errors.
fn parse_strict(input: &[u8]) -> Result<Parts<'_>, Error> {
    let end = input.len() - input.iter().rev().take_while(|&&b| is_ows(b)).count();
    let b = &input[..end];
    let err = |pos, expected| Error::invalid(Subject::MediaType, b, pos, expected);
    let mut i = b.iter().take_while(|&&c| is_ows(c)).count();
    let n = token_end(&b[i..]);
    if n == 0 {
        return Err(err(i, "a type"));
    }
    let type_ = &b[i..i + n];
    if type_ == b"*" {
        return Err(err(i, "a type, not a wildcard"));
    }
    i += n;
    if b.get(i) != Some(&b'/') {
        return Err(err(i, "'/'"));
    }
    i += 1;
    let n = token_end(&b[i..]);
    if n == 0 {
        return Err(err(i, "a subtype"));
    }
    let subtype = &b[i..i + n];
    if subtype == b"*" {
        return Err(err(i, "a subtype, not a wildcard"));
    }
    i += n;
    let params_start = i;
    loop {
        i += b[i..].iter().take_while(|&&c| is_ows(c)).count();
        if i == end {
            break;
        }
        if b[i] != b';' {
            return Err(err(i, "';'"));
        }
        i += 1;
        i += b[i..].iter().take_while(|&&c| is_ows(c)).count();
        if i == end || b[i] == b';' {
            continue;
        }
        let n = token_end(&b[i..]);
        if n == 0 {
            return Err(err(i, "a parameter name"));
        }
        if b[i..i + n].eq_ignore_ascii_case(b"q") {
            return Err(err(i, "a parameter other than q, which is a weight"));
        }
        i += n;
        if b.get(i) != Some(&b'=') {
            return Err(err(i, "'='"));
        }
        i += 1;
        if b.get(i) == Some(&b'"') {
            let close = skip_quoted(b, i);
            if !is_quoted_string(&b[i..close]) {
                return Err(err(close, "a closed quoted-string"));
            }
            i = close;
        } else {
            let n = token_end(&b[i..]);
            if n == 0 {
                return Err(err(i, "a parameter value"));
            }
            i += n;
        }
    }
    Ok((type_, subtype, &b[params_start..end]))
}

/// One member of `Accept`: a media range with its parameters and weight, borrowed.
///
/// A range is `*/*`, `type/*` or `type/subtype`, with parameters that a media type must have
/// (with equal values) to match. The first `q` parameter, in any case, is the weight and ends
/// the range's parameters: what follows it is `accept-ext` and is ignored (RFC 9110 §12.5.1).
///
/// ```
/// use conneg::{Accept, MediaType};
///
/// let accept = Accept::parse("text/html;level=1;q=0.5;ext=ignored")?;
/// let range = accept.iter().next().unwrap();
/// assert_eq!(range.to_string(), "text/html;level=1;q=0.5");
/// assert!(range.matches(&MediaType::parse("text/html; level=1; charset=utf-8")?).is_some());
/// assert!(range.matches(&MediaType::parse("text/html")?).is_none());
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct MediaRange<'a> {
    /// The range up to its weight: `type/subtype;params`.
    text: &'a [u8],
    /// Where `/` is in `text`.
    slash: u32,
    /// Where the parameters start in `text` (the end of the subtype).
    head: u32,
    quality: Quality,
    /// The wildcard level, read once when parsed.
    level: MediaLevel,
}

impl<'a> MediaRange<'a> {
    // The offsets are within `text` by construction; `get` keeps even a broken invariant
    // from panicking.
    fn type_bytes(&self) -> &'a [u8] {
        self.text.get(..self.slash as usize).unwrap_or_default()
    }

    fn subtype_bytes(&self) -> &'a [u8] {
        self.text
            .get(self.slash as usize + 1..self.head as usize)
            .unwrap_or_default()
    }

    fn params_bytes(&self) -> &'a [u8] {
        self.text.get(self.head as usize..).unwrap_or_default()
    }

    /// The type, `*` for `*/*`.
    pub fn type_(&self) -> &'a str {
        ascii_str(self.type_bytes())
    }

    /// The subtype, `*` for `*/*` and `type/*`.
    pub fn subtype(&self) -> &'a str {
        ascii_str(self.subtype_bytes())
    }

    /// The parameters before the weight, in order.
    pub fn params(&self) -> Parameters<'a> {
        Parameters::new(self.params_bytes())
    }

    /// The weight (1 when absent).
    pub fn quality(&self) -> Quality {
        self.quality
    }

    /// The wildcard level.
    pub fn level(&self) -> MediaLevel {
        self.level
    }

    /// Whether this range matches `media_type`, and how specifically: type and subtype equal
    /// (case-insensitively) or wildcards, and every parameter of the range present in the
    /// media type with an equal value. A structured suffix does not match its base type:
    /// `application/json` does not match `application/ld+json`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn matches(&self, media_type: &MediaType<'_>) -> Option<MediaSpecificity> {
        self.judge::<false>(media_type)
    }

    /// [`matches`](Self::matches) in two parts: the decisions that need no bytes, from the
    /// offsets, always inlined into the selection loops (most ranges differ from an offer in
    /// the length of the type or subtype); the comparison of bytes, a call. Inlined whole,
    /// the compiler made every range's slices before the first offer (Chrome's `Accept`: 9%
    /// more instructions, measured with callgrind). With `ANY`, `*/*` without parameters
    /// matches at once: worth it for a header of that one range, where it saves a call per
    /// offer; in the general loop the extra test made the compiler stop inlining the loop's
    /// step.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn judge<const ANY: bool>(&self, media_type: &MediaType<'_>) -> Option<MediaSpecificity> {
        let level = self.level;
        if level == MediaLevel::Exact
            && (self.slash as usize != media_type.type_.len()
                || self.head.wrapping_sub(self.slash) as usize != media_type.subtype.len() + 1)
        {
            return None;
        }
        if ANY && level == MediaLevel::AnyType && self.head as usize >= self.text.len() {
            return Some(MediaSpecificity {
                level,
                parameters: 0,
            });
        }
        // The parts in registers: a range passed by reference must be written out first, for
        // every range tried, where most need no call.
        Self::matches_bytes(self.text, (self.slash, self.head), level, media_type)
    }

    /// [`matches`](Self::matches) from the bytes of the range `text`, whose `/` and end of
    /// subtype are at `offsets`.
    #[inline(never)]
    fn matches_bytes(
        text: &[u8],
        (slash, head): (u32, u32),
        level: MediaLevel,
        media_type: &MediaType<'_>,
    ) -> Option<MediaSpecificity> {
        // Its weight plays no part here.
        let range = MediaRange {
            text,
            slash,
            head,
            quality: Quality::ZERO,
            level,
        };
        if !names_match(level, range.type_bytes(), range.subtype_bytes(), media_type) {
            return None;
        }
        let parameters = if head as usize >= text.len() {
            0
        } else {
            params_match(range.params_bytes(), media_type.params)?
        };
        Some(MediaSpecificity { level, parameters })
    }
}

/// A media range's [`Member::extra`]: where its subtype ends (`head`), and where `/` is
/// (`slash`, a type of at most 63 bytes, where every registered one has at most 11) with the
/// wildcard level in one byte.
#[inline]
fn packed_head(slash: usize, head: usize, level: MediaLevel) -> Option<(u16, u8)> {
    let head = u16::try_from(head).ok()?;
    let slash = u8::try_from(slash).ok().filter(|&s| s < 64)?;
    Some((head, slash | (level as u8) << 6))
}

/// The wildcard level of the range `type_/subtype`.
#[inline]
fn level_of(type_: &[u8], subtype: &[u8]) -> MediaLevel {
    if type_ == b"*" {
        MediaLevel::AnyType
    } else if subtype == b"*" {
        MediaLevel::AnySubtype
    } else {
        MediaLevel::Exact
    }
}

/// Whether the range `type_/subtype` of wildcard level `level` names `media_type`, its
/// parameters aside: type and subtype equal (case-insensitively) or wildcards.
#[allow(clippy::inline_always)]
#[inline(always)]
fn names_match(
    level: MediaLevel,
    type_: &[u8],
    subtype: &[u8],
    media_type: &MediaType<'_>,
) -> bool {
    match level {
        MediaLevel::AnyType => true,
        MediaLevel::AnySubtype => eq_ignore_case(type_, media_type.type_),
        // Lengths first: most ranges differ from an offer in one of them.
        MediaLevel::Exact => {
            type_.len() == media_type.type_.len()
                && subtype.len() == media_type.subtype.len()
                && eq_ignore_case(subtype, media_type.subtype)
                && eq_ignore_case(type_, media_type.type_)
        }
    }
}

impl PartialEq for MediaRange<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.quality == other.quality
            && self.type_bytes().eq_ignore_ascii_case(other.type_bytes())
            && self
                .subtype_bytes()
                .eq_ignore_ascii_case(other.subtype_bytes())
            && params_equal(self.params_bytes(), other.params_bytes())
    }
}

impl Eq for MediaRange<'_> {}

impl fmt::Display for MediaRange<'_> {
    /// `type/subtype;name=value;q=0.5`, the weight left out when it is 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_lower(f, self.type_bytes())?;
        f.write_str("/")?;
        write_lower(f, self.subtype_bytes())?;
        write_params(f, self.params_bytes())?;
        if self.quality != Quality::ONE {
            write!(f, ";q={}", self.quality)?;
        }
        Ok(())
    }
}

impl fmt::Debug for MediaRange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaRange({self})")
    }
}

impl<'a> Member<'a> for MediaRange<'a> {
    const FIELD: Field = Field::Accept;
    const PARAMETERS: bool = true;

    /// `type/subtype`, `type/*` or `*/*`; `text`, `/`, `*/json` and a bare `*` are invalid.
    #[inline]
    fn head(line: &'a [u8], start: usize, _: &Limits) -> Head<'a> {
        let slash = start + token_end(&line[start..]);
        if slash == start || line.get(slash) != Some(&b'/') {
            return Head::invalid(slash);
        }
        let end = slash + 1 + token_end(&line[slash + 1..]);
        let (type_, subtype) = (&line[start..slash], &line[slash + 1..end]);
        if subtype.is_empty() || type_ == b"*" && subtype != b"*" {
            return Head::invalid(end);
        }
        Head::valid(end, (type_, subtype))
    }

    #[inline]
    fn new(
        line: &'a [u8],
        start: usize,
        (type_, subtype): (&'a [u8], &'a [u8]),
        params_end: usize,
        quality: Quality,
    ) -> Option<Self> {
        let text = line.get(start..params_end)?;
        let slash = u32::try_from(type_.len()).ok()?;
        let head = u32::try_from(type_.len() + 1 + subtype.len()).ok()?;
        u32::try_from(text.len()).ok()?;
        let level = level_of(type_, subtype);
        Some(MediaRange {
            text,
            slash,
            head,
            quality,
            level,
        })
    }

    fn quality(&self) -> Quality {
        self.quality
    }

    #[inline]
    fn text(&self) -> &'a [u8] {
        self.text
    }

    /// See [`packed_head`].
    #[inline]
    fn extra(&self) -> Option<(u16, u8)> {
        packed_head(self.slash as usize, self.head as usize, self.level)
    }

    #[inline]
    fn extra_of_head((type_, subtype): (&'a [u8], &'a [u8])) -> Option<(u16, u8)> {
        let slash = type_.len();
        packed_head(slash, slash + 1 + subtype.len(), level_of(type_, subtype))
    }

    const COMMON: Option<Whole> = Some(Whole {
        text: b"*/*",
        head: (b"*", b"*"),
    });

    #[inline]
    fn unpack(text: &'a [u8], quality: Quality, (head, tag): (u16, u8)) -> Self {
        const LEVELS: [MediaLevel; 4] = [
            MediaLevel::AnyType,
            MediaLevel::AnySubtype,
            MediaLevel::Exact,
            MediaLevel::Exact,
        ];
        let level = LEVELS[usize::from(tag >> 6)];
        MediaRange {
            text,
            slash: u32::from(tag & 63),
            head: u32::from(head),
            quality,
            level,
        }
    }
}

/// How `Accept` judged a media type: see [`Match`].
pub type MediaMatch<'a> = Match<MediaRange<'a>, MediaSpecificity>;

list_header! {
    /// The `Accept` request header (RFC 9110 §12.5.1): the media ranges a client accepts.
    ///
    /// ```text
    /// Accept = #( media-range [ weight ] )
    /// ```
    ///
    /// Parsing borrows the header and never allocates. Members that break the grammar
    /// (`text`, `/`, `*/json`, a bare `*`, a space inside a range, a weight like `q=abc`) are
    /// skipped and the others still count; a header with no valid member
    /// [`is_empty`](Accept::is_empty), which a negotiation treats like an empty header.
    ///
    /// For each media type, the most specific matching range decides its weight
    /// (`type/subtype;params` with more parameters > `type/subtype` > `type/*` > `*/*`), so
    /// `text/html;q=0, */*` refuses HTML and accepts everything else, and
    /// `text/html;q=0.1, */*` ranks HTML below everything else.
    ///
    /// ```
    /// use conneg::{Accept, MediaType};
    ///
    /// let chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    /// let accept = Accept::parse(chrome)?;
    /// let offers = [MediaType::APPLICATION_JSON, MediaType::TEXT_HTML];
    /// let (index, m) = accept.best(&offers).unwrap();
    /// assert_eq!(index, 1);
    /// assert_eq!(m.quality.to_string(), "1");
    /// assert_eq!(accept.quality_of(&offers[0]).to_string(), "0.8");
    /// # Ok::<(), conneg::Error>(())
    /// ```
    Accept, MediaRanges, MediaRange, MediaType, MediaMatch
}

impl<'a> Accept<'a> {
    /// How the header judges `media_type`: the most specific matching range, the highest
    /// weight among equally specific ones, the first among those. `None` when no range
    /// matches (not acceptable); a match with weight 0 is a refusal.
    #[inline]
    pub fn match_of(&self, media_type: &MediaType<'_>) -> Option<MediaMatch<'a>> {
        matching::best_for(&self.0, media_type, |r, t| r.matches(t))
    }

    /// [`match_of`](Self::match_of) without the member: specificity, weight and position.
    #[inline]
    pub(crate) fn decider_of(
        &self,
        media_type: &MediaType<'_>,
    ) -> Option<(crate::matching::MediaSpecificity, Quality, usize)> {
        matching::decider(&self.0, media_type, |r, t| r.matches(t))
    }

    /// The weight the header gives `media_type`: 0 when refused or not matched.
    pub fn quality_of(&self, media_type: &MediaType<'_>) -> Quality {
        self.match_of(media_type)
            .map_or(Quality::ZERO, |m| m.quality)
    }

    /// The acceptable media type the client prefers, with its index in `offers`: the
    /// highest weight; then the more specific match; then the range earlier in the client's
    /// list; then the earlier offer. `None` when none is acceptable. One pass over the
    /// header's members per eight offers; no allocation.
    pub fn best(&self, offers: &[MediaType<'_>]) -> Option<(usize, MediaMatch<'a>)> {
        // One range (`*/*`, `application/json`: the commonest headers) has its own loop. The
        // branch is here rather than in `choose`: there it made the compiler lay out the
        // general loop worse (9% more instructions on a 30-range header, measured).
        if self.0.len() == 1 {
            if self.0.is_common() {
                return first_offer(self.0.get(0)?, offers, |_| true);
            }
            return matching::choose_one(&self.0, offers, |r, t| r.judge::<true>(t));
        }
        matching::choose_wanted(
            &self.0,
            offers,
            |r, t| r.matches(t),
            |(type_, subtype), t| names_match(level_of(type_, subtype), type_, subtype, t),
        )
    }

    /// [`parse_with`](Self::parse_with) then [`best`](Self::best), in one pass over the
    /// header that keeps nothing but the choice: see [`choose`](Self::choose).
    ///
    /// ```
    /// use conneg::{Accept, Limits, MediaType};
    ///
    /// let offers = [MediaType::parse("application/json")?, MediaType::parse("text/html")?];
    /// let value = "text/html;q=0.9, application/json;q=0.5, */*;q=0.1";
    /// let (index, m) = Accept::choose_with(value, &Limits::DEFAULT, &offers)?.unwrap();
    /// assert_eq!((index, m.quality.to_string()), (1, "0.9".to_owned()));
    /// assert_eq!(Some((index, m)), Accept::parse(value)?.best(&offers));
    /// # Ok::<(), conneg::Error>(())
    /// ```
    pub fn choose_with(
        value: impl Into<crate::FieldValue<'a>>,
        limits: &Limits,
        offers: &[MediaType<'_>],
    ) -> Result<Option<(usize, MediaMatch<'a>)>, Error> {
        choose_by(value.into(), limits, offers, |t| Some(t))
    }
}

/// [`Accept::choose_with`] on offers that hold a media type, read by `media_type` (an offer
/// without one matches nothing): the media types themselves, or the variants of a
/// [`Resource`](crate::Resource).
#[inline]
pub(crate) fn choose_by<'a, O>(
    value: crate::FieldValue<'a>,
    limits: &Limits,
    offers: &[O],
    media_type: impl Fn(&O) -> Option<&MediaType<'_>>,
) -> Result<Option<(usize, MediaMatch<'a>)>, Error> {
    if let Some(member) = crate::list::common_member(&value, limits) {
        return Ok(first_offer(member, offers, |o| media_type(o).is_some()));
    }
    let test = |r: &MediaRange<'a>, offer: &O| media_type(offer).and_then(|t| r.matches(t));
    if let Some(member) = crate::list::sole_member(&value, limits) {
        return Ok(matching::choose_member(member, offers, test));
    }
    matching::parse_and_choose(value, limits, offers, test, |_, _| None)
}

/// The choice of a header that is `*/*` alone, a quarter of real requests: every offer that
/// `typed` (has a media type) matches it alike (weight 1, any type, position 0), so the
/// server's order decides.
#[inline]
fn first_offer<'a, O>(
    member: MediaRange<'a>,
    offers: &[O],
    typed: impl Fn(&O) -> bool,
) -> Option<(usize, MediaMatch<'a>)> {
    let specificity = MediaSpecificity {
        level: MediaLevel::AnyType,
        parameters: 0,
    };
    offers.iter().position(typed).map(|index| {
        let (quality, position) = (member.quality, 0);
        (
            index,
            Match {
                member,
                quality,
                specificity,
                position,
            },
        )
    })
}

#[cfg(test)]
mod tests;
