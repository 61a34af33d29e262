//! Puts the children of WordprocessingML elements into the order the OOXML
//! schema prescribes.
//!
//! docx-rs 0.4.22 writes some property children out of schema order (a
//! style's `w:rPr` before its `w:basedOn`, `w:sz` before `w:b`).
//! LibreOffice accepts that; Word is stricter and may call the file damaged.
//! Each XML part is parsed, the children of the elements below are sorted
//! (stably, unknown elements last) and the part is written back unchanged
//! otherwise. The orders are the sequences of ECMA-376 part 1, §17.

use quick_xml::Reader;
use quick_xml::events::Event;

/// Child order of the elements whose children must be in sequence.
fn order(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        "w:rPr" => &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
        "w:pPr" => &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
        "w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
        "w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
        "w:tblBorders" => {
            &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH", "w:insideV"]
        }
        "w:tcBorders" => &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
        "w:sectPr" => &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
        "w:lvl" => &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
        "w:abstractNum" => {
            &["w:nsid", "w:multiLevelType", "w:tmpl", "w:name", "w:styleLink", "w:numStyleLink", "w:lvl"]
        }
        "w:docDefaults" => &["w:rPrDefault", "w:pPrDefault"],
        // Properties come first in these.
        "w:p" => &["w:pPr"],
        "w:r" => &["w:rPr"],
        "w:tbl" => &["w:tblPr", "w:tblGrid"],
        "w:tr" => &["w:tblPrEx", "w:trPr"],
        "w:tc" => &["w:tcPr"],
        _ => return None,
    })
}

/// A parsed node, kept as its raw bytes so writing it back changes nothing
/// but the order.
enum Node {
    Element { name: String, start: Vec<u8>, children: Vec<Node>, empty: bool },
    Raw(Vec<u8>),
}

/// The part with every known element's children in schema order. A part
/// that is not well-formed XML is returned as it is.
pub fn fix_order(xml: &[u8]) -> Vec<u8> {
    match parse(xml) {
        Some(mut nodes) => {
            for n in &mut nodes {
                sort(n);
            }
            let mut out = Vec::with_capacity(xml.len());
            for n in &nodes {
                write(n, &mut out);
            }
            out
        }
        None => xml.to_vec(),
    }
}

/// An element being parsed: its name and start tag (none for the top
/// level), and the children read so far.
type Open = (Option<(String, Vec<u8>)>, Vec<Node>);

fn parse(xml: &[u8]) -> Option<Vec<Node>> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    // A stack of open elements; the bottom holds the top-level nodes.
    let mut stack: Vec<Open> = vec![(None, Vec::new())];
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                stack.push((Some((name, e.as_bytes().to_vec())), Vec::new()));
            }
            Event::End(_) => {
                let (open, children) = stack.pop()?;
                let (name, start) = open?;
                stack.last_mut()?.1.push(Node::Element { name, start, children, empty: false });
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                stack.last_mut()?.1.push(Node::Element {
                    name,
                    start: e.as_bytes().to_vec(),
                    children: vec![],
                    empty: true,
                });
            }
            Event::Text(t) => stack.last_mut()?.1.push(Node::Raw(t.as_bytes().to_vec())),
            // Everything but elements is kept as the raw text it was.
            Event::GeneralRef(r) => stack.last_mut()?.1.push(wrapped("&", &r, ";")),
            Event::CData(c) => stack.last_mut()?.1.push(wrapped("<![CDATA[", &c, "]]>")),
            Event::Decl(d) => stack.last_mut()?.1.push(wrapped("<?", &d, "?>")),
            Event::PI(p) => stack.last_mut()?.1.push(wrapped("<?", &p, "?>")),
            Event::Comment(c) => stack.last_mut()?.1.push(wrapped("<!--", &c, "-->")),
            Event::DocType(d) => stack.last_mut()?.1.push(wrapped("<!DOCTYPE ", &d, ">")),
            Event::Eof => break,
        }
    }
    if stack.len() != 1 {
        return None;
    }
    stack.pop().map(|(_, nodes)| nodes)
}

/// A raw node: `body` between its delimiters.
fn wrapped(open: &str, body: &str, close: &str) -> Node {
    Node::Raw([open, body, close].concat().into_bytes())
}

fn sort(node: &mut Node) {
    if let Node::Element { name, children, .. } = node {
        for c in children.iter_mut() {
            sort(c);
        }
        if let Some(order) = order(name) {
            let rank = |n: &Node| match n {
                Node::Element { name, .. } => order.iter().position(|o| o == name).unwrap_or(order.len()),
                // Text between properties is whitespace; it keeps no place.
                Node::Raw(_) => order.len(),
            };
            children.sort_by_key(rank);
        }
    }
}

fn write(node: &Node, out: &mut Vec<u8>) {
    match node {
        Node::Raw(raw) => out.extend_from_slice(raw),
        Node::Element { name, start, children, empty } => {
            out.push(b'<');
            out.extend_from_slice(start);
            if *empty && children.is_empty() {
                out.extend_from_slice(b"/>");
                return;
            }
            out.push(b'>');
            for c in children {
                write(c, out);
            }
            out.extend_from_slice(b"</");
            out.extend_from_slice(name.as_bytes());
            out.push(b'>');
        }
    }
}

/// Every place in `xml` where a known element's children are out of order,
/// as `parent: child after later`. Used by the tests.
pub fn order_violations(xml: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    fn check(node: &Node, found: &mut Vec<String>) {
        if let Node::Element { name, children, .. } = node {
            if let Some(order) = order(name) {
                let mut last: Option<(usize, &str)> = None;
                for c in children {
                    if let Node::Element { name: child, .. } = c
                        && let Some(rank) = order.iter().position(|o| o == child)
                    {
                        if let Some((prev, prev_name)) = last
                            && rank < prev
                        {
                            found.push(format!("{name}: {child} after {prev_name}"));
                        }
                        last = Some((rank, order[rank]));
                    }
                }
            }
            for c in children {
                check(c, found);
            }
        }
    }
    if let Some(nodes) = parse(xml) {
        for n in &nodes {
            check(n, &mut found);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_children_are_put_in_schema_order() {
        let xml = br#"<?xml version="1.0"?><w:styles><w:style w:styleId="H"><w:name w:val="h"/><w:rPr><w:sz w:val="30"/><w:b/></w:rPr><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:next w:val="Normal"/><w:basedOn w:val="Normal"/></w:style></w:styles>"#;
        assert_eq!(order_violations(xml).len(), 4);
        let fixed = fix_order(xml);
        assert_eq!(
            String::from_utf8(fixed.clone()).unwrap(),
            r#"<?xml version="1.0"?><w:styles><w:style w:styleId="H"><w:name w:val="h"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style></w:styles>"#
        );
        assert!(order_violations(&fixed).is_empty());
    }

    #[test]
    fn text_and_entities_are_kept() {
        let xml = r#"<w:p><w:r><w:t xml:space="preserve">a &amp; b &lt;c&gt; «ø»</w:t></w:r></w:p>"#;
        assert_eq!(fix_order(xml.as_bytes()), xml.as_bytes());
    }
}
