//! Contracts: one PDF and DOCX per unit from `inputs/kontrakter-2008.xlsx`,
//! checked against seed 003, and a batch with a broken unit.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{kontrakter_2008, sheet};
use opfolg::render::{Formats, Renderer};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn renderer() -> Renderer {
    Renderer::new(&root().join("report_templates"), &root().join("fonts")).unwrap()
}

/// Text of a PDF with spacing squashed, so line breaks do not matter.
fn text(pdf: &Path) -> String {
    let t = common::unhyphenate(&common::pdf_text_in_order(pdf));
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that `needles` occur in `hay` in this order.
fn in_order(hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        let n = squash(n);
        match hay[at..].find(&n) {
            Some(i) => at += i + n.len(),
            None => panic!("not found (in order) after byte {at}: {n:?}\n\n{hay}"),
        }
    }
}

#[test]
fn ten_units_give_ten_contracts_named_by_unit() {
    let dir = tempfile::tempdir().unwrap();
    let built =
        opfolg::build(&root().join("inputs/kontrakter-2008.xlsx"), dir.path(), &renderer(), Formats::BOTH)
            .unwrap_or_else(|d| panic!("{d}"));
    assert!(built.failures.is_empty(), "{:?}", built.failures);
    // A PDF, a copy for signing and a DOCX per unit.
    assert_eq!(built.files.len(), 30);
    let mut names: Vec<String> =
        built.files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    names.sort();
    for expected in [
        "kontrakt-2008-jobcenter-sygedagpenge.pdf",
        "kontrakt-2008-jobcenter-sygedagpenge.docx",
        "kontrakt-2008-jobcenter-nyropsgade.pdf",
        "kontrakt-2008-center-for-job-paa-saerlige-vilkaar.docx",
        "kontrakt-2008-center-for-beskaeftigelse-sprog-og-integration.pdf",
        "kontrakt-2008-jobcenter-sygedagpenge-til-underskrift.pdf",
    ] {
        assert!(names.contains(&expected.to_string()), "{expected} missing from {names:?}");
    }
    assert!(names.iter().all(|n| n.is_ascii() && !n.contains(' ')), "{names:?}");

    // The Sygedagpenge contract is seed 003: header, parties, purpose, the
    // four areas with their goals numbered per area, signatures.
    let sdp = text(&dir.path().join("kontrakt-2008-jobcenter-sygedagpenge.pdf"));
    in_order(
        &sdp,
        &[
            "Kontrakt for",
            "Jobcenter København Sygedagpenge",
            "2008",
            "Sagsnr. 2008-22854",
            "Dok.nr. 2008-94091",
            "1. INDLEDNING",
            "1.1 Aftalens parter",
            "Denne kontrakt indgås mellem Jobcenter København Sygedagpenge, og centralforvaltningen",
            "2. CENTRETS FORMÅL",
            "Jobcenter København Sygedagpenge har til formål:",
            "At fastholde nysygemeldte på arbejdspladsen.",
            "3. DEFINITION AF DE 4 STYRINGSOMRÅDER",
            "Område 1: Beskæftigelsesindsatsen",
            "Område 2: Kvaliteten af servicen",
            // (The paragraph may break across pages, with the footer between.)
            "politik er engagement, udvikling, trivsel og mangfoldighed",
            "Område 4: Økonomi",
            "4. BESKÆFTIGELSESINDSATSEN",
            "12 opfølgninger pr. uge i 52 uger",
            "Resultatmål 1. Andel af sygedagpengemodtagere, der afsluttes til ordinært arbejde, være på mindst 70 pct.",
            "2. Antallet af sygedagpengesager på over 52 uger skal nedbringes Med 25 % i forhold til 2007.",
            "Indsatsmål 4. I 95 % af alle sager",
            "Udviklingsmål 6. Som led i den tidlige forebyggende indsats",
            "5. KVALITET I SERVICEN",
            "Resultatmål 1. Antallet af formalitetsklager",
            "6. PERSONALE OG ORGANISATION",
            "forbedres med mindst 45 pct. i forhold til 2007.",
            "7. ØKONOMI",
            "Resultatmål 1. Centret skal bruge højest 100 pct. af sit driftsbudget i 2008.",
            "Udviklingsmål 3. Jobcenter Sygedagpenge skal i løbet af 2. kvartal 2008",
            "4. Der skal i 2008 udvikles et implementeringsklart koncept",
            "8. OPFØLGNING PÅ KONTRAKTEN",
            "9. UNDERSKRIFT PÅ KONTRAKTEN",
            "Dato: primo april 2008",
            "Bodil Vendel",
            "Morten Binder",
        ],
    );
    assert!(sdp.contains("Jobcenterchef") && sdp.contains("Administrerende direktør"), "{sdp}");
    // Another unit's goals are not in it.
    assert!(!sdp.contains("Rettidigheden for kontaktforløb"), "{sdp}");

    // Another contract: the shared text with its own name, its own goals,
    // and a common goal in its own wording.
    let cjf = text(&dir.path().join("kontrakt-2008-center-for-job-og-formidling.pdf"));
    in_order(
        &cjf,
        &[
            "Center for Job og Formidling",
            "Sagsnr. 2008-22856",
            "Denne kontrakt indgås mellem Center for Job og Formidling, og centralforvaltningen",
            "Center for Job og Formidling har til formål at afklare nyledige hurtigt",
            "Resultatmål 1.",
            "er ude af kommunal forsørgelse i de følgende 3 mdr. udgør 57 % i 2008.",
            "2. Der skal indgås aftaler om 282 nye virksomhedspraktikker",
            "Mette Berg",
            "Centerchef",
        ],
    );
    assert!(!cjf.contains("Sygedagpenge"), "{cjf}");
    assert!(!cjf.contains("{enhed}") && !cjf.contains("udgør X %"), "{cjf}");

    // The Word document carries the same goals and signatures.
    let docx = common::docx_text(&dir.path().join("kontrakt-2008-jobcenter-sygedagpenge.docx"));
    let rows: Vec<String> = docx.rows.iter().map(|r| r.join(" ")).collect();
    let body = squash(&format!("{} {}", docx.paragraphs.join(" "), rows.join(" ")));
    for needle in [
        "Andel af sygedagpengemodtagere, der afsluttes til ordinært arbejde, være på mindst 70 pct.",
        "Udviklingsmål",
        "Bodil Vendel",
        "Administrerende direktør",
        "2008-94091",
    ] {
        assert!(body.contains(needle), "{needle:?} not in the DOCX:\n{body}");
    }
}

/// The contracts workbook with one cell replaced.
fn contracts_with(dir: &Path, sheet_name: &str, row: usize, col: usize, value: sheet::V<'static>) -> PathBuf {
    let mut sheets = kontrakter_2008::sheets();
    let s = sheets.iter_mut().find(|s| s.name == sheet_name).unwrap();
    let r = &mut s.rows[row];
    while r.len() <= col {
        r.push(sheet::V::E);
    }
    r[col] = value;
    let path = dir.join("kontrakter-rettet.xlsx");
    sheet::write_workbook(&path, "test", &sheets).unwrap();
    path
}

/// Runs `opfolg build WORKBOOK --out OUT`: exit code and standard error.
fn build_cli(workbook: &Path, out: &Path) -> (Option<i32>, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .arg("build")
        .arg(workbook)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    (run.status.code(), String::from_utf8_lossy(&run.stderr).into_owned())
}

#[test]
fn a_broken_unit_is_named_and_the_other_nine_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = kontrakter_2008::sheets();
    // Find Center for Job og Formidling's first row in «Kontrakttekster» and
    // give it a part no contract has.
    let texts = sheets.iter().find(|s| s.name == "Kontrakttekster").unwrap();
    let row = texts.rows.iter().position(|r| matches!(r[0], sheet::V::S("CJF"))).unwrap();
    let wb = contracts_with(dir.path(), "Kontrakttekster", row, 1, sheet::V::S("formålet"));
    let out = dir.path().join("ud");
    let (code, err) = build_cli(&wb, &out);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!("Kontrakttekster!B{}", row + 1)) && err.contains("fandt \"formålet\""),
        "{err}"
    );
    assert!(err.contains("kontrakt for Center for Job og Formidling blev ikke lavet"), "{err}");
    assert!(err.contains("9 dokumenter lavet, 1 fejlede"), "{err}");
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 27, "{written:?}");
    assert!(!written.iter().any(|n| n.contains("formidling")), "{written:?}");

    // `check` fails on the same workbook and names the cell.
    let check = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(&wb).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains(&format!("Kontrakttekster!B{}", row + 1)));
}

#[test]
fn an_error_outside_the_units_stops_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    // Row 2 of «Mål» is goal S1; column C is its goal type.
    let wb = contracts_with(dir.path(), "Mål", 1, 2, sheet::V::S("Hovedmål"));
    let out = dir.path().join("ud");
    let (code, err) = build_cli(&wb, &out);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("Mål!C2"), "{err}");
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
}

#[test]
fn a_terminal_shows_a_progress_bar_and_a_pipe_does_not() {
    // `script` (util-linux, in every Debian) runs the command on a
    // pseudo-terminal and keeps what it drew.
    let dir = tempfile::tempdir().unwrap();
    let workbook = root().join("inputs/kontrakter-2008.xlsx");
    let command = format!(
        "{} build {} --out {} --format pdf",
        env!("CARGO_BIN_EXE_opfolg"),
        workbook.display(),
        dir.path().join("tty").display()
    );
    let log = dir.path().join("terminal.log");
    let run = Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .env("TERM", "xterm")
        .output()
        .expect("script runs (Debian package bsdutils)");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let drawn = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(drawn.contains("/10 dokumenter"), "no progress bar on a terminal:\n{drawn}");

    // On a pipe: the summary only, no bar and no terminal codes.
    let (code, err) = build_cli(&workbook, &dir.path().join("pipe"));
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("dokumenter kontrakt") && !err.contains('\u{1b}'), "{err}");
}

#[test]
fn an_output_folder_that_cannot_be_made_is_one_problem_in_danish() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("en-fil");
    std::fs::write(&file, "ikke en mappe").unwrap();
    let (code, err) = build_cli(&root().join("inputs/kontrakter-2008.xlsx"), &file.join("ud"));
    assert_ne!(code, Some(0), "{err}");
    assert_eq!(err.matches("[OF0601]").count(), 1, "said once, not once per contract:\n{err}");
    assert!(err.contains("mappen kan ikke oprettes: en del af stien er ikke en mappe"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn a_contract_workbook_without_units_is_an_error_not_an_empty_success() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = kontrakter_2008::sheets();
    for name in ["Enheder", "Resultater", "Kontrakttekster"] {
        sheets.iter_mut().find(|s| s.name == name).unwrap().rows.truncate(1);
    }
    let path = dir.path().join("tom.xlsx");
    sheet::write_workbook(&path, "test", &sheets).unwrap();
    let (code, err) = build_cli(&path, &dir.path().join("ud"));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("[OF0202]") && err.contains("Enheder!A2: arket «Enheder» har ingen enheder"),
        "{err}"
    );
    assert!(err.contains("hver enhed får sin egen kontrakt"), "{err}");
    assert!(!dir.path().join("ud").exists(), "nothing written");
}

#[test]
fn two_units_that_would_share_a_file_name_are_named_before_anything_is_written() {
    // Row 3 of «Enheder» is JCM (Jobcenter Musvågevej); JCS, row 4, gets
    // the same short name spelt without «å».
    let dir = tempfile::tempdir().unwrap();
    let wb = contracts_with(dir.path(), "Enheder", 3, 2, sheet::V::S("Jobcenter Musvaagevej"));
    let (code, err) = build_cli(&wb, &dir.path().join("ud"));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("[OF0404]")
            && err.contains("Enheder!C4: kontrakterne for «Jobcenter København Musvågevej» og «Jobcenter København Skelbækgade» får samme filnavn, kontrakt-2008-jobcenter-musvaagevej.pdf"),
        "{err}"
    );
    assert!(!dir.path().join("ud").exists(), "nothing written");
    // `check` finds it too.
    let check = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(&wb).output().unwrap();
    assert_eq!(check.status.code(), Some(1), "{}", String::from_utf8_lossy(&check.stdout));
    assert!(String::from_utf8_lossy(&check.stderr).contains("[OF0404]"));
}
