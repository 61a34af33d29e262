//! PDF bytes through what `opfolg archive add` reads before it catalogues
//! anything: the parse, the attached provenance and every signature's
//! check. Whatever the bytes, the answer is a PDF with or without facts and
//! signatures, or an error about the file, never a panic or an abort.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(pdf) = opfolg::archive::pdf::Pdf::parse(data) {
        if let Some(json) = pdf.attachment(opfolg::archive::PROVENANCE_FILE) {
            let _ = serde_json::from_slice::<opfolg::archive::Provenance>(&json);
        }
        for signature in pdf.signatures() {
            let _ = opfolg::format::visible(&signature.signer);
        }
    }
});
