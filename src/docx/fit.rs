//! Fitting the 落款 (seal room, 署名, 成文日期) onto the page where the body ends.
//!
//! Every body and heading paragraph sits on the 22-line grid (exact 579-twip lines, no
//! widow control), so pages break after 22 lines, or earlier where a keep rule moves whole
//! paragraphs on (see `pages.rs`), and what decides where the body ends is how many lines
//! each paragraph takes. This module predicts that number, and from it places the 落款 the
//! way GB/T 9704 asks: 2 blank lines of room for the seal between the body and the 署名,
//! the 落款 on the same page as the end of the body, and — when the space left cannot hold
//! it — the standard's own remedy (§7.3.5.4): tighten the character spacing of the last
//! paragraph(s) so that they take fewer lines. The estimate can be a line off (Word's
//! digits are narrower than LibreOffice's); a spare line and the keep rules of the 落款
//! make the placement hold either way.
//!
//! The estimate itself (widths, breaks) is in [`super::estimate`].

use crate::model::{Block, Document, Text};

use super::estimate::{Indent, LineCounter};
pub(crate) use super::estimate::{line_width, TIGHTENED_SPACING};
use std::rc::Rc;

use super::pages::{last_position, lay_out, Para, PlannedLine, TableRows};
use super::props::LINE_PITCH;
use super::table::row_heights;
use super::title::title_lines;

/// Lines on a page (GB/T 9704: 22).
pub(crate) const LINES_PER_PAGE: usize = 22;
/// Blank lines left above the 署名 for the seal when there is room (GB/T 9704: 2–3).
pub(crate) const SEAL_LINES: usize = 2;
/// At most this many paragraphs are tightened (the median line must stay at 28).
const MAX_TIGHTENED: usize = 2;
/// A body ending this early on its page keeps its last paragraph with the 落款: an estimate
/// a line long (Word's digits are narrower) would otherwise end the body on the page
/// before and leave the 落款 alone.
const MIN_LINES_ABOVE: usize = 1;
/// Tightened paragraphs are looked for among the last this many body paragraphs.
const TIGHTEN_LOOKBACK: usize = 12;

/// Where a paragraph of the model is written: the block's index and, for an
/// [`Block::Item`], which of its paragraphs (0 for the one that starts with 「一是」).
pub(crate) type ParaRef = (usize, usize);

/// How the 落款 is placed: decided before writing, applied by `document.rs`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Plan {
    /// Blank lines between the body and the 署名 (or the date when there is no 署名).
    pub seal_lines: usize,
    /// Paragraphs whose runs get [`TIGHTENED_SPACING`] so that the 落款 fits.
    pub tightened: Vec<ParaRef>,
    /// The last body paragraph, when it keeps its lines together and with the 落款
    /// (`keepLines` + `keepNext`; the seal lines and the 署名 keep with their next too):
    /// when the body ends later than estimated, the renderer moves that paragraph and the
    /// 落款 on together, so the 落款 never splits and never stands alone on a page. Set when
    /// the plan has no spare line or the body ends on one of the first lines of its page,
    /// and whenever the paragraph lies on one page anyway; never when the group would not
    /// fit on one page (a very long last paragraph).
    pub keep_last: Option<ParaRef>,
    /// The body ends with a table: its last row keeps with the 落款 (`keepNext` on the
    /// row's paragraphs), so the 落款 never moves on alone; the rows above may split.
    pub keep_table_end: bool,
}

/// A paragraph the writer will produce before the 落款, with its estimated lines. `at` is
/// some for body text, which may be tightened; its tightened count is only needed when the
/// 落款 does not fit as set, so it is counted then, from the document.
struct Line {
    at: Option<ParaRef>,
    line: PlannedLine,
    normal: usize,
    /// Kept with the next paragraph: a table's caption (headings keep by their level).
    keep: bool,
    /// A table's rows.
    table: Option<Rc<TableRows>>,
}

impl Line {
    fn other(line: PlannedLine, normal: usize) -> Line {
        Line { at: None, line, normal, keep: false, table: None }
    }
}

/// Places the 落款 on the page where the body ends (see the module docs).
pub(crate) fn plan(doc: &Document) -> Plan {
    planned(doc).0
}

/// The page plan of the document as written, each page a list of its lines. `error` is
/// added to the estimated lines of the last body paragraph (at least one line stays):
/// the plan must hold when the estimate is a line off either way.
pub fn page_plan(doc: &Document, error: isize) -> Vec<Vec<PlannedLine>> {
    let (_, mut paras) = planned(doc);
    if let Some(last) = paras.iter().rposition(|p| p.line == PlannedLine::Body) {
        paras[last].lines = paras[last].lines.saturating_add_signed(error).max(1);
    }
    lay_out(&paras)
}

/// The plan, and every paragraph of the document as the page plan sees it.
///
/// With `pos` the line of its page on which the body ends and `sign_off` the lines of the
/// 署名 and the date, the seal gets [`SEAL_LINES`] when that leaves a spare line
/// (`pos + 2 + sign_off ≤ 21`): a body one line longer than estimated still leaves the
/// 落款 where it was planned. In order of preference: the full room with a spare line as
/// set; the same by tightening up to [`MAX_TIGHTENED`] of the last paragraphs (GB/T 9704
/// §7.3.5.4's remedy); a smaller room with a spare line as set, then by tightening; an exact
/// fit as set, then by tightening; else the full room, and the keep rules carry the last
/// paragraph over to the next page with the 落款 (that page ends early at a paragraph's end).
fn planned(doc: &Document) -> (Plan, Vec<Para>) {
    let mut counter = LineCounter::default();
    let lines = body_lines(doc, &mut counter);
    let closing = closing_lines(doc, &mut counter);
    let sign_off: usize = closing.iter().map(|p| p.lines).sum();
    let mut counts: Vec<usize> = lines.iter().map(|l| l.normal).collect();
    let mut tightened = Vec::new();
    let room = |spare: usize| {
        move |pos: usize| (LINES_PER_PAGE - spare).checked_sub(pos + sign_off).map(|n| n.min(SEAL_LINES))
    };
    let full = |pos: usize| room(1)(pos).filter(|&n| n == SEAL_LINES);
    let seal_lines = if closing.is_empty() {
        0
    } else {
        let rooms: [&dyn Fn(usize) -> Option<usize>; 3] = [&full, &room(1), &room(0)];
        let pos = last_position(&lay_out(&body_paras(&lines, &counts)));
        let mut found = None;
        for fits in rooms {
            found = fits(pos).or_else(|| tighten_until(doc, &mut counter, &lines, &mut counts, &mut tightened, fits));
            if found.is_some() {
                break;
            }
        }
        found.unwrap_or(SEAL_LINES)
    };
    let mut paras = body_paras(&lines, &counts);
    let pos = last_position(&lay_out(&paras));
    let ends_with_table = lines.last().is_some_and(|l| l.table.is_some());
    let last = lines.iter().rposition(|l| l.at.is_some()).filter(|_| !ends_with_table);
    let keep_table_end = ends_with_table && !closing.is_empty();
    if keep_table_end {
        paras.last_mut().expect("a table was seen").keep_next = true;
    }
    let keep_last = last.filter(|&k| {
        let fits_a_page = counts[k] + seal_lines + sign_off <= LINES_PER_PAGE;
        // Kept when it matters, and only when it costs nothing as planned: a last paragraph
        // that straddles a page break is left free to split, since keeping its lines
        // together would move all of it on and leave the page before it short.
        let needed = pos + seal_lines + sign_off > LINES_PER_PAGE - 1 || pos <= MIN_LINES_ABOVE;
        let on_one_page = counts[k] <= pos;
        !closing.is_empty() && fits_a_page && (needed || on_one_page)
    });
    if let Some(k) = keep_last {
        paras[k].keep_next = true;
        paras[k].keep_lines = true;
    }
    let seal = Para { line: PlannedLine::Seal, lines: 1, table: None, keep_next: true, keep_lines: false };
    paras.extend(std::iter::repeat_n(seal, if closing.is_empty() { 0 } else { seal_lines }));
    paras.extend(closing);
    let plan = Plan { seal_lines, tightened, keep_last: keep_last.and_then(|k| lines[k].at), keep_table_end };
    (plan, paras)
}

/// Tightens the last paragraphs (only those it shortens, at most [`MAX_TIGHTENED`]) until
/// `room` accepts the position where the body then ends; on success the counts and the
/// list are updated, on failure they are left as they were.
fn tighten_until(
    doc: &Document,
    counter: &mut LineCounter,
    lines: &[Line],
    counts: &mut Vec<usize>,
    tightened: &mut Vec<ParaRef>,
    room: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let mut trial = counts.clone();
    let mut chosen = Vec::new();
    let candidates = lines.iter().enumerate().rev().filter_map(|(k, l)| Some((k, l.at?))).take(TIGHTEN_LOOKBACK);
    for (k, at) in candidates {
        counter.begin(Indent::FirstLine, true);
        add_body_text(doc, at, counter);
        let tight = counter.finish();
        if tight < trial[k] {
            trial[k] = tight;
            chosen.insert(0, at);
            let pos = last_position(&lay_out(&body_paras(lines, &trial)));
            if let Some(seal_lines) = room(pos) {
                *counts = trial;
                *tightened = chosen;
                return Some(seal_lines);
            }
            if chosen.len() == MAX_TIGHTENED {
                break;
            }
        }
    }
    None
}

/// The paragraphs before the 落款 for the page plan: headings of level 1 and 2 keep with
/// their next paragraph (their style says so).
fn body_paras(lines: &[Line], counts: &[usize]) -> Vec<Para> {
    lines
        .iter()
        .zip(counts)
        .map(|(l, &lines)| Para {
            line: l.line,
            lines,
            table: l.table.clone(),
            keep_next: l.keep || matches!(l.line, PlannedLine::Heading(1 | 2)),
            keep_lines: false,
        })
        .collect()
}

/// The 署名 (kept with the date) and the 成文日期, with their lines.
fn closing_lines(doc: &Document, counter: &mut LineCounter) -> Vec<Para> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let (line, text) = match block {
            Block::Signature(t) => (PlannedLine::Signature, t),
            Block::Date(t) => (PlannedLine::Date, t),
            _ => continue,
        };
        counter.begin(Indent::Flush, false);
        add_spans(counter, text);
        let keep_next = line == PlannedLine::Signature;
        out.push(Para { line, lines: counter.finish(), table: None, keep_next, keep_lines: false });
    }
    out
}

/// The paragraphs before the 落款 as `document.rs` writes them, with their lines.
/// Only body text (paragraphs and items) can be tightened; the title, its blank line,
/// 主送机关 and headings are counted but left alone.
fn body_lines(doc: &Document, counter: &mut LineCounter) -> Vec<Line> {
    let mut out = Vec::with_capacity(doc.blocks.len() + 8);
    for (i, block) in doc.blocks.iter().enumerate() {
        let normal = match block {
            // Each title line is one line (broken with w:br), then one blank line.
            Block::Title(t) => (PlannedLine::Title, title_lines(t).len() + 1),
            Block::Recipient(t) => {
                counter.begin(Indent::Flush, false);
                add_spans(counter, t);
                (PlannedLine::Recipient, counter.finish())
            }
            // As printed: the number, then the text.
            Block::Heading { level, number, text: t } => {
                counter.begin(Indent::FirstLine, false);
                counter.add(number.as_deref().unwrap_or(""));
                add_spans(counter, t);
                (PlannedLine::Heading((*level).clamp(1, 4)), counter.finish())
            }
            Block::Paragraph(_) | Block::Item(_) => {
                let paragraphs = match block {
                    Block::Item(item) => item.paragraphs.len().max(1),
                    _ => 1,
                };
                for k in 0..paragraphs {
                    counter.begin(Indent::FirstLine, false);
                    add_body_text(doc, (i, k), counter);
                    out.push(Line { at: Some((i, k)), normal: counter.finish(), ..Line::other(PlannedLine::Body, 0) });
                }
                continue;
            }
            // The caption, on the grid and kept with the table; then the rows.
            Block::Table(table) => {
                counter.begin(Indent::Flush, false);
                add_spans(counter, &table.caption);
                out.push(Line { keep: true, ..Line::other(PlannedLine::Body, counter.finish()) });
                let heights = row_heights(table, counter);
                let (header, rows) = heights.split_at(table.header.len().min(heights.len()));
                let header: i32 = header.iter().sum();
                let first = header + rows.first().copied().unwrap_or(0);
                let lines = usize::try_from((first + LINE_PITCH - 1) / LINE_PITCH).unwrap_or(1);
                let rows = Rc::new(TableRows { header, rows: rows.to_vec() });
                out.push(Line { table: Some(rows), ..Line::other(PlannedLine::Table, lines) });
                continue;
            }
            Block::Signature(_) | Block::Date(_) => break,
        };
        out.push(Line::other(normal.0, normal.1));
    }
    out
}

/// Adds the text of a body paragraph as printed: for the first paragraph of an item,
/// 「一是」, the title, then its text.
fn add_body_text(doc: &Document, (i, k): ParaRef, counter: &mut LineCounter) {
    match &doc.blocks[i] {
        Block::Paragraph(t) => add_spans(counter, t),
        Block::Item(item) if k == 0 => {
            counter.add(item.number.as_deref().unwrap_or(""));
            item.title.iter().for_each(|t| add_spans(counter, t));
            item.paragraphs.first().into_iter().for_each(|t| add_spans(counter, t));
        }
        Block::Item(item) => add_spans(counter, &item.paragraphs[k]),
        _ => unreachable!("only paragraphs and items are body text"),
    }
}

fn add_spans(counter: &mut LineCounter, text: &Text) {
    for span in &text.spans {
        counter.add(&span.text);
    }
}
