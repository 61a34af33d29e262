//! Watching: rebuild a workbook's documents whenever it is saved.
//!
//! Excel and LibreOffice save by writing a temporary file and renaming it
//! over the workbook, so the folder is watched, not the file, and any event
//! that ends with the workbook's name counts. Events are debounced: a save
//! gives several events in a few milliseconds and one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_mini::{DebounceEventResult, new_debouncer, notify::RecursiveMode};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::diff::{self, Change};
use crate::render::{Formats, Renderer};
use crate::{Built, Request};

/// How long a save's events are gathered before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// What happened after a save.
#[derive(Debug)]
pub enum WatchEvent {
    /// The documents were made again.
    Built {
        /// What changed since the last version that built.
        changes: Vec<Change>,
        /// What was made.
        built: Built,
        /// From noticing the save to the files written.
        took: Duration,
    },
    /// The saved workbook cannot be made; the previous documents stay.
    Failed(Diagnostics),
}

/// Builds `workbook` now and again after every save, until `on_event`
/// returns false (or for ever). Errors only when the folder cannot be watched.
pub fn watch(
    workbook: &Path,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
    mut on_event: impl FnMut(WatchEvent) -> bool,
) -> Result<(), Diagnostic> {
    let fail = |e: &dyn std::fmt::Display| {
        Diagnostic::error("OF0603", format!("mappen kan ikke overvåges: {e}")).at(Location {
            file: workbook.display().to_string(),
            sheet: None,
            cell: None,
            line: None,
        })
    };
    let name = workbook.file_name().map(|n| n.to_os_string()).ok_or_else(|| fail(&"intet filnavn"))?;
    let dir: PathBuf = match workbook.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, move |r| {
        let _ = tx.send(r);
    })
    .map_err(|e| fail(&e))?;
    debouncer.watcher().watch(&dir, RecursiveMode::NonRecursive).map_err(|e| fail(&e))?;

    // Reading the workbook is itself an event on it; only a new
    // modification time or size is a save.
    let stamp = || std::fs::metadata(workbook).ok().map(|m| (m.modified().ok(), m.len()));
    let mut last = stamp();
    let mut previous = None;
    let request = Request { formats, ..Request::new(vec![workbook.to_path_buf()], out) };
    let mut rebuild = |previous: &mut Option<crate::assess::FollowUp>| -> bool {
        let start = Instant::now();
        let event = match crate::build_workbook(&request, workbook, renderer, &|_| {}) {
            Ok((built, followup)) => {
                let changes = previous.as_ref().map(|p| diff::diff(p, &followup)).unwrap_or_default();
                *previous = Some(followup);
                WatchEvent::Built { changes, built, took: start.elapsed() }
            }
            Err(d) => WatchEvent::Failed(d),
        };
        on_event(event)
    };
    if !rebuild(&mut previous) {
        return Ok(());
    }
    for result in rx {
        let Ok(events) = result else { continue };
        // A save shows as events on the workbook's own name (written, or
        // renamed onto); the temporary files beside it do not count.
        if !events.iter().any(|e| e.path.file_name() == Some(name.as_os_str())) {
            continue;
        }
        let now = stamp();
        if now.is_none() || now == last {
            continue;
        }
        last = now;
        if !rebuild(&mut previous) {
            break;
        }
    }
    Ok(())
}
