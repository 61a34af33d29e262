//! Signatures of a PDF being archived, validated as a PAdES validator does
//! it, and the facts the catalogue takes from the signed bytes only.
//!
//! pyHanko is the validation engine: [`VALIDATOR`] (`validate.py`, built
//! into opfolg) runs under `python3 -I` on the PDF's bytes and reports, as
//! JSON, what pyHanko finds about every signature and document time stamp:
//! the byte range and CMS signature, the difference analysis of every
//! revision after the signed one, DocMDP, the certificate's chain to the
//! archive's trust anchors (with the revocation data and time stamps
//! embedded in the PDF; nothing is fetched). opfolg decides here what is
//! recorded and what is refused, more strictly than the PDF standard where
//! a committee paper allows it. Why pyHanko, and the rules: `docs/archive.md`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::pdf::{Pdf, raw_byte_ranges};
use super::{PROVENANCE_FILE, Provenance, sha256_hex};
use crate::diagnostics::Diagnostic;

/// The folder in the archive folder with the certificates a signer's chain
/// must reach to be confirmed (PEM or DER files, put there by the
/// municipality's IT: the roots of MitID Erhverv's certificates, say).
pub const TRUST_FOLDER: &str = "betroede-certifikater";

/// The pyHanko version opfolg's validator is written against (the README's
/// set-up and `.ci/run` install 0.38.0). Another version is refused rather
/// than trusted to report the same things in the same way.
pub const PYHANKO_VERSION: &str = "0.38.";

/// The validator program run under Python (`src/archive/validate.py`).
pub const VALIDATOR: &str = include_str!("validate.py");

/// How long the validator may take on one PDF (a committee paper takes a
/// second or two).
const VALIDATION_LIMIT: std::time::Duration = std::time::Duration::from_secs(600);

/// What the signature is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureKind {
    /// A person's (or an organisation's) signature.
    Signature,
    /// A document time stamp (RFC 3161): it says when, not who.
    TimeStamp,
}

/// How far the signer is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// Intact, and the certificate chains to one of the archive's trust
    /// anchors, valid at the signing time and not revoked by the revocation
    /// data in the file: "gyldig, underskriver bekræftet".
    Confirmed,
    /// Intact, but the certificate reaches none of the archive's trust
    /// anchors: anyone can make a certificate in any name.
    IntactUnconfirmed,
}

/// Where a signing time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// An RFC 3161 time stamp whose authority chains to a trust anchor.
    TimeStamp,
    /// The signing time the signer states in the signature's signed
    /// attributes (their own claim; never the PDF's `/M`, which can be
    /// changed without breaking anything).
    Claimed,
    /// Neither: the time is not known.
    Unknown,
}

/// A signature or document time stamp, as validated when its file was
/// archived. Every field is part of the record (and of its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureRecord {
    /// A signature or a document time stamp.
    pub kind: SignatureKind,
    /// Whether the signer (or time stamp authority) is confirmed.
    pub status: SignatureStatus,
    /// The signature field's name in the PDF.
    pub field: String,
    /// Who signed, for reading: the certificate's common name and
    /// organisation. Only [`Self::fingerprint_sha256`] tells two
    /// certificates in one name apart.
    pub signer: String,
    /// The certificate's subject, in full.
    pub subject: String,
    /// The certificate's issuer.
    pub issuer: String,
    /// The certificate's serial number (hex).
    pub serial: String,
    /// The signer's certificate itself (DER, base64).
    pub certificate: String,
    /// SHA-256 of the certificate (DER), hex.
    pub fingerprint_sha256: String,
    /// The certificate's validity (UTC, ISO 8601).
    pub valid_from: String,
    /// The certificate's validity (UTC, ISO 8601).
    pub valid_to: String,
    /// SHA-256 of the trust anchor the chain reached, if it did.
    pub anchor_sha256: Option<String>,
    /// The signing time (UTC, ISO 8601), if known.
    pub time: Option<String>,
    /// Where [`Self::time`] comes from.
    pub time_source: TimeSource,
    /// The revision of the file it signs (1 = the file as first written).
    pub revision: u32,
    /// How many revisions the file has.
    pub revisions: u32,
    /// How many bytes from the start of the file it covers: the signed
    /// revision.
    pub covered_bytes: u64,
    /// What was found, in Danish.
    pub note: String,
}

/// What opfolg takes from a PDF being archived.
#[derive(Debug)]
pub struct Examined {
    /// Where it came from, read from the signed revision.
    pub provenance: Provenance,
    /// Its signatures and time stamps, in signing order.
    pub signatures: Vec<SignatureRecord>,
    /// The sources attached to the signed revision, if any.
    pub embedded: Embedded,
}

/// Checks the PDF's signatures and reads its provenance from the bytes the
/// first signature covers (the XMP metadata that revision's catalogue names,
/// never a later revision's) (the whole file when it is not signed). Errors
/// carry no location; the caller adds the file.
pub fn examine(bytes: &[u8], trust_dir: &Path) -> Result<Examined, Diagnostic> {
    let whole = Pdf::parse(bytes).map_err(|e| Diagnostic::error("OF0702", e))?;
    let mut found = whole.signature_byte_ranges();
    found.extend(raw_byte_ranges(bytes));
    if found.is_empty() {
        // Not signed: no Python needed.
        let (provenance, embedded) = provenance(&whole)?;
        return Ok(Examined { provenance, signatures: Vec::new(), embedded });
    }
    if !ends_with_a_revision(bytes) {
        return Err(Diagnostic::error(
            "OF0704",
            "filen er ændret efter underskriften: bytes efter filens sidste udgave er ikke en tilføjelse til den",
        )
        .hint("filen arkiveres ikke; hent den underskrevne fil igen fra underskriftsløsningen"));
    }
    let report = run_validator(bytes, trust_dir)?;
    let signatures = judge(&report, &found)?;
    // The catalogue's facts come from what the first signature covers.
    let signed_until = signatures.iter().map(|s| s.covered_bytes).min().unwrap_or(bytes.len() as u64);
    let signed = usize::try_from(signed_until)
        .ok()
        .and_then(|end| bytes.get(..end))
        .ok_or_else(|| Diagnostic::error("OF0704", "underskriftens /ByteRange passer ikke til filen"))?;
    let revision = Pdf::parse(signed).map_err(|e| {
        Diagnostic::error("OF0704", format!("den underskrevne udgave af filen kan ikke læses: {e}"))
    })?;
    let (provenance, embedded) = provenance(&revision)?;
    Ok(Examined { provenance, signatures, embedded })
}

/// True when nothing but white space follows the file's last `%%EOF`.
fn ends_with_a_revision(bytes: &[u8]) -> bool {
    const EOF: &[u8] = b"%%EOF";
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace() && *b != 0).map_or(0, |i| i + 1);
    bytes[..end].ends_with(EOF)
}

/// Where `pdf` came from: opfolg's properties in the XMP metadata its
/// catalogue names, or (a copy made before they were written there) the
/// provenance attached through its catalogue's EmbeddedFiles name tree.
/// Sources attached to it come along, each checked against the provenance.
fn provenance(pdf: &Pdf) -> Result<(Provenance, Embedded), Diagnostic> {
    let not_ours = |why: &str| {
        Diagnostic::error("OF0703", format!("PDF'en er ikke lavet af opfolg ({why})"))
            .hint("arkivér den PDF, som opfolg build lavede, eller den underskrevne udgave af den")
    };
    let from_xmp = match pdf.metadata() {
        Some(packet) => Provenance::from_xmp(&packet)
            .map_err(|e| not_ours(&format!("dens metadata om kilden kan ikke læses: {e}")))?,
        None => None,
    };
    let attachments = pdf.attachments();
    let attached = match attachments.iter().find(|(name, _)| name == PROVENANCE_FILE) {
        Some((_, json)) => Some(
            serde_json::from_slice::<Provenance>(json)
                .map_err(|e| not_ours(&format!("oplysningerne om dens kilde kan ikke læses: {e}")))?,
        ),
        None => None,
    };
    let provenance = match (from_xmp, attached) {
        (Some(x), Some(a)) if x != a => {
            return Err(not_ours("dens metadata og den vedhæftede fil siger noget forskelligt om kilden"));
        }
        (Some(x), _) => x,
        (None, Some(a)) => a,
        (None, None) => return Err(not_ours("den har ingen oplysninger om sin kilde")),
    };
    let workbooks: Vec<&(String, Vec<u8>)> = attachments
        .iter()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            [".xlsx", ".xls", ".ods"].iter().any(|ext| name.ends_with(ext))
        })
        .collect();
    let workbook = match workbooks.as_slice() {
        // A paper without attachments (the default): the archive is given
        // the workbook beside it.
        [] if !attachments.iter().any(|(name, _)| name == PROVENANCE_FILE) => None,
        [(name, workbook)] => {
            let actual = sha256_hex(workbook);
            if actual != provenance.workbook_sha256 {
                return Err(Diagnostic::error(
                    "OF0703",
                    format!(
                        "den vedhæftede projektmappe «{name}» er ikke den, dokumentet siger, det er lavet af"
                    ),
                )
                .found(format!("SHA-256 {actual}, men dokumentet angiver {}", provenance.workbook_sha256)));
            }
            Some(workbook.clone())
        }
        _ => {
            return Err(Diagnostic::error(
                "OF0703",
                format!(
                    "PDF'en har {} vedhæftede projektmapper; opfolg vedhæfter præcis én, den som dokumentet er lavet af",
                    workbooks.len()
                ),
            ));
        }
    };
    bound_to_the_pages(pdf)?;
    Ok((provenance, Embedded { workbook }))
}

/// Refuses a PDF whose pages are not the ones its metadata names
/// (`opfolg:pagesSHA256`, [`crate::render::pages`]): the provenance of
/// another document copied into it, or its pages changed.
fn bound_to_the_pages(pdf: &Pdf) -> Result<(), Diagnostic> {
    let named = match pdf.metadata() {
        Some(packet) => Provenance::pages_from_xmp(&packet)
            .map_err(|e| Diagnostic::error("OF0703", format!("PDF'en er ikke lavet af opfolg ({e})")))?,
        None => None,
    };
    let actual = pdf.pages_sha256();
    match named {
        None => Err(Diagnostic::error(
            "OF0716",
            "PDF'ens metadata siger ikke, hvilke sider oplysningerne om kilden hører til (opfolg:pagesSHA256 mangler)",
        )
        .hint("lav PDF'en igen med denne udgave af opfolg (opfolg build), og arkivér den")),
        Some(named) if named != actual => Err(Diagnostic::error(
            "OF0716",
            "PDF'ens sider er ikke dem, dens oplysninger om kilden hører til: siderne er ændret, eller oplysningerne er kopieret fra et andet dokument",
        )
        .found(format!("siderne har SHA-256 {actual}, men metadata angiver {named}"))
        .hint("arkivér den PDF, som opfolg build lavede, eller den underskrevne udgave af den")),
        Some(_) => Ok(()),
    }
}

/// The sources a PDF carries (`build --med-kilder`), checked against its
/// provenance.
#[derive(Debug, Default)]
pub struct Embedded {
    /// The attached workbook, whose SHA-256 is the provenance's.
    pub workbook: Option<Vec<u8>>,
}

/// What the validator reports (see `validate.py`).
#[derive(Debug, Deserialize)]
struct Report {
    pyhanko: Option<String>,
    problem: Option<String>,
    detail: Option<String>,
    revisions: Option<u32>,
    #[serde(default)]
    signatures: Vec<Found>,
    #[serde(default)]
    unreadable_anchors: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Found {
    field: String,
    kind: String,
    byte_range: Vec<i64>,
    revision: u32,
    visible: bool,
    later_than_first: bool,
    certificate: String,
    sha256: String,
    subject: String,
    common_name: Option<String>,
    organisation: Option<String>,
    issuer: String,
    serial: String,
    not_before: String,
    not_after: String,
    key_usage: Option<Vec<String>>,
    extended_key_usage: Option<Vec<String>>,
    key_usage_ok: bool,
    signing_certificate_attribute: bool,
    seed_value_error: Option<String>,
    claimed_time: Option<String>,
    timestamp: Option<Stamp>,
    checked_at: Option<String>,
    intact: bool,
    valid: bool,
    trusted: bool,
    trust_problem: Option<String>,
    revoked: bool,
    coverage: Option<String>,
    modification_level: Option<String>,
    changed_form_fields: Vec<String>,
    suspicious: Option<String>,
    docmdp: Option<String>,
    docmdp_ok: Option<bool>,
    signature_fields: Vec<String>,
    anchor: Option<Anchor>,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Stamp {
    time: Option<String>,
    intact: bool,
    valid: bool,
    trusted: bool,
}

#[derive(Debug, Default, Deserialize)]
struct Anchor {
    sha256: String,
}

/// How to install what validation needs, for the messages.
const INSTALL: &str = "installér Python 3 og pyHanko 0.38: python3 -m pip install \"pyhanko==0.38.0\" (se README'en); \
     PDF'er uden underskrift kan arkiveres uden";

/// Runs the validator on `bytes` with the anchors in `trust_dir`.
fn run_validator(bytes: &[u8], trust_dir: &Path) -> Result<Report, Diagnostic> {
    let cannot = |why: String| {
        Diagnostic::error("OF0720", format!("underskrifterne kan ikke kontrolleres: {why}")).hint(INSTALL)
    };
    // -I: no user site, no PYTHON* variables, not the current folder on the
    // path: the validator imports the installed pyHanko and nothing else.
    let mut child = Command::new("python3")
        .arg("-I")
        .arg("-c")
        .arg(VALIDATOR)
        .arg(trust_dir)
        .arg(PYHANKO_VERSION)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| cannot(format!("python3 kan ikke startes ({})", crate::diagnostics::io_reason(&e))))?;
    // The PDF goes in on a thread of its own: a validator that reports
    // before it has read everything must not leave opfolg waiting.
    let Some(mut stdin) = child.stdin.take() else {
        return Err(cannot("python3 tager ikke imod filen".to_string()));
    };
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    // A PDF made to keep pyHanko busy must not hold the archive (and its
    // lock) for ever: the validator gets VALIDATION_LIMIT, then it is ended.
    let started = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() < VALIDATION_LIMIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Diagnostic::error(
                    "OF0704",
                    format!(
                        "pyHanko blev ikke færdig med at kontrollere underskrifterne på {} minutter",
                        VALIDATION_LIMIT.as_secs() / 60
                    ),
                ));
            }
            Err(e) => return Err(cannot(format!("python3 svarer ikke ({e})"))),
        }
    }
    let _ = writer.join();
    let output_stdout = stdout.join().unwrap_or_default();
    let output_stderr = stderr.join().unwrap_or_default();
    let report: Report = serde_json::from_slice(&output_stdout).map_err(|_| {
        let stderr = String::from_utf8_lossy(&output_stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("intet svar");
        cannot(format!("kontrolprogrammet (pyHanko) fejlede: {last}"))
    })?;
    match (report.problem.as_deref(), &report.pyhanko) {
        (Some("missing"), _) | (_, None) => Err(cannot("pyHanko er ikke installeret".to_string())),
        (Some("version"), Some(v)) => Err(cannot(format!(
            "pyHanko {v} er installeret, men opfolg er lavet til pyHanko {PYHANKO_VERSION}x"
        ))),
        (Some("unreadable"), _) => Err(Diagnostic::error(
            "OF0704",
            format!(
                "PDF'en har underskrifter, men pyHanko kan ikke læse den: {}",
                printable(report.detail.as_deref().unwrap_or("ukendt fejl"))
            ),
        )),
        _ if !report.unreadable_anchors.is_empty() => Err(Diagnostic::error(
            "OF0720",
            format!(
                "{} i {} er ikke et certifikat (PEM eller DER)",
                report.unreadable_anchors.join(", "),
                trust_dir.display()
            ),
        )
        .hint("mappen må kun indeholde de certifikater, som arkivet stoler på")),
        _ => Ok(report),
    }
}

/// Reads a pipe to its end on a thread of its own.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut out);
        }
        out
    })
}

/// Decides every signature of the report: the record of each, or the
/// refusal of the file naming the first that does not hold.
fn judge(report: &Report, found: &[[i64; 4]]) -> Result<Vec<SignatureRecord>, Diagnostic> {
    // A signature dictionary the validator did not see (one no form field
    // of the newest revision refers to) is a signature the document hides.
    let seen: Vec<&[i64]> = report.signatures.iter().map(|s| s.byte_range.as_slice()).collect();
    if found.iter().any(|range| !seen.contains(&range.as_slice())) {
        return Err(Diagnostic::error(
            "OF0704",
            "filen er ændret efter underskriften: den har en underskrift, som den nyeste udgave af dokumentet ikke henviser til",
        )
        .hint("filen arkiveres ikke; hent den underskrevne fil igen fra underskriftsløsningen"));
    }
    let revisions = report.revisions.unwrap_or(1);
    let mut out = Vec::new();
    for (i, s) in report.signatures.iter().enumerate() {
        let record = decide(s, revisions).map_err(|why| {
            let what = if s.kind == "timestamp" { "tidsstempel" } else { "underskrift" };
            // Names and reasons come from the file: printed escaped.
            let name = printable(&s.signer_name());
            let who = if name.is_empty() { String::new() } else { format!(" af {name}") };
            Diagnostic::error(
                "OF0704",
                format!(
                    "{what} nr. {} (feltet «{}»){who} holder ikke: {}",
                    i + 1,
                    printable(&s.field),
                    printable(&why)
                ),
            )
            .hint("filen arkiveres ikke; hent den underskrevne fil igen fra underskriftsløsningen")
        })?;
        out.push(record);
    }
    out.sort_by_key(|r| r.revision);
    Ok(out)
}

impl Found {
    fn signer_name(&self) -> String {
        match (&self.common_name, &self.organisation) {
            (Some(name), Some(org)) => format!("{name} ({org})"),
            (Some(name), None) => name.clone(),
            _ => self.subject.clone(),
        }
    }
}

/// The modification levels of pyHanko's difference analysis that opfolg
/// accepts after a signature without looking further: nothing, or only
/// validation data (DSS) and document time stamps.
const HARMLESS: [&str; 2] = ["NONE", "LTA_UPDATES"];

/// One signature: its record, or why it does not hold (Danish).
fn decide(s: &Found, revisions: u32) -> Result<SignatureRecord, String> {
    if let Some(error) = &s.error {
        return Err(format!("pyHanko kan ikke kontrollere den ({error})"));
    }
    let timestamp = s.kind == "timestamp";
    if !s.intact {
        return Err("filen er ændret efter underskriften (hashværdien passer ikke)".to_string());
    }
    if !s.valid {
        return Err("underskriften passer ikke til certifikatet".to_string());
    }
    // The signature field's own constraints (seed values: which
    // certificate, which algorithms) are the document's word on who may sign.
    if let Some(problem) = &s.seed_value_error {
        return Err(format!(
            "underskriften overholder ikke underskriftsfeltets krav ({})",
            first_line(problem)
        ));
    }
    if !s.signing_certificate_attribute {
        return Err(
            "underskriften binder ikke sit certifikat (den signerede attribut signing-certificate mangler)"
                .to_string(),
        );
    }
    let [_, _, start, length] = s.byte_range[..] else {
        return Err("underskriftens /ByteRange er ugyldig".to_string());
    };
    if !matches!(s.coverage.as_deref(), Some("ENTIRE_FILE" | "ENTIRE_REVISION")) {
        return Err("underskriften dækker ikke en hel udgave af filen (filen er ændret efter underskriften)"
            .to_string());
    }
    // What follows a signed revision must be later revisions: bytes after
    // the newest one are no part of the document any reader should see.
    if s.coverage.as_deref() == Some("ENTIRE_REVISION") && s.revision + 1 >= revisions {
        return Err("filen er ændret efter underskriften: bytes efter den underskrevne udgave er ikke en tilføjelse (en ny udgave) til den"
            .to_string());
    }
    match s.modification_level.as_deref() {
        Some(level) if HARMLESS.contains(&level) => {}
        // Signing a later signature's field is form filling to pyHanko;
        // filling any other field is a change of the document.
        Some("FORM_FILLING") => {
            if let Some(other) = s.changed_form_fields.iter().find(|f| !s.signature_fields.contains(f)) {
                return Err(format!(
                    "filen er ændret efter underskriften: formularfeltet «{other}» er udfyldt bagefter"
                ));
            }
        }
        Some("ANNOTATIONS") => {
            return Err(
                "filen er ændret efter underskriften: der er lagt kommentarer, felter eller figurer (annotationer) på siderne"
                    .to_string(),
            );
        }
        Some(_) => {
            let why = s.suspicious.as_deref().map(|w| format!(" ({})", first_line(w))).unwrap_or_default();
            return Err(format!(
                "filen er ændret efter underskriften: en senere tilføjelse ændrer andet end underskrifter, valideringsdata og tidsstempler{why}"
            ));
        }
        None => return Err("det kan ikke afgøres, hvad der er ændret efter underskriften".to_string()),
    }
    // pyHanko leaves DocMDP open for a document time stamp, which has no
    // policy of its own (a certification's covers it).
    if s.docmdp_ok == Some(false) || (s.docmdp_ok.is_none() && !timestamp) {
        let level = s.docmdp.as_deref().unwrap_or("ukendt");
        return Err(format!(
            "dokumentet er certificeret ({level}), og det, der er tilføjet bagefter, er ikke tilladt af certificeringen"
        ));
    }
    if s.visible && s.later_than_first {
        return Err(
            "den er tilføjet efter den første underskrift og vises på siden; en senere underskrift må ikke ændre, hvad siderne viser"
                .to_string(),
        );
    }
    if let Some(t) = &s.timestamp
        && !(t.intact && t.valid)
    {
        return Err("tidsstemplet i underskriften holder ikke".to_string());
    }
    if timestamp {
        let eku = s.extended_key_usage.as_deref().unwrap_or_default();
        if !eku.iter().any(|u| u == "time_stamping") {
            return Err("certifikatet er ikke en tidsstemplingstjenestes (udvidet nøgleanvendelse timeStamping mangler)"
                .to_string());
        }
    } else if !s.key_usage_ok {
        let usage = s.key_usage.as_ref().map_or("ingen angivet".to_string(), |u| u.join(", "));
        return Err(format!(
            "certifikatet må ikke bruges til underskrifter (nøgleanvendelse: {usage}; digitalSignature eller nonRepudiation kræves)"
        ));
    }
    if s.revoked || s.trust_problem.as_deref().is_some_and(|p| p.starts_with("REVOKED")) {
        return Err("certifikatet er spærret (ifølge spærredata i filen)".to_string());
    }
    // A signature pyHanko finds intact with an algorithm it no longer
    // accepts (MD5, SHA-1, short keys) proves nothing: refused, not
    // recorded as intact.
    if let Some(problem @ ("FORMAT_FAILURE" | "HASH_FAILURE" | "SIG_CRYPTO_FAILURE")) =
        s.trust_problem.as_deref()
    {
        return Err(format!("underskriften holder ikke ({problem})"));
    }
    if s.trust_problem.as_deref().is_some_and(|p| p.starts_with("CRYPTO_CONSTRAINTS_FAILURE")) {
        return Err(
            "underskriften bruger en algoritme eller nøglelængde, som ikke længere er sikker".to_string()
        );
    }
    // Valid at the signing time: for a signature, at the time pyHanko
    // checked the chain (a trusted time stamp's, else the time of
    // archiving) and at the time the signer claims; for a time stamp, at
    // its own time.
    let stamp_time = s.timestamp.as_ref().and_then(|t| t.time.clone());
    let moments: Vec<(&str, String)> = if timestamp {
        stamp_time.iter().map(|t| ("på tidsstemplets tidspunkt", t.clone())).collect()
    } else {
        let mut m: Vec<(&str, String)> =
            s.checked_at.iter().map(|t| ("på underskriftstidspunktet", t.clone())).collect();
        m.extend(s.claimed_time.iter().map(|t| ("på det tidspunkt, underskriveren angiver", t.clone())));
        m
    };
    if moments.is_empty() {
        return Err("det kan ikke afgøres, hvornår den er lavet".to_string());
    }
    for (when, moment) in &moments {
        if moment < &s.not_before || moment > &s.not_after {
            return Err(format!(
                "certifikatet var ikke gyldigt {when} ({moment}); det gælder fra {} til {}",
                s.not_before, s.not_after
            ));
        }
    }

    let status = if s.trusted { SignatureStatus::Confirmed } else { SignatureStatus::IntactUnconfirmed };
    let stamp_trusted = s.timestamp.as_ref().is_some_and(|t| t.trusted);
    let (time, time_source) = match (&stamp_time, &s.claimed_time) {
        (Some(t), _) if timestamp || stamp_trusted => (Some(t.clone()), TimeSource::TimeStamp),
        (_, Some(t)) if !timestamp => (Some(t.clone()), TimeSource::Claimed),
        _ => (None, TimeSource::Unknown),
    };
    let covered_bytes = u64::try_from(start.saturating_add(length)).unwrap_or(0);
    let revision = s.revision + 1;
    let note = match (timestamp, status) {
        (false, SignatureStatus::Confirmed) => "gyldig, underskriver bekræftet".to_string(),
        (false, SignatureStatus::IntactUnconfirmed) => {
            "underskriften er intakt, men underskriveren er ikke bekræftet".to_string()
        }
        (true, SignatureStatus::Confirmed) => "tidsstempel; tidsstemplingstjenesten er bekræftet".to_string(),
        (true, SignatureStatus::IntactUnconfirmed) => {
            "tidsstempel; tidsstemplingstjenesten er ikke bekræftet".to_string()
        }
    };
    Ok(SignatureRecord {
        kind: if timestamp { SignatureKind::TimeStamp } else { SignatureKind::Signature },
        status,
        field: s.field.clone(),
        signer: s.signer_name(),
        subject: s.subject.clone(),
        issuer: s.issuer.clone(),
        serial: s.serial.clone(),
        certificate: s.certificate.clone(),
        fingerprint_sha256: s.sha256.clone(),
        valid_from: s.not_before.clone(),
        valid_to: s.not_after.clone(),
        anchor_sha256: if s.trusted { s.anchor.as_ref().map(|a| a.sha256.clone()) } else { None },
        time,
        time_source,
        revision,
        revisions,
        covered_bytes,
        note,
    })
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or_default();
    line.char_indices().nth(200).map_or(line, |(at, _)| &line[..at])
}

/// The archive's folder of trust anchors.
pub fn trust_folder(archive_dir: &Path) -> PathBuf {
    archive_dir.join(TRUST_FOLDER)
}

/// What `archive add` says about the trust anchors it used (Danish).
pub fn trust_summary(archive_dir: &Path) -> String {
    let folder = trust_folder(archive_dir);
    // A PEM file may hold several certificates; a DER file holds one.
    const PEM: &[u8] = b"-----BEGIN CERTIFICATE-----";
    let count: usize = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| {
                    let bytes = std::fs::read(e.path()).unwrap_or_default();
                    bytes.windows(PEM.len()).filter(|w| *w == PEM).count().max(1)
                })
                .sum()
        })
        .unwrap_or(0);
    if count == 0 {
        format!(
            "underskrifter kontrolleret med pyHanko; der er ingen betroede certifikater i {}, så ingen underskriver kan bekræftes",
            folder.display()
        )
    } else {
        format!(
            "underskrifter kontrolleret med pyHanko mod {} i {}",
            crate::format::count(count, "betroet certifikat", "betroede certifikater"),
            folder.display()
        )
    }
}

/// The catalogue's table of signatures (the records table is `mod.rs`'s).
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS signatures (
    record_id          INTEGER NOT NULL REFERENCES records(id),
    position           INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    status             TEXT NOT NULL,
    field              TEXT NOT NULL,
    signer             TEXT NOT NULL,
    subject            TEXT NOT NULL,
    issuer             TEXT NOT NULL,
    serial             TEXT NOT NULL,
    certificate        TEXT NOT NULL,
    fingerprint_sha256 TEXT NOT NULL,
    valid_from         TEXT NOT NULL,
    valid_to           TEXT NOT NULL,
    anchor_sha256      TEXT,
    time               TEXT,
    time_source        TEXT NOT NULL,
    revision           INTEGER NOT NULL,
    revisions          INTEGER NOT NULL,
    covered_bytes      INTEGER NOT NULL,
    note               TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE TRIGGER IF NOT EXISTS signatures_never_change BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke ændres'); END;
CREATE TRIGGER IF NOT EXISTS signatures_never_go BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'arkiverede poster kan ikke slettes'); END;
";

fn name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn parse<T: for<'de> Deserialize<'de>>(text: String) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(text.clone()))
        .map_err(|_| rusqlite::Error::InvalidColumnType(0, text, rusqlite::types::Type::Text))
}

/// Stores a record's signatures.
pub(crate) fn insert(
    db: &Connection,
    record_id: i64,
    signatures: &[SignatureRecord],
) -> rusqlite::Result<()> {
    for (i, s) in signatures.iter().enumerate() {
        db.execute(
            "INSERT INTO signatures (record_id, position, kind, status, field, signer, subject, issuer, serial,
                 certificate, fingerprint_sha256, valid_from, valid_to, anchor_sha256, time, time_source, revision,
                 revisions, covered_bytes, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            params![
                record_id,
                i as i64,
                name(&s.kind),
                name(&s.status),
                s.field,
                s.signer,
                s.subject,
                s.issuer,
                s.serial,
                s.certificate,
                s.fingerprint_sha256,
                s.valid_from,
                s.valid_to,
                s.anchor_sha256,
                s.time,
                name(&s.time_source),
                s.revision,
                s.revisions,
                s.covered_bytes as i64,
                s.note,
            ],
        )?;
    }
    Ok(())
}

/// A record's signatures, in signing order.
pub(crate) fn load(db: &Connection, record_id: i64) -> rusqlite::Result<Vec<SignatureRecord>> {
    let mut stmt = db.prepare(
        "SELECT kind, status, field, signer, subject, issuer, serial, certificate, fingerprint_sha256, valid_from,
                valid_to, anchor_sha256, time, time_source, revision, revisions, covered_bytes, note
         FROM signatures WHERE record_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([record_id], |r| {
        Ok(SignatureRecord {
            kind: parse(r.get(0)?)?,
            status: parse(r.get(1)?)?,
            field: r.get(2)?,
            signer: r.get(3)?,
            subject: r.get(4)?,
            issuer: r.get(5)?,
            serial: r.get(6)?,
            certificate: r.get(7)?,
            fingerprint_sha256: r.get(8)?,
            valid_from: r.get(9)?,
            valid_to: r.get(10)?,
            anchor_sha256: r.get(11)?,
            time: r.get(12)?,
            time_source: parse(r.get(13)?)?,
            revision: r.get(14)?,
            revisions: r.get(15)?,
            covered_bytes: r.get::<_, i64>(16)? as u64,
            note: r.get(17)?,
        })
    })?;
    rows.collect()
}

/// Text from a certificate or a PDF, safe to print (one rule for every
/// printer: [`crate::format::visible`]), so a name cannot fake or hide a line.
fn printable(text: &str) -> String {
    crate::format::visible(text).into_owned()
}

/// The signers for a record's line in `archive list` and `add`: ", underskrevet
/// af …", each unconfirmed one marked; empty when it is not signed.
pub fn list_summary(signatures: &[SignatureRecord]) -> String {
    let signers: Vec<String> = signatures
        .iter()
        .filter(|s| s.kind == SignatureKind::Signature)
        .map(|s| match s.status {
            SignatureStatus::Confirmed => printable(&s.signer),
            SignatureStatus::IntactUnconfirmed => format!("{} (ikke bekræftet)", printable(&s.signer)),
        })
        .collect();
    if signers.is_empty() { String::new() } else { format!(", underskrevet af {}", signers.join(" og ")) }
}

/// The lines of `archive show` about a record's signatures: label and text.
pub fn show_lines(signatures: &[SignatureRecord]) -> Vec<(String, String)> {
    if signatures.is_empty() {
        return vec![("Underskrift".to_string(), "ikke underskrevet".to_string())];
    }
    let mut lines = Vec::new();
    for (i, s) in signatures.iter().enumerate() {
        let n = i + 1;
        let time = match (&s.time, s.time_source) {
            (Some(t), TimeSource::TimeStamp) => format!("{t} (ifølge et tidsstempel)"),
            (Some(t), TimeSource::Claimed) => format!("{t} (som underskriveren selv angiver)"),
            _ => "ukendt (underskriften har hverken tidsstempel eller angivet tidspunkt)".to_string(),
        };
        match s.kind {
            SignatureKind::Signature => {
                lines.push((format!("Underskrift {n}"), format!("{}: {}", printable(&s.signer), s.note)));
                lines.push(("  Tidspunkt".to_string(), time));
            }
            SignatureKind::TimeStamp => {
                lines.push((format!("Tidsstempel {n}"), format!("{}: {}", time, s.note)));
                lines.push(("  Udstedt af".to_string(), printable(&s.signer)));
            }
        }
        lines.push((
            "  Certifikat".to_string(),
            format!(
                "SHA-256 {}; serienummer {}; udstedt af {}",
                printable(&s.fingerprint_sha256),
                printable(&s.serial),
                printable(&s.issuer)
            ),
        ));
        lines.push((
            "  Dækker".to_string(),
            format!("udgave {} af {} (de første {} bytes)", s.revision, s.revisions, s.covered_bytes),
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance_of(key: &str) -> Provenance {
        Provenance {
            kind: "halvårsopfølgning".into(),
            title: "Halvårsopfølgning 2008".into(),
            name: "halvaarsopfoelgning-2008".into(),
            unit: None,
            period: "1. halvår 2008".into(),
            year: 2008,
            case_number: None,
            document_number: None,
            date: "2008-09-01".into(),
            document_key: key.into(),
            workbook: "h.xlsx".into(),
            workbook_sha256: sha256_hex(b"PK bog"),
            model_sha256: None,
            templates_sha256: "ef".repeat(32),
            opfolg_version: "0.1.0".into(),
        }
    }

    /// An unsigned PDF with `xmp` as its catalogue's metadata and `attached`
    /// (name, bytes) in its EmbeddedFiles name tree.
    fn pdf(xmp: Option<&Provenance>, attached: &[(&str, Vec<u8>)]) -> Vec<u8> {
        pdf_with_pages(xmp, attached, None)
    }

    /// [`pdf`] whose metadata names `named` as its pages' hash (`None`:
    /// the right one; `Some("")`: none).
    fn pdf_with_pages(
        xmp: Option<&Provenance>,
        attached: &[(&str, Vec<u8>)],
        named: Option<&str>,
    ) -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let mut pairs = Vec::new();
        for (name, data) in attached {
            let file = doc.add_object(Stream::new(dictionary! { "Type" => "EmbeddedFile" }, data.clone()));
            let spec = doc.add_object(dictionary! { "Type" => "Filespec", "F" => Object::string_literal(*name), "EF" => dictionary! { "F" => file } });
            pairs.push(Object::string_literal(*name));
            pairs.push(Object::Reference(spec));
        }
        let pages =
            doc.add_object(dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 });
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages, "Names" => dictionary! { "EmbeddedFiles" => dictionary! { "Names" => pairs } } };
        if let Some(p) = xmp {
            let mut packet = format!(
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:opfolg=\"{}\">",
                crate::render::xmp::NAMESPACE
            );
            for (name, value) in p.to_xmp() {
                packet.push_str(&format!("<opfolg:{name}>{value}</opfolg:{name}>"));
            }
            let hash = named.map_or_else(|| crate::render::pages::sha256(&doc), str::to_string);
            if !hash.is_empty() {
                packet.push_str(&format!("<opfolg:pagesSHA256>{hash}</opfolg:pagesSHA256>"));
            }
            packet.push_str("</rdf:Description></rdf:RDF></x:xmpmeta>");
            let stream = doc.add_object(Stream::new(
                dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
                packet.into_bytes(),
            ));
            catalog.set("Metadata", stream);
        }
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn provenance_comes_from_the_metadata_and_an_attachment_must_agree_with_it() {
        let mine = provenance_of("opfolg/min");
        let json = |p: &Provenance| serde_json::to_vec(p).unwrap();
        // Metadata only: read, no workbook with it.
        let (read, embedded) = provenance(&Pdf::parse(&pdf(Some(&mine), &[])).unwrap()).unwrap();
        assert_eq!(read, mine);
        assert!(embedded.workbook.is_none());
        // With its sources attached, which agree: the workbook comes along.
        let with = pdf(Some(&mine), &[(PROVENANCE_FILE, json(&mine)), ("h.xlsx", b"PK bog".to_vec())]);
        let (_, embedded) = provenance(&Pdf::parse(&with).unwrap()).unwrap();
        assert_eq!(embedded.workbook.as_deref(), Some(&b"PK bog"[..]));
        // An attached provenance of another document: refused.
        let other = provenance_of("opfolg/en-anden");
        let forged = pdf(Some(&mine), &[(PROVENANCE_FILE, json(&other)), ("h.xlsx", b"PK bog".to_vec())]);
        let err = provenance(&Pdf::parse(&forged).unwrap()).unwrap_err();
        assert!(err.message.contains("siger noget forskelligt"), "{err}");
        // An attached workbook that is not the one named: refused.
        let swapped = pdf(Some(&mine), &[("h.xlsx", b"PK anden bog".to_vec())]);
        let err = provenance(&Pdf::parse(&swapped).unwrap()).unwrap_err();
        assert!(err.message.contains("er ikke den, dokumentet siger"), "{err}");
        // Neither metadata nor attachment: not opfolg's.
        let err = provenance(&Pdf::parse(&pdf(None, &[])).unwrap()).unwrap_err();
        assert!(err.message.contains("ikke lavet af opfolg"), "{err}");
    }

    #[test]
    fn provenance_that_names_other_pages_or_none_is_refused() {
        let mine = provenance_of("opfolg/min");
        let other = "ab".repeat(32);
        let err =
            provenance(&Pdf::parse(&pdf_with_pages(Some(&mine), &[], Some(&other))).unwrap()).unwrap_err();
        assert_eq!(err.code, "OF0716");
        assert!(err.message.contains("sider") && format!("{err:?}").contains(&other), "{err:?}");
        let err = provenance(&Pdf::parse(&pdf_with_pages(Some(&mine), &[], Some(""))).unwrap()).unwrap_err();
        assert_eq!(err.code, "OF0716");
        assert!(err.message.contains("pagesSHA256"), "{err:?}");
        // A copy with only its attached provenance (no metadata) names no pages either.
        let json = serde_json::to_vec(&mine).unwrap();
        let err = provenance(
            &Pdf::parse(&pdf(None, &[(PROVENANCE_FILE, json), ("h.xlsx", b"PK bog".to_vec())])).unwrap(),
        )
        .unwrap_err();
        assert_eq!(err.code, "OF0716");
    }

    fn good() -> Found {
        Found {
            field: "Underskrift".into(),
            kind: "signature".into(),
            byte_range: vec![0, 100, 200, 50],
            revision: 1,
            certificate: "MII=".into(),
            sha256: "ab".into(),
            subject: "Common Name: Bo".into(),
            common_name: Some("Bo".into()),
            organisation: Some("Kommune".into()),
            not_before: "2026-01-01T00:00:00Z".into(),
            not_after: "2027-01-01T00:00:00Z".into(),
            key_usage: Some(vec!["non_repudiation".into()]),
            key_usage_ok: true,
            signing_certificate_attribute: true,
            checked_at: Some("2026-06-01T00:00:00Z".into()),
            intact: true,
            valid: true,
            trusted: true,
            coverage: Some("ENTIRE_FILE".into()),
            modification_level: Some("NONE".into()),
            docmdp_ok: Some(true),
            signature_fields: vec!["Underskrift".into(), "Direktoer".into()],
            ..Found::default()
        }
    }

    #[test]
    fn a_trusted_intact_signature_is_confirmed_and_an_untrusted_one_is_not() {
        let r = decide(&good(), 3).unwrap();
        assert_eq!(r.status, SignatureStatus::Confirmed);
        assert_eq!(r.note, "gyldig, underskriver bekræftet");
        assert_eq!((r.revision, r.revisions, r.covered_bytes), (2, 3, 250));
        assert_eq!(r.time_source, TimeSource::Unknown);
        let r = decide(&Found { trusted: false, ..good() }, 3).unwrap();
        assert_eq!(r.status, SignatureStatus::IntactUnconfirmed);
        assert_eq!(r.note, "underskriften er intakt, men underskriveren er ikke bekræftet");
        assert!(!r.note.contains("gyldig"));
    }

    #[test]
    fn only_signatures_validation_data_and_time_stamps_may_follow_a_signature() {
        for level in ["OTHER", "ANNOTATIONS"] {
            let s = Found {
                modification_level: Some(level.into()),
                coverage: Some("ENTIRE_REVISION".into()),
                ..good()
            };
            assert!(decide(&s, 3).unwrap_err().contains("ændret efter underskriften"), "{level}");
        }
        let signing = Found {
            modification_level: Some("FORM_FILLING".into()),
            changed_form_fields: vec!["Direktoer".into()],
            ..good()
        };
        assert!(decide(&signing, 3).is_ok());
        let filling = Found { changed_form_fields: vec!["Beloeb".into()], ..signing };
        assert!(decide(&filling, 3).unwrap_err().contains("formularfeltet «Beloeb»"));
        assert!(decide(&Found { modification_level: None, ..good() }, 3).is_err());
        assert!(decide(&Found { docmdp_ok: Some(false), ..good() }, 3).unwrap_err().contains("certificeret"));
        assert!(
            decide(&Found { coverage: Some("CONTIGUOUS_BLOCK_FROM_START".into()), ..good() }, 3).is_err()
        );
        assert!(decide(&Found { visible: true, later_than_first: true, ..good() }, 3).is_err());
        assert!(decide(&Found { visible: true, ..good() }, 3).is_ok());
    }

    #[test]
    fn a_certificate_must_be_valid_then_and_fit_for_signing() {
        let expired = Found { checked_at: Some("2027-02-01T00:00:00Z".into()), ..good() };
        assert!(decide(&expired, 1).unwrap_err().contains("ikke gyldigt på underskriftstidspunktet"));
        let backdated = Found { claimed_time: Some("2025-12-31T23:59:59Z".into()), ..good() };
        assert!(decide(&backdated, 1).unwrap_err().contains("underskriveren angiver"));
        assert!(decide(&Found { key_usage_ok: false, ..good() }, 1).unwrap_err().contains("nøgleanvendelse"));
        assert!(decide(&Found { revoked: true, ..good() }, 1).unwrap_err().contains("spærret"));
        let weak =
            Found { trusted: false, trust_problem: Some("CRYPTO_CONSTRAINTS_FAILURE".into()), ..good() };
        assert!(decide(&weak, 1).unwrap_err().contains("ikke længere er sikker"));
        let bad = Found { trusted: false, trust_problem: Some("SIG_CRYPTO_FAILURE".into()), ..good() };
        assert!(decide(&bad, 1).is_err());
        // No chain to an anchor is no failure: intact, not confirmed.
        let unknown =
            Found { trusted: false, trust_problem: Some("NO_CERTIFICATE_CHAIN_FOUND".into()), ..good() };
        assert_eq!(decide(&unknown, 1).unwrap().status, SignatureStatus::IntactUnconfirmed);
        assert!(decide(&Found { intact: false, ..good() }, 1).unwrap_err().contains("hashværdien"));
        assert!(decide(&Found { valid: false, ..good() }, 1).is_err());
        let unseeded = Found { seed_value_error: Some("certificate not allowed".into()), ..good() };
        assert!(decide(&unseeded, 1).unwrap_err().contains("underskriftsfeltets krav"));
        let unbound = Found { signing_certificate_attribute: false, ..good() };
        assert!(decide(&unbound, 1).unwrap_err().contains("signing-certificate"));
        assert!(decide(&Found { error: Some("x".into()), ..good() }, 1).is_err());
    }

    #[test]
    fn the_time_comes_from_a_trusted_time_stamp_or_the_signers_claim_never_elsewhere() {
        let stamp =
            |trusted| Stamp { time: Some("2026-05-01T00:00:00Z".into()), intact: true, valid: true, trusted };
        // A time stamp no trusted authority vouches for gives way to the claim.
        for (trusted, time, source) in [
            (true, "2026-05-01T00:00:00Z", TimeSource::TimeStamp),
            (false, "2026-04-01T00:00:00Z", TimeSource::Claimed),
        ] {
            let s = Found {
                timestamp: Some(stamp(trusted)),
                claimed_time: Some("2026-04-01T00:00:00Z".into()),
                ..good()
            };
            let r = decide(&s, 1).unwrap();
            assert_eq!((r.time.as_deref(), r.time_source), (Some(time), source));
        }
        let broken = Stamp { valid: false, ..stamp(true) };
        assert!(
            decide(&Found { timestamp: Some(broken), ..good() }, 1).unwrap_err().contains("tidsstemplet")
        );
    }

    #[test]
    fn a_document_time_stamp_is_recorded_as_a_time_stamp() {
        let s = Found {
            kind: "timestamp".into(),
            timestamp: Some(Stamp {
                time: Some("2026-05-01T00:00:00Z".into()),
                intact: true,
                valid: true,
                trusted: false,
            }),
            extended_key_usage: Some(vec!["time_stamping".into()]),
            key_usage_ok: false,
            trusted: false,
            ..good()
        };
        let r = decide(&s, 1).unwrap();
        assert_eq!(r.kind, SignatureKind::TimeStamp);
        assert_eq!(r.time_source, TimeSource::TimeStamp);
        assert!(r.note.starts_with("tidsstempel"));
        assert_eq!(list_summary(&[r]), "");
        let no_eku = Found { extended_key_usage: None, ..s };
        assert!(decide(&no_eku, 1).unwrap_err().contains("timeStamping"));
    }

    #[test]
    fn a_signature_the_validator_did_not_see_refuses_the_file() {
        let report = Report {
            pyhanko: Some("0.38.0".into()),
            problem: None,
            detail: None,
            revisions: Some(2),
            signatures: vec![good()],
            unreadable_anchors: Vec::new(),
        };
        assert!(judge(&report, &[[0, 100, 200, 50]]).is_ok());
        let hidden = judge(&report, &[[0, 100, 200, 50], [0, 10, 20, 30]]).unwrap_err();
        assert!(hidden.to_string().contains("ikke henviser til"), "{hidden}");
        // A refusal names the field and signer escaped.
        let mut bad = report;
        bad.signatures[0].field = "Felt\nUnderskrift 2".into();
        bad.signatures[0].intact = false;
        let refused = judge(&bad, &[[0, 100, 200, 50]]).unwrap_err().to_string();
        assert!(refused.contains("«Felt\\nUnderskrift 2»"), "{refused}");
        assert!(!refused.lines().any(|l| l.starts_with("Underskrift 2")), "{refused}");
    }

    #[test]
    fn bytes_after_the_last_revision_are_found() {
        assert!(ends_with_a_revision(b"%PDF-1.7 ... startxref\n9\n%%EOF\n"));
        assert!(ends_with_a_revision(b"%PDF-1.7 ... %%EOF\r\n\0\0"));
        assert!(!ends_with_a_revision(b"%PDF-1.7 ... %%EOF\n% tilfoejet\n"));
        let last = Found { coverage: Some("ENTIRE_REVISION".into()), revision: 1, ..good() };
        assert!(decide(&last, 2).unwrap_err().contains("ikke en tilføjelse"));
        assert!(decide(&last, 3).is_ok());
    }

    #[test]
    fn printed_names_cannot_fake_lines() {
        assert_eq!(printable("Bo\n  Underskrift 2"), "Bo\\n  Underskrift 2");
        assert_eq!(printable("Bo\u{202E}neJ"), "Bo\\u{202e}neJ");
        assert_eq!(printable("Bøje Ærø"), "Bøje Ærø");
    }
}
