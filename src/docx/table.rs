//! Tables (问题整改台账) as Chinese official documents print them, and the heights their
//! rows take, for the page plan.
//!
//! - The caption (表题) stands above the table, centred, in 黑体 3号, on the body's grid;
//!   it keeps with the table's first row.
//! - The cells are 小四 (12 pt) 仿宋, the header row (and the total row) 黑体: at 3号 a
//!   six-column 台账 leaves 20 characters for its two text columns together, at 小四 31
//!   (measured in [`column_widths`]: 156 mm less 6 × 2 × 1.5 mm of cell margins).
//! - Full single ½ pt borders, the table as wide as the 156 mm text block, fixed layout
//!   (the widths declared in the skeleton, widened in proportion).
//! - The header row repeats on every page (`tblHeader`) and no row splits across pages
//!   (`cantSplit`).
//! - Cell paragraphs are off the 22-line grid (`snapToGrid` 0) with their own exact
//!   18 pt lines: at the body's 28.95 pt a 小四 row would be more than half empty space.
//!   The body after the table is back on the grid (its style snaps to it).
//!
//! Every element is written in the order of its schema type (`CT_TblPr`, `CT_TcPr`,
//! `CT_TblBorders`, `CT_TblCellMar`), which the Open XML SDK's rules check.

use super::estimate::{Indent as LineIndent, LineCounter};
use super::props::{write_ppr, Fonts, Indent, LineSpacing, ParaProps, RunProps};
use super::styles::{font, SIZE_3HAO};
use super::xml::XmlWriter;
use crate::model::{Align, Column, Table, Text};

/// The width of the text block (156 mm), which the table fills, in twips.
pub(crate) const TABLE_WIDTH: i32 = 8845;
/// 小四 in half-points.
const CELL_SIZE: u32 = 24;
/// One character of cell text, in twips (12 pt).
const CELL_CHAR: i32 = 240;
/// The exact line of a cell paragraph, in twips (18 pt: 1.5 × the text).
pub(crate) const CELL_LINE: i32 = 360;
/// Left and right cell margins, in twips (1.5 mm).
const CELL_MARGIN_X: i32 = 85;
/// Top and bottom cell margins, in twips (1 mm).
const CELL_MARGIN_Y: i32 = 57;
/// Border width in eighths of a point (½ pt).
const BORDER_SIZE: &str = "4";
/// What a row adds to its lines: the top and bottom margins and one border (½ pt = 10
/// twips), as LibreOffice sets it.
const ROW_EXTRA: i32 = 2 * CELL_MARGIN_Y + 10;

/// The widths of the columns, in twips: each column's declared least width (in characters
/// of cell text, plus its margins), the room left over shared in proportion to those
/// widths, the last column taking what rounding leaves. An error (in Chinese) when the
/// least widths alone are wider than the text block: a table is never squeezed.
pub fn column_widths(columns: &[Column]) -> Result<Vec<i32>, String> {
    let least: Vec<i32> = columns.iter().map(|c| c.width as i32 * CELL_CHAR + 2 * CELL_MARGIN_X).collect();
    let need: i32 = least.iter().sum();
    if need > TABLE_WIDTH {
        let chars: u32 = columns.iter().map(|c| c.width).sum();
        let room = (TABLE_WIDTH - 2 * CELL_MARGIN_X * columns.len() as i32) / CELL_CHAR;
        return Err(format!(
            "表格各列宽度合计 {chars} 字，{} 列时版心（156 毫米，小四号字）最多容纳 {room} 字；请减少列数或列宽",
            columns.len()
        ));
    }
    let declared: i32 = columns.iter().map(|c| c.width as i32).sum();
    let spare = TABLE_WIDTH - need;
    let mut widths: Vec<i32> = least.iter().zip(columns).map(|(w, c)| w + spare * c.width as i32 / declared.max(1)).collect();
    let short = TABLE_WIDTH - widths.iter().sum::<i32>();
    if let Some(last) = widths.last_mut() {
        *last += short;
    }
    Ok(widths)
}

/// The widths the writer sets: [`column_widths`], or equal columns for a table too wide
/// (the markup reader refuses those, so only a model built by hand can have one).
fn set_widths(columns: &[Column]) -> Vec<i32> {
    column_widths(columns).unwrap_or_else(|_| vec![TABLE_WIDTH / columns.len().max(1) as i32; columns.len()])
}

/// The heights of the table's rows as set, in twips, in printed order (header rows first):
/// each row as high as its tallest cell.
pub(crate) fn row_heights(table: &Table, counter: &mut LineCounter) -> Vec<i32> {
    let widths = set_widths(&table.columns);
    table
        .all_rows()
        .map(|row| {
            let lines = row.iter().zip(&widths).map(|(cell, &w)| cell_lines(cell, w, counter)).max().unwrap_or(1);
            lines as i32 * CELL_LINE + ROW_EXTRA
        })
        .collect()
}

/// Lines a cell's text takes in a column `width` twips wide. The counter measures 3号
/// text; 小四 text in a measure is 3号 text in a measure 16/12 as wide.
fn cell_lines(cell: &Text, width: i32, counter: &mut LineCounter) -> usize {
    let measure = (width - 2 * CELL_MARGIN_X) * 5 * 16 / 12;
    counter.begin_measure(measure, LineIndent::Flush);
    for span in &cell.spans {
        counter.add(&span.text);
    }
    counter.finish()
}

/// Writes the caption and the table; `keep_end`: the last row keeps with the next paragraph.
pub(crate) fn write_table(w: &mut XmlWriter, table: &Table, keep_end: bool, write_spans: impl Fn(&mut XmlWriter, &Text, Option<RunProps>)) {
    write_caption(w, &table.caption, &write_spans);
    let widths = set_widths(&table.columns);
    w.start("w:tbl", &[]);
    write_tbl_pr(w);
    w.start("w:tblGrid", &[]);
    for width in &widths {
        w.empty("w:gridCol", &[("w:w", &width.to_string())]);
    }
    w.end("w:tblGrid");
    let rows = table.header.iter().map(|r| (r, RowKind::Header));
    let rows = rows.chain(table.rows.iter().map(|r| (r, RowKind::Body))).chain(table.total.iter().map(|r| (r, RowKind::Total)));
    let count = table.header.len() + table.rows.len() + usize::from(table.total.is_some());
    for (k, (row, kind)) in rows.enumerate() {
        let look = RowLook { widths: &widths, columns: &table.columns, kind, keep: keep_end && k + 1 == count };
        write_row(w, row, &look, &write_spans);
    }
    w.end("w:tbl");
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Header,
    Body,
    Total,
}

/// 表题: centred 黑体 3号 on the grid, kept with the table's first row.
fn write_caption(w: &mut XmlWriter, caption: &Text, write_spans: &impl Fn(&mut XmlWriter, &Text, Option<RunProps>)) {
    w.start("w:p", &[]);
    write_ppr(w, &ParaProps { keep_next: true, ind: Some(Indent::FLUSH), jc: Some("center"), ..ParaProps::default() });
    let rpr = RunProps { fonts: Some(Fonts::east_asia(font::HEITI)), size: Some(SIZE_3HAO), ..RunProps::default() };
    write_spans(w, caption, Some(rpr));
    w.end("w:p");
}

/// `w:tblPr` in the order of `CT_TblPr`: tblW, jc, tblBorders, tblLayout, tblCellMar.
fn write_tbl_pr(w: &mut XmlWriter) {
    w.start("w:tblPr", &[]);
    w.empty("w:tblW", &[("w:w", &TABLE_WIDTH.to_string()), ("w:type", "dxa")]);
    w.empty("w:jc", &[("w:val", "center")]);
    w.start("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        w.empty(side, &[("w:val", "single"), ("w:sz", BORDER_SIZE), ("w:space", "0"), ("w:color", "000000")]);
    }
    w.end("w:tblBorders");
    w.empty("w:tblLayout", &[("w:type", "fixed")]);
    w.start("w:tblCellMar", &[]);
    let (x, y) = (CELL_MARGIN_X.to_string(), CELL_MARGIN_Y.to_string());
    for (side, v) in [("w:top", &y), ("w:left", &x), ("w:bottom", &y), ("w:right", &x)] {
        w.empty(side, &[("w:w", v), ("w:type", "dxa")]);
    }
    w.end("w:tblCellMar");
    w.end("w:tblPr");
}

/// How a row is set: the columns, the kind of row, whether it keeps with the next paragraph.
struct RowLook<'a> {
    widths: &'a [i32],
    columns: &'a [Column],
    kind: RowKind,
    keep: bool,
}

fn write_row(w: &mut XmlWriter, row: &[Text], look: &RowLook<'_>, write_spans: &impl Fn(&mut XmlWriter, &Text, Option<RunProps>)) {
    let kind = look.kind;
    w.start("w:tr", &[]);
    w.start("w:trPr", &[]);
    w.empty("w:cantSplit", &[]);
    if kind == RowKind::Header {
        w.empty("w:tblHeader", &[]);
    }
    w.end("w:trPr");
    for ((cell, width), column) in row.iter().zip(look.widths).zip(look.columns) {
        w.start("w:tc", &[]);
        w.start("w:tcPr", &[]);
        w.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        w.empty("w:vAlign", &[("w:val", "center")]);
        w.end("w:tcPr");
        let jc = match (kind, column.align) {
            (RowKind::Header, _) => "center",
            (_, Align::Left) => "both",
            (_, Align::Center) => "center",
            (_, Align::Right) => "right",
        };
        w.start("w:p", &[]);
        write_ppr(
            w,
            &ParaProps {
                keep_next: look.keep,
                snap_to_grid: Some(false),
                spacing: Some(LineSpacing { before: 0, after: 0, line_exact: CELL_LINE }),
                ind: Some(Indent::FLUSH),
                jc: Some(jc),
                ..ParaProps::default()
            },
        );
        let fonts = (kind != RowKind::Body).then(|| Fonts::east_asia(font::HEITI));
        write_spans(w, cell, Some(RunProps { fonts, size: Some(CELL_SIZE), ..RunProps::default() }));
        w.end("w:p");
        w.end("w:tc");
    }
    w.end("w:tr");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(width: u32) -> Column {
        Column { width, align: Align::Left }
    }

    #[test]
    fn columns_fill_the_text_block_in_proportion() {
        // 32 characters and 12 margins: 32 × 240 + 12 × 85 = 8700 of the 8845 twips.
        let widths = column_widths(&[col(2), col(9), col(10), col(4), col(4), col(3)]).unwrap();
        assert_eq!(widths.iter().sum::<i32>(), TABLE_WIDTH);
        // The 145 twips left over go 145 × width / 32 to each column, the rounding to the last.
        assert_eq!(widths, [659, 2370, 2615, 1148, 1148, 905]);
        // One more character no longer fits: 8940 twips.
        assert!(column_widths(&[col(2), col(9), col(11), col(4), col(4), col(3)]).unwrap_err().contains("最多容纳 32 字"));
    }

    #[test]
    fn columns_wider_than_the_text_block_are_refused() {
        let err = column_widths(&[col(20), col(20)]).unwrap_err();
        assert!(err.contains("合计 40 字") && err.contains("最多容纳 35 字"), "{err}");
        assert!(column_widths(&[col(17), col(18)]).is_ok());
        assert!(column_widths(&[col(18), col(18)]).is_err());
    }
}
