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
