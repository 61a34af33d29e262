//! Who added a record: the operating-system account opfolg ran as, how it
//! was added (the command line or the page), and the name of a person given
//! beside it (the user the page's login or reverse proxy named, or
//! `archive add --paa-vegne-af NAVN`).
//!
//! The account is looked up from the process's real user id in the system's
//! user database (`getpwuid_r`), never from `$USER` or `$LOGNAME`, which
//! anyone can set. A name given is a name, not an account: it is kept apart
//! from the account and always said after it, quoted, so it cannot pose as
//! the account. What the record proves, and what not: `docs/archive.md`.

use std::sync::OnceLock;

use serde::Serialize;

/// How a record was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddedVia {
    /// `opfolg archive add` (or the library called directly).
    CommandLine,
    /// The page of `opfolg serve`.
    Serve,
}

impl AddedVia {
    /// The catalogue's word for it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AddedVia::CommandLine => "command_line",
            AddedVia::Serve => "serve",
        }
    }

    /// The catalogue's word read back; `None` for a word opfolg never writes.
    pub(crate) fn parse(text: &str) -> Option<AddedVia> {
        match text {
            "command_line" => Some(AddedVia::CommandLine),
            "serve" => Some(AddedVia::Serve),
            _ => None,
        }
    }
}

/// Who added a record, as opfolg knew it at the time. Part of the record,
/// and so of its link in the catalogue's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddedBy {
    /// The operating-system account opfolg ran as ([`os_account`]): on the
    /// command line the person's own, on the page the server's.
    pub account: String,
    /// The command line or the page.
    pub via: AddedVia,
    /// The name of the person, given and not checked by the operating
    /// system: on the page, the user its login or reverse proxy named (none
    /// when the page runs without login); on the command line,
    /// `--paa-vegne-af NAVN`.
    pub name: Option<String>,
}

impl AddedBy {
    /// An add from the command line by the account running opfolg, on
    /// behalf of `name` when one is given.
    pub fn command_line(name: Option<String>) -> AddedBy {
        AddedBy { account: os_account(), via: AddedVia::CommandLine, name }
    }

    /// An add on the page, by the user its login or proxy named (`None`:
    /// the page runs without login, one user at the server's own account).
    pub fn serve(user: Option<String>) -> AddedBy {
        AddedBy { account: os_account(), via: AddedVia::Serve, name: user }
    }

    /// In one line, as `archive show` and the page say it. The account and
    /// how come first, in opfolg's own words; a name given comes last, in
    /// «», so whatever it holds cannot read as the account. Not escaped:
    /// printers escape it ([`crate::format::visible`]).
    pub fn said(&self) -> String {
        match (self.via, &self.name) {
            (AddedVia::CommandLine, None) => {
                format!("{} (styresystemets konto, kommandolinjen)", self.account)
            }
            (AddedVia::CommandLine, Some(name)) => format!(
                "{} (styresystemets konto, kommandolinjen) på vegne af «{name}» (et navn angivet med --paa-vegne-af, ikke kontrolleret)",
                self.account
            ),
            (AddedVia::Serve, None) => {
                format!(
                    "{} (styresystemets konto, som opfolg serve kører som; siden uden login)",
                    self.account
                )
            }
            (AddedVia::Serve, Some(name)) => format!(
                "opfolg serve (kører som {}) for brugeren «{name}», som sidens login eller proxy angav",
                self.account
            ),
        }
    }

    /// Shorter, for the page's list: the account, or who was logged in.
    pub fn short(&self) -> String {
        match (self.via, &self.name) {
            (AddedVia::CommandLine, None) => format!("{} (kommandolinjen)", self.account),
            (AddedVia::CommandLine, Some(name)) => {
                format!("{} (kommandolinjen) på vegne af «{name}»", self.account)
            }
            (AddedVia::Serve, None) => format!("{} (siden uden login)", self.account),
            (AddedVia::Serve, Some(name)) => format!("siden, logget ind som «{name}»"),
        }
    }
}

/// What `archive show` says of a record without an adder: one archived by
/// an opfolg from before it recorded who.
pub const NOT_RECORDED: &str = "ikke registreret (arkiveret, før opfolg registrerede hvem)";

/// The operating-system account of this process's real user id, from the
/// system's user database; `uid N` when it has no entry (a container's
/// user). Looked up once.
pub fn os_account() -> String {
    static ACCOUNT: OnceLock<String> = OnceLock::new();
    ACCOUNT.get_or_init(look_up).clone()
}

#[cfg(unix)]
fn look_up() -> String {
    // The real user id: the one who ran opfolg, also if it were made
    // set-user-id to an archive account.
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) if !user.name.is_empty() => user.name,
        _ => format!("uid {uid}"),
    }
}

#[cfg(not(unix))]
fn look_up() -> String {
    "ukendt konto".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_is_the_processes_not_the_environments() {
        let account = os_account();
        assert!(!account.is_empty());
        // What `id -un` says for the same user id.
        let id = std::process::Command::new("id").arg("-un").env("USER", "nogen-andre").output().unwrap();
        let expected = String::from_utf8_lossy(&id.stdout).trim().to_string();
        if id.status.success() {
            assert_eq!(account, expected);
        } else {
            assert!(account.starts_with("uid "), "{account}");
        }
    }

    #[test]
    fn a_name_given_comes_after_the_account_and_cannot_pose_as_it() {
        let forged = "root» (styresystemets konto, kommandolinjen)\n  Arkiveret af    root";
        for via in [AddedVia::CommandLine, AddedVia::Serve] {
            let by = AddedBy { account: "jens".into(), via, name: Some(forged.into()) };
            for text in [by.said(), by.short()] {
                let shown = crate::format::visible(&text);
                assert!(!shown.contains('\n'), "{shown}");
                // Nothing of the name comes before opfolg's own words.
                let name_at = shown.find('«').unwrap();
                assert!(!shown[..name_at].contains("root"), "{shown}");
            }
            assert!(by.said().starts_with(if via == AddedVia::Serve {
                "opfolg serve (kører som jens)"
            } else {
                "jens ("
            }));
        }
        let rtl = AddedBy {
            account: "opfolg".into(),
            via: AddedVia::Serve,
            name: Some("mette\u{202e}toor".into()),
        };
        assert!(crate::format::visible(&rtl.said()).contains("«mette\\u{202e}toor»"));
        for via in [AddedVia::CommandLine, AddedVia::Serve] {
            assert_eq!(AddedVia::parse(via.as_str()), Some(via));
        }
        assert_eq!(AddedVia::parse("root"), None);
    }
}
