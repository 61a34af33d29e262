//! The warm server's figures (docs/serve.md): `opfolg serve` as a process,
//! driven over HTTP as a browser does, beside `opfolg build` on the same
//! workbook. Run with `cargo bench --bench serve` (a release build), or
//! `cargo test --bench serve` in development (the dev profile); it prints a
//! Markdown table. Not a test: nothing here fails on a slow machine.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const OPFOLG: &str = env!("CARGO_BIN_EXE_opfolg");
const BOUNDARY: &str = "opfolg-bench";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One HTTP/1.1 request on its own connection: the status line, headers
/// and body as text (bodies here are read only for a token or a number).
fn request(
    port: u16,
    method: &str,
    path: &str,
    cookie: &str,
    body: Option<(&str, &[u8])>,
) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nCookie: {cookie}\r\n"
    );
    if let Some((kind, data)) = body {
        head.push_str(&format!("Content-Type: {kind}\r\nContent-Length: {}\r\n", data.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send");
    if let Some((_, data)) = body {
        stream.write_all(data).expect("send");
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("receive");
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head, answer[split + 4..].to_vec())
}

/// A browser's visit: its cookie and form token.
fn visit(port: u16) -> (String, String) {
    let (_, head, body) = request(port, "GET", "/", "", None);
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let body = String::from_utf8_lossy(&body);
    let token =
        body.split("name=\"_csrf\" value=\"").nth(1).and_then(|t| t.split('"').next()).expect("a token");
    (cookie, token.to_string())
}

/// Uploads a workbook; its number.
fn upload(port: u16, cookie: &str, token: &str, name: &str, data: &[u8]) -> String {
    let mut body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n")
            .into_bytes();
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"filer\"; filename=\"{name}\"\r\n\r\n"
        )
        .bytes(),
    );
    body.extend_from_slice(data);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").bytes());
    let kind = format!("multipart/form-data; boundary={BOUNDARY}");
    let (status, head, _) = request(port, "POST", "/projektmapper", cookie, Some((&kind, &body)));
    assert_eq!(status, 303, "{head}");
    let location = head.lines().find_map(|l| l.strip_prefix("location: ")).expect("sent on");
    location.trim_start_matches("/projektmappe/").to_string()
}

/// Asks to make the documents of upload `id` (PDF and DOCX), correcting
/// upload `previous` when given.
fn ask(port: u16, cookie: &str, token: &str, id: &str, previous: Option<&str>) {
    let form = format!("_csrf={token}&forrige={}", previous.unwrap_or_default());
    let path = format!("/projektmappe/{id}/lav");
    let (status, head, _) =
        request(port, "POST", &path, cookie, Some(("application/x-www-form-urlencoded", form.as_bytes())));
    assert_eq!(status, 303, "{head}");
}

/// Waits, asking as the page's script does, until the progress of upload
/// `id` says `what` (`"making":false`: all made; `"pdf":true`: the PDFs).
fn until(port: u16, cookie: &str, id: &str, what: &str) {
    loop {
        let (_, _, body) = request(port, "GET", &format!("/projektmappe/{id}/fremdrift"), cookie, None);
        if String::from_utf8_lossy(&body).contains(what) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Makes the documents of upload `id` and waits until all are made.
fn make(port: u16, cookie: &str, token: &str, id: &str) {
    ask(port, cookie, token, id, None);
    until(port, cookie, id, "\"making\":false");
}

/// The half-year workbook with its title changed: a corrected version.
fn corrected(original: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(original)).expect("the example is a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("an entry");
        let name = file.name().expect("a name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read");
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).expect("XML");
            data = text.replace("på resultatkontrakter<", "på resultatkontrakterne<").into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).expect("write");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("a zip").into_inner()
}

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        // Ctrl+C, so that the server deletes its sessions' folders.
        let stopped = Command::new("kill").args(["-INT", &self.0.id().to_string()]).status();
        if !stopped.is_ok_and(|s| s.success()) {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

fn serve(archive: &Path) -> Server {
    let port = 18000 + (std::process::id() % 1000) as u16;
    let child = Command::new(OPFOLG)
        .args(["serve", "--port", &port.to_string(), "--archive"])
        .arg(archive)
        .current_dir(root())
        .stderr(Stdio::null())
        .spawn()
        .expect("opfolg serve starts");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "the server did not listen");
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child, port)
}

/// The server's peak resident memory so far, in MB (Linux).
fn peak_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn median(n: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..n).map(|_| f()).collect();
    times.sort();
    times[n / 2]
}

fn row(what: &str, target: &str, took: Duration, peak: Option<f64>) {
    let peak = peak.map(|m| format!("{m:.0} MB")).unwrap_or_else(|| "–".into());
    println!("| {what} | {target} | {:.3} s | {peak} |", took.as_secs_f64());
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let half_year = std::fs::read(root().join("inputs/halvaarsopfoelgning-2008.xlsx")).expect("the example");
    let server = serve(&dir.path().join("arkiv"));
    let port = server.1;
    println!("| figure | target | median | server's peak memory |");
    println!("|---|---|---|---|");

    // The command line on the same workbook, whole process.
    let out = dir.path().join("ud");
    let cli = median(7, || {
        let start = Instant::now();
        let status = Command::new(OPFOLG)
            .args(["build", "inputs/halvaarsopfoelgning-2008.xlsx", "--out"])
            .arg(&out)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("opfolg runs");
        assert!(status.success());
        start.elapsed()
    });
    row("`opfolg build`, half-year PDF and DOCX, whole process", "", cli, None);

    // Warm: after a first build, a (corrected) workbook dropped and made again.
    let (cookie, token) = visit(port);
    let first = upload(port, &cookie, &token, "halvaar.xlsx", &half_year);
    make(port, &cookie, &token, &first);
    let check = median(9, || {
        let start = Instant::now();
        upload(port, &cookie, &token, "halvaar.xlsx", &half_year);
        start.elapsed()
    });
    row("warm server: drop a workbook and see its check", "", check, peak_mb(server.0.id()));
    let mut last = first.clone();
    let built = median(9, || {
        last = upload(port, &cookie, &token, "halvaar.xlsx", &half_year);
        let start = Instant::now();
        make(port, &cookie, &token, &last);
        start.elapsed()
    });
    row("warm server: make the half-year PDF and DOCX", "< 0.1 s (PDF)", built, peak_mb(server.0.id()));
    let preview = median(9, || {
        let id = upload(port, &cookie, &token, "halvaar.xlsx", &half_year);
        make(port, &cookie, &token, &id);
        let start = Instant::now();
        let (status, _, _) = request(port, "GET", &format!("/projektmappe/{id}"), &cookie, None);
        assert_eq!(status, 200);
        let (status, _, png) = request(port, "GET", &format!("/projektmappe/{id}/side/0/1"), &cookie, None);
        assert!(status == 200 && png.starts_with(b"\x89PNG"));
        start.elapsed()
    });
    row(
        "warm server: the page with the preview, and its first page drawn",
        "< 0.3 s",
        preview,
        peak_mb(server.0.id()),
    );

    // A corrected version of the workbook made before it: from "Lav" until
    // its PDF is downloaded (made before its DOCX), and until its first
    // preview page is fetched (drawn from the pages the PDF was written from).
    // (A session of its own: a session keeps only its last 20 workbooks.)
    let (cookie, token) = visit(port);
    let first = upload(port, &cookie, &token, "halvaar.xlsx", &half_year);
    make(port, &cookie, &token, &first);
    let fixed = corrected(&half_year);
    let fetch_after_pdf = |magic: &[u8], path: &str| {
        median(9, || {
            let id = upload(port, &cookie, &token, "halvaar-rettet.xlsx", &fixed);
            let start = Instant::now();
            ask(port, &cookie, &token, &id, Some(&first));
            until(port, &cookie, &id, "\"pdf\":true");
            let (status, _, body) =
                request(port, "GET", &format!("/projektmappe/{id}/{path}"), &cookie, None);
            assert!(status == 200 && body.starts_with(magic), "{path}");
            let took = start.elapsed();
            until(port, &cookie, &id, "\"making\":false");
            took
        })
    };
    let fetched: [(&str, &str, &[u8], &str); 2] = [
        ("until its PDF is downloaded", "< 0.1 s", b"%PDF-", "fil/0"),
        ("until its first preview page is fetched", "< 0.3 s", b"\x89PNG", "side/0/1"),
    ];
    for (until_what, target, magic, path) in fetched {
        let took = fetch_after_pdf(magic, path);
        let figure = format!("warm server: a corrected half-year workbook, {until_what}");
        row(&figure, target, took, peak_mb(server.0.id()));
    }

    // Twenty users at once, each dropping the workbook and making it.
    let start = Instant::now();
    let users: Vec<_> = (0..20)
        .map(|_| {
            let book = half_year.clone();
            std::thread::spawn(move || {
                let (cookie, token) = visit(port);
                let id = upload(port, &cookie, &token, "halvaar.xlsx", &book);
                make(port, &cookie, &token, &id);
                let (status, _, pdf) =
                    request(port, "GET", &format!("/projektmappe/{id}/fil/0"), &cookie, None);
                assert!(status == 200 && pdf.starts_with(b"%PDF-"), "every user gets the PDF");
            })
        })
        .collect();
    for u in users {
        u.join().expect("no user failed");
    }
    row(
        "twenty users at once: drop, make, download the PDF (all)",
        "none fails",
        start.elapsed(),
        peak_mb(server.0.id()),
    );
}
