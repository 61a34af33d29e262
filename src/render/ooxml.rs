//! WordprocessingML parts as a tree that can be edited and written back,
//! with every element's children in the order the OOXML schema prescribes.
//!
//! docx-rs 0.4.22 writes some property children out of schema order (a
//! style's `w:rPr` before its `w:basedOn`, `w:sz` before `w:b`, `w:ilvl`
//! after `w:numId`, `w:zoom` after `w:defaultTabStop`). LibreOffice accepts
//! that; Word is stricter and may call the file damaged. A part is parsed
//! into a [`Part`], edited (the DOCX writer's package step does that), its
//! children sorted (stably, unknown elements last) and written back
//! unchanged otherwise: every start tag keeps its bytes unless an attribute
//! of it was changed. The orders are the sequences of ECMA-376 part 1, §17.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

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
        "w:numPr" => &["w:ilvl", "w:numId", "w:numberingChange", "w:ins"],
        "w:settings" => &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:doNotDisplayPageBoundaries",
            "w:displayBackgroundShape",
            "w:printPostScriptOverText",
            "w:printFractionalCharacterWidth",
            "w:printFormsData",
            "w:embedTrueTypeFonts",
            "w:embedSystemFonts",
            "w:saveSubsetFonts",
            "w:saveFormsData",
            "w:mirrorMargins",
            "w:alignBordersAndEdges",
            "w:bordersDoNotSurroundHeader",
            "w:bordersDoNotSurroundFooter",
            "w:gutterAtTop",
            "w:hideSpellingErrors",
            "w:hideGrammaticalErrors",
            "w:activeWritingStyle",
            "w:proofState",
            "w:formsDesign",
            "w:attachedTemplate",
            "w:linkStyles",
            "w:stylePaneFormatFilter",
            "w:stylePaneSortMethod",
            "w:documentType",
            "w:mailMerge",
            "w:revisionView",
            "w:trackRevisions",
            "w:doNotTrackMoves",
            "w:doNotTrackFormatting",
            "w:documentProtection",
            "w:autoFormatOverride",
            "w:styleLockTheme",
            "w:styleLockQFSet",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:consecutiveHyphenLimit",
            "w:hyphenationZone",
            "w:doNotHyphenateCaps",
            "w:showEnvelope",
            "w:summaryLength",
            "w:clickAndTypeStyle",
            "w:defaultTableStyle",
            "w:evenAndOddHeaders",
            "w:bookFoldRevPrinting",
            "w:bookFoldPrinting",
            "w:bookFoldPrintingSheets",
            "w:drawingGridHorizontalSpacing",
            "w:drawingGridVerticalSpacing",
            "w:displayHorizontalDrawingGridEvery",
            "w:displayVerticalDrawingGridEvery",
            "w:doNotUseMarginsForDrawingGridOrigin",
            "w:drawingGridHorizontalOrigin",
            "w:drawingGridVerticalOrigin",
            "w:doNotShadeFormData",
            "w:noPunctuationKerning",
            "w:characterSpacingControl",
            "w:printTwoOnOne",
            "w:strictFirstAndLastChars",
            "w:noLineBreaksAfter",
            "w:noLineBreaksBefore",
            "w:savePreviewPicture",
            "w:doNotValidateAgainstSchema",
            "w:saveInvalidXml",
            "w:ignoreMixedContent",
            "w:alwaysShowPlaceholderText",
            "w:doNotDemarcateInvalidXml",
            "w:saveXmlDataOnly",
            "w:useXSLTWhenSaving",
            "w:saveThroughXslt",
            "w:showXMLTags",
            "w:alwaysMergeEmptyNamespace",
            "w:updateFields",
            "w:hdrShapeDefaults",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures",
            "w:forceUpgrade",
            "w:captions",
            "w:readModeInkLockDown",
            "w:smartTagType",
            "sl:schemaLibrary",
            "w:shapeDefaults",
            "w:doNotEmbedSmartTags",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
        // Properties come first in these.
        "w:p" => &["w:pPr"],
        "w:r" => &["w:rPr"],
        "w:tbl" => &["w:tblPr", "w:tblGrid"],
        "w:tr" => &["w:tblPrEx", "w:trPr"],
        "w:tc" => &["w:tcPr"],
        _ => return None,
    })
}

/// A parsed node. Everything but elements is kept as the raw text it was.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element with its children.
    Element(Element),
    /// Text, an entity, a comment, a declaration: written back as it was.
    Raw(Vec<u8>),
}

/// An element: its name, its start tag's bytes and its children.
#[derive(Debug, Clone)]
pub struct Element {
    /// The qualified name, as written (`w:p`).
    pub name: String,
    /// What stands between `<` and `>` (or `/>`): the name and attributes.
    start: Vec<u8>,
    /// The children in order.
    pub children: Vec<Node>,
    /// Written as `<name/>` when it has no children.
    empty: bool,
}

impl Element {
    /// A new element with `attrs` (values are escaped here), written empty
    /// until children are added.
    pub fn new(name: &str, attrs: &[(&str, &str)]) -> Element {
        let mut start = name.as_bytes().to_vec();
        for (k, v) in attrs {
            push_attr(&mut start, k, &quick_xml::escape::escape(*v));
        }
        // docx-rs writes `<w:b />`; new elements look the same.
        start.push(b' ');
        Element { name: name.to_string(), start, children: Vec::new(), empty: true }
    }

    /// `self` with `child` appended.
    pub fn with(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    fn tag(&self) -> BytesStart<'_> {
        BytesStart::from_content(String::from_utf8_lossy(&self.start), self.name.len())
    }

    /// The value of attribute `key`, unescaped.
    pub fn attr(&self, key: &str) -> Option<String> {
        let tag = self.tag();
        let found = tag.try_get_attribute(key).ok().flatten()?;
        found.normalized_value(quick_xml::XmlVersion::default()).ok().map(|v| v.into_owned())
    }

    /// Sets attribute `key` to `value` (escaped here), keeping the others
    /// and their order; a new attribute goes last.
    pub fn set_attr(&mut self, key: &str, value: &str) {
        self.rewrite_attrs(key, Some(quick_xml::escape::escape(value).as_ref()));
    }

    /// Removes attribute `key`, if present.
    pub fn remove_attr(&mut self, key: &str) {
        self.rewrite_attrs(key, None);
    }

    fn rewrite_attrs(&mut self, key: &str, value: Option<&str>) {
        let mut start = self.name.as_bytes().to_vec();
        let mut replaced = false;
        for a in self.tag().attributes().with_checks(false).flatten() {
            let k = a.key.as_ref().to_string();
            let v = a.value.to_string();
            if k == key {
                if let Some(value) = value {
                    push_attr(&mut start, &k, value);
                    replaced = true;
                }
            } else {
                push_attr(&mut start, &k, &v);
            }
        }
        if let (Some(value), false) = (value, replaced) {
            push_attr(&mut start, key, value);
        }
        if self.start.ends_with(b" ") {
            start.push(b' ');
        }
        self.start = start;
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Raw(_) => None,
        })
    }

    /// The child elements, to change.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Raw(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The first element named `name` at or below `self`, in document order.
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.elements().find_map(|e| e.find(name))
    }

    /// Removes the child elements named `name`.
    pub fn remove_children(&mut self, name: &str) {
        self.children.retain(|n| !matches!(n, Node::Element(e) if e.name == name));
    }

    /// Calls `f` on this element and every element below it, a parent
    /// before its children, in document order.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        f(self);
        for c in self.elements_mut() {
            c.visit_mut(f);
        }
    }
}

impl From<Element> for Node {
    fn from(e: Element) -> Self {
        Node::Element(e)
    }
}

fn push_attr(start: &mut Vec<u8>, key: &str, escaped: &str) {
    start.push(b' ');
    start.extend_from_slice(key.as_bytes());
    start.extend_from_slice(b"=\"");
    start.extend_from_slice(escaped.as_bytes());
    start.push(b'"');
}

/// An XML part: its top-level nodes (declaration, root element).
#[derive(Debug, Clone)]
pub struct Part {
    nodes: Vec<Node>,
}

impl Part {
    /// Parses a part; `None` if it is not well-formed XML.
    pub fn parse(xml: &[u8]) -> Option<Part> {
        parse(xml).map(|nodes| Part { nodes })
    }

    /// The root element.
    pub fn root_mut(&mut self) -> Option<&mut Element> {
        self.nodes.iter_mut().find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Raw(_) => None,
        })
    }

    /// Calls `f` on every element, a parent before its children.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        if let Some(root) = self.root_mut() {
            root.visit_mut(f);
        }
    }

    /// The part written out, every known element's children in schema order.
    pub fn to_bytes(mut self) -> Vec<u8> {
        for n in &mut self.nodes {
            sort(n);
        }
        let mut out = Vec::new();
        for n in &self.nodes {
            write(n, &mut out);
        }
        out
    }
}

/// The part with every known element's children in schema order. A part
/// that is not well-formed XML is returned as it is.
pub fn fix_order(xml: &[u8]) -> Vec<u8> {
    match Part::parse(xml) {
        Some(part) => part.to_bytes(),
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
                stack.last_mut()?.1.push(Node::Element(Element { name, start, children, empty: false }));
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                stack.last_mut()?.1.push(Node::Element(Element {
                    name,
                    start: e.as_bytes().to_vec(),
                    children: vec![],
                    empty: true,
                }));
            }
            Event::Text(t) => stack.last_mut()?.1.push(Node::Raw(t.as_bytes().to_vec())),
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
    if let Node::Element(Element { name, children, .. }) = node {
        for c in children.iter_mut() {
            sort(c);
        }
        if let Some(order) = order(name) {
            let rank = |n: &Node| match n {
                Node::Element(e) => order.iter().position(|o| *o == e.name).unwrap_or(order.len()),
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
        Node::Element(Element { name, start, children, empty }) => {
            out.push(b'<');
            out.extend_from_slice(start);
            if *empty && children.is_empty() {
                out.extend_from_slice(b"/>");
                return;
            }
            // `<w:trPr />` that gained children: no space before `>`.
            out.truncate(out.len() - (start.len() - start.trim_ascii_end().len()));
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
        if let Node::Element(Element { name, children, .. }) = node {
            if let Some(order) = order(name) {
                let mut last: Option<(usize, &str)> = None;
                for c in children {
                    if let Node::Element(Element { name: child, .. }) = c
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
    fn numbering_and_settings_are_put_in_schema_order() {
        let xml = br#"<w:settings><w:defaultTabStop w:val="840" /><w:zoom w:percent="100" /><w:numPr><w:numId w:val="2" /><w:ilvl w:val="0" /></w:numPr></w:settings>"#;
        assert_eq!(
            order_violations(xml),
            ["w:settings: w:zoom after w:defaultTabStop", "w:numPr: w:ilvl after w:numId"]
        );
        let fixed = fix_order(xml);
        assert!(order_violations(&fixed).is_empty());
        assert!(String::from_utf8(fixed).unwrap().starts_with(r#"<w:settings><w:zoom w:percent="100" />"#));
    }

    #[test]
    fn text_and_entities_are_kept() {
        let xml = r#"<w:p><w:r><w:t xml:space="preserve">a &amp; b &lt;c&gt; «ø»</w:t></w:r></w:p>"#;
        assert_eq!(fix_order(xml.as_bytes()), xml.as_bytes());
    }

    #[test]
    fn attributes_are_read_changed_and_removed_in_place() {
        let xml = br#"<w:tblGrid><w:gridCol w:w="964" w:type="dxa" /><w:gridCol w:w="5" /></w:tblGrid>"#;
        let mut part = Part::parse(xml).unwrap();
        part.visit_mut(&mut |e| {
            if e.name == "w:gridCol" {
                assert!(e.attr("w:w").is_some());
                e.remove_attr("w:type");
                e.set_attr("w:w", "1 < 2 & \"3\"");
            }
        });
        assert_eq!(
            String::from_utf8(part.to_bytes()).unwrap(),
            r#"<w:tblGrid><w:gridCol w:w="1 &lt; 2 &amp; &quot;3&quot;" /><w:gridCol w:w="1 &lt; 2 &amp; &quot;3&quot;" /></w:tblGrid>"#
        );
    }

    #[test]
    fn a_new_attribute_goes_last_and_a_read_value_is_unescaped() {
        let mut e = Element::new("wp:docPr", &[("id", "1")]);
        e.set_attr("descr", "Søjle: 85 % <mål>");
        assert_eq!(e.attr("descr").as_deref(), Some("Søjle: 85 % <mål>"));
        let mut out = Vec::new();
        write(&Node::Element(e), &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), r#"<wp:docPr id="1" descr="Søjle: 85 % &lt;mål&gt;" />"#);
    }

    #[test]
    fn an_empty_element_given_children_is_written_with_them() {
        let mut part = Part::parse(br#"<w:tr><w:trPr /><w:tc/></w:tr>"#).unwrap();
        part.visit_mut(&mut |e| {
            if e.name == "w:trPr" {
                e.children.push(Element::new("w:tblHeader", &[]).into());
            }
        });
        assert_eq!(
            String::from_utf8(part.to_bytes()).unwrap(),
            r#"<w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc/></w:tr>"#
        );
    }

    #[test]
    fn a_part_that_is_not_xml_is_left_as_it_is() {
        let broken = b"<w:p><w:r></w:p>";
        assert!(Part::parse(broken).is_none());
        assert_eq!(fix_order(broken), broken);
    }
}
