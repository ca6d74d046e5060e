//! The role of each paragraph of a report (title, 主送机关, headings, body, 署名, date) and
//! the stable text outline that `gongwen dump` prints and fixture snapshots compare.
//!
//! Roles are read from what a reader sees — numbering patterns, alignment, outline levels —
//! not from our own style names, so a report edited in Word or WPS is read the same way.

use std::fmt::Write as _;
use std::sync::OnceLock;

use regex::Regex;

use super::{Docx, Layout, Paragraph};

/// What a paragraph is in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Title,
    Recipient,
    /// 一、 (1), （一） (2), 1. (3), （1） (4)
    Heading(u8),
    Body,
    Signature,
    Date,
    Blank,
    /// 表题: a centred line right above a table.
    Caption,
    /// A paragraph inside a table cell.
    Cell,
}

impl Role {
    /// The Chinese label used in outlines and messages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Title => "标题",
            Role::Recipient => "主送",
            Role::Heading(1) => "一级",
            Role::Heading(2) => "二级",
            Role::Heading(3) => "三级",
            Role::Heading(_) => "四级",
            Role::Body => "正文",
            Role::Signature => "署名",
            Role::Date => "日期",
            Role::Blank => "空行",
            Role::Caption => "表题",
            Role::Cell => "表格",
        }
    }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// 「一、」 at the start of a level-1 heading.
pub fn level1_number() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*([一二三四五六七八九十百]+)、")
}

/// 「（一）」 at the start of a level-2 heading.
pub fn level2_number() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*[（(]([一二三四五六七八九十百]+)[）)]")
}

/// 「1.」 at the start of a level-3 heading.
pub fn level3_number() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*(\d{1,3})[.．]")
}

/// 「（1）」 at the start of a level-4 heading.
pub fn level4_number() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*[（(](\d{1,3})[）)]")
}

/// 「一是」 at the start of an enumerated body paragraph.
pub fn ordinal_number() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*([一二三四五六七八九十百]+)是")
}

/// A date line as GB/T 9704 writes it: 「2026年11月27日」.
pub fn date_line() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*\d{4}年\d{1,2}月\d{1,2}日\s*$")
}

/// Any line that looks like a date, even a wrongly written one (2026-11-27, 二〇二六年…).
pub fn date_like() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*(?:\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)\s*$")
}

/// Classifies every paragraph.
pub fn classify(paras: &[Paragraph]) -> Vec<Role> {
    let mut roles: Vec<Role> = paras.iter().map(heading_or_body).collect();
    for (i, role) in roles.iter_mut().enumerate() {
        if *role == Role::Body && is_caption(paras, i) {
            *role = Role::Caption;
        }
    }
    let first_heading = roles.iter().position(|r| matches!(r, Role::Heading(_))).unwrap_or(roles.len());
    // The title: the first centred lines before any heading.
    let mut i = roles.iter().position(|r| *r != Role::Blank).unwrap_or(roles.len());
    let mut in_title = false;
    while i < first_heading && roles[i] == Role::Body && paras[i].jc.as_deref() == Some("center") {
        roles[i] = Role::Title;
        in_title = true;
        i += 1;
    }
    // 主送机关: the next short line ending in a colon.
    if in_title {
        if let Some(j) = (i..first_heading).find(|&j| roles[j] != Role::Blank) {
            let t = paras[j].text.trim();
            if roles[j] == Role::Body && (t.ends_with('：') || t.ends_with(':')) && t.chars().count() <= 40 {
                roles[j] = Role::Recipient;
            }
        }
    }
    // The date: the last date-like line; the short line above it is the 署名.
    if let Some(d) = roles.iter().rposition(|r| *r == Role::Body).filter(|&d| date_like().is_match(&paras[d].text)) {
        roles[d] = Role::Date;
        if let Some(s) = (0..d).rev().find(|&s| roles[s] != Role::Blank) {
            if roles[s] == Role::Body && paras[s].text.trim().chars().count() <= 30 && !paras[s].text.trim().ends_with('。') {
                roles[s] = Role::Signature;
            }
        }
    }
    roles
}

/// A centred paragraph whose next printing paragraph is in a table (and that is not in one).
fn is_caption(paras: &[Paragraph], i: usize) -> bool {
    let p = &paras[i];
    !p.in_table
        && p.jc.as_deref() == Some("center")
        && !p.text.trim().is_empty()
        && paras[i + 1..].iter().find(|q| q.in_table || !q.text.trim().is_empty()).is_some_and(|q| q.in_table)
}

/// Heading by its number (and, for levels 2–4, by standing on its own line), else body.
fn heading_or_body(p: &Paragraph) -> Role {
    if p.in_table {
        return Role::Cell;
    }
    let t = p.text.trim();
    if t.is_empty() {
        return Role::Blank;
    }
    let own_line = p.outline_level.is_some() || t.chars().count() <= 30 && !t.ends_with(['。', '；', '：']);
    if level1_number().is_match(t) {
        Role::Heading(1)
    } else if level2_number().is_match(t) && own_line {
        Role::Heading(2)
    } else if level4_number().is_match(t) && p.outline_level == Some(3) {
        Role::Heading(4)
    } else if level3_number().is_match(t) && p.outline_level == Some(2) {
        Role::Heading(3)
    } else {
        Role::Body
    }
}

/// The stable text outline: one line a paragraph (`role：text`), then a layout summary.
pub fn dump(docx: &Docx) -> String {
    let roles = classify(&docx.paragraphs);
    let mut out = String::new();
    let mut row: Option<(usize, usize)> = None;
    let mut cells: Vec<String> = Vec::new();
    for (p, role) in docx.paragraphs.iter().zip(&roles) {
        // A table row is one line, its cells separated by 「 | 」, a cell's paragraphs by ⏎.
        let at = p.cell.map(|c| (c.table, c.row));
        if at != row && row.is_some() {
            let _ = writeln!(out, "{}：{}", Role::Cell.label(), cells.join(" | "));
            cells.clear();
        }
        row = at;
        if let Some(c) = p.cell {
            let text = p.text.replace('\n', "⏎").replace('\t', " ");
            match cells.get_mut(c.column) {
                Some(cell) if !text.is_empty() => {
                    if !cell.is_empty() {
                        cell.push('⏎');
                    }
                    cell.push_str(&text);
                }
                Some(_) => {}
                None => {
                    cells.resize(c.column, String::new());
                    cells.push(text);
                }
            }
            continue;
        }
        if *role == Role::Blank {
            continue;
        }
        let text = p.text.replace('\n', "⏎").replace('\t', " ");
        let _ = writeln!(out, "{}：{}", role.label(), text);
    }
    if row.is_some() {
        let _ = writeln!(out, "{}：{}", Role::Cell.label(), cells.join(" | "));
    }
    let _ = writeln!(out, "{}", layout_summary(&docx.layout, &docx.paragraphs, &roles));
    out
}

fn mm(twips: Option<i64>) -> String {
    twips.map_or("?".into(), |t| format!("{:.0}", t as f64 / 56.6929))
}

/// One line: paper, margins, lines a page, body font, page numbers.
pub fn layout_summary(l: &Layout, paras: &[Paragraph], roles: &[Role]) -> String {
    let paper = match (l.page_width, l.page_height) {
        (Some(w), Some(h)) if (w - 11906).abs() <= 20 && (h - 16838).abs() <= 20 => "A4".to_string(),
        (Some(w), Some(h)) => format!("{}×{}毫米", mm(Some(w)), mm(Some(h))),
        _ => "纸张未设置".into(),
    };
    let lines = l.line_pitch.filter(|p| *p > 0).map_or("?".into(), |p| format!("{}", (16838 - l.margin_top.unwrap_or(0) - l.margin_bottom.unwrap_or(0)) / p));
    let body = paras.iter().zip(roles).find(|(_, r)| **r == Role::Body).map(|(p, _)| p);
    let font = body.map_or("?".into(), |p| format!("{} {}磅", p.east_asia_font.as_deref().unwrap_or("?"), p.size_pt.map_or("?".into(), |s| format!("{s}"))));
    let folio = if l.footers.iter().any(|f| f.has_page_field) {
        if l.even_and_odd_footers { "页码单右双左" } else { "页码同侧" }
    } else {
        "无页码"
    };
    format!(
        "版面：{paper}；页边距 上{} 下{} 左{} 右{} 毫米；每页{lines}行；正文 {font}；{folio}",
        mm(l.margin_top),
        mm(l.margin_bottom),
        mm(l.margin_left),
        mm(l.margin_right)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, jc: Option<&str>) -> Paragraph {
        Paragraph { text: text.into(), jc: jc.map(str::to_string), ..Default::default() }
    }

    #[test]
    fn roles_of_a_typical_report() {
        let paras = vec![
            p("白云镇发展党员工作", Some("center")),
            p("三年自查报告", Some("center")),
            p("", None),
            p("县委组织部：", Some("both")),
            p("根据要求，现报告如下。", Some("both")),
            p("一、基本情况", None),
            p("（一）对策建议", None),
            p("（一）加强组织领导，落实工作责任。镇党委把这项工作放在突出位置，定期研究。", None),
            p("一是压实责任。内容", None),
            p("", None),
            p("中共白云镇委员会", Some("right")),
            p("2026年11月20日", Some("right")),
        ];
        let roles = classify(&paras);
        use Role::*;
        assert_eq!(roles, vec![Title, Title, Blank, Recipient, Body, Heading(1), Heading(2), Body, Body, Blank, Signature, Date]);
    }
}
