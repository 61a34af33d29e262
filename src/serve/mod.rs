//! `opfolg serve`: the secretariat's workplace in the browser.
//!
//! A page to download a blank workbook, drop workbooks and see every
//! problem `check` finds, make the PDF and the Word document (a zip of all
//! contracts), preview the pages, compare a corrected version with the one
//! before it. It calls the library as the command line does; the pages are
//! minijinja templates built into the binary (`src/serve/sider/`): plain
//! forms, and one small script that follows a batch being made.
//!
//! Safe by default (docs/serve.md): loopback only unless told otherwise;
//! the `Host` header must be one the server answers to (against DNS
//! rebinding); every form carries its session's token, and the session
//! cookie is `SameSite=Strict`; uploads are limited in size and read within
//! the command line's limits; files are found through the session by the
//! server's own numbers, never by a path from the browser. On a network,
//! either accounts of the server's own log in (`--konti`, [`accounts`],
//! `login`) or a reverse proxy authenticates (`--proxy`).

pub mod accounts;
mod archive;
mod login;
mod preview;
mod session;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::DocumentKind;
use crate::render::{Formats, Renderer};
pub use session::upload_name;
use session::{Checked, Made, Session, Sessions, Upload};

/// The name of the session cookie.
const COOKIE: &str = "opfolg";

/// How many uploads are received at once; more wait their turn.
const UPLOADS: usize = 4;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address listened on (127.0.0.1 unless told otherwise).
    pub address: IpAddr,
    /// The port.
    pub port: u16,
    /// Host names besides the loopback names and the address that the
    /// page answers to (the name a reverse proxy forwards).
    pub hosts: Vec<String>,
    /// The templates and fonts, loaded once and kept.
    pub renderer: Renderer,
    /// How many workbooks are checked or built at once; more wait.
    pub builds: usize,
    /// The largest workbook taken, in bytes: the command line's limit.
    pub max_file: u64,
    /// The largest request, in bytes (all files of one upload).
    pub max_request: usize,
    /// The archive folder (as `opfolg archive --archive`).
    pub archive: PathBuf,
    /// Behind an authenticating reverse proxy: only requests from its
    /// address, each naming its user in its header, are answered.
    pub proxy: Option<Proxy>,
    /// The accounts (`--konti`): every page but the login page needs a
    /// logged-in session. Not together with `proxy`.
    pub accounts: Option<Arc<accounts::Store>>,
    /// The page is reached through HTTPS (a proxy with TLS in front): the
    /// cookies are `Secure`.
    pub https: bool,
}

/// A reverse proxy that authenticates the users and names each in a header.
#[derive(Debug, Clone)]
pub struct Proxy {
    /// The proxy's address: requests from anywhere else are refused.
    pub address: IpAddr,
    /// The header naming the authenticated user (`X-Remote-User`).
    pub header: header::HeaderName,
}

impl Config {
    /// Loopback on `port`, with the command line's limits and one build
    /// per core.
    pub fn new(renderer: Renderer, port: u16) -> Config {
        let max_file = crate::read::LIMITS.file_bytes;
        Config {
            address: IpAddr::from([127, 0, 0, 1]),
            port,
            hosts: Vec::new(),
            renderer,
            builds: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_file,
            max_request: usize::try_from(2 * max_file).unwrap_or(usize::MAX).saturating_add(1 << 20),
            archive: crate::archive::archive_dir(None),
            proxy: None,
            accounts: None,
            https: false,
        }
    }

    /// The `Host` values the page answers to: `name:port` for the loopback
    /// names, the address and the names given (and the bare name on port 80).
    fn allowed_hosts(&self) -> Vec<String> {
        let mut names: Vec<String> = vec!["127.0.0.1".into(), "localhost".into(), "[::1]".into()];
        if !self.address.is_unspecified() {
            names.push(match self.address {
                IpAddr::V6(a) => format!("[{a}]"),
                IpAddr::V4(a) => a.to_string(),
            });
        }
        names.extend(self.hosts.iter().map(|h| h.to_ascii_lowercase()));
        let mut hosts = Vec::new();
        for name in names {
            hosts.push(format!("{name}:{}", self.port));
            if self.port == 80 {
                hosts.push(name);
            }
        }
        hosts
    }
}

/// The server's state: kept warm between requests.
pub struct App {
    renderer: Renderer,
    pages: minijinja::Environment<'static>,
    hosts: Vec<String>,
    sessions: Sessions,
    builds: Semaphore,
    /// Uploads being received at once: each holds up to a request's limit
    /// in memory until it is checked.
    uploads: Arc<Semaphore>,
    max_file: u64,
    archive: PathBuf,
    proxy: Option<Proxy>,
    /// The pages of the latest builds' PDFs, which the preview draws.
    previews: preview::Kept<typst_layout::PagedDocument>,
    /// Preview pages drawn at once (each a picture of some megabytes); more wait.
    drawing: Semaphore,
    /// With `--konti`: the accounts, the login forms and the counts of attempts.
    gate: Option<login::Gate>,
    /// The cookies are `Secure` (`--https`).
    https: bool,
    // Every session's folder is under this one, removed when the server stops.
    _root: tempfile::TempDir,
}

impl App {
    /// The server's state for `config`; its sessions' files go in a new
    /// temporary folder.
    pub fn new(config: &Config) -> std::io::Result<Arc<App>> {
        let root = tempfile::Builder::new().prefix("opfolg-serve-").tempdir()?;
        let mut pages = minijinja::Environment::new();
        for (name, text) in PAGES {
            pages.add_template(name, text).map_err(std::io::Error::other)?;
        }
        // With accounts, every page has a way to log out.
        pages.add_global("log_ud", config.accounts.is_some());
        let gate = config.accounts.clone().map(login::Gate::new).transpose()?;
        Ok(Arc::new(App {
            renderer: config.renderer.clone(),
            pages,
            hosts: config.allowed_hosts(),
            sessions: Sessions::new(root.path()),
            builds: Semaphore::new(config.builds.max(1)),
            uploads: Arc::new(Semaphore::new(UPLOADS)),
            max_file: config.max_file,
            archive: config.archive.clone(),
            proxy: config.proxy.clone(),
            previews: preview::Kept::new(preview::MAX_KEPT),
            drawing: Semaphore::new(config.builds.max(1)),
            gate,
            https: config.https,
            _root: root,
        }))
    }

    fn page(&self, name: &str, context: minijinja::Value) -> Response {
        match self.pages.get_template(name).and_then(|t| t.render(context)) {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                (StatusCode::INTERNAL_SERVER_ERROR, format!("siden kan ikke vises: {e}")).into_response()
            }
        }
    }

    /// A page saying what went wrong, with the status.
    fn error(&self, status: StatusCode, title: &str, text: &str) -> Response {
        let mut r = self.page("fejl.html", minijinja::context! { title, text });
        *r.status_mut() = status;
        r
    }
}

/// The pages, built into the binary.
const PAGES: [(&str, &str); 9] = [
    ("base.html", include_str!("sider/base.html")),
    ("start.html", include_str!("sider/start.html")),
    ("projektmappe.html", include_str!("sider/projektmappe.html")),
    ("fejl.html", include_str!("sider/fejl.html")),
    ("arkiv.html", include_str!("sider/arkiv.html")),
    ("arkivpost.html", include_str!("sider/arkivpost.html")),
    ("arkivkontrol.html", include_str!("sider/arkivkontrol.html")),
    ("log-ind.html", include_str!("sider/log-ind.html")),
    ("log-ud.html", include_str!("sider/log-ud.html")),
];

/// The style sheet, built into the binary.
const STYLE: &str = include_str!("sider/stil.css");

/// The page's script (progress of a batch), built into the binary.
const SCRIPT: &str = include_str!("sider/fremdrift.js");

/// The page's routes, with the checks every request passes.
pub fn router(app: Arc<App>, max_request: usize) -> Router {
    let headers = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Not "no-referrer": with it, Chromium sends its forms with `Origin: null`.
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    let mut router = Router::new()
        .route("/", get(start))
        .route("/stil.css", get(style))
        .route("/fremdrift.js", get(script))
        .route("/tom-projektmappe", get(blank))
        .route("/projektmapper", post(upload))
        .route("/projektmappe/{id}", get(workbook))
        .route("/projektmappe/{id}/lav", post(make))
        .route("/projektmappe/{id}/fremdrift", get(progress))
        .route("/projektmappe/{id}/fil/{n}", get(file))
        .route("/projektmappe/{id}/zip", get(zip))
        .route("/projektmappe/{id}/side/{doc}/{page}", get(preview::page))
        .route("/arkiv", get(archive::list))
        .route("/arkiv/tilfoej", post(archive::add))
        .route("/arkiv/kontrol", get(archive::verify))
        .route("/arkiv/eksport", get(archive::export))
        .route("/arkiv/{id}", get(archive::show))
        // A login form is small: read before anyone is known, it is held to
        // a few kilobytes, not to an upload's limit.
        .route("/log-ind", get(login::page).post(login::submit).layer(DefaultBodyLimit::max(login::MAX_FORM)))
        .route("/log-ud", get(login::leave_page).post(login::leave))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_request))
        .layer(middleware::from_fn_with_state(app.clone(), guard));
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    router.with_state(app)
}

/// Serves the page until Ctrl+C.
pub fn run(config: Config) -> Result<(), String> {
    let app = App::new(&config).map_err(|e| format!("arbejdsmappen kan ikke oprettes: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("serveren kan ikke startes: {e}"))?;
    runtime.block_on(async {
        let address = SocketAddr::new(config.address, config.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("kan ikke lytte på {address}: {e}"))?;
        let shown = match config.address {
            a if a.is_unspecified() || a.is_loopback() => format!("http://localhost:{}/", config.port),
            IpAddr::V6(a) => format!("http://[{a}]:{}/", config.port),
            IpAddr::V4(a) => format!("http://{a}:{}/", config.port),
        };
        eprintln!("opfolg kører på {shown} (stop med Ctrl+C)");
        let service = router(app, config.max_request).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("serveren stoppede: {e}"))
    })
}

/// Every request: a `Host` the page answers to (a page of another site
/// that a DNS name points here is refused), and a form sent from
/// elsewhere (an `Origin` that is not this page) is refused.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !app.hosts.contains(&host) {
        return app.error(
            StatusCode::MISDIRECTED_REQUEST,
            "Ukendt adresse",
            "Siden svarer kun på de adresser, den er startet med. Brug adressen, som opfolg serve skrev, da den startede.",
        );
    }
    if let Some(proxy) = &app.proxy {
        // Behind the proxy only: a request from elsewhere, or without a
        // user the proxy names, is refused.
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let named = proxy_user(request.headers(), proxy).is_some();
        if peer != Some(proxy.address) || !named {
            return app.error(
                StatusCode::FORBIDDEN,
                "Log ind først",
                "Siden bruges gennem kommunens login. Brug den adresse, du har fået til opfolg.",
            );
        }
    }
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe {
        let origin = request.headers().get(header::ORIGIN).and_then(|h| h.to_str().ok());
        let ours = |o: &str| {
            o.strip_prefix("http://")
                .or_else(|| o.strip_prefix("https://"))
                .is_some_and(|h| h.eq_ignore_ascii_case(&host))
        };
        if origin.is_some_and(|o| !ours(o)) {
            return forbidden(&app);
        }
    }
    // With accounts: nothing but the login page without logging in.
    if app.gate.is_some()
        && !login::open(request.uri().path())
        && find_session(&app, request.headers()).is_none()
    {
        return login::required(&app, safe);
    }
    next.run(request).await
}

fn forbidden(app: &App) -> Response {
    app.error(
        StatusCode::FORBIDDEN,
        "Formularen kan ikke bruges",
        "Formularen kom ikke fra denne side, eller den er for gammel. Gå til forsiden og prøv igen.",
    )
}

async fn not_found(State(app): State<Arc<App>>) -> Response {
    not_found_page(&app)
}

fn not_found_page(app: &App) -> Response {
    app.error(StatusCode::NOT_FOUND, "Siden findes ikke", "Der er ingen side på denne adresse.")
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// The session id the browser sent, if any.
fn cookie(headers: &HeaderMap) -> Option<String> {
    login::cookie_named(headers, COOKIE)
}

/// The user a trusted reverse proxy names (its header), behind a proxy.
/// The guard has let through only requests from the proxy with a user.
fn user(app: &App, headers: &HeaderMap) -> Option<String> {
    proxy_user(headers, app.proxy.as_ref()?)
}

/// The user named in the proxy's header: UTF-8 (a proxy passes «Søren» on
/// as its bytes), trimmed and composed (NFC), at most 200 bytes, and
/// without a control, invisible or direction-changing character or a
/// combining mark that is no part of a letter ([`accounts::lookalike_problem`]:
/// such a name could read as another's wherever it is shown); else none,
/// and the request is refused.
fn proxy_user(headers: &HeaderMap, proxy: &Proxy) -> Option<String> {
    let value = headers.get(&proxy.header)?;
    let name = std::str::from_utf8(value.as_bytes()).ok()?.trim();
    // Composed, so «Åse» sent as A with a combining ring is the same user
    // (and adder) as «Åse»; a mark left over could make it read as another.
    let name = accounts::composed(name);
    let fine = !name.is_empty()
        && name.len() <= 200
        && crate::format::visible(&name) == name
        && accounts::lookalike_problem(&name).is_none();
    fine.then_some(name)
}

/// The session of the browser's cookie, when it is the same user's: with
/// accounts, when it is logged in and the login still holds.
fn find_session(app: &App, headers: &HeaderMap) -> Option<Arc<Mutex<Session>>> {
    let id = cookie(headers)?;
    let s = app.sessions.get(&id)?;
    let same = match &app.gate {
        Some(gate) => {
            let held = gate.holds(&mut lock(&s));
            // Logged out for good (idle, too old, its account removed or its
            // password changed): its workbooks go now, as with "Log ud". Not
            // while the accounts file cannot be read: mended, it holds again.
            if !held && gate.readable() {
                app.sessions.remove(&id);
            }
            held
        }
        None => lock(&s).user == user(app, headers),
    };
    same.then_some(s)
}

/// The browser's session; a new one (with its cookie to set) when it has
/// none the server knows.
fn session_or_new(
    app: &App,
    headers: &HeaderMap,
) -> Result<(Arc<Mutex<Session>>, Option<HeaderValue>), Response> {
    if let Some(s) = find_session(app, headers) {
        return Ok((s, None));
    }
    // With accounts a session is made only by logging in.
    if app.gate.is_some() {
        return Err(login::required(app, true));
    }
    let (id, s) = app.sessions.create().map_err(|e| {
        app.error(StatusCode::INTERNAL_SERVER_ERROR, "Serveren kan ikke gemme", &e.to_string())
    })?;
    lock(&s).user = user(app, headers);
    Ok((s, Some(login::set_cookie(app, COOKIE, "/", Some(&id)))))
}

/// The browser's session when the form's token is its own; else the
/// refusal.
fn session_with_token(app: &App, headers: &HeaderMap, token: &str) -> Result<Arc<Mutex<Session>>, Response> {
    let s = find_session(app, headers).ok_or_else(|| forbidden(app))?;
    let ok = session::same_token(&lock(&s).csrf, token);
    if ok { Ok(s) } else { Err(forbidden(app)) }
}

/// The browser's session, for reading: none is a page that is not there.
fn session_known(app: &App, headers: &HeaderMap) -> Result<Arc<Mutex<Session>>, Response> {
    find_session(app, headers).ok_or_else(|| gone(app))
}

fn gone(app: &App) -> Response {
    app.error(
        StatusCode::NOT_FOUND,
        "Projektmappen findes ikke",
        "Den er ikke hentet op i denne browser, eller den er glemt. Hent den op igen fra forsiden.",
    )
}

fn lock(s: &Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// The kinds of paper, as the page offers them: (address word, name).
const KINDS: [(&str, &str, DocumentKind); 5] = [
    ("halvaar", "Halvårsopfølgning", DocumentKind::HalfYear),
    ("helaar", "Helårsopfølgning (udvalgssag)", DocumentKind::FullYear),
    ("kontrakter", "Kontrakter, én pr. enhed", DocumentKind::Contracts),
    ("indstilling", "Indstilling (udvalgssag)", DocumentKind::CommitteeCase),
    ("bilag", "Bilag: måloversigt", DocumentKind::GoalOverview),
];

#[derive(Serialize)]
struct UploadRow {
    id: u32,
    name: String,
    kind: Option<&'static str>,
    errors: usize,
    warnings: usize,
    ok: bool,
    made: bool,
}

fn rows(s: &Session) -> Vec<UploadRow> {
    s.workbooks
        .iter()
        .rev()
        .map(|u| UploadRow {
            id: u.id,
            name: u.name.clone(),
            kind: u.check.kind.map(DocumentKind::danish),
            errors: u.check.problems.iter().filter(|d| d.severity == Severity::Error).count(),
            warnings: u.check.problems.iter().filter(|d| d.severity == Severity::Warning).count(),
            ok: u.check.ok(),
            made: u.built.is_some(),
        })
        .collect()
}

/// A size as the page says it: "50 MB", "97 kB".
fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 { format!("{} MB", bytes >> 20) } else { format!("{} kB", bytes >> 10) }
}

fn start_page(app: &App, s: &Session, error: Option<&str>) -> Response {
    let kinds: Vec<_> =
        KINDS.iter().map(|(slug, name, _)| minijinja::context! { slug => *slug, name => *name }).collect();
    app.page(
        "start.html",
        minijinja::context! {
            csrf => s.csrf.clone(), kinds, uploads => ser(rows(s)), error,
            max_size => size_text(app.max_file),
        },
    )
}

async fn start(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    match session_or_new(&app, &headers) {
        Ok((s, cookie)) => with_cookie(start_page(&app, &lock(&s), None), cookie),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct BlankQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// The blank workbook of a kind, as `opfolg init` writes it.
async fn blank(State(app): State<Arc<App>>, Query(q): Query<BlankQuery>) -> Response {
    let Some((slug, _, kind)) = KINDS.iter().find(|(slug, _, _)| q.kind.as_deref() == Some(*slug)) else {
        return app.error(
            StatusCode::BAD_REQUEST,
            "Vælg en dokumenttype",
            "Vælg, hvilken slags papir projektmappen skal lave, og tryk «Hent tom projektmappe».",
        );
    };
    match crate::init::workbook(*kind).and_then(|mut b| b.save_to_buffer()) {
        Ok(bytes) => download(bytes, &format!("tom-{slug}.xlsx")),
        Err(e) => {
            app.error(StatusCode::INTERNAL_SERVER_ERROR, "Projektmappen kan ikke laves", &e.to_string())
        }
    }
}

fn mime(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("zip") => "application/zip",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// A file to save; `name` is one of the server's own (ASCII, no quotes).
fn download(bytes: Vec<u8>, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, mime(name).to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

/// Reads what `check` reads, within the command line's limits, with the
/// fonts a build would use.
fn check(renderer: &Renderer, name: &str, bytes: Vec<u8>) -> Checked {
    match crate::load_bytes_for(name, bytes, Some(renderer)) {
        Ok((f, d)) => {
            let r = &f.report;
            let units = if r.meta.kind == DocumentKind::Contracts {
                format!("{} enheder, ", r.units.len())
            } else {
                String::new()
            };
            Checked {
                kind: Some(r.meta.kind),
                summary: Some(format!("{}: {units}{} mål", r.meta.kind.danish(), r.goals.len())),
                problems: d.iter().cloned().collect(),
            }
        }
        Err(d) => Checked { kind: None, summary: None, problems: d.iter().cloned().collect() },
    }
}

/// What [`read_files`] read: the session, the (browser's name, bytes) of
/// each file, and the turn that holds them in memory.
type Received = (Arc<Mutex<Session>>, Vec<(String, Vec<u8>)>, tokio::sync::OwnedSemaphorePermit);

/// The files of a multipart form whose first part is its session's token
/// (nothing is read before the token is checked), each within the limit of
/// a file, the parts named `field`. At most [`UPLOADS`] forms are read at
/// once; the turn is kept until the files are dropped.
pub(crate) async fn read_files(
    app: &App,
    headers: &HeaderMap,
    mut form: Multipart,
    field_name: &str,
) -> Result<Received, Response> {
    let too_big = |app: &App| {
        app.error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Filen er for stor",
            &format!(
                "En fil må fylde højst {}. En projektmappe til opfølgningen fylder normalt under 1 MB; tjek, at det er den rigtige fil.",
                size_text(app.max_file)
            ),
        )
    };
    let multipart_error = |app: &App, e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_big(app)
        } else {
            app.error(StatusCode::BAD_REQUEST, "Filerne kom ikke frem", &e.body_text())
        }
    };
    let token = match form.next_field().await {
        Ok(Some(field)) if field.name() == Some("_csrf") => field.text().await.unwrap_or_default(),
        Ok(_) => return Err(forbidden(app)),
        Err(e) => return Err(multipart_error(app, e)),
    };
    let s = session_with_token(app, headers, &token)?;
    let turn = app.uploads.clone().acquire_owned().await.map_err(|_| forbidden(app))?;
    let mut files = Vec::new();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(app, e)),
        };
        if field.name() != Some(field_name) {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if (bytes.len() + chunk.len()) as u64 > app.max_file {
                        return Err(too_big(app));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(multipart_error(app, e)),
            }
        }
        // A form sent with no file chosen has one empty part without a name.
        if !(name.is_empty() && bytes.is_empty()) {
            files.push((name, bytes));
        }
    }
    Ok((s, files, turn))
}

/// Drop one or more workbooks: each is kept in the session and checked.
async fn upload(State(app): State<Arc<App>>, headers: HeaderMap, form: Multipart) -> Response {
    let (s, files, _turn) = match read_files(&app, &headers, form, "filer").await {
        Ok(r) => r,
        Err(r) => return r,
    };
    if files.is_empty() {
        let mut r = start_page(&app, &lock(&s), Some("Vælg en eller flere projektmapper at tjekke."));
        *r.status_mut() = StatusCode::BAD_REQUEST;
        return r;
    }
    let mut ids = Vec::new();
    for (given, bytes) in files {
        let name = upload_name(&given, session::WORKBOOK);
        let reserved = lock(&s).reserve(&name);
        let (id, path) = match reserved {
            Ok(r) => r,
            Err(e) => {
                return app.error(StatusCode::INTERNAL_SERVER_ERROR, "Filen kan ikke gemmes", &e.to_string());
            }
        };
        let Ok(_permit) = app.builds.acquire().await else {
            return app.error(StatusCode::SERVICE_UNAVAILABLE, "Serveren stopper", "");
        };
        let (app2, name2, path2) = (app.clone(), name.clone(), path.clone());
        let checked = tokio::task::spawn_blocking(move || {
            std::fs::write(&path2, &bytes)?;
            Ok::<_, std::io::Error>(check(&app2.renderer, &name2, bytes))
        })
        .await;
        let check = match checked {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => {
                return app.error(StatusCode::INTERNAL_SERVER_ERROR, "Filen kan ikke gemmes", &e.to_string());
            }
            Err(e) => {
                return app.error(StatusCode::INTERNAL_SERVER_ERROR, "Tjekket stoppede", &e.to_string());
            }
        };
        lock(&s).workbooks.push(Upload { id, name, path, check, built: None, preview: None, making: None });
        ids.push(id);
    }
    // A redirect after a form (303: the browser goes there with GET).
    match ids.as_slice() {
        [one] => Redirect::to(&format!("/projektmappe/{one}")).into_response(),
        _ => Redirect::to("/#projektmapper").into_response(),
    }
}

#[derive(Serialize)]
struct ProblemView {
    n: usize,
    code: &'static str,
    message: String,
    sheet: Option<String>,
    cell: Option<String>,
    file: Option<String>,
    found: Option<String>,
    hint: Option<String>,
}

/// Problems of one severity, numbered for the page's links.
fn problems(list: &[Diagnostic], severity: Severity, first: usize) -> Vec<ProblemView> {
    list.iter()
        .filter(|d| d.severity == severity)
        .enumerate()
        .map(|(i, d)| ProblemView {
            n: first + i,
            code: d.code,
            message: shown(&d.message),
            sheet: d.location.as_ref().and_then(|l| l.sheet.as_deref().map(shown)),
            cell: d.location.as_ref().and_then(|l| l.cell.clone()),
            file: d.location.as_ref().map(|l| shown(&l.file)),
            found: d.found.as_deref().map(shown),
            hint: d.hint.as_deref().map(shown),
        })
        .collect()
}

/// Text from a workbook or a PDF as the page shows it: control, invisible
/// and direction-changing characters as escapes, as the command line shows
/// them ([`crate::format::visible`]), so a cell cannot reorder or hide what
/// the page says around it. (HTML escaping is minijinja's.)
pub(crate) fn shown(text: &str) -> String {
    crate::format::visible(text).into_owned()
}

/// A value for a page from anything serialisable.
fn ser(value: impl Serialize) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(value))
}

fn parse_id(text: &str) -> Option<u32> {
    // Digits only: "+1" or " 1" is no number of the server's.
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[derive(Deserialize, Default)]
struct WorkbookQuery {
    forrige: Option<String>,
    vis: Option<String>,
}

/// One workbook: its problems, the documents made, the comparison with an
/// earlier version, the preview.
async fn workbook(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<WorkbookQuery>,
) -> Response {
    let s = match session_known(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(id) = parse_id(&id) else { return gone(&app) };
    let previous = q.forrige.as_deref().filter(|t| !t.is_empty()).map(parse_id);
    let show = q.vis.as_deref().and_then(parse_id).unwrap_or(0) as usize;
    let (path, previous_path, csrf) = {
        let g = lock(&s);
        let Some(u) = g.upload(id) else { return gone(&app) };
        let previous_path = match previous {
            None => None,
            Some(Some(p)) if p != id => match g.upload(p) {
                Some(p) => Some((p.id, p.path.clone(), p.name.clone())),
                None => return gone(&app),
            },
            Some(_) => return gone(&app),
        };
        (u.path.clone(), previous_path, g.csrf.clone())
    };
    // What a corrected version changes, before it is made.
    let changes = match &previous_path {
        Some((_, old, _)) => {
            let (old, new) = (old.clone(), path.clone());
            let Ok(_permit) = app.builds.acquire().await else { return gone(&app) };
            let r = tokio::task::spawn_blocking(move || changes(&old, &new)).await;
            Some(r.unwrap_or_else(|e| Err(vec![e.to_string()])))
        }
        None => None,
    };
    let g = lock(&s);
    let Some(u) = g.upload(id) else { return gone(&app) };
    // The preview draws the pages the PDF was written from, while the
    // server keeps them.
    let pages = preview::kept_document(&app, u.preview, show).map(|d| d.pages().len());
    let errors = problems(&u.check.problems, Severity::Error, 1);
    let warnings = problems(&u.check.problems, Severity::Warning, errors.len() + 1);
    let others: Vec<_> = g
        .workbooks
        .iter()
        .filter(|o| o.id != id && o.check.kind.is_some() && o.check.kind == u.check.kind)
        .map(|o| minijinja::context! { id => o.id, name => o.name.clone() })
        .collect();
    let made = u.built.as_ref().map(|m| {
        let documents: Vec<_> = m
            .documents
            .iter()
            .enumerate()
            .map(|(i, (label, files))| {
                let files: Vec<_> = files
                    .iter()
                    .filter_map(|&n| {
                        let name = m.files.get(n)?.file_name()?.to_string_lossy().into_owned();
                        let kind = if name.ends_with(crate::SIGNING_SUFFIX) {
                            "PDF til underskrift"
                        } else if name.ends_with(".pdf") {
                            "PDF"
                        } else {
                            "Word (DOCX)"
                        };
                        Some(minijinja::context! { n, name, kind })
                    })
                    .collect();
                minijinja::context! { i, label, files }
            })
            .collect();
        let failures: Vec<_> = m
            .failures
            .iter()
            .map(|(label, d)| minijinja::context! { label, problems => ser(problems(d, Severity::Error, 1)) })
            .collect();
        minijinja::context! {
            documents, failures, files => m.files.len(), kinds => file_kinds(&m.files),
            warnings => ser(problems(&m.warnings, Severity::Warning, 1)),
            corrects => m.corrects.as_ref().map(|(p, c)| minijinja::context! {
                name => g.upload(*p).map(|u| u.name.clone()), changes => c
            }),
            zip => m.documents.len() > 1 && u.making.is_none(),
        }
    });
    let (changes, change_error) = match changes {
        Some(Ok(c)) => (Some(c), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    app.page(
        "projektmappe.html",
        minijinja::context! {
            id, csrf, name => u.name.clone(), summary => u.check.summary.clone(), ok => u.check.ok(),
            read => u.check.kind.is_some(),
            errors => ser(&errors), warnings => ser(&warnings), others, made,
            previous => previous_path.map(|(id, _, name)| minijinja::context! { id, name }),
            changes, change_error, show, pages,
            preview_gone => pages.is_none() && u.built.as_ref().is_some_and(|m| show < m.documents.len()),
            making => u.making.as_ref().map(|p| minijinja::context! {
                planned => p.planned.load(Ordering::Relaxed), done => p.done.load(Ordering::Relaxed),
                pdf => p.pdf.load(Ordering::Relaxed),
            }),
        },
    )
}

/// What changed from the workbook at `old` to the one at `new`, as the
/// lines of the "Rettelser" section; or the problems that stop the comparison.
fn changes(old: &FsPath, new: &FsPath) -> Result<Vec<String>, Vec<String>> {
    let load = |p: &FsPath| {
        crate::load(p).map(|(f, _)| f).map_err(|d| d.iter().map(|d| d.message.clone()).collect::<Vec<_>>())
    };
    let (old, new) = (load(old)?, load(new)?);
    Ok(crate::diff::diff(&old, &new).iter().map(ToString::to_string).collect())
}

#[derive(Deserialize)]
struct MakeForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    forrige: String,
}

/// Makes the PDF and the Word document of a workbook (all contracts of a
/// contract workbook), correcting an earlier version when one is named.
async fn make(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<MakeForm>,
) -> Response {
    let s = match session_with_token(&app, &headers, &form.csrf) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(id) = parse_id(&id) else { return gone(&app) };
    let (path, previous) = {
        let g = lock(&s);
        let Some(u) = g.upload(id) else { return gone(&app) };
        if !u.check.ok() {
            return app.error(
                StatusCode::CONFLICT,
                "Projektmappen har fejl",
                "Ret fejlene i Excel, og hent projektmappen op igen.",
            );
        }
        let previous = if form.forrige.is_empty() {
            None
        } else {
            match parse_id(&form.forrige).filter(|p| *p != id).and_then(|p| g.upload(p)) {
                Some(p) => Some((p.id, p.path.clone())),
                None => return gone(&app),
            }
        };
        (u.path.clone(), previous)
    };
    // The documents are made in the background: the page shows how far
    // the batch has come until they are there.
    let progress = Arc::new(Progress::default());
    {
        let mut g = lock(&s);
        let Some(u) = g.upload_mut(id) else { return gone(&app) };
        if u.making.is_some() {
            return app.error(
                StatusCode::CONFLICT,
                "Dokumenterne er ved at blive lavet",
                "Vent, til de er lavet; siden viser, hvor langt den er nået.",
            );
        }
        u.making = Some(progress.clone());
        u.built = None;
        // The pages of the build before are not this one's.
        if let Some(key) = u.preview.take() {
            app.previews.forget(key);
        }
    }
    tokio::spawn(async move {
        let permit = app.builds.acquire().await;
        let app2 = app.clone();
        let counter = progress.clone();
        let (app3, s3) = (app.clone(), s.clone());
        let made = tokio::task::spawn_blocking(move || {
            // Each document is counted twice: its PDF, then its Word document.
            let count = |p: crate::Progress| match p {
                crate::Progress::Planned(n) if !counter.pdf.load(Ordering::Relaxed) => {
                    counter.planned.fetch_add(2 * n, Ordering::Relaxed);
                }
                crate::Progress::Planned(_) => {}
                crate::Progress::Done { .. } => {
                    counter.done.fetch_add(1, Ordering::Relaxed);
                }
            };
            // The PDFs can be downloaded and previewed as soon as they are made.
            let pdfs = |made: &Made, pages: Vec<crate::render::Pages>| {
                let key = app3.previews.keep(pages);
                let mut g = lock(&s3);
                match g.upload_mut(id) {
                    Some(u) => {
                        u.built = Some(made.clone());
                        u.preview = Some(key);
                    }
                    None => app3.previews.forget(key),
                }
                counter.pdf.store(true, Ordering::Relaxed);
            };
            build(&app2.renderer, &path, previous, &count, &pdfs)
        })
        .await;
        drop(permit);
        let made = made.unwrap_or_else(|e| Made {
            files: Vec::new(),
            documents: Vec::new(),
            failures: vec![(
                "dokumentet".to_string(),
                vec![Diagnostic::error("OF0501", "dokumenterne kunne ikke laves").found(e.to_string())],
            )],
            warnings: Vec::new(),
            corrects: None,
        });
        let mut g = lock(&s);
        if let Some(u) = g.upload_mut(id) {
            u.built = Some(made);
            u.making = None;
        }
    });
    Redirect::to(&format!("/projektmappe/{id}#dokumenter")).into_response()
}

/// How far a batch has come.
#[derive(Debug, Default)]
pub struct Progress {
    /// Documents to make.
    pub planned: AtomicUsize,
    /// Documents made (or failed).
    pub done: AtomicUsize,
    /// True once the PDFs are made: they can be downloaded and previewed
    /// while the Word documents are made.
    pub pdf: AtomicBool,
}

/// How far the making of an upload's documents has come, for the page's
/// script: `{"making": bool, "planned": n, "done": n, "pdf": bool}` (`pdf`:
/// the PDFs can be downloaded).
async fn progress(State(app): State<Arc<App>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let s = match session_known(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(id) = parse_id(&id) else { return gone(&app) };
    let g = lock(&s);
    let Some(u) = g.upload(id) else { return gone(&app) };
    let (making, planned, done, pdf) = match &u.making {
        Some(p) => (
            true,
            p.planned.load(Ordering::Relaxed),
            p.done.load(Ordering::Relaxed),
            p.pdf.load(Ordering::Relaxed),
        ),
        None => (false, 0, 0, u.built.is_some()),
    };
    let json = serde_json::json!({ "making": making, "planned": planned, "done": done, "pdf": pdf });
    ([(header::CONTENT_TYPE, "application/json")], json.to_string()).into_response()
}

/// The page's one script: follows a batch's progress and shows the
/// documents when they are made (without it, the page has a link to look again).
async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response()
}

/// What a build hands on when its PDFs are made: them, and the pages each
/// was written from.
type PdfsMade<'a> = dyn Fn(&Made, Vec<crate::render::Pages>) + 'a;

/// Builds a workbook's documents into the `ud` folder beside it, anew: the
/// PDFs first, handed to `pdfs` with their pages as soon as they are
/// written, then the Word documents.
fn build(
    renderer: &Renderer,
    path: &FsPath,
    previous: Option<(u32, PathBuf)>,
    progress: &(dyn Fn(crate::Progress) + Sync),
    pdfs: &PdfsMade,
) -> Made {
    let dir = path.parent().unwrap_or(FsPath::new("."));
    let out = dir.join("ud");
    let _ = std::fs::remove_dir_all(&out);
    // Messages name the workbook as the browser did, not the server's folder.
    let shown = |mut d: Diagnostic| {
        if let Some(l) = &mut d.location
            && l.file.starts_with(&*dir.to_string_lossy())
        {
            l.file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        }
        d
    };
    let failed = |d: crate::diagnostics::Diagnostics| Made {
        files: Vec::new(),
        documents: Vec::new(),
        failures: vec![("dokumentet".to_string(), d.iter().cloned().map(shown).collect())],
        warnings: Vec::new(),
        corrects: previous.as_ref().map(|(p, _)| (*p, Vec::new())),
    };
    let previous_path = previous.as_ref().map(|(_, p)| p.as_path());
    let only = |pdf| Formats { pdf, docx: !pdf };
    let request = crate::Request {
        formats: only(true),
        corrects: previous_path.map(FsPath::to_path_buf),
        ..crate::Request::new(Vec::new(), &out)
    };
    let built = match crate::build_with_pages(&request, path, renderer, progress) {
        Ok(built) => built,
        Err(d) => return failed(d),
    };
    let mut made = Made {
        files: Vec::new(),
        documents: Vec::new(),
        failures: built
            .failures
            .into_iter()
            .map(|f| (f.label, f.diagnostics.iter().cloned().map(shown).collect()))
            .collect(),
        warnings: built.warnings.iter().cloned().map(shown).collect(),
        // What the build found changed: the lines of its "Rettelser" section.
        corrects: previous.as_ref().map(|(p, _)| (*p, built.corrections)),
    };
    let mut pages = Vec::new();
    for m in built.documents {
        let first = made.files.len();
        made.files.extend(m.files);
        made.documents.push((m.label, (first..made.files.len()).collect()));
        // Every PDF made keeps its pages (`build_with_pages`).
        pages.extend(m.pages);
    }
    if pages.len() == made.documents.len() {
        pdfs(&made, pages);
    }
    // The Word documents, from the same workbook: each beside its PDF (the
    // same file name). Its warnings are the PDFs' again.
    match crate::build_with_progress(path, previous_path, &out, renderer, only(false), progress) {
        Ok(built) => {
            for m in built.documents {
                let stem = |p: &PathBuf| p.file_stem().map(ToOwned::to_owned);
                let name = m.files.first().and_then(stem);
                let at = made.documents.iter().position(|(_, files)| {
                    files.first().and_then(|&n| made.files.get(n)).and_then(stem) == name
                });
                if let Some(at) = at {
                    for f in m.files {
                        made.files.push(f);
                        made.documents[at].1.push(made.files.len() - 1);
                    }
                }
            }
            for f in built.failures {
                if !made.failures.iter().any(|(label, _)| *label == f.label) {
                    made.failures.push((f.label, f.diagnostics.iter().cloned().map(shown).collect()));
                }
            }
        }
        Err(d) => made.failures.extend(failed(d).failures),
    }
    made
}

/// A file made from a workbook, by its number among the files.
async fn file(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, n)): Path<(String, String)>,
) -> Response {
    let s = match session_known(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (Some(id), Some(n)) = (parse_id(&id), parse_id(&n)) else { return gone(&app) };
    let path = {
        let g = lock(&s);
        let made = g.upload(id).and_then(|u| u.built.as_ref());
        made.and_then(|m| m.files.get(n as usize).cloned())
    };
    let Some(path) = path else { return gone(&app) };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match tokio::fs::read(&path).await {
        Ok(bytes) => download(bytes, &name),
        Err(_) => gone(&app),
    }
}

/// What kinds of file the zip holds, said as the page's links say them
/// ("PDF, PDF til underskrift og Word"), so the user knows that a zip of ten
/// contracts holds more than ten files.
fn file_kinds(files: &[PathBuf]) -> String {
    let has = |f: &dyn Fn(&str) -> bool| {
        files.iter().any(|p| p.file_name().is_some_and(|n| f(&n.to_string_lossy())))
    };
    let kinds: Vec<&str> = [
        (has(&|n| n.ends_with(".pdf") && !n.ends_with(crate::SIGNING_SUFFIX)), "PDF"),
        (has(&|n| n.ends_with(crate::SIGNING_SUFFIX)), "PDF til underskrift"),
        (has(&|n| n.ends_with(".docx")), "Word"),
    ]
    .into_iter()
    .filter_map(|(there, kind)| there.then_some(kind))
    .collect();
    match kinds.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} og {last}", rest.join(", ")),
        _ => kinds.join(""),
    }
}

/// Every file made from a workbook in one zip (all contracts of a contract
/// workbook).
async fn zip(State(app): State<Arc<App>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let s = match session_known(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(id) = parse_id(&id) else { return gone(&app) };
    let (files, name) = {
        let g = lock(&s);
        let Some(u) = g.upload(id) else { return gone(&app) };
        // Only when all is made: a zip made meanwhile would lack the Word documents.
        let Some(m) = u.built.as_ref().filter(|_| u.making.is_none()) else { return gone(&app) };
        let files: Vec<(String, PathBuf)> = m
            .files
            .iter()
            .map(|f| (f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), f.clone()))
            .collect();
        let stem = u.name.rsplit_once('.').map_or(u.name.as_str(), |(s, _)| s).to_string();
        (files, format!("{stem}.zip"))
    };
    let zipped = tokio::task::spawn_blocking(move || zip_files(&files)).await;
    match zipped {
        Ok(Ok(bytes)) => download(bytes, &name),
        Ok(Err(e)) => {
            app.error(StatusCode::INTERNAL_SERVER_ERROR, "Zip-filen kan ikke laves", &e.to_string())
        }
        Err(e) => app.error(StatusCode::INTERNAL_SERVER_ERROR, "Zip-filen kan ikke laves", &e.to_string()),
    }
}

/// A zip of the files, each under its name.
fn zip_files(files: &[(String, PathBuf)]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, path) in files {
        out.start_file(name.as_str(), options)?;
        out.write_all(&std::fs::read(path)?)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod login_tests;
