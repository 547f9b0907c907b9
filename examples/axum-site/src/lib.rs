//! A site whose pages are HTML for browsers and Markdown for agents and terminals, in English
//! and German: one handler per page, one text per language, two renderers.
//!
//! The type is strict (a client that accepts neither HTML nor Markdown gets a 406 that lists
//! the four representations); the language falls back (a French reader gets the English page
//! rather than a 406, with `Vary: Accept, Accept-Language` all the same).

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use conneg::{Field, LanguageTag, Policy};
use conneg_tower::{Format, NegotiateLayer, Negotiated, Representation, Representations};

/// A page's text in one language.
struct Page {
    title: &'static str,
    paragraphs: &'static [&'static str],
}

const HOME_EN: Page = Page {
    title: "Welcome",
    paragraphs: &[
        "This page is served as HTML or Markdown, in English or German.",
        "Ask with Accept: text/markdown for the Markdown, Accept-Language: de for German.",
    ],
};
const HOME_DE: Page = Page {
    title: "Willkommen",
    paragraphs: &[
        "Diese Seite gibt es als HTML oder Markdown, auf Englisch oder Deutsch.",
        "Mit Accept: text/markdown kommt Markdown, mit Accept-Language: de Deutsch.",
    ],
};
const ABOUT_EN: Page = Page {
    title: "About",
    paragraphs: &["A demo of conneg: content negotiation for Rust web servers."],
};
const ABOUT_DE: Page = Page {
    title: "Über uns",
    paragraphs: &["Eine Vorführung von conneg: Content Negotiation für Rust-Webserver."],
};

/// The application: `/` and `/about`.
///
/// # Panics
///
/// Only if a language tag written in this function were invalid; the tests build the app.
pub fn app() -> Router {
    let en = LanguageTag::parse("en").expect("a valid tag");
    let de = LanguageTag::parse("de").expect("a valid tag");
    // English HTML first: the default, and the fallback for other languages.
    let pages = Representations::new([
        Representation::new(Format::Html).language(en),
        Representation::new(Format::Markdown).language(en),
        Representation::new(Format::Html).language(de),
        Representation::new(Format::Markdown).language(de),
    ])
    .policy(Policy::STRICT.fallback_on(Field::AcceptLanguage));
    Router::new()
        .route("/", get(|n| page(n, &HOME_EN, &HOME_DE)))
        .route("/about", get(|n| page(n, &ABOUT_EN, &ABOUT_DE)))
        .route_layer(NegotiateLayer::new(pages))
}

#[allow(clippy::unused_async)] // a handler
async fn page(n: Negotiated, en: &'static Page, de: &'static Page) -> impl IntoResponse {
    let german = n.variant().language.is_some_and(|l| l.to_string() == "de");
    let (page, lang) = if german { (de, "de") } else { (en, "en") };
    n.render()
        .html(|| html(page, lang))
        .markdown(|| markdown(page))
}

fn html(page: &Page, lang: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><meta charset=\"utf-8\"><title>{0}</title>\n<h1>{0}</h1>\n",
        conneg::escape_html(page.title)
    );
    for p in page.paragraphs {
        out.push_str("<p>");
        out.push_str(&conneg::escape_html(p));
        out.push_str("</p>\n");
    }
    out.push_str("</html>\n");
    out
}

fn markdown(page: &Page) -> String {
    let mut out = format!("# {}\n", page.title);
    for p in page.paragraphs {
        out.push('\n');
        out.push_str(p);
        out.push('\n');
    }
    out
}
