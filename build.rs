//! Lists the shipped templates (`report_templates/`) and fonts (`fonts/`)
//! for the binary to carry (`src/render/assets.rs`), so that opfolg copied
//! or installed anywhere makes the same documents as in its checkout.
//!
//! The list is generated, not written by hand, so a template added to the
//! folder is carried without anyone remembering to list it. Only the files'
//! bytes go into the binary: `include_bytes!` reads the path when compiling
//! and keeps no trace of it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    for (name, folder) in [("TEMPLATES", "report_templates"), ("FONTS", "fonts")] {
        // A directory is scanned whole: a file added, changed or removed
        // reruns this.
        println!("cargo::rerun-if-changed={folder}");
        let mut files = Vec::new();
        walk(&root.join(folder), "", &mut files);
        files.sort();
        writeln!(out, "/// The files of `{folder}/`, by their path inside it, in name order.").unwrap();
        writeln!(out, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for (rel, path) in files {
            writeln!(out, "    ({rel:?}, include_bytes!({:?})),", path.display().to_string()).unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in.rs");
    std::fs::write(dest, out).expect("the list of built-in files can be written");
}

/// Every file under `dir`, with its path inside (`/`-separated).
fn walk(dir: &Path, prefix: &str, files: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{} cannot be read: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).map(str::to_string);
        let name = name.unwrap_or_else(|| panic!("{}: a file name must be UTF-8", path.display()));
        let rel = format!("{prefix}{name}");
        if path.is_dir() {
            walk(&path, &format!("{rel}/"), files);
        } else {
            files.push((rel, path));
        }
    }
}
