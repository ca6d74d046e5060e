//! The author's guide (docs/template-guide.md) and its worked example folder
//! (docs/example/anquan-shengchan): the folder lints clean, its examples match their
//! snapshots, render into reports named by the manifest's `file_name` pattern that pass
//! `check`, and every excerpt the guide quotes is still in the file it names — so the guide
//! cannot drift from what the program does.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> PathBuf {
    root().join("docs/example/anquan-shengchan")
}

fn gongwen(home: &Path) -> Command {
    let mut c = Command::cargo_bin("gongwen").unwrap();
    c.env_remove("GONGWEN_TEMPLATES").env("XDG_CONFIG_HOME", home).env("HOME", home).env("APPDATA", home);
    c
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn the_worked_example_lints_clean_and_matches_its_snapshots() {
    let tmp = TempDir::new().unwrap();
    let o = gongwen(tmp.path()).args(["template", "lint"]).arg(example()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("0 个错误，0 个警告"), "{}", text(&o));
    let o = gongwen(tmp.path()).arg("test").arg("--template").arg(example()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("2 个一致，0 个不一致"), "{}", text(&o));
}

/// `render` without `-o` names the report by the manifest's pattern, not by its title; the
/// report reads back with the derived figures and passes `check` with the kind's sections.
#[test]
fn the_example_renders_into_a_file_named_by_its_pattern() {
    let tmp = TempDir::new().unwrap();
    let answers = example().join("examples/dongling-zhen.json");
    let o = gongwen(tmp.path()).current_dir(tmp.path()).arg("render").arg("--template").arg(example()).arg(&answers).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let report = tmp.path().join("东岭镇安全生产自查报告（2026年度）.docx");
    assert!(report.is_file(), "{}", text(&o));
    let o = gongwen(tmp.path()).arg("dump").arg(&report).output().unwrap();
    let dump = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(dump.starts_with("标题：东岭镇2026年度安全生产工作自查报告\n"), "{dump}");
    assert!(dump.contains("全年开展专项检查39次，其中道路交通安全检查12次、消防安全检查8次、危险化学品检查4次、汛期地质灾害巡查15次；"), "{dump}");
    for heading in ["一级：一、基本情况", "一级：二、主要做法", "一级：三、存在问题", "一级：四、下一步工作打算"] {
        assert!(dump.contains(heading), "{heading}: {dump}");
    }
    assert!(dump.contains("正文：四是做好应急准备。"), "{dump}");
    // A decimal (places 1) and a boolean (false) as the skeleton prints them.
    assert!(dump.contains("组织安全生产培训640人次。全镇投入安全生产资金48.5万元。全年未发生较大以上生产安全事故。"), "{dump}");
    assert!(dump.contains("署名：东岭镇人民政府\n日期：2026年12月10日"), "{dump}");
    let o = gongwen(tmp.path()).arg("check").arg("--template").arg(example()).arg(&report).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// A batch names every township's report by the pattern too.
#[test]
fn a_batch_names_reports_by_the_pattern() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    let o = gongwen(tmp.path())
        .arg("batch")
        .arg("--template")
        .arg(example())
        .arg(example().join("examples"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".docx")).collect();
    names.sort();
    assert_eq!(names, ["东岭镇安全生产自查报告（2026年度）.docx", "西坪乡安全生产自查报告（2026年度）.docx"]);
}

/// A pattern naming a field the questionnaire does not have is the author's error at load,
/// with the place, not an empty file name.
#[test]
fn a_pattern_with_an_unknown_field_is_refused_where_it_is() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("anquan-shengchan");
    std::fs::create_dir(&dir).unwrap();
    for f in ["questionnaire.json", "report.hbs"] {
        std::fs::copy(example().join(f), dir.join(f)).unwrap();
    }
    let manifest = std::fs::read_to_string(example().join("template.json")).unwrap();
    std::fs::write(dir.join("template.json"), manifest.replace("{{自查年度}}年度）", "{{年度}}年度）")).unwrap();
    let o = gongwen(tmp.path()).args(["template", "lint"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("template.json 中 file_name 第 1 行"), "{}", text(&o));
    assert!(text(&o).contains("「年度」不是问卷中的字段"), "{}", text(&o));
}

/// A placeholder that reaches the file name through a field is removed from it (reported
/// once, with the title's warning) rather than naming the file 「XX镇…」.
#[test]
fn a_placeholder_in_the_pattern_is_removed_and_reported_once() {
    let tmp = TempDir::new().unwrap();
    let mut answers: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example().join("examples/xiping-xiang.json")).unwrap()).unwrap();
    answers["乡镇名称"] = "西坪XX乡".into();
    let file = tmp.path().join("a.json");
    std::fs::write(&file, answers.to_string()).unwrap();
    let o = gongwen(tmp.path()).current_dir(tmp.path()).arg("render").arg("--template").arg(example()).arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(tmp.path().join("西坪乡安全生产自查报告（2026年度）.docx").is_file(), "{}", text(&o));
    let warnings = text(&o).matches("字段「乡镇名称」：含占位符「XX」").count();
    assert!(warnings >= 1, "{}", text(&o));
    let all = text(&o).lines().filter(|l| l.starts_with("警告：")).count();
    assert_eq!(warnings, all, "{}", text(&o));
}

/// Every excerpt the guide quotes (a code block after 「<!-- 摘自 PATH -->」) is, line for
/// line, in the file it names.
#[test]
fn the_guides_excerpts_are_in_the_files_they_name() {
    let guide = std::fs::read_to_string(root().join("docs/template-guide.md")).unwrap();
    let mut quoted = 0;
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line.strip_prefix("<!-- 摘自 ").and_then(|l| l.strip_suffix(" -->")) else { continue };
        let fence = lines.next().unwrap();
        assert!(fence.starts_with("```"), "{path}: a code block must follow");
        let excerpt: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
        let file = std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(file.contains(&excerpt.join("\n")), "{path} no longer holds:\n{}", excerpt.join("\n"));
        quoted += 1;
    }
    assert!(quoted >= 7, "{quoted} excerpts");
    assert!(std::fs::read_to_string(root().join("README.md")).unwrap().contains("docs/template-guide.md"));
}
