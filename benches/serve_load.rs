//! Load benchmark of `gongwen serve` (not a test): CLIENTS concurrent clients, each on its
//! own keep-alive connection, post the same answers to /api/kinds/fazhan-dangyuan/render for
//! SECONDS seconds. Prints requests per second, p50/p99 latency, errors, and the server's
//! resident memory (peak, and at each second, to show whether it stays flat).
//!
//! `cargo bench --bench serve_load` (the release profile); `GONGWEN_LOAD_CLIENTS` and
//! `GONGWEN_LOAD_SECONDS` change the defaults of 50 clients and 10 s. Only 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Resident set size of a process, in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

/// Reads one response off a keep-alive connection: its status and body length.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<(u16, usize)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            if n.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, length))
}

fn main() {
    let clients = env_or("GONGWEN_LOAD_CLIENTS", 50) as usize;
    let seconds = env_or("GONGWEN_LOAD_SECONDS", 10);
    let answers = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/baiyun-zhen.json")).unwrap();
    let body = format!("{{\"answers\": {answers}}}");

    let mut server = Command::new(env!("CARGO_BIN_EXE_gongwen")).args(["serve", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "gongwen serve ended");
        if let Some(url) = line.trim().strip_prefix("gongwen serve 已启动：http://") {
            break url.trim_end_matches('/').to_string();
        }
    };
    let request = format!(
        "POST /api/kinds/fazhan-dangyuan/render HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let pid = server.id();
    let idle_rss = rss_kib(pid);

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (stop, addr, request) = (stop.clone(), addr.clone(), request.clone());
            std::thread::spawn(move || {
                let (mut latencies, mut errors, mut bytes) = (Vec::new(), 0u64, 0usize);
                let stream = TcpStream::connect(&addr).unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let ok = writer.write_all(request.as_bytes()).and_then(|()| read_response(&mut reader));
                    match ok {
                        Ok((200, n)) => {
                            latencies.push(t.elapsed());
                            bytes = n;
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors, bytes)
            })
        })
        .collect();
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_millis(100));
        samples.push((started.elapsed().as_secs_f64(), rss_kib(pid)));
    }
    stop.store(true, Ordering::Relaxed);
    let (mut latencies, mut errors, mut size) = (Vec::new(), 0, 0);
    for w in workers {
        let (l, e, b) = w.join().unwrap();
        latencies.extend(l);
        errors += e;
        size = size.max(b);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let after_rss = rss_kib(pid);
    let _ = server.kill();
    let _ = server.wait();

    latencies.sort();
    let pct = |p: f64| latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
    println!("{clients} clients, {elapsed:.1} s, each report {size} bytes");
    println!("requests: {} ok, {errors} errors; {:.0} requests/s", latencies.len(), latencies.len() as f64 / elapsed);
    println!("latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms", pct(0.50), pct(0.99), pct(1.0));
    println!("server RSS: idle {} MiB, peak {} MiB, after {} MiB", idle_rss / 1024, peak / 1024, after_rss / 1024);
    let per_second: Vec<String> = samples.iter().filter(|s| ((s.0 * 10.0).round() as u64).is_multiple_of(10)).map(|s| format!("{}", s.1 / 1024)).collect();
    println!("RSS each second (MiB): {}", per_second.join(" "));
}
