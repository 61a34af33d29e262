//! Reading an archived PDF's structure: the files attached to it through
//! the document catalogue (opfolg's record of where it came from, and its
//! sources) and where its signature dictionaries are.
//!
//! The structure is read with `lopdf`. Whether a signature holds is not
//! decided here: pyHanko does that ([`super::signature`]).

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// A PDF, parsed.
pub struct Pdf {
    document: Document,
}

/// How deep a name tree may nest before it is taken as broken (a real
/// tree of a few attachments has one level).
const MAX_NAME_TREE_DEPTH: usize = 32;

impl Pdf {
    /// Parses `bytes` as a PDF.
    pub fn parse(bytes: &[u8]) -> Result<Pdf, String> {
        if !bytes.starts_with(b"%PDF-") {
            return Err("filen er ikke en PDF".to_string());
        }
        let document = Document::load_mem(bytes).map_err(|e| format!("PDF'en kan ikke læses: {e}"))?;
        Ok(Pdf { document })
    }

    /// The XMP metadata packet the document catalogue names (`/Metadata`),
    /// decompressed; `None` when it names none.
    pub fn metadata(&self) -> Option<Vec<u8>> {
        let catalog = self.document.trailer.get(b"Root").ok().and_then(|root| self.dict(root))?;
        let stream = self.resolve(catalog.get(b"Metadata").ok()?)?.as_stream().ok()?;
        Some(stream.decompressed_content().unwrap_or_else(|_| stream.content.clone()))
    }

    /// The SHA-256 of the document's pages ([`crate::render::pages`]).
    pub fn pages_sha256(&self) -> String {
        crate::render::pages::sha256(&self.document)
    }

    /// The file attached under `name`, if any (decompressed).
    pub fn attachment(&self, name: &str) -> Option<Vec<u8>> {
        self.attachments().into_iter().find(|(n, _)| n == name).map(|(_, data)| data)
    }

    /// Every attached file, with its name and bytes (decompressed): only
    /// the files the document catalogue names, in its `/Names
    /// /EmbeddedFiles` name tree. A file stream elsewhere in the PDF (an
    /// unreferenced object, an annotation) is not an attachment of the
    /// document, whatever it is called.
    pub fn attachments(&self) -> Vec<(String, Vec<u8>)> {
        let tree = self
            .document
            .trailer
            .get(b"Root")
            .ok()
            .and_then(|root| self.dict(root))
            .and_then(|catalog| catalog.get(b"Names").ok())
            .and_then(|names| self.dict(names))
            .and_then(|names| names.get(b"EmbeddedFiles").ok())
            .and_then(|tree| self.dict(tree));
        let mut out = Vec::new();
        if let Some(tree) = tree {
            self.walk_name_tree(tree, 0, &mut HashSet::new(), &mut out);
        }
        out
    }

    fn walk_name_tree(
        &self,
        node: &Dictionary,
        depth: usize,
        seen: &mut HashSet<ObjectId>,
        out: &mut Vec<(String, Vec<u8>)>,
    ) {
        if depth > MAX_NAME_TREE_DEPTH {
            return;
        }
        if let Ok(pairs) = node.get(b"Names").and_then(Object::as_array) {
            for pair in pairs.chunks_exact(2) {
                let Ok(key) = pair[0].as_str() else { continue };
                if let Some(data) = self.file_of(&pair[1]) {
                    out.push((text(key), data));
                }
            }
        }
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                // A tree that points back at itself is read once.
                if let Object::Reference(id) = kid
                    && !seen.insert(*id)
                {
                    continue;
                }
                if let Some(kid) = self.dict(kid) {
                    self.walk_name_tree(kid, depth + 1, seen, out);
                }
            }
        }
    }

    /// The bytes of the embedded file a file specification points at.
    fn file_of(&self, spec: &Object) -> Option<Vec<u8>> {
        let spec = self.dict(spec)?;
        let ef = self.dict(spec.get(b"EF").ok()?)?;
        let stream = self.resolve(ef.get(b"F").or_else(|_| ef.get(b"UF")).ok()?)?.as_stream().ok()?;
        Some(stream.decompressed_content().unwrap_or_else(|_| stream.content.clone()))
    }

    /// The `/ByteRange` of every signature dictionary among the file's
    /// objects (also those no form field refers to any more).
    pub fn signature_byte_ranges(&self) -> Vec<[i64; 4]> {
        self.document
            .objects
            .values()
            .filter_map(|o| match o {
                Object::Dictionary(d) => Some(d),
                Object::Stream(s) => Some(&s.dict),
                _ => None,
            })
            .filter(|d| d.has(b"ByteRange"))
            .filter_map(|d| {
                let array = d.get(b"ByteRange").ok()?.as_array().ok()?;
                let numbers: Vec<i64> = array.iter().filter_map(|o| o.as_i64().ok()).collect();
                numbers.try_into().ok()
            })
            .collect()
    }

    fn resolve<'o>(&'o self, object: &'o Object) -> Option<&'o Object> {
        match object {
            Object::Reference(id) => self.document.get_object(*id).ok(),
            other => Some(other),
        }
    }

    fn dict<'o>(&'o self, object: &'o Object) -> Option<&'o Dictionary> {
        self.resolve(object)?.as_dict().ok()
    }
}

/// Every `/ByteRange [a b c d]` written out in the file's bytes, also in
/// revisions the newest one no longer refers to. (Compressed object
/// streams are read by [`Pdf::signature_byte_ranges`] instead.)
pub fn raw_byte_ranges(bytes: &[u8]) -> Vec<[i64; 4]> {
    const KEY: &[u8] = b"/ByteRange";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = bytes[from..].windows(KEY.len()).position(|w| w == KEY) {
        let start = from + at + KEY.len();
        from = start;
        let rest = &bytes[start..bytes.len().min(start + 120)];
        let rest = String::from_utf8_lossy(rest);
        let Some(inner) = rest.trim_start().strip_prefix('[').and_then(|r| r.split(']').next()) else {
            // A /ByteRange that is not a literal array of four numbers
            // (a reference, say) still marks a signature: it counts.
            out.push([-1; 4]);
            continue;
        };
        let numbers: Vec<i64> = inner.split_ascii_whitespace().filter_map(|n| n.parse().ok()).collect();
        out.push(numbers.try_into().unwrap_or([-1; 4]));
    }
    out
}

/// Text of a PDF string: UTF-16BE with its mark, else PDFDocEncoding (read
/// as Latin-1, which agrees on every letter the documents use).
fn text(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| b as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_decode_utf16_and_latin1() {
        assert_eq!(text(&[0xFE, 0xFF, 0x00, 0xE6, 0x00, 0x41]), "æA");
        assert_eq!(text(b"abc"), "abc");
    }

    /// A PDF whose catalogue names `named` through a name tree of two
    /// levels (whose second level points back at the first), and holds
    /// `loose` as a file specification no tree names.
    fn pdf_with(named: &[(&str, &[u8])], loose: (&str, &[u8])) -> Vec<u8> {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let spec = |doc: &mut Document, name: &str, data: &[u8]| {
            let file = doc.add_object(Stream::new(dictionary! { "Type" => "EmbeddedFile" }, data.to_vec()));
            doc.add_object(dictionary! {
                "Type" => "Filespec",
                "F" => Object::string_literal(name),
                "UF" => Object::string_literal(name),
                "EF" => dictionary! { "F" => file },
            })
        };
        let mut pairs = Vec::new();
        for (name, data) in named {
            let id = spec(&mut doc, name, data);
            pairs.push(Object::string_literal(*name));
            pairs.push(Object::Reference(id));
        }
        spec(&mut doc, loose.0, loose.1);
        let top = doc.new_object_id();
        let leaf = doc.add_object(dictionary! { "Names" => pairs, "Kids" => vec![Object::Reference(top)] });
        doc.objects.insert(top, Object::Dictionary(dictionary! { "Kids" => vec![Object::Reference(leaf)] }));
        let pages =
            doc.add_object(dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages,
            "Names" => dictionary! { "EmbeddedFiles" => top },
        });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn only_the_files_the_catalogues_name_tree_names_are_attachments() {
        let bytes = pdf_with(
            &[("opfolg-dokument.json", b"{\"ok\": 1}"), ("bog.xlsx", b"PK")],
            ("skjult.json", b"{}"),
        );
        let pdf = Pdf::parse(&bytes).unwrap();
        let names: Vec<String> = pdf.attachments().into_iter().map(|(n, _)| n).collect();
        // Read once each, although the tree points back at itself; the loose
        // file specification is no attachment.
        assert_eq!(names, ["opfolg-dokument.json", "bog.xlsx"]);
        assert_eq!(pdf.attachment("opfolg-dokument.json").unwrap(), b"{\"ok\": 1}");
        assert_eq!(pdf.attachment("skjult.json"), None);
    }

    #[test]
    fn byte_ranges_are_found_in_the_bytes_also_when_odd() {
        let bytes = b"1 0 obj <</ByteRange [0 10 20 30] /Contents <00>>> endobj
            2 0 obj <</ByteRange[ 0 5 6 7 ]>> endobj 3 0 obj <</ByteRange 9 0 R>> endobj";
        assert_eq!(raw_byte_ranges(bytes), vec![[0, 10, 20, 30], [0, 5, 6, 7], [-1; 4]]);
        assert!(raw_byte_ranges(b"%PDF-1.7 nothing signed").is_empty());
    }
}
