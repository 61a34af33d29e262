//! The Typst `World` of opfolg: the filled template, the templates folder and
//! the fonts folder, and nothing else.
//!
//! No system fonts and no packages are served, so a document looks the same
//! on every machine; `today()` is the report's own date, never the clock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::assets::Assets;
use crate::diagnostics::{Diagnostic, Location, io_reason};
use crate::model::Date;

/// The fonts of the `fonts/` folder, loaded once and shared by every document.
#[derive(Debug)]
pub struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Fonts {
    /// Loads every `.ttf`, `.otf` and `.ttc` file of `assets` (of a
    /// folder: the files directly in it), in name order.
    pub fn load(assets: &Assets) -> Result<Fonts, Diagnostic> {
        let at = || Location { file: assets.describe_all(), sheet: None, cell: None, line: None };
        let is_font = |name: &str| {
            Path::new(name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        };
        let mut fonts = Vec::new();
        match assets {
            Assets::Folder(dir) => {
                let entries = std::fs::read_dir(dir).map_err(|e| {
                    Diagnostic::error("OF0502", "skrifttypemappen kan ikke læses")
                        .at(at())
                        .found(io_reason(&e))
                })?;
                let mut paths: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(is_font))
                    .collect();
                paths.sort();
                for path in paths {
                    let data = std::fs::read(&path).map_err(|e| {
                        Diagnostic::error("OF0502", "skrifttypen kan ikke læses")
                            .at(Location {
                                file: path.display().to_string(),
                                sheet: None,
                                cell: None,
                                line: None,
                            })
                            .found(io_reason(&e))
                    })?;
                    fonts.extend(Font::iter(Bytes::new(data)));
                }
            }
            // Served from the binary as they are, not copied.
            Assets::BuiltIn { files, .. } => {
                for (_, data) in files.iter().filter(|(name, _)| is_font(name)) {
                    fonts.extend(Font::iter(Bytes::new(*data)));
                }
            }
        }
        if fonts.is_empty() {
            return Err(Diagnostic::error("OF0502", "der er ingen skrifttyper i mappen").at(at()));
        }
        Ok(Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts })
    }
}

impl Fonts {
    /// True when some font can show `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts.iter().any(|f| f.info().coverage.contains(c as u32))
    }
}

/// One document's world.
pub struct DocumentWorld {
    library: Arc<LazyHash<Library>>,
    fonts: Arc<Fonts>,
    templates: Assets,
    main: FileId,
    source: Source,
    today: Date,
    /// Files given from memory (a PDF's attachments), by id.
    given: Vec<(FileId, Bytes)>,
}

/// The standard library is the same for every document; build it once.
pub fn library() -> Arc<LazyHash<Library>> {
    static LIBRARY: OnceLock<Arc<LazyHash<Library>>> = OnceLock::new();
    LIBRARY
        .get_or_init(|| {
            // HTML lets the DOCX writer read what the same template evaluated to.
            let features = [typst::Feature::Html].into_iter().collect();
            Arc::new(LazyHash::new(Library::builder().with_features(features).build()))
        })
        .clone()
}

/// A template file (`opfolg.typ`) as Typst source, parsed once for every
/// document that imports it: parsing the shared templates again for each
/// document of a batch was a twentieth of its time, and an unchanged
/// `Source` also lets Typst reuse its evaluation. The file is still read
/// each time, so an edit (in watch mode) is seen at once.
fn template_source(id: FileId, templates: &Assets, bytes: Vec<u8>) -> FileResult<Source> {
    // Keyed by the folder; the built-in templates by none.
    type Cache = Mutex<HashMap<(Option<PathBuf>, FileId), Source>>;
    static PARSED: OnceLock<Cache> = OnceLock::new();
    let folder = match templates {
        Assets::Folder(dir) => Some(dir.clone()),
        Assets::BuiltIn { .. } => None,
    };
    let key = (folder, id);
    let parsed = PARSED.get_or_init(Default::default);
    if let Some(source) = parsed.lock().ok().and_then(|cache| cache.get(&key).cloned())
        && source.text().as_bytes() == bytes
    {
        return Ok(source);
    }
    let text = String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
    let source = Source::new(id, text);
    if let Ok(mut cache) = parsed.lock() {
        cache.insert(key, source.clone());
    }
    Ok(source)
}

/// The file id of a path inside the templates folder (`/name.typ`).
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new("/invalid").expect("valid path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl DocumentWorld {
    /// A world whose main file is `text`, shown to Typst as `/<name>` inside
    /// the templates folder, so that it can import its neighbours.
    pub fn new(fonts: Arc<Fonts>, templates: &Assets, name: &str, text: String, today: Date) -> Self {
        let main = file_id(&format!("/{name}"));
        DocumentWorld {
            library: library(),
            fonts,
            templates: templates.clone(),
            main,
            source: Source::new(main, text),
            today,
            given: Vec::new(),
        }
    }

    /// Serves `data` as the file at `path` (`/.opfolg/...`), for the source
    /// to read.
    pub fn give(&mut self, path: &str, data: Arc<[u8]>) {
        self.given.push((file_id(path), Bytes::new(data)));
    }

    /// The main (filled) source.
    pub fn main_source(&self) -> &Source {
        &self.source
    }

    fn read(&self, id: FileId) -> FileResult<Vec<u8>> {
        if let Some((_, data)) = self.given.iter().find(|(given, _)| *given == id) {
            return Ok(data.to_vec());
        }
        if !matches!(id.root(), VirtualRoot::Project) {
            // Packages would need the network; none are served.
            return Err(FileError::Other(Some("pakker understøttes ikke".into())));
        }
        match &self.templates {
            Assets::Folder(dir) => {
                let path = id.vpath().realize(dir).map_err(|_| FileError::AccessDenied)?;
                std::fs::read(&path).map_err(|e| FileError::from_io(e, &path))
            }
            built_in => {
                let path = id.vpath().get_without_slash();
                let found = built_in.read(path).map_err(|e| FileError::from_io(e, Path::new(path)))?;
                Ok(found.into_owned())
            }
        }
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.source.clone());
        }
        let bytes = self.read(id)?;
        template_source(id, &self.templates, bytes)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.source.text().to_string()));
        }
        self.read(id).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.today.year, self.today.month, self.today.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_parsed_once_and_read_again_after_an_edit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("del.typ"), "#let navn = \"før\"").unwrap();
        let fonts = Arc::new(Fonts::load(&Assets::built_in_fonts()).unwrap());
        let templates = Assets::Folder(dir.path().to_path_buf());
        let today = Date { year: 2008, month: 9, day: 1 };
        let world = DocumentWorld::new(fonts.clone(), &templates, "a.typ", String::new(), today);
        let id = file_id("/del.typ");
        let first = world.source(id).unwrap();
        // A second document gets the parsed source it already has.
        let other = DocumentWorld::new(fonts, &templates, "b.typ", String::new(), today);
        let again = other.source(id).unwrap();
        assert_eq!(first.text(), again.text());
        assert!(std::ptr::eq(first.root(), again.root()), "parsed once, shared");
        // Saved with new text, it is parsed anew.
        std::fs::write(dir.path().join("del.typ"), "#let navn = \"efter\"").unwrap();
        assert_eq!(world.source(id).unwrap().text(), "#let navn = \"efter\"");
    }
}
