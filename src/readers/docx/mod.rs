//! The .docx reader: a report typed in Word, WPS or LibreOffice → a [`RawDocument`].
//!
//! The package is opened by [`crate::inspect::package`] (the size, entry-count, ratio and
//! expanded-size limits of `check`) and its parts parsed into bounded trees sharing one node
//! budget. Then, in reading order:
//! - every body paragraph: its printed text ([`text`]), Word's automatic number in front as
//!   the text it displays ([`numbering`]), a hint from its heading style or outline level
//!   ([`styles`]) and its alignment;
//! - every table as rows of cell texts (a cell's paragraphs joined by line breaks);
//! - then the paragraphs of the headers and footers the sections name, each part once.
//!
//! What has no text to carry (images, text boxes, footnotes, comments, tracked changes, …)
//! becomes a [`Note`] naming the part and the paragraph where it was.

mod numbering;
mod styles;
mod text;

use std::collections::{HashMap, HashSet};

use super::raw::{Align, Hint, Location, Note, RawBlock, RawDocument, RawParagraph, RawTable};
use crate::inspect::xml::{self, Element};
use crate::inspect::{Package, ReadError};
use crate::limits::{MAX_DOCX_PARAGRAPHS, MAX_XML_NODES};
use numbering::{Numbering, Shown};
use styles::Styles;
pub use text::preview;
use text::{Annotations, Walked};

/// Most header and footer parts read (Word writes at most three of each per section).
const MAX_MARGIN_PARTS: usize = 64;

/// Reads a .docx from its bytes into the raw document (see the module's notes).
pub fn read(bytes: &[u8]) -> Result<RawDocument, ReadError> {
    let pkg = Package::open(bytes)?;
    let mut budget = MAX_XML_NODES;
    let mut parse = |name: &str, xml: &str| xml::parse_counted(xml, &mut budget).map_err(|why| ReadError::BadPart { part: name.to_string(), why });
    let doc_name = crate::inspect::main_document_name(&pkg, &mut parse);
    let document = parse(&doc_name, pkg.required(&doc_name)?)?;
    let body = document.child("w:body").ok_or_else(|| ReadError::MissingPart("w:body".into()))?;
    let rels = relations(&pkg, &doc_name, &mut parse);
    let (dir, _) = doc_name.rsplit_once('/').unwrap_or(("", ""));
    let mut optional = |kind: &str, fallback: &str| -> Result<Option<Element>, ReadError> {
        let name = rels.iter().find(|r| r.kind.ends_with(kind)).map(|r| r.target.clone()).unwrap_or_else(|| join(dir, fallback));
        pkg.part(&name).map(|x| parse(&name, x)).transpose()
    };
    let styles = Styles::new(optional("/styles", "styles.xml")?.as_ref());
    let numbering = Numbering::new(optional("/numbering", "numbering.xml")?.as_ref());
    let ann = Annotations {
        footnotes: Annotations::collect(optional("/footnotes", "footnotes.xml")?.as_ref(), "w:footnote"),
        endnotes: Annotations::collect(optional("/endnotes", "endnotes.xml")?.as_ref(), "w:endnote"),
        comments: Annotations::collect(optional("/comments", "comments.xml")?.as_ref(), "w:comment"),
    };
    let mut reader = Reader { styles, numbering, ann, out: RawDocument::default(), part: doc_name.clone(), index: 0 };
    reader.blocks(body);
    if reader.index > MAX_DOCX_PARAGRAPHS {
        return Err(ReadError::BadPart { part: doc_name, why: format!("有 {} 段，超过上限 {MAX_DOCX_PARAGRAPHS} 段", reader.index) });
    }

    // Headers and footers, each part once, in the order the sections name them.
    let by_id: HashMap<&str, &str> = rels.iter().map(|r| (r.id.as_str(), r.target.as_str())).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for sect in body.descendants("w:sectPr") {
        for r in sect.elements().filter(|e| e.name == "w:headerReference" || e.name == "w:footerReference") {
            let Some(&target) = r.attr("r:id").and_then(|id| by_id.get(id)) else { continue };
            if seen.len() >= MAX_MARGIN_PARTS || !seen.insert(target) {
                continue;
            }
            let Some(xml) = pkg.part(target) else { continue };
            let root = parse(target, xml)?;
            reader.part = target.to_string();
            reader.index = 0;
            for p in paragraphs_in(&root) {
                let (walked, at) = reader.walk(p);
                reader.note_all(&walked, &at);
                reader.out.blocks.push(RawBlock::Paragraph(RawParagraph { text: walked.text, hint: None, align: None, at }));
            }
        }
    }
    Ok(reader.out)
}

/// One relationship of the main document part.
struct Relation {
    id: String,
    kind: String,
    target: String,
}

fn join(dir: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    }
}

/// The main document's relationships (id, type, part name), external ones left out.
fn relations(pkg: &Package, doc_name: &str, parse: &mut impl FnMut(&str, &str) -> Result<Element, ReadError>) -> Vec<Relation> {
    let (dir, file) = doc_name.rsplit_once('/').unwrap_or(("", doc_name));
    let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let Some(root) = pkg.part(&rels_name).and_then(|x| parse(&rels_name, x).ok()) else { return Vec::new() };
    root.elements()
        .filter(|r| r.attr("TargetMode") != Some("External"))
        .filter_map(|r| Some(Relation { id: r.attr("Id")?.to_string(), kind: r.attr("Type")?.to_string(), target: join(dir, r.attr("Target")?) }))
        .collect()
}

/// The paragraphs inside `e` in document order, not those nested in a paragraph (text
/// boxes: listed by the paragraph that holds them).
fn paragraphs_in(e: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    let mut stack: Vec<&Element> = e.elements().rev().collect();
    while let Some(e) = stack.pop() {
        if e.name == "w:p" {
            out.push(e);
        } else {
            stack.extend(e.elements().rev());
        }
    }
    out
}

struct Reader {
    styles: Styles,
    numbering: Numbering,
    ann: Annotations,
    out: RawDocument,
    /// The part being read and the index of its last paragraph read (from 1).
    part: String,
    index: usize,
}

impl Reader {
    fn at(&self) -> Location {
        Location { part: Some(self.part.clone()), index: self.index }
    }

    /// The body's blocks in order: paragraphs and tables, through content controls and
    /// custom XML; the section properties and bookmarks carry no text.
    fn blocks(&mut self, body: &Element) {
        let mut stack: Vec<&Element> = body.elements().rev().collect();
        while let Some(e) = stack.pop() {
            match e.name.as_str() {
                "w:p" => {
                    let p = self.paragraph(e);
                    self.out.blocks.push(RawBlock::Paragraph(p));
                }
                "w:tbl" => {
                    let t = self.table(e);
                    self.out.blocks.push(RawBlock::Table(t));
                }
                "w:altChunk" => self.out.notes.push(Note { what: "嵌入的外部文档（altChunk）".into(), at: Location { index: self.index + 1, ..self.at() } }),
                "w:sectPr" | "w:sdtPr" | "w:sdtEndPr" | "w:bookmarkStart" | "w:bookmarkEnd" => {}
                _ => stack.extend(e.elements().rev()),
            }
        }
    }

    /// Walks one paragraph, counting it.
    fn walk(&mut self, p: &Element) -> (Walked, Location) {
        self.index += 1;
        (text::walk(p, &self.ann), self.at())
    }

    fn note_all(&mut self, walked: &Walked, at: &Location) {
        self.out.notes.extend(walked.notes.iter().map(|what| Note { what: what.clone(), at: at.clone() }));
    }

    /// What every paragraph read gives, in a cell or not: its style, the number Word shows
    /// for it, its text, and where it is (notes on what it holds already taken).
    fn read_paragraph(&mut self, p: &Element) -> (styles::StyleInfo, Option<Shown>, Walked, Location) {
        let ppr = p.child("w:pPr");
        let style_id = ppr.and_then(|x| x.child_val("w:pStyle"));
        let info = self.styles.get(style_id).cloned().unwrap_or_default();
        let shown = self.number(ppr, style_id, &info);
        let (walked, at) = self.walk(p);
        self.note_all(&walked, &at);
        (info, shown, walked, at)
    }

    /// A body paragraph: its number, text, hint and alignment.
    fn paragraph(&mut self, p: &Element) -> RawParagraph {
        let ppr = p.child("w:pPr");
        let (info, shown, walked, at) = self.read_paragraph(p);
        let mut text = String::new();
        let mut hint = None;
        match shown {
            Some(Shown::Text(number)) => text.push_str(&number),
            Some(Shown::Bullet(_)) => {
                hint = Some(Hint::ListItem { ordered: false });
                self.out.notes.push(Note { what: "项目符号（公文不用项目符号，未保留）".into(), at: at.clone() });
            }
            None => {}
        }
        text.push_str(&walked.text);
        let direct_outline = ppr.and_then(|x| x.child_val("w:outlineLvl")).and_then(|v| v.trim().parse::<u8>().ok());
        let heading = match direct_outline {
            Some(level) => (level < 9).then_some(level + 1),
            None => info.heading.or_else(|| info.outline.filter(|&l| l < 9).map(|l| l + 1)),
        };
        if let Some(level) = heading {
            hint = Some(Hint::Heading(level));
        } else if info.title {
            hint = Some(Hint::Title);
        }
        let jc = ppr.and_then(|x| x.child_val("w:jc")).or(info.jc.as_deref());
        let align = match jc {
            Some("center") => Some(Align::Center),
            Some("right" | "end") => Some(Align::Right),
            _ => None,
        };
        RawParagraph { text, hint, align, at }
    }

    /// The automatic number of a paragraph (direct `w:numPr`, else its style's), counted.
    fn number(&mut self, ppr: Option<&Element>, style_id: Option<&str>, info: &styles::StyleInfo) -> Option<Shown> {
        let direct = ppr.and_then(|x| x.child("w:numPr"));
        let num_id = direct.and_then(|n| n.child_val("w:numId")).map(str::to_string).or_else(|| info.num_id.clone())?;
        let num_id = num_id.trim().to_string();
        let ilvl = direct
            .and_then(|n| n.child_val("w:ilvl"))
            .and_then(|v| v.trim().parse().ok())
            .or(info.ilvl)
            .or_else(|| style_id.and_then(|s| self.numbering.level_for_style(&num_id, s)))
            .unwrap_or(0);
        self.numbering.next(&num_id, ilvl)
    }

    /// A table: rows of cell texts. A cell's paragraphs (those of a table nested in it
    /// too, which is listed) are joined by line breaks; Word's numbers are counted in it.
    fn table(&mut self, tbl: &Element) -> RawTable {
        let at = Location { index: self.index + 1, ..self.at() };
        let mut rows = Vec::new();
        for tr in descendants_until(tbl, "w:tr", "w:tbl") {
            let mut cells = Vec::new();
            for tc in descendants_until(tr, "w:tc", "w:tr") {
                if !tc.descendants("w:tbl").is_empty() {
                    self.out.notes.push(Note { what: "表格中嵌套的表格（其文字并入所在单元格）".into(), at: Location { index: self.index + 1, ..self.at() } });
                }
                let mut lines = Vec::new();
                for p in paragraphs_in(tc) {
                    let (_, shown, walked, _) = self.read_paragraph(p);
                    let number = match shown {
                        Some(Shown::Text(n)) => n,
                        _ => String::new(),
                    };
                    lines.push(number + &walked.text);
                }
                cells.push(lines.join("\n"));
            }
            rows.push(cells);
        }
        RawTable { rows, at }
    }
}

/// The elements named `name` under `e`, not looking inside one (nor inside a `stop`
/// element): the rows of a table but not those of a table nested in a cell.
fn descendants_until<'a>(e: &'a Element, name: &str, stop: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    let mut stack: Vec<&Element> = e.elements().rev().collect();
    while let Some(c) = stack.pop() {
        if c.name == name {
            out.push(c);
        } else if c.name != stop && c.name != "w:tblPr" && c.name != "w:tblGrid" {
            stack.extend(c.elements().rev());
        }
    }
    out
}

#[cfg(test)]
mod tests;
