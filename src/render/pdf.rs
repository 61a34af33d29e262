//! Compiling filled Typst source to a PDF, in process.

use std::sync::Arc;

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::template::Filled;
use super::world::{DocumentWorld, Fonts};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Date;

/// What the PDF is stamped with; taken from the report, never from the clock,
/// so the same workbook gives the same bytes.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// The document's date.
    pub date: Date,
    /// A stable identifier of the document (the PDF's `ID`).
    pub ident: String,
}

/// Compiles a filled template and exports it as PDF bytes. Typst's warnings
/// are returned beside the bytes; its errors name the template file and line.
pub fn compile_pdf(
    fonts: Arc<Fonts>,
    templates: &std::path::Path,
    filled: &Filled,
    stamp: &Stamp,
) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    let world = DocumentWorld::new(fonts, templates, &filled.template, filled.source.clone(), stamp.date);
    let result = typst::compile::<PagedDocument>(&world);
    let mut warnings = Diagnostics::default();
    for w in &result.warnings {
        warnings.push(convert(&world, templates, filled, w));
    }
    let document = result.output.map_err(|errors| {
        let mut all = Diagnostics::default();
        for e in errors.iter() {
            // A faulty template line inside a loop fails once per repetition;
            // say it once.
            let d = convert(&world, templates, filled, e);
            if !all.iter().any(|seen| *seen == d) {
                all.push(d);
            }
        }
        all
    })?;
    let timestamp =
        Datetime::from_ymd(stamp.date.year, stamp.date.month, stamp.date.day).map(Timestamp::new_utc);
    let options =
        PdfOptions { ident: Smart::Custom(stamp.ident.clone()), timestamp, ..PdfOptions::default() };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors.iter().map(|e| convert(&world, templates, filled, e)).fold(
            Diagnostics::default(),
            |mut d, x| {
                d.push(x);
                d
            },
        )
    })?;
    Ok((pdf, warnings))
}

/// A Typst diagnostic as ours: the place is the template file and line that
/// produced the offending source.
fn convert(
    world: &DocumentWorld,
    templates: &std::path::Path,
    filled: &Filled,
    d: &SourceDiagnostic,
) -> Diagnostic {
    let message = format!("Typst: {}", d.message);
    let mut out = match d.severity {
        TypstSeverity::Error => Diagnostic::error("OF0503", message),
        TypstSeverity::Warning => Diagnostic::warning("OF0504", message),
    };
    let id = d.span.id();
    let range = world.range(d.span);
    if let (Some(id), Some(range)) = (id, range) {
        if id == world.main() {
            let line = filled.template_line(range.start);
            out = out.at(Location {
                file: templates.join(&filled.template).display().to_string(),
                sheet: None,
                cell: line.map(|l| l.to_string()),
            });
            if let Some(text) = filled.source.get(range.clone()) {
                out = out.found(text.chars().take(80).collect::<String>());
            }
        } else if let Ok(source) = world.source(id) {
            let line = source.lines().byte_to_line(range.start).map(|l| (l + 1).to_string());
            let path = id.vpath().realize(templates).map(|p| p.display().to_string()).unwrap_or_default();
            out = out.at(Location { file: path, sheet: None, cell: line });
        }
    }
    if let Some(hint) = d.hints.first() {
        out = out.hint(hint.v.to_string());
    }
    out
}
