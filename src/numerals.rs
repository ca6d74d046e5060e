//! Chinese numerals as official documents write them: 一 … 十、十一 … 九十九、一百 ….
//!
//! Used for heading numbers (一、（一）), enumerations (一是 … 十二是) and the number of
//! years in the title (三年). [`parse_chinese_number`] reads them back for `check`.

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// `1 → 一`, `10 → 十`, `12 → 十二`, `20 → 二十`, `101 → 一百零一`, `0 → 零`.
///
/// Below 20 the leading 一 of 一十 is dropped, as in 十二是; above 100 the full form is
/// used (一百一十二), which is how numbers that large are written in running text.
pub fn chinese_number(n: u64) -> String {
    if n == 0 {
        return "零".into();
    }
    if (10..20).contains(&n) {
        let ones = n % 10;
        return if ones == 0 { "十".into() } else { format!("十{}", DIGITS[ones as usize]) };
    }
    const UNITS: [(u64, char); 3] = [(1000, '千'), (100, '百'), (10, '十')];
    if n >= 10_000 {
        let high = n / 10_000;
        let low = n % 10_000;
        let mut s = format!("{}万", chinese_number(high));
        if low > 0 {
            if low < 1000 {
                s.push('零');
            }
            s.push_str(&full_below_10000(low, &UNITS));
        }
        return s;
    }
    full_below_10000(n, &UNITS)
}

/// 1..=9999 written in full (一十二 stays 一十二 here: the caller handles 十二 alone).
fn full_below_10000(n: u64, units: &[(u64, char)]) -> String {
    let mut s = String::new();
    let mut rest = n;
    let mut pending_zero = false;
    for &(value, unit) in units {
        let d = rest / value;
        rest %= value;
        if d > 0 {
            if pending_zero {
                s.push('零');
                pending_zero = false;
            }
            s.push(DIGITS[d as usize]);
            s.push(unit);
        } else if !s.is_empty() {
            pending_zero = true;
        }
    }
    if rest > 0 {
        if pending_zero {
            s.push('零');
        }
        s.push(DIGITS[rest as usize]);
    }
    s
}

/// Reads a Chinese numeral back (`十二 → 12`, `一百零一 → 101`); `None` if it is not one
/// in the canonical form [`chinese_number`] writes.
pub fn parse_chinese_number(s: &str) -> Option<u64> {
    if s.is_empty() || s.chars().count() > 16 {
        return None;
    }
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for c in s.chars() {
        if let Some(d) = DIGITS.iter().position(|&x| x == c) {
            digit = Some(d as u64);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                total = (section + digit.take().unwrap_or(0)) * 10_000;
                section = 0;
                continue;
            }
            _ => return None,
        };
        section += digit.take().unwrap_or(1) * unit;
    }
    let n = total + section + digit.unwrap_or(0);
    // Only the canonical spelling counts, so 二二 or 十十 are not numbers.
    (chinese_number(n) == s).then_some(n)
}

/// The number of a heading of the given level: 一、 （一） 1. （1）.
///
/// Every heading and item of every report is numbered, so the numbers are built by
/// appending to the numeral rather than with `format!` (see [`ordinal`]).
pub fn heading_number(level: u8, n: u64) -> String {
    match level {
        1 => chinese_number(n) + "、",
        2 => "（".to_owned() + &chinese_number(n) + "）",
        3 => n.to_string() + ".",
        _ => "（".to_owned() + &n.to_string() + "）",
    }
}

/// 一是, 二是, … 十二是, … for the n-th item of an enumeration.
///
/// Appending to the numeral's own string spares `format!` and a second string: measured
/// with callgrind, they cost a few thousand instructions a report.
pub fn ordinal(n: u64) -> String {
    let mut s = chinese_number(n);
    s.push('是');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_numbers() {
        let cases = [
            (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (19, "十九"), (20, "二十"),
            (21, "二十一"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"),
            (112, "一百一十二"), (1005, "一千零五"), (2026, "二千零二十六"), (10_000, "一万"), (10_001, "一万零一"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_number(n), s, "{n}");
            assert_eq!(parse_chinese_number(s), Some(n), "{s}");
        }
        assert_eq!(parse_chinese_number("是"), None);
    }

    #[test]
    fn heading_numbers_and_ordinals() {
        assert_eq!(heading_number(1, 4), "四、");
        assert_eq!(heading_number(2, 11), "（十一）");
        assert_eq!(heading_number(3, 2), "2.");
        assert_eq!(heading_number(4, 3), "（3）");
        assert_eq!(ordinal(12), "十二是");
        assert_eq!(ordinal(13), "十三是");
    }
}
