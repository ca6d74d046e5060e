//! `gongwen format`: a report typed by hand (.docx, .txt, .md) → the same report in
//! GB/T 9704 layout, written by gongwen's own writer.
//!
//! Steps: a reader ([`crate::readers`]) gives the raw document; half-width punctuation
//! between Chinese characters is made full-width ([`fullwidth`]) and blank paragraphs are
//! counted out; the structure reader gives the typed model; the numbering and punctuation
//! passes run as for a rendered report; [`align`] lists every difference between each
//! paragraph as read and what the report prints for it. Placeholders and advert residue
//! are reported, not removed (the clerk's text is theirs to fix; `--strict` refuses), and
//! whatever the reader could not carry (images, comments, tracked changes, …) is a
//! warning naming where it was; tables are carried as tables ([`tables`]).
//!
//! Nothing here touches the file system: the CLI reads the input and writes the output.

pub mod align;
pub mod fullwidth;
pub mod tables;

use crate::diag::Diagnostic;
use crate::model::{Block, Document};
use crate::passes::{adverts, numbering, placeholders, punctuation};
use crate::readers::raw::{Location, RawBlock, RawDocument};
use crate::readers::{clean::Removed, structure};
pub use align::{Change, Kind};

/// A formatted report and everything said about it.
#[derive(Debug, Clone)]
pub struct Formatted {
    pub document: Document,
    pub docx: Vec<u8>,
    /// Every change to the text, in document order (full-width marks first per paragraph).
    pub changes: Vec<Change>,
    /// The blank paragraphs left out.
    pub blank: Vec<Location>,
    /// What the structure reader took out (residue, seller lines, headers and footers).
    pub removed: Vec<Removed>,
    /// Content not carried (images, comments, …), placeholders, advert residue.
    pub warnings: Vec<Diagnostic>,
}

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Text,
    Markdown,
}

impl Format {
    /// By the file's extension (any case): .docx, .txt, .md / .markdown.
    pub fn of(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(Format::Docx),
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Reads the input's bytes with the reader of its format. `Err` is why it cannot be read
/// (exit status 2), in Chinese.
pub fn read(bytes: &[u8], format: Format) -> Result<RawDocument, String> {
    match format {
        Format::Docx => crate::readers::docx::read(bytes).map_err(|e| e.to_string()),
        Format::Text => crate::readers::text::read(bytes),
        Format::Markdown => crate::readers::markdown::read(bytes),
    }
}

/// Formats a raw document. `Err` when no report text is left (nothing to write).
pub fn format(mut raw: RawDocument) -> Result<Formatted, Diagnostic> {
    let mut changes = Vec::new();
    let mut blank = Vec::new();
    let mut read_paragraphs: Vec<(Location, String)> = Vec::new();
    for block in &mut raw.blocks {
        let RawBlock::Paragraph(p) = block else { continue };
        if p.at.is_header_or_footer() {
            read_paragraphs.push((p.at.clone(), p.text.clone()));
            continue;
        }
        if p.text.trim_matches(|c: char| c.is_whitespace()).is_empty() {
            blank.push(p.at.clone());
            continue;
        }
        let (text, replaced) = fullwidth::apply(&p.text);
        changes.extend(replaced.into_iter().map(|r| Change { kind: Kind::FullWidth, at: p.at.clone(), offset: r.offset, from: r.from, to: r.to, why: None }));
        p.text = text;
        read_paragraphs.push((p.at.clone(), p.text.clone()));
    }
    let notes = std::mem::take(&mut raw.notes);
    let mut structured = structure::build(raw);
    if structured.document.blocks.is_empty() {
        return Err(Diagnostic::error("文件里没有可以整理的报告文字（只有空段落、页眉页脚或广告）"));
    }
    place_tables(&mut structured);
    let doc = &mut structured.document;
    numbering::apply(doc);
    punctuation::apply(doc);
    changes.extend(align::changes(&read_paragraphs, &doc.blocks, &structured.origins, &structured.removed));
    // Full-width changes first, then the rest, each paragraph in document order.
    let order: std::collections::HashMap<(Option<&str>, usize), usize> =
        read_paragraphs.iter().enumerate().map(|(i, (at, _))| ((at.part.as_deref(), at.index), i)).collect();
    let mut keyed: Vec<(usize, u8, Change)> = changes
        .into_iter()
        .map(|c| (order.get(&(c.at.part.as_deref(), c.at.index)).copied().unwrap_or(usize::MAX), u8::from(c.kind != Kind::FullWidth), c))
        .collect();
    keyed.sort_by_key(|(p, phase, c)| (*p, *phase, c.offset));
    let changes = keyed.into_iter().map(|(_, _, c)| c).collect();

    let mut warnings: Vec<Diagnostic> = notes.iter().chain(&structured.notes).map(|n| Diagnostic::warning(format!("{}：{}没有保留", n.at, n.what))).collect();
    warnings.extend(residue(&structured.document, &structured.origins));
    let docx = crate::docx::write(&structured.document);
    Ok(Formatted { document: structured.document, docx, changes, blank, removed: structured.removed, warnings })
}

/// Puts each table read back among the blocks, where it stood (after the block it
/// followed), as a table of the model; a paragraph just before it that reads like a caption
/// (「表1 …」) becomes its caption. A table without a single cell has nothing to carry.
fn place_tables(s: &mut structure::Structured) {
    let tables = std::mem::take(&mut s.tables);
    // From the last, so that the indices of the earlier ones still hold.
    for (index, raw) in tables.into_iter().rev() {
        let Some(mut table) = tables::from_raw(&raw) else { continue };
        let index = index.min(s.document.blocks.len());
        let mut at: Location = raw.at.clone();
        let caption = index.checked_sub(1).filter(|&i| matches!(&s.document.blocks[i], Block::Paragraph(t) if tables::is_caption(&t.to_plain())));
        let index = match caption {
            Some(i) => {
                if let Block::Paragraph(t) = s.document.blocks.remove(i) {
                    table.caption = t;
                }
                at = s.origins.remove(i);
                i
            }
            None => index,
        };
        s.document.blocks.insert(index, Block::Table(table));
        s.origins.insert(index, at);
    }
}

/// Placeholders and advert residue still in the report's text (reported, not removed).
fn residue(doc: &Document, origins: &[Location]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (block, at) in doc.blocks.iter().zip(origins) {
        let text = printed(block);
        for p in placeholders::find(&text) {
            out.push(Diagnostic::warning(format!("{at}：报告中有占位符「{}」，请填写实际内容", p.text)));
        }
        for a in adverts::find(&text) {
            out.push(Diagnostic::warning(format!("{at}：报告中有广告或水印残留「{a}」，请删除")));
        }
    }
    out
}

/// Every paragraph a block prints, joined (an item's later paragraphs included).
fn printed(block: &Block) -> String {
    match block {
        Block::Item(item) => {
            let mut s = block.printed_text();
            for p in item.paragraphs.iter().skip(1) {
                s.push('\n');
                s.push_str(&p.to_plain());
            }
            s
        }
        Block::Table(table) => {
            let mut s = table.caption.to_plain();
            for cell in table.all_rows().flatten() {
                s.push('\n');
                s.push_str(&cell.to_plain());
            }
            s
        }
        _ => block.printed_text(),
    }
}
