//! The checks of the leaf types beyond text, integer and date: boolean, decimal,
//! percentage, choice. Each message says what was written and how to write it instead.

use serde_json::Value;

use super::leaf::{is_blank, wrong_type};
use super::typo::{closest, edit_distance};
use super::walk::{field_hint, Path};
use super::{Decimal, Field, FieldType};
use crate::diag::{push_capped, Diagnostic};
use crate::json::Literals;

/// `true` or `false`; a quoted 「是」「否」「true」 gets a hint with the value to write.
pub(super) fn boolean(f: &Field, v: &Value, path: Path, lit: &Literals, out: &mut Vec<Diagnostic>) {
    if v.is_boolean() {
        return;
    }
    let hint = match v {
        Value::String(s) => match s.trim() {
            "是" | "true" | "True" | "TRUE" | "对" | "有" | "已" => Some("去掉引号，直接写 true".to_owned()),
            "否" | "false" | "False" | "FALSE" | "不" | "无" | "没有" | "未" => Some("去掉引号，直接写 false".to_owned()),
            _ => None,
        },
        _ => None,
    };
    let hint = hint.unwrap_or_else(|| format!("{}：是写 true，否写 false（不加引号）", f.label));
    push_capped(out, wrong_type(f, v, path, lit, Some(hint)));
}

/// A number with at most `places` decimals, within the field's range (a percentage: 0 to
/// 100 unless its minimum and maximum say otherwise).
pub(super) fn decimal(f: &Field, v: &Value, path: Path, lit: &Literals, out: &mut Vec<Diagnostic>) {
    let Value::Number(n) = v else {
        let hint = match v {
            Value::String(s) => quoted_number(f, s),
            _ => None,
        };
        push_capped(out, wrong_type(f, v, path, lit, hint));
        return;
    };
    let Some(d) = Decimal::of(n) else { return };
    let written = lit.quote(&path.render(), n);
    let places = f.places();
    if d.places() > places {
        let (message, hint) = if places == 0 {
            (format!("只能写整数，不带小数，实际是 {written}"), format!("写成 {}", d.fixed(0)))
        } else {
            (format!("最多 {places} 位小数，实际是 {written}"), format!("保留 {places} 位小数，例如写成 {}", d.fixed(places)))
        };
        push_capped(out, Diagnostic::error(message).at(path.render()).with_hint(hint));
        return;
    }
    let (min, max) = f.decimal_bounds();
    let hint = || {
        if f.kind == FieldType::Percentage {
            format!("{}：写百分号前的数，例如 95.5 表示 95.5%", f.label)
        } else {
            field_hint(f)
        }
    };
    if d < min {
        push_capped(out, Diagnostic::error(format!("不能小于 {min}，实际是 {written}")).at(path.render()).with_hint(hint()));
    } else if d > max {
        push_capped(out, Diagnostic::error(format!("不能大于 {max}，实际是 {written}")).at(path.render()).with_hint(hint()));
    }
}

/// The hint for a number typed in quotes: 「"12.5"」 → 直接写 12.5; 「"95.5%"」 → 写 95.5,
/// without the % sign.
fn quoted_number(f: &Field, s: &str) -> Option<String> {
    let t = s.trim();
    let (body, percent) = match t.strip_suffix(['%', '％']) {
        Some(body) => (body.trim_end(), true),
        None => (t, false),
    };
    let d = Decimal::parse(body)?;
    Some(match (percent, f.kind) {
        (true, FieldType::Percentage) => format!("直接写 {d}，不要带 % 和引号（{d} 就表示 {d}%）"),
        (true, _) => return None,
        (false, _) => format!("去掉引号，直接写 {d}"),
    })
}

/// One of `choices`, written exactly; otherwise the message lists them and the hint names
/// the closest.
pub(super) fn choice(f: &Field, v: &Value, path: Path, lit: &Literals, out: &mut Vec<Diagnostic>) {
    let Value::String(s) = v else {
        let example = f.choices.first().map_or(String::new(), |c| format!("，例如 \"{c}\""));
        push_capped(out, wrong_type(f, v, path, lit, Some(format!("写成带英文双引号的文字{example}"))));
        return;
    };
    if is_blank(s) {
        if f.required {
            push_capped(out, Diagnostic::error("不能为空").at(path.render()).with_hint(field_hint(f)));
        }
        return;
    }
    let t = s.trim();
    if f.choices.iter().any(|c| c == t) {
        return;
    }
    let shown: String = t.chars().take(20).collect();
    let more = if t.chars().count() > 20 { "…" } else { "" };
    let message = format!("只能填以下之一：{}，实际是「{shown}{more}」", f.choices.join("、"));
    let hint = match nearest(t, &f.choices) {
        Some(c) => format!("是否想写「{c}」？照原样写其中之一"),
        None => "照原样写其中之一，不要加其他文字".to_owned(),
    };
    push_capped(out, Diagnostic::error(message).at(path.render()).with_hint(hint));
}

/// The choice a wrong answer most likely meant: a close spelling, or one the answer
/// contains or is part of (「已经完成」 → 已完成 is close; 「完成」 → 已完成 is part of it).
fn nearest<'a>(answer: &str, choices: &'a [String]) -> Option<&'a str> {
    closest(answer, choices.iter().map(String::as_str)).or_else(|| {
        choices
            .iter()
            .filter(|c| c.contains(answer) || answer.contains(c.as_str()))
            .min_by_key(|c| edit_distance(answer, c))
            .map(String::as_str)
    })
}
