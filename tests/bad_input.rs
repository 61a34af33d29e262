//! Bad input gets a clear error naming file, sheet and cell, and exit code 1.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{halvaarsopfoelgning_2008, sheet};
use sheet::V;

/// The example workbook with one cell of one sheet replaced.
fn example_with(dir: &Path, sheet_name: &str, row: usize, col: usize, value: V<'static>) -> PathBuf {
    let mut sheets = halvaarsopfoelgning_2008::sheets();
    let s = sheets.iter_mut().find(|s| s.name == sheet_name).unwrap();
    let r = &mut s.rows[row];
    while r.len() <= col {
        r.push(V::E);
    }
    r[col] = value;
    let path = dir.join("rettet.xlsx");
    sheet::write_workbook(&path, "test", &sheets).unwrap();
    path
}

fn check(path: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(path).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn text_in_a_number_cell_names_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    // Row 3 of Resultater is goal 2 for JCK; column D is Resultat.
    let wb = example_with(dir.path(), "Resultater", 2, 3, V::S("ca. 45"));
    let (code, err) = check(&wb);
    assert_eq!(code, Some(1));
    assert!(err.contains("Resultater!D3: forventede et tal, fandt \"ca. 45\""), "{err}");
}

#[test]
fn a_decimal_point_is_refused_and_a_decimal_comma_warned() {
    let dir = tempfile::tempdir().unwrap();
    let wb = example_with(dir.path(), "Resultater", 2, 3, V::S("4.3"));
    let (code, err) = check(&wb);
    assert_eq!(code, Some(1));
    assert!(err.contains("Resultater!D3") && err.contains("skriv decimaltal med komma"), "{err}");

    let wb = example_with(dir.path(), "Resultater", 2, 3, V::S("18,2"));
    let (code, err) = check(&wb);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("advarsel[OF0302]") && err.contains("Resultater!D3"), "{err}");
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = halvaarsopfoelgning_2008::sheets();
    let results = sheets.iter_mut().find(|s| s.name == "Resultater").unwrap();
    results.rows[2][1] = V::S("UKENDT"); // unknown unit, B3
    results.rows[3][2] = V::S("#DIV/0!"); // text that is not a number, C4
    results.rows[4][0] = V::S("99"); // unknown goal, A5
    let path = dir.path().join("mange-fejl.xlsx");
    sheet::write_workbook(&path, "test", &sheets).unwrap();
    let (code, err) = check(&path);
    assert_eq!(code, Some(1));
    for cell in ["Resultater!B3", "Resultater!C4", "Resultater!A5"] {
        assert!(err.contains(cell), "{cell} is not reported:\n{err}");
    }
}

#[test]
fn a_missing_sheet_and_a_file_that_is_not_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = halvaarsopfoelgning_2008::sheets();
    sheets.retain(|s| s.name != "Tabeller");
    let path = dir.path().join("uden-tabeller.xlsx");
    sheet::write_workbook(&path, "test", &sheets).unwrap();
    let (code, err) = check(&path);
    assert_eq!(code, Some(1));
    assert!(err.contains("arket «Tabeller» mangler"), "{err}");

    let junk = dir.path().join("ikke-en-projektmappe.xlsx");
    std::fs::write(&junk, b"%PDF-1.7 not a workbook").unwrap();
    let (code, err) = check(&junk);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("ikke-en-projektmappe.xlsx") && err.contains("kan ikke læses som et regneark"),
        "{err}"
    );
}

#[test]
fn a_failed_build_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let wb = example_with(dir.path(), "Resultater", 2, 3, V::S("ca. 45"));
    let out = dir.path().join("ud");
    let status = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .arg("build")
        .arg(&wb)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(!out.join("rettet.pdf").exists());
}

#[test]
fn headers_and_sheet_names_are_matched_loosely() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = halvaarsopfoelgning_2008::sheets();
    let results = sheets.iter_mut().find(|s| s.name == "Resultater").unwrap();
    results.name = "RESULTATER";
    results.rows[0] = vec![
        V::S(" maal id "),
        V::S("ENHED"),
        V::S("Mål tal"),
        V::S("resultat"),
        V::S("Uddybning"),
        V::S("Maerke"),
        V::S("trafik lys"),
        V::S("BEGRUNDELSE"),
        V::S(" perioDemaal "),
        V::S("OPGØRELSES-PERIODE"),
    ];
    let path = dir.path().join("overskrifter.xlsx");
    sheet::write_workbook(&path, "test", &sheets).unwrap();
    let (original, _) =
        opfolg::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx"))
            .unwrap();
    let (loose, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    // The example's two hand-set lights differ from the rule's, on purpose.
    assert_eq!(warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["OF0310", "OF0310"], "{warnings}");
    assert_eq!(loose.assessments, original.assessments);
    assert_eq!(loose.report.goals, original.report.goals);
}

fn opfolg(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg")).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn usage_mistakes_are_said_in_danish_with_a_hint() {
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["build"],
            &[
                "fejl: mangler <PROJEKTMAPPE>",
                "Brug: opfolg build <PROJEKTMAPPE>",
                "Mere i: opfolg build --help",
            ],
        ),
        (
            &["build", "x.xlsx", "--format", "pfd"],
            &["fejl: «pfd» kan ikke bruges til --format", "tip: mulige værdier: pdf, docx, begge"],
        ),
        (&["bild"], &["fejl: ukendt kommando «bild»", "tip: mente du «build»?", "Mere i: opfolg --help"]),
        (
            &["archive", "--archive", "arkiv", "add", "--frmat"],
            &["fejl: ukendt valg eller argument «--frmat»", "Mere i: opfolg archive add --help"],
        ),
        (&["build", "x.xlsx", "--out", "a", "--out", "b"], &["fejl: --out <UD> er givet mere end én gang"]),
    ];
    for (args, expected) in cases {
        let (code, out, err) = opfolg(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        for e in expected {
            assert!(err.contains(e), "{args:?}: {e:?} not in\n{err}");
        }
        for english in ["error:", "Usage:", "For more information", "[OPTIONS]", "tip: a similar"] {
            assert!(!err.contains(english), "{args:?}: {english:?} in\n{err}");
        }
    }
    // Help goes to standard output, with Danish usage lines.
    let (code, out, _) = opfolg(&["build", "--help"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Brug: opfolg build [VALG] <PROJEKTMAPPE>..."), "{out}");
    assert!(out.contains("Mulige værdier:\n          - pdf:   Kun PDF"), "{out}");
    // No command's help, long or short, has clap's English words left.
    for command in [
        &[][..],
        &["build"],
        &["check"],
        &["diff"],
        &["init"],
        &["watch"],
        &["model"],
        &["serve"],
        &["archive"],
        &["archive", "add"],
        &["archive", "list"],
        &["archive", "show"],
        &["archive", "verify"],
        &["archive", "export"],
        &["konti"],
        &["konti", "tilfoej"],
        &["konti", "vis"],
        &["konti", "fjern"],
        &["konti", "adgangskode"],
    ] {
        for flag in ["--help", "-h"] {
            let args: Vec<&str> = command.iter().copied().chain([flag]).collect();
            let (code, out, _) = opfolg(&args);
            assert_eq!(code, Some(0), "{args:?}");
            for english in [
                "[OPTIONS]",
                "Usage",
                "Options",
                "Arguments",
                "Commands",
                "ossible values",
                "[default",
                "Print help",
            ] {
                assert!(!out.contains(english), "{args:?}: {english:?} in\n{out}");
            }
        }
    }
}
