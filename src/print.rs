//! Printers: what the library returns, as a front end shows it.
//!
//! Each printer takes a result (a build's, `check`'s, a diff, archive
//! records) and gives a [`Printed`]: the text for standard output, the text
//! for standard error and the exit code, decided here and nowhere else. The
//! command line writes them out; a web page can add an HTML printer beside
//! these. Every field that comes from a workbook, a PDF or the catalogue
//! goes through [`visible`] (or [`visible_json`]), so no control character,
//! escape sequence or bidi override reaches a terminal.
//!
//! There are two styles: text for a person at a terminal, and JSON for a
//! program. In JSON, standard output is one JSON value (one per line for
//! `watch`): `check` and `build` carry each workbook's problems in it.
//! Problems that stop a command before it has a result (fonts that cannot
//! be read, a PDF `diff` cannot read, no archive) are on standard error as
//! text in both styles, and standard output is then empty.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use crate::agree::{Agreement, Compared};
use crate::archive::bag::Exported;
use crate::archive::{CatalogueCheck, Record, Verification, signature};
use crate::assess::FollowUp;
use crate::diagnostics::{Diagnostic, Diagnostics, Exit, Severity, exit_code};
use crate::diff::{self, Change};
use crate::format::{count, number, visible, visible_json};
use crate::model::DocumentKind;
use crate::{Built, Failure};

/// How a result is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Lines for a person at a terminal, in Danish.
    Text,
    /// JSON for a program.
    Json,
}

/// Where a line goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output: the result.
    Out,
    /// Standard error: problems and what was not done.
    Err,
}

/// What a command prints, line by line in the order said, and the exit code
/// it ends with.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Printed {
    /// Each line (without its newline; a diagnostic's hint is a second line
    /// of the same entry) and where it goes.
    pub lines: Vec<(Stream, String)>,
    /// The exit code: 0 all done, 1 a problem in what the user gave, 2 in
    /// the setting up or in opfolg (see [`crate::diagnostics::codes::Exit`]).
    pub exit: u8,
}

impl Printed {
    /// A line of output.
    fn out(&mut self, line: impl Into<String>) {
        self.lines.push((Stream::Out, line.into()));
    }

    /// A line of problems.
    fn err(&mut self, line: impl Into<String>) {
        self.lines.push((Stream::Err, line.into()));
    }

    /// All that goes to `stream`, each line ended by a newline.
    pub fn text(&self, stream: Stream) -> String {
        self.lines.iter().filter(|(s, _)| *s == stream).map(|(_, l)| format!("{l}\n")).collect()
    }

    /// Each diagnostic on standard error, the exit code raised by its errors.
    fn diagnostics<'a>(&mut self, diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
        for d in diagnostics {
            self.err(d.to_string());
            self.fail(exit_code([d]));
        }
    }

    /// Raises the exit code to at least `code`.
    fn fail(&mut self, code: u8) {
        self.exit = self.exit.max(code);
    }

    /// A JSON value as the output, escaped for a terminal.
    fn json(&mut self, value: &impl Serialize) {
        // Serialising our own plain types cannot fail; were it to, the
        // output would be empty and the run a failure, never half a value.
        match serde_json::to_string_pretty(value) {
            Ok(text) => self.out(visible_json(&text)),
            Err(e) => {
                self.err(format!("intern fejl: {e}"));
                self.fail(Exit::Setup.code());
            }
        }
    }

    /// This and then `other`: both texts, the worse exit code.
    pub fn then(mut self, other: Printed) -> Printed {
        self.lines.extend(other.lines);
        self.exit = self.exit.max(other.exit);
        self
    }
}

/// Problems that stopped a command before it had a result.
pub fn problems(diagnostics: &Diagnostics) -> Printed {
    let mut p = Printed::default();
    p.diagnostics(diagnostics.iter());
    // A command that stopped did not do its work, whatever the problems' kind.
    p.fail(Exit::Input.code());
    p
}

/// A path as given, for printing.
fn path(p: &Path) -> String {
    visible(&p.display().to_string()).into_owned()
}

/// What `check` says about a workbook in order, by its kind.
pub fn check_summary(f: &FollowUp) -> String {
    let s = &f.summary;
    let r = &f.report;
    match r.meta.kind {
        DocumentKind::Contracts => {
            format!("{} kontrakter med i alt {} mål", r.units.len(), r.goals.len())
        }
        // Goals and units, as the paper's headline counts them: a summary
        // row is not counted on top of the units it sums.
        DocumentKind::HalfYear => format!(
            "{} mål for {} enheder giver {} trafiklys: {} grønne, {} gule, {} røde, {} ikke vurderet",
            s.goals,
            s.units,
            s.green + s.yellow + s.red + s.not_assessed,
            s.green,
            s.yellow,
            s.red,
            s.not_assessed
        ),
        DocumentKind::FullYear => format!(
            "{} mål: {} opfyldt, {} næsten opfyldt, {} ikke opfyldt, {} ikke vurderet",
            r.goals.len(),
            s.goals_met,
            s.goals_nearly_met,
            s.goals_not_met,
            s.goals_not_assessed
        ),
        DocumentKind::CommitteeCase | DocumentKind::GoalOverview => {
            format!("{} med {} mål", r.meta.kind.danish(), r.goals.len())
        }
    }
}

/// A workbook as `check` loaded it: the follow-up with its warnings (and
/// errors that stop one unit's contract), or the errors that stop it.
pub type Checked = Result<(FollowUp, Diagnostics), Diagnostics>;

/// `check`: each workbook's problems and, when it has no errors, its summary.
/// Errors that stop only one unit's contract still fail the check.
///
/// `agreement` is the comparison of workbooks of one year (`agree`): the
/// targets they give a unit differently, and what each pair's comparison
/// covered, said after the workbooks (in JSON as a last record).
pub fn check(results: &[(&Path, Checked)], agreement: &Agreement, style: Style) -> Printed {
    let disagreements = &agreement.problems;
    let mut p = Printed::default();
    let mut records = Vec::new();
    for (workbook, result) in results {
        let (diags, followup) = match result {
            Ok((f, diags)) => (diags, Some(f)),
            Err(diags) => (diags, None),
        };
        let ok = followup.is_some() && !diags.has_errors();
        if !ok {
            p.fail(diags.exit_code().max(Exit::Input.code()));
        }
        if style == Style::Json {
            records.push(json!({
                "workbook": workbook.display().to_string(),
                "ok": ok,
                "summary": followup.map(|f| &f.summary),
                "diagnostics": diags,
            }));
            continue;
        }
        for d in diags.iter() {
            p.err(d.to_string());
        }
        match followup.filter(|_| ok) {
            Some(f) => p.out(format!("{}: i orden; {}", path(workbook), check_summary(f))),
            None => {
                let errors = diags.iter().filter(|x| x.severity == Severity::Error).count();
                p.err(format!("{}: {errors} fejl", path(workbook)));
            }
        }
    }
    if style != Style::Json {
        for pair in &agreement.pairs {
            p.out(compared(pair));
        }
    }
    if !disagreements.is_empty() {
        p.fail(disagreements.exit_code().max(Exit::Input.code()));
        if style == Style::Json {
            records.push(json!({
                "agreement": false,
                "ok": false,
                "diagnostics": disagreements,
                "compared": agreement.pairs,
            }));
        } else {
            for d in disagreements.iter() {
                p.err(d.to_string());
            }
            p.err(format!("projektmapperne for samme år har forskellige mål: {} fejl", disagreements.len()));
        }
    }
    if style == Style::Json {
        if disagreements.is_empty() && !agreement.pairs.is_empty() {
            records.push(
                json!({ "agreement": true, "ok": true, "diagnostics": [], "compared": agreement.pairs }),
            );
        }
        p.json(&records);
    }
    p
}

/// What comparing two workbooks of one year covered, in a line: how many
/// goals' targets were compared, and the goals with targets that were not,
/// having no goal worded alike in the other workbook.
fn compared(pair: &Compared) -> String {
    let (a, b) = (path(&pair.first), path(&pair.second));
    let mut line = match pair.goals.len() {
        0 => format!("{a} og {b} ({}): ingen måltal sammenlignet, intet mål har måltal i begge", pair.year),
        n => format!("{a} og {b} ({}): måltal sammenlignet for {n} mål", pair.year),
    };
    for (goals, other) in [(&pair.unmatched_first, &b), (&pair.unmatched_second, &a)] {
        if !goals.is_empty() {
            let ids: Vec<String> = goals.iter().map(|g| format!("«{}»", visible(g))).collect();
            line.push_str(&format!(
                "; ikke sammenlignet, intet mål med samme ordlyd i {other}: {}",
                ids.join(", ")
            ));
        }
    }
    line
}

/// When a build was made: by `build`, or again by `watch` after a save
/// (which says how long it took).
#[derive(Debug, Clone, Copy)]
pub enum Occasion<'a> {
    /// `opfolg build`.
    Build,
    /// `opfolg watch`: made again in `took`, into `out`.
    Rebuilt {
        /// From the save to the files written.
        took: Duration,
        /// The output folder.
        out: &'a Path,
    },
}

/// A build's result for one workbook, the same for `build` and `watch`:
/// warnings, each document made, each that failed with its reasons (a
/// problem shared by every contract said once), and a closing line.
pub fn built(workbook: &Path, result: &Result<Built, Diagnostics>, occasion: Occasion) -> Printed {
    let mut p = Printed::default();
    let wb = path(workbook);
    let built = match result {
        Ok(built) => built,
        Err(d) => {
            p = problems(d);
            p.err(format!("{wb}: ingen dokumenter lavet"));
            return p;
        }
    };
    if !built.failures.is_empty() {
        let reasons = built.failures.iter().flat_map(|f| f.diagnostics.iter());
        p.fail(exit_code(reasons).max(Exit::Input.code()));
    }
    for d in built.warnings.iter() {
        p.err(d.to_string());
    }
    let files = |files: &[std::path::PathBuf]| files.iter().map(|f| path(f)).collect::<Vec<_>>().join(", ");
    if let Occasion::Build = occasion {
        for d in &built.documents {
            p.out(format!("{}: {}", visible(&d.label), files(&d.files)));
        }
    }
    let mut said: Vec<&Diagnostic> = Vec::new();
    for f in &built.failures {
        for d in f.diagnostics.iter() {
            if !said.contains(&d) {
                p.err(d.to_string());
                said.push(d);
            }
        }
        p.err(format!("{wb}: {} blev ikke lavet", visible(&f.label)));
    }
    let made = built.documents.len();
    if !built.failures.is_empty() {
        p.err(format!("{wb}: {made} dokumenter lavet, {} fejlede", built.failures.len()));
    }
    match occasion {
        Occasion::Build if built.failures.is_empty() && made > 1 => {
            p.out(format!("{wb}: {made} dokumenter lavet"));
        }
        Occasion::Build => {}
        Occasion::Rebuilt { took, out } => {
            let took = number(took.as_secs_f64(), Some(2));
            // A batch (contracts): the count and the folder, not a line of
            // twenty file names.
            if made > 1 {
                p.out(format!(
                    "lavet på {took} s: {} i {}",
                    count(made, "dokument", "dokumenter"),
                    path(out)
                ));
            } else {
                p.out(format!("lavet på {took} s: {}", files(&built.files)));
            }
        }
    }
    p
}

/// A build's result as JSON: the workbook, whether everything was made, the
/// documents and their files, the failures with their reasons, warnings,
/// and the problems that stopped the whole workbook.
fn build_record(workbook: &Path, result: &Result<Built, Diagnostics>) -> serde_json::Value {
    let (built, stopped) = match result {
        Ok(b) => (Some(b), None),
        Err(d) => (None, Some(d)),
    };
    let failure = |f: &Failure| json!({ "label": f.label, "diagnostics": f.diagnostics });
    json!({
        "workbook": workbook.display().to_string(),
        "ok": built.is_some_and(|b| b.failures.is_empty()),
        "documents": built.map(|b| b.documents.iter().map(|d| json!({
            "label": d.label,
            "files": d.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()).unwrap_or_default(),
        "failures": built.map(|b| b.failures.iter().map(failure).collect::<Vec<_>>()).unwrap_or_default(),
        "warnings": built.map(|b| b.warnings.clone()).unwrap_or_default(),
        "diagnostics": stopped.cloned().unwrap_or_default(),
    })
}

/// `build` of several workbooks: each in the order given. In JSON, one array
/// of the workbooks' records.
pub fn build(results: &[(&Path, Result<Built, Diagnostics>)], style: Style) -> Printed {
    let mut p = Printed::default();
    let mut records = Vec::new();
    let mut failed = 0;
    for (workbook, result) in results {
        let one = built(workbook, result, Occasion::Build);
        failed += usize::from(one.exit != 0);
        if style == Style::Json {
            p.fail(one.exit);
            records.push(build_record(workbook, result));
        } else {
            p = p.then(one);
        }
    }
    if style == Style::Json {
        p.json(&records);
    } else if failed > 0 {
        p.err(format!("{failed} af {} projektmapper blev ikke lavet helt", results.len()));
    }
    p
}

/// `watch`, after a save that built: what changed, then the build.
pub fn rebuilt(
    workbook: &Path,
    changes: &[Change],
    result: &Result<Built, Diagnostics>,
    took: Duration,
    out: &Path,
    style: Style,
) -> Printed {
    let mut p = Printed::default();
    if style == Style::Json {
        // One line per event, so a program can read them as they come.
        let event = json!({
            "event": "lavet",
            "took_seconds": took.as_secs_f64(),
            "changes": changes,
            "build": build_record(workbook, result),
        });
        p.out(visible_json(&event.to_string()));
        return p;
    }
    for c in changes {
        p.out(visible(&c.to_string()));
    }
    p.then(built(workbook, result, Occasion::Rebuilt { took, out }))
}

/// `watch`, after a save that cannot be built: the previous documents stay.
pub fn not_rebuilt(diagnostics: &Diagnostics, style: Style) -> Printed {
    let mut p = Printed::default();
    if style == Style::Json {
        p.out(visible_json(&json!({ "event": "ikke lavet", "diagnostics": diagnostics }).to_string()));
        return p;
    }
    p.diagnostics(diagnostics.iter());
    p.err("dokumenterne er ikke lavet igen; ret projektmappen og gem den");
    // The watch goes on: a workbook saved half-done is no failure of the run.
    p.exit = 0;
    p
}

/// `diff`: each change, and how many; or that nothing changed.
pub fn diff(changes: &[Change], style: Style) -> Printed {
    let mut p = Printed::default();
    if style == Style::Json {
        p.json(&changes);
    } else if changes.is_empty() {
        p.out("ingen ændringer");
    } else {
        for c in changes {
            p.out(visible(&c.to_string()));
        }
        p.out(diff::count_text(changes.len()));
    }
    p
}

/// `model`: the normalised, assessed model as JSON, warnings on standard error.
pub fn model(followup: &FollowUp, warnings: &Diagnostics) -> Printed {
    let mut p = Printed::default();
    p.diagnostics(warnings.iter());
    p.json(followup);
    p
}

/// `init`: the blank workbook written, and what to do next.
pub fn initialised(file: &Path) -> Printed {
    let mut p = Printed::default();
    p.out(format!("skrev {}", path(file)));
    p.out(format!("  udfyld den, og kontrollér den med: opfolg check {}", path(file)));
    p
}

/// `skabeloner`: how many files were written out into `dir` (and how many
/// were there already, unchanged), and how opfolg finds them.
pub fn defaults_written(dir: &Path, written: usize, unchanged: usize) -> Printed {
    use crate::render::assets::{FONTS_FOLDER, TEMPLATES_FOLDER};
    let mut p = Printed::default();
    let (templates, fonts) = (dir.join(TEMPLATES_FOLDER), dir.join(FONTS_FOLDER));
    p.out(format!(
        "skrev {} i {} og {}",
        crate::format::count(written, "fil", "filer"),
        path(&templates),
        path(&fonts)
    ));
    if unchanged > 0 {
        p.out(format!(
            "  {} fandtes allerede og blev ikke rørt",
            crate::format::count(unchanged, "fil", "filer")
        ));
    }
    p.out(format!(
        "  ret skabelonerne; opfolg bruger dem, når den køres i {}, ellers med --templates {} --fonts {}",
        path(dir),
        path(&templates),
        path(&fonts)
    ));
    p
}

/// `skabeloner` refused: the problem, and that nothing was written.
pub fn defaults_not_written(diagnostics: &Diagnostics) -> Printed {
    let mut p = problems(diagnostics);
    p.err("intet er skrevet");
    p
}

/// A command that cannot start as asked (`serve` on a network address
/// without login, a bad option): what is wrong, and exit code 2.
pub fn refused(message: &str) -> Printed {
    let mut p = Printed::default();
    p.err(format!("fejl: {message}"));
    p.fail(Exit::Setup.code());
    p
}

/// Lines of output, as given (already made visible).
pub fn said(lines: &[String]) -> Printed {
    let mut p = Printed::default();
    for line in lines {
        p.out(line.clone());
    }
    p
}

/// One problem that stopped a command.
pub fn problem(diagnostic: &Diagnostic) -> Printed {
    let mut p = Printed::default();
    p.diagnostics([diagnostic]);
    p
}

/// A record in one line: number, title, version, signers and file.
fn record_line(r: &Record) -> String {
    format!(
        "nr. {}: {} (version {}{}) {}",
        r.id,
        visible(&r.provenance.title),
        r.version,
        visible(&signature::list_summary(&r.signatures)),
        visible(&r.file)
    )
}

/// `archive add`: each file archived (with what it replaces and, when
/// signed, whose certificates were trusted) or why it was refused.
pub fn archived(results: &[Result<Record, Diagnostic>], trust: &str) -> Printed {
    let mut p = Printed::default();
    for result in results {
        match result {
            Ok(r) => {
                let replaces = r.replaces.map(|id| format!("; erstatter nr. {id}")).unwrap_or_default();
                p.out(format!("arkiverede {}{replaces}", record_line(r)));
                if !r.signatures.is_empty() {
                    p.out(format!("  {}", visible(trust)));
                }
            }
            Err(d) => p.diagnostics([d]),
        }
    }
    p
}

/// Whether the catalogue's chain and head hold: when they do not, `list`
/// and `show` say so beside what they print, and exit with 1, for a record
/// inserted by hand must not pass for one.
pub fn catalogue(check: &Result<CatalogueCheck, Diagnostic>) -> Printed {
    let mut p = Printed::default();
    match check {
        Ok(check) if check.problems.is_empty() => {}
        Ok(check) => {
            let problems: Vec<Diagnostic> = check.problems.iter().map(|x| does_not_hold(x)).collect();
            p.diagnostics(&problems);
            p.err("  tip: kataloget er ændret uden om opfolg; stol ikke på det viste, og kør «opfolg archive verify»");
        }
        Err(d) => p.diagnostics([d]),
    }
    p
}

/// `archive list`: a line per record and how many, in the archive `dir`.
pub fn archive_list(records: &[Record], dir: &Path, style: Style) -> Printed {
    let mut p = Printed::default();
    if style == Style::Json {
        p.json(&records);
        return p;
    }
    for r in records {
        p.out(record_line(r));
    }
    p.out(format!("{} i arkivet {}", count(records.len(), "post", "poster"), path(dir)));
    p
}

/// `archive show`: one record with everything the catalogue knows of it, the
/// record that replaced it, if any, and whether the archive keeps its
/// workbook and model beside it.
pub fn archive_show(r: &Record, replaced_by: Option<i64>, sources_kept: bool, style: Style) -> Printed {
    let mut p = Printed::default();
    if style == Style::Json {
        p.json(r);
        return p;
    }
    p.out(format!("nr. {}: {}", r.id, visible(&r.provenance.title)));
    // The same fields, in the same words, as the page in the browser shows.
    let mut lines: Vec<(String, String)> =
        r.show_fields(replaced_by, sources_kept).into_iter().map(|(l, v)| (l.to_string(), v)).collect();
    lines.extend(signature::show_lines(&r.signatures));
    for (label, value) in lines {
        p.out(format!("  {label:<15} {}", visible(&value)));
    }
    p
}

/// `archive verify`: each problem and note, and the count checked; exit 1
/// when anything does not hold.
pub fn verified(result: &Verification) -> Printed {
    let mut p = Printed::default();
    let problems: Vec<Diagnostic> = result.problems.iter().map(|x| does_not_hold(x)).collect();
    p.diagnostics(&problems);
    for note in &result.notes {
        p.err(format!("bemærk: {}", visible(note)));
    }
    let checked = count(result.checked, "post", "poster");
    if result.problems.is_empty() {
        p.out(format!("{checked} kontrolleret: alle i orden"));
        let records = usize::try_from(result.head.0).unwrap_or(0);
        p.out(format!("kædens hoved: {}, {}", count(records, "post", "poster"), visible(&result.head.1)));
    } else {
        p.err(format!("{checked} kontrolleret: {} fejl", result.problems.len()));
    }
    p
}

/// Something the archive's check found not holding (it names its record or
/// file), as the diagnostic it is.
fn does_not_hold(problem: &str) -> Diagnostic {
    Diagnostic::error("OF0713", problem)
}

/// `archive export`: the bag written, with how many records and bytes.
pub fn exported(dest: &Path, e: &Exported) -> Printed {
    let mut p = Printed::default();
    p.out(format!("skrev {} med {} ({} bytes)", path(dest), count(e.records, "post", "poster"), e.bytes));
    p
}

/// The exit codes, as `--help` and the README give them.
pub const EXIT_CODES: &str = "Afslutningskoder: 0 alt er gjort; 1 fejl i det, opfolg fik (en projektmappe, en PDF, \
     et nummer, et navn der er taget); 2 forkert brug, eller fejl i opsætningen (skabeloner, skrifttyper, \
     en mappe der ikke kan skrives) eller i opfolg; 141 når den, der læser udskriften, er gået (opfolg archive \
     list | head). Hver fejlkode og dens afslutningskode står i docs/workbook.md.";

/// A progress bar over every document of a command, drawn only on a
/// terminal and only when there is more than one document; on a pipe it
/// stays silent.
pub struct ProgressBar {
    bar: indicatif::ProgressBar,
}

impl Default for ProgressBar {
    fn default() -> Self {
        Self::new()
    }
}

impl ProgressBar {
    /// A bar not drawn yet.
    pub fn new() -> ProgressBar {
        // A length to grow (a bar made with `hidden()` has none, and then
        // `inc_length` leaves it without one and it was never shown).
        let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("[{bar:30}] {pos}/{len} dokumenter {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        ProgressBar { bar }
    }

    /// Takes a step of a build.
    pub fn update(&self, p: crate::Progress) {
        match p {
            crate::Progress::Planned(n) => {
                self.bar.inc_length(n as u64);
                if self.bar.length().unwrap_or(0) > 1
                    && self.bar.is_hidden()
                    && std::io::IsTerminal::is_terminal(&std::io::stderr())
                {
                    self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
            }
            crate::Progress::Done { label, .. } => {
                self.bar.set_message(visible(label).into_owned());
                self.bar.inc(1);
            }
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The exit code when the reader of standard output went away.
pub const BROKEN_PIPE: u8 = 141;

/// Writes what was printed, each line to its stream in the order said, and
/// gives the exit code: the printed one, or 141 (as a program killed by
/// SIGPIPE) when the reader of standard output went away
/// (`opfolg archive list | head`). What was done is whole either way:
/// documents and records are written atomically.
pub fn emit(p: &Printed) -> u8 {
    use std::io::Write;
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    for (stream, line) in &p.lines {
        let written = match stream {
            Stream::Out => writeln!(out, "{line}").and_then(|()| out.flush()),
            // Standard error gone too leaves nobody to tell.
            Stream::Err => writeln!(err, "{line}").or(Ok(())),
        };
        if written.is_err() {
            return BROKEN_PIPE;
        }
    }
    p.exit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Made;

    fn change(place: &str) -> Change {
        Change { place: place.into(), what: "resultat".into(), old: Some("1".into()), new: Some("2".into()) }
    }

    #[test]
    fn a_change_cannot_print_a_line_of_its_own() {
        let forged = change("Tabel 1\nfejl[OF0101]: falsk\u{1b}[2K\u{202e}");
        let p = diff(std::slice::from_ref(&forged), Style::Text);
        let out = p.text(Stream::Out);
        assert_eq!(out.lines().count(), 2, "the change and the count: {out}");
        assert!(out.starts_with("Tabel 1\\nfejl[OF0101]: falsk\\u{1b}[2K\\u{202e}: resultat"), "{out}");
        let json = diff(&[forged], Style::Json).text(Stream::Out);
        assert!(json.contains("\\u202e") && !json.contains('\u{202e}') && !json.contains('\u{1b}'), "{json}");
        let back: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(back[0]["place"], "Tabel 1\nfejl[OF0101]: falsk\u{1b}[2K\u{202e}", "JSON keeps the text");
        assert_eq!(p.exit, 0);
    }

    #[test]
    fn a_template_error_in_a_batch_is_said_once_and_is_exit_2() {
        let broken = Diagnostic::error("OF0503", "Typst: ukendt funktion");
        let failure = |unit: &str| Failure {
            label: format!("kontrakt for {unit}"),
            diagnostics: broken.clone().into(),
        };
        let built = Built {
            files: vec!["ud/a.pdf".into()],
            documents: vec![Made {
                label: "kontrakt for A".into(),
                files: vec!["ud/a.pdf".into()],
                pages: None,
            }],
            failures: vec![failure("B"), failure("C")],
            warnings: Diagnostics::default(),
            corrections: Vec::new(),
        };
        let p = built_for_test(built);
        let err = p.text(Stream::Err);
        assert_eq!(err.matches("fejl[OF0503]").count(), 1, "{err}");
        assert_eq!(err.matches(" blev ikke lavet").count(), 2, "{err}");
        assert!(err.contains("k.xlsx: 1 dokumenter lavet, 2 fejlede"), "{err}");
        assert_eq!(p.exit, 2, "a broken template is not the workbook's fault");
        assert_eq!(p.text(Stream::Out), "kontrakt for A: ud/a.pdf\n");
    }

    #[test]
    fn a_unit_error_in_a_batch_is_exit_1_and_warnings_are_exit_0() {
        let unit = Diagnostic::error("OF0301", "tom");
        let built = Built {
            failures: vec![Failure { label: "kontrakt for B".into(), diagnostics: unit.into() }],
            ..Built::default()
        };
        assert_eq!(built_for_test(built).exit, 1);
        let warned =
            Built { warnings: Diagnostic::warning("OF0504", "Typst advarer").into(), ..Built::default() };
        let p = built_for_test(warned);
        assert_eq!(p.exit, 0, "a warning of a setup code does not fail a build");
        assert!(p.text(Stream::Err).starts_with("advarsel[OF0504]"));
    }

    #[test]
    fn watch_prints_the_changes_then_the_same_build_lines_and_how_long() {
        let built = Built { files: vec!["ud/h.pdf".into(), "ud/h.docx".into()], ..Built::default() };
        let p = rebuilt(
            Path::new("h.xlsx"),
            &[change("Tabel 13, Ydelsesservice")],
            &Ok(built),
            Duration::from_millis(1234),
            Path::new("ud"),
            Style::Text,
        );
        assert_eq!(
            p.text(Stream::Out),
            "Tabel 13, Ydelsesservice: resultat ændret fra 1 til 2\nlavet på 1,23 s: ud/h.pdf, ud/h.docx\n"
        );
        let json = rebuilt(
            Path::new("h.xlsx"),
            &[],
            &Ok(Built::default()),
            Duration::ZERO,
            Path::new("ud"),
            Style::Json,
        );
        let out = json.text(Stream::Out);
        assert_eq!(out.lines().count(), 1, "one line per save: {out}");
        let event: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(event["build"]["ok"], true);
        let failed = not_rebuilt(&Diagnostic::error("OF0301", "tom").into(), Style::Text);
        assert_eq!(failed.exit, 0, "a half-done save does not end the watch");
    }

    #[test]
    fn problems_that_stop_a_command_fail_it_even_when_only_warned() {
        // A load that failed carries its errors; were there none, it still did nothing.
        assert_eq!(problems(&Diagnostics::default()).exit, 1);
        assert_eq!(problems(&Diagnostic::error("OF0502", "skrifttyper").into()).exit, 2);
    }

    proptest::proptest! {
        /// Whatever a workbook or a PDF holds, every printed line is one line
        /// the printer meant: a diagnostic is its line and its hint's, a
        /// change one line, and nothing that reaches the terminal is a
        /// control or format character.
        #[test]
        fn no_text_from_outside_prints_a_line_or_a_control_character(
            // Any text, and text made of what does harm on a terminal (any
            // text would hardly ever hold it).
            texts in proptest::collection::vec(
                proptest::prop_oneof!["(?s).{0,30}", "[a\n\r\t\u{1b}\u{7f}\u{85}\u{202e}\u{2066}\u{200b}\u{2028}]{0,12}"],
                7,
            ),
        ) {
            let d = Diagnostic::error("OF0302", texts[0].clone())
                .at(crate::diagnostics::Location {
                    file: texts[1].clone(),
                    sheet: Some(texts[2].clone()),
                    cell: Some(texts[3].clone()),
                    line: None,
                })
                .found(texts[4].clone())
                .hint(texts[5].clone());
            let built = Built {
                files: vec![texts[6].clone().into()],
                documents: vec![Made { label: texts[0].clone(), files: vec![texts[1].clone().into()], pages: None }],
                failures: vec![Failure { label: texts[2].clone(), diagnostics: d.clone().into() }],
                warnings: Diagnostic::warning("OF0205", texts[3].clone()).into(),
                corrections: Vec::new(),
            };
            let printed = problem(&d)
                .then(diff(&[change(&texts[4]), change(&texts[5])], Style::Text))
                .then(super::built(Path::new(&texts[6]), &Ok(built), Occasion::Build));
            // The diagnostic and its hint; two changes and the count; the warning,
            // the document, the failure's diagnostic, that it was not made, and the count.
            let expected_lines = 2 + 3 + 1 + 1 + 2 + 1 + 1;
            let all: String = printed.lines.iter().map(|(_, l)| format!("{l}\n")).collect();
            proptest::prop_assert_eq!(all.lines().count(), expected_lines, "{}", all);
            for c in all.chars().filter(|c| *c != '\n') {
                proptest::prop_assert!(!c.is_control(), "{:?} in {}", c, all);
                proptest::prop_assert!(
                    !matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
                    "{:?} in {}", c, all
                );
            }
        }
    }

    fn built_for_test(built: Built) -> Printed {
        super::built(Path::new("k.xlsx"), &Ok(built), Occasion::Build)
    }
}
