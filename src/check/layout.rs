//! GB/T 9704-2012 layout as the shared `spec/LAYOUT.md` measures it: paper, margins, line
//! pitch, fonts and sizes by role, the page-number footers, and the date line.
//!
//! Tolerances follow the independent checker (`docx_audit.py`): margins ±1 mm, line pitch
//! ±12 twips. Fonts are matched by family words (仿宋 / FangSong), so the `_GB2312` and the
//! Windows names both pass, and a theme font is reported as such rather than guessed.

use crate::inspect::outline::{self, Role};
use crate::inspect::{Docx, Footer, Paragraph};
use crate::numerals::parse_chinese_number;

use super::Finding;

/// Twips per millimetre.
const MM: f64 = 56.6929;
const A4: (i64, i64) = (11906, 16838);
const PAPER_TOLERANCE: i64 = 20;
/// 天头 37, 下 35, 订口 28, 右 26 mm: a 156 × 225 mm text block.
const MARGINS_MM: [(&str, f64); 4] = [("上", 37.0), ("下", 35.0), ("左", 28.0), ("右", 26.0)];
const MARGIN_TOLERANCE: f64 = MM;
/// 22 lines in the 225 mm text block.
const LINE_PITCH: f64 = 225.0 * MM / 22.0;
const PITCH_TOLERANCE: f64 = 12.0;
const BODY_PT: f64 = 16.0;
const TITLE_PT: f64 = 22.0;
const FOLIO_PT: f64 = 14.0;
/// One 4号 character: the page number's inset from the text block's edge.
const FOLIO_INSET: i64 = 280;
/// Right inset of the date: 4 characters of 3号.
const DATE_INSET: i64 = 1280;

const XIAOBIAOSONG: &[&str] = &["小标宋"];
const HEITI: &[&str] = &["黑体", "SimHei", "Hei"];
const KAITI: &[&str] = &["楷体", "KaiTi", "Kai"];
const FANGSONG: &[&str] = &["仿宋", "FangSong", "Fang"];

pub(super) fn check(docx: &Docx, roles: &[Role], out: &mut Vec<Finding>) {
    page(docx, out);
    line_pitch(docx, roles, out);
    fonts(docx, roles, out);
    folio(docx, out);
    date(docx, roles, out);
}

fn mm(twips: i64) -> String {
    format!("{:.1}", twips as f64 / MM).trim_end_matches(".0").to_string()
}

fn page(docx: &Docx, out: &mut Vec<Finding>) {
    let l = &docx.layout;
    match (l.page_width, l.page_height) {
        (Some(w), Some(h)) if (w - A4.0).abs() <= PAPER_TOLERANCE && (h - A4.1).abs() <= PAPER_TOLERANCE => {}
        (Some(w), Some(h)) => out.push(Finding::new("layout.paper", format!("纸张为 {}×{} 毫米，应为 A4 纵向（210×297 毫米）", mm(w), mm(h)))),
        _ => out.push(Finding::new("layout.paper", "没有设置纸张大小（Word 会按 Letter 纸处理），应为 A4（210×297 毫米）")),
    }
    let got = [l.margin_top, l.margin_bottom, l.margin_left, l.margin_right];
    let wrong: Vec<String> = MARGINS_MM
        .iter()
        .zip(got)
        .filter(|((_, want), got)| got.is_none_or(|g| (g as f64 - want * MM).abs() > MARGIN_TOLERANCE))
        .map(|((side, want), got)| format!("{side} {}（应为 {want} 毫米）", got.map_or("未设置".into(), |g| format!("{} 毫米", mm(g)))))
        .collect();
    if !wrong.is_empty() {
        out.push(Finding::new("layout.margin", format!("页边距不符合 GB/T 9704：{}；版心应为 156×225 毫米", wrong.join("，"))));
    }
}

fn in_text(p: &Paragraph, role: Role, want: Role) -> bool {
    role == want && !p.in_table
}

fn line_pitch(docx: &Docx, roles: &[Role], out: &mut Vec<Finding>) {
    let lines: Vec<(usize, i64, &str)> = docx
        .paragraphs
        .iter()
        .zip(roles)
        .enumerate()
        .filter(|(_, (p, r))| !p.in_table && matches!(r, Role::Body | Role::Heading(_)))
        .filter_map(|(i, (p, _))| p.line.as_ref().map(|(v, rule)| (i, *v, rule.as_str())))
        .collect();
    let fixed: Vec<&(usize, i64, &str)> = lines.iter().filter(|(_, _, rule)| matches!(*rule, "exact" | "atLeast")).collect();
    if !fixed.is_empty() {
        // A fixed line height decides the line count whatever the grid says.
        let bad: Vec<&&(usize, i64, &str)> = fixed.iter().filter(|(_, v, _)| (*v as f64 - LINE_PITCH).abs() > PITCH_TOLERANCE).collect();
        if let Some(&&&(i, v, _)) = bad.first() {
            out.push(
                Finding::new(
                    "layout.line_pitch",
                    format!("行距为固定值 {:.2} 磅，每页约 {} 行；应约为 28.95 磅（每页 22 行）{}", v as f64 / 20.0, (225.0 * MM / v.max(1) as f64) as i64, count(bad.len())),
                )
                .at(docx, i),
            );
        }
        return;
    }
    let l = &docx.layout;
    let grid_ok = matches!(l.grid_type.as_deref(), Some("lines" | "linesAndChars"))
        && l.line_pitch.is_some_and(|p| (p as f64 - LINE_PITCH).abs() <= PITCH_TOLERANCE);
    let single = lines.iter().all(|(_, v, _)| *v <= 240);
    if !(grid_ok && single) {
        let grid = match (l.grid_type.as_deref(), l.line_pitch) {
            (Some(t @ ("lines" | "linesAndChars")), Some(p)) => format!("文档网格（{t}）行距 {:.2} 磅", p as f64 / 20.0),
            _ => "没有按行对齐的文档网格".to_string(),
        };
        out.push(Finding::new("layout.line_pitch", format!("正文不是每页 22 行：{grid}，正文也没有约 28.95 磅的固定行距")));
    }
}

fn count(n: usize) -> String {
    if n > 1 {
        format!("（共 {n} 段）")
    } else {
        String::new()
    }
}

fn font_matches(font: Option<&str>, families: &[&str]) -> bool {
    font.is_some_and(|f| families.iter().any(|w| f.contains(w)))
}

fn size_matches(size: Option<f64>, want: f64) -> bool {
    size.is_some_and(|s| (s - want).abs() < 0.01)
}

/// Paragraphs of one role that fail one rule, reported once with the first of them. Only
/// the first message is kept, and the others counted: a message for each of 50,000
/// paragraphs would be built only to be dropped.
struct Failures<'a> {
    docx: &'a Docx,
    code: &'static str,
    first: Option<(usize, String)>,
    count: usize,
}

impl<'a> Failures<'a> {
    fn new(docx: &'a Docx, code: &'static str) -> Self {
        Failures { docx, code, first: None, count: 0 }
    }

    fn add(&mut self, i: usize, message: impl FnOnce() -> String) {
        if self.first.is_none() {
            self.first = Some((i, message()));
        }
        self.count += 1;
    }

    fn report(self, out: &mut Vec<Finding>) {
        if let Some((i, message)) = self.first {
            out.push(Finding::new(self.code, format!("{message}{}", count(self.count))).at(self.docx, i));
        }
    }
}

fn font_name(p: &Paragraph) -> String {
    p.east_asia_font.clone().unwrap_or_else(|| "未指定（用主题或默认字体）".into())
}

fn size_name(p: &Paragraph) -> String {
    p.size_pt.map_or("未指定（Word 默认 10 磅）".into(), |s| format!("{s} 磅"))
}

/// (role, its name, font family words, the font's name, size in points, the size's name)
type FontRule = (Role, &'static str, &'static [&'static str], &'static str, f64, &'static str);

fn fonts(docx: &Docx, roles: &[Role], out: &mut Vec<Finding>) {
    let rules: [FontRule; 5] = [
        (Role::Title, "标题", XIAOBIAOSONG, "方正小标宋简体", TITLE_PT, "2 号（22 磅）"),
        (Role::Heading(1), "一级标题", HEITI, "黑体", BODY_PT, "3 号（16 磅）"),
        (Role::Heading(2), "二级标题", KAITI, "楷体_GB2312", BODY_PT, "3 号（16 磅）"),
        (Role::Heading(3), "三级标题", FANGSONG, "仿宋_GB2312", BODY_PT, "3 号（16 磅）"),
        (Role::Heading(4), "四级标题", FANGSONG, "仿宋_GB2312", BODY_PT, "3 号（16 磅）"),
    ];
    let body_rule: FontRule = (Role::Body, "正文", FANGSONG, "仿宋_GB2312", BODY_PT, "3 号（16 磅）");
    for (role, label, families, font_label, size, size_label) in rules.into_iter().chain([body_rule]) {
        let mut font = Failures::new(docx, "layout.font");
        let mut sz = Failures::new(docx, "layout.size");
        for (i, p) in docx.paragraphs.iter().enumerate().filter(|(i, p)| in_text(p, roles[*i], role)) {
            // 「（一）加强组织领导。」 run in at the start of a body paragraph is in 楷体.
            let run_in = role == Role::Body && outline::level2_number().is_match(p.text.trim());
            let ok_font = font_matches(p.east_asia_font.as_deref(), families) || run_in && font_matches(p.east_asia_font.as_deref(), KAITI);
            if !ok_font {
                font.add(i, || format!("{label}字体为「{}」，应为{font_label}", font_name(p)));
            }
            if !size_matches(p.size_pt, size) {
                sz.add(i, || format!("{label}字号为{}，应为{size_label}", size_name(p)));
            }
        }
        font.report(out);
        sz.report(out);
    }

    let mut bold = Failures::new(docx, "layout.bold");
    let mut align = Failures::new(docx, "layout.align");
    let mut indent = Failures::new(docx, "layout.indent");
    for (i, p) in docx.paragraphs.iter().enumerate().filter(|(_, p)| !p.in_table) {
        match roles[i] {
            Role::Title => {
                if p.bold {
                    bold.add(i, || "标题加粗了，方正小标宋简体不加粗".into());
                }
                if p.jc.as_deref() != Some("center") {
                    align.add(i, || "标题应居中".into());
                }
            }
            Role::Heading(1) if p.bold => bold.add(i, || "一级标题加粗了，黑体不加粗".into()),
            Role::Body if !two_character_indent(p) => {
                indent.add(i, || format!("正文首行缩进为{}，应为 2 字", describe_indent(p)));
            }
            Role::Recipient if !flush_left(p) => indent.add(i, || format!("主送机关应顶格，实为缩进{}", describe_indent(p))),
            _ => {}
        }
    }
    bold.report(out);
    align.report(out);
    indent.report(out);
}

/// First line indented 2 characters: `firstLineChars=200`, or about 640 twips (2 × 16 pt).
fn two_character_indent(p: &Paragraph) -> bool {
    if p.ind.hanging.is_some_and(|h| h > 0) {
        return false;
    }
    match p.ind.first_line_chars.filter(|c| *c != 0) {
        Some(c) => (190..=210).contains(&c),
        None => p.ind.first_line.is_some_and(|t| (t - 640).abs() <= 40),
    }
}

fn flush_left(p: &Paragraph) -> bool {
    let i = &p.ind;
    [i.first_line_chars, i.first_line, i.left, i.hanging].iter().all(|v| v.unwrap_or(0) == 0)
}

fn describe_indent(p: &Paragraph) -> String {
    let i = &p.ind;
    if let Some(h) = i.hanging.filter(|h| *h > 0) {
        return format!("悬挂 {:.1} 字", h as f64 / 320.0);
    }
    match (i.first_line_chars.filter(|c| *c != 0), i.first_line) {
        (Some(c), _) => format!(" {:.1} 字", c as f64 / 100.0),
        (None, Some(t)) if t != 0 => format!(" {:.1} 字（{} 磅）", t as f64 / 320.0, t as f64 / 20.0),
        _ => if i.left.unwrap_or(0) != 0 { format!("左缩进 {:.1} 字", i.left.unwrap_or(0) as f64 / 320.0) } else { "0".into() },
    }
}

fn folio(docx: &Docx, out: &mut Vec<Finding>) {
    let l = &docx.layout;
    let numbered: Vec<&Footer> = l.footers.iter().filter(|f| f.has_page_field).collect();
    if numbered.is_empty() {
        let why = if l.footers.is_empty() { "没有页脚" } else { "页脚里没有页码域（PAGE）" };
        out.push(Finding::new("layout.page_number", format!("没有页码：{why}；应在页脚插入「— 1 —」样式的页码")));
        return;
    }
    for f in &numbered {
        let t = f.text.trim();
        let dashed = t.starts_with('—') && t.ends_with('—') && t.chars().count() >= 3;
        if !dashed {
            out.push(Finding::new("layout.page_number_format", "页码应为「— 1 —」样式：数字两边各一条一字线（—）").quoting(&f.text));
            break;
        }
    }
    let default = numbered.iter().find(|f| f.kind == "default");
    let even = numbered.iter().find(|f| f.kind == "even");
    let inset = |v: Option<i64>| v.is_some_and(|v| (v - FOLIO_INSET).abs() <= 60);
    let right_ok = default.is_some_and(|f| matches!(f.jc.as_deref(), Some("right" | "end")) && inset(f.ind.right));
    let left_ok = even.is_some_and(|f| matches!(f.jc.as_deref(), Some("left" | "start")) && inset(f.ind.left));
    if !(l.even_and_odd_footers && right_ok && left_ok) {
        let mut why = Vec::new();
        if !l.even_and_odd_footers || even.is_none() {
            why.push("没有设置奇偶页不同的页码");
        }
        if !right_ok {
            why.push("单页页码不是居右空一字");
        }
        if l.even_and_odd_footers && even.is_some() && !left_ok {
            why.push("双页页码不是居左空一字");
        }
        out.push(Finding::new("layout.page_number_position", format!("页码位置不对：{}；应单页居右、双页居左，各空一字", why.join("，"))));
    }
    let sizes: Vec<f64> = numbered.iter().flat_map(|f| f.sizes_pt.iter().copied()).collect();
    if sizes.is_empty() || sizes.iter().any(|s| (s - FOLIO_PT).abs() > 0.01) {
        let got = sizes.iter().find(|s| (*s - FOLIO_PT).abs() > 0.01).map_or("未指定".into(), |s| format!("{s} 磅"));
        out.push(Finding::new("layout.page_number_size", format!("页码字号为{got}，应为 4 号（14 磅）")));
    }
}

fn date(docx: &Docx, roles: &[Role], out: &mut Vec<Finding>) {
    let paras = &docx.paragraphs;
    let last_heading = roles.iter().rposition(|r| matches!(r, Role::Heading(_))).map_or(0, |i| i + 1);
    let found = roles.iter().position(|r| *r == Role::Date).or_else(|| {
        // A note after the date (「（此件公开发布）」) hides it from the outline: look for it.
        (last_heading..paras.len()).rev().find(|&i| !paras[i].in_table && outline::date_like().is_match(&paras[i].text))
    });
    let Some(i) = found else {
        out.push(Finding::new("date.missing", "没有成文日期：应在署名下一行写「2026年11月20日」这样的日期"));
        return;
    };
    let p = &paras[i];
    let t = p.text.trim();
    let padded = t.contains("年0") || t.contains("月0");
    if !outline::date_line().is_match(t) || padded {
        let suggestion = arabic_date(t).map_or(String::new(), |d| format!("，即「{d}」"));
        out.push(Finding::new("date.format", format!("成文日期应用阿拉伯数字写全年月日、不编虚位，如「2026年11月20日」{suggestion}")).at(docx, i));
    }
    let right = matches!(p.jc.as_deref(), Some("right" | "end"));
    let inset = p.ind.right_chars.is_some_and(|c| (c - 400).abs() <= 10) || p.ind.right.is_some_and(|r| (r - DATE_INSET).abs() <= 60);
    if !(right && inset) {
        out.push(Finding::new("date.position", "成文日期应居右、右空 4 字（在署名之下）").at(docx, i));
    }
}

/// 「2026-11-20」「二〇二六年十一月二十日」「2026年01月05日」 → 「2026年11月20日」.
fn arabic_date(t: &str) -> Option<String> {
    let parts: Vec<u64> = t
        .split(|c: char| matches!(c, '年' | '月' | '日' | '.' | '/' | '-') || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u64>().ok().or_else(|| {
                let digits: String = s.chars().filter_map(|c| "〇一二三四五六七八九".chars().position(|d| d == c || c == '○' && d == '〇' || c == '零' && d == '〇')).map(|d| char::from(b'0' + d as u8)).collect();
                if s.chars().count() == 4 && digits.chars().count() == 4 { digits.parse().ok() } else { parse_chinese_number(s) }
            })
        })
        .collect::<Option<Vec<u64>>>()?;
    match parts[..] {
        [y, m, d] if (1..=12).contains(&m) && (1..=31).contains(&d) && y >= 1000 => Some(format!("{y}年{m}月{d}日")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_arabic_numerals() {
        assert_eq!(arabic_date("2026-11-20").as_deref(), Some("2026年11月20日"));
        assert_eq!(arabic_date("二〇二六年十一月二十日").as_deref(), Some("2026年11月20日"));
        assert_eq!(arabic_date("2026年01月05日").as_deref(), Some("2026年1月5日"));
        assert_eq!(arabic_date("某年某月"), None);
    }
}
