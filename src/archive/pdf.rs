//! Reading an archived PDF: the files it carries (opfolg's record of where
//! it came from) and its signatures.
//!
//! The PDF's structure is read with `lopdf`; a signature's cryptography is
//! checked with RustCrypto's CMS, X.509, RSA and ECDSA crates. What is
//! checked, and what is not, is in `docs/archive.md`.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use der::{Decode, Encode, SliceReader};
use lopdf::{Dictionary, Document, Object};
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::Certificate;

/// A PDF, parsed.
pub struct Pdf<'a> {
    bytes: &'a [u8],
    document: Document,
}

/// One signature of a PDF, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Who signed: the certificate's common name, and its organisation.
    pub signer: String,
    /// When, as the signature says (`/M`), `2026-11-22 14:05:00 +01:00`.
    pub time: Option<String>,
    /// Whether the signature holds: the signed bytes are unchanged and the
    /// signature over them is the certificate's.
    pub valid: bool,
    /// What was found, in Danish: why it is invalid, or what it covers.
    pub note: String,
    /// True when the signed bytes run to the end of the file; otherwise
    /// only incremental updates follow (else `valid` is false).
    pub covers_whole_file: bool,
}

impl<'a> Pdf<'a> {
    /// Parses `bytes` as a PDF.
    pub fn parse(bytes: &'a [u8]) -> Result<Pdf<'a>, String> {
        if !bytes.starts_with(b"%PDF-") {
            return Err("filen er ikke en PDF".to_string());
        }
        let document = Document::load_mem(bytes).map_err(|e| format!("PDF'en kan ikke læses: {e}"))?;
        Ok(Pdf { bytes, document })
    }

    /// The file attached under `name`, if any (decompressed).
    pub fn attachment(&self, name: &str) -> Option<Vec<u8>> {
        self.attachments().into_iter().find(|(n, _)| n == name).map(|(_, data)| data)
    }

    /// Every attached file: its name and its bytes (decompressed).
    pub fn attachments(&self) -> Vec<(String, Vec<u8>)> {
        self.document
            .objects
            .values()
            .filter_map(|object| {
                let spec = object.as_dict().ok()?;
                if spec.get(b"Type").and_then(Object::as_name).ok()? != b"Filespec" {
                    return None;
                }
                let name = [b"UF".as_slice(), b"F"]
                    .iter()
                    .find_map(|key| spec.get(key).ok().and_then(|o| o.as_str().ok()).map(text))?;
                let ef = self.resolve(spec.get(b"EF").ok()?)?.as_dict().ok()?;
                let stream = self.resolve(ef.get(b"F").ok()?)?.as_stream().ok()?;
                let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                Some((name, data))
            })
            .collect()
    }

    /// Every signature in the file, checked, in file order.
    pub fn signatures(&self) -> Vec<Signature> {
        let mut found: Vec<(i64, &Dictionary)> = self
            .document
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.has(b"ByteRange") && d.has(b"Contents"))
            .filter_map(|d| Some((byte_range(d)?[1], d)))
            .collect();
        found.sort_by_key(|(start, _)| *start);
        found.into_iter().map(|(_, d)| self.check(d)).collect()
    }

    fn resolve<'o>(&'o self, object: &'o Object) -> Option<&'o Object> {
        match object {
            Object::Reference(id) => self.document.get_object(*id).ok(),
            other => Some(other),
        }
    }

    fn check(&self, dict: &Dictionary) -> Signature {
        let time = dict.get(b"M").ok().and_then(|o| o.as_str().ok()).map(text).map(|m| pdf_date(&m));
        let invalid = |signer: String, note: String| Signature {
            signer,
            time: time.clone(),
            valid: false,
            note,
            covers_whole_file: false,
        };
        let Some(range) = byte_range(dict) else {
            return invalid(String::new(), "underskriftens /ByteRange er ugyldig".to_string());
        };
        let [a, b, c, d] = range.map(|x| usize::try_from(x).unwrap_or(usize::MAX));
        let len = self.bytes.len();
        // The signed bytes are everything but the signature's own hex string,
        // from the start of the file.
        if a != 0 || b >= c || c.checked_add(d).is_none_or(|end| end > len) {
            return invalid(String::new(), "underskriftens /ByteRange passer ikke til filen".to_string());
        }
        let gap = &self.bytes[b..c];
        let Some(cms) = hex_string(gap) else {
            return invalid(
                String::new(),
                "underskriftens /ByteRange dækker ikke kun underskriften".to_string(),
            );
        };
        let mut signed = Vec::with_capacity(b + d);
        signed.extend_from_slice(&self.bytes[..b]);
        signed.extend_from_slice(&self.bytes[c..c + d]);
        let subfilter = dict.get(b"SubFilter").and_then(Object::as_name).map(text).unwrap_or_default();
        let (signer, result) = verify_cms(&cms, &signed, subfilter == "ETSI.RFC3161");
        let end = c + d;
        let covers_whole_file = end == len;
        let tail = &self.bytes[end..];
        match result {
            Err(note) => invalid(signer, note),
            Ok(()) if covers_whole_file => Signature {
                signer,
                time,
                valid: true,
                note: "underskriften dækker hele filen".to_string(),
                covers_whole_file,
            },
            Ok(()) if is_incremental_update(&self.bytes[..end], tail) => Signature {
                signer,
                time,
                valid: true,
                note: format!(
                    "underskriften dækker filen til byte {end} af {len}; resten er tilføjelser (inkrementelle opdateringer)"
                ),
                covers_whole_file,
            },
            Ok(()) => invalid(
                signer,
                format!(
                    "filen er ændret efter underskriften: bytes efter {end} er ikke en tilføjelse til den underskrevne fil"
                ),
            ),
        }
    }
}

/// Text of a PDF string: UTF-16BE with its mark, else PDFDocEncoding (read
/// as Latin-1, which agrees on every letter the documents use).
fn text(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| b as char).collect()
}

fn byte_range(dict: &Dictionary) -> Option<[i64; 4]> {
    let array = dict.get(b"ByteRange").ok()?.as_array().ok()?;
    let numbers: Vec<i64> = array.iter().filter_map(|o| o.as_i64().ok()).collect();
    numbers.try_into().ok()
}

/// The bytes of a hex string `<...>` that fills `gap` exactly.
fn hex_string(gap: &[u8]) -> Option<Vec<u8>> {
    let inner = gap.strip_prefix(b"<")?.strip_suffix(b">")?;
    let digits: Vec<u8> = inner.iter().copied().filter(|c| !c.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits.chunks(2).map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok()).collect()
}

/// True when `tail` is one or more incremental updates of `signed`: the
/// signed revision ends with `%%EOF`, and the tail adds objects and a new
/// cross-reference section that ends with `%%EOF` too.
fn is_incremental_update(signed: &[u8], tail: &[u8]) -> bool {
    let trimmed = |b: &'_ [u8]| -> Vec<u8> {
        let end = b.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(0, |i| i + 1);
        b[..end].to_vec()
    };
    trimmed(signed).ends_with(b"%%EOF")
        && trimmed(tail).ends_with(b"%%EOF")
        && tail.windows(9).any(|w| w == b"startxref")
}

/// A PDF date (`D:20261122140500+01'00'`) as `2026-11-22 14:05:00 +01:00`.
fn pdf_date(date: &str) -> String {
    let d = date.strip_prefix("D:").unwrap_or(date);
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return date.to_string();
    }
    let part = |from: usize, to: usize| digits.get(from..to).unwrap_or("00").to_string();
    let zone = &d[digits.len()..];
    let zone = match zone.chars().next() {
        Some('Z') => " +00:00".to_string(),
        Some(sign @ ('+' | '-')) => {
            let z: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            format!(" {sign}{}:{}", z.get(0..2).unwrap_or("00"), z.get(2..4).unwrap_or("00"))
        }
        _ => String::new(),
    };
    format!(
        "{}-{}-{} {}:{}:{}{zone}",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(8, 10),
        part(10, 12),
        part(12, 14)
    )
}

const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const ORGANISATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");

/// The hash functions a signature may use.
#[derive(Clone, Copy)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn from_oid(oid: &ObjectIdentifier) -> Option<Hash> {
        match oid.to_string().as_str() {
            "2.16.840.1.101.3.4.2.1" | "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" => Some(Hash::Sha256),
            "2.16.840.1.101.3.4.2.2" | "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => Some(Hash::Sha384),
            "2.16.840.1.101.3.4.2.3" | "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => Some(Hash::Sha512),
            _ => None,
        }
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

/// Checks a CMS signature over `content` (detached). For a document time
/// stamp (`timestamp`) the CMS signs a time-stamp token instead, which must
/// hold the digest of `content`. Returns who signed, and `Err` with the
/// reason when the signature does not hold.
fn verify_cms(der_bytes: &[u8], content: &[u8], timestamp: bool) -> (String, Result<(), String>) {
    let unreadable = |e: der::Error| (String::new(), Err(format!("underskriften kan ikke læses ({e})")));
    // The hex string is padded with zeros after the CMS structure.
    let info = match SliceReader::new(der_bytes).and_then(|mut r| ContentInfo::decode(&mut r)) {
        Ok(info) => info,
        Err(e) => return unreadable(e),
    };
    if info.content_type != SIGNED_DATA {
        return (String::new(), Err("underskriften er ikke en CMS SignedData".to_string()));
    }
    let signed_data: SignedData = match info.content.decode_as() {
        Ok(sd) => sd,
        Err(e) => return unreadable(e),
    };
    let certificates: Vec<&Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(c) => Some(c),
            _ => None,
        })
        .collect();
    let Some(signer_info) = signed_data.signer_infos.0.iter().next() else {
        return (String::new(), Err("underskriften har ingen underskriver".to_string()));
    };
    let Some(certificate) = signer_certificate(signer_info, &certificates) else {
        return (String::new(), Err("underskriverens certifikat er ikke med i underskriften".to_string()));
    };
    let signer = signer_name(certificate);
    // What the signed attributes' digest covers: the PDF's bytes, or for a
    // time stamp the token, which names the PDF's digest itself.
    let covered = match (&signed_data.encap_content_info.econtent, timestamp) {
        (None, false) => content.to_vec(),
        (Some(token), true) => token.value().to_vec(),
        _ => return (signer, Err("underskriften har en uventet form (indlejret indhold)".to_string())),
    };
    let result = (|| {
        let hash = Hash::from_oid(&signer_info.digest_alg.oid)
            .ok_or_else(|| format!("ukendt hashfunktion {}", signer_info.digest_alg.oid))?;
        if timestamp && !contains(&covered, &hash.digest(content)) {
            return Err("tidsstemplet passer ikke til filens indhold".to_string());
        }
        let attributes =
            signer_info.signed_attrs.as_ref().ok_or("underskriften har ingen signerede attributter")?;
        let digest = attributes
            .iter()
            .find(|a| a.oid == MESSAGE_DIGEST)
            .and_then(|a| a.values.iter().next())
            .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
            .ok_or("underskriften mangler filens hashværdi")?;
        if digest.as_bytes() != hash.digest(&covered).as_slice() {
            return Err("filen er ændret efter underskriften (hashværdien passer ikke)".to_string());
        }
        let message = attributes.to_der().map_err(|e| format!("underskriften kan ikke læses ({e})"))?;
        verify_signature(certificate, signer_info, hash, &message)
    })();
    (signer, result)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn signer_certificate<'c>(signer: &SignerInfo, certificates: &[&'c Certificate]) -> Option<&'c Certificate> {
    certificates.iter().copied().find(|c| match &signer.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            c.tbs_certificate.issuer == id.issuer && c.tbs_certificate.serial_number == id.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(id) => {
            c.tbs_certificate.extensions.iter().flatten().filter(|e| e.extn_id == SUBJECT_KEY_ID).any(|e| {
                der::asn1::OctetString::from_der(e.extn_value.as_bytes())
                    .is_ok_and(|inner| inner.as_bytes() == id.0.as_bytes())
            })
        }
    })
}

/// "Name (Organisation)" from the certificate's subject.
fn signer_name(certificate: &Certificate) -> String {
    let field = |oid: ObjectIdentifier| {
        certificate
            .tbs_certificate
            .subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .find(|atv| atv.oid == oid)
            .and_then(|atv| std::str::from_utf8(atv.value.value()).ok().map(str::to_string))
    };
    match (field(COMMON_NAME), field(ORGANISATION)) {
        (Some(name), Some(org)) => format!("{name} ({org})"),
        (Some(name), None) => name,
        _ => certificate.tbs_certificate.subject.to_string(),
    }
}

/// Checks the signature value over the signed attributes with the
/// certificate's public key (RSA PKCS #1 v1.5, or ECDSA on P-256 or P-384).
fn verify_signature(
    certificate: &Certificate,
    signer: &SignerInfo,
    digest_hash: Hash,
    message: &[u8],
) -> Result<(), String> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::pkcs8::DecodePublicKey;
    let spki = certificate
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| format!("certifikatets nøgle kan ikke læses ({e})"))?;
    // The signature algorithm names the hash where it is not plain RSA.
    let hash = Hash::from_oid(&signer.signature_algorithm.oid).unwrap_or(digest_hash);
    let prehash = hash.digest(message);
    let value = signer.signature.as_bytes();
    let bad = || "underskriften passer ikke til certifikatet".to_string();
    let key_algorithm = certificate.tbs_certificate.subject_public_key_info.algorithm.oid.to_string();
    match key_algorithm.as_str() {
        // RSASSA-PSS: hash and salt length are the algorithm's parameters.
        "1.2.840.113549.1.1.1" if signer.signature_algorithm.oid.to_string() == "1.2.840.113549.1.1.10" => {
            let key = rsa::RsaPublicKey::from_public_key_der(&spki)
                .map_err(|e| format!("RSA-nøglen kan ikke læses ({e})"))?;
            let params = signer
                .signature_algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.to_der().ok())
                .ok_or("underskriftens RSA-PSS-parametre mangler")?;
            let params = rsa::pkcs1::RsaPssParams::from_der(&params)
                .map_err(|e| format!("underskriftens RSA-PSS-parametre kan ikke læses ({e})"))?;
            let hash = Hash::from_oid(&params.hash.oid).ok_or("ukendt hashfunktion i RSA-PSS")?;
            let salt = usize::from(params.salt_len);
            let scheme = match hash {
                Hash::Sha256 => rsa::Pss::new_with_salt::<Sha256>(salt),
                Hash::Sha384 => rsa::Pss::new_with_salt::<Sha384>(salt),
                Hash::Sha512 => rsa::Pss::new_with_salt::<Sha512>(salt),
            };
            key.verify(scheme, &hash.digest(message), value).map_err(|_| bad())
        }
        "1.2.840.113549.1.1.1" => {
            let key = rsa::RsaPublicKey::from_public_key_der(&spki)
                .map_err(|e| format!("RSA-nøglen kan ikke læses ({e})"))?;
            let scheme = match hash {
                Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
            };
            key.verify(scheme, &prehash, value).map_err(|_| bad())
        }
        "1.2.840.10045.2.1" => {
            if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) {
                let sig = p256::ecdsa::Signature::from_der(value).map_err(|_| bad())?;
                key.verify_prehash(&prehash, &sig).map_err(|_| bad())
            } else if let Ok(key) = p384::ecdsa::VerifyingKey::from_public_key_der(&spki) {
                let sig = p384::ecdsa::Signature::from_der(value).map_err(|_| bad())?;
                key.verify_prehash(&prehash, &sig).map_err(|_| bad())
            } else {
                Err("underskriften bruger en elliptisk kurve, som opfolg ikke kan kontrollere".to_string())
            }
        }
        other => Err(format!("underskriften bruger en nøgletype, som opfolg ikke kan kontrollere ({other})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_read_as_danish_readers_expect() {
        assert_eq!(pdf_date("D:20261122140500+01'00'"), "2026-11-22 14:05:00 +01:00");
        assert_eq!(pdf_date("D:20261122140500Z"), "2026-11-22 14:05:00 +00:00");
        assert_eq!(pdf_date("D:2026112214"), "2026-11-22 14:00:00");
        assert_eq!(pdf_date("i går"), "i går");
    }

    #[test]
    fn the_signature_gap_must_be_one_hex_string() {
        assert_eq!(hex_string(b"<30 8200ff>"), Some(vec![0x30, 0x82, 0x00, 0xff]));
        assert_eq!(hex_string(b"<308>"), None);
        assert_eq!(hex_string(b"<30>/M (x)"), None);
        assert_eq!(hex_string(b"(30)"), None);
    }

    #[test]
    fn only_an_appended_revision_counts_as_an_incremental_update() {
        let signed = b"%PDF-1.7\n...\nstartxref\n100\n%%EOF\n";
        assert!(is_incremental_update(
            signed,
            b"5 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n<<>>\nstartxref\n200\n%%EOF\n"
        ));
        assert!(!is_incremental_update(signed, b"garbage"));
        assert!(!is_incremental_update(b"%PDF-1.7\n5 0 obj", b"startxref\n1\n%%EOF"));
    }

    #[test]
    fn text_strings_decode_utf16_and_latin1() {
        assert_eq!(text(&[0xFE, 0xFF, 0x00, 0xE6, 0x00, 0x41]), "æA");
        assert_eq!(text(b"abc"), "abc");
    }
}
