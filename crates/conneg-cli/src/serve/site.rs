//! The files a site is made of: read from a directory, or the demo embedded in the binary.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use bytes::Bytes;

/// One file of a site: its path from the site's root (`/`-separated, no leading `/`), its
/// bytes and when it last changed.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// `news.en.html`, `assets/style.css.br`.
    pub path: String,
    /// The content.
    pub body: Bytes,
    /// The modification time (for the demo, when the binary was built: its files never
    /// change while it runs).
    pub modified: SystemTime,
}

/// Why a site could not be read.
#[derive(Debug)]
pub enum SiteError {
    /// The directory does not exist or is not a directory.
    NotADirectory(PathBuf),
    /// The directory (or one below it) cannot be listed.
    Unreadable(PathBuf, std::io::Error),
}

impl std::fmt::Display for SiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SiteError::NotADirectory(path) => {
                write!(f, "{} is not a directory", path.display())
            }
            SiteError::Unreadable(path, e) => write!(f, "cannot list {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for SiteError {}

/// Calls `visit` with the relative path, the path and the metadata of every regular file
/// under `root` (dotfiles and dot-directories skipped, symbolic links followed), and collects
/// a warning for each entry that could not be read (it is left out).
fn walk(
    root: &Path,
    mut visit: impl FnMut(String, PathBuf, &std::fs::Metadata, &mut Vec<String>),
) -> Result<Vec<String>, SiteError> {
    if !root.is_dir() {
        return Err(SiteError::NotADirectory(root.to_owned()));
    }
    let mut warnings = Vec::new();
    let mut pending = vec![(root.to_owned(), String::new())];
    // Directories seen, by their canonical path: a symbolic link back up the tree is read once.
    let mut seen = std::collections::HashSet::new();
    while let Some((dir, prefix)) = pending.pop() {
        if let Ok(canonical) = std::fs::canonicalize(&dir) {
            if !seen.insert(canonical) {
                warnings.push(format!(
                    "skipped {}: a link to a directory already read",
                    dir.display()
                ));
                continue;
            }
        }
        let entries = std::fs::read_dir(&dir).map_err(|e| SiteError::Unreadable(dir.clone(), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| SiteError::Unreadable(dir.clone(), e))?;
            let Ok(name) = entry.file_name().into_string() else {
                warnings.push(format!(
                    "skipped {}: the name is not UTF-8",
                    entry.path().display()
                ));
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let relative = format!("{prefix}{name}");
            // Follows symbolic links, as a web server's document root usually does.
            let metadata = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    warnings.push(format!("skipped {}: {e}", path.display()));
                    continue;
                }
            };
            if metadata.is_dir() {
                pending.push((path, format!("{relative}/")));
            } else if metadata.is_file() {
                visit(relative, path, &metadata, &mut warnings);
            }
        }
    }
    Ok(warnings)
}

/// The files under `root` (dotfiles and dot-directories skipped), and a warning for each file
/// that could not be read (it is left out).
pub fn read_dir(root: &Path) -> Result<(Vec<SiteFile>, Vec<String>), SiteError> {
    let mut files = Vec::new();
    let warnings = walk(
        root,
        |relative, path, metadata, warnings| match std::fs::read(&path) {
            Ok(body) => files.push(SiteFile {
                path: relative,
                body: Bytes::from(body),
                modified: metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            }),
            Err(e) => warnings.push(format!("skipped {}: {e}", path.display())),
        },
    )?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, warnings))
}

/// What else tells a file apart on Unix: its inode, permissions and change time (a `chmod`
/// that makes a file readable, a link pointed elsewhere). A rewrite of the same length within
/// one tick of the file system's clock can still go unseen.
#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> (u64, u32, i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (
        metadata.ino(),
        metadata.mode(),
        metadata.ctime(),
        metadata.ctime_nsec(),
    )
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u32, i64, i64) {
    (0, 0, 0, 0)
}

/// What of a file's metadata says it changed: length, modification time, and on Unix inode,
/// permissions and change time.
pub fn stamp(
    metadata: &std::fs::Metadata,
) -> (u64, Option<std::time::SystemTime>, (u64, u32, i64, i64)) {
    (metadata.len(), metadata.modified().ok(), identity(metadata))
}

/// A digest of what [`read_dir`] would read: every file's path, length, modification time
/// (and on Unix inode, permissions and change time), from metadata alone (no file is opened).
/// It changes when a file is added, removed, renamed, written or made readable.
pub fn fingerprint(root: &Path) -> Result<u64, SiteError> {
    use std::hash::{Hash, Hasher};
    let mut seen = Vec::new();
    walk(root, |relative, _, metadata, _| {
        seen.push((relative, stamp(metadata)));
    })?;
    seen.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    seen.hash(&mut hasher);
    Ok(hasher.finish())
}

/// The demo site's files (`crates/conneg-cli/demo`, its contributors' README left out),
/// embedded when the binary is built.
pub const DEMO: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../demo/assets/style.css"),
    ),
    (
        "assets/style.css.br",
        include_bytes!("../../demo/assets/style.css.br"),
    ),
    (
        "assets/style.css.gz",
        include_bytes!("../../demo/assets/style.css.gz"),
    ),
    (
        "assets/style.css.zst",
        include_bytes!("../../demo/assets/style.css.zst"),
    ),
    ("data.csv", include_bytes!("../../demo/data.csv")),
    ("data.json", include_bytes!("../../demo/data.json")),
    ("data.xml", include_bytes!("../../demo/data.xml")),
    ("index.de.html", include_bytes!("../../demo/index.de.html")),
    ("index.en.html", include_bytes!("../../demo/index.en.html")),
    ("index.en.md", include_bytes!("../../demo/index.en.md")),
    ("index.fr.html", include_bytes!("../../demo/index.fr.html")),
    ("news.de.html", include_bytes!("../../demo/news.de.html")),
    ("news.en.html", include_bytes!("../../demo/news.en.html")),
    (
        "news.pt-BR.html",
        include_bytes!("../../demo/news.pt-BR.html"),
    ),
];

/// The demo site, as files.
pub fn demo(modified: SystemTime) -> Vec<SiteFile> {
    DEMO.iter()
        .map(|(path, body)| SiteFile {
            path: (*path).to_owned(),
            body: Bytes::from_static(body),
            modified,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_embeds_every_file_of_its_directory_but_the_readme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
        let (files, warnings) = read_dir(&dir).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let on_disk: Vec<&str> = files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| *p != "README.md")
            .collect();
        let embedded: Vec<&str> = DEMO.iter().map(|(p, _)| *p).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn the_fingerprint_changes_with_the_files() {
        let dir = std::env::temp_dir().join(format!("conneg-fingerprint-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.html"), "a").unwrap();
        let first = fingerprint(&dir).unwrap();
        assert_eq!(
            fingerprint(&dir).unwrap(),
            first,
            "stable when nothing changes"
        );
        std::fs::write(dir.join(".hidden"), "x").unwrap();
        assert_eq!(
            fingerprint(&dir).unwrap(),
            first,
            "dotfiles are not part of the site"
        );
        std::fs::write(dir.join("sub/b.html"), "b").unwrap();
        let added = fingerprint(&dir).unwrap();
        assert_ne!(added, first);
        std::fs::write(dir.join("a.html"), "longer").unwrap();
        let written = fingerprint(&dir).unwrap();
        assert_ne!(written, added);
        // Made unreadable (or readable again): the mode tells.
        #[cfg(unix)]
        let written = {
            use std::os::unix::fs::PermissionsExt;
            let path = dir.join("a.html");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            let changed = fingerprint(&dir).unwrap();
            assert_ne!(changed, written);
            changed
        };
        std::fs::rename(dir.join("sub/b.html"), dir.join("sub/c.html")).unwrap();
        assert_ne!(fingerprint(&dir).unwrap(), written);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(fingerprint(&dir).is_err());
    }

    #[test]
    fn a_missing_directory_is_a_clear_error() {
        let err = read_dir(Path::new("/no/such/dir")).unwrap_err();
        assert_eq!(err.to_string(), "/no/such/dir is not a directory");
    }
}
