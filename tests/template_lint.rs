//! `gongwen template lint` and `gongwen template new`: every built-in kind lints clean; each
//! lint check finds its problem at its file and line; `new` copies a kind that lints clean,
//! refuses to write into a folder that is not empty or through a link; and the issue's
//! scenario: a kind copied with `new`, a section renamed and a field added, lints clean and
//! renders with `--template DIR`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

fn gongwen(home: &Path) -> Command {
    let mut c = Command::cargo_bin("gongwen").unwrap();
    c.env_remove("GONGWEN_TEMPLATES").env("XDG_CONFIG_HOME", home).env("HOME", home).env("APPDATA", home);
    c
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A new kind in `tmp/name`, made by `template new`.
fn new_kind(tmp: &TempDir, name: &str) -> PathBuf {
    let dir = tmp.path().join(name);
    let o = gongwen(tmp.path()).args(["template", "new"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    dir
}

fn lint(tmp: &TempDir, dir: &Path) -> (Option<i32>, String) {
    let o = gongwen(tmp.path()).args(["template", "lint"]).arg(dir).output().unwrap();
    (o.status.code(), text(&o))
}

fn edit(path: PathBuf, from: &str, to: &str) {
    let s = std::fs::read_to_string(&path).unwrap();
    assert!(s.contains(from), "{from} not in {}", path.display());
    std::fs::write(&path, s.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_built_in_kind_lints_clean() {
    let tmp = TempDir::new().unwrap();
    for id in gongwen::template::ids() {
        let t = gongwen::template::builtin(id).unwrap();
        assert_eq!(gongwen::template::lint::lint(t), vec![], "{id}");
        let o = gongwen(tmp.path()).args(["template", "lint", id]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{id}: {}", text(&o));
        // The folder itself, so that its examples run too.
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates").join(id);
        let (code, out) = lint(&tmp, &folder);
        assert_eq!(code, Some(0), "{id}: {out}");
    }
}

#[test]
fn new_copies_a_kind_that_lints_clean_with_its_own_id() {
    let tmp = TempDir::new().unwrap();
    let dir = new_kind(&tmp, "Lianzheng Jianshe");
    for f in ["template.json", "questionnaire.json", "report.hbs", "examples/baiyun-zhen.json", "examples/baiyun-zhen.expected.txt"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let manifest = std::fs::read_to_string(dir.join("template.json")).unwrap();
    assert!(manifest.contains("\"id\": \"lianzheng-jianshe\""), "{manifest}");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("0 个错误，0 个警告"), "{out}");
    // The examples run: a broken example is a finding.
    edit(dir.join("examples/baiyun-zhen.json"), "\"乡镇名称\": \"白云镇\"", "\"乡镇名称\": 5");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("examples/baiyun-zhen.json") && out.contains("样例无法生成报告"), "{out}");
    // An examples folder that is a link out of the kind's folder is not read.
    #[cfg(unix)]
    {
        let outside = new_kind(&tmp, "outside");
        edit(outside.join("examples/baiyun-zhen.json"), "\"乡镇名称\": \"白云镇\"", "\"乡镇名称\": 6");
        let linked = new_kind(&tmp, "linked");
        std::fs::remove_dir_all(linked.join("examples")).unwrap();
        std::os::unix::fs::symlink(outside.join("examples"), linked.join("examples")).unwrap();
        let (code, out) = lint(&tmp, &linked);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("examples：是指向模板文件夹以外的链接") && !out.contains("样例无法生成报告"), "{out}");
    }
    // Lints by name too, from a search folder (the folder named as its id).
    new_kind(&tmp, "lianzheng");
    let o = gongwen(tmp.path()).env("GONGWEN_TEMPLATES", tmp.path()).args(["template", "lint", "lianzheng"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn new_refuses_a_folder_that_is_not_empty_or_a_link() {
    let tmp = TempDir::new().unwrap();
    let full = tmp.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("keep.txt"), "mine").unwrap();
    let o = gongwen(tmp.path()).args(["template", "new"]).arg(&full).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("已存在且不是空的"), "{}", text(&o));
    assert_eq!(std::fs::read_dir(&full).unwrap().count(), 1);
    assert_eq!(std::fs::read_to_string(full.join("keep.txt")).unwrap(), "mine");
    #[cfg(unix)]
    {
        let target = tmp.path().join("target");
        std::fs::create_dir(&target).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let o = gongwen(tmp.path()).args(["template", "new"]).arg(&link).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
    }
    // An empty folder is used; no temporary folder is left beside it.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = gongwen(tmp.path()).args(["template", "new", "--from", "fazhan-dangyuan"]).arg(&empty).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(empty.join("report.hbs").is_file());
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with('.')).collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn lint_finds_each_problem_at_its_place() {
    let tmp = TempDir::new().unwrap();
    let dir = new_kind(&tmp, "bad");
    std::fs::remove_file(dir.join("examples/baiyun-zhen.expected.txt")).unwrap();
    edit(dir.join("report.hbs"), "@h1 存在问题", "@h1 二、存在问题");
    edit(dir.join("report.hbs"), "现将有关情况报告如下。\n{{else}}", "现将XX情况报告如下。\n{{else}}");
    // A comment may name numbers and placeholders: it is not report text.
    edit(dir.join("report.hbs"), "{{!--", "{{!-- 例：@h1 一、XX\n@h1 一、基本情况\n");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(out.matches("错误：").count(), 2, "{out}");
    let line = |needle: &str| std::fs::read_to_string(dir.join("report.hbs")).unwrap().lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(out.contains(&format!("report.hbs 第 {} 行第 5 列：标题前手写了编号「二、」", line("@h1 二、"))), "{out}");
    assert!(out.contains(&format!("report.hbs 第 {} 行：模板自己的文字中有占位符「XX」", line("现将XX"))), "{out}");

    // Sections out of order, and one not a level-1 heading outside a block.
    let dir = new_kind(&tmp, "order");
    edit(dir.join("template.json"), "{ \"title\": \"基本情况\" },\n    { \"title\": \"主要做法\"", "{ \"title\": \"主要做法\" },\n    { \"title\": \"基本情况\"");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("位置与 template.json 的 sections 顺序不一致"), "{out}");
    let dir = new_kind(&tmp, "inside");
    edit(dir.join("report.hbs"), "@h1 存在问题\n", "{{#if 存在问题}}\n@h1 存在问题\n{{/if}}\n");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("「存在问题」不是 report.hbs 的一级标题"), "{out}");

    // A field nobody uses is a warning (exit 0).
    let dir = new_kind(&tmp, "unused");
    edit(dir.join("questionnaire.json"), "\"fields\": [", "\"fields\": [\n    { \"key\": \"备用字段\", \"type\": \"text\", \"label\": \"备用\", \"hint\": \"不用\" },");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("警告：questionnaire.json：字段「备用字段」没有被 report.hbs、derived 或 rules 使用"), "{out}");

    // A folder that does not load: exit 2, the loader's message with its line.
    let dir = new_kind(&tmp, "broken");
    edit(dir.join("report.hbs"), "@p {{基本情况.概述}}", "@p {{基本情况.概况}}");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("report.hbs 第"), "{out}");
    // Two files broken: both are named, not only the first the loader read.
    edit(dir.join("questionnaire.json"), "{", "{,");
    edit(dir.join("template.json"), "\"format\"", "\"formt\"");
    edit(dir.join("report.hbs"), "@h1 存在问题", "{{#if 存在问题}}@h1 存在问题");
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("questionnaire.json 第 1 行") && out.contains("template.json 第") && out.contains("report.hbs 第"), "{out}");
}

/// The "Done when": copied with `template new`, a section renamed and a field added,
/// it lints clean and renders with `--template DIR`.
#[test]
fn a_copied_kind_with_a_section_renamed_and_a_field_added_lints_and_renders() {
    let tmp = TempDir::new().unwrap();
    let dir = new_kind(&tmp, "wode-baogao");
    edit(dir.join("template.json"), "{ \"title\": \"对策建议\", \"also\": [\"下一步工作打算\", \"下步打算\"] }", "{ \"title\": \"今后打算\" }");
    edit(dir.join("report.hbs"), "@h1 对策建议及下年工作计划", "@h1 今后打算");
    edit(dir.join("questionnaire.json"), "\"fields\": [", "\"fields\": [\n    { \"key\": \"备注\", \"type\": \"text\", \"label\": \"备注\", \"hint\": \"报告末尾的说明\" },");
    let s = std::fs::read_to_string(dir.join("report.hbs")).unwrap();
    std::fs::write(dir.join("report.hbs"), s.replacen("\n@signature", "\n{{#if 备注}}\n@p {{备注}}\n{{/if}}\n@signature", 1)).unwrap();
    // The outline changed on purpose: the snapshot is rewritten, as an author would.
    let o = gongwen(tmp.path()).args(["test", "--bless", "--template"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (code, out) = lint(&tmp, &dir);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("0 个错误，0 个警告"), "{out}");
    let answers = std::fs::read_to_string(dir.join("examples/baiyun-zhen.json")).unwrap().replacen('{', "{\n  \"备注\": \"本报告经镇党委会议审议。\",", 1);
    let input = tmp.path().join("answers.json");
    std::fs::write(&input, answers).unwrap();
    let docx = tmp.path().join("out.docx");
    let o = gongwen(tmp.path()).arg("render").arg(&input).arg("--template").arg(&dir).arg("-o").arg(&docx).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = gongwen(tmp.path()).arg("dump").arg(&docx).output().unwrap();
    let outline = text(&o);
    assert!(outline.contains("今后打算") && outline.contains("本报告经镇党委会议审议。"), "{outline}");
    let o = gongwen(tmp.path()).arg("check").arg(&docx).arg("--template").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}
