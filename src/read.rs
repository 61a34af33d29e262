//! Reading: a workbook file into sheets of typed cells.
//!
//! This stage knows about file formats (`.xlsx`, `.xls`, `.ods`, through
//! calamine) and nothing about what the sheets mean; [`crate::normalise`]
//! gives them meaning. It keeps what normalising needs to be exact: each
//! cell's position, and whether a number was formatted as a percentage in
//! Excel (so `0,045` shown as `4,5 %` is read as 4,5 %).

use std::path::Path;

use calamine::{Data, Reader, Sheets, open_workbook_auto};

use crate::diagnostics::{Diagnostic, Location};

/// A workbook as read: its sheets in workbook order.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The file name as given by the user; used in every message.
    pub file: String,
    /// The sheets, in the order of the workbook's tabs.
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// The sheet with this name, compared as [`crate::normalise`] compares
    /// headers (case, spacing and Danish letters do not matter).
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        let key = fold(name);
        self.sheets.iter().find(|s| fold(&s.name) == key)
    }
}

/// One sheet: a grid of cells, row by row, from cell A1.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name (its tab).
    pub name: String,
    /// Rows from row 1; each row from column A. Rows may differ in length.
    pub rows: Vec<Vec<Cell>>,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Nothing.
    Empty,
    /// Text, as typed.
    Text(String),
    /// A number; for a cell formatted as a percentage, the stored fraction
    /// (0.045 for 4,5 %), see [`Cell::percent_format`].
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date (Excel serial dates are converted; times are dropped).
    Date {
        /// Year.
        year: i32,
        /// Month, 1-12.
        month: u8,
        /// Day, 1-31.
        day: u8,
    },
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The value.
    pub value: CellValue,
    /// True when Excel shows the number as a percentage.
    pub percent_format: bool,
}

impl Cell {
    /// An empty cell.
    pub const EMPTY: Cell = Cell { value: CellValue::Empty, percent_format: false };
}

/// The A1-style name of a cell: row and column are 0-based.
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap_or_default(), row + 1)
}

/// Folds a header or keyword for comparison: lower case, Danish letters
/// spelled out (æ→ae, ø→oe, å→aa), punctuation and spacing ignored.
/// "Mål-id", "maal id" and " MÅL ID " all fold to "maalid".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Reads a workbook file (`.xlsx`, `.xlsm`, `.xls`, `.ods`).
pub fn read_workbook(path: &Path) -> Result<Workbook, Diagnostic> {
    let file = path.display().to_string();
    let at = || Location { file: file.clone(), sheet: None, cell: None };
    let mut book = open_workbook_auto(path).map_err(|e| {
        Diagnostic::error("OF0101", "filen kan ikke læses som et regneark")
            .at(at())
            .found(e.to_string())
            .hint("gem filen som Excel-projektmappe (.xlsx) og prøv igen")
    })?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            Diagnostic::error("OF0102", "arket kan ikke læses")
                .at(Location { file: file.clone(), sheet: Some(name.clone()), cell: None })
                .found(e.to_string())
        })?;
        // Number formats are only available for .xlsx; elsewhere a percent
        // column must hold plain numbers (45 for 45 %).
        let styles = match &mut book {
            Sheets::Xlsx(x) => x.worksheet_style(&name).ok(),
            _ => None,
        };
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            for (i, row) in range.rows().enumerate() {
                let abs_row = r0 as usize + i;
                let mut cells = vec![Cell::EMPTY; c0 as usize];
                for (j, data) in row.iter().enumerate() {
                    let abs_col = c0 as usize + j;
                    let percent_format = styles
                        .as_ref()
                        .and_then(|s| s.get((abs_row as u32, abs_col as u32)))
                        .and_then(|st| st.number_format.as_ref())
                        .is_some_and(|nf| nf.format_code.contains('%'));
                    cells.push(Cell { value: convert(data), percent_format });
                }
                while rows.len() < abs_row {
                    rows.push(Vec::new());
                }
                rows.push(cells);
            }
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(Workbook { file, sheets })
}

fn convert(data: &Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::String(s) => {
            if s.trim().is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(s.clone())
            }
        }
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            CellValue::Date { year: year as i32, month, day }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => iso_date(s)
            .map(|(year, month, day)| CellValue::Date { year, month, day })
            .unwrap_or_else(|| CellValue::Text(s.clone())),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

/// The date part of an ISO 8601 date or date-time (`2008-06-30T00:00:00`).
fn iso_date(s: &str) -> Option<(i32, u8, u8)> {
    let date = s.get(..10)?;
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_are_a1_style() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(13, 3), "D14");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 701), "ZZ10");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn folding_ignores_case_spacing_and_danish_letters() {
        assert_eq!(fold("Mål-id"), "maalid");
        assert_eq!(fold("  MAAL ID "), "maalid");
        assert_eq!(fold("Måleenhed"), "maaleenhed");
        assert_eq!(fold("Styrings\u{a0}parametre"), "styringsparametre");
        assert_eq!(fold("Økonomi"), "oekonomi");
    }

    #[test]
    fn iso_dates_are_read() {
        assert_eq!(iso_date("2008-06-30T00:00:00"), Some((2008, 6, 30)));
        assert_eq!(iso_date("junk"), None);
    }
}
