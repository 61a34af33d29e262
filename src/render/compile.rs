//! Compiling filled Typst source, in process: to a PDF, and to HTML for the
//! DOCX writer. Both compile in one world, so Typst's memoised work (parsing,
//! evaluation) is shared between them.

use std::sync::Arc;

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_html::HtmlDocument;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::assets::Assets;
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
    /// opfolg's properties for the XMP metadata (where the document came
    /// from; names from [`super::xmp::PROPERTIES`]); none are added when empty.
    pub metadata: Vec<(&'static str, String)>,
}

/// Which PDF of a document is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The paper that is published and archived: tagged for screen
    /// readers, PDF/UA-1 with PDF/A ([`pdf_standards`]).
    Published,
    /// The copy for signing through NemLog-in: PDF/A-2b, untagged, without
    /// attachments, so that it passes the signing SDK's whitelist of PDF
    /// names (Typst's tagging always puts names on the role map that the
    /// whitelist lacks; docs/archive.md).
    Signing,
}

/// A file carried inside the PDF (PDF/A-3 "associated file"): the workbook
/// and the model a document was made from, so that the record can be
/// checked and made again years later.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The file name shown in the PDF reader (ASCII).
    pub name: String,
    /// Its MIME type.
    pub mime: &'static str,
    /// What it is, in Danish.
    pub description: String,
    /// Its bytes (shared: every document of a batch carries the same workbook).
    pub data: Arc<[u8]>,
}

/// The standards a paper is made to, as a function of what it is:
///
/// - tagged, nothing embedded: PDF/A-2a and PDF/UA-1 (accessible and
///   archivable; PDF/A-2 allows no attachments);
/// - tagged, sources embedded: PDF/A-3a and PDF/UA-1 (PDF/A-3 allows the
///   workbook and model as associated files, docs/archive.md);
/// - untagged, nothing embedded: PDF/A-2b (a copy made only to be signed,
///   where the tagging cannot be kept; the published copy is the tagged one).
///
/// An untagged paper with sources inside fits none of these (PDF/UA needs
/// the tags, and a PDF/A-3 copy without them would be a second, lesser
/// record), so it is refused rather than made to some other standard.
pub fn pdf_standards(tagged: bool, embeds_sources: bool) -> Result<&'static [PdfStandard], Diagnostic> {
    match (tagged, embeds_sources) {
        (true, false) => Ok(&[PdfStandard::A_2a, PdfStandard::Ua_1]),
        (true, true) => Ok(&[PdfStandard::A_3a, PdfStandard::Ua_1]),
        (false, false) => Ok(&[PdfStandard::A_2b]),
        (false, true) => Err(Diagnostic::error(
            "OF0507",
            "en PDF uden tilgængelighedsmærkning (tags) kan ikke bære sine kilder som bilag",
        )
        .hint("lav kopien til underskrift uden vedhæftede filer, eller lav den mærket")),
    }
}

/// A filled template in its world, ready to compile.
pub struct Compiler<'a> {
    world: DocumentWorld,
    templates: Assets,
    filled: &'a Filled,
    embeds_sources: bool,
    tagged: bool,
}

impl<'a> Compiler<'a> {
    /// A compiler for `filled`, with the templates and fonts.
    /// `attachments` go into the PDF; the HTML (and so the DOCX) ignores them.
    pub fn new(
        fonts: Arc<Fonts>,
        templates: &Assets,
        filled: &'a Filled,
        date: Date,
        attachments: &[Attachment],
    ) -> Self {
        // The attachments are added after the template's own text, so that
        // the places of template errors stay as they are.
        let mut source = filled.source.clone();
        let mut given = Vec::new();
        for (i, a) in attachments.iter().enumerate() {
            let path = format!("/.opfolg/bilag-{i}");
            source.push_str(&format!(
                "\n#pdf.attach({}, read({}, encoding: none), relationship: \"source\", mime-type: {}, description: {})\n",
                typst_string(&a.name),
                typst_string(&path),
                typst_string(a.mime),
                typst_string(&a.description),
            ));
            given.push((path, a.data.clone()));
        }
        let mut world = DocumentWorld::new(fonts, templates, &filled.template, source, date);
        for (path, data) in given {
            world.give(&path, data);
        }
        let embeds_sources = !attachments.is_empty();
        Compiler { world, templates: templates.clone(), filled, embeds_sources, tagged: true }
    }

    /// The same compiler making an untagged PDF (PDF/A-2b, see
    /// [`pdf_standards`]): for a copy that is only to be signed.
    pub fn untagged(self) -> Self {
        Compiler { tagged: false, ..self }
    }

    /// Compiles to PDF bytes. Typst's warnings are returned beside the bytes;
    /// its errors name the template file and line.
    pub fn pdf(&self, stamp: &Stamp) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
        self.pdf_variant(stamp, Variant::Published)
    }

    /// Compiles to PDF bytes of the given variant. The compiler of a
    /// [`Variant::Signing`] copy must have been made without attachments.
    pub fn pdf_variant(
        &self,
        stamp: &Stamp,
        variant: Variant,
    ) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
        let (document, warnings) = self.laid_out()?;
        Ok((self.export(&document, stamp, variant)?, warnings))
    }

    /// Lays the document out in pages, with Typst's warnings: what
    /// [`Compiler::export`] writes as a PDF, and what the page preview of
    /// `opfolg serve` draws (the same pages, never a second layout).
    pub fn laid_out(&self) -> Result<(PagedDocument, Diagnostics), Diagnostics> {
        let result = typst::compile::<PagedDocument>(&self.world);
        let mut warnings = Diagnostics::default();
        for w in &result.warnings {
            warnings.push(self.convert(w));
        }
        let document = result.output.map_err(|errors| self.convert_all(&errors))?;
        Ok((document, warnings))
    }

    /// Writes pages this compiler laid out ([`Compiler::laid_out`]) as PDF
    /// bytes of the given variant, stamped with `stamp`.
    pub fn export(
        &self,
        document: &PagedDocument,
        stamp: &Stamp,
        variant: Variant,
    ) -> Result<Vec<u8>, Diagnostics> {
        let timestamp =
            Datetime::from_ymd(stamp.date.year, stamp.date.month, stamp.date.day).map(Timestamp::new_utc);
        let tagged = match variant {
            Variant::Published => self.tagged,
            Variant::Signing => false,
        };
        let list = pdf_standards(tagged, self.embeds_sources).map_err(Diagnostics::from)?;
        let standards = PdfStandards::new(list)
            .map_err(|e| Diagnostics::from(Diagnostic::error("OF0503", format!("Typst: {}", e.message()))))?;
        let options = PdfOptions {
            ident: Smart::Custom(stamp.ident.clone()),
            timestamp,
            standards,
            tagged,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(document, &options).map_err(|errors| self.convert_all(&errors))?;
        if stamp.metadata.is_empty() {
            return Ok(pdf);
        }
        // The pages' hash binds the provenance to these pages: taken before
        // the XMP pass, which changes nothing the hash covers.
        let pages = super::pages::sha256_of(&pdf).map_err(|e| {
            Diagnostics::from(Diagnostic::error("OF0508", format!("PDF'ens sider kan ikke læses: {e}")))
        })?;
        let mut metadata = stamp.metadata.clone();
        metadata.push((super::pages::PROPERTY, pages));
        super::xmp::add_properties(&pdf, &metadata).map_err(|e| {
            Diagnostics::from(Diagnostic::error("OF0508", format!("PDF'ens metadata kan ikke skrives: {e}")))
        })
    }

    /// Compiles to Typst's HTML document, which the DOCX writer walks. Its
    /// warnings are dropped: they repeat the PDF's, or say what HTML cannot
    /// show (page layout, shapes), which the template hands over otherwise.
    pub fn html(&self) -> Result<HtmlDocument, Diagnostics> {
        typst::compile::<HtmlDocument>(&self.world).output.map_err(|errors| self.convert_all(&errors))
    }

    fn convert_all(&self, errors: &[SourceDiagnostic]) -> Diagnostics {
        let mut all = Diagnostics::default();
        for e in errors {
            // A faulty template line inside a loop fails once per repetition;
            // say it once.
            let d = self.convert(e);
            if !all.iter().any(|seen| *seen == d) {
                all.push(d);
            }
        }
        all
    }

    fn convert(&self, d: &SourceDiagnostic) -> Diagnostic {
        convert(&self.world, &self.templates, self.filled, d)
    }
}

/// `text` as a Typst string literal: data, never code.
fn typst_string(text: &str) -> String {
    format!("\"{}\"", super::template::escape_str(text))
}

/// A Typst diagnostic as ours: the place is the template file and line that
/// produced the offending source.
fn convert(world: &DocumentWorld, templates: &Assets, filled: &Filled, d: &SourceDiagnostic) -> Diagnostic {
    let message = format!("Typst: {}", d.message);
    let mut out = match d.severity {
        TypstSeverity::Error => Diagnostic::error("OF0503", message),
        TypstSeverity::Warning => Diagnostic::warning("OF0504", message),
    };
    let id = d.span.id();
    let range = world.range(d.span);
    if let (Some(id), Some(range)) = (id, range) {
        if id == world.main() {
            let place = filled.template_place(range.start);
            let name = place.map(|(name, _)| name).unwrap_or(&filled.template);
            out = out.at(Location {
                file: templates.describe(name),
                sheet: None,
                cell: None,
                line: place.map(|(_, line)| line),
            });
            if let Some(text) = filled.source.get(range.clone()) {
                out = out.found(text.chars().take(80).collect::<String>());
            }
        } else if let Ok(source) = world.source(id) {
            let line = source.lines().byte_to_line(range.start).map(|l| l + 1);
            let path = templates.describe(id.vpath().get_without_slash());
            out = out.at(Location { file: path, sheet: None, cell: None, line });
        }
    }
    if let Some(hint) = d.hints.first() {
        out = out.hint(hint.v.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tagged_paper_is_accessible_and_archivable_with_or_without_sources() {
        assert_eq!(pdf_standards(true, false).unwrap(), [PdfStandard::A_2a, PdfStandard::Ua_1]);
        assert_eq!(pdf_standards(true, true).unwrap(), [PdfStandard::A_3a, PdfStandard::Ua_1]);
        assert_eq!(pdf_standards(false, false).unwrap(), [PdfStandard::A_2b]);
    }

    #[test]
    fn every_choice_is_one_typst_accepts() {
        for (tagged, embeds) in [(true, false), (true, true), (false, false)] {
            let list = pdf_standards(tagged, embeds).unwrap();
            assert!(PdfStandards::new(list).is_ok(), "{list:?}");
        }
    }

    #[test]
    fn an_untagged_paper_with_sources_is_refused_not_downgraded() {
        let e = pdf_standards(false, true).unwrap_err();
        assert_eq!(e.code, "OF0507");
        assert_eq!(e.severity, crate::diagnostics::Severity::Error);
    }
}
