//! Login with `--konti` against the router (no socket): every page needs
//! a login, the login form's token, a new session id at login, the same
//! answer for an unknown name as for a wrong password, the limits on
//! guessing, logout, and sessions ended by a removed account or a new
//! password.

use std::io::Write;
use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use tower::ServiceExt;

use super::accounts::{Account, hash, write};
use super::*;

const HOST: &str = "127.0.0.1:8700";
const ANNA: &str = "anna-har-et-langt-kodeord";
const BO: &str = "bo-har-et-andet-kodeord";

struct Page {
    router: Router,
    app: Arc<App>,
    file: PathBuf,
    _dir: tempfile::TempDir,
}

/// The page with accounts «anna» and «Bo».
fn page() -> Page {
    let root = FsPath::new(env!("CARGO_MANIFEST_DIR"));
    let renderer = Renderer::find(Some(&root.join("report_templates")), Some(&root.join("fonts")))
        .unwrap_or_else(|d| panic!("{d}"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("konti");
    write(
        &file,
        &[
            Account { name: "anna".into(), hash: hash(ANNA).unwrap() },
            Account { name: "Bo".into(), hash: hash(BO).unwrap() },
        ],
    )
    .unwrap();
    let store = Arc::new(accounts::Store::open(&file).unwrap());
    let config = Config {
        max_file: 2 << 20,
        max_request: 5 << 20,
        archive: dir.path().join("arkiv"),
        accounts: Some(store),
        ..Config::new(renderer, 8700)
    };
    let app = App::new(&config).unwrap();
    Page { router: router(app.clone(), config.max_request), app, file, _dir: dir }
}

async fn send(page: &Page, request: Request<Body>) -> Response<Body> {
    page.router.clone().oneshot(request).await.unwrap()
}

async fn text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path).header(header::HOST, HOST).header(header::COOKIE, cookie).body(Body::empty()).unwrap()
}

/// A form sent from `address` with `cookie`.
fn post_from(path: &str, cookie: &str, body: &str, address: [u8; 4]) -> Request<Body> {
    let mut r = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap();
    r.extensions_mut().insert(ConnectInfo(SocketAddr::from((address, 50000))));
    r
}

fn post(path: &str, cookie: &str, body: &str) -> Request<Body> {
    post_from(path, cookie, body, [10, 0, 0, 1])
}

/// The cookies a response sets, `name=value` each.
fn set_cookies(r: &Response<Body>) -> Vec<String> {
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect()
}

fn token_in(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A browser at the login page: its pre-login cookie and the form's token.
async fn at_login(page: &Page) -> (String, String) {
    let r = send(page, get("/log-ind", "")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = set_cookies(&r).into_iter().find(|c| c.starts_with("opfolg-login=")).unwrap();
    (cookie, token_in(&text(r).await))
}

fn login_form(token: &str, name: &str, password: &str) -> String {
    format!("_csrf={token}&navn={}&adgangskode={}", encode(name), encode(password))
}

/// Logs in: the session cookie (`opfolg=...`).
async fn login(page: &Page, name: &str, password: &str) -> String {
    let (cookie, token) = at_login(page).await;
    let r = send(page, post("/log-ind", &cookie, &login_form(&token, name, password))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{name}");
    assert_eq!(r.headers()[header::LOCATION], "/");
    let set: Vec<_> =
        r.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(set.iter().all(|c| c.contains("HttpOnly") && c.contains("SameSite=Strict")), "{set:?}");
    set_cookies(&r).into_iter().find(|c| c.starts_with("opfolg=")).unwrap()
}

/// A login tried from `address` in a browser at the login page: its status.
async fn tried(page: &Page, name: &str, password: &str, address: [u8; 4]) -> StatusCode {
    let (cookie, token) = at_login(page).await;
    send(page, post_from("/log-ind", &cookie, &login_form(&token, name, password), address)).await.status()
}

fn session_of(page: &Page, cookie: &str) -> Option<Arc<Mutex<Session>>> {
    page.app.sessions.get(cookie.strip_prefix("opfolg=").unwrap())
}

#[tokio::test]
async fn every_page_but_the_login_page_needs_a_login() {
    let page = page();
    let gets = [
        "/",
        "/tom-projektmappe?type=halvaar",
        "/projektmappe/1",
        "/projektmappe/1/fremdrift",
        "/projektmappe/1/fil/0",
        "/projektmappe/1/zip",
        "/projektmappe/1/side/0/1",
        "/arkiv",
        "/arkiv?q=x",
        "/arkiv/kontrol",
        "/arkiv/eksport",
        "/arkiv/1",
        "/log-ud",
        "/findes-ikke",
        "/fremdrift.js",
    ];
    // No cookie, a made-up one, and a login form's cookie are all no login.
    let (form_cookie, _) = at_login(&page).await;
    let form_as_session = form_cookie.replace("opfolg-login=", "opfolg=");
    for cookie in ["", "opfolg=00000000000000000000000000000000", form_cookie.as_str(), &form_as_session] {
        for path in gets {
            let r = send(&page, get(path, cookie)).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "GET {path} with {cookie:?}");
            assert_eq!(r.headers()[header::LOCATION], "/log-ind", "{path}");
            assert!(set_cookies(&r).is_empty(), "no session is made before login: {path}");
        }
        for path in ["/projektmapper", "/projektmappe/1/lav", "/arkiv/tilfoej", "/log-ud"] {
            let r = send(&page, post(path, cookie, "_csrf=x")).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
        }
    }
    assert_eq!(send(&page, get("/stil.css", "")).await.status(), StatusCode::OK);
    let r = send(&page, get("/log-ind", "")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = text(r).await;
    for needed in [
        "<label for=\"navn\">",
        "autocomplete=\"username\"",
        "<label for=\"adgangskode\">",
        "type=\"password\"",
        "autocomplete=\"current-password\"",
        "lang=\"da\"",
    ] {
        assert!(html.contains(needed), "{needed}");
    }
    assert!(!html.contains("href=\"/arkiv\""), "no menu of pages one cannot see");
    // The Host check still comes first.
    let r = send(
        &page,
        Request::get("/log-ind").header(header::HOST, "ond.example:8700").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn a_login_needs_its_forms_token_and_makes_a_new_session() {
    let page = page();
    let (cookie, token) = at_login(&page).await;
    let (other_cookie, other_token) = at_login(&page).await;
    assert_ne!(token, other_token);
    for (cookie, body) in [
        ("", login_form(&token, "anna", ANNA)),
        (cookie.as_str(), login_form("", "anna", ANNA)),
        (cookie.as_str(), format!("navn=anna&adgangskode={}", encode(ANNA))),
        (cookie.as_str(), login_form(&other_token, "anna", ANNA)),
        (cookie.as_str(), login_form(&token[..31], "anna", ANNA)),
        (other_cookie.as_str(), login_form(&token, "anna", ANNA)),
    ] {
        let r = send(&page, post("/log-ind", cookie, &body)).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{cookie} {body}");
        assert!(set_cookies(&r).iter().all(|c| !c.starts_with("opfolg=")), "no session");
    }
    // From another site: refused by its Origin before anything else.
    let mut r = post("/log-ind", &cookie, &login_form(&token, "anna", ANNA));
    r.headers_mut().insert(header::ORIGIN, "http://ond.example".parse().unwrap());
    assert_eq!(send(&page, r).await.status(), StatusCode::FORBIDDEN);

    // A browser that comes with a session (Bo's, say, or one an attacker
    // planted) gets a new one; the old one is ended.
    let bo = login(&page, "Bo", BO).await;
    let r =
        send(&page, post("/log-ind", &format!("{cookie}; {bo}"), &login_form(&token, "ANNA", ANNA))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let anna = set_cookies(&r).into_iter().find(|c| c.starts_with("opfolg=")).unwrap();
    assert_ne!(anna, bo);
    assert_ne!(anna.strip_prefix("opfolg="), cookie.strip_prefix("opfolg-login="));
    assert!(set_cookies(&r).contains(&"opfolg-login=".to_string()), "the login form's cookie is ended");
    assert!(session_of(&page, &bo).is_none(), "Bo's session is ended");
    assert_eq!(send(&page, get("/", &bo)).await.status(), StatusCode::SEE_OTHER);
    // The session's user is the account's name as the file spells it.
    assert_eq!(session_of(&page, &anna).unwrap().lock().unwrap().user.as_deref(), Some("anna"));
    let r = send(&page, get("/", &anna)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(text(r).await.contains("href=\"/log-ud\""));
    // A login form is held to a few kilobytes, before anything is checked.
    let (cookie2, token2) = at_login(&page).await;
    let huge = login_form(&token2, "anna", &"x".repeat(login::MAX_FORM));
    let r = send(&page, post("/log-ind", &cookie2, &huge)).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let long = login_form(&token2, "anna", &"x".repeat(accounts::MAX_PASSWORD + 1));
    assert_eq!(send(&page, post("/log-ind", &cookie2, &long)).await.status(), StatusCode::UNAUTHORIZED);
    // The form's token is used up with the login.
    let r = send(&page, post("/log-ind", &cookie, &login_form(&token, "anna", ANNA))).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Logged in, the login page leads to the front page.
    let r = send(&page, get("/log-ind", &anna)).await;
    assert_eq!(r.headers()[header::LOCATION], "/");
}

#[tokio::test]
async fn an_unknown_name_gets_the_same_answer_as_a_wrong_password() {
    let page = page();
    let (cookie, token) = at_login(&page).await;
    let answer = |name: &'static str, password: &'static str| {
        let (cookie, token, page) = (&cookie, &token, &page);
        async move {
            let r = send(page, post("/log-ind", cookie, &login_form(token, name, password))).await;
            let status = r.status();
            assert!(set_cookies(&r).iter().all(|c| !c.starts_with("opfolg=")), "no session");
            (status, text(r).await.replace(name, "NAVN"))
        }
    };
    let wrong = answer("anna", "forkert-kodeord-123").await;
    let unknown = answer("ukendt", "forkert-kodeord-123").await;
    let empty = answer("anna", "").await;
    assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
    assert!(wrong.1.contains("Navnet eller adgangskoden er forkert") && wrong.1.contains("role=\"alert\""));
    assert!(wrong.1.contains("<title>Fejl: Log ind – opfolg</title>"), "{}", wrong.1);
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, empty);
    // Another account's password is no good either.
    assert_eq!(answer("anna", BO).await.0, StatusCode::UNAUTHORIZED);
    // The name typed is shown again, escaped.
    let r = send(&page, post("/log-ind", &cookie, &login_form(&token, "<b>x", "forkert-kodeord-123"))).await;
    let html = text(r).await;
    assert!(html.contains("value=\"&lt;b&gt;x\"") && !html.contains("<b>x"), "{html}");
    assert!(!html.contains("forkert-kodeord-123"), "the password is never shown back");
}

#[tokio::test]
async fn guessing_is_stopped_per_name_and_per_address() {
    let page = page();
    let try_as = |name, password, address| tried(&page, name, password, address);
    for i in 0..login::PER_NAME {
        // From ever new addresses: the count is the name's.
        assert_eq!(
            try_as("anna", "forkert-kodeord-123", [10, 1, 0, i as u8]).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        try_as("anna", ANNA, [10, 1, 1, 1]).await,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right one"
    );
    assert_eq!(try_as("ANNA", ANNA, [10, 1, 1, 2]).await, StatusCode::TOO_MANY_REQUESTS, "in any case");
    // An unknown name is stopped the same way (so the stop tells nothing).
    for i in 0..login::PER_NAME {
        assert_eq!(
            try_as("ukendt", "forkert-kodeord-123", [10, 2, 0, i as u8]).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(try_as("ukendt", "forkert-kodeord-123", [10, 2, 1, 1]).await, StatusCode::TOO_MANY_REQUESTS);
    // Bo is not stopped by anna's count.
    assert_eq!(try_as("Bo", BO, [10, 3, 0, 1]).await, StatusCode::SEE_OTHER);

    // One address trying many names is stopped after its share.
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o"];
    let mut tried = 0;
    'out: for name in names {
        for _ in 0..2 {
            if tried == login::PER_ADDRESS {
                break 'out;
            }
            assert_eq!(try_as(name, "forkert-kodeord-123", [10, 9, 9, 9]).await, StatusCode::UNAUTHORIZED);
            tried += 1;
        }
    }
    assert_eq!(tried, login::PER_ADDRESS);
    assert_eq!(
        try_as("Bo", BO, [10, 9, 9, 9]).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the address is stopped"
    );
    assert_eq!(try_as("Bo", BO, [10, 9, 9, 8]).await, StatusCode::SEE_OTHER, "another address is not");
}

#[tokio::test]
async fn a_name_in_fullwidth_letters_is_the_same_account_and_shares_its_count() {
    let page = page();
    let anna = login(&page, "ａｎｎａ", ANNA).await;
    assert_eq!(
        lock(&session_of(&page, &anna).unwrap()).user.as_deref(),
        Some("anna"),
        "as the file spells it"
    );
    let try_as = |name, password, address| tried(&page, name, password, address);
    // Each spelling is anna's count, not a count of its own.
    for (i, name) in ["ａｎｎａ", "ＡＮＮＡ", "Ａnna", "anna", "aｎｎa"].into_iter().enumerate() {
        assert_eq!(try_as(name, "forkert-kodeord-123", [10, 4, 0, i as u8]).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(try_as("anna", ANNA, [10, 4, 1, 1]).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(try_as("ａｎｎａ", ANNA, [10, 4, 1, 2]).await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_second_session_cookie_set_by_another_site_of_the_domain_is_no_session() {
    let page = page();
    let anna = login(&page, "anna", ANNA).await;
    let bo = login(&page, "Bo", BO).await;
    assert_eq!(send(&page, get("/", &anna)).await.status(), StatusCode::OK);
    // Bo's cookie tossed into Anna's browser (sent first, for a longer
    // path): she must not work, nor archive, as Bo.
    for both in [format!("{bo}; {anna}"), format!("{anna}; {bo}")] {
        let r = send(&page, get("/arkiv", &both)).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{both}");
        assert_eq!(r.headers()[header::LOCATION], "/log-ind");
    }
    let mut two = get("/", &bo);
    two.headers_mut().append(header::COOKIE, anna.parse().unwrap());
    assert_eq!(send(&page, two).await.status(), StatusCode::SEE_OTHER, "in two Cookie headers too");
}

#[tokio::test]
async fn after_logout_the_cookie_is_dead() {
    let page = page();
    let anna = login(&page, "anna", ANNA).await;
    let r = send(&page, get("/log-ud", &anna)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = text(r).await;
    assert!(html.contains("anna"));
    let token = token_in(&html);
    // Without the session's token: refused, still logged in.
    for body in ["", "_csrf=", "_csrf=00000000000000000000000000000000"] {
        assert_eq!(send(&page, post("/log-ud", &anna, body)).await.status(), StatusCode::FORBIDDEN);
    }
    let bo = login(&page, "Bo", BO).await;
    let bo_token = token_in(&text(send(&page, get("/log-ud", &bo)).await).await);
    assert_eq!(
        send(&page, post("/log-ud", &anna, &format!("_csrf={bo_token}"))).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(&page, get("/", &anna)).await.status(), StatusCode::OK);
    let r = send(&page, post("/log-ud", &anna, &format!("_csrf={token}"))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/log-ind?logget-ud");
    assert!(set_cookies(&r).contains(&"opfolg=".to_string()));
    // The login page it leads to says the user is logged out; the plain one does not.
    let left = text(send(&page, get("/log-ind?logget-ud", &anna)).await).await;
    assert!(left.contains("Du er logget ud.") && left.contains("<h1>Log ind</h1>"), "{left}");
    assert!(!text(send(&page, get("/log-ind", &anna)).await).await.contains("Du er logget ud"));
    assert!(session_of(&page, &anna).is_none());
    assert_eq!(send(&page, get("/", &anna)).await.headers()[header::LOCATION], "/log-ind");
    assert_eq!(send(&page, get("/", &bo)).await.status(), StatusCode::OK, "Bo is still logged in");
}

#[tokio::test]
async fn a_removed_account_or_a_new_password_ends_its_sessions() {
    let page = page();
    let anna = login(&page, "anna", ANNA).await;
    let bo = login(&page, "Bo", BO).await;
    let mut list = accounts::read(&page.file).unwrap();
    list[1].hash = hash("bo-har-et-nyt-kodeord").unwrap();
    write(&page.file, &list).unwrap();
    assert_eq!(send(&page, get("/", &bo)).await.status(), StatusCode::SEE_OTHER, "new password");
    assert_eq!(send(&page, get("/", &anna)).await.status(), StatusCode::OK, "anna's is the same");
    let anna_dir = lock(&session_of(&page, &anna).unwrap()).dir.clone();
    assert!(anna_dir.is_dir());
    list.remove(0);
    write(&page.file, &list).unwrap();
    assert_eq!(send(&page, get("/", &anna)).await.status(), StatusCode::SEE_OTHER, "removed");
    assert!(session_of(&page, &anna).is_none() && !anna_dir.exists(), "its session and files are gone");
    let (cookie, token) = at_login(&page).await;
    let r = send(&page, post("/log-ind", &cookie, &login_form(&token, "anna", ANNA))).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "a removed account cannot log in");
    let r = send(&page, post("/log-ind", &cookie, &login_form(&token, "Bo", BO))).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "nor the old password");
    let bo = login(&page, "bo", "bo-har-et-nyt-kodeord").await;
    // A file broken while the server runs lets no one in.
    std::fs::write(&page.file, "ødelagt linje\n").unwrap();
    assert_eq!(send(&page, get("/", &bo)).await.status(), StatusCode::SEE_OTHER);
    let (cookie, token) = at_login(&page).await;
    let r = send(&page, post("/log-ind", &cookie, &login_form(&token, "Bo", "bo-har-et-nyt-kodeord"))).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Tries while it is broken are not counted against the name: once
    // mended, Bo logs in at once.
    for _ in 0..login::PER_NAME {
        let r =
            send(&page, post("/log-ind", &cookie, &login_form(&token, "Bo", "bo-har-et-nyt-kodeord"))).await;
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    write(&page.file, &list).unwrap();
    assert_eq!(send(&page, get("/", &bo)).await.status(), StatusCode::OK, "mended, Bo's session holds again");
    login(&page, "Bo", "bo-har-et-nyt-kodeord").await;
}

#[tokio::test]
async fn an_idle_session_is_logged_out() {
    let page = page();
    let anna = login(&page, "anna", ANNA).await;
    assert_eq!(send(&page, get("/", &anna)).await.status(), StatusCode::OK);
    let Some(long_ago) =
        std::time::Instant::now().checked_sub(session::IDLE + std::time::Duration::from_secs(1))
    else {
        return; // The machine has not run that long; nothing to test.
    };
    session_of(&page, &anna).unwrap().lock().unwrap().login.as_mut().unwrap().last = long_ago;
    assert_eq!(send(&page, get("/", &anna)).await.status(), StatusCode::SEE_OTHER);
    assert!(session_of(&page, &anna).is_none(), "ended, with its workbooks");
    // However much it is used, a session ends after its longest life.
    let bo = login(&page, "Bo", BO).await;
    let Some(morning) =
        std::time::Instant::now().checked_sub(session::MAX_AGE + std::time::Duration::from_secs(1))
    else {
        return;
    };
    session_of(&page, &bo).unwrap().lock().unwrap().login.as_mut().unwrap().since = morning;
    assert_eq!(send(&page, get("/", &bo)).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn another_account_cannot_see_the_first_ones_workbooks() {
    let page = page();
    let anna = login(&page, "anna", ANNA).await;
    let bo = login(&page, "Bo", BO).await;
    let token = token_in(&text(send(&page, get("/", &anna)).await).await);
    let workbook =
        std::fs::read(FsPath::new(env!("CARGO_MANIFEST_DIR")).join("inputs/halvaarsopfoelgning-2008.xlsx"))
            .unwrap();
    let boundary = "----konti-test";
    let mut body = Vec::new();
    write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n")
        .unwrap();
    write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"filer\"; filename=\"h.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .unwrap();
    body.extend_from_slice(&workbook);
    write!(body, "\r\n--{boundary}--\r\n").unwrap();
    let upload = |cookie: &str, body: Vec<u8>| {
        Request::post("/projektmapper")
            .header(header::HOST, HOST)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap()
    };
    // Bo with anna's token: refused.
    assert_eq!(send(&page, upload(&bo, body.clone())).await.status(), StatusCode::FORBIDDEN);
    let r = send(&page, upload(&anna, body)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()[header::LOCATION].to_str().unwrap().to_string();
    assert_eq!(send(&page, get(&at, &anna)).await.status(), StatusCode::OK);
    assert_eq!(send(&page, get(&at, &bo)).await.status(), StatusCode::NOT_FOUND);
    assert!(!text(send(&page, get("/", &bo)).await).await.contains("h.xlsx"));
}

#[tokio::test]
async fn without_accounts_there_is_no_login_page() {
    let root = FsPath::new(env!("CARGO_MANIFEST_DIR"));
    let renderer = Renderer::find(Some(&root.join("report_templates")), Some(&root.join("fonts"))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = Config { archive: dir.path().join("arkiv"), ..Config::new(renderer, 8700) };
    let router = router(App::new(&config).unwrap(), config.max_request);
    let answer = |r: Request<Body>| router.clone().oneshot(r);
    assert_eq!(answer(get("/log-ind", "")).await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(answer(get("/log-ud", "")).await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(answer(post("/log-ind", "", "_csrf=x")).await.unwrap().status(), StatusCode::NOT_FOUND);
    let front = answer(get("/", "")).await.unwrap();
    assert_eq!(front.status(), StatusCode::OK);
    assert!(!text(front).await.contains("/log-ud"), "no logout without accounts");
}

#[tokio::test]
async fn a_head_request_without_login_goes_to_the_login_page_too() {
    let page = page();
    let r = send(&page, Request::head("/").header(header::HOST, HOST).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/log-ind");
}
