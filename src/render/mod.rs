//! Rendering: a follow-up into a finished document.
//!
//! [`view`] formats the model for templates, [`template`] fills a Typst
//! template with it (escaping every value), [`world`] serves the filled source
//! with the templates and fonts folders, and [`pdf`] compiles and exports.
//! Renderers return bytes; [`crate::write`] puts them on disk.

pub mod pdf;
pub mod template;
pub mod view;
pub mod world;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assess::FollowUp;
use crate::diagnostics::Diagnostics;
pub use pdf::Stamp;
pub use world::Fonts;

/// The half-year follow-up template, in the templates folder.
pub const HALF_YEAR_TEMPLATE: &str = "halvaarsopfoelgning.typ";

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
        let view = view::report_view(followup);
        Ok(template::fill(
            &self.templates,
            HALF_YEAR_TEMPLATE,
            minijinja::Value::from(minijinja::value::Serde(&view)),
        )?)
    }

    /// Renders a follow-up to PDF bytes; warnings are returned beside them.
    pub fn pdf(&self, followup: &FollowUp) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
        let filled = self.typst_source(followup)?;
        let meta = &followup.report.meta;
        let stamp = Stamp {
            date: meta.date,
            ident: format!(
                "opfolg/{}/{}/{}",
                meta.title,
                meta.year,
                meta.case_number.as_deref().unwrap_or(&meta.period)
            ),
        };
        let result = pdf::compile_pdf(self.fonts.clone(), &self.templates, &filled, &stamp);
        // Typst memoises across compilations; without this a batch grows by
        // megabytes per document.
        typst::comemo::evict(10);
        result
    }
}
