//! The bad-input corpus (`tests/bad_inputs/`, plus a few cases too large to keep in git,
//! made here): each case pins its exact outcome — exit status, the words that name the
//! problem, and that no file appeared or changed outside the intended output.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs").join(name)
}

/// Everything under `dir`, as relative names with their bytes, to prove nothing changed.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                stack.push(p.clone());
            }
            let bytes = if meta.is_file() { std::fs::read(&p).unwrap() } else { Vec::new() };
            out.push((p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), bytes));
        }
    }
    out.sort();
    out
}

struct Outcome {
    code: i32,
    stderr: String,
}

/// Renders `input` into a fresh folder holding one older report; returns the outcome and
/// checks that a failure left the folder exactly as it was.
fn render(input: &Path) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("报告.docx");
    std::fs::write(&target, b"an older report").unwrap();
    let before = snapshot(dir.path());
    let out = Command::cargo_bin("gongwen").unwrap().arg("render").arg(input).arg("-o").arg(&target).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let after = snapshot(dir.path());
    if code == 0 {
        assert_eq!(after.len(), 1, "only the report: {:?}", after.iter().map(|x| &x.0).collect::<Vec<_>>());
        gongwen::inspect::read(&std::fs::read(&target).unwrap()).expect("a readable .docx");
    } else {
        assert_eq!(before, after, "{}: a failed render must leave the folder untouched", input.display());
    }
    Outcome { code, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

/// (file, exit status, words the message must contain)
const CASES: &[(&str, i32, &[&str])] = &[
    ("truncated.json", 1, &["第 20 行第 2 列", "结束"]),
    ("empty.json", 1, &["文件是空的"]),
    ("only-bom.json", 1, &["没有内容"]),
    ("top-level-array.json", 1, &["最外层应为对象", "列表"]),
    ("top-level-string.json", 1, &["最外层应为对象", "文本"]),
    ("wrong-types.json", 1, &["字段「乡镇名称」：应为文本", "字段「党委名称」：应为文本", "字段「成文日期」：应为日期", "字段「自查起始年份」：应为整数", "字段「基本情况」：应为对象", "字段「主要做法」：应为列表"]),
    ("lone-surrogate.json", 1, &["第 2 行", "\\uD800"]),
    ("nul-byte.json", 1, &["空字节"]),
    ("bom-then-gbk.json", 1, &["UTF-8", "字节偏移"]),
    ("utf16-without-bom.json", 1, &["UTF-16"]),
    ("trailing-comma.json", 1, &["第 3 行第 22 列"]),
    ("chinese-punctuation.json", 1, &["第 3 行第 3 列", "中文标点"]),
    ("huge-number.json", 1, &["第 9 行", "数字太大"]),
    ("negative-count.json", 1, &["字段「基本情况.村党组织数」", "不能小于 0"]),
    ("fractional-count.json", 1, &["字段「基本情况.村党组织数」", "应为整数"]),
    ("bad-date-format.json", 1, &["字段「成文日期」", "日期格式不对"]),
    ("impossible-date.json", 1, &["字段「成文日期」", "2025 年 2 月只有 28 天"]),
    ("years-reversed.json", 1, &["字段「自查起始年份」", "晚于自查截止年份"]),
    ("year-after-date.json", 1, &["字段「自查截止年份」", "晚于成文日期"]),
    ("duplicate-years.json", 1, &["字段「基本情况.分年度发展党员数[1].年份」", "重复"]),
    ("year-outside-range.json", 1, &["字段「基本情况.分年度发展党员数[1].年份」", "不在自查范围"]),
    ("empty-required-lists.json", 1, &["字段「主要做法」：不能为空", "字段「存在问题.问题」：不能为空", "字段「对策建议」：不能为空"]),
    ("typo-key.json", 1, &["缺少必填字段「乡镇名称」", "未知字段「乡镇明称」", "是否想写：乡镇名称"]),
    ("null-required.json", 1, &["字段「党委名称」"]),
    ("villages-over-total.json", 1, &["超过了村党组织数"]),
    ("title-only-placeholder.json", 0, &["警告", "字段「乡镇名称」", "含占位符「XX」"]),
    ("control-characters.json", 0, &["控制字符"]),
    ("xml-specials.json", 0, &[]),
    ("hostile-title.json", 0, &[]),
    ("reserved-name-title.json", 0, &[]),
];

#[test]
fn every_case_of_the_corpus_has_its_exact_outcome() {
    let listed: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(case("")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    on_disk.sort();
    assert_eq!(on_disk.len(), CASES.len(), "every file of the corpus has a case: {on_disk:?}");
    let mut failures = Vec::new();
    for (file, code, words) in CASES {
        assert!(on_disk.iter().any(|f| f == file), "{file} missing from the corpus");
        let got = render(&case(file));
        let missing: Vec<&&str> = words.iter().filter(|w| !got.stderr.contains(**w)).collect();
        if got.code != *code || !missing.is_empty() {
            failures.push(format!("{file}: exit {} (want {code}), missing {missing:?}\n{}", got.code, got.stderr));
        }
        assert!(!got.stderr.contains("panicked"), "{file} panicked");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = listed;
}

#[test]
fn values_that_look_like_markup_arrive_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.docx");
    Command::cargo_bin("gongwen").unwrap().arg("render").arg(case("xml-specials.json")).arg("-o").arg(&out).assert().success();
    let docx = gongwen::inspect::read(&std::fs::read(&out).unwrap()).unwrap();
    assert!(docx.paragraphs.iter().any(|p| p.text == "<w:p>&amp;\"引号\"'单引号' ]]> {{乡镇名称}} *粗* #标题"));
}

#[test]
fn hostile_titles_make_safe_names_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    for (file, want) in [("hostile-title.json", "_.._etc_passwd_CON_____.docx"), ("reserved-name-title.json", "_NUL.docx")] {
        Command::cargo_bin("gongwen").unwrap().current_dir(dir.path()).arg("render").arg(case(file)).assert().success();
        assert!(dir.path().join(want).is_file(), "{file}: {:?}", snapshot(dir.path()).iter().map(|x| &x.0).collect::<Vec<_>>());
    }
    assert_eq!(snapshot(dir.path()).len(), 2, "nothing written outside the folder");
}

#[test]
fn inputs_too_large_to_keep_in_git_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let base: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(case("xml-specials.json")).unwrap()).unwrap();

    let mut long = base.clone();
    long["基本情况"]["概述"] = "长".repeat(10 * 1024 * 1024 / 3).into();
    let p = dir.path().join("ten-megabyte-string.json");
    std::fs::write(&p, serde_json::to_string(&long).unwrap()).unwrap();
    let got = render(&p);
    assert_eq!(got.code, 1);
    assert!(got.stderr.contains("字段「基本情况.概述」") && got.stderr.contains(&gongwen::limits::MAX_TEXT_CHARS.to_string()), "{}", got.stderr);

    let mut many = base.clone();
    many["存在问题"]["问题"] = serde_json::Value::Array(vec!["问题。".into(); 100_000]);
    let p = dir.path().join("hundred-thousand-items.json");
    std::fs::write(&p, serde_json::to_string(&many).unwrap()).unwrap();
    let got = render(&p);
    assert_eq!(got.code, 1);
    assert!(got.stderr.contains("字段「存在问题.问题」") && got.stderr.contains(&gongwen::limits::MAX_LIST_ITEMS.to_string()), "{}", got.stderr);

    let p = dir.path().join("seventeen-megabytes.json");
    std::fs::write(&p, vec![b' '; gongwen::limits::MAX_INPUT_BYTES + 1]).unwrap();
    let got = render(&p);
    assert_eq!(got.code, 1);
    assert!(got.stderr.contains("超过上限"), "{}", got.stderr);

    let p = dir.path().join("deep.json");
    std::fs::write(&p, "[".repeat(100_000)).unwrap();
    let got = render(&p);
    assert_eq!(got.code, 1);
    assert!(got.stderr.contains("嵌套"), "{}", got.stderr);
}

#[test]
fn output_paths_that_cannot_work_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let input = case("xml-specials.json");
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, "x").unwrap();
    let named_dir = dir.path().join("报告.docx");
    std::fs::create_dir(&named_dir).unwrap();
    let before = snapshot(dir.path());
    for (target, words) in [
        (a_file.join("报告.docx"), "不是文件夹"),
        (dir.path().join("没有这个文件夹").join("报告.docx"), "不存在"),
        (named_dir.clone(), "文件夹"),
    ] {
        let out = Command::cargo_bin("gongwen").unwrap().arg("render").arg(&input).arg("-o").arg(&target).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", target.display());
        assert!(err.contains(words), "{}: {err}", target.display());
        assert_eq!(snapshot(dir.path()), before, "{}", target.display());
    }
    // A path longer than any file system takes.
    let long = dir.path().join("长".repeat(1400)).join("报告.docx");
    let out = Command::cargo_bin("gongwen").unwrap().arg("render").arg(&input).arg("-o").arg(&long).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&gongwen::limits::MAX_OUTPUT_PATH_BYTES.to_string()));
    assert_eq!(snapshot(dir.path()), before);
    // An input that is a folder.
    let out = Command::cargo_bin("gongwen").unwrap().arg("render").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("文件夹"));
}
