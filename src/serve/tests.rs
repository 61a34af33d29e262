//! Every route of the page against the router (no socket), with the
//! attacks: a foreign `Host`, a form without or with another's token, an
//! oversized upload, another session's workbook, path-like file names.

use std::io::{Read, Write};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use tower::ServiceExt;

use super::*;

const HOST: &str = "127.0.0.1:8700";
const BOUNDARY: &str = "----opfolg-test-graense";

fn root() -> &'static FsPath {
    FsPath::new(env!("CARGO_MANIFEST_DIR"))
}

fn input(name: &str) -> Vec<u8> {
    std::fs::read(root().join("inputs").join(name)).unwrap()
}

/// The page with small limits (files up to 2 MB, requests up to 5 MB)
/// and an archive folder of its own, deleted with the second value.
fn page() -> (Router, tempfile::TempDir) {
    let renderer = Renderer::find(Some(&root().join("report_templates")), Some(&root().join("fonts")))
        .unwrap_or_else(|d| panic!("{d}"));
    let archive = tempfile::tempdir().unwrap();
    let config = Config {
        max_file: 2 << 20,
        max_request: 5 << 20,
        archive: archive.path().join("arkiv"),
        ..Config::new(renderer, 8700)
    };
    (router(App::new(&config).unwrap(), config.max_request), archive)
}

async fn send(page: &Router, request: Request<Body>) -> Response<Body> {
    page.clone().oneshot(request).await.unwrap()
}

async fn text(response: Response<Body>) -> String {
    String::from_utf8(bytes(response).await).unwrap()
}

async fn bytes(response: Response<Body>) -> Vec<u8> {
    axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path).header(header::HOST, HOST).header(header::COOKIE, cookie).body(Body::empty()).unwrap()
}

/// A browser's visit to the front page: its cookie and its form token.
async fn visit(page: &Router) -> (String, String) {
    let response =
        send(page, Request::get("/").header(header::HOST, HOST).body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let set = response.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    let cookie = set.split(';').next().unwrap().to_string();
    let html = text(response).await;
    let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (cookie, token)
}

/// A multipart form: the token first (when given), then the files.
fn upload_form(token: Option<&str>, files: &[(&str, &[u8])]) -> Vec<u8> {
    form_of(token, "filer", files)
}

/// A multipart form: the token first (when given), then the files as `field`.
fn form_of(token: Option<&str>, field: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(token) = token {
        write!(body, "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n")
            .unwrap();
    }
    for (name, data) in files {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

fn post_upload(cookie: &str, body: Vec<u8>) -> Request<Body> {
    post_form("/projektmapper", cookie, body)
}

fn post_form(path: &str, cookie: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap()
}

fn post_make(id: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(format!("/projektmappe/{id}/lav"))
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap()
}

/// Asks to make upload `id`'s documents and waits until they are made
/// (they are made in the background; the page follows the progress).
async fn make(page: &Router, id: &str, cookie: &str, form: &str) {
    let response = send(page, post_make(id, cookie, form)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    wait(page, id, cookie).await;
}

/// Waits until upload `id`'s documents are made, checking the progress
/// and the page while they are made.
async fn wait(page: &Router, id: &str, cookie: &str) {
    loop {
        let json = text(send(page, get(&format!("/projektmappe/{id}/fremdrift"), cookie)).await).await;
        let p: serde_json::Value = serde_json::from_str(&json).unwrap();
        if p["making"] == false {
            break;
        }
        let (planned, done) = (p["planned"].as_u64().unwrap(), p["done"].as_u64().unwrap());
        assert!(done <= planned, "{json}");
        if p["pdf"] == true {
            // The PDFs are there before the Word documents: downloadable
            // while these are made, and the zip waits for all.
            let pdf = bytes(send(page, get(&format!("/projektmappe/{id}/fil/0"), cookie)).await).await;
            assert!(pdf.starts_with(b"%PDF-"), "the PDF, while the Word documents are made");
            let zip = send(page, get(&format!("/projektmappe/{id}/zip"), cookie)).await;
            let making = text(send(page, get(&format!("/projektmappe/{id}/fremdrift"), cookie)).await).await;
            if making.contains("\"making\":true") {
                assert_eq!(zip.status(), StatusCode::NOT_FOUND, "no zip without the Word documents");
            }
        }
        // While they are made, the page says so and cannot be asked again.
        let html = text(send(page, get(&format!("/projektmappe/{id}"), cookie)).await).await;
        if html.contains("Dokumenterne laves") {
            assert!(html.contains("<progress") && html.contains("/fremdrift.js"), "{html}");
            assert!(!html.contains(&format!("action=\"/projektmappe/{id}/lav\"")));
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Uploads files and says where the page sent the browser.
async fn upload(page: &Router, cookie: &str, token: &str, files: &[(&str, &[u8])]) -> String {
    let response = send(page, post_upload(cookie, upload_form(Some(token), files))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()[header::LOCATION].to_str().unwrap().to_string()
}

#[tokio::test]
async fn the_front_page_is_danish_with_landmarks_and_safe_headers() {
    let (page, _archive) = page();
    let response = send(&page, get("/", "")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // Not no-referrer: with it Chromium sends forms with `Origin: null`,
    // which the page refuses.
    assert_eq!(h[header::REFERRER_POLICY], "same-origin");
    let html = text(response).await;
    for part in ["<html lang=\"da\"", "<main", "<nav", "<header", "for=\"filer\"", "id=\"filer\"", "<legend>"]
    {
        assert!(html.contains(part), "{part}");
    }
    assert!(!html.contains("<script"), "the page needs no script; only a batch being made has one");
    assert!(html.contains("<title>Forside – opfolg</title>"), "{html}");
    // Sent without a workbook: the page again, its title saying there is an error.
    let (cookie, token) = visit(&page).await;
    let empty = text(send(&page, post_upload(&cookie, upload_form(Some(&token), &[]))).await).await;
    assert!(
        empty.contains("<title>Fejl: Forside – opfolg</title>") && empty.contains("Vælg en eller flere"),
        "{empty}"
    );
    let js = send(&page, get("/fremdrift.js", "")).await;
    assert!(js.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    let css = send(&page, get("/stil.css", "")).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn a_foreign_or_missing_host_is_refused_on_every_route() {
    let (page, _archive) = page();
    for host in
        ["evil.example", "evil.example:8700", "127.0.0.1:8701", "127.0.0.1", "localhost.evil:8700", ""]
    {
        for path in ["/", "/stil.css", "/tom-projektmappe?type=halvaar", "/projektmappe/1", "/findes-ikke"] {
            let mut request = Request::get(path);
            if !host.is_empty() {
                request = request.header(header::HOST, host);
            }
            let response = send(&page, request.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST, "{host} {path}");
            assert!(response.headers().get(header::SET_COOKIE).is_none(), "no session for {host}");
        }
    }
    // The names of the loopback, in any case, are the page's own.
    for host in ["localhost:8700", "LOCALHOST:8700", "[::1]:8700"] {
        let request = Request::get("/").header(header::HOST, host).body(Body::empty()).unwrap();
        assert_eq!(send(&page, request).await.status(), StatusCode::OK, "{host}");
    }
    // A form posted from a foreign host is refused before anything is read.
    let (cookie, token) = visit(&page).await;
    let mut request = post_upload(
        &cookie,
        upload_form(Some(&token), &[("a.xlsx", &input("halvaarsopfoelgning-2008.xlsx"))]),
    );
    *request.headers_mut().get_mut(header::HOST).unwrap() = "evil.example:8700".parse().unwrap();
    assert_eq!(send(&page, request).await.status(), StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn every_kind_of_blank_workbook_downloads_as_init_writes_it() {
    let (page, _archive) = page();
    for (slug, _, kind) in KINDS {
        let response = send(&page, get(&format!("/tom-projektmappe?type={slug}"), "")).await;
        assert_eq!(response.status(), StatusCode::OK, "{slug}");
        let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_string();
        assert_eq!(disposition, format!("attachment; filename=\"tom-{slug}.xlsx\""));
        let got = bytes(response).await;
        let book = crate::read::read_workbook_bytes("tom.xlsx", got, &crate::read::LIMITS).unwrap();
        let want = crate::init::workbook(kind).unwrap().save_to_buffer().unwrap();
        let want = crate::read::read_workbook_bytes("tom.xlsx", want, &crate::read::LIMITS).unwrap();
        assert_eq!(format!("{book:?}"), format!("{want:?}"), "{slug}");
    }
    for bad in ["", "?type=", "?type=../../etc/passwd", "?type=HALVAAR", "?type=halvaar%00"] {
        let response = send(&page, get(&format!("/tom-projektmappe{bad}"), "")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(text(response).await.contains("Vælg en dokumenttype"));
    }
}

#[tokio::test]
async fn a_form_without_its_own_token_is_refused_and_stores_nothing() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    let (_, other_token) = visit(&page).await;
    let book = input("halvaarsopfoelgning-2008.xlsx");
    let files: &[(&str, &[u8])] = &[("a.xlsx", &book)];
    let wrong = "0".repeat(32);
    let cases = [
        ("no token", cookie.clone(), upload_form(None, files)),
        ("empty token", cookie.clone(), upload_form(Some(""), files)),
        ("wrong token", cookie.clone(), upload_form(Some(&wrong), files)),
        ("another session's token", cookie.clone(), upload_form(Some(&other_token), files)),
        ("token cut short", cookie.clone(), upload_form(Some(&token[..31]), files)),
        ("no cookie", String::new(), upload_form(Some(&token), files)),
        ("unknown cookie", format!("{COOKIE}={wrong}"), upload_form(Some(&token), files)),
    ];
    for (what, cookie, body) in cases {
        let response = send(&page, post_upload(&cookie, body)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{what}");
        assert!(text(response).await.contains("Formularen kan ikke bruges"), "{what}");
    }
    // The token after the file is refused too: nothing is read before it.
    let mut late = upload_form(None, files);
    let end = format!("--{BOUNDARY}--\r\n");
    late.truncate(late.len() - end.len());
    write!(late, "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n{end}")
        .unwrap();
    assert_eq!(send(&page, post_upload(&cookie, late)).await.status(), StatusCode::FORBIDDEN);
    // A form from another site, with the right token (a page that had it).
    let mut request = post_upload(&cookie, upload_form(Some(&token), files));
    request.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    assert_eq!(send(&page, request).await.status(), StatusCode::FORBIDDEN);
    let make = send(&page, post_make("1", &cookie, "forrige=")).await;
    assert_eq!(make.status(), StatusCode::FORBIDDEN, "make without a token");
    let html = text(send(&page, get("/", &cookie)).await).await;
    assert!(html.contains("ikke hentet nogen projektmapper op"), "nothing was stored");
    assert_eq!(send(&page, get("/projektmappe/1", &cookie)).await.status(), StatusCode::NOT_FOUND);
    // The same form from the page itself goes through.
    let mut request = post_upload(&cookie, upload_form(Some(&token), files));
    request.headers_mut().insert(header::ORIGIN, format!("http://{HOST}").parse().unwrap());
    assert_eq!(send(&page, request).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_oversized_upload_is_refused_in_danish() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    // One file over the limit of a file, in a request within the limit.
    let big = vec![b'x'; (2 << 20) + 1];
    let response = send(&page, post_upload(&cookie, upload_form(Some(&token), &[("stor.xlsx", &big)]))).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text(response).await.contains("højst 2 MB"));
    // A request over the limit of a request, of files each within the limit.
    let part = vec![b'x'; 1_500_000];
    let files: Vec<(&str, &[u8])> = (0..4).map(|_| ("del.xlsx", part.as_slice())).collect();
    let response = send(&page, post_upload(&cookie, upload_form(Some(&token), &files))).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text(response).await.contains("Filen er for stor"));
    let html = text(send(&page, get("/", &cookie)).await).await;
    assert!(html.contains("ikke hentet nogen projektmapper op"), "nothing was kept");
    // No file chosen: the form again, with the problem linked to the field.
    let response = send(&page, post_upload(&cookie, upload_form(Some(&token), &[("", b"")]))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = text(response).await;
    assert!(html.contains("href=\"#filer\"") && html.contains("aria-invalid=\"true\""), "{html}");
}

#[tokio::test]
async fn a_broken_workbook_shows_every_problem_with_sheet_cell_and_hint() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    // A blank workbook has its fields to fill in: each is a located error.
    let blank = crate::init::workbook(DocumentKind::HalfYear).unwrap().save_to_buffer().unwrap();
    let to = upload(&page, &cookie, &token, &[("C:\\Mine filer\\../../tom <b>.xlsx", &blank)]).await;
    assert_eq!(to, "/projektmappe/1");
    let html = text(send(&page, get(&to, &cookie)).await).await;
    assert!(html.contains("<h1>tom-b.xlsx</h1>"), "the name, made safe: {html}");
    // The window's title says there are errors first (what a screen reader reads first).
    assert!(html.contains("<title>Fejl: tom-b.xlsx – opfolg</title>"), "{html}");
    // The browser puts the focus on the error summary when the page opens.
    assert!(html.contains("<div class=\"fejlresume\" role=\"alert\" aria-labelledby=\"fejlresume-titel\" tabindex=\"-1\" autofocus>"), "{html}");
    assert!(!html.contains("<b>") && !html.contains("Mine filer"));
    assert!(html.contains("Projektmappen har") && html.contains("href=\"#problem-1\""), "{html}");
    assert!(html.contains("id=\"problem-1\""));
    assert!(html.contains("<code>OF0"), "codes shown");
    assert!(!html.contains("action=\"/projektmappe/1/lav\""), "nothing to make from a broken workbook");
    let expected = crate::load_bytes("tom-b.xlsx", blank.clone()).map_or_else(|d| d, |(_, d)| d);
    let first = expected.iter().find(|d| d.severity == Severity::Error).unwrap();
    let loc = first.location.as_ref().unwrap();
    assert!(
        html.contains(&format!("<td data-kolonne=\"Ark\">{}</td>", loc.sheet.as_deref().unwrap_or("–"))),
        "{first}"
    );
    // Not a workbook at all.
    let to = upload(&page, &cookie, &token, &[("noter.txt", b"ikke et regneark")]).await;
    let html = text(send(&page, get(&to, &cookie)).await).await;
    assert!(html.contains("<h1>noter.xlsx</h1>") && html.contains("OF01"), "{html}");
    // Making documents of it is refused.
    let make = send(&page, post_make("2", &cookie, &format!("_csrf={token}"))).await;
    assert_eq!(make.status(), StatusCode::CONFLICT);
    // The session's folder holds the uploads under the server's numbers only.
    let list = text(send(&page, get("/", &cookie)).await).await;
    assert!(list.contains("href=\"/projektmappe/1\"") && list.contains("href=\"/projektmappe/2\""));
}

/// The entries of a zip: name and bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// The half-year workbook with one text changed.
fn corrected_half_year() -> Vec<u8> {
    let original = input("halvaarsopfoelgning-2008.xlsx");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in unzip(&original) {
        let data = if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains("Halvårsopfølgning på resultatkontrakter<"));
            text.replace(
                "Halvårsopfølgning på resultatkontrakter<",
                "Halvårsopfølgning på resultatkontrakterne<",
            )
            .into_bytes()
        } else {
            data
        };
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_good_workbook_gives_its_pdf_docx_and_preview_and_a_correction_its_changes() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    let first = upload(
        &page,
        &cookie,
        &token,
        &[("halvaarsopfoelgning-2008.xlsx", &input("halvaarsopfoelgning-2008.xlsx"))],
    )
    .await;
    let html = text(send(&page, get(&first, &cookie)).await).await;
    assert!(!html.contains("Projektmappen har"), "no errors: {html}");
    assert!(html.contains("action=\"/projektmappe/1/lav\""));
    let made = send(&page, post_make("1", &cookie, &format!("_csrf={token}&forrige="))).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    assert_eq!(made.headers()[header::LOCATION], "/projektmappe/1#dokumenter");
    // Asked again while they are made: refused, not made twice at once.
    let again = send(&page, post_make("1", &cookie, &format!("_csrf={token}"))).await;
    let json = text(send(&page, get("/projektmappe/1/fremdrift", &cookie)).await).await;
    if json.contains("\"making\":true") {
        assert_eq!(again.status(), StatusCode::CONFLICT);
    }
    wait(&page, "1", &cookie).await;
    let html = text(send(&page, get("/projektmappe/1", &cookie)).await).await;
    assert!(
        html.contains("halvaarsopfoelgning-2008.pdf") && html.contains("halvaarsopfoelgning-2008.docx"),
        "{html}"
    );
    assert!(html.contains("/projektmappe/1/side/0/1"), "the first page previewed");
    let pdf = send(&page, get("/projektmappe/1/fil/0", &cookie)).await;
    assert_eq!(pdf.headers()[header::CONTENT_TYPE], "application/pdf");
    assert!(bytes(pdf).await.starts_with(b"%PDF-"));
    let docx = bytes(send(&page, get("/projektmappe/1/fil/1", &cookie)).await).await;
    assert!(unzip(&docx).iter().any(|(n, _)| n == "word/document.xml"));
    let png = send(&page, get("/projektmappe/1/side/0/1", &cookie)).await;
    assert_eq!(png.headers()[header::CONTENT_TYPE], "image/png");
    assert!(bytes(png).await.starts_with(b"\x89PNG"));
    for missing in [
        "/projektmappe/1/fil/2",
        "/projektmappe/1/side/0/0",
        "/projektmappe/1/side/0/999",
        "/projektmappe/1/side/1/1",
        "/projektmappe/1/fil/-1",
        "/projektmappe/1/fil/%2e%2e",
        "/projektmappe/01x",
        "/projektmappe/1/fil/+0",
    ] {
        assert_eq!(send(&page, get(missing, &cookie)).await.status(), StatusCode::NOT_FOUND, "{missing}");
    }

    // The corrected version: its changes before it is made, and the
    // "Rettelser" section in what is made.
    let second = upload(&page, &cookie, &token, &[("halvaar-rettet.xlsx", &corrected_half_year())]).await;
    assert_eq!(second, "/projektmappe/2");
    let html = text(send(&page, get("/projektmappe/2?forrige=1", &cookie)).await).await;
    assert!(html.contains("Ændret fra halvaarsopfoelgning-2008.xlsx"), "{html}");
    assert!(html.contains("resultatkontrakterne"), "the change is listed: {html}");
    assert!(html.contains("name=\"forrige\" value=\"1\""));
    assert_eq!(send(&page, get("/projektmappe/2?forrige=2", &cookie)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(send(&page, get("/projektmappe/2?forrige=9", &cookie)).await.status(), StatusCode::NOT_FOUND);
    make(&page, "2", &cookie, &format!("_csrf={token}&forrige=1")).await;
    let html = text(send(&page, get("/projektmappe/2", &cookie)).await).await;
    assert!(html.contains("Rettet udgave af halvaarsopfoelgning-2008.xlsx: 1 ændring"), "{html}");
    let pdf = bytes(send(&page, get("/projektmappe/2/fil/0", &cookie)).await).await;
    // Made as `opfolg build` makes it: no attachment, its workbook named in
    // its metadata.
    let pages = crate::archive::pdf::Pdf::parse(&pdf).unwrap();
    assert!(pages.attachments().is_empty(), "a paper carries no attachments by default");
    let said = String::from_utf8_lossy(&pdf);
    assert!(
        said.contains("<opfolg:workbook>halvaar-rettet.xlsx</opfolg:workbook>"),
        "its workbook in the XMP"
    );
}

#[tokio::test]
async fn another_session_sees_nothing_of_this_one() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    let (other, other_token) = visit(&page).await;
    upload(&page, &cookie, &token, &[("a.xlsx", &input("maaloversigt-2007.xlsx"))]).await;
    make(&page, "1", &cookie, &format!("_csrf={token}")).await;
    assert_eq!(send(&page, get("/projektmappe/1/fil/0", &cookie)).await.status(), StatusCode::OK);
    for path in [
        "/projektmappe/1",
        "/projektmappe/1/fil/0",
        "/projektmappe/1/zip",
        "/projektmappe/1/side/0/1",
        "/projektmappe/1/fremdrift",
    ] {
        for who in [other.as_str(), "", "opfolg=", "opfolg=../1", &format!("opfolg={}", "f".repeat(32))] {
            assert_eq!(send(&page, get(path, who)).await.status(), StatusCode::NOT_FOUND, "{who} {path}");
        }
    }
    let made = send(&page, post_make("1", &other, &format!("_csrf={other_token}"))).await;
    assert_eq!(made.status(), StatusCode::NOT_FOUND, "another's workbook cannot be made from");
    let made = send(&page, post_make("1", &other, &format!("_csrf={token}"))).await;
    assert_eq!(made.status(), StatusCode::FORBIDDEN, "nor with the owner's token in another session");
    let list = text(send(&page, get("/", &other)).await).await;
    assert!(list.contains("ikke hentet nogen projektmapper op"));
}

#[tokio::test]
async fn a_contract_workbook_gives_a_zip_of_every_contract() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    let book = input("kontrakter-2008.xlsx");
    let (followup, _) = crate::load_bytes("k.xlsx", book.clone()).unwrap();
    let units = followup.report.units.len();
    assert!(units > 1);
    upload(&page, &cookie, &token, &[("kontrakter-2008.xlsx", &book)]).await;
    let before = text(send(&page, get("/projektmappe/1", &cookie)).await).await;
    assert!(before.contains(">Lav dokumenterne</h2>"), "{before}");
    make(&page, "1", &cookie, &format!("_csrf={token}")).await;
    let html = text(send(&page, get("/projektmappe/1", &cookie)).await).await;
    assert!(html.contains(&format!("Hent alle {units} dokumenter som zip")), "{html}");
    // Made once, the button above the documents says it makes them again.
    assert!(html.contains(">Lav dokumenterne igen</h2>"), "{html}");
    // The link says the zip holds more files than contracts, and which.
    let files = 3 * units;
    assert!(html.contains(&format!("({files} filer: PDF, PDF til underskrift og Word)")), "{html}");
    // The list says which contract's pages the page shows (the first), and only that one.
    assert_eq!(html.matches("siderne vises nedenfor").count(), 1, "{html}");
    assert_eq!(html.matches(">vis siderne<").count(), units - 1, "{html}");
    let zip = send(&page, get("/projektmappe/1/zip", &cookie)).await;
    assert_eq!(zip.headers()[header::CONTENT_DISPOSITION], "attachment; filename=\"kontrakter-2008.zip\"");
    let entries = unzip(&bytes(zip).await);
    // Every contract is signed through NemLog-in: its copy for signing too.
    assert_eq!(entries.len(), 3 * units, "a PDF, a DOCX and a copy for signing per unit");
    let signing = entries.iter().filter(|(n, _)| n.ends_with("-til-underskrift.pdf")).count();
    assert_eq!(signing, units);
    for (name, data) in &entries {
        assert!(name.starts_with("kontrakt-2008-") && !name.contains('/'), "{name}");
        assert!(data.starts_with(if name.ends_with(".pdf") { b"%PDF-" } else { b"PK" }), "{name}");
    }
    // Another contract's pages.
    let html = text(send(&page, get("/projektmappe/1?vis=1", &cookie)).await).await;
    assert!(html.contains("/projektmappe/1/side/1/1"), "{html}");
    assert_eq!(send(&page, get("/projektmappe/1/side/1/1", &cookie)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_archive_takes_a_pdf_made_here_and_lists_shows_searches_verifies_and_exports_it() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    let html = text(send(&page, get("/arkiv", &cookie)).await).await;
    assert!(html.contains("Arkivet er tomt") && html.contains("for=\"pdf\""), "{html}");
    assert_eq!(send(&page, get("/arkiv/kontrol", &cookie)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(send(&page, get("/arkiv/eksport", &cookie)).await.status(), StatusCode::NOT_FOUND);
    upload(&page, &cookie, &token, &[("maaloversigt-2007.xlsx", &input("maaloversigt-2007.xlsx"))]).await;
    make(&page, "1", &cookie, &format!("_csrf={token}")).await;
    let pdf = bytes(send(&page, get("/projektmappe/1/fil/0", &cookie)).await).await;
    let files: &[(&str, &[u8])] = &[("../../maaloversigt-2007.pdf", &pdf)];

    // Without the session's token nothing is archived.
    for body in [form_of(None, "pdf", files), form_of(Some(&"0".repeat(32)), "pdf", files)] {
        let response = send(&page, post_form("/arkiv/tilfoej", &cookie, body)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert!(text(send(&page, get("/arkiv", &cookie)).await).await.contains("Arkivet er tomt"));
    // Not a PDF: refused, with why, and no server path in the message.
    let response = send(
        &page,
        post_form("/arkiv/tilfoej", &cookie, form_of(Some(&token), "pdf", &[("x.pdf", b"%PDF-1.7 nej")])),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(
        html.contains("PDF&#x27;en er ikke arkiveret") || html.contains("PDF'en er ikke arkiveret"),
        "{html}"
    );
    assert!(!html.contains("/tmp") && !html.contains("session-"), "{html}");
    // The way back is to the archive, where the user was, not the front page.
    assert!(
        html.contains("<a href=\"/arkiv\">Tilbage til arkivet</a>") && !html.contains("Til forsiden"),
        "{html}"
    );

    let response =
        send(&page, post_form("/arkiv/tilfoej", &cookie, form_of(Some(&token), "pdf", files))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/arkiv/1");
    let html = text(send(&page, get("/arkiv/1", &cookie)).await).await;
    assert!(html.contains("<h1>Nr. 1: ") && html.contains("ikke underskrevet"), "{html}");
    assert!(html.contains("fra maaloversigt-2007.pdf"), "added from the name made safe: {html}");
    // Without login: the server's own account, said as such.
    let account = crate::archive::os_account();
    let said = format!(
        "<dt>Arkiveret af</dt><dd>{account} (styresystemets konto, som opfolg serve kører som; siden uden login)</dd>"
    );
    assert!(html.contains(&said), "{html}");
    // Another browser sees the team's archive.
    let (other, _) = visit(&page).await;
    let list = text(send(&page, get("/arkiv", &other)).await).await;
    assert!(list.contains("href=\"/arkiv/1\""), "{list}");
    // A record that is not there: said, with the way back to the archive.
    let missing = send(&page, get("/arkiv/99", &other)).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing = text(missing).await;
    assert!(missing.contains("Posten findes ikke") && missing.contains("Tilbage til arkivet"), "{missing}");
    // The time of archiving in words a reader knows, not the catalogue's `…T…Z`.
    assert!(list.contains(" UTC</td>") && !list.contains("Z</td>"), "{list}");
    // One record is one «post», not «1 poster».
    assert!(list.contains("<caption>1 af 1 post, de nyeste først</caption>"), "{list}");
    let found = text(send(&page, get("/arkiv?q=2007", &other)).await).await;
    assert!(found.contains("href=\"/arkiv/1\""), "{found}");
    let by = text(send(&page, get(&format!("/arkiv?q={account}+uden+login"), &other)).await).await;
    assert!(by.contains("href=\"/arkiv/1\"") && by.contains("(siden uden login)</td>"), "{by}");
    let none = text(send(&page, get("/arkiv?q=2007+findes-ikke", &other)).await).await;
    assert!(!none.contains("href=\"/arkiv/1\"") && none.contains("Ingen poster"), "{none}");
    // A search found nothing: the way back to every record; without a search there is none.
    assert!(none.contains("<a href=\"/arkiv\">Vis hele arkivet</a>"), "{none}");
    assert!(!list.contains("Vis hele arkivet"), "{list}");
    for missing in ["/arkiv/2", "/arkiv/0", "/arkiv/-1", "/arkiv/1x", "/arkiv/..%2f1"] {
        assert_eq!(send(&page, get(missing, &cookie)).await.status(), StatusCode::NOT_FOUND, "{missing}");
    }
    let verified = send(&page, get("/arkiv/kontrol", &cookie)).await;
    assert_eq!(verified.status(), StatusCode::OK);
    assert!(text(verified).await.contains("1 poster kontrolleret: alle i orden"));
    let bag = send(&page, get("/arkiv/eksport", &cookie)).await;
    assert_eq!(bag.headers()[header::CONTENT_DISPOSITION], "attachment; filename=\"arkiv-bagit.zip\"");
    let entries = unzip(&bytes(bag).await);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"arkiv/bagit.txt") && names.contains(&"arkiv/manifest-sha256.txt"), "{names:?}");
    assert!(entries.iter().any(|(n, data)| n.starts_with("arkiv/data/") && *data == pdf), "{names:?}");
}

#[tokio::test]
async fn a_session_id_the_browser_makes_up_is_never_taken() {
    let (page, _archive) = page();
    let chosen = "opfolg=00112233445566778899aabbccddeeff";
    let response = send(&page, get("/", chosen)).await;
    let set = response.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(!set.contains("00112233445566778899aabbccddeeff"), "a new id of the server's: {set}");
    // And the made-up one still leads nowhere.
    let html = text(send(&page, get("/", chosen)).await).await;
    let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap();
    let files: &[(&str, &[u8])] = &[("a.xlsx", b"x")];
    let response = send(&page, post_upload(chosen, upload_form(Some(token), files))).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn what_a_workbook_holds_is_shown_as_text_never_as_markup() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    let mut book = crate::init::workbook(DocumentKind::HalfYear).unwrap();
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    book.worksheet_from_name("Rapport").unwrap().write_string(3, 1, hostile).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let to = upload(&page, &cookie, &token, &[("<i>ond</i>.xlsx", &bytes)]).await;
    let html = text(send(&page, get(&to, &cookie)).await).await;
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "the value found, escaped: {html}");
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<i>ond</i>"));
}

#[tokio::test]
async fn a_zip_bomb_is_refused_at_its_file_within_the_command_lines_limits() {
    let (page, _archive) = page();
    let (cookie, token) = visit(&page).await;
    // A workbook whose one sheet unpacks to more than the read limit.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..(crate::read::LIMITS.unpacked_bytes >> 20) + 1 {
        zip.write_all(&zeros).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20, "small enough to pass the upload limit: {}", bomb.len());
    let to = upload(&page, &cookie, &token, &[("bombe.xlsx", &bomb)]).await;
    let html = text(send(&page, get(&to, &cookie)).await).await;
    assert!(html.contains("Projektmappen har") && html.contains("OF01"), "{html}");
}

/// The page behind a proxy at 10.0.0.9 naming users in `X-Remote-User`.
fn behind_proxy() -> (Router, tempfile::TempDir) {
    let renderer =
        Renderer::find(Some(&root().join("report_templates")), Some(&root().join("fonts"))).unwrap();
    let archive = tempfile::tempdir().unwrap();
    let config = Config {
        archive: archive.path().join("arkiv"),
        proxy: Some(Proxy { address: IpAddr::from([10, 0, 0, 9]), header: "x-remote-user".parse().unwrap() }),
        ..Config::new(renderer, 8700)
    };
    (router(App::new(&config).unwrap(), config.max_request), archive)
}

/// A request from `peer`, naming `user` when given.
fn from(peer: [u8; 4], user: Option<&str>, mut request: Request<Body>) -> Request<Body> {
    request.extensions_mut().insert(ConnectInfo(SocketAddr::from((peer, 40000))));
    if let Some(user) = user {
        request.headers_mut().insert("x-remote-user", user.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn behind_a_proxy_only_the_proxy_with_a_user_is_answered_and_sessions_are_the_users_own() {
    let (page, _archive) = behind_proxy();
    let proxy = [10, 0, 0, 9];
    for (peer, user) in [
        ([10, 0, 0, 10], Some("anna")),
        (proxy, None),
        (proxy, Some("")),
        (proxy, Some("  ")),
        ([127, 0, 0, 1], Some("anna")),
    ] {
        let response = send(&page, from(peer, user, get("/", ""))).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{peer:?} {user:?}");
        assert!(response.headers().get(header::SET_COOKIE).is_none());
    }
    // Without connection information (no socket) nothing is answered either.
    assert_eq!(send(&page, get("/", "")).await.status(), StatusCode::FORBIDDEN);
    // Anna's session and workbook.
    let response = send(&page, from(proxy, Some("anna"), get("/", ""))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie =
        response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
    let html = text(response).await;
    let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let files: &[(&str, &[u8])] = &[("a.xlsx", b"ikke et regneark")];
    let response =
        send(&page, from(proxy, Some("anna"), post_upload(&cookie, upload_form(Some(&token), files)))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        send(&page, from(proxy, Some("anna"), get("/projektmappe/1", &cookie))).await.status(),
        StatusCode::OK
    );
    // Bo with Anna's cookie: not her session.
    assert_eq!(
        send(&page, from(proxy, Some("bo"), get("/projektmappe/1", &cookie))).await.status(),
        StatusCode::NOT_FOUND
    );
    let response =
        send(&page, from(proxy, Some("bo"), post_upload(&cookie, upload_form(Some(&token), files)))).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = send(&page, from(proxy, Some("bo"), get("/", &cookie))).await;
    assert!(response.headers().get(header::SET_COOKIE).is_some(), "Bo gets a session of his own");
}

#[tokio::test]
async fn while_the_documents_wait_their_turn_the_page_shows_progress_and_refuses_a_second_make() {
    let renderer =
        Renderer::find(Some(&root().join("report_templates")), Some(&root().join("fonts"))).unwrap();
    let archive = tempfile::tempdir().unwrap();
    let config = Config { builds: 1, archive: archive.path().join("arkiv"), ..Config::new(renderer, 8700) };
    let app = App::new(&config).unwrap();
    let page = router(app.clone(), config.max_request);
    let (cookie, token) = visit(&page).await;
    upload(&page, &cookie, &token, &[("kontrakter-2008.xlsx", &input("kontrakter-2008.xlsx"))]).await;
    // Another user's build holds the one turn.
    let turn = app.builds.acquire().await.unwrap();
    let made = send(&page, post_make("1", &cookie, &format!("_csrf={token}"))).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let html = text(send(&page, get("/projektmappe/1", &cookie)).await).await;
    assert!(html.contains("Dokumenterne laves") && html.contains("<progress"), "{html}");
    assert!(html.contains("role=\"status\"") && html.contains("src=\"/fremdrift.js\""), "{html}");
    assert!(!html.contains("action=\"/projektmappe/1/lav\""), "no second make offered");
    let json = text(send(&page, get("/projektmappe/1/fremdrift", &cookie)).await).await;
    assert_eq!(json, r#"{"done":0,"making":true,"pdf":false,"planned":0}"#);
    let again = send(&page, post_make("1", &cookie, &format!("_csrf={token}"))).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    drop(turn);
    wait(&page, "1", &cookie).await;
    let html = text(send(&page, get("/projektmappe/1", &cookie)).await).await;
    assert!(
        html.contains("Hent alle 10 dokumenter som zip") && !html.contains("Dokumenterne laves"),
        "{html}"
    );
}

#[test]
fn a_cells_direction_override_is_shown_as_an_escape_not_obeyed() {
    // A right-to-left override in «ca. 18,2» would reorder what the page shows.
    let d = Diagnostic::error("OF0302", "forventede et tal\u{202e}").found("ca. 18\u{202e},2").hint("x\u{7}");
    let shown = super::problems(&[d], Severity::Error, 1);
    assert_eq!(shown[0].found.as_deref(), Some("ca. 18\\u{202e},2"));
    assert_eq!(shown[0].message, "forventede et tal\\u{202e}");
    assert!(!shown[0].hint.as_deref().unwrap_or_default().contains('\u{7}'));
}

/// The page, as [`page`], with its state to look into.
fn page_and_app() -> (Router, Arc<App>, tempfile::TempDir) {
    let renderer =
        Renderer::find(Some(&root().join("report_templates")), Some(&root().join("fonts"))).unwrap();
    let archive = tempfile::tempdir().unwrap();
    let config = Config { archive: archive.path().join("arkiv"), ..Config::new(renderer, 8700) };
    let app = App::new(&config).unwrap();
    (router(app.clone(), config.max_request), app, archive)
}

/// The session of a browser's cookie.
fn session_of(app: &App, cookie: &str) -> Arc<Mutex<Session>> {
    app.sessions.get(cookie.trim_start_matches("opfolg=")).unwrap()
}

/// The text of a PDF's page `n` (from 1), by pdftotext.
fn pdf_page_text(pdf: &[u8], n: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &n.to_string(), "-l", &n.to_string()])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian package poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

/// The letters and digits of a text, sorted: what two renderings of the
/// same page have in common whatever their spacing and line breaks.
fn letters(text: &str) -> Vec<char> {
    let mut l: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    l.sort_unstable();
    l
}

#[tokio::test]
async fn the_preview_draws_the_pages_the_pdf_was_written_from_and_never_lays_them_out_again() {
    let (page, app, _archive) = page_and_app();
    let (cookie, token) = visit(&page).await;
    let session = session_of(&app, &cookie);
    upload(&page, &cookie, &token, &[("halvaar.xlsx", &input("halvaarsopfoelgning-2008.xlsx"))]).await;
    upload(&page, &cookie, &token, &[("halvaar-rettet.xlsx", &corrected_half_year())]).await;
    make(&page, "1", &cookie, &format!("_csrf={token}")).await;
    make(&page, "2", &cookie, &format!("_csrf={token}&forrige=1")).await;
    let kept = |id: u32| {
        let key = lock(&session).upload(id).and_then(|u| u.preview).expect("its pages kept");
        (key, app.previews.document(key, 0).expect("the document's pages"))
    };
    let (key, pages) = kept(2);
    let pdf = bytes(send(&page, get("/projektmappe/2/fil/0", &cookie)).await).await;
    let count = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    assert_eq!(pages.pages().len(), count, "the preview has the PDF's pages");
    let laid_out = crate::render::laid_out_text(&pages);
    for (n, text) in laid_out.iter().enumerate() {
        assert_eq!(letters(text), letters(&pdf_page_text(&pdf, n + 1)), "page {}: {text}", n + 1);
    }
    // The corrected version's own pages: its Rettelser section, which the
    // first version's pages lack.
    let all = laid_out.join(" ").to_lowercase();
    assert!(all.contains("rettelser") && all.contains("ændret fra"), "{all}");
    let first = crate::render::laid_out_text(&kept(1).1).join(" ").to_lowercase();
    assert!(!first.contains("rettelser") && !first.contains("ændret fra"), "{first}");
    // The page shows every page of the PDF, and no more.
    let html = text(send(&page, get("/projektmappe/2", &cookie)).await).await;
    assert!(html.contains(&format!("{count} sider")), "{html}");
    assert!(html.contains(&format!("/projektmappe/2/side/0/{count}\"")));
    assert!(!html.contains(&format!("/projektmappe/2/side/0/{}\"", count + 1)));
    let last = send(&page, get(&format!("/projektmappe/2/side/0/{count}"), &cookie)).await;
    assert_eq!(last.status(), StatusCode::OK);
    let beyond = send(&page, get(&format!("/projektmappe/2/side/0/{}", count + 1), &cookie)).await;
    assert_eq!(beyond.status(), StatusCode::NOT_FOUND);

    // Pages no longer kept are not laid out again: the page says to make
    // the documents again, and then they are shown.
    app.previews.forget(key);
    let html = text(send(&page, get("/projektmappe/2", &cookie)).await).await;
    assert!(
        html.contains("Siderne vises ikke længere her") && !html.contains("/projektmappe/2/side/0/1"),
        "{html}"
    );
    assert_eq!(send(&page, get("/projektmappe/2/side/0/1", &cookie)).await.status(), StatusCode::NOT_FOUND);
    assert!(app.previews.document(key, 0).is_none(), "nothing was laid out for it");
    make(&page, "2", &cookie, &format!("_csrf={token}&forrige=1")).await;
    let (again, _) = kept(2);
    assert_ne!(again, key);
    assert_eq!(send(&page, get("/projektmappe/2/side/0/1", &cookie)).await.status(), StatusCode::OK);
    // Made again, a workbook's earlier pages are dropped, not kept beside.
    let (one, _) = kept(1);
    make(&page, "1", &cookie, &format!("_csrf={token}")).await;
    assert!(app.previews.document(one, 0).is_none());
}

#[test]
fn the_pdfs_are_handed_on_with_their_pages_before_the_word_documents_are_made() {
    let renderer =
        Renderer::find(Some(&root().join("report_templates")), Some(&root().join("fonts"))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kontrakter-2008.xlsx");
    std::fs::write(&path, input("kontrakter-2008.xlsx")).unwrap();
    let early = Mutex::new(None);
    let made = build(&renderer, &path, None, &|_| {}, &|made: &Made, pages: Vec<crate::render::Pages>| {
        assert_eq!(pages.len(), made.documents.len(), "every PDF's pages");
        let on_disk: Vec<_> =
            std::fs::read_dir(dir.path().join("ud")).unwrap().map(|e| e.unwrap().path()).collect();
        assert!(on_disk.iter().all(|p| p.extension().is_some_and(|e| e == "pdf")), "no Word document yet");
        assert!(made.files.iter().all(|f| f.exists() && f.extension().is_some_and(|e| e == "pdf")));
        *early.lock().unwrap() = Some(made.clone());
    });
    let early = early.into_inner().unwrap().expect("the PDFs handed on");
    assert!(made.failures.is_empty(), "{:?}", made.failures);
    // A file's number stays the same once the page has shown it.
    assert_eq!(made.files[..early.files.len()], early.files[..]);
    assert_eq!(made.files.len(), early.files.len() + made.documents.len(), "a Word document each");
    for ((label, files), (early_label, early_files)) in made.documents.iter().zip(&early.documents) {
        assert_eq!(label, early_label);
        assert_eq!(files[..early_files.len()], early_files[..]);
        let stems: Vec<_> = files.iter().map(|&n| made.files[n].file_stem().unwrap().to_owned()).collect();
        let docx = files.iter().filter(|&&n| made.files[n].extension().is_some_and(|e| e == "docx")).count();
        assert_eq!(docx, 1, "{label}: its own Word document");
        assert!(
            stems.iter().all(|s| s.to_string_lossy().starts_with(&*stems[0].to_string_lossy())),
            "{stems:?}"
        );
    }
}

#[tokio::test]
async fn while_the_word_documents_are_made_the_pdfs_download_and_preview_and_the_zip_waits() {
    let (page, app, _archive) = page_and_app();
    let (cookie, token) = visit(&page).await;
    upload(&page, &cookie, &token, &[("kontrakter-2008.xlsx", &input("kontrakter-2008.xlsx"))]).await;
    let session = session_of(&app, &cookie);
    // The upload as it is between the two steps of a build: the PDFs made
    // and handed on, the Word documents not yet.
    let path = lock(&session).upload(1).unwrap().path.clone();
    let early = Mutex::new(None);
    let app2 = app.clone();
    tokio::task::spawn_blocking(move || {
        build(&app2.renderer, &path, None, &|_| {}, &|made: &Made, pages: Vec<crate::render::Pages>| {
            *early.lock().unwrap() = Some((made.clone(), app2.previews.keep(pages)));
        });
        early.into_inner().unwrap().unwrap()
    })
    .await
    .map(|(made, key)| {
        let progress = Progress { planned: 20.into(), done: 10.into(), pdf: true.into() };
        let mut g = lock(&session);
        let u = g.upload_mut(1).unwrap();
        u.built = Some(made);
        u.preview = Some(key);
        u.making = Some(Arc::new(progress));
    })
    .unwrap();
    let json = text(send(&page, get("/projektmappe/1/fremdrift", &cookie)).await).await;
    assert_eq!(json, r#"{"done":10,"making":true,"pdf":true,"planned":20}"#);
    let html = text(send(&page, get("/projektmappe/1", &cookie)).await).await;
    assert!(html.contains("PDF'erne er klar og kan hentes nedenfor; Word-dokumenterne laves"), "{html}");
    assert!(html.contains("data-pdf=\"1\""), "the script knows the PDFs are shown");
    assert!(html.contains(">PDF<span class=\"usynlig\"> af kontrakt for "), "{html}");
    assert!(html.contains(">PDF til underskrift<span"), "{html}");
    assert!(!html.contains("Word (DOCX)"), "no Word document yet: {html}");
    assert!(!html.contains("som zip"), "no zip before all is made");
    assert!(!html.contains("action=\"/projektmappe/1/lav\""), "no second make meanwhile");
    assert_eq!(html.matches("id=\"dokumenter\"").count(), 1, "one target for #dokumenter");
    assert!(html.contains("/projektmappe/1/side/0/1"), "the preview, at once: {html}");
    let pdf = bytes(send(&page, get("/projektmappe/1/fil/0", &cookie)).await).await;
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(send(&page, get("/projektmappe/1/side/0/1", &cookie)).await.status(), StatusCode::OK);
    assert_eq!(send(&page, get("/projektmappe/1/zip", &cookie)).await.status(), StatusCode::NOT_FOUND);
}
#[tokio::test]
async fn behind_a_proxy_the_archive_records_the_user_it_named_and_finds_the_record_by_them() {
    let (page, _archive) = behind_proxy();
    let proxy = [10, 0, 0, 9];
    let as_mette = |request| from(proxy, Some("mette"), request);
    let response = send(&page, as_mette(get("/", ""))).await;
    let cookie =
        response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
    let html = text(response).await;
    let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let files: &[(&str, &[u8])] = &[("maaloversigt-2007.xlsx", &input("maaloversigt-2007.xlsx"))];
    let response = send(&page, as_mette(post_upload(&cookie, upload_form(Some(&token), files)))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = send(&page, as_mette(post_make("1", &cookie, &format!("_csrf={token}")))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    loop {
        let json = text(send(&page, as_mette(get("/projektmappe/1/fremdrift", &cookie))).await).await;
        if serde_json::from_str::<serde_json::Value>(&json).unwrap()["making"] == false {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let pdf = bytes(send(&page, as_mette(get("/projektmappe/1/fil/0", &cookie))).await).await;
    let form = form_of(Some(&token), "pdf", &[("maaloversigt-2007.pdf", &pdf)]);
    let response = send(&page, as_mette(post_form("/arkiv/tilfoej", &cookie, form))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Bo sees who added it: the user the proxy named, and the server's account.
    let account = crate::archive::os_account();
    let html = text(send(&page, from(proxy, Some("bo"), get("/arkiv/1", ""))).await).await;
    let said = format!(
        "<dt>Arkiveret af</dt><dd>opfolg serve (kører som {account}) for brugeren «mette», som sidens login eller proxy angav</dd>"
    );
    assert!(html.contains(&said), "{html}");
    // Archived when, as the list says it: «2026-12-02 05:23 UTC», not the catalogue's «…T…Z».
    let archived = html.split("<dt>Arkiveret</dt><dd>").nth(1).and_then(|t| t.split("</dd>").next()).unwrap();
    let at = archived.split(" fra ").next().unwrap();
    assert!(at.len() == 20 && at.ends_with(" UTC") && at.as_bytes()[10] == b' ', "{archived}");
    let found = text(send(&page, from(proxy, Some("bo"), get("/arkiv?q=mette", ""))).await).await;
    assert!(
        found.contains("href=\"/arkiv/1\"")
            && found.contains("<td data-kolonne=\"Arkiveret af\">siden, logget ind som «mette»</td>"),
        "{found}"
    );
    let none = text(send(&page, from(proxy, Some("bo"), get("/arkiv?q=bo", ""))).await).await;
    assert!(none.contains("Ingen poster"), "{none}");

    // A user name the proxy sends with a direction override or a control
    // character is no user: refused before any session, so it can never be
    // an adder (a header cannot hold a line break at all).
    // Nor is one with a combining mark that is no part of a letter («o»
    // with a slash through it reads as «ø»).
    for name in [
        "mette\u{202e}toor",
        "mette\u{200b}",
        "mette\tbo",
        "So\u{338}ren",
        "\u{301}mette",
        "mette\u{3164}",
        "Mette  Bo",
    ] {
        let mut request = from(proxy, None, get("/arkiv", ""));
        request.headers_mut().insert("x-remote-user", HeaderValue::from_bytes(name.as_bytes()).unwrap());
        let response = send(&page, request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name:?}");
    }
    // A Danish name, as a proxy passes it on (its UTF-8 bytes), is a user;
    // bytes that are not UTF-8 are none.
    let mut request = from(proxy, None, get("/arkiv?q=s%C3%B8ren", ""));
    request.headers_mut().insert("x-remote-user", HeaderValue::from_bytes("Søren Ærø".as_bytes()).unwrap());
    let response = send(&page, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut request = from(proxy, None, get("/arkiv", ""));
    request.headers_mut().insert("x-remote-user", HeaderValue::from_bytes(b"S\xf8ren").unwrap());
    assert_eq!(send(&page, request).await.status(), StatusCode::FORBIDDEN);
}

#[test]
fn a_proxy_user_is_composed_and_one_with_a_loose_mark_is_none() {
    let proxy = Proxy { address: IpAddr::from([10, 0, 0, 9]), header: "x-remote-user".parse().unwrap() };
    let named = |name: &str| {
        let mut headers = HeaderMap::new();
        headers.insert("x-remote-user", HeaderValue::from_bytes(name.as_bytes()).unwrap());
        proxy_user(&headers, &proxy)
    };
    // «Åse» sent decomposed is the same user (and adder) as «Åse».
    assert_eq!(named("A\u{30a}se").as_deref(), Some("\u{c5}se"));
    assert_eq!(named(" S\u{f8}ren ").as_deref(), Some("S\u{f8}ren"));
    assert_eq!(named("Nguye\u{302}\u{303}n").as_deref(), Some("Nguy\u{1ec5}n"));
    for bad in ["So\u{338}ren", "\u{301}anna", "anna\u{336}\u{336}", "bo \u{20dd}"] {
        assert_eq!(named(bad), None, "{bad:?}");
    }
}

#[test]
fn the_zip_link_names_the_kinds_of_file_it_holds() {
    let of =
        |names: &[&str]| super::file_kinds(&names.iter().map(std::path::PathBuf::from).collect::<Vec<_>>());
    assert_eq!(of(&["ud/a.pdf"]), "PDF");
    assert_eq!(of(&["ud/a.pdf", "ud/a.docx", "ud/b.pdf", "ud/b.docx"]), "PDF og Word");
    assert_eq!(
        of(&["ud/a.pdf", "ud/a-til-underskrift.pdf", "ud/a.docx"]),
        "PDF, PDF til underskrift og Word"
    );
    // A copy for signing alone is not also a plain PDF.
    assert_eq!(of(&["ud/a-til-underskrift.pdf"]), "PDF til underskrift");
    assert_eq!(of(&[]), "");
}
