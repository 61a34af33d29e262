//! Mistyped workbooks (issue 13): a cell whose format changes its scale, a
//! formula without a value, a missing column, text the fonts cannot draw,
//! and one mistake reported once. For every broken workbook `check` and
//! `build` agree: both refuse it with the same located errors, and no paper
//! is written; a workbook they accept gives the paper the sheet shows.

use std::path::Path;
use std::process::Command;

use crate::{halvaarsopfoelgning_2008, sheet};
use sheet::{SheetSpec, V};

use crate::common::{sheet_mut, workbook};

/// The row of a sheet whose first cell is `id`, padded to ten cells.
fn row_mut<'a>(sheets: &'a mut [SheetSpec<'static>], name: &str, id: &str) -> &'a mut Vec<V<'static>> {
    let row = sheet_mut(sheets, name).rows.iter_mut().find(|r| matches!(r[0], V::S(s) if s == id)).unwrap();
    while row.len() < 10 {
        row.push(V::E);
    }
    row
}

pub(crate) fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg")).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code(), text)
}

/// The error lines of an output: `fejl[OF0203]: file: Sheet!D1: …`.
fn errors(output: &str) -> Vec<String> {
    output.lines().filter(|l| l.starts_with("fejl[")).map(str::to_string).collect()
}

/// Whether an error line names its sheet and cell (`Resultater!D3`); a
/// missing sheet names its file.
fn names_its_cell(error: &str) -> bool {
    let cell = error.split('!').nth(1).and_then(|rest| rest.split(':').next()).unwrap_or("");
    let (letters, digits): (String, String) = cell.chars().partition(|c| c.is_ascii_alphabetic());
    let is_cell = !letters.is_empty() && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    is_cell || error.contains("[OF0201]")
}

/// Runs `check` and `build` on a broken workbook: both exit 1, with the
/// same errors, and build writes nothing. Returns the errors.
pub(crate) fn both_refuse(path: &Path) -> Vec<String> {
    let (code, checked) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(1), "check accepted {}:\n{checked}", path.display());
    let out = tempfile::tempdir().unwrap();
    let (code, built) = run(&["build".as_ref(), path.as_os_str(), "--out".as_ref(), out.path().as_os_str()]);
    assert_eq!(code, Some(1), "build did not refuse {}:\n{built}", path.display());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "a refused build wrote files:\n{built}");
    let errors_checked = errors(&checked);
    assert!(!errors_checked.is_empty(), "{checked}");
    assert_eq!(errors_checked, errors(&built), "check and build disagree");
    for e in &errors_checked {
        assert!(names_its_cell(e), "an error without its cell: {e}");
    }
    errors_checked
}

/// Runs `build --format pdf` into `out`.
pub(crate) fn build_pdf(path: &Path, out: &Path) -> (Option<i32>, String) {
    run(&[
        "build".as_ref(),
        path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "pdf".as_ref(),
    ])
}

/// Runs `check` and `build` on a workbook both accept (exit 0); their outputs.
fn both_accept(path: &Path, out: &Path) -> (String, String) {
    let (code, checked) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{checked}");
    let (code, built) = build_pdf(path, out);
    assert_eq!(code, Some(0), "{built}");
    (checked, built)
}

/// The one error of a workbook: its code and place, and the whole line.
fn the_error(path: &Path, code: &str, place: &str) -> String {
    let errors = both_refuse(path);
    assert_eq!(errors.len(), 1, "one problem, one report:\n{}", errors.join("\n"));
    assert!(errors[0].starts_with(&format!("fejl[{code}]")), "{}", errors[0]);
    assert!(errors[0].contains(place), "expected {place}: {}", errors[0]);
    errors[0].clone()
}

/// A change to the example's sheets.
type Edit = Box<dyn Fn(&mut Vec<SheetSpec<'static>>)>;

fn example() -> opfolg::assess::FollowUp {
    opfolg::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx"))
        .unwrap()
        .0
}

// 1. A cell whose format changes its scale.

#[test]
fn a_points_tolerance_in_a_percent_cell_is_read_as_it_shows_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // The issue's case: the format of «Tolerance relativ» copied to the
    // cell above, and 5 typed: stored 0,05, shown «5 %».
    let path = workbook(dir.path(), "tolerance.xlsx", |s| {
        row_mut(s, "Rapport", "Tolerance procentpoint")[1] = V::P(0.05);
    });
    let (followup, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let w = warnings.iter().find(|w| w.code == "OF0316").unwrap_or_else(|| panic!("no warning: {warnings}"));
    assert_eq!(w.location.as_ref().unwrap().cell.as_deref(), Some("B9"), "{w}");
    assert!(w.message.contains("5 procentpoint"), "{w}");
    assert_eq!(followup.report.rules.percent_points, 5.0);
    assert_eq!(followup.assessments, example().assessments, "the lights are the sheet's");
    let (code, out) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("advarsel[OF0316]") && out.contains("Rapport!B9"), "{out}");

    // Written as the documents write a difference: read, with a warning.
    for text in ["3 %-point", "3 procentpoint", "3,0 pct.-point"] {
        let path = workbook(dir.path(), "tekst.xlsx", |s| {
            row_mut(s, "Rapport", "Tolerance procentpoint")[1] = V::S(text)
        });
        let (followup, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{text}: {d}"));
        assert_eq!(followup.report.rules.percent_points, 3.0, "{text}");
        assert!(warnings.iter().any(|w| w.code == "OF0302"), "{text}: {warnings}");
    }

    // A goal's own tolerance of a percent goal: the same rule.
    let path = workbook(dir.path(), "maal-tolerance.xlsx", |s| {
        row_mut(s, "Mål", "6")[9] = V::P(0.12);
    });
    let (followup, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    assert!(warnings.iter().any(|w| w.code == "OF0316"), "{warnings}");
    let goal = followup.report.goals.iter().find(|g| g.id == "6").unwrap();
    assert!((goal.tolerance.unwrap() - 12.0).abs() < 1e-9, "{:?}", goal.tolerance);
}

#[test]
fn a_percent_where_a_count_days_points_or_a_year_is_expected_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Edit, &str)> = vec![
        // Goal 13 is in points, 16 in days, 11 a count.
        ("points-tolerance", Box::new(|s| row_mut(s, "Mål", "13")[9] = V::P(0.02)), "Mål!J"),
        ("decimaler", Box::new(|s| row_mut(s, "Mål", "13")[7] = V::P(0.01)), "Mål!H"),
        ("tabelnummer", Box::new(|s| row_mut(s, "Mål", "13")[1] = V::P(0.13)), "Mål!B"),
        ("aar", Box::new(|s| row_mut(s, "Rapport", "År")[1] = V::P(20.08)), "Rapport!B3"),
        ("dato", Box::new(|s| row_mut(s, "Rapport", "Dato")[1] = V::P(39692.0)), "Rapport!B8"),
        ("antal", Box::new(|s| row_mut(s, "Resultater", "11")[3] = V::P(2.81)), "Resultater!D"),
        ("dage", Box::new(|s| row_mut(s, "Resultater", "16")[2] = V::P(0.072)), "Resultater!C"),
        ("interval", Box::new(|s| row_mut(s, "Resultater", "13")[2] = V::S("30-40 %")), "Resultater!C"),
    ];
    for (name, edit, place) in cases {
        let path = workbook(dir.path(), &format!("{name}.xlsx"), |s| edit(s));
        let errors = both_refuse(&path);
        assert!(
            errors.iter().any(|e| e.starts_with("fejl[OF0316]") || e.starts_with("fejl[OF0308]")),
            "{name}: {errors:?}"
        );
        assert!(errors.iter().all(|e| e.contains(place)), "{name}: one cell, one report: {errors:?}");
    }
}

#[test]
fn every_wrong_cell_of_a_result_row_gets_its_own_error() {
    let dir = tempfile::tempdir().unwrap();
    // Goal 11 is a count: its target and result both formatted as percent.
    let path = workbook(dir.path(), "to-celler.xlsx", |s| {
        let row = row_mut(s, "Resultater", "11");
        row[2] = V::P(2.82);
        row[3] = V::P(2.81);
    });
    let errors = both_refuse(&path);
    assert_eq!(errors.len(), 2, "one error per cell, no follow-on errors: {errors:?}");
    assert!(errors[0].starts_with("fejl[OF0316]") && errors[0].contains("Resultater!C14"), "{errors:?}");
    assert!(errors[1].starts_with("fejl[OF0316]") && errors[1].contains("Resultater!D14"), "{errors:?}");

    // A bad target and a bad hand-set light in one row: both named.
    let path = workbook(dir.path(), "maaltal-og-lys.xlsx", |s| {
        let row = row_mut(s, "Resultater", "11");
        row[2] = V::P(2.82);
        row[6] = V::S("lilla");
        row[7] = V::S("fordi");
    });
    let errors = both_refuse(&path);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("Resultater!C14") && errors[1].contains("Resultater!G14"), "{errors:?}");
    assert!(errors[1].starts_with("fejl[OF0309]"), "{errors:?}");
}

#[test]
fn a_relative_tolerance_typed_with_a_percent_sign_is_a_percentage() {
    let dir = tempfile::tempdir().unwrap();
    // «0,5 %» says half a percent, not half the target.
    let path = workbook(dir.path(), "relativ.xlsx", |s| {
        row_mut(s, "Rapport", "Tolerance relativ")[1] = V::S("0,5 %");
    });
    let (followup, _) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    assert!((followup.report.rules.relative - 0.005).abs() < 1e-12, "{}", followup.report.rules.relative);
    // 10 %, 10 and 0,1 are a tenth; a plain 1 is 1 % or 100 %, and refused.
    for (value, tenth) in
        [(V::P(0.1), true), (V::N(10.0), true), (V::N(0.1), true), (V::S("10 %"), true), (V::N(1.0), false)]
    {
        let path =
            workbook(dir.path(), "tiendedel.xlsx", |s| row_mut(s, "Rapport", "Tolerance relativ")[1] = value);
        if tenth {
            let (followup, _) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
            assert!(
                (followup.report.rules.relative - 0.1).abs() < 1e-12,
                "{}",
                followup.report.rules.relative
            );
        } else {
            the_error(&path, "OF0316", "Rapport!B10");
        }
    }
}

// 2. A formula without a value.

#[test]
fn a_formula_without_a_value_is_an_error_in_any_cell() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "resultat",
            Box::new(|s| sheet_mut(s, "Resultater").rows[2][3] = V::F("=18+0.2", "")),
            "Resultater!D3",
        ),
        (
            "maaltal",
            Box::new(|s| sheet_mut(s, "Resultater").rows[2][2] = V::F("=20+0.4", "")),
            "Resultater!C3",
        ),
        (
            "tolerance",
            Box::new(|s| row_mut(s, "Rapport", "Tolerance procentpoint")[1] = V::F("=2+3", "")),
            "Rapport!B9",
        ),
        ("titel", Box::new(|s| row_mut(s, "Rapport", "Titel")[1] = V::F("=\"Halvår\"", "")), "Rapport!B2"),
        ("maaltekst", Box::new(|s| row_mut(s, "Mål", "2")[4] = V::F("=A1", "")), "Mål!E3"),
        (
            "enhed",
            Box::new(|s| sheet_mut(s, "Resultater").rows[2][1] = V::F("=\"JCK\"", "")),
            "Resultater!B3",
        ),
    ];
    for (name, edit, place) in cases {
        let path = workbook(dir.path(), &format!("{name}.xlsx"), |s| edit(s));
        let error = the_error(&path, "OF0315", place);
        assert!(error.contains("formel"), "{name}: {error}");
        let (_, out) = run(&["check".as_ref(), path.as_os_str()]);
        assert!(
            out.contains("åbn og gem projektmappen i Excel eller LibreOffice, så formlen bliver beregnet"),
            "{name}: {out}"
        );
    }
}

// 3. A missing column.

#[test]
fn a_missing_column_names_the_sheet_the_columns_found_and_the_nearest() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "omdoebt.xlsx", |s| {
        sheet_mut(s, "Resultater").rows[0][3] = V::S("Resultat 1. halvår 2008");
    });
    let error = the_error(&path, "OF0203", "Resultater!D1");
    assert!(error.contains("kolonnen «Resultat» mangler i arket «Resultater»"), "{error}");
    assert!(error.contains("Mål-id, Enhed, Måltal, Resultat 1. halvår 2008, Uddybning"), "{error}");
    let (_, out) = run(&["check".as_ref(), path.as_os_str()]);
    assert!(out.contains("overskriften «Resultat 1. halvår 2008» i D1 ligner"), "{out}");
    assert!(!out.contains("OF0205"), "the retyped header is not also unknown: {out}");

    // The column deleted: the cell after the last header, and what it has.
    let path = workbook(dir.path(), "slettet.xlsx", |s| {
        for row in &mut sheet_mut(s, "Resultater").rows {
            if row.len() > 3 {
                row.remove(3);
            }
        }
    });
    // «Resultater» has ten columns; with one deleted, J1 is the cell after the last.
    let error = the_error(&path, "OF0203", "Resultater!J1");
    assert!(error.contains("«Resultat» mangler") && error.contains("Måltal, Uddybning"), "{error}");

    // Neighbours: other columns, other sheets, a slip of the keyboard.
    for (sheet_name, col, header, place, missing) in [
        ("Resultater", 2, "Måltal 2008", "Resultater!C1", "Måltal"),
        ("Mål", 6, "Retningen", "Mål!G1", "Retning"),
        ("Mål", 1, "Tabelnummer", "Mål!B1", "Tabel"),
        ("Mål", 5, "Måleenhd", "Mål!F1", "Måleenhed"),
        ("Enheder", 1, "Navne", "Enheder!B1", "Navn"),
        ("Dokument", 0, "Typer", "Dokument!A1", "Type"),
    ] {
        let path =
            workbook(dir.path(), "kolonne.xlsx", |s| sheet_mut(s, sheet_name).rows[0][col] = V::S(header));
        let error = the_error(&path, "OF0203", place);
        assert!(error.contains(&format!("«{missing}» mangler")), "{error}");
    }
}

#[test]
fn a_renamed_optional_column_with_filled_cells_is_an_error_at_its_header() {
    let dir = tempfile::tempdir().unwrap();
    // The reviewer's case: «Trafiklys» renamed «Lys», its yellow light
    // would silently become the computed red.
    for (sheet_name, col, header, place, like) in [
        ("Resultater", 6, "Lys", "Resultater!G1", "Trafiklys"),
        ("Enheder", 2, "Kort navne", "Enheder!C1", "Kort navn"),
        ("Tabeller", 2, "Kilder", "Tabeller!C1", "Kilde"),
    ] {
        let path =
            workbook(dir.path(), "valgfri.xlsx", |s| sheet_mut(s, sheet_name).rows[0][col] = V::S(header));
        let error = the_error(&path, "OF0203", place);
        assert!(error.contains(&format!("kolonnen «{like}» mangler")), "{error}");
        let (_, out) = run(&["check".as_ref(), path.as_os_str()]);
        assert!(
            out.contains(&format!("overskriften «{header}» i {} ligner", &place[place.len() - 2..])),
            "{out}"
        );
        assert!(!out.contains("OF0205"), "the renamed header is not also unknown: {out}");
    }

    // The same header over empty cells loses nothing: only a warning.
    let path = workbook(dir.path(), "tom.xlsx", |s| {
        let rows = &mut sheet_mut(s, "Resultater").rows;
        rows[0][6] = V::S("Lys");
        for row in rows.iter_mut().skip(1).filter(|r| r.len() > 6) {
            row[6] = V::E;
        }
    });
    let (code, out) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("advarsel[OF0205]") && out.contains("Resultater!G1"), "{out}");

    // Beside the real «Trafiklys», a filled «Lys» is the user's own: a warning.
    let path = workbook(dir.path(), "begge.xlsx", |s| {
        let rows = &mut sheet_mut(s, "Resultater").rows;
        rows[0].push(V::S("Lys"));
        rows[1].resize(10, V::E);
        rows[1].push(V::S("gul"));
    });
    let (code, out) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("advarsel[OF0205]") && out.contains("Resultater!K1"), "{out}");

    // A retyped required column and a renamed optional one: each its own error.
    let path = workbook(dir.path(), "to.xlsx", |s| {
        let rows = &mut sheet_mut(s, "Resultater").rows;
        rows[0][3] = V::S("Resultat 2008");
        rows[0][6] = V::S("Lys");
    });
    let errors = both_refuse(&path);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("Resultater!D1") && errors[0].contains("«Resultat» mangler"), "{errors:?}");
    assert!(errors[1].contains("Resultater!G1") && errors[1].contains("«Trafiklys» mangler"), "{errors:?}");

    // A user's own note column, filled, looks like nothing: a warning.
    let path = workbook(dir.path(), "noter.xlsx", |s| {
        let rows = &mut sheet_mut(s, "Resultater").rows;
        rows[0].push(V::S("Noter"));
        rows[1].resize(10, V::E);
        rows[1].push(V::S("ring til Morten"));
    });
    let (code, out) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("advarsel[OF0205]") && out.contains("Resultater!K1"), "{out}");
    assert!(!out.contains("fejl["), "{out}");
}

#[test]
fn a_date_far_from_the_year_is_warned_about_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // A paper for 2008: written in 2008, 2009 at the latest (a full-year
    // note), December 2007 at the earliest (a contract before its year).
    for (name, date, warned) in [
        ("2031", V::D(2031, 9, 1), true),
        ("2006", V::D(2006, 12, 20), true),
        ("2007", V::D(2007, 12, 20), false),
        ("2010-tekst", V::S("01-09-2010"), true),
        ("2008", V::D(2008, 1, 1), false),
        ("2009", V::D(2009, 12, 31), false),
    ] {
        let path = workbook(dir.path(), &format!("{name}.xlsx"), |s| row_mut(s, "Rapport", "Dato")[1] = date);
        let (checked, built) = both_accept(&path, &dir.path().join(name));
        for out in [&checked, &built] {
            let line = out.lines().find(|l| l.starts_with("advarsel[OF0317]"));
            assert_eq!(line.is_some(), warned, "{name}: {out}");
            if let Some(line) = line {
                assert!(line.contains("Rapport!B8") && line.contains("dokumentet er for 2008"), "{line}");
            }
        }
    }
}

// 4. Text the fonts cannot draw.

#[test]
fn text_the_fonts_cannot_draw_is_refused_by_check_and_build_with_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, edit_at) in [
        ("arabisk", "مرحبا بكم", ("Resultater", 1usize, 7usize, "Resultater!H2")),
        ("hebraisk", "שלום", ("Dokument", 2, 1, "Dokument!B3")),
        ("emoji", "Godt gået 🚦", ("Tabeller", 1, 2, "Tabeller!C2")),
    ] {
        let (sheet_name, row, col, place) = edit_at;
        let path = workbook(dir.path(), &format!("{name}.xlsx"), |s| {
            let r = &mut sheet_mut(s, sheet_name).rows[row];
            while r.len() <= col {
                r.push(V::E);
            }
            r[col] = V::S(text);
        });
        let error = the_error(&path, "OF0314", place);
        assert!(error.contains("findes ikke i dokumentets skrifttype"), "{error}");
    }
    // A column opfolg does not use is not shown, so not refused.
    let path = workbook(dir.path(), "ubrugt.xlsx", |s| {
        let results = sheet_mut(s, "Resultater");
        results.rows[0].resize(10, V::E);
        results.rows[0].push(V::S("Noter"));
        results.rows[1].resize(10, V::E);
        results.rows[1].push(V::S("🚦"));
    });
    let (code, out) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{out}");
}

// 5. One root problem, one report.

#[test]
fn a_bad_target_does_not_also_leave_its_goal_without_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path =
        workbook(dir.path(), "maaltal.xlsx", |s| sheet_mut(s, "Resultater").rows[2][2] = V::S("ca. 20"));
    the_error(&path, "OF0302", "Resultater!C3");
}

#[test]
fn a_bad_goal_or_unit_row_is_not_reported_again_where_it_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "maaltype.xlsx", |s| row_mut(s, "Mål", "13")[3] = V::S("Resultat"));
    the_error(&path, "OF0309", "Mål!D");
    let path = workbook(dir.path(), "enhed.xlsx", |s| sheet_mut(s, "Enheder").rows[1][1] = V::E);
    the_error(&path, "OF0301", "Enheder!B2");
    let path = workbook(dir.path(), "tabel.xlsx", |s| sheet_mut(s, "Tabeller").rows[1][1] = V::E);
    the_error(&path, "OF0301", "Tabeller!B2");
}

#[test]
fn a_renamed_sheet_is_one_error_with_the_sheet_it_looks_like() {
    let dir = tempfile::tempdir().unwrap();
    for (sheet_name, renamed) in [
        ("Resultater", "Resultater 2008"),
        ("Mål", "Maal ark"),
        ("Enheder", "Enhed"),
        ("Tabeller", "Tabel"),
        ("Styringsparametre", "Styringsparametr"),
        ("Dokument", "Dokumentet"),
    ] {
        let path = workbook(dir.path(), "ark.xlsx", |s| sheet_mut(s, sheet_name).name = renamed);
        let errors = both_refuse(&path);
        assert_eq!(errors.len(), 1, "{sheet_name}: {}", errors.join("\n"));
        assert!(errors[0].contains(&format!("arket «{sheet_name}» mangler")), "{}", errors[0]);
        let (_, out) = run(&["check".as_ref(), path.as_os_str()]);
        assert!(out.contains(&format!("arket «{renamed}» ligner")), "{out}");
    }
}

#[test]
fn a_report_sheet_that_does_not_say_the_kind_is_one_error_in_every_kind() {
    use crate::{helaarsopfoelgning_2009, kontrakter_2008, resultatkontrakter_2009};
    let dir = tempfile::tempdir().unwrap();
    type Sheets = fn() -> Vec<SheetSpec<'static>>;
    let kinds: [(&str, Sheets); 4] = [
        ("halvaar", halvaarsopfoelgning_2008::sheets),
        ("helaar", helaarsopfoelgning_2009::sheets),
        ("kontrakter", kontrakter_2008::sheets),
        ("indstilling", resultatkontrakter_2009::sheets),
    ];
    for (kind, sheets) in kinds {
        // The kind mistyped: no demands of another kind follow.
        let mut s = sheets();
        if let Some(row) =
            sheet_mut(&mut s, "Rapport").rows.iter_mut().find(|r| matches!(r[0], V::S("Dokumenttype")))
        {
            row[1] = V::S("kontrak");
        } else {
            sheet_mut(&mut s, "Rapport").rows.push(vec![V::S("Dokumenttype"), V::S("kontrak")]);
        }
        let path = dir.path().join(format!("{kind}-type.xlsx"));
        sheet::write_workbook(&path, "test", &s).unwrap();
        the_error(&path, "OF0309", "Rapport!B");

        // The sheet renamed: its one error.
        let mut s = sheets();
        sheet_mut(&mut s, "Rapport").name = "Rapport 2008";
        let path = dir.path().join(format!("{kind}-ark.xlsx"));
        sheet::write_workbook(&path, "test", &s).unwrap();
        let errors = both_refuse(&path);
        assert_eq!(errors.len(), 1, "{kind}: {}", errors.join("\n"));
        assert!(errors[0].contains("arket «Rapport» mangler"), "{kind}: {}", errors[0]);
    }
}

#[test]
fn in_a_contract_workbook_a_unit_s_own_bad_cell_stops_only_its_contract() {
    use crate::kontrakter_2008;
    let dir = tempfile::tempdir().unwrap();
    for (name, sheet_name, col, value, code) in [
        ("glyf", "Kontrakttekster", 2, V::S("שלום"), "OF0314"),
        ("formel", "Kontrakttekster", 2, V::F("=A1", ""), "OF0315"),
        ("formel-resultat", "Resultater", 2, V::F("=1+1", ""), "OF0315"),
    ] {
        let mut s = kontrakter_2008::sheets();
        let rows = &mut sheet_mut(&mut s, sheet_name).rows;
        let row = rows
            .iter()
            .position(|r| matches!(r.get(1), Some(V::S("CJF"))) || matches!(r[0], V::S("CJF")))
            .unwrap();
        let cells = &mut rows[row];
        cells.resize(cells.len().max(col + 1), V::E);
        cells[col] = value;
        let path = dir.path().join(format!("{name}.xlsx"));
        sheet::write_workbook(&path, "test", &s).unwrap();
        let place = format!("{sheet_name}!{}{}", (b'A' + col as u8) as char, row + 1);

        let (code_checked, checked) = run(&["check".as_ref(), path.as_os_str()]);
        assert_eq!(code_checked, Some(1), "{name}: {checked}");
        let (exit, built) = build_pdf(&path, &dir.path().join(name));
        assert_eq!(exit, Some(1), "{name}: {built}");
        assert_eq!(errors(&checked), errors(&built), "{name}: check and build disagree");
        let errors = errors(&built);
        assert_eq!(errors.len(), 1, "{name}: {built}");
        assert!(
            errors[0].starts_with(&format!("fejl[{code}]")) && errors[0].contains(&place),
            "{name}: {}",
            errors[0]
        );
        assert!(
            built.contains("kontrakt for Center for Job og Formidling blev ikke lavet"),
            "{name}: {built}"
        );
        assert!(built.contains("9 dokumenter lavet, 1 fejlede"), "{name}: {built}");
    }
}

#[test]
fn a_workbook_accepted_with_a_warning_is_built_with_the_same_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "tolerance.xlsx", |s| {
        row_mut(s, "Rapport", "Tolerance procentpoint")[1] = V::P(0.05);
    });
    let out = dir.path().join("ud");
    let (checked, built) = both_accept(&path, &out);
    for output in [&checked, &built] {
        assert!(output.contains("advarsel[OF0316]") && output.contains("Rapport!B9"), "{output}");
    }
    // The paper is the sheet's: its lights are the example's (see
    // a_points_tolerance_in_a_percent_cell_is_read_as_it_shows_with_a_warning).
    assert!(out.join("tolerance.pdf").exists(), "{built}");
}

/// The workbook at `path` with its sheet `part` (`xl/worksheets/sheet6.xml`)
/// changed by `edit`, written to `to`.
fn rewrite_part(path: &Path, part: &str, to: &Path, edit: impl Fn(&str) -> String) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            let text = String::from_utf8(data).unwrap();
            let changed = edit(&text);
            assert_ne!(changed, text, "the edit changed nothing");
            data = changed.into_bytes();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn formulas_as_scripts_write_them_are_found_in_every_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "formel.xlsx", |s| {
        let results = sheet_mut(s, "Resultater");
        results.rows[2][3] = V::F("=18+0.2", "");
        results.rows[3][3] = V::F("=14+1", "");
    });
    let resultater = "xl/worksheets/sheet6.xml";
    type Spelling = fn(&str) -> String;
    let spellings: [(&str, Spelling); 3] = [
        // openpyxl and pandas: no type, an empty value.
        ("openpyxl", |x| x.replace(r#" t="str"><f>18+0.2</f><v></v>"#, "><f>18+0.2</f><v/>")),
        // No value element at all.
        ("uden-v", |x| x.replace(r#" t="str"><f>18+0.2</f><v></v>"#, "><f>18+0.2</f>")),
        // A shared formula: D3 holds it, D4 refers to it.
        ("delt", |x| {
            x.replace(r#" t="str"><f>18+0.2</f><v></v>"#, r#"><f t="shared" ref="D3:D4" si="0">18+0.2</f>"#)
                .replace(r#" t="str"><f>14+1</f><v></v>"#, r#"><f t="shared" si="0"/>"#)
        }),
    ];
    for (name, edit) in spellings {
        let to = dir.path().join(format!("{name}.xlsx"));
        rewrite_part(&path, resultater, &to, edit);
        let errors = both_refuse(&to);
        assert_eq!(errors.len(), 2, "{name}: {}", errors.join("\n"));
        assert!(
            errors[0].starts_with("fejl[OF0315]") && errors[0].contains("Resultater!D3"),
            "{name}: {errors:?}"
        );
        assert!(
            errors[1].starts_with("fejl[OF0315]") && errors[1].contains("Resultater!D4"),
            "{name}: {errors:?}"
        );
    }
}

#[test]
fn control_characters_are_invisible_and_do_not_stop_build_after_check_passed() {
    let dir = tempfile::tempdir().unwrap();
    // A bell and an escape pasted from another program: build's PDF/A check
    // refused them (exit 2) where check said all was well.
    let path = workbook(dir.path(), "kontrol.xlsx", |s| {
        row_mut(s, "Rapport", "Titel")[1] = V::S("Halvårsopfølgning\u{7}\u{1b} 2008");
        sheet_mut(s, "Tabeller").rows[1][2] = V::S("Kilde\r\nlinje 2\u{85}");
    });
    let (followup, _) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(followup.report.meta.title, "Halvårsopfølgning 2008");
    assert_eq!(followup.report.tables[0].source.as_deref(), Some("Kilde\nlinje 2"));
    let out = dir.path().join("ud");
    both_accept(&path, &out);
}

#[test]
fn a_row_without_its_id_is_not_reported_again_where_it_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("tabel", Box::new(|s| sheet_mut(s, "Tabeller").rows[1][0] = V::N(4_294_967_295.0)), "Tabeller!A2"),
        ("enhed", Box::new(|s| sheet_mut(s, "Enheder").rows[1][0] = V::E), "Enheder!A2"),
        ("maal", Box::new(|s| sheet_mut(s, "Mål").rows[1][0] = V::E), "Mål!A2"),
        (
            "parameter",
            Box::new(|s| sheet_mut(s, "Styringsparametre").rows[1][0] = V::S("et")),
            "Styringsparametre!A2",
        ),
    ];
    for (name, edit, place) in cases {
        let path = workbook(dir.path(), &format!("{name}.xlsx"), |s| edit(s));
        let errors = both_refuse(&path);
        assert_eq!(errors.len(), 1, "{name}: {}", errors.join("\n"));
        assert!(errors[0].contains(place), "{name}: {}", errors[0]);
    }
}

#[test]
fn a_mistyped_reference_does_not_also_leave_the_goal_or_table_it_meant_empty() {
    let dir = tempfile::tempdir().unwrap();
    // Goal 2's only row names goal «2x»: the row is the problem, not goal 2.
    let path = workbook(dir.path(), "maal-id.xlsx", |s| sheet_mut(s, "Resultater").rows[2][0] = V::S("2x"));
    the_error(&path, "OF0401", "Resultater!A3");
    // Goal 2 placed in table 99: the goal is the problem, not table 2.
    let path = workbook(dir.path(), "tabel.xlsx", |s| row_mut(s, "Mål", "2")[1] = V::N(99.0));
    the_error(&path, "OF0401", "Mål!B3");
}

#[test]
fn a_date_where_a_number_is_expected_says_the_cell_is_formatted_as_a_date() {
    let dir = tempfile::tempdir().unwrap();
    for (name, edit, place) in [
        (
            "resultat",
            (|s: &mut Vec<SheetSpec<'static>>| sheet_mut(s, "Resultater").rows[2][3] = V::D(1900, 1, 18))
                as fn(&mut Vec<SheetSpec<'static>>),
            "Resultater!D3",
        ),
        ("aar", |s| row_mut(s, "Rapport", "År")[1] = V::D(1905, 6, 30), "Rapport!B3"),
        (
            "tolerance",
            |s| row_mut(s, "Rapport", "Tolerance procentpoint")[1] = V::D(1900, 1, 5),
            "Rapport!B9",
        ),
    ] {
        let path = workbook(dir.path(), &format!("{name}.xlsx"), edit);
        let error = the_error(&path, "OF0302", place);
        assert!(error.contains("datoen"), "{name}: {error}");
        let (_, out) = run(&["check".as_ref(), path.as_os_str()]);
        assert!(out.contains("formateret som dato"), "{name}: {out}");
    }
}

#[test]
fn a_plain_fraction_beside_a_percentage_is_warned_about_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // Goal 1's target is an Excel percentage (10 %); its result typed 0,045
    // in a plain cell reads as 0,045 %.
    let path = workbook(dir.path(), "blandet.xlsx", |s| sheet_mut(s, "Resultater").rows[1][3] = V::N(0.045));
    let (_, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let w = warnings
        .iter()
        .find(|w| w.code == "OF0312" && w.location.as_ref().unwrap().cell.as_deref() == Some("D2"))
        .unwrap_or_else(|| panic!("{warnings}"));
    assert!(w.hint.as_deref().unwrap().contains("mente du 4,5 %"), "{w}");
    // Both plain, both percentages: nothing to say about the row.
    let (_, warnings) =
        opfolg::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx"))
            .unwrap();
    assert!(!warnings.iter().any(|w| w.code == "OF0312"), "{warnings}");
}

#[test]
fn a_mistyped_field_name_in_rapport_is_an_error_at_its_cell_not_a_silent_default() {
    let dir = tempfile::tempdir().unwrap();
    let rename = |s: &mut Vec<SheetSpec<'static>>, from: &str, to: &'static str| {
        sheet_mut(s, "Rapport").rows.iter_mut().find(|r| matches!(r[0], V::S(f) if f == from)).unwrap()[0] =
            V::S(to)
    };
    // An optional field: its value (here the standard, 5) would silently
    // not be used.
    let path = workbook(dir.path(), "tolerence.xlsx", |s| {
        rename(s, "Tolerance procentpoint", "Tolerence procentpoint")
    });
    let error = the_error(&path, "OF0206", "Rapport!A9");
    assert!(error.contains("«Tolerance procentpoint» mangler") && error.contains("Tolerence"), "{error}");
    // A required field.
    let path = workbook(dir.path(), "titl.xlsx", |s| rename(s, "Titel", "Titl"));
    the_error(&path, "OF0206", "Rapport!A2");
    // The kind's field in every kind: no demands of the half-year note follow.
    use crate::{helaarsopfoelgning_2009, kontrakter_2008};
    for (kind, sheets) in [
        ("helaar", helaarsopfoelgning_2009::sheets as fn() -> Vec<SheetSpec<'static>>),
        ("kontrakter", kontrakter_2008::sheets),
    ] {
        for misnamed in ["Dokumentype", "Slags"] {
            let mut s = sheets();
            rename(&mut s, "Dokumenttype", misnamed);
            let path = dir.path().join(format!("{kind}-{misnamed}.xlsx"));
            sheet::write_workbook(&path, "test", &s).unwrap();
            let errors = both_refuse(&path);
            assert_eq!(errors.len(), 1, "{kind} {misnamed}: {}", errors.join("\n"));
            assert!(errors[0].contains("«Dokumenttype» mangler"), "{}", errors[0]);
        }
    }
    // A field opfolg does not know and nothing like it: a warning.
    let path = workbook(dir.path(), "noter.xlsx", |s| {
        sheet_mut(s, "Rapport").rows.push(vec![V::S("Noter"), V::S("intern")])
    });
    let (code, out) = run(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("advarsel[OF0205]") && out.contains("Rapport!A11"), "{out}");
}

#[test]
fn a_row_type_that_cannot_be_read_does_not_make_the_sections_after_it_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "kapitel.xlsx", |s| {
        let doc = sheet_mut(s, "Dokument");
        let first = doc.rows.iter().position(|r| matches!(r[0], V::S("kapitel"))).unwrap();
        doc.rows[first][0] = V::S("kapitle");
    });
    the_error(&path, "OF0309", "Dokument!A");
    // The column «Tekst» missing: one error, not one per row.
    let path =
        workbook(dir.path(), "tekst.xlsx", |s| sheet_mut(s, "Dokument").rows[0][1] = V::S("Tekster 2008"));
    the_error(&path, "OF0203", "Dokument!B1");
}

/// Every sheet of every kind's example renamed, and every column retyped,
/// deleted, given a formula without a value, an emoji, a percentage, a
/// blank, text and a date:
/// `check` and `build` agree on each (same exit code, same errors), and
/// every error names its cell. About 900 workbooks, some built, so it runs
/// on request:
/// `cargo test --test e2e -- --ignored mistyped::every`.
#[test]
#[ignore]
fn every_column_of_every_kind_mistyped_check_and_build_agree() {
    use crate::{helaarsopfoelgning_2009, kontrakter_2008, maaloversigt_2007, resultatkontrakter_2009};
    type Sheets = fn() -> Vec<SheetSpec<'static>>;
    let dir = tempfile::tempdir().unwrap();
    let kinds: [(&str, Sheets); 5] = [
        ("halvaar", halvaarsopfoelgning_2008::sheets),
        ("helaar", helaarsopfoelgning_2009::sheets),
        ("kontrakter", kontrakter_2008::sheets),
        ("indstilling", resultatkontrakter_2009::sheets),
        ("bilag", maaloversigt_2007::sheets),
    ];
    let mut n = 0;
    let mut disagree = Vec::new();
    for (kind, sheets) in kinds {
        let base = sheets();
        for (si, spec) in base.iter().enumerate() {
            let mut changes: Vec<(String, Edit)> =
                vec![(format!("{}-omdoebt", spec.name), Box::new(move |s| s[si].name = "Andet ark"))];
            for c in 0..spec.rows[0].len() {
                let header: &'static str = match spec.rows[0][c] {
                    V::S(h) => Box::leak(format!("{h} 2008").into_boxed_str()),
                    _ => "x",
                };
                changes.push((
                    format!("{}-{c}-omdoebt", spec.name),
                    Box::new(move |s| s[si].rows[0][c] = V::S(header)),
                ));
                changes.push((
                    format!("{}-{c}-slettet", spec.name),
                    Box::new(move |s| {
                        for r in s[si].rows.iter_mut().filter(|r| r.len() > c) {
                            r.remove(c);
                        }
                    }),
                ));
                if spec.rows.len() < 2 {
                    continue;
                }
                for (what, value) in [
                    ("formel", V::F("=1+1", "")),
                    ("emoji", V::S("😀")),
                    ("procent", V::P(0.05)),
                    ("tom", V::E),
                    ("tekst", V::S("ca. 5")),
                    ("dato", V::D(2008, 6, 30)),
                ] {
                    changes.push((
                        format!("{}-{c}-{what}", spec.name),
                        Box::new(move |s| {
                            let r = &mut s[si].rows[1];
                            r.resize(r.len().max(c + 1), V::E);
                            r[c] = match (value, r[c]) {
                                (V::P(_), V::N(v)) => V::P(v / 100.0),
                                _ => value,
                            };
                        }),
                    ));
                }
            }
            for (name, change) in changes {
                let mut s = sheets();
                change(&mut s);
                let path = dir.path().join(format!("{kind}-{n}.xlsx"));
                n += 1;
                sheet::write_workbook(&path, "test", &s).unwrap();
                let (c1, checked) = run(&["check".as_ref(), path.as_os_str()]);
                let (c2, built) = build_pdf(&path, &dir.path().join(format!("ud{n}")));
                let unplaced = errors(&checked).iter().any(|e| !names_its_cell(e));
                if c1 != c2 || errors(&checked) != errors(&built) || c1.is_none_or(|c| c > 1) || unplaced {
                    disagree.push(format!("{kind} {name}: check {c1:?}, build {c2:?}\n{checked}\n{built}"));
                }
            }
        }
    }
    assert!(disagree.is_empty(), "{} of {n}:\n{}", disagree.len(), disagree.join("\n"));
}

#[test]
fn a_table_or_goal_left_out_is_named_at_its_own_row() {
    let dir = tempfile::tempdir().unwrap();
    // Table 2's row in «Dokument» deleted: table 2 is row 3 of «Tabeller».
    let path = workbook(dir.path(), "uplaceret.xlsx", |s| {
        sheet_mut(s, "Dokument")
            .rows
            .retain(|r| !matches!((r[0], r.get(1)), (V::S("tabel"), Some(V::S("2")))))
    });
    let error = the_error(&path, "OF0403", "Tabeller!A3");
    assert!(error.contains("tabel 2 er ikke placeret"), "{error}");
    // Goal 2's rows in «Resultater» deleted: goal 2 is row 3 of «Mål».
    let path = workbook(dir.path(), "uden-raekker.xlsx", |s| {
        sheet_mut(s, "Resultater").rows.retain(|r| !matches!(r[0], V::S("2")))
    });
    // A goal without rows is its own code (OF0408), not a table's (OF0403).
    let error = the_error(&path, "OF0408", "Mål!A3");
    assert!(error.contains("målet «2» har ingen rækker"), "{error}");
}

#[test]
fn a_percentage_written_in_danish_words_is_a_percentage() {
    let dir = tempfile::tempdir().unwrap();
    // «pct.» as the committee papers write it: goal 2 is a percent goal.
    let path =
        workbook(dir.path(), "pct.xlsx", |s| sheet_mut(s, "Resultater").rows[2][3] = V::S("18,2 pct."));
    let (followup, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let goal = followup.report.goals.iter().find(|g| g.id == "2").unwrap();
    assert_eq!(goal.results[0].result.as_ref().unwrap().value, 18.2);
    assert!(warnings.iter().any(|w| w.code == "OF0302"), "{warnings}");
    // The same where a count is expected (goal 11): refused, not read as 281.
    for text in ["281 pct.", "281 procent", "281%"] {
        let path = workbook(dir.path(), "antal.xlsx", |s| row_mut(s, "Resultater", "11")[3] = V::S(text));
        the_error(&path, "OF0316", "Resultater!D");
    }
}

#[test]
fn a_negative_number_or_an_impossible_year_is_an_error_at_its_cell_not_a_wrapped_number() {
    let dir = tempfile::tempdir().unwrap();
    let has = |errors: &[String], code: &str, place: &str, found: &str| {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("fejl[{code}]")) && e.contains(place) && e.contains(found)),
            "expected {code} at {place} finding {found}:\n{}",
            errors.join("\n")
        );
        assert!(!errors.iter().any(|e| e.contains("4294967")), "a wrapped number:\n{}", errors.join("\n"));
    };
    // Goal 2 placed in table -2: it would have been table 4294967294.
    let path = workbook(dir.path(), "tabel.xlsx", |s| row_mut(s, "Mål", "2")[1] = V::N(-2.0));
    has(&both_refuse(&path), "OF0302", "Mål!B3", "-2");
    // A steering parameter numbered -1 would have stood in the paper as 4294967295.
    let path =
        workbook(dir.path(), "styring.xlsx", |s| sheet_mut(s, "Styringsparametre").rows[1][0] = V::N(-1.0));
    has(&both_refuse(&path), "OF0302", "Styringsparametre!A2", "-1");
    // A table numbered -13.
    let path = workbook(dir.path(), "tabeller.xlsx", |s| sheet_mut(s, "Tabeller").rows[1][0] = V::N(-13.0));
    has(&both_refuse(&path), "OF0302", "Tabeller!A2", "-13");
    // «208» for 2008 would have stood on the front page and in the file names.
    let path = workbook(dir.path(), "aar.xlsx", |s| {
        let row = sheet_mut(s, "Rapport").rows.iter_mut().find(|r| matches!(r[0], V::S("År"))).unwrap();
        row[1] = V::N(208.0);
    });
    let errors = both_refuse(&path);
    has(&errors, "OF0302", "Rapport!B", "208");
}

#[test]
fn a_number_shown_in_thousands_is_an_error_at_its_cell_as_xlsx_ods_and_xls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tusinder.xlsx");
    // Goal 1's JCK result, 81 in the example, typed as 81000 in a cell that
    // shows thousands: the sheet shows «81», a paper would print 81.000.
    sheet::write_workbook_with(&path, "test", &halvaarsopfoelgning_2008::sheets(), |book| {
        let ws = book.worksheet_from_name("Resultater")?;
        ws.write_number_with_format(2, 3, 81000.0, &rust_xlsxwriter::Format::new().set_num_format("#,##0,"))?;
        Ok(())
    })
    .unwrap();
    let error = the_error(&path, "OF0320", "Resultater!D3");
    assert!(error.contains("81.000"), "{error}");
    // Saved by LibreOffice (a display factor) or as Excel 97 (the same code).
    for (ext, filter) in [("ods", "ods"), ("xls", "xls:MS Excel 97")] {
        let converted = crate::formats::convert(dir.path(), filter, ext, std::slice::from_ref(&path));
        the_error(&converted[0], "OF0320", "Resultater!D3");
    }
}
