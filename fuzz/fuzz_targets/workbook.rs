//! Workbook bytes through reading, normalising and assessing: whatever the
//! bytes, the answer is a report or diagnostics, never a panic, an abort or
//! more memory than the reader's limits allow.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = opfolg::read::LIMITS;
    if let Ok(book) = opfolg::read::read_workbook_bytes("fuzz.xlsx", data.to_vec(), &limits) {
        if let Ok((report, _)) = opfolg::normalise::normalise(&book) {
            let followup = opfolg::assess::assess(report);
            // The view formats every figure: Danish formatting must not panic either.
            let _ = opfolg::render::view::report_view(&followup);
        }
    }
});
