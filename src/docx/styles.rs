//! `word/styles.xml`: the GB/T 9704 look as named paragraph styles.
//!
//! All formatting lives here, so document.xml carries little more than a style name per
//! paragraph. Values follow `spec/LAYOUT.md`: 3号 (16 pt) text, 579-twip exact lines (22
//! a page), body condensed by 0.25 pt (28 characters a line), named fonts and never a
//! theme font attribute.

use super::props::{
    write_ppr, write_rpr, Fonts, Indent, Lang, LineSpacing, ParaProps, RunProps, BODY_CHAR_TWIPS,
};
use super::xml::XmlWriter;
use super::W_NS;

/// Font names as GB/T 9704 gives them (fonts.conf maps them to open fonts for audits).
pub(crate) mod font {
    pub const LATIN: &str = "Times New Roman";
    pub const FANGSONG: &str = "仿宋_GB2312";
    pub const XIAOBIAOSONG: &str = "方正小标宋简体";
    pub const HEITI: &str = "黑体";
    pub const KAITI: &str = "楷体_GB2312";
    pub const SONGTI: &str = "宋体";
}

/// Style ids used by document.xml and the footers. Word matches built-in styles by name
/// (`heading 1`, `Title`, `footer`), pandoc by name too; the ids only link the parts.
pub(crate) mod id {
    pub const NORMAL: &str = "Normal";
    pub const TITLE: &str = "Title";
    pub const HEADING: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];
    pub const RECIPIENT: &str = "Recipient";
    pub const SIGNATURE: &str = "Signature";
    pub const DATE: &str = "IssueDate";
    pub const FOOTER: &str = "Footer";
}

/// 3号 in half-points.
pub(crate) const SIZE_3HAO: u32 = 32;
/// 2号 in half-points.
pub(crate) const SIZE_2HAO: u32 = 44;
/// 4号 in half-points.
pub(crate) const SIZE_4HAO: u32 = 28;
/// The 成文日期 stands four characters in from the right margin.
pub(crate) const DATE_RIGHT_INDENT: i32 = 4 * BODY_CHAR_TWIPS;
/// Condensing of body text, in twips (−0.25 pt): 28 × 15.75 pt fits the 156 mm measure.
const BODY_CONDENSE: i32 = -5;

/// One `w:style` of type paragraph.
struct StyleDef<'a> {
    id: &'a str,
    name: &'a str,
    is_default: bool,
    /// Not one of Word's built-in styles (`w:customStyle`): Word then never maps it onto a
    /// built-in of the same name, and lists it as the document's own.
    custom: bool,
    based_on: Option<&'a str>,
    ui_priority: Option<u32>,
    ppr: ParaProps<'a>,
    rpr: RunProps<'a>,
}

/// The bytes of `word/styles.xml`.
pub(crate) fn styles_xml() -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start("w:styles", &[("xmlns:w", W_NS)]);
    write_doc_defaults(&mut w);
    for style in paragraph_styles() {
        write_style(&mut w, &style);
    }
    w.end("w:styles");
    w.into_bytes()
}

fn write_doc_defaults(w: &mut XmlWriter) {
    w.start("w:docDefaults", &[]);
    w.start("w:rPrDefault", &[]);
    let rpr = RunProps {
        fonts: Some(Fonts {
            ascii: Some(font::LATIN),
            h_ansi: Some(font::LATIN),
            east_asia: Some(font::FANGSONG),
            cs: Some(font::LATIN),
            ..Fonts::default()
        }),
        size: Some(SIZE_3HAO),
        lang: Some(Lang {
            val: "en-US",
            east_asia: "zh-CN",
        }),
        ..RunProps::default()
    };
    write_rpr(w, &rpr);
    w.end("w:rPrDefault");
    w.start("w:pPrDefault", &[]);
    w.end("w:pPrDefault");
    w.end("w:docDefaults");
}

fn paragraph_styles() -> Vec<StyleDef<'static>> {
    let normal = StyleDef {
        id: id::NORMAL,
        name: "Normal",
        is_default: true,
        custom: false,
        based_on: None,
        ui_priority: None,
        ppr: ParaProps {
            // Widow control moves lines between pages and breaks the 22-line count.
            widow_control: Some(false),
            overflow_punct: Some(true),
            spacing: Some(LineSpacing::BODY),
            ind: Some(Indent::FIRST_LINE_2),
            jc: Some("both"),
            ..ParaProps::default()
        },
        rpr: RunProps {
            spacing: Some(BODY_CONDENSE),
            ..RunProps::default()
        },
    };
    let title = StyleDef {
        id: id::TITLE,
        name: "Title",
        is_default: false,
        custom: false,
        based_on: Some(id::NORMAL),
        ui_priority: Some(10),
        // Off the grid: LibreOffice otherwise gives each 22 pt line two grid rows, while
        // Word keeps the exact 579-twip line; now both keep it.
        ppr: ParaProps {
            snap_to_grid: Some(false),
            ind: Some(Indent::FLUSH),
            jc: Some("center"),
            ..ParaProps::default()
        },
        rpr: RunProps {
            fonts: Some(Fonts::east_asia(font::XIAOBIAOSONG)),
            bold: Some(false),
            size: Some(SIZE_2HAO),
            ..RunProps::default()
        },
    };
    // Headings keep the body's indent and grid; only the font (and level 3's weight)
    // and the outline level differ. Levels 1 and 2 stand on a line of their own and keep
    // with the next paragraph: a reviewer sends back a heading at the foot of a page with
    // its text on the next. The page before then ends a line early, on the grid (the
    // audit accepts a page that ends early before a kept heading). Levels 3 and 4 do not
    // keep: they are run-in or short, and each keep costs a page a line.
    let heading = |level: usize, name: &'static str, font: &'static str, bold: bool| StyleDef {
        id: id::HEADING[level - 1],
        name,
        is_default: false,
        custom: false,
        based_on: Some(id::NORMAL),
        ui_priority: Some(9),
        ppr: ParaProps {
            keep_next: level <= 2,
            outline_lvl: Some(level as u8 - 1),
            ..ParaProps::default()
        },
        rpr: RunProps {
            fonts: Some(Fonts::east_asia(font)),
            bold: Some(bold),
            size: Some(SIZE_3HAO),
            ..RunProps::default()
        },
    };
    let recipient = StyleDef {
        id: id::RECIPIENT,
        name: "主送机关",
        is_default: false,
        custom: true,
        based_on: Some(id::NORMAL),
        ui_priority: None,
        ppr: ParaProps {
            ind: Some(Indent::FLUSH),
            jc: Some("left"),
            ..ParaProps::default()
        },
        rpr: RunProps::default(),
    };
    // The right indent that centres the signature over the date depends on the two
    // texts, so document.xml sets it on the paragraph. The signature keeps with the date:
    // the 落款 never splits across pages, whatever the line estimate (see `pages.rs`).
    let signature = StyleDef {
        id: id::SIGNATURE,
        name: "署名",
        is_default: false,
        custom: true,
        based_on: Some(id::NORMAL),
        ui_priority: None,
        ppr: ParaProps {
            keep_next: true,
            ind: Some(Indent::FLUSH),
            jc: Some("right"),
            ..ParaProps::default()
        },
        rpr: RunProps::default(),
    };
    let date = StyleDef {
        id: id::DATE,
        name: "成文日期",
        is_default: false,
        custom: true,
        based_on: Some(id::NORMAL),
        ui_priority: None,
        ppr: ParaProps {
            ind: Some(Indent {
                right: Some(DATE_RIGHT_INDENT),
                right_chars: Some(400),
                ..Indent::FLUSH
            }),
            jc: Some("right"),
            ..ParaProps::default()
        },
        rpr: RunProps::default(),
    };
    // Not based on Normal: the page number is 4号 宋体, not condensed, off the body grid.
    let footer = StyleDef {
        id: id::FOOTER,
        name: "footer",
        is_default: false,
        custom: false,
        based_on: None,
        ui_priority: None,
        ppr: ParaProps {
            widow_control: Some(false),
            // Off the line grid: Word keeps the page number 7 mm under the text block.
            snap_to_grid: Some(false),
            ..ParaProps::default()
        },
        rpr: RunProps {
            fonts: Some(Fonts::all(font::SONGTI)),
            size: Some(SIZE_4HAO),
            ..RunProps::default()
        },
    };
    vec![
        normal,
        title,
        heading(1, "heading 1", font::HEITI, false),
        heading(2, "heading 2", font::KAITI, false),
        heading(3, "heading 3", font::FANGSONG, true),
        heading(4, "heading 4", font::FANGSONG, false),
        recipient,
        signature,
        date,
        footer,
    ]
}

/// `w:style` children in the order of `CT_Style`: name, basedOn, next, uiPriority,
/// qFormat, pPr, rPr.
fn write_style(w: &mut XmlWriter, s: &StyleDef) {
    let mut attrs = vec![("w:type", "paragraph")];
    if s.is_default {
        attrs.push(("w:default", "1"));
    }
    if s.custom {
        attrs.push(("w:customStyle", "1"));
    }
    attrs.push(("w:styleId", s.id));
    w.start("w:style", &attrs);
    w.empty("w:name", &[("w:val", s.name)]);
    if let Some(base) = s.based_on {
        w.empty("w:basedOn", &[("w:val", base)]);
        w.empty("w:next", &[("w:val", id::NORMAL)]);
    }
    if let Some(p) = s.ui_priority {
        w.empty("w:uiPriority", &[("w:val", &p.to_string())]);
    }
    w.empty("w:qFormat", &[]);
    write_ppr(w, &s.ppr);
    write_rpr(w, &s.rpr);
    w.end("w:style");
}
