//! Processes the convergence test drives: `wayline serve` (killed, restarted) and the official
//! `loro-websocket` npm client, plus the small HTTP call the participants join with.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wayline_model::MapDoc;

pub const ROOM_IP: &str = "127.0.0.2";

// ---------------------------------------------------------------- the host process

pub struct Host {
    child: Child,
    lines: mpsc::Receiver<String>,
}

pub fn spawn_host(data: &Path, port: u16, workshop: bool) -> Host {
    spawn_host_with(data, port, workshop, None)
}

/// `wayline serve`, under `prlimit` when `open_files` is given: the process may then have no
/// more files open than that, hard limit included, so it cannot raise its own.
pub fn spawn_host_with(data: &Path, port: u16, workshop: bool, open_files: Option<u64>) -> Host {
    let mut args = vec![
        "serve".to_owned(),
        "--data".into(),
        data.display().to_string(),
        "--port".into(),
        port.to_string(),
    ];
    if workshop {
        args.extend(["--workshop".into(), "--bind".into(), ROOM_IP.into()]);
    }
    let mut command = match open_files {
        Some(n) => {
            let mut c = Command::new("prlimit");
            c.arg(format!("--nofile={n}:{n}"))
                .arg("--")
                .arg(env!("CARGO_BIN_EXE_wayline"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_wayline")),
    };
    let mut child = command
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Host { child, lines }
}

impl Host {
    pub fn line_starting(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if l.starts_with(prefix) => return l,
                Ok(_) => {}
                Err(_) => panic!("the host printed no line starting with {prefix}"),
            }
        }
    }

    /// SIGKILL: no shutdown, no flush — only what is on disk survives.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM and wait: a normal stop.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

pub async fn wait_listening(addr: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(addr).await.is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {addr}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn post_json(addr: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let json = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(json).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

// ---------------------------------------------------------------- an npm participant

pub struct NpmPeer {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<String>,
}

fn npm_client_script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/sync/npm_client.mjs")
}

impl NpmPeer {
    pub fn spawn(url: &str, room: &str, label: &str, seed: u64) -> NpmPeer {
        let script = npm_client_script();
        let mut child = Command::new("node")
            .arg(&script)
            .args(["--url", url, "--room", room, "--label", label])
            .args(["--seed", &seed.to_string()])
            .current_dir(script.parent().unwrap())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs tests/e2e/sync/npm_client.mjs (make test installs its packages)");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        NpmPeer {
            child,
            stdin,
            lines,
        }
    }

    pub fn command(&mut self, line: &str) {
        let _ = writeln!(self.stdin, "{line}");
    }

    pub fn signal(&self, sig: &str) {
        let _ = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status();
    }

    pub fn snapshot(&mut self) -> MapDoc {
        self.command("dump");
        // Generous: on a loaded 2-core machine the client may still be working through its edits.
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = self.lines.recv_timeout(left) else {
                let exited = self.child.try_wait().ok().flatten();
                // Which way it went silent: stopped (T), spinning (R) or waiting (S), and on what.
                let proc_dir = format!("/proc/{}", self.child.id());
                let state = std::fs::read_to_string(format!("{proc_dir}/stat"))
                    .ok()
                    .and_then(|s| s.rsplit_once(')').map(|(_, rest)| rest.trim().to_owned()))
                    .and_then(|rest| rest.split(' ').next().map(str::to_owned));
                let waiting_in = std::fs::read_to_string(format!("{proc_dir}/wchan")).ok();
                panic!(
                    "the npm client did not answer (exited: {exited:?}, state: {state:?}, \
                     waiting in: {waiting_in:?})"
                );
            };
            if let Some(b64) = line.strip_prefix("SNAPSHOT ") {
                let bytes = B64.decode(b64).unwrap();
                return MapDoc::load(Some(&bytes), &[]).expect("no pending history in npm replica");
            }
        }
    }

    pub fn quit(mut self) {
        self.signal("-CONT");
        self.command("quit");
        let _ = self.child.wait();
    }
}

/// A failing test must not leave hosts and clients running behind it.
impl Drop for Host {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Drop for NpmPeer {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
