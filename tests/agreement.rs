//! Issue 18: the year's papers agree and say what the administration means.
//! A contract workbook and a follow-up of the same year that give a unit
//! different targets, placeholders left in texts that go into a paper,
//! contract paragraphs limited to some units, and summary units that are
//! not counted twice: each found at its cells.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::sheet::{SheetSpec, V};
use crate::{halvaarsopfoelgning_2008, kontrakter_2008, sheet};
use opfolg::diagnostics::Diagnostic;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The row (0-based, as in the sheet spec) of goal `goal` and unit `unit` in «Resultater».
fn result_row(sheets: &[SheetSpec<'static>], goal: &str, unit: &str) -> usize {
    let results = sheets.iter().find(|s| s.name == "Resultater").unwrap();
    results
        .rows
        .iter()
        .position(|r| matches!((&r[0], &r[1]), (V::S(g), V::S(u)) if *g == goal && *u == unit))
        .unwrap_or_else(|| panic!("no row for {goal}/{unit}"))
}

fn write(dir: &Path, name: &str, sheets: &[SheetSpec<'static>]) -> PathBuf {
    let path = dir.join(name);
    sheet::write_workbook(&path, "test", sheets).unwrap();
    path
}

/// Where a diagnostic is, as `file: Sheet!Cell`.
fn place(d: &Diagnostic) -> String {
    d.location.as_ref().map(|l| l.to_string()).unwrap_or_default()
}

/// The contracts of 2008 with targets: goal 8 for JSV as in the follow-up
/// (50), goal 9 for JSV (90, the follow-up says 95) not; the contracts' 12a
/// for Ydelsesservice (55) is the follow-up's 12c (95), whose 12a is another
/// goal (50); goal 21a renamed «Y1», so only its wording says it is the
/// follow-up's 21a (95, the follow-up says 100).
fn contracts_with_targets() -> Vec<SheetSpec<'static>> {
    let mut sheets = kontrakter_2008::sheets();
    for (goal, unit, target) in
        [("8", "JSV", 50.0), ("9", "JSV", 90.0), ("12a", "YDS", 55.0), ("21a", "YDS", 95.0)]
    {
        let at = result_row(&sheets, goal, unit);
        common::sheet_mut(&mut sheets, "Resultater").rows[at][2] = V::N(target);
    }
    for name in ["Mål", "Resultater"] {
        for row in &mut common::sheet_mut(&mut sheets, name).rows {
            if matches!(row[0], V::S("21a")) {
                row[0] = V::S("Y1");
            }
        }
    }
    sheets
}

#[test]
fn targets_that_differ_between_the_contracts_and_the_follow_up_are_named_at_both_cells() {
    let dir = tempfile::tempdir().unwrap();
    let contracts = contracts_with_targets();
    let follow_up = halvaarsopfoelgning_2008::sheets();
    let a = write(dir.path(), "kontrakter.xlsx", &contracts);
    let b = write(dir.path(), "halvaar.xlsx", &follow_up);
    let papers: Vec<_> = [&a, &b].iter().map(|p| opfolg::load_paper(p).expect("loads")).collect();
    let found = opfolg::agree::disagreements(&papers);
    let mut places: Vec<String> = found.iter().map(place).collect();
    places.sort();
    let cell = |file: &Path, sheets: &[SheetSpec<'static>], goal: &str, unit: &str| {
        format!("{}: Resultater!C{}", file.display(), result_row(sheets, goal, unit) + 1)
    };
    let mut expected = vec![
        cell(&a, &contracts, "9", "JSV"),
        cell(&b, &follow_up, "9", "JSV"),
        cell(&a, &contracts, "12a", "YDS"),
        cell(&b, &follow_up, "12c", "YDS"),
        cell(&a, &contracts, "Y1", "YDS"),
        cell(&b, &follow_up, "21a", "YDS"),
    ];
    expected.sort();
    assert_eq!(places, expected, "{found}");
    assert!(found.iter().all(|d| d.code == "OF0406" && d.severity == opfolg::diagnostics::Severity::Error));
    // Each names the other cell and both figures.
    let nine = found.iter().find(|d| place(d) == cell(&a, &contracts, "9", "JSV")).unwrap();
    assert!(nine.message.contains("90 %") && nine.message.contains("95 %"), "{nine}");
    assert!(nine.message.contains(&cell(&b, &follow_up, "9", "JSV")), "{nine}");

    // The same through the command line: exit 1, both files' cells named.
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(&a).arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for c in &expected {
        assert!(said.contains(&format!("fejl[OF0406]: {c}")), "{c} not in {said}");
    }
    // One workbook alone has nothing to disagree with.
    let alone = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(&a).output().unwrap();
    assert_eq!(alone.status.code(), Some(0), "{}", String::from_utf8_lossy(&alone.stderr));
}

#[test]
fn a_goal_worded_too_differently_to_compare_is_named_as_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    // Goal 9 for JSV differs (90 against 95), but its wording in the
    // contracts is rewritten: the targets cannot be compared, and `check`
    // must say so rather than pass over it in silence.
    let mut contracts = contracts_with_targets();
    for row in &mut common::sheet_mut(&mut contracts, "Mål").rows {
        if matches!(row[0], V::S("9")) {
            row[3] = V::S("Borgerne skal opleve kortere ventetid ved henvendelse i receptionen.");
        }
    }
    let a = write(dir.path(), "kontrakter.xlsx", &contracts);
    let b = write(dir.path(), "halvaar.xlsx", &halvaarsopfoelgning_2008::sheets());
    let papers: Vec<_> = [&a, &b].iter().map(|p| opfolg::load_paper(p).expect("loads")).collect();
    let agreement = opfolg::agree::agreement(&papers);
    assert!(agreement.problems.iter().all(|d| !d.message.contains("«9»")), "{}", agreement.problems);
    let [pair] = agreement.pairs.as_slice() else { panic!("{:?}", agreement.pairs) };
    assert_eq!(pair.year, 2008);
    assert!(pair.unmatched_first.contains(&"9".to_string()), "{pair:?}");
    assert!(pair.goals.contains(&"8".to_string()) && !pair.goals.contains(&"9".to_string()), "{pair:?}");

    // The command line says what was compared and names goal 9 as not.
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(&a).arg(&b).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let line = said.lines().find(|l| l.contains("sammenlignet")).unwrap_or_else(|| panic!("{said}"));
    assert!(line.contains("måltal sammenlignet for") && line.contains("ikke sammenlignet"), "{line}");
    assert!(line.contains("«9»") && line.contains("halvaar.xlsx"), "{line}");
    // And in JSON, the last record.
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["check", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let last = records.as_array().unwrap().last().unwrap().clone();
    assert!(last["compared"][0]["unmatched_first"].as_array().unwrap().iter().any(|g| g == "9"), "{last:#}");
}

#[test]
fn papers_of_different_years_are_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "kontrakter.xlsx", &contracts_with_targets());
    let mut next_year = halvaarsopfoelgning_2008::sheets();
    for row in &mut common::sheet_mut(&mut next_year, "Rapport").rows {
        match row[0] {
            V::S("År") => row[1] = V::N(2009.0),
            V::S("Dato") => row[1] = V::D(2009, 9, 1),
            _ => {}
        }
    }
    let b = write(dir.path(), "halvaar-2009.xlsx", &next_year);
    let papers: Vec<_> = [&a, &b].iter().map(|p| opfolg::load_paper(p).expect("loads")).collect();
    assert!(opfolg::agree::disagreements(&papers).is_empty());
    // Agreeing papers of one year: nothing either.
    let c = write(dir.path(), "kontrakter-uden-mål.xlsx", &kontrakter_2008::sheets());
    let d = write(dir.path(), "halvaar.xlsx", &halvaarsopfoelgning_2008::sheets());
    let papers: Vec<_> = [&c, &d].iter().map(|p| opfolg::load_paper(p).expect("loads")).collect();
    assert!(opfolg::agree::disagreements(&papers).is_empty());
}

fn warnings(path: &Path, code: &str) -> Vec<(String, String)> {
    let (_, diags) = opfolg::load(path).unwrap_or_else(|d| panic!("{d}"));
    diags.iter().filter(|d| d.code == code).map(|d| (place(d), d.found.clone().unwrap_or_default())).collect()
}

#[test]
fn placeholders_in_texts_that_reach_a_paper_are_warned_about_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut contracts = kontrakter_2008::sheets();
    // A unit's lead text with «x kr.», a shared paragraph with a field
    // opfolg does not fill, a unit's own goal text with an X.
    let texts = common::sheet_mut(&mut contracts, "Kontrakttekster");
    let lead = texts.rows.iter().position(|r| matches!((&r[0], &r[1]), (V::S("CAB"), V::S("4")))).unwrap();
    texts.rows[lead][2] = V::S("Centret skal levere et driftsoverskud på x kr. i {år}.");
    let doc = common::sheet_mut(&mut contracts, "Dokument");
    doc.rows.push(vec![V::S("tekst"), V::S("Kontakt {kontaktperson} for {enhed} i {år}.")]);
    let field_row = doc.rows.len();
    let own = result_row(&contracts, "11", "CJF");
    common::sheet_mut(&mut contracts, "Resultater").rows[own][3] =
        V::S("Der skal indgås aftaler om X nye virksomhedspraktikker i 2008.");
    let path = write(dir.path(), "kontrakter.xlsx", &contracts);
    let mut found = warnings(&path, "OF0318");
    found.sort();
    let at = |cell: String| format!("{}: {cell}", path.display());
    let mut expected = vec![
        (at(format!("Kontrakttekster!C{}", lead + 1)), "x kr. i".to_string()),
        (at(format!("Dokument!B{field_row}")), "{kontaktperson}".to_string()),
        (at(format!("Resultater!D{}", own + 1)), "X nye virksomhedspraktikker".to_string()),
    ];
    expected.sort();
    assert_eq!(found, expected);
    // The common text of goal 11 has an X, but every unit has its own
    // wording, so no contract prints it: not warned about. The committed
    // example has no placeholder left.
    assert!(warnings(&root().join("inputs/kontrakter-2008.xlsx"), "OF0318").is_empty());
    for example in common::example_workbooks() {
        assert!(warnings(&example, "OF0318").is_empty(), "{}", example.display());
    }

    // In a follow-up, {enhed} is not filled (there is no one unit), and a
    // goal's text is printed as it is.
    let mut note = halvaarsopfoelgning_2008::sheets();
    let goals = common::sheet_mut(&mut note, "Mål");
    let eleven = goals.rows.iter().position(|r| matches!(r[0], V::S("11"))).unwrap();
    goals.rows[eleven][4] = V::S("Der skal indgås aftaler om X nye pladser i {år}.");
    let two = goals.rows.iter().position(|r| matches!(r[0], V::S("2"))).unwrap();
    goals.rows[two][4] = V::S("Afgangen skal i 2008 være mindst 1170 personer.");
    let doc = common::sheet_mut(&mut note, "Dokument");
    doc.rows.push(vec![V::S("tekst"), V::S("{enhed} har nået {opfyldt} mål i {år}.")]);
    let doc_row = doc.rows.len();
    let path = write(dir.path(), "halvaar.xlsx", &note);
    let mut found = warnings(&path, "OF0318");
    found.sort();
    let at = |cell: String| format!("{}: {cell}", path.display());
    let mut expected = vec![
        (at(format!("Mål!E{}", eleven + 1)), "X nye pladser".to_string()),
        (at(format!("Dokument!B{doc_row}")), "{enhed}".to_string()),
    ];
    expected.sort();
    assert_eq!(found, expected);
    // A figure in a goal's text written otherwise than the tables write it.
    assert_eq!(warnings(&path, "OF0319"), [(at(format!("Mål!E{}", two + 1)), "1170".to_string())]);
}

#[test]
fn placeholders_in_the_report_fields_areas_and_units_are_warned_about_too() {
    // Before, only goal, table, result, contract and document texts were
    // looked at: a signatory «X», a date «{dato}», an area «Indsatsen for
    // {område}» and a unit's leader «x» were printed in every contract
    // without a word from check.
    let dir = tempfile::tempdir().unwrap();
    let mut contracts = kontrakter_2008::sheets();
    let report = common::sheet_mut(&mut contracts, "Rapport");
    let field = |name: &str| report.rows.iter().position(|r| matches!(r[0], V::S(f) if f == name)).unwrap();
    let (signer, date) = (field("Underskriver"), field("Underskriftsdato"));
    report.rows[signer][1] = V::S("X");
    report.rows[date][1] = V::S("{dato}");
    let steering = common::sheet_mut(&mut contracts, "Styringsparametre");
    steering.rows[1][1] = V::S("Indsatsen for {område}");
    let units = common::sheet_mut(&mut contracts, "Enheder");
    let cab = units.rows.iter().position(|r| matches!(r[0], V::S("CAB"))).unwrap();
    units.rows[cab][5] = V::S("x");
    let path = write(dir.path(), "kontrakter.xlsx", &contracts);
    let mut found = warnings(&path, "OF0318");
    found.sort();
    let at = |cell: String| format!("{}: {cell}", path.display());
    let mut expected = vec![
        (at(format!("Rapport!B{}", signer + 1)), "X".to_string()),
        (at(format!("Rapport!B{}", date + 1)), "{dato}".to_string()),
        (at("Styringsparametre!B2".to_string()), "{område}".to_string()),
        (at(format!("Enheder!F{}", cab + 1)), "x".to_string()),
    ];
    expected.sort();
    assert_eq!(found, expected);
    // An area's description is filled ({år} is the year); its name and
    // heading are printed as they are, so {år} there is a placeholder.
    let mut contracts = kontrakter_2008::sheets();
    let steering = common::sheet_mut(&mut contracts, "Styringsparametre");
    steering.rows[1][2] = V::S("Indsatsen i {år} for {enhed}.");
    steering.rows[1].resize(3, V::S(""));
    steering.rows[1].push(V::S("Indsatsen i {år}"));
    let path = write(dir.path(), "kontrakter-felt.xlsx", &contracts);
    let at = |cell: &str| format!("{}: {cell}", path.display());
    assert_eq!(warnings(&path, "OF0318"), [(at("Styringsparametre!D2"), "{år}".to_string())]);
}

#[test]
fn a_paragraph_limited_to_some_units_is_only_in_their_contracts() {
    let dir = tempfile::tempdir().unwrap();
    let renderer =
        opfolg::render::Renderer::new(&root().join("report_templates"), &root().join("fonts")).unwrap();
    let built = opfolg::build(
        &root().join("inputs/kontrakter-2008.xlsx"),
        dir.path(),
        &renderer,
        opfolg::render::Formats { pdf: true, docx: false },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let text = |name: &str| {
        let pdf = built
            .files
            .iter()
            .find(|f| f.file_name().unwrap().to_string_lossy().starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {:?}", built.files));
        common::unhyphenate(&common::pdf_text_in_order(pdf)).split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let jck = "Jobcenter København bidrager til at gennemføre";
    let sdp = text("kontrakt-2008-jobcenter-sygedagpenge");
    assert!(sdp.contains(jck), "{sdp}");
    let yds = text("kontrakt-2008-ydelsesservice");
    assert!(!yds.contains(jck), "{yds}");
    assert!(yds.contains("Ydelsesservice København udbetaler kontanthjælp"), "{yds}");
    let cab = text("kontrakt-2008-center-for-afklaring");
    assert!(!cab.contains(jck) && cab.contains("Center for Afklaring og Beskæftigelse er et af"), "{cab}");
    // No lead text opens with «Derfor» with nothing before it, and the
    // unit's name is filled in.
    assert!(!cab.contains("{enhed}") && cab.contains("Derfor vil økonomistyringen i 2008"), "{cab}");

    // An id that is not a unit is an error at its cell.
    let mut contracts = kontrakter_2008::sheets();
    let doc = common::sheet_mut(&mut contracts, "Dokument");
    let at = doc.rows.iter().position(|r| r.len() > 2 && matches!(r[2], V::S("YDS"))).unwrap();
    doc.rows[at][2] = V::S("YDS, XYZ");
    let path = write(dir.path(), "kontrakter.xlsx", &contracts);
    let errors = opfolg::load(&path).expect_err("an unknown unit is an error");
    let e = errors.iter().find(|d| d.code == "OF0401").expect("OF0401");
    assert_eq!(place(e), format!("{}: Dokument!C{}", path.display(), at + 1));
    assert_eq!(e.found.as_deref(), Some("XYZ"));
}

/// The example half-year workbook with the «Består af» of the units named
/// changed, written to `dir/name` and loaded: its errors as (code, place),
/// all of them as text, and the place of a unit's «Består af» cell.
fn with_groups(
    dir: &Path,
    name: &str,
    groups: &[(&str, &'static str)],
) -> (Vec<(&'static str, String)>, String, impl Fn(&str) -> String) {
    let mut note = halvaarsopfoelgning_2008::sheets();
    let units = common::sheet_mut(&mut note, "Enheder");
    // Each unit's row, by id.
    let rows: Vec<(String, usize)> = units
        .rows
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, r)| match r[0] {
            V::S(id) => Some((id.to_string(), i)),
            _ => None,
        })
        .collect();
    for (id, members) in groups {
        let at = rows.iter().find(|(u, _)| u == id).unwrap().1;
        units.rows[at][3] = V::S(members);
    }
    let path = write(dir, name, &note);
    let errors = opfolg::load(&path).expect_err("errors");
    let found = errors
        .iter()
        .filter(|d| d.severity == opfolg::diagnostics::Severity::Error)
        .map(|d| (d.code, place(d)))
        .collect();
    let cell = move |id: &str| {
        let row = rows.iter().find(|(u, _)| u == id).unwrap().1;
        format!("{}: Enheder!D{}", path.display(), row + 1)
    };
    (found, errors.to_string(), cell)
}

#[test]
fn a_group_of_units_must_be_of_units_and_not_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    // JCK+CJF sums JCK, which now sums JCK+CJF: a circle.
    let (found, errors, at) =
        with_groups(dir.path(), "halvaar.xlsx", &[("BC", "CKB, CAB, CBS"), ("JCK", "JCM, JCK+CJF")]);
    assert!(found.contains(&("OF0401", at("BC"))), "{errors}");
    assert!(found.contains(&("OF0405", at("JCK"))), "{errors}");
    assert!(found.contains(&("OF0405", at("JCK+CJF"))), "{errors}");
    assert_eq!(found.len(), 3, "{errors}");
}

#[test]
fn a_group_that_names_the_total_is_a_circle_not_three_lost_lights() {
    // BIF i alt sums every unit, Beskæftigelsescentrene among them; a group
    // that names BIF sums itself. Before, nothing was said and the goals with
    // rows for both counted neither (41 lights instead of 44).
    let dir = tempfile::tempdir().unwrap();
    let (found, errors, at) = with_groups(dir.path(), "halvaar.xlsx", &[("BC", "CKB, CAB, CBSI, BIF")]);
    assert!(found.contains(&("OF0405", at("BC"))), "{errors}");
    assert!(found.contains(&("OF0405", at("BIF"))), "{errors}");
    // Two totals each sum the other, so each sums itself.
    let (found, errors, at) = with_groups(dir.path(), "to-totaler.xlsx", &[("BC", "alle")]);
    assert!(found.contains(&("OF0405", at("BC"))), "{errors}");
    assert!(found.contains(&("OF0405", at("BIF"))), "{errors}");
}

#[test]
fn a_broken_workbook_among_them_does_not_hide_the_others_disagreement() {
    let dir = tempfile::tempdir().unwrap();
    let contracts = contracts_with_targets();
    let a = write(dir.path(), "kontrakter.xlsx", &contracts);
    let b = write(dir.path(), "halvaar.xlsx", &halvaarsopfoelgning_2008::sheets());
    let broken = dir.path().join("ødelagt.xlsx");
    std::fs::write(&broken, b"ikke et regneark").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["check", "--format", "json"])
        .arg(&a)
        .arg(&broken)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let records = records.as_array().unwrap();
    // One record per workbook, then the disagreements: the broken file's own
    // error is its own record.
    assert_eq!(records.len(), 4, "{records:#?}");
    assert_eq!(records[1]["ok"], false);
    let found = &records[3]["diagnostics"];
    let codes: Vec<&str> = found.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["OF0406"; 6], "{found:#?}");
    let row = result_row(&contracts, "9", "JSV") + 1;
    assert!(
        found.as_array().unwrap().iter().any(|d| d["location"]["cell"] == format!("C{row}")
            && d["location"]["file"] == a.display().to_string()),
        "{found:#?}"
    );
}

/// The half-year example with goal 11's result set to `result`, the period
/// `period`, and table 2's row marked as figures of the first quarter.
fn judged_at(dir: &Path, period: &'static str, result: f64) -> opfolg::assess::FollowUp {
    let mut sheets = halvaarsopfoelgning_2008::sheets();
    for row in &mut common::sheet_mut(&mut sheets, "Rapport").rows {
        if matches!(row[0], V::S("Periode")) {
            row[1] = V::S(period);
        }
    }
    let eleven = result_row(&sheets, "11", "JCK+CJF");
    let two = result_row(&sheets, "2", "JCK");
    let results = common::sheet_mut(&mut sheets, "Resultater");
    results.rows[eleven][3] = V::N(result);
    results.rows[two][9] = V::S("1. kvartal 2008");
    let path = write(dir, &format!("{result}.xlsx"), &sheets);
    opfolg::load(&path).unwrap_or_else(|d| panic!("{d}")).0
}

#[test]
fn a_count_is_judged_against_the_share_of_the_year_its_period_covers() {
    let dir = tempfile::tempdir().unwrap();
    let light = |f: &opfolg::assess::FollowUp| {
        let gi = f.report.goals.iter().position(|g| g.id == "11").unwrap();
        (f.assessment(gi, 0).light, f.assessment(gi, 0).judged_against)
    };
    use opfolg::model::{Target, TrafficLight};
    // 200 agreements of 282: ahead at mid-year (141), short at three
    // quarters (211,5) but within the tolerance, far short at the year's end.
    let half = judged_at(dir.path(), "1. halvår 2008", 200.0);
    assert_eq!(light(&half), (Some(TrafficLight::Green), Some(Target::Value { value: 141.0 })));
    let three = judged_at(dir.path(), "1.-3. kvartal 2008", 200.0);
    assert_eq!(light(&three), (Some(TrafficLight::Yellow), Some(Target::Value { value: 211.5 })));
    let year = judged_at(dir.path(), "2. halvår 2008", 200.0);
    assert_eq!(light(&year), (Some(TrafficLight::Red), None));
    // The table says what the row was judged against, and the row whose
    // figures are for another period says so.
    let view = opfolg::render::view::report_view(&half);
    let json = serde_json::to_string(&view).unwrap();
    assert!(json.contains(r#""against":"141","target":"282","share":"halvdelen""#), "{json}");
    assert!(
        json.contains(r#""unit":"Jobcenter København","#) && json.contains(r#""period":"1. kvartal 2008""#)
    );
    let legend = serde_json::to_value(&view).unwrap()["rules"].clone();
    assert_eq!(legend["period_share"], "halvdelen");
    assert_eq!(
        serde_json::to_value(opfolg::render::view::report_view(&three)).unwrap()["rules"]["period_share"],
        "tre fjerdedele"
    );
}
