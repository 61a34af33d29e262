//! Signed PDFs in the archive, tried as an attacker would: every case of
//! `tests/fixtures/signatures/make.py` (a small PKI, pyHanko's signing API,
//! hand-made incremental updates) against `opfolg archive add`, `show` and
//! `list`. The cases are made once per test run from one PDF opfolg built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::archive::{build, example, list, opfolg, record, sha256, stderr, stdout};

/// The folder of cases: `<case>.pdf`, `pki/` and `betroede-certifikater/`.
fn cases() -> &'static Path {
    static CASES: OnceLock<PathBuf> = OnceLock::new();
    CASES.get_or_init(|| {
        // Under the target folder (kept between runs, made anew in each), so
        // that no run leaves its cases in the system's temporary folder.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("signatur-sager");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = build(&example(), &dir.join("bygget"));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signatures/make.py");
        let run = Command::new("python3").arg(&script).arg(&pdf).arg(&dir).output().unwrap();
        assert!(run.status.success(), "make.py: {}", stderr(&run));
        dir
    })
}

fn case(name: &str) -> PathBuf {
    cases().join(format!("{name}.pdf"))
}

/// A new archive; with the test PKI's root as its trust anchor if `trusted`.
fn archive(trusted: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("arkiv");
    if trusted {
        let anchors = archive.join("betroede-certifikater");
        std::fs::create_dir_all(&anchors).unwrap();
        std::fs::copy(cases().join("betroede-certifikater/rod.cer"), anchors.join("rod.cer")).unwrap();
    }
    (dir, archive)
}

fn add(archive: &Path, name: &str) -> Output {
    opfolg(archive, &["add", case(name).to_str().unwrap()])
}

/// Adds the case `name`, asserts that it is refused with `code` saying every
/// one of `says`, and returns what was said.
fn refused(archive: &Path, name: &str, code: &str, says: &[&str]) -> String {
    let run = add(archive, name);
    assert_eq!(run.status.code(), Some(1), "{name}: {}", stdout(&run));
    let err = stderr(&run);
    assert!(err.contains(code) && says.iter().all(|s| err.contains(s)), "{name}: {err}");
    err
}

/// SHA-256 of a PEM certificate's DER.
fn fingerprint(pem: &str) -> String {
    let der = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(cases().join("pki").join(pem))
        .output()
        .unwrap();
    assert!(der.status.success());
    sha256(&der.stdout)
}

const MAYOR: &str =
    "underskrift nr. 1 (feltet «Underskrift») af Borgmester Bo Jensen (Eksempel Kommune) holder ikke";
const DIRECTOR: &str =
    "underskrift nr. 2 (feltet «Direktoer») af Direktør Dorthe Hansen (Eksempel Kommune) holder ikke";

#[test]
fn every_change_after_signing_is_refused_naming_the_signature_also_under_docmdp_no_changes() {
    let (_dir, archive) = archive(true);
    // (case, what the refusal says, whether the forged figures show on a page)
    let attacks: &[(&str, &str, bool)] = &[
        ("new-content", "ændret efter underskriften", true),
        ("replaced-content", "ændret efter underskriften", true),
        ("annotation", "ændret efter underskriften", true),
        ("form-filled", "formularfeltet «Beloeb» er udfyldt bagefter", false),
        ("xref-only-swap", "ændret efter underskriften", false),
        ("appended-report", "ændret efter underskriften", true),
        ("m-rewritten", "dækker ikke en hel udgave af filen", false),
        ("provenance-replaced", "ændret efter underskriften", false),
        ("visible-second-signature", "en senere underskrift må ikke ændre, hvad siderne viser", false),
    ];
    for (name, why, visible) in attacks {
        for prefix in ["", "certified-"] {
            let name = format!("{prefix}{name}");
            if !case(&name).exists() {
                assert!(!prefix.is_empty(), "{name} was made");
                continue;
            }
            // The attack is real: a reader shows the forged figures.
            let text = crate::common::pdf_text(&case(&name));
            assert_eq!(text.contains("FORFALSKET 999"), *visible, "{name}: {text}");
            let who = if name.contains("second-signature") { DIRECTOR } else { MAYOR };
            refused(&archive, &name, "OF0704", &[who, why]);
        }
    }
    // A second catalogue made current by the trailer alone hides the
    // signature from the document: refused too.
    for name in ["root-swap", "certified-root-swap"] {
        assert!(crate::common::pdf_text(&case(name)).contains("FORFALSKET 999"), "{name}");
        refused(&archive, name, "OF0704", &["ikke henviser til"]);
    }
    // Certified with "no changes": even a second signature is refused.
    refused(&archive, "certified-second-signature", "OF0704", &[MAYOR, "certificeret (NO_CHANGES)"]);
    assert!(list(&archive).is_empty(), "nothing was archived");
    // The certified original itself is fine.
    assert!(add(&archive, "certified").status.success());
}

#[test]
fn a_chain_to_the_archives_anchor_is_confirmed_and_add_names_the_folder() {
    let (_dir, archive) = archive(true);
    let run = add(&archive, "signed");
    assert!(run.status.success(), "{}", stderr(&run));
    let out = stdout(&run);
    assert!(out.contains("underskrevet af Borgmester Bo Jensen (Eksempel Kommune)"), "{out}");
    assert!(!out.contains("ikke bekræftet"), "{out}");
    assert!(out.contains("mod 1 betroet certifikat i") && out.contains("betroede-certifikater"), "{out}");
    let s = &record(&archive, 1)["signatures"][0];
    assert_eq!(s["kind"], "signature");
    assert_eq!(s["status"], "confirmed");
    assert_eq!(s["note"], "gyldig, underskriver bekræftet");
    assert_eq!(s["fingerprint_sha256"], fingerprint("borgmester.pem"));
    assert_eq!(
        s["anchor_sha256"],
        sha256(&std::fs::read(cases().join("betroede-certifikater/rod.cer")).unwrap())
    );
    assert!(s["issuer"].as_str().unwrap().contains("Eksempel Kommune Rod-CA"), "{s}");
    assert!(!s["serial"].as_str().unwrap().is_empty());
    assert!(s["certificate"].as_str().unwrap().starts_with("MII"), "the certificate itself, DER in base64");
    assert_eq!((s["revision"].as_u64(), s["revisions"].as_u64()), (Some(2), Some(2)));
    assert_eq!(s["covered_bytes"].as_u64(), Some(std::fs::metadata(case("signed")).unwrap().len()));
    let shown = stdout(&opfolg(&archive, &["show", "1"]));
    assert!(
        shown.contains(
            "Underskrift 1   Borgmester Bo Jensen (Eksempel Kommune): gyldig, underskriver bekræftet"
        ),
        "{shown}"
    );
    assert!(shown.contains(&format!("SHA-256 {}", fingerprint("borgmester.pem"))), "{shown}");
}

#[test]
fn without_an_anchor_a_signature_is_intact_but_its_signer_not_confirmed_never_gyldig() {
    let (_dir, archive) = archive(false);
    let run = add(&archive, "signed");
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("ingen betroede certifikater i"), "{}", stdout(&run));
    let s = &record(&archive, 1)["signatures"][0];
    assert_eq!(s["status"], "intact_unconfirmed");
    assert_eq!(s["note"], "underskriften er intakt, men underskriveren er ikke bekræftet");
    assert_eq!(s["anchor_sha256"], serde_json::Value::Null);
    let shown = stdout(&opfolg(&archive, &["show", "1"]));
    assert!(shown.contains("underskriften er intakt, men underskriveren er ikke bekræftet"), "{shown}");
    assert!(!shown.contains("gyldig"), "{shown}");
    let listed = stdout(&opfolg(&archive, &["list"]));
    assert!(
        listed.contains("underskrevet af Borgmester Bo Jensen (Eksempel Kommune) (ikke bekræftet)"),
        "{listed}"
    );
}

#[test]
fn an_impostor_in_the_mayors_name_is_recorded_unconfirmed_and_told_apart_by_fingerprint() {
    let (_dir, archive) = archive(true);
    assert!(add(&archive, "signed").status.success());
    let run = add(&archive, "impostor");
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("(ikke bekræftet)"), "{}", stdout(&run));
    let mayor = &record(&archive, 1)["signatures"][0];
    let impostor = &record(&archive, 2)["signatures"][0];
    assert_eq!(mayor["signer"], impostor["signer"], "the same name");
    assert_eq!(impostor["status"], "intact_unconfirmed");
    assert_eq!(impostor["fingerprint_sha256"], fingerprint("falsk.pem"));
    assert_ne!(mayor["fingerprint_sha256"], impostor["fingerprint_sha256"]);
    assert_ne!(mayor["issuer"], impostor["issuer"]);
    // The impostor signing after the mayor: both recorded, one confirmed.
    let run = add(&archive, "impostor-second");
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run).contains(
            "underskrevet af Borgmester Bo Jensen (Eksempel Kommune) og Borgmester Bo Jensen (Eksempel Kommune) (ikke bekræftet))"
        ),
        "{}",
        stdout(&run)
    );
    let both = record(&archive, 3)["signatures"].clone();
    assert_eq!(
        (both[0]["status"].as_str(), both[1]["status"].as_str()),
        (Some("confirmed"), Some("intact_unconfirmed"))
    );
    assert_eq!(both[1]["fingerprint_sha256"], impostor["fingerprint_sha256"]);
}

#[test]
fn expired_certificates_certificates_not_for_signing_and_broken_algorithms_are_refused() {
    for trusted in [true, false] {
        let (_dir, archive) = archive(trusted);
        for (name, why) in [
            ("expired", "certifikatet var ikke gyldigt på underskriftstidspunktet"),
            ("no-signing-key-usage", "må ikke bruges til underskrifter (nøgleanvendelse: key_encipherment"),
            ("no-key-usage-extension", "må ikke bruges til underskrifter (nøgleanvendelse: ingen angivet"),
            ("weak-digest", "en algoritme eller nøglelængde, som ikke længere er sikker"),
        ] {
            refused(&archive, name, "OF0704", &[MAYOR, why]);
        }
        assert!(list(&archive).is_empty());
    }
}

#[test]
fn two_signatures_and_validation_data_with_a_document_time_stamp_after_signing_are_accepted() {
    let (_dir, archive) = archive(true);
    let run = add(&archive, "two-signatures");
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run)
            .contains("underskrevet af Borgmester Bo Jensen (Eksempel Kommune) og Direktør Dorthe Hansen"),
        "{}",
        stdout(&run)
    );
    let sigs = record(&archive, 1)["signatures"].as_array().unwrap().clone();
    assert_eq!(sigs.len(), 2);
    assert!(sigs.iter().all(|s| s["status"] == "confirmed"), "{sigs:?}");
    assert_eq!((sigs[0]["revision"].as_u64(), sigs[1]["revision"].as_u64()), (Some(2), Some(3)));
    assert!(sigs[0]["covered_bytes"].as_u64() < sigs[1]["covered_bytes"].as_u64());

    let run = add(&archive, "lta");
    assert!(run.status.success(), "{}", stderr(&run));
    // The time stamp is no signer.
    assert!(
        stdout(&run).contains("underskrevet af Borgmester Bo Jensen (Eksempel Kommune)) 2008/"),
        "{}",
        stdout(&run)
    );
    assert!(!stdout(&run).contains("Tidsstempel ("), "{}", stdout(&run));
    let sigs = record(&archive, 2)["signatures"].as_array().unwrap().clone();
    assert_eq!(sigs.len(), 2, "{sigs:?}");
    assert_eq!(sigs[0]["kind"], "signature");
    assert_eq!(sigs[0]["time_source"], "time_stamp");
    assert_eq!(sigs[1]["kind"], "time_stamp");
    assert_eq!(sigs[1]["signer"], "Eksempel Tidsstempel (Eksempel Kommune)");
    assert_eq!(sigs[1]["note"], "tidsstempel; tidsstemplingstjenesten er bekræftet");
    let shown = stdout(&opfolg(&archive, &["show", "2"]));
    assert!(shown.contains("Tidsstempel 2"), "{shown}");
    assert!(!shown.contains("Underskrift 2"), "{shown}");
}

#[test]
fn the_signing_time_comes_from_a_time_stamp_or_the_signers_claim_never_from_m() {
    let (_dir, archive) = archive(true);
    for (id, name, source) in [
        (1, "signed", "unknown"),
        (2, "signed-claimed-time", "claimed"),
        (3, "signed-time-stamped", "time_stamp"),
    ] {
        let run = add(&archive, name);
        assert!(run.status.success(), "{name}: {}", stderr(&run));
        let s = &record(&archive, id)["signatures"][0];
        assert_eq!(s["time_source"], source, "{name}");
        // The PDF's /M is there in every case, and never used.
        assert_eq!(s["time"].is_null(), source == "unknown", "{name}: {s}");
    }
    let shown = stdout(&opfolg(&archive, &["show", "3"]));
    assert!(shown.contains("(ifølge et tidsstempel)"), "{shown}");
}

#[test]
fn the_catalogues_facts_come_only_from_the_name_tree_and_the_workbook_must_match() {
    let (_dir, archive) = archive(true);
    refused(&archive, "workbook-swapped", "OF0703", &["er ikke den, dokumentet siger, det er lavet af"]);
    refused(&archive, "provenance-outside-name-tree", "OF0703", &["ikke lavet af opfolg"]);
    assert!(list(&archive).is_empty());
}

#[test]
fn without_pyhanko_a_signed_pdf_is_refused_saying_how_to_install_and_an_unsigned_one_is_archived() {
    let (dir, archive) = archive(true);
    // A Python without pyHanko (Debian's own), and no Python at all.
    let system_python = dir.path().join("python-uden-pyhanko");
    std::fs::create_dir_all(&system_python).unwrap();
    std::os::unix::fs::symlink("/usr/bin/python3", system_python.join("python3")).unwrap();
    let empty = dir.path().join("intet");
    std::fs::create_dir_all(&empty).unwrap();
    let add_with_path = |pdf: &Path, path: &Path| {
        Command::new(env!("CARGO_BIN_EXE_opfolg"))
            .args(["archive", "--archive"])
            .arg(&archive)
            .arg("add")
            .arg(pdf)
            .env("PATH", path)
            .output()
            .unwrap()
    };
    for (path, why) in [(&system_python, "pyHanko er ikke installeret"), (&empty, "python3 kan ikke startes")]
    {
        if path == &system_python && !Path::new("/usr/bin/python3").exists() {
            continue;
        }
        let run = add_with_path(&case("signed"), path);
        assert_eq!(run.status.code(), Some(1));
        let err = stderr(&run);
        assert!(
            err.contains("OF0720") && err.contains(why) && err.contains("pip install \"pyhanko==0.38.0\""),
            "{err}"
        );
    }
    let run = add_with_path(&cases().join("bygget/halvaarsopfoelgning-2008.pdf"), &empty);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(record(&archive, 1)["signatures"], serde_json::json!([]));
}

#[test]
fn a_file_in_the_anchor_folder_that_is_not_a_certificate_is_named() {
    let (_dir, archive) = archive(true);
    std::fs::write(archive.join("betroede-certifikater/laes-mig.txt"), "ikke et certifikat").unwrap();
    refused(&archive, "signed", "OF0720", &["laes-mig.txt", "er ikke et certifikat"]);
    // The anchors are not records: verify does not call them strays.
    std::fs::remove_file(archive.join("betroede-certifikater/laes-mig.txt")).unwrap();
    assert!(add(&archive, "signed").status.success());
    let verify = opfolg(&archive, &["verify"]);
    assert!(verify.status.success() && stderr(&verify).is_empty(), "{}", stderr(&verify));
}

#[test]
fn an_expired_certificate_counts_at_a_trusted_time_stamps_time_not_at_the_attackers_own() {
    let (_dir, archive) = archive(true);
    // Signed 60 days ago, a trusted authority says so: the certificate was
    // valid then, so the signature is good today.
    let run = add(&archive, "expired-trusted-time-stamp");
    assert!(run.status.success(), "{}", stderr(&run));
    let s = &record(&archive, 1)["signatures"][0];
    assert_eq!(s["status"], "confirmed");
    assert_eq!(s["time_source"], "time_stamp");
    assert!(s["time"].as_str().unwrap() < s["valid_to"].as_str().unwrap(), "{s}");
    // The same time said by a time stamp authority of the attacker's own
    // proves nothing: the certificate is checked now, and it has expired.
    refused(
        &archive,
        "expired-forged-time-stamp",
        "OF0704",
        &[MAYOR, "ikke gyldigt på underskriftstidspunktet"],
    );
}

#[test]
fn a_signers_name_cannot_write_lines_of_its_own() {
    let (_dir, archive) = archive(true);
    let run = add(&archive, "control-characters");
    assert!(run.status.success(), "{}", stderr(&run));
    for out in [stdout(&run), stdout(&opfolg(&archive, &["show", "1"])), stdout(&opfolg(&archive, &["list"]))]
    {
        assert!(!out.lines().any(|l| l.trim_start().starts_with("Underskrift 2")), "{out}");
        assert!(out.contains("Bo\\n  Underskrift 2"), "{out}");
    }
}

#[test]
fn a_certificate_the_files_own_revocation_data_revokes_is_refused() {
    let (_dir, archive) = archive(true);
    refused(&archive, "revoked", "OF0704", &[MAYOR, "certifikatet er spærret"]);
    // The same CRL beside a certificate it does not name: the DSS update is
    // validation data, and the signature stands.
    let run = add(&archive, "crl-not-revoked");
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(record(&archive, 1)["signatures"][0]["status"], "confirmed");
}
