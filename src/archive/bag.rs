//! `archive export`: the archive as a BagIt bag (RFC 8493), the recognised
//! form for handing records over: every file with a SHA-256 manifest, and the
//! catalogue as JSON beside them.
//!
//! The bag is written into a temporary folder beside the destination and
//! renamed into place when complete, so a bag that exists is whole. Only a
//! catalogue whose chain holds is exported; a record's file is read only at
//! a record's path inside the archive, never through a symbolic link, and
//! copied in pieces while its SHA-256 is checked.

use std::path::Path;

use super::{Archive, Record, files, sha256_hex};
use crate::diagnostics::{Diagnostic, Location, io_reason};

/// What was exported.
#[derive(Debug, Clone)]
pub struct Exported {
    /// Records in the bag.
    pub records: usize,
    /// Bytes of payload.
    pub bytes: u64,
}

/// Writes every record of `archive` (or those numbered in `only`) as a bag
/// at `dest`, which must not exist. A file whose bytes no longer match the
/// catalogue stops the export: a bag must not hand over a damaged record.
pub fn export(archive: &Archive, dest: &Path, only: &[i64]) -> Result<Exported, Diagnostic> {
    let at = |p: &Path| Location {
        file: crate::format::visible(&p.display().to_string()).into_owned(),
        sheet: None,
        cell: None,
        line: None,
    };
    let fail = |e: std::io::Error| {
        Diagnostic::error("OF0707", format!("pakken kan ikke skrives: {}", io_reason(&e))).at(at(dest))
    };
    if dest.exists() {
        return Err(Diagnostic::error("OF0711", "der findes allerede en fil eller mappe med det navn")
            .at(at(dest))
            .hint("vælg et nyt navn; en pakke overskrives ikke"));
    }
    let super::CatalogueCheck { problems, records: all, links, head } = archive.check_catalogue()?;
    if let Some(first) = problems.first() {
        return Err(Diagnostic::error(
            "OF0712",
            format!("kataloget holder ikke ({}); intet eksporteret", crate::format::visible(first)),
        )
        .at(at(&archive.dir().join(super::CATALOGUE)))
        .hint("kør «opfolg archive verify»"));
    }
    let (records, links): (Vec<Record>, Vec<Option<String>>) =
        all.into_iter().zip(links).filter(|(r, _)| only.is_empty() || only.contains(&r.id)).unzip();
    if let Some(missing) = only.iter().find(|id| !records.iter().any(|r| r.id == **id)) {
        return Err(Diagnostic::error("OF0708", format!("arkivet har ingen post nr. {missing}"))
            .at(at(archive.dir())));
    }
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(fail)?;
    let tmp = tempfile::Builder::new().prefix(".pakke-").tempdir_in(parent).map_err(fail)?;
    let root = tmp.path();
    let data = root.join("data");
    let mut manifest = String::new();
    let mut bytes = 0u64;
    let mut source_files = 0;
    for record in &records {
        let source = archive.dir().join(&record.file);
        let damaged = |why: String| {
            Diagnostic::error("OF0712", format!("nr. {}: {why}; intet eksporteret", record.id))
                .at(at(&source))
                .hint("kør «opfolg archive verify»")
        };
        let mut input = files::open_record(archive.dir(), &record.file).map_err(&damaged)?;
        // `open_record` allowed only `<year>/<name>.pdf`: the copy stays in `data/`.
        let target = data.join(&record.file);
        std::fs::create_dir_all(target.parent().unwrap_or(&data)).map_err(fail)?;
        let mut output =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(fail)?;
        let (sha, size) = files::hash_stream(&mut input, Some(&mut output))
            .map_err(|e| damaged(format!("kan ikke læses ({})", io_reason(&e))))?;
        if sha != record.sha256 || size != record.size {
            return Err(damaged("filen er ændret siden arkiveringen".to_string()));
        }
        output.sync_all().map_err(fail)?;
        manifest.push_str(&format!("{sha}  data/{}\n", record.file));
        bytes += size;
        // The workbook and the model beside the record's file.
        if let Some((workbook, model)) = archive.sources(record.id)? {
            let ext = match record.provenance.workbook.rsplit('.').next().map(str::to_ascii_lowercase) {
                Some(e) if ["xls", "ods"].contains(&e.as_str()) => e,
                _ => "xlsx".to_string(),
            };
            let stem = record.file.strip_suffix(".pdf").unwrap_or(&record.file);
            for (name, content) in
                [(format!("{stem}.{ext}"), workbook), (format!("{stem}.model.json"), model)]
            {
                std::fs::write(data.join(&name), &content).map_err(fail)?;
                manifest.push_str(&format!("{}  data/{name}\n", sha256_hex(&content)));
                bytes += content.len() as u64;
                source_files += 1;
            }
        }
    }
    let catalogue = serde_json::to_vec_pretty(&records)
        .map_err(|e| Diagnostic::error("OF0707", format!("kataloget kan ikke skrives: {e}")))?;
    std::fs::write(data.join("katalog.json"), &catalogue).map_err(fail)?;
    manifest.push_str(&format!("{}  data/katalog.json\n", sha256_hex(&catalogue)));
    bytes += catalogue.len() as u64;
    // Each record's link in the archive's chain: with katalog.json (the
    // records exactly as linked) and the head in bag-info.txt, the chain can
    // be recomputed from the bag alone (docs/archive.md).
    let chain: String = records
        .iter()
        .zip(&links)
        .map(|(r, link)| format!("{} {}\n", r.id, link.as_deref().unwrap_or("-")))
        .collect();
    std::fs::write(data.join("kaede.txt"), &chain).map_err(fail)?;
    manifest.push_str(&format!("{}  data/kaede.txt\n", sha256_hex(chain.as_bytes())));
    bytes += chain.len() as u64;
    let file_count = records.len() + source_files + 2;

    let tags: [(&str, String); 3] = [
        ("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_string()),
        (
            "bag-info.txt",
            format!(
                "Bag-Software-Agent: opfolg {}\nExternal-Description: Arkiverede resultatkontrakter og opfølgninger (PDF/A) med katalog (data/katalog.json)\nPayload-Oxum: {bytes}.{file_count}\nBag-Count: 1 of 1\nOpfolg-Kaedens-Hoved: {} {}\n",
                env!("CARGO_PKG_VERSION"),
                head.0,
                head.1
            ),
        ),
        ("manifest-sha256.txt", manifest),
    ];
    let mut tag_manifest = String::new();
    for (name, text) in &tags {
        std::fs::write(root.join(name), text).map_err(fail)?;
        tag_manifest.push_str(&format!("{}  {name}\n", sha256_hex(text.as_bytes())));
    }
    std::fs::write(root.join("tagmanifest-sha256.txt"), tag_manifest).map_err(fail)?;
    let kept = tmp.keep();
    std::fs::rename(&kept, dest).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        fail(e)
    })?;
    Ok(Exported { records: records.len(), bytes })
}
