//! The same workbook and templates give byte-identical PDF and DOCX, in any
//! time zone and locale, on any day.

use std::path::Path;

use crate::common::example_workbooks as inputs;
use std::process::Command;

fn build(out: &Path, env: &[(&str, &str)]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opfolg"));
    cmd.arg("build").args(inputs()).arg("--out").arg(out);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let run = cmd.output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn every_input_gives_the_same_bytes_in_other_time_zones_and_locales() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build(a.path(), &[("TZ", "UTC"), ("LANG", "C"), ("LC_ALL", "C")]);
    build(b.path(), &[("TZ", "Pacific/Kiritimati"), ("LANG", "da_DK.UTF-8"), ("LC_ALL", "da_DK.UTF-8")]);
    let names = |dir: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(a.path()), names(b.path()));
    // Every workbook made its documents (a contract workbook one pair per unit).
    for wb in inputs() {
        let (f, _) = opfolg::load(&wb).unwrap();
        let per_unit = f.report.meta.kind == opfolg::model::DocumentKind::Contracts;
        let expected = if per_unit { f.report.units.len() } else { 1 };
        let stem = if per_unit {
            format!("kontrakt-{}-", f.report.meta.year)
        } else {
            opfolg::naming::document_name(&wb)
        };
        let made = names(a.path())
            .iter()
            .filter(|n| n.starts_with(&stem) && n.ends_with(".pdf") && !n.ends_with(opfolg::SIGNING_SUFFIX))
            .count();
        assert_eq!(made, expected, "{}", wb.display());
    }
    for name in names(a.path()) {
        let (x, y) =
            (std::fs::read(a.path().join(&name)).unwrap(), std::fs::read(b.path().join(&name)).unwrap());
        assert!(x == y, "{name} differs between time zones and locales");
    }
}
