//! `gongwen check`, `dump` and `test` as CI and a clerk run them: exit statuses 0/1/2, what
//! they print, and `test --bless`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use assert_cmd::Command;

fn gongwen() -> Command {
    Command::cargo_bin("gongwen").unwrap()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every fixture rendered into `dir`, by the `render` command itself.
fn render_all(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for name in common::fixture_names() {
        let target = dir.join(format!("{}.docx", name.trim_end_matches(".json")));
        gongwen().arg("render").arg(common::fixtures_dir().join(&name)).arg("-o").arg(&target).assert().success();
        out.push(target);
    }
    out
}

#[test]
fn check_passes_on_every_rendered_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(dir.path());
    let out = gongwen().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    assert!(stdout_of(&out).contains(&format!("共检查 {} 个文件：{} 个没有问题", files.len(), files.len())), "{}", stdout_of(&out));

    let out = gongwen().arg("check").arg("--json").args(&files).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), files.len());
    assert!(v.as_array().unwrap().iter().all(|f| f["findings"].as_array().unwrap().is_empty() && f.get("error").is_none()));
}

#[test]
fn findings_name_the_paragraph_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let docx = common::edit(&common::render("baiyun-zhen.json"), "word/document.xml", |x| {
        common::replace(&x, "配备专兼职组织员5名", "配备专兼职组织员XX名", 1).replace(r#"w:left="1587""#, r#"w:left="1800""#)
    });
    let bad = dir.path().join("改过的.docx");
    std::fs::write(&bad, docx).unwrap();
    let out = gongwen().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(text.contains("发现 2 处问题"), "{text}");
    assert!(text.contains("[text.placeholder] 残留占位符「XX」"), "{text}");
    assert!(text.contains("「白云镇现有村党组织16个，配备专兼职组织员XX名"), "{text}");
    assert!(text.contains("[layout.margin]") && text.contains("左 31.8 毫米（应为 28 毫米）"), "{text}");

    let out = gongwen().arg("check").arg("--json").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v[0]["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["text.placeholder", "layout.margin"]);
    assert!(v[0]["findings"][0]["paragraph"].is_u64());
}

#[test]
fn sections_option() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.docx");
    std::fs::write(&file, common::render("baiyun-zhen.json")).unwrap();
    let out = gongwen().arg("check").arg(&file).args(["--sections", "基本情况,经验做法"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).contains("缺少「经验做法」部分"), "{}", stdout_of(&out));
    gongwen().arg("check").arg(&file).args(["--sections", ""]).assert().code(0);
}

#[test]
fn unreadable_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let not_zip = dir.path().join("不是.docx");
    std::fs::write(&not_zip, "这不是 docx").unwrap();
    let out = gongwen().arg("check").arg(&not_zip).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout_of(&out).contains("无法读取：不是有效的 .docx 文件"), "{}", stdout_of(&out));

    let broken = dir.path().join("坏.docx");
    std::fs::write(&broken, common::edit(&common::render("baiyun-zhen.json"), "word/styles.xml", |x| x.replacen("</w:styles>", "<w:oops>", 1))).unwrap();
    gongwen().arg("check").arg(&broken).assert().code(2);
    gongwen().arg("dump").arg(&broken).assert().code(2);
    gongwen().arg("check").arg(dir.path().join("没有这个.docx")).assert().code(2);

    // A readable file with findings and an unreadable one: 2 wins.
    let good = dir.path().join("好.docx");
    std::fs::write(&good, common::render("baiyun-zhen.json")).unwrap();
    gongwen().arg("check").arg(&good).arg(&not_zip).assert().code(2);
    gongwen().arg("check").assert().code(2); // usage: no file
}

/// In a folder, every entry named like a report is listed: one that is not a readable file
/// (a broken link, a folder called x.docx, a hidden copy) is unreadable, not left out of
/// the count. Word's own `~$` lock files stay out.
#[cfg(unix)]
#[test]
fn check_folder_lists_every_entry_named_like_a_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("好.docx"), common::render("baiyun-zhen.json")).unwrap();
    std::fs::write(dir.path().join(".隐藏.DOCX"), common::render("baiyun-zhen.json")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("不存在"), dir.path().join("断开.docx")).unwrap();
    std::fs::create_dir(dir.path().join("文件夹.docx")).unwrap();
    std::fs::write(dir.path().join("~$好.docx"), "Word 的锁文件").unwrap();
    let out = gongwen().arg("check").arg(dir.path()).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("共检查 4 个文件：2 个没有问题，0 个有问题，2 个无法读取"), "{text}");
    assert!(text.contains("断开.docx：无法读取") && text.contains("文件夹.docx：无法读取"), "{text}");
    assert!(!text.contains("~$"), "{text}");
}

#[test]
fn a_one_gib_zip_bomb_exits_2_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.docx");
    std::fs::write(&bomb, common::zip_bomb(1024)).unwrap();
    let started = Instant::now();
    let out = gongwen().arg("check").arg(&bomb).output().unwrap();
    let elapsed = started.elapsed();
    println!("gongwen check on a 1 GiB zip bomb: exit {:?} in {elapsed:?}", out.status.code());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout_of(&out).contains("压缩炸弹"), "{}", stdout_of(&out));
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}

#[test]
fn dump_prints_the_snapshot_outline() {
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(dir.path());
    for f in files {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(common::fixtures_dir().join(format!("{stem}.expected.txt"))).unwrap();
        let out = gongwen().arg("dump").arg(&f).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stdout_of(&out), expected, "{stem}");
    }
}

#[test]
fn test_passes_on_the_fixtures_folder() {
    let out = gongwen().arg("test").arg(common::fixtures_dir()).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let n = common::fixture_names().len();
    assert!(text.contains(&format!("样例快照：{n} 个一致，0 个不一致")), "{text}");
}

/// A copy of the fixtures folder to change.
fn fixtures_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(common::fixtures_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn test_shows_a_diff_and_bless_rewrites() {
    let dir = fixtures_copy();
    let snap = dir.path().join("shimen-xiang.gbk.expected.txt");
    let good = std::fs::read_to_string(&snap).unwrap();
    std::fs::write(&snap, good.replace("一级：二、", "一级：二 、")).unwrap();
    let out = gongwen().arg("test").arg(dir.path()).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("不一致 shimen-xiang.gbk"), "{text}");
    assert!(text.contains("-一级：二 、") && text.contains("+一级：二、"), "{text}");
    assert!(text.contains("@@"), "a unified diff: {text}");

    gongwen().arg("test").arg(dir.path()).arg("--bless").assert().success();
    assert_eq!(std::fs::read_to_string(&snap).unwrap(), good);
    gongwen().arg("test").arg(dir.path()).assert().success();
}

#[test]
fn test_pins_bytes_when_a_sha256_file_exists() {
    let dir = fixtures_copy();
    let pin = dir.path().join("baiyun-zhen.expected.sha256");
    let pinned = std::fs::read_to_string(&pin).unwrap();
    std::fs::write(&pin, "0000\n").unwrap();
    // The fixtures ship pinned; one pin is taken away to see that --bless adds none.
    std::fs::remove_file(dir.path().join("hexi-jiedao.expected.sha256")).unwrap();
    let out = gongwen().arg("test").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).contains("SHA-256"), "{}", stdout_of(&out));
    gongwen().arg("test").arg(dir.path()).arg("--bless").assert().success();
    let sha = std::fs::read_to_string(&pin).unwrap();
    assert_eq!(sha.trim().len(), 64, "{sha}");
    assert_eq!(sha, pinned, "--bless writes the same digest as the one shipped");
    gongwen().arg("test").arg(dir.path()).assert().success();
    // No pin is created where there was none.
    assert!(!dir.path().join("hexi-jiedao.expected.sha256").exists());
}

#[test]
fn test_fails_on_a_missing_snapshot_or_a_bad_fixture() {
    let dir = fixtures_copy();
    std::fs::remove_file(dir.path().join("hexi-jiedao.expected.txt")).unwrap();
    std::fs::write(dir.path().join("broken.json"), "{").unwrap();
    let out = gongwen().arg("test").arg(dir.path()).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("没有快照") && text.contains("失败 broken"), "{text}");
    assert!(text.contains("个不一致"), "{text}");
}
