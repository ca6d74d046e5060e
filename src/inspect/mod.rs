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
pub fn read(bytes: &[u8]) -> Result<Docx, ReadError> {
    let pkg = Package::open(bytes)?;
    let parse = |name: &str, xml: &str| xml::parse(xml).map_err(|why| ReadError::BadPart { part: name.to_string(), why });
    let doc_name = main_document_name(&pkg);
    let document = parse(&doc_name, pkg.required(&doc_name)?)?;
    let styles = match pkg.part("word/styles.xml") {
        Some(x) => Styles::new(Some(parse("word/styles.xml", x)?)),
        None => Styles::new(None),
    };
    let body = document.child("w:body").ok_or_else(|| ReadError::MissingPart("w:body".into()))?;
    let in_tables: std::collections::HashSet<*const Element> =
        body.descendants("w:tbl").into_iter().flat_map(|t| t.descendants("w:p")).map(|p| p as *const Element).collect();
    let paragraphs = body
        .descendants("w:p")
        .into_iter()
        .map(|p| Paragraph { in_table: in_tables.contains(&(p as *const Element)), ..paragraph(p, &styles) })
        .collect();

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
        let rels = relationships(&pkg, &doc_name);
        for fr in sect.elements().filter(|e| e.name == "w:footerReference") {
            let kind = fr.attr("w:type").unwrap_or("default").to_string();
            let Some(target) = fr.attr("r:id").and_then(|id| rels.get(id)) else { continue };
            let Some(xml) = pkg.part(target) else { continue };
            let f = parse(target, xml)?;
            layout.footers.push(footer(kind, &f, &styles));
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

/// Checks that every XML part of a package is well-formed and that property elements are
/// in schema order; returns the problems found (empty when the package is sound).
pub fn soundness(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    let pkg = Package::open(bytes)?;
    let mut problems = Vec::new();
    for name in &pkg.names {
        let Some(xml) = pkg.part(name) else { continue };
        match xml::parse(xml) {
            Ok(root) => problems.extend(order::violations(&root).into_iter().map(|v| format!("{name}：{v}"))),
            Err(why) => problems.push(format!("{name}：{why}")),
        }
    }
    Ok(problems)
}

/// The main document part named by `_rels/.rels` (usually `word/document.xml`).
fn main_document_name(pkg: &Package) -> String {
    let fallback = "word/document.xml".to_string();
    let Some(rels) = pkg.part("_rels/.rels").and_then(|x| xml::parse(x).ok()) else { return fallback };
    let target = rels
        .elements()
        .find(|r| r.attr("Type").is_some_and(|t| t.ends_with("/officeDocument")))
        .and_then(|r| r.attr("Target"))
        .map(|t| t.trim_start_matches('/').to_string());
    target.unwrap_or(fallback)
}

/// Relationship id → part name for the document part.
fn relationships(pkg: &Package, doc_name: &str) -> HashMap<String, String> {
    let (dir, file) = doc_name.rsplit_once('/').unwrap_or(("", doc_name));
    let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let mut out = HashMap::new();
    let Some(rels) = pkg.part(&rels_name).and_then(|x| xml::parse(x).ok()) else { return out };
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
            s.default_ppr = dd.child("w:pPrDefault").and_then(|d| d.child("w:pPr")).cloned();
            s.default_rpr = dd.child("w:rPrDefault").and_then(|d| d.child("w:rPr")).cloned();
        }
        for st in root.elements().filter(|e| e.name == "w:style") {
            let Some(id) = st.attr("w:styleId") else { continue };
            if st.attr("w:type") == Some("paragraph") && matches!(st.attr("w:default"), Some("1" | "true" | "on")) {
                s.default_paragraph = Some(id.to_string());
            }
            s.by_id.insert(id.to_string(), st.clone());
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

/// The text of a paragraph as printed: runs' text, tabs, line breaks; deleted text skipped.
fn paragraph_text(p: &Element) -> String {
    let mut out = String::new();
    let mut stack: Vec<&Element> = p.elements().collect::<Vec<_>>().into_iter().rev().collect();
    while let Some(e) = stack.pop() {
        match e.name.as_str() {
            "w:t" => out.push_str(&e.text()),
            "w:tab" => out.push('\t'),
            "w:br" | "w:cr" => out.push('\n'),
            "w:del" | "w:delText" | "w:instrText" | "w:pPr" | "w:rPr" | "w:txbxContent" => {}
            _ => stack.extend(e.elements().collect::<Vec<_>>().into_iter().rev()),
        }
    }
    out
}

fn paragraph(p: &Element, styles: &Styles) -> Paragraph {
    let ppr = p.child("w:pPr");
    let style_id = ppr.and_then(|x| x.child_val("w:pStyle")).map(str::to_string).or_else(|| styles.default_paragraph.clone());
    let chain = styles.chain(style_id.as_deref());
    let players = ppr_layers(ppr, &chain, styles);

    // Run properties of the first run that prints something.
    let run = p.descendants("w:r").into_iter().find(|r| !paragraph_text(r).trim().is_empty());
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
    }
}

fn footer(kind: String, root: &Element, styles: &Styles) -> Footer {
    let paras = root.descendants("w:p");
    let mut text = String::new();
    for p in &paras {
        text.push_str(&paragraph_text(p));
    }
    let instr: String = root.descendants("w:instrText").iter().map(|e| e.text()).collect::<String>()
        + &root.descendants("w:fldSimple").iter().filter_map(|e| e.attr("w:instr")).collect::<String>();
    let first_para = paras.iter().find(|p| !paragraph_text(p).trim().is_empty()).or(paras.first());
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
