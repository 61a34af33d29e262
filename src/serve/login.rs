//! Login and logout with `opfolg serve --konti FIL` (docs/serve.md, "On a
//! network").
//!
//! Every page but the login page and the style sheet needs a logged-in
//! session; the guard sends a browser without one to `/log-ind` (a form
//! sent without one is refused). The login form carries a token of a
//! pre-login cookie of its own (against login CSRF); a login makes a new
//! session id (against session fixation) whose `user` is the account's
//! name. A wrong password and an unknown name get the same answer after
//! the same work (an unknown name is checked against a hash of no
//! account's); attempts are counted per name and per client address.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tokio::sync::Semaphore;

use super::accounts::{self, Store, Throttle};
use super::session::{self, Login, Session};
use super::{App, COOKIE, lock};
use crate::format::visible;

/// The pre-login cookie: its value names the token the login form carries.
const LOGIN_COOKIE: &str = "opfolg-login";
/// How long a login page's form may be sent.
const FORM_LIFE: Duration = Duration::from_secs(60 * 60);
/// The most login forms kept at once (the oldest are forgotten first).
const MAX_FORMS: usize = 1000;
/// Attempts per name in [`WINDOW`], wrong or right.
pub const PER_NAME: u32 = 5;
/// Failed attempts per client address in [`WINDOW`].
pub const PER_ADDRESS: u32 = 30;
/// The window attempts are counted in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The largest login form read, in bytes.
pub const MAX_FORM: usize = 16 * 1024;
/// Logins that may wait for their turn to be checked; more get 503.
const WAITING: usize = 16;

/// The accounts' side of the server: the file, the login forms handed
/// out, the counts of attempts, and the turns of checking a password.
pub struct Gate {
    store: Arc<Store>,
    forms: Mutex<HashMap<String, (String, Instant)>>,
    by_name: Throttle,
    by_address: Throttle,
    /// Passwords checked at once: half the cores (at least one), so a
    /// flood of logins leaves the others to the work.
    verifying: Semaphore,
    waiting: Arc<Semaphore>,
    /// A hash of no account's, checked against when the name is unknown.
    dummy: String,
}

impl Gate {
    /// The gate of the accounts in `store`.
    pub fn new(store: Arc<Store>) -> std::io::Result<Gate> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let dummy = accounts::hash(&session::random_token()).map_err(std::io::Error::other)?;
        Ok(Gate {
            store,
            forms: Mutex::new(HashMap::new()),
            by_name: Throttle::new(PER_NAME, WINDOW),
            by_address: Throttle::new(PER_ADDRESS, WINDOW),
            verifying: Semaphore::new((cores / 2).max(1)),
            waiting: Arc::new(Semaphore::new(WAITING)),
            dummy,
        })
    }

    /// True when the session is logged in to an account that still has
    /// the password it logged in with, and is not idle or too old; it then
    /// counts as used.
    pub fn holds(&self, s: &mut Session) -> bool {
        let Session { user, login, .. } = s;
        let (Some(user), Some(login)) = (user.as_deref(), login.as_mut()) else { return false };
        let Some(list) = self.store.current() else { return false };
        accounts::find(&list, user).is_some_and(|a| a.name == user && login.holds(&a.hash))
    }

    /// True when the accounts file can be read now.
    pub fn readable(&self) -> bool {
        self.store.current().is_some()
    }

    /// The token of the browser's login form, a new one (with its cookie)
    /// when it has none that is still good.
    fn form(&self, headers: &HeaderMap) -> (String, Option<String>) {
        let now = Instant::now();
        let mut forms = self.forms.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = cookie_named(headers, LOGIN_COOKIE)
            && let Some((token, made)) = forms.get(&id)
            && now.duration_since(*made) < FORM_LIFE
        {
            return (token.clone(), None);
        }
        if forms.len() >= MAX_FORMS {
            forms.retain(|_, (_, made)| now.duration_since(*made) < FORM_LIFE);
        }
        while forms.len() >= MAX_FORMS {
            let Some(oldest) = forms.iter().min_by_key(|(_, (_, m))| *m).map(|(k, _)| k.clone()) else {
                break;
            };
            forms.remove(&oldest);
        }
        let (id, token) = (session::random_token(), session::random_token());
        forms.insert(id.clone(), (token.clone(), now));
        (token, Some(id))
    }

    /// True when `token` is the one of the browser's login form.
    fn form_sent(&self, headers: &HeaderMap, token: &str) -> bool {
        let forms = self.forms.lock().unwrap_or_else(|e| e.into_inner());
        cookie_named(headers, LOGIN_COOKIE)
            .and_then(|id| forms.get(&id).cloned())
            .is_some_and(|(t, made)| made.elapsed() < FORM_LIFE && session::same_token(&t, token))
    }
}

/// The client address attempts are counted by: an IPv4 address, or the
/// /64 network of an IPv6 address (one machine commonly has a whole /64).
fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = a.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The value of the cookie `name` the browser sent, if it sent one; none
/// when it sent two. Only another site of the same domain can have set the
/// second one (cookie tossing: `Domain=kommune.dk`, a longer `Path`), and
/// the browser would send it first, so the user would work in, and archive
/// as, the session of whoever set it.
pub(super) fn cookie_named(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string());
    let first = values.next()?;
    values.next().is_none().then_some(first)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, and Secure when the
/// page is reached through HTTPS (`--https`); `None` as value ends it.
pub(super) fn set_cookie(app: &App, name: &str, path: &str, value: Option<&str>) -> HeaderValue {
    let secure = if app.https { "; Secure" } else { "" };
    let text = match value {
        Some(v) => format!("{name}={v}; Path={path}; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{name}=; Path={path}; Max-Age=0; HttpOnly; SameSite=Strict{secure}"),
    };
    // Our own names and hex ids: always a valid header value.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("opfolg-fejl=1"))
}

/// The query of the login page after logging out: the page says the user is logged out.
const LEFT: &str = "logget-ud";

/// The addresses anyone may ask for without logging in.
pub(super) fn open(path: &str) -> bool {
    matches!(path, "/log-ind" | "/stil.css")
}

/// The answer to a request without a logged-in session: to the login page
/// (a page), or refused (a form).
pub(super) fn required(app: &App, safe: bool) -> Response {
    if safe {
        Redirect::to("/log-ind").into_response()
    } else {
        app.error(
            StatusCode::FORBIDDEN,
            "Log ind først",
            "Du er ikke logget ind, eller du er logget ud, fordi siden ikke er brugt i et stykke tid. Log ind, og prøv igen.",
        )
    }
}

/// The login page, with an error when one is given.
fn login_page(
    app: &App,
    headers: &HeaderMap,
    status: StatusCode,
    name: &str,
    error: Option<&str>,
    left: bool,
) -> Response {
    let Some(gate) = &app.gate else { return super::not_found_page(app) };
    let (csrf, new) = gate.form(headers);
    let mut r = app.page("log-ind.html", minijinja::context! { csrf, name, error, left, anonym => true });
    *r.status_mut() = status;
    if let Some(id) = new {
        r.headers_mut().append(header::SET_COOKIE, set_cookie(app, LOGIN_COOKIE, "/log-ind", Some(&id)));
    }
    r
}

/// `GET /log-ind`: the login form; a browser logged in already goes to the front page.
/// After logging out (`?logget-ud`) the form says so, so the user knows it worked.
pub(super) async fn page(State(app): State<Arc<App>>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    if app.gate.is_some() && super::find_session(&app, &headers).is_some() {
        return Redirect::to("/").into_response();
    }
    login_page(&app, &headers, StatusCode::OK, "", None, uri.query() == Some(LEFT))
}

#[cfg(test)]
#[test]
fn addresses_are_counted_by_machine() {
    let key = |s: &str| address_key(s.parse().unwrap());
    assert_eq!(key("10.0.0.1"), "10.0.0.1");
    assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
    assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    assert_eq!(key("::ffff:10.0.0.1"), "10.0.0.1");
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    navn: String,
    #[serde(default)]
    adgangskode: String,
}

/// `POST /log-ind`: checks the name and password; on success a new session.
pub(super) async fn submit(State(app): State<Arc<App>>, request: Request) -> Response {
    let Some(gate) = &app.gate else { return super::not_found_page(&app) };
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let headers = request.headers().clone();
    let form = match axum::extract::Form::<LoginForm>::from_request(request, &()).await {
        Ok(axum::extract::Form(f)) => f,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return app.error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Formularen er for stor",
                "Skriv navn og adgangskode, og prøv igen.",
            );
        }
        Err(_) => LoginForm { csrf: String::new(), navn: String::new(), adgangskode: String::new() },
    };
    let name = form.navn.trim();
    let shown_name: String = name.chars().take(accounts::MAX_NAME).collect();
    let again = |status, error| login_page(&app, &headers, status, &shown_name, Some(error), false);
    if !gate.form_sent(&headers, &form.csrf) {
        return again(
            StatusCode::FORBIDDEN,
            "Siden var for gammel, eller formularen kom ikke fra denne side. Prøv igen.",
        );
    }
    let address = peer.map_or_else(|| "ukendt".to_string(), address_key);
    let key: String = accounts::folded(name).chars().take(accounts::MAX_NAME + 1).collect();
    let too_many = "Der er prøvet for mange gange. Vent et kvarter, og prøv igen.";
    if !gate.by_address.attempt(&address) {
        eprintln!("log ind: for mange forsøg fra {address}; afvist");
        return again(StatusCode::TOO_MANY_REQUESTS, too_many);
    }
    if !gate.by_name.attempt(&key) {
        eprintln!("log ind: for mange forsøg på ét navn, senest fra {address}; afvist");
        return again(StatusCode::TOO_MANY_REQUESTS, too_many);
    }
    let Ok(_waiting) = gate.waiting.clone().try_acquire_owned() else {
        gate.by_address.undo(&address);
        gate.by_name.undo(&key);
        return again(StatusCode::SERVICE_UNAVAILABLE, "Mange logger ind lige nu. Prøv igen om lidt.");
    };
    let Some(list) = gate.store.current() else {
        // No password was checked: the try is not counted against anyone.
        gate.by_address.undo(&address);
        gate.by_name.undo(&key);
        return again(
            StatusCode::SERVICE_UNAVAILABLE,
            "Der kan ikke logges ind lige nu, fordi kontofilen ikke kan læses. Sig det til den, der driver opfolg.",
        );
    };
    let account = accounts::find(&list, name).cloned();
    // An unknown name costs the same check as a known one.
    let hash = account.as_ref().map_or_else(|| gate.dummy.clone(), |a| a.hash.clone());
    let password = form.adgangskode;
    let Ok(_turn) = gate.verifying.acquire().await else {
        return again(StatusCode::SERVICE_UNAVAILABLE, "Serveren stopper.");
    };
    let right =
        tokio::task::spawn_blocking(move || accounts::verify(&hash, &password)).await.unwrap_or(false);
    // The server's log names known accounts only: a name that is none may
    // be a password typed in the wrong field.
    let account = match account {
        Some(a) if right => a,
        other => {
            match other {
                Some(a) => eprintln!("log ind: forkert adgangskode til «{}» fra {address}", visible(&a.name)),
                None => eprintln!("log ind: ukendt navn fra {address}"),
            }
            return again(StatusCode::UNAUTHORIZED, "Navnet eller adgangskoden er forkert.");
        }
    };
    eprintln!("log ind: «{}» fra {address}", visible(&account.name));
    gate.by_name.forget(&key);
    gate.by_address.undo(&address);
    if let Some(id) = cookie_named(&headers, LOGIN_COOKIE) {
        gate.forms.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
    // A new session, never the one the browser came with (no fixation);
    // a session it had is ended.
    if let Some(old) = super::cookie(&headers) {
        app.sessions.remove(&old);
    }
    let (id, s) = match app.sessions.create() {
        Ok(r) => r,
        Err(e) => {
            return app.error(StatusCode::INTERNAL_SERVER_ERROR, "Serveren kan ikke gemme", &e.to_string());
        }
    };
    {
        let mut g = lock(&s);
        let now = Instant::now();
        g.user = Some(account.name.clone());
        g.login = Some(Login { hash: account.hash.clone(), since: now, last: now });
    }
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(header::SET_COOKIE, set_cookie(&app, COOKIE, "/", Some(&id)));
    r.headers_mut().append(header::SET_COOKIE, set_cookie(&app, LOGIN_COOKIE, "/log-ind", None));
    r
}

/// `GET /log-ud`: who is logged in, and the button to log out.
pub(super) async fn leave_page(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(s) = app.gate.as_ref().and_then(|_| super::find_session(&app, &headers)) else {
        return super::not_found_page(&app);
    };
    let (csrf, user) = {
        let g = lock(&s);
        (g.csrf.clone(), g.user.clone().map(|u| super::shown(&u)))
    };
    app.page("log-ud.html", minijinja::context! { csrf, user })
}

#[derive(Deserialize)]
pub(super) struct LeaveForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /log-ud`: ends the session, with its workbooks.
pub(super) async fn leave(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<LeaveForm>,
) -> Response {
    if app.gate.is_none() {
        return super::not_found_page(&app);
    }
    if let Err(r) = super::session_with_token(&app, &headers, &form.csrf) {
        return r;
    }
    if let Some(id) = super::cookie(&headers) {
        app.sessions.remove(&id);
    }
    let mut r = Redirect::to(&format!("/log-ind?{LEFT}")).into_response();
    r.headers_mut().append(header::SET_COOKIE, set_cookie(&app, COOKIE, "/", None));
    r
}
