//! What the command says, and how it ends, when the input floods it, the terminal goes
//! away, the text holds escape sequences, a library fails in English or a number is out of
//! range (issue #10, points 12–16).

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn gongwen() -> Command {
    Command::cargo_bin("gongwen").unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fixture's answers with `extra` members added at the end of the outer object.
fn answers_with(extra: &str) -> String {
    let base = std::fs::read_to_string(common::fixtures_dir().join("baiyun-zhen.json")).unwrap();
    let end = base.rfind('}').unwrap();
    format!("{},{extra}}}", base[..end].trim_end())
}

/// A fixture's answers with one member's value replaced (its first occurrence).
fn answers_replacing(from: &str, to: &str) -> String {
    let base = std::fs::read_to_string(common::fixtures_dir().join("baiyun-zhen.json")).unwrap();
    assert!(base.contains(from), "{from}");
    base.replacen(from, to, 1)
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn unknown_keys(n: usize) -> String {
    (0..n).map(|i| format!("\"k{i}\": 1")).collect::<Vec<_>>().join(",")
}

// ---- 12. Diagnostics are capped ----------------------------------------------------------

#[test]
fn thousands_of_unknown_keys_list_a_hundred_and_count_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.json", answers_with(&unknown_keys(5000)));
    let out = gongwen().arg("validate").arg(&input).output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "warnings only: {err}");
    let listed = err.lines().filter(|l| l.contains("未知字段")).count();
    assert_eq!(listed, 100, "{}", &err[..err.len().min(2000)]);
    assert!(err.contains("……另有 4,900 条警告未列出"), "{}", &err[err.len().saturating_sub(500)..]);
    assert!(err.contains("有 5000 处警告"), "the total counts them all");

    let out = gongwen().arg("validate").arg("--json").arg(&input).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 101);
    assert_eq!(items[100]["omitted"], 4900);
    assert_eq!(items[100]["severity"], "warning");

    let render = gongwen().arg("render").arg(&input).arg("-o").arg(dir.path().join("r.docx")).output().unwrap();
    assert_eq!(render.status.code(), Some(0));
    assert!(text(&render.stderr).lines().count() < 250, "render lists at most a hundred too");
}

#[test]
fn errors_are_listed_before_a_flood_of_warnings_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let flood = answers_with(&unknown_keys(300));
    let input = write(dir.path(), "a.json", flood.replacen("\"村党组织数\": 16", "\"村党组织数\": \"十六\"", 1));
    let out = gongwen().arg("validate").arg(&input).output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("村党组织数」：应为整数"), "the error is shown");
    let listed = err.lines().filter(|l| l.starts_with("警告：") || l.starts_with("错误：")).count();
    assert_eq!(listed, 101, "100 listed (the error first) and one count of the rest");
    assert!(err.contains("……另有 201 条警告未列出"), "{}", &err[err.len().saturating_sub(300)..]);
    assert!(err.contains("有 1 处错误、300 处警告"), "{}", &err[err.len().saturating_sub(300)..]);
}

#[test]
fn many_repeated_keys_are_warned_about_once_each_and_capped() {
    // 700,000 repeated keys took minutes (each repeat searched the list of repeats).
    let dir = tempfile::tempdir().unwrap();
    let repeats: Vec<String> = (0..3000).map(|i| format!("\"k{i}\": 1, \"k{i}\": 2, \"k{i}\": 3")).collect();
    let input = write(dir.path(), "a.json", answers_with(&repeats.join(",")));
    let out = gongwen().arg("validate").arg("--json").arg(&input).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = json.as_array().unwrap();
    assert!(items.len() <= 102, "{}", items.len());
    let omitted: u64 = items.iter().filter_map(|d| d["omitted"].as_u64()).sum();
    let repeated = items.iter().filter(|d| d["message"].as_str().is_some_and(|m| m.contains("重复"))).count() as u64;
    let unknown = items.iter().filter(|d| d["message"].as_str().is_some_and(|m| m.contains("未知字段"))).count() as u64;
    assert_eq!(repeated + unknown + omitted, 6000, "3000 repeated keys, 3000 unknown keys, each counted once");
}

#[test]
fn batch_summary_caps_the_diagnostics_of_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs, "a.json", answers_with(&unknown_keys(3000)));
    let summary = dir.path().join("s.json");
    let out = gongwen().arg("batch").arg(&inputs).arg("-o").arg(dir.path().join("out")).arg("--summary").arg(&summary).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("3000 条警告"), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    let diags = json["results"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 101);
    assert_eq!(diags[100]["omitted"], 2900);
}

// ---- 13. A closed or full stdout or stderr ----------------------------------------------

/// A pipe whose reader is already gone: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

/// /dev/full, where every write fails with ENOSPC (Linux); `None` elsewhere.
fn full_device() -> Option<Stdio> {
    std::fs::OpenOptions::new().write(true).open("/dev/full").ok().map(Stdio::from)
}

fn rendered_fixture(dir: &Path) -> std::path::PathBuf {
    write(dir, "a.docx", common::render("baiyun-zhen.json"))
}

fn no_panic(out: &Output) {
    let err = text(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "{err}");
    assert!(!err.contains("panicked") && !err.contains("Broken pipe") && !err.contains("No space"), "{err}");
}

#[test]
fn a_closed_stdout_ends_quietly_with_the_commands_own_status() {
    let dir = tempfile::tempdir().unwrap();
    let docx = rendered_fixture(dir.path());
    for args in [vec!["check"], vec!["dump"], vec!["check", "--json"]] {
        let out = gongwen().args(&args).arg(&docx).stdout(closed_pipe()).output().unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
    }
    let bad = write(dir.path(), "bad.json", "{\"乡镇名称\": 1}");
    let out = gongwen().arg("validate").arg("--json").arg(&bad).stdout(closed_pipe()).output().unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "validate still fails the input");
    let out = gongwen().arg("validate").arg(&bad).stderr(closed_pipe()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a closed stderr: the status is validate's own");
}

#[test]
fn a_full_stdout_is_an_error_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let docx = rendered_fixture(dir.path());
    for args in [vec!["dump"], vec!["check"], vec!["schema"]] {
        let Some(full) = full_device() else { return };
        let mut cmd = gongwen();
        cmd.args(&args);
        if args[0] != "schema" {
            cmd.arg(&docx);
        }
        let out = cmd.stdout(full).output().unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("无法写入标准输出：磁盘已满（系统错误 28）"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "said once: {err}");
    }
}

#[test]
fn a_batch_whose_stderr_fails_still_writes_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs, "bad.json", "{");
    std::fs::copy(common::fixtures_dir().join("baiyun-zhen.json"), inputs.join("good.json")).unwrap();
    let mut streams: Vec<(&str, Stdio)> = vec![("closed", closed_pipe())];
    streams.extend(full_device().map(|f| ("full", f)));
    for (what, stderr) in streams {
        let summary = dir.path().join(format!("{what}.json"));
        let out = gongwen()
            .arg("batch")
            .arg(&inputs)
            .arg("-o")
            .arg(dir.path().join(format!("out-{what}")))
            .arg("--summary")
            .arg(&summary)
            .stderr(stderr)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{what}: one input failed");
        let json: Value = serde_json::from_slice(&std::fs::read(&summary).unwrap_or_default()).unwrap_or_else(|e| panic!("{what}: no summary: {e}"));
        assert_eq!(json["failed"], 1, "{what}");
        assert_eq!(json["written"], 1, "{what}");
        assert!(text(&out.stdout).contains("共 2 份"), "{what}: {}", text(&out.stdout));
    }
}

// ---- 14. Escape sequences from the user's text ------------------------------------------

fn no_raw_controls(what: &str, bytes: &[u8]) {
    let shown = text(bytes);
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{what}: raw control characters in {shown:?}");
}

#[test]
fn dump_and_check_show_escape_sequences_from_the_docx_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let docx = common::edit(&common::render("baiyun-zhen.json"), "word/document.xml", |xml| {
        // Text that would clear the screen, ring the bell and retitle the window.
        common::replace(&xml, "基本情况", "基本情况\u{1b}[2J\u{7}\u{1b}]0;x\u{7}\u{9b}", 1)
    });
    let path = write(dir.path(), "esc.docx", docx);
    let dump = gongwen().arg("dump").arg(&path).output().unwrap();
    assert_eq!(dump.status.code(), Some(0), "{}", text(&dump.stderr));
    no_raw_controls("dump", &dump.stdout);
    assert!(text(&dump.stdout).contains("基本情况\\u{1b}[2J\\u{7}"), "{}", text(&dump.stdout));
    let check = gongwen().arg("check").arg(&path).output().unwrap();
    no_raw_controls("check", &check.stdout);
    let json = gongwen().arg("check").arg("--json").arg(&path).output().unwrap();
    no_raw_controls("check --json", &json.stdout);
    serde_json::from_slice::<Value>(&json.stdout).unwrap();
}

#[test]
fn validate_shows_control_characters_from_keys_and_values_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.json", answers_with("\"\\u001b[31m红\\u0007\": 1").replacen("\"村党组织数\": 16", "\"村党组织数\": \"\\u001b[2J\"", 1));
    let out = gongwen().arg("validate").arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    no_raw_controls("validate", &out.stderr);
    assert!(text(&out.stderr).contains("\\u{1b}[31m红\\u{7}"), "{}", text(&out.stderr));
    let json = gongwen().arg("validate").arg("--json").arg(&input).output().unwrap();
    no_raw_controls("validate --json", &json.stdout);
    assert!(text(&json.stdout).contains("\\u001b[31m"), "serde_json escapes it: {}", text(&json.stdout));
}

// ---- 15. Causes in Chinese ---------------------------------------------------------------

/// The central directory entry and local header offsets of `name` in a zip.
fn entry_offsets(zip: &[u8], name: &str) -> (usize, usize) {
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    let eocd = (0..zip.len() - 21).rev().find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06]).unwrap();
    let (count, mut at) = (u16_at(eocd + 10), u32_at(eocd + 16));
    for _ in 0..count {
        let (n, e, c) = (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        if &zip[at + 46..at + 46 + n] == name.as_bytes() {
            return (at, u32_at(at + 42));
        }
        at += 46 + n + e + c;
    }
    panic!("no entry {name}");
}

/// The rendered fixture with the entry for word/document.xml patched: `central` and `local`
/// are offsets of the same field in the central directory entry and the local header.
fn patched(central: usize, local: usize, bytes: &[u8]) -> Vec<u8> {
    let mut zip = common::render("baiyun-zhen.json");
    let (cd, lh) = entry_offsets(&zip, "word/document.xml");
    zip[cd + central..cd + central + bytes.len()].copy_from_slice(bytes);
    zip[lh + local..lh + local + bytes.len()].copy_from_slice(bytes);
    zip
}

fn unreadable_because(docx: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "x.docx", docx);
    let out = gongwen().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let dump = gongwen().arg("dump").arg(&path).output().unwrap();
    assert_eq!(dump.status.code(), Some(2));
    let said = text(&out.stdout);
    assert!(text(&dump.stderr).contains(said.split("无法读取：").nth(1).unwrap_or("?").trim()), "dump says the same: {}", text(&dump.stderr));
    let english = said.chars().filter(char::is_ascii_alphabetic).collect::<String>();
    for word in ["Invalid", "checksum", "Password", "password", "EOCD", "unsupported", "Unsupported", "method", "entity", "unrecognized", "error"] {
        assert!(!said.contains(word), "English «{word}» in {said} ({english})");
    }
    said
}

#[test]
fn zip_problems_are_explained_in_chinese() {
    // General-purpose flag bit 0: the entry is encrypted.
    let said = unreadable_because(&patched(8, 6, &[0x01, 0x00]));
    assert!(said.contains("文件已加密"), "{said}");
    // Compression methods 12 (bzip2) and 14 (LZMA).
    for (method, name) in [(12u8, "bzip2"), (14, "LZMA")] {
        let said = unreadable_because(&patched(10, 8, &[method, 0x00]));
        assert!(said.contains(&format!("编号 {method}，{name}")), "{said}");
    }
    // A wrong CRC-32.
    let said = unreadable_because(&patched(16, 14, &[0xde, 0xad, 0xbe, 0xef]));
    assert!(said.contains("校验和不符"), "{said}");
    // No end-of-central-directory record: cut off, or not a zip at all.
    let whole = common::render("baiyun-zhen.json");
    let said = unreadable_because(&whole[..whole.len() - 30]);
    assert!(said.contains("找不到 zip 压缩包的目录"), "{said}");
    // A Word file with a password to open is an OLE compound file, not a zip.
    let said = unreadable_because(&[&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0u8; 600]].concat());
    assert!(said.contains("文件已加密"), "{said}");
}

#[test]
fn xml_entity_problems_are_explained_in_chinese() {
    let docx = common::render("baiyun-zhen.json");
    for (entity, words) in [("&nbsp;", "未定义的实体「&nbsp;」"), ("&#xZZ;", "字符引用"), ("&amp", "没有以「;」结束")] {
        let broken = common::edit(&docx, "word/document.xml", |xml| common::replace(&xml, "基本情况", &format!("基本{entity}情况"), 1));
        let said = unreadable_because(&broken);
        assert!(said.contains(words), "{entity}: {said}");
    }
    let broken = common::edit(&docx, "word/document.xml", |xml| xml.replacen("<w:t>", "<w:t x=\"&bogus;\">", 1));
    let said = unreadable_because(&broken);
    assert!(said.contains("未定义的实体「&bogus;」"), "{said}");
}

#[test]
fn os_errors_in_batch_and_summary_are_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let a_file = write(dir.path(), "a-file", "x");
    let english = ["os error", "No such file", "Not a directory", "directory"];
    let input = common::fixtures_dir().join("baiyun-zhen.json");
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (vec!["batch".into(), dir.path().join("missing.jsonl").into(), "-o".into(), dir.path().join("o1").into()], "文件或文件夹不存在（系统错误 2）"),
        (vec!["batch".into(), input.clone().into(), "-o".into(), a_file.join("sub").into()], "路径中有一段不是文件夹（系统错误 20）"),
        (
            vec!["batch".into(), input.into(), "-o".into(), dir.path().join("o2").into(), "--summary".into(), a_file.join("s.json").into()],
            "无法写入汇总",
        ),
    ];
    for (args, words) in cases {
        let out = gongwen().args(&args).output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
        for word in english {
            assert!(!err.contains(word), "{args:?}: English «{word}» in {err}");
        }
    }
}

// ---- 16. Numbers quoted as written -------------------------------------------------------

#[test]
fn out_of_range_numbers_are_quoted_as_written() {
    let dir = tempfile::tempdir().unwrap();
    for (written, expected) in [
        ("18446744073709551615", "不能大于 9999，实际是 18446744073709551615"),
        ("99999999999999999999", "不能大于 9999，实际是 99999999999999999999"),
        ("-99999999999999999999", "不能小于 0，实际是 -99999999999999999999"),
        ("-9223372036854775809", "不能小于 0，实际是 -9223372036854775809"),
        ("123456789012345678901234567890", "实际是 123456789012345678901234567890"),
        ("1E5", "不能大于 9999，实际是 1E5"),
        ("12.50", "应为整数，实际是小数 12.50"),
        ("1e400", "数字太大，超出了可以表示的范围"),
    ] {
        let input = write(dir.path(), "a.json", answers_replacing("\"村党组织数\": 16", &format!("\"村党组织数\": {written}")));
        let out = gongwen().arg("validate").arg(&input).output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{written}: {err}");
        assert!(err.contains(expected), "{written}: {err}");
        let render = gongwen().arg("render").arg(&input).arg("-o").arg(dir.path().join("r.docx")).output().unwrap();
        assert!(text(&render.stderr).contains(expected), "render says the same: {}", text(&render.stderr));
    }
    // A number where text is expected, in a list item: the hint quotes it as written too.
    let input = write(dir.path(), "b.json", answers_replacing("\"乡镇名称\": \"白云镇\"", "\"乡镇名称\": 1.50e3"));
    let err = text(&gongwen().arg("validate").arg(&input).output().unwrap().stderr);
    assert!(err.contains("实际是小数 1.50e3") || err.contains("实际是数字 1.50e3"), "{err}");
    assert!(err.contains("\"1.50e3\""), "{err}");
}

#[test]
fn a_stream_write_helper_is_used_everywhere() {
    // No println!/eprintln! is left in the command layer: each would panic on a closed pipe.
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    for entry in std::fs::read_dir(cli).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for (i, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for mac in ["println!(", "eprintln!(", "print!(", "eprint!("] {
                assert!(!code.contains(mac), "{}:{}: {line}", path.display(), i + 1);
            }
        }
    }
    let _ = std::io::stdout().flush();
}
