//! `gongwen template import`: the synthetic 范文 of tests/data (made by make_fanwen.py, GBK
//! with CRLF, Markdown and .docx) become kinds that lint clean, whose blank answers hold
//! exactly the placeholders as fields, and that render the 范文's structure once filled.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn gongwen() -> Command {
    Command::cargo_bin("gongwen").unwrap()
}

fn import(input: &Path, dir: &Path) -> String {
    let out = gongwen().args(["template", "import"]).arg(input).arg("-o").arg(dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// The fields every form of the synthetic 范文 gives, in the questionnaire's order.
const FIELDS: &[(&str, &str)] = &[
    ("乡镇名称", "text"),
    ("报告年度", "integer"),
    ("起始年份", "integer"),
    ("村数", "integer"),
    ("新进班子成员人数", "integer"),
    ("村干部人次", "integer"),
    ("问题数", "integer"),
    ("编印工作手册份数", "integer"),
    ("规范阵地建设", "list"),
    ("存在问题", "list"),
    ("日期", "date"),
    ("学院名称", "text"),
    ("现场推进会次数", "integer"),
    ("成文日期", "date"),
];

fn filled() -> Value {
    json!({
        "乡镇名称": "青柳镇", "报告年度": 2025, "起始年份": 2025, "村数": 12, "新进班子成员人数": 17,
        "村干部人次": 240, "问题数": 31, "编印工作手册份数": 500, "日期": "2026-03-31",
        "学院名称": "青柳乡村振兴", "现场推进会次数": 2, "成文日期": "2025-12-28"
    })
}

/// Imports `input`, checks the kind, fills the blanks of `gongwen init`'s answers (which
/// already hold the 范文's items: the lists are `prefill`) and renders them; returns the
/// report's paragraphs (text, style).
fn round_trip(input: &Path) -> (String, Vec<(String, String)>) {
    let tmp = tempfile::tempdir().unwrap();
    let kind = tmp.path().join("cunji");
    let stdout = import(input, &kind);
    let q: Value = serde_json::from_str(&std::fs::read_to_string(kind.join("questionnaire.json")).unwrap()).unwrap();
    let fields: Vec<(String, String)> = q["fields"].as_array().unwrap().iter().map(|f| (f["key"].as_str().unwrap().to_owned(), f["type"].as_str().unwrap().to_owned())).collect();
    let expected: Vec<(String, String)> = FIELDS.iter().map(|(k, t)| (k.to_string(), t.to_string())).collect();
    assert_eq!(fields, expected, "{stdout}");
    let skeleton = std::fs::read_to_string(kind.join("report.hbs")).unwrap();
    for gone in ["XX", "××", "X月", "星河", "VX", "QQ"] {
        assert!(!skeleton.contains(gone), "{gone} left in report.hbs:\n{skeleton}");
    }
    gongwen().args(["template", "lint"]).arg(&kind).assert().success();

    let answers = tmp.path().join("答案.json");
    gongwen().arg("init").arg("--template").arg(&kind).arg("-o").arg(&answers).assert().success();
    let blank: serde_json::Map<String, Value> = serde_json::from_str(&std::fs::read_to_string(&answers).unwrap()).unwrap();
    let keys: Vec<&str> = blank.keys().map(String::as_str).filter(|k| !k.starts_with('$')).collect();
    let mut want: Vec<&str> = FIELDS.iter().map(|f| f.0).collect();
    want.sort();
    assert_eq!(keys, want, "the blank answers list exactly the fields");

    let mut value = Value::Object(blank);
    for (k, v) in filled().as_object().unwrap() {
        value[k] = v.clone();
    }
    std::fs::write(&answers, serde_json::to_string(&value).unwrap()).unwrap();
    let docx = tmp.path().join("报告.docx");
    gongwen()
        .arg("render")
        .arg(&answers)
        .arg("--template")
        .arg(&kind)
        .arg("-o")
        .arg(&docx)
        .assert()
        .success();
    gongwen().arg("check").arg(&docx).arg("--template").arg(&kind).assert().success();
    let read = gongwen::inspect::read(&std::fs::read(&docx).unwrap()).unwrap();
    (stdout, read.paragraphs.iter().map(|p| (p.text.clone(), p.style_id.clone().unwrap_or_default())).collect())
}

fn texts(paras: &[(String, String)]) -> Vec<&str> {
    // The blank line under the title is layout, not text.
    paras.iter().map(|p| p.0.as_str()).filter(|t| !t.is_empty()).collect()
}

/// The report the filled kind renders, whatever form the 范文 came in.
fn assert_report(paras: &[(String, String)]) {
    let t = texts(paras);
    assert_eq!(t[0], "青柳镇2025年度村级组织建设工作总结");
    assert_eq!(t[1], "县委组织部：");
    assert_eq!(t[2], "2025年以来，青柳镇党委围绕建强村级组织这一目标，统筹推进班子建设和阵地建设。现将有关情况报告如下。");
    assert_eq!(t[3], "一、主要工作");
    assert_eq!(t[4], "（一）配强村级班子");
    assert_eq!(t[5], "全镇12个村全部完成换届，新进班子成员17名，培训村干部240人次。");
    assert_eq!(t[6], "（二）规范阵地建设。");
    assert_eq!(t[7], "对村级活动场所逐一排查，整改问题31个，编印工作手册500份。");
    // The run-on items, split, numbered again by the numbering pass.
    assert!(t[8].starts_with("一是抓好议事规则落实，村务事项全部经过四议两公开。"), "{}", t[8]);
    assert!(t[9].starts_with("二是抓好党员积分管理"), "{}", t[9]);
    assert!(t[10].starts_with("三是抓好后备力量培养"), "{}", t[10]);
    assert!(t[11].starts_with("四是抓好联系服务群众"), "{}", t[11]);
    assert_eq!(t[12], "二、存在问题");
    assert_eq!(t[13], "对照上级要求，工作中还存在一些短板：");
    assert_eq!(&t[14..17], ["一是部分村集体经济收入偏低；", "二是个别村干部年龄偏大；", "三是少数党员作用发挥不明显。"]);
    assert_eq!(t[17], "三、下步打算");
    assert_eq!(t[18], "一是在3月31日前完成村级班子分析研判。");
    assert_eq!(t[19], "二是依托青柳乡村振兴学院开展村干部轮训，计划召开现场推进会2次。");
    assert_eq!(&t[20..], ["中共青柳镇委员会", "2025年12月28日"]);
    // Headings in the heading styles, items and paragraphs in the body style.
    let style = |text: &str| paras.iter().find(|p| p.0 == text).map(|p| p.1.as_str()).unwrap();
    assert_eq!(style(t[3]), style(t[12]));
    assert_eq!(style(t[3]), style(t[17]));
    assert_ne!(style(t[3]), style(t[2]));
    assert_ne!(style(t[4]), style(t[3]));
    assert_eq!(style(t[8]), style(t[2]));
}

#[test]
fn gbk_crlf_text_imports_lints_and_renders_the_structure() {
    let (stdout, paras) = round_trip(&data("fanwen-gbk.txt"));
    assert_report(&paras);
    // Every removed line is listed with its line number.
    for line in ["第 1 行：「星河文档 仅供参考 请勿外传」", "第 2 行：「星河文档」", "第 6 行：「本文由星河文档整理", "第 22 行：", "第 23 行：「星河文档」", "第 24 行：「专注材料、天天更新」", "第 25 行：「关注公众号领取更多」"] {
        assert!(stdout.contains(line), "{line} not listed:\n{stdout}");
    }
    // Each field with the sentence it came from.
    assert!(stdout.contains("村干部人次（整数）← 第 10 行「XX人次」：全镇XX个村全部完成换届，新进班子成员XX名，培训村干部XX人次。"), "{stdout}");
    assert!(stdout.contains("乡镇名称（文本，乡镇名称）← 第 3 行「XX镇」"), "{stdout}");
    assert!(stdout.contains("含占位符的条目 2 条留在 report.hbs 中"), "{stdout}");
}

#[test]
fn markdown_imports_to_the_same_kind() {
    let (stdout, paras) = round_trip(&data("fanwen.md"));
    assert_report(&paras);
    assert!(stdout.contains("第 1 行：「星河文档 仅供参考 请勿外传」"), "{stdout}");
}

#[test]
fn docx_imports_with_its_header_advert_removed() {
    let (stdout, paras) = round_trip(&data("fanwen.docx"));
    assert_report(&paras);
    assert!(stdout.contains("word/header1.xml 第 1 段：「星河文档 用后删除」"), "{stdout}");
}

#[test]
fn the_example_written_matches_its_snapshot_and_keeps_the_items() {
    let tmp = tempfile::tempdir().unwrap();
    let kind = tmp.path().join("k");
    import(&data("fanwen-gbk.txt"), &kind);
    gongwen().arg("test").arg("--template").arg(&kind).arg(kind.join("examples")).assert().success();
    let defaults: Value = serde_json::from_str(&std::fs::read_to_string(kind.join("fanwen-defaults.json")).unwrap()).unwrap();
    assert_eq!(defaults["存在问题"], json!(["部分村集体经济收入偏低；", "个别村干部年龄偏大；", "少数党员作用发挥不明显。"]));
    assert_eq!(defaults["规范阵地建设"][0], json!("抓好议事规则落实，村务事项全部经过四议两公开。"));
}

#[test]
fn unreadable_input_or_a_used_folder_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (tmp.path().join("bin.txt"), "不是文本文件"),
        (tmp.path().join("empty.txt"), "文件是空的"),
        (tmp.path().join("big.txt"), "超过上限"),
        (tmp.path().join("bad.docx"), "不是可读的 .docx 文件"),
        (tmp.path().join("old.doc"), "另存为 .docx"),
    ];
    std::fs::write(&cases[0].0, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    std::fs::write(&cases[1].0, b"").unwrap();
    std::fs::write(&cases[2].0, vec![b'a'; 16 * 1024 * 1024 + 1]).unwrap();
    std::fs::write(&cases[3].0, b"PK\x03\x04 not really").unwrap();
    std::fs::write(&cases[4].0, b"\xd0\xcf\x11\xe0").unwrap();
    for (input, why) in &cases {
        let dir = tmp.path().join("out");
        let out = gongwen().args(["template", "import"]).arg(input).arg("-o").arg(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{input:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why) && stderr.contains("没有写入任何文件"), "{input:?}: {stderr}");
        assert!(!dir.exists(), "{input:?}");
    }
    let used = tmp.path().join("used");
    std::fs::create_dir(&used).unwrap();
    std::fs::write(used.join("keep.txt"), "mine").unwrap();
    let out = gongwen().args(["template", "import"]).arg(data("fanwen-gbk.txt")).arg("-o").arg(&used).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(&used).unwrap().count(), 1);
}
