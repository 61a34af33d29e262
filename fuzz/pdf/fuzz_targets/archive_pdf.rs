//! PDF bytes through what `opfolg archive add` reads before it catalogues
//! anything: the parse, the attached provenance and every signature's check
//! (`src/archive/pdf.rs`, compiled here on its own). Whatever the bytes, the
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
    if let Ok(parsed) = pdf::Pdf::parse(data) {
        if let Some(json) = parsed.attachment(PROVENANCE_FILE) {
            let _ = serde_json::from_slice::<serde_json::Value>(&json);
        }
        for signature in parsed.signatures() {
            assert!(signature.valid || !signature.note.is_empty(), "an invalid signature says why");
        }
    }
});
