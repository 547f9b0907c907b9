//! The file-name extensions `conneg serve` reads a variant's dimensions from: media types,
//! content codings, and language tags. Only these count; a file with any other extension is
//! never a variant.

use conneg::{Coding, LanguageTag, MediaType};

/// A registered type extension: the extension and the media type it names. In order of
/// preference among variants that tie (HTML first).
pub const TYPES: &[(&str, &str)] = &[
    ("html", "text/html"),
    ("htm", "text/html"),
    ("xhtml", "application/xhtml+xml"),
    ("md", "text/markdown"),
    ("txt", "text/plain"),
    ("json", "application/json"),
    ("xml", "application/xml"),
    ("csv", "text/csv"),
    ("yaml", "application/yaml"),
    ("css", "text/css"),
    ("js", "text/javascript"),
    ("mjs", "text/javascript"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("ico", "image/vnd.microsoft.icon"),
    ("pdf", "application/pdf"),
    ("wasm", "application/wasm"),
    ("woff2", "font/woff2"),
    ("woff", "font/woff"),
    ("atom", "application/atom+xml"),
    ("rss", "application/rss+xml"),
];

/// The registered coding extensions, in order of preference among variants that tie.
pub const CODINGS: &[(&str, Coding<'static>)] = &[
    ("br", Coding::BR),
    ("zst", Coding::ZSTD),
    ("gz", Coding::GZIP),
];

/// What one extension of a file name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension<'n> {
    /// A media type, with its rank: in [`TYPES`], or after them for a site's own types.
    Type(MediaType<'n>, usize),
    /// A content coding, with its rank in [`CODINGS`].
    Coding(Coding<'static>, usize),
    /// A language tag (`en`, `pt-BR`).
    Language(&'n str),
}

impl<'n> Extension<'n> {
    /// What `extension` says, or `None` when it is not registered. Types and codings are
    /// compared case-insensitively. A language is a tag whose language is a two-letter ISO
    /// 639-1 code or one of [`THREE_LETTER_LANGUAGES`], with at most two more subtags (`de`,
    /// `pt-BR`, `zh-Hant-TW`), as the file name writes it: three-letter extensions are mostly
    /// not languages (`bak`, `old`, `tmp`, `swp`), so they are not read as ones.
    ///
    /// `extra` are a site's own types (extension, lower-cased, and media type); they come
    /// before the built-in ones, so a site can change what an extension means.
    pub fn of(extension: &'n str, extra: &'n [(String, String)]) -> Option<Extension<'n>> {
        if let Some(rank) = extra
            .iter()
            .position(|(e, _)| e.eq_ignore_ascii_case(extension))
        {
            let media_type = MediaType::parse(&extra[rank].1).ok()?;
            return Some(Extension::Type(media_type, TYPES.len() + rank));
        }
        if let Some(rank) = TYPES
            .iter()
            .position(|(e, _)| e.eq_ignore_ascii_case(extension))
        {
            let media_type = MediaType::parse(TYPES[rank].1).ok()?;
            return Some(Extension::Type(media_type, rank));
        }
        if let Some(rank) = CODINGS
            .iter()
            .position(|(e, _)| e.eq_ignore_ascii_case(extension))
        {
            return Some(Extension::Coding(CODINGS[rank].1, rank));
        }
        is_language(extension).then_some(Extension::Language(extension))
    }
}

/// The three-letter languages read from file names (those without a two-letter code that
/// sites publish in).
pub const THREE_LETTER_LANGUAGES: &[&str] =
    &["ast", "ckb", "fil", "gsw", "haw", "nds", "sco", "yue"];

fn is_language(text: &str) -> bool {
    let mut subtags = text.split('-');
    let primary = subtags.next().unwrap_or_default();
    let primary_ok = (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        || THREE_LETTER_LANGUAGES.contains(&primary.to_ascii_lowercase().as_str());
    let rest: Vec<&str> = subtags.collect();
    primary_ok
        && rest.len() <= 2
        && rest
            .iter()
            .all(|s| (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
        && LanguageTag::parse(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_codings_and_languages_are_read_and_nothing_else() {
        assert!(
            matches!(Extension::of("html", &[]), Some(Extension::Type(t, 0)) if t == MediaType::TEXT_HTML)
        );
        assert!(
            matches!(Extension::of("JSON", &[]), Some(Extension::Type(t, _)) if t == MediaType::APPLICATION_JSON)
        );
        assert_eq!(
            Extension::of("gz", &[]),
            Some(Extension::Coding(Coding::GZIP, 2))
        );
        assert_eq!(
            Extension::of("zst", &[]),
            Some(Extension::Coding(Coding::ZSTD, 1))
        );
        assert_eq!(Extension::of("de", &[]), Some(Extension::Language("de")));
        assert_eq!(
            Extension::of("pt-BR", &[]),
            Some(Extension::Language("pt-BR"))
        );
        for unknown in [
            "bak",
            "swp",
            "old",
            "tmp",
            "orig",
            "x",
            "1",
            "en-",
            "en~",
            "tar",
            "de-old-version-x",
            "",
        ] {
            assert_eq!(Extension::of(unknown, &[]), None, "{unknown}");
        }
        let extra = [("gpx".to_owned(), "application/gpx+xml".to_owned())];
        assert!(matches!(
            Extension::of("GPX", &extra),
            Some(Extension::Type(t, rank)) if t.to_string() == "application/gpx+xml" && rank == TYPES.len()
        ));
        assert_eq!(Extension::of("gpx", &[]), None);
    }
}
