//! What binds a PDF's provenance to its pages: `opfolg:pagesSHA256`, a
//! SHA-256 over a canonical serialisation of the document's pages as lopdf
//! reads them. Written by `render` into the XMP metadata of every PDF it
//! makes, recomputed by `archive add` over the signed revision: a packet
//! copied into another document's file names pages that are not there.
//!
//! For each page in page order, the page dictionary and everything it
//! references, resolved recursively: streams decoded (their `/Filter` and
//! `/Length` are then not part of it; a stream lopdf cannot decode, such as
//! a JPEG image, counts as its raw bytes and its filter), dictionary keys
//! in byte order, literal and hex strings alike. Object numbers are never
//! part of it: an object is serialised where it is first met, and met again
//! (shared, or a cycle) it is named by the order it was first met in, so
//! the same pages written out by another writer hash the same.
//!
//! The attributes a page inherits from the page tree (`/Resources`,
//! `/MediaBox`, `/CropBox`, `/Rotate`) count as the page's own. Left out is
//! only what a page cannot show and what changes by design:
//! - `/Parent`: the page tree leads to the catalogue and its metadata, which
//!   the XMP pass and every signature change;
//! - `/StructParents`: a number naming the page in the structure tree (the
//!   tagged PDF's reading order), not what the page shows;
//! - in `/Annots`, the widget of a *filled* signature field (its `/V` has a
//!   `/ByteRange`): signing adds it to the page (pyHanko adds the field's
//!   widget to the page's `/Annots`, also for an invisible signature). Every
//!   such signature is validated by pyHanko before the archive takes the
//!   file. An `/Annots` left empty counts as none. Every other annotation
//!   (a link, an empty signature field, a stamp) counts.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};

/// The property's name in opfolg's XMP schema.
pub const PROPERTY: &str = "pagesSHA256";

/// Keys a page inherits from its ancestors in the page tree when it does
/// not have them itself (ISO 32000-1, table 30).
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// How far up the page tree inherited attributes are looked for: a real
/// tree is a few levels deep; a longer chain is a loop.
const MAX_TREE_DEPTH: usize = 64;

/// The most a stream is decoded to; a larger one counts as its raw bytes
/// (a decompression bomb never fills the memory).
const MAX_DECODED: usize = 256 * 1024 * 1024;

/// The SHA-256 (hex) of the pages of the PDF `bytes`.
pub fn sha256_of(bytes: &[u8]) -> Result<String, String> {
    let document = Document::load_mem(bytes).map_err(|e| format!("PDF'en kan ikke læses: {e}"))?;
    Ok(sha256(&document))
}

/// The SHA-256 (hex) of `document`'s pages.
pub fn sha256(document: &Document) -> String {
    let mut walk = Walk { document, hasher: Sha256::new(), seen: HashMap::new() };
    let pages: Vec<ObjectId> = document.page_iter().collect();
    walk.count(b'P', pages.len());
    for id in pages {
        walk.reference(id);
    }
    walk.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

struct Walk<'d> {
    document: &'d Document,
    hasher: Sha256,
    /// Every object met, by the order it was first met in.
    seen: HashMap<ObjectId, usize>,
}

impl Walk<'_> {
    fn count(&mut self, tag: u8, n: usize) {
        self.hasher.update([tag]);
        self.hasher.update((n as u64).to_be_bytes());
    }

    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.count(tag, bytes.len());
        self.hasher.update(bytes);
    }

    fn reference(&mut self, id: ObjectId) {
        if let Some(&order) = self.seen.get(&id) {
            self.count(b'r', order);
            return;
        }
        let order = self.seen.len();
        self.seen.insert(id, order);
        match self.document.objects.get(&id) {
            // A reference to nothing is null (ISO 32000-1, 7.3.10).
            None => self.hasher.update(b"n"),
            Some(Object::Dictionary(d)) if is_page(d) => {
                let page = self.page(d);
                self.dictionary(&page, &[]);
            }
            Some(object) => self.object(object),
        }
    }

    fn object(&mut self, object: &Object) {
        match object {
            Object::Null => self.hasher.update(b"n"),
            Object::Boolean(b) => self.hasher.update(if *b { b"t" } else { b"f" }),
            Object::Integer(i) => {
                self.hasher.update(b"i");
                self.hasher.update(i.to_be_bytes());
            }
            Object::Real(r) => {
                self.hasher.update(b"d");
                self.hasher.update(r.to_bits().to_be_bytes());
            }
            Object::Name(n) => self.bytes(b'N', n),
            Object::String(s, _) => self.bytes(b's', s),
            Object::Array(items) => {
                self.count(b'[', items.len());
                for item in items {
                    self.object(item);
                }
            }
            Object::Dictionary(d) => self.dictionary(d, &[]),
            Object::Stream(s) => match s.decompressed_content_with_limit(MAX_DECODED) {
                Ok(content) if s.dict.has(b"Filter") => {
                    self.hasher.update(b"S");
                    self.dictionary(&s.dict, &[b"Length", b"Filter", b"DecodeParms"]);
                    self.bytes(b'c', &content);
                }
                _ => {
                    self.hasher.update(b"R");
                    self.dictionary(&s.dict, &[b"Length"]);
                    self.bytes(b'c', &s.content);
                }
            },
            Object::Reference(id) => self.reference(*id),
        }
    }

    /// A dictionary without `skip`, its keys in byte order.
    fn dictionary(&mut self, d: &Dictionary, skip: &[&[u8]]) {
        let mut entries: Vec<(&Vec<u8>, &Object)> =
            d.iter().filter(|(k, _)| !skip.contains(&k.as_slice())).collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        self.count(b'<', entries.len());
        for (key, value) in entries {
            self.bytes(b'N', key);
            self.object(value);
        }
    }

    /// The page as it is hashed: inherited attributes its own, without
    /// `/Parent` and `/StructParents`, without filled signatures' widgets.
    fn page(&self, page: &Dictionary) -> Dictionary {
        let mut out = page.clone();
        out.remove(b"Parent");
        out.remove(b"StructParents");
        for key in INHERITED {
            if out.has(key) {
                continue;
            }
            if let Some(value) = self.inherited(page, key) {
                out.set(key.to_vec(), value.clone());
            }
        }
        if let Ok(annots) = page.get(b"Annots") {
            let kept: Vec<Object> = self
                .resolve(annots)
                .and_then(|a| a.as_array().ok())
                .map(|a| a.iter().filter(|a| !self.is_filled_signature_widget(a)).cloned().collect())
                .unwrap_or_else(|| vec![annots.clone()]);
            if kept.is_empty() {
                out.remove(b"Annots");
            } else {
                out.set("Annots", kept);
            }
        }
        out
    }

    fn inherited<'p>(&'p self, page: &'p Dictionary, key: &[u8]) -> Option<&'p Object> {
        let mut node = page;
        for _ in 0..MAX_TREE_DEPTH {
            node = self.resolve(node.get(b"Parent").ok()?)?.as_dict().ok()?;
            if let Ok(value) = node.get(key) {
                return Some(value);
            }
        }
        None
    }

    /// A widget annotation of a signature field that holds a signature:
    /// `/FT /Sig` and a `/V` with a `/ByteRange`, on the widget or on its
    /// field (its `/Parent`).
    fn is_filled_signature_widget(&self, annot: &Object) -> bool {
        let Some(widget) = self.resolve(annot).and_then(|a| a.as_dict().ok()) else { return false };
        if !widget.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Widget") {
            return false;
        }
        let field = match widget.get(b"FT") {
            Ok(_) => Some(widget),
            Err(_) => widget.get(b"Parent").ok().and_then(|p| self.resolve(p)).and_then(|p| p.as_dict().ok()),
        };
        let Some(field) = field else { return false };
        field.get(b"FT").and_then(Object::as_name).is_ok_and(|t| t == b"Sig")
            && field
                .get(b"V")
                .ok()
                .and_then(|v| self.resolve(v))
                .and_then(|v| v.as_dict().ok())
                .is_some_and(|v| v.has(b"ByteRange"))
    }

    fn resolve<'o>(&'o self, object: &'o Object) -> Option<&'o Object> {
        match object {
            Object::Reference(id) => self.document.objects.get(id),
            other => Some(other),
        }
    }
}

fn is_page(d: &Dictionary) -> bool {
    d.get(b"Type").and_then(Object::as_name).is_ok_and(|t| t == b"Page")
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    /// A two-page document; `font` is the font both pages share.
    fn document(text: &[u8], font: &[u8]) -> Document {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => Object::Name(font.to_vec()) },
        );
        let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
        let mut kids = Vec::new();
        for n in 0..2 {
            let mut content = Stream::new(dictionary! {}, [text, format!(" {n}").as_bytes()].concat());
            content.compress().unwrap();
            let content = doc.add_object(content);
            kids.push(Object::Reference(doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content,
                "StructParents" => n,
            })));
        }
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => kids, "Count" => 2,
                "Resources" => resources, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        doc
    }

    fn saved(mut doc: Document) -> Vec<u8> {
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn the_same_pages_hash_the_same_whatever_the_object_numbers_and_compression() {
        let a = sha256(&document(b"BT /F1 12 Tf (Kontrakt) Tj ET", b"Helvetica"));
        // Renumbered and with uncompressed streams: the same.
        let mut doc = document(b"BT /F1 12 Tf (Kontrakt) Tj ET", b"Helvetica");
        doc.renumber_objects_with(100);
        doc.decompress();
        assert_eq!(a, sha256_of(&saved(doc)).unwrap());
        // Something else on a page, another font, pages swapped: different.
        assert_ne!(a, sha256(&document(b"BT /F1 12 Tf (Kontrakt!) Tj ET", b"Helvetica")));
        assert_ne!(a, sha256(&document(b"BT /F1 12 Tf (Kontrakt) Tj ET", b"Courier")));
        let mut doc = document(b"BT /F1 12 Tf (Kontrakt) Tj ET", b"Helvetica");
        let pages = doc.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
        let kids = doc.get_dictionary_mut(pages).unwrap().get_mut(b"Kids").unwrap().as_array_mut().unwrap();
        kids.reverse();
        assert_ne!(a, sha256(&doc));
        // What the page inherits counts: a rotation on the page tree.
        let mut doc = document(b"BT /F1 12 Tf (Kontrakt) Tj ET", b"Helvetica");
        doc.get_dictionary_mut(pages).unwrap().set("Rotate", 90);
        assert_ne!(a, sha256(&doc));
        // The structure tree's numbers do not.
        let mut doc = document(b"BT /F1 12 Tf (Kontrakt) Tj ET", b"Helvetica");
        let first = doc.page_iter().next().unwrap();
        doc.get_dictionary_mut(first).unwrap().set("StructParents", 7);
        assert_eq!(a, sha256(&doc));
    }

    #[test]
    fn only_a_filled_signatures_widget_is_left_out_of_the_annotations() {
        let base = document(b"BT /F1 12 Tf (Kontrakt) Tj ET", b"Helvetica");
        let a = sha256(&base);
        let with = |annot: Dictionary| {
            let mut doc = base.clone();
            let annot = doc.add_object(annot);
            let first = doc.page_iter().next().unwrap();
            doc.get_dictionary_mut(first).unwrap().set("Annots", vec![Object::Reference(annot)]);
            sha256(&doc)
        };
        let signature =
            dictionary! { "Type" => "Sig", "ByteRange" => vec![0.into(), 1.into(), 2.into(), 3.into()] };
        let widget = dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Sig", "V" => signature,
            "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        };
        assert_eq!(a, with(widget.clone()));
        // An empty signature field (it may carry any appearance) counts.
        let mut empty = widget.clone();
        empty.remove(b"V");
        assert_ne!(a, with(empty));
        // So does any other annotation.
        assert_ne!(a, with(dictionary! { "Type" => "Annot", "Subtype" => "Stamp" }));
    }

    #[test]
    fn a_cycle_is_cut_and_a_missing_object_is_null() {
        let mut doc = document(b"q Q", b"Helvetica");
        let first = doc.page_iter().next().unwrap();
        // The page's resources name the page itself, and a missing object.
        doc.get_dictionary_mut(first).unwrap().set("Self", Object::Reference(first));
        doc.get_dictionary_mut(first).unwrap().set("Gone", Object::Reference((999, 0)));
        let a = sha256(&doc);
        assert_eq!(a, sha256(&doc));
        assert_eq!(a.len(), 64);
    }
}
