//! The catalogue in SQLite: its tables, opening it for writing (one writer
//! at a time, behind a lock file) or for reading only (an auditor's copy on
//! read-only media), and a record's rows written and read back.

use std::fs::File;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{AddedBy, AddedVia, Provenance, Record, signature};

/// The lock file that lets one `add` at a time change the archive.
pub(crate) const LOCK_FILE: &str = "katalog.laas";

/// The records and their chain; the signatures' table is
/// [`super::signature::SCHEMA`].
pub(crate) const SCHEMA: &str = "
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
    model_sha256     TEXT,
    templates_sha256 TEXT NOT NULL,
    opfolg_version   TEXT NOT NULL,
    archived_at      TEXT NOT NULL,
    added_from       TEXT NOT NULL,
    -- Who added it (adder.rs); NULL in a record added before opfolg
    -- recorded it. A catalogue made then gets the columns on its next add.
    adder_account    TEXT,
    adder_via        TEXT,
    adder_name       TEXT,
    UNIQUE (document_key, version)
);
-- Each record's link in the chain (see chain.rs), written after the record's
-- rows in the same transaction, from the record as read back.
CREATE TABLE IF NOT EXISTS chain (
    record_id INTEGER PRIMARY KEY,
    link      TEXT NOT NULL
);
-- A record is never changed or removed.
CREATE TRIGGER IF NOT EXISTS records_never_change BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke ændres'); END;
CREATE TRIGGER IF NOT EXISTS records_never_go BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke slettes'); END;
CREATE TRIGGER IF NOT EXISTS chain_never_changes BEFORE UPDATE ON chain
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke ændres'); END;
CREATE TRIGGER IF NOT EXISTS chain_never_goes BEFORE DELETE ON chain
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke slettes'); END;
-- The workbook and the model a record was made from, kept beside it: a
-- paper carries neither. Their hashes are the record's (and so in the chain).
CREATE TABLE IF NOT EXISTS sources (
    record_id INTEGER PRIMARY KEY REFERENCES records(id),
    workbook  BLOB NOT NULL,
    model     BLOB NOT NULL
);
CREATE TRIGGER IF NOT EXISTS sources_never_change BEFORE UPDATE ON sources
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke ændres'); END;
CREATE TRIGGER IF NOT EXISTS sources_never_go BEFORE DELETE ON sources
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke slettes'); END;
";

/// The workbook and the model kept beside record `id`, if any.
pub(crate) fn sources(db: &Connection, id: i64) -> rusqlite::Result<Option<super::Sources>> {
    db.query_row("SELECT workbook, model FROM sources WHERE record_id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// Takes the archive's write lock, waiting for another `add` to finish. The
/// lock is the file's (flock), so it goes with the process, also a killed one.
pub(crate) fn lock(dir: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        // A named pipe or a link planted in its place must not make `add`
        // wait or open something else.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(dir.join(LOCK_FILE))?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("låsefilen er ikke en almindelig fil"));
    }
    file.lock()?;
    Ok(file)
}

/// Takes the archive's lock shared, for reading: it waits while an `add` is
/// between checking the head and updating it, so a reader never sees the
/// catalogue of one moment and the head of another. Where there is no lock
/// file, or it cannot be opened (a read-only copy may lack it), there is
/// nobody to wait for: `None`. Opening it for reading changes nothing.
pub(crate) fn lock_shared(dir: &Path) -> Option<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(dir.join(LOCK_FILE)).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    file.lock_shared().ok()?;
    Some(file)
}

/// The tables and triggers of [`SCHEMA`] and the signatures' the catalogue lacks, in words
/// ("tabellen chain", "udløseren records_never_go"): each was dropped by
/// someone, since opfolg makes them all and never drops one.
pub(crate) fn missing_parts(db: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = db.prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")?;
    let present: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut missing = Vec::new();
    for statement in [SCHEMA, signature::SCHEMA].iter().flat_map(|schema| schema.split("CREATE ").skip(1)) {
        let mut words = statement.split_whitespace();
        let (Some(kind), Some(_if), Some(_not), Some(_exists), Some(name)) =
            (words.next(), words.next(), words.next(), words.next(), words.next())
        else {
            continue;
        };
        let kind = kind.to_lowercase();
        if !present.iter().any(|(k, n)| *k == kind && n == name) {
            let word = if kind == "table" { "tabellen" } else { "udløseren" };
            missing.push(format!("{word} {name}"));
        }
    }
    Ok(missing)
}

/// Opens the catalogue for writing and makes its tables. The caller holds
/// the lock ([`lock`]), so two processes creating one archive at once do not
/// meet inside SQLite (where switching the journal and creating tables can
/// fail with "database is locked" instead of waiting).
pub(crate) fn open_for_writing(path: &Path) -> rusqlite::Result<Connection> {
    regular_or_absent(path)?;
    let db = Connection::open(path)?;
    db.busy_timeout(std::time::Duration::from_secs(120))?;
    // A rollback journal, not WAL: a reader on a read-only copy needs no
    // -wal or -shm file beside the catalogue, and there is one writer anyway.
    db.pragma_update(None, "journal_mode", "DELETE")?;
    db.pragma_update(None, "synchronous", "FULL")?;
    db.pragma_update(None, "foreign_keys", "ON")?;
    db.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} {}", signature::SCHEMA))?;
    // A catalogue made before the adder was recorded: its records keep no
    // adder (NULL), so their links hash as before. ALTER ... ADD COLUMN is
    // no UPDATE, so the triggers let it through.
    let added = (|| {
        for column in ADDER_COLUMNS {
            if !has_column(&db, column)? {
                db.execute_batch(&format!("ALTER TABLE records ADD COLUMN {column} TEXT;"))?;
            }
        }
        db.execute_batch("COMMIT;")
    })();
    if let Err(e) = added {
        let _ = db.execute_batch("ROLLBACK;");
        return Err(e);
    }
    Ok(db)
}

/// The columns that say who added a record, in the order [`read`] takes them.
const ADDER_COLUMNS: [&str; 3] = ["adder_account", "adder_via", "adder_name"];

/// Whether the table `records` has `column`.
fn has_column(db: &Connection, column: &str) -> rusqlite::Result<bool> {
    db.query_row("SELECT EXISTS(SELECT 1 FROM pragma_table_info('records') WHERE name = ?1)", [column], |r| {
        r.get(0)
    })
}

/// Opens the catalogue for reading only: nothing is created or changed
/// beside it. On read-only media, or for a catalogue SQLite cannot lock, it
/// is opened as immutable.
pub(crate) fn open_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    regular_or_absent(path)?;
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = |extra: &str| format!("file:{}?mode=ro{extra}", uri_path(path));
    let usable = |db: Connection| -> rusqlite::Result<Connection> {
        db.busy_timeout(std::time::Duration::from_secs(120))?;
        db.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
        Ok(db)
    };
    match Connection::open_with_flags(uri(""), flags).and_then(usable) {
        Ok(db) => Ok(db),
        Err(_) => Connection::open_with_flags(uri("&immutable=1"), flags).and_then(usable),
    }
}

/// SQLite would wait forever on a named pipe put in the catalogue's place.
fn regular_or_absent(path: &Path) -> rusqlite::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(rusqlite::Error::InvalidPath(path.to_path_buf())),
        _ => Ok(()),
    }
}

/// A path as the path of a `file:` URI: every byte but letters, digits and
/// `/-_.~` percent-encoded (`?`, `#` and `%` would otherwise end or change it).
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(byte) {
            out.push(*byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Writes `record`'s rows (its `id` is ignored) and returns its number.
pub(crate) fn insert(db: &Connection, record: &Record) -> rusqlite::Result<i64> {
    let p = &record.provenance;
    db.execute(
        "INSERT INTO records (file, sha256, size, kind, title, name, unit, period, year, case_number,
             document_number, document_date, document_key, version, replaces, workbook, workbook_sha256,
             templates_sha256, opfolg_version, archived_at, added_from, model_sha256,
             adder_account, adder_via, adder_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
             ?23, ?24, ?25)",
        params![
            record.file,
            record.sha256,
            record.size as i64,
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
            record.version,
            record.replaces,
            p.workbook,
            p.workbook_sha256,
            p.templates_sha256,
            p.opfolg_version,
            record.archived_at,
            record.added_from,
            p.model_sha256,
            record.added_by.as_ref().map(|a| &a.account),
            record.added_by.as_ref().map(|a| a.via.as_str()),
            record.added_by.as_ref().and_then(|a| a.name.as_ref()),
        ],
    )?;
    let id = db.last_insert_rowid();
    signature::insert(db, id, &record.signatures)?;
    Ok(id)
}

/// The record numbered `id`, if there is one.
pub(crate) fn read(db: &Connection, id: i64) -> rusqlite::Result<Option<Record>> {
    // A catalogue opened for reading that was made before the adder was
    // recorded lacks its columns (so does one whose columns were dropped:
    // its newer records then no longer match the chain).
    let mut adder = Vec::new();
    for column in ADDER_COLUMNS {
        adder.push(if has_column(db, column)? { column } else { "NULL" });
    }
    let record = db
        .query_row(
            &format!(
                "SELECT id, file, sha256, size, kind, title, name, unit, period, year, case_number, document_number,
                    document_date, document_key, version, replaces, workbook, workbook_sha256, templates_sha256,
                    opfolg_version, archived_at, added_from, model_sha256, {}
             FROM records WHERE id = ?1",
                adder.join(", ")
            ),
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
                        model_sha256: r.get(22)?,
                        templates_sha256: r.get(18)?,
                        opfolg_version: r.get(19)?,
                    },
                    version: r.get(14)?,
                    replaces: r.get(15)?,
                    archived_at: r.get(20)?,
                    added_from: r.get(21)?,
                    added_by: adder_of(id, r.get(23)?, r.get(24)?, r.get(25)?)?,
                    signatures: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut record) = record else { return Ok(None) };
    record.signatures = signature::load(db, id)?;
    Ok(Some(record))
}

/// Who added record `id`, from its three columns: `None` when all are
/// NULL (a record from before opfolg recorded it). Anything else is read
/// as it stands, so that a column set or cleared by hand changes the record
/// and breaks its link; a way of adding opfolg never writes cannot be read.
fn adder_of(
    id: i64,
    account: Option<String>,
    via: Option<String>,
    name: Option<String>,
) -> rusqlite::Result<Option<AddedBy>> {
    if account.is_none() && via.is_none() && name.is_none() {
        return Ok(None);
    }
    let via = via.as_deref().and_then(AddedVia::parse).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            24,
            rusqlite::types::Type::Text,
            format!(
                "nr. {id}: hvordan posten blev arkiveret («{}») er ikke et ord, opfolg skriver; kataloget er ændret uden om opfolg",
                crate::format::visible(via.as_deref().unwrap_or("NULL"))
            )
            .into(),
        )
    })?;
    Ok(Some(AddedBy { account: account.unwrap_or_default(), via, name }))
}

/// The numbers of all records, in order.
pub(crate) fn ids(db: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = db.prepare("SELECT id FROM records ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The link stored for record `id`.
pub(crate) fn link_of(db: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    db.query_row("SELECT link FROM chain WHERE record_id = ?1", [id], |r| r.get(0)).optional()
}

/// Links stored for records that are not in the catalogue.
pub(crate) fn orphan_links(db: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = db.prepare(
        "SELECT record_id FROM chain WHERE record_id NOT IN (SELECT id FROM records) ORDER BY record_id",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The catalogue's end as stored: how many records, and the last link.
pub(crate) fn end(db: &Connection) -> rusqlite::Result<(i64, String)> {
    let count: i64 = db.query_row("SELECT count(*) FROM records", [], |r| r.get(0))?;
    let last: Option<String> = db
        .query_row(
            "SELECT chain.link FROM records LEFT JOIN chain ON chain.record_id = records.id
             ORDER BY records.id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok((count, last.unwrap_or_else(|| super::chain::GENESIS.to_string())))
}
