//! The walk: what the Typst template evaluated to (its HTML form) mapped to
//! Word's paragraphs, runs and tables.
//!
//! `h2`-`h4` become Heading 1-3, `ul` a bullet list, `figure` with
//! `figcaption` and `table` a captioned table with a repeating header row,
//! footnote references real footnotes. What HTML cannot say arrives as the
//! `data-*` attributes of [`super::attrs`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use docx_rs::{
    AlignmentType, BreakType, DocumentChild, Docx, Footer, Footnote, Header, HeightRule, IndentLevel,
    LineSpacing, NumPages, NumberingId, PageNum, Paragraph, Pic, Run, Shading, ShdType, Tab, TabValueType,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellBorder,
    TableCellBorderPosition, TableCellBorders, TableCellContent, TableCellMargins, TableChild, TableRow,
    TableRowChild, TextDirectionType, VAlignType, VMergeType, VertAlignType, WidthType,
};
use typst_html::{HtmlElement, HtmlNode};

use super::attrs::{self, colour};
use super::styles::{BULLETS, Colours, TEXT_WIDTH, base_document};

/// What the package step needs to know of the walk.
#[derive(Debug, Default)]
pub struct Facts {
    /// Per table in document order, how many rows at its top are its header
    /// (repeated on every page).
    pub header_rows: Vec<usize>,
    /// Per picture in document order, its alternative text.
    pub picture_alts: Vec<String>,
}

/// The document walked from `body`, and the facts for the package step.
pub fn walk(body: &HtmlElement) -> (Docx, Facts) {
    let mut w = Walker::default();
    w.collect(body);
    w.docx = base_document(&w.colours);
    w.blocks(&body.children);
    w.finish()
}

/// A table's format, from the element before it.
#[derive(Default)]
struct TableFormat {
    /// Column widths, twips.
    widths: Vec<usize>,
    /// Which columns take the rest of the line (`fr`).
    flexible: Vec<bool>,
    /// Text size, half-points.
    size: Option<usize>,
    aligns: Vec<AlignmentType>,
    /// Head background, rules around and between rows (`RRGGBB`).
    head_fill: Option<String>,
    rule: Option<String>,
    inner_rule: Option<String>,
}

/// What the walk has gathered.
#[derive(Default)]
struct Walker<'a> {
    docx: Docx,
    colours: Colours,
    /// Footnote texts by the id of their endnote (`loc-2`).
    endnotes: HashMap<String, &'a HtmlElement>,
    header_left: Option<&'a HtmlElement>,
    header_right: Option<&'a HtmlElement>,
    footer: Option<&'a HtmlElement>,
    /// The format of the next table.
    next_table: Option<TableFormat>,
    header_rows: Vec<usize>,
    /// A page break before the next paragraph.
    page_break: bool,
    /// Alternative texts of the pictures so far; their count numbers the
    /// pictures per document, since docx-rs numbers them per process, which
    /// would make the same document come out differently in a batch.
    picture_alts: RefCell<Vec<String>>,
    /// A light was the last inline content: the space after it, wherever
    /// in the HTML the next text is, does not break (see `inline`).
    after_light: Cell<bool>,
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

/// The height (twips) a row needs for text turned upwards that is `width`
/// twips long: the text on one line, and a little room at both ends.
fn rotated_row_height(width: f64) -> f32 {
    (width + 2.0 * CELL_MARGIN as f64).ceil() as f32
}

/// A cell's left and right margin (twips): the PDF's 4 pt inset.
const CELL_MARGIN: usize = 80;
/// The margin of a cell whose text is turned: its column is one line wide.
const TURNED_CELL_MARGIN: usize = 30;

impl<'a> Walker<'a> {
    /// Gathers what is used before it appears: footnote texts (at the end
    /// of the HTML) and the document's colours.
    fn collect(&mut self, el: &'a HtmlElement) {
        for n in &el.children {
            if let HtmlNode::Element(e) = n {
                if tag(e) == "li"
                    && let Some(id) = attr(e, "id")
                {
                    self.endnotes.insert(id.to_string(), e);
                }
                if attr(e, attrs::ROLE) == Some("colours") {
                    self.colours.heading = attr(e, attrs::HEADING).and_then(colour);
                }
                self.collect(e);
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
        let p = if std::mem::take(&mut self.page_break) { p.page_break_before(true) } else { p };
        if p.property.style.as_ref().is_some_and(|s| s.val == "TableNote") {
            self.hold_to_table();
        }
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// A table's source and notes (a hand-set light's reason) stay on the
    /// page of its last row, as in the PDF: before a note is added, the
    /// notes and the space after the table back to it keep with the next
    /// paragraph, and so does the table's last row.
    fn hold_to_table(&mut self) {
        for child in self.docx.document.children.iter_mut().rev() {
            match child {
                DocumentChild::Paragraph(p)
                    if p.property
                        .style
                        .as_ref()
                        .is_some_and(|s| s.val == "TableNote" || s.val == "TableAfter") =>
                {
                    p.property.keep_next = Some(true);
                }
                DocumentChild::Table(t) => {
                    if let Some(TableChild::TableRow(row)) = t.rows.last_mut() {
                        for TableRowChild::TableCell(cell) in &mut row.cells {
                            for content in &mut cell.children {
                                if let TableCellContent::Paragraph(p) = content {
                                    p.property.keep_next = Some(true);
                                }
                            }
                        }
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    fn push_table(&mut self, t: Table) {
        // The paragraph that introduces a table (a chart's title, «Derfor
        // vil …») stays on the table's page, as the PDF keeps it.
        if let Some(DocumentChild::Paragraph(p)) = self.docx.document.children.last_mut() {
            p.property.keep_next = Some(true);
        }
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(t);
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
            "div" if attr(el, attrs::WIDTHS).is_some() => self.next_table = Some(table_format(el)),
            "div" if attr(el, attrs::ROLE) == Some("colours") => {}
            "div" if attr(el, attrs::ROLE) == Some("page-break") => self.page_break = true,
            "div" if attr(el, attrs::ROLE) == Some("signatures") => self.signatures(el),
            _ => self.blocks(&el.children),
        }
    }

    fn heading(&mut self, el: &'a HtmlElement, level: usize) {
        let p = Paragraph::new().style(&format!("Heading{level}")).keep_next(true);
        let p = self.inline(el.children.iter(), RunStyle::default(), p);
        self.push(p);
    }

    fn paragraph(&mut self, el: &'a HtmlElement) {
        match attr(el, attrs::ROLE) {
            Some("page-header-left") => return self.header_left = Some(el),
            Some("page-header-right") => return self.header_right = Some(el),
            Some("page-footer") => return self.footer = Some(el),
            _ => {}
        }
        let mut p = Paragraph::new();
        p = match attr(el, attrs::ROLE) {
            Some("administration") => p.style("Administration"),
            Some("title") => p.style("Title"),
            Some("field") => p.style("TitleField"),
            Some("table-note") => p.style("TableNote"),
            // Text the PDF keeps with what follows (a contract's text above
            // its signatures, a chart's explanation): Word's keep with next.
            Some("keep-with-next") => p.align(AlignmentType::Both).keep_next(true),
            // A chart's title is set ragged, as in the PDF: justified, a
            // title of two lines stood with gaps twice a space's width.
            Some("chart-title") => p.align(AlignmentType::Left).keep_next(true),
            _ if attr(el, attrs::LIGHT).is_some() => p,
            // Body text is justified, as in the PDF.
            _ => p.align(AlignmentType::Both),
        };
        let light_inside = el
            .children
            .iter()
            .any(|n| matches!(n, HtmlNode::Element(e) if attr_in(e, attrs::LIGHT).is_some()));
        if attr(el, attrs::LIGHT).is_some() && !light_inside {
            // A legend line: the light, then its explanation (unless the
            // template put the light itself in the line).
            p = p.add_run(light_run(el, "", None)).add_run(Run::new().add_text("\u{a0}"));
        }
        let style = RunStyle { size: text_size(el), ..RunStyle::default() };
        let p = self.inline(el.children.iter(), style, p);
        self.push(p);
    }

    /// Inline content appended to a paragraph.
    fn inline(
        &self,
        nodes: impl IntoIterator<Item = &'a HtmlNode>,
        style: RunStyle,
        p: Paragraph,
    ) -> Paragraph {
        // A light at the end of one paragraph or cell glues nothing in the next.
        self.after_light.set(false);
        let p = self.inline_nodes(nodes, style, p);
        self.after_light.set(false);
        p
    }

    /// [`Self::inline`] for the nodes of one element, called for the
    /// elements inside it.
    fn inline_nodes(
        &self,
        nodes: impl IntoIterator<Item = &'a HtmlNode>,
        style: RunStyle,
        mut p: Paragraph,
    ) -> Paragraph {
        // A light stays on the line of the word after it («✓ Grøn¹»):
        // the space between them does not break (`longest_words` measures
        // them as one word, so the column is made wide enough).
        for n in nodes {
            let glue = matches!(n, HtmlNode::Text(..)) && self.after_light.replace(false);
            match n {
                HtmlNode::Text(t, _) if glue && t.starts_with(char::is_whitespace) => {
                    let word = t.trim_start();
                    p = p.add_run(run(&format!("\u{a0}{word}"), style))
                }
                HtmlNode::Text(t, _) => p = p.add_run(run(t, style)),
                HtmlNode::Element(e) => {
                    let name = tag(e);
                    match name.as_str() {
                        "strong" | "b" => {
                            p = self.inline_nodes(e.children.iter(), RunStyle { bold: true, ..style }, p)
                        }
                        "em" | "i" => {
                            p = self.inline_nodes(e.children.iter(), RunStyle { italic: true, ..style }, p)
                        }
                        "br" => p = p.add_run(Run::new().add_break(BreakType::TextWrapping)),
                        "sup" if attr(e, "role") == Some("doc-noteref") => p = p.add_run(self.footnote(e)),
                        "sup" => {
                            p = self.inline_nodes(
                                e.children.iter(),
                                RunStyle { superscript: true, ..style },
                                p,
                            )
                        }
                        "span" if attr(e, attrs::FIELD) == Some("page") => p = p.add_page_num(PageNum::new()),
                        "span" if attr(e, attrs::FIELD) == Some("pages") => {
                            p = p.add_num_pages(NumPages::new())
                        }
                        "span" if attr(e, attrs::LIGHT).is_some() => {
                            p = p.add_run(light_run(e, &text_of(e), style.size));
                            self.after_light.set(true);
                        }
                        "span" if attr(e, attrs::ALT).is_some() => {
                            let alt = attr(e, attrs::ALT).unwrap_or_default();
                            for c in &e.children {
                                p = match c {
                                    HtmlNode::Frame(f) => {
                                        p.add_run(Run::new().add_image(self.picture(&f.inner, alt)))
                                    }
                                    _ => self.inline_nodes(std::iter::once(c), style, p),
                                };
                            }
                        }
                        _ => p = self.inline_nodes(e.children.iter(), style, p),
                    }
                }
                // Typst content the HTML shows as a picture (a chart's bar):
                // a PNG in the Word document.
                HtmlNode::Frame(f) => p = p.add_run(Run::new().add_image(self.picture(&f.inner, ""))),
                _ => {}
            }
        }
        p
    }

    /// A frame drawn as a PNG at 300 dpi, shown at its size in the PDF.
    fn picture(&self, frame: &typst::layout::Frame, alt: &str) -> Pic {
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
        let mut alts = self.picture_alts.borrow_mut();
        alts.push(alt.to_string());
        // Word's size is in EMU: 12,700 per point.
        let size = frame.size();
        let emu = |pt: f64| (pt * 12_700.0).round() as u32;
        let mut pic =
            Pic::new_with_dimensions(png, width, height).size(emu(size.x.to_pt()), emu(size.y.to_pt()));
        pic.id = format!("rIdImage{}", alts.len());
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
        let mut format = self.next_table.take().unwrap_or_default();
        let text_size = format.size.unwrap_or(19);
        let mut rows = Vec::new();
        let mut header_rows = 0;
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
        let margin = if el_has_turned(el) { TURNED_CELL_MARGIN } else { CELL_MARGIN };
        fit_columns(&mut format, &longest_words(&trs, text_size), margin);
        // A table without rules is a goal's chart, a few rows long: kept on
        // one page, as the PDF keeps it, by holding each row to the next.
        let keep_together = format.rule.is_none();
        let last_row = trs.len().saturating_sub(1);
        let slots_by_row = grid(&trs);
        // A row held to the next because a cell spans both (a goal of the
        // full-year status: its number beside its units and «Samlet
        // vurdering»), so the goal stays on one page, as in the PDF.
        let spans_on: Vec<bool> = (0..slots_by_row.len())
            .map(|ri| {
                slots_by_row
                    .get(ri + 1)
                    .is_some_and(|next| next.iter().any(|s| matches!(s, Slot::Covered { .. })))
            })
            .collect();
        for (ri, (&(_, header), slots)) in trs.iter().zip(slots_by_row).enumerate() {
            let mut cells = Vec::new();
            // The longest text turned upwards in the row, in twips.
            let mut rotated: f64 = 0.0;
            for slot in slots {
                let (td, col, rowspan, colspan) = match slot {
                    Slot::Cell { td, col, rowspan, colspan } => (td, col, rowspan, colspan),
                    Slot::Covered { col } => {
                        let frame = cell_frame(TableCell::new(), &format.widths, col);
                        cells.push(frame.vertical_merge(VMergeType::Continue));
                        continue;
                    }
                };
                let align = format.aligns.get(col).copied().unwrap_or(AlignmentType::Left);
                let turned = attr_in(td, attrs::ROTATE).is_some();
                let size = if turned { 15 } else { text_size };
                let style =
                    RunStyle { bold: header || tag(td) == "th", size: Some(size), ..RunStyle::default() };
                let mut p = Paragraph::new().style("TableText").align(align);
                if (keep_together && ri < last_row) || spans_on[ri] {
                    p = p.keep_next(true);
                }
                let p = self.inline(td.children.iter(), style, p);
                let mut cell = cell_frame(TableCell::new().add_paragraph(p), &format.widths, col);
                if turned {
                    // The whole name on one line, as the PDF sets it.
                    rotated = rotated.max(word_width(text_of(td).trim(), size, style.bold));
                    cell = cell.text_direction(TextDirectionType::BtLr);
                }
                if header && let Some(fill) = &format.head_fill {
                    cell = cell.shading(solid(fill));
                }
                if colspan > 1 {
                    cell = cell.grid_span(colspan);
                }
                if rowspan > 1 {
                    cell = cell.vertical_merge(VMergeType::Restart);
                }
                cells.push(cell);
            }
            // A row is never split across pages, as in the PDF.
            let mut row = TableRow::new(cells).cant_split();
            if rotated > 0.0 {
                row = row.row_height(rotated_row_height(rotated)).height_rule(HeightRule::AtLeast);
            }
            if header {
                header_rows += 1;
            }
            rows.push(row);
        }
        let mut borders = TableBorders::with_empty();
        if let Some(rule) = &format.rule {
            borders = borders
                .set(TableBorder::new(TableBorderPosition::Top).size(8).color(rule.clone()))
                .set(TableBorder::new(TableBorderPosition::Bottom).size(8).color(rule.clone()));
        }
        if let Some(rule) = &format.inner_rule {
            borders = borders.set(TableBorder::new(TableBorderPosition::InsideH).size(4).color(rule.clone()));
        }
        // A turned name's column is one line wide; wider margins would
        // leave no room for the line.
        let margins = TableCellMargins::new().margin(0, margin, 0, margin);
        let mut table =
            Table::new(rows).set_borders(borders).margins(margins).width(TEXT_WIDTH, WidthType::Dxa);
        if !format.widths.is_empty() {
            table = table.set_grid(format.widths);
        }
        self.push_table(table);
        self.header_rows.push(header_rows);
        // Space between the table and the source line under it.
        self.push(Paragraph::new().style("TableAfter"));
    }

    /// The signature block: one column per party, side by side as in the
    /// PDF, each a space to sign in above a line, the name and title under it.
    fn signatures(&mut self, el: &'a HtmlElement) {
        let parties: Vec<&HtmlElement> = el
            .children
            .iter()
            .filter_map(|n| match n {
                HtmlNode::Element(e) if attr(e, attrs::ROLE) == Some("signature") => Some(e),
                _ => None,
            })
            .collect();
        if parties.is_empty() {
            return;
        }
        // A 2 cm gap between the fields, as the PDF's grid.
        // Many parties share the line: the gaps never take more than half.
        let n = parties.len();
        let gap = if n > 1 { 1134.min(TEXT_WIDTH / 2 / (n - 1)) } else { 0 };
        let field = (TEXT_WIDTH - gap * (n - 1)) / n;
        let mut widths = Vec::new();
        let (mut space, mut names) = (Vec::new(), Vec::new());
        for (i, party) in parties.iter().enumerate() {
            if i > 0 {
                widths.push(gap);
                space.push(TableCell::new().width(gap, WidthType::Dxa).add_paragraph(Paragraph::new()));
                names.push(TableCell::new().width(gap, WidthType::Dxa).add_paragraph(Paragraph::new()));
            }
            widths.push(field);
            // Room to sign: 1,6 cm, as in the PDF.
            let room = Paragraph::new().line_spacing(LineSpacing::new().before(907).after(0));
            space.push(TableCell::new().width(field, WidthType::Dxa).add_paragraph(room));
            let p = Paragraph::new().line_spacing(LineSpacing::new().before(40).after(0));
            let p = self.inline(party.children.iter(), RunStyle::default(), p);
            let line = TableCellBorder::new(TableCellBorderPosition::Top).size(6).color("000000");
            names.push(
                TableCell::new()
                    .width(field, WidthType::Dxa)
                    .set_borders(TableCellBorders::with_empty().set(line))
                    .add_paragraph(p),
            );
        }
        let rows = vec![TableRow::new(space).cant_split(), TableRow::new(names).cant_split()];
        let table = Table::new(rows)
            .set_borders(TableBorders::with_empty())
            .margins(TableCellMargins::new().margin(0, 0, 0, 0))
            .width(TEXT_WIDTH, WidthType::Dxa)
            .set_grid(widths);
        self.push_table(table);
        self.header_rows.push(0);
    }

    /// The document with its running header and footer, and the facts.
    fn finish(mut self) -> (Docx, Facts) {
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
        let facts = Facts { header_rows: self.header_rows, picture_alts: self.picture_alts.into_inner() };
        (docx, facts)
    }
}

/// Per column, the width (twips) of the longest word of its cells that span
/// no other column (a cell spanning rows counts in its own column): Word
/// breaks a word that does not fit its cell, where the PDF lets it run over.
/// Turned text is left out (its row grows instead).
fn longest_words(trs: &[(&HtmlElement, bool)], size: usize) -> Vec<f64> {
    let mut longest: Vec<f64> = Vec::new();
    for (&(_, header), slots) in trs.iter().zip(grid(trs)) {
        for slot in slots {
            if let Slot::Cell { td, col, colspan: 1, .. } = slot
                && attr_in(td, attrs::ROTATE).is_none()
            {
                let bold = header || tag(td) == "th";
                let widest = cell_words(td).iter().map(|w| word_width(w, size, bold)).fold(0.0, f64::max);
                if longest.len() <= col {
                    longest.resize(col + 1, 0.0);
                }
                longest[col] = longest[col].max(widest);
            }
        }
    }
    longest
}

/// The words of a cell as Word may break its lines: a light is its symbol
/// between two spaces on its colour, one word with the word after it (see
/// `inline`).
fn cell_words(td: &HtmlElement) -> Vec<String> {
    let mut words: Vec<String> =
        text_of(td).split([' ', '\n', '\t']).filter(|w| !w.is_empty()).map(str::to_string).collect();
    if let Some(symbol) = light_symbol(td)
        && let Some(i) = words.iter().position(|w| *w == symbol)
    {
        let next = if i + 1 < words.len() { words.remove(i + 1) } else { String::new() };
        words[i] = format!("\u{a0}{symbol}\u{a0}\u{a0}{next}");
    }
    words
}

/// The symbol of the first light in `el`, if there is one.
fn light_symbol(el: &HtmlElement) -> Option<String> {
    el.children.iter().find_map(|n| match n {
        HtmlNode::Element(e) if attr(e, attrs::LIGHT).is_some() => Some(text_of(e).trim().to_string()),
        HtmlNode::Element(e) => light_symbol(e),
        _ => None,
    })
}

/// A place in a table's grid.
enum Slot<'e> {
    /// A cell of the HTML table at its column.
    Cell { td: &'e HtmlElement, col: usize, rowspan: usize, colspan: usize },
    /// A column covered by a cell above that spans rows.
    Covered { col: usize },
}

/// The rows of an HTML table laid on its grid: where each cell stands once
/// the cells above that span rows (`rowspan`) have taken their columns.
fn grid<'e>(trs: &[(&'e HtmlElement, bool)]) -> Vec<Vec<Slot<'e>>> {
    // Rows still covered by a cell above, per column.
    let mut covered: Vec<usize> = Vec::new();
    let mut rows = Vec::new();
    for (tr, _) in trs {
        let mut slots = Vec::new();
        let mut col = 0;
        let mut tds = tr.children.iter().filter_map(|n| match n {
            HtmlNode::Element(e) if matches!(tag(e).as_str(), "td" | "th") => Some(e),
            _ => None,
        });
        loop {
            if covered.get(col).copied().unwrap_or(0) > 0 {
                covered[col] -= 1;
                slots.push(Slot::Covered { col });
                col += 1;
                continue;
            }
            let Some(td) = tds.next() else { break };
            let rowspan: usize = attr(td, "rowspan").and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
            let colspan: usize = attr(td, "colspan").and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
            if rowspan > 1 {
                if covered.len() <= col {
                    covered.resize(col + 1, 0);
                }
                covered[col] = rowspan - 1;
            }
            slots.push(Slot::Cell { td, col, rowspan, colspan });
            col += colspan;
        }
        rows.push(slots);
    }
    rows
}

/// A word's width in twips at `size` half-points, from Carlito's (Calibri's)
/// character widths, rounded up: a word estimated a little too wide gets a
/// little more room, one estimated too narrow is broken by Word.
fn word_width(word: &str, size: usize, bold: bool) -> f64 {
    let em: f64 = word
        .chars()
        .map(|c| match c {
            ' ' | '\u{a0}' => 0.23,
            // A light's symbol, which Calibri lacks: Word takes it from a
            // symbol font, where it is wide.
            '✓' | '×' | '○' => 0.8,
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' => 0.26,
            'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 0.36,
            'm' | 'w' | 'M' | 'W' | 'æ' | 'Æ' | 'œ' | '%' => 0.82,
            c if c.is_uppercase() => 0.6,
            _ => 0.52,
        })
        .sum();
    // A size in half-points is a tenth of the twips of its em.
    em * size as f64 * 10.0 * if bold { 1.04 } else { 1.0 }
}

/// Widens every column too narrow for its longest word (plus the cell's
/// margins), taking the room from the columns that share out the rest of the
/// line (`fr`) as far as they have room beyond their own longest word, else
/// from the fixed column with the most room to spare.
fn fit_columns(format: &mut TableFormat, longest: &[f64], margin: usize) {
    let need = |i: usize| longest.get(i).map_or(0, |w| w.ceil() as usize + 2 * margin);
    let n = format.widths.len();
    for i in 0..n {
        let mut deficit = need(i).saturating_sub(format.widths[i]);
        while deficit > 0 {
            // The donor: a flexible column with room, else any with room.
            let spare = |j: usize| format.widths[j].saturating_sub(need(j));
            let donor = (0..n)
                .filter(|&j| j != i && spare(j) > 0)
                .max_by_key(|&j| (format.flexible.get(j).copied().unwrap_or(false), spare(j)));
            let Some(j) = donor else { break };
            let moved = deficit.min(spare(j));
            format.widths[j] -= moved;
            format.widths[i] += moved;
            deficit -= moved;
        }
    }
}

/// Whether a cell of `table` has its text turned.
fn el_has_turned(table: &HtmlElement) -> bool {
    attr_in(table, attrs::ROTATE).is_some()
}

fn cell_frame(cell: TableCell, widths: &[usize], col: usize) -> TableCell {
    let cell = cell.vertical_align(VAlignType::Top);
    match widths.get(col) {
        Some(w) => cell.width(*w, WidthType::Dxa),
        None => cell,
    }
}

/// A traffic light as the template hands it over: its symbol as text on its
/// colour (`data-fill`), in black or white, whichever reads better on it.
/// A light without a colour (not assessed) is its symbol alone. Without a
/// symbol, a small coloured field.
fn light_run(el: &HtmlElement, symbol: &str, size: Option<usize>) -> Run {
    let fill = attr(el, attrs::FILL).and_then(colour);
    let symbol = symbol.trim();
    let text = match (symbol.is_empty(), fill.is_some()) {
        (true, true) => "\u{a0}\u{a0}\u{a0}".to_string(),
        (true, false) => String::new(),
        (false, _) => format!("\u{a0}{symbol}\u{a0}"),
    };
    let mut r = Run::new().add_text(text).bold();
    if let Some(size) = size {
        r = r.size(size);
    }
    if let Some(fill) = fill {
        r = r.shading(solid(&fill)).color(readable_on(&fill));
    }
    r
}

/// Black or white, whichever has the higher contrast on `fill` (`RRGGBB`),
/// by WCAG's relative luminance.
fn readable_on(fill: &str) -> &'static str {
    let channel = |i: usize| {
        let c = u8::from_str_radix(fill.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Contrast with black (l + 0.05) / 0.05 against white 1.05 / (l + 0.05).
    if (l + 0.05) * (l + 0.05) > 0.05 * 1.05 { "000000" } else { "FFFFFF" }
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

/// One width of `data-widths` as Typst's `repr` writes it, in twips, or
/// its fraction (`1fr`).
enum Width {
    Fixed(f64),
    Fraction(f64),
}

fn width(spec: &str) -> Option<Width> {
    let number = |unit: &str| spec.strip_suffix(unit).and_then(|v| v.trim().parse::<f64>().ok());
    let twips = |v: f64, per_unit: f64| Some(Width::Fixed(v * per_unit));
    if let Some(v) = number("fr") {
        return Some(Width::Fraction(v));
    }
    // Twips per unit: 20 per point, 72 points an inch.
    if let Some(v) = number("pt") {
        return twips(v, 20.0);
    }
    if let Some(v) = number("mm") {
        return twips(v, 1440.0 / 25.4);
    }
    if let Some(v) = number("cm") {
        return twips(v, 14400.0 / 25.4);
    }
    if let Some(v) = number("in") {
        return twips(v, 1440.0);
    }
    None
}

/// The next table's format from the element before it: `data-widths="1fr
/// 93.5pt 3cm"`, `data-align="left right"` and its colours.
fn table_format(el: &HtmlElement) -> TableFormat {
    let specs: Vec<Option<Width>> =
        attr(el, attrs::WIDTHS).unwrap_or_default().split_whitespace().map(width).collect();
    let fixed: f64 = specs.iter().map(|w| if let Some(Width::Fixed(t)) = w { *t } else { 0.0 }).sum();
    let fractions: f64 = specs.iter().map(|w| if let Some(Width::Fraction(f)) = w { *f } else { 0.0 }).sum();
    let rest = (TEXT_WIDTH as f64 - fixed).max(0.0);
    let flexible = specs.iter().map(|w| matches!(w, Some(Width::Fraction(_)) | None)).collect();
    let widths = specs
        .iter()
        .map(|w| match w {
            Some(Width::Fixed(t)) => t.round() as usize,
            Some(Width::Fraction(f)) if fractions > 0.0 => (rest * f / fractions).round() as usize,
            // A width Word cannot be told: the rest of the line shared out.
            _ => (rest / specs.len().max(1) as f64).round() as usize,
        })
        .collect();
    let aligns = attr(el, attrs::ALIGN)
        .unwrap_or_default()
        .split_whitespace()
        .map(|a| match a {
            "right" => AlignmentType::Right,
            "center" => AlignmentType::Center,
            _ => AlignmentType::Left,
        })
        .collect();
    let colour_of = |name| attr(el, name).and_then(colour);
    let size = text_size(el);
    TableFormat {
        widths,
        flexible,
        size,
        aligns,
        head_fill: colour_of(attrs::HEAD_FILL),
        rule: colour_of(attrs::RULE),
        inner_rule: colour_of(attrs::INNER_RULE),
    }
}

/// The text size `el` gives ([`attrs::SIZE`]) in half-points, Word's unit.
fn text_size(el: &HtmlElement) -> Option<usize> {
    attr(el, attrs::SIZE).and_then(width).and_then(|w| match w {
        // Twips to half-points.
        Width::Fixed(t) => Some((t / 10.0).round() as usize),
        Width::Fraction(_) => None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use typst::syntax::Span;
    use typst_html::{HtmlAttr, HtmlTag};

    fn el(tag: &str, attrs: &[(&str, &str)], children: Vec<HtmlNode>) -> HtmlNode {
        let mut e = HtmlElement::new(HtmlTag::intern(tag).unwrap());
        for (k, v) in attrs {
            e = e.with_attr(HtmlAttr::intern(k).unwrap(), *v);
        }
        HtmlNode::Element(e.with_children(children.into_iter().collect()))
    }

    fn text(t: &str) -> HtmlNode {
        HtmlNode::text(t, Span::detached())
    }

    /// The `document.xml` docx-rs makes of a body with `children`, and the facts.
    fn walked(children: Vec<HtmlNode>) -> (String, Facts) {
        let HtmlNode::Element(body) = el("body", &[], children) else { unreachable!() };
        let (docx, facts) = walk(&body);
        (String::from_utf8(docx.build().document).unwrap(), facts)
    }

    #[test]
    fn a_light_is_its_symbol_on_the_templates_colour() {
        let cell = |attrs: &[(&str, &str)], symbol: &str| {
            el(
                "table",
                &[],
                vec![el("tr", &[], vec![el("td", &[], vec![el("span", attrs, vec![text(symbol)])])])],
            )
        };
        let (xml, _) = walked(vec![cell(&[("data-light", "red"), ("data-fill", "#c8102e")], "R")]);
        assert!(xml.contains(r#"w:fill="C8102E""#) && xml.contains(r#"<w:color w:val="FFFFFF" />"#), "{xml}");
        assert!(xml.contains("\u{a0}R\u{a0}"), "the symbol is the light's text: {xml}");
        // Without a symbol: a small field of the colour, still in the colour.
        let (xml, _) = walked(vec![cell(&[("data-light", "green"), ("data-fill", "#2e8b3a")], "")]);
        assert!(xml.contains(r#"w:fill="2E8B3A""#) && xml.contains("\u{a0}\u{a0}\u{a0}"), "{xml}");
        // A colour that is not one is not written into the file.
        let (xml, _) = walked(vec![cell(&[("data-light", "red"), ("data-fill", r#""/><w:b/>"#)], "R")]);
        assert!(!xml.contains("w:fill=") && !xml.contains("<w:b/>"), "{xml}");
        // Not assessed: no colour, nothing made up.
        let (xml, _) = walked(vec![cell(&[("data-light", "none")], "")]);
        assert!(!xml.contains("w:fill="), "{xml}");
    }

    #[test]
    fn a_legend_line_shows_its_light_once() {
        let red = [("data-light", "red"), ("data-fill", "#c8102e")];
        let (xml, _) = walked(vec![el("p", &red, vec![text("Rød betyder ...")])]);
        assert_eq!(xml.matches(r#"w:fill="C8102E""#).count(), 1, "{xml}");
        // The light given inside the line as well: still one.
        let (xml, _) =
            walked(vec![el("p", &red, vec![el("span", &red, vec![text("R")]), text(" Rød betyder ...")])]);
        assert_eq!(xml.matches(r#"w:fill="C8102E""#).count(), 1, "{xml}");
    }

    #[test]
    fn header_rows_page_breaks_and_signatures_are_walked() {
        let table = el(
            "table",
            &[],
            vec![
                el("thead", &[], vec![el("tr", &[], vec![el("th", &[], vec![text("Nr.")])])]),
                el("tbody", &[], vec![el("tr", &[], vec![el("td", &[], vec![text("1.")])])]),
            ],
        );
        let signatures = el(
            "div",
            &[("data-role", "signatures")],
            vec![
                el("div", &[("data-role", "signature")], vec![text("Anne Kjær")]),
                el("div", &[("data-role", "signature")], vec![text("Morten Binder")]),
            ],
        );
        let (xml, facts) = walked(vec![
            table,
            el("div", &[("data-role", "page-break")], vec![]),
            el("p", &[], vec![text("Efter skiftet")]),
            signatures,
        ]);
        // The table's first row is its header; the signature block has none.
        assert_eq!(facts.header_rows, [1, 0]);
        assert!(xml.contains("<w:pageBreakBefore />"), "{xml}");
        let after = &xml[xml.find("<w:pageBreakBefore").unwrap()..];
        assert!(after.contains("Efter skiftet") && after.find("Efter skiftet") < after.find("Anne Kjær"));
        // Two fields side by side: name, gap, name in one row, each under a line.
        assert_eq!(xml.matches(r#"<w:top w:val="single" w:sz="6""#).count(), 2, "{xml}");
    }

    #[test]
    fn a_row_of_turned_names_is_as_tall_as_its_longest_name() {
        let name = |n: &str| el("th", &[], vec![el("span", &[("data-rotate", "op")], vec![text(n)])]);
        let head =
            el("thead", &[], vec![el("tr", &[], vec![name("CJF"), name("Jobcenter København og CJF")])]);
        let (xml, _) = walked(vec![el("table", &[], vec![head])]);
        let at = xml.find(r#"<w:trHeight w:val=""#).expect("a row height") + r#"<w:trHeight w:val=""#.len();
        let height: f64 = xml[at..at + xml[at..].find('"').unwrap()].parse().unwrap();
        let longest = word_width("Jobcenter København og CJF", 15, true);
        assert!(height >= longest && height <= longest + 400.0, "{height} for {longest}");
        assert!(xml.contains(r#"<w:textDirection w:val="btLr" />"#), "{xml}");
    }

    #[test]
    fn twelve_parties_still_sign_on_one_line_of_the_page() {
        let parties = (0..12)
            .map(|i| el("div", &[("data-role", "signature")], vec![text(&format!("Underskriver {i}"))]))
            .collect();
        let (xml, _) = walked(vec![el("div", &[("data-role", "signatures")], parties)]);
        assert_eq!(xml.matches(r#"<w:top w:val="single" w:sz="6""#).count(), 12);
        let grid: usize = xml
            .split(r#"<w:gridCol w:w=""#)
            .skip(1)
            .map(|c| c[..c.find('"').unwrap()].parse::<usize>().unwrap())
            .sum();
        assert!(grid <= TEXT_WIDTH && grid > TEXT_WIDTH - 100, "{grid}");
        // No parties, no block.
        let (xml, _) = walked(vec![el("div", &[("data-role", "signatures")], vec![])]);
        assert!(!xml.contains("<w:tbl>"), "{xml}");
    }

    #[test]
    fn a_picture_carries_the_alternative_text_of_its_element() {
        use typst::layout::{Abs, Frame, Size};
        // Of two sizes: docx-rs stores a picture drawn twice alike once.
        let frame = |width: f64| {
            let f = Frame::soft(Size::new(Abs::pt(width), Abs::pt(9.0)));
            HtmlNode::Frame(typst_html::HtmlFrame::new(
                f,
                typst::foundations::StyleChain::default(),
                Span::detached(),
            ))
        };
        let alt = "Mål 2, Jobcenter Nyropsgade: resultat / mål 27,5 % / 36 %";
        let (xml, facts) = walked(vec![
            el("p", &[], vec![el("span", &[("data-alt", alt)], vec![frame(20.0)])]),
            el("p", &[], vec![frame(30.0)]),
        ]);
        // One alternative text per picture, in order; a bare frame has none.
        assert_eq!(facts.picture_alts, [alt, ""]);
        // Numbered per document, not per process.
        assert!(xml.contains(r#"r:embed="rIdImage1""#) && xml.contains(r#"r:embed="rIdImage2""#), "{xml}");
    }

    #[test]
    fn widths_are_read_in_every_unit_typst_writes() {
        let tw = |s: &str| match width(s) {
            Some(Width::Fixed(t)) => t.round() as i64,
            _ => -1,
        };
        assert_eq!(tw("85pt"), 1700);
        assert_eq!(tw("3cm"), 1701);
        assert_eq!(tw("17mm"), 964);
        assert_eq!(tw("1in"), 1440);
        assert!(matches!(width("2fr"), Some(Width::Fraction(f)) if f == 2.0));
        assert!(width("auto").is_none() && width("50%").is_none());
    }

    #[test]
    fn a_column_too_narrow_for_its_longest_word_takes_room_from_the_flexible_one() {
        let mut format = TableFormat {
            widths: vec![400, 6000, 800],
            flexible: vec![false, true, false],
            ..TableFormat::default()
        };
        // "Nr." and "Resultat" need more than their columns have.
        let longest = vec![
            word_width("Nr.", 19, true),
            word_width("kontanthjælp", 19, false),
            word_width("Resultat", 19, true),
        ];
        fit_columns(&mut format, &longest, 80);
        assert!(format.widths[2] >= longest[2] as usize + 160, "{:?}", format.widths);
        assert!(format.widths[0] >= longest[0] as usize + 160, "{:?}", format.widths);
        assert_eq!(format.widths.iter().sum::<usize>(), 7200, "the table keeps its width");
        // The flexible column gave the room; it still holds its own word.
        assert!(format.widths[1] < 6000 && format.widths[1] as f64 >= longest[1] + 160.0);
    }

    #[test]
    fn columns_that_all_fit_are_left_as_the_template_set_them() {
        let mut format =
            TableFormat { widths: vec![2000, 2000], flexible: vec![false, true], ..TableFormat::default() };
        fit_columns(&mut format, &[word_width("Mål", 19, true), word_width("ord", 19, false)], 80);
        assert_eq!(format.widths, [2000, 2000]);
        // No room anywhere: the widths stay (Word will break the word).
        let mut tight =
            TableFormat { widths: vec![300, 300], flexible: vec![true, true], ..TableFormat::default() };
        fit_columns(&mut tight, &[5000.0, 5000.0], 80);
        assert_eq!(tight.widths, [300, 300]);
    }

    #[test]
    fn a_word_is_estimated_at_least_as_wide_as_carlito_sets_it() {
        // Carlito's advance widths (units of its em) summed at 9.5 pt:
        // "Arbejdsfastholdelsesindsatsen" 2342 twips, "2.500.000" (seven
        // digits of 0.507, two points of 0.252) 770, "Beskæftigelsescentrene"
        // 1835, "Resultat" 634.
        assert!(word_width("Arbejdsfastholdelsesindsatsen", 19, false) >= 2342.0);
        assert!(word_width("2.500.000", 19, false) >= 770.0);
        assert!(word_width("Beskæftigelsescentrene", 19, false) >= 1835.0);
        assert!(word_width("Resultat", 19, false) >= 634.0);
        // ... and not far beyond: a tenth at most, or columns grow for nothing.
        assert!(word_width("Arbejdsfastholdelsesindsatsen", 19, false) <= 2342.0 * 1.1);
        assert!(word_width("Resultat", 19, true) > word_width("Resultat", 19, false));
    }

    #[test]
    fn text_on_a_light_is_black_or_white_whichever_reads_better() {
        // The template's green and red are dark, its yellow light.
        assert_eq!(readable_on("2E8B3A"), "000000");
        assert_eq!(readable_on("C8102E"), "FFFFFF");
        assert_eq!(readable_on("F2C200"), "000000");
        assert_eq!(readable_on("1F3B5A"), "FFFFFF");
        // A broken colour reads as black: white text then.
        assert_eq!(readable_on("zz"), "FFFFFF");
    }
}
