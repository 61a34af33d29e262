//! Where a document came from ([`Provenance`]): made for every PDF when it
//! is built, written into the PDF's XMP metadata, and read back when the PDF
//! is archived. Also the sources a PDF carries when asked for (`build
//! --med-kilder`): the workbook and the assessed model as attachments.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::assess::FollowUp;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{self, xmp};

/// Where a document came from: written into every PDF opfolg makes (its XMP
/// metadata; also attached as a file to a copy with its sources), read back
/// when it is archived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// What the document is ("halvårsopfølgning", "kontrakt", ...).
    pub kind: String,
    /// Its title.
    pub title: String,
    /// The file name opfolg gave it, without extension.
    pub name: String,
    /// The unit, for a contract.
    pub unit: Option<String>,
    /// The period it covers ("1. halvår 2008").
    pub period: String,
    /// The year.
    pub year: i32,
    /// The case number (sagsnummer).
    pub case_number: Option<String>,
    /// The document number (dokumentnummer).
    pub document_number: Option<String>,
    /// The document's date (ISO 8601).
    pub date: String,
    /// What stays the same across corrections of one document: versions of
    /// a document share it.
    pub document_key: String,
    /// The source workbook's file name.
    pub workbook: String,
    /// SHA-256 of the source workbook.
    pub workbook_sha256: String,
    /// SHA-256 of the assessed model as JSON ([`model_json`]) the document
    /// shows: for a contract, its unit's. (Absent in PDFs made before it
    /// was recorded.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_sha256: Option<String>,
    /// SHA-256 of the templates folder (every file, by name).
    pub templates_sha256: String,
    /// The opfolg version that made it.
    pub opfolg_version: String,
}

impl Provenance {
    /// The provenance as opfolg's XMP properties ([`xmp::PROPERTIES`]).
    pub fn to_xmp(&self) -> Vec<(&'static str, String)> {
        let mut out =
            vec![("kind", self.kind.clone()), ("title", self.title.clone()), ("name", self.name.clone())];
        out.extend(self.unit.clone().map(|u| ("unit", u)));
        out.push(("period", self.period.clone()));
        out.push(("year", self.year.to_string()));
        out.extend(self.case_number.clone().map(|c| ("caseNumber", c)));
        out.extend(self.document_number.clone().map(|d| ("documentNumber", d)));
        out.push(("date", self.date.clone()));
        out.push(("documentKey", self.document_key.clone()));
        out.push(("workbook", self.workbook.clone()));
        out.push(("workbookSHA256", self.workbook_sha256.clone()));
        out.extend(self.model_sha256.clone().map(|m| ("modelSHA256", m)));
        out.push(("templatesSHA256", self.templates_sha256.clone()));
        out.push(("opfolgVersion", self.opfolg_version.clone()));
        out
    }

    /// The provenance in an XMP packet, if it has opfolg's properties
    /// (`Ok(None)` when it has none). A property given twice, one opfolg
    /// does not write, or one missing, is an error: the packet was not
    /// written by opfolg.
    pub fn from_xmp(packet: &[u8]) -> Result<Option<Provenance>, String> {
        let found = properties(packet)?;
        if found.is_empty() {
            return Ok(None);
        }
        let mut found: std::collections::BTreeMap<&str, String> = found.into_iter().collect();
        let mut take = |name: &str| found.remove(name);
        let mut need = |name: &str| take(name).ok_or_else(|| format!("egenskaben opfolg:{name} mangler"));
        let year = need("year")?;
        Ok(Some(Provenance {
            kind: need("kind")?,
            title: need("title")?,
            name: need("name")?,
            period: need("period")?,
            year: year.parse().map_err(|_| format!("opfolg:year er ikke et år: «{year}»"))?,
            date: need("date")?,
            document_key: need("documentKey")?,
            workbook: need("workbook")?,
            workbook_sha256: need("workbookSHA256")?,
            templates_sha256: need("templatesSHA256")?,
            opfolg_version: need("opfolgVersion")?,
            unit: take("unit"),
            case_number: take("caseNumber"),
            document_number: take("documentNumber"),
            model_sha256: take("modelSHA256"),
        }))
    }
}

impl Provenance {
    /// The hash of the pages the provenance in `packet` belongs to
    /// (`opfolg:pagesSHA256`, [`render::pages`]), if the packet names one.
    /// Not part of [`Provenance`]: the provenance is made (and attached to
    /// a copy with its sources) before the pages exist.
    pub fn pages_from_xmp(packet: &[u8]) -> Result<Option<String>, String> {
        Ok(properties(packet)?.into_iter().find(|(name, _)| *name == render::pages::PROPERTY).map(|(_, v)| v))
    }
}

/// opfolg's properties in an XMP packet, by local name, in the order met:
/// elements and attributes in opfolg's namespace (XMP allows both).
fn properties(packet: &[u8]) -> Result<Vec<(&'static str, String)>, String> {
    use quick_xml::events::Event;
    use quick_xml::name::{Namespace, ResolveResult};
    let text = std::str::from_utf8(packet).map_err(|_| "XMP-metadata er ikke UTF-8".to_string())?;
    let mut reader = quick_xml::NsReader::from_str(text);
    let ours = |r: &ResolveResult| matches!(r, ResolveResult::Bound(Namespace(ns)) if *ns == xmp::NAMESPACE);
    let known = |local: &str| -> Result<&'static str, String> {
        xmp::PROPERTIES
            .iter()
            .map(|(name, _)| *name)
            .find(|name| *name == local)
            .ok_or_else(|| format!("ukendt egenskab opfolg:{local}"))
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut push = |name: &'static str, value: String| {
        if out.iter().any(|(n, _)| *n == name) {
            return Err(format!("egenskaben opfolg:{name} står der to gange"));
        }
        out.push((name, value));
        Ok(())
    };
    // The property being read, and its text so far.
    let mut open: Option<(&'static str, String)> = None;
    loop {
        let (resolved, event) =
            reader.read_resolved_event().map_err(|e| format!("XMP-metadata er ikke XML: {e}"))?;
        let resolved_ours = ours(&resolved);
        match event {
            Event::Start(e) | Event::Empty(e) if open.is_some() => {
                return Err(format!(
                    "egenskaben opfolg:{} har et element ({}) i stedet for tekst",
                    open.as_ref().map_or("", |(n, _)| n),
                    e.name().as_ref()
                ));
            }
            ref ev @ (Event::Start(ref e) | Event::Empty(ref e)) => {
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|e| format!("XMP-metadata er ikke XML: {e}"))?;
                    let (ns, local) = reader.resolver().resolve_attribute(attribute.key);
                    if ours(&ns) {
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| format!("XMP-metadata er ikke XML: {e}"))?
                            .into_owned();
                        push(known(local.as_ref())?, value)?;
                    }
                }
                if resolved_ours {
                    let name = known(e.local_name().as_ref())?;
                    if matches!(ev, Event::Empty(_)) {
                        push(name, String::new())?;
                    } else {
                        open = Some((name, String::new()));
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, value)) = open.as_mut() {
                    value.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, value)) = open.as_mut() {
                    value.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, value)) = open.as_mut() {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        _ => match r.xml10_content().as_ref() {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "quot" => '"',
                            "apos" => '\'',
                            other => return Err(format!("XMP-metadata har en ukendt entitet &{other};")),
                        },
                    };
                    value.push(c);
                }
            }
            Event::End(_) => {
                if let Some((name, value)) = open.take() {
                    push(name, value)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The assessed model as JSON: what a PDF's `modelSHA256` is the hash of,
/// and what the archive keeps beside a record.
pub fn model_json(followup: &FollowUp) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec_pretty(followup)
        .map_err(|e| Diagnostic::error("OF0506", "modellen kan ikke skrives som JSON").found(e.to_string()))
}

/// The MIME type of a workbook, by its file's extension.
pub fn workbook_mime(ext: &str) -> &'static str {
    match ext.to_ascii_lowercase().as_str() {
        "xls" => "application/vnd.ms-excel",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
}

/// The sources a PDF carries when asked for (`build --med-kilder`): the
/// workbook itself and the assessed model as JSON, so that a working copy
/// can be checked and made again without anything outside it.
pub fn sources(
    workbook: &Path,
    bytes: &[u8],
    followup: &FollowUp,
) -> Result<(render::Attachment, render::Attachment), Diagnostics> {
    let ext = workbook.extension().and_then(|e| e.to_str()).unwrap_or("xlsx").to_ascii_lowercase();
    let file = render::Attachment {
        name: format!("{}.{ext}", crate::document_name(workbook)),
        mime: workbook_mime(&ext),
        description: "Projektmappen, som dokumentet er lavet af".to_string(),
        data: bytes.into(),
    };
    Ok((file, model_attachment(workbook, followup)?))
}

/// The assessed model as an attachment (`<workbook>.model.json`).
pub fn model_attachment(workbook: &Path, followup: &FollowUp) -> Result<render::Attachment, Diagnostics> {
    Ok(render::Attachment {
        name: format!("{}.model.json", crate::document_name(workbook)),
        mime: "application/json",
        description: "Opfølgningsmodellen med vurderinger (opfolg), som dokumentet viser".to_string(),
        data: model_json(followup)?.into(),
    })
}

/// Where a planned document comes from, for the archive. `model` is the
/// model JSON the document shows ([`model_json`]).
pub fn provenance(
    planned: &render::Planned,
    workbook: &Path,
    followup: &FollowUp,
    workbook_bytes: &[u8],
    model: &[u8],
    templates_sha256: &str,
) -> Provenance {
    let meta = &followup.report.meta;
    let kind = match meta.kind {
        crate::model::DocumentKind::Contracts => "kontrakt",
        other => other.danish(),
    };
    let d = planned.date;
    Provenance {
        kind: kind.to_string(),
        title: planned.title.clone(),
        name: planned.name.clone(),
        unit: planned.unit_name.clone(),
        period: meta.period.clone(),
        year: meta.year,
        case_number: planned.case_number.clone(),
        document_number: planned.document_number.clone(),
        date: format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        document_key: planned.ident.clone(),
        workbook: workbook.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        workbook_sha256: super::sha256_hex(workbook_bytes),
        model_sha256: Some(super::sha256_hex(model)),
        templates_sha256: templates_sha256.to_string(),
        opfolg_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Provenance {
        Provenance {
            kind: "kontrakt".into(),
            title: "Kontrakt <A & B> \"x\"".into(),
            name: "kontrakt-2008-a".into(),
            unit: Some("Jobcenter Æ".into()),
            period: "2008".into(),
            year: 2008,
            case_number: Some("08/123".into()),
            document_number: None,
            date: "2008-12-01".into(),
            document_key: "opfolg/Kontrakt/08/123".into(),
            workbook: "kontrakter-2008.xlsx".into(),
            workbook_sha256: "ab".repeat(32),
            model_sha256: Some("cd".repeat(32)),
            templates_sha256: "ef".repeat(32),
            opfolg_version: "0.1.0".into(),
        }
    }

    fn packet(description: &str) -> String {
        format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">{description}</rdf:RDF></x:xmpmeta>"
        )
    }

    fn elements(p: &Provenance) -> String {
        let mut out = format!("<rdf:Description rdf:about=\"\" xmlns:o=\"{}\">", xmp::NAMESPACE);
        for (name, value) in p.to_xmp() {
            let value = value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            out.push_str(&format!("<o:{name}>{value}</o:{name}>"));
        }
        out.push_str("</rdf:Description>");
        out
    }

    #[test]
    fn provenance_reads_back_from_xmp_whatever_the_prefix() {
        let p = example();
        let read = Provenance::from_xmp(packet(&elements(&p)).as_bytes()).unwrap();
        assert_eq!(read, Some(p.clone()));
        // As attributes, which XMP allows too.
        let attrs = format!(
            "<rdf:Description rdf:about=\"\" xmlns:q=\"{}\" q:kind=\"kontrakt\" q:title=\"T &amp; U\"/>",
            xmp::NAMESPACE
        );
        let err = Provenance::from_xmp(packet(&attrs).as_bytes()).unwrap_err();
        assert!(err.contains("mangler") && !err.contains("kind") && !err.contains("title"), "{err}");
        // Nothing of opfolg's: none.
        assert_eq!(Provenance::from_xmp(packet("").as_bytes()).unwrap(), None);
    }

    #[test]
    fn a_packet_opfolg_did_not_write_is_refused() {
        let p = example();
        // A property given twice (a second description with another key).
        let twice = format!(
            "{}<rdf:Description rdf:about=\"\" xmlns:o=\"{}\"><o:documentKey>andet</o:documentKey></rdf:Description>",
            elements(&p),
            xmp::NAMESPACE
        );
        assert!(Provenance::from_xmp(packet(&twice).as_bytes()).unwrap_err().contains("to gange"));
        // An element inside a property.
        let nested = elements(&p).replace("<o:kind>kontrakt</o:kind>", "<o:kind><rdf:Alt/></o:kind>");
        assert!(Provenance::from_xmp(packet(&nested).as_bytes()).unwrap_err().contains("element"));
        // A property opfolg does not write.
        let unknown = elements(&p)
            .replace("</rdf:Description>", "<o:signedBy>Borgmester</o:signedBy></rdf:Description>");
        assert!(Provenance::from_xmp(packet(&unknown).as_bytes()).unwrap_err().contains("ukendt"));
        // Broken XML.
        assert!(Provenance::from_xmp(b"<a><b></a>").is_err());
        // An entity of the packet's own: never expanded, refused.
        let entity = format!(
            "<!DOCTYPE x [<!ENTITY k \"kontrakt\">]>{}",
            packet(&elements(&p).replace("<o:kind>kontrakt</o:kind>", "<o:kind>&k;</o:kind>"))
        );
        assert!(Provenance::from_xmp(entity.as_bytes()).unwrap_err().contains("entitet"));
        // A year that is no year.
        let year = elements(&p).replace("<o:year>2008</o:year>", "<o:year>tjue</o:year>");
        assert!(Provenance::from_xmp(packet(&year).as_bytes()).is_err());
    }

    proptest::proptest! {
        /// Any text a workbook can hold (but control characters, which XML
        /// cannot) reads back from the packet exactly as written: the
        /// escaping holds for quotes, ampersands, markup, CR and any script.
        #[test]
        fn any_text_reads_back_from_the_packet(
            title in "[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\u{fffe}\\u{ffff}]{0,60}",
            unit in proptest::option::of("[<>&\"' \\r\\nÆøå𝔘a-z]{0,20}"),
        ) {
            let p = Provenance { title, unit, ..example() };
            let base = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"></rdf:RDF></x:xmpmeta>";
            let packet = xmp::with_properties(base, &p.to_xmp()).unwrap();
            proptest::prop_assert_eq!(Provenance::from_xmp(packet.as_bytes()).unwrap(), Some(p));
        }
    }
}
