//! The page plan: where the lines of the report fall on its pages, as the renderers set them.
//!
//! Every body and heading paragraph takes whole lines of the 22-line grid, so a page breaks
//! after 22 lines, except where a keep rule moves paragraphs on: level-1 and level-2
//! headings keep with the next paragraph (a heading never ends a page while its text starts
//! on the next), and the 落款 (the seal room, the 署名 and the 成文日期) keeps together with
//! the last body paragraph (see [`super::fit`]). A kept group that does not fit in the
//! lines left moves, whole, to the next page; that page therefore ends early, but every
//! line stays on the grid. A group longer than a page cannot be kept and is set as it comes,
//! as Word and LibreOffice do.
//!
//! The plan is what [`super::fit`] decides on and what the tests assert (no heading on a
//! page's last line; the 落款 on one page with body text above it).

use std::rc::Rc;

use super::fit::LINES_PER_PAGE;
use super::props::LINE_PITCH;

/// The height of the text block, in twips (297 mm less the 37 mm and 35 mm margins): the
/// room table rows fill, which is a little more than the 22 grid lines (12738 twips).
const TEXT_BLOCK_HEIGHT: i32 = 16838 - 2098 - 1984;

/// What a planned line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannedLine {
    /// A line of the title, or the blank line under it.
    Title,
    /// 主送机关.
    Recipient,
    /// A line of a heading of this level (1–4).
    Heading(u8),
    /// A line of body text.
    Body,
    /// A blank line left for the seal.
    Seal,
    /// 署名.
    Signature,
    /// 成文日期.
    Date,
    /// A line of the grid that a table's rows cover (or leave empty at the foot of a page
    /// the table runs on from).
    Table,
}

/// The rows of a table as the page plan sees them: their heights in twips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableRows {
    /// The header rows, together: set at the top of every page the table runs onto.
    pub header: i32,
    /// The body rows (the total row last); no row splits across pages.
    pub rows: Vec<i32>,
}

/// A paragraph as the page plan sees it: what it holds, how many lines it takes, its keeps.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub line: PlannedLine,
    /// Lines on the grid; for a table, the lines its first rows take (what a paragraph kept
    /// with it, its caption, must share a page with).
    pub lines: usize,
    /// A table's rows: the table is set row by row from where the page stands.
    pub table: Option<Rc<TableRows>>,
    /// Kept on the page of the next paragraph's first line (`w:keepNext`).
    pub keep_next: bool,
    /// Never split across pages (`w:keepLines`).
    pub keep_lines: bool,
}

/// The pages, each a list of its lines, of the paragraphs laid out in order.
pub(crate) fn lay_out(paras: &[Para]) -> Vec<Vec<PlannedLine>> {
    let mut pages: Vec<Vec<PlannedLine>> = vec![Vec::new()];
    for (i, p) in paras.iter().enumerate() {
        let used = pages.last().map_or(0, Vec::len);
        // A kept group is judged once, at its first paragraph (so the whole plan stays
        // linear): it moves on when it does not fit in what is left of a begun page.
        let starts_group = (p.keep_next || p.keep_lines) && (i == 0 || !paras[i - 1].keep_next);
        if starts_group && used > 0 {
            let need = group_lines(&paras[i..]);
            if need <= LINES_PER_PAGE && used + need > LINES_PER_PAGE {
                pages.push(Vec::new());
            }
        }
        if let Some(table) = &p.table {
            // A table kept with the next paragraph (the 落款) keeps its last row with it.
            let tail = if p.keep_next { group_lines(&paras[i + 1..]) } else { 0 };
            set_table(&mut pages, table, tail);
            continue;
        }
        for _ in 0..p.lines.max(1) {
            if pages.last().is_some_and(|page| page.len() == LINES_PER_PAGE) {
                pages.push(Vec::new());
            }
            pages.last_mut().expect("never empty").push(p.line);
        }
    }
    pages
}

/// Sets a table's rows from the current position: a row that does not fit in what is left
/// of the page goes, whole, to the next one, under the repeated header (the header stays
/// with the first body row). The page a table leaves counts as full; the paragraph after
/// the table starts on the first grid line below its last row. The last row shares its page
/// with the `tail` lines that follow when they are kept with it.
fn set_table(pages: &mut Vec<Vec<PlannedLine>>, table: &TableRows, tail: usize) {
    let used = pages.last().map_or(0, Vec::len);
    let mut y = used as i32 * LINE_PITCH;
    let mut first = true;
    let mut on_page = 0;
    let last = table.rows.len().saturating_sub(1);
    for (k, &h) in table.rows.iter().enumerate() {
        let need = if first { table.header + h } else { h };
        let fits = if k == last && tail > 0 {
            grid_lines(y + need) + tail <= LINES_PER_PAGE
        } else {
            y + need <= TEXT_BLOCK_HEIGHT
        };
        if !fits && (on_page > 0 || y > 0) {
            fill_page(pages);
            pages.push(Vec::new());
            y = if first { 0 } else { table.header };
            on_page = 0;
        }
        y += need;
        on_page += 1;
        first = false;
    }
    if first {
        y += table.header; // no body rows: the header alone
    }
    let lines = grid_lines(y).min(LINES_PER_PAGE);
    let page = pages.last_mut().expect("never empty");
    while page.len() < lines {
        page.push(PlannedLine::Table);
    }
    if page.len() == LINES_PER_PAGE {
        pages.push(Vec::new());
    }
}

/// The grid lines down to `y` twips from the top of the text block (the next paragraph
/// starts on the one after).
fn grid_lines(y: i32) -> usize {
    usize::try_from((y + LINE_PITCH - 1) / LINE_PITCH).unwrap_or(0)
}

/// Marks the rest of the page as the table's (a page the table runs on from ends there).
fn fill_page(pages: &mut [Vec<PlannedLine>]) {
    let page = pages.last_mut().expect("never empty");
    while page.len() < LINES_PER_PAGE {
        page.push(PlannedLine::Table);
    }
}

/// Lines that must share a page with the first paragraph of `group`: the paragraphs kept
/// with their next, whole, and of the first one not kept, all its lines when it keeps its
/// lines together, else its first.
fn group_lines(group: &[Para]) -> usize {
    let mut need = 0;
    for p in group {
        if !p.keep_next {
            return need + if p.keep_lines { p.lines.max(1) } else { 1 };
        }
        need += p.lines.max(1);
        if need > LINES_PER_PAGE {
            break; // longer than a page: cannot be kept, no need to count on
        }
    }
    need
}

/// Line (1–22) of its page on which the last line laid out falls; 0 for none.
pub(crate) fn last_position(pages: &[Vec<PlannedLine>]) -> usize {
    pages.last().map_or(0, Vec::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(line: PlannedLine, lines: usize) -> Para {
        let keep_next = matches!(line, PlannedLine::Heading(1 | 2) | PlannedLine::Seal | PlannedLine::Signature);
        Para { line, lines, table: None, keep_next, keep_lines: false }
    }

    #[test]
    fn a_table_runs_on_under_its_repeated_header_and_the_body_returns_to_the_grid() {
        // 20 rows of 474 twips (one 18 pt line and the margins) under a 474-twip header.
        let table = Rc::new(TableRows { header: 474, rows: vec![474; 40] });
        let caption = Para { keep_next: true, ..para(PlannedLine::Body, 1) };
        let t = Para { line: PlannedLine::Table, lines: 2, table: Some(table), keep_next: false, keep_lines: false };
        let plan = lay_out(&[para(PlannedLine::Body, 10), caption, t, para(PlannedLine::Body, 2)]);
        // Page 1: 11 lines (6369 twips), then the header and 12 rows (6162): a 13th would
        // pass the 12756 twips of the text block. Page 2: the header and 25 rows (12324).
        // Page 3: the header and the last 3 rows (1896 twips: 3.3, so 4 grid lines), then
        // the body's 2 lines on the grid.
        assert_eq!(plan.len(), 3);
        assert_eq!(plan[0].len(), 22);
        assert_eq!(plan[1], vec![PlannedLine::Table; 22]);
        assert_eq!(plan[2], [[PlannedLine::Table; 4].as_slice(), &[PlannedLine::Body; 2]].concat());
    }

    #[test]
    fn a_heading_on_the_last_line_moves_on_with_its_text() {
        let body = para(PlannedLine::Body, 21);
        let plan = lay_out(&[body, para(PlannedLine::Heading(1), 1), para(PlannedLine::Body, 3)]);
        assert_eq!(plan[0].len(), 21);
        assert_eq!(plan[1][0], PlannedLine::Heading(1));
        // Two headings in a row move together.
        let body = para(PlannedLine::Body, 20);
        let plan = lay_out(&[body, para(PlannedLine::Heading(1), 1), para(PlannedLine::Heading(2), 1), para(PlannedLine::Body, 3)]);
        assert_eq!(plan[0].len(), 20);
        assert_eq!(&plan[1][..2], &[PlannedLine::Heading(1), PlannedLine::Heading(2)]);
        // A level-3 heading does not keep: the page stays full.
        let plan = lay_out(&[para(PlannedLine::Body, 21), para(PlannedLine::Heading(3), 1), para(PlannedLine::Body, 3)]);
        assert_eq!(plan[0].len(), 22);
    }

    #[test]
    fn a_kept_group_longer_than_a_page_is_set_as_it_comes() {
        let last = Para { keep_next: true, keep_lines: true, ..para(PlannedLine::Body, 30) };
        let plan = lay_out(&[para(PlannedLine::Body, 5), last, para(PlannedLine::Signature, 1), para(PlannedLine::Date, 1)]);
        assert_eq!(plan[0].len(), 22);
        assert_eq!(last_position(&plan), 15);
    }
}
