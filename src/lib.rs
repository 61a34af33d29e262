//! opfolg: the follow-up on performance contracts (resultatkontrakter), from
//! an Excel workbook to a committee paper.
//!
//! The pipeline, one module per stage, each handing a type to the next:
//!
//! 1. [`read`]: the workbook file into sheets of typed cells ([`read::Workbook`]).
//! 2. [`normalise`]: the sheets into a validated [`model::Report`], with every
//!    problem named by file, sheet and cell ([`diagnostics`]).
//! 3. [`assess`]: differences and traffic lights ([`assess::FollowUp`]).
//! 4. [`render`]: a view of the follow-up fills a Typst template, which is
//!    compiled in process to PDF bytes, and to HTML that becomes the DOCX.
//! 5. [`write`]: the bytes onto disk, atomically.
//!
//! [`format`] holds the Danish number and date formats all stages print with;
//! [`diff`] says what changed between two versions of a workbook; [`init`]
//! writes a blank workbook to start from; [`watch`] rebuilds on every save.

#![warn(missing_docs)]

pub mod agree;
pub mod archive;
pub mod assess;
pub mod diagnostics;
pub mod diff;
pub mod format;
pub mod init;
pub mod model;
pub mod normalise;
pub mod read;
pub mod render;
pub mod watch;
pub mod write;

use std::path::{Path, PathBuf};

use assess::FollowUp;
use diagnostics::Diagnostics;
use render::{Formats, Renderer};

/// Reads, normalises and assesses a workbook. Warnings come beside the
/// result, and so do errors that stop only one unit's contract (see
/// [`Diagnostics::unit_errors`]).
pub fn load(workbook: &Path) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    load_bytes(&workbook.display().to_string(), read::read_file(workbook)?)
}

/// As [`load`], and every text the documents show is checked against the
/// renderer's fonts, cell by cell, as `build` checks it: what `check` finds
/// with this is what `build` refuses.
pub fn load_for(workbook: &Path, renderer: &Renderer) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    load_bytes_for(&workbook.display().to_string(), read::read_file(workbook)?, Some(renderer))
}

/// As [`load`], for a workbook's bytes; `file` is the name messages use.
pub fn load_bytes(file: &str, bytes: Vec<u8>) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    load_bytes_for(file, bytes, None)
}

/// As [`load_bytes`]; with a renderer, its fonts are checked as in [`load_for`].
pub fn load_bytes_for(
    file: &str,
    bytes: Vec<u8>,
    renderer: Option<&Renderer>,
) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    let book = read::read_workbook_bytes(file, bytes, &read::LIMITS)?;
    let covers = renderer.map(|r| move |c: char| r.covers(c));
    let (report, diagnostics) =
        normalise::normalise_with(&book, covers.as_ref().map(|f| f as &dyn Fn(char) -> bool))?;
    Ok((assess::assess(report), diagnostics))
}

/// Loads a workbook for [`agree::disagreements`]: what it says and where
/// its targets are; `None` when it cannot be loaded (its own check says why).
pub fn load_paper(workbook: &Path) -> Option<agree::Paper> {
    let book = read::read_workbook(workbook).ok()?;
    let (report, _) = normalise::normalise(&book).ok()?;
    Some(agree::Paper { followup: assess::assess(report), cells: normalise::target_cells(&book) })
}

/// Runs `f` on opfolg's worker threads (a rayon pool), where a document's
/// PDF and DOCX, and Typst's own parallel layout, run.
///
/// Their stacks are large: Typst recurses deeply, and a thread that waits
/// for one part of a document may run another part on top of it. (Stack is
/// reserved, not used, until needed.)
pub fn parallel<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(f),
        // No threads to be had: run here, one document after the other.
        None => f(),
    }
}

/// The threads documents are made on: one more than the machine has cores,
/// so that while a document does its serial parts (filling the template,
/// writing its files, Typst's second layout pass) another keeps the cores
/// busy: a 1,000-contract batch took 2.5-3.3 s less of its 16 s. The variable
/// `RAYON_NUM_THREADS` sets the number instead.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let threads = match std::env::var("RAYON_NUM_THREADS") {
            Ok(_) => 0, // rayon reads it itself
            Err(_) => std::thread::available_parallelism().map_or(1, |n| n.get() + 1),
        };
        rayon::ThreadPoolBuilder::new().num_threads(threads).stack_size(256 << 20).build().ok()
    })
    .as_ref()
}

/// Maps `f` over `items` with as many documents in flight as the pool has
/// threads, and no more, keeping the order.
///
/// Not a parallel iterator on the pool: there, a thread that waits for a
/// document's parts takes up another document, so a batch of a thousand had
/// dozens of documents half-made at once and memory grew with the batch.
/// Here each document is taken by one of a few plain threads, which wait
/// without taking work.
///
/// The bound holds for the whole process, also when calls nest (`opfolg
/// build` runs its workbooks through this, and a contract workbook its
/// contracts): every thread working on items holds one of the pool's slots.
/// A nested call works on its items in its own thread, which holds a slot
/// already, and adds helpers only for slots that are free, also ones freed
/// while it runs.
pub fn map_bounded<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let limit = pool().map_or(1, |p| p.current_num_threads()).max(1);
    let nested = slots::held();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            mine.push((i, f(item)));
        }
        mine
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let mut helpers = Vec::new();
        // A helper for each free slot while items are left to start; a
        // nested call's own thread is one worker already.
        let wanted = items.len().min(limit).saturating_sub(usize::from(nested));
        let mut mine = Vec::new();
        loop {
            while helpers.len() < wanted
                && next.load(Ordering::Relaxed) + helpers.len() < items.len()
                && slots::take(limit)
            {
                helpers.push(scope.spawn(|| {
                    let _worker = slots::Worker::on_slot();
                    work()
                }));
            }
            if !nested {
                break;
            }
            // Work on one item, then look for freed slots again.
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            mine.push((i, f(item)));
        }
        if !nested && helpers.is_empty() {
            // Every slot is taken by another batch: work here, as a worker,
            // so that batches nested in this one add no threads.
            let _worker = slots::Worker::without_slot();
            mine = work();
        }
        // A worker that panicked passes the panic on.
        mine.into_iter()
            .chain(
                helpers.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            )
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The pool's slots for threads working on documents, shared by every
/// [`map_bounded`] of the process.
mod slots {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static TAKEN: AtomicUsize = AtomicUsize::new(0);

    thread_local! {
        static HELD: Cell<bool> = const { Cell::new(false) };
    }

    /// Whether this thread works on items of a batch (holds a slot).
    pub fn held() -> bool {
        HELD.with(Cell::get)
    }

    /// Takes a slot if fewer than `limit` are taken; never waits.
    pub fn take(limit: usize) -> bool {
        TAKEN.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < limit).then_some(n + 1)).is_ok()
    }

    /// The current thread works on a batch's items until dropped (also when
    /// the work panics): on a slot it took with [`take`], or, when none was
    /// free, without one, counted as a worker all the same by the batches it
    /// starts.
    pub struct Worker {
        /// Whether it gives a taken slot back.
        slot: bool,
    }

    impl Worker {
        /// On the slot just taken.
        pub fn on_slot() -> Worker {
            HELD.with(|h| h.set(true));
            Worker { slot: true }
        }

        /// Without a slot.
        pub fn without_slot() -> Worker {
            HELD.with(|h| h.set(true));
            Worker { slot: false }
        }
    }

    impl Drop for Worker {
        fn drop(&mut self) {
            HELD.with(|h| h.set(false));
            if self.slot {
                TAKEN.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }
}

/// What [`build`] made.
#[derive(Debug, Default)]
pub struct Built {
    /// The files written, in the order of the documents.
    pub files: Vec<PathBuf>,
    /// Warnings from the workbook and the templates.
    pub warnings: Diagnostics,
    /// Documents of a batch that could not be made, with the reason; the
    /// others were written.
    pub failures: Vec<Failure>,
    /// Each document made, with its files, in the order of the documents.
    pub documents: Vec<Made>,
}

/// A document that was made.
#[derive(Debug)]
pub struct Made {
    /// What the document is ("kontrakt for Jobcenter Sygedagpenge").
    pub label: String,
    /// Its files.
    pub files: Vec<PathBuf>,
}

/// A document of a batch that could not be made.
#[derive(Debug)]
pub struct Failure {
    /// What the document is ("kontrakt for Jobcenter Sygedagpenge").
    pub label: String,
    /// Why.
    pub diagnostics: Diagnostics,
}

/// What a batch reports while it works, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// This many documents will be made.
    Planned(usize),
    /// A document is made (or failed).
    Done {
        /// What it is.
        label: &'a str,
        /// Whether it was made.
        ok: bool,
    },
}

/// Loads a workbook, or the workbook attached to a PDF that opfolg made
/// (an archived record), so that a version can be compared with a record.
pub fn load_source(path: &Path) -> Result<(FollowUp, Diagnostics), Diagnostics> {
    let is_pdf = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return load(path);
    }
    let at = diagnostics::Location { file: path.display().to_string(), sheet: None, cell: None };
    let bytes = std::fs::read(path).map_err(|e| {
        diagnostics::Diagnostic::error("OF0101", "filen kan ikke læses")
            .at(at.clone())
            .found(diagnostics::io_reason(&e))
    })?;
    let pdf = archive::pdf::Pdf::parse(&bytes)
        .map_err(|e| diagnostics::Diagnostic::error("OF0101", e).at(at.clone()))?;
    let (name, data) = pdf
        .attachments()
        .into_iter()
        .find(|(name, _)| {
            [".xlsx", ".xls", ".ods"].iter().any(|ext| name.to_ascii_lowercase().ends_with(ext))
        })
        .ok_or_else(|| {
            diagnostics::Diagnostic::error("OF0101", "PDF'en har ingen projektmappe vedhæftet")
                .at(at.clone())
                .hint("kun PDF'er lavet af opfolg har deres projektmappe med")
        })?;
    // Problems are named in the PDF's attached workbook.
    load_bytes(&format!("{} (vedhæftet {name})", path.display()), data)
}

/// The name of a workbook's documents: its file stem, made safe.
pub fn document_name(workbook: &Path) -> String {
    let stem = workbook.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    write::safe_file_name(&stem)
}

/// Runs the whole pipeline for one workbook and writes `<name>.pdf` and/or
/// `<name>.docx` into `out` (a contract workbook: one pair per unit).
pub fn build(
    workbook: &Path,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
) -> Result<Built, Diagnostics> {
    build_correction(workbook, None, out, renderer, formats)
}

/// As [`build`]; with `previous`, the documents end with a section listing
/// what this version corrects in the previous one ([`diff`]).
pub fn build_correction(
    workbook: &Path,
    previous: Option<&Path>,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
) -> Result<Built, Diagnostics> {
    build_with_progress(workbook, previous, out, renderer, formats, &|_| {})
}

/// As [`build_correction`], reporting progress. Documents are made in
/// parallel. A workbook whose errors stop everything gives `Err`; in a
/// contract batch, a unit whose own rows are wrong, or whose document fails,
/// is listed in [`Built::failures`] and the other units' documents are
/// still written. A single document that fails gives `Err`.
pub fn build_with_progress(
    workbook: &Path,
    previous: Option<&Path>,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Built, Diagnostics> {
    // Read once: the document and the copy of the workbook attached to it
    // come from the same bytes, even if the file is saved meanwhile.
    let bytes = read::read_file(workbook)?;
    let (followup, diags) = load_bytes_for(&workbook.display().to_string(), bytes.clone(), Some(renderer))?;
    let corrections: Vec<String> = match previous {
        Some(p) => {
            let (old, _) = load(p)?;
            diff::diff(&old, &followup).iter().map(ToString::to_string).collect()
        }
        None => Vec::new(),
    };
    build_loaded(workbook, &bytes, &followup, &diags, &corrections, out, renderer, formats, progress)
}

/// As [`build_with_progress`], for a workbook already loaded
/// ([`load_bytes`]): its bytes (attached to every PDF), its follow-up, the
/// diagnostics that came with it, and the corrections to list.
#[allow(clippy::too_many_arguments)]
pub fn build_loaded(
    workbook: &Path,
    bytes: &[u8],
    followup: &FollowUp,
    diags: &Diagnostics,
    corrections: &[String],
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Built, Diagnostics> {
    let mut built = Built { warnings: diags.warnings(), ..Built::default() };
    // Units stopped by their own rows are reported, not rendered.
    let mut skip = Vec::new();
    for unit in &followup.report.units {
        let errors = diags.unit_errors(&unit.id);
        if !errors.is_empty() {
            skip.push(unit.id.clone());
            built
                .failures
                .push(Failure { label: format!("kontrakt for {}", unit.name), diagnostics: errors });
        }
    }
    let mut planned = render::plan(followup, &document_name(workbook), corrections, &skip);
    let (workbook_file, model) = sources(workbook, bytes, followup)?;
    let templates_sha256 = archive::folder_sha256(renderer.templates()).map_err(|e| {
        diagnostics::Diagnostic::error("OF0501", "skabelonmappen kan ikke læses")
            .at(diagnostics::Location {
                file: renderer.templates().display().to_string(),
                sheet: None,
                cell: None,
            })
            .found(e.to_string())
    })?;
    for p in &mut planned {
        // A unit's contract carries the model of its own unit: the whole
        // model in each of a thousand contracts would be a thousand times
        // the data.
        let model = match &p.unit {
            Some(unit) => model_attachment(workbook, &followup.for_unit(unit))?,
            None => model.clone(),
        };
        let provenance = provenance(p, workbook, followup, &workbook_file.data, &templates_sha256);
        p.attachments = vec![
            workbook_file.clone(),
            model,
            render::Attachment {
                name: archive::PROVENANCE_FILE.to_string(),
                mime: "application/json",
                description: "Hvor dokumentet kommer fra (opfolg): til arkivet".to_string(),
                data: serde_json::to_vec_pretty(&provenance).unwrap_or_default().into(),
            },
        ];
    }
    // The output folder once, before the batch: a folder that cannot be made
    // is one problem, not one per document.
    std::fs::create_dir_all(out).map_err(|e| {
        diagnostics::Diagnostic::error(
            "OF0601",
            format!("mappen kan ikke oprettes: {}", diagnostics::io_reason(&e)),
        )
        .at(diagnostics::Location { file: out.display().to_string(), sheet: None, cell: None })
    })?;
    progress(Progress::Planned(planned.len() + built.failures.len()));
    for f in &built.failures {
        progress(Progress::Done { label: &f.label, ok: false });
    }
    let per_unit = followup.report.meta.kind == model::DocumentKind::Contracts;
    // Each document is rendered and written on its own: a failure leaves no
    // half-made pair, and the other documents are still made.
    let results = map_bounded(&planned, |p| {
        let result = make(p, workbook, out, renderer, formats);
        progress(Progress::Done { label: &p.label, ok: result.is_ok() });
        result
    });
    for (p, result) in planned.iter().zip(results) {
        match result {
            Ok((files, warnings)) => {
                built.files.extend(files.iter().cloned());
                built.documents.push(Made { label: p.label.clone(), files });
                built.warnings.extend(warnings);
            }
            Err(d) if !per_unit => return Err(d),
            Err(d) => built.failures.push(Failure { label: p.label.clone(), diagnostics: d }),
        }
    }
    Ok(built)
}

/// What every PDF of a workbook carries: the workbook itself and the
/// assessed model as JSON, so that an archived record can be checked and
/// made again without anything outside it.
fn sources(
    workbook: &Path,
    bytes: &[u8],
    followup: &FollowUp,
) -> Result<(render::Attachment, render::Attachment), Diagnostics> {
    let ext = workbook.extension().and_then(|e| e.to_str()).unwrap_or("xlsx").to_ascii_lowercase();
    let mime = match ext.as_str() {
        "xls" => "application/vnd.ms-excel",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    let file = render::Attachment {
        name: format!("{}.{ext}", document_name(workbook)),
        mime,
        description: "Projektmappen, som dokumentet er lavet af".to_string(),
        data: bytes.into(),
    };
    Ok((file, model_attachment(workbook, followup)?))
}

/// The assessed model as an attachment (`<workbook>.model.json`).
fn model_attachment(workbook: &Path, followup: &FollowUp) -> Result<render::Attachment, Diagnostics> {
    let model = serde_json::to_vec_pretty(followup).map_err(|e| {
        diagnostics::Diagnostic::error("OF0505", "modellen kan ikke skrives som JSON").found(e.to_string())
    })?;
    Ok(render::Attachment {
        name: format!("{}.model.json", document_name(workbook)),
        mime: "application/json",
        description: "Opfølgningsmodellen med vurderinger (opfolg), som dokumentet viser".to_string(),
        data: model.into(),
    })
}

/// Where a planned document comes from, for the archive.
fn provenance(
    planned: &render::Planned,
    workbook: &Path,
    followup: &FollowUp,
    workbook_bytes: &[u8],
    templates_sha256: &str,
) -> archive::Provenance {
    let meta = &followup.report.meta;
    let kind = match meta.kind {
        model::DocumentKind::Contracts => "kontrakt",
        other => other.danish(),
    };
    let d = planned.date;
    archive::Provenance {
        kind: kind.to_string(),
        title: planned.title.clone(),
        name: planned.name.clone(),
        unit: planned.unit_name.clone(),
        period: meta.period.clone(),
        year: meta.year,
        case_number: planned.case_number.clone(),
        document_number: planned.document_number.clone(),
        date: format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        document_key: planned.ident.clone(),
        workbook: workbook.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        workbook_sha256: archive::sha256_hex(workbook_bytes),
        templates_sha256: templates_sha256.to_string(),
        opfolg_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// Renders one planned document and writes its files.
fn make(
    planned: &render::Planned,
    workbook: &Path,
    out: &Path,
    renderer: &Renderer,
    formats: Formats,
) -> Result<(Vec<PathBuf>, Diagnostics), Diagnostics> {
    let rendered = renderer.render_planned(planned, formats).map_err(|mut d| {
        // Rendering finds some problems of the workbook's text (characters no
        // font has); they name the workbook.
        d.locate_unplaced(&workbook.display().to_string());
        d
    })?;
    let mut files = Vec::new();
    // Both files are made before either is written.
    for (bytes, ext) in [(rendered.pdf, "pdf"), (rendered.docx, "docx")] {
        if let Some(bytes) = bytes {
            files.push(write::write_atomic(out, &format!("{}.{ext}", planned.name), &bytes)?);
        }
    }
    Ok((files, rendered.warnings))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The batches of these tests share the process's slots: one at a time.
    static ONE_BATCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn map_bounded_keeps_order_and_bounds_documents_in_flight() {
        let _one = ONE_BATCH.lock().unwrap_or_else(|e| e.into_inner());
        let items: Vec<usize> = (0..200).collect();
        let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let out = super::map_bounded(&items, |i| {
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(n, Ordering::SeqCst);
            // Parts of a "document" on the pool, as rendering does.
            let (a, b) = super::parallel(|| rayon::join(|| i * 2, || i * 3));
            now.fetch_sub(1, Ordering::SeqCst);
            a + b
        });
        assert_eq!(out, items.iter().map(|i| i * 5).collect::<Vec<_>>());
        let workers = super::pool().map_or(1, |p| p.current_num_threads());
        assert!(most.load(Ordering::SeqCst) <= workers, "{} > {workers}", most.load(Ordering::SeqCst));
    }

    #[test]
    fn nested_batches_share_the_bound_and_use_the_slots_freed() {
        let _one = ONE_BATCH.lock().unwrap_or_else(|e| e.into_inner());
        // Workbooks of one command, some with many contracts: documents in
        // flight stay within the pool's size, not its square.
        let workers = super::pool().map_or(1, |p| p.current_num_threads());
        let (now, most, sum) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
        let document = |i: usize| {
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(n, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(2));
            now.fetch_sub(1, Ordering::SeqCst);
            sum.fetch_add(i, Ordering::SeqCst);
            i
        };
        let workbooks: Vec<usize> = vec![40, 1, 40, 1, 40];
        let out = super::map_bounded(&workbooks, |&n| {
            let contracts: Vec<usize> = (0..n).collect();
            let made = super::map_bounded(&contracts, |&i| document(i));
            assert_eq!(made, contracts, "order kept inside a workbook");
            made.len()
        });
        assert_eq!(out, workbooks, "every document made, in order");
        // A workbook without documents, inside a batch and alone.
        assert!(
            super::map_bounded(&[1], |_| super::map_bounded(&[] as &[u8], |_| 0)).iter().all(Vec::is_empty)
        );
        assert_eq!(sum.load(Ordering::SeqCst), 3 * (0..40).sum::<usize>());
        let most = most.load(Ordering::SeqCst);
        assert!(most <= workers, "{most} documents in flight with {workers} slots");
        // With more than one slot, a workbook's contracts ran side by side.
        if workers > 1 {
            assert!(most > 1, "the slots freed by finished workbooks went unused");
        }
    }
}
