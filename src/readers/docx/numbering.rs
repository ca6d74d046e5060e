//! Word's automatic numbering (`word/numbering.xml`) turned into the text it displays.
//!
//! A clerk who types 「一、」 by hand and one who lets Word number the heading see the same
//! page, but only the first has the number in the paragraph's text: the second has a
//! `w:numPr` naming a list (`w:numId`) and a level (`w:ilvl`). The list's abstract
//! definition gives, per level, the start value, the format (`chineseCounting`, `decimal`,
//! …) and the pattern (`%1、`, `（%1）`, `%1.%2`). Counting follows Word: lists whose `w:num`
//! share one `w:abstractNum` continue one another unless a `w:startOverride` restarts them,
//! and a level restarts whenever a shallower level of the same list is used.
//!
//! Bounded: at most [`MAX_LEVELS`] levels, counters saturate, a pattern is at most
//! [`MAX_PATTERN_CHARS`] long and its `%N` only names one of those levels, and a style link
//! (`w:numStyleLink`) is followed one step only.

use std::collections::HashMap;

use crate::inspect::xml::Element;
use crate::numerals::chinese_number;

/// Word has nine list levels (0 to 8).
pub const MAX_LEVELS: usize = 9;

/// Longest level pattern kept (Word's own are a few characters; `w:lvlText` is limited to
/// 255 by the schema): every numbered paragraph copies it, so its length must be bounded.
const MAX_PATTERN_CHARS: usize = 64;

/// One level of an abstract list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u64,
    format: String,
    pattern: String,
    /// The paragraph style this level is tied to (`w:pStyle`), for styles that number.
    style: Option<String>,
    /// `w:isLgl`: every level's number in the pattern is shown as decimal (「1.1」).
    legal: bool,
}

/// The numbering definitions of a package and the running counters.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `w:abstractNumId` → its levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// `w:numId` → (`w:abstractNumId`, level overrides: start values and whole levels).
    nums: HashMap<String, Num>,
    /// Counters per abstract list, one per level (`None`: not used since its last restart).
    counters: HashMap<String, [Option<u64>; MAX_LEVELS]>,
    /// The `w:num`s whose start overrides have been applied (the first use restarts).
    started: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    starts: Vec<(usize, u64)>,
    levels: Vec<(usize, Level)>,
}

/// What a numbered paragraph shows in front of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// The number as text: 「一、」「（二）」「3.」.
    Text(String),
    /// A bullet (`numFmt` bullet): its symbol, which a report does not print.
    Bullet(String),
}

fn level_of(lvl: &Element) -> Option<(usize, Level)> {
    let ilvl: usize = lvl.attr("w:ilvl")?.trim().parse().ok()?;
    if ilvl >= MAX_LEVELS {
        return None;
    }
    let level = Level {
        start: lvl.child_val("w:start").and_then(|s| s.trim().parse().ok()).unwrap_or(1),
        format: lvl.child_val("w:numFmt").unwrap_or("decimal").to_string(),
        pattern: lvl.child_val("w:lvlText").unwrap_or("").chars().take(MAX_PATTERN_CHARS).collect(),
        style: lvl.child_val("w:pStyle").map(str::to_string),
        legal: lvl.child("w:isLgl").is_some_and(|e| !matches!(e.attr("w:val"), Some("0" | "false" | "off"))),
    };
    Some((ilvl, level))
}

impl Numbering {
    /// Reads `numbering.xml`'s root (`w:numbering`); `None` gives no lists at all.
    pub fn new(root: Option<&Element>) -> Numbering {
        let mut n = Numbering::default();
        let Some(root) = root else { return n };
        let mut links: Vec<(String, String)> = Vec::new();
        let mut style_owners: HashMap<String, String> = HashMap::new();
        for a in root.elements().filter(|e| e.name == "w:abstractNum") {
            let Some(id) = a.attr("w:abstractNumId") else { continue };
            let mut levels = vec![Level::default(); MAX_LEVELS];
            for (i, l) in a.elements().filter(|e| e.name == "w:lvl").filter_map(level_of) {
                levels[i] = l;
            }
            if let Some(link) = a.child_val("w:numStyleLink") {
                links.push((id.to_string(), link.to_string()));
            }
            if let Some(style) = a.child_val("w:styleLink") {
                style_owners.insert(style.to_string(), id.to_string());
            }
            n.abstracts.entry(id.to_string()).or_insert(levels);
        }
        for num in root.elements().filter(|e| e.name == "w:num") {
            let (Some(id), Some(abs)) = (num.attr("w:numId"), num.child_val("w:abstractNumId")) else { continue };
            let mut entry = Num { abstract_id: abs.to_string(), ..Num::default() };
            for o in num.elements().filter(|e| e.name == "w:lvlOverride").take(MAX_LEVELS) {
                let Some(ilvl) = o.attr("w:ilvl").and_then(|v| v.trim().parse::<usize>().ok()).filter(|&i| i < MAX_LEVELS) else { continue };
                if let Some(start) = o.child_val("w:startOverride").and_then(|v| v.trim().parse().ok()) {
                    entry.starts.push((ilvl, start));
                }
                if let Some((_, level)) = o.child("w:lvl").and_then(level_of) {
                    entry.levels.push((ilvl, level));
                }
            }
            n.nums.entry(id.to_string()).or_insert(entry);
        }
        // An abstract list that only links to a numbering style takes that style's list:
        // the style's paragraph properties name a w:num whose abstract list owns the style.
        for (id, style) in links {
            if let Some(owner) = style_owners.get(&style).and_then(|o| n.abstracts.get(o)).cloned() {
                n.abstracts.insert(id, owner);
            }
        }
        n
    }

    /// The level of list `num_id` tied to paragraph style `style` (`w:pStyle` in a `w:lvl`),
    /// for a style that names a list but not a level.
    pub fn level_for_style(&self, num_id: &str, style: &str) -> Option<usize> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        levels.iter().position(|l| l.style.as_deref() == Some(style))
    }

    /// The number a paragraph of list `num_id` at level `ilvl` shows, counting it. `None`
    /// for `numId` 0 (numbering switched off), an unknown list, or a level without text.
    pub fn next(&mut self, num_id: &str, ilvl: usize) -> Option<Shown> {
        let ilvl = ilvl.min(MAX_LEVELS - 1);
        let num = self.nums.get(num_id)?.clone();
        let mut levels = self.abstracts.get(&num.abstract_id)?.clone();
        for (i, l) in &num.levels {
            levels[*i] = l.clone();
        }
        for (i, start) in &num.starts {
            levels[*i].start = *start;
        }
        let counters = self.counters.entry(num.abstract_id.clone()).or_insert([None; MAX_LEVELS]);
        if self.started.insert(num_id.to_string()) {
            // The first paragraph of a restarting w:num starts those levels afresh.
            for (i, _) in &num.starts {
                counters[*i] = None;
            }
        }
        let value = match counters[ilvl] {
            Some(v) => v.saturating_add(1),
            None => levels[ilvl].start,
        };
        counters[ilvl] = Some(value);
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        // Shallower levels never used show their start value (Word does the same).
        let shown: Vec<u64> = (0..MAX_LEVELS).map(|i| counters[i].unwrap_or(levels[i].start)).collect();
        let level = &levels[ilvl];
        if level.format == "bullet" {
            return Some(Shown::Bullet(level.pattern.clone()));
        }
        let text = expand(&level.pattern, |n| if level.legal { shown[n].to_string() } else { format(&levels[n].format, shown[n]) });
        (!text.is_empty()).then_some(Shown::Text(text))
    }
}

/// `%1、` with `%1` replaced by `value(0)`; `%%` and a `%` not before a level digit stay.
fn expand(pattern: &str, value: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)).filter(|&d| (1..=MAX_LEVELS as u32).contains(&d)) {
                chars.next();
                out.push_str(&value(d as usize - 1));
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A counter in one of Word's number formats (those a Chinese report uses, and the common
/// Western ones; an unknown format is shown as decimal, as Word does).
pub fn format(fmt: &str, n: u64) -> String {
    match fmt {
        "none" => String::new(),
        "chineseCounting" | "chineseCountingThousand" | "japaneseCounting" | "taiwaneseCounting" | "ideographDigital" => {
            chinese_number(n)
        }
        "chineseLegalSimplified" => chinese_number(n).chars().map(legal).collect(),
        "ideographTraditional" => cycle(&['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'], n),
        "ideographZodiac" => cycle(&['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'], n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n as u32 - 1).map(String::from).unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c)).collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn legal(c: char) -> char {
    match c {
        '一' => '壹',
        '二' => '贰',
        '三' => '叁',
        '四' => '肆',
        '五' => '伍',
        '六' => '陆',
        '七' => '柒',
        '八' => '捌',
        '九' => '玖',
        '十' => '拾',
        '百' => '佰',
        '千' => '仟',
        c => c,
    }
}

fn cycle(symbols: &[char], n: u64) -> String {
    let i = (n.max(1) - 1) % symbols.len() as u64;
    symbols[i as usize].to_string()
}

/// A, B, … Z, AA, BB, … (Word repeats the letter).
fn letters(n: u64, base: u8) -> String {
    let n = n.max(1) - 1;
    let letter = (base + (n % 26) as u8) as char;
    std::iter::repeat_n(letter, (n / 26 + 1).min(64) as usize).collect()
}

fn roman(n: u64) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u64, &str); 13] =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut rest = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while rest >= v {
            out.push_str(s);
            rest -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::xml::parse;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:pStyle w:val="2"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3.%4"/></w:lvl>
        <w:lvl w:ilvl="4"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%5"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    fn text(s: Option<Shown>) -> String {
        match s {
            Some(Shown::Text(t)) => t,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn levels_count_restart_and_show_their_pattern() {
        let root = parse(NUMBERING).unwrap();
        let mut n = Numbering::new(Some(&root));
        let seen: Vec<String> = [(0, "1", 0), (1, "1", 1), (2, "1", 1), (3, "1", 2), (4, "1", 0), (5, "1", 1), (6, "1", 3), (7, "1", 4)]
            .iter()
            .map(|&(_, id, lvl)| text(n.next(id, lvl)))
            .collect();
        assert_eq!(seen, ["一、", "（一）", "（二）", "1.", "二、", "（一）", "二.一.1.1", "2.1.1"]);
        // Another w:num of the same abstract list continues it ...
        assert_eq!(text(n.next("1", 0)), "三、");
        // ... unless it restarts it (once, on first use).
        assert_eq!(text(n.next("2", 0)), "一、");
        assert_eq!(text(n.next("2", 0)), "二、");
        assert_eq!(n.next("3", 0), Some(Shown::Bullet("•".into())));
        assert_eq!(n.next("0", 0), None);
        assert_eq!(n.next("9", 0), None);
        assert_eq!(n.level_for_style("1", "2"), Some(0));
    }

    #[test]
    fn formats() {
        assert_eq!(format("chineseCounting", 12), "十二");
        assert_eq!(format("chineseCountingThousand", 21), "二十一");
        assert_eq!(format("ideographTraditional", 2), "乙");
        assert_eq!(format("decimalEnclosedCircle", 3), "③");
        assert_eq!(format("decimalFullWidth", 12), "１２");
        assert_eq!(format("upperLetter", 28), "BB");
        assert_eq!(format("lowerRoman", 14), "xiv");
        assert_eq!(format("chineseLegalSimplified", 3), "叁");
        assert_eq!(format("unknown", 7), "7");
        assert_eq!(expand("第%1条%", |_| "三".into()), "第三条%");
    }
}
