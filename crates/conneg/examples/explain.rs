//! Explains how one request header judges a server's offers, member by member.
//!
//! ```text
//! cargo run -p conneg --example explain -- accept 'text/html;q=0.9, */*;q=0.1' application/json text/html
//! ```
//!
//! The first argument names the header (`accept`, `accept-language`, `accept-charset`,
//! `accept-encoding`, `a-im`), the second is its value, the rest are the offers.

use std::fmt::Display;
use std::process::ExitCode;

use conneg::{
    AIm, Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Charset, Coding, Error,
    InstanceManipulation, LanguageTag, Match, MediaType,
};

fn report<M: Display, S: std::fmt::Debug>(
    offers: &[String],
    judge: impl Fn(usize) -> Option<Match<M, S>>,
    best: Option<usize>,
) {
    for (i, offer) in offers.iter().enumerate() {
        match judge(i) {
            Some(m) if m.is_acceptable() => println!(
                "  {offer:<28} q={:<5} by {} (member {}, {:?})",
                m.quality, m.member, m.position, m.specificity
            ),
            Some(m) => println!(
                "  {offer:<28} refused by {} (member {})",
                m.member, m.position
            ),
            None => println!("  {offer:<28} not acceptable: no member matches"),
        }
    }
    match best {
        Some(i) => println!("best: {}", offers[i]),
        None => println!("best: none (a strict server answers 406)"),
    }
}

/// Prints the report; `Ok(false)` when the header is not one this example knows.
fn run(header: &str, value: &str, offers: &[String]) -> Result<bool, Error> {
    match header.to_ascii_lowercase().as_str() {
        "accept" => {
            let h = Accept::parse(value)?;
            let o = offers
                .iter()
                .map(|s| MediaType::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            println!("{header}: {h}");
            report(offers, |i| h.match_of(&o[i]), h.best(&o).map(|b| b.0));
        }
        "accept-language" => {
            let h = AcceptLanguage::parse(value)?;
            let o = offers
                .iter()
                .map(|s| LanguageTag::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            println!("{header}: {h}");
            report(offers, |i| h.match_of(&o[i]), h.best(&o).map(|b| b.0));
        }
        "accept-charset" => {
            let h = AcceptCharset::parse(value)?;
            let o = offers
                .iter()
                .map(|s| Charset::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            println!("{header}: {h}");
            report(offers, |i| h.match_of(&o[i]), h.best(&o).map(|b| b.0));
        }
        "accept-encoding" => {
            let h = AcceptEncoding::parse(value)?;
            let o = offers
                .iter()
                .map(|s| Coding::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            println!("{header}: {h}");
            report(offers, |i| h.match_of(&o[i]), h.best(&o).map(|b| b.0));
        }
        "a-im" => {
            let h = AIm::parse(value)?;
            let o = offers
                .iter()
                .map(|s| InstanceManipulation::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            println!("{header}: {h}");
            report(offers, |i| h.match_of(&o[i]), h.best(&o).map(|b| b.0));
        }
        other => {
            eprintln!(
                "error: unknown header {other:?}: expected accept, accept-language, accept-charset, accept-encoding or a-im"
            );
            return Ok(false);
        }
    }
    Ok(true)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [header, value, offers @ ..] = &args[..] else {
        eprintln!("usage: explain HEADER VALUE OFFER...");
        return ExitCode::from(2);
    };
    match run(header, value, offers) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
