//! The figures of BENCHMARKS.md: whole `opfolg` processes, warm, median of
//! several runs, on the example workbooks and on large synthetic ones.
//!
//! Run with `cargo bench` (a release build). It prints a Markdown table;
//! peak memory is read from `/usr/bin/time -v` when that is installed
//! (Debian package `time`). Not a test: nothing here fails on a slow machine.

#[path = "../examples/inputs/halvaarsopfoelgning_2008.rs"]
mod halvaarsopfoelgning_2008;
#[path = "../examples/inputs/sheet.rs"]
mod sheet;
#[path = "../examples/inputs/synthetic.rs"]
mod synthetic;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const OPFOLG: &str = env!("CARGO_BIN_EXE_opfolg");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `opfolg ARGS` once; panics (with its output) when it fails.
fn run(args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new(OPFOLG).args(args).current_dir(root()).output().expect("opfolg runs");
    let took = start.elapsed();
    assert!(out.status.success(), "opfolg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    took
}

/// The median of `n` runs after one warm-up run.
fn median(n: usize, args: &[&str]) -> Duration {
    run(args);
    let mut times: Vec<Duration> = (0..n).map(|_| run(args)).collect();
    times.sort();
    times[n / 2]
}

/// Peak resident memory of one run, in MB, from `/usr/bin/time -v`.
fn peak_mb(args: &[&str]) -> Option<f64> {
    let out =
        Command::new("/usr/bin/time").arg("-v").arg(OPFOLG).args(args).current_dir(root()).output().ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    let kb: f64 = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))?
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn row(what: &str, target: &str, took: Duration, peak: Option<f64>) {
    let peak = peak.map(|m| format!("{m:.0} MB")).unwrap_or_else(|| "–".into());
    println!("| {what} | {target} | {:.3} s | {peak} |", took.as_secs_f64());
}

/// `opfolg watch` on a copy of the half-year workbook: the median time from
/// a save (a new file renamed over the workbook, as Excel saves) to the
/// "lavet på" line, over `n` saves that alternate between two versions.
fn watch(dir: &Path, n: usize, format: &str) -> Duration {
    let workbook = dir.join(format!("watch-{format}.xlsx"));
    let versions = [dir.join("watch-a.xlsx"), dir.join("watch-b.xlsx")];
    std::fs::copy(root().join("inputs/halvaarsopfoelgning-2008.xlsx"), &versions[0]).expect("copy");
    // The second version has one figure corrected (table 13, Ydelsesservice),
    // so every save changes the document.
    let mut sheets = halvaarsopfoelgning_2008::sheets();
    let results = sheets.iter_mut().find(|s| s.name == "Resultater").expect("sheet");
    let row = results
        .rows
        .iter_mut()
        .find(|r| matches!((&r[0], &r[1]), (sheet::V::S("13"), sheet::V::S("YDS"))))
        .expect("row");
    row[3] = sheet::V::N(9.5);
    sheet::write_workbook(&versions[1], "Halvårsopfølgning på resultatkontrakter 2008", &sheets)
        .expect("write");
    std::fs::copy(&versions[0], &workbook).expect("copy");
    let out = dir.join(format!("watch-ud-{format}"));
    let mut child = Command::new(OPFOLG)
        .args(["watch", path_str(&workbook), "--out", path_str(&out), "--format", format])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("opfolg watch starts");
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("lavet på") && tx.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(60)).expect("the first build");
    let mut times = Vec::new();
    for i in 0..n {
        let temporary = dir.join("~$watch.tmp");
        std::fs::copy(&versions[(i + 1) % 2], &temporary).expect("copy");
        let saved = Instant::now();
        std::fs::rename(&temporary, &workbook).expect("rename");
        let built = rx.recv_timeout(Duration::from_secs(60)).expect("a rebuild");
        times.push(built - saved);
        // Let the debounce window pass before the next save.
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    times[n / 2]
}

/// The `typst` command line, when installed, on the filled source of the
/// half-year report (the templates folder as root, the same fonts): the PDF
/// alone, whole process.
fn typst_cli(dir: &Path) -> Option<(PathBuf, Vec<String>)> {
    let version = Command::new("typst").arg("--version").output().ok()?;
    eprintln!("side by side with {}", String::from_utf8_lossy(&version.stdout).trim());
    let (followup, _) = opfolg::load(&root().join("inputs/halvaarsopfoelgning-2008.xlsx")).ok()?;
    let renderer =
        opfolg::render::Renderer::new(&root().join("report_templates"), &root().join("fonts")).ok()?;
    let filled = renderer.typst_source(&followup).ok()?;
    let templates = dir.join("skabeloner");
    std::fs::create_dir_all(&templates).ok()?;
    for entry in std::fs::read_dir(root().join("report_templates")).ok()? {
        let entry = entry.ok()?;
        std::fs::copy(entry.path(), templates.join(entry.file_name())).ok()?;
    }
    let main = templates.join("udfyldt.typ");
    std::fs::write(&main, &filled.source).ok()?;
    let fonts = root().join("fonts");
    let args = vec![
        "compile".to_string(),
        "--root".to_string(),
        path_str(&templates).to_string(),
        "--font-path".to_string(),
        path_str(&fonts).to_string(),
        "--ignore-system-fonts".to_string(),
        path_str(&main).to_string(),
        path_str(&dir.join("typst.pdf")).to_string(),
    ];
    Some((main, args))
}

fn median_of(n: usize, mut f: impl FnMut() -> Duration) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..n).map(|_| f()).collect();
    times.sort();
    times[n / 2]
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

fn main() {
    // `cargo bench` passes flags such as --bench; there is nothing to filter.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("ud");
    let out = path_str(&out);
    let half_year = "inputs/halvaarsopfoelgning-2008.xlsx";

    println!("| figure | target | median | peak memory |");
    println!("|---|---|---|---|");

    let args = ["build", half_year, "--out", out];
    row("half-year report, PDF and DOCX, whole process", "< 0.07 s", median(9, &args), peak_mb(&args));
    let args = ["build", half_year, "--out", out, "--format", "pdf"];
    row("half-year report, PDF only", "", median(9, &args), peak_mb(&args));

    // Ten half-year reports in one command.
    let mut ten: Vec<String> = Vec::new();
    for i in 0..10 {
        let copy = dir.path().join(format!("halvaar-{i}.xlsx"));
        std::fs::copy(root().join(half_year), &copy).expect("copy the example");
        ten.push(path_str(&copy).to_string());
    }
    let mut args: Vec<&str> = vec!["build"];
    args.extend(ten.iter().map(String::as_str));
    args.extend(["--out", out]);
    row("ten half-year reports, PDF and DOCX, one command", "< 0.45 s", median(5, &args), peak_mb(&args));

    // 1,000 unit contracts.
    let contracts = dir.path().join("kontrakter-1000.xlsx");
    synthetic::contracts(&contracts, 1000).expect("write the contracts workbook");
    let args = ["build", path_str(&contracts), "--out", out];
    row("1,000 unit contracts, PDF and DOCX", "< 15 s, < 300 MB", median(3, &args), peak_mb(&args));
    let contracts = dir.path().join("kontrakter-100.xlsx");
    synthetic::contracts(&contracts, 100).expect("write the contracts workbook");
    let args = ["build", path_str(&contracts), "--out", out];
    row(
        "100 unit contracts, PDF and DOCX (memory does not grow with the count)",
        "",
        median(3, &args),
        peak_mb(&args),
    );

    // Watch mode: from a save to the new files.
    row("`opfolg watch`: save (by rename) to new PDF", "< 0.1 s", watch(dir.path(), 7, "pdf"), None);
    row("`opfolg watch`: save to new PDF and DOCX", "", watch(dir.path(), 7, "begge"), None);

    // The Typst command line on the same document, when it is installed
    // (`cargo install typst-cli --version 0.15.1 --locked`).
    if let Some((_, args)) = typst_cli(dir.path()) {
        let once = || {
            let start = Instant::now();
            let status = Command::new("typst").args(&args).status().expect("typst runs");
            assert!(status.success(), "typst {args:?}");
            start.elapsed()
        };
        row("Typst command line, the same report, PDF only", "", median_of(9, once), None);
        row(
            "Typst command line, ten reports (ten processes in a row)",
            "",
            median_of(3, || (0..10).map(|_| once()).sum()),
            None,
        );
    }

    // Reading and checking 10,000 result rows.
    let big = dir.path().join("halvaar-10000.xlsx");
    synthetic::half_year(&big, 100, 100).expect("write the large workbook");
    let args = ["check", path_str(&big)];
    row("read and check 10,000 result rows", "< 0.5 s", median(5, &args), peak_mb(&args));
}
