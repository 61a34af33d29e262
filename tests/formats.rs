//! A workbook saved as `.ods` (LibreOffice) or `.xls` (Excel 97) gives the
//! paper its `.xlsx` gives: LibreOffice converts the workbooks, as a
//! colleague's "Gem som" would, and the three are read and built.

use std::path::{Path, PathBuf};
use std::process::Command;

use opfolg::read::{CellValue, Workbook};

use crate::common;

/// The formats LibreOffice saves to, with the filter it is told.
const FORMATS: [(&str, &str); 2] = [("ods", "ods"), ("xls", "xls:MS Excel 97")];

/// Converts the workbooks with LibreOffice into `dir/<ext>/`, one call per
/// format for all of them, with a profile of its own (so tests running at the
/// same time do not share one); the converted files, in the given order.
pub(crate) fn convert(dir: &Path, filter: &str, ext: &str, workbooks: &[PathBuf]) -> Vec<PathBuf> {
    let out = dir.join(ext);
    let run = Command::new("libreoffice")
        .arg(format!("-env:UserInstallation=file://{}/lo-profile", dir.display()))
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(&out)
        .args(workbooks)
        .output()
        .expect("LibreOffice runs (Debian package libreoffice-calc-nogui; .ci/run installs it)");
    workbooks
        .iter()
        .map(|w| {
            let made = out.join(w.file_stem().unwrap()).with_extension(ext);
            assert!(
                made.exists(),
                "LibreOffice made no {}: {}",
                made.display(),
                String::from_utf8_lossy(&run.stderr)
            );
            made
        })
        .collect()
}

/// The problems a workbook's check finds, without the file's name: code,
/// sheet, cell and what was found.
fn problems(path: &Path) -> Vec<String> {
    let warnings = match opfolg::load(path) {
        Ok((_, warnings)) => warnings,
        Err(errors) => errors,
    };
    warnings
        .iter()
        .map(|d| {
            let at = d.location.as_ref().map(|l| (l.sheet.clone(), l.cell.clone()));
            format!("{} {} {at:?} {:?}", d.code, d.message, d.found)
        })
        .collect()
}

#[test]
fn every_example_saved_as_ods_or_xls_gives_the_same_paper() {
    let dir = tempfile::tempdir().unwrap();
    let originals = common::example_workbooks();
    assert!(originals.len() >= 5, "the examples are in inputs/: {originals:?}");
    let renderer = opfolg::render::Renderer::new(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("report_templates"),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"),
    )
    .unwrap();
    let build = |workbook: &Path, out: &str| {
        let built = opfolg::build(
            workbook,
            &dir.path().join(out),
            &renderer,
            opfolg::render::Formats { pdf: true, docx: false },
        )
        .unwrap_or_else(|d| panic!("{}: {d}", workbook.display()));
        assert!(built.failures.is_empty(), "{}: {:?}", workbook.display(), built.failures);
        built.files
    };
    let papers: Vec<Vec<PathBuf>> = originals.iter().map(|w| build(w, "xlsx")).collect();
    for (ext, filter) in FORMATS {
        let converted = convert(dir.path(), filter, ext, &originals);
        for ((original, mine), other) in originals.iter().zip(&papers).zip(&converted) {
            let name = original.file_name().unwrap().to_string_lossy();
            let theirs = build(other, &format!("ud-{ext}"));
            assert_eq!(mine.len(), theirs.len(), "{name} as .{ext}: {theirs:?}");
            assert!(!mine.is_empty(), "{name}");
            for (a, b) in mine.iter().zip(&theirs) {
                assert_eq!(a.file_name(), b.file_name(), "{name} as .{ext}");
                let (text, other_text) = (common::pdf_text(a), common::pdf_text(b));
                assert!(text.len() > 500, "{}: {text}", a.display());
                // The whole text, not only the figures: a line-by-line
                // difference is the easiest to read when it fails.
                for (i, (x, y)) in text.lines().zip(other_text.lines()).enumerate() {
                    assert_eq!(x, y, "{name} as .{ext}, {} line {}", a.display(), i + 1);
                }
                assert_eq!(text, other_text, "{name} as .{ext}: {}", a.display());
            }
            // And the check says the same of them.
            assert_eq!(problems(original), problems(other), "{name} as .{ext}");
        }
    }
}

/// Every cell of every sheet, with its place, type, percent format and
/// thousands format.
fn cells(book: &Workbook) -> Vec<String> {
    let mut out = Vec::new();
    for sheet in &book.sheets {
        let mut merged = sheet.merged.clone();
        merged.sort();
        out.push(format!("{}: flettet {merged:?}", sheet.name));
        out.push(format!("{}: skjult {:?} {:?}", sheet.name, sheet.hidden_rows, sheet.hidden_columns));
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.value != CellValue::Empty {
                    let percent = if cell.percent_format { " (procentformat)" } else { "" };
                    let thousands = if cell.thousands { " (i tusinder)" } else { "" };
                    let at = opfolg::read::cell_name(r, c);
                    out.push(format!("{}!{at}: {:?}{percent}{thousands}", sheet.name, cell.value));
                }
            }
        }
    }
    out
}

#[test]
fn typed_cells_arrive_alike_from_xlsx_ods_and_xls() {
    use rust_xlsxwriter::{Format, Formula, Workbook as XlsxBook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typer.xlsx");
    let mut book = XlsxBook::new();
    let ws = book.add_worksheet();
    ws.set_name("Typer").unwrap();
    let percent = Format::new().set_num_format("0.0%");
    let whole_percent = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let time = Format::new().set_num_format("hh:mm");
    let money = Format::new().set_num_format(r#"#,##0.00\ "kr.""#);
    let one_decimal = Format::new().set_num_format("0.0");
    let text_format = Format::new().set_num_format("@");
    // Column A says what column B holds.
    let labels = [
        "procent",
        "hel procent",
        "procentformel",
        "dato",
        "klokkeslæt",
        "valuta",
        "tal med format",
        "tal",
        "tekst som tal",
        "fejl",
        "procenttegn som tekst",
        "sand",
        "tekst i procentformat",
        "procent, nul som streg",
        "i tusinder",
        "i millioner",
        "tusindtalsseparator",
    ];
    for (r, label) in labels.into_iter().enumerate() {
        ws.write_string(r as u32, 0, label).unwrap();
    }
    ws.write_number_with_format(0, 1, 0.045, &percent).unwrap();
    ws.write_number_with_format(1, 1, 0.1, &whole_percent).unwrap();
    ws.write_formula_with_format(2, 1, Formula::new("=B1*2").set_result("0.09"), &percent).unwrap();
    ws.write_number_with_format(3, 1, 39692.0, &date).unwrap();
    ws.write_number_with_format(4, 1, 0.5, &time).unwrap();
    ws.write_number_with_format(5, 1, 1234.5, &money).unwrap();
    ws.write_number_with_format(6, 1, 4.5, &one_decimal).unwrap();
    ws.write_number(7, 1, 282.0).unwrap();
    ws.write_string_with_format(8, 1, "4,5", &text_format).unwrap();
    ws.write_formula(9, 1, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
    // 45 shown as «45 %» by a quoted sign: a number, not a percentage.
    ws.write_number_with_format(10, 1, 45.0, &Format::new().set_num_format(r#"0" %""#)).unwrap();
    ws.write_boolean(11, 1, true).unwrap();
    ws.write_string_with_format(12, 1, "10", &percent).unwrap();
    // A percent format with a section for zero, which LibreOffice saves in
    // an .ods as a plain number format that hands the others to percent ones.
    let dash_for_zero = Format::new().set_num_format(r#"0.0%;-0.0%;"-""#);
    ws.write_number_with_format(13, 1, 0.045, &dash_for_zero).unwrap();
    // Shown in thousands («1.235» for 1234567) and in millions: what the
    // sheet shows is not the number a paper would print.
    ws.write_number_with_format(14, 1, 1234567.0, &Format::new().set_num_format("#,##0,")).unwrap();
    ws.write_number_with_format(15, 1, 2500000.0, &Format::new().set_num_format(r#"0.0,, "mio.""#)).unwrap();
    ws.write_number_with_format(16, 1, 1234567.0, &Format::new().set_num_format("#,##0")).unwrap();
    // Merged cells, a hidden row and a hidden column, which normalising
    // says something about.
    let ws = book.add_worksheet();
    ws.set_name("Skjult og flettet").unwrap();
    ws.merge_range(1, 1, 3, 1, "flettet ned", &Format::new()).unwrap();
    ws.merge_range(5, 0, 5, 2, "flettet hen", &Format::new()).unwrap();
    ws.write_string(2, 4, "i en skjult kolonne").unwrap();
    ws.write_string(6, 0, "i en skjult række").unwrap();
    ws.set_row_hidden(6).unwrap();
    ws.set_column_hidden(4).unwrap();
    book.save(&path).unwrap();
    let original = opfolg::read::read_workbook(&path).unwrap_or_else(|d| panic!("{d}"));
    let expected = cells(&original);
    // What an .xlsx gives, written out: the other formats must give it too.
    for wanted in [
        "Typer!B1: Number(0.045) (procentformat)",
        "Typer!B2: Number(0.1) (procentformat)",
        "Typer!B3: Number(0.09) (procentformat)",
        "Typer!B4: Date { year: 2008, month: 9, day: 1 }",
        "Typer!B6: Number(1234.5)",
        "Typer!B7: Number(4.5)",
        "Typer!B8: Number(282.0)",
        "Typer!B9: Text(\"4,5\")",
        "Typer!B10: Error(\"#DIV/0!\")",
        "Typer!B11: Number(45.0)",
        "Typer!B12: Bool(true)",
        "Typer!B13: Text(\"10\") (procentformat)",
        "Typer!B14: Number(0.045) (procentformat)",
        "Typer!B15: Number(1234567.0) (i tusinder)",
        "Typer!B16: Number(2500000.0) (i tusinder)",
        "Typer!B17: Number(1234567.0)",
        "Skjult og flettet: flettet [\"A6:C6\", \"B2:B4\"]",
        "Skjult og flettet: skjult [6] [4]",
    ] {
        assert!(expected.iter().any(|c| c == wanted), "{wanted}: {expected:#?}");
    }
    for (ext, filter) in FORMATS {
        let converted = convert(dir.path(), filter, ext, std::slice::from_ref(&path));
        let book = opfolg::read::read_workbook(&converted[0]).unwrap_or_else(|d| panic!(".{ext}: {d}"));
        assert_eq!(cells(&book), expected, ".{ext}");
    }
}
