//! The check of a questionnaire's own fields when its folder is loaded: each type's
//! settings are where they belong and make sense, and each example obeys its own field.
//! A broken definition would otherwise surface later, as a clerk's puzzling error.

use std::collections::HashSet;

use serde_json::Value;

use super::walk::{check_value, Path};
use super::{Decimal, Field, FieldType, Questionnaire};
use crate::json::Literals;

/// Most decimals a decimal or percentage field may have.
pub const MAX_PLACES: u32 = 6;

/// One problem of a definition: the field (its keys from the top, a list's item adding
/// none) and what is wrong, in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub keys: Vec<String>,
    pub message: String,
}

impl Problem {
    /// The field's path as messages write it: `基本情况.完成情况`.
    pub fn path(&self) -> String {
        self.keys.join(".")
    }
}

/// Most problems listed; the loader finds each one's line by searching the file, so the
/// list is kept short (a broken folder is fixed a few problems at a time anyway).
pub const MAX_PROBLEMS: usize = 20;

/// Every problem of the fields' settings, in the order of the definition; beyond
/// [`MAX_PROBLEMS`], one last problem counts the rest.
pub fn check_definition(q: &Questionnaire) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut keys = Vec::new();
    for f in &q.fields {
        field(f, &mut keys, &mut out);
    }
    if out.len() > MAX_PROBLEMS {
        let more = out.len() - MAX_PROBLEMS;
        out.truncate(MAX_PROBLEMS);
        out.push(Problem { keys: Vec::new(), message: format!("……另有 {more} 处字段写法的问题未列出") });
    }
    out
}

fn field(f: &Field, keys: &mut Vec<String>, out: &mut Vec<Problem>) {
    let pushed = !f.key.is_empty();
    if pushed {
        keys.push(f.key.clone());
    }
    for message in settings(f) {
        out.push(Problem { keys: keys.clone(), message });
    }
    for sub in &f.fields {
        field(sub, keys, out);
    }
    if let Some(item) = &f.items {
        field(item, keys, out);
    }
    if pushed {
        keys.pop();
    }
}

/// What is wrong with one field's own settings.
fn settings(f: &Field) -> Vec<String> {
    let mut out = Vec::new();
    let kind = f.kind.name();
    let numeric = f.kind == FieldType::Integer || f.kind.is_decimal();
    if !f.choices.is_empty() && f.kind != FieldType::Choice {
        out.push(format!("choices 只用于 choice 字段，这个字段是 {kind}"));
    }
    if f.kind == FieldType::Choice {
        if f.choices.is_empty() {
            out.push("choice 字段要用 choices 列出可选的值，例如 \"choices\": [\"已完成\", \"推进中\", \"未启动\"]".to_owned());
        }
        // A set, not a search of the items before: a folder may list thousands.
        let mut seen = HashSet::new();
        for (i, c) in f.choices.iter().enumerate() {
            if c.trim().is_empty() || c.trim() != c {
                out.push(format!("choices 的第 {} 项「{c}」是空的或首尾带空格", i + 1));
            } else if !seen.insert(c.as_str()) {
                out.push(format!("choices 中「{c}」重复"));
            }
        }
    }
    match f.places {
        Some(_) if !f.kind.is_decimal() => out.push(format!("places 只用于 decimal 和 percentage 字段，这个字段是 {kind}")),
        Some(p) if p > MAX_PLACES => out.push(format!("places 应在 0 到 {MAX_PLACES} 之间，实际是 {p}")),
        None if f.kind == FieldType::Decimal => out.push(format!("decimal 字段要写 places（小数位数，0 到 {MAX_PLACES}）")),
        _ => {}
    }
    if f.max_length.is_some() && f.kind != FieldType::Text {
        out.push(format!("max_length 只用于 text 字段，这个字段是 {kind}"));
    }
    if f.max_length == Some(0) {
        out.push("max_length 至少为 1".to_owned());
    }
    if (f.max_items.is_some() || f.min_items.is_some()) && f.kind != FieldType::List {
        out.push(format!("min_items 和 max_items 只用于 list 字段，这个字段是 {kind}"));
    }
    if let (Some(min), Some(max)) = (f.min_items, f.max_items) {
        if min > max {
            out.push(format!("min_items {min} 大于 max_items {max}"));
        }
    }
    if (f.minimum.is_some() || f.maximum.is_some()) && !numeric {
        out.push(format!("minimum 和 maximum 只用于 integer、decimal、percentage 字段，这个字段是 {kind}"));
    } else {
        out.extend(bounds(f));
    }
    if out.is_empty() {
        out.extend(example(f));
    }
    out
}

/// The range of a number field: integers for an integer, no more decimals than `places`,
/// the minimum not above the maximum.
fn bounds(f: &Field) -> Vec<String> {
    let mut out = Vec::new();
    for (name, n) in [("minimum", &f.minimum), ("maximum", &f.maximum)] {
        let Some(n) = n else { continue };
        let d = Decimal::of(n);
        match f.kind {
            FieldType::Integer if n.as_i64().is_none() => out.push(format!("integer 字段的 {name} 应为整数，实际是 {n}")),
            _ if f.kind.is_decimal() && d.is_some_and(|d| d.places() > f.places()) => {
                out.push(format!("{name} {n} 的小数位数多于 places {}", f.places()));
            }
            _ => {}
        }
    }
    if out.is_empty() && f.kind.is_decimal() {
        let (min, max) = f.decimal_bounds();
        if min > max {
            out.push(format!("minimum {min} 大于 maximum {max}"));
        }
    } else if out.is_empty() && f.kind == FieldType::Integer {
        let (min, max) = f.int_bounds();
        if min > max {
            out.push(format!("minimum {min} 大于 maximum {max}"));
        }
    }
    out
}

/// The field's example, checked as a clerk's answer would be: `gongwen init` and the
/// schema show it, so it must be a valid answer.
fn example(f: &Field) -> Vec<String> {
    let Some(example) = &f.example else { return Vec::new() };
    if example.is_null() {
        return Vec::new();
    }
    let mut found = Vec::new();
    check_value(f, example, Path::Root, &Literals::default(), &mut found);
    found
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = d.path.filter(|p| !p.is_empty()).map(|p| format!("（{p}）")).unwrap_or_default();
            let shown = match example {
                Value::String(s) => format!("「{s}」"),
                other => other.to_string(),
            };
            format!("example {shown} 不合本字段的要求{at}：{}", d.message)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(field: Value) -> Vec<String> {
        let q: Questionnaire = serde_json::from_value(json!({"id": "t", "title": "t", "fields": [field]})).unwrap();
        check_definition(&q).into_iter().map(|p| format!("{}：{}", p.path(), p.message)).collect()
    }

    fn leaf(extra: Value) -> Value {
        let mut f = json!({"key": "甲", "label": "甲", "hint": "h"});
        f.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        f
    }

    #[test]
    fn each_setting_belongs_to_its_type() {
        assert_eq!(problems(leaf(json!({"type": "choice", "example": "x"}))), ["甲：choice 字段要用 choices 列出可选的值，例如 \"choices\": [\"已完成\", \"推进中\", \"未启动\"]"]);
        assert_eq!(problems(leaf(json!({"type": "decimal", "places": 7, "example": 1}))), ["甲：places 应在 0 到 6 之间，实际是 7"]);
        assert_eq!(problems(leaf(json!({"type": "decimal", "example": 1}))), ["甲：decimal 字段要写 places（小数位数，0 到 6）"]);
        assert_eq!(problems(leaf(json!({"type": "integer", "max_length": 5, "example": 1}))), ["甲：max_length 只用于 text 字段，这个字段是 integer"]);
        assert_eq!(problems(leaf(json!({"type": "text", "places": 1, "example": "x"}))), ["甲：places 只用于 decimal 和 percentage 字段，这个字段是 text"]);
        assert_eq!(problems(leaf(json!({"type": "integer", "minimum": 1.5, "example": 2}))), ["甲：integer 字段的 minimum 应为整数，实际是 1.5"]);
        assert_eq!(problems(leaf(json!({"type": "decimal", "places": 1, "maximum": 2.25, "example": 2}))), ["甲：maximum 2.25 的小数位数多于 places 1"]);
        assert_eq!(problems(leaf(json!({"type": "percentage", "minimum": 50, "maximum": 10, "example": 20}))), ["甲：minimum 50 大于 maximum 10"]);
        assert_eq!(problems(leaf(json!({"type": "choice", "choices": ["是", "是", " 否"], "example": "是"}))), ["甲：choices 中「是」重复", "甲：choices 的第 3 项「 否」是空的或首尾带空格"]);
        let list = json!({"key": "表", "type": "list", "label": "表", "hint": "h", "items": {"type": "object", "label": "项", "hint": "h", "fields": [leaf(json!({"type": "boolean", "max_items": 3, "example": true}))]}});
        assert_eq!(problems(list), ["表.甲：min_items 和 max_items 只用于 list 字段，这个字段是 boolean"]);
    }

    #[test]
    fn many_problems_are_listed_up_to_the_cap_and_counted() {
        let fields: Vec<Value> = (0..30).map(|i| json!({"key": format!("k{i}"), "type": "choice", "label": "l", "hint": "h"})).collect();
        let q: Questionnaire = serde_json::from_value(json!({"id": "t", "title": "t", "fields": fields})).unwrap();
        let p = check_definition(&q);
        assert_eq!(p.len(), MAX_PROBLEMS + 1);
        assert_eq!(p[MAX_PROBLEMS].message, "……另有 10 处字段写法的问题未列出");
        // Thousands of choices, each repeated once: every repeat found, in linear time.
        let choices: Vec<String> = (0..20_000).map(|i| format!("选项{}", i % 10_000)).collect();
        let q: Questionnaire = serde_json::from_value(json!({"id": "t", "title": "t",
            "fields": [{"key": "k", "type": "choice", "choices": choices, "label": "l", "hint": "h", "example": "选项1"}]})).unwrap();
        assert_eq!(check_definition(&q).len(), MAX_PROBLEMS + 1);
    }

    #[test]
    fn an_example_obeys_its_own_field() {
        assert_eq!(problems(leaf(json!({"type": "decimal", "places": 1, "example": 12.25}))), ["甲：example 12.25 不合本字段的要求：最多 1 位小数，实际是 12.25"]);
        assert_eq!(problems(leaf(json!({"type": "percentage", "example": 120}))), ["甲：example 120 不合本字段的要求：不能大于 100，实际是 120"]);
        assert_eq!(problems(leaf(json!({"type": "choice", "choices": ["已完成", "推进中"], "example": "完成"}))), ["甲：example 「完成」 不合本字段的要求：只能填以下之一：已完成、推进中，实际是「完成」"]);
        assert_eq!(problems(leaf(json!({"type": "text", "max_length": 2, "example": "三个字"}))), ["甲：example 「三个字」 不合本字段的要求：文字太长：共 3 字，最多 2 字"]);
        assert_eq!(problems(leaf(json!({"type": "boolean", "example": "是"}))), ["甲：example 「是」 不合本字段的要求：应为是或否（true 或 false），实际是文本「是」"]);
        assert!(problems(leaf(json!({"type": "percentage", "places": 1, "example": 95.5}))).is_empty());
    }
}
