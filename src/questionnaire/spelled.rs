//! Whole numbers a clerk typed as text in an integer field: "2024", "２０２４", "2024年",
//! "二〇二四", "十二".
//!
//! Such an answer stays an error (the file must hold a JSON number), but it is not a
//! mystery: the hint names the number to write, and the rules read that number as the
//! field's value ([`reading`]), so that the clerk sees every problem of the file at once
//! instead of one now and the next after the fix.

use serde_json::Value;

use super::{Field, FieldType};
use crate::numerals::parse_chinese_number;

/// Units a count or a year is often typed with; one of them may end the text.
const UNITS: &[char] = &['年', '个', '人', '名', '次', '项', '件', '条', '户'];

/// How the number was spelled, which decides what the hint tells the clerk to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digits {
    /// `2024`: only the quotes are wrong.
    Ascii,
    /// `２０２４`: full-width digits.
    FullWidth,
    /// `二〇二四`, `十二`: Chinese numerals.
    Chinese,
}

/// The whole number a text spells unambiguously, and the hint that says how to write it:
/// 「去掉引号，直接写 2025」, 「改用阿拉伯数字，直接写 2024」, …. `None` for any other text
/// (「十八个左右」, 「2024.5」, 「明年」).
pub fn whole_number(text: &str) -> Option<(i64, String)> {
    let t = text.trim();
    let (body, unit) = match t.chars().last() {
        Some(c) if UNITS.contains(&c) => (t[..t.len() - c.len_utf8()].trim_end(), Some(c)),
        _ => (t, None),
    };
    let (n, digits) = number(body)?;
    let change = match digits {
        Digits::Ascii => "去掉引号",
        Digits::FullWidth => "改用半角数字",
        Digits::Chinese => "改用阿拉伯数字",
    };
    let hint = match unit {
        Some(u) if digits == Digits::Ascii => format!("去掉引号和「{u}」字，直接写 {n}"),
        Some(u) => format!("{change}，去掉「{u}」字，直接写 {n}"),
        None => format!("{change}，直接写 {n}"),
    };
    Some((n, hint))
}

fn number(s: &str) -> Option<(i64, Digits)> {
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<i64>() {
        return Some((n, Digits::Ascii));
    }
    let full: Option<String> = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            '－' | '-' => Some('-'),
            _ => None,
        })
        .collect();
    if let Some(n) = full.and_then(|f| f.parse::<i64>().ok()) {
        return Some((n, Digits::FullWidth));
    }
    chinese(s).map(|n| (n, Digits::Chinese))
}

/// 「十二」「一百零五」「两千」 (as numbers are written) or 「二〇二四」 (digit by digit, as
/// years are written).
fn chinese(s: &str) -> Option<i64> {
    const DIGITS: &str = "〇零一二三四五六七八九";
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|i| i.saturating_sub(1) as i64);
    if s.chars().count() >= 2 && s.chars().count() <= 18 && s.chars().all(|c| digit(c).is_some()) {
        return s.chars().try_fold(0i64, |n, c| Some(n * 10 + digit(c)?));
    }
    // 两 counts as 二 before a unit (两千, 两百); alone it is 2.
    let canonical = if s == "两" { "二".to_owned() } else { s.replace('两', "二") };
    parse_chinese_number(&canonical).and_then(|n| i64::try_from(n).ok())
}

/// The integer the rules read from an integer field whose answer is a whole number spelled
/// as text, when it lies in the field's range; `None` for every other value (a value that
/// is a JSON integer is read by the rules directly).
pub fn reading(f: &Field, v: &Value) -> Option<i64> {
    let Value::String(s) = v else { return None };
    if f.kind != FieldType::Integer {
        return None;
    }
    let (n, _) = whole_number(s)?;
    let (min, max) = f.int_bounds();
    (min..=max).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<i64> {
        whole_number(s).map(|(n, _)| n)
    }

    #[test]
    fn whole_numbers_in_every_spelling() {
        assert_eq!(whole_number("2025"), Some((2025, "去掉引号，直接写 2025".to_owned())));
        assert_eq!(whole_number(" 18 "), Some((18, "去掉引号，直接写 18".to_owned())));
        assert_eq!(whole_number("２０２４"), Some((2024, "改用半角数字，直接写 2024".to_owned())));
        assert_eq!(whole_number("2024年"), Some((2024, "去掉引号和「年」字，直接写 2024".to_owned())));
        assert_eq!(whole_number("二〇二四"), Some((2024, "改用阿拉伯数字，直接写 2024".to_owned())));
        assert_eq!(whole_number("二〇二四年"), Some((2024, "改用阿拉伯数字，去掉「年」字，直接写 2024".to_owned())));
        assert_eq!(read("十二"), Some(12));
        assert_eq!(read("十八个"), Some(18));
        assert_eq!(read("一百零五"), Some(105));
        assert_eq!(read("两千"), Some(2000));
        assert_eq!(read("两"), Some(2));
        assert_eq!(read("二零二六"), Some(2026));
        assert_eq!(read("-3"), Some(-3));
    }

    #[test]
    fn anything_else_is_no_number() {
        for s in ["", "年", "十八个左右", "2024.5", "明年", "二十十", "2024-2026", "约 20", "一二三四五六七八九〇一二三四五六七八九"] {
            assert_eq!(read(s), None, "{s}");
        }
    }
}
