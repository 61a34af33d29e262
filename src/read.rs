//! Reading: a workbook file into sheets of typed cells, within fixed limits.
//!
//! This stage knows about file formats (`.xlsx`, `.xls`, `.ods`, through
//! calamine) and nothing about what the sheets mean; [`crate::normalise`]
//! gives them meaning. It keeps what normalising needs to be exact: each
//! cell's position, and whether a number was formatted as a percentage in
//! Excel (so `0,045` shown as `4,5 %` is read as 4,5 %).

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
            .at(Location { file: file.clone(), sheet: None, cell: None })
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
        .at(Location { file: file.to_string(), sheet: None, cell: None })
        .found(format!("{} MB", size / 1024 / 1024))
        .hint("en projektmappe til opfølgningen fylder normalt under 1 MB; tjek at det er den rigtige fil")
}

/// Reads a workbook from its bytes within the given limits; `file` is the
/// name messages use. The format is told by the bytes, not the name.
pub fn read_workbook_bytes(file: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, Diagnostics> {
    let at =
        |sheet: Option<&str>| Location { file: file.to_string(), sheet: sheet.map(String::from), cell: None };
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
    if let Kind::Compound = kind {
        check_xls_extent(&bytes, limits).map_err(|d| Diagnostics::from(d.at(at(None))))?;
    }
    let is_zip = matches!(kind, Kind::Zip);
    if is_zip && is_ods(&bytes) {
        check_ods_extent(&bytes, limits)
            .map_err(|(sheet, d)| Diagnostics::from(d.at(at(sheet.as_deref()))))?;
    }
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
    for name in book.sheet_names() {
        let sheet = guarded(|| match &mut book {
            Sheets::Xlsx(x) => read_xlsx_sheet(x, &name, limits),
            other => read_other_sheet(other, &name, limits),
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
fn check_ods_extent(bytes: &[u8], limits: &Limits) -> Result<(), (Option<String>, Diagnostic)> {
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
            match e.name().as_ref() {
                "table:table" => {
                    let name = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .map(|a| a.value.to_string())
                        .unwrap_or_default();
                    sheet = Some((name, 0, 0));
                }
                "table:table-row" => {
                    (row_repeats, column, row_extent) = (repeats(e, "table:number-rows-repeated"), 0, 0);
                    // A row without cells ends here.
                    if empty && let Some((_, rows, _)) = &mut sheet {
                        *rows = rows.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeats(e, "table:number-columns-repeated");
                    let valued = has(e, "office:value-type") || has(e, "office:value");
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
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
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
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Finds the extent of the cells of an .xls (BIFF records in its compound
/// file) before calamine reads it: calamine allocates the whole bounding box
/// of a sheet's cells when it opens the file, and an .xls can place a cell
/// at column 65.535 (the fuzzer found one asking for 67 GB).
fn check_xls_extent(bytes: &[u8], limits: &Limits) -> Result<(), Diagnostic> {
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
        return Ok(());
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
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
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
    Ok(())
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
        let percent_format = styles
            .get(style)
            .and_then(|st| st.number_format.as_ref())
            .is_some_and(|nf| nf.format_code.contains('%'));
        place(&mut rows, &mut cells, (r as usize, c as usize), Cell { value, percent_format }, limits)?;
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
        place(&mut rows, &mut cells, (r, c), Cell { value, percent_format: false }, limits)?;
    }
    Ok(Sheet { name: name.to_string(), rows, merged, hidden_rows: vec![], hidden_columns: vec![] })
}

/// Reads an .xls or .ods sheet through calamine's ranges (calamine caps
/// their size itself; an .xls sheet has at most 65.536 rows and 256 columns).
fn read_other_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    limits: &Limits,
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
        place(&mut rows, &mut cells, at, Cell { value, percent_format: false }, limits)?;
    }
    Ok(Sheet {
        name: name.to_string(),
        rows,
        merged: Vec::new(),
        hidden_rows: vec![],
        hidden_columns: vec![],
    })
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

    /// An .ods with one sheet «Ark» whose body (rows) is `rows`.
    fn ods(rows: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        zip.start_file("content.xml", stored).unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Ark">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
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
