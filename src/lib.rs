//! opfolg: the follow-up on performance contracts (resultatkontrakter), from
//! an Excel workbook to a committee paper.
//!
//! A build is a [`Request`] (workbooks, output folder, formats, the version
//! corrected, templates and fonts) handed to [`build_all`]. Each workbook
//! goes through the stages in one direction, one module per stage, each
//! handing a type to the next:
//!
//! 1. [`read`]: the workbook file into sheets of typed cells ([`read::Workbook`]).
//! 2. [`normalise`]: the sheets into a validated [`model::Report`], with every
//!    problem named by file, sheet and cell ([`diagnostics`]).
//! 3. [`assess`]: differences and traffic lights ([`assess::FollowUp`]).
//! 4. [`render::plan_attached`]: the documents to make ([`render::Planned`]),
//!    each whole with the files it carries for the archive.
//! 5. [`render`]: a view of the follow-up fills a Typst template, which is
//!    compiled in process to PDF bytes, and to HTML that becomes the DOCX.
//! 6. [`write`](mod@write): the bytes onto disk, atomically.
//!
//! Beneath the stages, calling none of them: [`model`] (the types),
//! [`diagnostics`] (problems and where they are), [`format`](mod@format) (the
//! Danish number and date formats all stages print with; it knows the type
//! of an assessed difference), [`naming`] (every name a document or file
//! gets) and [`schedule`] (the threads a batch of documents is made on, and
//! its bound). `docs/architecture.md` draws the house from the imports.
//!
//! Beside the build: [`diff`] says what changed between two versions of a
//! workbook; [`init`] writes a blank workbook to start from; [`watch`]
//! rebuilds on every save; [`archive`] keeps the final and signed PDFs;
//! [`serve`] is the same work as a page in the browser.
//! [`print`] shows every result as text or JSON for the command line.

#![warn(missing_docs)]

pub mod agree;
pub mod archive;
pub mod assess;
pub mod diagnostics;
pub mod diff;
pub mod format;
pub mod init;
pub mod model;
pub mod naming;
pub mod normalise;
pub mod print;
pub mod read;
pub mod render;
pub mod schedule;
pub mod serve;
pub mod watch;
pub mod write;

use std::path::{Path, PathBuf};

use assess::FollowUp;
use diagnostics::Diagnostics;
// The archive's provenance names its attachments as the build does.
use naming::document_name;
use render::{Formats, Renderer};

/// Reads, normalises and assesses a workbook. Warnings come beside the
/// result, and so do errors that stop only one unit's contract (see
/// [`Diagnostics::unit_errors`]).
pub fn load(workbook: &Path) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    load_bytes(&workbook.display().to_string(), read::read_file(workbook)?)
}

/// As [`load`], and every text the documents show is checked against the
/// renderer's fonts, cell by cell, as `build` checks it: what `check` finds
/// with this is what `build` refuses.
pub fn load_for(workbook: &Path, renderer: &Renderer) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    load_bytes_for(&workbook.display().to_string(), read::read_file(workbook)?, Some(renderer))
}

/// As [`load`], for a workbook's bytes; `file` is the name messages use.
pub fn load_bytes(file: &str, bytes: Vec<u8>) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    load_bytes_for(file, bytes, None)
}

/// As [`load_bytes`]; with a renderer, its fonts are checked as in [`load_for`].
pub fn load_bytes_for(
    file: &str,
    bytes: Vec<u8>,
    renderer: Option<&Renderer>,
) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    let book = read::read_workbook_bytes(file, bytes, &read::LIMITS)?;
    let covers = renderer.map(|r| move |c: char| r.covers(c));
    let (report, mut diagnostics) =
        normalise::normalise_with(&book, covers.as_ref().map(|f| f as &dyn Fn(char) -> bool))?;
    let followup = assess::assess(report);
    diagnostics.extend(assess::warnings(&followup));
    Ok((followup, diagnostics))
}

/// Loads a workbook for [`agree::agreement`]: what it says and where
/// its targets are; `None` when it cannot be loaded (its own check says why).
pub fn load_paper(workbook: &Path) -> Option<agree::Paper> {
    let book = read::read_workbook(workbook).ok()?;
    let (report, _) = normalise::normalise(&book).ok()?;
    Some(agree::Paper {
        workbook: workbook.to_path_buf(),
        followup: assess::assess(report),
        cells: normalise::target_cells(&book),
    })
}

/// What [`build`] made.
#[derive(Debug, Default)]
pub struct Built {
    /// The files written, in the order of the documents.
    pub files: Vec<PathBuf>,
    /// Warnings from the workbook and the templates.
    pub warnings: Diagnostics,
    /// Documents of a batch that could not be made, with the reason; the
    /// others were written.
    pub failures: Vec<Failure>,
    /// Each document made, with its files, in the order of the documents.
    pub documents: Vec<Made>,
    /// What this version corrects in the previous one, as the documents'
    /// "Rettelser" section lists it ([`diff`]); empty when it corrects none.
    pub corrections: Vec<String>,
}

/// A document that was made.
#[derive(Debug)]
pub struct Made {
    /// What the document is ("kontrakt for Jobcenter Sygedagpenge").
    pub label: String,
    /// Its files.
    pub files: Vec<PathBuf>,
    /// The pages its PDF was written from, when asked for
    /// ([`build_with_pages`]): what `opfolg serve`'s preview draws.
    pub pages: Option<render::Pages>,
}

/// A document of a batch that could not be made.
#[derive(Debug)]
pub struct Failure {
    /// What the document is ("kontrakt for Jobcenter Sygedagpenge").
    pub label: String,
    /// Why.
    pub diagnostics: Diagnostics,
}

/// What a batch reports while it works, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// This many documents will be made.
    Planned(usize),
    /// A document is made (or failed).
    Done {
        /// What it is.
        label: &'a str,
        /// Whether it was made.
        ok: bool,
    },
}

/// Loads a workbook, or the workbook of a PDF that opfolg made: the one
/// attached to it (`build --med-kilder`), or, for an archived record, the
/// one the archive keeps beside it; so that a version can be compared with
/// a record. Either must have the SHA-256 the PDF's metadata names (its
/// provenance), else it is refused (OF0111): an attachment swapped for
/// another workbook, or a catalogue's copy changed, would otherwise be
/// compared in silence, and a corrected paper would list wrong corrections.
pub fn load_source(path: &Path) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    let is_pdf = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return load(path);
    }
    let at = diagnostics::Location { file: path.display().to_string(), sheet: None, cell: None, line: None };
    // Only a regular file, within the archive's limit (not /dev/zero).
    let bytes = archive::files::read_regular(path, archive::MAX_PDF_BYTES)
        .map_err(|e| diagnostics::Diagnostic::error("OF0101", e).at(at.clone()))?;
    let pdf = archive::pdf::Pdf::parse(&bytes)
        .map_err(|e| diagnostics::Diagnostic::error("OF0109", e).at(at.clone()))?;
    let attached = pdf.attachments().into_iter().find(|(name, _)| {
        [".xlsx", ".xls", ".ods"].iter().any(|ext| name.to_ascii_lowercase().ends_with(ext))
    });
    let (label, data) = match attached {
        Some((name, data)) => (format!("{} (vedhæftet {name})", path.display()), data),
        None => archived_workbook(path, &bytes).ok_or_else(|| {
            diagnostics::Diagnostic::error("OF0110", "PDF'en har ingen projektmappe vedhæftet")
                .at(at.clone())
                .hint("giv projektmappen, eller en post i arkivet (arkiv/<år>/<navn>.pdf), hvor projektmappen ligger ved posten")
        })?,
    };
    let not_its_source = |message: String| diagnostics::Diagnostic::error("OF0111", message).at(at.clone());
    let provenance = match pdf.metadata().map(|packet| archive::provenance::Provenance::from_xmp(&packet)) {
        Some(Ok(Some(p))) => p,
        Some(Err(e)) => {
            return Err(
                not_its_source(format!("PDF'ens oplysninger om sin kilde kan ikke læses: {e}")).into()
            );
        }
        _ => {
            return Err(
                not_its_source("PDF'en siger ikke, hvilken projektmappe den er lavet af".into()).into()
            );
        }
    };
    let sha256 = archive::sha256_hex(&data);
    if sha256 != provenance.workbook_sha256 {
        return Err(not_its_source(format!(
            "projektmappen ({}) er ikke den, PDF'en er lavet af («{}»)",
            format::visible(&label),
            format::visible(&provenance.workbook)
        ))
        .found(format!("SHA-256 {sha256}, men PDF'en angiver {}", provenance.workbook_sha256))
        .hint("sammenlign med projektmappen selv, eller med PDF'en, som opfolg build lavede")
        .into());
    }
    // Problems are named in the PDF's workbook.
    load_bytes(&label, data)
}

/// The workbook the archive keeps beside the record at `path` (a record's
/// file, `<archive>/<year>/<name>.pdf`, with `bytes` its contents): found
/// by the file's SHA-256 in the archive's catalogue, read only.
fn archived_workbook(path: &Path, bytes: &[u8]) -> Option<(String, Vec<u8>)> {
    let dir = path.parent()?.parent()?;
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    if !dir.join(archive::CATALOGUE).is_file() {
        return None;
    }
    let archive = archive::Archive::open_read_only(dir).ok()?;
    let sha256 = archive::sha256_hex(bytes);
    let record = archive.list().ok()?.into_iter().find(|r| r.sha256 == sha256)?;
    let (workbook, _) = archive.sources(record.id).ok()??;
    let label = format!(
        "{} (arkivets projektmappe ved nr. {}: {})",
        path.display(),
        record.id,
        record.provenance.workbook
    );
    Some((label, workbook))
}

/// What to build: the workbooks, where to, in which formats, what they
/// correct, and with which templates and fonts. Everything [`build_all`]
/// needs, given once.
#[derive(Debug, Clone)]
pub struct Request {
    /// The workbooks (.xlsx, .xls or .ods); each is built on its own.
    pub workbooks: Vec<PathBuf>,
    /// The folder the documents are written to.
    pub out: PathBuf,
    /// Which files to make.
    pub formats: Formats,
    /// An earlier version of the workbook, which this one corrects: the
    /// documents end with a section listing what changed ([`diff`]).
    pub corrects: Option<PathBuf>,
    /// The templates folder; `None` looks as [`Renderer::find`] does.
    pub templates: Option<PathBuf>,
    /// The fonts folder; `None` looks as [`Renderer::find`] does.
    pub fonts: Option<PathBuf>,
    /// What the PDFs carry besides the document ([`Papers`]).
    pub papers: Papers,
}

/// What the PDFs of a build carry besides the document. By default a paper
/// carries no attachments: its provenance is in its XMP metadata, and the
/// archive keeps the workbook and the model beside the record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Papers {
    /// Attach the workbook, the model and the provenance to each PDF
    /// (`build --med-kilder`): for internal working copies, never for
    /// publishing (hidden rows, every unit's figures).
    pub sources: bool,
    /// Make a copy for signing through NemLog-in beside every PDF
    /// (`<name>-til-underskrift.pdf`; `build --til-underskrift`). Contracts
    /// always get one.
    pub signing_copy: bool,
}

impl Request {
    /// `workbooks` into `out`, as PDF and DOCX, correcting nothing, with
    /// the templates and fonts [`Renderer::find`] finds.
    pub fn new(workbooks: Vec<PathBuf>, out: &Path) -> Request {
        Request {
            workbooks,
            out: out.to_path_buf(),
            formats: Formats::BOTH,
            corrects: None,
            templates: None,
            fonts: None,
            papers: Papers::default(),
        }
    }
}

/// Builds every workbook of `request`, in parallel, and says how each went,
/// in the order given. `Err` when the templates or fonts cannot be loaded:
/// then nothing is built.
pub fn build_all(
    request: &Request,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<Result<Built, Diagnostics>>, Diagnostics> {
    let renderer = Renderer::find(request.templates.as_deref(), request.fonts.as_deref())?;
    Ok(schedule::map_bounded(&request.workbooks, |workbook| {
        build_workbook(request, workbook, &renderer, progress).map(|(built, _)| built)
    }))
}

/// Runs the whole pipeline for one workbook and writes `<name>.pdf` and/or
/// `<name>.docx` into `out` (a contract workbook: one pair per unit).
pub fn build(
    workbook: &Path,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
) -> Result<Built, Diagnostics> {
    build_correction(workbook, None, out, renderer, formats)
}

/// As [`build`]; with `previous`, the documents end with a section listing
/// what this version corrects in the previous one ([`diff`]).
pub fn build_correction(
    workbook: &Path,
    previous: Option<&Path>,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
) -> Result<Built, Diagnostics> {
    build_with_progress(workbook, previous, out, renderer, formats, &|_| {})
}

/// As [`build_correction`], reporting progress. Documents are made in
/// parallel. A workbook whose errors stop everything gives `Err`; in a
/// contract batch, a unit whose own rows are wrong, or whose document fails,
/// is listed in [`Built::failures`] and the other units' documents are
/// still written. A single document that fails gives `Err`.
pub fn build_with_progress(
    workbook: &Path,
    previous: Option<&Path>,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Built, Diagnostics> {
    let request =
        Request { formats, corrects: previous.map(Path::to_path_buf), ..Request::new(Vec::new(), out) };
    build_workbook(&request, workbook, renderer, progress).map(|(built, _)| built)
}

/// As [`build_with_progress`]; each document made keeps the pages its PDF
/// was written from ([`Made::pages`]), so that a preview shows exactly the
/// PDF's pages without laying them out a second time. `request` gives the
/// formats, the folder, the version corrected and what the PDFs carry; its
/// workbooks, templates and fonts are not looked at.
pub fn build_with_pages(
    request: &Request,
    workbook: &Path,
    renderer: &Renderer,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Built, Diagnostics> {
    build_workbook_keeping(request, workbook, renderer, progress, true).map(|(built, _)| built)
}

/// One workbook's build, step by step: read, normalise, assess, plan,
/// render, write. Gives the follow-up beside what was made, for
/// [`watch`] to say what changed.
pub(crate) fn build_workbook(
    request: &Request,
    workbook: &Path,
    renderer: &Renderer,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Built, FollowUp), Diagnostics> {
    build_workbook_keeping(request, workbook, renderer, progress, false)
}

/// As [`build_workbook`]; `keep_pages` keeps each PDF's pages ([`Made::pages`]).
fn build_workbook_keeping(
    request: &Request,
    workbook: &Path,
    renderer: &Renderer,
    progress: &(dyn Fn(Progress) + Sync),
    keep_pages: bool,
) -> Result<(Built, FollowUp), Diagnostics> {
    let file = workbook.display().to_string();
    // 1. Read, once: the documents and the copy of the workbook attached to
    // them come from the same bytes, even if the file is saved meanwhile.
    let bytes = read::read_file(workbook)?;
    let book = read::read_workbook_bytes(&file, bytes.clone(), &read::LIMITS)?;
    // 2. Normalise, with the fonts the documents will have: a character no
    // font can draw is the workbook's error, at its cell.
    let (report, mut diags) = normalise::normalise_with(&book, Some(&|c| renderer.covers(c)))?;
    // 3. Assess, and compare with the version this one corrects.
    let followup = assess::assess(report);
    diags.extend(assess::warnings(&followup));
    let corrections: Vec<String> = match &request.corrects {
        Some(previous) => {
            // A workbook, or a PDF: one with its sources, or an archived record.
            let (old, _) = load_source(previous)?;
            diff::diff(&old, &followup).iter().map(ToString::to_string).collect()
        }
        None => Vec::new(),
    };
    // 4. Plan the documents, each with the files it carries. Units stopped
    // by their own rows are reported, not planned.
    let mut built =
        Built { warnings: diags.warnings(), corrections: corrections.clone(), ..Built::default() };
    let mut skip = Vec::new();
    for unit in &followup.report.units {
        let errors = diags.unit_errors(&unit.id);
        if !errors.is_empty() {
            skip.push(unit.id.clone());
            built
                .failures
                .push(Failure { label: format!("kontrakt for {}", unit.name), diagnostics: errors });
        }
    }
    let (workbook_file, model) = archive::provenance::sources(workbook, &bytes, &followup)?;
    let templates_sha256 = templates_sha256(renderer)?;
    let papers = request.papers;
    let attach = |p: &render::Planned| -> Result<render::Carried, Diagnostics> {
        // A unit's contract carries the model of its own unit: the whole
        // model in each of a thousand contracts would be a thousand times
        // the data.
        let model = match &p.unit {
            Some(unit) => archive::provenance::model_attachment(workbook, &followup.for_unit(unit))?,
            None => model.clone(),
        };
        let provenance = archive::provenance::provenance(
            p,
            workbook,
            &followup,
            &workbook_file.data,
            &model.data,
            &templates_sha256,
        );
        // By default a paper carries no attachments: its provenance is in its
        // XMP metadata, and the archive keeps the sources beside the record.
        let attachments = if papers.sources {
            vec![
                workbook_file.clone(),
                model,
                render::Attachment {
                    name: archive::PROVENANCE_FILE.to_string(),
                    mime: "application/json",
                    description: "Hvor dokumentet kommer fra (opfolg): til arkivet".to_string(),
                    data: serde_json::to_vec_pretty(&provenance).unwrap_or_default().into(),
                },
            ]
        } else {
            Vec::new()
        };
        Ok(render::Carried { attachments, metadata: provenance.to_xmp(), signing_copy: papers.signing_copy })
    };
    let planned = render::plan_attached(&followup, &document_name(workbook), &corrections, &skip, &attach)?;
    // 5 and 6. Render and write each document on its own: a failure leaves
    // no half-made pair, and the other documents are still made. The output
    // folder is made once, before the batch: a folder that cannot be made
    // is one problem, not one per document.
    let out = &request.out;
    std::fs::create_dir_all(out).map_err(|e| {
        diagnostics::Diagnostic::error(
            "OF0601",
            format!("mappen kan ikke oprettes: {}", diagnostics::io_reason(&e)),
        )
        .at(diagnostics::Location {
            file: out.display().to_string(),
            sheet: None,
            cell: None,
            line: None,
        })
    })?;
    progress(Progress::Planned(planned.len() + built.failures.len()));
    for f in &built.failures {
        progress(Progress::Done { label: &f.label, ok: false });
    }
    let results = schedule::map_bounded(&planned, |p| {
        let result = render_and_write(p, &file, out, renderer, request.formats, keep_pages);
        progress(Progress::Done { label: &p.label, ok: result.is_ok() });
        result
    });
    let per_unit = followup.report.meta.kind == model::DocumentKind::Contracts;
    for (p, result) in planned.iter().zip(results) {
        match result {
            Ok((files, warnings, pages)) => {
                built.files.extend(files.iter().cloned());
                built.documents.push(Made { label: p.label.clone(), files, pages });
                built.warnings.extend(warnings);
            }
            Err(d) if !per_unit => return Err(d),
            Err(d) => built.failures.push(Failure { label: p.label.clone(), diagnostics: d }),
        }
    }
    Ok((built, followup))
}

/// The checksum of the renderer's templates, which every document's
/// provenance names.
fn templates_sha256(renderer: &Renderer) -> Result<String, Diagnostics> {
    let templates = renderer.templates();
    let files = templates.files().map_err(|e| {
        diagnostics::Diagnostic::error("OF0501", "skabelonmappen kan ikke læses")
            .at(diagnostics::Location::file(templates.describe_all()))
            .found(diagnostics::io_reason(&e))
    })?;
    Ok(archive::files_sha256(&files))
}

/// The end of the file name of a paper's copy for signing through NemLog-in.
pub const SIGNING_SUFFIX: &str = "-til-underskrift.pdf";

/// Renders one planned document and writes its files.
fn render_and_write(
    planned: &render::Planned,
    workbook: &str,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
    keep_pages: bool,
) -> Result<(Vec<PathBuf>, Diagnostics, Option<render::Pages>), Diagnostics> {
    let rendered = if keep_pages {
        renderer.render_planned_with_pages(planned, formats)
    } else {
        renderer.render_planned(planned, formats)
    };
    let rendered = rendered.map_err(|mut d| {
        // Rendering finds some problems of the workbook's text (characters no
        // font has); they name the workbook.
        d.locate_unplaced(workbook);
        d
    })?;
    let mut files = Vec::new();
    // Both files are made before either is written.
    for (bytes, suffix) in
        [(rendered.pdf, ".pdf"), (rendered.signing_pdf, SIGNING_SUFFIX), (rendered.docx, ".docx")]
    {
        if let Some(bytes) = bytes {
            files.push(write::write_atomic(out, &format!("{}{suffix}", planned.name), &bytes)?);
        }
    }
    Ok((files, rendered.warnings, rendered.pages))
}
