//! Paragraph (`w:pPr`) and run (`w:rPr`) properties, written in schema order.
//!
//! Word silently drops run properties that appear out of the order of `EG_RPrBase` in
//! wml.xsd, and Word for the web refuses such files. Each property set is therefore a
//! plain struct, and one function writes its fields in the order the schema lists them;
//! styles.xml and document.xml both use these functions, so the order cannot drift.

use super::xml::XmlWriter;

/// Twips per character of 3号 (16 pt) text: the unit of "indented N characters".
pub(crate) const BODY_CHAR_TWIPS: i32 = 320;

/// The exact line height, in twips, that gives 22 lines in the 225 mm text block.
pub(crate) const LINE_PITCH: i32 = 579;

/// `w:pPr` children we use, in the order of `CT_PPrBase`:
/// pStyle, keepNext, keepLines, widowControl, overflowPunct, snapToGrid, spacing, ind, jc,
/// outlineLvl.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParaProps<'a> {
    pub style: Option<&'a str>,
    /// Level-1 and level-2 headings, the seal lines, the 署名 and the last body paragraph
    /// (see `pages.rs`): a keep that fires moves whole lines on, so every line stays on
    /// the 22-line grid.
    pub keep_next: bool,
    pub keep_lines: bool,
    pub widow_control: Option<bool>,
    /// Written as `true` on body text. Word reads `true` as "punctuation may overflow the
    /// margin" (its default anyway); LibreOffice's importer reads the flag inverted
    /// (`IS_HANGING_PUNCTUATION = (val == 0)`), and with it unset hangs a line-end 「，」「。」
    /// past the right margin, outside the 156 mm text block (measured: x1 = 538 pt against a
    /// 522 pt margin). `true` is the one value that keeps LibreOffice inside the block and
    /// leaves Word as it is.
    pub overflow_punct: Option<bool>,
    pub snap_to_grid: Option<bool>,
    pub spacing: Option<LineSpacing>,
    pub ind: Option<Indent>,
    pub jc: Option<&'static str>,
    pub outline_lvl: Option<u8>,
}

/// `w:spacing` in a paragraph: exact line height and no space before or after.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineSpacing {
    pub before: i32,
    pub after: i32,
    pub line_exact: i32,
}

impl LineSpacing {
    /// The body grid: one line of 579 twips, nothing before or after.
    pub(crate) const BODY: LineSpacing = LineSpacing {
        before: 0,
        after: 0,
        line_exact: LINE_PITCH,
    };
}

/// `w:ind`; `None` fields are not written (and so inherited from the style).
/// The `*_chars` forms are in hundredths of a character and win over twips in Word;
/// both are written so that readers that know only twips agree.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Indent {
    pub left: Option<i32>,
    pub right: Option<i32>,
    pub right_chars: Option<i32>,
    pub first_line: Option<i32>,
    pub first_line_chars: Option<i32>,
}

impl Indent {
    /// Body text: first line indented two characters.
    pub(crate) const FIRST_LINE_2: Indent = Indent {
        left: None,
        right: None,
        right_chars: None,
        first_line: Some(2 * BODY_CHAR_TWIPS),
        first_line_chars: Some(200),
    };

    /// Flush left: cancels the inherited first-line indent (both forms, since
    /// `firstLineChars` would otherwise win over `firstLine="0"`).
    pub(crate) const FLUSH: Indent = Indent {
        left: None,
        right: None,
        right_chars: None,
        first_line: Some(0),
        first_line_chars: Some(0),
    };
}

/// `w:rPr` children we use, in the order of `EG_RPrBase`:
/// rFonts, b, bCs, spacing, sz, szCs, lang.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunProps<'a> {
    pub fonts: Option<Fonts<'a>>,
    pub bold: Option<bool>,
    /// Character spacing in twips (negative condenses).
    pub spacing: Option<i32>,
    /// Size in half-points (`w:sz` and `w:szCs`).
    pub size: Option<u32>,
    pub lang: Option<Lang>,
}

/// `w:rFonts` with named fonts only: never a `*Theme` attribute, because Word lets a
/// theme font win over a named font on the same element.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Fonts<'a> {
    pub hint_east_asia: bool,
    pub ascii: Option<&'a str>,
    pub h_ansi: Option<&'a str>,
    pub east_asia: Option<&'a str>,
    pub cs: Option<&'a str>,
}

impl<'a> Fonts<'a> {
    /// Only the East Asian font (Latin text keeps the inherited Times New Roman).
    pub(crate) fn east_asia(name: &'a str) -> Fonts<'a> {
        Fonts {
            east_asia: Some(name),
            ..Fonts::default()
        }
    }

    /// The same font for every script.
    pub(crate) fn all(name: &'a str) -> Fonts<'a> {
        Fonts {
            ascii: Some(name),
            h_ansi: Some(name),
            east_asia: Some(name),
            cs: Some(name),
            ..Fonts::default()
        }
    }
}

/// `w:lang`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lang {
    pub val: &'static str,
    pub east_asia: &'static str,
}

/// Writes `<w:pPr>` (nothing at all when every field is empty).
pub(crate) fn write_ppr(w: &mut XmlWriter, p: &ParaProps) {
    let empty = p.style.is_none()
        && !p.keep_next
        && !p.keep_lines
        && p.widow_control.is_none()
        && p.overflow_punct.is_none()
        && p.snap_to_grid.is_none()
        && p.spacing.is_none()
        && p.ind.is_none()
        && p.jc.is_none()
        && p.outline_lvl.is_none();
    if empty {
        return;
    }
    w.start("w:pPr", &[]);
    if let Some(style) = p.style {
        w.empty("w:pStyle", &[("w:val", style)]);
    }
    if p.keep_next {
        w.empty("w:keepNext", &[]);
    }
    if p.keep_lines {
        w.empty("w:keepLines", &[]);
    }
    if let Some(on) = p.widow_control {
        w.empty("w:widowControl", &[("w:val", on_off(on))]);
    }
    if let Some(on) = p.overflow_punct {
        w.empty("w:overflowPunct", &[("w:val", on_off(on))]);
    }
    if let Some(on) = p.snap_to_grid {
        w.empty("w:snapToGrid", &[("w:val", on_off(on))]);
    }
    if let Some(s) = p.spacing {
        write_para_spacing(w, s);
    }
    if let Some(ind) = p.ind {
        write_ind(w, ind);
    }
    if let Some(jc) = p.jc {
        w.empty("w:jc", &[("w:val", jc)]);
    }
    if let Some(lvl) = p.outline_lvl {
        w.empty("w:outlineLvl", &[("w:val", &lvl.to_string())]);
    }
    w.end("w:pPr");
}

fn write_para_spacing(w: &mut XmlWriter, s: LineSpacing) {
    let (before, after, line) = (
        s.before.to_string(),
        s.after.to_string(),
        s.line_exact.to_string(),
    );
    w.empty(
        "w:spacing",
        &[
            ("w:before", &before),
            ("w:after", &after),
            ("w:line", &line),
            ("w:lineRule", "exact"),
        ],
    );
}

fn write_ind(w: &mut XmlWriter, ind: Indent) {
    // Attribute order follows CT_Ind in wml.xsd (order does not matter to parsers, but a
    // fixed order keeps the output byte-stable and easy to diff).
    let fields = [
        ("w:left", ind.left),
        ("w:right", ind.right),
        ("w:rightChars", ind.right_chars),
        ("w:firstLine", ind.first_line),
        ("w:firstLineChars", ind.first_line_chars),
    ];
    let values: Vec<(&str, String)> = fields
        .iter()
        .filter_map(|(k, v)| v.map(|v| (*k, v.to_string())))
        .collect();
    let attrs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.empty("w:ind", &attrs);
}

/// Writes `<w:rPr>` (nothing at all when every field is empty).
pub(crate) fn write_rpr(w: &mut XmlWriter, r: &RunProps) {
    if r.fonts.is_none()
        && r.bold.is_none()
        && r.spacing.is_none()
        && r.size.is_none()
        && r.lang.is_none()
    {
        return;
    }
    w.start("w:rPr", &[]);
    if let Some(f) = r.fonts {
        write_fonts(w, f);
    }
    if let Some(b) = r.bold {
        w.empty("w:b", &[("w:val", on_off(b))]);
        w.empty("w:bCs", &[("w:val", on_off(b))]);
    }
    if let Some(sp) = r.spacing {
        w.empty("w:spacing", &[("w:val", &sp.to_string())]);
    }
    if let Some(sz) = r.size {
        let sz = sz.to_string();
        w.empty("w:sz", &[("w:val", &sz)]);
        w.empty("w:szCs", &[("w:val", &sz)]);
    }
    if let Some(lang) = r.lang {
        w.empty(
            "w:lang",
            &[("w:val", lang.val), ("w:eastAsia", lang.east_asia)],
        );
    }
    w.end("w:rPr");
}

fn write_fonts(w: &mut XmlWriter, f: Fonts) {
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    if f.hint_east_asia {
        attrs.push(("w:hint", "eastAsia"));
    }
    for (key, value) in [
        ("w:ascii", f.ascii),
        ("w:hAnsi", f.h_ansi),
        ("w:eastAsia", f.east_asia),
        ("w:cs", f.cs),
    ] {
        if let Some(v) = value {
            attrs.push((key, v));
        }
    }
    w.empty("w:rFonts", &attrs);
}

fn on_off(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
    }
}
