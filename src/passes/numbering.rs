//! The numbering pass: headings get 一、/（一）/1./（1）, enumeration items 一是/二是/….
//!
//! Numbering belongs to the converter, never to the template or the clerk: a number the
//! clerk typed at the start of a heading or an item (「一是」「1.」「（一）」「一、」…) is removed
//! first, so it is never doubled. Counters restart under every heading of a higher level, and
//! the 一是 sequence restarts after every heading, as GB/T 9704 practice expects.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Block, Text};
use crate::numerals::{heading_number, ordinal};

/// A number typed at the start of an answer: 一是 / 第一， / 1. 1、 1） / （一） (一) / 一、 / （1）.
fn typed_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let cn = "[一二三四五六七八九十百零〇两]+";
        Regex::new(&format!(
            r"^\s*(?:{cn}是[，,：:、]?|第{cn}[，,、是]|{cn}[、．.]|[（(]{cn}[）)][、．.]?|[（(]?\d{{1,3}}[）)]|\d{{1,3}}(?:[.．、]|\s)|[①-⑳])\s*"
        ))
        .expect("valid pattern")
    })
}

/// Removes a number the clerk typed at the start of `text` (only the first one).
///
/// Edits in place: most texts hold no typed number and stay as they are, uncopied; a text
/// of one span (the usual answer) is searched where it is, not joined into a copy.
pub fn strip_typed_number(text: &mut Text) {
    let joined;
    let plain: &str = match text.spans.as_slice() {
        [only] => &only.text,
        _ => {
            joined = text.to_plain();
            &joined
        }
    };
    let Some(m) = typed_number().find(plain) else { return };
    if m.end() == plain.len() {
        return; // a bare number is content, not a prefix
    }
    // 「3.5%的党员」 starts with a decimal number, not with 「3.」; but 「15.2023—2025年」
    // is the clerk's 「15.」 before a year.
    let decimal = m.as_str().trim_end().ends_with(['.', '．'])
        && plain[m.end()..].starts_with(|c: char| c.is_ascii_digit())
        && !starts_with_year(&plain[m.end()..]);
    if decimal {
        return;
    }
    let skip = plain[..m.end()].chars().count();
    *text = Text::from_chars(text.chars().into_iter().skip(skip));
}

/// True when `s` starts with a year: four digits from 1900 to 2099 followed by 「年」 or by
/// a dash, 「至」 or 「~」 and another year (「2023年」, 「2023—2025年」, 「2023-2025」). No
/// decimal a clerk writes after a count reads like that, so 「15.2023年」 is 「15.」 and a year.
fn starts_with_year(s: &str) -> bool {
    let b = s.as_bytes();
    let four = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) && (b[..2] == *b"19" || b[..2] == *b"20");
    if !four || b.get(4).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let rest = &s[4..];
    rest.starts_with('年')
        || rest
            .strip_prefix(['—', '–', '-', '－', '~', '～', '至'])
            .map(|r| r.trim_start_matches('—'))
            .is_some_and(|r| r.len() >= 4 && r.as_bytes()[..4].iter().all(u8::is_ascii_digit))
}

/// Numbers every heading and item of the document.
pub fn apply(doc: &mut crate::model::Document) {
    let mut heading_counters = [0u64; 4];
    let mut item_counter = 0u64;
    for block in &mut doc.blocks {
        match block {
            Block::Heading { level, number, text } => {
                let lvl = (*level).clamp(1, 4) as usize;
                heading_counters[lvl - 1] += 1;
                for deeper in heading_counters.iter_mut().skip(lvl) {
                    *deeper = 0;
                }
                strip_typed_number(text);
                *number = Some(heading_number(lvl as u8, heading_counters[lvl - 1]));
                item_counter = 0;
            }
            Block::Item(item) => {
                item_counter += 1;
                match &mut item.title {
                    Some(title) => strip_typed_number(title),
                    None => {
                        if let Some(first) = item.paragraphs.first_mut() {
                            strip_typed_number(first);
                        }
                    }
                }
                item.number = Some(ordinal(item_counter));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Item};

    fn item(title: Option<&str>, body: &str) -> Block {
        Block::Item(Item { number: None, title: title.map(Text::plain), paragraphs: vec![Text::plain(body)] })
    }

    fn h(level: u8, t: &str) -> Block {
        Block::Heading { level, number: None, text: Text::plain(t) }
    }

    #[test]
    fn typed_numbers_are_replaced_not_doubled() {
        for typed in ["一是加强领导", "1.加强领导", "1、加强领导", "（一）加强领导", "(一)加强领导", "一、加强领导", "十二是加强领导", "第一，加强领导", "（1）加强领导", "①加强领导", " 2. 加强领导"] {
            let mut t = Text::plain(typed);
            strip_typed_number(&mut t);
            assert_eq!(t.to_plain(), "加强领导", "{typed}");
        }
        for (typed, left) in [("15.2023—2025年连续三年考核优秀", "2023—2025年连续三年考核优秀"), ("3．2024年发展党员", "2024年发展党员"), ("（15）2023-2025年", "2023-2025年"), ("15、2023年", "2023年")] {
            let mut t = Text::plain(typed);
            strip_typed_number(&mut t);
            assert_eq!(t.to_plain(), left, "{typed}");
        }
        for kept in ["12.5万元经费", "3.2024", "1.20235倍", "一是", "2024年发展党员12名", "一些村还存在问题", "十分重视", "三年以上", "3.5%的党员是青年"] {
            let mut t = Text::plain(kept);
            strip_typed_number(&mut t);
            assert_eq!(t.to_plain(), kept, "{kept}");
        }
    }

    #[test]
    fn numbers_restart_per_section_and_go_past_ten() {
        let mut blocks = vec![h(1, "基本情况"), item(None, "甲"), h(1, "主要做法")];
        for i in 0..13 {
            blocks.push(item(Some(&format!("{}是做法", i + 1)), "内容"));
        }
        blocks.push(h(2, "二级"));
        blocks.push(item(None, "乙"));
        blocks.push(h(3, "三级"));
        blocks.push(h(4, "四级"));
        blocks.push(h(2, "（五）二级"));
        blocks.push(h(3, "三级"));
        blocks.push(h(1, "存在问题"));
        blocks.push(h(2, "二级"));
        let mut doc = Document { blocks, ..Default::default() };
        apply(&mut doc);
        let printed: Vec<String> = doc.blocks.iter().map(Block::printed_text).collect();
        assert_eq!(printed[0], "一、基本情况");
        assert_eq!(printed[1], "一是甲");
        assert_eq!(printed[2], "二、主要做法");
        assert_eq!(printed[3], "一是1是做法内容"); // 「1是」 is not a typed number; kept
        assert_eq!(printed[13], "十一是11是做法内容");
        assert_eq!(printed[15], "十三是13是做法内容");
        assert_eq!(&printed[16..], ["（一）二级", "一是乙", "1.三级", "（1）四级", "（二）二级", "1.三级", "三、存在问题", "（一）二级"]);
    }

    #[test]
    fn item_titles_lose_their_typed_numbers() {
        let mut doc = Document { blocks: vec![item(Some("三是严把入口"), "内容"), item(None, "2.只有内容")], ..Default::default() };
        apply(&mut doc);
        assert_eq!(doc.blocks[0].printed_text(), "一是严把入口内容");
        assert_eq!(doc.blocks[1].printed_text(), "二是只有内容");
    }
}
