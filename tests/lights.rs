//! Traffic lights that do not rely on colour (WCAG 1.4.1): every light has
//! its symbol and a text alternative, and the colours declared in
//! `opfolg.typ` stay apart in grey print and under deuteranopia, measured on
//! the declared values and on the rendered page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(workbook: &str, dir: &Path) -> PathBuf {
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .arg("build")
        .arg(root().join(workbook))
        .args(["--format", "pdf", "--out"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stem = Path::new(workbook).file_stem().unwrap().to_string_lossy().into_owned();
    dir.join(format!("{stem}.pdf"))
}

/// The `/Alt` texts of the PDF's structure elements, decoded.
fn alt_texts(pdf: &Path, dir: &Path) -> Vec<String> {
    let plain = dir.join("plain.pdf");
    let run = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&plain)
        .output()
        .expect("qpdf runs (Debian qpdf)");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let bytes = std::fs::read(&plain).unwrap();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"/Alt ") {
        let s = at + i + 5;
        match bytes[s] {
            b'<' => {
                let end = s + find(&bytes[s..], b">").unwrap();
                let hex = std::str::from_utf8(&bytes[s + 1..end]).unwrap();
                let raw: Vec<u8> = (0..hex.len())
                    .step_by(2)
                    .map(|k| u8::from_str_radix(&hex[k..k + 2], 16).unwrap())
                    .collect();
                assert_eq!(&raw[..2], [0xfe, 0xff], "UTF-16BE with its mark");
                let units: Vec<u16> = raw[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                out.push(String::from_utf16(&units).unwrap());
            }
            b'(' => {
                let end = s + find(&bytes[s..], b")").unwrap();
                out.push(String::from_utf8_lossy(&bytes[s + 1..end]).into_owned());
            }
            _ => {}
        }
        at = s;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn every_light_of_the_overview_is_read_as_its_word() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build("inputs/halvaarsopfoelgning-2008.xlsx", dir.path());
    let (followup, _) = opfolg::load(&root().join("inputs/halvaarsopfoelgning-2008.xlsx")).unwrap();
    // Every row's light, summary rows («BIF i alt») too: the matrix shows
    // them, though the headline does not count them on top of their units.
    let lights: Vec<Option<opfolg::model::TrafficLight>> =
        followup.assessments.iter().flat_map(|g| g.units.iter().map(|a| a.light)).collect();
    let rows = |l: Option<opfolg::model::TrafficLight>| lights.iter().filter(|x| **x == l).count();
    use opfolg::model::TrafficLight::{Green, Red, Yellow};
    let alts = alt_texts(&pdf, dir.path());
    let count = |w: &str| alts.iter().filter(|a| *a == w).count();
    // One light per goal row in the matrix, each with its word; the key
    // under the matrix is decoration beside its printed word.
    assert_eq!(
        (count("Grøn"), count("Gul"), count("Rød"), count("Ikke vurderet")),
        (rows(Some(Green)), rows(Some(Yellow)), rows(Some(Red)), rows(None)),
        "{alts:?}"
    );
}

#[test]
fn every_chart_is_read_as_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build("inputs/halvaarsopfoelgning-2008.xlsx", dir.path());
    let alts = alt_texts(&pdf, dir.path());
    let charts: Vec<&String> = alts.iter().filter(|a| a.starts_with("Tabel ")).collect();
    assert!(charts.len() >= 20, "{charts:?}");
    // Every row of every table: its unit, result and target, in the chart
    // of its table.
    for (table, unit, target, result, _) in common::ROWS {
        // A table of several goals labels them «Tabel 10a», «Tabel 10b».
        let head = format!("Tabel {table}");
        let of_table = |a: &str| {
            a.strip_prefix(&head).is_some_and(|rest| {
                rest.starts_with(':') || rest.starts_with(|c: char| c.is_ascii_lowercase())
            })
        };
        let says = format!("{unit}: resultat {result}, mål {target}, ");
        assert!(
            charts.iter().any(|a| of_table(a) && a.contains(&says)),
            "no chart of table {table} says {says:?}: {charts:?}"
        );
    }
}

/// The traffic-light colours as `opfolg.typ` declares them.
pub(crate) fn declared_colours() -> HashMap<String, [u8; 3]> {
    let typ = std::fs::read_to_string(root().join("report_templates/opfolg.typ")).unwrap();
    let start = typ.find("#let lys-farver = (").expect("lys-farver is declared");
    let block = &typ[start..start + typ[start..].find("\n)").unwrap()];
    let mut out = HashMap::new();
    for line in block.lines().skip(1) {
        let (name, rest) = line.trim().split_once(':').unwrap();
        let hex = rest.split('"').nth(1).unwrap().trim_start_matches('#');
        let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
        out.insert(name.trim().to_string(), [c(0), c(2), c(4)]);
    }
    assert_eq!(out.len(), 3, "{out:?}");
    out
}

fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

/// CIE L* of a linear-light luminance.
fn lightness(y: f64) -> f64 {
    if y > 0.008856 { 116.0 * y.cbrt() - 16.0 } else { 903.3 * y }
}

/// L* of an sRGB colour.
fn l_star(rgb: [u8; 3]) -> f64 {
    let [r, g, b] = rgb.map(linear);
    lightness(0.2126 * r + 0.7152 * g + 0.0722 * b)
}

/// L* of the colour as a deuteranope sees it: Machado, Oliveira and
/// Fernandes (2009), severity 1, applied in linear RGB.
fn l_star_deuteranopia(rgb: [u8; 3]) -> f64 {
    const M: [[f64; 3]; 3] =
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]];
    let l = rgb.map(linear);
    let d: Vec<f64> =
        M.iter().map(|row| (row[0] * l[0] + row[1] * l[1] + row[2] * l[2]).clamp(0.0, 1.0)).collect();
    lightness(0.2126 * d[0] + 0.7152 * d[1] + 0.0722 * d[2])
}

/// The grey a printer makes of the colour (ITU-R 601 luma, as pdftoppm -gray).
fn grey(rgb: [u8; 3]) -> f64 {
    0.299 * f64::from(rgb[0]) + 0.587 * f64::from(rgb[1]) + 0.114 * f64::from(rgb[2])
}

/// The smallest difference between any two of `values`.
fn closest(values: &[f64]) -> f64 {
    let mut least = f64::INFINITY;
    for (i, a) in values.iter().enumerate() {
        for b in &values[i + 1..] {
            least = least.min((a - b).abs());
        }
    }
    least
}

/// Whether three light colours are told apart by lightness alone: in grey
/// print and for a deuteranope, every two at least 15 L* apart.
fn apart(colours: &[[u8; 3]]) -> Result<(), String> {
    let grey_l: Vec<f64> = colours.iter().map(|c| l_star(*c)).collect();
    let deut_l: Vec<f64> = colours.iter().map(|c| l_star_deuteranopia(*c)).collect();
    if closest(&grey_l) < 15.0 || closest(&deut_l) < 15.0 {
        return Err(format!("L* {grey_l:.0?}, deuteranopia L* {deut_l:.0?}"));
    }
    Ok(())
}

#[test]
fn the_declared_colours_differ_in_lightness_in_grey_and_for_deuteranopes() {
    let c = declared_colours();
    let colours = [c["green"], c["yellow"], c["red"]];
    apart(&colours).unwrap();
    // The check can fail: the colours before (a mid green and a deep red)
    // were 8 L* apart in grey and 3 for a deuteranope.
    assert!(apart(&[[0x2e, 0x8b, 0x3a], [0xf2, 0xc2, 0x00], [0xc8, 0x10, 0x2e]]).is_err());
}

/// A page of the PDF as pixels (pdftoppm at 100 dpi), colour or grey.
fn render(pdf: &Path, page: u32, gray: bool, dir: &Path) -> (usize, Vec<u8>) {
    let stem = dir.join(if gray { "grey" } else { "colour" });
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-r", "100", "-f", &page.to_string(), "-l", &page.to_string(), "-singlefile"]);
    if gray {
        cmd.arg("-gray");
    }
    let run = cmd.arg(pdf).arg(&stem).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let bytes = std::fs::read(stem.with_extension(if gray { "pgm" } else { "ppm" })).unwrap();
    // Netpbm: magic, width, height, maxval, one whitespace, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let s = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[s..at]).into_owned());
    }
    (fields[1].parse().unwrap(), bytes[at + 1..].to_vec())
}

#[test]
fn on_the_rendered_overview_the_lights_stay_apart_in_grey_and_for_deuteranopes() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build("inputs/halvaarsopfoelgning-2008.xlsx", dir.path());
    let declared = declared_colours();
    // The overview's pages (the matrix, its key, the goals in trouble and the
    // charts): every colour is there, drawn many times.
    let (mut colour, mut grey_page) = (Vec::new(), Vec::new());
    for page in 1..=4 {
        colour.extend(render(&pdf, page, false, dir.path()).1);
        grey_page.extend(render(&pdf, page, true, dir.path()).1);
    }
    let mut measured = Vec::new();
    for name in ["green", "yellow", "red"] {
        let want = declared[name];
        // The pixels drawn in the declared colour (the lights' and bars'
        // insides), and what the grey rendering made of the same pixels.
        let pixels: Vec<usize> = (0..colour.len() / 3)
            .filter(|&i| (0..3).all(|k| colour[3 * i + k].abs_diff(want[k]) <= 2))
            .collect();
        assert!(pixels.len() > 200, "{name}: {} pixels of {want:?} on the page", pixels.len());
        let mut greys: Vec<u8> = pixels.iter().map(|&i| grey_page[i]).collect();
        greys.sort_unstable();
        let g = f64::from(greys[greys.len() / 2]);
        // The grey rendering is the declared colour's luma.
        assert!((g - grey(want)).abs() <= 3.0, "{name}: grey {g} on the page, {} declared", grey(want));
        let rgb = pixels.iter().fold([0u64; 3], |mut s, &i| {
            (0..3).for_each(|k| s[k] += u64::from(colour[3 * i + k]));
            s
        });
        measured.push((g, rgb.map(|s| (s / pixels.len() as u64) as u8)));
    }
    let greys: Vec<f64> = measured.iter().map(|(g, _)| *g).collect();
    assert!(closest(&greys) >= 40.0, "grey values on the page too close: {greys:?}");
    let colours: Vec<[u8; 3]> = measured.iter().map(|(_, c)| *c).collect();
    apart(&colours).unwrap();
}

/// Every `data-light` element of the HTML the Word document is made from:
/// (light, fill, text).
fn html_lights(workbook: &str) -> Vec<(String, String, String)> {
    use typst_html::{HtmlElement, HtmlNode};
    let renderer =
        opfolg::render::Renderer::new(&root().join("report_templates"), &root().join("fonts")).unwrap();
    let (followup, _) = opfolg::load(&root().join(workbook)).unwrap();
    let filled = renderer.typst_source(&followup).unwrap_or_else(|d| panic!("{d}"));
    let fonts = std::sync::Arc::new(
        opfolg::render::world::Fonts::load(&opfolg::render::Assets::Folder(root().join("fonts"))).unwrap(),
    );
    let date = opfolg::model::Date { year: 2008, month: 9, day: 1 };
    let compiler = opfolg::render::compile::Compiler::new(
        fonts,
        &opfolg::render::Assets::Folder(root().join("report_templates")),
        &filled,
        date,
        &[],
    );
    let html = compiler.html().unwrap_or_else(|d| panic!("{d}"));
    fn walk(e: &HtmlElement, out: &mut Vec<(String, String, String)>) {
        let attr = |name: &str| {
            e.attrs.0.iter().find(|(k, _)| k.resolve().as_str() == name).map(|(_, v)| v.to_string())
        };
        if let Some(light) = attr("data-light") {
            let text: String = e
                .children
                .iter()
                .filter_map(|n| match n {
                    HtmlNode::Text(t, _) => Some(t.to_string()),
                    _ => None,
                })
                .collect();
            out.push((light, attr("data-fill").unwrap_or_default(), text));
        }
        for n in &e.children {
            if let HtmlNode::Element(c) = n {
                walk(c, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(html.root(), &mut out);
    out
}

#[test]
fn in_the_html_for_word_every_light_carries_its_colour_and_symbol() {
    let declared = declared_colours();
    let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
    let lights = html_lights("inputs/halvaarsopfoelgning-2008.xlsx");
    // The matrix, the key, the chart rows, the tables and the legend.
    assert!(lights.len() > 100, "{}", lights.len());
    for (light, fill, text) in &lights {
        let (want_fill, symbols) = match light.as_str() {
            "green" => (hex(declared["green"]), ["✓"]),
            "yellow" => (hex(declared["yellow"]), ["!"]),
            "red" => (hex(declared["red"]), ["×"]),
            "none" => ("#ffffff".to_string(), ["○"]),
            other => panic!("a light {other:?}"),
        };
        assert_eq!(fill, &want_fill, "{light}");
        // A light's marker has its symbol; the legend's paragraphs carry
        // their explanation instead (which names the colour).
        assert!(symbols.contains(&text.as_str()) || text.len() > 20, "{light}: {text:?}");
    }
    for (light, symbol) in [("green", "✓"), ("yellow", "!"), ("red", "×")] {
        assert!(lights.iter().any(|(l, _, t)| l == light && t == symbol), "no {light} {symbol}");
    }
}
