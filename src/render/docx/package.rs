//! The package: the zip docx-rs made, its XML parts edited as trees
//! ([`crate::render::ooxml`]) into a file Word opens without repair, and
//! written again with fixed times so the same document gives the same bytes.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use super::walk::Facts;
use super::{DocxMeta, internal};
use crate::model::Date;
use crate::render::ooxml::{Element, Node, Part};

const THEME_PART: &str = "word/theme/theme1.xml";
const THEME_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
const THEME_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";

/// Rewrites the package docx-rs made: our document properties and language,
/// repeating header rows, footnote marks, pictures with alternative text and
/// ids of their own, the attributes and children the schema does not allow
/// removed, a theme, and ids counted from 1 in each document (docx-rs counts
/// paragraphs per thread and footnotes per process).
pub fn repack(
    packed: Vec<u8>,
    meta: &DocxMeta,
    facts: &Facts,
) -> Result<Vec<u8>, crate::diagnostics::Diagnostic> {
    let unreadable = |e: &dyn std::fmt::Display| internal(format!("DOCX kunne ikke læses: {e}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(packed)).map_err(|e| unreadable(&e))?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(|e| unreadable(&e))?;
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| unreadable(&e))?;
        let name = f.name().map_err(|e| unreadable(&e))?.to_string();
        if !name.ends_with('/') {
            parts.push((name, data));
        }
    }
    let footnote_ids = footnote_numbers(&parts);
    if !parts.iter().any(|(n, _)| n == THEME_PART) {
        parts.push((THEME_PART.to_string(), THEME.as_bytes().to_vec()));
    }
    let mut para_id: u32 = 0;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let time = zip::DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0).expect("valid date");
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    for (name, data) in parts {
        let data = match name.as_str() {
            "docProps/core.xml" => core_xml(meta).into_bytes(),
            "docProps/custom.xml" => custom_xml(meta).into_bytes(),
            _ if name.ends_with(".xml") || name.ends_with(".rels") => {
                let mut part =
                    Part::parse(&data).ok_or_else(|| unreadable(&format!("{name} er ikke XML")))?;
                edit(&name, &mut part, facts, &footnote_ids);
                renumber_paragraphs(&mut part, &mut para_id);
                part.to_bytes()
            }
            _ => data,
        };
        out.start_file(name, options).map_err(|e| internal(format!("DOCX kunne ikke skrives: {e}")))?;
        out.write_all(&data).map_err(|e| internal(format!("DOCX kunne ikke skrives: {e}")))?;
    }
    let cursor = out.finish().map_err(|e| internal(format!("DOCX kunne ikke skrives: {e}")))?;
    Ok(cursor.into_inner())
}

/// The edits of one part.
fn edit(name: &str, part: &mut Part, facts: &Facts, footnote_ids: &HashMap<String, String>) {
    match name {
        "word/document.xml" => {
            let (mut table, mut picture) = (0, 0);
            part.visit_mut(&mut |e| match e.name.as_str() {
                "w:tbl" => {
                    let header = facts.header_rows.get(table).copied().unwrap_or(0);
                    table += 1;
                    for tr in e.elements_mut().filter(|c| c.name == "w:tr").take(header) {
                        repeat_as_header(tr);
                    }
                }
                // docx-rs writes a width type here, which only w:tblW and
                // w:tcW have.
                "w:gridCol" => e.remove_attr("w:type"),
                "w:footnoteReference" => renumber(e, footnote_ids),
                "w:drawing" => {
                    picture += 1;
                    let alt = facts.picture_alts.get(picture - 1).map(String::as_str).unwrap_or("");
                    describe_picture(e, picture, alt);
                }
                _ => {}
            });
        }
        "word/footnotes.xml" => part.visit_mut(&mut |e| {
            if e.name == "w:footnote" {
                renumber(e, footnote_ids);
                mark_footnote(e);
            }
        }),
        // Paragraph properties in a style, a list level or the defaults
        // have no run properties of their own (CT_PPrBase).
        "word/styles.xml" | "word/numbering.xml" => part.visit_mut(&mut |e| {
            if matches!(e.name.as_str(), "w:style" | "w:lvl" | "w:pPrDefault") {
                for ppr in e.elements_mut().filter(|c| c.name == "w:pPr") {
                    ppr.remove_children("w:rPr");
                }
            }
            // Danish for spell-checking and hyphenation, in the defaults.
            if e.name == "w:rPrDefault"
                && let Some(rpr) = e.child_mut("w:rPr")
            {
                rpr.remove_children("w:lang");
                rpr.children.push(lang().into());
            }
        }),
        "[Content_Types].xml" => {
            if let Some(root) = part.root_mut() {
                let part_name = format!("/{THEME_PART}");
                if !root.elements().any(|e| e.attr("PartName").as_deref() == Some(part_name.as_str())) {
                    let theme =
                        Element::new("Override", &[("PartName", &part_name), ("ContentType", THEME_TYPE)]);
                    root.children.push(theme.into());
                }
            }
        }
        "word/_rels/document.xml.rels" => {
            if let Some(root) = part.root_mut()
                && !root.elements().any(|e| e.attr("Type").as_deref() == Some(THEME_REL))
            {
                let rel = Element::new(
                    "Relationship",
                    &[("Id", "rIdTheme1"), ("Type", THEME_REL), ("Target", "theme/theme1.xml")],
                );
                root.children.push(rel.into());
            }
        }
        _ => {}
    }
}

fn lang() -> Element {
    Element::new("w:lang", &[("w:val", "da-DK"), ("w:eastAsia", "da-DK"), ("w:bidi", "ar-SA")])
}

/// Marks a table row as its header, repeated on every page.
fn repeat_as_header(tr: &mut Element) {
    if tr.child_mut("w:trPr").is_none() {
        tr.children.insert(0, Element::new("w:trPr", &[]).into());
    }
    if let Some(trpr) = tr.child_mut("w:trPr")
        && !trpr.elements().any(|c| c.name == "w:tblHeader")
    {
        trpr.children.push(Element::new("w:tblHeader", &[]).into());
    }
}

/// Gives a picture its number as id (Word wants them unique), a name and its
/// alternative text.
fn describe_picture(drawing: &mut Element, n: usize, alt: &str) {
    let id = n.to_string();
    let name = format!("Billede {n}");
    drawing.visit_mut(&mut |e| {
        if matches!(e.name.as_str(), "wp:docPr" | "pic:cNvPr") {
            e.set_attr("id", &id);
            e.set_attr("name", &name);
            if !alt.is_empty() {
                e.set_attr("descr", alt);
            }
        }
    });
}

/// Puts the footnote's number at the start of its text, as Word does
/// (`w:footnoteRef` shows the note's number), a little apart from the text.
fn mark_footnote(footnote: &mut Element) {
    let Some(p) = footnote.child_mut("w:p") else { return };
    let rpr = Element::new("w:rPr", &[])
        .with(Element::new("w:rStyle", &[("w:val", "FootnoteReference")]))
        .with(Element::new("w:spacing", &[("w:val", "30")]));
    let mark = Element::new("w:r", &[]).with(rpr).with(Element::new("w:footnoteRef", &[]));
    let at = p.children.iter().position(|n| matches!(n, Node::Element(e) if e.name == "w:pPr"));
    p.children.insert(at.map_or(0, |i| i + 1), mark.into());
}

/// The footnote ids of `document.xml` in order of appearance, mapped to 1, 2, ...
fn footnote_numbers(parts: &[(String, Vec<u8>)]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    if let Some(mut doc) =
        parts.iter().find(|(n, _)| n == "word/document.xml").and_then(|(_, d)| Part::parse(d))
    {
        doc.visit_mut(&mut |e| {
            if e.name == "w:footnoteReference"
                && let Some(id) = e.attr("w:id")
            {
                let next = (map.len() + 1).to_string();
                map.entry(id).or_insert(next);
            }
        });
    }
    map
}

fn renumber(e: &mut Element, ids: &HashMap<String, String>) {
    if let Some(new) = e.attr("w:id").and_then(|id| ids.get(&id)) {
        e.set_attr("w:id", new);
    }
}

/// Gives every `w14:paraId` the next number, in order of appearance.
fn renumber_paragraphs(part: &mut Part, next: &mut u32) {
    part.visit_mut(&mut |e| {
        if e.attr("w14:paraId").is_some() {
            *next += 1;
            e.set_attr("w14:paraId", &format!("{:08X}", *next));
        }
    });
}

fn xml_escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month, d.day)
}

fn core_xml(meta: &DocxMeta) -> String {
    let date = iso_date(meta.date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>"#,
            r#"<cp:keywords>{keywords}</cp:keywords><dc:language>da-DK</dc:language>"#,
            r#"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        title = xml_escape(&meta.title),
        subject = xml_escape(&meta.subject),
        author = xml_escape(&meta.author),
        keywords =
            xml_escape(meta.case_number.as_deref().map(|c| format!("sagsnr. {c}")).as_deref().unwrap_or("")),
        date = date,
    )
}

fn custom_xml(meta: &DocxMeta) -> String {
    let mut props = String::new();
    if let Some(case) = &meta.case_number {
        props.push_str(&format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Sagsnummer"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            xml_escape(case)
        ));
    }
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#,
            r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{}</Properties>"#
        ),
        props
    )
}

/// The theme Word expects beside the document: Office's colours and Calibri
/// as body and heading font (the styles name their font directly).
const THEME: &str = include_str!("theme1.xml");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::ooxml::order_violations;

    /// The parts of a package, by name.
    fn parts(docx: &[u8]) -> HashMap<String, String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
        let mut out = HashMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            if f.read_to_string(&mut s).is_ok() {
                out.insert(f.name().unwrap().to_string(), s);
            }
        }
        out
    }

    #[test]
    fn the_package_docx_rs_makes_is_mended_into_what_the_schema_allows() {
        use docx_rs::{IndentLevel, NumberingId, Paragraph, Run, Table, TableCell, TableRow};
        let docx = super::super::styles::base_document(&Default::default())
            .add_paragraph(Paragraph::new().numbering(NumberingId::new(2), IndentLevel::new(0)))
            .add_table(
                Table::new(vec![TableRow::new(vec![
                    TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("a"))),
                ])])
                .set_grid(vec![9072]),
            );
        let mut packed = Cursor::new(Vec::new());
        docx.build().pack(&mut packed).unwrap();
        let before = parts(packed.get_ref());
        // What openxml-audit finds in docx-rs's own package.
        assert!(before["word/document.xml"].contains(r#"w:type="dxa" />"#));
        assert!(!before.contains_key(THEME_PART));
        let meta = DocxMeta {
            title: "Mål & <midler>".into(),
            subject: "2008".into(),
            author: "Forvaltningen".into(),
            case_number: None,
            date: Date { year: 2008, month: 9, day: 1 },
        };
        let facts = Facts { header_rows: vec![1], picture_alts: vec![] };
        let after = parts(&repack(packed.into_inner(), &meta, &facts).unwrap());
        let document = &after["word/document.xml"];
        assert!(!document.contains("<w:gridCol w:w=\"9072\" w:type"), "{document}");
        assert!(document.contains("<w:tblHeader />"), "the first row repeats");
        for name in ["word/styles.xml", "word/numbering.xml"] {
            assert!(!after[name].contains("<w:rPr /></w:pPr>"), "{name}: {}", after[name]);
        }
        for (name, xml) in &after {
            assert!(
                order_violations(xml.as_bytes()).is_empty(),
                "{name}: {:?}",
                order_violations(xml.as_bytes())
            );
        }
        assert!(after.contains_key(THEME_PART));
        assert!(after["[Content_Types].xml"].contains(r#"PartName="/word/theme/theme1.xml""#));
        assert!(after["word/_rels/document.xml.rels"].contains(r#"Target="theme/theme1.xml""#));
        assert!(after["word/styles.xml"].contains(r#"<w:lang w:val="da-DK""#));
        let core = &after["docProps/core.xml"];
        assert!(
            core.contains("<dc:title>Mål &amp; &lt;midler&gt;</dc:title>") && core.contains("da-DK"),
            "{core}"
        );
    }
}
