//! A small writer for example workbooks: sheets as rows of values.
//!
//! Shared by `examples/make_inputs.rs` and the test that checks the committed
//! workbooks in `inputs/` are what the programs write.

// Each user of this file takes what it needs.
#![allow(dead_code)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// A cell value.
#[derive(Clone, Copy)]
pub enum V<'a> {
    /// Text.
    S(&'a str),
    /// A plain number.
    N(f64),
    /// A number shown as an Excel percentage (0.045 shows as 4,5 %).
    P(f64),
    /// A date (year, month, day).
    D(u16, u8, u8),
    /// A formula and the result Excel stored for it; an empty result: none
    /// stored, as programs that do not calculate write formulas.
    F(&'a str, &'a str),
    /// Nothing.
    E,
}

/// A sheet: its name, column widths and rows (the first row is the header).
pub struct SheetSpec<'a> {
    pub name: &'a str,
    pub widths: &'a [f64],
    pub rows: Vec<Vec<V<'a>>>,
}

/// The sheet «Rapport»: a header, then one field and its value per row.
pub fn report<'a>(widths: &'a [f64], fields: Vec<(&'a str, V<'a>)>) -> SheetSpec<'a> {
    let mut rows = vec![vec![V::S("Felt"), V::S("Værdi")]];
    rows.extend(fields.into_iter().map(|(k, v)| vec![V::S(k), v]));
    SheetSpec { name: "Rapport", widths, rows }
}

/// The sheet «Styringsparametre» with names only, numbered from 1.
pub fn steering_names<'a>(names: &[&'a str]) -> SheetSpec<'a> {
    let mut rows = vec![vec![V::S("Nr"), V::S("Navn")]];
    rows.extend(names.iter().enumerate().map(|(i, n)| vec![V::N((i + 1) as f64), V::S(n)]));
    SheetSpec { name: "Styringsparametre", widths: &[6.0, 28.0], rows }
}

/// Writes the sheets to an .xlsx file, with fixed document dates so the file
/// is the same every time it is written.
pub fn write_workbook(path: &std::path::Path, title: &str, sheets: &[SheetSpec]) -> Result<(), XlsxError> {
    write_workbook_with(path, title, sheets, |_| Ok(()))
}

/// Like [`write_workbook`], with a last change to the workbook before saving
/// (tests use it to merge cells, say).
pub fn write_workbook_with(
    path: &std::path::Path,
    title: &str,
    sheets: &[SheetSpec],
    change: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2008, 9, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("Beskæftigelses- og Integrationsforvaltningen")
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold().set_background_color("DCE6F1");
    let wrap = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let percent = Format::new().set_num_format("0.0%").set_align(rust_xlsxwriter::FormatAlign::Top);
    let number = Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);
    let date = Format::new().set_num_format("dd-mm-yyyy").set_align(rust_xlsxwriter::FormatAlign::Left);
    for spec in sheets {
        let ws = book.add_worksheet();
        ws.set_name(spec.name)?;
        for (c, w) in spec.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, row) in spec.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match *v {
                    V::S(s) if r == 0 => ws.write_string_with_format(r, c, s, &header).map(|_| ())?,
                    V::S(s) => ws.write_string_with_format(r, c, s, &wrap).map(|_| ())?,
                    V::N(n) => ws.write_number_with_format(r, c, n, &number).map(|_| ())?,
                    V::P(n) => ws.write_number_with_format(r, c, n, &percent).map(|_| ())?,
                    V::D(y, m, d) => ws
                        .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(y, m, d)?, &date)
                        .map(|_| ())?,
                    V::F(formula, "") => {
                        ws.set_formula_result_default("");
                        ws.write_formula(r, c, formula)?;
                        ws.set_formula_result_default("0");
                    }
                    V::F(formula, result) => ws
                        .write_formula(r, c, rust_xlsxwriter::Formula::new(formula).set_result(result))
                        .map(|_| ())?,
                    V::E => {}
                }
            }
        }
    }
    change(&mut book)?;
    book.save(path)
}
