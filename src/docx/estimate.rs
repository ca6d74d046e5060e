//! The line estimate: how many lines of the 22-line grid a paragraph of 3号 text takes,
//! and how wide a one-line text is, as LibreOffice sets them (see [`super::fit`] for what
//! the estimate decides).
//!
//! A paragraph is set greedily, line by line, in a measure of 156 mm (8845 twips); the
//! first line is indented 2 characters (640 twips). Widths are those LibreOffice draws,
//! since LibreOffice is what `docx-audit` measures (calibrated against the rendered PDFs
//! of the fixtures; all 105 body and heading paragraphs predicted line for line):
//! - a CJK character or full-width punctuation mark: 16 pt, minus the 0.25 pt body
//!   condensing → 15.75 pt (28 to a line);
//! - ASCII: the advance of the Latin face. Times New Roman is absent on the audit machine
//!   and LibreOffice draws DejaVu Serif instead, whose digits are 0.636 em (10.2 pt), not
//!   Times New Roman's 0.5 em; [`LATIN_ADVANCE`] holds its widths;
//! - 3.55 pt extra between a CJK letter and an ASCII letter or digit (LibreOffice's
//!   automatic Asian/Latin spacing, measured);
//! - quotes “”‘’ right after an ASCII character take the Latin script and its width.
//!
//! Breaks: a line never starts with closing punctuation (，。、；：？！）》”’… etc.) and
//! never ends with opening punctuation (（《“‘); a run of ASCII characters (「2024」,
//! 「43.3%」) is never split, and a number is never separated from the closing punctuation
//! before it (「。2024年」). When the greedy break is not allowed, it moves one character
//! earlier, as often as needed.
//!
//! Word with the real Times New Roman sets digits narrower, so a paragraph heavy with
//! numbers may take one line fewer there than predicted; the estimate follows the
//! renderer that checks the layout.

/// Character spacing of a tightened paragraph's runs, in twips (a run's `w:spacing`
/// replaces the style's −5, it does not add to it): −1 pt, so a character takes 15 pt and
/// a full line holds 29 (29 × 15 = 435 of the 442.25 pt measure; 30 would need 14.74 pt),
/// an indented first line 27. `docx-audit` allows at most 29 characters on a full line
/// and wants the median line at 28, so only a few paragraphs are tightened.
pub(crate) const TIGHTENED_SPACING: i32 = -20;

// Widths in hundredths of a point.
/// The measure: 156 mm = 8845 twips.
const MEASURE: i32 = 8845 * 5;
/// First-line indent of body and heading paragraphs: 2 characters = 640 twips.
const INDENT: i32 = 640 * 5;
/// Font size of body text (3号).
const SIZE: i32 = 1600;
/// The style's condensing of body runs: −5 twips = −0.25 pt.
const BODY_CONDENSE: i32 = -25;
/// LibreOffice's automatic spacing between a CJK letter and a Latin letter or digit.
const AUTOSPACE: i32 = 355;

/// Advance widths of ASCII U+0020–U+007E in DejaVu Serif (2048 units an em): the face
/// LibreOffice draws for Times New Roman where that font is missing, as on the audit
/// machine.
#[rustfmt::skip]
const LATIN_ADVANCE: [u16; 95] = [
    651, 823, 942, 1716, 1303, 1946, 1823, 563, 799, 799, 1024, 1716, 651, 692, 651, 690,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1098,
    2048, 1479, 1505, 1567, 1642, 1495, 1421, 1636, 1786, 809, 821, 1530, 1360, 2097, 1792, 1679,
    1378, 1679, 1542, 1403, 1366, 1726, 1479, 2105, 1458, 1352, 1423, 799, 690, 799, 1716, 1024,
    1024, 1221, 1311, 1147, 1311, 1212, 758, 1311, 1319, 655, 635, 1241, 655, 1942, 1319, 1233,
    1311, 1311, 979, 1051, 823, 1319, 1157, 1753, 1155, 1157, 1079, 1303, 690, 1303, 1716,
];
/// DejaVu Serif's “” and ‘’ (used when they follow Latin text).
const LATIN_DOUBLE_QUOTE: u16 = 1047;
const LATIN_SINGLE_QUOTE: u16 = 651;

/// Characters a line may not start with (GB/T 15834 and the usual 避头点). A `match`, not
/// a search of a list: it is asked for every break of every line.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '”' | '’' | '…' | '」' | '』' | '】' | '〉'
            | '％' | '·' | ',' | '.' | ';' | ':' | '?' | '!' | ')' | ']' | '}' | '%'
    )
}

/// Characters a line may not end with.
fn no_line_end(c: char) -> bool {
    matches!(c, '（' | '《' | '“' | '‘' | '「' | '『' | '【' | '〈' | '(' | '[' | '{')
}

/// Whether a paragraph's first line is indented 2 characters (body, headings) or not
/// (主送机关, 署名, 成文日期).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Indent {
    FirstLine,
    Flush,
}

/// The lines a paragraph of 3号 text takes. `tightened`: with [`TIGHTENED_SPACING`] on its
/// runs. An empty paragraph still takes one line.
#[cfg(test)]
pub(crate) fn line_count(text: &str, indent: Indent, tightened: bool) -> usize {
    let mut counter = LineCounter::default();
    counter.begin(indent, tightened);
    counter.add(text);
    counter.finish()
}

/// Counts the lines of a paragraph in one pass over its text, piece by piece (the model's
/// spans, never joined), keeping only the characters of the line being set.
///
/// Characters are added to the line while they fit; the one that does not ends it, and the
/// break then moves earlier while it is not allowed, the characters after it opening the
/// next line. Nothing of a paragraph is kept beyond its current line and no allocation is
/// made per paragraph: the document's paragraphs are counted once as set, and only the few
/// that may be tightened (the last ones, and only when the 落款 does not fit) are walked
/// again, from the document.
#[derive(Default)]
pub(super) struct LineCounter {
    /// The characters of the current line (reused from paragraph to paragraph).
    line: Vec<char>,
    /// The characters a break carries to the next line (kept only for its allocation).
    carried: Vec<char>,
    /// Width of `line`: each character's advance plus `condense`, and the automatic space
    /// before every character but the first.
    used: i32,
    /// Width the current line may take: the measure, less the indent on a first line.
    room: i32,
    /// Width of a full line: the body's 156 mm, or a table cell's (see [`LineCounter::begin_measure`]).
    measure: i32,
    /// The character before the next one (NUL at the start: neither Latin nor a letter).
    prev: char,
    /// Lines ended so far.
    lines: usize,
    /// Added to every character's advance: the body's condensing or the tightened spacing.
    condense: i32,
}

impl LineCounter {
    /// Starts counting a paragraph.
    pub(super) fn begin(&mut self, indent: Indent, tightened: bool) {
        self.begin_measure(MEASURE, indent);
        self.condense = if tightened {
            TIGHTENED_SPACING * 5
        } else {
            BODY_CONDENSE
        };
    }

    /// Starts counting a paragraph of 3号 body text (condensed as the body is) set in a
    /// measure of `measure` hundredths of a point: a table cell's text, scaled to 3号.
    pub(super) fn begin_measure(&mut self, measure: i32, indent: Indent) {
        self.line.clear();
        self.used = 0;
        self.measure = measure;
        self.room = match indent {
            Indent::FirstLine => measure - INDENT,
            Indent::Flush => measure,
        };
        self.prev = '\0';
        self.lines = 0;
        self.condense = BODY_CONDENSE;
    }

    /// Adds the next piece of the paragraph's text; line breaks (which the model should not
    /// hold) are left out.
    pub(super) fn add(&mut self, piece: &str) {
        for c in piece.chars() {
            // Most of the text: a CJK character after another, one em wide whatever it is
            // (no Latin quote, no automatic space), tested before anything else.
            if !c.is_ascii() && !self.prev.is_ascii() {
                let w = SIZE + self.condense;
                if self.used + w <= self.room {
                    self.used += w;
                    self.line.push(c);
                    self.prev = c;
                    continue;
                }
            }
            if !matches!(c, '\r' | '\n') {
                self.push(c);
            }
        }
    }

    /// Sets `c` at the end of the current line, or breaks the line when it does not fit.
    /// Kept small so that it is inlined into the loop over the text; the break is not.
    #[inline(always)]
    fn push(&mut self, c: char) {
        let prev = self.prev;
        // The tests of `advance` and `autospaced`, split by script so that a CJK character
        // after another (most of the text) takes two comparisons.
        let w = if c.is_ascii() || prev.is_ascii() {
            let mut w = advance(prev, c);
            if !self.line.is_empty() && autospaced(prev, c) {
                w += AUTOSPACE;
            }
            w
        } else {
            SIZE // both not ASCII: no Latin quote, no automatic space
        } + self.condense;
        if self.used + w <= self.room {
            self.used += w;
            self.line.push(c);
            self.prev = c;
        } else {
            self.break_before(c);
        }
    }

    /// Ends the current line before `next`, which does not fit, and sets `next`. The break
    /// moves earlier while it is not allowed there (never to an empty line); the characters
    /// after it open the next line.
    #[inline(never)]
    fn break_before(&mut self, next: char) {
        self.lines += 1;
        self.room = self.measure;
        self.used = 0;
        if self.line.is_empty() {
            // A character wider than the line still takes a line of its own.
            self.prev = next;
            return;
        }
        let line = &self.line;
        let at = |k: usize| if k < line.len() { line[k] } else { next };
        let mut b = line.len();
        while b > 1 && !break_allowed(line[b - 1], at(b)) {
            b -= 1;
        }
        if b == 1 && !break_allowed(line[0], at(1)) {
            b = line.len();
        }
        let mut carried = std::mem::take(&mut self.carried);
        carried.clear();
        carried.extend_from_slice(&self.line[b..]);
        self.prev = self.line[b - 1];
        self.line.clear();
        for &c in &carried {
            self.push(c);
        }
        self.carried = carried;
        self.push(next);
    }

    /// The paragraph's lines: a paragraph without characters still takes one.
    pub(super) fn finish(&self) -> usize {
        (self.lines + usize::from(!self.line.is_empty())).max(1)
    }
}

/// Advance of a digit in Times New Roman, in units of 2048 an em (0.5 em), which Word
/// draws; LibreOffice on the audit machine draws DejaVu Serif's 1303.
const TIMES_DIGIT: u16 = 1024;

/// Width of a one-line 3号 text as set (the body's condensing, the automatic CJK/Latin
/// spacing), in twips: what centres the 署名 over the date. A digit counts halfway between
/// Times New Roman (Word) and DejaVu Serif (LibreOffice here), so that the centring is off
/// by the same fraction of a character in both, and never by the whole character that
/// counting a digit as half a cell (and no automatic spacing) left in LibreOffice.
pub(crate) fn line_width(text: &str) -> i32 {
    let mut width = 0;
    let mut prev = '\0';
    for c in text.chars() {
        width += if c.is_ascii_digit() {
            (i32::from(LATIN_ADVANCE[c as usize - 0x20] + TIMES_DIGIT) * SIZE + 2048) / 4096
        } else {
            advance(prev, c)
        } + BODY_CONDENSE;
        if prev != '\0' && autospaced(prev, c) {
            width += AUTOSPACE;
        }
        prev = c;
    }
    // Hundredths of a point to twips.
    width / 5
}

/// Advance of `c` after `prev` (NUL for none) in hundredths of an em, as LibreOffice sets a
/// title line (the renderer `docx-audit` measures, whose digits are wider than Word's): an
/// ideograph or full-width mark 100, a digit 64, the automatic CJK/Latin spacing (22)
/// added to the later of the two. What the title breaker measures its lines by.
pub(crate) fn em_hundredths(prev: char, c: char) -> u32 {
    let own = match c {
        ' '..='~' => (u32::from(LATIN_ADVANCE[c as usize - 0x20]) * 100 + 1024) / 2048,
        _ => 100,
    };
    let space = if prev != '\0' && autospaced(prev, c) { (AUTOSPACE as u32 * 100 + SIZE as u32 / 2) / SIZE as u32 } else { 0 };
    own + space
}

/// Natural advance of `c`, after `prev` (NUL for none), at 16 pt, in hundredths of a point.
fn advance(prev: char, c: char) -> i32 {
    let em_units = match c {
        ' '..='~' => LATIN_ADVANCE[c as usize - 0x20],
        '“' | '”' | '‘' | '’' if is_latin(prev) => {
            if matches!(c, '“' | '”') {
                LATIN_DOUBLE_QUOTE
            } else {
                LATIN_SINGLE_QUOTE
            }
        }
        _ => return SIZE, // CJK and full-width: one em
    };
    (i32::from(em_units) * SIZE + 1024) / 2048
}

fn is_latin(c: char) -> bool {
    c.is_ascii_graphic()
}

/// LibreOffice adds space between a CJK letter and a Latin letter or digit.
fn autospaced(a: char, b: char) -> bool {
    (b.is_ascii_alphanumeric() && cjk_letter(a)) || (a.is_ascii_alphanumeric() && cjk_letter(b))
}

/// A letter outside ASCII (an ideograph, mostly). The cheap tests first: `is_alphanumeric`
/// on a CJK character is a table search, and the common ideographs (U+4E00–U+9FFF, all
/// letters) are answered by their range.
fn cjk_letter(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}') || (!c.is_ascii() && c.is_alphanumeric())
}

/// May a line end after `a` and the next start with `b`?
fn break_allowed(a: char, b: char) -> bool {
    if no_line_start(b) || no_line_end(a) {
        return false;
    }
    // Inside a Latin word or number (「2024」, 「43.3%」).
    if is_latin(a) && is_latin(b) {
        return false;
    }
    // A number sticks to the closing punctuation before it (「名。2024年」).
    if no_line_start(a) && b.is_ascii_alphanumeric() {
        return false;
    }
    // 「——」 and 「……」 are never split.
    !(a == b && matches!(a, '—' | '…'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> usize {
        line_count(text, Indent::FirstLine, false)
    }

    #[test]
    fn cjk_fills_26_then_28_cells() {
        let han = |n: usize| "党".repeat(n);
        assert_eq!(lines(""), 1);
        assert_eq!(lines(&han(26)), 1);
        assert_eq!(lines(&han(27)), 2);
        assert_eq!(lines(&han(26 + 28)), 2);
        assert_eq!(lines(&han(26 + 28 + 1)), 3);
        assert_eq!(line_count(&han(28), Indent::Flush, false), 1);
        assert_eq!(line_count(&han(29), Indent::Flush, false), 2);
    }

    #[test]
    fn tightened_lines_hold_27_then_29() {
        let han = |n: usize| "党".repeat(n);
        assert_eq!(line_count(&han(27 + 29), Indent::FirstLine, true), 2);
        assert_eq!(line_count(&han(27 + 29 + 1), Indent::FirstLine, true), 3);
    }

    #[test]
    fn a_line_never_starts_with_closing_punctuation() {
        // 26 characters and a 「，」: the 「，」 cannot start line 2, so the character
        // before it goes down with it; one more line either way, but the break moves.
        let text = format!("{}，{}", "党".repeat(26), "党".repeat(27));
        // Line 1: 25; line 2: 党，+ 26 = 28; line 3: 1.
        assert_eq!(lines(&text), 3);
        let text = format!("{}，{}", "党".repeat(26), "党".repeat(26));
        assert_eq!(lines(&text), 2);
    }

    #[test]
    fn digits_are_narrower_than_a_cell_but_wider_than_half() {
        // Measured in LibreOffice (fixtures/baiyun-zhen.json): this line holds 27
        // characters, 4 of them digits, and the next 「会」 no longer fits.
        let first = "2024年以来，白云镇党委坚持以习近平新时代中国特色社";
        assert_eq!(first.chars().count(), 27);
        assert_eq!(lines(first), 1);
        assert_eq!(lines(&format!("{first}会")), 2);
        // 「员」 and 「。」 go down together, and 「名。2024」 does not break after 「。」.
        assert_eq!(lines("一是发展党员的区域分布不够均衡，部分偏远村青壮年外出务工比例高，可培养人选少，仍有2个村三年以上未发展党员。"), 3);
        assert_eq!(lines("白云镇现有村党组织16个，配备专兼职组织员5名。2024年至2026年，全镇共发展党员36名，其中2024年11名、2025年13名、2026年12名。目前仍有2个村三年以上未发展党员。"), 4);
    }

    /// The estimate as first written: the paragraph decoded into characters, and the width of
    /// every character added, line by line.
    fn line_count_by_adding(text: &str, indent: Indent, tightened: bool) -> usize {
        let chars: Vec<char> = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        if chars.is_empty() {
            return 1;
        }
        let condense = if tightened { TIGHTENED_SPACING * 5 } else { BODY_CONDENSE };
        let (mut lines, mut start) = (0, 0);
        while start < chars.len() {
            let width = MEASURE - if lines == 0 && indent == Indent::FirstLine { INDENT } else { 0 };
            let (mut used, mut end) = (0, start);
            while end < chars.len() {
                let mut w = advance(if end > 0 { chars[end - 1] } else { '\0' }, chars[end]) + condense;
                if end > start && autospaced(chars[end - 1], chars[end]) {
                    w += AUTOSPACE;
                }
                if used + w > width {
                    break;
                }
                used += w;
                end += 1;
            }
            if end == start {
                end = start + 1;
            } else if end < chars.len() {
                let mut b = end;
                while b > start + 1 && !break_allowed(chars[b - 1], chars[b]) {
                    b -= 1;
                }
                if b > start + 1 || break_allowed(chars[b - 1], chars[b]) {
                    end = b;
                }
            }
            lines += 1;
            start = end;
        }
        lines
    }

    #[test]
    fn the_counter_counts_what_adding_counts() {
        // Mixed text (ideographs, digits, Latin words, quotes, punctuation that constrains
        // the breaks, a line break) from a fixed pseudo-random sequence.
        const ALPHABET: &[&str] = &[
            "党", "建", "工", "作", "2024", "43.3%", "W", "ill", "“", "”", "‘", "’", "，", "。", "、", "（", "）",
            "《", "》", "——", "……", " ", "\n", "MMMMMMMMMM", "i", "：", "2", "名",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..400 {
            let len = (next() % 160) as usize;
            let text: String = (0..len).map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize]).collect();
            for indent in [Indent::FirstLine, Indent::Flush] {
                for tightened in [false, true] {
                    assert_eq!(
                        line_count(&text, indent, tightened),
                        line_count_by_adding(&text, indent, tightened),
                        "{text:?} {indent:?} {tightened}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_date_is_wider_than_half_cells_for_its_digits() {
        // 3 ideographs (3 × 15.75 pt), 8 digits (8 × (9.09 − 0.25) pt) and 5 automatic spaces
        // (5 × 3.55 pt): 135.7 pt. LibreOffice measured 144.2 pt, Word's digits are narrower.
        assert_eq!(line_width("2026年11月20日"), 2714);
        assert_eq!(line_width("中共白云镇委员会"), 8 * 315);
    }

    #[test]
    fn the_common_ideographs_are_all_letters() {
        // autospaced() answers these by their range, without the Unicode table.
        assert!(('\u{4E00}'..='\u{9FFF}').all(char::is_alphanumeric));
    }
}
