//! Errors in a template name the template file and line, whether minijinja
//! or Typst finds them.

use std::path::Path;

use opfolg::render::{HALF_YEAR_TEMPLATE, Renderer};

fn followup() -> opfolg::assess::FollowUp {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    opfolg::load(&root.join("inputs/halvaarsopfoelgning-2008.xlsx")).unwrap().0
}

fn render_with(template: &str, extra: &[(&str, &str)]) -> opfolg::diagnostics::Diagnostics {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(HALF_YEAR_TEMPLATE), template).unwrap();
    for (name, text) in extra {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let renderer = Renderer::new(dir.path(), &root.join("fonts")).unwrap();
    renderer.pdf(&followup()).expect_err("the template is broken")
}

fn first_place(d: &opfolg::diagnostics::Diagnostics) -> (String, String) {
    let loc = d.iter().next().and_then(|d| d.location.clone()).expect("a place");
    assert_eq!(loc.cell, None, "a template line is not a cell: {d}");
    (loc.file, loc.line.map(|l| l.to_string()).unwrap_or_default())
}

#[test]
fn a_typst_error_names_the_template_line() {
    // Line 4 calls a function that does not exist; the loop before it
    // expands to many lines of output, so output and template lines differ.
    let template =
        "= {{ meta.title }}\n{% for b in blocks %}{{ b.kind }}\n{% endfor %}\n#no-such-function()\n";
    let d = render_with(template, &[]);
    let (file, line) = first_place(&d);
    assert!(file.ends_with(HALF_YEAR_TEMPLATE), "{d}");
    assert_eq!(line, "4", "{d}");
    assert!(d.to_string().contains("no-such-function"), "{d}");
}

#[test]
fn a_typst_error_in_an_imported_file_names_that_file() {
    let template = "#import \"stil.typ\": *\n#hilsen()\n";
    let d = render_with(template, &[("stil.typ", "// stil\n\n#let hilsen() = 1 + \"a\"\n")]);
    let (file, line) = first_place(&d);
    assert!(file.ends_with("stil.typ"), "{d}");
    assert_eq!(line, "3", "{d}");
}

#[test]
fn a_misspelt_field_is_an_error_not_an_empty_gap() {
    let d = render_with("= Titel\n\n{{ meta.titel }}\n", &[]);
    let (file, line) = first_place(&d);
    assert!(file.ends_with(HALF_YEAR_TEMPLATE), "{d}");
    assert_eq!(line, "3", "{d}");
}

#[test]
fn packages_are_not_fetched() {
    let d = render_with("#import \"@preview/tablex:0.0.8\": *\n", &[]);
    assert!(d.has_errors());
    let (file, line) = first_place(&d);
    assert!(file.ends_with(HALF_YEAR_TEMPLATE) && line == "1", "{d}");
}

#[test]
fn a_template_error_that_fails_every_contract_is_said_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("skabeloner");
    std::fs::create_dir(&templates).unwrap();
    for entry in std::fs::read_dir(root.join("report_templates")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), templates.join(entry.file_name())).unwrap();
    }
    let contract = templates.join("kontrakt.typ");
    let text = std::fs::read_to_string(&contract).unwrap();
    std::fs::write(&contract, format!("{text}\n#no-such-function()\n")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["build", "--format", "pdf", "--templates"])
        .arg(&templates)
        .arg("--out")
        .arg(dir.path().join("ud"))
        .arg(root.join("inputs/kontrakter-2008.xlsx"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "a broken template is not the workbook's fault");
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(err.matches("fejl[OF0503]").count(), 1, "{err}");
    let failed = err.lines().filter(|l| l.contains(": kontrakt for ") && l.ends_with(" blev ikke lavet"));
    assert_eq!(failed.count(), 10, "{err}");
}
