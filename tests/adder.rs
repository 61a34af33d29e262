//! Who added a record: the operating-system account opfolg runs as (from the
//! process's user id, not `$USER`), how, and a name given beside it, kept in
//! the record and so in its link. An archive made before this (by opfolg at
//! 7c8843d, `tests/fixtures/arkiv-foer-hvem/`) verifies as it is, gets the
//! columns on its next add and still verifies; the adder changed, cleared,
//! set on an old record, or its columns dropped, is found by `verify`.

use std::path::{Path, PathBuf};

use crate::archive::{
    archive_command, build, corrected_workbook, example, list, opfolg, record, stderr, stdout, tool,
};
use crate::catalogue::{NO_TRIGGERS, adds_at_once, chain_from_bag, copy_of, tamper, verify_fails};

/// The old archive, unpacked into `dir`.
fn old_archive(dir: &Path) -> PathBuf {
    let packed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arkiv-foer-hvem/arkiv.tar.gz");
    let run = tool("tar", &["-xzf", packed.to_str().unwrap(), "-C", dir.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    dir.join("arkiv")
}

/// The columns of the catalogue's table `records`.
fn columns(archive: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(archive.join("katalog.sqlite")).unwrap();
    let mut stmt = db.prepare("SELECT name FROM pragma_table_info('records')").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

/// Each record's link, as stored.
fn links(archive: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(archive.join("katalog.sqlite")).unwrap();
    let mut stmt = db.prepare("SELECT link FROM chain ORDER BY record_id").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

/// `show NR`'s line "Arkiveret af".
fn said(archive: &Path, id: i64) -> String {
    let run = opfolg(archive, &["show", &id.to_string()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = stdout(&run);
    let lines: Vec<&str> = out.lines().filter(|l| l.trim_start().starts_with("Arkiveret af")).collect();
    assert_eq!(lines.len(), 1, "one line says who: {out}");
    lines[0].trim_start().trim_start_matches("Arkiveret af").trim().to_string()
}

const OLD_HEAD: &str = "c4c2f856b0de48165ff414aac64a6c5d09720ddd63fad30fafe015c112ba48b2";

#[test]
fn an_archive_from_before_verifies_gets_the_adder_on_its_next_add_and_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let archive = old_archive(dir.path());
    let catalogue = archive.join("katalog.sqlite");
    let bytes_before = std::fs::read(&catalogue).unwrap();
    let old_links = links(&archive);
    assert!(!columns(&archive).iter().any(|c| c.starts_with("adder")), "{:?}", columns(&archive));

    // As it is: it verifies, and says of its records that it does not know.
    let run = opfolg(&archive, &["verify"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run)
            .contains(&format!("2 poster kontrolleret: alle i orden\nkædens hoved: 2 poster, {OLD_HEAD}"))
    );
    for r in list(&archive) {
        assert!(r.get("added_by").is_none(), "{r}");
    }
    assert!(said(&archive, 1).starts_with("ikke registreret"));
    assert!(stdout(&opfolg(&archive, &["show", "2"])).contains("Mette Testesen"));
    let bag = dir.path().join("pakke-foer");
    assert!(opfolg(&archive, &["export", bag.to_str().unwrap()]).status.success());
    assert_eq!(chain_from_bag(&bag), format!("2 {OLD_HEAD}\n"));
    assert_eq!(std::fs::read(&catalogue).unwrap(), bytes_before, "reading changed nothing");

    // The next add gives the table its columns; the old links stay, and the
    // whole chain verifies.
    let pdf = build(&example(), &dir.path().join("ny"));
    let run = opfolg(&archive, &["add", pdf.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    for column in ["adder_account", "adder_via", "adder_name"] {
        assert!(columns(&archive).iter().any(|c| c == column), "{column}");
    }
    assert_eq!(links(&archive)[..2], old_links[..]);
    let account = opfolg::archive::os_account();
    let records = list(&archive);
    assert!(records[0].get("added_by").is_none() && records[1].get("added_by").is_none());
    assert_eq!(
        records[2]["added_by"],
        serde_json::json!({ "account": account, "via": "command_line", "name": null })
    );
    assert_eq!(said(&archive, 3), format!("{account} (styresystemets konto, kommandolinjen)"));

    // On someone's behalf, with $USER and $LOGNAME set to another: the
    // account is still the process's; the name is kept, said after it and
    // printed escaped.
    let corrected = build(&corrected_workbook(dir.path()), &dir.path().join("rettet"));
    let forged = "Borgmester\n  Arkiveret af    mallory (styresystemets konto, kommandolinjen)\u{202e}";
    let run = archive_command(&archive)
        .args(["add", corrected.to_str().unwrap(), "--paa-vegne-af", forged])
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let fourth = record(&archive, 4);
    assert_eq!(
        fourth["added_by"],
        serde_json::json!({ "account": account, "via": "command_line", "name": forged })
    );
    let line = said(&archive, 4);
    assert!(
        line.starts_with(&format!(
            "{account} (styresystemets konto, kommandolinjen) på vegne af «Borgmester\\n  Arkiveret af    mallory"
        )),
        "{line}"
    );
    assert!(line.ends_with("\\u{202e}» (et navn angivet med --paa-vegne-af, ikke kontrolleret)"), "{line}");
    let json = stdout(&opfolg(&archive, &["list", "--json"]));
    assert!(!json.contains('\u{202e}') && json.contains("\\u202e"), "{json}");
    // An empty name is no name, and a name is not a document: both are
    // refused before anything is read.
    for wrong in [String::new(), "   ".to_string(), "x".repeat(201)] {
        let run = opfolg(&archive, &["add", pdf.to_str().unwrap(), "--paa-vegne-af", &wrong]);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(stderr(&run).contains("--paa-vegne-af"), "{}", stderr(&run));
    }

    let run = opfolg(&archive, &["verify"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).starts_with("4 poster kontrolleret: alle i orden"), "{}", stdout(&run));
    // The export carries who added each record, and its chain recomputes
    // from the bag alone, old records and new.
    let bag = dir.path().join("pakke-efter");
    assert!(opfolg(&archive, &["export", bag.to_str().unwrap()]).status.success());
    let exported: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(bag.join("data/katalog.json")).unwrap()).unwrap();
    assert!(exported[0].get("added_by").is_none());
    assert_eq!(exported[3]["added_by"]["name"], forged);
    let last = links(&archive).pop().unwrap();
    assert_eq!(chain_from_bag(&bag), format!("4 {last}\n"));

    attacks(&archive, &pdf);

    // Several adds started at once on another copy of the old archive take
    // turns at giving it the columns: none fails, and it verifies.
    let fresh = dir.path().join("samtidig");
    std::fs::create_dir(&fresh).unwrap();
    let fresh = old_archive(&fresh);
    adds_at_once(&fresh, &[&pdf, &corrected, &pdf, &corrected]);
    let run = opfolg(&fresh, &["verify"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).starts_with("4 poster kontrolleret: alle i orden"), "{}", stdout(&run));
}

/// What someone with write access to the catalogue (not the head) does to
/// the adder of the archive made by the test above: each is found.
fn attacks(archive: &Path, pdf: &Path) {
    // A new record's account, way or name changed.
    for (n, sql) in [
        "UPDATE records SET adder_account = 'borgmester' WHERE id = 3",
        "UPDATE records SET adder_via = 'serve', adder_name = 'borgmester' WHERE id = 3",
        "UPDATE records SET adder_name = NULL WHERE id = 4",
        "UPDATE records SET adder_name = 'Borgmester' WHERE id = 3",
    ]
    .iter()
    .enumerate()
    {
        let copy = copy_of(archive, &format!("aendret-{n}"));
        tamper(&copy, &format!("{NO_TRIGGERS} {sql};"));
        let id = if sql.ends_with('4') { 4 } else { 3 };
        let err = verify_fails(&copy, &[&format!("nr. {id}: posten passer ikke til kæden")]);
        assert!(!err.contains("nr. 1:") && !err.contains("nr. 2:"), "{sql}: {err}");
        // The next add refuses to build on it.
        let add = opfolg(&copy, &["add", pdf.to_str().unwrap()]);
        assert!(
            stderr(&add).contains("OF0709") && stderr(&add).contains(&format!("nr. {id}")),
            "{}",
            stderr(&add)
        );
    }
    // A new record made to look old: its adder cleared.
    let cleared = copy_of(archive, "ryddet");
    tamper(
        &cleared,
        &format!(
            "{NO_TRIGGERS} UPDATE records SET adder_account = NULL, adder_via = NULL, adder_name = NULL WHERE id = 3;"
        ),
    );
    verify_fails(&cleared, &["nr. 3: posten passer ikke til kæden"]);
    // show prints it as an old record, and that the catalogue does not hold.
    let show = opfolg(&cleared, &["show", "3", "--json"]);
    assert_eq!(show.status.code(), Some(1));
    let shown: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert!(shown.get("added_by").is_none(), "{shown}");
    assert!(stderr(&show).contains("nr. 3: posten passer ikke til kæden"), "{}", stderr(&show));
    // An old record made to look new: an adder set on it.
    let dressed = copy_of(archive, "paaklaedt");
    tamper(
        &dressed,
        &format!(
            "{NO_TRIGGERS} UPDATE records SET adder_account = 'jens', adder_via = 'command_line' WHERE id = 1;"
        ),
    );
    let err = verify_fails(&dressed, &["nr. 1: posten passer ikke til kæden"]);
    assert!(!err.contains("nr. 3:"), "{err}");
    // The columns dropped: the catalogue reads as an old one, and every
    // record that had an adder no longer matches its link.
    let dropped = copy_of(archive, "uden-kolonner");
    tamper(
        &dropped,
        "ALTER TABLE records DROP COLUMN adder_name; ALTER TABLE records DROP COLUMN adder_via;
         ALTER TABLE records DROP COLUMN adder_account;",
    );
    let err = verify_fails(
        &dropped,
        &["nr. 3: posten passer ikke til kæden", "nr. 4: posten passer ikke til kæden"],
    );
    assert!(!err.contains("nr. 1:") && !err.contains("nr. 2:"), "{err}");
    // One of them dropped is enough.
    let one = copy_of(archive, "uden-navn");
    tamper(&one, "ALTER TABLE records DROP COLUMN adder_name;");
    verify_fails(&one, &["nr. 4: posten passer ikke til kæden"]);
    // A way of adding opfolg never writes: the catalogue cannot be read,
    // and the record is named.
    let odd = copy_of(archive, "ukendt-maade");
    tamper(&odd, &format!("{NO_TRIGGERS} UPDATE records SET adder_via = 'admin' WHERE id = 3;"));
    let run = opfolg(&odd, &["verify"]);
    assert_ne!(run.status.code(), Some(0));
    assert!(stderr(&run).contains("nr. 3: hvordan posten blev arkiveret («admin»)"), "{}", stderr(&run));
}
