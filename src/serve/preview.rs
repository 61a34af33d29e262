//! The preview: pages drawn from the very pages each PDF was written from.
//!
//! A build keeps the laid-out document of every PDF it makes
//! ([`crate::build_with_pages`]); the server keeps those of the latest
//! builds, a bounded number of documents in all ([`MAX_KEPT`]), and draws
//! the preview's pages from them. Nothing is laid out a second time: a
//! document no longer kept has no preview, and the page says to make the
//! documents again.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use typst_layout::PagedDocument;

use super::{App, gone, lock, parse_id, session_known};

/// The most laid-out documents the server keeps, over all sessions: the
/// oldest builds' are dropped first. A build of more documents keeps its
/// first ones.
pub const MAX_KEPT: usize = 100;

/// Builds kept, oldest first: each one's number and documents.
type Builds<T> = VecDeque<(u64, Vec<Arc<T>>)>;

/// The laid-out documents of the latest builds, each build's under a
/// number of its own (an upload names the number of its latest build).
#[derive(Debug)]
pub struct Kept<T> {
    // The next number, and the builds kept, oldest first.
    builds: Mutex<(u64, Builds<T>)>,
    max: usize,
}

impl<T> Kept<T> {
    /// Keeps at most `max` documents in all.
    pub fn new(max: usize) -> Kept<T> {
        Kept { builds: Mutex::new((0, VecDeque::new())), max }
    }

    /// Keeps a build's documents (at most the bound's number of them),
    /// dropping the oldest builds' to stay within the bound; the build's number.
    pub fn keep(&self, mut documents: Vec<Arc<T>>) -> u64 {
        documents.truncate(self.max);
        let mut guard = self.builds.lock().unwrap_or_else(|e| e.into_inner());
        let (next, builds) = &mut *guard;
        *next += 1;
        let mut total: usize = builds.iter().map(|(_, d)| d.len()).sum::<usize>() + documents.len();
        while total > self.max {
            let Some((_, old)) = builds.pop_front() else { break };
            total -= old.len();
        }
        builds.push_back((*next, documents));
        *next
    }

    /// Document `i` of build `key`, while it is kept.
    pub fn document(&self, key: u64, i: usize) -> Option<Arc<T>> {
        let guard = self.builds.lock().unwrap_or_else(|e| e.into_inner());
        guard.1.iter().find(|(k, _)| *k == key).and_then(|(_, d)| d.get(i).cloned())
    }

    /// Drops build `key`'s documents (its upload is made again).
    pub fn forget(&self, key: u64) {
        let mut guard = self.builds.lock().unwrap_or_else(|e| e.into_inner());
        guard.1.retain(|(k, _)| *k != key);
    }

    /// How many documents are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        let guard = self.builds.lock().unwrap_or_else(|e| e.into_inner());
        guard.1.iter().map(|(_, d)| d.len()).sum()
    }

    /// True when none is kept.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The laid-out document `show` of an upload's latest build, while kept.
pub(crate) fn kept_document(app: &App, key: Option<u64>, show: usize) -> Option<Arc<PagedDocument>> {
    key.and_then(|k| app.previews.document(k, show))
}

/// One page of the preview, as PNG, drawn from the pages the PDF was
/// written from.
pub(crate) async fn page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, doc, page)): Path<(String, String, String)>,
) -> Response {
    let s = match session_known(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (Some(id), Some(doc), Some(page)) = (parse_id(&id), parse_id(&doc), parse_id(&page)) else {
        return gone(&app);
    };
    let key = lock(&s).upload(id).and_then(|u| u.preview);
    let Some(pages) = kept_document(&app, key, doc as usize) else { return gone(&app) };
    let page = page as usize;
    if page == 0 || page > pages.pages().len() {
        return gone(&app);
    }
    let Ok(_turn) = app.drawing.acquire().await else { return gone(&app) };
    let png = tokio::task::spawn_blocking(move || {
        let options = typst_render::RenderOptions { pixel_per_pt: 1.5_f64.into(), ..Default::default() };
        typst_render::render(&pages.pages()[page - 1], &options).encode_png().ok()
    })
    .await;
    match png {
        Ok(Some(bytes)) => ([(header::CONTENT_TYPE, "image/png")], bytes).into_response(),
        _ => app.error(StatusCode::INTERNAL_SERVER_ERROR, "Siden kan ikke vises", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_kept_stay_within_the_bound_oldest_builds_dropped_first() {
        let kept = Kept::new(5);
        let docs = |n: u32| (0..n).map(Arc::new).collect::<Vec<_>>();
        let a = kept.keep(docs(2));
        let b = kept.keep(docs(2));
        assert_eq!(kept.len(), 4);
        let c = kept.keep(docs(3));
        assert_eq!(kept.len(), 5, "a's two are dropped to make room for c's three");
        assert!(kept.document(a, 0).is_none() && kept.document(b, 1).is_some());
        assert_eq!(kept.document(c, 2).as_deref(), Some(&2));
        assert!(kept.document(c, 3).is_none(), "no document past the build's");
        // A build larger than the bound keeps its first documents, alone.
        let d = kept.keep(docs(9));
        assert_eq!(kept.len(), 5);
        assert!(kept.document(d, 4).is_some() && kept.document(d, 5).is_none());
        assert!(kept.document(c, 0).is_none() && kept.document(b, 0).is_none());
        kept.forget(d);
        assert!(kept.is_empty() && kept.document(d, 0).is_none());
        // Numbers are never given twice: a forgotten build's is not reused.
        assert!(kept.keep(docs(1)) > d);
    }
}
