//! Dates as answers write them: `YYYY-MM-DD`, a real calendar day.

use crate::diag::Diagnostic;
use crate::model::Date;

/// Parses `YYYY-MM-DD` into a real calendar date; the error says what is wrong and how to
/// write it instead (no field path: the caller adds it).
// Diagnostic is the project-wide error type; an error ends the run, so its size is
// irrelevant here.
pub fn parse_date(s: &str) -> Result<Date, Diagnostic> {
    let t = s.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2) {
        let (year, month, day) = (
            parts[0].parse::<i32>().unwrap_or(0),
            parts[1].parse::<u32>().unwrap_or(0),
            parts[2].parse::<u32>().unwrap_or(0),
        );
        if !(1..=12).contains(&month) {
            return Err(Diagnostic::error(format!(
                "日期不存在：「{t}」，月份应在 01 到 12 之间"
            )));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(Diagnostic::error(format!(
                "日期不存在：「{t}」，{year} 年 {month} 月只有 {last} 天"
            )));
        }
        return Ok(Date { year, month, day });
    }
    let d = Diagnostic::error(format!("日期格式不对：「{t}」"));
    // 「2026年11月27日」「2026/11/27」「2026.11.27」: offer the ISO form.
    let numbers: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    if let [y, m, d2] = numbers[..] {
        if (1000..=9999).contains(&y)
            && (1..=12).contains(&m)
            && d2 >= 1
            && d2 <= days_in_month(y as i32, m)
        {
            return Err(d.with_hint(format!("按 YYYY-MM-DD 填写，应写成 {y:04}-{m:02}-{d2:02}")));
        }
    }
    Err(d.with_hint("按 YYYY-MM-DD 填写，例如 2026-11-27"))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}
