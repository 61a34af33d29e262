//! Broken, hostile and mistyped workbooks: each gets a located, Danish
//! answer and exit code 1, never a panic, an abort or a half-made file.
//! Every workbook here is made by the test itself, from the example's data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{halvaarsopfoelgning_2008, sheet};
use sheet::V;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx")
}

use crate::common::{sheet_mut, workbook};

/// Runs `opfolg build` into a fresh folder; returns exit code and stderr,
/// and checks that nothing was written.
fn build_fails(path: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .arg("build")
        .arg(path)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "{}: {stderr}", path.display());
    assert!(!stderr.contains("panicked"), "{stderr}");
    let written: Vec<_> = std::fs::read_dir(out.path()).map(|d| d.flatten().count()).into_iter().collect();
    assert!(written.iter().all(|n| *n == 0), "a failed build wrote files: {stderr}");
    stderr
}

fn expect(stderr: &str, code: &str, place: &str) {
    assert!(stderr.contains(&format!("[{code}]")), "expected {code} in:\n{stderr}");
    assert!(stderr.contains(place), "expected the place {place:?} in:\n{stderr}");
}

#[test]
fn files_that_are_not_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("tom.xlsx", vec![], "filen er tom"),
        ("notat.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec(), "filen er en PDF"),
        ("tabel.xlsx", b"<html><table><tr><td>1</td></tr></table></html>".to_vec(), "HTML"),
        ("tal.xlsx", b"Mal;Resultat\n10;4,5\n".to_vec(), "ukendt format"),
        (
            "halv.xlsx",
            {
                let bytes = std::fs::read(example()).unwrap();
                bytes[..bytes.len() / 2].to_vec()
            },
            "beskadiget",
        ),
    ];
    for (name, bytes, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = build_fails(&path);
        expect(&err, "OF0101", name);
        assert!(err.contains(why), "{name}: {err}");
    }
}

#[test]
fn a_password_protected_workbook() {
    // Excel saves an encrypted workbook as a compound file with these streams.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hemmelig.xlsx");
    let mut comp = cfb::create(&path).unwrap();
    comp.create_stream("EncryptionInfo").unwrap().write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0]).unwrap();
    comp.create_stream("EncryptedPackage").unwrap().write_all(&[0u8; 64]).unwrap();
    comp.flush().unwrap();
    drop(comp);
    let err = build_fails(&path);
    expect(&err, "OF0105", "hemmelig.xlsx");
    assert!(err.contains("adgangskode"), "{err}");
}

#[test]
fn a_zip_bomb_is_stopped_at_the_unpacked_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bombe.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let block = vec![b' '; 1 << 20];
    // 300 MB of spaces pack into well under a megabyte.
    for _ in 0..300 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 2 << 20);
    let err = build_fails(&path);
    expect(&err, "OF0104", "bombe.xlsx");
}

#[test]
fn a_tiny_file_that_declares_an_enormous_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enorm.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Resultater").unwrap();
    ws.write_string(0, 0, "Mål-id").unwrap();
    ws.write_string(1_048_575, 16_383, "langt væk").unwrap();
    book.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 20_000);
    let err = build_fails(&path);
    expect(&err, "OF0106", "Resultater");
    assert!(err.contains("XFD1048576"), "{err}");
}

#[test]
fn a_million_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Resultater").unwrap();
    for r in 0..1_000_000u32 {
        ws.write_number(r, 0, f64::from(r)).unwrap();
    }
    book.save(&path).unwrap();
    let err = build_fails(&path);
    expect(&err, "OF0106", "Resultater");
    assert!(err.contains("100000 rækker"), "{err}");
}

#[test]
fn xml_entity_tricks_are_not_expanded() {
    // The "billion laughs": nested entities that would grow to gigabytes.
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read(example()).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(source)).unwrap();
    let path = dir.path().join("latter.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let mut lol = String::from(r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#);
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        lol.push_str(&format!(r#"<!ENTITY lol{i} "{}">"#, format!("&{prev};").repeat(10)));
    }
    lol.push_str(r#"]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"#);
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        if name == "xl/sharedStrings.xml" {
            out.write_all(lol.as_bytes()).unwrap();
        } else {
            std::io::copy(&mut f, &mut out).unwrap();
        }
    }
    out.finish().unwrap();
    let started = std::time::Instant::now();
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(started.elapsed().as_secs() < 30, "entity expansion took {:?}", started.elapsed());
}

#[test]
fn merged_cells_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flettet.xlsx");
    sheet::write_workbook_with(&path, "test", &halvaarsopfoelgning_2008::sheets(), |book| {
        let ws = book.worksheet_from_name("Resultater")?;
        ws.merge_range(2, 1, 4, 1, "JCK", &rust_xlsxwriter::Format::new())?;
        Ok(())
    })
    .unwrap();
    let err = build_fails(&path);
    expect(&err, "OF0207", "Resultater!B3:B5");
}

#[test]
fn excel_error_values_and_formulas() {
    let dir = tempfile::tempdir().unwrap();
    // A formula whose cached result is an error value.
    let path = workbook(dir.path(), "div0.xlsx", |s| {
        sheet_mut(s, "Resultater").rows[2][3] = V::F("=1/0", "#DIV/0!");
    });
    let err = build_fails(&path);
    expect(&err, "OF0306", "Resultater!D3");
    assert!(err.contains("#DIV/0!"), "{err}");
    // A formula with a cached number is read as that number.
    let path = workbook(dir.path(), "formel.xlsx", |s| {
        sheet_mut(s, "Resultater").rows[2][3] = V::F("=18+0.2", "18.2");
    });
    let (followup, _) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let goal2 = followup.report.goals.iter().find(|g| g.id == "2").unwrap();
    assert_eq!(goal2.results[0].result.as_ref().unwrap().value, 18.2);
}

#[test]
fn a_date_stored_as_a_serial_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "serial.xlsx", |s| {
        let r = sheet_mut(s, "Rapport");
        let row = r.rows.iter_mut().find(|row| matches!(row[0], V::S("Dato"))).unwrap();
        row[1] = V::N(39_692.0);
    });
    let (followup, _) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(opfolg::format::date(followup.report.meta.date), "1. september 2008");
}

#[test]
fn columns_missing_duplicated_or_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "kolonner.xlsx", |s| {
        let goals = sheet_mut(s, "Mål");
        goals.rows[0][6] = V::S("Retningen"); // like Retning, which is missing
        goals.rows[0][9] = V::S("Måltype"); // a second Måltype
        goals.rows[0].push(V::S("Kommentar")); // unknown
    });
    let err = build_fails(&path);
    expect(&err, "OF0203", "Mål!G1");
    assert!(err.contains("«Retning» mangler") && err.contains("«Retningen» i G1 ligner"), "{err}");
    expect(&err, "OF0204", "Mål!J1");
    // After «Målart» in K.
    expect(&err, "OF0205", "Mål!L1");
    assert!(!err.contains("[OF0205]: kolonner.xlsx: Mål!G1"), "named once, as the missing column: {err}");
}

#[test]
fn empty_cells_unknown_and_duplicate_ids_and_bad_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "ids.xlsx", |s| {
        let units = sheet_mut(s, "Enheder");
        units.rows[2][0] = V::S("JCM"); // JCN becomes a second JCM: duplicate
        let goals = sheet_mut(s, "Mål");
        goals.rows[3][4] = V::E; // goal 3 without its text
        goals.rows[5][0] = V::S("4"); // goal 5 becomes a second 4
        let results = sheet_mut(s, "Resultater");
        results.rows[3][1] = V::S("JCX"); // unknown unit
        let range = results.rows.iter().position(|r| matches!(r[2], V::S("85-100"))).unwrap();
        results.rows[range][2] = V::S("100-85"); // a range the wrong way round
    });
    let err = build_fails(&path);
    expect(&err, "OF0402", "Enheder!A3");
    expect(&err, "OF0301", "Mål!E4");
    expect(&err, "OF0402", "Mål!A6");
    expect(&err, "OF0401", "Resultater!B4");
    expect(&err, "OF0307", "Resultater!C");
}

#[test]
fn invisible_characters_and_non_breaking_spaces_do_not_matter() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "usynlig.xlsx", |s| {
        let results = sheet_mut(s, "Resultater");
        results.rows[2][1] = V::S("\u{feff}JCK\u{a0}"); // unit id with a BOM and a no-break space
        results.rows[3][3] = V::S("15\u{200b}"); // a number with a zero-width space, as text
    });
    let (followup, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    assert!(warnings.iter().any(|w| w.code == "OF0302"), "text read as a number is warned about");
    let (original, _) = opfolg::load(&example()).unwrap();
    assert_eq!(followup.assessments, original.assessments);
}

#[test]
fn percentages_over_100_and_fractions_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "procent.xlsx", |s| {
        let results = sheet_mut(s, "Resultater");
        results.rows[2][3] = V::N(182.5); // 18,25 typed without the comma
        results.rows[3][2] = V::N(0.15); // goal 3 as fractions, not Excel percentages
        results.rows[3][3] = V::N(0.15);
    });
    let (_, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let text = warnings.to_string();
    assert!(text.contains("[OF0311]") && text.contains("Resultater!D3"), "{text}");
    assert!(text.contains("182,5"), "figures in the message are Danish: {text}");
    assert!(text.contains("[OF0312]") && text.contains("«3»"), "{text}");
}

#[test]
fn a_budget_overrun_over_100_percent_is_not_warned_about() {
    // Table 19: use at most 100 % of the budget (lower is better); a result
    // of 104,5 % is the overrun the goal measures, 1045 % a typing slip.
    let dir = tempfile::tempdir().unwrap();
    let (model, _) = opfolg::load(&example()).unwrap();
    let goal = model.report.goals.iter().position(|g| g.table == Some(19)).unwrap();
    assert_eq!(model.report.goals[goal].direction, opfolg::model::Direction::LowerIsBetter);
    let results = |s: &mut Vec<sheet::SheetSpec<'static>>| -> usize {
        let wanted = model.report.goals[goal].id.clone();
        let r = sheet_mut(s, "Resultater");
        r.rows.iter().position(|row| matches!(&row[0], V::S(id) if *id == wanted)).unwrap()
    };
    for (result, warned) in [(104.5, false), (1045.0, true)] {
        let path = workbook(dir.path(), "loft.xlsx", |s| {
            let row = results(s);
            sheet_mut(s, "Resultater").rows[row][3] = V::N(result);
        });
        let (_, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(warnings.iter().any(|w| w.code == "OF0311"), warned, "{result}: {warnings}");
    }
}

#[test]
fn a_very_long_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let long: &'static str = Box::leak("bla ".repeat(5_000).into_boxed_str());
    let path = workbook(dir.path(), "lang.xlsx", |s| {
        sheet_mut(s, "Dokument").rows[3][1] = V::S(long);
    });
    let err = build_fails(&path);
    expect(&err, "OF0108", "Dokument");
    assert!(err.contains("B4"), "{err}");
}

#[test]
fn xls_and_ods_are_read_like_xlsx() {
    // LibreOffice writes the other formats from the example.
    let dir = tempfile::tempdir().unwrap();
    let (original, _) = opfolg::load(&example()).unwrap();
    for (ext, filter) in [("ods", "ods"), ("xls", "xls:MS Excel 97")] {
        let status = Command::new("libreoffice")
            .arg(format!("-env:UserInstallation=file://{}/lo-{ext}", dir.path().display()))
            .args(["--headless", "--convert-to", filter, "--outdir"])
            .arg(dir.path())
            .arg(example())
            .output()
            .expect("LibreOffice runs (Debian package libreoffice-writer; .ci/run installs it)");
        let path = dir.path().join(format!("halvaarsopfoelgning-2008.{ext}"));
        assert!(path.exists(), "LibreOffice made no .{ext}: {}", String::from_utf8_lossy(&status.stderr));
        let (followup, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!(".{ext}: {d}"));
        // Table 1, typed as percentages (10 %, 4,5 %), is read as
        // percentages from these formats too, not as fractions.
        assert!(!warnings.iter().any(|w| w.code == "OF0312"), ".{ext}: {warnings}");
        assert_eq!(followup.assessments, original.assessments, ".{ext}");
        assert_eq!(followup.report, original.report, ".{ext}");
    }
}

#[test]
fn characters_the_font_lacks_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "emoji.xlsx", |s| {
        sheet_mut(s, "Dokument").rows[3][1] = V::S("Nærværende notat 😀 er en halvårsstatus for 2008.");
    });
    let err = build_fails(&path);
    expect(&err, "OF0314", "emoji.xlsx");
    assert!(err.contains("U+1F600"), "{err}");
}

#[test]
fn hidden_rows_and_columns_are_read_and_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skjult.xlsx");
    sheet::write_workbook_with(&path, "test", &halvaarsopfoelgning_2008::sheets(), |book| {
        let ws = book.worksheet_from_name("Resultater")?;
        ws.set_row_hidden(2)?;
        ws.set_column_hidden(4)?;
        Ok(())
    })
    .unwrap();
    let (followup, warnings) = opfolg::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let hidden = warnings.iter().find(|w| w.code == "OF0208").expect("a warning about hidden rows");
    assert_eq!(hidden.location.as_ref().and_then(|l| l.sheet.as_deref()), Some("Resultater"));
    assert_eq!(hidden.found.as_deref(), Some("3, E"));
    // What is hidden is still read: the report is the example's.
    let (original, _) = opfolg::load(&example()).unwrap();
    assert_eq!(followup.assessments, original.assessments);
}

/// Every input the fuzzer (`fuzz/`) found a crash with: each must now give
/// a clear error and exit code 1.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut found = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let run = Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("check").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{}: {stderr}", path.display());
        assert!(stderr.contains("fejl[OF01"), "{}: {stderr}", path.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
        found += 1;
    }
    assert!(found >= 1);
}
