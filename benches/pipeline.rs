//! The figures of BENCHMARKS.md: whole `opfolg` processes, warm, median of
//! several runs, on the example workbooks and on large synthetic ones.
//!
//! Run with `cargo bench` (a release build). It prints a Markdown table;
//! peak memory is read from `/usr/bin/time -v` when that is installed
//! (Debian package `time`). Not a test: nothing here fails on a slow machine.

#[path = "../examples/inputs/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
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

    // Reading and checking 10,000 result rows.
    let big = dir.path().join("halvaar-10000.xlsx");
    synthetic::half_year(&big, 100, 100).expect("write the large workbook");
    let args = ["check", path_str(&big)];
    row("read and check 10,000 result rows", "< 0.5 s", median(5, &args), peak_mb(&args));
}
