//! Archiving: the last stage. Final and signed PDFs become records in an
//! archive folder with a catalogue in SQLite.
//!
//! A record is never changed: its file is written once, read-only, and the
//! catalogue refuses updates and deletions (triggers). A correction is a new
//! version of the same document that names the one it replaces. Every PDF
//! opfolg makes carries where it came from ([`Provenance`], as an attached
//! file), so `add` needs nothing but the PDF; a signed PDF's signatures are
//! validated by pyHanko ([`signature`]), one that does not hold is refused,
//! and the catalogue's facts come from the signed bytes. `export` writes a
//! BagIt bag ([`bag`]). Layout and guarantees: `docs/archive.md`.

pub mod bag;
pub mod pdf;
pub mod signature;

pub use signature::SignatureRecord;

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Location, io_reason};

/// The name of the attached file that says where a PDF came from.
pub const PROVENANCE_FILE: &str = "opfolg-dokument.json";
/// The environment variable naming the archive folder.
pub const ARCHIVE_ENV: &str = "OPFOLG_ARCHIVE";
/// The archive folder when neither `--archive` nor [`ARCHIVE_ENV`] says.
pub const DEFAULT_ARCHIVE: &str = "arkiv";
/// The catalogue's file name inside the archive folder.
pub const CATALOGUE: &str = "katalog.sqlite";

/// The largest PDF the archive takes (a committee paper is well under 10 MB).
const MAX_PDF_BYTES: u64 = 512 * 1024 * 1024;

/// Where a document came from: written into every PDF opfolg makes, read
/// back when it is archived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// What the document is ("halvårsopfølgning", "kontrakt", ...).
    pub kind: String,
    /// Its title.
    pub title: String,
    /// The file name opfolg gave it, without extension.
    pub name: String,
    /// The unit, for a contract.
    pub unit: Option<String>,
    /// The period it covers ("1. halvår 2008").
    pub period: String,
    /// The year.
    pub year: i32,
    /// The case number (sagsnummer).
    pub case_number: Option<String>,
    /// The document number (dokumentnummer).
    pub document_number: Option<String>,
    /// The document's date (ISO 8601).
    pub date: String,
    /// What stays the same across corrections of one document: versions of
    /// a document share it.
    pub document_key: String,
    /// The source workbook's file name.
    pub workbook: String,
    /// SHA-256 of the source workbook.
    pub workbook_sha256: String,
    /// SHA-256 of the templates folder (every file, by name).
    pub templates_sha256: String,
    /// The opfolg version that made it.
    pub opfolg_version: String,
}

/// One archived file, as the catalogue has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The record's number in the catalogue.
    pub id: i64,
    /// The file, relative to the archive folder.
    pub file: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// Where the document came from.
    pub provenance: Provenance,
    /// Version of the document (1, 2, ...).
    pub version: i64,
    /// The record this version replaces.
    pub replaces: Option<i64>,
    /// When it was archived (UTC, ISO 8601).
    pub archived_at: String,
    /// The file name it was added from.
    pub added_from: String,
    /// Its signatures, checked when it was added (empty: not signed).
    pub signatures: Vec<SignatureRecord>,
}

/// What `verify` found.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Verification {
    /// Records checked.
    pub checked: usize,
    /// Files missing or changed, and catalogue damage: each a failure.
    pub problems: Vec<String>,
    /// Files in the archive folder that no record names (left by an
    /// interrupted `add`; not records, so not failures).
    pub strays: Vec<String>,
}

/// An open archive.
pub struct Archive {
    dir: PathBuf,
    db: Connection,
}

/// SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 over every file of a folder (and its subfolders), in name order:
/// each file's path relative to the folder, a zero byte, its SHA-256.
pub fn folder_sha256(dir: &Path) -> std::io::Result<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, base, out)?;
            } else {
                let rel = path.strip_prefix(base).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                out.push((rel, path));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort();
    let mut hasher = Sha256::new();
    for (rel, path) in files {
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(Sha256::digest(std::fs::read(&path)?));
    }
    Ok(hex(&hasher.finalize()))
}

/// The archive folder: `--archive`, else [`ARCHIVE_ENV`], else [`DEFAULT_ARCHIVE`].
pub fn archive_dir(given: Option<&Path>) -> PathBuf {
    match given {
        Some(p) => p.to_path_buf(),
        None => std::env::var_os(ARCHIVE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_ARCHIVE)),
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS records (
    id               INTEGER PRIMARY KEY,
    file             TEXT NOT NULL UNIQUE,
    sha256           TEXT NOT NULL UNIQUE,
    size             INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    name             TEXT NOT NULL,
    unit             TEXT,
    period           TEXT NOT NULL,
    year             INTEGER NOT NULL,
    case_number      TEXT,
    document_number  TEXT,
    document_date    TEXT NOT NULL,
    document_key     TEXT NOT NULL,
    version          INTEGER NOT NULL,
    replaces         INTEGER REFERENCES records(id),
    workbook         TEXT NOT NULL,
    workbook_sha256  TEXT NOT NULL,
    templates_sha256 TEXT NOT NULL,
    opfolg_version   TEXT NOT NULL,
    archived_at      TEXT NOT NULL,
    added_from       TEXT NOT NULL,
    UNIQUE (document_key, version)
);
-- A record is never changed or removed.
CREATE TRIGGER IF NOT EXISTS records_never_change BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke ændres'); END;
CREATE TRIGGER IF NOT EXISTS records_never_go BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke slettes'); END;
";

impl Archive {
    /// Opens the archive in `dir`, creating the folder and catalogue if needed.
    pub fn open(dir: &Path) -> Result<Archive, Diagnostic> {
        let at = |file: &Path| Location { file: file.display().to_string(), sheet: None, cell: None };
        std::fs::create_dir_all(dir).map_err(|e| {
            Diagnostic::error("OF0701", "arkivmappen kan ikke oprettes").at(at(dir)).found(e.to_string())
        })?;
        let path = dir.join(CATALOGUE);
        let fail = |e: rusqlite::Error| {
            Diagnostic::error("OF0701", "arkivets katalog kan ikke åbnes").at(at(&path)).found(e.to_string())
        };
        let db = Connection::open(&path).map_err(fail)?;
        // Two processes may add at once: the second waits for the first.
        db.busy_timeout(std::time::Duration::from_secs(120)).map_err(fail)?;
        db.pragma_update(None, "journal_mode", "WAL").map_err(fail)?;
        db.pragma_update(None, "synchronous", "FULL").map_err(fail)?;
        db.pragma_update(None, "foreign_keys", "ON").map_err(fail)?;
        db.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} {} COMMIT;", signature::SCHEMA))
            .map_err(fail)?;
        Ok(Archive { dir: dir.to_path_buf(), db })
    }

    /// The archive folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Archives the PDF at `path`: checks its signatures, copies it in
    /// read-only and catalogues it as the next version of its document.
    pub fn add(&mut self, path: &Path) -> Result<Record, Diagnostic> {
        let at = Location { file: path.display().to_string(), sheet: None, cell: None };
        let refuse = |code: &'static str, message: String| Diagnostic::error(code, message).at(at.clone());
        let size = std::fs::metadata(path)
            .map_err(|e| refuse("OF0702", format!("filen kan ikke læses: {e}")))?
            .len();
        if size > MAX_PDF_BYTES {
            return Err(refuse("OF0702", format!("filen er større end {} MB", MAX_PDF_BYTES / 1024 / 1024)));
        }
        let bytes =
            std::fs::read(path).map_err(|e| refuse("OF0702", format!("filen kan ikke læses: {e}")))?;
        // Signatures validated, provenance read from the signed bytes.
        let signature::Examined { provenance, signatures } =
            signature::examine(&bytes, &signature::trust_folder(&self.dir)).map_err(|d| d.at(at.clone()))?;
        let sha256 = sha256_hex(&bytes);

        // The file is written under a temporary name first, so a kill leaves
        // no half-written record file.
        let staged = self.stage(&bytes)?;
        let added_from = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| catalogue_error(&self.dir, e))?;
        let existing: Option<(i64, i64)> = tx
            .query_row("SELECT id, version FROM records WHERE sha256 = ?1", [&sha256], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| catalogue_error(&self.dir, e))?;
        if let Some((id, version)) = existing {
            return Err(refuse(
                "OF0705",
                format!("filen er allerede arkiveret som nr. {id} (version {version}); et arkiveret dokument erstattes aldrig"),
            )
            .hint("en rettet udgave arkiveres som en ny fil; den bliver en ny version"));
        }
        let previous: Option<(i64, i64)> = tx
            .query_row(
                "SELECT id, version FROM records WHERE document_key = ?1 ORDER BY version DESC LIMIT 1",
                [&provenance.document_key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| catalogue_error(&self.dir, e))?;
        let version = previous.map_or(1, |(_, v)| v + 1);
        let mut file =
            format!("{}/{}-v{version}.pdf", provenance.year, crate::write::safe_file_name(&provenance.name));
        let taken: bool = tx
            .query_row("SELECT EXISTS(SELECT 1 FROM records WHERE file = ?1)", [&file], |r| r.get(0))
            .map_err(|e| catalogue_error(&self.dir, e))?;
        if taken {
            file = file.replace(".pdf", &format!("-{}.pdf", &sha256[..12]));
        }
        let target = self.dir.join(&file);
        place(&staged, &target).map_err(|e| {
            Diagnostic::error("OF0706", format!("filen kan ikke lægges i arkivet: {}", io_reason(&e)))
                .at(Location { file: target.display().to_string(), sheet: None, cell: None })
        })?;
        // Lets the tests kill an add, or race two, at the worst moment: the
        // file is placed and not yet catalogued.
        if let Some(ms) = std::env::var("OPFOLG_ARCHIVE_TEST_PAUSE_MS").ok().and_then(|v| v.parse().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        let p = &provenance;
        let insert = (|| -> rusqlite::Result<i64> {
            tx.execute(
                "INSERT INTO records (file, sha256, size, kind, title, name, unit, period, year, case_number,
                     document_number, document_date, document_key, version, replaces, workbook, workbook_sha256,
                     templates_sha256, opfolg_version, archived_at, added_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?20)",
                params![
                    file,
                    sha256,
                    bytes.len() as i64,
                    p.kind,
                    p.title,
                    p.name,
                    p.unit,
                    p.period,
                    p.year,
                    p.case_number,
                    p.document_number,
                    p.date,
                    p.document_key,
                    version,
                    previous.map(|(id, _)| id),
                    p.workbook,
                    p.workbook_sha256,
                    p.templates_sha256,
                    p.opfolg_version,
                    added_from,
                ],
            )?;
            let id = tx.last_insert_rowid();
            signature::insert(&tx, id, &signatures)?;
            Ok(id)
        })();
        let committed = insert.and_then(|id| tx.commit().map(|()| id));
        match committed {
            Ok(id) => {
                self.show(id)?.ok_or_else(|| catalogue_error(&self.dir, rusqlite::Error::QueryReturnedNoRows))
            }
            Err(e) => {
                // Not catalogued, so not a record: take the file out again.
                let _ = std::fs::remove_file(&target);
                Err(catalogue_error(&self.dir, e))
            }
        }
    }

    /// Writes `bytes` to a temporary file in the archive folder.
    fn stage(&self, bytes: &[u8]) -> Result<tempfile::NamedTempFile, Diagnostic> {
        let fail = |e: std::io::Error| {
            Diagnostic::error("OF0706", format!("filen kan ikke lægges i arkivet: {e}")).at(Location {
                file: self.dir.display().to_string(),
                sheet: None,
                cell: None,
            })
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".arkivering-")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(fail)?;
        tmp.write_all(bytes).map_err(fail)?;
        tmp.as_file().sync_all().map_err(fail)?;
        Ok(tmp)
    }

    /// Every record, oldest first.
    pub fn list(&self) -> Result<Vec<Record>, Diagnostic> {
        let ids: Vec<i64> = (|| {
            let mut stmt = self.db.prepare("SELECT id FROM records ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<i64>>>()
        })()
        .map_err(|e| catalogue_error(&self.dir, e))?;
        ids.into_iter().filter_map(|id| self.show(id).transpose()).collect()
    }

    /// The record numbered `id`, if there is one.
    pub fn show(&self, id: i64) -> Result<Option<Record>, Diagnostic> {
        let record = self
            .db
            .query_row(
                "SELECT id, file, sha256, size, kind, title, name, unit, period, year, case_number, document_number,
                        document_date, document_key, version, replaces, workbook, workbook_sha256, templates_sha256,
                        opfolg_version, archived_at, added_from
                 FROM records WHERE id = ?1",
                [id],
                |r| {
                    Ok(Record {
                        id: r.get(0)?,
                        file: r.get(1)?,
                        sha256: r.get(2)?,
                        size: r.get::<_, i64>(3)? as u64,
                        provenance: Provenance {
                            kind: r.get(4)?,
                            title: r.get(5)?,
                            name: r.get(6)?,
                            unit: r.get(7)?,
                            period: r.get(8)?,
                            year: r.get(9)?,
                            case_number: r.get(10)?,
                            document_number: r.get(11)?,
                            date: r.get(12)?,
                            document_key: r.get(13)?,
                            workbook: r.get(16)?,
                            workbook_sha256: r.get(17)?,
                            templates_sha256: r.get(18)?,
                            opfolg_version: r.get(19)?,
                        },
                        version: r.get(14)?,
                        replaces: r.get(15)?,
                        archived_at: r.get(20)?,
                        added_from: r.get(21)?,
                        signatures: Vec::new(),
                    })
                },
            )
            .optional()
            .map_err(|e| catalogue_error(&self.dir, e))?;
        let Some(mut record) = record else { return Ok(None) };
        record.signatures = signature::load(&self.db, id).map_err(|e| catalogue_error(&self.dir, e))?;
        Ok(Some(record))
    }

    /// The record that replaces `id` (its next version), if any.
    pub fn replaced_by(&self, id: i64) -> Result<Option<i64>, Diagnostic> {
        self.db
            .query_row("SELECT id FROM records WHERE replaces = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| catalogue_error(&self.dir, e))
    }

    /// Re-hashes every archived file and checks it against the catalogue;
    /// checks the catalogue itself.
    pub fn verify(&self) -> Result<Verification, Diagnostic> {
        let mut out = Verification::default();
        let integrity: String = self
            .db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| catalogue_error(&self.dir, e))?;
        if integrity != "ok" {
            out.problems.push(format!("kataloget er beskadiget: {integrity}"));
        }
        let records = self.list()?;
        for record in &records {
            out.checked += 1;
            let path = self.dir.join(&record.file);
            match std::fs::read(&path) {
                Err(e) => out.problems.push(format!("nr. {}: {} mangler ({e})", record.id, record.file)),
                Ok(bytes) => {
                    let actual = sha256_hex(&bytes);
                    if actual != record.sha256 {
                        out.problems.push(format!(
                            "nr. {}: {} er ændret (SHA-256 {} i stedet for {})",
                            record.id, record.file, actual, record.sha256
                        ));
                    }
                }
            }
        }
        let known: std::collections::HashSet<&str> = records.iter().map(|r| r.file.as_str()).collect();
        for file in archive_files(&self.dir).map_err(|e| {
            Diagnostic::error("OF0701", format!("arkivmappen kan ikke læses: {e}")).at(Location {
                file: self.dir.display().to_string(),
                sheet: None,
                cell: None,
            })
        })? {
            if !known.contains(file.as_str()) {
                out.strays.push(file);
            }
        }
        Ok(out)
    }
}

/// Files of the archive folder other than the catalogue, relative, sorted.
fn archive_files(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let rel = path.strip_prefix(base).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if rel == signature::TRUST_FOLDER {
                // The trust anchors are the archive's configuration, not records.
                continue;
            } else if path.is_dir() {
                walk(&path, base, out)?;
            } else if !rel.starts_with(CATALOGUE) && !rel.starts_with(".arkivering-") {
                out.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Puts the staged file at `target` without replacing anything that is a
/// record. The caller holds the catalogue's write lock and `target` is named
/// by no record, so a file already there is a leftover of an interrupted
/// `add` and goes.
fn place(staged: &tempfile::NamedTempFile, target: &Path) -> std::io::Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if target.exists() {
        std::fs::remove_file(target)?;
    }
    // A hard link never replaces an existing file.
    std::fs::hard_link(staged.path(), target)?;
    let mut permissions = std::fs::metadata(target)?.permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(target, permissions)?;
    if let Some(parent) = target.parent() {
        // The new name is durable before the catalogue says it exists.
        std::fs::File::open(parent)?.sync_all()?;
    }
    Ok(())
}

fn catalogue_error(dir: &Path, e: rusqlite::Error) -> Diagnostic {
    Diagnostic::error("OF0701", format!("arkivets katalog: {e}")).at(Location {
        file: dir.join(CATALOGUE).display().to_string(),
        sheet: None,
        cell: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_hash_changes_with_any_file_and_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.typ"), "x").unwrap();
        let first = folder_sha256(dir.path()).unwrap();
        std::fs::write(dir.path().join("a.typ"), "y").unwrap();
        let second = folder_sha256(dir.path()).unwrap();
        std::fs::rename(dir.path().join("a.typ"), dir.path().join("b.typ")).unwrap();
        let third = folder_sha256(dir.path()).unwrap();
        assert_ne!(first, second);
        assert_ne!(second, third);
        assert_eq!(third, folder_sha256(dir.path()).unwrap());
    }

    #[test]
    fn the_catalogue_refuses_to_change_a_record() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        archive
            .db
            .execute(
                "INSERT INTO records (file, sha256, size, kind, title, name, period, year, document_date,
                    document_key, version, workbook, workbook_sha256, templates_sha256, opfolg_version,
                    archived_at, added_from)
                 VALUES ('a.pdf', 'ab', 1, 'k', 't', 'n', 'p', 2008, '2008-01-01', 'key', 1, 'w', 'h', 'h', 'v', 'now', 'a.pdf')",
                [],
            )
            .unwrap();
        let update = archive.db.execute("UPDATE records SET sha256 = 'cd'", []);
        assert!(update.unwrap_err().to_string().contains("kan ikke ændres"));
        let delete = archive.db.execute("DELETE FROM records", []);
        assert!(delete.unwrap_err().to_string().contains("kan ikke slettes"));
    }

    #[test]
    fn archive_folder_comes_from_the_option_then_the_environment() {
        assert_eq!(archive_dir(Some(Path::new("x"))), PathBuf::from("x"));
    }
}
