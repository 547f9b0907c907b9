//! The list machinery every `Accept-*` header shares: field values made of one or more field
//! lines, the cap checks, and the iteration over valid members.
//!
//! A header is read once, linearly and without allocating, to enforce the [`Limits`], count
//! its valid members and keep the first [`KEPT`] of them inline, each packed in a [`Slot`] of
//! 10 bytes (where it is in the field value, its weight, and what its parse found). Matching
//! goes over the kept members; the members of a longer header after those are read again from
//! the bytes, so a parsed header has a fixed size whatever its length: 112 bytes, which the
//! compiler moves with a few vector stores rather than a call to `memcpy`.

use core::fmt;
use core::marker::PhantomData;

use crate::error::{Error, Field};
use crate::limits::Limits;
use crate::quality::{Quality, Weight, parse_weight};
use crate::syntax::{is_ows, is_quoted_string, skip_quoted, token_end, trim_ows};

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

#[cfg(feature = "alloc")]
impl<'a> From<&'a alloc::string::String> for FieldValue<'a> {
    /// ```
    /// let header = String::from("text/html, */*;q=0.1");
    /// assert_eq!(conneg::Accept::parse(&header)?.len(), 2);
    /// # Ok::<(), conneg::Error>(())
    /// ```
    fn from(value: &'a alloc::string::String) -> Self {
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

/// What the head of a member (the range or name before any `;`) read as.
#[derive(Clone, Copy)]
pub(crate) struct Head<'a> {
    /// The index just past the head.
    pub(crate) end: usize,
    /// The head when it is valid: (type, subtype) for a media range, (name, empty) otherwise.
    pub(crate) value: Option<(&'a [u8], &'a [u8])>,
    /// Whether a language range has more subtags than the limit.
    pub(crate) too_many_subtags: bool,
}

impl<'a> Head<'a> {
    pub(crate) const fn invalid(end: usize) -> Self {
        Head {
            end,
            value: None,
            too_many_subtags: false,
        }
    }

    pub(crate) const fn valid(end: usize, value: (&'a [u8], &'a [u8])) -> Self {
        Head {
            end,
            value: Some(value),
            too_many_subtags: false,
        }
    }
}

/// What reading one member gave.
pub(crate) enum Parsed<M> {
    Valid(M),
    /// Breaks the grammar: ignored.
    Invalid,
    TooManyParameters,
    TooManySubtags,
}

/// A member of a list header: how its head reads, and how it is built.
pub(crate) trait Member<'a>: Sized + Copy {
    /// The header whose members these are.
    const FIELD: Field;

    /// Whether parameters other than the weight may come before it (media ranges only:
    /// `Accept-Language`, `-Charset`, `-Encoding` and `A-IM` allow only a weight).
    const PARAMETERS: bool;

    /// Reads the head that starts at `line[start]`, a byte that is neither OWS nor `,`.
    fn head(line: &'a [u8], start: usize, limits: &Limits) -> Head<'a>;

    /// The member from its valid head, the end of its parameters (before the weight) and its
    /// weight; `line[start..params_end]` is the member up to its weight. `None` when the
    /// member cannot be represented (a media range longer than 4 GiB).
    fn new(
        line: &'a [u8],
        start: usize,
        head: (&'a [u8], &'a [u8]),
        params_end: usize,
        quality: Quality,
    ) -> Option<Self>;

    /// The member's weight.
    fn quality(&self) -> Quality;

    /// The member's text up to its weight, which starts where the member does: a [`Slot`]
    /// keeps its length.
    fn text(&self) -> &'a [u8];

    /// What else a [`Slot`] must keep to give the member back (a media range: where its
    /// subtype ends, where `/` is and its wildcard level); `None` when that does not fit.
    #[inline]
    fn extra(&self) -> Option<(u16, u8)> {
        Some((0, 0))
    }

    /// [`Member::extra`] of the member whose valid head is `head` and that has no
    /// parameters, computed from the head alone (for [`Slot::quick`]).
    #[inline]
    fn extra_of_head(_head: (&'a [u8], &'a [u8])) -> Option<(u16, u8)> {
        Some((0, 0))
    }

    /// The member from its text, weight and [`Member::extra`].
    fn unpack(text: &'a [u8], quality: Quality, extra: (u16, u8)) -> Self;

    /// A field value common enough in real traffic to be recognized whole, with its head: a
    /// header of exactly these bytes is packed into its one slot without being read
    /// ([`List::parse`]). `Accept: */*` is a quarter of the requests of the corpus (curl,
    /// HTTP libraries, crawlers).
    const COMMON: Option<Whole> = None;
}

/// A whole field value of one member ([`Member::COMMON`]): its bytes and its head.
pub(crate) struct Whole {
    pub(crate) text: &'static [u8],
    pub(crate) head: (&'static [u8], &'static [u8]),
}

/// A kept member, packed: its field line, where it starts there, the length of its text, its
/// weight and what [`Member::extra`] gave. 10 bytes, against 24 to 32 for the member itself,
/// so that a parsed list fits in 112 bytes.
#[derive(Clone, Copy)]
pub(crate) struct Slot {
    start: u16,
    len: u16,
    extra: u16,
    quality: Quality,
    tag: u8,
    line: u8,
}

impl Slot {
    const EMPTY: Slot = Slot {
        start: 0,
        len: 0,
        extra: 0,
        quality: Quality::ZERO,
        tag: 0,
        line: 0,
    };

    /// Whether every member of `value` has a [`Slot`]: at most 64 KiB in at most 256 field
    /// lines (a header within the default [`Limits`] always is), so that positions and
    /// lengths fit in 16 bits and line numbers in 8. The members of a larger value are all
    /// read again from the bytes when matched.
    fn fits(value: &FieldValue<'_>, len: usize) -> bool {
        u16::try_from(len).is_ok() && value.lines() <= 256
    }

    /// `member`, which starts at `start` in field line `line` of a value that
    /// [`fits`](Slot::fits); `None` when [`Member::extra`] does not fit.
    // The casts cannot truncate: `fits` bounds every position and length by the value's.
    #[allow(clippy::cast_possible_truncation)]
    #[inline]
    fn pack<'a, M: Member<'a>>(member: &M, line: usize, start: usize) -> Option<Slot> {
        let (extra, tag) = member.extra()?;
        Some(Slot {
            start: start as u16,
            len: member.text().len() as u16,
            extra,
            quality: member.quality(),
            tag,
            line: line as u8,
        })
    }

    /// The commonest member, read straight into a slot: a valid head followed by the end of
    /// the member, or by a weight that ends it (`text/html,`, `en;q=0.8`), with no OWS,
    /// parameter or `accept-ext`. `None` for any other member, which [`read_member`] reads;
    /// the slot and the member's end are what [`read_member`] and [`Slot::pack`] would give.
    /// The value the line is in must [`fit`](Slot::fits).
    // The casts cannot truncate: `fits` bounds every position and length by the value's.
    // Always inlined: the compiler put it out of line once the weight's own quick read was
    // added, which cost `*/*` 71 instructions and Chrome's header 340 (measured).
    #[allow(clippy::cast_possible_truncation, clippy::inline_always)]
    #[inline(always)]
    fn quick<'a, M: Member<'a>>(
        line: &'a [u8],
        index: usize,
        start: usize,
        head: Head<'a>,
        limits: &Limits,
    ) -> Option<(Slot, usize)> {
        let value = head.value?;
        let (quality, end) = match line.get(head.end) {
            None | Some(b',') => (Quality::ONE, head.end),
            // The weight counts as a parameter.
            Some(b';')
                if limits.max_parameters > 0
                    && line.get(head.end + 1).is_some_and(|&b| b | 0x20 == b'q')
                    && line.get(head.end + 2) == Some(&b'=') =>
            {
                let from = head.end + 3;
                match closing_tenths(line, from) {
                    Some(weight) => weight,
                    None => closing_weight(line, from)?,
                }
            }
            Some(_) => return None,
        };
        let (extra, tag) = M::extra_of_head(value)?;
        let slot = Slot {
            start: start as u16,
            len: (head.end - start) as u16,
            extra,
            quality,
            tag,
            line: index as u8,
        };
        Some((slot, end))
    }

    /// The slot of a value that is [`Member::COMMON`] and of one field line: what the
    /// general path gives for it (a member without weight or parameters, so no limit but the
    /// count of members applies, and the length, checked before).
    #[inline]
    fn common<'a, M: Member<'a>>(value: &FieldValue<'a>, limits: &Limits) -> Option<Slot> {
        let Whole { text, head } = M::COMMON?;
        match value.0 {
            // Its head is the whole line: the quick path packs it, without reading it.
            Lines::One(line) if line == text && limits.max_members > 0 => {
                let head = Head::valid(line.len(), head);
                Slot::quick::<M>(line, 0, 0, head, limits).map(|(slot, _)| slot)
            }
            _ => None,
        }
    }

    /// The member, from the field line it is in.
    #[inline]
    pub(crate) fn unpack<'a, M: Member<'a>>(&self, line: &'a [u8]) -> M {
        let start = usize::from(self.start);
        // Within the line by construction; `get` keeps even a broken invariant from panicking.
        let text = line
            .get(start..start + usize::from(self.len))
            .unwrap_or_default();
        M::unpack(text, self.quality, (self.extra, self.tag))
    }
}

#[inline]
fn skip_ows(line: &[u8], mut i: usize) -> usize {
    while i < line.len() && is_ows(line[i]) {
        i += 1;
    }
    i
}

/// Skips to the end of the member that `line[i]` is in (its `,`, or the end of the line),
/// counting the non-empty parameters that start after the next `;`. A `"` right after `=`
/// opens a quoted-string, whose `,` and `;` are literal; a `"` anywhere else is an ordinary
/// byte.
fn skip_member(line: &[u8], mut i: usize) -> (usize, usize) {
    let mut pieces = 0;
    let mut in_parameter = false;
    let mut content = false;
    while i < line.len() {
        match line[i] {
            b',' => break,
            b';' => {
                pieces += usize::from(in_parameter && content);
                in_parameter = true;
                content = false;
            }
            b'"' if i > 0 && line[i - 1] == b'=' => {
                i = skip_quoted(line, i);
                content = true;
                continue;
            }
            b => content |= !is_ows(b),
        }
        i += 1;
    }
    (i, pieces + usize::from(in_parameter && content))
}

/// The commonest weight, `0.8` (browsers send tenths), at `line[from]` and ending the member
/// (the line or a `,` follows): its value and its end.
// Always inlined: it is the quick slot path's weight (a call there cost `Accept-Language` about
// 100 instructions, measured).
#[allow(clippy::inline_always)]
#[inline(always)]
fn closing_tenths(line: &[u8], from: usize) -> Option<(Quality, usize)> {
    match line.get(from..from + 3) {
        Some(&[b'0', b'.', tenths])
            if tenths.is_ascii_digit() && line.get(from + 3).is_none_or(|&b| b == b',') =>
        {
            Some((Quality::tenths(tenths - b'0'), from + 3))
        }
        _ => None,
    }
}

/// A weight of at most five digits and dots at `line[from]` that ends the member (the line
/// or a `,` follows): its value and its end. `None` for anything else, which the general
/// path reads (OWS, `accept-ext`, an invalid number).
#[inline]
fn closing_weight(line: &[u8], from: usize) -> Option<(Quality, usize)> {
    if let Some(weight) = closing_tenths(line, from) {
        return Some(weight);
    }
    let rest = line.get(from..)?;
    let mut n = 0;
    while let Some(&b) = rest.get(n) {
        if b == b',' {
            break;
        }
        if n == 5 || !(b.is_ascii_digit() || b == b'.') {
            return None;
        }
        n += 1;
    }
    match parse_weight(&rest[..n]) {
        Weight::Given(q) => Some((q, from + n)),
        Weight::Empty | Weight::Invalid => None,
    }
}

/// Reads the member that starts at `line[start]` (neither OWS nor `,`), in one forward pass:
///
/// ```text
/// member     = head *( OWS ";" OWS [ parameter ] ) [ weight *( accept-ext ) ]
/// parameter  = token "=" ( token / quoted-string )     ; only where M::PARAMETERS
/// weight     = OWS ";" OWS "q=" qvalue                  ; "q" in any case
/// ```
///
/// Returns what the member parsed to and the index where it ends (its `,` or the end of the
/// line). An invalid member is skipped to its end; the parameters of every member, valid or
/// not, count against `max_parameters`.
#[inline]
pub(crate) fn read_member<'a, M: Member<'a>>(
    line: &'a [u8],
    start: usize,
    limits: &Limits,
) -> (Parsed<M>, usize) {
    read_after_head(line, start, M::head(line, start, limits), limits)
}

/// [`read_member`] once the head is read.
// Always inlined: called from the parse of a list and from the one-pass choice, it was made a
// call, which cost Chrome's header 270 instructions (measured).
#[allow(clippy::inline_always)]
#[inline(always)]
fn read_after_head<'a, M: Member<'a>>(
    line: &'a [u8],
    start: usize,
    head: Head<'a>,
    limits: &Limits,
) -> (Parsed<M>, usize) {
    if head.too_many_subtags {
        return (Parsed::TooManySubtags, skip_member(line, head.end).0);
    }
    let mut i = head.end;
    let mut count = 0;
    // The rest of an invalid member is skipped, its parameters still counted.
    let invalid = |at: usize, count: usize| {
        let (end, more) = skip_member(line, at);
        let parsed = if count + more > limits.max_parameters {
            Parsed::TooManyParameters
        } else {
            Parsed::Invalid
        };
        (parsed, end)
    };
    let Some(value) = head.value else {
        return invalid(i, count);
    };
    let mut params_end = i;
    let mut quality = Quality::ONE;
    loop {
        i = skip_ows(line, i);
        match line.get(i) {
            None | Some(b',') => break,
            Some(b';') => i = skip_ows(line, i + 1),
            Some(_) => return invalid(i, count),
        }
        match line.get(i) {
            None | Some(b',') => break,
            Some(b';') => continue,
            Some(_) => {}
        }
        count += 1;
        if count > limits.max_parameters {
            return (Parsed::TooManyParameters, skip_member(line, i).0);
        }
        if line[i] | 0x20 == b'q' && line.get(i + 1) == Some(&b'=') {
            let from = i + 2;
            // The common case, a short number that ends the member (`q=0.8,`), read in place.
            if let Some((q, end)) = closing_weight(line, from) {
                quality = q;
                i = end;
                break;
            }
            // The weight runs to the next `;` or `,`: anything but OWS after the number
            // (`q=0.5 x`) makes it, and the member, invalid.
            let to = from
                + line[from..]
                    .iter()
                    .position(|&b| b == b',' || b == b';')
                    .unwrap_or(line.len() - from);
            match parse_weight(trim_ows(&line[from..to])) {
                Weight::Given(q) => quality = q,
                Weight::Empty => {}
                Weight::Invalid => return invalid(from, count),
            }
            // What follows the weight is `accept-ext`: ignored, but counted.
            let (end, more) = skip_member(line, to);
            if count + more > limits.max_parameters {
                return (Parsed::TooManyParameters, end);
            }
            i = end;
            break;
        }
        if !M::PARAMETERS {
            return invalid(i, count);
        }
        let name = token_end(&line[i..]);
        if name == 0 || line.get(i + name) != Some(&b'=') {
            return invalid(i, count);
        }
        i += name + 1;
        if line.get(i) == Some(&b'"') {
            let close = skip_quoted(line, i);
            if !is_quoted_string(&line[i..close]) {
                return invalid(close, count);
            }
            i = close;
        } else {
            let n = token_end(&line[i..]);
            if n == 0 {
                return invalid(i, count);
            }
            i += n;
        }
        params_end = i;
    }
    (
        M::new(line, start, value, params_end, quality).map_or(Parsed::Invalid, Parsed::Valid),
        i,
    )
}

/// A member of a clean list as a pass that skips the unwanted ones read it.
enum Read<M> {
    /// Read through: its head was wanted.
    Member(M),
    /// Skipped to its end.
    Skipped,
}

/// The members of a list, across its field lines: each with its offset in the whole value,
/// as it parsed.
#[derive(Clone)]
pub(crate) struct RawMembers<'a, M> {
    value: FieldValue<'a>,
    limits: Limits,
    line: &'a [u8],
    index: usize,
    pos: usize,
    base: usize,
    member: PhantomData<M>,
}

/// A place in a field value: a line, a position in it, and the length of the lines before.
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    index: usize,
    pos: usize,
    base: usize,
}

impl<'a, M: Member<'a>> RawMembers<'a, M> {
    fn new(value: FieldValue<'a>, limits: Limits) -> Self {
        Self::resume(value, limits, Cursor::default())
    }

    fn resume(value: FieldValue<'a>, limits: Limits, at: Cursor) -> Self {
        let line = value.line(at.index).unwrap_or_default();
        let Cursor { index, pos, base } = at;
        RawMembers {
            value,
            limits,
            line,
            index,
            pos,
            base,
            member: PhantomData,
        }
    }
}

impl<'a, M: Member<'a>> RawMembers<'a, M> {
    /// Where the next member starts in the current line (which may be a later one after the
    /// call), past OWS and empty elements; `None` at the end of the value.
    // Always inlined: it is the head of every member's loop (1% more instructions on the
    // 30-range header otherwise, measured).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn next_start(&mut self) -> Option<usize> {
        loop {
            let line = self.line;
            while self.pos < line.len() && (is_ows(line[self.pos]) || line[self.pos] == b',') {
                self.pos += 1;
            }
            if self.pos < line.len() {
                return Some(self.pos);
            }
            self.base += line.len();
            self.index += 1;
            self.line = self.value.line(self.index)?;
            self.pos = 0;
        }
    }

    /// The next member: its offset in the whole value, where it starts in its line (which is
    /// line `self.index` after the call), and how it parsed.
    #[inline]
    fn next_at(&mut self) -> Option<(usize, usize, Parsed<M>)> {
        let start = self.next_start()?;
        let (parsed, end) = read_member(self.line, start, &self.limits);
        self.pos = end;
        Some((self.base + start, start, parsed))
    }

    /// The next member of a list whose members are all valid, read through only when
    /// `wanted` accepts its head; otherwise skipped to its end.
    #[inline]
    fn next_wanted(&mut self, wanted: &impl Fn((&'a [u8], &'a [u8])) -> bool) -> Option<Read<M>> {
        let start = self.next_start()?;
        let line = self.line;
        let head = M::head(line, start, &self.limits);
        if head.value.is_some_and(|v| !wanted(v)) {
            self.pos = skip_member(line, head.end).0;
            return Some(Read::Skipped);
        }
        let (parsed, end) = read_after_head(line, start, head, &self.limits);
        self.pos = end;
        // An invalid member cannot be here (the caller's condition); were one, it would count
        // as a skipped one and the positions after it would be one too high, but nothing would
        // panic.
        Some(match parsed {
            Parsed::Valid(m) => Read::Member(m),
            _ => Read::Skipped,
        })
    }

    /// The next valid member.
    #[inline]
    fn next_valid(&mut self) -> Option<M> {
        loop {
            if let (_, _, Parsed::Valid(m)) = self.next_at()? {
                return Some(m);
            }
        }
    }
}

impl<'a, M: Member<'a>> Iterator for RawMembers<'a, M> {
    type Item = (usize, Parsed<M>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.next_at().map(|(offset, _, parsed)| (offset, parsed))
    }
}

/// How many valid members a parsed header keeps, so that matching does not read the bytes
/// again. Real headers have fewer (the longest `Accept` of the corpus has 9); the members of a
/// longer header after these are read again from the bytes when needed.
pub(crate) const KEPT: usize = 8;

/// A parsed list header: the borrowed value, the count of valid members, whether every
/// member is valid, and the first [`KEPT`] of them (fewer when one of those is too long for a
/// [`Slot`]: it and the members after it are read again from the bytes).
#[derive(Clone, Copy)]
pub(crate) struct List<'a, M> {
    value: FieldValue<'a>,
    valid: u32,
    kept: u8,
    /// No member was invalid (empty ones, `,,`, are not members): a member's position is
    /// then its index among all members, so a pass may skip one without reading it through.
    clean: bool,
    slots: [Slot; KEPT],
    member: PhantomData<M>,
}

/// What [`read_list`] does with each valid member of a header, in order.
pub(crate) trait Sink<'a, M> {
    /// Called first: whether the value [`fits`](Slot::fits) (only then may its members have
    /// slots).
    fn start(&mut self, fits: bool);

    /// Whether the next member may be read straight into a slot ([`Slot::quick`]); only for a
    /// value that [`fits`](Slot::fits).
    fn quick(&self) -> bool;

    /// A member read straight into `slot`; `line` is the field line it is in.
    fn slot(&mut self, slot: Slot, line: &'a [u8]);

    /// A member read the general way: it starts at `start` in field line `index`.
    fn member(&mut self, member: M, index: usize, start: usize);
}

/// Reads a header's value once, linearly, enforcing the [`Limits`], and hands each valid
/// member to `sink`. Returns the count of valid members, and whether no member was invalid.
// Always inlined: with two sinks the compiler made it a call, which cost `application/json`
// 90 instructions and Chrome's header 250 in `List::parse` (measured).
#[allow(clippy::inline_always)]
#[inline(always)]
pub(crate) fn read_list<'a, M: Member<'a>>(
    value: FieldValue<'a>,
    limits: &Limits,
    sink: &mut impl Sink<'a, M>,
) -> Result<(u32, bool), Error> {
    let len = value.len();
    if len > limits.max_bytes {
        return Err(Error::TooLong {
            field: M::FIELD,
            len,
            limit: limits.max_bytes,
        });
    }
    sink.start(Slot::fits(&value, len));
    if let Some(slot) = Slot::common::<M>(&value, limits) {
        sink.slot(slot, value.line(0).unwrap_or_default());
        return Ok((1, true));
    }
    // The count is kept in 32 bits: a header of more members than that (4 GiB of commas
    // at the least) is refused as too many.
    let max_members = limits.max_members.min(u32::MAX as usize);
    let mut members = RawMembers::<M>::new(value, *limits);
    let (mut count, mut valid, mut clean) = (0, 0, true);
    while let Some(start) = members.next_start() {
        let position = members.base + start;
        if count >= max_members {
            return Err(Error::TooManyMembers {
                field: M::FIELD,
                limit: max_members,
                position,
            });
        }
        count += 1;
        let line = members.line;
        let head = M::head(line, start, limits);
        if sink.quick() {
            if let Some((slot, end)) = Slot::quick::<M>(line, members.index, start, head, limits) {
                sink.slot(slot, line);
                valid += 1;
                members.pos = end;
                continue;
            }
        }
        let (parsed, end) = read_after_head::<M>(line, start, head, limits);
        members.pos = end;
        match parsed {
            Parsed::Valid(member) => {
                // The iterator's line is the member's.
                sink.member(member, members.index, start);
                valid += 1;
            }
            Parsed::Invalid => clean = false,
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
    Ok((valid, clean))
}

/// Whether `value` is exactly [`Member::COMMON`], in one field line.
#[inline]
fn is_common<'a, M: Member<'a>>(value: &FieldValue<'_>) -> bool {
    M::COMMON.is_some_and(|whole| matches!(value.0, Lines::One(line) if line == whole.text))
}

/// The one member of a `value` that is exactly [`Member::COMMON`] and within `limits`, as
/// parsing would give it; `None` for any other value.
#[inline]
pub(crate) fn common_member<'a, M: Member<'a>>(
    value: &FieldValue<'a>,
    limits: &Limits,
) -> Option<M> {
    match value.0 {
        Lines::One(line) if line.len() <= limits.max_bytes => {
            Slot::common::<M>(value, limits).map(|slot| slot.unpack(line))
        }
        _ => None,
    }
}

/// The longest value [`sole_member`] reads. Every head alone in the corpus of real requests
/// (its `Accept` values) is at most 31 bytes (`application/vnd.github.raw+json`); of its 1,686
/// values over 40 bytes, 1,684 are lists (browsers' headers), whose first head this would
/// read only for parsing to read it again.
const SOLE: usize = 40;

/// The one member of a `value` that is a head alone (`application/json`: one field line, no
/// OWS, parameter, weight or second member), within `limits`, as parsing would give it;
/// `None` for any other value, which parsing reads.
#[inline]
pub(crate) fn sole_member<'a, M: Member<'a>>(value: &FieldValue<'a>, limits: &Limits) -> Option<M> {
    let Lines::One(line) = value.0 else {
        return None;
    };
    // What parsing checks first: the length, and room for one member. Past `SOLE` bytes the
    // head is not read.
    if line.len() > limits.max_bytes || line.len() > SOLE || limits.max_members == 0 {
        return None;
    }
    let first = *line.first()?;
    if is_ows(first) || first == b',' {
        return None;
    }
    let head = M::head(line, 0, limits);
    match head.value {
        Some(value) if head.end == line.len() && !head.too_many_subtags => {
            M::new(line, 0, value, line.len(), Quality::ONE)
        }
        _ => None,
    }
}

/// The [`Sink`] of [`List::parse`]: packs the first [`KEPT`] members into the list's slots.
struct Keep<'l, 'a, M> {
    list: &'l mut List<'a, M>,
    /// Whether members are still kept: the value [`fits`](Slot::fits), and no member so far
    /// was too long for a slot.
    keeping: bool,
}

impl<'a, M: Member<'a>> Sink<'a, M> for Keep<'_, 'a, M> {
    #[inline]
    fn start(&mut self, fits: bool) {
        self.keeping = fits;
    }

    #[inline]
    fn quick(&self) -> bool {
        self.keeping && usize::from(self.list.kept) < KEPT
    }

    #[inline]
    fn slot(&mut self, slot: Slot, _: &'a [u8]) {
        self.list.slots[usize::from(self.list.kept)] = slot;
        self.list.kept += 1;
    }

    #[inline]
    fn member(&mut self, member: M, index: usize, start: usize) {
        if !self.keeping {
            return;
        }
        let list = &mut *self.list;
        match list.slots.get_mut(usize::from(list.kept)) {
            Some(slot) => match Slot::pack(&member, index, start) {
                Some(packed) => {
                    *slot = packed;
                    list.kept += 1;
                }
                None => self.keeping = false,
            },
            None => self.keeping = false,
        }
    }
}

impl<'a, M: Member<'a>> List<'a, M> {
    #[inline]
    pub(crate) fn parse(value: FieldValue<'a>, limits: &Limits) -> Result<Self, Error> {
        let mut list = List {
            value,
            valid: 0,
            kept: 0,
            clean: true,
            slots: [Slot::EMPTY; KEPT],
            member: PhantomData,
        };
        let (valid, clean) = read_list(
            value,
            limits,
            &mut Keep {
                list: &mut list,
                keeping: false,
            },
        )?;
        list.valid = valid;
        list.clean = clean;
        Ok(list)
    }

    pub(crate) fn len(&self) -> usize {
        self.valid as usize
    }

    pub(crate) fn value(&self) -> FieldValue<'a> {
        self.value
    }

    pub(crate) fn iter(&self) -> Members<'_, 'a, M> {
        Members {
            list: self,
            next: 0,
            rest: None,
        }
    }

    /// The kept slots.
    #[inline]
    fn kept(&self) -> &[Slot] {
        self.slots.get(..usize::from(self.kept)).unwrap_or_default()
    }

    /// The kept member in `slot`.
    #[inline]
    fn unpack(&self, slot: &Slot) -> M {
        slot.unpack(self.value.line(usize::from(slot.line)).unwrap_or_default())
    }

    /// The members after the kept ones, read again from the bytes: from the start of the
    /// last kept one, which is skipped (or from the start when none is kept).
    fn rest(&self) -> RawMembers<'a, M> {
        // The caps were checked when the list was parsed, so none can be exceeded here.
        let Some(last) = self.kept().last() else {
            return RawMembers::new(self.value, Limits::UNLIMITED);
        };
        let at = Cursor {
            index: usize::from(last.line),
            pos: usize::from(last.start),
            base: 0,
        };
        let mut rest = RawMembers::resume(self.value, Limits::UNLIMITED, at);
        rest.next_at();
        rest
    }

    /// Calls `f` with each valid member and its position, in order: the kept ones unpacked
    /// from their slots, then the rest read again from the bytes. The matching loops use this
    /// rather than [`List::iter`], whose per-item bookkeeping costs more than a match.
    #[inline]
    pub(crate) fn for_each(&self, mut f: impl FnMut(usize, &M)) {
        self.for_each_kept(&mut f);
        if self.len() > self.kept().len() {
            self.for_each_rest(None::<fn((&'a [u8], &'a [u8])) -> bool>, f);
        }
    }

    /// [`for_each`](Self::for_each) for a pass that needs only the members whose head
    /// `wanted` accepts (the media ranges that can match one of the offers): when every member
    /// is valid, a member after the kept ones whose head is not wanted is skipped to its end
    /// rather than read through (its parameters and weight), its position still counted.
    /// `f` may still be called with members `wanted` refuses.
    #[inline]
    pub(crate) fn for_each_wanted(
        &self,
        wanted: impl Fn((&'a [u8], &'a [u8])) -> bool,
        mut f: impl FnMut(usize, &M),
    ) {
        self.for_each_kept(&mut f);
        if self.len() > self.kept().len() {
            self.for_each_rest(self.clean.then_some(wanted), f);
        }
    }

    /// Calls `f` with each member after the kept ones, read again from the bytes; those whose
    /// head `wanted` refuses are skipped, which only a clean list allows.
    fn for_each_rest<W>(&self, wanted: Option<W>, mut f: impl FnMut(usize, &M))
    where
        W: Fn((&'a [u8], &'a [u8])) -> bool,
    {
        let mut rest = self.rest();
        let mut position = self.kept().len();
        match wanted {
            Some(wanted) => {
                while let Some(read) = rest.next_wanted(&wanted) {
                    if let Read::Member(member) = read {
                        f(position, &member);
                    }
                    position += 1;
                }
            }
            None => {
                while let Some(member) = rest.next_valid() {
                    f(position, &member);
                    position += 1;
                }
            }
        }
    }

    /// Calls `f` with each kept member and its position.
    #[inline]
    fn for_each_kept(&self, f: &mut impl FnMut(usize, &M)) {
        let kept = self.kept();
        match self.value.0 {
            // One field line (the common case): every slot is in it.
            Lines::One(line) => {
                for (position, slot) in kept.iter().enumerate() {
                    f(position, &slot.unpack(line));
                }
            }
            _ => {
                for (position, slot) in kept.iter().enumerate() {
                    f(position, &self.unpack(slot));
                }
            }
        }
    }

    /// Whether the value is exactly [`Member::COMMON`] (one field line), its one member.
    #[inline]
    pub(crate) fn is_common(&self) -> bool {
        is_common::<M>(&self.value)
    }

    /// The valid member at `position`: kept, or read again from the bytes.
    #[inline]
    pub(crate) fn get(&self, position: usize) -> Option<M> {
        match self.kept().get(position) {
            Some(slot) => Some(self.unpack(slot)),
            None => self.iter().nth(position),
        }
    }
}

/// The valid members of a list, in order: the kept ones, then the rest read from the bytes.
#[derive(Clone)]
pub(crate) struct Members<'l, 'a, M> {
    list: &'l List<'a, M>,
    next: usize,
    rest: Option<RawMembers<'a, M>>,
}

impl<'a, M: Member<'a>> Iterator for Members<'_, 'a, M> {
    type Item = M;

    #[inline]
    fn next(&mut self) -> Option<M> {
        let list = self.list;
        if let Some(slot) = list.kept().get(self.next) {
            self.next += 1;
            return Some(list.unpack(slot));
        }
        if list.len() <= list.kept().len() {
            return None;
        }
        self.rest.get_or_insert_with(|| list.rest()).next_valid()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.list.len() - self.next.min(self.list.len());
        if self.rest.is_none() {
            (left, Some(left))
        } else {
            (0, Some(left))
        }
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

/// The head of `Accept-Charset`, `Accept-Encoding` and `A-IM` members: a token (`*`
/// included).
#[inline]
pub(crate) fn token_head(line: &[u8], start: usize) -> Head<'_> {
    let n = token_end(&line[start..]);
    if n == 0 {
        Head::invalid(start)
    } else {
        Head::valid(start + n, (&line[start..start + n], &line[..0]))
    }
}

/// Implements, for a member that is a token and a weight (`Accept-Charset`,
/// `Accept-Encoding`, `A-IM`): [`Member`] (the head is a token, no parameters before the
/// weight), `Display` (`name;q=0.5`, the weight left out when it is 1) and `Debug`. The type
/// has the fields `name: &'a [u8]` and `quality: Quality` and an `as_str` method.
macro_rules! token_member {
    ($member:ident, $field:expr) => {
        impl<'a> crate::list::Member<'a> for $member<'a> {
            const FIELD: crate::error::Field = $field;
            const PARAMETERS: bool = false;

            #[inline]
            fn head(line: &'a [u8], start: usize, _: &crate::Limits) -> crate::list::Head<'a> {
                crate::list::token_head(line, start)
            }

            #[inline]
            fn new(
                _: &'a [u8],
                _: usize,
                (name, _): (&'a [u8], &'a [u8]),
                _: usize,
                quality: Quality,
            ) -> Option<Self> {
                Some($member { name, quality })
            }

            fn quality(&self) -> Quality {
                self.quality
            }

            #[inline]
            fn text(&self) -> &'a [u8] {
                self.name
            }

            #[inline]
            fn unpack(name: &'a [u8], quality: Quality, _: (u16, u8)) -> Self {
                $member { name, quality }
            }
        }

        impl core::fmt::Display for $member<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())?;
                if self.quality != Quality::ONE {
                    write!(f, ";q={}", self.quality)?;
                }
                Ok(())
            }
        }

        impl core::fmt::Debug for $member<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, concat!(stringify!($member), "({})"), self)
            }
        }
    };
}

pub(crate) use token_member;

/// Defines a public list-header type over [`List`] and its iterator.
macro_rules! list_header {
    (
        $(#[$meta:meta])*
        $name:ident, $iter:ident, $member:ident, $offer:ident, $match:ident
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name<'a>(crate::list::List<'a, $member<'a>>);

        impl<'a> $name<'a> {
            /// Parses the header with the default [`Limits`](crate::Limits).
            ///
            /// Invalid members are skipped; the only errors are the caps of the limits.
            #[inline]
            pub fn parse(value: impl Into<crate::FieldValue<'a>>) -> Result<Self, crate::Error> {
                Self::parse_with(value, &crate::Limits::DEFAULT)
            }

            /// Parses the header with the given [`Limits`](crate::Limits).
            #[inline]
            pub fn parse_with(
                value: impl Into<crate::FieldValue<'a>>,
                limits: &crate::Limits,
            ) -> Result<Self, crate::Error> {
                crate::list::List::parse(value.into(), limits).map($name)
            }

            /// Parses the header with the default [`Limits`](crate::Limits) and chooses
            /// among `offers` in the same pass: what `parse(value)?.best(offers)` gives, the
            /// same errors included, but each member is read once and matched right away
            /// and nothing else is kept. For a server that needs only the choice.
            ///
            /// Up to eight offers are matched in that one pass; more are chosen on the
            /// parsed header (an `Accept` of one range alone, up to 40 bytes, excepted: it
            /// is matched against every offer as it is read).
            #[inline]
            pub fn choose(
                value: impl Into<crate::FieldValue<'a>>,
                offers: &[$offer<'_>],
            ) -> Result<Option<(usize, $match<'a>)>, crate::Error> {
                Self::choose_with(value, &crate::Limits::DEFAULT, offers)
            }

            /// The valid members, in the client's order.
            pub fn iter(&self) -> $iter<'_, 'a> {
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

        impl<'l, 'a> IntoIterator for &'l $name<'a> {
            type Item = $member<'a>;
            type IntoIter = $iter<'l, 'a>;
            fn into_iter(self) -> $iter<'l, 'a> {
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
        pub struct $iter<'l, 'a>(crate::list::Members<'l, 'a, $member<'a>>);

        impl<'a> Iterator for $iter<'_, 'a> {
            type Item = $member<'a>;
            #[inline]
            fn next(&mut self) -> Option<$member<'a>> {
                self.0.next()
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.0.size_hint()
            }
        }
    };
}

pub(crate) use list_header;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AcceptEncoding, CodingRange};

    fn members(value: FieldValue<'_>) -> Vec<(usize, String)> {
        RawMembers::<CodingRange<'_>>::new(value, Limits::DEFAULT)
            .filter_map(|(o, p)| match p {
                Parsed::Valid(m) => Some((o, m.to_string())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn several_field_lines_form_one_list() {
        let lines = ["a, b", "", " c ,", "d"];
        let got = members(FieldValue::from(&lines[..]));
        assert_eq!(
            got,
            [
                (0, "a".into()),
                (3, "b".into()),
                (5, "c".into()),
                (8, "d".into())
            ]
        );
        let bytes: [&[u8]; 2] = [b"a", b"b"];
        assert_eq!(
            members(FieldValue::from(&bytes[..])),
            [(0, "a".into()), (1, "b".into())]
        );
        assert_eq!(FieldValue::from(&lines[..]).len(), 9);
    }

    #[test]
    fn no_lines_is_empty() {
        let none: [&str; 0] = [];
        let value = FieldValue::from(&none[..]);
        assert!(value.is_empty());
        assert_eq!(members(value), []);
    }

    fn weighted(s: &str) -> Option<(String, u16)> {
        let h = AcceptEncoding::parse(s).unwrap();
        let m = h.iter().next()?;
        Some((m.as_str().to_string(), m.quality().thousandths()))
    }

    #[test]
    fn weight_grammar() {
        let w = |name: &str, q| Some((name.to_string(), q));
        assert_eq!(weighted("gzip"), w("gzip", 1000));
        assert_eq!(weighted("gzip;q=0.5"), w("gzip", 500));
        assert_eq!(weighted("gzip ; Q=0.5"), w("gzip", 500));
        assert_eq!(weighted("gzip;;q=0.5;"), w("gzip", 500));
        assert_eq!(weighted("gzip;q="), w("gzip", 1000));
        assert_eq!(weighted("gzip;q=0.5;level=9"), w("gzip", 500));
        assert_eq!(weighted("gzip;q=0.5;q=0.1"), w("gzip", 500));
        assert_eq!(weighted("gzip;level=9"), None);
        assert_eq!(weighted("gzip;q=abc"), None);
        assert_eq!(weighted("gzip;q = 0.5"), None);
        assert_eq!(weighted("gzip;q=\"0.5\""), None);
        assert_eq!(weighted(";q=0.5"), None);
        assert_eq!(weighted("gz ip"), None);
    }

    #[test]
    fn parameters_are_counted_after_normalisation() {
        let limits = Limits {
            max_parameters: 2,
            ..Limits::DEFAULT
        };
        assert!(AcceptEncoding::parse_with("gzip;;;;q=1;;;;a", &limits).is_ok());
        assert!(AcceptEncoding::parse_with("gzip;q=1;a;b", &limits).is_err());
        assert!(
            AcceptEncoding::parse_with("gz ip;a;b;c", &limits).is_err(),
            "invalid members count too"
        );
        assert!(
            AcceptEncoding::parse_with("gzip;a=\"x;y;z\";b", &limits).is_ok(),
            "quoted ; are literal"
        );
    }

    #[test]
    fn skipping_follows_the_quote_rule() {
        assert_eq!(skip_member(b"a;b=\"x,y\";c, d", 0), (11, 2));
        assert_eq!(skip_member(b"a\"b, c", 0), (3, 0));
        assert_eq!(skip_member(b"a; ;b;, c", 0), (6, 1));
        assert_eq!(skip_member(b"a;b=\"open, c", 0), (12, 1));
    }
}

#[cfg(test)]
mod kept_tests {
    use crate::{Accept, MediaType};

    /// More valid members than are kept, with invalid ones between them and over three
    /// field lines: iteration gives them all in order, and matching sees the later ones.
    #[test]
    fn members_after_the_kept_ones_are_read_from_the_bytes() {
        let names: Vec<String> = (0..20).map(|i| format!("a/x{i}")).collect();
        let first = names[..7].join(", ") + ", bogus";
        let second = format!(
            "{}, */json, {}",
            names[7..12].join(","),
            names[12..15].join(" , ")
        );
        let third = names[15..].join(",,") + ";q=0.5";
        let lines = [first.as_str(), "", second.as_str(), third.as_str()];
        let accept = Accept::parse(&lines[..]).unwrap();
        assert_eq!(accept.len(), 20);
        let got: Vec<String> = accept.iter().map(|r| r.subtype().to_string()).collect();
        let want: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
        assert_eq!(got, want);
        assert_eq!(accept.iter().size_hint().1, Some(20));
        let late = MediaType::parse("a/x19").unwrap();
        let m = accept.match_of(&late).unwrap();
        assert_eq!((m.position, m.quality.to_string().as_str()), (19, "0.5"));
        let offers = [late, MediaType::parse("a/x12").unwrap()];
        assert_eq!(
            accept.best(&offers).map(|(i, m)| (i, m.position)),
            Some((1, 12))
        );
    }
}

#[cfg(test)]
mod slot_tests {
    use crate::{Accept, AcceptLanguage, LanguageTag, Limits, MediaType};

    fn subtypes(accept: &Accept<'_>) -> Vec<String> {
        accept.iter().map(|r| r.subtype().to_string()).collect()
    }

    /// A type of 64 bytes or more does not fit a slot: that range and those after it are
    /// read again from the bytes, in order, with their weights and levels.
    #[test]
    fn a_range_too_long_for_a_slot_and_those_after_it_are_read_from_the_bytes() {
        let long = "t".repeat(64);
        let header = format!("a/x0, a/*;q=0.2, {long}/x1;q=0.5, */*;q=0.1, a/x2");
        let accept = Accept::parse(header.as_str()).unwrap();
        assert_eq!(accept.len(), 5);
        assert_eq!(subtypes(&accept), ["x0", "*", "x1", "*", "x2"]);
        let offer = format!("{long}/x1");
        let offers = [
            MediaType::parse("b/c").unwrap(),
            MediaType::parse(&offer).unwrap(),
            MediaType::parse("a/other").unwrap(),
        ];
        let (index, m) = accept.best(&offers).unwrap();
        assert_eq!((index, m.position, m.quality.thousandths()), (1, 2, 500));
        let m = accept.match_of(&offers[0]).unwrap();
        assert_eq!((m.position, m.member.to_string()), (3, "*/*;q=0.1".into()));
        let m = accept.match_of(&offers[2]).unwrap();
        assert_eq!((m.position, m.quality.thousandths()), (1, 200));
        assert_eq!(accept.to_string(), header);
    }

    /// A header of more than 64 KiB (possible only with larger limits) keeps nothing and is
    /// matched from its bytes alone, with the same answers.
    #[test]
    fn a_header_over_64_kib_is_matched_from_its_bytes() {
        let filler: Vec<String> = (0..5000).map(|i| format!("f/x{i};q=0.1")).collect();
        let header = format!("a/b;q=0.3, {}, a/*;q=0.9", filler.join(", "));
        assert!(header.len() > 65_535);
        let accept = Accept::parse_with(header.as_str(), &Limits::UNLIMITED).unwrap();
        assert_eq!(accept.len(), 5002);
        assert_eq!(accept.iter().count(), 5002);
        let offers = [
            MediaType::parse("f/x4999").unwrap(),
            MediaType::parse("a/b").unwrap(),
            MediaType::parse("a/c").unwrap(),
        ];
        let (index, m) = accept.best(&offers).unwrap();
        assert_eq!((index, m.position, m.quality.thousandths()), (2, 5001, 900));
        let m = accept.match_of(&offers[1]).unwrap();
        assert_eq!((m.position, m.quality.thousandths()), (0, 300));
        let m = accept.match_of(&offers[0]).unwrap();
        assert_eq!((m.position, m.member.subtype()), (5000, "x4999"));
    }

    /// More than 256 field lines: positions are not kept either, and the members are found.
    #[test]
    fn a_header_of_many_field_lines_is_matched_from_its_bytes() {
        let mut lines: Vec<String> = (0..300).map(|_| String::new()).collect();
        lines[0] = "fr;q=0.2".into();
        lines[280] = "de-CH, en;q=0.5".into();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let header = AcceptLanguage::parse(&lines[..]).unwrap();
        assert_eq!(header.len(), 3);
        let offers = [
            LanguageTag::parse("fr").unwrap(),
            LanguageTag::parse("en").unwrap(),
            LanguageTag::parse("de").unwrap(),
        ];
        let (index, m) = header.best(&offers).unwrap();
        assert_eq!((index, m.position, m.member.as_str()), (2, 1, "de-CH"));
    }
}

/// `Accept: */*` alone is packed without being read ([`Member::COMMON`]): it must give what
/// reading it gives, which the same range in a value that is not exactly `*/*` still does.
#[cfg(test)]
mod common_tests {
    use crate::{Accept, Error, Field, Limits, MediaType};

    type Seen = (
        usize,
        Vec<String>,
        Vec<Option<(usize, String, String, u16)>>,
        [Option<(usize, String, String, usize, u16)>; 3],
    );

    fn seen(accept: &Accept<'_>) -> Seen {
        let offers = [
            MediaType::TEXT_HTML,
            MediaType::parse("application/json;v=2").unwrap(),
        ];
        let sets: [&[MediaType<'_>]; 3] = [&offers, &offers[1..], &[]];
        let best = sets.map(|offers| {
            let (i, m) = accept.best(offers)?;
            let specificity = format!("{:?}", m.specificity);
            Some((
                i,
                m.member.to_string(),
                specificity,
                m.position,
                m.quality.thousandths(),
            ))
        });
        let matches = offers
            .iter()
            .map(|o| {
                let m = accept.match_of(o)?;
                let specificity = format!("{:?}", m.specificity);
                Some((
                    m.position,
                    m.member.to_string(),
                    specificity,
                    m.quality.thousandths(),
                ))
            })
            .collect();
        let members = accept
            .iter()
            .map(|r| format!("{r} {:?}", r.params().count()))
            .collect();
        (accept.len(), members, matches, best)
    }

    #[test]
    fn star_slash_star_alone_reads_as_when_read_member_by_member() {
        let whole = Accept::parse("*/*").unwrap();
        for read in ["*/*,", " */*", "*/*;q=1", "*/* ,,"] {
            let read = Accept::parse(read).unwrap();
            assert_eq!(seen(&whole), seen(&read));
        }
        let lines = ["*/*"];
        assert_eq!(seen(&whole), seen(&Accept::parse(&lines[..]).unwrap()));
        let best = whole.best(&[MediaType::TEXT_HTML, MediaType::APPLICATION_JSON]);
        assert_eq!(best.map(|(i, m)| (i, m.position)), Some((0, 0)));
        assert_eq!(whole.to_string(), "*/*");
        assert_eq!(whole, Accept::parse("*/*, ").unwrap());
    }

    #[test]
    fn star_slash_star_alone_is_held_to_the_limits() {
        let none = Limits {
            max_members: 0,
            ..Limits::DEFAULT
        };
        assert_eq!(
            Accept::parse_with("*/*", &none),
            Err(Error::TooManyMembers {
                field: Field::Accept,
                limit: 0,
                position: 0
            })
        );
        let short = Limits {
            max_bytes: 2,
            ..Limits::DEFAULT
        };
        assert!(matches!(
            Accept::parse_with("*/*", &short),
            Err(Error::TooLong {
                len: 3,
                limit: 2,
                ..
            })
        ));
    }
}

#[cfg(test)]
mod size_tests {
    use crate::{AIm, Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Request};

    /// A parsed header stays within 128 bytes, which the compiler moves with a few vector
    /// stores: at 312 bytes, the `memcpy` calls that moved it out of `parse` took 40% of the
    /// time of parsing and choosing on `Accept: */*`.
    #[test]
    fn a_parsed_header_fits_in_128_bytes() {
        for size in [
            size_of::<Accept<'_>>(),
            size_of::<AcceptLanguage<'_>>(),
            size_of::<AcceptCharset<'_>>(),
            size_of::<AcceptEncoding<'_>>(),
            size_of::<AIm<'_>>(),
            size_of::<Option<Accept<'_>>>(),
        ] {
            assert!(size <= 128, "{size} bytes");
        }
        assert!(
            size_of::<Request<'_>>() <= 640,
            "{}",
            size_of::<Request<'_>>()
        );
    }
}
