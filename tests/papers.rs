//! What a paper carries: no attachments by default, its provenance in its
//! XMP metadata; and the copy of a contract made for signing through
//! NemLog-in, which must pass the signing SDK's whitelist of PDF names
//! (reimplemented here over the SDK's own lists, tests/fixtures/nemlogin/).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::Object;

use crate::archive::{example, opfolg, record, sha256, sign, stderr, stdout, tool};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `opfolg build --format pdf` with `extra` arguments; the files made.
fn build(workbook: &Path, out: &Path, extra: &[&str]) -> Vec<PathBuf> {
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["build", "--format", "pdf"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .arg(workbook)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let mut files: Vec<PathBuf> = std::fs::read_dir(out).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

/// The example contracts, built once: (folder, files).
fn contracts() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let files = build(&root().join("inputs/kontrakter-2008.xlsx"), dir.path(), &[]);
        (dir, files)
    })
}

fn signing_copies() -> Vec<PathBuf> {
    let copies: Vec<PathBuf> = contracts()
        .1
        .iter()
        .filter(|f| f.to_string_lossy().ends_with(opfolg::SIGNING_SUFFIX))
        .cloned()
        .collect();
    assert!(copies.len() >= 5, "every contract has a copy for signing: {:?}", contracts().1);
    copies
}

/// The SDK's whitelists, as its `WhiteList` class reads them.
struct WhiteList {
    names: HashSet<String>,
    /// `{regex}/X\d+` lines, as their prefix `X` (the only form the lists use).
    numbered: Vec<String>,
    keys: HashSet<String>,
    exclusions: HashSet<String>,
}

impl WhiteList {
    fn load() -> WhiteList {
        let read =
            |name: &str| std::fs::read_to_string(root().join("tests/fixtures/nemlogin").join(name)).unwrap();
        // `^/(?<name>[a-zA-Z0-9.\-_\\+]+)` matched against the whole line.
        let plain = |text: String| -> HashSet<String> {
            text.lines()
                .filter_map(|l| l.strip_prefix('/'))
                .filter(|n| {
                    !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || ".-_\\+".contains(c))
                })
                .map(str::to_string)
                .collect()
        };
        let list = read("whitelist.txt");
        let numbered = list
            .lines()
            .filter_map(|l| l.strip_prefix("{regex}/"))
            .map(|pattern| {
                let prefix = pattern.strip_suffix("\\d+");
                assert!(
                    prefix.is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic())),
                    "a new kind of pattern in whitelist.txt: {pattern}; teach the walk it"
                );
                prefix.unwrap().to_string()
            })
            .collect();
        WhiteList {
            names: plain(list),
            numbered,
            keys: plain(read("whitelistkeys.txt")),
            exclusions: plain(read("whitelistexclusions.txt")),
        }
    }

    fn allows(&self, name: &[u8]) -> bool {
        let name = String::from_utf8_lossy(name);
        self.names.contains(name.as_ref())
            || self.numbered.iter().any(|p| {
                name.strip_prefix(p.as_str())
                    .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            })
    }

    /// The names the SDK would refuse in `pdf`: its walk over every
    /// indirect object (PdfValidationService, PdfWhitelistValidator).
    fn refused(&self, pdf: &[u8]) -> Vec<String> {
        let document = lopdf::Document::load_mem(pdf).unwrap();
        let mut out = Vec::new();
        for (id, object) in &document.objects {
            self.walk(object, *id, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }

    fn walk(&self, object: &Object, id: lopdf::ObjectId, out: &mut Vec<String>) {
        let dictionary = |d: &lopdf::Dictionary, out: &mut Vec<String>| {
            for (key, value) in d.iter() {
                let name = String::from_utf8_lossy(key).into_owned();
                if self.exclusions.contains(&name) {
                    continue;
                }
                if !self.allows(key) {
                    out.push(format!("/{name} (nøgle i objekt {} {})", id.0, id.1));
                }
                if !matches!(value, Object::Reference(_)) && !self.keys.contains(&name) {
                    self.walk(value, id, out);
                }
            }
        };
        match object {
            Object::Name(name) if !self.allows(name) => {
                out.push(format!("/{} (i objekt {} {})", String::from_utf8_lossy(name), id.0, id.1))
            }
            Object::Dictionary(d) => dictionary(d, out),
            Object::Stream(s) => dictionary(&s.dict, out),
            Object::Array(items) => {
                for item in items.iter().filter(|i| !matches!(i, Object::Reference(_))) {
                    self.walk(item, id, out);
                }
            }
            _ => {}
        }
    }
}

/// Only the bare names, for assertions.
fn bare(refused: &[String]) -> HashSet<String> {
    refused.iter().map(|r| r.split(' ').next().unwrap().to_string()).collect()
}

/// Whether `page` finds `pdf` compliant with `profile`; the rules it broke.
fn validate(pdf: &Path, profile: &str) -> Vec<String> {
    let script = "import page, sys\nr = page.validate_pdf(sys.argv[1], profile=sys.argv[2])\nprint('\\n'.join(sorted({f.rule_id for f in r.failures})))";
    let run = tool("python3", &["-c", script, pdf.to_str().unwrap(), profile]);
    assert!(run.status.success(), "page-validation: {}", stderr(&run));
    stdout(&run).lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[test]
fn a_paper_has_no_attachments_by_default_and_says_where_it_came_from_in_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let files = build(&example(), &dir.path().join("a"), &[]);
    assert_eq!(files.len(), 1, "no copy for signing unless asked: {files:?}");
    let pdf = &files[0];
    let listed = stdout(&tool("pdfdetach", &["-list", pdf.to_str().unwrap()]));
    assert!(listed.contains("0 embedded files"), "{listed}");
    let bytes = std::fs::read(pdf).unwrap();
    for name in [&b"/EmbeddedFiles"[..], b"/AF", b"/Filespec"] {
        assert!(!bytes.windows(name.len()).any(|w| w == name), "{}", String::from_utf8_lossy(name));
    }
    let meta = stdout(&tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]));
    let workbook = std::fs::read(example()).unwrap();
    let (followup, _) = opfolg::load(&example()).unwrap();
    let model = opfolg::archive::provenance::model_json(&followup).unwrap();
    for expected in [
        "xmlns:opfolg=\"urn:opfolg:ns:dokument:1.0/\"".to_string(),
        "<opfolg:kind>halvårsopfølgning</opfolg:kind>".to_string(),
        "<opfolg:period>1. halvår 2008</opfolg:period>".to_string(),
        format!("<opfolg:workbookSHA256>{}</opfolg:workbookSHA256>", sha256(&workbook)),
        format!("<opfolg:modelSHA256>{}</opfolg:modelSHA256>", sha256(&model)),
        format!("<opfolg:opfolgVersion>{}</opfolg:opfolgVersion>", env!("CARGO_PKG_VERSION")),
        // The schema is declared, as PDF/A requires of a custom property.
        "<pdfaSchema:namespaceURI>urn:opfolg:ns:dokument:1.0/</pdfaSchema:namespaceURI>".to_string(),
    ] {
        assert!(meta.contains(&expected), "{expected} in {meta}");
    }
    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(check.status.success(), "qpdf --check: {}", stdout(&check));
    assert_eq!(validate(pdf, "pdfa-2a"), Vec::<String>::new());
    assert_eq!(validate(pdf, "ua1"), Vec::<String>::new());
    // Byte for byte the same when made again.
    let again = build(&example(), &dir.path().join("b"), &[]);
    assert!(std::fs::read(&again[0]).unwrap() == bytes, "the paper is deterministic");
}

#[test]
fn an_undeclared_property_in_the_metadata_is_caught_by_the_pdf_a_checker() {
    // The check above can fail: a property whose schema is not declared
    // breaks PDF/A, and the checker says so.
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&example(), dir.path(), &[]).remove(0);
    let mut bytes = std::fs::read(&pdf).unwrap();
    // «kind» renamed «kinX», same length, so the file's offsets hold.
    for needle in [&b"<opfolg:kind>"[..], b"</opfolg:kind>"] {
        let at = bytes.windows(needle.len()).position(|w| w == needle).unwrap();
        bytes[at + needle.len() - 2] = b'X';
    }
    let broken = dir.path().join("udeklareret.pdf");
    std::fs::write(&broken, &bytes).unwrap();
    let failures = validate(&broken, "pdfa-3b");
    assert!(failures.iter().any(|f| f.contains("XMP")), "{failures:?}");
}

#[test]
fn every_contracts_signing_copy_passes_the_nemlogin_whitelist_and_is_untagged_pdf_a_2b() {
    let list = WhiteList::load();
    for copy in signing_copies() {
        let bytes = std::fs::read(&copy).unwrap();
        assert_eq!(list.refused(&bytes), Vec::<String>::new(), "{}", copy.display());
        let info = stdout(&tool("pdfinfo", &[copy.to_str().unwrap()]));
        assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("no")), "{info}");
        let meta = stdout(&tool("pdfinfo", &["-meta", copy.to_str().unwrap()]));
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part>")
                && meta.contains("<opfolg:kind>kontrakt</opfolg:kind>")
        );
        let listed = stdout(&tool("pdfdetach", &["-list", copy.to_str().unwrap()]));
        assert!(listed.contains("0 embedded files"), "{listed}");
        // PDF/A-2b, but for the checker's reading of a stream whose
        // compressed bytes end in CR before the EOL (issue 17 part 1, the
        // pdf helper's): no other rule.
        let failures = validate(&copy, "pdfa-2b");
        assert!(failures.iter().all(|f| f == "PDFA2B-STREAM-LENGTH-001"), "{}: {failures:?}", copy.display());
    }
}

#[test]
fn the_walk_refuses_a_tagged_paper_and_a_paper_with_attachments() {
    let list = WhiteList::load();
    // The published contract: tagged, so its role map has Typst's names.
    let published =
        contracts().1.iter().find(|f| !f.to_string_lossy().ends_with(opfolg::SIGNING_SUFFIX)).unwrap();
    let refused = bare(&list.refused(&std::fs::read(published).unwrap()));
    for name in ["/Strong", "/Em"] {
        assert!(refused.contains(name), "{name} in {refused:?}");
    }
    // A working copy with its sources attached.
    let dir = tempfile::tempdir().unwrap();
    let files = build(&example(), dir.path(), &["--med-kilder", "--til-underskrift"]);
    let with_sources = files.iter().find(|f| !f.to_string_lossy().ends_with(opfolg::SIGNING_SUFFIX)).unwrap();
    let refused = bare(&list.refused(&std::fs::read(with_sources).unwrap()));
    for name in ["/EmbeddedFiles", "/EmbeddedFile", "/AF"] {
        assert!(refused.contains(name), "{name} in {refused:?}");
    }
    // Asked for, a half-year paper gets a copy for signing too, without
    // attachments even when the paper has them, and it passes.
    let copy = files.iter().find(|f| f.to_string_lossy().ends_with(opfolg::SIGNING_SUFFIX)).unwrap();
    assert_eq!(list.refused(&std::fs::read(copy).unwrap()), Vec::<String>::new());
    // A name off the list in a copy that passed is found (same length).
    let mut bytes = std::fs::read(copy).unwrap();
    let at = bytes.windows(9).position(|w| w == b"/Type/Pag").unwrap();
    bytes[at + 1..at + 5].copy_from_slice(b"Evil");
    assert!(bare(&list.refused(&bytes)).contains("/Evil"));
}

#[test]
fn the_archive_takes_a_signed_signing_copy_with_its_provenance_from_the_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let copy = signing_copies().remove(0);
    let signed = dir.path().join("underskrevet.pdf");
    sign(&copy, &signed, dir.path(), "rsa", "Underskrift");
    let archive = dir.path().join("arkiv");
    let workbook = root().join("inputs/kontrakter-2008.xlsx");
    let run =
        opfolg(&archive, &["add", signed.to_str().unwrap(), "--projektmappe", workbook.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let r = record(&archive, 1);
    assert_eq!(r["provenance"]["kind"], "kontrakt");
    assert!(r["provenance"]["unit"].is_string(), "{r}");
    assert_eq!(r["provenance"]["workbook_sha256"], sha256(&std::fs::read(&workbook).unwrap()));
    assert_eq!(r["signatures"].as_array().unwrap().len(), 1, "{r}");
}

#[test]
fn the_published_tagged_paper_signed_with_pyhanko_is_archived_alone_and_verifies() {
    // The paper as published (PDF/A-2a + UA-1, tagged, no attachments),
    // signed as it is: pyHanko adds a widget to the page's /Annots and the
    // signature's objects, which the page binding must leave out, and
    // nothing else of the pages.
    let dir = tempfile::tempdir().unwrap();
    let pdf = paper(dir.path());
    let signed = dir.path().join("underskrevet.pdf");
    sign(&pdf, &signed, dir.path(), "rsa", "Underskrift");
    let archive = dir.path().join("arkiv");
    let run = add(&archive, &signed, &[&example()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let r = record(&archive, 1);
    assert_eq!(r["provenance"]["kind"], "halvårsopfølgning", "{r}");
    assert_eq!(r["provenance"]["workbook_sha256"], sha256(&std::fs::read(example()).unwrap()));
    assert_eq!(r["signatures"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["sha256"], sha256(&std::fs::read(&signed).unwrap()));
    let run = opfolg(&archive, &["verify"]);
    assert!(run.status.success(), "{}{}", stdout(&run), stderr(&run));
    // The unsigned paper is another file: archived as the next version, never
    // as the signed one.
    let run = add(&archive, &pdf, &[&example()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let unsigned = record(&archive, 2);
    assert_eq!(unsigned["signatures"].as_array().unwrap().len(), 0, "{unsigned}");
    assert_eq!(unsigned["version"], 2, "{unsigned}");
}

/// The default half-year paper, built into `dir`.
fn paper(dir: &Path) -> PathBuf {
    build(&example(), &dir.join("ud"), &[]).remove(0)
}

fn add(archive: &Path, pdf: &Path, workbooks: &[&Path]) -> std::process::Output {
    let mut args = vec!["add".to_string(), pdf.display().to_string()];
    for w in workbooks {
        args.extend(["--projektmappe".to_string(), w.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    opfolg(archive, &args)
}

#[test]
fn a_paper_without_sources_is_archived_with_its_workbook_and_model_and_a_wrong_workbook_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = paper(dir.path());
    let archive = dir.path().join("arkiv");
    // Without its workbook: refused, saying how to give it.
    let run = add(&archive, &pdf, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("OF0714") && stderr(&run).contains("--projektmappe"), "{}", stderr(&run));
    // Another workbook (the corrected example): refused, naming both hashes.
    std::fs::create_dir_all(dir.path().join("rettet")).unwrap();
    let corrected = crate::archive::corrected_workbook(&dir.path().join("rettet"));
    let run = add(&archive, &pdf, &[&corrected]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("OF0714") && err.contains("ingen af de angivne projektmapper"), "{err}");
    assert!(err.contains(&sha256(&std::fs::read(&corrected).unwrap())), "{err}");
    assert!(crate::archive::list(&archive).is_empty());
    // Among several, the right one is taken.
    let run = add(&archive, &pdf, &[&corrected, &example()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let r = record(&archive, 1);
    assert_eq!(r["provenance"]["workbook_sha256"], sha256(&std::fs::read(example()).unwrap()));
    assert!(r["provenance"]["model_sha256"].is_string(), "{r}");
    let run = opfolg(&archive, &["verify"]);
    assert!(run.status.success(), "{}{}", stdout(&run), stderr(&run));
    let shown = stdout(&opfolg(&archive, &["show", "1"]));
    assert!(shown.contains("projektmappe og model gemt i arkivet ved posten"), "{shown}");

    // `diff` and a correction work from what the archive holds.
    let stored = archive.join(r["file"].as_str().unwrap());
    let run =
        Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("diff").arg(&stored).arg(&corrected).output().unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("Ydelsesservice"), "{}", stdout(&run));
    let out = dir.path().join("rettelse");
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["build", "--format", "pdf", "--corrects"])
        .arg(&stored)
        .arg("--out")
        .arg(&out)
        .arg(&corrected)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));

    // The bag holds the workbook and the model beside the record.
    let bag = dir.path().join("pakke");
    let run = opfolg(&archive, &["export", bag.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let stem = r["file"].as_str().unwrap().strip_suffix(".pdf").unwrap();
    assert_eq!(
        std::fs::read(bag.join("data").join(format!("{stem}.xlsx"))).unwrap(),
        std::fs::read(example()).unwrap()
    );
    let model = std::fs::read(bag.join("data").join(format!("{stem}.model.json"))).unwrap();
    assert_eq!(r["provenance"]["model_sha256"], sha256(&model));
    let valid = tool("python3", &["-m", "bagit", "--validate", bag.to_str().unwrap()]);
    assert!(valid.status.success(), "{}", stderr(&valid));

    // A workbook changed in the catalogue behind opfolg's back is found.
    let db = rusqlite::Connection::open(archive.join("katalog.sqlite")).unwrap();
    db.execute_batch(
        "DROP TRIGGER sources_never_change; UPDATE sources SET workbook = X'504B0304' WHERE record_id = 1;",
    )
    .unwrap();
    drop(db);
    let run = opfolg(&archive, &["verify"]);
    assert_eq!(run.status.code(), Some(1));
    let said = format!("{}{}", stdout(&run), stderr(&run));
    assert!(said.contains("nr. 1: projektmappen ved posten er ændret"), "{said}");
}

#[test]
fn a_model_hash_the_workbook_does_not_give_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = paper(dir.path());
    let mut bytes = std::fs::read(&pdf).unwrap();
    let key = b"<opfolg:modelSHA256>";
    let at = bytes.windows(key.len()).position(|w| w == key).unwrap() + key.len();
    // One hex digit changed: same length, the file stays whole.
    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
    let forged = dir.path().join("falsk-model.pdf");
    std::fs::write(&forged, &bytes).unwrap();
    let archive = dir.path().join("arkiv");
    let run = add(&archive, &forged, &[&example()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("OF0715"), "{}", stderr(&run));
    assert!(crate::archive::list(&archive).is_empty());
}

#[test]
fn metadata_changed_or_added_after_signing_never_becomes_the_records_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = paper(dir.path());
    let signed = dir.path().join("underskrevet.pdf");
    sign(&pdf, &signed, dir.path(), "rsa", "Underskrift");
    // Another document's provenance: a contract's metadata packet.
    let contract = signing_copies().remove(0);
    let other = lopdf::Document::load(&contract).unwrap();
    let packet = {
        let id = other.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
        other.get_object(id).unwrap().as_stream().unwrap().content.clone()
    };
    let packet_file = dir.path().join("andet.xmp");
    std::fs::write(&packet_file, &packet).unwrap();
    let script = r#"
import io, sys
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
source, packet, out, mode = sys.argv[1:5]
data = open(source, 'rb').read()
w = IncrementalPdfFileWriter(io.BytesIO(data))
stream = generic.StreamObject({generic.NameObject('/Type'): generic.NameObject('/Metadata'),
    generic.NameObject('/Subtype'): generic.NameObject('/XML')}, stream_data=open(packet, 'rb').read())
ref = w.add_object(stream)
if mode == 'replace':
    w.root['/Metadata'] = ref
    w.update_root()
buf = io.BytesIO()
w.write(buf)
v = buf.getvalue()
open(out, 'wb').write(v if not v.startswith(data) else data + v[len(data):])
"#;
    let workbook = root().join("inputs/kontrakter-2008.xlsx");
    let own_key = record_key_of(&pdf);
    for mode in ["replace", "loose"] {
        let changed = dir.path().join(format!("{mode}.pdf"));
        let run = tool(
            "python3",
            &[
                "-c",
                script,
                signed.to_str().unwrap(),
                packet_file.to_str().unwrap(),
                changed.to_str().unwrap(),
                mode,
            ],
        );
        assert!(run.status.success(), "{}", stderr(&run));
        let archive = dir.path().join(format!("arkiv-{mode}"));
        let run = add(&archive, &changed, &[&example(), &workbook]);
        // Refused as a change after signing, or archived as what was
        // signed: never as the other document.
        if run.status.success() {
            let r = record(&archive, 1);
            assert_eq!(r["provenance"]["document_key"], own_key, "{mode}: {r}");
            assert_eq!(r["provenance"]["kind"], "halvårsopfølgning", "{mode}");
        } else {
            assert!(stderr(&run).contains("OF0704"), "{mode}: {}", stderr(&run));
        }
    }
}

/// The document key in the metadata of the PDF at `pdf`.
fn record_key_of(pdf: &Path) -> String {
    let meta = stdout(&tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]));
    let start = meta.find("<opfolg:documentKey>").unwrap() + "<opfolg:documentKey>".len();
    let end = meta[start..].find('<').unwrap() + start;
    meta[start..end].to_string()
}

/// Changes `source` into `out` with pyHanko's incremental writer: `mode`
/// "metadata" puts the packet in the file `arg` as the catalogue's
/// metadata; "content" draws a box on the first page; "font" swaps the
/// first page's font for another font object (or renames it).
fn change(source: &Path, out: &Path, mode: &str, arg: &Path) {
    let script = r#"
import io, sys
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
source, out, mode, arg = sys.argv[1:5]
w = IncrementalPdfFileWriter(io.BytesIO(open(source, 'rb').read()))
page_ref = w.root['/Pages']['/Kids'].raw_get(0)
page = page_ref.get_object()
def touch(o):
    if isinstance(o, generic.IndirectObject):
        w.mark_update(o)
if mode == 'metadata':
    stream = generic.StreamObject({generic.NameObject('/Type'): generic.NameObject('/Metadata'),
        generic.NameObject('/Subtype'): generic.NameObject('/XML')}, stream_data=open(arg, 'rb').read())
    w.root['/Metadata'] = w.add_object(stream)
    w.update_root()
elif mode == 'content':
    box = w.add_object(generic.StreamObject({}, stream_data=b'q 1 0 0 rg 10 10 200 200 re f Q'))
    contents = page['/Contents']
    old = list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get('/Contents')]
    page['/Contents'] = generic.ArrayObject(old + [box])
    w.mark_update(page_ref)
else:
    fonts = page['/Resources']['/Font']
    names = sorted(fonts.keys())
    if len(names) >= 2:
        a, b = fonts.raw_get(names[0]), fonts.raw_get(names[1])
        fonts[names[0]], fonts[names[1]] = b, a
    else:
        font = fonts[names[0]]
        font['/BaseFont'] = generic.NameObject('/AAAAAA+Helvetica')
        touch(fonts.raw_get(names[0]))
    touch(page['/Resources'].raw_get('/Font'))
    touch(page.raw_get('/Resources'))
    w.mark_update(page_ref)
# Left as it is: pyHanko would otherwise write its own XMP packet.
w._update_meta = lambda: None
buf = io.BytesIO()
w.write(buf)
open(out, 'wb').write(buf.getvalue())
"#;
    let run = tool(
        "python3",
        &["-c", script, source.to_str().unwrap(), out.to_str().unwrap(), mode, arg.to_str().unwrap()],
    );
    assert!(run.status.success(), "{mode}: {}", stderr(&run));
}

#[test]
fn provenance_moved_to_other_pages_or_pages_changed_under_it_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = paper(dir.path());
    let contracts_workbook = root().join("inputs/kontrakter-2008.xlsx");
    // The forgery: a contract's packet (its workbook and model hashes hold)
    // in the half-year paper's file.
    let contract =
        contracts().1.iter().find(|f| !f.to_string_lossy().ends_with(opfolg::SIGNING_SUFFIX)).unwrap();
    let other = lopdf::Document::load(contract).unwrap();
    let packet = {
        let id = other.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
        other.get_object(id).unwrap().as_stream().unwrap().content.clone()
    };
    let packet_file = dir.path().join("kontrakt.xmp");
    std::fs::write(&packet_file, &packet).unwrap();
    for (mode, workbook) in [("metadata", &contracts_workbook), ("content", &example()), ("font", &example())]
    {
        let forged = dir.path().join(format!("{mode}.pdf"));
        change(&pdf, &forged, mode, &packet_file);
        let archive = dir.path().join(format!("arkiv-{mode}"));
        let run = add(&archive, &forged, &[workbook]);
        assert_eq!(run.status.code(), Some(1), "{mode}: {}", stdout(&run));
        let err = stderr(&run);
        assert!(err.contains("OF0716") && err.contains("sider"), "{mode}: {err}");
        assert!(crate::archive::list(&archive).is_empty(), "{mode}");
    }
    // The contract's own file with its own packet written again in a new
    // revision: its pages are untouched, so it is taken.
    let rewritten = dir.path().join("kontrakt-igen.pdf");
    change(contract, &rewritten, "metadata", &packet_file);
    let archive = dir.path().join("arkiv-kontrakt");
    let run = add(&archive, &rewritten, &[&contracts_workbook]);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn a_copy_with_its_sources_is_bound_to_its_pages_and_archived() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&example(), &dir.path().join("ud"), &["--med-kilder"]).remove(0);
    let meta = stdout(&tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]));
    assert!(meta.contains("<opfolg:pagesSHA256>"), "{meta}");
    let archive = dir.path().join("arkiv");
    let run = add(&archive, &pdf, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
}
