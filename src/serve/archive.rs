//! The archive on the page: list and search the records, show one with its
//! signatures as the archive states them, add a PDF (signatures checked as
//! `opfolg archive add` checks them), verify, and download the BagIt export.
//!
//! The archive is the team's, not a session's: every browser sees the same
//! records. Adding is a form with its session's token like every other.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::{App, lock, read_files, session_or_new, with_cookie};
use crate::archive::{AddedBy, Archive, CATALOGUE, Record, signature};
use crate::diagnostics::Diagnostic;

/// The catalogue's time of archiving (`2026-12-02T05:23:42Z`, UTC) as the
/// list shows it: date, hours and minutes, and the zone said in words a
/// reader knows (`2026-12-02 05:23 UTC`). Anything else is shown as it is.
fn when(at: &str) -> String {
    let b = at.as_bytes();
    let shaped = b.len() == 20
        && b[10] == b'T'
        && b[19] == b'Z'
        && b.iter().enumerate().all(|(i, c)| matches!(i, 4 | 7 | 10 | 13 | 16 | 19) || c.is_ascii_digit());
    if shaped { format!("{} {} UTC", &at[..10], &at[11..16]) } else { super::shown(at) }
}

#[test]
fn the_time_of_archiving_is_shown_as_a_reader_knows_it() {
    assert_eq!(when("2026-12-02T05:23:42Z"), "2026-12-02 05:23 UTC");
    // Not the catalogue's shape: as it is (made printable), never cut.
    assert_eq!(when("2026-12-02 05:23"), "2026-12-02 05:23");
    assert_eq!(when("2026-12-02T05:23:42+01"), "2026-12-02T05:23:42+01");
    assert_eq!(when("2026-12-02TXX:23:42Z"), "2026-12-02TXX:23:42Z");
    assert_eq!(when("ææ"), "ææ");
}

/// A page saying what went wrong in the archive, with the way back to the
/// archive (where the user was) rather than to the front page.
fn refused(app: &App, status: StatusCode, title: &str, text: &str) -> Response {
    let mut r = app.page("fejl.html", minijinja::context! { title, text, to_archive => true });
    *r.status_mut() = status;
    r
}

/// What a problem of the archive says on the page: no server paths.
fn said(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(found) = &d.found {
        text.push_str(&format!(": {found}"));
    }
    if let Some(hint) = &d.hint {
        text.push_str(&format!(". {hint}"));
    }
    text
}

fn failed(app: &App, d: &Diagnostic) -> Response {
    refused(app, StatusCode::INTERNAL_SERVER_ERROR, "Arkivet kan ikke læses", &said(d))
}

/// Runs `f` on the archive opened for reading; `None` when there is no
/// archive yet.
async fn reading<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&Archive) -> Result<T, Diagnostic> + Send + 'static,
) -> Result<Option<T>, Diagnostic> {
    let dir = app.archive.clone();
    let done = tokio::task::spawn_blocking(move || {
        if !dir.join(CATALOGUE).exists() {
            return Ok(None);
        }
        let archive = Archive::open_read_only(&dir)?;
        f(&archive).map(Some)
    })
    .await;
    done.unwrap_or_else(|e| Err(Diagnostic::error("OF0701", "arkivet kan ikke læses").found(e.to_string())))
}

#[derive(Deserialize, Default)]
pub(super) struct Search {
    q: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    kind: String,
    unit: Option<String>,
    period: String,
    version: i64,
    signed: String,
    archived_at: String,
    added_by: String,
}

/// True when the record's title, kind, unit, period, case number, file
/// name, signers or who added it hold every word of the search.
fn matches(r: &Record, words: &[String]) -> bool {
    let p = &r.provenance;
    let text = [
        p.title.as_str(),
        &p.kind,
        p.unit.as_deref().unwrap_or(""),
        &p.period,
        p.case_number.as_deref().unwrap_or(""),
        &r.file,
        &r.added_from,
        &signature::list_summary(&r.signatures),
        &r.added_by.as_ref().map(AddedBy::said).unwrap_or_default(),
    ]
    .join(" ")
    .to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

/// The records, newest first, those matching the search.
pub(super) async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<Search>,
) -> Response {
    let (s, cookie) = match session_or_new(&app, &headers) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let csrf = lock(&s).csrf.clone();
    let found = reading(&app, |a| {
        let check = a.check_catalogue()?;
        Ok((check.records, check.problems))
    })
    .await;
    let (records, problems) = match found {
        Ok(Some(r)) => r,
        Ok(None) => (Vec::new(), Vec::new()),
        Err(d) => return failed(&app, &d),
    };
    let query = q.q.unwrap_or_default();
    let words: Vec<String> = query.to_lowercase().split_whitespace().map(String::from).collect();
    let total = records.len();
    let rows: Vec<Row> = records
        .iter()
        .rev()
        .filter(|r| matches(r, &words))
        .map(|r| Row {
            id: r.id,
            title: super::shown(&r.provenance.title),
            kind: super::shown(&r.provenance.kind),
            unit: r.provenance.unit.as_deref().map(super::shown),
            period: super::shown(&r.provenance.period),
            version: r.version,
            signed: super::shown(
                signature::list_summary(&r.signatures).trim_start_matches(", underskrevet af "),
            ),
            archived_at: when(&r.archived_at),
            added_by: super::shown(
                &r.added_by.as_ref().map_or_else(|| "ikke registreret".to_string(), AddedBy::short),
            ),
        })
        .collect();
    let page = app
        .page("arkiv.html", minijinja::context! { csrf, rows => super::ser(rows), total, query, problems });
    with_cookie(page, cookie)
}

fn parse_record(text: &str) -> Option<i64> {
    super::parse_id(text).map(i64::from)
}

/// One record with everything the catalogue says of it.
pub(super) async fn show(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let missing = |app: &App| {
        refused(app, StatusCode::NOT_FOUND, "Posten findes ikke", "Arkivet har ingen post med det nummer.")
    };
    let Some(id) = parse_record(&id) else { return missing(&app) };
    let found = reading(&app, move |a| {
        let record = a.show(id)?;
        let later = a.replaced_by(id)?;
        let problems = a.check_catalogue()?.problems;
        let kept = matches!(a.sources(id), Ok(Some(_)));
        Ok((record, later, problems, kept))
    })
    .await;
    let (r, later, problems, kept) = match found {
        Ok(Some((Some(r), later, problems, kept))) => (r, later, problems, kept),
        Ok(_) => return missing(&app),
        Err(d) => return failed(&app, &d),
    };
    // The time as the list shows it (`2026-12-02 05:23 UTC`), not the catalogue's form.
    let archived = format!("{} fra {}", when(&r.archived_at), super::shown(&r.added_from));
    let fields: Vec<_> = r
        .show_fields(later, kept)
        .into_iter()
        .map(|(l, v)| (l, if l == "Arkiveret" { archived.clone() } else { super::shown(&v) }))
        .collect();
    let signatures: Vec<_> =
        signature::show_lines(&r.signatures).into_iter().map(|(l, v)| (l, super::shown(&v))).collect();
    app.page(
        "arkivpost.html",
        minijinja::context! { id => r.id, title => super::shown(&r.provenance.title), fields, signatures, problems },
    )
}

/// Archives the PDFs of the form, each as `opfolg archive add` does.
pub(super) async fn add(State(app): State<Arc<App>>, headers: HeaderMap, form: Multipart) -> Response {
    let (s, files, _turn) = match read_files(&app, &headers, form, "pdf").await {
        Ok(r) => r,
        Err(r) => return r,
    };
    if files.is_empty() {
        return refused(&app, StatusCode::BAD_REQUEST, "Vælg en PDF", "Vælg den PDF, der skal arkiveres.");
    }
    // A paper carries no workbook; the archive keeps it beside the record,
    // so it is looked for among the workbooks dropped in this session (by
    // the SHA-256 the paper's metadata names).
    let workbooks: Vec<std::path::PathBuf> = lock(&s).workbooks.iter().map(|u| u.path.clone()).collect();
    // The user the session belongs to (the page's login or the proxy's
    // header); without login, the server's own account alone.
    let by = crate::archive::AddedBy::serve(lock(&s).user.clone());
    let mut added = Vec::new();
    for (given, bytes) in files {
        let name = super::upload_name(&given, &["pdf"]);
        let reserved = lock(&s).reserve(&name);
        let (_, path) = match reserved {
            Ok(r) => r,
            Err(e) => {
                return refused(
                    &app,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Filen kan ikke gemmes",
                    &e.to_string(),
                );
            }
        };
        let dir = app.archive.clone();
        let workbooks = workbooks.clone();
        let by = by.clone();
        let Ok(_permit) = app.builds.acquire().await else {
            return refused(&app, StatusCode::SERVICE_UNAVAILABLE, "Serveren stopper", "");
        };
        let result = tokio::task::spawn_blocking(move || {
            let r = std::fs::write(&path, &bytes)
                .map_err(|e| Diagnostic::error("OF0702", "filen kan ikke gemmes").found(e.to_string()))
                .and_then(|()| Archive::open(&dir)?.add_with_workbooks(&path, &workbooks, &by));
            if let Some(folder) = path.parent() {
                let _ = std::fs::remove_dir_all(folder);
            }
            r
        })
        .await;
        match result {
            Ok(Ok(r)) => added.push(r.id),
            Ok(Err(d)) if d.code == "OF0714" => {
                let text = format!(
                    "{name}: arkivet gemmer projektmappen, dokumentet er lavet af, ved posten. Læg projektmappen på siden først (under «Projektmapper»), og arkivér så PDF'en"
                );
                return refused(&app, StatusCode::UNPROCESSABLE_ENTITY, "PDF'en er ikke arkiveret", &text);
            }
            Ok(Err(d)) => {
                let text = format!("{name}: {}", said(&d));
                return refused(&app, StatusCode::UNPROCESSABLE_ENTITY, "PDF'en er ikke arkiveret", &text);
            }
            Err(e) => {
                return refused(
                    &app,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Arkiveringen stoppede",
                    &e.to_string(),
                );
            }
        }
    }
    match added.as_slice() {
        [one] => Redirect::to(&format!("/arkiv/{one}")).into_response(),
        _ => Redirect::to("/arkiv").into_response(),
    }
}

/// Checks every archived file and the catalogue's chain, as `opfolg archive verify`.
pub(super) async fn verify(State(app): State<Arc<App>>) -> Response {
    match reading(&app, |a| a.verify()).await {
        Ok(Some(v)) => {
            let ok = v.problems.is_empty();
            let mut r = app.page(
                "arkivkontrol.html",
                minijinja::context! { ok, checked => v.checked, problems => v.problems, notes => v.notes, head => v.head.1, records => v.head.0 },
            );
            if !ok {
                *r.status_mut() = StatusCode::CONFLICT;
            }
            r
        }
        Ok(None) => {
            refused(&app, StatusCode::NOT_FOUND, "Arkivet er tomt", "Der er intet at kontrollere endnu.")
        }
        Err(d) => failed(&app, &d),
    }
}

/// The whole archive as a BagIt bag, zipped.
pub(super) async fn export(State(app): State<Arc<App>>) -> Response {
    let made = reading(&app, |a| {
        let fail =
            |e: std::io::Error| Diagnostic::error("OF0707", "pakken kan ikke skrives").found(e.to_string());
        let tmp = tempfile::tempdir().map_err(fail)?;
        let bag = tmp.path().join("arkiv");
        crate::archive::bag::export(a, &bag, &[])?;
        let mut files = Vec::new();
        walk(&bag, "arkiv", &mut files).map_err(fail)?;
        super::zip_files(&files)
            .map_err(|e| Diagnostic::error("OF0707", "pakken kan ikke skrives").found(e.to_string()))
    })
    .await;
    match made {
        Ok(Some(bytes)) => super::download(bytes, "arkiv-bagit.zip"),
        Ok(None) => {
            refused(&app, StatusCode::NOT_FOUND, "Arkivet er tomt", "Der er intet at aflevere endnu.")
        }
        Err(d) => failed(&app, &d),
    }
}

/// Every file under `dir`, named by its path under `prefix` with `/`.
fn walk(dir: &FsPath, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = format!("{prefix}/{}", e.file_name().to_string_lossy());
        if e.file_type()?.is_dir() {
            walk(&e.path(), &name, out)?;
        } else {
            out.push((name, e.path()));
        }
    }
    Ok(())
}
