//! Archiving: the last stage. Final and signed PDFs become records in an
//! archive folder with a catalogue in SQLite.
//!
//! A record is never changed: its file is written once, read-only, never
//! deleted or replaced, and the catalogue refuses updates and deletions
//! (triggers). What it cannot prevent (someone with write access changing
//! `katalog.sqlite` by hand, or restoring an old copy) it detects: records
//! are chained and the chain's head is kept outside the catalogue
//! ([`chain`]). A correction is a new version of the same document that
//! names the one it replaces. Every PDF
//! opfolg makes says where it came from ([`Provenance`], in its XMP
//! metadata); `add` is given the workbook unless the PDF carries it, checks
//! it and the model made from it against that, and keeps both beside the
//! record. A signed PDF's signatures are validated by pyHanko
//! ([`signature`]), one that does not hold is refused, and the catalogue's
//! facts come from the signed bytes. Each record says who added it
//! ([`adder`]: the operating-system account, and a name given beside it).
//! `export` writes a BagIt bag ([`bag`]). Layout and guarantees:
//! `docs/archive.md`.

pub mod adder;
pub mod bag;
mod catalogue;
pub mod chain;
pub mod files;
pub mod pdf;
pub mod provenance;
pub mod signature;

pub use adder::{AddedBy, AddedVia, os_account};
pub use provenance::Provenance;
pub use signature::SignatureRecord;

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Location, io_reason};

/// The name of the attached file that says where a PDF came from (a copy
/// built with `--med-kilder`; every PDF has it in its XMP metadata too).
pub const PROVENANCE_FILE: &str = "opfolg-dokument.json";
/// The environment variable naming the archive folder.
pub const ARCHIVE_ENV: &str = "OPFOLG_ARCHIVE";
/// The archive folder when neither `--archive` nor [`ARCHIVE_ENV`] says.
pub const DEFAULT_ARCHIVE: &str = "arkiv";
/// The catalogue's file name inside the archive folder.
pub const CATALOGUE: &str = "katalog.sqlite";

/// The largest PDF the archive takes (a committee paper is well under 10 MB).
pub const MAX_PDF_BYTES: u64 = 512 * 1024 * 1024;

/// A record's workbook and model (JSON), as the catalogue keeps them.
pub type Sources = (Vec<u8>, Vec<u8>);

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
    /// Who added it (`None`: added by an opfolg from before this was
    /// recorded). Left out of the JSON when `None`, so such a record's link
    /// in the chain is what it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_by: Option<AddedBy>,
    /// Its signatures, checked when it was added (empty: not signed).
    pub signatures: Vec<SignatureRecord>,
}

impl Record {
    /// What `archive show` says of the record besides its signatures, as
    /// (label, text) in order; `replaced_by` is the record that replaces it.
    pub fn show_fields(&self, replaced_by: Option<i64>, sources_kept: bool) -> Vec<(&'static str, String)> {
        let p = &self.provenance;
        let none = || "-".to_string();
        vec![
            ("Dokumenttype", p.kind.clone()),
            ("Enhed", p.unit.clone().unwrap_or_else(none)),
            ("Periode", p.period.clone()),
            ("Sagsnummer", p.case_number.clone().unwrap_or_else(none)),
            ("Dokumentnummer", p.document_number.clone().unwrap_or_else(none)),
            ("Dato", p.date.clone()),
            ("Version", self.version.to_string()),
            ("Erstatter", self.replaces.map(|id| format!("nr. {id}")).unwrap_or_else(none)),
            ("Erstattes af", replaced_by.map(|id| format!("nr. {id}")).unwrap_or_else(none)),
            ("Fil", format!("{} ({} bytes)", self.file, self.size)),
            ("SHA-256", self.sha256.clone()),
            ("Projektmappe", format!("{} (SHA-256 {})", p.workbook, p.workbook_sha256)),
            ("Model", p.model_sha256.as_ref().map(|m| format!("SHA-256 {m}")).unwrap_or_else(none)),
            (
                "Kilder",
                if sources_kept {
                    "projektmappe og model gemt i arkivet ved posten"
                } else {
                    "ikke gemt i arkivet"
                }
                .to_string(),
            ),
            ("Skabeloner", format!("SHA-256 {}", p.templates_sha256)),
            ("Lavet med", format!("opfolg {}", p.opfolg_version)),
            ("Arkiveret", format!("{} fra {}", self.archived_at, self.added_from)),
            (
                "Arkiveret af",
                self.added_by.as_ref().map_or_else(|| adder::NOT_RECORDED.to_string(), AddedBy::said),
            ),
        ]
    }
}

/// What `verify` found.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Verification {
    /// Records checked.
    pub checked: usize,
    /// Each a failure, naming its record or file: the catalogue changed,
    /// records inserted, deleted or rolled back, files missing, changed,
    /// linked or unknown to the catalogue.
    pub problems: Vec<String>,
    /// What an interrupted `add` left, which is not a failure: a catalogued
    /// record whose file waits whole under its staging name, or a staging
    /// file of an add that never reached the catalogue.
    pub notes: Vec<String>,
    /// The catalogue's end: how many records, and the last record's link.
    pub head: (i64, String),
}

/// What [`Archive::check_catalogue`] found.
#[derive(Debug, Clone)]
pub struct CatalogueCheck {
    /// Each a failure, naming its record.
    pub problems: Vec<String>,
    /// Every record, oldest first.
    pub records: Vec<Record>,
    /// Each record's link as stored, beside `records`.
    pub links: Vec<Option<String>>,
    /// The catalogue's end: how many records, and the last record's link.
    pub head: (i64, String),
}

/// An open archive.
pub struct Archive {
    dir: PathBuf,
    db: Connection,
    /// Opened for `add` ([`Archive::open`]), not read-only.
    writable: bool,
    /// A reader's shared lock, held while it is open.
    _reading: Option<std::fs::File>,
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
    Ok(files_sha256(&crate::render::Assets::Folder(dir.to_path_buf()).files()?))
}

/// The checksum [`folder_sha256`] gives, of files already read: each path
/// inside (`/`-separated) and the SHA-256 of its bytes, in path order. The
/// built-in templates have the checksum of the folder they were built from.
pub fn files_sha256(files: &[(String, impl AsRef<[u8]>)]) -> String {
    let mut sorted: Vec<_> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = Sha256::new();
    for (rel, bytes) in sorted {
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(Sha256::digest(bytes.as_ref()));
    }
    hex(&hasher.finalize())
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

impl Archive {
    /// Opens the archive in `dir` for adding, creating the folder and
    /// catalogue if needed. Several processes may do this at once on a new
    /// folder: they take turns (a lock file), they do not fail.
    pub fn open(dir: &Path) -> Result<Archive, Diagnostic> {
        let path = dir.join(CATALOGUE);
        std::fs::create_dir_all(dir).map_err(|e| {
            Diagnostic::error("OF0701", "arkivmappen kan ikke oprettes").at(at(dir)).found(e.to_string())
        })?;
        let fail =
            |e: String| Diagnostic::error("OF0701", "arkivets katalog kan ikke åbnes").at(at(&path)).found(e);
        let _lock = catalogue::lock(dir).map_err(|e| fail(io_reason(&e)))?;
        let db = catalogue::open_for_writing(&path).map_err(|e| fail(e.to_string()))?;
        Ok(Archive { dir: dir.to_path_buf(), db, writable: true, _reading: None })
    }

    /// Opens the archive in `dir` for reading only (`list`, `show`, `verify`,
    /// `export`): nothing in the folder is created or changed, so it works on
    /// a read-only copy. While it is open, an `add` waits (a shared lock), so
    /// what is read is one state of the archive.
    pub fn open_read_only(dir: &Path) -> Result<Archive, Diagnostic> {
        let path = dir.join(CATALOGUE);
        let reading = catalogue::lock_shared(dir);
        let db = catalogue::open_for_reading(&path).map_err(|e| {
            Diagnostic::error("OF0701", "arkivets katalog kan ikke åbnes").at(at(&path)).found(e.to_string())
        })?;
        Ok(Archive { dir: dir.to_path_buf(), db, writable: false, _reading: reading })
    }

    /// The archive folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Archives the PDF at `path` as added `by`: checks its signatures,
    /// copies it in read-only and catalogues it as the next version of its
    /// document. The PDF must carry its workbook (`build --med-kilder`);
    /// else see [`Archive::add_with_workbooks`].
    pub fn add(&mut self, path: &Path, by: &AddedBy) -> Result<Record, Diagnostic> {
        self.add_with_workbooks(path, &[], by)
    }

    /// As [`Archive::add`]; the paper's workbook is the one of `workbooks`
    /// whose SHA-256 its provenance names (unless it carries its own). The
    /// model is made again from the workbook and must have the SHA-256 the
    /// provenance names. Both are kept in the catalogue beside the record.
    pub fn add_with_workbooks(
        &mut self,
        path: &Path,
        workbooks: &[PathBuf],
        by: &AddedBy,
    ) -> Result<Record, Diagnostic> {
        let at = at(path);
        let refuse = |code: &'static str, message: String| Diagnostic::error(code, message).at(at.clone());
        if !self.writable {
            return Err(refuse("OF0701", "arkivet er åbnet til læsning".to_string()));
        }
        let bytes = files::read_regular(path, MAX_PDF_BYTES).map_err(|e| refuse("OF0702", e))?;
        // Signatures validated, provenance read from the signed bytes.
        let signature::Examined { provenance, signatures, embedded } =
            signature::examine(&bytes, &signature::trust_folder(&self.dir)).map_err(|d| d.at(at.clone()))?;
        let (workbook, model) = sources_of(&provenance, embedded, workbooks).map_err(|d| d.at(at.clone()))?;
        let sha256 = sha256_hex(&bytes);

        // One add at a time, from the check of the head to the head's update.
        let _lock = catalogue::lock(&self.dir)
            .map_err(|e| catalogue_error(&self.dir, format!("arkivet kan ikke låses: {}", io_reason(&e))))?;
        self.recover()?;
        let added_from = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = self.dir.clone();
        let db_error = |e: rusqlite::Error| catalogue_error(&dir, e.to_string());
        let tx = self.db.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_error)?;
        let existing: Option<(i64, i64)> = tx
            .query_row("SELECT id, version FROM records WHERE sha256 = ?1", [&sha256], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(db_error)?;
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
            .map_err(db_error)?;
        let version = previous.map_or(1, |(_, v)| v + 1);
        let mut file =
            format!("{}/{}-v{version}.pdf", provenance.year, crate::naming::safe_file_name(&provenance.name));
        let taken: bool = tx
            .query_row("SELECT EXISTS(SELECT 1 FROM records WHERE file = ?1)", [&file], |r| r.get(0))
            .map_err(db_error)?;
        if taken {
            file = file.replace(".pdf", &format!("-{}.pdf", &sha256[..12]));
        }
        let target = self.dir.join(&file);
        let placing_error =
            |message: String| Diagnostic::error("OF0706", message).at(crate::archive::at(&target));
        if !files::is_record_path(&file) {
            return Err(placing_error(
                "postens filnavn kan ikke dannes af dokumentets navn og år".to_string(),
            ));
        }
        let year_folder = target.parent().map(std::fs::symlink_metadata);
        if year_folder.is_some_and(|m| m.is_ok_and(|m| !m.is_dir())) {
            // A link there would put the record outside the archive.
            return Err(placing_error(
                "postens mappe i arkivet er ikke en mappe (men et link eller en fil)".to_string(),
            )
            .hint("kør «opfolg archive verify»"));
        }
        if std::fs::symlink_metadata(&target).is_ok() {
            // Never deleted or replaced: it may be a record whose catalogue
            // entry is gone (a catalogue restored from a backup).
            return Err(placing_error(
                "der ligger allerede en fil på postens plads, som kataloget ikke kender; den slettes eller erstattes aldrig"
                    .to_string(),
            )
            .hint("kør «opfolg archive verify»: kataloget er måske lagt tilbage fra en sikkerhedskopi"));
        }
        let archived_at: String = tx
            .query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| r.get(0))
            .map_err(db_error)?;
        let staged = stage(&self.dir, &bytes, &sha256)?;
        let record = Record {
            id: 0,
            file: file.clone(),
            sha256: sha256.clone(),
            size: bytes.len() as u64,
            provenance,
            version,
            replaces: previous.map(|(id, _)| id),
            archived_at,
            added_from,
            added_by: Some(by.clone()),
            signatures,
        };
        let head_path = chain::head_path(&self.dir);
        let write_head = |head: &chain::Head| {
            chain::write_head(&head_path, head).map_err(|e| {
                Diagnostic::error("OF0706", format!("arkivets hoved kan ikke skrives: {}", io_reason(&e)))
                    .at(crate::archive::at(&head_path))
            })
        };
        let (count, last) = catalogue::end(&tx).map_err(db_error)?;
        let linked = (|| -> rusqlite::Result<(Record, String)> {
            let id = catalogue::insert(&tx, &record)?;
            tx.execute(
                "INSERT INTO sources (record_id, workbook, model) VALUES (?1, ?2, ?3)",
                rusqlite::params![id, workbook, model],
            )?;
            // The link covers the record as the catalogue gives it back, so
            // verify recomputes exactly what was linked.
            let stored = catalogue::read(&tx, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
            let link = chain::link(&last, &stored);
            tx.execute("INSERT INTO chain (record_id, link) VALUES (?1, ?2)", rusqlite::params![id, link])?;
            Ok((stored, link))
        })();
        let (stored, link) = match linked {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&staged);
                return Err(db_error(e));
            }
        };
        let before = chain::Head { records: count, link: last, pending: None };
        write_head(&chain::Head { pending: Some((count + 1, link.clone())), ..before.clone() })?;
        if let Err(e) = tx.commit() {
            let _ = std::fs::remove_file(&staged);
            let _ = write_head(&before);
            return Err(db_error(e));
        }
        // Lets the tests kill an add at the worst moment: catalogued, its
        // file not yet in place.
        if let Some(ms) = std::env::var("OPFOLG_ARCHIVE_TEST_PAUSE_MS").ok().and_then(|v| v.parse().ok()) {
            eprintln!("(test) arkiveret, venter {ms} ms");
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        place(&staged, &target).map_err(|e| {
            placing_error(format!("filen kan ikke lægges i arkivet: {}", io_reason(&e)))
                .hint("posten er arkiveret; filen lægges på plads ved næste «opfolg archive add»")
        })?;
        write_head(&chain::Head { records: count + 1, link, pending: None })?;
        Ok(stored)
    }

    /// Under the write lock, before anything is added: the catalogue must be
    /// the one the head describes (else adding would build on a catalogue
    /// that was rolled back or tampered with), an add killed after its commit
    /// is finished (its file linked into place), and files of adds killed
    /// before their commit are removed (they are never records).
    fn recover(&self) -> Result<(), Diagnostic> {
        let dir = &self.dir;
        let head_path = chain::head_path(dir);
        let refuse = |message: String| {
            Diagnostic::error("OF0709", message)
                .at(at(&dir.join(CATALOGUE)))
                .hint("intet er arkiveret; kør «opfolg archive verify» og læg et helt arkiv tilbage fra sikkerhedskopien (katalog, hoved og filer)")
        };
        let head = chain::read_head(&head_path).map_err(refuse)?;
        let (count, last) = catalogue::end(&self.db).map_err(|e| catalogue_error(dir, e.to_string()))?;
        // The whole chain, not only its end: a record changed by hand stops
        // every add until the archive is put right.
        if head.is_some()
            && let Some(problem) = self.check_catalogue()?.problems.first()
        {
            return Err(refuse(format!("kataloget holder ikke: {}", crate::format::visible(problem))));
        }
        let write = |head: &chain::Head| {
            chain::write_head(&head_path, head).map_err(|e| {
                Diagnostic::error("OF0706", format!("arkivets hoved kan ikke skrives: {}", io_reason(&e)))
                    .at(at(&head_path))
            })
        };
        let settled = chain::Head { records: count, link: last, pending: None };
        match head {
            None if count > 0 => {
                return Err(refuse(format!(
                    "arkivets hoved ({}) mangler, men kataloget har {}",
                    crate::format::visible(&head_path.display().to_string()),
                    crate::format::count(usize::try_from(count).unwrap_or(0), "post", "poster")
                )));
            }
            None => {
                let found = files::contents(dir).map_err(|e| catalogue_error(dir, io_reason(&e)))?;
                if !found.files.is_empty() || !found.others.is_empty() {
                    return Err(refuse(
                        "kataloget er tomt og arkivets hoved mangler, men arkivmappen har filer: kataloget er tømt eller ikke dette arkivs"
                            .to_string(),
                    ));
                }
                write(&settled)?;
            }
            Some(h) if h == settled => {}
            Some(h) if h.matches(settled.records, &settled.link) => write(&settled)?,
            Some(h) => {
                return Err(refuse(format!(
                    "kataloget passer ikke til arkivets hoved (kataloget har {}, hovedet siger {})",
                    crate::format::count(usize::try_from(count).unwrap_or(0), "post", "poster"),
                    h.records
                )));
            }
        }
        // The last record's file, if its add was killed before linking it.
        let mut keep = None;
        if count > 0 {
            let last_id: i64 = self
                .db
                .query_row("SELECT max(id) FROM records", [], |r| r.get(0))
                .map_err(|e| catalogue_error(dir, e.to_string()))?;
            if let Some(record) =
                catalogue::read(&self.db, last_id).map_err(|e| catalogue_error(dir, e.to_string()))?
            {
                let target = dir.join(&record.file);
                let staged = dir.join(format!("{}{}.tmp", files::STAGING_PREFIX, record.sha256));
                if files::is_record_path(&record.file)
                    && std::fs::symlink_metadata(&target).is_err()
                    && staged_matches(&staged, &record.sha256)
                {
                    place(&staged, &target).map_err(|e| {
                        Diagnostic::error(
                            "OF0706",
                            format!("filen kan ikke lægges i arkivet: {}", io_reason(&e)),
                        )
                        .at(at(&target))
                    })?;
                    keep = Some(staged);
                }
            }
        }
        let found = files::contents(dir).map_err(|e| catalogue_error(dir, io_reason(&e)))?;
        for name in found.staged {
            let path = dir.join(name);
            if Some(&path) != keep.as_ref() {
                let _ = std::fs::remove_file(path);
            }
        }
        Ok(())
    }

    /// Every record, oldest first.
    pub fn list(&self) -> Result<Vec<Record>, Diagnostic> {
        let ids = catalogue::ids(&self.db).map_err(|e| catalogue_error(&self.dir, e.to_string()))?;
        ids.into_iter().filter_map(|id| self.show(id).transpose()).collect()
    }

    /// The record numbered `id`, if there is one.
    pub fn show(&self, id: i64) -> Result<Option<Record>, Diagnostic> {
        catalogue::read(&self.db, id).map_err(|e| catalogue_error(&self.dir, e.to_string()))
    }

    /// The workbook and the model kept beside record `id` (records added
    /// before they were kept have none).
    pub fn sources(&self, id: i64) -> Result<Option<Sources>, Diagnostic> {
        catalogue::sources(&self.db, id).map_err(|e| catalogue_error(&self.dir, e.to_string()))
    }

    /// The record that replaces `id` (its next version), if any.
    pub fn replaced_by(&self, id: i64) -> Result<Option<i64>, Diagnostic> {
        self.db
            .query_row("SELECT id FROM records WHERE replaces = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| catalogue_error(&self.dir, e.to_string()))
    }

    /// Checks the catalogue itself: SQLite's integrity check, the chain of
    /// records and its end against the head.
    pub fn check_catalogue(&self) -> Result<CatalogueCheck, Diagnostic> {
        let db_error = |e: rusqlite::Error| catalogue_error(&self.dir, e.to_string());
        let mut problems = Vec::new();
        let integrity: String =
            self.db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(db_error)?;
        if integrity != "ok" {
            problems.push(format!("kataloget er beskadiget: {integrity}"));
        }
        let missing = catalogue::missing_parts(&self.db).map_err(db_error)?;
        for part in &missing {
            problems.push(format!("kataloget mangler {part} (fjernet uden om opfolg)"));
        }
        if missing.iter().any(|p| p.starts_with("tabellen")) {
            // Nothing more can be read; the files show what was there.
            let head = chain::read_head(&chain::head_path(&self.dir)).ok().flatten();
            let end = head.map_or((0, chain::GENESIS.to_string()), |h| (h.records, h.link));
            return Ok(CatalogueCheck { problems, records: Vec::new(), links: Vec::new(), head: end });
        }
        let mut stored = Vec::new();
        for id in catalogue::ids(&self.db).map_err(db_error)? {
            if let Some(record) = catalogue::read(&self.db, id).map_err(db_error)? {
                stored.push(chain::Stored {
                    record,
                    link: catalogue::link_of(&self.db, id).map_err(db_error)?,
                });
            }
        }
        let orphans = catalogue::orphan_links(&self.db).map_err(db_error)?;
        let head = match chain::read_head(&chain::head_path(&self.dir)) {
            Ok(head) => head,
            Err(e) => {
                problems.push(e);
                None
            }
        };
        let (found, end) = chain::check(&stored, &orphans, head.as_ref());
        problems.extend(found);
        let links = stored.iter().map(|s| s.link.clone()).collect();
        Ok(CatalogueCheck {
            problems,
            records: stored.into_iter().map(|s| s.record).collect(),
            links,
            head: end,
        })
    }

    /// Checks the catalogue ([`Archive::check_catalogue`]), re-hashes every
    /// archived file against it, and looks for files the catalogue does not
    /// know. Reads only.
    pub fn verify(&self) -> Result<Verification, Diagnostic> {
        let CatalogueCheck { mut problems, records, head, .. } = self.check_catalogue()?;
        let mut out = Verification { head, ..Verification::default() };
        let mut pending = None;
        for record in &records {
            out.checked += 1;
            let n = record.id;
            // The sources kept beside it are the ones its hashes name.
            let p = &record.provenance;
            match self.sources(n)? {
                Some((workbook, model)) => {
                    if sha256_hex(&workbook) != p.workbook_sha256 {
                        problems.push(format!("nr. {n}: projektmappen ved posten er ændret"));
                    }
                    if p.model_sha256.as_ref().is_some_and(|m| *m != sha256_hex(&model)) {
                        problems.push(format!("nr. {n}: modellen ved posten er ændret"));
                    }
                }
                None if p.model_sha256.is_some() => {
                    problems.push(format!("nr. {n}: projektmappen og modellen ved posten mangler"))
                }
                None => {}
            }
            let file = crate::format::visible(&record.file);
            let opened = files::open_record(&self.dir, &record.file);
            let staged = self.dir.join(format!("{}{}.tmp", files::STAGING_PREFIX, record.sha256));
            match opened {
                Ok(mut f) => match files::hash_stream(&mut f, None) {
                    Ok((actual, size)) if actual != record.sha256 || size != record.size => {
                        problems.push(format!(
                            "nr. {n}: {file} er ændret (SHA-256 {actual} i stedet for {})",
                            record.sha256
                        ))
                    }
                    Ok(_) => {}
                    Err(e) => problems.push(format!("nr. {n}: {file} kan ikke læses ({})", io_reason(&e))),
                },
                Err(_)
                    if files::is_record_path(&record.file)
                        && std::fs::symlink_metadata(self.dir.join(&record.file)).is_err()
                        && staged_matches(&staged, &record.sha256) =>
                {
                    out.notes.push(format!(
                        "nr. {n}: arkiveringen blev afbrudt, før filen kom på plads; den ligger uændret som {}{}.tmp og lægges på plads ved næste «opfolg archive add»",
                        files::STAGING_PREFIX,
                        record.sha256
                    ));
                    pending = Some(format!("{}{}.tmp", files::STAGING_PREFIX, record.sha256));
                }
                Err(_)
                    if files::is_record_path(&record.file)
                        && std::fs::symlink_metadata(self.dir.join(&record.file))
                            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
                {
                    problems.push(format!("nr. {n}: {file} mangler"))
                }
                Err(e) => problems.push(format!("nr. {n}: {file}: {}", crate::format::visible(&e))),
            }
        }
        let found = files::contents(&self.dir).map_err(|e| {
            Diagnostic::error("OF0701", format!("arkivmappen kan ikke læses: {}", io_reason(&e)))
                .at(at(&self.dir))
        })?;
        let known: std::collections::HashSet<&str> = records.iter().map(|r| r.file.as_str()).collect();
        for file in found.files.iter().filter(|f| !known.contains(f.as_str())) {
            problems.push(format!(
                "{}: en fil i arkivet, som kataloget ikke kender (en post, der er slettet af kataloget, eller en fil lagt i arkivet uden om opfolg)",
                crate::format::visible(file)
            ));
        }
        for other in found.others.iter().filter(|f| !known.contains(f.as_str())) {
            problems.push(format!(
                "{}: et symbolsk link eller en særlig fil i arkivet; arkivet holder kun almindelige filer",
                crate::format::visible(other)
            ));
        }
        for staged in found.staged.iter().filter(|s| Some(*s) != pending.as_ref()) {
            out.notes.push(format!(
                "{}: efterladt af en arkivering, der blev afbrudt før kataloget; ikke en post, og den fjernes ved næste «opfolg archive add»",
                crate::format::visible(staged)
            ));
        }
        out.problems = problems;
        Ok(out)
    }
}

/// The largest workbook `add` reads beside a paper.
const MAX_WORKBOOK_BYTES: u64 = 256 * 1024 * 1024;

/// The workbook and the model a paper was made from: the workbook it
/// carries, or the one of `given` whose SHA-256 its provenance names; the
/// model made again from it, whose SHA-256 must be the provenance's.
fn sources_of(
    provenance: &Provenance,
    embedded: signature::Embedded,
    given: &[PathBuf],
) -> Result<(Vec<u8>, Vec<u8>), Diagnostic> {
    let workbook = match embedded.workbook {
        Some(bytes) => bytes,
        None => {
            let mut seen = Vec::new();
            let mut found = None;
            for path in given {
                let bytes = files::read_regular(path, MAX_WORKBOOK_BYTES)
                    .map_err(|e| Diagnostic::error("OF0714", e).at(at(path)))?;
                let sha = sha256_hex(&bytes);
                if sha == provenance.workbook_sha256 {
                    found = Some(bytes);
                    break;
                }
                seen.push(format!(
                    "{} har SHA-256 {sha}",
                    crate::format::visible(&path.display().to_string())
                ));
            }
            match found {
                Some(bytes) => bytes,
                None if given.is_empty() => {
                    return Err(Diagnostic::error(
                        "OF0714",
                        format!(
                            "arkivet skal have projektmappen «{}», som dokumentet er lavet af; PDF'en har den ikke med",
                            crate::format::visible(&provenance.workbook)
                        ),
                    )
                    .hint("angiv den med --projektmappe PROJEKTMAPPE"));
                }
                None => {
                    return Err(Diagnostic::error(
                        "OF0714",
                        format!(
                            "ingen af de angivne projektmapper er den, dokumentet er lavet af («{}»)",
                            crate::format::visible(&provenance.workbook)
                        ),
                    )
                    .found(format!(
                        "dokumentet angiver SHA-256 {}; {}",
                        provenance.workbook_sha256,
                        seen.join("; ")
                    ))
                    .hint("angiv projektmappen, som den var, da dokumentet blev lavet"));
                }
            }
        }
    };
    let model = model_of(provenance, &workbook)?;
    Ok((workbook, model))
}

/// The model the paper shows, made again from its workbook: for a contract,
/// its unit's. Refused when its SHA-256 is not the provenance's.
fn model_of(provenance: &Provenance, workbook: &[u8]) -> Result<Vec<u8>, Diagnostic> {
    let name = crate::format::visible(&provenance.workbook).into_owned();
    let (followup, _) = crate::load_bytes(&name, workbook.to_vec()).map_err(|d| {
        Diagnostic::error("OF0715", "modellen kan ikke laves igen af projektmappen")
            .found(d.iter().next().map(|d| d.to_string()).unwrap_or_default())
    })?;
    let candidates: Vec<crate::assess::FollowUp> = match &provenance.unit {
        None => vec![followup],
        Some(unit) => followup
            .report
            .units
            .iter()
            .filter(|u| &u.name == unit)
            .map(|u| followup.for_unit(&u.id))
            .collect(),
    };
    let mut last = None;
    for candidate in &candidates {
        let json = provenance::model_json(candidate)?;
        let sha = sha256_hex(&json);
        match &provenance.model_sha256 {
            Some(expected) if *expected != sha => last = Some(sha),
            _ => return Ok(json),
        }
    }
    Err(Diagnostic::error("OF0715", "modellen, som projektmappen giver, er ikke den, dokumentet viser")
        .found(format!(
            "SHA-256 {}, men dokumentet angiver {} (lavet med opfolg {}, dette er {})",
            last.unwrap_or_else(|| "(enheden findes ikke i projektmappen)".to_string()),
            provenance.model_sha256.as_deref().unwrap_or("-"),
            crate::format::visible(&provenance.opfolg_version),
            env!("CARGO_PKG_VERSION")
        )))
}

/// A location naming `path`, escaped for the terminal.
fn at(path: &Path) -> Location {
    Location {
        file: crate::format::visible(&path.display().to_string()).into_owned(),
        sheet: None,
        cell: None,
        line: None,
    }
}

/// Writes `bytes` to the staging file for `sha256` in the archive folder.
fn stage(dir: &Path, bytes: &[u8], sha256: &str) -> Result<PathBuf, Diagnostic> {
    let path = dir.join(format!("{}{sha256}.tmp", files::STAGING_PREFIX));
    let fail = |e: std::io::Error| {
        Diagnostic::error("OF0706", format!("filen kan ikke lægges i arkivet: {}", io_reason(&e))).at(at(dir))
    };
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    Ok(path)
}

/// Whether the staged file at `path` is whole: its SHA-256 is `sha256`.
fn staged_matches(path: &Path, sha256: &str) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return false };
    meta.is_file()
        && std::fs::File::open(path)
            .and_then(|mut f| files::hash_stream(&mut f, None))
            .is_ok_and(|(sha, _)| sha == sha256)
}

/// Links the staged file to `target`, which must not exist: a hard link
/// never replaces a file, so a record (or a file the catalogue has lost) at
/// that name stays. Then makes it read-only, syncs its folder and removes
/// the staging name.
fn place(staged: &Path, target: &Path) -> std::io::Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::hard_link(staged, target)?;
    let mut permissions = std::fs::metadata(target)?.permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(target, permissions)?;
    if let Some(parent) = target.parent() {
        // The new name is durable before the head says the add is done.
        std::fs::File::open(parent)?.sync_all()?;
    }
    std::fs::remove_file(staged)
}

fn catalogue_error(dir: &Path, e: String) -> Diagnostic {
    Diagnostic::error("OF0701", format!("arkivets katalog: {e}")).at(at(&dir.join(CATALOGUE)))
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
        assert!(catalogue::missing_parts(&archive.db).unwrap().is_empty());
        let update = archive.db.execute("UPDATE records SET sha256 = 'cd'", []);
        assert!(update.unwrap_err().to_string().contains("kan ikke ændres"));
        let delete = archive.db.execute("DELETE FROM records", []);
        assert!(delete.unwrap_err().to_string().contains("kan ikke slettes"));
        archive.db.execute_batch("DROP TRIGGER chain_never_goes; DROP TABLE signatures;").unwrap();
        assert_eq!(
            catalogue::missing_parts(&archive.db).unwrap(),
            [
                "udløseren chain_never_goes",
                "tabellen signatures",
                "udløseren signatures_never_change",
                "udløseren signatures_never_go"
            ]
        );
    }

    #[test]
    fn a_read_only_archive_adds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(Archive::open(dir.path()).unwrap());
        let mut archive = Archive::open_read_only(dir.path()).unwrap();
        let err = archive.add(Path::new("x.pdf"), &AddedBy::command_line(None)).unwrap_err();
        assert!(err.message.contains("til læsning"), "{err}");
        assert!(archive.list().unwrap().is_empty());
        // While it reads, a writer's lock waits; afterwards it is free.
        let writer =
            std::fs::OpenOptions::new().write(true).open(dir.path().join(catalogue::LOCK_FILE)).unwrap();
        assert!(writer.try_lock().is_err(), "an add waits while a reader reads");
        drop(archive);
        assert!(writer.try_lock().is_ok());
    }

    #[test]
    fn archive_folder_comes_from_the_option_then_the_environment() {
        assert_eq!(archive_dir(Some(Path::new("x"))), PathBuf::from("x"));
    }
}
