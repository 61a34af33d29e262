//! The catalogue's chain and its head: what makes a changed, inserted,
//! deleted or rolled-back record detectable.
//!
//! Every record commits to the one before it: its link is the SHA-256 of the
//! previous link and the record's canonical form (its JSON, signatures
//! included), so a changed field, a signature added by hand or a record taken
//! out breaks the chain. The head, the number of records and the last link,
//! is kept outside the catalogue (`katalog.hoved`, or the file
//! `OPFOLG_ARCHIVE_HEAD` names), so a catalogue emptied, cut short or restored
//! from a backup no longer matches it. What this detects and what it cannot:
//! `docs/archive.md`.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Record, hex};

/// The link before the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The environment variable naming the head's file, when it is kept apart
/// from the archive folder (a share only the archiving account may write).
pub const HEAD_ENV: &str = "OPFOLG_ARCHIVE_HEAD";

/// The head's file name in the archive folder.
pub const HEAD_FILE: &str = "katalog.hoved";

/// The link of `record` after the link `previous`.
pub fn link(previous: &str, record: &Record) -> String {
    // serde's JSON of the struct: every field, in declaration order, so a
    // field added to `Record` or `SignatureRecord` is covered without a list
    // to keep up to date here.
    let canonical = serde_json::to_vec(record).unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(b"opfolg-katalog-kaede-1\n");
    hasher.update(previous.as_bytes());
    hasher.update(b"\n");
    hasher.update(&canonical);
    hex(&hasher.finalize())
}

/// The catalogue as it was when opfolg last changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// How many records.
    pub records: i64,
    /// The last record's link ([`GENESIS`] for none).
    pub link: String,
    /// The state an `add` is about to commit: written before the commit, so
    /// a kill between the commit and the head's update leaves a catalogue
    /// the head still vouches for.
    pub pending: Option<(i64, String)>,
}

impl Head {
    /// Whether a catalogue of `records` records ending in `link` is the one
    /// the head describes (or the one an interrupted `add` committed).
    pub fn matches(&self, records: i64, link: &str) -> bool {
        (self.records == records && self.link == link)
            || self.pending.as_ref().is_some_and(|(n, l)| *n == records && l == link)
    }
}

/// Where the head of the archive in `dir` is kept.
pub fn head_path(dir: &Path) -> PathBuf {
    std::env::var_os(HEAD_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join(HEAD_FILE))
}

/// Reads the head; `Ok(None)` when there is none.
pub fn read_head(path: &Path) -> Result<Option<Head>, String> {
    if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return Ok(None);
    }
    // Only a small regular file: a named pipe or a device put in its place
    // must not make verify wait or read forever.
    let bytes = super::files::read_regular(path, 64 * 1024).map_err(|e| format!("arkivets hoved: {e}"))?;
    let bad = || "arkivets hoved er beskadiget".to_string();
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let mut lines = text.lines();
    if lines.next() != Some("opfolg-arkivhoved 1") {
        return Err(bad());
    }
    let mut head = Head { records: -1, link: String::new(), pending: None };
    for line in lines {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields.as_slice() {
            ["poster", n, link] if is_link(link) => {
                head.records = n.parse().map_err(|_| bad())?;
                head.link = link.to_string();
            }
            ["afventer", n, link] if is_link(link) => {
                head.pending = Some((n.parse().map_err(|_| bad())?, link.to_string()));
            }
            _ => return Err(bad()),
        }
    }
    if head.records < 0 {
        return Err(bad());
    }
    Ok(Some(head))
}

fn is_link(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Writes the head: to a new file beside it, synced, then renamed over it,
/// so the head is always one whole state.
pub fn write_head(path: &Path, head: &Head) -> std::io::Result<()> {
    let mut text = format!("opfolg-arkivhoved 1\nposter {} {}\n", head.records, head.link);
    if let Some((n, link)) = &head.pending {
        text.push_str(&format!("afventer {n} {link}\n"));
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".ny");
    let tmp = PathBuf::from(tmp);
    // A link planted under the new name is removed, not written through.
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(parent)?.sync_all()
}

/// One record as the catalogue holds it, with the link stored beside it.
pub struct Stored {
    /// The record.
    pub record: Record,
    /// Its link as stored (`None`: the record has none).
    pub link: Option<String>,
}

/// Checks the chain of `stored` (in number order), the links that name no
/// record (`orphans`), and the chain's end against `head`. Returns the
/// problems, each naming a record, and the catalogue's end (count, link).
pub fn check(stored: &[Stored], orphans: &[i64], head: Option<&Head>) -> (Vec<String>, (i64, String)) {
    let mut problems = Vec::new();
    let mut previous = GENESIS.to_string();
    let mut expected_id = 1;
    for s in stored {
        let id = s.record.id;
        if id > expected_id {
            let gone = if id - 1 == expected_id {
                format!("nr. {expected_id}")
            } else {
                format!("nr. {expected_id}-{}", id - 1)
            };
            problems.push(format!("{gone}: mangler i kataloget (slettet uden om opfolg)"));
        }
        expected_id = id + 1;
        let want = link(&previous, &s.record);
        match &s.link {
            None => problems.push(format!(
                "nr. {id}: posten har ingen plads i kæden (den er indsat i kataloget uden om opfolg)"
            )),
            Some(stored_link) if *stored_link != want => problems.push(format!(
                "nr. {id}: posten passer ikke til kæden (den er ændret i kataloget, fx en titel, en fil eller en underskrift, eller posten før den er ændret, fjernet eller indsat)"
            )),
            Some(_) => {}
        }
        previous = s.link.clone().unwrap_or(want);
    }
    for id in orphans {
        problems.push(format!(
            "nr. {id}: kæden nævner en post, som ikke er i kataloget (slettet uden om opfolg)"
        ));
    }
    let count = stored.len() as i64;
    let end = (count, previous);
    match head {
        None if count > 0 => problems.push(format!(
            "arkivets hoved mangler, men kataloget har {}: hovedet er slettet, eller kataloget er ikke dette arkivs",
            posts(count)
        )),
        None => {}
        Some(h) if h.matches(end.0, &end.1) => {}
        Some(h) if count < h.records => problems.push(format!(
            "kataloget har {}, men arkivets hoved siger {}: poster er slettet, eller kataloget er lagt tilbage fra en sikkerhedskopi (rullet tilbage)",
            posts(count),
            h.records
        )),
        Some(h) if count > h.records => {
            let added =
                if h.records + 1 == count { format!("nr. {count}") } else { format!("nr. {}-{count}", h.records + 1) };
            problems.push(format!(
                "kataloget har {}, men arkivets hoved siger {}: {added} er indsat uden om opfolg",
                posts(count),
                h.records
            ))
        }
        Some(_) => problems.push(format!(
            "kataloget har det antal poster, arkivets hoved siger ({count}), men ikke de samme: en post er ændret, eller kataloget er et andet"
        )),
    }
    (problems, end)
}

fn posts(n: i64) -> String {
    crate::format::count(usize::try_from(n).unwrap_or(0), "post", "poster")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::signature::{SignatureKind, SignatureStatus, TimeSource};
    use crate::archive::{Provenance, SignatureRecord};

    fn record(id: i64, title: &str) -> Record {
        Record {
            id,
            file: format!("2008/a-v{id}.pdf"),
            sha256: "ab".repeat(32),
            size: 10,
            provenance: Provenance {
                kind: "halvårsopfølgning".into(),
                title: title.into(),
                name: "a".into(),
                unit: None,
                period: "1. halvår 2008".into(),
                year: 2008,
                case_number: None,
                document_number: None,
                date: "2008-08-01".into(),
                document_key: "k".into(),
                workbook: "w.xlsx".into(),
                workbook_sha256: "cd".repeat(32),
                model_sha256: None,
                templates_sha256: "ef".repeat(32),
                opfolg_version: "0.1.0".into(),
            },
            version: id,
            replaces: (id > 1).then(|| id - 1),
            archived_at: "2026-12-01T00:00:00Z".into(),
            added_from: "a.pdf".into(),
            added_by: None,
            signatures: Vec::new(),
        }
    }

    fn chained(records: Vec<Record>) -> Vec<Stored> {
        let mut previous = GENESIS.to_string();
        records
            .into_iter()
            .map(|record| {
                previous = link(&previous, &record);
                Stored { record, link: Some(previous.clone()) }
            })
            .collect()
    }

    fn head_of(stored: &[Stored]) -> Head {
        Head {
            records: stored.len() as i64,
            link: stored.last().and_then(|s| s.link.clone()).unwrap_or(GENESIS.into()),
            pending: None,
        }
    }

    #[test]
    fn an_intact_chain_matches_its_head() {
        let stored = chained((1..=3).map(|i| record(i, "t")).collect());
        let (problems, end) = check(&stored, &[], Some(&head_of(&stored)));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(end, (3, stored[2].link.clone().unwrap()));
        assert!(check(&[], &[], None).0.is_empty(), "a new archive");
    }

    #[test]
    fn a_changed_record_or_an_added_signature_is_named() {
        let mut stored = chained((1..=3).map(|i| record(i, "t")).collect());
        let head = head_of(&stored);
        stored[1].record.signatures.push(SignatureRecord {
            kind: SignatureKind::Signature,
            status: SignatureStatus::Confirmed,
            field: "Signature1".into(),
            signer: "Borgmester".into(),
            subject: "CN=Borgmester".into(),
            issuer: "CN=Borgmester".into(),
            serial: "01".into(),
            certificate: String::new(),
            fingerprint_sha256: "0".repeat(64),
            valid_from: "2008-01-01T00:00:00Z".into(),
            valid_to: "2030-01-01T00:00:00Z".into(),
            anchor_sha256: None,
            time: None,
            time_source: TimeSource::Unknown,
            revision: 1,
            revisions: 1,
            covered_bytes: 0,
            note: String::new(),
        });
        let (problems, _) = check(&stored, &[], Some(&head));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("nr. 2: posten passer ikke til kæden"), "{problems:?}");
        // Relinking the changed record moves the break to the next one...
        stored[1].link = Some(link(stored[0].link.as_ref().unwrap(), &stored[1].record));
        let (problems, _) = check(&stored, &[], Some(&head));
        assert!(problems[0].starts_with("nr. 3: "), "{problems:?}");
        // ...and relinking all of them to the end, to the head.
        stored[2].link = Some(link(stored[1].link.as_ref().unwrap(), &stored[2].record));
        let (problems, _) = check(&stored, &[], Some(&head));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("ikke de samme"), "{problems:?}");
    }

    #[test]
    fn a_record_without_an_adder_links_as_before_and_the_adder_is_covered() {
        let old = record(1, "t");
        let json = serde_json::to_string(&old).unwrap();
        assert!(!json.contains("added_by"), "{json}");
        assert!(json.contains("\"added_from\":\"a.pdf\",\"signatures\":[]"), "{json}");
        let mut new = old.clone();
        new.added_by = Some(crate::archive::AddedBy {
            account: "jens".into(),
            via: crate::archive::AddedVia::CommandLine,
            name: None,
        });
        let json = serde_json::to_string(&new).unwrap();
        assert!(
            json.contains(r#""added_by":{"account":"jens","via":"command_line","name":null},"signatures""#),
            "{json}"
        );
        let stored = chained(vec![new.clone()]);
        let head = head_of(&stored);
        assert!(check(&stored, &[], Some(&head)).0.is_empty());
        // Every part of the adder, and its absence, changes the link.
        let mut changed = Vec::new();
        let mut other = new.clone();
        other.added_by.as_mut().unwrap().account = "root".into();
        changed.push(other);
        let mut other = new.clone();
        other.added_by.as_mut().unwrap().via = crate::archive::AddedVia::Serve;
        changed.push(other);
        let mut other = new.clone();
        other.added_by.as_mut().unwrap().name = Some("jens".into());
        changed.push(other);
        changed.push(old);
        for record in changed {
            let forged = vec![Stored { record, link: stored[0].link.clone() }];
            let (problems, _) = check(&forged, &[], Some(&head));
            assert!(problems[0].starts_with("nr. 1: posten passer ikke til kæden"), "{problems:?}");
        }
    }

    #[test]
    fn deleted_inserted_and_rolled_back_records_are_found() {
        let all = chained((1..=4).map(|i| record(i, "t")).collect());
        let head = head_of(&all);
        let mut stored = chained((1..=4).map(|i| record(i, "t")).collect());
        stored.remove(1);
        let (problems, _) = check(&stored, &[2], Some(&head));
        assert!(problems.iter().any(|p| p.starts_with("nr. 2: mangler i kataloget")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("nr. 3: ")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("rullet tilbage")), "{problems:?}");
        // Last night's catalogue: a true prefix, only the head knows better.
        let rolled_back = chained((1..=2).map(|i| record(i, "t")).collect());
        let (problems, _) = check(&rolled_back, &[], Some(&head));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("kataloget har 2 poster, men arkivets hoved siger 4"), "{problems:?}");
        // Emptied.
        let (problems, _) = check(&[], &[], Some(&head));
        assert!(problems[0].contains("kataloget har 0 poster"), "{problems:?}");
        // A record added by hand at the end, linked properly.
        let mut longer = chained((1..=5).map(|i| record(i, "t")).collect());
        let (problems, _) = check(&longer, &[], Some(&head));
        assert!(problems[0].contains("nr. 5 er indsat"), "{problems:?}");
        // One without a link.
        longer[4].link = None;
        let (problems, _) = check(&longer, &[], Some(&head));
        assert!(
            problems.iter().any(|p| p.starts_with("nr. 5: posten har ingen plads i kæden")),
            "{problems:?}"
        );
        // No head at all.
        let (problems, _) = check(&all, &[], None);
        assert!(problems[0].contains("hoved mangler"), "{problems:?}");
    }

    #[test]
    fn the_head_reads_back_and_a_pending_add_counts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(HEAD_FILE);
        assert_eq!(read_head(&path).unwrap(), None);
        let head = Head { records: 3, link: "a".repeat(64), pending: Some((4, "b".repeat(64))) };
        write_head(&path, &head).unwrap();
        assert_eq!(read_head(&path).unwrap(), Some(head.clone()));
        assert!(head.matches(3, &"a".repeat(64)) && head.matches(4, &"b".repeat(64)));
        assert!(!head.matches(4, &"a".repeat(64)) && !head.matches(2, &"a".repeat(64)));
        std::fs::write(&path, "opfolg-arkivhoved 1\nposter x\n").unwrap();
        assert!(read_head(&path).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_for_a_head_is_refused_and_a_planted_link_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(HEAD_FILE);
        assert!(std::process::Command::new("mkfifo").arg(&path).status().unwrap().success());
        assert!(read_head(&path).unwrap_err().contains("ikke en almindelig fil"));
        std::fs::remove_file(&path).unwrap();
        let victim = dir.path().join("offer.txt");
        std::fs::write(&victim, "urørt").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("katalog.hoved.ny")).unwrap();
        let head = Head { records: 0, link: GENESIS.to_string(), pending: None };
        write_head(&path, &head).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "urørt");
        assert_eq!(read_head(&path).unwrap(), Some(head));
    }
}
