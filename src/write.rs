//! Writing: documents onto disk, safely.
//!
//! Every file is written to a temporary file in the target folder and renamed
//! into place, so an interrupted run leaves the previous file or the new one,
//! never a truncated one. This is the only module that writes output files.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location, io_reason};

/// Writes `bytes` to `dir/name`, atomically; creates `dir` if needed.
/// `name` must be a plain file name (see [`crate::naming::safe_file_name`]).
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Diagnostic> {
    let target = dir.join(name);
    let fail = |what: &str, e: std::io::Error| {
        Diagnostic::error("OF0601", format!("{what}: {}", io_reason(&e))).at(Location {
            file: target.display().to_string(),
            sheet: None,
            cell: None,
            line: None,
        })
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("mappen kan ikke oprettes", e))?;
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A temporary file is private; the document is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail("filen kan ikke skrives", e))?;
    tmp.write_all(bytes).map_err(|e| fail("filen kan ikke skrives", e))?;
    tmp.as_file().sync_all().map_err(|e| fail("filen kan ikke skrives", e))?;
    tmp.persist(&target).map_err(|e| fail("filen kan ikke gemmes", e.error))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_atomic(dir.path(), "a.pdf", b"first").unwrap();
        write_atomic(dir.path(), "a.pdf", b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary files are left: {names:?}");
    }
}
