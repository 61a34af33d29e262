//! `opfolg init`: a blank workbook per kind, with drop-down lists, that a new
//! user fills in and that then passes `check` and builds.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use opfolg::model::DocumentKind;
use rust_xlsxwriter::{ExcelDateTime, Workbook, Worksheet};

fn opfolg(args: &[&str], file: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_opfolg")).args(args).arg(file).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn init_writes_drop_downs_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kontrakter.xlsx");
    let (code, out) = opfolg(&["init", "kontrakter"], &file);
    assert_eq!(code, Some(0), "{out}");
    let before = std::fs::read(&file).unwrap();
    // The sheets, in order, and the drop-down lists in the goals sheet.
    let book = opfolg::read::read_workbook(&file).unwrap();
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Vejledning",
            "Rapport",
            "Styringsparametre",
            "Enheder",
            "Mål",
            "Resultater",
            "Kontrakttekster",
            "Dokument"
        ]
    );
    let goals = common::docx_part(&file, "xl/worksheets/sheet5.xml");
    assert!(goals.contains("<formula1>\"Resultatmål,Indsatsmål,Udviklingsmål\"</formula1>"), "{goals}");
    assert!(goals.contains("<formula1>Styringsparametre!$A$2:$A$1000</formula1>"), "{goals}");
    let document = common::docx_part(&file, "xl/worksheets/sheet8.xml");
    assert!(document.contains("enhedens mål") && document.contains("underskrifter"), "{document}");
    assert!(!document.contains("trafiklys,"), "the legend is not a contract's row type: {document}");
    // A second init onto the file refuses and leaves it alone.
    let (code, out) = opfolg(&["init", "halvaar"], &file);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("findes allerede"), "{out}");
    assert_eq!(std::fs::read(&file).unwrap(), before);

    // A half-year workbook's goals say their kind from a drop-down, and its
    // results have the period's target and the row's own period.
    let half = dir.path().join("halvaar.xlsx");
    let (code, out) = opfolg(&["init", "halvaar"], &half);
    assert_eq!(code, Some(0), "{out}");
    let book = opfolg::read::read_workbook(&half).unwrap();
    let index = book.sheets.iter().position(|s| s.name == "Mål").unwrap() + 1;
    let goals = common::docx_part(&half, &format!("xl/worksheets/sheet{index}.xml"));
    assert!(
        goals.contains("<formula1>\"andel,antal over året,niveau ved årets udgang\"</formula1>"),
        "{goals}"
    );
    let results = book.sheets.iter().find(|s| s.name == "Resultater").unwrap();
    let headers: Vec<String> = results.rows[0].iter().map(|c| format!("{:?}", c.value)).collect();
    for wanted in ["Periodemål", "Opgørelsesperiode"] {
        assert!(headers.iter().any(|h| h.contains(wanted)), "{headers:?}");
    }
}

#[test]
fn a_blank_workbook_checked_before_it_is_filled_in_names_only_its_blank_cells() {
    // A new user runs `check` on the blank workbook first: every error is a
    // cell of «Rapport» to fill in or a sheet still without units or goals,
    // none about the sheets or row types of another kind of document.
    let dir = tempfile::tempdir().unwrap();
    for kind in ["halvaar", "helaar", "kontrakter", "indstilling", "bilag"] {
        let file = dir.path().join(format!("{kind}.xlsx"));
        let (code, out) = opfolg(&["init", kind], &file);
        assert_eq!(code, Some(0), "{out}");
        let (code, out) = opfolg(&["check"], &file);
        assert_eq!(code, Some(1), "{kind}: {out}");
        let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("fejl")).collect();
        assert!(!errors.is_empty(), "{kind}: {out}");
        // In the order of the sheet's rows, as the user fills them in.
        let (blank_sheets, errors): (Vec<&str>, Vec<&str>) = errors
            .into_iter()
            .partition(|e| e.ends_with("har ingen enheder") || e.ends_with("har ingen mål"));
        let expected_blank: &[&str] = match kind {
            "indstilling" => &[],
            _ => &["fejl[OF0202]: «Enheder» har ingen enheder", "fejl[OF0202]: «Mål» har ingen mål"],
        };
        let said: Vec<String> = blank_sheets
            .iter()
            .map(|e| format!("{}: {}", &e[..e.find(':').unwrap()], e.rsplit(": arket ").next().unwrap()))
            .collect();
        assert_eq!(said, expected_blank, "{kind}\n{out}");
        let mut rows = Vec::new();
        for e in errors {
            assert!(e.contains(".xlsx: Rapport!B"), "{kind}: {e}\n{out}");
            let row: u32 = e.split("Rapport!B").nth(1).unwrap().split(':').next().unwrap().parse().unwrap();
            rows.push(row);
        }
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{kind}: {rows:?}\n{out}");
        assert!(!out.contains("en tom celle"), "{kind}: a blank cell is asked to be filled in\n{out}");
    }
}

/// Writes `values` into the Rapport sheet's Værdi column, by field name.
fn report(book: &mut Workbook, kind: DocumentKind, values: &[(&str, &str)]) {
    // The field rows as init wrote them.
    let mut blank = opfolg::init::workbook(kind).unwrap();
    let bytes = blank.save_to_buffer().unwrap();
    let read = opfolg::read::read_workbook_bytes("x.xlsx", bytes, &opfolg::read::LIMITS).unwrap();
    let fields: Vec<String> =
        read.sheet("Rapport").unwrap().rows.iter().map(|r| format!("{:?}", r[0].value)).collect();
    let ws = book.worksheet_from_name("Rapport").unwrap();
    for (field, value) in values {
        let row = fields
            .iter()
            .position(|f| f.contains(&format!("\"{field}\"")))
            .unwrap_or_else(|| panic!("{field}"));
        write(ws, row as u32, 1, value);
    }
}

/// Types a value as a user would: numbers as numbers, the rest as text.
fn write(ws: &mut Worksheet, row: u32, col: u16, value: &str) {
    if let Some((d, m, y)) =
        value.split('-').collect::<Vec<_>>().get(..3).and_then(|p| {
            Some((p[0].parse::<u8>().ok()?, p[1].parse::<u8>().ok()?, p[2].parse::<u16>().ok()?))
        })
    {
        let format = rust_xlsxwriter::Format::new().set_num_format("dd-mm-yyyy");
        ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(y, m, d).unwrap(), &format).unwrap();
    } else if let Ok(n) = value.parse::<f64>() {
        ws.write_number(row, col, n).unwrap();
    } else {
        ws.write_string(row, col, value).unwrap();
    }
}

/// Fills rows of a sheet from row 2 on (`from` counts rows already there).
fn rows(book: &mut Workbook, sheet: &str, from: u32, values: &[&[&str]]) {
    let ws = book.worksheet_from_name(sheet).unwrap();
    for (r, row) in values.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                write(ws, from + r as u32 + 1, c as u16, v);
            }
        }
    }
}

fn save(book: &mut Workbook, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

#[test]
fn a_filled_in_blank_workbook_of_every_kind_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let common_fields = [
        ("År", "2010"),
        ("Forvaltning", "Beskæftigelses- og Integrationsforvaltningen"),
        ("Dato", "01-02-2010"),
    ];
    let mut made = Vec::new();
    for kind in DocumentKind::ALL {
        let mut book = opfolg::init::workbook(kind).unwrap();
        report(&mut book, kind, &common_fields);
        match kind {
            DocumentKind::HalfYear => {
                report(
                    &mut book,
                    kind,
                    &[("Titel", "Halvårsopfølgning på resultatkontrakter"), ("Periode", "1. halvår 2010")],
                );
                rows(
                    &mut book,
                    "Enheder",
                    0,
                    &[&["JCN", "Jobcenter Nyropsgade"], &["SDP", "Jobcenter Sygedagpenge"]],
                );
                rows(&mut book, "Tabeller", 0, &[&["1", "Rettidighed"]]);
                rows(
                    &mut book,
                    "Mål",
                    0,
                    &[&[
                        "1",
                        "1",
                        "1",
                        "Indsatsmål",
                        "Rettidigheden skal udgøre mindst 95 %.",
                        "procent",
                        "højere er bedre",
                    ]],
                );
                rows(&mut book, "Resultater", 0, &[&["1", "JCN", "95", "93"], &["1", "SDP", "95", "96.5"]]);
                rows(&mut book, "Dokument", 5, &[&["tabel", "1"]]);
            }
            DocumentKind::FullYear => {
                report(
                    &mut book,
                    kind,
                    &[("Titel", "Helårsopfølgning 2010"), ("Periode", "2010"), ("Punkt", "7")],
                );
                rows(&mut book, "Enheder", 0, &[&["JCN", "Jobcenter Nyropsgade"]]);
                rows(
                    &mut book,
                    "Mål",
                    0,
                    &[
                        &[
                            "1",
                            "1",
                            "Resultatmål",
                            "Rettidigheden skal udgøre mindst 95 %.",
                            "procent",
                            "højere er bedre",
                        ],
                        &[
                            "2",
                            "3",
                            "Resultatmål",
                            "Sygefraværet må højst være 12 dage.",
                            "dage",
                            "lavere er bedre",
                        ],
                    ],
                );
                rows(&mut book, "Resultater", 0, &[&["1", "JCN", "95", "96"], &["2", "JCN", "12", "14"]]);
            }
            DocumentKind::Contracts => {
                report(&mut book, kind, &[("Titel", "Kontrakt for"), ("Underskriver", "Morten Binder")]);
                rows(
                    &mut book,
                    "Enheder",
                    0,
                    &[&[
                        "JCN",
                        "Jobcenter Nyropsgade",
                        "",
                        "2010-1",
                        "2010-2",
                        "Lone Hansen",
                        "Jobcenterchef",
                    ]],
                );
                rows(
                    &mut book,
                    "Mål",
                    0,
                    &[&[
                        "1",
                        "1",
                        "Resultatmål",
                        "Rettidigheden skal udgøre mindst 95 %.",
                        "procent",
                        "højere er bedre",
                    ]],
                );
                rows(&mut book, "Resultater", 0, &[&["1", "JCN"]]);
                rows(
                    &mut book,
                    "Kontrakttekster",
                    0,
                    &[
                        &["JCN", "formål", "{enhed} skal bringe ledige i job."],
                        &["JCN", "opgave", "At betjene virksomhederne."],
                    ],
                );
            }
            DocumentKind::CommitteeCase => {
                report(&mut book, kind, &[("Titel", "Resultatkontrakter 2010"), ("Punkt", "3")]);
                rows(
                    &mut book,
                    "Mål",
                    0,
                    &[&[
                        "1",
                        "1",
                        "Resultatmål",
                        "Rettidigheden skal udgøre mindst 95 %.",
                        "procent",
                        "højere er bedre",
                    ]],
                );
            }
            DocumentKind::GoalOverview => {
                report(&mut book, kind, &[("Titel", "Bilag 1: Målene i resultatkontrakterne")]);
                rows(
                    &mut book,
                    "Enheder",
                    0,
                    &[&["JCN", "Jobcenter Nyropsgade"], &["JCS", "Jobcenter Skelbækgade"]],
                );
                rows(
                    &mut book,
                    "Mål",
                    0,
                    &[
                        &[
                            "1",
                            "1",
                            "Kontanthjælpsmodtagere",
                            "Resultatmål",
                            "Rettidigheden skal udgøre mindst 95 %.",
                            "procent",
                            "højere er bedre",
                        ],
                        &[
                            "2",
                            "1",
                            "Unge",
                            "Resultatmål",
                            "Flere unge i uddannelse.",
                            "procent",
                            "højere er bedre",
                        ],
                    ],
                );
                rows(&mut book, "Resultater", 0, &[&["1", "JCN"], &["1", "JCS"], &["2", "JCS"]]);
            }
        }
        let path = save(
            &mut book,
            dir.path(),
            &format!("ny-{}.xlsx", opfolg::naming::safe_file_name(kind.danish())),
        );
        let (code, out) = opfolg(&["check"], &path);
        assert_eq!(code, Some(0), "{kind:?}: {out}");
        assert!(!out.contains("advarsel"), "{kind:?}: a freshly filled workbook gives no warnings: {out}");
        made.push((kind, path));
    }
    // Saved again by a real spreadsheet program (LibreOffice Calc writes its
    // own xlsx, as Excel would on the user's save), they read the same and
    // still give no warnings.
    let saved = dir.path().join("gemt");
    let lo = Command::new("libreoffice")
        .arg(format!("-env:UserInstallation=file://{}/lo", dir.path().display()))
        .args(["--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"])
        .arg(&saved)
        .args(made.iter().map(|(_, p)| p))
        .output()
        .expect("LibreOffice runs (Debian package libreoffice-calc; .ci/run installs it)");
    for (kind, path) in &made {
        let resaved = saved.join(path.file_name().unwrap());
        assert!(
            resaved.exists(),
            "{kind:?}: LibreOffice saved nothing: {}",
            String::from_utf8_lossy(&lo.stderr)
        );
        let (mine, _) = opfolg::load(path).unwrap();
        let (theirs, warnings) = opfolg::load(&resaved).unwrap_or_else(|d| panic!("{kind:?}: {d}"));
        assert!(warnings.is_empty(), "{kind:?}: {warnings}");
        assert_eq!(theirs.report.content, mine.report.content, "{kind:?}");
        assert_eq!(theirs.report.goals, mine.report.goals, "{kind:?}");
        assert_eq!(theirs.assessments, mine.assessments, "{kind:?}");
    }
    // And they build: the right document with the data typed in.
    let renderer = opfolg::render::Renderer::new(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("report_templates"),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"),
    )
    .unwrap();
    for (kind, path) in made {
        let out = dir.path().join("ud");
        let built = opfolg::build(&path, &out, &renderer, opfolg::render::Formats { pdf: true, docx: false })
            .unwrap_or_else(|d| panic!("{kind:?}: {d}"));
        let text: String = common::pdf_text(&built.files[0]).split_whitespace().collect::<Vec<_>>().join(" ");
        let expected = match kind {
            DocumentKind::HalfYear => "95,0 % 96,5 % + 1,5 %-point",
            DocumentKind::FullYear => {
                "er 1 mål blevet opfyldt, 0 er næsten opfyldt og 1 er ikke blevet opfyldt"
            }
            DocumentKind::Contracts => "Jobcenter Nyropsgade skal bringe ledige i job.",
            DocumentKind::CommitteeCase => "Beskæftigelsesindsatsen Rettidigheden skal udgøre mindst 95 %.",
            DocumentKind::GoalOverview => "Særlige mål for Jobcenter Skelbækgade",
        };
        assert!(text.contains(expected), "{kind:?}: {expected:?} not in\n{text}");
    }
}
