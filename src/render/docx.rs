//! The DOCX writer: walks what the Typst template evaluated to (its HTML
//! form) and writes the same content as a Word document with `docx-rs`.
//!
//! The template is the one source of the document's content, structure and
//! look: colours, column widths and light symbols arrive in the HTML, as
//! the `data-*` attributes listed in [`attrs`]. The writer is in three steps:
//! [`walk`] maps HTML elements to Word's paragraphs and tables, [`styles`]
//! is the Word stylesheet, and [`package`] edits the package docx-rs made
//! into one that is valid against the OOXML schema and the same bytes every
//! time. See `docs/architecture.md`.

pub mod attrs;
mod package;
mod styles;
mod walk;

use std::io::Cursor;

use typst_html::{HtmlDocument, HtmlNode};

use crate::diagnostics::Diagnostic;
use crate::model::Date;

/// The document's properties, written to `docProps/core.xml` and `custom.xml`.
#[derive(Debug, Clone)]
pub struct DocxMeta {
    /// Title.
    pub title: String,
    /// Subject (the period).
    pub subject: String,
    /// Author (the administration).
    pub author: String,
    /// Case number, if any.
    pub case_number: Option<String>,
    /// The document's date, also its creation and modification date.
    pub date: Date,
}

/// Writes an evaluated document as DOCX bytes.
pub fn write_docx(doc: &HtmlDocument, meta: &DocxMeta) -> Result<Vec<u8>, Diagnostic> {
    let root = doc.root();
    let body = root
        .children
        .iter()
        .find_map(|n| match n {
            HtmlNode::Element(e) if e.tag.resolve().as_str() == "body" => Some(e),
            _ => None,
        })
        .unwrap_or(root);
    let (docx, facts) = walk::walk(body);
    let mut packed = Cursor::new(Vec::new());
    docx.build().pack(&mut packed).map_err(|e| internal(format!("DOCX kunne ikke pakkes: {e}")))?;
    package::repack(packed.into_inner(), meta, &facts)
}

fn internal(message: String) -> Diagnostic {
    Diagnostic::error("OF0505", message)
}
