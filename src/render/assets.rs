//! The templates and fonts documents are made with: a folder, or the ones
//! opfolg carries in its binary.
//!
//! opfolg is built with its `report_templates/` and `fonts/` inside it
//! (listed by `build.rs`), so a binary copied or installed anywhere makes
//! the same documents, byte for byte, as the checkout it was built from.
//! A secretariat that wants its own look writes them out (`opfolg
//! skabeloner`, [`crate::init::write_defaults`]), edits them, and opfolg
//! uses the folders: given with `--templates`/`--fonts`, or found as
//! `report_templates/` and `fonts/` in the current folder ([`Assets::find`]).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The generated list of the files carried in the binary.
mod built_in {
    include!(concat!(env!("OUT_DIR"), "/built_in.rs"));
}

/// The name of the templates folder, looked for in the current folder and
/// written out by `opfolg skabeloner`.
pub const TEMPLATES_FOLDER: &str = "report_templates";

/// The name of the fonts folder, as [`TEMPLATES_FOLDER`].
pub const FONTS_FOLDER: &str = "fonts";

/// A set of files the documents are made with: templates or fonts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assets {
    /// The files of a folder, read when needed, so an edit is seen at once
    /// (in watch mode).
    Folder(PathBuf),
    /// Files in memory, by their path inside the folder they came from.
    BuiltIn {
        /// The folder they came from ([`TEMPLATES_FOLDER`], [`FONTS_FOLDER`]),
        /// for messages and for writing them out.
        folder: &'static str,
        /// The files, by path inside the folder (`opfolg.typ`), in name order.
        files: &'static [(&'static str, &'static [u8])],
    },
}

impl Assets {
    /// The templates opfolg was built with.
    pub fn built_in_templates() -> Assets {
        Assets::BuiltIn { folder: TEMPLATES_FOLDER, files: built_in::TEMPLATES }
    }

    /// The fonts opfolg was built with.
    pub fn built_in_fonts() -> Assets {
        Assets::BuiltIn { folder: FONTS_FOLDER, files: built_in::FONTS }
    }

    /// The folder `given`; else the folder named as `built_in`'s in the
    /// current folder, if there is one; else `built_in`.
    pub fn find(given: Option<&Path>, built_in: Assets) -> Assets {
        if let Some(dir) = given {
            return Assets::Folder(dir.to_path_buf());
        }
        match built_in {
            Assets::BuiltIn { folder, .. } if Path::new(folder).is_dir() => {
                Assets::Folder(PathBuf::from(folder))
            }
            other => other,
        }
    }

    /// The file at `path` inside (`/`-separated, no leading `/`).
    pub fn read(&self, path: &str) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            Assets::Folder(dir) => std::fs::read(dir.join(path)).map(Cow::Owned),
            Assets::BuiltIn { files, .. } => files
                .iter()
                .find(|(name, _)| *name == path)
                .map(|(_, bytes)| Cow::Borrowed(*bytes))
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    }

    /// Every file, with its path inside (`/`-separated), in name order; a
    /// folder's subfolders too.
    pub fn files(&self) -> std::io::Result<Vec<(String, Cow<'static, [u8]>)>> {
        fn walk(
            dir: &Path,
            prefix: &str,
            out: &mut Vec<(String, Cow<'static, [u8]>)>,
        ) -> std::io::Result<()> {
            for entry in std::fs::read_dir(dir)? {
                let path = entry?.path();
                let rel = format!("{prefix}{}", path.file_name().unwrap_or_default().to_string_lossy());
                if path.is_dir() {
                    walk(&path, &format!("{rel}/"), out)?;
                } else {
                    out.push((rel, Cow::Owned(std::fs::read(&path)?)));
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        match self {
            Assets::Folder(dir) => walk(dir, "", &mut out)?,
            Assets::BuiltIn { files, .. } => {
                out.extend(files.iter().map(|(name, bytes)| (name.to_string(), Cow::Borrowed(*bytes))))
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// How messages name the file at `path` inside: its path in the folder,
    /// or, built in, the path it has when written out.
    pub fn describe(&self, path: &str) -> String {
        match self {
            Assets::Folder(dir) => dir.join(path).display().to_string(),
            Assets::BuiltIn { folder, .. } => format!("{folder}/{path} (indbygget i opfolg)"),
        }
    }

    /// How messages name the whole set: the folder, or the built-in one.
    pub fn describe_all(&self) -> String {
        match self {
            Assets::Folder(dir) => dir.display().to_string(),
            Assets::BuiltIn { folder, .. } => format!("{folder}/ (indbygget i opfolg)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_carries_every_template_and_font_of_the_checkout() {
        // The checkout's folders (unit tests run in it), read at test time,
        // against what was compiled in.
        for (built_in, folder) in
            [(Assets::built_in_templates(), TEMPLATES_FOLDER), (Assets::built_in_fonts(), FONTS_FOLDER)]
        {
            let carried = built_in.files().unwrap();
            let checkout = Assets::Folder(PathBuf::from(folder)).files().unwrap();
            assert!(carried.iter().any(|(n, _)| n.ends_with(".typ") || n.ends_with(".ttf")), "{folder}");
            assert_eq!(carried, checkout, "{folder}");
        }
        assert!(Assets::built_in_templates().read("opfolg.typ").is_ok());
    }

    #[test]
    fn built_in_files_are_found_by_their_exact_path_only() {
        let t = Assets::built_in_templates();
        for wrong in ["/opfolg.typ", "../opfolg.typ", "OPFOLG.TYP", "", "fonts/Carlito-Regular.ttf"] {
            assert!(t.read(wrong).is_err(), "{wrong:?}");
        }
        assert_eq!(t.describe("opfolg.typ"), "report_templates/opfolg.typ (indbygget i opfolg)");
    }

    #[test]
    fn a_folder_given_wins_and_a_missing_local_one_falls_back_to_the_built_in() {
        let given = Path::new("/ingen/steder");
        assert_eq!(Assets::find(Some(given), Assets::built_in_fonts()), Assets::Folder(given.to_path_buf()));
        // Unit tests run in the checkout, which has report_templates/; a
        // set named after no folder here is the built-in one.
        let none_here = Assets::BuiltIn { folder: "ingen-mappe-her", files: &[] };
        assert_eq!(Assets::find(None, none_here.clone()), none_here);
    }
}
