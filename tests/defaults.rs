//! A binary that carries its defaults: the templates and fonts built into
//! opfolg make the same documents as the checkout's folders, from a folder
//! that has neither; `opfolg skabeloner` writes them out, never over an
//! edit, and what is written out and edited is what a build then uses.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{example_workbooks, pdf_text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `opfolg` (the program at `program`) with `args` in the folder `cwd`.
fn run_in(program: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(program).current_dir(cwd).args(args).output().unwrap()
}

fn opfolg(cwd: &Path, args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_BIN_EXE_opfolg")), cwd, args)
}

fn said(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// The files of a folder, by name, with their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_copied_binary_builds_the_examples_in_an_empty_folder_as_the_checkout_does() {
    // An empty folder with nothing but the program and the workbooks: no
    // templates or fonts beside them, and no checkout to fall back on.
    let bare = tempfile::tempdir().unwrap();
    let program = bare.path().join("opfolg");
    std::fs::copy(env!("CARGO_BIN_EXE_opfolg"), &program).unwrap();
    let mut names = Vec::new();
    for wb in example_workbooks() {
        let name = wb.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(&wb, bare.path().join(&name)).unwrap();
        names.push(name);
    }
    let mut args = vec!["build", "--out", "ud"];
    args.extend(names.iter().map(String::as_str));
    let built_in = run_in(&program, bare.path(), &args);
    assert!(built_in.status.success(), "{}", said(&built_in));
    assert!(!bare.path().join("report_templates").exists() && !bare.path().join("fonts").exists());

    // The same workbooks with the checkout's folders, named.
    let checkout = tempfile::tempdir().unwrap();
    let (templates, fonts) = (root().join("report_templates"), root().join("fonts"));
    let mut args = vec![
        "build",
        "--out",
        checkout.path().to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
        "--fonts",
        fonts.to_str().unwrap(),
    ];
    args.extend(names.iter().map(String::as_str));
    let from_folders = opfolg(bare.path(), &args);
    assert!(from_folders.status.success(), "{}", said(&from_folders));

    let (a, b) = (files(&bare.path().join("ud")), files(checkout.path()));
    assert!(a.len() > 2 * names.len(), "every example, a contract per unit: {}", a.len());
    let names_of = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names_of(&a), names_of(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name}: the built-in templates and fonts made other bytes than the checkout's");
    }
}

#[test]
fn no_path_of_the_checkout_is_compiled_into_the_binary() {
    // Debug info records where the program was compiled, for a debugger;
    // without it, what is left is what the program can use. A lookup such
    // as `env!("CARGO_MANIFEST_DIR")` would leave the checkout's path here.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("opfolg");
    std::fs::copy(env!("CARGO_BIN_EXE_opfolg"), &copy).unwrap();
    let strip = Command::new("strip").arg("--strip-debug").arg(&copy).output();
    let strip = strip.expect("strip (binutils) is installed; .ci/run installs it");
    assert!(strip.status.success(), "{}", said(&strip));
    let bytes = std::fs::read(&copy).unwrap();
    let checkout = env!("CARGO_MANIFEST_DIR").as_bytes();
    assert!(bytes.len() > 1_000_000, "a program, not an empty file");
    assert!(
        !bytes.windows(checkout.len()).any(|w| w == checkout),
        "the checkout's path is compiled into opfolg"
    );
    // The templates are: their text is in the binary.
    let template = std::fs::read(root().join("report_templates/opfolg.typ")).unwrap();
    assert!(bytes.windows(template.len()).any(|w| w == template.as_slice()));
}

/// `opfolg skabeloner` into a fresh folder; returns it.
fn written_out() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = opfolg(dir.path(), &["skabeloner"]);
    assert!(out.status.success(), "{}", said(&out));
    dir
}

#[test]
fn templates_written_out_are_the_checkouts_and_a_second_run_touches_nothing() {
    let dir = written_out();
    for folder in ["report_templates", "fonts"] {
        assert_eq!(files(&dir.path().join(folder)), files(&root().join(folder)), "{folder}");
    }
    let file = dir.path().join("report_templates/opfolg.typ");
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    // Into a folder named, from elsewhere, the same; and again, nothing new.
    let again = opfolg(root(), &["skabeloner", dir.path().to_str().unwrap()]);
    assert!(again.status.success(), "{}", said(&again));
    assert!(said(&again).contains("skrev 0 filer"), "{}", said(&again));
    assert!(said(&again).contains("13 filer fandtes allerede"), "{}", said(&again));
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), before, "rewritten");
    // A template of the secretariat's own beside them is none of opfolg's
    // business: kept, and no reason to refuse.
    let own = dir.path().join("report_templates/vores-bilag.typ");
    std::fs::write(&own, "= Vores eget bilag\n").unwrap();
    let with_own = opfolg(dir.path(), &["skabeloner"]);
    assert!(with_own.status.success(), "{}", said(&with_own));
    assert_eq!(std::fs::read_to_string(&own).unwrap(), "= Vores eget bilag\n");
}

#[test]
fn an_edited_template_written_out_is_what_a_build_in_its_folder_uses() {
    let dir = written_out();
    let templates = dir.path().join("report_templates");
    // An edit to a template minijinja fills and to one Typst imports.
    let edit = |name: &str, extra: &str| {
        let path = templates.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n{extra}\n")).unwrap();
    };
    edit("opfolg.typ", "#let sekretariatets-linje = [Rettet af sekretariatet i opfolg.typ]");
    edit("halvaarsopfoelgning.typ", "#sekretariatets-linje");
    let workbook = root().join("inputs/halvaarsopfoelgning-2008.xlsx");
    let wb = workbook.to_str().unwrap();

    let local = opfolg(dir.path(), &["build", wb, "--format", "pdf", "--out", "ud"]);
    assert!(local.status.success(), "{}", said(&local));
    let text = pdf_text(&dir.path().join("ud/halvaarsopfoelgning-2008.pdf"));
    assert!(text.contains("Rettet af sekretariatet i opfolg.typ"), "the edit is not in the paper:\n{text}");

    // A folder named on the command line wins over the one found here.
    let shipped = root().join("report_templates");
    let named = opfolg(
        dir.path(),
        &["build", wb, "--format", "pdf", "--out", "ud2", "--templates", shipped.to_str().unwrap()],
    );
    assert!(named.status.success(), "{}", said(&named));
    assert!(
        !pdf_text(&dir.path().join("ud2/halvaarsopfoelgning-2008.pdf")).contains("Rettet af sekretariatet")
    );

    // A mistake in the edited copy is said there, not in opfolg's own.
    edit("halvaarsopfoelgning.typ", "#findes-ikke");
    let broken = opfolg(dir.path(), &["build", wb, "--format", "pdf", "--out", "ud3"]);
    assert_eq!(broken.status.code(), Some(2), "{}", said(&broken));
    assert!(said(&broken).contains("report_templates/halvaarsopfoelgning.typ"), "{}", said(&broken));
}

#[test]
fn an_edited_file_is_never_overwritten_and_then_nothing_is_written() {
    let dir = written_out();
    let edited = dir.path().join("report_templates/kontrakt.typ");
    std::fs::write(&edited, "// vores egen kontrakt\n").unwrap();
    let removed = dir.path().join("fonts/Carlito-Bold.ttf");
    std::fs::remove_file(&removed).unwrap();
    // A folder where a file belongs cannot be read, nor replaced.
    let blocked = dir.path().join("report_templates/bilag.typ");
    std::fs::remove_file(&blocked).unwrap();
    std::fs::create_dir(&blocked).unwrap();

    let refused = opfolg(dir.path(), &["skabeloner"]);
    assert_eq!(refused.status.code(), Some(2), "{}", said(&refused));
    let text = said(&refused);
    assert!(text.contains("fejl[OF0602]") && text.contains("kontrakt.typ"), "{text}");
    assert!(text.contains("fejl[OF0601]") && text.contains("bilag.typ"), "{text}");
    assert!(text.contains("intet er skrevet"), "{text}");
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "// vores egen kontrakt\n");
    assert!(!removed.exists(), "a missing file was written although the run was refused");

    // With the edit moved away, the missing files are written and the
    // edited copy is untouched.
    std::fs::remove_dir(&blocked).unwrap();
    std::fs::rename(&edited, dir.path().join("vores-kontrakt.typ")).unwrap();
    let again = opfolg(dir.path(), &["skabeloner"]);
    assert!(again.status.success(), "{}", said(&again));
    assert!(said(&again).contains("skrev 3 filer"), "{}", said(&again));
    assert_eq!(
        std::fs::read(&removed).unwrap(),
        std::fs::read(root().join("fonts/Carlito-Bold.ttf")).unwrap()
    );
}

#[test]
fn a_file_where_a_folder_belongs_is_said_once_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    // The folder named is a file.
    let file = dir.path().join("skabeloner.txt");
    std::fs::write(&file, "ikke en mappe").unwrap();
    let out = opfolg(dir.path(), &["skabeloner", "skabeloner.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let text = said(&out);
    assert_eq!(text.matches("fejl[OF0601]").count(), 2, "one per folder, not one per file: {text}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "ikke en mappe");
    // A file named as the templates folder: the fonts are not written either.
    std::fs::write(dir.path().join("report_templates"), "").unwrap();
    let out = opfolg(dir.path(), &["skabeloner"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert_eq!(said(&out).matches("fejl[OF0601]").count(), 1, "{}", said(&out));
    assert!(!dir.path().join("fonts").exists(), "half written");
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_halfway_takes_back_what_it_wrote() {
    // The fonts folder is a link to nowhere: nothing is there to overwrite,
    // so the check passes, but the folder cannot be made; the templates,
    // written first, are taken back.
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("ingen-steder"), dir.path().join("fonts")).unwrap();
    let out = opfolg(dir.path(), &["skabeloner"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("intet er skrevet"), "{}", said(&out));
    let templates = dir.path().join("report_templates");
    let left = std::fs::read_dir(&templates).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "templates left behind by a run that failed");
}

#[test]
fn a_local_folder_that_is_empty_is_an_error_not_a_silent_fallback() {
    // A folder named as opfolg's own is the secretariat's: a build in it
    // says what is missing rather than using the built-in ones unseen.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("report_templates")).unwrap();
    let wb = root().join("inputs/halvaarsopfoelgning-2008.xlsx");
    let out = opfolg(dir.path(), &["build", wb.to_str().unwrap(), "--out", "ud"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("OF0501") && said(&out).contains("report_templates"), "{}", said(&out));
    assert!(!dir.path().join("ud/halvaarsopfoelgning-2008.pdf").exists());

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("fonts")).unwrap();
    let out = opfolg(dir.path(), &["check", wb.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("OF0502"), "{}", said(&out));
}

#[test]
fn the_help_says_where_templates_come_from() {
    let help = opfolg(root(), &["skabeloner", "--help"]);
    assert!(help.status.success());
    let text = said(&help);
    for needle in ["report_templates", "fonts", "--templates", "overskrives aldrig", "MAPPE"] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    // Every path in it is one the user has, not the build machine's.
    assert!(!text.contains(env!("CARGO_MANIFEST_DIR")), "{text}");
}
