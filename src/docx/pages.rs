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

use super::fit::LINES_PER_PAGE;

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
}

/// A paragraph as the page plan sees it: what it holds, how many lines it takes, its keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Para {
    pub line: PlannedLine,
    pub lines: usize,
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
        for _ in 0..p.lines.max(1) {
            if pages.last().is_some_and(|page| page.len() == LINES_PER_PAGE) {
                pages.push(Vec::new());
            }
            pages.last_mut().expect("never empty").push(p.line);
        }
    }
    pages
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
        Para { line, lines, keep_next, keep_lines: false }
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
