//! The structure reader: a [`RawDocument`] (any format) → the typed [`Document`].
//!
//! What a report's lines are is read from the lines themselves, as a clerk reads them: the
//! title (the source's title style, else the first line that reads like one), 主送机关 (a
//! short line after it ending in 「：」), headings by their numbers 一、（一）1.（1） or by the
//! source's heading levels, run-in headings (「（一）加强领导。正文……」 is a heading and a
//! paragraph), enumerations 一是/二是 (also several items run on in one paragraph:
//! 「……超前谋划。三是健全督导机制……」), 署名 and the date line. Numbers are taken out of the
//! text, as the numbering pass adds them again (so a gap such as 一是 二是 四是 is mended
//! there). Adverts, the seller's lines and headers/footers go first ([`super::clean`]),
//! each listed in [`Structured::removed`]. Every step is one pass over the lines, and
//! every search within a line is a regular expression (linear).

use std::sync::OnceLock;

use regex::Regex;

use super::clean::{self, is_bare_line, Line, Removed};
use super::raw::{Align, Hint, Location, Note, RawBlock, RawDocument, RawTable};
use crate::model::{Block, Document, Item, Text};
use crate::numerals::parse_chinese_number;

/// A document read into the model, with everything said about how.
#[derive(Debug, Clone, Default)]
pub struct Structured {
    pub document: Document,
    /// Where each block of `document.blocks` came from (same length).
    pub origins: Vec<Location>,
    /// Text that is not in the document: residue, seller lines, headers and footers, a
    /// 「范文」 after the title.
    pub removed: Vec<Removed>,
    /// The tables, each with the index of the block it comes before (the model has no
    /// table yet; a caller places or reports them).
    pub tables: Vec<(usize, RawTable)>,
    /// What the reader could not carry (from [`RawDocument::notes`]).
    pub notes: Vec<Note>,
}

const CN: &str = "[一二三四五六七八九十百零]+";

fn re(cell: &'static OnceLock<Regex>, pattern: impl FnOnce() -> String) -> &'static Regex {
    cell.get_or_init(|| Regex::new(&pattern()).expect("valid pattern"))
}

/// A heading number at the start of a line: its level and the byte length of the number.
pub fn heading_number(text: &str) -> Option<(u8, usize)> {
    static H: OnceLock<Regex> = OnceLock::new();
    let h = re(&H, || format!(r"^(?:(?P<a>{CN})[、．.]|[（(](?P<b>{CN})[）)][、．.]?|(?P<c>\d{{1,3}})[.．、]|[（(](?P<d>\d{{1,3}})[）)][、．.]?)\s*"));
    let m = h.captures(text)?;
    let end = m.get(0).expect("whole match").end();
    let level = ["a", "b", "c", "d"].iter().position(|g| m.name(g).is_some()).expect("one group") as u8 + 1;
    // 「1.5万元」 is a number, not the heading 「1.」.
    if level == 3 && text[end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    (end < text.len()).then_some((level, end))
}

/// An enumeration ordinal at the start (「一是」「第一，」): its value and byte length.
pub fn item_number(text: &str) -> Option<(u64, usize)> {
    static I: OnceLock<Regex> = OnceLock::new();
    let i = re(&I, || format!(r"^(?:(?P<n>{CN})是|第(?P<m>{CN})[，,、])[，,：:、]?\s*"));
    let m = i.captures(text)?;
    let n = m.name("n").or(m.name("m")).expect("one group").as_str();
    let end = m.get(0).expect("whole match").end();
    Some((parse_chinese_number(n)?, end)).filter(|_| end < text.len())
}

/// 「2026年11月27日」「20XX年X月X日」「二〇二六年十一月二十七日」 alone on a line.
pub fn is_date_line(text: &str) -> bool {
    static D: OnceLock<Regex> = OnceLock::new();
    let x = "[XxＸｘ×]";
    re(&D, || format!(r"^(?:\d{{4}}|20{x}{{2}}|{x}{{2,4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*(?:\d{{1,2}}|{x}{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*(?:\d{{1,2}}|{x}{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日$")).is_match(text)
}

/// Words a report's title ends with (after 「范文」 is taken off).
const TITLE_ENDS: &[&str] = &["报告", "总结", "汇报", "情况", "方案", "意见", "计划", "通知", "请示", "讲话", "发言", "材料", "述职", "自查", "规划", "要点", "纪要", "说明"];

/// A seller's word after a title: 「……自查报告范文」.
const TITLE_SUFFIXES: &[&str] = &["（范文）", "(范文)", "【范文】", "范文", "（模板）", "【模板】", "模板", "（参考）", "参考"];

/// Reads `raw` into the model (see the module documentation).
pub fn build(raw: RawDocument) -> Structured {
    let mut out = Structured { notes: raw.notes, ..Default::default() };
    let mut lines = Vec::new();
    let mut tables_at = Vec::new();
    for block in raw.blocks {
        match block {
            RawBlock::Paragraph(p) => {
                let text = p.text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_owned();
                if !text.is_empty() {
                    lines.push(Line { text, hint: p.hint, align: p.align, at: p.at, was_advert: false, seq: lines.len() });
                }
            }
            RawBlock::Table(t) => tables_at.push((lines.len(), t)),
        }
    }
    let lines = clean::residue(lines, &mut out.removed);
    let lines = clean::seller_tail(lines, keep_in_tail, &mut out.removed);
    let title = find_title(&lines);
    let shift = u8::from(title.is_some_and(|t| lines[t].hint == Some(Hint::Heading(1))));
    let mut reader = Reader { out: &mut out, next_item: 1, seqs: Vec::new(), seq: 0 };
    for (i, line) in lines.iter().enumerate() {
        reader.seq = line.seq;
        let before_title = title.is_some_and(|t| i < t);
        if before_title && is_bare_line(&line.text) {
            reader.out.removed.push(Removed { at: line.at.clone(), text: line.text.clone(), why: "标题之前的行（卖家名称或水印）".into() });
            continue;
        }
        if Some(i) == title {
            reader.title(line);
        } else if Some(i) == title.map(|t| t + 1) && is_recipient(&line.text) {
            let text = line.text.trim_end_matches([':', '：']).to_owned() + "：";
            reader.push(Block::Recipient(Text::plain(text)), &line.at);
        } else if is_date_line(&line.text) || line.hint.is_none() && line.align == Some(Align::Right) && is_date_line(&line.text.replace(' ', "")) {
            reader.push(Block::Date(Text::plain(line.text.replace(' ', ""))), &line.at);
        } else if lines.get(i + 1).is_some_and(|n| is_date_line(&n.text)) && is_signature(&line.text) {
            reader.push(Block::Signature(Text::plain(&line.text)), &line.at);
        } else {
            reader.body(line, shift);
        }
    }
    let seqs = std::mem::take(&mut reader.seqs);
    // Removals in the order of the document (those of one line in the order found).
    out.removed.sort_by(|a, b| (&a.at.part, a.at.index).cmp(&(&b.at.part, b.at.index)));
    // Tables keep their place among the blocks that remain.
    // (The paragraphs' places only grow, so a binary search finds each table's block.)
    for (before_seq, table) in tables_at {
        out.tables.push((seqs.partition_point(|&s| s < before_seq), table));
    }
    out
}

/// In the seller's tail, the report's own closing lines stay: the 署名 before a date, the
/// date, an attachment line.
fn keep_in_tail(lines: &[Line], i: usize) -> bool {
    let text = &lines[i].text;
    is_date_line(text) || text.starts_with("附件") || lines[i + 1..].iter().find(|l| !l.text.is_empty()).is_some_and(|n| is_date_line(&n.text)) && is_signature(text)
}

/// The title: the source's title style; else, among the first lines, the first that ends
/// with a title word; else the first line that is neither numbered nor a sentence.
fn find_title(lines: &[Line]) -> Option<usize> {
    if let Some(i) = lines.iter().position(|l| l.hint == Some(Hint::Title)) {
        return Some(i);
    }
    if let Some(first) = lines.first().filter(|l| l.hint == Some(Hint::Heading(1))) {
        let other_h1 = lines[1..].iter().any(|l| l.hint == Some(Hint::Heading(1)));
        if !other_h1 && is_bare_line(&first.text) {
            return Some(0);
        }
    }
    let head = &lines[..lines.len().min(12)];
    let candidate = |l: &Line| is_bare_line(&l.text) && heading_number(&l.text).is_none() && item_number(&l.text).is_none() && !is_date_line(&l.text) && !l.text.ends_with(['：', ':']);
    let by_word = head.iter().position(|l| candidate(l) && TITLE_ENDS.iter().any(|w| strip_suffix(&l.text).0.ends_with(w)));
    by_word.or_else(|| head.iter().position(|l| candidate(l) && (l.align == Some(Align::Center) || l.hint.is_some()))).or_else(|| head.iter().position(candidate))
}

/// The title without a seller's 「范文」, and what was taken off.
fn strip_suffix(title: &str) -> (&str, Option<&'static str>) {
    for s in TITLE_SUFFIXES {
        if let Some(t) = title.strip_suffix(s) {
            if t.chars().count() >= 4 {
                return (t.trim_end(), Some(s));
            }
        }
    }
    (title, None)
}

fn is_recipient(text: &str) -> bool {
    text.ends_with(['：', ':']) && text.chars().count() <= 30 && !text.contains(['，', '。', ',', '；'])
}

/// 署名: an organ's name, short, not a sentence, not numbered.
fn is_signature(text: &str) -> bool {
    is_bare_line(text) && !text.contains(['，', ',', '：', ':']) && heading_number(text).is_none() && item_number(text).is_none()
}

struct Reader<'a> {
    out: &'a mut Structured,
    /// The reader's place ([`Line::seq`]) of each block pushed, and of the line being read.
    seqs: Vec<usize>,
    seq: usize,
    /// The ordinal the next run-on item must have to be split off (二 after 一是…).
    next_item: u64,
}

impl Reader<'_> {
    fn push(&mut self, block: Block, at: &Location) {
        if matches!(block, Block::Heading { .. }) {
            self.next_item = 1;
        }
        self.out.document.blocks.push(block);
        self.out.origins.push(at.clone());
        self.seqs.push(self.seq);
    }

    fn title(&mut self, line: &Line) {
        let (title, suffix) = strip_suffix(&line.text);
        if let Some(s) = suffix {
            self.out.removed.push(Removed { at: line.at.clone(), text: s.to_owned(), why: "标题末尾卖家加的字".into() });
        }
        self.out.document.meta.title = title.to_owned();
        self.push(Block::Title(Text::plain(title)), &line.at);
    }

    /// A heading, an item (or several run on), or a paragraph (perhaps an intro followed
    /// by run-on items).
    fn body(&mut self, line: &Line, shift: u8) {
        let text = line.text.as_str();
        if let Some((level, len)) = heading_number(text) {
            return self.heading(level, &text[len..], &line.at);
        }
        self.not_heading(line, shift)
    }

    /// [`Self::body`] for text that is not a heading (the rest of a run-in heading: never
    /// read as another heading, so that no line recurses).
    fn not_heading(&mut self, line: &Line, shift: u8) {
        let text = line.text.as_str();
        if let Some(Hint::Heading(n)) = line.hint {
            if n > shift && item_number(text).is_none() {
                return self.heading((n - shift).min(4), text, &line.at);
            }
        }
        if let Some((n, len)) = item_number(text) {
            self.next_item = n + 1;
            return self.items(&text[len..], &line.at);
        }
        if let Some(Hint::ListItem { .. }) = line.hint {
            self.next_item += 1;
            return self.items(text, &line.at);
        }
        // 「……不足：一是……；二是……」: an intro, then items.
        self.next_item = 1;
        match run_on_split(text, 1).filter(|_| run_on_split(text, 2).is_some()) {
            Some((intro_end, start)) => {
                self.push(Block::Paragraph(Text::plain(text[..intro_end].trim())), &line.at);
                self.next_item = 2;
                self.items(&text[start..], &line.at);
            }
            None => self.push(Block::Paragraph(Text::plain(text)), &line.at),
        }
    }

    /// A heading; a run-in one (「加强领导。正文」) is split into heading and paragraph.
    fn heading(&mut self, level: u8, text: &str, at: &Location) {
        let (head, rest) = run_in(text, 30);
        self.push(Block::Heading { level, number: None, text: Text::plain(head) }, at);
        if let Some(rest) = rest {
            self.not_heading(&Line { text: rest.to_owned(), hint: None, align: None, at: at.clone(), was_advert: false, seq: self.seq }, 0);
        }
    }

    /// One item whose number is already taken off, and the items run on after it.
    fn items(&mut self, mut text: &str, at: &Location) {
        let mut gaps = 0;
        loop {
            // The next number in sequence if it runs on; else (a few times a paragraph, so
            // that each failed search to the end is paid a bounded number of times) one
            // that skips a number or two: 「二是……。四是……」 is a gap the numbering pass mends
            // and `format` reports, not text of item 二.
            let mut split = run_on_split_gap(text, self.next_item, 0);
            if split.is_none() && gaps < MAX_RUN_ON_GAPS {
                gaps += 1;
                split = run_on_split_gap(text, self.next_item + 1, 1);
            }
            let own = split.map_or(text, |(end, _, _)| &text[..end]).trim();
            let (head, rest) = run_in(own, 30);
            let item = match rest {
                Some(rest) => Item { number: None, title: Some(Text::plain(head.trim_end_matches(['。', '；', ';']))), paragraphs: vec![Text::plain(rest)] },
                None => Item { number: None, title: None, paragraphs: vec![Text::plain(own)] },
            };
            self.push(Block::Item(item), at);
            match split {
                Some((_, start, found)) => {
                    self.next_item = found + 1;
                    text = &text[start..];
                }
                None => return,
            }
        }
    }
}

/// Where item `n` (「三是」) runs on in `text` after 。；：！: the end of the text before it
/// and the start of its own text (after the ordinal).
fn run_on_split(text: &str, n: u64) -> Option<(usize, usize)> {
    run_on_split_gap(text, n, 0).map(|(end, start, _)| (end, start))
}

/// Most searches per paragraph for a run-on item that skips numbers (see [`Reader::items`]).
const MAX_RUN_ON_GAPS: usize = 3;

/// [`run_on_split`] for the first of items `n` to `n + gap` (with its number), in one scan.
fn run_on_split_gap(text: &str, n: u64, gap: u64) -> Option<(usize, usize, u64)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, || format!(r"[。；;：:！!]\s*({CN})是[，,：:、]?\s*"));
    let mut from = 0;
    while let Some(c) = r.captures_at(text, from) {
        let m = c.get(0).expect("whole match");
        if let Some(found) = parse_chinese_number(&c[1]).filter(|k| (n..=n.saturating_add(gap)).contains(k)) {
            let punct_len = text[m.start()..].chars().next().expect("matched").len_utf8();
            return Some((m.start() + punct_len, m.end(), found)).filter(|&(_, s, _)| s < text.len());
        }
        from = m.end();
    }
    None
}

/// A run-in heading: the first sentence (to 。 or ：) when it is at most `max` characters
/// and more text follows; `None` when the whole text is the heading.
fn run_in(text: &str, max: usize) -> (&str, Option<&str>) {
    let Some(end) = text.find(['。', '：', ':']) else { return (text, None) };
    let punct = text[end..].chars().next().expect("found").len_utf8();
    let rest = text[end + punct..].trim();
    if rest.is_empty() || text[..end].chars().count() > max {
        return (text, None);
    }
    let head = if text[end..].starts_with('。') { &text[..end + punct] } else { &text[..end] };
    (head, Some(rest))
}

#[cfg(test)]
#[path = "structure_tests.rs"]
mod tests;
