//! The archive: PDF/A records with their sources attached, a catalogue that
//! never changes a record, signature checks on signed PDFs (signed here with
//! pyHanko and a test certificate), `verify`, BagIt export, and two adds at
//! once or a killed add.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common;
use sha2::Digest;

pub(crate) fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx")
}

/// `opfolg archive --archive ARCHIVE`, for the arguments to follow.
pub(crate) fn archive_command(archive: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opfolg"));
    command.arg("archive").arg("--archive").arg(archive).env_remove("OPFOLG_ARCHIVE");
    command
}

pub(crate) fn opfolg(archive: &Path, args: &[&str]) -> Output {
    archive_command(archive).args(args).output().unwrap()
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds `workbook`'s PDF into `out` with the real command, with its
/// sources attached (`--med-kilder`), so that it is archived on its own.
pub(crate) fn build(workbook: &Path, out: &Path) -> PathBuf {
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["build", "--med-kilder", "--format", "pdf", "--out"])
        .arg(out)
        .arg(workbook)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    out.join(format!("{}.pdf", workbook.file_stem().unwrap().to_string_lossy()))
}

/// The example with table 13's Ydelsesservice result corrected.
pub(crate) fn corrected_workbook(dir: &Path) -> PathBuf {
    let path = dir.join("halvaarsopfoelgning-2008.xlsx");
    common::write_corrected_example(&path);
    path
}

pub(crate) fn tool(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (.ci/run installs it): {e}"))
}

/// A test certificate and key: `rsa`, `rsa-pss` (RSA key, PSS padding) or `ec` (P-256).
fn certificate(dir: &Path, kind: &str) -> (PathBuf, PathBuf) {
    let key = dir.join(format!("{kind}-key.pem"));
    let cert = dir.join(format!("{kind}-cert.pem"));
    let newkey: &[&str] = match kind {
        "ec" => &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        _ => &["-newkey", "rsa:2048"],
    };
    let mut args =
        vec!["req", "-x509", "-nodes", "-days", "30", "-subj", "/CN=Mette Testesen/O=Eksempel Kommune"];
    // A signer's certificate says it is for signing (opfolg refuses one that does not).
    args.extend_from_slice(&["-addext", "keyUsage=critical,digitalSignature,nonRepudiation"]);
    args.extend_from_slice(newkey);
    let (k, c) = (key.to_str().unwrap(), cert.to_str().unwrap());
    args.extend_from_slice(&["-keyout", k, "-out", c]);
    let run = tool("openssl", &args);
    assert!(run.status.success(), "{}", stderr(&run));
    (key, cert)
}

/// Signs `pdf` into `signed` with pyHanko (a PAdES signature, as Danish
/// public-sector signing gives).
pub(crate) fn sign(pdf: &Path, signed: &Path, dir: &Path, kind: &str, field: &str) {
    let (key, cert) = certificate(dir, kind);
    let mut args = vec!["-m", "pyhanko", "sign", "addsig", "--field", field, "--use-pades"];
    if kind == "rsa-pss" {
        args.push("--prefer-pss");
    }
    args.extend_from_slice(&[
        "pemder",
        "--key",
        key.to_str().unwrap(),
        "--cert",
        cert.to_str().unwrap(),
        "--no-pass",
    ]);
    args.extend_from_slice(&[pdf.to_str().unwrap(), signed.to_str().unwrap()]);
    let run = tool("python3", &args);
    assert!(run.status.success(), "pyhanko: {}{}", stdout(&run), stderr(&run));
}

pub(crate) fn record(archive: &Path, id: i64) -> serde_json::Value {
    let run = opfolg(archive, &["show", &id.to_string(), "--format", "json"]);
    assert!(run.status.success(), "{}", stderr(&run));
    serde_json::from_slice(&run.stdout).unwrap()
}

pub(crate) fn list(archive: &Path) -> Vec<serde_json::Value> {
    let run = opfolg(archive, &["list", "--format", "json"]);
    assert!(run.status.success(), "{}", stderr(&run));
    serde_json::from_slice(&run.stdout).unwrap()
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn flip(path: &Path, at: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[at] ^= 0x01;
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// An offset inside the first compressed stream's data after `from`: a
/// changed byte there keeps the PDF readable but changes its content.
fn inside_a_stream(bytes: &[u8], from: usize) -> usize {
    let start = bytes[from..].windows(7).position(|w| w == b"stream\n").unwrap() + from + 7;
    start + 20
}

#[test]
fn a_copy_with_sources_is_pdf_a_3b_tagged_and_carries_its_workbook_model_and_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build(&example(), dir.path());
    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(check.status.success(), "qpdf --check: {}", stdout(&check));
    let meta = stdout(&tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]));
    assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");
    assert!(meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "{meta}");
    let info = stdout(&tool("pdfinfo", &[pdf.to_str().unwrap()]));
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");

    let listed = stdout(&tool("pdfdetach", &["-list", pdf.to_str().unwrap()]));
    assert!(listed.contains("3 embedded files"), "{listed}");
    for name in
        ["halvaarsopfoelgning-2008.xlsx", "halvaarsopfoelgning-2008.model.json", "opfolg-dokument.json"]
    {
        assert!(listed.contains(name), "{name} in {listed}");
        let saved = dir.path().join(format!("detached-{name}"));
        let run =
            tool("pdfdetach", &["-savefile", name, "-o", saved.to_str().unwrap(), pdf.to_str().unwrap()]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    let workbook = std::fs::read(example()).unwrap();
    assert_eq!(std::fs::read(dir.path().join("detached-halvaarsopfoelgning-2008.xlsx")).unwrap(), workbook);
    let model: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("detached-halvaarsopfoelgning-2008.model.json")).unwrap(),
    )
    .unwrap();
    // Both sides go through JSON text: serde_json's float parsing is not
    // exactly the printed value's.
    let expected: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&opfolg::load(&example()).unwrap().0).unwrap()).unwrap();
    assert!(model == expected, "the attached model is the assessed model");
    let provenance: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("detached-opfolg-dokument.json")).unwrap())
            .unwrap();
    assert_eq!(provenance["kind"], "halvårsopfølgning");
    assert_eq!(provenance["period"], "1. halvår 2008");
    assert_eq!(provenance["workbook_sha256"], sha256(&workbook));
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("report_templates");
    assert_eq!(provenance["templates_sha256"], opfolg::archive::folder_sha256(&templates).unwrap());
    assert_eq!(provenance["opfolg_version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn a_record_is_catalogued_never_replaced_and_a_correction_is_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    let first = build(&example(), &dir.path().join("v1"));
    let run = opfolg(&archive, &["add", first.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run)
            .starts_with("arkiverede nr. 1: Halvårsopfølgning på resultatkontrakter 2008 (version 1)"),
        "{}",
        stdout(&run)
    );

    let r = record(&archive, 1);
    assert_eq!(r["provenance"]["kind"], "halvårsopfølgning");
    assert_eq!(r["provenance"]["period"], "1. halvår 2008");
    assert_eq!(r["version"], 1);
    assert_eq!(r["sha256"], sha256(&std::fs::read(&first).unwrap()));
    assert_eq!(r["signatures"], serde_json::json!([]));
    let stored = archive.join(r["file"].as_str().unwrap());
    assert_eq!(std::fs::read(&stored).unwrap(), std::fs::read(&first).unwrap());
    assert!(std::fs::metadata(&stored).unwrap().permissions().readonly());

    // The same file again is refused, and nothing changes.
    let again = opfolg(&archive, &["add", first.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("OF0705") && stderr(&again).contains("allerede arkiveret som nr. 1"),
        "{}",
        stderr(&again)
    );
    assert_eq!(list(&archive).len(), 1);

    // A corrected workbook, compared with the archived record (its attached
    // workbook), shows exactly the correction.
    let corrected = corrected_workbook(dir.path());
    let diff =
        Command::new(env!("CARGO_BIN_EXE_opfolg")).arg("diff").arg(&stored).arg(&corrected).output().unwrap();
    assert!(diff.status.success(), "{}", stderr(&diff));
    assert_eq!(
        stdout(&diff),
        "Tabel 13, Ydelsesservice: resultat ændret fra 19,5 til 9,5\n\
         Tabel 13, Ydelsesservice: forskel ændret fra + 9,1 til - 0,9\n\
         Tabel 13, Ydelsesservice: trafiklys ændret fra rød til grøn\n\
         3 ændringer\n"
    );

    // It gives a new version that replaces the first.
    let second = build(&corrected, &dir.path().join("v2"));
    let run = opfolg(&archive, &["add", second.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("(version 2) ") && stdout(&run).contains("erstatter nr. 1"),
        "{}",
        stdout(&run)
    );
    let r2 = record(&archive, 2);
    assert_eq!(r2["replaces"], 1);
    assert_ne!(r2["file"], r["file"]);
    assert_eq!(std::fs::read(&stored).unwrap(), std::fs::read(&first).unwrap(), "version 1 is untouched");
    let shown = stdout(&opfolg(&archive, &["show", "1"]));
    assert!(shown.contains("Erstattes af    nr. 2"), "{shown}");
    assert!(shown.contains("Underskrift     ikke underskrevet"), "{shown}");

    let verify = opfolg(&archive, &["verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert!(
        stdout(&verify).starts_with("2 poster kontrolleret: alle i orden\nkædens hoved: 2 poster, "),
        "{}",
        stdout(&verify)
    );
}

#[test]
fn verify_finds_a_flipped_byte_and_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    let pdf = build(&example(), dir.path());
    assert!(opfolg(&archive, &["add", pdf.to_str().unwrap()]).status.success());
    let stored = archive.join(record(&archive, 1)["file"].as_str().unwrap());
    for at in [0, std::fs::metadata(&stored).unwrap().len() as usize / 2] {
        flip(&stored, at);
        let verify = opfolg(&archive, &["verify"]);
        assert_eq!(verify.status.code(), Some(1));
        assert!(
            stderr(&verify).contains("nr. 1: ") && stderr(&verify).contains("er ændret"),
            "{}",
            stderr(&verify)
        );
        // An export refuses to hand over the damaged record.
        let export = opfolg(&archive, &["export", dir.path().join("pakke").to_str().unwrap()]);
        assert_eq!(export.status.code(), Some(1));
        assert!(!dir.path().join("pakke").exists());
        flip(&stored, at);
        assert!(opfolg(&archive, &["verify"]).status.success());
    }
    std::fs::remove_file(&stored).unwrap();
    let verify = opfolg(&archive, &["verify"]);
    assert_eq!(verify.status.code(), Some(1));
    assert!(stderr(&verify).contains("mangler"), "{}", stderr(&verify));
}

#[test]
fn a_pdf_opfolg_did_not_make_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    let foreign = dir.path().join("fremmed.pdf");
    assert!(tool("qpdf", &["--empty", foreign.to_str().unwrap()]).status.success());
    let run = opfolg(&archive, &["add", foreign.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("OF0703") && stderr(&run).contains("fremmed.pdf"), "{}", stderr(&run));
    let text = dir.path().join("tekst.pdf");
    std::fs::write(&text, "ikke en pdf").unwrap();
    let run = opfolg(&archive, &["add", text.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("filen er ikke en PDF"), "{}", stderr(&run));
    assert!(list(&archive).is_empty());
    // Reading an archive that is not there says so, and makes none.
    let nowhere = dir.path().join("intet");
    let run = opfolg(&nowhere, &["list"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("der er intet arkiv her"), "{}", stderr(&run));
    assert!(!nowhere.exists());
}

#[test]
fn signed_pdfs_are_archived_with_their_signer_and_altered_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    let pdf = build(&example(), dir.path());
    let mut id = 0;
    for kind in ["rsa", "rsa-pss", "ec"] {
        let signed = dir.path().join(format!("underskrevet-{kind}.pdf"));
        sign(&pdf, &signed, dir.path(), kind, "Underskrift");
        // The signed copy is still a sound PDF that claims PDF/A-3a.
        let check = tool("qpdf", &["--check", signed.to_str().unwrap()]);
        assert!(check.status.success(), "qpdf --check: {}", stdout(&check));
        let meta = stdout(&tool("pdfinfo", &["-meta", signed.to_str().unwrap()]));
        // pyHanko rewrites the XMP metadata, as attributes; the claim stays.
        let part_3 = meta.contains("<pdfaid:part>3</pdfaid:part>") || meta.contains("pdfaid:part=\"3\"");
        let level_a = meta.contains("<pdfaid:conformance>A<") || meta.contains("pdfaid:conformance=\"A\"");
        assert!(part_3 && level_a, "{meta}");
        let run = opfolg(&archive, &["add", signed.to_str().unwrap()]);
        assert!(run.status.success(), "{kind}: {}", stderr(&run));
        assert!(
            stdout(&run).contains("underskrevet af Mette Testesen (Eksempel Kommune)"),
            "{}",
            stdout(&run)
        );
        id += 1;
        let r = record(&archive, id);
        let s = &r["signatures"][0];
        assert_eq!(s["signer"], "Mette Testesen (Eksempel Kommune)");
        // A self-signed certificate and no trust anchor: intact, not confirmed.
        assert_eq!(s["status"], "intact_unconfirmed");
        assert_eq!(s["note"], "underskriften er intakt, men underskriveren er ikke bekræftet");
        assert_eq!(s["covered_bytes"].as_u64(), Some(std::fs::metadata(&signed).unwrap().len()));
        // pyHanko's PAdES signature states no time but /M, which is not evidence.
        assert_eq!(s["time"], serde_json::Value::Null, "{s}");

        // One byte changed inside the signed part: refused, nothing archived.
        let bytes = std::fs::read(&signed).unwrap();
        let tampered = dir.path().join(format!("aendret-{kind}.pdf"));
        let mut changed = bytes.clone();
        changed[inside_a_stream(&bytes, bytes.len() / 3)] ^= 0x01;
        std::fs::write(&tampered, &changed).unwrap();
        let run = opfolg(&archive, &["add", tampered.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(1), "{kind}: {}", stdout(&run));
        assert!(
            stderr(&run).contains("OF0704") && stderr(&run).contains("filen er ændret efter underskriften"),
            "{kind}: {}",
            stderr(&run)
        );
        assert_eq!(list(&archive).len(), id as usize);
    }

    // Bytes appended that are not an incremental update: refused. With an
    // end-of-file marker after them pyHanko finds no revision there and
    // cannot read the file; with the signed revision's own startxref
    // repeated it reads it, and the last revision is the signed one with
    // bytes after it.
    let signed = dir.path().join("underskrevet-rsa.pdf");
    let signed_bytes = std::fs::read(&signed).unwrap();
    let text = String::from_utf8_lossy(&signed_bytes);
    let startxref = text.rsplit("startxref").next().unwrap().split_whitespace().next().unwrap().to_string();
    let tail = dir.path().join("tilfoejet.pdf");
    for (appended, why) in [
        ("\n% tilfoejet bagefter\n".to_string(), "ikke en tilføjelse"),
        ("\n9 0 obj\n(skjult)\nendobj\n%%EOF\n".to_string(), "startxref"),
        (format!("\n9 0 obj\n(skjult)\nendobj\nstartxref\n{startxref}\n%%EOF\n"), "ikke en tilføjelse"),
    ] {
        std::fs::write(&tail, [signed_bytes.as_slice(), appended.as_bytes()].concat()).unwrap();
        let run = opfolg(&archive, &["add", tail.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(1));
        assert!(
            stderr(&run).contains("OF0704") && stderr(&run).contains(why),
            "{appended}: {}",
            stderr(&run)
        );
    }

    // A second signature is an incremental update: both hold; the first
    // covers only its own revision.
    let twice = dir.path().join("to-underskrifter.pdf");
    sign(&signed, &twice, dir.path(), "ec", "Direktoer");
    let run = opfolg(&archive, &["add", twice.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let r = record(&archive, id + 1);
    let sigs = r["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 2);
    assert_eq!(
        (sigs[0]["revision"].as_u64(), sigs[0]["revisions"].as_u64()),
        (Some(2), Some(3)),
        "{}",
        sigs[0]
    );
    assert_eq!(sigs[1]["covered_bytes"].as_u64(), Some(std::fs::metadata(&twice).unwrap().len()));
    assert_eq!(r["version"], id + 1, "every signed copy is a version of the one document");
}

#[test]
fn two_adds_at_once_and_a_killed_add_leave_the_archive_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    let first = build(&example(), &dir.path().join("v1"));
    let second = build(&corrected_workbook(dir.path()), &dir.path().join("v2"));
    let add = |file: &Path, pause: &str| {
        archive_command(&archive)
            .arg("add")
            .arg(file)
            .env("OPFOLG_ARCHIVE_TEST_PAUSE_MS", pause)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    // A killed add, after its commit and before its file is in place: the
    // record is whole in the catalogue, its bytes wait under the staging name.
    let mut killed = add(&first, "60000");
    let mut err = std::io::BufReader::new(killed.stderr.take().unwrap());
    let mut said = String::new();
    while !said.contains("(test) arkiveret") {
        said.clear();
        assert!(
            std::io::BufRead::read_line(&mut err, &mut said).unwrap() > 0,
            "the add ended before its pause"
        );
    }
    killed.kill().unwrap();
    killed.wait().unwrap();
    let verify = opfolg(&archive, &["verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert!(stdout(&verify).starts_with("1 post kontrolleret: alle i orden"), "{}", stdout(&verify));
    assert!(
        stderr(&verify).contains("bemærk: nr. 1: arkiveringen blev afbrudt, før filen kom på plads"),
        "{}",
        stderr(&verify)
    );

    // The same file again, twice at once, and the next version beside them:
    // the first is already a record, the second becomes version 2, and the
    // killed add's file is put in place on the way.
    let racers = [add(&first, "300"), add(&first, "300"), add(&second, "300")];
    let outputs: Vec<Output> = racers.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let ok = outputs.iter().filter(|o| o.status.success()).count();
    assert_eq!(ok, 1, "{:?}", outputs.iter().map(stderr).collect::<Vec<_>>());
    assert_eq!(outputs.iter().filter(|o| stderr(o).contains("OF0705")).count(), 2);
    let records = list(&archive);
    let versions: Vec<i64> = records.iter().map(|r| r["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, [1, 2]);
    let placed = archive.join(records[0]["file"].as_str().unwrap());
    assert_eq!(std::fs::read(placed).unwrap(), std::fs::read(&first).unwrap());
    let verify = opfolg(&archive, &["verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert_eq!(stderr(&verify), "", "the killed add was finished and its staging file is gone");
}

#[test]
fn export_writes_a_valid_bagit_bag() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    let pdf = build(&example(), dir.path());
    assert!(opfolg(&archive, &["add", pdf.to_str().unwrap()]).status.success());
    let bag = dir.path().join("aflevering");
    let run = opfolg(&archive, &["export", bag.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("med 1 post"), "{}", stdout(&run));
    let manifest = std::fs::read_to_string(bag.join("manifest-sha256.txt")).unwrap();
    let file = record(&archive, 1)["file"].as_str().unwrap().to_string();
    assert!(
        manifest.contains(&format!("{}  data/{file}", sha256(&std::fs::read(&pdf).unwrap()))),
        "{manifest}"
    );
    let catalogue: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bag.join("data/katalog.json")).unwrap()).unwrap();
    assert_eq!(catalogue[0]["file"], file);
    // Each record's link, and the head it ends in.
    let chain = std::fs::read_to_string(bag.join("data/kaede.txt")).unwrap();
    let (number, link) = chain.trim_end().split_once(' ').unwrap();
    assert_eq!((number, link.len()), ("1", 64), "{chain}");
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(info.contains(&format!("Opfolg-Kaedens-Hoved: 1 {link}\n")), "{info}");
    assert!(stdout(&opfolg(&archive, &["verify"])).contains(&format!("kædens hoved: 1 post, {link}")));
    // The Library of Congress's bagit-python validates it.
    let validate = tool("python3", &["-m", "bagit", "--validate", bag.to_str().unwrap()]);
    assert!(validate.status.success(), "{}", stderr(&validate));
    // A bag is never overwritten.
    let again = opfolg(&archive, &["export", bag.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    // bagit-python notices a changed byte in the bag.
    flip(&bag.join("data").join(&file), 100);
    assert!(!tool("python3", &["-m", "bagit", "--validate", bag.to_str().unwrap()]).status.success());
}

#[test]
fn a_contract_carries_the_model_of_its_own_unit() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/kontrakter-2008.xlsx");
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["build", "--med-kilder", "--format", "pdf", "--out"])
        .arg(dir.path())
        .arg(&workbook)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let pdf = dir.path().join("kontrakt-2008-jobcenter-sygedagpenge.pdf");
    let saved = dir.path().join("model.json");
    let detach = tool(
        "pdfdetach",
        &["-savefile", "kontrakter-2008.model.json", "-o", saved.to_str().unwrap(), pdf.to_str().unwrap()],
    );
    assert!(detach.status.success(), "{}", stderr(&detach));
    let model: serde_json::Value = serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    let units = model["report"]["units"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["name"], "Jobcenter København Sygedagpenge");
    let goals = model["report"]["goals"].as_array().unwrap();
    assert!(!goals.is_empty());
    assert!(
        goals.iter().all(|g| g["results"].as_array().unwrap().iter().all(|r| r["unit"] == units[0]["id"]))
    );
    let provenance_file = dir.path().join("provenance.json");
    let detach = tool(
        "pdfdetach",
        &[
            "-savefile",
            "opfolg-dokument.json",
            "-o",
            provenance_file.to_str().unwrap(),
            pdf.to_str().unwrap(),
        ],
    );
    assert!(detach.status.success());
    let provenance: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&provenance_file).unwrap()).unwrap();
    assert_eq!(provenance["kind"], "kontrakt");
    assert_eq!(provenance["unit"], "Jobcenter København Sygedagpenge");
    assert_eq!(provenance["name"], "kontrakt-2008-jobcenter-sygedagpenge");
}
