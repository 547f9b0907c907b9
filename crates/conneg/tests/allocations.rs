//! Parsing and matching never touch the heap: a counting global allocator proves it for all
//! six headers, for the headers of the real-world corpus, and for headers at the caps.
//!
//! The counter is per thread, so the test harness's own threads do not disturb it.

// Implementing `GlobalAlloc` needs `unsafe`; this file only forwards to `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use conneg::{
    AIm, Accept, AcceptCharset, AcceptDatetime, AcceptEncoding, AcceptLanguage, Charset, Coding,
    HttpDate, InstanceManipulation, LanguageTag, Limits, MediaType,
};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; counting
// touches only a const-initialised thread-local `Cell`, which does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The index a one-pass choice gives.
fn index<M>(chosen: Result<Option<(usize, M)>, conneg::Error>) -> Option<usize> {
    chosen.unwrap().map(|(i, _)| i)
}

/// The allocations `f` makes on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

#[test]
fn the_counter_counts() {
    let (n, v) = allocations(|| vec![1u8; 16]);
    assert_eq!(n, 1);
    assert_eq!(v.len(), 16);
}

#[test]
fn parse_and_match_all_six_headers_without_allocating() {
    let chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
    let media = [MediaType::APPLICATION_JSON, MediaType::TEXT_HTML];
    let languages = [
        LanguageTag::parse("en").unwrap(),
        LanguageTag::parse("de").unwrap(),
        LanguageTag::parse("fr").unwrap(),
    ];
    let codings = [Coding::BR, Coding::GZIP, Coding::IDENTITY];
    let charsets = [Charset::UTF_8, Charset::parse("iso-8859-1").unwrap()];
    let ims = [InstanceManipulation::parse("feed").unwrap()];
    let mementos = [
        HttpDate::from_unix_seconds(0).unwrap(),
        HttpDate::from_unix_seconds(1_000_000_000).unwrap(),
    ];
    let lines = ["text/html;q=0.5", "application/json"];

    let (n, results) = allocations(|| {
        let accept = Accept::parse(chrome).unwrap();
        let lines = Accept::parse(&lines[..]).unwrap();
        let language =
            AcceptLanguage::parse("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5").unwrap();
        let encoding = AcceptEncoding::parse("gzip, deflate, br, zstd").unwrap();
        let charset = AcceptCharset::parse("ISO-8859-1,utf-8;q=0.7,*;q=0.3").unwrap();
        let im = AIm::parse("feed, vcdiff;q=0.5").unwrap();
        let datetime = AcceptDatetime::parse("Thu, 31 May 2007 20:35:00 GMT").unwrap();
        (
            accept.best(&media).map(|(i, _)| i),
            accept.match_of(&media[0]).map(|m| m.position),
            lines.best(&media).map(|(i, _)| i),
            language.best(&languages).map(|(i, _)| i),
            encoding.best(&codings).map(|(i, _)| i),
            charset.best(&charsets).map(|(i, _)| i),
            im.best(&ims).map(|(i, _)| i),
            datetime.closest(&mementos),
        )
    });
    assert_eq!(n, 0, "parse + match allocated {n} times");
    assert_eq!(
        results,
        (
            Some(1),
            Some(6),
            Some(0),
            Some(2),
            Some(1),
            Some(1),
            Some(0),
            Some(1)
        )
    );
}

#[test]
fn choosing_in_one_pass_does_not_allocate() {
    let media = [MediaType::APPLICATION_JSON, MediaType::TEXT_HTML];
    let languages = [
        LanguageTag::parse("en").unwrap(),
        LanguageTag::parse("fr").unwrap(),
    ];
    let codings = [Coding::BR, Coding::GZIP, Coding::IDENTITY];
    let charsets = [Charset::UTF_8];
    let ims = [InstanceManipulation::parse("feed").unwrap()];
    let (n, results) = allocations(|| {
        (
            index(Accept::choose("text/html;q=0.9, */*;q=0.8", &media)),
            index(Accept::choose("*/*", &media)),
            index(AcceptLanguage::choose("fr-CH, en;q=0.5", &languages)),
            index(AcceptEncoding::choose("deflate", &codings)),
            index(AcceptCharset::choose("utf-8", &charsets)),
            index(AIm::choose("feed", &ims)),
        )
    });
    assert_eq!(n, 0, "choose allocated {n} times");
    assert_eq!(
        results,
        (Some(1), Some(0), Some(1), Some(2), Some(0), Some(0))
    );
}

#[test]
fn headers_at_the_caps_do_not_allocate() {
    let limits = Limits::DEFAULT;
    let member = "application/vnd.example+json;version=2;charset=utf-8;q=0.5";
    let header = vec![member; limits.max_members].join(", ");
    assert!(header.len() <= limits.max_bytes);
    let offers: Vec<MediaType<'_>> = (0..24)
        .map(|_| {
            MediaType::parse("application/vnd.example+json; version=2; charset=UTF-8").unwrap()
        })
        .collect();
    let (n, best) = allocations(|| {
        Accept::parse(header.as_str())
            .unwrap()
            .best(&offers)
            .map(|(i, m)| (i, m.position))
    });
    assert_eq!(n, 0);
    assert_eq!(best, Some((0, 0)));
}

#[test]
fn errors_do_not_allocate() {
    let long = "a/b,".repeat(3000);
    let (n, err) = allocations(|| Accept::parse(long.as_str()).unwrap_err().is_over_limit());
    assert_eq!(n, 0);
    assert!(err);
    let (n, err) = allocations(|| AcceptDatetime::parse("yesterday").is_err());
    assert_eq!(n, 0);
    assert!(err);
}

#[test]
fn selection_among_many_variants_does_not_allocate() {
    // Chrome's navigation headers, a site's variants across four dimensions.
    let en = LanguageTag::parse("en").unwrap();
    let de = LanguageTag::parse("de").unwrap();
    let mut variants = Vec::new();
    for t in [MediaType::TEXT_HTML, MediaType::APPLICATION_JSON] {
        for l in [en, de] {
            for c in [Coding::IDENTITY, Coding::BR] {
                variants.push(conneg::Variant::new().media_type(t).language(l).coding(c));
            }
        }
    }
    assert_eq!(variants.len(), 8);
    // And 40 more, past "a few dozen", for the ranking's capacity.
    let many: Vec<_> = (0..48).map(|i| variants[i % 8]).collect();
    for set in [&variants[..], &many[..]] {
        let (n, (status, chosen)) = allocations(|| {
            let request = conneg::Request::new()
                .header("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
                .and_then(|r| r.header("accept-language", "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7"))
                .and_then(|r| r.header("accept-encoding", "gzip, deflate, br, zstd"))
                .and_then(|r| r.header("accept-charset", "utf-8, iso-8859-1;q=0.5"))
                .unwrap();
            let d = conneg::negotiate(&request, set, &conneg::Policy::STRICT);
            let _ = d.vary();
            let _ = d.ranking().count();
            let _ = d.acceptable();
            let resource = conneg::Resource::new(set, conneg::Policy::STRICT);
            let p = resource.negotiate(&request);
            let _ = (p.vary(), p.ranking().count(), p.acceptable());
            assert_eq!((p.status(), p.chosen()), (d.status(), d.chosen()));
            (d.status(), d.chosen())
        });
        assert_eq!(n, 0);
        assert_eq!((status, chosen), (200, Some(3))); // HTML, German, br
    }
}
