//! `opfolg watch`: a save rebuilds the documents once and says what changed,
//! also when the workbook is saved through a temporary file and a rename
//! (as Excel and LibreOffice do).

use crate::common;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// The watcher's standard output, line by line, as it comes.
fn lines(child: &mut Child) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Lines until one starts with "lavet på"; panics after 60 s.
fn until_built(rx: &Receiver<String>) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let line =
            rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| panic!("no rebuild: {seen:?}"));
        let done = line.starts_with("lavet på");
        seen.push(line);
        if done {
            return seen;
        }
    }
}

/// `opfolg watch WORKBOOK --out OUT ARGS`, stopped when dropped, and its
/// standard output line by line.
fn watch(workbook: &Path, out: &Path, args: &[&str]) -> (Kill, Receiver<String>) {
    let mut child = Kill(
        Command::new(env!("CARGO_BIN_EXE_opfolg"))
            .arg("watch")
            .args(args)
            .arg(workbook)
            .arg("--out")
            .arg(out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let rx = lines(&mut child.0);
    (child, rx)
}

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_save_by_rename_rebuilds_once_and_names_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("halvaar.xlsx");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("inputs/halvaarsopfoelgning-2008.xlsx"), &workbook).unwrap();
    let out = dir.path().join("ud");
    let (_child, rx) = watch(&workbook, &out, &[]);
    let first = until_built(&rx);
    assert!(first.last().unwrap().contains("halvaar.pdf"), "{first:?}");
    let before = std::fs::read(out.join("halvaar.pdf")).unwrap();

    // Save a corrected version the way Excel does: a temporary file beside
    // the workbook, renamed over it.
    let temporary = dir.path().join("~$halvaar.tmp");
    common::write_corrected_example(&temporary);
    std::fs::rename(&temporary, &workbook).unwrap();

    let second = until_built(&rx);
    assert!(
        second.iter().any(|l| l == "Tabel 13, Ydelsesservice: resultat ændret fra 19,5 til 9,5"),
        "{second:?}"
    );
    assert!(
        second.iter().any(|l| l.starts_with("Tabel 13, Ydelsesservice: trafiklys ændret fra rød til grøn")),
        "{second:?}"
    );
    assert_ne!(std::fs::read(out.join("halvaar.pdf")).unwrap(), before, "the PDF is made again");
    // Reading the workbook is no save: nothing more happens.
    assert!(rx.recv_timeout(Duration::from_millis(1500)).is_err(), "a rebuild without a save");
}

#[test]
fn watching_a_contract_workbook_says_how_many_contracts_were_made() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("kontrakter.xlsx");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("inputs/kontrakter-2008.xlsx"), &workbook).unwrap();
    let out = dir.path().join("ud");
    let (_child, rx) = watch(&workbook, &out, &["--format", "pdf"]);
    let built = until_built(&rx);
    let last = built.last().unwrap();
    assert!(last.ends_with(&format!(": 10 dokumenter i {}", out.display())), "{built:?}");
    // Each contract and its copy for signing.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 20);
}

#[test]
fn watch_json_is_one_json_line_per_build() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("halvaar.xlsx");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("inputs/halvaarsopfoelgning-2008.xlsx"), &workbook).unwrap();
    let out = dir.path().join("ud");
    let (_child, rx) = watch(&workbook, &out, &["--json", "--format", "pdf"]);
    let line = rx.recv_timeout(Duration::from_secs(60)).expect("a line after the first build");
    let event: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_eq!(event["event"], "lavet", "{line}");
    assert_eq!(event["build"]["ok"], true, "{line}");
    assert_eq!(event["build"]["documents"][0]["files"][0], out.join("halvaar.pdf").display().to_string());
    assert_eq!(event["changes"], serde_json::json!([]), "nothing changed before the first build");
}
