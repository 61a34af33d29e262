//! The Word stylesheet: page, fonts, paragraph styles and the bullet list,
//! set to look like the PDF.

use docx_rs::{
    AbstractNumbering, Docx, Level, LevelJc, LevelText, LineSpacing, NumberFormat, Numbering, PageMargin,
    RunFonts, SpecialIndentType, Start, Style, StyleType,
};

/// The font of every text. The templates set Carlito; Word installations do
/// not have it but have Calibri, whose metrics Carlito copies (LibreOffice
/// shows Calibri with Carlito), so lines and pages break as in the PDF.
pub const FONT: &str = "Calibri";
/// Text width of an A4 page with 2,5 cm margins, in twentieths of a point.
pub const TEXT_WIDTH: usize = 9072;
/// The bullet list's numbering id (docx-rs already uses 1).
pub const BULLETS: usize = 2;

/// The colours the template declares for the styles (`data-role="colours"`).
#[derive(Debug, Default, Clone)]
pub struct Colours {
    /// Headings and the title, `RRGGBB`; Word's default when the template
    /// gives none.
    pub heading: Option<String>,
}

/// An empty document with the page, fonts, styles and list of the PDF.
pub fn base_document(colours: &Colours) -> Docx {
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let coloured = |style: Style| match &colours.heading {
        Some(c) => style.color(c.clone()),
        None => style,
    };
    let heading = |level: usize, size: usize| {
        kept_with_next(coloured(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .bold()
                .size(size)
                .outline_lvl(level - 1)
                .line_spacing(LineSpacing::new().before(if level == 1 { 360 } else { 200 }).after(100)),
        ))
    };
    let bullet =
        Level::new(0, Start::new(1), NumberFormat::new("bullet"), LevelText::new("•"), LevelJc::new("left"))
            .indent(Some(360), Some(SpecialIndentType::Hanging(360)), None, None);
    let mut footnote_reference =
        Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    footnote_reference.run_property =
        footnote_reference.run_property.vert_align(docx_rs::VertAlignType::SuperScript);
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1701).bottom(1417).left(1417).right(1417).header(709).footer(709))
        .default_fonts(fonts)
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(120))
        .add_style(caps(heading(1, 30)))
        .add_style(heading(2, 25))
        .add_style(heading(3, 22).italic())
        .add_style(coloured(
            Style::new("Title", StyleType::Paragraph).name("Title").based_on("Normal").bold().size(48),
        ))
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
        .add_style(kept_with_next(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .bold()
                .size(20),
        ))
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
        .add_style(footnote_reference)
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

/// A heading or caption stays on the page of what follows it, in Word as
/// in the PDF.
fn kept_with_next(mut style: Style) -> Style {
    style.paragraph_property = style.paragraph_property.keep_next(true);
    style
}

/// Chapter headings in capitals, as in the PDF; the text stays as written,
/// so the navigation pane shows "1. Beskæftigelsesindsatsen".
fn caps(mut style: Style) -> Style {
    style.run_property = style.run_property.caps();
    style
}
