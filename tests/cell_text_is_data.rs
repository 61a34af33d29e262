//! Whatever a cell holds is shown literally: Typst markup, code and
//! template syntax in any text field can neither run nor change the
//! document's structure.

use std::path::Path;

use crate::common;

use crate::sheet;
use sheet::{SheetSpec, V::*};

/// Strings that would do something if they reached Typst or minijinja as code.
const HOSTILE: &[&str] = &[
    "#set page(width: 2cm)",
    "*fed* _kursiv_ $x^2$",
    "@ref <mærke> ] [ } { ) (",
    r#"\ backslash \" citat"#,
    "= Falsk overskrift",
    "- falsk punkt",
    "// ikke en kommentar /* heller ikke */",
    "{{ meta.title }} {% if true %}jinja{% endif %}",
    r#"#import "opfolg.typ": *"#,
    "`raw` ~ --- ... 'x' \"y\"",
    "#\"; #panic(\"ud\") //",
];

fn workbook(path: &Path, hostile: &'static str) {
    let sheets = vec![
        SheetSpec {
            name: "Rapport",
            widths: &[],
            rows: vec![
                vec![S("Felt"), S("Værdi")],
                vec![S("Titel"), S(hostile)],
                vec![S("År"), N(2008.0)],
                vec![S("Periode"), S(hostile)],
                vec![S("Forvaltning"), S(hostile)],
                vec![S("Udvalg"), S(hostile)],
                vec![S("Sagsnummer"), S(hostile)],
                vec![S("Dato"), D(2008, 6, 30)],
            ],
        },
        SheetSpec {
            name: "Styringsparametre",
            widths: &[],
            rows: vec![vec![S("Nr"), S("Navn"), S("Beskrivelse")], vec![N(1.0), S(hostile), S(hostile)]],
        },
        SheetSpec {
            name: "Enheder",
            widths: &[],
            rows: vec![vec![S("Id"), S("Navn")], vec![S("U"), S(hostile)]],
        },
        SheetSpec {
            name: "Tabeller",
            widths: &[],
            rows: vec![
                vec![S("Nr"), S("Titel"), S("Kilde"), S("Note"), S("Tekst under tabel")],
                vec![N(1.0), S(hostile), S(hostile), S(hostile), S(hostile)],
            ],
        },
        SheetSpec {
            name: "Mål",
            widths: &[],
            rows: vec![
                vec![S("Id"), S("Tabel"), S("Måltype"), S("Måltekst"), S("Måleenhed"), S("Retning")],
                vec![S("M"), N(1.0), S("Resultatmål"), S(hostile), S("procent"), S("højere er bedre")],
            ],
        },
        SheetSpec {
            name: "Resultater",
            widths: &[],
            rows: vec![
                vec![
                    S("Mål-id"),
                    S("Enhed"),
                    S("Måltal"),
                    S("Resultat"),
                    S("Uddybning"),
                    S("Trafiklys"),
                    S("Begrundelse"),
                ],
                vec![S("M"), S("U"), N(50.0), N(40.0), S(hostile), S("gul"), S(hostile)],
            ],
        },
        SheetSpec {
            name: "Dokument",
            widths: &[],
            rows: vec![
                vec![S("Type"), S("Tekst"), S("Fodnote")],
                vec![S("kapitel"), S(hostile)],
                vec![S("afsnit"), S(hostile)],
                vec![S("overskrift 3"), S(hostile)],
                vec![S("tekst"), S(hostile), S(hostile)],
                vec![S("punkt"), S(hostile), S(hostile)],
                vec![S("styringsparametre"), E],
                vec![S("tabel"), N(1.0)],
            ],
        },
    ];
    sheet::write_workbook(path, "test", &sheets).unwrap();
}

/// Text without spacing and soft hyphens, so that where the layout broke a
/// line (in a narrow table cell, say) does not matter.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{ad}').collect()
}

#[test]
fn markup_in_every_text_field_is_shown_literally() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let renderer =
        opfolg::render::Renderer::new(&root.join("report_templates"), &root.join("fonts")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (i, hostile) in HOSTILE.iter().enumerate() {
        let wb = dir.path().join(format!("fjendtlig-{i}.xlsx"));
        workbook(&wb, hostile);
        let built = opfolg::build(&wb, dir.path(), &renderer, opfolg::render::Formats::BOTH)
            .unwrap_or_else(|d| panic!("{hostile:?} broke the build:\n{d}"));
        let text = squash(&common::pdf_text_in_order(&built.files[0]));
        // The title, period, administration, committee, case number,
        // steering parameter (name and text), chapter, section, heading,
        // paragraph, bullet, two footnotes, caption, goal, unit (twice:
        // table and the manual light's note), breakdown, source, note,
        // remark and reason: at least 20 places on the page.
        let shown = text.matches(&squash(hostile)).count();
        assert!(shown >= 20, "{hostile:?} is shown {shown} times, not in every field:\n{text}");
        // The structure is the document's own: one table, numbered headings.
        assert_eq!(text.matches("Tabel1.").count(), 1, "{hostile:?}: {text}");
        assert!(text.contains("1.1"), "{hostile:?}: {text}");
        assert!(text.contains("side1af"), "{hostile:?}: page setup changed: {text}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 48,
        failure_persistence: None,
        // The same cases on every run: CI must not depend on luck.
        rng_seed: proptest::test_runner::RngSeed::Fixed(2008),
        ..Default::default()
    })]

    /// Arbitrary text of Typst's and minijinja's special characters, in a
    /// paragraph, a goal, a unit name and a table caption, is shown as it is.
    #[test]
    fn arbitrary_text_is_shown_literally(text in r#"[a-zæøå0-9#$*_@<>\[\](){}\\`~=+/'"%&|^!?:;,.-]{1,16}( [a-zæøå0-9#$*_@<>\[\](){}\\`~=+/'"%&|^!?:;,.-]{1,16}){0,3}"#) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let renderer = opfolg::render::Renderer::new(&root.join("report_templates"), &root.join("fonts")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let wb = dir.path().join("vilkaarlig.xlsx");
        let leaked: &'static str = Box::leak(text.clone().into_boxed_str());
        workbook(&wb, leaked);
        let built = opfolg::build(&wb, dir.path(), &renderer, opfolg::render::Formats::BOTH)
            .unwrap_or_else(|d| panic!("{text:?} broke the build:\n{d}"));
        // pdftotext drops a hyphen that ends a line (it takes it for a
        // hyphenation), so hyphens are left out of this comparison; the
        // fixed cases above check "-" itself.
        let unhyphen = |s: &str| squash(s).replace('-', "");
        let wanted = unhyphen(&text);
        // In the PDF, the text of narrow table cells can come out of
        // pdftotext in another order when it wraps; the running text cannot.
        let shown = unhyphen(&common::pdf_text_in_order(&built.files[0]));
        proptest::prop_assert!(shown.matches(&wanted).count() >= 16, "{:?} not shown literally in the PDF: {}", text, shown);
        // The DOCX, made from the same evaluated document, has every place.
        let d = common::docx_text(&built.files[1]);
        let docx = unhyphen(&(d.paragraphs.join("\n") + &d.footnotes.join("\n")));
        proptest::prop_assert!(docx.matches(&wanted).count() >= 20, "{:?} not shown literally in the DOCX: {}", text, docx);
        // The structure is the document's own: one captioned table.
        let xml = common::docx_part(&built.files[1], "word/document.xml");
        proptest::prop_assert_eq!(xml.matches(r#"<w:pStyle w:val="Caption" />"#).count(), 1);
    }
}
