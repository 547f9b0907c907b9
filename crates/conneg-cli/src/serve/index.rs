//! The variant index of a site: for every URL a client may ask for, the files that can answer
//! it, built once from the file names (not re-scanned per request).
//!
//! A file `news.en.html` answers `/news.en.html` (its exact name), and, MultiViews-style,
//! `/news` and `/news.en` (every shorter name whose missing extensions are registered ones).
//! A URL with an exact file is answered by that file and its precompressed twins
//! (`style.css`, `style.css.br`, `style.css.gz`), only the coding negotiated; a URL without
//! one by every file it names, under the site's policy.
//! A directory's URL (`/`, `/docs/`) is answered by its `index.*` files.
//! An Apache type map `news.var` answers `/news` and `/news.var` with the files its records
//! name, typed, labelled and weighted (`qs`) as the records say.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use bytes::Bytes;
use conneg::{Charset, Coding, LanguageTag, MediaType, Policy, Quality, Variant, Vary};
use http::HeaderValue;

use super::config::Config;
use super::extensions::Extension;
use super::site::SiteFile;
use super::typemap;

/// One file that can be served, with what its name says about it and the header values of its
/// responses, built once.
#[derive(Debug)]
pub struct Entry {
    /// Its URL path (`/news.en.html`), decoded: what a request's decoded path is compared to.
    pub url: String,
    /// Its URL path percent-encoded where a URL needs it: for `Content-Location` and the 406
    /// page's links.
    pub href: String,
    /// Its media type, parameters included but not `charset` (validated when the index was
    /// built).
    pub media_type: String,
    type_rank: usize,
    /// Its language, as the file name or type map writes it.
    pub language: Option<String>,
    /// Its charset, when a type map names one.
    pub charset: Option<String>,
    /// Its content coding (a precompressed file).
    pub coding: Option<String>,
    coding_rank: usize,
    /// Its source quality (`qs`): 1, unless a type map or the site's settings say otherwise.
    pub qs: Quality,
    /// The bytes.
    pub body: Bytes,
    /// `Content-Language`, `Content-Encoding` and `Content-Location` values, built once.
    pub content_language: Option<HeaderValue>,
    /// See `content_language`.
    pub content_encoding: Option<HeaderValue>,
    /// See `content_language`; `None` for a body that a type map carries (it has no URL of
    /// its own).
    pub content_location: Option<HeaderValue>,
    /// `Content-Type` (with `charset=utf-8` for text).
    pub content_type: HeaderValue,
    /// A strong validator, distinct for every file.
    pub etag: HeaderValue,
    /// The modification time, as an HTTP date and as seconds.
    pub last_modified: HeaderValue,
    /// The modification time in whole seconds since the epoch.
    pub modified_secs: u64,
}

impl Entry {
    /// The file as a variant for the core's selection.
    pub fn variant(&self) -> Variant<'_> {
        // Every value was parsed when the index was built; these parses cannot fail.
        let mut v = Variant::new().source_quality(self.qs);
        // A body from a type map has no URL of its own.
        if self.content_location.is_some() {
            v = v.url(&self.href);
        }
        if let Ok(media_type) = MediaType::parse(&self.media_type) {
            v = v.media_type(media_type);
        }
        if let Some(tag) = self
            .language
            .as_deref()
            .and_then(|l| LanguageTag::parse(l).ok())
        {
            v = v.language(tag);
        }
        if let Some(charset) = self.charset.as_deref().and_then(|c| Charset::parse(c).ok()) {
            v = v.charset(charset);
        }
        if let Some(coding) = self.coding.as_deref().and_then(|c| Coding::parse(c).ok()) {
            v = v.coding(coding);
        }
        v
    }
}

/// The files that answer one URL, in the server's order of preference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Indices into [`Index::entries`].
    pub entries: Vec<usize>,
    /// The `Vary` of every response for this URL, as a header value; `None` when empty.
    pub vary_value: Option<HeaderValue>,
    /// The request headers a negotiation among these variants reads
    /// ([`conneg::consulted`]): only these are parsed, or can be refused.
    pub consulted: Vary,
    /// The selection policy: the site's; for an exact file name, fallback (a client that
    /// names a file gets it whatever its Accept says; only the coding is negotiated, and
    /// `identity;q=0` with no acceptable twin is 406).
    pub policy: Policy,
}

impl Resource {
    /// The resource of these entries (in the server's order) under `policy`, its `Vary`
    /// and the headers it reads computed once.
    fn new(ids: Vec<usize>, policy: Policy, entries: &[Entry]) -> Resource {
        let variants: Vec<Variant<'_>> = ids.iter().map(|&i| entries[i].variant()).collect();
        let (vary, consulted) = (
            conneg::vary(&variants, &policy),
            conneg::consulted(&variants, &policy),
        );
        let vary_value = (!vary.is_empty())
            .then(|| HeaderValue::try_from(vary.to_string()).ok())
            .flatten();
        Resource {
            entries: ids,
            vary_value,
            consulted,
            policy,
        }
    }
}

/// How a URL is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'i> {
    /// By negotiation among these files.
    Resource(&'i Resource),
    /// A directory named without its final `/`: redirect there.
    Directory,
    /// Nothing.
    Missing,
}

/// The variant index of a site.
#[derive(Debug)]
pub struct Index {
    /// Every servable file.
    pub entries: Vec<Entry>,
    resources: HashMap<String, Resource>,
    directories: HashSet<String>,
    /// The selection policy.
    pub policy: Policy,
    /// Files left out, and why (unregistered extensions, dotfiles are silent).
    pub skipped: Vec<String>,
    /// Settings and type-map records left out, and why.
    pub warnings: Vec<String>,
    /// The site's own page for 406 responses in HTML; conneg's when `None`.
    pub page: Option<std::sync::Arc<super::page::Page>>,
}

impl Index {
    /// The index of `files`; `default_language` variants come first (the default for clients
    /// that state no language, or, under language fallback, ask for none of the site's).
    pub fn build(files: Vec<SiteFile>, default_language: &str, policy: Policy) -> Index {
        Index::build_with(files, default_language, policy, &Config::default())
    }

    /// The index of `files` with a site's settings: its own extensions, files' `qs`, and
    /// URLs' default variants. Settings that name no file or URL of the site are reported in
    /// [`Index::warnings`].
    pub fn build_with(
        files: Vec<SiteFile>,
        default_language: &str,
        policy: Policy,
        config: &Config,
    ) -> Index {
        let extra = config.types.as_slice();
        let mut entries = Vec::new();
        let mut skipped = Vec::new();
        // URL -> (entry, whether the URL is the file's exact name or its name minus codings).
        let mut names: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
        let mut exact: HashSet<String> = HashSet::new();
        let mut directories = HashSet::new();
        let (maps, files): (Vec<SiteFile>, Vec<SiteFile>) =
            files.into_iter().partition(|f| is_type_map(&f.path));
        for file in &files {
            let (dir, name) = match file.path.rsplit_once('/') {
                Some((dir, name)) => (format!("/{dir}/"), name),
                None => ("/".to_owned(), file.path.as_str()),
            };
            let mut d = dir.as_str();
            while d.len() > 1 {
                directories.insert(d.trim_end_matches('/').to_owned());
                d = &d[..d[..d.len() - 1].rfind('/').map_or(1, |i| i + 1)];
            }
            let Some(parsed) = Parsed::of(name, extra) else {
                skipped.push(file.path.clone());
                continue;
            };
            let index = entries.len();
            let url = format!("{dir}{name}");
            exact.insert(url.clone());
            let parts: Vec<&str> = name.split('.').collect();
            for keep in 1..=parts.len() {
                let rest = &parts[keep..];
                let only_codings = rest
                    .iter()
                    .all(|e| matches!(Extension::of(e, extra), Some(Extension::Coding(..))));
                names
                    .entry(format!("{dir}{}", parts[..keep].join(".")))
                    .or_default()
                    .push((index, only_codings));
            }
            let qs = file_qs(config, &file.path);
            entries.push(parsed.entry(url, file, qs));
        }
        let mut resources = HashMap::new();
        for (url, mut candidates) in names {
            let is_exact = exact.contains(&url);
            if is_exact {
                candidates.retain(|&(_, only_codings)| only_codings);
            }
            let policy = if is_exact {
                Policy::FALLBACK.strict_on(conneg::Field::AcceptEncoding)
            } else {
                policy
            };
            let mut ids: Vec<usize> = candidates.into_iter().map(|(i, _)| i).collect();
            ids.sort_by_key(|&i| {
                let e = &entries[i];
                let language = e.language.as_deref().unwrap_or("");
                (
                    !language.eq_ignore_ascii_case(default_language),
                    e.type_rank,
                    language.to_ascii_lowercase(),
                    e.coding.is_some(),
                    e.coding_rank,
                )
            });
            resources.insert(url, Resource::new(ids, policy, &entries));
        }
        let mut warnings = Vec::new();
        for path in config.qs.keys() {
            if !files.iter().any(|f| &f.path == path) {
                warnings.push(format!(
                    "{}: [files.\"{path}\"]: the site has no such file",
                    super::config::FILE
                ));
            }
        }
        let by_path: HashMap<&str, &SiteFile> =
            files.iter().map(|f| (f.path.as_str(), f)).collect();
        // A type map answers its URLs, in place of what the file names would give: the map's
        // own name (`/news.var`) is another name of its stem's resource (`/news`), given
        // its copy once the defaults are applied, whichever of the two they name.
        let mut aliases = HashMap::new();
        for map in &maps {
            if let Some(([stem, name], resource)) =
                type_map(map, &by_path, &mut entries, policy, &mut warnings)
            {
                resources.insert(stem.clone(), resource);
                aliases.insert(name, stem);
            }
        }
        apply_defaults(config, &entries, &aliases, &mut resources, &mut warnings);
        for (name, stem) in aliases {
            if let Some(resource) = resources.get(&stem).cloned() {
                resources.insert(name, resource);
            }
        }
        Index {
            entries,
            resources,
            directories,
            policy,
            skipped,
            warnings,
            page: None,
        }
    }

    /// How `path` (decoded, starting with `/`) is answered.
    pub fn lookup(&self, path: &str) -> Lookup<'_> {
        match self.resources.get(resource_key(path).as_ref()) {
            Some(resource) if !resource.entries.is_empty() => Lookup::Resource(resource),
            _ if self.directories.contains(path) => Lookup::Directory,
            _ => Lookup::Missing,
        }
    }
}

/// The key of the resource that answers the URL path `path`: a directory's is its `index`.
fn resource_key(path: &str) -> Cow<'_, str> {
    if path.ends_with('/') {
        Cow::Owned(format!("{path}index"))
    } else {
        Cow::Borrowed(path)
    }
}

/// A file's source quality from the site's settings: its own, or for a precompressed twin
/// (`news.en.md.gz`) the file's it is a copy of; 1 when the settings say nothing.
fn file_qs(config: &Config, path: &str) -> Quality {
    let mut base = path;
    while let Some((rest, ext)) = base.rsplit_once('.') {
        if config.qs.contains_key(base)
            || !matches!(
                Extension::of(ext, &config.types),
                Some(Extension::Coding(..))
            )
        {
            break;
        }
        base = rest;
    }
    config.qs.get(base).copied().unwrap_or(Quality::ONE)
}

/// Puts each URL's default variant (the site's settings) first among its files: the
/// server's order decides ties and fallbacks. Defaults that name nothing become warnings.
fn apply_defaults(
    config: &Config,
    entries: &[Entry],
    aliases: &HashMap<String, String>,
    resources: &mut HashMap<String, Resource>,
    warnings: &mut Vec<String>,
) {
    for (url, default) in &config.defaults {
        let key = resource_key(url);
        let key = aliases
            .get(key.as_ref())
            .map_or(key, |stem| Cow::from(stem.as_str()));
        let Some(resource) = resources.get_mut(key.as_ref()) else {
            warnings.push(format!(
                "{}: [resources.\"{url}\"]: no file answers {url}",
                super::config::FILE
            ));
            continue;
        };
        let wanted = if default.starts_with('/') {
            default.clone()
        } else {
            format!("{}{default}", &key[..=key.rfind('/').unwrap_or(0)])
        };
        match resource
            .entries
            .iter()
            .position(|&i| entries[i].url == wanted)
        {
            Some(at) => {
                let id = resource.entries.remove(at);
                resource.entries.insert(0, id);
            }
            None => warnings.push(format!(
                "{}: [resources.\"{url}\"] default = {default:?} is not a file that answers {url}",
                super::config::FILE
            )),
        }
    }
}

/// Whether `path` names a type map: its extension is `var`, in any case (as Apache's
/// `AddHandler type-map .var` reads it).
fn is_type_map(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("var"))
}

/// The resource a type map `dir/name.var` describes, and its two URLs (`/dir/name` and
/// `/dir/name.var`): its records' files as entries, in the map's order. `None`, with a warning,
/// when no record gives a variant. A record naming a file outside the map's directory tree, a
/// dotfile, or a file the site does not have is skipped with a warning.
fn type_map(
    map: &SiteFile,
    files: &HashMap<&str, &SiteFile>,
    entries: &mut Vec<Entry>,
    policy: Policy,
    warnings: &mut Vec<String>,
) -> Option<([String; 2], Resource)> {
    let (dir, name) = match map.path.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), map.path.as_str()),
    };
    let stem = name.get(..name.len().checked_sub(4)?)?;
    let (records, skipped) = typemap::parse(&map.body);
    for s in skipped {
        warnings.push(format!("{}:{}: {}", map.path, s.line, s.reason));
    }
    let mut ids = Vec::new();
    for record in records {
        // A body in the map is the variant's content; its URL is the resource's.
        let inline;
        let (file, url) = if let Some(body) = &record.body {
            inline = SiteFile {
                path: map.path.clone(),
                body: Bytes::from(body.clone()),
                modified: map.modified,
            };
            (&inline, format!("/{dir}{stem}"))
        } else {
            let inside = !record.uri.starts_with('/')
                && record
                    .uri
                    .split('/')
                    .all(|segment| !segment.is_empty() && !segment.starts_with('.'));
            let path = format!("{dir}{}", record.uri);
            let Some(file) = files.get(path.as_str()).filter(|_| inside) else {
                warnings.push(format!(
                    "{}: URI {} is not a file of the site under the map's directory",
                    map.path, record.uri
                ));
                continue;
            };
            (*file, format!("/{path}"))
        };
        let languages: Vec<Option<String>> = if record.languages.is_empty() {
            vec![None]
        } else {
            record.languages.iter().cloned().map(Some).collect()
        };
        for language in languages {
            let content_type = match &record.charset {
                Some(charset) => format!("{}; charset={charset}", record.media_type),
                None => record.media_type.clone(),
            };
            let meta = Meta {
                media_type: record.media_type.clone(),
                content_type,
                type_rank: 0,
                language,
                charset: record.charset.clone(),
                coding: record.coding.clone(),
                coding_rank: 0,
                qs: record.qs,
            };
            ids.push(entries.len());
            let mut entry = Entry::new(url.clone(), file, meta);
            if record.body.is_some() {
                entry.content_location = None;
            }
            entries.push(entry);
        }
    }
    if ids.is_empty() {
        warnings.push(format!("{}: no variant; the map is not served", map.path));
        return None;
    }
    let resource = Resource::new(ids, policy, entries);
    Some(([format!("/{dir}{stem}"), format!("/{dir}{name}")], resource))
}

/// What a file name says: a type (required), at most one language and one coding, every
/// extension registered.
struct Parsed<'n> {
    media_type: MediaType<'n>,
    type_rank: usize,
    language: Option<&'n str>,
    coding: Option<(Coding<'static>, usize)>,
}

impl<'n> Parsed<'n> {
    fn of(name: &'n str, extra: &'n [(String, String)]) -> Option<Parsed<'n>> {
        let mut parts = name.split('.');
        let base = parts.next()?;
        if base.is_empty() {
            return None;
        }
        let mut media_type = None;
        let mut language = None;
        let mut coding = None;
        for part in parts {
            match Extension::of(part, extra)? {
                Extension::Type(t, rank) if media_type.is_none() => media_type = Some((t, rank)),
                Extension::Language(l) if language.is_none() => language = Some(l),
                Extension::Coding(c, rank) if coding.is_none() => coding = Some((c, rank)),
                _ => return None,
            }
        }
        let (media_type, type_rank) = media_type?;
        Some(Parsed {
            media_type,
            type_rank,
            language,
            coding,
        })
    }

    fn entry(self, url: String, file: &SiteFile, qs: Quality) -> Entry {
        let text = self.media_type.type_().eq_ignore_ascii_case("text")
            || self.media_type == MediaType::APPLICATION_JSON
            || self
                .media_type
                .subtype()
                .to_ascii_lowercase()
                .ends_with("xml");
        let content_type = if text {
            format!("{}; charset=utf-8", self.media_type)
        } else {
            self.media_type.to_string()
        };
        Entry::new(
            url,
            file,
            Meta {
                media_type: self.media_type.to_string(),
                content_type,
                type_rank: self.type_rank,
                language: self.language.map(str::to_owned),
                charset: None,
                coding: self.coding.map(|(c, _)| c.as_str().to_owned()),
                coding_rank: self.coding.map_or(0, |(_, r)| r),
                qs,
            },
        )
    }
}

/// What is known of a file besides its bytes: from its name or from a type map.
struct Meta {
    media_type: String,
    content_type: String,
    type_rank: usize,
    language: Option<String>,
    charset: Option<String>,
    coding: Option<String>,
    coding_rank: usize,
    qs: Quality,
}

impl Entry {
    fn new(url: String, file: &SiteFile, meta: Meta) -> Entry {
        let mut hasher = std::hash::DefaultHasher::new();
        url.hash(&mut hasher);
        file.body.hash(&mut hasher);
        // Two type-map variants of one file (one per language) have different headers.
        meta.language.hash(&mut hasher);
        meta.content_type.hash(&mut hasher);
        let modified_secs = file
            .modified
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let etag = format!("\"{:x}-{:016x}\"", file.body.len(), hasher.finish());
        let date = httpdate::fmt_http_date(file.modified);
        let href = href(&url);
        Entry {
            content_language: meta
                .language
                .as_deref()
                .and_then(|l| HeaderValue::from_str(l).ok()),
            content_encoding: meta
                .coding
                .as_deref()
                .and_then(|c| HeaderValue::from_str(c).ok()),
            content_location: HeaderValue::from_str(&href).ok(),
            href,
            media_type: meta.media_type,
            type_rank: meta.type_rank,
            language: meta.language,
            charset: meta.charset,
            coding: meta.coding,
            coding_rank: meta.coding_rank,
            qs: meta.qs,
            body: file.body.clone(),
            content_type: HeaderValue::try_from(meta.content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            etag: HeaderValue::try_from(etag).unwrap_or(HeaderValue::from_static("\"0\"")),
            last_modified: HeaderValue::try_from(date)
                .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT")),
            modified_secs,
            url,
        }
    }
}

/// `path` percent-encoded for a URL: every byte but the unreserved ones, the sub-delimiters,
/// `:`, `@` and `/` (RFC 3986 `path`), so a file name with spaces, quotes or non-ASCII
/// letters is a valid URL and header value.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::href;

    #[test]
    fn file_names_become_valid_urls() {
        assert_eq!(href("/news.pt-BR.html"), "/news.pt-BR.html");
        assert_eq!(href("/a b\"ü<.html"), "/a%20b%22%C3%BC%3C.html");
    }
}
