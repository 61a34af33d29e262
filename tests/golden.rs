//! Golden files for the filled Typst source of every other kind of document
//! (the half-year follow-up's are in `halvaarsopfoelgning.rs`): a change to a
//! template, the view or the example workbooks shows up here as a diff to
//! review (`cargo insta review`), never silently.

use std::path::Path;

use opfolg::render::{self, Renderer};

fn filled(workbook: &str, unit: Option<&str>) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let renderer = Renderer::new(&root.join("report_templates"), &root.join("fonts")).unwrap();
    let (followup, _) = opfolg::load(&root.join("inputs").join(workbook)).unwrap();
    let planned = render::plan(&followup, "dokument", &[], &[]);
    let document = match unit {
        Some(name) => {
            planned.iter().find(|p| p.unit_name.as_deref() == Some(name)).expect("the unit's contract")
        }
        None => &planned[0],
    };
    renderer.fill(document).unwrap_or_else(|d| panic!("{d}")).source
}

#[test]
fn the_full_year_case_does_not_drift() {
    insta::assert_snapshot!("helaarsopfoelgning-2009.typ", filled("helaarsopfoelgning-2009.xlsx", None));
}

#[test]
fn the_sygedagpenge_contract_does_not_drift() {
    let source = filled("kontrakter-2008.xlsx", Some("Jobcenter København Sygedagpenge"));
    insta::assert_snapshot!("kontrakt-2008-jobcenter-sygedagpenge.typ", source);
}

#[test]
fn the_committee_case_does_not_drift() {
    insta::assert_snapshot!("resultatkontrakter-2009.typ", filled("resultatkontrakter-2009.xlsx", None));
}

#[test]
fn the_goal_overview_does_not_drift() {
    insta::assert_snapshot!("maaloversigt-2007.typ", filled("maaloversigt-2007.xlsx", None));
}
