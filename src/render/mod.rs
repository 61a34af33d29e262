//! Rendering: a follow-up into finished documents.
//!
//! [`view`] formats the model for templates, [`template`] fills a Typst
//! template with it (escaping every value), [`world`] serves the filled source
//! with the templates and fonts folders, [`compile`] compiles it to a PDF and
//! to HTML, and [`docx`] writes the HTML's content as a Word document. The
//! template is the one source of both formats (see `docs/architecture.md`).
//! Renderers return bytes; [`crate::write`] puts them on disk.

pub mod assets;
pub mod compile;
pub mod docx;
pub mod ooxml;
pub mod pages;
pub mod template;
pub mod view;
pub mod world;
pub mod xmp;

use std::path::Path;
use std::sync::Arc;

use crate::assess::FollowUp;
use crate::diagnostics::Diagnostics;
use crate::model::DocumentKind;
pub use assets::Assets;
pub use compile::{Attachment, Stamp, Variant, pdf_standards};
pub use world::Fonts;

/// The half-year follow-up template, in the templates folder.
pub const HALF_YEAR_TEMPLATE: &str = "halvaarsopfoelgning.typ";

/// The template of each kind of document, in the templates folder.
pub fn template_for(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::HalfYear => HALF_YEAR_TEMPLATE,
        DocumentKind::FullYear => "helaarsopfoelgning.typ",
        DocumentKind::Contracts => "kontrakt.typ",
        DocumentKind::CommitteeCase => "indstilling.typ",
        DocumentKind::GoalOverview => "bilag.typ",
    }
}

/// One document to make from a workbook: a contract batch plans one per
/// unit, the other kinds one.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The file name without extension (ASCII, no spaces).
    pub name: String,
    /// The unit the document is for (contracts), by id.
    pub unit: Option<String>,
    /// What the document is, for messages ("kontrakt for Jobcenter Sygedagpenge").
    pub label: String,
    /// Files the PDF carries (the workbook and model it was made from, when
    /// asked for: `build --med-kilder`).
    pub attachments: Vec<Attachment>,
    /// opfolg's properties for the PDF's XMP metadata: where it came from.
    pub metadata: Vec<(&'static str, String)>,
    /// Whether a copy for signing is made beside the PDF ([`Variant::Signing`]).
    pub signing_copy: bool,
    /// The document's title.
    pub title: String,
    /// What stays the same across corrected versions of the document (the
    /// PDF's identifier is made from it).
    pub ident: String,
    /// The document's date.
    pub date: crate::model::Date,
    /// The case number (sagsnummer).
    pub case_number: Option<String>,
    /// The document number (dokumentnummer), for a contract.
    pub document_number: Option<String>,
    /// The unit's name, for a contract.
    pub unit_name: Option<String>,
    template: &'static str,
    view: view::ReportView,
    author: String,
    subject: String,
}

/// Plans the documents of a follow-up. `name` is the file name of a
/// document that is not per unit (the workbook's, made safe). Units whose
/// rows have errors (`skip`) get no document. The documents carry no
/// attachments (see [`plan_attached`]).
pub fn plan(followup: &FollowUp, name: &str, corrections: &[String], skip: &[String]) -> Vec<Planned> {
    plan_attached(followup, name, corrections, skip, &|_| Ok(Carried::default())).unwrap_or_default()
}

/// What a planned document carries besides its content, decided from what
/// it is: files attached to the PDF, opfolg's XMP properties (where it came
/// from), and whether a copy for signing is made though it is no contract.
#[derive(Debug, Clone, Default)]
pub struct Carried {
    /// Files the PDF carries ([`Planned::attachments`]).
    pub attachments: Vec<Attachment>,
    /// opfolg's properties for the XMP metadata ([`Planned::metadata`]).
    pub metadata: Vec<(&'static str, String)>,
    /// A copy for signing besides a contract's ([`Planned::signing_copy`]).
    pub signing_copy: bool,
}

/// What a planned document carries ([`Carried`]), decided from what it is.
pub type Attach<'a> = dyn Fn(&Planned) -> Result<Carried, Diagnostics> + 'a;

/// As [`plan`]; each document carries the files `attach` gives for it. A
/// [`Planned`] is whole when it is returned and is not changed after.
pub fn plan_attached(
    followup: &FollowUp,
    name: &str,
    corrections: &[String],
    skip: &[String],
    attach: &Attach,
) -> Result<Vec<Planned>, Diagnostics> {
    let meta = &followup.report.meta;
    let template = template_for(meta.kind);
    let planned = |view: view::ReportView, name: String, unit: Option<&crate::model::Unit>| {
        let mut view = view;
        view.corrections = corrections.to_vec();
        // The year is added unless the title already has it ("Resultatkontrakter 2009").
        let year = meta.year.to_string();
        let title = match unit {
            Some(u) => format!("{} {} {year}", meta.title, u.name),
            None if meta.title.contains(&year) => meta.title.clone(),
            None => format!("{} {year}", meta.title),
        };
        let planned = Planned {
            label: match unit {
                Some(u) => format!("kontrakt for {}", u.name),
                None => meta.kind.danish().to_string(),
            },
            name,
            unit: unit.map(|u| u.id.clone()),
            attachments: Vec::new(),
            metadata: Vec::new(),
            // Every contract is signed through NemLog-in.
            signing_copy: unit.is_some(),
            template,
            ident: format!(
                "opfolg/{title}/{}",
                unit.and_then(|u| u.contract.case_number.as_deref())
                    .or(meta.case_number.as_deref())
                    .unwrap_or(&meta.period)
            ),
            title,
            view,
            date: meta.date,
            author: meta.administration.clone(),
            subject: meta.period.clone(),
            case_number: unit.and_then(|u| u.contract.case_number.clone()).or(meta.case_number.clone()),
            document_number: unit.and_then(|u| u.contract.document_number.clone()),
            unit_name: unit.map(|u| u.name.clone()),
        };
        // What a document carries can depend on all it is (its provenance
        // names its title and date), so it is asked for last.
        let carried = attach(&planned)?;
        Ok(Planned {
            attachments: carried.attachments,
            metadata: carried.metadata,
            signing_copy: planned.signing_copy || carried.signing_copy,
            ..planned
        })
    };
    match meta.kind {
        DocumentKind::Contracts => followup
            .report
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| !skip.contains(&u.id))
            .map(|(i, u)| {
                planned(
                    view::contract_view(followup, i),
                    crate::naming::contract_file_name(meta.year, u),
                    Some(u),
                )
            })
            .collect(),
        _ => Ok(vec![planned(view::report_view(followup), name.to_string(), None)?]),
    }
}

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

/// A document's laid-out pages, shared: what its PDF is written from.
pub type Pages = Arc<typst_layout::PagedDocument>;

/// A rendered document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The PDF, if asked for.
    pub pdf: Option<Vec<u8>>,
    /// The copy for signing, if the PDF was asked for and the document is
    /// signed ([`Planned::signing_copy`]).
    pub signing_pdf: Option<Vec<u8>>,
    /// The DOCX, if asked for.
    pub docx: Option<Vec<u8>>,
    /// Warnings from Typst.
    pub warnings: Diagnostics,
    /// The pages the PDF was written from, when asked for
    /// ([`Renderer::render_planned_with_pages`]): what a preview draws, so
    /// that it shows exactly the PDF's pages without laying them out again.
    pub pages: Option<Pages>,
}

/// What rendering needs besides the document: templates and fonts, loaded once.
#[derive(Debug, Clone)]
pub struct Renderer {
    templates: Assets,
    fonts: Arc<Fonts>,
}

impl Renderer {
    /// A renderer over a templates folder and a fonts folder.
    pub fn new(templates: &Path, fonts: &Path) -> Result<Renderer, Diagnostics> {
        Renderer::with(Assets::Folder(templates.to_path_buf()), Assets::Folder(fonts.to_path_buf()))
    }

    /// A renderer over these templates and fonts (folders, or built in).
    pub fn with(templates: Assets, fonts: Assets) -> Result<Renderer, Diagnostics> {
        Ok(Renderer { templates, fonts: Arc::new(Fonts::load(&fonts)?) })
    }

    /// The renderer a build uses: the templates folder and fonts folder
    /// given, else `report_templates/` and `fonts/` in the current folder,
    /// else the ones opfolg was built with (see [`assets`]). Each is looked
    /// for on its own: a folder of own templates uses the built-in fonts.
    pub fn find(templates: Option<&Path>, fonts: Option<&Path>) -> Result<Renderer, Diagnostics> {
        Renderer::with(
            Assets::find(templates, Assets::built_in_templates()),
            Assets::find(fonts, Assets::built_in_fonts()),
        )
    }

    /// True when a font of the renderer can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts.covers(c)
    }

    /// The templates: a folder, or the built-in ones.
    pub fn templates(&self) -> &Assets {
        &self.templates
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
        let planned = plan(followup, "dokument", corrections, &[]);
        match planned.first() {
            Some(p) => self.fill(p),
            None => Ok(template::fill(
                &self.templates,
                template_for(followup.report.meta.kind),
                minijinja::Value::from(()),
            )?),
        }
    }

    /// The filled Typst source of a planned document.
    pub fn fill(&self, planned: &Planned) -> Result<template::Filled, Diagnostics> {
        self.check_glyphs(&planned.view)?;
        let context = minijinja::Value::from(minijinja::value::Serde(&planned.view));
        Ok(template::fill(&self.templates, planned.template, context)?)
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
            if let Some(d) = crate::normalise::missing_glyph(&text, &|c| self.fonts.covers(c)) {
                problems.push(d);
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
        match plan(followup, "dokument", corrections, &[]).first() {
            Some(p) => self.render_planned(p, formats),
            None => Ok(Rendered::default()),
        }
    }

    /// Renders one planned document in the asked formats from one filled template.
    pub fn render_planned(&self, planned: &Planned, formats: Formats) -> Result<Rendered, Diagnostics> {
        self.render_planned_keeping(planned, formats, false)
    }

    /// As [`Renderer::render_planned`]; with the PDF, [`Rendered::pages`]
    /// holds the pages it was written from (for `opfolg serve`'s preview).
    pub fn render_planned_with_pages(
        &self,
        planned: &Planned,
        formats: Formats,
    ) -> Result<Rendered, Diagnostics> {
        self.render_planned_keeping(planned, formats, true)
    }

    fn render_planned_keeping(
        &self,
        planned: &Planned,
        formats: Formats,
        keep_pages: bool,
    ) -> Result<Rendered, Diagnostics> {
        let filled = self.fill(planned)?;
        let compiler = compile::Compiler::new(
            self.fonts.clone(),
            &self.templates,
            &filled,
            planned.date,
            &planned.attachments,
        );
        type Pdfs = (Vec<u8>, Option<Vec<u8>>, Diagnostics, Option<Pages>);
        let pdf = || -> Result<Option<Pdfs>, Diagnostics> {
            if !formats.pdf {
                return Ok(None);
            }
            let stamp = Stamp {
                date: planned.date,
                ident: planned.ident.clone(),
                metadata: planned.metadata.clone(),
            };
            let (document, warnings) = compiler.laid_out()?;
            let published = compiler.export(&document, &stamp, Variant::Published)?;
            let signing = match (planned.signing_copy, planned.attachments.is_empty()) {
                (false, _) => None,
                // The same pages: only the export differs.
                (true, true) => Some(compiler.export(&document, &stamp, Variant::Signing)?),
                // Without attachments: PDF/A-2b cannot carry them, and the
                // whitelist has none of their names.
                (true, false) => {
                    let bare = compile::Compiler::new(
                        self.fonts.clone(),
                        &self.templates,
                        &filled,
                        planned.date,
                        &[],
                    );
                    Some(bare.pdf_variant(&stamp, Variant::Signing)?.0)
                }
            };
            let pages = keep_pages.then(|| Arc::new(document));
            Ok(Some((published, signing, warnings, pages)))
        };
        let docx = || -> Result<Option<Vec<u8>>, Diagnostics> {
            if !formats.docx {
                return Ok(None);
            }
            let html = compiler.html()?;
            let docx_meta = docx::DocxMeta {
                title: planned.title.clone(),
                subject: planned.subject.clone(),
                author: planned.author.clone(),
                case_number: planned.case_number.clone(),
                date: planned.date,
            };
            Ok(Some(docx::write_docx(&html, &docx_meta)?))
        };
        // The PDF and the DOCX are two compilations of one source: made side
        // by side, they take the time of the longer one.
        let (pdf, docx) = crate::schedule::parallel(|| rayon::join(pdf, docx));
        let result = (|| {
            let mut out = Rendered::default();
            if let Some((bytes, signing, warnings, pages)) = pdf? {
                out.pdf = Some(bytes);
                out.signing_pdf = signing;
                out.warnings = warnings;
                out.pages = pages;
            }
            out.docx = docx?;
            Ok(out)
        })();
        // Typst memoises across compilations; without this a batch grows by
        // megabytes per document.
        typst::comemo::evict(10);
        result
    }
}

/// The text of laid-out pages, page by page, as Typst placed it (each run
/// of text followed by a space): what a test compares with a PDF's text.
pub fn laid_out_text(document: &typst_layout::PagedDocument) -> Vec<String> {
    fn walk(frame: &typst::layout::Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(g) => walk(&g.frame, out),
                typst::layout::FrameItem::Text(t) => {
                    out.push_str(&t.text);
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
    document
        .pages()
        .iter()
        .map(|p| {
            let mut text = String::new();
            walk(&p.frame, &mut text);
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_kept_are_the_ones_the_pdf_is_written_from_and_the_command_line_keeps_none() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let renderer = Renderer::find(Some(&root.join("report_templates")), Some(&root.join("fonts")))
            .unwrap_or_else(|d| panic!("{d}"));
        let (followup, _) =
            crate::load(&root.join("inputs/halvaarsopfoelgning-2008.xlsx")).unwrap_or_else(|d| panic!("{d}"));
        let corrections = vec!["Rapport: titel ændret fra Gammel titel til Ny titel".to_string()];
        let planned = &plan(&followup, "dokument", &corrections, &[])[0];
        let pdf_only = Formats { pdf: true, docx: false };
        let kept = renderer.render_planned_with_pages(planned, pdf_only).unwrap();
        let plain = renderer.render_planned(planned, pdf_only).unwrap();
        assert!(plain.pages.is_none(), "the command line's path keeps no pages");
        assert_eq!(kept.pdf, plain.pdf, "keeping the pages changes nothing in the PDF");
        let pages = kept.pages.expect("the pages, asked for");
        // Written out again, the kept pages are the PDF, to the byte.
        let filled = renderer.fill(planned).unwrap();
        let compiler =
            compile::Compiler::new(renderer.fonts.clone(), &renderer.templates, &filled, planned.date, &[]);
        let stamp =
            Stamp { date: planned.date, ident: planned.ident.clone(), metadata: planned.metadata.clone() };
        let again = compiler.export(&pages, &stamp, Variant::Published).unwrap();
        assert!(again == kept.pdf.unwrap(), "the kept pages write the same PDF");
        // They hold the corrected version's section, which the uncorrected
        // document's pages do not.
        let text = laid_out_text(&pages).join("\n");
        assert!(text.contains("Ny titel"), "{text}");
        let uncorrected = &plan(&followup, "dokument", &[], &[])[0];
        let other = renderer.render_planned_with_pages(uncorrected, pdf_only).unwrap().pages.unwrap();
        assert!(!laid_out_text(&other).join("\n").contains("Ny titel"));
        // Without a PDF there are no pages to keep.
        let docx_only = Formats { pdf: false, docx: true };
        assert!(renderer.render_planned_with_pages(planned, docx_only).unwrap().pages.is_none());
    }
}
