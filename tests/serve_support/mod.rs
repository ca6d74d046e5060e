//! A real `gongwen serve` on an ephemeral port, and a plain HTTP/1.1 client over a TCP
//! socket: each test says exactly which `Host`, `Origin` and other headers it sends (a
//! spoofed `Host` is the point of some tests), so a client library would only be in the way.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub token: Option<String>,
    /// What the server printed on stdout before serving.
    pub banner: String,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

impl Server {
    /// `gongwen serve --port 0 ARGS…`, started in `dir` (or the crate's folder).
    pub fn start(args: &[&str]) -> Server {
        Server::start_in(args, None, &[])
    }

    pub fn start_in(args: &[&str], dir: Option<&Path>, env: &[(&str, &Path)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongwen"));
        cmd.arg("serve");
        if !args.contains(&"--listen") {
            cmd.args(["--port", "0"]);
        }
        cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("gongwen serve starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (mut banner, mut addr, mut token) = (String::new(), None, None);
        while addr.is_none() {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("gongwen serve ended before printing its address: {banner}");
            }
            banner.push_str(&line);
            if let Some(t) = line.trim().strip_prefix("访问令牌：") {
                token = Some(t.to_string());
            }
            if let Some(url) = line.trim().strip_prefix("gongwen serve 已启动：") {
                let rest = url.strip_prefix("http://").unwrap();
                addr = Some(rest[..rest.find('/').unwrap()].to_string());
            }
        }
        // Keep reading (and dropping) its output so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Server { child, addr: addr.unwrap(), token, banner }
    }

    /// A request with `Host: <addr>` unless `headers` give one.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.addr));
        }
        for (n, v) in headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-length")) {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        // The server may answer (413) and close before the whole body is sent.
        let _ = stream.write_all(body);
        read_response(&mut stream)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    /// A JSON post, as the page sends it.
    pub fn post_json(&self, path: &str, body: &[u8]) -> Response {
        self.request("POST", path, &[("Content-Type", "application/json")], body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a whole response (the server closes the connection after it: `Connection: close`).
pub fn read_response(stream: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8(raw[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines.map(|l| l.split_once(':').unwrap()).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")) {
        body = unchunk(&body);
    }
    Response { status, headers, body }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 4 + size..];
    }
}

/// `{"answers": <the file's text>}`, the body the page posts.
pub fn submission(answers: &str) -> Vec<u8> {
    format!("{{\"answers\": {answers}}}").into_bytes()
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).unwrap()
}

/// Runs the gongwen command; its status and stdout.
pub fn gongwen(args: &[&str]) -> (i32, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), out.stdout)
}

/// `filename*=UTF-8''…` of a Content-Disposition, decoded.
pub fn download_name(r: &Response) -> String {
    let cd = r.header("content-disposition").unwrap();
    let enc = cd.split("filename*=UTF-8''").nth(1).unwrap();
    let mut bytes = Vec::new();
    let b = enc.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            bytes.push(u8::from_str_radix(&enc[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(bytes).unwrap()
}
