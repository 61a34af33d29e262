//! `opfolg konti` and `opfolg serve --konti`: accounts made from the
//! command line with the password on standard input (as a script or CI
//! gives it: no terminal), the file they are kept in, and a server that
//! never starts without login when the file is missing, empty or broken.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const PASSWORD: &str = "et-langt-kodeord-til-hende";

/// Runs opfolg with `stdin` as standard input: the exit code and all it printed.
fn opfolg(args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn konti(file: &Path, args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut all = vec!["konti", "--fil", file.to_str().unwrap()];
    all.extend_from_slice(args);
    opfolg(&all, stdin)
}

#[test]
fn a_name_that_looks_like_an_accounts_is_not_a_second_account() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("konti");
    // «Åse» typed as A with a combining ring is kept composed.
    for name in ["A\u{30a}se", "anna"] {
        let (code, out) = konti(&file, &["tilfoej", name], &format!("{PASSWORD}\n"));
        assert_eq!(code, Some(0), "{out}");
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\n\u{c5}se:$argon2id$"), "{text}");
    let refused = [
        ("\u{c5}SE", "OF0805"),
        ("A\u{30a}se", "OF0805"),
        ("\u{ff41}\u{ff4e}\u{ff4e}\u{ff41}", "OF0805"),
        ("So\u{338}ren", "OF0804"),
        ("anna\u{3164}", "OF0804"),
        ("\u{301}bo", "OF0804"),
    ];
    for (name, code) in refused {
        let (exit, out) = konti(&file, &["tilfoej", name], "endnu-et-langt-kodeord\n");
        assert_eq!(exit, Some(1), "{name:?}: {out}");
        assert!(out.contains(code), "{name:?}: {out}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "{name:?} changed nothing");
    }
}

#[test]
fn accounts_are_made_from_the_command_line_with_hashed_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("konti");
    let (code, out) = konti(&file, &["tilfoej", "anna"], &format!("{PASSWORD}\n"));
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains(PASSWORD), "{out}");
    let (code, out) = konti(&file, &["tilfoej", "Bo Ærø"], "bo-har-sit-eget-kodeord\r\n");
    assert_eq!(code, Some(0), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("anna:$argon2id$v=19$"), "{text}");
    assert!(lines[1].starts_with("Bo Ærø:$argon2id$v=19$"), "{text}");
    assert!(!text.contains(PASSWORD) && !text.contains("bo-har-sit-eget-kodeord"));
    let accounts = opfolg::serve::accounts::read(&file).unwrap();
    assert!(opfolg::serve::accounts::verify(&accounts[0].hash, PASSWORD));
    assert!(opfolg::serve::accounts::verify(&accounts[1].hash, "bo-har-sit-eget-kodeord"), "\\r is not kept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // What is refused leaves the file as it was.
    let refused: [(&[&str], &str, &str); 8] = [
        (&["tilfoej", "ANNA"], "endnu-et-langt-kodeord\n", "OF0805"),
        (&["tilfoej", "carl"], "kort\n", "OF0807"),
        (&["tilfoej", "carl"], "", "OF0807"),
        (&["tilfoej", "carl"], "carl-er-mit-kodeord\n", "OF0807"),
        (&["tilfoej", "ca:rl"], "endnu-et-langt-kodeord\n", "OF0804"),
        (&["tilfoej", "carl "], "endnu-et-langt-kodeord\n", "OF0804"),
        (&["fjern", "ukendt"], "", "OF0806"),
        (&["adgangskode", "ukendt"], "endnu-et-langt-kodeord\n", "OF0806"),
    ];
    for (args, stdin, code) in refused {
        let (exit, out) = konti(&file, args, stdin);
        assert_eq!(exit, Some(1), "{args:?}: {out}");
        assert!(out.contains(code), "{args:?}: {out}");
        if stdin.trim().len() >= 10 {
            assert!(!out.contains(stdin.trim()), "the password is never printed: {out}");
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "{args:?} changed nothing");
    }

    // The list shows names, never hashes.
    let (code, out) = konti(&file, &["vis"], "");
    assert_eq!(code, Some(0));
    assert_eq!(out, "anna\nBo Ærø\n");

    // A new password: a new hash, the old password no longer verifies.
    let (code, out) = konti(&file, &["adgangskode", "Anna"], "hendes-nye-kodeord-2\n");
    assert_eq!(code, Some(0), "{out}");
    let after = opfolg::serve::accounts::read(&file).unwrap();
    assert!(!opfolg::serve::accounts::verify(&after[0].hash, PASSWORD));
    assert!(opfolg::serve::accounts::verify(&after[0].hash, "hendes-nye-kodeord-2"));
    assert_eq!(after[0].name, "anna", "the name keeps its spelling");

    let (code, out) = konti(&file, &["fjern", "bo ærø"], "");
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(konti(&file, &["vis"], "").1, "anna\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left beside it");

    // Without --fil: refused, nothing written anywhere.
    let (code, out) = opfolg(&["konti", "tilfoej", "x"], "endnu-et-langt-kodeord\n");
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("--fil"), "{out}");
}

#[test]
fn a_broken_accounts_file_is_named_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("konti");
    std::fs::write(&file, "# kommentar\n\nanna:hemmeligt-kodeord\n").unwrap();
    let before = std::fs::read(&file).unwrap();
    let (code, out) = konti(&file, &["vis"], "");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("OF0802") && out.contains("konti:3"), "{out}");
    assert!(!out.contains("hemmeligt-kodeord"), "a line that may hold a password is not echoed: {out}");
    // A file that cannot be read is never written over.
    for args in [&["tilfoej", "bo"][..], &["fjern", "anna"][..], &["adgangskode", "anna"][..]] {
        let (code, out) = konti(&file, args, "et-langt-kodeord-til-bo\n");
        assert_eq!(code, Some(1), "{args:?}: {out}");
        assert!(out.contains("konti:3"), "{out}");
        assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?}");
    }
}

/// `opfolg serve` with `args`, expected to stop at once: exit code and output.
fn serve_refused(args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["serve", "--port", "1"];
    all.extend_from_slice(args);
    opfolg(&all, "")
}

#[test]
fn serve_never_starts_without_login_when_the_accounts_file_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("findes-ikke");
    let empty = dir.path().join("tom");
    let broken = dir.path().join("ødelagt");
    std::fs::write(&empty, "# ingen konti endnu\n").unwrap();
    std::fs::write(&broken, "anna:$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ\n").unwrap();
    for (file, code, exit) in [(&missing, "OF0801", 2), (&empty, "OF0803", 1), (&broken, "OF0802", 1)] {
        for address in ["127.0.0.1", "0.0.0.0"] {
            let (got, out) = serve_refused(&["--adresse", address, "--konti", file.to_str().unwrap()]);
            assert_eq!(got, Some(exit), "{file:?}: {out}");
            assert!(out.contains(code), "{out}");
            assert!(!out.contains("kører på"), "never started: {out}");
        }
    }
    // Accounts and a proxy's user are two ways; both at once is refused.
    let good = dir.path().join("konti");
    assert_eq!(konti(&good, &["tilfoej", "anna"], &format!("{PASSWORD}\n")).0, Some(0));
    // A copy anyone may read (as `cp` leaves it under umask 022) is not trusted.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let loose = dir.path().join("aaben");
        std::fs::copy(&good, &loose).unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (got, out) = serve_refused(&["--konti", loose.to_str().unwrap()]);
        assert_eq!(got, Some(2), "{out}");
        assert!(out.contains("OF0809") && out.contains("644"), "{out}");
        assert!(!out.contains("kører på"), "never started: {out}");
    }
    for other in [&["--proxy", "127.0.0.1"][..], &["--uden-login"][..]] {
        let mut args = vec!["--konti", good.to_str().unwrap()];
        args.extend_from_slice(other);
        let (got, out) = serve_refused(&args);
        assert_eq!(got, Some(2), "{out}");
    }
    // Another address without any login is still refused.
    let (got, out) = serve_refused(&["--adresse", "0.0.0.0"]);
    assert_eq!(got, Some(2), "{out}");
    assert!(out.contains("--konti"), "the message names the accounts: {out}");
}

/// A free port on the loopback address.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 request's whole answer.
fn ask(port: u16, request: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}

/// One GET's answer: the status line and headers.
fn head_of(port: u16, path: &str) -> Option<String> {
    let answer =
        ask(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"))?;
    Some(answer.split("\r\n\r\n").next().unwrap_or_default().to_string())
}

/// A login as a browser sends it: the login page's cookie and token, then
/// the form. The answer's status line.
fn log_in(port: u16, name: &str, password: &str) -> String {
    let page =
        ask(port, &format!("GET /log-ind HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"))
            .unwrap();
    let cookie = page
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = page.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap();
    let body = format!("_csrf={token}&navn={name}&adgangskode={password}");
    let answer = ask(
        port,
        &format!(
            "POST /log-ind HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .unwrap();
    answer.lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_server_with_accounts_sends_every_page_to_the_login() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("konti");
    assert_eq!(konti(&file, &["tilfoej", "anna"], &format!("{PASSWORD}\n")).0, Some(0));
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_opfolg"))
        .args(["serve", "--port", &port.to_string(), "--konti", file.to_str().unwrap(), "--https"])
        .args(["--archive", dir.path().join("arkiv").to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Waits for the server to answer (it loads its fonts first), at most a minute.
    let mut front = None;
    for _ in 0..600 {
        front = head_of(port, "/");
        if front.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let login = head_of(port, "/log-ind");
    // A password typed in the name field, a wrong password, the right one.
    let typed_as_name = log_in(port, "hemmelig-i-navnefeltet", "noget-helt-andet-1");
    let wrong = log_in(port, "anna", "forkert-kodeord-123");
    let right = log_in(port, "anna", PASSWORD);
    let _ = server.kill();
    let mut log = String::new();
    server.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    let _ = server.wait();
    assert!(
        typed_as_name.contains(" 401 ") && wrong.contains(" 401 ") && right.contains(" 303 "),
        "{typed_as_name} {wrong} {right}"
    );
    for line in [
        "log ind: ukendt navn fra 127.0.0.1",
        "log ind: forkert adgangskode til «anna» fra 127.0.0.1",
        "log ind: «anna» fra 127.0.0.1",
    ] {
        assert!(log.contains(line), "{line} in\n{log}");
    }
    for secret in ["hemmelig-i-navnefeltet", "noget-helt-andet-1", "forkert-kodeord-123", PASSWORD] {
        assert!(!log.contains(secret), "never in the log: {secret}\n{log}");
    }
    let front = front.expect("the server answered");
    assert!(front.starts_with("HTTP/1.1 303"), "{front}");
    assert!(front.to_ascii_lowercase().contains("location: /log-ind"), "{front}");
    assert!(!front.to_ascii_lowercase().contains("set-cookie"), "no session before login: {front}");
    let login = login.unwrap();
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let cookie = login.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie")).unwrap();
    for part in ["opfolg-login=", "HttpOnly", "SameSite=Strict", "Secure", "Path=/log-ind"] {
        assert!(cookie.contains(part), "{part}: {cookie}");
    }
}
