//! Half-width punctuation typed between Chinese characters, made full-width.
//!
//! A clerk typing with the input method in English mode leaves 「工作,扎实推进」 or
//! 「党员(预备党员)」; GB/T 9704 text uses the full-width marks. Only a mark next to Chinese
//! text is changed — 「2.5万元」「(1)」「http://…」 and a Latin phrase stay as they are — and a
//! space typed after such a mark goes with it. Each change is returned with its character
//! offset so that it can be reported and checked.

/// One replacement in a text: at character `offset`, `from` became `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub offset: usize,
    pub from: String,
    pub to: String,
}

/// Chinese text for this purpose: ideographs, and the full-width marks and quotes that
/// surround them.
fn is_chinese(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
        | 0x3001..=0x3003 | 0x3008..=0x3011 | 0xFF01 | 0xFF08 | 0xFF09 | 0xFF0C | 0xFF1A | 0xFF1B | 0xFF1F)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Chinese numerals: 「一.」 is a typed heading number, not the end of a sentence.
fn is_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇')
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        '.' => '。',
        _ => return None,
    })
}

/// Farthest a closing bracket is looked for after its opening one, in characters.
const MAX_BRACKET_SPAN: usize = 64;

/// The `)` that closes the `(` at `open`, if one does within [`MAX_BRACKET_SPAN`].
fn closing(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (k, &c) in chars.iter().enumerate().skip(open + 1).take(MAX_BRACKET_SPAN) {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(k),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Makes the half-width marks between Chinese characters full-width; returns the new text
/// and the replacements (none: the text is returned as it was).
pub fn apply(text: &str) -> (String, Vec<Replaced>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changes = Vec::new();
    // Closing brackets already decided by their opening one: (index, convert).
    let mut paired: Vec<(usize, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Some(full) = full_width(c) else {
            out.push(c);
            i += 1;
            continue;
        };
        // What is written before it (a bracket just made full-width counts as Chinese).
        let before = out.chars().next_back();
        // The next character that is not a space (spaces after the mark go with it).
        let mut j = i + 1;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let after = chars.get(j).copied();
        let chinese_before = before.is_some_and(is_chinese);
        let chinese_after = after.is_some_and(is_chinese);
        let convert = match c {
            // A bracket belongs to Chinese text when what it encloses or borders is Chinese;
            // its closing bracket goes with it.
            '(' => {
                let inside = chars.get(i + 1).copied().is_some_and(is_chinese);
                let yes = chinese_before || inside;
                if let Some(k) = closing(&chars, i) {
                    paired.push((k, yes));
                }
                yes
            }
            ')' => match paired.iter().position(|&(k, _)| k == i) {
                Some(p) => paired.swap_remove(p).1,
                None => chinese_before && (chinese_after || after.is_none()),
            },
            '.' => chinese_before && (chinese_after || after.is_none()) && !before.is_some_and(is_numeral),
            // A closing mark at the end of the text, after Chinese, is Chinese too.
            _ => chinese_before && (chinese_after || after.is_none()),
        };
        if !convert {
            out.push(c);
            i += 1;
            continue;
        }
        // Spaces after an opening bracket or at the very end are kept out of the change.
        let end = if c == '(' || after.is_none() { i + 1 } else { j };
        changes.push(Replaced { offset: i, from: chars[i..end].iter().collect(), to: full.to_string() });
        out.push(full);
        i = end;
    }
    (out, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        apply(s).0
    }

    #[test]
    fn marks_between_chinese_become_full_width() {
        assert_eq!(fixed("工作,扎实推进;成效明显!"), "工作，扎实推进；成效明显！");
        assert_eq!(fixed("发展党员(预备党员)12名"), "发展党员（预备党员）12名");
        assert_eq!(fixed("主要做法: 一是加强领导"), "主要做法：一是加强领导");
        assert_eq!(fixed("完成了.下一步"), "完成了。下一步");
        assert_eq!(fixed("报告如下."), "报告如下。");
        assert_eq!(fixed("8座(其中6座),改造"), "8座（其中6座），改造");
        assert_eq!(fixed("是否到位?"), "是否到位？");
        assert_eq!(fixed("(一)加强领导"), "（一）加强领导");
        assert_eq!(fixed("占(2025年)比"), "占（2025年）比");
        let (text, changes) = apply("甲, 乙");
        assert_eq!(text, "甲，乙");
        assert_eq!(changes, [Replaced { offset: 1, from: ", ".into(), to: "，".into() }]);
    }

    #[test]
    fn marks_in_numbers_latin_text_and_typed_numbers_stay() {
        for kept in ["2.5万元", "(1)加强", "一.加强领导", "访问 http://a.b/c?d=1", "Word, WPS", "共3,000人", "比例为1:2", "一、基本情况"] {
            assert_eq!(fixed(kept), kept, "{kept}");
        }
        assert!(apply("没有半角标点。").1.is_empty());
    }
}
