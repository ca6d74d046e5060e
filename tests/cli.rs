//! The `gongwen` command as a clerk uses it: a temporary folder, a command, and what
//! appeared (or did not) on disk, on stdout and on stderr.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn gongwen() -> Command {
    Command::cargo_bin("gongwen").unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn without_o_the_report_is_named_after_its_title() {
    let dir = tempfile::tempdir().unwrap();
    gongwen().current_dir(dir.path()).arg("render").arg(fixture("baiyun-zhen.json")).assert().success();
    assert_eq!(files_in(dir.path()), ["白云镇发展党员工作三年自查报告.docx"]);
}

#[test]
fn o_names_the_file_or_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("报告.docx");
    gongwen().arg("render").arg(fixture("shimen-xiang.gbk.json")).arg("-o").arg(&out).assert().success();
    let docx = gongwen::inspect::read(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(docx.paragraphs[0].text, "石门乡发展党员工作两年自查报告");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    gongwen().arg("render").arg(fixture("shimen-xiang.gbk.json")).arg("-o").arg(&sub).assert().success();
    assert_eq!(files_in(&sub), ["石门乡发展党员工作两年自查报告.docx"]);
}

#[test]
fn a_syntax_error_names_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answers.json");
    std::fs::write(&input, "{\n  \"乡镇名称\": \"青山镇\"\n  \"党委名称\": \"x\"\n}").unwrap();
    let out = gongwen().current_dir(dir.path()).args(["render", "answers.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("第 3 行第 3 列"), "{err}");
    assert!(err.contains("answers.json"), "{err}");
    assert_eq!(files_in(dir.path()), ["answers.json"], "no output, not even a partial one");
}

#[test]
fn every_validation_problem_is_listed_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("baiyun-zhen.json")).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("乡镇名称");
    v["成文日期"] = "2026-02-30".into();
    v["基本情况"]["分年度发展党员数"][1]["年份"] = 2019.into();
    v["主要做法"] = serde_json::json!([]);
    v["基本情况"]["村党组织数"] = "十六".into();
    let input = dir.path().join("bad.json");
    std::fs::write(&input, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = gongwen().current_dir(dir.path()).args(["render", "bad.json", "-o", "x.docx"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    for path in ["乡镇名称", "成文日期", "基本情况.分年度发展党员数[1].年份", "主要做法", "基本情况.村党组织数"] {
        assert!(err.contains(&format!("字段「{path}」")), "{path} missing from:\n{err}");
    }
    assert!(!dir.path().join("x.docx").exists());
}

#[test]
fn a_failed_render_leaves_the_previous_report_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("报告.docx");
    std::fs::write(&out, b"previous report").unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{").unwrap();
    gongwen().arg("render").arg(&bad).arg("-o").arg(&out).assert().code(1);
    assert_eq!(std::fs::read(&out).unwrap(), b"previous report");
    assert_eq!(files_in(dir.path()), ["bad.json", "报告.docx"]);
}

#[test]
fn strict_refuses_placeholders_and_default_warns() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen().current_dir(dir.path()).arg("render").arg(fixture("qinghe-zhen-fanwen.json")).arg("--strict").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("含占位符「XX」"));
    assert!(files_in(dir.path()).is_empty());

    let out = gongwen().current_dir(dir.path()).arg("render").arg(fixture("qinghe-zhen-fanwen.json")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(err.contains("警告") && err.contains("字段「基本情况.概述」") && err.contains("配备专兼职组织员XX名"), "{err}");
    assert_eq!(files_in(dir.path()).len(), 1);
}

#[test]
fn usage_errors_exit_2() {
    gongwen().assert().code(2);
    gongwen().args(["render"]).assert().code(2);
    gongwen().args(["render", "a.json", "--no-such-flag"]).assert().code(2);
    gongwen().args(["render", "a.json", "--template", "nope"]).assert().code(2);
    gongwen().arg("--help").assert().success();
}

#[test]
fn a_missing_input_is_a_problem_not_a_crash() {
    let out = gongwen().args(["render", "没有这个文件.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("没有这个文件.json"));
}

#[test]
fn control_characters_never_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("baiyun-zhen.json")).unwrap()).unwrap();
    v["基本情况"]["概述"] = "甲\u{0}乙\u{1}丙\u{b}丁\u{c}戊\u{1f}己\u{fffe}庚&<>\"'".into();
    let input = dir.path().join("ctl.json");
    std::fs::write(&input, serde_json::to_string(&v).unwrap()).unwrap();
    let out = dir.path().join("ctl.docx");
    gongwen().arg("render").arg(&input).arg("-o").arg(&out).assert().success();
    let docx = gongwen::inspect::read(&std::fs::read(&out).unwrap()).expect("well-formed");
    assert!(docx.paragraphs.iter().any(|p| p.text == "甲乙丙丁戊己庚&<>\"'"));
}

#[test]
fn help_pages_are_in_chinese() {
    for args in [vec!["--help"], vec!["render", "--help"], vec!["batch", "--help"], vec!["schema", "--help"]] {
        let out = gongwen().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("用法：") && text.contains("显示帮助"), "{args:?}:\n{text}");
        assert!(!text.contains("Usage:") && !text.contains("Print help"), "{args:?}:\n{text}");
    }
}

/// A mistake on the command line is told in Chinese, naming the argument and what clap
/// suggests, with no English (clap's own rendering: 「error: unexpected argument … Usage: …
/// tip: …」), and exit status 2.
#[test]
fn command_line_mistakes_are_told_in_chinese() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["render", "--bogus", "a.json"], &["用法错误：不认识的选项或参数「--bogus」", "运行 gongwen render --help 查看用法"]),
        (&["rende", "a.json"], &["没有「rende」这个命令", "是否想写「render」？"]),
        (&["render", "--tmplate", "x", "a.json"], &["「--tmplate」", "是否想写「--template」？"]),
        (&["render"], &["缺少必需的参数"]),
        (&["batch", "--jobs", "abc", "x"], &["参数「--jobs <N>」的值「abc」不合要求"]),
        (&["check", "x.docx", "--sections", "a", "--template", "b"], &["不能同时使用"]),
    ];
    for (args, wanted) in cases {
        let out = gongwen().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr_of(&out);
        for w in *wanted {
            assert!(err.contains(w), "{args:?}: {w} not in\n{err}");
        }
        for english in ["error:", "Usage:", "tip:", "For more information"] {
            assert!(!err.contains(english), "{args:?}: English 「{english}」 in\n{err}");
        }
    }
}
