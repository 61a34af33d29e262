//! Starting a workbook: `opfolg init KIND FILE` writes a blank workbook for
//! one kind of document, so that a new user cannot get its structure wrong.
//!
//! The workbook has the sheets and column headers the normaliser reads (taken
//! from [`crate::normalise::columns`], so the two cannot drift apart), the
//! fields of the sheet «Rapport» for the kind, drop-down lists for every
//! column with a fixed set of words (goal type, measure, direction, traffic
//! light, row type) or a reference to another sheet (unit, goal, steering
//! parameter), the four steering parameters, a skeleton of the sheet
//! «Dokument», and a first sheet «Vejledning» with instructions in Danish.
//!
//! `opfolg skabeloner DIR` ([`write_defaults`]) writes out the templates and
//! fonts opfolg carries, for a secretariat that wants its own look.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, io_reason};
use crate::model::{DocumentKind, GoalKind};
use crate::normalise::{self, Column, columns, sheets};
use crate::render::Assets;

/// The last row the drop-down lists cover (1-based, header included).
const ROWS: u32 = 1000;

/// One sheet of a blank workbook.
struct SheetPlan {
    name: &'static str,
    columns: Vec<&'static Column>,
    /// Rows written under the header (the Rapport fields, say).
    rows: Vec<Vec<String>>,
}

/// The columns of `all` named in `names`, in that order.
fn pick(all: &'static [Column], names: &[&str]) -> Vec<&'static Column> {
    names
        .iter()
        .map(|n| all.iter().find(|c| c.name == *n).unwrap_or_else(|| panic!("no column {n}")))
        .collect()
}

/// The fields of the sheet «Rapport» a kind uses, with the value to start from.
fn report_fields(kind: DocumentKind) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("Dokumenttype", kind.danish().to_string()),
        ("Titel", String::new()),
        ("År", String::new()),
        ("Forvaltning", String::new()),
        ("Dato", String::new()),
    ];
    let more: &[&str] = match kind {
        DocumentKind::HalfYear => {
            &["Periode", "Udvalg", "Sagsnummer", "Tolerance procentpoint", "Tolerance relativ"]
        }
        DocumentKind::FullYear => {
            &["Periode", "Udvalg", "Sagsnummer", "Punkt", "Tolerance procentpoint", "Tolerance relativ"]
        }
        DocumentKind::Contracts => &["Underskriver", "Underskrivers titel", "Underskriftsdato"],
        DocumentKind::CommitteeCase => {
            &["Udvalg", "Sagsnummer", "Punkt", "Underskriver", "Underskrivers titel"]
        }
        DocumentKind::GoalOverview => &["Sagsnummer"],
    };
    f.extend(more.iter().map(|m| (*m, String::new())));
    f
}

/// A skeleton of the sheet «Dokument»: the parts opfolg fills itself, in a
/// sensible order, with headings to write under.
fn document_skeleton(kind: DocumentKind) -> Vec<[&'static str; 2]> {
    match kind {
        DocumentKind::HalfYear => vec![
            ["overskrift 1", "Indledning"],
            ["tekst", "(skriv indledningen her)"],
            ["styringsparametre", ""],
            ["trafiklys", ""],
            ["kapitel", "Beskæftigelsesindsatsen"],
        ],
        DocumentKind::FullYear => vec![
            ["overskrift 1", "Indstilling og beslutning"],
            ["nummereret punkt", "at udvalget tager helårsopfølgningen til efterretning"],
            ["overskrift 1", "Løsning"],
            ["optælling", ""],
            ["ny side", ""],
            ["overskrift 1", "Bilag 1: Status på resultatmålene"],
            ["målstatus", ""],
        ],
        DocumentKind::Contracts => vec![
            ["kapitel", "Indledning"],
            ["tekst", "Denne kontrakt indgås mellem {enhed} og forvaltningen for {år}."],
            ["kapitel", "Centrets formål"],
            ["enhedens formål", ""],
            ["kapitel", "Styringsområderne"],
            ["styringsparametre", ""],
            ["enhedens mål", ""],
            ["kapitel", "Underskrift på kontrakten"],
            ["underskrifter", ""],
        ],
        DocumentKind::CommitteeCase => vec![
            ["overskrift 1", "Indstilling og beslutning"],
            ["nummereret punkt", "at udvalget tager orienteringen til efterretning"],
            ["overskrift 1", "Problemstilling"],
            ["overskrift 1", "Løsning"],
            ["måleksempler", ""],
            ["overskrift 1", "Økonomi"],
            ["overskrift 1", "Videre proces"],
            ["overskrift 1", "Bilag"],
        ],
        DocumentKind::GoalOverview => vec![["måloversigt", ""]],
    }
}

fn plan(kind: DocumentKind) -> Vec<SheetPlan> {
    use DocumentKind::*;
    let sheet = |name, columns, rows| SheetPlan { name, columns, rows };
    let report = sheet(
        sheets::REPORT,
        pick(columns::REPORT, &["Felt", "Værdi"]),
        report_fields(kind).into_iter().map(|(k, v)| vec![k.to_string(), v]).collect(),
    );
    // A contract may head an area's definition otherwise than its goals.
    let steering_columns: &[&str] = match kind {
        Contracts => &["Nr", "Navn", "Beskrivelse", "Områdeoverskrift"],
        _ => &["Nr", "Navn", "Beskrivelse"],
    };
    let steering = sheet(
        sheets::STEERING,
        pick(columns::STEERING, steering_columns),
        ["Beskæftigelsesindsatsen", "Kvalitet i servicen", "Personale og organisation", "Økonomi"]
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut row = vec![(i + 1).to_string(), n.to_string()];
                row.resize(steering_columns.len(), String::new());
                row
            })
            .collect(),
    );
    let units = match kind {
        Contracts => pick(
            columns::UNITS,
            &["Id", "Navn", "Kort navn", "Sagsnummer", "Dokumentnummer", "Leder", "Leders titel"],
        ),
        _ => pick(columns::UNITS, &["Id", "Navn", "Kort navn"]),
    };
    let goals = match kind {
        HalfYear => pick(
            columns::GOALS,
            &[
                "Id",
                "Tabel",
                "Styringsparameter",
                "Måltype",
                "Måltekst",
                "Måleenhed",
                "Retning",
                "Målart",
                "Decimaler",
                "Decimaler forskel",
                "Tolerance",
            ],
        ),
        FullYear => pick(
            columns::GOALS,
            &[
                "Id",
                "Styringsparameter",
                "Måltype",
                "Måltekst",
                "Måleenhed",
                "Retning",
                "Decimaler",
                "Tolerance",
            ],
        ),
        GoalOverview => pick(columns::GOALS, &["Id", "Styringsparameter", "Emne", "Måltype", "Måltekst"]),
        Contracts | CommitteeCase => {
            pick(columns::GOALS, &["Id", "Styringsparameter", "Måltype", "Måltekst"])
        }
    };
    let results = match kind {
        HalfYear | FullYear => pick(
            columns::RESULTS,
            &[
                "Mål-id",
                "Enhed",
                "Måltal",
                "Resultat",
                "Uddybning",
                "Mærke",
                "Trafiklys",
                "Begrundelse",
                "Periodemål",
                "Opgørelsesperiode",
            ],
        ),
        _ => pick(columns::RESULTS, &["Mål-id", "Enhed", "Måltal", "Måltekst for enheden"]),
    };
    let document = sheet(
        sheets::DOCUMENT,
        pick(columns::DOCUMENT, &["Type", "Tekst", "Fodnote"]),
        document_skeleton(kind).iter().map(|[t, x]| vec![t.to_string(), x.to_string()]).collect(),
    );
    let mut out = vec![report, steering];
    if kind != CommitteeCase {
        out.push(sheet(sheets::UNITS, units, vec![]));
    }
    if kind == HalfYear {
        out.push(sheet(
            sheets::TABLES,
            pick(columns::TABLES, &["Nr", "Titel", "Kilde", "Note", "Tekst under tabel"]),
            vec![],
        ));
    }
    out.push(sheet(sheets::GOALS, goals, vec![]));
    if kind != CommitteeCase {
        out.push(sheet(sheets::RESULTS, results, vec![]));
    }
    if kind == Contracts {
        out.push(sheet(
            sheets::CONTRACT_TEXTS,
            pick(columns::CONTRACT_TEXTS, &["Enhed", "Del", "Tekst"]),
            vec![],
        ));
    }
    out.push(document);
    out
}

/// The instructions sheet's lines: a heading, then text.
fn instructions(kind: DocumentKind) -> Vec<(bool, String)> {
    let mut l = vec![
        (true, format!("Projektmappe til opfolg: {}", kind.danish())),
        (false, "Udfyld arkene fra venstre mod højre. Første række i hvert ark er kolonneoverskrifterne; lad dem stå.".into()),
        (false, "Celler med en rullemenu tager kun de ord, menuen viser. Tal skrives som tal (4,5), datoer som datoer (30-06-2008).".into()),
        (false, "Tekst vises præcis som skrevet; tegn som # * _ $ har ingen særlig betydning.".into()),
        (false, "Kontrollér projektmappen med: opfolg check FIL.xlsx    Lav dokumenterne med: opfolg build FIL.xlsx".into()),
        (false, "Hele formatet er beskrevet i docs/workbook.md.".into()),
        (true, "Arkene".into()),
        (false, "Rapport: dokumentets titel, år, dato og de øvrige felter i kolonnen Værdi. Lad Dokumenttype stå.".into()),
        (false, "Styringsparametre: de fire styringsparametre; ret navnene og skriv en beskrivelse.".into()),
    ];
    let per_kind: &[&str] = match kind {
        DocumentKind::HalfYear => &[
            "Enheder: hver enhed med et kort Id, som de andre ark bruger.",
            "Tabeller: notatets tabeller med nummer og titel.",
            "Mål: hvert mål med tabel, type, tekst, måleenhed og retning. Målart siger, hvordan målet vurderes ved halvåret: en andel, som den står; et antal over året mod halvdelen af årsmålet; et niveau ved årets udgang mod periodemålet (ellers årsmålet). Tom: antal og beløb er antal over året, resten andele.",
            "Resultater: én række pr. mål og enhed med måltal (for hele året) og resultat. Periodemål (valgfri) er målet for perioden, fx en milepæl. Opgørelsesperiode (valgfri) skrives, når tallene er for en anden periode end notatets, fx 1. kvartal 2008. Trafiklys sættes kun i hånden, med en begrundelse.",
        ],
        DocumentKind::FullYear => &[
            "Enheder: hver enhed med et kort Id.",
            "Mål: hvert mål med styringsparameter, type, tekst, måleenhed og retning.",
            "Resultater: én række pr. mål og enhed med måltal og resultat ved årets udgang. opfolg tæller selv opfyldte, næsten opfyldte og ikke opfyldte mål.",
            "I en tekst i arket Dokument bliver {opfyldt}, {næsten opfyldt}, {ikke opfyldt} og {mål i alt} til de optalte tal, fx «De {ikke opfyldt} mål, som ikke er indfriet …».",
        ],
        DocumentKind::Contracts => &[
            "Enheder: hver enhed får sin egen kontrakt; udfyld sagsnummer, dokumentnummer, leder og titel.",
            "Mål: hvert mål med styringsparameter, type og tekst.",
            "Resultater: én række pr. mål og enhed, der skal have målet i sin kontrakt. Måltal kan stå tomt.",
            "Kontrakttekster: enhedens formål (Del: formål), opgaver (Del: opgave) og tekst før målene under hvert styringsparameter (Del: 1-4).",
            "Styringsparametre: Områdeoverskrift (valgfri) er overskriften, hvor kontrakten definerer området, hvis den ikke er navnet (fx «Kvaliteten af servicen»).",
        ],
        DocumentKind::CommitteeCase => {
            &["Mål: de mål, sagen nævner som eksempler (rækketypen måleksempler i arket Dokument)."]
        }
        DocumentKind::GoalOverview => &[
            "Enheder: hver enhed med et kort Id.",
            "Mål: hvert mål med styringsparameter og emne.",
            "Resultater: én række pr. mål og enhed, som målet gælder; det afgør, om målet er fælles eller særligt.",
        ],
    };
    l.extend(per_kind.iter().map(|t| (false, t.to_string())));
    l.push((
        false,
        "Dokument: dokumentets tekst i læserækkefølge, én række pr. overskrift, afsnit eller punkt. Typen vælges i rullemenuen; rækker som «enhedens mål» eller «optælling» fylder opfolg selv ud.".into(),
    ));
    l
}

/// A drop-down of fixed words.
fn words(list: &[&str], title: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(list)?
        .set_error_title("Ukendt værdi")?
        .set_error_message(format!("Vælg {title} fra listen."))
}

/// A drop-down of the ids in another sheet's first column.
fn reference(sheet: &str, title: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_formula(Formula::new(format!("={sheet}!$A$2:$A${ROWS}")))
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Ukendt id")?
        .set_error_message(format!("{title} findes ikke i arket {sheet}."))
}

/// The words of a keyword list, without repeats.
fn first<T>(list: &[(&'static str, T)]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for (w, _) in list {
        if !v.contains(w) {
            v.push(w);
        }
    }
    v
}

/// The drop-down for a column, if it has one.
fn validation(kind: DocumentKind, sheet: &str, column: &str) -> Result<Option<DataValidation>, XlsxError> {
    Ok(Some(match (sheet, column) {
        (sheets::GOALS, "Måltype") => words(&first(normalise::GOAL_TYPES), "en måltype")?,
        (sheets::GOALS, "Måleenhed") => {
            words(&["procent", "antal", "dage", "point", "beløb"], "en måleenhed")?
        }
        (sheets::GOALS, "Retning") => {
            words(&["højere er bedre", "lavere er bedre", "fasthold", "interval"], "en retning")?
        }
        (sheets::GOALS, "Målart") => {
            words(&[GoalKind::Rate, GoalKind::Count, GoalKind::Level].map(GoalKind::danish), "en målart")?
        }
        (sheets::GOALS, "Styringsparameter") => reference(sheets::STEERING, "Styringsparameteren")?,
        (sheets::RESULTS, "Mål-id") => reference(sheets::GOALS, "Målet")?,
        (sheets::RESULTS, "Enhed") | (sheets::CONTRACT_TEXTS, "Enhed") => {
            reference(sheets::UNITS, "Enheden")?
        }
        (sheets::RESULTS, "Trafiklys") => words(&first(normalise::LIGHTS), "et trafiklys")?,
        (sheets::CONTRACT_TEXTS, "Del") => words(&["formål", "opgave", "1", "2", "3", "4"], "en del")?,
        (sheets::DOCUMENT, "Type") => words(&normalise::block_words(kind), "en type")?,
        _ => return Ok(None),
    }))
}

/// The blank workbook for a kind, unsaved: tests fill it in as a user would.
pub fn workbook(kind: DocumentKind) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color("DCE6F1");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let title = Format::new().set_bold().set_font_size(13);
    let guide = book.add_worksheet();
    guide.set_name("Vejledning")?;
    guide.set_column_width(0, 120)?;
    for (r, (heading, text)) in instructions(kind).iter().enumerate() {
        guide.write_string_with_format(r as u32, 0, text, if *heading { &title } else { &wrap })?;
    }
    for plan in plan(kind) {
        let ws: &mut Worksheet = book.add_worksheet();
        ws.set_name(plan.name)?;
        ws.set_freeze_panes(1, 0)?;
        for (c, col) in plan.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, col.name, &header)?;
            let width = match col.name {
                "Måltekst" | "Tekst" | "Beskrivelse" | "Måltekst for enheden" | "Begrundelse" => 70.0,
                "Navn" | "Titel" | "Værdi" | "Kilde" | "Note" | "Tekst under tabel" | "Fodnote" => 36.0,
                _ => 16.0,
            };
            ws.set_column_width(c, width)?;
            if let Some(v) = validation(kind, plan.name, col.name)? {
                ws.add_data_validation(1, c, ROWS - 1, c, &v)?;
            }
        }
        for (r, row) in plan.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match value.parse::<f64>() {
                    // The steering parameters' numbers are numbers.
                    Ok(n) if plan.name == sheets::STEERING => ws.write_number(r, c, n).map(|_| ())?,
                    _ if value.is_empty() => {}
                    _ => ws.write_string_with_format(r, c, value, &wrap).map(|_| ())?,
                }
            }
        }
        if plan.name == sheets::REPORT {
            // The value cells of fields with fixed words or formats.
            for (r, row) in plan.rows.iter().enumerate() {
                let r = r as u32 + 1;
                match row[0].as_str() {
                    "Dokumenttype" => {
                        let kinds: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.danish()).collect();
                        ws.add_data_validation(r, 1, r, 1, &words(&kinds, "en dokumenttype")?)?;
                    }
                    "Dato" => {
                        ws.set_cell_format(r, 1, &Format::new().set_num_format("dd-mm-yyyy"))?;
                    }
                    "Tolerance procentpoint" => {
                        ws.write_number(r, 1, 5.0)?;
                    }
                    "Tolerance relativ" => {
                        ws.write_number_with_format(r, 1, 0.10, &Format::new().set_num_format("0%"))?;
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(book)
}

/// Writes the blank workbook for `kind` to `path`; never over an existing file.
pub fn write_blank(kind: DocumentKind, path: &Path) -> Result<PathBuf, Diagnostic> {
    let at = || Location { file: path.display().to_string(), sheet: None, cell: None, line: None };
    if path.exists() {
        return Err(Diagnostic::error("OF0602", "filen findes allerede; den overskrives ikke")
            .at(at())
            .hint("vælg et andet filnavn eller slet filen først"));
    }
    let bytes = workbook(kind)
        .and_then(|mut b| b.save_to_buffer())
        .map_err(|e| Diagnostic::error("OF0601", format!("projektmappen kan ikke laves: {e}")).at(at()))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    crate::write::write_atomic(dir, &name, &bytes)
}

/// What [`write_defaults`] did.
#[derive(Debug, Default)]
pub struct Defaults {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The files that were there already, as opfolg has them.
    pub unchanged: Vec<PathBuf>,
}

/// Writes the templates and fonts opfolg carries into
/// `dir/report_templates/` and `dir/fonts/`, for the secretariat to edit;
/// opfolg run in `dir` then uses them ([`crate::render::Renderer::find`]).
///
/// A file there already is left alone when it is opfolg's own. One that
/// differs has been edited (or is another version's): it is an error
/// (OF0602), and then nothing at all is written, so an edit is never
/// overwritten and no folder is left half old, half new. A file that cannot
/// be written takes back the ones written before it.
pub fn write_defaults(dir: &Path) -> Result<Defaults, Diagnostics> {
    use std::io::ErrorKind::NotFound;
    let at = |path: &Path| Location { file: path.display().to_string(), sheet: None, cell: None, line: None };
    let cannot = |path: &Path, e: &std::io::Error| {
        Diagnostic::error("OF0601", "der kan ikke skrives her").at(at(path)).found(io_reason(e))
    };
    let mut done = Defaults::default();
    let mut missing = Vec::new();
    let mut problems = Diagnostics::default();
    for assets in [Assets::built_in_templates(), Assets::built_in_fonts()] {
        let Assets::BuiltIn { folder, files } = assets else { continue };
        let folder = dir.join(folder);
        // The folder once: a file in its place (or in the place of `dir`)
        // is one problem, not one per template.
        match std::fs::metadata(&folder) {
            Ok(m) if !m.is_dir() => {
                let e = std::io::Error::from(std::io::ErrorKind::NotADirectory);
                problems.push(cannot(&folder, &e));
                continue;
            }
            Err(e) if e.kind() != NotFound => {
                problems.push(cannot(&folder, &e));
                continue;
            }
            _ => {}
        }
        for &(rel, bytes) in files {
            let target = folder.join(rel);
            // Not followed: a link, even one to nothing, is something there.
            match std::fs::symlink_metadata(&target) {
                Err(e) if e.kind() == NotFound => missing.push((target, bytes)),
                Err(e) => problems.push(cannot(&target, &e)),
                Ok(_) => match std::fs::read(&target) {
                    Ok(there) if there == bytes => done.unchanged.push(target),
                    Ok(_) => problems.push(
                        Diagnostic::error(
                            "OF0602",
                            "filen findes allerede og er ændret; den overskrives ikke",
                        )
                        .at(at(&target))
                        .hint("flyt eller omdøb den rettede fil, eller skriv skabelonerne i en anden mappe"),
                    ),
                    Err(e) => problems.push(cannot(&target, &e)),
                },
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (target, bytes) in missing {
        let folder = target.parent().unwrap_or(dir);
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match crate::write::write_atomic(folder, &name, bytes) {
            Ok(path) => done.written.push(path),
            Err(d) => {
                // All or nothing: the files this run wrote were not there
                // before, so taking them away leaves the folder as it was.
                for path in &done.written {
                    let _ = std::fs::remove_file(path);
                }
                return Err(d.into());
            }
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_blank_workbook() {
        for kind in DocumentKind::ALL {
            let mut book = workbook(kind).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            let bytes = book.save_to_buffer().unwrap();
            let read = crate::read::read_workbook_bytes("ny.xlsx", bytes, &crate::read::LIMITS).unwrap();
            // Every sheet the normaliser needs for the kind is there.
            for name in [sheets::REPORT, sheets::STEERING, sheets::GOALS, sheets::DOCUMENT] {
                assert!(read.sheet(name).is_some(), "{kind:?}: {name}");
            }
            assert_eq!(read.sheet(sheets::TABLES).is_some(), kind == DocumentKind::HalfYear);
            assert_eq!(read.sheet(sheets::CONTRACT_TEXTS).is_some(), kind == DocumentKind::Contracts);
        }
    }
}
