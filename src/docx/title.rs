//! Breaking a long 公文标题 into lines (GB/T 9704 §7.3.1: 回行时要做到词意完整，排列对称).
//!
//! Rules, as `spec/LAYOUT.md` states them: at most 20 characters a line, the longer line
//! on top, never inside a non-CJK word (「2026」, 「APP」). Without a dictionary we cannot
//! see Chinese word boundaries, so we prefer the boundaries we do know: where one span
//! ends and another begins (the town's name from an answer, then the template's wording),
//! after punctuation, and around the few words that recur in report titles (「关于」,
//! 「年度」, 「工作」, 「情况」, 「的报告」). Among the allowed splits, a small dynamic
//! programme picks the one with the least cost: breaking between two other characters
//! costs [`ORDINARY_BREAK`] (it may split a word: 「基｜层」), and each character by which
//! an upper line is longer than the one below it costs one, so lines stay as even as the
//! known boundaries allow.
//!
//! The programme stays linear in the title's length: lines never grow downwards, so a state
//! whose remaining characters cannot fit in the lines left (each at most as long as the one
//! above) is refused before it is explored. With the line count fixed near the minimum, all
//! but the last few dozen lines must then be full, and only about 60 states per line are
//! ever visited (a 10,000-character title visited a hundred million before).

use std::collections::HashMap;

use crate::model::{Source, Text};

/// At most this many characters on a title line (a 2号 line holds 20 in the measure).
pub(crate) const MAX_LINE_CHARS: usize = 20;

/// Cost of a break next to a common title word: very likely a word boundary.
const WORD_BREAK: u32 = 2;

/// Cost of a break at no known boundary: it may split a word, which reads worse than
/// any unevenness a 20-character line allows, so it is the last resort.
const ORDINARY_BREAK: u32 = 24;

/// Words of report titles before which a line may well start.
const BREAK_BEFORE_WORDS: &[&str] = &[
    "关于",
    "工作",
    "情况",
    "的报告",
    "的请示",
    "的意见",
    "的通知",
    "的决定",
    "的方案",
    "的总结",
];
/// Words of report titles after which a line may well end.
const BREAK_AFTER_WORDS: &[&str] = &["关于", "年度"];

/// Splits the title into lines; a title of up to 20 characters stays one line.
pub(crate) fn title_lines(title: &Text) -> Vec<Text> {
    let chars = title.chars();
    let n = chars.len();
    if n <= MAX_LINE_CHARS {
        return vec![title.clone()];
    }
    let costs = break_costs(&chars);
    let min_lines = n.div_ceil(MAX_LINE_CHARS);
    // One or two extra lines may be needed when the allowed break points are sparse.
    let lengths = (min_lines..=min_lines + 2)
        .find_map(|lines| {
            Splitter::new(&costs, n).lengths(lines)
        })
        // No split obeys every rule (a 25-letter word, say): cut every 20 characters.
        .unwrap_or_else(|| {
            (0..min_lines)
                .map(|i| MAX_LINE_CHARS.min(n - i * MAX_LINE_CHARS))
                .collect()
        });
    let mut lines = Vec::with_capacity(lengths.len());
    let mut start = 0;
    for len in lengths {
        let line = Text::from_chars(chars[start..start + len].iter().map(|(c, s)| (*c, *s)));
        lines.push(line.trim());
        start += len;
    }
    lines
}

/// `costs[i]`: the cost of starting a new line at character `i` (`None`: not allowed).
/// Index 0 is never a break.
fn break_costs(chars: &[(char, &Source)]) -> Vec<Option<u32>> {
    let mut costs = vec![None; chars.len()];
    for i in 1..chars.len() {
        let (before, before_src) = chars[i - 1];
        let (after, after_src) = chars[i];
        let forbidden = (is_word_char(before) && is_word_char(after))
            || NO_LINE_START.contains(after)
            || NO_LINE_END.contains(before)
            // 「——」 and 「……」 are one mark of two characters.
            || (before == after && (before == '—' || before == '…'));
        costs[i] = if forbidden {
            None
        } else if before_src != after_src || BREAK_AFTER.contains(before) || before.is_whitespace()
        {
            Some(0)
        } else if BREAK_BEFORE_WORDS.iter().any(|w| starts_at(chars, i, w))
            || BREAK_AFTER_WORDS.iter().any(|w| ends_at(chars, i, w))
        {
            Some(WORD_BREAK)
        } else {
            Some(ORDINARY_BREAK)
        };
    }
    costs
}

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

/// The dynamic programme over (position, lines left, length of the line above).
struct Splitter<'a> {
    costs: &'a [Option<u32>],
    n: usize,
    memo: HashMap<(usize, usize, usize), Option<(u32, usize)>>,
}

impl<'a> Splitter<'a> {
    fn new(costs: &'a [Option<u32>], n: usize) -> Self {
        Splitter { costs, n, memo: HashMap::new() }
    }

    /// Line lengths for exactly `lines` lines, or `None` when the rules allow no split.
    fn lengths(&mut self, lines: usize) -> Option<Vec<usize>> {
        self.best(0, lines, MAX_LINE_CHARS, false)?;
        let (mut pos, mut left, mut above, mut has_above) = (0, lines, MAX_LINE_CHARS, false);
        let mut out = Vec::with_capacity(lines);
        while left > 0 {
            let (_, len) = self.best(pos, left, above, has_above)?;
            out.push(len);
            pos += len;
            left -= 1;
            above = len;
            has_above = true;
        }
        Some(out)
    }

    /// Least cost of setting `chars[pos..]` in `left` lines, none longer than `above`,
    /// counting the unevenness against the line above (when there is one); with the
    /// length of the first of those lines.
    fn best(
        &mut self,
        pos: usize,
        left: usize,
        above: usize,
        has_above: bool,
    ) -> Option<(u32, usize)> {
        let rest = self.n - pos;
        // Every line holds at least one character and at most as many as the one above:
        // a state that cannot meet both has no answer, and is not worth a memo entry. This
        // bound is what keeps the states visited linear in the title's length.
        if rest < left || rest > left.saturating_mul(above) {
            return None;
        }
        let key = (pos, left, if has_above { above } else { usize::MAX });
        if let Some(hit) = self.memo.get(&key) {
            return *hit;
        }
        let uneven = |len: usize| if has_above { (above - len) as u32 } else { 0 };
        let answer = if left == 1 {
            (rest <= above).then(|| (uneven(rest), rest))
        } else {
            let mut found: Option<(u32, usize)> = None;
            // Longest first line first, so that ties keep the longer line on top.
            for len in (1..=above.min(rest.saturating_sub(1))).rev() {
                let Some(brk) = self.costs[pos + len] else {
                    continue;
                };
                let Some((below, _)) = self.best(pos + len, left - 1, len, true) else {
                    continue;
                };
                let total = uneven(len) + brk + below;
                if found.is_none_or(|(best, _)| total < best) {
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
mod tests {
    use super::*;

    fn lines(t: &Text) -> Vec<String> {
        title_lines(t).iter().map(Text::to_plain).collect()
    }

    #[test]
    fn short_title_is_one_line() {
        assert_eq!(
            lines(&Text::plain("青山镇2026年度工作总结")),
            vec!["青山镇2026年度工作总结"]
        );
    }

    #[test]
    fn prefers_span_boundary_and_keeps_longer_line_on_top() {
        let mut t = Text::new("青山镇人民政府关于2026年度", Source::Field("单位".into()));
        t.push("基层党建工作情况的报告", Source::Template);
        assert_eq!(
            lines(&t),
            vec!["青山镇人民政府关于2026年度", "基层党建工作情况的报告"]
        );
    }

    #[test]
    fn lines_are_at_most_20_and_longer_on_top() {
        let t = Text::plain(
            "关于进一步加强和改进新时代乡镇基层社会治理与公共服务能力建设工作情况的调研报告",
        );
        let ls = lines(&t);
        assert!(ls.len() >= 2);
        let lens: Vec<usize> = ls.iter().map(|l| l.chars().count()).collect();
        assert!(lens.iter().all(|&l| l <= 20), "{lens:?}");
        assert!(lens.windows(2).all(|w| w[0] >= w[1]), "{lens:?}");
        assert_eq!(ls.concat(), t.to_plain());
    }

    #[test]
    fn never_cuts_a_latin_word_or_number() {
        let t = Text::plain("关于推广使用ABCDEFGHIJ政务服务平台和20262027两年规划的报告");
        for pair in lines(&t).windows(2) {
            let end = pair[0].chars().last().unwrap();
            let start = pair[1].chars().next().unwrap();
            assert!(!(is_word_char(end) && is_word_char(start)), "{pair:?}");
        }
    }

    #[test]
    fn prefers_title_words_to_splitting_a_word() {
        let mut t = Text::new("青山镇", Source::Field("乡镇名称".into()));
        t.push("关于2026年度基层组织建设工作情况的报告", Source::Template);
        assert_eq!(
            lines(&t),
            vec!["青山镇关于2026年度基层组织建设", "工作情况的报告"]
        );
    }

    /// The states the programme visits (its memo entries) grow linearly with the title,
    /// whether a split exists or not (a comma every 17 characters leaves none with full
    /// lines): without the feasibility bound a 3,000-character title visited millions, and a
    /// 10,000-character one took minutes and gigabytes.
    #[test]
    fn states_visited_are_linear_in_the_title_length() {
        for (words, splits) in [("青山镇关于基层党建工作情况的报告", true), ("青山镇关于基层党建工作情况的报告，", false)] {
            for n in [1_000, 3_000] {
                let title: String = words.chars().cycle().take(n).collect();
                let chars: Vec<(char, &Source)> = title.chars().map(|c| (c, &Source::Template)).collect();
                let costs = break_costs(&chars);
                for lines in n.div_ceil(MAX_LINE_CHARS)..=n.div_ceil(MAX_LINE_CHARS) + 2 {
                    let mut splitter = Splitter::new(&costs, n);
                    let lengths = splitter.lengths(lines);
                    assert_eq!(lengths.is_some(), splits, "{words} × {n}, {lines} lines");
                    assert!(lengths.is_none_or(|l| l.iter().sum::<usize>() == n));
                    assert!(splitter.memo.len() <= 80 * n, "{n} characters, {lines} lines: {} states", splitter.memo.len());
                }
            }
        }
    }

    #[test]
    fn a_title_at_the_text_limit_is_split_into_full_lines() {
        let title: String = "青山镇关于基层党建工作情况的报告".chars().cycle().take(crate::limits::MAX_TEXT_CHARS).collect();
        let ls = lines(&Text::plain(&title));
        assert_eq!(ls.concat(), title);
        assert!(ls.iter().all(|l| l.chars().count() <= MAX_LINE_CHARS));
        assert!(ls.len() <= title.chars().count().div_ceil(MAX_LINE_CHARS) + 2);
    }

    #[test]
    fn breaks_after_punctuation() {
        let t = Text::plain("青山镇关于乡村振兴和基层治理、生态保护工作情况的报告");
        let ls = lines(&t);
        assert_eq!(ls[0].chars().last(), Some('、'), "{ls:?}");
    }
}
