//! The DOCX writer: walks what the Typst template evaluated to (its HTML
//! form) and writes the same content as a Word document with `docx-rs`.
//!
//! The template is the one source of the document's content and structure;
//! this module only maps elements to Word's: `h2`-`h4` to Heading 1-3, `ul`
//! to a bullet list, `figure` with `figcaption` and `table` to a captioned
//! table with a repeating header row, footnote references to real footnotes.
//! The template hands over what HTML cannot say as `data-*` attributes:
//! `data-role` (title block, running header and footer), `data-light`
//! (traffic lights, shown as cell shading beside the word), `data-widths`
//! and `data-align` (the next table's columns), `data-rotate` (a cell's text
//! turned to read upwards, as the overview's unit names). See
//! `docs/architecture.md`.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, Footnote, Header, HeightRule, IndentLevel,
    Level, LevelJc, LevelText, LineSpacing, NumPages, NumberFormat, Numbering, NumberingId, PageMargin,
    PageNum, Paragraph, Pic, Run, RunFonts, Shading, ShdType, SpecialIndentType, Start, Style, StyleType,
    Tab, TabValueType, Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableRow,
    TextDirectionType, VAlignType, VMergeType, VertAlignType, WidthType,
};
use typst_html::{HtmlDocument, HtmlElement, HtmlNode};

use crate::diagnostics::Diagnostic;
use crate::model::Date;

/// The document's properties, written to `docProps/core.xml` and `custom.xml`.
#[derive(Debug, Clone)]
pub struct DocxMeta {
    /// Title.
    pub title: String,
    /// Subject (the period).
    pub subject: String,
    /// Author (the administration).
    pub author: String,
    /// Case number, if any.
    pub case_number: Option<String>,
    /// The document's date, also its creation and modification date.
    pub date: Date,
}

/// The font of every text, as in the PDF.
const FONT: &str = "Carlito";
/// Text width of an A4 page with 2,5 cm margins, in twentieths of a point.
const TEXT_WIDTH: usize = 9072;
/// The bullet list's numbering id (docx-rs already uses 1).
const BULLETS: usize = 2;
/// Traffic-light colours, as in `report_templates/opfolg.typ`.
fn light_fill(light: &str) -> Option<&'static str> {
    match light {
        "green" => Some("2E8B3A"),
        "yellow" => Some("F2C200"),
        "red" => Some("C8102E"),
        _ => None,
    }
}
/// Light shading of a traffic-light cell, so the word in it stays readable.
fn light_tint(light: &str) -> Option<&'static str> {
    match light {
        "green" => Some("D5ECD8"),
        "yellow" => Some("FCF0C0"),
        "red" => Some("F4C8CF"),
        _ => None,
    }
}

/// Writes an evaluated document as DOCX bytes.
pub fn write_docx(doc: &HtmlDocument, meta: &DocxMeta) -> Result<Vec<u8>, Diagnostic> {
    let root = doc.root();
    let body = children_named(root, "body").next().unwrap_or(root);
    let mut w = Walker { endnotes: HashMap::new(), docx: base_document(), ..Walker::default() };
    w.collect_endnotes(body);
    w.blocks(&body.children);
    let docx = w.finish();
    let mut packed = Cursor::new(Vec::new());
    docx.build().pack(&mut packed).map_err(|e| internal(format!("DOCX kunne ikke pakkes: {e}")))?;
    repack(packed.into_inner(), meta)
}

fn internal(message: String) -> Diagnostic {
    Diagnostic::error("OF0505", message)
}

/// RGBA pixels as PNG. The pictures are flat bars: the png crate's fast
/// compression makes them in a tenth of the time of its default (which was a
/// third of a DOCX's making), at a few hundred bytes more each.
fn encode_png(rgba: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let written = encoder.write_header().and_then(|mut w| w.write_image_data(&rgba));
    // Writing to memory fails only on a size PNG cannot hold; a bar never has it.
    if written.is_err() {
        return Vec::new();
    }
    png
}

/// What the walk has gathered.
#[derive(Default)]
struct Walker<'a> {
    docx: Docx,
    /// Footnote texts by the id of their endnote (`loc-2`).
    endnotes: HashMap<String, &'a HtmlElement>,
    header_left: Option<&'a HtmlElement>,
    header_right: Option<&'a HtmlElement>,
    footer: Option<&'a HtmlElement>,
    /// Widths (twips) and alignments for the next table.
    next_table: Option<(Vec<usize>, Vec<AlignmentType>)>,
    /// Pictures so far: numbers them per document, since docx-rs numbers
    /// them per process, which would make the same document come out
    /// differently in a batch.
    pictures: std::cell::Cell<usize>,
}

/// Inline formatting in effect.
#[derive(Clone, Copy, Default)]
struct RunStyle {
    bold: bool,
    italic: bool,
    superscript: bool,
    size: Option<usize>,
}

fn tag(el: &HtmlElement) -> String {
    el.tag.resolve().as_str().to_string()
}

fn attr<'e>(el: &'e HtmlElement, name: &str) -> Option<&'e str> {
    el.attrs.0.iter().find(|(k, _)| k.resolve().as_str() == name).map(|(_, v)| v.as_str())
}

fn children_named<'e>(el: &'e HtmlElement, name: &'e str) -> impl Iterator<Item = &'e HtmlElement> + 'e {
    el.children.iter().filter_map(move |n| match n {
        HtmlNode::Element(e) if tag(e) == name => Some(e),
        _ => None,
    })
}

fn is_block(el: &HtmlElement) -> bool {
    matches!(
        tag(el).as_str(),
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "figure" | "table" | "section"
    )
}

/// The attribute `name` of `el` or of the first element below it that has it.
fn attr_in<'e>(el: &'e HtmlElement, name: &str) -> Option<&'e str> {
    if let Some(l) = attr(el, name) {
        return Some(l);
    }
    el.children.iter().find_map(|n| match n {
        HtmlNode::Element(e) => attr_in(e, name),
        _ => None,
    })
}

/// All the text below `el`, as one string.
fn text_of(el: &HtmlElement) -> String {
    let mut out = String::new();
    for n in &el.children {
        match n {
            HtmlNode::Text(t, _) => out.push_str(t),
            HtmlNode::Element(e) => out.push_str(&text_of(e)),
            _ => {}
        }
    }
    out
}

/// The height (twips) a row needs for `chars` characters of 7.5 pt text
/// turned upwards: Carlito's average character is about half its size wide,
/// plus the cell's margins.
fn rotated_row_height(chars: usize) -> f32 {
    (chars as f32 * 7.5 * 0.5 * 20.0 + 200.0).round()
}

impl<'a> Walker<'a> {
    fn collect_endnotes(&mut self, el: &'a HtmlElement) {
        for n in &el.children {
            if let HtmlNode::Element(e) = n {
                if tag(e) == "li"
                    && let Some(id) = attr(e, "id")
                {
                    self.endnotes.insert(id.to_string(), e);
                }
                self.collect_endnotes(e);
            }
        }
    }

    /// Block-level content: elements in order; loose inline content between
    /// them becomes a paragraph.
    fn blocks(&mut self, nodes: &'a [HtmlNode]) {
        let mut loose: Vec<&'a HtmlNode> = Vec::new();
        for n in nodes {
            match n {
                HtmlNode::Element(e) if is_block(e) => {
                    self.flush(&mut loose);
                    self.block(e);
                }
                HtmlNode::Text(t, _) if t.trim().is_empty() && loose.is_empty() => {}
                HtmlNode::Element(_) | HtmlNode::Text(..) | HtmlNode::Frame(_) => loose.push(n),
                _ => {}
            }
        }
        self.flush(&mut loose);
    }

    fn flush(&mut self, loose: &mut Vec<&'a HtmlNode>) {
        if loose.is_empty() {
            return;
        }
        let p = self.inline(loose.iter().copied(), RunStyle::default(), Paragraph::new());
        self.push(p);
        loose.clear();
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn block(&mut self, el: &'a HtmlElement) {
        match tag(el).as_str() {
            "h1" | "h2" => self.heading(el, 1),
            "h3" => self.heading(el, 2),
            "h4" | "h5" | "h6" => self.heading(el, 3),
            "p" => self.paragraph(el),
            "ul" | "ol" => {
                for li in children_named(el, "li") {
                    let p = Paragraph::new()
                        .style("ListBullet")
                        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0));
                    let p = self.inline(li.children.iter(), RunStyle::default(), p);
                    self.push(p);
                }
            }
            "figure" => {
                for n in &el.children {
                    if let HtmlNode::Element(e) = n {
                        match tag(e).as_str() {
                            "figcaption" => {
                                let p = Paragraph::new().style("Caption").keep_next(true);
                                let p = self.inline(e.children.iter(), RunStyle::default(), p);
                                self.push(p);
                            }
                            "table" => self.table(e),
                            _ => self.blocks(std::slice::from_ref(n)),
                        }
                    }
                }
            }
            "table" => self.table(el),
            "section" if attr(el, "role") == Some("doc-endnotes") => {}
            "div" if attr(el, "data-widths").is_some() => {
                self.next_table = Some(table_format(el));
            }
            _ => self.blocks(&el.children),
        }
    }

    fn heading(&mut self, el: &'a HtmlElement, level: usize) {
        let p = Paragraph::new().style(&format!("Heading{level}")).keep_next(true);
        let p = self.inline(el.children.iter(), RunStyle::default(), p);
        self.push(p);
    }

    fn paragraph(&mut self, el: &'a HtmlElement) {
        match attr(el, "data-role") {
            Some("page-header-left") => return self.header_left = Some(el),
            Some("page-header-right") => return self.header_right = Some(el),
            Some("page-footer") => return self.footer = Some(el),
            _ => {}
        }
        let mut p = Paragraph::new();
        p = match attr(el, "data-role") {
            Some("administration") => p.style("Administration"),
            Some("title") => p.style("Title"),
            Some("field") => p.style("TitleField"),
            Some("table-note") => p.style("TableNote"),
            _ if attr(el, "data-light").is_some() => p,
            // Body text is justified, as in the PDF.
            _ => p.align(AlignmentType::Both),
        };
        if let Some(fill) = attr(el, "data-light").and_then(light_fill) {
            // A coloured swatch before the legend's text; the word names the colour.
            let swatch = Run::new().add_text("\u{a0}\u{a0}\u{a0}").shading(solid(fill));
            p = p.add_run(swatch).add_run(Run::new().add_text("\u{a0}"));
        }
        let p = self.inline(el.children.iter(), RunStyle::default(), p);
        self.push(p);
    }

    /// Inline content appended to a paragraph.
    fn inline(
        &self,
        nodes: impl IntoIterator<Item = &'a HtmlNode>,
        style: RunStyle,
        mut p: Paragraph,
    ) -> Paragraph {
        for n in nodes {
            match n {
                HtmlNode::Text(t, _) => p = p.add_run(run(t, style)),
                HtmlNode::Element(e) => {
                    let name = tag(e);
                    match name.as_str() {
                        "strong" | "b" => {
                            p = self.inline(e.children.iter(), RunStyle { bold: true, ..style }, p)
                        }
                        "em" | "i" => {
                            p = self.inline(e.children.iter(), RunStyle { italic: true, ..style }, p)
                        }
                        "br" => p = p.add_run(Run::new().add_break(BreakType::TextWrapping)),
                        "sup" if attr(e, "role") == Some("doc-noteref") => p = p.add_run(self.footnote(e)),
                        "sup" => {
                            p = self.inline(e.children.iter(), RunStyle { superscript: true, ..style }, p)
                        }
                        "span" if attr(e, "data-field") == Some("page") => p = p.add_page_num(PageNum::new()),
                        "span" if attr(e, "data-field") == Some("pages") => {
                            p = p.add_num_pages(NumPages::new())
                        }
                        // A light's marker: the cell is shaded instead.
                        "span" if attr(e, "data-light").is_some() => {}
                        _ => p = self.inline(e.children.iter(), style, p),
                    }
                }
                // Typst content the HTML shows as a picture (a chart's bar):
                // a PNG in the Word document.
                HtmlNode::Frame(f) => p = p.add_run(Run::new().add_image(self.picture(&f.inner))),
                _ => {}
            }
        }
        p
    }

    /// A frame drawn as a PNG at 300 dpi, shown at its size in the PDF.
    fn picture(&self, frame: &typst::layout::Frame) -> Pic {
        const PIXEL_PER_PT: f64 = 300.0 / 72.0;
        let page = typst_layout::Page {
            frame: frame.clone(),
            bleed: Default::default(),
            // Transparent: the bar sits on the cell's own background.
            fill: typst::foundations::Smart::Custom(None),
            numbering: None,
            supplement: typst::foundations::Content::empty(),
            number: 1,
        };
        let opts = typst_render::RenderOptions { pixel_per_pt: PIXEL_PER_PT.into(), ..Default::default() };
        let pixmap = typst_render::render(&page, &opts);
        let (width, height) = (pixmap.width(), pixmap.height());
        let png = encode_png(pixmap.take_demultiplied(), width, height);
        let n = self.pictures.get() + 1;
        self.pictures.set(n);
        // Word's size is in EMU: 12,700 per point.
        let size = frame.size();
        let emu = |pt: f64| (pt * 12_700.0).round() as u32;
        let mut pic =
            Pic::new_with_dimensions(png, width, height).size(emu(size.x.to_pt()), emu(size.y.to_pt()));
        pic.id = format!("rIdImage{n}");
        pic
    }

    /// A footnote reference, with the footnote's text from the endnotes.
    fn footnote(&self, sup: &'a HtmlElement) -> Run {
        let target = find_href(sup).map(|h| h.trim_start_matches('#').to_string()).unwrap_or_default();
        let mut note = Footnote::new();
        if let Some(li) = self.endnotes.get(&target) {
            // The endnote starts with a back-link; the text is the rest.
            let content = li.children.iter().filter(|n| {
                !matches!(n, HtmlNode::Element(e) if tag(e) == "sup" && attr(e, "role") == Some("doc-backlink"))
            });
            let p = self.inline(content, RunStyle::default(), Paragraph::new().style("FootnoteText"));
            note = note.add_content(p);
        }
        Run::new().style("FootnoteReference").add_footnote_reference(note)
    }

    fn table(&mut self, el: &'a HtmlElement) {
        let (widths, aligns) = self.next_table.take().unwrap_or_default();
        let mut rows = Vec::new();
        // Rows still covered by a cell above, per column.
        let mut covered: Vec<usize> = Vec::new();
        let mut trs: Vec<(&HtmlElement, bool)> = Vec::new();
        for section in el.children.iter().filter_map(|n| match n {
            HtmlNode::Element(e) => Some(e),
            _ => None,
        }) {
            match tag(section).as_str() {
                "thead" => trs.extend(children_named(section, "tr").map(|r| (r, true))),
                "tbody" | "tfoot" => trs.extend(children_named(section, "tr").map(|r| (r, false))),
                "tr" => trs.push((section, false)),
                _ => {}
            }
        }
        for (tr, header) in trs {
            let mut cells = Vec::new();
            let mut col = 0;
            // The longest text turned upwards in the row, in characters.
            let mut rotated = 0;
            let mut tds = tr.children.iter().filter_map(|n| match n {
                HtmlNode::Element(e) if matches!(tag(e).as_str(), "td" | "th") => Some(e),
                _ => None,
            });
            loop {
                if covered.get(col).copied().unwrap_or(0) > 0 {
                    covered[col] -= 1;
                    cells.push(
                        self.cell_frame(TableCell::new(), &widths, col).vertical_merge(VMergeType::Continue),
                    );
                    col += 1;
                    continue;
                }
                let Some(td) = tds.next() else { break };
                let span: usize = attr(td, "rowspan").and_then(|s| s.parse().ok()).unwrap_or(1);
                let colspan: usize = attr(td, "colspan").and_then(|s| s.parse().ok()).unwrap_or(1);
                let align = aligns.get(col).copied().unwrap_or(AlignmentType::Left);
                let turned = attr_in(td, "data-rotate").is_some();
                let size = if turned { 15 } else { 19 };
                let style =
                    RunStyle { bold: header || tag(td) == "th", size: Some(size), ..RunStyle::default() };
                let p = Paragraph::new().style("TableText").align(align);
                let p = self.inline(td.children.iter(), style, p);
                let mut cell = self.cell_frame(TableCell::new().add_paragraph(p), &widths, col);
                if turned {
                    rotated = rotated.max(text_of(td).chars().count());
                    cell = cell.text_direction(TextDirectionType::BtLr);
                }
                if let Some(fill) = attr_in(td, "data-light").and_then(light_tint) {
                    cell = cell.shading(solid(fill));
                }
                if header {
                    cell = cell.shading(solid("E8EEF5"));
                }
                if colspan > 1 {
                    cell = cell.grid_span(colspan);
                }
                if span > 1 {
                    cell = cell.vertical_merge(VMergeType::Restart);
                    if covered.len() <= col {
                        covered.resize(col + 1, 0);
                    }
                    covered[col] = span - 1;
                }
                cells.push(cell);
                col += colspan;
            }
            let mut row = TableRow::new(cells);
            if rotated > 0 {
                row = row.row_height(rotated_row_height(rotated)).height_rule(HeightRule::AtLeast);
            }
            if header {
                // Marked here, turned into a repeating header row in `repack`.
                row = row.cant_split();
            }
            rows.push(row);
        }
        let borders = TableBorders::new()
            .clear(TableBorderPosition::Left)
            .clear(TableBorderPosition::Right)
            .clear(TableBorderPosition::InsideV)
            .set(TableBorder::new(TableBorderPosition::Top).size(8).color("1F3B5A"))
            .set(TableBorder::new(TableBorderPosition::Bottom).size(8).color("1F3B5A"))
            .set(TableBorder::new(TableBorderPosition::InsideH).size(4).color("9AA9B8"));
        let mut table = Table::new(rows).set_borders(borders).width(TEXT_WIDTH, WidthType::Dxa);
        if !widths.is_empty() {
            table = table.set_grid(widths);
        }
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
        // Space between the table and the source line under it.
        self.push(Paragraph::new().style("TableAfter"));
    }

    fn cell_frame(&self, cell: TableCell, widths: &[usize], col: usize) -> TableCell {
        let cell = cell.vertical_align(VAlignType::Top);
        match widths.get(col) {
            Some(w) => cell.width(*w, WidthType::Dxa),
            None => cell,
        }
    }

    /// The document with its running header and footer.
    fn finish(mut self) -> Docx {
        let mut docx = std::mem::take(&mut self.docx);
        if self.header_left.is_some() || self.header_right.is_some() {
            let mut p =
                Paragraph::new().style("Header").add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH));
            if let Some(l) = self.header_left {
                p = self.inline(l.children.iter(), RunStyle::default(), p);
            }
            p = p.add_run(Run::new().add_tab());
            if let Some(r) = self.header_right {
                p = self.inline(r.children.iter(), RunStyle::default(), p);
            }
            // The first page has the title block instead, as in the PDF.
            docx = docx.header(Header::new().add_paragraph(p)).first_header(Header::new()).title_pg();
        }
        if let Some(f) = self.footer {
            let p = self.inline(f.children.iter(), RunStyle::default(), Paragraph::new().style("Footer"));
            let p = p.align(AlignmentType::Right);
            docx = docx
                .footer(Footer::new().add_paragraph(p.clone()))
                .first_footer(Footer::new().add_paragraph(p));
        }
        docx
    }
}

fn find_href(el: &HtmlElement) -> Option<&str> {
    attr(el, "href").or_else(|| {
        el.children.iter().find_map(|n| match n {
            HtmlNode::Element(e) => find_href(e),
            _ => None,
        })
    })
}

fn run(text: &str, style: RunStyle) -> Run {
    let mut r = Run::new().add_text(text);
    if style.bold {
        r = r.bold();
    }
    if style.italic {
        r = r.italic();
    }
    if let Some(size) = style.size {
        r = r.size(size);
    }
    if style.superscript {
        r.run_property = r.run_property.vert_align(VertAlignType::SuperScript);
    }
    r
}

fn solid(fill: &str) -> Shading {
    Shading::new().shd_type(ShdType::Clear).color("auto").fill(fill)
}

/// Column widths (twips) and alignments from `data-widths="1fr 93.5pt ..."`
/// and `data-align="left right ..."`.
fn table_format(el: &HtmlElement) -> (Vec<usize>, Vec<AlignmentType>) {
    let specs: Vec<&str> = attr(el, "data-widths").unwrap_or_default().split_whitespace().collect();
    let fixed: f64 =
        specs.iter().filter_map(|s| s.strip_suffix("pt")).filter_map(|s| s.parse::<f64>().ok()).sum();
    let fractions: f64 =
        specs.iter().filter_map(|s| s.strip_suffix("fr")).filter_map(|s| s.parse::<f64>().ok()).sum();
    let rest = (TEXT_WIDTH as f64 - fixed * 20.0).max(0.0);
    let widths = specs
        .iter()
        .map(|s| {
            if let Some(pt) = s.strip_suffix("pt").and_then(|v| v.parse::<f64>().ok()) {
                (pt * 20.0).round() as usize
            } else if let Some(fr) = s.strip_suffix("fr").and_then(|v| v.parse::<f64>().ok()) {
                (rest * fr / fractions.max(1.0)).round() as usize
            } else {
                0
            }
        })
        .collect();
    let aligns = attr(el, "data-align")
        .unwrap_or_default()
        .split_whitespace()
        .map(|a| match a {
            "right" => AlignmentType::Right,
            "center" => AlignmentType::Center,
            _ => AlignmentType::Left,
        })
        .collect();
    (widths, aligns)
}

/// An empty document with the page, fonts, styles and list of the PDF.
fn base_document() -> Docx {
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let heading = |level: usize, size: usize| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .color("1F3B5A")
            .outline_lvl(level - 1)
            .line_spacing(LineSpacing::new().before(if level == 1 { 360 } else { 200 }).after(100))
    };
    let bullet =
        Level::new(0, Start::new(1), NumberFormat::new("bullet"), LevelText::new("•"), LevelJc::new("left"))
            .indent(Some(360), Some(SpecialIndentType::Hanging(360)), None, None);
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1701).bottom(1417).left(1417).right(1417).header(709).footer(709))
        .default_fonts(fonts)
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(120))
        .add_style(caps(heading(1, 30)))
        .add_style(heading(2, 25))
        .add_style(heading(3, 22).italic())
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .bold()
                .size(48)
                .color("1F3B5A"),
        )
        .add_style(
            Style::new("Administration", StyleType::Paragraph)
                .name("Administration")
                .based_on("Normal")
                .size(20)
                .color("505050"),
        )
        .add_style(
            Style::new("TitleField", StyleType::Paragraph)
                .name("Title Field")
                .based_on("Normal")
                .size(20)
                .color("3C3C3C"),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .bold()
                .size(20),
        )
        .add_style(
            Style::new("TableText", StyleType::Paragraph)
                .name("Table Text")
                .based_on("Normal")
                .size(19)
                .line_spacing(LineSpacing::new().after(0)),
        )
        .add_style(
            Style::new("TableAfter", StyleType::Paragraph)
                .name("Table After")
                .based_on("Normal")
                .size(8)
                .line_spacing(LineSpacing::new().after(0)),
        )
        .add_style(
            Style::new("TableNote", StyleType::Paragraph)
                .name("Table Note")
                .based_on("Normal")
                .size(18)
                .color("3C3C3C")
                .line_spacing(LineSpacing::new().after(40)),
        )
        .add_style(Style::new("ListBullet", StyleType::Paragraph).name("List Bullet").based_on("Normal"))
        .add_style(
            Style::new("FootnoteText", StyleType::Paragraph)
                .name("footnote text")
                .based_on("Normal")
                .size(18),
        )
        .add_style(Style::new("FootnoteReference", StyleType::Character).name("footnote reference"))
        .add_style(
            Style::new("Header", StyleType::Paragraph)
                .name("header")
                .based_on("Normal")
                .size(17)
                .color("5A5A5A"),
        )
        .add_style(
            Style::new("Footer", StyleType::Paragraph)
                .name("footer")
                .based_on("Normal")
                .size(17)
                .color("5A5A5A"),
        )
        .add_abstract_numbering(AbstractNumbering::new(BULLETS).add_level(bullet))
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

/// Chapter headings in capitals, as in the PDF; the text stays as written,
/// so the navigation pane shows "1. Beskæftigelsesindsatsen".
fn caps(mut style: Style) -> Style {
    style.run_property = style.run_property.caps();
    style
}

/// Rewrites the package docx-rs made: our document properties and language,
/// repeating table header rows, children in schema order, paragraph and
/// footnote ids counted from 1 in each document (docx-rs counts them per
/// thread and per process), and fixed file times, so the same document gives
/// the same bytes.
fn repack(packed: Vec<u8>, meta: &DocxMeta) -> Result<Vec<u8>, Diagnostic> {
    let mut archive = zip::ZipArchive::new(Cursor::new(packed))
        .map_err(|e| internal(format!("DOCX kunne ikke læses: {e}")))?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(|e| internal(format!("DOCX kunne ikke læses: {e}")))?;
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| internal(format!("DOCX kunne ikke læses: {e}")))?;
        let name = f.name().map_err(|e| internal(format!("DOCX kunne ikke læses: {e}")))?.to_string();
        parts.push((name, data));
    }
    let footnote_ids = footnote_renumbering(&parts);
    // docx-rs numbers paragraphs per thread and footnotes per process; count
    // both from 1 in each document instead.
    let mut para_id: u32 = 0;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let time = zip::DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0).expect("valid date");
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    for (name, data) in parts {
        if name.ends_with('/') {
            continue;
        }
        let data = match name.as_str() {
            "docProps/core.xml" => core_xml(meta).into_bytes(),
            "docProps/custom.xml" => custom_xml(meta).into_bytes(),
            "word/styles.xml" => set_language(&String::from_utf8_lossy(&data)).into_bytes(),
            "word/document.xml" => {
                // Header rows repeat on each page; no row breaks across a
                // page, so a figure is never cut from its row.
                let xml = String::from_utf8_lossy(&data)
                    .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
                    .replace("<w:trPr />", "<w:trPr><w:cantSplit /></w:trPr>");
                renumber_footnotes(&xml, &footnote_ids, "w:footnoteReference").into_bytes()
            }
            "word/footnotes.xml" => {
                renumber_footnotes(&String::from_utf8_lossy(&data), &footnote_ids, "w:footnote").into_bytes()
            }
            _ => data,
        };
        let data = if name.ends_with(".xml") {
            let xml = super::ooxml::fix_order(&data);
            renumber_paragraph_ids(&String::from_utf8_lossy(&xml), &mut para_id).into_bytes()
        } else {
            data
        };
        out.start_file(name, options).map_err(|e| internal(format!("DOCX kunne ikke skrives: {e}")))?;
        out.write_all(&data).map_err(|e| internal(format!("DOCX kunne ikke skrives: {e}")))?;
    }
    let cursor = out.finish().map_err(|e| internal(format!("DOCX kunne ikke skrives: {e}")))?;
    Ok(cursor.into_inner())
}

/// The footnote ids of `document.xml` in order of appearance, mapped to 1, 2, ...
fn footnote_renumbering(parts: &[(String, Vec<u8>)]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    if let Some((_, doc)) = parts.iter().find(|(n, _)| n == "word/document.xml") {
        let xml = String::from_utf8_lossy(doc);
        let mut at = 0;
        let needle = "<w:footnoteReference w:id=\"";
        while let Some(i) = xml[at..].find(needle) {
            let start = at + i + needle.len();
            let end = start + xml[start..].find('"').unwrap_or(0);
            let id = xml[start..end].to_string();
            let next = (map.len() + 1).to_string();
            map.entry(id).or_insert(next);
            at = end;
        }
    }
    map
}

fn renumber_footnotes(xml: &str, ids: &HashMap<String, String>, element: &str) -> String {
    let needle = format!("<{element} w:id=\"");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(&needle) {
        let start = i + needle.len();
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('"').unwrap_or(0);
        let id = &rest[start..end];
        out.push_str(ids.get(id).map(String::as_str).unwrap_or(id));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Gives every `w14:paraId` the next number, in order of appearance.
fn renumber_paragraph_ids(xml: &str, next: &mut u32) -> String {
    const NEEDLE: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(NEEDLE) {
        let start = i + NEEDLE.len();
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('"').unwrap_or(0);
        *next += 1;
        out.push_str(&format!("{:08X}", *next));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Danish for spell-checking and hyphenation, in the document defaults.
fn set_language(styles: &str) -> String {
    let lang = r#"<w:lang w:val="da-DK" w:eastAsia="da-DK" w:bidi="ar-SA" />"#;
    match styles.find("<w:rPrDefault><w:rPr>") {
        Some(i) => {
            // w:lang is the last child of w:rPr that docx-rs writes here.
            let close = i + styles[i..].find("</w:rPr>").unwrap_or(0);
            format!("{}{lang}{}", &styles[..close], &styles[close..])
        }
        None => styles.to_string(),
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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
