//! The punctuation pass: an item's 标题 ends in 「。」 unless it already closes itself, and
//! the 主送机关 line ends in a full-width 「：」.

use crate::model::{Block, Source, Text};

/// Characters that already close a title: 「加强领导！」 needs no 「。」.
const CLOSING: &[char] = &['。', '！', '？', '；', '：', '…', '.', '!', '?', ';', ':'];

/// Adds or fixes the closing punctuation of item titles and the 主送机关 line.
pub fn apply(doc: &mut crate::model::Document) {
    for block in &mut doc.blocks {
        match block {
            Block::Item(item) => {
                if let Some(title) = &mut item.title {
                    close_title(title);
                }
            }
            Block::Recipient(text) => close_recipient(text),
            _ => {}
        }
    }
}

/// 「严把入口关口」 → 「严把入口关口。」; a trailing comma becomes 「。」; a closing quote
/// is looked behind (「“三会一课”」 stays a quote and gets 「。」 after it).
fn close_title(title: &mut Text) {
    let mut chars: Vec<(char, Source)> = title.chars().into_iter().map(|(c, s)| (c, s.clone())).collect();
    while matches!(chars.last(), Some((c, _)) if matches!(c, '，' | ',' | '、' | ' ' | '　')) {
        chars.pop();
    }
    match chars.last() {
        None => return,
        Some((c, _)) if CLOSING.contains(c) => {}
        Some(_) => chars.push(('。', Source::Template)),
    }
    *title = Text::from_chars(chars.iter().map(|(c, s)| (*c, s)));
}

/// 「县委组织部」 / 「县委组织部:」 → 「县委组织部：」.
fn close_recipient(text: &mut Text) {
    let mut chars: Vec<(char, Source)> = text.chars().into_iter().map(|(c, s)| (c, s.clone())).collect();
    while matches!(chars.last(), Some((c, _)) if matches!(c, ':' | '：' | '，' | ',' | '。' | ' ' | '　')) {
        chars.pop();
    }
    if chars.is_empty() {
        return;
    }
    chars.push(('：', Source::Template));
    *text = Text::from_chars(chars.iter().map(|(c, s)| (*c, s)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Item};

    fn titled(t: &str) -> String {
        let mut doc = Document {
            blocks: vec![Block::Item(Item { number: None, title: Some(Text::plain(t)), paragraphs: vec![] })],
            ..Default::default()
        };
        apply(&mut doc);
        doc.blocks[0].printed_text()
    }

    #[test]
    fn titles_get_exactly_one_closing_mark() {
        assert_eq!(titled("严把入口关口"), "严把入口关口。");
        assert_eq!(titled("严把入口关口。"), "严把入口关口。");
        assert_eq!(titled("严把入口关口！"), "严把入口关口！");
        assert_eq!(titled("严把入口关口，"), "严把入口关口。");
        assert_eq!(titled("落实“三会一课”"), "落实“三会一课”。");
    }

    #[test]
    fn recipient_ends_in_full_width_colon() {
        for r in ["县委组织部", "县委组织部:", "县委组织部：", "县委组织部 "] {
            let mut doc = Document { blocks: vec![Block::Recipient(Text::plain(r))], ..Default::default() };
            apply(&mut doc);
            assert_eq!(doc.blocks[0].printed_text(), "县委组织部：");
        }
    }
}
