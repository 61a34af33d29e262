//! Reading: a workbook file into sheets of typed cells, within fixed limits.
//!
//! This stage knows about file formats (`.xlsx`, `.xls`, `.ods`, through
//! calamine) and nothing about what the sheets mean; [`crate::normalise`]
//! gives them meaning. It keeps what normalising needs to be exact: each
//! cell's position, and whether a number was formatted as a percentage in
//! Excel (so `0,045` shown as `4,5 %` is read as 4,5 %), alike in the three
//! formats: what calamine does not give of an `.xls` or `.ods` (formats,
//! error values, merged cells, hidden rows) opfolg's own scan of the file
//! finds, before calamine reads it.

use std::path::Path;

use calamine::{Data, Reader, Sheets};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, io_reason};

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
    /// Merged cells (`B3:B5`); only the first cell of each holds the value.
    pub merged: Vec<String>,
    /// Rows hidden in Excel (0-based); they are read like the others.
    pub hidden_rows: Vec<usize>,
    /// Columns hidden in Excel (0-based); they are read like the others.
    pub hidden_columns: Vec<usize>,
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
    /// A formula stored without the value it calculates to (its text), as
    /// programs that write workbooks without calculating them leave it.
    Uncalculated(String),
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The value.
    pub value: CellValue,
    /// True when Excel shows the number as a percentage.
    pub percent_format: bool,
    /// True when the number format shows the number divided by a thousand
    /// or a million (`#,##0,` in Excel, a display factor in an .ods): the
    /// sheet shows «1.235» for 1234567, which a paper cannot print as shown.
    pub thousands: bool,
}

impl Cell {
    /// An empty cell.
    pub const EMPTY: Cell = Cell { value: CellValue::Empty, percent_format: false, thousands: false };
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

pub use crate::format::fold;

/// The limits a workbook must keep within. They hold before anything large
/// is allocated, so no file can exhaust the machine; documented for users in
/// `docs/workbook.md`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Size of the file on disk.
    pub file_bytes: u64,
    /// Size of a zip-based workbook (`.xlsx`, `.ods`) once unpacked.
    pub unpacked_bytes: u64,
    /// Number of parts in a zip-based workbook.
    pub zip_entries: usize,
    /// Rows of one sheet.
    pub rows: usize,
    /// Columns of one sheet.
    pub columns: usize,
    /// Cells of one sheet, counted from column A to each row's last cell.
    pub cells: usize,
    /// Characters in one cell.
    pub text_chars: usize,
}

/// The limits opfolg reads workbooks with.
pub const LIMITS: Limits = Limits {
    file_bytes: 50 * 1024 * 1024,
    unpacked_bytes: 200 * 1024 * 1024,
    zip_entries: 10_000,
    rows: 100_000,
    columns: 256,
    cells: 4_000_000,
    text_chars: 10_000,
};

/// A sheet's merged cells, as A1-style ranges (`B3:B5`).
fn range_name(d: &calamine::Dimensions) -> String {
    format!(
        "{}:{}",
        cell_name(d.start.0 as usize, d.start.1 as usize),
        cell_name(d.end.0 as usize, d.end.1 as usize)
    )
}

/// What the first bytes say a file is.
enum Kind {
    Zip,
    Compound,
    NotAWorkbook(&'static str),
}

fn sniff(head: &[u8]) -> Kind {
    match head {
        [] => Kind::NotAWorkbook("filen er tom"),
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Kind::Zip,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => Kind::Compound,
        [b'%', b'P', b'D', b'F', ..] => Kind::NotAWorkbook("filen er en PDF"),
        [b'<', ..] | [0xEF, 0xBB, 0xBF, b'<', ..] => Kind::NotAWorkbook("filen er en tekst- eller HTML-fil"),
        _ => Kind::NotAWorkbook("filen har et ukendt format"),
    }
}

/// Reads a workbook file (`.xlsx`, `.xlsm`, `.xls`, `.ods`) within [`LIMITS`].
pub fn read_workbook(path: &Path) -> Result<Workbook, Diagnostics> {
    read_workbook_bytes(&path.display().to_string(), read_file(path)?, &LIMITS)
}

/// The bytes of a workbook file, refused before reading when it is larger
/// than [`LIMITS`] allows.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Diagnostics> {
    let file = path.display().to_string();
    let unreadable = |found: String| {
        Diagnostic::error("OF0101", "filen kan ikke læses som et regneark")
            .at(Location { file: file.clone(), sheet: None, cell: None, line: None })
            .found(found)
    };
    let size = std::fs::metadata(path).map_err(|e| unreadable(io_reason(&e)))?.len();
    if size > LIMITS.file_bytes {
        return Err(too_big_file(&file, size, &LIMITS).into());
    }
    std::fs::read(path).map_err(|e| unreadable(io_reason(&e)).into())
}

fn too_big_file(file: &str, size: u64, limits: &Limits) -> Diagnostic {
    Diagnostic::error("OF0103", format!("filen er større end {} MB", limits.file_bytes / 1024 / 1024))
        .at(Location { file: file.to_string(), sheet: None, cell: None, line: None })
        .found(format!("{} MB", size / 1024 / 1024))
        .hint("en projektmappe til opfølgningen fylder normalt under 1 MB; tjek at det er den rigtige fil")
}

/// Reads a workbook from its bytes within the given limits; `file` is the
/// name messages use. The format is told by the bytes, not the name.
pub fn read_workbook_bytes(file: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, Diagnostics> {
    let at = |sheet: Option<&str>| Location {
        file: file.to_string(),
        sheet: sheet.map(String::from),
        cell: None,
        line: None,
    };
    let unreadable = |found: String| {
        Diagnostic::error("OF0101", "filen kan ikke læses som et regneark")
            .at(at(None))
            .found(found)
            .hint("gem filen som Excel-projektmappe (.xlsx) og prøv igen")
    };
    if bytes.len() as u64 > limits.file_bytes {
        return Err(too_big_file(file, bytes.len() as u64, limits).into());
    }
    let kind = sniff(&bytes[..bytes.len().min(8)]);
    match kind {
        Kind::NotAWorkbook(what) => return Err(unreadable(what.to_string()).into()),
        Kind::Zip => check_unpacked_size(&bytes, limits).map_err(|d| Diagnostics::from(d.at(at(None))))?,
        Kind::Compound => {}
    }
    let is_zip = matches!(kind, Kind::Zip);
    // calamine reads the values of an .xls or .ods but not their formats;
    // opfolg's own scan of the file, which measures it first, finds them.
    let marks = if is_zip && is_ods(&bytes) {
        // Of two sheets with one name, calamine keeps the last; so does this.
        let sheets =
            scan_ods(&bytes, limits).map_err(|(sheet, d)| Diagnostics::from(d.at(at(sheet.as_deref()))))?;
        Marks::Named(sheets.into_iter().collect())
    } else if is_zip {
        Marks::Named(Default::default())
    } else {
        Marks::Ordered(scan_xls(&bytes, limits).map_err(|d| Diagnostics::from(d.at(at(None))))?)
    };
    // calamine does not say which rows are hidden; read that from the XML.
    let hidden = if is_zip && !is_ods(&bytes) { hidden_rows_and_columns(&bytes) } else { Vec::new() };
    let cursor = std::io::Cursor::new(bytes);
    let opened = guarded(|| {
        if is_zip && is_ods(cursor.get_ref()) {
            calamine::Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string())
        } else if is_zip {
            calamine::Xlsx::new(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string())
        } else {
            // A compound file is an .xls, or an encrypted (password) .xlsx.
            match calamine::Xls::new(cursor.clone()) {
                Ok(x) => Ok(Sheets::Xls(x)),
                Err(_) => calamine::Xlsx::new(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string()),
            }
        }
    })
    .unwrap_or_else(Err);
    let mut book = opened.map_err(|text| {
        let lower = text.to_lowercase();
        if lower.contains("password") || lower.contains("encrypt") {
            Diagnostic::error("OF0105", "projektmappen er beskyttet med adgangskode")
                .at(at(None))
                .hint("fjern adgangskoden i Excel (Filer > Oplysninger > Beskyt projektmappe) og gem igen")
        } else {
            unreadable(text).hint("filen er ufuldstændig eller beskadiget; gem den igen fra Excel")
        }
    })?;
    let mut sheets = Vec::new();
    let mut problems = Diagnostics::default();
    for (index, name) in book.sheet_names().into_iter().enumerate() {
        let sheet = guarded(|| match &mut book {
            Sheets::Xlsx(x) => read_xlsx_sheet(x, &name, limits),
            other => read_other_sheet(other, &name, limits, marks.of(index, &name)),
        })
        .unwrap_or_else(|broken| Err(Diagnostic::error("OF0102", "arket kan ikke læses").found(broken)));
        match sheet {
            Ok(s) => sheets.push(s),
            Err(d) => problems.push(d.at(at(Some(&name)))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (name, rows, columns) in hidden {
        if let Some(s) = sheets.iter_mut().find(|s| s.name == name) {
            s.hidden_rows = rows;
            s.hidden_columns = columns;
        }
    }
    Ok(Workbook { file: file.to_string(), sheets })
}

/// The hidden rows and columns (0-based) of each sheet of an .xlsx, read
/// from its XML: `<row r="5" hidden="1">` and `<col min="2" max="3" hidden="1">`.
/// A part that cannot be read gives nothing; calamine reports broken files.
fn hidden_rows_and_columns(bytes: &[u8]) -> Vec<(String, Vec<usize>, Vec<usize>)> {
    use quick_xml::events::Event;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return vec![] };
    let mut part = |name: &str| -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).ok()?;
        Some(s)
    };
    let attr = |e: &quick_xml::events::BytesStart, key: &str| -> Option<String> {
        e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.to_string())
    };
    let (Some(workbook), Some(rels)) = (part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels")) else {
        return vec![];
    };
    let mut targets: Vec<(String, String)> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&rels);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    targets.push((id, t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&workbook);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "id")
                    .map(|a| a.value.to_string());
                if let (Some(name), Some(id)) = (attr(&e, "name"), id)
                    && let Some((_, t)) = targets.iter().find(|(i, _)| *i == id)
                {
                    let path =
                        if let Some(abs) = t.strip_prefix('/') { abs.to_string() } else { format!("xl/{t}") };
                    sheets.push((
                        quick_xml::escape::unescape(&name).map(|n| n.into_owned()).unwrap_or(name),
                        path,
                    ));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let on = |v: Option<String>| v.is_some_and(|v| v == "1" || v == "true");
    let mut out = Vec::new();
    for (name, path) in sheets {
        let Some(xml) = part(&path) else { continue };
        let (mut rows, mut columns) = (Vec::new(), Vec::new());
        let mut reader = quick_xml::Reader::from_str(&xml);
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "row" => {
                    if on(attr(&e, "hidden"))
                        && let Some(r) = attr(&e, "r").and_then(|r| r.parse::<usize>().ok())
                    {
                        rows.push(r.saturating_sub(1));
                    }
                }
                Event::Empty(e) | Event::Start(e)
                    if e.local_name().as_ref() == "col" && on(attr(&e, "hidden")) =>
                {
                    let min = attr(&e, "min").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
                    let max = attr(&e, "max").and_then(|v| v.parse::<usize>().ok()).unwrap_or(min);
                    // A hidden column range can span to XFD; keep it bounded.
                    columns.extend((min.saturating_sub(1)..max.min(LIMITS.columns)).take(LIMITS.columns));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !rows.is_empty() || !columns.is_empty() {
            out.push((name, rows, columns));
        }
    }
    out
}

/// Runs a spreadsheet library's parsing so that a panic in it (a bug the
/// fuzzer found in its .xls reader) becomes an error about the file instead
/// of ending the program. Limits are checked before, so nothing here can
/// exhaust memory, and an abort cannot be caught anyway.
fn guarded<T>(parse: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse))
        .map_err(|_| "filen er beskadiget (regnearksbiblioteket gav op)".to_string())
}

/// An OpenDocument spreadsheet names its type in its first part.
fn is_ods(bytes: &[u8]) -> bool {
    bytes.len() > 80
        && bytes[30..bytes.len().min(120)].windows(8).any(|w| w == b"mimetype")
        && bytes.windows(39).take(200).any(|w| w == b"application/vnd.oasis.opendocument.spre")
}

/// Finds the extent of each sheet's cells in an .ods before calamine reads
/// it: a row or cell may say it repeats a million times
/// (`table:number-rows-repeated`), and calamine expands those up to 100
/// million cells (gigabytes) before opfolg's limits could apply. Trailing
/// empty repeats, which LibreOffice writes to the sheet's end, do not count.
///
/// On the way it finds, per sheet, what calamine does not give, so the sheet
/// reads as its .xlsx would ([`Found`]): the cells whose type calamine loses
/// (percentages, by their value type or their style's number format, which
/// calamine reads as plain numbers; error values, which it reads as text;
/// TRUE and FALSE saved as numbers), merged cells (`table:number-rows-spanned`)
/// and hidden rows and columns (`table:visibility`). Cells are placed as
/// calamine places them: every cell and covered cell, and every row, counts
/// as often as it is repeated.
fn scan_ods(bytes: &[u8], limits: &Limits) -> Result<NamedMarks, (Option<String>, Diagnostic)> {
    use quick_xml::events::Event;
    let damaged = |why: String| {
        (
            None,
            Diagnostic::error("OF0101", "filen kan ikke læses som et regneark")
                .found(why)
                .hint("filen er ufuldstændig eller beskadiget; gem den igen fra LibreOffice"),
        )
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    // Unpacked sizes are within the limits already (check_unpacked_size).
    let mut content = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("content.xml").map_err(|e| damaged(e.to_string()))?,
        &mut content,
    )
    .map_err(|e| damaged(e.to_string()))?;
    let repeats = |e: &quick_xml::events::BytesStart, key: &str| -> usize {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1usize)
            .max(1)
    };
    let has = |e: &quick_xml::events::BytesStart, key: &str| {
        e.attributes().flatten().any(|a| a.key.as_ref() == key)
    };
    let is = |e: &quick_xml::events::BytesStart, key: &str, value: &str| {
        e.attributes().flatten().any(|a| a.key.as_ref() == key && a.value.trim() == value)
    };
    // The number formats of cell styles: named styles in styles.xml, the
    // cells' own (automatic) styles in content.xml, before the sheets.
    let mut styles = OdsStyles::default();
    if let Ok(mut part) = zip.by_name("styles.xml") {
        let mut xml = Vec::new();
        if std::io::Read::read_to_end(&mut part, &mut xml).is_ok() {
            let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
            let mut buf = Vec::new();
            while let Ok(event) = reader.read_event_into(&mut buf) {
                match event {
                    Event::Start(e) | Event::Empty(e) => styles.see(&e),
                    Event::Eof => break,
                    _ => {}
                }
                buf.clear();
            }
        }
    }
    let mut marked: NamedMarks = Vec::new();
    // The sheet's columns declared so far (hidden ones are found there), and
    // the style of each column's cells that name none, within the limit.
    let mut column_at = 0usize;
    let mut column_styles: Vec<Option<String>> = Vec::new();
    // An error cell being read: where it is, and its text so far.
    let mut error: Option<(Mark, String)> = None;
    // Per sheet: its name, the rows and columns up to the last cell with
    // something in it; per row: its repeats, its column and its extent.
    let mut sheet: Option<(String, usize, usize)> = None;
    let (mut row_repeats, mut column, mut row_extent) = (1usize, 0usize, 0usize);
    // A cell with content between its start and end tags.
    let mut open_cell: Option<(usize, bool)> = None;
    let mut reader = quick_xml::Reader::from_reader(content.as_slice());
    let mut buf = Vec::new();
    let check = |name: &str, rows: usize, columns: usize| -> Result<(), (Option<String>, Diagnostic)> {
        let over = if rows > limits.rows {
            Some(too_large("rækker", limits.rows, (rows - 1, 0)))
        } else if columns > limits.columns {
            Some(too_large("kolonner", limits.columns, (0, columns - 1)))
        } else if rows.saturating_mul(columns) > limits.cells {
            Some(too_large("celler", limits.cells, (rows - 1, columns - 1)))
        } else {
            None
        };
        over.map_or(Ok(()), |d| Err((Some(name.to_string()), d)))
    };
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| damaged(e.to_string()))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if sheet.is_none() {
                styles.see(e);
            }
            match e.name().as_ref() {
                "table:table" => {
                    // Unescaped, as calamine names the sheet.
                    let name = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .map(|a| {
                            quick_xml::escape::unescape(&a.value)
                                .map(|v| v.into_owned())
                                .unwrap_or_else(|_| a.value.to_string())
                        })
                        .unwrap_or_default();
                    marked.push((name.clone(), Found::default()));
                    column_at = 0;
                    column_styles.clear();
                    sheet = Some((name, 0, 0));
                }
                "table:table-row" => {
                    (row_repeats, column, row_extent) = (repeats(e, "table:number-rows-repeated"), 0, 0);
                    // Hidden (or filtered out) rows, as an .xlsx's are read;
                    // repeats past the limit are rows no cell can be in.
                    if let Some((_, rows, _)) = &sheet
                        && (is(e, "table:visibility", "collapse") || is(e, "table:visibility", "filter"))
                        && let Some((_, found)) = marked.last_mut()
                    {
                        let hidden = *rows..rows.saturating_add(row_repeats).min(limits.rows);
                        found.hidden_rows.extend(hidden);
                    }
                    // A row without cells ends here.
                    if empty && let Some((_, rows, _)) = &mut sheet {
                        *rows = rows.saturating_add(row_repeats);
                    }
                }
                "table:table-column" => {
                    let n = repeats(e, "table:number-columns-repeated");
                    if (is(e, "table:visibility", "collapse") || is(e, "table:visibility", "filter"))
                        && let Some((_, found)) = marked.last_mut()
                    {
                        found
                            .hidden_columns
                            .extend(column_at..column_at.saturating_add(n).min(limits.columns));
                    }
                    let style = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:default-cell-style-name")
                        .map(|a| a.value.to_string());
                    let end = column_at.saturating_add(n).min(limits.columns);
                    if column_styles.len() < end {
                        column_styles.resize(end, None);
                    }
                    for slot in column_styles.iter_mut().take(end).skip(column_at) {
                        slot.clone_from(&style);
                    }
                    column_at = column_at.saturating_add(n);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeats(e, "table:number-columns-repeated");
                    // A formula without a value is read (as uncalculated).
                    let valued =
                        has(e, "office:value-type") || has(e, "office:value") || has(e, "table:formula");
                    // A merged cell spans the cells after and below it.
                    let (across, down) =
                        (repeats(e, "table:number-columns-spanned"), repeats(e, "table:number-rows-spanned"));
                    if (across > 1 || down > 1)
                        && let (Some((_, rows, _)), Some((_, found))) = (&sheet, marked.last_mut())
                    {
                        let last = (rows.saturating_add(down - 1), column.saturating_add(across - 1));
                        found.merged.push(format!(
                            "{}:{}",
                            cell_name(*rows, column),
                            cell_name(last.0, last.1)
                        ));
                    }
                    if let Some((_, rows, _)) = &sheet {
                        let mark = |kind| Mark { row: *rows, col: column, rows: row_repeats, cols: n, kind };
                        // The cell's number format, from its style or its
                        // column's: what an .xlsx keeps as the cell's format.
                        let style = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == "table:style-name")
                            .map(|a| a.value.to_string())
                            .or_else(|| column_styles.get(column).cloned().flatten());
                        let format = style.and_then(|s| styles.format(&s));
                        let float = is(e, "office:value-type", "float");
                        let kind = if is(e, "office:value-type", "percentage")
                            || (format == Some(OdsFormat::Percent)
                                && (float || is(e, "office:value-type", "string")))
                        {
                            Some(MarkKind::Percent)
                        } else if float
                            && (format == Some(OdsFormat::Boolean)
                                || is(e, "table:formula", "of:=TRUE()")
                                || is(e, "table:formula", "of:=FALSE()"))
                        {
                            // TRUE or FALSE saved as a number: in the boolean
                            // format, or as LibreOffice saves an .xlsx's TRUE,
                            // the formula TRUE() and its value 1.
                            Some(MarkKind::Bool)
                        } else if float && format == Some(OdsFormat::Thousands) {
                            Some(MarkKind::Thousands)
                        } else {
                            None
                        };
                        if let Some(kind) = kind {
                            if let Some((_, found)) = marked.last_mut() {
                                found.marks.push(mark(kind));
                            }
                        } else if let Some(formula) = (!has(e, "office:value-type"))
                            .then(|| e.attributes().flatten().find(|a| a.key.as_ref() == "table:formula"))
                            .flatten()
                        {
                            // Kept as an .xlsx keeps it: `80+1` of `of:=80+1`.
                            let text = quick_xml::escape::unescape(&formula.value)
                                .map(|v| v.into_owned())
                                .unwrap_or_else(|_| formula.value.to_string());
                            let text = text.strip_prefix("of:").unwrap_or(&text).trim_start_matches('=');
                            if let Some((_, found)) = marked.last_mut() {
                                found
                                    .marks
                                    .push(mark(MarkKind::Uncalculated(text.chars().take(200).collect())));
                            }
                        } else if is(e, "calcext:value-type", "error") && !empty {
                            error = Some((mark(MarkKind::Error(String::new())), String::new()));
                        }
                    }
                    if empty {
                        column = column.saturating_add(n);
                        if valued {
                            row_extent = column;
                        }
                    } else {
                        open_cell = Some((n, valued));
                    }
                }
                // Text inside a cell is content.
                _ if open_cell.is_some() => {
                    if let Some((_, valued)) = &mut open_cell {
                        *valued = true;
                    }
                }
                _ => {}
            }
        }
        match &event {
            Event::Text(t) if open_cell.is_some() && !t.as_ref().trim().is_empty() => {
                if let Some((_, valued)) = &mut open_cell {
                    *valued = true;
                }
                // An error's text is short (`#DIV/0!`); a longer one is no
                // error text, and its cell is left as calamine reads it.
                if let Some((_, text)) = &mut error
                    && text.len() + t.len() <= 64
                {
                    text.push_str(&t.xml10_content());
                } else {
                    error = None;
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some((mut mark, text)) = error.take()
                        && let Some((_, found)) = marked.last_mut()
                    {
                        mark.kind = MarkKind::Error(text);
                        found.marks.push(mark);
                    }
                    if let Some((n, valued)) = open_cell.take() {
                        column = column.saturating_add(n);
                        if valued {
                            row_extent = column;
                        }
                    }
                }
                "table:table-row" => {
                    if let Some((name, rows, columns)) = &mut sheet {
                        *rows = rows.saturating_add(row_repeats);
                        if row_extent > 0 {
                            // Content reaches the last of the repeated rows.
                            *columns = (*columns).max(row_extent);
                            check(name, *rows, *columns)?;
                        }
                    }
                }
                "table:table" => sheet = None,
                _ => {}
            },
            Event::Eof => return Ok(marked),
            _ => {}
        }
        buf.clear();
    }
}

/// Finds the extent of the cells of an .xls (BIFF records in its compound
/// file) before calamine reads it: calamine allocates the whole bounding box
/// of a sheet's cells when it opens the file, and an .xls can place a cell
/// at column 65.535 (the fuzzer found one asking for 67 GB).
///
/// On the way it finds, per sheet in workbook order, the cells whose number
/// format shows a percentage, which calamine reads as plain numbers (a
/// cell's XF record names its number format, built in (9 `0%`, 10 `0.00%`)
/// or written in the file (a FORMAT record)), and the hidden rows (ROW) and
/// columns (COLINFO). calamine gives the merged cells itself.
fn scan_xls(bytes: &[u8], limits: &Limits) -> Result<Vec<Found>, Diagnostic> {
    // calamine's own compound-file reader is more lenient than this one;
    // what cannot be scanned here is refused, since its extent is unknown.
    let damaged = |why: &str| {
        Diagnostic::error("OF0101", "filen kan ikke læses som et regneark")
            .found(why.to_string())
            .hint("filen er ufuldstændig eller beskadiget; gem den igen fra Excel som .xlsx")
    };
    let Ok(mut file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return Err(damaged("filen er beskadiget"));
    };
    if file.exists("/EncryptedPackage") {
        // An encrypted .xlsx: calamine says it has a password.
        return Ok(Vec::new());
    }
    let mut stream = Vec::new();
    let Some(mut s) = ["/Workbook", "/Book"].into_iter().find_map(|name| file.open_stream(name).ok()) else {
        return Err(damaged("filen er et Office-dokument, men ikke et regneark"));
    };
    // The stream is bounded by the file's size, checked before.
    if std::io::Read::read_to_end(&mut s, &mut stream).is_err() {
        return Err(damaged("filen er beskadiget"));
    }
    let (mut max_row, mut max_col) = (0usize, 0usize);
    let mut formats = XlsFormats::default();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        formats.record(at, kind, data);
        at += 4 + len;
        // DIMENSIONS: calamine reserves rows × columns cells from what it
        // declares, before reading any cell (BIFF8: u32 rows, u16 columns).
        if kind == 0x0200 {
            let (r0, r1, c0, c1) = if data.len() >= 14 {
                let u32_at =
                    |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as usize;
                (
                    u32_at(0),
                    u32_at(4),
                    u16::from_le_bytes([data[8], data[9]]) as usize,
                    u16::from_le_bytes([data[10], data[11]]) as usize,
                )
            } else if data.len() >= 8 {
                let u16_at = |i: usize| u16::from_le_bytes([data[i], data[i + 1]]) as usize;
                (u16_at(0), u16_at(2), u16_at(4), u16_at(6))
            } else {
                continue;
            };
            let (rows, cols) = (r1.saturating_sub(r0) + 1, c1.saturating_sub(c0) + 1);
            if r1 < r0 || c1 < c0 || rows > limits.rows || cols > limits.columns || rows * cols > limits.cells
            {
                return Err(too_large("celler", limits.cells, (r1.min(u32::MAX as usize), c1)));
            }
            continue;
        }
        // Records that place a cell: row, then column, as u16.
        let is_cell = matches!(
            kind,
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x00D6 | 0x00BD | 0x00BE
        );
        if !is_cell || data.len() < 4 {
            continue;
        }
        let row = u16::from_le_bytes([data[0], data[1]]) as usize;
        let mut col = u16::from_le_bytes([data[2], data[3]]) as usize;
        if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 6 {
            // MULRK and MULBLANK end with their last column.
            col = col.max(u16::from_le_bytes([data[data.len() - 2], data[data.len() - 1]]) as usize);
        }
        max_row = max_row.max(row);
        max_col = max_col.max(col);
    }
    if max_col >= limits.columns {
        return Err(too_large("kolonner", limits.columns, (max_row, max_col)));
    }
    if (max_row + 1).saturating_mul(max_col + 1) > limits.cells {
        return Err(too_large("celler", limits.cells, (max_row, max_col)));
    }
    Ok(formats.by_sheet())
}

/// What the scan finds of an .xls's sheets (percent-formatted cells, hidden
/// rows and columns), gathered record by record in one pass over its
/// workbook stream. The stream is the workbook's globals
/// (formats, XF records, the sheets' places in the stream), ended by an EOF
/// record, then one part per sheet from its BOF to its EOF; a part within a
/// sheet's part (an embedded chart) holds no cells of the sheet.
#[derive(Default)]
struct XlsFormats {
    /// The globals are read (the first EOF record is past).
    globals_read: bool,
    /// BIFF8 (Excel 97 and later) writes strings with a flag byte.
    biff8: bool,
    /// Number formats written in the file: their id, and whether they show
    /// a percentage and whether they show thousands.
    written: Vec<(u16, bool, bool)>,
    /// Each XF record's number format id, in order: a cell names its XF by
    /// its place in this list.
    xfs: Vec<u16>,
    /// Which XF records show a percentage, once the globals are read.
    percent_xf: Vec<bool>,
    /// Which XF records show thousands (`#,##0,`), once the globals are read.
    thousands_xf: Vec<bool>,
    /// Where each sheet's part starts in the stream, in workbook order.
    sheets: Vec<usize>,
    /// The sheet part being read (where it starts) and how deep in nested
    /// parts the reading is.
    part: Option<usize>,
    depth: usize,
    /// What was found of each sheet part, by where it starts.
    found: std::collections::HashMap<usize, Found>,
    /// A formula cell (row, column) whose text result is in the STRING
    /// record that follows it.
    string_result: Option<(usize, usize)>,
}

impl XlsFormats {
    fn record(&mut self, at: usize, kind: u16, data: &[u8]) {
        let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        if !self.globals_read {
            match kind {
                // BOF: the version, told as calamine tells it: BIFF8 unless
                // it says an older one.
                0x0809 => {
                    self.biff8 = !matches!(
                        (u16_at(0), u16_at(2)),
                        (Some(0x0002 | 0x0007 | 0x0200 | 0x0300 | 0x0400 | 0x0500), _)
                            | (Some(0), Some(0x1000))
                    )
                }
                // FORMAT: calamine takes those of the ids Excel leaves to
                // files and builds the others in; so does this.
                0x041E => {
                    if let Some(id) = u16_at(0)
                        && matches!(id, 5..=8 | 23..=26 | 41..=44 | 63..=66 | 164..=382)
                    {
                        let code = biff_string(data.get(2..).unwrap_or_default(), self.biff8);
                        self.written.push((id, is_percent_format(&code), is_thousands_format(&code)));
                    }
                }
                // XF: its number format id follows the font.
                0x00E0 => self.xfs.extend(u16_at(2)),
                // BOUNDSHEET: where the sheet's part starts.
                0x0085 => {
                    if let Some(b) = data.get(..4) {
                        self.sheets.push(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
                    }
                }
                0x000A => {
                    self.globals_read = true;
                    let written = &self.written;
                    // The last FORMAT record for an id counts, as in calamine;
                    // of the built-in formats, 9 and 10 show percentages and
                    // none shows thousands.
                    let last = |id: &u16| written.iter().rev().find(|(w, _, _)| w == id);
                    self.percent_xf = self
                        .xfs
                        .iter()
                        .map(|id| last(id).map_or(matches!(id, 9 | 10), |(_, p, _)| *p))
                        .collect();
                    self.thousands_xf =
                        self.xfs.iter().map(|id| last(id).is_some_and(|(_, _, t)| *t)).collect();
                }
                _ => {}
            }
            return;
        }
        match kind {
            0x0809 => {
                self.depth += 1;
                if self.depth == 1 {
                    self.part = Some(at);
                }
            }
            0x000A => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.part = None;
                }
            }
            _ if self.depth != 1 => {}
            // STRING: the text a formula calculated to. An empty one is, as
            // in an .xlsx, a formula without a value.
            0x0207 => {
                if let (Some(part), Some(at)) = (self.part, self.string_result.take())
                    && u16_at(0) == Some(0)
                {
                    self.found.entry(part).or_default().marks.push(uncalculated(at));
                }
            }
            // ROW: a row hidden (its height zero, bit 5 of its flags).
            0x0208 => {
                if let (Some(part), Some(row), Some(flags)) = (self.part, u16_at(0), u16_at(12))
                    && flags & 0x20 != 0
                {
                    self.found.entry(part).or_default().hidden_rows.push(row as usize);
                }
            }
            // COLINFO: columns from first to last, hidden when bit 0 of its
            // flags is set; kept within the limit, as for an .xlsx.
            0x007D => {
                if let (Some(part), Some(first), Some(last), Some(flags)) =
                    (self.part, u16_at(0), u16_at(2), u16_at(8))
                    && flags & 1 != 0
                {
                    let columns = first as usize..(last as usize + 1).min(LIMITS.columns);
                    self.found.entry(part).or_default().hidden_columns.extend(columns);
                }
            }
            _ => {
                let Some(part) = self.part else { return };
                self.string_result = None;
                // FORMULA: its result's first byte says its type (0 text in
                // a STRING record after it, 3 an empty text) when the last
                // two bytes of the result are 0xFFFF.
                if kind == 0x0006
                    && let (Some(row), Some(col), Some(result)) = (u16_at(0), u16_at(2), data.get(6..14))
                    && result[6..8] == [0xFF, 0xFF]
                {
                    let at = (row as usize, col as usize);
                    match result[0] {
                        0 => self.string_result = Some(at),
                        3 => self.found.entry(part).or_default().marks.push(uncalculated(at)),
                        _ => {}
                    }
                }
                let shows = |xf: Option<u16>| {
                    let of = |list: &Vec<bool>| xf.is_some_and(|xf| list.get(xf as usize) == Some(&true));
                    [(of(&self.percent_xf), MarkKind::Percent), (of(&self.thousands_xf), MarkKind::Thousands)]
                        .into_iter()
                        .filter_map(|(yes, kind)| yes.then_some(kind))
                };
                let (Some(row), Some(col)) = (u16_at(0), u16_at(2)) else { return };
                let (row, col) = (row as usize, col as usize);
                let mut found = Vec::new();
                match kind {
                    // FORMULA, NUMBER, RK, LABELSST, LABEL, RSTRING, BOOLERR:
                    // row, column, XF.
                    0x0006 | 0x0203 | 0x027E | 0x00FD | 0x0204 | 0x00D6 | 0x0205 => {
                        found.extend(shows(u16_at(4)).map(|kind| (col, kind)))
                    }
                    // MULRK: row, first column, (XF, RK) per cell, last
                    // column; calamine reads it only when its length agrees.
                    0x00BD => {
                        let last = u16_at(data.len().saturating_sub(2)).unwrap_or(0) as usize;
                        if last >= col && data.len() == 6 + 6 * (last - col + 1) {
                            for (i, cell) in data[4..data.len() - 2].chunks(6).enumerate() {
                                let xf = Some(u16::from_le_bytes([cell[0], cell[1]]));
                                found.extend(shows(xf).map(|kind| (col + i, kind)));
                            }
                        }
                    }
                    _ => {}
                }
                if !found.is_empty() {
                    let marks =
                        found.into_iter().map(|(col, kind)| Mark { row, col, rows: 1, cols: 1, kind });
                    self.found.entry(part).or_default().marks.extend(marks);
                }
            }
        }
    }

    /// What was found of each sheet, in workbook order. Two sheets said to
    /// start at the same place (a broken file) do not share it.
    fn by_sheet(mut self) -> Vec<Found> {
        self.sheets.iter().map(|start| self.found.remove(start).unwrap_or_default()).collect()
    }
}

/// A mark for an .xls formula cell without a value; its formula is read by
/// calamine when the sheet is.
fn uncalculated((row, col): (usize, usize)) -> Mark {
    Mark { row, col, rows: 1, cols: 1, kind: MarkKind::Uncalculated(String::new()) }
}

/// A string of a BIFF record: in BIFF8 a 16-bit length and a flag byte (the
/// characters are one byte each, or UTF-16 when its lowest bit is set), in
/// earlier versions an 8-bit length and bytes. Only ASCII matters to the
/// caller, so bytes are read as Latin-1 whatever the code page.
fn biff_string(data: &[u8], biff8: bool) -> String {
    if !biff8 {
        let n = data.first().copied().unwrap_or(0) as usize;
        return data.iter().skip(1).take(n).map(|&b| b as char).collect();
    }
    let (Some(len), Some(flags)) = (data.get(..2), data.get(2)) else { return String::new() };
    let n = u16::from_le_bytes([len[0], len[1]]) as usize;
    let chars = data.get(3..).unwrap_or_default();
    if flags & 1 == 1 {
        let units = chars.chunks_exact(2).take(n).map(|u| u16::from_le_bytes([u[0], u[1]]));
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    } else {
        chars.iter().take(n).map(|&b| b as char).collect()
    }
}

/// Unpacks every part of a zip-based workbook into nothing, counting, so a
/// zip bomb is caught before calamine unpacks a part into memory. The sizes
/// a zip declares are not trusted.
fn check_unpacked_size(bytes: &[u8], limits: &Limits) -> Result<(), Diagnostic> {
    let too_big = || {
        Diagnostic::error(
            "OF0104",
            format!("filen pakker sig ud til mere end {} MB", limits.unpacked_bytes / 1024 / 1024),
        )
        .hint("filen er ikke en almindelig projektmappe; gem den igen fra Excel")
    };
    let broken = |e: String| {
        Diagnostic::error("OF0101", "filen kan ikke læses som et regneark")
            .found(e)
            .hint("filen er ufuldstændig eller beskadiget; gem den igen fra Excel")
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
    if zip.len() > limits.zip_entries {
        return Err(too_big());
    }
    let mut budget = limits.unpacked_bytes;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| broken(e.to_string()))?;
        let read = std::io::copy(&mut std::io::Read::take(entry, budget + 1), &mut std::io::sink())
            .map_err(|e| broken(e.to_string()))?;
        if read > budget {
            return Err(too_big());
        }
        budget -= read;
    }
    Ok(())
}

fn too_large(what: &str, limit: usize, at: (usize, usize)) -> Diagnostic {
    Diagnostic::error("OF0106", format!("arket har flere end {limit} {what}"))
        .found(format!("en celle i {}", cell_name(at.0, at.1)))
        .hint("opfølgningens ark er små; slet tomme rækker og kolonner med indhold langt nede eller ude til højre")
}

/// Adds a cell to a sheet's rows, within the limits.
fn place(
    rows: &mut Vec<Vec<Cell>>,
    cells: &mut usize,
    (row, col): (usize, usize),
    cell: Cell,
    limits: &Limits,
) -> Result<(), Diagnostic> {
    if row >= limits.rows {
        return Err(too_large("rækker", limits.rows, (row, col)));
    }
    if col >= limits.columns {
        return Err(too_large("kolonner", limits.columns, (row, col)));
    }
    if let CellValue::Text(t) = &cell.value
        && t.chars().count() > limits.text_chars
    {
        return Err(Diagnostic::error(
            "OF0108",
            format!("teksten i cellen er længere end {} tegn", limits.text_chars),
        )
        .found(format!("{}: {} tegn", cell_name(row, col), t.chars().count()))
        .hint("del teksten op i flere afsnit (flere rækker i arket Dokument)"));
    }
    if rows.len() <= row {
        rows.resize_with(row + 1, Vec::new);
    }
    let r = &mut rows[row];
    if r.len() <= col {
        *cells += col + 1 - r.len();
        if *cells > limits.cells {
            return Err(too_large("celler", limits.cells, (row, col)));
        }
        r.resize(col + 1, Cell::EMPTY);
    }
    r[col] = cell;
    Ok(())
}

/// Reads an .xlsx sheet cell by cell, so the limits hold before any grid is
/// allocated (calamine's own ranges allocate the whole bounding box).
fn read_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Sheet, Diagnostic> {
    let sheet_error =
        |e: calamine::XlsxError| Diagnostic::error("OF0102", "arket kan ikke læses").found(e.to_string());
    // Merges are reported by normalising, for the sheets it reads; a sheet
    // whose merges cannot be read fails below anyway.
    let merged = book.merge_cells_by_sheet_name(name).unwrap_or_default().iter().map(range_name).collect();
    let mut reader = book.worksheet_cells_reader(name).map_err(sheet_error)?;
    let styles = reader.styles().to_vec();
    let (mut rows, mut cells) = (Vec::new(), 0usize);
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(sheet_error)? {
        let (r, c) = cell.get_position();
        let value = convert(&Data::from(cell.get_value().clone()));
        if value == CellValue::Empty {
            continue;
        }
        let code =
            styles.get(style).and_then(|st| st.number_format.as_ref()).map(|nf| nf.format_code.as_str());
        let percent_format = code.is_some_and(is_percent_format);
        let thousands = code.is_some_and(is_thousands_format);
        let cell = Cell { value, percent_format, thousands };
        place(&mut rows, &mut cells, (r as usize, c as usize), cell, limits)?;
    }
    drop(reader);
    // A formula without a stored value reads as empty above: find those, so
    // normalising can say what to do instead of taking the cell as blank.
    // The values were read; a formula calamine cannot parse (a shared one
    // it cannot expand) ends this search, not the sheet.
    let mut reader = book.worksheet_cells_reader(name).map_err(sheet_error)?;
    while let Ok(Some(cell)) = reader.next_formula() {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        let has_value =
            rows.get(r).and_then(|row: &Vec<Cell>| row.get(c)).is_some_and(|x| x.value != CellValue::Empty);
        if cell.get_value().trim().is_empty() || has_value {
            continue;
        }
        let formula: String = cell.get_value().chars().take(200).collect();
        let value = CellValue::Uncalculated(formula);
        place(
            &mut rows,
            &mut cells,
            (r, c),
            Cell { value, percent_format: false, thousands: false },
            limits,
        )?;
    }
    Ok(Sheet { name: name.to_string(), rows, merged, hidden_rows: vec![], hidden_columns: vec![] })
}

/// Whether a number format shows a number as a percentage (`0%`,
/// `0.0%`), multiplying it by 100: the one rule for every file format, so a
/// cell reads alike whichever format the workbook was saved in. A `%` that
/// is only printed does not count: quoted (`0" %"`, which shows 45 as
/// «45 %»), escaped (`0\%`), a padding or fill character (`_%`, `*%`) or
/// inside brackets (`[$%-406]`).
fn is_percent_format(code: &str) -> bool {
    format_symbols(code).any(|s| s == Some('%'))
}

/// Whether a number format shows a number divided by a thousand (or a
/// million): a `,` right after the digits of a section with no digit after
/// it (`#,##0,` shows 1234567 as «1.235», `0.0,,` in millions), as Excel
/// keeps the codes whatever the language. A `,` between digits is the
/// thousands separator; quoted, escaped and bracketed text does not count.
fn is_thousands_format(code: &str) -> bool {
    let digit = |s: Option<char>| matches!(s, Some('0' | '#' | '?'));
    let mut symbols = format_symbols(code).peekable();
    while let Some(s) = symbols.next() {
        if digit(s) && symbols.peek() == Some(&Some(',')) {
            while symbols.peek() == Some(&Some(',')) {
                symbols.next();
            }
            if !symbols.peek().is_some_and(|&next| digit(next)) {
                return true;
            }
        }
    }
    false
}

/// The characters of a number format code that format the number, in
/// order; text that is only printed (quoted, escaped with `\`, a padding
/// `_x` or fill `*x` character, bracketed like `[Red]` or `[$%-406]`) stands
/// as one `None` each, so what follows it is not taken as next to what went
/// before.
fn format_symbols(code: &str) -> impl Iterator<Item = Option<char>> + '_ {
    let mut chars = code.chars();
    std::iter::from_fn(move || {
        Some(match chars.next()? {
            '"' => {
                let _ = chars.by_ref().find(|c| *c == '"');
                None
            }
            '\\' | '_' | '*' => {
                chars.next();
                None
            }
            '[' => {
                let _ = chars.by_ref().find(|c| *c == ']');
                None
            }
            c => Some(c),
        })
    })
}

/// What the file says about a block of cells that calamine does not hand
/// over: `rows` × `cols` cells from (`row`, `col`), 0-based.
#[derive(Debug, Clone, PartialEq)]
struct Mark {
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
    kind: MarkKind,
}

#[derive(Debug, Clone, PartialEq)]
enum MarkKind {
    /// Formatted as a percentage: `office:value-type="percentage"` in an
    /// .ods, a number format with `%` in an .xls.
    Percent,
    /// Shown in thousands: a display factor in an .ods, a number format
    /// like `#,##0,` in an .xls.
    Thousands,
    /// An error value (`#DIV/0!`), which calamine reads from an .ods as
    /// text; the text is the error's.
    Error(String),
    /// TRUE or FALSE: a number in an .ods's boolean format.
    Bool,
    /// A formula an .ods keeps without its value (no `office:value-type`),
    /// as programs that write workbooks without calculating them leave it;
    /// calamine reads it as empty. The formula, as an .xlsx's reads.
    Uncalculated(String),
}

/// The number formats of an .ods that change how a cell reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum OdsFormat {
    Percent,
    Boolean,
    /// A number format with a display factor (`number:display-factor`):
    /// LibreOffice's form of Excel's `#,##0,`.
    Thousands,
}

/// The cell styles of an .ods and their number formats, as far as opfolg
/// needs them: which show a percentage and which TRUE or FALSE.
#[derive(Debug, Default)]
struct OdsStyles {
    /// Number formats (`number:percentage-style`, `number:boolean-style`) by name.
    formats: std::collections::HashMap<String, OdsFormat>,
    /// Cell styles by name: their number format's name and their parent style.
    cells: std::collections::HashMap<String, (Option<String>, Option<String>)>,
    /// The number formats other number formats hand some values to
    /// (`style:map`): LibreOffice saves Excel's `0,0%;-0,0%;"-"` as a plain
    /// number format (the zero's «-») that hands positive and negative
    /// values to percentage formats, and its cells as plain numbers.
    maps: std::collections::HashMap<String, Vec<String>>,
    /// The number format whose parts are being read, for its `style:map`s.
    open_number: Option<String>,
}

impl OdsStyles {
    /// Takes note of a style element.
    fn see(&mut self, e: &quick_xml::events::BytesStart) {
        let attr =
            |key: &str| e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.to_string());
        let name = e.name();
        let element: &str = name.as_ref();
        if element.starts_with("number:") && element.ends_with("-style") {
            self.open_number = attr("style:name");
        } else if element == "style:map" {
            if let (Some(number), Some(to)) = (&self.open_number, attr("style:apply-style-name")) {
                self.maps.entry(number.clone()).or_default().push(to);
            }
        } else if !(element.starts_with("number:") || element == "style:text-properties") {
            // Outside a number format: a cell style's map is conditional
            // formatting, which changes no value.
            self.open_number = None;
        }
        // A display factor other than 1 in a number format's number: it
        // shows the value divided, in thousands or millions.
        if element == "number:number"
            && attr("number:display-factor")
                .and_then(|f| f.trim().parse::<f64>().ok())
                .is_some_and(|f| f != 1.0)
            && let Some(number) = &self.open_number
        {
            self.formats.entry(number.clone()).or_insert(OdsFormat::Thousands);
        }
        let format = match element {
            "number:percentage-style" => Some(OdsFormat::Percent),
            "number:boolean-style" => Some(OdsFormat::Boolean),
            "style:style" if attr("style:family").as_deref() == Some("table-cell") => {
                if let Some(name) = attr("style:name") {
                    self.cells.insert(name, (attr("style:data-style-name"), attr("style:parent-style-name")));
                }
                None
            }
            _ => None,
        };
        if let (Some(format), Some(name)) = (format, attr("style:name")) {
            self.formats.insert(name, format);
        }
    }

    /// The number format of a cell style, its own or its parent's.
    fn format(&self, style: &str) -> Option<OdsFormat> {
        let mut style = style;
        // A chain of parents is short; a loop in a broken file ends here.
        for _ in 0..8 {
            let (data, parent) = self.cells.get(style)?;
            if let Some(data) = data {
                // A format any of whose parts shows a percentage shows
                // percentages, as Excel's `0,0%;-0,0%;"-"` does.
                let mapped = || {
                    let maps = self.maps.get(data)?;
                    maps.iter()
                        .any(|m| self.formats.get(m) == Some(&OdsFormat::Percent))
                        .then_some(OdsFormat::Percent)
                };
                return self.formats.get(data).copied().or_else(mapped);
            }
            style = parent.as_deref()?;
        }
        None
    }
}

/// What opfolg's own scan finds of a sheet of an .xls or .ods that calamine
/// does not give, so the sheet reads as it would from an .xlsx.
#[derive(Debug, Default, PartialEq)]
struct Found {
    /// Cells whose type calamine loses.
    marks: Vec<Mark>,
    /// Merged cells, as A1-style ranges (an .ods; calamine gives an .xls's).
    merged: Vec<String>,
    /// Hidden rows and columns, 0-based.
    hidden_rows: Vec<usize>,
    hidden_columns: Vec<usize>,
}

/// What the scan found of each sheet, with the sheet's name.
type NamedMarks = Vec<(String, Found)>;

/// What the scan found of each sheet of an .ods (by the sheet's name) or an
/// .xls (by the sheet's place in the workbook, as calamine lists them).
enum Marks {
    Named(std::collections::HashMap<String, Found>),
    Ordered(Vec<Found>),
}

impl Marks {
    fn of(&self, index: usize, name: &str) -> Option<&Found> {
        match self {
            Marks::Named(sheets) => sheets.get(name),
            Marks::Ordered(sheets) => sheets.get(index),
        }
    }
}

/// Gives the cells of a sheet what the marks say. Only cells calamine read
/// a value into are touched, as in an .xlsx, where an empty cell is not
/// read whatever its format. The work is bounded by the sheet's cells and
/// the number of marks: marks are clipped to the rows and columns read.
fn apply(rows: &mut [Vec<Cell>], marks: &[Mark]) {
    for mark in marks {
        for row in rows.iter_mut().skip(mark.row).take(mark.rows) {
            for cell in row.iter_mut().skip(mark.col).take(mark.cols) {
                match (&mark.kind, &cell.value) {
                    (_, CellValue::Empty) => {}
                    (MarkKind::Percent, _) => cell.percent_format = true,
                    (MarkKind::Thousands, _) => cell.thousands = true,
                    // Only the text calamine made of the error is replaced:
                    // a mark that missed its cell changes nothing.
                    (MarkKind::Error(e), CellValue::Text(t)) if t == e => {
                        cell.value = CellValue::Error(e.clone())
                    }
                    (MarkKind::Error(_), _) => {}
                    (MarkKind::Bool, CellValue::Number(v)) => cell.value = CellValue::Bool(*v != 0.0),
                    (MarkKind::Bool, _) => {}
                    // Placed by the sheet's reading, empty or not.
                    (MarkKind::Uncalculated(_), _) => {}
                }
            }
        }
    }
}

/// Reads an .xls or .ods sheet through calamine's ranges (calamine caps
/// their size itself; an .xls sheet has at most 65.536 rows and 256 columns).
fn read_other_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    limits: &Limits,
    found: Option<&Found>,
) -> Result<Sheet, Diagnostic> {
    let range = book
        .worksheet_range(name)
        .map_err(|e| Diagnostic::error("OF0102", "arket kan ikke læses").found(e.to_string()))?;
    let (mut rows, mut cells) = (Vec::new(), 0usize);
    for (r, c, data) in range.used_cells() {
        let value = convert(data);
        if value == CellValue::Empty {
            continue;
        }
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let at = (r0 as usize + r, c0 as usize + c);
        place(&mut rows, &mut cells, at, Cell { value, percent_format: false, thousands: false }, limits)?;
    }
    // A formula an .ods keeps without its value: calamine gives nothing (or
    // the cell's text), an .xlsx's reading the formula.
    // An .xls's formula text is calamine's to read.
    let xls_formulas = match (&mut *book, found) {
        (Sheets::Xls(xls), Some(f))
            if f.marks.iter().any(|m| m.kind == MarkKind::Uncalculated(String::new())) =>
        {
            xls.worksheet_formula(name).ok()
        }
        _ => None,
    };
    for mark in found.iter().flat_map(|f| &f.marks) {
        if let MarkKind::Uncalculated(formula) = &mark.kind {
            let formula = match &xls_formulas {
                Some(range) if formula.is_empty() => range
                    .get_value((mark.row as u32, mark.col as u32))
                    .map(|f| f.chars().take(200).collect())
                    .unwrap_or_default(),
                _ => formula.clone(),
            };
            for r in mark.row..mark.row.saturating_add(mark.rows) {
                for c in mark.col..mark.col.saturating_add(mark.cols) {
                    let cell = Cell {
                        value: CellValue::Uncalculated(formula.clone()),
                        percent_format: false,
                        thousands: false,
                    };
                    place(&mut rows, &mut cells, (r, c), cell, limits)?;
                }
            }
        }
    }
    let mut sheet =
        Sheet { name: name.to_string(), rows, merged: vec![], hidden_rows: vec![], hidden_columns: vec![] };
    if let Some(found) = found {
        apply(&mut sheet.rows, &found.marks);
        sheet.merged.clone_from(&found.merged);
        sheet.hidden_rows.clone_from(&found.hidden_rows);
        sheet.hidden_columns.clone_from(&found.hidden_columns);
    }
    if let Sheets::Xls(xls) = book {
        sheet.merged =
            xls.merge_cells_by_sheet_name(name).unwrap_or_default().iter().map(range_name).collect();
    }
    Ok(sheet)
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
        Data::DateTimeIso(s) => iso_date(s)
            .map(|(year, month, day)| CellValue::Date { year, month, day })
            .unwrap_or_else(|| CellValue::Text(s.clone())),
        // A time of an .ods (`PT12H30M00S`): what an .xlsx time cell gives,
        // the date of its Excel serial number.
        Data::DurationIso(s) => iso_duration_days(s)
            .map(|days| {
                let dt = calamine::ExcelDateTime::new(days, calamine::ExcelDateTimeType::TimeDelta, false);
                convert(&Data::DateTime(dt))
            })
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

/// An ISO 8601 duration as LibreOffice writes a time (`PT12H30M00S`,
/// `P1DT2H`, `-PT1H`) in days; None for years or months, which have no
/// fixed length.
fn iso_duration_days(s: &str) -> Option<f64> {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, s),
    };
    let mut rest = rest.strip_prefix('P')?;
    let (mut days, mut in_time, mut any) = (0.0, false, false);
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('T') {
            (in_time, rest) = (true, r);
            continue;
        }
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let n: f64 = rest[..end].parse().ok()?;
        let unit = rest[end..].chars().next()?;
        days += n * match (unit, in_time) {
            ('D', false) => 1.0,
            ('H', true) => 1.0 / 24.0,
            ('M', true) => 1.0 / 1440.0,
            ('S', true) => 1.0 / 86_400.0,
            _ => return None,
        };
        (rest, any) = (&rest[end + 1..], true);
    }
    any.then_some(sign * days)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An .ods with one sheet «Ark» whose body (rows) is `rows`.
    fn ods(rows: &str) -> Vec<u8> {
        ods_styled("", "", rows)
    }

    /// As [`ods`], with named styles in styles.xml (when not empty) and
    /// automatic styles in content.xml.
    fn ods_styled(named: &str, automatic: &str, rows: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        let spaces = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#;
        if !named.is_empty() {
            zip.start_file("styles.xml", stored).unwrap();
            write!(
                zip,
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {spaces} office:version="1.2"><office:styles>{named}</office:styles></office:document-styles>"#
            )
            .unwrap();
        }
        zip.start_file("content.xml", stored).unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {spaces} office:version="1.2"><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Ark">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    const VALUE: &str = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

    #[test]
    fn an_ods_that_repeats_cells_by_the_million_is_refused_before_calamine() {
        let row = |cells: &str, repeat: usize| {
            format!(r#"<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>"#)
        };
        let many = |n: usize| {
            format!(
                r#"<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="{n}"/>"#
            )
        };
        for (rows, what) in [
            // calamine would expand this to its own cap, 100 million cells
            // (gigabytes), before failing on it.
            (row(&many(16_384), 1_000_000), "rækker"),
            (row(&many(16_384), 1), "kolonner"),
            (row(VALUE, 1_000_000), "rækker"),
            (row(&many(250), 20_000), "celler"),
            // A million empty rows, then one with a value.
            (format!("{}{}", row("<table:table-cell/>", 1_000_000), row(VALUE, 1)), "rækker"),
        ] {
            let bytes = ods(&rows);
            assert!(is_ods(&bytes));
            let err = read_workbook_bytes("stor.ods", bytes, &LIMITS).unwrap_err().to_string();
            assert!(err.contains("OF0106") && err.contains(what), "{what}: {err}");
            assert!(err.contains("stor.ods: Ark"), "names the sheet: {err}");
        }
    }

    #[test]
    fn an_ods_with_empty_repeats_to_the_sheets_end_is_read() {
        // As LibreOffice writes every sheet: empty cells to the last column
        // and empty rows to the last row, repeated.
        let rows = format!(
            r#"<table:table-row>{VALUE}<table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
        );
        let book = read_workbook_bytes("lille.ods", ods(&rows), &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(book.sheets[0].rows.len(), 1);
        assert_eq!(book.sheets[0].rows[0][0].value, CellValue::Number(1.0));
    }

    /// The cells of the sheet `name`, row by row, as (A1 name, cell).
    fn cells_of(book: &Workbook, name: &str) -> Vec<(String, Cell)> {
        let sheet = book.sheet(name).unwrap_or_else(|| panic!("no sheet {name}"));
        let mut out = Vec::new();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.value != CellValue::Empty || cell.percent_format {
                    out.push((cell_name(r, c), cell.clone()));
                }
            }
        }
        out
    }

    fn number(v: f64, percent_format: bool) -> Cell {
        Cell { value: CellValue::Number(v), percent_format, thousands: false }
    }

    fn text(t: &str, percent_format: bool) -> Cell {
        Cell { value: CellValue::Text(t.to_string()), percent_format, thousands: false }
    }

    #[test]
    fn ods_cells_arrive_typed_as_from_an_xlsx() {
        let cell = |attrs: &str, text: &str| {
            format!(r#"<table:table-cell {attrs}><text:p>{text}</text:p></table:table-cell>"#)
        };
        let rows = [
            // A percent, a date, a currency, a plain number with a format,
            // text that looks like a number, a percent formula.
            cell(r#"office:value-type="percentage" office:value="0.1""#, "10 %"),
            cell(r#"office:value-type="date" office:date-value="2008-09-01""#, "01-09-2008"),
            cell(r#"office:value-type="currency" office:currency="DKK" office:value="1234.5""#, "1.234,50 kr."),
            cell(r#"office:value-type="float" office:value="4.5""#, "4,50"),
            cell(r#"office:value-type="string""#, "4,5"),
            cell(
                r#"table:formula="of:=[.F2]/[.G2]" office:value-type="percentage" office:value="0.045" calcext:value-type="percentage""#,
                "4,5 %",
            ),
            // An error, which calamine reads as text, and a time.
            cell(
                r#"table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error""#,
                "#DIV/0!",
            ),
            cell(r#"office:value-type="time" office:time-value="PT12H30M00S""#, "12:30"),
            // Text that reads as an error but is typed as text.
            cell(r#"office:value-type="string""#, "#DIV/0!"),
        ]
        .concat();
        let book = read_workbook_bytes(
            "typer.ods",
            ods(&format!("<table:table-row>{rows}</table:table-row>")),
            &LIMITS,
        )
        .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            cells_of(&book, "Ark"),
            [
                ("A1", number(0.1, true)),
                (
                    "B1",
                    Cell {
                        value: CellValue::Date { year: 2008, month: 9, day: 1 },
                        percent_format: false,
                        thousands: false
                    }
                ),
                ("C1", number(1234.5, false)),
                ("D1", number(4.5, false)),
                ("E1", text("4,5", false)),
                ("F1", number(0.045, true)),
                (
                    "G1",
                    Cell {
                        value: CellValue::Error("#DIV/0!".into()),
                        percent_format: false,
                        thousands: false
                    }
                ),
                // As an .xlsx time cell is read: the date calamine gives its
                // serial number (0,52; to calamine, day 0 is 31 December 1899).
                (
                    "H1",
                    Cell {
                        value: CellValue::Date { year: 1899, month: 12, day: 31 },
                        percent_format: false,
                        thousands: false
                    }
                ),
                ("I1", text("#DIV/0!", false)),
            ]
            .map(|(n, c)| (n.to_string(), c))
        );
    }

    #[test]
    fn ods_cell_styles_give_the_format_an_xlsx_keeps() {
        // Number formats in styles.xml and in content.xml; a named style
        // with a percent format, an automatic style inheriting it, one with
        // its own, a boolean format, and two styles that are each other's
        // parent (a broken file).
        let named = r#"<number:percentage-style style:name="N10"><number:number/><number:text>%</number:text></number:percentage-style><style:style style:name="Procent" style:family="table-cell" style:data-style-name="N10"/><style:style style:name="Sløjfe1" style:family="table-cell" style:parent-style-name="Sløjfe2"/><style:style style:name="Sløjfe2" style:family="table-cell" style:parent-style-name="Sløjfe1"/>"#;
        let automatic = r#"<number:boolean-style style:name="N99"><number:boolean/></number:boolean-style><style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Procent"/><style:style style:name="ce2" style:family="table-cell" style:data-style-name="N99"/><style:style style:name="ce3" style:family="table-cell" style:parent-style-name="Sløjfe1"/><style:style style:name="co" style:family="table-column" style:data-style-name="N10"/>"#;
        let cell =
            |attrs: &str| format!(r#"<table:table-cell {attrs}><text:p>x</text:p></table:table-cell>"#);
        let rows = [
            // Column B's cells are in the percent style unless they name one.
            r#"<table:table-column/><table:table-column table:default-cell-style-name="ce1"/><table:table-column table:number-columns-repeated="5" table:style-name="co"/>"#.to_string(),
            "<table:table-row>".into(),
            cell(r#"table:style-name="ce1" office:value-type="string""#),
            cell(r#"office:value-type="float" office:value="0.5""#),
            cell(r#"table:style-name="ce2" office:value-type="float" office:value="0""#),
            cell(r#"table:style-name="ce3" office:value-type="float" office:value="3""#),
            cell(r#"table:formula="of:=TRUE()" office:value-type="float" office:value="1""#),
            cell(r#"table:formula="of:=FALSE()" office:value-type="float" office:value="0""#),
            // A column style (not a cell style) says nothing of the cells.
            cell(r#"office:value-type="float" office:value="0.25""#),
            "</table:table-row><table:table-row>".into(),
            cell(r#"office:value-type="float" office:value="7""#),
            cell(r#"table:style-name="ce2" office:value-type="float" office:value="7""#),
            "</table:table-row>".into(),
        ]
        .concat();
        let book = read_workbook_bytes("stil.ods", ods_styled(named, automatic, &rows), &LIMITS)
            .unwrap_or_else(|d| panic!("{d}"));
        let bool = |b| Cell { value: CellValue::Bool(b), percent_format: false, thousands: false };
        assert_eq!(
            cells_of(&book, "Ark"),
            [
                ("A1", text("x", true)),
                ("B1", number(0.5, true)),
                ("C1", bool(false)),
                ("D1", number(3.0, false)),
                ("E1", bool(true)),
                ("F1", bool(false)),
                ("G1", number(0.25, false)),
                ("A2", number(7.0, false)),
                // A cell naming its own style is not in its column's.
                ("B2", bool(true)),
            ]
            .map(|(n, c)| (n.to_string(), c))
        );
    }

    #[test]
    fn an_ods_format_that_hands_values_to_a_percent_format_shows_percentages() {
        // What LibreOffice 7.4 saves of Excel's `0.0%;-0.0%;"-"`: a plain
        // number format (the zero's «-») mapping positive and negative values
        // to percentage formats; a map to a plain format, and a cell style's
        // conditional map to another cell style, make no percentage.
        let automatic = r#"<number:percentage-style style:name="N1P0"><number:number number:decimal-places="1"/><number:text>%</number:text></number:percentage-style><number:percentage-style style:name="N1P1"><number:text>-</number:text><number:number/><number:text>%</number:text></number:percentage-style><number:number-style style:name="N1"><number:text>-</number:text><style:map style:condition="value()&gt;0" style:apply-style-name="N1P0"/><style:map style:condition="value()&lt;0" style:apply-style-name="N1P1"/></number:number-style><number:number-style style:name="N2P0"><number:number/></number:number-style><number:number-style style:name="N2"><number:text>-</number:text><style:map style:condition="value()&gt;0" style:apply-style-name="N2P0"/></number:number-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/><style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/><style:style style:name="ce3" style:family="table-cell"><style:map style:condition="cell-content()&gt;0" style:apply-style-name="ce1"/></style:style>"#;
        let cell = |style: &str, v: &str| {
            format!(
                r#"<table:table-cell table:style-name="{style}" office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>"#
            )
        };
        let rows = format!(
            "<table:table-row>{}{}{}{}</table:table-row>",
            cell("ce1", "0.045"),
            cell("ce1", "-0.1"),
            cell("ce2", "45"),
            cell("ce3", "45")
        );
        let book = read_workbook_bytes("kort.ods", ods_styled("", automatic, &rows), &LIMITS)
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            cells_of(&book, "Ark"),
            [
                ("A1", number(0.045, true)),
                ("B1", number(-0.1, true)),
                ("C1", number(45.0, false)),
                ("D1", number(45.0, false)),
            ]
            .map(|(n, c)| (n.to_string(), c))
        );
    }

    #[test]
    fn an_ods_formula_without_a_value_reads_as_uncalculated() {
        // As odfpy or a script writes them: a formula and no value type,
        // empty, with text, repeated; LibreOffice's own formulas have values.
        let rows = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell table:formula="of:=[.A1]+80"/><table:table-cell table:formula="of:=&quot;a&quot;&amp;&quot;b&quot;"><text:p>=&quot;a&quot;</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell/><table:table-cell table:number-columns-repeated="2" table:formula="of:=SUM([.A1:.A1])"/><table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell></table:table-row>"#;
        let book = read_workbook_bytes("script.ods", ods(rows), &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        let uncalculated = |f: &str| Cell {
            value: CellValue::Uncalculated(f.into()),
            percent_format: false,
            thousands: false,
        };
        assert_eq!(
            cells_of(&book, "Ark"),
            [
                ("A1", number(1.0, false)),
                ("B1", uncalculated("[.A1]+80")),
                ("C1", uncalculated("\"a\"&\"b\"")),
                ("B2", uncalculated("SUM([.A1:.A1])")),
                ("C2", uncalculated("SUM([.A1:.A1])")),
                ("D2", number(2.0, false)),
            ]
            .map(|(n, c)| (n.to_string(), c))
        );
    }

    #[test]
    fn ods_percentages_are_placed_as_calamine_places_cells() {
        let pct = |repeat: usize| {
            format!(
                r#"<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="percentage" office:value="0.5"><text:p>50 %</text:p></table:table-cell>"#
            )
        };
        let float = r#"<table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>"#;
        let rows = [
            // Empty rows repeated before the first value.
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>"#.to_string(),
            // A covered cell and empty repeated cells before; the percentage
            // repeated over two columns and the row over two rows.
            format!(
                r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/>{}{float}</table:table-row>"#,
                pct(2)
            ),
            // In a header-rows group, then after it.
            format!(r#"<table:table-header-rows><table:table-row>{float}{}</table:table-row></table:table-header-rows>"#, pct(1)),
            format!(r#"<table:table-row>{}</table:table-row>"#, pct(1)),
        ]
        .concat();
        let book = read_workbook_bytes("sted.ods", ods(&rows), &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        let percent: Vec<String> =
            cells_of(&book, "Ark").into_iter().filter(|(_, c)| c.percent_format).map(|(n, _)| n).collect();
        assert_eq!(percent, ["D3", "E3", "D4", "E4", "B5", "A6"]);
        let plain: Vec<String> =
            cells_of(&book, "Ark").into_iter().filter(|(_, c)| !c.percent_format).map(|(n, _)| n).collect();
        assert_eq!(plain, ["F3", "F4", "A5"]);
    }

    #[test]
    fn ods_marks_go_to_their_own_sheet() {
        // Two sheets, the second with an escaped name; only its cell is a
        // percentage. The first sheet's plain number stays plain.
        let bytes = ods(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="0.25"/></table:table-row></table:table><table:table table:name="Mål &amp; resultater"><table:table-row><table:table-cell office:value-type="percentage" office:value="0.25"/></table:table-row>"#,
        );
        let book = read_workbook_bytes("to.ods", bytes, &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(cells_of(&book, "Ark"), [("A1".to_string(), number(0.25, false))]);
        assert_eq!(cells_of(&book, "Mål & resultater"), [("A1".to_string(), number(0.25, true))]);
    }

    #[test]
    fn an_ods_error_mark_changes_only_the_text_calamine_read() {
        // Error text over several paragraphs, or longer than an error's, is
        // left as calamine reads it; an error mark on a number changes nothing.
        let rows = r#"<table:table-row><table:table-cell office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#N/A</text:p><text:p>mere</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="3" calcext:value-type="error"><text:p>#VALUE!</text:p></table:table-cell></table:table-row>"#;
        let book = read_workbook_bytes("fejl.ods", ods(rows), &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            cells_of(&book, "Ark"),
            [("A1".to_string(), text("#N/A\nmere", false)), ("B1".to_string(), number(3.0, false))]
        );
    }

    /// A BIFF record: type, length, data.
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// Row, column and XF of a cell record.
    fn at(row: u16, col: u16, xf: u16) -> Vec<u8> {
        [row.to_le_bytes(), col.to_le_bytes(), xf.to_le_bytes()].concat()
    }

    fn number_record(row: u16, col: u16, xf: u16, v: f64) -> Vec<u8> {
        record(0x0203, &[at(row, col, xf), v.to_le_bytes().to_vec()].concat())
    }

    fn label_record(row: u16, col: u16, xf: u16, t: &str) -> Vec<u8> {
        record(
            0x0204,
            &[at(row, col, xf), (t.len() as u16).to_le_bytes().to_vec(), vec![0], t.as_bytes().to_vec()]
                .concat(),
        )
    }

    /// A formula with a cached number and no tokens.
    fn formula_record(row: u16, col: u16, xf: u16, v: f64) -> Vec<u8> {
        record(0x0006, &[at(row, col, xf), v.to_le_bytes().to_vec(), vec![0; 6], vec![0, 0]].concat())
    }

    /// A FORMAT record (BIFF8): id and code, the code as UTF-16 when `wide`.
    fn format_record(id: u16, code: &str, wide: bool) -> Vec<u8> {
        let chars: Vec<u8> = if wide {
            code.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else {
            code.bytes().collect()
        };
        let n = code.chars().count() as u16;
        record(
            0x041E,
            &[id.to_le_bytes().to_vec(), n.to_le_bytes().to_vec(), vec![u8::from(wide)], chars].concat(),
        )
    }

    /// An .xls (BIFF8 in a compound file) whose XF records have the given
    /// number formats, with the given FORMAT records and one sheet per
    /// `(name, cell records)`.
    fn xls(formats: &[Vec<u8>], xf_formats: &[u16], sheets: &[(&str, Vec<Vec<u8>>)]) -> Vec<u8> {
        compound(&xls_stream(formats, xf_formats, sheets))
    }

    /// The workbook stream of [`xls`].
    fn xls_stream(formats: &[Vec<u8>], xf_formats: &[u16], sheets: &[(&str, Vec<Vec<u8>>)]) -> Vec<u8> {
        let bof = |dt: u16| {
            record(
                0x0809,
                &[0x0600u16.to_le_bytes(), dt.to_le_bytes(), [0; 2], [0; 2]]
                    .concat()
                    .iter()
                    .chain(&[0u8; 8])
                    .copied()
                    .collect::<Vec<_>>(),
            )
        };
        let eof = record(0x000A, &[]);
        // The name in one byte a character (Latin-1), as Excel writes «Mål».
        let boundsheet = |pos: u32, name: &str| {
            let latin1: Vec<u8> = name.chars().map(|c| c as u8).collect();
            record(0x0085, &[pos.to_le_bytes().to_vec(), vec![0, 0, latin1.len() as u8, 0], latin1].concat())
        };
        let mut globals = bof(0x0005);
        globals.extend(formats.concat());
        for id in xf_formats {
            globals.extend(record(
                0x00E0,
                &[0u16.to_le_bytes().to_vec(), id.to_le_bytes().to_vec(), vec![0; 16]].concat(),
            ));
        }
        let bounds_len: usize = sheets.iter().map(|(n, _)| boundsheet(0, n).len()).sum();
        let mut pos = globals.len() + bounds_len + eof.len();
        let mut parts = Vec::new();
        for (name, cells) in sheets {
            globals.extend(boundsheet(pos as u32, name));
            let part = [bof(0x0010), cells.concat(), eof.clone()].concat();
            pos += part.len();
            parts.push(part);
        }
        globals.extend(&eof);
        [globals, parts.concat()].concat()
    }

    /// A compound file holding a workbook stream.
    fn compound(stream: &[u8]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        std::io::Write::write_all(&mut file.create_stream("/Workbook").unwrap(), stream).unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn a_damaged_xls_is_refused_or_read_never_a_panic() {
        // Every record the scan reads, then the stream cut at every byte and
        // every byte set to 0, 0x7F and 0xFF: the reader answers, and what it
        // finds stays within the limits.
        let rk = [1u16, 0].map(u16::to_le_bytes).concat();
        let stream = xls_stream(
            &[format_record(164, "0.0%", false), format_record(165, "0%", true)],
            &[0, 9, 164, 165],
            &[
                (
                    "Ark",
                    vec![
                        record(0x007D, &[1u16, 2, 9, 0, 1, 0].map(u16::to_le_bytes).concat()),
                        record(0x0208, &[4u16, 0, 1, 255, 0, 0, 0x20, 0].map(u16::to_le_bytes).concat()),
                        number_record(0, 0, 1, 0.1),
                        label_record(0, 1, 2, "10"),
                        formula_record(0, 2, 3, 0.5),
                        record(
                            0x00BD,
                            &[rk, vec![1, 0, 6, 0, 0, 0], vec![3, 0, 6, 0, 0, 0], vec![1, 0]].concat(),
                        ),
                        record(0x00E5, &[1u16, 1, 3, 1, 2].map(u16::to_le_bytes).concat()),
                    ],
                ),
                ("Mål", vec![number_record(0, 0, 2, 0.2)]),
            ],
        );
        let book =
            read_workbook_bytes("hel.xls", compound(&stream), &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(book.sheets.len(), 2);
        let variants =
            (0..stream.len()).map(|cut| stream[..cut].to_vec()).chain((0..stream.len()).flat_map(|at| {
                [0u8, 0x7F, 0xFF].map(|b| {
                    let mut s = stream.clone();
                    s[at] = b;
                    s
                })
            }));
        let mut read = 0;
        for damaged in variants {
            if let Ok(book) = read_workbook_bytes("skadet.xls", compound(&damaged), &LIMITS) {
                for sheet in &book.sheets {
                    assert!(sheet.hidden_columns.iter().all(|c| *c < LIMITS.columns));
                    assert!(sheet.rows.len() <= LIMITS.rows);
                }
                read += 1;
            }
        }
        // Some damage leaves a readable file (a changed number, say).
        assert!(read > 0);
    }

    #[test]
    fn hostile_ods_attributes_are_refused_or_read_never_a_panic() {
        for attr in [
            "table:number-columns-repeated",
            "table:number-rows-repeated",
            "table:number-columns-spanned",
            "table:number-rows-spanned",
        ] {
            for value in ["0", "-1", "", "x", "4294967296", "18446744073709551615", "99999999999999999999999"]
            {
                let cell = format!(
                    r#"<table:table-cell {attr}="{value}" office:value-type="percentage" office:value="0.5"><text:p>50 %</text:p></table:table-cell>"#
                );
                let rows = format!(
                    r#"<table:table-column table:visibility="collapse" table:number-columns-repeated="{value}"/><table:table-row table:visibility="collapse" {attr}="{value}">{cell}{VALUE}</table:table-row>"#
                );
                if let Ok(book) = read_workbook_bytes("fjendtlig.ods", ods(&rows), &LIMITS) {
                    let sheet = &book.sheets[0];
                    assert!(sheet.hidden_rows.len() <= LIMITS.rows, "{attr}={value}");
                    assert!(sheet.hidden_columns.len() <= LIMITS.columns, "{attr}={value}");
                    assert!(sheet.merged.len() <= 1, "{attr}={value}");
                }
            }
        }
    }

    #[test]
    fn xls_cells_arrive_typed_as_from_an_xlsx() {
        // XF 0 General, 1 built-in 0%, 2 a written 0.0%, 3 a date, 4 a
        // written currency, 5 a percent code in UTF-16.
        let formats = [
            format_record(164, "0.0%", false),
            format_record(165, r#"#,##0.00\ "kr.""#, false),
            format_record(166, r"0.00\ %", true),
        ];
        let mulrk = {
            // Row 2 from column A: 5 (General), 6 (0%), 7 (General), as
            // integer RK values.
            let rk =
                |xf: u16, v: u32| [xf.to_le_bytes().to_vec(), ((v << 2) | 2).to_le_bytes().to_vec()].concat();
            record(
                0x00BD,
                &[
                    1u16.to_le_bytes().to_vec(),
                    0u16.to_le_bytes().to_vec(),
                    rk(0, 5),
                    rk(1, 6),
                    rk(0, 7),
                    2u16.to_le_bytes().to_vec(),
                ]
                .concat(),
            )
        };
        let cells = vec![
            number_record(0, 0, 1, 0.1),
            number_record(0, 1, 2, 0.045),
            number_record(0, 2, 3, 39692.0),
            number_record(0, 3, 4, 1234.5),
            label_record(0, 4, 0, "4,5"),
            formula_record(0, 5, 2, 0.045),
            number_record(0, 6, 5, 0.5),
            number_record(0, 7, 0, 4.5),
            mulrk,
        ];
        let bytes = xls(&formats, &[0, 9, 164, 14, 165, 166], &[("Ark", cells)]);
        let book = read_workbook_bytes("typer.xls", bytes, &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            cells_of(&book, "Ark"),
            [
                ("A1", number(0.1, true)),
                ("B1", number(0.045, true)),
                (
                    "C1",
                    Cell {
                        value: CellValue::Date { year: 2008, month: 9, day: 1 },
                        percent_format: false,
                        thousands: false
                    }
                ),
                ("D1", number(1234.5, false)),
                ("E1", text("4,5", false)),
                ("F1", number(0.045, true)),
                ("G1", number(0.5, true)),
                ("H1", number(4.5, false)),
                ("A2", number(5.0, false)),
                ("B2", number(6.0, true)),
                ("C2", number(7.0, false)),
            ]
            .map(|(n, c)| (n.to_string(), c))
        );
    }

    #[test]
    fn xls_marks_go_to_their_own_sheet_and_bad_references_mark_nothing() {
        // A text cell formatted as a percentage is marked, as in an .xlsx.
        // An XF number past the list and a FORMAT record for a built-in id
        // (calamine ignores it) mark nothing.
        let bytes = xls(
            &[format_record(0, "0%", false)],
            &[0, 9, 0],
            &[
                ("Ark", vec![number_record(0, 0, 0, 0.25)]),
                (
                    "Mål",
                    vec![
                        number_record(0, 0, 1, 0.25),
                        label_record(0, 1, 1, "10"),
                        number_record(0, 2, 2, 0.5),
                        number_record(0, 3, 99, 0.5),
                    ],
                ),
            ],
        );
        let book = read_workbook_bytes("to.xls", bytes, &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(cells_of(&book, "Ark"), [("A1".to_string(), number(0.25, false))]);
        assert_eq!(
            cells_of(&book, "Mål"),
            [
                ("A1", number(0.25, true)),
                ("B1", text("10", true)),
                ("C1", number(0.5, false)),
                ("D1", number(0.5, false))
            ]
            .map(|(n, c)| (n.to_string(), c))
        );
        // A MULRK whose length disagrees with its columns, or one cut short:
        // calamine refuses the file, and the scan before it does not panic.
        for mulrk in [
            record(0x00BD, &[at(1, 0, 1), vec![2, 0, 0, 0], 5u16.to_le_bytes().to_vec()].concat()),
            record(0x00BD, &[1, 0, 5, 0, 2, 0]),
            record(0x00BD, &[1, 0, 5]),
        ] {
            let bytes = xls(&[], &[9], &[("Ark", vec![mulrk])]);
            let err = read_workbook_bytes("kort.xls", bytes, &LIMITS).unwrap_err().to_string();
            assert!(err.contains("OF0101"), "{err}");
        }
    }

    #[test]
    fn ods_merged_cells_and_hidden_rows_and_columns_are_found() {
        let value = VALUE;
        let rows = format!(
            r#"<table:table-column table:number-columns-repeated="1"/><table:table-column table:visibility="collapse" table:number-columns-repeated="2"/><table:table-column/><table:table-row>{value}<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3" office:value-type="float" office:value="2"/><table:covered-table-cell/></table:table-row><table:table-row table:visibility="collapse" table:number-rows-repeated="2">{value}</table:table-row><table:table-row table:visibility="filter">{value}</table:table-row><table:table-row table:visibility="collapse" table:number-rows-repeated="1000000000"><table:table-cell/></table:table-row>"#
        );
        let book = read_workbook_bytes("skjult.ods", ods(&rows), &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        let sheet = &book.sheets[0];
        assert_eq!(sheet.merged, ["B1:C3"]);
        assert_eq!(sheet.hidden_columns, [1, 2]);
        // Hidden rows repeated to the sheet's end stop at the row limit.
        assert_eq!(sheet.hidden_rows[..4], [1, 2, 3, 4]);
        assert_eq!(sheet.hidden_rows.len(), LIMITS.rows - 1);
    }

    #[test]
    fn xls_merged_cells_and_hidden_rows_and_columns_are_found() {
        let row = |r: u16, flags: u16| {
            record(
                0x0208,
                &[r.to_le_bytes(), [0, 0], [1, 0], [0xFF, 0], [0, 0], [0, 0], flags.to_le_bytes(), [0, 0]]
                    .concat(),
            )
        };
        let colinfo = |first: u16, last: u16, flags: u16| {
            record(
                0x007D,
                &[first.to_le_bytes(), last.to_le_bytes(), [0, 9], [0, 0], flags.to_le_bytes(), [0, 0]]
                    .concat(),
            )
        };
        // One range: rows 2-4, columns B-C.
        let merged = record(0x00E5, &[1u16, 1, 3, 1, 2].map(u16::to_le_bytes).concat());
        let cells = vec![
            colinfo(1, 2, 1),
            colinfo(3, 3, 0),
            // A hidden range to Excel's last column stops at the limit.
            colinfo(250, 255, 1),
            row(0, 0),
            row(4, 0x20),
            number_record(0, 0, 0, 1.0),
            number_record(4, 0, 0, 1.0),
            merged,
        ];
        let bytes = xls(&[], &[0], &[("Ark", cells)]);
        let book = read_workbook_bytes("skjult.xls", bytes, &LIMITS).unwrap_or_else(|d| panic!("{d}"));
        let sheet = &book.sheets[0];
        assert_eq!(sheet.merged, ["B2:C4"]);
        assert_eq!(sheet.hidden_rows, [4]);
        assert_eq!(sheet.hidden_columns, [1, 2, 250, 251, 252, 253, 254, 255]);
    }

    #[test]
    fn only_a_percent_sign_that_scales_makes_a_percent_format() {
        for code in ["0%", "0.0%", "0.00%", "#,##0.0%", "[Red]0%", "0%;[Red]-0%", "0\" pct\"%", "0 %"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in
            ["General", "0", "0.0", r#"0" %""#, r"0\%", "0_%", "0*%", "[$%-406]0", r#"#,##0.00 "kr.""#, "\"%"]
        {
            assert!(!is_percent_format(code), "{code}");
        }
    }

    #[test]
    fn a_comma_after_the_digits_scales_and_one_between_them_does_not() {
        for code in ["#,##0,", "0.0,,", "#,##0,\"k\"", "#,##0.00,;-#,##0.00,", "0, \"t.kr.\"", "[Red]#,##0,"]
        {
            assert!(is_thousands_format(code), "{code}");
        }
        for code in [
            "General",
            "0",
            "#,##0",
            "#,##0.00",
            "0%",
            "\"a,\"0",
            "0\\,",
            "#,##0 \"kr.\"",
            "[$,-406]0",
            "0_,",
        ] {
            assert!(!is_thousands_format(code), "{code}");
        }
    }

    #[test]
    fn iso_durations_are_read_as_days() {
        assert_eq!(iso_duration_days("PT12H00M00S"), Some(0.5));
        assert_eq!(iso_duration_days("P1DT6H"), Some(1.25));
        assert_eq!(iso_duration_days("-PT24H"), Some(-1.0));
        assert_eq!(iso_duration_days("PT00H00M01.5S"), Some(1.5 / 86_400.0));
        for bad in ["P1Y", "P1M", "PT", "P", "12:30", "PT1X", "PTH", ""] {
            assert_eq!(iso_duration_days(bad), None, "{bad}");
        }
    }

    #[test]
    fn biff_strings_are_read_in_each_form() {
        assert_eq!(biff_string(&[4, 0, 0, b'0', b'.', b'0', b'%'], true), "0.0%");
        assert_eq!(biff_string(&[2, 0, 1, b'0', 0, b'%', 0], true), "0%");
        assert_eq!(biff_string(&[2, b'0', b'%', b'x'], false), "0%");
        // Short or empty data gives what there is, never a panic.
        assert_eq!(biff_string(&[9, 0, 0, b'%'], true), "%");
        assert_eq!(biff_string(&[9, 0, 1, b'%'], true), "");
        assert_eq!(biff_string(&[], true), "");
        assert_eq!(biff_string(&[], false), "");
    }

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
