//! Tests of [`super`]: kept beside it so that title.rs holds only what it does.

use super::*;

fn lines(t: &Text) -> Vec<String> {
    title_lines(t).iter().map(Text::to_plain).collect()
}

#[test]
fn short_title_is_one_line() {
    assert_eq!(
        lines(&Text::plain("青山镇2026年度工作总结")),
        vec!["青山镇2026年度工作总结"]
    );
}

/// A bottom line estimated one em wider than the top prints wider still (digits are
/// wider in Word and LibreOffice than estimated): the longer line goes on top instead.
#[test]
fn a_bottom_line_a_whole_em_wider_loses_to_the_longer_line_on_top() {
    let mut t = Text::new("白沙乡", Source::Field("乡镇名称".into()));
    t.push("2026", Source::Field("自查年度".into()));
    t.push("年度党风廉政建设责任制落实情况自查报告", Source::Template);
    assert_eq!(lines(&t), vec!["白沙乡2026年度党风廉政建设", "责任制落实情况自查报告"]);
}

#[test]
fn prefers_span_boundary_and_keeps_longer_line_on_top() {
    let mut t = Text::new("青山镇人民政府关于2026年度", Source::Field("单位".into()));
    t.push("基层党建工作情况的报告", Source::Template);
    assert_eq!(
        lines(&t),
        vec!["青山镇人民政府关于2026年度", "基层党建工作情况的报告"]
    );
}

#[test]
fn lines_are_at_most_20_and_longer_on_top() {
    let t = Text::plain(
        "关于进一步加强和改进新时代乡镇基层社会治理与公共服务能力建设工作情况的调研报告",
    );
    let ls = lines(&t);
    assert!(ls.len() >= 2);
    let lens: Vec<usize> = ls.iter().map(|l| l.chars().count()).collect();
    assert!(lens.iter().all(|&l| l <= 20), "{lens:?}");
    // 「社会 / 治理」 holds the words whole with a bottom line one character longer,
    // which a 梯形 allows; never more than that.
    assert!(lens[lens.len() - 1] <= lens[0] + 1, "{ls:?}");
    assert_eq!(ls, ["关于进一步加强和改进新时代乡镇基层社会", "治理与公共服务能力建设工作情况的调研报告"]);
    assert_eq!(ls.concat(), t.to_plain());
}

#[test]
fn never_cuts_a_latin_word_or_number() {
    let t = Text::plain("关于推广使用ABCDEFGHIJ政务服务平台和20262027两年规划的报告");
    for pair in lines(&t).windows(2) {
        let end = pair[0].chars().last().unwrap();
        let start = pair[1].chars().next().unwrap();
        assert!(!(is_word_char(end) && is_word_char(start)), "{pair:?}");
    }
}

#[test]
fn prefers_title_words_to_splitting_a_word() {
    let mut t = Text::new("青山镇", Source::Field("乡镇名称".into()));
    t.push("关于2026年度基层组织建设工作情况的报告", Source::Template);
    assert_eq!(
        lines(&t),
        vec!["青山镇关于2026年度基层", "组织建设工作情况的报告"]
    );
}

/// The states the programme visits (its memo entries) grow linearly with the title,
/// whether a split exists or not (a comma every 17 characters leaves none with full
/// lines): without the feasibility bound a 3,000-character title visited millions, and a
/// 10,000-character one took minutes and gigabytes.
#[test]
fn states_visited_are_linear_in_the_title_length() {
    for (words, splits) in [("青山镇关于基层党建工作情况的报告", true), ("青山镇关于基层党建工作情况的报告，", false), ("青山镇2021—2023年GIS平台建设情况", true)] {
        for n in [1_000, 3_000] {
            let title: String = words.chars().cycle().take(n).collect();
            let chars: Vec<(char, &Source)> = title.chars().map(|c| (c, &Source::Template)).collect();
            let costs = break_costs(&chars);
            let widths = widths(&chars);
            let min = widths.iter().sum::<u32>().div_ceil(MAX_LINE_WIDTH) as usize;
            for lines in min..=min + 2 {
                let mut splitter = Splitter::new(&costs, &widths);
                let lengths = splitter.lengths(lines);
                if !splits {
                    assert!(lengths.is_none(), "{words} × {n}, {lines} lines");
                }
                assert!(lengths.is_none_or(|l| l.iter().sum::<usize>() == n));
                assert!(splitter.memo.len() <= 80 * n, "{n} characters, {lines} lines: {} states", splitter.memo.len());
            }
        }
    }
}

#[test]
fn a_title_at_the_text_limit_is_split_into_full_lines() {
    let title: String = "青山镇关于基层党建工作情况的报告".chars().cycle().take(crate::limits::MAX_TEXT_CHARS).collect();
    let ls = lines(&Text::plain(&title));
    assert_eq!(ls.concat(), title);
    assert!(ls.iter().all(|l| l.chars().count() <= 20));
    assert!(ls.len() <= title.chars().count().div_ceil(20) + 2);
}

#[test]
fn breaks_after_punctuation() {
    let t = Text::plain("青山镇关于乡村振兴和基层治理、生态保护工作情况的报告");
    let ls = lines(&t);
    assert_eq!(ls[0].chars().last(), Some('、'), "{ls:?}");
}

/// Widths of the lines as set, in hundredths of an em.
fn line_widths(ls: &[String]) -> Vec<u32> {
    ls.iter().map(|l| widths(&l.chars().map(|c| (c, &Source::Template)).collect::<Vec<_>>()).iter().sum()).collect()
}

/// The titles that broke badly on the audit (「2021—2023 / 年」, inside 《》, a top line
/// 13 characters wide over one of 16 because digits counted as full characters).
#[test]
fn keeps_years_book_titles_and_words_whole_and_the_top_line_wide() {
    for title in [
        "花溪镇党委关于贯彻落实《中国共产党发展党员工作细则》情况暨2021—2023年发展党员工作质量的自查报告",
        "柳林乡党委关于2022—2024年发展党员工作质量的专项自查报告",
        "石桥镇党委关于2021—2023年发展党员工作质量的专项自查报告",
        "东坡镇关于党员队伍建设与发展党员工作的情况报告",
    ] {
        let ls = lines(&Text::plain(title));
        assert_eq!(ls.concat(), title);
        let joined: Vec<String> = ls.windows(2).map(|w| format!("{} / {}", w[0], w[1])).collect();
        for pair in ls.windows(2) {
            let (a, b) = (pair[0].as_str(), pair[1].as_str());
            assert!(a.matches('《').count() == a.matches('》').count(), "{joined:?}");
            assert!(!(a.ends_with(|c: char| c.is_ascii_digit() || c == '—') && b.starts_with(|c: char| c.is_ascii_digit() || c == '年')), "{joined:?}");
            assert!(!a.ends_with("与发") && !a.ends_with("党员工"), "{joined:?}");
        }
        let w = line_widths(&ls);
        assert!(w.iter().all(|&w| w <= MAX_LINE_WIDTH), "{joined:?} {w:?}");
        assert!(w[w.len() - 1] <= w[0] + 100, "bottom wider than top: {joined:?} {w:?}");
        assert!(ls.iter().all(|l| l.chars().count() > 2), "{joined:?}");
    }
}

#[test]
fn digits_are_narrower_than_ideographs() {
    // 22 characters, 8 of them digits: about 18 ems, one line.
    let t = "石桥镇2021—2023年发展党员自查报告";
    assert_eq!(lines(&Text::plain(t)), vec![t]);
}
