//! The placeholder pass: 「XX」「20XX」「X月X日」「××」「某某」「○○」「＿＿」「【…】」 never reach
//! the finished report silently.
//!
//! A 范文 is full of such blanks, and a clerk who fills one in by hand misses some. Here the
//! whole clause that holds one is removed (「配备专兼职组织员XX人，」), so that the sentence
//! around it still reads, and a warning names the field it came from and the removed text.
//! Title-like lines (title, headings, 署名) lose only the placeholder itself: removing their
//! only clause would remove the line. `--strict` turns every finding into an error.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::diag::Diagnostic;
use crate::model::{Block, Document, Source, Text};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"20[XxＸｘ]{2}|[XxＸｘ]月[XxＸｘ]日|[XxＸｘ×╳]{2,}|某某|[○〇]{2,}|＿{2,}|_{3,}|【[^】\n]{0,12}】")
            .expect("valid pattern")
    })
}

/// One placeholder found in a text: its character range and what it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub chars: Range<usize>,
    pub text: String,
}

/// The characters of which every placeholder of [`pattern`] contains at least one.
const CLUE_CHARS: [char; 12] = ['X', 'x', 'Ｘ', 'ｘ', '×', '╳', '某', '○', '〇', '＿', '_', '【'];

/// `LAST_BYTES[b]`: some character of [`CLUE_CHARS`] ends with the byte `b` in UTF-8.
const LAST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < CLUE_CHARS.len() {
        let c = CLUE_CHARS[i] as u32;
        // The last byte of a character's UTF-8: itself if ASCII, else 10xxxxxx holding
        // its low six bits.
        let last = if c < 0x80 { c } else { 0x80 | (c & 0x3F) };
        table[last as usize] = true;
        i += 1;
    }
    table
};

/// `CLUE_TAILS[i]`: the last two bytes of `CLUE_CHARS[i]` in UTF-8, the first 0 (any byte)
/// for an ASCII character.
const CLUE_TAILS: [(u8, u8); CLUE_CHARS.len()] = {
    let mut table = [(0, 0); CLUE_CHARS.len()];
    let mut i = 0;
    while i < CLUE_CHARS.len() {
        let c = CLUE_CHARS[i] as u32;
        // A continuation byte is 10xxxxxx with six bits of the character; the lead byte of
        // a two-byte character is 110xxxxx with the bits above those six.
        let last = (0x80 | (c & 0x3F)) as u8;
        table[i] = if c < 0x80 {
            (0, c as u8)
        } else if c < 0x800 {
            ((0xC0 | (c >> 6)) as u8, last)
        } else {
            ((0x80 | ((c >> 6) & 0x3F)) as u8, last)
        };
        i += 1;
    }
    table
};

/// True when `text` may hold a character of [`CLUE_CHARS`]: some pair of adjacent bytes
/// is how one of them ends (an ASCII one: the byte itself). Almost no Chinese text has
/// such a pair by chance, and the test, written without an early exit over each byte and
/// the one after it, is vectorised by the compiler: about 5 instructions a byte, where the
/// exact scan of [`may_hold_placeholder`] costs about 8 (measured with callgrind).
fn may_end_a_clue(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let ends_here = |before: u8, last: u8| {
        CLUE_TAILS.iter().fold(false, |found, &(x, y)| found | (((x == 0) | (before == x)) & (last == y)))
    };
    // The first byte has no byte before it: only an ASCII clue can end there.
    ends_here(0, first) | bytes.iter().zip(&bytes[1..]).fold(false, |found, (&a, &b)| found | ends_here(a, b))
}

/// True when `text` holds a character of [`CLUE_CHARS`]. Most text holds none, and this
/// scan is cheaper than a regex search (and, in the passes, than joining a text's spans to
/// search them).
///
/// It looks at bytes, not characters: only where a byte can end one of those characters
/// (about one byte in twelve of Chinese text) is the character there decoded. Measured
/// with callgrind, decoding every character made this scan half of the placeholder pass.
/// [`may_end_a_clue`] first rules out, more cheaply still, the text that holds none.
fn may_hold_placeholder(text: &str) -> bool {
    if !may_end_a_clue(text) {
        return false;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(k) = bytes[from..].iter().position(|&b| LAST_BYTES[usize::from(b)]) {
        let end = from + k + 1;
        // `get` is `None` when the byte is not the last of its character.
        if text.get(..end).and_then(|before| before.chars().next_back()).is_some_and(|c| CLUE_CHARS.contains(&c)) {
            return true;
        }
        from = end;
    }
    false
}

/// [`may_hold_placeholder`] for a text of the model: a placeholder split over two spans
/// still has one of those characters in one of them.
fn text_may_hold_placeholder(text: &Text) -> bool {
    text.spans.iter().any(|s| may_hold_placeholder(&s.text))
}

/// Finds the placeholders in `text`. 「XX」 inside a Latin word (XXL, Xbox) is not one.
pub fn find(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    if !may_hold_placeholder(text) {
        return out;
    }
    // Character positions are counted on from the previous match, not from the start of
    // the text for each match: many placeholders in one text stay linear.
    let (mut byte, mut char) = (0, 0);
    let mut from = 0;
    while let Some(m) = next_match(text, from) {
        char += text[byte..m.start].chars().count();
        let len = text[m.clone()].chars().count();
        out.push(Placeholder { chars: char..char + len, text: text[m.clone()].to_string() });
        (byte, char, from) = (m.end, char + len, m.end);
    }
    out
}

/// The next residue of a text, placeholder or advert ([`super::adverts`]), searched from a
/// position that only moves forward: each kind's next match is remembered until the search
/// passes its start, so a text with many placeholders and no advert is not searched to its
/// end for an advert after each one (which would be quadratic).
struct Residues<'t> {
    text: &'t str,
    placeholder: Option<Option<Range<usize>>>,
    advert: Option<Option<Range<usize>>>,
}

impl<'t> Residues<'t> {
    fn new(text: &'t str) -> Self {
        Residues { text, placeholder: None, advert: None }
    }

    /// The first residue starting at or after byte `from` (never less than the last
    /// `from`), and whether it is an advert.
    fn next(&mut self, from: usize) -> Option<(Range<usize>, bool)> {
        let stale = |m: &Option<Option<Range<usize>>>| m.as_ref().is_none_or(|m| m.as_ref().is_some_and(|r| r.start < from));
        if stale(&self.placeholder) {
            self.placeholder = Some(next_match(self.text, from));
        }
        if stale(&self.advert) {
            self.advert = Some(super::adverts::next_match(self.text, from));
        }
        match (self.placeholder.clone().flatten(), self.advert.clone().flatten()) {
            (Some(p), Some(a)) if a.start < p.start => Some((a, true)),
            (Some(p), _) => Some((p, false)),
            (None, Some(a)) => Some((a, true)),
            (None, None) => None,
        }
    }
}

/// The byte range of the first placeholder of `text` that starts at or after byte `from`.
/// 「XX」 inside a Latin word (XXL, Xbox) is not one; the search goes on after it.
fn next_match(text: &str, mut from: usize) -> Option<Range<usize>> {
    while let Some(m) = pattern().find_at(text, from) {
        let letters_only = m.as_str().chars().all(|c| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ'));
        let in_word = letters_only
            && (text[..m.start()].chars().next_back().is_some_and(|c| c.is_ascii_alphabetic())
                || text[m.end()..].chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
        if !in_word {
            return Some(m.range());
        }
        from = m.end();
    }
    None
}

/// Punctuation that ends a clause but not the sentence.
fn is_soft_stop(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '；' | ';' | '：' | ':')
}

/// Punctuation that ends a sentence.
fn is_hard_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// What one removal took away.
struct Removal {
    placeholder: String,
    /// Advert residue ([`super::adverts`]), not a blank.
    advert: bool,
    source: Source,
    removed: String,
}

fn is_stop(c: char) -> bool {
    is_soft_stop(c) || is_hard_stop(c)
}

/// Removes the clause around each placeholder of a paragraph, until none is left.
///
/// One pass from left to right, linear in the text however many placeholders it holds
/// (searching the whole edited text again after each removal was cubic: 「XX，」 × 6,000
/// took 35 s). Kept characters are copied to `out` as the search moves on; a removal takes
/// back what `out` holds since the clause began and skips the input to the clause's end,
/// where the search goes on. The text after that point is unchanged, so searching the
/// original text from there finds what searching the edited text would: only a bracket
/// 「【」 before a removed clause and a 「】」 after it could form a new placeholder there,
/// and such a pair is no blank the clerk left.
fn remove_clauses(text: Text) -> (Text, Vec<Removal>) {
    if !holds_residue(&text) {
        return (text, Vec::new()); // the common case: nothing to remove
    }
    let chars = text.chars();
    let plain: String = chars.iter().map(|(c, _)| *c).collect();
    let mut residues = Residues::new(&plain);
    let mut out: Vec<(char, &Source)> = Vec::with_capacity(chars.len());
    // The last clause stop in `out`, and how far `chars` has been copied or removed.
    let mut last_stop: Option<usize> = None;
    let mut copied = 0;
    // Byte offset in `plain` of `chars[copied]`.
    let mut copied_byte = 0;
    let mut removals = Vec::new();
    while let Some((m, advert)) = residues.next(copied_byte) {
        // Copy the kept characters up to the placeholder.
        let ph_start = copied + plain[copied_byte..m.start].chars().count();
        let ph_end = ph_start + plain[m.clone()].chars().count();
        for &(c, s) in &chars[copied..ph_start] {
            if is_stop(c) {
                last_stop = Some(out.len());
            }
            out.push((c, s));
        }
        let stop_after = chars[ph_end..].iter().position(|(c, _)| is_stop(*c)).map(|i| i + ph_end);
        let start = last_stop.map_or(0, |i| i + 1);
        let end = stop_after.unwrap_or(chars.len());
        // What goes: `out[from..]` and `chars[ph_start..to]`.
        let (from, to) = match (last_stop, stop_after) {
            // 「甲，乙XX人，丙。」 → 「甲，丙。」
            (_, Some(q)) if is_soft_stop(chars[q].0) => (start, q + 1),
            // 「甲，乙XX人。」 → 「甲。」: the comma goes, the full stop stays.
            (Some(p), _) if is_soft_stop(out[p].0) => (p, end),
            // 「乙XX人。丙。」 → 「丙。」
            (_, Some(q)) => (start, q + 1),
            (_, None) => (start, end),
        };
        let removed: String = out[from..].iter().chain(&chars[ph_start..to]).map(|(c, _)| *c).collect();
        removals.push(Removal { placeholder: plain[m.clone()].to_string(), advert, source: chars[ph_start].1.clone(), removed: removed.trim().to_string() });
        out.truncate(from);
        if last_stop.is_some_and(|p| p >= from) {
            // The comma itself went: the stop before it is the last one now.
            last_stop = out.iter().rposition(|(c, _)| is_stop(*c));
        }
        copied_byte = m.end + chars[ph_end..to].iter().map(|(c, _)| c.len_utf8()).sum::<usize>();
        copied = to;
    }
    out.extend_from_slice(&chars[copied..]);
    (Text::from_chars(out).into_trimmed(), removals)
}

/// Removes only the placeholders themselves (for one-line elements such as the title).
fn remove_tokens(text: Text) -> (Text, Vec<Removal>) {
    if !holds_residue(&text) {
        return (text, Vec::new());
    }
    let chars = text.chars();
    let plain: String = chars.iter().map(|(c, _)| *c).collect();
    // Both kinds, in order, as character ranges.
    let mut found: Vec<(Placeholder, bool)> = Vec::new();
    let mut residues = Residues::new(&plain);
    let (mut byte, mut char) = (0, 0);
    while let Some((m, advert)) = residues.next(byte) {
        char += plain[byte..m.start].chars().count();
        let len = plain[m.clone()].chars().count();
        found.push((Placeholder { chars: char..char + len, text: plain[m.clone()].to_string() }, advert));
        (byte, char) = (m.end, char + len);
    }
    let removals = found
        .iter()
        .map(|(ph, advert)| Removal { placeholder: ph.text.clone(), advert: *advert, source: chars[ph.chars.start].1.clone(), removed: ph.text.clone() })
        .collect();
    let found: Vec<Placeholder> = found.into_iter().map(|(ph, _)| ph).collect();
    // The placeholders are in order and do not overlap: one walk keeps what lies between.
    let mut kept = Vec::with_capacity(chars.len());
    let mut at = 0;
    for ph in &found {
        kept.extend_from_slice(&chars[at..ph.chars.start]);
        at = ph.chars.end;
    }
    kept.extend_from_slice(&chars[at..]);
    (Text::from_chars(kept).into_trimmed(), removals)
}

/// True when nothing but punctuation and space is left.
fn is_hollow(text: &Text) -> bool {
    text.to_plain().chars().all(|c| c.is_whitespace() || c.is_ascii_punctuation() || is_soft_stop(c) || is_hard_stop(c) || "“”‘’（）《》—…".contains(c))
}

/// True when the text holds a placeholder or advert residue (the quick test first).
fn holds_residue(text: &Text) -> bool {
    let plain = text.to_plain();
    (text_may_hold_placeholder(text) && !find(&plain).is_empty()) || super::adverts::next_match(&plain, 0).is_some()
}

fn warn(removals: Vec<Removal>, found: &mut Vec<Diagnostic>) {
    for r in removals {
        let d = if r.advert {
            Diagnostic::warning(format!("含疑似广告或水印残留「{}」，已删除「{}」", r.placeholder, r.removed))
                .with_hint("请删去从文档网站带来的广告文字；政府网站（.gov.cn）或写明网站名称的网址会保留")
        } else {
            Diagnostic::warning(format!("含占位符「{}」，已删除「{}」", r.placeholder, r.removed))
                .with_hint("请在答案中填写实际内容；使用 --strict 时含占位符的答案不会生成报告")
        };
        found.push(match r.source {
            Source::Field(path) => d.at(path),
            Source::Template => d.at("（模板）"),
        });
    }
}

/// Removes every placeholder from the document; returns one warning per removal (and an
/// error when the title would be left empty).
pub fn remove(doc: &mut Document) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let blocks = std::mem::take(&mut doc.blocks);
    // At most as many blocks come back: room for them at once, not by doubling.
    doc.blocks.reserve(blocks.len());
    for block in blocks {
        let kept = match block {
            Block::Paragraph(t) => cleaned(t, remove_clauses, &mut found).map(Block::Paragraph),
            Block::Item(mut item) => {
                item.title = item.title.take().and_then(|t| cleaned(t, remove_clauses, &mut found));
                let paras = std::mem::take(&mut item.paragraphs);
                item.paragraphs = paras.into_iter().filter_map(|p| cleaned(p, remove_clauses, &mut found)).collect();
                (item.title.is_some() || !item.paragraphs.is_empty()).then_some(Block::Item(item))
            }
            Block::Title(t) => {
                let (t, r) = remove_tokens(t);
                if !r.is_empty() && is_hollow(&t) {
                    found.push(Diagnostic::error("标题去掉占位符后为空").at("乡镇名称").with_hint("请填写乡镇名称或报告标题"));
                }
                warn(r, &mut found);
                doc.meta.title = t.to_plain();
                Some(Block::Title(t))
            }
            Block::Heading { level, number, text } => {
                cleaned(text, remove_tokens, &mut found).map(|t| Block::Heading { level, number, text: t })
            }
            Block::Recipient(t) => cleaned(t, remove_tokens, &mut found).map(Block::Recipient),
            Block::Signature(t) => cleaned(t, remove_tokens, &mut found).map(Block::Signature),
            Block::Date(t) => cleaned(t, remove_tokens, &mut found).map(Block::Date),
            Block::Table(mut table) => {
                table.caption = cell_cleaned(std::mem::take(&mut table.caption), &mut found);
                let rows = table.header.iter_mut().chain(&mut table.rows).chain(&mut table.total);
                for cell in rows.flatten() {
                    *cell = cell_cleaned(std::mem::take(cell), &mut found);
                }
                Some(Block::Table(table))
            }
        };
        doc.blocks.extend(kept);
    }
    found
}

/// The text without its placeholders, or `None` when removing them left nothing worth
/// printing. Text that held no placeholder is kept as it is, even when it is only
/// punctuation: a 「……」 the clerk typed is the clerk's (found by the template_values fuzz
/// target, which lost a paragraph holding a single backtick).
fn cleaned(text: Text, remove: fn(Text) -> (Text, Vec<Removal>), found: &mut Vec<Diagnostic>) -> Option<Text> {
    let (t, r) = remove(text);
    let emptied = !r.is_empty() && is_hollow(&t);
    warn(r, found);
    (!emptied && !t.is_blank()).then_some(t)
}

/// A table cell (or caption) without its placeholders: only the placeholder goes, as in a
/// title-like line (a cell holds a phrase, not clauses), and an emptied cell stays, empty,
/// so that the row keeps one cell a column.
fn cell_cleaned(text: Text, found: &mut Vec<Diagnostic>) -> Text {
    let (t, r) = remove_tokens(text);
    let emptied = !r.is_empty() && is_hollow(&t);
    warn(r, found);
    if emptied {
        Text::default()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;

    #[test]
    fn clue_tails_are_the_utf8_endings_and_the_quick_test_finds_every_clue() {
        for (c, &(before, last)) in CLUE_CHARS.iter().zip(&CLUE_TAILS) {
            let utf8 = c.to_string().into_bytes();
            assert_eq!(last, utf8[utf8.len() - 1], "{c}");
            assert_eq!(before, if utf8.len() == 1 { 0 } else { utf8[utf8.len() - 2] }, "{c}");
            for text in [c.to_string(), format!("发展党员{c}"), format!("{c}，工作"), format!("甲{c}乙")] {
                assert!(may_end_a_clue(&text), "{text}");
            }
        }
        assert!(!may_end_a_clue(""));
        assert!(!may_end_a_clue("严格执行“十六字”总要求，2024年发展党员12名（其中女性5名）。"));
    }

    fn field(p: &str) -> Source {
        Source::Field(p.into())
    }

    fn clean(s: &str) -> String {
        remove_clauses(Text::plain(s)).0.to_plain()
    }

    #[test]
    fn finds_every_kind_named_in_the_contract() {
        for (text, ph) in [
            ("共XX人", "XX"), ("共XXX人", "XXX"), ("共××人", "××"), ("共ＸＸ人", "ＸＸ"), ("20XX年以来", "20XX"),
            ("于X月X日召开", "X月X日"), ("某某同志", "某某"), ("○○村", "○○"), ("〇〇村", "〇〇"), ("姓名＿＿", "＿＿"),
            ("签名___", "___"), ("【单位名称】", "【单位名称】"), ("共xx人", "xx"),
        ] {
            let found = find(text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].text, ph, "{text}");
        }
        for ok in ["XXL号", "Xbox", "一个X字", "2026年11月27日", "某村", "○村", "__"] {
            assert!(find(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn the_byte_scan_finds_each_clue_character_anywhere() {
        for c in CLUE_CHARS {
            for text in [format!("{c}"), format!("党{c}"), format!("{c}建"), format!("“a{c}”。")] {
                assert!(may_hold_placeholder(&text), "{text}");
            }
        }
        // Characters that share a last byte with one of them (「乐」 and 「某」 both end
        // in 0x90, 「ÿ」 and 「＿」 in 0xBF) are not clues.
        for text in ["", "党建工作", "乐，。、；：（）《》“”", "ÿ", "2026年"] {
            assert!(!may_hold_placeholder(text), "{text}");
        }
    }

    #[test]
    fn removes_the_clause_and_keeps_the_sentence_readable() {
        assert_eq!(clean("镇党委高度重视，配备组织员XX人，形成了格局。"), "镇党委高度重视，形成了格局。");
        assert_eq!(clean("镇党委高度重视，配备组织员XX人。下一句。"), "镇党委高度重视。下一句。");
        assert_eq!(clean("20XX年以来成效明显。下一句。"), "下一句。");
        assert_eq!(clean("只有XX"), "");
        assert_eq!(clean("甲XX，乙某某，丙。"), "丙。");
        assert_eq!(clean("没有占位符，原样保留。"), "没有占位符，原样保留。");
    }

    #[test]
    fn warnings_name_the_field_and_the_removed_text() {
        let mut para = Text::plain("全镇现有党员");
        para.push("XX", field("基本情况.概述"));
        para.push("名，结构优化。", Source::Template);
        let mut doc = Document {
            blocks: vec![
                Block::Title(Text::new("XX镇发展党员工作三年自查报告", field("乡镇名称"))),
                Block::Paragraph(para),
                Block::Item(Item { number: None, title: Some(Text::new("某某", field("主要做法[0].标题"))), paragraphs: vec![Text::new("XX", field("主要做法[0].内容"))] }),
                Block::Signature(Text::new("中共XX镇委员会", field("党委名称"))),
            ],
            ..Default::default()
        };
        let found = remove(&mut doc);
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found.iter().all(|d| !d.is_error()));
        assert_eq!(found[1].path.as_deref(), Some("基本情况.概述"));
        assert_eq!(found[1].message, "含占位符「XX」，已删除「全镇现有党员XX名，」");
        assert_eq!(doc.blocks.len(), 3, "the emptied item is gone");
        assert_eq!(doc.blocks[0].printed_text(), "镇发展党员工作三年自查报告");
        assert_eq!(doc.meta.title, "镇发展党员工作三年自查报告");
        assert_eq!(doc.blocks[1].printed_text(), "结构优化。");
        assert_eq!(doc.blocks[2].printed_text(), "中共镇委员会");
    }

    #[test]
    fn text_without_placeholders_is_kept_even_if_only_punctuation() {
        let mut doc = Document { blocks: vec![Block::Paragraph(Text::plain("`")), Block::Paragraph(Text::plain("……"))], ..Default::default() };
        assert!(remove(&mut doc).is_empty());
        assert_eq!(doc.blocks.len(), 2);
    }

    /// The removal as it was first written: search the edited text again after each removal
    /// (cubic, but plainly right), to compare the one-pass removal with.
    fn remove_clauses_by_searching_again(s: &str) -> (String, Vec<String>) {
        let mut chars: Vec<char> = s.chars().collect();
        let mut removed = Vec::new();
        loop {
            let plain: String = chars.iter().collect();
            let Some(ph) = find(&plain).into_iter().next() else { break };
            let stop_before = chars[..ph.chars.start].iter().rposition(|c| is_stop(*c));
            let stop_after = chars[ph.chars.end..].iter().position(|c| is_stop(*c)).map(|i| i + ph.chars.end);
            let start = stop_before.map_or(0, |i| i + 1);
            let end = stop_after.unwrap_or(chars.len());
            let range = match (stop_before, stop_after) {
                (_, Some(q)) if is_soft_stop(chars[q]) => start..q + 1,
                (Some(p), _) if is_soft_stop(chars[p]) => p..end,
                (_, Some(q)) => start..q + 1,
                (_, None) => start..end,
            };
            removed.push(chars[range.clone()].iter().collect::<String>().trim().to_string());
            chars.drain(range);
        }
        if removed.is_empty() {
            return (s.to_string(), removed);
        }
        (Text::plain(chars.iter().collect::<String>()).into_trimmed().to_plain(), removed)
    }

    #[test]
    fn one_pass_removal_removes_what_searching_again_removes() {
        let pieces = ["XX", "某某", "，", "。", "、", "；", "甲", "乙丙", "a", "X", "○○", "【注】", "！", " "];
        // Every text of up to four pieces, plus longer ones from a simple generator.
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let more: Vec<String> = texts.iter().flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}"))).collect();
            texts.extend(more.into_iter().filter(|t| t.chars().count() <= 9));
        }
        let mut x: u64 = 1;
        for _ in 0..3_000 {
            let mut t = String::new();
            for _ in 0..30 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                t.push_str(pieces[(x >> 33) as usize % pieces.len()]);
            }
            texts.push(t);
        }
        for t in &texts {
            let (got, removals) = remove_clauses(Text::plain(t));
            let removed: Vec<String> = removals.into_iter().map(|r| r.removed).collect();
            assert_eq!((got.to_plain(), removed), remove_clauses_by_searching_again(t), "{t:?}");
        }
    }

    /// 「XX，」 × 5,000 (a 20,000-character field, the text limit): searching the edited text
    /// again after each removal took 35 s in a release build (and counting each match's
    /// characters from the start of the text was quadratic in `find` too). Each removal now
    /// takes one clause: the warnings quote exactly the 5,000 clauses.
    #[test]
    fn thousands_of_placeholders_in_one_field_are_removed_one_by_one() {
        let n = crate::limits::MAX_TEXT_CHARS / 4;
        let (t, removals) = remove_clauses(Text::plain(format!("{}结束。", "XX，".repeat(n))));
        assert_eq!(t.to_plain(), "结束。");
        assert_eq!(removals.len(), n);
        assert!(removals.iter().all(|r| r.removed == "XX，"));
        let (t, removals) = remove_tokens(Text::plain("某某".repeat(n)));
        assert!(t.is_blank());
        assert_eq!(removals.len(), n);
        let found = find(&"【注】甲".repeat(100_000));
        assert_eq!(found.len(), 100_000);
        assert_eq!(found[99_999].chars, 399_996..399_999);
    }

    #[test]
    fn a_title_of_only_placeholders_is_an_error() {
        let mut doc = Document { blocks: vec![Block::Title(Text::new("XX", field("报告标题")))], ..Default::default() };
        assert!(remove(&mut doc).iter().any(Diagnostic::is_error));
    }
}
