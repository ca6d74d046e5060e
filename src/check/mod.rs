//! `gongwen check`: reads a finished report back (ours, or one saved by Word, WPS or
//! LibreOffice) and lists what a reviewer would send back — missing or misplaced sections,
//! broken numbering, leftover placeholders and advert residue, and deviations from the
//! GB/T 9704-2012 layout in the shared `spec/LAYOUT.md`.
//!
//! Roles come from [`inspect::outline::classify`], formatting from [`inspect`]'s Word-style
//! resolution, so a file edited elsewhere is judged by what it shows, not by style names.
//! Each [`Finding`] has a stable machine code (`layout.margin`, `numbering.ordinal`, …); the
//! CLI formats them. Nothing here prints.

mod layout;
mod structure;
mod text;

use crate::inspect::{self, outline, Docx};

pub use crate::template::Section;

/// What to check for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// Level-1 sections expected in this order, each found by a heading that contains its
    /// title or one of its alternatives (`also`). Empty: no section check.
    pub sections: Vec<Section>,
}

impl Default for CheckOptions {
    /// The sections of the default kind's manifest: the section names are written there
    /// only.
    fn default() -> Self {
        CheckOptions::for_template(&crate::template::default_template())
    }
}

impl CheckOptions {
    /// The sections of a report kind, from its manifest.
    pub fn for_template(template: &crate::template::Template) -> CheckOptions {
        CheckOptions { sections: template.manifest.sections.clone() }
    }
}

/// How many of `sections` the report's level-1 headings show (by title or alternative):
/// `check` without `--template` picks the kind whose sections a report has.
pub fn sections_present(docx: &Docx, sections: &[Section]) -> usize {
    let roles = roles(docx);
    let level1 = structure::level1_headings(&roles);
    sections.iter().filter(|s| level1.iter().any(|&i| s.matches(&docx.paragraphs[i].text))).count()
}

/// One problem in a report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Stable machine code, e.g. `layout.margin`; see [`CODES`].
    pub code: &'static str,
    /// What is wrong and what is expected, in Chinese.
    pub message: String,
    /// Index of the paragraph concerned in [`Docx::paragraphs`] (0-based), when there is one.
    pub paragraph: Option<usize>,
    /// The text concerned, shortened (a paragraph, or a footer's text).
    pub text: Option<String>,
}

/// Every finding code, with what it means.
pub const CODES: &[(&str, &str)] = &[
    ("section.missing", "缺少标准部分"),
    ("section.order", "标准部分顺序不对"),
    ("section.empty", "标准部分没有内容"),
    ("numbering.level1", "一级标题编号（一、二、）缺号、重号或缺少编号"),
    ("numbering.level2", "二级标题编号（（一）（二））缺号、重号或未在各部分重新从（一）开始"),
    ("numbering.level3", "三级标题编号（1. 2.）缺号、重号或未重新开始"),
    ("numbering.level4", "四级标题编号（（1）（2））缺号、重号或未重新开始"),
    ("numbering.ordinal", "「一是、二是……」缺号或重号"),
    ("numbering.auto", "使用了 Word 自动编号，编号不在文字中，无法核对"),
    ("text.placeholder", "残留占位符（XX、某某、○○、____ 等）"),
    ("text.advert", "残留广告或水印文字（QQ 号、会员、仅供学习、禁止外传等）"),
    ("layout.paper", "纸张不是 A4"),
    ("layout.margin", "页边距不符合 GB/T 9704"),
    ("layout.line_pitch", "行距不是每页 22 行"),
    ("layout.font", "字体不符合所在位置的要求"),
    ("layout.size", "字号不符合所在位置的要求"),
    ("layout.bold", "标题或一级标题加粗"),
    ("layout.align", "标题没有居中"),
    ("layout.indent", "正文首行缩进或主送机关顶格不对"),
    ("layout.page_number", "没有页码"),
    ("layout.page_number_format", "页码不是「— 1 —」样式"),
    ("layout.page_number_position", "页码不是单页居右、双页居左"),
    ("layout.page_number_size", "页码不是 4 号字"),
    ("date.missing", "没有成文日期"),
    ("date.format", "成文日期写法不对（应如「2026年11月20日」）"),
    ("date.position", "成文日期位置不对（应右空 4 字）"),
];

/// Checks a report read by [`inspect::read`]; an empty list means no problem was found.
/// Findings come in document order within each concern: structure, text, layout.
pub fn check(docx: &Docx, opts: &CheckOptions) -> Vec<Finding> {
    let roles = roles(docx);
    let mut out = Vec::new();
    structure::check(docx, &roles, opts, &mut out);
    text::check(docx, &mut out);
    layout::check(docx, &roles, &mut out);
    out
}

/// The outline's roles, plus headings that carry no typed number but an outline level (Word's
/// automatic numbering, or none at all): a heading is judged as a heading either way.
fn roles(docx: &Docx) -> Vec<outline::Role> {
    let mut roles = outline::classify(&docx.paragraphs);
    for (role, p) in roles.iter_mut().zip(&docx.paragraphs) {
        if let (outline::Role::Body, Some(level @ 0..=3)) = (*role, p.outline_level) {
            if !p.in_table && (p.numbered || level == 0) {
                *role = outline::Role::Heading(level + 1);
            }
        }
    }
    roles
}

/// Reads a .docx from its bytes and checks it.
pub fn check_bytes(bytes: &[u8], opts: &CheckOptions) -> Result<Vec<Finding>, inspect::ReadError> {
    Ok(check(&inspect::read(bytes)?, opts))
}

/// Longest text quoted in a finding, in characters.
const QUOTE_CHARS: usize = 30;

/// A paragraph's text as quoted in a finding: one line, at most `QUOTE_CHARS` (30) characters.
pub fn shorten(text: &str) -> String {
    let one_line: String = text.trim().chars().map(|c| if c == '\n' || c == '\t' { ' ' } else { c }).collect();
    if one_line.chars().count() <= QUOTE_CHARS {
        one_line
    } else {
        one_line.chars().take(QUOTE_CHARS).chain(std::iter::once('…')).collect()
    }
}

impl Finding {
    fn new(code: &'static str, message: impl Into<String>) -> Finding {
        debug_assert!(CODES.iter().any(|(c, _)| *c == code), "undocumented code {code}");
        Finding { code, message: message.into(), paragraph: None, text: None }
    }

    fn at(mut self, docx: &Docx, index: usize) -> Finding {
        self.paragraph = Some(index);
        self.text = docx.paragraphs.get(index).map(|p| shorten(&p.text));
        self
    }

    fn quoting(mut self, text: &str) -> Finding {
        self.text = Some(shorten(text));
        self
    }
}
