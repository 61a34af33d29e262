//! Who is who on the page: sessions with random ids, each with its own
//! form token and its own folder for the workbooks it uploads and the
//! documents made from them.
//!
//! A session sees only what it uploaded: every file is found through the
//! session (by the number the server gave it), never through a name or a
//! path from the browser.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostics::Diagnostic;
use crate::model::DocumentKind;

/// The most sessions kept at once; the one used longest ago is forgotten
/// (with its files) to make room.
pub const MAX_SESSIONS: usize = 200;
/// The most workbooks a session keeps; the oldest is forgotten first.
pub const MAX_WORKBOOKS: usize = 20;

/// 32 hex digits from the operating system's random source: 128 bits no
/// one guesses.
pub fn random_token() -> String {
    let mut bytes = [0u8; 16];
    // Without a random source no session can be safe: refuse to go on.
    getrandom::fill(&mut bytes).expect("the operating system gives no random numbers");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time that does not tell how much of them matched.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One browser's work.
#[derive(Debug)]
pub struct Session {
    /// The token every form of this session carries.
    pub csrf: String,
    /// The session's own folder.
    pub dir: PathBuf,
    /// The workbooks uploaded, oldest first.
    pub workbooks: Vec<Upload>,
    /// The user the reverse proxy named when the session began (behind a
    /// proxy), or the account logged in (with `--konti`): the session is
    /// theirs alone.
    pub user: Option<String>,
    /// With `--konti`: the login this session was made by; none before login.
    pub login: Option<Login>,
    next: u32,
    used: u64,
}

/// A login (with `--konti`): the session holds while its account has the
/// same password hash, is used at least every [`IDLE`], and is younger
/// than [`MAX_AGE`].
#[derive(Debug, Clone)]
pub struct Login {
    /// The account's hash when it logged in: a new password ends the session.
    pub hash: String,
    /// When it logged in.
    pub since: std::time::Instant,
    /// When it was last used.
    pub last: std::time::Instant,
}

/// A logged-in session unused this long is logged out.
pub const IDLE: std::time::Duration = std::time::Duration::from_secs(2 * 60 * 60);
/// A logged-in session this old is logged out, however much it is used.
pub const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(12 * 60 * 60);

impl Login {
    /// True when the login still holds for an account whose hash is now
    /// `hash`; it then counts as used.
    pub fn holds(&mut self, hash: &str) -> bool {
        let now = std::time::Instant::now();
        let holds = same_token(&self.hash, hash)
            && now.duration_since(self.last) < IDLE
            && now.duration_since(self.since) < MAX_AGE;
        if holds {
            self.last = now;
        }
        holds
    }
}

/// A workbook uploaded, as checked, and what was made from it.
#[derive(Debug)]
pub struct Upload {
    /// The number the server gave it (in addresses).
    pub id: u32,
    /// The name shown and given to the documents: the browser's file name
    /// made safe.
    pub name: String,
    /// Where it lies: in its own folder under the session's folder.
    pub path: PathBuf,
    /// What check found.
    pub check: Checked,
    /// The documents made from it, once asked for.
    pub built: Option<Made>,
    /// The number under which the server keeps the pages of its latest
    /// build's PDFs, for the preview (`super::preview`).
    pub preview: Option<u64>,
    /// How far the documents being made have come, while they are made.
    pub making: Option<Arc<super::Progress>>,
}

/// What check found in a workbook.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The kind of paper, when the workbook could be read that far.
    pub kind: Option<DocumentKind>,
    /// What it holds, in a line ("12 mål-rækker: ...").
    pub summary: Option<String>,
    /// Every problem, errors and warnings.
    pub problems: Vec<Diagnostic>,
}

impl Checked {
    /// True when documents can be made.
    pub fn ok(&self) -> bool {
        self.kind.is_some()
            && !self.problems.iter().any(|d| d.severity == crate::diagnostics::Severity::Error)
    }
}

/// The documents made from an upload.
#[derive(Debug, Clone)]
pub struct Made {
    /// Every file made, by the number the page gives it: files are only
    /// added (the PDFs first, then the Word documents), so a number once
    /// shown always names the same file.
    pub files: Vec<PathBuf>,
    /// Each document with the numbers of its files.
    pub documents: Vec<(String, Vec<usize>)>,
    /// Documents that could not be made, with why.
    pub failures: Vec<(String, Vec<Diagnostic>)>,
    /// Warnings of the build.
    pub warnings: Vec<Diagnostic>,
    /// The upload this version corrects, and what changed.
    pub corrects: Option<(u32, Vec<String>)>,
}

impl Session {
    /// The upload numbered `id`, if this session has it.
    pub fn upload(&self, id: u32) -> Option<&Upload> {
        self.workbooks.iter().find(|u| u.id == id)
    }

    /// As [`Session::upload`], to change it.
    pub fn upload_mut(&mut self, id: u32) -> Option<&mut Upload> {
        self.workbooks.iter_mut().find(|u| u.id == id)
    }

    /// Makes room for an upload named `name` (already made safe) and says
    /// its number and where to put it. The oldest upload beyond
    /// [`MAX_WORKBOOKS`] is forgotten, with its files.
    pub fn reserve(&mut self, name: &str) -> std::io::Result<(u32, PathBuf)> {
        while self.workbooks.len() >= MAX_WORKBOOKS {
            let old = self.workbooks.remove(0);
            if let Some(dir) = old.path.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        self.next += 1;
        let dir = self.dir.join(self.next.to_string());
        std::fs::create_dir_all(&dir)?;
        Ok((self.next, dir.join(name)))
    }
}

/// A session shared between the requests of its browser.
pub type Shared = Arc<Mutex<Session>>;

/// Every session, by id.
#[derive(Debug)]
pub struct Sessions {
    root: PathBuf,
    /// A clock counting uses (which session was used longest ago), and the sessions.
    by_id: Mutex<(u64, HashMap<String, Shared>)>,
}

impl Sessions {
    /// Sessions whose folders are made under `root`.
    pub fn new(root: &Path) -> Sessions {
        Sessions { root: root.to_path_buf(), by_id: Mutex::new((0, HashMap::new())) }
    }

    /// The session with this id, if there is one.
    pub fn get(&self, id: &str) -> Option<Arc<Mutex<Session>>> {
        let mut guard = self.by_id.lock().unwrap_or_else(|e| e.into_inner());
        let (clock, map) = &mut *guard;
        *clock += 1;
        let session = map.get(id)?.clone();
        session.lock().unwrap_or_else(|e| e.into_inner()).used = *clock;
        Some(session)
    }

    /// A new session, with its id.
    pub fn create(&self) -> std::io::Result<(String, Arc<Mutex<Session>>)> {
        let id = random_token();
        // The folder is named by a number of the server's, not by the id:
        // the id is a secret and stays out of paths and logs.
        let dir = tempfile::Builder::new().prefix("session-").tempdir_in(&self.root)?.keep();
        let mut guard = self.by_id.lock().unwrap_or_else(|e| e.into_inner());
        let (clock, map) = &mut *guard;
        *clock += 1;
        while map.len() >= MAX_SESSIONS {
            let oldest =
                map.iter().min_by_key(|(_, s)| s.lock().map(|s| s.used).unwrap_or(0)).map(|(k, _)| k.clone());
            let Some(oldest) = oldest else { break };
            if let Some(s) = map.remove(&oldest) {
                let dir = s.lock().unwrap_or_else(|e| e.into_inner()).dir.clone();
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        let session = Arc::new(Mutex::new(Session {
            csrf: random_token(),
            dir,
            workbooks: Vec::new(),
            user: None,
            login: None,
            next: 0,
            used: *clock,
        }));
        map.insert(id.clone(), session.clone());
        Ok((id, session))
    }

    /// Forgets the session with this id, with its files (logging out).
    pub fn remove(&self, id: &str) {
        let removed = self.by_id.lock().unwrap_or_else(|e| e.into_inner()).1.remove(id);
        if let Some(s) = removed {
            let dir = s.lock().unwrap_or_else(|e| e.into_inner()).dir.clone();
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The extensions of the workbooks opfolg reads, the usual one first.
pub const WORKBOOK: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// The browser's file name as the server keeps it: the last part of the
/// name only (a browser may send a whole path), made safe as document
/// names are, with its extension when it is one of `extensions`, else the
/// first of them.
pub fn upload_name(given: &str, extensions: &[&str]) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, ext) = match last.rsplit_once('.') {
        Some((stem, ext)) => (stem, ext.to_ascii_lowercase()),
        None => (last, String::new()),
    };
    // The bytes tell the format, not the name: a file of another name is
    // kept as the first kind, and reading it says what it is.
    let ext = if extensions.contains(&ext.as_str()) { ext } else { extensions[0].to_string() };
    format!("{}.{ext}", crate::naming::safe_file_name(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_from_the_browser_becomes_a_plain_name() {
        assert_eq!(upload_name("../../etc/passwd", WORKBOOK), "passwd.xlsx");
        assert_eq!(upload_name("C:\\Users\\a\\Halvår 2008.XLSX", WORKBOOK), "halvaar-2008.xlsx");
        assert_eq!(upload_name("..", WORKBOOK), "dokument.xlsx");
        assert_eq!(upload_name("", WORKBOOK), "dokument.xlsx");
        assert_eq!(upload_name("/", WORKBOOK), "dokument.xlsx");
        assert_eq!(upload_name(".skjult.ods", WORKBOOK), "skjult.ods");
        assert_eq!(upload_name("a\0b.xls", WORKBOOK), "a-b.xls");
        assert_eq!(upload_name("underskrevet.PDF", &["pdf"]), "underskrevet.pdf");
        assert_eq!(upload_name("x.xlsx", &["pdf"]), "x.pdf");
        for hostile in ["../x", "..\\x", "x/../../y", "con.xlsx", "a\nb", "%2e%2e%2fx"] {
            let name = upload_name(hostile, WORKBOOK);
            assert!(!name.contains(['/', '\\', '\0', '\n']) && !name.starts_with('.'), "{name}");
        }
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..31]));
        assert!(!same_token(&a, ""));
    }

    #[test]
    fn a_session_keeps_at_most_its_share_of_workbooks() {
        let root = tempfile::tempdir().unwrap();
        let sessions = Sessions::new(root.path());
        let (id, s) = sessions.create().unwrap();
        assert!(sessions.get(&id).is_some() && sessions.get("0000").is_none());
        let mut s = s.lock().unwrap();
        let mut first = None;
        for _ in 0..MAX_WORKBOOKS + 3 {
            let (n, path) = s.reserve("a.xlsx").unwrap();
            std::fs::write(&path, b"x").unwrap();
            first.get_or_insert(path.clone());
            let check = Checked { kind: None, summary: None, problems: Vec::new() };
            s.workbooks.push(Upload {
                id: n,
                name: "a.xlsx".into(),
                path,
                check,
                built: None,
                preview: None,
                making: None,
            });
        }
        assert_eq!(s.workbooks.len(), MAX_WORKBOOKS);
        assert!(!first.unwrap().exists(), "the oldest upload's file is gone with it");
        assert!(s.upload(1).is_none() && s.upload(MAX_WORKBOOKS as u32 + 3).is_some());
    }

    #[test]
    fn the_session_used_longest_ago_is_forgotten_with_its_files() {
        let root = tempfile::tempdir().unwrap();
        let sessions = Sessions::new(root.path());
        let (first, s) = sessions.create().unwrap();
        let dir = s.lock().unwrap().dir.clone();
        let (second, _) = sessions.create().unwrap();
        // The first is used again: the second is now the one used longest ago.
        assert!(sessions.get(&first).is_some());
        for _ in 0..MAX_SESSIONS - 1 {
            sessions.create().unwrap();
        }
        assert!(sessions.get(&second).is_none(), "forgotten");
        assert!(sessions.get(&first).is_some() && dir.exists(), "kept");
        assert_eq!(
            std::fs::read_dir(root.path()).unwrap().count(),
            MAX_SESSIONS,
            "one folder per session kept"
        );
    }
}
