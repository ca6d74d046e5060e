//! Inputs that are not plain files, or not plain text: an endless device behind a symbolic
//! link, a FIFO that nobody writes to, a pipe, a folder full of odd entries, arrays mixing
//! UTF-8 and GBK, UTF-16 JSON Lines, a .docx with two parts of one name (issue #10, points
//! 4, 5, 10 and 18). FIFOs, links and device nodes are made in temporary folders.
//!
//! Each command runs under a deadline, killed and failed when it has not finished, so a
//! regression that hangs cannot hang the test run; and under an address-space limit, so one
//! that reads an endless device fails quickly instead of exhausting the machine's memory.
#![cfg(unix)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Longer than any wait gongwen does itself (10 s for a FIFO's first byte).
const DEADLINE: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Starts `gongwen ARGS` in `dir`, its output going to files there (no pipe to fill up),
/// limited to 2 GB of address space.
fn start(dir: &Path, args: &[&str], stdin: Stdio) -> (Child, PathBuf, Instant) {
    let out = tempfile::Builder::new().prefix("run").tempdir_in(dir).unwrap().keep();
    let child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2000000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(dir)
        .stdin(stdin)
        .stdout(std::fs::File::create(out.join("stdout")).unwrap())
        .stderr(std::fs::File::create(out.join("stderr")).unwrap())
        .spawn()
        .unwrap();
    (child, out, Instant::now())
}

/// Waits for a started command until [`DEADLINE`] after its start, then kills it: its exit code is then
/// `None` and its stderr says so (the caller's assertion fails; other commands still
/// running are waited for and killed in turn, none is left behind).
fn finish((mut child, out, started): (Child, PathBuf, Instant), what: &str) -> Run {
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |name: &str| String::from_utf8_lossy(&std::fs::read(out.join(name)).unwrap()).into_owned();
    let mut stderr = read("stderr");
    if status.is_none() {
        stderr.push_str(&format!("\n[{what}: still running after {DEADLINE:?}, killed]"));
    }
    Run { code: status.and_then(|s| s.code()), stdout: read("stdout"), stderr }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    finish(start(dir, args, Stdio::null()), &args.join(" "))
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A township based on the 白云镇 fixture with its own name (and so its own report).
fn township(name: &str) -> Value {
    let p = common::fixtures_dir().join("baiyun-zhen.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    v["乡镇名称"] = name.into();
    v["党委名称"] = format!("中共{name}委员会").into();
    v
}

fn docx_count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "docx")).count())
}

#[test]
fn a_link_to_an_endless_device_is_cut_at_the_limit_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.docx")).unwrap();
    std::fs::write(d.join("a.json"), serde_json::to_string(&township("青山镇")).unwrap()).unwrap();
    let cases: [(&[&str], i32, &str); 7] = [
        (&["check", "zero.docx"], 2, "内容超过上限 67108864 字节"),
        (&["dump", "zero.docx"], 2, "内容超过上限 67108864 字节"),
        (&["render", "zero.json", "-o", "r.docx"], 1, "内容超过上限 16777216 字节"),
        (&["validate", "zero.json"], 1, "内容超过上限 16777216 字节"),
        (&["validate", "a.json", "--defaults", "zero.json"], 1, "内容超过上限 16777216 字节"),
        (&["render", "a.json", "--defaults", "zero.json", "-o", "r.docx"], 1, "内容超过上限 16777216 字节"),
        // A stream of NUL bytes is refused as a whole when batch looks at its start.
        (&["batch", "zero.json", "-o", "out"], 1, "含有空字节（0x00）"),
    ];
    for (args, code, words) in cases {
        let got = run(d, args);
        let text = got.stdout + &got.stderr;
        assert_eq!(got.code, Some(code), "{args:?}: {text}");
        assert!(text.contains(words) && text.contains("zero."), "{args:?}: {text}");
    }
    assert!(!d.join("r.docx").exists());
}

#[test]
fn a_fifo_nobody_writes_to_is_refused_not_waited_for_forever() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join("f.json"));
    mkfifo(&d.join("f.docx"));
    mkfifo(&d.join("f.jsonl"));
    std::fs::create_dir(d.join("folder")).unwrap();
    mkfifo(&d.join("folder/f.json"));
    std::fs::write(d.join("a.json"), serde_json::to_string(&township("青山镇")).unwrap()).unwrap();
    let cases: [(&[&str], i32, &str); 8] = [
        (&["check", "f.docx"], 2, "f.docx"),
        (&["dump", "f.docx"], 2, "f.docx"),
        (&["render", "f.json", "-o", "r.docx"], 1, "f.json"),
        (&["validate", "f.json"], 1, "f.json"),
        (&["validate", "a.json", "--defaults", "f.json"], 1, "f.json"),
        (&["batch", "f.jsonl", "-o", "out1"], 1, "f.jsonl"),
        (&["batch", "f.json", "-o", "out2"], 1, "f.json"),
        (&["batch", "folder", "-o", "out3"], 1, "folder/f.json"),
    ];
    // All at once: each waits its 10 seconds for a writer in parallel.
    let started: Vec<_> = cases.iter().map(|(args, _, _)| start(d, args, Stdio::null())).collect();
    let runs: Vec<Run> = started.into_iter().zip(cases).map(|(child, (args, _, _))| finish(child, &args.join(" "))).collect();
    for (got, (args, code, file)) in runs.into_iter().zip(cases) {
        let text = got.stdout + &got.stderr;
        assert_eq!(got.code, Some(code), "{args:?}: {text}");
        assert!(text.contains("没有读到任何数据") && text.contains(file), "{args:?}: {text}");
    }
}

#[test]
fn a_json_lines_fifo_and_a_pipe_on_stdin_are_read_once_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines: String = ["甲镇", "乙镇", "丙镇"].iter().map(|n| serde_json::to_string(&township(n)).unwrap() + "\n").collect();
    mkfifo(&d.join("all.jsonl"));
    let child = start(d, &["batch", "all.jsonl", "-o", "out1"], Stdio::null());
    // Opening for writing waits for the reader: gongwen has opened the FIFO by then.
    std::fs::OpenOptions::new().write(true).open(d.join("all.jsonl")).unwrap().write_all(lines.as_bytes()).unwrap();
    let got = finish(child, "batch all.jsonl (FIFO)");
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert!(got.stdout.contains("共 3 份：成功 3 份"), "{}", got.stdout);
    assert_eq!(docx_count(&d.join("out1")), 3);

    for (input, reports, out) in [(lines.clone(), 3, "out2"), (serde_json::to_string_pretty(&township("丁镇")).unwrap(), 1, "out3")] {
        let (mut child, files, at) = start(d, &["batch", "/dev/stdin", "-o", out], Stdio::piped());
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        let got = finish((child, files, at), "batch /dev/stdin");
        assert_eq!(got.code, Some(0), "{}", got.stderr);
        assert!(got.stdout.contains(&format!("共 {reports} 份：成功 {reports} 份")), "{}", got.stdout);
        assert_eq!(docx_count(&d.join(out)), reports);
    }
}

#[test]
fn every_odd_entry_of_a_folder_is_a_listed_failure() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = d.join("in");
    std::fs::create_dir(&f).unwrap();
    std::fs::write(f.join("a.json"), serde_json::to_string(&township("青山镇")).unwrap()).unwrap();
    std::fs::write(f.join(".hidden.json"), serde_json::to_string(&township("隐山镇")).unwrap()).unwrap();
    std::os::unix::fs::symlink("nowhere.json", f.join("dangling.json")).unwrap();
    std::os::unix::fs::symlink("loop.json", f.join("loop.json")).unwrap();
    std::fs::create_dir(f.join("dir.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", f.join("zero.JSON")).unwrap();
    // A device node needs root; without it the case is left out.
    let device = Command::new("mknod").arg(f.join("null.json")).args(["c", "1", "3"]).status().is_ok_and(|s| s.success());
    let got = run(d, &["batch", "in", "-o", "out", "--summary", "s.json"]);
    assert_eq!(got.code, Some(1), "{}", got.stderr);
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(d.join("s.json")).unwrap()).unwrap();
    let reasons: Vec<(String, String)> = summary["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["input"].as_str().unwrap().trim_start_matches("in/").to_string(), r["reason"].as_str().unwrap_or("").to_string()))
        .collect();
    let mut expected = vec![
        (".hidden.json", ""),
        ("a.json", ""),
        ("dangling.json", "错误：无法读取：这是一个符号链接，但它指向的文件不存在"),
        ("dir.json", "错误：这是一个文件夹，不是答案文件"),
        ("loop.json", "错误：无法读取：符号链接太多或形成了循环（系统错误 40）"),
        ("null.json", "错误：文件是空的"),
        ("zero.JSON", "错误：内容超过上限 16777216 字节（16 MB），不是普通文件，没有读完"),
    ];
    if !device {
        expected.retain(|(name, _)| *name != "null.json");
    }
    let expected: Vec<(String, String)> = expected.into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(reasons, expected);
    assert_eq!(summary["total"], expected.len());
    assert_eq!(summary["written"], 2);
    assert!(got.stderr.contains("dangling.json：错误：无法读取："), "{}", got.stderr);
}

#[test]
fn an_array_mixing_utf8_and_gbk_loses_no_township() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // About 80 KB of UTF-8 first, then a GBK element whose last character 「乗」 ends in the
    // byte 0x5C ('\'), then more UTF-8.
    let mut parts: Vec<Vec<u8>> = (0..18).map(|i| serde_json::to_vec(&township(&format!("青山{i}镇"))).unwrap()).collect();
    let mut gbk_town = township("乗丂镇");
    gbk_town["通知来源"] = "县委组织部通知乗".into();
    let gbk_text = serde_json::to_string(&gbk_town).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&gbk_text);
    assert!(!unmappable);
    assert!(parts.iter().map(Vec::len).sum::<usize>() > 64 * 1024);
    parts.push(gbk.into_owned());
    parts.extend((0..3).map(|i| serde_json::to_vec(&township(&format!("白水{i}镇"))).unwrap()));
    let mut bytes = b"[\n".to_vec();
    bytes.extend(parts.join(&b",\n"[..]));
    bytes.extend_from_slice(b"\n]\n");
    std::fs::write(d.join("all.json"), bytes).unwrap();
    let got = run(d, &["batch", "all.json", "-o", "out"]);
    assert_eq!(got.code, Some(0), "{}{}", got.stdout, got.stderr);
    assert!(got.stdout.contains("共 22 份：成功 22 份"), "{}", got.stdout);
    assert!(d.join("out/乗丂镇发展党员工作三年自查报告.docx").exists());
    assert_eq!(docx_count(&d.join("out")), 22);
}

#[test]
fn utf16_json_lines_give_one_township_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines: String = ["甲镇", "乙镇", "丙镇"].iter().map(|n| serde_json::to_string(&township(n)).unwrap() + "\r\n").collect();
    for (name, bom, big_endian) in [("le.jsonl", [0xFF, 0xFE], false), ("be.jsonl", [0xFE, 0xFF], true)] {
        let mut bytes = bom.to_vec();
        bytes.extend(lines.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }));
        std::fs::write(d.join(name), bytes).unwrap();
        let got = run(d, &["batch", name, "-o", &format!("out-{name}")]);
        assert_eq!(got.code, Some(0), "{name}: {}{}", got.stdout, got.stderr);
        assert!(got.stdout.contains("共 3 份：成功 3 份，失败 0 份"), "{name}: {}", got.stdout);
    }
}

#[test]
fn a_docx_with_two_parts_of_one_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut entries = common::unzip(&common::render("baiyun-zhen.json"));
    let document = entries.iter().find(|(n, _)| n == "word/document.xml").unwrap().1.clone();
    let emptied = String::from_utf8(document).unwrap().replace("白云镇", "");
    // The same name (made by renaming a same-length name in the archive's bytes, as the
    // zip writer refuses duplicates) and a name that differs only in case.
    entries.push(("word/documenX.xml".into(), emptied.clone().into_bytes()));
    let mut exact = common::rezip(&entries);
    for i in 0..exact.len().saturating_sub(17) {
        if &exact[i..i + 17] == b"word/documenX.xml" {
            exact[i..i + 17].copy_from_slice(b"word/document.xml");
        }
    }
    entries.pop();
    entries.push(("Word/Document.xml".into(), emptied.into_bytes()));
    std::fs::write(d.join("exact.docx"), exact).unwrap();
    std::fs::write(d.join("case.docx"), common::rezip(&entries)).unwrap();
    for (file, part) in [("exact.docx", "word/document.xml"), ("case.docx", "Word/Document.xml")] {
        for cmd in ["check", "dump"] {
            let got = run(d, &[cmd, file]);
            let text = got.stdout + &got.stderr;
            assert_eq!(got.code, Some(2), "{cmd} {file}: {text}");
            assert!(text.contains(&format!("压缩包里有两个名为「{part}」的部件")), "{cmd} {file}: {text}");
        }
    }
}

#[test]
fn an_endless_stream_without_structure_is_cut_after_one_element_over_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // `[[[[…` and one endless line, from writers that never close their end: after one
    // element or line over the limit, the rest of a stream is not read.
    for (name, byte) in [("deep.json", b'['), ("long.jsonl", b'a')] {
        mkfifo(&d.join(name));
        let child = start(d, &["batch", name, "-o", &format!("out-{name}")], Stdio::null());
        let fifo = d.join(name);
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            let chunk = vec![byte; 64 * 1024];
            // Until gongwen closes its end (the write then fails with EPIPE).
            while f.write_all(&chunk).is_ok() {}
        });
        let got = finish(child, name);
        assert_eq!(got.code, Some(1), "{name}: {}{}", got.stdout, got.stderr);
        assert!(got.stderr.contains("超过上限 16777216 字节；输入不是普通文件，其余内容没有读取"), "{name}: {}", got.stderr);
        writer.join().unwrap();
    }
}

/// An examples folder is outside input too: a snapshot (or digest) that is a link to an
/// endless device is cut at the limit by `gongwen test` and `template lint`, not read until
/// memory runs out.
#[test]
fn a_snapshot_linked_to_an_endless_device_is_cut_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let kind = d.join("kind");
    assert_eq!(run(d, &["template", "new", "kind"]).code, Some(0));
    let examples = kind.join("examples");
    let snapshot = std::fs::read_dir(&examples).unwrap().map(|e| e.unwrap().path()).find(|p| p.to_string_lossy().ends_with(".expected.txt")).unwrap();
    std::fs::remove_file(&snapshot).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &snapshot).unwrap();
    let tested = run(d, &["test", "--template", "kind", "kind/examples"]);
    let text = tested.stdout + &tested.stderr;
    assert_eq!(tested.code, Some(1), "{text}");
    assert!(text.contains("没有快照") && text.contains("内容超过上限 16777216 字节"), "{text}");
    let linted = run(d, &["template", "lint", "kind"]);
    let text = linted.stdout + &linted.stderr;
    assert!(linted.code.is_some(), "{text}");
}
