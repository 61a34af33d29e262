//! End to end: the real workbook of seed 000 through the real pipeline to a
//! real PDF, read back with `pdftotext -layout`.

use std::path::{Path, PathBuf};
use std::process::Command;

use opfolg::render::{Formats, Renderer};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn renderer() -> Renderer {
    Renderer::new(&root().join("report_templates"), &root().join("fonts")).expect("templates and fonts load")
}

fn example() -> PathBuf {
    root().join("inputs/halvaarsopfoelgning-2008.xlsx")
}

/// The PDF's text, laid out as on the page.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian package poppler-utils; .ci/run installs it)");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn build_example(dir: &Path) -> PathBuf {
    let built = opfolg::build(&example(), dir, &renderer(), Formats { pdf: true, docx: false })
        .expect("the example builds");
    assert_eq!(built.files, vec![dir.join("halvaarsopfoelgning-2008.pdf")]);
    built.files[0].clone()
}

/// Every row of every table of seed 000: unit, target, result and the
/// difference computed from unrounded values. Where the seed printed a wrong
/// difference (table 13 Ydelsesservice, table 16 Sygedagpenge), this holds
/// the right one.
const ROWS: &[(u32, &str, &str, &str, &str)] = &[
    (1, "Jobcenter København", "10 %", "4,5 %", "- 5,5 %-point"),
    (2, "Jobcenter København", "20,4 %", "18,2 %", "- 2,2 %-point"),
    (3, "Jobcenter København", "15 %", "15 %", "0 %-point"),
    (4, "Jobcenter København", "95 %", "81 %", "- 14 %-point"),
    (5, "Jobcenter København", "95 %", "91 %", "- 4 %-point"),
    (6, "Jobcenter Sygedagpenge", "70 %", "59 %", "- 11,2 %-point"),
    (7, "Jobcenter Sygedagpenge", "25 %", "24 %", "- 1 %-point"),
    (8, "JSV", "50 %", "51,7 %", "+ 1,7 %-point"),
    (9, "JSV", "95 %", "96 %", "+ 1 %-point"),
    (10, "Beskæftigelsescentrene", "41,7 %", "31,1 %", "- 10,6 %-point"),
    (10, "Beskæftigelsescentrene", "39 %", "32,3 %", "- 6,7 %-point"),
    (10, "CJF", "57 %", "55 %", "- 2 %-point"),
    (11, "Jobcenter København og CJF", "282", "281", "- 1"),
    (12, "Ydelsesservice", "50 %", "57 %", "+ 7 %-point"),
    (12, "Ydelsesservice", "100 %", "95 %", "- 5 %-point"),
    (12, "Ydelsesservice", "95 %", "95 %", "0 %-point"),
    (13, "Jobcenter København", "34,1", "62,0", "+ 27,9"),
    (13, "CJF", "0,0", "0,0", "0"),
    (13, "JSV", "0,0", "0,0", "0"),
    (13, "Jobcenter Sygedagpenge", "10,5", "29,0", "+ 18,5"),
    (13, "Ydelsesservice", "10,4", "19,5", "+ 9,1"),
    (14, "Jobcenter København", "95 %", "94 %", "- 1 %-point"),
    (16, "Jobcenter København", "7,2", "6", "- 1,2"),
    (16, "Beskæftigelsescentrene", "5,9", "5,2", "- 0,7"),
    (16, "Jobcenter Sygedagpenge", "4,6", "4,8", "+ 0,2"),
    (16, "Ydelsesservice", "5,4", "5,6", "+ 0,2"),
    (16, "JSV", "5", "4,3", "- 0,7"),
    (16, "CJF", "5,6", "7,5", "+ 1,9"),
    (16, "BIF i alt*", "4,3", "5,5", "+ 1,2"),
    (17, "Jobcenter København", "3,0", "3,0", "0"),
    (17, "Beskæftigelsescentrene", "3,3", "3,5", "+ 0,2"),
    (17, "Jobcenter Sygedagpenge", "2,6", "3,0", "+ 0,4"),
    (17, "Ydelsesservice", "3,4", "3,2", "- 0,2"),
    (17, "JSV", "4,9", "3,1", "- 1,8"),
    (17, "CJF", "2,9", "5,2", "+ 2,3"),
    (17, "BIF i alt*", "2,4", "3,2", "+ 0,8"),
    (18, "Jobcenter København", "56,8", "57,6", "+ 0,8"),
    (18, "Beskæftigelsescentrene", "71,3", "59,7", "- 11,6"),
    (18, "Jobcenter Sygedagpenge", "51,1", "59", "+ 7,9"),
    (18, "Ydelsesservice", "70,2", "72", "+ 1,8"),
    (18, "JSV", "70", "88", "+ 18"),
    (18, "CJF", "65", "69", "+ 4"),
    (18, "BIF i alt*", "64", "63", "- 1"),
    (19, "Jobcenter København", "100 %", "87,7 %", "- 12,3 %-point"),
    (20, "Jobcenter København", "85 – 100 %", "70 %", "- 15-30 %-point"),
    (21, "Ydelsesservice", "100 %", "90 %", "- 10 %-point"),
    (21, "Beskæftigelsescentrene", "100 %", "98,7 %", "- 1,3 %-point"),
];

/// The text with Typst's hyphenation undone: a soft hyphen and the line
/// break after it are dropped.
fn unhyphenate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{ad}' {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The section of the text from "Tabel N." to the next table's caption.
fn table_section(text: &str, number: u32) -> &str {
    let start =
        text.find(&format!("Tabel {number}. ")).unwrap_or_else(|| panic!("Tabel {number}. is in the PDF"));
    let rest = &text[start + 1..];
    let end = rest.find("Tabel ").map(|e| start + 1 + e).unwrap_or(text.len());
    // Captions may be followed by "Tabel" only in running text ("tabel 13" is lower case).
    &text[start..end]
}

#[test]
fn every_table_row_of_the_seed_is_in_the_pdf_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let text = pdf_text(&build_example(dir.path()));
    for &(table, unit, target, result, difference) in ROWS {
        let section = table_section(&text, table);
        // Compared without spacing: pdftotext -layout guesses spaces from
        // glyph positions and may print "- 1" as "-1".
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let lines: Vec<String> = section.lines().map(squash).collect();
        let (target, result, difference) = (squash(target), squash(result), squash(difference));
        // The figures stand on one line; a long unit name may wrap around
        // them, so it is looked for in the lines next to it.
        let found = lines.iter().enumerate().any(|(i, line)| {
            let Some(t) = line.find(&target) else { return false };
            let rest = &line[t + target.len()..];
            let Some(r) = rest.find(&result) else { return false };
            if !rest[r + result.len()..].contains(&difference) {
                return false;
            }
            let near = lines[i.saturating_sub(2)..(i + 3).min(lines.len())].concat();
            unit.split_whitespace().all(|w| near.contains(w))
        });
        assert!(
            found,
            "table {table}: no line with {unit} | {target} | {result} | {difference} in\n{section}"
        );
    }
}

#[test]
fn the_pdf_holds_the_seeds_text_and_structure() {
    let dir = tempfile::tempdir().unwrap();
    let text = pdf_text(&build_example(dir.path()));
    let flat: String = unhyphenate(&text).split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Halvårsopfølgning på resultatkontrakter",
        "1. halvår 2008",
        "1. september 2008",
        "INDLEDNING",
        "De fire styringsparametre",
        "Kvalitet i servicen: Den måde hvorpå beskæftigelsesindsatsen udføres.",
        "Rød betyder, at forvaltningen ikke vurderer",
        "1. BESKÆFTIGELSESINDSATSEN",
        "1.1 Effekterne af den tidlige indsats",
        "1.9 Ydelsesservice",
        "2. KVALITET I SERVICEN",
        "2.2 Telefonbetjeningen",
        "3. PERSONALE",
        "3.2 Det Personalepolitiske Termometer",
        "4. ØKONOMI",
        "4.2 Beskæftigelsescentrene og Ydelsesservice",
        "Nedbringelse af de langvarige sager",
        "Kilde: BIFs Borgerklagestatistik",
        "Note: Effekter efter henholdsvis 3 og 6 måneder måles forskelligt",
        "Note: Simpelt gennemsnit",
        "* Centralforvaltningen indgår ikke i denne beregning.",
        "Jobcenter Sygedagpenge skal dog fastholde samme niveau som i 2007.",
        "trafiklyset er sat til gul i stedet for det beregnede rød",
        "merforbrug på beskæftigelsescentrene på 11 mio. kr.",
    ] {
        assert!(flat.contains(needle), "the PDF lacks {needle:?}");
    }
    let table11: String = table_section(&text, 11).split_whitespace().collect();
    assert!(table11.contains("281") && table11.contains("(131virk.") && table11.contains("150løntilskud)"));
    // Every table of the seed, and no table 15 (the seed has none).
    for n in (1..=21).filter(|n| *n != 15) {
        assert!(text.contains(&format!("Tabel {n}. ")), "Tabel {n}. is missing");
    }
    assert!(!text.contains("Tabel 15."));
    // "side X af Y" on every page.
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 8, "a full report, got {pages} pages");
    assert!(
        text.contains(&format!("side 1 af {pages}")) && text.contains(&format!("side {pages} af {pages}"))
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let first = std::fs::read(build_example(a.path())).unwrap();
    let second = std::fs::read(build_example(b.path())).unwrap();
    assert!(first == second, "two builds of the same workbook differ");
    assert!(first.starts_with(b"%PDF-"));
}

#[test]
fn the_filled_typst_source_does_not_drift() {
    let (followup, _) = opfolg::load(&example()).unwrap();
    let filled = renderer().typst_source(&followup).unwrap();
    insta::assert_snapshot!("halvaarsopfoelgning-2008.typ", filled.source);
}

#[test]
fn the_assessed_model_does_not_drift() {
    let (followup, warnings) = opfolg::load(&example()).unwrap();
    assert!(warnings.is_empty(), "the example has no warnings: {warnings}");
    insta::assert_json_snapshot!("halvaarsopfoelgning-2008.model", followup);
}

#[test]
fn the_cli_builds_into_the_out_folder_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_opfolg");
    let out = Command::new(bin).arg("build").arg(example()).arg("--out").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.path().join("halvaarsopfoelgning-2008.pdf");
    assert!(pdf_text(&pdf).contains("Tabel 21."));

    let check = Command::new(bin).arg("check").arg(example()).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).contains("47 mål-rækker"));

    let model = Command::new(bin).arg("model").arg(example()).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&model.stdout).expect("model prints JSON");
    assert_eq!(json["report"]["meta"]["year"], 2008);
    assert_eq!(
        json["summary"]["green"].as_u64().unwrap()
            + json["summary"]["yellow"].as_u64().unwrap()
            + json["summary"]["red"].as_u64().unwrap(),
        47
    );

    let usage = Command::new(bin).arg("build").output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "usage errors exit 2");
}
