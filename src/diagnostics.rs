//! Problems found in a workbook or a template, with the place they were found.
//!
//! Stages collect every problem they find into [`Diagnostics`] instead of
//! stopping at the first, so one run tells the secretariat everything to fix.
//! Messages are in Danish: they are read by the people who fill in the workbook.
//!
//! Codes are stable, so tests and users can refer to them: `OF01xx` reading
//! the file, `OF02xx` sheets and columns, `OF03xx` cell values, `OF04xx`
//! references between sheets, `OF05xx` templates and fonts, `OF06xx` writing,
//! `OF07xx` the archive. Every code is a row of the one table in [`codes`],
//! which also says the exit code an error of it gives.

use std::fmt;

pub mod codes;

pub use codes::{Code, Exit};

use serde::Serialize;

use crate::format::visible;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document is made, but someone should look.
    Warning,
    /// The document cannot be made.
    Error,
}

/// Where a problem is: a file, and within a workbook a sheet and a cell, or
/// within a template a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as the user named it.
    pub file: String,
    /// The sheet, for workbooks.
    pub sheet: Option<String>,
    /// The cell (`D14`) or the row (`7`) of a sheet; never a template's line.
    pub cell: Option<String>,
    /// The line (from 1) of a template or other text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Location {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Location {
        Location { file: file.into(), sheet: None, cell: None, line: None }
    }

    /// A line of a text file (a template).
    pub fn line(file: impl Into<String>, line: usize) -> Location {
        Location { line: Some(line), ..Location::file(file) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => write!(f, ": {s}!{c}")?,
            (Some(s), None) => write!(f, ": {s}")?,
            (None, Some(c)) => write!(f, ":{c}")?,
            (None, None) => {}
        }
        match self.line {
            Some(line) => write!(f, ":{line}"),
            None => Ok(()),
        }
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code (`OF0203`) to look up and to test for.
    pub code: &'static str,
    /// What is wrong, in Danish.
    pub message: String,
    /// Where.
    pub location: Option<Location>,
    /// The cell's or line's content as found.
    pub found: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
    /// The unit whose document the problem stops, when it stops only that
    /// one (a batch of contracts makes the others).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Diagnostic {
    /// An error with a message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            found: None,
            hint: None,
            unit: None,
        }
    }

    /// What an error says about the run (see [`codes::Exit`]); none for a warning.
    pub fn exit(&self) -> Option<Exit> {
        (self.severity == Severity::Error).then(|| codes::exit_of(self.code))
    }

    /// A warning with a message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    /// Sets where the problem is.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets what was found there.
    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    /// Sets a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// A diagnostic as a terminal shows it: one line, and a second for the hint.
/// Every part may hold text from a workbook or a PDF (a sheet's name, a
/// cell's content, a title), so each goes through [`visible`]: no part can
/// start a line of its own, recolour one or reorder it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "fejl",
            Severity::Warning => "advarsel",
        };
        write!(f, "{kind}[{}]: ", self.code)?;
        if let Some(loc) = &self.location {
            write!(f, "{}: ", visible(&loc.to_string()))?;
        }
        write!(f, "{}", visible(&self.message))?;
        if let Some(found) = &self.found {
            write!(f, ", fandt {}", visible(&format!("{found:?}")))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  tip: {}", visible(hint))?;
        }
        Ok(())
    }
}

/// The problems found so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when an error stops the whole workbook, not just one unit's document.
    pub fn has_workbook_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error && d.unit.is_none())
    }

    /// The errors that stop the document of unit `unit`.
    pub fn unit_errors(&self, unit: &str) -> Diagnostics {
        Diagnostics(
            self.0
                .iter()
                .filter(|d| d.severity == Severity::Error && d.unit.as_deref() == Some(unit))
                .cloned()
                .collect(),
        )
    }

    /// Marks the problems recorded since `since` (a [`Diagnostics::len`]) as
    /// belonging to unit `unit`.
    pub fn assign_unit_since(&mut self, since: usize, unit: &str) {
        for d in self.0.iter_mut().skip(since) {
            d.unit = Some(unit.to_string());
        }
    }

    /// Gives each error that stops no unit yet the unit `unit_of` names for
    /// it, if any.
    pub fn assign_unit_where(&mut self, unit_of: impl Fn(&Diagnostic) -> Option<String>) {
        for d in self.0.iter_mut().filter(|d| d.severity == Severity::Error && d.unit.is_none()) {
            d.unit = unit_of(d);
        }
    }

    /// Puts the problems recorded since `since` (a [`Diagnostics::len`]) in
    /// the order of their cells, row by row, as the user reads the sheet;
    /// problems without a cell keep their place after them.
    pub fn sort_by_cell_since(&mut self, since: usize) {
        let key = |d: &Diagnostic| {
            let cell = d.location.as_ref().and_then(|l| l.cell.as_deref()).unwrap_or("");
            let (letters, digits): (String, String) = cell.chars().partition(|c| c.is_ascii_alphabetic());
            let row: u32 = digits.parse().unwrap_or(u32::MAX);
            (row, letters.len(), letters)
        };
        self.0[since..].sort_by_cached_key(key);
    }

    /// Keeps only the first error of each cell: what a cell's first problem
    /// causes in the same cell (a formula without a value is also an empty
    /// cell) is not a second problem to fix. Warnings and problems without a
    /// cell are kept.
    pub fn one_error_per_cell(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.0.retain(|d| {
            let Some(loc) = d.location.as_ref().filter(|l| l.cell.is_some()) else { return true };
            d.severity != Severity::Error
                || seen.insert((loc.file.clone(), loc.sheet.clone(), loc.cell.clone()))
        });
    }

    /// Only the warnings.
    pub fn warnings(&self) -> Diagnostics {
        Diagnostics(self.0.iter().filter(|d| d.severity == Severity::Warning).cloned().collect())
    }

    /// The exit code for a run that found these problems: see [`exit_code`].
    pub fn exit_code(&self) -> u8 {
        exit_code(self.iter())
    }

    /// All problems, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Gives every problem without a place the file `file`.
    pub fn locate_unplaced(&mut self, file: &str) {
        for d in self.0.iter_mut().filter(|d| d.location.is_none()) {
            d.location = Some(Location::file(file));
        }
    }

    /// Adds all of another collection's problems.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// The one place a run's exit code is decided: 0 when no problem is an
/// error, else the worst [`Exit`] of the errors (1 when every error is in
/// what the user gave, 2 when one is in opfolg's setting up or opfolg).
pub fn exit_code<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> u8 {
    diagnostics.into_iter().filter_map(Diagnostic::exit).max().map_or(0, Exit::code)
}

/// Why a file could not be read or written, in Danish: the operating
/// system's own words are English ("No such file or directory (os error 2)").
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "filen eller mappen findes ikke".into(),
        PermissionDenied => "ingen adgang: rettighederne tillader det ikke".into(),
        IsADirectory => "det er en mappe, ikke en fil".into(),
        NotADirectory => "en del af stien er ikke en mappe".into(),
        AlreadyExists => "der findes allerede en fil med det navn".into(),
        StorageFull | QuotaExceeded => "der er ikke plads på disken".into(),
        ReadOnlyFilesystem => "drevet er skrivebeskyttet".into(),
        InvalidFilename => "navnet kan ikke bruges som filnavn".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(cell: Option<&str>) -> Diagnostic {
        Diagnostic::error("OF0301", cell.unwrap_or("-")).at(Location {
            file: "a.xlsx".into(),
            sheet: Some("Rapport".into()),
            cell: cell.map(str::to_string),
            line: None,
        })
    }

    #[test]
    fn file_errors_are_told_in_danish() {
        let missing = std::fs::read("/findes/ikke").unwrap_err();
        assert_eq!(io_reason(&missing), "filen eller mappen findes ikke");
        let dir = std::fs::read(std::env::temp_dir()).unwrap_err();
        assert_eq!(io_reason(&dir), "det er en mappe, ikke en fil");
    }

    #[test]
    fn a_diagnostic_is_one_line_and_its_hint_whatever_the_workbook_holds() {
        let d = Diagnostic::error("OF0301", "arket «A\nfejl[OF0000]: falsk» er tomt")
            .at(Location {
                file: "a\u{1b}[2K.xlsx".into(),
                sheet: Some("Ark\u{202e}1".into()),
                cell: Some("B2".into()),
                line: None,
            })
            .found("x\u{2066}y")
            .hint("skriv\r\n  tip: noget andet");
        let text = d.to_string();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(
            text,
            "fejl[OF0301]: a\\u{1b}[2K.xlsx: Ark\\u{202e}1!B2: arket «A\\nfejl[OF0000]: falsk» er tomt, \
             fandt \"x\\u{2066}y\"\n  tip: skriv\\r\\n  tip: noget andet"
        );
    }

    #[test]
    fn a_template_line_is_not_a_cell() {
        let at = Location::line("skabeloner/opfolg.typ", 12);
        assert_eq!(at.cell, None);
        assert_eq!(at.to_string(), "skabeloner/opfolg.typ:12");
        let json = serde_json::to_value(&at).unwrap();
        assert_eq!(json["line"], 12);
        assert_eq!(json["cell"], serde_json::Value::Null);
        assert!(serde_json::to_value(Location::file("a.xlsx")).unwrap().get("line").is_none());
    }

    #[test]
    fn the_exit_code_is_the_worst_error_and_warnings_do_not_count() {
        let warn = Diagnostic::warning("OF0504", "Typst advarer");
        let input = Diagnostic::error("OF0301", "tom");
        let setup = Diagnostic::error("OF0601", "kan ikke skrives");
        assert_eq!(exit_code([&warn]), 0, "a warning of a setup code does not fail the run");
        assert_eq!(exit_code([&warn, &input]), 1);
        assert_eq!(exit_code([&input, &setup]), 2);
        assert_eq!(exit_code([&setup, &input]), 2, "order does not matter");
        assert_eq!(exit_code([&Diagnostic::error("OF0602", "findes")]), 1, "init refusing is the input");
        assert_eq!(exit_code([&Diagnostic::error("OF0707", "pakken")]), 2, "an unwritable bag is setup");
        assert_eq!(exit_code([&Diagnostic::error(concat!("OF", "9999"), "?")]), 2);
        assert_eq!(Diagnostics::default().exit_code(), 0);
    }

    #[test]
    fn problems_sort_by_row_then_column_from_a_point_on() {
        let mut d = Diagnostics::default();
        d.push(at(Some("C1"))); // before `since`: stays first
        let since = d.len();
        for cell in [Some("B10"), None, Some("AA2"), Some("B9"), Some("Z2"), Some("A2")] {
            d.push(at(cell));
        }
        d.sort_by_cell_since(since);
        let order: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["C1", "A2", "Z2", "AA2", "B9", "B10", "-"]);
    }
}
