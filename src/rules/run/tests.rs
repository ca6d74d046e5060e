use super::*;
use crate::questionnaire::Questionnaire;
use serde_json::json;

/// A small questionnaire with the given rules.
fn q(rules: Value) -> Questionnaire {
    let int = |key: &str| json!({"key": key, "type": "integer", "label": key, "hint": "h", "example": 1});
    serde_json::from_value(json!({
        "id": "t", "title": "t",
        "fields": [
            int("起"), int("止"), int("总数"),
            {"key": "日期", "type": "date", "label": "成文日期", "hint": "h", "example": "2026-01-01"},
            {"key": "备注", "type": "text", "label": "备注", "hint": "h", "example": "x"},
            {"key": "说明", "type": "text", "label": "说明", "hint": "h", "example": "x"},
            {"key": "表", "type": "list", "label": "名单", "hint": "h", "items": {
                "type": "object", "label": "一项", "hint": "h",
                "fields": [int("年"), int("数")]
            }}
        ],
        "rules": rules
    }))
    .unwrap()
}

fn found(q: &Questionnaire, v: &Value) -> Vec<(bool, String, String, String)> {
    let mut diags = Vec::new();
    run(q, v, &mut diags);
    diags.into_iter().map(|d| (d.is_error(), d.path.unwrap_or_default(), d.message, d.hint.unwrap_or_default())).collect()
}

fn e(path: &str, message: &str, hint: &str) -> (bool, String, String, String) {
    (true, path.into(), message.into(), hint.into())
}

#[test]
fn slots_are_filled_and_unknown_ones_kept() {
    let slots = [("字段", "起".to_owned()), ("值", "3".to_owned())];
    assert_eq!(fill("{字段} {值} 与 {别的} {", &slots), "起 3 与 {别的} {");
    assert_eq!(fill("", &slots), "");
}

#[test]
fn not_after_and_not_more_generate_chinese_messages() {
    let q = q(json!([
        {"rule": "not_after", "field": "起", "than": "止"},
        {"rule": "not_after", "field": "止", "than": "year(日期)"},
        {"rule": "not_more", "sum": {"list": "表", "key": "数"}, "than": "总数"},
        {"rule": "not_more", "field": "起", "than": "总数", "message": "{字段}不能多于{对比字段}（{值} > {对比值}）", "hint": "自己的提示"}
    ]));
    let v = json!({"起": 2027, "止": 2026, "总数": 5, "日期": "2025-03-01", "表": [{"年": 1, "数": 4}, {"年": 2, "数": 3}]});
    assert_eq!(
        found(&q, &v),
        [
            e("起", "起 2027 晚于止 2026", "检查起和止是否写错"),
            e("止", "止 2026 晚于成文日期所在的 2025 年", "检查止和成文日期是否写错"),
            e("表", "名单的数合计 7 超过了总数 5", "检查这两个数字是否填反或写错"),
            e("起", "起不能多于总数（2027 > 5）", "自己的提示"),
        ]
    );
    assert_eq!(found(&q, &json!({"起": 1, "止": 2, "总数": 9, "日期": "2026-01-01", "表": []})), []);
}

#[test]
fn a_value_with_an_error_is_not_read() {
    let q = q(json!([{"rule": "not_after", "field": "起", "than": "止"}, {"rule": "keys", "list": "表", "key": "年"}]));
    let v = json!({"起": 2027, "止": 2026, "表": [{"年": 1}, {"年": 1}]});
    let mut diags = vec![Diagnostic::error("坏").at("起"), Diagnostic::error("坏").at("表[1].年")];
    run(&q, &v, &mut diags);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    // Every other rule still runs: a repeated key beside the bad 起.
    let mut diags = vec![Diagnostic::error("坏").at("起")];
    run(&q, &v, &mut diags);
    assert_eq!(diags[1].message, "年 1 重复，与「表[0].年」相同");
}

#[test]
fn keys_unique_within_the_range_and_missing_members() {
    let q = q(json!([{"rule": "keys", "list": "表", "key": "年", "from": "起", "to": "止", "missing": true}]));
    let v = json!({"起": 2020, "止": 2030, "表": [{"年": 2021}, {"年": 2021}, {"年": 2019}, {"年": 2022}]});
    let got = found(&q, &v);
    assert_eq!(got[0], e("表[1].年", "年 2021 重复，与「表[0].年」相同", "每个年只填一项"));
    assert_eq!(got[1], e("表[2].年", "年 2019 不在 2020—2030 之间", "只填起到止之间的年"));
    assert!(!got[2].0, "a warning");
    assert_eq!(got[2].1, "表");
    assert_eq!(got[2].2, "名单中缺少年 2020、2023、2024、2025、2026 等 9 个年");
}

#[test]
fn a_huge_range_is_counted_not_listed() {
    let q = q(json!([{"rule": "keys", "list": "表", "key": "年", "from": "起", "to": "止", "missing": true}]));
    let v = json!({"起": i64::MIN, "止": i64::MAX, "表": [{"年": i64::MIN}]});
    let got = found(&q, &v);
    assert_eq!(got.len(), 1);
    assert!(got[0].2.ends_with(&format!("等 {} 个年", u64::MAX)), "{}", got[0].2);
}

#[test]
fn requires_asks_for_the_second_field() {
    let q = q(json!([{"rule": "requires", "field": "说明", "if_given": "备注"}]));
    assert_eq!(found(&q, &json!({"备注": "有"})), [e("说明", "填写了备注时，说明也要填写", "请填写说明，或删去备注")]);
    assert_eq!(found(&q, &json!({"备注": " ", "说明": null})), []);
    assert_eq!(found(&q, &json!({"备注": "有", "说明": "也有"})), []);
}

#[test]
fn definitions_name_existing_fields_of_the_right_type() {
    let bad = |rules: Value| super::super::check_definition(&q(rules)).unwrap_err();
    assert_eq!(bad(json!([{"rule": "not_after", "field": "起", "than": "终"}])), "第 1 条规则：问卷中没有字段「终」");
    assert!(bad(json!([{"rule": "not_after", "field": "起", "than": "year(起)"}])).contains("是整数"));
    assert!(bad(json!([{"rule": "keys", "list": "表", "key": "无"}])).contains("整数字段「无」"));
    assert!(bad(json!([{"rule": "keys", "list": "表", "key": "年", "from": "起"}])).contains("from 和 to"));
    assert!(bad(json!([{"rule": "not_more", "than": "总数"}])).contains("field 或 sum"));
    assert!(serde_json::from_value::<Questionnaire>(json!({"id": "t", "title": "t", "fields": [], "rules": [{"rule": "not_after", "field": "a", "than": "b", "extra": 1}]})).is_err());
    assert!(super::super::check_definition(&q(json!([{"rule": "requires", "field": "说明", "if_given": "备注"}]))).is_ok());
}

#[test]
fn each_bound_of_keys_needs_only_its_own_field() {
    let q = q(json!([{"rule": "keys", "list": "表", "key": "年", "from": "起", "to": "止", "missing": true}]));
    let v = json!({"起": "明年", "止": 2026, "表": [{"年": 2027}, {"年": 2027}, {"年": 2019}]});
    // 起 has an error that names no number: the upper bound and uniqueness still hold,
    // the missing members (which need both bounds) are not counted.
    let mut diags = vec![Diagnostic::error("坏").at("起")];
    run(&q, &v, &mut diags);
    let got: Vec<(String, String)> = diags[1..].iter().map(|d| (d.path.clone().unwrap(), d.message.clone())).collect();
    assert_eq!(
        got,
        [
            ("表[0].年".to_owned(), "年 2027 晚于止 2026".to_owned()),
            ("表[1].年".to_owned(), "年 2027 重复，与「表[0].年」相同".to_owned()),
        ]
    );
    let v = json!({"起": 2020, "止": true, "表": [{"年": 2019}, {"年": 2040}]});
    let mut diags = vec![Diagnostic::error("坏").at("止")];
    run(&q, &v, &mut diags);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_eq!(diags[1].message, "年 2019 早于起 2020");
    assert_eq!(diags[1].hint.as_deref(), Some("检查年和起是否写错"));
}

#[test]
fn a_whole_number_spelled_as_text_is_read_by_the_rules() {
    let rules = q(json!([
        {"rule": "not_after", "field": "起", "than": "止"},
        {"rule": "keys", "list": "表", "key": "年", "from": "起", "to": "止"},
        {"rule": "not_more", "sum": {"list": "表", "key": "数"}, "than": "总数"}
    ]));
    let v = json!({"起": "二〇二七", "止": "２０２６", "总数": "十", "表": [{"年": "2026年", "数": "七"}, {"年": 2020, "数": 4}]});
    let mut diags = ["起", "止", "总数", "表[0].年", "表[0].数"].map(|p| Diagnostic::error("类型不对").at(p)).to_vec();
    run(&rules, &v, &mut diags);
    let got: Vec<&str> = diags[5..].iter().map(|d| d.message.as_str()).collect();
    assert_eq!(got, ["起 2027 晚于止 2026", "名单的数合计 11 超过了总数 10"]);
    // Reversed bounds: no key is judged against them (年 2020 is neither early nor late).
    // Out of its field's range, a spelled number is not read.
    let q2 = q(json!([{"rule": "not_after", "field": "起", "than": "止"}]));
    let mut diags = vec![Diagnostic::error("坏").at("起")];
    run(&q2, &json!({"起": "九九九九九九九九九九九", "止": 1}), &mut diags);
    assert_eq!(diags.len(), 1, "{diags:#?}");
}
