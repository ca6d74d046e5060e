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
    if !cut_end(title, |c| matches!(c, '，' | ',' | '、' | ' ' | '　')) {
        return;
    }
    let last = title.spans.last().and_then(|s| s.text.chars().next_back());
    if !last.is_some_and(|c| CLOSING.contains(&c)) {
        title.push("。", Source::Template);
    }
}

/// 「县委组织部」 / 「县委组织部:」 → 「县委组织部：」.
fn close_recipient(text: &mut Text) {
    if cut_end(text, |c| matches!(c, ':' | '：' | '，' | ',' | '。' | ' ' | '　')) {
        text.push("：", Source::Template);
    }
}

/// Cuts the trailing characters that `strip` accepts from the end of `text`, across spans.
/// When that would leave nothing, `text` stays as it is and the answer is false.
///
/// Works on the spans in place: going through a vector of (character, source) pairs
/// cloned the field path for every character (measured with callgrind). The model's texts
/// never hold two neighbouring spans of one source, so cutting spans off the end and
/// [`Text::push`] give the spans that rebuilding with [`Text::from_chars`] gave.
fn cut_end(text: &mut Text, strip: impl Fn(char) -> bool) -> bool {
    let Some((last, kept)) = text
        .spans
        .iter()
        .enumerate()
        .rev()
        .map(|(i, span)| (i, span.text.trim_end_matches(&strip).len()))
        .find(|&(_, kept)| kept > 0)
    else {
        return false;
    };
    text.spans.truncate(last + 1);
    text.spans[last].text.truncate(kept);
    true
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
