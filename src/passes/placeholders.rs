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
    if let Some(name) = doc.meta.file_name.take() {
        // The pattern mostly repeats the title's fields: a removal the title (or another
        // block) already reported is not reported twice.
        let (name, r) = remove_tokens(name);
        let mut own = Vec::new();
        warn(r, &mut own);
        if !own.is_empty() {
            let seen: std::collections::HashSet<(&str, Option<&str>)> =
                found.iter().map(|d| (d.message.as_str(), d.path.as_deref())).collect();
            own.retain(|d| !seen.contains(&(d.message.as_str(), d.path.as_deref())));
        }
        found.extend(own);
        doc.meta.file_name = Some(name);
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
mod tests;
