//! What is not the report, removed before the structure is read, each removal listed.
//!
//! Three kinds of lines go: advert and watermark residue as [`crate::passes::adverts`]
//! defines it (the one rule render and check use), the seller's lines around the report
//! (its name and slogans before the title and in the block of adverts after the text:
//! 「某某文库」「自建平台、实时分享」), and the text of headers and footers (gongwen prints
//! its own page numbers and no header). A paragraph holding residue loses only the sentences
//! that hold it when the rest is report text; a line that is nothing but residue goes whole.

use super::raw::Location;
use crate::passes::adverts;

/// A paragraph after cleaning, with where it came from.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub hint: Option<super::raw::Hint>,
    pub align: Option<super::raw::Align>,
    pub at: Location,
    /// True when some of its text was removed as residue (see [`Removed`]).
    pub was_advert: bool,
    /// Its place among the reader's paragraphs (for placing tables after lines are removed).
    pub seq: usize,
}

/// Text taken out, where, and why (in Chinese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub at: Location,
    pub text: String,
    pub why: String,
}

/// Removes residue from each line; a line left with no report text is dropped (listed).
/// Lines of headers and footers are all removed. Returns the lines kept.
pub fn residue(lines: Vec<Line>, removed: &mut Vec<Removed>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for mut line in lines {
        if line.at.is_header_or_footer() {
            let why = if is_page_number(&line.text) { "页眉页脚中的页码（gongwen 自己排页码）" } else { "页眉页脚中的文字（公文不用页眉，页码由 gongwen 排）" };
            removed.push(Removed { at: line.at, text: line.text, why: why.into() });
            continue;
        }
        let found = adverts::find(&line.text);
        if found.is_empty() {
            out.push(line);
            continue;
        }
        let why = format!("广告或水印（{}）", found.iter().map(|f| format!("「{f}」")).collect::<Vec<_>>().join(""));
        let (kept, cut) = without_residue_sentences(&line.text);
        if has_report_text(&kept) {
            for c in cut {
                removed.push(Removed { at: line.at.clone(), text: c, why: why.clone() });
            }
            line.text = kept;
            line.was_advert = true;
            out.push(line);
        } else {
            removed.push(Removed { at: line.at.clone(), text: line.text, why });
            out.push(Line { text: String::new(), was_advert: true, ..line });
        }
    }
    out
}

/// The sentences (ended by 。！？；) of `text` without residue, and those with it.
fn without_residue_sentences(text: &str) -> (String, Vec<String>) {
    let mut kept = String::new();
    let mut cut = Vec::new();
    for sentence in text.split_inclusive(['。', '！', '？', '；', '!', '?']) {
        if adverts::find(sentence).is_empty() {
            kept.push_str(sentence);
        } else {
            cut.push(sentence.to_owned());
        }
    }
    (kept.trim().to_owned(), cut)
}

/// True when a remainder is worth keeping: a sentence of at least four Chinese characters.
fn has_report_text(text: &str) -> bool {
    text.chars().filter(|c| is_cjk(*c)).count() >= 4 && text.contains(['。', '！', '？', '；'])
}

pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) || ('\u{20000}'..='\u{2ffff}').contains(&c)
}

/// 「第 1 页」「- 1 -」「1/3」「Page 2」.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || "第页共/—－-PpageofOF".contains(c))
}

/// A short line with no sentence in it: what a seller's name or slogan looks like.
pub fn is_bare_line(text: &str) -> bool {
    text.chars().count() <= 40 && !text.contains(['。', '；', '！', '？'])
}

/// Drops the seller's lines after the report: once a line of residue comes after the
/// text, the bare lines (see [`is_bare_line`]) that follow it up to the end, between more
/// residue, are the seller's, unless `keep` says a line is report (署名, date, 附件).
/// Blank entries (lines removed as residue) mark where residue was; they are dropped here.
pub fn seller_tail(lines: Vec<Line>, keep: impl Fn(&[Line], usize) -> bool, removed: &mut Vec<Removed>) -> Vec<Line> {
    // The tail starts after the last line that is neither residue nor bare.
    let last_text = lines.iter().rposition(|l| !l.text.is_empty() && !is_bare_line(&l.text));
    let tail_start = lines.iter().enumerate().position(|(i, l)| l.text.is_empty() && last_text.is_none_or(|t| i > t));
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if line.text.is_empty() {
            continue;
        }
        let in_tail = tail_start.is_some_and(|s| i > s) && is_bare_line(&line.text);
        if in_tail && !keep(&lines, i) {
            removed.push(Removed { at: line.at.clone(), text: line.text.clone(), why: "正文之后广告区中的行（卖家名称或宣传语）".into() });
        } else {
            out.push(line.clone());
        }
    }
    out
}
