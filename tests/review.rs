//! Workbooks found wrong by a review of issues 13 and 14, made as users and
//! their programs make them: each gave an exit-0 paper with a wrong figure
//! or date, or `check` and `build` disagreed.

use std::path::Path;

use crate::common::{sheet_mut, workbook};
use crate::mistyped::{both_refuse, build_pdf};
use crate::{halvaarsopfoelgning_2008, sheet};

#[test]
fn a_date_no_paper_can_have_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // The year typed into the date cell (Excel's day 2008 is 30-06-1905), a
    // small number, and a two-digit year in text: each printed as the
    // paper's date, exit 0.
    for (name, value, read) in [
        ("aarstal.xlsx", sheet::V::N(2008.0), "30-06-1905"),
        ("lille-tal.xlsx", sheet::V::N(5.0), "-01-1900"),
        ("tocifret-aar.xlsx", sheet::V::S("01-09-08"), "01-09-0008"),
    ] {
        let path = workbook(dir.path(), name, |sheets| {
            let rows = &mut sheet_mut(sheets, "Rapport").rows;
            let row = rows.iter_mut().find(|r| matches!(r[0], sheet::V::S("Dato"))).unwrap();
            row[1] = value;
        });
        let errors = both_refuse(&path);
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert!(errors[0].contains("[OF0308]") && errors[0].contains("Rapport!B8"), "{name}: {errors:?}");
        assert!(errors[0].contains(read), "{name}: {errors:?}");
    }
    // A time of day alone (13:45), which Excel keeps as day 0,57: read as
    // 31-12-1899.
    let path = dir.path().join("klokkeslaet.xlsx");
    sheet::write_workbook_with(&path, "test", &halvaarsopfoelgning_2008::sheets(), |book| {
        let ws = book.worksheet_from_name("Rapport")?;
        let time = rust_xlsxwriter::ExcelDateTime::from_hms(13, 45, 0)?;
        ws.write_datetime_with_format(7, 1, time, &rust_xlsxwriter::Format::new().set_num_format("hh:mm"))?;
        Ok(())
    })
    .unwrap();
    let errors = both_refuse(&path);
    assert!(
        errors.len() == 1 && errors[0].contains("[OF0308]") && errors[0].contains("Rapport!B8"),
        "{errors:?}"
    );
}

/// The .ods LibreOffice saves of the example half-year workbook, with
/// `content.xml` changed by `edit`, as a program writing .ods files would
/// leave it.
fn example_ods_edited(dir: &Path, mut edit: impl FnMut(String) -> String) -> std::path::PathBuf {
    use std::io::{Read, Write};
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx");
    let ods = crate::formats::convert(dir, "ods", "ods", &[example]).remove(0);
    let mut original = zip::ZipArchive::new(std::fs::File::open(&ods).unwrap()).unwrap();
    let path = dir.join("skrevet-af-et-program.ods");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..original.len() {
        let mut part = original.by_index(i).unwrap();
        if part.name().unwrap() == "content.xml" {
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            out.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(edit(xml).as_bytes()).unwrap();
        } else {
            drop(part);
            out.raw_copy_file(original.by_index_raw(i).unwrap()).unwrap();
        }
    }
    out.finish().unwrap();
    path
}

#[test]
fn an_ods_formula_without_a_value_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // Table 4's result (81) as a formula no program calculated: read as
    // empty, the row went «ikke vurderet» with exit 0.
    let path = example_ods_edited(dir.path(), |xml| {
        let result =
            r#"office:value-type="float" office:value="81" calcext:value-type="float"><text:p>81</text:p>"#;
        assert_eq!(xml.matches(result).count(), 1, "the .ods has the result 81 once");
        xml.replacen(result, r#"table:formula="of:=80+1">"#, 1)
    });
    let errors = both_refuse(&path);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("[OF0315]") && errors[0].contains("Resultater!D5") && errors[0].contains("=80+1"),
        "{errors:?}"
    );
}

#[test]
fn a_tab_in_a_text_cell_keeps_the_words_apart() {
    // Text pasted from a table keeps its tabs; the paper printed
    // «notat<tab>er» as «notater».
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "tabulator.xlsx", |sheets| {
        let rows = &mut sheet_mut(sheets, "Dokument").rows;
        let row = rows
            .iter_mut()
            .find(|r| matches!(r[1], sheet::V::S(t) if t.starts_with("Nærværende notat")))
            .unwrap();
        row[1] = sheet::V::S("Nærværende notat\ter en halvårsstatus for 2008.");
    });
    let out = dir.path().join("ud");
    let (code, built) = build_pdf(&path, &out);
    assert_eq!(code, Some(0), "{built}");
    let text = crate::common::pdf_text(&out.join("tabulator.pdf"));
    assert!(text.contains("Nærværende notat er en halvårsstatus"), "{text}");
}

#[test]
fn a_formula_that_gives_empty_text_is_refused_alike_in_xlsx_ods_and_xls() {
    // A result `=IF(…;…;"")` calculated to nothing: refused in an .xlsx
    // (OF0315), but an .xls saved by LibreOffice gave an exit-0 paper with
    // the row «ikke vurderet».
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "tom-formel.xlsx", |sheets| {
        let rows = &mut sheet_mut(sheets, "Resultater").rows;
        let row = rows
            .iter_mut()
            .find(|r| matches!((&r[0], &r[1]), (sheet::V::S("4"), sheet::V::S("JCK"))))
            .unwrap();
        row[3] = sheet::V::F("=IF(1>2,81,\"\")", "");
    });
    let mut made = vec![path.clone()];
    for (ext, filter) in [("ods", "ods"), ("xls", "xls:MS Excel 97")] {
        made.extend(crate::formats::convert(dir.path(), filter, ext, std::slice::from_ref(&path)));
    }
    for path in made {
        let errors = both_refuse(&path);
        assert_eq!(errors.len(), 1, "{}: {errors:?}", path.display());
        assert!(
            errors[0].contains("[OF0315]") && errors[0].contains("Resultater!D5"),
            "{}: {errors:?}",
            path.display()
        );
    }
}
