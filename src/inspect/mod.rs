//! Reading any .docx back — ours, or one saved by Word, WPS or LibreOffice — into facts a
//! report check can use: each paragraph's text and its effective formatting, the page
//! layout and the page-number footers.
//!
//! Effective formatting is resolved the way Word does it: direct formatting, then the run
//! style, then the paragraph style and its `basedOn` chain, then `docDefaults`; attributes of
//! `w:ind` and `w:rFonts` are merged one by one. Used by `dump`, `check` and the tests.

pub mod cause;
pub mod order;
pub mod outline;
pub mod package;
pub mod xml;

use std::collections::HashMap;

pub use package::{Package, ReadError};
use xml::Element;

use crate::limits::{MAX_DOCX_PARAGRAPHS, MAX_FOOTER_REFERENCES, MAX_XML_NODES};

/// Indentation of a paragraph, in twips or hundredths of a character (`*_chars`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Indent {
    pub first_line: Option<i64>,
    pub first_line_chars: Option<i64>,
    pub hanging: Option<i64>,
    pub left: Option<i64>,
    pub right: Option<i64>,
    pub right_chars: Option<i64>,
}

/// A paragraph with its effective formatting.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Paragraph {
    pub text: String,
    pub style_id: Option<String>,
    pub style_name: Option<String>,
    pub outline_level: Option<u8>,
    pub jc: Option<String>,
    pub ind: Indent,
    /// `w:spacing w:line` and its rule (`exact`, `auto`, `atLeast`).
    pub line: Option<(i64, String)>,
    /// East Asian font of the first run with text.
    pub east_asia_font: Option<String>,
    /// Latin font of the first run with text.
    pub ascii_font: Option<String>,
    /// Size in points of the first run with text.
    pub size_pt: Option<f64>,
    pub bold: bool,
    /// Character spacing (`w:spacing w:val` in rPr), twentieths of a point.
    pub char_spacing: Option<i64>,
    /// Automatic list numbering (`w:numPr` with a non-zero `w:numId`, direct or from the
    /// style): the number Word shows is not in `text`.
    pub numbered: bool,
    /// The paragraph is inside a table cell.
    pub in_table: bool,
    /// Where in a table: the outermost table (counted from 0 in the body), its row and the
    /// cell in that row. A table nested in a cell is read as part of that cell.
    pub cell: Option<CellAt>,
}

/// A table cell's place (see [`Paragraph::cell`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CellAt {
    pub table: usize,
    pub row: usize,
    pub column: usize,
}

/// A page-number footer.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Footer {
    /// `default` (odd pages when even/odd differ), `even` or `first`.
    pub kind: String,
    pub text: String,
    pub has_page_field: bool,
    pub jc: Option<String>,
    pub ind: Indent,
    pub sizes_pt: Vec<f64>,
}

/// Page layout of the (last) section.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Layout {
    pub page_width: Option<i64>,
    pub page_height: Option<i64>,
    pub margin_top: Option<i64>,
    pub margin_bottom: Option<i64>,
    pub margin_left: Option<i64>,
    pub margin_right: Option<i64>,
    pub footer_distance: Option<i64>,
    pub grid_type: Option<String>,
    pub line_pitch: Option<i64>,
    pub even_and_odd_footers: bool,
    pub footers: Vec<Footer>,
}

/// What a .docx holds, as far as a report check is concerned.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Docx {
    pub paragraphs: Vec<Paragraph>,
    pub layout: Layout,
    /// `dc:title` from docProps/core.xml.
    pub title: Option<String>,
}

/// Reads a .docx from its bytes.
///
/// Memory and time stay linear in the package: all parts share one budget of XML nodes
/// ([`MAX_XML_NODES`]), each part is parsed once however often it is referenced, the
/// paragraphs and footer references are capped, and a paragraph's text is its own (a
/// paragraph nested in another is read as a paragraph of its own, not copied into every
/// paragraph around it).
pub fn read(bytes: &[u8]) -> Result<Docx, ReadError> {
    let pkg = Package::open(bytes)?;
    let mut budget = MAX_XML_NODES;
    let mut parse = |name: &str, xml: &str| xml::parse_counted(xml, &mut budget).map_err(|why| ReadError::BadPart { part: name.to_string(), why });
    let doc_name = main_document_name(&pkg, &mut parse);
    let document = parse(&doc_name, pkg.required(&doc_name)?)?;
    let styles = match pkg.part("word/styles.xml") {
        Some(x) => Styles::new(Some(parse("word/styles.xml", x)?)),
        None => Styles::new(None),
    };
    let body = document.child("w:body").ok_or_else(|| ReadError::MissingPart("w:body".into()))?;
    let found = body_paragraphs(body);
    if found.len() > MAX_DOCX_PARAGRAPHS {
        return Err(ReadError::BadPart { part: doc_name, why: format!("有 {} 段，超过上限 {MAX_DOCX_PARAGRAPHS} 段", found.len()) });
    }
    let paragraphs = found.into_iter().map(|(p, in_table, cell)| Paragraph { in_table, cell, ..paragraph(p, &styles) }).collect();

    let mut layout = Layout::default();
    if let Some(sect) = body.descendants("w:sectPr").last() {
        let num = |el: Option<&Element>, a: &str| el.and_then(|e| e.attr(a)).and_then(|v| v.parse::<f64>().ok()).map(|v| v as i64);
        let pg = sect.child("w:pgSz");
        layout.page_width = num(pg, "w:w");
        layout.page_height = num(pg, "w:h");
        let mar = sect.child("w:pgMar");
        layout.margin_top = num(mar, "w:top");
        layout.margin_bottom = num(mar, "w:bottom");
        layout.margin_left = num(mar, "w:left");
        layout.margin_right = num(mar, "w:right");
        layout.footer_distance = num(mar, "w:footer");
        let grid = sect.child("w:docGrid");
        layout.grid_type = grid.and_then(|g| g.attr("w:type")).map(str::to_string);
        layout.line_pitch = num(grid, "w:linePitch");
        let rels = relationships(&pkg, &doc_name, &mut parse);
        let references: Vec<&Element> = sect.elements().filter(|e| e.name == "w:footerReference").collect();
        if references.len() > MAX_FOOTER_REFERENCES {
            return Err(ReadError::BadPart {
                part: doc_name,
                why: format!("分节属性中有 {} 个页脚引用，超过上限 {MAX_FOOTER_REFERENCES} 个", references.len()),
            });
        }
        // Each footer part is parsed once, however many references name it.
        let mut parsed: HashMap<&str, Footer> = HashMap::new();
        for fr in references {
            let kind = fr.attr("w:type").unwrap_or("default").to_string();
            let Some(target) = fr.attr("r:id").and_then(|id| rels.get(id)) else { continue };
            let Some(xml) = pkg.part(target) else { continue };
            let f = match parsed.get(target.as_str()) {
                Some(f) => f.clone(),
                None => {
                    let f = footer(String::new(), &parse(target, xml)?, &styles);
                    parsed.insert(target, f.clone());
                    f
                }
            };
            layout.footers.push(Footer { kind, ..f });
        }
    }
    if let Some(settings) = pkg.part("word/settings.xml") {
        let s = parse("word/settings.xml", settings)?;
        layout.even_and_odd_footers = s.child("w:evenAndOddHeaders").is_some_and(|e| !matches!(e.attr("w:val"), Some("0" | "false")));
    }
    let title = match pkg.part("docProps/core.xml") {
        Some(x) => parse("docProps/core.xml", x)?.child("dc:title").map(Element::text),
        None => None,
    };
    Ok(Docx { paragraphs, layout, title })
}

/// Where the walk of [`body_paragraphs`] stands: outside tables, in a table, a row, a cell.
#[derive(Clone, Copy)]
enum Place {
    Out,
    Table(usize),
    Row(usize, usize),
    Cell(CellAt),
}

/// The paragraphs of the body in document order, each with whether it is inside a table
/// (anywhere under `w:tbl`, even outside a cell) and its table cell (if any): one
/// walk, so a paragraph inside nested tables is visited once, not once per table. Rows and
/// cells are counted as they are met; all of a row is visited before the next row begins,
/// so one counter of each suffices. Rows inside `w:sdt` wrappers count too.
fn body_paragraphs(body: &Element) -> Vec<(&Element, bool, Option<CellAt>)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Element, Place)> = body.elements().rev().map(|e| (e, Place::Out)).collect();
    let (mut tables, mut rows, mut cells) = (0, 0, 0);
    while let Some((e, place)) = stack.pop() {
        let place = match (place, e.name.as_str()) {
            (Place::Out, "w:tbl") => {
                tables += 1;
                rows = 0;
                Place::Table(tables - 1)
            }
            (Place::Table(t), "w:tr") => {
                rows += 1;
                cells = 0;
                Place::Row(t, rows - 1)
            }
            (Place::Row(table, row), "w:tc") => {
                cells += 1;
                Place::Cell(CellAt { table, row, column: cells - 1 })
            }
            (place, _) => place,
        };
        if e.name == "w:p" {
            let cell = match place {
                Place::Cell(at) => Some(at),
                _ => None,
            };
            out.push((e, !matches!(place, Place::Out), cell));
        }
        stack.extend(e.elements().rev().map(|c| (c, place)));
    }
    out
}

/// Checks that every XML part of a package is well-formed and that property elements are
/// in schema order; returns the problems found (empty when the package is sound).
pub fn soundness(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    let pkg = Package::open(bytes)?;
    let mut problems = Vec::new();
    let mut budget = MAX_XML_NODES;
    for name in &pkg.names {
        let Some(xml) = pkg.part(name) else { continue };
        match xml::parse_counted(xml, &mut budget) {
            Ok(root) => problems.extend(order::violations(&root).into_iter().map(|v| format!("{name}：{v}"))),
            Err(why) => problems.push(format!("{name}：{why}")),
        }
    }
    Ok(problems)
}

/// The main document part named by `_rels/.rels` (usually `word/document.xml`).
pub(crate) fn main_document_name(pkg: &Package, parse: &mut impl FnMut(&str, &str) -> Result<Element, ReadError>) -> String {
    let fallback = "word/document.xml".to_string();
    let Some(rels) = pkg.part("_rels/.rels").and_then(|x| parse("_rels/.rels", x).ok()) else { return fallback };
    let target = rels
        .elements()
        .find(|r| r.attr("Type").is_some_and(|t| t.ends_with("/officeDocument")))
        .and_then(|r| r.attr("Target"))
        .map(|t| t.trim_start_matches('/').to_string());
    target.unwrap_or(fallback)
}

/// Relationship id → part name for the document part.
fn relationships(pkg: &Package, doc_name: &str, parse: &mut impl FnMut(&str, &str) -> Result<Element, ReadError>) -> HashMap<String, String> {
    let (dir, file) = doc_name.rsplit_once('/').unwrap_or(("", doc_name));
    let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let mut out = HashMap::new();
    let Some(rels) = pkg.part(&rels_name).and_then(|x| parse(&rels_name, x).ok()) else { return out };
    for r in rels.elements() {
        if let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) {
            let name = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None if dir.is_empty() => target.to_string(),
                None => format!("{dir}/{target}"),
            };
            out.insert(id.to_string(), name);
        }
    }
    out
}

/// Styles with their inheritance, resolved on demand.
struct Styles {
    by_id: HashMap<String, Element>,
    default_paragraph: Option<String>,
    default_ppr: Option<Element>,
    default_rpr: Option<Element>,
}

impl Styles {
    fn new(root: Option<Element>) -> Styles {
        let mut s = Styles { by_id: HashMap::new(), default_paragraph: None, default_ppr: None, default_rpr: None };
        let Some(root) = root else { return s };
        if let Some(dd) = root.child("w:docDefaults") {
            s.default_ppr = dd.child("w:pPrDefault").and_then(|d| d.child("w:pPr")).map(compact);
            s.default_rpr = dd.child("w:rPrDefault").and_then(|d| d.child("w:rPr")).map(compact);
        }
        for st in root.elements().filter(|e| e.name == "w:style") {
            let Some(id) = st.attr("w:styleId") else { continue };
            if st.attr("w:type") == Some("paragraph") && matches!(st.attr("w:default"), Some("1" | "true" | "on")) {
                s.default_paragraph = Some(id.to_string());
            }
            s.by_id.insert(id.to_string(), compact(st));
        }
        s
    }

    /// The style and its ancestors, nearest first (cycles cut).
    fn chain(&self, id: Option<&str>) -> Vec<&Element> {
        let mut out: Vec<&Element> = Vec::new();
        let mut next = id.map(str::to_string);
        while let Some(id) = next {
            let Some(st) = self.by_id.get(&id) else { break };
            if out.iter().any(|e| std::ptr::eq(*e, st)) || out.len() > 32 {
                break;
            }
            out.push(st);
            next = st.child_val("w:basedOn").map(str::to_string);
        }
        out
    }
}

/// The children and attributes of style elements that paragraphs consult.
const STYLE_NAMES: &[&str] = &[
    "w:name", "w:basedOn", "w:pPr", "w:rPr", "w:outlineLvl", "w:jc", "w:ind", "w:spacing", "w:numPr", "w:numId",
    "w:rFonts", "w:sz", "w:b",
];

/// A copy of a style element (or of `docDefaults`' properties) that keeps only the first
/// child of each name paragraphs look up, recursively: every paragraph consults the styles,
/// so a style with a million children (or an `w:ind` with hundreds of attributes) would
/// otherwise be scanned once per paragraph.
fn compact(e: &Element) -> Element {
    let mut out = Element { name: e.name.clone(), attrs: Vec::new(), children: Vec::new() };
    for (k, v) in &e.attrs {
        if !out.attrs.iter().any(|(seen, _)| seen == k) && (k == "w:val" || k.starts_with("w:")) && out.attrs.len() < 24 {
            out.attrs.push((k.clone(), v.clone()));
        }
    }
    for c in e.elements() {
        if STYLE_NAMES.contains(&c.name.as_str()) && out.child(&c.name).is_none() {
            out.children.push(xml::Node::Element(compact(c)));
        }
    }
    out
}

/// Collects the property containers to consult, nearest first.
fn ppr_layers<'a>(direct: Option<&'a Element>, chain: &[&'a Element], styles: &'a Styles) -> Vec<&'a Element> {
    let mut v: Vec<&Element> = direct.into_iter().collect();
    v.extend(chain.iter().filter_map(|s| s.child("w:pPr")));
    v.extend(styles.default_ppr.as_ref());
    v
}

fn first<'a, T>(layers: &[&'a Element], f: impl Fn(&'a Element) -> Option<T>) -> Option<T> {
    layers.iter().find_map(|e| f(e))
}

fn int(v: Option<&str>) -> Option<i64> {
    v.and_then(|s| s.parse::<f64>().ok()).map(|f| f as i64)
}

fn is_on(e: &Element) -> bool {
    !matches!(e.attr("w:val"), Some("0" | "false" | "off"))
}

fn indent(layers: &[&Element]) -> Indent {
    let get = |a: &str| first(layers, |p| p.child("w:ind").and_then(|i| i.attr(a).map(str::to_string)));
    let get2 = |a: &str, b: &str| get(a).or_else(|| get(b));
    // 「firstLine」 and 「hanging」 are one property (the first line's offset): the nearest
    // layer that sets either decides both, so a style's hanging="0" cancels an inherited
    // firstLine (LibreOffice writes that). Likewise for the *Chars pair.
    let pair = |a: &str, b: &str| {
        first(layers, |p| {
            let i = p.child("w:ind")?;
            (i.attr(a).is_some() || i.attr(b).is_some()).then(|| (int(i.attr(a)), int(i.attr(b))))
        })
        .unwrap_or((None, None))
    };
    let (first_line, hanging) = pair("w:firstLine", "w:hanging");
    let (first_line_chars, _) = pair("w:firstLineChars", "w:hangingChars");
    Indent {
        first_line,
        first_line_chars,
        hanging,
        left: int(get2("w:left", "w:start").as_deref()),
        right: int(get2("w:right", "w:end").as_deref()),
        right_chars: int(get2("w:rightChars", "w:endChars").as_deref()),
    }
}

/// Elements whose text is not printed in the paragraph (deleted, field codes, properties,
/// text boxes, which hold paragraphs of their own).
const UNPRINTED: &[&str] = &["w:del", "w:delText", "w:instrText", "w:pPr", "w:rPr", "w:txbxContent"];

/// The text of a paragraph (or run) as printed: runs' text, tabs, line breaks; deleted text
/// skipped. A paragraph nested inside is left out: it is read as a paragraph of its own, and
/// copying its text into every paragraph around it made a 38 KB file take a gigabyte.
fn paragraph_text(p: &Element) -> String {
    let mut out = String::new();
    let mut stack: Vec<&Element> = p.elements().rev().collect();
    while let Some(e) = stack.pop() {
        match e.name.as_str() {
            "w:t" => out.push_str(&e.own_text()),
            "w:tab" => out.push('\t'),
            "w:br" | "w:cr" => out.push('\n'),
            "w:p" => {}
            name if UNPRINTED.contains(&name) => {}
            _ => stack.extend(e.elements().rev()),
        }
    }
    out
}

/// The first run of the paragraph that prints something (the outermost, when runs are
/// nested), found in one walk: asking each run for its text visited nested runs once per
/// run around them.
fn first_printing_run(p: &Element) -> Option<&Element> {
    // Each element with the outermost run around it whose text it is part of.
    let mut stack: Vec<(&Element, Option<&Element>)> = p.elements().rev().map(|e| (e, None)).collect();
    while let Some((e, run)) = stack.pop() {
        let run = match e.name.as_str() {
            "w:p" => continue,
            "w:t" => {
                if run.is_some() && !e.own_text().trim().is_empty() {
                    return run;
                }
                continue;
            }
            "w:r" => run.or(Some(e)),
            name if UNPRINTED.contains(&name) => None,
            _ => run,
        };
        stack.extend(e.elements().rev().map(|c| (c, run)));
    }
    None
}

fn paragraph(p: &Element, styles: &Styles) -> Paragraph {
    let ppr = p.child("w:pPr");
    let style_id = ppr.and_then(|x| x.child_val("w:pStyle")).map(str::to_string).or_else(|| styles.default_paragraph.clone());
    let chain = styles.chain(style_id.as_deref());
    let players = ppr_layers(ppr, &chain, styles);

    // Run properties of the first run that prints something.
    let run = first_printing_run(p);
    let run_rpr = run.and_then(|r| r.child("w:rPr"));
    let rstyle_chain = styles.chain(run_rpr.and_then(|r| r.child_val("w:rStyle")));
    let mut rlayers: Vec<&Element> = run_rpr.into_iter().collect();
    rlayers.extend(rstyle_chain.iter().filter_map(|s| s.child("w:rPr")));
    rlayers.extend(chain.iter().filter_map(|s| s.child("w:rPr")));
    rlayers.extend(styles.default_rpr.as_ref());

    // Word lets a theme font (`w:eastAsiaTheme`) win over a named one on the same element.
    let font = |a: &str| {
        let theme = format!("{a}Theme");
        first(&rlayers, |r| {
            let f = r.child("w:rFonts")?;
            match (f.attr(&theme), f.attr(a)) {
                (Some(t), _) => Some(format!("（主题字体 {t}）")),
                (None, named) => named.map(str::to_string),
            }
        })
    };
    Paragraph {
        text: paragraph_text(p),
        style_name: chain.first().and_then(|s| s.child_val("w:name")).map(str::to_string),
        style_id,
        outline_level: first(&players, |x| x.child_val("w:outlineLvl")).and_then(|v| v.parse().ok()),
        jc: first(&players, |x| x.child_val("w:jc")).map(str::to_string),
        ind: indent(&players),
        line: first(&players, |x| {
            let s = x.child("w:spacing")?;
            Some((int(s.attr("w:line"))?, s.attr("w:lineRule").unwrap_or("auto").to_string()))
        }),
        east_asia_font: font("w:eastAsia"),
        ascii_font: font("w:ascii"),
        size_pt: first(&rlayers, |r| int(r.child_val("w:sz"))).map(|hp| hp as f64 / 2.0),
        bold: first(&rlayers, |r| r.child("w:b").map(is_on)).unwrap_or(false),
        char_spacing: first(&rlayers, |r| int(r.child("w:spacing").and_then(|s| s.attr("w:val")))),
        numbered: first(&players, |x| x.child("w:numPr").and_then(|n| n.child_val("w:numId"))).is_some_and(|id| id.trim() != "0"),
        in_table: false,
        cell: None,
    }
}

fn footer(kind: String, root: &Element, styles: &Styles) -> Footer {
    let paras = root.descendants("w:p");
    let texts: Vec<String> = paras.iter().map(|p| paragraph_text(p)).collect();
    let text = texts.concat();
    let instr: String = root.descendants("w:instrText").iter().map(|e| e.own_text()).collect::<String>()
        + &root.descendants("w:fldSimple").iter().filter_map(|e| e.attr("w:instr")).collect::<String>();
    let first_para = texts.iter().position(|t| !t.trim().is_empty()).map(|i| paras[i]).or(paras.first().copied());
    let info = first_para.map(|p| paragraph(p, styles)).unwrap_or_default();
    let mut sizes: Vec<f64> = root.descendants("w:sz").iter().filter_map(|s| int(s.attr("w:val"))).map(|hp| hp as f64 / 2.0).collect();
    if sizes.is_empty() {
        sizes.extend(info.size_pt);
    }
    Footer {
        kind,
        text,
        has_page_field: instr.to_uppercase().contains("PAGE"),
        jc: info.jc,
        ind: info.ind,
        sizes_pt: sizes,
    }
}

#[cfg(test)]
mod tests;
