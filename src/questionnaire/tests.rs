use super::*;
use super::typo::*;
use super::walk::*;
use crate::diag::Diagnostic;
use crate::limits::MAX_LIST_ITEMS;
use crate::limits::MAX_TEXT_CHARS;
use crate::model::Date;
use serde_json::json;

fn q() -> &'static Questionnaire {
    &crate::template::builtin("fazhan-dangyuan").unwrap().questionnaire
}

#[test]
fn a_path_reads_as_join_and_format_would_write_it() {
    let root = Path::Root;
    let basics = Path::Key(&root, "基本情况");
    let yearly = Path::Key(&basics, "分年度发展党员数");
    let item = Path::Item(&yearly, 12);
    assert_eq!(Path::Key(&root, "乡镇名称").render(), join("", "乡镇名称"));
    assert_eq!(Path::Key(&item, "年份").render(), "基本情况.分年度发展党员数[12].年份");
    assert_eq!(item.render(), format!("{}[12]", join("基本情况", "分年度发展党员数")));
    assert_eq!(root.render(), "");
}

fn valid() -> Value {
    q().example_answers()
}

/// (path, message) of each error.
fn errors(v: &Value) -> Vec<(String, String)> {
    check(q(), v)
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| (d.path.unwrap_or_default(), d.message))
        .collect()
}

fn one_error(v: &Value) -> (String, String) {
    let e = errors(v);
    assert_eq!(e.len(), 1, "{e:?}");
    e.into_iter().next().unwrap()
}

fn pair(path: &str, message: &str) -> (String, String) {
    (path.to_owned(), message.to_owned())
}

#[test]
fn builtin_definitions_are_well_formed() {
    for id in crate::template::ids() {
        let q = &crate::template::builtin(id).unwrap().questionnaire;
        assert_eq!(q.id, id);
        fn walk(f: &Field, item: bool) {
            assert_eq!(f.key.is_empty(), item, "{f:?}");
            assert!(!f.label.is_empty() && !f.hint.is_empty(), "{}", f.key);
            match f.kind {
                FieldType::Object => {
                    assert!(!f.fields.is_empty() && f.items.is_none(), "{}", f.key);
                    let mut keys: Vec<_> = f.fields.iter().map(|f| &f.key).collect();
                    keys.sort();
                    keys.dedup();
                    assert_eq!(keys.len(), f.fields.len(), "duplicate key in {}", f.key);
                    f.fields.iter().for_each(|f| walk(f, false));
                }
                FieldType::List => walk(f.items.as_deref().expect("list without items"), true),
                _ => {
                    assert!(f.fields.is_empty() && f.items.is_none(), "{}", f.key);
                    assert!(f.example.is_some(), "leaf {} without example", f.key);
                }
            }
        }
        q.fields.iter().for_each(|f| walk(f, false));
        // Every example passes the check: `gongwen init` starts from a valid file.
        assert_eq!(check(q, &q.example_answers()), vec![]);
    }
}

#[test]
fn every_key_of_the_contract_is_defined() {
    let top: Vec<&str> = q().fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        top,
        [
            "乡镇名称",
            "报告标题",
            "党委名称",
            "主送机关",
            "成文日期",
            "自查起始年份",
            "自查截止年份",
            "通知来源",
            "基本情况",
            "主要做法",
            "存在问题",
            "对策建议",
            "下年工作计划"
        ]
    );
    let ex = valid();
    assert!(ex["基本情况"]["分年度发展党员数"][0]["人数"].is_u64());
    assert!(ex["存在问题"]["问题"][0].is_string());
    assert!(ex["对策建议"][0]["标题"].is_string());
}

#[test]
fn top_level_must_be_an_object() {
    let d = check(q(), &json!([1, 2]));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message, "答案文件的最外层应为对象，实际是列表");
}

#[test]
fn missing_required_and_null() {
    let mut v = valid();
    v.as_object_mut().unwrap().remove("乡镇名称");
    assert_eq!(one_error(&v), pair("乡镇名称", "缺少必填字段「乡镇名称」"));
    let mut v = valid();
    v["基本情况"]["分年度发展党员数"][1]
        .as_object_mut()
        .unwrap()
        .remove("年份");
    assert_eq!(
        one_error(&v),
        pair("基本情况.分年度发展党员数[1].年份", "缺少必填字段「年份」")
    );
    v = valid();
    v["党委名称"] = Value::Null;
    assert_eq!(
        one_error(&v),
        pair("党委名称", "必填字段「党委名称」还没有填写（现在是 null）")
    );
}

#[test]
fn null_and_absent_optional_fields_are_fine() {
    let mut v = valid();
    v["报告标题"] = Value::Null;
    let map = v.as_object_mut().unwrap();
    map.remove("主送机关");
    map.remove("下年工作计划");
    map.insert("$schema".into(), json!("./schema.json"));
    assert_eq!(check(q(), &v), vec![]);
}

#[test]
fn wrong_types_say_what_was_found() {
    let mut v = valid();
    v["基本情况"]["村党组织数"] = json!("十八");
    assert_eq!(
        one_error(&v),
        pair("基本情况.村党组织数", "应为整数，实际是文本「十八」")
    );
    v["基本情况"]["村党组织数"] = json!("18");
    let d = check(q(), &v);
    assert_eq!(d[0].hint.as_deref(), Some("去掉引号，直接写 18"));
    v = valid();
    v["乡镇名称"] = json!(12);
    assert_eq!(one_error(&v), pair("乡镇名称", "应为文本，实际是数字 12"));
    v = valid();
    v["主要做法"] = json!({"标题": "甲"});
    assert_eq!(one_error(&v), pair("主要做法", "应为列表，实际是对象"));
    v = valid();
    v["基本情况"] = json!(true);
    assert_eq!(
        one_error(&v),
        pair("基本情况", "应为对象，实际是布尔值 true")
    );
    v = valid();
    v["自查起始年份"] = json!(2024.5);
    assert_eq!(
        one_error(&v),
        pair("自查起始年份", "应为整数，实际是小数 2024.5")
    );
    v["自查起始年份"] = json!(2024.0);
    assert_eq!(errors(&v), vec![]);
}

#[test]
fn empty_required_text() {
    let mut v = valid();
    v["存在问题"]["问题"][0] = json!("  \u{3000}\n");
    assert_eq!(one_error(&v), pair("存在问题.问题[0]", "不能为空"));
    v = valid();
    v["主要做法"][0]["内容"] = json!("\u{0001}");
    assert_eq!(one_error(&v), pair("主要做法[0].内容", "不能为空"));
    // An optional text may be empty, and so may an item of 下年工作计划.
    v = valid();
    v["主送机关"] = json!("");
    v["下年工作计划"] = json!(["", "明年继续抓好培训。"]);
    assert_eq!(errors(&v), vec![]);
}

#[test]
fn numbers_outside_their_range() {
    let mut v = valid();
    v["基本情况"]["村党组织数"] = json!(-1);
    assert_eq!(
        one_error(&v),
        pair("基本情况.村党组织数", "不能小于 0，实际是 -1")
    );
    v["基本情况"]["村党组织数"] = json!(10000);
    assert_eq!(
        one_error(&v),
        pair("基本情况.村党组织数", "不能大于 9999，实际是 10000")
    );
    v["基本情况"]["村党组织数"] = json!(u64::MAX);
    assert_eq!(
        one_error(&v).1,
        format!("不能大于 9999，实际是 {}", u64::MAX),
        "the number as written, not clamped to i64::MAX"
    );
    v = valid();
    v["基本情况"]["分年度发展党员数"][2]["年份"] = json!(1900);
    assert_eq!(
        one_error(&v),
        pair(
            "基本情况.分年度发展党员数[2].年份",
            "不能小于 1949，实际是 1900"
        )
    );
}

#[test]
fn list_sizes() {
    let mut v = valid();
    v["主要做法"] = json!([]);
    assert_eq!(one_error(&v), pair("主要做法", "不能为空，至少要填 1 项"));
    v = valid();
    v["存在问题"]["问题"] = json!(vec!["问题"; MAX_LIST_ITEMS + 1]);
    assert_eq!(
        one_error(&v),
        pair("存在问题.问题", "项数太多：共 201 项，最多 200 项")
    );
    v = valid();
    v["存在问题"]["问题"] = json!("只有一个问题");
    let (path, message) = one_error(&v);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("存在问题.问题", "应为列表，实际是文本「只有一个问题」")
    );
}

#[test]
fn text_length_limit() {
    let mut v = valid();
    v["基本情况"]["概述"] = json!("字".repeat(MAX_TEXT_CHARS));
    assert_eq!(errors(&v), vec![]);
    v["基本情况"]["概述"] = json!("字".repeat(MAX_TEXT_CHARS + 1));
    assert_eq!(
        one_error(&v),
        pair("基本情况.概述", "文字太长：共 20001 字，最多 20000 字")
    );
}

#[test]
fn dates() {
    assert_eq!(
        parse_date("2026-11-27").unwrap(),
        Date {
            year: 2026,
            month: 11,
            day: 27
        }
    );
    assert_eq!(
        parse_date("2024-02-29").unwrap(),
        Date {
            year: 2024,
            month: 2,
            day: 29
        }
    );
    assert_eq!(
        parse_date("2000-02-29").unwrap(),
        Date {
            year: 2000,
            month: 2,
            day: 29
        }
    );
    assert_eq!(
        parse_date("2026-02-29").unwrap_err().message,
        "日期不存在：「2026-02-29」，2026 年 2 月只有 28 天"
    );
    assert!(parse_date("1900-02-29").is_err());
    assert!(parse_date("2026-04-31").is_err());
    assert!(parse_date("2026-13-01")
        .unwrap_err()
        .message
        .contains("月份"));
    let e = parse_date("2026年11月27日").unwrap_err();
    assert_eq!(e.message, "日期格式不对：「2026年11月27日」");
    assert_eq!(
        e.hint.as_deref(),
        Some("按 YYYY-MM-DD 填写，应写成 2026-11-27")
    );
    assert!(parse_date("2026-1-7").is_err());
    assert!(parse_date("２０２６-11-27").is_err());
    let mut v = valid();
    v["成文日期"] = json!("2026-02-30");
    assert_eq!(
        one_error(&v),
        pair(
            "成文日期",
            "日期不存在：「2026-02-30」，2026 年 2 月只有 28 天"
        )
    );
    v["成文日期"] = json!(20261127);
    assert_eq!(
        one_error(&v),
        pair("成文日期", "应为日期，实际是数字 20261127")
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    let mut v = valid();
    let name = v.as_object_mut().unwrap().remove("乡镇名称").unwrap();
    v["乡镇明称"] = name;
    v["基本情况"]["村党组织树"] = json!(3);
    v["备注"] = json!("无");
    let d = check(q(), &v);
    let find = |p: &str| d.iter().find(|d| d.path.as_deref() == Some(p)).unwrap();
    let typo = find("乡镇明称");
    assert!(!typo.is_error());
    assert_eq!(typo.message, "未知字段「乡镇明称」，将被忽略");
    assert_eq!(typo.hint.as_deref(), Some("是否想写：乡镇名称？"));
    let missing = find("乡镇名称");
    assert!(missing.is_error());
    assert_eq!(
        missing.hint.as_deref(),
        Some("文件中有「乡镇明称」，是否把字段名写错了？")
    );
    assert_eq!(
        find("基本情况.村党组织树").hint.as_deref(),
        Some("是否想写：村党组织数？")
    );
    assert_eq!(
        find("备注").hint.as_deref(),
        Some("如果不需要，可以删除这个字段")
    );
    assert_eq!(d.len(), 4); // 3 warnings and the missing 乡镇名称
}

#[test]
fn all_problems_are_reported_at_once() {
    let mut v = valid();
    v.as_object_mut().unwrap().remove("党委名称");
    v["成文日期"] = json!("2026-02-30");
    v["基本情况"]["分年度发展党员数"][1]["年份"] = json!("2025");
    v["主要做法"][0]["标题"] = json!("");
    v["存在问题"]["问题"] = json!([]);
    let paths: Vec<String> = errors(&v).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            "党委名称",
            "成文日期",
            "基本情况.分年度发展党员数[1].年份",
            "主要做法[0].标题",
            "存在问题.问题"
        ]
    );
}

#[test]
fn edit_distance_counts_characters() {
    assert_eq!(edit_distance("乡镇明称", "乡镇名称"), 1);
    assert_eq!(edit_distance("", "甲乙"), 2);
    assert_eq!(edit_distance("自查起始年", "自查起始年份"), 1);
    assert_eq!(closest("乡镇", ["乡镇名称", "党委名称"].into_iter()), None);
}
