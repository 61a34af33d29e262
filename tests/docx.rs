//! The DOCX: made from the same template as the PDF, saying the same, a
//! real Word document, and the same bytes every time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use opfolg::render::{Formats, Renderer};

use crate::common;
use common::{ROWS, docx_part, docx_text, example_workbooks as inputs, pdf_text_in_order, unhyphenate};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn renderer() -> Renderer {
    Renderer::new(&root().join("report_templates"), &root().join("fonts")).unwrap()
}

/// Builds both files of a workbook into `dir`: (pdf, docx).
fn build(workbook: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let all = build_all(workbook, dir);
    assert_eq!(all.len(), 1);
    all[0].clone()
}

/// Builds every document of a workbook (a contract workbook has one per
/// unit) into `dir`: (pdf, docx) each.
fn build_all(workbook: &Path, dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let built = opfolg::build(workbook, dir, &renderer(), Formats::BOTH).unwrap_or_else(|d| panic!("{d}"));
    assert!(built.failures.is_empty(), "{:?}", built.failures);
    // A contract's copy for signing has no DOCX of its own.
    let files: Vec<&PathBuf> =
        built.files.iter().filter(|f| !f.to_string_lossy().ends_with(opfolg::SIGNING_SUFFIX)).collect();
    files.chunks(2).map(|pair| (pair[0].clone(), pair[1].clone())).collect()
}

/// `lines` without the repeats of a table row beyond the times the DOCX has
/// that row.
fn drop_repeated_rows<'l>(lines: Vec<&'l str>, rows: &[Vec<String>]) -> Vec<&'l str> {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let lines_sq: Vec<String> = lines.iter().map(|l| squash(l)).collect();
    let mut keep = vec![true; lines.len()];
    let mut counts: BTreeMap<Vec<String>, i64> = BTreeMap::new();
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| squash(c)).filter(|c| !c.is_empty()).collect();
        if !cells.is_empty() {
            *counts.entry(cells).or_insert(0) += 1;
        }
    }
    for (cells, allowed) in &counts {
        let joined: String = cells.concat();
        // Lines i..j that together are the row (pdftotext may print a row
        // on one line, or a cell, or a word, to a line).
        let (mut seen, mut i) = (0, 0);
        while i < lines_sq.len() {
            let mut acc = String::new();
            let mut j = i;
            while j < lines_sq.len() && keep[j] && acc.len() < joined.len() {
                acc.push_str(&lines_sq[j]);
                j += 1;
                if !joined.starts_with(&acc) {
                    break;
                }
            }
            if acc == joined && j > i {
                seen += 1;
                if seen > *allowed {
                    keep[i..j].fill(false);
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
    lines.into_iter().zip(keep).filter(|(_, k)| *k).map(|(l, _)| l).collect()
}

/// A field of the DOCX's core properties (`dc:title`, `dc:creator`).
fn docx_core(docx: &Path, field: &str) -> String {
    let core = docx_part(docx, "docProps/core.xml");
    let open = format!("<{field}>");
    let start = core.find(&open).map(|i| i + open.len()).unwrap_or(0);
    let end = core[start..].find(&format!("</{field}>")).map(|i| start + i).unwrap_or(start);
    core[start..end].replace("&amp;", "&")
}

/// Words for comparing: lower case (Word sets chapter headings in capitals
/// by style, the PDF by text), and a number glued to a word split off (a
/// footnote mark reads "2007.1" in one and "2007." then "1" in the other).
fn words(text: &str) -> Vec<String> {
    let mut spaced = String::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev
            && ((p.is_alphabetic() && c.is_ascii_digit()) || (p.is_ascii_digit() && c.is_alphabetic()))
        {
            spaced.push(' ');
        }
        spaced.push(c);
        // A line may break after a hyphen inside a word ("%-point"), and
        // pdftotext cannot tell that break from a space: both sides count
        // the parts.
        if c == '-' {
            spaced.push(' ');
        }
        prev = Some(c);
    }
    spaced.split_whitespace().map(str::to_lowercase).collect()
}

fn bag(words: Vec<String>) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for w in words {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

#[test]
fn docx_and_pdf_say_the_same_word_for_word() {
    let dir = tempfile::tempdir().unwrap();
    for (pdf, docx) in inputs().iter().flat_map(|wb| build_all(wb, dir.path())) {
        // Page furniture is not content: the running header (administration,
        // title and year, as in the DOCX's properties) and "side X af Y" are
        // printed on every PDF page and once in the DOCX's header part.
        let header: String = format!("{}{}", docx_core(&docx, "dc:creator"), docx_core(&docx, "dc:title"))
            .split_whitespace()
            .collect();
        // In content order (-raw), so a word hyphenated in a table cell is
        // joined with its own end, not with the next column's text.
        let pdf_text = pdf_text_in_order(&pdf);
        let body: Vec<&str> = pdf_text
            .lines()
            .filter(|l| {
                let squashed: String = l.split_whitespace().collect();
                squashed != header && !(l.trim_start().starts_with("side ") && l.contains(" af "))
            })
            .collect();
        // A table's header row is repeated on every page the table runs
        // over in the PDF, and stored once in Word: keep a row only as often
        // as the DOCX has it, whether pdftotext prints it on one line or (as
        // the overview's names set on their side) one cell to a line.
        let d = docx_text(&docx);
        let body = drop_repeated_rows(body, &d.rows);
        // List bullets are text in the PDF and numbering in Word; the
        // overview's page references («s. 8») exist only where there are
        // pages.
        let mut pdf_words = words(&unhyphenate(&body.join("\n")));
        let mut at = 0;
        while at + 1 < pdf_words.len() {
            if pdf_words[at] == "s." && pdf_words[at + 1].chars().all(|c| c.is_ascii_digit()) {
                pdf_words.drain(at..at + 2);
            } else {
                at += 1;
            }
        }
        let pdf_words = bag(pdf_words.into_iter().filter(|w| w != "•").collect());
        // A line to sign on is drawn in both (a cell border in Word); a
        // template that types one as underscores has it only in one.
        // A light's symbol is text in Word and drawn in the PDF (opfolg.typ's
        // lys-tegn: ✓ grøn, ! gul, × rød, ○ ikke vurderet).
        let docx_words = bag(words(&(d.paragraphs.join("\n") + "\n" + &d.footnotes.join("\n")))
            .into_iter()
            .filter(|w| !w.chars().all(|c| c == '_'))
            .filter(|w| !["✓", "!", "×", "○"].contains(&w.as_str()))
            .collect());
        let mut diff: Vec<String> = Vec::new();
        for w in pdf_words.keys().chain(docx_words.keys()) {
            let (a, b) = (pdf_words.get(w).copied().unwrap_or(0), docx_words.get(w).copied().unwrap_or(0));
            if a != b && !diff.iter().any(|x| x.starts_with(&format!("{w:?}:"))) {
                diff.push(format!("{w:?}: PDF {a}, DOCX {b}"));
            }
        }
        assert!(diff.is_empty(), "{}: the DOCX and the PDF differ:\n{}", pdf.display(), diff.join("\n"));
    }
}

#[test]
fn every_table_row_of_the_seed_is_in_the_docx() {
    let dir = tempfile::tempdir().unwrap();
    let (_, docx) = build(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), dir.path());
    let rows = docx_text(&docx).rows;
    for &(table, unit, target, result, difference) in ROWS {
        // A figure's spaces are non-breaking ("- 5,5 %-point" stays on a line).
        let plain = |s: &str| s.replace('\u{a0}', " ");
        let found = rows.iter().find(|r| {
            r.len() == 6
                && r[1] == unit
                && plain(&r[2]) == target
                && plain(&r[3]).starts_with(result)
                && plain(&r[4]) == difference
        });
        let found = found
            .unwrap_or_else(|| panic!("table {table}: no row {unit} | {target} | {result} | {difference}"));
        assert!(
            !found[2].contains(' ') && !found[4].contains(' '),
            "{found:?}: a breaking space in a figure"
        );
    }
}

#[test]
fn the_docx_is_a_real_word_document() {
    let dir = tempfile::tempdir().unwrap();
    let (_, docx) = build(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), dir.path());
    let document = docx_part(&docx, "word/document.xml");
    let styles = docx_part(&docx, "word/styles.xml");
    let core = docx_part(&docx, "docProps/core.xml");
    // Word's own heading styles: one Heading 1 per chapter and the introduction.
    // ... and "Overblik", the overview at the front.
    assert_eq!(document.matches(r#"<w:pStyle w:val="Heading1" />"#).count(), 6);
    // Two of them head the overview's list of red and yellow rows and its matrix.
    assert_eq!(document.matches(r#"<w:pStyle w:val="Heading2" />"#).count(), 20);
    assert_eq!(document.matches(r#"<w:pStyle w:val="Heading3" />"#).count(), 3);
    assert!(
        styles.contains(r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1" />"#)
    );
    // One captioned table per seed table, each with a repeating header row;
    // the overview's list of red and yellow rows and its matrix repeat their
    // headers too.
    assert_eq!(document.matches(r#"<w:pStyle w:val="Caption" />"#).count(), 20);
    assert_eq!(document.matches("<w:tblHeader />").count(), 22);
    // Traffic lights are shaded in the template's own colour (data-fill:
    // red is #e0483c in opfolg.typ), and the word is there for black and white.
    assert!(document.contains(r#"w:fill="E0483C""#) && document.contains(">Rød<"));
    // A4 with the PDF's margins; page numbers in the footer.
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#), "A4");
    assert!(document.contains(r#"w:top="1701""#) && document.contains(r#"w:left="1417""#));
    let footer = docx_part(&docx, "word/footer1.xml");
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES") && footer.contains(">side<"), "{footer}");
    // Danish, the PDF's font as Word knows it (Calibri, whose metrics
    // Carlito copies), and the document's properties.
    assert!(styles.contains(r#"<w:lang w:val="da-DK""#));
    assert!(styles.contains(r#"w:ascii="Calibri""#) && !styles.contains("Carlito"));
    assert!(core.contains("<dc:title>Halvårsopfølgning på resultatkontrakter 2008</dc:title>"));
    assert!(core.contains("<dc:creator>Beskæftigelses- og Integrationsforvaltningen</dc:creator>"));
    assert!(core.contains("2008-09-01T00:00:00Z"));
    // The footnote is a real footnote.
    let footnotes = docx_text(&docx).footnotes;
    assert_eq!(
        footnotes,
        vec!["1Jobcenter Sygedagpenge skal dog fastholde samme niveau som i 2007.".to_string()]
    );
    // ... whose text starts with its number, as Word writes a footnote.
    let notes = docx_part(&docx, "word/footnotes.xml");
    assert_eq!(notes.matches("<w:footnoteRef />").count(), 1, "{notes}");
    // No row breaks across pages; the header rows repeat.
    assert_eq!(document.matches("<w:tr>").count(), document.matches("<w:cantSplit />").count());
}

/// The `(id, descr)` of every picture of a DOCX's body.
fn pictures(document: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(document);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e)
                if e.name().as_ref() == "wp:docPr" =>
            {
                let get = |k: &str| e.try_get_attribute(k).unwrap().map(|a| a.value.to_string());
                out.push((get("id").unwrap_or_default(), get("descr").unwrap_or_default()));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn every_picture_has_its_own_id_and_an_alternative_text_with_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (_, docx) = build(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), dir.path());
    let pics = pictures(&docx_part(&docx, "word/document.xml"));
    assert!(pics.len() > 20, "the overview's charts are pictures: {}", pics.len());
    let ids: std::collections::BTreeSet<&String> = pics.iter().map(|(id, _)| id).collect();
    assert_eq!(ids.len(), pics.len(), "picture ids repeat: {pics:?}");
    for (id, alt) in &pics {
        // "Tabel 13, Ydelsesservice: resultat / mål 19,5 % / 20 %"
        assert!(
            alt.split(": resultat / mål ")
                .nth(1)
                .is_some_and(|f| f.contains(" / ") && f.contains(char::is_numeric)),
            "picture {id} is described as {alt:?}"
        );
    }
}

#[test]
fn a_contract_is_signed_in_two_fields_side_by_side_as_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let all = build_all(&root().join("inputs/kontrakter-2008.xlsx"), dir.path());
    let document = docx_part(&all[0].1, "word/document.xml");
    assert!(!document.contains("____"), "no underscores to sign on");
    // The last table: the signature block, one row of room to sign and one
    // of lines with name and title, the fields side by side with a gap.
    let last = &document[document.rfind("<w:tbl>").unwrap()..];
    let rows = docx_text(&all[0].1).rows;
    let names = rows.last().unwrap();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[1].is_empty() && !names[0].is_empty() && !names[2].is_empty(), "{names:?}");
    assert_eq!(last.matches(r#"<w:top w:val="single""#).count(), 2, "two lines to sign on");
    // The title reads as the PDF's: «Kontrakt for» over the unit's name
    // and the year, not «Kontrakt for 2008» over the name.
    let paragraphs = docx_text(&all[0].1).paragraphs;
    let title = paragraphs.iter().position(|p| p.starts_with("Kontrakt for")).expect("a title");
    assert_eq!(paragraphs[title].trim(), "Kontrakt for", "{paragraphs:?}");
    assert!(paragraphs[title + 1].trim().ends_with(" 2008"), "{paragraphs:?}");
}

#[test]
fn a_table_keeps_its_introduction_and_a_chart_its_rows_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let (_, docx) = build(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), dir.path());
    let document = docx_part(&docx, "word/document.xml");
    let starts: Vec<usize> = document.match_indices("<w:tbl>").map(|(i, _)| i).collect();
    assert!(starts.len() > 30, "{} tables", starts.len());
    let mut charts = 0;
    for &at in &starts {
        // The paragraph right before the table (a chart's title, a
        // caption, an introduction) is kept with it, as in the PDF; before
        // this, «Tabel 5: Rettidighed …» ended page 3 of LibreOffice's
        // pages with its bars on page 4.
        let before = &document[..at];
        let p = before.rfind("<w:p ").max(before.rfind("<w:p>")).unwrap();
        if !before[p..].contains("</w:tbl>") {
            assert!(before[p..].contains("<w:keepNext"), "{}", &before[p..]);
        }
        // A goal's chart (its bars are pictures) is held together row by
        // row: every row but the last keeps with the next.
        let table = &document[at..at + document[at..].find("</w:tbl>").unwrap()];
        if table.contains("<pic:pic") {
            charts += 1;
            let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
            assert!(rows.len() > 1 || !table.contains("<w:keepNext"), "{table}");
            for (i, row) in rows.iter().enumerate() {
                let paragraphs = row.matches("<w:p ").count() + row.matches("<w:p>").count();
                let kept = row.matches("<w:keepNext").count();
                let want = if i + 1 < rows.len() { paragraphs } else { 0 };
                assert_eq!(kept, want, "row {i} of a chart: {row}");
            }
        }
    }
    assert_eq!(charts, 24, "one chart per goal");
}

#[test]
fn a_contracts_signing_chapter_keeps_with_its_signatures_in_word() {
    // As in the PDF, the chapter «Underskrift på kontrakten» goes with the
    // signatures to their page: its heading, its text and the date keep
    // with the next paragraph down to the table of lines to sign on.
    // Before, only the heading and the date did, and Word could part the
    // text that is signed from the signatures.
    let dir = tempfile::tempdir().unwrap();
    let all = build_all(&root().join("inputs/kontrakter-2008.xlsx"), dir.path());
    assert_eq!(all.len(), 10);
    for (_, docx) in &all {
        let document = docx_part(docx, "word/document.xml");
        let signatures = document.rfind("<w:tbl>").unwrap();
        let heading = document[..signatures].rfind(">Underskrift på kontrakten<").expect("the chapter");
        let start = document[..heading].rfind("<w:p ").max(document[..heading].rfind("<w:p>")).unwrap();
        let chapter = &document[start..signatures];
        let paragraphs = chapter.matches("<w:p ").count() + chapter.matches("<w:p>").count();
        assert!(paragraphs >= 4, "heading, two paragraphs and the date: {chapter}");
        assert_eq!(chapter.matches("<w:keepNext").count(), paragraphs, "{}: {chapter}", docx.display());
        // The text kept is body text, justified as the rest.
        assert_eq!(chapter.matches(r#"<w:jc w:val="both" />"#).count(), paragraphs - 1, "{chapter}");
    }
}

/// The half-year's and the full-year's `word/document.xml`, built once:
/// (workbook, XML).
fn follow_up_documents() -> &'static [(&'static str, String)] {
    static DOCUMENTS: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        ["halvaarsopfoelgning-2008.xlsx", "helaarsopfoelgning-2009.xlsx"]
            .into_iter()
            .map(|workbook| {
                let dir = tempfile::tempdir().unwrap();
                let (_, docx) = build(&root().join("inputs").join(workbook), dir.path());
                (workbook, docx_part(&docx, "word/document.xml"))
            })
            .collect()
    })
}

#[test]
fn a_light_stays_with_its_word_and_a_label_is_one_word_in_word() {
    // In LibreOffice's pages (Carlito) «Grøn¹» wrapped under its light in
    // table 12 of the half-year, and «Tabel» / «10b» in the list of red and
    // yellow goals: the space after a light and inside a label broke, and
    // the column was made wide enough for each word alone.
    for (workbook, document) in follow_up_documents() {
        let mut words = 0;
        for symbol in ["✓", "!", "×"] {
            let light = format!(">\u{a0}{symbol}\u{a0}</w:t></w:r>");
            for (at, _) in document.match_indices(&light) {
                let rest = &document[at + light.len()..];
                // The run after the light, if the paragraph goes on.
                if !rest.starts_with("<w:r>") {
                    continue;
                }
                let t = &rest[rest.find("<w:t").unwrap()..];
                let text = &t[t.find('>').unwrap() + 1..t.find("</w:t>").unwrap()];
                assert!(!text.starts_with(' '), "{workbook}: a light parted from {text:?}");
                if text.starts_with('\u{a0}') {
                    words += 1;
                }
            }
        }
        assert!(words >= 20, "{workbook}: {words} lights with their word");
        // The overview's labels («Tabel 13», «Mål 12») break nowhere.
        let labels = document.matches(">Tabel\u{a0}").count() + document.matches(">Mål\u{a0}").count();
        assert!(labels >= 20, "{workbook}: {labels} labels");
        assert!(!document.contains(">Tabel </w:t>") && !document.contains(">Mål </w:t>"), "{workbook}");
        for label in document.match_indices(">Tabel ").chain(document.match_indices(">Mål ")) {
            let after = &document[label.0..];
            let text = &after[1..after.find("</w:t>").unwrap()];
            // Prose may say «Tabel 13 viser …»; a cell's label is the whole text.
            assert!(text.split_whitespace().count() > 2, "{workbook}: the label {text:?} may break");
        }
    }
}

#[test]
fn a_chart_s_title_is_set_ragged_and_small_in_word_as_in_the_pdf() {
    // The PDF sets a chart's title ragged at 8.5 pt; Word had it as body
    // text, 11 pt and justified, so a title of two lines («Tabel 10b: …»)
    // stood with gaps twice a space's width in LibreOffice's pages.
    for (workbook, document) in follow_up_documents() {
        let mut titles = 0;
        for (at, _) in document.match_indices("<w:tbl>") {
            let table = &document[at..at + document[at..].find("</w:tbl>").unwrap()];
            if !table.contains("<pic:pic") {
                continue;
            }
            let before = &document[..at];
            let title = &before[before.rfind("<w:p ").max(before.rfind("<w:p>")).unwrap()..];
            assert!(title.contains(r#"<w:jc w:val="left" />"#), "{workbook}: {title}");
            let runs = title.matches("<w:r>").count();
            assert!(runs >= 2, "{workbook}: {title}");
            assert_eq!(title.matches(r#"<w:sz w:val="17" />"#).count(), runs, "{workbook}: 8.5 pt: {title}");
            titles += 1;
        }
        assert!(titles >= 20, "{workbook}: {titles} charts");
    }
}

/// The rows of every table of `document`, each row's XML.
fn table_rows(document: &str) -> Vec<Vec<&str>> {
    document
        .split("<w:tbl>")
        .skip(1)
        .map(|t| t[..t.find("</w:tbl>").unwrap()].split("<w:tr>").skip(1).collect())
        .collect()
}

/// Whether every paragraph of a table row's cells keeps with the next (a
/// cell covered by one above has an empty paragraph of its own).
fn row_kept(row: &str) -> bool {
    row.matches(r#"<w:pStyle w:val="TableText" />"#).count() == row.matches("<w:keepNext").count()
}

#[test]
fn a_goal_of_the_full_year_status_and_a_table_s_notes_stay_on_one_page_in_word() {
    let dir = tempfile::tempdir().unwrap();
    // The full year: a row under which a cell goes on (the goal's number
    // beside its units and «Samlet vurdering») keeps with the next row,
    // so the goal is not parted (goal 22 was, over LibreOffice's pages 6
    // and 7); a goal's last row, «Samlet vurdering», lets the page break.
    let (_, docx) = build(&root().join("inputs/helaarsopfoelgning-2009.xlsx"), dir.path());
    let document = docx_part(&docx, "word/document.xml");
    let mut held = 0;
    for rows in table_rows(&document) {
        for pair in rows.windows(2) {
            if pair[1].contains(r#"<w:vMerge w:val="continue" />"#) {
                assert!(row_kept(pair[0]), "a goal's row lets go of the next: {}", pair[0]);
                held += 1;
            }
        }
        if rows.last().is_some_and(|r| r.contains("Samlet vurdering")) {
            assert!(!rows.last().unwrap().contains("<w:keepNext"), "the table's end is held");
        }
    }
    assert!(held >= 60, "{held} rows held to the next");
    // The half year: a table's source line and the reason for a hand-set
    // light follow its last row to its page (table 12's reason stood
    // alone at the top of LibreOffice's page 13).
    let dir = tempfile::tempdir().unwrap();
    let (_, docx) = build(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), dir.path());
    let document = docx_part(&docx, "word/document.xml");
    let reason = document.find("Ydelsesservice opfylder fint sine resultatmål").expect("table 12's reason");
    let table = document[..reason].rfind("<w:tbl>").unwrap();
    let rows = table_rows(&document[table..]);
    assert!(row_kept(rows[0].last().unwrap()), "the last row lets go of its notes");
    let end = table + document[table..].find("</w:tbl>").unwrap();
    let between = &document[end..reason];
    let paragraphs = between.matches("<w:p ").count() + between.matches("<w:p>").count();
    // The space after the table and the source line are held to the next;
    // the reason's own paragraph, the last, opens in `between`.
    assert!(paragraphs >= 3, "{between}");
    assert_eq!(between.matches("<w:keepNext").count(), paragraphs - 1, "{between}");
}

/// The errors openxml-audit finds in the DOCX files of `dir`: file, part,
/// path and description, one a line.
fn schema_errors(dir: &Path) -> Vec<String> {
    let out = Command::new("openxml-audit")
        .args(["--quiet", "--recursive", "--max-errors", "0", "--output", "json"])
        .arg(dir)
        .output()
        .expect("openxml-audit runs (PyPI openxml-audit 0.8.0; .ci/run installs it)");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut errors = Vec::new();
    for file in report.as_array().expect("one report per file") {
        assert!(file["valid"].is_boolean(), "{file}");
        for e in file["errors"].as_array().into_iter().flatten() {
            errors.push(format!("{}: {} {}: {}", file["file"], e["part_uri"], e["path"], e["description"]));
        }
        if file["valid"] == false && file["errors"].as_array().is_none_or(|e| e.is_empty()) {
            errors.push(format!("{}: invalid", file["file"]));
        }
    }
    errors
}

#[test]
fn every_example_docx_is_valid_against_the_ooxml_schema() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<PathBuf> = inputs()
        .iter()
        .flat_map(|wb| {
            let built = opfolg::build(wb, dir.path(), &renderer(), Formats { pdf: false, docx: true })
                .unwrap_or_else(|d| panic!("{d}"));
            built.files
        })
        .collect();
    assert!(docs.len() >= 14, "{docs:?}");
    let errors = schema_errors(dir.path());
    assert!(errors.is_empty(), "{} schema errors:\n{}", errors.len(), errors.join("\n"));
}

#[test]
fn the_schema_check_finds_what_word_would_repair() {
    let dir = tempfile::tempdir().unwrap();
    let (_, docx) = build(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), dir.path());
    std::fs::remove_file(docx.with_extension("pdf")).unwrap();
    // The package as docx-rs writes it: a width type on a grid column, and
    // a list's level after its numbering id.
    let broken = dir.path().join("broken.docx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&broken).unwrap());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).unwrap().replacen(
                "<w:gridCol w:w=",
                r#"<w:gridCol w:type="dxa" w:w="#,
                1,
            );
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, &data).unwrap();
    }
    out.finish().unwrap();
    let errors = schema_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("broken.docx") && errors[0].contains("gridCol"), "{errors:?}");
}

#[test]
fn every_xml_part_is_in_schema_order() {
    let dir = tempfile::tempdir().unwrap();
    let (_, docx) = build(&root().join("inputs/halvaarsopfoelgning-2008.xlsx"), dir.path());
    let file = std::fs::File::open(&docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok()).map(|n| n.to_string()).collect();
    for name in names.iter().filter(|n| n.ends_with(".xml")) {
        let mut xml = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
        let problems = opfolg::render::ooxml::order_violations(&xml);
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
}

#[test]
fn the_same_workbook_gives_the_same_docx_bytes_in_one_process_and_two() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let wb = root().join("inputs/halvaarsopfoelgning-2008.xlsx");
    // docx-rs counts footnotes per process; the second document must not differ.
    let first = std::fs::read(build(&wb, a.path()).1).unwrap();
    let second = std::fs::read(build(&wb, b.path()).1).unwrap();
    if first != second {
        for part in
            ["word/document.xml", "word/footnotes.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"]
        {
            let (x, y) = (
                docx_part(&a.path().join("halvaarsopfoelgning-2008.docx"), part),
                docx_part(&b.path().join("halvaarsopfoelgning-2008.docx"), part),
            );
            if x != y {
                let at = x.bytes().zip(y.bytes()).position(|(p, q)| p != q).unwrap_or(0);
                panic!(
                    "two DOCX builds in one process differ in {part} at {at}: {:?} / {:?}",
                    &x[at.saturating_sub(80)..(at + 80).min(x.len())],
                    &y[at.saturating_sub(80)..(at + 80).min(y.len())]
                );
            }
        }
        panic!("two DOCX builds in one process differ");
    }
    let c = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["build", "--format", "docx", "--out"])
        .arg(c.path())
        .arg(&wb)
        .status()
        .unwrap();
    assert!(status.success());
    let third = std::fs::read(c.path().join("halvaarsopfoelgning-2008.docx")).unwrap();
    assert!(first == third, "a DOCX made by another process differs");
    assert!(!c.path().join("halvaarsopfoelgning-2008.pdf").exists(), "--format docx makes no PDF");
}

/// The number of pages of a PDF, by pdfinfo.
fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo runs (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap_or_else(|| panic!("{info}"));
    line["Pages:".len()..].trim().parse().unwrap()
}

/// Words of table cells that a page shows broken over two lines: a line
/// ending in the word's start and the next line beginning with its rest
/// ("Skelbækgad", "e"). `cell_words` are the words the cells hold.
fn words_broken_in_cells(text: &str, cell_words: &std::collections::BTreeSet<String>) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut broken = Vec::new();
    for pair in lines.windows(2) {
        let (Some(end), Some(start)) = (pair[0].split_whitespace().last(), pair[1].split_whitespace().next())
        else {
            continue;
        };
        let joined = format!("{end}{start}");
        // A line may end after a hyphen ("YDS-", "kontanthjælp"): that is
        // where a word may break, in the PDF as in Word.
        if cell_words.contains(&joined) && !cell_words.contains(end) && !end.ends_with('-') {
            broken.push(format!("{end} / {start}"));
        }
    }
    broken
}

#[test]
fn a_word_broken_inside_a_cell_is_found() {
    let words: std::collections::BTreeSet<String> =
        ["Jobcenter", "Skelbækgade", "og"].into_iter().map(String::from).collect();
    let text = "Center for Job og\nJobcenter Skelbækgad\ne 85 %\n";
    assert_eq!(words_broken_in_cells(text, &words), ["Skelbækgad / e"]);
    assert!(words_broken_in_cells("Jobcenter\nSkelbækgade\n", &words).is_empty());
    let hyphened: std::collections::BTreeSet<String> = ["YDS-kontanthjælp".to_string()].into();
    assert!(words_broken_in_cells("YDS-\nkontanthjælp\n", &hyphened).is_empty());
}

#[test]
fn libreoffice_opens_every_docx_and_shows_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let built: Vec<(PathBuf, PathBuf)> = inputs().iter().flat_map(|wb| build_all(wb, dir.path())).collect();
    let docs: Vec<PathBuf> = built.iter().map(|(_, d)| d.clone()).collect();
    let out = dir.path().join("lo");
    let profile = dir.path().join("lo-profile");
    // The documents name Calibri, which LibreOffice shows with its metric
    // twin Carlito, as a Word user's machine has Calibri. This machine may
    // have neither installed: LibreOffice gets the shipped Carlito through a
    // fontconfig file that adds `fonts/` to the system's fonts.
    let fonts_conf = dir.path().join("fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            r#"<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{}</dir><cachedir>{}</cachedir></fontconfig>"#,
            root().join("fonts").display(),
            dir.path().join("fc-cache").display()
        ),
    )
    .unwrap();
    // One LibreOffice run converts them all; starting it is the slow part.
    let status = Command::new("libreoffice")
        .env("FONTCONFIG_FILE", &fonts_conf)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(&docs)
        .output()
        .expect("LibreOffice runs (Debian package libreoffice-writer; .ci/run installs it)");
    for docx in docs {
        let converted = out.join(docx.with_extension("pdf").file_name().unwrap());
        assert!(
            converted.exists(),
            "LibreOffice could not open {}: {}",
            docx.display(),
            String::from_utf8_lossy(&status.stderr)
        );
        if docx.ends_with("halvaarsopfoelgning-2008.docx") {
            let text = pdf_text_in_order(&converted);
            let squashed: String = unhyphenate(&text).split_whitespace().collect();
            for &(table, _, target, result, difference) in ROWS {
                for part in [target, result, difference] {
                    let p: String = part.split_whitespace().collect();
                    assert!(squashed.contains(&p), "table {table}: {part} is not in LibreOffice's pages");
                }
            }
            assert!(text.contains("Tabel 21."));
        }
    }
    let mut problems = Vec::new();
    for (pdf, docx) in &built {
        let converted = out.join(docx.with_extension("pdf").file_name().unwrap());
        // Word's pages as LibreOffice lays them out, against the PDF's: the
        // font is the same (Calibri shown with Carlito), so they match.
        let (word, typst) = (pages(&converted), pages(pdf));
        if word.abs_diff(typst) > 1 {
            problems.push(format!("{}: {word} pages, the PDF {typst}", docx.display()));
        }
        let cell_words = docx_text(docx)
            .rows
            .iter()
            .flatten()
            .flat_map(|c| c.split_whitespace().map(String::from).collect::<Vec<_>>())
            .collect();
        let broken = words_broken_in_cells(&pdf_text_in_order(&converted), &cell_words);
        if !broken.is_empty() {
            problems.push(format!("{}: words broken in a cell: {broken:?}", docx.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
