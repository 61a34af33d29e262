//! Golden files of what the command prints: one folder per case in
//! `tests/fixtures/printed/`, so adding a case is adding a folder.
//!
//! A case folder holds its input files (workbooks), a `commands` file and
//! the `expected` transcript. The folder's files are copied to a fresh
//! temporary folder, and each line of `commands` is run there in turn:
//!
//! - `opfolg ARGS…` runs the binary (arguments split at spaces);
//! - `copy FROM TO` copies `FROM` (relative to the checkout: the example
//!   workbooks in `inputs/`) to `TO`;
//! - `write FILE TEXT…` writes the text over `FILE` (to damage a record);
//! - a line starting with `#` is a comment.
//!
//! The transcript holds each `opfolg` command with its standard output
//! (text or JSON), standard error and exit code. What differs from one run
//! or machine to the next is written as a placeholder: the temporary folder,
//! the checkout, SHA-256 sums, archiving times, byte counts and opfolg's
//! version (a template change changes a PDF's sum, not what is printed).
//!
//! `OPFOLG_WRITE_GOLDEN=1 cargo test --test e2e printed` writes the
//! transcripts anew; review them with `git diff`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The case folders.
fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/printed");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("commands").is_file())
        .collect();
    cases.sort();
    cases
}

/// Runs a case's commands in a fresh folder and gives the transcript.
fn transcript(case: &Path) -> String {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(case).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if path.is_file() && name != "commands" && name != "expected" {
            std::fs::copy(&path, dir.path().join(name)).unwrap();
        }
    }
    let mut out = String::new();
    for line in std::fs::read_to_string(case.join("commands")).unwrap().lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            [first, ..] if first.starts_with('#') => {}
            ["copy", from, to] => {
                std::fs::copy(checkout.join(from), dir.path().join(to)).unwrap();
            }
            ["write", file, text @ ..] => {
                std::fs::write(dir.path().join(file), text.join(" ")).unwrap();
            }
            ["opfolg", args @ ..] => {
                let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
                    .args(args)
                    .current_dir(dir.path())
                    .env_remove("OPFOLG_ARCHIVE")
                    .env_remove("OPFOLG_ARCHIVE_HEAD")
                    // The help is wrapped to the terminal's width, which a test has not.
                    .env_remove("COLUMNS")
                    .output()
                    .unwrap();
                out += &format!("$ {line}\n");
                for (name, bytes) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                    let text = String::from_utf8_lossy(bytes);
                    if !text.is_empty() {
                        out += &format!("--- {name}\n{text}");
                        if !text.ends_with('\n') {
                            out += "\n";
                        }
                    }
                }
                out +=
                    &format!("--- exit {}\n\n", run.status.code().map_or("signal".into(), |c| c.to_string()));
            }
            _ => panic!("{}: a command I do not know: {line}", case.display()),
        }
    }
    let tmp = dir.path().display().to_string();
    let out = out.replace(&tmp, "<mappe>").replace(&checkout.display().to_string(), "<opfolg>");
    placeholders(&out)
}

/// The transcript with what differs between runs and machines replaced.
fn placeholders(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let text = text.replace(&format!("opfolg {version}"), "opfolg <version>");
    let text =
        text.replace(&format!("\"opfolg_version\": \"{version}\""), "\"opfolg_version\": \"<version>\"");
    // The account that ran the test, where the archive says who added a record.
    let account = opfolg::archive::os_account();
    let text = text.replace(&format!("\"account\": \"{account}\""), "\"account\": \"<konto>\"");
    let text = text.replace(&format!("Arkiveret af    {account} ("), "Arkiveret af    <konto> (");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'text: while i < chars.len() {
        let rest = &chars[i..];
        let after_word = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        // A SHA-256 sum: 64 hex digits, not part of a longer word.
        let hex = rest.iter().take_while(|c| c.is_ascii_hexdigit()).count();
        if after_word && hex == 64 {
            out += "<sha256>";
            i += 64;
            continue;
        }
        // A time: 2026-12-02T01:17:00Z (or with fractions of a second).
        if after_word && is_time(rest) {
            let len = rest.iter().position(|c| *c == 'Z').map_or(16, |z| z + 1);
            out += "<tidspunkt>";
            i += len;
            continue;
        }
        // A byte count: "(12345 bytes)", "\"size\": 12345", "\"bytes\": 1".
        for (prefix, suffix) in [("(", " bytes)"), ("\"size\": ", ""), ("\"bytes\": ", "")] {
            let p: Vec<char> = prefix.chars().collect();
            let s: Vec<char> = suffix.chars().collect();
            if rest.starts_with(&p) {
                let digits = rest[p.len()..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits > 0 && rest[p.len() + digits..].starts_with(&s) {
                    out += &format!("{prefix}<n>{suffix}");
                    i += p.len() + digits + s.len();
                    continue 'text;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether `s` starts with `dddd-dd-ddTdd:dd`.
fn is_time(s: &[char]) -> bool {
    let shape = "dddd-dd-ddTdd:dd";
    s.len() >= shape.len()
        && shape.chars().zip(s).all(|(want, c)| if want == 'd' { c.is_ascii_digit() } else { want == *c })
}

#[test]
fn printed_output_is_as_the_golden_files_say() {
    let write = std::env::var_os("OPFOLG_WRITE_GOLDEN").is_some();
    let mut differ = Vec::new();
    for case in cases() {
        let got = transcript(&case);
        let expected = std::fs::read_to_string(case.join("expected")).unwrap_or_default();
        if got != expected {
            if write {
                std::fs::write(case.join("expected"), &got).unwrap();
            } else {
                differ.push(format!("{}:\n{got}", case.display()));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "printed output differs from the golden files (OPFOLG_WRITE_GOLDEN=1 writes them):\n{}",
        differ.join("\n")
    );
}

#[test]
fn placeholders_hide_only_what_changes_between_runs() {
    let sum = "ab".repeat(32);
    assert_eq!(placeholders(&format!("SHA-256 {sum}\n")), "SHA-256 <sha256>\n");
    assert_eq!(placeholders(&format!("x{sum}")), format!("x{sum}"), "part of a longer word");
    assert_eq!(placeholders("Arkiveret 2026-12-02T01:17:00Z fra a.pdf"), "Arkiveret <tidspunkt> fra a.pdf");
    assert_eq!(placeholders("a.pdf (123456 bytes)"), "a.pdf (<n> bytes)");
    assert_eq!(placeholders("\"size\": 1234,"), "\"size\": <n>,");
    // A figure of the document stays.
    assert_eq!(
        placeholders("Tabel 13: resultat ændret fra 19,5 til 9,5"),
        "Tabel 13: resultat ændret fra 19,5 til 9,5"
    );
    assert_eq!(placeholders("2008-09-01"), "2008-09-01", "a date is not a time");
}

#[test]
fn a_usage_mistake_quotes_its_argument_escaped() {
    let run = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["check", "--format", "x\u{1b}[2K\nfejl[OF0101]: y", "a.xlsx"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "a usage mistake");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.starts_with("fejl: «x\\u{1b}[2K\\nfejl[OF0101]: y» kan ikke bruges til --format"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.lines().any(|l| l.starts_with("fejl[OF0101]")), "{err}");
}
