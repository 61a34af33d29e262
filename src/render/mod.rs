//! Rendering: a follow-up into finished documents.
//!
//! [`view`] formats the model for templates, [`template`] fills a Typst
//! template with it (escaping every value), [`world`] serves the filled source
//! with the templates and fonts folders, [`compile`] compiles it to a PDF and
//! to HTML, and [`docx`] writes the HTML's content as a Word document. The
//! template is the one source of both formats (see `docs/architecture.md`).
//! Renderers return bytes; [`crate::write`] puts them on disk.

pub mod compile;
pub mod docx;
pub mod ooxml;
pub mod template;
pub mod view;
pub mod world;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assess::FollowUp;
use crate::diagnostics::Diagnostics;
pub use compile::Stamp;
pub use world::Fonts;

/// The half-year follow-up template, in the templates folder.
pub const HALF_YEAR_TEMPLATE: &str = "halvaarsopfoelgning.typ";

/// Which files to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// Make the PDF.
    pub pdf: bool,
    /// Make the DOCX.
    pub docx: bool,
}

impl Formats {
    /// Both formats.
    pub const BOTH: Formats = Formats { pdf: true, docx: true };
}

/// A rendered document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The PDF, if asked for.
    pub pdf: Option<Vec<u8>>,
    /// The DOCX, if asked for.
    pub docx: Option<Vec<u8>>,
    /// Warnings from Typst.
    pub warnings: Diagnostics,
}

/// What rendering needs besides the document: templates and fonts, loaded once.
#[derive(Debug, Clone)]
pub struct Renderer {
    templates: PathBuf,
    fonts: Arc<Fonts>,
}

impl Renderer {
    /// A renderer over a templates folder and a fonts folder.
    pub fn new(templates: &Path, fonts: &Path) -> Result<Renderer, Diagnostics> {
        Ok(Renderer { templates: templates.to_path_buf(), fonts: Arc::new(Fonts::load(fonts)?) })
    }

    /// The filled Typst source of a follow-up, as it goes to Typst.
    pub fn typst_source(&self, followup: &FollowUp) -> Result<template::Filled, Diagnostics> {
        self.typst_source_with(followup, &[])
    }

    /// The filled Typst source of a corrected version, with the list of what
    /// it corrects.
    pub fn typst_source_with(
        &self,
        followup: &FollowUp,
        corrections: &[String],
    ) -> Result<template::Filled, Diagnostics> {
        let mut view = view::report_view(followup);
        view.corrections = corrections.to_vec();
        self.check_glyphs(&view)?;
        let context = minijinja::Value::from(minijinja::value::Serde(&view));
        Ok(template::fill(&self.templates, HALF_YEAR_TEMPLATE, context)?)
    }

    /// Every character the document will show must be in the fonts; else
    /// the PDF would show an empty box in its place. The fix is in the
    /// workbook, so this is a workbook error (with the text it is in).
    fn check_glyphs(&self, view: &view::ReportView) -> Result<(), Diagnostics> {
        fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        let mut texts = Vec::new();
        walk(&serde_json::to_value(view).unwrap_or_default(), &mut texts);
        let mut problems = Diagnostics::default();
        for text in texts {
            let missing: Vec<char> = text
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control() && !self.fonts.covers(*c))
                .collect();
            if let Some(first) = missing.first() {
                let shown: String = text.chars().take(80).collect();
                problems.push(
                    crate::diagnostics::Diagnostic::error(
                        "OF0314",
                        format!(
                            "tegnet «{first}» (U+{:04X}) findes ikke i dokumentets skrifttype",
                            *first as u32
                        ),
                    )
                    .found(shown)
                    .hint("ret teksten i projektmappen, eller læg en skrifttype med tegnet i mappen fonts/"),
                );
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Renders a follow-up to PDF bytes; warnings are returned beside them.
    pub fn pdf(&self, followup: &FollowUp) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
        let r = self.render(followup, Formats { pdf: true, docx: false })?;
        Ok((r.pdf.unwrap_or_default(), r.warnings))
    }

    /// Renders a follow-up in the asked formats from one filled template.
    pub fn render(&self, followup: &FollowUp, formats: Formats) -> Result<Rendered, Diagnostics> {
        self.render_corrected(followup, &[], formats)
    }

    /// Renders a corrected version: as [`Renderer::render`], with a section
    /// listing the corrections (see [`crate::diff`]).
    pub fn render_corrected(
        &self,
        followup: &FollowUp,
        corrections: &[String],
        formats: Formats,
    ) -> Result<Rendered, Diagnostics> {
        let filled = self.typst_source_with(followup, corrections)?;
        let meta = &followup.report.meta;
        let compiler = compile::Compiler::new(self.fonts.clone(), &self.templates, &filled, meta.date);
        let result = (|| {
            let mut out = Rendered::default();
            if formats.pdf {
                let stamp = Stamp {
                    date: meta.date,
                    ident: format!(
                        "opfolg/{}/{}/{}",
                        meta.title,
                        meta.year,
                        meta.case_number.as_deref().unwrap_or(&meta.period)
                    ),
                };
                let (pdf, warnings) = compiler.pdf(&stamp)?;
                out.pdf = Some(pdf);
                out.warnings = warnings;
            }
            if formats.docx {
                let html = compiler.html()?;
                let docx_meta = docx::DocxMeta {
                    title: format!("{} {}", meta.title, meta.year),
                    subject: meta.period.clone(),
                    author: meta.administration.clone(),
                    case_number: meta.case_number.clone(),
                    date: meta.date,
                };
                out.docx = Some(docx::write_docx(&html, &docx_meta)?);
            }
            Ok(out)
        })();
        // Typst memoises across compilations; without this a batch grows by
        // megabytes per document.
        typst::comemo::evict(10);
        result
    }
}
