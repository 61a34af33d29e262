//! The library's build API: one request, one function, the steps in order.
//! What a front end (the command line, later the web page) calls.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use opfolg::render::{Assets, Formats, Renderer};
use opfolg::{Progress, Request};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn checkout_request(workbooks: Vec<PathBuf>, out: &Path) -> Request {
    Request {
        formats: Formats { pdf: true, docx: false },
        templates: Some(root().join("report_templates")),
        fonts: Some(root().join("fonts")),
        ..Request::new(workbooks, out)
    }
}

#[test]
fn a_request_builds_every_workbook_in_order_and_says_how_each_went() {
    let out = tempfile::tempdir().unwrap();
    let missing = out.path().join("findes-ikke.xlsx");
    let request = checkout_request(
        vec![
            root().join("inputs/halvaarsopfoelgning-2008.xlsx"),
            missing,
            root().join("inputs/kontrakter-2008.xlsx"),
        ],
        &out.path().join("ud"),
    );
    let planned = Mutex::new(0);
    let done = Mutex::new(Vec::new());
    let results = opfolg::build_all(&request, &|p| match p {
        Progress::Planned(n) => *planned.lock().unwrap() += n,
        Progress::Done { label, ok } => done.lock().unwrap().push((label.to_string(), ok)),
    })
    .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(results.len(), 3, "one outcome per workbook");
    let half = results[0].as_ref().unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(half.files, [out.path().join("ud/halvaarsopfoelgning-2008.pdf")], "the PDF only, as asked");
    let unread = results[1].as_ref().expect_err("a workbook that is not there");
    assert!(unread.iter().any(|d| d.code == "OF0101"), "{unread}");
    let contracts = results[2].as_ref().unwrap_or_else(|d| panic!("{d}"));
    assert!(contracts.documents.len() > 1 && contracts.failures.is_empty());
    assert!(contracts.files.iter().all(|f| f.extension().is_some_and(|e| e == "pdf") && f.exists()));
    // Progress counted every document of both workbooks that were read.
    let done = done.into_inner().unwrap();
    assert_eq!(*planned.lock().unwrap(), 1 + contracts.documents.len());
    assert_eq!(done.len(), 1 + contracts.documents.len());
    assert!(done.iter().all(|(_, ok)| *ok), "{done:?}");
}

#[test]
fn a_request_whose_fonts_cannot_be_loaded_builds_nothing() {
    let out = tempfile::tempdir().unwrap();
    let no_fonts = tempfile::tempdir().unwrap();
    let request = Request {
        fonts: Some(no_fonts.path().to_path_buf()),
        ..checkout_request(vec![root().join("inputs/halvaarsopfoelgning-2008.xlsx")], &out.path().join("ud"))
    };
    let err = opfolg::build_all(&request, &|_| {}).expect_err("no fonts, no documents");
    assert!(err.iter().all(|d| d.code == "OF0502"), "{err}");
    assert!(!out.path().join("ud").exists(), "the output folder was made for nothing");
}

#[test]
fn a_request_for_a_correction_reads_the_version_it_corrects() {
    let out = tempfile::tempdir().unwrap();
    // The previous version is read before anything is written: one that is
    // not there fails the workbook, naming the file.
    let wb = root().join("inputs/halvaarsopfoelgning-2008.xlsx");
    let request = Request {
        corrects: Some(out.path().join("forrige-findes-ikke.xlsx")),
        ..checkout_request(vec![wb.clone()], &out.path().join("ud"))
    };
    let results = opfolg::build_all(&request, &|_| {}).unwrap();
    let err = results[0].as_ref().expect_err("the previous version cannot be read");
    assert!(err.iter().any(|d| d.code == "OF0101" && d.to_string().contains("forrige-findes-ikke")), "{err}");
    assert!(!out.path().join("ud/halvaarsopfoelgning-2008.pdf").exists());
}

#[test]
fn a_planned_document_is_whole_when_planned_and_an_attachment_that_fails_stops_the_plan() {
    let (followup, _) = opfolg::load(&root().join("inputs/kontrakter-2008.xlsx")).unwrap();
    let asked = Mutex::new(Vec::new());
    let attach = |p: &opfolg::render::Planned| {
        // Asked once per document, with everything else already decided.
        assert!(!p.title.is_empty() && !p.name.is_empty() && p.unit.is_some());
        asked.lock().unwrap().push(p.name.clone());
        Ok(opfolg::render::Carried {
            attachments: vec![opfolg::render::Attachment {
                name: format!("{}.txt", p.name),
                mime: "text/plain",
                description: "prøve".into(),
                data: p.ident.as_bytes().into(),
            }],
            ..Default::default()
        })
    };
    let skip = vec![followup.report.units[0].id.clone()];
    let planned = opfolg::render::plan_attached(&followup, "x", &[], &skip, &attach).unwrap();
    assert_eq!(planned.len(), followup.report.units.len() - 1, "a skipped unit is not planned");
    let names: Vec<String> = planned.iter().map(|p| p.name.clone()).collect();
    assert_eq!(asked.into_inner().unwrap(), names);
    for p in &planned {
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].name, format!("{}.txt", p.name));
    }
    let failing = |_: &opfolg::render::Planned| {
        Err(opfolg::diagnostics::Diagnostic::error("OF0505", "modellen kan ikke skrives som JSON").into())
    };
    let err = opfolg::render::plan_attached(&followup, "x", &[], &[], &failing).expect_err("stops");
    assert_eq!(err.iter().map(|d| d.code).collect::<Vec<_>>(), ["OF0505"]);
}

#[test]
fn the_built_in_templates_are_named_and_summed_as_the_checkouts_folder() {
    let built_in = Assets::built_in_templates();
    let files = built_in.files().unwrap();
    assert_eq!(
        opfolg::archive::files_sha256(&files),
        opfolg::archive::folder_sha256(&root().join("report_templates")).unwrap(),
        "a document made with the built-in templates would name other templates in its provenance"
    );
    // A renderer over the built-in set renders without any folder.
    let renderer = Renderer::with(built_in, Assets::built_in_fonts()).unwrap();
    let (followup, _) = opfolg::load(&root().join("inputs/halvaarsopfoelgning-2008.xlsx")).unwrap();
    let (pdf, _) = renderer.pdf(&followup).unwrap_or_else(|d| panic!("{d}"));
    assert!(pdf.starts_with(b"%PDF-"));
    // A template the built-in set lacks: the set is named as the folder it
    // would be written out to, and the message names the template.
    let missing = opfolg::render::template::fill(&Assets::built_in_templates(), "findes-ikke.typ", ().into())
        .expect_err("no such template");
    assert_eq!(missing.location.as_ref().unwrap().file, "report_templates/ (indbygget i opfolg)");
    assert!(missing.to_string().contains("findes-ikke.typ"), "{missing}");
}

/// Templates in memory that try to reach files outside their set.
static REACHING_OUT: &[(&str, &[u8])] = &[
    (
        "halvaarsopfoelgning.typ",
        b"#import \"del.typ\": *\n{% include \"navn.txt\" %}\n#read(\"/Cargo.toml\")\n",
    ),
    ("del.typ", b"#let x = 1\n"),
    ("navn.txt", b"Fra hukommelsen\n"),
];

#[test]
fn templates_in_memory_reach_no_file_outside_their_set() {
    // The current folder (the checkout) has a Cargo.toml, a report_templates/
    // and an inputs/: none of them may be read by a set given in memory.
    assert!(Path::new("Cargo.toml").exists());
    let (followup, _) = opfolg::load(&root().join("inputs/halvaarsopfoelgning-2008.xlsx")).unwrap();
    let set = |files| Assets::BuiltIn { folder: "report_templates", files };
    let renderer = Renderer::with(set(REACHING_OUT), Assets::built_in_fonts()).unwrap();
    // Its own files are there: minijinja includes and Typst imports them.
    let filled = renderer.typst_source(&followup).unwrap_or_else(|d| panic!("{d}"));
    assert!(filled.source.contains("Fra hukommelsen"), "{}", filled.source);
    let err = renderer.pdf(&followup).expect_err("Cargo.toml is not one of the set's files");
    assert!(err.iter().any(|d| d.code == "OF0503"), "{err}");
    assert!(!err.to_string().contains("[package]"), "{err}");
    for outside in [
        "../Cargo.toml",
        "/Cargo.toml",
        "../report_templates/opfolg.typ",
        "inputs/halvaarsopfoelgning-2008.xlsx",
    ] {
        // A set in memory is static, as the binary's is; a test's few leak.
        let source: &'static str = Box::leak(format!("{{% include \"{outside}\" %}}\n").into_boxed_str());
        let files: &'static [(&'static str, &'static [u8])] =
            Box::leak(vec![("halvaarsopfoelgning.typ", source.as_bytes())].into_boxed_slice());
        let renderer = Renderer::with(set(files), Assets::built_in_fonts()).unwrap();
        let err = renderer.typst_source(&followup).expect_err(outside);
        assert!(err.iter().all(|d| d.code == "OF0501"), "{outside}: {err}");
    }
}

/// The modules `src/<name>.rs` and `src/<name>/**.rs` (tests cut off) name
/// through `crate::`.
fn imports_of(name: &str) -> std::collections::BTreeSet<String> {
    let src = root().join("src");
    let mut files = vec![src.join(format!("{name}.rs"))];
    let mut dirs = vec![src.join(name)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for file in files.iter().filter(|f| f.is_file()) {
        let text = std::fs::read_to_string(file).unwrap();
        // What only the tests use does not count.
        let text = text.split("#[cfg(test)]").next().unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for part in line.split("crate::").skip(1) {
                let name: String = part.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn the_stages_import_no_later_stage_and_the_modules_beneath_them_no_stage() {
    // In the order of the build; what a stage may use is before it.
    let stages = ["read", "normalise", "assess", "render", "write", "archive"];
    for (i, stage) in stages.iter().enumerate() {
        let later: Vec<String> =
            imports_of(stage).into_iter().filter(|m| stages[i + 1..].contains(&m.as_str())).collect();
        assert!(later.is_empty(), "{stage} imports the later stage(s) {later:?}");
    }
    // Beneath the stages: every stage may use them, so they use none (a
    // `format` that needed `assess` made `normalise` depend on `assess`).
    for beneath in ["diagnostics", "format", "model", "naming", "schedule"] {
        let stages_used: Vec<String> =
            imports_of(beneath).into_iter().filter(|m| stages.contains(&m.as_str())).collect();
        assert!(stages_used.is_empty(), "{beneath} imports the stage(s) {stages_used:?}");
    }
}
