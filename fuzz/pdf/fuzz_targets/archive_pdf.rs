//! PDF bytes through what `opfolg archive add` reads itself before it
//! catalogues anything: the parse, the attachments of the name tree, the
//! provenance and the signatures' byte ranges (`src/archive/pdf.rs`, compiled
//! here on its own; the signatures themselves are validated by pyHanko). Whatever the bytes, the
//! answer is a PDF with or without facts and signatures, or an error about
//! the file, never a panic, an abort or unbounded memory.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../../src/archive/pdf.rs"]
mod pdf;

/// `archive::PROVENANCE_FILE`.
const PROVENANCE_FILE: &str = "opfolg-dokument.json";

fuzz_target!(|data: &[u8]| {
    // The raw scan for byte ranges runs on any bytes, parsed or not.
    let _ = pdf::raw_byte_ranges(data);
    if let Ok(parsed) = pdf::Pdf::parse(data) {
        if let Some(json) = parsed.attachment(PROVENANCE_FILE) {
            let _ = serde_json::from_slice::<serde_json::Value>(&json);
        }
        let _ = parsed.attachments();
        let _ = parsed.signature_byte_ranges();
    }
});
