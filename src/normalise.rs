//! Normalising: the sheets of a workbook into a validated [`Report`].
//!
//! The workbook format is documented for its users in `docs/workbook.md`.
//! Everything the secretariat can get wrong is checked here and reported with
//! the sheet and cell, and all problems are collected before giving up, so
//! one run lists everything to fix.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{
    AreaText, AssessmentRules, Block, Date, Direction, DocumentKind, Goal, GoalKind, GoalType, ManualLight,
    Measure, Outcome, Report, ReportMeta, Signatory, SteeringParameter, Table, Target, TrafficLight, Unit,
    UnitContract, UnitResult, UnitScope,
};
use crate::read::{Cell, CellValue, Sheet, Workbook, cell_name, fold};

/// Sheet names, as the workbook spells them.
pub mod sheets {
    /// Report metadata: one field per row.
    pub const REPORT: &str = "Rapport";
    /// The steering parameters.
    pub const STEERING: &str = "Styringsparametre";
    /// The units.
    pub const UNITS: &str = "Enheder";
    /// The tables.
    pub const TABLES: &str = "Tabeller";
    /// The goals.
    pub const GOALS: &str = "Mål";
    /// Targets and results per goal and unit.
    pub const RESULTS: &str = "Resultater";
    /// The document's text in reading order.
    pub const DOCUMENT: &str = "Dokument";
    /// Contracts: each unit's own texts (purpose, tasks, lead texts).
    pub const CONTRACT_TEXTS: &str = "Kontrakttekster";
}

/// The columns of each sheet: the name messages use, the names (folded)
/// a header may have, and whether the column must be there. `opfolg init`
/// writes its blank workbooks from these.
pub mod columns {
    use super::{Column, col};

    /// Rapport: one field per row.
    pub const REPORT: &[Column] = &[col("Felt", &["Felt", "Nøgle"], true), col("Værdi", &["Værdi"], true)];

    /// Styringsparametre.
    pub const STEERING: &[Column] = &[
        col("Nr", &["Nr", "Nummer"], true),
        col("Navn", &["Navn", "Styringsparameter"], true),
        col("Beskrivelse", &["Beskrivelse", "Tekst"], false),
        col("Områdeoverskrift", &["Områdeoverskrift", "Overskrift i kontrakten"], false),
    ];

    /// Enheder.
    pub const UNITS: &[Column] = &[
        col("Id", &["Id", "Enhed", "Enheds-id"], true),
        col("Navn", &["Navn"], true),
        col("Kort navn", &["Kort navn", "Navn i tabel", "Forkortelse"], false),
        col("Sagsnummer", &["Sagsnummer", "Sagsnr"], false),
        col("Dokumentnummer", &["Dokumentnummer", "Dok.nr", "Doknr"], false),
        col("Leder", &["Leder", "Chef", "Underskriver"], false),
        col("Leders titel", &["Leders titel", "Ledertitel", "Titel"], false),
        col("Består af", &["Består af", "Summerer", "Omfatter"], false),
    ];

    /// Tabeller.
    pub const TABLES: &[Column] = &[
        col("Nr", &["Nr", "Tabel", "Tabelnr"], true),
        col("Titel", &["Titel", "Overskrift", "Tabeltekst"], true),
        col("Kilde", &["Kilde"], false),
        col("Note", &["Note"], false),
        col("Tekst under tabel", &["Tekst under tabel", "Anmærkning"], false),
    ];

    /// Mål.
    pub const GOALS: &[Column] = &[
        col("Id", &["Id", "Mål-id"], true),
        col("Tabel", &["Tabel", "Tabelnr"], false),
        col("Styringsparameter", &["Styringsparameter"], false),
        col("Måltype", &["Måltype", "Type"], true),
        col("Måltekst", &["Måltekst", "Mål", "Tekst"], true),
        // Required in follow-ups, where they decide differences and lights.
        col("Måleenhed", &["Måleenhed", "Enhed"], false),
        col("Retning", &["Retning"], false),
        col("Decimaler", &["Decimaler"], false),
        col("Decimaler forskel", &["Decimaler forskel", "Decimaler, forskel"], false),
        col("Tolerance", &["Tolerance"], false),
        col("Emne", &["Emne", "Område"], false),
        col("Målart", &["Målart", "Målets art", "Art"], false),
    ];

    /// Resultater: one row per goal and unit.
    pub const RESULTS: &[Column] = &[
        col("Mål-id", &["Mål-id", "Mål id", "Målid"], true),
        col("Enhed", &["Enhed", "Center", "Enheds-id"], true),
        col("Måltal", &["Måltal", "Mål tal"], false),
        col("Resultat", &["Resultat"], false),
        col("Uddybning", &["Uddybning", "Resultat uddybning", "Fordeling"], false),
        col("Mærke", &["Mærke"], false),
        col("Trafiklys", &["Trafiklys", "Manuelt trafiklys"], false),
        col("Begrundelse", &["Begrundelse"], false),
        col("Måltekst for enheden", &["Måltekst for enheden", "Enhedens måltekst", "Egen måltekst"], false),
        col("Periodemål", &["Periodemål", "Delmål", "Milepæl"], false),
        col("Opgørelsesperiode", &["Opgørelsesperiode", "Dataperiode", "Tal for perioden"], false),
    ];

    /// Kontrakttekster: each unit's own texts.
    pub const CONTRACT_TEXTS: &[Column] = &[
        col("Enhed", &["Enhed", "Enheds-id", "Center"], true),
        col("Del", &["Del", "Type"], true),
        col("Tekst", &["Tekst", "Indhold"], true),
    ];

    /// Dokument: the text in reading order.
    pub const DOCUMENT: &[Column] = &[
        col("Type", &["Type"], true),
        // Nearly every row type needs it: without the column, every row
        // would be an error of its own.
        col("Tekst", &["Tekst", "Indhold"], true),
        col("Fodnote", &["Fodnote"], false),
        col("Enheder", &["Enheder", "Kun for enhederne", "Kun for"], false),
    ];
}

/// Builds the report from a workbook, or says everything that is wrong with it.
/// Warnings are returned beside the report.
pub fn normalise(book: &Workbook) -> Result<(Report, Diagnostics), Diagnostics> {
    normalise_with(book, None)
}

/// As [`normalise`]; with `covers`, every text the documents will show is
/// also checked against the fonts (`covers` says whether a character can be
/// drawn), so a character no font has is found here, with its cell, and
/// `opfolg check` refuses what `opfolg build` would.
pub fn normalise_with(
    book: &Workbook,
    covers: Option<&dyn Fn(char) -> bool>,
) -> Result<(Report, Diagnostics), Diagnostics> {
    let mut n = Normaliser::new(book);
    let result = n.run(covers);
    // One problem, one report: what a cell's first error causes in the same
    // cell is not said again.
    n.diags.one_error_per_cell();
    let stop = n.diags.has_workbook_errors()
        || (result.as_ref().is_some_and(|r| r.meta.kind != DocumentKind::Contracts) && n.diags.has_errors());
    match result {
        Some(report) if !stop => Ok((report, n.diags)),
        _ => Err(n.diags),
    }
}

/// The problem with a text that has a character `covers` says no font can
/// draw (OF0314), if it has one; without a place, which the caller knows.
/// Loading checks every cell with it; rendering checks the view again, so
/// that no document shows an empty box.
pub fn missing_glyph(text: &str, covers: &dyn Fn(char) -> bool) -> Option<Diagnostic> {
    let first = text.chars().find(|c| !c.is_whitespace() && !c.is_control() && !covers(*c))?;
    let shown: String = text.chars().take(80).collect();
    Some(
        Diagnostic::error(
            "OF0314",
            format!("tegnet «{first}» (U+{:04X}) findes ikke i dokumentets skrifttype", first as u32),
        )
        .found(shown)
        .hint("ret teksten i projektmappen, eller læg en skrifttype med tegnet i mappen fonts/"),
    )
}

impl<'a> Normaliser<'a> {
    fn new(book: &'a Workbook) -> Self {
        Normaliser {
            book,
            diags: Diagnostics::default(),
            kind: DocumentKind::HalfYear,
            kind_known: false,
            broken_sheets: HashSet::new(),
            broken_ids: HashMap::new(),
            ids_unknown: HashSet::new(),
            goals_with_rows: HashSet::new(),
            tables_with_goals: HashSet::new(),
            bad_goal_table: false,
            bad_goal_ref: false,
            bad_table_row: false,
            places: HashMap::new(),
            target_cells: Vec::new(),
        }
    }

    /// Reads every sheet; `None` when the sheet «Rapport» cannot be read.
    fn run(&mut self, covers: Option<&dyn Fn(char) -> bool>) -> Option<Report> {
        let n = self;
        let meta = n.meta();
        if let Some((m, _)) = &meta {
            n.kind = m.kind;
        }
        let steering_parameters = n.steering_parameters();
        let mut units = n.units();
        let tables = n.tables();
        let mut goals = n.goals(&tables, &steering_parameters);
        n.results(&mut goals, &units);
        if n.kind == DocumentKind::Contracts {
            n.contract_texts(&mut units, &steering_parameters);
        }
        let content = n.content(&tables, &steering_parameters, &units);
        if let Some(covers) = covers {
            n.check_glyphs(covers, &units);
        }
        n.check_placeholders(&goals);
        let (meta, rules) = meta?;
        if meta.kind == DocumentKind::Contracts {
            n.check_file_names(meta.year, &units);
        }
        if meta.kind.is_follow_up() {
            n.check_tables_used(&tables, &goals, &content);
        }
        // A contract batch still makes the units whose own rows are in order;
        // the errors name the units they stop (see `normalise_with`).
        Some(Report { meta, steering_parameters, units, tables, goals, content, rules })
    }
}

struct Normaliser<'a> {
    book: &'a Workbook,
    diags: Diagnostics,
    /// The workbook's kind decides which sheets and cells are required.
    kind: DocumentKind,
    /// False when «Rapport» does not say the kind (the sheet or the field
    /// is wrong): then only what every kind needs is required, so that the
    /// one error is not followed by the demands of a kind it may not be.
    kind_known: bool,
    /// Sheets that could not be read as tables (missing, empty, a column
    /// missing): references into them are not checked, since every one
    /// would fail for the one reason already reported.
    broken_sheets: HashSet<&'static str>,
    /// Per sheet, the ids (folded) of rows that are there but wrong: a
    /// reference to one is not a second problem.
    broken_ids: HashMap<&'static str, HashSet<String>>,
    /// Sheets with a row whose id or number is missing or wrong: a
    /// reference not found may be to that row.
    ids_unknown: HashSet<&'static str>,
    /// Goals (folded ids) named in «Resultater», by a good row or a bad one.
    goals_with_rows: HashSet<String>,
    /// Tables named in «Mål», by a good row or a bad one.
    tables_with_goals: HashSet<u32>,
    /// A goal's «Tabel» cell is wrong, so which table it is in is not known.
    bad_goal_table: bool,
    /// A row of «Resultater» names a goal that is not there: which goal
    /// it is for is not known.
    bad_goal_ref: bool,
    /// A «tabel» row of «Dokument» is wrong, so which tables it places is
    /// not known.
    bad_table_row: bool,
    /// The cell of each table's number and each goal's id (folded), by
    /// sheet, for problems of the table or goal as a whole.
    places: HashMap<(&'static str, String), Location>,
    /// The cell of each target read: goal id, unit id, where.
    target_cells: Vec<TargetCell>,
}

/// Where a unit's target for a goal is in a workbook: what
/// [`crate::agree`] names when two workbooks disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCell {
    /// The goal's id, as written.
    pub goal: String,
    /// The unit's id, as written.
    pub unit: String,
    /// The cell of the target («Måltal»).
    pub at: Location,
}

/// The cell of every target the workbook gives (rows of «Resultater» with a
/// target that could be read), in the sheet's order.
pub fn target_cells(book: &Workbook) -> Vec<TargetCell> {
    let mut n = Normaliser::new(book);
    n.run(None);
    n.target_cells
}

/// A column the normaliser looks for: its name in messages and the folded
/// names it answers to.
#[derive(Debug)]
pub struct Column {
    /// The column's name, as messages and `opfolg init` write it.
    pub name: &'static str,
    /// Every header that means this column (compared folded).
    pub aliases: &'static [&'static str],
    /// Whether the sheet must have the column.
    pub required: bool,
}

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { name, aliases, required }
}

/// A sheet read as a table: a header row, then one record per row.
struct SheetTable<'a> {
    file: &'a str,
    sheet: &'a Sheet,
    header_row: usize,
    columns: Vec<Option<usize>>,
}

/// One data row of a [`SheetTable`].
#[derive(Clone, Copy)]
struct Row<'a> {
    table: &'a SheetTable<'a>,
    index: usize,
}

impl<'a> Normaliser<'a> {
    fn location(&self, sheet: &str) -> Location {
        Location { file: self.book.file.clone(), sheet: Some(sheet.to_string()), cell: None, line: None }
    }

    /// Remembers that the row with id `id` of sheet `sheet` is there but wrong.
    fn broken(&mut self, sheet: &'static str, id: &str) {
        self.broken_ids.entry(sheet).or_default().insert(fold(id));
    }

    /// True when a reference to `id` in sheet `sheet` that is not found is a
    /// problem of its own: the sheet was read, and no wrong row has the id.
    fn unexplained(&self, sheet: &'static str, id: &str) -> bool {
        !self.broken_sheets.contains(sheet)
            && !self.ids_unknown.contains(sheet)
            && !self.broken_ids.get(sheet).is_some_and(|ids| ids.contains(&fold(id)))
    }

    /// A sheet the workbook may leave out: `None` without a word when it
    /// is not there.
    fn optional_table(&mut self, name: &'static str, spec: &[Column]) -> Option<SheetTable<'a>> {
        self.book.sheet(name)?;
        self.table(name, spec)
    }

    /// Finds a sheet and its columns; records what is missing.
    fn table(&mut self, name: &'static str, spec: &[Column]) -> Option<SheetTable<'a>> {
        self.table_requiring(name, spec, &[])
    }

    /// As [`Normaliser::table`], with the columns this kind of document
    /// needs besides the ones every kind needs (`also`: their indexes in
    /// `spec`). A sheet that cannot be read is remembered, so references
    /// into it are not reported one by one.
    fn table_requiring(
        &mut self,
        name: &'static str,
        spec: &[Column],
        also: &[usize],
    ) -> Option<SheetTable<'a>> {
        let table = self.read_table(name, spec, also);
        if table.is_none() {
            self.broken_sheets.insert(name);
        }
        table
    }

    fn read_table(&mut self, name: &str, spec: &[Column], also: &[usize]) -> Option<SheetTable<'a>> {
        let Some(sheet) = self.book.sheet(name) else {
            let have: Vec<&str> = self.book.sheets.iter().map(|s| s.name.as_str()).collect();
            // A sheet renamed ("Resultater 2008") is the likeliest cause.
            let unknown: Vec<(usize, String)> = have
                .iter()
                .enumerate()
                .filter(|(_, s)| !KNOWN_SHEETS.iter().any(|k| fold(k) == fold(s)))
                .map(|(i, s)| (i, s.to_string()))
                .collect();
            let hint = match nearest(&[name], &unknown) {
                Some((_, like)) => format!("arket «{like}» ligner; omdøb det til «{name}»"),
                None => format!(
                    "projektmappen har arkene {}; se docs/workbook.md",
                    have.iter().map(|s| format!("«{s}»")).collect::<Vec<_>>().join(", ")
                ),
            };
            self.diags.push(
                Diagnostic::error("OF0201", format!("arket «{name}» mangler"))
                    .at(Location { file: self.book.file.clone(), sheet: None, cell: None, line: None })
                    .hint(hint),
            );
            return None;
        };
        // The header is the first row with any text in it.
        let Some(header_row) = sheet.rows.iter().position(|r| r.iter().any(|c| !is_empty(c))) else {
            self.diags.push(
                Diagnostic::error("OF0202", format!("arket «{}» er tomt", sheet.name))
                    .at(Location { cell: Some("A1".into()), ..self.location(&sheet.name) })
                    .hint("første række skal have kolonneoverskrifterne; se docs/workbook.md"),
            );
            return None;
        };
        // A merged cell keeps its value in its first cell only; the rows it
        // spans would silently lose it.
        for range in &sheet.merged {
            self.diags.push(
                Diagnostic::error("OF0207", "arket har flettede celler")
                    .at(Location {
                        file: self.book.file.clone(),
                        sheet: Some(sheet.name.clone()),
                        cell: Some(range.clone()),
                        line: None,
                    })
                    .hint("ophæv fletningen (Start > Flet og centrer) og skriv værdien i hver celle"),
            );
        }
        // Hidden rows and columns are read like the others: say so, since
        // what is hidden on screen still goes into the paper.
        if !sheet.hidden_rows.is_empty() || !sheet.hidden_columns.is_empty() {
            let mut places: Vec<String> =
                sheet.hidden_rows.iter().take(10).map(|r| (r + 1).to_string()).collect();
            places.extend(sheet.hidden_columns.iter().take(10).map(|c| {
                let name = cell_name(0, *c);
                name.trim_end_matches('1').to_string()
            }));
            self.diags.push(
                Diagnostic::warning("OF0208", "arket har skjulte rækker eller kolonner; de læses med")
                    .at(Location {
                        file: self.book.file.clone(),
                        sheet: Some(sheet.name.clone()),
                        cell: None,
                        line: None,
                    })
                    .found(places.join(", "))
                    .hint("vis dem og tjek dem, eller slet dem, hvis de ikke skal med"),
            );
        }
        let header = &sheet.rows[header_row];
        let at = |c: usize| Location {
            file: self.book.file.clone(),
            sheet: Some(sheet.name.clone()),
            cell: Some(cell_name(header_row, c)),
            line: None,
        };
        let mut columns = vec![None; spec.len()];
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut found: Vec<String> = Vec::new();
        let mut unknown: Vec<(usize, String)> = Vec::new();
        for (c, cell) in header.iter().enumerate() {
            let Some(text) = text_of(cell) else { continue };
            found.push(text.clone());
            let key = fold(&text);
            if let Some(first) = seen.insert(key.clone(), c) {
                self.diags.push(
                    Diagnostic::error("OF0204", "kolonnen findes to gange")
                        .at(at(c))
                        .found(text)
                        .hint(format!("den står også i {}", cell_name(header_row, first))),
                );
                continue;
            }
            match spec.iter().position(|s| s.aliases.iter().any(|a| fold(a) == key)) {
                Some(i) => columns[i] = Some(c),
                None => unknown.push((c, text)),
            }
        }
        // A required column that is missing: most often its header was
        // retyped ("Resultat 1. halvår 2008"); that header is named, and is
        // not also reported as unknown. An optional column is missing in the
        // same way when a header like it has filled cells ("Lys" for
        // Trafiklys): unused, its values would silently give way to defaults.
        let mut ok = true;
        let mut explained: Vec<usize> = Vec::new();
        for (i, s) in spec.iter().enumerate() {
            if columns[i].is_some() {
                continue;
            }
            let needed = s.required || also.contains(&i);
            let open: Vec<(usize, String)> =
                unknown.iter().filter(|(c, _)| !explained.contains(c)).cloned().collect();
            let like = nearest(s.aliases, &open);
            if !needed {
                let filled = |c: usize| {
                    sheet
                        .rows
                        .iter()
                        .skip(header_row + 1)
                        .any(|r| r.get(c).is_some_and(|cell| !is_empty(cell)))
                };
                if !like.is_some_and(|(c, _)| filled(*c)) {
                    continue;
                }
            }
            ok &= !needed;
            let place = match like {
                Some((c, _)) => at(*c),
                // Where it can be added: after the last header.
                None => at(header.len()),
            };
            let hint = match like {
                Some((c, text)) => {
                    explained.push(*c);
                    format!(
                        "overskriften «{text}» i {} ligner; skriv «{}» som overskrift (kolonneoverskrifterne står i første udfyldte række)",
                        cell_name(header_row, *c),
                        s.name
                    )
                }
                None => format!(
                    "tilføj kolonnen «{}» i første udfyldte række; arket kender kolonnerne {}",
                    s.name,
                    spec.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                ),
            };
            self.diags.push(
                Diagnostic::error(
                    "OF0203",
                    format!("kolonnen «{}» mangler i arket «{}»", s.name, sheet.name),
                )
                .at(place)
                .found(format!("kolonnerne {}", found.join(", ")))
                .hint(hint),
            );
        }
        for (c, text) in unknown.into_iter().filter(|(c, _)| !explained.contains(c)) {
            self.diags.push(
                Diagnostic::warning("OF0205", "ukendt kolonne; den bliver ikke brugt")
                    .at(at(c))
                    .found(text)
                    .hint(format!(
                        "arket kender kolonnerne {}",
                        spec.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                    )),
            );
        }
        // A formula stored without its value would read as an empty cell: a
        // result would silently go unassessed.
        for (r, row) in sheet.rows.iter().enumerate().skip(header_row + 1) {
            for c in columns.iter().flatten() {
                if let Some(Cell { value: CellValue::Uncalculated(formula), .. }) = row.get(*c) {
                    self.diags.push(
                        Diagnostic::error("OF0315", "cellen har en formel, men ingen beregnet værdi")
                            .at(Location { cell: Some(cell_name(r, *c)), ..at(0) })
                            .found(format!("={}", formula.trim_start_matches('=')))
                            .hint(UNCALCULATED_HINT),
                    );
                }
            }
        }
        ok.then_some(SheetTable { file: &self.book.file, sheet, header_row, columns })
    }

    /// The sheet «Rapport»; its problems are told in the order of its rows.
    fn meta(&mut self) -> Option<(ReportMeta, AssessmentRules)> {
        let since = self.diags.len();
        let meta = self.meta_fields();
        self.diags.sort_by_cell_since(since);
        meta
    }

    fn meta_fields(&mut self) -> Option<(ReportMeta, AssessmentRules)> {
        let t = self.table(sheets::REPORT, columns::REPORT)?;
        let mut fields: HashMap<String, Row> = HashMap::new();
        // Field names opfolg does not know (a typing slip: «Tolerence»), and
        // whether a field's name could not be read at all.
        let mut unknown: Vec<(usize, String)> = Vec::new();
        let mut unreadable = false;
        for row in t.rows() {
            let Some(key) = row.text(0) else {
                unreadable = true;
                self.diags.push(row.error(0, "OF0301", "feltets navn mangler"));
                continue;
            };
            if !REPORT_FIELDS.iter().flat_map(|f| f.iter()).any(|k| fold(k) == fold(&key)) {
                unknown.push((row.index, key.clone()));
            }
            fields.insert(fold(&key), row);
        }
        let felt = t.columns[0].unwrap_or(0);
        let explained: std::cell::RefCell<Vec<usize>> = Default::default();
        // A field that is not there: the unknown field most like it is the
        // likeliest cause; when a field's name could not be read, it may be
        // that one, so nothing more is said.
        let missing = |n: &mut Self, name: &str, keys: &[&str], hint: &str| {
            if unreadable {
                return;
            }
            let d = Diagnostic::error("OF0206", format!("feltet «{name}» mangler"));
            n.diags.push(match nearest(keys, &unknown) {
                Some((r, text)) => {
                    explained.borrow_mut().push(*r);
                    d.at(Location { cell: Some(cell_name(*r, felt)), ..n.location(&t.sheet.name) })
                        .found(text.clone())
                        .hint(format!("skriv «{name}» i kolonnen Felt"))
                }
                // Where the field can be added: below the last row.
                None => d
                    .at(Location {
                        cell: Some(cell_name(t.sheet.rows.len(), felt)),
                        ..n.location(&t.sheet.name)
                    })
                    .hint(hint.to_string()),
            });
        };
        let get = |keys: &[&str]| keys.iter().find_map(|k| fields.get(&fold(k)).copied());
        let required_text = |n: &mut Self, name: &str, keys: &[&str]| -> Option<String> {
            match get(keys) {
                Some(row) => row.required_text(1, &mut n.diags),
                None => {
                    missing(n, name, keys, &format!("tilføj en række med «{name}» i kolonnen Felt"));
                    None
                }
            }
        };
        let kind_keys = REPORT_FIELDS[0];
        let kind = match get(kind_keys) {
            Some(row) => row.keyword(1, KINDS, &mut self.diags),
            // The field's name unreadable or mistyped: the kind is not known.
            None if unreadable => None,
            None if let Some((r, text)) = nearest(kind_keys, &unknown).or_else(|| {
                // A field whose value is a kind is the kind's field, misnamed.
                unknown.iter().find(|(_, f)| {
                    let value = fields.get(&fold(f)).and_then(|r| r.text(1)).map(|v| fold(&v));
                    value.is_some_and(|v| KINDS.iter().any(|(k, _)| fold(k) == v))
                })
            }) =>
            {
                explained.borrow_mut().push(*r);
                self.diags.push(
                    Diagnostic::error("OF0206", "feltet «Dokumenttype» mangler")
                        .at(Location { cell: Some(cell_name(*r, felt)), ..self.location(&t.sheet.name) })
                        .found(text.clone())
                        .hint("skriv «Dokumenttype» i kolonnen Felt"),
                );
                None
            }
            // Workbooks from before there were other kinds.
            None => Some(DocumentKind::HalfYear),
        };
        // The kind decides which sheets the rest of the workbook needs, even
        // when other fields here are still blank (a new workbook).
        if let Some(k) = kind {
            self.kind = k;
            self.kind_known = true;
        }
        let title = required_text(self, "Titel", &["Titel"]);
        let period = match kind {
            Some(k) if k.is_follow_up() => required_text(self, "Periode", &["Periode"]),
            _ => get(&["Periode"]).and_then(|r| r.text(1)),
        };
        let administration = required_text(self, "Forvaltning", &["Forvaltning"]);
        let year = match get(&["År", "Kontraktår"]) {
            // A year the papers could print: «208» or «20008» is a slip
            // that would stand on the front page and in every file name.
            Some(row) => row.integer(1, &mut self.diags).filter(|y| {
                let fits = (1900..=2200).contains(y);
                if !fits {
                    self.diags.push(
                        row.error(1, "OF0302", "forventede et årstal fra 1900 til 2200")
                            .found(y.to_string())
                            .hint("skriv året med fire cifre, fx 2008"),
                    );
                }
                fits
            }),
            None => {
                missing(self, "År", &["År", "Kontraktår"], "tilføj en række med «År» i kolonnen Felt");
                None
            }
        };
        let date = match get(&["Dato"]) {
            Some(row) => {
                let date = row.date(1, &mut self.diags);
                // A paper is written in its year, a full-year one the year
                // after, a contract or case for next year in December before;
                // any other year is likely a slip (2031 for 2008) that would
                // silently stand on the front page.
                if let (Some(d), Some(y)) = (date, year)
                    && !(y - 1..=y + 1).contains(&i64::from(d.year))
                {
                    self.diags.push(
                        row.warning(
                            1,
                            "OF0317",
                            format!("datoen er fra {}, men dokumentet er for {y}", d.year),
                        )
                        .found(format!("{:02}-{:02}-{:04}", d.day, d.month, d.year))
                        .hint(format!(
                            "et dokument for {y} skrives i {}, {y} eller {}; tjek årstallet i «Dato» og i «År»",
                            y - 1,
                            y + 1
                        )),
                    );
                }
                date
            }
            None => {
                missing(self, "Dato", &["Dato"], "datoen står på forsiden og i PDF-filen");
                None
            }
        };
        let committee = get(&["Udvalg"]).and_then(|r| r.text(1));
        let case_number = get(&["Sagsnummer", "Sagsnr"]).and_then(|r| r.text(1));
        let agenda_item = get(&["Punkt", "Dagsordenspunkt"]).and_then(|r| r.text(1));
        let signatory = get(&["Underskriver"]).and_then(|r| r.text(1)).map(|name| Signatory {
            name,
            title: get(&["Underskrivers titel", "Titel på underskriver"])
                .and_then(|r| r.text(1))
                .unwrap_or_default(),
        });
        let signing_date = get(&["Underskriftsdato", "Dato for underskrift"]).and_then(|r| r.text(1));
        // A field not known is not used: a mistyped «Tolerance procentpoint»
        // would silently leave the standard tolerance.
        for (r, text) in unknown.iter().filter(|(r, _)| !explained.borrow().contains(r)) {
            let at = Location { cell: Some(cell_name(*r, felt)), ..self.location(&t.sheet.name) };
            // Like a field that is not there: its value would silently not
            // be used (a mistyped «Tolerance procentpoint» leaves the
            // standard tolerance), so it is an error.
            let like = REPORT_FIELDS.iter().find(|f| {
                !f.iter().any(|k| fields.contains_key(&fold(k))) && nearest(f, &[(0, text.clone())]).is_some()
            });
            self.diags.push(match like {
                Some(f) => Diagnostic::error("OF0206", format!("feltet «{}» mangler", f[0]))
                    .at(at)
                    .found(text.clone())
                    .hint(format!("skriv «{}» i kolonnen Felt; ellers bliver værdien ikke brugt", f[0])),
                None => Diagnostic::warning("OF0205", "ukendt felt; det bliver ikke brugt")
                    .at(at)
                    .found(text.clone())
                    .hint("se felterne i docs/workbook.md"),
            });
        }
        let mut rules = AssessmentRules::default();
        // A half-year note is judged at its period: «1. halvår» is half the
        // year, «1.-3. kvartal» three quarters; a period it cannot read is
        // the half year the note is named for.
        if kind == Some(DocumentKind::HalfYear) {
            rules.period_share = period.as_deref().and_then(crate::model::period_share).unwrap_or(0.5);
        }
        if let Some(row) = get(&["Tolerance procentpoint", "Tolerance %-point"])
            && let Some(v) = row.points(1, &mut self.diags)
        {
            rules.percent_points = v;
        }
        if let Some(row) = get(&["Tolerance relativ", "Tolerance relativ %"])
            && let Some(v) = row.percent(1, &mut self.diags)
        {
            // 10 %, 10 and 0,1 all mean a tenth: a tolerance of under 1 %
            // of the target is no tolerance, and .ods files lose Excel's
            // percent format.
            let formatted = row.shows_percent(1);
            if !formatted && v.abs() == 1.0 {
                // 1 is both «1 %» and «100 %» by that rule.
                self.diags.push(
                    row.error(1, "OF0316", "1 kan betyde 1 % og 100 % af målet")
                        .found("1")
                        .hint("skriv 1 % eller 100 %, eller formatér cellen som procent"),
                );
            }
            rules.relative = if !formatted && v.abs() <= 1.0 { v } else { v / 100.0 };
        }
        Some((
            ReportMeta {
                title: title?,
                year: year? as i32,
                period: match period {
                    Some(p) => p,
                    None if kind?.is_follow_up() => return None,
                    None => year?.to_string(),
                },
                administration: administration?,
                committee,
                case_number,
                date: date?,
                kind: kind?,
                agenda_item,
                signatory,
                signing_date,
            },
            rules,
        ))
    }

    fn steering_parameters(&mut self) -> Vec<SteeringParameter> {
        let Some(t) = self.table(sheets::STEERING, columns::STEERING) else { return vec![] };
        let mut out: Vec<SteeringParameter> = Vec::new();
        for row in t.rows() {
            let number = row.row_number(0, &mut self.diags);
            if number.is_none() {
                self.ids_unknown.insert(sheets::STEERING);
            }
            let name = row.required_text(1, &mut self.diags);
            let description = row.text(2).unwrap_or_default();
            let area_heading = row.text(3);
            if let (Some(number), None) = (number, &name) {
                self.broken(sheets::STEERING, &number.to_string());
            }
            if let (Some(number), Some(name)) = (number, name) {
                if out.iter().any(|p| p.number == number) {
                    self.diags.push(row.error(0, "OF0402", "styringsparameterens nummer findes allerede"));
                    continue;
                }
                out.push(SteeringParameter { number, name, description, area_heading });
            }
        }
        out
    }

    fn units(&mut self) -> Vec<Unit> {
        // A committee case may quote goals without naming units.
        let t = if self.kind == DocumentKind::CommitteeCase || !self.kind_known {
            self.optional_table(sheets::UNITS, columns::UNITS)
        } else {
            self.table(sheets::UNITS, columns::UNITS)
        };
        let Some(t) = t else { return vec![] };
        // Contracts are made per unit, and a follow-up reports per unit:
        // without a unit there is nothing to make, which is no success.
        if t.rows().next().is_none() && self.kind != DocumentKind::CommitteeCase && self.kind_known {
            self.diags.push(
                Diagnostic::error("OF0202", format!("arket «{}» har ingen enheder", t.sheet.name))
                    .at(t.first_row())
                    .hint(if self.kind == DocumentKind::Contracts {
                        "skriv én række pr. enhed under overskrifterne; hver enhed får sin egen kontrakt"
                    } else {
                        "skriv én række pr. enhed under overskrifterne"
                    }),
            );
        }
        let mut out: Vec<Unit> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        // Groups' members, with the cell that names them, checked once all
        // units are known.
        let mut groups: Vec<(usize, Location)> = Vec::new();
        for row in t.rows() {
            let id = row.required_text(0, &mut self.diags);
            if id.is_none() {
                self.ids_unknown.insert(sheets::UNITS);
            }
            let name = row.required_text(1, &mut self.diags);
            if let (Some(id), None) = (&id, &name) {
                self.broken(sheets::UNITS, id);
            }
            if let (Some(id), Some(name)) = (id, name) {
                if !seen.insert(fold(&id)) {
                    self.diags.push(row.error(0, "OF0402", "enheden findes allerede").found(id));
                    continue;
                }
                let contract = UnitContract {
                    case_number: row.text(3),
                    document_number: row.text(4),
                    leader: row
                        .text(5)
                        .map(|name| Signatory { name, title: row.text(6).unwrap_or_default() }),
                    ..UnitContract::default()
                };
                // Where the contract's file name comes from.
                let named_by = if row.text(2).is_some() { 2 } else { 1 };
                self.places.insert((sheets::UNITS, fold(&id)), row.location(named_by));
                if row.text(7).is_some() {
                    groups.push((out.len(), row.location(7)));
                }
                let scope = match row.text(7) {
                    None => UnitScope::Own,
                    Some(t) if fold(&t) == "alle" => UnitScope::Total,
                    Some(t) => UnitScope::Group {
                        members: t
                            .split([',', ';'])
                            .map(str::trim)
                            .filter(|m| !m.is_empty())
                            .map(String::from)
                            .collect(),
                    },
                };
                out.push(Unit { id, name, short_name: row.text(2), contract, scope });
            }
        }
        self.check_groups(&out, &groups);
        out
    }

    /// A group's members must be units of the sheet, and no group may sum
    /// itself, directly or through another group: else what it sums is not
    /// known, and a count could count it twice or not at all.
    fn check_groups(&mut self, units: &[Unit], groups: &[(usize, Location)]) {
        let ids = index_by_id(units.iter().map(|u| u.id.as_str()));
        for (index, at) in groups {
            let members: &[String] = match &units[*index].scope {
                UnitScope::Group { members } => members,
                _ => &[],
            };
            for m in members {
                if !ids.contains_key(&fold(m)) && self.unexplained(sheets::UNITS, m) {
                    self.diags.push(
                        Diagnostic::error("OF0401", "enheden i «Består af» findes ikke i arket «Enheder»")
                            .at(at.clone())
                            .found(m.clone())
                            .hint("skriv enhedernes id'er adskilt af komma, fx CKB, CAB, CBSI, eller «alle» for en sum over alle enheder"),
                    );
                }
            }
            if crate::model::members_of(units, &units[*index].id).contains(&fold(&units[*index].id)) {
                self.diags.push(
                    Diagnostic::error("OF0405", "en gruppe af enheder kan ikke bestå af sig selv")
                        .at(at.clone())
                        .found(if members.is_empty() { "alle".to_string() } else { members.join(", ") })
                        .hint("en gruppe skal bestå af andre enheder, og ingen af dem må bestå af gruppen; der kan kun være én sum over alle enheder"),
                );
            }
        }
    }

    fn tables(&mut self) -> Vec<Table> {
        let t = if self.kind == DocumentKind::HalfYear && self.kind_known {
            self.table(sheets::TABLES, columns::TABLES)
        } else {
            self.optional_table(sheets::TABLES, columns::TABLES)
        };
        let Some(t) = t else { return vec![] };
        let mut out: Vec<Table> = Vec::new();
        for row in t.rows() {
            let number = row.row_number(0, &mut self.diags);
            if number.is_none() {
                self.ids_unknown.insert(sheets::TABLES);
            }
            let caption = row.required_text(1, &mut self.diags);
            if let (Some(number), None) = (number, &caption) {
                self.broken(sheets::TABLES, &number.to_string());
            }
            if let (Some(number), Some(caption)) = (number, caption) {
                if out.iter().any(|t| t.number == number) {
                    self.diags.push(row.error(0, "OF0402", "tabelnummeret findes allerede"));
                    continue;
                }
                self.places.insert((sheets::TABLES, number.to_string()), row.location(0));
                out.push(Table {
                    number,
                    caption,
                    source: row.text(2),
                    note: row.text(3),
                    remark: row.text(4),
                });
            }
        }
        out.sort_by_key(|t| t.number);
        out
    }

    fn goals(&mut self, tables: &[Table], params: &[SteeringParameter]) -> Vec<Goal> {
        // Only the half-year note places goals in tables; the others group
        // them by steering parameter.
        let in_tables = self.kind == DocumentKind::HalfYear && self.kind_known;
        let by_parameter = self.kind != DocumentKind::HalfYear && self.kind_known;
        let follow_up = self.kind.is_follow_up() && self.kind_known;
        // Columns this kind needs: a follow-up compares result with target
        // and must know how (Måleenhed, Retning).
        let mut also = Vec::new();
        if in_tables {
            also.push(1);
        }
        if by_parameter {
            also.push(2);
        }
        if follow_up {
            also.extend([5, 6]);
        }
        let Some(t) = self.table_requiring(sheets::GOALS, columns::GOALS, &also) else { return vec![] };
        if t.rows().next().is_none() && self.kind != DocumentKind::CommitteeCase && self.kind_known {
            self.diags.push(
                Diagnostic::error("OF0202", format!("arket «{}» har ingen mål", t.sheet.name))
                    .at(t.first_row())
                    .hint("skriv ét mål pr. række under overskrifterne"),
            );
        }
        let mut out: Vec<Goal> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for row in t.rows() {
            let id = row.required_text(0, &mut self.diags);
            if id.is_none() {
                self.ids_unknown.insert(sheets::GOALS);
            }
            let table = match row.cell(1) {
                c if is_empty(c) && !in_tables => None,
                _ => row.row_number(1, &mut self.diags).or_else(|| {
                    self.bad_goal_table = true;
                    None
                }),
            };
            if let Some(n) = table {
                self.tables_with_goals.insert(n);
                if !tables.iter().any(|t| t.number == n) {
                    // Meant for another table, which may now seem empty.
                    self.bad_goal_table = true;
                }
                if !tables.iter().any(|t| t.number == n) && self.unexplained(sheets::TABLES, &n.to_string()) {
                    self.diags.push(row.error(
                        1,
                        "OF0401",
                        format!("tabel {n} findes ikke i arket «Tabeller»"),
                    ));
                }
            }
            let steering_parameter = match row.cell(2) {
                c if is_empty(c) && !by_parameter => None,
                _ => row.row_number(2, &mut self.diags),
            };
            if let Some(n) = steering_parameter
                && !params.iter().any(|p| p.number == n)
                && self.unexplained(sheets::STEERING, &n.to_string())
            {
                self.diags.push(row.error(
                    2,
                    "OF0401",
                    format!("styringsparameter {n} findes ikke i arket «Styringsparametre»"),
                ));
            }
            let goal_type = row.keyword(3, GOAL_TYPES, &mut self.diags);
            let text = row.required_text(4, &mut self.diags);
            // Only a follow-up compares figures; the other kinds may leave
            // measure and direction out.
            let measure = match row.cell(5) {
                c if is_empty(c) && !follow_up => Some(Measure::Percent),
                _ => row.keyword(5, MEASURES, &mut self.diags),
            };
            let direction = match row.cell(6) {
                c if is_empty(c) && !follow_up => Some(Direction::HigherIsBetter),
                _ => row.keyword(6, DIRECTIONS, &mut self.diags),
            };
            let decimals = row.optional_decimals(7, &mut self.diags);
            let difference_decimals = row.optional_decimals(8, &mut self.diags);
            // In the difference's unit: points for a percent goal.
            let tolerance = match (row.cell(9), measure) {
                (c, _) if is_empty(c) => None,
                (_, Some(Measure::Percent)) => row.points(9, &mut self.diags),
                (_, Some(m)) => row.plain_number(9, measure_what(m), &mut self.diags),
                (_, None) => row.number(9, &mut self.diags),
            };
            let topic = row.text(10);
            let kind = match row.cell(11) {
                c if is_empty(c) => measure.map(GoalKind::default_for),
                _ => row.keyword(11, GOAL_KINDS, &mut self.diags),
            };
            let (Some(id), Some(goal_type), Some(text), Some(measure), Some(direction), Some(kind)) =
                (id.clone(), goal_type, text, measure, direction, kind)
            else {
                if let Some(id) = id {
                    self.broken(sheets::GOALS, &id);
                }
                continue;
            };
            if in_tables && table.is_none() {
                self.broken(sheets::GOALS, &id);
                continue;
            }
            if !seen.insert(fold(&id)) {
                self.diags.push(row.error(0, "OF0402", "mål-id'et findes allerede").found(id));
                continue;
            }
            self.places.insert((sheets::GOALS, fold(&id)), row.location(0));
            out.push(Goal {
                id,
                table,
                steering_parameter,
                goal_type,
                text,
                topic,
                measure,
                direction,
                kind,
                decimals,
                difference_decimals,
                tolerance,
                results: vec![],
            });
        }
        out
    }

    fn results(&mut self, goals: &mut [Goal], units: &[Unit]) {
        let follow_up = self.kind.is_follow_up() && self.kind_known;
        // A follow-up compares result with target: without either column
        // every row would be «ikke vurderet».
        let also: &[usize] = if follow_up { &[2, 3] } else { &[] };
        // A committee case may leave the sheet out.
        if (self.kind == DocumentKind::CommitteeCase || !self.kind_known)
            && self.book.sheet(sheets::RESULTS).is_none()
        {
            return;
        }
        let Some(t) = self.table_requiring(sheets::RESULTS, columns::RESULTS, also) else { return };
        let goal_ids = index_by_id(goals.iter().map(|g| g.id.as_str()));
        let unit_ids = index_by_id(units.iter().map(|u| u.id.as_str()));
        let mut seen: HashSet<(String, String)> = HashSet::new();
        // Per percent goal: are all its figures between -1 and 1 (fractions
        // typed where percent was meant?), and where is its first row.
        let mut fractions: HashMap<usize, (bool, bool, Location)> = HashMap::new();
        // Contracts: the unit of each row, by row index.
        let mut row_units: HashMap<usize, String> = HashMap::new();
        for row in t.rows() {
            let start = self.diags.len();
            let row_unit: Option<String>;
            'row: {
                let goal_index = row.required_text(0, &mut self.diags).and_then(|id| {
                    let found = goal_ids.get(&fold(&id)).copied();
                    self.goals_with_rows.insert(fold(&id));
                    // Meant for another goal, which may now seem without rows.
                    self.bad_goal_ref |= found.is_none();
                    if found.is_none() && self.unexplained(sheets::GOALS, &id) {
                        self.diags.push(
                            row.error(0, "OF0401", "målet findes ikke i arket «Mål»")
                                .found(id)
                                .hint("brug et id fra kolonnen Id i arket «Mål»"),
                        );
                    }
                    found
                });
                // A row whose goal cannot be read may be the goal's only row.
                self.bad_goal_ref |= row.text(0).is_none();
                let unit = row.required_text(1, &mut self.diags).and_then(|id| {
                    let found = unit_ids.get(&fold(&id)).map(|&i| &units[i]);
                    if found.is_none() && self.unexplained(sheets::UNITS, &id) {
                        self.diags.push(
                            row.error(1, "OF0401", "enheden findes ikke i arket «Enheder»")
                                .found(id)
                                .hint("brug et id fra kolonnen Id i arket «Enheder»"),
                        );
                    }
                    found.map(|u| u.id.clone())
                });
                row_unit = unit.clone();
                let measure = goal_index.map(|i| goals[i].measure);
                // Contracts may leave the target out; a follow-up cannot. A
                // target that cannot be read stops the row only after the
                // other cells are read: each wrong cell gets its own error.
                let target = match row.cell(2) {
                    c if is_empty(c) && !follow_up => Some(None),
                    _ => row.target(2, measure, &mut self.diags).map(Some),
                };
                let result = match row.cell(3) {
                    c if is_empty(c) => None,
                    _ => row.measured(3, measure, &mut self.diags),
                };
                let breakdown = row.text(4);
                let period_target = match row.cell(9) {
                    c if is_empty(c) => None,
                    _ => row.target(9, measure, &mut self.diags),
                };
                let period = row.text(10);
                let mark = row.text(5);
                let manual = match row.cell(6) {
                    c if is_empty(c) => None,
                    _ => row.keyword(6, LIGHTS, &mut self.diags),
                };
                let reason = row.text(7);
                if manual.is_some() && reason.is_none() {
                    // Without the column, the light's own cell is the place.
                    let (column, hint) = match t.columns[7] {
                        Some(_) => (7, "skriv i kolonnen Begrundelse, hvorfor lyset er sat i hånden"),
                        None => {
                            (6, "tilføj kolonnen Begrundelse, og skriv dér, hvorfor lyset er sat i hånden")
                        }
                    };
                    self.diags.push(
                        row.error(column, "OF0303", "et manuelt trafiklys skal have en begrundelse")
                            .hint(hint),
                    );
                }
                let (Some(target), Some(gi), Some(unit)) = (target, goal_index, unit) else { break 'row };
                let goal = &mut goals[gi];
                if !seen.insert((fold(&goal.id), fold(&unit))) {
                    self.diags.push(
                        row.error(1, "OF0402", "målet har allerede en række for denne enhed").found(unit),
                    );
                    break 'row;
                }
                if let Some(Target::Range { .. }) = target
                    && goal.direction != Direction::Range
                {
                    self.diags.push(row.warning(
                        2,
                        "OF0304",
                        "måltallet er et interval, men målets retning er ikke «interval»; det vurderes som et interval",
                    ));
                }
                if goal.measure == Measure::Percent {
                    let targets: Vec<f64> = match target {
                        Some(Target::Value { value }) => vec![value],
                        Some(Target::Range { low, high }) => vec![low, high],
                        None => vec![],
                    };
                    let values: Vec<f64> = targets.iter().copied().chain(result).collect();
                    let share = |v: &f64| (-100.0..=100.0).contains(v);
                    // A share has at most 100 %, but under a ceiling (use at
                    // most 100 % of the budget) a result over it is the very
                    // overrun the goal measures; up to twice it is plausible.
                    let ceiling = matches!(goal.direction, Direction::LowerIsBetter | Direction::Range)
                        && !targets.is_empty()
                        && targets.iter().all(|t| (0.0..=100.0).contains(t));
                    let overrun = |r: f64| ceiling && r > 100.0 && r <= 200.0;
                    if !targets.iter().all(share) || result.is_some_and(|r| !share(&r) && !overrun(r)) {
                        self.diags.push(
                            row.warning(3, "OF0311", "et procenttal er over 100")
                                .found(
                                    values
                                        .iter()
                                        .map(|v| crate::format::number(*v, None))
                                        .collect::<Vec<_>>()
                                        .join("; "),
                                )
                                .hint("tjek tallet; et resultat over 100 % giver kun mening under et loft, fx et budgetforbrug med retningen «lavere er bedre»"),
                        );
                    }
                    let typed_as_percent = row.shows_percent(2) || row.shows_percent(3);
                    // One cell a percentage (0,7 shown as 70 %), the other a
                    // plain fraction (0,7, read as 0,7 %): the plain one is
                    // likely a hundred times too small.
                    for (column, other) in [(2, 3), (3, 2)] {
                        let cell = row.cell(column);
                        if let CellValue::Number(v) = cell.value
                            && !cell.percent_format
                            && v != 0.0
                            && v.abs() <= 1.0
                            && row.shows_percent(other)
                        {
                            self.diags.push(
                                row.warning(
                                    column,
                                    "OF0312",
                                    format!(
                                        "{} læses som {} %, men cellen ved siden af er formateret som procent",
                                        crate::format::number(v, None),
                                        crate::format::number(v, None)
                                    ),
                                )
                                .hint(format!(
                                    "mente du {} %? Formatér begge celler som procent, eller skriv begge som almindelige tal",
                                    crate::format::number(v * 100.0, None)
                                )),
                            );
                        }
                    }
                    let entry = fractions.entry(gi).or_insert((true, false, row.location(2)));
                    entry.0 &= !typed_as_percent && values.iter().all(|v| v.abs() <= 1.0);
                    entry.1 |= values.iter().any(|v| *v != 0.0);
                }
                if target.is_some() {
                    self.target_cells.push(TargetCell {
                        goal: goal.id.clone(),
                        unit: unit.clone(),
                        at: row.location(2),
                    });
                }
                let unit_result = UnitResult {
                    unit,
                    target,
                    text: row.text(8),
                    result: result.map(|value| Outcome { value, breakdown }),
                    mark,
                    manual_light: manual.map(|light| ManualLight {
                        light,
                        reason: reason.unwrap_or_default(),
                        cell: Some(row.location(6)),
                    }),
                    period_target,
                    period,
                };
                goal.results.push(unit_result);
            }
            // In a contract batch, a bad row stops only its unit's contract.
            if self.kind == DocumentKind::Contracts
                && let Some(unit) = row_unit
            {
                self.diags.assign_unit_since(start, &unit);
                row_units.insert(row.index, unit);
            }
        }
        self.assign_formula_units(&t.sheet.name, &row_units);
        let mut small: Vec<_> = fractions.into_iter().filter(|(_, (all, any, _))| *all && *any).collect();
        small.sort_by_key(|(gi, _)| *gi);
        for (gi, (_, _, at)) in small {
            self.diags.push(
                Diagnostic::warning(
                    "OF0312",
                    format!("alle procenttal for målet «{}» ligger mellem -1 og 1", goals[gi].id),
                )
                .at(at)
                .hint("er de skrevet som brøker (0,45) i stedet for procent (45)? Formatér cellerne som procent eller skriv 45"),
            );
        }
    }

    /// Contracts: each unit's purpose, tasks and lead texts per steering parameter.
    fn contract_texts(&mut self, units: &mut [Unit], params: &[SteeringParameter]) {
        let Some(t) = self.table(sheets::CONTRACT_TEXTS, columns::CONTRACT_TEXTS) else { return };
        let unit_ids = index_by_id(units.iter().map(|u| u.id.as_str()));
        let mut row_units: HashMap<usize, String> = HashMap::new();
        for row in t.rows() {
            let start = self.diags.len();
            let Some(id) = row.required_text(0, &mut self.diags) else { continue };
            let Some(unit) = unit_ids.get(&fold(&id)).map(|&i| &mut units[i]) else {
                if !self.unexplained(sheets::UNITS, &id) {
                    continue;
                }
                self.diags.push(
                    row.error(0, "OF0401", "enheden findes ikke i arket «Enheder»")
                        .found(id)
                        .hint("brug et id fra kolonnen Id i arket «Enheder»"),
                );
                continue;
            };
            let part = row.text(1);
            let text = row.required_text(2, &mut self.diags);
            let area = |p: &str| {
                params.iter().find(|a| fold(&a.name) == fold(p) || p.trim() == a.number.to_string())
            };
            match (part.as_deref().map(fold).as_deref(), text) {
                (Some("formaal"), Some(text)) => unit.contract.purpose.push(text),
                (Some("opgave" | "opgaver"), Some(text)) => unit.contract.tasks.push(text),
                (Some(_), Some(text)) if area(part.as_deref().unwrap_or_default()).is_some() => {
                    let number = area(part.as_deref().unwrap_or_default()).map(|a| a.number).unwrap_or(0);
                    unit.contract.area_texts.push(AreaText { steering_parameter: number, text });
                }
                (None, _) => self.diags.push(row.error(1, "OF0301", "cellen skal udfyldes")),
                // A steering parameter that could not be read may be the one meant.
                (Some(p), Some(_)) if !self.unexplained(sheets::STEERING, p) => {}
                (Some(_), Some(_)) => self.diags.push(
                    row.error(1, "OF0309", "ukendt del af kontrakten").found(part.unwrap_or_default()).hint(
                        "brug formål, opgave eller en styringsparameters nummer eller navn fra arket «Styringsparametre»",
                    ),
                ),
                (Some(_), None) => {}
            }
            let id = unit.id.clone();
            self.diags.assign_unit_since(start, &id);
            row_units.insert(row.index, id);
        }
        self.assign_formula_units(&t.sheet.name, &row_units);
    }

    /// A formula without a value (reported when the sheet was read) in a
    /// unit's own row stops only that unit's contract, as the row's other
    /// errors do.
    fn assign_formula_units(&mut self, sheet: &str, row_units: &HashMap<usize, String>) {
        self.diags.assign_unit_where(|d| {
            let at =
                d.location.as_ref().filter(|l| d.code == "OF0315" && l.sheet.as_deref() == Some(sheet))?;
            let row: usize =
                at.cell.as_deref()?.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().ok()?;
            row_units.get(&row.checked_sub(1)?).cloned()
        });
    }

    fn content(&mut self, tables: &[Table], params: &[SteeringParameter], units: &[Unit]) -> Vec<Block> {
        let Some(t) = self.table(sheets::DOCUMENT, columns::DOCUMENT) else { return vec![] };
        let mut out = Vec::new();
        let (mut chapter, mut section) = (0u32, 0u32);
        let mut placed: HashSet<u32> = HashSet::new();
        let mut bad_type = false;
        for row in t.rows() {
            let Some(kind) = row.keyword(0, BLOCKS, &mut self.diags) else {
                // It may have been the chapter the sections after it need.
                bad_type = true;
                continue;
            };
            if let Some(only) = kind.only_in()
                && !only.contains(&self.kind)
                && self.kind_known
            {
                let names: Vec<&str> = only.iter().map(|k| k.danish()).collect();
                self.diags.push(
                    row.error(0, "OF0313", "typen hører ikke til denne dokumenttype")
                        .found(row.text(0).unwrap_or_default())
                        .hint(format!("den bruges i: {}", names.join(", "))),
                );
                continue;
            }
            let block = match kind {
                BlockKind::Chapter => {
                    chapter += 1;
                    section = 0;
                    row.required_text(1, &mut self.diags)
                        .map(|text| Block::Chapter { number: chapter.to_string(), text })
                }
                BlockKind::Section => {
                    section += 1;
                    if chapter == 0 && !bad_type {
                        self.diags.push(row.error(0, "OF0305", "et afsnit skal stå efter et kapitel"));
                    }
                    row.required_text(1, &mut self.diags)
                        .map(|text| Block::Section { number: format!("{chapter}.{section}"), text })
                }
                BlockKind::Heading(level) => {
                    row.required_text(1, &mut self.diags).map(|text| Block::Heading { level, text })
                }
                BlockKind::Paragraph => row
                    .required_text(1, &mut self.diags)
                    .map(|text| Block::Paragraph { text, footnote: row.text(2) }),
                BlockKind::Bullet => row
                    .required_text(1, &mut self.diags)
                    .map(|text| Block::Bullet { text, footnote: row.text(2) }),
                // The Tekst column is a text column, so "1" is as good as 1 here.
                BlockKind::Table => row
                    .table_number(1, &mut self.diags)
                    .or_else(|| {
                        self.bad_table_row = true;
                        None
                    })
                    .and_then(|n| {
                        if !tables.iter().any(|t| t.number == n) {
                            self.bad_table_row = true;
                            if self.unexplained(sheets::TABLES, &n.to_string()) {
                                self.diags.push(row.error(
                                    1,
                                    "OF0401",
                                    format!("tabel {n} findes ikke i arket «Tabeller»"),
                                ));
                            }
                            None
                        } else if !placed.insert(n) {
                            self.diags.push(row.error(
                                1,
                                "OF0402",
                                format!("tabel {n} er allerede placeret i dokumentet"),
                            ));
                            None
                        } else {
                            Some(Block::Table { number: n })
                        }
                    }),
                BlockKind::SteeringParameters => Some(Block::SteeringParameters),
                BlockKind::Legend => Some(Block::TrafficLightLegend),
                BlockKind::NumberedItem => {
                    row.required_text(1, &mut self.diags).map(|text| Block::NumberedItem { text })
                }
                BlockKind::UnitPurpose => Some(Block::UnitPurpose),
                // One chapter per steering parameter; chapters after them
                // number on.
                BlockKind::UnitGoals => {
                    let first_chapter = chapter + 1;
                    chapter += params.len() as u32;
                    section = 0;
                    Some(Block::UnitGoals { first_chapter })
                }
                BlockKind::Signatures => Some(Block::Signatures),
                BlockKind::GoalCounts => Some(Block::GoalCounts),
                BlockKind::GoalStatus => Some(Block::GoalStatus),
                BlockKind::GoalExamples => Some(Block::GoalExamples),
                BlockKind::GoalOverview => Some(Block::GoalOverview),
                BlockKind::Overview => Some(Block::Overview),
                BlockKind::PageBreak => Some(Block::PageBreak),
            };
            let block = match (block, row.text(3)) {
                (Some(block), Some(list)) => self.only_for(&row, block, &list, units),
                (block, _) => block,
            };
            out.extend(block);
        }
        out
    }

    /// A contract's block limited to the units of the cell «Enheder»; the
    /// ids must be units. Outside contracts there is no unit to limit to.
    fn only_for(&mut self, row: &Row<'_>, block: Block, list: &str, units: &[Unit]) -> Option<Block> {
        if self.kind != DocumentKind::Contracts {
            self.diags.push(
                row.warning(3, "OF0205", "kolonnen Enheder bruges kun i kontrakter; rækken vises")
                    .found(list)
                    .hint("slet cellen, eller flyt teksten til en kontraktprojektmappe"),
            );
            return Some(block);
        }
        let ids = index_by_id(units.iter().map(|u| u.id.as_str()));
        let mut only = Vec::new();
        for id in list.split([',', ';']).map(str::trim).filter(|i| !i.is_empty()) {
            match ids.get(&fold(id)) {
                Some(&i) => only.push(units[i].id.clone()),
                None if self.unexplained(sheets::UNITS, id) => self.diags.push(
                    row.error(3, "OF0401", "enheden findes ikke i arket «Enheder»").found(id).hint(
                        "skriv id'erne på de enheder, hvis kontrakter skal have rækken, adskilt af komma",
                    ),
                ),
                None => {}
            }
        }
        Some(Block::ForUnits { units: only, block: Box::new(block) })
    }

    /// Every text the documents show must be drawable in the fonts; else
    /// `build` refuses it (OF0314). Checked here, cell by cell, so that
    /// `check` finds it too and names the cell. In a contract workbook, a
    /// unit's own rows stop only its contract, as their other errors do.
    fn check_glyphs(&mut self, covers: &dyn Fn(char) -> bool, units: &[Unit]) {
        // The columns the documents show, and the column naming the unit.
        /// A sheet, its columns, the ones shown and the one naming the unit.
        type Shown = (&'static str, &'static [Column], &'static [usize], Option<usize>);
        let shown: [Shown; 8] = [
            (sheets::REPORT, columns::REPORT, &[1], None),
            (sheets::STEERING, columns::STEERING, &[1, 2, 3], None),
            // Ids too: the documents carry them (a goal without a table is
            // shown as «Mål 7»).
            (sheets::UNITS, columns::UNITS, &[0, 1, 2, 3, 4, 5, 6], None),
            (sheets::TABLES, columns::TABLES, &[1, 2, 3, 4], None),
            (sheets::GOALS, columns::GOALS, &[0, 4, 10], None),
            (sheets::RESULTS, columns::RESULTS, &[4, 5, 7, 8], Some(1)),
            (sheets::CONTRACT_TEXTS, columns::CONTRACT_TEXTS, &[2], Some(0)),
            (sheets::DOCUMENT, columns::DOCUMENT, &[1, 2], None),
        ];
        let unit_ids = index_by_id(units.iter().map(|u| u.id.as_str()));
        let mut found = Vec::new();
        for (name, spec, shown_columns, unit_column) in shown {
            self.each_shown_row(name, spec, |row| {
                let unit = unit_column
                    .filter(|_| self.kind == DocumentKind::Contracts)
                    .and_then(|c| row.text(c))
                    .and_then(|id| unit_ids.get(&fold(&id)).map(|&i| units[i].id.clone()));
                for &c in shown_columns {
                    let Some(text) = row.text(c) else { continue };
                    if let Some(mut d) = missing_glyph(&text, covers) {
                        d.location = Some(row.location(c));
                        d.unit = unit.clone();
                        found.push(d);
                    }
                }
            });
        }
        for d in found {
            self.diags.push(d);
        }
    }

    /// Calls `each` with every row of the sheet `name` whose texts go into a
    /// paper: the sheet read again without repeating its header's problems
    /// (a broken or missing sheet has none), and of «Rapport» only the
    /// fields the documents show. The glyph and placeholder checks walk the
    /// same texts.
    fn each_shown_row(&self, name: &str, spec: &[Column], mut each: impl FnMut(&Row)) {
        if self.broken_sheets.contains(name) || self.book.sheet(name).is_none() {
            return;
        }
        let Some(t) = Normaliser::new(self.book).read_table(name, spec, &[]) else { return };
        for row in t.rows() {
            if name == sheets::REPORT
                && !row.text(0).is_some_and(|f| REPORT_TEXT_FIELDS.iter().any(|k| fold(k) == fold(&f)))
            {
                continue;
            }
            each(&row);
        }
    }

    /// A placeholder left in a text that goes into a paper («udgør X %», «på
    /// x kr.», a «{felt}» opfolg does not fill) would reach the reader: a
    /// warning at its cell (OF0318). A goal's common text is not shown in a
    /// contract whose unit has its own wording, so there it only counts
    /// when some unit uses it.
    fn check_placeholders(&mut self, goals: &[Goal]) {
        // The fields opfolg fills, by where: the sheet «Dokument», the
        // contract texts and the steering parameters' descriptions.
        let mut fields = vec!["år"];
        if self.kind == DocumentKind::Contracts {
            fields.push("enhed");
        }
        if self.kind.is_follow_up() {
            fields.extend(["mål i alt", "opfyldt", "næsten opfyldt", "ikke opfyldt"]);
        }
        /// A sheet, its columns, the ones shown, whether opfolg fills fields there.
        type Shown = (&'static str, &'static [Column], &'static [usize], bool);
        // Every text a paper shows (as `check_glyphs` lists them), but ids
        // and the results' «Mærke»: a unit's leader «X», a title «{dato}»
        // or an area «Indsatsen for {område}» would be printed as it is.
        let shown: [Shown; 9] = [
            (sheets::REPORT, columns::REPORT, &[1], false),
            // Only the description is filled; the name and the area's
            // heading are printed as they are.
            (sheets::STEERING, columns::STEERING, &[1, 3], false),
            (sheets::STEERING, columns::STEERING, &[2], true),
            (sheets::UNITS, columns::UNITS, &[1, 2, 3, 4, 5, 6], false),
            (sheets::TABLES, columns::TABLES, &[1, 2, 3, 4], false),
            (sheets::GOALS, columns::GOALS, &[4, 10], false),
            (sheets::RESULTS, columns::RESULTS, &[4, 7, 8], false),
            (sheets::CONTRACT_TEXTS, columns::CONTRACT_TEXTS, &[2], true),
            (sheets::DOCUMENT, columns::DOCUMENT, &[1, 2], true),
        ];
        let mut said = Vec::new();
        for (name, spec, shown_columns, filled) in shown {
            self.each_shown_row(name, spec, |row| {
                if name == sheets::GOALS && self.kind == DocumentKind::Contracts {
                    let goal = row.text(0).and_then(|id| goals.iter().find(|g| fold(&g.id) == fold(&id)));
                    if goal.is_some_and(|g| g.results.iter().all(|r| r.text.is_some())) {
                        return;
                    }
                }
                for &c in shown_columns {
                    let Some(text) = row.text(c) else { continue };
                    // A goal's text quotes its figures as the tables print
                    // them: «1.170 sager», not «1170».
                    let goal_text = (name == sheets::GOALS && c == 4) || (name == sheets::RESULTS && c == 8);
                    if let Some(bare) = goal_text.then(|| unseparated_number(&text)).flatten() {
                        let shown = crate::format::number(bare.parse().unwrap_or_default(), Some(0));
                        said.push(
                            row.warning(
                                c,
                                "OF0319",
                                format!("tallet {bare} står ikke, som tabellerne skriver det: {shown}"),
                            )
                            .found(bare)
                            .hint(format!(
                                "skriv {shown} med punktum mellem tusinderne, så teksten og tabellen er ens"
                            )),
                        );
                    }
                    let Some(found) = placeholder(&text, if filled { &fields } else { &[] }) else {
                        continue;
                    };
                    said.push(
                        row.warning(c, "OF0318", "teksten har en pladsholder, som ville stå i det færdige dokument")
                            .found(found)
                            .hint(if filled {
                                format!(
                                    "skriv det rigtige tal eller den rigtige tekst; opfolg udfylder kun {}",
                                    fields.iter().map(|f| format!("{{{f}}}")).collect::<Vec<_>>().join(", ")
                                )
                            } else if name == sheets::GOALS || name == sheets::RESULTS {
                                "skriv det rigtige tal eller den rigtige tekst; et mål, hvis tal er forskelligt for hver enhed, kan have enhedens egen ordlyd i kolonnen «Måltekst for enheden»".into()
                            } else {
                                "skriv det rigtige tal eller den rigtige tekst".into()
                            }),
                    );
                }
            });
        }
        for d in said {
            self.diags.push(d);
        }
    }

    /// Two units whose contracts would get the same file name (their short
    /// names differ only in letters a file name spells alike, «å» and
    /// «aa»): one would overwrite the other, so the workbook is refused, at
    /// the second unit's name.
    fn check_file_names(&mut self, year: i32, units: &[Unit]) {
        let mut first_with: HashMap<String, usize> = HashMap::new();
        for (i, unit) in units.iter().enumerate() {
            let name = crate::naming::contract_file_name(year, unit);
            let Some(&first) = first_with.get(&name) else {
                first_with.insert(name, i);
                continue;
            };
            let at = self.places.get(&(sheets::UNITS, fold(&unit.id))).cloned();
            self.diags.push(
                Diagnostic::error(
                    "OF0404",
                    format!(
                        "kontrakterne for «{}» og «{}» får samme filnavn, {name}.pdf",
                        units[first].name, unit.name
                    ),
                )
                .at(at.unwrap_or_else(|| self.location(sheets::UNITS)))
                .hint("giv enhederne forskellige korte navne (kolonnen «Kort navn»)"),
            );
        }
    }

    /// Every table must have goals and a place in the document, or it would
    /// silently be missing from the paper.
    fn check_tables_used(&mut self, tables: &[Table], goals: &[Goal], content: &[Block]) {
        let at = self.location(sheets::TABLES);
        // What a sheet that cannot be read, or a wrong row, explains is not
        // said again here.
        let document_known = !self.broken_sheets.contains(sheets::DOCUMENT) && !self.bad_table_row;
        let goals_known = !self.broken_sheets.contains(sheets::GOALS)
            && !self.ids_unknown.contains(sheets::GOALS)
            && !self.bad_goal_table;
        let results_known = !self.broken_sheets.contains(sheets::RESULTS) && !self.bad_goal_ref;
        for t in tables {
            let at = self.places.get(&(sheets::TABLES, t.number.to_string())).cloned().unwrap_or(at.clone());
            let placed = content.contains(&Block::Table { number: t.number });
            if !placed && document_known {
                self.diags.push(
                    Diagnostic::error(
                        "OF0403",
                        format!("tabel {} er ikke placeret i arket «Dokument»", t.number),
                    )
                    .at(at.clone())
                    .hint("tilføj en række med Type «tabel» og tabellens nummer i arket «Dokument»"),
                );
            }
            if goals_known && !self.tables_with_goals.contains(&t.number) {
                self.diags.push(
                    Diagnostic::error("OF0407", format!("tabel {} har ingen mål", t.number))
                        .at(at.clone())
                        .hint("angiv tabellens nummer i kolonnen Tabel i arket «Mål»"),
                );
            }
        }
        let without_rows: Vec<&Goal> =
            goals.iter().filter(|g| results_known && !self.goals_with_rows.contains(&fold(&g.id))).collect();
        for g in without_rows {
            self.diags.push(
                Diagnostic::error(
                    "OF0408",
                    format!("målet «{}» har ingen rækker i arket «Resultater»", g.id),
                )
                .at(self
                    .places
                    .get(&(sheets::GOALS, fold(&g.id)))
                    .cloned()
                    .unwrap_or(self.location(sheets::GOALS)))
                .hint("skriv en række for målet og hver enhed, det gælder, i arket «Resultater»"),
            );
        }
    }
}

impl<'a> SheetTable<'a> {
    /// The first cell below the header, where a sheet's first row goes.
    fn first_row(&self) -> Location {
        Location {
            file: self.file.to_string(),
            sheet: Some(self.sheet.name.clone()),
            cell: Some(cell_name(self.header_row + 1, 0)),
            line: None,
        }
    }

    fn rows(&'a self) -> impl Iterator<Item = Row<'a>> + 'a {
        (self.header_row + 1..self.sheet.rows.len())
            .filter(|&r| self.sheet.rows[r].iter().any(|c| !is_empty(c)))
            .map(move |index| Row { table: self, index })
    }
}

impl<'a> Row<'a> {
    fn cell(&self, column: usize) -> &'a Cell {
        self.table.columns[column]
            .and_then(|c| self.table.sheet.rows[self.index].get(c))
            .unwrap_or(&Cell::EMPTY)
    }

    fn location(&self, column: usize) -> Location {
        Location {
            file: self.table.file.to_string(),
            sheet: Some(self.table.sheet.name.clone()),
            cell: Some(match self.table.columns[column] {
                Some(c) => cell_name(self.index, c),
                None => format!("{}", self.index + 1),
            }),
            line: None,
        }
    }

    fn error(&self, column: usize, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).at(self.location(column))
    }

    fn warning(&self, column: usize, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(code, message).at(self.location(column))
    }

    /// The cell as text (numbers as written), trimmed; `None` when empty.
    fn text(&self, column: usize) -> Option<String> {
        text_of(self.cell(column))
    }

    fn required_text(&self, column: usize, diags: &mut Diagnostics) -> Option<String> {
        let text = self.text(column);
        if text.is_none() {
            diags.push(self.error(column, "OF0301", "cellen skal udfyldes"));
        }
        text
    }

    /// A number; Danish text such as "4,5" is accepted with a warning.
    fn number(&self, column: usize, diags: &mut Diagnostics) -> Option<f64> {
        match &self.cell(column).value {
            // Shown in thousands, the sheet says «1.235» where the paper
            // would print 1.234.567: which one is meant, only the user knows.
            CellValue::Number(v) if v.is_finite() && self.cell(column).thousands => {
                diags.push(
                    self.error(column, "OF0320", "cellen viser tallet i tusinder (eller millioner), ikke tallet selv")
                        .found(crate::format::number(*v, None))
                        .hint("fjern kommaet efter cifrene i talformatet (Formatér celler > Tal), så cellen viser det tal, dokumentet skal skrive; er tallet i tusinder, så skriv det sådan"),
                );
                None
            }
            CellValue::Number(v) if v.is_finite() => Some(*v),
            CellValue::Empty => {
                diags.push(self.error(column, "OF0301", "cellen skal udfyldes med et tal"));
                None
            }
            CellValue::Text(raw) => {
                match parse_danish_number(&text_of(self.cell(column)).unwrap_or_default()) {
                    Ok(v) => {
                        diags.push(
                            self.warning(
                                column,
                                "OF0302",
                                "tallet står som tekst; det læses som et dansk tal",
                            )
                            .found(raw.clone())
                            .hint("formatér cellen som tal"),
                        );
                        Some(v)
                    }
                    Err(hint) => {
                        diags.push(
                            self.error(column, "OF0302", "forventede et tal").found(raw.clone()).hint(hint),
                        );
                        None
                    }
                }
            }
            CellValue::Error(e) => {
                diags.push(
                    self.error(column, "OF0306", "cellen indeholder en Excel-fejl")
                        .found(e.clone())
                        .hint("ret formlen eller skriv tallet direkte"),
                );
                None
            }
            date @ CellValue::Date { .. } => {
                diags.push(
                    self.error(column, "OF0302", "forventede et tal")
                        .found(describe(date))
                        .hint("cellen er formateret som dato; formatér den som tal (Formatér celler > Tal)"),
                );
                None
            }
            other => {
                diags.push(self.error(column, "OF0302", "forventede et tal").found(describe(other)));
                None
            }
        }
    }

    /// Whether the cell shows its number as a percentage: a number
    /// formatted as percent, or text with a % sign.
    fn shows_percent(&self, column: usize) -> bool {
        let cell = self.cell(column);
        match &cell.value {
            CellValue::Number(_) => cell.percent_format,
            CellValue::Text(t) => strip_percent(t).len() < t.trim().len(),
            _ => false,
        }
    }

    /// A number that is no percentage (a count, days, points on a scale, an
    /// amount, a year, a number of decimals). A cell that shows a percentage
    /// here is an error: whether «5 %» means 5 or 0,05 cannot be told, and
    /// either reading could be a hundredfold wrong.
    fn plain_number(&self, column: usize, what: &str, diags: &mut Diagnostics) -> Option<f64> {
        if self.shows_percent(column) {
            let cell = self.cell(column);
            diags.push(
                self.error(column, "OF0316", format!("cellen viser en procent, men her skal stå {what}"))
                    .found(shown(cell))
                    .hint("fjern procentformatet (Formatér celler > Tal) og skriv tallet, som det skal stå; er det en procent, så skal målets måleenhed være «procent»"),
            );
            return None;
        }
        self.number(column, diags)
    }

    /// A number in percentage points (a tolerance of a percent goal). A
    /// cell formatted as percent is read as it shows, «5 %» as 5 points,
    /// with a warning: the points are what the reader of the sheet sees.
    fn points(&self, column: usize, diags: &mut Diagnostics) -> Option<f64> {
        let cell = self.cell(column);
        // «5 %-point», as the documents write a difference.
        if let CellValue::Text(raw) = &cell.value
            && let Some(number) = text_of(cell).and_then(|t| {
                let lower = t.to_lowercase();
                ["procentpoint", "%-point", "% point", "pct.-point", "pct.point"]
                    .iter()
                    .find_map(|unit| lower.strip_suffix(unit).map(str::to_string))
            })
            && let Ok(v) = parse_danish_number(&number)
        {
            diags.push(
                self.warning(column, "OF0302", "tallet står som tekst; det læses som et dansk tal")
                    .found(raw.clone())
                    .hint("formatér cellen som tal"),
            );
            return Some(v);
        }
        let v = self.number(column, diags)?;
        if cell.percent_format && matches!(cell.value, CellValue::Number(_)) {
            let points = v * 100.0;
            diags.push(
                self.warning(
                    column,
                    "OF0316",
                    format!(
                        "cellen er formateret som procent; den læses, som den vises: {} procentpoint",
                        crate::format::number(points, None)
                    ),
                )
                .found(shown(cell))
                .hint("procentpoint er ikke en procent: formatér cellen som tal (Formatér celler > Tal)"),
            );
            return Some(points);
        }
        Some(v)
    }

    /// A number in a percent column: an Excel percentage (0,045 shown as
    /// 4,5 %) is read as 4,5, a plain number as it is.
    fn percent(&self, column: usize, diags: &mut Diagnostics) -> Option<f64> {
        let cell = self.cell(column);
        let v = self.number(column, diags)?;
        Some(if cell.percent_format && matches!(cell.value, CellValue::Number(_)) { v * 100.0 } else { v })
    }

    /// A target or result in the goal's measure.
    fn measured(&self, column: usize, measure: Option<Measure>, diags: &mut Diagnostics) -> Option<f64> {
        match measure {
            Some(Measure::Percent) => self.percent(column, diags),
            Some(other) => self.plain_number(column, measure_what(other), diags),
            None => self.number(column, diags),
        }
    }

    /// A target: a number, or a range written as text ("85-100", "85 – 100 %").
    fn target(&self, column: usize, measure: Option<Measure>, diags: &mut Diagnostics) -> Option<Target> {
        if let CellValue::Text(s) = &self.cell(column).value
            && let Some((low, high)) = parse_range(s)
        {
            if let Some(m) = measure.filter(|m| *m != Measure::Percent && self.shows_percent(column)) {
                diags.push(
                    self.error(
                        column,
                        "OF0316",
                        format!("intervallet er i procent, men her skal stå {}", measure_what(m)),
                    )
                    .found(s.clone())
                    .hint("skriv intervallet uden %, eller ret målets måleenhed til «procent» i arket «Mål»"),
                );
                return None;
            }
            if low > high {
                diags.push(
                    self.error(column, "OF0307", "intervallets nedre grænse er større end den øvre")
                        .found(s.clone()),
                );
                return None;
            }
            return Some(Target::Range { low, high });
        }
        self.measured(column, measure, diags).map(|value| Target::Value { value })
    }

    fn integer(&self, column: usize, diags: &mut Diagnostics) -> Option<i64> {
        let v = self.plain_number(column, "et helt tal", diags)?;
        if v.fract() != 0.0 || v.abs() > 1e9 {
            diags.push(self.error(column, "OF0302", "forventede et helt tal").found(number_text(v)));
            return None;
        }
        Some(v as i64)
    }

    /// A number that names a row of another sheet (a table, a steering
    /// parameter): a whole number, 0 or more. A negative one is an error at
    /// its cell, not a number wrapped round to 4294967295.
    fn row_number(&self, column: usize, diags: &mut Diagnostics) -> Option<u32> {
        let n = self.integer(column, diags)?;
        match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                diags.push(
                    self.error(column, "OF0302", "forventede et nummer, 0 eller derover")
                        .found(n.to_string())
                        .hint("skriv nummeret uden minus, som det står i arket, det henviser til"),
                );
                None
            }
        }
    }

    fn table_number(&self, column: usize, diags: &mut Diagnostics) -> Option<u32> {
        match (&self.cell(column).value, self.text(column)) {
            (CellValue::Number(_), _) => self.row_number(column, diags),
            (_, Some(text)) => match text.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    diags.push(
                        self.error(column, "OF0302", "forventede et tabelnummer")
                            .found(text)
                            .hint("skriv tabellens nummer fra arket «Tabeller», fx 13"),
                    );
                    None
                }
            },
            (_, None) => {
                diags.push(self.error(column, "OF0301", "cellen skal udfyldes med tabellens nummer"));
                None
            }
        }
    }

    fn optional_decimals(&self, column: usize, diags: &mut Diagnostics) -> Option<u8> {
        if is_empty(self.cell(column)) {
            return None;
        }
        let v = self.integer(column, diags)?;
        if !(0..=4).contains(&v) {
            diags.push(
                self.error(column, "OF0302", "antal decimaler skal være fra 0 til 4").found(v.to_string()),
            );
            return None;
        }
        Some(v as u8)
    }

    fn date(&self, column: usize, diags: &mut Diagnostics) -> Option<Date> {
        let bad = |d: &mut Diagnostics, found: String| {
            d.push(
                self.error(column, "OF0308", "forventede en dato")
                    .found(found)
                    .hint("skriv datoen som 30-06-2008 eller formatér cellen som dato"),
            );
            None
        };
        let date = match &self.cell(column).value {
            CellValue::Date { year, month, day } => Date::new(*year, *month, *day),
            // An Excel date shown as a number (the cell lost its date format).
            CellValue::Number(n)
                if n.fract() == 0.0
                    && (1.0..2_958_466.0).contains(n)
                    && !self.cell(column).percent_format =>
            {
                excel_serial_date(*n as i64)
            }
            CellValue::Text(s) => match parse_date(s) {
                Some(d) => Some(d),
                None => bad(diags, s.clone()),
            },
            CellValue::Empty => {
                diags.push(
                    self.error(column, "OF0301", "cellen skal udfyldes med en dato")
                        .hint("skriv datoen som 30-06-2008 eller formatér cellen som dato"),
                );
                None
            }
            other => bad(diags, describe(other)),
        };
        // A time (day 0 of Excel's calendar: 31-12-1899), a year typed into
        // a date cell (2008 is 30-06-1905), a small number or a two-digit
        // year (01-09-08) reads as a date no paper of today has.
        match date {
            Some(d) if !PLAUSIBLE_YEARS.contains(&d.year) => {
                diags.push(
                    self.error(column, "OF0308", "datoen kan ikke være dokumentets dato")
                        .found(format!("{:02}-{:02}-{:04}", d.day, d.month, d.year))
                        .hint("står der et klokkeslæt, et årstal eller et andet tal? skriv datoen som 30-06-2008 eller formatér cellen som dato"),
                );
                None
            }
            date => date,
        }
    }

    fn keyword<T: Copy>(&self, column: usize, words: &[(&str, T)], diags: &mut Diagnostics) -> Option<T> {
        let Some(text) = self.text(column) else {
            diags.push(self.error(column, "OF0301", "cellen skal udfyldes"));
            return None;
        };
        let key = fold(&text);
        match words.iter().find(|(w, _)| fold(w) == key) {
            Some((_, v)) => Some(*v),
            None => {
                let mut allowed: Vec<&str> = Vec::new();
                for (w, _) in words {
                    if !allowed.contains(w) {
                        allowed.push(w);
                    }
                }
                diags.push(
                    self.error(column, "OF0309", "ukendt værdi")
                        .found(text)
                        .hint(format!("brug en af: {}", allowed.join(", "))),
                );
                None
            }
        }
    }
}

pub(crate) const GOAL_TYPES: &[(&str, GoalType)] = &[
    ("Resultatmål", GoalType::Result),
    ("Indsatsmål", GoalType::Effort),
    ("Udviklingsmål", GoalType::Development),
];

pub(crate) const MEASURES: &[(&str, Measure)] = &[
    ("procent", Measure::Percent),
    ("%", Measure::Percent),
    ("antal", Measure::Count),
    ("dage", Measure::Days),
    ("point", Measure::Points),
    ("beløb", Measure::Amount),
    ("kr", Measure::Amount),
];

pub(crate) const DIRECTIONS: &[(&str, Direction)] = &[
    ("højere er bedre", Direction::HigherIsBetter),
    ("højere", Direction::HigherIsBetter),
    ("mindst", Direction::HigherIsBetter),
    ("lavere er bedre", Direction::LowerIsBetter),
    ("lavere", Direction::LowerIsBetter),
    ("højst", Direction::LowerIsBetter),
    ("fasthold", Direction::HoldLevel),
    ("fasthold niveau", Direction::HoldLevel),
    ("interval", Direction::Range),
];

pub(crate) const GOAL_KINDS: &[(&str, GoalKind)] = &[
    ("andel", GoalKind::Rate),
    ("andel eller gennemsnit", GoalKind::Rate),
    ("antal over året", GoalKind::Count),
    ("antal", GoalKind::Count),
    ("løbende antal", GoalKind::Count),
    ("niveau ved årets udgang", GoalKind::Level),
    ("niveau", GoalKind::Level),
    ("beholdning", GoalKind::Level),
];

pub(crate) const LIGHTS: &[(&str, TrafficLight)] =
    &[("grøn", TrafficLight::Green), ("gul", TrafficLight::Yellow), ("rød", TrafficLight::Red)];

#[derive(Clone, Copy, PartialEq)]
enum BlockKind {
    Chapter,
    Section,
    Heading(u8),
    Paragraph,
    Bullet,
    Table,
    SteeringParameters,
    Legend,
    NumberedItem,
    UnitPurpose,
    UnitGoals,
    Signatures,
    GoalCounts,
    GoalStatus,
    GoalExamples,
    GoalOverview,
    Overview,
    PageBreak,
}

impl BlockKind {
    /// The document kinds a block belongs to; `None` for all.
    fn only_in(self) -> Option<&'static [DocumentKind]> {
        use DocumentKind::*;
        match self {
            BlockKind::UnitPurpose | BlockKind::UnitGoals => Some(&[Contracts]),
            // A committee case is signed where the seeds sign it: after the
            // attachments, before the committee's decision.
            BlockKind::Signatures => Some(&[Contracts, CommitteeCase, FullYear]),
            BlockKind::GoalCounts | BlockKind::GoalStatus => Some(&[FullYear]),
            BlockKind::Table | BlockKind::Legend | BlockKind::Overview => Some(&[HalfYear, FullYear]),
            _ => None,
        }
    }
}

pub(crate) const KINDS: &[(&str, DocumentKind)] = &[
    ("halvårsopfølgning", DocumentKind::HalfYear),
    ("halvår", DocumentKind::HalfYear),
    ("helårsopfølgning", DocumentKind::FullYear),
    ("helår", DocumentKind::FullYear),
    ("årsopfølgning", DocumentKind::FullYear),
    ("kontrakter", DocumentKind::Contracts),
    ("kontrakt", DocumentKind::Contracts),
    ("indstilling", DocumentKind::CommitteeCase),
    ("bilag", DocumentKind::GoalOverview),
    ("måloversigt", DocumentKind::GoalOverview),
];

/// The row types of the sheet «Dokument» a kind of document may use, one
/// word each (no aliases), for `opfolg init`'s drop-down list.
pub(crate) fn block_words(kind: DocumentKind) -> Vec<&'static str> {
    let mut seen: Vec<BlockKind> = Vec::new();
    let mut out = Vec::new();
    for (word, block) in BLOCKS {
        if seen.contains(block) || block.only_in().is_some_and(|only| !only.contains(&kind)) {
            continue;
        }
        seen.push(*block);
        out.push(*word);
    }
    out
}

const BLOCKS: &[(&str, BlockKind)] = &[
    ("kapitel", BlockKind::Chapter),
    ("afsnit", BlockKind::Section),
    ("overskrift 1", BlockKind::Heading(1)),
    ("overskrift 2", BlockKind::Heading(2)),
    ("overskrift 3", BlockKind::Heading(3)),
    ("tekst", BlockKind::Paragraph),
    ("punkt", BlockKind::Bullet),
    ("tabel", BlockKind::Table),
    ("styringsparametre", BlockKind::SteeringParameters),
    ("trafiklys", BlockKind::Legend),
    ("nummereret punkt", BlockKind::NumberedItem),
    ("nummer", BlockKind::NumberedItem),
    ("enhedens formål", BlockKind::UnitPurpose),
    ("enhedens mål", BlockKind::UnitGoals),
    ("underskrifter", BlockKind::Signatures),
    ("optælling", BlockKind::GoalCounts),
    ("målstatus", BlockKind::GoalStatus),
    ("måleksempler", BlockKind::GoalExamples),
    ("måloversigt", BlockKind::GoalOverview),
    ("overblik", BlockKind::Overview),
    ("ny side", BlockKind::PageBreak),
];

/// What to do about a formula without a value (OF0315).
const UNCALCULATED_HINT: &str = "åbn og gem projektmappen i Excel eller LibreOffice, så formlen bliver beregnet; skal cellen være tom, så slet formlen";

/// The fields of «Rapport», each with the names it answers to; the kind first.
const REPORT_FIELDS: &[&[&str]] = &[
    &["Dokumenttype", "Dokument", "Type"],
    &["Titel"],
    &["År", "Kontraktår"],
    &["Periode"],
    &["Forvaltning"],
    &["Udvalg"],
    &["Sagsnummer", "Sagsnr"],
    &["Punkt", "Dagsordenspunkt"],
    &["Underskriver"],
    &["Underskrivers titel", "Titel på underskriver"],
    &["Underskriftsdato", "Dato for underskrift"],
    &["Dato"],
    &["Tolerance procentpoint", "Tolerance %-point"],
    &["Tolerance relativ", "Tolerance relativ %"],
];

/// The first whole number of four or more digits in `text` written without
/// thousands points («1170»), which the tables print as «1.170»; a year
/// (1900-2100) and a number joined to others by «-», «/», «.» or «,»
/// (a case number, a date, a decimal) are not such numbers.
fn unseparated_number(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let joined =
        |c: Option<&char>| c.is_some_and(|c| matches!(c, '-' | '/' | '.' | ',' | '–') || c.is_alphanumeric());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let before = start.checked_sub(1).and_then(|b| chars.get(b));
        // A full stop ending the sentence is not a join.
        let after =
            chars.get(i).filter(|c| !(**c == '.' && chars.get(i + 1).is_none_or(|n| n.is_whitespace())));
        let digits: String = chars[start..i].iter().collect();
        let year = digits.len() == 4 && (1900..=2100).contains(&digits.parse::<u32>().unwrap_or(0));
        if digits.len() >= 4 && !year && !joined(before) && !joined(after) {
            return Some(digits);
        }
    }
    None
}

/// The first placeholder in `text`: a bare «X» or «x» standing for a figure
/// («udgør X %», «på x kr.»), or a «{…}» that is not one of `fields` (what
/// opfolg fills there).
fn placeholder(text: &str, fields: &[&str]) -> Option<String> {
    let words = text.split(|c: char| !c.is_alphanumeric() && c != '½');
    if let Some(x) = words.into_iter().find(|w| *w == "X" || *w == "x") {
        // Quoted with what follows it, so the cell's «x» is found by eye.
        let at = text.find(&format!("{x} ")).or_else(|| text.find(x)).unwrap_or(0);
        return Some(text[at..].split(' ').take(3).collect::<Vec<_>>().join(" "));
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else { return Some(after.chars().take(20).collect()) };
        let field = &after[1..close];
        if !fields.iter().any(|f| fold(f) == fold(field)) {
            return Some(after[..=close].to_string());
        }
        rest = &after[close + 1..];
    }
    None
}

/// The fields of «Rapport» whose text the documents show.
const REPORT_TEXT_FIELDS: &[&str] = &[
    "Titel",
    "Periode",
    "Forvaltning",
    "Udvalg",
    "Sagsnummer",
    "Sagsnr",
    "Punkt",
    "Dagsordenspunkt",
    "Underskriver",
    "Underskrivers titel",
    "Titel på underskriver",
    "Underskriftsdato",
    "Dato for underskrift",
];

/// Every sheet opfolg reads.
const KNOWN_SHEETS: &[&str] = &[
    sheets::REPORT,
    sheets::STEERING,
    sheets::UNITS,
    sheets::TABLES,
    sheets::GOALS,
    sheets::RESULTS,
    sheets::DOCUMENT,
    sheets::CONTRACT_TEXTS,
];

/// The candidate (a header, a sheet name) most like one of `names`: one
/// that contains a name ("Resultat 1. halvår 2008" for Resultat), else one
/// a typing slip or two away ("Resultet"). Compared folded.
fn nearest<'c>(names: &[&str], candidates: &'c [(usize, String)]) -> Option<&'c (usize, String)> {
    let score = |candidate: &str| -> Option<usize> {
        let c = fold(candidate);
        names
            .iter()
            .filter_map(|n| {
                let n = fold(n);
                let (nl, cl) = (n.chars().count(), c.chars().count());
                if nl >= 3 && c.contains(&n) {
                    Some(cl - nl)
                } else if cl >= 3 && n.contains(&c) {
                    // Shortened: «Tabel» for Tabeller.
                    Some(50 + nl - cl)
                } else {
                    let d = edit_distance(&n, &c);
                    (d <= (nl / 3).max(1)).then_some(100 + d)
                }
            })
            .min()
    };
    candidates.iter().filter_map(|c| score(&c.1).map(|s| (s, c))).min_by_key(|(s, _)| *s).map(|(_, c)| c)
}

/// The number of characters to insert, delete or change to turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn is_empty(cell: &Cell) -> bool {
    text_of(cell).is_none()
}

/// The cell's content as clean text: numbers as written, non-breaking and
/// invisible spaces turned into plain ones or removed, spacing trimmed.
fn text_of(cell: &Cell) -> Option<String> {
    let raw = match &cell.value {
        CellValue::Empty => return None,
        CellValue::Text(s) => s.clone(),
        // As the sheet shows it: an id typed in a cell formatted as percent
        // is what the reader sees.
        CellValue::Number(v) if cell.percent_format => {
            format!("{} %", crate::format::number(v * 100.0, None))
        }
        CellValue::Number(v) => number_text(*v),
        CellValue::Bool(b) => if *b { "SAND" } else { "FALSK" }.to_string(),
        CellValue::Date { year, month, day } => format!("{day:02}-{month:02}-{year}"),
        CellValue::Error(e) => e.clone(),
        // Reported where the sheet is read (OF0315); it has no text.
        CellValue::Uncalculated(_) => return None,
    };
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'))
        // Control characters (a bell, an escape pasted from another
        // program) are invisible too; only build's PDF/A check found them.
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        // A tab (text pasted from a table) has no width in the documents:
        // «a<tab>b» printed as «ab»; a space keeps the words apart.
        .map(|c| if matches!(c, '\u{a0}' | '\u{202f}' | '\t') { ' ' } else { c })
        .collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A number as a person would write it in an id or a text cell.
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// The cell's number as Excel shows it, for messages: «0,05 (vist som 5 %)».
fn shown(cell: &Cell) -> String {
    match &cell.value {
        CellValue::Number(v) if cell.percent_format => format!(
            "{} (vist som {} %)",
            crate::format::number(*v, None),
            crate::format::number(v * 100.0, None)
        ),
        other => describe(other),
    }
}

/// What a number in a measure is, for messages: «et antal».
fn measure_what(measure: Measure) -> &'static str {
    match measure {
        Measure::Percent => "en procent",
        Measure::Count => "et antal",
        Measure::Days => "et antal dage",
        Measure::Points => "point",
        Measure::Amount => "et beløb",
    }
}

fn describe(value: &CellValue) -> String {
    match value {
        CellValue::Empty => "en tom celle".into(),
        CellValue::Text(s) => s.clone(),
        CellValue::Number(v) => number_text(*v),
        CellValue::Bool(b) => if *b { "SAND" } else { "FALSK" }.into(),
        CellValue::Date { year, month, day } => format!("datoen {day:02}-{month:02}-{year}"),
        CellValue::Error(e) => e.clone(),
        CellValue::Uncalculated(f) => format!("formlen ={} uden beregnet værdi", f.trim_start_matches('=')),
    }
}

/// The text without a percent sign after it: «45 %», «45 pct.» and «45
/// procent» all end in one, as Danish writes a percentage.
fn strip_percent(text: &str) -> &str {
    let t = text.trim();
    let lower = t.to_lowercase();
    for sign in ["%", "pct.", "pct", "procent"] {
        if lower.ends_with(sign) && lower.is_char_boundary(lower.len() - sign.len()) && lower.len() == t.len()
        {
            return t[..t.len() - sign.len()].trim_end();
        }
    }
    t
}

/// Parses a number typed as Danish text: "4,5", "1.170", "-3", "4,5 %".
/// A point followed by other than exactly three digits ("4.3") is ambiguous
/// (4,3 or 43?) and refused, with a hint.
fn parse_danish_number(text: &str) -> Result<f64, String> {
    let s: String = strip_percent(text).trim().replace([' ', '\u{a0}'], "");
    let s = s.replace('\u{2212}', "-");
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+')) {
        return Err("skriv kun tallet, fx 45 eller 4,5; forklaringer hører til i kolonnen Uddybning".into());
    }
    let (int, frac) = match s.split_once(',') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let groups: Vec<&str> = int.trim_start_matches(['-', '+']).split('.').collect();
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return Err("punktum er tusindtalsseparator på dansk; skriv decimaltal med komma, fx 4,3".into());
    }
    let plain = format!("{}{}", int.replace('.', ""), frac.map(|f| format!(".{f}")).unwrap_or_default());
    plain.parse::<f64>().map_err(|_| "skriv tallet som fx 45 eller 4,5".to_string())
}

/// Parses a range target written as text: "85-100", "85 – 100 %", "85 til 100".
fn parse_range(text: &str) -> Option<(f64, f64)> {
    let s = strip_percent(text);
    for sep in [" til ", "–", "—", "-"] {
        // Skip a leading minus: "-5-5" is a range from -5 to 5.
        let start = usize::from(s.starts_with('-'));
        if let Some(pos) = s[start..].find(sep) {
            let (a, b) = (&s[..start + pos], &s[start + pos + sep.len()..]);
            if let (Ok(low), Ok(high)) = (parse_danish_number(a), parse_danish_number(b)) {
                return Some((low, high));
            }
        }
    }
    None
}

/// The date of an Excel serial number (1900 date system; day 60 is Excel's
/// phantom 29 February 1900, so counting starts at 30 December 1899).
fn excel_serial_date(serial: i64) -> Option<Date> {
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let days = serial - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(i32::try_from(year).ok()?, month as u8, day as u8)
}

/// Parses a date typed as text: 30-06-2008, 30.06.2008, 30/6/2008, 2008-06-30.
/// The years a document's date can be in; a date outside them is a time,
/// a year or a number read as a date.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1950..=2200;

fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.trim().split(['-', '.', '/']).map(str::trim).collect();
    if parts.len() != 3 {
        return None;
    }
    let nums: Vec<i32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (y, m, d) =
        if parts[0].len() == 4 { (nums[0], nums[1], nums[2]) } else { (nums[2], nums[1], nums[0]) };
    Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// The position of each id, folded as the workbook's ids are compared;
/// the first of equal ids counts. Lookups by id stay quick in a workbook of
/// a thousand units.
fn index_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, id) in ids.enumerate() {
        index.entry(fold(id)).or_insert(i);
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_as_they_are_compared_and_the_first_counts() {
        let index = index_by_id(["JSV", "Mål-1", "jsv"].into_iter());
        assert_eq!(index.get(&fold("jsv")), Some(&0));
        assert_eq!(index.get(&fold("maal 1")), Some(&1));
        assert_eq!(index.get(&fold("CJF")), None);
    }

    #[test]
    fn numbers_without_thousands_points_are_found() {
        assert_eq!(unseparated_number("nedbringes til 1170 sager.").as_deref(), Some("1170"));
        assert_eq!(unseparated_number("mindst 2500000 kr.").as_deref(), Some("2500000"));
        assert_eq!(unseparated_number("i 2008 i forhold til 2007").as_deref(), None);
        assert_eq!(unseparated_number("til 1.170 sager").as_deref(), None);
        assert_eq!(unseparated_number("sag 2008-22854, 4,5 % og 12345,5").as_deref(), None);
        assert_eq!(unseparated_number("dato 01/09/2008, 999 sager").as_deref(), None);
        assert_eq!(unseparated_number("til 1170.").as_deref(), Some("1170"));
    }

    #[test]
    fn placeholders_are_found_and_fields_are_not() {
        let none: &[&str] = &[];
        assert_eq!(placeholder("udgør X % i 2008", none).as_deref(), Some("X % i"));
        assert_eq!(placeholder("et driftsoverskud på x kr.", none).as_deref(), Some("x kr."));
        assert_eq!(placeholder("(X)", none).as_deref(), Some("X)"));
        assert_eq!(placeholder("mindst {antal} sager", none).as_deref(), Some("{antal}"));
        assert_eq!(placeholder("I {år} skal {enhed} …", &["år"]).as_deref(), Some("{enhed}"));
        assert_eq!(placeholder("I {år} skal {enhed} …", &["år", "enhed"]), None);
        assert_eq!(placeholder("De {Ikke opfyldt} mål", &["ikke opfyldt"]), None);
        assert_eq!(placeholder("et { uden slutning", none).as_deref(), Some("{ uden slutning"));
        // Words with an x in them, and X in an id or a figure, are text.
        for text in ["Xerox og taxa", "CBSIX", "3x2", "½ % af nettobudgettet", "Bilag X1"] {
            assert_eq!(placeholder(text, none), None, "{text}");
        }
    }

    #[test]
    fn danish_numbers_in_text() {
        assert_eq!(parse_danish_number("4,5"), Ok(4.5));
        assert_eq!(parse_danish_number("1.170"), Ok(1170.0));
        assert_eq!(parse_danish_number(" 45 % "), Ok(45.0));
        assert_eq!(parse_danish_number("45 pct."), Ok(45.0));
        assert_eq!(parse_danish_number("4,5 Procent"), Ok(4.5));
        assert!(parse_danish_number("pct.").is_err());
        assert_eq!(parse_danish_number("-1,2"), Ok(-1.2));
        assert!(parse_danish_number("4.3").is_err());
        assert!(parse_danish_number("ca. 45").is_err());
        assert!(parse_danish_number("").is_err());
    }

    #[test]
    fn ranges_in_text() {
        assert_eq!(parse_range("85-100"), Some((85.0, 100.0)));
        assert_eq!(parse_range("85 – 100 %"), Some((85.0, 100.0)));
        assert_eq!(parse_range("85-100 pct."), Some((85.0, 100.0)));
        assert_eq!(parse_range("85 til 100"), Some((85.0, 100.0)));
        assert_eq!(parse_range("-5-5"), Some((-5.0, 5.0)));
        assert_eq!(parse_range("85"), None);
        assert_eq!(parse_range("ca. 85-100"), None);
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(parse_date("30-06-2008"), Date::new(2008, 6, 30));
        assert_eq!(parse_date("2008-06-30"), Date::new(2008, 6, 30));
        assert_eq!(parse_date("30.6.2008"), Date::new(2008, 6, 30));
        assert_eq!(parse_date("31-06-2008"), None);
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_serial_date(39_692), Date::new(2008, 9, 1));
        assert_eq!(excel_serial_date(25_569), Date::new(1970, 1, 1));
        assert_eq!(excel_serial_date(61), Date::new(1900, 3, 1));
    }

    #[test]
    fn invisible_characters_are_cleaned() {
        let cell = Cell {
            value: CellValue::Text("\u{feff}Jobcenter\u{a0}København\u{200b} ".into()),
            percent_format: false,
            thousands: false,
        };
        assert_eq!(text_of(&cell).as_deref(), Some("Jobcenter København"));
    }
}
