//! Every difference between a paragraph as read and the blocks made of it, as changes.
//!
//! The structure reader takes typed numbers out, splits run-in headings and run-on items
//! off, drops residue; the numbering pass puts its own numbers in. What a clerk needs to
//! know is what the finished report says differently from their file, so the blocks of each
//! source paragraph are found again in its text, in order: the text between two blocks is
//! what the report dropped or renumbered there (「四是」 → 「三是」, 「：」 dropped), the text
//! after the last block was dropped, and a block not found as it was read is reported as a
//! rewrite of the rest of the paragraph. Applying the changes to the paragraph gives the
//! report's text (white space aside): the test in tests/format.rs checks exactly that.
//!
//! One forward search per block, each starting where the last one ended: linear in the
//! paragraph's length.

use std::collections::HashMap;

use crate::model::Block;
use crate::readers::clean::Removed;
use crate::readers::raw::Location;

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Kind {
    /// Half-width punctuation between Chinese characters made full-width (on the text as
    /// read, before anything else).
    FullWidth,
    /// A number typed or shown by Word replaced by the report's own, or one added.
    Numbering,
    /// Text not carried into the report (residue, a seller's line, a header, a 「：」).
    Removed,
    /// A block whose text differs otherwise: the rest of the paragraph as read, and what the
    /// report prints for it.
    Rewritten,
}

/// One change, at character `offset` of the paragraph at `at` (for [`Kind::FullWidth`] in
/// the text as read; for the others in the text after the full-width changes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub kind: Kind,
    #[serde(serialize_with = "location")]
    pub at: Location,
    pub offset: usize,
    pub from: String,
    pub to: String,
    /// Why, in Chinese, when the structure reader said (a removed line's reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

fn location<S: serde::Serializer>(at: &Location, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_string())
}

/// The texts a block prints as paragraphs: its number (if any) and its own text.
fn units(block: &Block) -> Vec<(Option<String>, String)> {
    match block {
        Block::Title(t) | Block::Recipient(t) | Block::Paragraph(t) | Block::Signature(t) | Block::Date(t) => vec![(None, t.to_plain())],
        Block::Heading { number, text, .. } => vec![(number.clone(), text.to_plain())],
        // A table's cells were never paragraphs; its caption, when there is one, was.
        Block::Table(t) if t.caption.is_blank() => Vec::new(),
        Block::Table(t) => vec![(None, t.caption.to_plain())],
        Block::Item(item) => {
            let mut first = item.title.as_ref().map(|t| t.to_plain()).unwrap_or_default();
            if let Some(p) = item.paragraphs.first() {
                first.push_str(&p.to_plain());
            }
            let mut out = vec![(item.number.clone(), first)];
            out.extend(item.paragraphs.iter().skip(1).map(|p| (None, p.to_plain())));
            out
        }
    }
}

/// The changes that turn the paragraphs as read (`paragraphs`, after the full-width pass)
/// into the document's blocks (`blocks`, made from them in order, `origins[i]` naming the
/// paragraph of `blocks[i]`). `removed` gives the reasons of the structure reader.
pub fn changes(paragraphs: &[(Location, String)], blocks: &[Block], origins: &[Location], removed: &[Removed]) -> Vec<Change> {
    let mut reasons: HashMap<(Option<&str>, usize), Vec<&Removed>> = HashMap::new();
    for r in removed {
        reasons.entry((r.at.part.as_deref(), r.at.index)).or_default().push(r);
    }
    let mut out = Vec::new();
    let mut b = 0;
    for (at, text) in paragraphs {
        let mut units_here = Vec::new();
        // A table without a caption comes from no paragraph.
        while b < blocks.len() && units(&blocks[b]).is_empty() {
            b += 1;
        }
        while b < blocks.len() && origins.get(b) == Some(at) {
            units_here.extend(units(&blocks[b]));
            b += 1;
        }
        let here = reasons.get(&(at.part.as_deref(), at.index)).map_or(&[][..], Vec::as_slice);
        paragraph(at, text, &units_here, here, &mut out);
    }
    out
}

/// The structure reader's reason for removing `text` from this paragraph.
fn why_removed(removed: &[&Removed], text: &str) -> Option<String> {
    removed.iter().find(|r| r.text.contains(text) || text.contains(r.text.trim())).map(|r| r.why.clone())
}

/// One paragraph as read and the units made of it.
fn paragraph(at: &Location, text: &str, units: &[(Option<String>, String)], removed: &[&Removed], out: &mut Vec<Change>) {
    // Byte and character position of what has been matched so far.
    let (mut cursor, mut chars) = (0usize, 0usize);
    let mut change = |kind, start_chars: usize, from: &str, to: String, why: Option<String>| {
        let lead = from.len() - from.trim_start().len();
        let offset = start_chars + from[..lead].chars().count();
        out.push(Change { kind, at: at.clone(), offset, from: from.trim().to_string(), to, why });
    };
    for (k, (number, body)) in units.iter().enumerate() {
        let number = number.clone().unwrap_or_default();
        let found = if body.is_empty() { Some(0) } else { text[cursor..].find(body.as_str()) };
        let Some(p) = found else {
            let rest = &text[cursor..];
            let printed: String = units[k..].iter().map(|(n, t)| format!("{}{t}", n.as_deref().unwrap_or(""))).collect();
            if rest.trim() != printed.trim() {
                change(Kind::Rewritten, chars, rest, printed, None);
            }
            return;
        };
        let gap = &text[cursor..cursor + p];
        if gap.trim() != number {
            let kind = if number.is_empty() { Kind::Removed } else { Kind::Numbering };
            let why = if kind == Kind::Removed { why_removed(removed, gap.trim()) } else { None };
            change(kind, chars, gap, number, why);
        }
        let end = cursor + p + body.len();
        chars += text[cursor..end].chars().count();
        cursor = end;
    }
    let tail = &text[cursor..];
    if !tail.trim().is_empty() {
        let why = why_removed(removed, tail.trim());
        change(Kind::Removed, chars, tail, String::new(), why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Item, Text};

    fn at(i: usize) -> Location {
        Location { part: Some("word/document.xml".into()), index: i }
    }

    fn item(n: &str, title: Option<&str>, body: &str) -> Block {
        Block::Item(Item { number: Some(n.into()), title: title.map(Text::plain), paragraphs: vec![Text::plain(body)] })
    }

    #[test]
    fn renumbering_dropped_marks_and_removed_lines_are_found() {
        let paragraphs = vec![
            (at(1), "一、主要做法：我镇抓了三件事。".to_string()),
            (at(2), "一是加强领导。内容甲。二是严格程序。内容乙。四是强化培训。内容丙。".to_string()),
            (at(3), "本文由某网整理".to_string()),
            (at(4), "基本情况".to_string()),
        ];
        let blocks = vec![
            Block::Heading { level: 1, number: Some("一、".into()), text: Text::plain("主要做法") },
            Block::Paragraph(Text::plain("我镇抓了三件事。")),
            item("一是", Some("加强领导。"), "内容甲。"),
            item("二是", Some("严格程序。"), "内容乙。"),
            item("三是", Some("强化培训。"), "内容丙。"),
            Block::Heading { level: 1, number: Some("二、".into()), text: Text::plain("基本情况") },
        ];
        let origins = vec![at(1), at(1), at(2), at(2), at(2), at(4)];
        let removed = vec![Removed { at: at(3), text: "本文由某网整理".into(), why: "广告".into() }];
        let found = changes(&paragraphs, &blocks, &origins, &removed);
        let brief: Vec<(Kind, usize, usize, &str, &str)> = found.iter().map(|c| (c.kind, c.at.index, c.offset, c.from.as_str(), c.to.as_str())).collect();
        assert_eq!(
            brief,
            [
                (Kind::Removed, 1, 6, "：", ""),
                (Kind::Numbering, 2, 22, "四是", "三是"),
                (Kind::Removed, 3, 0, "本文由某网整理", ""),
                (Kind::Numbering, 4, 0, "", "二、"),
            ]
        );
        assert_eq!(found[2].why.as_deref(), Some("广告"));
    }

    #[test]
    fn a_block_not_found_is_a_rewrite_of_the_rest() {
        let paragraphs = vec![(at(1), "2026 年 1 月 5 日".to_string())];
        let blocks = vec![Block::Date(Text::plain("2026年1月5日"))];
        let found = changes(&paragraphs, &blocks, &[at(1)], &[]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].kind, found[0].from.as_str(), found[0].to.as_str()), (Kind::Rewritten, "2026 年 1 月 5 日", "2026年1月5日"));
    }
}
