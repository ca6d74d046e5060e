//! The values a skeleton sees: one walk over the questionnaire's definition and the
//! answers, whatever the kind of report.
//!
//! The walk keeps the answers' own keys and shape, so a skeleton is written in the
//! questionnaire's words (`{{基本情况.概述}}`, `{{#each 主要做法}}`). On the way:
//! - a text is cleaned ([`clean_text`]) and tagged with its field path, written with the
//!   list indices of the file, so that a warning about it names the value the clerk sees
//!   in the file (a blank item before it does not shift the index);
//! - a date is tagged in its printed form (「2026年11月20日」);
//! - an integer stays a plain JSON number, so that `#if`, `eq` and `sum` work on it;
//! - a boolean stays `true` or `false`, for `{{#if}}`;
//! - a decimal is tagged printed with exactly its places (12.5 with places 2 → 「12.50」), a
//!   percentage with its places and 「%」 (「95.5%」), a choice as its text; the comparison
//!   helpers read them back as numbers (`(gt 完成率 90)`);
//! - a blank or null optional value, and a blank item of a list, is left out, so `{{#if}}`
//!   is false for it;
//! - keys the definition does not know (reported by the check) are left out.

use serde_json::{Map, Value};

use super::markup::tagged;
use crate::answers::clean_text;
use crate::diag::Diagnostic;
use crate::questionnaire::{as_integer, parse_date, Decimal, Field, FieldType};

/// The values of answers that passed the check. Warnings (characters removed from a text)
/// are added to `diags`, in the order of the definition.
pub fn values(fields: &[Field], answers: &Value, diags: &mut Vec<Diagnostic>) -> Value {
    let mut walk = Walk { path: String::new(), diags };
    match answers {
        Value::Object(map) => Value::Object(walk.object(fields, map)),
        _ => Value::Object(Map::new()),
    }
}

/// The walk's state: the path of the value being read, grown and cut back as the walk goes
/// down and up, so that a path is written out only for the texts it tags.
struct Walk<'a> {
    path: String,
    diags: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn object(&mut self, fields: &[Field], map: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for f in fields {
            let Some(v) = map.get(&f.key) else { continue };
            let len = self.path.len();
            if len > 0 {
                self.path.push('.');
            }
            self.path.push_str(&f.key);
            if let Some(v) = self.value(f, v) {
                out.insert(f.key.clone(), v);
            }
            self.path.truncate(len);
        }
        out
    }

    fn value(&mut self, f: &Field, v: &Value) -> Option<Value> {
        match (f.kind, v) {
            (FieldType::Text, Value::String(s)) => self.text(s),
            (FieldType::Date, Value::String(s)) => parse_date(s).ok().map(|d| tagged(&self.path, &d.to_chinese())),
            (FieldType::Integer, v) => as_integer(v).map(Value::from),
            (FieldType::Boolean, Value::Bool(b)) => Some(Value::Bool(*b)),
            (FieldType::Decimal | FieldType::Percentage, Value::Number(n)) => {
                Decimal::of(n).map(|d| tagged(&self.path, &f.print_decimal(&d)))
            }
            (FieldType::Choice, Value::String(s)) => self.text(s.trim()),
            (FieldType::Object, Value::Object(map)) => Some(Value::Object(self.object(&f.fields, map))),
            (FieldType::List, Value::Array(items)) => {
                let item = f.items.as_deref()?;
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    let len = self.path.len();
                    push_index(&mut self.path, i);
                    out.extend(self.value(item, v));
                    self.path.truncate(len);
                }
                Some(Value::Array(out))
            }
            _ => None,
        }
    }

    /// A cleaned, tagged text; `None` when nothing is left of it.
    fn text(&mut self, s: &str) -> Option<Value> {
        let (text, removed) = clean_text(s);
        if removed > 0 {
            self.diags.push(
                Diagnostic::warning(format!("删除了 {removed} 个不可见的控制字符（公文中不能出现）"))
                    .at(self.path.clone())
                    .with_hint("这些字符通常来自复制粘贴，确认文字无误即可"),
            );
        }
        (!text.is_empty()).then(|| tagged(&self.path, &text))
    }
}

/// Appends `[i]`; most lists are short, and a digit is cheaper than the formatter.
fn push_index(path: &mut String, i: usize) {
    path.push('[');
    if i < 10 {
        path.push(char::from(b'0' + i as u8));
    } else {
        path.push_str(&i.to_string());
    }
    path.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> &'static [Field] {
        &crate::template::builtin("fazhan-dangyuan").unwrap().questionnaire.fields
    }

    fn tag(path: &str, s: &str) -> Value {
        tagged(path, s)
    }

    #[test]
    fn texts_are_tagged_with_the_index_of_the_file() {
        let v = json!({
            "乡镇名称": " 白云镇 ",
            "成文日期": "2026-11-20",
            "基本情况": {"村党组织数": 16.0, "分年度发展党员数": [{"年份": 2024, "人数": 3}]},
            "存在问题": {"引言": "  ", "问题": ["甲"]},
            "下年工作计划": ["", "明年XX。", null, "  ", "后年。"],
            "未知": "x",
            "报告标题": null,
        });
        let mut diags = Vec::new();
        let out = values(fields(), &v, &mut diags);
        assert_eq!(diags, vec![]);
        assert_eq!(
            out,
            json!({
                "乡镇名称": tag("乡镇名称", "白云镇"),
                "成文日期": tag("成文日期", "2026年11月20日"),
                "基本情况": {"村党组织数": 16, "分年度发展党员数": [{"年份": 2024, "人数": 3}]},
                "存在问题": {"问题": [tag("存在问题.问题[0]", "甲")]},
                // The blank first item is dropped, and the next keeps its own index [1].
                "下年工作计划": [tag("下年工作计划[1]", "明年XX。"), tag("下年工作计划[4]", "后年。")],
            })
        );
    }

    #[test]
    fn removed_characters_are_reported_at_their_path() {
        let v = json!({"主要做法": [{"标题": "a", "内容": "b"}, {"标题": "甲\u{7}", "内容": "乙"}]});
        let mut diags = Vec::new();
        let out = values(fields(), &v, &mut diags);
        assert_eq!(out["主要做法"][1]["标题"], tag("主要做法[1].标题", "甲"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path.as_deref(), Some("主要做法[1].标题"));
        assert_eq!(diags[0].message, "删除了 1 个不可见的控制字符（公文中不能出现）");
    }

    #[test]
    fn long_lists_count_past_nine() {
        let mut path = String::from("x");
        push_index(&mut path, 12);
        push_index(&mut path, 3);
        assert_eq!(path, "x[12][3]");
    }
}
