//! The site over loopback: type strict, language fallback, one handler per page.

use conneg_testkit::{Case, Check};

#[tokio::test]
async fn pages_are_negotiated_by_type_and_language() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, axum_site::app()).await.unwrap() });
    let vary = "Accept, Accept-Language";
    let cases = [
        Case::get("no preference: English HTML", "/", 200)
            .expect("content-type", "text/html; charset=utf-8")
            .expect("content-language", "en")
            .expect("vary", vary)
            .check(Check::Contains(vec!["<h1>Welcome</h1>", "lang=\"en\""])),
        Case::get("German by preference", "/about", 200)
            .header("accept-language", "de-CH, de;q=0.9, en;q=0.5")
            .expect("content-language", "de")
            .check(Check::Contains(vec!["<h1>Über uns</h1>"])),
        Case::get("Markdown for an agent", "/", 200)
            .header("accept", "text/markdown, text/html;q=0.5")
            .header("accept-language", "de")
            .expect("content-type", "text/markdown; charset=utf-8")
            .expect("content-language", "de")
            .check(Check::Contains(vec!["# Willkommen\n"])),
        Case::get("French falls back to English", "/", 200)
            .header("accept-language", "fr")
            .expect("content-language", "en")
            .expect("vary", vary),
        Case::get("JSON is refused: 406 listing the four pages", "/", 406)
            .header("accept", "application/json")
            .expect("vary", vary)
            .check(Check::Contains(vec!["text/html", "text/markdown", "de"])),
    ];
    conneg_testkit::assert_cases(addr, &cases).await;
}
