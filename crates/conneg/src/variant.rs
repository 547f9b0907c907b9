//! Variants: the representations a server has for one resource.

use core::fmt;

use crate::charset::Charset;
use crate::coding::Coding;
use crate::datetime::HttpDate;
use crate::im::InstanceManipulation;
use crate::language::LanguageTag;
use crate::media::MediaType;
use crate::quality::Quality;

/// One representation of a resource, as the server describes it: every dimension is
/// optional, and [`Variant::new`] starts with none set and a source quality (`qs`) of 1.
///
/// A dimension left unset is not negotiated for this variant: no media type, charset,
/// datetime or instance-manipulation means the variant is acceptable whatever the client says
/// about it; no coding means `identity`; no language means a language-neutral variant, which
/// a client that names languages accepts at the lowest rank (NEGOTIATION.md, factor 0.001).
///
/// ```
/// use conneg::{Coding, LanguageTag, MediaType, Quality, Variant};
///
/// let page = Variant::new()
///     .media_type(MediaType::TEXT_HTML)
///     .language(LanguageTag::parse("de")?)
///     .coding(Coding::GZIP)
///     .source_quality(Quality::from_thousandths(900).unwrap())
///     .url("/news.de.html.gz");
/// assert_eq!(page.to_string(), "text/html; de; gzip; qs=0.9 </news.de.html.gz>");
/// # Ok::<(), conneg::Error>(())
/// ```
///
/// The fields are public to read; a variant is built with the methods of the same names
/// (the struct is `#[non_exhaustive]`, so that a dimension can be added later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[must_use]
pub struct Variant<'a> {
    /// The media type (its `charset` parameter aside: that is [`Variant::charset`]).
    pub media_type: Option<MediaType<'a>>,
    /// The language.
    pub language: Option<LanguageTag<'a>>,
    /// The charset.
    pub charset: Option<Charset<'a>>,
    /// The content coding; none is `identity`.
    pub coding: Option<Coding<'a>>,
    /// The source quality `qs` (RFC 2296 §3.5), 1 unless set.
    pub source_quality: Quality,
    /// The datetime of a memento (RFC 7089).
    pub datetime: Option<HttpDate>,
    /// The instance-manipulation this variant is the result of (RFC 3229).
    pub im: Option<InstanceManipulation<'a>>,
    /// The variant's own URL.
    pub url: Option<&'a str>,
}

impl Default for Variant<'_> {
    fn default() -> Self {
        Variant::new()
    }
}

impl<'a> Variant<'a> {
    /// A variant with no dimension set and `qs` 1.
    pub const fn new() -> Self {
        Variant {
            media_type: None,
            language: None,
            charset: None,
            coding: None,
            source_quality: Quality::ONE,
            datetime: None,
            im: None,
            url: None,
        }
    }

    /// Sets the media type (without a `charset` parameter: that is [`Variant::charset`]).
    pub const fn media_type(mut self, media_type: MediaType<'a>) -> Self {
        self.media_type = Some(media_type);
        self
    }

    /// Sets the language.
    pub const fn language(mut self, language: LanguageTag<'a>) -> Self {
        self.language = Some(language);
        self
    }

    /// Sets the charset.
    pub const fn charset(mut self, charset: Charset<'a>) -> Self {
        self.charset = Some(charset);
        self
    }

    /// Sets the content coding; [`Coding::IDENTITY`] is the same as none.
    pub const fn coding(mut self, coding: Coding<'a>) -> Self {
        self.coding = Some(coding);
        self
    }

    /// Sets the source quality `qs` (RFC 2296 §3.5): how good the server thinks this variant
    /// is, multiplied into its score. `qs` 0 means never chosen.
    pub const fn source_quality(mut self, qs: Quality) -> Self {
        self.source_quality = qs;
        self
    }

    /// Sets the datetime of a memento (RFC 7089).
    pub const fn datetime(mut self, datetime: HttpDate) -> Self {
        self.datetime = Some(datetime);
        self
    }

    /// Sets the instance-manipulation this variant is the result of (RFC 3229): a delta.
    pub const fn im(mut self, im: InstanceManipulation<'a>) -> Self {
        self.im = Some(im);
        self
    }

    /// Sets the variant's own URL, for `Content-Location` and the 406 list.
    pub const fn url(mut self, url: &'a str) -> Self {
        self.url = Some(url);
        self
    }

    /// The content coding: `identity` when none was set.
    pub const fn coding_or_identity(&self) -> Coding<'a> {
        match self.coding {
            Some(coding) => coding,
            None => Coding::IDENTITY,
        }
    }
}

/// The dimensions that are set, separated by `; `, then the URL in angle brackets:
/// `text/html; de; utf-8; gzip; qs=0.9; 2024-… </news.de.html>`. A variant with nothing set
/// prints `(any)`.
impl fmt::Display for Variant<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut part = |f: &mut fmt::Formatter<'_>, value: &dyn fmt::Display| {
            let separator = if first { "" } else { "; " };
            first = false;
            write!(f, "{separator}{value}")
        };
        if let Some(t) = &self.media_type {
            part(f, t)?;
        }
        if let Some(l) = &self.language {
            part(f, l)?;
        }
        if let Some(c) = &self.charset {
            part(f, c)?;
        }
        if let Some(c) = &self.coding
            && !c.is_identity()
        {
            part(f, c)?;
        }
        if self.source_quality != Quality::ONE {
            part(f, &format_args!("qs={}", self.source_quality))?;
        }
        if let Some(d) = &self.datetime {
            part(f, d)?;
        }
        if let Some(im) = &self.im {
            part(f, &format_args!("im={im}"))?;
        }
        if first {
            f.write_str("(any)")?;
        }
        if let Some(url) = self.url {
            write!(f, " <{url}>")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_variant_is_identity_with_qs_1() {
        let v = Variant::new();
        assert_eq!(v.coding_or_identity(), Coding::IDENTITY);
        assert_eq!(v.source_quality, Quality::ONE);
        assert_eq!(v.to_string(), "(any)");
    }

    #[test]
    fn display_lists_what_is_set() {
        let v = Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .charset(Charset::UTF_8)
            .coding(Coding::IDENTITY)
            .im(InstanceManipulation::parse("vcdiff").unwrap());
        assert_eq!(v.to_string(), "application/json; utf-8; im=vcdiff");
    }
}
