//! The field types beyond text, integer and date — boolean, decimal, percentage, choice —
//! and the per-field limits max_length and max_items, end to end through a small template
//! folder: `validate` messages, `render`, the .docx read back with `gongwen dump`, `schema`,
//! `init`, and the folder's own checks when it is loaded.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::{json, Value};

fn gongwen(home: &Path) -> Command {
    let mut c = Command::cargo_bin("gongwen").unwrap();
    c.env_remove("GONGWEN_TEMPLATES").env("XDG_CONFIG_HOME", home).env("HOME", home).env("APPDATA", home);
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const MANIFEST: &str = r#"{
  "id": "leixing",
  "name": "类型试验报告",
  "format": 1,
  "sections": [{ "title": "基本情况" }, { "title": "存在问题" }],
  "document_date": "成文日期"
}"#;

fn questionnaire() -> Value {
    json!({
        "id": "leixing",
        "title": "类型试验报告",
        "fields": [
            {"key": "乡镇名称", "type": "text", "required": true, "max_length": 10, "label": "乡镇名称", "hint": "全称", "example": "白云镇"},
            {"key": "党委名称", "type": "text", "required": true, "label": "党委名称", "hint": "全称", "example": "中共白云镇委员会"},
            {"key": "成文日期", "type": "date", "required": true, "label": "成文日期", "hint": "YYYY-MM-DD", "example": "2026-11-20"},
            {"key": "是否达标", "type": "boolean", "required": true, "label": "是否达标", "hint": "各项指标是否达标", "example": true},
            {"key": "资金", "type": "decimal", "places": 2, "minimum": 0, "maximum": 9999.99, "required": true, "label": "投入资金（万元）", "hint": "全年投入", "example": 12.5},
            {"key": "完成率", "type": "percentage", "places": 1, "required": true, "label": "完成率", "hint": "百分号前的数", "example": 95.5},
            {"key": "进度", "type": "choice", "choices": ["已完成", "推进中", "未启动"], "required": true, "label": "进度", "hint": "当前进度", "example": "推进中"},
            {"key": "问题", "type": "list", "required": true, "min_items": 1, "max_items": 3, "label": "存在问题", "hint": "每项一条",
             "items": {"type": "text", "required": true, "label": "一个问题", "hint": "一句话", "example": "宣传还不够深入。"}}
        ],
        "rules": [{"rule": "not_more", "field": "资金", "than": "完成率", "summary": ""}]
    })
}

const SKELETON: &str = "@title {{乡镇名称}}类型试验报告
@h1 基本情况
@p 全年投入资金{{资金}}万元，完成率{{完成率}}，进度{{进度}}。
{{#if 是否达标}}
@p 各项指标均已达标。
{{else}}
@p 部分指标尚未达标。
{{/if}}
{{#if (gt 完成率 90)}}
@p 完成率超过九成。
{{/if}}
{{#if (eq 进度 \"推进中\")}}
@p 工作正在推进。
{{/if}}
@h1 存在问题
{{#each 问题}}
@item |{{this}}
{{/each}}
@signature {{党委名称}}
@date {{成文日期}}
";

fn kind(parent: &Path, questionnaire: &Value) -> PathBuf {
    let dir = parent.join("leixing");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("template.json"), MANIFEST).unwrap();
    std::fs::write(dir.join("questionnaire.json"), serde_json::to_string_pretty(questionnaire).unwrap()).unwrap();
    std::fs::write(dir.join("report.hbs"), SKELETON).unwrap();
    dir
}

fn answers() -> Value {
    json!({
        "乡镇名称": "白云镇", "党委名称": "中共白云镇委员会", "成文日期": "2026-11-20",
        "是否达标": true, "资金": 12.5, "完成率": 95.5, "进度": "推进中",
        "问题": ["宣传还不够深入。", "台账还不够规范。"]
    })
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

/// Renders `answers` with the kind and returns the report's outline as `gongwen dump` reads it.
fn rendered(tmp: &Path, kind: &Path, answers: &Value) -> String {
    let input = write(tmp, "答案.json", answers);
    let docx = tmp.join("报告.docx");
    let _ = std::fs::remove_file(&docx);
    let o = gongwen(tmp).arg("render").arg(&input).arg("--template").arg(kind).arg("-o").arg(&docx).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d = gongwen(tmp).arg("dump").arg(&docx).output().unwrap();
    assert_eq!(d.status.code(), Some(0), "{}", stderr(&d));
    String::from_utf8(d.stdout).unwrap()
}

#[test]
fn each_type_is_printed_as_the_report_writes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let kind = kind(tmp.path(), &questionnaire());
    let text = rendered(tmp.path(), &kind, &answers());
    // decimal with exactly 2 places, percentage with its 1 place and %, choice as its text.
    assert!(text.contains("全年投入资金12.50万元，完成率95.5%，进度推进中。"), "{text}");
    // boolean in {{#if}}, comparisons on the tagged percentage and choice.
    assert!(text.contains("各项指标均已达标。") && !text.contains("尚未达标"), "{text}");
    assert!(text.contains("完成率超过九成。") && text.contains("工作正在推进。"), "{text}");

    let mut other = answers();
    other["是否达标"] = json!(false);
    other["资金"] = json!(7);
    other["完成率"] = json!(80);
    other["进度"] = json!("已完成");
    let text = rendered(tmp.path(), &kind, &other);
    assert!(text.contains("全年投入资金7.00万元，完成率80.0%，进度已完成。"), "{text}");
    assert!(text.contains("部分指标尚未达标。") && !text.contains("均已达标"), "{text}");
    assert!(!text.contains("超过九成") && !text.contains("正在推进"), "{text}");
}

/// (path, message, hint) of every diagnostic `validate` prints.
fn diagnostics(tmp: &Path, kind: &Path, answers: &Value) -> Vec<(String, String, String)> {
    let input = write(tmp, "答案.json", answers);
    let o = gongwen(tmp).arg("validate").arg("--json").arg(&input).arg("--template").arg(kind).output().unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)));
    let list = report["diagnostics"].as_array().or_else(|| report.as_array()).cloned().unwrap_or_default();
    list.iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
            (s("path"), s("message"), s("hint"))
        })
        .collect()
}

#[test]
fn validate_says_what_was_written_and_how_to_write_it() {
    let tmp = tempfile::tempdir().unwrap();
    let kind = kind(tmp.path(), &questionnaire());
    assert_eq!(diagnostics(tmp.path(), &kind, &answers()), []);
    let mut bad = answers();
    bad["乡镇名称"] = json!("白云镇白云镇白云镇白云镇");
    bad["是否达标"] = json!("是");
    bad["资金"] = json!(12.345);
    bad["完成率"] = json!("95.5%");
    bad["进度"] = json!("推进");
    bad["问题"] = json!(["一", "二", "三", "四"]);
    let got = diagnostics(tmp.path(), &kind, &bad);
    let t = |p: &str, m: &str, h: &str| (p.to_owned(), m.to_owned(), h.to_owned());
    assert_eq!(
        got,
        [
            t("乡镇名称", "文字太长：共 12 字，最多 10 字", "乡镇名称：请精简到 10 字以内"),
            t("是否达标", "应为是或否（true 或 false），实际是文本「是」", "去掉引号，直接写 true"),
            t("资金", "最多 2 位小数，实际是 12.345", "保留 2 位小数，例如写成 12.35"),
            t("完成率", "应为百分比，实际是文本「95.5%」", "直接写 95.5，不要带 % 和引号（95.5 就表示 95.5%）"),
            t("进度", "只能填以下之一：已完成、推进中、未启动，实际是「推进」", "是否想写「推进中」？照原样写其中之一"),
            t("问题", "项数太多：共 4 项，最多 3 项", "存在问题：请合并或删减到 3 项以内"),
        ]
    );
    let mut bad = answers();
    bad["完成率"] = json!(120);
    bad["资金"] = json!(-1);
    bad["进度"] = json!("");
    let got = diagnostics(tmp.path(), &kind, &bad);
    assert_eq!(
        got,
        [
            t("资金", "不能小于 0，实际是 -1", "投入资金（万元）：全年投入，例如：12.5"),
            t("完成率", "不能大于 100，实际是 120", "完成率：写百分号前的数，例如 95.5 表示 95.5%"),
            t("进度", "不能为空", "进度：当前进度，例如：推进中（可选：已完成、推进中、未启动）"),
        ]
    );
    // not_more on decimals, exact: 资金 99.95 > 完成率 99.9, printed as each field prints.
    let mut over = answers();
    over["资金"] = json!(99.95);
    over["完成率"] = json!(99.9);
    let got = diagnostics(tmp.path(), &kind, &over);
    assert_eq!(got, [t("资金", "投入资金（万元） 99.95 超过了完成率 99.9%", "检查这两个数字是否填反或写错")]);
}

#[test]
fn schema_and_init_follow_the_new_types() {
    let tmp = tempfile::tempdir().unwrap();
    let kind = kind(tmp.path(), &questionnaire());
    let o = gongwen(tmp.path()).arg("schema").arg("--template").arg(&kind).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &s["properties"];
    assert_eq!(p["是否达标"]["type"], "boolean");
    assert_eq!((&p["资金"]["type"], &p["资金"]["multipleOf"], &p["资金"]["maximum"]), (&json!("number"), &json!(0.01), &json!(9999.99)));
    assert_eq!((&p["完成率"]["multipleOf"], &p["完成率"]["minimum"], &p["完成率"]["maximum"]), (&json!(0.1), &json!(0), &json!(100)));
    assert_eq!(p["进度"]["enum"], json!(["已完成", "推进中", "未启动"]));
    assert_eq!(p["乡镇名称"]["maxLength"], 10);
    assert_eq!(p["问题"]["maxItems"], 3);

    let o = gongwen(tmp.path()).current_dir(tmp.path()).arg("init").arg("-o").arg("新.json").arg("--template").arg(&kind).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let blank: Value = serde_json::from_slice(&std::fs::read(tmp.path().join("新.json")).unwrap()).unwrap();
    assert_eq!((&blank["是否达标"], &blank["资金"], &blank["完成率"], &blank["进度"]), (&Value::Null, &Value::Null, &Value::Null, &json!("")));
}

#[test]
fn a_broken_definition_is_refused_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut q = questionnaire();
    q["fields"][6].as_object_mut().unwrap().remove("choices");
    q["fields"][4]["places"] = json!(8);
    q["fields"][3]["max_length"] = json!(5);
    q["fields"][5]["example"] = json!(101);
    let kind = kind(tmp.path(), &q);
    let o = gongwen(tmp.path()).arg("template").arg("lint").arg(&kind).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let line = |key: &str| {
        let text = std::fs::read_to_string(kind.join("questionnaire.json")).unwrap();
        text.lines().position(|l| l.contains(&format!("\"key\": \"{key}\""))).unwrap() + 1
    };
    for (key, what) in [
        ("是否达标", "max_length 只用于 text 字段，这个字段是 boolean"),
        ("资金", "places 应在 0 到 6 之间，实际是 8"),
        ("完成率", "example 101 不合本字段的要求：不能大于 100，实际是 101"),
        ("进度", "choice 字段要用 choices 列出可选的值"),
    ] {
        let want = format!("questionnaire.json 第 {} 行：字段「{key}」：{what}", line(key));
        assert!(err.contains(&want), "{want}\n{err}");
    }
}
