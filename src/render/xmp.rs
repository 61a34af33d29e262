//! opfolg's own properties in a PDF's XMP metadata: where the document came
//! from (its provenance), readable by anyone with an XMP reader and by the
//! archive, without an attached file.
//!
//! Typst hands the PDF writer only the title, description, keywords,
//! authors, creator, date and identifier, so the properties are added by a
//! pass over the finished PDF: the metadata stream Typst wrote is replaced by
//! the same packet with an `opfolg:` description added, and with the schema
//! declared in its `pdfaExtension:schemas` (PDF/A allows a property outside
//! the standard schemas only when the packet declares it). The objects after
//! the stream move by the difference in length, and the cross-reference
//! table and `startxref` are rewritten to match. The pass is byte-exact and
//! has no choices to make, so the PDF stays deterministic; anything in the
//! file it does not expect (a cross-reference stream, a compressed or second
//! metadata stream) makes it fail rather than guess.

/// The namespace of opfolg's properties.
pub const NAMESPACE: &str = "urn:opfolg:ns:dokument:1.0/";
/// The prefix the properties are written with.
pub const PREFIX: &str = "opfolg";

/// opfolg's properties: name, XMP value type and description (for the
/// PDF/A extension schema). Every property is text, so that it reads back
/// exactly as written.
pub const PROPERTIES: &[(&str, &str)] = &[
    ("kind", "Hvad dokumentet er (halvårsopfølgning, kontrakt, ...)"),
    ("title", "Dokumentets titel"),
    ("name", "Filnavnet, som opfolg gav dokumentet, uden endelse"),
    ("unit", "Enheden (for en kontrakt)"),
    ("period", "Perioden, dokumentet dækker"),
    ("year", "Året"),
    ("caseNumber", "Sagsnummeret"),
    ("documentNumber", "Dokumentnummeret"),
    ("date", "Dokumentets dato (ISO 8601)"),
    ("documentKey", "Nøglen, som alle udgaver af dokumentet deler"),
    ("workbook", "Projektmappens filnavn"),
    ("workbookSHA256", "SHA-256 af projektmappen, som dokumentet er lavet af"),
    ("modelSHA256", "SHA-256 af opfølgningsmodellen (JSON), som dokumentet viser"),
    ("templatesSHA256", "SHA-256 af skabelonmappen"),
    ("opfolgVersion", "opfolg-versionen, der lavede dokumentet"),
    (
        "pagesSHA256",
        "SHA-256 af dokumentets sider (indhold, skrifttyper, billeder), som binder oplysningerne her til siderne",
    ),
];

/// Adds `properties` (names from [`PROPERTIES`]) to the XMP metadata of
/// `pdf`, a PDF as Typst writes it. Errors say what was not as expected.
pub fn add_properties(pdf: &[u8], properties: &[(&str, String)]) -> Result<Vec<u8>, String> {
    if let Some((name, _)) = properties.iter().find(|(n, _)| !PROPERTIES.iter().any(|(p, _)| p == n)) {
        return Err(format!("egenskaben {name} er ikke i opfolgs XMP-skema"));
    }
    let layout = Layout::read(pdf)?;
    let packet = std::str::from_utf8(&pdf[layout.content.clone()])
        .map_err(|_| "XMP-metadata er ikke UTF-8".to_string())?;
    let packet = with_properties(packet, properties)?;
    let header = format!("<</Length {}/Type/Metadata/Subtype/XML>>\nstream\n", packet.len());
    let mut out = Vec::with_capacity(pdf.len() + packet.len());
    out.extend_from_slice(&pdf[..layout.dict_start]);
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(packet.as_bytes());
    let tail_start = layout.content.end;
    let new_tail_start = out.len();
    let delta = new_tail_start as i64 - tail_start as i64;
    out.extend_from_slice(&pdf[tail_start..layout.xref]);
    // The cross-reference table with every offset after the stream moved.
    out.extend_from_slice(&pdf[layout.xref..layout.first_entry]);
    for entry in &layout.entries {
        match entry.offset {
            Some(offset) if offset > layout.dict_start => {
                out.extend_from_slice(format!("{:010}", offset as i64 + delta).as_bytes());
                out.extend_from_slice(&entry.raw[10..]);
            }
            _ => out.extend_from_slice(&entry.raw),
        }
    }
    let trailer_start = layout.trailer;
    let startxref_at = layout.startxref_keyword;
    out.extend_from_slice(&pdf[trailer_start..startxref_at]);
    out.extend_from_slice(format!("startxref\n{}\n%%EOF", layout.xref as i64 + delta).as_bytes());
    Ok(out)
}

/// An entry of the cross-reference table.
struct Entry {
    /// The object's offset (`None`: a free entry).
    offset: Option<usize>,
    /// The entry's 20 bytes.
    raw: [u8; 20],
}

/// Where things are in a PDF as Typst writes it: one revision, a classic
/// cross-reference table, an uncompressed metadata stream.
struct Layout {
    /// Where the metadata object's dictionary starts.
    dict_start: usize,
    /// The stream's bytes (the XMP packet) .
    content: std::ops::Range<usize>,
    /// Where `xref` starts.
    xref: usize,
    /// Where the first entry of the table starts.
    first_entry: usize,
    /// The table's entries.
    entries: Vec<Entry>,
    /// Where `trailer` starts.
    trailer: usize,
    /// Where the last `startxref` starts.
    startxref_keyword: usize,
}

impl Layout {
    fn read(pdf: &[u8]) -> Result<Layout, String> {
        let unexpected = |what: &str| format!("PDF'en er ikke, som Typst skriver den: {what}");
        let startxref_keyword = rfind(pdf, b"startxref").ok_or_else(|| unexpected("ingen startxref"))?;
        let xref: usize = number_after(pdf, startxref_keyword + b"startxref".len())
            .ok_or_else(|| unexpected("startxref uden tal"))?;
        if rfind(pdf, b"%%EOF").is_none_or(|eof| eof < startxref_keyword)
            || find(pdf, b"%%EOF").is_some_and(|first| first < startxref_keyword)
        {
            return Err(unexpected("mere end én udgave"));
        }
        let table = pdf
            .get(xref..)
            .filter(|t| t.starts_with(b"xref\n0 "))
            .ok_or_else(|| unexpected("ingen xref-tabel"))?;
        // "xref\n0 N\n": one subsection, from object 0.
        let count: usize =
            number_after(table, 7).ok_or_else(|| unexpected("xref-tabellen har intet antal"))?;
        let first_entry = xref + 7 + find(&table[7..], b"\n").ok_or_else(|| unexpected("xref"))? + 1;
        let mut entries = Vec::with_capacity(count);
        for i in 0..count {
            let raw: [u8; 20] = pdf
                .get(first_entry + 20 * i..first_entry + 20 * (i + 1))
                .and_then(|e| e.try_into().ok())
                .ok_or_else(|| unexpected("xref"))?;
            let offset: usize = std::str::from_utf8(&raw[..10])
                .ok()
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| unexpected("xref"))?;
            entries.push(Entry { offset: (raw[17] == b'n').then_some(offset), raw });
        }
        let trailer = first_entry + 20 * count;
        if !pdf[trailer..].starts_with(b"trailer") {
            return Err(unexpected("xref-tabellen har flere afsnit"));
        }
        let object_at = |id: usize| -> Result<usize, String> {
            let at = entries.get(id).and_then(|e| e.offset).ok_or_else(|| unexpected("et objekt mangler"))?;
            let head = format!("{id} 0 obj\n");
            if pdf.get(at..at + head.len()) != Some(head.as_bytes()) {
                return Err(unexpected("et objekt ligger ikke, hvor xref-tabellen siger"));
            }
            Ok(at + head.len())
        };
        let root = reference_after(&pdf[trailer..startxref_keyword], b"/Root ")
            .ok_or_else(|| unexpected("ingen /Root"))?;
        let catalog = object_at(root)?;
        let catalog_end = catalog + find(&pdf[catalog..], b"endobj").ok_or_else(|| unexpected("katalog"))?;
        let metadata = reference_after(&pdf[catalog..catalog_end], b"/Metadata ")
            .ok_or_else(|| unexpected("kataloget har ingen /Metadata"))?;
        let dict_start = object_at(metadata)?;
        let rest = &pdf[dict_start..];
        let length: usize = rest
            .strip_prefix(b"<</Length ")
            .and_then(|r| number_after(r, 0))
            .ok_or_else(|| unexpected("metadata uden /Length"))?;
        let dict_end = find(rest, b">>\nstream\n").ok_or_else(|| unexpected("metadata er ikke en strøm"))?;
        let dict = &rest[..dict_end];
        if dict != format!("<</Length {length}/Type/Metadata/Subtype/XML").as_bytes() {
            // A filter, say: the packet is not plain XML.
            return Err(unexpected("metadatastrømmens ordbog er ikke, som den plejer"));
        }
        let start = dict_start + dict_end + b">>\nstream\n".len();
        let content = start..start + length;
        if !pdf.get(content.end..).is_some_and(|r| r.starts_with(b"\nendstream\nendobj")) {
            return Err(unexpected("metadatastrømmen slutter ikke ved sin /Length"));
        }
        Ok(Layout { dict_start, content, xref, first_entry, entries, trailer, startxref_keyword })
    }
}

/// The packet with an `opfolg:` description and its extension schema.
pub(crate) fn with_properties(packet: &str, properties: &[(&str, String)]) -> Result<String, String> {
    const BAG_END: &str = "</rdf:Bag></pdfaExtension:schemas>";
    const RDF_END: &str = "</rdf:RDF>";
    // Markup, which text in the packet (a title) cannot contain: its `<` is escaped.
    if packet.contains(&format!("<pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>")) {
        return Err("XMP-metadata har allerede opfolgs egenskaber".to_string());
    }
    if packet.matches(RDF_END).count() != 1 || packet.matches(BAG_END).count() > 1 {
        return Err("XMP-metadata er ikke, som Typst skriver dem".to_string());
    }
    let mut description = format!("<rdf:Description rdf:about=\"\" xmlns:{PREFIX}=\"{NAMESPACE}\"");
    let schema = schema();
    let mut packet = packet.to_string();
    if let Some(at) = packet.find(BAG_END) {
        packet.insert_str(at, &schema);
        description.push('>');
    } else {
        // No PDF/A declarations yet: the schema goes in this description.
        description.push_str(
            " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">",
        );
        description.push_str(&format!("<pdfaExtension:schemas><rdf:Bag>{schema}{BAG_END}"));
    }
    for (name, value) in properties {
        description.push_str(&format!("<{PREFIX}:{name}>{}</{PREFIX}:{name}>", escape(value)));
    }
    description.push_str("</rdf:Description>");
    let at = packet.find(RDF_END).unwrap_or(packet.len());
    packet.insert_str(at, &description);
    Ok(packet)
}

/// The PDF/A extension schema of opfolg's properties.
fn schema() -> String {
    let mut out = format!(
        "<rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>opfolg: hvor dokumentet kommer fra</pdfaSchema:schema><pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI><pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>"
    );
    for (name, description) in PROPERTIES {
        out.push_str(&format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>{}</pdfaProperty:description></rdf:li>",
            escape(description)
        ));
    }
    out.push_str("</rdf:Seq></pdfaSchema:property></rdf:li>");
    out
}

/// `text` as XML character data. Characters XML 1.0 cannot hold at all
/// (control characters) become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The decimal number at `at`, after white space.
fn number_after(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    let digits: Vec<u8> = rest[start..].iter().take_while(|b| b.is_ascii_digit()).copied().collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// The object number of `key N 0 R` in `bytes`.
fn reference_after(bytes: &[u8], key: &[u8]) -> Option<usize> {
    let at = find(bytes, key)? + key.len();
    let id = number_after(bytes, at)?;
    bytes[at..].starts_with(format!("{id} 0 R").as_bytes()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF laid out as Typst writes one, with `packet` as its metadata.
    fn typst_like(packet: &str) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        let objects = [
            "<</Type/Pages/Count 0/Kids[]>>".to_string(),
            format!("<</Length {}/Type/Metadata/Subtype/XML>>\nstream\n{packet}\nendstream", packet.len()),
            "<</Type/Catalog/Pages 1 0 R/Metadata 2 0 R>>".to_string(),
        ];
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 4\n0000000000 65535 f\r\n");
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 4/Root 3 0 R>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        pdf
    }

    const PACKET: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"><pdfaExtension:schemas><rdf:Bag></rdf:Bag></pdfaExtension:schemas></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>";

    #[test]
    fn the_properties_are_added_and_the_xref_still_points_at_every_object() {
        let pdf = typst_like(PACKET);
        let out = add_properties(&pdf, &[("kind", "halvårsopfølgning".into()), ("title", "A & <B>".into())])
            .unwrap();
        let doc = lopdf::Document::load_mem(&out).unwrap();
        let catalog = doc.catalog().unwrap();
        let metadata = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
        let stream = doc.get_object(metadata).unwrap().as_stream().unwrap();
        let xml = String::from_utf8(stream.content.clone()).unwrap();
        assert!(xml.contains("<opfolg:kind>halvårsopfølgning</opfolg:kind>"), "{xml}");
        assert!(xml.contains("<opfolg:title>A &amp; &lt;B&gt;</opfolg:title>"), "{xml}");
        assert!(xml.contains("<pdfaSchema:prefix>opfolg</pdfaSchema:prefix>"), "{xml}");
        // Each xref entry names its own object header.
        let layout = Layout::read(&out).unwrap();
        for (id, entry) in layout.entries.iter().enumerate().skip(1) {
            assert!(out[entry.offset.unwrap()..].starts_with(format!("{id} 0 obj").as_bytes()));
        }
        // Again: refused, never two sets of properties.
        assert!(add_properties(&out, &[("kind", "x".into())]).unwrap_err().contains("allerede"));
        // Deterministic.
        assert_eq!(
            out,
            add_properties(&pdf, &[("kind", "halvårsopfølgning".into()), ("title", "A & <B>".into())])
                .unwrap()
        );
    }

    #[test]
    fn what_is_not_laid_out_as_typst_writes_it_is_refused() {
        let pdf = typst_like(PACKET);
        // An unknown property.
        assert!(add_properties(&pdf, &[("evil", "x".into())]).is_err());
        // A filtered metadata stream.
        let filtered =
            String::from_utf8_lossy(&pdf).replace("/Subtype/XML>>", "/Subtype/XML/Filter/FlateDecode>>");
        assert!(add_properties(filtered.as_bytes(), &[]).is_err());
        // A second revision.
        let mut updated = pdf.clone();
        updated.extend_from_slice(b"\n4 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF");
        assert!(add_properties(&updated, &[]).is_err());
        // A title that names the namespace as text is only text.
        let titled = typst_like(&PACKET.replace(
            "<pdfaExtension:schemas>",
            "<dc:title>xmlns:opfolg=\"urn:opfolg:ns:dokument:1.0/\" &lt;/rdf:RDF&gt;</dc:title><pdfaExtension:schemas>",
        ));
        assert!(add_properties(&titled, &[("kind", "x".into())]).is_ok());
        // A control character is no XML: replaced, the packet stays XML.
        let out = add_properties(&pdf, &[("title", "a\u{1}b".into())]).unwrap();
        assert!(String::from_utf8_lossy(&out).contains("a\u{FFFD}b"));
    }
}
