//! Accounts for `opfolg serve --konti FIL`: the file an administrator
//! keeps with `opfolg konti`, the check of a password at login, and the
//! limits on guessing.
//!
//! The file has one account per line, `NAVN:HASH`, where the hash is an
//! argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH`: the
//! parameters and a random salt in the string). Blank lines and lines
//! starting with `#` are comments. A name has no `:`, no control character
//! and no space at its ends; names are told apart without regard to case
//! or Unicode form ([`folded`]).
//! No password is ever written, only its hash (docs/serve.md).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use argon2::{Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier};

use crate::diagnostics::{Diagnostic, Location};
use crate::format::visible;

/// The fewest characters a password may have.
pub const MIN_PASSWORD: usize = 10;
/// The most bytes a password may have (longer ones are refused, not cut).
pub const MAX_PASSWORD: usize = 1024;
/// The most characters a name may have.
pub const MAX_NAME: usize = 64;

/// The largest argon2 memory cost (KiB) a hash in the file may ask for: a
/// login costs at most this much memory (256 MiB).
const MAX_MEMORY_KIB: u32 = 256 * 1024;
/// The most passes a hash in the file may ask for.
const MAX_PASSES: u32 = 16;
/// The most lanes a hash in the file may ask for.
const MAX_LANES: u32 = 8;

/// The first lines of a file `opfolg konti` writes.
const HEADER: &str = "# opfolg konti: én konto pr. linje, NAVN:argon2id-hash (aldrig en adgangskode).\n# Ret den med «opfolg konti»; se docs/serve.md.\n";

/// One account: its name and the hash of its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The name, as the administrator wrote it (and as the archive records it).
    pub name: String,
    /// The argon2id PHC string of the password.
    pub hash: String,
}

/// Why a name cannot be an account's, in Danish; none when it can.
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("navnet er tomt".into())
    } else if name.chars().count() > MAX_NAME {
        Some(format!("navnet er længere end {MAX_NAME} tegn"))
    } else if name.chars().any(char::is_control) {
        Some("navnet har et styretegn (fx et linjeskift eller en tabulator)".into())
    } else if visible(name) != name {
        // Two names that look the same must not be two accounts.
        Some("navnet har et usynligt eller retningsskiftende tegn".into())
    } else if let Some(problem) = lookalike_problem(name) {
        Some(problem.into())
    } else if name.contains(':') {
        Some("navnet har et kolon (:), som skiller navn og hash i kontofilen".into())
    } else if name.trim() != name {
        Some("navnet begynder eller slutter med mellemrum".into())
    } else if name.starts_with('#') {
        Some("navnet begynder med #, som indleder en kommentar i kontofilen".into())
    } else {
        None
    }
}

/// Why a password cannot be `name`'s, in Danish; none when it can.
pub fn password_problem(name: &str, password: &str) -> Option<String> {
    if password.is_empty() {
        Some("adgangskoden er tom".into())
    } else if password.chars().count() < MIN_PASSWORD {
        Some(format!("adgangskoden er kortere end {MIN_PASSWORD} tegn"))
    } else if password.len() > MAX_PASSWORD {
        Some(format!("adgangskoden er længere end {MAX_PASSWORD} byte"))
    } else if password.chars().any(char::is_control) {
        Some("adgangskoden har et styretegn".into())
    } else if password.trim().is_empty() {
        Some("adgangskoden er kun mellemrum".into())
    } else if folded(password).contains(&folded(name)) {
        Some("adgangskoden indeholder navnet".into())
    } else {
        None
    }
}

/// The argon2id hash of `password` with a new random salt and the crate's
/// recommended parameters (19 MiB, 2 passes, 1 lane), as a PHC string.
pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("adgangskoden kan ikke hashes: {e}"))
}

/// True when `password` is the one `hash` was made from. The parameters
/// are the hash's own; a hash that cannot be read verifies nothing.
pub fn verify(hash: &str, password: &str) -> bool {
    if password.len() > MAX_PASSWORD {
        return false;
    }
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Why a PHC string in the file cannot be used, in Danish; none when it can.
fn hash_problem(hash: &str) -> Option<String> {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return Some("hashen er ikke en PHC-streng ($argon2id$v=19$m=…,t=…,p=…$salt$hash)".into());
    };
    if parsed.algorithm.as_str() != "argon2id" {
        return Some(format!("hashen er ikke argon2id, men {}", visible(parsed.algorithm.as_str())));
    }
    if parsed.salt.is_none() || parsed.hash.is_none() {
        return Some("hashen mangler salt eller værdi".into());
    }
    match Params::try_from(&parsed) {
        Err(e) => Some(format!("hashens parametre holder ikke: {e}")),
        Ok(p) if p.m_cost() > MAX_MEMORY_KIB || p.t_cost() > MAX_PASSES || p.p_cost() > MAX_LANES => {
            Some(format!(
                "hashens parametre er for store (højst m={MAX_MEMORY_KIB}, t={MAX_PASSES}, p={MAX_LANES})"
            ))
        }
        Ok(_) => None,
    }
}

/// `name` in Unicode's composed form (NFC), as names are kept: «Å» as one
/// character, also when it came as `A` with a combining ring.
pub fn composed(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect()
}

/// Why `name` could read as another name, in Danish; none when it cannot.
/// Two spaces in a row are shown as one on a page. Composed (NFC), every
/// mark a Latin, Greek
/// or Cyrillic letter has a letter for is part of that letter; a mark left
/// over is laid over or beside the character before it, so `o` + U+0338
/// reads as «ø» and is not «ø». A name may not begin with a mark nor
/// stack more than two on one character (other scripts write their vowels
/// as marks, so only those three alphabets are held to none).
pub fn lookalike_problem(name: &str) -> Option<&'static str> {
    use unicode_normalization::char::is_combining_mark;
    let chars: Vec<char> = name.chars().collect();
    if chars.windows(2).any(|w| w[0].is_whitespace() && w[1].is_whitespace()) {
        return Some("navnet har to mellemrum efter hinanden, som en side viser som ét");
    }
    let mut base: Option<char> = None;
    let mut stacked = 0;
    for c in composed(name).chars() {
        if !is_combining_mark(c) {
            (base, stacked) = (Some(c), 0);
            continue;
        }
        stacked += 1;
        match base {
            None => return Some("navnet begynder med et tegn, der sættes på tegnet før"),
            Some(b) if u32::from(b) < 0x530 => {
                return Some(
                    "navnet har et tegn sat over, under eller gennem et bogstav, som ikke er et bogstav for sig (fx o med en skråstreg, der ligner ø)",
                );
            }
            _ if stacked > 2 => return Some("navnet har mere end to tegn sat på samme tegn"),
            _ => {}
        }
    }
    None
}

/// What names are told apart by: the name in Unicode's compatibility form
/// (NFKC) with its case folded, so a name typed with a combining mark
/// (`A` + U+030A for «Å»), in fullwidth letters («ａｎｎａ») or in another
/// case is the same name, and the same account.
pub fn folded(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower = name.nfkc().collect::<String>().to_lowercase();
    lower.nfkc().collect()
}

/// The account named `name` (without regard to case or Unicode form), if there is one.
pub fn find<'a>(accounts: &'a [Account], name: &str) -> Option<&'a Account> {
    position(accounts, name).map(|i| &accounts[i])
}

/// Where the account named `name` (without regard to case or Unicode form) is in the list.
pub fn position(accounts: &[Account], name: &str) -> Option<usize> {
    let wanted = folded(name);
    accounts.iter().position(|a| folded(&a.name) == wanted)
}

/// The accounts of a file's text; `file` names it in the problems, each
/// at its line.
pub fn parse(text: &str, file: &str) -> Result<Vec<Account>, Diagnostic> {
    let mut accounts: Vec<(usize, Account)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let at = || Location::line(file, n);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, hash)) = line.split_once(':') else {
            return Err(Diagnostic::error("OF0802", "linjen er ikke NAVN:HASH").at(at()).hint(
                "én konto pr. linje, som «opfolg konti tilfoej» skriver den; en kommentar begynder med #",
            ));
        };
        if let Some(problem) = name_problem(name) {
            return Err(Diagnostic::error(
                "OF0802",
                format!("kontoen har et navn, der ikke kan bruges: {problem}"),
            )
            .at(at())
            .found(visible(name).into_owned()));
        }
        if let Some(problem) = hash_problem(hash) {
            return Err(Diagnostic::error("OF0802", format!("kontoen «{}»: {problem}", visible(name)))
                .at(at())
                .hint("giv kontoen en ny adgangskode med «opfolg konti adgangskode NAVN»"));
        }
        if let Some((first, _)) = accounts.iter().find(|(_, a)| folded(&a.name) == folded(name)) {
            return Err(Diagnostic::error(
                "OF0805",
                format!("kontoen «{}» står der to gange", visible(name)),
            )
            .at(at())
            .hint(format!(
                "den står også i linje {first}; navne skelnes ikke på store og små bogstaver eller på, hvordan et bogstav er skrevet (fx Å som ét tegn eller som A med ring)"
            )));
        }
        accounts.push((n, Account { name: name.to_string(), hash: hash.to_string() }));
    }
    Ok(accounts.into_iter().map(|(_, a)| a).collect())
}

fn shown(path: &Path) -> String {
    visible(&path.display().to_string()).into_owned()
}

/// The accounts of the file at `path`.
pub fn read(path: &Path) -> Result<Vec<Account>, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error("OF0801", "kontofilen kan ikke læses")
            .at(Location::file(shown(path)))
            .found(crate::diagnostics::io_reason(&e))
            .hint("opret den med «opfolg konti --fil FIL tilfoej NAVN»")
    })?;
    parse(&text, &shown(path))
}

/// The accounts of the file at `path`, or none when there is no file yet.
pub fn read_or_none(path: &Path) -> Result<Vec<Account>, Diagnostic> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(Vec::new());
    }
    read(path)
}

/// Writes `accounts` to `path` at once: to a new file (readable by its
/// owner only) beside it, then renamed over it, so a server reading it
/// never sees half a file.
pub fn write(path: &Path, accounts: &[Account]) -> Result<(), Diagnostic> {
    use std::io::Write;
    let failed = |e: std::io::Error| {
        Diagnostic::error("OF0808", "kontofilen kan ikke skrives")
            .at(Location::file(shown(path)))
            .found(crate::diagnostics::io_reason(&e))
    };
    // A symbolic link is followed: the file it leads to is what a server
    // given either name reads. Renamed over, the link would become a file
    // of its own and the server reading the other name would keep a
    // removed account.
    let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if linked { Some(std::fs::canonicalize(path).map_err(failed)?) } else { None };
    let path = target.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut text = String::from(HEADER);
    for a in accounts {
        text.push_str(&format!("{}:{}\n", a.name, a.hash));
    }
    // tempfile makes the file with mode 0600 on Unix.
    let mut file = tempfile::Builder::new().prefix(".konti-").tempfile_in(dir).map_err(failed)?;
    // The new file keeps the old one's owner where it may (run as root for
    // a service's file): the server must still be able to read it.
    #[cfg(unix)]
    if let Ok(old) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file.as_file(), Some(old.uid()), Some(old.gid()));
    }
    file.write_all(text.as_bytes()).map_err(failed)?;
    file.as_file().sync_all().map_err(failed)?;
    file.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

/// What identifies one version of the file: a change of any is a new file
/// (a `chmod` or `chown` changes neither time nor size).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
    mode: u32,
    owner: u32,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let (inode, mode, owner) = {
        use std::os::unix::fs::MetadataExt;
        (m.ino(), m.mode(), m.uid())
    };
    #[cfg(not(unix))]
    let (inode, mode, owner) = (0, 0, 0);
    Some(Stamp { modified: m.modified().ok(), len: m.len(), inode, mode, owner })
}

/// Why the server may not trust the file at `path` (followed, if it is a
/// symbolic link) with its logins: others than its owner may write it (and
/// so add an account), anyone may read it (and guess at the hashes
/// offline), or it is owned by neither the server's user nor root. On a
/// system without Unix permissions, none.
fn trust_problem(path: &Path) -> Result<(), Diagnostic> {
    #[cfg(unix)]
    if let Some(problem) = loose(path) {
        return Err(Diagnostic::error("OF0809", problem).at(Location::file(shown(path))).hint(
            "giv den rettighederne 600 eller 640 og serverens bruger som ejer (chmod 600 FIL; chown BRUGER FIL), som «opfolg konti» skriver den",
        ));
    }
    Ok(())
}

/// What [`trust_problem`] refuses in the file's mode and owner, in Danish.
#[cfg(unix)]
fn loose(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    let mode = m.mode() & 0o777;
    let me = nix::unistd::geteuid().as_raw();
    if mode & 0o022 != 0 {
        Some(format!("andre end ejeren kan skrive i kontofilen (rettigheder {mode:o})"))
    } else if mode & 0o004 != 0 {
        Some(format!("alle kan læse kontofilen (rettigheder {mode:o})"))
    } else if m.uid() != me && m.uid() != 0 {
        Some(format!("kontofilen ejes af bruger-id {}, ikke af serverens ({me}) eller root", m.uid()))
    } else {
        None
    }
}

/// The accounts as read from the file, shared with the requests.
pub type Shared = Arc<Vec<Account>>;

/// The accounts file as the server keeps it: read again whenever it
/// changes (its time, size, inode, permissions or owner), so a removed account or a changed
/// password counts at the next request. A file that has become unreadable
/// or malformed lets no one in until it is mended.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    loaded: Mutex<(Option<Stamp>, Option<Shared>)>,
}

impl Store {
    /// The file at `path`, read now: a file that cannot be read or has a
    /// malformed line, or has no account, or that others may write or
    /// anyone read (OF0809), is refused (a server no one can
    /// log in to is no use).
    pub fn open(path: &Path) -> Result<Store, Diagnostic> {
        let before = stamp(path);
        let accounts = read(path)?;
        if accounts.is_empty() {
            return Err(Diagnostic::error("OF0803", "kontofilen har ingen konti, så ingen kan logge ind")
                .at(Location::file(shown(path)))
                .hint("opret en konto med «opfolg konti --fil FIL tilfoej NAVN»"));
        }
        trust_problem(path)?;
        Ok(Store { path: path.to_path_buf(), loaded: Mutex::new((before, Some(Arc::new(accounts)))) })
    }

    /// The accounts as the file has them now; none while it cannot be read.
    pub fn current(&self) -> Option<Shared> {
        let now = stamp(&self.path);
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        if now.is_none() || loaded.0 != now {
            loaded.1 = match trust_problem(&self.path).and_then(|()| read(&self.path)) {
                Ok(a) => Some(Arc::new(a)),
                Err(d) => {
                    // The server's log: where the file is wrong (never a password).
                    eprintln!("{d}");
                    None
                }
            };
            loaded.0 = now;
        }
        loaded.1.clone()
    }
}

/// A count of attempts per key (an account's name, a client's address)
/// in a window of time: at most `limit` in `window`, then refused until
/// the window ends.
#[derive(Debug)]
pub struct Throttle {
    limit: u32,
    window: Duration,
    max_keys: usize,
    counts: Mutex<HashMap<String, (u32, Instant)>>,
}

/// The most keys a throttle keeps: when full, ended windows are forgotten
/// first, then the key with the fewest attempts (the oldest of those).
pub const MAX_KEYS: usize = 10_000;

impl Throttle {
    /// At most `limit` attempts per key in `window`.
    pub fn new(limit: u32, window: Duration) -> Throttle {
        Throttle::keeping(limit, window, MAX_KEYS)
    }

    /// As [`Throttle::new`], keeping at most `max_keys` keys.
    fn keeping(limit: u32, window: Duration, max_keys: usize) -> Throttle {
        Throttle { limit, window, max_keys, counts: Mutex::new(HashMap::new()) }
    }

    /// Counts an attempt for `key`; false (and not counted) when the key
    /// has used up its attempts in this window.
    pub fn attempt(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() >= self.max_keys && !counts.contains_key(key) {
            counts.retain(|_, (_, start)| now.duration_since(*start) < self.window);
            // The fewest attempts go first, not the oldest: a flood of
            // names tried once each must not wipe out a name tried to its limit.
            if counts.len() >= self.max_keys
                && let Some(least) = counts.iter().min_by_key(|(_, (n, s))| (*n, *s)).map(|(k, _)| k.clone())
            {
                counts.remove(&least);
            }
        }
        let entry = counts.entry(key.to_string()).or_insert((0, now));
        if now.duration_since(entry.1) >= self.window {
            *entry = (0, now);
        }
        if entry.0 >= self.limit {
            return false;
        }
        entry.0 += 1;
        true
    }

    /// Takes back one attempt of `key` (it succeeded).
    pub fn undo(&self, key: &str) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = counts.get_mut(key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }

    /// Forgets `key`'s attempts (its account logged in).
    pub fn forget(&self, key: &str) {
        self.counts.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWORD: &str = "korrekt hest batteri";

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash(PASSWORD).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(!h.contains(PASSWORD));
        assert!(verify(&h, PASSWORD));
        assert!(!verify(&h, "korrekt hest batteriX"));
        assert!(!verify(&h, ""));
        assert!(!verify("ikke en hash", PASSWORD));
        assert_ne!(hash(PASSWORD).unwrap(), h, "a new salt each time");
    }

    #[test]
    fn names_and_passwords_are_refused_with_a_reason() {
        for bad in [
            "",
            " anna",
            "anna ",
            "an:na",
            "an\nna",
            "an\tna",
            "#anna",
            "a\u{7f}",
            "an\u{200b}na",
            "\u{202e}anna",
            "anna\u{feff}",
            "anna\u{3164}",
            "an\u{2800}na",
            &"x".repeat(65),
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["anna", "Anna Jensen", "sekretær-2", "ø"] {
            assert_eq!(name_problem(good), None, "{good:?}");
        }
        for bad in
            ["", "kort", "123456789", "anna1234567", "ANNA-er-bedst", "med\nlinje12345", "            "]
        {
            assert!(password_problem("anna", bad).is_some(), "{bad:?}");
        }
        assert!(password_problem("anna", &"x".repeat(MAX_PASSWORD + 1)).is_some());
        assert_eq!(password_problem("anna", "ti tegn ok"), None);
        assert_eq!(password_problem("anna", "æøåæøåæøåæ"), None, "characters, not bytes");
    }

    #[test]
    fn the_file_round_trips_and_holds_no_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("konti");
        assert_eq!(read_or_none(&path).unwrap(), Vec::new());
        let accounts = vec![
            Account { name: "anna".into(), hash: hash(PASSWORD).unwrap() },
            Account { name: "Bo Ærø".into(), hash: hash("et andet kodeord").unwrap() },
        ];
        write(&path, &accounts).unwrap();
        assert_eq!(read(&path).unwrap(), accounts);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(PASSWORD) && !text.contains("et andet kodeord"));
        assert!(text.starts_with('#'), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        // Written through a symbolic link, the file it leads to changes and
        // the link stays a link.
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            write(&link, &accounts[..1]).unwrap();
            assert_eq!(read(&path).unwrap(), accounts[..1].to_vec(), "the file itself");
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            std::fs::remove_file(&path).unwrap();
            assert_eq!(write(&link, &accounts).unwrap_err().code, "OF0808", "a dangling link");
            std::fs::remove_file(&link).unwrap();
        }
        assert_eq!(find(&accounts, "ANNA").unwrap().name, "anna");
        assert_eq!(find(&accounts, "bo ærø").unwrap().name, "Bo Ærø");
        assert!(find(&accounts, "ann").is_none());
    }

    #[test]
    fn a_malformed_line_is_named_by_its_line() {
        let good = hash(PASSWORD).unwrap();
        let cases = [
            (format!("# k\n\nanna:{good}\nbo\n"), 4, "OF0802"),
            (format!("anna:{good}\n an:{good}\n"), 2, "OF0802"),
            ("anna:hemmelig\n".to_string(), 1, "OF0802"),
            (
                "anna:$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA\n".to_string(),
                1,
                "OF0802",
            ),
            (
                "anna:$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA\n".to_string(),
                1,
                "OF0802",
            ),
            ("anna:$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ\n".to_string(), 1, "OF0802"),
            (format!("anna:{good}\r\nbo:{good}\nANNA:{good}\n"), 3, "OF0805"),
        ];
        for (text, line, code) in cases {
            let d = parse(&text, "konti").unwrap_err();
            assert_eq!((d.code, d.location.as_ref().unwrap().line), (code, Some(line)), "{text}: {d}");
            assert!(d.to_string().contains("konti"), "{d}");
        }
        // A hash with the password in it is never echoed: only the name is.
        let d = parse("anna:hemmeligt-kodeord\n", "konti").unwrap_err();
        assert!(!d.to_string().contains("hemmeligt"), "{d}");
        assert_eq!(parse(&format!("anna:{good}\r\n"), "konti").unwrap().len(), 1);
    }

    #[test]
    fn the_store_follows_the_file_and_refuses_an_empty_or_broken_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("konti");
        assert_eq!(Store::open(&path).unwrap_err().code, "OF0801");
        write(&path, &[]).unwrap();
        assert_eq!(Store::open(&path).unwrap_err().code, "OF0803");
        let anna = Account { name: "anna".into(), hash: hash(PASSWORD).unwrap() };
        write(&path, std::slice::from_ref(&anna)).unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.current().unwrap().len(), 1);
        let bo = Account { name: "bo".into(), hash: hash(PASSWORD).unwrap() };
        write(&path, &[bo]).unwrap();
        assert_eq!(store.current().unwrap()[0].name, "bo", "read again after a change");
        std::fs::write(&path, "ødelagt\n").unwrap();
        assert!(store.current().is_none(), "a broken file lets no one in");
        std::fs::remove_file(&path).unwrap();
        assert!(store.current().is_none(), "nor does a missing one");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_write_or_anyone_read_lets_no_one_in() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("konti");
        let anna = Account { name: "anna".into(), hash: hash(PASSWORD).unwrap() };
        write(&path, std::slice::from_ref(&anna)).unwrap();
        let chmod =
            |mode: u32| std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        for mode in [0o666, 0o620, 0o602, 0o604, 0o644] {
            chmod(mode);
            let d = Store::open(&path).unwrap_err();
            assert_eq!(d.code, "OF0809", "{mode:o}: {d}");
            assert!(d.to_string().contains(&format!("{mode:o}")), "{d}");
        }
        chmod(0o640);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.current().unwrap().len(), 1);
        // Loosened while the server runs (time and size unchanged): no one in.
        chmod(0o646);
        assert!(store.current().is_none(), "a chmod is noticed");
        chmod(0o600);
        assert_eq!(store.current().unwrap().len(), 1, "and mended");
        // A symbolic link is judged by the file it leads to.
        let link = dir.path().join("link");
        symlink(&path, &link).unwrap();
        assert!(Store::open(&link).is_ok());
        chmod(0o666);
        assert_eq!(Store::open(&link).unwrap_err().code, "OF0809");
    }

    #[test]
    fn a_name_in_another_unicode_form_is_the_same_account() {
        let good = hash(PASSWORD).unwrap();
        // «Åse» as one character and as A with a combining ring; «anna»
        // in fullwidth letters; a ligature. Each looks like the first.
        for (first, second) in
            [("Åse", "A\u{30a}se"), ("anna", "ａｎｎａ"), ("ﬁn", "FIN"), ("Søren", "SØREN")]
        {
            assert_eq!(name_problem(second), None, "{second:?} is a name, but not a new one");
            let d = parse(&format!("{first}:{good}\n{second}:{good}\n"), "konti").unwrap_err();
            assert_eq!((d.code, d.location.as_ref().unwrap().line), ("OF0805", Some(2)), "{second:?}: {d}");
            let accounts = vec![Account { name: first.into(), hash: good.clone() }];
            assert_eq!(find(&accounts, second).map(|a| a.name.as_str()), Some(first), "{second:?}");
            assert_eq!(position(&accounts, second), Some(0));
        }
        assert_ne!(folded("Åse"), folded("Ase"), "a letter is still told from another");
        assert_eq!(composed("A\u{30a}se"), "Åse");
    }

    #[test]
    fn a_mark_that_makes_a_letter_look_like_another_is_refused() {
        // «ø» drawn as o with a combining slash, «é» as e with a mark that
        // composes (allowed), a name that begins with a mark, a pile of marks.
        for bad in [
            "So\u{338}ren",
            "\u{301}anna",
            "anna\u{336}",
            "anna\u{20d2}",
            "a \u{20dd}",
            "Anna  Jensen",
            "Anna \u{a0}Jensen",
        ] {
            assert!(lookalike_problem(bad).is_some(), "{bad:?}");
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        let stacked = format!("\u{915}{}", "\u{93f}".repeat(3));
        assert!(lookalike_problem(&stacked).is_some(), "three marks on one character");
        for good in
            ["Søren", "Åse", "A\u{30a}se", "Ren\u{e9}e", "Nguy\u{1ec5}n", "e\u{323}\u{302}", "\u{915}\u{93f}"]
        {
            assert_eq!(lookalike_problem(good), None, "{good:?}");
        }
        assert!(password_problem("anna", "ＡＮＮＡ-er-bedst").is_some(), "the name in fullwidth letters");
    }

    #[test]
    fn a_throttle_refuses_past_its_limit_per_key() {
        let t = Throttle::new(3, Duration::from_secs(3600));
        assert!(t.attempt("a") && t.attempt("a") && t.attempt("a"));
        assert!(!t.attempt("a"), "the fourth in the window");
        assert!(t.attempt("b"), "another key has its own count");
        t.undo("a");
        assert!(t.attempt("a") && !t.attempt("a"));
        t.forget("a");
        assert!(t.attempt("a"));
        let quick = Throttle::new(1, Duration::ZERO);
        assert!(quick.attempt("a") && quick.attempt("a"), "a new window each time");
    }

    #[test]
    fn a_flood_of_new_keys_does_not_wipe_a_stopped_ones_count() {
        let t = Throttle::keeping(5, Duration::from_secs(3600), 100);
        for _ in 0..5 {
            assert!(t.attempt("anna"));
        }
        assert!(!t.attempt("anna"));
        // Many names tried once each, more than the throttle keeps.
        for i in 0..1000 {
            assert!(t.attempt(&format!("navn-{i}")));
        }
        assert!(!t.attempt("anna"), "anna is still stopped");
        assert!(t.counts.lock().unwrap().len() <= 100, "the memory stays bounded");
    }
}
