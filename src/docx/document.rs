//! `word/document.xml`: the blocks of the model as paragraphs, and the page setup.
//!
//! Each block becomes one or more paragraphs that name a style from [`super::styles`];
//! direct formatting is limited to what depends on the text itself: the signature's right
//! indent, the `eastAsia` hint on runs holding quotes, dashes or ellipses, and the tighter
//! character spacing [`fit`](super::fit) asks for on the last paragraphs when the 落款
//! would not otherwise fit on the body's last page, and the keep rules that hold the 落款
//! together with the last body paragraph (keepNext on the seal lines; keepNext and
//! keepLines on that paragraph).

use super::fit::{self, ParaRef, Plan, TIGHTENED_SPACING};
use super::props::{write_ppr, write_rpr, Fonts, Indent, ParaProps, RunProps, LINE_PITCH};
use super::styles::{id, DATE_RIGHT_INDENT};
use super::title::title_lines;
use super::xml::XmlWriter;
use super::{R_NS, W_NS};
use crate::model::{Block, Document, Item, Span, Text};

/// Characters that Word would otherwise set in Times New Roman (they sit in code points
/// shared with Latin text); the `eastAsia` hint makes them use the Chinese font.
const EAST_ASIAN_PUNCTUATION: &[char] = &['“', '”', '‘', '’', '—', '…'];

/// Relationship ids of the two footers (see `document.xml.rels` in [`super::parts`]).
pub(crate) const FOOTER_ODD_RID: &str = "rId5";
pub(crate) const FOOTER_EVEN_RID: &str = "rId6";

/// The bytes of `word/document.xml`.
pub(crate) fn document_xml(doc: &Document) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start("w:document", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    w.start("w:body", &[]);
    // Where the 落款 goes (seal lines, tightened paragraphs) is decided up front.
    let plan = fit::plan(doc);
    let spacing = |at: ParaRef| Look { spacing: run_spacing(&plan, at), keep: plan.keep_last == Some(at) };
    let mut previous: Option<&Block> = None;
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Title(text) => {
                write_title(&mut w, text);
                // GB/T 9704: one blank line under the title, before 主送机关 or the body.
                write_blank(&mut w);
            }
            Block::Recipient(text) => write_styled(&mut w, id::RECIPIENT, text, Look::default()),
            Block::Heading {
                level,
                number,
                text,
            } => write_heading(&mut w, *level, number.as_deref(), text),
            Block::Paragraph(text) => write_styled(&mut w, id::NORMAL, text, spacing((i, 0))),
            Block::Item(item) => write_item(&mut w, item, |k| spacing((i, k))),
            Block::Signature(text) => {
                write_seal_room(&mut w, plan.seal_lines);
                let date = doc.blocks[i + 1..].iter().find_map(|b| match b {
                    Block::Date(d) => Some(d),
                    _ => None,
                });
                write_signature(&mut w, text, date);
            }
            Block::Table(table) => {
                // Only the table the body ends with keeps its last row with the 落款.
                let keep_end = plan.keep_table_end && doc.blocks[i + 1..].iter().all(|b| matches!(b, Block::Signature(_) | Block::Date(_)));
                super::table::write_table(&mut w, table, keep_end, write_cell_spans);
            }
            Block::Date(text) => {
                // The seal needs room even when there is no signature line above the date.
                if !matches!(previous, Some(Block::Signature(_))) {
                    write_seal_room(&mut w, plan.seal_lines);
                }
                write_styled(&mut w, id::DATE, text, Look::default());
            }
        }
        previous = Some(block);
    }
    write_sect_pr(&mut w);
    w.end("w:body");
    w.end("w:document");
    w.into_bytes()
}

/// What the plan asks of one body paragraph: the character spacing of its runs, and
/// whether it keeps its lines together and with the 落款 that follows (`Plan::keep_last`).
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    spacing: Option<i32>,
    keep: bool,
}

/// The run-level character spacing of a paragraph: tighter when the plan says so,
/// otherwise none (the style's condensing applies).
fn run_spacing(plan: &Plan, at: ParaRef) -> Option<i32> {
    plan.tightened.contains(&at).then_some(TIGHTENED_SPACING)
}

fn write_title(w: &mut XmlWriter, title: &Text) {
    w.start("w:p", &[]);
    write_ppr(
        w,
        &ParaProps {
            style: Some(id::TITLE),
            ..ParaProps::default()
        },
    );
    for (i, line) in title_lines(title).iter().enumerate() {
        if i > 0 {
            w.start("w:r", &[]);
            w.empty("w:br", &[]);
            w.end("w:r");
        }
        write_spans(w, &line.spans, None);
    }
    w.end("w:p");
}

/// A heading prints its number (filled in by the numbering pass) and then its text.
fn write_heading(w: &mut XmlWriter, level: u8, number: Option<&str>, text: &Text) {
    let style = id::HEADING[usize::from(level.clamp(1, 4)) - 1];
    w.start("w:p", &[]);
    write_ppr(
        w,
        &ParaProps {
            style: Some(style),
            ..ParaProps::default()
        },
    );
    if let Some(number) = number {
        write_run(w, number, None);
    }
    write_spans(w, &text.spans, None);
    w.end("w:p");
}

/// 「一是」 + title + first paragraph as one body paragraph; further paragraphs follow as
/// plain body paragraphs. `look(k)`: what the plan asks of the item's paragraph `k`.
fn write_item(w: &mut XmlWriter, item: &Item, look: impl Fn(usize) -> Look) {
    let first_look = look(0);
    let spacing = first_look.spacing;
    w.start("w:p", &[]);
    write_keeps(w, None, first_look.keep);
    if let Some(number) = &item.number {
        write_run(w, number, spacing);
    }
    if let Some(title) = &item.title {
        write_spans(w, &title.spans, spacing);
    }
    if let Some(first) = item.paragraphs.first() {
        write_spans(w, &first.spans, spacing);
    }
    w.end("w:p");
    for (k, paragraph) in item.paragraphs.iter().enumerate().skip(1) {
        write_styled(w, id::NORMAL, paragraph, look(k));
    }
}

/// `w:pPr` with the style (none for Normal) and, for the paragraph the 落款 keeps with,
/// keepNext and keepLines; nothing when neither applies.
fn write_keeps(w: &mut XmlWriter, style: Option<&str>, keep: bool) {
    write_ppr(
        w,
        &ParaProps {
            style,
            keep_next: keep,
            keep_lines: keep,
            ..ParaProps::default()
        },
    );
}

/// The signature is right-aligned with a right indent that puts its centre over the
/// centre of the date (which stands [`DATE_RIGHT_INDENT`] in from the right margin).
fn write_signature(w: &mut XmlWriter, text: &Text, date: Option<&Text>) {
    let right = match date {
        Some(date) => {
            let date_width = fit::line_width(&date.to_plain());
            let signature_width = fit::line_width(&text.to_plain());
            (DATE_RIGHT_INDENT + (date_width - signature_width) / 2).max(0)
        }
        None => DATE_RIGHT_INDENT,
    };
    // Twips only: a `rightChars` would win over `right` in Word.
    let ind = Indent {
        right: Some(right),
        ..Indent::FLUSH
    };
    w.start("w:p", &[]);
    write_ppr(
        w,
        &ParaProps {
            style: Some(id::SIGNATURE),
            ind: Some(ind),
            ..ParaProps::default()
        },
    );
    write_spans(w, &text.spans, None);
    w.end("w:p");
}

/// Blank lines for the seal, as many as [`fit::plan`] found room for, each kept with the
/// next paragraph: the seal room, the 署名 and the date move on together or not at all.
fn write_seal_room(w: &mut XmlWriter, lines: usize) {
    for _ in 0..lines {
        w.start("w:p", &[]);
        write_ppr(
            w,
            &ParaProps {
                keep_next: true,
                ..ParaProps::default()
            },
        );
        w.end("w:p");
    }
}

/// An empty body paragraph: one line of the grid.
fn write_blank(w: &mut XmlWriter) {
    w.empty("w:p", &[]);
}

/// A paragraph of one style holding the text. The default style (Normal) is not named,
/// as Word does. `look`: what the plan asks of it (see [`Look`]).
fn write_styled(w: &mut XmlWriter, style: &str, text: &Text, look: Look) {
    w.start("w:p", &[]);
    write_keeps(w, (style != id::NORMAL).then_some(style), look.keep);
    write_spans(w, &text.spans, look.spacing);
    w.end("w:p");
}

/// One run per span: spans carry no formatting, but keeping them apart costs nothing and
/// keeps the origin of each piece of text visible in the XML.
fn write_spans(w: &mut XmlWriter, spans: &[Span], spacing: Option<i32>) {
    for span in spans {
        write_run(w, &span.text, spacing);
    }
}

/// The runs of a table cell or caption, each with the cell's run properties (the
/// `eastAsia` hint added where the text needs it, as in [`write_run`]).
fn write_cell_spans(w: &mut XmlWriter, text: &Text, rpr: Option<RunProps>) {
    for span in &text.spans {
        if span.text.is_empty() {
            continue;
        }
        let mut props = rpr.clone().unwrap_or_default();
        if has_east_asian_punctuation(&span.text) {
            let fonts = props.fonts.get_or_insert_with(Fonts::default);
            fonts.hint_east_asia = true;
        }
        w.start("w:r", &[]);
        write_rpr(w, &props);
        write_t(w, &span.text.replace(['\n', '\r', '\t'], " "));
        w.end("w:r");
    }
}

/// `w:r` with the text; a newline becomes `w:br` and a tab `w:tab` (the model should not
/// hold either, but a stray one must not vanish or break the part).
fn write_run(w: &mut XmlWriter, text: &str, spacing: Option<i32>) {
    if text.is_empty() {
        return;
    }
    w.start("w:r", &[]);
    let fonts = has_east_asian_punctuation(text).then_some(Fonts {
        hint_east_asia: true,
        ..Fonts::default()
    });
    write_rpr(
        w,
        &RunProps {
            fonts,
            spacing,
            ..RunProps::default()
        },
    );
    // The usual run has no newline, tab or carriage return: one w:t, no copy.
    if memchr::memchr3(b'\n', b'\t', b'\r', text.as_bytes()).is_none() {
        write_t(w, text);
        w.end("w:r");
        return;
    }
    let mut piece = String::new();
    for c in text.chars() {
        match c {
            '\n' => {
                write_t(w, &std::mem::take(&mut piece));
                w.empty("w:br", &[]);
            }
            '\t' => {
                write_t(w, &std::mem::take(&mut piece));
                w.empty("w:tab", &[]);
            }
            '\r' => {}
            c => piece.push(c),
        }
    }
    write_t(w, &piece);
    w.end("w:r");
}

/// Whether `text` holds one of [`EAST_ASIAN_PUNCTUATION`]. They all lie in U+2000–U+2FFF,
/// whose UTF-8 starts with the byte 0xE2, which Chinese text rarely holds otherwise: a SIMD
/// search for that byte, then a look at the character there, is much cheaper than decoding
/// every character (measured with callgrind).
fn has_east_asian_punctuation(text: &str) -> bool {
    memchr::memchr_iter(0xE2, text.as_bytes())
        .any(|i| text[i..].chars().next().is_some_and(|c| EAST_ASIAN_PUNCTUATION.contains(&c)))
}

fn write_t(w: &mut XmlWriter, text: &str) {
    if text.is_empty() {
        return;
    }
    // Without xml:space="preserve" Word drops leading, trailing and doubled spaces.
    let preserve = text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
        || text.contains("  ");
    let attrs: &[(&str, &str)] = if preserve {
        &[("xml:space", "preserve")]
    } else {
        &[]
    };
    w.text_element("w:t", attrs, text);
}

/// A4, GB/T 9704 margins, different odd and even footers, a 22-line grid.
/// Children in the order of `CT_SectPr`: footerReference…, pgSz, pgMar, docGrid.
fn write_sect_pr(w: &mut XmlWriter) {
    w.start("w:sectPr", &[]);
    w.empty(
        "w:footerReference",
        &[("w:type", "default"), ("r:id", FOOTER_ODD_RID)],
    );
    w.empty(
        "w:footerReference",
        &[("w:type", "even"), ("r:id", FOOTER_EVEN_RID)],
    );
    w.empty("w:pgSz", &[("w:w", "11906"), ("w:h", "16838")]);
    w.empty(
        "w:pgMar",
        &[
            ("w:top", "2098"),
            ("w:right", "1474"),
            ("w:bottom", "1984"),
            ("w:left", "1587"),
            ("w:header", "851"),
            ("w:footer", "1247"),
            ("w:gutter", "0"),
        ],
    );
    w.empty(
        "w:docGrid",
        &[
            ("w:type", "lines"),
            ("w:linePitch", &LINE_PITCH.to_string()),
        ],
    );
    w.end("w:sectPr");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn east_asian_punctuation_is_found_by_its_lead_byte() {
        for c in EAST_ASIAN_PUNCTUATION {
            assert_eq!(c.to_string().as_bytes()[0], 0xE2, "{c}");
            assert!(has_east_asian_punctuation(&format!("党员{c}发展")));
        }
        assert!(!has_east_asian_punctuation("发展党员，2024年。"));
        assert!(!has_east_asian_punctuation("A–B ○ ※ 发展党员。"));
    }
}
