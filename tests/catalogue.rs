//! The catalogue under attack: what someone with write access to the archive
//! folder can do to `katalog.sqlite` (restore last night's copy, empty it,
//! insert a signature or a "replacing" record, change or delete a record,
//! craft a file path, plant a symbolic link) is found by `verify`, and a
//! record's file is never deleted. Reading works on a read-only copy and
//! changes nothing; printed fields cannot forge a line; adds on a new
//! archive wait for each other; only regular files are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::archive::{
    archive_command, build, corrected_workbook, example, list, opfolg, record, sha256, stderr, stdout, tool,
};
use opfolg::archive::chain;

/// Two versions of the example's PDF, in their own folders.
fn two_versions(dir: &Path) -> (PathBuf, PathBuf) {
    (build(&example(), &dir.join("v1")), build(&corrected_workbook(dir), &dir.join("v2")))
}

/// An archive with both versions added.
fn archive_with_two(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (v1, v2) = two_versions(dir);
    let archive = dir.join("arkiv");
    for pdf in [&v1, &v2] {
        let run = opfolg(&archive, &["add", pdf.to_str().unwrap()]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    (archive, v1, v2)
}

/// Runs SQL on the catalogue, as someone with write access and the sqlite3
/// shell would.
pub(crate) fn tamper(archive: &Path, sql: &str) {
    let db = rusqlite::Connection::open(archive.join("katalog.sqlite")).unwrap();
    db.execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}")).unwrap();
}

/// SQL that inserts a signature for record 1 by hand, every column filled as
/// a real one is; `signer` and `note` are SQL expressions.
fn forged_signature(signer: &str, note: &str) -> String {
    format!(
        "INSERT INTO signatures (record_id, position, kind, status, field, signer, subject, issuer, serial,
             certificate, fingerprint_sha256, valid_from, valid_to, anchor_sha256, time, time_source, revision,
             revisions, covered_bytes, note)
         VALUES (1, 0, 'signature', 'confirmed', 'Signature1', {signer}, 'CN=Borgmester', 'CN=Rod', '01', '',
             '{zeros}', '2008-01-01T00:00:00Z', '2030-01-01T00:00:00Z', NULL, '2026-01-01T11:00:00Z', 'claimed',
             1, 1, 100, {note});",
        zeros = "0".repeat(64)
    )
}

pub(crate) const NO_TRIGGERS: &str = "DROP TRIGGER records_never_change; DROP TRIGGER records_never_go;
     DROP TRIGGER signatures_never_change; DROP TRIGGER signatures_never_go;
     DROP TRIGGER chain_never_changes; DROP TRIGGER chain_never_goes;";

pub(crate) fn copy_of(archive: &Path, name: &str) -> PathBuf {
    let copy = archive.with_file_name(name);
    let run = tool("cp", &["-a", archive.to_str().unwrap(), copy.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    copy
}

/// `verify` fails, and says each of `expected`.
pub(crate) fn verify_fails(archive: &Path, expected: &[&str]) -> String {
    let run = opfolg(archive, &["verify"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{}{err}", stdout(&run));
    for e in expected {
        assert!(err.contains(e), "«{e}» in:\n{err}");
    }
    err
}

/// Relinks the whole chain and rewrites the head, as someone who can write
/// the head as well as the catalogue could.
fn relink(archive: &Path) {
    let db = rusqlite::Connection::open(archive.join("katalog.sqlite")).unwrap();
    let reader = opfolg::archive::Archive::open_read_only(archive).unwrap();
    let mut previous = chain::GENESIS.to_string();
    let records = reader.list().unwrap();
    for r in &records {
        previous = chain::link(&previous, r);
        db.execute("UPDATE chain SET link = ?1 WHERE record_id = ?2", rusqlite::params![previous, r.id])
            .unwrap();
    }
    let head = chain::Head { records: records.len() as i64, link: previous, pending: None };
    chain::write_head(&archive.join(chain::HEAD_FILE), &head).unwrap();
    // Opening it for adding makes the dropped triggers again.
    drop(reader);
    drop(opfolg::archive::Archive::open(archive).unwrap());
}

#[test]
fn a_catalogue_restored_emptied_or_edited_by_hand_fails_verify_and_nothing_archived_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = two_versions(dir.path());
    let archive = dir.path().join("arkiv");
    assert!(opfolg(&archive, &["add", v1.to_str().unwrap()]).status.success());
    let last_night = std::fs::read(archive.join("katalog.sqlite")).unwrap();
    assert!(opfolg(&archive, &["add", v2.to_str().unwrap()]).status.success());
    let second = record(&archive, 2)["file"].as_str().unwrap().to_string();
    let verify = opfolg(&archive, &["verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));

    // Last night's catalogue put back: record 2's file is one the catalogue
    // does not know, and the head knows there were two.
    let restored = copy_of(&archive, "tilbagelagt");
    std::fs::write(restored.join("katalog.sqlite"), &last_night).unwrap();
    verify_fails(
        &restored,
        &[
            "kataloget har 1 post, men arkivets hoved siger 2",
            "rullet tilbage",
            &format!("{second}: en fil i arkivet, som kataloget ikke kender"),
        ],
    );
    // Adding record 2 again does not delete its file to make room: the add
    // is refused and the file stays as it was.
    let again = opfolg(&restored, &["add", v2.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("OF0709"), "{}", stderr(&again));
    assert_eq!(std::fs::read(restored.join(&second)).unwrap(), std::fs::read(&v2).unwrap());
    // Nor when the head is gone too.
    std::fs::remove_file(restored.join(chain::HEAD_FILE)).unwrap();
    let again = opfolg(&restored, &["add", v2.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("OF0709") && stderr(&again).contains("hoved"), "{}", stderr(&again));
    verify_fails(&restored, &["arkivets hoved mangler"]);
    // Nor when someone then makes the archive look new: the files are there.
    std::fs::remove_file(restored.join("katalog.sqlite")).unwrap();
    let again = opfolg(&restored, &["add", v2.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("arkivmappen har filer"), "{}", stderr(&again));
    assert_eq!(std::fs::read(restored.join(&second)).unwrap(), std::fs::read(&v2).unwrap());
    assert!(std::fs::metadata(restored.join(&second)).unwrap().permissions().readonly());

    // Emptied.
    let emptied = copy_of(&archive, "toemt");
    tamper(
        &emptied,
        &format!("{NO_TRIGGERS} DELETE FROM signatures; DELETE FROM chain; DELETE FROM records;"),
    );
    verify_fails(
        &emptied,
        &[
            "kataloget har 0 poster, men arkivets hoved siger 2",
            "en fil i arkivet, som kataloget ikke kender",
        ],
    );

    // A signature inserted with plain INSERT: the record no longer matches
    // its link, and only that record is named.
    let signed = copy_of(&archive, "underskrift");
    tamper(&signed, &forged_signature("'Borgmester (Eksempel Kommune)'", "'gyldig, underskriver bekræftet'"));
    // show prints what the catalogue says, and that it does not hold.
    let show = opfolg(&signed, &["show", "1"]);
    assert!(stdout(&show).contains("Borgmester"), "the insert took: {}", stdout(&show));
    assert_eq!(show.status.code(), Some(1));
    assert!(stderr(&show).contains("nr. 1: posten passer ikke til kæden"), "{}", stderr(&show));
    for args in [&["list"][..], &["show", "2", "--format", "json"]] {
        let run = opfolg(&signed, args);
        assert_eq!(run.status.code(), Some(1), "{args:?}");
        assert!(stderr(&run).contains("stol ikke på det viste"), "{}", stderr(&run));
    }
    let err =
        verify_fails(&signed, &["nr. 1: posten passer ikke til kæden", "2 poster kontrolleret: 1 fejl"]);
    assert!(!err.contains("nr. 2"), "{err}");

    // A record "replacing" version 2, inserted with its link computed
    // properly: the head still has two.
    let replacing = copy_of(&archive, "erstatning");
    tamper(
        &replacing,
        "INSERT INTO records (file, sha256, size, kind, title, name, unit, period, year, case_number,
             document_number, document_date, document_key, version, replaces, workbook, workbook_sha256,
             templates_sha256, opfolg_version, archived_at, added_from)
         SELECT '2008/falsk-v3.pdf', 'ff' || sha256, size, kind, title, name, unit, period, year, case_number,
             document_number, document_date, document_key, 3, 2, workbook, workbook_sha256,
             templates_sha256, opfolg_version, archived_at, added_from FROM records WHERE id = 2;",
    );
    {
        let db = rusqlite::Connection::open(replacing.join("katalog.sqlite")).unwrap();
        let link2: String =
            db.query_row("SELECT link FROM chain WHERE record_id = 2", [], |r| r.get(0)).unwrap();
        let third = opfolg::archive::Archive::open_read_only(&replacing).unwrap().show(3).unwrap().unwrap();
        db.execute("INSERT INTO chain VALUES (3, ?1)", [chain::link(&link2, &third)]).unwrap();
    }
    verify_fails(
        &replacing,
        &["kataloget har 3 poster, men arkivets hoved siger 2: nr. 3 er indsat uden om opfolg"],
    );
    // Without a link of its own.
    let unlinked = copy_of(&replacing, "uden-led");
    tamper(&unlinked, "DROP TRIGGER chain_never_goes; DELETE FROM chain WHERE record_id = 3;");
    verify_fails(&unlinked, &["nr. 3: posten har ingen plads i kæden"]);

    // A table of the catalogue dropped, or a trigger.
    let dropped = copy_of(&archive, "uden-kaede");
    tamper(&dropped, "DROP TABLE chain;");
    verify_fails(&dropped, &["kataloget mangler tabellen chain (fjernet uden om opfolg)"]);
    let unguarded = copy_of(&archive, "uden-udloeser");
    tamper(&unguarded, "DROP TRIGGER records_never_go;");
    verify_fails(&unguarded, &["kataloget mangler udløseren records_never_go"]);
    // An add on a catalogue whose chain is broken in the middle is refused,
    // also where the end still matches the head.
    let broken = copy_of(&archive, "brudt");
    tamper(&broken, "DROP TRIGGER records_never_change; UPDATE records SET title = 'x' WHERE id = 1;");
    let run = opfolg(&broken, &["add", v1.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("OF0709") && stderr(&run).contains("nr. 1: posten passer ikke"),
        "{}",
        stderr(&run)
    );

    // A title changed.
    let retitled = copy_of(&archive, "ny-titel");
    tamper(
        &retitled,
        "DROP TRIGGER records_never_change; UPDATE records SET title = 'Noget andet' WHERE id = 2;",
    );
    verify_fails(&retitled, &["nr. 2: posten passer ikke til kæden"]);

    // A record deleted.
    let deleted = copy_of(&archive, "slettet");
    tamper(
        &deleted,
        &format!(
            "{NO_TRIGGERS} DELETE FROM signatures WHERE record_id = 1; DELETE FROM chain WHERE record_id = 1;
             DELETE FROM records WHERE id = 1;"
        ),
    );
    verify_fails(
        &deleted,
        &[
            "nr. 1: mangler i kataloget",
            "nr. 2: posten passer ikke til kæden",
            "kataloget har 1 post, men arkivets hoved siger 2",
            "en fil i arkivet, som kataloget ikke kender",
        ],
    );

    // A record deleted with its file, and the chain and head rewritten: only
    // possible with write access to the head too. Nothing local can tell;
    // docs/archive.md says so, and where to keep the head against it.
    let rewritten = copy_of(&archive, "omskrevet");
    tamper(
        &rewritten,
        &format!("{NO_TRIGGERS} DELETE FROM chain WHERE record_id = 2; DELETE FROM records WHERE id = 2;"),
    );
    std::fs::remove_file(rewritten.join(&second)).unwrap();
    relink(&rewritten);
    assert!(opfolg(&rewritten, &["verify"]).status.success());

    // Nothing archived was deleted or changed by any of this.
    assert_eq!(std::fs::read(archive.join(&second)).unwrap(), std::fs::read(&v2).unwrap());
    assert!(opfolg(&archive, &["verify"]).status.success());
}

/// `opfolg archive` with the head kept in `head`, outside the archive folder.
fn opfolg_with_head(archive: &Path, head: &Path, args: &[&str]) -> Output {
    archive_command(archive).args(args).env(chain::HEAD_ENV, head).output().unwrap()
}

#[test]
fn a_whole_archive_restored_from_a_backup_is_found_when_the_head_is_kept_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = two_versions(dir.path());
    let archive = dir.path().join("arkiv");
    let head = dir.path().join("andet-drev").join("arkiv.hoved");
    std::fs::create_dir_all(head.parent().unwrap()).unwrap();
    assert!(opfolg_with_head(&archive, &head, &["add", v1.to_str().unwrap()]).status.success());
    assert!(!archive.join(chain::HEAD_FILE).exists(), "the head is where the variable says");
    let backup = copy_of(&archive, "sikkerhedskopi");
    assert!(opfolg_with_head(&archive, &head, &["add", v2.to_str().unwrap()]).status.success());
    assert!(opfolg_with_head(&archive, &head, &["verify"]).status.success());
    // The folder, catalogue and files together, put back from last night.
    std::fs::remove_dir_all(&archive).unwrap_or_else(|_| {
        tool("chmod", &["-R", "u+w", archive.to_str().unwrap()]);
        std::fs::remove_dir_all(&archive).unwrap()
    });
    std::fs::rename(&backup, &archive).unwrap();
    let run = opfolg_with_head(&archive, &head, &["verify"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("kataloget har 1 post, men arkivets hoved siger 2"), "{}", stderr(&run));
    let again = opfolg_with_head(&archive, &head, &["add", v2.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("OF0709"), "{}", stderr(&again));
}

#[test]
fn export_never_writes_outside_its_bag_and_follows_no_link() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = two_versions(dir.path());
    let archive = dir.path().join("arkiv");
    assert!(opfolg(&archive, &["add", v1.to_str().unwrap()]).status.success());
    let file = record(&archive, 1)["file"].as_str().unwrap().to_string();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(&v1, outside.path().join("kopi.pdf")).unwrap();

    // A crafted path, with chain and head rewritten to match: export writes
    // `data/<file>`, so `../../x` would land beside the bag.
    for (name, crafted) in [
        ("op-og-ud", "../../ude.pdf".to_string()),
        ("absolut", dir.path().join("absolut.pdf").display().to_string()),
        ("skjult", ".arkivering-x.tmp".to_string()),
    ] {
        let copy = copy_of(&archive, name);
        let db = rusqlite::Connection::open(copy.join("katalog.sqlite")).unwrap();
        db.execute_batch("DROP TRIGGER records_never_change; DROP TRIGGER chain_never_changes;").unwrap();
        db.execute("UPDATE records SET file = ?1", [&crafted]).unwrap();
        drop(db);
        relink(&copy);
        let before = tree(dir.path());
        let bag = dir.path().join(format!("pakke-{name}"));
        let run = opfolg(&copy, &["export", bag.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(1), "{name}: {}", stdout(&run));
        assert!(stderr(&run).contains("ikke en posts sti"), "{name}: {}", stderr(&run));
        assert_eq!(tree(dir.path()), before, "{name}: nothing written anywhere");
        verify_fails(&copy, &["nr. 1: ", "ikke en posts sti"]);
    }

    // A record's file swapped for a link to a copy outside (same bytes), and
    // the year's folder swapped for a link to a folder outside.
    let linked = copy_of(&archive, "link");
    tool("chmod", &["-R", "u+w", linked.to_str().unwrap()]);
    std::fs::remove_file(linked.join(&file)).unwrap();
    std::os::unix::fs::symlink(outside.path().join("kopi.pdf"), linked.join(&file)).unwrap();
    let folder = copy_of(&archive, "mappe-link");
    tool("chmod", &["-R", "u+w", folder.to_str().unwrap()]);
    let year = file.split('/').next().unwrap();
    std::fs::rename(folder.join(year), outside.path().join(year)).unwrap();
    std::os::unix::fs::symlink(outside.path().join(year), folder.join(year)).unwrap();
    for copy in [&linked, &folder] {
        verify_fails(copy, &["nr. 1: ", "symbolsk link"]);
        let bag = dir.path().join("pakke-link");
        let run = opfolg(copy, &["export", bag.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
        assert!(stderr(&run).contains("symbolsk link"), "{}", stderr(&run));
        assert!(!bag.exists());
    }
    // An add into the linked year folder would put the record outside.
    let before = tree(outside.path());
    let run = opfolg(&folder, &["add", v2.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("OF0706") && stderr(&run).contains("ikke en mappe"), "{}", stderr(&run));
    assert_eq!(tree(outside.path()), before);
    let run = opfolg(&archive, &["export", dir.path().join("pakke").to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
}

/// Every file and folder below `dir`: its kind, size, permissions, time of
/// change and SHA-256.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let content = if meta.is_file() { sha256(&std::fs::read(&path).unwrap()) } else { String::new() };
            if meta.is_dir() {
                stack.push(path.clone());
            }
            let rel = path.strip_prefix(dir).unwrap().display().to_string();
            let key =
                format!("{:o} {} {}.{} {content}", meta.mode(), meta.len(), meta.mtime(), meta.mtime_nsec());
            out.insert(rel, key);
        }
    }
    out
}

/// `opfolg archive` in a user namespace, where root's permission bits bind
/// (a process there has no power over files of the real root): the way to
/// make a folder truly read-only for a test that may run as root.
fn opfolg_unprivileged(archive: &Path, args: &[&str]) -> Output {
    Command::new("unshare")
        .arg("--user")
        .arg(env!("CARGO_BIN_EXE_opfolg"))
        .arg("archive")
        .arg("--archive")
        .arg(archive)
        .args(args)
        .env_remove("OPFOLG_ARCHIVE")
        .output()
        .expect("unshare (util-linux) runs")
}

#[test]
fn list_show_verify_and_export_work_on_a_read_only_copy_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (archive, v1, _) = archive_with_two(dir.path());
    assert!(!archive.join("katalog.sqlite-wal").exists() && !archive.join("katalog.sqlite-journal").exists());
    let auditor = copy_of(&archive, "revisor");
    let run = tool("chmod", &["-R", "a-w", auditor.to_str().unwrap()]);
    assert!(run.status.success());
    let before = tree(&auditor);
    // The simulation holds: nothing can be written there.
    let touch = Command::new("unshare").args(["--user", "touch"]).arg(auditor.join("x")).output().unwrap();
    assert!(!touch.status.success(), "the read-only copy is read-only");

    let bags = tempfile::tempdir().unwrap();
    for (i, args) in [
        vec!["list"],
        vec!["list", "--format", "json"],
        vec!["show", "2"],
        vec!["show", "1", "--format", "json"],
        vec!["verify"],
        vec!["export", "BAG"],
    ]
    .into_iter()
    .enumerate()
    {
        for (who, run) in
            [("root", opfolg as fn(&Path, &[&str]) -> Output), ("unprivileged", opfolg_unprivileged)]
        {
            let bag = bags.path().join(format!("pakke-{i}-{who}"));
            let args: Vec<&str> =
                args.iter().map(|a| if *a == "BAG" { bag.to_str().unwrap() } else { *a }).collect();
            let out = run(&auditor, &args);
            assert!(out.status.success(), "{who} {args:?}: {}", stderr(&out));
            assert_eq!(tree(&auditor), before, "{who} {args:?} changed nothing");
        }
    }
    let verify = opfolg_unprivileged(&auditor, &["verify"]);
    assert!(stdout(&verify).starts_with("2 poster kontrolleret: alle i orden"), "{}", stdout(&verify));

    // docs/archive.md's recipe recomputes the chain from the exported bag
    // alone and ends in the head the bag and verify name.
    let recomputed = chain_from_bag(&bags.path().join("pakke-5-unprivileged"));
    let link = recomputed.trim_end().split(' ').nth(1).unwrap();
    assert!(stdout(&verify).contains(&format!("kædens hoved: 2 poster, {link}")), "{}", stdout(&verify));

    // A catalogue in WAL mode (as earlier versions left it), copied without
    // its -wal and -shm files onto read-only media: read as immutable.
    let wal = copy_of(&archive, "wal");
    let db = rusqlite::Connection::open(wal.join("katalog.sqlite")).unwrap();
    let mode: String = db.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(db);
    assert!(!wal.join("katalog.sqlite-wal").exists() && !wal.join("katalog.sqlite-shm").exists());
    assert!(tool("chmod", &["-R", "a-w", wal.to_str().unwrap()]).status.success());
    let wal_before = tree(&wal);
    for args in [&["verify"][..], &["list"], &["show", "2"]] {
        let run = opfolg_unprivileged(&wal, args);
        assert!(run.status.success(), "{args:?}: {}", stderr(&run));
    }
    assert_eq!(tree(&wal), wal_before);
    tool("chmod", &["-R", "u+w", wal.to_str().unwrap()]);
    // An add there fails plainly, and changes nothing either.
    let add = opfolg_unprivileged(&auditor, &["add", v1.to_str().unwrap()]);
    assert_eq!(add.status.code(), Some(2), "{}", stderr(&add));
    assert!(stderr(&add).contains("OF0701"), "{}", stderr(&add));
    assert_eq!(tree(&auditor), before);
    tool("chmod", &["-R", "u+w", auditor.to_str().unwrap()]);
}

/// The chain of an exported bag recomputed by docs/archive.md's recipe
/// (`records link`), checked against the head in its `bag-info.txt`.
pub(crate) fn chain_from_bag(bag: &Path) -> String {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/archive.md")).unwrap();
    let recipe = docs
        .split("```python\n")
        .find(|block| block.starts_with("# opfolg-kaede"))
        .and_then(|block| block.split("```").next())
        .unwrap();
    let run = tool("python3", &["-c", recipe, bag.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let recomputed = stdout(&run);
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(info.contains(&format!("Opfolg-Kaedens-Hoved: {recomputed}")), "{recomputed} in {info}");
    recomputed
}

#[test]
fn printed_fields_cannot_forge_a_line_or_reach_the_terminal_as_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, _) = two_versions(dir.path());
    let archive = dir.path().join("arkiv");
    // A file name is the user's: a newline and an escape sequence in it.
    let odd = dir.path().join("rapport\n  underskrevet af Borgmester\u{1b}[2K.pdf");
    std::fs::copy(&v1, &odd).unwrap();
    assert!(opfolg(&archive, &["add", odd.to_str().unwrap()]).status.success());
    // Titles and signers come from PDFs and the catalogue.
    tamper(
        &archive,
        &format!(
            "DROP TRIGGER records_never_change;
             UPDATE records SET title = 'Rapport' || char(10) || '  underskrevet af Borgmester (Kommunen)' || char(8238),
                                unit = 'Enhed' || char(27) || ']0;titel' || char(7);
             {}",
            forged_signature("'Mette' || char(13) || 'Borgmester' || char(8206)", "'ok' || char(133)")
        ),
    );
    for args in [&["list"][..], &["show", "1"]] {
        let run = opfolg(&archive, args);
        // The catalogue was changed by hand, so it also says that it does not hold.
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        let out = stdout(&run);
        assert!(out.contains("Rapport\\n  underskrevet af Borgmester (Kommunen)\\u{202e}"), "{out}");
        assert!(!out.lines().any(|l| l.trim_start().starts_with("underskrevet af")), "{args:?}: {out}");
        assert!(
            !out.chars().any(|c| (c.is_control() && c != '\n') || ('\u{200e}'..='\u{202e}').contains(&c)),
            "{out:?}"
        );
    }
    let shown = stdout(&opfolg(&archive, &["show", "1"]));
    assert!(shown.contains("fra rapport\\n  underskrevet af Borgmester\\u{1b}[2K.pdf"), "{shown}");
    assert!(shown.contains("Enhed\\u{1b}]0;titel\\u{7}"), "{shown}");
    assert!(shown.contains("Mette\\rBorgmester\\u{200e}: ok\\u{85}"), "{shown}");
    for args in [&["list", "--format", "json"][..], &["show", "1", "--format", "json"]] {
        let out = stdout(&opfolg(&archive, args));
        assert!(
            !out.chars().any(|c| (c.is_control() && c != '\n') || ('\u{200e}'..='\u{202e}').contains(&c)),
            "{out:?}"
        );
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let one = if value.is_array() { value[0].clone() } else { value };
        assert_eq!(one["provenance"]["title"], "Rapport\n  underskrevet af Borgmester (Kommunen)\u{202e}");
    }
    // verify names the changed record, on one line.
    let err = verify_fails(&archive, &["nr. 1: posten passer ikke til kæden"]);
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
}

/// `add`s of `pdfs` started at once on `archive`: each different file is
/// archived once, and every other add finds it archived (OF0705), never
/// anything else ("database is locked").
pub(crate) fn adds_at_once(archive: &Path, pdfs: &[&PathBuf]) {
    let adds: Vec<_> = pdfs
        .iter()
        .map(|pdf| {
            archive_command(archive)
                .arg("add")
                .arg(pdf)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = adds.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let errors: Vec<String> = outputs.iter().map(stderr).collect();
    let different: std::collections::BTreeSet<_> = pdfs.iter().collect();
    assert_eq!(outputs.iter().filter(|o| o.status.success()).count(), different.len(), "{errors:?}");
    assert!(
        outputs.iter().filter(|o| !o.status.success()).all(|o| stderr(o).contains("OF0705")),
        "the others found the file archived, nothing else: {errors:?}"
    );
}

#[test]
fn adds_on_a_new_archive_wait_for_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = two_versions(dir.path());
    for round in 0..3 {
        let archive = dir.path().join(format!("nyt-arkiv-{round}"));
        adds_at_once(&archive, &[&v1, &v2, &v1, &v2, &v1, &v2]);
        let mut versions: Vec<i64> = list(&archive).iter().map(|r| r["version"].as_i64().unwrap()).collect();
        versions.sort();
        assert_eq!(versions, [1, 2]);
        let verify = opfolg(&archive, &["verify"]);
        assert!(verify.status.success(), "{}", stderr(&verify));
        assert_eq!(stderr(&verify), "");
    }
}

#[test]
fn only_regular_files_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    let fifo = dir.path().join("ror.pdf");
    assert!(tool("mkfifo", &[fifo.to_str().unwrap()]).status.success());
    let folder = dir.path().join("mappe.pdf");
    std::fs::create_dir(&folder).unwrap();
    for path in [Path::new("/dev/zero"), &fifo, &folder] {
        let run = opfolg(&archive, &["add", path.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(1), "{}", path.display());
        let err = stderr(&run);
        assert!(
            err.contains("OF0702")
                && err.contains(&path.display().to_string())
                && err.contains("ikke en almindelig fil"),
            "{err}"
        );
    }
    assert!(list(&archive).is_empty());

    // Named pipes where the catalogue, the head and the lock go: an error,
    // not a wait.
    for planted in ["katalog.sqlite", "katalog.hoved", "katalog.laas"] {
        let folder = dir.path().join(format!("plantet-{planted}"));
        let copy = copy_of(&archive, &format!("plantet-{planted}"));
        assert_eq!(copy, folder);
        std::fs::remove_file(folder.join(planted)).ok();
        assert!(tool("mkfifo", &[folder.join(planted).to_str().unwrap()]).status.success());
        for args in [&["list"][..], &["verify"], &["add", "/dev/null"]] {
            if planted == "katalog.laas" && args == ["list"] {
                continue; // reading takes no lock
            }
            let run = opfolg(&folder, args);
            assert!(!run.status.success(), "{planted} {args:?}: {}", stdout(&run));
        }
    }
}

#[test]
fn what_a_killed_add_or_a_planted_file_leaves_is_explained_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = two_versions(dir.path());
    let archive = dir.path().join("arkiv");
    assert!(opfolg(&archive, &["add", v1.to_str().unwrap()]).status.success());
    let head_file = archive.join(chain::HEAD_FILE);
    let settled = chain::read_head(&head_file).unwrap().unwrap();

    // An add killed while writing its file, after writing the head's pending
    // state and before its commit: half a file under the staging name, a
    // head that promises a record the catalogue never got.
    let v2_bytes = std::fs::read(&v2).unwrap();
    let staged = archive.join(format!(".arkivering-{}.tmp", sha256(&v2_bytes)));
    std::fs::write(&staged, &v2_bytes[..1000]).unwrap();
    let promised = chain::Head { pending: Some((2, "ab".repeat(32))), ..settled.clone() };
    chain::write_head(&head_file, &promised).unwrap();
    let verify = opfolg(&archive, &["verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert!(
        stderr(&verify).contains("efterladt af en arkivering, der blev afbrudt før kataloget"),
        "{}",
        stderr(&verify)
    );
    // The next add clears it away and adds.
    let run = opfolg(&archive, &["add", v2.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!staged.exists());
    let verify = opfolg(&archive, &["verify"]);
    assert!(verify.status.success() && stderr(&verify).is_empty(), "{}", stderr(&verify));
    assert_eq!(chain::read_head(&head_file).unwrap().unwrap().pending, None);

    // A file planted where the next version would go: the add is refused and
    // the file is left as it is; verify names it.
    // (The signed copy of version 2 is version 3.)
    let v3 = dir.path().join("underskrevet.pdf");
    crate::archive::sign(&v2, &v3, dir.path(), "rsa", "Underskrift");
    let planted = archive.join(record(&archive, 2)["file"].as_str().unwrap().replace("-v2.pdf", "-v3.pdf"));
    std::fs::write(&planted, "ikke en post").unwrap();
    let run = opfolg(&archive, &["add", v3.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("OF0706")
            && stderr(&run).contains("der ligger allerede en fil på postens plads"),
        "{}",
        stderr(&run)
    );
    assert_eq!(std::fs::read(&planted).unwrap(), b"ikke en post");
    verify_fails(&archive, &["-v3.pdf: en fil i arkivet, som kataloget ikke kender"]);
    assert_eq!(list(&archive).len(), 2);

    // A head that is not a head.
    let damaged = copy_of(&archive, "beskadiget-hoved");
    std::fs::write(damaged.join(chain::HEAD_FILE), "poster 2\n").unwrap();
    verify_fails(&damaged, &["arkivets hoved er beskadiget"]);
    let run = opfolg(&damaged, &["add", v1.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("OF0709"), "{}", stderr(&run));
}
