//! The batch scheduler: the worker threads documents are made on, and the
//! bound on how many documents are in flight at once.
//!
//! A leaf of the house: it knows nothing of workbooks or documents. The
//! build hands it a batch ([`map_bounded`]); rendering runs a document's
//! parts on its threads ([`parallel`]).

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
