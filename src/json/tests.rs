//! Tests of [`super`]: kept beside it so that json.rs holds only what it does.

use super::*;

fn err(text: &str) -> Diagnostic {
    parse(text).unwrap_err()
}

#[test]
fn valid_json_parses() {
    let v = parse("{\"乡镇名称\": \"青山镇\", \"村党组织数\": 18}").unwrap();
    assert_eq!(v["村党组织数"], 18);
}

#[test]
fn column_counts_characters_after_chinese() {
    let e = err("{\n  \"乡镇名称\" \"青山镇\"\n}");
    assert_eq!((e.line, e.column), (Some(2), Some(10)));
    assert_eq!(e.message, "字段名后面应有英文冒号「:」");
    assert_eq!(e.snippet.as_deref(), Some("  \"乡镇名称\" \"青山镇\""));
}

#[test]
fn missing_comma_points_at_the_next_key() {
    let e = err("{\n  \"乡镇名称\": \"青山镇\"\n  \"党委名称\": \"中共青山镇委员会\"\n}");
    assert_eq!((e.line, e.column), (Some(3), Some(3)));
    assert!(e.message.contains("缺少英文逗号"), "{e}");
    assert_eq!(e.hint.as_deref(), Some("检查上一行末尾是否漏了逗号"));
}

#[test]
fn chinese_punctuation_is_named() {
    let e = err("{\"乡镇名称\"：\"青山镇\"}");
    assert_eq!((e.line, e.column), (Some(1), Some(8)));
    assert_eq!(
        e.message,
        "这里用了中文标点「：」，JSON 的符号必须是英文半角"
    );
    assert!(e.hint.unwrap().contains("「:」"));
    let e = err("{\"甲\": 1，\"乙\": 2}");
    assert_eq!(e.column, Some(8));
    assert!(e.message.contains("「，」"));
    let e = err("{\"甲\": “乙”}");
    assert!(e.message.contains("「“」"));
}

#[test]
fn trailing_comma() {
    let e = err("{\"年份\": [2024, 2025,]}");
    assert_eq!((e.line, e.column), (Some(1), Some(20)));
    assert_eq!(e.message, "最后一项后面多了一个逗号");
}

#[test]
fn eof_points_after_the_last_character() {
    let e = err("{\"乡镇名称\": \"青山镇\"");
    assert_eq!((e.line, e.column), (Some(1), Some(15)));
    assert_eq!(e.message, "文件在对象结束之前就结束了");
    let e = err("{\"乡镇名称\": \"青山");
    assert_eq!(e.message, "文件在文字结束之前就结束了");
    let e = err("  \n ");
    assert_eq!(e.message, "文件里没有内容");
}

#[test]
fn key_must_be_a_string() {
    let e = err("{乡镇名称: \"青山镇\"}");
    assert_eq!((e.line, e.column), (Some(1), Some(2)));
    assert_eq!(e.message, "字段名必须用英文双引号括起来");
}

#[test]
fn escapes_and_control_characters() {
    assert!(err(r#"{"a": "C:\文件"}"#).message.starts_with("无效的转义"));
    let e = err(r#"{"a": "\ud800"}"#);
    assert!(e.message.starts_with("\\u 转义不完整"), "{e}");
    let e = err("{\"a\": \"第一段\t第二段\"}");
    assert_eq!(e.message, "文字中不能直接含有换行、制表符等控制字符");
}

#[test]
fn trailing_characters_and_numbers() {
    let e = err("{\"a\": 1}\n}");
    assert_eq!((e.line, e.column), (Some(2), Some(1)));
    assert_eq!(e.message, "JSON 内容已经结束，后面还有多余的字符");
    assert_eq!(
        err("{\"a\": 1e999}").message,
        "数字太大，超出了可以表示的范围"
    );
    assert_eq!(err("{\"a\": 018}").message, "数字格式不对");
    assert!(err("{\"a\": 青山镇}").message.starts_with("这里应有一个值"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = "[".repeat(100_000);
    let e = err(&text);
    assert_eq!(e.message, format!("嵌套层数太多：超过 {MAX_JSON_DEPTH} 层"));
    assert_eq!((e.line, e.column), (Some(1), Some(MAX_JSON_DEPTH + 1)));
    // Valid but too deep JSON, and brackets inside strings that do not count.
    let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
    assert!(parse(&deep).is_err());
    let ok = format!("[\"{}\"]", "[".repeat(100));
    assert!(parse(&ok).is_ok());
    let at_limit = format!(
        "{}{}",
        "[".repeat(MAX_JSON_DEPTH),
        "]".repeat(MAX_JSON_DEPTH)
    );
    assert!(parse(&at_limit).is_ok());
}

#[test]
fn syntax_error_before_deep_nesting_wins() {
    let text = format!("{{\"a\" 1, \"b\": {}}}", "[".repeat(100));
    let e = err(&text);
    assert_eq!(e.message, "字段名后面应有英文冒号「:」");
}

#[test]
fn snippet_is_left_out_for_very_long_lines() {
    let text = format!("{{\"a\": \"{}\" \"b\": 1}}", "长".repeat(300));
    let e = err(&text);
    assert_eq!(e.snippet, None);
    assert_eq!(e.column, Some(310));
}

#[test]
fn duplicate_keys_are_warnings_with_their_path() {
    let text = r#"{"乡镇名称": "甲", "主要做法": [{"标题": "一", "标题": "二"}], "乡镇名称": "乙", "乡镇名称": "丙"}"#;
    assert!(parse(text).is_ok());
    let d = duplicate_keys(text);
    let paths: Vec<_> = d.iter().map(|d| d.path.as_deref().unwrap()).collect();
    assert_eq!(paths, ["主要做法[0].标题", "乡镇名称"]);
    assert!(d.iter().all(|d| !d.is_error()));
    assert_eq!(duplicate_keys(r#"{"a": {"b": 1}, "c": {"b": 2}}"#), vec![]);
}

#[test]
fn the_value_is_the_one_serde_json_builds() {
    for name in ["baiyun-zhen.json", "hexi-jiedao.json", "qinghe-zhen-fanwen.json"] {
        let text = std::fs::read_to_string(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert_eq!(parse(&text).unwrap(), serde_json::from_str::<Value>(&text).unwrap(), "{name}");
    }
    let text = r#"{"a": [1, -2, 3.5, 1e300, null, true, "x\u00e9"], "b": {}, "c": [], "b": {"d": 1}}"#;
    assert_eq!(parse(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
}

#[test]
fn repeats_are_reported_in_the_order_they_are_read() {
    let text = r#"{"a": {"b": 1, "b": 2}, "a": {"c": [{"d": 1, "d": 2}], "c": 3}}"#;
    let paths: Vec<_> = duplicate_keys(text).into_iter().map(|d| d.path.unwrap()).collect();
    assert_eq!(paths, ["a.b", "a", "a.c[0].d", "a.c"]);
}

#[test]
fn missing_comma_in_a_list() {
    let e = err("{\"a\": [1 2]}");
    assert!(e.message.starts_with("列表的两项之间"), "{e}");
}
