//! Workbook bytes through reading, normalising and assessing: whatever the
//! bytes, the answer is a report or diagnostics, never a panic, an abort or
//! more memory than the reader's limits allow.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic, also one opfolg catches on
        // purpose (the reader turns panics of the spreadsheet libraries into
        // errors about the file). A panic that escapes still aborts: the
        // harness around this target catches it and aborts.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        let limits = opfolg::read::LIMITS;
        if let Ok(book) = opfolg::read::read_workbook_bytes("fuzz.xlsx", data.to_vec(), &limits) {
            if let Ok((report, _)) = opfolg::normalise::normalise(&book) {
                let followup = opfolg::assess::assess(report);
                // The view formats every figure: Danish formatting must not panic either.
                let _ = opfolg::render::view::report_view(&followup);
            }
        }
    }
);
