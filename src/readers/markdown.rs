//! Markdown (.md): headings, paragraphs, lists, block quotes, pipe tables.
//!
//! Hand-written rather than pulldown-cmark: a report typed in Markdown uses a handful of
//! constructs, and what the structure reader needs from them is flat (a paragraph's text,
//! its heading level or list mark, its first line). A line reader gives the line numbers
//! directly, stays linear however the blocks nest (a line of 10,000 `>` is stripped in one
//! pass, never recursed into), and adds no dependency. Inline marks (`**`, `*`, `` ` ``) are
//! dropped; a link keeps its text and address (「文字（地址）」, so that an advert address is
//! still seen and removed); an image is a [`Note`]. A fenced code block's lines are kept as
//! paragraphs: nothing typed is dropped.

use super::raw::{Hint, Location, Note, RawBlock, RawDocument, RawParagraph, RawTable};
use crate::limits::MAX_DOCX_PARAGRAPHS;

/// Reads a Markdown file's bytes (any encoding `render` accepts).
pub fn read(bytes: &[u8]) -> Result<RawDocument, String> {
    let text = super::text::decode(bytes)?;
    let mut reader = Reader::default();
    let unified = text.replace("\r\n", "\n");
    for (i, line) in unified.split(['\n', '\r']).enumerate() {
        reader.line(line, i + 1);
        if reader.doc.blocks.len() > MAX_DOCX_PARAGRAPHS {
            return Err(format!("段落太多：超过 {MAX_DOCX_PARAGRAPHS} 段（第 {} 行），不像是一份报告", i + 1));
        }
    }
    reader.flush();
    if reader.doc.blocks.is_empty() {
        return Err("文件中没有文字".into());
    }
    Ok(reader.doc)
}

#[derive(Default)]
struct Reader {
    doc: RawDocument,
    /// The paragraph being read: its lines so far, hint and first line.
    para: Option<(String, Option<Hint>, usize)>,
    table: Option<RawTable>,
    /// Inside a fenced code block (its fence).
    fence: Option<String>,
}

impl Reader {
    fn line(&mut self, raw: &str, n: usize) {
        if let Some(fence) = &self.fence {
            if raw.trim_start().starts_with(fence.as_str()) {
                self.fence = None;
            } else if !raw.trim().is_empty() {
                self.doc.push_paragraph(raw.trim_end(), Location::line(n));
            }
            return;
        }
        let line = strip_quotes(raw).trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            self.flush();
            self.fence = Some(line[..3].to_owned());
            return;
        }
        if line.is_empty() {
            self.flush();
            return;
        }
        if line.starts_with('|') {
            self.flush_para();
            let table = self.table.get_or_insert_with(|| RawTable { rows: Vec::new(), at: Location::line(n) });
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let rule = cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
            if !rule {
                table.rows.push(cells.into_iter().map(|c| inline(c, &mut self.doc.notes, n)).collect());
            }
            return;
        }
        self.flush_table();
        if is_rule(line) {
            // A setext underline makes the paragraph above a heading; otherwise a break.
            if let Some((_, hint @ None, _)) = &mut self.para {
                *hint = Some(if line.starts_with('=') { Hint::Heading(1) } else { Hint::Heading(2) });
            }
            self.flush();
            return;
        }
        if let Some((level, text)) = atx_heading(line) {
            self.flush();
            self.para = Some((inline(text, &mut self.doc.notes, n), Some(Hint::Heading(level)), n));
            self.flush();
            return;
        }
        if let Some((ordered, text)) = list_item(line) {
            self.flush();
            self.para = Some((inline(text, &mut self.doc.notes, n), Some(Hint::ListItem { ordered }), n));
            return;
        }
        let text = inline(line, &mut self.doc.notes, n);
        match &mut self.para {
            Some((para, _, _)) => {
                // Lines of one paragraph join without a space between Chinese characters.
                let ascii = para.ends_with(|c: char| c.is_ascii_alphanumeric()) && text.starts_with(|c: char| c.is_ascii_alphanumeric());
                if ascii {
                    para.push(' ');
                }
                para.push_str(&text);
            }
            None => self.para = Some((text, None, n)),
        }
    }

    fn flush_para(&mut self) {
        if let Some((text, hint, n)) = self.para.take() {
            if !text.trim().is_empty() {
                self.doc.blocks.push(RawBlock::Paragraph(RawParagraph { text, hint, align: None, at: Location::line(n) }));
            }
        }
    }

    fn flush_table(&mut self) {
        if let Some(t) = self.table.take() {
            if !t.rows.is_empty() {
                self.doc.blocks.push(RawBlock::Table(t));
            }
        }
    }

    fn flush(&mut self) {
        self.flush_para();
        self.flush_table();
    }
}

/// The line without its block-quote marks (`> > text`), in one pass.
fn strip_quotes(line: &str) -> &str {
    line.trim_start_matches(['>', ' ', '\t'])
}

fn is_rule(line: &str) -> bool {
    let c = line.chars().next().unwrap_or(' ');
    matches!(c, '-' | '=' | '*' | '_') && line.chars().filter(|&x| x == c).count() >= 3 && line.chars().all(|x| x == c || x == ' ')
}

fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((hashes as u8, rest.trim().trim_end_matches('#').trim_end()))
}

/// `- text`, `* text`, `+ text`, `1. text`, `1) text`.
fn list_item(line: &str) -> Option<(bool, &str)> {
    for mark in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(mark) {
            return Some((false, rest.trim_start()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, r.trim_start()));
        }
    }
    None
}

/// Inline marks removed: `**`/`__`/`*`/`` ` ``, `[text](url)` → 「text（url）」, `![alt](src)` → a note.
fn inline(text: &str, notes: &mut Vec<Note>, n: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['[', '!', '*', '`', '_', '\\']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(escaped) = tail.strip_prefix('\\').and_then(|t| t.chars().next()).filter(|c| c.is_ascii_punctuation()) {
            out.push(escaped);
            rest = &tail[1 + escaped.len_utf8()..];
            continue;
        }
        let image = tail.starts_with("![");
        if let Some((label, url, len)) = link(if image { &tail[1..] } else { tail }) {
            if image {
                notes.push(Note { what: format!("图片「{}」（{url}）没有读入", if label.is_empty() { "无说明" } else { label }), at: Location::line(n) });
            } else if label == url || url.is_empty() {
                out.push_str(label);
            } else {
                out.push_str(label);
                out.push('（');
                out.push_str(url);
                out.push('）');
            }
            rest = &tail[len + usize::from(image)..];
            continue;
        }
        let c = tail.chars().next().expect("found");
        // `*`, `_` and `` ` `` are marks in Markdown; inside a word (snake_case) `_` is kept.
        let keep = c == '!' || c == '[' || c == '\\' || (c == '_' && out.ends_with(|x: char| x.is_ascii_alphanumeric()));
        if keep {
            out.push(c);
        }
        rest = &tail[c.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// `[label](url)` at the start of `s`: label, url and the bytes taken. The label and the
/// address are looked for within [`MAX_LINK_BYTES`] only, so that a line of many `[` is
/// read in linear time.
fn link(s: &str) -> Option<(&str, &str, usize)> {
    let s2 = s.strip_prefix('[')?;
    let close = head(s2).find(']')?;
    let after = &s2[close + 1..];
    let inner = after.strip_prefix('(')?;
    let end = head(inner).find(')')?;
    Some((&s2[..close], inner[..end].trim(), 1 + close + 1 + 1 + end + 1))
}

/// Longest label or address of a link.
const MAX_LINK_BYTES: usize = 1000;

/// The first [`MAX_LINK_BYTES`] of `s` (at a character boundary).
fn head(s: &str) -> &str {
    let mut end = s.len().min(MAX_LINK_BYTES);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(doc: &RawDocument) -> Vec<(String, Option<Hint>, usize)> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                RawBlock::Paragraph(p) => Some((p.text.clone(), p.hint, p.at.index)),
                RawBlock::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_lists_and_tables() {
        let md = "# 青石镇工作总结\n\n## 一、基本情况\n\n全镇**有村** 9 个，\n党员 300 名。\n\n- 一是抓学习\n- 二是抓制度\n\n| 村 | 党员 |\n|---|---|\n| 东村 | 40 |\n\n![照片](a.png)\n详见[县政府网](http://www.x.gov.cn)。\n";
        let doc = read(md.as_bytes()).unwrap();
        assert_eq!(
            paras(&doc),
            [
                ("青石镇工作总结".to_owned(), Some(Hint::Heading(1)), 1),
                ("一、基本情况".to_owned(), Some(Hint::Heading(2)), 3),
                ("全镇有村 9 个，党员 300 名。".to_owned(), None, 5),
                ("一是抓学习".to_owned(), Some(Hint::ListItem { ordered: false }), 8),
                ("二是抓制度".to_owned(), Some(Hint::ListItem { ordered: false }), 9),
                ("详见县政府网（http://www.x.gov.cn）。".to_owned(), None, 15),
            ]
        );
        let tables: Vec<_> = doc.blocks.iter().filter_map(|b| if let RawBlock::Table(t) = b { Some(t.rows.clone()) } else { None }).collect();
        assert_eq!(tables, [vec![vec!["村".to_owned(), "党员".to_owned()], vec!["东村".to_owned(), "40".to_owned()]]]);
        assert_eq!(doc.notes.len(), 1);
        assert!(doc.notes[0].what.contains("照片"), "{:?}", doc.notes);
    }

    #[test]
    fn deep_nesting_is_one_pass() {
        let md = ">".repeat(100_000) + " 正文\n\n" + &"  ".repeat(10_000) + "- 条目\n\n" + &"[".repeat(100_000) + "](";
        let doc = read(md.as_bytes()).unwrap();
        let p = paras(&doc);
        assert_eq!((p[0].0.as_str(), p[1].0.as_str(), p[2].0.len()), ("正文", "条目", 100_002));
    }
}
