//! Pages a typesetter would accept, checked page by page on every example
//! PDF: no page ends with a table caption or a heading or opens with a
//! table's source line, no number is parted from its sign or unit across
//! lines, no page is left three quarters empty unless a chapter or the
//! end follows, and no contract's signatures stand on a page of their own.
//!
//! Pages are read with poppler's `pdftohtml -xml` (every line with its place,
//! size and colour: headings are the blue bold lines of 11 pt and more,
//! captions the bold lines "Tabel N.") and `pdftotext -raw` (lines in the
//! order drawn, so a table cell's wrapped lines follow each other).

use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::events::Event;

/// One line of text on a page, as pdftohtml saw it.
#[derive(Debug, Clone)]
struct Line {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    size: f64,
    colour: String,
    bold: bool,
    text: String,
}

/// A page: its height and its lines, in points of pdftohtml's scale.
#[derive(Debug)]
struct Page {
    height: f64,
    lines: Vec<Line>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> String {
    e.try_get_attribute(name).ok().flatten().map(|a| a.value.to_string()).unwrap_or_default()
}

fn pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-q"])
        .arg(pdf)
        .output()
        .expect("pdftohtml runs (Debian poppler-utils)");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut fonts: std::collections::HashMap<String, (f64, String)> = Default::default();
    let mut pages = Vec::new();
    let mut current: Option<Line> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "page" => {
                pages.push(Page { height: attr(&e, "height").parse().unwrap(), lines: Vec::new() });
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "fontspec" => {
                fonts.insert(attr(&e, "id"), (attr(&e, "size").parse().unwrap(), attr(&e, "color")));
            }
            Event::Start(e) if e.name().as_ref() == "text" => {
                let (size, colour) = fonts[&attr(&e, "font")].clone();
                let top: f64 = attr(&e, "top").parse().unwrap();
                let height: f64 = attr(&e, "height").parse().unwrap();
                let left: f64 = attr(&e, "left").parse().unwrap();
                let width: f64 = attr(&e, "width").parse().unwrap();
                current = Some(Line {
                    left,
                    right: left + width,
                    top,
                    bottom: top + height,
                    size,
                    colour,
                    bold: false,
                    text: String::new(),
                });
            }
            Event::Start(e) if e.name().as_ref() == "b" => {
                if let Some(l) = current.as_mut() {
                    l.bold = true;
                }
            }
            Event::Text(t) => {
                if let Some(l) = current.as_mut() {
                    l.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(l) = current.as_mut() {
                    l.text.push_str(crate::common::entity(r.as_ref()));
                }
            }
            Event::End(e) if e.name().as_ref() == "text" => {
                if let Some(l) = current.take().filter(|l| !l.text.trim().is_empty()) {
                    pages.last_mut().unwrap().lines.push(l);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    pages
}

/// The page's running header and footer are grey (luma 90); the rest is the
/// page's body.
fn body(page: &Page) -> Vec<&Line> {
    let mut v: Vec<&Line> = page.lines.iter().filter(|l| l.colour != "#5a5a5a").collect();
    v.sort_by(|a, b| a.top.total_cmp(&b.top));
    v
}

/// A heading: the blue bold text of 11 pt and more (a table's head is blue
/// too, but 9.5 pt). pdftohtml's scale is 1.5 px per pt.
fn is_heading(l: &Line) -> bool {
    l.colour == "#1f3b5a" && l.bold && l.size >= 16.0
}

fn is_chapter(l: &Line) -> bool {
    is_heading(l) && l.size >= 21.0
}

fn is_caption(l: &Line) -> bool {
    l.bold && l.colour == "#000000" && {
        let t = l.text.trim_start();
        t.starts_with("Tabel ") && t.split_whitespace().nth(1).is_some_and(|n| n.ends_with('.'))
    }
}

/// The lines at the foot of the page's body: the last line and those beside
/// it (a table row's cells).
fn last_row<'a>(lines: &[&'a Line]) -> Vec<&'a Line> {
    let Some(last) = lines.last() else { return Vec::new() };
    lines.iter().filter(|l| l.bottom > last.top).copied().collect()
}

/// What is wrong with the page breaks of `pdf`, one sentence per fault.
fn faults(pdf: &Path) -> Vec<String> {
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    let pages = pages(pdf);
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let lines = body(page);
        for l in last_row(&lines) {
            if is_heading(l) {
                out.push(format!("{name} page {n} ends with the heading {:?}", l.text));
            }
            if is_caption(l) {
                out.push(format!("{name} page {n} ends with the caption {:?}", l.text));
            }
        }
        // A table's source or note line is on the table's page.
        if let Some(first) =
            lines.first().filter(|l| ["Kilde:", "Note:"].iter().any(|k| l.text.starts_with(k)))
        {
            out.push(format!("{name} page {n} opens with the table line {:?}", first.text));
        }
        // A contract's signatures share their page with the text they sign:
        // a page that opens with their date holds nothing else.
        if let Some(first) = lines.first().filter(|l| l.text.starts_with("Dato:")) {
            out.push(format!("{name} page {n} opens with the signatures' date {:?}", first.text));
        }
        // Three quarters empty: the body (3 cm from the top to 2.5 cm from
        // the bottom of A4) filled less than a quarter, with more to come
        // that is not a new chapter.
        let scale = page.height / 842.0;
        let (top, bottom) = (3.0 / 2.54 * 72.0 * scale, page.height - 2.5 / 2.54 * 72.0 * scale);
        let used = lines.last().map_or(0.0, |l| (l.bottom - top) / (bottom - top));
        if let Some(next) = pages.get(i + 1) {
            let next_opens_chapter = body(next).first().is_some_and(|l| is_chapter(l));
            if used < 0.25 && !next_opens_chapter {
                out.push(format!(
                    "{name} page {n} is {:.0} % empty before page {}",
                    (1.0 - used) * 100.0,
                    n + 1
                ));
            }
        }
    }
    out.extend(parted_numbers(pdf, &name, pages.len()));
    out
}

/// A unit that belongs to the number before it.
fn starts_with_unit(line: &str) -> bool {
    ["%", "pct.", "procentpoint", "point", "mdr.", "kr.", "mio."].iter().any(|u| line.starts_with(u))
}

/// Numbers parted from their unit or sign across lines: a line ending in a
/// figure with the next starting with its unit, a line ending in "%-" or in
/// a lone sign before a figure.
fn parted_numbers(pdf: &Path, name: &str, pages: usize) -> Vec<String> {
    let mut out = Vec::new();
    for n in 1..=pages {
        let run = Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8", "-f", &n.to_string(), "-l", &n.to_string()])
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&run.stdout).into_owned();
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        for pair in lines.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let ends_in_figure = a.chars().last().is_some_and(|c| c.is_ascii_digit());
            let lone_sign = [" -", " +", " –"].iter().any(|s| a.ends_with(s))
                && b.chars().next().is_some_and(|c| c.is_ascii_digit());
            if (ends_in_figure && starts_with_unit(b)) || a.ends_with("%-") || lone_sign {
                out.push(format!("{name} page {n}: {a:?} / {b:?}"));
            }
        }
    }
    out
}

#[test]
fn no_example_page_ends_with_a_caption_or_heading_parts_a_number_or_is_left_empty() {
    let dir = crate::standards::built();
    let pdfs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(pdfs.len() >= 14);
    let mut all = Vec::new();
    let mut checked = 0;
    for pdf in &pdfs {
        checked += pages(pdf).len();
        all.extend(faults(pdf));
    }
    assert!(checked > 60, "{checked} pages");
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn the_page_check_finds_a_stranded_caption_heading_and_parted_number() {
    // A document set badly on purpose, made by opfolg from a templates
    // folder whose half-year template is replaced: a heading and a caption
    // at the foot of a page, a figure broken from its unit, a page left
    // nearly empty before more text.
    let dir = tempfile::tempdir().unwrap();
    let templates = templates_changed(dir.path(), |text| text);
    std::fs::write(
        templates.join("halvaarsopfoelgning.typ"),
        r##"#set document(title: [Sat skævt])
#set page(paper: "a4", margin: (top: 3cm, bottom: 2.5cm, x: 2.5cm))
#set text(font: "Carlito", size: 11pt, lang: "da")
#v(20cm)
#text(size: 15pt, weight: "bold", fill: rgb("#1f3b5a"))[1. INDLEDNING]
#pagebreak()
#v(20.5cm)
#text(size: 10pt, weight: "bold")[Tabel 4. Status]
#pagebreak()
#block(width: 5cm)[Resultatet var i alt 25 \ % af målet.]
#pagebreak()
Kilde: Ledelsesinformation.

Mere tekst.
#pagebreak()
Dato: 1. april 2008
"##,
    )
    .unwrap();
    let out = build_pdfs(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), Some(&templates), dir.path());
    let f = faults(&out.join("halvaarsopfoelgning-2008.pdf"));
    assert!(f.iter().any(|s| s.contains("page 1 ends with the heading")), "{f:?}");
    assert!(f.iter().any(|s| s.contains("page 2 ends with the caption")), "{f:?}");
    assert!(f.iter().any(|s| s.contains(r#"25" / "% af målet.""#)), "{f:?}");
    assert!(f.iter().any(|s| s.contains("page 3 is")), "{f:?}");
    assert!(f.iter().any(|s| s.contains("page 4 opens with the table line")), "{f:?}");
    assert!(f.iter().any(|s| s.contains("page 5 opens with the signatures' date")), "{f:?}");
}

/// Per goal of the status attachment (from «BILAG 1: STATUS» on): the page
/// of its number (top of its first row) and of its «Samlet vurdering» (its
/// last row), in order.
fn status_goal_pages(pdf: &Path) -> Vec<(usize, usize)> {
    let pages = pages(pdf);
    let start = pages
        .iter()
        .position(|p| p.lines.iter().any(|l| l.text.contains("BILAG 1: STATUS")))
        .expect("the status attachment");
    let mut numbers = Vec::new();
    let mut verdicts = Vec::new();
    'pages: for (i, page) in pages.iter().enumerate().skip(start) {
        // The «Nr.» column: within 3.1 cm of the page's left edge.
        let nr_column = 3.1 / 2.54 * 72.0 * page.height / 842.0;
        for l in body(page) {
            let t = l.text.trim();
            // The overview after the status (Bilag 1 of the case) is no
            // goal's; a goal text's line there may well end in «2008.».
            if t == "OVERBLIK" {
                break 'pages;
            }
            if l.left < nr_column
                && t.strip_suffix('.').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            {
                numbers.push(i + 1);
            }
            if t.starts_with("Samlet vurdering") {
                verdicts.push(i + 1);
            }
        }
    }
    assert_eq!(numbers.len(), verdicts.len(), "numbers on pages {numbers:?}, verdicts on {verdicts:?}");
    numbers.into_iter().zip(verdicts).collect()
}

#[test]
fn a_goal_of_the_full_year_status_is_on_one_page() {
    let pdf = crate::standards::built().join("helaarsopfoelgning-2009.pdf");
    let goals = status_goal_pages(&pdf);
    assert!(goals.len() >= 20, "{goals:?}");
    for (n, (first, last)) in goals.iter().enumerate() {
        assert_eq!(first, last, "goal {} runs from page {first} to page {last}", n + 1);
    }
}

/// What is wrong with the page of a contract's signatures, one sentence per
/// fault: the page must hold the heading of their chapter («Underskrift på
/// kontrakten»), so the page that is signed says what is signed, and the
/// justified text above them must fill the column as every other paragraph
/// does (each line but a paragraph's last ends at the right margin).
fn signature_page_faults(pdf: &Path) -> Vec<String> {
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    let pages = pages(pdf);
    let Some((n, page)) =
        pages.iter().enumerate().rev().find(|(_, p)| body(p).iter().any(|l| l.text.starts_with("Dato:")))
    else {
        return vec![format!("{name} has no signatures' date")];
    };
    let n = n + 1;
    let lines = body(page);
    let date = lines.iter().position(|l| l.text.starts_with("Dato:")).unwrap();
    let mut out = Vec::new();
    let Some(heading) = lines[..date].iter().rposition(|l| is_heading(l)) else {
        return vec![format!("{name} page {n}: the signatures stand without the heading of their text")];
    };
    // The text between the heading and the date, one entry per line (a
    // justified line may come in pieces): its top and right end.
    let mut rows: Vec<(f64, f64)> = Vec::new();
    for l in &lines[heading + 1..date] {
        match rows.last_mut() {
            Some((top, right)) if (l.top - *top).abs() < 2.0 => *right = right.max(l.right),
            _ => rows.push((l.top, l.right)),
        }
    }
    // The column's right margin: the longest line on the page.
    let margin = lines.iter().map(|l| l.right).fold(0.0, f64::max);
    for pair in rows.windows(2) {
        let ((top, right), (next_top, _)) = (pair[0], pair[1]);
        // A line followed at a paragraph's distance (more than its leading)
        // ends its paragraph and may be short.
        let last_of_paragraph = next_top - top > 24.0;
        if !last_of_paragraph && right < margin - 4.0 {
            out.push(format!(
                "{name} page {n}: a line above the signatures ends {:.0} short of the margin",
                margin - right
            ));
        }
    }
    out
}

/// The contracts among the PDFs in `dir` (their copies for signing have the
/// same pages, which tests/papers.rs checks).
fn contracts_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let f = p.file_name().unwrap().to_string_lossy();
            f.starts_with("kontrakt-") && f.ends_with(".pdf") && !f.ends_with(opfolg::SIGNING_SUFFIX)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_contracts_signatures_share_their_page_with_their_whole_chapter_set_full_width() {
    let contracts = contracts_in(crate::standards::built());
    assert_eq!(contracts.len(), 10);
    let all: Vec<String> = contracts.iter().flat_map(|c| signature_page_faults(c)).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn the_signature_page_check_finds_a_page_without_its_heading_and_a_narrow_paragraph() {
    // The templates as they were: only the paragraph above the signatures
    // went with them, in a block as wide as its longest line. Nyropsgade's
    // chapter was parted from its signatures there, and the text above them
    // ended short of the margin in every contract.
    let dir = tempfile::tempdir().unwrap();
    let templates = templates_changed(dir.path(), |text| {
        text.replace(
            "sign.signed is not none and sign.part == sign.signed and not sign.done",
            r#"loop.nextitem and loop.nextitem.kind == "signatures""#,
        )
        .replace("block(sticky: true, width: 100%, tekst)", "block(sticky: true, tekst)")
    });
    let out = build_pdfs(&root().join("inputs/kontrakter-2008.xlsx"), Some(&templates), dir.path());
    let f = signature_page_faults(&out.join("kontrakt-2008-jobcenter-nyropsgade.pdf"));
    assert!(f.iter().any(|s| s.contains("page 5: the signatures stand without the heading")), "{f:?}");
    let f = signature_page_faults(&out.join("kontrakt-2008-ydelsesservice.pdf"));
    assert!(f.iter().any(|s| s.contains("page 4: a line above the signatures ends")), "{f:?}");
}

/// Builds the contracts' PDFs from the example workbook with its sheet
/// «Dokument» changed by `change`, into `dir`/ud.
fn contracts_with_document(
    dir: &Path,
    change: impl FnOnce(&mut Vec<Vec<crate::sheet::V<'static>>>),
) -> PathBuf {
    let mut sheets = crate::kontrakter_2008::sheets();
    change(&mut sheets.iter_mut().find(|s| s.name == "Dokument").unwrap().rows);
    let workbook = dir.join("kontrakter.xlsx");
    crate::sheet::write_workbook(&workbook, "test", &sheets).unwrap();
    build_pdfs(&workbook, None, dir)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `report_templates/` in `dir`/skabeloner, each file's text
/// passed through `change`.
fn templates_changed(dir: &Path, change: impl Fn(String) -> String) -> PathBuf {
    let templates = dir.join("skabeloner");
    std::fs::create_dir(&templates).unwrap();
    for e in std::fs::read_dir(root().join("report_templates")).unwrap() {
        let e = e.unwrap();
        let text = std::fs::read_to_string(e.path()).unwrap();
        std::fs::write(templates.join(e.file_name()), change(text)).unwrap();
    }
    templates
}

/// Runs `opfolg build WORKBOOK --format pdf [--templates DIR]` into
/// `dir`/ud, which it returns; the build must succeed.
fn build_pdfs(workbook: &Path, templates: Option<&Path>, dir: &Path) -> PathBuf {
    let out = dir.join("ud");
    let mut build = Command::new(env!("CARGO_BIN_EXE_opfolg"));
    build.arg("build").arg(workbook).args(["--format", "pdf", "--out"]).arg(&out);
    if let Some(t) = templates {
        build.arg("--templates").arg(t);
    }
    let run = build.output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out
}

/// The row of «Dokument» whose text starts with `start`.
fn document_row(rows: &[Vec<crate::sheet::V<'static>>], start: &str) -> usize {
    rows.iter()
        .position(|r| r.iter().any(|v| matches!(v, crate::sheet::V::S(t) if t.starts_with(start))))
        .unwrap_or_else(|| panic!("no row {start:?}"))
}

#[test]
fn a_signing_chapter_longer_than_a_page_or_without_its_own_heading_is_still_set_well() {
    use crate::sheet::V::S;
    // The text above the signatures twelve times over: the chapter cannot
    // go whole to one page. It runs on over the page as any text does,
    // justified to the margin, and the signatures keep text with them.
    let dir = tempfile::tempdir().unwrap();
    let out = contracts_with_document(dir.path(), |rows| {
        let i = document_row(rows, "Med underskrift");
        let S(text) = rows[i][1] else { panic!() };
        rows[i][1] = S(Box::leak([text; 12].join(" ").into_boxed_str()));
    });
    let mut all = Vec::new();
    for pdf in contracts_in(&out) {
        all.extend(faults(&pdf));
        all.extend(signature_page_faults(&pdf).into_iter().filter(|f| !f.contains("without the heading")));
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
    // No chapter of their own: the signatures close «Opfølgning på
    // kontrakten», which goes with them; the pages stay as a typesetter
    // would set them.
    let dir = tempfile::tempdir().unwrap();
    let out = contracts_with_document(dir.path(), |rows| {
        let i = document_row(rows, "Underskrift på kontrakten");
        rows.remove(i);
    });
    let mut all = Vec::new();
    for pdf in contracts_in(&out) {
        all.extend(faults(&pdf));
        all.extend(signature_page_faults(&pdf));
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
    // No chapter in «Dokument» after the unit's goals (which bring chapters
    // of their own): the text after the goals goes with the signatures, and
    // the last chapter before the goals is not taken for theirs.
    let dir = tempfile::tempdir().unwrap();
    let out = contracts_with_document(dir.path(), |rows| {
        for chapter in ["Opfølgning på kontrakten", "Underskrift på kontrakten"] {
            let i = document_row(rows, chapter);
            rows.remove(i);
        }
    });
    let mut all = Vec::new();
    for pdf in contracts_in(&out) {
        all.extend(faults(&pdf));
        all.extend(signature_page_faults(&pdf).into_iter().filter(|f| !f.contains("without the heading")));
        let first = pages(&pdf).into_iter().next().unwrap();
        let used = body(&first).last().map_or(0.0, |l| l.bottom / first.height);
        assert!(used > 0.6, "{}: the first page holds {:.0} %", pdf.display(), used * 100.0);
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}
