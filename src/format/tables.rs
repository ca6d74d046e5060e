//! A table as read (rows of cell texts) → the model's table, which gongwen's writer sets as
//! GB/T 9704 tables are set (full borders, 小四 cells, the header row in 黑体 repeated on
//! every page).
//!
//! The first row is the header (a clerk's table always starts with its column names); a
//! last row starting with 合计 or 总计 is the total row; every row gets one cell a column
//! (short rows are filled with empty cells, so no cell moves to another column). A column's
//! least width is its longest cell, from 2 to [`MAX_LEAST_WIDTH`] characters: the writer
//! widens the columns in proportion to fill the text block. The caption is the paragraph
//! the clerk put above the table only when it reads like one (「表1 …」「…情况表」); else
//! there is none.

use crate::model::{Align, Column, Table, Text};
use crate::readers::raw::RawTable;

/// The widest least width given to a column, in characters.
const MAX_LEAST_WIDTH: usize = 12;

/// The model's table for a table as read; `None` for a table without a cell.
pub fn from_raw(raw: &RawTable) -> Option<Table> {
    let columns = raw.rows.iter().map(Vec::len).max().filter(|&n| n > 0)?;
    let mut rows: Vec<Vec<Text>> = raw
        .rows
        .iter()
        .map(|r| (0..columns).map(|i| Text::plain(r.get(i).map(|c| c.trim()).unwrap_or(""))).collect())
        .collect();
    let header = vec![rows.remove(0)];
    let total = rows.last().filter(|r| r.first().is_some_and(|c| {
        let t = c.to_plain();
        t.starts_with("合计") || t.starts_with("总计")
    })).is_some().then(|| rows.pop()).flatten();
    let all: Vec<&Vec<Text>> = header.iter().chain(&rows).chain(&total).collect();
    let columns = (0..columns)
        .map(|i| {
            let longest = all.iter().map(|r| r[i].to_plain().lines().map(|l| l.chars().count()).max().unwrap_or(0)).max().unwrap_or(0);
            let numeric = rows.iter().all(|r| r[i].to_plain().chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '-' | ',')));
            Column { width: longest.clamp(2, MAX_LEAST_WIDTH) as u32, align: if numeric && !rows.is_empty() { Align::Center } else { Align::Left } }
        })
        .collect();
    Some(Table { caption: Text::default(), columns, header, rows, total })
}

/// True when a paragraph reads like a table's caption: short, and 「表1」「表一」 at its start
/// or 「表」 at its end (「2026年发展党员情况表」).
pub fn is_caption(text: &str) -> bool {
    let t = text.trim();
    let short = t.chars().count() <= 40 && !t.contains(['。', '，']);
    let numbered = t.strip_prefix('表').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)));
    short && (numbered || t.ends_with('表'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readers::raw::Location;

    #[test]
    fn header_body_total_and_short_rows() {
        let raw = RawTable {
            rows: vec![vec!["村名".into(), "户数".into(), "完成率".into()], vec!["东山村".into(), "120".into()], vec!["合计".into(), "320".into(), "95%".into()]],
            at: Location::line(1),
        };
        let t = from_raw(&raw).unwrap();
        let plain = |r: &Vec<Text>| r.iter().map(Text::to_plain).collect::<Vec<_>>();
        assert_eq!(plain(&t.header[0]), ["村名", "户数", "完成率"]);
        assert_eq!(plain(&t.rows[0]), ["东山村", "120", ""]);
        assert_eq!(plain(t.total.as_ref().unwrap()), ["合计", "320", "95%"]);
        assert_eq!(t.columns.iter().map(|c| c.width).collect::<Vec<_>>(), [3, 3, 3]);
        assert_eq!(t.columns[1].align, Align::Center);
        assert!(from_raw(&RawTable { rows: vec![vec![]], at: Location::line(1) }).is_none());
        assert!(is_caption("表1 各村改厕情况") && is_caption("2026年改厕情况表") && !is_caption("我镇今年完成改厕任务，见下表"));
    }
}
