//! The check of one leaf value against its field: text, integer, date.

use serde_json::Value;

use super::walk::{field_hint, Path};
use super::{parse_date, Field, FieldType};
use crate::diag::{push_capped, Diagnostic};
use crate::json::Literals;
use crate::limits::MAX_TEXT_CHARS;

/// The error for a value of the wrong JSON type, with `hint` or the field's own.
pub(super) fn wrong_type(f: &Field, v: &Value, path: Path, lit: &Literals, hint: Option<String>) -> Diagnostic {
    let d = Diagnostic::error(format!("应为{}，实际是{}", f.kind.label(), describe(v, path, lit))).at(path.render());
    match hint {
        Some(h) => d.with_hint(h),
        None => d.with_hint(field_hint(f)),
    }
}

/// Checks a leaf value: text, integer, date here, the other types in [`super::typed`].
pub(super) fn check(f: &Field, v: &Value, path: Path, lit: &Literals, out: &mut Vec<Diagnostic>) {
    let wrong_type = |hint: Option<String>| wrong_type(f, v, path, lit, hint);
    match f.kind {
        FieldType::Text => match v {
            Value::String(s) => {
                let chars = s.chars().count();
                if f.required && is_blank(s) {
                    push_capped(out,
                        Diagnostic::error("不能为空")
                            .at(path.render())
                            .with_hint(field_hint(f)),
                    );
                } else if chars > MAX_TEXT_CHARS {
                    push_capped(out,
                        Diagnostic::error(format!(
                            "文字太长：共 {chars} 字，最多 {MAX_TEXT_CHARS} 字"
                        ))
                        .at(path.render())
                        .with_hint("请精简内容，或分成几项填写"),
                    );
                } else if let Some(max) = f.max_length.filter(|&max| chars > max) {
                    push_capped(out,
                        Diagnostic::error(format!("文字太长：共 {chars} 字，最多 {max} 字"))
                            .at(path.render())
                            .with_hint(format!("{}：请精简到 {max} 字以内", f.label)),
                    );
                }
            }
            Value::Number(n) => push_capped(out, wrong_type(Some(format!(
                "文字要用英文双引号括起来，例如 \"{}\"",
                lit.quote(&path.render(), n)
            )))),
            _ => push_capped(out, wrong_type(None)),
        },
        FieldType::Integer => match as_integer(v) {
            Some(n) => {
                // Quoted as written: an integer beyond i64 compares as i64::MAX, but the
                // message shows the user's own digits.
                let written = || v.as_number().map_or_else(|| n.to_string(), |x| lit.quote(&path.render(), x));
                let (min, max) = f.int_bounds();
                if n < min {
                    push_capped(out,
                        Diagnostic::error(format!("不能小于 {min}，实际是 {}", written()))
                            .at(path.render())
                            .with_hint(field_hint(f)),
                    );
                } else if n > max {
                    push_capped(out,
                        Diagnostic::error(format!("不能大于 {max}，实际是 {}", written()))
                            .at(path.render())
                            .with_hint(field_hint(f)),
                    );
                }
            }
            None => {
                let hint = match v {
                    Value::String(s) => super::spelled::whole_number(s).map(|(_, hint)| hint),
                    _ => None,
                };
                push_capped(out, wrong_type(hint));
            }
        },
        FieldType::Date => match v {
            // A blank date is unanswered, like a blank text.
            Value::String(s) if is_blank(s) => {
                if f.required {
                    push_capped(out, Diagnostic::error("不能为空").at(path.render()).with_hint(field_hint(f)));
                }
            }
            Value::String(s) => {
                if let Err(d) = parse_date(s) {
                    push_capped(out, d.at(path.render()));
                }
            }
            _ => push_capped(out, wrong_type(Some(
                "按 YYYY-MM-DD 填写并用英文双引号括起来，例如 \"2026-11-27\"".into(),
            ))),
        },
        FieldType::Boolean => super::typed::boolean(f, v, path, lit, out),
        FieldType::Decimal | FieldType::Percentage => super::typed::decimal(f, v, path, lit, out),
        FieldType::Choice => super::typed::choice(f, v, path, lit, out),
        FieldType::Object | FieldType::List => {}
    }
}

/// The integer a JSON value holds: an integer, or a number with no fractional part
/// (`12.0`). Integers beyond i64 (`18446744073709551615`, `-99999999999999999999`, `1e20`)
/// count as i64::MAX or i64::MIN, so that a maximum or a minimum catches them; messages
/// quote the number as written (see [`Literals`]).
pub fn as_integer(v: &Value) -> Option<i64> {
    let n = v.as_number()?;
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    if n.is_u64() {
        return Some(i64::MAX);
    }
    let f = n.as_f64()?;
    if f.fract() != 0.0 {
        return None;
    }
    // Beyond 2^53 a float no longer holds every integer; no answer is that large, and the
    // range check refuses it.
    Some(if f >= 9.0e15 {
        i64::MAX
    } else if f <= -9.0e15 {
        i64::MIN
    } else {
        f as i64
    })
}

/// True when a text has no visible character: only white space and characters XML forbids
/// (which the answers stage removes).
pub fn is_blank(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || crate::answers::is_xml_forbidden(c))
}

/// What a value is, in words for a message: 文本「十二」, 小数 12.5, 列表, …; a number as
/// the user wrote it.
pub(super) fn describe(v: &Value, path: Path, lit: &Literals) -> String {
    match v {
        Value::Null => "空值 null".into(),
        Value::Bool(b) => format!("布尔值 {b}"),
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() != 0.0) => format!("小数 {}", lit.quote(&path.render(), n)),
        Value::Number(n) => format!("数字 {}", lit.quote(&path.render(), n)),
        Value::String(s) => {
            let shown: String = s.chars().take(20).collect();
            let more = if s.chars().count() > 20 { "…" } else { "" };
            format!("文本「{shown}{more}」")
        }
        Value::Array(_) => "列表".into(),
        Value::Object(_) => "对象".into(),
    }
}
