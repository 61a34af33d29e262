//! Naming: what the documents and their files are called.
//!
//! One place for every name a build gives: a workbook's documents, a unit's
//! contract, and the rule that makes any text a safe file name. Loading
//! uses it to refuse two contracts that would get one name; the build and
//! the archive to name what they write.

use std::path::Path;

/// The name of a workbook's documents: its file stem, made safe.
pub fn document_name(workbook: &Path) -> String {
    let stem = workbook.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    safe_file_name(&stem)
}

/// The file name (without extension) of unit `unit`'s contract of `year`:
/// `kontrakt-2008-jobcenter-sygedagpenge`, from the unit's short name.
pub fn contract_file_name(year: i32, unit: &crate::model::Unit) -> String {
    safe_file_name(&format!("kontrakt-{year}-{}", unit.short_name.as_deref().unwrap_or(&unit.name)))
}

/// A file name made only of `a-z`, `0-9`, `-` and `_` (Danish letters spelled
/// out), so no cell or file name can steer output outside its folder.
pub fn safe_file_name(stem: &str) -> String {
    let mut out = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'a'..='z' | '0'..='9' | '_' => out.push(c),
            _ => {
                if !out.ends_with('-') && !out.is_empty() {
                    out.push('-');
                }
            }
        }
    }
    // A file name has at most 255 bytes; a unit's long name (a sentence in
    // «Kort navn») made one that could not be written, which only `build`
    // found. Names that become equal when cut are found when the workbook is
    // loaded (OF0404).
    out.truncate(MAX_NAME);
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "dokument".to_string() } else { out }
}

/// The longest name [`safe_file_name`] gives (ASCII, so bytes), leaving
/// room for an extension and the temporary file's prefix and suffix.
const MAX_NAME: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("halvaarsopfoelgning-2008"), "halvaarsopfoelgning-2008");
        assert_eq!(safe_file_name("Halvårsopfølgning 2008"), "halvaarsopfoelgning-2008");
        assert_eq!(safe_file_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_file_name("..."), "dokument");
        let long = safe_file_name(&"Jobcenter København ".repeat(40));
        assert!(long.len() <= MAX_NAME && long.starts_with("jobcenter-koebenhavn-"), "{long}");
        assert!(!long.ends_with('-'), "{long}");
    }
}
