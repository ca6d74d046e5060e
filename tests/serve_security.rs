//! `gongwen serve` is safe by default: loopback only, requests naming another host or coming
//! from another site refused, JSON content type on API posts, request time bounded, nothing
//! stored on disk, and `--listen` requiring the printed access token on every request.

mod serve_support;

use serve_support::{fixture, submission, Server};

const VALIDATE: &str = "/api/kinds/fazhan-dangyuan/validate";
const RENDER: &str = "/api/kinds/fazhan-dangyuan/render";

#[test]
fn binds_loopback_by_default() {
    let s = Server::start(&[]);
    assert!(s.addr.starts_with("127.0.0.1:"), "{}", s.addr);
    assert!(s.banner.contains(&format!("http://{}/", s.addr)));
    assert!(!s.banner.contains("令牌"), "no token on loopback: {}", s.banner);
}

#[test]
fn a_host_that_is_not_the_served_address_is_refused() {
    let s = Server::start(&[]);
    let port = s.addr.rsplit(':').next().unwrap();
    // DNS rebinding: the attacker's name now resolves to 127.0.0.1; the browser still sends it.
    for host in [format!("attacker.example:{port}"), "attacker.example".into(), format!("127.0.0.1:{}", port.parse::<u16>().unwrap() + 1), String::new()] {
        let r = s.request("GET", "/api/kinds", &[("Host", &host)], b"");
        assert_eq!(r.status, 403, "Host {host:?}");
        assert!(r.json()["error"].as_str().unwrap().starts_with("拒绝请求：主机名"), "{}", r.text());
        let r = s.request("POST", RENDER, &[("Host", &host), ("Content-Type", "application/json")], &submission(&fixture("baiyun-zhen.json")));
        assert_eq!(r.status, 403);
    }
    // Both names of the served address are fine.
    assert_eq!(s.request("GET", "/api/kinds", &[("Host", &format!("localhost:{port}"))], b"").status, 200);
    assert_eq!(s.get("/api/kinds").status, 200);
}

#[test]
fn a_cross_site_post_is_refused() {
    let s = Server::start(&[]);
    let body = submission(&fixture("baiyun-zhen.json"));
    for origin in ["http://attacker.example", "null", "https://127.0.0.1:1"] {
        let r = s.request("POST", RENDER, &[("Origin", origin), ("Content-Type", "application/json")], &body);
        assert_eq!(r.status, 403, "Origin {origin}");
        assert!(r.json()["error"].as_str().unwrap().contains("其他网站"));
    }
    let r = s.request("POST", RENDER, &[("Sec-Fetch-Site", "cross-site"), ("Content-Type", "application/json")], &body);
    assert_eq!(r.status, 403);
    // The page's own origin is served.
    let own = format!("http://{}", s.addr);
    let r = s.request("POST", RENDER, &[("Origin", &own), ("Sec-Fetch-Site", "same-origin"), ("Content-Type", "application/json")], &body);
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn api_posts_must_say_json() {
    let s = Server::start(&[]);
    let body = submission(&fixture("baiyun-zhen.json"));
    // What a cross-site form can send without a preflight.
    for ct in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""] {
        let mut headers = vec![];
        if !ct.is_empty() {
            headers.push(("Content-Type", ct));
        }
        let r = s.request("POST", VALIDATE, &headers, &body);
        assert_eq!(r.status, 415, "{ct}");
        assert!(r.json()["error"].as_str().unwrap().contains("application/json"));
    }
    let r = s.request("POST", "/api/kinds/fazhan-dangyuan/batch", &[("Content-Type", "application/json")], b"{}");
    assert_eq!(r.status, 415, "a batch is a zip");
    assert_eq!(s.request("POST", VALIDATE, &[("Content-Type", "application/json; charset=utf-8")], &body).status, 200);
}

#[test]
fn a_request_that_takes_too_long_is_ended_with_408() {
    let s = Server::start(&["--request-timeout", "1"]);
    // Announces 1000 bytes, sends 10, then waits: the server does not wait for ever.
    let r = s.request("POST", VALIDATE, &[("Content-Type", "application/json"), ("Content-Length", "1000")], b"{\"answers\"");
    assert_eq!(r.status, 408);
    assert!(r.json()["error"].as_str().unwrap().contains("1 秒"), "{}", r.text());
}

#[test]
fn a_client_that_never_finishes_its_request_head_is_disconnected() {
    use std::io::{Read, Write};
    let s = Server::start(&["--request-timeout", "1"]);
    let mut stream = std::net::TcpStream::connect(&s.addr).unwrap();
    stream.write_all(format!("GET /api/kinds HTTP/1.1\r\nHost: {}\r\nX-Slow: ", s.addr).as_bytes()).unwrap();
    // Only so that the test fails, rather than hangs, where the server would wait for ever.
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
    let mut rest = Vec::new();
    let read = stream.read_to_end(&mut rest);
    assert!(read.is_ok(), "the server closed the connection: {read:?}");
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
}

#[test]
fn listen_requires_the_printed_token_on_every_request() {
    let s = Server::start(&["--listen", "127.0.0.1:0"]);
    let token = s.token.clone().expect("a token is printed");
    assert_eq!(token.len(), 32);
    assert!(s.banner.contains(&format!("?token={token}")), "{}", s.banner);
    let body = submission(&fixture("baiyun-zhen.json"));
    for path in ["/", "/app.js", "/api/kinds"] {
        let r = s.get(path);
        assert_eq!(r.status, 401, "{path}");
        assert!(r.json()["error"].as_str().unwrap().contains("访问令牌"));
    }
    assert_eq!(s.request("POST", RENDER, &[("Content-Type", "application/json")], &body).status, 401);
    let wrong = format!("Bearer {}", "0".repeat(32));
    assert_eq!(s.request("GET", "/api/kinds", &[("Authorization", &wrong)], b"").status, 401);
    let bearer = format!("Bearer {token}");
    assert_eq!(s.request("GET", "/api/kinds", &[("Authorization", &bearer)], b"").status, 200);
    let r = s.request("POST", RENDER, &[("Authorization", &bearer), ("Content-Type", "application/json")], &body);
    assert_eq!(r.status, 200);
    // The printed address: the page, and a cookie for the page's own requests.
    let page = s.get(&format!("/?token={token}"));
    assert_eq!(page.status, 200);
    let cookie = page.header("set-cookie").unwrap().split(';').next().unwrap().to_string();
    assert!(cookie.ends_with(&token) && page.header("set-cookie").unwrap().contains("HttpOnly"));
    assert_eq!(s.request("GET", "/api/kinds", &[("Cookie", &cookie)], b"").status, 200);
}

#[test]
fn listen_prints_a_warning() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["serve", "--listen", "127.0.0.1:0", "--port", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--listen and --port together are a usage error");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut err, &mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("警告：--listen"), "{line}");
}

/// Every file under `dir`, recursively.
fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn nothing_is_stored_on_disk() {
    let (work, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let s = Server::start_in(&[], Some(work.path()), &[("TMPDIR", tmp.path())]);
    let answers = fixture("baiyun-zhen.json");
    assert_eq!(s.post_json(VALIDATE, &submission(&answers)).status, 200);
    assert_eq!(s.post_json(RENDER, &submission(&answers)).status, 200);
    let zip = {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file("a.json", zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(answers.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    };
    let r = s.request("POST", "/api/kinds/fazhan-dangyuan/batch", &[("Content-Type", "application/zip")], &zip);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(files(work.path()), Vec::<std::path::PathBuf>::new(), "working folder");
    assert_eq!(files(tmp.path()), Vec::<std::path::PathBuf>::new(), "temporary folder");
}
