//! The formats a value can be served and received in, and a representation: a variant with
//! the format that produces it.

use std::fmt;

use conneg::{Charset, LanguageTag, MediaType, Quality, Variant};

/// A format conneg-tower produces a response body in.
///
/// The data formats serialize one `serde::Serialize` value ([`Negotiated::serialize`]) and
/// deserialize request content ([`Content`]), each behind its cargo feature: JSON (`json`, on
/// by default), XML (`xml`), CSV (`csv`, a sequence of records), YAML (`yaml`), MessagePack
/// (`msgpack`) and CBOR (`cbor`). The page formats, plain text, HTML and Markdown, come from
/// renderers the handler supplies ([`Serialized::html`]), so that a page and its Markdown
/// twin come from one handler.
///
/// ```
/// use conneg::MediaType;
/// use conneg_tower::Format;
///
/// assert_eq!(Format::Json.media_type(), MediaType::APPLICATION_JSON);
/// assert_eq!(Format::of(&MediaType::parse("application/vnd.api+json")?), Some(Format::Json));
/// assert_eq!(Format::of(&MediaType::parse("application/atom+xml")?), Some(Format::Xml));
/// assert_eq!(Format::of(&MediaType::parse("image/png")?), None);
/// # Ok::<(), conneg::Error>(())
/// ```
///
/// [`Negotiated::serialize`]: crate::Negotiated::serialize
/// [`Content`]: crate::Content
/// [`Serialized::html`]: crate::Serialized::html
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON (RFC 8259): `application/json` and every `+json` type.
    Json,
    /// XML: `application/xml`, `text/xml` and every `+xml` type.
    Xml,
    /// CSV (RFC 4180), a header row then one row per record: `text/csv`.
    Csv,
    /// YAML (RFC 9512): `application/yaml`, and the older `application/x-yaml`, `text/yaml`.
    Yaml,
    /// MessagePack: `application/msgpack`, `application/vnd.msgpack`, `application/x-msgpack`.
    MessagePack,
    /// CBOR (RFC 8949): `application/cbor` and every `+cbor` type.
    Cbor,
    /// Plain text from a renderer: `text/plain`.
    Text,
    /// HTML from a renderer: `text/html`.
    Html,
    /// Markdown from a renderer (RFC 7763): `text/markdown`.
    Markdown,
}

impl Format {
    /// Every format, data formats first.
    pub const ALL: [Format; 9] = [
        Format::Json,
        Format::Xml,
        Format::Csv,
        Format::Yaml,
        Format::MessagePack,
        Format::Cbor,
        Format::Text,
        Format::Html,
        Format::Markdown,
    ];

    /// The media type a representation of this format has unless told otherwise.
    pub const fn media_type(self) -> MediaType<'static> {
        match self {
            Format::Json => MediaType::APPLICATION_JSON,
            Format::Xml => MediaType::APPLICATION_XML,
            Format::Csv => MediaType::TEXT_CSV,
            Format::Yaml => MediaType::APPLICATION_YAML,
            Format::MessagePack => MediaType::APPLICATION_MSGPACK,
            Format::Cbor => MediaType::APPLICATION_CBOR,
            Format::Text => MediaType::TEXT_PLAIN,
            Format::Html => MediaType::TEXT_HTML,
            Format::Markdown => MediaType::TEXT_MARKDOWN,
        }
    }

    /// The format a media type is written in, from its type, subtype and structured syntax
    /// suffix (RFC 6838 §4.2.8): `application/vnd.example.v2+json` is JSON. `None` for a
    /// type no format produces.
    pub fn of(media_type: &MediaType<'_>) -> Option<Format> {
        /// (type, subtype, format), besides each format's own type.
        const ALIASES: [(&str, &str, Format); 7] = [
            ("text", "xml", Format::Xml),
            ("application", "x-yaml", Format::Yaml),
            ("text", "yaml", Format::Yaml),
            ("text", "x-yaml", Format::Yaml),
            ("application", "vnd.msgpack", Format::MessagePack),
            ("application", "x-msgpack", Format::MessagePack),
            ("text", "x-markdown", Format::Markdown),
        ];
        /// A structured syntax suffix and its format.
        const SUFFIXES: [(&str, Format); 4] = [
            ("json", Format::Json),
            ("xml", Format::Xml),
            ("yaml", Format::Yaml),
            ("cbor", Format::Cbor),
        ];
        let (type_, subtype) = (media_type.type_(), media_type.subtype());
        let named =
            |t: &str, s: &str| type_.eq_ignore_ascii_case(t) && subtype.eq_ignore_ascii_case(s);
        Format::ALL
            .into_iter()
            .map(|f| (f.media_type(), f))
            .find(|(t, _)| named(t.type_(), t.subtype()))
            .map(|(_, f)| f)
            .or_else(|| ALIASES.iter().find(|a| named(a.0, a.1)).map(|a| a.2))
            .or_else(|| {
                let suffix = media_type.suffix()?;
                SUFFIXES
                    .iter()
                    .find(|(s, _)| suffix.eq_ignore_ascii_case(s))
                    .map(|&(_, f)| f)
            })
    }

    /// The format's name, as in this enum.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Xml => "XML",
            Format::Csv => "CSV",
            Format::Yaml => "YAML",
            Format::MessagePack => "MessagePack",
            Format::Cbor => "CBOR",
            Format::Text => "plain text",
            Format::Html => "HTML",
            Format::Markdown => "Markdown",
        }
    }

    /// The usual file name extension, without the dot: `json`, `xml`, `csv`, `yaml`,
    /// `msgpack`, `cbor`, `txt`, `html`, `md`.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Csv => "csv",
            Format::Yaml => "yaml",
            Format::MessagePack => "msgpack",
            Format::Cbor => "cbor",
            Format::Text => "txt",
            Format::Html => "html",
            Format::Markdown => "md",
        }
    }

    /// Whether serde writes and reads this format (a data format), rather than a renderer
    /// writing it (text, HTML, Markdown).
    pub const fn is_data(self) -> bool {
        !matches!(self, Format::Text | Format::Html | Format::Markdown)
    }

    /// Whether this build can produce the format: its cargo feature is on (the page formats
    /// need none).
    pub const fn is_enabled(self) -> bool {
        match self {
            Format::Json => cfg!(feature = "json"),
            Format::Xml => cfg!(feature = "xml"),
            Format::Csv => cfg!(feature = "csv"),
            Format::Yaml => cfg!(feature = "yaml"),
            Format::MessagePack => cfg!(feature = "msgpack"),
            Format::Cbor => cfg!(feature = "cbor"),
            Format::Text | Format::Html | Format::Markdown => true,
        }
    }

    /// Whether the format is text that conneg-tower writes in UTF-8, and labels so: the
    /// `Content-Type` gets `charset=utf-8` unless the variant names a charset. JSON (RFC 8259
    /// §11) and YAML (RFC 9512) define no charset parameter; the binary formats have none.
    pub(crate) const fn labels_charset(self) -> bool {
        matches!(
            self,
            Format::Xml | Format::Csv | Format::Text | Format::Html | Format::Markdown
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One representation of a resource: the [`Variant`] the negotiation sees (media type,
/// language, `qs`, URL, ...) and the [`Format`] that produces its body.
///
/// Built from a format (its usual media type), from a variant (the format read from its
/// media type), or from a format given another media type, a `qs` or a language:
///
/// ```
/// use conneg::{MediaType, Quality};
/// use conneg_tower::{Format, Representation};
///
/// let v2 = Representation::new(Format::Json)
///     .media_type(MediaType::parse("application/vnd.example.v2+json")?)
///     .source_quality(Quality::from_thousandths(900).unwrap());
/// assert_eq!(v2.format(), Some(Format::Json));
/// assert_eq!(v2.variant().source_quality.thousandths(), 900);
/// # Ok::<(), conneg::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct Representation {
    variant: Variant<'static>,
    format: Option<Format>,
}

impl Representation {
    /// A representation in `format`, with its usual media type.
    pub const fn new(format: Format) -> Self {
        Representation {
            variant: Variant::new().media_type(format.media_type()),
            format: Some(format),
        }
    }

    /// With this media type (the format stays).
    pub const fn media_type(mut self, media_type: MediaType<'static>) -> Self {
        self.variant = self.variant.media_type(media_type);
        self
    }

    /// With this server-side quality (`qs`, RFC 2296 §3.5): how good this representation
    /// is compared with the others, before the client's preferences.
    pub const fn source_quality(mut self, qs: Quality) -> Self {
        self.variant = self.variant.source_quality(qs);
        self
    }

    /// In this language.
    pub const fn language(mut self, language: LanguageTag<'static>) -> Self {
        self.variant = self.variant.language(language);
        self
    }

    /// With this charset: negotiated against `Accept-Charset`, and named in `Content-Type`.
    pub const fn charset(mut self, charset: Charset<'static>) -> Self {
        self.variant = self.variant.charset(charset);
        self
    }

    /// With its own URL: sent as `Content-Location`, and listed in a 406.
    pub const fn url(mut self, url: &'static str) -> Self {
        self.variant = self.variant.url(url);
        self
    }

    /// The variant the negotiation sees.
    pub const fn variant(&self) -> &Variant<'static> {
        &self.variant
    }

    /// The format of the body; `None` for a variant whose media type no format produces
    /// (the handler writes such a body itself).
    pub const fn format(&self) -> Option<Format> {
        self.format
    }
}

impl Representation {
    pub(crate) const fn from_parts(variant: Variant<'static>, format: Option<Format>) -> Self {
        Representation { variant, format }
    }
}

impl From<Format> for Representation {
    fn from(format: Format) -> Self {
        Representation::new(format)
    }
}

impl From<Variant<'static>> for Representation {
    /// The variant, in the format its media type names ([`Format::of`]).
    fn from(variant: Variant<'static>) -> Self {
        Representation {
            variant,
            format: variant.media_type.as_ref().and_then(Format::of),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_the_format_of_its_own_media_type() {
        for format in Format::ALL {
            assert_eq!(Format::of(&format.media_type()), Some(format), "{format}");
        }
    }

    #[test]
    fn formats_are_read_from_types_aliases_and_suffixes_in_any_case() {
        let of = |t: &str| Format::of(&MediaType::parse(t).unwrap());
        assert_eq!(of("Application/JSON"), Some(Format::Json));
        assert_eq!(of("application/problem+json"), Some(Format::Json));
        assert_eq!(
            of("application/vnd.conneg-demo.v2+JSON"),
            Some(Format::Json)
        );
        assert_eq!(of("text/xml"), Some(Format::Xml));
        assert_eq!(of("application/atom+xml"), Some(Format::Xml));
        assert_eq!(of("application/x-yaml"), Some(Format::Yaml));
        assert_eq!(of("application/vnd.msgpack"), Some(Format::MessagePack));
        assert_eq!(of("application/x-msgpack"), Some(Format::MessagePack));
        assert_eq!(of("application/senml+cbor"), Some(Format::Cbor));
        assert_eq!(of("text/csv; header=present"), Some(Format::Csv));
        assert_eq!(of("text/x-markdown"), Some(Format::Markdown));
        assert_eq!(of("application/octet-stream"), None);
        assert_eq!(of("text/json"), None, "not a registered JSON type");
        assert_eq!(of("application/jsonx"), None);
    }

    #[test]
    fn a_variant_brings_its_format_and_a_format_its_type() {
        let r = Representation::from(Variant::new().media_type(MediaType::TEXT_MARKDOWN));
        assert_eq!(r.format(), Some(Format::Markdown));
        let r = Representation::from(Variant::new());
        assert_eq!(r.format(), None);
        let r = Representation::from(Format::Cbor);
        assert_eq!(r.variant().media_type, Some(MediaType::APPLICATION_CBOR));
    }
}
