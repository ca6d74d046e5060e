//! Tests of [`super`]: kept beside it so that placeholders.rs holds only what it does.

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
