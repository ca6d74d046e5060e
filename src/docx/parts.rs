//! The package's small parts: content types, relationships, document properties,
//! settings, font table, theme and the two page-number footers.
//!
//! Each part is one function returning its bytes; document.xml and styles.xml have their
//! own modules.

use super::document::{FOOTER_EVEN_RID, FOOTER_ODD_RID};
use super::props::{write_ppr, write_rpr, Fonts, Indent, ParaProps, RunProps};
use super::styles::{font, id, SIZE_4HAO};
use super::xml::XmlWriter;
use super::{R_NS, W_NS};
use crate::model::Meta;

const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const PR_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// `[Content_Types].xml`.
pub(crate) fn content_types_xml() -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start("Types", &[("xmlns", CT_NS)]);
    w.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    w.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let overrides = [
        ("/word/document.xml", format!("{WML}.document.main+xml")),
        ("/word/styles.xml", format!("{WML}.styles+xml")),
        ("/word/settings.xml", format!("{WML}.settings+xml")),
        ("/word/fontTable.xml", format!("{WML}.fontTable+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".to_string(),
        ),
        ("/word/footer1.xml", format!("{WML}.footer+xml")),
        ("/word/footer2.xml", format!("{WML}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ];
    for (part, content_type) in &overrides {
        w.empty(
            "Override",
            &[("PartName", part), ("ContentType", content_type)],
        );
    }
    w.end("Types");
    w.into_bytes()
}

/// `_rels/.rels`: the main document and the two property parts.
pub(crate) fn root_rels_xml() -> Vec<u8> {
    relationships(&[
        (
            "rId1",
            &format!("{REL}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "rId3",
            &format!("{REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

/// `word/_rels/document.xml.rels`. The footer ids are shared with document.xml's sectPr.
pub(crate) fn document_rels_xml() -> Vec<u8> {
    relationships(&[
        ("rId1", &format!("{REL}/styles"), "styles.xml"),
        ("rId2", &format!("{REL}/settings"), "settings.xml"),
        ("rId3", &format!("{REL}/fontTable"), "fontTable.xml"),
        ("rId4", &format!("{REL}/theme"), "theme/theme1.xml"),
        (FOOTER_ODD_RID, &format!("{REL}/footer"), "footer1.xml"),
        (FOOTER_EVEN_RID, &format!("{REL}/footer"), "footer2.xml"),
    ])
}

fn relationships(rels: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start("Relationships", &[("xmlns", PR_NS)]);
    for (rid, kind, target) in rels {
        w.empty(
            "Relationship",
            &[("Id", rid), ("Type", kind), ("Target", target)],
        );
    }
    w.end("Relationships");
    w.into_bytes()
}

/// `docProps/core.xml`: the title, and the 成文日期 as created/modified date. The writer
/// never reads the clock, so the same document always gives the same bytes.
pub(crate) fn core_xml(meta: &Meta) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    w.text_element("dc:title", &[], &meta.title);
    if let Some(date) = meta.date {
        let stamp = format!("{}T00:00:00Z", date.to_iso());
        w.text_element("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], &stamp);
        w.text_element(
            "dcterms:modified",
            &[("xsi:type", "dcterms:W3CDTF")],
            &stamp,
        );
    }
    w.end("cp:coreProperties");
    w.into_bytes()
}

/// `docProps/app.xml`.
pub(crate) fn app_xml() -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    w.text_element("Application", &[], "gongwen");
    w.end("Properties");
    w.into_bytes()
}

/// `word/settings.xml`, children in the order of `CT_Settings`.
pub(crate) fn settings_xml() -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start("w:settings", &[("xmlns:w", W_NS)]);
    w.empty("w:zoom", &[("w:percent", "100")]);
    w.empty("w:defaultTabStop", &[("w:val", "420")]);
    // Odd pages carry the page number on the right, even pages on the left.
    w.empty("w:evenAndOddHeaders", &[]);
    // Every character keeps its full cell: compressing punctuation would change the
    // 28-characters-a-line count.
    w.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    w.start("w:compat", &[]);
    w.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    w.end("w:compat");
    w.empty(
        "w:themeFontLang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")],
    );
    w.end("w:settings");
    w.into_bytes()
}

/// One entry of the font table.
struct FontEntry {
    name: &'static str,
    /// A font Windows ships, for Word and WPS to use where `name` is missing (the GB2312
    /// fonts and 方正小标宋简体 are not installed with Windows).
    alt_name: Option<&'static str>,
    /// The PANOSE class of `name`, when known: Word picks a substitute of the same class.
    panose: Option<&'static str>,
    /// 86 is GB2312 (Simplified Chinese), 00 ANSI.
    charset: &'static str,
    family: &'static str,
    pitch: &'static str,
}

/// The fonts the styles name. The PANOSE and family values are those Word itself records
/// for these fonts; 方正小标宋简体 has no published PANOSE, so only its fallback and
/// character set are given.
const FONTS: [FontEntry; 6] = [
    FontEntry { name: font::LATIN, alt_name: None, panose: Some("02020603050405020304"), charset: "00", family: "roman", pitch: "variable" },
    FontEntry { name: font::SONGTI, alt_name: Some("SimSun"), panose: Some("02010600030101010101"), charset: "86", family: "auto", pitch: "variable" },
    FontEntry { name: font::FANGSONG, alt_name: Some("仿宋"), panose: Some("02010609030101010101"), charset: "86", family: "modern", pitch: "fixed" },
    FontEntry { name: font::XIAOBIAOSONG, alt_name: Some("宋体"), panose: None, charset: "86", family: "auto", pitch: "variable" },
    FontEntry { name: font::HEITI, alt_name: Some("SimHei"), panose: Some("02010609060101010101"), charset: "86", family: "modern", pitch: "fixed" },
    FontEntry { name: font::KAITI, alt_name: Some("楷体"), panose: Some("02010609030101010101"), charset: "86", family: "modern", pitch: "fixed" },
];

/// `word/fontTable.xml`: the fonts the styles name, each with a fallback that Windows has
/// (`w:altName`: 仿宋_GB2312 → 仿宋 (FangSong), 楷体_GB2312 → 楷体 (KaiTi), 方正小标宋简体 →
/// 宋体 (SimSun), 黑体 → SimHei), its PANOSE class and character set. A machine without
/// the GB2312 fonts then substitutes the right family (not a sans-serif default), and WPS
/// finds a font for every name instead of warning of missing fonts. Children in the order
/// of `CT_Font`: altName, panose1, charset, family, pitch.
pub(crate) fn font_table_xml() -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start("w:fonts", &[("xmlns:w", W_NS)]);
    for f in &FONTS {
        w.start("w:font", &[("w:name", f.name)]);
        if let Some(alt) = f.alt_name {
            w.empty("w:altName", &[("w:val", alt)]);
        }
        if let Some(panose) = f.panose {
            w.empty("w:panose1", &[("w:val", panose)]);
        }
        w.empty("w:charset", &[("w:val", f.charset)]);
        w.empty("w:family", &[("w:val", f.family)]);
        w.empty("w:pitch", &[("w:val", f.pitch)]);
        w.end("w:font");
    }
    w.end("w:fonts");
    w.into_bytes()
}

/// `word/theme/theme1.xml`: the Open XML rules expect a theme part. Its fonts are Times
/// New Roman and 宋体, so nothing refers to Calibri or 等线 (WPS asks for missing fonts).
/// Styles never use theme fonts; the colours and effects are plain defaults.
pub(crate) fn theme_xml() -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.start("a:theme", &[("xmlns:a", A_NS), ("name", "gongwen")]);
    w.start("a:themeElements", &[]);
    write_color_scheme(&mut w);
    w.start("a:fontScheme", &[("name", "gongwen")]);
    for collection in ["a:majorFont", "a:minorFont"] {
        w.start(collection, &[]);
        w.empty("a:latin", &[("typeface", font::LATIN)]);
        w.empty("a:ea", &[("typeface", font::SONGTI)]);
        w.empty("a:cs", &[("typeface", font::LATIN)]);
        w.empty("a:font", &[("script", "Hans"), ("typeface", font::SONGTI)]);
        w.end(collection);
    }
    w.end("a:fontScheme");
    write_format_scheme(&mut w);
    w.end("a:themeElements");
    w.empty("a:objectDefaults", &[]);
    w.empty("a:extraClrSchemeLst", &[]);
    w.end("a:theme");
    w.into_bytes()
}

fn write_color_scheme(w: &mut XmlWriter) {
    w.start("a:clrScheme", &[("name", "gongwen")]);
    let colors = [
        ("a:dk1", "000000"),
        ("a:lt1", "FFFFFF"),
        ("a:dk2", "44546A"),
        ("a:lt2", "E7E6E6"),
        ("a:accent1", "4472C4"),
        ("a:accent2", "ED7D31"),
        ("a:accent3", "A5A5A5"),
        ("a:accent4", "FFC000"),
        ("a:accent5", "5B9BD5"),
        ("a:accent6", "70AD47"),
        ("a:hlink", "0563C1"),
        ("a:folHlink", "954F72"),
    ];
    for (slot, rgb) in colors {
        w.start(slot, &[]);
        w.empty("a:srgbClr", &[("val", rgb)]);
        w.end(slot);
    }
    w.end("a:clrScheme");
}

/// Three of each style list, as the schema requires; all plain.
fn write_format_scheme(w: &mut XmlWriter) {
    let solid_fill = |w: &mut XmlWriter| {
        w.start("a:solidFill", &[]);
        w.empty("a:schemeClr", &[("val", "phClr")]);
        w.end("a:solidFill");
    };
    w.start("a:fmtScheme", &[("name", "gongwen")]);
    w.start("a:fillStyleLst", &[]);
    for _ in 0..3 {
        solid_fill(w);
    }
    w.end("a:fillStyleLst");
    w.start("a:lnStyleLst", &[]);
    for width in ["6350", "12700", "19050"] {
        w.start("a:ln", &[("w", width)]);
        solid_fill(w);
        w.end("a:ln");
    }
    w.end("a:lnStyleLst");
    w.start("a:effectStyleLst", &[]);
    for _ in 0..3 {
        w.start("a:effectStyle", &[]);
        w.empty("a:effectLst", &[]);
        w.end("a:effectStyle");
    }
    w.end("a:effectStyleLst");
    w.start("a:bgFillStyleLst", &[]);
    for _ in 0..3 {
        solid_fill(w);
    }
    w.end("a:bgFillStyleLst");
    w.end("a:fmtScheme");
}

/// Which pages a footer serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageSide {
    /// The default footer: odd pages, number on the right, one character in.
    Odd,
    /// Even pages: number on the left, one character in.
    Even,
}

/// `word/footer1.xml` (odd) or `word/footer2.xml` (even): 「— N —」 in 4号 宋体.
pub(crate) fn footer_xml(side: PageSide) -> Vec<u8> {
    // One character of 4号 (14 pt) is 280 twips.
    let ind = match side {
        PageSide::Odd => Indent {
            right: Some(280),
            ..Indent::default()
        },
        PageSide::Even => Indent {
            left: Some(280),
            ..Indent::default()
        },
    };
    let jc = if side == PageSide::Odd {
        "right"
    } else {
        "left"
    };
    let mut w = XmlWriter::new();
    w.start("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    w.start("w:p", &[]);
    write_ppr(
        &mut w,
        &ParaProps {
            style: Some(id::FOOTER),
            // Off the line grid (also in the style, repeated for readers of this part
            // alone): on the grid Word sets the number on a 579-twip grid line and it lands
            // lower than 7 mm under the text block.
            snap_to_grid: Some(false),
            ind: Some(ind),
            jc: Some(jc),
            ..ParaProps::default()
        },
    );
    // The size is repeated on every run (not only in the Footer style) so that readers
    // that look only at the footer part still see 14 pt.
    let run = |w: &mut XmlWriter, hint: bool, body: &dyn Fn(&mut XmlWriter)| {
        w.start("w:r", &[]);
        let fonts = hint.then_some(Fonts {
            hint_east_asia: true,
            ..Fonts::default()
        });
        write_rpr(
            w,
            &RunProps {
                fonts,
                size: Some(SIZE_4HAO),
                ..RunProps::default()
            },
        );
        body(w);
        w.end("w:r");
    };
    let field_char = |kind: &'static str| {
        move |w: &mut XmlWriter| w.empty("w:fldChar", &[("w:fldCharType", kind)])
    };
    run(&mut w, true, &|w| {
        w.text_element("w:t", &[("xml:space", "preserve")], "— ")
    });
    run(&mut w, false, &field_char("begin"));
    run(&mut w, false, &|w| {
        w.text_element("w:instrText", &[("xml:space", "preserve")], " PAGE ")
    });
    run(&mut w, false, &field_char("separate"));
    run(&mut w, false, &|w| w.text_element("w:t", &[], "1"));
    run(&mut w, false, &field_char("end"));
    run(&mut w, true, &|w| {
        w.text_element("w:t", &[("xml:space", "preserve")], " —")
    });
    w.end("w:p");
    w.end("w:ftr");
    w.into_bytes()
}
