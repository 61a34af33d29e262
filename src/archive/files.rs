//! The archive's files on disk: reading only regular files, within a size
//! limit; opening a record's file without following a symbolic link or
//! leaving the archive folder; hashing in bounded memory; and walking the
//! folder for files the catalogue does not know.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use super::hex;

/// Files of the archive folder that are not records: the catalogue (and the
/// journals SQLite may keep beside it), the head and the lock.
pub(crate) const BOOKKEEPING: &[&str] = &[
    "katalog.sqlite",
    "katalog.sqlite-journal",
    "katalog.sqlite-wal",
    "katalog.sqlite-shm",
    "katalog.hoved",
    "katalog.hoved.ny",
    "katalog.laas",
];

/// The prefix of a file being archived: written, synced, catalogued, then
/// linked to its record's name (see `docs/archive.md`).
pub(crate) const STAGING_PREFIX: &str = ".arkivering-";

/// Opens `path` for reading, without blocking on a FIFO or a device.
fn open_nonblocking(path: &Path, follow: bool) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO opened for reading waits for a writer; O_NONBLOCK does not.
        let flags = libc::O_NONBLOCK | if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    let _ = follow;
    options.open(path)
}

/// Reads the regular file at `path`, at most `limit` bytes. A device
/// (`/dev/zero`), a FIFO or a folder is refused before anything is read, and
/// the limit holds for what is actually read, not what the file claims.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let not_regular = "filen er ikke en almindelig fil (men en mappe, en enhed eller en navngivet pipe)";
    let metadata = std::fs::metadata(path).map_err(|e| format!("filen kan ikke læses: {}", reason(&e)))?;
    if !metadata.is_file() {
        return Err(not_regular.to_string());
    }
    let file = open_nonblocking(path, true).map_err(|e| format!("filen kan ikke læses: {}", reason(&e)))?;
    // The name may have been swapped for something else since it was looked at.
    let opened = file.metadata().map_err(|e| format!("filen kan ikke læses: {}", reason(&e)))?;
    if !opened.is_file() {
        return Err(not_regular.to_string());
    }
    let too_big = || format!("filen er større end {} MB", limit / 1024 / 1024);
    if opened.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("filen kan ikke læses: {}", reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

fn reason(e: &std::io::Error) -> String {
    crate::diagnostics::io_reason(e)
}

/// Whether `file` has the form of a record's path: `<year>/<name>.pdf`, two
/// plain components, no leading dot, only the characters opfolg's file names
/// use. Anything else (absolute, `..`, a hidden or temporary name) is not a
/// record's path, whatever the catalogue says.
pub fn is_record_path(file: &str) -> bool {
    let mut parts = file.split('/');
    let (Some(year), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let year_ok = {
        let digits = year.strip_prefix('-').unwrap_or(year);
        !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let name_ok = name.len() > 4
        && name.len() <= 200
        && !name.starts_with(['.', '-'])
        && name.ends_with(".pdf")
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b))
        && !name.contains("..");
    year_ok && name_ok
}

/// Opens a record's file inside `dir` for reading. Refuses a path that is
/// not a record's ([`is_record_path`]), and follows no symbolic link: every
/// folder on the way and the file itself must be what they are, not links.
pub fn open_record(dir: &Path, file: &str) -> Result<File, String> {
    if !is_record_path(file) {
        return Err("stien er ikke en posts sti (den kunne pege ud af arkivet)".to_string());
    }
    let mut at = dir.to_path_buf();
    let components: Vec<Component> = Path::new(file).components().collect();
    for (i, component) in components.iter().enumerate() {
        let Component::Normal(name) = component else {
            return Err("stien er ikke en posts sti (den kunne pege ud af arkivet)".to_string());
        };
        at.push(name);
        let metadata = std::fs::symlink_metadata(&at).map_err(|e| reason(&e))?;
        let last = i + 1 == components.len();
        if metadata.file_type().is_symlink() {
            return Err(format!("{} er et symbolsk link; arkivet følger ingen links", shown(&at, dir)));
        }
        if !last && !metadata.is_dir() {
            return Err(format!("{} er ikke en mappe", shown(&at, dir)));
        }
        if last && !metadata.is_file() {
            return Err("filen er ikke en almindelig fil".to_string());
        }
    }
    let opened = open_nonblocking(&at, false).map_err(|e| reason(&e))?;
    let metadata = opened.metadata().map_err(|e| reason(&e))?;
    if !metadata.is_file() {
        return Err("filen er ikke en almindelig fil".to_string());
    }
    Ok(opened)
}

fn shown(path: &Path, dir: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

/// SHA-256 and length of everything `reader` gives, read in pieces (an
/// archived file is never held in memory whole); each piece is also written
/// to `copy`, when given.
pub fn hash_stream(
    reader: &mut impl Read,
    mut copy: Option<&mut dyn Write>,
) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buffer[..n]);
        if let Some(out) = copy.as_mut() {
            out.write_all(&buffer[..n])?;
        }
        total += n as u64;
    }
    Ok((hex(&hasher.finalize()), total))
}

/// What the archive folder holds besides the catalogue's own files.
#[derive(Debug, Default)]
pub struct Contents {
    /// Regular files, relative to the folder, with `/` between parts.
    pub files: Vec<String>,
    /// Files of interrupted `add`s ([`STAGING_PREFIX`]).
    pub staged: Vec<String>,
    /// Symbolic links, devices, FIFOs and the like: never a record.
    pub others: Vec<String>,
}

/// Walks the archive folder without following links.
pub fn contents(dir: &Path) -> std::io::Result<Contents> {
    fn walk(dir: &Path, base: &Path, out: &mut Contents) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path: PathBuf = entry.path();
            let rel = path.strip_prefix(base).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let kind = entry.file_type()?;
            if kind.is_dir() && dir == base && rel == super::signature::TRUST_FOLDER {
                // The trust anchors are the archive's configuration, not records.
                continue;
            } else if kind.is_dir() {
                walk(&path, base, out)?;
            } else if dir == base && BOOKKEEPING.contains(&rel.as_str()) && kind.is_file() {
                continue;
            } else if dir == base && rel.starts_with(STAGING_PREFIX) && kind.is_file() {
                out.staged.push(rel);
            } else if kind.is_file() {
                out.files.push(rel);
            } else {
                out.others.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Contents::default();
    walk(dir, dir, &mut out)?;
    out.files.sort();
    out.staged.sort();
    out.others.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_record_paths_are_record_paths() {
        for good in ["2008/halvaarsopfoelgning-2008-v1.pdf", "2009/kontrakt-jsv-v2-0a1b2c3d4e5f.pdf"] {
            assert!(is_record_path(good), "{good}");
        }
        for bad in [
            "/etc/passwd",
            "../x.pdf",
            "2008/../../x.pdf",
            "2008/..pdf",
            "2008/.arkivering-x.pdf",
            "2008/x.pdf/y.pdf",
            "x.pdf",
            "2008//x.pdf",
            "2008/X.pdf",
            "2008/x.tmp",
            "20a8/x.pdf",
            "2008/x\n.pdf",
            "katalog.sqlite",
            "",
        ] {
            assert!(!is_record_path(bad), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_record_behind_a_symbolic_link_is_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hemmelig.pdf"), "x").unwrap();
        std::fs::create_dir(dir.path().join("2008")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("hemmelig.pdf"), dir.path().join("2008/a-v1.pdf"))
            .unwrap();
        let err = open_record(dir.path(), "2008/a-v1.pdf").unwrap_err();
        assert!(err.contains("symbolsk link"), "{err}");
        // A linked folder on the way is refused too.
        std::os::unix::fs::symlink(outside.path(), dir.path().join("2009")).unwrap();
        std::fs::write(outside.path().join("b-v1.pdf"), "x").unwrap();
        let err = open_record(dir.path(), "2009/b-v1.pdf").unwrap_err();
        assert!(err.contains("symbolsk link"), "{err}");
        std::fs::write(dir.path().join("2008/c-v1.pdf"), "pdf").unwrap();
        let mut file = open_record(dir.path(), "2008/c-v1.pdf").unwrap();
        let (sha, len) = hash_stream(&mut file, None).unwrap();
        assert_eq!((sha.as_str(), len), (super::super::sha256_hex(b"pdf").as_str(), 3));
        let walked = contents(dir.path()).unwrap();
        assert_eq!(walked.files, ["2008/c-v1.pdf"]);
        assert_eq!(walked.others, ["2008/a-v1.pdf", "2009"]);
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_the_limit_holds_for_what_is_read() {
        let err = read_regular(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.contains("ikke en almindelig fil"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        assert!(read_regular(dir.path(), 1024).unwrap_err().contains("ikke en almindelig fil"));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        assert!(read_regular(&fifo, 1024).unwrap_err().contains("ikke en almindelig fil"));
        let big = dir.path().join("big.pdf");
        std::fs::write(&big, vec![b'x'; 2048]).unwrap();
        assert!(read_regular(&big, 1024).unwrap_err().contains("større end"));
        assert_eq!(read_regular(&big, 4096).unwrap().len(), 2048);
    }
}
