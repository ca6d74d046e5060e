//! Breaking a long 公文标题 into lines (GB/T 9704 §7.3.1: 回行时要做到词意完整，排列对称，
//! 长短适宜，间距恰当，标题排列应当使用梯形或菱形).
//!
//! Lines are measured by width, not by characters: a digit or Latin letter is about 0.64 of
//! an ideograph as LibreOffice sets it, plus the automatic CJK/Latin spacing
//! ([`em_hundredths`]); a line holds at most 20 ems of 2号.
//!
//! Where a line may break, without a dictionary. Never inside a Latin word or number
//! (「2026」, 「APP」), between a number and its unit (「2020 / 年」), inside a year range
//! (「2021— / 2023年」), or against the 避头/避尾 punctuation rules. Inside 《》（）“”「」 only
//! as a last resort. Freely where one span ends and another begins (the town's name from an
//! answer, then the template's wording), after punctuation, around 「暨」 and before 《.
//! Cheaply around the words of which report titles are built: after the function words
//! 的/和/与/及/关于/对于 and 以来, after a number's unit (「2023年 / 发展」), before a number,
//! and before or after the recurring title words ([`TITLE_WORDS`]: 工作, 情况, 报告, 自查,
//! 专项, 发展, 党员, 建设…), which a title is almost all made of. Anywhere else the break may
//! split a word (「与发 / 展」), and costs more than any unevenness a line allows.
//!
//! Shapes: a title of up to four lines is searched exhaustively (at most 40 ends a line,
//! so a bounded number of candidates) for the least cost of breaks plus shape: a 梯形 with
//! the longer line on top, or a 菱形 whose bottom line is no wider than its top. A longer
//! title takes a small dynamic programme over (position, lines left, width of the line
//! above) with lines that never grow downwards; it stays linear in the title's length, as
//! a state whose remaining width cannot fit in the lines left is refused before it is
//! explored (with the line count near the minimum, all but the last few dozen lines must
//! be nearly full, and only a bounded number of states per line are visited).

use std::collections::HashMap;

use super::estimate::em_hundredths;
use crate::model::{Source, Text};

/// At most this wide a title line, in hundredths of an em of 2号 (20 ideographs).
pub(crate) const MAX_LINE_WIDTH: u32 = 2000;

/// Cost of a break at a likely word boundary (a title word or function word beside it).
const WORD_BREAK: u32 = 200;

/// Cost of a break at no known boundary: it may split a word, which reads worse than any
/// unevenness a line allows, so it is a last resort.
const ORDINARY_BREAK: u32 = 2400;

/// Cost of a break inside 《》 or another pair of marks: only when nothing else fits.
const INSIDE_PAIR: u32 = 6000;

/// Cost of a line of one or two characters (the audit fails it; it reads as an accident).
const SHORT_LINE: u32 = 5000;

/// Cost per hundredth of an em by which a bottom line is wider than the top, beyond
/// [`BOTTOM_WIDER_FREE`].
const BOTTOM_WIDER: u32 = 10;

/// How much wider than the top a bottom line may be at no extra cost: half an em. A whole
/// em was allowed before, but digits set wider in LibreOffice and Word than the 0.64 em
/// estimated here, so a bottom line estimated exactly one em wider printed 1.1 ems wider
/// (「白沙乡2026年度党风廉政 / 建设责任制落实情况自查报告」, which docx-audit warns about),
/// while the split one word later puts the longer line on top.
const BOTTOM_WIDER_FREE: u32 = 50;

/// Cost of each line beyond the fewest the title's width needs (three lines of 7 where
/// two of 14 and 7 would do).
const EXTRA_LINE: u32 = 1500;

/// Titles of up to this many lines are searched exhaustively, for 梯形 and 菱形 alike.
const SEARCHED_LINES: usize = 4;

/// Function words after which a new word starts.
const AFTER_WORDS: &[&str] = &["关于", "对于", "的", "和", "与", "及", "以来", "之"];

/// Words of report titles (a stand-in for a segmenter): a break before or after one of
/// them falls between words.
const TITLE_WORDS: &[&str] = &[
    "关于", "贯彻", "落实", "发展", "党员", "工作", "情况", "报告", "自查", "专项", "建设", "质量",
    "问题", "排查", "整治", "培养", "考察", "队伍", "基层", "党组织", "组织", "违规", "违纪", "回头看",
    "积极分子", "入党", "年度", "近三年", "细则", "条例", "党委", "委员会", "街道", "总结", "请示",
    "意见", "通知", "方案", "加强", "推进", "全面", "乡村", "振兴", "治理", "服务", "管理", "调研",
];

/// Units a number may not be parted from (「2020年」, 「16名」, 「35%」).
const UNITS: &str = "年月日号届次名个人项件万亿元%％";

/// Splits the title into lines; a title of up to 20 ems stays one line.
pub(crate) fn title_lines(title: &Text) -> Vec<Text> {
    let chars = title.chars();
    let widths = widths(&chars);
    let total: u32 = widths.iter().sum();
    if total <= MAX_LINE_WIDTH {
        return vec![title.clone()];
    }
    let costs = break_costs(&chars);
    let min_lines = total.div_ceil(MAX_LINE_WIDTH) as usize;
    let searched = (min_lines <= SEARCHED_LINES).then(|| search(&costs, &widths, min_lines)).flatten();
    let lengths = searched
        .or_else(|| {
            // One or two extra lines may be needed when the allowed break points are sparse.
            (min_lines..=min_lines + 2).find_map(|lines| Splitter::new(&costs, &widths).lengths(lines))
        })
        // No split obeys every rule (a 25-letter word, say): fill each line greedily.
        .unwrap_or_else(|| greedy(&widths));
    let mut lines = Vec::with_capacity(lengths.len());
    let mut start = 0;
    for len in lengths {
        let line = Text::from_chars(chars[start..start + len].iter().map(|(c, s)| (*c, *s)));
        lines.push(line.trim());
        start += len;
    }
    lines
}

/// Each character's width in a line, [`em_hundredths`] after the one before it.
fn widths(chars: &[(char, &Source)]) -> Vec<u32> {
    let mut prev = '\0';
    chars
        .iter()
        .map(|&(c, _)| {
            let w = em_hundredths(prev, c);
            prev = c;
            w
        })
        .collect()
}

/// Line lengths (in characters) filled greedily up to the width: the fallback.
fn greedy(widths: &[u32]) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut len, mut width) = (0, 0);
    for &w in widths {
        if len > 0 && width + w > MAX_LINE_WIDTH {
            out.push(len);
            (len, width) = (0, 0);
        }
        len += 1;
        width += w;
    }
    out.push(len);
    out
}

/// `costs[i]`: the cost of starting a new line at character `i` (`None`: not allowed).
/// Index 0 is never a break.
fn break_costs(chars: &[(char, &Source)]) -> Vec<Option<u32>> {
    let mut costs = vec![None; chars.len()];
    // Open 《（“「 marks before each position: a linear scan, a counter per kind of mark.
    let mut depth = [0u32; PAIRS.len()];
    for i in 1..chars.len() {
        let (before, before_src) = chars[i - 1];
        let (after, after_src) = chars[i];
        for (k, (open, close)) in PAIRS.iter().enumerate() {
            if before == *open {
                depth[k] += 1;
            } else if before == *close {
                depth[k] = depth[k].saturating_sub(1);
            }
        }
        let digit_before = i >= 2 && chars[i - 2].0.is_ascii_digit();
        // A break inside a title word (「年 / 度」) is no boundary, whatever is around it.
        let splits_word = TITLE_WORDS.iter().any(|w| (1..w.chars().count()).any(|k| k <= i && starts_at(chars, i - k, w)));
        let forbidden = (is_word_char(before) && is_word_char(after))
            || NO_LINE_START.contains(after)
            || NO_LINE_END.contains(before)
            // 「——」 and 「……」 are one mark of two characters.
            || (before == after && (before == '—' || before == '…'))
            // 「2020 / 年」, 「16 / 名」.
            || (before.is_ascii_digit() && UNITS.contains(after))
            // 「2021— / 2023年」.
            || (DASHES.contains(before) && digit_before && after.is_ascii_digit());
        costs[i] = if forbidden {
            None
        } else if depth.iter().any(|&d| d > 0) {
            Some(INSIDE_PAIR)
        } else if before_src != after_src
            || BREAK_AFTER.contains(before)
            || before.is_whitespace()
            || before == '暨'
            || after == '《'
        {
            Some(0)
        } else if splits_word {
            Some(ORDINARY_BREAK)
        } else if after == '暨'
            || AFTER_WORDS.iter().any(|w| ends_at(chars, i, w))
            || (UNITS.contains(before) && digit_before)
            || (after.is_ascii_digit() && !before.is_ascii_digit())
            || TITLE_WORDS.iter().any(|w| starts_at(chars, i, w) || ends_at(chars, i, w))
        {
            Some(WORD_BREAK)
        } else {
            Some(ORDINARY_BREAK)
        };
    }
    costs
}

/// Pairs of marks inside which a title is not broken unless nothing else fits.
const PAIRS: [(char, char); 5] = [('《', '》'), ('（', '）'), ('“', '”'), ('「', '」'), ('(', ')')];
/// Dashes of a range (「2021—2023年」).
const DASHES: &str = "—–-~～";

/// True when `word` starts at character `i`.
fn starts_at(chars: &[(char, &Source)], i: usize, word: &str) -> bool {
    let mut rest = chars[i..].iter().map(|(c, _)| *c);
    word.chars().all(|w| rest.next() == Some(w))
}

/// True when `word` ends just before character `i`.
fn ends_at(chars: &[(char, &Source)], i: usize, word: &str) -> bool {
    let mut back = chars[..i].iter().rev().map(|(c, _)| *c);
    word.chars().rev().all(|w| back.next() == Some(w))
}

/// Punctuation that may not begin a line (避头点).
const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉”’…—%·,.;:?!)]}";
/// Punctuation that may not end a line (避尾点).
const NO_LINE_END: &str = "（《「『【〔〈“‘([{";
/// Punctuation after which a break keeps the words whole.
const BREAK_AFTER: &str = "，。、；：？！）》」』】〕〉”’…—";

/// A letter or digit of a non-CJK word, which must not be cut.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The best split of a short title into `min_lines` or one more line, every candidate
/// tried: the cost of its breaks plus that of its shape ([`shape_cost`]). `None` when no
/// split obeys the hard rules.
fn search(costs: &[Option<u32>], widths: &[u32], min_lines: usize) -> Option<Vec<usize>> {
    let mut best: Option<(u32, Vec<usize>)> = None;
    for lines in min_lines..=(min_lines + 1).min(SEARCHED_LINES) {
        let mut ends = Vec::with_capacity(lines);
        let extra = (lines - min_lines) as u32 * EXTRA_LINE;
        candidates(costs, widths, 0, lines, &mut ends, extra, &mut best);
    }
    best.map(|(_, ends)| {
        let mut start = 0;
        ends.iter()
            .map(|&end| {
                let len = end - start;
                start = end;
                len
            })
            .collect()
    })
}

/// Tries every way to set `widths[pos..]` in `left` lines after the lines ending at `ends`.
fn candidates(
    costs: &[Option<u32>],
    widths: &[u32],
    pos: usize,
    left: usize,
    ends: &mut Vec<usize>,
    spent: u32,
    best: &mut Option<(u32, Vec<usize>)>,
) {
    let n = widths.len();
    if left == 1 {
        let width: u32 = widths[pos..].iter().sum();
        if width > MAX_LINE_WIDTH {
            return;
        }
        ends.push(n);
        let total = spent + shape_cost(widths, ends);
        if best.as_ref().is_none_or(|(b, _)| total < *b) {
            *best = Some((total, ends.clone()));
        }
        ends.pop();
        return;
    }
    let mut width = 0;
    for end in pos + 1..n {
        width += widths[end - 1];
        if width > MAX_LINE_WIDTH {
            break;
        }
        let Some(brk) = costs[end] else { continue };
        if best.as_ref().is_some_and(|(b, _)| spent + brk >= *b) {
            continue;
        }
        ends.push(end);
        candidates(costs, widths, end, left - 1, ends, spent + brk, best);
        ends.pop();
    }
}

/// The cost of a title's shape, lines ending at `ends`: a 梯形 (each line no wider than
/// the one above) costs the widths by which each line falls short of the one above; a
/// 菱形 (wider in the middle) the same from the widest line both ways; any other shape
/// more, as if it were a break inside a word. Lines of one or two characters, and a bottom
/// line over an em wider than the top, cost extra.
fn shape_cost(widths: &[u32], ends: &[usize]) -> u32 {
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    let mut cost = 0;
    for &end in ends {
        lines.push(widths[start..end].iter().sum::<u32>());
        if end - start <= 2 {
            cost += SHORT_LINE;
        }
        start = end;
    }
    let peak = (0..lines.len()).max_by_key(|&i| (lines[i], std::cmp::Reverse(i))).unwrap_or(0);
    for (i, pair) in lines.windows(2).enumerate() {
        let (upper, lower) = (pair[0], pair[1]);
        // Falling lines after the widest, and one rise from the top to it (菱形), are
        // the shapes GB/T 9704 names; a line wider than the one above elsewhere is not.
        let shaped = if i < peak { i == 0 && lower >= upper } else { lower <= upper };
        // A rise costs double: between two equally even splits, the longer line goes on top.
        let rise = lower.saturating_sub(upper);
        cost += upper.abs_diff(lower) + rise + if shaped { 0 } else { ORDINARY_BREAK };
    }
    let (top, bottom) = (lines[0], lines[lines.len() - 1]);
    cost + bottom.saturating_sub(top + BOTTOM_WIDER_FREE) * BOTTOM_WIDER
}

/// The dynamic programme over (position, lines left, width of the line above), for titles
/// of more lines than [`search`] takes: lines never grow downwards.
struct Splitter<'a> {
    costs: &'a [Option<u32>],
    widths: &'a [u32],
    /// `suffix[i]`: the width of `widths[i..]`.
    suffix: Vec<u64>,
    memo: HashMap<(usize, usize, u32), Option<(u32, usize)>>,
}

impl<'a> Splitter<'a> {
    fn new(costs: &'a [Option<u32>], widths: &'a [u32]) -> Self {
        let mut suffix = vec![0u64; widths.len() + 1];
        for i in (0..widths.len()).rev() {
            suffix[i] = suffix[i + 1] + u64::from(widths[i]);
        }
        Splitter { costs, widths, suffix, memo: HashMap::new() }
    }

    /// Line lengths for exactly `lines` lines, or `None` when the rules allow no split.
    fn lengths(&mut self, lines: usize) -> Option<Vec<usize>> {
        self.best(0, lines, MAX_LINE_WIDTH, false)?;
        let (mut pos, mut left, mut above, mut has_above) = (0, lines, MAX_LINE_WIDTH, false);
        let mut out = Vec::with_capacity(lines);
        while left > 0 {
            let (_, len) = self.best(pos, left, above, has_above)?;
            let width = (self.suffix[pos] - self.suffix[pos + len]) as u32;
            out.push(len);
            pos += len;
            left -= 1;
            above = width;
            has_above = true;
        }
        Some(out)
    }

    /// Least cost of setting `widths[pos..]` in `left` lines, none wider than `above`,
    /// counting the unevenness against the line above (when there is one); with the
    /// length (in characters) of the first of those lines.
    fn best(&mut self, pos: usize, left: usize, above: u32, has_above: bool) -> Option<(u32, usize)> {
        let n = self.widths.len();
        let rest = self.suffix[pos];
        // Every line holds at least one character and is at most as wide as the one above:
        // a state that cannot meet both has no answer, and is not worth a memo entry. This
        // bound is what keeps the states visited linear in the title's length.
        if n - pos < left || rest > left as u64 * u64::from(above) {
            return None;
        }
        let key = (pos, left, if has_above { above } else { u32::MAX });
        if let Some(hit) = self.memo.get(&key) {
            return *hit;
        }
        let uneven = |width: u32| if has_above { above - width } else { 0 };
        let answer = if left == 1 {
            (rest <= u64::from(above)).then(|| (uneven(rest as u32), n - pos))
        } else {
            let mut found: Option<(u32, usize)> = None;
            let mut width = 0;
            // Shortest first, and a later (longer) first line wins a tie: the longer line
            // stays on top.
            for len in 1..n - pos {
                width += self.widths[pos + len - 1];
                if width > above {
                    break;
                }
                let Some(brk) = self.costs[pos + len] else { continue };
                let Some((below, _)) = self.best(pos + len, left - 1, width, true) else { continue };
                let total = uneven(width) + brk + below;
                if found.is_none_or(|(best, _)| total <= best) {
                    found = Some((total, len));
                }
            }
            found
        };
        self.memo.insert(key, answer);
        answer
    }
}

#[cfg(test)]
mod tests;
