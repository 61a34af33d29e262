//! The committed example workbooks hold exactly what `examples/make_inputs.rs`
//! writes, so the data in the repository and the workbook never disagree.

use crate::{
    halvaarsopfoelgning_2008, helaarsopfoelgning_2009, kontrakter_2008, maaloversigt_2007,
    resultatkontrakter_2009, sheet,
};
use std::path::Path;

/// Writes `sheets` afresh and compares with the committed `inputs/<name>`.
fn committed_is_fresh(name: &str, title: &str, sheets: &[sheet::SheetSpec]) {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.xlsx");
    sheet::write_workbook(&fresh, title, sheets).unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs").join(name);
    let a = opfolg::read::read_workbook(&committed).unwrap();
    let b = opfolg::read::read_workbook(&fresh).unwrap();
    assert_eq!(a.sheets, b.sheets, "inputs/{name} is stale: run `cargo run --example make_inputs`");
    assert!(
        std::fs::read(&committed).unwrap() == std::fs::read(&fresh).unwrap(),
        "inputs/{name} differs in bytes: run `cargo run --example make_inputs`"
    );
}

#[test]
fn committed_contracts_workbook_is_what_the_program_writes() {
    committed_is_fresh("kontrakter-2008.xlsx", "Resultatkontrakter 2008", &kontrakter_2008::sheets());
}

#[test]
fn committed_half_year_workbook_is_what_the_program_writes() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.xlsx");
    sheet::write_workbook(
        &fresh,
        "Halvårsopfølgning på resultatkontrakter 2008",
        &halvaarsopfoelgning_2008::sheets(),
    )
    .unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx");
    // Compared as read, cell by cell and with number formats, which is what
    // matters; the bytes are compared too, since the writer is deterministic.
    let a = opfolg::read::read_workbook(&committed).unwrap();
    let b = opfolg::read::read_workbook(&fresh).unwrap();
    assert_eq!(
        a.sheets, b.sheets,
        "inputs/halvaarsopfoelgning-2008.xlsx is stale: run `cargo run --example make_inputs`"
    );
    assert!(
        std::fs::read(&committed).unwrap() == std::fs::read(&fresh).unwrap(),
        "inputs/halvaarsopfoelgning-2008.xlsx differs in bytes: run `cargo run --example make_inputs`"
    );
}

#[test]
fn committed_full_year_workbook_is_what_the_program_writes() {
    committed_is_fresh(
        "helaarsopfoelgning-2009.xlsx",
        "Helårsopfølgning på resultatkontrakter 2009",
        &helaarsopfoelgning_2009::sheets(),
    );
}

#[test]
fn committed_committee_case_workbook_is_what_the_program_writes() {
    committed_is_fresh(
        "resultatkontrakter-2009.xlsx",
        "Resultatkontrakter 2009",
        &resultatkontrakter_2009::sheets(),
    );
}

#[test]
fn committed_goal_overview_workbook_is_what_the_program_writes() {
    committed_is_fresh(
        "maaloversigt-2007.xlsx",
        "Resultat- og indsatsmål 2007",
        &maaloversigt_2007::sheets(),
    );
}

#[test]
fn the_readme_command_makes_every_document_of_every_kind() {
    // `opfolg build inputs/*.xlsx --out DIR`, as the README runs it: every
    // kind of document, as PDF and DOCX, among them one contract per unit,
    // each named by its unit and holding its own title.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut workbooks: Vec<_> = std::fs::read_dir(root.join("inputs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    workbooks.sort();
    assert_eq!(workbooks.len(), 5, "{workbooks:?}");
    let dir = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .arg("build")
        .args(&workbooks)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", String::from_utf8_lossy(&run.stderr));

    let (contracts, _) = opfolg::load(&root.join("inputs/kontrakter-2008.xlsx")).unwrap();
    let mut expected: Vec<(String, String)> = vec![
        ("halvaarsopfoelgning-2008".into(), "Halvårsopfølgning på resultatkontrakter 2008".into()),
        ("helaarsopfoelgning-2009".into(), "Helårsopfølgning på resultatkontrakter 2009".into()),
        ("maaloversigt-2007".into(), "Resultat- og indsatsmål i resultatkontrakterne".into()),
        ("resultatkontrakter-2009".into(), "Resultatkontrakter 2009".into()),
    ];
    for unit in &contracts.report.units {
        let name = format!("kontrakt-2008-{}", opfolg::naming::safe_file_name(unit.table_name()));
        expected.push((name, unit.name.clone()));
    }
    assert_eq!(contracts.report.units.len(), 10);
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut wanted: Vec<String> =
        expected.iter().flat_map(|(n, _)| [format!("{n}.pdf"), format!("{n}.docx")]).collect();
    // Every contract has its copy for signing through NemLog-in.
    wanted.extend(
        expected
            .iter()
            .filter(|(n, _)| n.starts_with("kontrakt-"))
            .map(|(n, _)| format!("{n}{}", opfolg::SIGNING_SUFFIX)),
    );
    wanted.sort();
    assert_eq!(written, wanted);
    for (name, title) in &expected {
        let pdf = crate::common::pdf_text(&dir.path().join(format!("{name}.pdf")));
        let pdf: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(pdf.contains(title.as_str()), "{name}.pdf lacks {title:?}");
        let docx = crate::common::docx_text(&dir.path().join(format!("{name}.docx")));
        assert!(docx.paragraphs.join(" ").contains(title.as_str()), "{name}.docx lacks {title:?}");
        assert!(stdout.contains(&format!("{name}.pdf")), "{name} not in the summary:\n{stdout}");
    }
}
