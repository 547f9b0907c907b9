//! A site's own settings for `conneg serve`, in `.conneg.toml` at the site's root (or the file
//! `--config` names): extensions beyond the built-in ones, the source quality (`qs`) of
//! files, and the variant a URL serves by default. A dotfile, so it is never served.
//!
//! ```toml
//! # Extensions: extension = media type.
//! [types]
//! webmanifest = "application/manifest+json"
//!
//! # Files, by their path in the site: a source quality from 0 to 1 (1 unless set).
//! [files."news.en.md"]
//! qs = 0.5
//!
//! # URLs: the file served to a client that states no preference, and on fallback.
//! [resources."/news"]
//! default = "news.de.html"
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use conneg::{MediaType, Quality};
use serde::Deserialize;

/// The settings file's name at the site's root.
pub const FILE: &str = ".conneg.toml";

/// A site's settings, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Extra extensions, lower-cased, and their media types, in alphabetical order (their
    /// rank among tying variants, after the built-in types).
    pub types: Vec<(String, String)>,
    /// Source qualities of files, by their path in the site (`news.en.md`, `docs/a.html`).
    pub qs: BTreeMap<String, Quality>,
    /// The default file of a URL (`/news` → `news.de.html`), as the file wrote it.
    pub defaults: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    types: toml::Table,
    #[serde(default)]
    files: BTreeMap<String, RawFile>,
    #[serde(default)]
    resources: BTreeMap<String, RawResource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    qs: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    default: String,
}

/// Why settings cannot be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file cannot be read.
    Unreadable(PathBuf, std::io::Error),
    /// Not TOML of the expected shape, or a value that is not allowed: the file, and why
    /// ([`Config::parse`]'s message).
    Invalid(PathBuf, String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unreadable(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            ConfigError::Invalid(path, why) => write!(f, "{}: {why}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads and validates a settings file.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::Unreadable(path.to_owned(), e))?;
        Config::parse(&text).map_err(|why| ConfigError::Invalid(path.to_owned(), why))
    }

    /// Parses and validates settings; the error says what is wrong and where (TOML's
    /// message for a syntax error, with its line).
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
        let mut config = Config::default();
        for (extension, media_type) in raw.types {
            let Some(media_type) = media_type.as_str() else {
                return Err(format!(
                    "[types] {extension}: the media type must be a string"
                ));
            };
            let token = !extension.is_empty()
                && extension
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !token {
                return Err(format!(
                    "[types] {extension:?} is not an extension (letters, digits, - and _, without the dot)"
                ));
            }
            match MediaType::parse(media_type) {
                Ok(t) if t.type_() != "*" && t.subtype() != "*" && t.params().next().is_none() => {}
                Ok(t) if t.params().next().is_some() => {
                    return Err(format!(
                        "[types] {extension}: {media_type:?} has parameters; give the type alone (text files are served as UTF-8)"
                    ));
                }
                _ => {
                    return Err(format!(
                        "[types] {extension}: {media_type:?} is not a media type"
                    ));
                }
            }
            let lower = extension.to_ascii_lowercase();
            if config.types.iter().any(|(e, _)| *e == lower) {
                return Err(format!(
                    "[types] {extension}: given twice (extensions are compared case-insensitively)"
                ));
            }
            config.types.push((lower, media_type.to_owned()));
        }
        for (path, file) in raw.files {
            // In range, so the rounded thousandths fit a u16 with no sign to lose.
            #[allow(clippy::cast_sign_loss)]
            let qs = (file.qs.is_finite() && (0.0..=1.0).contains(&file.qs))
                .then(|| Quality::from_thousandths((file.qs * 1000.0).round() as u16))
                .flatten()
                .ok_or_else(|| {
                    format!(
                        "[files.\"{path}\"] qs = {} is not a number from 0 to 1",
                        file.qs
                    )
                })?;
            config
                .qs
                .insert(path.trim_start_matches('/').to_owned(), qs);
        }
        for (url, resource) in raw.resources {
            if !url.starts_with('/') {
                return Err(format!("[resources.\"{url}\"]: a URL path starts with /"));
            }
            config.defaults.insert(url, resource.default);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_and_checked() {
        let config = Config::parse(
            "[types]\nWebManifest = \"application/manifest+json\"\n\
             [files.\"news.en.md\"]\nqs = 0.5\n\
             [resources.\"/news\"]\ndefault = \"news.de.html\"\n",
        )
        .unwrap();
        assert_eq!(
            config.types,
            [(
                "webmanifest".to_owned(),
                "application/manifest+json".to_owned()
            )]
        );
        assert_eq!(config.qs["news.en.md"].thousandths(), 500);
        assert_eq!(config.defaults["/news"], "news.de.html");
        assert_eq!(Config::parse("").unwrap(), Config::default());

        let error = |text: &str| Config::parse(text).unwrap_err();
        assert!(error("[types]\n\"a.b\" = \"text/x\"").contains("is not an extension"));
        assert!(error("[types]\nx = \"text/*\"").contains("is not a media type"));
        assert!(error("[types]\nx = 1").contains("must be a string"));
        assert!(error("[types]\ntxt = \"text/plain; charset=latin1\"").contains("has parameters"));
        assert!(error("[types]\nGPX = \"a/b\"\ngpx = \"a/c\"").contains("given twice"));
        assert!(error("[files.a]\nqs = 1.5").contains("qs = 1.5 is not a number from 0 to 1"));
        assert!(error("[resources.news]\ndefault = \"a\"").contains("starts with /"));
        assert!(
            error("[sites]\n").contains("unknown field `sites`"),
            "{}",
            error("[sites]\n")
        );
        assert!(
            error("[files.a]\nqs = \"high\"").contains("invalid type"),
            "{}",
            error("[files.a]\nqs = \"high\"")
        );
    }
}
