//! A site's own page for 406 responses: an HTML file with one marker where conneg puts the
//! list of available representations (escaped), so that the 406 looks like the rest of the
//! site and keeps conneg's headers (`Vary`, `Link`, `Cache-Control: no-store`).

use std::fmt;
use std::path::{Path, PathBuf};

use conneg::Report;

/// The marker the page must contain once: an HTML comment, so the page previews as it is.
pub const MARKER: &str = "<!-- conneg:not-acceptable -->";

/// A 406 page: the HTML before and after the marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    before: String,
    after: String,
}

/// Why a page cannot be used.
#[derive(Debug)]
pub enum PageError {
    /// The file cannot be read.
    Unreadable(PathBuf, std::io::Error),
    /// The file is not UTF-8.
    NotUtf8(PathBuf),
    /// The marker is missing.
    NoMarker(PathBuf),
    /// The marker appears more than once.
    SeveralMarkers(PathBuf, usize),
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::Unreadable(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            PageError::NotUtf8(path) => write!(f, "{} is not UTF-8", path.display()),
            PageError::NoMarker(path) => write!(
                f,
                "{} has no {MARKER} where the list of representations goes",
                path.display()
            ),
            PageError::SeveralMarkers(path, n) => write!(
                f,
                "{} has {n} {MARKER} markers; it must have one",
                path.display()
            ),
        }
    }
}

impl std::error::Error for PageError {}

impl Page {
    /// Reads a page from a file.
    pub fn read(path: &Path) -> Result<Page, PageError> {
        let bytes = std::fs::read(path).map_err(|e| PageError::Unreadable(path.to_owned(), e))?;
        let text = String::from_utf8(bytes).map_err(|_| PageError::NotUtf8(path.to_owned()))?;
        Page::parse(&text).map_err(|n| match n {
            0 => PageError::NoMarker(path.to_owned()),
            n => PageError::SeveralMarkers(path.to_owned(), n),
        })
    }

    /// A page from its text; the number of markers when it is not one.
    pub fn parse(text: &str) -> Result<Page, usize> {
        let (before, after) = text.split_once(MARKER).ok_or(0_usize)?;
        if after.contains(MARKER) {
            return Err(text.matches(MARKER).count());
        }
        Ok(Page {
            before: before.to_owned(),
            after: after.to_owned(),
        })
    }

    /// The page with the report's HTML fragment (every value escaped) in place of the marker.
    pub fn render(&self, report: &Report) -> String {
        let fragment = report.html_fragment();
        let mut out = String::with_capacity(self.before.len() + fragment.len() + self.after.len());
        out.push_str(&self.before);
        out.push_str(&fragment);
        out.push_str(&self.after);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_needs_exactly_one_marker() {
        assert_eq!(Page::parse("<p>no marker</p>"), Err(0));
        assert_eq!(Page::parse(&format!("{MARKER}{MARKER}")), Err(2));
        let page = Page::parse(&format!("<main>{MARKER}</main>")).unwrap();
        assert_eq!(page.before, "<main>");
        assert_eq!(page.after, "</main>");
        let missing = Page::read(Path::new("/no/such/page.html")).unwrap_err();
        assert!(
            missing
                .to_string()
                .starts_with("cannot read /no/such/page.html: ")
        );
    }
}
