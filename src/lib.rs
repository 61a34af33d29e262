//! opfolg: the follow-up on performance contracts (resultatkontrakter), from
//! an Excel workbook to a committee paper.
//!
//! The pipeline, one module per stage, each handing a type to the next:
//!
//! 1. [`read`]: the workbook file into sheets of typed cells ([`read::Workbook`]).
//! 2. [`normalise`]: the sheets into a validated [`model::Report`], with every
//!    problem named by file, sheet and cell ([`diagnostics`]).
//! 3. [`assess`]: differences and traffic lights ([`assess::FollowUp`]).
//! 4. [`render`]: a view of the follow-up fills a Typst template, which is
//!    compiled in process to PDF bytes, and to HTML that becomes the DOCX.
//! 5. [`write`]: the bytes onto disk, atomically.
//!
//! [`format`] holds the Danish number and date formats all stages print with;
//! [`diff`] says what changed between two versions of a workbook.

#![warn(missing_docs)]

pub mod assess;
pub mod diagnostics;
pub mod diff;
pub mod format;
pub mod model;
pub mod normalise;
pub mod read;
pub mod render;
pub mod write;

use std::path::{Path, PathBuf};

use assess::FollowUp;
use diagnostics::Diagnostics;
use render::{Formats, Renderer};

/// Reads, normalises and assesses a workbook. Warnings come beside the result.
pub fn load(workbook: &Path) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    let book = read::read_workbook(workbook)?;
    let (report, warnings) = normalise::normalise(&book)?;
    Ok((assess::assess(report), warnings))
}

/// What [`build`] made.
#[derive(Debug)]
pub struct Built {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Warnings from the workbook and the template.
    pub warnings: Diagnostics,
}

/// The name of a workbook's documents: its file stem, made safe.
pub fn document_name(workbook: &Path) -> String {
    let stem = workbook.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    write::safe_file_name(&stem)
}

/// Runs the whole pipeline for one workbook and writes `<name>.pdf` and/or
/// `<name>.docx` into `out`.
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
    let (followup, mut warnings) = load(workbook)?;
    let corrections: Vec<String> = match previous {
        Some(p) => {
            let (old, _) = load(p)?;
            diff::diff(&old, &followup).iter().map(ToString::to_string).collect()
        }
        None => Vec::new(),
    };
    let rendered = renderer.render_corrected(&followup, &corrections, formats).map_err(|mut d| {
        // Rendering finds some problems of the workbook's text (characters no
        // font has); they name the workbook.
        d.locate_unplaced(&workbook.display().to_string());
        d
    })?;
    warnings.extend(rendered.warnings);
    let name = document_name(workbook);
    let mut files = Vec::new();
    // Both files are made before either is written, so a failure leaves no
    // half-made pair.
    for (bytes, ext) in [(rendered.pdf, "pdf"), (rendered.docx, "docx")] {
        if let Some(bytes) = bytes {
            files.push(write::write_atomic(out, &format!("{name}.{ext}"), &bytes)?);
        }
    }
    Ok(Built { files, warnings })
}
